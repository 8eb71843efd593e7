"""Property tests of hotspot.gaps: widths >= 0, zones inside the corridor, swap symmetry."""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

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
