"""Where points are: the one point-in-polygon rule on the bundled layers.

Every answer to "which governorate, district, sub-district, disputed territory,
side of the front is this point in" comes from here: :func:`hotspot.locate.locate`,
hotspot descriptions, vacuum-zone places, the disputed-territory status of
gazetteer places, and (through :func:`locate_lonlat`) the geocoder and the
readers. There is no nearest-seat or nearest-place fallback.

* **Admin units**: the sub-district (OCHA COD-AB, :func:`hotspot._admin.load_admin`
  level 3) whose polygon contains the point; its district and governorate are
  its parents (the bundled units nest exactly). A point on a shared boundary
  takes the unit with the lowest p-code.
* **Outside the country**: no unit; ``outside_iraq_km`` says how far outside
  (great-circle distance to the nearest point of the outline), 0 inside.
* **Disputed territory**: the territory polygon containing the point
  (:func:`hotspot.boundaries.load_disputed_territories`, dissolved from the same
  units), ``""`` for none.
* **Side**: ``"vacuum"``, ``"krg"`` or ``"federal"`` from the regions of the front
  (:func:`hotspot._front.side_regions`), computed in EPSG:32638 like
  :func:`hotspot.gaps.find_gaps`; built only when sides are asked for.

Queries are vectorised: one STRtree query per layer, the polygons as the
prepared side of the test.

Examples
--------
>>> out = locate_lonlat([44.39, 44.36], [35.47, 33.31], sides=False)
>>> out["governorate"].tolist(), out["territory"].tolist()
(['Kirkuk', 'Baghdad'], ['Kirkuk', ''])
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import ArrayLike
from pyproj import Transformer

from hotspot._admin import country_outline, load_admin
from hotspot._admin_names import display_names
from hotspot._front import build_front, outline_metric, side_regions
from hotspot._geo import GEOGRAPHIC_CRS, METRIC_CRS, haversine_m
from hotspot.boundaries import load_control_lines, load_disputed_territories

__all__ = [
    "ADMIN_FIELDS",
    "AdminUnits",
    "admin_units",
    "bundled_admin",
    "bundled_sides",
    "bundled_territories",
    "label_points",
    "locate_lonlat",
    "outside_km",
    "side_of",
]

#: Admin columns :func:`locate_lonlat` returns.
ADMIN_FIELDS: tuple[str, ...] = (
    "governorate",
    "governorate_pcode",
    "district",
    "district_pcode",
    "subdistrict",
    "subdistrict_pcode",
)


@dataclass(frozen=True)
class AdminUnits:
    """Polygons to place points in, with the admin fields of each (EPSG:4326).

    Attributes
    ----------
    geoms : numpy.ndarray
        Polygons, in the order ties are broken (first wins).
    fields : dict of str to numpy.ndarray
        For each of :data:`ADMIN_FIELDS`, one value per polygon (None when the
        layer does not know it).
    """

    geoms: np.ndarray
    fields: dict[str, np.ndarray]


def admin_units(frame: gpd.GeoDataFrame) -> AdminUnits:
    """Return the units of an admin layer in the bundled schema or the read_admin schema.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        A :func:`hotspot._admin.load_admin` layer (``adm{n}_en`` …) or a
        :func:`hotspot.boundaries.read_admin` layer (``level``, ``name``,
        ``pcode``, ``adm1_name`` …), in EPSG:4326.

    Returns
    -------
    AdminUnits
        Sorted by p-code (ties on shared boundaries go to the lowest).

    Examples
    --------
    >>> units = admin_units(load_admin(1))
    >>> len(units.geoms), units.fields["district"][0] is None
    (18, True)
    """
    frame = frame.to_crs(GEOGRAPHIC_CRS) if not frame.crs.equals(GEOGRAPHIC_CRS) else frame
    n = len(frame)
    none = np.full(n, None, dtype=object)

    def col(name: str) -> np.ndarray:
        return frame[name].to_numpy(dtype=object) if name in frame.columns else none

    if "level" in frame.columns and "name" in frame.columns:  # read_admin schema
        level = int(frame["level"].max())
        own = {1: "governorate", 2: "district", 3: "subdistrict"}.get(level)
        fields = {f: none for f in ADMIN_FIELDS}
        if own:
            fields[own], fields[f"{own}_pcode"] = col("name"), col("pcode")
        if level > 1:
            fields["governorate"], fields["governorate_pcode"] = col("adm1_name"), col("adm1_pcode")
        if level > 2:
            fields["district"], fields["district_pcode"] = col("adm2_name"), col("adm2_pcode")
        order = np.argsort(col("pcode").astype(str), kind="stable")
    else:  # bundled schema: adm{n}_en, adm{n}_pcode
        names = {1: "governorate", 2: "district", 3: "subdistrict"}
        fields = {}
        for k, name in names.items():
            fields[name], fields[f"{name}_pcode"] = col(f"adm{k}_en"), col(f"adm{k}_pcode")
        deepest = max(k for k in (0, 1, 2, 3) if f"adm{k}_pcode" in frame.columns)
        order = np.argsort(col(f"adm{deepest}_pcode").astype(str), kind="stable")
    return AdminUnits(
        geoms=np.asarray(frame.geometry.array, dtype=object)[order],
        fields={k: np.asarray(v, dtype=object)[order] for k, v in fields.items()},
    )


@functools.cache
def bundled_admin() -> AdminUnits:
    """Return the bundled sub-districts as :class:`AdminUnits` (cached).

    Returns
    -------
    AdminUnits
        294 sub-districts with their district and governorate.

    Examples
    --------
    >>> len(bundled_admin().geoms)
    294
    """
    units = admin_units(load_admin(3))
    # the names analysts write (Nineveh, Hawija), as the gazetteer has them; p-codes unchanged
    names = {
        field: display_names(values, level=field) if not field.endswith("_pcode") else values
        for field, values in units.fields.items()
    }
    return AdminUnits(geoms=units.geoms, fields=names)


@functools.cache
def bundled_territories() -> tuple[np.ndarray, np.ndarray]:
    """Return the bundled disputed-territory polygons and names (EPSG:4326, cached).

    Returns
    -------
    polygons, names : numpy.ndarray
        One per territory.

    Examples
    --------
    >>> "Kirkuk" in bundled_territories()[1]
    True
    """
    terr = load_disputed_territories()
    return np.asarray(terr.geometry.array, dtype=object), terr["name"].to_numpy(dtype=object)


@functools.cache
def bundled_sides() -> dict[str, shapely.Geometry]:
    """Return the regions of the bundled front (EPSG:32638, cached).

    Returns
    -------
    dict of str to shapely geometry
        ``"vacuum"``, ``"krg"``, ``"federal"``.

    Examples
    --------
    >>> sorted(bundled_sides())
    ['federal', 'krg', 'vacuum']
    """
    lines = load_control_lines().to_crs(METRIC_CRS)
    front = build_front(
        lines[lines["side"] == "federal"], lines[lines["side"] == "krg"], outline=outline_metric()
    )
    return side_regions(front, outline_metric())


def _first_containing(polys: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Position of the first polygon containing (or touching) each point; -1 for none."""
    out = np.full(x.size, -1, dtype=np.int64)
    finite = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    if not finite.size or not len(polys):
        return out
    points = shapely.points(x[finite], y[finite])
    tree = shapely.STRtree(points)
    shapely.prepare(polys)
    poly_i, point_i = tree.query(polys, predicate="intersects")  # polygons are prepared
    if not poly_i.size:
        return out
    order = np.lexsort((poly_i, point_i))
    poly_i, point_i = poly_i[order], point_i[order]
    first = np.unique(point_i, return_index=True)[1]
    out[finite[point_i[first]]] = poly_i[first]
    return out


def label_points(
    polys: ArrayLike, labels: ArrayLike, x: ArrayLike, y: ArrayLike, *, missing: object = None
) -> np.ndarray:
    """Label points by the first polygon that contains them.

    Parameters
    ----------
    polys : array_like of shapely geometry
        Polygons, in priority order.
    labels : array_like
        One label per polygon.
    x, y : array_like
        Point coordinates in the polygons' CRS (NaN: no point).
    missing : object, default None
        Label of points in no polygon.

    Returns
    -------
    numpy.ndarray
        Labels (object dtype).

    Examples
    --------
    >>> label_points([shapely.box(0, 0, 1, 1)], ["a"], [0.5, 2], [0.5, 2]).tolist()
    ['a', None]
    """
    polys = np.asarray(polys, dtype=object)
    values = np.empty(len(polys), dtype=object)
    values[:] = list(labels)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    pos = _first_containing(polys, x, y)
    out = np.full(x.size, missing, dtype=object)
    out[pos >= 0] = values[pos[pos >= 0]]
    return out


def outside_km(lon: ArrayLike, lat: ArrayLike, *, inside: np.ndarray | None = None) -> np.ndarray:
    """Return how far each point lies outside Iraq (great circle to the outline), 0 inside.

    The nearest point of the outline is found in EPSG:32638 (exact enough near
    Iraq; far away, the distance is only indicative).

    Parameters
    ----------
    lon, lat : array_like
        Degrees (NaN: no point, giving NaN).
    inside : numpy.ndarray of bool, optional
        Points already known to lie inside (e.g. in a bundled unit); the rest
        are tested against the outline.

    Returns
    -------
    numpy.ndarray
        Kilometres.

    Examples
    --------
    >>> outside_km([44.39, 45.0], [35.47, 38.0]).round(0).tolist()  # Kirkuk; in Turkey
    [0.0, 95.0]
    """
    lon, lat = np.asarray(lon, dtype=float).ravel(), np.asarray(lat, dtype=float).ravel()
    out = np.full(lon.size, np.nan)
    finite = np.isfinite(lon) & np.isfinite(lat)
    known = np.zeros(lon.size, dtype=bool) if inside is None else np.asarray(inside, dtype=bool)
    test = np.flatnonzero(finite & ~known)
    within = known & finite
    within[test] = shapely.intersects_xy(country_outline(), lon[test], lat[test])
    out[within] = 0.0
    far = np.flatnonzero(finite & ~within)
    if far.size:  # the nearest border point found in UTM 38N, the distance on the sphere
        x, y = _to_metric().transform(lon[far], lat[far])
        points = shapely.points(x, y)
        edges = _border_edges()
        nearest = edges[shapely.STRtree(edges).query_nearest(points, all_matches=False)[1]]
        ends = shapely.get_coordinates(shapely.shortest_line(nearest, points))[0::2]
        b_lon, b_lat = _to_metric().transform(ends[:, 0], ends[:, 1], direction="INVERSE")
        out[far] = haversine_m(b_lat, b_lon, lat[far], lon[far]) / 1000.0
    return out


@functools.cache
def _border_edges() -> np.ndarray:
    """Return the outline's edges (EPSG:32638) as two-point lines, for nearest-edge queries."""
    rings = shapely.get_parts(shapely.boundary(outline_metric()))
    pieces = []
    for ring in rings:
        c = shapely.get_coordinates(ring)
        pieces.append(shapely.linestrings(np.stack([c[:-1], c[1:]], axis=1)))
    return np.concatenate(pieces)


@functools.cache
def _to_metric() -> Transformer:
    return Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)


def side_of(
    lon: ArrayLike, lat: ArrayLike, regions: dict[str, shapely.Geometry] | None = None
) -> np.ndarray:
    """Return ``"vacuum"``, ``"krg"``, ``"federal"`` or None for each point.

    Parameters
    ----------
    lon, lat : array_like
        Degrees.
    regions : dict, optional
        Side regions in EPSG:32638 (:func:`hotspot._front.side_regions`); the
        bundled front's by default.

    Returns
    -------
    numpy.ndarray
        Side names (object dtype).

    Examples
    --------
    >>> side_of([44.0, 44.39], [36.19, 35.47]).tolist()  # Erbil, Kirkuk
    ['krg', 'federal']
    """
    regions = bundled_sides() if regions is None else regions
    x, y = _to_metric().transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    names = [k for k in ("vacuum", "krg", "federal") if not regions[k].is_empty]
    return label_points([regions[k] for k in names], names, np.asarray(x), np.asarray(y))


def locate_lonlat(
    lon: ArrayLike,
    lat: ArrayLike,
    *,
    admin: AdminUnits | None = None,
    territories: tuple[np.ndarray, np.ndarray] | None = None,
    sides: bool | dict[str, shapely.Geometry] = True,
) -> dict[str, np.ndarray]:
    """Place points given as lon/lat arrays: admin units, territory, side, distance outside.

    The fast path for package callers (the geocoder, the readers, hotspots):
    arrays in, arrays out, no pandas.

    Parameters
    ----------
    lon, lat : array_like
        Degrees (EPSG:4326); NaN where there is no point.
    admin : AdminUnits, optional
        Units to place in; the bundled sub-districts by default.
    territories : (polygons, names), optional
        Disputed-territory polygons (EPSG:4326) and names; the bundled ones by
        default.
    sides : bool or dict, default True
        Whether to compute ``side`` (the bundled front, or the given regions in
        EPSG:32638). False leaves the front unbuilt.

    Returns
    -------
    dict of str to numpy.ndarray
        :data:`ADMIN_FIELDS` (None outside every unit), ``territory`` (``""``
        for none, None without a point), ``outside_iraq_km`` (0 inside, NaN
        without a point) and, with ``sides``, ``side``.

    Examples
    --------
    >>> out = locate_lonlat([44.39], [35.47])
    >>> out["district"].tolist(), out["district_pcode"].tolist(), out["side"].tolist()
    (['Kirkuk'], ['IQG13Q04'], ['federal'])
    """
    lon = np.asarray(lon, dtype=float).ravel()
    lat = np.asarray(lat, dtype=float).ravel()
    if lon.shape != lat.shape:
        raise ValueError(f"lon and lat differ in length ({lon.size} vs {lat.size})")
    units = bundled_admin() if admin is None else admin
    pos = _first_containing(units.geoms, lon, lat)
    hit = pos >= 0
    out: dict[str, np.ndarray] = {}
    for name in ADMIN_FIELDS:
        values = np.full(lon.size, None, dtype=object)
        values[hit] = units.fields[name][pos[hit]]
        out[name] = values
    polys, names = bundled_territories() if territories is None else territories
    territory = label_points(polys, names, lon, lat, missing="")
    territory[~(np.isfinite(lon) & np.isfinite(lat))] = None
    out["territory"] = territory
    out["outside_iraq_km"] = outside_km(lon, lat, inside=hit if admin is None else None)
    if sides is not False:
        out["side"] = side_of(lon, lat, None if sides is True else sides)
    return out
