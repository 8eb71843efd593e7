"""The bundled administrative boundaries of Iraq (OCHA COD-AB, 2019).

Four layers, built by ``scripts/build_admin.py`` from the OCHA COD-AB Iraq
boundaries (Iraq Central Statistics Office / OCHA, edition of 2019-06-03,
licence CC BY 3.0 IGO) and shipped as ``boundaries/admin{0,1,2,3}.geojson``:

====  ==============  =====
level unit            count
====  ==============  =====
0     country         1
1     governorate     18
2     district        101
3     sub-district    294
====  ==============  =====

The sub-districts were simplified as one coverage (shared edges stay shared: no
gaps, no overlaps) and the upper levels dissolved from them, so every unit is
exactly the union of its children. ``boundaries/README.md`` gives the measured
fidelity (intersection over union with the full-resolution source, boundary
shift). Layers are read once, cached, and handed out as copies.

Examples
--------
>>> governorates = load_admin(1)
>>> len(governorates), governorates.crs.to_epsg()
(18, 4326)
>>> governorates.attrs["dataset"]["licence"]
'CC BY 3.0 IGO'
"""

from __future__ import annotations

import copy
import functools
import json

import geopandas as gpd
import numpy as np
import shapely

from hotspot._data import data_path
from hotspot._geo import haversine_m
from hotspot.errors import BoundaryError

__all__ = [
    "ADMIN_LEVELS",
    "ADMIN_UNITS",
    "admin_simplification",
    "country_outline",
    "km_outside_country",
    "load_admin",
    "read_bundled_layer",
]

#: Administrative levels: 0 = country, 1 = governorates, 2 = districts, 3 = sub-districts.
ADMIN_LEVELS: tuple[int, ...] = (0, 1, 2, 3)

#: What one unit of each level is called.
ADMIN_UNITS: dict[int, str] = {0: "country", 1: "governorate", 2: "district", 3: "sub-district"}


def _check_level(level: object) -> int:
    if isinstance(level, bool) or level not in ADMIN_LEVELS:
        raise BoundaryError(
            f"level: {level!r} is not an admin level; expected one of {list(ADMIN_LEVELS)} "
            f"({', '.join(f'{n} = {u}' for n, u in ADMIN_UNITS.items())})"
        )
    return int(level)  # type: ignore[call-overload]


@functools.cache
def _document(name: str) -> dict:
    path = data_path(f"boundaries/{name}.geojson")
    return json.loads(path.read_text(encoding="utf-8"))


def read_bundled_layer(name: str) -> gpd.GeoDataFrame:
    """Read ``boundaries/<name>.geojson`` as written by the build scripts in ``scripts/``.

    Parameters
    ----------
    name : str
        The file name without ``.geojson``, e.g. ``"admin1"`` or ``"reference_towns"``.

    Returns
    -------
    geopandas.GeoDataFrame
        The properties in file order (missing values as None) and ``geometry``, in
        EPSG:4326; ``attrs["dataset"]`` holds the file's ``dataset`` member plus its
        ``path``. A new frame on every call (the parsed file is cached).

    Examples
    --------
    >>> read_bundled_layer("admin0")["adm0_en"].tolist()
    ['Iraq']
    """
    doc = _document(name)
    columns = list(doc["features"][0]["properties"])
    frame = gpd.GeoDataFrame.from_features(doc["features"], crs="EPSG:4326")
    frame = frame[[*columns, "geometry"]]
    for column in columns:
        if frame[column].isna().any() and frame[column].dtype.kind not in "if":
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    path = data_path(f"boundaries/{name}.geojson")
    frame.attrs["dataset"] = {**doc.get("dataset", {}), "path": str(path)}
    return frame


@functools.cache
def _layer(level: int) -> gpd.GeoDataFrame:
    return read_bundled_layer(f"admin{level}")


def load_admin(level: int) -> gpd.GeoDataFrame:
    """Return the bundled administrative units of Iraq at one level.

    Parameters
    ----------
    level : {0, 1, 2, 3}
        0 = the country, 1 = the 18 governorates, 2 = the 101 districts,
        3 = the 294 sub-districts (OCHA COD-AB Iraq, 2019).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit, sorted by p-code, in EPSG:4326. Columns
        ``adm{n}_pcode``, ``adm{n}_en``, ``adm{n}_ar`` (English and Arabic
        names), ``adm{n}_alt_en`` and ``adm{n}_alt_ar`` (alternate names,
        pipe-separated, or None) for the level ``n`` itself, then
        ``adm{k}_pcode``, ``adm{k}_en`` and ``adm{k}_ar`` for every parent level
        ``k`` down to 0, and ``geometry`` (Polygon). ``attrs["dataset"]`` holds
        the source's name, version, licence, citation and path. A new copy on
        every call.

    Raises
    ------
    hotspot.errors.BoundaryError
        If ``level`` is not one of :data:`ADMIN_LEVELS`.

    See Also
    --------
    country_outline : the level-0 polygon as a shapely geometry.

    Examples
    --------
    >>> districts = load_admin(2)
    >>> districts.loc[districts["adm2_en"] == "Kirkuk", ["adm2_pcode", "adm1_en"]].values.tolist()
    [['IQG13Q04', 'Kirkuk']]
    >>> load_admin(4)
    Traceback (most recent call last):
    ...
    hotspot.errors.BoundaryError: level: 4 is not an admin level; expected one of [0, 1, 2, 3] ...
    """
    frame = _layer(_check_level(level))
    out = frame.copy()
    out.attrs = copy.deepcopy(frame.attrs)
    return out


def admin_simplification() -> dict:
    """Return how the bundled admin layers were simplified.

    Returns
    -------
    dict
        ``method``, ``tolerance_deg`` (the ``coverage_simplify`` tolerance),
        ``grid_deg`` (the coordinate grid) and ``max_shift_km`` (the largest
        distance between a bundled boundary and the full-resolution one,
        measured by ``scripts/build_admin.py``).

    Examples
    --------
    >>> admin_simplification()["max_shift_km"] < 0.5
    True
    """
    return dict(_document("admin0")["simplification"])


@functools.cache
def country_outline() -> shapely.Polygon:
    """Return Iraq's outline: the bundled OCHA COD-AB country polygon (EPSG:4326).

    Used to check that places and layers lie in Iraq. It is the union of the
    bundled sub-districts, within about 0.2 km of the full-resolution OCHA
    boundary (see :func:`admin_simplification`).

    Returns
    -------
    shapely.Polygon
        Prepared polygon in lon/lat degrees (shared, immutable).

    Examples
    --------
    >>> import shapely
    >>> country_outline().contains(shapely.Point(44.39, 35.47))  # Kirkuk
    True
    """
    geometry = shapely.union_all(_layer(0).geometry.array)
    shapely.prepare(geometry)
    return geometry


def km_outside_country(lat: object, lon: object) -> np.ndarray:
    """Return how far points lie outside Iraq's outline (km; 0 for a point inside).

    The one rule for "does this place lie in Iraq": a place lies in Iraq when its
    point is no further outside the outline than its own precision plus the
    outline's simplification (:func:`admin_simplification`, 0.17 km): a border
    crossing listed at 1 km precision, 0.4 km beyond the simplified line, is still
    Iraq's. The nearest point of the outline is found in degrees and the distance
    to it measured on the sphere (haversine), close enough at these distances.

    Parameters
    ----------
    lat, lon : array-like of float
        WGS 84 degrees.

    Returns
    -------
    numpy.ndarray
        Great-circle distance from each point to the nearest point of the outline,
        0 inside; NaN where a coordinate is missing.

    Raises
    ------
    ValueError
        If ``lat`` and ``lon`` differ in length.

    Examples
    --------
    >>> km_outside_country([35.47, 37.0673], [44.39, 42.3769]).round(1)  # Kirkuk, Fishkhabour
    array([0. , 0.4])
    """
    lat = np.atleast_1d(np.asarray(lat, dtype=float))
    lon = np.atleast_1d(np.asarray(lon, dtype=float))
    if lat.shape != lon.shape:
        raise ValueError(f"lat and lon differ in length ({lat.size} and {lon.size} values)")
    out = np.zeros(lat.shape)
    finite = np.isfinite(lat) & np.isfinite(lon)
    out[~finite] = np.nan
    points = shapely.points(lon[finite], lat[finite])
    outline = country_outline()
    outside = np.flatnonzero(finite)[~shapely.contains(outline, points)]
    if len(outside):
        near = shapely.shortest_line(outline.boundary, shapely.points(lon[outside], lat[outside]))
        ends = shapely.get_coordinates(near).reshape(-1, 2, 2)[:, 0, :]
        out[outside] = haversine_m(lat[outside], lon[outside], ends[:, 1], ends[:, 0]) / 1e3
    return out
