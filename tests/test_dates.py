"""The one date rule (hotspot/_dates.py) and every place that reads dates (#12 "dates")."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import hotspot.incidents
from hotspot import _dates
from hotspot._dates import parse_day, parse_period, read_dates
from hotspot.analyze import _in_period
from hotspot.cli import main
from hotspot.emerging import _parse_dates as emerging_dates
from hotspot.errors import DateError
from hotspot.gaps import _incident_dates
from hotspot.incidents import read_acled, read_incidents, read_ucdp
from hotspot.reports.dates import publication_date, to_date

DAY = pd.Timestamp("2023-12-03")
#: Day-first (the default): every string means 3 December 2023.
DAYFIRST = [
    "2023-12-03",
    "03/12/2023",
    "3/12/2023",
    "03-12-2023",
    "03.12.2023",
    "3 Dec 2023",
    "3 Dec. 2023",
    "03 December 2023",
    "3-Dec-23",
    "December 3, 2023",
    "Dec 3 2023",
    "Sunday, 3 December 2023",
    "2023-12-03T10:00:00+03:00",
    "20231203",
]
#: Month-first (dayfirst=False, --monthfirst): every string means 3 December 2023;
#: ISO and month names do not change.
MONTHFIRST = ["12/03/2023", "12-03-2023", "12.03.2023", "2023-12-03", "3 Dec 2023"]


def days(values) -> list[pd.Timestamp]:
    return [pd.Timestamp(v).normalize() for v in values]


# --------------------------------------------------------------------------- the rule


def test_one_implementation_is_reexported():
    assert hotspot.incidents.parse_dates is _dates.parse_dates


@pytest.mark.parametrize("text", DAYFIRST)
def test_dayfirst_forms(text):
    assert days(read_dates([text]).start) == [DAY]


@pytest.mark.parametrize("text", MONTHFIRST)
def test_monthfirst_forms(text):
    assert days(read_dates([text], dayfirst=False).start) == [DAY]


def test_no_silent_fallback_and_a_hint():
    parsed = read_dates(["12/31/2023", "31/12/2023"])
    assert parsed.start.isna().tolist() == [True, False]
    assert "pass dayfirst=False (command line: --monthfirst)" in parsed.problems[0]
    parsed = read_dates(["31/12/2023", "12/31/2023"], dayfirst=False)
    assert parsed.start.isna().tolist() == [True, False]
    assert "pass dayfirst=True (command line: --dayfirst)" in parsed.problems[0]
    assert parsed.start[1] == pd.Timestamp("2023-12-31")


def test_spans_ranges_and_missing():
    parsed = read_dates(["2023", "2023-02", "3024-05-05", "1024-05-05", "", None, np.nan, "soon"])
    assert parsed.start[0] == pd.Timestamp("2023-01-01")
    assert parsed.end[0] == pd.Timestamp("2023-12-31")
    assert (parsed.start[1], parsed.end[1]) == (
        pd.Timestamp("2023-02-01"),
        pd.Timestamp("2023-02-28"),
    )
    assert parsed.start[2:].isna().all()
    assert "outside the days a date column can hold" in parsed.problems[2]
    assert "outside the days" in parsed.problems[3]
    assert parsed.problems[4:7].tolist() == ["", "", ""]
    assert "'soon' is not a date" in parsed.problems[7]


def test_typed_values_and_series_index_kept():
    values = pd.Series(
        [dt.date(2023, 12, 3), dt.datetime(2023, 12, 3, 23, 30), np.datetime64("2023-12-03")],
        index=["a", "b", "c"],
    )
    parsed = read_dates(values)
    assert list(parsed.start.index) == ["a", "b", "c"]
    assert days(parsed.start) == [DAY] * 3
    aware = pd.Series(pd.to_datetime(["2023-12-03 23:30"]).tz_localize("Asia/Baghdad"))
    assert read_dates(aware).start[0] == pd.Timestamp("2023-12-03 23:30")  # wall clock kept


def test_options_read_as_whole_days():
    assert parse_day("01-06-2014", name="since") == pd.Timestamp("2014-06-01")
    assert parse_day("01-06-2014", name="since", dayfirst=False) == pd.Timestamp("2014-01-06")
    assert parse_day(dt.date(2017, 10, 16)) == pd.Timestamp("2017-10-16")
    assert parse_period("2017", "2017") == (pd.Timestamp("2017-01-01"), pd.Timestamp("2018-01-01"))
    with pytest.raises(DateError, match=r"since='soon' is not a date"):
        parse_day("soon", name="since")
    with pytest.raises(DateError, match=r"until='12/31/2023' is not a day-first date"):
        parse_period(None, "12/31/2023")
    with pytest.raises(DateError, match="comes before since"):
        parse_period("2020-01-02", "2020-01-01")
    assert issubclass(DateError, ValueError)


# --------------------------------------------------------------------------- every entry point


def table(values) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame(
        {
            "id": [f"e{i}" for i in range(n)],
            "date": values,
            "lat": np.linspace(35.1, 35.4, n),
            "lon": np.linspace(44.1, 44.4, n),
        }
    )


@pytest.mark.parametrize(("values", "dayfirst"), [(DAYFIRST, True), (MONTHFIRST, False)])
def test_readers_agree(tmp_path, values, dayfirst):
    frame = read_incidents(table(values), dayfirst=dayfirst)
    assert days(frame["date"]) == [DAY] * len(values)
    path = tmp_path / "generic.csv"
    table(values).to_csv(path, index=False)
    assert days(read_incidents(path, dayfirst=dayfirst)["date"]) == [DAY] * len(values)
    n = len(values)
    acled = pd.DataFrame(
        {
            "event_id_cnty": [f"IRQ{i}" for i in range(n)],
            "event_date": values,
            "event_type": "Battles",
            "latitude": 35.2 + np.arange(n) / 100,
            "longitude": 44.2,
            "geo_precision": 1,
        }
    )
    assert days(read_acled(acled, dayfirst=dayfirst)["date"]) == [DAY] * n
    ucdp = pd.DataFrame(
        {
            "id": range(n),
            "date_start": values,
            "date_end": values,
            "latitude": 35.2 + np.arange(n) / 100,
            "longitude": 44.2,
            "type_of_violence": 1,
            "where_prec": 1,
        }
    )
    frame = read_ucdp(ucdp, dayfirst=dayfirst)
    assert days(frame["date"]) == days(frame["date_end"]) == [DAY] * n


@pytest.mark.parametrize(("values", "dayfirst"), [(DAYFIRST, True), (MONTHFIRST, False)])
def test_analyze_emerging_gaps_and_reports_agree(values, dayfirst):
    around = table(["2023-12-02", "2023-12-03", "2023-12-04"])
    for text in values:
        kept, outside = _in_period(around, text, text, dayfirst=dayfirst)
        assert kept["date"].tolist() == ["2023-12-03"] and outside == 2, text
    frame = gpd.GeoDataFrame(table(values), geometry=gpd.points_from_xy([44.2] * len(values),
                             [35.2] * len(values)), crs=4326)  # fmt: skip
    parsed, problem = emerging_dates(frame, "date", dayfirst=dayfirst)
    assert problem is None and days(parsed) == [DAY] * len(values)
    if dayfirst:  # gaps and reports read by the default rule (no option there)
        gap_days = _incident_dates(frame, "date").dt.normalize()
        assert days(gap_days) == [DAY] * len(values)
        for text in values:
            assert to_date(text) == DAY.date(), text
            if "T" not in text:
                assert publication_date(f"Published: {text}\n\nbody")[0] == DAY.date(), text


def test_cli_since_until_and_monthfirst(tmp_path):
    """`--since 01-06-2014` is 1 June (it used to be 6 January); --monthfirst flips it."""
    dates = ["2014-01-05"] * 12 + ["2014-06-01"] * 12 + ["2014-07-01"] * 12
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "date": dates,
            "lat": 35.14 + rng.normal(0, 0.005, len(dates)),
            "lon": 44.45 + rng.normal(0, 0.005, len(dates)),
        }
    )
    path = tmp_path / "inc.csv"
    frame.to_csv(path, index=False)
    args = ["analyze", str(path), "--min-samples", "3", "--no-png", "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(main, [*args, "--since", "01-06-2014", "--until", "30/06/2014"])
    assert result.exit_code == 0, result.output
    assert "24 outside the period 01-06-2014 to 30/06/2014 left out" in result.output
    result = CliRunner().invoke(
        main, [*args, "--monthfirst", "--since", "01-05-2014", "--until", "06/30/2014"]
    )
    assert result.exit_code == 0, result.output  # 5 January to 30 June
    assert "12 outside the period 01-05-2014 to 06/30/2014 left out" in result.output
    result = CliRunner().invoke(main, [*args, "--since", "06/30/2014x"])
    assert result.exit_code == 1
    assert "since='06/30/2014x' is not a date" in result.output
