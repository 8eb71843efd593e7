"""The rules of hotspot.reports.events and .roles, one by one, on sentences of our own.

They use the bundled gazetteer through hotspot.extract (well-known towns only), so
that what is tested is what an analyst gets.
"""

from __future__ import annotations

import pandas as pd
import pytest
import shapely
from pyproj import Geod

from hotspot.reports import ExplainedIncidents, incidents_from_text

pytest.importorskip("hotspot.extract")

REPORT_DATE = "2024-03-14"  # a Thursday
GEOD = Geod(ellps="WGS84")


def run(text: str, **kwargs) -> ExplainedIncidents:
    kwargs.setdefault("report_date", REPORT_DATE)
    return incidents_from_text(text, explain=True, **kwargs)


def km(a: shapely.Point, lon: float, lat: float) -> float:
    return GEOD.inv(a.x, a.y, lon, lat)[2] / 1000


def roles(rejected: pd.DataFrame) -> dict[str, str]:
    return dict(zip(rejected["surface"].astype(str), rejected["role"], strict=True))


# ----------------------------------------------------------------- 1. place roles
def test_governments_named_by_their_seat_make_no_incident():
    out = run(
        "Gunmen attacked a checkpoint near Daquq on Sunday, days after talks between "
        "Erbil and Baghdad on joint security."
    )
    assert out.incidents["place"].tolist() == ["Daquq"]
    assert roles(out.rejected) == {"Erbil": "metonymy", "Baghdad": "metonymy"}


def test_a_seat_as_actor_or_in_a_statement_is_no_event_place():
    out = run(
        "Ankara said its drones struck a vehicle near Sinjar on Sunday. Baghdad condemned "
        "the strike in a statement issued in Baghdad on Monday."
    )
    assert out.incidents["place"].tolist() == ["Sinjar"]
    assert set(out.rejected["role"]) <= {"metonymy", "meeting"}


def test_a_bomb_in_the_capital_is_an_event_there():
    out = run("A car bomb exploded in Baghdad on Sunday, killing four people.")
    assert out.incidents["place"].tolist() == ["Baghdad"]
    assert out.incidents.loc[0, "fatalities"] == 4


def test_reference_point_with_a_distance_places_the_event_at_that_offset():
    out = run("ISIS militants killed two farmers in a village 40 km south of Mosul on Sunday.")
    row = out.incidents.iloc[0]
    assert row["precision"] == 2
    assert row["governorate"] == "Nineveh"
    mosul = (43.119, 36.335)
    assert 38 < km(row.geometry, *mosul) < 42
    assert row.geometry.y < mosul[1]  # south
    assert "40 km south of Mosul" in row["place"]


def test_reference_point_with_another_place_gives_the_other_place():
    out = run("An IED struck a patrol in Wadi al-Shay, southwest of Kirkuk, on Sunday.")
    assert out.incidents["place"].tolist() == ["Wadi al-Shay"]
    assert roles(out.rejected) == {"Kirkuk": "reference"}


def test_direction_alone_gives_the_governorate_with_precision_3():
    out = run("Gunmen attacked a checkpoint northwest of Kirkuk on Sunday.")
    row = out.incidents.iloc[0]
    assert (row["place"], row["governorate"], row["precision"]) == (
        "northwest of Kirkuk",
        "Kirkuk",
        3,
    )
    assert pd.isna(row["district"])


def test_dateline_outlet_and_meeting_places_make_no_incident():
    out = run(
        "SULAIMANI, Kurdistan Region (Kurdistan24) – A delegation from Baghdad arrived in "
        "Erbil on Sunday. Gunmen attacked a post near Kifri on Sunday, KirkukNow reported."
    )
    assert out.incidents["place"].tolist() == ["Kifri"]
    got = roles(out.rejected)
    assert got["SULAIMANI"] == "dateline"
    assert got["Erbil"] == "meeting"
    assert got["Baghdad"] == "metonymy"


def test_where_attackers_fled_is_no_event_place():
    out = run(
        "Gunmen killed two soldiers near Kifri on Sunday. The militants fled towards the "
        "orchards of Jalawla after the attack."
    )
    assert out.incidents["place"].tolist() == ["Kifri"]
    assert roles(out.rejected) == {"Jalawla": "background"}


def test_a_quarter_after_its_town_s_possessive_takes_the_town_s_cue():
    """'in Kirkuk's Wasiti neighbourhood': the event is in the quarter, not at an uncued town."""
    out = run(
        "A militant who had fled from Hawija blew himself up when security forces surrounded "
        "his hideout in Kirkuk's Wasiti neighbourhood on Tuesday."
    )
    assert out.incidents["place"].tolist() == ["Wasiti"]
    assert out.incidents["precision"].tolist() == [1]


def test_a_speaker_named_after_a_place_is_a_source():
    out = run("A Kirkuk police officer said gunmen attacked a post near Hawija on Sunday.")
    assert out.incidents["place"].tolist() == ["Hawija"]
    assert roles(out.rejected) == {"Kirkuk": "source"}


def test_province_only_gives_the_province_with_matching_precision():
    out = run("Five shepherds were killed on Sunday in rural Salahaddin province.")
    row = out.incidents.iloc[0]
    assert (row["governorate"], row["precision"], row["fatalities"]) == ("Salahaddin", 3, 5)
    assert pd.isna(row["district"])


def test_part_of_a_province_takes_a_point_in_that_part():
    out = run("Iraqi forces launched an operation in southern Kirkuk province on Sunday.")
    row = out.incidents.iloc[0]
    assert row["place"] == "southern Kirkuk" and row["precision"] == 3
    assert row.geometry.y < 35.3  # south of Kirkuk city (35.47 N)


def test_unknown_village_keeps_its_district_and_that_precision():
    out = run(
        "A roadside bomb killed two soldiers near the village of Kharab Zuhair in "
        "Daquq district on Sunday."
    )
    row = out.incidents.iloc[0]
    assert (row["district"], row["precision"]) == ("Daquq", 3)


def test_a_village_far_from_the_town_it_is_near_is_another_village():
    # the gazetteer's Albu Bali is in Muqdadiya district, some 60 km from Mandali
    out = run("Gunmen killed four people in the village of Albu Bali, near Mandali, on Sunday.")
    row = out.incidents.iloc[0]
    assert (row["place"], row["precision"]) == ("Mandali", 2)
    assert "another place of that name" in row["issues"]


def test_a_title_is_no_event_place_and_the_raid_refers_back():
    out = run(
        "Iraqi forces killed an ISIS leader in the Wadi Tharthar area on Saturday. The "
        "leader was the group's wali of Anbar, and the raid was backed by the coalition."
    )
    assert out.incidents["place"].tolist() == ["Wadi Tharthar"]
    assert len(out.incidents.loc[0, "evidence"].splitlines()) == 2


def test_between_two_towns_is_their_midpoint():
    out = run("Gunmen attacked an army post on the road between Daquq and Tuz Khurmatu on Sunday.")
    row = out.incidents.iloc[0]
    assert row["precision"] == 2
    daquq, tuz = (44.449, 35.139), (44.633, 34.888)
    assert abs(km(row.geometry, *daquq) - km(row.geometry, *tuz)) < 1


def test_a_point_derived_from_a_coarse_place_is_coarse():
    """20 km east of a 60 km range, or between a town and it, is no precise point."""
    offset = run("Gunmen killed two shepherds 20 km east of the Hamrin mountains on Sunday.")
    assert offset.incidents["precision"].tolist() == [3]
    between = run(
        "Gunmen killed two shepherds between Tuz Khurmatu and the Hamrin mountains on Sunday."
    )
    assert between.incidents["precision"].tolist() == [3]
    town = run("Gunmen killed two shepherds 20 km east of Tuz Khurmatu on Sunday.")
    assert town.incidents["precision"].tolist() == [2]


def test_a_district_says_more_than_a_river_through_it():
    out = run("An IED killed two soldiers on the Tigris River in Shirqat district on Sunday.")
    row = out.incidents.iloc[0]
    assert row["precision_source"] == "report:district" and row["precision"] == 3
    assert row["district"] == "Shirqat"


def test_an_offset_from_a_town_says_more_than_a_river_or_a_province():
    out = run("Two soldiers were killed 15 km south of Baiji on the Tigris on Sunday.")
    row = out.incidents.iloc[0]
    assert row["place"] == "15 km south of Baiji" and row["precision"] == 2
    out = run("Gunmen killed a farmer 20 km west of Kirkuk in Kirkuk province on Sunday.")
    assert out.incidents.iloc[0]["precision_source"] == "report:offset"


def test_a_road_written_with_an_en_dash_is_one_name():
    """'the Kirkuk–Baghdad road near Taza' is not an event in Kirkuk city."""
    out = run("ISIS attacked a patrol on the Kirkuk–Baghdad road near Taza on Sunday.")
    row = out.incidents.iloc[0]
    assert row["place"] == "Taza Khurmatu" and row["precision"] == 2


def test_a_place_after_a_comma_that_holds_the_first_only_says_where_it_is():
    """'Wadi Zghaitun, Kirkuk' is the wadi in Kirkuk province, not an event in Kirkuk city."""
    out = run("An airstrike hit ISIS hideouts in Wadi Zghaitun, Kirkuk, on Sunday.")
    row = out.incidents.iloc[0]
    assert row["precision_source"] == "report:valley" and "Zghaitun" in row["place"]
    out = run("ISIS killed a farmer in Albu Bali, Muqdadiya, on Sunday.")
    assert out.incidents.iloc[0]["place"] == "Albu Bali"


def test_between_two_far_towns_is_a_coarse_midpoint():
    """Tuz Khurmatu and Kirkuk lie 75 km apart: the midpoint is no precise place."""
    out = run(
        "An IED struck an army vehicle on the road between Tuz Khurmatu and Kirkuk on Sunday."
    )
    row = out.incidents.iloc[0]
    assert row["place"] == "between Tuz Khurmatu and Kirkuk"
    assert row["precision"] == 3
    tuz, kirkuk = (44.633, 34.888), (44.392, 35.468)
    assert abs(km(row.geometry, *tuz) - km(row.geometry, *kirkuk)) < 2


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # where the wounded were taken, where people came from: not the event place
        (
            "The wounded were taken to a hospital in Kirkuk after an IED exploded in "
            "Wadi al-Shay on Sunday.",
            "Wadi al-Shay",
        ),
        (
            "Two PMF fighters from Amerli were killed in an ISIS attack in Daquq on Sunday.",
            "Daquq",
        ),
        # a person's home place
        ("Ahmed Jasim of Hawija was killed in an IED blast in Daquq on Sunday.", "Daquq"),
        ("A Hawija resident was killed in an IED blast in Daquq on Sunday.", "Daquq"),
    ],
)
def test_places_that_are_not_where_the_event_was(text, place):
    assert run(text).incidents["place"].tolist() == [place]


def test_the_victim_of_a_source_word_is_where_the_event_was():
    out = run("Gunmen killed a police officer in Tuz Khurmatu on Sunday.")
    assert out.incidents["place"].tolist() == ["Tuz Khurmatu"]
    out = run("A police officer in Kirkuk said gunmen attacked a checkpoint near Daquq on Sunday.")
    assert out.incidents["place"].tolist() == ["Daquq"]


def test_a_part_of_a_province_named_like_its_city_is_the_province():
    """'southern Kirkuk' is a part of the governorate, not Kirkuk city at precision 1."""
    out = run("ISIS fighters attacked a PMF position in southern Kirkuk on Sunday.")
    row = out.incidents.iloc[0]
    assert row["precision"] == 3 and row["precision_source"] == "report:governorate"
    # "southwest Kirkuk": the city's part or the province's: coarse, at the city
    row = run("Gunmen killed a farmer in southwest Kirkuk on Sunday.").incidents.iloc[0]
    assert row["precision"] == 3 and row["place"] == "southwest Kirkuk"
    row = run("A bomb exploded in central Kirkuk on Sunday.").incidents.iloc[0]
    assert row["precision"] == 1


def test_a_village_of_another_province_than_the_district_named_is_another_village():
    """'Hamdaniya in Hawija district' is not Hamdaniya (Qaraqosh) in Nineveh."""
    out = run("Gunmen attacked Hamdaniya in Hawija district on Sunday.")
    row = out.incidents.iloc[0]
    assert row["governorate"] == "Kirkuk" and row["precision"] == 3
    assert "another place of that name" in out.rejected["reason"].str.cat() + row["issues"]
    # with its word, the geocoder already says a village is not the district's seat
    out = run("Gunmen attacked the village of Hamdaniya in Hawija district on Sunday.")
    row = out.incidents.iloc[0]
    assert row["governorate"] == "Kirkuk" and row["precision"] == 3
    assert "'village of Hamdaniya' is not in the gazetteer" in row["issues"]


def test_an_offset_from_a_town_says_more_than_a_long_range():
    out = run(
        "Militants attacked a post in the Hamrin mountains, 30 km northeast of Baquba, on Sunday."
    )
    row = out.incidents.iloc[0]
    assert row["precision_source"] == "report:offset" and row["precision"] == 2


def test_a_road_the_gazetteer_lacks_lies_between_its_towns():
    out = run("Gunmen attacked a checkpoint on the Tikrit-Samarra road on Sunday.")
    row = out.incidents.iloc[0]
    assert row["place"] == "between Tikrit and Samarra" and row["precision"] == 3


@pytest.mark.parametrize(
    "text",
    [
        "An IED exploded outside a hospital in Kirkuk on Sunday, wounding two policemen.",
        "A suicide bomber struck a funeral in Tarmiyah on Sunday, killing five mourners.",
        "ISIS gunmen killed three Tarmiyah residents in an orchard on Sunday.",
        "An IED exploded a few kilometres from Tuz Khurmatu on Sunday, wounding two soldiers.",
    ],
)
def test_the_event_place_is_kept_where_the_words_only_look_like_elsewhere(text):
    """A second review: hospitals, funerals, residents, "from" are event places here."""
    row = run(text).incidents.iloc[0]
    assert row["precision"] in (1, 2)


def test_a_distance_without_a_direction():
    near = run("An IED exploded 20 km from Kirkuk on Sunday.").incidents.iloc[0]
    far = run("An IED exploded 80 km from Kirkuk on Sunday.").incidents.iloc[0]
    assert (near["precision"], far["precision"]) == (2, 3)


def test_a_town_of_a_disputed_district_written_with_the_neighbouring_province():
    """'Tuz Khurmatu in Kirkuk province': the town, though OCHA puts it in Salahaddin."""
    out = run("Gunmen attacked a checkpoint in Tuz Khurmatu in Kirkuk province on Sunday.")
    assert out.incidents.iloc[0]["place"] == "Tuz Khurmatu"


def test_a_named_place_far_from_where_the_text_puts_the_event_is_not_it():
    out = run("A Daquq resident was killed by an IED in the Zghaitun valley on Sunday.")
    assert out.incidents.iloc[0]["precision_source"] == "report:valley"


def test_a_village_the_offset_puts_elsewhere_is_another_village():
    """'Tel al-Dhahab, some 40 km south of Kirkuk': not the Tal al-Dhahab 51 km from there."""
    out = run(
        "The village of Tel al-Dhahab, some 40 km south of Kirkuk, came under mortar fire "
        "on Sunday."
    )
    row = out.incidents.iloc[0]
    assert row["precision_source"] == "report:offset" and "another place" in row["issues"]
    out = run(
        "ISIS militants attacked a checkpoint in Saadiya, 20 miles south of Khanaqin, on Sunday."
    )
    assert out.incidents.iloc[0]["place"] == "Saadiya"  # 29 km from the rounded offset: itself


def test_a_planned_attack_is_no_event():
    text = (
        "Security forces arrested an ISIS leader in Kirkuk on Sunday. "
        "He had planned an attack in Tuz Khurmatu, they added."
    )
    assert run(text).incidents["place"].tolist() == ["Kirkuk"]


def test_a_denied_or_accidental_event_is_no_event_whatever_its_date():
    for text, role in (
        (
            "A fire broke out in the Laylan camp south-east of Kirkuk on Sunday; officials "
            "ruled out an ISIS attack.",
            "denial",
        ),
        (
            "A bomb went off at an arms depot in Kirkuk on Sunday by accident, police said.",
            "accident",
        ),
    ):
        out = run(text)
        assert out.incidents.empty, text
        assert out.rejected["reason"].str.startswith(role).any(), text
    # the denial is the sentence's: the next sentence's event stands
    text = (
        "Police ruled out an attack at the Kirkuk market on Saturday. "
        "Gunmen killed two shepherds in Rashad on Sunday."
    )
    assert run(text).incidents["place"].tolist() == ["Rashad"]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("An army patrol came under fire near Rutba on Friday.", "attack"),
        ("ISIS militants set fire to wheat fields in Daquq district on Sunday.", "attack"),
        ("A sniper fired at a federal police post in Mutaibija on Sunday.", "attack"),
        ("An ISIS cell overran an army post in the Hamrin mountains on Sunday.", "attack"),
        ("Two soldiers were wounded in Tarmiyah on Sunday.", "attack"),
        ("A Kirkuk resident was shot dead in Hawija on Sunday.", "killing"),
        ("A bomb went off near the main market of Tuz Khurmatu on Sunday.", "ied"),
        ("A bomb hit a police patrol in Daquq on Monday.", "ied"),
        ("An explosion in Makhmour district on Sunday wounded a Peshmerga fighter.", "ied"),
        ("Coalition aircraft struck ISIS hideouts in Wadi al-Shay on Sunday.", "airstrike"),
    ],
)
def test_less_common_event_wordings_make_a_row(text, kind):
    out = run(text)
    assert len(out.incidents) == 1, text
    assert f"({kind})" in out.incidents.iloc[0]["reason"]


def test_the_wounded_taken_to_hospital_make_no_second_row():
    text = (
        "Two soldiers were killed and three wounded in an ISIS attack in Tarmiyah on Saturday. "
        "The wounded were taken to Balad hospital."
    )
    assert run(text).incidents["place"].tolist() == ["Tarmiyah"]


def test_a_road_the_gazetteer_knows_by_another_word_is_between_its_towns():
    """'the Kirkuk-Hawija highway': Kirkuk is not lost to the longer name it starts."""
    out = run("A bomb hit a police patrol on the Kirkuk-Hawija highway on Monday.")
    assert out.incidents["place"].tolist() == ["between Kirkuk and Hawija"]


def test_two_events_in_one_sentence_are_two_rows():
    out = run(
        "ISIS killed a shepherd in Rashad on Saturday, and on Sunday an IED wounded two "
        "soldiers in Dibis."
    )
    rows = out.incidents
    assert rows["place"].tolist() == ["Rashad", "Dibis"]
    assert rows["id"].tolist() == ["report-s1", "report-s1.2"]
    assert rows["date"].dt.day_name().tolist() == ["Saturday", "Sunday"]
    # a clause without a date of its own takes the sentence's
    out = run(
        "Two soldiers were killed near Tarmiyah on Friday, while a third was wounded in Samarra."
    )
    assert out.incidents["place"].tolist() == ["Tarmiyah", "Samarra"]
    assert out.incidents["date"].dt.day_name().tolist() == ["Friday", "Friday"]


def test_two_places_each_with_its_own_casualties_are_two_rows():
    """A name after ', and' goes on a list only when the one before has no event of its own."""
    out = run(
        "ISIS militants attacked Daquq, killing two soldiers, and Hawija, killing three "
        "policemen, on Tuesday."
    )
    rows = out.incidents
    assert rows["place"].tolist() == ["Daquq", "Hawija"]
    assert rows["fatalities"].tolist() == [2, 3]
    # a date that ends the sentence dates the first clause too
    assert rows["date"].dt.day_name().tolist() == ["Tuesday", "Tuesday"]


@pytest.mark.parametrize(
    "text",
    [
        "ISIS killed a shepherd in Rashad, and on Sunday an IED wounded two soldiers in Dibis.",
        "Gunmen killed a shepherd in Rashad, and security forces arrested the killers in Hawija "
        "on Friday.",
    ],
)
def test_the_first_clause_does_not_take_a_date_of_a_later_one(text):
    rows = run(text).incidents
    assert rows["place"].tolist()[0] == "Rashad"
    assert rows["date"].isna().tolist() == [True, False]


@pytest.mark.parametrize(
    "text, kind",
    [
        (
            "ISIS militants seized a checkpoint and killed two soldiers near Daquq on Tuesday.",
            "killing",
        ),
        ("Security forces looking for the gunmen were ambushed near Daquq on Tuesday.", "ambush"),
        ("Militants seizing cars attacked a checkpoint near Daquq on Thursday.", "attack"),
        ("Police seized explosives and arrested three suspects in Daquq on Tuesday.", "arrest"),
        (
            "During a sweep for ISIS remnants an IED exploded near Daquq on Wednesday, killing "
            "two soldiers.",
            "ied",
        ),
    ],
)
def test_a_search_or_seizure_beside_a_real_event_keeps_the_event(text, kind):
    """An event verb is never a thing sought, and an article starts another thing."""
    assert run(text).incidents["event_type"].tolist() == [kind]


@pytest.mark.parametrize(
    "text, kind, place",
    [
        (
            "Gunmen attacked an army patrol in Hawija on Monday while it was searching for "
            "IEDs near Riyadh.",
            "attack",
            "Hawija",
        ),
        ("Troops searched for IEDs near Riyadh on Monday.", "search", "Riyadh"),
        (
            "An IED exploded in Riyadh on Monday as troops were searching for more IEDs.",
            "ied",
            "Riyadh",
        ),
        (
            "Troops searching for militants when a roadside bomb exploded near Riyadh on "
            "Monday killed two.",
            "ied",
            "Riyadh",
        ),
    ],
)
def test_what_a_search_is_for_is_no_event(text, kind, place):
    rows = run(text).incidents
    assert rows["event_type"].tolist() == [kind]
    assert rows["place"].tolist() == [place]


def test_a_thing_seized_or_found_is_no_event():
    out = run(
        "Iraqi troops raided an ISIS hideout near Tuz Khurmatu on Wednesday and seized a "
        "cache of explosive belts and mortar rounds."
    )
    assert out.incidents["event_type"].tolist() == ["raid"]  # no shelling
    out = run(
        "Farmers ploughing a field near Al-Zab found a cache of rusted rockets on Wednesday "
        "and handed it to police."
    )
    assert out.incidents.empty
    # the cue ends at a clause word: the shells that hit are an event
    out = run("ISIS seized the village after mortar shells hit it on Monday near Hawija.")
    assert out.incidents["event_type"].tolist() == ["shelling"]


def test_a_vehicle_travelling_from_one_town_to_another_is_between_them():
    out = run(
        "Gunmen opened fire on a minibus travelling from Tuz Khurmatu to Kirkuk on Saturday, "
        "wounding four passengers."
    )
    rows = out.incidents
    assert rows["place"].tolist() == ["between Tuz Khurmatu and Kirkuk"]
    assert rows["precision"].tolist() == [3]  # some 75 km apart: coarse
    out = run("An IED hit a convoy heading from Daquq to Tuz Khurmatu on Monday.")
    assert out.incidents["place"].tolist() == ["between Daquq and Tuz Khurmatu"]
    out = run("An IED exploded on the road from Kirkuk to Tikrit on Monday.")
    assert out.incidents["place"].tolist() == ["between Kirkuk and Tikrit"]  # not Kirkuk
    # a list after "to" is no one way: no pair, and no town at precision 1
    out = run("A convoy travelling from Kirkuk to Daquq and Tuz Khurmatu was ambushed on Tuesday.")
    assert not (out.incidents["precision"] == 1).any()


def test_a_later_death_of_the_wounded_does_not_date_the_event():
    # the attack was last year: background, no row
    out = run("A soldier wounded in an attack in Hawija last year died of his wounds on Sunday.")
    assert out.incidents.empty
    out = run("A soldier wounded in an attack in Hawija on Tuesday died of his wounds on Sunday.")
    rows = out.incidents
    assert rows["date"].dt.day_name().tolist() == ["Tuesday"]
    assert rows["fatalities"].tolist() == [1]
    # the attack's date is not said: no date rather than the day of the death
    out = run("A farmer wounded in an IED blast in Hawija later died in hospital on Sunday.")
    assert out.incidents["date"].isna().all() and out.incidents["fatalities"].tolist() == [1]
    # "died on Sunday when an IED exploded" is the event's day
    out = run("Two soldiers died on Sunday when an IED exploded in Hawija.")
    assert out.incidents["date"].dt.day_name().tolist() == ["Sunday"]
    out = run(
        "A soldier wounded in an IED blast near Hawija died of his wounds in a Kirkuk hospital "
        "on Sunday."
    )
    assert out.incidents["date"].isna().all()
    # of several wounded, who died is not told: they stay wounded
    out = run(
        "Three soldiers were wounded in an attack in Hawija on Tuesday; one of them succumbed "
        "to his injuries."
    )
    assert out.incidents["fatalities"].isna().all()


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a checkpoint in Daquq on Sunday, and killed two soldiers.",
        "An IED exploded in Wadi al-Shay on Sunday; the wounded were taken to a hospital in "
        "Kirkuk.",
        "Iraqi warplanes struck ISIS positions on the outskirts of Kirkuk, Diyala, and Saladin, "
        "resulting in the deaths of 150 militants.",
    ],
)
def test_a_clause_without_an_event_and_a_place_of_its_own_is_no_second_row(text):
    assert len(run(text).incidents) <= 1


def test_the_road_between_two_government_seats_is_ground():
    """'the road between Kirkuk and Erbil' is a place; 'talks between Erbil and Baghdad' not."""
    out = run(
        "An IED exploded on the road between Kirkuk and Erbil on Monday, wounding two Peshmerga."
    )
    assert out.incidents["place"].tolist() == ["between Kirkuk and Erbil"]
    out = run(
        "Talks between Erbil and Baghdad resumed on Monday after gunmen killed two soldiers "
        "in Daquq."
    )
    assert out.incidents["place"].tolist() == ["Daquq"]


@pytest.mark.parametrize(
    "text, role",
    [
        (
            "Diyala police on Friday denied reports that ISIS militants had overrun the village "
            "of Abu Karma near Muqdadiya.",
            "denial",
        ),
        ("A traffic accident on the Kirkuk-Tikrit road killed three people on Monday.", "accident"),
        (
            "A Kirkuk criminal court on Wednesday sentenced two men to death for an ISIS attack "
            "on the city.",
            "trial",
        ),
        (
            "Yazidis gathered in Kocho on Thursday to mark the anniversary of the massacre in "
            "which ISIS killed hundreds of villagers.",
            "memorial",
        ),
    ],
)
def test_sentences_about_an_event_that_is_none_make_no_row(text, role):
    out = run(text)
    assert out.incidents.empty, text
    assert out.rejected["reason"].str.startswith(role).any() or out.rejected["role"].eq(role).any()


def test_an_attack_on_a_funeral_or_a_court_is_an_event():
    for text in (
        "A suicide bomber attacked the funeral of a tribal leader in Tarmiyah on Sunday.",
        "Gunmen attacked the court building in Kirkuk on Sunday, wounding two guards.",
        "Security forces seized two sniper rifles at a checkpoint outside Baquba on Saturday.",
    ):
        rows = run(text).incidents
        assert len(rows) == (0 if "seized" in text else 1), text


@pytest.mark.parametrize(
    "text",
    [
        "Iraqi F-16 jets bombed ISIS hideouts in the Khanuqa mountains on Tuesday.",
        "Two soldiers died when a booby-trapped house blew up in Al-Ishaqi on Thursday.",
        "The army repelled an ISIS infiltration attempt on a post near Samarra on Monday.",
        "An army post in Zghetoon, south-west of Daquq, came under ISIS fire on Saturday.",
        "An ISIS sniper shot a soldier near Rashad on Monday.",
    ],
)
def test_more_event_wordings_make_a_row(text):
    assert len(run(text).incidents) == 1, text


def test_a_place_of_an_event_its_year_names_is_not_the_event_place():
    """'... adding that he had planned the 2019 bombing in Tuz Khurmatu' is no event in Tuz."""
    out = run(
        "A drone strike killed an ISIS leader in the Hamrin mountains on Sunday, the Security "
        "Media Cell said, adding that he had planned the 2019 bombing in Tuz Khurmatu."
    )
    assert out.incidents["place"].tolist() == ["Hamrin Mountains"]
    tuz = out.rejected[out.rejected["surface"] == "Tuz Khurmatu"]
    assert tuz["reason"].str.contains("an earlier event").all() and len(tuz) == 1


@pytest.mark.parametrize(
    "text",
    [
        "A car bomb exploded in Kirkuk on Sunday, killing two people; officials ruled out a gas "
        "cylinder explosion.",
        "ISIS attacked Daquq on Sunday in what police said was not an accidental fire.",
        "Police initially reported a car accident, but later confirmed that an IED killed two "
        "people in Tuz Khurmatu on Sunday.",
        "ISIS attacked a checkpoint in Daquq on Sunday, killing two soldiers, on the anniversary "
        "of the fall of Mosul.",
        "Gunmen on Sunday killed a judge in Kirkuk who had sentenced ISIS members.",
        "An IED exploded near the criminal court in Kirkuk on Sunday, wounding two guards.",
        "Officials denied reports that ISIS attacked Hawija on Sunday, but confirmed an IED "
        "killed a soldier in Daquq.",
        "An IED killed two soldiers on Sunday at the 2017 frontline near Daquq.",
        "An IED exploded near Tarmiyah on Sunday; it was the third attack in Tarmiyah this month.",
    ],
)
def test_a_cue_about_another_clause_or_negated_keeps_the_event(text):
    """A denial, accident, trial or memorial cue holds only in the event's clause, unnegated."""
    assert len(run(text).incidents) == 1, text


@pytest.mark.parametrize(
    "text",
    [
        "ISIS exploited the security gap in the disputed area between Erbil and Baghdad to "
        "attack a checkpoint on Sunday.",
        "The brigade came under criticism in Hawija on Sunday.",
        "Engineers removed unexploded bombs from damaged houses in Mosul on Sunday.",
        "Engineers dismantled booby-trapped houses in Hawija on Sunday.",
        "The operation to rebuild the bridge in Qayyarah started on Sunday.",
        "Farmers set fire to stubble near Hawija on Sunday.",
        "Two policemen were wounded when their car overturned near Daquq on Sunday.",
    ],
)
def test_words_near_an_event_word_make_no_row(text):
    assert run(text).incidents.empty, text


def test_a_clause_with_a_year_of_its_own_is_background():
    out = run("An IED killed a soldier in Hawija on Sunday, while ISIS attacked Daquq in 2019.")
    assert out.incidents["place"].tolist() == ["Hawija"]


@pytest.mark.parametrize(
    "text, rows",
    [
        (
            "Two soldiers were killed in an explosion at an ammunition depot in Kirkuk on "
            "Sunday; the army said it was accidental.",
            0,
        ),
        (
            "Reports said ISIS attacked a checkpoint in Hawija on Sunday; police denied reports "
            "of the attack.",
            0,
        ),
        ("A gas cylinder explosion killed two people in Kirkuk on Sunday.", 0),
        ("Intelligence warned of an imminent ISIS attack on Tuz Khurmatu.", 0),
        ("A court in Kirkuk on Sunday sentenced an ISIS member over an attack on Daquq.", 0),
        (
            "Police said the fire in Kirkuk was caused by an electrical fault, while gunmen "
            "attacked a checkpoint in Daquq on Sunday.",
            1,
        ),
        (
            "Gunmen killed two soldiers in Tarmiyah on Sunday, three days after a court "
            "convicted an ISIS emir.",
            1,
        ),
        (
            "An IED killed two soldiers in Hawija on Sunday; Daquq police said a mortar attack "
            "hit a village near Daquq.",
            2,
        ),
        (
            "An IED killed two soldiers in Hawija on Sunday; that came hours after gunmen "
            "attacked a checkpoint in Daquq.",
            2,
        ),
        ("ISIS militants blew up a bridge near Hawija on Sunday.", 1),
        ("An army post came under heavy gunfire near Tuz Khurmatu on Sunday.", 1),
        ("Wheat fields near Daquq were set on fire by ISIS on Sunday.", 1),
    ],
)
def test_a_cue_that_refers_back_counts_one_about_another_event_does_not(text, rows):
    assert len(run(text).incidents) == rows, text


def test_events_abroad_are_not_recorded():
    out = run("A coalition airstrike killed an ISIS leader in Aleppo province on Sunday.")
    assert out.incidents.empty
    assert "outside Iraq" in out.rejected.loc[0, "reason"]


# ----------------------------------------------------------------- 2. one row per event
def test_lead_detail_and_repeat_are_one_row_with_all_evidence():
    text = (
        "Gunmen killed two soldiers near Makhmour on Sunday. The attack also wounded three "
        "others. Gunmen killed two soldiers near Makhmour on Sunday."
    )
    out = run(text)
    assert len(out.incidents) == 1
    row = out.incidents.iloc[0]
    assert (row["fatalities"], row["injuries"]) == (2, 3)  # the repeat is not added
    assert len(row["evidence"].splitlines()) == 3
    assert len(row["evidence_spans"].split(";")) == 3
    assert "3 sentences about the same event" in row["reason"]


def test_a_later_sentence_naming_the_place_refines_the_lead():
    out = run(
        "Two PMF fighters were killed in an ambush north of Baghdad on Monday. Militants "
        "targeted the patrol in the orchards of Tarmiyah."
    )
    assert out.incidents["place"].tolist() == ["Tarmiyah"]


def test_different_places_or_days_stay_separate_events():
    out = run(
        "An IED wounded two policemen in Khanaqin on Monday. On the following day, gunmen "
        "attacked a checkpoint in Jalawla."
    )
    assert out.incidents["place"].tolist() == ["Khanaqin", "Jalawla"]
    assert [str(d.date()) for d in out.incidents["date"]] == ["2024-03-11", "2024-03-12"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Airstrikes on Sunday hit ISIS hideouts in Kirkuk, Diyala and Saladin, killing 40.",
        "The move follows a series of attacks in Diyala and Makhmour over the past week.",
    ],
)
def test_aggregates_are_mentions_not_rows(sentence):
    out = run(sentence)
    assert out.incidents.empty
    assert set(out.rejected["role"]) == {"aggregate"}


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("Not a week goes by without an attack on security forces in Hawija.", "habitual"),
        ("The air force routinely conducts airstrikes in the Hamrin mountains.", "habitual"),
        ("Joint brigades will launch an operation in Makhmour next month.", "plan"),
        ("Militants attacked the town of Hawija in October 2017.", "background"),
    ],
)
def test_habitual_plans_and_history_are_not_incidents(sentence, role):
    out = run(sentence)
    assert out.incidents.empty
    assert role in set(out.rejected["role"])


# ----------------------------------------------------------------- 3. events the keywords missed
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The Peshmerga concluded an operation in the Qara Chokh mountains on Sunday.", "search"),
        ("An operation that began on Sunday in the Hamrin mountains is ongoing.", "search"),
        ("A large-scale operation was launched near Hawija on Sunday.", "search"),
        ("Security forces swept the Hamrin mountains on Sunday.", "search"),
        ("Troops searched farms near Daquq on Sunday.", "search"),
        ("Iraqi jets carried out air-strikes near Hawija on Sunday.", "airstrike"),
        ("Two shepherds were kidnapped near Kifri on Sunday.", "kidnapping"),
    ],
)
def test_operations_searches_and_inflected_forms_are_events(sentence, kind):
    out = run(sentence)
    assert out.incidents["event_type"].tolist() == [kind]


def test_an_analyst_can_extend_the_vocabulary(tmp_path):
    sentence = "Militants torched wheat fields near Hawija on Sunday."
    assert run(sentence).incidents.empty
    extra = tmp_path / "terms.csv"
    extra.write_text("kind,term\nattack,torch\n", encoding="utf-8")
    out = run(sentence, vocabulary=extra)
    assert out.incidents["event_type"].tolist() == ["attack"]


# ----------------------------------------------------------------- 4. dates
def test_weekdays_resolve_against_the_byline_date():
    text = "Kurdistan24 | 24/01/2021\n\nIraqi forces launched an operation near Hawija on Sunday."
    row = incidents_from_text(text).iloc[0]  # no report_date: read from the byline
    assert row["date"] == pd.Timestamp("2021-01-24") and row["date_precision"] == "day"
    assert row["report_date"] == pd.Timestamp("2021-01-24")


def test_weekdays_resolve_against_the_date_in_the_url():
    text = (
        "https://www.rudaw.net/english/middleeast/iraq/200220201\n"
        "Gunmen killed a policeman near Tikrit on Tuesday evening."
    )
    assert incidents_from_text(text).loc[0, "date"] == pd.Timestamp("2020-02-18")


def test_the_date_of_an_event_may_come_from_a_neighbouring_sentence():
    out = run("Gunmen attacked a post near Kifri. The attack took place late on Monday.")
    row = out.incidents.iloc[0]
    assert row["date"] == pd.Timestamp("2024-03-11")


def test_a_statement_date_is_not_the_event_date():
    out = run("Gunmen attacked a post near Kifri on Tuesday night, a source said on Wednesday.")
    assert out.incidents.loc[0, "date"] == pd.Timestamp("2024-03-12")


def test_a_statement_date_alone_only_bounds_the_event():
    out = run("Security forces arrested three suspects in Hawija, officials said on Tuesday.")
    row = out.incidents.iloc[0]
    assert pd.isna(row["date"]) and row["date_end"] == pd.Timestamp("2024-03-12")
    assert row["date_precision"] == "unknown"
    assert "on or before 2024-03-12" in row["issues"]


def test_an_operation_that_began_and_ended_on_different_days_is_a_range():
    out = run(
        "Iraqi forces concluded an operation in the Hamrin mountains on Sunday. The operation, "
        "which began on March 5, was supported by air strikes."
    )
    row = out.incidents.iloc[0]
    assert (row["date"], row["date_end"], row["date_precision"]) == (
        pd.Timestamp("2024-03-05"),
        pd.Timestamp("2024-03-10"),
        "range",
    )


def test_ongoing_for_a_third_day_counts_back():
    out = run(
        "An operation in the Hamrin mountains is ongoing for a third day, a commander "
        "said on Wednesday."
    )
    row = out.incidents.iloc[0]
    assert (row["date"], row["date_end"]) == (
        pd.Timestamp("2024-03-11"),
        pd.Timestamp("2024-03-13"),
    )


# ----------------------------------------------------------------- 5. counts
def test_counts_are_summed_over_the_parts_of_an_event():
    out = run(
        "Five shepherds and a policeman were killed near Tikrit on Tuesday. A soldier was "
        "also killed in the attack."
    )
    assert out.incidents.loc[0, "fatalities"] == 7


def test_counts_come_from_the_event_sentences_only():
    out = run(
        "An IED wounded two policemen in Khanaqin on Monday. Separately, gunmen killed three "
        "shepherds near Jalawla on Tuesday."
    )
    rows = out.incidents.set_index("place")
    assert rows.loc["Khanaqin", "injuries"] == 2 and pd.isna(rows.loc["Khanaqin", "fatalities"])
    assert rows.loc["Jalawla", "fatalities"] == 3


# ----------------------------------------------------------------- 6. audit
def test_explain_returns_every_rejected_mention_with_a_reason():
    out = run(
        "ERBIL (Kurdistan24) – Gunmen attacked a post near Kifri on Sunday, a day after "
        "talks between Erbil and Baghdad."
    )
    incidents, rejected = out
    assert len(incidents) == 1
    assert rejected["reason"].str.len().gt(0).all()
    assert set(rejected["role"]) == {"dateline", "metonymy"}
    assert out.summary().set_index("role")["mentions"].to_dict() == {"metonymy": 2, "dateline": 1}
    assert str(out).startswith("1 incident(s); 3 mention(s) rejected")
    kept = incidents.iloc[0]
    assert "after 'near'" in kept["reason"]
    start, end = map(int, kept["place_span"].split("-"))
    text = "ERBIL (Kurdistan24) – Gunmen attacked a post near Kifri on Sunday"
    assert text[start:end] == "Kifri"


def test_a_road_between_two_towns_narrows_a_coarse_place():
    """'in the Zab valley near the Hawija-Zab road': the road's towns say more than the river."""
    out = run(
        "ISIS militants ambushed a federal police patrol in the Zab valley near the "
        "Hawija-Zab road on Sunday."
    )
    row = out.incidents.iloc[0]
    assert row["place"] == "between Hawija and Al-Zab" and row["precision"] == 2
    # a far pair is no narrower than the river: the river stays
    out = run("An IED killed two soldiers on the Tigris River between Baiji and Samarra on Sunday.")
    assert out.incidents.iloc[0]["precision"] == 3
