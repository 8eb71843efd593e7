"""Read the word lists shipped as data (``hotspot/data/words/*.csv``), once.

The name normaliser and the text extractor need word lists: generic words and
the feature type they hint at, articles, English words that never start a place
name, locative cues, personal titles and names. They are data, kept in small
UTF-8 CSV files with a header row (see ``hotspot/data/words/README.md``), and
read here on first use. Every word is stored casefolded, as the normalised
tokens it is compared with.

Examples
--------
>>> "wadi" in word_set("generic_words.csv")
True
>>> word_table("hint_types.csv")[0]["hint"]
'valley'
"""

from __future__ import annotations

import csv
import functools

from hotspot._data import data_path

__all__ = ["word_set", "word_table"]


@functools.cache
def _read(name: str) -> tuple[dict[str, str], ...]:
    path = data_path(f"words/{name}")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames:
            raise ValueError(f"{path}: the file is empty; expected a header row")
        rows = []
        for line, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise ValueError(f"{path}, line {line}: expected {len(reader.fieldnames)} fields")
            first = row[reader.fieldnames[0]]
            if not first or first != first.strip().casefold():
                raise ValueError(
                    f"{path}, line {line}: {first!r} must be a non-empty casefolded word"
                )
            rows.append(dict(row))
    return tuple(rows)


def word_table(name: str) -> list[dict[str, str]]:
    """Return the rows of a word-list file as dicts (column name to text).

    Parameters
    ----------
    name : str
        File name in ``hotspot/data/words/``, e.g. ``"generic_words.csv"``.

    Returns
    -------
    list of dict
        One dict per row, in file order (a new list; the rows are shared).

    Raises
    ------
    ValueError
        If a row has the wrong number of fields or its first value is empty
        or not casefolded (the message names the file and line).
    FileNotFoundError
        If the file is not bundled.

    Examples
    --------
    >>> rows = word_table("generic_words.csv")
    >>> jabal = next(r for r in rows if r["word"] == "jabal")
    >>> jabal["hint"], jabal["after_name"], jabal["before_name"]
    ('mountain', '', '')
    """
    return list(_read(name))


@functools.cache
def word_set(name: str) -> frozenset[str]:
    """Return the words (first column) of a word-list file as a frozenset.

    Parameters
    ----------
    name : str
        File name in ``hotspot/data/words/``, e.g. ``"locative_cues.csv"``.

    Returns
    -------
    frozenset of str
        The casefolded words.

    Examples
    --------
    >>> "near" in word_set("locative_cues.csv")
    True
    """
    return frozenset(next(iter(row.values())) for row in _read(name))
