"""Tests of hotspot._front: one band between the lines, its ends, areas and sides."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import LineString

from hotspot._front import (
    build_front,
    facing_edges,
    lines_as_of,
    outline_metric,
    side_regions,
    unreadable_as_of,
)
from hotspot.boundaries import load_control_lines
from hotspot.errors import BoundaryError
from hotspot.gaps import find_gaps
from hotspot.locate import locate

KM = 1000.0


def frame(*geoms, crs=32638):
    return gpd.GeoDataFrame(geometry=list(geoms), crs=crs)


def test_straight_ends_close_the_band_between_the_facing_ends():
    fed = frame(LineString([(0, 0), (100 * KM, 0)]))
    krg = frame(LineString([(50 * KM, 10 * KM), (150 * KM, 10 * KM)]))
    front = build_front(fed, krg, outline=None)
    assert front.ends == ("straight", "straight")
    assert front.facing == (50 * KM, 100 * KM, 0.0, 50 * KM)
    assert front.band_km2 == pytest.approx(500.0)


def test_ends_on_the_border_follow_it():
    # a country whose border bulges out between the two line ends at x = 0
    border = shapely.Polygon(
        [
            (0, -50 * KM),
            (0, 0),
            (-5 * KM, 5 * KM),
            (0, 10 * KM),
            (0, 60 * KM),
            (200 * KM, 60 * KM),
            (200 * KM, -50 * KM),
        ]
    )
    fed = frame(LineString([(0, 0), (100 * KM, 0)]))
    krg = frame(LineString([(0, 10 * KM), (100 * KM, 10 * KM)]))
    front = build_front(fed, krg, outline=border)
    assert front.ends == ("border", "straight")
    # the band runs up to the border: the 10 km x 100 km strip plus the bulge (25 km²)
    assert front.band_km2 == pytest.approx(1000.0 + 25.0)
    straight = build_front(fed, krg, outline=None)
    assert straight.band_km2 == pytest.approx(1000.0)


def test_bundled_lines_run_from_border_to_border():
    lines = load_control_lines().to_crs(32638)
    front = build_front(
        lines[lines["side"] == "federal"], lines[lines["side"] == "krg"], outline=outline_metric()
    )
    assert front.ends == ("border", "border")
    assert front.facing[0] == 0.0 and front.facing[1] == pytest.approx(front.federal.length)
    assert 4000 < front.band_km2 < 6500


def test_areas_reduce_to_their_facing_edges():
    fed = shapely.box(0, -50 * KM, 100 * KM, 0)
    krg = shapely.box(0, 10 * KM, 100 * KM, 60 * KM)
    edges = facing_edges({"federal": fed, "krg": krg}, {"federal": True, "krg": True}, None)
    assert edges["federal"].length == pytest.approx(100 * KM)
    assert edges["federal"].bounds == pytest.approx((0, 0, 100 * KM, 0))
    assert edges["krg"].bounds == pytest.approx((0, 10 * KM, 100 * KM, 10 * KM))
    with pytest.raises(BoundaryError, match="federal: the controlled-area polygons have no"):
        facing_edges(
            {"federal": shapely.box(0, 0, 100, 100), "krg": shapely.box(10, 10, 20, 20)},
            {"federal": True, "krg": True},
            None,
        )


def test_an_area_closed_away_from_the_front_keeps_only_its_edge_facing_the_other():
    """control-areas: an area closed by a side that runs away from the front faces nothing there.

    The federal area's facing edge is y=0 (0-100 km); it is closed by a long
    diagonal that runs away from the KRG area, and the KRG area runs on past it.
    """
    krg = frame(shapely.box(0, 10 * KM, 150 * KM, 60 * KM))
    fed = frame(shapely.Polygon([(0, 0), (100 * KM, 0), (60 * KM, -300 * KM), (0, -50 * KM)]))
    by_areas = build_front(fed, krg, outline=None)
    by_lines = build_front(
        frame(LineString([(0, 0), (100 * KM, 0)])),
        frame(LineString([(0, 10 * KM), (150 * KM, 10 * KM)])),
        outline=None,
    )
    assert by_areas.federal.length == pytest.approx(100 * KM)
    assert by_lines.band_km2 == pytest.approx(1000)
    assert by_areas.band_km2 == pytest.approx(by_lines.band_km2, rel=1e-6)


def test_side_regions_of_areas():
    fed = frame(shapely.box(0, -50 * KM, 100 * KM, 0))
    krg = frame(shapely.box(0, 10 * KM, 100 * KM, 60 * KM))
    regions = side_regions(build_front(fed, krg, outline=None), None)
    assert regions["vacuum"].area == pytest.approx(1000 * KM * KM)
    assert regions["federal"].contains(shapely.Point(50 * KM, -5 * KM))
    assert regions["krg"].contains(shapely.Point(50 * KM, 15 * KM))
    assert not regions["krg"].contains(shapely.Point(50 * KM, 80 * KM))  # outside the areas


def test_lines_as_of():
    dated = gpd.GeoDataFrame(
        {"as_of": ["2017-10", "2017-09-30", None]},
        geometry=[LineString([(0, 0), (1, 1)])] * 3,
        crs=4326,
    )
    assert lines_as_of(dated) == pd.Timestamp("2017-10-31")  # a month: its last day
    assert lines_as_of(dated.assign(as_of=pd.to_datetime(["2018-01-02"] * 3))) == pd.Timestamp(
        "2018-01-02"
    )
    assert lines_as_of(dated.drop(columns="as_of"), None) is None
    assert lines_as_of(load_control_lines()) == pd.Timestamp("2017-10-31")
    with pytest.warns(UserWarning, match=r"the feature at index 1: as_of 'soon' is not a date"):
        assert lines_as_of(dated.assign(as_of=["2017", "soon", None])) is None  # unknown
    assert unreadable_as_of(dated.assign(as_of=["2017", "soon", "later"]))[1].startswith(
        "the feature at index 2: as_of 'later'"
    )
    # the one date rule: day first, a year stands for its last day
    assert lines_as_of(dated.assign(as_of=["03/10/2017", None, None])) == pd.Timestamp("2017-10-03")
    assert lines_as_of(dated.assign(as_of=["2016", None, None])) == pd.Timestamp("2016-12-31")


def test_mixed_lines_and_areas_in_one_side_raise():
    mixed = frame(LineString([(0, 0), (1, 0)]), shapely.box(0, 1, 1, 2))
    with pytest.raises(BoundaryError, match="federal: mixes lines and polygons"):
        build_front(mixed, frame(LineString([(0, 5), (1, 5)])), outline=None)


def test_grid_points_in_the_band_are_vacuum_for_user_lines():
    """locate's side and find_gaps' zones are one geometry for any lines, not only the bundled."""
    fed = frame(LineString([(400 * KM, 3900 * KM), (460 * KM, 3930 * KM), (520 * KM, 3910 * KM)]))
    krg = frame(LineString([(410 * KM, 3925 * KM), (470 * KM, 3950 * KM), (510 * KM, 3940 * KM)]))
    zones = find_gaps(fed, krg, study_area=None, gazetteer=False).zones
    band = shapely.union_all(zones.geometry.array)
    xs, ys = np.meshgrid(np.linspace(390, 530, 36) * KM, np.linspace(3890, 3960, 24) * KM)
    grid = gpd.GeoSeries(shapely.points(xs.ravel(), ys.ravel()), crs=32638)
    side = locate(grid, federal=fed, krg=krg)["side"].to_numpy()
    assert ((side == "vacuum") == shapely.contains_xy(band, xs.ravel(), ys.ravel())).all()
