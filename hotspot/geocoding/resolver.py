"""Resolve Iraqi place names to gazetteer places, one at a time or as a column.

A :class:`Geocoder` indexes a gazetteer once (names and aliases under three
keys, see :mod:`hotspot._normalize` and :mod:`hotspot.geocoding._index`) and
resolves a name in tiers; every answer says how it matched (``match``) and with
what ``score``:

1. **exact** / **alias**: the core key (folded, no article, no generic word such
   as ``district``, ``centre``, ``village``, ``مركز``) equals the core key of the
   place's name (``exact``) or of one of its aliases (``alias``); score 100.
2. **skeleton**: the phonetic skeletons agree (``Kerkuk`` / ``Kirkuk``,
   ``Zghetoon`` / ``Zghaitun``) and the phonetic forms are similar
   (``fuzz.ratio`` ≥ 80); score 80 + 0.19 × ratio (95-99).
3. **fuzzy**: ``rapidfuzz.fuzz.ratio`` between core keys, over aliases that
   share the first or the last letter (blocking), at or above ``threshold``
   (default :data:`FUZZY_THRESHOLD`).

**Precision first.** A name the gazetteer does not hold is ``"unresolved"``;
the closest names it does hold are listed as ``suggestions``, never returned
as the answer. A skeleton or fuzzy match is an answer only with evidence:

* the spellings agree beyond their skeleton (consonants that pair up, vowels
  in the same places; for a fuzzy match one edit, two in a long name, and the
  same first letter) and beyond the affixes they share (``Tall``, ``Qaryat``,
  ``Abu``, ``Albu``, ``al-``, ``-iyah``): :mod:`hotspot.geocoding._index`; a
  name written in a scholarly romanisation (``Samrā’``, ``Ḩardān``: GeoNames,
  UCDP) is spelt with care and never taken for a misspelling (no fuzzy match);
* the place's feature type agrees with a type word in the query (``village``,
  ``town``, ``camp``, ``mountain``, ``wadi``, ``dam`` …). For the words of
  populated places (``town``, ``village``, ``city``, ``centre``, ``camp``,
  ``hay`` …) this holds for exact and alias matches too: ``"Al Hadid town"`` is
  not the Iron Bridge, whose alias is ``Hadid``; and so it does for the words of
  features that may lie far from the town they are named after (``mountain``,
  ``wadi``, ``river``, ``lake``, ``dam``, ``bridge``, ``desert``): ``"Adheem
  dam"`` is never the town of Al-Udhaim, 32 km from the dam, nor ``"Karbala
  desert"`` the city; a *village* (``village``, ``qaryat``, ``قرية``) is never
  the seat of a district or governorate of its name, a town (``"Al-Hamdaniya
  village"`` is not Qaraqosh: :func:`_namesake_seat`), nor a quarter of a town
  (a ``neighbourhood`` row: ``"Al-Karama village"`` is not Mosul's Karama), and a
  quarter word (``hay``, ``حي``) asks for a quarter, not a town or site;
* it is unique: every other candidate left (inside the hint) is the same
  place or a same-named admin unit nested with it;
* a *weak* skeleton match (:func:`~hotspot.geocoding._index.is_weak`: a name
  of seven letters or fewer spelt with other consonant letters, ``Kara`` /
  ``Gara``, or with vowels of another quality, ``Kolar`` / ``Kalar``) is an
  answer only where a hint admits the place (``within=``, ``near=`` with
  ``max_km``, or the admin units named around a mention).

**Sub-districts are places of their own.** A name that is the name of an OCHA
sub-district is that unit too: a settlement of the name is nested with the unit
(and is the answer) only if it lies in it, and when the gazetteer has no row for
the unit, a place of the name elsewhere, or a feature named alike, leaves the
name ambiguous (``Sindi``: the sub-district of Duhok, or the village 44 km away).

**Hints filter.** ``within=`` names a governorate, district or sub-district
(any spelling, Latin or Arabic, or its OCHA p-code), or gives one hint per row.
It is a polygon test on the bundled OCHA admin layers
(:mod:`hotspot.geocoding._units`), not a tie-break: a candidate outside it is
never the answer, and when every candidate lies outside, the row is
``"unresolved"`` with that reason. ``near=(lat, lon)`` with ``max_km=`` filters
the same way by great-circle distance; ``near=`` without ``max_km`` only
settles a tie (the nearest wins).

Ambiguity rules for exact and alias matches, in order (:func:`decide`):

* a place whose alias matches the query as written (generic words included)
  beats one matched only through its core key (``"Diyala"`` → the governorate,
  not ``"Diyala River"``);
* with ``within=`` and no type word, an admin unit that holds the hint (or is
  it) yields to a smaller place of the name inside it (``"واسط"`` within Wasit
  is the sub-district Wasit; :func:`_inside_the_hint`);
* the **nested default**: when the best places are one settlement, sub-district,
  district and/or governorate of the same name nested in one another (Kirkuk
  city, Kirkuk district, Kirkuk governorate), the settlement wins, or without
  one the largest unit (``"Wasit"`` is the governorate, not its sub-district);
  the others stay as alternatives; ``"Kirkuk province"`` picks the governorate
  through its hint;
* the **admin default**: without a type word, a settlement or admin unit beats
  the dams, lakes, rivers and other features named after it (``"Fallujah"`` is
  the town, not the Fallujah barrage), unless it is a sub-district alone (an
  area named after the feature: ``"Dijla"`` stays ambiguous between the Tigris
  and the sub-district);
* the **prominence default**: a governorate or district (with its same-named
  seat) beats villages of the same name elsewhere (``"Salahaddin"`` is the
  governorate, not the resort town in Erbil); a hint decides otherwise;
* the admin units named around a mention in a text, then ``near=`` (the
  nearest), settle what is left;
* the **enclosing default**: the one admin unit that holds every other place of
  the name (each one's point lies in it, and it is no larger than the unit) is
  the answer at the unit's precision (``"مكحول"`` is the sub-district that holds
  the Makhoul mountains and dam); the Hamrin range is larger than its
  sub-district, a river, road or valley is never held, and a type word asks for
  its own kind (:func:`_enclosing`);
* otherwise the status is ``"ambiguous"`` and every candidate is listed, but no
  place is chosen.

**Quarter names.** Quarters of towns are ``neighbourhood`` rows, settlements for
every rule but the type words. A settlement chosen by a name Iraqi towns commonly
give a quarter (``Shuhada``, ``Askari``, ``Karama``; asked of the query, of the
name matched and of the place's own name) is the answer only with a hint that
narrows it to its town: ``within=`` a district or finer, ``near=`` with
``max_km`` up to 25 km, or its town named in the text or the name (``Tahrir
(Mosul)``); or when a same-named admin unit is in the tie or holds it. Otherwise
the row is ``"ambiguous"`` and its note says why (:func:`_unplaced_quarter`).

Every place carries ``disputed``: the disputed territory (Article 140) it lies in
or ``""`` (see :func:`hotspot._territory.disputed_territory`).

The ``gazetteer=`` rule
-----------------------
Every function that takes ``gazetteer=`` (:func:`resolve`, :func:`geocode`,
:func:`~hotspot.geocoding.extract.extract_places`, :class:`Geocoder` itself)
accepts the same four things (:data:`GazetteerLike`): None for the bundled
gazetteer, a DataFrame in the gazetteer schema, the path of a gazetteer CSV, or
a :class:`Geocoder`. A DataFrame or a path is validated and indexed on every
call (about 0.1 s); build a :class:`Geocoder` once for repeated calls.
:func:`as_geocoder` and :func:`as_gazetteer` apply the rule; other modules that
take ``gazetteer=`` use them.

Examples
--------
>>> r = resolve("Kerkûk")
>>> r.status, r.place.name, r.place.feature_type, r.match
('resolved', 'Kirkuk', 'settlement', 'alias')
>>> resolve("Kirkuk province").place.feature_type
'governorate'
>>> r = resolve("Bayji town", within="Duhok")  # Baiji lies in Salahaddin
>>> r.status, "outside within='Duhok'" in r.note, r.suggestions[0].name
('unresolved', True, 'Baiji')
"""

from __future__ import annotations

import functools
import math
import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from html import escape
from os import PathLike
from typing import NamedTuple, TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from hotspot._geo import haversine_m
from hotspot._normalize import (
    FEATURE_HINTS,
    GENERIC_WORDS,
    PERSONAL_NAMES,
    TOWN_TYPES,
    NameKey,
    long_vowels_agree,
    name_keys,
    names_a_person,
    quarter_name,
    romanised_with_marks,
    strip_html,
)
from hotspot._territory import disputed_territory
from hotspot.errors import PlaceNotFoundError
from hotspot.gazetteer import load_gazetteer, validate_gazetteer
from hotspot.geocoding._index import Hit, NameIndex, written_as_acronym
from hotspot.geocoding._units import (
    ADMIN_TYPES,
    BOUNDARY_KM,
    GOVERNORATE_PCODE,
    AdminPart,
    Hint,
    attribute,
    distance_to_units_km,
    holds,
    inside,
    lies_in,
    outline,
    own_unit,
    parse_hint,
    place_units,
    subdistrict_names,
    unit_label,
    unit_reach_km,
)
from hotspot.geocoding.batch import (
    GEOCODE_COLUMNS,
    as_values,
    factorize,
    is_missing,
    rows_frame,
)

__all__ = [
    "FUZZY_THRESHOLD",
    "MATCHES",
    "STATUSES",
    "Candidate",
    "GazetteerLike",
    "Geocoder",
    "Place",
    "Resolution",
    "as_gazetteer",
    "as_geocoder",
    "decide",
    "default_geocoder",
    "geocode",
    "lookup",
    "parse_within",
    "resolve",
    "units_named",
]

#: Minimum ``rapidfuzz.fuzz.ratio`` (0-100) between core keys for a fuzzy match.
#: At 85 one wrong, missing or extra letter in a name of 7+ letters still
#: matches (``Muqdadiyya``, ``Khanaqn``), while different short names
#: (``Hit`` / ``Hib``, ``Tuz`` / ``Tel``) do not.
FUZZY_THRESHOLD: float = 85.0
#: The statuses of a resolution.
STATUSES: tuple[str, ...] = ("resolved", "ambiguous", "unresolved", "invalid")
#: How a name matched (the ``match`` column), strictest first.
MATCHES: tuple[str, ...] = ("exact", "alias", "skeleton", "fuzzy")

#: Longer inputs are not place names: status ``"invalid"``.
_MAX_NAME_LENGTH: int = 200
_MAX_CANDIDATES = 10
#: Suggestions listed for a name that is not resolved.
_MAX_SUGGESTIONS = 5


def _area_units(index: NameIndex, h: Hit, keys: NameKey, hits: dict[int, Hit]) -> tuple[str, ...]:
    """Return the units a hint or a qualifier finds a place in: where it lies, or all it reaches.

    A town lies in the sub-districts its extent reaches in its own governorate
    (``Amiriya`` within Baghdad is not Amiriyat al-Fallujah, 6 km across the line),
    an admin unit in its own unit (:func:`~hotspot.geocoding._units.place_units`).
    A feature (a range, a river, a valley, a lake, a desert, a region, a site)
    reaches over many units: it lies in each unit its course, outline or extent
    reaches when the name says it unmistakably, with its type word (``Hamrin
    mountains``, ``Diyala River``) or by a name that reaches no other place
    (``Lesser Zab``: the Zab bridge, reached only with its word, is none);
    otherwise only in the sub-district its point lies in. ``Diyala`` in Kalar is no
    river, nor ``Hamrin`` in Diyala the range: Hamreen is a sub-district of
    Salahaddin as well, and the name says neither. A road without a bundled course
    lies only where its point does (a disc around its middle reaches towns it never
    meets).
    """
    units = index.units[h.place]
    if index.types[h.place] in ("settlement", "country") or index.types[h.place] in ADMIN_TYPES:
        return units
    if index.types[h.place] == "road" and outline(index.ids[h.place]) is None:
        return units[:1]
    typed = keys.hint not in (None, "region") and h.fits
    others = [o for o, hit in hits.items() if o != h.place and not _unsaid_work(index, hit, keys)]
    if typed or not others:
        return units
    return units[:1]


#: Fuzzy scores from here up are offered as suggestions (never as answers).
_SUGGEST_CUTOFF: float = 72.0
_ADMIN_SPECIFICITY = {"settlement": 0, "subdistrict": 1, "district": 2, "governorate": 3}
_PROMINENT = frozenset({"governorate", "district"})
#: Features that run through many admin units: no unit holds them (:func:`_enclosing`).
_LINEAR = frozenset({"river", "road", "valley"})
#: The reach of a town (km): a ``near=`` hint with ``max_km`` up to this places a
#: quarter of it (:func:`_places_a_quarter`).
_QUARTER_KM = 25.0
#: Type words for places where people live: a place of another type is never the
#: answer for them, even by an exact alias (``"Al Hadid town"`` is not the bridge).
_STRICT_HINTS = frozenset({"settlement", "village", "centre", "neighbourhood", "camp"})
#: For those words a sub-district row fits only at its centre town, not as an area
#: (a row whose ``precision_km`` is larger: a point standing for the polygon).
_TOWN_KM = 10.0
#: Works, lakes and marshes, named with their generic word (``Brooklyn Bridge``,
#: ``Lake Darbandikhan``), unlike hills and rivers (``Qara Chokh`` is the
#: mountain): :func:`_unsaid_work`.
_WORKS = frozenset({"bridge", "dam", "site", "road", "lake", "desert"})
_HAS_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


@dataclass(frozen=True)
class Place:
    """A gazetteer place: position in EPSG:4326 degrees and its admin units.

    ``governorate``, ``district``, ``subdistrict`` and their OCHA p-codes come
    from the one placement rule (:func:`hotspot.locate.locate`: the units its
    point lies in, named as the gazetteer names them); ``""`` where there is
    none (a governorate has no district; a mountain range gets only the units
    its gazetteer row agrees with). ``precision_km`` is how far the point may lie
    from the place, as the gazetteer row states it (NaN when it states none); for an
    admin unit, how far its outline reaches from the point (:func:`_precision_km`).
    """

    id: str
    name: str
    feature_type: str
    lat: float
    lon: float
    governorate: str
    district: str
    disputed: str
    subdistrict: str = ""
    governorate_pcode: str = ""
    district_pcode: str = ""
    subdistrict_pcode: str = ""
    precision_km: float = math.nan


@dataclass(frozen=True)
class Candidate:
    """A place considered for a name, with its match score (0-100).

    ``match`` says how it matched (:data:`MATCHES`); ``km`` is its distance from
    the hint (the ``within=`` units or the ``near=`` point), None without one;
    ``reason`` why it is not the answer, for a suggestion.
    """

    id: str
    name: str
    feature_type: str
    governorate: str
    district: str
    score: float
    match: str = ""
    km: float | None = None
    reason: str = ""

    def describe(self) -> str:
        """One line: ``"Baiji (settlement, Salahaddin / Baiji; 259 km from hint)"``."""
        where = self.governorate + (f" / {self.district}" if self.district else "")
        extra = f"; {self.km:,.0f} km from hint" if self.km is not None else ""
        return f"{self.name} ({self.feature_type}, {where}{extra})"


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one name.

    ``place`` is the chosen place (None unless ``status == "resolved"``);
    ``candidates`` lists every place considered, best first (the chosen one
    included); ``method`` (also ``match``) says how it matched (``exact``,
    ``alias``, ``skeleton``, ``fuzzy``) or is ``""``; ``note`` explains invalid
    input, why a name is not resolved, or how an ambiguity was settled;
    ``suggestions`` are the closest places for a name left unresolved (with
    their distance from the hint), never an answer.
    """

    query: object
    status: str
    place: Place | None = None
    score: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    method: str = ""
    note: str = ""
    suggestions: tuple[Candidate, ...] = ()

    @property
    def match(self) -> str:
        """How the name matched: ``exact``, ``alias``, ``skeleton``, ``fuzzy`` or ``""``."""
        return self.method

    @property
    def alternatives(self) -> tuple[Candidate, ...]:
        """Candidates other than the chosen place."""
        chosen = self.place.id if self.place else None
        return tuple(c for c in self.candidates if c.id != chosen)

    def to_dict(self) -> dict[str, object]:
        """Return the resolution as a flat dict (one :func:`geocode` row, lat/lon added)."""
        p = self.place
        return {
            "query": self.query,
            "status": self.status,
            "id": p.id if p else "",
            "name": p.name if p else "",
            "feature_type": p.feature_type if p else "",
            "precision_km": p.precision_km if p else math.nan,
            "governorate": p.governorate if p else "",
            "district": p.district if p else "",
            "subdistrict": p.subdistrict if p else "",
            "governorate_pcode": p.governorate_pcode if p else "",
            "district_pcode": p.district_pcode if p else "",
            "subdistrict_pcode": p.subdistrict_pcode if p else "",
            "disputed": p.disputed if p else "",
            "score": self.score,
            "candidates": ";".join(c.id for c in self.candidates),
            "match": self.method,
            "note": self.note,
            "suggestions": "; ".join(c.describe() for c in self.suggestions),
            "lat": p.lat if p else math.nan,
            "lon": p.lon if p else math.nan,
        }

    def _repr_html_(self) -> str:
        """Show the query, the outcome and the candidates as a small table (Jupyter)."""
        head = f"<b>{escape(str(self.query))}</b> → {escape(self.status)}"
        if self.place is not None:
            p = self.place
            head += (
                f": {escape(p.name)} ({escape(p.feature_type)}; {escape(p.governorate)}"
                f"{' / ' + escape(p.district) if p.district else ''}"
                f"{'; disputed: ' + escape(p.disputed) if p.disputed else ''}), "
                f"{p.lat:.5f}, {p.lon:.5f}, score {self.score:.0f} ({escape(self.method)})"
            )
        if self.note:
            head += f"<br><i>{escape(self.note)}</i>"
        rows = "".join(
            f"<tr><td>{escape(c.id)}</td><td>{escape(c.name)}</td><td>{escape(c.feature_type)}"
            f"</td><td>{escape(c.governorate)}</td><td>{c.score:.0f}</td></tr>"
            for c in self.candidates or self.suggestions
        )
        table = (
            "<table><tr><th>id</th><th>name</th><th>type</th><th>governorate</th>"
            f"<th>score</th></tr>{rows}</table>"
            if rows
            else ""
        )
        return f"<div>{head}{table}</div>"


# ---------------------------------------------------------------------- options


def _check_threshold(threshold: object) -> float:
    """Return ``threshold`` as a float, or raise if it is not a score in 0-100."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number)):
        raise TypeError(
            f"threshold must be a number, a score in 0-100 (e.g. 85), got "
            f"{type(threshold).__name__} {threshold!r}"
        )
    value = float(threshold)
    if not 0 <= value <= 100 or 0 < value <= 1:
        hint = f" (a score, not a fraction: {value * 100:g})" if 0 < value <= 1 else ""
        raise ValueError(f"threshold={threshold!r} must be a score in 0-100, e.g. 85{hint}")
    return value


def _check_progress(progress: object) -> bool:
    """Return ``progress`` as a bool, or raise if it is not True or False."""
    if not isinstance(progress, (bool, np.bool_)):
        raise TypeError(
            f"progress must be True or False (show a progress bar or not), got "
            f"{type(progress).__name__} {progress!r}"
        )
    return bool(progress)


def _check_max_km(max_km: object, near: object) -> float | None:
    if max_km is None:
        return None
    if isinstance(max_km, bool) or not isinstance(max_km, (int, float, np.number)):
        raise TypeError(f"max_km must be a number of kilometres, got {type(max_km).__name__}")
    value = float(max_km)
    if not value > 0 or math.isinf(value):
        raise ValueError(f"max_km={max_km!r} must be a positive number of kilometres")
    if near is None:
        raise ValueError("max_km needs near=(lat, lon): the distance is measured from there")
    return value


def parse_within(within: object) -> Hint | None:
    """Return the :class:`~hotspot.geocoding._units.Hint` one ``within=`` value gives.

    Parameters
    ----------
    within : str, tuple of str or None
        A governorate, district or sub-district (name in any spelling or
        script, or OCHA p-code), or several that must all hold.

    Returns
    -------
    Hint or None

    Raises
    ------
    TypeError
        If ``within`` is not text.
    ValueError
        If ``within`` is empty.
    PlaceNotFoundError
        If a text names no governorate, district or sub-district.

    Examples
    --------
    >>> parse_within("Saladin").label
    'Saladin'
    """
    if within is None:
        return None
    if isinstance(within, str) and not within.strip():
        raise ValueError(
            f"within={within!r} is empty; give a governorate, district or sub-district "
            "name (e.g. 'Kirkuk'), or None"
        )
    if not isinstance(within, (str, tuple, list)):
        raise TypeError(
            f"within must be a governorate, district or sub-district name (str), got "
            f"{type(within).__name__} {within!r}"
        )
    return parse_hint(within if isinstance(within, str) else tuple(within), strict=True)


def _near_point(index: NameIndex, near: object) -> tuple[float, float] | None:
    if near is None:
        return None
    if isinstance(near, str):
        res = _resolve_many(index, [near], [None], threshold=FUZZY_THRESHOLD)[0]
        if res.place is None:
            raise PlaceNotFoundError(
                f"near={near!r} does not resolve to one place ({res.status}); "
                "give a (lat, lon) pair or a resolvable place name"
            )
        return res.place.lat, res.place.lon
    try:
        lat, lon = (float(v) for v in near)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise TypeError(
            f"near must be a (lat, lon) pair of numbers or a place name, got {near!r}"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"near=({lat}, {lon}) is not a (lat, lon) pair in degrees")
    return lat, lon


# ---------------------------------------------------------------------- decisions


#: Places and candidates built once per index (held weakly: a dead geocoder is freed).
_MEMO: weakref.WeakKeyDictionary[NameIndex, dict[tuple, object]] = weakref.WeakKeyDictionary()
_MEMO_SIZE = 100_000


def _memo(index: NameIndex) -> dict[tuple, object]:
    memo = _MEMO.get(index)
    if memo is None or len(memo) > _MEMO_SIZE:
        memo = _MEMO[index] = {}
    return memo


def _place(index: NameIndex, i: int) -> Place:
    memo = _memo(index)
    found = memo.get(("place", i))
    if found is None:
        found = memo["place", i] = _new_place(index, i)
    return found  # type: ignore[return-value]


def _precision_km(index: NameIndex, i: int) -> float:
    """How far the place may lie from its point: the row's figure, or a unit's reach.

    An event "in" a governorate or district may lie anywhere in it, so the seat
    that stands for it is as precise as the unit's outline is far from it
    (:func:`~hotspot.geocoding._units.unit_reach_km`; the unit found by name,
    :func:`~hotspot.geocoding._units.own_unit`). A sub-district keeps its row's
    figure: news name it by its seat town, and a row placed inside a unit with
    no known seat states the unit's reach already.
    """
    stated = float(index.precision_km[i])
    kind = index.types[i]
    if kind not in ("governorate", "district"):
        return stated
    pcode = own_unit(str(index.names[i]), kind, float(index.lat[i]), float(index.lon[i]))
    if not pcode:
        return stated
    reach = unit_reach_km(pcode, float(index.lat[i]), float(index.lon[i]))
    return stated if not reach > stated else round(reach, 1)


def _new_place(index: NameIndex, i: int) -> Place:
    units = index.attribution
    return Place(
        id=index.ids[i],
        name=index.names[i],
        feature_type=index.feature_types[i],
        lat=float(index.lat[i]),
        lon=float(index.lon[i]),
        governorate=index.governorates[i],
        district=index.districts[i],
        disputed=index.disputed[i],
        subdistrict=units["subdistrict"][i],
        governorate_pcode=units["governorate_pcode"][i],
        district_pcode=units["district_pcode"][i],
        subdistrict_pcode=units["subdistrict_pcode"][i],
        precision_km=_precision_km(index, i),
    )


def _candidate(index: NameIndex, hit: Hit, km: float | None = None, reason: str = "") -> Candidate:
    if km is None and not reason:
        memo = _memo(index)
        key = ("candidate", hit.place, hit.score, hit.method)
        found = memo.get(key)
        if found is None:
            found = memo[key] = _plain_candidate(index, hit.place, hit.score, hit.method)
        return found  # type: ignore[return-value]
    i = hit.place
    return Candidate(
        index.ids[i],
        index.names[i],
        index.feature_types[i],
        index.governorates[i],
        index.districts[i],
        round(hit.score, 1),
        hit.method,
        None if km is None else round(km, 1),
        reason,
    )


def _plain_candidate(index: NameIndex, i: int, score: float, method: str) -> Candidate:
    """Return a candidate without distance or reason (shared between the names reaching it)."""
    return Candidate(
        index.ids[i],
        index.names[i],
        index.feature_types[i],
        index.governorates[i],
        index.districts[i],
        round(score, 1),
        method,
    )


def _nested(index: NameIndex, places: list[int], hint: str | None = None) -> int | None:
    """Pick one of ``places`` if they are same-named nested admin units.

    The settlement (the town the units are named after), or, without one, the
    largest unit (``Wasit`` is the governorate, not the sub-district of that
    name); when the query's generic word names an admin level, that level or
    the nearest one ("Amerli district" for the sub-district).
    """
    types = [index.types[i] for i in places]
    if any(t not in _ADMIN_SPECIFICITY for t in types) or len(set(types)) != len(types):
        return None
    govs = {index.governorate_keys[i] for i in places}
    if len(govs) != 1:
        return None
    if hint in _ADMIN_SPECIFICITY:
        level = _ADMIN_SPECIFICITY[hint]
    else:
        level = 0 if "settlement" in types else max(_ADMIN_SPECIFICITY[t] for t in types)
    ordered = sorted(
        places,
        key=lambda i: (
            abs(_ADMIN_SPECIFICITY[index.types[i]] - level),
            _ADMIN_SPECIFICITY[index.types[i]],
        ),
    )
    best = ordered[0]
    if index.types[best] == "settlement" and any(
        index.types[i] == "subdistrict"
        and not _named_centre(index, i)
        and not _inside(index, best, frozenset(index.units[i]))
        for i in places
    ):
        return None  # a town of the name elsewhere, not the sub-district's seat ("Sindi")
    for i in ordered[1:]:
        if (
            index.types[i] == "district"
            and index.types[best] not in ("district", "governorate")
            and index.district_keys[best]
            and index.district_keys[best] != index.district_keys[i]
        ):
            return None
    return best


def _inside_the_hint(
    index: NameIndex, tied: list[int], pcodes: frozenset[str]
) -> tuple[list[int], bool]:
    """Set aside the admin units that hold the hint (or are it) when a smaller namesake lies in it.

    A hint says where the place lies; the unit that holds it adds nothing.
    ``واسط`` with ``within="Wasit"`` (a governorate column of a location list),
    or with the sub-district's own p-code, is the sub-district Wasit, not the
    governorate; ``Kirkuk`` within Kirkuk is still the city. A type word asking
    for the unit keeps it (``Wasit province``): the caller only asks without
    one. Returns the places kept and whether any was set aside.
    """
    placed = [i for i in tied if index.types[i] in _ADMIN_SPECIFICITY]
    inner = [_ADMIN_SPECIFICITY[index.types[i]] for i in placed if inside(index.units[i], pcodes)]
    drop = {
        i
        for i in placed
        if index.types[i] in ADMIN_TYPES
        and holds(index.units[i], pcodes)
        and any(level < _ADMIN_SPECIFICITY[index.types[i]] for level in inner)
    }
    return [i for i in tied if i not in drop], bool(drop)


def _enclosing(index: NameIndex, tied: list[int]) -> int | None:
    """Return the one admin unit among ``tied`` that holds every other tied place, if any.

    ``مكحول`` is a sub-district of Salahaddin, the Makhoul mountains and the
    Makhoul dam: the point of each feature lies in the unit and the feature is
    no larger than it (its ``precision_km`` at most the unit's), so the unit is
    right whichever is meant, at the unit's precision. A feature larger than
    the unit (the Hamrin range, 60 km, and its sub-district Hamreen) is another
    place; so is a line (a river, a road, a valley, which runs through many
    units: ``Dijla``), a settlement (the nested default decides those) or
    another admin unit.
    """
    admin = [i for i in tied if index.types[i] in ADMIN_TYPES]
    if len(admin) != 1:
        return None
    unit = admin[0]
    pcodes = frozenset(u for u in index.units[unit] if u)
    others = [i for i in tied if i != unit]
    if not pcodes or any(
        index.types[i] in _LINEAR or index.types[i] == "settlement" for i in others
    ):
        return None
    size = float(index.precision_km[unit])
    for i in others:
        own = index.units[i][:1]  # the sub-district the point lies in
        if not inside(own, pcodes) or not float(index.precision_km[i]) <= size:
            return None
    return unit


def _places_a_quarter(index: NameIndex, place: int, ctx: _Context) -> bool:
    """Whether a hint narrows a quarter's town down: a district or finer, or a town's reach.

    ``within=`` a district or sub-district it lies in (a governorate holds many
    towns, each with its own ``Tahrir``); ``near=`` with ``max_km`` up to
    :data:`_QUARTER_KM`; or a district, sub-district or town of its own named
    around it in a text or in the name (``Tahrir, Baquba``). The hint has
    already set aside the places outside it.
    """
    if ctx.hint and all(len(p) > GOVERNORATE_PCODE for p in ctx.hint.pcodes):
        return True
    if ctx.near is not None and ctx.max_km is not None and ctx.max_km <= _QUARTER_KM:
        return True
    finer = frozenset(p for p in ctx.context or () if len(p) > GOVERNORATE_PCODE)
    return bool(finer) and _consistent(index, place, finer)


def _unplaced_quarter(
    index: NameIndex, hit: Hit, keys: NameKey, tied: list[int], ctx: _Context
) -> str:
    """Say why a quarter name places no settlement, or ``""`` when it does.

    Iraqi towns share their quarters' names (:func:`~hotspot._normalize.quarter_name`,
    asked of the query and of the name matched): ``Askari`` is a quarter of
    Kirkuk, Fallujah, Tikrit and many more. The one the gazetteer holds is the
    answer only with a hint that narrows it to its town
    (:func:`_places_a_quarter`), or when an admin unit of the name is in the tie
    or holds it (``Mansour``, the sub-district of Baghdad and its quarter;
    UCDP's ``as Salām town`` in the sub-district Al-Salam). Admin units and
    other features keep their own names (``Tamim``, the old name of Kirkuk
    governorate).
    """
    place = hit.place
    if keys.hint in ("settlement", "village"):  # "Sarāy town", "Yarmouk village": no quarter
        return ""
    asked = keys.hint == "neighbourhood"  # "Hay al-Salam": a quarter, whatever else bears the name
    if index.types[place] != "settlement" or (
        not asked and any(index.types[i] in ADMIN_TYPES for i in tied)
    ):
        return ""
    quarter = index.feature_types[place] == "neighbourhood"
    own = name_keys(str(index.names[place])).core
    name = next((n for n in (keys.core, hit.key, own) if quarter_name(n)), keys.core)
    if (
        quarter_name(name) is None
        or _places_a_quarter(index, place, ctx)
        or ("(" in str(index.names[place]) and keys.core == own)  # "Tahrir (Mosul)"
    ):
        return ""
    units = subdistrict_names()
    named = units.get(hit.key, frozenset()) | units.get(keys.core, frozenset())
    if named and not asked and inside(index.units[place][:1], named):
        return ""
    held = str(index.names[place]) if quarter or quarter_name(hit.key) else ""  # not Sīnah
    return _quarter_note(name, held)


def _quarter_note(name: str, held: str = "") -> str:
    """Say why a quarter name is left ambiguous (:func:`_unplaced_quarter`)."""
    one = f"; the gazetteer's {held} is one of them" if held else ""
    return (
        f"{name!r} ({quarter_name(name)}) names a quarter in many Iraqi towns{one}: give "
        f"within= its district, near= with max_km up to {_QUARTER_KM:g}, or the town"
    )


def _named_centre(index: NameIndex, place: int) -> bool:
    """Whether a sub-district row is named as a town's centre (``Markaz Amarah``, ``Kut Centre``).

    Such a unit is the town's own: its name says where the town is, whatever the
    polygon (Amarah city lies 10 km outside the 2019 polygon drawn for it).
    """
    return name_keys(str(index.names[place])).hint == "centre"


def _inside(index: NameIndex, place: int, pcodes: frozenset[str]) -> bool:
    """Whether a place lies in one of some units, as far as its point and the boundaries tell.

    The hint rule (:func:`~hotspot.geocoding._units.lies_in`), with the place's own
    ``precision_km`` added to the boundary margin: a town curated approximately
    (``precision_km`` 10) a few kilometres outside the sub-district it is the seat
    of is still its seat. Without units (a table indexed without them) nothing is
    judged: True.
    """
    if not pcodes:
        return True
    lat, lon = float(index.lat[place]), float(index.lon[place])
    if lies_in(pcodes, index.units[place], lat, lon):
        return True
    spread = float(index.precision_km[place])
    return spread > 0 and distance_to_units_km(pcodes, lat, lon) <= spread + BOUNDARY_KM


def _towns_elsewhere(index: NameIndex, tied: list[int]) -> list[str]:
    """Say which settlements lie outside a same-named sub-district of their governorate.

    That is why they are not nested (:func:`_nested`): ``Sindi`` is the sub-district
    or UCDP's village 44 km from it.
    """
    units = [i for i in tied if index.types[i] == "subdistrict" and not _named_centre(index, i)]
    return [
        f"{index.names[s]} ({index.ids[s]}) lies outside the sub-district "
        f"{index.names[u]} ({index.ids[u]})"
        for s in tied
        if index.types[s] == "settlement"
        for u in units
        if index.governorate_keys[s] == index.governorate_keys[u]
        and not _inside(index, s, frozenset(index.units[u]))
    ]


def _also_a_subdistrict(
    index: NameIndex, chosen: int, keys: NameKey, ctx: _Context, hits: dict[int, Hit]
) -> str:
    """Say which sub-district the name also is, when the chosen place is not that unit.

    A bare name (or one with the sub-district's generic word) that is the name of
    an OCHA sub-district (:func:`~hotspot.geocoding._units.subdistrict_names`)
    may mean the unit. When the gazetteer has no row for that unit among the
    places considered (a table without admin rows), the chosen place is the
    answer only if it is a settlement lying in the unit (its seat, or a village
    in it); a settlement elsewhere or a feature (a river, a mountain) named
    alike leaves the name ambiguous, as the rules do when the unit's row is there
    (``Dijla``, ``Sindi``), and so does an admin unit elsewhere that only shares
    the name's skeleton (``Al-Thagar`` is a sub-district of Basra, not Dhi Qar).
    The unit counts as a candidate would: not outside the hint, not beyond
    ``max_km``; ``near=`` and the admin units named in the text settle between it
    and the place. ``""`` when there is nothing to say.
    """
    kind = index.types[chosen]
    loose = hits[chosen].loose
    if kind in _ADMIN_SPECIFICITY and kind != "settlement" and not loose:
        return ""  # the answer is an admin unit itself
    if keys.hint not in (None, "region", "subdistrict"):
        return ""  # "Sindi village": the query says what it is
    pcodes = subdistrict_names().get(keys.core)
    if not pcodes:
        return ""
    held = {u for i in hits if index.types[i] == "subdistrict" for u in index.units[i]}
    lat, lon = float(index.lat[chosen]), float(index.lon[chosen])
    for pcode in sorted(pcodes - held):
        unit = frozenset({pcode})
        if ctx.hint and not ctx.hint.admits((pcode,)):
            continue
        if ctx.near is not None:
            unit_km = distance_to_units_km(unit, ctx.near[0], ctx.near[1])
            place_km = haversine_m(ctx.near[0], ctx.near[1], lat, lon) / 1e3
            if (ctx.max_km is not None and unit_km > ctx.max_km) or unit_km >= place_km:
                continue  # beyond max_km, or farther than the place: near= decides
        if (
            ctx.context
            and _consistent(index, chosen, ctx.context)
            and not lies_in(ctx.context, (pcode,))
        ):
            continue  # the text names the place's units, not the sub-district's
        if kind in _ADMIN_SPECIFICITY and _inside(index, chosen, unit):
            continue
        if kind not in _ADMIN_SPECIFICITY:
            where = f"is a {kind}"
        elif loose and kind != "settlement":
            where = f"only shares its {hits[chosen].method} spelling"
        else:
            where = "lies outside it"
        return (
            f"also the name of the sub-district {unit_label(pcode)} ({pcode}), which the "
            f"gazetteer does not hold; {index.names[chosen]} {where}"
        )
    return ""


def _prominent(index: NameIndex, tied: list[int], hint: str | None) -> int | None:
    """Return the governorate or district among ``tied`` (or its nested namesake), if only one.

    Every other tied place must be a smaller place elsewhere (a village, a site),
    none of them a governorate or district itself.
    """
    top = [i for i in tied if index.types[i] in _PROMINENT]
    if not top or len({index.governorate_keys[i] for i in top}) != 1:
        return None
    gov = index.governorate_keys[top[0]]
    group = [
        i for i in tied if index.governorate_keys[i] == gov and index.types[i] in _ADMIN_SPECIFICITY
    ]
    chosen = _nested(index, group, hint)
    if chosen is None:
        return None
    return chosen


@dataclass
class _Context:
    """What a name is decided with: the filters and tie-breaks of one call or row."""

    threshold: float
    hint: Hint | None = None
    near: tuple[float, float] | None = None
    max_km: float | None = None
    context: frozenset[str] | None = None  # admin units named nearby (extract): tie-break only


_NO_CONTEXT = _Context(threshold=FUZZY_THRESHOLD)


def _consistent(index: NameIndex, place: int, pcodes: frozenset[str]) -> bool:
    """Whether one of a place's units lies in, or holds, one of ``pcodes`` (the hint rule)."""
    return lies_in(pcodes, index.units[place])


def _hinted(index: NameIndex, place: int, ctx: _Context) -> bool:
    """Whether a hint bears on a place: ``within=``, ``near=`` with ``max_km``, or the text.

    The filters themselves come after (a place outside the hint is set aside as
    such); the admin units named around a mention count only when they are the
    place's own.
    """
    if ctx.hint or (ctx.near is not None and ctx.max_km is not None):
        return True
    return bool(ctx.context) and _consistent(index, place, ctx.context)  # type: ignore[arg-type]


def _km_from(index: NameIndex, place: int, ctx: _Context) -> float | None:
    """Distance of a place from the hint: the near= point, else the within= units."""
    if ctx.near is not None:
        return (
            float(haversine_m(ctx.near[0], ctx.near[1], index.lat[place], index.lon[place])) / 1e3
        )
    if ctx.hint:
        return _hint_km(index.lat[place], index.lon[place], ctx.hint.pcodes)
    return None


@functools.lru_cache(maxsize=100_000)
def _hint_km(lat: float, lon: float, pcodes: frozenset[str]) -> float:  # plain values only
    return distance_to_units_km(pcodes, float(lat), float(lon))


def _suggestions(
    index: NameIndex, hits: list[tuple[Hit, str]], ctx: _Context
) -> tuple[Candidate, ...]:
    """Return the best few of the hits set aside, each with its distance from the hint."""
    ranked = sorted(hits, key=lambda hr: (-hr[0].score, index.ids[hr[0].place]))
    out: list[Candidate] = []
    seen: set[int] = set()
    for hit, reason in ranked:
        if hit.place in seen:
            continue
        seen.add(hit.place)
        out.append(_candidate(index, hit, _km_from(index, hit.place, ctx), reason))
        if len(out) == _MAX_SUGGESTIONS:
            break
    if ctx.hint or ctx.near is not None:
        out.sort(key=lambda c: (c.km if c.km is not None else math.inf, -c.score))
    return tuple(out)


def _unsaid_work(index: NameIndex, hit: Hit, keys: NameKey) -> bool:
    """Whether a name reaches a work only through an alias whose word it leaves out.

    A bridge, dam, site, road, lake, marsh or desert is reached by its own name without
    its word: the place it is named after, where it stands (``Bekhme`` for Bekhme
    Dam, ``Razzaza`` for Lake Razzaza), and so by its Arabic-script names, which the
    gazetteer writes with their word (``بخمة`` for ``سد بخمة``). A Latin alias that
    carries the word is another matter: a nickname or a name borrowed from
    elsewhere, which a name without that word does not reach, however spelt
    (``Brooklyn`` or ``Broklyn`` is not the ``Brooklyn Bridge``, nor is ``Brooklyn
    area``; ``Shuhada``, a quarter in many towns, not the ``Al-Shuhada bridge``; a
    town spelled in a way the gazetteer lacks not the ``Makhmur camp``). An alias
    written without the word still reaches it (``Bucca``, ``Speicher``), and a type
    word in the query that fits the work says it (``Shuhada bridge``). Hills,
    valleys and rivers are named by their bare name (``Qara Chokh``).

    Examples
    --------
    >>> from hotspot.geocode import geocode
    >>> geocode(["Brooklyn", "Brooklyn Bridge", "Bekhme"])["status"].tolist()
    ['unresolved', 'resolved', 'resolved']
    """
    if not hit.worded or index.types[hit.place] not in _WORKS:
        return False
    if keys.hint not in (None, "region") and hit.fits:
        return False  # "Shuhada bridge", "Camp Bucca": the query says what it is ("area" not)
    return not _ARABIC_LETTER.search(keys.core)


def lookup(index: NameIndex, keys: NameKey) -> dict[int, Hit] | None:
    """Return the exact or skeleton hits of a name (:meth:`NameIndex.exact_or_skeleton`).

    When every exact hit is a work the name does not reach (:func:`_unsaid_work`),
    the names spelt like it are looked at too: ``Qaiyarah`` is the town Qayyarah,
    not the ``Qaiyarah bridge``.
    """
    hits = index.exact_or_skeleton(keys)
    if hits and all(_unsaid_work(index, h, keys) for h in hits.values()):
        hits = {**index.skeleton_hits(keys), **hits}
    return hits


def _why_not(reasons: list[str], ctx: _Context) -> str:
    """One sentence for a name none of whose candidates may be the answer."""
    counts = {r: reasons.count(r) for r in dict.fromkeys(reasons)}
    parts = []
    for reason, n in counts.items():
        if reason == "outside":
            parts.append(f"{n} candidate(s) lie outside within={ctx.hint.label!r}")  # type: ignore[union-attr]
        elif reason == "far":
            parts.append(f"{n} candidate(s) lie more than {ctx.max_km:g} km from near=")
        elif reason == "type":
            parts.append(f"{n} candidate(s) of another type than the query's type word")
        elif reason == "quarter":
            parts.append(f"{n} quarter(s) of a town of the name: a village is another place")
        elif reason == "work":
            parts.append(
                f"{n} bridge(s), dam(s), site(s), road(s), lake(s) or desert(s) reached only "
                "through an alias with a word it leaves out (add the word)"
            )
        elif reason == "spelling":
            parts.append(f"{n} similar name(s) that are not spellings of it")
        elif reason == "weak":
            parts.append(
                f"{n} similar name(s) taken only with a hint (within=, near= with max_km, "
                "or the admin units named in a text): a short name, other vowels, or a "
                "personal name"
            )
        elif reason == "seat":
            parts.append(
                f"{n} seat(s) of a district or governorate of the name (a town, its centre): "
                "a village of the name is another place"
            )
        elif reason == "namesake":
            parts.append(
                f"{n} place(s) known by another name or with a word of their own, taken only "
                "with a hint (within=, near= with max_km)"
            )
        elif reason == "score":
            parts.append(f"{n} name(s) below the fuzzy threshold")
        elif reason == "person":
            parts.append(
                f"{n} feature(s) named after a person of this name, reached only with their "
                "word (write e.g. 'Wadi Hassan', 'Sheikh Ibrahim mountain')"
            )
    return "not in the gazetteer" + (": " + "; ".join(parts) if parts else "")


def decide(
    index: NameIndex,
    query: object,
    keys: NameKey,
    hits: dict[int, Hit],
    *,
    threshold: float,
    hint: Hint | None = None,
    near: tuple[float, float] | None = None,
    max_km: float | None = None,
    context: frozenset[str] | None = None,
) -> Resolution:
    """Choose among the hits of a name by the rules of the module docstring.

    Parameters
    ----------
    index : NameIndex
        The index the hits come from.
    query : object
        The name as given (kept in the Resolution).
    keys : NameKey
        The name's keys; its hint (type word) takes part in the rules.
    hits : dict
        Place → :class:`~hotspot.geocoding._index.Hit`; fuzzy hits below
        ``threshold`` are suggestions only.
    threshold : float
        Minimum score of a fuzzy answer.
    hint : Hint, optional
        A ``within=`` hint (:func:`parse_within`): places outside it are never
        the answer.
    near : (float, float), optional
        ``(lat, lon)`` in degrees; with ``max_km`` a filter, else the nearest
        of tied places wins.
    max_km : float, optional
        Places farther than this from ``near`` are never the answer.
    context : frozenset of str, optional
        P-codes of admin units named around the name (text extraction): a tie
        among places is settled by the one place consistent with them.

    Returns
    -------
    Resolution
        ``"resolved"``, ``"ambiguous"`` or ``"unresolved"``.
    """
    ctx = _Context(threshold, hint, near, max_km, context)
    return _decide(index, query, keys, hits, ctx)


def _default(
    index: NameIndex, tied: list[int], hint: str | None, loose: bool, notes: list[str]
) -> int | None:
    """Apply the nested, admin and prominence defaults to tied places, in order.

    The rule that decides says so in ``notes``; None when none decides.
    """
    chosen = _nested(index, tied, hint)
    if chosen is not None:
        notes.append(
            "nested default: the town, not the units named after it"
            if index.types[chosen] == "settlement"
            else f"nested default: the {index.types[chosen]}, of the same-named units "
            "nested in one another"
        )
    elif hint is None or hint == "region" or hint in _ADMIN_SPECIFICITY:
        # "Fallujah" is the town, not the barrage or the lake named after it; a
        # sub-district alone is an area named after the feature ("Dijla"): no default
        admin = [i for i in tied if index.types[i] in _ADMIN_SPECIFICITY]
        if any(index.types[i] != "subdistrict" for i in admin) and len(admin) < len(tied):
            chosen = admin[0] if len(admin) == 1 else _nested(index, admin, hint)
            if chosen is not None:
                notes.append("admin default: the place itself, not a feature named after it")
    if chosen is None and not loose:
        chosen = _prominent(index, tied, hint)
        if chosen is not None:
            others = len(tied) - sum(
                1 for i in tied if index.governorate_keys[i] == index.governorate_keys[chosen]
            )
            notes.append(
                f"prominence default: the {index.types[chosen]}'s namesake, not "
                f"{others} smaller place(s) of that name elsewhere"
                if index.types[chosen] not in _PROMINENT
                else f"prominence default: the {index.types[chosen]}, not {others} smaller "
                "place(s) of that name elsewhere"
            )
    return chosen


class _Written(NamedTuple):
    """How a query is written, as the rules for its hits ask it (:func:`_set_aside_for`)."""

    typed: bool  # a type word other than "area"
    strict: bool  # a word of populated places (town, village, centre, hay, camp)
    feature: bool  # a word of a feature named after a town (mountain, river, lake, dam …)
    careful: bool  # romanised with long-vowel marks (GeoNames, UCDP)
    acronym: bool  # written as an acronym ("DIBs")


def _set_aside_for(
    index: NameIndex,
    query: object,
    keys: NameKey,
    h: Hit,
    hits: dict[int, Hit],
    ctx: _Context,
    how: _Written,
) -> str:
    """Why a hit may not be the answer (a reason of :func:`_why_not`), or ``""``."""
    if h.method == "fuzzy" and (h.score < ctx.threshold or how.careful):
        return "score" if h.score < ctx.threshold else "spelling"
    if h.acronym and not how.acronym:
        return "spelling"  # "Dibs" is not "DIBs"
    if (h.loose and not h.agrees) or (
        how.careful and h.method == "skeleton" and not long_vowels_agree(query, h.key)
    ):
        return "spelling"
    if (
        not h.fits
        and ((h.loose and how.typed) or ((how.strict or how.feature) and not h.full))
        and not _town_of_a_part(index, h, keys)
    ) or (
        how.strict
        and index.types[h.place] == "subdistrict"
        and not index.precision_km[h.place] <= _TOWN_KM
    ):
        if keys.hint == "village" and index.feature_types[h.place] == "neighbourhood":
            return "quarter"  # "Al-Karama village" is not the Karama quarter of Mosul
        return "type"
    if (
        keys.hint == "village"
        and not _admin_worded(keys)  # "villages of Daquq district" names the district's
        and _namesake_seat(index, h, hits)
    ):
        return "seat"  # "Al-Hamdaniya village" is not Qaraqosh, the seat of Hamdaniya
    if keys.hint == "region" and index.types[h.place] == "river" and not h.full:
        return "type"  # "the Central Euphrates region" is no point on the river
    if (
        keys.hint in (None, "region")  # "Sheikh Ibrahim area" is no more the mountain
        and index.types[h.place] in FEATURE_HINTS
        and names_a_person(keys.core)
    ):
        return "person"  # "Hassan" is not Wadi Hassan, "Sheikh Ibrahim" not the mountain
    if h.loose and (h.weak or keys.core in PERSONAL_NAMES) and not _hinted(index, h.place, ctx):
        return "weak"  # "Kara" is not Gara without a hint, nor "Mahmoud" Makhmour
    if ctx.hint and not ctx.hint.admits(
        _area_units(index, h, keys, hits), float(index.lat[h.place]), float(index.lon[h.place])
    ):
        return "outside"
    if ctx.max_km is not None and _km_from(index, h.place, ctx) > ctx.max_km:  # type: ignore[operator]
        return "far"
    if _unsaid_work(index, h, keys):
        return "work"
    return ""


def _namesake_seat(index: NameIndex, h: Hit, hits: dict[int, Hit]) -> bool:
    """Whether a town (or its centre sub-district) is the seat of a unit the query also names.

    A district's or governorate's seat is a town: a query that says *village*
    (``Al-Hamdaniya village``, ``قرية الحمدانية``) names another place of the name,
    not Qaraqosh, the seat of Hamdaniya district, found through the district's name,
    nor the sub-district Hamdaniya Centre around it. A seat is a town named as its
    own district, or one that lies in a district or governorate among the query's
    matches, in any spelling (``Dibs village``, ``قرية طوزخورماتو``).
    """
    if index.types[h.place] not in ("settlement", "subdistrict"):
        return False
    own = name_keys(str(index.names[h.place])).core
    if index.types[h.place] == "settlement" and own and own == _district_core(index, h.place):
        return True  # the town named as its own district ("Tuz Khurmatu", "Daquq")
    return any(
        index.types[u] in _PROMINENT and _inside(index, h.place, frozenset(index.units[u]))
        for u in hits
        if u != h.place
    )


def _town_of_a_part(index: NameIndex, h: Hit, keys: NameKey) -> bool:
    """Whether a town is named as the whole of a quarter (``a neighbourhood of Fallujah``)."""
    return keys.hint == "neighbourhood" and _part_of(keys) and index.types[h.place] == "settlement"


def _part_of(keys: NameKey) -> bool:
    """Whether a name says it is a part of the place (``a neighbourhood of Fallujah``)."""
    return " of " in f" {keys.folded} "


def _admin_worded(keys: NameKey) -> bool:
    """Whether a name also carries an admin word (``district``, ``ناحية``, ``province``)."""
    return any(
        GENERIC_WORDS.get(word) in ("district", "subdistrict", "governorate")
        for word in keys.folded.split()
    )


def _district_core(index: NameIndex, place: int) -> str:
    """Return the core key of a place's district name (``""`` without one)."""
    district = index.districts[place]
    return name_keys(str(district)).core if isinstance(district, str) and district else ""


def _decide(
    index: NameIndex, query: object, keys: NameKey, hits: dict[int, Hit], ctx: _Context
) -> Resolution:
    hint_note = ""
    if ctx.hint is not None and ctx.hint.ignored:
        hint_note = (
            "within "
            + ", ".join(repr(t) for t in ctx.hint.ignored)
            + " names no admin unit; ignored"
        )
    set_aside: list[tuple[Hit, str]] = []
    valid: list[Hit] = []
    how = _Written(
        typed=keys.hint is not None and keys.hint != "region",
        strict=keys.hint in _STRICT_HINTS,
        feature=keys.hint in FEATURE_HINTS,
        careful=isinstance(query, str) and romanised_with_marks(query),
        acronym=isinstance(query, str) and written_as_acronym(strip_html(query)),
    )
    for h in hits.values():
        reason = _set_aside_for(index, query, keys, h, hits, ctx, how)
        if reason:
            set_aside.append((h, reason))
        else:
            valid.append(h)
    if how.acronym and any(h.acronym for h in valid):  # "DIBs": the acronym, not the town Dibs
        valid = [h for h in valid if h.acronym]
    if any(r == "seat" for _, r in set_aside) and not (
        ctx.hint or ctx.max_km is not None or ctx.context
    ):
        # "Rifai village": the name is a district's; a place of it known by another name
        # or with a word of its own (a quarter, "Makhmour Camp") is taken only with a
        # hint, a place of just this name stays
        set_aside += [(h, "namesake") for h in valid if not (h.method == "exact" and h.bare)]
        valid = [h for h in valid if h.method == "exact" and h.bare]
    if not valid:
        note = _why_not([r for _, r in set_aside], ctx)
        if (
            keys.hint == "neighbourhood"
            and quarter_name(keys.core)
            and not any(index.feature_types[h.place] == "neighbourhood" for h, _ in set_aside)
        ):  # "Hay al-Salam": a quarter name, and no quarter of it anywhere
            note = f"{_quarter_note(keys.core)}; the gazetteer holds none ({note})"
        note = "; ".join(n for n in (note, hint_note) if n)
        return Resolution(
            query, "unresolved", note=note, suggestions=_suggestions(index, set_aside, ctx)
        )
    ranked = sorted(
        valid,
        key=lambda h: (-h.score, not h.full, not h.fits, not h.bare, index.ids[h.place]),
    )
    candidates = tuple(_candidate(index, h) for h in ranked[:_MAX_CANDIDATES])
    top = ranked[0]
    loose = top.loose
    if loose:
        tied = [h.place for h in ranked]  # a skeleton or fuzzy answer must be unique
    else:
        tied = [
            h.place
            for h in ranked
            if h.score >= top.score and (h.full, h.fits, h.bare) == (top.full, top.fits, top.bare)
        ]
    notes: list[str] = []
    if ctx.hint and keys.hint is None and not loose:
        tied, dropped = _inside_the_hint(index, tied, ctx.hint.pcodes)
        if dropped:
            notes.append(f"within={ctx.hint.label!r}: the place inside it, not its own unit")
    chosen = tied[0] if len(tied) == 1 else _default(index, tied, keys.hint, loose, notes)
    if chosen is None and ctx.context:
        around = [i for i in tied if _consistent(index, i, ctx.context)]
        if len(around) == 1:
            chosen = around[0]
            notes.append("decided by the admin units named around it")
        elif around:
            chosen = _nested(index, around, keys.hint)
    if chosen is None and ctx.near is not None:
        idx = np.array(tied)
        dist = haversine_m(ctx.near[0], ctx.near[1], index.lat[idx], index.lon[idx])
        chosen = int(idx[int(np.argmin(dist))])
        notes.append("decided by near=")
    if chosen is None and not loose and keys.hint in (None, "subdistrict"):
        chosen = _enclosing(index, tied)  # "Shahrazur region" asks for the region
        if chosen is not None:
            notes.append(
                f"enclosing default: every other place of the name lies in this "
                f"{index.types[chosen]}"
            )
    quarter = "" if chosen is None else _unplaced_quarter(index, hits[chosen], keys, tied, ctx)
    if quarter:
        return Resolution(query, "ambiguous", None, top.score, candidates, top.method, quarter)
    outside = sum(1 for _, r in set_aside if r == "outside")
    if outside and chosen is not None:
        notes.append(f"within={ctx.hint.label!r}: {outside} candidate(s) outside set aside")  # type: ignore[union-attr]
    if hint_note:
        notes.append(hint_note)
    if chosen is None:
        if loose:
            notes.insert(0, f"{len(tied)} places match by {top.method}; none is certain")
        notes += _towns_elsewhere(index, tied)
        if quarter_name(keys.core) and all(index.types[i] == "settlement" for i in tied):
            notes.append(_quarter_note(keys.core))
        return Resolution(
            query, "ambiguous", None, top.score, candidates, top.method, "; ".join(notes)
        )
    unit = _also_a_subdistrict(index, chosen, keys, ctx, hits)
    if unit:
        note = "; ".join([unit, *(n for n in notes if not n.startswith(("nested", "admin")))])
        return Resolution(query, "ambiguous", None, top.score, candidates, top.method, note)
    hit = hits[chosen]
    others = tuple(c for c in candidates if c.id != index.ids[chosen])
    candidates = (_candidate(index, hit), *others[: _MAX_CANDIDATES - 1])
    return Resolution(
        query,
        "resolved",
        _asked_unit(index, chosen, keys),
        round(hit.score, 1),
        candidates,
        hit.method,
        "; ".join(notes),
    )


def _asked_unit(index: NameIndex, chosen: int, keys: NameKey) -> Place:
    """Return the place, as precise as the unit the query asks for (``Rashad subdistrict``).

    A sub-district's row is as precise as its seat town, which news mean by its
    bare name; written with its word (``ناحية الرشاد``, ``Rashad subdistrict``)
    it is the unit, as precise as its outline's reach from the seat
    (:func:`~hotspot.geocoding._units.unit_reach_km`).
    """
    place = _place(index, chosen)
    if keys.hint != "subdistrict" or place.feature_type != "subdistrict":
        return place
    pcode = own_unit(place.name, "subdistrict", place.lat, place.lon)
    if not pcode:
        return place
    reach = unit_reach_km(pcode, place.lat, place.lon)
    if not reach > place.precision_km:
        return place
    return replace(place, precision_km=round(reach, 1))


def units_named(index: NameIndex, r: Resolution) -> frozenset[str]:
    """Admin units (p-codes) a resolved result names, as context for other names.

    A governorate or district (or a town with a same-named one among its
    candidates): its unit; any other place: its governorate (``Mandali`` puts a
    sentence in Diyala) and the sub-district its point lies in (a quarter of the
    town is placed by it). Text extraction takes the units of the places named
    around a mention; a qualified name (``Tahrir, Baquba``) those of its qualifier.

    Examples
    --------
    >>> from hotspot.geocoding import default_geocoder
    >>> g = default_geocoder()
    >>> sorted(units_named(g.index, g.resolve("Mandali")))
    ['IQG10', 'IQG10Q03N01']
    """
    ids = {
        c.id
        for c in r.candidates
        if c.feature_type in ("governorate", "district") and c.score >= r.score
    }
    position = index.position
    units: set[str] = set()
    if r.place is not None:
        if r.place.feature_type in ("governorate", "district"):
            ids.add(r.place.id)
        else:
            own = index.units[position[r.place.id]]
            units |= {u[:GOVERNORATE_PCODE] for u in own if u}
            units |= {u for u in own[:1] if u}
    units |= {unit for i in ids for unit in index.units[position[i]] if unit}
    return frozenset(units)


#: Where a name's qualifiers begin: ``Tahrir, Baquba``, ``Hay al-Tahrir - Baquba``,
#: ``Askari (Kirkuk)``, ``Zanjili, Mosul, Nineveh``, ``التحرير، بعقوبة``.
_QUALIFIER_SPLIT = re.compile(r"\s*(?:[,\u060c]|\s[-\u2013\u2014]\s|[()])\s*")
_IRAQ = "ctry-iraq"
_DASHES = frozenset({"-", "\u2013", "\u2014"})
_OWN_PCODE = {
    "governorate": "governorate_pcode",
    "district": "district_pcode",
    "subdistrict": "subdistrict_pcode",
}


@dataclass(frozen=True)
class _Area:
    """Where a qualifier says a name is: inside admin units, or within a town's reach."""

    text: str
    pcodes: frozenset[str]  # the filter: the units, or the town's governorate
    town: tuple[float, float] | None  # (lat, lon) of a town: within _QUARTER_KM of it
    context: frozenset[str]  # the units a text naming it would give (units_named)

    def holds(self, index: NameIndex, place: int, units: tuple[str, ...]) -> bool:
        """Whether a place lies in the area: by p-code, or in the town's reach.

        ``units`` are where the place lies (:func:`_area_units`): an admin unit
        must lie inside the area (``Kirkuk, Hawija`` is not the governorate); any
        other place as ``within=`` admits it (:func:`~hotspot.geocoding._units.lies_in`):
        a feature by one unit it reaches when named unmistakably (``Diyala River,
        Diyala``, ``Hamrin mountains, Diyala``, ``Tigris, Salahaddin``; not ``Tigris,
        Anbar``), and a point within ``BOUNDARY_KM`` of the area counts.
        """
        if self.town is not None:
            km = haversine_m(self.town[0], self.town[1], index.lat[place], index.lon[place]) / 1e3
            return bool(km <= _QUARTER_KM)
        lat, lon = float(index.lat[place]), float(index.lon[place])
        if index.types[place] in ADMIN_TYPES or index.types[place] == "country":
            if holds(units, self.pcodes) and not inside(units, self.pcodes):
                return False  # a unit holding the area is not in it
            return inside(units, self.pcodes) or lies_in(self.pcodes, (), lat, lon)
        # the hint rule: a unit it reaches, or a point within BOUNDARY_KM of the area
        return lies_in(self.pcodes, units, lat, lon)


def _qualifier_area(index: NameIndex, where: str, threshold: float) -> _Area | str | None:
    """Return the area a qualifier names, ``"iraq"`` for the country, or None.

    An admin unit named so (the largest of the name, as for ``within=``) when the
    qualifier is that unit or a town inside it (``Kirkuk``: the governorate;
    ``Baquba``: the district); a town that names no unit holding it: its reach
    (``Bashir`` is the village of Kirkuk, not Al-Bashaer of Wasit); a river, a site or
    a name the gazetteer does not resolve: no area.
    """
    keys, _ = _clean(where)
    hits = lookup(index, keys) if keys is not None else None
    located = _decide(index, where, keys, hits, _Context(threshold)) if hits else None
    place = located.place if located is not None else None
    if place is not None and place.id == _IRAQ:
        return "iraq"
    hint = parse_hint(where, strict=False)
    admin = hint.pcodes if hint is not None and hint.parts else frozenset()
    if place is None or located is None:
        return _Area(where, admin, None, admin) if admin else None
    context = units_named(index, located)
    if place.feature_type in _OWN_PCODE:
        own = getattr(place, _OWN_PCODE[place.feature_type])
        return _Area(where, frozenset({own}), None, context) if own else None
    if place.feature_type not in TOWN_TYPES or not place.governorate_pcode:
        return None
    if admin and inside(index.units[index.position[place.id]], admin):
        return _Area(where, admin, None, context)
    return _Area(where, frozenset({place.governorate_pcode}), (place.lat, place.lon), context)


def _qualified(index: NameIndex, value: object, ctx: _Context) -> Resolution | None:
    """Resolve ``"Name, Place"`` as the name in the place its qualifiers say.

    Each part after the name (:func:`_qualifier_area`) is a filter, and the answer
    must lie in it: inside the admin unit it names (``Hawija, Kirkuk``; ``Kirkuk,
    Hawija`` is not Kirkuk city, nor the governorate holding Hawija), or within
    :data:`_QUARTER_KM` of the town it names (``Zanjili, Mosul``; ``Zanjili,
    Qaraqosh`` is nothing); ``Iraq`` is none. The place also gives the context a
    text would give, so a quarter of the town is placed (``Tahrir, Baquba``). The
    name may keep its first part, as the gazetteer writes a quarter (``Amiriya
    (Baghdad), Baghdad``), or come last after a dash, as ACLED writes it (``Baghdad -
    Sadr City``, read so first). None when ``value`` has no qualifier, or one names
    no place (``Baghdad - Kut highway``).
    """
    if not isinstance(value, str):
        return None
    cuts = list(_QUALIFIER_SPLIT.finditer(value))
    if not cuts:
        return None
    readings = [  # (name, qualifiers), in the order they are tried
        (value[: cut.start()], [p for p in _QUALIFIER_SPLIT.split(value[cut.end() :]) if p.strip()])
        for cut in cuts
    ]
    if cuts[0].group().strip() in _DASHES:  # ACLED's "Baghdad - Sadr City": town first
        *wheres, last = [p for p in _QUALIFIER_SPLIT.split(value) if p.strip()]
        # and as the gazetteer writes a quarter: "Mosul - Tahrir" is "Tahrir (Mosul)"
        readings[:0] = [(last, wheres), (f"{last} ({wheres[-1]})", wheres)]
    first = None
    for name, wheres in readings:  # the first that resolves; each is tried only if needed
        r = _within_qualifiers(index, value, name, wheres, ctx)
        if r is not None and r.status == "resolved":
            return r
        first = first or r
    return first


def _within_qualifiers(
    index: NameIndex, value: str, name: str, wheres: list[str], ctx: _Context
) -> Resolution | None:
    """Resolve ``name`` in the areas ``wheres`` name (:func:`_qualified`)."""
    keys, _ = _clean(name)
    if not wheres or keys is None:
        return None
    name = name.strip() + ")" * (name.count("(") - name.count(")"))
    areas: list[_Area] = []
    for where in wheres:
        area = _qualifier_area(index, where, ctx.threshold)
        if area is None:
            return None
        if isinstance(area, _Area):
            areas.append(area)
    parts = [*(ctx.hint.parts if ctx.hint else ()), *(AdminPart(a.text, a.pcodes) for a in areas)]
    hint = Hint(tuple(parts), ctx.hint.ignored if ctx.hint else ()) if parts else None
    context = frozenset().union(ctx.context or (), *(a.context for a in areas))
    hits = lookup(index, keys)
    if hits is None:
        cores = index.fuzzy([keys.core], min(ctx.threshold, _SUGGEST_CUTOFF))[0]
        hits = index.hits_for(keys, cores, "fuzzy") if cores else {}
    r = _decide(
        index,
        value,
        keys,
        hits,
        _Context(ctx.threshold, hint, ctx.near, ctx.max_km, context or None),
    )
    said = " and ".join(repr(a.text) for a in areas) or "Iraq"
    note = f"read as {name!r} in {said}"
    if r.place is not None:
        place = index.position[r.place.id]
        hit = hits.get(place) or Hit(place, r.score, False, r.match)
        units = _area_units(index, hit, keys, hits)
        outside = [a.text for a in areas if not a.holds(index, place, units)]
        if outside:  # a unit holding the area, a river through it, a quarter of another town
            note = f"{r.place.name!r} does not lie in {outside[0]!r}; " + note
            return Resolution(
                value, "unresolved", note=note, suggestions=r.candidates[:_MAX_SUGGESTIONS]
            )
    return replace(r, note="; ".join(n for n in (r.note, note) if n))


def _clean(value: object) -> tuple[NameKey | None, str]:
    """Keys of a raw value, or None and the reason it is invalid."""
    if not isinstance(value, str):
        shown = repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return None, f"not a string: got {type(value).__name__} {shown}"
    if len(value) > _MAX_NAME_LENGTH:
        return None, f"longer than {_MAX_NAME_LENGTH} characters"
    text = strip_html(value).strip()
    if not _HAS_LETTER.search(text):
        return None, "no letters"
    keys = name_keys(text)
    if not keys.core:
        return None, "no name left after normalisation"
    return keys, ""


def _resolve_many(
    index: NameIndex,
    values: Sequence[object],
    hints: Sequence[Hint | None],
    *,
    threshold: float,
    near: tuple[float, float] | None = None,
    max_km: float | None = None,
    progress: bool = False,
) -> list[Resolution]:
    """Resolve (value, hint) pairs: exact and skeleton one by one, the rest fuzzily in one pass."""
    out: list[Resolution | None] = [None] * len(values)
    pending: list[tuple[int, NameKey]] = []
    contexts: dict[object, _Context] = {}

    def context_of(hint: Hint | None) -> _Context:
        found = contexts.get(hint)
        if found is None:
            found = contexts[hint] = _Context(threshold, hint, near, max_km)
        return found

    for n, value in enumerate(tqdm(values, disable=not progress, desc="geocoding")):
        keys, why = _clean(value)
        if keys is None:
            out[n] = Resolution(value, "invalid", note=why)
            continue
        hits = lookup(index, keys)
        if hits is None:
            pending.append((n, keys))
        else:
            out[n] = _decide(index, value, keys, hits, context_of(hints[n]))
    if pending:
        cutoff = min(threshold, _SUGGEST_CUTOFF)
        distinct = list(dict.fromkeys(k.core for _, k in pending))
        found = dict(zip(distinct, index.fuzzy(distinct, cutoff), strict=True))
        for n, keys in pending:
            cores = found[keys.core]
            hits = index.hits_for(keys, cores, "fuzzy") if cores else {}
            out[n] = _decide(index, values[n], keys, hits, context_of(hints[n]))
    for n, r in enumerate(out):
        # a qualified name ("Saydiya, Rabia") is read as such before a spelling of the
        # whole text is taken ("Saudi Arabia")
        spelt = r is not None and r.status == "resolved" and r.method in ("skeleton", "fuzzy")
        if r is not None and (spelt or r.status in ("ambiguous", "unresolved")):
            q = _qualified(index, values[n], context_of(hints[n]))
            if q is not None and (q.status == "resolved" or r.status == "unresolved" or spelt):
                out[n] = q
    return out  # type: ignore[return-value]


def _hint_key(value: object) -> object:
    """Return a hashable key for one row's hint (text, tuple of texts or None)."""
    if value is None or is_missing(value):
        return None
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        parts = tuple(v for v in value if not (v is None or is_missing(v)))
        return parts or None
    return value


def _row_hints(within: object, index: pd.Index, n: int) -> list[object]:
    """Align a per-row ``within=`` (list, array or Series) with the names."""
    if isinstance(within, pd.Series):
        if len(within) == n and within.index.equals(index):
            values = within.tolist()
        elif within.index.is_unique and index.isin(within.index).all():
            values = within.reindex(index).tolist()
        else:
            raise ValueError(
                "within: the Series of hints does not share the names' index; pass one "
                "hint per name, aligned with them"
            )
    else:
        values = list(within)  # type: ignore[call-overload]
        if len(values) != n:
            raise ValueError(
                f"within has {len(values)} hints for {n} names; give one per name (None for "
                "none), or one governorate/district name for all"
            )
    return [_hint_key(v) for v in values]


# ---------------------------------------------------------------------- the geocoder

#: What ``gazetteer=`` accepts everywhere: None (the bundled gazetteer), a
#: DataFrame in the gazetteer schema, the path of a gazetteer CSV, or a Geocoder.
GazetteerLike: TypeAlias = "pd.DataFrame | str | PathLike[str] | Geocoder | None"

#: What ``within=`` accepts: a name or p-code for all names, or one hint per name.
WithinLike: TypeAlias = "str | Sequence[object] | pd.Series | None"


class Geocoder:
    """An immutable name index over a gazetteer.

    Building one validates and indexes the table (about 0.1 s for the bundled
    gazetteer), so build it once per table and pass it as ``gazetteer=`` to
    :func:`resolve`, :func:`geocode` and
    :func:`~hotspot.geocoding.extract.extract_places` rather than passing the
    table on every call.

    Parameters
    ----------
    gazetteer : DataFrame, path, Geocoder or None, optional
        A table in the gazetteer schema (:data:`hotspot.gazetteer.COLUMNS`),
        e.g. from :func:`~hotspot.gazetteer.load_gazetteer` with ``extra=``;
        the path of such a CSV; or a Geocoder (its table is reused). Default:
        the bundled gazetteer.

    Attributes
    ----------
    index : NameIndex
        The name tables (:mod:`hotspot.geocoding._index`); read only. Part of
        the package-internal interface used by :mod:`hotspot.geocoding.extract`.

    Raises
    ------
    GazetteerError
        If the table breaks the schema.
    TypeError
        If ``gazetteer`` is none of the accepted types.

    Examples
    --------
    >>> import pandas as pd
    >>> gaz = pd.DataFrame([{"id": "set-tuz", "name": "Tuz Khurmatu",
    ...     "feature_type": "settlement", "lat": 34.88, "lon": 44.63,
    ...     "governorate": "Salahaddin", "district": "Tuz Khurmatu",
    ...     "aliases": "Tuz|Tooz", "source": "example", "precision_km": 2}])
    >>> geocoder = Geocoder(gaz)
    >>> geocoder.resolve("Ţūz Khūrmātū").place.disputed
    'Tuz Khurmatu'
    >>> geocoder.resolve("Tooz Khurmato").match
    'skeleton'
    >>> geocoder.resolve("Tooz Khurmato", within="Kirkuk").note
    "not in the gazetteer: 1 candidate(s) lie outside within='Kirkuk'"
    """

    def __init__(self, gazetteer: GazetteerLike = None) -> None:
        if isinstance(gazetteer, Geocoder):
            self._table: pd.DataFrame = gazetteer._table
            self.index: NameIndex = gazetteer.index
            return
        table = as_gazetteer(gazetteer).reset_index(drop=True)
        self._table = table
        self.index = NameIndex(
            table, disputed_territory(table), place_units(table), attribute(table)
        )

    @property
    def gazetteer(self) -> pd.DataFrame:
        """The validated gazetteer table this geocoder indexes (a copy)."""
        return self._table.copy()

    def __len__(self) -> int:
        return len(self.index)

    def __repr__(self) -> str:
        return f"<Geocoder: {len(self.index)} places, {len(self.index.by_core)} name keys>"

    def resolve(
        self,
        name: object,
        *,
        within: str | Sequence[str] | None = None,
        near: tuple[float, float] | str | None = None,
        max_km: float | None = None,
        threshold: float = FUZZY_THRESHOLD,
    ) -> Resolution:
        """Resolve one name; see :func:`resolve`."""
        cutoff = _check_threshold(threshold)
        hint = parse_within(within)
        point = _near_point(self.index, near)
        limit = _check_max_km(max_km, near)
        return _resolve_many(
            self.index, [name], [hint], threshold=cutoff, near=point, max_km=limit
        )[0]

    def geocode(
        self,
        names: Iterable[object] | pd.DataFrame,
        *,
        within: WithinLike = None,
        near: tuple[float, float] | str | None = None,
        max_km: float | None = None,
        threshold: float = FUZZY_THRESHOLD,
        progress: bool = False,
        column: str | None = None,
    ) -> gpd.GeoDataFrame:
        """Resolve many names; see :func:`geocode`."""
        show = _check_progress(progress)
        cutoff = _check_threshold(threshold)
        if isinstance(names, pd.DataFrame):
            frame = names
            if column is None:
                raise TypeError(
                    f"names is a DataFrame with columns {list(frame.columns)}; say which holds "
                    "the names with column=, or pass that column (e.g. frame['location'])"
                )
            if column not in frame.columns:
                raise ValueError(f"column={column!r} is not one of {list(frame.columns)}")
            names = frame[column]
            if isinstance(within, str) and within in frame.columns:
                within = frame[within]
        elif column is not None:
            raise TypeError("column= names a column of a DataFrame given as names")
        index, values = as_values(names)
        if within is None or isinstance(within, str):
            row_hints: list[object] = [within] * len(values)
            parsed = {within: parse_within(within)}
        else:
            row_hints = _row_hints(within, index, len(values))
            parsed = {h: parse_hint(h, strict=False) for h in dict.fromkeys(row_hints)}
        point = _near_point(self.index, near)
        limit = _check_max_km(max_km, near)
        codes, uniques = factorize(values)
        pairs: dict[tuple[int, object], int] = {}
        keys_of = np.empty(len(values), dtype=np.intp)
        todo_values: list[object] = []
        todo_hints: list[Hint | None] = []
        for n, (code, hint_value) in enumerate(zip(codes.tolist(), row_hints, strict=True)):
            if code < 0:
                keys_of[n] = -1
                continue
            pair = (code, hint_value)
            k = pairs.get(pair)
            if k is None:
                k = pairs[pair] = len(todo_values)
                todo_values.append(uniques[code])
                todo_hints.append(parsed[hint_value])
            keys_of[n] = k
        results = _resolve_many(
            self.index,
            todo_values,
            todo_hints,
            threshold=cutoff,
            near=point,
            max_km=limit,
            progress=show,
        )
        results.append(Resolution(None, "invalid", note="missing value"))
        keys_of = np.where(keys_of < 0, len(todo_values), keys_of)
        queries = np.empty(len(values), dtype=object)
        queries[:] = [
            v if isinstance(v, str) or v is None else (None if is_missing(v) else str(v))
            for v in values
        ]
        return rows_frame(
            [r.to_dict() for r in results],
            keys_of,
            GEOCODE_COLUMNS[1:],
            leading={"query": queries},
            index=index,
        )


@functools.cache
def default_geocoder() -> Geocoder:
    """Return the cached :class:`Geocoder` over the bundled gazetteer.

    Returns
    -------
    Geocoder
        Built on first use, then reused.

    Examples
    --------
    >>> default_geocoder() is default_geocoder()
    True
    """
    return Geocoder()


def as_gazetteer(gazetteer: GazetteerLike = None) -> pd.DataFrame:
    """Return the gazetteer table a ``gazetteer=`` argument stands for (the one rule).

    Parameters
    ----------
    gazetteer : DataFrame, path, Geocoder or None
        None: the bundled gazetteer; a DataFrame: validated; a path: a gazetteer
        CSV, read and validated; a Geocoder: the table it indexes.

    Returns
    -------
    pandas.DataFrame
        A validated table in the gazetteer schema (a new object; the caller may change it).

    Raises
    ------
    GazetteerError
        If the table breaks the schema (the message names the file).
    FileNotFoundError
        If a path does not exist.
    TypeError
        If ``gazetteer`` is none of the accepted types.

    Examples
    --------
    >>> len(as_gazetteer(default_geocoder())) == len(as_gazetteer(None))
    True
    """
    if gazetteer is None:
        return load_gazetteer()
    if isinstance(gazetteer, Geocoder):
        return gazetteer.gazetteer
    if isinstance(gazetteer, pd.DataFrame):
        return validate_gazetteer(gazetteer, source="gazetteer argument")
    if isinstance(gazetteer, (str, PathLike)):
        return load_gazetteer(gazetteer)
    raise TypeError(
        "gazetteer must be None (the bundled gazetteer), a DataFrame in the gazetteer "
        f"schema, the path of a gazetteer CSV, or a Geocoder; got {type(gazetteer).__name__}"
    )


def as_geocoder(gazetteer: GazetteerLike = None) -> Geocoder:
    """Return the :class:`Geocoder` a ``gazetteer=`` argument stands for (the one rule).

    Parameters
    ----------
    gazetteer : DataFrame, path, Geocoder or None
        As for :func:`as_gazetteer`; a Geocoder is returned as is, None gives
        the cached :func:`default_geocoder`.

    Returns
    -------
    Geocoder

    Raises
    ------
    GazetteerError, FileNotFoundError, TypeError
        As :func:`as_gazetteer`.

    Examples
    --------
    >>> as_geocoder(None) is default_geocoder()
    True
    """
    if gazetteer is None:
        return default_geocoder()
    if isinstance(gazetteer, Geocoder):
        return gazetteer
    return Geocoder(gazetteer)


def resolve(
    name: object,
    *,
    within: str | Sequence[str] | None = None,
    near: tuple[float, float] | str | None = None,
    max_km: float | None = None,
    gazetteer: GazetteerLike = None,
    threshold: float = FUZZY_THRESHOLD,
) -> Resolution:
    """Resolve one place name to a gazetteer place.

    Parameters
    ----------
    name : str
        A place name in any spelling or script; generic words (``"Wadi"``,
        ``"district"``, ``"centre"``, ``"قرية"``) are set aside and act as
        feature-type hints. Anything else (None, a number, an empty or
        over-long string) gives status ``"invalid"``.
    within : str or sequence of str, optional
        A governorate, district or sub-district (any spelling, or its OCHA
        p-code) the place lies in; several must all hold. A filter: a place
        outside is never the answer.
    near : (float, float) or str, optional
        A ``(lat, lon)`` pair in degrees or a place name; among tied
        candidates the nearest (great-circle) wins.
    max_km : float, optional
        With ``near``: places farther than this many kilometres are never the
        answer.
    gazetteer : DataFrame, path, Geocoder or None, optional
        The gazetteer to search (the ``gazetteer=`` rule, see the module
        docstring); default the bundled one. A DataFrame or path is validated
        and indexed again on every call (about 0.1 s); for repeated calls
        build ``Geocoder(table)`` once and pass the :class:`Geocoder`.
    threshold : float, default FUZZY_THRESHOLD
        Minimum fuzzy score to accept a misspelt name, on the 0-100 scale
        (``85``, not ``0.85``).

    Returns
    -------
    Resolution
        ``status`` one of :data:`STATUSES`, the chosen ``place`` (resolved
        only), ``match`` and ``score``, all ``candidates``, a ``note`` and, for
        a name left unresolved, ``suggestions``.

    Raises
    ------
    PlaceNotFoundError
        If ``within`` names no governorate, district or sub-district, or
        ``near`` is a name that does not resolve.
    TypeError
        If ``within``, ``near``, ``max_km``, ``threshold`` or ``gazetteer`` has
        the wrong type.
    ValueError
        If ``threshold`` is not a score in 0-100 (a fraction such as 0.85 is
        refused), ``within`` is empty, ``near`` is out of range or ``max_km``
        is not positive or comes without ``near``.

    Examples
    --------
    >>> resolve("Kirkuk").place.feature_type
    'settlement'
    >>> sorted({c.feature_type for c in resolve("Kirkuk").alternatives})
    ['district', 'governorate', 'subdistrict']
    >>> resolve("Kirkuk district").place.feature_type
    'district'
    >>> resolve("Bashiqa center").place.name, resolve("Al-Qayyarah Center").place.name
    ('Bashiqa', 'Qayyarah')
    >>> resolve("").status, resolve(None).status
    ('invalid', 'invalid')
    """
    return as_geocoder(gazetteer).resolve(
        name, within=within, near=near, max_km=max_km, threshold=threshold
    )


def geocode(
    names: Iterable[object] | pd.DataFrame,
    *,
    within: WithinLike = None,
    near: tuple[float, float] | str | None = None,
    max_km: float | None = None,
    gazetteer: GazetteerLike = None,
    threshold: float = FUZZY_THRESHOLD,
    progress: bool = False,
    column: str | None = None,
) -> gpd.GeoDataFrame:
    """Geocode many place names into points (EPSG:4326), one row per name.

    Each distinct (name, hint) pair is resolved once; rows keep the input's
    index and order, and nothing is dropped: unresolved, ambiguous and invalid
    names (None, numbers, lists …) keep their row with an empty ``Point()``
    geometry, a ``status``, a ``note`` and no place.

    Parameters
    ----------
    names : list, tuple, numpy.ndarray, pandas.Series or DataFrame
        The names; a Series keeps its index (e.g. a DataFrame column). A
        DataFrame needs ``column=``.
    within : str, list, array or Series, optional
        One governorate, district or sub-district (name or p-code) for all
        names, or one hint per name: a list, array or Series aligned with the
        names (a Series by index), or, when ``names`` is a DataFrame, the name
        of its column of hints. A row's hint may be None (no hint) or a tuple
        of texts that must all hold (governorate and district). A hint that
        names no unit is ignored for its row and said so in ``note``.
    near, max_km, gazetteer, threshold
        As for :func:`resolve`, applied to every name.
    progress : bool, default False
        Show a tqdm progress bar over the distinct names.
    column : str, optional
        The column of names when ``names`` is a DataFrame.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`~hotspot.geocoding.batch.GEOCODE_COLUMNS` and
        ``geometry`` (a Point, empty for a miss), CRS EPSG:4326, same index as
        ``names``. ``match`` says how a name matched (:data:`MATCHES`),
        ``candidates`` holds the candidate ids joined by ``";"``,
        ``suggestions`` the closest places of an unresolved name (with their
        distance from the hint), ``disputed`` the territory or ``""``.

    Raises
    ------
    TypeError
        If ``names`` is a single string, a dict or a set, or ``progress`` is not
        a bool.
    ValueError
        If ``threshold`` or ``within`` is out of range (see :func:`resolve`),
        per-row hints do not align with the names, or a DataFrame comes
        without its ``column=``.

    Examples
    --------
    >>> import pandas as pd
    >>> out = geocode(pd.Series(["Kerkuk", "Nowhere-ville", None], index=[7, 3, 5]))
    >>> out[["name", "status", "match"]].values.tolist()
    [['Kirkuk', 'resolved', 'alias'], ['', 'unresolved', ''], ['', 'invalid', '']]
    >>> out.crs.to_epsg(), list(out.index), out.geometry.is_empty.tolist()
    (4326, [7, 3, 5], [False, True, True])
    >>> rows = pd.DataFrame({"place": ["Rashad", "Rashad"], "gov": ["Kirkuk", "Diyala"]})
    >>> geocode(rows, column="place", within="gov")["governorate"].tolist()
    ['Kirkuk', 'Diyala']
    """
    return as_geocoder(gazetteer).geocode(
        names,
        within=within,
        near=near,
        max_km=max_km,
        threshold=threshold,
        progress=progress,
        column=column,
    )
