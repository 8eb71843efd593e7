"""`hotspot analyze` and `hotspot gaps` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
from click.testing import CliRunner

from hotspot.cli import main


def test_analyze_default_sample(tmp_path):
    out = tmp_path / "brief"
    result = CliRunner().invoke(main, ["analyze", "--out", str(out), "--no-png"])
    assert result.exit_code == 0, result.output
    assert "Top hotspots" in result.output and "wrote" in result.output
    for name in ["incidents.geojson", "analysis.gpkg", "briefing_map.html", "summary.txt"]:
        assert (out / name).stat().st_size > 0
    assert not (out / "briefing_map.png").exists()


def test_analyze_help_has_examples():
    result = CliRunner().invoke(main, ["analyze", "--help"])
    assert result.exit_code == 0
    assert "hotspot analyze acled_iraq.csv --out brief/" in result.output
    assert "Exit codes" in result.output


def test_analyze_bad_file_exits_1_with_message(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(bad), "--out", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 1
    assert "bad.csv" in result.output or "column" in result.output


def test_analyze_missing_file_is_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2
    assert "missing.csv" in result.output


def test_gaps_writes_zones_profile_and_prints_rate_ratio(tmp_path):
    incidents = pd.DataFrame(
        {
            "latitude": [35.30, 35.31, 35.9],
            "longitude": [43.75, 43.76, 43.2],
            "date": ["2024-01-01", "2024-06-01", "2024-12-31"],
        }
    )
    path = tmp_path / "inc.csv"
    incidents.to_csv(path, index=False)
    result = CliRunner().invoke(
        main, ["gaps", "--coverage-m", "1000", "--incidents", str(path), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "rate ratio" in result.output
    zones = json.loads((tmp_path / "gaps_zones.geojson").read_text(encoding="utf-8"))
    assert zones["features"] and "crs" not in zones
    assert (tmp_path / "gaps_profile.csv").read_text(encoding="utf-8").startswith("station")


def test_python_dash_m_analyze(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "hotspot", "analyze", "--out", str(tmp_path), "--no-png", "-q"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "summary.txt").exists()


def test_analyze_framing_and_map_options(tmp_path):
    out = tmp_path / "brief"
    args = [
        "analyze",
        "--out",
        str(out),
        "--no-png",
        "-q",
        "--title",
        "Kirkuk weekly",
        "--as-of",
        "2025-12-31",
        "--sources",
        "Field reports",
        "--sources",
        "Police logs",
        "--heatmap",
        "--time-slider",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    page = (out / "briefing_map.html").read_text(encoding="utf-8")
    assert "Kirkuk weekly" in page and "As of 2025-12-31" in page
    assert "Field reports" in page and "Police logs" in page and "OCHA" in page
    assert '"timeFilter":true' in page and '"heat":' in page
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "as of 2025-12-31" in summary and "Sources: Field reports; Police logs" in summary
    assert not (out / "briefing.pdf").exists()  # --no-png: no Chromium at all


def test_analyze_tiles_choices_are_the_maps_basemaps():
    from hotspot.cli import analyze_command
    from hotspot.maps import TILES

    option = next(p for p in analyze_command.params if p.name == "tiles")
    assert set(option.type.choices) <= set(TILES)
    result = CliRunner().invoke(main, ["analyze", "--tiles", "Google", "--no-png"])
    assert result.exit_code == 2 and "OpenStreetMap" in result.output


def test_analyze_writes_the_pdf_unless_told_not_to(tmp_path, monkeypatch):
    import hotspot.maps.render

    calls = []

    def fake(args, *, timeout, **kwargs):  # Chromium that writes what it is asked for
        calls.append(args)
        for arg in args:
            if arg.startswith(("--screenshot=", "--print-to-pdf=")):
                target = arg.split("=", 1)[1]
                with open(target, "wb") as handle:
                    handle.write(b"%PDF-1.4 fake" if "pdf" in arg else b"\x89PNG fake")
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(hotspot.maps.render, "find_chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(hotspot.maps.render, "run_chromium", fake)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert (out / "briefing.pdf").read_bytes().startswith(b"%PDF")
    assert any(a.endswith("#print") for a in calls[0])  # the PNG: print mode, no controls
    assert any(a.endswith("#print&bare") for a in calls[1])  # the map for the PDF
    assert any(a.startswith("--print-to-pdf=") for a in calls[2])
    result = CliRunner().invoke(main, ["analyze", "--out", str(out), "-q", "--no-pdf"])
    assert result.exit_code == 0 and not (out / "briefing.pdf").exists()
    assert (out / "briefing_map.png").exists()
