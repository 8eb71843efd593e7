"""Which disputed territory a gazetteer place lies in (shared by geocode and hotspots).

The one placement rule (:mod:`hotspot._locate`, point in polygon on the bundled
OCHA units and the territories dissolved from them), applied to places:

* a **settlement, sub-district, site** … is in the territory its point lies in;
* a **district** or **governorate** row stands for a whole unit, and its point
  for its seat: it is in a territory when the unit containing that point lies
  wholly in the territory (Kirkuk governorate is; Diyala governorate, of which
  only Khanaqin, Kifri and Mandali are listed, is not; Balad Ruz district, of
  which only the Mandali sub-district is listed, is not);
* a place placed more loosely than 5 km (``precision_km``: a mountain range, a
  desert, a long valley) is in none, since its representative point says
  nothing about where it lies, unless the gazetteer gives its district and that
  is the district its point lies in (names compared with
  :func:`hotspot._admin_names.same_admin`): then it is in the territory that
  district lies wholly in (Wadi al-Shay, in Daquq, is in Kirkuk).

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"name": ["Daquq", "Mandali", "Baqubah", "Kirkuk"],
...     "feature_type": ["settlement", "subdistrict", "settlement", "governorate"],
...     "lat": [35.14, 33.75, 33.75, 35.47], "lon": [44.45, 45.55, 44.64, 44.39]})
>>> disputed_territory(rows).tolist()
['Kirkuk', 'Mandali', '', 'Kirkuk']
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import shapely

from hotspot._admin import load_admin
from hotspot._admin_names import same_admin
from hotspot._geo import POINT_LIKE_KM
from hotspot._locate import bundled_territories, locate_lonlat

__all__ = ["disputed_territory"]

# A unit lies wholly in a territory when this share of its area does.
_WHOLE = 0.99


@functools.cache
def _whole_units() -> dict[str, str]:
    """Governorate and district p-codes lying wholly in one territory -> its name."""
    polys, names = bundled_territories()
    out: dict[str, str] = {}
    for level in (1, 2):
        units = load_admin(level)
        geoms = units.geometry.array
        for poly, name in zip(polys, names, strict=True):
            share = shapely.area(shapely.intersection(geoms, poly)) / shapely.area(geoms)
            for pcode in units.loc[share >= _WHOLE, f"adm{level}_pcode"]:
                out[str(pcode)] = str(name)
    return out


def disputed_territory(places: pd.DataFrame) -> np.ndarray:
    """Name the disputed territory each place lies in (``""`` for none).

    Parameters
    ----------
    places : pandas.DataFrame
        Rows with ``feature_type``, ``lat`` and ``lon`` (degrees) and optionally
        ``precision_km`` and ``district``. Without ``lat``/``lon`` columns every
        place gets ``""``.

    Returns
    -------
    numpy.ndarray
        Territory names (object dtype), aligned with ``places``.

    Examples
    --------
    >>> rows = pd.DataFrame({"feature_type": ["mountain", "district", "valley"],
    ...     "lat": [34.6, 33.70, 34.97], "lon": [44.6, 45.08, 44.3],
    ...     "precision_km": [40.0, 3.0, 15.0], "district": ["", "Balad Ruz", "Daquq"]})
    >>> disputed_territory(rows).tolist()  # the Hamrin range, Balad Ruz, Wadi al-Shay
    ['', '', 'Kirkuk']
    """
    out = np.full(len(places), "", dtype=object)
    if not {"lat", "lon"} <= set(places.columns):
        return out
    lat = pd.to_numeric(places["lat"], errors="coerce").to_numpy(float)
    lon = pd.to_numeric(places["lon"], errors="coerce").to_numpy(float)
    todo = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if not todo.size:
        return out
    loose = np.zeros(len(places), dtype=bool)
    if "precision_km" in places.columns:  # a range, a desert, a long valley: no point to place
        precision = pd.to_numeric(places["precision_km"], errors="coerce").to_numpy(float)
        loose = precision > POINT_LIKE_KM
    found = locate_lonlat(lon[todo], lat[todo], sides=False)
    territory = np.array([t or "" for t in found["territory"]], dtype=object)
    kinds = places["feature_type"].to_numpy(dtype=object)[todo]
    whole = _whole_units()
    for kind, field in (("governorate", "governorate_pcode"), ("district", "district_pcode")):
        rows = np.flatnonzero(kinds == kind)
        territory[rows] = [whole.get(str(p), "") for p in found[field][rows]]
    named = (
        places["district"].fillna("").astype(str).to_numpy(dtype=object)[todo]
        if "district" in places.columns
        else np.full(todo.size, "", dtype=object)
    )
    for row in np.flatnonzero(loose[todo]):
        unit = found["district"][row]
        confirmed = bool(named[row]) and same_admin(named[row], unit, level="district")
        pcode = str(found["district_pcode"][row])
        territory[row] = whole.get(pcode, "") if confirmed else ""
    out[todo] = territory
    return out
