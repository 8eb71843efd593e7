"""Safe, atomic outputs: planted links, killed runs, stale files, concurrent runs, PNG faults.

Every writer goes through ``hotspot._io``; these tests attack the output folder
of ``hotspot analyze`` / ``Analysis.write``, ``hotspot gaps`` /
``GapResult.to_files`` and the single-file writers.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from hotspot._io import MANIFEST, atomic_file, output_run
from hotspot.analyze import OUTPUTS, analyze
from hotspot.cli import main
from hotspot.errors import OutputError
from hotspot.export import write_geojson, write_geopackage
from hotspot.maps import briefing_map, find_chromium, map_to_png, save_map

HOTSPOT = [sys.executable, "-m", "hotspot"]


@pytest.fixture(scope="module")
def sample_run():
    return analyze()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_manifest(folder: Path) -> dict:
    """The folder's manifest lists exactly its hotspot files, each with its true hash."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for name, entry in manifest["files"].items():
        path = folder / name
        assert path.is_file() and not path.is_symlink(), name
        assert entry["sha256"] == _digest(path), f"{name} is not the file the run wrote"
    return manifest


def _plant_links(folder: Path, names, outside: Path) -> dict[Path, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    targets = {}
    for name in names:
        target = outside / f"victim-{name}"
        target.write_bytes(b"precious " + name.encode())
        (folder / name).symlink_to(target)
        targets[target] = target.read_bytes()
    return targets


# ----------------------------------------------------------------- planted symlinks
def test_analyze_never_follows_links_planted_in_out(tmp_path):
    out = tmp_path / "out"
    names = [*OUTPUTS, "incidents.qml", "hotspots.qml", MANIFEST, ".hotspot-staging-x"]
    victims = _plant_links(out, names, tmp_path / "outside")
    result = CliRunner().invoke(main, ["analyze", "--out", str(out), "--no-png", "-q"])
    assert result.exit_code == 0, result.output
    for target, content in victims.items():
        assert target.read_bytes() == content, f"{target.name} was written through a link"
    for name in ["incidents.geojson", "summary.txt", "analysis.gpkg", MANIFEST]:
        assert not (out / name).is_symlink()
    assert not (out / "briefing_map.png").exists()  # the planted link is removed, not followed
    _check_manifest(out)


def test_gaps_never_follows_links_planted_in_out(tmp_path):
    out = tmp_path / "out"
    names = ["gaps_zones.geojson", "gaps_zones.qml", "gaps_profile.csv", "gaps_segments.geojson"]
    victims = _plant_links(out, names, tmp_path / "outside")
    result = CliRunner().invoke(main, ["gaps", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for target, content in victims.items():
        assert target.read_bytes() == content
    assert (out / "gaps_profile.csv").read_text(encoding="utf-8").startswith("station")
    _check_manifest(out)


def test_single_file_writers_replace_links(tmp_path):
    layer = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(44, 35)], crs=4326)
    victims = _plant_links(
        tmp_path,
        ["x.geojson", "x.qml", "x.gpkg", "m.html"],
        tmp_path / "outside",
    )
    write_geojson(layer, tmp_path / "x.geojson", style="incidents")
    write_geopackage({"incidents": layer}, tmp_path / "x.gpkg")
    save_map(briefing_map(incidents=layer), tmp_path / "m.html")
    for target, content in victims.items():
        assert target.read_bytes() == content
    assert json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))["features"]


# ----------------------------------------------------------------- killed runs
_SLOW_WRITER = """
import sys, time
from hotspot._io import atomic_file
with atomic_file(sys.argv[1]) as tmp:
    with open(tmp, "w") as fh:
        fh.write("partial")
        fh.flush()
        print("writing", flush=True)
        time.sleep(60)
"""


@pytest.mark.slow  # a subprocess
def test_sigkill_while_writing_keeps_the_old_file(tmp_path):
    target = tmp_path / "summary.txt"
    target.write_text("the old, complete summary", encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout.readline().strip() == "writing"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert target.read_text(encoding="utf-8") == "the old, complete summary"


def _staged_files(out: Path) -> list[Path]:
    return [p for d in out.glob(".hotspot-staging-*") for p in d.iterdir() if p.is_file()]


@pytest.mark.slow  # a subprocess
def test_sigkill_during_analyze_leaves_no_truncated_file(tmp_path, sample_run):
    out = tmp_path / "out"
    sample_run.write(out, png=False)
    before = _check_manifest(out)
    with subprocess.Popen(
        [*HOTSPOT, "analyze", "--out", str(out), "--no-png", "-q", "--eps-m", "4000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as proc:
        while proc.poll() is None and not _staged_files(out):
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    # Under the final names: exactly the first run's complete files.
    assert _check_manifest(out) == before
    # The next run clears the leftovers and succeeds.
    sample_run.write(out, png=False)
    assert not list(out.glob(".hotspot-staging-*"))
    _check_manifest(out)


# ----------------------------------------------------------------- stale files
def test_outputs_of_earlier_runs_are_removed_user_files_kept(tmp_path, sample_run):
    out = tmp_path / "out"
    out.mkdir()
    (out / "briefing_map.png").write_bytes(b"an old PNG of other data")
    (out / "gaps_overlay.csv").write_text("old", encoding="utf-8")
    (out / "my_notes.txt").write_text("the analyst's own file", encoding="utf-8")
    (out / "edited.geojson").write_text("edited by hand", encoding="utf-8")
    stale = out / "from_an_old_run.geojson"
    stale.write_text("{}", encoding="utf-8")
    old_manifest = {
        "files": {
            "from_an_old_run.geojson": {"sha256": _digest(stale)},
            "edited.geojson": {"sha256": "0" * 64},  # changed since: not ours to delete
            "../outside.txt": {"sha256": "0" * 64},  # never a path outside the folder
        }
    }
    (out / MANIFEST).write_text(json.dumps(old_manifest), encoding="utf-8")
    (tmp_path / "outside.txt").write_text("keep", encoding="utf-8")
    written = sample_run.write(out, png=False)
    names = {p.name for p in out.iterdir()}
    assert "briefing_map.png" not in names and "gaps_overlay.csv" not in names
    assert "from_an_old_run.geojson" not in names
    assert {"my_notes.txt", "edited.geojson"} <= names
    assert (tmp_path / "outside.txt").exists()
    manifest = _check_manifest(out)
    assert set(manifest["files"]) == set(written) - {MANIFEST}
    assert "my_notes.txt" not in manifest["files"]
    assert set(manifest["removed"]) == {
        "briefing_map.png",
        "gaps_overlay.csv",
        "from_an_old_run.geojson",
    }


def test_failed_run_leaves_the_folder_as_it_was(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.txt").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="boom"), output_run(out) as run:
        (run.path / "summary.txt").write_text("new, half done", encoding="utf-8")
        raise RuntimeError("boom")
    assert (out / "summary.txt").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in out.iterdir()) == ["summary.txt"]


# ----------------------------------------------------------------- concurrent runs
def test_second_run_into_a_busy_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    with output_run(out):  # the lock is per open folder: it holds within one process too
        done = CliRunner().invoke(main, ["gaps", "--out", str(out)])
        with pytest.raises(OutputError, match="another hotspot run"), output_run(out):
            pass
    assert done.exit_code == 1
    assert "another hotspot run is writing to" in done.stderr and str(out) in done.stderr
    assert not (out / "gaps_zones.geojson").exists()


@pytest.mark.slow  # a subprocess
def test_two_concurrent_runs_leave_one_consistent_set(tmp_path):
    out = tmp_path / "out"
    procs = [
        subprocess.Popen(
            [*HOTSPOT, "gaps", "--out", str(out), "--coverage-m", str(cov)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for cov in (0, 1000)
    ]
    results = [(p.wait(), p.communicate()) for p in procs]
    codes = [code for code, _ in results]
    assert 0 in codes
    for code, (_, err) in results:
        assert code == 0 or (code == 1 and "another hotspot run" in err), err
    manifest = _check_manifest(out)
    assert set(manifest["files"]) == {
        "gaps_zones.geojson",
        "gaps_zones.qml",
        "gaps_profile.geojson",
        "gaps_profile.qml",
        "gaps_segments.geojson",
        "gaps_profile.csv",
    }


# ----------------------------------------------------------------- unwritable folders
def test_output_folder_that_is_a_file(tmp_path, sample_run):
    blocker = tmp_path / "brief"
    blocker.write_text("a file", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder"):
        sample_run.write(blocker, png=False)
    with pytest.raises(OutputError, match="brief"):
        sample_run.write(blocker / "sub", png=False)


def test_permission_denied_is_a_clear_error(tmp_path, sample_run, monkeypatch):
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    with pytest.raises(OutputError, match=r"cannot write to .*out: permission denied"):
        sample_run.write(tmp_path / "out", png=False)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to read-only folders")
def test_read_only_folder_is_a_clear_error(tmp_path, sample_run):  # pragma: no cover - non-root
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="permission denied"):
            sample_run.write(out, png=False)
    finally:
        out.chmod(0o700)


# ----------------------------------------------------------------- the PNG step
def _chromium_times_out(*args, **kwargs):
    raise subprocess.TimeoutExpired(cmd="chromium", timeout=kwargs.get("timeout", 0))


def test_png_timeout_keeps_every_other_output(tmp_path, sample_run, monkeypatch):
    import hotspot.maps.render

    monkeypatch.setattr(hotspot.maps.render, "find_chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(hotspot.maps.render, "run_chromium", _chromium_times_out)
    out = tmp_path / "out"
    (out).mkdir()
    (out / "briefing_map.png").write_bytes(b"old PNG")
    with pytest.warns(UserWarning, match="briefing_map.png"):
        written = sample_run.write(out, png=True, png_timeout=7)
    chromium = {"briefing_map.png", "briefing.pdf"}  # the PDF needs Chromium too
    assert set(written) == set(OUTPUTS) - chromium | _sidecars(written) | {MANIFEST}
    assert not (out / "briefing_map.png").exists()  # no stale PNG of other data
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "briefing_map.png not written" in summary and "7 s" in summary
    assert "briefing.pdf not written" in summary
    manifest = _check_manifest(out)
    assert chromium <= set(manifest["failed"])


def _sidecars(written) -> set[str]:
    return {name for name in written if name.endswith(".qml")}


def test_cli_png_failure_exit_code_and_timeout_option(tmp_path, monkeypatch):
    import hotspot.maps.render

    seen = {}

    def fake(args, *, timeout, **kwargs):
        seen["timeout"] = timeout
        return _chromium_times_out(timeout=timeout)

    monkeypatch.setattr(hotspot.maps.render, "find_chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(hotspot.maps.render, "run_chromium", fake)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", "--out", str(out), "--png-timeout", "12"])
    assert result.exit_code == 3, result.output
    assert seen["timeout"] == 12
    assert "briefing_map.png" in result.stderr and "12 s" in result.stderr
    assert (out / "summary.txt").exists() and (out / "briefing_map.html").exists()
    result = CliRunner().invoke(main, ["analyze", "--out", str(out), "--png-timeout", "0"])
    assert result.exit_code == 2


@pytest.mark.skipif(find_chromium() is None, reason="chromium not installed")
def test_real_chromium_timeout_is_reported(tmp_path):
    layer = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(44, 35)], crs=4326)
    page = save_map(briefing_map(incidents=layer), tmp_path / "m.html")
    with pytest.raises(RuntimeError, match="within 0 s"):
        map_to_png(page, tmp_path / "m.png", timeout=0.05)
    assert not (tmp_path / "m.png").exists()


def test_atomic_file_that_writes_nothing_keeps_the_target(tmp_path):
    target = tmp_path / "x.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError, match="nothing was written"), atomic_file(target):
        pass
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


# ----------------------------------------------------------------- no hotspot is a finding
def _assert_full_brief(out: Path) -> str:
    expected = set(OUTPUTS) - {"briefing_map.png", "briefing.pdf"}  # --no-png: no Chromium
    assert expected <= {p.name for p in out.iterdir()}
    for name in expected:
        assert (out / name).stat().st_size > 0, name
    with sqlite3.connect(out / "analysis.gpkg") as con:
        tables = {row[0] for row in con.execute("select table_name from gpkg_contents")}
    assert {"incidents", "hotspots", "vacuum_zones"} <= tables
    _check_manifest(out)
    return (out / "summary.txt").read_text(encoding="utf-8")


def test_no_hotspot_in_the_bundled_reports_is_a_finding(tmp_path):
    from hotspot._data import data_path

    reports = sorted(str(p) for p in data_path("sample_reports").glob("*.txt"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", *reports, "--out", str(out), "--no-png"])
    assert result.exit_code == 0, result.output
    summary = _assert_full_brief(out)
    assert "no hotspot" in summary.lower()
    assert json.loads((out / "hotspots.geojson").read_text(encoding="utf-8"))["features"] == []


def test_tiny_file_is_a_finding(tmp_path):
    path = tmp_path / "three.csv"
    pd.DataFrame(
        {"date": ["2024-01-01"] * 3, "latitude": [35.4, 35.5, 35.6], "longitude": [44.3] * 3}
    ).to_csv(path, index=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(path), "--out", str(out), "--no-png"])
    assert result.exit_code == 0, result.output
    assert "no hotspot" in _assert_full_brief(out).lower()


def test_since_past_the_data_names_the_file_and_period(tmp_path):
    out = tmp_path / "out"
    args = ["analyze", "--since", "2031-01-01", "--out", str(out), "--no-png"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    summary = _assert_full_brief(out)
    for text in (summary, result.stderr):
        assert "2031-01-01" in text and "no incident" in text.lower()
        assert "sample" in text  # the input named
    assert "no hotspot" in summary.lower()


def test_header_only_file_names_the_file(tmp_path):
    path = tmp_path / "empty_week.csv"
    path.write_text("date,latitude,longitude,event_type\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(path), "--out", str(out), "--no-png"])
    assert result.exit_code == 0, result.output
    summary = _assert_full_brief(out)
    for text in (summary, result.stderr):
        assert "empty_week.csv" in text and "no incident" in text.lower()


def test_cli_without_chromium_writes_the_rest_and_exits_0(tmp_path, monkeypatch):
    """No browser on the machine: every other output, a note, exit 0 (README's first command)."""
    import hotspot.cli
    import hotspot.maps.render

    monkeypatch.setattr(hotspot.maps.render, "find_chromium", lambda: None)
    monkeypatch.setattr(hotspot.cli, "find_chromium", lambda: None)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "Chromium was not found" in result.stderr
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "briefing_map.png not written" in summary and "briefing.pdf not written" in summary
    assert not (out / "briefing_map.png").exists() and (out / "briefing_map.html").exists()
