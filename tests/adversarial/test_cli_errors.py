"""The command line under bad input: one-line errors naming the file, --debug, column mapping."""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner

from hotspot.boundaries import load_control_lines
from hotspot.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _events(path, columns: dict[str, str], n: int = 24):
    """A table of n incidents at Daquq under the given column names (role -> name)."""
    data = {
        "date": [f"2024-02-{i % 28 + 1:02d}" for i in range(n)],
        "lat": [35.13 + 0.0005 * (i % 4) for i in range(n)],
        "lon": [44.45 + 0.0005 * (i % 3) for i in range(n)],
        "place": ["Daquq"] * n,
        "event_type": ["Battles"] * n,
    }
    table = pd.DataFrame({columns[k]: v for k, v in data.items() if k in columns})
    table.to_csv(path, index=False)
    return path


# ----------------------------------------------------------------- unexpected errors
def test_unexpected_error_is_one_line_naming_the_file(runner, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'x'\n  more detail")

    monkeypatch.setattr(sys.modules["hotspot.analyze"], "find_hotspots", broken)
    path = _events(tmp_path / "events.csv", {k: k for k in ("date", "lat", "lon")})
    result = runner.invoke(main, ["analyze", str(path), "--out", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "events.csv" in lines[0] and "AttributeError" in lines[0] and "--debug" in lines[0]
    assert not (tmp_path / "o").exists()
    debug = runner.invoke(
        main, ["analyze", str(path), "--out", str(tmp_path / "o"), "-q", "--debug"]
    )
    assert isinstance(debug.exception, AttributeError)  # the traceback is shown


@pytest.mark.slow  # a subprocess
def test_truncated_geojson_never_prints_a_traceback(runner, tmp_path):
    path = tmp_path / "cut.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Fea', encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cut.geojson" in result.stderr
    debug = subprocess.run(
        [sys.executable, "-m", "hotspot", "--debug", "analyze", str(path), "--out", "o"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug.stderr


def test_output_folder_inside_a_file_is_a_clear_error(runner, tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("x", encoding="utf-8")
    for command in (["analyze", "--no-png"], ["gaps"]):
        result = runner.invoke(main, [*command, "--out", str(blocker / "brief")])
        assert result.exit_code == 1, result.output
        assert "cannot write to" in result.stderr and "taken" in result.stderr
        assert "Traceback" not in result.output and "Error" not in type(result.exception).__name__


def test_permission_denied_folder_is_a_clear_error(runner, tmp_path, monkeypatch):
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    result = runner.invoke(main, ["gaps", "--out", str(tmp_path / "ro")])
    assert result.exit_code == 1
    assert "cannot write to" in result.stderr and "permission denied" in result.stderr
    assert "PermissionError" not in result.output


def test_warnings_print_as_lines_not_tracebacks(runner, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "date,lat,lon\n2024-01-01,35.1,44.4\n2024-01-02,not-a-number,44.4\n", encoding="utf-8"
    )
    args = ["analyze", str(path), "--out", str(tmp_path / "o"), "-q", "--no-png"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "mixed.csv" in result.stderr


# ----------------------------------------------------------------- one side given
@pytest.mark.parametrize("side", ["federal", "krg"])
def test_gaps_with_one_side_uses_the_bundled_other(runner, tmp_path, side):
    path = tmp_path / f"{side}.geojson"
    load_control_lines(side).to_file(path)
    out = tmp_path / "out"
    result = runner.invoke(main, ["gaps", f"--{side}", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    zones = gpd.read_file(out / "gaps_zones.geojson")
    assert len(zones) >= 1


# ----------------------------------------------------------------- column mapping
def test_missing_date_column_names_the_columns_found(runner, tmp_path):
    path = _events(tmp_path / "when.csv", {"date": "when", "lon": "lng", "place": "town"})
    result = runner.invoke(main, ["analyze", str(path), "--out", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 1
    assert "when.csv" in result.stderr and "date" in result.stderr
    assert "when, lng, town" in result.stderr and "--date-column" in result.stderr
    assert "hotspots is empty" not in result.output


def test_analyze_maps_columns(runner, tmp_path):
    path = _events(tmp_path / "odd.csv", {"date": "when", "lat": "y_deg", "lon": "x_deg"})
    out = tmp_path / "o"
    args = ["analyze", str(path), "--out", str(out), "--no-png", "-q"]
    args += ["--date-column", "when", "--lat", "y_deg", "--lon", "x_deg", "--min-samples", "5"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    hotspots = gpd.read_file(out / "hotspots.geojson")
    assert len(hotspots) == 1 and int(hotspots["incidents"].iloc[0]) == 24


def test_analyze_place_column_and_user_gazetteer(runner, tmp_path):
    n = 12
    path = tmp_path / "sites.csv"
    pd.DataFrame({"day": ["2024-03-01"] * n, "site_name": ["Tall Zzyzx Checkpoint"] * n}).to_csv(
        path, index=False
    )
    places = tmp_path / "dtm.csv"
    places.write_text(
        "Location,Latitude,Longitude\nTall Zzyzx Checkpoint,35.2,43.9\n", encoding="utf-8"
    )
    out = tmp_path / "o"
    args = ["analyze", str(path), "--out", str(out), "--no-png", "-q", "--min-samples", "5"]
    args += ["--date-column", "day", "--place-column", "site_name", "--gazetteer", str(places)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    incidents = gpd.read_file(out / "incidents.geojson")
    assert (incidents.geometry.y.round(3) == 35.2).all()
    assert len(gpd.read_file(out / "hotspots.geojson")) == 1


def test_gaps_maps_incident_columns(runner, tmp_path):
    path = _events(tmp_path / "odd.csv", {"date": "when", "lat": "y_deg", "lon": "x_deg"})
    args = ["gaps", "--incidents", str(path), "--out", str(tmp_path / "o")]
    args += ["--date-column", "when", "--lat", "y_deg", "--lon", "x_deg"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "rate ratio" in result.output


def test_unknown_column_is_named(runner, tmp_path):
    path = _events(tmp_path / "e.csv", {k: k for k in ("date", "lat", "lon")})
    args = ["analyze", str(path), "--out", str(tmp_path / "o"), "--lat", "nope"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert "'nope'" in result.stderr and "date, lat, lon" in result.stderr
