"""Resolve Iraqi place names to gazetteer places, one at a time or in bulk.

A :class:`Geocoder` indexes a gazetteer once (names and aliases under three
keys, see :mod:`hotspot._normalize`) and resolves a name in tiers:

1. **exact**: the core key (folded, no article, no generic word) equals an
   alias's core key; score 100.
2. **skeleton**: the phonetic skeletons agree (``Kerkuk`` / ``Kirkuk``,
   ``Zghetoon`` / ``Zghaitun``), both names end alike in a vowel or a consonant,
   and the phonetic forms with vowel classes are still similar (``fuzz.ratio``
   ≥ :data:`SKELETON_MIN_RATIO`); score 80 + 0.19 × ratio (95-99).
3. **fuzzy**: ``rapidfuzz.fuzz.ratio`` between core keys, over aliases that
   share the first or the last letter (blocking); accepted at or above
   ``threshold`` (default :data:`FUZZY_THRESHOLD`), else the name is
   ``"unresolved"`` rather than guessed.

A generic word in the query (``Wadi``, ``district``, ``Lake`` …) is a feature-type
hint: places of another type lose :data:`HINT_PENALTY` points, unless the query is
one of their names as written (``"Jisr Diyala"``, the town, keeps its full score; the
hint then only breaks a tie, so ``"Diyala Bridge"`` is the bridge).

Ambiguity rules, in order:

* a place whose alias matches the query as written (generic words included)
  beats one matched only through its core key (``"Diyala"`` → the governorate,
  not ``"Diyala River"``);
* the **nested default**: when the best places are one settlement, sub-district,
  district and/or governorate of the same name nested in one another (Kirkuk
  city, Kirkuk district, Kirkuk governorate), the most specific one wins and the
  others stay as alternatives; ``"Kirkuk province"`` picks the governorate
  through its hint;
* the **admin default**: without a hint, a settlement or admin unit beats the
  dams, lakes, rivers and other features named after it (``"Fallujah"`` is the
  town, not the Fallujah barrage);
* otherwise ``within=`` (a governorate or district) and then ``near=`` (a
  ``(lat, lon)`` pair or a place name; the nearest by great-circle distance)
  decide; without them the status is ``"ambiguous"`` and every candidate is
  listed, but no place is chosen.

Every place carries ``disputed``: the disputed territory (Article 140) it lies in
or ``""`` — by its district on ``boundaries/disputed_districts.csv``, else by its
point on the schematic territory polygons (see
:func:`hotspot._territory.disputed_territory`).

Examples
--------
>>> r = resolve("Kerkûk")
>>> r.status, r.place.name, r.place.feature_type
('resolved', 'Kirkuk', 'settlement')
>>> resolve("Kirkuk province").place.feature_type
'governorate'
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from rapidfuzz import fuzz, process
from tqdm.auto import tqdm

from hotspot._geo import EARTH_RADIUS_M, haversine_m
from hotspot._normalize import (
    _FINAL_H,
    COMMON_WORDS,
    HINT_TYPES,
    NameKey,
    name_keys,
    phonetic,
    strip_html,
)
from hotspot._territory import disputed_territory
from hotspot.errors import PlaceNotFoundError
from hotspot.gazetteer import load_gazetteer, validate_gazetteer

__all__ = [
    "AMBIGUITY_MARGIN",
    "EARTH_RADIUS_M",
    "FUZZY_MIN_LENGTH",
    "FUZZY_THRESHOLD",
    "GEOCODE_COLUMNS",
    "HINT_PENALTY",
    "MAX_NAME_LENGTH",
    "SKELETON_MIN_RATIO",
    "STATUSES",
    "Candidate",
    "Geocoder",
    "Place",
    "Resolution",
    "default_geocoder",
    "geocode",
    "resolve",
]

#: Minimum ``rapidfuzz.fuzz.ratio`` (0-100) between core keys for a fuzzy match.
#: At 85 one wrong, missing or extra letter in a name of 7+ letters still
#: matches (``Muqdadiyya``, ``Khanaqn``), while different short names
#: (``Hit`` / ``Hib``, ``Tuz`` / ``Tel``) do not.
FUZZY_THRESHOLD: float = 85.0
#: Names (core keys) shorter than this are never matched fuzzily (``Shay`` is
#: not a typo of ``Hayy``).
FUZZY_MIN_LENGTH: int = 5
#: Minimum ``fuzz.ratio`` between the phonetic forms (:func:`hotspot._normalize.phonetic`)
#: of names that share a skeleton. At 80 the transliteration variants still meet
#: (``Kerkuk``/``Kirkuk`` 83, ``Himreen``/``Hamrin`` 83) but a different name on
#: the same consonants does not (``Kasuli``/``Ghazaliya`` 78).
SKELETON_MIN_RATIO: float = 80.0
#: Points taken off a candidate whose feature type contradicts the query's
#: generic word (``"Hamrin Lake"`` when only a mountain is called Hamrin).
HINT_PENALTY: float = 10.0
#: Fuzzy candidates within this many points of the best are ambiguous with it.
AMBIGUITY_MARGIN: float = 2.0
#: Longer inputs are not place names: status ``"invalid"``.
MAX_NAME_LENGTH: int = 200
#: The statuses of a resolution.
STATUSES: tuple[str, ...] = ("resolved", "ambiguous", "unresolved", "invalid")
#: Columns of :func:`geocode` output, in order (plus ``geometry``).
GEOCODE_COLUMNS: tuple[str, ...] = (
    "query",
    "status",
    "id",
    "name",
    "feature_type",
    "governorate",
    "district",
    "disputed",
    "score",
    "candidates",
)

_ADMIN_SPECIFICITY = {"settlement": 0, "subdistrict": 1, "district": 2, "governorate": 3}
_MIN_SKELETON = 2
_SHORT_SKELETON = 3  # skeletons shorter than this need SHORT_SKELETON_MIN_RATIO
_SHORT_SKELETON_MIN_RATIO = 90.0
_MAX_CANDIDATES = 10
_HAS_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Place:
    """A gazetteer place: position in EPSG:4326 degrees and its admin units."""

    id: str
    name: str
    feature_type: str
    lat: float
    lon: float
    governorate: str
    district: str
    disputed: str


@dataclass(frozen=True)
class Candidate:
    """A place considered for a name, with its match score (0-100)."""

    id: str
    name: str
    feature_type: str
    governorate: str
    district: str
    score: float


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one name.

    ``place`` is the chosen place (None unless ``status == "resolved"``);
    ``candidates`` lists every place considered, best first (the chosen one
    included); ``method`` says which tier matched (``exact``, ``skeleton``,
    ``fuzzy``) or is ``""``; ``note`` explains invalid input or how an
    ambiguity was settled.
    """

    query: object
    status: str
    place: Place | None = None
    score: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    method: str = ""
    note: str = ""

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
            "governorate": p.governorate if p else "",
            "district": p.district if p else "",
            "disputed": p.disputed if p else "",
            "score": self.score,
            "candidates": ";".join(c.id for c in self.candidates),
            "lat": p.lat if p else math.nan,
            "lon": p.lon if p else math.nan,
        }

    def _repr_html_(self) -> str:
        """Show the query, the outcome and the candidates as a small table (Jupyter)."""
        from html import escape

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
            for c in self.candidates
        )
        table = (
            "<table><tr><th>id</th><th>name</th><th>type</th><th>governorate</th>"
            f"<th>score</th></tr>{rows}</table>"
            if rows
            else ""
        )
        return f"<div>{head}{table}</div>"


@dataclass
class _Hit:
    place: int
    score: float
    full: bool
    method: str
    fits: bool = True  # the feature type agrees with the query's generic word (or no hint)
    bare: bool = False  # an alias of the place is the query's core as written ("Hamrin")


@functools.lru_cache(maxsize=200_000)
def _bag(folded: str) -> str:
    """Return the words of a folded name sorted, so "Hamrin Lake" meets "Lake Hamrin"."""
    words = folded.split(" ")
    return folded if len(words) < 2 else " ".join(sorted(words))


@functools.lru_cache(maxsize=200_000)
def _ending(core: str) -> str:
    """``"v"`` if a (folded) key ends in a vowel, ``"c"`` for a consonant, ``"e"`` for e.

    A final ``h`` after a vowel is ignored (``Hawijah`` ends like ``Hawija``).
    """
    last = _FINAL_H.sub("", core)[-1:]
    if last == "e" or not last.isascii():
        return "e"
    return "v" if last in "aiouy" else "c"


def _same_ending(a: str, b: str) -> bool:
    """Whether two skeleton-equal names may be spellings of one name.

    Transliterations agree on whether a name ends in a vowel; an extra final vowel
    is another name (``Sukaru`` is not ``Sukkar``). A final ``e`` (French
    ``Salaheddeine``, Kurdish ``Xaneqîne``) may stand for either.
    """
    return a == b or "e" in (a, b)


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


def _admin_key(name: str) -> str:
    return name_keys(name).core if name else ""


class Geocoder:
    """An immutable name index over a gazetteer.

    Building one validates and indexes the table (about 0.1 s for the bundled
    gazetteer), so build it once per table and pass it as ``gazetteer=`` to
    :func:`resolve`, :func:`geocode` and :func:`hotspot.extract.extract_places`
    rather than passing the DataFrame on every call.

    Parameters
    ----------
    gazetteer : pandas.DataFrame, optional
        A table in the gazetteer schema (:data:`hotspot.gazetteer.COLUMNS`),
        e.g. from :func:`~hotspot.gazetteer.load_gazetteer` with ``extra=``.
        Default: the bundled gazetteer.

    Raises
    ------
    GazetteerError
        If the table breaks the schema.

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
    >>> geocoder.resolve("Tooz Khurmato").method
    'skeleton'
    """

    def __init__(self, gazetteer: pd.DataFrame | None = None) -> None:
        if gazetteer is None:
            frame = load_gazetteer()
        elif isinstance(gazetteer, pd.DataFrame):
            frame = validate_gazetteer(gazetteer, source="gazetteer argument")
        else:
            raise TypeError(
                "gazetteer must be a pandas DataFrame in the gazetteer schema or None, "
                f"got {type(gazetteer).__name__}"
            )
        frame = frame.reset_index(drop=True)
        # indexes derived from this one by other modules (the text extractor), built
        # on first use and freed with the geocoder
        self._cache: dict[str, object] = {}
        self._ids = frame["id"].to_numpy(dtype=object)
        self._names = frame["name"].to_numpy(dtype=object)
        self._types = frame["feature_type"].to_numpy(dtype=object)
        self._lat = frame["lat"].to_numpy(dtype=float)
        self._lon = frame["lon"].to_numpy(dtype=float)
        self._govs = frame["governorate"].to_numpy(dtype=object)
        self._dists = frame["district"].to_numpy(dtype=object)
        self._disputed = disputed_territory(frame)
        self._gov_keys = [_admin_key(g) for g in self._govs]
        self._dist_keys = [_admin_key(d) for d in self._dists]

        # alias entries: (place, folded key as a bag of words, hint); by core and skeleton
        self._by_core: dict[str, list[tuple[int, str, str | None]]] = {}
        self._by_skel: dict[str, set[str]] = {}
        aliases = frame["aliases"].to_numpy(dtype=object)
        for i in range(len(frame)):
            seen: set[str] = set()
            for alias in [self._names[i], *str(aliases[i]).split("|")]:
                alias = alias.strip()
                if not alias or alias in seen:
                    continue
                seen.add(alias)
                keys = name_keys(alias)
                if not keys.core:
                    continue
                self._by_core.setdefault(keys.core, []).append((i, _bag(keys.folded), keys.hint))
                if len(keys.skeleton) >= _MIN_SKELETON:
                    self._by_skel.setdefault(keys.skeleton, set()).add(keys.core)
        cores = list(self._by_core)
        self._first_words = frozenset(core.split(" ", 1)[0] for core in cores)
        # multi-word names that end in a nisba themselves ("Tun Kuwairi")
        self._nisba_cores = frozenset(c for c in cores if self._adjective_of(c) is not None)
        self._first: dict[str, list[str]] = {}
        self._last: dict[str, list[str]] = {}
        for core in cores:
            self._first.setdefault(core[0], []).append(core)
            self._last.setdefault(core[-1], []).append(core)
        # admin keys that within= may name
        admin = set(self._gov_keys) | set(self._dist_keys)
        for core, entries in self._by_core.items():
            if any(self._types[i] in ("governorate", "district") for i, _, _ in entries):
                admin.add(core)
        admin.discard("")
        self._admin_keys = frozenset(admin)

    def __len__(self) -> int:
        return len(self._ids)

    def __repr__(self) -> str:
        return f"<Geocoder: {len(self._ids)} places, {len(self._by_core)} name keys>"

    def _admin_key_of(self, name: str) -> str:
        return _admin_key(name)

    # ------------------------------------------------------------------ matching
    def _place(self, i: int) -> Place:
        return Place(
            id=self._ids[i],
            name=self._names[i],
            feature_type=self._types[i],
            lat=float(self._lat[i]),
            lon=float(self._lon[i]),
            governorate=self._govs[i],
            district=self._dists[i],
            disputed=self._disputed[i],
        )

    def _candidate(self, hit: _Hit) -> Candidate:
        i = hit.place
        return Candidate(
            self._ids[i],
            self._names[i],
            self._types[i],
            self._govs[i],
            self._dists[i],
            round(hit.score, 1),
        )

    def _hits_for(self, keys: NameKey, cores: dict[str, float], method: str) -> dict[int, _Hit]:
        """Turn matched core keys (with their scores) into per-place hits."""
        allowed = HINT_TYPES.get(keys.hint) if keys.hint else None
        hits: dict[int, _Hit] = {}
        query_bag, core_bag = _bag(keys.folded), _bag(keys.core)
        for core, score in cores.items():
            for place, folded, _hint in self._by_core[core]:
                s = score
                fits = allowed is None or self._types[place] in allowed
                full = folded == query_bag
                bare = folded == core_bag
                # A generic word that is part of the place's own name ("Jisr Diyala",
                # the town) is no type hint against it: no penalty for a full match.
                if not fits and not full:
                    s -= HINT_PENALTY
                old = hits.get(place)
                if old is None or (s, full, fits, bare) > (old.score, old.full, old.fits, old.bare):
                    hits[place] = _Hit(place, s, full, method, fits, bare)
        return hits

    def _nisba_stem(self, word: str, head: str = "") -> str | None:
        """Return ``head + stem`` if ``word`` is a nisba (``-i``) of a known key ``head + stem``."""
        if len(word) < 4 or word[-1] not in "iy":
            return None
        for stem in (word[:-1], word[:-1] + "a", word[:-1] + "ah"):
            if head + stem in self._by_core:
                return head + stem
        return None

    def _nisba_of(self, core: str) -> str | None:
        """Return the place key of which a core is the nisba (adjective, family name), or None.

        Arabic and Kurdish make adjectives and family names with a final ``-i``:
        ``Iraqi``, ``Mosuli``, ``Barzani``, ``Basri``. Such a word is not a
        misspelling of the place, so it gets no skeleton or fuzzy match (an exact
        alias, e.g. the town of ``Baghdadi``, still counts).
        """
        words = core.rsplit(" ", 1)
        head = words[0] + " " if len(words) == 2 else ""
        return self._nisba_stem(words[-1], head)

    def _adjective_of(self, core: str) -> str | None:
        """Return the place key of which the last word of a multi-word core is the nisba.

        ``"two iraqi"`` ends in the adjective of ``"iraq"``: a noun phrase about
        Iraqis, not a spelling of ``Tuwairij``. None for one-word cores.
        """
        if " " not in core:
            return None
        return self._nisba_stem(core.rsplit(" ", 1)[1])

    def _exact_or_skeleton(self, keys: NameKey) -> dict[int, _Hit] | None:
        """Exact or skeleton hits; ``{}`` stops the fuzzy tier, None lets it run."""
        core = keys.core
        if core in self._by_core:
            return self._hits_for(keys, {core: 100.0}, "exact")
        if self._nisba_of(core) is not None:
            return {}
        first = core.split(" ", 1)[0]
        if first in COMMON_WORDS and first not in self._first_words:
            return {}  # "Two Iraqi", "First Battalion": never a misspelt name
        # "Two Iraqi": the last word is an adjective; only a gazetteer name that
        # itself ends in a nisba ("Tun Kuwairi") may be a spelling of it
        adjective = self._adjective_of(core) is not None
        if len(keys.skeleton) >= _MIN_SKELETON and keys.skeleton in self._by_skel:
            cores = {}
            sound = phonetic(keys.core)
            minimum = (
                SKELETON_MIN_RATIO
                if len(keys.skeleton) >= _SHORT_SKELETON
                else _SHORT_SKELETON_MIN_RATIO
            )
            ending = _ending(keys.core)
            for other in self._by_skel[keys.skeleton]:
                if adjective and other not in self._nisba_cores:
                    continue
                if not _same_ending(ending, _ending(other)):
                    continue
                ratio = fuzz.ratio(sound, phonetic(other))
                if ratio >= minimum:
                    cores[other] = 80.0 + 0.19 * ratio
            if cores:
                return self._hits_for(keys, cores, "skeleton")
        return {} if adjective else None

    def _fuzzy_many(self, queries: list[str], cutoff: float) -> list[dict[str, float]]:
        """Fuzzy-match core keys against aliases sharing their first or last letter."""
        found: list[dict[str, float]] = [{} for _ in queries]
        for position, blocks in ((0, self._first), (-1, self._last)):
            groups: dict[str, list[int]] = {}
            for qi, q in enumerate(queries):
                if len(q) >= FUZZY_MIN_LENGTH:
                    groups.setdefault(q[position], []).append(qi)
            for letter, members in groups.items():
                choices = blocks.get(letter)
                if not choices:
                    continue
                scores = process.cdist(
                    [queries[qi] for qi in members],
                    choices,
                    scorer=fuzz.ratio,
                    score_cutoff=cutoff,
                    dtype=np.float32,
                    workers=-1 if len(members) * len(choices) > 200_000 else 1,
                )
                rows, cols = np.nonzero(scores)
                for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                    target = found[members[r]]
                    s = float(scores[r, c])
                    if s > target.get(choices[c], 0.0):
                        target[choices[c]] = s
        return found

    def _nested(self, places: list[int], hint: str | None = None) -> int | None:
        """Pick one of ``places`` if they are same-named nested admin units.

        The most specific one, or, when the query's generic word names an admin level
        none of them has ("Amerli district" for the sub-district), the nearest level.
        """
        types = [self._types[i] for i in places]
        if any(t not in _ADMIN_SPECIFICITY for t in types) or len(set(types)) != len(types):
            return None
        govs = {self._gov_keys[i] for i in places}
        if len(govs) != 1:
            return None
        level = _ADMIN_SPECIFICITY.get(hint or "", 0)
        ordered = sorted(
            places,
            key=lambda i: (
                abs(_ADMIN_SPECIFICITY[self._types[i]] - level),
                _ADMIN_SPECIFICITY[self._types[i]],
            ),
        )
        best = ordered[0]
        for i in ordered[1:]:
            if (
                self._types[i] == "district"
                and self._types[best] != "district"
                and self._dist_keys[best]
                and self._dist_keys[best] != self._dist_keys[i]
            ):
                return None
        return best

    def _decide(
        self,
        query: object,
        keys: NameKey,
        hits: dict[int, _Hit],
        threshold: float,
        within: frozenset[str] | None,
        near: tuple[float, float] | None,
    ) -> Resolution:
        ranked = sorted(
            (h for h in hits.values() if h.method != "fuzzy" or h.score >= threshold),
            key=lambda h: (-h.score, not h.full, not h.fits, not h.bare, self._ids[h.place]),
        )
        if not ranked:
            return Resolution(query, "unresolved")
        candidates = tuple(self._candidate(h) for h in ranked[:_MAX_CANDIDATES])
        top = ranked[0]
        margin = AMBIGUITY_MARGIN if top.method == "fuzzy" else 0.0
        tied = [
            h.place
            for h in ranked
            if h.score >= top.score - margin
            and ((h.full, h.fits, h.bare) == (top.full, top.fits, top.bare) or margin)
        ]
        note = ""
        chosen: int | None = None
        if len(tied) == 1:
            chosen = tied[0]
        else:
            chosen = self._nested(tied, keys.hint)
            if chosen is not None:
                note = "nested default: most specific of same-named admin units"
            elif keys.hint is None or keys.hint == "region" or keys.hint in _ADMIN_SPECIFICITY:
                # "Fallujah" is the town, not the barrage or the lake named after it
                admin = [i for i in tied if self._types[i] in _ADMIN_SPECIFICITY]
                if admin and len(admin) < len(tied):
                    chosen = admin[0] if len(admin) == 1 else self._nested(admin, keys.hint)
                    if chosen is not None:
                        note = "admin default: the place itself, not a feature named after it"
        if chosen is None and within:
            inside = [
                i for i in tied if self._gov_keys[i] in within or self._dist_keys[i] in within
            ]
            if len(inside) == 1:
                chosen, note = inside[0], "decided by within="
            elif inside:
                tied = inside
                chosen = self._nested(tied, keys.hint)
        if chosen is None and near is not None:
            idx = np.array(tied)
            dist = haversine_m(near[0], near[1], self._lat[idx], self._lon[idx])
            chosen, note = int(idx[int(np.argmin(dist))]), "decided by near="
        if chosen is None:
            return Resolution(query, "ambiguous", None, top.score, candidates, top.method, note)
        hit = hits[chosen]
        others = tuple(c for c in candidates if c.id != self._ids[chosen])
        candidates = (self._candidate(hit), *others[: _MAX_CANDIDATES - 1])
        return Resolution(
            query,
            "resolved",
            self._place(chosen),
            round(hit.score, 1),
            candidates,
            hit.method,
            note,
        )

    # --------------------------------------------------------------- hints
    def _within_keys(self, within: str | None) -> frozenset[str] | None:
        if within is None:
            return None
        if not isinstance(within, str):
            raise TypeError(
                f"within must be a governorate or district name (str), got "
                f"{type(within).__name__} {within!r}"
            )
        if not within.strip():
            raise ValueError(
                f"within={within!r} is empty; give a governorate or district name "
                "(e.g. 'Kirkuk'), or None"
            )
        keys = name_keys(within)
        accepted = {keys.core} if keys.core in self._admin_keys else set()
        # aliases of admin places (Saladin -> Salahaddin, At-Ta'mim -> Kirkuk)
        hits = self._exact_or_skeleton(keys) or {}
        for i in hits:
            if self._types[i] in ("governorate", "district"):
                accepted.add(_admin_key(self._names[i]))
        if not accepted:
            raise PlaceNotFoundError(
                f"within={within!r} names no governorate or district in the gazetteer; "
                "give a governorate (e.g. 'Kirkuk') or district name"
            )
        return frozenset(accepted)

    def _near_point(self, near: object) -> tuple[float, float] | None:
        if near is None:
            return None
        if isinstance(near, str):
            res = self.resolve(near)
            if res.place is None:
                raise PlaceNotFoundError(
                    f"near={near!r} does not resolve to one place ({res.status}); "
                    "give a (lat, lon) pair or a resolvable place name"
                )
            return res.place.lat, res.place.lon
        try:
            lat, lon = (float(v) for v in near)  # type: ignore[union-attr]
        except (TypeError, ValueError):
            raise TypeError(
                f"near must be a (lat, lon) pair of numbers or a place name, got {near!r}"
            ) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"near=({lat}, {lon}) is not a (lat, lon) pair in degrees")
        return lat, lon

    # --------------------------------------------------------------- public
    def _clean(self, value: object) -> tuple[NameKey | None, str]:
        """Keys of a raw value, or None and the reason it is invalid."""
        if not isinstance(value, str):
            shown = repr(value)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            return None, f"not a string: got {type(value).__name__} {shown}"
        if len(value) > MAX_NAME_LENGTH:
            return None, f"longer than {MAX_NAME_LENGTH} characters"
        text = strip_html(value).strip()
        if not _HAS_LETTER.search(text):
            return None, "no letters"
        keys = name_keys(text)
        if not keys.core:
            return None, "no name left after normalisation"
        return keys, ""

    def _resolve_many(
        self,
        values: Sequence[object],
        *,
        within: str | None,
        near: object,
        threshold: float,
        progress: bool = False,
    ) -> list[Resolution]:
        threshold = _check_threshold(threshold)
        within_keys = self._within_keys(within)
        near_point = self._near_point(near)
        out: list[Resolution | None] = [None] * len(values)
        pending: list[tuple[int, NameKey]] = []
        for n, value in enumerate(tqdm(values, disable=not progress, desc="geocoding")):
            keys, why = self._clean(value)
            if keys is None:
                out[n] = Resolution(value, "invalid", note=why)
                continue
            hits = self._exact_or_skeleton(keys)
            if hits is None:
                pending.append((n, keys))
            else:
                out[n] = self._decide(value, keys, hits, threshold, within_keys, near_point)
        if pending:
            fuzzy = self._fuzzy_many([k.core for _, k in pending], threshold)
            for (n, keys), cores in zip(pending, fuzzy, strict=True):
                hits = self._hits_for(keys, cores, "fuzzy") if cores else {}
                out[n] = self._decide(values[n], keys, hits, threshold, within_keys, near_point)
        return out  # type: ignore[return-value]

    def resolve(
        self,
        name: object,
        *,
        within: str | None = None,
        near: tuple[float, float] | str | None = None,
        threshold: float = FUZZY_THRESHOLD,
    ) -> Resolution:
        """Resolve one name; see :func:`resolve`."""
        return self._resolve_many([name], within=within, near=near, threshold=threshold)[0]

    def geocode(
        self,
        names: Iterable[object],
        *,
        within: str | None = None,
        near: tuple[float, float] | str | None = None,
        threshold: float = FUZZY_THRESHOLD,
        progress: bool = False,
    ) -> gpd.GeoDataFrame:
        """Resolve many names; see :func:`geocode`."""
        index, values = _as_values(names)
        codes, uniques = _factorize(values)
        results = self._resolve_many(
            uniques, within=within, near=near, threshold=threshold, progress=progress
        )
        results.append(Resolution(None, "invalid", note="missing value"))
        codes = np.where(codes < 0, len(uniques), codes)
        rows = [r.to_dict() for r in results]
        columns: dict[str, object] = {
            "query": [
                v if isinstance(v, str) or v is None else (None if _is_missing(v) else str(v))
                for v in values
            ]
        }
        for column in GEOCODE_COLUMNS[1:]:
            columns[column] = np.array([row[column] for row in rows], dtype=object)[codes]
        # one (immutable) Point per distinct name, shared by its rows
        lat = np.array([row["lat"] for row in rows], dtype=float)
        lon = np.array([row["lon"] for row in rows], dtype=float)
        return _result_frame(columns, _points(lat, lon)[codes], index)


def _factorize(values: list[object]) -> tuple[np.ndarray, list[object]]:
    """Codes (-1 for missing) and distinct values; unhashable values each stay distinct."""
    try:
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
        return codes, list(uniques)
    except TypeError:  # a list or dict among the names: it becomes an "invalid" row
        pass
    lookup: dict[object, int] = {}
    uniques = []
    codes = np.empty(len(values), dtype=np.intp)
    for n, value in enumerate(values):
        try:
            hash(value)
        except TypeError:
            codes[n] = len(uniques)
            uniques.append(value)
            continue
        if _is_missing(value):
            codes[n] = -1
            continue
        code = lookup.get(value)
        if code is None:
            code = lookup[value] = len(uniques)
            uniques.append(value)
        codes[n] = code
    return codes, uniques


#: dtypes of the columns of :func:`geocode` and :func:`hotspot.extract.extract_places`
#: output; every other column is text ("str", "" when missing).
_COLUMN_DTYPES: dict[str, str] = {
    "query": "object",  # the names as given; None for a missing one
    "start": "int64",
    "end": "int64",
    "score": "float64",
}


def _points(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Return an object array of shapely Points (lon/lat), None where lat is NaN."""
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    has_point = ~np.isnan(lat)
    points = np.full(len(lat), None, dtype=object)
    points[has_point] = shapely.points(lon[has_point], lat[has_point])
    return points


def _result_frame(
    columns: dict[str, object], geometry: np.ndarray, index: pd.Index | None = None
) -> gpd.GeoDataFrame:
    """Build a result GeoDataFrame (EPSG:4326) with the same dtypes whether empty or not.

    ``columns`` maps column names to equal-length sequences in row order;
    ``geometry`` holds a Point or None per row. Text columns get the ``str``
    dtype, ``score`` float64, ``start``/``end`` int64, ``query`` object.
    Shared by :func:`geocode` and :func:`hotspot.extract.extract_places`, so
    that results concatenate without turning columns into ``object``.
    """
    if index is None:
        index = pd.RangeIndex(len(geometry))
    data: dict[str, object] = {}
    for name, values in columns.items():
        dtype = _COLUMN_DTYPES.get(name, "str")
        if dtype == "str":
            data[name] = pd.array(np.asarray(values, dtype=object), dtype="str")
        elif dtype == "object":  # a plain array would be inferred as "str"
            data[name] = pd.Series(np.asarray(values, dtype=object), index=index, dtype=object)
        else:
            data[name] = np.asarray(values, dtype=dtype)
    data["geometry"] = gpd.array.from_shapely(geometry, crs="EPSG:4326")
    frame = pd.DataFrame(data, index=index, copy=False)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def _is_missing(value: object) -> bool:
    if not pd.api.types.is_scalar(value):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_values(names: object) -> tuple[pd.Index, list[object]]:
    if isinstance(names, (str, bytes)):
        raise TypeError(
            f"names must be a list, array or Series of names, got a single "
            f"{type(names).__name__} ({names!r:.40}); use resolve() for one name or wrap it "
            "in a list"
        )
    if isinstance(names, pd.DataFrame):
        raise TypeError(
            "names must be one column (a Series), got a DataFrame with columns "
            f"{list(names.columns)}; pass e.g. frame['location']"
        )
    if isinstance(names, pd.Series):
        return names.index, names.tolist()
    if isinstance(names, (pd.Index, np.ndarray)):
        values = list(np.asarray(names, dtype=object).ravel())
        return pd.RangeIndex(len(values)), values
    if isinstance(names, (list, tuple)):
        return pd.RangeIndex(len(names)), list(names)
    if isinstance(names, (dict, set, frozenset)) or not isinstance(names, Iterable):
        raise TypeError(
            f"names must be a list, tuple, array or Series of names, got {type(names).__name__}"
        )
    values = list(names)
    return pd.RangeIndex(len(values)), values


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


def _geocoder(gazetteer: pd.DataFrame | Geocoder | None) -> Geocoder:
    if gazetteer is None:
        return default_geocoder()
    if isinstance(gazetteer, Geocoder):
        return gazetteer
    return Geocoder(gazetteer)


def resolve(
    name: object,
    *,
    within: str | None = None,
    near: tuple[float, float] | str | None = None,
    gazetteer: pd.DataFrame | Geocoder | None = None,
    threshold: float = FUZZY_THRESHOLD,
) -> Resolution:
    """Resolve one place name to a gazetteer place.

    Parameters
    ----------
    name : str
        A place name in any spelling; generic words (``"Wadi"``,
        ``"district"``) act as feature-type hints. Anything else (None, a
        number, an empty or over-long string) gives status ``"invalid"``.
    within : str, optional
        A governorate or district (any spelling) that settles an ambiguity.
    near : (float, float) or str, optional
        A ``(lat, lon)`` pair in degrees or a place name; among ambiguous
        candidates the nearest (great-circle) wins.
    gazetteer : pandas.DataFrame or Geocoder, optional
        The gazetteer to search; default the bundled one. A DataFrame is
        validated and indexed again on every call (about 0.1 s); for
        repeated calls build ``Geocoder(table)`` once and pass the
        :class:`Geocoder`.
    threshold : float, default FUZZY_THRESHOLD
        Minimum fuzzy score to accept a misspelt name, on the 0-100 scale
        (``85``, not ``0.85``).

    Returns
    -------
    Resolution
        ``status`` one of :data:`STATUSES`, the chosen ``place`` (resolved
        only), ``score`` and all ``candidates``.

    Raises
    ------
    PlaceNotFoundError
        If ``within`` names no governorate or district, or ``near`` is a name
        that does not resolve.
    TypeError
        If ``within``, ``near`` or ``threshold`` has the wrong type.
    ValueError
        If ``threshold`` is not a score in 0-100 (a fraction such as 0.85 is
        refused), ``within`` is empty or ``near`` is out of range.

    Examples
    --------
    >>> resolve("Kirkuk").place.feature_type
    'settlement'
    >>> sorted({c.feature_type for c in resolve("Kirkuk").alternatives})
    ['district', 'governorate']
    >>> resolve("Kirkuk district").place.feature_type
    'district'
    >>> resolve("").status, resolve(None).status
    ('invalid', 'invalid')
    """
    return _geocoder(gazetteer).resolve(name, within=within, near=near, threshold=threshold)


def geocode(
    names: Iterable[object],
    *,
    within: str | None = None,
    near: tuple[float, float] | str | None = None,
    gazetteer: pd.DataFrame | Geocoder | None = None,
    threshold: float = FUZZY_THRESHOLD,
    progress: bool = False,
) -> gpd.GeoDataFrame:
    """Geocode many place names into points (EPSG:4326), one row per name.

    Each distinct name is resolved once; rows keep the input's index and
    order, and nothing is dropped: unresolved, ambiguous and invalid names
    (None, numbers, lists …) keep their row with an empty geometry (None), a
    ``status`` and no place.

    Parameters
    ----------
    names : list, tuple, numpy.ndarray or pandas.Series
        The names; a Series keeps its index (e.g. a DataFrame column).
    within, near, gazetteer, threshold
        As for :func:`resolve`, applied to every name.
    progress : bool, default False
        Show a tqdm progress bar over the distinct names.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`GEOCODE_COLUMNS` and ``geometry`` (Point or None), CRS
        EPSG:4326, same index as ``names``. ``candidates`` holds the
        candidate ids joined by ``";"``; ``disputed`` the territory or ``""``.

    Raises
    ------
    TypeError
        If ``names`` is a single string, a dict, a set or a DataFrame.
    ValueError
        If ``threshold`` or ``within`` is out of range (see :func:`resolve`).

    Examples
    --------
    >>> import pandas as pd
    >>> out = geocode(pd.Series(["Kerkuk", "Nowhere-ville", None], index=[7, 3, 5]))
    >>> out[["name", "status"]].values.tolist()
    [['Kirkuk', 'resolved'], ['', 'unresolved'], ['', 'invalid']]
    >>> out.crs.to_epsg(), list(out.index)
    (4326, [7, 3, 5])
    """
    return _geocoder(gazetteer).geocode(
        names, within=within, near=near, threshold=threshold, progress=progress
    )
