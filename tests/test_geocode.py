"""Tests of hotspot.geocode, the public path of the geocoder (see tests/geocoding/)."""

from __future__ import annotations

import importlib

import hotspot
from hotspot.geocode import (
    FUZZY_THRESHOLD,
    GEOCODE_COLUMNS,
    Geocoder,
    Resolution,
    default_geocoder,
    geocode,
    resolve,
)

# "import hotspot.geocode as m" would bind hotspot's attribute of that name
geocode_module = importlib.import_module("hotspot.geocode")


def test_the_public_names_stay_importable():
    assert FUZZY_THRESHOLD == 85.0
    assert GEOCODE_COLUMNS[:2] == ("query", "status")
    assert isinstance(default_geocoder(), Geocoder)
    assert isinstance(resolve("Kirkuk"), Resolution)
    assert hotspot.geocode is geocode and hotspot.resolve is resolve
    assert hotspot.Geocoder is Geocoder and hotspot.Resolution is Resolution


def test_tuning_constants_and_word_lists_are_private():
    for name in ("HINT_PENALTY", "AMBIGUITY_MARGIN", "MAX_NAME_LENGTH", "EARTH_RADIUS_M"):
        assert not hasattr(geocode_module, name), name
    assert all(not name.startswith("_") for name in geocode_module.__all__)


def test_geocode_misses_are_empty_points():
    out = geocode(["Kirkuk", "Atlantis", None])
    assert out.geometry.is_empty.tolist() == [False, True, True]
    assert all(g is not None for g in out.geometry)
