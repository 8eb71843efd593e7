"""Tests of hotspot._lines: polyline helpers on hand-drawn lines with exact answers."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely import LineString, MultiLineString

from hotspot._lines import (
    as_line,
    chain,
    coincide,
    cumulative_length,
    extend,
    interpolate,
    nearest_on,
    orient,
    substring,
    trim_to_facing,
)
from hotspot.errors import BoundaryError


def test_chain_joins_reversed_pieces_and_counts_the_bridges():
    pieces = [LineString([(30, 0), (20, 0)]), LineString([(0, 0), (10, 0)])]
    line, bridged = chain(pieces)
    assert shapely.get_coordinates(line).tolist() in (
        [[0, 0], [10, 0], [20, 0], [30, 0]],
        [[30, 0], [20, 0], [10, 0], [0, 0]],
    )
    assert bridged == 10.0


def test_chain_does_not_bridge_touching_pieces():
    line, bridged = chain([LineString([(0, 0), (1, 0)]), LineString([(1, 0), (2, 0)])])
    assert bridged == 0.0 and len(line.coords) == 3


def test_as_line_merges_and_refuses_zero_length():
    line, bridged = as_line(MultiLineString([[(0, 0), (1, 0)], [(2, 0), (1, 0)]]))
    assert line.length == 2.0 and bridged == 0.0
    with pytest.raises(BoundaryError, match="krg: the control line has zero length"):
        as_line(MultiLineString([[(0, 0), (0, 0)]]), name="krg")


def test_orient_by_projection_and_by_ends():
    ref = LineString([(0, 0), (10, 0)])
    assert orient(ref, LineString([(10, 5), (0, 5)])).coords[0] == (0.0, 5.0)
    assert orient(ref, LineString([(0, 5), (10, 5)])).coords[0] == (0.0, 5.0)
    # both ends project on the same point (a line across the reference's end)
    across = LineString([(12, 5), (12, -5)])
    assert orient(LineString([(0, 5), (10, 0), (0, -5)]), across).coords[0] == (12.0, 5.0)


def test_trim_cuts_overhangs_unless_kept():
    a = LineString([(0, 0), (100, 0)])
    b = LineString([(50, 10), (150, 10)])
    assert trim_to_facing(a, b, min_overlap=1) == (50.0, 100.0, 0.0, 50.0)
    assert trim_to_facing(a, b, min_overlap=1, keep=(True, True)) == (0.0, 100.0, 0.0, 100.0)
    with pytest.raises(BoundaryError, match="never face each other"):
        trim_to_facing(a, LineString([(200, 10), (300, 10)]), min_overlap=1)


def test_trim_a_line_that_points_at_the_other_or_lies_behind_it():
    """control-line-stub: a short line's ends project on the long line's far end or middle."""
    stub = LineString([(0, 0), (10, 0)])
    across = LineString([(100, -50), (100, 50)])  # beyond the stub's end, across its direction
    with pytest.raises(BoundaryError, match="points at the other"):
        trim_to_facing(stub, across, min_overlap=1)
    # one line faces the other only on one side: cut where the other's end projects
    a = LineString([(0, 0), (1000, 0)])
    rising = LineString([(0, 5000), (540, 5841)])
    assert trim_to_facing(a, rising, min_overlap=1)[:2] == pytest.approx((0.0, 540.0))
    # each end behind the other: nothing faces
    with pytest.raises(BoundaryError, match="never face each other"):
        trim_to_facing(a, LineString([(-1000, 0), (-1416, 909)]), min_overlap=1)
    # lines crossing near their ends keep their ends
    x1, x2 = LineString([(0, 0), (100, 10)]), LineString([(0, 10), (100, 0)])
    assert trim_to_facing(x1, x2, min_overlap=1) == pytest.approx((0, x1.length, 0, x2.length))


def test_extend_and_measure():
    line = LineString([(0, 0), (1, 0)])
    assert extend(line, shapely.box(-5, -1, 5, 1), 100).bounds == (-5.0, 0.0, 5.0, 0.0)
    assert cumulative_length(np.array([[0, 0], [3, 4], [3, 5]])).tolist() == [0.0, 5.0, 6.0]
    xy, direction = interpolate(LineString([(0, 0), (0, 10), (10, 10)]), np.array([5, 15, 99]))
    assert xy.tolist() == [[0, 5], [5, 10], [10, 10]]
    assert direction.tolist() == [[0, 1], [1, 0], [1, 0]]


def test_nearest_on_matches_shapely():
    line = LineString([(0, 0), (10, 0), (10, 10), (20, 5)])
    rng = np.random.default_rng(2)
    pts = rng.uniform(-5, 25, size=(200, 2))
    xy, dist, pos = nearest_on(pts, line)
    geoms = shapely.points(pts)
    np.testing.assert_allclose(dist, shapely.distance(geoms, line), atol=1e-9)
    np.testing.assert_allclose(pos, shapely.line_locate_point(line, geoms), atol=1e-9)
    np.testing.assert_allclose(np.hypot(*(pts - xy).T), dist, atol=1e-9)


def test_substring_and_coincide():
    line = LineString([(0, 0), (10, 0)])
    assert substring(line, 0, 10) is line
    assert substring(line, 2, 4).length == 2.0
    assert coincide(np.array([1.0, 1.0]), np.array([1.0, 1.0 + 1e-9]))
    assert not coincide(np.array([1.0, 1.0]), np.array([1.0, 1.1]))
