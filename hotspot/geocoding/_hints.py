"""Where a place is, and what a ``within=`` hint admits: admin units by p-code.

A hint names a governorate, district or sub-district (any spelling, in Latin
or Arabic script, or its OCHA p-code such as ``IQG13Q04``). It is a polygon
test, not a tie-break: a candidate place outside the hinted units is never the
answer. Both sides are expressed in OCHA COD-AB p-codes of the bundled admin
layers (:func:`hotspot._admin.load_admin`), which nest by prefix
(``IQG13`` ⊃ ``IQG13Q04`` ⊃ ``IQG13Q04N01``):

* a place's **units** (:func:`place_units`): the sub-district its point lies
  in; for a governorate, district or sub-district row, the unit of its own
  level that its point lies in (so that ``Diyala`` governorate is consistent
  with a hint naming one of its districts); for a spread-out feature (a river,
  a range, a valley, a city of more than :data:`_POINT_LIKE_KM`), every
  sub-district within its ``precision_km`` of its point;
* a **hint** (:class:`Hint`): one set of units per hint text; several texts
  (a row's governorate and district) must all hold. A text names the units
  whose names meet it (:func:`match_units`): the OCHA English and Arabic names
  and alternates, and the aliases of the bundled gazetteer's admin rows
  (``At-Ta'mim`` for Kirkuk, ``Saladin``), compared by core key, else by
  skeleton.

A place is admitted when one of its units lies in, or contains, one unit of
every part of the hint.

Examples
--------
>>> hint = parse_hint("Kirkuk governorate")
>>> sorted(hint.parts[0].pcodes)
['IQG13']
>>> hint.admits(("IQG13Q04N01",)), hint.admits(("IQG16Q07N02",))
(True, False)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from hotspot._admin import load_admin
from hotspot._geo import haversine_m
from hotspot._normalize import name_keys
from hotspot.errors import PlaceNotFoundError
from hotspot.gazetteer import load_gazetteer

__all__ = [
    "ADMIN_TYPES",
    "AdminPart",
    "Hint",
    "distance_to_units_km",
    "match_units",
    "parse_hint",
    "place_units",
    "unit_label",
]

#: Gazetteer feature types of the admin levels 1-3.
ADMIN_TYPES: dict[str, int] = {"governorate": 1, "district": 2, "subdistrict": 3}
#: Places given more loosely than this (km) reach every sub-district within it.
_POINT_LIKE_KM = 5.0
_MIN_SKELETON = 3
_PCODE = re.compile(r"^IQG\d{2}(?:Q\d{2}(?:N\d{2})?)?$", re.IGNORECASE)
_KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class AdminPart:
    """The units one hint text names (any of them), with the text as given."""

    text: str
    pcodes: frozenset[str]

    def admits(self, units: Sequence[str]) -> bool:
        """Whether one of ``units`` lies in, or contains, one of the named units."""
        return any(u.startswith(p) or p.startswith(u) for u in units if u for p in self.pcodes)


@dataclass(frozen=True)
class Hint:
    """A ``within=`` hint: every part must admit the place.

    ``ignored`` lists hint texts that named no unit (kept for the note).
    """

    parts: tuple[AdminPart, ...]
    ignored: tuple[str, ...] = ()

    def admits(self, units: Sequence[str]) -> bool:
        """Whether a place with these units lies within the hint."""
        return all(part.admits(units) for part in self.parts)

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


# ---------------------------------------------------------------------- units


@functools.cache
def _layers() -> dict[int, pd.DataFrame]:
    return {level: load_admin(level) for level in (1, 2, 3)}


@functools.cache
def _trees() -> dict[int, tuple[shapely.STRtree, np.ndarray]]:
    out = {}
    for level, layer in _layers().items():
        geoms = np.asarray(layer.geometry.array, dtype=object)
        out[level] = (shapely.STRtree(geoms), layer[f"adm{level}_pcode"].to_numpy(dtype=object))
    return out


def _containing(level: int, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """P-code of the level's unit containing each point (lowest p-code on a shared edge), or ""."""
    tree, pcodes = _trees()[level]
    out = np.full(len(lon), "", dtype=object)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return out
    points = shapely.points(lon[ok], lat[ok])
    where, unit = tree.query(points, predicate="intersects")
    found = np.full(ok.sum(), "", dtype=object)
    for w, u in sorted(
        zip(where.tolist(), unit.tolist(), strict=True), key=lambda t: (t[0], -t[1])
    ):
        found[w] = pcodes[u]  # the last written is the lowest p-code
    out[ok] = found
    return out


def place_units(table: pd.DataFrame) -> list[tuple[str, ...]]:
    """Return the admin units (p-codes) of each gazetteer row (see the module docstring).

    Parameters
    ----------
    table : pandas.DataFrame
        A validated gazetteer (``feature_type``, ``lat``, ``lon``, ``precision_km``).

    Returns
    -------
    list of tuple of str
        One tuple per row, empty for a place outside every unit.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"feature_type": ["settlement", "governorate"],
    ...     "lat": [35.47, 33.75], "lon": [44.39, 45.0], "precision_km": [2.0, 3.0]})
    >>> place_units(rows)
    [('IQG13Q04N06',), ('IQG10',)]
    """
    lon = table["lon"].to_numpy(dtype=float)
    lat = table["lat"].to_numpy(dtype=float)
    types = table["feature_type"].to_numpy(dtype=object)
    spread = table["precision_km"].to_numpy(dtype=float)
    deepest = _containing(3, lon, lat)
    units: list[tuple[str, ...]] = [(u,) if u else () for u in deepest]
    for level in (1, 2):
        rows = np.flatnonzero(types == {1: "governorate", 2: "district"}[level])
        if len(rows):
            own = _containing(level, lon[rows], lat[rows])
            for r, u in zip(rows.tolist(), own.tolist(), strict=True):
                units[r] = (u,) if u else ()
    loose = np.flatnonzero(
        (spread > _POINT_LIKE_KM) & ~np.isin(types, list(ADMIN_TYPES)) & np.isfinite(lon)
    )
    if len(loose):
        tree, pcodes = _trees()[3]
        for r in loose.tolist():
            radius = spread[r] / _KM_PER_DEGREE
            disc = shapely.Point(lon[r], lat[r]).buffer(
                radius / max(np.cos(np.radians(lat[r])), 0.2), quad_segs=8
            )
            near = sorted(pcodes[tree.query(disc, predicate="intersects")].tolist())
            units[r] = tuple(dict.fromkeys([*units[r], *near]))
    return units


# ---------------------------------------------------------------------- names


def _keys(name: object) -> tuple[str, str, str | None]:
    """(core key, skeleton or "", generic-word hint) of an admin name."""
    if not isinstance(name, str) or not name.strip():
        return "", "", None
    keys = name_keys(name)
    skeleton = keys.skeleton if len(keys.skeleton) >= _MIN_SKELETON else ""
    return keys.core, skeleton, keys.hint


@functools.cache
def _name_table() -> tuple[dict[str, set[tuple[int, str]]], dict[str, set[tuple[int, str]]]]:
    """Core key → units, skeleton → units; units as (level, p-code).

    From the OCHA names (English, Arabic, alternates) and the aliases of the
    bundled gazetteer's admin rows, each row standing for the unit of its level
    its point lies in.
    """
    by_core: dict[str, set[tuple[int, str]]] = {}
    by_skeleton: dict[str, set[tuple[int, str]]] = {}

    def add(name: object, unit: tuple[int, str]) -> None:
        core, skel, _ = _keys(name)
        if core:
            by_core.setdefault(core, set()).add(unit)
        if skel:
            by_skeleton.setdefault(skel, set()).add(unit)

    for level, layer in _layers().items():
        columns = [f"adm{level}_en", f"adm{level}_ar", f"adm{level}_alt_en", f"adm{level}_alt_ar"]
        for row in layer[[f"adm{level}_pcode", *columns]].itertuples(index=False):
            pcode, *names = row
            for value in names:
                for name in str(value).split("|") if isinstance(value, str) else ():
                    add(name, (level, pcode))
    gaz = load_gazetteer()
    admin = gaz[gaz["feature_type"].isin(list(ADMIN_TYPES))]
    for level_name, level in ADMIN_TYPES.items():
        rows = admin[admin["feature_type"] == level_name]
        own = _containing(level, rows["lon"].to_numpy(float), rows["lat"].to_numpy(float))
        for name, aliases, pcode in zip(rows["name"], rows["aliases"], own, strict=True):
            if not pcode:
                continue
            for alias in [name, *str(aliases).split("|")]:
                add(alias.strip(), (level, pcode))
    return by_core, by_skeleton


_HINT_LEVEL = {"governorate": 1, "district": 2, "subdistrict": 3, "centre": 3}


def match_units(text: object) -> frozenset[str]:
    """Return the p-codes of the admin units a name or p-code stands for (empty if none).

    Parameters
    ----------
    text : str
        A governorate, district or sub-district name in any spelling or script,
        with or without a generic word (``"Hawija district"`` looks among
        districts first), or an OCHA p-code.

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
    >>> match_units("Atlantis")
    frozenset()
    """
    if not isinstance(text, str) or not text.strip():
        return frozenset()
    code = text.strip()
    if _PCODE.match(code):
        code = code.upper()
        known = {c for layer in _layers().values() for c in layer.iloc[:, 0]}
        return frozenset({code}) if code in known else frozenset()
    core, skel, generic = _keys(code)
    by_core, by_skeleton = _name_table()
    found = by_core.get(core, set()) or by_skeleton.get(skel, set())
    level = _HINT_LEVEL.get(generic or "")
    if level is None or not any(lv == level for lv, _ in found):
        level = min((lv for lv, _ in found), default=None)  # the largest units named so
    return frozenset(pcode for lv, pcode in found if lv == level)


@functools.lru_cache(maxsize=20_000)
def _part(text: str) -> AdminPart | None:
    pcodes = match_units(text)
    return AdminPart(text.strip(), pcodes) if pcodes else None


def parse_hint(within: object, *, strict: bool = True) -> Hint | None:
    """Turn a ``within=`` value into a :class:`Hint`.

    Parameters
    ----------
    within : str, sequence of str or None
        One hint text, or several that must all hold (a row's governorate and
        district). None, NaN and empty texts are no hint.
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
        part = _part(text)
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


@functools.cache
def _unit_geometry(pcode: str) -> shapely.Geometry:
    level = {5: 1, 8: 2, 11: 3}[len(pcode)]
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
