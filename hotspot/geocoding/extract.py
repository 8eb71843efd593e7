"""Find and resolve the gazetteer places mentioned in free (news) text.

The text is tokenised with offsets. At each capitalised word the longest run of
up to six words whose normalised key is a gazetteer name is taken (``"Tuz
Khurmatu"`` before ``"Tuz"``), then the span grows over the article and the
generic words around it (``"Wadi al-Shay"``, ``"Hamrin Mountains"``, ``"Dibis
district"``), which become the feature-type hint. A plural generic word spreads
its hint over a list (``"the valleys of Shay, Zghaitun, and Zarka"``,
``"Kirkuk, Diyala and Saladin provinces"``).

Spelling variants are found through the phonetic skeleton for names of two or
more words, and for one-word names after a locative cue (``in``, ``near`` …) or
next to a generic word; a misspelt name next to a generic word is matched
fuzzily. Such loose matches never start on a number word or another common
English word (:data:`hotspot._normalize.COMMON_WORDS`), and a phrase ending in
a nisba adjective of a known place (``"Two Iraqi"``, ``Iraqi`` of ``Iraq``) is
no spelling of another place (``Tuwairij``). English words and personal names
that are also place names (``Hit``, ``Ana``, ``Salman`` …) count only when
capitalised mid-sentence after a locative cue. A name known only with a generic
word (``Syrian`` of ``Syrian Desert``) needs that word next to it.

People are not places: a one-word name right after a title or a given name
(``Commander Sirwan``, ``Saleh Hadhar``), right before a family name (``Shwan
Muhammad``), or written as a family name (``Maytham al-Amerli``: a capitalised
word, then ``al-`` and the name) is skipped, and so is the same surname later
in the text (``Al-Amerli said``). Words glued to digits (``Kurdistan24``) are
names of outlets, not places. The word lists (locative cues, English place
words, titles, personal names) are data: ``hotspot/data/words/``.

Ambiguous names are settled by a governorate or district mentioned in the same
sentence, else the same paragraph, else anywhere in the text (``"Diyala's
Muqdadiya district"``, ``"Makhmour in Erbil province"``).

HTML tags and entities are blanked out before matching, so offsets always
refer to the input string: ``text[start:end] == surface``.

Memory stays bounded on large text: the text is read in chunks of about
100,000 characters cut between sentences (never inside a name, a phrase or a
list), each chunk's tokens and mentions are dropped once it is resolved, and a
mention is kept as its offsets and a reference to one shared result per
distinct outcome. Results are the same as reading the text in one piece: the
sentence, paragraph and whole-text contexts reach across chunks. (Only a text
with no sentence end for a megabyte is cut between two words of a list.)

Examples
--------
>>> found = extract_places("Gunmen struck near Kerkuk city and in Kirkuk province.")
>>> found[["surface", "start", "feature_type"]].values.tolist()
[['Kerkuk city', 19, 'settlement'], ['Kirkuk province', 38, 'governorate']]
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np

from hotspot._normalize import (
    ARTICLES,
    ASSIMILATED_ARTICLES,
    COMMON_WORDS,
    GENERIC_WORDS,
    PERSON_TITLES,
    PERSONAL_NAMES,
    SPEECH_VERBS,
    TYPE_PREFIXES,
    NameKey,
    fold,
    name_keys,
    romanised_with_marks,
    skeleton,
    strip_html,
)
from hotspot._words import word_set, word_table
from hotspot.geocoding._index import FUZZY_MIN_LENGTH, Hit, NameIndex, written_as_acronym
from hotspot.geocoding._units import Hint
from hotspot.geocoding.batch import GEOCODE_COLUMNS, rows_frame
from hotspot.geocoding.resolver import (
    FUZZY_THRESHOLD,
    GazetteerLike,
    Resolution,
    as_geocoder,
    decide,
    lookup,
    parse_within,
    units_named,
)

__all__ = ["EXTRACT_COLUMNS", "extract_places"]

#: Columns of :func:`extract_places` output, in order (plus ``geometry``).
EXTRACT_COLUMNS: tuple[str, ...] = ("surface", "start", "end", *GEOCODE_COLUMNS[1:])

#: Longest name, in words, looked up in the text.
_MAX_NGRAM = 6
#: Words before a name that mark it as a place.
_LOCATIVE_CUES = word_set("locative_cues.csv")
#: English words that are also place names: accepted only capitalised,
#: mid-sentence, after a locative cue.
_ENGLISH_PLACE_WORDS = word_set("english_place_words.csv")
#: Words that join the names of a list ("the Haija and Hamrin areas").
_LIST_WORDS = frozenset({"and", "or", "و"})
#: Plural generic words whose hint spreads over a list of names.
_PLURAL_GENERIC = frozenset(
    row["word"] for row in word_table("generic_words.csv") if row["list_plural"] == "yes"
)
#: Words next to a chunk boundary that could tie the names on both sides together.
_NO_CUT_BEFORE = _LOCATIVE_CUES | {"and", "or", "sub"}
_NO_CUT_AFTER = frozenset({"and", "or"})
#: Characters per chunk (about); a chunk ends at the next safe sentence boundary.
_CHUNK_CHARS = 100_000
#: Entries kept in the per-call caches before they are emptied.
_CACHE_SIZE = 50_000
_MIN_SINGLE = 3

_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʿʾ][^\W\d_]+)*")
#: Hyphens that join the parts of a name: hyphen-minus, hyphen, non-breaking
#: hyphen and the en dash of compounds (``Kirkuk–Baghdad road``).
_HYPHENS = "-‐‑–"
_JOIN = re.compile(r"[ \t" + re.escape(_HYPHENS) + r"'’ʿʾ`]{1,3}")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LIST_SEP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+|&\s*)?|and\s+|or\s+|&\s*)$")
_SENTENCE_END = re.compile(r"[.!?;:]+[\"'”’)]*\s+|\n")
_NOT_WORD = re.compile(r"[^\w'’ʿʾ]")


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
    core_first: int
    core_last: int
    found: NameKey | None = None  # the keys the mention was found with (before list hints)
    method: str = "exact"
    in_list: bool = False  # follows a mention with a generic word in a list ("A, B and C")


_WORDS: dict[str, tuple[str, bool, bool, str | None]] = {}


def _word_info(word: str) -> tuple[str, bool, bool, str | None]:
    """(key, capitalised, article, generic hint) of one word, cached."""
    info = _WORDS.get(word)
    if info is None:
        key = fold(word)
        first = word[0]
        cap = first.isupper() or (not first.isascii() and not first.islower())
        article = (key in ARTICLES and key != "the") or key in ASSIMILATED_ARTICLES
        info = (key, cap, article, GENERIC_WORDS.get(key))
        if len(_WORDS) > 200_000:
            _WORDS.clear()
        _WORDS[word] = info
    return info


def _token_at(match: re.Match[str]) -> _Token | None:
    """Return the token of a word match (possessive ``'s`` cut off), or None if it has no key."""
    word = match.group()
    start = match.start()
    end = start + len(word)
    if len(word) > 3 and word[-1] in "sS" and word[-2] in "'’":
        end -= 2  # possessive: Diyala's
        word = word[:-2]
    key, cap, article, generic = _WORDS.get(word) or _word_info(word)
    return _Token(start, end, word, key, cap, article, generic) if key else None


def _tokenise(text: str, start: int = 0, end: int | None = None) -> list[_Token]:
    """Tokens of ``text[start:end]``, with offsets into ``text``."""
    tokens: list[_Token] = []
    append = tokens.append
    known = _WORDS.get
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        word = m.group()
        s = m.start()
        e = s + len(word)
        if len(word) > 3 and word[-1] in "sS" and word[-2] in "'’":
            e -= 2  # possessive: Diyala's
            word = word[:-2]
        key, cap, article, generic = known(word) or _word_info(word)
        if key:
            append(_Token(s, e, word, key, cap, article, generic))
    # "sub-district" is one generic word
    for a, b in itertools.pairwise(tokens):
        if a.key == "sub" and b.key in ("district", "districts"):
            a.generic = b.generic = "subdistrict"
    return tokens


def _joined(text: str, a: _Token, b: _Token) -> bool:
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


def _article(text: str, tokens: list[_Token], i: int) -> bool:
    """Whether token i is an Arabic article attached to the next word."""
    t = tokens[i]
    if not t.article or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    if not _joined(text, t, nxt):
        return False
    if t.key in ARTICLES:
        return text[t.end : nxt.start] != " " or t.cap or nxt.cap
    # sun letters: "ash-Sharqat", "As Sulaymaniyah"; not English "known as Sharaban"
    return text[t.end] in _HYPHENS or (t.cap and nxt.key.startswith(t.key[1:]))


def _generic_before(tokens: list[_Token], joined: list[bool], i: int) -> bool:
    """Whether a generic word precedes token i, past an article or "of" (``Wadi al-Shay``)."""
    b = i - 1
    while b >= 0 and joined[b] and (tokens[b].article or tokens[b].key == "of"):
        b -= 1
    return b >= 0 and joined[b] and tokens[b].generic is not None


def _generic_goes_with(
    tokens: list[_Token],
    joined: list[bool],
    last: int,
    end: int,
    run_generic: bool,
    first: bool,
) -> bool:
    """Whether a generic word goes with the name ending at token ``last``.

    One before the name (``first``: "Wadi Shay"), one right after it ("Karama
    neighbourhood"), or one after a list of names up to the end of the run of words
    (``end``, a generic word when ``run_generic``): "the Haija and Hamrin areas",
    "the Zaghitoun and Shai valley"; not one after other words ("Engineers repaired
    the bridge").
    """
    if first:
        return True
    if last + 1 < len(tokens) and joined[last] and tokens[last + 1].generic is not None:
        return True
    between = tokens[last + 1 : end]
    return (
        run_generic
        and any(t.key in _LIST_WORDS for t in between)
        and all(t.key in _LIST_WORDS or t.cap or t.article for t in between)
    )


def _glued_to_digit(text: str, tok: _Token) -> bool:
    """Whether a word touches a digit (``Kurdistan24``, ``3Kirkuk``): an outlet or code."""
    return (tok.end < len(text) and text[tok.end].isdigit()) or (
        tok.start > 0 and text[tok.start - 1].isdigit()
    )


def _ends_sentence(text: str, a: int, b: int) -> bool:
    return bool(_SENTENCE_END.search(text, a, b)) or a == 0


# ---------------------------------------------------------------------- chunks


def _safe_cut(text: str, before: _Token, after: _Token, *, sentence: bool = True) -> bool:
    """Whether the text may be cut between two neighbouring tokens without changing a result.

    The gap must end a sentence (unless ``sentence=False``) and neither join the
    tokens into one phrase nor make them a list (``A, B and C``), and neither
    token may tie the names on both sides together (a locative cue before,
    ``and``/``or``, ``sub``-district).
    """
    gap = text[before.end : after.start]
    return (
        not _joined(text, before, after)
        and (not sentence or _SENTENCE_END.search(gap) is not None)
        and "," not in gap
        and "&" not in gap
        and before.key not in _NO_CUT_BEFORE
        and after.key not in _NO_CUT_AFTER
    )


def _cut(text: str, target: int) -> int:
    """Return the start of the first token at or after ``target`` where the text may be cut.

    A paragraph break within the next :data:`_CHUNK_CHARS` characters is
    preferred, else the next sentence end (:func:`_safe_cut`). A text without a
    sentence end for ten times that length is cut between two words that form
    no phrase, if possible no list either; only there may a list's hint differ
    from reading the text in one piece. ``len(text)`` when nothing follows.
    """
    size = len(text)
    limit = min(size, target + 10 * _CHUNK_CHARS)
    for pattern, window in (
        (_PARAGRAPH_BREAK, min(size, target + _CHUNK_CHARS)),
        (_SENTENCE_END, limit),
    ):
        for found in pattern.finditer(text, target, window):
            after = _next_token(text, found.end())
            if after is None:
                return size
            before = _previous_token(text, found.start())
            if before is not None and _safe_cut(text, before, after):
                return after.start
    gap = _NOT_WORD.search(text, limit)
    if gap is None:
        return size
    before = _previous_token(text, gap.start())
    weak = None  # the first cut between words that may be a list
    for match in _TOKEN.finditer(text, gap.start()):
        after = _token_at(match)
        if after is None:
            continue
        if before is not None and _safe_cut(text, before, after, sentence=False):
            return after.start
        if (
            weak is None
            and before is not None
            and not _joined(text, before, after)
            and before.key not in _NO_CUT_BEFORE
            and after.key not in _NO_CUT_AFTER
        ):
            weak = after.start
        if weak is not None and after.start > limit + _CHUNK_CHARS:
            return weak
        before = after
    return size if weak is None else weak


def _next_token(text: str, position: int) -> _Token | None:
    for match in _TOKEN.finditer(text, position):
        token = _token_at(match)
        if token is not None:
            return token
    return None


def _previous_token(text: str, position: int) -> _Token | None:
    """Return the last token that ends at or before ``position``, or None."""
    start = position
    while start > 0:
        start = max(0, start - 200)
        last = None
        for match in _TOKEN.finditer(text, start, position):
            if match.start() == start > 0:
                continue  # may be the tail of a longer word
            token = _token_at(match)
            if token is not None:
                last = token
        if last is not None:
            return last
    return None


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` spans that cover ``text``, each cut at a safe boundary."""
    start = 0
    while start < len(text):
        end = _cut(text, start + _CHUNK_CHARS) if len(text) - start > _CHUNK_CHARS else len(text)
        yield start, end
        start = end


# ---------------------------------------------------------------------- finding


class _Finder:
    """Finds the mentions of one chunk; keeps the surnames seen across chunks.

    ``hits(keys, method)`` returns the places a name may be (:meth:`_Run.hits`).
    """

    def __init__(self, index: NameIndex, hits: Callable[[NameKey, str], dict[int, Hit]]) -> None:
        self.index = index
        self.hits = hits
        self.max_len = min(index.max_words, _MAX_NGRAM)
        self.persons: set[str] = set()  # folded surnames seen as people ("al amerli")

    def find(self, text: str, start: int, end: int) -> list[_Mention]:
        by_core = self.index.by_core
        by_skel = self.index.by_skeleton
        first_words = self.index.first_words
        tokens = _tokenise(text, start, end)
        n = len(tokens)
        joined = [_joined(text, tokens[k], tokens[k + 1]) for k in range(n - 1)]
        joined.append(False)
        mentions: list[_Mention] = []
        # the last word a name starting at a token may take, once a longer run that
        # reaches no place was tried ("Kirkuk-Hawija highway": then "Kirkuk")
        shorter: dict[int, int] = {}
        i = 0
        while i < n:
            tok = tokens[i]
            if (
                not tok.cap
                or (tok.generic is not None and not _named_by_generic(tokens, joined, i, by_core))
                or tok.key == "the"
                or (tok.article and _article(text, tokens, i))
                or _glued_to_digit(text, tok)
                # Arabic script has no capitals to tell "north of" from a name: "شمال ديالى"
                or (tok.key in _LOCATIVE_CUES and not tok.article and not tok.key.isascii())
            ):
                i += 1
                continue
            # collect the run of words that may form a name (articles allowed inside)
            words: list[int] = [i]
            k = i
            while len(words) < self.max_len and joined[k] and k + 1 < shorter.get(i, n) + 1:
                k += 1
                if tokens[k].generic is not None:
                    break
                words.append(k)
            match: tuple[int, str, str] | None = None  # (last token, core, method)
            before = tokens[i - 1] if i else None
            generic_first = _generic_before(tokens, joined, i)
            end = words[-1] + 1  # the word after the run, a generic word if any
            run_generic = end < n and joined[words[-1]] and tokens[end].generic is not None
            ends = (end, run_generic, generic_first)  # for _generic_goes_with
            cue = before is not None and before.key in _LOCATIVE_CUES
            exact_ok = tok.key in first_words
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
                if (size > 1 and tokens[last].cap) or (
                    size == 1 and (cue or _generic_goes_with(tokens, joined, last, *ends))
                ):
                    skel = skeleton(core)
                    if len(skel) >= 3 and skel in by_skel:
                        match = (last, core, "skeleton")
                        break
            if match is None and loose_ok and (generic_first or run_generic):
                caps = words[:1]
                for w in words[1:]:
                    if not (tokens[w].cap or tokens[w].article):
                        break
                    caps.append(w)
                while caps and tokens[caps[-1]].article:
                    caps.pop()
                core = " ".join(tokens[w].key for w in caps if not tokens[w].article)
                if (
                    caps
                    and _generic_goes_with(tokens, joined, caps[-1], *ends)
                    and len(core) >= FUZZY_MIN_LENGTH
                ):
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
            if (
                method == "exact"
                and core not in self.index.bare_cores
                and not _generic_goes_with(tokens, joined, last, *ends)
                and not in_list
            ):
                i += 1  # "Syrian" alone is an adjective, "Syrian Desert" a place
                continue
            sentence_start = i == 0 or (
                not joined[i - 1] and _ends_sentence(text, tokens[i - 1].end, tok.start)
            )
            if last == i and (len(core) < _MIN_SINGLE or core in _ENGLISH_PLACE_WORDS):
                # "Hay al-Karama", "al-Tahrir", "Karama neighbourhood": a generic word
                # or the Arabic article makes the word a name wherever it stands
                named = _generic_goes_with(tokens, joined, last, *ends) or (
                    i > 0 and joined[i - 1] and tokens[i - 1].article
                )
                if core in _ENGLISH_PLACE_WORDS and (sentence_start or not cue) and not named:
                    i += 1
                    continue
                if len(core) < _MIN_SINGLE and not _named_by_generic(tokens, joined, i, by_core):
                    i += 1  # but "قضاء الحي": the admin word says it is a name
                    continue
            floor = mentions[-1].last + 1 if mentions else 0  # a word is in one mention
            mention = self._grow(text, tokens, joined, i, last, core, floor)
            if self._person(text, tokens, mention, mentions[-1] if mentions else None):
                i = mention.last + 1
                continue
            if not self.hits(mention.keys, method):
                if last > i:  # a run that reaches no place: its shorter start may
                    shorter[i] = last - 1
                    continue
                i += 1
                continue
            mention.method = method
            mention.in_list = in_list
            mentions.append(mention)
            i = mention.last + 1
        _apply_list_hints(text, mentions)
        return mentions

    def _grow(
        self,
        text: str,
        tokens: list[_Token],
        joined: list[bool],
        i: int,
        last: int,
        core: str,
        floor: int = 0,
    ) -> _Mention:
        """Grow the name ``tokens[i..last]`` into its mention: its articles and type words.

        It takes no word before ``floor``, the end of the mention found before it
        (``Sadr City Hamza Ali``: ``City`` is Sadr City's, not a type word of Hamza).
        """
        first = i
        generics = 0
        while first > floor and joined[first - 1] and generics < 2:
            prev = tokens[first - 1]
            if _article(text, tokens, first - 1):
                first -= 1
            elif prev.generic is not None:
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
            end_tok += 1
            generics += 1
        start, end = tokens[first].start, tokens[end_tok].end
        # the type words of the whole mention by the rule of names (``Diyala River bridge``)
        hint = name_keys(text[start:end]).hint
        keys = NameKey(fold(text[start:end]), core, hint, skeleton(core))
        return _Mention(first, end_tok, start, end, keys, i, last, found=keys)

    def _person(
        self, text: str, tokens: list[_Token], m: _Mention, previous: _Mention | None
    ) -> bool:
        """Whether a one-word mention is (part of) a personal name; remember surnames.

        By :data:`~hotspot._normalize.PERSONAL_NAMES`: a one-word place right before
        one (``Shwan Muhammad``) or right after a given name (``Saleh Hadhar``), or
        one that is such a name itself right before a capitalised word that is no
        place (``Ashraf Rifi``, not Camp Ashraf). A word right after a place found
        just before it is no surname (``in Ashraf Iraq``).
        """
        if m.core_first != m.core_last or m.keys.hint is not None:
            return False
        if not m.keys.core.isascii():  # Arabic script has no capitals to tell a name by
            return False  # ("قائد شرطة ديالى محمد الكناني": Diyala, then a person)
        surface = m.keys.folded
        if m.first < m.core_first and surface in self.persons:
            return True  # the surname again: "Al-Amerli pointed out"

        def spaced(a: _Token, b: _Token) -> bool:
            return text[a.end : b.start] == " "

        before = tokens[m.first - 1] if m.first > 0 else None
        after = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
        person = False
        after_place = previous is not None and previous.last == m.first - 1
        if (
            before is not None
            and spaced(before, tokens[m.first])
            and before.cap
            and not after_place
        ):
            nisba = m.first < m.core_first and text[tokens[m.first].end] in _HYPHENS
            person = (
                before.key in PERSON_TITLES
                or before.key in PERSONAL_NAMES
                or (  # "Maytham al-Amerli"
                    nisba
                    and before.generic is None
                    and not before.article
                    and before.key not in _LOCATIVE_CUES
                    and before.key not in self.index.by_core
                )
            )
        if not person and after is not None and spaced(tokens[m.last], after):
            # "Rashid said": a place named like a person, speaking
            person = (m.keys.core in PERSONAL_NAMES and after.key in SPEECH_VERBS) or (
                after.cap
                and (
                    after.key in PERSONAL_NAMES
                    or (  # "Ashraf Rifi said": a given name, then a surname that is no place
                        m.keys.core in PERSONAL_NAMES
                        and m.first == m.core_first
                        and after.generic is None
                        and not after.article
                        and after.key not in self.index.first_words
                        and after.key not in _LOCATIVE_CUES
                        and after.key not in _ENGLISH_PLACE_WORDS
                        and after.key not in COMMON_WORDS
                    )
                )
            )
        if person and m.first < m.core_first:
            self.persons.add(surface)  # the surname, to skip when it comes again
        return person


def _named_by_generic(
    tokens: list[_Token], joined: list[bool], i: int, by_core: Mapping[str, object]
) -> bool:
    """Whether a generic word is a name, after an Arabic or Kurdish admin word.

    ``قضاء الحي`` is the district Al-Hai and ``قضاء المدينة`` the district
    Al-Midaina: a name made of generic words only, whose admin word comes first
    (:data:`~hotspot._normalize.TYPE_PREFIXES`, the rule of
    :func:`~hotspot._normalize.name_keys`).
    """
    return (
        i > 0 and joined[i - 1] and tokens[i - 1].key in TYPE_PREFIXES and tokens[i].key in by_core
    )


def _apply_list_hints(text: str, mentions: list[_Mention]) -> None:
    """Spread the hint of a plural generic word over a list of names."""
    for k, m in enumerate(mentions):
        if m.keys.hint is None:
            continue
        tail = fold(text[m.start : m.end]).split(" ")
        head = tail[0]
        if head not in _PLURAL_GENERIC and not (len(tail) > 1 and tail[-1] in _PLURAL_GENERIC):
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


# ---------------------------------------------------------------------- resolving

#: A mention's outcome depends only on this: the keys its hits were found with,
#: the method, and the keys it is decided with (a list hint may differ).
_Signature = tuple[NameKey, str, NameKey]


class _Run:
    """The state of one :func:`extract_places` call across chunks.

    Per mention it keeps only the offsets and a result code; per distinct
    outcome one :class:`Resolution`. An ambiguous mention waits, grouped with
    the others of the same signature, until the admin units named in its
    sentence, then its paragraph, then the whole text are known; sentences and
    paragraphs are numbered across chunks, so a context is the same whether or
    not a chunk boundary falls inside it.
    """

    def __init__(self, index: NameIndex, hint: Hint | None, context: bool) -> None:
        self.index = index
        self.finder = _Finder(index, self.hits)
        self.hint = hint
        self.context = context
        self.starts = array("q")
        self.ends = array("q")
        self.codes = array("q")
        self.results: list[Resolution] = []
        self._codes: dict[tuple[object, ...], int] = {}
        self._admins_of: dict[int, frozenset[str]] = {}
        self._hits: dict[tuple[NameKey, str], dict[int, Hit]] = {}
        self._decided: dict[tuple[_Signature, frozenset[str], bool, bool], int] = {}
        # context levels 0 (sentence) and 1 (paragraph): units seen before this
        # chunk, admin keys of the open units, rows waiting per unit
        self.units_before = [0, 0]
        self.unit_admins: list[dict[int, set[str]]] = [{}, {}]
        self.waiting: list[dict[int, dict[tuple[_Signature, int], list[int]]]] = [{}, {}]
        self.text_admins: set[str] = set()
        self.text_waiting: dict[_Signature, list[int]] = {}

    # -- caches
    def hits(self, keys: NameKey, method: str) -> dict[int, Hit]:
        found = self._hits.get((keys, method))
        if found is None:
            if len(self._hits) > _CACHE_SIZE:
                self._hits.clear()
            if self.index.nisba_of(keys.core) is not None and keys.hint != "neighbourhood":
                found = {}  # "Barzani" is a family name, "Iraqi" an adjective; not "Hay al-Wasiti"
            elif method == "fuzzy":
                cores = self.index.fuzzy([keys.core], FUZZY_THRESHOLD)[0]
                found = self.index.hits_for(keys, cores, "fuzzy") if cores else {}
            else:
                found = lookup(self.index, keys) or {}
            self._hits[(keys, method)] = found
        return found

    def code(self, signature: _Signature, context: frozenset[str], query: str) -> int:
        """Return the result code of a mention decided with the ``context`` admin units."""
        # how a surface is written counts too: "DIBs" is not "Dibs", "Samrā’" is no typo
        key = (signature, context, written_as_acronym(query), romanised_with_marks(query))
        code = self._decided.get(key)
        if code is None:
            found, method, keys = signature
            result = decide(
                self.index,
                query,
                keys,
                self.hits(found, method),
                threshold=FUZZY_THRESHOLD,
                hint=self.hint,
                context=context or None,
            )
            outcome = (result.status, result.place, result.score, result.candidates)
            code = self._codes.get(outcome)
            if code is None:
                code = self._codes[outcome] = len(self.results)
                self.results.append(result)
            if len(self._decided) > _CACHE_SIZE:
                self._decided.clear()
            self._decided[key] = code
        return code

    def admins(self, code: int) -> frozenset[str]:
        """Admin units (p-codes) a resolved result names (:func:`units_named`)."""
        found = self._admins_of.get(code)
        if found is None:
            found = self._admins_of[code] = units_named(self.index, self.results[code])
        return found

    # -- chunks
    def chunk(self, text: str, start: int, end: int) -> None:
        """Find, resolve and record the mentions of ``text[start:end]``."""
        mentions = self.finder.find(text, start, end)
        bounds = [
            [m.end() for m in _SENTENCE_END.finditer(text, start, end)],
            [m.end() for m in _PARAGRAPH_BREAK.finditer(text, start, end)],
        ]
        for m in mentions:
            found = m.found or m.keys
            signature: _Signature = (found, m.method, m.keys)
            if m.keys.hint is not None and m.keys != found and self.hits(m.keys, m.method):
                signature = (m.keys, m.method, m.keys)
            code = self.code(signature, frozenset(), text[m.start : m.end])
            row = len(self.codes)
            self.starts.append(m.start)
            self.ends.append(m.end)
            self.codes.append(code)
            if not self.context:
                continue
            sentence, paragraph = (
                self.units_before[level] + bisect.bisect(bounds[level], m.start) for level in (0, 1)
            )
            status = self.results[code].status
            if status == "resolved":
                keys = self.admins(code)
                self.unit_admins[0].setdefault(sentence, set()).update(keys)
                self.unit_admins[1].setdefault(paragraph, set()).update(keys)
                self.text_admins.update(keys)
            elif status == "ambiguous" or self.weak(code):
                group = self.waiting[0].setdefault(sentence, {})
                group.setdefault((signature, paragraph), []).append(row)
        for level in (0, 1):
            self.units_before[level] += len(bounds[level])
            self._close(level, self.units_before[level])

    def weak(self, code: int) -> bool:
        """Whether a mention is unresolved for want of a hint only: the text may give one."""
        result = self.results[code]
        return result.status == "unresolved" and any(s.reason == "weak" for s in result.suggestions)

    def _settle(self, rows: list[int], signature: _Signature, admins: set[str] | None) -> bool:
        """Decide ambiguous rows again with context admin units; whether they are resolved now."""
        keys = frozenset(admins or ())
        if not keys:
            return False
        code = self.code(signature, keys, "")
        if self.results[code].status != "resolved":
            return False
        for row in rows:
            self.codes[row] = code
        return True

    def _close(self, level: int, before: float) -> None:
        """Settle the rows waiting in the units of a level numbered below ``before``.

        Rows still ambiguous wait at the next level: their paragraph, then the text.
        """
        for unit in sorted(u for u in self.waiting[level] if u < before):
            admins = self.unit_admins[level].get(unit)
            for (signature, parent), rows in self.waiting[level].pop(unit).items():
                if self._settle(rows, signature, admins):
                    continue
                if level == 0:
                    group = self.waiting[1].setdefault(parent, {})
                    group.setdefault((signature, parent), []).extend(rows)
                else:
                    self.text_waiting.setdefault(signature, []).extend(rows)
        for unit in [u for u in self.unit_admins[level] if u < before]:
            del self.unit_admins[level][unit]

    def finish(self) -> None:
        """Settle what still waits: close every sentence and paragraph, then use the text."""
        self._close(0, math.inf)
        self._close(1, math.inf)
        for signature, rows in self.text_waiting.items():
            self._settle(rows, signature, self.text_admins)
        self.text_waiting.clear()

    def frame(self, text: str) -> gpd.GeoDataFrame:
        starts = np.frombuffer(self.starts, dtype=np.int64) if self.starts else np.empty(0, int)
        ends = np.frombuffer(self.ends, dtype=np.int64) if self.ends else np.empty(0, int)
        surfaces: dict[str, str] = {}
        surface = np.empty(len(starts), dtype=object)
        for n, (s, e) in enumerate(zip(self.starts, self.ends, strict=True)):
            value = text[s:e]
            surface[n] = surfaces.setdefault(value, value)
        return rows_frame(
            [r.to_dict() for r in self.results],
            np.frombuffer(self.codes, dtype=np.int64) if self.codes else np.empty(0, int),
            EXTRACT_COLUMNS[3:],
            leading={"surface": surface, "start": starts, "end": ends},
        )


def extract_places(
    text: str,
    *,
    gazetteer: GazetteerLike = None,
    within: str | None = None,
    context: bool = True,
) -> gpd.GeoDataFrame:
    """Find the gazetteer places mentioned in a text, in text order.

    Parameters
    ----------
    text : str
        English news text; HTML markup is ignored (offsets still refer to
        ``text`` as given). Any length: memory grows with the mentions found,
        not with the text's tokens.
    gazetteer : DataFrame, path, Geocoder or None, optional
        The gazetteer (the ``gazetteer=`` rule of
        :mod:`hotspot.geocoding.resolver`); default the bundled one. A
        DataFrame or path is validated and indexed again on every call (about
        0.1 s); for repeated calls build ``Geocoder(table)`` once and pass the
        :class:`~hotspot.geocoding.resolver.Geocoder`.
    within : str, optional
        A governorate, district or sub-district (name or OCHA p-code) every
        place must lie in: a filter, as for
        :func:`~hotspot.geocoding.resolver.geocode` (a mention of a place
        outside it is ``"unresolved"``).
    context : bool, default True
        Settle ambiguous names with the governorates and districts named in
        the same sentence, paragraph or text (a tie-break).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per mention, columns :data:`EXTRACT_COLUMNS` and ``geometry``
        (a Point, empty when not resolved), CRS EPSG:4326;
        ``text[start:end] == surface`` for every row.

    Raises
    ------
    TypeError
        If ``text`` is not a string or ``context`` not a bool.
    PlaceNotFoundError
        If ``within`` names no governorate, district or sub-district.

    Examples
    --------
    >>> out = extract_places("<p>Clashes in <b>Kirkuk</b>.</p>")
    >>> out[["surface", "start", "end", "status"]].values.tolist()
    [['Kirkuk', 17, 23, 'resolved']]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if not isinstance(context, (bool, np.bool_)):
        raise TypeError(f"context must be True or False, got {type(context).__name__}")
    index = as_geocoder(gazetteer).index
    run = _Run(index, parse_within(within), bool(context))
    clean = strip_html(text)
    for start, end in _chunks(clean):
        run.chunk(clean, start, end)
    run.finish()
    return run.frame(text)
