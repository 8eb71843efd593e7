"""Naming a point or a stretch after the settlement an analyst would say.

One rule for hotspot labels (:func:`hotspot.hotspots.find_hotspots`) and
vacuum-zone labels (:func:`hotspot.gaps.find_gaps`): a label names a
**settlement**, never a landmark (a mosque, a camp, a ruin, a mountain), chosen
by admin rank, then population, then distance:

====  =================  ========================================  =======
rank  kind               from the gazetteer                        reach
====  =================  ========================================  =======
0     governorate seat   the seat named by a governorate row       15 km
1     district seat      a district row (it stands at the seat)    8 km
2     sub-district seat  a sub-district row ("X Centre" is X)      5 km
3     town               any other settlement (population ≥ 10k)   3 km
4     village            a settlement with population < 10k        2 km
====  =================  ========================================  =======

A settlement row with the name of a seat, close to it, takes the seat's rank.
Without a ``population`` column (the bundled gazetteer has none) towns and
villages are not told apart: both are rank 3. A point takes the best-ranked
place whose reach covers it (the nearest among equals); when none does, it is
named by distance and direction from the best-ranked place within four times
its reach ("12 km SW of Nasiriyah"), else from the nearest settlement.

A governorate's seat is the place named in its row's ``source`` as
``seat (Name)``, or else the district row at the same position.

Examples
--------
>>> import pandas as pd
>>> places = places_from_gazetteer(pd.DataFrame({
...     "name": ["Kirkuk", "Kirkuk", "Kirkuk Citadel", "Laylan"],
...     "feature_type": ["governorate", "district", "site", "settlement"],
...     "lat": [35.468, 35.468, 35.47, 35.30], "lon": [44.392, 44.392, 44.40, 44.52],
...     "governorate": ["Kirkuk"] * 4, "district": ["", "Kirkuk", "Kirkuk", "Kirkuk"],
...     "source": ["curated: seat (Kirkuk) town centre", "", "", ""]}))
>>> name_points([35.47, 35.301, 35.1], [44.40, 44.52, 44.1], places).tolist()
['Kirkuk', 'Laylan', '49 km SW of Kirkuk']
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from hotspot._geo import chord_from_m, m_from_chord, unit_vectors
from hotspot._normalize import TOWN_TYPES, normalize_name, skeleton
from hotspot.gazetteer import load_gazetteer

__all__ = [
    "RANKS",
    "REACH_M",
    "Places",
    "bundled_places",
    "name_points",
    "name_span",
    "places_from_gazetteer",
]

#: The ranks of places, best first.
RANKS: tuple[str, ...] = (
    "governorate seat",
    "district seat",
    "sub-district seat",
    "town",
    "village",
)
#: How far from a place its name carries, by rank (metres).
REACH_M: tuple[float, ...] = (15_000.0, 8_000.0, 5_000.0, 3_000.0, 2_000.0)
#: Population from which a settlement is a town (when the gazetteer gives population).
TOWN_POPULATION = 10_000

_FALLBACK_FACTOR = 4.0
_SEAT_MATCH_M = 10_000.0  # a settlement this close to a seat row, with its name, is the seat
_SEAT_SOURCE = re.compile(r"\bseat \(([^)]+)\)")
_CENTRE = re.compile(r"\s+(?:Centre|Center|Markaz)$", re.IGNORECASE)
_COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


@dataclass(frozen=True)
class Places:
    """Settlements that may name a place, with their rank.

    Attributes
    ----------
    names : numpy.ndarray
        Display names (object dtype).
    lat, lon : numpy.ndarray
        Degrees.
    rank : numpy.ndarray
        Index into :data:`RANKS`.
    population : numpy.ndarray
        Population, NaN when unknown.
    """

    names: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    rank: np.ndarray
    population: np.ndarray

    def __len__(self) -> int:
        return len(self.names)

    @functools.cached_property
    def _xyz(self) -> np.ndarray:
        return unit_vectors(np.radians(self.lat), np.radians(self.lon))

    @functools.cached_property
    def _tree(self) -> cKDTree:
        return cKDTree(self._xyz)


def _key(name: str) -> str:
    core = normalize_name(_CENTRE.sub("", str(name)))
    return skeleton(core) or core


def places_from_gazetteer(gazetteer: pd.DataFrame) -> Places:
    """Rank the settlements of a gazetteer (see the module docstring).

    Parameters
    ----------
    gazetteer : pandas.DataFrame
        Rows with ``name``, ``feature_type``, ``lat``, ``lon`` and optionally
        ``governorate``, ``source`` and ``population``.

    Returns
    -------
    Places
        Settlement, district and sub-district rows with finite positions.

    Examples
    --------
    >>> gaz = pd.DataFrame({"name": ["Taji", "Camp Taji"], "feature_type": ["subdistrict", "site"],
    ...                     "lat": [33.53, 33.53], "lon": [44.27, 44.26]})
    >>> places_from_gazetteer(gaz).names.tolist()
    ['Taji']
    """
    table = gazetteer.reset_index(drop=True)
    lat = pd.to_numeric(table["lat"], errors="coerce").to_numpy(float)
    lon = pd.to_numeric(table["lon"], errors="coerce").to_numpy(float)
    kind = table["feature_type"].astype(str).to_numpy()
    names = table["name"].astype(str).to_numpy()
    finite = np.isfinite(lat) & np.isfinite(lon)
    population = (
        pd.to_numeric(table["population"], errors="coerce").to_numpy(float)
        if "population" in table.columns
        else np.full(len(table), np.nan)
    )
    keys = np.array([_key(n) for n in names], dtype=object)
    xyz = unit_vectors(
        np.radians(np.where(finite, lat, 0.0)), np.radians(np.where(finite, lon, 0.0))
    )

    # seats: (key, xyz, rank) of every admin row
    seats: list[tuple[str, np.ndarray, int]] = []
    districts = np.flatnonzero(finite & (kind == "district"))
    for i in np.flatnonzero(finite & (kind == "governorate")):
        source = str(table["source"].iat[i]) if "source" in table.columns else ""
        found = _SEAT_SOURCE.search(source)
        seat = _key(found.group(1)) if found else None
        if seat is None and districts.size:
            d = m_from_chord(np.linalg.norm(xyz[districts] - xyz[i], axis=1))
            j = int(np.argmin(d))
            seat = keys[districts[j]] if d[j] <= 1_000.0 else None
        if seat:
            seats.append((seat, xyz[i], 0))
    for rank, kind_name in ((1, "district"), (2, "subdistrict")):
        seats.extend((keys[i], xyz[i], rank) for i in np.flatnonzero(finite & (kind == kind_name)))

    take = finite & np.isin(kind, [*TOWN_TYPES, "district", "subdistrict"])
    rank = np.where(np.nan_to_num(population, nan=TOWN_POPULATION) >= TOWN_POPULATION, 3, 4).astype(
        np.int64
    )
    rank[kind == "district"] = 1
    rank[kind == "subdistrict"] = 2
    for key, where, seat_rank in seats:
        near = take & (keys == key)
        near &= m_from_chord(np.linalg.norm(xyz - where, axis=1)) <= _SEAT_MATCH_M
        rank[near] = np.minimum(rank[near], seat_rank)
    display = np.array([_CENTRE.sub("", n) for n in names], dtype=object)
    idx = np.flatnonzero(take)
    return Places(
        names=display[idx],
        lat=lat[idx],
        lon=lon[idx],
        rank=rank[idx],
        population=population[idx],
    )


@functools.cache
def bundled_places() -> Places:
    """Return the ranked places of the bundled gazetteer (cached).

    Returns
    -------
    Places
        See :func:`places_from_gazetteer`.

    Examples
    --------
    >>> len(bundled_places()) > 500
    True
    """
    return places_from_gazetteer(load_gazetteer())


def _bearing(lat0: float, lon0: float, lat1: float, lon1: float) -> str:
    """Compass direction (8 winds) from point 0 to point 1."""
    phi0, phi1 = math.radians(lat0), math.radians(lat1)
    dlon = math.radians(lon1 - lon0)
    y = math.sin(dlon) * math.cos(phi1)
    x = math.cos(phi0) * math.sin(phi1) - math.sin(phi0) * math.cos(phi1) * math.cos(dlon)
    angle = (math.degrees(math.atan2(y, x)) + 360.0) % 360.0
    return _COMPASS[int((angle + 22.5) // 45.0) % 8]


def name_points(lat: np.ndarray, lon: np.ndarray, places: Places | None) -> np.ndarray:
    """Name each point after a settlement (see the module docstring).

    Parameters
    ----------
    lat, lon : array_like
        Degrees; NaN gives ``""``.
    places : Places or None
        From :func:`places_from_gazetteer`; None (or no places) gives ``""``.

    Returns
    -------
    numpy.ndarray
        Labels (object dtype): a settlement name, or ``"N km DIR of Name"``.

    Examples
    --------
    >>> name_points([33.53], [44.262], bundled_places()).tolist()  # Camp Taji
    ['Taji']
    """
    lat = np.asarray(lat, dtype=float).ravel()
    lon = np.asarray(lon, dtype=float).ravel()
    out = np.full(lat.size, "", dtype=object)
    if places is None or not len(places) or not lat.size:
        return out
    ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if not ok.size:
        return out
    xyz = unit_vectors(np.radians(lat[ok]), np.radians(lon[ok]))
    reach = np.asarray(REACH_M)
    pop = np.nan_to_num(places.population, nan=-1.0)
    near_lists = places._tree.query_ball_point(xyz, r=chord_from_m(_FALLBACK_FACTOR * reach.max()))
    _, nearest = places._tree.query(xyz, k=1)
    for row, i in enumerate(ok):
        cand = np.asarray(near_lists[row], dtype=np.int64)
        d = np.asarray(m_from_chord(np.linalg.norm(places._xyz[cand] - xyz[row], axis=1)))
        r = places.rank[cand]
        within = np.flatnonzero(d <= reach[r])
        if within.size:  # the best-ranked place whose name carries here, then the nearest
            best = within[np.lexsort((d[within], -pop[cand[within]], r[within]))[0]]
            out[i] = str(places.names[cand[best]])
            continue
        scaled = d / reach[r]  # distance in units of each place's reach
        near = np.flatnonzero(scaled <= _FALLBACK_FACTOR)
        best = near[np.lexsort((r[near], scaled[near]))[0]] if near.size else None
        if best is None:  # nothing near: the nearest settlement, however far
            j = int(nearest[row])
            dist = float(m_from_chord(np.linalg.norm(places._xyz[j] - xyz[row])))
        else:
            j, dist = int(cand[best]), float(d[best])
        direction = _bearing(places.lat[j], places.lon[j], lat[i], lon[i])
        out[i] = f"{dist / 1000:.0f} km {direction} of {places.names[j]}"
    return out


def name_span(
    lat0: np.ndarray, lon0: np.ndarray, lat1: np.ndarray, lon1: np.ndarray, places: Places | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Name stretches (a vacuum zone along the front) after the places at their two ends.

    Parameters
    ----------
    lat0, lon0, lat1, lon1 : array_like
        Degrees of the start and the end of each stretch.
    places : Places or None
        As for :func:`name_points`.

    Returns
    -------
    label, first, last : numpy.ndarray
        ``first`` and ``last`` name the ends (:func:`name_points`); ``label`` is
        ``"first – last"``, or one name when both ends have the same.

    Examples
    --------
    >>> label, first, last = name_span([35.47], [44.39], [35.13], [44.45], bundled_places())
    >>> label.tolist()
    ['Kirkuk – Daquq']
    """
    first = name_points(lat0, lon0, places)
    last = name_points(lat1, lon1, places)
    label = np.array(
        [
            a if a == b or not b else (b if not a else f"{a} – {b}")
            for a, b in zip(first, last, strict=True)
        ],
        dtype=object,
    )
    return label, first, last
