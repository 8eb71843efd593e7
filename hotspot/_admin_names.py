"""Matching the names of administrative units: one rule, aliases read from the gazetteer.

Iraqi governorates, districts and sub-districts are spelled many ways
("Nīnawá province", "Ninewa", "Nineveh"; "Al-Hawiga", "Hawija"; "At-Ta'mim" for
Kirkuk). Two names denote the same unit when

* their keys meet: the core key of :func:`hotspot._normalize.name_keys`
  (case, diacritics, article, apostrophes and the generic words
  "governorate", "province", "district", "sub-district", "centre" … folded
  away), or their phonetic skeletons when those have three letters or more and
  the spellings agree (:func:`hotspot._normalize.spelling_agrees`: ``Dabes`` is
  ``Dibis``, but ``Karkh`` is not ``Kirkuk``); or
* both are spellings of one gazetteer row of that level: its name or one of its
  ``aliases`` (``gazetteer.csv`` is the one alias table; nothing is repeated
  here).

Used by :func:`hotspot.boundaries.disputed_from_admin` (the Article 140 list
against an admin layer) and available to readers that map raw admin names to a
canonical one (:func:`canonical`).

Examples
--------
>>> same_admin("Nīnawá province", "Ninewa", level="governorate")
True
>>> canonical("At-Ta'mim", level="governorate"), canonical("Al-Hawiga", level="district")
('Kirkuk', 'Hawija')
"""

from __future__ import annotations

import csv
import functools

import numpy as np
import pandas as pd

from hotspot._data import data_path
from hotspot._normalize import name_keys, spelling_agrees

__all__ = ["ADMIN_LEVELS", "admin_keys", "canonical", "match_units", "same_admin"]

#: Admin levels by name, as gazetteer feature types.
ADMIN_LEVELS: dict[str, str] = {
    "governorate": "governorate",
    "district": "district",
    "subdistrict": "subdistrict",
}

_MIN_SKELETON = 3  # shorter skeletons are too common to identify a unit


def admin_keys(name: object) -> frozenset[str]:
    """Return the match keys of one admin name: its core key and (long enough) skeleton.

    Parameters
    ----------
    name : str or None
        An admin name in any spelling; None, NaN and ``""`` give no keys.

    Returns
    -------
    frozenset of str
        Core keys are plain words; skeletons are prefixed with ``"~"``.

    Examples
    --------
    >>> sorted(admin_keys("Kirkuk Governorate"))
    ['kirkuk', '~krk']
    """
    if name is None or (isinstance(name, float) and name != name) or not str(name).strip():
        return frozenset()
    keys = name_keys(str(name))
    out = {keys.core} if keys.core else set()
    if len(keys.skeleton) >= _MIN_SKELETON:
        out.add("~" + keys.skeleton)
    return frozenset(out)


@functools.cache
def _admin_rows() -> tuple[tuple[str, str, str], ...]:
    """(feature type, name, aliases) of the bundled gazetteer's admin rows.

    Read from the file itself (the columns needed), so that the gazetteer module,
    which maps the admin names of user location lists through :func:`canonical`,
    may use this module (``tests/test_gazetteer.py`` validates the file).
    """
    with data_path("gazetteer.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(
            (row["feature_type"], row["name"], row["aliases"])
            for row in csv.DictReader(fh)
            if row["feature_type"] in ADMIN_LEVELS.values()
        )


@functools.cache
def _index(level: str) -> dict[str, frozenset[tuple[str, str]]]:
    """Key -> (canonical gazetteer name, core of the spelling) of ``level``."""
    index: dict[str, set[tuple[str, str]]] = {}
    for kind, name, aliases in _admin_rows():
        if kind != ADMIN_LEVELS[level]:
            continue
        for spelling in [name, *str(aliases).split("|")]:
            core = name_keys(spelling).core
            for key in admin_keys(spelling):
                index.setdefault(key, set()).add((str(name), core))
    return {k: frozenset(v) for k, v in index.items()}


def _agree(a: str, b: str) -> bool:
    """Whether two core keys may spell one name (their skeletons being equal)."""
    return a == b or spelling_agrees(a, b)


def _check_level(level: str) -> str:
    if level not in ADMIN_LEVELS:
        raise ValueError(f"level={level!r} is not one of {', '.join(ADMIN_LEVELS)}")
    return level


def canonical(name: object, *, level: str) -> str | None:
    """Return the gazetteer name of the unit a name spells, or None when unknown or ambiguous.

    Parameters
    ----------
    name : str
        An admin name in any spelling.
    level : {"governorate", "district", "subdistrict"}
        The level the name is of.

    Returns
    -------
    str or None
        The gazetteer's name for the unit.

    Raises
    ------
    ValueError
        If ``level`` is unknown.

    Examples
    --------
    >>> canonical("Salah Al-Din", level="governorate")
    'Salahaddin'
    >>> canonical("Atlantis", level="district") is None
    True
    """
    index = _index(_check_level(level))
    keys = admin_keys(name)
    core = name_keys(str(name)).core if keys else ""
    # the core key first: skeletons are a weaker match, and only with agreeing spellings
    for group in (
        [k for k in keys if not k.startswith("~")],
        [k for k in keys if k.startswith("~")],
    ):
        found = {
            unit
            for k in group
            for unit, spelling in index.get(k, frozenset())
            if not k.startswith("~") or _agree(core, spelling)
        }
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            return None
    return None


def same_admin(a: object, b: object, *, level: str) -> bool:
    """Say whether two names denote the same admin unit of ``level``.

    Parameters
    ----------
    a, b : str
        Admin names in any spelling.
    level : {"governorate", "district", "subdistrict"}
        The level both names are of.

    Returns
    -------
    bool
        True when their keys meet, or both spell one gazetteer unit.

    Examples
    --------
    >>> same_admin("Tooz Khurmato", "Tuz Khurmatu", level="district")
    True
    >>> same_admin("Kirkuk", "Daquq", level="district")
    False
    >>> same_admin("Karkh", "Kirkuk", level="district")  # one skeleton, two names
    False
    """
    ka, kb = admin_keys(a), admin_keys(b)
    if not ka or not kb:
        return False
    shared = ka & kb
    if any(not k.startswith("~") for k in shared):
        return True
    if shared and _agree(name_keys(str(a)).core, name_keys(str(b)).core):
        return True
    ca = canonical(a, level=level)
    return ca is not None and ca == canonical(b, level=level)


def match_units(
    name: object,
    candidates: pd.Series,
    *,
    level: str,
    alternates: pd.Series | None = None,
) -> np.ndarray:
    """Return which candidate units are the unit ``name`` spells.

    Parameters
    ----------
    name : str
        The name sought.
    candidates : pandas.Series
        Unit names (e.g. an admin layer's ``adm2_en``); None matches nothing.
    level : {"governorate", "district", "subdistrict"}
        The level of the units.
    alternates : pandas.Series, optional
        Pipe-separated alternate names of each candidate (aligned), also tried.

    Returns
    -------
    numpy.ndarray of bool
        One per candidate.

    Examples
    --------
    >>> match_units("Hawija", pd.Series(["Kirkuk", "Al-Hawiga"]), level="district").tolist()
    [False, True]
    >>> match_units("Tal Afar", pd.Series(["X"]), level="district",
    ...             alternates=pd.Series(["Telafar|تلعفر"])).tolist()
    [True]
    """
    _check_level(level)
    alts = alternates.tolist() if alternates is not None else [None] * len(candidates)
    cache: dict[object, bool] = {}

    def same(value: object) -> bool:
        if value not in cache:
            cache[value] = same_admin(name, value, level=level)
        return cache[value]

    out = np.zeros(len(candidates), dtype=bool)
    for i, (value, alt) in enumerate(zip(candidates.tolist(), alts, strict=True)):
        spellings = [value, *(str(alt).split("|") if isinstance(alt, str) and alt else [])]
        out[i] = any(same(v) for v in spellings if isinstance(v, str) and v)
    return out


def display_names(names: object, *, level: str) -> np.ndarray:
    """Return the gazetteer's name of each admin unit name (the name itself when unknown).

    The one naming of admin units in hotspot's outputs: ``locate``, geocoder
    attribution, hotspot and zone descriptions, readers' canonical columns and
    map labels all show the names analysts write (``Nineveh``, ``Hawija``,
    ``Tuz Khurmatu``); the official OCHA spelling stays in
    :func:`hotspot._admin.load_admin` and the p-codes are the key.

    Parameters
    ----------
    names : array-like of str
        Admin unit names in any spelling (None/NaN stay None).
    level : {"governorate", "district", "subdistrict"}
        The level of the names.

    Returns
    -------
    numpy.ndarray of object

    Examples
    --------
    >>> display_names(["Ninewa", "Salah Al-Din", None, "Atlantis"], level="governorate").tolist()
    ['Nineveh', 'Salahaddin', None, 'Atlantis']
    """
    values = pd.Series(list(np.ravel(np.asarray(names, dtype=object))), dtype=object)
    known = {name: canonical(name, level=level) or name for name in values.dropna().unique()}
    return np.array([known.get(v) if pd.notna(v) else None for v in values], dtype=object)
