"""Locate points: governorate, district, sub-district, disputed territory, side of the front.

:func:`locate` is the one placement rule of the package (:mod:`hotspot._locate`):
point in polygon on the bundled OCHA COD-AB units (:func:`hotspot.boundaries.load_admin`),
the disputed territories dissolved from them
(:func:`hotspot.boundaries.load_disputed_territories`) and the regions of the
October 2017 front. Hotspot descriptions, vacuum-zone places and the disputed
status of gazetteer places use the same rule; there is no nearest-seat or
nearest-place fallback.

``side``
    ``"vacuum"`` inside the band between the federal and the KRG line, the very
    band :func:`hotspot.gaps.find_gaps` cuts its zones from (with no reach and no
    study area, its zones *are* this band): the area enclosed by the two lines,
    closed along the country border where both lines end on it (the bundled
    lines do, at the Syrian and at the Iranian border), else by the straight
    segment joining their facing ends. ``"krg"`` on the side of the KRG line
    facing away from the federal line, ``"federal"`` on the side of the federal
    line facing away from the KRG line: each line is prolonged straight from
    both ends to a frame 300 km around the country, and a point outside the band
    belongs to a side when it lies in that line's outer half of the frame and not
    in the other's. Points in both outer halves (where prolonged lines cross), in
    neither, or outside the frame get ``None``. Every point in Iraq gets a side
    with the bundled lines. With controlled-area polygons, a point in one side's
    areas gets that side (the band comes from the areas' facing edges, see
    :mod:`hotspot._front`).

``outside_iraq_km``
    0 inside Iraq (the bundled OCHA country polygon), else the great-circle
    distance to it: points outside get no admin unit, and this says how far out
    they are.

Examples
--------
>>> out = locate(([35.47, 33.31], [44.39, 44.36]))  # Kirkuk, Baghdad (lat, lon)
>>> out[["district", "territory", "side"]].values.tolist()
[['Kirkuk', 'Kirkuk', 'federal'], ['Karkh', None, 'federal']]
"""

from __future__ import annotations

from os import PathLike

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspot._front import build_front, outline_metric, side_regions
from hotspot._geo import METRIC_CRS
from hotspot._layers import LINE_OR_POLYGON, POLYGON, check_layers, point_lonlat, read_layer
from hotspot._locate import ADMIN_FIELDS, admin_units, locate_lonlat
from hotspot.boundaries import read_admin
from hotspot.errors import BoundaryError

__all__ = ["LOCATE_COLUMNS", "locate"]

#: Columns of the frame returned by :func:`locate`.
LOCATE_COLUMNS: tuple[str, ...] = (
    *ADMIN_FIELDS,
    "territory",
    "disputed",
    "side",
    "outside_iraq_km",
)

Layer = str | PathLike[str] | gpd.GeoDataFrame


def _points(points: object) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Return lon, lat arrays (EPSG:4326) and the index of the input."""
    if isinstance(points, gpd.GeoDataFrame | gpd.GeoSeries):
        lon, lat, _ = point_lonlat(points, argument="points")
        return lon, lat, points.index
    if isinstance(points, tuple) and len(points) == 2:
        lat = np.asarray(points[0], dtype=float).ravel()
        lon = np.asarray(points[1], dtype=float).ravel()
        if lat.shape != lon.shape:
            raise ValueError(
                f"points: lat and lon differ in length ({lat.size} vs {lon.size}); expected "
                "two arrays of the same length"
            )
        index = points[0].index if isinstance(points[0], pd.Series) else pd.RangeIndex(lat.size)
        finite = np.isfinite(lat) & np.isfinite(lon)
        if (np.abs(lat[finite]) > 90).any() or (np.abs(lon[finite]) > 180).any():
            raise ValueError(
                "points: latitudes must lie in [-90, 90] and longitudes in [-180, 180]; "
                "pass (lat, lon) in degrees"
            )
        return lon, lat, index
    raise TypeError(
        f"points: expected a GeoDataFrame/GeoSeries or a (lat, lon) tuple of arrays, got "
        f"{type(points).__name__}"
    )


def _regions(federal: Layer, krg: Layer) -> dict:
    layers = {
        "federal": read_layer(federal, argument="federal"),
        "krg": read_layer(krg, argument="krg"),
    }
    layers = check_layers(
        layers, {"federal": LINE_OR_POLYGON, "krg": LINE_OR_POLYGON}, stacklevel=4
    )
    metric = {k: v.to_crs(METRIC_CRS) for k, v in layers.items()}
    front = build_front(metric["federal"], metric["krg"], outline=outline_metric())
    return side_regions(front, outline_metric())


def _territories(data: Layer) -> tuple[np.ndarray, np.ndarray]:
    frame = read_layer(data, argument="territories")
    frame = check_layers({"territories": frame}, {"territories": POLYGON}, stacklevel=4)
    frame = frame["territories"]
    if "name" not in frame.columns:
        raise BoundaryError(
            f"territories: missing column 'name' (columns: {[str(c) for c in frame.columns]}); "
            "territory polygons need a 'name' column"
        )
    frame = frame.to_crs(4326)
    return np.asarray(frame.geometry.array, dtype=object), frame["name"].to_numpy(dtype=object)


def locate(
    points: gpd.GeoDataFrame | gpd.GeoSeries | tuple,
    *,
    territories: Layer | None = None,
    federal: Layer | None = None,
    krg: Layer | None = None,
    admin: Layer | None = None,
) -> pd.DataFrame:
    """Say where each point is: admin units with p-codes, disputed territory, side.

    Parameters
    ----------
    points : GeoDataFrame, GeoSeries or (lat, lon) tuple
        Point geometries in any CRS, or two arrays of latitudes and longitudes
        in degrees. Missing or empty points give all-None rows.
    territories : path or GeoDataFrame, optional
        Disputed-territory polygons with a ``name`` column (any CRS); the
        bundled layer, dissolved from the OCHA districts, when omitted.
    federal, krg : path or GeoDataFrame, optional
        The two sides' forward lines (or controlled-area polygons), in one CRS.
        Give both or neither; the bundled October 2017 lines when omitted.
    admin : path or GeoDataFrame, optional
        An admin layer of level 1, 2 or 3 in any form
        :func:`~hotspot.boundaries.read_admin` reads (including its own
        output); the bundled OCHA COD-AB sub-districts when omitted.

    Returns
    -------
    pandas.DataFrame
        On the input index, columns :data:`LOCATE_COLUMNS`: ``governorate``,
        ``governorate_pcode``, ``district``, ``district_pcode``,
        ``subdistrict``, ``subdistrict_pcode`` (OCHA English names and p-codes;
        None outside every unit, and for levels the admin layer lacks),
        ``territory`` (name or None), ``disputed`` (the same, ``""`` for none,
        as in :func:`hotspot.geocode.geocode`), ``side`` (``"federal"``,
        ``"krg"``, ``"vacuum"`` or None) and ``outside_iraq_km`` (0 inside,
        NaN without a point). See the module docstring for the rules.

    Raises
    ------
    hotspot.errors.CRSError
        If ``points`` or a layer has no CRS or a wrong one, or ``federal`` and
        ``krg`` are in different CRSs.
    hotspot.errors.BoundaryError
        If only one of ``federal``/``krg`` is given, or a layer is unusable.

    See Also
    --------
    hotspot._locate.locate_lonlat : the same from lon/lat arrays to arrays,
        for package callers (geocoder, readers).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> pts = gpd.GeoDataFrame(
    ...     geometry=[shapely.Point(44.0, 36.19), shapely.Point(44.39, 35.47)],
    ...     index=["erbil", "kirkuk"], crs="EPSG:4326")
    >>> out = locate(pts)
    >>> out["side"].to_dict(), out.loc["kirkuk", "district_pcode"]
    ({'erbil': 'krg', 'kirkuk': 'federal'}, 'IQG13Q04')
    """
    lon, lat, index = _points(points)
    if (federal is None) != (krg is None):
        raise BoundaryError(
            "federal/krg: give both sides' layers or neither (neither uses the bundled "
            "October 2017 lines)"
        )
    found = locate_lonlat(
        lon,
        lat,
        admin=None if admin is None else admin_units(read_admin(admin)),
        territories=None if territories is None else _territories(territories),
        sides=True if federal is None else _regions(federal, krg),
    )
    present = np.isfinite(lon) & np.isfinite(lat)
    territory = found["territory"]
    columns = {name: found[name] for name in ADMIN_FIELDS}
    columns["territory"] = np.array(
        [t if isinstance(t, str) and t else None for t in territory], dtype=object
    )
    columns["disputed"] = np.where(present, territory, None).astype(object)
    columns["side"] = found["side"]
    out = pd.DataFrame(
        {name: pd.Series(values, index=index, dtype=object) for name, values in columns.items()},
        index=index,
    )
    out["outside_iraq_km"] = pd.Series(found["outside_iraq_km"], index=index, dtype=float)
    return out[list(LOCATE_COLUMNS)]
