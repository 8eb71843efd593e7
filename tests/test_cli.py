"""Tests of the hotspot command line (click CliRunner plus one real subprocess)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from hotspot.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version_and_help(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert "hotspot, version" in result.output
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "geocode" in result.output and "extract" in result.output
    assert "Examples" in result.output


def test_geocode_table(runner):
    result = runner.invoke(main, ["geocode", "Kirkuk", "Kirkuk province", "Nowhere-ville"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4  # header + 3 rows
    assert "governorate" in lines[2]
    assert "unresolved" in lines[3]
    assert "3 names: 2 resolved, 0 ambiguous, 1 unresolved" in result.stderr


def test_geocode_geojson(runner):
    names = ["Kerkuk", "Zzzyzx", "Kirkuk district"]
    result = runner.invoke(main, ["geocode", "--format", "geojson", *names])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    features = data["features"]
    assert [f["properties"]["query"] for f in features] == names
    assert [f["properties"]["status"] for f in features] == ["resolved", "unresolved", "resolved"]
    lon, lat = features[0]["geometry"]["coordinates"]
    assert 43 < lon < 46 and 34 < lat < 37  # lon first
    assert all(len(str(v).split(".")[-1]) <= 7 for v in (lon, lat))
    assert features[1]["geometry"] is None
    props = features[0]["properties"]
    for key in ("name", "feature_type", "governorate", "district", "disputed", "score", "id"):
        assert key in props
    assert props["disputed"] == "Kirkuk"


def test_geocode_csv_from_file(runner, tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("Kirkuk\n\nMexmur\nNowhere-ville\n", encoding="utf-8")
    result = runner.invoke(main, ["geocode", "--file", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["query"] for r in rows] == ["Kirkuk", "Mexmur", "Nowhere-ville"]
    assert rows[1]["name"] and float(rows[1]["lat"]) > 35
    assert rows[2]["lat"] == ""


def test_geocode_csv_column(runner, tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text("date,location\n2024-01-01,Kerkuk\n2024-01-02,Dibis\n", encoding="utf-8")
    result = runner.invoke(main, ["geocode", "-f", str(path), "--column", "location"])
    assert result.exit_code == 0, result.output
    assert "2 names: 2 resolved" in result.stderr
    result = runner.invoke(main, ["geocode", "-f", str(path), "--column", "place"])
    assert result.exit_code == 2
    assert "place" in result.output


def test_missing_file_exit_2(runner, tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(main, ["geocode", "--file", str(missing)])
    assert result.exit_code == 2
    assert "nope.txt" in result.output
    result = runner.invoke(main, ["extract", str(missing)])
    assert result.exit_code == 2
    assert "nope.txt" in result.output


def test_no_input_is_usage_error(runner):
    assert runner.invoke(main, ["geocode"]).exit_code == 2
    assert runner.invoke(main, ["extract"]).exit_code == 2


def test_bad_within_is_usage_error(runner):
    result = runner.invoke(main, ["geocode", "--within", "Atlantis", "Kirkuk"])
    assert result.exit_code == 2
    assert "Atlantis" in result.output


def test_extract_sample_table(runner):
    result = runner.invoke(main, ["extract", "--sample"])
    assert result.exit_code == 0, result.output
    assert "sample_report.txt" in result.stdout
    assert "Kirkuk" in result.stdout
    assert "mentions:" in result.stderr


def test_extract_geojson_file(runner, tmp_path):
    path = tmp_path / "report.txt"
    text = "Gunmen attacked a checkpoint in Kirkuk province near Kerkuk city."
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["extract", "--format", "geojson", str(path)])
    assert result.exit_code == 0, result.output
    features = json.loads(result.stdout)["features"]
    assert [f["properties"]["surface"] for f in features] == ["Kirkuk province", "Kerkuk city"]
    for f in features:
        p = f["properties"]
        assert text[p["start"] : p["end"]] == p["surface"]
        assert p["file"] == str(path)
        assert f["geometry"]["type"] == "Point"


def test_python_dash_m_subprocess():
    proc = subprocess.run(
        [sys.executable, "-m", "hotspot", "geocode", "--format", "geojson", "Kerkuk", "Qwxz"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [f["properties"]["status"] for f in data["features"]] == ["resolved", "unresolved"]
    assert "1 resolved" in proc.stderr


def test_geocode_with_user_location_list(tmp_path):
    dtm = tmp_path / "dtm.csv"
    dtm.write_text("Location,Latitude,Longitude\nTall Ali Checkpoint,35.2,43.9\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["geocode", "--format", "csv", "--gazetteer", str(dtm), "Tall Ali Checkpoint"]
    )
    assert result.exit_code == 0, result.output
    assert "user1-1" in result.output and "35.2" in result.output


def test_geocode_with_bad_user_gazetteer_names_the_column(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat\nx,1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["geocode", "--gazetteer", str(bad), "Kirkuk"])
    assert result.exit_code == 2
    assert "lon" in result.output


# ----------------------------------------------------------------- unreadable files
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("names.csv", "location\nKirkuk\n".encode("utf-16"), "not UTF-8"),
        ("names.txt", "Kirkuk\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_geocode_unreadable_file_is_usage_error(runner, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(main, ["geocode", "--file", str(path)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert name in result.output and expected in result.output
    assert "UTF-8" in result.output and "header row" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [("Clashes near Kirkuk.\n".encode("utf-16"), "not UTF-8"), (b"\xff\xfe\x00K", "not UTF-8")],
)
def test_extract_non_utf8_file_is_usage_error(runner, tmp_path, content, expected):
    path = tmp_path / "utf16.txt"
    path.write_bytes(content)
    result = runner.invoke(main, ["extract", str(path)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "utf16.txt" in result.output and expected in result.output
    assert "UTF-8 text" in result.output


def test_empty_user_gazetteer_is_usage_error(runner, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_bytes(b"")
    for command in (["geocode", "Kirkuk"], ["extract", "--sample"]):
        result = runner.invoke(main, [*command, "--gazetteer", str(path)])
        assert result.exit_code == 2, result.output
        assert "extra.csv" in result.output and "empty" in result.output


def test_extract_keeps_text_columns_across_files(runner, tmp_path):
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("Nothing happened today.\n", encoding="utf-8")
    loud = tmp_path / "loud.txt"
    loud.write_text("Gunmen attacked a checkpoint in Kirkuk province.\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", "--format", "geojson", str(quiet), str(loud)])
    assert result.exit_code == 0, result.output
    features = json.loads(result.stdout)["features"]
    assert [f["properties"]["surface"] for f in features] == ["Kirkuk province"]
    assert features[0]["properties"]["file"] == str(loud)
    assert "1 mentions: 1 resolved" in result.stderr


def test_geocode_empty_within_is_usage_error(runner):
    result = runner.invoke(main, ["geocode", "--within", "", "Kirkuk"])
    assert result.exit_code == 2
    assert "within" in result.output


def test_geocode_two_iraqi_is_not_a_place(runner):
    result = runner.invoke(main, ["geocode", "--format", "csv", "Two Iraqi", "Three Iraqi"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["status"] for r in rows] == ["unresolved", "unresolved"]
    assert "Karbala" not in result.stdout


# --------------------------------------------------------------------------- streamed output
_MIXED = (
    "Clashes near Kirkuk and Wadi al-Shay; later in Qaryat Nowhere, then \x1b[31mMosul\x1b[0m "
    "and =HYPERLINK(1) near Bashiqa. Fighting in Daquq, Hawija and Tuz Khurmatu.\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "{a}", "{b}"],
        ["extract", "--format", "geojson", "{a}", "{b}"],
        ["geocode", "--file", "{names}"],
        ["geocode", "--file", "{names}", "--format", "csv"],
        ["geocode", "--file", "{names}", "--format", "geojson"],
    ],
)
def test_output_streamed_in_chunks_is_the_whole_output(runner, tmp_path, monkeypatch, args):
    """Issue #15 (memory): rows are printed a chunk at a time, the text as of one table.

    Column widths, the common decimals pandas gives a float column and blank
    cells must not depend on where the chunks are cut.
    """
    import hotspot.cli

    paths = {
        "a": tmp_path / "a.txt",
        "b": tmp_path / "b.txt",
        "names": tmp_path / "names.txt",
    }
    paths["a"].write_text(_MIXED * 3, encoding="utf-8")
    paths["b"].write_text("Nothing here. Then Sinjar and Tal Afar.\n", encoding="utf-8")
    paths["names"].write_text("Kirkuk\nWadi al-Shay\nNowhere Town\n=SUM(1)\nكركوك\nTikrit\n")
    argv = [a.format(**paths) for a in args]
    whole = runner.invoke(main, argv)
    assert whole.exit_code == 0, whole.output
    for rows in (1, 2, 5):
        monkeypatch.setattr(hotspot.cli, "_CHUNK_ROWS", rows)
        assert runner.invoke(main, argv).output == whole.output, rows
    if "geojson" in args:
        assert json.loads(whole.output.split("\n")[0])["type"] == "FeatureCollection"


def test_blank_and_numeric_cells_keep_the_table_layout(runner, tmp_path, monkeypatch):
    """A float column with blanks in only some chunks is formatted as one column."""
    import hotspot.cli

    path = tmp_path / "names.txt"
    path.write_text("Kirkuk\nKirkuk\nKirkuk\nNowhere Town\n", encoding="utf-8")
    whole = runner.invoke(main, ["geocode", "--file", str(path)]).output
    monkeypatch.setattr(hotspot.cli, "_CHUNK_ROWS", 3)  # the first chunk has no blank
    assert runner.invoke(main, ["geocode", "--file", str(path)]).output == whole
    lines = whole.splitlines()
    assert len({len(line) for line in lines[:5]}) == 1  # one width for every row
