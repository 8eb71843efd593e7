"""Polyline helpers: chaining a side's pieces, orienting, trimming, extending, measuring.

Used by the front (:mod:`hotspot._front`), and through it by
:func:`hotspot.gaps.find_gaps` and :func:`hotspot.locate.locate`. Everything
works in a metric CRS (coordinates in metres).

Examples
--------
>>> import shapely
>>> line, bridged = chain([shapely.LineString([(0, 0), (10, 0)]),
...                        shapely.LineString([(25, 0), (15, 0)])])
>>> shapely.get_coordinates(line).tolist(), bridged
([[0.0, 0.0], [10.0, 0.0], [15.0, 0.0], [25.0, 0.0]], 5.0)
"""

from __future__ import annotations

import math

import numpy as np
import shapely
import shapely.ops

from hotspot.errors import BoundaryError

__all__ = [
    "as_line",
    "chain",
    "coincide",
    "cumulative_length",
    "extend",
    "interpolate",
    "nearest_on",
    "orient",
    "substring",
    "trim_to_facing",
]

_TINY_M = 1e-6


def chain(parts: list[shapely.LineString]) -> tuple[shapely.LineString, float]:
    """Join line parts into one line, bridging gaps with straight segments.

    Greedy: start with the longest part, then attach the part with an end
    nearest to either end of the chain (reversed as needed).

    Parameters
    ----------
    parts : list of shapely.LineString
        The pieces, in any order and direction (non-empty).

    Returns
    -------
    line : shapely.LineString
        The chained line.
    bridged : float
        Total length of the bridging segments (CRS units).

    Examples
    --------
    >>> line, bridged = chain([shapely.LineString([(0, 0), (1, 0)])])
    >>> line.length, bridged
    (1.0, 0.0)
    """
    parts = sorted(parts, key=lambda g: -g.length)
    coords = list(shapely.get_coordinates(parts.pop(0)))
    bridged = 0.0
    while parts:
        head, tail = np.asarray(coords[0]), np.asarray(coords[-1])
        best = None
        for i, part in enumerate(parts):
            c = shapely.get_coordinates(part)
            options = (
                (float(np.hypot(*(c[0] - tail))), i, "tail", c),
                (float(np.hypot(*(c[-1] - tail))), i, "tail", c[::-1]),
                (float(np.hypot(*(c[-1] - head))), i, "head", c),
                (float(np.hypot(*(c[0] - head))), i, "head", c[::-1]),
            )
            cand = min(options, key=lambda o: o[0])
            if best is None or cand[0] < best[0]:
                best = cand
        dist, i, where, piece = best
        parts.pop(i)
        bridged += dist
        if where == "tail":
            coords.extend(piece if dist > 0 else piece[1:])
        else:
            coords[:0] = list(piece if dist > 0 else piece[:-1])
    return shapely.LineString(np.asarray(coords)), bridged


def as_line(geom: shapely.Geometry, *, name: str = "line") -> tuple[shapely.LineString, float]:
    """Merge linework into one LineString; pieces that do not join are chained.

    Parameters
    ----------
    geom : shapely geometry
        LineString, MultiLineString or a collection of lines.
    name : str, default "line"
        Used in the error message.

    Returns
    -------
    line : shapely.LineString
        One line.
    bridged : float
        Length of the straight segments added between pieces.

    Raises
    ------
    hotspot.errors.BoundaryError
        If there is no line of positive length.

    Examples
    --------
    >>> m = shapely.MultiLineString([[(0, 0), (1, 0)], [(1, 0), (2, 0)]])
    >>> line, bridged = as_line(m)
    >>> line.length, bridged
    (2.0, 0.0)
    """
    merged = shapely.line_merge(geom) if geom.geom_type != "LineString" else geom
    if merged.geom_type == "LineString" and merged.length > 0:
        return merged, 0.0
    parts = [g for g in shapely.get_parts(merged) if g.geom_type == "LineString" and g.length > 0]
    if not parts:
        raise BoundaryError(f"{name}: the control line has zero length")
    return chain(parts)


def orient(ref: shapely.LineString, line: shapely.LineString) -> shapely.LineString:
    """Return ``line`` running in the same direction as ``ref``.

    Decided by where ``line``'s ends project on ``ref``; when both project on
    the same point, by which pairing of the ends is shorter.

    Parameters
    ----------
    ref, line : shapely.LineString
        Lines in one metric CRS.

    Returns
    -------
    shapely.LineString
        ``line`` or its reverse.

    Examples
    --------
    >>> a = shapely.LineString([(0, 0), (10, 0)])
    >>> orient(a, shapely.LineString([(10, 5), (0, 5)])).coords[0]
    (0.0, 5.0)
    """
    a = ref.project(shapely.Point(line.coords[0]))
    b = ref.project(shapely.Point(line.coords[-1]))
    if abs(a - b) > _TINY_M:
        return line.reverse() if a > b else line
    f0, f1 = np.asarray(ref.coords[0]), np.asarray(ref.coords[-1])
    k0, k1 = np.asarray(line.coords[0]), np.asarray(line.coords[-1])
    same = np.hypot(*(f0 - k0)) + np.hypot(*(f1 - k1))
    swapped = np.hypot(*(f0 - k1)) + np.hypot(*(f1 - k0))
    return line.reverse() if swapped < same else line


def _where(position: float, length: float, end: int, tol: float) -> str:
    """Say where a projection lies on a line: at ``end`` (0 start, 1 end), the other end, inside."""
    near, far = (0.0, length) if end == 0 else (length, 0.0)
    if abs(position - near) <= tol:
        return "near"
    if abs(position - far) <= tol:
        return "far"
    return "inside"


def _cut_end(
    a: shapely.LineString, b: shapely.LineString, end: int, tol: float
) -> tuple[float | None, float | None]:
    """Where to cut ``a`` and ``b`` at one end (0 start, 1 end) so that their ends face.

    Returns the new position of the end on ``a`` and on ``b`` (None: not cut).
    ``p`` is where ``b``'s end projects on ``a``, ``q`` where ``a``'s end projects
    on ``b``; each is at the line's end on this side (*near*), at its other end
    (*far*) or *inside*. A line overhangs, and is cut where the other's end
    projects on it, when the other's end projects inside it (or beyond its
    other end) while its own end does not face the other line: it projects on
    the other's end on this side, or on the other's far end (it lies beyond the
    other line altogether, as a short line pointing at a long one). Ends that
    project inside each other (lines crossing near their ends) face each other
    and are kept; ends that each project on the other's far end face nothing.
    """
    p = a.project(shapely.Point(b.coords[-1 if end else 0]))
    q = b.project(shapely.Point(a.coords[-1 if end else 0]))
    wp, wq = _where(p, a.length, end, tol), _where(q, b.length, end, tol)
    if (wq == "near" and wp != "near") or (wq == "far" and wp == "inside"):
        return p, None  # a runs past b's end
    if (wp == "near" and wq != "near") or (wp == "far" and wq == "inside"):
        return None, q  # b runs past a's end
    if wp == "far" and wq == "far":
        return p, q  # each end lies behind the other line: they do not face here
    return None, None


def trim_to_facing(
    a: shapely.LineString,
    b: shapely.LineString,
    *,
    min_overlap: float,
    keep: tuple[bool, bool] = (False, False),
) -> tuple[float, float, float, float]:
    """Where two co-oriented lines face each other: the stretch of each, as distances along it.

    At each end, the line that runs past the other's end is cut where that end
    projects onto it: a line overhangs when the other's end projects inside it
    while its own end projects onto the other's end on that side, or onto the
    other's far end (a short line that points at a long one faces none of it).
    Ends that project on each other's ends, or both inside the other line (lines
    crossing near their ends), are kept, and so is an end listed in ``keep``
    (both lines end on the country border there).

    Parameters
    ----------
    a, b : shapely.LineString
        Lines running in the same direction (:func:`orient`).
    min_overlap : float
        Shortest facing stretch accepted.
    keep : (bool, bool), default (False, False)
        Keep the start / the end untrimmed.

    Returns
    -------
    a_lo, a_hi, b_lo, b_hi : float
        The facing stretch of each line (distances from its start).

    Raises
    ------
    hotspot.errors.BoundaryError
        If the lines never face each other.

    Examples
    --------
    >>> a = shapely.LineString([(0, 0), (100, 0)])
    >>> b = shapely.LineString([(50, 10), (150, 10)])
    >>> trim_to_facing(a, b, min_overlap=1.0)
    (50.0, 100.0, 0.0, 50.0)

    A short line that points at a long one faces none of it:

    >>> stub = shapely.LineString([(0, 0), (10, 0)])
    >>> trim_to_facing(stub, shapely.LineString([(100, -50), (100, 50)]), min_overlap=1.0)
    Traceback (most recent call last):
    ...
    hotspot.errors.BoundaryError: the federal and KRG lines never face each other: ...
    """
    tol = 1e-3
    a_len, b_len = a.length, b.length
    cuts = {}
    for end in (0, 1):
        cuts[end] = (None, None) if keep[end] else _cut_end(a, b, end, tol)
    a_lo = cuts[0][0] if cuts[0][0] is not None else 0.0
    b_lo = cuts[0][1] if cuts[0][1] is not None else 0.0
    a_hi = cuts[1][0] if cuts[1][0] is not None else a_len
    b_hi = cuts[1][1] if cuts[1][1] is not None else b_len
    if a_hi - a_lo < min_overlap or b_hi - b_lo < min_overlap:
        raise BoundaryError(
            "the federal and KRG lines never face each other: only km "
            f"{a_lo / 1000:.1f}–{max(a_hi, a_lo) / 1000:.1f} of the federal line "
            f"({a_len / 1000:.1f} km long) and km {b_lo / 1000:.1f}–{max(b_hi, b_lo) / 1000:.1f} "
            f"of the KRG line ({b_len / 1000:.1f} km long) lie alongside the other line "
            f"(they are {a.distance(b) / 1000:,.1f} km apart at the nearest); give lines that "
            "run alongside each other, each covering the stretch of front to study (a line "
            "that points at the other, or lies beyond its end, faces none of it)"
        )
    return a_lo, a_hi, b_lo, b_hi


def extend(line: shapely.LineString, frame: shapely.Geometry, length: float) -> shapely.Geometry:
    """Prolong a line straight from both ends by ``length`` and clip it to ``frame``.

    Parameters
    ----------
    line : shapely.LineString
        The line (at least two distinct end vertices).
    frame : shapely.Polygon
        The clip region.
    length : float
        How far to prolong each end (CRS units).

    Returns
    -------
    shapely geometry
        The prolonged line inside ``frame``.

    Examples
    --------
    >>> line = shapely.LineString([(0, 0), (1, 0)])
    >>> extend(line, shapely.box(-5, -1, 5, 1), 100).bounds
    (-5.0, 0.0, 5.0, 0.0)
    """
    c = shapely.get_coordinates(line)

    def ray(p: np.ndarray, q: np.ndarray) -> np.ndarray:
        d = p - q
        return p + d / np.hypot(*d) * length

    body = np.vstack([ray(c[0], c[1]), c, ray(c[-1], c[-2])])
    return shapely.LineString(body).intersection(frame)


def cumulative_length(coords: np.ndarray) -> np.ndarray:
    """Distance along a vertex sequence at each vertex (0 at the first).

    Parameters
    ----------
    coords : numpy.ndarray
        ``(n, 2)`` vertices.

    Returns
    -------
    numpy.ndarray
        ``n`` distances.

    Examples
    --------
    >>> cumulative_length(np.array([[0, 0], [3, 4], [3, 5]])).tolist()
    [0.0, 5.0, 6.0]
    """
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(coords, axis=0).T))])


def interpolate(line: shapely.LineString, dist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points at distances along a line, and the unit direction of the line there.

    Parameters
    ----------
    line : shapely.LineString
        The line.
    dist : numpy.ndarray
        Distances from its start (clipped to its length).

    Returns
    -------
    xy, direction : numpy.ndarray
        ``(n, 2)`` points and unit tangents.

    Examples
    --------
    >>> xy, d = interpolate(shapely.LineString([(0, 0), (10, 0)]), np.array([2.5]))
    >>> xy.tolist(), d.tolist()
    ([[2.5, 0.0]], [[1.0, 0.0]])
    """
    coords = shapely.get_coordinates(line)
    cum = cumulative_length(coords)
    d = np.clip(np.asarray(dist, dtype=float), 0.0, cum[-1])
    xy = np.column_stack([np.interp(d, cum, coords[:, 0]), np.interp(d, cum, coords[:, 1])])
    seg = np.clip(np.searchsorted(cum, d, side="right") - 1, 0, len(coords) - 2)
    direction = coords[seg + 1] - coords[seg]
    norm = np.hypot(direction[:, 0], direction[:, 1])
    direction = direction / np.where(norm > 0, norm, 1.0)[:, None]
    return xy, direction


def nearest_on(
    points_xy: np.ndarray, line: shapely.LineString
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nearest point on ``line`` for each point: (xy, distance, position along the line).

    Uses an STRtree of the line's segments, so it costs O(log n) per point.

    Parameters
    ----------
    points_xy : numpy.ndarray
        ``(n, 2)`` points.
    line : shapely.LineString
        The line.

    Returns
    -------
    xy, distance, position : numpy.ndarray
        The nearest points, their distances and their distances along the line.

    Examples
    --------
    >>> xy, d, pos = nearest_on(np.array([[5.0, 3.0]]), shapely.LineString([(0, 0), (10, 0)]))
    >>> xy.tolist(), d.tolist(), pos.tolist()
    ([[5.0, 0.0]], [3.0], [5.0])
    """
    coords = shapely.get_coordinates(line)
    cum = cumulative_length(coords)
    a, b = coords[:-1], coords[1:]
    seg_len = cum[1:] - cum[:-1]
    keep = np.flatnonzero(seg_len > 0)
    tree = shapely.STRtree(shapely.linestrings(np.stack([a[keep], b[keep]], axis=1)))
    points = shapely.points(points_xy)
    idx = tree.query_nearest(points, all_matches=False)
    seg = np.empty(len(points_xy), dtype=np.int64)
    seg[idx[0]] = keep[idx[1]]
    pa, ab = a[seg], b[seg] - a[seg]
    t = np.einsum("ij,ij->i", points_xy - pa, ab) / seg_len[seg] ** 2
    t = np.clip(t, 0.0, 1.0)
    xy = pa + ab * t[:, None]
    dist = np.hypot(*(points_xy - xy).T)
    return xy, dist, cum[seg] + t * seg_len[seg]


def substring(line: shapely.LineString, lo: float, hi: float) -> shapely.LineString:
    """Return the part of ``line`` between distances ``lo`` and ``hi`` from its start.

    Parameters
    ----------
    line : shapely.LineString
        The line.
    lo, hi : float
        Distances along it.

    Returns
    -------
    shapely.LineString
        The stretch (the whole line when it spans it).

    Examples
    --------
    >>> substring(shapely.LineString([(0, 0), (10, 0)]), 2, 4).length
    2.0
    """
    if lo <= _TINY_M and hi >= line.length - _TINY_M:
        return line
    return shapely.ops.substring(line, lo, hi)


def coincide(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two points coincide (within a micrometre).

    Parameters
    ----------
    a, b : numpy.ndarray
        Points.

    Returns
    -------
    bool
        True when they coincide.

    Examples
    --------
    >>> coincide(np.array([0.0, 0.0]), np.array([0.0, 1e-9]))
    True
    """
    return math.hypot(*(np.asarray(a) - np.asarray(b))) <= _TINY_M
