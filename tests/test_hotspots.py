from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal
from pyproj import Geod
from shapely import LineString, Point

from hotspot.errors import CRSError, IncidentError
from hotspot.hotspots import (
    CLUSTER_STATUSES,
    HotspotResult,
    find_hotspots,
    k_distance,
    plot_k_distance,
)

UTM = "EPSG:32638"
# an easting/northing near Kirkuk in UTM 38N
X0, Y0 = 445_000.0, 3_925_000.0


def square_frame(side_m=1000.0, stack=3):
    """Events on the corners of a square (in UTM 38N), ``stack`` per corner, and one far away."""
    corners = [(X0, Y0), (X0 + side_m, Y0), (X0 + side_m, Y0 + side_m), (X0, Y0 + side_m)]
    points = [Point(c) for c in corners for _ in range(stack)] + [Point(X0 + 80_000, Y0)]
    n = len(points)
    return gpd.GeoDataFrame(
        {
            "date": pd.to_datetime("2024-01-01") + pd.to_timedelta(np.arange(n), unit="D"),
            "fatalities": pd.array([1] * (n - 2) + [pd.NA, 7], dtype="Int64"),
            "event_type": (["Battles"] * 8 + ["Explosions/Remote violence"] * n)[:n],
            "precision": pd.array([1] * n, dtype="Int64"),
        },
        geometry=points,
        crs=UTM,
    )


def check_result(result, frame, *, clustered, noise, hotspots):
    """The shared assertions: alignment with the input and the status counts."""
    assert isinstance(result, HotspotResult)
    out = result.incidents
    assert out.index.equals(frame.index)
    assert out.crs == frame.crs
    assert_geodataframe_equal(out[frame.columns], frame)
    assert set(out["cluster_status"]) <= set(CLUSTER_STATUSES)
    assert (out["cluster_status"] == "clustered").sum() == clustered
    assert (out["cluster_status"] == "noise").sum() == noise
    assert ((out["hotspot"] >= 0) == (out["cluster_status"] == "clustered")).all()
    assert len(result.hotspots) == hotspots
    assert result.hotspots.crs == frame.crs  # CRS out = CRS in


def test_square_statistics_exact():
    frame = square_frame()
    result = find_hotspots(frame, eps_m=1500, min_samples=3, buffer_m=100, gazetteer=False)
    check_result(result, frame, clustered=12, noise=1, hotspots=1)
    row = result.hotspots.iloc[0]
    assert row["incidents"] == 12
    assert row["locations"] == 4  # the four corners, three incidents each
    assert row["rank"] == 1
    assert row["fatalities"] == 11  # NA does not count, the far event is noise
    assert row["first_date"] == pd.Timestamp("2024-01-01")
    assert row["last_date"] == pd.Timestamp("2024-01-12")
    # Four discs of 100 m around the corners (drawn in UTM 38N, measured on the ellipsoid):
    # the union of the member discs, never the 1 km² hull of the square.
    discs = gpd.GeoSeries(
        [Point(X0, Y0).buffer(100, 16).union(Point(X0 + 1000, Y0 + 1000).buffer(100, 16))
         .union(Point(X0 + 1000, Y0).buffer(100, 16)).union(Point(X0, Y0 + 1000).buffer(100, 16))],
        crs=UTM,
    ).to_crs(4326).iloc[0]  # fmt: skip
    true_km2 = abs(Geod(ellps="WGS84").geometry_area_perimeter(discs)[0]) / 1e6
    assert row["area_km2"] == pytest.approx(true_km2, rel=1e-6)
    assert row["area_km2"] == pytest.approx(4 * math.pi * 0.1**2, rel=3e-3)
    assert row["span_km"] == pytest.approx(math.sqrt(2), rel=1e-6)  # the square's diagonal
    assert row["density_per_km2"] == pytest.approx(12.0 / row["area_km2"], rel=1e-9)
    assert row["event_type"] == "Battles"
    assert row["event_type_share"] == pytest.approx(8 / 12)
    assert row["centroid_lat"] == pytest.approx(
        gpd.GeoSeries([Point(X0 + 500, Y0 + 500)], crs=UTM).to_crs(4326).y[0], abs=1e-9
    )


def test_overlapping_discs_make_one_shape_and_zero_buffer_is_refused():
    result = find_hotspots(square_frame(), eps_m=1500, min_samples=3, buffer_m=600, gazetteer=False)
    shape = result.hotspots.to_crs(UTM).geometry.iloc[0]
    assert shape.geom_type == "Polygon"  # 600 m discs 1 km apart overlap: one ring of discs
    assert not shape.contains(Point(X0 + 500, Y0 + 500))  # the middle of the square stays out
    assert result.params["buffer_m"] == 600.0
    with pytest.raises(IncidentError, match="buffer_m"):
        find_hotspots(square_frame(), eps_m=1500, min_samples=3, buffer_m=0, gazetteer=False)


def test_a_chain_is_not_filled_by_a_hull_and_is_flagged():
    # Two dense towns 60 km apart joined by a thin line of incidents every 4 km (eps 5 km).
    town_a = [Point(X0 + dx, Y0) for dx in np.linspace(0, 500, 30)]
    town_b = [Point(X0 + 60_000 + dx, Y0 + 20_000) for dx in np.linspace(0, 500, 30)]
    chain = [
        Point(X0 + t * 60_000, Y0 + t * 20_000) for t in np.linspace(0, 1, 17) for _ in range(3)
    ]
    frame = gpd.GeoDataFrame(geometry=town_a + town_b + chain, crs=UTM)
    with pytest.warns(UserWarning, match=r"hotspot #1 .*spans 6\d km .* and holds 111"):
        result = find_hotspots(frame, eps_m=5000, min_samples=3, gazetteer=False)
    assert len(result.hotspots) == 1
    row = result.hotspots.iloc[0]
    assert row["span_km"] == pytest.approx(math.hypot(60.5, 20), rel=0.01)
    # The hull of the chain would be about 63 km x 5 km; the union of 2.5 km discs
    # along it is a band: far less, and the side of the hull stays out.
    shape = result.hotspots.to_crs(UTM).geometry.iloc[0]
    assert not shape.contains(Point(X0 + 30_000, Y0 + 20_000))
    assert result.hotspots["chained"].tolist() == [True]
    assert len(result.notes) == 1 and "k-distance" in result.notes[0]
    assert "method='hdbscan'" in result.notes[0]
    assert "Warning" in str(result)


def test_default_buffer_is_half_eps_and_single_point_is_a_disc():
    frame = gpd.GeoDataFrame(geometry=[Point(44.0, 35.0)] * 4, crs=4326)
    result = find_hotspots(frame, eps_m=2000, min_samples=4, gazetteer=False)
    assert result.params["buffer_m"] == 1000.0
    assert result.hotspots["area_km2"].iloc[0] == pytest.approx(math.pi, rel=2e-3)
    # Stacked data: the area is the buffer's, and the table says it is one location.
    assert result.hotspots["locations"].iloc[0] == 1
    assert result.hotspots["span_km"].iloc[0] == 0
    assert "around 1 distinct location" in str(result)


def test_ranks_order_hotspots_by_incidents():
    frame = square_frame(side_m=10_000, stack=4)
    extra = gpd.GeoDataFrame(geometry=[Point(X0 + 10_000, Y0)] * 3, crs=UTM)  # a bigger corner
    frame = pd.concat([frame[["geometry"]], extra], ignore_index=True)
    result = find_hotspots(frame, eps_m=1000, min_samples=4, gazetteer=False)
    table = result.hotspots.set_index("hotspot")
    assert table.loc[1, "rank"] == 1 and table.loc[1, "incidents"] == 7
    assert table.loc[[0, 2, 3], "rank"].tolist() == [2, 3, 4]  # ties: the lower id first
    assert sorted(table["rank"]) == [1, 2, 3, 4]


def test_hdbscan_finds_clusters_of_different_density_and_checks_its_options():
    rng = np.random.default_rng(3)
    origin = np.array([X0, Y0])
    dense = rng.normal(0, 300, (60, 2)) + origin  # a town
    loose = rng.normal(0, 3000, (60, 2)) + origin + [40_000, 0]  # a rural district
    noise = rng.uniform(-100_000, 100_000, (15, 2)) + origin + [0, 150_000]
    frame = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(*np.vstack([dense, loose, noise]).T), crs=UTM
    )
    result = find_hotspots(frame, eps_m=1000, min_samples=8, method="hdbscan", gazetteer=False)
    assert result.params["method"] == "hdbscan"
    labels = result.incidents["hotspot"].to_numpy()
    assert len(set(labels[:60]) - {-1}) == 1 and len(set(labels[60:120]) - {-1}) == 1
    assert set(labels[:60]) - {-1} != set(labels[60:120]) - {-1}
    assert (labels[:60] >= 0).mean() > 0.9 and (labels[60:120] >= 0).mean() > 0.8
    # DBSCAN with the town's eps misses the rural cluster: the reason to offer HDBSCAN.
    dbscan = find_hotspots(frame, eps_m=1000, min_samples=8, gazetteer=False)
    assert (dbscan.incidents["hotspot"].to_numpy()[60:120] >= 0).mean() < 0.5
    with pytest.raises(ValueError, match="dbscan, hdbscan"):
        find_hotspots(frame, method="optics")
    with pytest.raises(IncidentError, match="no weights"):
        find_hotspots(frame, method="hdbscan", weights=np.ones(len(frame)))


def test_alignment_shuffled_index_crs_kept_input_untouched():
    frame = square_frame().sample(frac=1.0, random_state=3)
    frame.index = [f"ev-{i}" for i in range(len(frame))][::-1]
    before = frame.copy()
    result = find_hotspots(frame, eps_m=1500, min_samples=3, gazetteer=False)
    assert_geodataframe_equal(frame, before)
    check_result(result, frame, clustered=12, noise=1, hotspots=1)
    far = result.incidents.geometry.x > X0 + 50_000
    assert result.incidents.loc[far, "hotspot"].tolist() == [-1]
    assert not result.incidents.loc[far, "is_core"].any()


def test_labels_follow_dbscan_order_and_cores():
    frame = square_frame(side_m=10_000, stack=4)  # four separate stacks
    result = find_hotspots(frame, eps_m=1000, min_samples=4, gazetteer=False)
    assert result.incidents["hotspot"].tolist() == [0] * 4 + [1] * 4 + [2] * 4 + [3] * 4 + [-1]
    assert result.incidents["is_core"].sum() == 16
    assert result.hotspots["area_km2"].iloc[0] == pytest.approx(math.pi * 0.25, rel=2e-3)


def test_coarse_rows_are_excluded_and_counted():
    frame = square_frame()
    frame["precision"] = pd.array([3, 3, 3] + [1] * 9 + [pd.NA], dtype="Int64")
    result = find_hotspots(frame, eps_m=1500, min_samples=3, gazetteer=False)
    assert result.excluded["coarse location"] == 3
    status = result.incidents["cluster_status"]
    assert (status == "excluded: coarse location").sum() == 3
    assert (result.incidents.loc[status == "excluded: coarse location", "hotspot"] == -1).all()
    assert result.hotspots["incidents"].tolist() == [9]
    assert result.summary().loc["excluded: coarse location", "count"] == 3
    included = find_hotspots(frame, eps_m=1500, min_samples=3, include_coarse=True, gazetteer=False)
    assert included.hotspots["incidents"].tolist() == [12]


def test_missing_and_empty_geometries_are_accounted_for():
    frame = square_frame()
    frame.loc[frame.index[0], "geometry"] = None
    frame.loc[frame.index[1], "geometry"] = Point()
    result = find_hotspots(frame, eps_m=1500, min_samples=3, gazetteer=False)
    status = result.incidents["cluster_status"]
    assert (status == "excluded: no geometry").sum() == 2
    assert result.excluded["no geometry"] == 2
    assert result.summary()["count"]["incidents"] == len(frame)


def test_missing_columns_give_na_statistics():
    frame = gpd.GeoDataFrame(geometry=[Point(44.0, 35.0)] * 3, crs=4326)
    row = find_hotspots(frame, min_samples=3, gazetteer=False).hotspots.iloc[0]
    assert pd.isna(row["fatalities"]) and pd.isna(row["first_date"]) and pd.isna(row["event_type"])
    assert pd.isna(row["label"])  # no gazetteer: no label
    assert row["district"] == "Daquq"  # admin units come from the bundled layers


def test_weights_column_and_array_agree():
    frame = square_frame(side_m=10_000, stack=1)  # single events, far apart
    frame["fatalities"] = pd.array([5, 1, 0, pd.NA, 7], dtype="Int64")
    by_name = find_hotspots(frame, eps_m=500, min_samples=5, weights="fatalities", gazetteer=False)
    assert by_name.incidents["hotspot"].tolist() == [0, -1, -1, -1, 1]
    by_array = find_hotspots(
        frame, eps_m=500, min_samples=5, weights=[5, 1, 0, 0, 7], gazetteer=False
    )
    assert by_array.incidents["hotspot"].tolist() == by_name.incidents["hotspot"].tolist()


def test_space_time_window():
    frame = square_frame(stack=3)  # dates one day apart
    result = find_hotspots(frame, eps_m=1500, min_samples=3, window_days=1, gazetteer=False)
    assert result.params["window_days"] == 1
    # consecutive days chain the 12 square events into one space-time hotspot
    assert result.hotspots["incidents"].tolist() == [12]
    sparse = frame.copy()
    sparse["date"] = pd.to_datetime("2024-01-01") + pd.to_timedelta(
        np.arange(len(frame)) * 5, unit="D"
    )
    sparse.loc[sparse.index[0], "date"] = pd.NaT
    result = find_hotspots(sparse, eps_m=1500, min_samples=3, window_days=1, gazetteer=False)
    assert len(result.hotspots) == 0
    assert result.excluded["no date"] == 1


def test_place_description_with_a_custom_gazetteer():
    gazetteer = pd.DataFrame(
        {
            "name": ["Alpha", "Beta", "Shrine", "Gamma"],
            "feature_type": ["settlement", "district", "site", "settlement"],
            "lat": [35.41, 35.45, 35.41, 33.0],
            "lon": [44.312, 44.36, 44.31, 44.0],
            "governorate": ["Kirkuk", "Kirkuk", "Kirkuk", "Baghdad"],
            "district": ["Daquq", "Daquq", "Daquq", "Mahmudiya"],
        }
    )
    frame = gpd.GeoDataFrame(
        geometry=[Point(44.31, 35.41)] * 3 + [Point(44.0, 33.01)] * 3, crs=4326
    )
    table = find_hotspots(frame, eps_m=1000, min_samples=3, gazetteer=gazetteer).hotspots
    # a district seat 6 km away outranks a village next door; a site never names a place
    assert table["label"].tolist() == ["Beta", "Gamma"]
    # admin units and territory: point in polygon on the bundled OCHA layers
    assert table["district"].tolist() == ["Kirkuk", "Musayyib"]
    assert table["district_pcode"].tolist() == ["IQG13Q04", "IQG07Q04"]
    assert table["disputed"].tolist() == ["Kirkuk", ""]  # territory name, "" for none


def test_labels_name_the_town_not_a_landmark():
    """Mosul's old city, Camp Taji and Ur: today's wrong labels."""
    pts = [Point(43.13, 36.34)] * 3 + [Point(44.26, 33.53)] * 3 + [Point(46.25, 31.05)] * 3
    table = find_hotspots(gpd.GeoDataFrame(geometry=pts, crs=4326), min_samples=3).hotspots
    assert table["label"].tolist() == ["Mosul", "Taji", "Nasiriyah"]


def test_bundled_gazetteer_gives_a_label():
    frame = gpd.GeoDataFrame(geometry=[Point(44.392, 35.468)] * 3, crs=4326)
    table = find_hotspots(frame, min_samples=3).hotspots
    assert table["governorate"].iloc[0] == "Kirkuk"
    assert isinstance(table["label"].iloc[0], str) and table["label"].iloc[0]
    assert table["disputed"].iloc[0]  # Kirkuk district is disputed as a whole


def test_empty_input():
    frame = gpd.GeoDataFrame({"fatalities": pd.array([], dtype="Int64")}, geometry=[], crs=4326)
    result = find_hotspots(frame, gazetteer=False)
    assert len(result.incidents) == 0 and len(result.hotspots) == 0
    assert "0 hotspots" in result._repr_html_()


def test_repr_html_and_summary():
    result = find_hotspots(square_frame(), eps_m=1500, min_samples=3, gazetteer=False)
    page = result._repr_html_()
    assert "<table" in page and "1 noise" in page and "12 clustered" in page
    summary = result.summary()["count"]
    assert summary["hotspots"] == 1 and summary["largest hotspot"] == 12
    assert "1 hotspots" in repr(result)


# ---------------------------------------------------------------------------- bad inputs


def test_no_crs():
    frame = gpd.GeoDataFrame(geometry=[Point(44, 35)])
    with pytest.raises(CRSError, match="set_crs"):
        find_hotspots(frame)


def test_not_a_geodataframe():
    with pytest.raises(IncidentError, match="GeoDataFrame"):
        find_hotspots(pd.DataFrame({"lat": [35.0]}))


def test_non_point_rows_are_named():
    frame = gpd.GeoDataFrame(
        geometry=[Point(44, 35), LineString([(44, 35), (44.1, 35)])], crs=4326, index=["a", "b"]
    )
    with pytest.raises(IncidentError, match=r"LineString.*\['b'\]"):
        find_hotspots(frame)


def test_nan_coordinates():
    frame = gpd.GeoDataFrame(
        geometry=[Point(44, 35), Point(np.nan, np.nan)], crs=4326, index=[7, 9]
    )
    with pytest.raises(IncidentError, match=r"NaN.*\[9\]"):
        find_hotspots(frame)


def test_all_parameter_problems_in_one_message():
    frame = square_frame()
    with pytest.raises(IncidentError) as info:
        find_hotspots(frame, eps_m=0, min_samples=2.5, buffer_m=-1, weights="deaths")
    message = str(info.value)
    for part in ("eps_m", "min_samples", "buffer_m", "'deaths'", "fatalities"):
        assert part in message


def test_bad_weights():
    frame = square_frame()
    with pytest.raises(IncidentError, match="is not numeric"):
        find_hotspots(frame, weights="event_type")
    with pytest.raises(IncidentError, match="13 incidents"):
        find_hotspots(frame, weights=[1, 2])
    with pytest.raises(IncidentError, match="negative"):
        find_hotspots(frame, weights=np.r_[-1.0, np.ones(12)])


# ---------------------------------------------------------------------------- k-distance


def test_k_distance_counts_stacked_incidents():
    frame = gpd.GeoDataFrame(
        geometry=[Point(44, 35)] * 3 + [Point(44, 35.01)] + [Point(44, 36)], crs=4326
    )
    result = k_distance(frame, k=3)
    one_hundredth = 0.01 * math.pi / 180 * 6_371_008.8
    expected = sorted([0.0, 0.0, 0.0, one_hundredth, 1.0 * math.pi / 180 * 6_371_008.8])
    np.testing.assert_allclose(result.distances_m, expected, rtol=1e-9, atol=1e-6)
    assert result.k == 3


def test_k_distance_knee():
    rng = np.random.default_rng(0)
    lat = np.r_[35 + rng.normal(0, 0.01, 300), rng.uniform(30, 37, 30)]
    lon = np.r_[44 + rng.normal(0, 0.01, 300), rng.uniform(39, 48, 30)]
    frame = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    result = k_distance(frame, k=5)
    assert np.all(np.diff(result.distances_m) >= 0)
    assert 250 <= result.knee_index <= 320
    assert result.distances_m[0] <= result.knee_m <= result.distances_m[-1]
    with pytest.raises(IncidentError, match="k="):
        k_distance(frame.iloc[:2], k=5)


def test_plot_k_distance():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    frame = gpd.GeoDataFrame(geometry=[Point(44, 35)] * 3 + [Point(44, 35.1)], crs=4326)
    ax = plot_k_distance(frame, k=2)
    assert len(ax.lines) >= 1


# ---------------------------------------------------------------------------- real data


def test_ucdp_hotspots(shared_data):
    path = shared_data / "ucdp_ged_irq" / "conflict_data_irq.csv"
    if not path.exists():
        pytest.skip(f"{path} not present")
    ucdp = pd.read_csv(path, skiprows=[1], low_memory=False)
    precision = ucdp["where_prec"].map({1: 1, 2: 2, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3}).astype("Int64")
    frame = gpd.GeoDataFrame(
        {"fatalities": ucdp["best"].astype("Int64"), "precision": precision},
        geometry=gpd.points_from_xy(ucdp["longitude"], ucdp["latitude"]),
        crs=4326,
    )
    result = find_hotspots(frame, eps_m=5000, min_samples=10, gazetteer=False)
    coarse = (precision == 3).sum()
    assert result.excluded["coarse location"] == coarse
    assert result.hotspots["incidents"].sum() == (result.incidents["hotspot"] >= 0).sum()
    assert result.hotspots["fatalities"].sum() <= ucdp["best"].sum()
    assert (result.hotspots["area_km2"] > 0).all()


def test_sklearn_engine_gives_the_same_result():
    rng = np.random.default_rng(7)
    towns = np.array([[35.13, 44.45], [34.60, 45.30], [36.20, 43.40]])
    pts = towns[rng.integers(0, 3, 400)] + rng.normal(0, 0.01, (400, 2)) * (
        rng.random((400, 1)) < 0.5
    )
    frame = gpd.GeoDataFrame(geometry=gpd.points_from_xy(pts[:, 1], pts[:, 0]), crs=4326)
    ours = find_hotspots(frame, eps_m=1500, min_samples=8, gazetteer=False)
    ref = find_hotspots(frame, eps_m=1500, min_samples=8, gazetteer=False, engine="sklearn")
    assert (ours.incidents["hotspot"] == ref.incidents["hotspot"]).all()
    assert (ours.incidents["is_core"] == ref.incidents["is_core"]).all()


def test_unknown_engine_lists_the_valid_ones():
    frame = gpd.GeoDataFrame(geometry=[Point(44, 35)] * 3, crs=4326)
    with pytest.raises(ValueError, match="grid, sklearn"):
        find_hotspots(frame, engine="hdbscan")
    with pytest.raises(ValueError, match="window_days"):
        find_hotspots(frame, engine="sklearn", window_days=3)


def test_swapped_coordinates_are_flagged():
    frame = gpd.GeoDataFrame(geometry=[Point(35.47, 44.39)] * 3, crs=4326)  # lat, lon swapped
    with pytest.warns(UserWarning, match="swapped"):
        find_hotspots(frame, min_samples=2, gazetteer=False)


def test_gazetteer_rows_without_position_are_left_out_with_a_warning():
    gaz = pd.DataFrame(
        {
            "name": ["Alpha", "Nowhere"],
            "feature_type": ["settlement", "settlement"],
            "lat": [35.40, np.nan],
            "lon": [44.30, np.nan],
            "governorate": ["Kirkuk", "Kirkuk"],
            "district": ["Daquq", "Daquq"],
        }
    )
    frame = gpd.GeoDataFrame(geometry=[Point(44.31, 35.41)] * 3, crs=4326)
    with pytest.warns(UserWarning, match="without a finite lat/lon"):
        result = find_hotspots(frame, min_samples=3, gazetteer=gaz)
    assert result.hotspots["label"].iloc[0] == "Alpha"
