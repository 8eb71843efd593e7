"""Where a place is, and what a ``within=`` hint admits: admin units by OCHA p-code.

Both sides come from the one placement rule and the one admin-name rule of the
package, on the bundled OCHA COD-AB layers (:func:`hotspot._admin.load_admin`),
whose p-codes nest by prefix (``IQG13`` ⊃ ``IQG13Q04`` ⊃ ``IQG13Q04N01``):

* a place's **units** (:func:`place_units`) and **attribution**
  (:func:`attribute`) come from :func:`hotspot._locate.locate_lonlat` (point in
  polygon): the sub-district, district and governorate its point lies in. A
  governorate or district row stands for its unit (so ``Diyala`` governorate is
  consistent with a hint naming one of its districts); a place given more loosely
  than :data:`~hotspot._geo.POINT_LIKE_KM` (a river, a range, a valley, a big
  city) reaches every sub-district its bundled course or outline meets
  (:func:`outline`), else those within its ``precision_km``, for hints, and is
  attributed only the units its gazetteer row agrees with (as
  :func:`hotspot._territory.disputed_territory` treats it): a range's
  representative point says nothing about its district.
  Names are the gazetteer's (:func:`hotspot._admin_names.canonical` of the OCHA
  name), so the geocoder, the readers and the gazetteer spell a unit one way.
* a **hint** (:class:`Hint`): a text names the units whose names it spells
  (:func:`hotspot._admin_names.match_units` on the OCHA English, Arabic and
  alternate names, with the gazetteer's aliases: ``At-Ta'mim`` is Kirkuk), or an
  OCHA p-code; several texts (a row's governorate and district) must all hold.

A place is admitted when one of its units lies in, or contains, one unit of
every part of the hint, or its point lies within :data:`BOUNDARY_KM` of them.

Examples
--------
>>> hint = parse_hint("Kirkuk governorate")
>>> sorted(hint.parts[0].pcodes)
['IQG13']
>>> hint.admits(("IQG13Q04N06",)), hint.admits(("IQG16Q07N02",))
(True, False)
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from hotspot._admin import load_admin, read_bundled_layer
from hotspot._admin_names import canonical, same_admin
from hotspot._admin_names import match_units as match_names
from hotspot._data import data_path
from hotspot._geo import POINT_LIKE_KM, haversine_m
from hotspot._locate import locate_lonlat
from hotspot._normalize import TOWN_TYPES, name_keys
from hotspot.errors import PlaceNotFoundError

__all__ = [
    "ADMIN_TYPES",
    "ATTRIBUTES",
    "BOUNDARY_KM",
    "GOVERNORATE_PCODE",
    "AdminPart",
    "Hint",
    "attribute",
    "distance_to_units_km",
    "holds",
    "inside",
    "lies_in",
    "match_units",
    "outline",
    "own_unit",
    "parse_hint",
    "place_units",
    "subdistrict_names",
    "unit_label",
    "unit_reach_km",
]

#: Gazetteer feature types of the admin levels 1-3.
ADMIN_TYPES: dict[str, int] = {"governorate": 1, "district": 2, "subdistrict": 3}
#: Length of a governorate's OCHA p-code (``IQG13``), the prefix of its units' p-codes;
#: a longer one names a district (``IQG13Q01``) or a sub-district (``IQG13Q01N02``).
GOVERNORATE_PCODE = 5
#: A point this close (km) to a hinted unit counts as inside it: the bundled
#: boundaries are simplified (``hotspot._admin.admin_simplification``), and an
#: analyst's list may follow boundaries drawn a little differently.
BOUNDARY_KM = 2.0
_PCODE = re.compile(r"^IQG\d{2}(?:Q\d{2}(?:N\d{2})?)?$", re.IGNORECASE)
_KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class AdminPart:
    """The units one hint text names (any of them), with the text as given."""

    text: str
    pcodes: frozenset[str]

    def admits(
        self, units: Sequence[str], lat: float | None = None, lon: float | None = None
    ) -> bool:
        """Whether one of ``units`` lies in, or contains, one of the named units.

        With the place's point, a point within :data:`BOUNDARY_KM` of the named
        units counts as inside (a boundary drawn a little differently).
        """
        return lies_in(self.pcodes, units, lat, lon)


@dataclass(frozen=True)
class Hint:
    """A ``within=`` hint: every part must admit the place.

    ``ignored`` lists hint texts that named no unit (kept for the note).
    """

    parts: tuple[AdminPart, ...]
    ignored: tuple[str, ...] = ()

    def admits(
        self, units: Sequence[str], lat: float | None = None, lon: float | None = None
    ) -> bool:
        """Whether a place with these units (and this point) lies within the hint."""
        return all(part.admits(units, lat, lon) for part in self.parts)

    @property
    def label(self) -> str:
        """The hint as the user gave it (``"Kirkuk"``, ``"Kirkuk / Hawija"``)."""
        return " / ".join(part.text for part in self.parts)

    @property
    def pcodes(self) -> frozenset[str]:
        """The most specific units of the hint (the part naming the smallest units)."""
        return max((p.pcodes for p in self.parts), key=lambda s: min(len(c) for c in s))

    def __bool__(self) -> bool:
        return bool(self.parts)


def lies_in(
    pcodes: frozenset[str], units: Sequence[str], lat: float | None = None, lon: float | None = None
) -> bool:
    """Whether a place (its units, and its point) lies in one of some units (the hint rule).

    One of the place's ``units`` lies in, or contains, one of ``pcodes``; or its
    point lies within :data:`BOUNDARY_KM` of them.

    Examples
    --------
    >>> lies_in(frozenset({"IQG13"}), ("IQG13Q04N06",)), lies_in(frozenset({"IQG13"}), ("IQG16",))
    (True, False)
    """
    if any(u.startswith(p) or p.startswith(u) for u in units if u for p in pcodes):
        return True
    return lat is not None and lon is not None and _near_units(pcodes, lat, lon)


def inside(units: Sequence[str], pcodes: frozenset[str]) -> bool:
    """Whether every one of some units lies in (or is) one of ``pcodes``, by p-code.

    Examples
    --------
    >>> inside(("IQG18Q02N01",), frozenset({"IQG18"})), inside(("IQG18",), frozenset({"IQG18"}))
    (True, True)
    >>> inside(("IQG18",), frozenset({"IQG18Q02"})), inside((), frozenset({"IQG18"}))
    (False, False)
    """
    found = [u for u in units if u]
    return bool(found) and all(any(u.startswith(p) for p in pcodes) for u in found)


def holds(units: Sequence[str], pcodes: frozenset[str]) -> bool:
    """Whether every one of some units holds (or is) one of ``pcodes``, by p-code.

    Examples
    --------
    >>> holds(("IQG18",), frozenset({"IQG18Q02N01"})), holds(("IQG18Q02N01",), frozenset({"IQG18"}))
    (True, False)
    """
    found = [u for u in units if u]
    return bool(found) and all(any(p.startswith(u) for p in pcodes) for u in found)


# ---------------------------------------------------------------------- units


@functools.cache
def _layers() -> dict[int, pd.DataFrame]:
    return {level: load_admin(level) for level in (1, 2, 3)}


@functools.cache
def _subdistrict_tree() -> tuple[shapely.STRtree, np.ndarray]:
    layer = _layers()[3]
    geoms = np.asarray(layer.geometry.array, dtype=object)
    return shapely.STRtree(geoms), layer["adm3_pcode"].to_numpy(dtype=object)


#: The attribution :func:`attribute` gives each place (the geocoder's columns).
ATTRIBUTES: tuple[str, ...] = (
    "governorate",
    "district",
    "subdistrict",
    "governorate_pcode",
    "district_pcode",
    "subdistrict_pcode",
)
_LEVEL_NAMES = {"governorate": 1, "district": 2, "subdistrict": 3}


def _located(table: pd.DataFrame) -> dict[str, np.ndarray]:
    return locate_lonlat(
        table["lon"].to_numpy(dtype=float), table["lat"].to_numpy(dtype=float), sides=False
    )


@functools.lru_cache(maxsize=2_000)
def _gazetteer_name(name: str, level: str) -> str:
    """Return the gazetteer's name for an OCHA unit name (the OCHA name when it has none)."""
    return canonical(name, level=level) or name


def _loose(table: pd.DataFrame) -> np.ndarray:
    types = table["feature_type"].to_numpy(dtype=object)
    spread = table["precision_km"].to_numpy(dtype=float)
    return (spread > POINT_LIKE_KM) & ~np.isin(types, list(ADMIN_TYPES))


def attribute(table: pd.DataFrame) -> dict[str, np.ndarray]:
    """Return the governorate, district and sub-district of each place, with p-codes.

    By the one placement rule (the unit the point lies in); a governorate row
    has no district or sub-district, a district row no sub-district; a place
    given more loosely than 5 km keeps only the levels its gazetteer row names
    alike (``Wadi al-Shay``, in Daquq: Kirkuk, Daquq), else none.

    Parameters
    ----------
    table : pandas.DataFrame
        A validated gazetteer (``feature_type``, ``lat``, ``lon``,
        ``precision_km``, ``governorate``, ``district``).

    Returns
    -------
    dict of str to numpy.ndarray
        :data:`ATTRIBUTES` → one value per row (``""`` where there is none).

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"feature_type": ["settlement", "governorate"],
    ...     "lat": [35.33, 33.75], "lon": [43.77, 45.0], "precision_km": [2.0, 3.0],
    ...     "governorate": ["", ""], "district": ["", ""]})
    >>> out = attribute(rows)
    >>> out["governorate"].tolist(), out["district"].tolist(), out["district_pcode"].tolist()
    (['Kirkuk', 'Diyala'], ['Hawija', ''], ['IQG13Q01', ''])
    """
    found = _located(table)
    n = len(table)
    out = {key: np.full(n, "", dtype=object) for key in ATTRIBUTES}
    for level in _LEVEL_NAMES:
        names = found[level]
        codes = found[f"{level}_pcode"]
        for i in range(n):
            if names[i] is not None:
                out[level][i] = _gazetteer_name(str(names[i]), level)
                out[f"{level}_pcode"][i] = str(codes[i])
    types = table["feature_type"].to_numpy(dtype=object)
    for kind, below in (
        ("governorate", ("district", "subdistrict")),
        ("district", ("subdistrict",)),
    ):
        for level in below:
            out[level][types == kind] = ""
            out[f"{level}_pcode"][types == kind] = ""
    given = {
        "governorate": table["governorate"].to_numpy(dtype=object),
        "district": table["district"].to_numpy(dtype=object),
    }
    for i in np.flatnonzero(_loose(table)):
        keep_district = bool(given["district"][i]) and same_admin(
            given["district"][i], out["district"][i], level="district"
        )
        keep_governorate = keep_district or (
            bool(given["governorate"][i])
            and same_admin(given["governorate"][i], out["governorate"][i], level="governorate")
        )
        for level, keep in (
            ("subdistrict", False),
            ("district", keep_district),
            ("governorate", keep_governorate),
        ):
            if not keep:
                out[level][i] = out[f"{level}_pcode"][i] = ""
    return out


def place_units(table: pd.DataFrame) -> list[tuple[str, ...]]:
    """Return the admin units (p-codes) a hint is tested against, one tuple per row.

    The sub-district the point lies in (first); a governorate or district row's
    own unit; for a place given more loosely than 5 km, every sub-district it
    reaches as well: those its bundled course or outline meets
    (:func:`outline`: the Tigris reaches Salahaddin, not Anbar), else those
    within its ``precision_km`` of the point; a town's, only in its own
    governorate (Amiriyat al-Fallujah does not reach into Baghdad).

    Parameters
    ----------
    table : pandas.DataFrame
        A validated gazetteer (``feature_type``, ``lat``, ``lon``, ``precision_km``;
        ``id`` to find the bundled outlines).

    Returns
    -------
    list of tuple of str
        Empty for a place outside every unit.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"feature_type": ["settlement", "governorate"],
    ...     "lat": [35.47, 33.75], "lon": [44.39, 45.0], "precision_km": [2.0, 3.0]})
    >>> place_units(rows)
    [('IQG13Q04N06',), ('IQG10',)]
    """
    found = _located(table)
    types = table["feature_type"].to_numpy(dtype=object)
    level_of = {"governorate": "governorate_pcode", "district": "district_pcode"}
    units: list[tuple[str, ...]] = []
    for i, kind in enumerate(types):
        code = found[level_of.get(kind, "subdistrict_pcode")][i]
        units.append((str(code),) if code is not None else ())
    lon = table["lon"].to_numpy(dtype=float)
    lat = table["lat"].to_numpy(dtype=float)
    spread = table["precision_km"].to_numpy(dtype=float)
    ids = table["id"].to_numpy(dtype=object) if "id" in table else np.full(len(table), None)
    loose = np.flatnonzero(_loose(table) & np.isfinite(lon) & np.isfinite(lat))
    if len(loose):
        tree, pcodes = _subdistrict_tree()
        for r in loose.tolist():
            shape = outline(ids[r]) if isinstance(ids[r], str) else None
            if shape is None:
                radius = spread[r] / _KM_PER_DEGREE
                shape = shapely.Point(lon[r], lat[r]).buffer(
                    radius / max(np.cos(np.radians(lat[r])), 0.2), quad_segs=8
                )
            near = sorted(pcodes[tree.query(shape, predicate="intersects")].tolist())
            if types[r] in TOWN_TYPES and units[r]:  # a town's extent stops at its
                own = units[r][0][:GOVERNORATE_PCODE]  # governorate's line
                near = [u for u in near if u.startswith(own)]
            units[r] = tuple(dict.fromkeys([*units[r], *near]))
    return units


@functools.cache
def _outlines() -> dict[str, shapely.Geometry]:
    table = pd.read_csv(data_path("boundaries/gazetteer_outlines.csv"), dtype=str)
    found: dict[str, shapely.Geometry] = {}
    for layer, rows in table.groupby("layer"):
        frame = read_bundled_layer(str(layer))
        shapes = dict(zip(frame["name"], frame.geometry, strict=True))
        for row in rows.itertuples():
            if row.name not in shapes:
                raise ValueError(
                    f"boundaries/gazetteer_outlines.csv: {row.id!r} names {row.name!r}, "
                    f"which is not a feature of boundaries/{layer}.geojson"
                )
            found[str(row.id)] = shapes[row.name]
    return found


def outline(place_id: str) -> shapely.Geometry | None:
    """Return the bundled course or outline of a gazetteer feature, or None.

    The rivers and lakes of the reference layers (``boundaries/reference_rivers``
    and ``reference_lakes``, EPSG:4326) that ``boundaries/gazetteer_outlines.csv``
    ties to a gazetteer row by its id; a hint or a qualifier then meets the river
    where it flows, not a disc around its central point.

    Examples
    --------
    >>> outline("riv-tigris").geom_type, outline("set-kirkuk")
    ('MultiLineString', None)
    """
    return _outlines().get(place_id)


# ---------------------------------------------------------------------- names


@functools.cache
def _unit_names(level: int) -> tuple[pd.Series, pd.Series, pd.Series]:
    """P-codes, English names and the other names (pipe-joined) of one level's units."""
    layer = _layers()[level]
    others = [f"adm{level}_ar", f"adm{level}_alt_en", f"adm{level}_alt_ar"]
    joined = layer[others].apply(
        lambda row: "|".join(str(v) for v in row if isinstance(v, str) and v), axis=1
    )
    return layer[f"adm{level}_pcode"], layer[f"adm{level}_en"], joined


_HINT_LEVEL = {"governorate": 1, "district": 2, "subdistrict": 3, "centre": 3}


def match_units(text: object, inside: frozenset[str] = frozenset()) -> frozenset[str]:
    """Return the p-codes of the admin units a name or p-code stands for (empty if none).

    Parameters
    ----------
    text : str
        A governorate, district or sub-district name in any spelling or script,
        with or without a generic word (``"Hawija district"`` looks among
        districts first), or an OCHA p-code.
    inside : frozenset of str, optional
        P-codes of units the named one is known to lie in: units of the name
        inside them, of a finer level, are taken first (a DTM row's district
        ``Kirkuk`` after its governorate ``Kirkuk`` is the district).

    Returns
    -------
    frozenset of str
        P-codes of one level: the level the generic word names, else the
        largest units of that name (``"Kirkuk"`` is the governorate, not the
        district or the sub-district ``Markaz Kirkuk``; ``"Salah al-Din"`` the
        governorate, not the sub-district in Erbil); several when units of
        that level share the name.

    Examples
    --------
    >>> sorted(match_units("Al-Hawiga")), sorted(match_units("Kirkuk"))
    (['IQG13Q01'], ['IQG13'])
    >>> sorted(match_units("Markaz Kirkuk")), sorted(match_units("Kirkuk district"))
    (['IQG13Q04N06'], ['IQG13Q04'])
    >>> sorted(match_units("At-Ta'mim")), sorted(match_units("iqg16q07"))
    (['IQG13'], ['IQG16Q07'])
    >>> match_units("Atlantis"), sorted(match_units("Kirkuk", inside=frozenset({"IQG13"})))
    (frozenset(), ['IQG13Q04'])
    """
    if not isinstance(text, str) or not text.strip():
        return frozenset()
    code = text.strip()
    if _PCODE.match(code):
        code = code.upper()
        known = {c for level in (1, 2, 3) for c in _unit_names(level)[0]}
        return frozenset({code}) if code in known else frozenset()
    generic = name_keys(code).hint
    found: dict[int, set[str]] = {}
    for level, kind in ((1, "governorate"), (2, "district"), (3, "subdistrict")):
        pcodes, english, others = _unit_names(level)
        hit = match_names(code, english, level=kind, alternates=others)
        if hit.any():
            found[level] = set(pcodes[hit])
    if not found:
        return frozenset()
    level = _HINT_LEVEL.get(generic or "")
    if level not in found:
        below = {
            lv: {c for c in codes if any(c.startswith(u) and c != u for u in inside)}
            for lv, codes in found.items()
        }
        below = {lv: codes for lv, codes in below.items() if codes}
        if below:  # the largest units of the name inside the ones given
            return frozenset(below[min(below)])
        level = min(found)  # the largest units named so
    return frozenset(found[level])


#: Generic words an OCHA sub-district name may carry and still be the unit's own
#: name; a ``Markaz X`` unit (hint ``centre``) is named after its town.
_UNIT_NAME_HINTS = frozenset({None, "subdistrict", "region"})


@functools.cache
def subdistrict_names() -> dict[str, frozenset[str]]:
    """Return core key → p-codes of the OCHA sub-districts that name has (not the centres).

    A sub-district is a place of its own name: ``Sindi``, ``Bebaz``, ``Al-Gharraf``
    are units of the bundled OCHA layer, whatever the gazetteer holds. The
    ``Markaz X`` units are left out: they are named after their town, and the
    town is what ``X`` names. English, Arabic and alternate names alike.

    Examples
    --------
    >>> sorted(subdistrict_names()["sindi"]), "kirkuk" in subdistrict_names()
    (['IQG09Q03N04'], False)
    """
    pcodes, english, others = _unit_names(3)
    out: dict[str, set[str]] = {}
    for pcode, en, alt in zip(pcodes, english, others, strict=True):
        for name in [en, *alt.split("|")]:
            keys = name_keys(name) if name else None
            if keys is not None and keys.core and keys.hint in _UNIT_NAME_HINTS:
                out.setdefault(keys.core, set()).add(str(pcode))
    return {core: frozenset(codes) for core, codes in out.items()}


@functools.lru_cache(maxsize=20_000)
def _part(text: str, inside: frozenset[str] = frozenset()) -> AdminPart | None:
    pcodes = match_units(text, inside)
    return AdminPart(text.strip(), pcodes) if pcodes else None


def parse_hint(within: object, *, strict: bool = True) -> Hint | None:
    """Turn a ``within=`` value into a :class:`Hint`.

    Parameters
    ----------
    within : str, sequence of str or None
        One hint text, or several that must all hold (a row's governorate and
        district, in that order: a name that is both is read as the finer unit
        after a coarser one). None, NaN and empty texts are no hint.
    strict : bool, default True
        Raise when a text names no unit (a user's ``within=``); otherwise the
        text is listed in ``Hint.ignored`` (one row's hint in a column).

    Returns
    -------
    Hint or None
        None when there is no hint at all.

    Raises
    ------
    TypeError
        If ``within`` is not text (strict only).
    PlaceNotFoundError
        If a text names no governorate, district or sub-district (strict only).

    Examples
    --------
    >>> parse_hint(("Kirkuk", "Hawija")).label
    'Kirkuk / Hawija'
    >>> parse_hint(("Kirkuk", "Nowhere"), strict=False).ignored
    ('Nowhere',)
    >>> sorted(parse_hint(("Kirkuk", "Kirkuk")).pcodes)  # a DTM row's governorate and district
    ['IQG13Q04']
    """
    texts = within if isinstance(within, (tuple, list)) else (within,)
    parts: list[AdminPart] = []
    ignored: list[str] = []
    for text in texts:
        if text is None or (isinstance(text, float) and text != text):
            continue
        if not isinstance(text, str):
            if strict:
                raise TypeError(
                    "within must be a governorate, district or sub-district name or p-code "
                    f"(str), got {type(text).__name__} {text!r}"
                )
            ignored.append(str(text))
            continue
        if not text.strip():
            continue
        # (governorate, district): a name of both is the unit inside the one before
        part = _part(text, parts[-1].pcodes if parts else frozenset())
        if part is None:
            if strict:
                raise PlaceNotFoundError(
                    f"within={text!r} names no governorate, district or sub-district; give "
                    "one (e.g. 'Kirkuk', 'Hawija', 'Markaz Daquq') or its OCHA p-code "
                    "(e.g. 'IQG13Q01')"
                )
            ignored.append(text.strip())
            continue
        parts.append(part)
    if not parts and not ignored:
        return None
    return Hint(tuple(parts), tuple(ignored))


#: Admin level (1-3) of an OCHA p-code by its length.
_LEVEL_OF_PCODE = {5: 1, 8: 2, 11: 3}


@functools.cache
def _unit_geometry(pcode: str) -> shapely.Geometry:
    level = _LEVEL_OF_PCODE[len(pcode)]
    layer = _layers()[level]
    geom = layer.geometry[layer[f"adm{level}_pcode"] == pcode].iloc[0]
    shapely.prepare(geom)
    return geom


def unit_label(pcode: str) -> str:
    """Return the OCHA English name of a unit (``"Al-Hawiga"`` for ``IQG13Q01``).

    Examples
    --------
    >>> unit_label("IQG13Q01")
    'Al-Hawiga'
    """
    level = {5: 1, 8: 2, 11: 3}[len(pcode)]
    layer = _layers()[level]
    return str(layer.loc[layer[f"adm{level}_pcode"] == pcode, f"adm{level}_en"].iloc[0])


@functools.lru_cache(maxsize=50_000)
def _near_units(pcodes: frozenset[str], lat: float, lon: float) -> bool:
    """Whether a point lies within :data:`BOUNDARY_KM` of one of the units (bounds first)."""
    margin = BOUNDARY_KM / _KM_PER_DEGREE / max(np.cos(np.radians(lat)), 0.2)
    for pcode in pcodes:
        xmin, ymin, xmax, ymax = _unit_geometry(pcode).bounds
        if xmin - margin <= lon <= xmax + margin and ymin - margin <= lat <= ymax + margin:
            break
    else:
        return False
    return distance_to_units_km(pcodes, lat, lon) <= BOUNDARY_KM


@functools.lru_cache(maxsize=4096)
def own_unit(name: str, kind: str, lat: float | None = None, lon: float | None = None) -> str:
    """Return the p-code of the admin unit a gazetteer row stands for, or ``""``.

    Found by the row's name at the row's level (``Amarah`` district is Al-Amara,
    whichever unit its point, the seat, lies in); of several units of the name,
    the one holding the row's point (``Rashad`` of Kirkuk, not Al-Rasheed of
    Baghdad). ``""`` when no bundled unit of that level has the name (Halabja
    governorate, created after the 2019 layers) or the point does not choose.

    Examples
    --------
    >>> own_unit("Kirkuk", "governorate"), own_unit("Amarah", "district")
    ('IQG13', 'IQG14Q01')
    >>> own_unit("Halabja", "governorate"), own_unit("Rawa", "district")
    ('', '')
    >>> own_unit("Rashad", "subdistrict"), own_unit("Rashad", "subdistrict", 35.10, 44.05)
    ('', 'IQG13Q02N01')
    """
    level = ADMIN_TYPES.get(kind)
    if level is None:
        return ""
    found = [p for p in match_units(f"{name} {kind}") if _LEVEL_OF_PCODE.get(len(p)) == level]
    if len(found) > 1 and lat is not None and lon is not None:
        found = [p for p in found if distance_to_units_km(frozenset({p}), lat, lon) <= BOUNDARY_KM]
    return found[0] if len(found) == 1 else ""


@functools.lru_cache(maxsize=4096)
def unit_reach_km(pcode: str, lat: float, lon: float) -> float:
    """Great-circle distance (km) from a point to the farthest part of a unit's outline.

    How far an event "in" the unit may lie from the point that stands for it: the
    honest precision of a governorate, district or sub-district as an answer. NaN
    for a p-code no bundled unit has.

    Examples
    --------
    >>> round(unit_reach_km("IQG13", 35.47, 44.39))  # Kirkuk governorate from Kirkuk city
    99
    >>> import math; math.isnan(unit_reach_km("IQG99", 35.47, 44.39))
    True
    """
    try:
        geom = _unit_geometry(pcode)
    except (KeyError, IndexError):
        return math.nan
    coords = shapely.get_coordinates(geom.boundary)
    if not len(coords):
        return math.nan
    return float(np.max(haversine_m(lat, lon, coords[:, 1], coords[:, 0]))) / 1000.0


def distance_to_units_km(pcodes: frozenset[str], lat: float, lon: float) -> float:
    """Great-circle distance (km) from a point to the nearest of some units (0 inside).

    Examples
    --------
    >>> distance_to_units_km(frozenset({"IQG13"}), 35.47, 44.39)
    0.0
    >>> round(distance_to_units_km(frozenset({"IQG13"}), 36.19, 44.01))  # Erbil
    39
    """
    point = shapely.Point(lon, lat)
    best = np.inf
    for pcode in pcodes:
        geom = _unit_geometry(pcode)
        if geom.covers(point):
            return 0.0
        nearest = shapely.ops.nearest_points(geom, point)[0]
        best = min(best, float(haversine_m(lat, lon, nearest.y, nearest.x)) / 1000.0)
    return float(best)
