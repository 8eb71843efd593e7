"""The main job: the whole pipeline on the bundled sample and on user files."""

from __future__ import annotations

import json
import re
import sqlite3

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from hotspot.analyze import DEFAULT_TITLE, OUTPUTS, Analysis, analyze, load_input
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


def test_text_report_names_hotspots_zones_and_caveat(sample_run):
    text = str(sample_run)
    assert text == sample_run.report(top=5)
    assert "Top hotspots" in text and "Security-vacuum zones" in text
    assert "ratio" in text and "schematic" in text
    assert sample_run._repr_html_().startswith("<pre>")


def test_summary_is_a_table_that_agrees_with_the_result(sample_run):
    table = sample_run.summary()
    assert isinstance(table, pd.DataFrame) and list(table.columns) == ["value"]
    values = table["value"]
    assert values["incidents"] == len(sample_run.incidents)
    assert values["hotspots"] == len(sample_run.hotspots.hotspots)
    assert values["vacuum zones"] == len(sample_run.gaps.zones)
    overlay = sample_run.gaps.overlay
    assert values["rate ratio"] == pytest.approx(overlay.rate_ratio)
    assert values["incidents inside vacuum"] == overlay.n_in
    statuses = sample_run.incidents["cluster_status"].value_counts()
    assert values["clustered"] == statuses["clustered"]


def test_progress_is_a_bool():
    with pytest.raises(ValueError, match="progress"):
        analyze(progress=print)


def test_write_all_outputs(tmp_path, sample_run):
    written = sample_run.write(tmp_path, png=find_chromium() is not None)
    chromium = {"briefing_map.png", "briefing.pdf"}
    expected = set(OUTPUTS) if find_chromium() else set(OUTPUTS) - chromium
    assert {n for n in written if not n.endswith(".qml")} == expected | {"hotspot_manifest.json"}
    assert set(written) == {p.name for p in tmp_path.iterdir()}
    layers = set(pyogrio.list_layers(written["analysis.gpkg"])[:, 0])
    assert {"incidents", "hotspots", "vacuum_zones", "control_lines", "layer_styles"} <= layers
    # Every layer of the GeoPackage has its GeoJSON under the same name.
    geojson = {name.removesuffix(".geojson") for name in written if name.endswith(".geojson")}
    assert layers - {"layer_styles"} == geojson
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
    assert "outside the period" in str(result)
    assert result.summary().loc["outside period", "value"] == len(frame) - inside
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


class _Counter:
    """Count calls of methods/functions (outermost calls only: nested ones are internals)."""

    def __init__(self, monkeypatch):
        self.counts: dict[str, int] = {}
        self._depth = 0
        self._monkeypatch = monkeypatch

    def watch(self, owner, name, key=None):
        original = getattr(owner, name)
        key = key or name

        def counted(*args, **kwargs):
            if self._depth == 0:
                self.counts[key] = self.counts.get(key, 0) + 1
            self._depth += 1
            try:
                return original(*args, **kwargs)
            finally:
                self._depth -= 1

        self._monkeypatch.setattr(owner, name, counted)


def test_costs_write_copies_little_and_never_reprojects(tmp_path, sample_run, monkeypatch):
    from hotspot.maps.briefing import reference_layers

    reference_layers()  # the bundled context, read once per process: not a cost of write
    counter = _Counter(monkeypatch)
    counter.watch(gpd.GeoDataFrame, "copy", "copies")
    counter.watch(gpd.GeoDataFrame, "to_crs", "to_crs")
    counter.watch(gpd.GeoSeries, "to_crs", "to_crs")
    sizes = []
    copy = gpd.GeoDataFrame.copy  # the counted one
    monkeypatch.setattr(
        gpd.GeoDataFrame,
        "copy",
        lambda self, *a, **k: sizes.append(len(self)) or copy(self, *a, **k),
    )
    sample_run.write(tmp_path, png=False)
    print("Analysis.write:", counter.counts, "rows copied:", sizes)  # shown with pytest -s
    assert counter.counts.get("to_crs", 0) == 0  # every layer is already in EPSG:4326
    # Small layers are copied to round their floats and add ranks (cheap); the incident
    # layer, the large one, never is (it was 45 copies before: categories, report sort).
    assert max(sizes) < len(sample_run.incidents)
    assert counter.counts.get("copies", 0) <= 12


def test_costs_each_input_is_read_and_checked_once(tmp_path, monkeypatch):
    import sys

    from hotspot.boundaries import load_control_lines

    analyze_module = sys.modules["hotspot.analyze"]
    fed, krg = tmp_path / "fed.geojson", tmp_path / "krg.geojson"
    load_control_lines("federal").to_file(fed)
    load_control_lines("krg").to_file(krg)
    counter = _Counter(monkeypatch)
    counter.watch(analyze_module, "read_incidents")
    counter.watch(analyze_module, "read_control_line")
    counter.watch(gpd.GeoDataFrame, "to_crs", "to_crs")
    counter.watch(gpd.GeoSeries, "to_crs", "to_crs")
    frame, _ = load_input(None)
    path = tmp_path / "events.csv"
    frame.drop(columns="geometry").assign(
        latitude=frame.geometry.y, longitude=frame.geometry.x
    ).to_csv(path, index=False)
    result = analyze_module.analyze(path, federal=fed, krg=krg)
    print("analyze:", counter.counts)  # shown with pytest -s
    assert counter.counts["read_incidents"] == 1
    assert counter.counts["read_control_line"] == 2  # once per side
    assert result.incidents.crs.to_epsg() == 4326


def test_ranks_agree_in_summary_geojson_and_map(tmp_path, sample_run):
    written = sample_run.write(tmp_path, png=False)
    doc = json.loads(written["hotspots.geojson"].read_text(encoding="utf-8"))
    by_rank = {f["properties"]["rank"]: f["properties"] for f in doc["features"]}
    assert sorted(by_rank) == list(range(1, len(by_rank) + 1))
    counts = [by_rank[r]["incidents"] for r in sorted(by_rank)]
    assert counts == sorted(counts, reverse=True)  # 1 = most incidents
    summary = written["summary.txt"].read_text(encoding="utf-8")
    first = by_rank[1]
    assert f"#1 {first['label']}: {first['incidents']} incidents" in summary
    assert f"(cluster {first['hotspot']})" in summary
    assert f"around {first['locations']} distinct location" in summary
    page = written["briefing_map.html"].read_text(encoding="utf-8")
    spec = json.loads(re.search(r"hotspotBriefing\.draw\(\w+, (\{.*?\})\);", page, re.S)[1])
    shown = {i["rank"]: i["incidents"] for i in spec["hotspots"]["items"]}
    assert shown == {r: p["incidents"] for r, p in by_rank.items()}


def test_framing_title_as_of_and_sources(tmp_path):
    from hotspot.datasets import ucdp_iraq

    result = analyze(ucdp_iraq(), since="2017-01-01", until="2017-12-31")
    last = result.incidents["date"].max()
    assert result.as_of() == f"{last:%Y-%m-%d}" < "2018-01-01"  # the data's, never today
    assert result.period() == ("2017-01-01", "2017-12-31")
    sources = result.sources()
    assert sources[0].startswith("Incidents: UCDP GED 19.1")
    assert any(s.startswith("Boundaries: OCHA") for s in sources)
    assert any("Control lines: schematic" in s and "2017-10" in s for s in sources)
    text = str(result)
    assert (
        "period: 2017-01-01 to 2017-12-31" in text and "Sources: Incidents: UCDP GED 19.1" in text
    )
    page = result.briefing_map().get_root().render()
    assert DEFAULT_TITLE in page and "ISIS" not in page
    assert page.count("Boundaries: OCHA") == 1  # each source once
    assert "UCDP GED 19.1 · " in page  # the subtitle names the dataset and version
    framed = analyze(
        ucdp_iraq(),
        since="2017-01-01",
        title="Nineveh weekly",
        as_of="2018-01-07",
        sources="UCDP GED 19.1, checked by the cell",
    )
    page = framed.briefing_map().get_root().render()
    assert "Nineveh weekly" in page and "As of 2018-01-07" in page
    assert "UCDP GED 19.1, checked by the cell" in page and "OCHA" in page
    with pytest.raises(ValueError, match="as_of"):
        analyze(as_of="soon")


def test_chained_hotspots_are_a_caveat_on_the_map_and_a_note(sample_run):
    import dataclasses

    table = sample_run.hotspots.hotspots.assign(chained=False)
    table.loc[table.index[0], "chained"] = True
    hotspots = dataclasses.replace(sample_run.hotspots, hotspots=table)
    result = dataclasses.replace(sample_run, hotspots=hotspots)
    rank = int(table.loc[table.index[0], "rank"])
    page = result.briefing_map().get_root().render()
    assert f"Hotspot #{rank} spans up to" in page and "chained" in page


@pytest.mark.skipif(find_chromium() is None, reason="chromium not installed")
def test_briefing_pdf_is_one_page(tmp_path, sample_run):
    pdf = sample_run.briefing_pdf(tmp_path / "briefing.pdf", title="Weekly brief")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1  # one page
    assert len(re.findall(rb"/Subtype\s*/Image", data)) >= 1  # the map


@pytest.mark.skipif(find_chromium() is None, reason="chromium not installed")
def test_no_hotspot_still_writes_the_pdf(tmp_path):
    with pytest.warns(UserWarning, match="no incident"):
        result = analyze(since="2031-01-01")
    written = result.write(tmp_path)
    assert {"briefing.pdf", "briefing_map.png"} <= set(written)
    assert "No hotspot" in written["summary.txt"].read_text(encoding="utf-8")


def test_writing_twice_gives_the_same_files(tmp_path, sample_run):
    """audit analyze-twice: outputs repeat byte for byte but for named timestamps."""
    first = sample_run.write(tmp_path / "a", png=False)
    again = sample_run.write(tmp_path / "b", png=False)
    assert sorted(first) == sorted(again)
    # only the manifest holds the time of the run; the GeoPackage's last_change is the as_of day
    differ = [n for n in first if first[n].read_bytes() != again[n].read_bytes()]
    assert set(differ) <= {"hotspot_manifest.json"}  # "created": the same second or not
    manifests = [json.loads(w["hotspot_manifest.json"].read_text()) for w in (first, again)]
    assert manifests[0]["files"] == manifests[1]["files"]  # sizes and SHA-256
    with sqlite3.connect(first["analysis.gpkg"]) as con:
        changes = {row[0] for row in con.execute("select last_change from gpkg_contents")}
        styled = {row[0] for row in con.execute("select update_time from layer_styles")}
    assert changes == {f"{sample_run.as_of()}T00:00:00.000Z"}
    assert {str(s)[:10] for s in styled} == {sample_run.as_of()}
