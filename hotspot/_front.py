"""The front: each side's control line, the vacuum band between them, and the sides.

One definition, used by :func:`hotspot.gaps.find_gaps` (the corridor its
zones are cut from) and :func:`hotspot.locate.locate` (``side``):

**Lines.** Each side's features are merged into one line; pieces that do not
join are chained with straight segments (their total is ``bridged_m``). The KRG
line is oriented like the federal one. A side given as controlled *areas* is
reduced to the part of its boundary that borders the gap between the two sides
(:func:`facing_edges`), and that edge to the stretch nearest the other side (from
the first to the last point that is the nearest point of some point of the
other side; an end on the country border is kept): an area closed far from the
front (its sides running away from the other area, through the country) or a
buffer's end caps face nothing. So areas whose edges are the lines give the
lines.

**Ends.** At each end of the front (start, end):

* when both lines end on the country border (within :data:`ON_BORDER_M`), the
  band is closed along the border: it runs up to the border and nothing is
  trimmed (the bundled lines run from the Syrian to the Iranian border);
* otherwise the line that runs past the other's end is cut where that end
  projects onto it (the stretch where they face each other), and the band is
  closed by the straight segment joining the two ends. A line runs past the
  other's end when that end projects inside it while its own end projects onto
  the other's end, or onto the other's *far* end: a short line that points at a
  long one, or lies beyond its end, faces none of it and the lines are refused
  (:func:`hotspot._lines.trim_to_facing`), never joined into a band along
  hundreds of kilometres of the long line.

**Band.** The faces enclosed by the two lines and the two closing pieces. Where
the lines cross, the sides swap and there is a face on each side.
:func:`hotspot.gaps.find_gaps` takes each side's reach off it and clips it to
the study area; with no reach and no study area its zones are the band.

**Sides.** A point in the band is ``"vacuum"``. Beyond it, each line is
prolonged straight from both ends to a frame :data:`FRAME_MARGIN_M` around the
country and the lines; a point is on a side when it lies in that line's outer
half of the frame (the half without the band) and not in the other's. Points in
both outer halves, or in neither, have no side. With controlled areas, a point
in one side's areas (outside the band) is on that side.

All geometry is in a metric CRS (metres).

Examples
--------
>>> import geopandas as gpd, shapely
>>> fed = gpd.GeoSeries([shapely.LineString([(0, 0), (1e5, 0)])], crs=32638)
>>> krg = gpd.GeoSeries([shapely.LineString([(0, 1e4), (1e5, 1e4)])], crs=32638)
>>> front = build_front(gpd.GeoDataFrame(geometry=fed), gpd.GeoDataFrame(geometry=krg),
...                     outline=None)
>>> front.ends, round(front.band_km2)
(('straight', 'straight'), 1000)
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops

from hotspot._admin import country_outline
from hotspot._dates import read_dates
from hotspot._geo import GEOGRAPHIC_CRS, METRIC_CRS
from hotspot._layers import LINE, POLYGON, feature_label
from hotspot._lines import (
    as_line,
    coincide,
    cumulative_length,
    extend,
    interpolate,
    nearest_on,
    orient,
    substring,
    trim_to_facing,
)
from hotspot.errors import BoundaryError, caller_stacklevel

__all__ = [
    "FRAME_MARGIN_M",
    "ON_BORDER_M",
    "SIDES",
    "Front",
    "build_front",
    "facing_edges",
    "lines_as_of",
    "outline_metric",
    "side_regions",
    "unreadable_as_of",
]

#: The two sides, in the order used everywhere (the profile runs along the first).
SIDES: tuple[str, str] = ("federal", "krg")
#: A line end this close to the country border is taken to end on it (metres).
ON_BORDER_M: float = 1_000.0
#: Margin of the frame within which sides are decided (metres).
FRAME_MARGIN_M: float = 300_000.0

_EXTEND_M = 5_000_000.0
_SHARED_M = 1.0  # edges this long or more count as shared between a face and a side
_SNAP_M = 1e-3  # linework this close counts as the same (reprojection and noding noise)
_ON_OUTLINE_M = 10.0  # area edges this close to the country outline run along the border
_MIN_FACE_M2 = 1.0
_SHADOW_STEP_M = 100.0  # spacing of the points whose nearest points make an area's shadow


@functools.cache
def outline_metric() -> shapely.Geometry:
    """Return the country outline in :data:`~hotspot._geo.METRIC_CRS` (cached).

    Returns
    -------
    shapely geometry
        Metres, EPSG:32638.

    Examples
    --------
    >>> 430_000 < outline_metric().area / 1e6 < 440_000  # km²
    True
    """
    return gpd.GeoSeries([country_outline()], crs=GEOGRAPHIC_CRS).to_crs(METRIC_CRS).iloc[0]


@dataclass(frozen=True)
class Front:
    """Two control lines as used, and the vacuum band between them (metric CRS).

    Attributes
    ----------
    federal, krg : shapely.LineString
        Each side's line (for controlled areas, their facing edge); ``krg``
        runs in the same direction as ``federal``.
    facing : tuple of float
        ``(f_lo, f_hi, k_lo, k_hi)``: the stretch of each line where they face
        each other, as distances from its start (metres).
    ends : tuple of str
        How the band is closed at the start and at the end: ``"border"`` or
        ``"straight"`` (see the module docstring).
    band : tuple of shapely.Polygon
        The faces enclosed between the two lines.
    areas : dict
        Each side's controlled-area polygons (union), or None for a line.
    bridged_m : dict
        Length of the straight segments added to join each side's pieces.
    """

    federal: shapely.LineString
    krg: shapely.LineString
    facing: tuple[float, float, float, float]
    ends: tuple[str, str]
    band: tuple[shapely.Polygon, ...]
    areas: dict[str, shapely.Geometry | None] = field(default_factory=dict)
    bridged_m: dict[str, float] = field(default_factory=dict)

    @property
    def federal_facing(self) -> shapely.LineString:
        """The federal line where it faces the KRG line."""
        return substring(self.federal, self.facing[0], self.facing[1])

    @property
    def krg_facing(self) -> shapely.LineString:
        """The KRG line where it faces the federal line."""
        return substring(self.krg, self.facing[2], self.facing[3])

    @property
    def band_km2(self) -> float:
        """Area of the band in km²."""
        return float(sum(p.area for p in self.band)) / 1e6


def _side_geometry(frame: gpd.GeoDataFrame, side: str) -> tuple[shapely.Geometry, bool]:
    """Union of a side's features and whether they are areas (lines and areas may not mix)."""
    types = set(frame.geom_type)
    if types & LINE and types & POLYGON:
        raise BoundaryError(
            f"{side}: mixes lines and polygons ({sorted(types)}); give one or the other"
        )
    return shapely.union_all(frame.geometry.array), bool(types & POLYGON)


def facing_edges(
    geoms: dict[str, shapely.Geometry],
    areal: dict[str, bool],
    outline: shapely.Geometry | None,
) -> dict[str, shapely.Geometry]:
    """Reduce controlled areas to the part of their boundary that borders the gap.

    The gap is made of the faces of the arrangement of both sides' edges inside
    the frame (the convex hull of both sides, clipped to the country outline when
    they overlap it) that lie in neither side's areas and share an edge with both
    sides. An area's facing edge is its boundary shared with those faces, less
    any stretch along the country outline (within 10 m): a border is never a
    front. Areas whose edges are exactly the control lines give back the lines.

    Parameters
    ----------
    geoms : dict
        ``{"federal": geometry, "krg": geometry}`` in one metric CRS: each
        side's area union or its line.
    areal : dict
        Whether each side is given as areas.
    outline : shapely geometry or None
        The country outline in the same CRS.

    Returns
    -------
    dict
        For each side given as areas, its facing edge (linework); lines are
        returned unchanged.

    Raises
    ------
    hotspot.errors.BoundaryError
        If an area has no edge facing the other side (it contains or covers it).

    Examples
    --------
    >>> fed = shapely.box(0, -50, 100, 0)
    >>> krg = shapely.box(0, 10, 100, 60)
    >>> edges = facing_edges({"federal": fed, "krg": krg}, {"federal": True, "krg": True}, None)
    >>> edges["federal"].length, edges["krg"].length
    (100.0, 100.0)
    """
    if not any(areal.values()):
        return dict(geoms)
    # on a millimetre grid, so that nearly collinear edges (reprojection noise) node together
    geoms = {s: shapely.set_precision(g, _SNAP_M) for s, g in geoms.items()}
    both = shapely.union_all(list(geoms.values()))
    frame = shapely.convex_hull(both)
    if outline is not None and shapely.intersects(frame, outline):
        clipped = shapely.intersection(frame, outline, grid_size=_SNAP_M)
        if clipped.area > 0:
            frame = clipped
    edges = {s: shapely.boundary(g) if areal[s] else g for s, g in geoms.items()}
    noded = shapely.union_all([shapely.boundary(frame), *edges.values()], grid_size=_SNAP_M)
    faces = [
        f
        for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
        if f.area > _MIN_FACE_M2
    ]
    gap = []
    for face in faces:
        inside = shapely.point_on_surface(face)
        if not shapely.contains(frame, inside):
            continue
        if any(areal[s] and shapely.contains(geoms[s], inside) for s in geoms):
            continue
        ring = shapely.boundary(face)
        if all(_shared(ring, e).length >= _SHARED_M for e in edges.values()):
            gap.append(face)
    out = dict(geoms)
    # the facing edge: segments of the noded arrangement on both the area's edge and the gap
    coords = shapely.get_coordinates(shapely.get_parts(noded), return_index=True)  # per part
    xy, part = coords[0], coords[1]
    same = part[1:] == part[:-1]
    a, b = xy[:-1][same], xy[1:][same]
    mid = shapely.points((a + b) / 2.0)
    segments = shapely.linestrings(np.stack([a, b], axis=1)) if len(a) else np.empty(0, object)
    gap_ring = shapely.union_all([shapely.boundary(f) for f in gap]) if gap else None
    on_gap = (
        shapely.dwithin(gap_ring, mid, _SNAP_M) if gap_ring is not None else np.zeros(len(a), bool)
    )
    # a border is never a front: edges along the country outline are left out
    off_border = (
        ~shapely.dwithin(shapely.boundary(outline), mid, _ON_OUTLINE_M)
        if outline is not None
        else np.ones(len(a), dtype=bool)
    )
    for side in geoms:
        if not areal[side]:
            continue
        keep = on_gap & off_border & shapely.dwithin(edges[side], mid, _SNAP_M)
        shared = (
            shapely.line_merge(shapely.multilinestrings(segments[keep]))
            if keep.any()
            else shapely.LineString()
        )
        if shared.is_empty or shared.length < _SHARED_M:
            overlap = shapely.area(shapely.intersection(*geoms.values())) / 1e6
            why = (
                f"the two sides' areas overlap ({overlap:,.1f} km²) and leave no gap between them"
                if overlap > 0
                else "do they contain the other side, or cover the gap between the two sides?"
            )
            raise BoundaryError(
                f"{side}: the controlled-area polygons have no boundary facing the other side "
                f"({why}); give the control line instead"
            )
        out[side] = shared
    return out


def _shared(line: shapely.Geometry, other: shapely.Geometry) -> shapely.Geometry:
    """Return the parts of ``line`` lying on ``other`` (within :data:`_SNAP_M`)."""
    return _linework(shapely.intersection(line, shapely.buffer(other, _SNAP_M)))


def _linework(geom: shapely.Geometry) -> shapely.Geometry:
    """Return the line parts of a geometry (intersections may add points)."""
    parts = [
        q
        for p in shapely.get_parts(geom)
        for q in shapely.get_parts(p)
        if q.geom_type in ("LineString", "LinearRing") and q.length > 0
    ]
    return shapely.multilinestrings(parts) if parts else shapely.LineString()


def _within_shadow(
    edge: shapely.LineString,
    other: shapely.LineString,
    border: shapely.Geometry | None,
    *,
    side: str,
) -> shapely.LineString:
    """Cut an area's facing edge to the stretch nearest the other side.

    The stretch runs from the first to the last point of ``edge`` that is the
    nearest point of some point of ``other`` (its vertices, and points every
    :data:`_SHADOW_STEP_M`); beyond it the edge faces away (the side of an area
    closed far from the front). An end on the country border is kept: there the
    band is closed along the border (see the module docstring).
    """
    coords = shapely.get_coordinates(other)
    along = cumulative_length(coords)
    steps = np.arange(0.0, along[-1], _SHADOW_STEP_M)
    samples = np.vstack([coords, interpolate(other, steps)[0]])
    _, _, position = nearest_on(samples, edge)
    ends = shapely.get_coordinates(edge)[[0, -1]]
    lo = 0.0 if _on_border(ends[0], border) else float(position.min())
    hi = edge.length if _on_border(ends[1], border) else float(position.max())
    if hi - lo < _SHARED_M:
        raise BoundaryError(
            f"{side}: the controlled area's boundary is nearest the other side at one point "
            "only (the areas touch at a corner, or one lies beyond the other's end), so no "
            "stretch of it faces the other side; give the control line instead"
        )
    return substring(edge, lo, hi)


def _on_border(point: np.ndarray, border: shapely.Geometry | None) -> bool:
    return border is not None and border.distance(shapely.Point(point)) <= ON_BORDER_M


def _border_path(a: np.ndarray, b: np.ndarray, border: shapely.LineString) -> shapely.Geometry:
    """Join two points near the border along it, the shorter way round."""
    pa, pb = shapely.Point(a), shapely.Point(b)
    da, db = sorted((border.project(pa), border.project(pb)))
    inner = shapely.ops.substring(border, da, db)
    if inner.length > border.length / 2:
        inner = shapely.line_merge(
            shapely.union_all(
                [
                    shapely.ops.substring(border, db, border.length),
                    shapely.ops.substring(border, 0, da),
                ]
            )
        )
    return shapely.union_all(
        [
            inner,
            shapely.LineString([a, border.interpolate(border.project(pa))]),
            shapely.LineString([b, border.interpolate(border.project(pb))]),
        ]
    )


def _exterior(outline: shapely.Geometry | None) -> shapely.LineString | None:
    if outline is None or outline.is_empty:
        return None
    largest = max(shapely.get_parts(outline), key=lambda p: p.area)
    return largest.exterior


def build_front(
    federal: gpd.GeoDataFrame,
    krg: gpd.GeoDataFrame,
    *,
    outline: shapely.Geometry | None,
    min_overlap: float = 1.0,
) -> Front:
    """Build the front from two checked side layers in one metric CRS.

    Parameters
    ----------
    federal, krg : geopandas.GeoDataFrame
        Each side's lines or controlled-area polygons (checked with
        :func:`hotspot._layers.check_layers`), in one metric CRS.
    outline : shapely geometry or None
        The country outline in that CRS (decides ends on the border and the
        frame of controlled areas); None: every end is closed straight.
    min_overlap : float, default 1.0
        Shortest facing stretch accepted (metres).

    Returns
    -------
    Front
        The lines as used and the band.

    Raises
    ------
    hotspot.errors.BoundaryError
        If a side mixes lines and polygons, areas face nothing, a line has zero
        length, or the lines never face each other.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> fed = gpd.GeoDataFrame(geometry=[shapely.box(0, -5e4, 1e5, 0)], crs=32638)
    >>> krg = gpd.GeoDataFrame(geometry=[shapely.box(0, 1e4, 1e5, 6e4)], crs=32638)
    >>> round(build_front(fed, krg, outline=None).band_km2)
    1000
    """
    geoms, areal = {}, {}
    for side, frame in (("federal", federal), ("krg", krg)):
        geoms[side], areal[side] = _side_geometry(frame, side)
    edges = facing_edges(geoms, areal, outline)
    lines, bridged = {}, {}
    for side in SIDES:
        lines[side], bridged[side] = as_line(edges[side], name=side)
    border = _exterior(outline)
    for _ in range(2):  # each area's edge within the other side's shadow, then again
        for side, other in (SIDES, SIDES[::-1]):
            if areal[side]:
                lines[side] = _within_shadow(lines[side], lines[other], border, side=side)
    fed = lines["federal"]
    k_line = orient(fed, lines["krg"])
    fc, kc = shapely.get_coordinates(fed), shapely.get_coordinates(k_line)
    on_border = (
        _on_border(fc[0], border) and _on_border(kc[0], border),
        _on_border(fc[-1], border) and _on_border(kc[-1], border),
    )
    facing = trim_to_facing(fed, k_line, min_overlap=min_overlap, keep=on_border)
    f_t = substring(fed, facing[0], facing[1])
    k_t = substring(k_line, facing[2], facing[3])
    pieces = [f_t, k_t]
    for i, (a, b) in enumerate(((f_t.coords[0], k_t.coords[0]), (f_t.coords[-1], k_t.coords[-1]))):
        if coincide(np.asarray(a), np.asarray(b)):
            continue
        if on_border[i]:
            pieces.append(_border_path(np.asarray(a), np.asarray(b), border))
        else:
            pieces.append(shapely.LineString([a, b]))
    noded = shapely.union_all(pieces)
    faces = [
        f
        for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
        if f.area > _MIN_FACE_M2
    ]
    band = (
        tuple(p for p in shapely.get_parts(shapely.union_all(faces)) if p.area > _MIN_FACE_M2)
        if faces
        else ()
    )
    return Front(
        federal=fed,
        krg=k_line,
        facing=facing,
        ends=tuple("border" if b else "straight" for b in on_border),
        band=band,
        areas={s: geoms[s] if areal[s] else None for s in SIDES},
        bridged_m=bridged,
    )


def _outer_half(
    line: shapely.LineString, frame: shapely.Polygon, inner: shapely.Point
) -> shapely.Geometry:
    cut = shapely.get_parts(
        shapely.polygonize(
            shapely.get_parts(shapely.union_all([extend(line, frame, _EXTEND_M), frame.boundary]))
        )
    )
    outer = [p for p in cut if not p.contains(inner)]
    return shapely.union_all(outer) if outer else shapely.Polygon()


def side_regions(front: Front, outline: shapely.Geometry | None) -> dict[str, shapely.Geometry]:
    """Return the ``"vacuum"``, ``"krg"`` and ``"federal"`` regions of a front (metric CRS).

    Parameters
    ----------
    front : Front
        The front.
    outline : shapely geometry or None
        The country outline; the frame is drawn around it and the lines.

    Returns
    -------
    dict of str to shapely geometry
        Disjoint regions; the rest of the plane has no side.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> fed = gpd.GeoDataFrame(geometry=[shapely.LineString([(0, 0), (100, 0)])], crs=32638)
    >>> krg = gpd.GeoDataFrame(geometry=[shapely.LineString([(0, 10), (100, 10)])], crs=32638)
    >>> regions = side_regions(build_front(fed, krg, outline=None), None)
    >>> [regions[k].contains(shapely.Point(50, y)) for k, y in
    ...  (("vacuum", 5), ("krg", 20), ("federal", -20))]
    [True, True, True]
    """
    vacuum = shapely.union_all(list(front.band)) if front.band else shapely.Polygon()
    if all(front.areas[s] is not None for s in SIDES):
        f_area, k_area = front.areas["federal"], front.areas["krg"]
        return {
            "vacuum": vacuum,
            "federal": f_area.difference(k_area).difference(vacuum),
            "krg": k_area.difference(f_area).difference(vacuum),
        }
    extent = shapely.union_all(
        [g for g in (front.federal, front.krg, outline) if g is not None]
    ).envelope
    frame = extent.buffer(FRAME_MARGIN_M, join_style="mitre")
    inner_k = (
        vacuum.representative_point()
        if not vacuum.is_empty
        else front.federal.interpolate(0.5, normalized=True)
    )
    inner_f = (
        vacuum.representative_point()
        if not vacuum.is_empty
        else front.krg.interpolate(0.5, normalized=True)
    )
    out = {"vacuum": vacuum}
    halves = {
        "krg": _outer_half(front.krg, frame, inner_k),
        "federal": _outer_half(front.federal, frame, inner_f),
    }
    for side, other in (("krg", "federal"), ("federal", "krg")):
        region = halves[side]
        if front.areas[side] is not None:
            region = shapely.union_all([region, front.areas[side]])
        out[side] = region.difference(halves[other]).difference(vacuum)
    return out


def lines_as_of(*layers: gpd.GeoDataFrame | None, warn: bool = True) -> pd.Timestamp | None:
    """Return the date the control lines describe: the latest ``as_of`` of their features.

    ``as_of`` may be a day (``2017-10-27``), a month (``2017-10``) or a year,
    read by the one date rule (:mod:`hotspot._dates`); a month or a year stands
    for its last day, the latest date it can mean, so that incidents before the
    lines held are never counted against them.

    Parameters
    ----------
    *layers : GeoDataFrame or None
        Line layers, with or without an ``as_of`` column.
    warn : bool, default True
        Warn about every ``as_of`` that is not a date.

    Returns
    -------
    pandas.Timestamp or None
        The date, or None when no feature states one, or when one states
        something that is not a date: the latest date the lines describe is then
        unknown (a warning names the feature and the value).

    Warns
    -----
    UserWarning
        For each ``as_of`` value that is not a date, naming the feature.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> lines = gpd.GeoDataFrame({"as_of": ["2017-10", "2017-09-30"]},
    ...     geometry=[shapely.LineString([(0, 0), (1, 1)])] * 2, crs=4326)
    >>> str(lines_as_of(lines).date())
    '2017-10-31'
    """
    found, unreadable = _read_as_of(layers)
    if unreadable:
        if warn:
            for text in unreadable:
                warnings.warn(
                    f"control lines: {text}; the date the lines describe is unknown, so the "
                    "incident overlay is not limited to the period from it (give as_of as "
                    "e.g. 2017-10-27 or 2017-10)",
                    UserWarning,
                    stacklevel=caller_stacklevel(),
                )
        return None
    return max(found) if found else None


def unreadable_as_of(*layers: gpd.GeoDataFrame | None) -> list[str]:
    """Return, for each ``as_of`` of the lines that is not a date, the feature and the value.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> lines = gpd.GeoDataFrame({"as_of": ["2017-10", "soon"]},
    ...     geometry=[shapely.LineString([(0, 0), (1, 1)])] * 2, crs=4326)
    >>> unreadable_as_of(lines)
    ["the feature at index 1: as_of 'soon' is not a date (expected e.g. 2023-12-03, ...)"]
    """
    return _read_as_of(layers)[1]


def _read_as_of(
    layers: tuple[gpd.GeoDataFrame | None, ...],
) -> tuple[list[pd.Timestamp], list[str]]:
    found: list[pd.Timestamp] = []
    unreadable: list[str] = []
    for layer in layers:
        if layer is None or "as_of" not in layer.columns:
            continue
        parsed = read_dates(layer["as_of"].reset_index(drop=True))
        for pos, (end, problem) in enumerate(zip(parsed.end, parsed.problems, strict=True)):
            if problem:
                unreadable.append(f"the feature at {feature_label(layer, pos)}: as_of {problem}")
            elif pd.notna(end):
                found.append(end.normalize())
    return found, unreadable
