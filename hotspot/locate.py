"""Locate points: governorate, district, disputed territory and side of the front.

:func:`locate` answers, for every point, where it is administratively and
which side of the October 2017 front it is on:

``side``
    ``"vacuum"`` inside the band between the federal and the KRG line: the
    polygon enclosed by the two lines and the straight connectors joining their
    first points and their last points. ``"krg"`` on the side of the KRG line
    facing away from the federal line, ``"federal"`` on the side of the federal
    line facing away from the KRG line. To decide a side beyond the lines, each
    line is prolonged straight from both ends out of a frame 300 km around Iraq;
    a point outside the band belongs to a side when it lies in that line's outer
    half of the frame and not in the other's. Points in both outer halves (where
    prolonged lines cross), between the prolonged ends of lines that stop short
    of the border, or outside the frame get ``None``. The bundled lines run
    from the Syrian to the Iranian border, so every point in Iraq gets a side.
    With polygon layers (areas held by each side), a point inside one side's
    areas gets that side, inside neither but within their convex hull
    ``"vacuum"``, else ``None``.

    Where both lines end on Iraq's border, the connector follows the border, so
    this band runs on to it; :func:`hotspot.gaps.find_gaps` measures only the
    stretch where the two lines face each other, so its corridor is a little
    smaller (4,796 against 5,079 km² for the bundled lines).

Examples
--------
>>> out = locate(([35.47, 33.31], [44.39, 44.36]))  # Kirkuk, Baghdad (lat, lon)
>>> out[["territory", "side"]].values.tolist()
[['Kirkuk', 'federal'], [None, 'federal']]
"""

from __future__ import annotations

import functools
from os import PathLike

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.ops import substring

from hotspot._geo import METRIC_CRS as _METRIC_CRS
from hotspot.boundaries import (
    load_control_lines,
    load_disputed_territories,
    read_admin,
    read_control_line,
)
from hotspot.errors import BoundaryError, CRSError
from hotspot.gazetteer import iraq_outline, load_gazetteer

__all__ = ["LOCATE_COLUMNS", "locate"]

#: Columns of the frame returned by :func:`locate`.
LOCATE_COLUMNS: tuple[str, ...] = (
    "governorate",
    "district",
    "district_approximate",
    "territory",
    "side",
    "disputed",
)

_FRAME_MARGIN_M = 300_000.0
_EXTEND_M = 5_000_000.0
# Nearest-seat district fallback: a seat farther than this is no answer.
_MAX_SEAT_DISTANCE_M = 150_000.0
# A line end this close to Iraq's border is taken to end on it.
_ON_BORDER_M = 1_000.0

Layer = str | PathLike[str] | gpd.GeoDataFrame


def _points(points: object) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Return lon, lat arrays (EPSG:4326) and the index of the input."""
    if isinstance(points, (gpd.GeoDataFrame, gpd.GeoSeries)):
        if points.crs is None:
            raise CRSError(
                "points: the GeoDataFrame has no CRS; set it, e.g. points.set_crs('EPSG:4326')"
            )
        geoms = points.geometry if isinstance(points, gpd.GeoDataFrame) else points
        geoms = geoms.to_crs(4326)
        arr = geoms.array
        kinds = shapely.get_type_id(arr)
        bad = ~np.isin(kinds, [-1, 0]) & ~shapely.is_missing(arr)
        if bad.any():
            raise BoundaryError(
                f"points: {int(bad.sum())} geometr{'y is' if bad.sum() == 1 else 'ies are'} "
                f"not points (first at index {points.index[bad][0]!r}); expected Point "
                "geometries (use .representative_point() for areas)"
            )
        empty = shapely.is_missing(arr) | shapely.is_empty(arr)
        lon = np.full(len(arr), np.nan)
        lat = np.full(len(arr), np.nan)
        lon[~empty] = shapely.get_x(arr[~empty])
        lat[~empty] = shapely.get_y(arr[~empty])
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


def _to_metric(geom: shapely.Geometry) -> shapely.Geometry:
    return gpd.GeoSeries([geom], crs=4326).to_crs(_METRIC_CRS).iloc[0]


def _one_line(frame: gpd.GeoDataFrame, side: str) -> shapely.LineString:
    """Merge a side's line features into one LineString, chaining pieces end to end."""
    merged = shapely.line_merge(shapely.union_all(frame.geometry.array))
    pieces = list(shapely.get_parts(merged))
    line = pieces.pop(0)
    while pieces:  # greedily attach the nearest remaining piece at either end
        ends = shapely.get_coordinates(line)[[0, -1]]
        best = None
        for i, piece in enumerate(pieces):
            pe = shapely.get_coordinates(piece)[[0, -1]]
            for a in (0, 1):
                for b in (0, 1):
                    d = float(np.hypot(*(ends[a] - pe[b])))
                    if best is None or d < best[0]:
                        best = (d, i, a, b)
        _, i, a, b = best
        piece = shapely.get_coordinates(pieces.pop(i))
        own = shapely.get_coordinates(line)
        if a == 1:  # append after our end, the touching piece end first
            line = shapely.LineString(np.vstack([own, piece if b == 0 else piece[::-1]]))
        else:  # prepend before our start, the touching piece end last
            line = shapely.LineString(np.vstack([piece if b == 1 else piece[::-1], own]))
    if line.length == 0:
        raise BoundaryError(f"{side}: the control line has zero length")
    return line


def _extend(line: shapely.LineString, frame: shapely.Polygon) -> shapely.LineString:
    c = shapely.get_coordinates(line)

    def ray(p: np.ndarray, q: np.ndarray) -> np.ndarray:
        d = p - q
        return p + d / np.hypot(*d) * _EXTEND_M

    body = np.vstack([ray(c[0], c[1]), c, ray(c[-1], c[-2])])
    return shapely.LineString(body).intersection(frame)


def _outer_half(
    line: shapely.LineString, frame: shapely.Polygon, inner: shapely.Point
) -> shapely.Geometry:
    cut = shapely.get_parts(
        shapely.polygonize(
            shapely.get_parts(shapely.union_all([_extend(line, frame), frame.boundary]))
        )
    )
    outer = [p for p in cut if not p.contains(inner)]
    return shapely.union_all(outer) if outer else shapely.Polygon()


@functools.cache
def _bundled_zones() -> dict[str, shapely.Geometry]:
    lines = load_control_lines()
    return _zones(lines[lines["side"] == "federal"], lines[lines["side"] == "krg"])


def _zones(federal: gpd.GeoDataFrame, krg: gpd.GeoDataFrame) -> dict[str, shapely.Geometry]:
    """Return the krg, federal and vacuum regions (EPSG:32638) from two side layers."""
    fed_m = federal.to_crs(_METRIC_CRS)
    krg_m = krg.to_crs(_METRIC_CRS)
    polygonal = [
        bool(np.isin(shapely.get_type_id(f.geometry.array), [3, 6]).all()) for f in (fed_m, krg_m)
    ]
    if all(polygonal):
        f_area = shapely.union_all(fed_m.geometry.array)
        k_area = shapely.union_all(krg_m.geometry.array)
        hull = shapely.union_all([f_area, k_area]).convex_hull
        return {
            "federal": f_area.difference(k_area),
            "krg": k_area.difference(f_area),
            "vacuum": hull.difference(f_area).difference(k_area),
        }
    if any(polygonal):
        raise BoundaryError(
            "federal/krg: one side is given as lines and the other as polygons; give both "
            "as forward lines or both as controlled areas"
        )
    f_line = _one_line(fed_m, "federal")
    k_line = _one_line(krg_m, "krg")
    fc, kc = shapely.get_coordinates(f_line), shapely.get_coordinates(k_line)
    same = np.hypot(*(fc[0] - kc[0])) + np.hypot(*(fc[-1] - kc[-1]))
    crossed = np.hypot(*(fc[0] - kc[-1])) + np.hypot(*(fc[-1] - kc[0]))
    if crossed < same:
        k_line = k_line.reverse()
        kc = kc[::-1]
    outline_m = _to_metric(iraq_outline())
    ring = shapely.union_all(
        [
            f_line,
            k_line,
            _connector(fc[0], kc[0], outline_m),
            _connector(fc[-1], kc[-1], outline_m),
        ]
    )
    vacuum = shapely.union_all(shapely.get_parts(shapely.polygonize(shapely.get_parts(ring))))
    frame = shapely.box(*outline_m.bounds).buffer(_FRAME_MARGIN_M, join_style="mitre")
    inner_k = (
        vacuum.representative_point()
        if not vacuum.is_empty
        else f_line.interpolate(0.5, normalized=True)
    )
    inner_f = (
        vacuum.representative_point()
        if not vacuum.is_empty
        else k_line.interpolate(0.5, normalized=True)
    )
    k_out = _outer_half(k_line, frame, inner_k)
    f_out = _outer_half(f_line, frame, inner_f)
    return {
        "krg": k_out.difference(f_out).difference(vacuum),
        "federal": f_out.difference(k_out).difference(vacuum),
        "vacuum": vacuum,
    }


def _connector(a: np.ndarray, b: np.ndarray, outline_m: shapely.Polygon) -> shapely.LineString:
    """Join two line ends: along Iraq's border when both end on it, else straight."""
    border = outline_m.exterior
    pa, pb = shapely.Point(a), shapely.Point(b)
    if max(border.distance(pa), border.distance(pb)) > _ON_BORDER_M:
        return shapely.LineString([a, b])
    da, db = sorted((border.project(pa), border.project(pb)))
    inner = substring(border, da, db)
    if inner.length > border.length / 2:  # the other way round is shorter
        inner = shapely.line_merge(
            shapely.union_all([substring(border, db, border.length), substring(border, 0, da)])
        )
    return shapely.union_all(
        [
            inner,
            shapely.LineString([a, border.interpolate(border.project(pa))]),
            shapely.LineString([b, border.interpolate(border.project(pb))]),
        ]
    )


def _project(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer

    tr = Transformer.from_crs(4326, _METRIC_CRS, always_xy=True)
    return tr.transform(lon, lat)


def _label(polys: list[shapely.Geometry], labels: list, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Label points by the first polygon that contains them (None elsewhere)."""
    out = np.full(x.size, None, dtype=object)
    finite = np.isfinite(x) & np.isfinite(y)
    pts = shapely.points(x[finite], y[finite])
    tree = shapely.STRtree(polys)
    pi, gi = tree.query(pts, predicate="intersects")
    order = np.lexsort((gi, pi))  # first polygon (lowest position) wins
    pi, gi = pi[order], gi[order]
    first = np.unique(pi, return_index=True)[1]
    idx = np.flatnonzero(finite)
    values = np.empty(len(labels), dtype=object)
    values[:] = labels
    out[idx[pi[first]]] = values[gi[first]]
    return out


def _layer(data: Layer, *, argument: str) -> gpd.GeoDataFrame:
    if isinstance(data, (str, PathLike, gpd.GeoDataFrame)):
        return data
    raise TypeError(
        f"{argument}: expected a file path or a GeoDataFrame, got {type(data).__name__}"
    )


def locate(
    points: gpd.GeoDataFrame | gpd.GeoSeries | tuple,
    *,
    territories: Layer | None = None,
    federal: Layer | None = None,
    krg: Layer | None = None,
    admin: Layer | None = None,
) -> pd.DataFrame:
    """Say where each point is: governorate, district, disputed territory, side.

    Parameters
    ----------
    points : GeoDataFrame, GeoSeries or (lat, lon) tuple
        Point geometries in any CRS, or two arrays of latitudes and longitudes
        in degrees. Missing/empty points give all-None rows.
    territories : path or GeoDataFrame, optional
        Disputed-territory polygons with a ``name`` column (EPSG:4326 or any
        CRS); the bundled schematic layer when omitted.
    federal, krg : path or GeoDataFrame, optional
        The two sides' forward lines (or controlled-area polygons), read with
        :func:`~hotspot.boundaries.read_control_line`. Give both or neither;
        the bundled October 2017 lines when omitted.
    admin : path or GeoDataFrame, optional
        An admin layer (level 1, 2 or 3; see
        :func:`~hotspot.boundaries.read_admin`) giving governorate and district.
        Without it the district is the one of the nearest district seat in the
        bundled gazetteer (within 150 km, in Iraq) and ``district_approximate``
        is True.

    Returns
    -------
    pandas.DataFrame
        On the input index, columns :data:`LOCATE_COLUMNS`: ``governorate``,
        ``district`` (str or None), ``district_approximate`` (bool),
        ``territory`` (name or None), ``disputed`` (the same, ``""`` for none, as in
        :func:`hotspot.geocode.geocode`) and ``side`` (``"federal"``, ``"krg"``,
        ``"vacuum"`` or None; see the module docstring for the definition).

    Raises
    ------
    hotspot.errors.CRSError
        If ``points`` or a layer has no CRS or a wrong one.
    hotspot.errors.BoundaryError
        If only one of ``federal``/``krg`` is given, or a layer is unusable.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> pts = gpd.GeoDataFrame(
    ...     geometry=[shapely.Point(44.0, 36.19), shapely.Point(44.39, 35.47)],
    ...     index=["erbil", "kirkuk"], crs="EPSG:4326")
    >>> locate(pts)["side"].to_dict()
    {'erbil': 'krg', 'kirkuk': 'federal'}
    """
    lon, lat, index = _points(points)
    if (federal is None) != (krg is None):
        raise BoundaryError(
            "federal/krg: give both sides' layers or neither (neither uses the bundled "
            "October 2017 lines)"
        )
    x, y = _project(lon, lat)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)

    # Side of the front.
    if federal is None:
        zones = _bundled_zones()
    else:
        zones = _zones(
            read_control_line(_layer(federal, argument="federal"), side="federal"),
            read_control_line(_layer(krg, argument="krg"), side="krg"),
        )
    names = [k for k in ("vacuum", "krg", "federal") if not zones[k].is_empty]
    side = _label([zones[k] for k in names], names, x, y)

    # Disputed territory.
    terr = load_disputed_territories() if territories is None else _read_territories(territories)
    terr_m = terr.to_crs(_METRIC_CRS)
    territory = _label(list(terr_m.geometry.array), list(terr_m["name"]), x, y)

    # Governorate and district.
    if admin is not None:
        units = read_admin(_layer(admin, argument="admin")).to_crs(_METRIC_CRS)
        level = int(units["level"].max())
        found = _label(list(units.geometry.array), list(range(len(units))), x, y)
        hit = np.array([v is not None for v in found])
        rows = units.iloc[[int(v) for v in found[hit]]]
        governorate = np.full(x.size, None, dtype=object)
        district = np.full(x.size, None, dtype=object)
        if level == 1:
            governorate[hit] = rows["name"].to_numpy()
        elif level == 2:
            governorate[hit] = rows["adm1_name"].to_numpy()
            district[hit] = rows["name"].to_numpy()
        else:
            governorate[hit] = rows["adm1_name"].to_numpy()
            district[hit] = rows["adm2_name"].to_numpy()
        approximate = np.zeros(x.size, dtype=bool)
    else:
        governorate, district = _nearest_seat(lon, lat, x, y)
        approximate = np.array([d is not None for d in district])

    columns = {
        "governorate": governorate,
        "district": district,
        "district_approximate": approximate,
        "territory": territory,
        "side": side,
        # as in geocode and hotspots: the territory name, "" for none (None: no point)
        "disputed": np.array(
            [
                t if isinstance(t, str) else ("" if ok else None)
                for t, ok in zip(territory, np.isfinite(x) & np.isfinite(y), strict=True)
            ],
            dtype=object,
        ),
    }
    return pd.DataFrame(
        {
            name: pd.Series(
                values, index=index, dtype=bool if name == "district_approximate" else object
            )
            for name, values in columns.items()
        },
        index=index,
    )


def _read_territories(data: Layer) -> gpd.GeoDataFrame:
    from hotspot.boundaries import _check_layer, _read_frame, _source_name

    source = _source_name(data)
    frame = _read_frame(_layer(data, argument="territories"), argument="territories")
    if "name" not in frame.columns:
        raise BoundaryError(
            f"{source}: missing column 'name' (columns: {[str(c) for c in frame.columns]}); "
            "territory polygons need a 'name' column"
        )
    return _check_layer(frame, source=source, kinds=("Polygon",))


@functools.cache
def _seats() -> tuple[shapely.STRtree, np.ndarray, np.ndarray, np.ndarray]:
    gaz = load_gazetteer()
    seats = gaz[(gaz["feature_type"] == "district") & (gaz["district"] != "")]
    sx, sy = _project(seats["lon"].to_numpy(float), seats["lat"].to_numpy(float))
    pts = shapely.points(np.asarray(sx), np.asarray(sy))
    return (
        shapely.STRtree(pts),
        pts,
        seats["governorate"].to_numpy(object),
        seats["district"].to_numpy(object),
    )


def _nearest_seat(
    lon: np.ndarray, lat: np.ndarray, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    governorate = np.full(x.size, None, dtype=object)
    district = np.full(x.size, None, dtype=object)
    tree, pts, govs, dists = _seats()
    if len(pts) == 0:
        return governorate, district
    finite = np.isfinite(x) & np.isfinite(y)
    inside = np.zeros(x.size, dtype=bool)
    inside[finite] = shapely.contains_xy(iraq_outline(), lon[finite], lat[finite])
    idx = np.flatnonzero(inside)
    if idx.size == 0:
        return governorate, district
    query = shapely.points(x[idx], y[idx])
    qi, si = tree.query_nearest(query, max_distance=_MAX_SEAT_DISTANCE_M, all_matches=False)
    governorate[idx[qi]] = govs[si]
    district[idx[qi]] = dists[si]
    return governorate, district
