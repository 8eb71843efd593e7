"""The name index a geocoder builds over a gazetteer, and the searches it answers.

A :class:`NameIndex` holds, for a validated gazetteer table, the place columns
as arrays (row ``i`` of the table is place ``i``) and every name and alias of a
place under its keys (:func:`hotspot._normalize.name_keys`):

``by_core``
    core key → alias entries ``(place, folded words sorted, hint)``;
``by_skeleton``
    phonetic skeleton → the core keys that have it;

plus blocking tables for the fuzzy search and a few derived sets. It answers
three searches, strictest first, each returning *hits* (:class:`Hit`, one per
place, with the match score): :meth:`NameIndex.exact_or_skeleton` and
:meth:`NameIndex.fuzzy` (then :meth:`NameIndex.hits_for`). Choosing among the
hits is the resolver's job (:mod:`hotspot.geocoding.resolver`).

A skeleton or fuzzy hit carries its *evidence* (``Hit.agrees``): whether the two
spellings may be one name beyond sharing a skeleton or most letters. For a
skeleton match the consonants must pair up and the vowels sit in the same
places (:func:`hotspot._normalize.spelling_agrees`: ``Samra`` is not ``Samarra``,
``Jasimiyah`` not ``Kazimiyah``); for a fuzzy match the names must start alike
and differ by one typing slip (a transposition, a doubled letter, a vowel for a
vowel, a neighbouring key; two slips in a name of more than eight letters):
``Samra`` is not ``Samara``. Both must have the ``-iyah`` ending or
neither. In both, the
names must still be close once the affixes they share are set aside
(``Tall``, ``Abu``, ``-iyah`` …: ``Faşīlīyah`` is not ``Fayşalīyah``). Hits
without evidence are only suggestions.

The index only reads the table; it knows nothing of geography beyond the
``disputed`` column and the admin ``units`` it is given.

Examples
--------
>>> import pandas as pd
>>> from hotspot._normalize import name_keys
>>> table = pd.DataFrame({"id": ["set-tuz"], "name": ["Tuz Khurmatu"],
...     "feature_type": ["settlement"], "lat": [34.88], "lon": [44.63],
...     "governorate": ["Salahaddin"], "district": ["Tuz Khurmatu"], "aliases": ["Tooz"]})
>>> index = NameIndex(table, disputed=[""])
>>> sorted(index.by_core)
['tooz', 'tuz khurmatu']
>>> hits = index.exact_or_skeleton(name_keys("Tuz Khurmato"))
>>> [(h.place, h.method) for h in hits.values()]
[(0, 'skeleton')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from hotspot._normalize import (
    COMMON_WORDS,
    HINT_TYPES,
    LETTER_GROUPS,
    TOWN_TYPES,
    NameKey,
    ending,
    name_keys,
    name_suffix,
    phonetic,
    same_consonants,
    spelling_agrees,
    strip_shared_affixes,
    vowels_agree,
)

__all__ = [
    "FUZZY_MIN_LENGTH",
    "SHORT_NAME",
    "Hit",
    "NameIndex",
    "admin_key",
    "is_acronym",
    "is_weak",
    "written_as_acronym",
]

#: Names (core keys) shorter than this are never matched fuzzily (``Shay`` is
#: not a typo of ``Hayy``).
FUZZY_MIN_LENGTH: int = 5
#: Minimum ``fuzz.ratio`` between the phonetic forms (:func:`hotspot._normalize.phonetic`)
#: of names that share a skeleton. At 80 the transliteration variants still meet
#: (``Kerkuk``/``Kirkuk`` 83, ``Himreen``/``Hamrin`` 83) but a different name on
#: the same consonants does not (``Kasuli``/``Ghazaliya`` 78).
_SKELETON_MIN_RATIO: float = 80.0
#: Skeletons shorter than this need :data:`_SHORT_SKELETON_MIN_RATIO`.
_SHORT_SKELETON = 3
_SHORT_SKELETON_MIN_RATIO = 90.0
#: Shorter skeletons are not indexed (too many names share them).
_MIN_SKELETON = 2
#: Points taken off a candidate whose feature type contradicts the query's
#: generic word (``"Hamrin Lake"`` when only a mountain is called Hamrin).
_HINT_PENALTY: float = 10.0
#: Minimum ``fuzz.ratio`` between the phonetic forms of two skeleton-equal names
#: once the affixes they share are set aside (``fasil`` / ``faysal`` 73).
_STEM_MIN_RATIO: float = 80.0
#: Edits a fuzzy match may differ by: one, two in a name longer than this.
_FUZZY_LONG = 8
#: Names of at most this many letters are short: many names share their skeleton,
#: and a foreign or invented name meets one by chance (``Kara`` / ``Gara``,
#: ``Kolar`` / ``Kalar``); longer names that share a skeleton and agree in spelling
#: rarely are (``Al-Miqdadiyah`` is ``Muqdadiya``).
SHORT_NAME: int = 7


@dataclass
class Hit:
    """One place matched by a name: the place's row, its score and how it matched.

    ``full``: an alias of the place equals the query with its generic words
    (``"Diyala River"``); ``fits``: the place's feature type agrees with the
    query's generic word, or there is none; ``bare``: an alias of the place is
    the query's core as written (``"Hamrin"``). ``method`` is ``"exact"``
    (the place's name), ``"alias"`` (one of its aliases), ``"skeleton"`` or
    ``"fuzzy"``; ``agrees``: a skeleton or fuzzy match has the evidence of the
    module docstring (always True for exact and alias matches); ``key``: the
    core key matched; ``acronym``: only an acronym alias of the place matched
    (``DIBs``), which counts for a query written as an acronym alone; ``weak``:
    a skeleton or fuzzy match with less evidence (:func:`is_weak`), an answer
    only where a hint or the text's context admits the place; ``worded``: the
    place is matched only by aliases (not its name) written with a generic word
    (``Brooklyn Bridge``).
    """

    place: int
    score: float
    full: bool
    method: str
    fits: bool = True
    bare: bool = False
    agrees: bool = True
    key: str = ""
    acronym: bool = False
    weak: bool = False
    worded: bool = False

    @property
    def loose(self) -> bool:
        """Whether the hit is a skeleton or fuzzy match (not a name or alias as written)."""
        return self.method in ("skeleton", "fuzzy")


@functools.lru_cache(maxsize=200_000)
def _bag(folded: str) -> str:
    """Return the words of a folded name sorted, so "Hamrin Lake" meets "Lake Hamrin"."""
    words = folded.split(" ")
    return folded if len(words) < 2 else " ".join(sorted(words))


def _same_ending(a: str, b: str) -> bool:
    """Whether two skeleton-equal names may be spellings of one name.

    Transliterations agree on whether a name ends in a vowel; an extra final vowel
    is another name (``Sukaru`` is not ``Sukkar``). A final ``e`` (French
    ``Salaheddeine``, Kurdish ``Xaneqîne``) may stand for either.
    """
    return a == b or "e" in (a, b)


#: The rows of a QWERTY keyboard and their offsets, for the typo model.
_KEYBOARD = (("qwertyuiop", 0.0), ("asdfghjkl", 0.25), ("zxcvbnm", 0.75))
_VOWELS = frozenset("aeiou")
#: Letters that Arabic and Kurdish names write or leave out (و and ي as vowels).
_WEAK = frozenset("wy")


def _keyboard_neighbours() -> dict[str, frozenset[str]]:
    keys = {
        ch: (r, c + offset) for r, (row, offset) in enumerate(_KEYBOARD) for c, ch in enumerate(row)
    }
    return {
        a: frozenset(
            b
            for b, (rb, xb) in keys.items()
            if b != a and abs(rb - ra) <= 1 and abs(xb - xa) < (1.01 if rb == ra else 0.9)
        )
        for a, (ra, xa) in keys.items()
    }


_NEIGHBOURS = _keyboard_neighbours()


def _slip(query: str, core: str, op: object) -> bool:
    """Whether one edit (a Levenshtein edit operation) is a plausible slip."""
    if op.tag == "replace":  # type: ignore[attr-defined]
        a, b = query[op.src_pos], core[op.dest_pos]  # type: ignore[attr-defined]
        return (
            (a in _VOWELS and b in _VOWELS)
            or b in _NEIGHBOURS.get(a, ())
            or bool(LETTER_GROUPS.get(a, frozenset()) & LETTER_GROUPS.get(b, frozenset()))
        )
    if op.tag == "insert":  # type: ignore[attr-defined]
        longer, pos = core, op.dest_pos  # type: ignore[attr-defined]
    else:
        longer, pos = query, op.src_pos  # type: ignore[attr-defined]
    if longer[pos] in _WEAK:
        return True  # a weak letter, written or not: "Haija" / "Hawija", "Diala" / "Diyala"
    return longer[pos - 1 : pos] == longer[pos] or longer[pos + 1 : pos + 2] == longer[pos]


def _typo(query: str, core: str, edits: int = 1) -> bool:
    """Whether a name differs from another by at most ``edits`` typing slips.

    A slip is a transposition, a doubled or undoubled letter, a ``w`` or ``y``
    written or left out (``Haija``), a vowel for a vowel, or a letter for a
    neighbouring key or one that may spell the same sound (``Khanaqim``, ``Bakad
    Ruz``); not another dropped or added letter (``Samra`` is not ``Samara``,
    ``Tamiya`` not ``Tarmiya``), nor a random letter for another.
    """
    ops = Levenshtein.editops(query, core)
    if 0 < len(ops) <= edits and all(_slip(query, core, op) for op in ops):
        return True
    return OSA.distance(query, core) == 1 and len(ops) == 2  # a transposition


@functools.lru_cache(maxsize=200_000)
def _agrees(query: str, core: str, method: str) -> bool:
    """Whether a skeleton or fuzzy match of two core keys has the evidence of one name.

    See the module docstring: spelling agreement (skeleton) or one typing slip
    (two edits in a long name) and the same first letter (fuzzy); the same
    ``-iyah`` ending or none; closeness beyond the affixes both share.
    """
    if name_suffix(query) != name_suffix(core):
        return False  # "Khasibiya" is not "Kasibah", "Ramadiyah" not "Ramadi"
    if method == "skeleton":
        if not spelling_agrees(query, core):
            return False
    elif query[:1] != core[:1] or not _typo(query, core, 2 if len(query) > _FUZZY_LONG else 1):
        return False
    a, b = strip_shared_affixes(query, core)
    if (a, b) == (query, core):
        return True
    if not (a and b):
        return False
    return fuzz.ratio(phonetic(a), phonetic(b)) >= _STEM_MIN_RATIO


@functools.lru_cache(maxsize=200_000)
def is_weak(query: str, core: str, method: str) -> bool:
    """Whether a skeleton match of two core keys has only weak evidence.

    A short name (at most :data:`SHORT_NAME` letters) whose consonant letters
    differ (``Kara`` / ``Gara``; ``Dakuk`` / ``Daquq`` is one letter, ق, spelt two
    ways: :func:`~hotspot._normalize.same_consonants`) or whose vowels differ in
    quality (``Kolar`` / ``Kalar``: :func:`~hotspot._normalize.vowels_agree`).
    Foreign and invented names meet the gazetteer's keys so by chance (one in
    fifty did); the resolver takes such a match only where a hint admits the
    place. A fuzzy match is a typing slip of a name of five letters or more,
    with evidence of its own.

    Examples
    --------
    >>> is_weak("kara", "gara", "skeleton"), is_weak("kolar", "kalar", "skeleton")
    (True, True)
    >>> is_weak("tooz", "tuz", "skeleton"), is_weak("dakuk", "daquq", "skeleton")
    (False, False)
    >>> is_weak("miqdadiyah", "muqdadiya", "skeleton")
    False
    """
    if method != "skeleton":
        return False
    letters = min(len(query.replace(" ", "")), len(core.replace(" ", "")))
    return letters <= SHORT_NAME and not (
        same_consonants(query, core) and vowels_agree(query, core)
    )


_ACRONYM = re.compile(r"[A-Z]{2,}[a-z]?")


def is_acronym(name: str) -> bool:
    """Whether a name is an acronym: capitals, perhaps with a plural ``s`` (``DIBs``, ``KRG``).

    An acronym alias matches only a query written as an acronym: ``DIBs`` (the
    disputed internal boundaries) is not the town of ``Dibs``.

    Examples
    --------
    >>> is_acronym("DIBs"), is_acronym("KRG"), is_acronym("Dibs"), is_acronym("Kirkuk")
    (True, True, False, False)
    """
    return _ACRONYM.fullmatch(name.strip()) is not None


_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def written_as_acronym(text: str) -> bool:
    """Whether a query is written with an acronym in it (``"the DIBs"``): see :func:`is_acronym`.

    Examples
    --------
    >>> written_as_acronym("the DIBs"), written_as_acronym("Dibs town")
    (True, False)
    """
    return any(is_acronym(word) for word in _WORDS.findall(text))


def admin_key(name: str) -> str:
    """Return the key under which an admin unit's name is compared (its core key).

    Parameters
    ----------
    name : str
        A governorate or district name; may be empty.

    Returns
    -------
    str
        The core key, ``""`` for an empty name.

    Examples
    --------
    >>> admin_key("Salah ad-Din"), admin_key("")
    ('salah din', '')
    """
    return name_keys(name).core if name else ""


class NameIndex:
    """Place columns and name tables of one gazetteer (package-internal interface).

    Parameters
    ----------
    table : pandas.DataFrame
        A validated gazetteer (:func:`hotspot.gazetteer.validate_gazetteer`);
        ``lat``/``lon`` in EPSG:4326 degrees. Place ``i`` is row ``i``.
    disputed : sequence of str
        The disputed territory of each row, ``""`` for none.
    units : sequence of tuple of str, optional
        The admin units (p-codes) of each row; none when omitted.
    attribution : dict, optional
        Per row ``governorate``, ``district``, ``subdistrict`` and their
        ``*_pcode`` (:func:`hotspot.geocoding._units.attribute`, the one
        placement rule); default the table's own ``governorate`` and
        ``district`` columns.

    Attributes
    ----------
    ids, names, governorates, districts, disputed : numpy.ndarray
        Place columns (object dtype), aligned with the table's rows.
    feature_types : numpy.ndarray
        Each place's ``feature_type``, as the table writes it.
    types : numpy.ndarray
        The kind the resolver's rules see: the feature type, with a quarter
        (``neighbourhood``) a ``settlement`` (:data:`~hotspot._normalize.TOWN_TYPES`);
        only the type words tell them apart (``fits``).
    attribution : dict of str to numpy.ndarray
        The admin units of each place (names and p-codes, ``""`` for none).
    position : dict
        Place id → row.
    lat, lon : numpy.ndarray
        Place positions in degrees (float).
    precision_km : numpy.ndarray
        How exact each position is (km; NaN when the table has no such column).
    governorate_keys, district_keys : list of str
        Each place's governorate and district p-code, or the :func:`admin_key` of
        its name without attribution.
    by_core : dict
        Core key → list of alias entries ``(place, sorted folded words, hint,
        is_name, is_acronym)``; ``is_name`` marks the place's own name,
        ``is_acronym`` an acronym alias (:func:`is_acronym`). Read only.
    by_skeleton : dict
        Skeleton → set of core keys. Read only.
    first_words : frozenset of str
        First words of every core key.
    bare_cores : frozenset of str
        Core keys that some alias is as written, not only with a generic word
        (``"hamrin"`` of ``Hamrin Mountains`` and ``Jabal Hamrin`` when an
        alias is just ``Hamrin``).
    max_words : int
        Words in the longest core key.
    units : list of tuple of str
        The admin units (OCHA p-codes) of each place
        (:func:`hotspot.geocoding._units.place_units`); empty tuples when not given.
    """

    def __init__(
        self,
        table: pd.DataFrame,
        disputed: Sequence[str],
        units: Sequence[tuple[str, ...]] | None = None,
        attribution: dict[str, np.ndarray] | None = None,
    ) -> None:
        self.ids = table["id"].to_numpy(dtype=object)
        self.position: dict[str, int] = {pid: i for i, pid in enumerate(self.ids.tolist())}
        self.names = table["name"].to_numpy(dtype=object)
        self.feature_types = table["feature_type"].to_numpy(dtype=object)
        self.types = np.array(
            ["settlement" if t in TOWN_TYPES else t for t in self.feature_types], dtype=object
        )
        self.lat = table["lat"].to_numpy(dtype=float)
        self.lon = table["lon"].to_numpy(dtype=float)
        self.precision_km = (
            table["precision_km"].to_numpy(dtype=float)
            if "precision_km" in table
            else np.full(len(table), np.nan)
        )
        if attribution is None:  # the table's own columns
            blank = np.full(len(table), "", dtype=object)
            attribution = {
                "governorate": table["governorate"].to_numpy(dtype=object),
                "district": table["district"].to_numpy(dtype=object),
                "subdistrict": blank,
                "governorate_pcode": blank,
                "district_pcode": blank,
                "subdistrict_pcode": blank,
            }
        self.attribution = {k: np.asarray(v, dtype=object) for k, v in attribution.items()}
        self.governorates = self.attribution["governorate"]
        self.districts = self.attribution["district"]
        self.disputed = np.asarray(disputed, dtype=object)
        if len(self.disputed) != len(self.ids):
            raise ValueError(f"disputed has {len(self.disputed)} values for {len(self.ids)} rows")
        self.units: list[tuple[str, ...]] = (
            [() for _ in self.ids] if units is None else [tuple(u) for u in units]
        )
        if len(self.units) != len(self.ids):
            raise ValueError(f"units has {len(self.units)} values for {len(self.ids)} rows")
        # what "the same governorate / district" means: the unit, else the name
        self.governorate_keys = [
            p or admin_key(g)
            for p, g in zip(self.attribution["governorate_pcode"], self.governorates, strict=True)
        ]
        self.district_keys = [
            p or admin_key(d)
            for p, d in zip(self.attribution["district_pcode"], self.districts, strict=True)
        ]

        self.by_core: dict[str, list[tuple[int, str, str | None, bool]]] = {}
        self.by_skeleton: dict[str, set[str]] = {}
        aliases = table["aliases"].to_numpy(dtype=object)
        for i in range(len(self.ids)):
            seen: set[str] = set()
            for n, alias in enumerate([self.names[i], *str(aliases[i]).split("|")]):
                alias = alias.strip()
                if not alias or alias in seen:
                    continue
                seen.add(alias)
                keys = name_keys(alias)
                if not keys.core:
                    continue
                entry = (i, _bag(keys.folded), keys.hint, n == 0, is_acronym(alias))
                self.by_core.setdefault(keys.core, []).append(entry)
                if len(keys.skeleton) >= _MIN_SKELETON:
                    self.by_skeleton.setdefault(keys.skeleton, set()).add(keys.core)
        cores = list(self.by_core)
        self.first_words = frozenset(core.split(" ", 1)[0] for core in cores)
        self.bare_cores = frozenset(
            core
            for core, entries in self.by_core.items()
            if any(entry[1] == _bag(core) and not entry[4] for entry in entries)
        )
        self.max_words = max((core.count(" ") + 1 for core in cores), default=1)
        # multi-word names that end in a nisba themselves ("Tun Kuwairi")
        self._nisba_cores = frozenset(c for c in cores if self._adjective_of(c) is not None)
        # fuzzy blocking: cores by first and by last letter
        self._first: dict[str, list[str]] = {}
        self._last: dict[str, list[str]] = {}
        for core in cores:
            self._first.setdefault(core[0], []).append(core)
            self._last.setdefault(core[-1], []).append(core)

    def __len__(self) -> int:
        return len(self.ids)

    # ------------------------------------------------------------------ hits
    def hits_for(self, keys: NameKey, cores: dict[str, float], method: str) -> dict[int, Hit]:
        """Turn matched core keys (with their scores) into one hit per place.

        Parameters
        ----------
        keys : NameKey
            The query's keys; its hint penalises places of another type.
        cores : dict
            Matched core key → score (0-100).
        method : str
            ``"exact"``, ``"skeleton"`` or ``"fuzzy"``; an exact hit on an
            alias rather than the place's name gets the method ``"alias"``.

        Returns
        -------
        dict
            Place → :class:`Hit` (its best entry).
        """
        allowed = HINT_TYPES.get(keys.hint) if keys.hint else None
        hits: dict[int, Hit] = {}
        query_bag, core_bag = _bag(keys.folded), _bag(keys.core)
        plain: set[int] = set()  # places matched by their name or an alias without a word
        for core, score in cores.items():
            agrees = method == "exact" or _agrees(keys.core, core, method)
            weak = is_weak(keys.core, core, method)
            for place, folded, _hint, is_name, acronym in self.by_core[core]:
                s = score
                fits = allowed is None or self.feature_types[place] in allowed
                full = folded == query_bag
                bare = folded == core_bag
                # A generic word that is part of the place's own name ("Jisr Diyala",
                # the town) is no type hint against it: no penalty for a full match.
                if not fits and not full:
                    s -= _HINT_PENALTY
                how = ("exact" if is_name else "alias") if method == "exact" else method
                worded = _hint is not None and not is_name
                if not worded:
                    plain.add(place)
                old = hits.get(place)
                rank = (
                    agrees, not weak, not acronym, s, full, fits, bare, how == "exact", not worded
                )  # fmt: skip
                if old is None or rank > (
                    old.agrees,
                    not old.weak,
                    not old.acronym,
                    old.score,
                    old.full,
                    old.fits,
                    old.bare,
                    old.method == "exact",
                    not old.worded,
                ):
                    hits[place] = Hit(
                        place, s, full, how, fits, bare, agrees, core, acronym, weak, worded
                    )
        for place in plain & hits.keys():
            if hits[place].worded:  # "HTC" as well as "HTC camp"
                hits[place] = replace(hits[place], worded=False)
        return hits

    def _nisba_stem(self, word: str, head: str = "") -> str | None:
        """Return ``head + stem`` if ``word`` is a nisba (``-i``) of a known key ``head + stem``."""
        if len(word) < 4 or word[-1] not in "iy":
            return None
        for stem in (word[:-1], word[:-1] + "a", word[:-1] + "ah"):
            if head + stem in self.by_core:
                return head + stem
        return None

    def nisba_of(self, core: str) -> str | None:
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

    def exact_or_skeleton(self, keys: NameKey) -> dict[int, Hit] | None:
        """Return the exact or skeleton hits of a name.

        Parameters
        ----------
        keys : NameKey
            The query's keys.

        Returns
        -------
        dict or None
            Place → :class:`Hit`; ``{}`` when the name must not be matched
            fuzzily either (a nisba, a phrase starting with a common English
            word), None when the fuzzy search may run.
        """
        core = keys.core
        if core in self.by_core:
            return self.hits_for(keys, {core: 100.0}, "exact")
        if self.nisba_of(core) is not None:
            return {}
        first = core.split(" ", 1)[0]
        if first in COMMON_WORDS and first not in self.first_words:
            return {}  # "Two Iraqi", "First Battalion": never a misspelt name
        # "Two Iraqi": the last word is an adjective; only a gazetteer name that
        # itself ends in a nisba ("Tun Kuwairi") may be a spelling of it
        adjective = self._adjective_of(core) is not None
        cores = self._skeleton_cores(keys, adjective)
        if cores:
            return self.hits_for(keys, cores, "skeleton")
        return {} if adjective else None

    def skeleton_hits(self, keys: NameKey) -> dict[int, Hit]:
        """Return the hits of the other names spelt like this one (its skeleton tier).

        :meth:`exact_or_skeleton` looks at them only when the name itself is not a
        key; the resolver asks for them when every exact hit is set aside
        (``Qaiyarah``: the town, once the bridge named ``Qaiyarah bridge`` is out).
        """
        cores = self._skeleton_cores(keys, self._adjective_of(keys.core) is not None)
        return self.hits_for(keys, cores, "skeleton") if cores else {}

    def _skeleton_cores(self, keys: NameKey, adjective: bool) -> dict[str, float]:
        """Other core keys spelt like ``keys`` (skeleton, sound, ending), with their scores."""
        core = keys.core
        if len(keys.skeleton) < _MIN_SKELETON or keys.skeleton not in self.by_skeleton:
            return {}
        cores: dict[str, float] = {}
        sound = phonetic(core)
        minimum = (
            _SKELETON_MIN_RATIO
            if len(keys.skeleton) >= _SHORT_SKELETON
            else _SHORT_SKELETON_MIN_RATIO
        )
        end = ending(core)
        for other in self.by_skeleton[keys.skeleton]:
            if other == core or (adjective and other not in self._nisba_cores):
                continue
            if not _same_ending(end, ending(other)):
                continue
            ratio = fuzz.ratio(sound, phonetic(other))
            if ratio >= minimum:
                cores[other] = 80.0 + 0.19 * ratio
        return cores if any(_agrees(core, other, "skeleton") for other in cores) else {}

    def fuzzy(self, queries: list[str], cutoff: float) -> list[dict[str, float]]:
        """Fuzzy-match core keys against the cores sharing their first or last letter.

        Parameters
        ----------
        queries : list of str
            Core keys; those shorter than :data:`FUZZY_MIN_LENGTH` get no match.
        cutoff : float
            Minimum ``rapidfuzz.fuzz.ratio`` (0-100).

        Returns
        -------
        list of dict
            Per query, matched core key → score.
        """
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
