"""Bad incident files (#15 items 2, 3 and 5, reader side): every row accounted for,
flagged rows or clear errors instead of tracebacks, nothing silently wrong.

Each test builds its bad file in ``tmp_path`` from the bundled synthetic sample (real
ACLED layout, 31 columns) or from a few literal rows.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from hotspot.errors import IncidentError
from hotspot.hotspots import find_hotspots
from hotspot.incidents import ACLED_COLUMNS, read_acled, read_incidents, read_ucdp
from hotspot.sample import sample_path

NOTES = ACLED_COLUMNS.index("notes")
FATALITIES = ACLED_COLUMNS.index("fatalities")


def sample_rows(n: int) -> list[list[str]]:
    """The first n sample records, each with its own fatalities (100 + i) and notes."""
    with sample_path().open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        rows = [next(reader) for _ in range(n)]
    for i, row in enumerate(rows):
        row[FATALITIES] = str(100 + i)
        row[NOTES] = f"note {i}"
    return rows


def quoted(fields: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(fields)
    return buffer.getvalue()


def write_acled(
    path: Path,
    rows: list[list[str]],
    raw: dict[int, tuple[int, str]] | None = None,
    *,
    newline: str = "\n",
    final_newline: bool = True,
) -> Path:
    """Write rows as CSV; ``raw[i] = (column, text)`` writes that cell unescaped."""
    raw = raw or {}
    lines = [quoted(list(ACLED_COLUMNS))]
    for i, row in enumerate(rows):
        if i in raw:
            column, text = raw[i]
            cells = [text if k == column else quoted([v]) for k, v in enumerate(row)]
            lines.append(",".join(cells))
        else:
            lines.append(quoted(row))
    text = newline.join(lines) + (newline if final_newline else "")
    path.write_bytes(text.encode("utf-8"))
    return path


def read(path, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_incidents(path, **kwargs)
    return frame, [str(w.message) for w in caught]


def assert_every_row(frame, rows, *, exact: set[int] | None = None) -> None:
    """One output row per input row, in order, each with its own values."""
    assert frame["id"].tolist() == [r[0] for r in rows]
    for i, row in enumerate(rows):
        if exact is not None and i not in exact:
            continue
        assert frame["fatalities"].iat[i] == int(row[FATALITIES]), f"row {i} carries another's"
    assert frame.attrs["hotspot_report"]["input"]["accounted"] is True


# --------------------------------------------------------------------------- quotes


def test_two_unescaped_opening_quotes_keep_all_20_rows(tmp_path):
    """#15: 20 rows in, 15 out, no warning, E5 carried E10's fatalities."""
    rows = sample_rows(20)
    path = write_acled(
        tmp_path / "two.csv", rows, {4: (NOTES, '"Ambush near Hawija'), 9: (NOTES, '"IED')}
    )
    frame, said = read(path)
    assert len(frame) == 20
    assert_every_row(frame, rows)
    assert frame["notes"].iat[4] == '"Ambush near Hawija'
    assert "unbalanced quote in field 'notes'" in frame["issues"].iat[4]
    assert frame.attrs["hotspot_report"]["problems"]["quote"] == ["line 6", "line 11"]
    assert any("2 line(s) hold an unbalanced quote (line 6, line 11)" in m for m in said)
    assert not frame.geometry.is_empty.any()


def test_one_stray_quote_keeps_all_120_rows(tmp_path):
    """#15: 120 rows in, 10 read, and the warning spoke of '1 of 10 rows'."""
    rows = sample_rows(120)
    path = write_acled(tmp_path / "one.csv", rows, {9: (NOTES, '"stray quote')})
    frame, said = read(path)
    assert len(frame) == 120
    assert_every_row(frame, rows)
    counted = frame.attrs["hotspot_report"]["input"]
    assert (counted["physical"], counted["header"], counted["records"]) == (121, 1, 120)
    assert any("line 11" in m for m in said)
    assert not any("of 10" in m for m in said)


QUOTE_LAYOUTS = {
    # name: (rows, {row: (column, unescaped text)}, multiline rows, options)
    "first data row": (8, {0: (NOTES, '"first')}, set(), {}),
    "last row, final newline": (8, {7: (NOTES, '"last')}, set(), {}),
    "last row, no final newline": (8, {7: (NOTES, '"last')}, set(), {"final_newline": False}),
    "adjacent rows": (8, {3: (NOTES, '"a'), 4: (NOTES, '"b')}, set(), {}),
    "three spread": (30, {2: (NOTES, '"a'), 13: (NOTES, '"b'), 27: (NOTES, '"c')}, set(), {}),
    "id field": (8, {3: (0, '"IRQSYN00004')}, set(), {}),
    "CRLF": (8, {2: (NOTES, '"crlf')}, set(), {"newline": "\r\n"}),
    "before a legit multi-line note": (8, {2: (NOTES, '"stray')}, {3}, {}),
    "after a legit multi-line note": (8, {4: (NOTES, '"stray')}, {3}, {}),
    "right before a legit multi-line note": (8, {2: (NOTES, '"stray')}, {3, 5}, {}),
    "every other row": (10, {i: (NOTES, f'"n{i}') for i in range(0, 10, 2)}, set(), {}),
}


@pytest.mark.parametrize("name", QUOTE_LAYOUTS)
def test_stray_quote_layouts(tmp_path, name):
    n, raw, multiline, options = QUOTE_LAYOUTS[name]
    rows = sample_rows(n)
    for i in multiline:
        rows[i][NOTES] = f'first line {i}, with a comma\nsecond line, "quoted" word'
    path = write_acled(tmp_path / "q.csv", rows, raw, **options)
    frame, _ = read(path)
    assert len(frame) == n
    for i, (column, text) in raw.items():
        if column == 0:
            rows[i][0] = text  # the id itself holds the stray quote
    assert_every_row(frame, rows)
    for i, (column, text) in raw.items():
        value = frame["id"].iat[i] if column == 0 else frame["notes"].iat[i]
        assert value == text, (i, value)
        assert "quote:" in frame["issues"].iat[i]
    for i in multiline:
        assert frame["notes"].iat[i] == rows[i][NOTES]
        assert frame["issues"].iat[i] == ""
    counted = frame.attrs["hotspot_report"]["input"]
    assert counted["in_records"] == n + len(multiline)
    assert len(counted["multiline"]) == len(multiline)


def test_stray_quote_beside_a_legit_quoted_comma(tmp_path):
    rows = sample_rows(6)
    location = ACLED_COLUMNS.index("location")
    rows[2][location] = "Kirkuk, centre"
    path = write_acled(tmp_path / "mixed.csv", rows, {2: (NOTES, '"stray')})
    frame, _ = read(path)
    assert_every_row(frame, rows)
    assert frame["place"].iat[2] == "Kirkuk, centre"
    assert frame["notes"].iat[2] == '"stray'


def test_unreadable_quoted_line_is_kept_bad_and_others_untouched(tmp_path):
    """A stray quote in a field holding a comma has no single reading: flagged, kept."""
    rows = sample_rows(12)
    path = write_acled(tmp_path / "amb.csv", rows, {5: (NOTES, '"attack, two killed')})
    frame, said = read(path)
    assert any("1 of 12 row(s) have problems (13 lines: 1 header, 12 records" in m for m in said)
    assert_every_row(frame, rows, exact=set(range(12)) - {5})
    assert frame.geometry.is_empty.tolist() == [i == 5 for i in range(12)]
    assert "32 fields, header has 31" in frame["issues"].iat[5]
    assert "would swallow lines 8-13" in frame["issues"].iat[5]


def test_fuzzed_quote_layouts_lose_and_shift_nothing(tmp_path):
    """Random tables: legit multi-line, comma and quote notes plus stray opening quotes."""
    rng = np.random.default_rng(20240101)
    words = ["IED", "near", "Hawija", "patrol", "ambush", "Daquq", "clash", "checkpoint"]
    for trial in range(30):
        n = 25
        rows = sample_rows(n)
        raw = {}
        multiline = set()
        for i in range(n):
            text = " ".join(rng.choice(words, size=int(rng.integers(1, 5))))
            kind = rng.random()
            if kind < 0.2:
                raw[i] = (NOTES, '"' + text)  # an unbalanced opening quote
            elif kind < 0.35:
                rows[i][NOTES] = text + ",\n" + text  # a legit multi-line note
                multiline.add(i)
            elif kind < 0.5:
                rows[i][NOTES] = f'{text}, "{text}"'  # legit: quoted, doubled quotes
            else:
                rows[i][NOTES] = text
        path = write_acled(tmp_path / f"fuzz{trial}.csv", rows, raw)
        frame, _ = read(path)
        assert_every_row(frame, rows)
        for i in range(n):
            expected = raw[i][1] if i in raw else rows[i][NOTES]
            assert frame["notes"].iat[i] == expected, (trial, i)
        counted = frame.attrs["hotspot_report"]["input"]
        assert counted["physical"] == 1 + n + len(multiline)


def test_unbalanced_quote_in_the_header_is_a_clear_error(tmp_path):
    path = tmp_path / "head.csv"
    path.write_text('id,"date,lat,lon\na,2023-01-01,35.4,44.4\n', encoding="utf-8")
    with pytest.raises(IncidentError, match=r"head\.csv: the header \(lines 1-2\)"):
        read_incidents(path)


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"date,lat,lon,place\n2023-01-01,35.4,44.4,ok\n2023-01-02,35.4,44.4,Caf\xe9\n")
    with pytest.raises(IncidentError, match=r"latin\.csv: line 3 is not UTF-8"):
        read_incidents(path)


# --------------------------------------------------------------------------- tracebacks


@pytest.mark.parametrize("value", ["1e20", "9223372036854775808", "inf", "-inf"])
def test_huge_fatalities_flag_the_row(tmp_path, value):
    rows = sample_rows(4)
    rows[1][FATALITIES] = value
    with pytest.warns(UserWarning, match="line 3: fatalities"):
        frame = read_incidents(write_acled(tmp_path / "big.csv", rows))
    assert pd.isna(frame["fatalities"].iat[1])
    assert frame["fatalities"].tolist()[2:] == [102, 103]
    assert not frame.geometry.is_empty.any()


def test_duplicated_column_name_is_a_clear_error(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("date,lat,lon,LAT\n2023-01-01,35.4,44.4,35.5\n", encoding="utf-8")
    with pytest.raises(IncidentError, match=r"dup\.csv: .*'lat' is column 2, 4"):
        read_incidents(path)
    table = pd.DataFrame([["2023-01-01", 35.4, 44.4, 35.5]], columns=["date", "lat", "lon", "lat"])
    with pytest.raises(IncidentError, match=r"DataFrame: .*'lat' is column 2, 4"):
        read_incidents(table)


def points_file(path: Path, n: int = 20) -> Path:
    frame = gpd.GeoDataFrame(
        {"id": [f"p{i}" for i in range(n)], "date": ["2023-01-01"] * n},
        geometry=gpd.points_from_xy(np.linspace(43.5, 44.5, n), np.full(n, 35.2)),
        crs="EPSG:4326",
    )
    frame.to_file(path)
    return path


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_truncated_vector_file_is_a_clear_error(tmp_path, suffix):
    full = points_file(tmp_path / f"full{suffix}")
    cut = tmp_path / f"cut{suffix}"
    data = full.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(IncidentError, match=rf"cut\{suffix}: not a readable vector file"):
        read_incidents(cut)


def test_date_beyond_2262_flags_the_row_and_keeps_the_file(tmp_path):
    rows = sample_rows(5)
    rows[1][ACLED_COLUMNS.index("event_date")] = "3024-05-05"
    rows[2][ACLED_COLUMNS.index("event_date")] = "1024-05-05"
    with pytest.warns(UserWarning, match="2 of 5"):
        frame = read_incidents(write_acled(tmp_path / "far.csv", rows))
    assert len(frame) == 5
    assert frame["date"].isna().tolist() == [False, True, True, False, False]
    assert "'3024-05-05' lies outside the days a date column can hold" in frame["issues"].iat[1]
    typed = pd.DataFrame(
        {"date": [np.datetime64("3024-05-05"), np.datetime64("2023-01-01")], "lat": 35.4,
         "lon": 44.4}
    )  # fmt: skip
    with pytest.warns(UserWarning, match="row 0: date"):
        frame = read_incidents(typed)
    assert frame["date"].isna().tolist() == [True, False]


def test_future_date_is_flagged(tmp_path):
    rows = sample_rows(4)
    rows[3][ACLED_COLUMNS.index("event_date")] = "2099-05-05"
    with pytest.warns(UserWarning, match=r"line 5: date: 2099-05-05 is in the future"):
        frame = read_incidents(write_acled(tmp_path / "future.csv", rows))
    assert frame["date"].iat[3] == pd.Timestamp("2099-05-05")  # kept, flagged
    assert frame.attrs["hotspot_report"]["problems"]["date"] == ["line 5"]


# --------------------------------------------------------------------------- silent wrong


@pytest.mark.parametrize(
    ("lat", "lon"), [("0", "0"), ("0.0", "44.4"), ("35.4", "0"), ("99", "99"), ("-999", "-999")]
)
def test_placeholder_coordinates_are_kept_out_of_clustering_and_extents(tmp_path, lat, lon):
    rows = sample_rows(30)
    rows[0][ACLED_COLUMNS.index("latitude")] = lat
    rows[0][ACLED_COLUMNS.index("longitude")] = lon
    with pytest.warns(UserWarning, match="line 2: placeholder"):
        frame = read_incidents(write_acled(tmp_path / "zero.csv", rows))
    assert frame.geometry.iat[0].is_empty
    assert frame.attrs["hotspot_report"]["placeholder_rows"] == 1
    west, south, _, _ = frame.total_bounds  # what map extents are built from
    assert west > 38 and south > 29
    result = find_hotspots(frame, eps_m=5000, min_samples=3)
    status = result.incidents["cluster_status"].iat[0]
    assert status.startswith("excluded")


def test_swapped_far_outside_the_region_is_caught():
    """A border point's swap lies outside Iraq but near it: still a swap, not a place."""
    table = pd.DataFrame({"date": ["2023-01-01"] * 2, "lat": [42.5, 37.6], "lon": [37.6, 42.5]})
    with pytest.warns(UserWarning, match="row 0: swapped"):
        frame = read_incidents(table)
    assert frame.geometry.iat[0].is_empty
    assert not frame.geometry.iat[1].is_empty  # the real border point (Turkey) is kept
    assert frame["issues"].iat[1].startswith("outside_iraq")


def test_country_point_is_coarse_and_not_clustered():
    table = pd.DataFrame(
        {"date": pd.date_range("2023-01-01", periods=12), "lat": 33.0, "lon": 44.0, "precision": 1}
    )
    frame = read_incidents(table)  # flags only, no warning
    assert (frame["precision"] == 3).all()
    assert frame["issues"].str.startswith("country_point").all()
    result = find_hotspots(frame, eps_m=5000, min_samples=3)
    assert (result.incidents["cluster_status"] == "excluded: coarse location").all()


def test_exact_duplicates_are_reported_and_dedupe_drops_them(tmp_path):
    rows = sample_rows(50)
    path = write_acled(tmp_path / "dups.csv", rows + rows[:30])
    with pytest.warns(UserWarning, match=r"30 row\(s\) repeat an earlier row exactly"):
        frame = read_incidents(path)
    report = frame.attrs["hotspot_report"]
    assert len(frame) == 80 and report["duplicate_rows"] == 30
    assert report["input"]["duplicates"]["line 52"] == "exact copy of line 2"
    assert frame["id"].is_unique
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        deduped = read_incidents(path, dedupe=True)
    assert deduped["id"].tolist() == [r[0] for r in rows]
    counted = deduped.attrs["hotspot_report"]["input"]
    assert len(counted["dropped_duplicates"]) == 30 and counted["accounted"] is True
    assert deduped.attrs["hotspot_report"]["duplicate_rows"] == 30


def test_renamed_ids_never_collide():
    table = pd.DataFrame(
        {"id": ["A", "A", "A#2", "A"], "date": pd.date_range("2023-01-01", periods=4)}
    ).assign(lat=35.4, lon=44.4)
    frame = read_incidents(table)
    assert frame["id"].tolist() == ["A", "A#3", "A#2", "A#4"]
    assert frame["id"].is_unique


def test_acled_export_without_event_date_is_not_read_as_generic(tmp_path):
    rows = sample_rows(10)
    keep = [k for k, c in enumerate(ACLED_COLUMNS) if c != "event_date"]
    path = tmp_path / "nodate.csv"
    path.write_text(
        "\n".join(quoted([r[k] for k in keep]) for r in [list(ACLED_COLUMNS), *rows]) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(
        IncidentError, match=r"looks like an ACLED table .*but is missing column\(s\) event_date "
    ):
        read_incidents(path)
    # asked for explicitly, the generic layout keeps the coarse-location rule
    with pytest.warns(UserWarning, match="date: missing"):
        frame = read_incidents(path, layout="generic")
    expected = [int(r[ACLED_COLUMNS.index("geo_precision")]) for r in rows]
    assert frame["precision"].tolist() == expected
    assert frame.attrs["hotspot_report"]["layout_reason"] == "layout='generic' given"


def test_layout_reason_is_stated(tmp_path):
    frame = read_incidents(write_acled(tmp_path / "a.csv", sample_rows(3)))
    assert frame.attrs["hotspot_report"]["layout_reason"] == (
        "ACLED: column(s) event_id_cnty, geo_precision found"
    )
    generic = read_incidents(pd.DataFrame({"date": ["2023-01-01"], "lat": [35.4], "lon": [44.4]}))
    assert re.match(r"generic: none of the ACLED columns", generic.attrs["hotspot_report"][
        "layout_reason"])  # fmt: skip


def test_ucdp_hxl_row_is_accounted_for(tmp_path):
    path = tmp_path / "ged191.csv"
    path.write_text(
        "id,date_start,latitude,longitude,type_of_violence,where_prec,best\n"
        "#id,#date+start,#geo+lat,#geo+lon,,,#affected+killed\n"
        "1,2014-06-10,36.34,43.13,1,1,3\n",
        encoding="utf-8",
    )
    frame = read_ucdp(path)
    counted = frame.attrs["hotspot_report"]["input"]
    assert counted["skipped"] == {"line 2": "HXL hashtag row"}
    assert counted["accounted"] is True and len(frame) == 1
    assert frame.attrs["dataset"]["name"] == "UCDP GED"
    assert frame.attrs["dataset"]["version"] == "19.1"


# --------------------------------------------------------------------------- Excel


def acled_workbook(path: Path, rows: list[list[str]], *, blank_row: bool = True) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Export"
    sheet.append(list(ACLED_COLUMNS))
    for i, row in enumerate(rows):
        values: list = list(row)
        values[ACLED_COLUMNS.index("latitude")] = float(row[ACLED_COLUMNS.index("latitude")])
        values[ACLED_COLUMNS.index("longitude")] = float(row[ACLED_COLUMNS.index("longitude")])
        values[FATALITIES] = int(row[FATALITIES])
        values[ACLED_COLUMNS.index("event_date")] = pd.Timestamp(
            row[ACLED_COLUMNS.index("event_date")]
        ).to_pydatetime()
        sheet.append(values)
        if blank_row and i == 2:
            sheet.append([])
    book.save(path)
    return path


def test_xlsx_acled_export_every_row_accounted(tmp_path):
    rows = sample_rows(6)
    rows[4][NOTES] = 'a "quoted" note,\nover two lines'
    path = acled_workbook(tmp_path / "acled.xlsx", rows)
    frame = read_incidents(path)
    assert_every_row(frame, rows)
    assert frame["notes"].iat[4] == rows[4][NOTES]
    expected_dates = [pd.Timestamp(r[ACLED_COLUMNS.index("event_date")]) for r in rows]
    assert frame["date"].tolist() == expected_dates
    report = frame.attrs["hotspot_report"]
    assert report["layout"] == "acled" and report["bad_rows"] == 0
    counted = report["input"]
    assert (counted["unit"], counted["physical"], counted["blank"]) == ("sheet row", 8, 1)
    assert frame["id"].tolist() == [r[0] for r in rows]
    assert frame.attrs["dataset"]["name"] == "ACLED"
    assert read_acled(path)["fatalities"].tolist() == frame["fatalities"].tolist()


def test_xlsx_bad_rows_name_the_sheet_row(tmp_path):
    rows = sample_rows(4)
    rows[1][ACLED_COLUMNS.index("latitude")] = "0"
    rows[1][ACLED_COLUMNS.index("longitude")] = "0"
    path = acled_workbook(tmp_path / "bad.xlsx", rows, blank_row=False)
    with pytest.warns(UserWarning, match="row 3: placeholder"):
        frame = read_incidents(path)
    assert frame.geometry.iat[1].is_empty


def test_xls_acled_export(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    rows = sample_rows(5)
    book = xlwt.Workbook()
    sheet = book.add_sheet("Export")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, name in enumerate(ACLED_COLUMNS):
        sheet.write(0, c, name)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            name = ACLED_COLUMNS[c]
            if name == "event_date":
                sheet.write(r, c, pd.Timestamp(value).to_pydatetime(), dates)
            elif name in ("latitude", "longitude", "fatalities", "geo_precision"):
                sheet.write(r, c, float(value))
            else:
                sheet.write(r, c, value)
    path = tmp_path / "acled.xls"
    book.save(str(path))
    frame = read_incidents(path)
    assert_every_row(frame, rows)
    assert frame["date"].iat[0] == pd.Timestamp(rows[0][ACLED_COLUMNS.index("event_date")])
    assert frame["precision"].tolist() == [
        int(r[ACLED_COLUMNS.index("geo_precision")]) for r in rows
    ]


def test_excel_without_the_extra_says_what_to_install(tmp_path, monkeypatch):
    import builtins

    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK")
    real = builtins.__import__

    def no_openpyxl(name, *args, **kwargs):
        if name == "openpyxl":
            raise ImportError("No module named 'openpyxl'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    with pytest.raises(ImportError, match=r"pip install 'hotspot\[excel\]'"):
        read_incidents(path)


def test_broken_workbook_is_a_clear_error(tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(IncidentError, match=r"broken\.xlsx: not a readable \.xlsx workbook"):
        read_incidents(path)


def test_workbook_with_more_sheets_says_which_was_read(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = acled_workbook(tmp_path / "two.xlsx", sample_rows(3), blank_row=False)
    book = openpyxl.load_workbook(path)
    book.create_sheet("Notes").append(["something else"])
    book.save(path)
    with pytest.warns(UserWarning, match=r"read sheet 'Export' only; .*'Notes'"):
        frame = read_incidents(path)
    assert frame.attrs["hotspot_report"]["input"]["sheet"] == "Export"
    assert len(frame) == 3


def test_geometry_of_good_rows_is_unchanged_by_the_checks(tmp_path):
    rows = sample_rows(10)
    frame = read_incidents(write_acled(tmp_path / "ok.csv", rows))
    lat = [float(r[ACLED_COLUMNS.index("latitude")]) for r in rows]
    lon = [float(r[ACLED_COLUMNS.index("longitude")]) for r in rows]
    assert frame.geometry.tolist() == [shapely.Point(x, y) for x, y in zip(lon, lat, strict=True)]


# --------------------------------------------------------------------------- command line


def test_cli_prints_duplicates_and_dedupe_drops_them(tmp_path):
    from click.testing import CliRunner

    from hotspot.cli import main

    rows = sample_rows(60)
    path = write_acled(tmp_path / "dups.csv", rows + rows[:30])
    args = ["analyze", str(path), "--no-png", "--min-samples", "3", "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(main, args)  # the CLI prints warnings as "warning:" lines
    assert result.exit_code == 0, result.output
    assert re.search(r"warning: .*30 row\(s\) repeat an earlier row", result.output)
    assert "30 input row(s) repeat an earlier row exactly: counted twice" in result.output
    assert "incidents: 90 (" in result.output
    result = CliRunner().invoke(main, [*args, "--dedupe"])
    assert result.exit_code == 0, result.output
    assert "30 input row(s) repeat an earlier row exactly: dropped" in result.output
    assert "incidents: 60 (" in result.output
    gaps = ["gaps", "--incidents", str(path), "--out", str(tmp_path / "g")]
    result = CliRunner().invoke(main, gaps)
    assert result.exit_code == 0, result.output
    assert "30 input row(s) repeat an earlier row exactly" in result.stderr
