"""Export: write to tmp_path, read back, compare geometry and every attribute."""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from geopandas.testing import assert_geoseries_equal

from hotspot.errors import CRSError
from hotspot.export import STYLES, layer_qml, write_geojson, write_geopackage


@pytest.fixture
def incidents():
    return gpd.GeoDataFrame(
        {
            "id": ["a1", "a2", "a3"],
            "date": pd.to_datetime(["2024-07-13", "2023-12-03", None]),
            "event_type": ["Battles", "Explosions/Remote violence", None],
            "place": ["قره چوخ", 'Qarachogh <b>x</b> & "y"', ""],
            "notes": ["Kerkûk / کەرکووک", None, "Ţūz Khūrmātū"],
            "fatalities": pd.array([0, 3, pd.NA], dtype="Int64"),
        },
        geometry=[
            shapely.Point(44.123456789, 35.987654321),
            shapely.Point(43.5, 36.1),
            shapely.Point(45.0, 34.5),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture
def zones_utm():
    # A clockwise square in UTM 38N: RFC 7946 output must turn it counter-clockwise.
    square = shapely.Polygon(
        [(400000, 3900000), (400000, 3910000), (410000, 3910000), (410000, 3900000)]
    )
    return gpd.GeoDataFrame({"zone": [1], "area_km2": [100.0]}, geometry=[square], crs="EPSG:32638")


def test_geojson_is_rfc7946(tmp_path, incidents, zones_utm):
    path = write_geojson(zones_utm, tmp_path / "zones.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert "crs" not in doc
    ring = np.array(doc["features"][0]["geometry"]["coordinates"][0])
    assert ring[:, 0].min() > 38 and ring[:, 1].max() < 38  # lon first, then lat
    assert shapely.LinearRing(ring).is_ccw
    path = write_geojson(incidents, tmp_path / "incidents.geojson")
    coords = json.loads(path.read_text(encoding="utf-8"))["features"][0]["geometry"]["coordinates"]
    assert coords == [44.1234568, 35.9876543]  # at most 7 decimals


def test_geojson_round_trip(tmp_path, incidents):
    path = write_geojson(incidents, tmp_path / "incidents.geojson", style="incidents")
    back = gpd.read_file(path)
    assert back.crs.to_epsg() == 4326
    assert back["place"].tolist() == incidents["place"].tolist()
    assert back["notes"].iloc[0] == "Kerkûk / کەرکووک"
    assert back["notes"].isna().iloc[1]
    assert back["fatalities"].iloc[1] == 3 and pd.isna(back["fatalities"].iloc[2])
    assert pd.to_datetime(back["date"]).iloc[0] == pd.Timestamp("2024-07-13")
    assert_geoseries_equal(back.geometry, incidents.geometry, check_less_precise=True)
    qml = path.with_suffix(".qml").read_text(encoding="utf-8")
    root = ET.fromstring(qml.split("\n", 1)[1])
    values = [c.get("value") for c in root.iter("category")]
    assert values == ["Battles", "Explosions/Remote violence"]


def test_geopackage_round_trip_and_styles(tmp_path, incidents, zones_utm):
    lines = gpd.GeoDataFrame(
        {"side": ["federal", "krg"], "schematic": [True, True]},
        geometry=[
            shapely.LineString([(44, 35), (44.5, 35.5)]),
            shapely.LineString([(44.1, 35), (44.6, 35.5)]),
        ],
        crs=4326,
    )
    path = write_geopackage(
        {"incidents": incidents, "vacuum_zones": zones_utm, "control_lines": lines},
        tmp_path / "analysis.gpkg",
    )
    names = set(pyogrio.list_layers(path)[:, 0])
    assert names == {"incidents", "vacuum_zones", "control_lines", "layer_styles"}
    back = gpd.read_file(path, layer="incidents")
    for column in ["id", "event_type", "place", "notes"]:
        assert back[column].fillna("").tolist() == incidents[column].fillna("").tolist()
    assert pd.Series(back["date"]).iloc[0] == pd.Timestamp("2024-07-13")
    assert back["fatalities"].tolist()[:2] == [0, 3]
    assert_geoseries_equal(back.geometry, incidents.geometry, check_less_precise=True)
    zones = gpd.read_file(path, layer="vacuum_zones")
    assert zones.crs.to_epsg() == 4326
    assert zones.to_crs(32638).area.iloc[0] == pytest.approx(1e8, rel=1e-6)
    with sqlite3.connect(path) as con:
        styles = dict(con.execute("select f_table_name, styleQML from layer_styles").fetchall())
        geom_columns = dict(
            con.execute("select table_name, column_name from gpkg_geometry_columns").fetchall()
        )
        defaults = con.execute("select count(*) from layer_styles where useAsDefault").fetchone()
    assert set(styles) == {"incidents", "vacuum_zones", "control_lines"}
    assert defaults == (3,)
    assert geom_columns["incidents"] == "geom"
    assert 'attr="side"' in styles["control_lines"]


def test_hostile_category_is_escaped():
    qml = layer_qml("incidents", ['<script>alert("x")</script>'])
    assert "<script>" not in qml
    ET.fromstring(qml.split("\n", 1)[1])  # still well-formed XML


def test_unknown_style_lists_valid_kinds():
    with pytest.raises(ValueError, match="hotspots"):
        layer_qml("heatmap")


def test_every_style_is_valid_xml():
    for kind in STYLES:
        ET.fromstring(layer_qml(kind, ["a", "b"]).split("\n", 1)[1])


def test_missing_crs_is_an_error(tmp_path):
    layer = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(44, 35)])
    with pytest.raises(CRSError, match="no CRS"):
        write_geojson(layer, tmp_path / "x.geojson")


def test_bad_style_or_layer_leaves_existing_files_alone(tmp_path, incidents):
    target = tmp_path / "a.geojson"
    with pytest.raises(ValueError, match="hotspots"):
        write_geojson(incidents, target, style="nope")
    assert not target.exists()
    with pytest.raises(ValueError, match="decimals"):
        write_geojson(incidents, target, precision=-1)
    gpkg = write_geopackage({"incidents": incidents}, tmp_path / "b.gpkg")
    before = gpkg.read_bytes()
    no_crs = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(44, 35)])
    with pytest.raises(CRSError):
        write_geopackage({"incidents": incidents, "x": no_crs}, gpkg)
    assert gpkg.read_bytes() == before
