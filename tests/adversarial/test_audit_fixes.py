"""Defects the adversarial audit (``benchmarks/adversarial_audit.py``, #15) found after the
first round of fixes; each test reproduces one audit case (its id in the docstring).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from hotspot.errors import IncidentError
from hotspot.incidents import read_incidents

FIELDS = ["id", "date", "latitude", "longitude", "event_type", "fatalities", "notes"]


def rows(n: int) -> list[dict[str, str]]:
    return [
        {
            "id": f"E{i + 1}",
            "date": f"2023-0{1 + i % 9}-1{i % 10}",
            "latitude": f"{35.1 + i * 0.01:.4f}",
            "longitude": f"{44.3 + i * 0.01:.4f}",
            "event_type": "IED",
            "fatalities": str(i),
            "notes": f"note {i}",
        }
        for i in range(n)
    ]


def csv_text(records: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def quiet_read(path, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_incidents(path, **kwargs)
    return frame, [str(w.message) for w in caught]


# --------------------------------------------------------------------------- readers


def test_long_field_is_read_whole(tmp_path):
    """long-field: a 200,000-character notes cell (no quote anywhere) kept with its row."""
    records = rows(12)
    records[2]["notes"] = "x" * 200_000
    path = tmp_path / "long.csv"
    path.write_text(csv_text(records), encoding="utf-8")
    before = csv.field_size_limit()
    frame, messages = quiet_read(path)
    assert csv.field_size_limit() == before  # no global change leaks to the caller
    assert frame["notes"].iat[2] == "x" * 200_000
    assert frame["fatalities"].iat[2] == 2
    assert not frame.geometry.iat[2].is_empty
    assert frame["issues"].iat[2] == ""
    assert messages == []


def test_a_field_beyond_the_limit_is_named_as_too_long(tmp_path, monkeypatch):
    """If a field still exceeds the reader's limit, the message says so (not 'quote')."""
    import hotspot._tables as tables

    monkeypatch.setattr(tables, "_FIELD_LIMIT", 1_000)
    records = rows(5)
    records[2]["notes"] = "y" * 5_000
    path = tmp_path / "long.csv"
    path.write_text(csv_text(records), encoding="utf-8")
    frame, _ = quiet_read(path)
    assert len(frame) == 5
    issue = frame["issues"].iat[2]
    assert "longer than" in issue and "1,000 characters" in issue and "quote" not in issue
    assert frame["notes"].iat[3] == "note 3"  # the next rows are untouched


def test_trailing_comma_on_every_row_is_an_export_shape(tmp_path):
    """csv-trailing-comma-all: one more, always empty, field than the header: rows are fine."""
    lines = csv_text(rows(30)).splitlines()
    path = tmp_path / "trail.csv"
    path.write_text("\n".join([lines[0]] + [ln + "," for ln in lines[1:]]) + "\n")
    frame, messages = quiet_read(path)
    assert len(frame) == 30
    assert not frame.geometry.is_empty.any()
    assert (frame["issues"] == "").all()
    assert len(messages) == 1 and "trailing" in messages[0] and "trail.csv" in messages[0]
    report = frame.attrs["hotspot_report"]
    assert report["bad_rows"] == 0
    assert report["input"]["trailing_delimiter"] is True
    assert report["input"]["accounted"]


def test_trailing_comma_on_some_rows_only_is_still_a_field_count_problem(tmp_path):
    lines = csv_text(rows(6)).splitlines()
    lines[3] += ",extra"
    path = tmp_path / "some.csv"
    path.write_text("\n".join(lines) + "\n")
    frame, _ = quiet_read(path)
    assert frame.geometry.iat[2].is_empty and "8 fields" in frame["issues"].iat[2]
    assert not frame.geometry.iat[1].is_empty


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    first = True
    for name, table in sheets.items():
        sheet = book.active if first else book.create_sheet()
        sheet.title = name
        first = False
        for row in table:
            sheet.append(row)
    book.save(path)
    return path


def test_workbook_data_on_a_second_sheet_is_found_and_said(tmp_path):
    """xlsx-data-on-second-sheet: a cover note on the first sheet, the table on 'Data'."""
    table = [FIELDS, *([r[f] for f in FIELDS] for r in rows(12))]
    path = _workbook(tmp_path / "book.xlsx", {"About": [["Exported by X"]], "Data": table})
    frame, messages = quiet_read(path)
    assert len(frame) == 12 and not frame.geometry.is_empty.any()
    said = [m for m in messages if "sheet" in m]
    assert said and "'Data'" in said[0] and "'About'" in said[0] and "no table" in said[0]
    counted = frame.attrs["hotspot_report"]["input"]
    assert counted["sheet"] == "Data"
    assert "'About'" in counted["sheet_reason"] and "no table" in counted["sheet_reason"]
    assert counted["accounted"]


def test_workbook_sheet_can_be_named(tmp_path):
    table = [FIELDS, *([r[f] for f in FIELDS] for r in rows(3))]
    other = [FIELDS, *([r[f] for f in FIELDS] for r in rows(5))]
    path = _workbook(tmp_path / "two.xlsx", {"First": table, "Second": other})
    frame, _ = quiet_read(path, layer="Second")
    assert len(frame) == 5 and frame.attrs["hotspot_report"]["input"]["sheet"] == "Second"
    with pytest.raises(IncidentError, match=r"no sheet 'Third'.*'First', 'Second'"):
        read_incidents(path, layer="Third")
    csv_path = tmp_path / "plain.csv"
    csv_path.write_text(csv_text(rows(2)), encoding="utf-8")
    with pytest.raises(IncidentError, match="a CSV file has none"):
        read_incidents(csv_path, layer="Second")


def test_workbook_error_names_the_other_sheets(tmp_path):
    """A first sheet that is a table, but not of incidents: the error names the other sheets."""
    legend = [["code", "meaning"], ["A", "attack"]]
    table = [FIELDS, *([r[f] for f in FIELDS] for r in rows(3))]
    path = _workbook(tmp_path / "legend.xlsx", {"Legend": legend, "Events": table})
    with pytest.raises(IncidentError, match=r"sheet 'Legend'.*other sheets.*'Events'"):
        quiet_read(path)


def _points(n: int, prefix: str) -> gpd.GeoDataFrame:
    records = rows(n)
    return gpd.GeoDataFrame(
        {"id": [f"{prefix}{i}" for i in range(n)], "date": [r["date"] for r in records]},
        geometry=[shapely.Point(float(r["longitude"]), float(r["latitude"])) for r in records],
        crs=4326,
    )


def test_geopackage_prefers_the_incidents_layer_and_says_so(tmp_path):
    """gpkg-two-layers: a draft layer first, the incidents in a layer named 'incidents'."""
    path = tmp_path / "two.gpkg"
    _points(5, "OLD").to_file(path, layer="old_draft")
    _points(30, "E").to_file(path, layer="incidents")
    frame, messages = quiet_read(path)
    assert len(frame) == 30 and frame["id"].iat[0] == "E0"
    said = [m for m in messages if "layer" in m]
    assert len(said) == 1 and "'incidents'" in said[0] and "'old_draft'" in said[0]
    counted = frame.attrs["hotspot_report"]["input"]
    assert counted["layer"] == "incidents" and counted["layers_not_read"] == ["old_draft"]
    chosen, _ = quiet_read(path, layer="old_draft")
    assert len(chosen) == 5
    with pytest.raises(IncidentError, match=r"no layer 'nope'.*'old_draft', 'incidents'"):
        read_incidents(path, layer="nope")


def test_geopackage_without_a_telling_name_reads_the_first_and_says_which(tmp_path):
    path = tmp_path / "two.gpkg"
    _points(4, "A").to_file(path, layer="alpha")
    _points(6, "B").to_file(path, layer="beta")
    frame, messages = quiet_read(path)
    assert len(frame) == 4
    said = [m for m in messages if "layer" in m]
    assert len(said) == 1 and "read layer 'alpha'" in said[0] and "'beta'" in said[0]


def test_nan_coordinate_in_geojson_is_named_as_nan(tmp_path):
    """geojson-nan-literal: the message says the coordinate is NaN, not 'a Point, not a Point'."""
    features = [
        {
            "type": "Feature",
            "properties": {"id": f"E{i}", "date": "2023-01-05"},
            "geometry": {"type": "Point", "coordinates": [44.3 + i / 100, 35.1]},
        }
        for i in range(4)
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features})
    text = text.replace("35.1]}}, {", "NaN]}}, {", 1)
    path = tmp_path / "nan.geojson"
    path.write_text(text)
    frame, _ = quiet_read(path)
    issue = frame["issues"].iat[0]
    assert "NaN" in issue and "not a Point" not in issue
    assert frame.geometry.iat[0].is_empty and not frame.geometry.iat[1].is_empty


# --------------------------------------------------------------------------- outputs


def test_atomic_file_refuses_to_replace_a_fifo(tmp_path):
    """out-special-file: a FIFO at the target is refused, not replaced by a regular file."""
    import stat

    from hotspot._io import atomic_file, write_text
    from hotspot.errors import OutputError

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match=r"pipe.*FIFO.*not a regular file"):
        write_text(fifo, "x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    with pytest.raises(OutputError, match="FIFO"), atomic_file(fifo) as tmp:
        tmp.write_text("never used")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary left


def test_atomic_file_refuses_to_replace_a_socket(tmp_path):
    import socket
    import stat

    from hotspot._io import write_text
    from hotspot.errors import OutputError

    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(OutputError, match="socket"):
            write_text(path, "x")
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_atomic_file_refuses_to_replace_a_device(tmp_path):
    """The device node stays (as root, --out /dev/null would have replaced the system's)."""
    import stat

    from hotspot._io import write_text
    from hotspot.errors import OutputError

    device = tmp_path / "full"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    with pytest.raises(OutputError, match=r"full.*character device"):
        write_text(device, "x")
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_fetch_geonames_into_a_fifo_is_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from hotspot.cli import main

    dump = tmp_path / "IQ.txt"
    fields = ["99999001", "Tall Audit", "Tall Audit", "", "35.2", "44.1", "P", "PPL", "IQ"]
    fields += ["", "10", "", "", "", "0", "", "300", "Asia/Baghdad", "2024-01-01"]
    dump.write_text("\t".join(fields) + "\n", encoding="utf-8")
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    result = CliRunner().invoke(
        main, ["fetch", "geonames", "--from", str(dump), "--out", str(fifo)]
    )
    assert result.exit_code == 1
    assert "out.csv" in result.output and "FIFO" in result.output
    assert "Traceback" not in result.output


def _raise(error_number: int):
    def write(*args, **kwargs):
        raise OSError(error_number, os.strerror(error_number))

    return write


@pytest.mark.parametrize(
    ("error_number", "cause"),
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EDQUOT, "disk quota"),
        (errno.EFBIG, "file size limit"),
        (errno.EROFS, "read-only file system"),
    ],
)
def test_write_faults_are_output_errors_naming_the_file_and_cause(tmp_path, error_number, cause):
    """file-size-limit: a full disk or a size limit is an OutputError, the old file kept."""
    from hotspot._io import atomic_file
    from hotspot.errors import OutputError

    target = tmp_path / "summary.txt"
    target.write_text("old")
    with pytest.raises(OutputError, match=rf"summary\.txt.*{cause}"), atomic_file(target) as tmp:
        _raise(error_number)(tmp)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.txt"]


def test_a_run_over_the_file_size_limit_is_a_clear_error_and_changes_nothing(tmp_path):
    """file-size-limit: RLIMIT_FSIZE hit in a real run (a subprocess): exit 1, folder kept."""
    import subprocess
    import sys

    resource = pytest.importorskip("resource")
    out = tmp_path / "out"
    code = (
        "import resource, sys\n"
        "from hotspot.analyze import analyze\n"
        "result = analyze()\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))\n"
        "from hotspot.errors import OutputError\n"
        "try:\n"
        f"    result.write({str(out)!r}, png=False)\n"
        "except OutputError as exc:\n"
        "    print(exc)\n"
        "    sys.exit(7)\n"
    )
    assert resource.RLIM_INFINITY is not None
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 7, done.stderr[-2000:]
    assert "file size limit" in done.stdout and str(out) in done.stdout
    assert [p.name for p in out.iterdir()] == []  # nothing moved in, nothing left


def _crash_after(monkeypatch, folder: Path, moves: int):
    """Make os.replace into ``folder`` stop the process (as SIGKILL would) after ``moves`` calls.

    Only replaces whose target is in the output folder itself count: the manifest
    (the commit journal first) and the files moved out of staging.
    """
    import hotspot._io as io_module

    real = os.replace
    calls = {"n": 0}

    def replace(src, dst, *args, **kwargs):
        if Path(dst).parent == folder:
            if calls["n"] >= moves:
                raise KeyboardInterrupt("killed")  # not an Exception: nothing cleans up
            calls["n"] += 1
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(io_module.os, "replace", replace)
    return lambda: monkeypatch.setattr(io_module.os, "replace", real)


def _write_set(folder: Path, version: str) -> None:
    from hotspot._io import output_run, write_text

    with output_run(folder, known=["a.txt", "b.txt", "c.txt"]) as run:
        for name in ("a.txt", "b.txt", "c.txt"):
            write_text(run.path / name, f"{name} {version}")


def _consistent(folder: Path) -> dict:
    import hashlib

    manifest = json.loads((folder / "hotspot_manifest.json").read_text(encoding="utf-8"))
    for name, entry in manifest["files"].items():
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert digest == entry["sha256"], name
    return manifest


def test_a_crash_during_the_commit_never_leaves_a_manifest_that_lies(tmp_path, monkeypatch):
    """sigkill-during-commit: killed between two moves, the folder is not 'old run' any more."""
    folder = tmp_path / "out"
    _write_set(folder, "old")
    restore = _crash_after(monkeypatch, folder, moves=2)  # the journal and one file moved
    with pytest.raises(KeyboardInterrupt):
        _write_set(folder, "new")
    restore()
    # a mixed set: the manifest must not vouch for it
    contents = {p.name: p.read_text() for p in folder.glob("*.txt")}
    assert sorted(contents.values()) == ["a.txt new", "b.txt old", "c.txt old"]
    manifest = _consistent(folder)
    assert manifest["state"] == "committing" and manifest["files"] == {}
    assert set(manifest["commit"]["files"]) == {"a.txt", "b.txt", "c.txt"}


def test_the_next_run_completes_an_interrupted_commit(tmp_path, monkeypatch):
    from hotspot._io import output_run

    folder = tmp_path / "out"
    _write_set(folder, "old")
    restore = _crash_after(monkeypatch, folder, moves=2)
    with pytest.raises(KeyboardInterrupt):
        _write_set(folder, "new")
    restore()
    with pytest.warns(UserWarning, match=r"interrupted.*completed from"), output_run(folder) as run:
        # recovered before this run starts: the interrupted run's set, whole and vouched for
        assert {p.name: p.read_text() for p in folder.glob("*.txt")} == {
            "a.txt": "a.txt new",
            "b.txt": "b.txt new",
            "c.txt": "c.txt new",
        }
        manifest = _consistent(folder)
        assert manifest["state"] == "complete" and len(manifest["files"]) == 3
        assert "completed" in manifest["recovered"] and "completed" in run.recovered
        assert [p.name for p in folder.glob(".hotspot-staging-*")] == [run.path.name]
    # this run wrote nothing: the earlier run's files go, as after any run
    assert sorted(p.name for p in folder.iterdir()) == ["hotspot_manifest.json"]


def test_an_interrupted_commit_without_its_staging_is_reported(tmp_path, monkeypatch):
    import shutil

    from hotspot._io import output_run, write_text

    folder = tmp_path / "out"
    _write_set(folder, "old")
    restore = _crash_after(monkeypatch, folder, moves=2)
    with pytest.raises(KeyboardInterrupt):
        _write_set(folder, "new")
    restore()
    for staging in folder.glob(".hotspot-staging-*"):
        shutil.rmtree(staging)
    with (
        pytest.warns(UserWarning, match=r"interrupted.*could not be completed"),
        output_run(folder, known=["a.txt", "b.txt", "c.txt"]) as run,
    ):
        write_text(run.path / "a.txt", "third")
    assert "could not be completed" in run.recovered
    # the unfinished run's files are not left posing as this run's
    assert sorted(p.name for p in folder.glob("*.txt")) == ["a.txt"]
    assert set(_consistent(folder)["files"]) == {"a.txt"}


# --------------------------------------------------------------------------- display spoofing

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLE = "\u200b\u2060\ufeff\u180e\u00ad"


@pytest.mark.parametrize("control", list(BIDI + INVISIBLE))
def test_terminal_text_removes_bidi_and_invisible_format_characters(control):
    """geocode-bidi-override: U+202E printed raw made 'Kirkuk' display reversed."""
    from hotspot._sanitize import terminal_text

    assert terminal_text(f"Kirk{control}uk") == "Kirkuk"


def test_terminal_text_keeps_arabic_and_kurdish_and_their_joiners():
    from hotspot._sanitize import terminal_text

    for text in ("كركوك", "کەرکووک", "Kerkûk / کەرکووک", "ناحیە\u200cی", "می\u200cخواهم"):
        assert terminal_text(text) == text
    assert terminal_text("ل\u200dا") == "ل\u200dا"  # a joiner between Arabic letters stays
    # between Latin letters a joiner only makes two names that look alike differ
    assert terminal_text("Kirk\u200cuk") == "Kirkuk"
    assert terminal_text("Kirk\u200duk") == "Kirkuk"
    assert terminal_text("a\u2028b\u2029c") == "a\nb\nc"


def test_terminal_json_escapes_bidi_controls_and_keeps_them():
    from hotspot._sanitize import terminal_json

    text = terminal_json({"name": "Kirk\u202euk"})
    assert "\u202e" not in text and "\\u202e" in text
    assert json.loads(text) == {"name": "Kirk\u202euk"}


def test_html_text_removes_bidi_overrides():
    from hotspot._sanitize import html_text

    assert html_text("Kirk\u202euk <b>") == "Kirkuk &lt;b&gt;"
    assert html_text("کەرکووک") == "کەرکووک"


def test_geocode_table_and_csv_print_no_bidi_control():
    from click.testing import CliRunner

    from hotspot.cli import main

    for fmt in ("table", "csv", "geojson"):
        result = CliRunner().invoke(
            main, ["geocode", "--format", fmt, "--", "Kirk\u202euk", "\u2067Mosul\u2069"]
        )
        assert result.exit_code == 0, result.output
        assert not set(BIDI) & set(result.output), fmt


# --------------------------------------------------------------------------- the front


def _bundled(side: str) -> shapely.LineString:
    from hotspot.boundaries import load_control_lines

    lines = load_control_lines()
    return lines.loc[lines["side"] == side].geometry.iloc[0]


def test_a_stub_federal_line_faces_no_180_km_of_the_krg_line():
    """control-line-stub: 1.4 km of federal line gave 2 zones, 12,274 km² (one 180 km long)."""
    from hotspot.errors import BoundaryError
    from hotspot.gaps import find_gaps

    stub = gpd.GeoSeries([shapely.LineString([(44.0, 35.0), (44.01, 35.01)])], crs=4326)
    try:
        result = find_gaps(stub, gazetteer=False)
    except BoundaryError as exc:
        assert "never face each other" in str(exc) and "points at the other" in str(exc)
        return
    # at most 1.4 km of front times the ~78 km between the lines, twice over
    assert result.zones["area_km2"].sum() <= 1.4 * 78 * 2


@pytest.fixture(scope="module")
def bundled_gaps():
    from hotspot.gaps import find_gaps

    return find_gaps(gazetteer=False)


def _areas_case(kind: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The audit's control areas: each bundled line closed away from the other, or buffered."""
    fed, krg = _bundled("federal"), _bundled("krg")
    if kind == "closed":
        fed_area = shapely.Polygon([*fed.coords, (44.5, 32.0), (41.0, 34.5)])
        krg_area = shapely.Polygon([*krg.coords, (47.5, 35.5), (44.0, 38.5)])
        return (
            gpd.GeoDataFrame(geometry=[fed_area], crs=4326),
            gpd.GeoDataFrame(geometry=[krg_area], crs=4326),
        )
    metric = gpd.GeoSeries([fed, krg], crs=4326).to_crs(32638)
    fed_area = shapely.buffer(metric.iloc[0], -20_000, single_sided=True)
    krg_area = shapely.buffer(metric.iloc[1], 20_000, single_sided=True)
    return (
        gpd.GeoDataFrame(geometry=[fed_area], crs=32638),
        gpd.GeoDataFrame(geometry=[krg_area], crs=32638),
    )


@pytest.mark.parametrize("kind", ["closed", "buffers"])
def test_control_areas_give_their_facing_lines_zones(kind, bundled_gaps):
    """control-areas: areas closed away from the other side gave 4,723 km² for 3,847."""
    from hotspot.gaps import find_gaps

    fed_area, krg_area = _areas_case(kind)
    result = find_gaps(fed_area, krg_area, gazetteer=False)
    assert len(result.zones) == len(bundled_gaps.zones)
    assert result.zones["area_km2"].sum() == pytest.approx(
        bundled_gaps.zones["area_km2"].sum(), rel=0.01
    )
    assert result.params["front_km"] == pytest.approx(bundled_gaps.params["front_km"], rel=0.01)
    assert result.params["line_ends"] == bundled_gaps.params["line_ends"]


def test_a_planted_journal_never_moves_files_from_outside(tmp_path):
    """A journal naming a staging 'folder' that is a link outside, or paths outside: ignored."""
    import hashlib

    from hotspot._io import output_run

    folder, outside = tmp_path / "out", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    victim = outside / "a.txt"
    victim.write_text("precious")
    digest = hashlib.sha256(b"precious").hexdigest()
    (folder / ".hotspot-staging-evil").symlink_to(outside)
    journal = {
        "state": "committing",
        "files": {},
        "commit": {
            "staging": ".hotspot-staging-evil",
            "files": {"a.txt": {"sha256": digest}, "../b.txt": {"sha256": digest}},
        },
    }
    (folder / "hotspot_manifest.json").write_text(json.dumps(journal))
    with pytest.warns(UserWarning, match="could not be completed"), output_run(folder):
        pass
    assert victim.read_text() == "precious"
    assert not (folder / "a.txt").exists()
