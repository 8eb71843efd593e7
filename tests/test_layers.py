"""Tests of hotspot._layers: one policy for reading and checking layers, used by every caller."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from hotspot._layers import (
    LINE,
    LINE_OR_POLYGON,
    POINT,
    POLYGON,
    check_layers,
    feature_label,
    point_lonlat,
    read_layer,
)
from hotspot.errors import BoundaryError, CRSError, IncidentError

LINE_4326 = gpd.GeoDataFrame(
    {"id": ["a"]}, geometry=[shapely.LineString([(44.0, 35.0), (45.0, 35.2)])], crs=4326
)
BOWTIE = shapely.Polygon([(44, 35), (45, 36), (45, 35), (44, 36)])


def test_read_layer_paths_frames_series(tmp_path):
    path = tmp_path / "line.geojson"
    LINE_4326.to_file(path)
    assert read_layer(path, argument="x").geom_type.tolist() == ["LineString"]
    assert read_layer(LINE_4326, argument="x") is LINE_4326  # nothing copied
    assert read_layer(LINE_4326.geometry, argument="x").shape == (1, 1)
    with pytest.raises(FileNotFoundError, match="x: file"):
        read_layer(tmp_path / "nope.geojson", argument="x")
    (tmp_path / "broken.geojson").write_text('{"type": "FeatureCollection", "feat')
    with pytest.raises(BoundaryError, match=r"x: .*broken\.geojson cannot be read"):
        read_layer(tmp_path / "broken.geojson", argument="x")
    with pytest.raises(TypeError, match="GeoSeries"):
        read_layer(shapely.Point(0, 0), argument="x")


def test_crs_missing_projected_as_degrees_and_mismatch():
    bare = LINE_4326.set_crs(None, allow_override=True)
    with pytest.raises(CRSError, match="krg has no CRS"):
        check_layers({"krg": bare}, {"krg": LINE})
    metres = gpd.GeoDataFrame(geometry=[shapely.LineString([(4e5, 39e5), (5e5, 39e5)])], crs=4326)
    with pytest.raises(CRSError, match="look like projected"):
        check_layers({"krg": metres}, {"krg": LINE})
    with pytest.raises(CRSError, match=r"different CRSs \(a in EPSG:4326, b in EPSG:32638\)"):
        check_layers({"a": LINE_4326, "b": LINE_4326.to_crs(32638)}, {"a": LINE, "b": LINE})
    # unless the layers are not used together
    check_layers(
        {"a": LINE_4326, "b": LINE_4326.to_crs(32638)}, {"a": LINE, "b": LINE}, same_crs=False
    )


def test_empty_layers_and_features():
    with pytest.raises(BoundaryError, match="federal is empty"):
        check_layers({"federal": LINE_4326.iloc[0:0]}, {"federal": LINE})
    holes = gpd.GeoDataFrame(
        {"id": ["ok", "gone"]}, geometry=[LINE_4326.geometry.iloc[0], None], crs=4326
    )
    with pytest.raises(BoundaryError, match=r"1 feature\(s\) have an empty .*id='gone'"):
        check_layers({"federal": holes}, {"federal": LINE})
    # in a point layer an empty point is a miss, kept for the caller to count
    pts = gpd.GeoDataFrame(geometry=[shapely.Point(44, 35), shapely.Point()], crs=4326)
    assert len(check_layers({"incidents": pts}, {"incidents": POINT})["incidents"]) == 2


def test_wrong_types_are_named_and_all_problems_reported_once():
    pts = gpd.GeoDataFrame({"name": ["p"]}, geometry=[shapely.Point(44, 35)], crs=4326)
    with pytest.raises(BoundaryError) as info:
        check_layers(
            {"federal": pts, "krg": LINE_4326.iloc[0:0]},
            {"federal": LINE_OR_POLYGON, "krg": LINE},
        )
    message = str(info.value)
    assert "2 problem(s)" in message
    assert "federal: feature at index 0 (name='p') is a Point" in message
    assert "krg is empty" in message


def test_error_class_follows_the_layer():
    poly = gpd.GeoDataFrame(geometry=[shapely.box(44, 35, 45, 36)], crs=4326)
    with pytest.raises(IncidentError, match="incidents: feature at index 0 is a Polygon"):
        check_layers({"incidents": poly}, {"incidents": POINT}, errors={"incidents": IncidentError})


def test_invalid_polygons_are_repaired_with_a_warning_naming_them():
    layer = gpd.GeoDataFrame({"id": ["bow"]}, geometry=[BOWTIE], crs=4326)
    with pytest.warns(UserWarning, match=r"area: repaired 1 invalid geometry .*id='bow'.*Self-int"):
        out = check_layers({"area": layer}, {"area": POLYGON})["area"]
    assert out.is_valid.all()
    assert out.geometry.iloc[0].area == pytest.approx(0.5)
    assert not layer.is_valid.any()  # the input is not modified


def test_collapsed_polygon_and_degenerate_line_are_refused():
    flat = shapely.Polygon([(44, 35), (45, 35), (44, 35)])
    layer = gpd.GeoDataFrame(geometry=[flat], crs=4326)
    with pytest.raises(BoundaryError, match=r"invalid beyond repair.*no area left"):
        check_layers({"area": layer}, {"area": POLYGON})
    dot = gpd.GeoDataFrame(geometry=[shapely.LineString([(44, 35), (44, 35)])], crs=4326)
    with pytest.raises(BoundaryError, match="invalid beyond repair"):
        check_layers({"federal": dot}, {"federal": LINE})


def test_z_values_are_dropped():
    line3d = gpd.GeoDataFrame(
        geometry=[shapely.LineString([(44, 35, 300), (45, 35.2, 310)])], crs=4326
    )
    out = check_layers({"krg": line3d}, {"krg": LINE})["krg"]
    assert not shapely.has_z(out.geometry.array).any()
    assert shapely.get_coordinates(out.geometry.array).tolist() == [[44, 35], [45, 35.2]]


def test_extent_check_with_a_swapped_axes_hint():
    check_layers({"krg": LINE_4326}, {"krg": LINE}, in_iraq=True)
    swapped = gpd.GeoDataFrame(
        geometry=[shapely.LineString([(35.0, 44.0), (35.2, 45.0)])], crs=4326
    )
    with pytest.raises(CRSError, match="only with x and y swapped"):
        check_layers({"krg": swapped}, {"krg": LINE}, in_iraq=True)
    france = gpd.GeoDataFrame(geometry=[shapely.LineString([(2, 48), (3, 47)])], crs=4326)
    with pytest.raises(BoundaryError, match="does not overlap Iraq"):
        check_layers({"krg": france}, {"krg": LINE}, in_iraq=True)


def test_feature_labels_and_points():
    frame = gpd.GeoDataFrame({"name": ["x"]}, geometry=[shapely.Point(0, 0)], index=["r1"])
    assert feature_label(frame, 0) == "index 'r1' (name='x')"
    pts = gpd.GeoSeries([shapely.Point(4e5, 39e5), None], crs=32638)
    lon, lat, present = point_lonlat(pts)
    assert present.tolist() == [True, False]
    assert 43 < lon[0] < 44 and 35 < lat[0] < 36
    with pytest.raises(BoundaryError, match="not points"):
        point_lonlat(gpd.GeoSeries([shapely.box(0, 0, 1, 1)], crs=4326))


def test_callers_share_the_policy(tmp_path):
    """find_gaps, locate and read_control_line repair the same bowtie the same way."""
    from hotspot.gaps import find_gaps
    from hotspot.locate import locate

    layer = gpd.GeoDataFrame({"id": ["bow"]}, geometry=[BOWTIE], crs=4326)
    federal = gpd.GeoDataFrame(geometry=[shapely.box(44.0, 33.0, 45.0, 34.9)], crs=4326)
    for call in (
        lambda: find_gaps(federal, layer, study_area=None, gazetteer=False),
        lambda: locate(
            gpd.GeoSeries([shapely.Point(44.5, 35.0)], crs=4326), federal=federal, krg=layer
        ),
    ):
        with pytest.warns(UserWarning, match=r"krg: repaired 1 invalid geometry .*id='bow'"):
            call()


def test_a_table_without_geometry_is_a_clear_error(tmp_path):
    """control-line-csv: a CSV given as a control line (was AttributeError: no attribute 'crs')."""
    path = tmp_path / "events.csv"
    path.write_text("id,date,latitude,longitude\nE1,2023-01-05,35.1,44.3\n")
    with pytest.raises(BoundaryError, match=r"federal: events\.csv has no geometry.*control line"):
        read_layer(path, argument="federal")
    with pytest.raises(BoundaryError, match=r"read_incidents"):
        read_layer(path, argument="incidents")


def test_several_layers_prefer_the_one_named_for_the_argument(tmp_path):
    path = tmp_path / "fed_layers.gpkg"
    stub = LINE_4326.assign(id="stub")
    stub.to_file(path, layer="draft")
    LINE_4326.to_file(path, layer="federal_line")
    with pytest.warns(
        UserWarning, match=r"read layer 'federal_line' \(its name says 'federal'\).*'draft'"
    ):
        frame = read_layer(path, argument="federal")
    assert frame["id"].tolist() == ["a"]
    with pytest.warns(UserWarning, match=r"read layer 'draft' \(the first.*'federal_line'"):
        assert read_layer(path, argument="krg")["id"].tolist() == ["stub"]
    assert read_layer(path, argument="krg", layer="federal_line")["id"].tolist() == ["a"]
    with pytest.raises(
        BoundaryError, match=r"no layer 'x'; its layers are 'draft', 'federal_line'"
    ):
        read_layer(path, argument="krg", layer="x")


def test_control_line_reader_prefers_the_side_layer(tmp_path):
    from hotspot.boundaries import read_control_line

    path = tmp_path / "fed_layers.gpkg"
    LINE_4326.assign(id="stub").to_file(path, layer="draft")
    LINE_4326.to_file(path, layer="federal_line")
    with pytest.warns(UserWarning, match="federal_line"):
        assert read_control_line(path, side="federal")["id"].tolist() == ["a"]
