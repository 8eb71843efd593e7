"""Tests of hotspot.geocoding.resolver: tiers, ambiguity, hints, batch alignment, bad input."""

from __future__ import annotations

import importlib
import io
import math

import numpy as np
import pandas as pd
import pytest

from hotspot._normalize import PERSON_TITLES, PERSONAL_NAMES
from hotspot._territory import disputed_territory
from hotspot.errors import GazetteerError, PlaceNotFoundError
from hotspot.gazetteer import load_gazetteer
from hotspot.geocoding import (
    FUZZY_THRESHOLD,
    GEOCODE_COLUMNS,
    Geocoder,
    as_gazetteer,
    as_geocoder,
    default_geocoder,
    extract_places,
    geocode,
    resolve,
)

# A small hand-made gazetteer (approximate positions, for tests only).
FIXTURE_CSV = """\
id,name,feature_type,lat,lon,governorate,district,aliases,source,precision_km
gov-kirkuk,Kirkuk,governorate,35.47,44.39,Kirkuk,,Kirkuk province|At-Ta'mim|Tamim|كركوك,test,5
gov-diyala,Diyala,governorate,33.75,45.0,Diyala,,Diyala province|ديالى,test,5
gov-salahaddin,Salahaddin,governorate,34.6,43.7,Salahaddin,,Saladin|Salah ad-Din|Salahuddin,test,5
gov-erbil,Erbil,governorate,36.19,44.01,Erbil,,Arbil|Hewlêr|Irbil,test,5
gov-anbar,Anbar,governorate,33.4,42.5,Anbar,,Al-Anbar,test,5
dist-kirkuk,Kirkuk,district,35.47,44.39,Kirkuk,Kirkuk,Qadha Kirkuk,test,3
dist-daquq,Daquq,district,35.14,44.45,Kirkuk,Daquq,Taouq,test,3
dist-dibis,Dibis,district,35.65,44.07,Kirkuk,Dibis,Dubz,test,3
dist-muqdadiya,Muqdadiya,district,33.98,44.93,Diyala,Muqdadiya,,test,3
dist-balad-ruz,Balad Ruz,district,33.7,45.08,Diyala,Balad Ruz,,test,3
dist-khanaqin,Khanaqin,district,34.35,45.39,Diyala,Khanaqin,,test,3
dist-tuz,Tuz Khurmatu,district,34.88,44.63,Salahaddin,Tuz Khurmatu,,test,3
dist-makhmour,Makhmour,district,35.78,43.58,Erbil,Makhmour,,test,3
sub-mandali,Mandali,subdistrict,33.75,45.55,Diyala,Balad Ruz,,test,3
sub-amerli,Amerli,subdistrict,34.72,44.59,Salahaddin,Tuz Khurmatu,,test,3
set-kirkuk,Kirkuk,settlement,35.4681,44.3922,Kirkuk,Kirkuk,Kerkuk|Kerkûk|Karkuk|كركوك,test,2
set-daquq,Daquq,settlement,35.14,44.45,Kirkuk,Daquq,Taouq,test,1
set-rashad-k,Rashad,settlement,35.05,44.15,Kirkuk,Daquq,,test,1
set-rashad-d,al-Rashad,settlement,33.9,44.85,Diyala,Muqdadiya,,test,1
set-albu-k,Albu Hassan,settlement,35.2,44.3,Kirkuk,Daquq,,test,1
set-albu-s,Albu Hassan,settlement,34.9,44.6,Salahaddin,Tuz Khurmatu,,test,1
set-muqdadiya,Muqdadiya,settlement,33.98,44.93,Diyala,Muqdadiya,Sharaban|Shahraban,test,1
set-makhmour,Makhmour,settlement,35.78,43.58,Erbil,Makhmour,مخمور,test,1
set-khanaqin,Khanaqin,settlement,34.35,45.39,Diyala,Khanaqin,,test,1
set-tuz,Tuz Khurmatu,settlement,34.88,44.63,Salahaddin,Tuz Khurmatu,Tuz|Tooz,test,1
set-mandali,Mandali,settlement,33.75,45.55,Diyala,Balad Ruz,,test,1
set-balad-ruz,Balad Ruz,settlement,33.7,45.08,Diyala,Balad Ruz,,test,1
set-hit,Hit,settlement,33.64,42.83,Anbar,,Heet,test,1
set-amerli,Amerli,settlement,34.72,44.59,Salahaddin,Tuz Khurmatu,,test,1
mtn-hamrin,Hamrin Mountains,mountain,34.6,44.3,Salahaddin,,Jabal Hamrin|Hamrin range,test,10
val-shay,Wadi al-Shay,valley,35.0,44.1,Kirkuk,,Shay valley,test,3
val-zghaitun,Wadi Zghaitun,valley,35.05,44.05,Kirkuk,,,test,3
lake-hamrin,Lake Hamrin,lake,34.15,44.97,Diyala,,Buhayrat Hamrin,test,5
riv-diyala,Diyala River,river,33.9,44.8,Diyala,,Nahr Diyala,test,5
brg-awashra,Awashra Bridge,bridge,35.1,44.2,Kirkuk,,Jisr Awashra,test,0.5
"""


@pytest.fixture(scope="module")
def gaz() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(FIXTURE_CSV), dtype={"district": str}, keep_default_na=False)


@pytest.fixture(scope="module")
def geocoder(gaz) -> Geocoder:
    return Geocoder(gaz)


# ----------------------------------------------------------------- resolution tiers
@pytest.mark.parametrize(
    ("name", "expected", "method"),
    [
        ("Kirkuk", "set-kirkuk", "exact"),
        ("Kerkûk", "set-kirkuk", "alias"),
        ("كركوك", "set-kirkuk", "alias"),
        ("Karkook", "set-kirkuk", "skeleton"),
        ("Muqdadiyah", "set-muqdadiya", "skeleton"),
        ("Al-Miqdadiyah", "set-muqdadiya", "skeleton"),
        ("Sharaban", "set-muqdadiya", "alias"),
        ("Makhmur", "set-makhmour", "skeleton"),
        ("Mexmur", "set-makhmour", "skeleton"),
        ("مخمور", "set-makhmour", "alias"),
        ("Xaneqîn", "set-khanaqin", "skeleton"),
        ("Tooz Khurmato", "set-tuz", "skeleton"),
        ("Ţūz Khūrmātū", "set-tuz", "exact"),
        ("Tooz", "set-tuz", "alias"),
        ("Salaheddeine", "gov-salahaddin", "skeleton"),
        ("Saladin", "gov-salahaddin", "alias"),
        ("Hewlêr", "gov-erbil", "alias"),
        ("Dakuk", "set-daquq", "skeleton"),
        ("Debis district", "dist-dibis", "skeleton"),
        ("Wadi Zghetoon", "val-zghaitun", "skeleton"),
        ("Zghaitun", "val-zghaitun", "exact"),
        ("Wadi al-Shay", "val-shay", "exact"),
        ("Shay valley", "val-shay", "alias"),
        ("Jebel Hamrin", "mtn-hamrin", "exact"),
        ("Hamrin Mountains", "mtn-hamrin", "exact"),
        ("Lake Hamrin", "lake-hamrin", "exact"),
        ("Jisr Awashra", "brg-awashra", "alias"),
        ("Bridge Awashra", "brg-awashra", "exact"),
        ("Khanaqiin", "set-khanaqin", "skeleton"),
        ("Muqdadiyya", "set-muqdadiya", "skeleton"),
        ("Makhmoor", "set-makhmour", "skeleton"),
        ("Mandalli", "set-mandali", "skeleton"),
        ("Kirkukh", "set-kirkuk", "skeleton"),
        ("Khanaqim", "set-khanaqin", "fuzzy"),
        ("Balad Rooz", "set-balad-ruz", "skeleton"),
        ("Bakad Ruz", "set-balad-ruz", "fuzzy"),
    ],
)
def test_resolves(geocoder, name, expected, method):
    r = geocoder.resolve(name)
    assert r.status == "resolved", r
    assert r.place.id == expected
    assert r.method == method
    assert 0 < r.score <= 100
    assert r.candidates[0].id == expected or r.note


@pytest.mark.parametrize("name", ["Basra", "Mosul", "Paris", "Zzyzx", "Xyzzy Wadi", "Киркук"])
def test_unknown_names_are_unresolved(geocoder, name):
    r = geocoder.resolve(name)
    assert r.status == "unresolved"
    assert r.place is None and r.candidates == ()


def test_threshold_controls_fuzzy(geocoder):
    assert geocoder.resolve("Bakad Ruz").status == "resolved"
    assert geocoder.resolve("Bakad Ruz", threshold=99).status == "unresolved"
    assert FUZZY_THRESHOLD == 85.0


def test_exact_score_is_100(geocoder):
    assert geocoder.resolve("Kirkuk").score == 100.0
    assert geocoder.resolve("Kerkook").score < 100.0


# ----------------------------------------------------------------- ambiguity rules
def test_nested_default_is_the_city(geocoder):
    r = geocoder.resolve("Kirkuk")
    assert r.place.id == "set-kirkuk"
    assert {c.id for c in r.alternatives} == {"dist-kirkuk", "gov-kirkuk"}
    assert r.note == "nested default: the town, not the units named after it"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kirkuk province", "gov-kirkuk"),
        ("Kirkuk governorate", "gov-kirkuk"),
        ("Muhafazat Kirkuk", "gov-kirkuk"),
        ("Kirkuk district", "dist-kirkuk"),
        ("Qadha Kirkuk", "dist-kirkuk"),
        ("Kirkuk city", "set-kirkuk"),
        ("Amerli sub-district", "sub-amerli"),
        ("Nahiyat Amerli", "sub-amerli"),
        ("Amerli", "set-amerli"),
        ("Makhmour district", "dist-makhmour"),
        ("Diyala", "gov-diyala"),
        ("Diyala River", "riv-diyala"),
        ("Nahr Diyala", "riv-diyala"),
    ],
)
def test_generic_word_decides_type(geocoder, name, expected):
    r = geocoder.resolve(name)
    assert r.status == "resolved"
    assert r.place.id == expected


def test_hint_without_matching_type_still_resolves(geocoder):
    r = geocoder.resolve("Hamrin Dam")  # no dam in the fixture: the lake (hint lake/dam)
    assert r.place.id == "lake-hamrin"
    r = geocoder.resolve("Tuz district")  # only the town is called "Tuz": a penalty
    assert r.place.id == "set-tuz"
    assert r.score == 90.0


def test_real_ambiguity(geocoder):
    r = geocoder.resolve("Rashad")
    assert r.status == "ambiguous"
    assert r.place is None
    assert {c.id for c in r.candidates} == {"set-rashad-k", "set-rashad-d"}
    assert {c.governorate for c in r.candidates} == {"Kirkuk", "Diyala"}
    r = geocoder.resolve("Albu Hassan")
    assert r.status == "ambiguous"
    assert {c.id for c in r.candidates} == {"set-albu-k", "set-albu-s"}


@pytest.mark.parametrize(
    ("within", "expected"),
    [
        ("Diyala", "set-rashad-d"),
        ("Diyala province", "set-rashad-d"),
        ("Kirkuk", "set-rashad-k"),
        ("At-Ta'mim", "set-rashad-k"),
        ("Muqdadiya district", "set-rashad-d"),
        ("Daquq", "set-rashad-k"),
    ],
)
def test_within_decides(geocoder, within, expected):
    r = geocoder.resolve("Rashad", within=within)
    assert r.status == "resolved"
    assert r.place.id == expected
    assert "within" in r.note


def test_within_with_alias_spelling(geocoder):
    r = geocoder.resolve("Albu Hassan", within="Saladin")
    assert r.place.id == "set-albu-s"


def test_within_unknown_raises(geocoder):
    with pytest.raises(PlaceNotFoundError, match="within='Atlantis'"):
        geocoder.resolve("Rashad", within="Atlantis")
    with pytest.raises(TypeError, match="within"):
        geocoder.resolve("Rashad", within=5)


@pytest.mark.parametrize(
    ("near", "expected"),
    [
        ((33.95, 44.9), "set-rashad-d"),
        ((35.1, 44.2), "set-rashad-k"),
        ("Muqdadiya", "set-rashad-d"),
        ("Kirkuk", "set-rashad-k"),
    ],
)
def test_near_decides(geocoder, near, expected):
    r = geocoder.resolve("Rashad", near=near)
    assert r.status == "resolved"
    assert r.place.id == expected


def test_near_bad_values(geocoder):
    with pytest.raises(TypeError, match="near"):
        geocoder.resolve("Rashad", near=(1,))
    with pytest.raises(ValueError, match="near"):
        geocoder.resolve("Rashad", near=(135.0, 44.0))
    with pytest.raises(PlaceNotFoundError, match="near='Atlantis'"):
        geocoder.resolve("Rashad", near="Atlantis")


def test_a_hint_filters_even_an_unambiguous_name(geocoder):
    # the hint is a polygon test, not a tie-break: Makhmour lies in Erbil, not Diyala
    r = geocoder.resolve("Makhmour", within="Diyala")
    assert r.status == "unresolved" and r.place is None
    assert "outside within='Diyala'" in r.note
    assert [c.id for c in r.suggestions][:2] == ["set-makhmour", "dist-makhmour"] or {
        c.id for c in r.suggestions
    } >= {"set-makhmour", "dist-makhmour"}
    assert all(c.km is not None and c.km > 50 for c in r.suggestions)
    assert geocoder.resolve("Makhmour", within="Erbil").place.id == "set-makhmour"


# ----------------------------------------------------------------- disputed territories
@pytest.mark.parametrize(
    ("place_id", "territory"),
    [
        ("set-kirkuk", "Kirkuk"),
        ("dist-kirkuk", "Kirkuk"),
        ("gov-kirkuk", "Kirkuk"),  # every Kirkuk district is disputed
        ("set-rashad-k", "Kirkuk"),
        ("set-tuz", "Tuz Khurmatu"),
        ("set-amerli", "Tuz Khurmatu"),
        ("set-makhmour", "Makhmour"),
        ("set-khanaqin", "Khanaqin"),
        ("sub-mandali", "Mandali"),  # sub-district scope
        ("set-mandali", "Mandali"),  # its seat
        ("set-balad-ruz", ""),  # rest of Balad Ruz district
        ("dist-balad-ruz", ""),
        ("set-muqdadiya", ""),
        ("gov-diyala", ""),
        ("set-hit", ""),
        ("mtn-hamrin", ""),  # no district given
    ],
)
def test_disputed(gaz, place_id, territory):
    flags = dict(zip(gaz["id"], disputed_territory(gaz), strict=True))
    assert flags[place_id] == territory


def test_resolution_carries_disputed(geocoder):
    assert geocoder.resolve("Mexmur").place.disputed == "Makhmour"
    assert geocoder.resolve("Sharaban").place.disputed == ""


# ----------------------------------------------------------------- batch
def test_geocode_alignment_with_shuffled_index(geocoder):
    names = ["Kirkuk", "Nowhere", None, "Rashad", "Kerkuk", "", "Mexmur", "Kirkuk"]
    index = [70, 3, 15, 9, 1, 42, 8, 5]
    series = pd.Series(names, index=index, dtype=object)
    out = geocoder.geocode(series)
    assert list(out.index) == index
    assert list(out.columns) == [*GEOCODE_COLUMNS, "geometry"]
    assert out.crs.to_epsg() == 4326
    assert out["status"].tolist() == [
        "resolved",
        "unresolved",
        "invalid",
        "ambiguous",
        "resolved",
        "invalid",
        "resolved",
        "resolved",
    ]
    assert out.loc[70, "id"] == out.loc[1, "id"] == out.loc[5, "id"] == "set-kirkuk"
    missing = out["status"] != "resolved"
    # a miss is an empty Point, never None (one contract for every output)
    assert all(g is not None for g in out.geometry)
    assert out.loc[missing, "geometry"].is_empty.all()
    assert not out.loc[~missing, "geometry"].is_empty.any()
    point = out.loc[8, "geometry"]
    assert (point.x, point.y) == (43.58, 35.78)  # lon/lat order
    assert out.loc[9, "candidates"] in ("set-rashad-d;set-rashad-k", "set-rashad-k;set-rashad-d")
    assert out.loc[70, "disputed"] == "Kirkuk"
    assert out["query"].tolist()[:3] == ["Kirkuk", "Nowhere", None]
    assert series.tolist() == names  # input not mutated


def test_geocode_matches_resolve(geocoder):
    names = ["Kirkuk", "Karkook", "Bakad Ruz", "Rashad", "Tuz district", "Khanaqim"]
    out = geocoder.geocode(names)
    for name, (_, row) in zip(names, out.iterrows(), strict=True):
        r = geocoder.resolve(name)
        assert row["status"] == r.status
        assert row["id"] == (r.place.id if r.place else "")
        assert row["score"] == pytest.approx(r.score)


def test_geocode_hints_apply_to_all(geocoder):
    out = geocoder.geocode(["Rashad", "Albu Hassan"], within="Kirkuk")
    assert out["id"].tolist() == ["set-rashad-k", "set-albu-k"]
    out = geocoder.geocode(["Rashad", "Albu Hassan"], near=(34.9, 44.6))
    assert out["id"].tolist() == ["set-rashad-k", "set-albu-s"]


@pytest.mark.parametrize(
    "container",
    [
        ["Kirkuk", "Hit"],
        ("Kirkuk", "Hit"),
        np.array(["Kirkuk", "Hit"]),
        pd.Index(["Kirkuk", "Hit"]),
        pd.Series(["Kirkuk", "Hit"], dtype="string"),
        iter(["Kirkuk", "Hit"]),
    ],
)
def test_geocode_containers(geocoder, container):
    out = geocoder.geocode(container)
    assert out["id"].tolist() == ["set-kirkuk", "set-hit"]


@pytest.mark.parametrize(
    "container", [{"a": "Kirkuk"}, {"Kirkuk"}, "Kirkuk", 5, pd.DataFrame({"a": ["Kirkuk"]})]
)
def test_geocode_rejects_non_list(geocoder, container):
    with pytest.raises(TypeError, match="names"):
        geocoder.geocode(container)


def test_geocode_empty(geocoder):
    out = geocoder.geocode([])
    assert len(out) == 0
    assert out.crs.to_epsg() == 4326
    assert list(out.columns) == [*GEOCODE_COLUMNS, "geometry"]


def test_module_functions_use_the_given_gazetteer(gaz):
    assert resolve("Rashad", gazetteer=gaz).status == "ambiguous"
    out = geocode(["Mexmur"], gazetteer=gaz)
    assert out["id"].tolist() == ["set-makhmour"]


def test_module_functions_default_gazetteer():
    assert resolve("Kerkuk").place.name == "Kirkuk"
    assert geocode(["Kirkuk province"])["feature_type"].tolist() == ["governorate"]


def test_user_gazetteer_extends_default():
    mine = pd.DataFrame(
        [
            {
                "id": "user-cp7",
                "name": "Checkpoint Seven",
                "feature_type": "site",
                "lat": 35.3,
                "lon": 44.2,
                "governorate": "Kirkuk",
                "district": "",
                "aliases": "CP7",
                "source": "own survey",
                "precision_km": 0.1,
            }
        ]
    )
    gaz = load_gazetteer(extra=[mine])
    assert resolve("Checkpoint 7", gazetteer=gaz).status in ("unresolved", "resolved")
    assert resolve("checkpoint seven", gazetteer=gaz).place.id == "user-cp7"
    assert resolve("CP7", gazetteer=gaz).place.id == "user-cp7"


def test_bad_gazetteer_raises(tmp_path):
    with pytest.raises(GazetteerError):
        Geocoder(pd.DataFrame({"id": ["x"]}))
    with pytest.raises(TypeError, match=r"gazetteer must be None .* DataFrame .* path .* Geocoder"):
        Geocoder(42)
    with pytest.raises(FileNotFoundError):
        Geocoder(tmp_path / "nope.csv")


def test_gazetteer_not_mutated(gaz):
    before = gaz.copy()
    Geocoder(gaz).geocode(["Kirkuk"])
    pd.testing.assert_frame_equal(gaz, before)


# ----------------------------------------------------------------- bad input matrix
@pytest.mark.parametrize(
    ("value", "status"),
    [
        (None, "invalid"),
        (math.nan, "invalid"),
        (np.nan, "invalid"),
        (pd.NA, "invalid"),
        (42, "invalid"),
        (3.5, "invalid"),
        (b"Kirkuk", "invalid"),
        ("", "invalid"),
        ("   ", "invalid"),
        ("\t\n", "invalid"),
        ("12345", "invalid"),
        ("!!!", "invalid"),
        ("x" * 201, "invalid"),
        ("Kirkuk " * 40, "invalid"),
        ("<b>Kirkuk</b>", "resolved"),
        ("<script>alert(1)</script>", "unresolved"),
        ("Kirkuk<br/>", "resolved"),
        ("&amp;", "invalid"),
        ("كركوك", "resolved"),
        ("北京", "unresolved"),
        ("Киркук", "unresolved"),
        ("Kirkuk\x00", "resolved"),
        ("'", "invalid"),
        ("al-", "unresolved"),
    ],
)
def test_bad_input_matrix(geocoder, value, status):
    r = geocoder.resolve(value)
    assert r.status == status
    out = geocoder.geocode(pd.Series([value, "Kirkuk"], index=[5, 6], dtype=object))
    assert list(out.index) == [5, 6]
    assert out["status"].tolist() == [status, "resolved"]
    if status != "resolved":
        assert out["geometry"].iloc[0].is_empty


# ----------------------------------------------------------------- accuracy regressions
# One hand-made gazetteer per cause of a wrong place or a false positive found in the
# benchmark and the seed reports (see benchmarks/bench_geocode.py).
REGRESSION_CSV = """\
id,name,feature_type,lat,lon,governorate,district,aliases,source,precision_km
gov-anbar,Anbar,governorate,33.4,42.5,Anbar,,,test,5
gov-diyala,Diyala,governorate,33.75,45.0,Diyala,,,test,5
gov-salahaddin,Salahaddin,governorate,34.6,43.7,Salahaddin,,,test,5
gov-nineveh,Nineveh,governorate,36.0,42.5,Nineveh,,Ninawa,test,5
gov-erbil,Erbil,governorate,36.19,44.01,Erbil,,,test,5
dist-fallujah,Fallujah,district,33.35,43.78,Anbar,Fallujah,,test,3
set-fallujah,Fallujah,settlement,33.35,43.78,Anbar,Fallujah,Falluja,test,2
dam-fallujah,Fallujah Barrage,dam,33.33,43.75,Anbar,Fallujah,Fallujah|Fallujah dam,test,1
set-sukkar,Sukkar,settlement,36.37,43.17,Nineveh,,Al-Sukkar,test,2
set-ghazaliya,Ghazaliya,settlement,33.34,44.28,Anbar,,,test,2
set-kirkuk,Kirkuk,settlement,35.47,44.39,Salahaddin,,,test,2
ctry-iraq,Iraq,country,33.2,43.7,,,Irak,test,400
sub-barzan,Barzan,subdistrict,36.92,44.06,Erbil,,,test,5
set-baghdadi,Baghdadi,settlement,33.86,42.54,Anbar,,Khan al-Baghdadi,test,5
set-baghdad,Baghdad,settlement,33.31,44.37,Anbar,,,test,5
sub-jisr-diyala,Jisr Diyala,subdistrict,33.25,44.5,Diyala,,Diyala Bridge,test,5
br-diyala,Diyala Bridge,bridge,33.25,44.51,Diyala,,,test,1
sub-amerli,Amerli,subdistrict,34.72,44.59,Salahaddin,,,test,3
set-amerli,Amerli,settlement,34.72,44.59,Salahaddin,,,test,3
lake-amerli,Lake Amerli,lake,34.7,44.55,Salahaddin,,,test,2
mtn-hamrin,Hamrin Mountains,mountain,34.6,44.3,Salahaddin,,Hamrin,test,10
lake-hamrin,Lake Hamrin,lake,34.2,45.02,Diyala,,,test,5
dam-hamrin,Hamrin Dam,dam,34.12,44.96,Diyala,,,test,3
"""


@pytest.fixture(scope="module")
def regression() -> Geocoder:
    gaz = pd.read_csv(io.StringIO(REGRESSION_CSV), dtype={"district": str}, keep_default_na=False)
    return Geocoder(gaz)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Fallujah", "set-fallujah"),  # the town, not the barrage that has the bare name too
        ("Fallujah dam", "dam-fallujah"),  # the generic word still picks the feature
        ("Jisr Diyala", "sub-jisr-diyala"),  # generic word inside the town's own name
        ("Diyala Bridge", "br-diyala"),  # both are called so: the hint breaks the tie
        ("Amerli district", "sub-amerli"),  # no Amerli district: the nearest admin level
        ("Amerli", "set-amerli"),
        ("Hamrin areas", "mtn-hamrin"),  # the place called just "Hamrin" beats the lake
        ("Hamrin lake", "lake-hamrin"),  # word order of generic words does not matter
        ("Lake Hamrin", "lake-hamrin"),
        ("Kerkuk", "set-kirkuk"),  # skeleton variants still meet
        ("Baghdadi", "set-baghdadi"),  # an exact alias ending in -i is a place
    ],
)
def test_regression_right_place(regression, name, expected):
    r = regression.resolve(name)
    assert r.status == "resolved", r
    assert r.place.id == expected


@pytest.mark.parametrize(
    "name",
    [
        "Sukaru",  # same skeleton as Sukkar, but an extra final vowel: another name
        "Kasuli",  # same skeleton as Ghazaliya, phonetic ratio 78 < SKELETON_MIN_RATIO
        "Iraqi",  # nisba (adjective) of Iraq, was a fuzzy match
        "Barzani",  # nisba (family name) of Barzan, was a fuzzy match
        "Baghdadiy",
    ],
)
def test_regression_no_false_match(regression, name):
    assert regression.resolve(name).status == "unresolved"


def test_full_match_is_not_penalised_by_its_own_generic_word(regression):
    r = regression.resolve("Jisr Diyala")
    assert r.score == 100.0
    assert r.alternatives[0].id == "br-diyala"


FULL_GAZETTEER = len(load_gazetteer()) >= 1000


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
@pytest.mark.parametrize(
    "name",
    ["Tuz Khurmatu", "Tuz", "Tooz", "Tuz Khurmato", "Touz Khourmatou", "Ţūz Khūrmātū", "طوز"],
)
def test_tuz_khurmatu_is_never_hindiya(name):
    r = resolve(name)
    assert r.status == "resolved"
    assert (r.place.id, r.place.district) == ("gn-90026", "Tuz Khurmatu")


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jazira", None),  # no longer an alias of Suwaira (Wasit)
        ("Al-Jazira region", "reg-jazira-nineveh"),
        ("Barzani", None),
        ("Khalis", "gn-99169"),  # the GeoNames duplicate is folded into one row
        ("Anah", "gn-6765385"),  # new Anah, not the flooded old town
        ("Hindiya", "gn-99344"),  # not the barrage town 20 km north
        ("Salahaddin", "gov-salahaddin"),
        ("Al-Azim", "set-al-udhaim"),
        ("Hamrin", "mtn-hamrin"),
    ],
)
def test_bundled_false_friends(name, expected):
    r = resolve(name)
    if expected is None:
        assert r.place is None or r.place.feature_type != "settlement", r
        assert r.status != "resolved" or r.place.id.startswith(("reg-", "des-")), r
    else:
        assert r.status == "resolved", r
        assert r.place.id == expected


def test_resolution_renders_in_jupyter_escaped(geocoder):
    page = geocoder.resolve("Rashad")._repr_html_()
    assert "ambiguous" in page and page.count("<tr>") >= 3  # header + two candidates
    hostile = geocoder.resolve("<script>alert(1)</script>")._repr_html_()
    assert "<script>" not in hostile


# ----------------------------------------------------------------- review regressions
#: Hindiya (alias Tuwairij) shares its skeleton with "Two Iraqi"; Kuwair / Tun Kuwairi
#: is a real name ending in a nisba.
NISBA_CSV = """\
id,name,feature_type,lat,lon,governorate,district,aliases,source,precision_km
ctry-iraq,Iraq,country,33.0,43.7,,,,test,50
gov-karbala,Karbala,governorate,32.6,44.0,Karbala,,,test,5
gov-kirkuk,Kirkuk,governorate,35.47,44.39,Kirkuk,,,test,5
set-hindiya,Hindiya,settlement,32.54,44.22,Karbala,,Tuwairij|Tuwairji,test,1
set-kuwair,Kuwair,settlement,35.95,43.6,Kirkuk,,,test,1
set-tun,Tun Kuwairi,settlement,35.2,44.0,Kirkuk,,,test,1
"""


@pytest.fixture(scope="module")
def nisba_geocoder() -> Geocoder:
    return Geocoder(pd.read_csv(io.StringIO(NISBA_CSV), keep_default_na=False))


@pytest.mark.parametrize(
    "name",
    [
        "Two Iraqi",  # both rules
        "Three Iraqi",
        "Tow Iraqi",  # a nisba last word alone (Tow is no number word)
        "Tuw Iraqi",
        "Two Airji",  # a number word alone (Airji is no nisba of a known name)
        "Two Irji",
        "Two Ireji",
    ],
)
def test_number_words_and_nisba_adjectives_are_not_names(nisba_geocoder, name):
    r = nisba_geocoder.resolve(name)
    assert r.status == "unresolved", r
    assert nisba_geocoder.geocode([name])["status"].tolist() == ["unresolved"]


def test_spelling_variants_still_match_next_to_the_nisba_rules(nisba_geocoder):
    assert nisba_geocoder.resolve("Tuwayrij").place.id == "set-hindiya"  # control
    # a gazetteer name that itself ends in a nisba keeps its spelling variants
    r = nisba_geocoder.resolve("Tun Kuwayri")
    assert (r.status, r.place.id, r.method) == ("resolved", "set-tun", "skeleton")
    assert nisba_geocoder.resolve("Iraq").place.id == "ctry-iraq"


@pytest.mark.parametrize("name", ["Two Iraqi", "Three Iraqi", "Two Iraqi soldiers"])
def test_bundled_two_iraqi_is_not_hindiya(name):
    r = resolve(name)
    assert r.place is None or r.place.governorate != "Karbala", r


@pytest.mark.parametrize("threshold", [0.85, 1, 1.0, 100.5, 150, -5, math.nan])
def test_threshold_must_be_a_score(geocoder, threshold):
    with pytest.raises(ValueError, match=r"must be a score in 0-100, e.g. 85"):
        geocoder.resolve("Kirbek", threshold=threshold)
    with pytest.raises(ValueError, match=r"threshold="):
        geocoder.geocode(["Kirbek"], threshold=threshold)


def test_threshold_fraction_message():
    with pytest.raises(ValueError) as info:
        resolve("Kirbek", threshold=0.85)
    assert str(info.value).startswith("threshold=0.85 must be a score in 0-100, e.g. 85")


@pytest.mark.parametrize("threshold", ["85", True, None])
def test_threshold_type(geocoder, threshold):
    with pytest.raises(TypeError, match="threshold"):
        geocoder.resolve("Kirkuk", threshold=threshold)


def test_threshold_bounds_accepted(geocoder):
    assert geocoder.resolve("Kirkuk", threshold=100).status == "resolved"
    assert geocoder.resolve("Bakad Ruz", threshold=np.float32(85)).status == "resolved"
    assert geocoder.resolve("Bakad Ruz", threshold=100).status == "unresolved"


@pytest.mark.parametrize("within", ["", "   "])
def test_empty_within_is_a_value_error(geocoder, within):
    with pytest.raises(ValueError, match=r"within=.* is empty"):
        geocoder.resolve("Rashad", within=within)


def test_within_wrong_type_is_a_type_error(geocoder):
    with pytest.raises(TypeError, match="within"):
        geocoder.resolve("Rashad", within=5)


def test_unhashable_names_become_invalid_rows(geocoder):
    names = [["Kirkuk"], "Kerkuk", {"a": 1}, None, "Kerkuk", np.array(["x", "y"])]
    out = geocoder.geocode(names)
    assert out["status"].tolist() == [
        "invalid",
        "resolved",
        "invalid",
        "invalid",
        "resolved",
        "invalid",
    ]
    assert out["query"].tolist()[:4] == ["['Kirkuk']", "Kerkuk", "{'a': 1}", None]
    assert out["id"].tolist()[1] == out["id"].tolist()[4] == "set-kirkuk"
    assert out.geometry.is_empty.tolist() == [True, False, True, True, False, True]
    assert all(g is not None for g in out.geometry)
    series = pd.Series([["Kirkuk"], "Kirkuk"], index=[4, 2], dtype=object)
    assert geocoder.geocode(series)["status"].to_dict() == {4: "invalid", 2: "resolved"}


def test_invalid_note_says_what_arrived(geocoder):
    r = geocoder.resolve(["Kirkuk"])
    assert r.status == "invalid"
    assert "list" in r.note and "Kirkuk" in r.note


def test_empty_and_full_results_share_dtypes(geocoder):
    empty = geocoder.geocode([])
    full = geocoder.geocode(["Kirkuk", None])
    assert empty.dtypes.equals(full.dtypes)
    for column in GEOCODE_COLUMNS[1:]:
        if column not in ("score", "precision_km"):
            assert full[column].dtype == "str", column
    assert full["score"].dtype == float
    assert full["precision_km"].dtype == float
    assert full["precision_km"].iat[0] > 0 and np.isnan(full["precision_km"].iat[1])
    both = pd.concat([empty, full])
    assert both.dtypes.equals(full.dtypes)
    assert full.loc[1, "name"] == ""


def test_haversine_comes_from_geo():
    resolver = importlib.import_module("hotspot.geocoding.resolver")
    geo_module = importlib.import_module("hotspot._geo")
    assert resolver.haversine_m is geo_module.haversine_m
    assert not hasattr(resolver, "_haversine_m")


def test_near_uses_great_circle_distance(geocoder):
    # Albu Hassan (Kirkuk) at 35.2N 44.3E, Albu Hassan (Salahaddin) at 34.9N 44.6E
    assert geocoder.resolve("Albu Hassan", near=(35.19, 44.31)).place.id == "set-albu-k"
    assert geocoder.resolve("Albu Hassan", near=(34.91, 44.59)).place.id == "set-albu-s"


def test_duplicate_index_keeps_rows(geocoder):
    out = geocoder.geocode(pd.Series(["Kirkuk", "Kerkuk", None], index=[1, 1, 2], dtype=object))
    assert list(out.index) == [1, 1, 2]
    assert out["query"].tolist() == ["Kirkuk", "Kerkuk", None]
    assert out["query"].dtype == object
    assert out["id"].tolist() == ["set-kirkuk", "set-kirkuk", ""]


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_spanning_features_are_not_put_in_one_territory():
    # The Hamrin range crosses several territories; its representative point decides nothing.
    assert resolve("Hamrin Mountains").place.disputed == ""
    # A valley placed in a district takes that district's territory.
    assert resolve("Wadi al-Shay").place.disputed == "Kirkuk"  # by its district, Daquq


# ----------------------------------------------------------------- contracts (#12)
def test_gazetteer_argument_accepts_the_same_four_things_everywhere(gaz, tmp_path):
    path = tmp_path / "mine.csv"
    gaz.to_csv(path, index=False)
    geocoder = Geocoder(gaz)
    for given in (gaz, path, str(path), geocoder, Geocoder(path), Geocoder(geocoder)):
        assert resolve("Rashad", within="Diyala", gazetteer=given).place.id == "set-rashad-d"
        assert geocode(["Tooz"], gazetteer=given)["id"].tolist() == ["set-tuz"]
        assert extract_places("Clashes in Tooz.", gazetteer=given)["id"].tolist() == ["set-tuz"]
        assert len(as_gazetteer(given)) == len(gaz)
    assert as_geocoder(geocoder) is geocoder
    assert Geocoder(geocoder).index is geocoder.index
    assert as_geocoder(None) is default_geocoder()
    for function in (resolve, extract_places):
        with pytest.raises(TypeError, match=r"a DataFrame .* path .* Geocoder"):
            function("Kirkuk", gazetteer=42)
    with pytest.raises(TypeError, match=r"a DataFrame .* path .* Geocoder"):
        geocode(["Kirkuk"], gazetteer=42)


def test_geocoder_gazetteer_is_a_copy(geocoder):
    table = geocoder.gazetteer
    table.loc[0, "name"] = "changed"
    assert geocoder.gazetteer.loc[0, "name"] != "changed"


@pytest.mark.parametrize("progress", [print, 1, "yes", None])
def test_progress_is_a_bool(geocoder, progress):
    with pytest.raises(TypeError, match="progress must be True or False"):
        geocoder.geocode(["Kirkuk"], progress=progress)
    assert geocoder.geocode(["Kirkuk"], progress=np.False_)["id"].tolist() == ["set-kirkuk"]


# ----------------------------------------------------------------- #9: precision first
PRECISION_CSV = """\
id,name,feature_type,lat,lon,governorate,district,aliases,source,precision_km
gov-kirkuk,Kirkuk,governorate,35.47,44.39,Kirkuk,,,test,5
gov-diyala,Diyala,governorate,33.75,44.64,Diyala,,,test,5
gov-salahaddin,Salahaddin,governorate,34.6,43.68,Salahaddin,,,test,5
gov-duhok,Duhok,governorate,36.87,42.99,Duhok,,,test,5
set-samarra,Samarra,settlement,34.2,43.87,Salahaddin,,Samara,test,2
set-baiji,Baiji,settlement,34.93,43.49,Salahaddin,,Bayji,test,2
set-saadiya,Saadiya,settlement,34.19,45.12,Diyala,,,test,2
set-saidiya,Saidiya,settlement,35.3,44.1,Kirkuk,,,test,2
set-tall-asfar,Tall Asfar,settlement,35.2,44.0,Kirkuk,,,test,2
set-rashad-k,Rashad,settlement,35.05,44.15,Kirkuk,,,test,1
set-rashad-d,Rashad,settlement,33.9,44.85,Diyala,,,test,1
br-iron,Iron Bridge,bridge,36.33,43.13,Kirkuk,,Hadid,test,1
mtn-gara,Gara Mountain,mountain,35.3,44.2,Kirkuk,,Gara,test,10
"""


@pytest.fixture(scope="module")
def precise() -> Geocoder:
    return Geocoder(pd.read_csv(io.StringIO(PRECISION_CSV), keep_default_na=False))


@pytest.mark.parametrize(
    "name",
    [
        "Samra",  # not a spelling of Samara: a vowel less
        "Samrā’ town",  # a romanised name is no typo (the UCDP example)
        "Bayguwah town",  # Baiji's skeleton, a consonant more
        "Tall Aswad",  # shares only the affix with Tall Asfar
        "Qwertyville",
    ],
)
def test_names_the_gazetteer_does_not_hold_stay_unresolved(precise, name):
    r = precise.resolve(name)
    assert (r.status, r.place, r.match) == ("unresolved", None, "")
    assert r.note.startswith("not in the gazetteer")


def test_unresolved_names_list_suggestions_with_distance_from_the_hint(precise):
    r = precise.resolve("Samra", within="Salahaddin")
    assert r.status == "unresolved"
    assert r.suggestions and r.suggestions[0].name == "Samarra"
    assert r.suggestions[0].km == 0.0  # Samarra lies in the hint
    out = precise.geocode(["Samra"], within="Kirkuk")
    assert "Samarra (settlement, Salahaddin" in out["suggestions"].iloc[0]
    assert "km from hint" in out["suggestions"].iloc[0]


def test_every_row_says_how_it_matched(precise):
    out = precise.geocode(["Samarra", "Samara", "Samarah", "Samarta", "Samra"])
    assert out["match"].tolist() == ["exact", "alias", "skeleton", "fuzzy", ""]
    assert out["score"].tolist()[:2] == [100.0, 100.0]
    assert 95 <= out["score"].iloc[2] < 100 and 85 <= out["score"].iloc[3] < 100


def test_a_loose_match_must_be_unique(precise):
    r = precise.resolve("Sadiya")  # skeleton of Saadiya and of Saidiya
    assert r.status == "ambiguous" and {c.id for c in r.candidates} == {
        "set-saadiya",
        "set-saidiya",
    }
    assert precise.resolve("Sadiya", within="Diyala").place.id == "set-saadiya"


def test_a_type_word_excludes_places_of_another_kind(precise):
    r = precise.resolve("Hadid town")  # the bridge's alias, but a town is asked for
    assert r.status == "unresolved" and "another type" in r.note
    assert precise.resolve("Hadid").place.id == "br-iron"
    assert precise.resolve("Gara village").status == "unresolved"
    assert precise.resolve("Gara").place.id == "mtn-gara"


@pytest.mark.parametrize(
    "name",
    [
        "Al-Hamdaniya village",
        "Qaryat Al-Hamdaniya",
        "قرية الحمدانية",
        "Hawija village",
    ],
)
def test_a_village_is_not_the_seat_of_the_district_of_its_name(name):
    """A district's seat is a town: "Al-Hamdaniya village" is not Qaraqosh nor its centre."""
    r = resolve(name)
    assert (r.status, r.place) == ("unresolved", None), r
    assert "seat(s) of a district or governorate of the name" in r.note
    town = name.replace(" village", " town").replace("Qaryat ", "").replace("قرية ", "")
    assert resolve(town).status == "resolved"  # the town itself, as written without the word
    assert resolve("Zanqar village").place.name == "Zanqar"  # a village that is no seat


@pytest.mark.parametrize(
    "name", ["Dibs village", "Huwaija village", "قرية طوزخورماتو", "Rifai village"]
)
def test_a_village_named_like_a_district_is_no_seat_nor_a_namesake_without_a_hint(name):
    """Any spelling of the seat is set aside; another place of the name needs a hint."""
    r = resolve(name)
    assert (r.status, r.place) == ("unresolved", None), r
    assert "seat(s)" in r.note


def test_the_seat_rule_leaves_parts_of_a_town_and_units_named_with_their_word():
    """'a neighbourhood of Fallujah' is in the town; 'villages of Daquq district' name it."""
    assert resolve("neighbourhood of Fallujah").place.name == "Fallujah"
    assert resolve("villages of Daquq district").status == "resolved"


def test_a_village_of_just_the_name_of_a_district_stays():
    """UCDP's village Ḩamdānīyah in Kirkuk is found; a quarter word asks for a quarter."""
    assert resolve("Ḩamdānīyah village").place.governorate == "Kirkuk"
    assert resolve("Hay Makhmour").status == "unresolved"  # not Makhmour Camp
    assert resolve("Hay Makhmour", within="Makhmour").status == "unresolved"  # a camp is no quarter
    assert resolve("Makhmour camp", within="Makhmour").place.feature_type == "site"


@pytest.mark.parametrize("word", ["dam", "lake", "mountains", "river", "wadi", "bridge", "desert"])
def test_a_feature_word_is_not_answered_with_the_town_named_in_it(precise, word):
    """A dam or range named after a town may lie 30 km from it: the town is no answer."""
    name = "Wadi Samarra" if word == "wadi" else f"Samarra {word}"
    r = precise.resolve(name)
    assert (r.status, r.place) == ("unresolved", None), r
    assert "another type" in r.note
    assert [(c.id, c.reason) for c in r.suggestions] == [("set-samarra", "type")]
    assert precise.resolve("Gara mountains").place.id == "mtn-gara"  # its own kind


def test_a_hint_is_a_polygon_test_not_a_tie_break(precise):
    r = precise.resolve("Bayji town", within="Duhok")
    assert r.status == "unresolved" and "outside within='Duhok'" in r.note
    assert r.suggestions[0].id == "set-baiji" and r.suggestions[0].km > 100
    assert precise.resolve("Bayji town", within="Salahaddin").place.id == "set-baiji"
    assert precise.resolve("Rashad", within="IQG10").place.id == "set-rashad-d"  # a p-code
    assert precise.resolve("Rashad", within="محافظة ديالى").place.id == "set-rashad-d"
    assert precise.resolve("Rashad", within=("Kirkuk", "Daquq")).place.id == "set-rashad-k"


def test_one_hint_per_row(precise):
    names = ["Rashad", "Rashad", "Rashad", "Rashad", "Baiji"]
    hints = ["Kirkuk", "Diyala", None, "Atlantis", ("Salahaddin", "Baiji")]
    out = precise.geocode(names, within=hints)
    assert out["id"].tolist() == ["set-rashad-k", "set-rashad-d", "", "", "set-baiji"]
    assert out["status"].tolist()[2:4] == ["ambiguous", "ambiguous"]
    assert "within 'Atlantis' names no admin unit; ignored" in out["note"].iloc[3]
    series = pd.Series(["Diyala", "Kirkuk"], index=[8, 3])
    out = precise.geocode(pd.Series(["Rashad", "Rashad"], index=[3, 8]), within=series)
    assert out.loc[3, "id"] == "set-rashad-k" and out.loc[8, "id"] == "set-rashad-d"
    frame = pd.DataFrame({"place": ["Rashad", "Rashad"], "gov": ["Diyala", "Kirkuk"]})
    out = precise.geocode(frame, column="place", within="gov")
    assert out["id"].tolist() == ["set-rashad-d", "set-rashad-k"]
    with pytest.raises(ValueError, match="within has 1 hints for 2 names"):
        precise.geocode(["Rashad", "Rashad"], within=["Kirkuk"])
    with pytest.raises(TypeError, match="column="):
        precise.geocode(frame)


def test_near_with_max_km_is_a_filter(precise):
    assert precise.resolve("Rashad", near=(33.95, 44.9), max_km=20).place.id == "set-rashad-d"
    r = precise.resolve("Baiji", near=(33.3, 44.4), max_km=50)
    assert r.status == "unresolved" and "more than 50 km from near=" in r.note
    assert r.suggestions[0].km > 150
    with pytest.raises(ValueError, match="max_km needs near"):
        precise.resolve("Baiji", max_km=5)
    with pytest.raises(ValueError, match="positive"):
        precise.resolve("Baiji", near=(33.3, 44.4), max_km=-1)


# ----------------------------------------------------------------- #9: the bundled gazetteer
def _without_ucdp() -> Geocoder:
    gaz = load_gazetteer()
    return Geocoder(gaz[~gaz["id"].str.startswith("ucdp-")])


@pytest.fixture(scope="module")
def held_out() -> Geocoder:
    """The bundled gazetteer without the UCDP rows: the UCDP names are unknown to it."""
    return _without_ucdp()


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
@pytest.mark.parametrize(
    ("name", "within", "never"),
    [
        ("Faşīlīyah village", None, "gn-99060"),  # not Mishkhab (535 km)
        ("Bayguwah town", "Duhok", "gn-97783"),  # not Baiji (258 km)
        ("Zanqar village", None, "gn-448149"),  # not Sinjar
        ("Samrā’ town", None, "gn-91597"),  # not Samarra (64 km)
        ("Qaryat al Jāsimīyah village", None, "dist-kadhimiya"),
    ],
)
def test_ucdp_names_the_gazetteer_lacked_stay_unresolved(held_out, name, within, never):
    r = held_out.resolve(name, within=within)
    assert r.status == "unresolved", r
    # with the bundled UCDP rows they are found where UCDP puts them
    found = resolve(name, within=within)
    assert found.status == "resolved" and found.place.id.startswith("ucdp-")
    assert found.place.id != never


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Bashiqa center", "Bashiqa"),
        ("Al-Qayyarah Center", "Qayyarah"),
        ("Markaz Daquq", "Daquq Centre"),  # the sub-district row of that name
        ("Kirkuk town", "Kirkuk"),
        ("Dibs", "Dibis"),
        ("مركز الحويجة", "Hawija Centre"),
        ("قضاء الحويجة", "Hawija"),
        ("Al Ḩayy town", "Al-Hai"),  # hayy is also the word for a neighbourhood
        ("Markaz Hay", "Hay Centre"),
    ],
)
def test_affixes_are_folded(name, expected):
    r = resolve(name)
    assert (r.status, r.place.name) == ("resolved", expected), r


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_bundled_defaults():
    assert resolve("DIBs").place.id == "reg-disputed-territories"  # the acronym
    assert resolve("Wasit").place.id == "gov-wasit"  # not its sub-district of that name
    r = resolve("Salahaddin")
    assert r.place.id == "gov-salahaddin"
    assert resolve("Dijla").status == "ambiguous"  # the Tigris or the sub-district


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_the_hints_own_unit_yields_to_a_namesake_inside_it():
    # A governorate column as the hint: the row is a place in Wasit named Wasit.
    assert resolve("واسط", within="Wasit").place.subdistrict_pcode == "IQG18Q02N01"
    for finer in ("IQG18Q02N01", ("IQG18", "IQG18Q02N01")):  # never coarser for a finer hint
        r = resolve("واسط", within=finer)
        assert r.place.subdistrict_pcode == "IQG18Q02N01"
        assert "the place inside it" in r.note
    assert resolve("واسط").place.id == "gov-wasit"  # without a hint: the governorate
    assert resolve("Wasit province", within="Wasit").place.id == "gov-wasit"  # asked for
    assert resolve("Kirkuk", within="Kirkuk").place.feature_type == "settlement"
    assert resolve("Nineveh", within="Nineveh").place.id == "gov-nineveh"  # nothing inside


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_a_quarter_of_a_town_is_a_neighbourhood_and_no_village():
    """Quarters are ``neighbourhood`` rows; a village word never reaches one (IOM DTM lists)."""
    r = resolve("Karrada")
    assert (r.status, r.place.feature_type) == ("resolved", "neighbourhood")
    # a DTM village named like a Mosul or Baghdad quarter is another place
    for name in ("Al-Karama village", "قرية الكرامة", "Qaryat Al-Wahda", "Al-Saydiya village"):
        r = resolve(name)
        assert (r.status, r.place) == ("unresolved", None), name
        assert "quarter(s) of a town of the name: a village is another place" in r.note
    assert resolve("Al-Karama village", within="Nineveh").status == "unresolved"
    # a town or centre word may name one: UCDP writes Baghdad's quarters as towns
    assert resolve("Zafaraniya town").place.id == "set-baghdad-zafaraniya"
    assert resolve("Markaz Karrada").place.id == resolve("Karrada Centre").place.id
    assert resolve("Karrada Centre").place.id == "set-baghdad-karrada"
    # a quarter places a name written with it, as a town does
    assert resolve("Askari, Rahimawa").place.id == "set-kirkuk-askari"
    assert resolve("Wasiti, Rahimawa").place.id == "set-kirkuk-wasiti"
    # the bare name of a quarter the gazetteer writes "X (Town)" is found with its district
    assert resolve("Tahrir", within=("Nineveh", "Mosul")).place.id == "set-mosul-tahrir"
    assert resolve("Hay al-Hurriya", within=("Kirkuk", "Kirkuk")).place.id == "set-kirkuk-hurriya"
    assert resolve("neighbourhood of Fallujah").place.name == "Fallujah"  # the town of a part


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_hay_asks_for_a_quarter():
    """``Hay X`` is a quarter: not the town X, nor a site; the quarter X as the name alone."""
    for name in ("Hay Salah al-Din", "Hay al-Nahrawan", "Hay Al-Maliyah", "حي المشراق"):
        assert resolve(name).status == "unresolved", name  # a town, a minaret, a plant
    # the word adds what it says and takes nothing away: Hay X is the quarter X
    for name in ("Tanak", "Hay al-Tanak", "Tanak neighbourhood", "Hay al-Tanak, Mosul"):
        assert resolve(name).place.id == "set-mosul-tanak", name
    assert resolve("Hay al-Tanak", within="Kirkuk").status == "unresolved"  # DTM: one in Dibis
    r = resolve("Hay Al Zuhoor")  # the list's 'zuhur', spelt otherwise: asked of the quarter too
    assert r.status == "ambiguous" and "names a quarter in many Iraqi towns" in r.note
    # a DTM row's governorate and district, both "Kirkuk": the district places the quarter
    assert resolve("حي القورية", within=("Kirkuk", "Kirkuk")).place.id == "set-kirkuk-qoria"


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_a_quarter_name_alone_places_no_settlement():
    # Askari, Karama, Tahrir: quarters of most Iraqi towns; the gazetteer holds a few.
    for name in ("Karama", "Al-Tahrir", "Quds", "حي الشهداء"):  # a quarter or two held
        r = resolve(name)
        assert r.status == "ambiguous", name
        assert r.place is None
        assert "names a quarter in many Iraqi towns" in r.note
        # the gazetteer's quarters are listed, not chosen (Tahrir: Mosul's and Baqubah's)
        assert {c.feature_type for c in r.candidates} == {"neighbourhood"}
    both = resolve("Hay al-Askari")  # Kirkuk's and Fallujah's: the note says why still
    assert both.status == "ambiguous"
    assert len(both.candidates) == 2
    assert "names a quarter in many Iraqi towns" in both.note
    assert "Sīnah" not in resolve("Hay al-Sinaa").note  # a skeleton, no quarter of it
    # A hint that narrows it to its town places it: within= a district or finer,
    # near= with max_km up to a town's reach, the town written with it.
    assert resolve("Askari", within="Kirkuk district").place.id == "set-kirkuk-askari"
    assert resolve("Askari", within="Fallujah").place.id == "set-fallujah-askari"
    assert resolve("Askari", within="Anbar").status == "ambiguous"  # which town of Anbar?
    assert resolve("Karama", near=(36.34, 43.13), max_km=20).place.id == "set-mosul-karama"
    assert resolve("Karama", near=(36.34, 43.13)).status == "ambiguous"  # no limit, no place
    assert resolve("Karama", near=(33.3, 44.4), max_km=400).status == "ambiguous"  # too wide
    # Spellings and scripts of one quarter name; a skeleton of one is no village either.
    for name in ("حي الحرية", "Hay al-Hurriya", "ازادي", "Azadi", "Shuhadaa"):
        assert resolve(name).status == "ambiguous", name
    # Asked as a quarter, a name of which the gazetteer holds no quarter is no town either.
    for name in ("Hay al-Sinaa", "Hay Al-Salam"):
        r = resolve(name)
        assert r.status == "unresolved", name
        assert "names a quarter in many Iraqi towns" in r.note and "holds none" in r.note
    # A same-named sub-district holding it places it (UCDP's own string).
    assert resolve("as Salām town").place.id == "ucdp-salam"
    assert resolve("Askari Fallujah").place.id == "set-fallujah-askari"
    assert resolve("Hay al-Askari (Kirkuk)").place.id == "set-kirkuk-askari"
    # Names of one place keep resolving; admin units keep their names.
    assert resolve("Rahimawa").place.id == "set-kirkuk-rahimawa"
    assert resolve("Tamim").place.id == "gov-kirkuk"  # Kirkuk governorate's old name
    assert resolve("Mansour").place.id == "set-baghdad-mansour"  # in the sub-district Mansour


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_a_quarter_name_is_placed_by_its_town_in_a_text():
    found = extract_places("Gunmen attacked a checkpoint in the Askari neighbourhood of Kirkuk.")
    assert found["id"].iloc[0] == "set-kirkuk-askari"
    assert extract_places("Gunmen attacked a checkpoint in Hay al-Askari.")["status"].iloc[0] == (
        "ambiguous"
    )
    # The range's own context wins over a sub-district named after it.
    hamrin = extract_places("Gunmen attacked a Peshmerga post in Hamreen, Diyala.")
    assert hamrin["id"].iloc[0] == "mtn-hamrin"


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_arabic_admin_words_and_directions_in_a_text():
    def found(text: str) -> list[list[str]]:
        return extract_places(text)[["surface", "id"]].values.tolist()

    assert found("قضاء الحي") == [["قضاء الحي", "dist-hay"]]  # a name of generic words
    assert found("هجوم في قضاء المدينة شمال البصرة")[0] == ["قضاء المدينة", "dist-midaina"]
    # "شمال ديالى" is north of Diyala, not the sub-district Al-Shamal.
    assert [i for _, i in found("هجوم لداعش في حمرين شمال ديالى")] == ["mtn-hamrin", "gov-diyala"]


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_enclosing_default_answers_with_the_unit_that_holds_every_reading():
    r = resolve("مكحول")  # the sub-district of Salahaddin, its mountains, its dam
    assert r.status == "resolved"
    assert r.place.feature_type == "subdistrict"
    assert r.place.subdistrict_pcode == "IQG16Q03N03"
    assert "enclosing default" in r.note
    assert {"mtn-makhoul", "dam-makhoul"} <= {c.id for c in r.candidates}
    assert resolve("برادوست").place.subdistrict_pcode == "IQG11Q05N06"  # and the region
    # A feature larger than the unit (the Hamrin range, the Shahrazur plain), a
    # river, a town elsewhere are other places; a type word asks for its own kind.
    assert resolve("حمرين").status == "ambiguous"
    assert resolve("شهرزور").status == "ambiguous"
    assert resolve("دجلة").status == "ambiguous"
    assert resolve("العامرية").status == "ambiguous"  # Baghdad, or Amiriyat al-Fallujah
    assert resolve("Makhoul mountains").place.id == "mtn-makhoul"
    assert resolve("سد مكحول").place.id == "dam-makhoul"
    region = resolve("Shahrazur region").place
    assert region is None or region.feature_type == "region"  # never the sub-district


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_attribution_comes_from_the_locate_rule():
    from hotspot.locate import locate

    out = geocode(["Hawija", "Tarmiyah", "Diyala", "Tigris"])
    assert out[["governorate", "district"]].values.tolist()[:3] == [
        ["Kirkuk", "Hawija"],
        ["Baghdad", "Kadhimiya"],  # the OCHA district Tarmiyah lies in
        ["Diyala", ""],  # a governorate has no district
    ]
    assert out["district_pcode"].iloc[0] == "IQG13Q01"
    assert out["governorate"].iloc[3] == ""  # a river's point names no governorate
    placed = locate(out.iloc[:2].set_crs(4326))
    assert placed["district_pcode"].tolist() == out["district_pcode"].iloc[:2].tolist()


# ----------------------------------------------------------------- #9: sub-district readings
#: Places named like OCHA sub-districts, in a table without the admin rows: the
#: village Sindi 44 km from the sub-district Sindi, the seat of Hibhib inside its
#: unit, the Gharraf river (a sub-district of Dhi Qar is named after it) and Dhi Qar
#: governorate, whose skeleton the sub-district Al-Thagar (Basra) shares.
UNITS_CSV = """\
id,name,feature_type,lat,lon,governorate,district,aliases,source,precision_km
set-sindi,Sindi,settlement,37.2344,42.8463,,,,test,5
set-hibhib,Hibhib,settlement,33.8156,44.5535,,,,test,6
riv-gharraf,Gharraf River,river,31.9,46.0,Dhi Qar,,Al-Gharraf,test,100
gov-dhi-qar,Dhi Qar,governorate,31.05,46.26,Dhi Qar,,,test,60
"""


@pytest.fixture(scope="module")
def units_only() -> Geocoder:
    return Geocoder(pd.read_csv(io.StringIO(UNITS_CSV), keep_default_na=False))


def test_a_sub_district_name_is_not_a_same_named_place_elsewhere(units_only):
    r = units_only.resolve("Sindi")
    assert r.status == "ambiguous" and r.place is None
    assert "also the name of the sub-district Sindi (IQG09Q03N04)" in r.note
    assert "lies outside it" in r.note
    # a hint, near= or the query's own type word decide, as between two rows
    assert units_only.resolve("Sindi", within="Zakho").place.id == "set-sindi"
    assert units_only.resolve("Sindi", near=(37.2, 42.85)).place.id == "set-sindi"
    assert units_only.resolve("Sindi village").place.id == "set-sindi"
    assert units_only.resolve("Sindi", within="Duhok").status == "ambiguous"
    # the seat of a sub-district lies in it: the name is the town
    assert units_only.resolve("Hibhib").place.id == "set-hibhib"


def test_a_sub_district_named_after_a_feature_stays_ambiguous(units_only):
    r = units_only.resolve("Al-Gharraf")  # the river, or the sub-district named after it
    assert r.status == "ambiguous" and "is a river" in r.note
    assert units_only.resolve("Gharraf River").place.id == "riv-gharraf"
    r = units_only.resolve("Al-Thagar")  # a sub-district of Basra, not Dhi Qar
    assert r.status in ("ambiguous", "unresolved") and r.place is None


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_a_town_is_nested_with_its_sub_district_only_inside_it():
    r = resolve("Sindi")  # UCDP's village Sindî lies 44 km from the sub-district
    assert r.status == "ambiguous"
    assert {c.id for c in r.candidates} == {"ucdp-sindi", "ocha-iqg09q03n04"}
    assert r.note == "Sindî (ucdp-sindi) lies outside the sub-district Sindi (ocha-iqg09q03n04)"
    r = resolve("Hammam al-Alil")  # the seat, moved into its unit with the sub-district row
    assert (r.status, r.place.id, r.place.subdistrict) == (
        "resolved",
        "set-hammam-al-alil",
        "Hammam al-Alil",
    )
    assert resolve("Amarah").place.id == "gn-99608"  # a "Markaz" unit is the town's own


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_bare_arabic_sub_district_names_land_in_their_unit_or_stay_open():
    """ADM3_AR as written: a resolved answer lies in the unit, unless it is the governorate."""
    from hotspot._admin import load_admin
    from hotspot.geocoding._units import BOUNDARY_KM, distance_to_units_km

    units = load_admin(3)
    out = geocode(units["adm3_ar"].tolist())
    outside = []
    for pcode, row in zip(units["adm3_pcode"], out.itertuples(), strict=True):
        if row.status != "resolved" or row.feature_type == "governorate":
            continue  # Salah ad-Din and Wasit are the governorates (prominence default)
        km = distance_to_units_km(frozenset({pcode}), row.geometry.y, row.geometry.x)
        if km > BOUNDARY_KM + 2:  # the point's own precision: 2 km for a town
            outside.append((row.query, row.name, round(km, 1)))
    assert not outside, outside
    assert (out["status"] == "resolved").mean() > 0.94


# ----------------------------------------------------------------- #9: weak loose matches
@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
@pytest.mark.parametrize(
    ("name", "within", "expected"),
    [
        ("Kolar", None, None),  # Kalar's consonants, other vowels: a city in India
        ("Kolar", "Sulaymaniyah", "Kalar"),  # with a hint it is Kalar
        ("Kara", None, None),  # Gara's skeleton, another consonant: a short name
        ("Meishan", None, None),  # sh is not s: not Maysan
        ("Bishan", None, None),
        ("Dakuk", None, "Daquq"),  # one letter, ق, spelt k or q
        ("Al-Miqdadiyah", None, "Muqdadiya"),  # a long name: its vowels may differ
        ("Tekrit", None, "Tikrit"),  # e may be i
        ("Aş Şuwayrah", None, "Suwaira"),  # BGN: ş after the article aş is an s
    ],
)
def test_weak_loose_matches_need_a_hint(name, within, expected):
    r = resolve(name, within=within)
    if expected is None:
        assert r.status == "unresolved", r
        assert "only with a hint" in r.note or "not in the gazetteer" in r.note
    else:
        assert (r.status, r.place.name) == ("resolved", expected), r


def test_a_bare_name_reaches_a_work_by_its_own_name_not_by_a_worded_alias(gaz):
    bridge = gaz[gaz["id"] == "brg-awashra"].assign(aliases="Jisr Awashra|Shuhada Bridge")
    geocoder = Geocoder(pd.concat([gaz[gaz["id"] != "brg-awashra"], bridge]))
    # "Shuhada" matches the bridge only once "Bridge" is dropped from an alias: a
    # quarter in many towns, no answer for the bare name.
    r = geocoder.resolve("Shuhada")
    assert r.status == "unresolved"
    assert "reached only through an alias with a word it leaves out" in r.note
    assert r.suggestions[0].id == "brg-awashra"
    for said in ("Shuhada Bridge", "Jisr Awashra", "awashra bridge", "Awashra"):
        assert geocoder.resolve(said).place.id == "brg-awashra"  # "Awashra": its own name
    assert geocoder.resolve("Hamrin").status != "unresolved"  # a natural feature's name


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_towns_are_not_their_camps_bridges_and_dams():
    # Before, a town spelled without its own alias fell to a work named after it.
    assert resolve("Brooklyn").status == "unresolved"  # the US name of a Fallujah bridge
    assert resolve("Brooklyn Bridge").place.id == "br-fallujah-old"
    gaz = load_gazetteer()
    town = gaz["id"].isin(["set-laylan", "sub-laylan"])
    gaz.loc[town, "aliases"] = ""  # "Leylan" no longer a spelling of the town
    r = resolve("Leylan", gazetteer=gaz)  # the town by its spelling, not "Leylan camp"
    assert r.place.id in ("set-laylan", "sub-laylan") and r.method == "skeleton"
    assert resolve("Bucca").place.id == "site-camp-bucca"  # an alias without the word
    assert resolve("HTC").place.id == "site-habbaniyah-tourist-city"  # and "HTC camp"
    assert resolve("Bekhme").place.id == "dam-bekhme"  # its own name, "Bekhme Dam"
    assert resolve("Razzaza").place.id == "lake-razzaza"
    # Arabic names are written with their word (سد بخمة): the bare name is the work.
    for arabic, work in (("بخمة", "dam-bekhme"), ("الرزازة", "lake-razzaza")):
        assert resolve(arabic).place.id == work
    # With the bridge out, a spelling of the town is the town: "Qaiyarah bridge"
    # is an alias of the bridge, "Qaiyarah" a skeleton of Qayyarah.
    assert resolve("Qaiyarah").place.name == "Qayyarah"
    assert resolve("Qaiyarah bridge").place.feature_type == "bridge"
    # However spelt, and with a word that is not the work's, a nickname stays out.
    for query in ("Broklyn", "Brooklyn area"):
        assert resolve(query).status == "unresolved", query


@pytest.mark.skipif(not FULL_GAZETTEER, reason="needs the full bundled gazetteer")
def test_a_name_qualified_by_its_town_or_governorate_is_looked_up_there():
    # "Tahrir" alone is a quarter of many towns; with its town it is placed.
    assert resolve("Tahrir").status == "ambiguous"
    for written in ("Tahrir, Baquba", "Hay al-Tahrir - Baqubah", "Hay Al-Tahrir (Baquba)"):
        r = resolve(written)
        assert r.place.id == "set-tahrir-diyala", written
        assert "read as" in r.note
    # The qualifier filters like within= its governorate: Zanjili is in Mosul.
    r = resolve("Zanjili, Baghdad")
    assert r.status == "unresolved" and "outside within='Baghdad'" in r.note
    assert resolve("Zanjili, Mosul, Nineveh").place.id == resolve("Zanjili").place.id
    assert resolve("Hamdaniya, Kirkuk").status == "unresolved"  # Qaraqosh is in Nineveh
    # The gazetteer's own "Name (Town)" stays a name; "Iraq" is no filter.
    assert resolve("Hay al-Tahrir (Mosul), Nineveh").place.id == "set-mosul-tahrir"
    assert resolve("Kirkuk, Iraq").place.id == resolve("Kirkuk").place.id
    # The answer lies in what the qualifier names: inside the admin unit (never a
    # unit holding it, nor a river through it), or within a town's reach.
    assert resolve("Hawija, Kirkuk").place.district == "Hawija"
    for wrong in (
        "Kirkuk, Hawija",  # not Kirkuk city, nor the governorate holding Hawija
        "Zanjili, Qaraqosh",  # Zanjili is in Mosul, 20 km away
        "Najjar, Tal Qasab",  # a Mosul quarter, 120 km from Tal Qasab
        "Diyala - Kalar",  # not the Diyala River, 42 km from Kalar
        "Iraq, Kirkuk",
        "Al-Hai, Bashir",  # Bashir is the village of Kirkuk, not Al-Bashaer of Wasit
        "Saydiya, Rabia",  # two names, not a spelling of "Saudi Arabia"
    ):
        assert resolve(wrong).status != "resolved", wrong
    assert "does not lie in 'Hawija'" in resolve("Kirkuk, Hawija").note
    assert resolve("Qayyarah - Mosul").place.name == "Qayyarah"  # not Mosul district
    assert resolve("Al-Qaim - Anbar").place.name == "Al-Qaim"  # not Anbar
    assert resolve("Amiriya (Baghdad), Baghdad").place.governorate == "Baghdad"
    assert resolve("التحرير، بعقوبة").place.id == "set-tahrir-diyala"  # the Arabic comma
    # near= and max_km= stay the caller's
    far = resolve("Zanjili, Mosul", near=(33.75, 44.64), max_km=30)
    assert far.status == "unresolved" and "from near=" in far.note
    # ACLED writes the town first, with a dash: read so first.
    assert resolve("Mosul - Zanjili").place.id == resolve("Zanjili").place.id
    assert resolve("Baghdad - Sadr City").place.name == "Sadr City"
    assert resolve("Mosul - Tahrir").place.id == "set-mosul-tahrir"  # "Tahrir (Mosul)"
    # A qualifier that names no town or unit leaves the whole name as it was.
    assert resolve("Baghdad - Kut highway").status == "unresolved"
    assert "looked up" not in resolve("Baghdad - Kut highway").note
    # Per row, with a hint of the row's own: both hold.
    out = geocode(["Tahrir, Baquba", "Tahrir, Baquba"], within=["Diyala", "Nineveh"])
    assert out["status"].tolist() == ["resolved", "unresolved"]


def test_features_named_after_a_town_in_the_bundled_gazetteer():
    """News name the ranges and rivers after towns; the town itself is never the answer."""
    assert resolve("Makhmour mountains").place.id == "mtn-qara-chokh"
    assert resolve("Makhmour").place.id != "mtn-qara-chokh"  # the town
    zab = resolve("Zab river")
    assert zab.status == "ambiguous"
    assert {c.id for c in zab.candidates} == {"riv-great-zab", "riv-lesser-zab"}
    assert resolve("Adheem dam").place.id == "dam-udhaim"
    assert resolve("Tuz mountains").status == "unresolved"
    assert resolve("Diyala River bridge").place.id == "br-diyala"  # not the river


def test_a_personal_name_reaches_no_feature_named_after_the_person():
    """'Hassan' is a man or a village, not Wadi Hassan; the feature's word says the feature."""
    hassan = resolve("Hassan")
    assert hassan.status == "unresolved"
    assert "named after a person" in hassan.note and "Wadi Hassan" in hassan.note
    assert resolve("Wadi Hassan").place.id == resolve("Wadi Hassan").candidates[0].id
    assert resolve("Wadi Hassan").place.feature_type == "valley"
    assert resolve("Sheikh Ibrahim").status == "unresolved"
    assert resolve("Shaykh Ibrahim").status == "unresolved"  # the row's own bare spelling
    assert resolve("Sheikh Ibrahim area").status == "unresolved"
    assert resolve("Sheikh Ibrahim mountain").place.feature_type == "mountain"
    assert resolve("Jabal Sheikh Ibrahim").place.feature_type == "mountain"
    # names that are no personal names keep their bare form (the brief's own examples)
    assert resolve("Qandil").place.feature_type == "mountain"
    assert resolve("Zghaitun").place.feature_type == "valley"
    assert resolve("Hamrin").place.feature_type == "mountain"


def test_an_arabic_personal_name_reaches_no_feature_named_after_the_person():
    """``حسن`` is no more Wadi Hassan than ``Hassan`` is; the feature's word says it."""
    for person in ("حسن", "الشيخ إبراهيم", "شيخ ابراهيم"):
        r = resolve(person)
        assert r.status == "unresolved" and "named after a person" in r.note, person
    assert resolve("وادي حسن").place.id == resolve("Wadi Hassan").place.id
    assert resolve("جبل الشيخ إبراهيم").place.feature_type == "mountain"
    # towns named like a person stay towns (the rule is for features named after one)
    assert resolve("حمزة").place.feature_type == "settlement"
    assert resolve("قلعة صالح").place.feature_type == "settlement"
    # the list is folded on load; علي is left out, as it folds to the preposition على
    assert "احمد" in PERSONAL_NAMES and "علي" not in PERSONAL_NAMES
    assert "امام" in PERSON_TITLES


def test_a_unit_asked_for_is_as_precise_as_its_reach():
    """An event 'in' a district may lie anywhere in it: precision_km is the outline's reach."""
    names = ["Kirkuk province", "Amarah district", "Halabja province", "ناحية الرشاد", "Yusufiya"]
    kirkuk, amarah, halabja, rashad, yusufiya = geocode(names)["precision_km"].tolist()
    assert 90 < kirkuk < 110  # the governorate reaches 99 km from Kirkuk city
    assert 70 < amarah < 90  # its own unit, though the seat lies outside the 2019 polygon
    assert halabja == 3.0  # no 2019 unit of its name: the row's own figure
    assert 30 < rashad < 50  # the sub-district asked for with its word: Al-Rashad, not Al-Rasheed
    assert yusufiya <= 10  # a bare sub-district name: its seat town, as news mean it


def test_a_feature_qualified_by_a_unit_it_reaches():
    """A feature named unmistakably lies in each unit its course or extent reaches."""
    assert resolve("Qara Chokh, Erbil").place.id == "mtn-qara-chokh"
    # The Tigris flows through Salahaddin and Nineveh, not Anbar; the Euphrates the
    # other way round: the bundled course decides, not a disc around the central point.
    for written, river in (
        ("Tigris, Salahaddin", "riv-tigris"),
        ("Euphrates, Anbar", "riv-euphrates"),
    ):
        assert resolve(written).place.id == river, written
    for outside in ("Tigris, Anbar", "Euphrates, Nineveh", "Great Zab, Kirkuk"):
        assert resolve(outside).status == "unresolved", outside
    # A range or a river written with its word, or by a name no other place has.
    # (the range's point lies in Salahaddin)
    assert resolve("Hamrin mountains, Diyala").place.id == "mtn-hamrin"
    assert resolve("Diyala River, Diyala").place.id == "riv-diyala"
    assert resolve("Lesser Zab, Kirkuk").place.id == "riv-lesser-zab"
    # A name other places bear reaches the feature only where its point lies.
    assert resolve("Hamrin, Diyala").place is None  # Hamreen is a sub-district of Salahaddin too
    assert resolve("Dijla, Anbar").status == "unresolved"
    assert resolve("Kirkuk, Hawija").status == "unresolved"
    assert resolve("Iraq, Kirkuk").status == "unresolved"


@pytest.mark.parametrize(
    "name, where",
    [
        ("Hamrin mountains", "Diyala"),
        ("Hamrin", "Diyala"),
        ("Hamrin", "Salahaddin"),
        ("Tigris", "Salahaddin"),
        ("Tigris", "Anbar"),
        ("Euphrates", "Nineveh"),
        ("Dijla", "Anbar"),
        ("Diyala", "Kalar"),
        ("Diyala River", "Diyala"),
        ("Lesser Zab", "Kirkuk"),
        ("Lake Tharthar", "Anbar"),
        ("Adhaim River", "Diyala"),
        ("Qara Chokh", "Nineveh"),
        ("Khazir", "Erbil"),
    ],
)
def test_a_qualifier_and_within_find_a_feature_alike(name, where):
    """``"Name, Unit"`` and ``geocode("Name", within="Unit")`` give one answer (one rule)."""
    qualified = geocode([f"{name}, {where}"]).iloc[0]
    hinted = geocode([name], within=where).iloc[0]
    assert (qualified["status"], qualified["id"]) == (hinted["status"], hinted["id"])


def test_location_list_names_that_must_not_reach_another_place():
    """Names of DTM and ACLED location lists that other places bear (an adversarial review)."""
    out = geocode(["Hay Al-Salam", "Al-Qalaa", "Al-Salahiya", "الوحدة", "Al-Wahda"])
    hay, qalaa, salahiya, wahda_ar, wahda = out.itertuples(index=False)
    assert hay.status == "unresolved"  # a quarter, not the town as Salām of Maysan
    assert qalaa.name != "Kirkuk Citadel"  # the citadel quarter of many old towns
    assert salahiya.name != "Kifri"  # Kifri's Ottoman name is another town's today
    assert wahda_ar.status == wahda.status == "ambiguous"  # Arabic and Latin alike
    assert resolve("Sarāy town").status == "resolved"  # a town so named, not a quarter
    erbil = resolve("Salahaddin", within="Erbil")
    assert erbil.place is None or erbil.place.feature_type != "desert"


def test_central_is_no_type_word_and_no_place():
    """'central Diyala' is no unit of its own; 'Central' alone names nothing."""
    assert resolve("central Diyala").status == "unresolved"
    assert resolve("Central Zakho").place.id == "sub-zakho-centre"  # an alias
    found = extract_places("An IED in central Diyala killed a soldier.")
    assert found["id"].tolist() == [resolve("Diyala").place.id]
    found = extract_places("Protests in central Baghdad and the Central Euphrates region.")
    assert "sub-hay-centre" not in found["id"].tolist()
    found = extract_places("ISIS remnants hide in the central Karbala desert.")
    assert found["id"].tolist() == ["des-nukhaib"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("صحراء كربلاء", "des-nukhaib"), ("بادية الانبار", "des-anbar"), ("صحراء القائم", None)],
)
def test_sahraa_is_the_arabic_desert_word(name, expected):
    """صحراء كربلاء is the desert, never the city of Karbala 146 km away."""
    r = resolve(name)
    assert (r.place.id if r.place else None) == expected, r


@pytest.mark.parametrize(("name", "place"), [("Mahmoud", "Makhmour"), ("Sabah", "Siba")])
def test_a_personal_name_is_no_misspelt_place(name, place):
    """A common given name is taken as written, never as a spelling of a town."""
    r = resolve(name)
    assert (r.status, r.place) == ("unresolved", None)
    assert "personal name" in r.note
    assert resolve(place).status == "resolved"


def test_a_region_named_after_a_river_is_no_point_on_it():
    """'The Central Euphrates region' spans governorates; the river's point is at Hit."""
    assert resolve("Euphrates region").status == "unresolved"
    assert resolve("Diyala river area").place.id == "riv-diyala"  # the river, said
    found = extract_places("Protests spread in the Central Euphrates region.")
    assert found["id"].tolist() == [""]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Salah al-Din province centre", "gov-salahaddin"),  # an admin word stays the hint
        ("Diyala province centre", "gov-diyala"),
        ("Diyala River bridge", "br-diyala"),  # of feature words, the last
    ],
)
def test_two_type_words(name, expected):
    assert resolve(name).place.id == expected
    assert extract_places(f"It happened in {name}.")["id"].tolist() == [expected]


def test_a_hint_that_sets_aside_the_name_gives_no_place_spelt_like_it():
    """A hint that contradicts a known name is no licence to take a similar one."""
    for name, within in (
        ("Saadiya", "Basra"),  # not Saudi Arabia
        ("Safwan", "Erbil"),  # not Safin mountain
        ("Baquba", "Nineveh"),  # not Baqofa
        ("Al-Rashid", "Kirkuk"),  # not Rashad
        ("Zanjili", "Baghdad"),
    ):
        assert resolve(name, within=within).status == "unresolved", (name, within)
    assert resolve("Al-Hurriya", within="Kadhimiya").place.id == "set-baghdad-hurriya"


def test_a_town_lies_where_its_point_does_and_a_boundary_counts_alike():
    """Both forms: a town near a line is placed by its point; 2 km of the line counts."""
    qualified = geocode(["Jurf al-Sakhar, Anbar"]).iloc[0]  # 2 km from the Anbar line
    hinted = geocode(["Jurf al-Sakhar"], within="Anbar").iloc[0]
    assert qualified["status"] == "resolved" and qualified["id"] == hinted["id"]
    # not Amiriyat al-Fallujah, 6 km across the line (the quarter needs its district)
    assert resolve("Amiriya", within="Baghdad").place is None
    assert resolve("Amiriya, Baghdad").place.id == "set-baghdad-amiriya"  # Baghdad the city
    # the Zab bridge, reached only with its word, does not make "Lesser Zab" a shared name
    for unit in ("Erbil", "Sulaymaniyah", "Hawija"):
        assert resolve(f"Lesser Zab, {unit}").place.id == "riv-lesser-zab", unit
    # a road with no bundled course lies only where its point does
    assert resolve("Kirkuk-Baghdad Road", within="Erbil").status == "unresolved"


def test_a_town_reaches_its_own_district_but_not_across_a_governorate_line():
    """Khazna within Hamdaniya (its row's district) is Khazna; Amiriya within Baghdad is none."""
    assert resolve("Khazna", within="Hamdaniya").place.id == "set-khazna"
    assert resolve("Amiriya", within="Baghdad").place is None
