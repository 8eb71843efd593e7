"""The gazetteer: places of Iraq and its neighbours with names, aliases and positions.

The bundled ``gazetteer.csv`` has one row per place with the columns in
:data:`COLUMNS`. It is read once, validated, cached, and handed out as a copy.
Analysts extend it at run time with a CSV in the same schema or with a plain
location list (an IOM DTM master list, an ACLED location list) through
:func:`read_location_list`, and with the GeoNames dump of Iraq
(:func:`read_geonames`, ``load_gazetteer(geonames=True)``). A row of an extra
table for a place the gazetteer already has (the same name within a few
kilometres) is merged into it rather than added beside it
(:func:`extend_gazetteer`), so that a full location list does not make
``Kirkuk`` ambiguous.

Examples
--------
>>> gaz = load_gazetteer()
>>> sorted(gaz.columns) == sorted(COLUMNS)
True
>>> bool((gaz["feature_type"] == "governorate").sum() >= 18)
True
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable, Iterable
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hotspot._admin import admin_simplification, km_outside_country, load_admin
from hotspot._admin import country_outline as iraq_outline  # alias kept for callers (#10)
from hotspot._admin_names import canonical
from hotspot._data import data_path
from hotspot._geo import haversine_m
from hotspot._geonames import cached_dump, dataset_attrs, dump_rows
from hotspot._normalize import GENERIC_WORDS, TYPE_SUFFIXES, name_keys
from hotspot.errors import GazetteerError

__all__ = [
    "COLUMNS",
    "FEATURE_TYPES",
    "MERGE_KM",
    "extend_gazetteer",
    "iraq_outline",
    "load_gazetteer",
    "read_geonames",
    "read_location_list",
    "validate_gazetteer",
]

#: Columns of a gazetteer, in file order.
COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "feature_type",
    "lat",
    "lon",
    "governorate",
    "district",
    "aliases",
    "source",
    "precision_km",
)

#: The registry of feature types a gazetteer row may have.
FEATURE_TYPES: tuple[str, ...] = (
    "country",
    "region",
    "governorate",
    "district",
    "subdistrict",
    "settlement",
    "neighbourhood",
    "mountain",
    "valley",
    "lake",
    "river",
    "dam",
    "desert",
    "road",
    "bridge",
    "site",
)

# Feature types that may lie outside Iraq (a neighbouring country's centroid,
# a river or road that runs into Syria or Iran).
_MAY_LEAVE_IRAQ = frozenset({"country", "region", "river", "road", "desert"})
#: Leeway (km) beyond a place's precision_km at Iraq's outline: the bundled outline's
#: largest shift from the full-resolution OCHA line (a border crossing stays Iraq's).
_BORDER_KM: float = float(admin_simplification()["max_shift_km"])
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_TEXT_COLUMNS = ("id", "name", "feature_type", "governorate", "district", "aliases", "source")
_MAX_LISTED = 200


def _read_text_csv(path: str | PathLike[str], expected: str) -> pd.DataFrame:
    """Read a UTF-8 CSV as text; an empty or unreadable file raises a GazetteerError.

    ``expected`` says what the file should hold (it ends the message). A missing
    file raises the usual FileNotFoundError, which names the path.
    """
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError as exc:
        raise GazetteerError(f"{path}: the file is empty; expected {expected}") from exc
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise GazetteerError(
            f"{path}: cannot be read as a UTF-8 CSV file ({exc}); expected {expected}"
        ) from exc


def _read_csv(path: str | PathLike[str]) -> pd.DataFrame:
    frame = _read_text_csv(
        path, f"a UTF-8 CSV with a header row naming the columns {', '.join(COLUMNS)}"
    )
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise GazetteerError(
            f"{path}: missing column(s) {', '.join(missing)}; a gazetteer needs the columns "
            f"{', '.join(COLUMNS)}"
        )
    return frame


def _coerce(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn the text columns of a raw table into the typed schema, collecting problems."""
    out = pd.DataFrame(index=frame.index)
    for column in _TEXT_COLUMNS:
        out[column] = frame[column].fillna("").astype(str).str.strip()
    for column in ("lat", "lon", "precision_km"):
        out[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return out[list(COLUMNS)]


def validate_gazetteer(frame: pd.DataFrame, *, source: str = "gazetteer") -> pd.DataFrame:
    """Check a gazetteer table and return it in the typed schema.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with the columns in :data:`COLUMNS` (text or typed).
    source : str, default "gazetteer"
        Name used in the error message, usually the file path.

    Returns
    -------
    pandas.DataFrame
        The table with ``lat``, ``lon`` and ``precision_km`` as floats and the
        text columns stripped.

    Raises
    ------
    GazetteerError
        Listing every bad row (CSV line numbers, the header being line 1): missing
        or out-of-Iraq coordinates, swapped lat/lon, duplicate ids, unknown
        feature types, a district outside its governorate, an unknown governorate.

    Examples
    --------
    >>> import pandas as pd
    >>> bad = pd.DataFrame([{"id": "x", "name": "X", "feature_type": "town", "lat": 44.4,
    ...     "lon": 35.5, "governorate": "", "district": "", "aliases": "", "source": "me",
    ...     "precision_km": 1}])
    >>> validate_gazetteer(bad)
    Traceback (most recent call last):
    ...
    hotspot.errors.GazetteerError: gazetteer: 2 problem(s) in 1 row(s):
      line 2 (id 'x'): feature_type 'town' is not one of ...
      line 2 (id 'x'): lat/lon look swapped (lat=44.4, lon=35.5); lat comes first ...
    """
    return _validate(frame, source=source)


def _line(i: int) -> str:
    return f"line {i + 2}"


def _validate(
    frame: pd.DataFrame, *, source: str, where: Callable[[int], str] = _line
) -> pd.DataFrame:
    """:func:`validate_gazetteer`, with ``where(i)`` naming row ``i`` in messages."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise GazetteerError(
            f"{source}: missing column(s) {', '.join(missing)}; a gazetteer needs the "
            f"columns {', '.join(COLUMNS)}"
        )
    table = _coerce(frame.reset_index(drop=True))
    problems: list[str] = []
    bad_rows: set[int] = set()

    def report(i: int, message: str) -> None:
        bad_rows.add(i)
        problems.append(f"{where(i)} (id {table.at[i, 'id']!r}): {message}")

    governorates = set(table.loc[table["feature_type"] == "governorate", "name"])
    districts = table.loc[table["feature_type"] == "district", ["name", "governorate"]]
    district_gov: dict[str, set[str]] = {}
    for name, gov in districts.itertuples(index=False):
        district_gov.setdefault(name, set()).add(gov)
    governorate_list = ", ".join(sorted(governorates))
    duplicated = table["id"].duplicated(keep=False)
    same_id: dict[str, list[int]] = {}
    for i in np.flatnonzero(duplicated.to_numpy()).tolist():
        same_id.setdefault(table.at[i, "id"], []).append(i)
    inside = np.zeros(len(table), dtype=bool)
    swapped_inside = np.zeros(len(table), dtype=bool)
    finite = table["lat"].notna() & table["lon"].notna()
    if finite.any():
        lat, lon = table.loc[finite, "lat"], table.loc[finite, "lon"]
        spread = pd.to_numeric(table.loc[finite, "precision_km"], errors="coerce").fillna(0.0)
        allowed = spread.to_numpy() + _BORDER_KM
        ok = km_outside_country(lat, lon) <= allowed
        inside[finite.to_numpy()] = ok
        rows = np.flatnonzero(finite.to_numpy())[~ok]  # swapped: asked of the others only
        swapped_inside[rows] = km_outside_country(lon[~ok], lat[~ok]) <= allowed[~ok]

    for i, row in enumerate(table.itertuples(index=False)):
        if not row.id:
            report(i, "id is empty")
        elif not _ID_PATTERN.match(row.id):
            report(i, "id must be lowercase letters, digits, '.' and '-'")
        if duplicated.iat[i] and row.id:
            others = [where(j) for j in same_id[row.id] if j != i]
            shown = ", ".join(others[:5]) + (" …" if len(others) > 5 else "")
            report(i, f"id is used by more than one row (also {shown})")
        if not row.name:
            report(i, "name is empty")
        if row.feature_type not in FEATURE_TYPES:
            report(
                i,
                f"feature_type {row.feature_type!r} is not one of {', '.join(FEATURE_TYPES)}",
            )
        if not finite.iat[i]:
            report(i, "lat/lon missing or not a number")
        elif swapped_inside[i] and not inside[i] and row.feature_type not in _MAY_LEAVE_IRAQ:
            report(
                i,
                f"lat/lon look swapped (lat={row.lat}, lon={row.lon}); lat comes first "
                "(Iraq spans lat 29-37.4, lon 38.8-48.6)",
            )
        elif not inside[i] and row.feature_type not in _MAY_LEAVE_IRAQ:
            report(i, f"point (lat={row.lat}, lon={row.lon}) lies outside Iraq")
        elif not (-90 <= row.lat <= 90 and -180 <= row.lon <= 180):
            report(i, f"lat/lon out of range (lat={row.lat}, lon={row.lon})")
        if not (row.precision_km > 0):
            report(i, "precision_km must be a positive number of kilometres")
        if not row.source:
            report(i, "source is empty: say where the position comes from")
        if row.governorate and governorates and row.governorate not in governorates:
            report(
                i,
                f"governorate {row.governorate!r} is not a governorate row; "
                f"the governorates are {governorate_list}",
            )
        if row.district and row.feature_type != "district" and districts.size:
            if row.district not in district_gov:
                report(i, f"district {row.district!r} is not a district row")
            elif row.governorate not in district_gov[row.district]:
                report(
                    i,
                    f"district {row.district!r} lies in "
                    f"{' / '.join(sorted(district_gov[row.district]))}, "
                    f"not in governorate {row.governorate!r}",
                )
        if row.feature_type == "district" and row.district and row.district != row.name:
            report(i, f"a district row's district must be its own name, not {row.district!r}")

    if problems:
        shown = problems[:_MAX_LISTED]
        more = len(problems) - len(shown)
        tail = f"\n  ... and {more} more" if more else ""
        raise GazetteerError(
            f"{source}: {len(problems)} problem(s) in {len(bad_rows)} row(s):\n  "
            + "\n  ".join(shown)
            + tail
        )
    return table


@functools.cache
def _bundled() -> pd.DataFrame:
    path = data_path("gazetteer.csv")
    return validate_gazetteer(_read_csv(path), source=str(path))


def load_gazetteer(
    path: str | PathLike[str] | None = None,
    *,
    extra: Iterable[pd.DataFrame | str | PathLike[str]] = (),
    geonames: bool | str | PathLike[str] = False,
) -> pd.DataFrame:
    """Load a gazetteer: the bundled one, or a CSV in the same schema, plus extras.

    Parameters
    ----------
    path : str or path-like, optional
        A gazetteer CSV with the columns in :data:`COLUMNS`. Default: the bundled
        ``gazetteer.csv``.
    extra : iterable of DataFrame or path, optional
        More gazetteers (same schema) or location lists already converted by
        :func:`read_location_list`, added by :func:`extend_gazetteer` (a row for a
        place already there is merged into it).
    geonames : bool or path, default False
        Add the places of the GeoNames dump of Iraq (CC BY 4.0): True for the
        dump :func:`hotspot.download.fetch_geonames` keeps in the user cache, or
        the path of ``IQ.zip`` / ``IQ.txt`` downloaded by hand. Its rows are
        converted by :func:`read_geonames` and merged like ``extra`` (the
        bundled ``gn-`` rows are not repeated; a GeoNames place the gazetteer
        has under another id lends it its alternate names, Arabic included).

    Returns
    -------
    pandas.DataFrame
        A fresh copy; changing it does not change the cache. With ``geonames``,
        ``attrs["geonames_report"]`` and ``attrs["dataset"]`` describe the dump.

    Raises
    ------
    GazetteerError
        If a file is empty or not a UTF-8 CSV, or any table breaks the schema
        (see :func:`validate_gazetteer`); the message names the file. With
        ``geonames=True`` when no dump has been downloaded (the message says how).
    FileNotFoundError
        If a path does not exist.

    Examples
    --------
    >>> gaz = load_gazetteer()
    >>> gaz.loc[gaz["id"] == "gov-kirkuk", "name"].item()
    'Kirkuk'
    """
    if path is None:
        base = _bundled().copy()
    else:
        base = validate_gazetteer(_read_csv(path), source=str(path))
    for item in extra:
        base = extend_gazetteer(base, item)
    if geonames is not False:
        if geonames is True:
            found = cached_dump()
            if found is None:
                raise GazetteerError(
                    "geonames=True: no GeoNames dump in the user cache; download it once with "
                    "hotspot.download.fetch_geonames() (or `hotspot fetch geonames`), or pass "
                    "geonames='IQ.zip' for a dump downloaded by hand from "
                    "https://download.geonames.org/export/dump/IQ.zip"
                )
            dump, record = found
            rows = read_geonames(dump, retrieved=record.get("retrieved"), exclude_ids=base["id"])
        else:
            rows = read_geonames(geonames, exclude_ids=base["id"])
        merged = extend_gazetteer(base, rows)
        merged.attrs["geonames_report"] = rows.attrs["geonames_report"]
        merged.attrs["dataset"] = rows.attrs["dataset"]
        merged.attrs["merged"] = rows.attrs.get("merged", merged.attrs.get("merged", {}))
        base = merged
    return base


#: A row of an extra table within this many kilometres of a gazetteer place of
#: the same name (and kind) is that place: :func:`extend_gazetteer` merges it.
MERGE_KM: float = 5.0
#: Kinds of place that may be one place under two rows.
_KIND = {
    "settlement": "populated",
    "neighbourhood": "populated",
    "subdistrict": "populated",
    "district": "populated",
    "governorate": "populated",
}
#: Among same-named places within reach, the one a populated row merges into first.
_MERGE_ORDER = {
    "settlement": 0,
    "neighbourhood": 0,
    "subdistrict": 1,
    "district": 2,
    "governorate": 3,
}


def _spellings(name: str, aliases: str) -> list[str]:
    return [a for a in [name, *str(aliases).split("|")] if a.strip()]


def _merge(combined: pd.DataFrame, n_base: int, merge_km: float) -> tuple[pd.DataFrame, dict]:
    """Merge each extra row into a base row of the same name and kind within ``merge_km``."""
    cores: dict[str, list[int]] = {}
    for i in range(n_base):
        row = combined.iloc[i]
        for spelling in _spellings(row["name"], row["aliases"]):
            core = name_keys(spelling).core
            if core:
                cores.setdefault(core, []).append(i)
    lat = combined["lat"].to_numpy(float)
    lon = combined["lon"].to_numpy(float)
    types = combined["feature_type"].to_numpy(object)
    aliases = combined["aliases"].to_numpy(object).copy()
    merged: dict[str, str] = {}
    drop: list[int] = []
    for j in range(n_base, len(combined)):
        kind = _KIND.get(types[j], types[j])
        own = _spellings(combined.iat[j, 1], aliases[j])
        near: set[int] = set()
        for spelling in own:
            for i in cores.get(name_keys(spelling).core, ()):
                if _KIND.get(types[i], types[i]) == kind and (
                    float(haversine_m(lat[j], lon[j], lat[i], lon[i])) <= merge_km * 1e3
                ):
                    near.add(i)
        if not near:
            continue
        into = min(near, key=lambda i: (_MERGE_ORDER.get(types[i], 0), i))
        have = {a.casefold() for a in _spellings(combined.iat[into, 1], aliases[into])}
        added = [a for a in own if a.casefold() not in have]
        if added:
            aliases[into] = "|".join([*_spellings("", aliases[into]), *added]).strip("|")
        merged[str(combined.iat[j, 0])] = str(combined.iat[into, 0])
        drop.append(j)
    out = combined.assign(aliases=aliases).drop(index=combined.index[drop]).reset_index(drop=True)
    return out, merged


def extend_gazetteer(
    base: pd.DataFrame,
    extra: pd.DataFrame | str | PathLike[str],
    *,
    merge_km: float | None = MERGE_KM,
) -> pd.DataFrame:
    """Add user places to a gazetteer, checking the result as a whole.

    A row of ``extra`` whose name (or an alias) is the name or an alias of a
    base place of the same kind (populated places: settlement, sub-district,
    district, governorate; other types each their own) within ``merge_km`` is
    that place: its new spellings are added to the base row's aliases and it is
    not added as a second row, which would make the name ambiguous (a full IOM
    DTM list holds ``Kirkuk`` and ``Erbil``). Merges are listed in
    ``attrs["merged"]`` (extra id → base id).

    Parameters
    ----------
    base : pandas.DataFrame
        A validated gazetteer.
    extra : pandas.DataFrame or path
        Rows in the gazetteer schema, or the path of such a CSV.
    merge_km : float or None, default MERGE_KM
        How close a same-named place must be to be merged; None adds every row.

    Returns
    -------
    pandas.DataFrame
        A new table; ``base`` is not changed.

    Raises
    ------
    GazetteerError
        If ``extra`` or the combined table breaks the schema (e.g. an id clash);
        rows are named by their line in their own table (``line 3 of extra.csv``,
        ``line 40 of the base gazetteer``).

    Examples
    --------
    >>> import pandas as pd
    >>> gaz = load_gazetteer()
    >>> mine = pd.DataFrame([
    ...     {"id": "user-kp7", "name": "Checkpoint 7", "feature_type": "site", "lat": 35.3,
    ...      "lon": 44.2, "governorate": "Kirkuk", "district": "", "aliases": "CP7",
    ...      "source": "own survey", "precision_km": 0.1},
    ...     {"id": "user-kirkuk", "name": "Kirkuk", "feature_type": "settlement", "lat": 35.47,
    ...      "lon": 44.4, "governorate": "Kirkuk", "district": "", "aliases": "كركوك",
    ...      "source": "own survey", "precision_km": 1}])
    >>> out = extend_gazetteer(gaz, mine)
    >>> len(out) == len(gaz) + 1, out.attrs["merged"]
    (True, {'user-kirkuk': 'gn-94787'})
    """
    if not isinstance(extra, pd.DataFrame):
        source = str(extra)
        extra = _read_csv(extra)
    else:
        source = "extra gazetteer"
    extra = validate_gazetteer(extra, source=source) if len(extra) else extra
    combined = pd.concat([base, extra[list(COLUMNS)]], ignore_index=True)
    n_base = len(base)

    def where(i: int) -> str:
        # each row by its own table's line: an id clash names both sources
        if i < n_base:
            return f"line {i + 2} of the base gazetteer"
        return f"line {i - n_base + 2} of {source}"

    combined = _validate(combined, source=f"gazetteer extended with {source}", where=where)
    merged: dict[str, str] = {}
    if merge_km is not None and len(combined) > n_base:
        combined, merged = _merge(combined, n_base, float(merge_km))
    combined.attrs["merged"] = {**base.attrs.get("merged", {}), **merged}
    return combined


# --------------------------------------------------------------------------- location lists

#: Column names a location list may use for each role, compared lower-case with
#: spaces, hyphens and dots as underscores (``Location Name`` = ``location_name``).
_ROLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "location",
        "location_name",
        "location_name_en",
        "place",
        "place_name",
        "site_name",
        "village",
        "locality",
        "name_en",
    ),
    "lat": ("lat", "latitude", "y", "lat_dd", "latitude_dd"),
    "lon": ("lon", "lng", "long", "longitude", "x", "lon_dd", "longitude_dd"),
    "governorate": ("governorate", "admin1", "adm_1", "adm1", "province", "governorate_name"),
    "district": ("district", "admin2", "adm_2", "adm2", "district_name", "qada"),
    "id": ("location_id", "place_id", "location_code", "id", "pcode"),
    "alias": (
        "arabic_name",
        "location_name_ar",
        "name_ar",
        "arabic",
        "kurdish_name",
        "name_ku",
        "alternate_names",
        "alt_name",
        "aliases",
    ),
}
_SLUG = re.compile(r"[^a-z0-9.]+")
#: Iraq's extent: a point outside it whose swapped coordinates fall inside has them swapped.
_LAT_RANGE, _LON_RANGE = (29.0, 37.5), (38.7, 48.7)


def _column_key(name: object) -> str:
    return re.sub(r"[\s\-.]+", "_", str(name).strip().lower())


def _pick(columns: Iterable[str], wanted: str | None, options: tuple[str, ...], what: str) -> str:
    columns = list(columns)
    if wanted is not None:
        if wanted not in columns:
            raise GazetteerError(
                f"{what}_column: column {wanted!r} (the {what}) is not in "
                f"{sorted(map(str, columns))}"
            )
        return wanted
    keyed = {_column_key(c): c for c in reversed(columns)}
    for option in options:
        if option in keyed:
            return keyed[option]
    raise GazetteerError(
        f"no {what} column found among {sorted(map(str, columns))}; name it with {what}_column="
    )


def _maybe(columns: list[str], options: tuple[str, ...]) -> list[str]:
    keyed = {_column_key(c): c for c in columns}
    return [keyed[o] for o in options if o in keyed]


def read_location_list(
    data: pd.DataFrame | str | PathLike[str],
    *,
    name_column: str | None = None,
    lat_column: str | None = None,
    lon_column: str | None = None,
    alias_columns: Iterable[str] | None = None,
    feature_type: str | None = None,
    governorate_column: str | None = None,
    district_column: str | None = None,
    source: str | None = None,
    precision_km: float = 1.0,
    id_prefix: str = "user",
) -> pd.DataFrame:
    """Convert a plain location list (IOM DTM, ACLED, own survey) to gazetteer rows.

    Lists as analysts hold them load without renaming: columns are found by
    their usual names in any case and spacing (an IOM DTM master list's
    ``Location ID, Place ID, Governorate, District, Location Name, Arabic Name,
    Latitude, Longitude``; an ACLED list's ``location, latitude, longitude,
    admin1, admin2``). A bad row is left out and reported, not a reason to
    reject the file; a row whose latitude and longitude are swapped (the point
    lands in Iraq only swapped) is kept with them swapped back, and reported.
    Governorate and district spellings are mapped onto the gazetteer's names
    (``Ninewa`` → Nineveh, ``Salah al-Din`` → Salahaddin, ``Dabes`` → Dibis,
    ``Al-Hawiga`` → Hawija …) by the one admin-name rule
    (:func:`hotspot._admin_names.canonical`); one it cannot map is left empty
    and reported. Rows repeating a name at the same point (an ACLED list has one
    per event) are read once.

    Parameters
    ----------
    data : DataFrame or path
        The list; a path is read as CSV.
    name_column, lat_column, lon_column : str, optional
        Columns holding the name and WGS 84 position; found by common names
        (``Location Name``, ``location``, ``Latitude`` …) when omitted.
    alias_columns : iterable of str, optional
        Columns with more spellings (pipe-separated values allowed); default
        the columns named like ``Arabic Name``, ``name_ar``, ``alternate_names``.
    feature_type : str, optional
        Type given to every row; one of :data:`FEATURE_TYPES`. Default: a
        ``settlement``, or a ``neighbourhood`` for a name written as a quarter
        (``Hay Al-Nasr``, ``حي النصر``: a DTM list names the quarters of towns so).
    governorate_column, district_column : str, optional
        Columns with the admin names (any spelling); found by common names
        (``Governorate``, ``admin1``; ``District``, ``admin2``) when omitted.
    source : str, optional
        Provenance written to every row; default the file name.
    precision_km : float, default 1.0
        How exact the positions are; a point this far (plus the outline's
        simplification, 0.17 km) outside Iraq's outline is a border place, kept
        and reported.
    id_prefix : str, default "user"
        Prefix of the ids: ``<prefix>-<location id>`` when the list has a
        unique id column (``Location ID``), else ``<prefix>-1``, ``<prefix>-2`` …

    Returns
    -------
    pandas.DataFrame
        Rows in the gazetteer schema, ready for :func:`extend_gazetteer`.
        ``attrs["location_report"]``: ``source``, ``rows`` (read), ``kept``,
        ``dropped`` and ``flagged`` (row → reasons; a row is its CSV line, or
        ``row <label>`` for a DataFrame) and ``duplicates`` (rows read once).

    Raises
    ------
    GazetteerError
        If a needed or named column is missing, or the file is empty or not
        UTF-8 CSV.

    Warns
    -----
    UserWarning
        When rows were left out or changed, with their number (the details are in
        ``attrs["location_report"]``).

    Examples
    --------
    >>> import pandas as pd
    >>> dtm = pd.DataFrame({"Location ID": ["IQ1301-0042"], "Governorate": ["Ninewa"],
    ...     "District": ["Al-Hamdaniya"], "Location Name": ["Tall Ali"],
    ...     "Arabic Name": ["تل علي"], "Latitude": [36.2], "Longitude": [43.4]})
    >>> row = read_location_list(dtm, source="IOM DTM").iloc[0]
    >>> row["id"], row["governorate"], row["district"], row["aliases"]
    ('user-iq1301-0042', 'Nineveh', 'Hamdaniya', 'تل علي')
    """
    if feature_type is not None and feature_type not in FEATURE_TYPES:
        raise GazetteerError(
            f"feature_type={feature_type!r} is not one of {', '.join(FEATURE_TYPES)}"
        )
    if isinstance(data, pd.DataFrame):
        frame = data
        source = source or "location list"
        labels = [f"row {label}" for label in frame.index]
    else:
        frame = _read_text_csv(data, "a UTF-8 CSV with a header row and name, lat and lon columns")
        source = source or Path(data).name
        labels = [f"line {i + 2}" for i in range(len(frame))]
    columns = [str(c) for c in frame.columns]
    frame = frame.set_axis(columns, axis=1)
    name_c = _pick(columns, name_column, _ROLE_COLUMNS["name"], "name")
    lat_c = _pick(columns, lat_column, _ROLE_COLUMNS["lat"], "lat")
    lon_c = _pick(columns, lon_column, _ROLE_COLUMNS["lon"], "lon")
    for option, column in (
        ("governorate_column", governorate_column),
        ("district_column", district_column),
    ):
        if column is not None and column not in columns:
            raise GazetteerError(
                f"{option}={column!r} is not a column of {source}; columns: "
                f"{', '.join(map(str, columns))}"
            )
    gov_c = governorate_column or next(iter(_maybe(columns, _ROLE_COLUMNS["governorate"])), None)
    dist_c = district_column or next(iter(_maybe(columns, _ROLE_COLUMNS["district"])), None)
    if alias_columns is None:
        alias_columns = [c for c in _maybe(columns, _ROLE_COLUMNS["alias"]) if c != name_c]
    aliases = pd.Series("", index=frame.index)
    for column in alias_columns:
        if column not in columns:
            raise GazetteerError(f"alias column {column!r} is not in {columns}")
        values = frame[column].fillna("").astype(str).str.strip()
        aliases = aliases.str.cat(values, sep="|").str.strip("|")
    aliases = aliases.map(lambda s: "|".join(a for a in dict.fromkeys(s.split("|")) if a.strip()))

    dropped: dict[str, list[str]] = {}
    flagged: dict[str, list[str]] = {}
    names = frame[name_c].fillna("").astype(str).str.strip().to_numpy(dtype=object)
    lat = pd.to_numeric(frame[lat_c], errors="coerce").to_numpy(dtype=float, copy=True)
    lon = pd.to_numeric(frame[lon_c], errors="coerce").to_numpy(dtype=float, copy=True)
    keep = np.ones(len(frame), dtype=bool)
    allowed = precision_km + _BORDER_KM
    outside_km = km_outside_country(lat, lon)  # one vectorised pass; swaps asked of the rest
    far = np.flatnonzero(outside_km > allowed)
    swapped_km = np.full(len(frame), np.inf)
    swapped_km[far] = km_outside_country(lon[far], lat[far])
    for i, label in enumerate(labels):
        if not names[i]:
            dropped.setdefault(label, []).append("name is empty")
        if not (np.isfinite(lat[i]) and np.isfinite(lon[i])):
            dropped.setdefault(label, []).append(
                "lat/lon missing or not a number "
                f"({_plain(frame[lat_c].iat[i])!r}, {_plain(frame[lon_c].iat[i])!r})"
            )
        elif (beyond := float(outside_km[i])) > 0:
            if beyond <= allowed:
                flagged.setdefault(label, []).append(
                    f"point (lat={lat[i]}, lon={lon[i]}) lies {beyond:.1f} km outside Iraq's "
                    "outline, within precision_km and the outline's simplification: kept "
                    "as a border place"
                )
            elif swapped_km[i] <= allowed:
                flagged.setdefault(label, []).append(
                    f"lat/lon swapped (lat={lat[i]}, lon={lon[i]}); read as lat={lon[i]}, "
                    f"lon={lat[i]}"
                )
                lat[i], lon[i] = lon[i], lat[i]
            else:
                dropped.setdefault(label, []).append(
                    f"point (lat={lat[i]}, lon={lon[i]}) lies outside Iraq ({beyond:.1f} km "
                    f"beyond its outline; precision_km and the outline's simplification allow "
                    f"{allowed:.2f} km)"
                )
        keep[i] = label not in dropped

    def admin(column: str | None, level: str) -> np.ndarray:
        out = np.full(len(frame), "", dtype=object)
        if column is None:
            return out
        raw = frame[column].fillna("").astype(str).str.strip().to_numpy(dtype=object)
        for i, value in enumerate(raw):
            if not value:
                continue
            found = canonical(value, level=level)
            if found is None:
                flagged.setdefault(labels[i], []).append(
                    f"{level} {value!r} names no {level} of the gazetteer; left empty"
                )
            else:
                out[i] = found
        return out

    governorates = admin(gov_c, "governorate")
    districts = admin(dist_c, "district")
    district_gov = _district_governorates()
    ocha_gov = _ocha_district_governorates()
    for i in np.flatnonzero(districts != ""):
        parent = district_gov.get(districts[i], set())
        if not governorates[i]:
            governorates[i] = next(iter(parent)) if len(parent) == 1 else ""
        elif governorates[i] in ocha_gov.get(districts[i], set()) - parent and len(parent) == 1:
            flagged.setdefault(labels[i], []).append(
                f"district {districts[i]!r} lies in {next(iter(parent))!r}, which OCHA's 2019 "
                f"boundaries still count in {governorates[i]!r}; governorate read as "
                f"{next(iter(parent))!r}"
            )
            governorates[i] = next(iter(parent))  # Halabja, a governorate since 2014
        elif governorates[i] not in parent:
            flagged.setdefault(labels[i], []).append(
                f"district {districts[i]!r} lies in {' / '.join(sorted(parent))}, not in "
                f"{governorates[i]!r}; district left empty"
            )
            districts[i] = ""

    ids = _location_ids(frame, columns, id_prefix, keep)
    out = pd.DataFrame(
        {
            "id": ids,
            "name": names,
            "feature_type": (
                ["neighbourhood" if _written_as_quarter(n) else "settlement" for n in names]
                if feature_type is None
                else feature_type
            ),
            "lat": lat,
            "lon": lon,
            "governorate": governorates,
            "district": districts,
            "aliases": aliases.to_numpy(dtype=object),
            "source": source,
            "precision_km": float(precision_km),
        }
    )[keep]
    repeated = out.duplicated(["name", "lat", "lon"], keep="first")
    duplicates = int(repeated.sum())
    out = out[~repeated.to_numpy()].reset_index(drop=True)
    if duplicates:
        out["id"] = _unique(out["id"].tolist())
    table = validate_gazetteer(out, source=source) if len(out) else out
    report: dict[str, Any] = {
        "source": source,
        "rows": len(frame),
        "kept": len(table),
        "dropped": {k: "; ".join(v) for k, v in dropped.items()},
        "flagged": {k: "; ".join(v) for k, v in flagged.items() if k not in dropped},
        "duplicates": duplicates,
    }
    table.attrs["location_report"] = report
    if report["dropped"] or report["flagged"]:
        first = next(iter({**report["dropped"], **report["flagged"]}.items()))
        warnings.warn(
            f"{source}: {len(report['dropped'])} row(s) left out and {len(report['flagged'])} "
            f"changed or flagged (e.g. {first[0]}: {first[1]}); see "
            "attrs['location_report']",
            UserWarning,
            stacklevel=2,
        )
    return table


@functools.cache
def _district_governorates() -> dict[str, frozenset[str]]:
    """District name → the governorates its rows lie in (bundled gazetteer)."""
    gaz = _bundled()
    rows = gaz[gaz["feature_type"] == "district"]
    out: dict[str, set[str]] = {}
    for name, gov in zip(rows["name"], rows["governorate"], strict=True):
        out.setdefault(name, set()).add(gov)
    return {k: frozenset(v) for k, v in out.items()}


def _plain(value: object) -> object:
    """Return a cell as Python writes it (``nan``, not ``np.float64(nan)``), for a message."""
    return value.item() if isinstance(value, np.generic) else value


def _written_as_quarter(name: str) -> bool:
    """Whether a list's name says it is a quarter of a town (``Hay Al-Nasr``, ``Karama quarter``).

    The quarter word leads (``Hay``, ``حي``) or, in English, ends the name
    (``neighbourhood``, ``quarter``); a village word anywhere makes it a village
    (``Hay Alnour village``), and a ``Hay`` inside a name is part of it (``Tal Hay``).

    Examples
    --------
    >>> [_written_as_quarter(n) for n in ("Hay Al-Nasr", "حي النصر", "Karama quarter")]
    [True, True, True]
    >>> [_written_as_quarter(n) for n in ("Hay Alnour village", "Tal Hay", "Nasr")]
    [False, False, False]
    """
    words = name_keys(name).folded.split()
    kinds = [GENERIC_WORDS.get(w) for w in words]
    if len(words) < 2 or any(k in ("village", "settlement") for k in kinds):
        return False
    return kinds[0] == "neighbourhood" or (
        kinds[-1] == "neighbourhood" and words[-1] in TYPE_SUFFIXES
    )


@functools.cache
def _ocha_district_governorates() -> dict[str, frozenset[str]]:
    """District name → the governorate the bundled OCHA layer puts it in (gazetteer names).

    OCHA's 2019 edition keeps Halabja district in Sulaymaniyah, as IOM DTM lists do;
    the gazetteer counts Halabja a governorate of its own (since 2014).
    """
    units = load_admin(2)
    out: dict[str, set[str]] = {}
    for district, governorate in zip(units["adm2_en"], units["adm1_en"], strict=True):
        name = canonical(district, level="district")
        gov = canonical(governorate, level="governorate")
        if name and gov:
            out.setdefault(name, set()).add(gov)
    return {k: frozenset(v) for k, v in out.items()}


def _location_ids(
    frame: pd.DataFrame, columns: list[str], prefix: str, keep: np.ndarray
) -> list[str]:
    """``<prefix>-<id>`` from a unique id column of the list, else ``<prefix>-<n>``.

    Only the rows kept count: a blank row at the end of a DTM export does not cost
    the list its ids, and a kept row without one is ``<prefix>-row<n>``. A whole
    number written as a float (``1104016.0``, as pandas writes an integer column
    with gaps) is the integer.
    """
    for column in _maybe(columns, _ROLE_COLUMNS["id"]):
        values = frame[column].astype(object).fillna("").astype(str).str.strip().str.lower()
        values = values.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
        slugs = [_SLUG.sub("-", v).strip("-.") for v in values]
        taken = [s for s, k in zip(slugs, keep, strict=True) if k and s]
        if taken and len(set(taken)) == len(taken):
            return [f"{prefix}-{s}" if s else f"{prefix}-row{i}" for i, s in enumerate(slugs, 1)]
    return [f"{prefix}-{i}" for i in range(1, len(frame) + 1)]


def _unique(ids: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for pid in ids:
        n = seen[pid] = seen.get(pid, 0) + 1
        out.append(pid if n == 1 else f"{pid}-{n}")
    return out


# --------------------------------------------------------------------------- GeoNames


def read_geonames(
    path: str | PathLike[str],
    *,
    retrieved: str | None = None,
    exclude_ids: Iterable[str] = (),
) -> pd.DataFrame:
    r"""Convert a GeoNames country dump (``IQ.zip`` or ``IQ.txt``) to gazetteer rows.

    Every line is accounted for: converted, or skipped with a reason counted in
    ``attrs["geonames_report"]``. Feature class and code map to a gazetteer
    feature type and precision through ``hotspot/data/geonames_feature_codes.csv``
    (populated places → settlement, MT/HLL/RDGE → mountain, VAL/WAD → valley,
    STM → river, LK/RSV → lake, DAM, BDG, camps, airbases, military
    installations, oilfields … → site; unlisted codes are skipped).
    Administrative units (ADM1-ADM4, PCLI) are skipped: the bundled admin layers
    are the authority for them. The first-order admin code gives the
    governorate (``hotspot/data/geonames_admin1_iq.csv``); ``district`` is left
    empty. Points outside Iraq are skipped unless the type may leave it (river,
    road, desert, region). Aliases are the ASCII name and GeoNames' alternate
    names (Arabic and Kurdish among them), less airport codes.
    :func:`hotspot.download.read_geonames` is this function.

    Parameters
    ----------
    path : str or path-like
        The zip as downloaded from https://download.geonames.org/export/dump/
        or the tab-separated text file in it.
    retrieved : str, optional
        Download date, written into ``source`` and ``attrs``.
    exclude_ids : iterable of str, optional
        Gazetteer ids to leave out (skipped as "already in the gazetteer"), e.g.
        ``load_gazetteer()["id"]`` so that the rows extend the bundled gazetteer
        without id clashes.

    Returns
    -------
    pandas.DataFrame
        Rows in the gazetteer schema (:data:`COLUMNS`), validated, with ids
        ``gn-<geonameid>`` (the same ids the bundled gazetteer gives its
        GeoNames rows: a merge drops those it already has).
        ``attrs["geonames_report"]``: ``lines``, ``converted``, ``skipped``
        (reason → count) and ``skipped_lines`` (reason → first 20 line numbers);
        ``attrs["dataset"]``: GeoNames, CC BY 4.0.

    Raises
    ------
    hotspot.errors.DatasetError
        If the file is not a readable dump.
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> line = "\t".join(["98182", "Baghdad", "Baghdad", "Bagdad,بغداد", "33.34058",
    ...     "44.40088", "P", "PPLC", "IQ", "", "07", "", "", "", "7216000", "", "41",
    ...     "Asia/Baghdad", "2024-01-01"])
    >>> dump = pathlib.Path(tempfile.mkdtemp()) / "IQ.txt"
    >>> _ = dump.write_text(line + "\n", encoding="utf-8")
    >>> rows = read_geonames(dump)
    >>> rows[["id", "name", "feature_type", "governorate"]].values.tolist()
    [['gn-98182', 'Baghdad', 'settlement', 'Baghdad']]
    >>> rows.loc[0, "aliases"]
    'Bagdad|بغداد'
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"GeoNames dump {str(path)!r} does not exist")
    table, report = dump_rows(
        path,
        columns=COLUMNS,
        may_leave=_MAY_LEAVE_IRAQ,
        retrieved=retrieved,
        exclude_ids=exclude_ids,
    )
    table = validate_gazetteer(table, source=str(path)) if len(table) else table
    table.attrs["geonames_report"] = report
    table.attrs["dataset"] = dataset_attrs(path, retrieved)
    return table
