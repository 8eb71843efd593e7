from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from hotspot.errors import CRSError, IncidentError
from hotspot.gazetteer import iraq_outline
from hotspot.incidents import (
    ACLED_EVENT_TYPES,
    FEATURE_PRECISION,
    INCIDENT_COLUMNS,
    parse_dates,
    place_precision,
    read_acled,
    read_incidents,
    read_ucdp,
)

# --------------------------------------------------------------------------- fixtures
# Invented rows; positions are rough town positions known to the author.

ACLED_CURRENT = [
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp",
    # line 2: fine, ISO date
    "IRQ1,2023-12-03,2023,1,Political violence,Explosions/Remote violence,"
    "Remote explosive/landmine/IED,Islamic State (Iraq),,Rebel group,Civilians (Iraq),,"
    "Civilians,Rebel group-Civilians,Civilian targeting,368,Middle East,Iraq,Kirkuk,Daquq,,"
    'Daquq,35.14,44.45,1,Test,Other,"invented, with comma",2,,1700000000',
    # line 3: fine, long date
    "IRQ2,03 December 2023,2023,1,Political violence,Battles,Armed clash,A,,,B,,,,,368,"
    "Middle East,Iraq,Erbil,Makhmour,,Makhmour,35.78,43.58,2,Test,Other,,0,,1700000000",
    # line 4: swapped lat/lon, negative fatalities
    "IRQ3,3-Dec-23,2023,1,Political violence,Battles,Armed clash,A,,,B,,,,,368,Middle East,"
    "Iraq,Kirkuk,Kirkuk,,Kirkuk,44.39,35.47,3,Test,Other,,-1,,1700000000",
    # line 5: unknown event type, day-first slash date
    "IRQ4,03/12/2023,2023,1,Political violence,Skirmish,,A,,,B,,,,,368,Middle East,Iraq,"
    "Diyala,Khanaqin,,Khanaqin,34.35,45.38,1,Test,Other,,1,,1700000000",
    # line 6: outside Iraq (Damascus), not a swap: kept and flagged
    "IRQ5,2021,2021,3,Political violence,Battles,Armed clash,A,,,B,,,,,368,Middle East,Iraq,"
    ",,,Elsewhere,33.51,36.29,1,Test,Other,,0,,1700000000",
    # line 7: unparseable date, missing coordinates
    "IRQ6,sometime,2021,1,Political violence,Battles,Armed clash,A,,,B,,,,,368,Middle East,"
    "Iraq,,,,Nowhere,,,1,Test,Other,,0,,1700000000",
]

ACLED_LEGACY = [
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,timestamp,iso3",
    "101,368,IRQ10,10,14 July 2019,2019,1,Explosions/Remote violence,Air/drone strike,"
    "Military Forces of Iraq,,1,Islamic State (Iraq),,2,12,Middle East,Iraq,Salahaddin,"
    "Tuz Khurmatu,,Tuz Khurmatu,34.88,44.63,2,Test,National,,4,1563100000,IRQ",
    "102,368,IRQ11,11,15-Jul-19,2019,1,Violence against civilians,Attack,"
    "Islamic State (Iraq),,2,Civilians (Iraq),,7,27,Middle East,Iraq,Diyala,Muqdadiya,,"
    "Muqdadiya,33.98,44.94,1,Test,National,,1,1563100000,IRQ",
]

ACLED_2019 = [
    "gwno,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,actor1,"
    "ally_actor_1,inter1,actor2,ally_actor_2,inter2,interaction,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,notes,fatalities",
    "645,IRQ20,20,2014-06-10,2014,1,Battle-Non-state actor overtakes territory,ISIS,,2,"
    "Military Forces of Iraq,,1,12,Iraq,Ninewa,Mosul,,Mosul,36.34,43.13,1,Test,,25",
    "645,IRQ21,21,2015-01-02,2015,1,Remote violence,Unidentified,,3,,,0,30,Iraq,Kirkuk,"
    "Kirkuk,,Kirkuk,35.47,44.39,1,Test,,0",
    "645,IRQ22,22,2016-03-05,2016,1,Riots/Protests,Protesters,,6,,,0,60,Iraq,Kirkuk,"
    "Kirkuk,,Kirkuk,35.47,44.39,1,Test,,0",
]

UCDP_HEADER = (
    "id,year,type_of_violence,side_a,side_b,source_article,source_office,source_headline,"
    "where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,date_prec,date_start,"
    "date_end,best"
)
UCDP_HXL = ",#date+year,,#group+name+first,#group+name+second,#meta+source,,#description,,"
UCDP_HXL += "#loc+name,#adm1+name,#adm2+name,#geo+lat,#geo+lon,,#date+start,#date+end,"
UCDP_HXL += "#affected+killed"
UCDP_ROWS = [
    # data rows (lines 3.. with the HXL row, 2.. without)
    '9001,2016,1,Government of Iraq,IS,"""Invented wire,2016-10-20,headline""",Wire,'
    "Invented headline,1,Daquq town,Kirkuk province,Daquq district,35.14,44.45,1,"
    "2016-10-20,2016-10-21,3",
    "9002,2016,3,IS,Civilians,,,,4,Kirkuk district,Kirkuk province,,35.47,44.39,1,"
    "2016-10-22,2016-10-22,5",
    "9003,2016,2,IS,Other group,,,,6,Iraq,,,33.0,44.0,1,2016-11-01,2016-11-01,0",
    # bad: unknown type, where_prec 9, negative best
    "9004,2016,5,X,Y,,,,9,Somewhere,,,35.0,44.0,1,2016-11-02,2016-11-02,-3",
]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def acled_file(tmp_path: Path) -> Path:
    return write(tmp_path / "acled.csv", ACLED_CURRENT)


@pytest.fixture
def ucdp_file(tmp_path: Path) -> Path:
    return write(tmp_path / "ged.csv", [UCDP_HEADER, UCDP_HXL, *UCDP_ROWS])


def read_quiet(reader, *args, **kwargs):
    with pytest.warns(UserWarning, match="have problems"):
        return reader(*args, **kwargs)


def assert_schema(frame: gpd.GeoDataFrame) -> None:
    assert list(frame.columns[: len(INCIDENT_COLUMNS) - 1]) == list(INCIDENT_COLUMNS[:-1])
    assert "issues" in frame.columns
    assert frame.geometry.name == "geometry"
    assert frame.crs.to_epsg() == 4326
    assert str(frame["date"].dtype) == "datetime64[ns]"
    assert str(frame["date_end"].dtype) == "datetime64[ns]"
    assert str(frame["precision"].dtype) == "Int64"
    assert str(frame["fatalities"].dtype) == "Int64"
    assert frame["id"].is_unique
    assert (frame["fatalities"].dropna() >= 0).all()
    assert set(frame.geom_type.dropna()) <= {"Point"}


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023-12-03", "2023-12-03", "2023-12-03"),
        ("03 December 2023", "2023-12-03", "2023-12-03"),
        ("3 Dec 2023", "2023-12-03", "2023-12-03"),
        ("3-Dec-23", "2023-12-03", "2023-12-03"),
        ("03/12/2023", "2023-12-03", "2023-12-03"),
        ("December 3, 2023", "2023-12-03", "2023-12-03"),
        ("2023-12-03 14:30:00", "2023-12-03 14:30", "2023-12-03 14:30"),
        ("2021", "2021-01-01", "2021-12-31"),
        ("2021.0", "2021-01-01", "2021-12-31"),
    ],
)
def test_parse_dates_formats(text, start, end):
    got_start, got_end = parse_dates([text])
    assert got_start[0] == pd.Timestamp(start)
    assert got_end[0] == pd.Timestamp(end)


def test_parse_dates_monthfirst_and_bad():
    start, _ = parse_dates(["03/12/2023", "31/11/2023", "", None], dayfirst=False)
    assert start[0] == pd.Timestamp("2023-03-12")
    assert start[1:].isna().all()


# --------------------------------------------------------------------------- ACLED


def test_read_acled_current_layout(acled_file):
    frame = read_quiet(read_acled, acled_file)
    assert_schema(frame)
    assert len(frame) == 6  # nothing dropped
    assert frame["id"].tolist() == ["IRQ1", "IRQ2", "IRQ3", "IRQ4", "IRQ5", "IRQ6"]
    dec3 = pd.Timestamp("2023-12-03")
    assert (frame.loc[0:3, "date"] == dec3).all()
    assert frame.loc[4, "date"] == pd.Timestamp("2021-01-01")
    assert frame.loc[4, "date_end"] == pd.Timestamp("2021-12-31")
    assert frame.loc[0, "place"] == "Daquq"
    assert frame.loc[0, "governorate"] == "Kirkuk"
    assert frame.loc[0, "district"] == "Daquq"
    assert frame.loc[0, "notes"] == "invented, with comma"
    assert frame.loc[0, "fatalities"] == 2
    assert frame["precision"].tolist()[:3] == [1, 2, 3]
    assert frame.loc[1, "precision_source"] == "acled:2"
    assert frame.geometry[0].equals(shapely.Point(44.45, 35.14))
    report = frame.attrs["hotspot_report"]
    assert report["layout"] == "acled"
    assert report["rows"] == 6
    assert report["bad_rows"] == 3  # lines 4, 5, 7
    assert report["flagged_rows"] == 1  # line 6, outside Iraq
    assert report["coarse_rows"] == 1


def test_read_acled_reports_line_numbers(acled_file):
    frame = read_quiet(read_acled, acled_file)
    issues = frame["issues"]
    assert issues[0] == "" and issues[1] == ""
    assert "swapped" in issues[2] and "fatalities: -1 is negative" in issues[2]
    assert "'Skirmish' is not an ACLED event type" in issues[3]
    assert issues[4].startswith("outside_iraq:")
    assert "'sometime' is not a date" in issues[5] and "missing latitude" in issues[5]
    problems = frame.attrs["hotspot_report"]["problems"]
    assert problems["swapped"] == ["line 4"]
    assert problems["fatalities"] == ["line 4"]
    assert problems["event_type"] == ["line 5"]
    assert problems["outside_iraq"] == ["line 6"]
    assert problems["date"] == ["line 7"]
    # bad geometry is an empty Point, kept; the outside-Iraq point is kept as is
    assert frame.geometry[2].is_empty and frame.geometry[5].is_empty
    assert frame.geometry[4].equals(shapely.Point(36.29, 33.51))
    assert pd.isna(frame.loc[2, "fatalities"])


def test_read_acled_strict_lists_every_bad_row(acled_file):
    with pytest.raises(IncidentError) as info:
        read_acled(acled_file, strict=True)
    message = str(info.value)
    assert "3 bad row(s) of 6" in message
    for line in ("line 4:", "line 5:", "line 7:"):
        assert line in message
    assert "line 6:" not in message  # outside Iraq is a flag, not an error


def test_read_acled_dataframe_keeps_index_and_input(tmp_path):
    path = write(tmp_path / "a.csv", ACLED_CURRENT[:3])
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.index = ["a", "b"]
    before = table.copy()
    frame = read_acled(table)
    assert list(frame.index) == ["a", "b"]
    pd.testing.assert_frame_equal(table, before)
    assert frame.attrs["hotspot_report"]["bad_rows"] == 0


def test_read_acled_typed_dataframe_and_row_labels():
    table = pd.DataFrame(
        {
            "event_id_cnty": ["IRQ1", None],
            "event_date": ["2023-12-03", "2023-12-04"],
            "event_type": ["Battles", "Battles"],
            "latitude": [35.47, 35.47],
            "longitude": [44.39, 44.39],
            "geo_precision": [1.0, 7.0],
            "fatalities": [1.0, np.nan],
        },
        index=[10, 11],
    )
    with pytest.warns(UserWarning, match="row 11"):
        frame = read_acled(table)
    assert frame.loc[11, "id"] == "row-11"
    assert pd.isna(frame.loc[11, "precision"])
    assert (
        frame.loc[11, "precision_source"] == "acled:7"
    )  # whole-number floats are written as integers
    assert frame.attrs["hotspot_report"]["problems"]["precision"] == ["row 11"]
    assert pd.isna(frame.loc[11, "fatalities"])


def test_read_acled_legacy_layout(tmp_path):
    frame = read_acled(write(tmp_path / "legacy.csv", ACLED_LEGACY))
    assert_schema(frame)
    assert frame.attrs["hotspot_report"]["layout"] == "acled-legacy"
    assert frame["event_type"].tolist() == [
        "Explosions/Remote violence",
        "Violence against civilians",
    ]
    assert frame["date"].tolist() == [pd.Timestamp("2019-07-14"), pd.Timestamp("2019-07-15")]
    assert frame["sub_event_type"].tolist() == ["Air/drone strike", "Attack"]


def test_read_acled_2019_layout_maps_legacy_types(tmp_path):
    frame = read_acled(write(tmp_path / "old.csv", ACLED_2019))
    assert frame.attrs["hotspot_report"]["layout"] == "acled-2019"
    assert frame["event_type"].tolist() == ["Battles", "Explosions/Remote violence", "Protests"]
    assert set(frame["event_type"]) <= set(ACLED_EVENT_TYPES)
    assert frame.attrs["hotspot_report"]["legacy_event_types"]["Remote violence"] == 1
    assert frame["sub_event_type"].isna().all()
    assert frame.loc[0, "fatalities"] == 25
    assert frame["precision"].isna().sum() == 0


def test_read_acled_missing_columns(tmp_path):
    path = write(tmp_path / "x.csv", ["event_id_cnty,event_date", "IRQ1,2020-01-01"])
    with pytest.raises(IncidentError, match=r"missing column\(s\) latitude, longitude, event_type"):
        read_acled(path)


def test_read_acled_empty_and_missing_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(IncidentError, match="empty"):
        read_acled(empty)
    with pytest.raises(FileNotFoundError, match=r"nope\.csv"):
        read_acled(tmp_path / "nope.csv")


def test_multiline_quoted_field_keeps_file_line_numbers(tmp_path):
    lines = [
        "event_id_cnty,event_date,event_type,latitude,longitude,notes",
        'IRQ1,2020-01-01,Battles,35.47,44.39,"two\nlines"',
        "IRQ2,2020-01-02,Nonsense,35.47,44.39,",
    ]
    with pytest.warns(UserWarning):
        frame = read_acled(write(tmp_path / "m.csv", lines))
    assert frame.attrs["hotspot_report"]["problems"]["event_type"] == ["line 4"]


def test_duplicate_ids_made_unique_and_flagged(tmp_path):
    lines = [
        "event_id_cnty,event_date,event_type,latitude,longitude",
        "IRQ1,2020-01-01,Battles,35.47,44.39",
        "IRQ1,2020-01-02,Battles,35.47,44.39",
    ]
    frame = read_acled(write(tmp_path / "d.csv", lines))
    assert frame["id"].tolist() == ["IRQ1", "IRQ1#2"]
    assert "repeats line 2" in frame.loc[1, "issues"]
    assert frame.attrs["hotspot_report"]["bad_rows"] == 0


# --------------------------------------------------------------------------- UCDP


def test_read_ucdp_with_hxl_row(ucdp_file):
    frame = read_quiet(read_ucdp, ucdp_file)
    assert_schema(frame)
    assert len(frame) == 4
    assert list(frame.index) == [0, 1, 2, 3]
    report = frame.attrs["hotspot_report"]
    assert report["hxl_row_skipped"] is True
    assert frame["event_type"].tolist()[:3] == ["state-based", "one-sided", "non-state"]
    assert frame["precision"].tolist()[:3] == [1, 3, 3]
    assert frame["precision_source"].tolist() == ["ucdp:1", "ucdp:4", "ucdp:6", "ucdp:9"]
    assert frame.loc[0, "date_end"] == pd.Timestamp("2016-10-21")
    assert frame.loc[0, "source"] == "Wire"
    assert frame.loc[0, "notes"] == "Invented headline"
    assert frame.loc[0, "actor1"] == "Government of Iraq"
    assert frame.loc[0, "place"] == "Daquq town"
    assert frame.loc[1, "fatalities"] == 5
    # line numbers count the header and the HXL row
    assert report["problems"]["event_type"] == ["line 6"]
    assert report["problems"]["precision"] == ["line 6"]
    assert report["problems"]["fatalities"] == ["line 6"]


def test_read_ucdp_without_hxl_and_strict(tmp_path):
    path = write(tmp_path / "ged.csv", [UCDP_HEADER, *UCDP_ROWS])
    with pytest.raises(IncidentError, match="line 5: event_type: type_of_violence '5'"):
        read_ucdp(path, strict=True)
    frame = read_ucdp(write(tmp_path / "ok.csv", [UCDP_HEADER, *UCDP_ROWS[:3]]))
    assert frame.attrs["hotspot_report"]["hxl_row_skipped"] is False
    assert len(frame) == 3


@pytest.mark.parametrize(
    ("where_prec", "precision"), [(1, 1), (2, 2), (3, 3), (4, 3), (5, 3), (6, 3), (7, 3)]
)
def test_ucdp_where_prec_mapping(where_prec, precision):
    table = pd.DataFrame(
        {
            "date_start": ["2016-01-01"],
            "latitude": [35.47],
            "longitude": [44.39],
            "type_of_violence": [1],
            "where_prec": [where_prec],
        }
    )
    frame = read_ucdp(table)
    assert frame.loc[0, "precision"] == precision
    assert frame.loc[0, "precision_source"] == f"ucdp:{where_prec}"


# --------------------------------------------------------------------------- generic


def test_read_incidents_sniffs_acled_and_ucdp(acled_file, ucdp_file):
    with pytest.warns(UserWarning):
        acled = read_incidents(acled_file)
    assert acled.attrs["hotspot_report"]["layout"] == "acled"
    assert acled.attrs["hotspot_report"]["problems"]["swapped"] == ["line 4"]
    with pytest.warns(UserWarning):
        ucdp = read_incidents(ucdp_file)
    assert ucdp.attrs["hotspot_report"]["layout"] == "ucdp"
    assert len(ucdp) == 4


def test_read_incidents_generic_csv(tmp_path):
    path = write(
        tmp_path / "points.csv",
        [
            "date,longitude,latitude,type,deaths",
            "2006-01-01,44.39,35.47,IED,1",
            "2006-01-02,44.45,35.14,SAF,",
            "2006-01-03,35.47,44.39,other,0",
        ],
    )
    with pytest.warns(UserWarning, match="line 4"):
        frame = read_incidents(path)
    assert_schema(frame)
    assert frame["id"].tolist() == ["row-2", "row-3", "row-4"]
    assert frame["event_type"].tolist() == ["IED", "SAF", "other"]
    assert frame.loc[0, "fatalities"] == 1
    assert pd.isna(frame.loc[1, "fatalities"])
    assert frame["precision"].isna().all()
    assert frame.attrs["hotspot_report"]["layout"] == "generic"
    assert frame.attrs["hotspot_report"]["problems"] == {"swapped": ["line 4"]}


def test_read_incidents_named_columns_and_errors():
    table = pd.DataFrame({"when": ["2020-05-01"], "N": [35.47], "E": [44.39]})
    frame = read_incidents(table, lat="N", lon="E", date="when")
    assert frame.geometry[0].equals(shapely.Point(44.39, 35.47))
    assert frame.loc[0, "date"] == pd.Timestamp("2020-05-01")
    with pytest.raises(IncidentError, match="column 'north' \\(given for lat\\) not found"):
        read_incidents(table, lat="north", lon="E")
    with pytest.raises(IncidentError, match="no coordinates and no place column"):
        read_incidents(pd.DataFrame({"date": ["2020-01-01"]}))
    with pytest.raises(ValueError, match="auto, acled, ucdp, generic"):
        read_incidents(table, layout="acledd")
    with pytest.raises(TypeError, match="file path or a"):
        read_incidents(42)


def test_read_incidents_geodataframe_reprojects_and_checks_crs():
    points = gpd.GeoDataFrame(
        {"date": ["2020-01-01", "2020-01-02"], "event_type": ["IED", "IED"]},
        geometry=[shapely.Point(44.39, 35.47), shapely.LineString([(44, 35), (44.1, 35.1)])],
        crs="EPSG:4326",
    ).to_crs("EPSG:32638")
    with pytest.warns(UserWarning):
        frame = read_incidents(points)
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry[0].x == pytest.approx(44.39, abs=1e-9)
    assert frame.geometry[0].y == pytest.approx(35.47, abs=1e-9)
    assert frame.geometry[1].is_empty
    assert "LineString, not a Point" in frame.loc[1, "issues"]
    with pytest.raises(CRSError, match="no CRS"):
        read_incidents(points.set_crs(None, allow_override=True))


def test_read_incidents_geojson_file(tmp_path):
    path = tmp_path / "points.geojson"
    gpd.GeoDataFrame(
        {"date": ["2020-01-01"], "type": ["IED"]},
        geometry=[shapely.Point(44.39, 35.47)],
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")
    frame = read_incidents(path)
    assert frame.loc[0, "event_type"] == "IED"
    assert frame.geometry[0].equals(shapely.Point(44.39, 35.47))


def fake_geocoder(series: pd.Series, **kwargs) -> gpd.GeoDataFrame:
    """Stand-in with the shape of hotspot.geocode.geocode (own approximate positions)."""
    known = {
        "Daquq": ("resolved", "settlement", "Kirkuk", "Daquq", shapely.Point(44.45, 35.14)),
        "Hamrin": ("resolved", "mountain", "Salahaddin", None, shapely.Point(44.3, 34.6)),
        "Kirkuk province": ("resolved", "governorate", "Kirkuk", None, shapely.Point(44.39, 35.47)),
        "Tal": ("ambiguous", None, None, None, shapely.Point()),
    }
    rows = []
    for query in series:
        status, kind, gov, dist, geom = known.get(
            query, ("unresolved", None, None, None, shapely.Point())
        )
        rows.append(
            {
                "query": query,
                "status": status,
                "id": None,
                "name": query,
                "feature_type": kind,
                "governorate": gov,
                "district": dist,
                "disputed": None,
                "score": 100.0 if status == "resolved" else None,
                "candidates": None,
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(rows, index=series.index, geometry="geometry", crs="EPSG:4326")


def test_read_incidents_place_column_geocoded():
    table = pd.DataFrame(
        {
            "date": ["2024-01-01"] * 5,
            "location": ["Daquq", "Hamrin", "Kirkuk province", "Tal", "Atlantis"],
        },
        index=list("vwxyz"),
    )
    with pytest.warns(UserWarning, match="2 of 5"):
        frame = read_incidents(table, geocoder=fake_geocoder)
    assert list(frame.index) == list("vwxyz")
    assert frame["precision"].tolist()[:3] == [1, 2, 3]
    assert frame.loc["v", "precision_source"] == "geocode:settlement"
    assert frame.loc["v", "governorate"] == "Kirkuk"
    assert frame.loc["v", "district"] == "Daquq"
    assert frame.geometry["v"].equals(shapely.Point(44.45, 35.14))
    assert frame.geometry["y"].is_empty and frame.geometry["z"].is_empty
    assert "'Tal' not located (geocoder status 'ambiguous')" in frame.loc["y", "issues"]
    assert frame.attrs["hotspot_report"]["problems"]["place"] == ["row 'y'", "row 'z'"]
    assert frame.attrs["hotspot_report"]["coarse_rows"] == 1


def test_feature_precision_registry_covers_the_brief():
    for kind in ("settlement", "site", "bridge"):
        assert FEATURE_PRECISION[kind] == 1
    for kind in ("subdistrict", "valley", "mountain", "lake", "dam"):
        assert FEATURE_PRECISION[kind] == 2
    for kind in ("district", "governorate", "region", "desert"):
        assert FEATURE_PRECISION[kind] == 3


@pytest.mark.parametrize(
    ("kind", "km", "expected"),
    [
        ("settlement", 2.0, 1),
        ("settlement", 5.0, 1),
        ("settlement", 10.0, 2),  # placed from reporting context: not "exact"
        ("settlement", 30.0, 3),
        ("settlement", None, 1),  # a geocoder that states no precision
        ("settlement", float("nan"), 1),
        ("subdistrict", 5.0, 2),
        ("subdistrict", 112.0, 3),  # a point inside a wide unit, not its seat
        ("mountain", 60.0, 3),
        ("river", 15.0, 3),  # linear features are coarse, as UCDP where_prec 5 is
        ("road", None, 3),
        ("governorate", 3.0, 3),  # the type's floor: never finer than a centroid
        ("no such kind", 1.0, None),
    ],
)
def test_place_precision_is_the_coarser_of_type_and_stated_km(kind, km, expected):
    assert place_precision(kind, km) == expected


def test_read_incidents_geocoded_precision_follows_the_gazetteer_row():
    """A wide sub-district's inside point and a river feed no hotspot (precision 3)."""
    table = pd.DataFrame(
        {"date": ["2024-01-01"] * 4, "location": ["Daquq", "Albu Nimr", "Al-Rahhaliya", "Tigris"]}
    )
    frame = read_incidents(table)
    assert frame["precision"].tolist() == [1, 2, 3, 3]
    assert frame["precision_source"].tolist() == [
        "geocode:settlement",
        "geocode:settlement",
        "geocode:subdistrict",
        "geocode:river",
    ]


def test_ucdp_district_centroids_feed_no_hotspot():
    """UCDP where_prec 3 is a district centroid (codebook): coarse, like ACLED's 3.

    GED 19.1 puts 30 events of 2014-2018 on the centroid of Mosul district; as
    precision 2 they made a second "Mosul" hotspot away from the city.
    """
    from hotspot.datasets import ucdp_iraq
    from hotspot.hotspots import find_hotspots

    events = ucdp_iraq()
    centroid = events["precision_source"] == "ucdp:3"
    assert centroid.sum() == 235
    assert (events.loc[centroid, "precision"] == 3).all()
    recent = events[events["date"] >= "2014-01-01"]
    result = find_hotspots(recent, eps_m=5000, min_samples=10, gazetteer=False)
    at_centroids = result.incidents.loc[centroid.loc[recent.index]]
    assert len(at_centroids) > 30
    assert (at_centroids["hotspot"] < 0).all()


def test_read_incidents_default_geocoder_is_hotspot_geocode(monkeypatch):
    """The place path calls hotspot.geocode.geocode, with geocode_kwargs."""
    import hotspot.incidents
    from hotspot.geocode import geocode as hotspot_geocode

    assert hotspot.incidents.default_geocode is hotspot_geocode
    calls = []

    def geocode(series, **kwargs):
        calls.append(kwargs)
        return fake_geocoder(series)

    monkeypatch.setattr(hotspot.incidents, "default_geocode", geocode)
    frame = read_incidents(
        pd.DataFrame({"date": ["2024-01-01"], "place": ["Daquq"]}),
        geocode_kwargs={"min_score": 90},
    )
    assert calls == [{"min_score": 90}]
    assert frame.loc[0, "precision"] == 1


def test_read_incidents_with_the_real_geocoder():
    """Last: the place path through hotspot.geocode itself (skips until it exists)."""
    pytest.importorskip("hotspot.geocode")
    table = pd.DataFrame(
        {"date": ["2024-01-01", "2024-01-02"], "place": ["Kirkuk province", "Qwertyville"]}
    )
    with pytest.warns(UserWarning, match="1 of 2"):
        frame = read_incidents(table)
    assert frame.loc[0, "precision"] == 3
    assert frame.loc[0, "governorate"] == "Kirkuk"
    assert iraq_outline().contains(frame.geometry[0])
    assert frame.geometry[1].is_empty
    assert "'Qwertyville' not located" in frame.loc[1, "issues"]


def test_read_incidents_passes_each_rows_admin_columns_as_its_hint():
    """#9: a place name is never placed outside the units its row names."""
    pytest.importorskip("hotspot.geocode")
    table = pd.DataFrame(
        {
            "date": ["2024-01-01"] * 4,
            "location": ["Rashad", "Rashad", "Baiji", "Hawija"],
            "admin1": ["Kirkuk", "Diyala", "Duhok", "Kirkuk"],
            "admin2": ["Daquq", "", "", "Al-Hawiga"],
            "admin3": ["", "", "", "Markaz Al-Hawiga"],
        }
    )
    with pytest.warns(UserWarning, match="1 of 4"):
        frame = read_incidents(table)
    kirkuk, diyala, baiji, hawija = (frame.geometry.iloc[i] for i in range(4))
    assert kirkuk.y > 34.9 and diyala.y < 34.2  # two Rashads told apart by their rows
    assert baiji.is_empty  # Baiji lies in Salahaddin, the row says Duhok: not placed
    assert "'Baiji' not located (geocoder status 'unresolved')" in frame.loc[2, "issues"]
    assert frame.loc[3, "district_raw"] == "Al-Hawiga"  # the raw column is kept
    assert frame.loc[3, "district"] == "Hawija"  # and the canonical one added
    assert abs(hawija.y - 35.33) < 0.05


def test_read_incidents_given_within_wins_over_the_columns():
    pytest.importorskip("hotspot.geocode")
    table = pd.DataFrame({"date": ["2024-01-01"], "place": ["Rashad"], "governorate": ["Diyala"]})
    frame = read_incidents(table, geocode_kwargs={"within": "Kirkuk"})
    assert frame.geometry.iloc[0].y > 34.9


# --------------------------------------------------------------------------- real data


def test_real_ucdp_ged_iraq(shared_data):
    path = shared_data / "ucdp_ged_irq" / "conflict_data_irq.csv"
    frame = read_ucdp(path)  # no warning: no bad rows
    assert_schema(frame)
    assert len(frame) == 7473
    report = frame.attrs["hotspot_report"]
    assert report["hxl_row_skipped"] is True
    assert report["bad_rows"] == 0
    assert frame["date"].min().year == 1989 and frame["date"].max().year == 2018
    assert frame["date"].notna().all()
    # where_prec 1 -> 1, 2 -> 2, 3-7 -> 3 (per-code counts from the file itself)
    with path.open(encoding="utf-8") as fh:
        codes = [row["where_prec"] for row in csv.DictReader(fh)][1:]
    expected = pd.Series(codes).astype(int).map({1: 1, 2: 2, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3})
    assert frame["precision"].astype(int).tolist() == expected.tolist()
    assert set(frame["event_type"]) == {"state-based", "non-state", "one-sided"}
    # points outside the outline are flagged, kept with their geometry
    outside = ~shapely.contains(iraq_outline(), np.asarray(frame.geometry))
    flagged = frame["issues"].str.startswith("outside_iraq").to_numpy()
    assert (outside == flagged).all()
    assert not frame.geometry[flagged].is_empty.any()
    distinct = frame.geometry[flagged].drop_duplicates()
    # PROVENANCE counts 4 distinct points outside the OCHA polygon; hotspot's
    # Natural Earth outline differs by ~1 km along the border and adds a few.
    assert 4 <= len(distinct) <= 10
    assert report["outside_iraq"] == int(flagged.sum())
    # every physical line accounted for: 38 records hold line breaks in quoted fields
    counted = report["input"]
    assert counted["accounted"] is True
    assert counted["skipped"] == {"line 2": "HXL hashtag row"}
    assert len(counted["multiline"]) == 38
    with path.open(encoding="utf-8", newline="") as fh:
        assert counted["physical"] == sum(1 for _ in fh)
    assert frame.attrs["dataset"] == {
        "name": "UCDP GED",
        "version": None,  # the HDX extract's file name does not tell it
        "licence": None,
        "citation": None,
        "path": str(path),
    }


def test_real_geocausal_insurgencies_generic(shared_data):
    path = shared_data / "geocausal_irq_2006_2008" / "insurgencies_2006.csv"
    # 558 rows repeat an earlier one; with no id column they may be distinct events
    with pytest.warns(UserWarning, match=r"558 row\(s\) repeat .*no id column"):
        frame = read_incidents(path)
    assert len(frame) == 37701
    report = frame.attrs["hotspot_report"]
    assert report["duplicate_rows"] == 558
    assert report["input"]["accounted"] is True
    assert report["layout"] == "generic"
    assert report["bad_rows"] == 0
    assert frame["date"].min() == pd.Timestamp("2006-01-01")
    assert frame["date"].max() == pd.Timestamp("2006-09-24")
    assert frame["event_type"].value_counts().to_dict() == {
        "IED": 17230,
        "other": 13315,
        "SAF": 7156,
    }
    assert 0 < report["outside_iraq"] <= 11
    assert not frame.geometry.is_empty.any()


# --------------------------------------------------------------------------- review fixes


def test_csv_record_with_wrong_field_count_is_kept_and_marked_bad(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(
        "id,date,lat,lon,type,fatalities\n"
        "a,2023-12-03,35.47,44.39,IED,1\n"
        "b,2023-12-03,35.47,44.39,IED,1,surplus\n"
        "c,2023-12-03,35.47\n"
        "d,2023-12-04,35.14,44.45,IED,0\n",
        encoding="utf-8",
    )
    frame = read_quiet(read_incidents, path)
    assert frame["id"].tolist() == ["a", "b", "c", "d"]  # nothing dropped
    assert "fields: 7 fields, header has 6" in frame.loc[1, "issues"]
    assert "'surplus'" in frame.loc[1, "issues"]  # the extra value is not silently cut
    assert "fields: 3 fields, header has 6" in frame.loc[2, "issues"]
    assert frame.geometry.is_empty.tolist() == [False, True, True, False]
    assert frame.loc[0, "issues"] == "" and frame.loc[3, "issues"] == ""
    report = frame.attrs["hotspot_report"]
    assert report["bad_rows"] == 2 and report["problems"]["fields"] == ["line 3", "line 4"]
    with pytest.raises(IncidentError, match=r"line 3: fields: 7 fields, header has 6"):
        read_incidents(path, strict=True)


def test_acled_and_ucdp_files_report_ragged_records(tmp_path, acled_file):
    lines = acled_file.read_text(encoding="utf-8").splitlines()
    lines[1] += ",one too many"
    path = tmp_path / "acled_ragged.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = read_quiet(read_acled, path)
    assert "fields: 32 fields, header has 31" in frame.loc[0, "issues"]
    assert frame.geometry[0].is_empty
    ucdp = tmp_path / "ucdp_ragged.csv"
    ucdp.write_text(
        "id,date_start,latitude,longitude,type_of_violence,best\n"
        "#id,#date+start,#geo+lat,#geo+lon,,#affected+killed\n"
        "1,2014-06-10,36.34,43.13,1,3\n"
        "2,2014-06-11,36.34,43.13,1\n",
        encoding="utf-8",
    )
    frame = read_quiet(read_ucdp, ucdp)
    assert frame.loc[0, "issues"] == ""
    assert "fields: 5 fields, header has 6" in frame.loc[1, "issues"]
    assert frame.geometry.is_empty.tolist() == [False, True]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-12-03T10:00:00Z", "2023-12-03 10:00"),
        ("2023-12-03T23:30:00+03:00", "2023-12-03 23:30"),  # wall clock kept, not UTC
        ("2023-12-03 10:00", "2023-12-03 10:00"),
        ("3 Dec. 2023", "2023-12-03"),
        ("Sept. 3, 2023", "2023-09-03"),
        ("03-12-2023", "2023-12-03"),
        (pd.Timestamp("2023-12-03 23:30", tz="Asia/Baghdad"), "2023-12-03 23:30"),
        (pd.Timestamp("2023-12-03 23:30", tz="UTC"), "2023-12-03 23:30"),
        (np.datetime64("2023-12-03"), "2023-12-03"),
    ],
)
def test_parse_dates_iso_times_abbreviations_and_typed_values(value, expected):
    start, end = parse_dates([value])
    assert str(start.dtype) == "datetime64[ns]"
    assert start[0] == pd.Timestamp(expected) and end[0] == pd.Timestamp(expected)


def test_parse_dates_mixed_time_zones_do_not_raise():
    values = [
        pd.Timestamp("2023-12-03 10:00", tz="Asia/Baghdad"),
        pd.Timestamp("2023-12-04 10:00", tz="UTC"),
        "2023-12-05",
        None,
    ]
    start, _ = parse_dates(values)
    assert start[:3].tolist() == [
        pd.Timestamp("2023-12-03 10:00"),
        pd.Timestamp("2023-12-04 10:00"),
        pd.Timestamp("2023-12-05"),
    ]
    assert pd.isna(start[3])
    assert parse_dates(["03-12-2023"], dayfirst=False)[0][0] == pd.Timestamp("2023-03-12")


def test_typed_datetime_columns_are_dates_not_bad_rows(tmp_path):
    path = tmp_path / "dated.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": ['
        '{"type": "Feature", "properties": {"date": "2023-12-03T23:30:00+03:00", "id": 1},'
        ' "geometry": {"type": "Point", "coordinates": [44.39, 35.47]}},'
        '{"type": "Feature", "properties": {"date": "2023-12-04T10:00:00+03:00", "id": null},'
        ' "geometry": {"type": "Point", "coordinates": [44.45, 35.14]}}]}',
        encoding="utf-8",
    )
    frame = read_incidents(path)  # warnings are errors: no row may be flagged
    assert frame["date"].tolist() == [
        pd.Timestamp("2023-12-03 23:30"),
        pd.Timestamp("2023-12-04 10:00"),
    ]
    assert frame["id"].tolist() == ["1", "row-2"]
    naive = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-12-03", None]),
            "lat": [35.47, 35.14],
            "lon": [44.39, 44.45],
        }
    )
    frame = read_quiet(read_incidents, naive)
    assert frame.loc[0, "date"] == pd.Timestamp("2023-12-03")
    assert frame.loc[0, "issues"] == "" and frame.loc[1, "issues"] == "date: missing"
    aware = naive.assign(date=naive["date"].dt.tz_localize("Asia/Baghdad"))
    assert read_quiet(read_incidents, aware).loc[0, "date"] == pd.Timestamp("2023-12-03")


def test_float_id_column_with_nan_gives_integer_ids():
    table = pd.DataFrame(
        {
            "id": [1.0, np.nan, 3.0, 2.5],
            "date": ["2023-12-03"] * 4,
            "lat": [35.47] * 4,
            "lon": [44.39] * 4,
            "fatalities": [2.0, np.nan, 0.0, 1.0],
        }
    )
    frame = read_incidents(table)
    assert frame["id"].tolist() == ["1", "row-1", "3", "2.5"]
    assert frame["fatalities"].tolist()[:1] == [2]


def test_dataset_attrs_name_the_source(tmp_path, acled_file):
    frame = read_quiet(read_incidents, acled_file)
    assert frame.attrs["dataset"]["name"] == "ACLED"
    assert frame.attrs["dataset"]["path"] == str(acled_file)
    ged = write(tmp_path / "GEDEvent_v23_1.csv", [UCDP_HEADER, *UCDP_ROWS[:2]])
    assert read_ucdp(ged).attrs["dataset"]["version"] == "23.1"
    table = pd.DataFrame({"date": ["2023-12-03"], "lat": [35.47], "lon": [44.39]})
    assert read_incidents(table).attrs["dataset"]["name"] == "table"
    table.attrs["dataset"] = {"name": "my survey", "version": "2"}
    kept = read_incidents(table).attrs["dataset"]
    assert (kept["name"], kept["version"], kept["path"]) == ("my survey", "2", None)
    path = tmp_path / "points.csv"
    table.to_csv(path, index=False)
    assert read_incidents(path).attrs["dataset"]["name"] == "points.csv"


def test_report_compares_lines_with_records(tmp_path):
    path = write(
        tmp_path / "lines.csv",
        [
            "id,date,lat,lon,notes",
            "a,2023-12-03,35.47,44.39,plain",
            "",
            'b,2023-12-04,35.47,44.39,"two',
            'lines"',
            "c,2023-12-05,35.47,44.39,",
        ],
    )
    frame = read_incidents(path)
    assert frame["id"].tolist() == ["a", "b", "c"]
    counted = frame.attrs["hotspot_report"]["input"]
    assert {k: counted[k] for k in ("physical", "header", "blank", "records", "in_records")} == {
        "physical": 6,
        "header": 1,
        "blank": 1,
        "records": 3,
        "in_records": 4,
    }
    assert counted["multiline"] == {"lines 4-5": 2}
    assert counted["accounted"] is True
    assert frame["id"].tolist() == ["a", "b", "c"]


def test_readers_add_canonical_admin_columns_and_keep_the_raw_ones():
    """#10/#13: 'Nīnawá province' and "At-Ta'mim province" become Nineveh and Kirkuk."""
    from hotspot.datasets import ucdp_iraq
    from hotspot.locate import locate

    frame = ucdp_iraq()
    assert (frame["governorate_raw"] == "Nīnawá province").any()
    kirkuk = frame[frame["governorate"] == "Kirkuk"]
    assert len(kirkuk) > 100  # filtering on "Kirkuk" finds the Ta'mim rows too
    assert {"At-Ta'mim province", "Kirkūk province"} & set(kirkuk["governorate_raw"].dropna())
    assert set(kirkuk["governorate_pcode"].dropna()) == {"IQG13"}
    # a precisely located row is placed by the one rule: the same answer as locate()
    precise = frame[(frame["precision"] != 3) & ~frame.geometry.is_empty].head(300)
    placed = locate(precise)
    assert precise["governorate"].tolist() == placed["governorate"].tolist()
    assert precise["district"].tolist() == placed["district"].tolist()
    # a coarse row without a point keeps what its written names denote
    table = pd.DataFrame(
        {
            "id": ["a"],
            "date": ["2020-01-01"],
            "latitude": [None],
            "longitude": [None],
            "governorate": ["Salah al-Din"],
            "district": ["Tooz Khurmato"],
            "event_type": ["Battles"],
        }
    )
    with pytest.warns(UserWarning):
        row = read_incidents(table).iloc[0]
    assert (row["governorate"], row["district"]) == ("Salahaddin", "Tuz Khurmatu")
    assert row["governorate_raw"] == "Salah al-Din"
