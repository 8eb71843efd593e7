r"""Sentences of a report, with their offsets.

Examples
--------
>>> [s for _, _, s in split_sentences("Maj. Gen. Ali spoke. An IED hit.\nNext")]
['Maj. Gen. Ali spoke.', 'An IED hit.', 'Next']
"""

from __future__ import annotations

import re

__all__ = ["is_body", "split_sentences"]

_ABBREVIATIONS = frozenset(
    [
        "maj",
        "gen",
        "lt",
        "col",
        "brig",
        "capt",
        "sgt",
        "dr",
        "mr",
        "mrs",
        "ms",
        "st",
        "no",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.n",
    ]
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_FURNITURE = re.compile(r"^(?:!\[|\[|https?://|www\.|<|\(Photo|Photo:)", re.IGNORECASE)


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    r"""Split text into sentences, keeping their character offsets.

    Line breaks always end a sentence (headlines, datelines); ``.``, ``!`` and
    ``?`` end one when followed by a capital or a digit, except after common
    abbreviations ("Maj. Gen.", "U.S.").

    Parameters
    ----------
    text : str
        The report.

    Returns
    -------
    list of (start, end, sentence)
        Offsets into ``text`` and the stripped sentence.

    Examples
    --------
    >>> text = "Headline\nIt hit. U.S. forces left!"
    >>> [(s, e, x) for s, e, x in split_sentences(text)]
    [(0, 8, 'Headline'), (9, 16, 'It hit.'), (17, 34, 'U.S. forces left!')]
    """
    out: list[tuple[int, int, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().strip() and match.group()[0] == ".":
            word = re.search(r"([\w.]+)\.$", text[start : match.start() + 1])
            if word and word.group(1).lower() in _ABBREVIATIONS:
                continue
        end = match.start() + (len(match.group().rstrip()) if match.group().strip() else 0)
        _append(out, text, start, end)
        start = match.end()
    _append(out, text, start, len(text))
    return out


def _append(out: list[tuple[int, int, str]], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        out.append((start + lead, start + lead + len(stripped), stripped))


def is_body(sentence: str) -> bool:
    """Whether a sentence is body text: ends like a sentence, is no image, link or caption.

    Parameters
    ----------
    sentence : str

    Returns
    -------
    bool

    Examples
    --------
    >>> is_body("Gunmen attacked a post."), is_body("Army Launches Operation in Kirkuk")
    (True, False)
    >>> is_body("![Members of the forces raid a hideout.](/img/1.webp)")
    False
    """
    return bool(_TERMINAL.search(sentence)) and not _FURNITURE.match(sentence)
