"""Casualty counts in a sentence: the people killed and the people injured.

A count is read next to a casualty word: after an active one ("killing three
policemen", "the deaths of at least ten civilians", "injuring a farmer and
his son") or before a passive one ("five shepherds and a policeman were
killed", "two others were injured", "leaving ten civilians dead"). The parts
of a coordinated list are **summed** ("five shepherds and a policeman" = 6);
"a", "an", "his", "her" and "their" count one when a noun naming people
follows (:attr:`hotspot.reports.vocabulary.Vocabulary.person_pattern`);
"no" counts zero. Number words ("twenty-three", "a dozen") and thousands
separators are read; "over N", "at least N" give N. Dates and years are not
counts, and an age ("12-year-old girl") is one person, not twelve. One wounded
person who later died ("a soldier wounded in the attack died of his wounds") counts
as killed; of several, who died is not told.

Examples
--------
>>> from hotspot.reports.vocabulary import load_vocabulary
>>> casualties("Five shepherds and a policeman were killed.", load_vocabulary())
(6, None)
>>> casualties("An attack killed two soldiers and wounded four others.", load_vocabulary())
(2, 4)
"""

from __future__ import annotations

import re

from hotspot.reports.dates import DIED_LATER, NUMERIC_KINDS, find_dates
from hotspot.reports.vocabulary import Vocabulary

__all__ = ["casualties", "number"]

_WORDS = {
    "no": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
_ONE = frozenset({"a", "an", "his", "her", "their", "its"})
_QUALIFIERS = frozenset(
    {
        "at",
        "least",
        "over",
        "more",
        "than",
        "nearly",
        "almost",
        "about",
        "around",
        "some",
        "up",
        "to",
        "approximately",
        "another",
        "the",
        "tragic",
    }
)
_AUX = frozenset(
    {
        "were",
        "was",
        "been",
        "have",
        "has",
        "had",
        "are",
        "is",
        "also",
        "reportedly",
        "all",
        "both",
        "later",
        "being",
        "initially",
    }
)
_KILLED_ACTIVE = re.compile(r"^(?:kill(?:ing|ed|s)?|deaths?|lives|executing|executed)$", re.I)
_KILLED_PASSIVE = re.compile(r"^(?:killed|dead|died|slain|martyred|executed)$", re.I)
_INJURED_ACTIVE = re.compile(r"^(?:injur(?:ing|ed|es)|wound(?:ing|ed|s)?)$", re.I)
_INJURED_PASSIVE = re.compile(r"^(?:injured|wounded|hurt|injuries)$", re.I)
_VERBISH = re.compile(
    r"^(?:\w+ing|kill\w*|wound\w*|injur\w*|arrest\w*|captur\w*|were|was|dead|died|said|and)$",
    re.I,
)
_STOP = frozenset(
    {
        "when",
        "after",
        "while",
        "as",
        "in",
        "near",
        "on",
        "during",
        "by",
        "with",
        "from",
        "that",
        "which",
        "who",
        "but",
    }
)
# "Four people, including a child, were killed": the aside is part of the four.
_PARENTHESIS = re.compile(
    r",\s*(?:including|among them|among whom|most of them|all of them)\b[^,;]*,|\([^)]*\)", re.I
)
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:-year-old)?|[A-Za-z]+(?:[-'][A-Za-z]+)*|[,;:()]")


def number(word: str) -> int | None:
    """Read a figure: digits (with thousands separators) or number words.

    Parameters
    ----------
    word : str
        ``"1,200"``, ``"twenty-three"``, ``"ten"``...

    Returns
    -------
    int or None

    Examples
    --------
    >>> number("twenty-three"), number("1,200"), number("soldiers")
    (23, 1200, None)
    """
    text = word.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    if text in _WORDS:
        return _WORDS[text]
    parts = text.replace("-", " ").split()
    if len(parts) == 2 and all(p in _WORDS for p in parts) and _WORDS[parts[0]] >= 20:
        return _WORDS[parts[0]] + _WORDS[parts[1]]
    return None


def _blank_dates(sentence: str) -> str:
    chars = list(sentence)
    for mention in find_dates(sentence, None):
        if mention.kind in NUMERIC_KINDS:
            chars[mention.start : mention.end] = " " * (mention.end - mention.start)
    text = "".join(chars)
    return re.sub(r"\b(?:19|20)\d{2}\b", lambda m: " " * len(m.group()), text)


def _item(tokens: list[str], i: int, vocab: Vocabulary, forward: bool) -> tuple[int, int] | None:
    """Read one list item (figure + up to six words) starting (forward) or ending (back) at i.

    Returns (count, index past the item in the walking direction).
    """
    if forward:
        j = i
        while j < len(tokens) and tokens[j].lower() in _QUALIFIERS:
            j += 1
        if j >= len(tokens):
            return None
        word = tokens[j].lower()
        if word == "a" and j + 1 < len(tokens) and tokens[j + 1].lower() == "dozen":
            return 12, j + 2
        if word.endswith("-year-old"):
            return 1, j + 1
        n = number(tokens[j])
        if n is None and word in _ONE:
            window = " ".join(tokens[j + 1 : j + 7])
            if vocab.person_pattern.match(tokens[j + 1] if j + 1 < len(tokens) else "") or (
                vocab.person_pattern.search(" ".join(tokens[j + 1 : j + 4]))
                and "," not in window[:20]
            ):
                n = 1
        if n is None:
            return None
        k = j + 1
        if (
            k + 1 < len(tokens)
            and re.fullmatch(r"(?i)years?", tokens[k])
            and tokens[k + 1].lower() == "old"
        ):
            n, j, k = 1, k + 1, k + 2  # "9 year old Ali": one person
        while k < len(tokens) and k - j <= 6:
            low = tokens[k].lower()
            if low in (",", ";", "and", "with", "in", "near", "on", "when", "after", "while"):
                break
            if k > j + 1 and _VERBISH.match(tokens[k]) and not vocab.person_pattern.fullmatch(low):
                break
            k += 1
        return n, k
    # backward: the item ends at i; find its figure within six words
    if _VERBISH.match(tokens[i]) and number(tokens[i]) is None:
        return None
    for j in range(i, max(-1, i - 7), -1):
        low = tokens[j].lower()
        if low in (",", ";", "and") or (j < i and low in _STOP):
            return None
        if j < i and (_KILLED_PASSIVE.match(low) or _INJURED_PASSIVE.match(low)):
            return None
        if low.endswith("-year-old"):
            continue
        n = number(tokens[j])
        if (
            n is None
            and low in _ONE
            and vocab.person_pattern.search(" ".join(tokens[j + 1 : i + 1]))
        ):
            n = 1
        if n is None and low == "dozen" and j > 0 and tokens[j - 1].lower() == "a":
            return 12, j - 2
        if n is not None:
            if j > 0 and tokens[j - 1].lower() in ("no",) and n:
                return None
            return n, j - 1
    return None


def _walk(tokens: list[str], i: int, vocab: Vocabulary, forward: bool) -> int | None:
    """Sum the coordinated items after (forward) or before (backward) position i."""
    total, found = 0, False
    pos = i
    while True:
        item = _item(tokens, pos, vocab, forward)
        if item is None:
            break
        n, pos = item
        total, found = total + n, True
        # continue over ", and" / "and" / "," to another item
        step = 1 if forward else -1
        seen_joint = False
        while 0 <= pos < len(tokens) and tokens[pos].lower() in (",", "and"):
            seen_joint = True
            pos += step
        if not seen_joint or not (0 <= pos < len(tokens)):
            break
        if forward and _VERBISH.match(tokens[pos]) and number(tokens[pos]) is None:
            break
    return total if found else None


def _passive(tokens: list[str], i: int) -> bool:
    """Whether the participle at i follows a form of "to be" ("were (also) killed")."""
    j = i - 1
    while j >= 0 and tokens[j].lower() in ("also", "reportedly", "all", "both", "later"):
        j -= 1
    return j >= 0 and tokens[j].lower() in ("were", "was", "been", "are", "is", "being", "be")


def casualties(sentence: str, vocab: Vocabulary) -> tuple[int | None, int | None]:
    """Return (killed, injured) in a sentence; None where it gives no figure.

    Parameters
    ----------
    sentence : str
        One sentence.
    vocab : Vocabulary
        For the nouns that name people.

    Returns
    -------
    (int or None, int or None)
        Sums over the casualty words of the sentence.

    Examples
    --------
    >>> from hotspot.reports.vocabulary import load_vocabulary
    >>> casualties("Gunmen killed a village mukhtar and his brother.", load_vocabulary())
    (2, None)
    >>> casualties("Three militants were killed and a soldier was wounded.", load_vocabulary())
    (3, 1)
    >>> casualties("A soldier wounded in the attack died of his wounds.", load_vocabulary())
    (1, None)
    """
    text = _PARENTHESIS.sub(" ", _blank_dates(sentence))
    tokens = _TOKEN.findall(text)
    killed: list[int] = []
    injured: list[int] = []
    for i, token in enumerate(tokens):
        low = token.lower()
        for active, passive, out in (
            (_KILLED_ACTIVE, _KILLED_PASSIVE, killed),
            (_INJURED_ACTIVE, _INJURED_PASSIVE, injured),
        ):
            value = None
            if active.match(low) and not (
                low in ("killed", "wounded", "injured") and _passive(tokens, i)
            ):
                start = i + 1
                if start < len(tokens) and tokens[start].lower() == "of":
                    start += 1
                value = _walk(tokens, start, vocab, forward=True)
            if value is None and passive.match(low):
                j = i - 1
                while j >= 0 and tokens[j].lower() in _AUX:
                    j -= 1
                if low == "injuries" and j >= 0 and tokens[j].lower().startswith("sustain"):
                    j -= 1
                    while j >= 0 and tokens[j].lower() in _AUX:
                        j -= 1
                if j >= 0:
                    value = _walk(tokens, j, vocab, forward=False)
            if value is not None:
                out.append(value)
    if injured == [1] and not killed and ";" not in text and DIED_LATER.search(text):
        killed, injured = injured, []  # "a soldier wounded in ... died of his wounds"
    return (sum(killed) if killed else None), (sum(injured) if injured else None)
