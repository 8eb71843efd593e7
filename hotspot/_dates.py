"""Dates: the one parser every reader, analysis and command line option uses.

The rule
--------
1. **Typed values are taken as they are.** ``datetime``, ``date``,
   ``pandas.Timestamp`` and ``numpy.datetime64`` values (and datetime64 columns)
   keep their day and time. A time zone is dropped keeping the wall-clock time
   written: ``2023-12-03 23:30+03:00`` stays on 3 December.
2. **ISO first.** ``2023-12-03``, ``2023-12-03T10:00:00Z``, ``2023/12/03``,
   ``20231203``; a month ``2023-12`` covers its days and a bare year ``2023``
   covers 1 January to 31 December.
3. **Month names** in any order: ``03 December 2023``, ``3 Dec. 2023``,
   ``3-Dec-23``, ``December 3, 2023``, ``Sunday, 3 December 2023``.
4. **Numeric day and month are day-first by default**: ``03/12/2023``,
   ``03-12-2023`` and ``03.12.2023`` are 3 December (ACLED, Iraqi and European
   usage). ``dayfirst=False`` (command line ``--monthfirst``) reads them as
   12 March. There is no silent fallback: ``12/31/2023`` is *not a date* when
   day-first, and the message says to pass ``dayfirst=False``.
5. Days outside what ``datetime64[ns]`` holds (1677-09-22 to 2262-04-11) are
   not dates; the message says so instead of failing the whole column.

Functions
---------
:func:`read_dates` parses a column and says why each unreadable value is not a
date; :func:`parse_dates` is its short form (kept in
:mod:`hotspot.incidents` for compatibility); :func:`parse_day` and
:func:`parse_period` read one option such as ``since`` / ``until``.

Examples
--------
>>> start, end = parse_dates(["2023-12-03", "03/12/2023", "3 Dec 2023", "2019"])
>>> [str(d.date()) for d in start]
['2023-12-03', '2023-12-03', '2023-12-03', '2019-01-01']
>>> str(parse_day("01-06-2014", name="since").date())
'2014-06-01'
>>> str(parse_day("12/31/2023", name="until", dayfirst=False).date())
'2023-12-31'
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as _date
from typing import Any

import numpy as np
import pandas as pd

from hotspot.errors import DateError

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "DateParse",
    "parse_dates",
    "parse_day",
    "parse_period",
    "read_dates",
    "wall_clock",
]

#: First and last whole day a ``datetime64[ns]`` column can hold.
FIRST_DAY = pd.Timestamp("1677-09-22")
LAST_DAY = pd.Timestamp("2262-04-11")

# Formats tried in order after the ISO forms; the numeric day/month forms come last
# and are chosen by `dayfirst`.
_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d",
    "%Y%m%d",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d-%B-%Y",
    "%d-%B-%y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
)
_DAYFIRST = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")
_MONTHFIRST = ("%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%m.%d.%Y")
# An ISO time with a UTC designator or offset after it: the offset is dropped so that
# the wall-clock date and time as written are kept.
_ISO_TIME = re.compile(
    r"^(?P<day>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
# "3 Dec. 2023", "Sept. 3, 2023": a full stop after a month abbreviation.
_MONTH_DOT = re.compile(r"\b(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.", re.IGNORECASE)
# "Sunday, 3 December 2023": a weekday in front says nothing more.
_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+",
    re.IGNORECASE,
)
_NUMERIC_DAY = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$")
_EXPECTED = "expected e.g. 2023-12-03, 03 December 2023"


@dataclass(frozen=True)
class DateParse:
    """Result of :func:`read_dates`, aligned to the input.

    Attributes
    ----------
    start, end : pandas.Series of datetime64[ns]
        First and last day each value covers: equal for a day or a time, the
        first and last day of a month (``2023-12``) or a year (``2023``). NaT
        where the value is missing or not a date. Naive (no time zone).
    problems : pandas.Series of str
        Why a non-empty value is NaT (``""`` for dates and for missing values).
    """

    start: pd.Series
    end: pd.Series
    problems: pd.Series


def read_dates(values: Iterable[Any], *, dayfirst: bool = True) -> DateParse:
    """Parse dates by the module rule and say why each unreadable one is not a date.

    Parameters
    ----------
    values : iterable or pandas.Series
        Date texts, datetimes or a datetime64 column; missing values may be
        ``None``, NaN, NaT or ``""``. A Series keeps its index in the result.
    dayfirst : bool, default True
        Read ``03/12/2023`` as 3 December; ``False`` reads it as 12 March.

    Returns
    -------
    DateParse
        ``start``, ``end`` (datetime64[ns], naive) and ``problems``.

    Examples
    --------
    >>> parsed = read_dates(["2023-12", "12/31/2023", "3024-05-05", None])
    >>> [str(d.date()) if pd.notna(d) else None for d in parsed.end]
    ['2023-12-31', None, None, None]
    >>> parsed.problems[1].split(";")[0]
    "'12/31/2023' is not a day-first date (dd/mm/yyyy)"
    >>> parsed.problems[2].split(" (")[1]
    '1677-09-22 to 2262-04-11)'
    """
    raw = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    index = raw.index
    if isinstance(raw.dtype, pd.DatetimeTZDtype):
        raw = raw.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(raw.dtype):
        start = raw.astype("datetime64[ns]")
        return DateParse(start, start.copy(), pd.Series("", index=index, dtype=object))
    raw = pd.Series(raw.to_numpy(dtype=object), dtype=object)  # positional from here on
    start = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    end = start.copy()
    problems = pd.Series("", index=raw.index, dtype=object)
    typed = np.array(
        [isinstance(v, (_date, np.datetime64)) and v is not pd.NaT for v in raw], dtype=bool
    )
    for i in np.flatnonzero(typed):
        stamp = wall_clock(raw.iat[i])
        if stamp is None:
            continue
        try:
            start.iat[i] = end.iat[i] = stamp.as_unit("ns")
        except (ValueError, OverflowError):
            problems.iat[i] = _out_of_range(str(stamp.date()))
    missing = np.array([_is_missing(v) for v in raw], dtype=bool)
    text = raw.where(~missing & ~typed, "").map(lambda v: str(v).strip())
    original = text.copy()
    text = text.str.replace(r"\.0$", "", regex=True)
    text = text.str.replace(_ISO_TIME, r"\g<day> \g<time>", regex=True)
    text = text.str.replace(_WEEKDAY, "", regex=True)
    text = text.str.replace(_MONTH_DOT, r"\1", regex=True)
    text = text.str.replace(r"(?i)\bsept\b", "Sep", regex=True)
    todo = np.array(text != "", dtype=bool)
    spans = (
        *((fmt, None) for fmt in _FORMATS),
        *((fmt, None) for fmt in (_DAYFIRST if dayfirst else _MONTHFIRST)),
        ("%Y-%m", "M"),
        ("%Y", "Y"),
    )
    for fmt, period in spans:
        if not todo.any():
            break
        candidates = text[todo]
        if period == "Y":
            candidates = candidates[candidates.str.fullmatch(r"\d{4}")]
        parsed = pd.to_datetime(candidates, format=fmt, errors="coerce")
        parsed = parsed[parsed.notna()]
        if parsed.empty:
            continue
        last = parsed
        if period is not None:
            last = parsed + (pd.offsets.MonthEnd(0) if period == "M" else pd.offsets.YearEnd(0))
        fits = np.array((parsed >= FIRST_DAY) & (last < LAST_DAY + pd.Timedelta(days=1)))
        where = parsed.index.to_numpy()
        start.iloc[where[fits]] = parsed[fits].astype("datetime64[ns]").to_numpy()
        end.iloc[where[fits]] = last[fits].astype("datetime64[ns]").to_numpy()
        for i in where[~fits]:
            problems.iat[i] = _out_of_range(original.iat[i])
        todo[where] = False
    for i in np.flatnonzero(todo):
        problems.iat[i] = _not_a_date(original.iat[i], text.iat[i], dayfirst=dayfirst)
    start.index = end.index = problems.index = index
    return DateParse(start, end, problems)


def parse_dates(values: Iterable[Any], *, dayfirst: bool = True) -> tuple[pd.Series, pd.Series]:
    """Parse dates written in the forms incident tables use (see the module rule).

    Accepted: ISO ``2023-12-03`` (optionally with a time, ``T`` and a UTC
    designator or offset: ``2023-12-03T10:00:00Z``, ``2023-12-03 10:00``),
    ``03 December 2023``, ``3 Dec 2023``, ``3 Dec. 2023``, ``3-Dec-23``,
    ``December 3, 2023``, ``03/12/2023`` and ``03-12-2023`` (day first unless
    ``dayfirst=False``), ``03.12.2023``, a month ``2023-12`` and a bare year
    ``2023``. Datetime values (``datetime``, ``Timestamp``,
    ``numpy.datetime64``), naive or time-zone aware, are taken as they are; a
    time zone is dropped keeping the wall-clock time written (``2023-12-03
    23:30+03:00`` stays on 3 December), as it is for an offset in text.

    Parameters
    ----------
    values : iterable
        Date texts (or datetimes); missing values may be ``None``, NaN or ``""``.
    dayfirst : bool, default True
        Read ``03/12/2023`` as 3 December (ACLED, Iraqi usage) rather than
        March 12.

    Returns
    -------
    start, end : pandas.Series of datetime64[ns]
        The first and last day each value covers: equal for a day, 1 January and
        31 December for a bare year. NaT where the value is missing or unreadable.
        Naive (no time zone), on a fresh 0..n-1 index.

    See Also
    --------
    read_dates : the same, with the reason each value is not a date.

    Examples
    --------
    >>> start, end = parse_dates(["2023-12-03", "3-Dec-23", "03/12/2023", "2019", "soon"])
    >>> [str(d.date()) if pd.notna(d) else None for d in start]
    ['2023-12-03', '2023-12-03', '2023-12-03', '2019-01-01', None]
    >>> str(end[3].date())
    '2019-12-31'
    >>> start, _ = parse_dates(["2023-12-03T23:30:00+03:00", "3 Dec. 2023", "03-12-2023"])
    >>> [str(d) for d in start]
    ['2023-12-03 23:30:00', '2023-12-03 00:00:00', '2023-12-03 00:00:00']
    """
    parsed = read_dates(pd.Series(list(values), dtype=object), dayfirst=dayfirst)
    return parsed.start, parsed.end


def parse_day(
    value: Any, *, name: str = "date", dayfirst: bool = True, last: bool = False
) -> pd.Timestamp:
    """Read one day given as an option (``since``, ``until``, ``report_date``...).

    Parameters
    ----------
    value : str, datetime.date, datetime.datetime, pandas.Timestamp or numpy.datetime64
        The day, in any form of the module rule (``"2017-10-16"``,
        ``"16 October 2017"``, ``"16/10/2017"``, a year ``"2017"``).
    name : str, default "date"
        Option name used in the error message.
    dayfirst : bool, default True
        Read ``01-06-2014`` as 1 June (``False``: 6 January).
    last : bool, default False
        For a month or a year, return its last day instead of its first
        (``until="2017"`` means to the end of 2017).

    Returns
    -------
    pandas.Timestamp
        Midnight of the day (naive).

    Raises
    ------
    hotspot.errors.DateError
        If ``value`` is missing or not a date; the message names the option.

    Examples
    --------
    >>> str(parse_day("2017", name="until", last=True).date())
    '2017-12-31'
    >>> parse_day("soon", name="since")
    Traceback (most recent call last):
    ...
    hotspot.errors.DateError: since='soon' is not a date (expected e.g. 2023-12-03, ...)
    """
    parsed = read_dates(pd.Series([value], dtype=object), dayfirst=dayfirst)
    stamp = (parsed.end if last else parsed.start).iat[0]
    if pd.isna(stamp):
        why = parsed.problems.iat[0]
        detail = why.split(" ", 1)[1] if why.startswith("'") else f"is not a date ({_EXPECTED})"
        raise DateError(f"{name}={value!r} {detail}")
    return stamp.normalize()


def parse_period(
    since: Any = None, until: Any = None, *, dayfirst: bool = True
) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Read a ``since`` / ``until`` pair of options as whole days.

    Parameters
    ----------
    since, until : str, date or None
        First and last day of the period (both inclusive); ``None`` leaves that
        side open. A month or a year covers all its days (``until="2017"`` ends
        on 31 December 2017).
    dayfirst : bool, default True
        As in :func:`parse_day`.

    Returns
    -------
    tuple of (pandas.Timestamp or None, pandas.Timestamp or None)
        Midnight of the first day and **the moment after** the last day, so that
        a row is in the period when ``since <= date < until``.

    Raises
    ------
    hotspot.errors.DateError
        If an option is not a date, or ``until`` comes before ``since``.

    Examples
    --------
    >>> since, until = parse_period("01-06-2014", "2014")
    >>> str(since), str(until)
    ('2014-06-01 00:00:00', '2015-01-01 00:00:00')
    """
    first = None if since is None else parse_day(since, name="since", dayfirst=dayfirst)
    after = None
    if until is not None:
        after = parse_day(until, name="until", dayfirst=dayfirst, last=True) + pd.Timedelta(days=1)
    if first is not None and after is not None and after <= first:
        raise DateError(
            f"until={until!r} comes before since={since!r}: the period holds no day "
            "(give since first, both inclusive)"
        )
    return first, after


# --------------------------------------------------------------------------- helpers


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    return False


def wall_clock(value: Any) -> pd.Timestamp | None:
    """Return a datetime-like value as a naive Timestamp in its own wall-clock time.

    Parameters
    ----------
    value : datetime-like
        A ``datetime``, ``Timestamp``, ``numpy.datetime64`` or text pandas reads.

    Returns
    -------
    pandas.Timestamp or None
        The value without its time zone (the time as written), or None when it
        is missing or not a datetime.

    Examples
    --------
    >>> str(wall_clock(pd.Timestamp("2023-12-03 23:30", tz="Asia/Baghdad")))
    '2023-12-03 23:30:00'
    """
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(stamp):
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp


def _out_of_range(text: str) -> str:
    return (
        f"{text!r} lies outside the days a date column can hold "
        f"({FIRST_DAY.date()} to {LAST_DAY.date()})"
    )


def _not_a_date(original: str, text: str, *, dayfirst: bool) -> str:
    if _NUMERIC_DAY.fullmatch(text):
        other = _MONTHFIRST if dayfirst else _DAYFIRST
        readable = False
        for fmt in other:
            with contextlib.suppress(ValueError):
                pd.to_datetime(text, format=fmt)
                readable = True
                break
        if readable and dayfirst:
            return (
                f"{original!r} is not a day-first date (dd/mm/yyyy); if the file writes the "
                "month first, pass dayfirst=False (command line: --monthfirst)"
            )
        if readable:
            return (
                f"{original!r} is not a month-first date (mm/dd/yyyy); if the file writes the "
                "day first, pass dayfirst=True (command line: --dayfirst)"
            )
    return f"{original!r} is not a date ({_EXPECTED})"
