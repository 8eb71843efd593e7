"""Which disputed territory a gazetteer place lies in (shared by geocode and hotspots).

A place with a known district is in a territory when that district is on the
Article 140 list (``boundaries/disputed_districts.csv``) — exact by admin unit,
which the schematic polygons are not. A place without a district (a range, a
valley, a road) takes the territory its point falls in on the bundled
disputed-territory polygons (:func:`hotspot.locate.locate`).
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from hotspot._normalize import name_keys

__all__ = ["disputed_territory"]

_SHORT_SKELETON = 3  # shorter skeletons are too common to identify a unit
# Places placed more loosely than this (ranges, deserts, long valleys) are not
# assigned a territory from the point that stands for them.
_POINT_LIKE_KM = 5.0

# Scopes other than "whole district" name sub-districts, written as
# "sub-district: Mandali", "Mandali sub-district only" or "part (A and B sub-districts)".
_SCOPE_PATTERNS = (
    re.compile(r"sub-?districts?\s*:\s*(.+)$", re.I),
    re.compile(r"^\s*(.+?)\s+sub-?districts?\s+only\s*$", re.I),
    re.compile(r"\((.+?)\s+sub-?districts?\)", re.I),
)


def _same_admin(a: str, b: str) -> bool:
    """Whether two admin-unit names are spellings of one name (core or skeleton)."""
    if not a or not b:
        return False
    ka, kb = name_keys(a), name_keys(b)
    return ka.core == kb.core or (
        len(ka.skeleton) >= _SHORT_SKELETON and ka.skeleton == kb.skeleton
    )


@functools.cache
def _disputed_table() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """Rows (territory, governorate, district, sub-districts or ()) of the Article 140 list."""
    from hotspot.boundaries import load_disputed_districts

    rows = []
    for row in load_disputed_districts().itertuples(index=False):
        scope = row.scope.strip()
        subs: tuple[str, ...] = ()
        if scope.lower() != "whole district":
            for pattern in _SCOPE_PATTERNS:
                if m := pattern.search(scope):
                    subs = tuple(
                        s.strip() for s in re.split(r",|;|\band\b", m.group(1)) if s.strip()
                    )
                    break
            if not subs:  # a part we cannot place: flag nothing
                continue
        rows.append((row.territory, row.governorate, row.district, subs))
    return tuple(rows)


def disputed_territory(places: pd.DataFrame, *, by_point: str = "unknown") -> np.ndarray:
    """Name the disputed territory each place lies in (``""`` for none).

    By admin unit where the place names its district: a district on the
    Article 140 list with scope "whole district" puts all its places in the
    territory; a sub-district scope (Mandali in Balad Ruz) counts only for the
    sub-district row of that name and a settlement of that name (its seat); a
    governorate row is flagged when all its district rows lie in one territory
    (Kirkuk). Places without a district fall back to the bundled schematic
    territory polygons at their ``lat``/``lon``, when those columns are given
    and the place is point-like (``precision_km`` of 5 km or better, when given):
    a mountain range's representative point says nothing about where it lies.

    Parameters
    ----------
    places : pandas.DataFrame
        Rows with ``name``, ``feature_type``, ``governorate``, ``district`` and
        optionally ``lat``, ``lon`` (degrees).
    by_point : {"unknown", "partial"}, default "unknown"
        Which rows fall back to the polygons: those without a district, and with
        ``"partial"`` also those in a district only partly on the list (a point
        in Balad Ruz district may or may not be in its Mandali sub-district).

    Returns
    -------
    numpy.ndarray
        Territory names (object dtype), aligned with ``places``.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"name": ["Daquq", "Mandali", "Baqubah", "Hamrin"],
    ...     "feature_type": ["settlement", "subdistrict", "settlement", "mountain"],
    ...     "governorate": ["Kirkuk", "Diyala", "Diyala", ""],
    ...     "district": ["Daquq", "Balad Ruz", "Baqubah", ""],
    ...     "lat": [35.14, 33.75, 33.75, 35.47], "lon": [44.45, 45.55, 44.64, 44.39]})
    >>> disputed_territory(rows).tolist()
    ['Kirkuk', 'Mandali', '', 'Kirkuk']
    """
    if by_point not in ("unknown", "partial"):
        raise ValueError(f"by_point={by_point!r} is not one of unknown, partial")
    table = _disputed_table()
    out = np.full(len(places), "", dtype=object)
    names = places["name"].to_numpy()
    types = places["feature_type"].to_numpy()
    govs = places["governorate"].to_numpy()
    dists = places["district"].fillna("").to_numpy()
    district_of: dict[str, str] = {}
    for i in range(len(places)):
        district = names[i] if types[i] == "district" else dists[i]
        if not district:
            continue
        if district not in district_of:
            district_of[district] = ""
            for territory, _gov, t_district, subs in table:
                if not subs and _same_admin(district, t_district):
                    district_of[district] = territory
                    break
        territory = district_of[district]
        if not territory:
            for t_name, _gov, t_district, subs in table:
                if subs and _same_admin(district, t_district):
                    in_sub = types[i] in ("subdistrict", "settlement") and any(
                        _same_admin(names[i], s) for s in subs
                    )
                    if in_sub:
                        territory = t_name
                        break
        out[i] = territory
    for i in np.flatnonzero(types == "governorate"):
        in_gov = (types == "district") & (govs == names[i])
        found = set(out[in_gov])
        if in_gov.any() and len(found) == 1 and "" not in found:
            out[i] = found.pop()
    if {"lat", "lon"} <= set(places.columns):
        own = np.where(types == "district", names, dists)
        no_unit = (own == "") & ~np.isin(types, ["governorate", "country"])
        if by_point == "partial":
            partial = [t_district for _t, _g, t_district, subs in table if subs]
            no_unit |= (out == "") & np.array(
                [any(_same_admin(d, p) for p in partial) for d in own], dtype=bool
            )
        lat = pd.to_numeric(places["lat"], errors="coerce").to_numpy(float)
        lon = pd.to_numeric(places["lon"], errors="coerce").to_numpy(float)
        point_like = np.ones(len(places), dtype=bool)
        if "precision_km" in places.columns:  # a range or a desert is no point to place
            precision = pd.to_numeric(places["precision_km"], errors="coerce").to_numpy(float)
            point_like = ~(precision > _POINT_LIKE_KM)
        todo = np.flatnonzero(no_unit & point_like & np.isfinite(lat) & np.isfinite(lon))
        if todo.size:
            from hotspot.locate import locate

            found = locate((lat[todo], lon[todo]))["territory"].tolist()
            out[todo] = [t if isinstance(t, str) else "" for t in found]
    return out
