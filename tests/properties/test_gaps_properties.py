"""Property tests of hotspot.gaps: widths >= 0, zones inside the corridor, swap symmetry."""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402
import shapely.affinity  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hotspot.errors import BoundaryError  # noqa: E402
from hotspot.gaps import find_gaps  # noqa: E402

X0, Y0 = 400_000.0, 3_900_000.0
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@st.composite
def fronts(draw):
    """Two wiggly lines over 40-120 km that may approach, touch or cross each other."""
    n = draw(st.integers(min_value=2, max_value=7))
    length = draw(st.floats(min_value=40.0, max_value=120.0))
    xs = np.linspace(0.0, length, n) * 1000.0
    ys_f = np.array(draw(st.lists(st.floats(-5, 5), min_size=n, max_size=n))) * 1000.0
    gap = np.array(draw(st.lists(st.floats(-3, 25), min_size=n, max_size=n))) * 1000.0
    shift = draw(st.floats(-10, 10)) * 1000.0  # the KRG line may start earlier or later
    fed = shapely.LineString(np.column_stack([X0 + xs, Y0 + ys_f]))
    krg = shapely.LineString(np.column_stack([X0 + xs + shift, Y0 + ys_f + gap]))
    if draw(st.booleans()):
        krg = krg.reverse()
    coverage = draw(st.sampled_from([0, 500, 3000]))
    return fed, krg, coverage


def layer(geom):
    return gpd.GeoSeries([geom], crs=32638)


@SETTINGS
@given(fronts())
def test_widths_never_negative(front):
    fed, krg, coverage = front
    result = find_gaps(
        layer(fed), layer(krg), coverage_m=coverage, study_area=None, gazetteer=False
    )
    assert (result.profile["width_m"] >= 0).all()
    assert (result.profile["to_krg_m"] >= 0).all()
    for col in ("width_min_km", "width_median_km", "width_max_km", "area_km2", "length_km"):
        values = result.zones[col].dropna()
        assert (values >= 0).all()


@SETTINGS
@given(fronts())
def test_every_zone_lies_inside_the_corridor(front):
    fed, krg, coverage = front
    result = find_gaps(
        layer(fed), layer(krg), coverage_m=coverage, study_area=None, gazetteer=False
    )
    if result.zones.empty:
        return
    corridor = shapely.union_all(result.corridor.to_crs(32638).geometry.array)
    outside = result.zones.to_crs(32638).difference(corridor).area
    # tolerance: lon/lat round trip of the vertices (well under 1 m²)
    assert (outside < 1.0).all()
    # and outside each side's reach (0.98: the buffers are polygons with 16 segments per quarter)
    if coverage:
        for line in (fed, krg):
            inner = result.zones.to_crs(32638).intersection(line.buffer(coverage * 0.98)).area
            assert (inner < 1.0).all()


@SETTINGS
@given(fronts())
def test_swapping_the_sides_swaps_only_their_names(front):
    fed, krg, coverage = front
    a = find_gaps(layer(fed), layer(krg), coverage_m=coverage, study_area=None, gazetteer=False)
    b = find_gaps(layer(krg), layer(fed), coverage_m=coverage, study_area=None, gazetteer=False)
    assert len(a.zones) == len(b.zones)
    np.testing.assert_allclose(
        np.sort(a.zones["area_km2"]), np.sort(b.zones["area_km2"]), rtol=1e-6, atol=1e-6
    )
    ua = shapely.union_all(a.zones.to_crs(32638).geometry.array)
    ub = shapely.union_all(b.zones.to_crs(32638).geometry.array)
    assert shapely.symmetric_difference(ua, ub).area < 1.0
    np.testing.assert_allclose(
        np.sort(a.zones["width_max_km"]), np.sort(b.zones["width_max_km"]), rtol=1e-6
    )


@st.composite
def segments(draw):
    """A federal segment and a KRG segment anywhere near it, in any direction.

    Includes the shapes that broke the facing rule (control-line-stub): a short
    line pointing at the other, a line beyond the other's end, crossing lines.
    """
    length_f = draw(st.floats(min_value=0.5, max_value=60.0)) * 1000.0
    angle_f = draw(st.floats(min_value=0.0, max_value=2 * np.pi))
    fed = shapely.LineString(
        [(X0, Y0), (X0 + length_f * np.cos(angle_f), Y0 + length_f * np.sin(angle_f))]
    )
    start = np.array(draw(st.tuples(st.floats(-80, 80), st.floats(-80, 80)))) * 1000.0
    length_k = draw(st.floats(min_value=0.5, max_value=150.0)) * 1000.0
    angle_k = draw(st.floats(min_value=0.0, max_value=2 * np.pi))
    k0 = np.array([X0, Y0]) + start
    k1 = k0 + length_k * np.array([np.cos(angle_k), np.sin(angle_k)])
    krg = shapely.LineString([k0, k1])
    if krg.distance(fed) < 1.0:  # touching lines: another property's business
        krg = shapely.affinity.translate(krg, 0.0, 5_000.0)
    return fed, krg


def _facing_hull(line: shapely.LineString, other: shapely.LineString) -> float:
    """Longest stretch of ``line`` that can face ``other`` (both straight).

    The hull of the other's shadow on it (where the other's points project) and
    of its points that project inside the other: a facing stretch ends at the
    projection of the other's end, or at an end of its own that faces the other.
    """
    (x0, y0), (x1, y1) = line.coords
    length = line.length
    u = np.array([x1 - x0, y1 - y0]) / length
    shadow = [line.project(shapely.Point(c)) for c in other.coords]
    (k0x, k0y), (k1x, k1y) = other.coords
    v = np.array([k1x - k0x, k1y - k0y]) / other.length
    s0 = float(np.dot([x0 - k0x, y0 - k0y], v))  # where the line's start projects on other
    rate = float(np.dot(u, v))
    t = np.linspace(0.0, length, 2001)
    inside = t[((s0 + t * rate) > 0) & ((s0 + t * rate) < other.length)]
    points = [*shadow, *(inside[[0, -1]] if len(inside) else [])]
    return max(points) - min(points)


@SETTINGS
@given(segments())
def test_the_vacuum_lies_only_where_the_lines_face_each_other(pair):
    """Zone area <= facing length x max width (control-line-stub: 12,274 km² along 1.4 km).

    For straight lines each facing stretch lies in the part of its line that can
    face the other (:func:`_facing_hull`), and the band between two facing
    stretches is at most their mean length times the largest distance between
    points of the two lines (swept by the segments joining points at equal
    fractions of their lengths).
    """
    fed, krg = pair
    try:
        result = find_gaps(layer(fed), layer(krg), study_area=None, gazetteer=False)
    except BoundaryError as exc:
        assert "never face each other" in str(exc)
        return
    hull_f, hull_k = _facing_hull(fed, krg), _facing_hull(krg, fed)
    ends = np.vstack([shapely.get_coordinates(fed), shapely.get_coordinates(krg)])
    widest = max(np.hypot(*(p - q)) for p in ends for q in ends)
    area = result.zones.to_crs(32638).area.sum()
    step = fed.length / 2000 + krg.length / 2000 + 1.0  # the sampling of _facing_hull
    assert result.params["front_km"] * 1000.0 <= hull_f + step
    assert area <= (hull_f + hull_k + 2 * step) / 2 * widest
