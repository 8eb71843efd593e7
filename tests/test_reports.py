from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from hotspot.incidents import INCIDENT_COLUMNS
from hotspot.reports import (
    ACLED_SUB_EVENT,
    EVENT_KEYWORDS,
    REPORT_COLUMNS,
    incidents_from_reports,
    incidents_from_text,
    split_sentences,
)

# Stand-in for hotspot.extract.extract_places with the same output shape.
# Positions are the author's approximate knowledge (a few km), enough for tests.
PLACES = {
    "Kirkuk": ("governorate", "Kirkuk", None, 44.39, 35.47),
    "Baghdad": ("settlement", "Baghdad", "Baghdad", 44.37, 33.31),
    "Diyala": ("governorate", "Diyala", None, 44.95, 33.95),
    "Erbil": ("governorate", "Erbil", None, 44.01, 36.19),
    "Muqdadiya": ("district", "Diyala", "Muqdadiya", 44.94, 33.98),
    "Makhmour": ("settlement", "Erbil", "Makhmour", 43.58, 35.78),
    "Daquq": ("settlement", "Kirkuk", "Daquq", 44.45, 35.14),
    "Hamrin": ("mountain", "Salahaddin", None, 44.30, 34.60),
    "Qara Chokh": ("mountain", "Erbil", "Makhmour", 43.65, 35.85),
    "Tuz Khurmatu": ("settlement", "Salahaddin", "Tuz Khurmatu", 44.63, 34.88),
    "Hawija": ("district", "Kirkuk", "Hawija", 43.77, 35.32),
    "Jalawla": ("settlement", "Diyala", "Khanaqin", 45.16, 34.27),
    "Khanaqin": ("settlement", "Diyala", "Khanaqin", 45.38, 34.35),
    "Tal": ("settlement", None, None, None, None),  # an ambiguous name
}
MENTION_COLUMNS = [
    "surface",
    "start",
    "end",
    "status",
    "id",
    "name",
    "feature_type",
    "governorate",
    "district",
    "disputed",
    "score",
]


def extract(text: str) -> gpd.GeoDataFrame:
    rows = []
    for name, (kind, gov, dist, lon, lat) in PLACES.items():
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            located = lon is not None
            rows.append(
                {
                    "surface": match.group(),
                    "start": match.start(),
                    "end": match.end(),
                    "status": "resolved" if located else "ambiguous",
                    "id": name.lower() if located else None,
                    "name": name if located else None,
                    "feature_type": kind if located else None,
                    "governorate": gov,
                    "district": dist,
                    "disputed": True,
                    "score": 100.0 if located else 60.0,
                    "geometry": shapely.Point(lon, lat) if located else shapely.Point(),
                }
            )
    if not rows:
        return gpd.GeoDataFrame(
            {c: [] for c in MENTION_COLUMNS}, geometry=gpd.GeoSeries([]), crs="EPSG:4326"
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return frame.sort_values("start", ignore_index=True)


def one(text: str, report_date="2024-03-14", **kwargs) -> pd.Series:
    frame = incidents_from_text(text, report_date=report_date, extractor=extract, **kwargs)
    assert len(frame) == 1, frame[["evidence"]]
    return frame.iloc[0]


# --------------------------------------------------------------------------- sentences


def test_split_sentences_offsets_and_abbreviations():
    text = "Headline here\nMaj. Gen. Ali said an IED hit. U.S. forces left! Why? Done."
    parts = split_sentences(text)
    assert [s for _, _, s in parts] == [
        "Headline here",
        "Maj. Gen. Ali said an IED hit.",
        "U.S. forces left!",
        "Why?",
        "Done.",
    ]
    for start, end, sentence in parts:
        assert text[start:end] == sentence


# --------------------------------------------------------------------------- event types


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Iraqi warplanes carried out an airstrike near Daquq yesterday.", "airstrike"),
        ("An air strike hit a hideout near Daquq yesterday.", "airstrike"),
        ("Bombing by aircraft destroyed a cave near Daquq yesterday.", "airstrike"),
        ("Forces raided a hideout near Daquq yesterday.", "raid"),
        ("Troops began a search operation near Daquq yesterday.", "search"),
        ("A roadside bomb went off near Daquq yesterday.", "ied"),
        ("An explosive device wounded two soldiers near Daquq yesterday.", "ied"),
        ("Gunmen ambushed a patrol near Daquq yesterday.", "ambush"),
        ("Police arrested three suspects near Daquq yesterday.", "arrest"),
        ("Two suspects were detained near Daquq yesterday.", "arrest"),
        ("Troops clashed with militants near Daquq yesterday.", "clash"),
        ("A firefight broke out near Daquq yesterday.", "clash"),
        ("Mortar shelling hit farmland near Daquq yesterday.", "shelling"),
        ("Militants kidnapped a shepherd near Daquq yesterday.", "kidnapping"),
        ("Militants attacked a checkpoint near Daquq yesterday.", "attack"),
        ("A farmer was killed near Daquq yesterday.", "killing"),
    ],
)
def test_event_keywords(sentence, kind):
    row = one(sentence)
    assert row["event_type"] == kind
    expected = ACLED_SUB_EVENT[kind]
    if expected is None:
        assert pd.isna(row["sub_event_type"])
    else:
        assert row["sub_event_type"] == expected
    assert row["evidence"] == sentence
    assert kind in EVENT_KEYWORDS


def test_background_prose_and_plans_are_not_events():
    # invented wording: a habitual claim, a plan, a summary of earlier events, a headline
    text = (
        "The group continues to mount hit-and-run attacks across Kirkuk. "
        "Joint brigades will launch operations against ISIS soon. "
        "The decision came after a string of ISIS assaults in Daquq during the past week. "
        "Army Sweep Targets ISIS Hideouts Around Daquq After Deadly Raids"
    )
    assert incidents_from_text(text, report_date="2024-01-01", extractor=extract).empty


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        # report date: Thursday 14 March 2024
        ("yesterday", "2024-03-13", "2024-03-13", "day"),
        ("today", "2024-03-14", "2024-03-14", "day"),
        ("the day before yesterday", "2024-03-12", "2024-03-12", "day"),
        ("on Sunday", "2024-03-10", "2024-03-10", "day"),
        ("on Thursday", "2024-03-14", "2024-03-14", "day"),
        ("late on Monday", "2024-03-11", "2024-03-11", "day"),
        ("Saturday night", "2024-03-09", "2024-03-09", "day"),
        ("last Thursday", "2024-03-07", "2024-03-07", "day"),
        ("last Friday", "2024-03-08", "2024-03-08", "day"),
        ("three days ago", "2024-03-11", "2024-03-11", "day"),
        ("last week", "2024-03-07", "2024-03-13", "range"),
        ("earlier this month", "2024-03-01", "2024-03-13", "range"),
        ("last month", "2024-02-01", "2024-02-29", "month"),
        ("this month", "2024-03-01", "2024-03-31", "month"),
        ("in March 2024", "2024-03-01", "2024-03-31", "month"),
        ("on July 13", "2023-07-13", "2023-07-13", "day"),
        ("on 2 March", "2024-03-02", "2024-03-02", "day"),
        ("on December 3, 2023", "2023-12-03", "2023-12-03", "day"),
        ("on 3 December 2023", "2023-12-03", "2023-12-03", "day"),
        ("on 2023-12-03", "2023-12-03", "2023-12-03", "day"),
    ],
)
def test_dates(phrase, start, end, precision):
    # report date: Thursday 14 March 2024
    row = one(f"An IED exploded near Daquq {phrase}.")
    assert row["date"] == pd.Timestamp(start)
    assert row["date_end"] == pd.Timestamp(end)
    assert row["date_precision"] == precision


def test_following_day_is_relative_to_the_previous_event():
    frame = incidents_from_text(
        "Last Thursday an IED exploded near Daquq. On the following day, gunmen "
        "attacked a checkpoint near Makhmour.",
        report_date="2023-12-03",
        extractor=extract,
    )
    assert frame["date"].tolist() == [pd.Timestamp("2023-11-30"), pd.Timestamp("2023-12-01")]


def test_relative_date_without_report_date_is_nat_and_noted():
    with pytest.warns(UserWarning, match="relative date"):
        frame = incidents_from_text("An IED exploded near Daquq yesterday.", extractor=extract)
    assert pd.isna(frame.loc[0, "date"])
    assert "date: 'yesterday' could not be resolved" in frame.loc[0, "issues"]
    explicit = incidents_from_text(
        "An IED exploded near Daquq on 3 December 2023.", extractor=extract
    )
    assert explicit.loc[0, "date"] == pd.Timestamp("2023-12-03")


def test_bad_report_date():
    with pytest.raises(ValueError, match="report_date"):
        incidents_from_text("x", report_date="not a date", extractor=extract)


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("Airstrikes near Daquq yesterday, killing over 100 militants.", 100, None),
        ("An attack near Daquq yesterday left at least ten civilians dead.", 10, None),
        (
            "A raid on a farm near Daquq yesterday caused the deaths of at least eight "
            "shepherds; 14 more were sustaining injuries.",
            8,
            14,
        ),
        (
            "Gunmen attacked a post near Daquq yesterday, causing the death of at least "
            "two policemen and injuring four more.",
            2,
            4,
        ),
        ("An IED near Daquq yesterday killed twenty-three people.", 23, None),
        ("Three soldiers were killed and two wounded near Daquq yesterday.", 3, 2),
        ("An IED near Daquq yesterday wounded a dozen soldiers.", None, 12),
        ("An IED hit a patrol near Daquq yesterday, causing no casualties.", None, None),
        ("Five shepherds and a policeman were killed near Daquq yesterday.", 6, None),
        ("An IED near Daquq yesterday injured a farmer and his son.", None, 2),
        ("Gunmen killed three policemen near Daquq yesterday and wounded one.", 3, 1),
    ],
)
def test_casualties(sentence, killed, injured):
    row = one(sentence)
    assert pd.isna(row["fatalities"]) if killed is None else row["fatalities"] == killed
    assert pd.isna(row["injuries"]) if injured is None else row["injuries"] == injured


# --------------------------------------------------------------------------- actors


@pytest.mark.parametrize(
    ("sentence", "actor1", "actor2"),
    [
        (
            "ISIS gunmen attacked villagers near Daquq yesterday.",
            "Islamic State (Iraq)",
            "Civilians (Iraq)",
        ),
        (
            "Daesh militants ambushed a Peshmerga patrol near Daquq yesterday.",
            "Islamic State (Iraq)",
            "Peshmerga",
        ),
        (
            "The Iraqi army and the PMF raided an IS hideout near Daquq yesterday.",
            "Military Forces of Iraq",
            "Islamic State (Iraq)",
        ),
        (
            "The Hashd arrested two suspects near Daquq yesterday.",
            "PMF",
            None,
        ),
        (
            "The Asayish detained an ISIS suspect near Daquq yesterday.",
            "Asayish",
            "Islamic State (Iraq)",
        ),
        (
            "The CTS captured an ISIS leader near Daquq yesterday.",
            "Counter-Terrorism Service (CTS)",
            "Islamic State (Iraq)",
        ),
        (
            "A coalition airstrike killed ISIS fighters near Daquq yesterday.",
            "International Coalition",
            "Islamic State (Iraq)",
        ),
        (
            "A roadside bomb hit an army patrol near Daquq yesterday.",
            None,
            "Military Forces of Iraq",
        ),
        ("Airstrikes killed ISIS fighters near Daquq yesterday.", None, "Islamic State (Iraq)"),
    ],
)
def test_actors(sentence, actor1, actor2):
    row = one(sentence)
    assert pd.isna(row["actor1"]) if actor1 is None else row["actor1"] == actor1
    assert pd.isna(row["actor2"]) if actor2 is None else row["actor2"] == actor2


# --------------------------------------------------------------------------- places


def test_most_specific_place_wins_and_near_lowers_precision():
    row = one("An IED hit a patrol in Kirkuk province's Daquq yesterday.")
    assert row["place"] == "Daquq" and row["precision"] == 1
    assert row["governorate"] == "Kirkuk" and row["district"] == "Daquq"
    assert row.geometry.equals(shapely.Point(44.45, 35.14))
    assert row["mentions"] == "Kirkuk; Daquq"
    near = one("An IED hit a patrol near Daquq yesterday.")
    assert near["precision"] == 2
    coarse = one("An IED hit a patrol in Kirkuk yesterday.")
    assert coarse["precision"] == 3


def test_unlocated_place_keeps_an_empty_point():
    row = one("An IED hit a patrol in Tal yesterday.")
    assert row.geometry.is_empty
    assert pd.isna(row["precision"])
    assert "place: 'Tal' is ambiguous" in row["issues"]
    # an event without any place makes no row: it is listed with the rejected mentions
    nowhere, rejected = incidents_from_text(
        "An IED killed two soldiers yesterday.",
        report_date="2024-03-14",
        extractor=extract,
        explain=True,
    )
    assert nowhere.empty
    assert rejected["role"].tolist() == ["no place"]
    assert "without an event place" in rejected.loc[0, "reason"]


def test_output_schema():
    frame = incidents_from_text(
        "An IED hit a patrol near Daquq yesterday.", report_date="2024-03-14", extractor=extract
    )
    assert tuple(frame.columns) == REPORT_COLUMNS
    assert set(INCIDENT_COLUMNS) <= set(frame.columns)
    assert frame.crs.to_epsg() == 4326
    assert str(frame["date"].dtype) == "datetime64[ns]"
    for column in ("precision", "fatalities", "injuries"):
        assert str(frame[column].dtype) == "Int64"
    assert frame.loc[0, "date_precision"] == "day"
    assert frame.loc[0, "evidence"] == "An IED hit a patrol near Daquq yesterday."
    assert frame.loc[0, "evidence_spans"] == "0-41" and frame.loc[0, "place_span"] == "25-30"
    assert "'IED' (ied)" in frame.loc[0, "reason"]
    assert frame.loc[0, "id"] == "report-s1"
    empty = incidents_from_text("Nothing happened.", extractor=extract)
    assert tuple(empty.columns) == REPORT_COLUMNS and empty.empty


# --------------------------------------------------------------------------- bundled reports


def sample_reports() -> list[Path]:
    folder = Path(str(resources.files("hotspot") / "data" / "sample_reports"))
    return sorted(folder.glob("*.txt"))


def test_bundled_reports_are_labelled_invented():
    paths = sample_reports()
    assert 3 <= len(paths) <= 5
    for path in paths:
        assert path.read_text(encoding="utf-8").startswith("INVENTED EXAMPLE REPORT")


def test_bundled_reports_give_the_expected_events():
    frame = incidents_from_reports(sample_reports(), report_dates="header", extractor=extract)
    assert frame["id"].is_unique
    got = {
        (r.source, r.event_type, r.place, str(r.date.date()) if pd.notna(r.date) else None)
        for r in frame.itertuples()
    }
    expected = {
        ("01_hamrin_ied", "ied", "Tuz Khurmatu", "2024-03-12"),
        ("01_hamrin_ied", "airstrike", "Hamrin", "2024-03-13"),
        ("02_hawija_arrests", "arrest", "Hawija", "2024-02-02"),
        ("02_hawija_arrests", "attack", "south of Daquq", "2024-02-03"),
        ("03_makhmour_clash", "clash", "Qara Chokh", "2024-06-08"),
        ("03_makhmour_clash", "kidnapping", "Makhmour", "2024-06-02"),
        ("04_diyala_attack", "attack", "Muqdadiya", "2023-11-17"),
        ("04_diyala_attack", "shelling", "Jalawla", "2023-11-18"),
        ("04_diyala_attack", "arrest", "Khanaqin", "2023-11-19"),
    }
    assert expected <= got
    assert got == expected
    ied = frame[(frame["event_type"] == "ied") & frame["date"].notna()].iloc[0]
    assert (ied["fatalities"], ied["injuries"]) == (2, 3)
    muqdadiya = frame[frame["place"] == "Muqdadiya"].iloc[0]
    assert (muqdadiya["fatalities"], muqdadiya["injuries"]) == (6, 9)
    assert muqdadiya["actor1"] == "Islamic State (Iraq)"


def test_incidents_from_reports_texts_dates_and_lengths(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("An IED exploded near Daquq yesterday.", encoding="utf-8")
    frame = incidents_from_reports(
        [path, "Gunmen attacked a checkpoint near Makhmour yesterday."],
        report_dates=["2024-03-14", "2024-01-02"],
        extractor=extract,
    )
    assert frame["id"].tolist() == ["one-s1", "report-2-s1"]
    assert frame["date"].tolist() == [pd.Timestamp("2024-03-13"), pd.Timestamp("2024-01-01")]
    with pytest.raises(ValueError, match="report_dates has 1 values for 2 reports"):
        incidents_from_reports(["a", "b"], report_dates=["2024-01-01"], extractor=extract)
    with pytest.raises(ValueError, match="sources has 1 names"):
        incidents_from_reports(["a", "b"], sources=["x"], extractor=extract)
    assert incidents_from_reports([], extractor=extract).empty


def test_default_extractor_is_hotspot_extract(monkeypatch):
    import hotspot.extract
    import hotspot.reports.read

    assert hotspot.reports.read.extract_places is hotspot.extract.extract_places
    monkeypatch.setattr(hotspot.reports.read, "extract_places", extract)
    frame = incidents_from_text("An IED exploded near Daquq yesterday.", report_date="2024-03-14")
    assert frame.loc[0, "place"] == "Daquq"


# --------------------------------------------------------------------------- seeds


def seed_002(shared_seeds: Path) -> str:
    paths = sorted(shared_seeds.glob("002_*.txt"))
    if not paths:
        pytest.skip("seed 002 not present")
    return paths[0].read_text(encoding="utf-8")


def check_seed_002(frame: gpd.GeoDataFrame) -> None:
    # the place name may be the gazetteer's spelling, so match on the mentions
    muqdadiya = frame[frame["mentions"].str.contains("Muqdadiya", na=False)]
    assert len(muqdadiya) == 1
    row = muqdadiya.iloc[0]
    assert row["event_type"] == "attack"
    assert row["governorate"] == "Diyala"
    assert row["fatalities"] >= 10
    assert row["injuries"] == 17
    assert row["date"] == pd.Timestamp("2023-11-30")  # "last Thursday" before Sun 3 Dec
    makhmour = frame[frame["mentions"].str.contains("Makhmour", na=False)]
    makhmour = makhmour[makhmour["date"].notna()]
    assert len(makhmour) == 1
    row = makhmour.iloc[0]
    assert row["event_type"] == "attack"
    assert row["precision"] >= 2  # "near Makhmour"
    assert row["date"] == pd.Timestamp("2023-12-01")  # "the following day"
    assert row["fatalities"] >= 1


def test_seed_002_with_stand_in_extractor(shared_seeds):
    frame = incidents_from_text(
        seed_002(shared_seeds), report_date="2023-12-03", source="seed-002", extractor=extract
    )
    check_seed_002(frame)


def test_seed_002_with_real_extractor(shared_seeds):
    pytest.importorskip("hotspot.extract", reason="hotspot.extract not written yet")
    frame = incidents_from_text(seed_002(shared_seeds), report_date="2023-12-03")
    check_seed_002(frame)


# --------------------------------------------------------------------------- review fixes


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        # a date is not a count
        ("On 12 May two soldiers were killed near Daquq.", 2, None),
        ("On 3 December 2023 four shepherds were killed near Daquq.", 4, None),
        # a rejected year must not hide the figure after it
        ("Two soldiers were killed near Daquq yesterday, the worst since 2023.", 2, None),
        # thousands separators
        ("Airstrikes near Daquq yesterday, killing over 1,200 militants.", 1200, None),
        ("Near Daquq 2,500 people have been killed since the offensive began.", 2500, None),
        # an age is not a count
        ("An IED near Daquq yesterday wounded 12-year-old girl.", None, 1),
        ("An IED near Daquq yesterday wounded 9 year old Ali and his father.", None, 2),
        # of two figures, the one next to the casualty word
        ("Gunmen attacked 40 homes near Daquq yesterday; 6 residents were killed.", 6, None),
    ],
)
def test_casualty_figures_dates_years_ages_and_separators(sentence, killed, injured):
    row = one(sentence)
    assert pd.isna(row["fatalities"]) if killed is None else row["fatalities"] == killed
    assert pd.isna(row["injuries"]) if injured is None else row["injuries"] == injured


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        # the speaker's city is not the scene
        (
            "Officials in Baghdad said an IED killed two soldiers near Tuz Khurmatu yesterday.",
            "Tuz Khurmatu",
        ),
        (
            "A Daquq police source said gunmen attacked a checkpoint in Makhmour yesterday.",
            "Makhmour",
        ),
        ("Baghdad said an IED killed two soldiers near Jalawla yesterday.", "Jalawla"),
        # a mention after a locative cue beats one without
        (
            "Khanaqin residents told reporters an IED hit a patrol near Jalawla yesterday.",
            "Jalawla",
        ),
        # of two cued places, the one nearest the event keyword
        (
            "Days after mortars fell near Khanaqin and far from any town, an IED hit a patrol "
            "near Jalawla yesterday.",
            "Jalawla",
        ),
        # containment: the more specific place still wins
        ("An IED hit a patrol in Kirkuk province's Daquq yesterday.", "Daquq"),
    ],
)
def test_place_is_the_scene_not_the_speaker(sentence, place):
    assert one(sentence)["place"] == place


def test_report_date_falls_back_to_the_header_and_warns_without_one():
    text = "Published: 14 March 2024\n\nAn IED exploded near Daquq yesterday."
    frame = incidents_from_text(text, extractor=extract)  # no warning: the header is used
    assert frame.loc[0, "date"] == pd.Timestamp("2024-03-13")
    given = incidents_from_text(text, report_date="2024-01-10", extractor=extract)
    assert given.loc[0, "date"] == pd.Timestamp("2024-01-09")  # an explicit date wins
    with pytest.warns(UserWarning, match=r"'Last Thursday'.*report_date") as record:
        frame = incidents_from_text(
            "Last Thursday an IED exploded near Daquq.", source="r1", extractor=extract
        )
    assert record[0].filename == __file__  # blames the caller, not hotspot
    assert pd.isna(frame.loc[0, "date"])
    with pytest.warns(UserWarning, match="relative date") as record:
        incidents_from_reports(["An IED exploded near Daquq yesterday."], extractor=extract)
    assert record[0].filename == __file__


def test_bundled_reports_use_their_header_without_report_dates():
    frame = incidents_from_reports(sample_reports(), extractor=extract)
    assert frame["date"].notna().sum() >= 9
    ied = frame[frame["source"] == "01_hamrin_ied"].iloc[0]
    assert ied["date"] == pd.Timestamp("2024-03-12")  # "on Tuesday" before 14 March 2024


@pytest.mark.parametrize("name", ["missing_report.txt", "notes.md", "reports/2024/one"])
def test_path_like_strings_that_are_not_files_raise(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=re.escape(repr(name))):
        incidents_from_reports([name], extractor=extract)


def test_directories_and_missing_paths_raise_and_text_is_still_text(tmp_path):
    with pytest.raises(FileNotFoundError, match="is a directory"):
        incidents_from_reports([str(tmp_path)], extractor=extract)
    with pytest.raises(FileNotFoundError, match="is a directory"):
        incidents_from_reports([tmp_path], extractor=extract)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        incidents_from_reports([tmp_path / "absent.txt"], extractor=extract)
    frame = incidents_from_reports(
        ["An IED exploded near Daquq yesterday.", "Gunmen and/or militants attacked Daquq."],
        report_dates="2024-03-14",
        extractor=extract,
    )
    assert frame["id"].tolist() == ["report-1-s1", "report-2-s1"]


def squash(name) -> str:
    return re.sub(r"[^a-z]", "", str(name).lower())


def test_bundled_reports_with_the_real_extractor():
    pytest.importorskip("hotspot.extract", reason="hotspot.extract not written yet")
    frame = incidents_from_reports(sample_reports())  # dates from the Published: headers
    got = {(r.source, r.event_type): (squash(r.district), r.date) for r in frame.itertuples()}
    ied = got[("01_hamrin_ied", "ied")]
    assert ied[0] in {"tuzkhurmatu", "tuzkhurmato", "tooz"}, frame.loc[0, "mentions"]
    assert ied[1] == pd.Timestamp("2024-03-12")
    row = frame[(frame["source"] == "01_hamrin_ied") & (frame["event_type"] == "ied")].iloc[0]
    assert squash(row["governorate"]) in {"salahaddin", "saladin", "salahal din", "salahaldin"}
    assert (row["fatalities"], row["injuries"]) == (2, 3)
    assert not row.geometry.is_empty
    expected = {
        ("02_hawija_arrests", "arrest"): ("hawija", "2024-02-02"),
        ("03_makhmour_clash", "kidnapping"): ("makhmour", "2024-06-02"),
        ("04_diyala_attack", "attack"): ("muqdadiya", "2023-11-17"),
        ("04_diyala_attack", "arrest"): ("khanaqin", "2023-11-19"),
    }
    for key, (district, day) in expected.items():
        assert got[key] == (district, pd.Timestamp(day)), key
