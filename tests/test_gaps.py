"""Tests of hotspot.gaps: hand-drawn lines in a local metric frame with exact answers.

Lines are drawn in kilometres from an origin in EPSG:32638 (near Kirkuk) and
converted to lon/lat, so the answers in square kilometres and metres are exact.
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from scipy import stats
from shapely import LineString, MultiLineString, Point, box

from hotspot._stats import RATE_RATIO_METHOD, rate_ratio_test
from hotspot.errors import BoundaryError, CRSError, IncidentError
from hotspot.gaps import GapOverlay, GapResult, find_gaps

X0, Y0 = 400_000.0, 3_900_000.0  # EPSG:32638, about 43.9 E 35.2 N
REL = 0.005  # the brief's 0.5 % tolerance
NO_CLIP = {"study_area": None, "gazetteer": False}


def xy(x_km: float, y_km: float) -> tuple[float, float]:
    return (X0 + x_km * 1000.0, Y0 + y_km * 1000.0)


def line(*pts_km) -> LineString:
    return LineString([xy(*p) for p in pts_km])


def rect(x0, y0, x1, y1) -> shapely.Polygon:
    return box(*xy(x0, y0), *xy(x1, y1))


def lonlat(*geoms, index=None) -> gpd.GeoDataFrame:
    """Metric geometries as a lon/lat GeoDataFrame."""
    series = gpd.GeoSeries(list(geoms), crs=32638, index=index).to_crs(4326)
    return gpd.GeoDataFrame({"name": [f"f{i}" for i in range(len(geoms))]}, geometry=series)


def metric(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf.to_crs(32638)


@pytest.fixture
def parallel():
    return lonlat(line((0, 0), (100, 0))), lonlat(line((0, 10), (100, 10)))


def assert_close(value, expected, rel=REL):
    assert value == pytest.approx(expected, rel=rel), f"{value} != {expected} (rel {rel})"


# --------------------------------------------------------------------------- corridor


def test_parallel_lines_give_one_zone_10_km_wide(parallel):
    result = find_gaps(*parallel, **NO_CLIP)
    assert isinstance(result, GapResult)
    assert len(result.zones) == 1
    zone = result.zones.iloc[0]
    assert_close(zone["area_km2"], 1000.0)
    assert_close(zone["length_km"], 100.0)
    for col in ("width_min_km", "width_median_km", "width_max_km"):
        assert_close(zone[col], 10.0)
    np.testing.assert_allclose(result.profile["width_m"], 10_000.0, rtol=REL)
    assert len(result.profile) == 201  # every 500 m over 100 km, both ends
    assert_close(result.profile["along_km"].iloc[-1], 100.0)
    assert set(result.profile["krg_side"]) == {"left"}
    assert result.zones.crs.to_epsg() == 4326
    assert result.profile.crs.to_epsg() == 4326
    assert result.crs_metric == "EPSG:32638"
    assert result.overlay is None


def test_profile_matching_point_lies_on_the_other_line(parallel):
    result = find_gaps(*parallel, **NO_CLIP)
    other = gpd.GeoSeries(
        gpd.points_from_xy(result.profile["krg_lon"], result.profile["krg_lat"]), crs=4326
    ).to_crs(32638)
    dist = other.distance(metric(parallel[1]).geometry.iloc[0])
    assert dist.max() < 0.01
    np.testing.assert_allclose(shapely.get_coordinates(other.array)[:, 1], Y0 + 10_000, atol=0.01)


@pytest.mark.parametrize(
    "coverage", [2000, (2000, 2000), {"federal": 2000, "krg": 2000}, (1000, 3000)]
)
def test_reach_is_taken_off_both_sides(parallel, coverage):
    result = find_gaps(*parallel, coverage_m=coverage, **NO_CLIP)
    assert len(result.zones) == 1
    assert_close(result.zones["area_km2"].iloc[0], 600.0)
    assert_close(result.zones["width_median_km"].iloc[0], 6.0)
    np.testing.assert_allclose(result.profile["width_m"], 6000.0, rtol=REL)
    np.testing.assert_allclose(result.profile["to_krg_m"], 10_000.0, rtol=REL)


def test_reach_wider_than_the_gap_leaves_no_zone(parallel):
    result = find_gaps(*parallel, coverage_m=5000, **NO_CLIP)
    assert result.zones.empty
    assert (result.profile["width_m"] == 0).all()
    assert set(result.profile["width_class"].astype(str)) == {"none"}


def test_crossing_lines_give_a_zone_on_each_side():
    fed = lonlat(line((0, 0), (100, 10)))
    krg = lonlat(line((0, 10), (100, 0)))
    result = find_gaps(fed, krg, **NO_CLIP)
    assert len(result.zones) == 2
    for area in result.zones["area_km2"]:
        assert_close(area, 250.0)
    np.testing.assert_allclose(result.zones["length_km"], 50.0, rtol=REL)
    np.testing.assert_allclose(result.zones["width_max_km"], 10.0, rtol=REL)
    # the sides swap at the crossing
    sides = result.profile["krg_side"]
    assert (sides.iloc[:50] == "left").all()
    assert (sides.iloc[-50:] == "right").all()
    assert result.profile["width_m"].min() < 100.0


def test_identical_lines_give_no_zone():
    fed = lonlat(line((0, 0), (60, 5), (100, 0)))
    result = find_gaps(fed, fed.copy(), **NO_CLIP)
    assert result.zones.empty
    assert list(result.zones.columns[:4]) == ["zone_id", "label", "place_start", "place_end"]
    assert result.profile["width_m"].max() == pytest.approx(0.0, abs=1e-6)
    assert result.corridor.empty


def test_reversed_line_gives_the_same_answer(parallel):
    fed, krg = parallel
    rev = lonlat(line((100, 10), (0, 10)))
    a = find_gaps(fed, krg, **NO_CLIP)
    b = find_gaps(fed, rev, **NO_CLIP)
    assert_close(b.zones["area_km2"].sum(), a.zones["area_km2"].sum())
    np.testing.assert_allclose(b.profile["width_m"], a.profile["width_m"], rtol=1e-9)


def test_multi_part_line_is_merged(parallel):
    parts = MultiLineString(
        [line((60, 10), (100, 10)), line((0, 10), (30, 10)), line((60, 10), (30, 10))]
    )
    result = find_gaps(parallel[0], lonlat(parts), **NO_CLIP)
    assert_close(result.zones["area_km2"].sum(), 1000.0)
    assert result.params["bridged_km"]["krg"] == pytest.approx(0.0)


def test_several_features_are_one_line(parallel):
    krg = lonlat(line((0, 10), (50, 10)), line((100, 10), (50, 10)))
    result = find_gaps(parallel[0], krg, **NO_CLIP)
    assert_close(result.zones["area_km2"].sum(), 1000.0)


def test_gap_in_one_line_is_bridged(parallel):
    fed = lonlat(MultiLineString([line((0, 0), (40, 0)), line((60, 0), (100, 0))]))
    result = find_gaps(fed, parallel[1], **NO_CLIP)
    assert len(result.zones) == 1
    assert_close(result.zones["area_km2"].iloc[0], 1000.0)
    assert result.params["bridged_km"]["federal"] == pytest.approx(20.0)
    np.testing.assert_allclose(result.profile["width_m"], 10_000.0, rtol=REL)


def test_overhanging_ends_are_cut_to_the_facing_stretch():
    fed = lonlat(line((0, 0), (100, 0)))
    krg = lonlat(line((50, 10), (150, 10)))
    result = find_gaps(fed, krg, **NO_CLIP)
    assert_close(result.zones["area_km2"].sum(), 500.0)
    assert result.params["facing_km_on_federal"] == pytest.approx((50.0, 100.0))
    assert_close(result.profile["along_km"].iloc[0], 50.0)
    np.testing.assert_allclose(result.profile["width_m"], 10_000.0, rtol=REL)


def test_lines_that_never_face_each_other_raise():
    fed = lonlat(line((0, 0), (100, 0)))
    krg = lonlat(line((200, 10), (300, 10)))
    with pytest.raises(BoundaryError, match="never face each other"):
        find_gaps(fed, krg, **NO_CLIP)


def test_study_area_clips_zones(parallel):
    area = lonlat(rect(20, -5, 50, 20))
    result = find_gaps(*parallel, study_area=area, gazetteer=False)
    assert_close(result.zones["area_km2"].sum(), 300.0)
    inside = result.profile["in_study_area"]
    assert inside.sum() == 61  # stations at 20.0, 20.5 ... 50.0 km
    assert not inside.iloc[0]
    assert result.params["study_area"] == "given layer"


def test_lines_outside_the_study_area_raise(parallel):
    far = lonlat(rect(500, 500, 600, 600))
    with pytest.raises(BoundaryError, match="outside the study area"):
        find_gaps(*parallel, study_area=far, gazetteer=False)


def test_controlled_area_polygons_use_their_facing_boundary():
    fed = lonlat(rect(0, -50, 100, 0))
    krg = lonlat(rect(0, 10, 100, 60))
    result = find_gaps(fed, krg, **NO_CLIP)
    assert len(result.zones) == 1
    assert_close(result.zones["area_km2"].iloc[0], 1000.0)
    np.testing.assert_allclose(result.profile["width_m"], 10_000.0, rtol=REL)
    assert result.params["polygons"] == {"federal": True, "krg": True}
    with_reach = find_gaps(fed, krg, coverage_m=2000, **NO_CLIP)
    assert_close(with_reach.zones["area_km2"].iloc[0], 600.0)


def test_polygon_containing_the_other_side_raises():
    fed = lonlat(rect(0, 0, 100, 100))
    krg = lonlat(rect(10, 10, 20, 20))
    with pytest.raises(BoundaryError, match="federal: the controlled-area polygons have no"):
        find_gaps(fed, krg, **NO_CLIP)


def test_polygon_against_line():
    fed = lonlat(rect(0, -50, 100, 0))
    krg = lonlat(line((0, 10), (100, 10)))
    result = find_gaps(fed, krg, coverage_m={"krg": 1000}, **NO_CLIP)
    assert_close(result.zones["area_km2"].iloc[0], 900.0)


def test_layers_in_any_shared_crs_give_the_same_answer(parallel):
    a = find_gaps(*parallel, **NO_CLIP)
    b = find_gaps(metric(parallel[0]), metric(parallel[1]), **NO_CLIP)
    c = find_gaps(parallel[0].to_crs(3857), parallel[1].to_crs(3857), **NO_CLIP)
    assert_close(b.zones["area_km2"].iloc[0], a.zones["area_km2"].iloc[0], rel=1e-9)
    assert_close(c.zones["area_km2"].iloc[0], a.zones["area_km2"].iloc[0], rel=1e-6)


def test_one_layer_with_a_side_column(parallel):
    both = pd.concat([parallel[0], parallel[1]], ignore_index=True)
    both["side"] = ["federal", "krg"]
    result = find_gaps(both, **NO_CLIP)
    assert_close(result.zones["area_km2"].iloc[0], 1000.0)


def test_file_paths_are_read(parallel, tmp_path):
    paths = []
    for name, gdf in zip(("fed", "krg"), parallel, strict=True):
        path = tmp_path / f"{name}.geojson"
        gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
        paths.append(path)
    result = find_gaps(str(paths[0]), paths[1], **NO_CLIP)
    assert_close(result.zones["area_km2"].iloc[0], 1000.0)


def test_inputs_are_not_mutated(parallel):
    before = [g.copy() for g in parallel]
    find_gaps(*parallel, coverage_m=1000, **NO_CLIP)
    for a, b in zip(before, parallel, strict=True):
        pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b))


# --------------------------------------------------------------------------- profile


def test_width_classes_and_segments():
    # the gap widens linearly from 0 to 50 km over 100 km
    fed = lonlat(line((0, 0), (100, 0)))
    krg = lonlat(line((0, 0), (100, 50)))
    result = find_gaps(fed, krg, station_spacing_m=1000, **NO_CLIP)
    classes = result.profile["width_class"]
    assert list(classes.cat.categories) == ["none", "<2 km", "2–10 km", "10–40 km", ">=40 km"]
    assert classes.iloc[0] == "none"
    assert classes.iloc[-1] == ">=40 km"
    seg = result.segments
    assert list(seg["width_class"].astype(str)) == list(classes.cat.categories)
    assert_close(seg["length_km"].sum(), 100.0, rel=1e-9)
    assert (seg["start_km"].iloc[1:].to_numpy() == seg["end_km"].iloc[:-1].to_numpy()).all()
    assert seg["n_stations"].sum() == len(result.profile)
    assert seg.crs.to_epsg() == 4326
    assert (seg.geom_type == "LineString").all()
    # distance to a line at slope 1/2 is x * sin(atan(0.5)); 2 km reached near x = 4.47 km
    first_small = result.profile.loc[classes == "<2 km", "along_km"].iloc[0]
    assert first_small == pytest.approx(1.0)
    assert result.profile.loc[classes == "2–10 km", "along_km"].iloc[0] == pytest.approx(5.0)


def test_custom_width_classes(parallel):
    result = find_gaps(*parallel, width_classes_m=(5000, 20000), **NO_CLIP)
    assert set(result.profile["width_class"].astype(str)) == {"5–20 km"}
    assert len(result.segments) == 1


def test_station_spacing(parallel):
    result = find_gaps(*parallel, station_spacing_m=3000, **NO_CLIP)
    d = result.profile["along_km"].to_numpy()
    assert len(d) == 35  # 0, 3, ..., 99 and the end at 100
    assert d[-1] == pytest.approx(100.0)
    np.testing.assert_allclose(np.diff(d)[:-1], 3.0)


def test_cross_section_lengths_match_shapely():
    from hotspot.gaps import _inside_lengths

    poly = shapely.Polygon(
        [(0, 0), (100, 0), (100, 60), (50, 30), (0, 60)],
        holes=[[(40, 10), (60, 10), (60, 20), (40, 20)]],
    )
    rng = np.random.default_rng(7)
    starts = rng.uniform(-20, 120, (300, 2))
    ends = rng.uniform(-20, 120, (300, 2))
    # segments through vertices and along edges (the hole's top and bottom, the base)
    starts = np.vstack([starts, [[-10, 10], [-10, 20], [-10, 0], [50, -10], [-10, 30]]])
    ends = np.vstack([ends, [[110, 10], [110, 20], [110, 0], [50, 70], [110, 30]]])
    ours = _inside_lengths(starts, ends, poly)
    segments = shapely.linestrings(np.stack([starts, ends], axis=1))
    np.testing.assert_allclose(
        ours, shapely.length(shapely.intersection(segments, poly)), atol=1e-9
    )


# --------------------------------------------------------------------------- labels


def gazetteer(*rows):
    table = []
    for i, (name, ftype, x_km, y_km) in enumerate(rows):
        lon, lat = gpd.GeoSeries([Point(xy(x_km, y_km))], crs=32638).to_crs(4326).iloc[0].coords[0]
        table.append({"id": f"t-{i}", "name": name, "feature_type": ftype, "lat": lat, "lon": lon})
    return pd.DataFrame(table)


def test_zone_labels_name_settlements_never_landmarks(parallel):
    gaz = gazetteer(
        ("West", "settlement", -2, 5),
        ("Mosque", "site", 0, 5),  # right at the start, but a landmark
        ("East Ridge", "mountain", 100, 5),
        ("Eastville", "settlement", 102, 5),
        ("Province", "governorate", 1, 5),  # not a settlement
    )
    result = find_gaps(*parallel, study_area=None, gazetteer=gaz)
    zone = result.zones.iloc[0]
    assert zone["label"] == "West – Eastville"
    assert (zone["place_start"], zone["place_end"]) == ("West", "Eastville")


def test_zone_labels_prefer_a_seat_to_a_nearer_village(parallel):
    gaz = gazetteer(
        ("Hamlet", "settlement", 1, 5),
        ("Seat", "district", 6, 5),  # a district seat reaches 8 km
        ("Far Seat", "district", 120, 5),
    )
    zone = find_gaps(*parallel, study_area=None, gazetteer=gaz).zones.iloc[0]
    assert zone["place_start"] == "Seat"
    # nothing reaches the far end: named by distance and direction from a place
    assert zone["place_end"] == "20 km W of Far Seat"


def test_zone_label_when_one_place_names_both_ends(parallel):
    one = gazetteer(("Only", "district", 50, 5))
    label = find_gaps(*parallel, study_area=None, gazetteer=one).zones["label"].iloc[0]
    assert label == "50 km W of Only – 50 km E of Only"
    near = gazetteer(("Town", "governorate", 50, 5), ("Town", "district", 50, 5))
    short = find_gaps(
        lonlat(line((45, 0), (55, 0))),
        lonlat(line((45, 10), (55, 10))),
        study_area=None,
        gazetteer=near,
    )
    assert short.zones["label"].iloc[0] == "Town"


def test_bundled_gazetteer_labels_do_not_fail(parallel):
    result = find_gaps(*parallel, study_area=None)
    assert result.zones["label"].iloc[0] != ""


# --------------------------------------------------------------------------- overlay


def incidents_30_in_10_out(with_dates=True):
    pts = [Point(xy(x, 5)) for x in np.linspace(1, 99, 30)]
    pts += [Point(xy(x, 15)) for x in np.linspace(1, 99, 10)]
    pts += [Point(xy(300, 300))]  # outside the study area: excluded
    gdf = lonlat(*pts)
    if with_dates:
        gdf["date"] = ["2020-01-01"] * 40 + ["2021-12-31"]
        gdf.loc[5, "date"] = "2021-12-31"
    return gdf


def test_overlay_rate_ratio_against_scipy(parallel):
    area = lonlat(rect(0, -10, 100, 20))  # 3000 km²: 1000 inside, 2000 outside
    result = find_gaps(
        *parallel, study_area=area, incidents=incidents_30_in_10_out(), gazetteer=False
    )
    o = result.overlay
    assert isinstance(o, GapOverlay)
    assert (o.n_in, o.n_out, o.n_excluded) == (30, 10, 1)
    assert_close(o.area_in_km2, 1000.0, rel=1e-6)
    assert_close(o.area_out_km2, 2000.0, rel=1e-6)
    assert o.years == pytest.approx(731 / 365.25)
    assert o.rate_in == pytest.approx(30 / 1000 / o.years, rel=1e-6)
    assert o.rate_out == pytest.approx(10 / 2000 / o.years, rel=1e-6)
    assert o.rate_ratio == pytest.approx(6.0, rel=1e-6)
    test = stats.binomtest(30, 40, 1 / 3)
    assert o.p_value == pytest.approx(test.pvalue, rel=1e-6)
    ci = test.proportion_ci(method="exact")
    assert o.ci_low == pytest.approx(ci.low / (1 - ci.low) * 2, rel=1e-5)
    assert o.ci_high == pytest.approx(ci.high / (1 - ci.high) * 2, rel=1e-5)
    assert o.method == RATE_RATIO_METHOD
    assert "binomial" in o.method and "Clopper-Pearson" in o.method
    zones = result.zones
    assert zones["n_incidents"].tolist() == [30]
    assert zones["rate_rank"].tolist() == [1]
    assert zones["incident_rate"].iloc[0] == pytest.approx(o.rate_in, rel=1e-9)
    frame = o.to_frame()
    assert frame.loc[0, "n_in"] == 30


def test_overlay_years_argument_and_no_dates(parallel):
    area = lonlat(rect(0, -10, 100, 20))
    inc = incidents_30_in_10_out(with_dates=False)
    o = find_gaps(*parallel, study_area=area, incidents=inc, years=3, gazetteer=False).overlay
    assert o.years == 3.0
    assert o.rate_in == pytest.approx(0.01, rel=1e-6)
    o = find_gaps(*parallel, study_area=area, incidents=inc, gazetteer=False).overlay
    assert math.isnan(o.years) and math.isnan(o.rate_in)
    assert o.rate_ratio == pytest.approx(6.0, rel=1e-6)


def test_overlay_ranks_zones_and_counts_hotspots():
    fed = lonlat(line((0, 0), (100, 10)))
    krg = lonlat(line((0, 10), (100, 0)))
    pts = [Point(xy(10, 5))] * 2 + [Point(xy(90, 5))] * 6
    inc = lonlat(*pts)
    inc["date"] = "2022-05-01"
    hot = lonlat(rect(85, 4, 95, 6), rect(5, 4, 8, 6), rect(80, 4, 82, 6))
    result = find_gaps(fed, krg, study_area=None, incidents=inc, hotspots=hot, gazetteer=False)
    z = result.zones
    assert z["n_incidents"].tolist() == [2, 6]
    assert z["n_hotspots"].tolist() == [1, 2]
    assert z["rate_rank"].tolist() == [2, 1]
    assert result.overlay.n_in == 8
    assert result.overlay.years == pytest.approx(1 / 365.25)


def test_rate_ratio_edge_cases():
    none = rate_ratio_test(0, 0, 1.0, 1.0)
    assert math.isnan(none.rate_ratio) and none.p_value == 1.0
    all_in = rate_ratio_test(5, 0, 1.0, 1.0)
    assert all_in.rate_ratio == math.inf and all_in.ci_high == math.inf
    assert all_in.ci_low > 0
    with pytest.raises(ValueError, match="exposures must be > 0"):
        rate_ratio_test(1, 1, 0.0, 1.0)


# --------------------------------------------------------------------------- bad input


def test_layers_in_different_crs_raise_naming_both(parallel):
    with pytest.raises(CRSError, match=r"EPSG:4326.*EPSG:32638"):
        find_gaps(parallel[0], metric(parallel[1]), **NO_CLIP)


def test_incidents_in_another_crs_raise(parallel):
    inc = metric(incidents_30_in_10_out())
    with pytest.raises(CRSError, match="incidents in EPSG:32638"):
        find_gaps(*parallel, incidents=inc, **NO_CLIP)


def test_layer_without_crs_raises_with_the_fix(parallel):
    bare = parallel[1].set_crs(None, allow_override=True)
    with pytest.raises(CRSError, match=r"krg has no CRS.*set_crs"):
        find_gaps(parallel[0], bare, **NO_CLIP)


def test_invalid_geometry_is_repaired_and_named_by_index():
    bowtie = shapely.Polygon([xy(0, 20), xy(10, 30), xy(10, 20), xy(0, 30)])
    bad = gpd.GeoDataFrame(
        geometry=gpd.GeoSeries([rect(0, 20, 100, 30), bowtie], crs=32638, index=["ok", "bad"])
    )
    with pytest.warns(UserWarning, match=r"krg: repaired 1 invalid geometry .*index 'bad'.*Self"):
        result = find_gaps(metric(lonlat(rect(0, -50, 100, 0))), bad, **NO_CLIP)
    assert_close(result.zones["area_km2"].sum(), 2000.0)


def test_all_problems_in_one_message(parallel):
    empty = parallel[1].iloc[0:0]
    points = lonlat(Point(xy(0, 0)))
    with pytest.raises(BoundaryError) as info:
        find_gaps(points, empty, **NO_CLIP)
    message = str(info.value)
    assert "krg is empty" in message
    assert "federal: feature at index 0 (name='f0') is a Point" in message


def test_incidents_must_be_points(parallel):
    expected = r"incidents: feature at index 0 \(name='f0'\) is a Polygon"
    with pytest.raises(IncidentError, match=expected):
        find_gaps(*parallel, incidents=lonlat(rect(1, 1, 2, 2)), **NO_CLIP)


def test_bad_dates_raise(parallel):
    inc = incidents_30_in_10_out()
    inc.loc[3, "date"] = "last tuesday"
    with pytest.raises(IncidentError, match="not dates at index 3"):
        find_gaps(*parallel, incidents=inc, **NO_CLIP)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"coverage_m": -1}, "coverage_m must be finite and >= 0"),
        ({"coverage_m": {"fed": 100}}, "valid keys are federal, krg"),
        ({"coverage_m": "wide"}, "coverage_m: expected a number"),
        ({"study_area": "kurdistan"}, "known study area \\(disputed\\)"),
        ({"width_classes_m": (10_000, 2000)}, "strictly increasing"),
        ({"station_spacing_m": 0}, "station_spacing_m must be > 0"),
    ],
)
def test_bad_options_raise(parallel, kwargs, message):
    options = {**NO_CLIP, **kwargs}
    with pytest.raises(ValueError, match=message):
        find_gaps(*parallel, **options)


def test_shapely_geometry_is_refused_with_the_fix(parallel):
    with pytest.raises(TypeError, match="GeoSeries"):
        find_gaps(parallel[0], line((0, 10), (100, 10)), **NO_CLIP)


# --------------------------------------------------------------------------- output


def test_to_files_writes_rfc7946_geojson_and_csv(parallel, tmp_path):
    area = lonlat(rect(0, -10, 100, 20))
    result = find_gaps(
        *parallel, study_area=area, incidents=incidents_30_in_10_out(), gazetteer=False
    )
    paths = result.to_files(tmp_path / "out")
    names = [p.name for p in paths]
    assert names == [
        "gaps_zones.geojson",
        "gaps_profile.geojson",
        "gaps_segments.geojson",
        "gaps_profile.csv",
        "gaps_overlay.csv",
    ]
    assert all(p.exists() for p in paths)
    doc = json.loads(paths[0].read_text())
    assert "crs" not in doc
    coords = np.asarray(doc["features"][0]["geometry"]["coordinates"][0])
    assert np.all(np.abs(coords * 1e7 - np.round(coords * 1e7)) < 1e-3)
    zones = gpd.read_file(paths[0])
    assert_close(zones.to_crs(32638).area.iloc[0] / 1e6, 1000.0)
    assert zones["n_incidents"].tolist() == [30]
    profile = pd.read_csv(paths[3])
    assert len(profile) == len(result.profile)
    assert {"lon", "lat", "width_m", "width_class"} <= set(profile.columns)
    # writing again replaces the files
    assert result.to_files(tmp_path / "out") == paths


def test_to_files_with_no_zones(parallel, tmp_path):
    result = find_gaps(*parallel, coverage_m=6000, **NO_CLIP)
    paths = result.to_files(tmp_path)
    assert gpd.read_file(paths[0]).empty


def test_summary_and_html(parallel):
    area = lonlat(rect(0, -10, 100, 20))
    result = find_gaps(
        *parallel, study_area=area, incidents=incidents_30_in_10_out(), gazetteer=False
    )
    text = str(result)
    assert "1 zone(s), 1000.0 km²" in text
    assert "rate ratio 6" in text
    assert "exact conditional binomial test" in text
    assert "left out: 1 outside the comparison area" in text
    table = result.summary()
    assert isinstance(table, pd.DataFrame)
    assert table.loc["zones", "value"] == 1
    assert table.loc["area_km2", "value"] == pytest.approx(1000.0, rel=REL)
    assert table.loc["rate_ratio", "value"] == pytest.approx(6.0, rel=1e-6)
    assert table.loc["n_excluded", "value"] == 1
    page = result._repr_html_()
    assert page.startswith("<div>") and "<table" in page and "area_km2" in page


def test_result_is_frozen(parallel):
    result = find_gaps(*parallel, **NO_CLIP)
    with pytest.raises(AttributeError):
        result.zones = None


# --------------------------------------------------------------------------- real data


def test_real_district_as_study_area(shared_data, parallel):
    """Hand lines across the real Kirkuk district polygon (OCHA COD-AB) as study area."""
    districts = gpd.read_file(
        shared_data / "ocha_codab_irq" / "irq_admbnda_adm2_cso_20190603.geojson"
    )
    kirkuk = districts[districts["ADM2_EN"] == "Kirkuk"]
    assert len(kirkuk) == 1
    centre = kirkuk.to_crs(32638).geometry.iloc[0].centroid
    fed = gpd.GeoSeries(
        [LineString([(centre.x - 50_000, centre.y - 5000), (centre.x + 50_000, centre.y - 5000)])],
        crs=32638,
    ).to_crs(kirkuk.crs)
    krg = gpd.GeoSeries(
        [LineString([(centre.x - 50_000, centre.y + 5000), (centre.x + 50_000, centre.y + 5000)])],
        crs=32638,
    ).to_crs(kirkuk.crs)
    result = find_gaps(fed, krg, study_area=kirkuk, gazetteer=False)
    clipped = (
        kirkuk.to_crs(32638)
        .geometry.iloc[0]
        .intersection(
            shapely.box(centre.x - 50_000, centre.y - 5000, centre.x + 50_000, centre.y + 5000)
        )
    )
    assert_close(result.zones["area_km2"].sum(), clipped.area / 1e6, rel=1e-6)


def test_equivalent_crs_spellings_are_accepted(parallel):
    crs84 = [g.set_crs("OGC:CRS84", allow_override=True) for g in parallel]
    result = find_gaps(crs84[0], parallel[1], **NO_CLIP)
    assert_close(result.zones["area_km2"].iloc[0], 1000.0)


def test_blank_dates_are_missing_not_errors(parallel):
    inc = incidents_30_in_10_out()
    inc.loc[3, "date"] = ""
    inc.loc[4, "date"] = None
    o = find_gaps(*parallel, incidents=inc, **NO_CLIP).overlay
    assert o.years == pytest.approx(731 / 365.25)


def test_real_events_overlay_on_bundled_lines(shared_data):
    """UCDP GED events (the real yardstick) over the bundled lines: every event accounted for."""
    pytest.importorskip("hotspot.boundaries")
    events = pd.read_csv(
        shared_data / "ucdp_ged_irq" / "conflict_data_irq.csv", skiprows=[1], low_memory=False
    )
    events = gpd.GeoDataFrame(
        {"date": events["date_start"]},
        geometry=gpd.points_from_xy(events["longitude"], events["latitude"]),
        crs=4326,
    )
    with pytest.warns(UserWarning, match=r"dated before the control lines' as_of \(2017-10-31"):
        result = find_gaps(incidents=events, gazetteer=False)
    o = result.overlay
    assert o.n_in + o.n_out + o.n_excluded == len(events)
    assert o.n_out > 0
    assert 25 < o.years < 31  # 1989-2018
    assert 0 <= o.p_value <= 1
    assert result.zones["n_incidents"].sum() == o.n_in
    # counted only from the lines' date: no warning, every row still accounted for
    late = find_gaps(incidents=events, gazetteer=False, since="as_of").overlay
    assert late.since == late.as_of == "2017-10-31"
    assert late.n_in + late.n_out + late.n_excluded == len(events)
    assert late.n_outside_period > 0
    assert late.years < 1.2


# --------------------------------------------------------------------- bundled defaults (last)


def test_bundled_lines_and_study_area():
    boundaries = pytest.importorskip("hotspot.boundaries")
    lines = boundaries.load_control_lines()
    assert set(lines["side"]) >= {"federal", "krg"}
    result = find_gaps(gazetteer=False)
    assert result.params["study_area"] == "disputed"
    assert (result.profile["width_m"] >= 0).all()
    assert result.zones.crs.to_epsg() == 4326
    assert result.params["as_of"] == "2017-10-31"  # the bundled lines' "2017-10"
    assert result.lines["as_of"].tolist() == ["2017-10-31", "2017-10-31"]
    assert "Control lines as of 2017-10-31" in str(result)


# --------------------------------------------------------------------- contracts (#12)


def test_crs_out_is_crs_in_and_export_is_rfc7946(parallel, tmp_path):
    for crs in (4326, 32638, 3857):
        fed, krg = (g.to_crs(crs) for g in parallel)
        result = find_gaps(fed, krg, **NO_CLIP)
        for layer in (result.zones, result.profile, result.segments, result.corridor, result.lines):
            assert layer.crs == fed.crs
        assert_close(result.zones["area_km2"].iloc[0], 1000.0)
        assert result.params["crs"] == fed.crs.to_string()
    metric_run = find_gaps(metric(parallel[0]), metric(parallel[1]), **NO_CLIP)
    paths = metric_run.to_files(tmp_path)
    doc = json.loads(paths[0].read_text())
    x, y = doc["features"][0]["geometry"]["coordinates"][0][0]
    assert 43 < x < 46 and 35 < y < 36  # lon/lat, whatever the input CRS
    table = pd.read_csv(tmp_path / "gaps_profile.csv")
    assert table["lon"].between(43, 46).all() and table["lat"].between(35, 36).all()


def test_bundled_layers_only_give_epsg_4326():
    assert find_gaps(gazetteer=False).zones.crs == "EPSG:4326"


def test_incidents_alone_set_the_output_crs(parallel):
    inc = metric(incidents_30_in_10_out())
    result = find_gaps(incidents=inc, gazetteer=False)
    assert result.zones.crs == inc.crs


def test_profile_columns_name_their_units(parallel):
    from hotspot.gaps import PROFILE_COLUMNS

    profile = find_gaps(*parallel, **NO_CLIP).profile
    assert list(profile.columns) == [*PROFILE_COLUMNS, "geometry"]
    assert "distance_km" not in profile.columns and "distance_m" not in profile.columns
    assert profile["along_km"].iloc[-1] == pytest.approx(100.0, rel=REL)
    np.testing.assert_allclose(profile["to_krg_m"], 10_000.0, rtol=REL)


def test_coarse_locations_and_periods_in_the_overlay(parallel):
    area = lonlat(rect(0, -10, 100, 20))
    inc = incidents_30_in_10_out()
    inc["precision"] = [3] * 5 + [1] * 36
    o = find_gaps(*parallel, study_area=area, incidents=inc, gazetteer=False).overlay
    assert (o.n_in, o.n_coarse, o.n_in + o.n_out + o.n_excluded) == (25, 5, 41)
    o = find_gaps(
        *parallel, study_area=area, incidents=inc, gazetteer=False, include_coarse=True
    ).overlay
    assert (o.n_in, o.n_coarse) == (30, 0)
    o = find_gaps(
        *parallel, study_area=area, incidents=inc, gazetteer=False, since="2021-01-01"
    ).overlay
    assert (o.n_in, o.n_out, o.n_outside_period) == (1, 0, 34)  # only row 5 is dated 2021
    with pytest.raises(BoundaryError, match="no readable as_of"):
        find_gaps(*parallel, incidents=inc, since="as_of", **NO_CLIP)
    with pytest.raises(ValueError, match="since='soon' is not a date"):
        find_gaps(*parallel, incidents=inc, since="soon", **NO_CLIP)


def test_day_first_dates_as_the_readers_read_them(parallel):
    inc = incidents_30_in_10_out()
    inc["date"] = ["03/12/2020"] * 40 + ["04/12/2020"]  # 3 and 4 December
    o = find_gaps(*parallel, incidents=inc, **NO_CLIP).overlay
    assert o.years == pytest.approx(1 / 365.25)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("station_spacing_m", float("inf"), "station_spacing_m must be > 0 metres and finite"),
        ("station_spacing_m", float("nan"), "station_spacing_m must be > 0 metres and finite"),
        ("station_spacing_m", -5.0, "station_spacing_m must be > 0 metres and finite"),
        ("station_spacing_m", True, "station_spacing_m must be > 0 metres and finite"),
        ("min_zone_area_km2", float("nan"), "min_zone_area_km2 must be >= 0 km² and finite"),
        ("min_zone_area_km2", -1.0, "min_zone_area_km2 must be >= 0 km² and finite"),
        ("min_zone_area_km2", float("inf"), "min_zone_area_km2 must be >= 0 km² and finite"),
        ("years", float("inf"), "years must be > 0 and finite"),
        ("years", float("nan"), "years must be > 0 and finite"),
        ("width_classes_m", (2000, float("inf")), "width_classes_m must be strictly increasing"),
        ("width_classes_m", (float("nan"), 5000), "width_classes_m must be strictly increasing"),
        ("conf", float("nan"), "conf must lie in"),
    ],
)
def test_numeric_options_must_be_finite(option, value, message):
    """option-spacing-inf: station_spacing_m=inf gave an AttributeError."""
    with pytest.raises(ValueError, match=message):
        find_gaps(**{option: value}, gazetteer=False)


def test_cli_spacing_must_be_finite():
    from click.testing import CliRunner

    from hotspot.cli import main

    for value in ("inf", "nan", "0"):
        result = CliRunner().invoke(main, ["gaps", "--spacing-m", value, "--out", "never"])
        assert result.exit_code in (1, 2), result.output
        assert "spacing" in result.output and "Traceback" not in result.output
        assert "AttributeError" not in result.output
