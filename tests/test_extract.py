"""Tests of hotspot.extract, the public path of the text extractor (see tests/geocoding/)."""

from __future__ import annotations

import importlib

import hotspot
from hotspot.extract import EXTRACT_COLUMNS, extract_places

# "import hotspot.extract as m" would bind hotspot's attribute of that name
extract_module = importlib.import_module("hotspot.extract")


def test_the_public_names_stay_importable():
    assert EXTRACT_COLUMNS[:3] == ("surface", "start", "end")
    assert hotspot.extract_places is extract_places
    assert sorted(extract_module.__all__) == ["EXTRACT_COLUMNS", "extract_places"]


def test_word_lists_are_private():
    for name in ("LOCATIVE_CUES", "ENGLISH_PLACE_WORDS", "PERSON_TITLES", "PERSONAL_NAMES"):
        assert not hasattr(extract_module, name), name


def test_unresolved_mentions_are_empty_points():
    out = extract_places("Gunmen attacked Rashad and Kirkuk.")
    assert list(out.columns) == [*EXTRACT_COLUMNS, "geometry"]
    assert all(g is not None for g in out.geometry)
    assert (out["status"] == "resolved").tolist() == (~out.geometry.is_empty).tolist()
