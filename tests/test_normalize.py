"""Tests of hotspot._normalize: folding, articles, generic words, skeletons."""

from __future__ import annotations

import pytest

from hotspot._normalize import (
    COMMON_WORDS,
    GENERIC_WORDS,
    HINT_TYPES,
    fold,
    name_keys,
    normalize_name,
    skeleton,
    strip_html,
)

# Spelling variants of one place: they must share the core key or the skeleton.
VARIANTS = [
    ("Zghaitun", "Zghetoon"),
    ("Qara Chokh", "Qarachogh"),
    ("Salahaddin", "Salaheddeine"),
    ("Salahaddin", "Salah al-Din"),
    ("Muqdadiya", "Muqdadiyah"),
    ("Muqdadiya", "Al-Miqdadiyah"),
    ("Makhmour", "Makhmur"),
    ("Makhmour", "Mexmur"),
    ("Khanaqin", "Xaneqîn"),
    ("Tuz Khurmatu", "Tooz Khurmato"),
    ("Tuz Khurmatu", "Ţūz Khūrmātū"),
    ("Hawija", "Hawijah"),
    ("Hawija", "Al-Hawiga"),
    ("Hawija", "Ḩawījah"),
    ("Daquq", "Dakuk"),
    ("Dibis", "Debis"),
    ("Dibis", "Dubz"),
    ("Kirkuk", "Kerkuk"),
    ("Kirkuk", "Karkuk"),
    ("Kirkuk", "Kerkûk"),
    ("Baqubah", "Baquba"),
    ("Baqubah", "Ba'qubah"),
    ("Qayyarah", "Qayara"),
    ("Qayyarah", "Al-Qayyara"),
    ("Tal Afar", "Tel Afar"),
    ("Tal Afar", "Talafar"),
    ("Tal Afar", "Tall 'Afar"),
    ("Sulaymaniyah", "Sulaimani"),
    ("Sulaymaniyah", "As Sulaymaniyah"),
    ("Erbil", "Irbil"),
    ("Amerli", "Amirli"),
    ("Sharqat", "ash-Sharqāţ"),
]


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_variants_share_skeleton(a, b):
    ka, kb = name_keys(a), name_keys(b)
    assert ka.skeleton == kb.skeleton, (ka, kb)
    assert ka.skeleton  # never empty for a real name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ḩawījah", "hawijah"),
        ("Ţūz", "tuz"),
        ("Kerkûk", "kerkuk"),
        ("Tall ʿAfar", "tall afar"),
        ("Baʾqubah", "baqubah"),
        ("Ba’qubah", "baqubah"),
        ("Ba`qubah", "baqubah"),
        ("Ba´qubah", "baqubah"),
        ("al-Hawija", "hawija"),
        ("Al Azim", "azim"),
        ("El-Azim", "azim"),
        ("ad-Dawr", "dawr"),
        ("as-Sadiyah", "sadiyah"),
        ("at-Tamim", "tamim"),
        ("ar-Rutbah", "rutbah"),
        ("az-Zab", "zab"),
        ("adh-Dhuluiya", "dhuluiya"),
        ("an-Nahrawan", "nahrawan"),
        ("ash-Sharqat", "sharqat"),
        ("ath-Tharthar", "tharthar"),
        ("Ad Dawr", "dawr"),
        ("Tuz-Khurmatu", "tuz khurmatu"),
        ("  KIRKUK  ", "kirkuk"),
        ("Çemçemal", "chemchemal"),
    ],
)
def test_fold_and_articles(raw, expected):
    assert normalize_name(raw) == expected


def test_article_kept_when_alone_or_not_an_article():
    assert normalize_name("Al") == "al"
    assert normalize_name("Tal Afar") == "tal afar"
    assert normalize_name("Alton") == "alton"  # no article inside a word


@pytest.mark.parametrize(
    ("raw", "core", "hint"),
    [
        ("Wadi al-Shay", "shay", "valley"),
        ("Shay Valley", "shay", "valley"),
        ("Valley of Shay", "shay", "valley"),
        ("the valleys of Shay", "shay", "valley"),
        ("Jabal Hamrin", "hamrin", "mountain"),
        ("Jebel Hamrin", "hamrin", "mountain"),
        ("Jabel Hamrin", "hamrin", "mountain"),
        ("Mount Hamrin", "hamrin", "mountain"),
        ("Hamrin Mountain", "hamrin", "mountain"),
        ("Hamrin Mountains", "hamrin", "mountain"),
        ("Hamrin range", "hamrin", "mountain"),
        ("Hamrin hills", "hamrin", "mountain"),
        ("Tuz town", "tuz", "settlement"),
        ("Rashad village", "rashad", "settlement"),
        ("Kirkuk city", "kirkuk", "settlement"),
        ("Qarya Rashad", "rashad", "settlement"),
        ("Dibis district", "dibis", "district"),
        ("Qadha Dibis", "dibis", "district"),
        ("Qada Dibis", "dibis", "district"),
        ("Qaḑā’ Makhmūr", "makhmur", "district"),
        ("Amerli sub-district", "amerli", "subdistrict"),
        ("Amerli subdistrict", "amerli", "subdistrict"),
        ("Nahiya Amerli", "amerli", "subdistrict"),
        ("Nahiyat Amerli", "amerli", "subdistrict"),
        ("Nāḩiyat Āmirlī", "amirli", "subdistrict"),
        ("Kirkuk province", "kirkuk", "governorate"),
        ("Kirkuk governorate", "kirkuk", "governorate"),
        ("Muhafazat Kirkuk", "kirkuk", "governorate"),
        ("Muhafadhat Kirkuk", "kirkuk", "governorate"),
        ("Lake Hamrin", "hamrin", "lake"),
        ("Buhayrat Hamrin", "hamrin", "lake"),
        ("Hamrin Dam", "hamrin", "dam"),
        ("Sadd Hamrin", "hamrin", "dam"),
        ("Diyala river", "diyala", "river"),
        ("Nahr Diyala", "diyala", "river"),
        ("Awashra bridge", "awashra", "bridge"),
        ("Jisr Awashra", "awashra", "bridge"),
        ("Jazira desert", "jazira", "desert"),
        ("Badiyat al-Jazira", "jazira", "desert"),
        ("Hamrin area", "hamrin", "region"),
        ("Garmiyan region", "garmiyan", "region"),
        ("وادي الشاي", "شاي", "valley"),
        ("قضاء داقوق", "داقوق", "district"),
    ],
)
def test_generic_words_give_hint(raw, core, hint):
    keys = name_keys(raw)
    assert (keys.core, keys.hint) == (core, hint)


def test_strong_hint_beats_region():
    assert name_keys("Hamrin area mountains").hint == "mountain"


def test_name_of_generic_words_only_is_kept():
    keys = name_keys("Dam")
    assert (keys.core, keys.hint) == ("dam", None)


def test_hint_registry_covers_every_generic_word():
    hints = set(GENERIC_WORDS.values())
    assert hints - {"region"} <= set(HINT_TYPES)


@pytest.mark.parametrize("raw", ["", "   ", "'", "-", "123"])
def test_empty_names_fold_to_empty_or_digits(raw):
    assert fold(raw) in ("", "123")


def test_skeleton_rules():
    assert skeleton("Makhmour") == skeleton("Mexmur") == "mkmr"
    assert skeleton("Erbil") == skeleton("Irbil") == "arbl"  # leading vowel kept
    assert skeleton("Kirkuk") != skeleton("Erbil")
    assert skeleton("كركوك") == "كركوك"  # other scripts: folded only
    assert skeleton("") == ""


def test_arabic_normalisation():
    assert normalize_name("الحويجة") == normalize_name("حويجه")
    assert normalize_name("أربيل") == normalize_name("اربيل")


def test_strip_html_keeps_offsets():
    text = "<p>Clashes in <b>Kirkuk</b> &amp; Hawija</p>"
    clean = strip_html(text)
    assert len(clean) == len(text)
    start = text.index("Kirkuk")
    assert clean[start : start + 6] == "Kirkuk"
    assert "<" not in clean
    # "&amp;" keeps its mark (padded), so it still separates two names
    assert clean[text.index("&amp;") : text.index("&amp;") + 5] == "&    "
    assert strip_html("plain") == "plain"


def test_strip_html_spaces_tags_and_entities():
    text = "<b>Hawija</b>&nbsp;district &#39;x&quot; <p>Kirkuk</p><br/>"
    clean = strip_html(text)
    assert len(clean) == len(text)
    assert clean.split() == ["Hawija", "district", 'x"', "Kirkuk"]
    # a space entity and an inline tag are whitespace; a block tag starts a new line
    assert clean[text.index("</b>") : text.index("district")].isspace()
    assert clean[text.index("<p>")] == "\n" and clean[text.index("<br/>")] == "\n"
    assert clean[text.index("</b>")] == " "


def test_common_words_hold_numbers_and_ordinals():
    for word in ("one", "two", "three", "twenty", "dozens", "hundreds", "first", "tenth"):
        assert word in COMMON_WORDS
    assert all(word == word.casefold() for word in COMMON_WORDS)
    # no generic word is a common word (they are hints, not stop words)
    assert not COMMON_WORDS & set(GENERIC_WORDS)
