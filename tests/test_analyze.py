"""The main job: the whole pipeline on the bundled sample and on user files."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from hotspot.analyze import OUTPUTS, Analysis, analyze, load_input
from hotspot.maps import find_chromium


@pytest.fixture(scope="module")
def sample_run() -> Analysis:
    return analyze(eps_m=5000, min_samples=10)


def test_sample_run_accounts_for_every_incident(sample_run):
    frame, _ = load_input(None)
    assert len(sample_run.incidents) == len(frame)
    assert sample_run.incidents.index.equals(frame.index)
    statuses = set(sample_run.incidents["cluster_status"])
    assert statuses <= {"clustered", "noise", "excluded: coarse location", "excluded: no geometry"}
    coarse = int((frame["precision"] == 3).sum())
    assert (sample_run.incidents["cluster_status"] == "excluded: coarse location").sum() == coarse


def test_sample_run_finds_hotspots_and_zones(sample_run):
    hotspots = sample_run.hotspots.hotspots
    assert len(hotspots) >= 5
    assert hotspots.crs.to_epsg() == 4326
    assert (hotspots["area_km2"] > 0).all()
    assert len(sample_run.gaps.zones) >= 1
    overlay = sample_run.gaps.overlay
    assert overlay is not None and overlay.n_in + overlay.n_out > 0
    assert overlay.ci_low <= overlay.rate_ratio <= overlay.ci_high


def test_summary_names_hotspots_zones_and_caveat(sample_run):
    text = sample_run.summary()
    assert "Top hotspots" in text and "Security-vacuum zones" in text
    assert "ratio" in text and "schematic" in text
    assert sample_run._repr_html_().startswith("<pre>")


def test_write_all_outputs(tmp_path, sample_run):
    written = sample_run.write(tmp_path, png=find_chromium() is not None)
    expected = set(OUTPUTS) if find_chromium() else set(OUTPUTS) - {"briefing_map.png"}
    assert set(written) == expected
    layers = set(pyogrio.list_layers(written["analysis.gpkg"])[:, 0])
    assert {"incidents", "hotspots", "vacuum_zones", "control_lines", "layer_styles"} <= layers
    doc = json.loads(written["hotspots.geojson"].read_text(encoding="utf-8"))
    assert "crs" not in doc and len(doc["features"]) == len(sample_run.hotspots.hotspots)
    assert (tmp_path / "hotspots.qml").exists()  # QGIS style sidecar
    assert "Top hotspots" in written["summary.txt"].read_text(encoding="utf-8")


def test_user_csv_with_place_names(tmp_path):
    rows = pd.DataFrame(
        {
            "date": [f"2024-01-0{i % 9 + 1}" for i in range(30)],
            "place": ["Daquq"] * 12 + ["Makhmour"] * 12 + ["no such place at all"] * 6,
            "event_type": ["attack"] * 30,
        }
    )
    path = tmp_path / "events.csv"
    rows.to_csv(path, index=False)
    with pytest.warns(UserWarning):
        result = analyze(path, eps_m=3000, min_samples=5)
    assert len(result.incidents) == 30
    no_geometry = result.incidents["cluster_status"] == "excluded: no geometry"
    assert no_geometry.sum() == 6  # the unresolved rows stay, unclustered
    assert len(result.hotspots.hotspots) == 2


def test_user_control_lines(tmp_path):
    fed = gpd.GeoDataFrame(
        {"side": ["federal"]},
        geometry=[shapely.LineString([(43.8, 35.2), (44.6, 35.2)])],
        crs=4326,
    )
    krg = gpd.GeoDataFrame(
        {"side": ["krg"]},
        geometry=[shapely.LineString([(43.8, 35.3), (44.6, 35.3)])],
        crs=4326,
    )
    result = analyze(federal=fed, krg=krg, eps_m=5000, min_samples=10)
    assert set(result.control_lines["side"]) == {"federal", "krg"}
    assert result.gaps.zones["area_km2"].sum() > 0


def test_missing_file_is_named():
    with pytest.raises(FileNotFoundError, match=r"nope\.csv"):
        load_input("nope.csv")


def test_period_filter_counts_what_it_leaves_out():
    frame, _ = load_input(None)
    result = analyze(since="2024-01-01", until="2024-12-31", eps_m=5000, min_samples=5)
    dates = pd.to_datetime(frame["date"])
    inside = int(((dates >= "2024-01-01") & (dates <= "2024-12-31")).sum())
    assert len(result.incidents) == inside
    assert result.params["outside_period"] == len(frame) - inside
    assert "outside the period" in result.summary()
    with pytest.raises(ValueError, match="since"):
        analyze(since="notadate")


def test_overlay_counts_what_the_clustering_counts(sample_run):
    o = sample_run.gaps.overlay
    status = sample_run.incidents["cluster_status"].astype(str)
    used = int((~status.str.startswith("excluded")).sum())
    assert o.n_in + o.n_out + o.n_excluded == len(status)  # every row accounted for
    # the overlay leaves out exactly the rows the clustering left out (one coarse rule)
    assert o.n_coarse + o.n_no_point == len(status) - used
    assert sample_run.params["overlay_excluded"] == len(status) - used
