"""Tests of hotspot.geocoding.extract: spans, generic words, context, HTML, large text."""

from __future__ import annotations

import importlib
import io
import itertools
import tracemalloc

import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal

from hotspot._normalize import strip_html
from hotspot.errors import PlaceNotFoundError
from hotspot.extract import EXTRACT_COLUMNS, extract_places
from hotspot.gazetteer import load_gazetteer
from hotspot.geocode import Geocoder, resolve

FIXTURE_CSV = """\
id,name,feature_type,lat,lon,governorate,district,aliases,source,precision_km
gov-kirkuk,Kirkuk,governorate,35.47,44.39,Kirkuk,,Kirkuk province|At-Ta'mim,test,5
gov-diyala,Diyala,governorate,33.75,45.0,Diyala,,Diyala province,test,5
gov-salahaddin,Salahaddin,governorate,34.6,43.7,Salahaddin,,Saladin|Salaheddeine,test,5
gov-erbil,Erbil,governorate,36.19,44.01,Erbil,,Arbil|Irbil,test,5
gov-anbar,Anbar,governorate,33.4,42.5,Anbar,,,test,5
dist-kirkuk,Kirkuk,district,35.47,44.39,Kirkuk,Kirkuk,,test,3
dist-dibis,Dibis,district,35.65,44.07,Kirkuk,Dibis,,test,3
dist-muqdadiya,Muqdadiya,district,33.98,44.93,Diyala,Muqdadiya,,test,3
dist-tuz,Tuz Khurmatu,district,34.88,44.63,Salahaddin,Tuz Khurmatu,,test,3
dist-makhmour,Makhmour,district,35.78,43.58,Erbil,Makhmour,,test,3
set-kirkuk,Kirkuk,settlement,35.4681,44.3922,Kirkuk,Kirkuk,Kerkuk,test,2
set-dibis,Dibis,settlement,35.65,44.07,Kirkuk,Dibis,,test,1
set-rashad-k,Rashad,settlement,35.05,44.15,Kirkuk,Kirkuk,,test,1
set-rashad-d,al-Rashad,settlement,33.9,44.85,Diyala,Muqdadiya,,test,1
set-makhmour-e,Makhmour,settlement,35.78,43.58,Erbil,Makhmour,Makhmur,test,1
set-makhmour-d,Makhmour,settlement,34.0,44.9,Diyala,Muqdadiya,,test,1
set-muqdadiya,Muqdadiya,settlement,33.98,44.93,Diyala,Muqdadiya,Sharaban,test,1
set-tuz,Tuz Khurmatu,settlement,34.88,44.63,Salahaddin,Tuz Khurmatu,Tuz|Tooz,test,1
set-hit,Hit,settlement,33.64,42.83,Anbar,,,test,1
set-tun,Tun Kuweiri,settlement,35.2,44.0,Kirkuk,Dibis,,test,1
mtn-hamrin,Hamrin Mountains,mountain,34.6,44.3,Salahaddin,,Jabal Hamrin|Hamrin,test,10
val-shay,Wadi al-Shay,valley,35.0,44.1,Kirkuk,,,test,3
val-zghaitun,Wadi Zghaitun,valley,35.05,44.05,Kirkuk,,,test,3
val-zarka,Wadi Zarka,valley,35.1,44.0,Kirkuk,,,test,3
lake-amerli,Lake Amerli,lake,34.7,44.55,Salahaddin,Tuz Khurmatu,,test,2
"""


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    gaz = pd.read_csv(io.StringIO(FIXTURE_CSV), dtype={"district": str}, keep_default_na=False)
    return Geocoder(gaz)


def _check_spans(text: str, out) -> None:
    for surface, start, end in zip(out["surface"], out["start"], out["end"], strict=True):
        assert text[start:end] == surface
    assert list(out["start"]) == sorted(out["start"])


def test_columns_and_crs(geocoder):
    out = extract_places("Attack in Kirkuk.", gazetteer=geocoder)
    assert list(out.columns) == [*EXTRACT_COLUMNS, "geometry"]
    assert out.crs.to_epsg() == 4326
    assert out["start"].dtype == "int64"


def test_empty_text(geocoder):
    out = extract_places("", gazetteer=geocoder)
    assert len(out) == 0
    assert list(out.columns) == [*EXTRACT_COLUMNS, "geometry"]
    assert out.crs.to_epsg() == 4326


def test_not_a_string(geocoder):
    with pytest.raises(TypeError, match="text"):
        extract_places(None, gazetteer=geocoder)


def test_multiword_and_generic_spans(geocoder):
    text = (
        "Militants hid in caves in the Hamrin Mountains and moved along Wadi al-Shay "
        "towards Tun Kuweiri in Dibis district, near Lake Amerli and Tuz Khurmatu."
    )
    out = extract_places(text, gazetteer=geocoder)
    _check_spans(text, out)
    assert out["surface"].tolist() == [
        "Hamrin Mountains",
        "Wadi al-Shay",
        "Tun Kuweiri",
        "Dibis district",
        "Lake Amerli",
        "Tuz Khurmatu",
    ]
    assert out["id"].tolist() == [
        "mtn-hamrin",
        "val-shay",
        "set-tun",
        "dist-dibis",
        "lake-amerli",
        "set-tuz",
    ]
    assert (out["status"] == "resolved").all()


def test_longest_match_first(geocoder):
    out = extract_places("Clashes in Tuz Khurmatu and in Tuz.", gazetteer=geocoder)
    assert out["surface"].tolist() == ["Tuz Khurmatu", "Tuz"]


def test_list_with_plural_generic(geocoder):
    text = "remnants hiding in the valleys of Shay, Zghaitun, and Zarka."
    out = extract_places(text, gazetteer=geocoder)
    _check_spans(text, out)
    assert out["id"].tolist() == ["val-shay", "val-zghaitun", "val-zarka"]
    assert out["surface"].tolist()[1:] == ["Zghaitun", "Zarka"]
    text = "targeted hideouts in Kirkuk, Diyala, and Saladin provinces"
    out = extract_places(text, gazetteer=geocoder)
    assert out["id"].tolist() == ["gov-kirkuk", "gov-diyala", "gov-salahaddin"]


def test_province_vs_city(geocoder):
    out = extract_places("Officials in Kirkuk province and in Kirkuk city.", gazetteer=geocoder)
    assert out["id"].tolist() == ["gov-kirkuk", "set-kirkuk"]


def test_misspelt_name_next_to_generic_word(geocoder):
    out = extract_places("Caves in Wadi Zghetoon were cleared.", gazetteer=geocoder)
    assert out["surface"].tolist() == ["Wadi Zghetoon"]
    assert out["id"].tolist() == ["val-zghaitun"]
    out = extract_places("Caves in Wadi Zghaytoun were cleared.", gazetteer=geocoder)
    assert out["id"].tolist() == ["val-zghaitun"]


def test_capitalisation_required(geocoder):
    out = extract_places("the bomb did not hit anyone near kirkuk", gazetteer=geocoder)
    assert len(out) == 0


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A patrol in Hit was attacked.", ["Hit"]),
        ("Hit by a roadside bomb, the convoy stopped.", []),
        ("The convoy was Hit twice.", []),
    ],
)
def test_english_word_place_names_need_a_cue(geocoder, text, found):
    out = extract_places(text, gazetteer=geocoder)
    assert out["surface"].tolist() == found


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("An IED exploded in Hay al-Tahrir.", "Hay al-Tahrir"),  # a generic word before
        ("Clashes in al-Karama, Mosul.", "al-Karama"),  # the Arabic article
        ("A bomb in the Karama neighbourhood of Mosul.", "Karama neighbourhood"),  # after
    ],
)
def test_english_word_place_names_with_a_generic_word_or_article_are_found(text, surface):
    out = extract_places(text)  # Karama and Tahrir are English words, and quarters
    assert surface in out["surface"].tolist()


def test_context_disambiguation_same_sentence(geocoder):
    text = "In Diyala's Muqdadiya district, gunmen attacked Rashad."
    out = extract_places(text, gazetteer=geocoder)
    _check_spans(text, out)
    assert out["surface"].tolist() == ["Diyala", "Muqdadiya district", "Rashad"]
    assert out.set_index("surface").loc["Rashad", "id"] == "set-rashad-d"


def test_context_disambiguation_governorate(geocoder):
    text = "Shelling near Makhmour in Erbil province. Later, Rashad in Kirkuk was hit."
    out = extract_places(text, gazetteer=geocoder)
    rows = out.set_index("surface")
    assert rows.loc["Makhmour", "id"] == "set-makhmour-e"
    assert rows.loc["Rashad", "id"] == "set-rashad-k"


def test_ambiguous_without_context(geocoder):
    out = extract_places("Gunmen attacked Rashad at dawn.", gazetteer=geocoder)
    assert out["status"].tolist() == ["ambiguous"]
    assert out["geometry"].is_empty.all() and out["geometry"].iloc[0] is not None
    assert set(out["candidates"].iloc[0].split(";")) == {"set-rashad-k", "set-rashad-d"}
    assert not extract_places("Gunmen attacked Rashad.", gazetteer=geocoder, context=False).empty


def test_within_argument(geocoder):
    out = extract_places("Gunmen attacked Rashad.", gazetteer=geocoder, within="Diyala")
    assert out["id"].tolist() == ["set-rashad-d"]
    with pytest.raises(PlaceNotFoundError):
        extract_places("Rashad", gazetteer=geocoder, within="Atlantis")


def test_html_offsets_refer_to_input(geocoder):
    text = '<p class="x">Clashes in <b>Kirkuk</b> &amp; <i>Wadi al-Shay</i></p>'
    out = extract_places(text, gazetteer=geocoder)
    _check_spans(text, out)
    assert out["surface"].tolist() == ["Kirkuk", "Wadi al-Shay"]


def test_possessive_and_punctuation(geocoder):
    text = 'Kirkuk\'s police, (Dibis) and "Tooz"; Hamrin.'
    out = extract_places(text, gazetteer=geocoder)
    _check_spans(text, out)
    assert out["surface"].tolist() == ["Kirkuk", "Dibis", "Tooz", "Hamrin"]


def test_no_match_across_sentences(geocoder):
    out = extract_places("He left Tuz. Khurmatu is a name.", gazetteer=geocoder)
    assert out["surface"].tolist() == ["Tuz"]


def test_spans_match_geocode(geocoder):
    text = "Militants in Kerkuk and Sharaban."
    out = extract_places(text, gazetteer=geocoder)
    for surface, place_id in zip(out["surface"], out["id"], strict=True):
        assert resolve(surface, gazetteer=geocoder).place.id == place_id


# ----------------------------------------------------------------- seeds, full gazetteer
FULL = len(load_gazetteer()) >= 1000
needs_full = pytest.mark.skipif(
    not FULL, reason="the full gazetteer (>= 1000 rows) has not landed yet"
)

KEY_PLACES = [
    "Hamrin Mountains",
    "Wadi Zghetoon",
    "Qarachogh",
    "Qara Chokh",
    "Makhmour",
    "Muqdadiya",
    "Sharaban",
    "Gwer",
    "Dibis",
    "Daquq",
    "Khanaqin",
    "Saladin",
    "Salaheddeine",
    "Kirkuk",
    "Diyala",
    "Nineveh",
    "Ninawa",
    "Zghaitun",
    "Shay",
    "Zarka",
    "Lake Amerli",
    "Amerli",
    "Al-Azim",
    "Tun Kuweiri",
    "Wadi Khanajir",
    "Bridge Awashra",
    "Haija",
    "Sulaimani",
    "Sulaymaniyah",
    "Anbar",
    "Erbil",
]
SAME_PLACE = [
    ("Qarachogh", "Qara Chokh"),
    ("Saladin", "Salaheddeine"),
    ("Nineveh", "Ninawa"),
    ("Sulaimani", "Sulaymaniyah"),
    ("Zghaitun", "Wadi Zghetoon"),
    ("Muqdadiya", "Sharaban"),
]


def _seed_texts(seeds) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}


def test_seed_reports_extract(shared_seeds):
    texts = _seed_texts(shared_seeds)
    assert texts
    for name, text in texts.items():
        out = extract_places(text)
        _check_spans(text, out)
        assert out["status"].isin(["resolved", "ambiguous", "unresolved"]).all(), name


@needs_full
def test_seed_key_places_found(shared_seeds):
    texts = _seed_texts(shared_seeds)
    found: set[str] = set()
    for text in texts.values():
        out = extract_places(text)
        resolved = out[out["status"] == "resolved"]
        found |= {s.casefold() for s in resolved["surface"]}
    corpus = " ".join(texts.values()).casefold()
    for place in KEY_PLACES:
        if place.casefold() not in corpus:
            continue
        assert any(place.casefold() in s for s in found), place


@needs_full
@pytest.mark.parametrize("name", KEY_PLACES)
def test_key_places_resolve(name):
    r = resolve(name)
    assert r.status == "resolved", r


@needs_full
@pytest.mark.parametrize(("a", "b"), SAME_PLACE)
def test_variants_agree(a, b):
    assert resolve(a).place.id == resolve(b).place.id


# ----------------------------------------------------------------- people and adjectives
PEOPLE_CSV = (
    FIXTURE_CSV
    + """\
sub-amerli,Amerli,subdistrict,34.72,44.59,Salahaddin,Tuz Khurmatu,,test,3
set-amerli,Amerli,settlement,34.72,44.59,Salahaddin,Tuz Khurmatu,,test,3
set-shwan,Shwan,settlement,35.72,44.56,Kirkuk,Kirkuk,,test,8
sub-sirwan,Sirwan,subdistrict,35.1,45.9,Diyala,,,test,5
set-hadhar,Al-Hadhar,settlement,35.58,42.72,Anbar,,Hadhar,test,2
ctry-iraq,Iraq,country,33.2,43.7,,,Irak,test,400
reg-kurdistan,Kurdistan Region,region,36.2,44.4,,,Kurdistan,test,150
des-syrian,Syrian Desert,desert,33.5,40.0,,,Syrian Badia,test,200
site-camp-ashraf,Camp Ashraf,site,34.06,44.57,Diyala,,Ashraf,test,4
"""
)


@pytest.fixture(scope="module")
def people() -> Geocoder:
    gaz = pd.read_csv(io.StringIO(PEOPLE_CSV), dtype={"district": str}, keep_default_na=False)
    return Geocoder(gaz)


@pytest.mark.parametrize(
    "text",
    [
        "Maytham al-Amerli, mayor of the town, spoke. Later Al-Amerli said more.",  # nisba
        "according to Peshmerga Commander Sirwan Barzani.",  # title before the name
        "Shwan Muhammad, a member of the bureau, confirmed it.",  # given name after
        "Saleh Hadhar, the commander of the division, said.",  # given name before
        "(Photo: Submitted to Kurdistan24)",  # outlet name glued to digits
        "Iraqi forces and Syrian forces met.",  # adjectives, not places
        "a member of the Barzani family",  # a family name is no misspelt Barzan
        "Ashraf Rifi said the talks went well.",  # a given name, then a surname
        "A bomb exploded near Ashraf Rifi's office.",  # a locative word does not change it
        "Ashraf said the talks went well.",  # a place named like a person, speaking
    ],
)
def test_people_and_adjectives_are_not_places(people, text):
    out = extract_places(text, gazetteer=people)
    assert out.empty, out[["surface", "id"]].values.tolist()


def test_a_quarter_named_like_an_adjective_is_found():
    """``Wasiti`` is "of Wasit", but ``Hay al-Wasiti`` is a quarter of Kirkuk (a review)."""
    for text in (
        "A bomb killed two in Hay al-Wasiti, Kirkuk.",
        "A bomb killed two in the Wasiti neighbourhood of Kirkuk.",
    ):
        out = extract_places(text)
        assert "set-kirkuk-wasiti" in out["id"].tolist(), text
    assert extract_places("The Wasiti delegation met in Kut.")["id"].tolist() == [
        resolve("Kut").place.id
    ]


def test_places_next_to_people_still_found(people):
    text = "Maytham al-Amerli, mayor of Amerli district, and Shwan Muhammad visited Shwan."
    out = extract_places(text, gazetteer=people)
    assert out[["surface", "id"]].values.tolist() == [
        ["Amerli district", "sub-amerli"],
        ["Shwan", "set-shwan"],
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mortars hit Ashraf on Sunday.",
        "Ashraf Sunday saw shelling.",  # a day is no surname
        "Ashraf, Amerli and Shwan were shelled.",
        "Ashraf Camp was shelled.",
    ],
)
def test_a_place_named_like_a_person_is_still_found(people, text):
    out = extract_places(text, gazetteer=people)
    assert out["id"].iloc[0] == "site-camp-ashraf", out[["surface", "id"]].values.tolist()


def test_a_place_after_a_place_named_like_a_person_is_no_surname(people):
    out = extract_places("MEK members in Ashraf Iraq were attacked.", gazetteer=people)
    assert out["id"].tolist() == ["site-camp-ashraf", "ctry-iraq"]


def test_english_as_is_no_article(people):
    text = "Muqdadiya district, known as Sharaban in Kurdish."
    out = extract_places(text, gazetteer=people)
    _check_spans(text, out)
    assert out["surface"].tolist() == ["Muqdadiya district", "Sharaban"]


def test_name_known_only_with_generic_word(people):
    out = extract_places("hiding in the Syrian desert and in Syrian towns", gazetteer=people)
    assert out["surface"].tolist() == ["Syrian desert"]
    assert out["id"].tolist() == ["des-syrian"]


# ----------------------------------------------------------------- review regressions
@pytest.mark.parametrize(
    "text",
    [
        "Two Iraqi soldiers died.",
        "Three Iraqi soldiers were wounded.",
        "Dozens Iraqi families fled.",
        "Twenty Iraqi police officers arrived.",
    ],
)
def test_number_word_and_nationality_are_not_a_place(text):
    out = extract_places(text)
    assert not (out["governorate"] == "Karbala").any(), out
    assert "Hindiya" not in out["name"].tolist()


#: Governorates far from the disputed territories: a report about Kirkuk, Diyala,
#: Salahaddin or Nineveh that never names them must not place a mention there.
FAR_GOVERNORATES = (
    "Karbala",
    "Najaf",
    "Basra",
    "Babil",
    "Qadisiyah",
    "Muthanna",
    "Dhi Qar",
    "Maysan",
    "Wasit",
    "Anbar",
    "Baghdad",
)


def _bundled_reports() -> list:
    from hotspot._data import data_path

    folder = data_path("sample_reports")
    return [*sorted(folder.glob("*.txt")), data_path("sample_report.txt")]


@pytest.mark.parametrize("path", _bundled_reports(), ids=lambda p: p.name)
def test_bundled_reports_stay_near_the_disputed_territories(path):
    from hotspot._normalize import fold

    text = path.read_text(encoding="utf-8")
    out = extract_places(text)
    assert len(out) > 0
    folded = fold(text)
    for _, row in out.iterrows():
        if row["governorate"] in FAR_GOVERNORATES:
            assert fold(row["governorate"]) in folded, (path.name, row["surface"], row["name"])
    _check_spans(text, out)


def test_hamrin_report_ied_is_not_in_karbala():
    from hotspot._data import data_path

    text = data_path("sample_reports/01_hamrin_ied.txt").read_text(encoding="utf-8")
    out = extract_places(text)
    assert not out["surface"].str.contains("Iraqi").any()
    assert set(out["governorate"]) <= {"Salahaddin", "Diyala", "Kirkuk", ""}


@pytest.mark.parametrize(
    "text",
    [
        "Clashes in Dibis district.",
        "Clashes in Dibis&nbsp;district.",
        "Clashes in Dibis&#160;district.",
        "Clashes in <b>Dibis</b> district.",
        "Clashes in <a href='x'>Dibis</a>&nbsp;<i>district</i>.",
        "Clashes in Dibis\u00a0district.",
        "Clashes in Dibis\u2009district.",
        "Clashes in Dibis   district.",
        "Clashes in Dibis\ndistrict.",  # a wrapped line
    ],
)
def test_whitespace_and_markup_between_name_and_generic_word(geocoder, text):
    out = extract_places(text, gazetteer=geocoder)
    _check_spans(text, out)
    assert out["id"].tolist() == ["dist-dibis"]
    assert out["surface"].iloc[0].startswith("Dibis") and out["surface"].iloc[0].endswith(
        "district"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Clashes in Dibis.\n\nDistrict officials said nothing.",
        "<p>Clashes in Dibis</p><p>District officials said nothing.</p>",
        "Clashes in Dibis &amp; district officials said nothing.",
    ],
)
def test_paragraphs_and_punctuation_entities_do_not_join(geocoder, text):
    out = extract_places(text, gazetteer=geocoder)
    _check_spans(text, out)
    assert out["surface"].tolist() == ["Dibis"]
    assert out["id"].tolist() == ["set-dibis"]


def test_empty_result_has_the_same_dtypes(geocoder):
    empty = extract_places("Nothing here.", gazetteer=geocoder)
    full = extract_places("Clashes in Kirkuk.", gazetteer=geocoder)
    assert len(empty) == 0 and len(full) == 1
    assert empty.dtypes.equals(full.dtypes)
    assert empty["surface"].dtype == full["surface"].dtype == "str"
    assert empty["start"].dtype == "int64" and empty["score"].dtype == float
    both = pd.concat([empty, full], ignore_index=True)
    assert both.dtypes.equals(full.dtypes)


def test_no_cache_keeps_a_geocoder_alive():
    import gc
    import weakref

    g = Geocoder(
        pd.read_csv(io.StringIO(FIXTURE_CSV), dtype={"district": str}, keep_default_na=False)
    )
    assert extract_places("Clashes in Kirkuk.", gazetteer=g)["id"].tolist() == ["set-kirkuk"]
    ref = weakref.ref(g)
    index = weakref.ref(g.index)
    del g
    gc.collect()
    assert ref() is None and index() is None  # nothing keeps a dead geocoder alive


# ----------------------------------------------------------------- large text (#15 item 8)
extract_module = importlib.import_module("hotspot.geocoding.extract")

FILLER = "Officials gave no further details about the attack or the casualties. " * 40


def _sample_text() -> str:
    return "\n\n".join(path.read_text(encoding="utf-8") for path in _bundled_reports())


def _in_chunks(monkeypatch, chars: int, text: str, **kwargs):
    monkeypatch.setattr(extract_module, "_CHUNK_CHARS", chars)
    spans = list(extract_module._chunks(strip_html(text)))
    return spans, extract_places(text, **kwargs)


@pytest.mark.parametrize("layout", ["paragraphs", "one paragraph"])
def test_chunks_give_the_result_of_one_piece(monkeypatch, layout):
    text = _sample_text()
    if layout == "one paragraph":
        text = " ".join(text.split())
    whole_spans, whole = _in_chunks(monkeypatch, 10_000_000, text)
    spans, chunked = _in_chunks(monkeypatch, 300, text)
    assert len(whole_spans) == 1 and len(spans) > 5
    assert_geodataframe_equal(chunked, whole)
    assert (chunked["status"] == "ambiguous").any() or (chunked["status"] == "resolved").all()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same sentence, several chunks apart: "Rashad ... in Kirkuk" (sentence context)
        ("Gunmen attacked Rashad, " + FILLER.replace(". ", ", ") + "near Kirkuk.", "set-rashad-k"),
        # the same paragraph, later sentences
        ("Gunmen attacked Rashad at dawn. " + FILLER + "Police in Diyala said so.", "set-rashad-d"),
        # another paragraph: the text's context
        ("Gunmen attacked Rashad at dawn.\n\n" + FILLER + "\n\nIn Diyala, calm.", "set-rashad-d"),
    ],
)
def test_context_reaches_across_chunks(monkeypatch, geocoder, text, expected):
    whole_spans, whole = _in_chunks(monkeypatch, 10_000_000, text, gazetteer=geocoder)
    spans, chunked = _in_chunks(monkeypatch, 200, text, gazetteer=geocoder)
    assert len(whole_spans) == 1 and len(spans) > 1
    assert_geodataframe_equal(chunked, whole)
    assert chunked.set_index("surface").loc["Rashad", "id"] == expected


def test_cuts_fall_between_names_at_sentence_ends(monkeypatch):
    text = strip_html(_sample_text())
    monkeypatch.setattr(extract_module, "_CHUNK_CHARS", 500)
    spans = list(extract_module._chunks(text))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    for _, end in spans[:-1]:
        assert text[end].isalpha() and not text[end - 1].isalnum()  # at a word start
        assert extract_module._SENTENCE_END.search(text[max(0, end - 300) : end])


def test_no_sentence_end_still_cuts_between_words(monkeypatch, geocoder):
    names = ", ".join(["Kirkuk", "Tooz", "Makhmur", "Dibis", "Wadi al-Shay"] * 200)
    monkeypatch.setattr(extract_module, "_CHUNK_CHARS", 100)
    spans = list(extract_module._chunks(names))
    assert len(spans) > 5
    assert all(names[end].isalpha() and names[end - 1] == " " for _, end in spans[:-1])
    out = extract_places(names, gazetteer=geocoder)
    assert len(out) == 1000 and (out["status"] == "resolved").all()


def test_memory_grows_with_mentions_not_text(monkeypatch):
    """~3 KB per mention before #15 item 8; now ~0.4 KB, most of it the result frame.

    Measured as the growth of the peak between two texts, so that what every call
    builds once (the places and candidates of its results) does not count.
    """
    geocoder = Geocoder()
    names = [n for n in load_gazetteer()["name"] if n.isascii()]
    monkeypatch.setattr(extract_module, "_CHUNK_CHARS", 5_000)
    extract_places("Clashes in Kirkuk.", gazetteer=geocoder)
    sizes, peaks = [], []
    for sentences in (300, 900):
        text = "".join(", ".join(names[(7 * i + k) % len(names)] for k in range(10)) + ". "
                       for i in range(sentences))  # fmt: skip
        tracemalloc.start()
        try:
            out = extract_places(text, gazetteer=geocoder)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        sizes.append(len(out))
        peaks.append(peak)
    assert sizes[1] > 8_000
    per_mention = (peaks[1] - peaks[0]) / (sizes[1] - sizes[0])
    assert per_mention < 1_000, f"{per_mention:.0f} bytes per mention"


def test_context_must_be_a_bool(geocoder):
    with pytest.raises(TypeError, match="context must be True or False"):
        extract_places("Clashes in Kirkuk.", gazetteer=geocoder, context="sentence")


def test_a_weak_match_is_taken_where_the_text_names_its_unit():
    """Kolar has Kalar's consonants, not its vowels: only a hint, or the text, makes it Kalar."""
    alone = extract_places("Clashes erupted in Kolar on Monday.")
    assert alone["status"].tolist() == ["unresolved"]
    assert "only with a hint" in alone["note"].iloc[0]
    text = "Clashes erupted in Kolar, in Sulaymaniyah province, on Monday."
    out = extract_places(text)
    assert out[["surface", "status", "name"]].values.tolist()[0] == ["Kolar", "resolved", "Kalar"]
    out = extract_places("Clashes erupted in Kolar, in Nineveh province, on Monday.")
    assert out["status"].iloc[0] == "unresolved"  # the text names another governorate
    assert extract_places(text, context=False)["status"].iloc[0] == "unresolved"


def test_a_generic_word_goes_with_the_name_right_before_it():
    """'Engineers ... the bridge' is no 'Engineers bridge'; a plural after a list is."""
    out = extract_places("Engineers repaired the bridge in Mosul.")
    assert out["surface"].tolist() == ["Mosul"]
    out = extract_places("ISIS fighters were killed in the Haija and Hamrin areas.")
    assert out["surface"].tolist()[0] == "Haija"
    out = extract_places("ISIS fighters were killed in the Haija and Hamrin area.")
    assert out["surface"].tolist()[0] == "Haija"
    out = extract_places("Engineers and soldiers repaired the bridge in Mosul.")
    assert out["surface"].tolist() == ["Mosul"]


def test_a_word_belongs_to_one_mention():
    """'City' ends Sadr City; it is no type word of the next name ('City Hamza')."""
    out = extract_places("Sadr City Hamza Ali said the attack was repelled.")
    assert out["surface"].tolist() == ["Sadr City"]
    out = extract_places("Kurdistan Region Salman Ali said.")
    assert out["surface"].tolist() == ["Kurdistan Region"]


def test_a_longer_run_that_names_no_place_leaves_the_name_it_starts_with():
    """'the Kirkuk-Hawija highway' is no name; Kirkuk and Hawija are (the road is 'road')."""
    out = extract_places("Gunmen attacked a patrol on the Kirkuk-Hawija highway.")
    assert out["surface"].tolist() == ["Kirkuk", "Hawija"]
    road = extract_places("Gunmen attacked a patrol on the Kirkuk-Hawija road.")
    assert road["feature_type"].tolist() == ["road"]


def test_an_arabic_place_before_a_personal_name_stays_a_place():
    """Arabic has no capitals: 'قائد شرطة ديالى محمد الكناني' names Diyala, then a person."""
    out = extract_places("وقال قائد شرطة ديالى محمد الكناني ان مسلحين هاجموا قرية")
    assert "ديالى" in out["surface"].tolist()
