"""Tests of hotspot._words and the word lists in hotspot/data/words/ (schema, folding)."""

from __future__ import annotations

import pytest

import hotspot._words as words_module
from hotspot._normalize import GENERIC_WORDS, HINT_TYPES, fold
from hotspot._words import word_set, word_table
from hotspot.gazetteer import FEATURE_TYPES

FILES = {
    "generic_words.csv": ["word", "hint", "list_plural", "after_name", "before_name"],
    "hint_types.csv": ["hint", "feature_type"],
    "letter_variants.csv": ["letter", "group"],
    "letter_spellings.csv": ["spelling", "letter"],
    "articles.csv": ["word", "form"],
    "common_words.csv": ["word", "kind"],
    "locative_cues.csv": ["word"],
    "english_place_words.csv": ["word"],
    "person_titles.csv": ["word"],
    "personal_names.csv": ["word"],
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_file_has_its_columns_and_casefolded_words(name):
    rows = word_table(name)
    assert rows, name
    assert all(list(row) == FILES[name] for row in rows)
    first = [next(iter(row.values())) for row in rows]
    assert all(w and w == w.strip().casefold() for w in first)
    if name not in ("hint_types.csv", "letter_variants.csv"):  # one row per pair there
        assert len(first) == len(set(first)), name
        assert word_set(name) == frozenset(first)


@pytest.mark.parametrize(
    "name",
    [
        "common_words.csv",
        "locative_cues.csv",
        "english_place_words.csv",
    ],
)
def test_words_compared_with_folded_tokens_are_folded(name):
    assert all(fold(w) == w for w in word_set(name)), name


def test_personal_names_and_titles_are_folded_on_load():
    """Latin rows are written folded; Arabic rows as spelt (``أحمد``), folded on load."""
    from hotspot._normalize import PERSON_TITLES, PERSONAL_NAMES

    for name, loaded in (
        ("personal_names.csv", PERSONAL_NAMES),
        ("person_titles.csv", PERSON_TITLES),
    ):
        written = word_set(name)
        assert all(fold(w) == w for w in written if w.isascii()), name
        assert loaded == {fold(w) for w in written} and any(not w.isascii() for w in written)
        assert all(fold(w) == w for w in loaded), name


def test_generic_words_and_hints_agree():
    rows = word_table("generic_words.csv")
    assert {r["list_plural"] for r in rows} <= {"", "yes"}
    assert {r["hint"] for r in rows} <= set(HINT_TYPES) | {"region"}
    plural = {r["word"] for r in rows if r["list_plural"] == "yes"}
    assert {"valleys", "provinces", "districts"} <= plural
    assert all(GENERIC_WORDS[w] for w in plural)
    for hint, types in HINT_TYPES.items():
        # a hint that is a feature type accepts it; centre and camp are not types
        assert types <= set(FEATURE_TYPES) and (hint in types or hint not in FEATURE_TYPES), hint


def test_articles_have_a_known_form():
    forms = {r["form"] for r in word_table("articles.csv")}
    assert forms == {"plain", "assimilated"}


def test_a_bad_word_file_names_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "words").mkdir()
    (tmp_path / "words" / "bad.csv").write_text("word\nnear\nNear\n", encoding="utf-8")
    monkeypatch.setattr(words_module, "data_path", lambda name: tmp_path / name)
    words_module._read.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"bad\.csv, line 3: 'Near' must be a non-empty"):
            word_table("bad.csv")
        (tmp_path / "words" / "short.csv").write_text("word,kind\nnear\n", encoding="utf-8")
        with pytest.raises(ValueError, match=r"short\.csv, line 2: expected 2 fields"):
            word_table("short.csv")
    finally:
        words_module._read.cache_clear()


def test_name_affixes_and_letter_variants():
    from hotspot._normalize import AFFIXES, LETTER_GROUPS

    rows = word_table("name_affixes.csv")
    assert {r["position"] for r in rows} == {"prefix", "suffix"}
    assert all(fold(r["word"]) == r["word"] for r in rows)
    assert AFFIXES["prefix"]["tel"] == AFFIXES["prefix"]["tall"] == "tall"
    assert AFFIXES["suffix"]["iyya"] == "iyah"
    variants = word_table("letter_variants.csv")
    assert all(len(r["letter"]) in (1, 2) and r["group"] for r in variants)
    # j and k never share a group (Jasim is not Kazim), g is both (Hawiga, Gayara)
    assert not LETTER_GROUPS["j"] & LETTER_GROUPS["k"]
    assert LETTER_GROUPS["g"] & LETTER_GROUPS["j"] and LETTER_GROUPS["g"] & LETTER_GROUPS["k"]


def test_every_hint_of_a_generic_word_has_types():
    for hint in set(GENERIC_WORDS.values()) - {"region"}:
        assert HINT_TYPES[hint], hint
