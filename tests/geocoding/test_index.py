"""Tests of hotspot.geocoding._index: the name tables and the searches they answer."""

from __future__ import annotations

import pandas as pd
import pytest

from hotspot._normalize import name_keys
from hotspot.geocoding._index import FUZZY_MIN_LENGTH, NameIndex, admin_key

ROWS = [
    # id, name, feature_type, governorate, district, aliases
    ("gov-kirkuk", "Kirkuk", "governorate", "Kirkuk", "", "Kirkuk province|At-Ta'mim"),
    ("dist-kirkuk", "Kirkuk", "district", "Kirkuk", "Kirkuk", ""),
    ("set-kirkuk", "Kirkuk", "settlement", "Kirkuk", "Kirkuk", "Kerkuk|كركوك"),
    ("mtn-hamrin", "Hamrin Mountains", "mountain", "", "", "Jabal Hamrin"),
    ("set-tuz", "Tuz Khurmatu", "settlement", "Salahaddin", "", "Tuz|Tooz"),
    ("set-iraq", "Iraq", "country", "", "", ""),
]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    table = pd.DataFrame(
        [
            {"id": i, "name": n, "feature_type": t, "lat": 35.0, "lon": 44.0,
             "governorate": g, "district": d, "aliases": a}
            for i, n, t, g, d, a in ROWS
        ]
    )  # fmt: skip
    return NameIndex(table, disputed=["Kirkuk", "Kirkuk", "Kirkuk", "", "", ""])


def test_tables(index):
    assert len(index) == 6
    assert index.ids.tolist()[:2] == ["gov-kirkuk", "dist-kirkuk"]
    assert {entry[0] for entry in index.by_core["kirkuk"]} == {0, 1, 2}
    # the place's own name is marked: an exact match, not an alias
    assert {(entry[0], entry[3]) for entry in index.by_core["kerkuk"]} == {(2, False)}
    assert "hamrin" in index.by_core  # "Hamrin Mountains" and "Jabal Hamrin" share the core
    assert "hamrin" not in index.bare_cores  # no alias is just "Hamrin"
    assert "kirkuk" in index.bare_cores
    assert index.max_words == 2  # "tuz khurmatu", "kirkuk province" has a generic word
    assert {"kirkuk", "tamim", "tuz", "hamrin", "kerkuk"} <= index.first_words
    assert index.disputed.tolist()[:3] == ["Kirkuk"] * 3
    assert index.governorate_keys[4] == "salahaddin"


def test_units_align_with_the_rows(index):
    assert index.units == [()] * 6  # none given
    assert index.position["set-tuz"] == 4


def test_exact_skeleton_or_neither(index):
    exact = index.exact_or_skeleton(name_keys("Kirkuk"))
    assert set(exact) == {0, 1, 2} and {h.method for h in exact.values()} == {"exact"}
    alias = index.exact_or_skeleton(name_keys("Kerkuk"))
    assert set(alias) == {2} and alias[2].method == "alias"
    skeleton = index.exact_or_skeleton(name_keys("Kerkouk"))
    assert {h.method for h in skeleton.values()} == {"skeleton"}
    assert index.exact_or_skeleton(name_keys("Zubair")) is None  # the fuzzy tier may run
    assert index.exact_or_skeleton(name_keys("Iraqi")) == {}  # a nisba: no loose match at all
    assert index.exact_or_skeleton(name_keys("Two Tuz")) == {}  # starts with a number word


def test_a_generic_word_penalises_places_of_another_type(index):
    hits = index.exact_or_skeleton(name_keys("Kirkuk province"))
    assert hits[0].fits and hits[0].full and hits[0].score == 100
    assert not hits[2].fits and hits[2].score == 90


def test_fuzzy_blocks_on_first_or_last_letter(index):
    found = index.fuzzy(["tuz khurmato", "xuz khurmatu", "kirk"], 85)
    assert found[0] and found[1]  # same first letter; same last letter
    assert set(found[0]) == {"tuz khurmatu"}
    assert found[2] == {}  # shorter than FUZZY_MIN_LENGTH
    assert len("kirk") < FUZZY_MIN_LENGTH
    hits = index.hits_for(name_keys("Tuz Khurmato"), found[0], "fuzzy")
    assert list(hits) == [4] and hits[4].method == "fuzzy"


def test_nisba_and_admin_key(index):
    assert index.nisba_of("iraqi") == "iraq"
    assert index.nisba_of("kirkuki") == "kirkuk"
    assert index.nisba_of("tuz") is None
    assert admin_key("At-Ta'mim") == admin_key("Ta'mim") and admin_key("") == ""


def test_disputed_must_align_with_the_rows():
    table = pd.DataFrame(
        [{"id": "a", "name": "A", "feature_type": "site", "lat": 35.0, "lon": 44.0,
          "governorate": "", "district": "", "aliases": ""}]
    )  # fmt: skip
    with pytest.raises(ValueError, match="disputed has 2 values for 1 rows"):
        NameIndex(table, disputed=["", ""])


# ----------------------------------------------------------------- #9: evidence of one name
EVIDENCE = [
    ("set-samarra", "Samarra", "settlement", "Samara"),
    ("set-kadhimiya", "Kadhimiya", "settlement", "Kazimiyah"),
    ("set-khanaqin", "Khanaqin", "settlement", ""),
    ("set-tall-asfar", "Tall Asfar", "settlement", ""),
    ("set-mishkhab", "Mishkhab", "settlement", "Faisailiya"),
    ("reg-dibs", "Disputed Territories", "region", "DIBs"),
    ("set-dibis", "Dibis", "settlement", "Dibs"),
]


@pytest.fixture(scope="module")
def evidence() -> NameIndex:
    table = pd.DataFrame(
        [
            {"id": i, "name": n, "feature_type": t, "lat": 35.0, "lon": 44.0,
             "governorate": "", "district": "", "aliases": a}
            for i, n, t, a in EVIDENCE
        ]
    )  # fmt: skip
    return NameIndex(table, disputed=[""] * len(EVIDENCE))


@pytest.mark.parametrize(
    ("name", "agrees"),
    [
        ("Samarah", True),  # a spelling of Samara
        ("Samra", False),  # no vowel between m and r: another name
        ("Jasimiyah", False),  # j/k, s/z: Jasim is not Kazim
        ("Kadhimiyya", True),
        ("Faşīlīyah", True),  # consonants and vowel places agree (the resolver checks ī)
    ],
)
def test_skeleton_hits_carry_their_evidence(evidence, name, agrees):
    hits = evidence.exact_or_skeleton(name_keys(name))
    if agrees:
        assert hits and all(h.method == "skeleton" for h in hits.values())
        assert any(h.agrees for h in hits.values())
    else:
        assert not hits or not any(h.agrees for h in hits.values())


@pytest.mark.parametrize(
    ("query", "agrees"),
    [
        ("khanaqim", True),  # a neighbouring key
        ("khanaqni", True),  # a transposition
        ("khanaqiin", True),  # a doubled letter
        ("khanaqn", False),  # a dropped vowel in a short name
        ("ghanaqin", False),  # another first letter
        ("tall asfat", True),
        ("tall aswad", False),  # one affix shared, the rest differs
    ],
)
def test_fuzzy_hits_need_a_typing_slip(evidence, query, agrees):
    found = evidence.fuzzy([query], 60)[0]
    hits = evidence.hits_for(name_keys(query), found, "fuzzy")
    assert any(h.agrees for h in hits.values()) is agrees


def test_acronym_aliases_are_marked(evidence):
    hits = evidence.exact_or_skeleton(name_keys("Dibs"))
    by_id = {evidence.ids[p]: h for p, h in hits.items()}
    assert by_id["reg-dibs"].acronym and not by_id["set-dibis"].acronym
    assert by_id["set-dibis"].method == "alias"
    from hotspot.geocoding._index import is_acronym, written_as_acronym

    assert is_acronym("DIBs") and not is_acronym("Dibs")
    assert written_as_acronym("in the DIBs") and not written_as_acronym("Dibs town")


@pytest.mark.parametrize(
    ("query", "core", "weak"),
    [
        ("kara", "gara", True),  # a short name, another consonant letter
        ("kolar", "kalar", True),  # vowels of another quality
        ("bishan", "bashan", True),
        ("dakuk", "daquq", False),  # ق spelt k or q: one letter
        ("tooz", "tuz", False),
        ("kerkook", "kirkuk", False),  # e and oo: the same vowels
        ("miqdadiyah", "muqdadiya", False),  # a long name: vowels not asked
        ("garissa", "kharrisa", True),  # seven letters, g is not kh
        ("kirkukh", "kirkuk", False),  # kh with its h left out
    ],
)
def test_weak_skeleton_evidence(query, core, weak):
    from hotspot.geocoding._index import is_weak

    assert is_weak(query, core, "skeleton") is weak
    assert not is_weak(query, core, "exact") and not is_weak(query, core, "fuzzy")


def test_hits_say_whether_their_evidence_is_weak():
    table = pd.DataFrame(
        [{"id": "set-kalar", "name": "Kalar", "feature_type": "settlement", "lat": 34.6,
          "lon": 45.3, "governorate": "", "district": "", "aliases": "Kelar"}]
    )  # fmt: skip
    index = NameIndex(table, disputed=[""])
    (hit,) = index.exact_or_skeleton(name_keys("Kolar")).values()
    assert (hit.method, hit.agrees, hit.weak) == ("skeleton", True, True)
    (hit,) = index.exact_or_skeleton(name_keys("Kallar")).values()
    assert (hit.method, hit.weak) == ("skeleton", False)
