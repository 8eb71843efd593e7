"""An input file inside --out is never overwritten or removed by the run (audit input-inside-out).

``hotspot analyze work/incidents.geojson --out work`` used to replace the
analyst's file with the output of the same name without a word. A run now
refuses, before writing anything, when one of its inputs (incidents,
``--federal``, ``--krg``, ``--gazetteer``) is a file it would overwrite or
remove: by its path, or as the same file through a link.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner

from hotspot._io import MANIFEST, check_inputs, output_run, write_text
from hotspot.analyze import analyze, check_out_dir
from hotspot.boundaries import load_control_lines
from hotspot.cli import main
from hotspot.errors import OutputError
from hotspot.sample import load_sample_incidents


@pytest.fixture(scope="module")
def incidents() -> gpd.GeoDataFrame:
    frame = load_sample_incidents().head(60)
    return frame[["id", "date", "event_type", "fatalities", "geometry"]]


def _folder(tmp_path: Path, incidents: gpd.GeoDataFrame, name: str) -> tuple[Path, Path, bytes]:
    """A work folder holding the incidents as ``name`` (GeoJSON, or CSV with coordinates)."""
    work = tmp_path / "work"
    work.mkdir()
    path = work / name
    if name.endswith(".geojson"):
        incidents.to_file(path)
    else:
        table = incidents.drop(columns="geometry")
        table.assign(latitude=incidents.geometry.y, longitude=incidents.geometry.x).to_csv(
            path, index=False
        )
    return work, path, path.read_bytes()


def test_cli_refuses_an_input_named_like_an_output(tmp_path, incidents):
    work, path, before = _folder(tmp_path, incidents, "incidents.geojson")
    run = CliRunner().invoke(
        main, ["analyze", str(path), "--out", str(work), "--no-png", "--min-samples", "5"]
    )
    assert run.exit_code == 1
    assert f"{path}: this input file would be overwritten or removed" in run.output
    assert "another output folder (--out)" in run.output
    assert path.read_bytes() == before
    assert sorted(p.name for p in work.iterdir()) == ["incidents.geojson"]  # nothing written


def test_api_write_refuses_before_writing(tmp_path, incidents):
    work, path, before = _folder(tmp_path, incidents, "incidents.geojson")
    result = analyze(path, min_samples=5)
    assert result.inputs == (path,)
    with pytest.raises(OutputError, match=r"incidents\.geojson: this input file would be"):
        result.write(work, png=False)
    assert path.read_bytes() == before
    assert sorted(p.name for p in work.iterdir()) == ["incidents.geojson"]


def test_a_frame_read_from_the_file_is_protected_too(tmp_path, incidents):
    from hotspot.incidents import read_incidents

    work, path, before = _folder(tmp_path, incidents, "incidents.geojson")
    result = analyze(read_incidents(path), min_samples=5)
    with pytest.raises(OutputError, match=r"incidents\.geojson"):
        result.write(work, png=False)
    assert path.read_bytes() == before


def test_a_control_line_named_like_an_output(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    line = work / "control_lines.geojson"
    load_control_lines("federal").to_file(line)
    before = line.read_bytes()
    run = CliRunner().invoke(main, ["analyze", "--federal", str(line), "--out", str(work)])
    assert run.exit_code == 1 and "control_lines.geojson: this input file" in run.output
    assert line.read_bytes() == before


def test_a_gazetteer_named_like_an_output(tmp_path, incidents):
    work = tmp_path / "work"
    work.mkdir()
    gazetteer = work / "gaps_profile.csv"
    pd.DataFrame({"name": ["Qaryat X"], "lat": [35.2], "lon": [44.1]}).to_csv(
        gazetteer, index=False
    )
    before = gazetteer.read_bytes()
    run = CliRunner().invoke(
        main, ["analyze", "--gazetteer", str(gazetteer), "--out", str(work), "--no-png"]
    )
    assert run.exit_code == 1 and "gaps_profile.csv: this input file" in run.output
    assert gazetteer.read_bytes() == before


def test_a_stale_output_name_this_run_would_remove(tmp_path, incidents):
    """briefing_map.png is not written with --no-png but removed as an earlier run's."""
    work = tmp_path / "work"
    work.mkdir()
    png = work / "briefing_map.png"
    png.write_bytes(b"\x89PNG my own picture")
    with pytest.raises(OutputError, match=r"briefing_map\.png: this input file"):
        check_out_dir(work, [png])


def test_the_same_file_through_a_link(tmp_path, incidents):
    work, path, before = _folder(tmp_path, incidents, "events.csv")
    elsewhere = tmp_path / "data.csv"
    os.link(path, work / "summary.txt")  # a hard link: the same inode under an output name
    os.symlink(path, elsewhere)
    for given in (path, elsewhere):
        with pytest.raises(OutputError, match=r"the same file as .*summary\.txt"):
            check_out_dir(work, [given])
    assert path.read_bytes() == before


def test_a_file_of_an_earlier_run_listed_in_its_manifest(tmp_path):
    """A name no run of this kind writes but an earlier manifest lists: it would be removed."""
    work = tmp_path / "work"
    with output_run(work) as run:
        write_text(run.path / "notes.txt", "from an earlier run")
    assert "notes.txt" in json.loads((work / MANIFEST).read_text())["files"]
    with pytest.raises(OutputError, match=r"as an earlier output notes\.txt"):
        check_inputs(work, [work / "notes.txt"], known={"summary.txt"})
    with (
        pytest.raises(OutputError, match=r"notes\.txt"),
        output_run(work, known={"summary.txt"}, inputs=[work / "notes.txt"]),
    ):
        pass  # pragma: no cover - refused before the run starts
    assert (work / "notes.txt").read_text() == "from an earlier run"


def test_inputs_elsewhere_and_missing_ones_pass(tmp_path, incidents):
    work, path, _ = _folder(tmp_path, incidents, "events.csv")  # not an output name
    check_out_dir(work, [path, tmp_path / "nowhere.csv", None])
    check_out_dir(tmp_path / "not-yet", [path])  # a folder still to be made holds nothing
    written = analyze(path, min_samples=5).write(work, png=False)
    assert "events.csv" not in written and path.exists()


def test_gaps_refuses_a_line_named_like_its_output(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    line = work / "gaps_zones.geojson"
    load_control_lines("federal").to_file(line)
    before = line.read_bytes()
    run = CliRunner().invoke(main, ["gaps", "--federal", str(line), "--out", str(work)])
    assert run.exit_code == 1 and "gaps_zones.geojson: this input file" in run.output
    assert line.read_bytes() == before
    assert sorted(p.name for p in work.iterdir()) == ["gaps_zones.geojson"]
