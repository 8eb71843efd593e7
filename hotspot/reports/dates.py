r"""Dates in news reports: the publication date and the dates of events.

The **publication date** is what weekdays and relative phrases are resolved
against. :func:`publication_date` reads it, in this order, from a
``Published:`` / ``Date:`` / ``Updated:`` line; a byline (a short line holding
a date and perhaps an outlet or author: ``Kurdistan24 | 24/01/2021``,
``Gulan Media December 3, 2023 News``, ``Sep 06, 2021``); a URL with a date
(``/2025/08/01/``, or Rudaw's ``/200220201`` = 20-02-2020 and a sequence
digit); a dateline (``ERBIL, Dec. 3, 2023 –``). A line starting with a bullet
(``• Saturday, 13 July 2024``) is the site's banner on the day the page was
saved, not the publication date, and is skipped.

**Event dates** (:func:`find_dates`): explicit dates ("on July 13",
"December 3, 2023", "13 July", "2023-12-03"), weekdays ("on Sunday",
"Saturday night", "late Monday", "last Thursday": the latest such day on or
before the publication date; "last" excludes the publication day itself),
"yesterday", "the day before yesterday", "N days ago", "last week", "earlier
this month", "this month", "last month", "in January 2024", "the following /
next / same day", "a day earlier / later" (relative to the previous event),
"for a third day" (a range ending on the sentence's date), "overnight" / "last
night" (the night before the sentence's statement date or the publication date). A date right after
a speech verb ("said on Wednesday", "told Rudaw on Tuesday") is the date of
the statement, not of the event; it is marked ``statement=True``.

Each date has a precision: ``"day"``, ``"range"`` (a span of days: "last
week", "earlier this month", "for a third day", an operation that began on one
day and ended on another) or ``"month"``; ``"unknown"`` where there is none.

Absolute dates are parsed by :func:`hotspot._dates.parse_dates` (day first);
this module only adds what is specific to reports (weekdays and relative
phrases against the publication date).

Examples
--------
>>> from datetime import date
>>> publication_date("Kurdistan24 | 24/01/2021\n\nERBIL - ...")
(datetime.date(2021, 1, 24), 'byline')
>>> [(d.text, str(d.first), d.precision) for d in find_dates(
...     "Gunmen attacked on Saturday night, a source said on Sunday.", date(2024, 12, 8))]
[('on Saturday night', '2024-12-07', 'day'), ('on Sunday', '2024-12-08', 'day')]
>>> find_dates("They attacked on Saturday night, a source said on Sunday.",
...            date(2024, 12, 8))[1].statement
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date as _date
from datetime import timedelta
from typing import Any

import pandas as pd

from hotspot._dates import parse_dates, parse_day

__all__ = [
    "DATE_PRECISIONS",
    "DIED_LATER",
    "DateMention",
    "find_dates",
    "publication_date",
    "to_date",
]

#: Date precisions, finest first.
DATE_PRECISIONS: tuple[str, ...] = ("day", "range", "month", "unknown")

_DAY = timedelta(days=1)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("iso", r"(?<!\d)(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?!\d)"),
        ("mdy", rf"\b(?:on )?{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>\d{{4}})\b"),
        ("dmy", rf"\b(?:on )?(?P<day>\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? (?P<year>\d{{4}})\b"),
        ("md", rf"\b(?:on )?{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? \d{{4}})"),
        ("dm", rf"\b(?:on )?(?P<day>\d{{1,2}})(?:st|nd|rd|th)? {_MONTH}\b(?!,? \d{{4}})"),
        ("day_before", r"\bthe day before yesterday\b"),
        ("yesterday", r"\byesterday\b"),
        ("today", r"\b(?:today|this morning|this evening|tonight)\b"),
        ("following", r"\b(?:on )?(?:the )?(?:following|next) day\b|\ba day later\b"),
        ("previous", r"\b(?:on )?(?:the )?(?:previous|preceding) day\b|\ba day earlier\b"),
        ("same", r"\b(?:on )?the same day\b"),
        (
            "nth_day",
            r"\bfor (?:a|the) (?P<ordinal>second|third|fourth|fifth|sixth|seventh)"
            r" (?:straight |consecutive |successive )?day\b",
        ),
        ("days_ago", r"\b(?P<n>\d+|two|three|four|five|six) days ago\b"),
        ("last_weekday", rf"\b(?:on )?last {_WEEKDAY}\b"),
        (
            "weekday",
            rf"\b(?:(?:late|early) on |on |this |early |late )?{_WEEKDAY}"
            r"(?: (?:morning|afternoon|evening|night))?\b",
        ),
        (
            "last_week",
            r"\b(?:last|past|previous) week\b|\bearlier (?:this|in the) week\b|\bthis week\b",
        ),
        ("overnight", r"\bovernight\b|\blast night\b"),
        ("month_year", rf"\b(?:in |during |since )?{_MONTH} (?P<year>\d{{4}})\b"),
        ("earlier_month", r"\bearlier this month\b"),
        (
            "month",
            rf"\b(?:in|since|during|early|late|mid-?|earlier in|last) {_MONTH}\b(?!\.? \d)",
        ),
        ("last_month", r"\blast month\b"),
        ("this_month", r"\bthis month\b"),
        ("year", r"\b(?:in |since |during )(?P<year>(?:19|20)\d{2})\b"),
    )
)
# Kinds whose text holds digits a casualty count could be read from.
NUMERIC_KINDS = frozenset({"iso", "mdy", "dmy", "md", "dm", "month_year", "days_ago", "year"})
_SPEECH = re.compile(
    r"\b(?:said|says|told|announced|stated|added|reported|confirmed|statement|warned|"
    r"(?:told|said to) [\w' ]{1,30}?)\s*$",
    re.IGNORECASE,
)

#: A later death of the event's wounded ("died of his wounds", "succumbed to her
#: injuries", "later died in hospital"): its date is not the event's.
DIED_LATER = re.compile(
    r"\b(?:(?:died|passed\s+away)\s+(?:of|from)\s+(?:(?:his|her|their|the)\s+)?"
    r"(?:wounds|injuries)|succumbed\s+to\s+(?:(?:his|her|their|the)\s+)?(?:wounds|injuries)|"
    r"later\s+died|died\s+later)(?:\s+(?:in|at)\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,3}"
    r"hospital)?",
    re.IGNORECASE,
)
_DIED_LATER_ON = re.compile(DIED_LATER.pattern + r"(?:\s+on)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date expression in a sentence, resolved where possible.

    Attributes
    ----------
    start, end : int
        Offsets in the sentence.
    text : str
        The expression as written.
    kind : str
        Which pattern matched (``"weekday"``, ``"md"``, ``"following"``...).
    first, last : datetime.date or None
        The first and last day it covers; None when it cannot be resolved
        (a weekday without a publication date, "the following day" first).
    precision : str
        ``"day"``, ``"range"`` or ``"month"``.
    statement : bool
        The date of a statement ("said on Wednesday") or of a later death of the
        wounded ("died of his wounds on Sunday"), not of the event: the event
        happened by then.
    """

    start: int
    end: int
    text: str
    kind: str
    first: _date | None
    last: _date | None
    precision: str
    statement: bool = False

    @property
    def relative_to_previous(self) -> bool:
        """Whether it needs the previous event's date ("the following day")."""
        return self.kind in ("following", "previous", "same")


def to_date(value: Any) -> _date | None:
    """Return ``value`` as a date (None stays None).

    Parameters
    ----------
    value : date-like or None

    Returns
    -------
    datetime.date or None

    Raises
    ------
    ValueError
        If ``value`` is not a date.

    Examples
    --------
    >>> to_date("2023-12-03")
    datetime.date(2023, 12, 3)
    """
    if value is None:
        return None
    return parse_day(value, name="report_date").date()  # the one date rule


# ------------------------------------------------------------------ publication date
_HEADER = re.compile(
    r"^\s*(?:published|date|dateline|updated|posted)\s*(?:on)?\s*:\s*(?P<value>.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_ABSOLUTE = re.compile(
    r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b"
    rf"|\b{_MONTH.replace('(?P<month>', '(?:')} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH.replace('(?P<month>', '(?:')},? \d{{4}}\b",
    re.IGNORECASE,
)
_URL_YMD = re.compile(r"/(?P<y>20\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|\b)")
_URL_DMY = re.compile(r"/(?P<d>\d{2})(?P<m>\d{2})(?P<y>20\d{2})\d?(?!\d)")
_URL_YMD8 = re.compile(r"/(?P<y>20\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+,[^–—\n]{0,40}?\s[–—-]\s", re.MULTILINE)


def _absolute(text: str) -> _date | None:
    """Read the first absolute date in ``text`` with :func:`hotspot._dates.parse_dates`."""
    match = _ABSOLUTE.search(text)
    if not match:
        return None
    value = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", match.group()).replace(",", "")
    # "Sep 06 2021" -> "06 Sep 2021", a form parse_dates reads
    value = re.sub(r"^([A-Za-z]+)\.? (\d{1,2}) (\d{4})$", r"\2 \1 \3", value)
    start, _ = parse_dates([value])
    return None if pd.isna(start.iloc[0]) else start.iloc[0].date()


def _valid(y: str, m: str, d: str) -> _date | None:
    try:
        return _date(int(y), int(m), int(d))
    except ValueError:
        return None


def publication_date(text: str) -> tuple[_date | None, str]:
    r"""Find a report's publication date in its header, byline, URL or dateline.

    Parameters
    ----------
    text : str
        The report.

    Returns
    -------
    (datetime.date or None, str)
        The date and where it came from: ``"header"``, ``"byline"``,
        ``"url"``, ``"dateline"``, or ``"none"``.

    Examples
    --------
    >>> publication_date("https://www.rudaw.net/english/kurdistan/110420232\nText")
    (datetime.date(2023, 4, 11), 'url')
    >>> publication_date("• Saturday, 13 July 2024\nHeadline\nGulan Media December 3, 2023 News")
    (datetime.date(2023, 12, 3), 'byline')
    >>> publication_date("• Saturday, 11 May 2024\nNo byline here.")
    (None, 'none')
    """
    for match in _HEADER.finditer(text):
        whole, _ = parse_dates([match.group("value")])  # a header holds a date: the one rule
        found = whole.iloc[0].date() if pd.notna(whole.iloc[0]) else None
        found = found or _absolute(match.group("value"))
        if found:
            return found, "header"
    lines = text.splitlines()
    for line in lines[:15]:
        stripped = line.strip()
        if not stripped or stripped[0] in "•·*-–—" or len(stripped) > 80:
            continue  # a banner, a list item or body text
        if stripped.count(" ") > 9 or re.search(r"[.!?]$", stripped):
            continue
        found = _absolute(stripped)
        if found:
            return found, "byline"
    for pattern in (_URL_YMD, _URL_DMY, _URL_YMD8):
        for match in pattern.finditer(text):
            found = _valid(match.group("y"), match.group("m"), match.group("d"))
            if found:
                return found, "url"
    for match in _DATELINE.finditer(text):
        found = _absolute(match.group())
        if found:
            return found, "dateline"
    return None, "none"


# ------------------------------------------------------------------ event dates
def _weekday_back(report: _date, name: str, strict: bool) -> _date:
    back = (report.weekday() - _WEEKDAYS.index(name.lower())) % 7
    if strict and back == 0:
        back = 7
    return report - back * _DAY


def _month_range(first: _date) -> tuple[_date, _date]:
    last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
    return first, last


def _resolve(
    kind: str, groups: dict[str, str | None], report: _date | None, text: str = ""
) -> tuple[_date, _date, str] | None:
    month = _MONTHS[groups["month"].lower()] if groups.get("month") else None
    if kind in ("iso", "mdy", "dmy"):
        d = _absolute(text)  # hotspot._dates.parse_dates reads it
        return (d, d, "day") if d is not None else None
    if kind == "month_year":
        return (*_month_range(_date(int(groups["year"]), month, 1)), "month")
    if kind == "year":
        y = int(groups["year"])
        return _date(y, 1, 1), _date(y, 12, 31), "range"
    if report is None or kind in ("following", "previous", "same", "nth_day", "overnight"):
        return None
    if kind in ("md", "dm"):
        d = _date(report.year, month, int(groups["day"]))
        if d > report + _DAY:
            d = _date(report.year - 1, month, int(groups["day"]))
        return d, d, "day"
    if kind == "month":
        first = _date(report.year, month, 1)
        if first > report:
            first = _date(report.year - 1, month, 1)
        return (*_month_range(first), "month")
    if kind == "day_before":
        return report - 2 * _DAY, report - 2 * _DAY, "day"
    if kind == "yesterday":
        return report - _DAY, report - _DAY, "day"
    if kind == "today":
        return report, report, "day"
    if kind == "days_ago":
        n = int(groups["n"]) if groups["n"].isdigit() else _SMALL[groups["n"].lower()]
        return report - n * _DAY, report - n * _DAY, "day"
    if kind in ("last_weekday", "weekday"):
        d = _weekday_back(report, groups["weekday"], strict=kind == "last_weekday")
        return d, d, "day"
    if kind == "last_week":
        return report - 7 * _DAY, report - _DAY, "range"
    if kind == "earlier_month":
        first = report.replace(day=1)
        return first, max(first, report - _DAY), "range"
    if kind in ("last_month", "this_month"):
        first = report.replace(day=1)
        if kind == "last_month":
            first = (first - _DAY).replace(day=1)
        return (*_month_range(first), "month")
    return None


def find_dates(sentence: str, report: _date | None) -> list[DateMention]:
    """Find the date expressions of a sentence, resolved against the publication date.

    Parameters
    ----------
    sentence : str
        One sentence.
    report : datetime.date or None
        The publication date; without it, weekdays and relative phrases stay
        unresolved (``first`` is None).

    Returns
    -------
    list of DateMention
        In text order, overlapping matches removed (the longest wins).
        Expressions relative to another event ("the following day") and "for a
        third day" are returned unresolved; :func:`resolve_relative` settles them.

    Examples
    --------
    >>> from datetime import date
    >>> [(d.kind, str(d.first), str(d.last), d.precision) for d in
    ...  find_dates("It began earlier this month.", date(2022, 11, 28))]
    [('earlier_month', '2022-11-01', '2022-11-27', 'range')]
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if match.groupdict().get("month", "") and match.group("month").lower() == "may":
                before = sentence[max(0, match.start("month") - 12) : match.start("month")]
                if kind in ("md", "dm") and not re.search(r"\b(?:on|in|of|\d)\s*$", before):
                    continue  # the verb "may", not the month
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            try:
                resolved = _resolve(kind, match.groupdict(), report, match.group())
            except (ValueError, KeyError):
                continue
            first, last, precision = resolved if resolved else (None, None, "day")
            if kind == "nth_day":
                precision = "range"
            before = sentence[: match.start()]
            statement = bool(_SPEECH.search(before) or _DIED_LATER_ON.search(before))
            found.append(
                DateMention(
                    match.start(),
                    match.end(),
                    match.group(),
                    kind,
                    first,
                    last,
                    precision,
                    statement,
                )
            )
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def resolve_relative(
    mention: DateMention, previous: tuple[_date, _date] | None, anchor: _date | None
) -> DateMention:
    """Resolve a date relative to the previous event or to the sentence's own date.

    Parameters
    ----------
    mention : DateMention
        From :func:`find_dates`.
    previous : (date, date) or None
        First and last day of the previous event in the report.
    anchor : datetime.date or None
        The sentence's statement date or the publication date, which "for a
        third day" counts back from.

    Returns
    -------
    DateMention
        ``mention`` with ``first`` / ``last`` set where they could be.

    Examples
    --------
    >>> from datetime import date
    >>> m = find_dates("On the following day, gunmen attacked.", date(2023, 12, 3))[0]
    >>> str(resolve_relative(m, (date(2023, 11, 30), date(2023, 11, 30)), None).first)
    '2023-12-01'
    """
    if mention.first is not None:
        return mention
    if mention.kind in ("following", "previous", "same") and previous is not None:
        step = {"following": _DAY, "previous": -_DAY, "same": timedelta(0)}[mention.kind]
        return replace(mention, first=previous[0] + step, last=previous[1] + step)
    if mention.kind == "overnight" and anchor is not None:
        return replace(mention, first=anchor - _DAY, last=anchor, precision="range")
    if mention.kind == "nth_day" and anchor is not None:
        match = re.search(r"second|third|fourth|fifth|sixth|seventh", mention.text, re.I)
        n = _ORDINALS[match.group().lower()] if match else 2
        return replace(mention, first=anchor - (n - 1) * _DAY, last=anchor, precision="range")
    return mention
