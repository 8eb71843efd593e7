"""Find and resolve the gazetteer places mentioned in free (news) text.

The text is tokenised once with offsets. At each capitalised word the longest
run of up to :data:`MAX_NGRAM` words whose normalised key is a gazetteer name
is taken (``"Tuz Khurmatu"`` before ``"Tuz"``), then the span grows over the
article and the generic words around it (``"Wadi al-Shay"``, ``"Hamrin
Mountains"``, ``"Dibis district"``), which become the feature-type hint. A
plural generic word spreads its hint over a list (``"the valleys of Shay,
Zghaitun, and Zarka"``, ``"Kirkuk, Diyala and Saladin provinces"``).

Spelling variants are found through the phonetic skeleton for names of two or
more words, and for one-word names after a locative cue (``in``, ``near`` …) or
next to a generic word; a misspelt name next to a generic word is matched
fuzzily. Such loose matches never start on a number word or another common
English word (:data:`hotspot._normalize.COMMON_WORDS`), and a phrase ending in
a nisba adjective of a known place (``"Two Iraqi"``, ``Iraqi`` of ``Iraq``) is
no spelling of another place (``Tuwairij``). English words and personal names
that are also place names (``Hit``, ``Ana``, ``Salman`` …, see
:data:`ENGLISH_PLACE_WORDS`) count only when capitalised mid-sentence after a
locative cue. A name known only with a generic word (``Syrian`` of ``Syrian
Desert``) needs that word next to it.

People are not places: a one-word name right after a title or a given name
(``Commander Sirwan``, ``Saleh Hadhar``), right before a family name (``Shwan
Muhammad``), or written as a family name (``Maytham al-Amerli``: a capitalised
word, then ``al-`` and the name) is skipped, and so is the same surname later
in the text (``Al-Amerli said``). See :data:`PERSON_TITLES` and
:data:`PERSONAL_NAMES`. Words glued to digits (``Kurdistan24``) are names of
outlets, not places.

Ambiguous names are settled by a governorate or district mentioned in the same
sentence, else the same paragraph, else anywhere in the text (``"Diyala's
Muqdadiya district"``, ``"Makhmour in Erbil province"``).

HTML tags and entities are blanked out before matching, so offsets always
refer to the input string: ``text[start:end] == surface``.

Examples
--------
>>> found = extract_places("Gunmen struck near Kerkuk city and in Kirkuk province.")
>>> found[["surface", "start", "feature_type"]].values.tolist()
[['Kerkuk city', 19, 'settlement'], ['Kirkuk province', 38, 'governorate']]
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspot._normalize import (
    _ARTICLES,
    _SUN_ARTICLES,
    COMMON_WORDS,
    GENERIC_WORDS,
    NameKey,
    fold,
    skeleton,
    strip_html,
)
from hotspot.geocode import (
    FUZZY_MIN_LENGTH,
    FUZZY_THRESHOLD,
    GEOCODE_COLUMNS,
    Geocoder,
    Resolution,
    _bag,
    _geocoder,
    _points,
    _result_frame,
)

__all__ = [
    "ENGLISH_PLACE_WORDS",
    "EXTRACT_COLUMNS",
    "LOCATIVE_CUES",
    "MAX_NGRAM",
    "PERSONAL_NAMES",
    "PERSON_TITLES",
    "extract_places",
]

#: Longest name, in words, looked up in the text.
MAX_NGRAM: int = 6
#: Words before a name that mark it as a place.
LOCATIVE_CUES: frozenset[str] = frozenset(
    {"in", "near", "at", "of", "from", "to", "outside", "around", "towards", "toward"}
    | {"between", "into", "across", "inside", "through", "via", "west", "east", "north"}
    | {"south", "and", "reach", "reached", "entered", "hit", "targeted", "targeting"}
)
#: English words that are also place names: accepted only capitalised,
#: mid-sentence, after a locative cue.
ENGLISH_PLACE_WORDS: frozenset[str] = frozenset(
    {"hit", "ana", "tar", "bara", "door", "dor", "man", "band", "gap", "mark", "page", "rush"}
    | {"sham", "tell", "tall", "hill", "ram", "pen", "sin", "ban", "bag", "dig", "kin", "rob"}
    | {"bar", "camp", "post", "said", "ali", "omar", "hamid", "ahmed", "ibrahim", "hassan"}
    | {"hussein", "abbas", "mahmoud", "kamal", "said", "salam", "amin", "aziz", "nasr", "nour"}
    | {"salman", "hamza", "hamzah", "saddam", "qasim", "alam", "hay", "adel", "dora", "sumer"}
    | {"quds", "arabi", "shifa", "karama", "tahrir", "intisar", "jihad", "amil", "riad", "sadr"}
)
#: Words before a personal name (compared folded): ``Commander Sirwan Barzani``.
PERSON_TITLES: frozenset[str] = frozenset(
    {"commander", "mayor", "governor", "sheikh", "shaikh", "sheik", "general", "gen", "maj"}
    | {"major", "brig", "brigadier", "col", "colonel", "lieutenant", "lt", "captain", "capt"}
    | {"minister", "president", "mr", "mrs", "ms", "dr", "mullah", "kak", "mam", "imam"}
    | {"spokesman", "spokesperson", "deputy", "mp", "judge", "officer", "chief", "emir"}
)
#: Common Arabic and Kurdish given and family names: a one-word place name right
#: before one of these (``Shwan Muhammad``) or right after a given name (``Saleh
#: Hadhar``) is taken as part of a personal name.
PERSONAL_NAMES: frozenset[str] = frozenset(
    {"muhammad", "mohammed", "mohammad", "muhammed", "mohamed", "ahmed", "ahmad", "ali"}
    | {"hassan", "hasan", "hussein", "husayn", "husain", "omar", "umar", "abdullah", "abdul"}
    | {"khalid", "khaled", "saleh", "salih", "mahmoud", "mahmud", "ibrahim", "ismail", "yusuf"}
    | {"yousef", "jabbar", "karim", "kareem", "kamal", "jamal", "adnan", "kadhim", "kazem"}
    | {"abbas", "haider", "hayder", "mustafa", "mostafa", "sami", "saad", "falah", "faleh"}
    | {"nouri", "nuri", "jalal", "masoud", "masrour", "nechirvan", "qubad", "bafel", "lahur"}
    | {"barzani", "talabani", "aso", "rebwar", "karwan", "hemin", "hoshyar", "fuad", "barham"}
    | {"hakim", "ammar", "muqtada", "hadi", "raed", "nashat", "maytham", "tahsin", "tahseen"}
    | {"ayad", "iyad", "bakr", "anas", "sarmed", "mardan", "nawzad", "kawa", "dilshad", "hiwa"}
    | {"khalil", "aziz", "rashid", "majid", "hamid", "jasim", "jassim", "qais", "sabah"}
)
#: Columns of :func:`extract_places` output, in order (plus ``geometry``).
EXTRACT_COLUMNS: tuple[str, ...] = ("surface", "start", "end", *GEOCODE_COLUMNS[1:])

_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʿʾ][^\W\d_]+)*")
_JOIN = re.compile(r"[ \t\-‐‑'’ʿʾ`]{1,3}")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LIST_SEP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+|&\s*)?|and\s+|or\s+|&\s*)$")
_SENTENCE_END = re.compile(r"[.!?;:]+[\"'”’)]*\s+|\n")
_PARAGRAPH_END = re.compile(r"\n\s*\n")
_PLURAL_GENERIC = frozenset(
    {"valleys", "mountains", "districts", "provinces", "governorates", "villages"}
    | {"subdistricts", "areas", "regions", "ranges", "hills"}
)
_MIN_SINGLE = 3


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    key: str
    cap: bool
    article: bool
    generic: str | None


@dataclass
class _Mention:
    first: int  # token indices of the span, inclusive
    last: int
    start: int
    end: int
    keys: NameKey
    hits: dict
    core_first: int
    core_last: int
    method: str = "exact"
    result: Resolution | None = None
    in_list: bool = False  # follows a mention with a generic word in a list ("A, B and C")


_WORDS: dict[str, tuple[str, bool, bool, str | None]] = {}


def _word_info(word: str) -> tuple[str, bool, bool, str | None]:
    """(key, capitalised, article, generic hint) of one word, cached."""
    info = _WORDS.get(word)
    if info is None:
        key = fold(word)
        first = word[0]
        cap = first.isupper() or (not first.isascii() and not first.islower())
        article = (key in _ARTICLES and key != "the") or key in _SUN_ARTICLES
        info = (key, cap, article, GENERIC_WORDS.get(key))
        if len(_WORDS) > 500_000:
            _WORDS.clear()
        _WORDS[word] = info
    return info


def _tokenise(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    append = tokens.append
    known = _WORDS.get
    for m in _TOKEN.finditer(text):
        word = m.group()
        start = m.start()
        end = start + len(word)
        if len(word) > 3 and word[-1] in "sS" and word[-2] in "'’":
            end -= 2  # possessive: Diyala's
            word = word[:-2]
        key, cap, article, generic = known(word) or _word_info(word)
        if key:
            append(_Token(start, end, word, key, cap, article, generic))
    # "sub-district" is one generic word
    for a, b in itertools.pairwise(tokens):
        if a.key == "sub" and b.key in ("district", "districts"):
            a.generic = b.generic = "subdistrict"
    return tokens


class _Extractor:
    def __init__(self, geocoder: Geocoder) -> None:
        self.g = geocoder
        self.first_words = geocoder._first_words
        self.max_len = 1
        for core in geocoder._by_core:
            self.max_len = max(self.max_len, core.count(" ") + 1)
        self.max_len = min(self.max_len, MAX_NGRAM)
        # cores that some alias is as written ("hamrin"), not only with a generic word
        self.bare = frozenset(
            core
            for core, entries in geocoder._by_core.items()
            if any(bag == _bag(core) for _, bag, _ in entries)
        )

    def _joined(self, text: str, a: _Token, b: _Token) -> bool:
        """Whether two tokens belong to one phrase.

        A gap of only whitespace of any length and kind joins them (non-breaking
        spaces, line wraps, blanked-out tags and entities: ``<b>Hawija</b> district``,
        ``Hawija&nbsp;district``), unless it holds a paragraph break; so do short
        hyphen and apostrophe joins (``al-Shay``, ``Tal 'Afar``).
        """
        end, start = a.end, b.start
        if start - end == 1 and text[end] == " ":
            return True
        gap = text[end:start]
        if gap.isspace():
            return "\n" not in gap or not _PARAGRAPH_BREAK.search(gap)
        return len(gap) <= 3 and bool(_JOIN.fullmatch(gap))

    def _article(self, tokens: list[_Token], i: int, text: str) -> bool:
        """Whether token i is an Arabic article attached to the next word."""
        t = tokens[i]
        if not t.article or i + 1 >= len(tokens):
            return False
        nxt = tokens[i + 1]
        if not self._joined(text, t, nxt):
            return False
        if t.key in _ARTICLES:
            return text[t.end : nxt.start] != " " or t.cap or nxt.cap
        # sun letters: "ash-Sharqat", "As Sulaymaniyah"; not English "known as Sharaban"
        return text[t.end] in "-‐‑" or (t.cap and nxt.key.startswith(t.key[1:]))

    def find(self, text: str) -> list[_Mention]:
        g = self.g
        by_core = g._by_core
        by_skel = g._by_skel
        tokens = _tokenise(text)
        n = len(tokens)
        joined = [self._joined(text, tokens[k], tokens[k + 1]) for k in range(n - 1)]
        joined.append(False)
        mentions: list[_Mention] = []
        persons: set[str] = set()  # folded surnames seen as people ("al amerli")
        i = 0
        while i < n:
            tok = tokens[i]
            if (
                not tok.cap
                or tok.generic is not None
                or tok.key == "the"
                or (tok.article and self._article(tokens, i, text))
                or _glued_to_digit(text, tok)
            ):
                i += 1
                continue
            # collect the run of words that may form a name (articles allowed inside)
            words: list[int] = [i]
            k = i
            while len(words) < self.max_len and joined[k] and k + 1 < n:
                k += 1
                if tokens[k].generic is not None:
                    break
                words.append(k)
            match: tuple[int, str, str] | None = None  # (last token, core, method)
            before = tokens[i - 1] if i else None
            after = tokens[words[-1] + 1] if words[-1] + 1 < n else None
            generic_next = _generic_before(tokens, joined, i) or (
                after is not None and after.generic is not None and joined[words[-1]]
            )
            cue = before is not None and before.key in LOCATIVE_CUES
            exact_ok = tok.key in self.first_words
            # "Two Iraqi", "Several Kurdish": a number or common word starts no
            # skeleton or fuzzy match, only an exact name ("Fourth Bridge")
            loose_ok = exact_ok or tok.key not in COMMON_WORDS
            for size in range(len(words), 0, -1):
                last = words[size - 1]
                if tokens[last].article:
                    continue
                core = " ".join(
                    tokens[w].key for w in words[:size] if not (tokens[w].article and w != i)
                )
                if exact_ok and core in by_core:
                    match = (last, core, "exact")
                    break
                if not loose_ok:
                    continue
                if (size > 1 and tokens[last].cap) or (size == 1 and (cue or generic_next)):
                    skel = skeleton(core)
                    if len(skel) >= 3 and skel in by_skel:
                        match = (last, core, "skeleton")
                        break
            if match is None and generic_next and loose_ok:
                caps = words[:1]
                for w in words[1:]:
                    if not (tokens[w].cap or tokens[w].article):
                        break
                    caps.append(w)
                while caps and tokens[caps[-1]].article:
                    caps.pop()
                core = " ".join(tokens[w].key for w in caps if not tokens[w].article)
                if len(core) >= FUZZY_MIN_LENGTH:
                    match = (caps[-1], core, "fuzzy")
            if match is None:
                i += 1
                continue
            last, core, method = match
            in_list = bool(
                mentions
                and (mentions[-1].keys.hint is not None or mentions[-1].in_list)
                and _LIST_SEP.match(text[mentions[-1].end : tok.start])
            )
            if method == "exact" and core not in self.bare and not generic_next and not in_list:
                i += 1  # "Syrian" alone is an adjective, "Syrian Desert" a place
                continue
            sentence_start = i == 0 or (
                not joined[i - 1] and _ends_sentence(text, tokens[i - 1].end, tok.start)
            )
            if last == i and (len(core) < _MIN_SINGLE or core in ENGLISH_PLACE_WORDS):
                if core in ENGLISH_PLACE_WORDS and (sentence_start or not cue):
                    i += 1
                    continue
                if len(core) < _MIN_SINGLE:
                    i += 1
                    continue
            mention = self._grow(text, tokens, joined, i, last, core)
            if self._person(text, tokens, mention, persons):
                i = mention.last + 1
                continue
            hits = self._hits(mention.keys, method)
            if not hits:
                i += 1
                continue
            mention.hits = hits
            mention.method = method
            mention.in_list = in_list
            mentions.append(mention)
            i = mention.last + 1
        return mentions

    def _grow(
        self, text: str, tokens: list[_Token], joined: list[bool], i: int, last: int, core: str
    ) -> _Mention:
        first = i
        hint: str | None = None
        generics = 0
        while first > 0 and joined[first - 1] and generics < 2:
            prev = tokens[first - 1]
            if self._article(tokens, first - 1, text):
                first -= 1
            elif prev.generic is not None:
                hint = hint if hint not in (None, "region") else prev.generic
                first -= 1
                generics += 1
            elif (
                prev.key == "of"
                and first > 1
                and joined[first - 2]
                and tokens[first - 2].generic is not None
            ):
                first -= 1
            else:
                break
        end_tok = last
        generics = 0
        while end_tok + 1 < len(tokens) and joined[end_tok] and generics < 2:
            nxt = tokens[end_tok + 1]
            if nxt.generic is None:
                break
            if nxt.key == "sub":  # "sub-district" counts once
                end_tok += 1
                continue
            hint = hint if hint not in (None, "region") else nxt.generic
            end_tok += 1
            generics += 1
        start, end = tokens[first].start, tokens[end_tok].end
        keys = NameKey(fold(text[start:end]), core, hint, skeleton(core))
        return _Mention(first, end_tok, start, end, keys, {}, i, last)

    def _person(self, text: str, tokens: list[_Token], m: _Mention, persons: set[str]) -> bool:
        """Whether a one-word mention is (part of) a personal name; remember surnames."""
        if m.core_first != m.core_last or m.keys.hint is not None:
            return False
        surface = m.keys.folded
        if m.first < m.core_first and surface in persons:
            return True  # the surname again: "Al-Amerli pointed out"

        def spaced(a: _Token, b: _Token) -> bool:
            return text[a.end : b.start] == " "

        before = tokens[m.first - 1] if m.first > 0 else None
        after = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
        person = False
        if before is not None and spaced(before, tokens[m.first]) and before.cap:
            nisba = m.first < m.core_first and text[tokens[m.first].end] in "-‐‑"
            person = (
                before.key in PERSON_TITLES
                or before.key in PERSONAL_NAMES
                or (  # "Maytham al-Amerli"
                    nisba
                    and before.generic is None
                    and not before.article
                    and before.key not in LOCATIVE_CUES
                    and before.key not in self.g._by_core
                )
            )
        if not person and after is not None and spaced(tokens[m.last], after):
            person = after.cap and after.key in PERSONAL_NAMES
        if person and m.first < m.core_first:
            persons.add(surface)  # the surname, to skip when it comes again
        return person

    def _hits(self, keys: NameKey, method: str) -> dict:
        g = self.g
        if g._nisba_of(keys.core) is not None:
            return {}  # "Barzani" is a family name, "Iraqi" an adjective
        if method == "fuzzy":
            cores = g._fuzzy_many([keys.core], FUZZY_THRESHOLD)[0]
            return g._hits_for(keys, cores, "fuzzy") if cores else {}
        return g._exact_or_skeleton(keys) or {}


def _generic_before(tokens: list[_Token], joined: list[bool], i: int) -> bool:
    """Whether a generic word precedes token i, past an article or "of" (``Wadi al-Shay``)."""
    b = i - 1
    while b >= 0 and joined[b] and (tokens[b].article or tokens[b].key == "of"):
        b -= 1
    return b >= 0 and joined[b] and tokens[b].generic is not None


def _glued_to_digit(text: str, tok: _Token) -> bool:
    """Whether a word touches a digit (``Kurdistan24``, ``3Kirkuk``): an outlet or code."""
    return (tok.end < len(text) and text[tok.end].isdigit()) or (
        tok.start > 0 and text[tok.start - 1].isdigit()
    )


def _ends_sentence(text: str, a: int, b: int) -> bool:
    return bool(_SENTENCE_END.search(text, a, b)) or a == 0


def _apply_list_hints(text: str, tokens_text: str, mentions: list[_Mention]) -> None:
    """Spread the hint of a plural generic word over a list of names."""
    for k, m in enumerate(mentions):
        if m.keys.hint is None:
            continue
        tail = fold(tokens_text[m.start : m.end]).split(" ")
        head = tail[0]
        if head in _PLURAL_GENERIC or (len(tail) > 1 and tail[-1] in _PLURAL_GENERIC):
            pass
        else:
            continue
        hint = m.keys.hint
        if head in _PLURAL_GENERIC:  # "valleys of A, B and C": forwards
            j = k
            while j + 1 < len(mentions) and _LIST_SEP.match(
                text[mentions[j].end : mentions[j + 1].start]
            ):
                j += 1
                nxt = mentions[j]
                if nxt.keys.hint is None:
                    nxt.keys = nxt.keys._replace(hint=hint)
        if tail[-1] in _PLURAL_GENERIC:  # "A, B and C provinces": backwards
            j = k
            while j > 0 and _LIST_SEP.match(text[mentions[j - 1].end : mentions[j].start]):
                j -= 1
                prev = mentions[j]
                if prev.keys.hint is None:
                    prev.keys = prev.keys._replace(hint=hint)


def _boundaries(pattern: re.Pattern[str], text: str) -> list[int]:
    return [m.end() for m in pattern.finditer(text)]


def extract_places(
    text: str,
    *,
    gazetteer: pd.DataFrame | Geocoder | None = None,
    within: str | None = None,
    context: bool = True,
) -> gpd.GeoDataFrame:
    """Find the gazetteer places mentioned in a text, in text order.

    Parameters
    ----------
    text : str
        English news text; HTML markup is ignored (offsets still refer to
        ``text`` as given).
    gazetteer : pandas.DataFrame or Geocoder, optional
        The gazetteer; default the bundled one. A DataFrame is validated and
        indexed again on every call (about 0.1 s); for repeated calls build
        ``Geocoder(table)`` once and pass the :class:`Geocoder`.
    within : str, optional
        A governorate or district that settles ambiguous names everywhere in
        the text.
    context : bool, default True
        Settle ambiguous names with governorates and districts named in the
        same sentence, paragraph or text.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per mention, columns :data:`EXTRACT_COLUMNS` and ``geometry``
        (Point, or None when not resolved), CRS EPSG:4326;
        ``text[start:end] == surface`` for every row.

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    PlaceNotFoundError
        If ``within`` names no governorate or district.

    Examples
    --------
    >>> out = extract_places("<p>Clashes in <b>Kirkuk</b>.</p>")
    >>> out[["surface", "start", "end", "status"]].values.tolist()
    [['Kirkuk', 17, 23, 'resolved']]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    g = _geocoder(gazetteer)
    extractor = _extractor(g)
    clean = strip_html(text)
    mentions = extractor.find(clean)
    _apply_list_hints(clean, clean, mentions)
    within_keys = g._within_keys(within)
    for m in mentions:
        if m.keys.hint is not None:
            m.hits = extractor._hits(m.keys, m.method) or m.hits
        m.result = g._decide(
            clean[m.start : m.end], m.keys, m.hits, FUZZY_THRESHOLD, within_keys, None
        )
    if context and any(m.result.status == "ambiguous" for m in mentions):
        _settle_by_context(g, clean, mentions, within_keys)
    return _to_frame(text, mentions)


def _settle_by_context(
    g: Geocoder, text: str, mentions: list[_Mention], within: frozenset[str] | None
) -> None:
    sentences = _boundaries(_SENTENCE_END, text)
    paragraphs = _boundaries(_PARAGRAPH_END, text)
    admins: list[tuple[int, int, int, str]] = []  # (sentence, paragraph, mention, admin key)
    for k, m in enumerate(mentions):
        r = m.result
        if r.status != "resolved":
            continue
        # the place itself, or the same-named district/governorate of a seat town
        names = {
            c.name
            for c in r.candidates
            if c.feature_type in ("governorate", "district") and c.score >= r.score
        }
        if r.place.feature_type in ("governorate", "district"):
            names.add(r.place.name)
        for name in names:
            admins.append(
                (
                    bisect.bisect(sentences, m.start),
                    bisect.bisect(paragraphs, m.start),
                    k,
                    g._admin_key_of(name),
                )
            )
    if not admins:
        return
    for m in mentions:
        if m.result.status != "ambiguous":
            continue
        s, p = bisect.bisect(sentences, m.start), bisect.bisect(paragraphs, m.start)
        for level in (
            [a for a in admins if a[0] == s],
            [a for a in admins if a[1] == p],
            admins,
        ):
            keys = frozenset(a[3] for a in level)
            if within:
                keys = keys | within
            if not keys:
                continue
            decided = g._decide(m.result.query, m.keys, m.hits, FUZZY_THRESHOLD, keys, None)
            if decided.status == "resolved":
                m.result = decided
                break


def _to_frame(text: str, mentions: list[_Mention]) -> gpd.GeoDataFrame:
    rows = [m.result.to_dict() for m in mentions]
    columns: dict[str, object] = {
        "surface": [text[m.start : m.end] for m in mentions],
        "start": [m.start for m in mentions],
        "end": [m.end for m in mentions],
    }
    for column in EXTRACT_COLUMNS[3:]:
        columns[column] = [row[column] for row in rows]
    lat = np.array([row["lat"] for row in rows], dtype=float)
    lon = np.array([row["lon"] for row in rows], dtype=float)
    return _result_frame(columns, _points(lat, lon))


def _extractor(g: Geocoder) -> _Extractor:
    """Return the extractor of a geocoder, built once and kept with it.

    It lives in the geocoder's own cache, so it is freed with the geocoder (no
    module-level cache that keeps dead geocoders alive or grows without bound).
    """
    found = g._cache.get("extractor")
    if found is None:
        found = g._cache["extractor"] = _Extractor(g)
    return found
