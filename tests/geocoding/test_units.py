"""Tests of hotspot.geocoding._units: where places are and what a within= hint admits."""

from __future__ import annotations

import pandas as pd
import pytest

from hotspot.errors import PlaceNotFoundError
from hotspot.geocoding._units import (
    attribute,
    distance_to_units_km,
    match_units,
    outline,
    parse_hint,
    place_units,
    unit_label,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kirkuk", {"IQG13"}),  # the largest unit of that name
        ("Kirkuk district", {"IQG13Q04"}),  # the generic word names the level
        ("Markaz Kirkuk", {"IQG13Q04N06"}),
        ("Ninewa", {"IQG15"}),
        ("Nineveh", {"IQG15"}),  # the gazetteer's alias
        ("Salah al-Din", {"IQG16"}),  # not the sub-district of that name in Erbil
        ("Salahaddin", {"IQG16"}),
        ("At-Ta'mim", {"IQG13"}),
        ("Dabes", {"IQG13Q03"}),
        ("Tuz Khurmatu", {"IQG16Q07"}),
        ("Tooz Khurmato", {"IQG16Q07"}),
        ("Al-Hawiga", {"IQG13Q01"}),
        ("Hawija", {"IQG13Q01"}),
        ("Baladrooz", {"IQG10Q03"}),
        ("Karkh", {"IQG08Q03"}),  # one skeleton with Kirkuk, another name
        ("قضاء الحويجة", {"IQG13Q01"}),
        ("كركوك", {"IQG13"}),
        ("iqg13q01", {"IQG13Q01"}),  # a p-code, any case
        ("Atlantis", set()),
        ("IQG99", set()),
    ],
)
def test_match_units(text, expected):
    assert set(match_units(text)) == expected


def test_a_hint_tuple_reads_its_second_name_inside_the_first():
    """(governorate, district) as DTM rows give them: "Kirkuk", "Kirkuk" is the district."""
    assert parse_hint(("Kirkuk", "Kirkuk")).pcodes == {"IQG13Q04"}
    assert parse_hint(("Erbil", "Erbil")).pcodes == {"IQG11Q02"}
    assert parse_hint(("Kirkuk", "Hawija")).pcodes == {"IQG13Q01"}
    assert parse_hint(("Hawija", "Kirkuk")).pcodes == {"IQG13Q01"}  # Kirkuk holds Hawija
    assert parse_hint("Kirkuk").pcodes == {"IQG13"}


def test_parse_hint_strict_and_lenient():
    hint = parse_hint("Kirkuk")
    assert hint.label == "Kirkuk" and hint.pcodes == frozenset({"IQG13"})
    with pytest.raises(PlaceNotFoundError, match=r"within='Atlantis'.*p-code"):
        parse_hint("Atlantis")
    with pytest.raises(TypeError, match="within must be"):
        parse_hint(5)
    lenient = parse_hint(("Kirkuk", "Atlantis", None, float("nan"), ""), strict=False)
    assert lenient.label == "Kirkuk" and lenient.ignored == ("Atlantis",)
    assert parse_hint(None) is None and parse_hint((None, "")) is None
    assert not parse_hint("Atlantis", strict=False)  # a hint that names nothing: no filter


def test_a_hint_admits_what_lies_in_it_or_contains_it():
    both = parse_hint(("Kirkuk", "Hawija"))  # all parts must hold
    assert both.label == "Kirkuk / Hawija" and both.pcodes == frozenset({"IQG13Q01"})
    assert both.admits(("IQG13Q01N01",))  # a village in Hawija
    assert not both.admits(("IQG13Q04N06",))  # Kirkuk city: in Kirkuk, not in Hawija
    assert both.admits(("IQG13",))  # the governorate row contains the hint
    assert not both.admits(())  # outside every unit
    assert not parse_hint("Diyala").admits(("IQG13Q01N01",))


def test_place_units_and_attribution_come_from_the_one_rule():
    rows = pd.DataFrame(
        {
            "feature_type": ["settlement", "district", "governorate", "river", "valley"],
            "lat": [35.33, 35.33, 33.75, 34.2, 34.97],
            "lon": [43.77, 43.77, 45.0, 43.87, 44.3],
            "precision_km": [2.0, 3.0, 3.0, 150.0, 25.0],
            "governorate": ["", "", "", "", "Kirkuk"],
            "district": ["", "", "", "", "Daquq"],
        }
    )
    units = place_units(rows)
    assert units[0] == ("IQG13Q01N01",) and units[1] == ("IQG13Q01",) and units[2] == ("IQG10",)
    assert len(units[3]) > 10  # a river reaches many sub-districts
    out = attribute(rows)
    assert out["governorate"].tolist()[:3] == ["Kirkuk", "Kirkuk", "Diyala"]
    assert out["district"].tolist()[:3] == ["Hawija", "Hawija", ""]  # a governorate: no district
    assert out["subdistrict_pcode"].tolist()[:2] == ["IQG13Q01N01", ""]
    # a loose feature keeps only the units its row agrees with
    assert (out["governorate"][3], out["district"][3]) == ("", "")
    assert (out["governorate"][4], out["district"][4], out["subdistrict"][4]) == (
        "Kirkuk",
        "Daquq",
        "",
    )


def test_distances_from_units():
    assert distance_to_units_km(frozenset({"IQG13"}), 35.47, 44.39) == 0.0
    assert 30 < distance_to_units_km(frozenset({"IQG13"}), 36.19, 44.01) < 50  # Erbil
    assert unit_label("IQG16Q07") == "Tooz Khurmato"


def test_sub_district_names_leave_the_centres_out():
    from hotspot.geocoding._units import subdistrict_names

    names = subdistrict_names()
    assert names["sindi"] == {"IQG09Q03N04"}
    assert names["سندي"] == {"IQG09Q03N04"}  # the Arabic name too
    assert "kirkuk" not in names and "hawiga" not in names  # Markaz units: their towns


def test_lies_in_is_the_hint_rule():
    from hotspot.geocoding._units import lies_in

    assert lies_in(frozenset({"IQG13"}), ("IQG13Q04N06",))  # a unit in it
    assert lies_in(frozenset({"IQG13Q04N06"}), ("IQG13",))  # a unit containing it
    assert not lies_in(frozenset({"IQG13"}), ("IQG16Q07N02",))
    # a point within BOUNDARY_KM of the unit counts, one farther does not
    assert lies_in(frozenset({"IQG13"}), (), 35.47, 44.39)
    assert not lies_in(frozenset({"IQG13"}), (), 36.19, 44.01)


def test_a_river_or_lake_reaches_the_units_its_bundled_outline_meets():
    """The Tigris reaches Salahaddin and Nineveh, not Anbar: its course, not a disc."""
    rows = pd.DataFrame(
        {
            "id": ["riv-tigris", "riv-euphrates", "lake-tharthar", "riv-unknown"],
            "feature_type": ["river", "river", "lake", "river"],
            "lat": [33.3, 33.4, 33.95, 33.3],
            "lon": [44.4, 43.3, 43.3, 44.4],
            "precision_km": [250.0, 250.0, 30.0, 250.0],
        }
    )
    tigris, euphrates, tharthar, disc = place_units(rows)
    governorates = [{u[:5] for u in units} for units in (tigris, euphrates, tharthar, disc)]
    assert {"IQG16", "IQG15", "IQG08"} <= governorates[0] and "IQG01" not in governorates[0]
    assert "IQG01" in governorates[1] and "IQG15" not in governorates[1]  # Anbar, not Nineveh
    assert {"IQG01", "IQG16"} <= governorates[2]  # the lake lies across the line
    assert "IQG01" in governorates[3]  # no outline: 250 km around the point
    assert tigris[0] == place_units(rows.iloc[[3]])[0][0]  # the point's own sub-district first


def test_the_outlines_tie_to_their_gazetteer_rows():
    """Each row of boundaries/gazetteer_outlines.csv names a river or lake at its own point."""
    import shapely

    from hotspot._data import data_path
    from hotspot._geo import haversine_m
    from hotspot.gazetteer import load_gazetteer

    ties = pd.read_csv(data_path("boundaries/gazetteer_outlines.csv"))
    gazetteer = load_gazetteer().set_index("id")
    assert ties["id"].is_unique and len(ties) >= 10
    for tie in ties.itertuples():
        row = gazetteer.loc[tie.id]
        assert (
            row["feature_type"]
            == {"reference_rivers": "river", "reference_lakes": "lake"}[tie.layer]
        ), tie.id
        shape = outline(tie.id)
        nearest = shapely.shortest_line(shape, shapely.Point(row["lon"], row["lat"])).coords[0]
        km = haversine_m(row["lat"], row["lon"], nearest[1], nearest[0]) / 1e3
        assert km < 5, f"{tie.id}: its point lies {km:.1f} km from {tie.name}"
    assert outline("set-kirkuk") is None
