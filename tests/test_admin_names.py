"""Tests of hotspot._admin_names: one admin-name rule, its aliases read from the gazetteer."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from hotspot._admin_names import admin_keys, canonical, match_units, same_admin
from hotspot.boundaries import disputed_from_admin, load_admin, read_admin
from hotspot.gazetteer import load_gazetteer


@pytest.mark.parametrize(
    ("name", "level", "expected"),
    [
        ("Nīnawá province", "governorate", "Nineveh"),
        ("Ninewa", "governorate", "Nineveh"),
        ("At-Ta'mim province", "governorate", "Kirkuk"),
        ("Salah Al-Din", "governorate", "Salahaddin"),
        ("Thi Qar", "governorate", "Dhi Qar"),
        ("Al-Hawiga", "district", "Hawija"),
        ("Tooz Khurmato", "district", "Tuz Khurmatu"),
        ("Al-Shikhan", "district", "Shekhan"),
        ("Tilkaef", "district", "Tilkaif"),
        ("Telafar", "district", "Tal Afar"),
        ("Atlantis", "district", None),
    ],
)
def test_canonical_names(name, level, expected):
    assert canonical(name, level=level) == expected


def test_aliases_come_from_the_gazetteer():
    """Every alias of a gazetteer governorate or district row maps back to that row."""
    gaz = load_gazetteer()
    for kind in ("governorate", "district"):
        rows = gaz[gaz["feature_type"] == kind]
        for name, aliases in zip(rows["name"], rows["aliases"], strict=True):
            for alias in [a for a in str(aliases).split("|") if a]:
                found = canonical(alias, level=kind)
                assert found in (name, None), f"{alias!r} -> {found!r}, expected {name!r}"
            assert canonical(name, level=kind) == name


def test_every_bundled_ocha_unit_has_a_gazetteer_name():
    govs = load_admin(1)["adm1_en"]
    assert all(canonical(g, level="governorate") for g in govs)
    districts = load_admin(2)["adm2_en"]
    assert all(canonical(d, level="district") for d in districts)


def test_same_admin_and_keys():
    assert same_admin("Kirkuk Governorate", "kirkuk", level="governorate")
    assert not same_admin("Kirkuk", "Daquq", level="district")
    assert not same_admin("", "Daquq", level="district")
    assert not same_admin(None, "Daquq", level="district")
    assert admin_keys(float("nan")) == frozenset()
    with pytest.raises(ValueError, match="level='county'"):
        canonical("Kirkuk", level="county")


def test_match_units_tries_alternate_names():
    names = pd.Series(["Al-Hawiga", "X", None])
    alts = pd.Series([None, "Tuz|Tooz", None])
    assert match_units("Hawija", names, level="district").tolist() == [True, False, False]
    found = match_units("Tuz Khurmatu", names, level="district", alternates=alts)
    assert found.tolist() == [False, True, False]


def test_disputed_from_admin_by_name_equals_by_pcode():
    """The callers agree: matching the Article 140 list by name gives the p-code answer."""
    units = read_admin(load_admin(3))
    by_pcode = disputed_from_admin(units).set_index("name")
    nameless = units.assign(pcode=None, adm1_pcode=None, adm2_pcode=None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every listed row must match by name too
        by_name = disputed_from_admin(nameless).set_index("name")
    assert sorted(by_name.index) == sorted(by_pcode.index)
    for territory in by_pcode.index:
        a, b = by_name.geometry[territory], by_pcode.geometry[territory]
        assert a.symmetric_difference(b).area <= 1e-9 * max(a.area, 1.0), territory
