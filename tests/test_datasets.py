"""hotspot.datasets: the registry, the bundled UCDP GED Iraq extract, the synthetic sample."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from hotspot import datasets
from hotspot._data import data_path
from hotspot.cli import main
from hotspot.errors import DatasetError
from hotspot.gazetteer import iraq_outline
from hotspot.incidents import INCIDENT_COLUMNS, read_ucdp
from hotspot.sample import load_sample_incidents

CHECKOUT = Path(__file__).resolve().parents[1]
CONTRACT_KEYS = {"name", "version", "licence", "citation", "path"}


# ----------------------------------------------------------------------------- registry


def test_registry_lists_every_dataset_with_its_provenance():
    table = datasets.list()
    assert list(table.columns) == list(datasets.TABLE_COLUMNS)
    assert table["name"].tolist() == ["ucdp_iraq", "sample"]
    assert table.set_index("name")["synthetic"].to_dict() == {"ucdp_iraq": False, "sample": True}
    for column in ("title", "source", "licence", "period"):
        assert table[column].str.len().gt(0).all(), column
    assert table["rows"].gt(0).all()
    assert "<table" in table._repr_html_() and "ucdp_iraq" in table._repr_html_()


def test_registry_names_and_aliases_are_unique_and_match_loosely():
    assert len(datasets.names()) == len(set(datasets.names()))
    for query in ("ucdp", "UCDP Iraq", "ucdp-iraq", "Ucdp_Iraq"):
        assert datasets.info(query).name == "ucdp_iraq"
    assert datasets.info("SYNTHETIC").name == "sample"
    with pytest.raises(DatasetError, match=r"no bundled dataset named 'acled'.*ucdp_iraq.*sample"):
        datasets.get("acled")


def test_ucdp_entry_records_source_licence_citation_version_and_why():
    entry = datasets.info("ucdp_iraq")
    assert (entry.dataset, entry.version, entry.licence) == ("UCDP GED", "19.1", "CC BY 4.0")
    assert "Sundberg" in entry.citation and "Melander (2013)" in entry.citation
    assert "50(4)" in entry.citation
    assert "Högbladh, Stina (2019)" in entry.citation and "19.1" in entry.citation
    assert "2018-12-25" in entry.version_note and "2019" in entry.version_note
    assert "HDX" in entry.source and "refugee_predictive_model" in entry.source
    assert entry.period == "1989-01-01/2018-12-25"
    assert (entry.rows, entry.columns) == (7473, 45)
    html = entry._repr_html_()
    assert "ucdp_iraq" in html and "CC BY 4.0" in html
    assert "SYNTHETIC" in datasets.info("sample")._repr_html_()


def test_bundled_ucdp_file_is_the_recorded_source_byte_for_byte():
    entry = datasets.info("ucdp")
    packed = data_path(entry.file).read_bytes()
    assert (len(packed), hashlib.sha256(packed).hexdigest()) == (entry.bytes, entry.sha256)
    raw = gzip.decompress(packed)
    assert len(raw) == entry.source_bytes
    assert hashlib.sha256(raw).hexdigest() == entry.source_sha256
    # the sha256 PROVENANCE.md records for shared/data/ucdp_ged_irq/conflict_data_irq.csv
    assert entry.source_sha256.startswith("9da328f8e0c8bdb2")


# ----------------------------------------------------------------------------- loaders


def test_ucdp_iraq_goes_through_read_ucdp_and_carries_provenance():
    events = datasets.ucdp_iraq()
    entry = datasets.info("ucdp")
    assert list(events.columns) == [*INCIDENT_COLUMNS[:-1], "issues", "geometry"]
    assert events.crs.to_epsg() == 4326
    assert len(events) == entry.rows
    first, last = entry.period.split("/")
    assert str(events["date"].min().date()) == first
    assert str(events["date_end"].max().date()) == last
    report = events.attrs["hotspot_report"]
    assert report["layout"] == "ucdp" and report["hxl_row_skipped"] is True
    assert report["bad_rows"] == 0 and report["empty_geometry"] == 0
    assert set(events["event_type"]) == {"state-based", "non-state", "one-sided"}
    meta = events.attrs["dataset"]
    assert set(meta) >= CONTRACT_KEYS
    assert (meta["name"], meta["version"], meta["licence"]) == ("UCDP GED", "19.1", "CC BY 4.0")
    assert meta["synthetic"] is False and Path(meta["path"]).is_file()
    # border events are kept and flagged, not dropped
    outside = ~shapely.contains_xy(iraq_outline(), events.geometry.x, events.geometry.y)
    assert events.loc[outside, "issues"].str.contains("outside_iraq").all()


def test_loaders_hand_out_fresh_copies():
    first = datasets.ucdp_iraq()
    first.loc[first.index[0], "place"] = "changed"
    first.attrs["dataset"]["version"] = "changed"
    again = datasets.get("ucdp")
    assert again.loc[again.index[0], "place"] != "changed"
    assert again.attrs["dataset"]["version"] == "19.1"


def test_sample_is_labelled_synthetic_and_matches_its_registry_entry():
    frame = datasets.sample()
    entry = datasets.info("sample")
    assert frame.attrs["dataset"]["synthetic"] is True
    assert frame.attrs["dataset"]["name"] == "hotspot synthetic sample"
    assert frame.attrs["dataset"]["version"] is None
    assert len(frame) == entry.rows
    assert f"{frame['date'].min().date()}/{frame['date_end'].max().date()}" == entry.period
    pd.testing.assert_frame_equal(frame, load_sample_incidents())


def test_a_damaged_bundled_file_is_refused(tmp_path):
    entry = datasets.info("ucdp")
    damaged = tmp_path / entry.file
    packed = bytearray(data_path(entry.file).read_bytes())
    packed[-20] ^= 0xFF
    damaged.write_bytes(bytes(packed))
    fake = dataclasses.replace(entry, file=str(damaged))
    with pytest.raises(DatasetError, match=r"does not match the registry.*reinstall"):
        datasets._table(fake)


def test_ucdp_iraq_equals_reading_the_shared_source_file(shared_data):
    from_file = read_ucdp(shared_data / "ucdp_ged_irq" / "conflict_data_irq.csv")
    bundled = datasets.ucdp_iraq()
    pd.testing.assert_frame_equal(
        bundled.reset_index(drop=True), from_file.reset_index(drop=True), check_like=False
    )


# ----------------------------------------------------------------------------- build script


def test_build_script_reproduces_the_bundled_file_and_registry(
    shared_data, tmp_path, script_module
):
    registry = tmp_path / "datasets.json"
    shutil.copyfile(data_path("datasets.json"), registry)
    build = script_module("build_ucdp")
    code = build.main(
        ["--shared", str(shared_data.parent), "--out", str(tmp_path), "--registry", str(registry)]
    )
    assert code == 0
    entry = datasets.info("ucdp")
    assert (tmp_path / entry.file).read_bytes() == data_path(entry.file).read_bytes()
    assert registry.read_text(encoding="utf-8") == data_path("datasets.json").read_text(
        encoding="utf-8"
    )


def _fake_shared(tmp_path: Path, content: bytes, recorded: bytes) -> Path:
    shared = tmp_path / "shared"
    (shared / "data" / "ucdp_ged_irq").mkdir(parents=True)
    (shared / "data" / "ucdp_ged_irq" / "conflict_data_irq.csv").write_bytes(content)
    digest = hashlib.sha256(recorded).hexdigest()
    (shared / "data" / "PROVENANCE.md").write_text(
        "# Provenance\n\n## 1. `ucdp_ged_irq/conflict_data_irq.csv` — UCDP GED events\n\n"
        "| item | value |\n| --- | --- |\n"
        f"| size / sha256 | {len(recorded):,} B / `{digest}` |\n\n## 2. `other/` — x\n",
        encoding="utf-8",
    )
    return shared


_TINY = (
    b"id,date_start,date_end,country\n,#date+start,#date+end,#country+name\n"
    b"1,2014-06-10,2014-06-11,Iraq\n"
)


def test_build_script_refuses_a_file_that_is_not_the_recorded_one(tmp_path, capsys, script_module):
    shared = _fake_shared(tmp_path, _TINY.replace(b"Iraq", b"Irak"), _TINY)
    registry = tmp_path / "datasets.json"
    shutil.copyfile(data_path("datasets.json"), registry)
    build = script_module("build_ucdp")
    code = build.main(
        ["--shared", str(shared), "--out", str(tmp_path), "--registry", str(registry)]
    )
    assert code == 1
    assert "does not match PROVENANCE.md" in capsys.readouterr().err
    assert not (tmp_path / "ucdp_ged_irq_19.1.csv.gz").exists()


def test_build_script_reads_size_and_sha256_from_provenance(tmp_path, script_module):
    shared = _fake_shared(tmp_path, _TINY, _TINY)
    build = script_module("build_ucdp")
    text = (shared / "data" / "PROVENANCE.md").read_text(encoding="utf-8")
    size, digest = build.provenance_facts(text, "ucdp_ged_irq/conflict_data_irq.csv")
    assert (size, digest) == (len(_TINY), hashlib.sha256(_TINY).hexdigest())
    with pytest.raises(build.BuildError, match="no section"):
        build.provenance_facts(text, "ucdp_ged_irq/missing.csv")
    packed = build.gzip_bytes(_TINY)
    assert packed == build.gzip_bytes(_TINY)  # deterministic
    assert gzip.decompress(packed) == _TINY


# ----------------------------------------------------------------------------- CLI


def test_analyze_dataset_ucdp_runs_on_the_bundled_events(tmp_path):
    out = tmp_path / "brief"
    result = CliRunner().invoke(
        main,
        ["analyze", "--dataset", "ucdp", "--since", "2017-10-16", "--out", str(out), "--no-png"],
    )
    assert result.exit_code == 0, result.output
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert summary.splitlines()[0] == "hotspot analysis of UCDP GED 19.1"
    assert "incidents: 283 " in summary
    features = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    assert len(features) == 283


def test_analyze_takes_loaded_datasets_as_they_are():
    from hotspot.analyze import load_input

    frame, label = load_input(datasets.sample())
    assert label == "hotspot synthetic sample (SYNTHETIC: not real events)"
    assert len(frame) == datasets.info("sample").rows
    frame, label = load_input(datasets.ucdp_iraq())
    assert label == "UCDP GED 19.1"
    assert frame.attrs["hotspot_report"]["layout"] == "ucdp"  # not re-read as a generic table


def test_analyze_dataset_and_incidents_are_exclusive(tmp_path):
    table = tmp_path / "inc.csv"
    table.write_text("lat,lon,date\n35.3,43.7,2024-01-01\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(table), "--dataset", "ucdp"])
    assert result.exit_code == 2
    assert "give INCIDENTS or --dataset, not both" in result.output
    result = CliRunner().invoke(main, ["analyze", "--dataset", "acled"])
    assert result.exit_code == 2
    assert "ucdp_iraq" in result.output


# ----------------------------------------------------------------------------- docs


def _doc_blocks() -> list[str]:
    doc = CHECKOUT / "docs" / "getting_data.md"
    if not doc.exists():
        return []
    text = doc.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    return [b for b in blocks if "needs network" not in b]


@pytest.mark.parametrize("block", _doc_blocks())
def test_getting_data_examples_run_offline(block, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "docs/getting_data.md", "exec"), {})


def test_getting_data_has_offline_examples():
    if not (CHECKOUT / "docs").exists():
        pytest.skip("docs/ not present (installed tests)")
    assert len(_doc_blocks()) >= 2
