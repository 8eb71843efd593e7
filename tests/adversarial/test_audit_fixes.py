"""Defects the adversarial audit (``benchmarks/adversarial_audit.py``, #15) found after the
first round of fixes; each test reproduces one audit case (its id in the docstring).
"""

from __future__ import annotations

import csv
import io
import json
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
