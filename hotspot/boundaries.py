"""Boundary layers: disputed territories, control lines and administrative units.

Three ways to get boundaries:

* **bundled**: the OCHA COD-AB admin units of Iraq (:func:`load_admin`,
  :func:`country_outline`), the disputed territories dissolved from them
  (:func:`load_disputed_territories`) after the Article 140 district list
  (:func:`load_disputed_districts`), the schematic October 2017 control
  lines (:func:`load_control_lines`), and offline reference layers for maps
  (:func:`load_reference_layers`: towns, rivers, lakes, dams, neighbours);
* **your own files** in any CRS: an OCHA COD-AB or geoBoundaries admin layer
  (:func:`read_admin`), from which :func:`disputed_from_admin` builds
  authoritative disputed-territory polygons, or your own control lines
  (:func:`read_control_line`);
* **download** of geoBoundaries Iraq on first use (:func:`fetch_admin`).

Every reader checks its layer and raises :class:`~hotspot.errors.CRSError` or
:class:`~hotspot.errors.BoundaryError` naming the file, the field and the
expected form. Results are EPSG:4326 (lon/lat) GeoDataFrames.

Examples
--------
>>> territories = load_disputed_territories()
>>> "Kirkuk" in set(territories["name"])
True
>>> sorted(load_control_lines()["side"])
['federal', 'krg']
"""

from __future__ import annotations

import copy
import functools
import re
import warnings
from collections.abc import Iterable
from os import PathLike

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspot._admin import ADMIN_LEVELS, admin_simplification, country_outline, load_admin
from hotspot._admin_names import match_units
from hotspot._cache import cache_dir
from hotspot._data import data_path
from hotspot._layers import LINE, POLYGON, check_layers, read_layer
from hotspot._reference import ReferenceLayers, load_reference_layers
from hotspot.errors import BoundaryError

__all__ = [
    "ADMIN_COLUMNS",
    "ADMIN_LEVELS",
    "GEOBOUNDARIES_COMMIT",
    "GEOBOUNDARIES_SHA256",
    "SIDES",
    "ReferenceLayers",
    "country_outline",
    "disputed_from_admin",
    "fetch_admin",
    "load_admin",
    "load_control_lines",
    "load_disputed_districts",
    "load_disputed_territories",
    "load_reference_layers",
    "read_admin",
    "read_control_line",
]

#: Sides of the front a control line or area can belong to.
SIDES: tuple[str, ...] = ("federal", "krg")

#: Columns of the normalised admin schema returned by :func:`read_admin`.
ADMIN_COLUMNS: tuple[str, ...] = (
    "level",
    "name",
    "pcode",
    "alt_names",
    "adm1_name",
    "adm2_name",
    "adm1_pcode",
    "adm2_pcode",
    "geometry",
)

#: geoBoundaries commit the download URLs are pinned to (gbOpen release data).
GEOBOUNDARIES_COMMIT = "ea5b27e7aa608eb6827f2cc76620a5b21acc5962"
_GEOBOUNDARIES_URL = (
    "https://github.com/wmgeolab/geoBoundaries/raw/{commit}/releaseData/gbOpen/IRQ/"
    "ADM{level}/geoBoundaries-IRQ-ADM{level}.geojson"
)
#: sha256 of each pinned geoBoundaries file, by level, as recorded in the Git LFS
#: pointers of :data:`GEOBOUNDARIES_COMMIT` (the files are stored in LFS). gbOpen has
#: no ADM3 layer for Iraq: use an OCHA COD-AB ADM3 file with :func:`read_admin`.
GEOBOUNDARIES_SHA256: dict[int, str] = {
    1: "sha256:46d8f06677bada1b7d85905c98bc36b489267dd9d573badbfe4f7810ae46371b",
    2: "sha256:094eebe88707f9b845bf1132cc73c4c74eee318394f49cbaa22bc50f911b1b22",
}


# --------------------------------------------------------------------------- readers


def _source_name(data: object) -> str:
    if isinstance(data, (str, PathLike)):
        return str(data)
    return f"<{type(data).__name__}>"


def _read_frame(data: object, *, argument: str) -> gpd.GeoDataFrame:
    """Read a path (GeoJSON, GeoPackage, Shapefile) or copy a GeoDataFrame/GeoSeries."""
    frame = read_layer(data, argument=argument)
    return frame if isinstance(data, str | PathLike) else frame.copy()


def _check_layer(frame: gpd.GeoDataFrame, *, source: str, kinds: Iterable[str]) -> gpd.GeoDataFrame:
    """Check a layer by the one policy of :mod:`hotspot._layers`, in Iraq; return it in EPSG:4326.

    ``kinds`` lists the accepted geometry families ("Polygon", "LineString").
    """
    families = {"Polygon": POLYGON, "LineString": LINE}
    allowed = frozenset().union(*(families[kind] for kind in kinds))
    frame = check_layers({source: frame}, {source: allowed}, in_iraq=True, stacklevel=4)[source]
    return frame.to_crs(4326)


# --------------------------------------------------------------------------- bundled


@functools.cache
def _bundled(name: str) -> gpd.GeoDataFrame:
    frame = gpd.read_file(data_path(f"boundaries/{name}"), engine="pyogrio")
    return frame.set_crs(4326, allow_override=True)


@functools.cache
def _territories() -> gpd.GeoDataFrame:
    units = load_admin(3)
    dataset = units.attrs["dataset"]
    result = disputed_from_admin(read_admin(units))
    if result.attrs["unmatched"]:  # the list carries OCHA p-codes: every row must match
        raise BoundaryError(
            f"boundaries/disputed_districts.csv: {result.attrs['unmatched']} match no bundled "
            "sub-district; fix their p-codes"
        )
    result["source"] = (
        f"{dataset['citation']}: the listed districts (Mandali: its sub-district) dissolved "
        "from the bundled sub-districts"
    )
    result["accuracy_km"] = admin_simplification()["max_shift_km"]
    result.attrs = {"dataset": dict(dataset), "unmatched": []}
    return result


def load_disputed_territories() -> gpd.GeoDataFrame:
    """Return the disputed-territory polygons, dissolved from the bundled OCHA units.

    One polygon per territory of :func:`load_disputed_districts`: the union of
    its districts (the Mandali sub-district for Mandali) on the bundled OCHA
    COD-AB layer (:func:`load_admin`), matched by p-code. Exact by admin unit;
    the edges are within ``accuracy_km`` (the simplification's largest shift,
    about 0.2 km) of the full-resolution OCHA boundaries.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``id``, ``name``, ``governorate``, ``districts`` and ``pcodes``
        (the units dissolved, pipe-separated), ``source``, ``schematic``
        (False), ``accuracy_km`` and ``geometry`` (EPSG:4326);
        ``attrs["dataset"]`` names the OCHA source. A new copy on every call.

    See Also
    --------
    disputed_from_admin : the same from another admin layer.

    Examples
    --------
    >>> t = load_disputed_territories()
    >>> t.crs.to_epsg(), bool(t["schematic"].any())
    (4326, False)
    >>> t.set_index("name").loc["Kirkuk", "pcodes"]
    'IQG13Q04|IQG13Q01|IQG13Q02|IQG13Q03'
    """
    frame = _territories()
    out = frame.copy()
    out.attrs = copy.deepcopy(frame.attrs)
    return out


def load_control_lines(side: str | None = None) -> gpd.GeoDataFrame:
    """Return the bundled schematic control lines after October 2017.

    Parameters
    ----------
    side : {"federal", "krg"}, optional
        Return only the forward line of the Iraqi federal forces or of the
        Peshmerga (KRG). All lines when omitted.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``id``, ``side``, ``name``, ``as_of``, ``source``, ``schematic``,
        ``accuracy_km`` and ``geometry`` (LineString, EPSG:4326).

    Raises
    ------
    ValueError
        If ``side`` is not one of :data:`SIDES`.

    Examples
    --------
    >>> load_control_lines("krg")["side"].tolist()
    ['krg']
    """
    lines = _bundled("control_lines.geojson").copy()
    if side is None:
        return lines
    _check_side(side, argument="side")
    return lines[lines["side"] == side].copy()


@functools.cache
def _districts() -> pd.DataFrame:
    return pd.read_csv(
        data_path("boundaries/disputed_districts.csv"),
        dtype=str,
        keep_default_na=False,
        encoding="utf-8",
    )


def load_disputed_districts() -> pd.DataFrame:
    """Return the Article 140 district list (``boundaries/disputed_districts.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns ``territory``, ``governorate``, ``district``, ``scope``,
        ``sources``, ``notes`` (text); one row per district or sub-district.

    Examples
    --------
    >>> d = load_disputed_districts()
    >>> d.loc[d["territory"] == "Kirkuk", "district"].tolist()
    ['Kirkuk', 'Hawija', 'Daquq', 'Dibis']
    """
    return _districts().copy()


def _check_side(side: object, *, argument: str) -> str:
    if side not in SIDES:
        raise ValueError(f"{argument}: {side!r} is not a side; expected one of {list(SIDES)}")
    return str(side)


def read_control_line(
    data: str | PathLike[str] | gpd.GeoDataFrame | gpd.GeoSeries, *, side: str
) -> gpd.GeoDataFrame:
    """Read a control line (or controlled-area polygon) layer for one side.

    Parameters
    ----------
    data : path or GeoDataFrame
        A GeoJSON, GeoPackage or Shapefile path, or a GeoDataFrame, in any CRS,
        of LineString/MultiLineString (a forward line) or Polygon/MultiPolygon
        (an area held by that side) features.
    side : {"federal", "krg"}
        The side the layer belongs to; written to the ``side`` column.

    Returns
    -------
    geopandas.GeoDataFrame
        The features in EPSG:4326 with a ``side`` column, on the input index.

    Raises
    ------
    ValueError
        If ``side`` is not one of :data:`SIDES`.
    hotspot.errors.CRSError
        If the layer has no CRS, projected coordinates are labelled EPSG:4326,
        or lon/lat are swapped.
    hotspot.errors.BoundaryError
        If the layer is empty, has other geometry types or lies outside Iraq.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> line = gpd.GeoDataFrame(
    ...     geometry=[shapely.LineString([(44.0, 35.8), (44.6, 35.5)])], crs=4326)
    >>> read_control_line(line, side="krg")["side"].tolist()
    ['krg']
    """
    _check_side(side, argument="side")
    source = _source_name(data)
    frame = _read_frame(data, argument=side)
    frame = _check_layer(frame, source=source, kinds=("LineString", "Polygon"))
    frame["side"] = side
    return frame


# --------------------------------------------------------------------------- admin


def _text(series: pd.Series) -> pd.Series:
    """Return stripped text, None for missing or blank values (object dtype)."""
    values = [
        None if missing or str(v).strip() == "" else str(v).strip()
        for v, missing in zip(series, series.isna(), strict=True)
    ]
    return pd.Series(values, index=series.index, dtype=object)


def _detect_convention(columns: list[str]) -> tuple[str, list[int]]:
    if {"level", "name", "pcode"} <= set(columns):
        return "hotspot", []
    ocha = sorted(
        int(m.group(1)) for c in columns if (m := re.fullmatch(r"ADM(\d)_EN", c, re.IGNORECASE))
    )
    if ocha:
        return "ocha", ocha
    if "shapeName" in columns:
        return "geoboundaries", []
    gadm = sorted(int(m.group(1)) for c in columns if (m := re.fullmatch(r"NAME_(\d)", c)))
    if gadm:
        return "gadm", gadm
    return "unknown", []


def read_admin(
    data: str | PathLike[str] | gpd.GeoDataFrame, *, level: int | None = None
) -> gpd.GeoDataFrame:
    """Read an administrative boundary layer into one schema.

    Understands OCHA COD-AB conventions (``ADMn_EN``, ``ADMn_PCODE``,
    ``ADMnALT1EN``/``ADMnALT2EN``, ``ADMn_AR`` and the parent levels, in upper or
    lower case, so also the bundled :func:`load_admin` layers), geoBoundaries
    (``shapeName``, ``shapeISO``, ``shapeID``, ``shapeType``), GADM (``NAME_n``,
    ``GID_n``, ``VARNAME_n``) and its own output, which it checks and returns
    unchanged (so ``read_admin(read_admin(path))`` works).

    Parameters
    ----------
    data : path or GeoDataFrame
        GeoJSON, GeoPackage or Shapefile path, or a GeoDataFrame, in any CRS.
    level : {0, 1, 2, 3}, optional
        The administrative level (1 = governorate, 2 = district, 3 =
        sub-district). Detected from the columns when omitted (the deepest
        ``ADMn_EN``/``NAME_n`` column, or geoBoundaries' ``shapeType``).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`ADMIN_COLUMNS`: ``level`` (int), ``name``, ``pcode``,
        ``alt_names`` (pipe-separated or None), ``adm1_name`` and ``adm2_name``
        (parent names where the layer has them, else None), ``adm1_pcode`` and
        ``adm2_pcode`` (parent p-codes, likewise) and ``geometry`` (EPSG:4326),
        on the input index.

    Raises
    ------
    hotspot.errors.BoundaryError
        If the name column for the level is missing, the level is unknown, or
        the layer is empty, invalid beyond repair or outside Iraq.
    hotspot.errors.CRSError
        If the CRS is missing or wrong (projected values labelled EPSG:4326,
        swapped lon/lat).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> layer = gpd.GeoDataFrame(
    ...     {"ADM1_EN": ["Kirkuk"], "ADM2_EN": ["Daquq"], "ADM2_PCODE": ["X1"]},
    ...     geometry=[shapely.box(44.3, 35.0, 44.6, 35.2)], crs="EPSG:4326")
    >>> read_admin(layer)[["level", "name", "pcode", "adm1_name"]].values.tolist()
    [[2, 'Daquq', 'X1', 'Kirkuk']]
    >>> read_admin(load_admin(3))["name"].size  # the bundled sub-districts
    294
    """
    source = _source_name(data)
    frame = _read_frame(data, argument="data")
    columns = [str(c) for c in frame.columns]
    convention, levels = _detect_convention(columns)
    if level is not None and level not in ADMIN_LEVELS:
        raise BoundaryError(
            f"level: {level!r} is not an admin level; expected one of {ADMIN_LEVELS}"
        )
    if convention == "unknown":
        raise BoundaryError(
            f"{source}: no admin name column found (columns: {columns}); expected OCHA "
            "COD-AB 'ADMn_EN' (e.g. ADM2_EN), geoBoundaries 'shapeName', GADM 'NAME_n' or "
            f"the read_admin schema {list(ADMIN_COLUMNS)}"
        )
    frame = _check_layer(frame, source=source, kinds=("Polygon",))
    if convention == "hotspot":
        return _own_schema(frame, source=source, level=level)
    by_upper = {c.upper(): c for c in columns}
    out = gpd.GeoDataFrame(index=frame.index)

    def col(name: str) -> pd.Series:
        if name.upper() in by_upper:
            return _text(frame[by_upper[name.upper()]])
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)

    def alts(names: list[str]) -> pd.Series:
        present = [n for n in names if n.upper() in by_upper]
        if not present:
            return col("__none__")
        values = zip(*(col(n).tolist() for n in present), strict=True)
        joined = ["|".join(v for v in row if isinstance(v, str) and v) or None for row in values]
        return pd.Series(joined, index=frame.index, dtype=object)

    if convention in ("ocha", "gadm"):
        n = levels[-1] if level is None else level
        name_col = f"ADM{n}_EN" if convention == "ocha" else f"NAME_{n}"
        if name_col.upper() not in by_upper:
            raise BoundaryError(
                f"{source}: missing name column {name_col!r} for level {n} (columns: {columns})"
            )
        if convention == "ocha":
            pcode = col(f"ADM{n}_PCODE")
            alt = alts(
                [f"ADM{n}ALT1EN", f"ADM{n}ALT2EN", f"ADM{n}_ALT_EN", f"ADM{n}_AR", f"ADM{n}_ALT_AR"]
            )
            parent = {k: (col(f"ADM{k}_EN"), col(f"ADM{k}_PCODE")) for k in (1, 2)}
        else:
            pcode = col(f"GID_{n}")
            alt = alts([f"VARNAME_{n}", f"NL_NAME_{n}"])
            parent = {k: (col(f"NAME_{k}"), col(f"GID_{k}")) for k in (1, 2)}
        out["level"] = n
        out["name"] = col(name_col)
        out["pcode"] = pcode
        out["alt_names"] = alt
        for k in (1, 2):
            out[f"adm{k}_name"] = parent[k][0] if n > k else None
            out[f"adm{k}_pcode"] = parent[k][1] if n > k else None
    else:
        detected = None
        if "shapeType" in frame.columns:
            kinds = set(col("shapeType").dropna())
            found = {int(k[3:]) for k in kinds if re.fullmatch(r"ADM\d", str(k))}
            detected = found.pop() if len(found) == 1 else None
        n = level if level is not None else detected
        if n is None:
            raise BoundaryError(
                f"{source}: cannot tell the admin level of this geoBoundaries layer (no "
                "single 'shapeType' such as 'ADM2'); pass level=1, 2 or 3"
            )
        iso = col("shapeISO")
        out["level"] = n
        out["name"] = col("shapeName")
        out["pcode"] = iso.where(iso.notna(), col("shapeID"))
        out["alt_names"] = None
        for k in (1, 2):
            out[f"adm{k}_name"] = None
            out[f"adm{k}_pcode"] = None
    if out["name"].isna().any():
        bad = out.index[out["name"].isna()].tolist()
        raise BoundaryError(
            f"{source}: {len(bad)} feature(s) have an empty name (rows {bad[:20]}); every "
            "admin unit needs a name"
        )
    out["level"] = out["level"].astype(int)
    out = out.set_geometry(frame.geometry.values, crs=4326)
    return out[list(ADMIN_COLUMNS)]


def _own_schema(frame: gpd.GeoDataFrame, *, source: str, level: int | None) -> gpd.GeoDataFrame:
    """Check a layer already in the read_admin schema and return it in that schema."""
    out = frame.copy()
    for column in ADMIN_COLUMNS:
        if column not in out.columns:  # parent p-codes: absent from older outputs
            out[column] = None
    levels = set(pd.to_numeric(out["level"], errors="coerce").dropna().astype(int))
    if not levels or not levels <= set(ADMIN_LEVELS) or out["level"].isna().any():
        raise BoundaryError(
            f"{source}: column 'level' holds {sorted(set(out['level'].astype(str)))}; "
            f"expected one of {list(ADMIN_LEVELS)} in every row"
        )
    if level is not None and levels != {level}:
        raise BoundaryError(f"{source}: the layer is level {sorted(levels)}, not level {level}")
    for column in ADMIN_COLUMNS:
        if column not in ("level", "geometry"):
            out[column] = _text(out[column])
    if out["name"].isna().any():
        bad = out.index[out["name"].isna()].tolist()
        raise BoundaryError(
            f"{source}: {len(bad)} feature(s) have an empty name (rows {bad[:20]}); every "
            "admin unit needs a name"
        )
    out["level"] = out["level"].astype(int)
    return out[list(ADMIN_COLUMNS)]


def fetch_admin(level: int, *, progress: bool = False) -> gpd.GeoDataFrame:
    """Download geoBoundaries Iraq at ``level`` on first use and read it.

    The file comes from the geoBoundaries gbOpen release (CC BY 4.0) pinned to
    :data:`GEOBOUNDARIES_COMMIT` and is kept in the user cache
    (``pooch.os_cache("hotspot")``, or the folder in the ``HOTSPOT_CACHE``
    environment variable); later calls read the cached copy. The download is
    checked against :data:`GEOBOUNDARIES_SHA256` where a hash is pinned.

    Parameters
    ----------
    level : {1, 2}
        1 = governorates, 2 = districts. geoBoundaries gbOpen has no Iraqi
        sub-district (ADM3) layer; read an OCHA COD-AB ADM3 file with
        :func:`read_admin` instead.
    progress : bool, default False
        Show a download progress bar (needs tqdm).

    Returns
    -------
    geopandas.GeoDataFrame
        The layer in the :func:`read_admin` schema.

    Raises
    ------
    ValueError
        If ``level`` is not 1 or 2.
    hotspot.errors.BoundaryError
        If the file cannot be downloaded (no network): the message says how to
        download it by hand and pass it to :func:`read_admin`.

    Examples
    --------
    >>> fetch_admin(3)
    Traceback (most recent call last):
    ...
    ValueError: level: 3 is not downloadable; expected one of [1, 2] ...
    """
    if level not in GEOBOUNDARIES_SHA256:
        raise ValueError(
            f"level: {level!r} is not downloadable; expected one of "
            f"{sorted(GEOBOUNDARIES_SHA256)} (geoBoundaries gbOpen has no Iraqi ADM3 layer: "
            "read an OCHA COD-AB ADM3 file with read_admin instead)"
        )
    import pooch  # lazy: only a download needs it

    url = _GEOBOUNDARIES_URL.format(commit=GEOBOUNDARIES_COMMIT, level=level)
    fname = f"geoBoundaries-IRQ-ADM{level}-{GEOBOUNDARIES_COMMIT[:8]}.geojson"
    try:
        path = pooch.retrieve(
            url,
            known_hash=GEOBOUNDARIES_SHA256[level],
            fname=fname,
            path=cache_dir(),
            progressbar=progress,
        )
    except Exception as exc:  # requests/pooch raise many kinds of network errors
        raise BoundaryError(
            f"could not download geoBoundaries Iraq ADM{level} from {url} ({exc}). Without "
            "network access, download that file by hand on a connected machine and read it "
            f"with hotspot.boundaries.read_admin('geoBoundaries-IRQ-ADM{level}.geojson'), or "
            "use an OCHA COD-AB Iraq layer (HDX 'cod-ab-irq') the same way"
        ) from exc
    return read_admin(path, level=level)


# --------------------------------------------------------------------------- matching


def disputed_from_admin(
    admin: str | PathLike[str] | gpd.GeoDataFrame,
) -> gpd.GeoDataFrame:
    """Build disputed-territory polygons from an authoritative admin layer.

    Each district (or sub-district) of :func:`load_disputed_districts` is
    matched to units of ``admin``: by the list's OCHA p-code when the layer
    carries p-codes (a district's p-code finds its sub-districts on a level-3
    layer), otherwise by name through :mod:`hotspot._normalize` (case,
    diacritics, article and transliteration folding) within the same
    governorate when the layer names governorates. Matched units are dissolved
    per territory. Districts listed with a sub-district scope (Mandali) need a
    level-3 layer; on a district layer they are reported unmatched rather than
    replaced by the whole district.

    Parameters
    ----------
    admin : path or GeoDataFrame
        A district (level 2) or sub-district (level 3) layer, raw (OCHA,
        geoBoundaries, GADM) or already read with :func:`read_admin`.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per territory with at least one match: ``id``, ``name``,
        ``governorate``, ``districts`` and ``pcodes`` (the matched districts,
        or sub-districts for a sub-district scope, pipe-separated), ``source``,
        ``schematic`` (False) and ``geometry``
        (EPSG:4326). ``attrs["unmatched"]`` lists the ``"territory: district"``
        entries that found no unit.

    Warns
    -----
    UserWarning
        When some listed districts could not be matched (also in
        ``attrs["unmatched"]``).

    Raises
    ------
    hotspot.errors.BoundaryError
        If the layer is not level 2 or 3, or unreadable (see :func:`read_admin`).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> layer = gpd.GeoDataFrame(
    ...     {"ADM1_EN": ["Ninewa", "Ninewa"], "ADM2_EN": ["Sinjar", "Al-Mosul"]},
    ...     geometry=[shapely.box(41.5, 36.1, 42.2, 36.5), shapely.box(42.9, 36.2, 43.3, 36.5)],
    ...     crs="EPSG:4326")
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     result = disputed_from_admin(layer)
    >>> result["name"].tolist()
    ['Sinjar']
    """
    if isinstance(admin, gpd.GeoDataFrame) and list(admin.columns) == list(ADMIN_COLUMNS):
        units = admin.copy()
        source = "<admin layer>"
    else:
        source = _source_name(admin)
        units = read_admin(admin)
    levels = set(units["level"].astype(int))
    if not levels <= {2, 3}:
        raise BoundaryError(
            f"{source}: admin level {sorted(levels)}; disputed territories need a district "
            "(level 2) or sub-district (level 3) layer"
        )
    level = max(levels)
    # At level 3 the district of a unit is its adm2_name; at level 2 its own name.
    # Names are matched by the one admin-name rule (hotspot._admin_names).
    district_name = units["adm2_name"] if level == 3 else units["name"]
    district_alts = None if level == 3 else units["alt_names"]
    pcodes = units["pcode"]

    listed = load_disputed_districts()
    has_pcode = "pcode" in listed.columns
    matched: dict[str, list] = {}
    unmatched: list[str] = []
    for row in listed.itertuples(index=False):
        same_gov = units["adm1_name"].isna().to_numpy() | match_units(
            row.governorate, units["adm1_name"], level="governorate"
        )
        sub = row.scope.startswith("sub-district")
        hits = np.zeros(len(units), dtype=bool)
        if has_pcode and row.pcode and pcodes.notna().any():
            hits = (pcodes == row.pcode).to_numpy()
            if not hits.any() and level == 3 and not sub:  # the district's sub-districts
                hits = (units["adm2_pcode"] == row.pcode).to_numpy()
        if not hits.any():
            if sub:
                if level < 3:
                    unmatched.append(f"{row.territory}: {row.scope} ({row.district})")
                    continue
                wanted = row.scope.partition(":")[2].strip() or row.territory
                in_district = district_name.isna().to_numpy() | match_units(
                    row.district, district_name, level="district"
                )
                hits = (
                    match_units(
                        wanted, units["name"], level="subdistrict", alternates=units["alt_names"]
                    )
                    & same_gov
                    & in_district
                )
            else:
                hits = (
                    match_units(
                        row.district, district_name, level="district", alternates=district_alts
                    )
                    & same_gov
                )
        if not hits.any():
            unmatched.append(f"{row.territory}: {row.district}")
            continue
        chosen = units[hits]
        # name a whole district found through its sub-districts by the district
        by_district = level == 3 and not sub and chosen["adm2_name"].notna().all()
        names = chosen["adm2_name" if by_district else "name"]
        codes = chosen["adm2_pcode" if by_district else "pcode"]
        matched.setdefault(row.territory, []).append(
            (row.governorate, np.flatnonzero(hits), list(names), list(codes))
        )

    records = []
    for territory, parts in matched.items():
        idx = np.unique(np.concatenate([p[1] for p in parts]))
        chosen = units.iloc[idx]
        names = [n for p in parts for n in p[2]]
        codes = [c for p in parts for c in p[3] if c]
        records.append(
            {
                "id": re.sub(r"[^a-z0-9]+", "-", territory.lower()).strip("-"),
                "name": territory,
                "governorate": parts[0][0],
                "districts": "|".join(dict.fromkeys(names)),
                "pcodes": "|".join(dict.fromkeys(codes)) or None,
                "source": f"dissolved from {source} (level {level})",
                "schematic": False,
                "geometry": shapely.union_all(chosen.geometry.array),
            }
        )
    result = gpd.GeoDataFrame(
        records,
        columns=[
            "id",
            "name",
            "governorate",
            "districts",
            "pcodes",
            "source",
            "schematic",
            "geometry",
        ],
        geometry="geometry",
        crs=4326,
    )
    result.attrs["unmatched"] = unmatched
    if unmatched:
        warnings.warn(
            f"{source}: {len(unmatched)} listed district(s) matched no admin unit: "
            f"{unmatched}; check the spelling in the layer or pass a level-3 layer for "
            "sub-districts",
            UserWarning,
            stacklevel=2,
        )
    return result
