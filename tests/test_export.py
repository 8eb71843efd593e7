"""Export: write to tmp_path, read back, compare geometry and every attribute."""

from __future__ import annotations

import itertools
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


# ----------------------------------------------------------------- styles for QGIS (#11)
def _qml(kind, values):
    return ET.fromstring(layer_qml(kind, values).split("\n", 1)[1])


def test_hotspots_are_graduated_and_labelled_by_rank():
    root = _qml("hotspots", [10, 12, 15, 40, 90, 200, 678])
    renderer = root.find("renderer-v2")
    assert renderer.get("type") == "graduatedSymbol" and renderer.get("attr") == "incidents"
    ranges = [(float(r.get("lower")), float(r.get("upper"))) for r in root.iter("range")]
    assert ranges[0][0] == 10 and ranges[-1][1] == 678
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))  # contiguous classes
    assert root.get("labelsEnabled") == "1"
    text = root.find("labeling/settings/text-style")
    assert text.get("isExpression") == "1" and '"rank"' in text.get("fieldName")
    assert '"label"' in text.get("fieldName")


def test_zones_and_territories_are_labelled():
    for kind, field in [("vacuum_zones", '"label"'), ("disputed_territories", '"name"')]:
        root = _qml(kind, None)
        assert root.get("labelsEnabled") == "1"
        assert root.find("labeling/settings/text-style").get("fieldName") == field


def test_profile_and_segments_styled_by_width_class_in_order():
    classes = ["none", "<2 km", "2–10 km", "10–40 km", ">=40 km"]
    for kind in ("gaps_profile", "gaps_segments", "profile"):
        root = _qml(kind, classes)
        assert root.find("renderer-v2").get("attr") == "width_class"
        assert [c.get("value") for c in root.iter("category")] == classes
    widths = [
        float(o.get("value"))
        for o in _qml("gaps_segments", classes).iter("Option")
        if o.get("name") == "line_width"
    ]
    assert widths == sorted(widths) and widths[0] < widths[-1]  # wider gap, thicker line


def test_style_values_keep_the_order_of_width_classes():
    from hotspot.export import style_values

    order = ["none", "<2 km", "2–10 km"]
    layer = gpd.GeoDataFrame(
        {"width_class": pd.Categorical(["2–10 km", "<2 km"], categories=order, ordered=True)},
        geometry=[None, None],
    )
    assert style_values(layer, "gaps_segments") == ["<2 km", "2–10 km"]  # present ones, in order


def test_attributes_are_rounded_to_meaningful_precision(tmp_path):
    layer = gpd.GeoDataFrame(
        {
            "area_km2": [941.515856123456],
            "width_median_km": [6.986764123456],
            "width_m": [7723.293255],
            "centroid_lat": [34.391281234567],
            "density_per_km2": [0.26128112345],
            "ratio": [1 / 3],
            "count": [7],
        },
        geometry=[shapely.Point(44, 35)],
        crs=4326,
    )
    path = write_geojson(layer, tmp_path / "x.geojson")
    text = path.read_text(encoding="utf-8")
    assert '"area_km2": 941.52' in text and '"width_median_km": 6.987' in text
    assert '"width_m": 7723.3' in text and '"centroid_lat": 34.391281' in text
    assert '"ratio": 0.333333' in text and '"count": 7' in text
    assert not __import__("re").search(r"\d\.\d{8,}", text.split('"features"')[1])
    gpkg = write_geopackage({"x": layer}, tmp_path / "x.gpkg")
    back = gpd.read_file(gpkg, layer="x")
    assert back["area_km2"].iloc[0] == 941.52 and back["ratio"].iloc[0] == 0.333333
    assert layer["area_km2"].iloc[0] == 941.515856123456  # the input is not modified


def test_geopackage_with_a_timestamp_repeats_byte_for_byte(tmp_path, incidents):
    """The same layers and timestamp give the same file; the time is recorded as given."""
    paths = [
        write_geopackage({"incidents": incidents}, tmp_path / f"{i}.gpkg", timestamp="2023-12-31")
        for i in range(2)
    ]
    assert paths[0].read_bytes() == paths[1].read_bytes()
    with sqlite3.connect(paths[0]) as con:
        changes = {r[0] for r in con.execute("select last_change from gpkg_contents")}
        styled = {r[0] for r in con.execute("select update_time from layer_styles")}
    assert changes == {"2023-12-31T00:00:00.000Z"}
    assert {str(s)[:19] for s in styled} == {"2023-12-31T00:00:00"}
    assert pyogrio.get_gdal_config_option("OGR_CURRENT_DATE") is None  # restored


def test_geopackage_records_the_time_of_writing_by_default(tmp_path, incidents):
    before = pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d")
    path = write_geopackage({"incidents": incidents}, tmp_path / "a.gpkg")
    after = pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d")
    with sqlite3.connect(path) as con:
        (change,) = con.execute("select last_change from gpkg_contents limit 1").fetchone()
    assert change[:10] in {before, after}


def test_geopackage_is_version_1_2(tmp_path, incidents):
    path = write_geopackage({"incidents": incidents}, tmp_path / "a.gpkg")
    with sqlite3.connect(path) as con:
        assert con.execute("pragma application_id").fetchone()[0] == 0x47504B47  # "GPKG"
        assert con.execute("pragma user_version").fetchone()[0] == 10200  # 1.2.0


# A real QGIS, where one is installed (Debian: apt-get install python3-qgis). It runs
# in its own interpreter (QGIS's Python bindings belong to the system Python).
_QGIS_CHECK = r"""
import json, os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
app = QgsApplication([], False)
app.initQgis()
gpkg, names, sidecars = sys.argv[1], sys.argv[2].split(","), json.loads(sys.argv[3])
report = {}

def check(layer, loaded):
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    extent = layer.extent()
    extent.scale(1.1)
    settings.setExtent(extent)
    settings.setOutputSize(QSize(300, 300))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    painted = sum(
        image.pixel(x, y) != 0xFFFFFFFF for x in range(0, 300, 3) for y in range(0, 300, 3)
    )
    labels = job.takeLabelingResults()
    labeling = layer.labeling()
    return {
        "valid": layer.isValid(), "loaded": loaded, "features": layer.featureCount(),
        "renderer": layer.renderer().type(), "labels_enabled": layer.labelsEnabled(),
        "label_field": labeling.settings().fieldName if labeling is not None else None,
        "labels_drawn": len(labels.allLabels()) if labels is not None else 0,
        "painted": painted,
    }

for name in names:
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    message, loaded = layer.loadDefaultStyle()  # the layer_styles row marked default
    report[name] = check(layer, bool(loaded))
for name, (data, qml) in sidecars.items():
    layer = QgsVectorLayer(data, name, "ogr")
    message, loaded = layer.loadNamedStyle(qml)
    report["file:" + name] = check(layer, bool(loaded))
print(json.dumps(report), flush=True)
os._exit(0)  # QGIS's own teardown may crash the interpreter after the work is done
"""


def _qgis_python() -> str | None:
    import os
    import shutil
    import subprocess
    import sys

    for candidate in (os.environ.get("HOTSPOT_QGIS_PYTHON"), sys.executable, "/usr/bin/python3"):
        if not candidate or not shutil.which(candidate):
            continue
        done = subprocess.run(
            [candidate, "-c", "import qgis.core"], capture_output=True, timeout=60, check=False
        )
        if done.returncode == 0:
            return candidate
    return None


@pytest.fixture(scope="module")
def qgis_python():
    python = _qgis_python()
    if python is None:
        pytest.skip(
            "QGIS is not installed (Debian: apt-get install python3-qgis; or set "
            "HOTSPOT_QGIS_PYTHON to a Python that can import qgis.core)"
        )
    return python


@pytest.mark.slow
def test_every_layer_opens_styled_and_labelled_in_qgis(tmp_path, qgis_python):
    import os
    import subprocess

    from hotspot.analyze import analyze

    written = analyze().write(tmp_path, png=False)
    gpkg = written["analysis.gpkg"]
    names = [n for n in pyogrio.list_layers(gpkg)[:, 0] if n != "layer_styles"]
    expected = {
        "incidents",
        "hotspots",
        "vacuum_zones",
        "disputed_territories",
        "control_lines",
        "gaps_profile",
        "gaps_segments",
    }
    assert set(names) == expected
    # File names equal layer names: each layer has its GeoJSON and its QML sidecar.
    sidecars = {n: (str(tmp_path / f"{n}.geojson"), str(tmp_path / f"{n}.qml")) for n in names}
    for data, qml in sidecars.values():
        assert os.path.exists(data) and os.path.exists(qml), (data, qml)
    done = subprocess.run(
        [qgis_python, "-c", _QGIS_CHECK, str(gpkg), ",".join(names), json.dumps(sidecars)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for key, layer in report.items():
        assert layer["valid"] and layer["loaded"], (key, layer)
        assert layer["features"] > 0, key
        assert layer["painted"] > 0, f"{key} rendered blank"
    for prefix in ("", "file:"):
        hotspots = report[prefix + "hotspots"]
        assert hotspots["renderer"] == "graduatedSymbol"
        assert hotspots["labels_enabled"] and '"rank"' in hotspots["label_field"]
        assert hotspots["labels_drawn"] > 0
        for name in ("vacuum_zones", "disputed_territories"):
            assert report[prefix + name]["labels_enabled"], name
            assert report[prefix + name]["labels_drawn"] > 0, name
        for name in ("gaps_profile", "gaps_segments", "incidents", "control_lines"):
            assert report[prefix + name]["renderer"] == "categorizedSymbol", name
    assert "QGIS" not in done.stderr or "version" not in done.stderr.lower()  # no GPKG warning
