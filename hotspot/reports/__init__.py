"""News and incident reports → incident records.

A report is split into sentences; a sentence that reports an event (a keyword
from :data:`EVENT_KEYWORDS` plus a date, a casualty figure or a specific place)
becomes one record in the incident schema (see :mod:`hotspot.incidents`) with:

* ``event_type``: the keyword class (``"airstrike"``, ``"ied"``, ``"attack"``...),
  ``sub_event_type`` the nearest ACLED sub-event type (:data:`ACLED_SUB_EVENT`);
* ``place``: the place where the event happened, from the places
  :func:`hotspot.extract.extract_places` finds in the sentence: a located
  mention before an unlocated one, one after a locative cue ("near", "in",
  "at", "outside", "south of"...) before one without, the most specific
  (settlement before valley before district before governorate), then the
  nearest to the event keyword; a place that only names who spoke ("officials
  in Baghdad said", "a Kirkuk police source") comes last. With its position,
  governorate and district;
  ``precision`` from its feature type, at least 2 after "near", "outskirts of",
  "south of"...;
* ``date`` / ``date_end`` / ``date_precision`` (1 day, 2 week, 3 month): an
  explicit date ("on July 13", "December 3, 2023", "13 July") or one relative to
  the report date ("yesterday", "on Sunday", "last Thursday", "last week",
  "the following day" = the day after the previous record). The report date is
  ``report_date`` or else the report's own ``Published:`` / ``Date:`` header;
* ``fatalities`` and ``injuries`` ("killing over 100 militants", "leaving at
  least five farmers dead", "1,200 people were killed", "wounding a dozen
  others"; number words and thousands separators are read; "over N" and "at
  least N" give N; dates, years and ages such as "12-year-old" are not counts;
  of several figures the one nearest the casualty word wins);
* ``actor1`` / ``actor2`` from :data:`ACTORS` (ISIS as actor1 for attacks,
  bombs, ambushes and abductions; the security force first otherwise);
* ``evidence`` (the sentence) and ``mentions`` (every place named in it).

Examples
--------
>>> import geopandas as gpd, shapely
>>> def places(text):  # stand-in for hotspot.extract.extract_places
...     start = text.find("Daquq")
...     return gpd.GeoDataFrame({"surface": ["Daquq"], "start": [start],
...         "end": [start + 5], "status": ["resolved"], "id": ["x"], "name": ["Daquq"],
...         "feature_type": ["settlement"], "governorate": ["Kirkuk"],
...         "district": ["Daquq"], "disputed": [True], "score": [100.0]},
...         geometry=[shapely.Point(44.45, 35.14)], crs="EPSG:4326")
>>> frame = incidents_from_text("Yesterday an IED killed two soldiers near Daquq.",
...                             report_date="2024-03-14", extractor=places)
>>> row = frame.iloc[0]
>>> row["event_type"], row["place"], int(row["fatalities"]), int(row["precision"])
('ied', 'Daquq', 2, 2)
>>> str(row["date"].date())
'2024-03-13'
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from datetime import date as _date
from datetime import timedelta
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from tqdm import tqdm

from hotspot.incidents import FEATURE_PRECISION, INCIDENT_COLUMNS, _caller_stacklevel

__all__ = [
    "ACLED_SUB_EVENT",
    "ACTORS",
    "EVENT_KEYWORDS",
    "REPORT_COLUMNS",
    "incidents_from_reports",
    "incidents_from_text",
    "split_sentences",
]

#: Columns of the output: the incident schema plus report-specific ones.
REPORT_COLUMNS: tuple[str, ...] = (
    *INCIDENT_COLUMNS[:-1],
    "date_precision",
    "injuries",
    "evidence",
    "mentions",
    "issues",
    "geometry",
)

#: Event classes and the phrases that signal them, in priority order (the first
#: class that matches a sentence wins).
EVENT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "airstrike": (
        r"\bair[ -]?strikes?\b",
        r"\bair raids?\b",
        r"\bdrone strikes?\b",
        r"\baerial (?:bombardment|bombing|strikes?)\b",
        r"\bbomb(?:ing|ed) by (?:aircraft|warplanes|jets|helicopters)\b",
        r"\b(?:warplanes|aircraft|jets|helicopters|air force) (?:\w+ ){0,3}?"
        r"(?:struck|bombed|strikes?|pounded|targeted|launched)\b",
    ),
    "ied": (
        r"\bIEDs?\b",
        r"\bimprovised explosive\b",
        r"\broadside bombs?\b",
        r"\bexplosive devices?\b",
        r"\blandmines?\b",
        r"\bcar bombs?\b",
        r"\bsuicide (?:bomb(?:ing|er)s?|attack)\b",
    ),
    "ambush": (r"\bambush(?:ed|es|ing)?\b",),
    "shelling": (r"\bshell(?:ing|ed)\b", r"\bmortars?\b", r"\brockets?\b", r"\bartillery\b"),
    "kidnapping": (r"\bkidnap(?:ped|ping|s)?\b", r"\babduct(?:ed|ion|ions|s)?\b"),
    "arrest": (
        r"\barrest(?:ed|s|ing)?\b",
        r"\bcaptur(?:ed|ing)\b",
        r"\bdetain(?:ed|s|ing)?\b",
        r"\bapprehend(?:ed|s)?\b",
    ),
    "raid": (r"\braid(?:ed|s|ing)?\b", r"\bstorm(?:ed|ing)\b"),
    "search": (
        r"\bsearch operations?\b",
        r"\bsweep(?:s|ing)?\b",
        r"\bclearance operations?\b",
        r"\bcombing operations?\b",
        r"\b(?:launch(?:ed|es)?|initiated|carried out|conducted) (?:\w+ ){0,6}?operations?\b",
    ),
    "clash": (
        r"\bclash(?:ed|es)?\b",
        r"\bfirefights?\b",
        r"\bgun ?battles?\b",
        r"\bexchange of fire\b",
    ),
    "attack": (
        r"\battack(?:ed|s|ing)?\b",
        r"\bassault(?:ed|s)?\b",
        r"\bopened fire\b",
        r"\bgunmen\b",
    ),
    "killing": (
        r"\bkill(?:ed|ing|s)?\b",
        r"\bassassinat(?:ed|ion)\b",
        r"\bexecut(?:ed|ion)\b",
    ),
}

#: ACLED sub-event type nearest to each event class (None where none fits).
ACLED_SUB_EVENT: dict[str, str | None] = {
    "airstrike": "Air/drone strike",
    "ied": "Remote explosive/landmine/IED",
    "ambush": "Armed clash",
    "shelling": "Shelling/artillery/missile attack",
    "kidnapping": "Abduction/forced disappearance",
    "arrest": "Arrests",
    "raid": None,
    "search": None,
    "clash": "Armed clash",
    "attack": "Attack",
    "killing": "Attack",
}

#: Actors and the names that signal them. "IS" is matched case-sensitively.
ACTORS: dict[str, tuple[str, ...]] = {
    "Islamic State (Iraq)": (
        r"(?i:\bISIS\b|\bISIL\b|\bDa'?esh\b|\bIslamic State\b)",
        r"\bIS\b",
    ),
    "Counter-Terrorism Service (CTS)": (r"\bCTS\b", r"(?i:\bcounter[- ]terrorism service\b)"),
    "PMF": (
        r"\bPMF\b",
        r"(?i:\bHashd\b|\bpopular mobili[sz]ation (?:forces|units)\b)",
    ),
    "Peshmerga": (r"(?i:\bpeshmerga\b)",),
    "Asayish": (r"(?i:\basayish\b|\basaish\b)",),
    "International Coalition": (r"(?i:\bcoalition\b|\bCENTCOM\b)",),
    "Police Forces of Iraq": (r"(?i:\bpolice\b)",),
    "Military Forces of Iraq": (
        r"(?i:\biraqi (?:army|forces|troops|military|soldiers?|security forces|warplanes|"
        r"air ?force|aircraft)\b)",
        r"(?i:\barmy\b|\bsoldiers?\b|\bsecurity forces\b|\btroops\b|\bwarplanes\b)",
    ),
    "Civilians (Iraq)": (r"(?i:\bcivilians?\b|\bvillagers?\b|\bshepherds?\b|\bfarmers?\b)",),
}

# Classes whose perpetrator is ISIS when ISIS is named.
_INSURGENT_CLASSES = frozenset({"ied", "ambush", "attack", "kidnapping", "shelling"})
_ISIS = "Islamic State (Iraq)"

_KEYWORDS = {
    kind: re.compile("|".join(patterns), re.IGNORECASE) for kind, patterns in EVENT_KEYWORDS.items()
}
_ACTORS = {name: re.compile("|".join(patterns)) for name, patterns in ACTORS.items()}

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

_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("iso", r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
        ("mdy", rf"\b{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>\d{{4}})\b"),
        ("dmy", rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? (?P<year>\d{{4}})\b"),
        ("md", rf"\b{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? \d{{4}})"),
        ("dm", rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)? {_MONTH}\b(?!,? \d{{4}})"),
        ("day_before", r"\bthe day before yesterday\b"),
        ("yesterday", r"\byesterday\b"),
        ("today", r"\b(?:today|this morning|this evening|tonight)\b"),
        ("following", r"\b(?:the )?(?:following|next) day\b|\ba day later\b"),
        ("previous", r"\b(?:the )?previous day\b|\ba day earlier\b"),
        ("days_ago", r"\b(?P<n>\d+|two|three|four|five|six) days ago\b"),
        ("last_weekday", rf"\blast {_WEEKDAY}\b"),
        ("weekday", rf"\b(?:on |this |early |late )?{_WEEKDAY}(?: (?:morning|evening|night))?\b"),
        ("last_week", r"\b(?:last|past|previous) week\b|\bearlier this week\b|\bthis week\b"),
        ("month_year", rf"\b(?:in |during |since )?{_MONTH} (?P<year>\d{{4}})\b"),
        ("last_month", r"\blast month\b"),
        ("this_month", r"\bthis month\b"),
    )
)

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
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
    "a hundred": 100,
    "a dozen": 12,
    "dozen": 12,
}
# A figure: digits with optional thousands separators ("1,200"), never the tail of a
# longer number, or number words; never an age ("12-year-old").
_NUM = (
    r"(?P<n>(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d,]*\d)|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)|a dozen|a hundred|"
    + "|".join(
        sorted(
            (w for w in _NUMBER_WORDS if " " not in w and w not in ("a", "an")),
            key=len,
            reverse=True,
        )
    )
    + r")(?![- ](?:years?|months?)[- ]old\b)"
)
_QUAL = r"(?:(?:at least|over|more than|nearly|almost|about|around|some|up to|approximately) )?"
# Casualty patterns: group "n" is the figure, group "v" the casualty word. Each is
# wrapped in a lookahead so that matches may overlap (a rejected year must not hide
# the figure after it).
_KILLED = tuple(
    re.compile(rf"(?=(?:{p}))", re.IGNORECASE)
    for p in (
        rf"\b(?P<v>kill(?:ing|ed|s)?) {_QUAL}{_NUM}\b",
        rf"\b(?P<v>deaths?|lives) of {_QUAL}{_NUM}\b",
        rf"\b{_QUAL}{_NUM} (?:[\w-]+ ){{0,3}}?(?:were |was |have been |had been )?"
        rf"(?P<v>killed|dead|died|slain|martyred)\b",
        rf"\bleaving {_QUAL}{_NUM} (?:[\w-]+ ){{0,2}}?(?P<v>dead)\b",
    )
)
_INJURED = tuple(
    re.compile(rf"(?=(?:{p}))", re.IGNORECASE)
    for p in (
        rf"\b(?P<v>(?:injur|wound)(?:ing|ed)) {_QUAL}{_NUM}\b",
        rf"\b{_QUAL}{_NUM} (?:[\w-]+ ){{0,3}}?(?:were |was |have been |had been )?"
        rf"(?P<v>injured|wounded|hurt|sustain(?:ing|ed) injuries)\b",
    )
)
# Date kinds whose text holds digits that could be read as a casualty figure.
_NUMERIC_DATES = frozenset({"iso", "mdy", "dmy", "md", "dm", "month_year", "days_ago"})
# A locative cue right before a place: the event happened there.
_CUE = re.compile(
    r"\b(?:near|in|at|outside|inside|around|between|close to|outskirts of|vicinity of|"
    r"along|from|on the road to|(?:north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west)(?:ern)? of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
# Right after a place: it names who spoke ("Baghdad said", "a Kirkuk police source").
_SPEAKER = re.compile(
    r"^(?:['’]s)?\s+(?:(?:police|security|health|military|army|government|provincial|"
    r"local|operations|media|intelligence)\s+)*(?:said|says|told|reported|announced|"
    r"stated|confirmed|sources?|officials?|spokes(?:man|woman|person)|command|council|"
    r"authorities|governor|cell)\b",
    re.IGNORECASE,
)
_NEAR = re.compile(
    r"\b(?:near|outskirts of|vicinity of|around|between|close to|"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)? of)"
    r"\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(?:will|would|could|might|plans? to|aims? to|anticipated|expected to|agreed to)\b",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_SUMMARY = re.compile(
    r"\b(?:series|wave|spate|string|number) of\b|\bsurge in\b"
    r"|\bengages? in\b|\bcontinues? to\b|\bremains?\b",
    re.IGNORECASE,
)
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
_SPECIFICITY = {
    "settlement": 0,
    "site": 0,
    "bridge": 0,
    "subdistrict": 1,
    "valley": 1,
    "mountain": 1,
    "lake": 1,
    "dam": 1,
    "road": 1,
    "river": 1,
    "district": 2,
    "governorate": 3,
    "region": 4,
    "desert": 4,
    "country": 5,
}


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
    >>> [s for _, _, s in split_sentences("Maj. Gen. Ali spoke. An IED hit.\nNext")]
    ['Maj. Gen. Ali spoke.', 'An IED hit.', 'Next']
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


def _number(word: str) -> int | None:
    word = word.lower().replace("-", " ").replace(",", "")
    if word.isdigit():
        return int(word)
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    parts = word.split()
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
        return _NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]]
    return None


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and 1900 <= int(word) <= 2100


def _blank_dates(sentence: str) -> str:
    """Replace date expressions holding digits by spaces (offsets are kept)."""
    chars = list(sentence)
    for kind, pattern in _DATE_PATTERNS:
        if kind not in _NUMERIC_DATES:
            continue
        for match in pattern.finditer(sentence):
            if match.groupdict().get("month") == "may":
                continue  # the verb "may", not the month
            chars[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def _count(sentence: str, patterns: tuple[re.Pattern[str], ...]) -> int | None:
    """Return the figure nearest its casualty word (the larger on a tie), or None."""
    text = _blank_dates(sentence)
    best: tuple[int, int] | None = None
    for pattern in patterns:
        for match in pattern.finditer(text):
            word = match.group("n")
            n = _number(word)
            if n is None or _is_year(word):
                continue
            if match.start("v") >= match.end("n"):
                gap = match.start("v") - match.end("n")
            else:
                gap = match.start("n") - match.end("v")
            if best is None or (gap, -n) < (best[0], -best[1]):
                best = (gap, n)
    return best[1] if best else None


def _actors(sentence: str, kind: str) -> tuple[str | None, str | None]:
    hits = []
    for name, pattern in _ACTORS.items():
        match = pattern.search(sentence)
        if match:
            hits.append((match.start(), name))
    names = [name for _, name in sorted(hits)]
    if not names:
        return None, None
    forces = [n for n in names if n not in (_ISIS, "Civilians (Iraq)")]
    civilians = ["Civilians (Iraq)"] if "Civilians (Iraq)" in names else []
    if kind in _INSURGENT_CLASSES:
        # the perpetrator is ISIS when named, else unknown; the target comes second
        targets = [n for n in names if n in civilians + forces]
        return (_ISIS if _ISIS in names else None), (targets[0] if targets else None)
    if forces:
        # a second force in the sentence is an ally, not the opponent
        return forces[0], (_ISIS if _ISIS in names else None)
    if _ISIS in names and kind not in _INSURGENT_CLASSES:
        return None, _ISIS  # e.g. "airstrikes killed ISIS militants": the striker is unnamed
    return names[0], (names[1] if len(names) > 1 else None)


def _to_date(value: Any) -> _date | None:
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"report_date={value!r} is not a date (give e.g. '2023-12-03' or 'header')"
        ) from exc
    if pd.isna(stamp):
        raise ValueError(f"report_date={value!r} is not a date")
    return stamp.date()


def _find_date(
    sentence: str, report: _date | None, previous: tuple[_date, _date, int] | None
) -> tuple[_date | None, _date | None, int | None, str | None]:
    """Return (start, end, precision, matched text) of the first date expression."""
    for kind, pattern in _DATE_PATTERNS:
        match = pattern.search(sentence)
        if not match:
            continue
        groups = match.groupdict()
        try:
            result = _resolve(kind, groups, report, previous)
        except ValueError:
            continue
        if result is not None:
            return (*result, match.group())
        if kind in ("following", "previous") or report is None:
            return None, None, None, match.group()
    return None, None, None, None


def _resolve(
    kind: str,
    groups: dict[str, str | None],
    report: _date | None,
    previous: tuple[_date, _date, int] | None,
) -> tuple[_date, _date, int] | None:
    day = timedelta(days=1)
    month = _MONTHS[groups["month"].lower()] if groups.get("month") else None
    if kind == "iso":
        d = _date(int(groups["year"]), int(groups["mnum"]), int(groups["day"]))
        return d, d, 1
    if kind in ("mdy", "dmy"):
        d = _date(int(groups["year"]), month, int(groups["day"]))
        return d, d, 1
    if kind == "month_year":
        first = _date(int(groups["year"]), month, 1)
        last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
        return first, last, 3
    if kind in ("following", "previous"):
        if previous is None:
            return None
        step = day if kind == "following" else -day
        return previous[0] + step, previous[1] + step, previous[2]
    if report is None:
        return None
    if kind in ("md", "dm"):
        d = _date(report.year, month, int(groups["day"]))
        if d > report + day:
            d = _date(report.year - 1, month, int(groups["day"]))
        return d, d, 1
    if kind == "day_before":
        return report - 2 * day, report - 2 * day, 1
    if kind == "yesterday":
        return report - day, report - day, 1
    if kind == "today":
        return report, report, 1
    if kind == "days_ago":
        n = _number(groups["n"]) or 0
        return report - n * day, report - n * day, 1
    if kind in ("last_weekday", "weekday"):
        target = _WEEKDAYS.index(groups["weekday"].lower())
        back = (report.weekday() - target) % 7
        if kind == "last_weekday" and back == 0:
            back = 7
        d = report - back * day
        return d, d, 1
    if kind == "last_week":
        return report - 7 * day, report - day, 2
    if kind in ("last_month", "this_month"):
        first = report.replace(day=1)
        if kind == "last_month":
            first = (first - day).replace(day=1)
        last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
        return first, last, 3
    return None


def _default_extractor() -> Callable[..., gpd.GeoDataFrame]:
    try:
        from hotspot.extract import extract_places
    except ImportError as exc:  # pragma: no cover - depends on hotspot.extract landing
        raise ImportError(
            "finding places in reports needs hotspot.extract.extract_places, which could not "
            f"be imported ({exc}); pass extractor= a callable with the same output"
        ) from exc
    return extract_places


def _pick_place(
    mentions: pd.DataFrame, text: str, keyword: tuple[int, int] | None = None
) -> pd.Series | None:
    """Return the mention where the event happened (order: see the module docstring).

    ``text`` is the whole report (mention offsets index it), ``keyword`` the span of
    the event keyword in it.
    """
    if mentions.empty:
        return None
    starts = mentions["start"].astype(int).to_numpy()
    ends = mentions["end"].astype(int).to_numpy()
    speaker = np.array([bool(_SPEAKER.match(text[e : e + 60])) for e in ends])
    unresolved = (mentions["status"].astype(str) != "resolved").to_numpy()
    no_cue = np.array([not _CUE.search(text[max(0, s - 60) : s]) for s in starts])
    rank = mentions["feature_type"].map(lambda t: _SPECIFICITY.get(str(t), 6)).to_numpy()
    if keyword is None:
        distance = np.zeros(len(mentions), dtype=int)
    else:
        distance = np.maximum(np.maximum(keyword[0] - ends, starts - keyword[1]), 0)
    order = np.lexsort((starts, distance, rank, no_cue, unresolved, speaker))
    return mentions.iloc[order[0]]


def incidents_from_text(
    text: str,
    *,
    report_date: Any = None,
    source: str | None = None,
    extractor: Callable[..., gpd.GeoDataFrame] | None = None,
    extract_kwargs: dict[str, Any] | None = None,
) -> gpd.GeoDataFrame:
    """Turn one report into incident records, one per event sentence.

    Parameters
    ----------
    text : str
        The report text.
    report_date : date-like or "header", optional
        The publication date, which relative dates ("yesterday", "last
        Thursday", "on July 13") are resolved against. When not given (or
        ``"header"``) it is read from a ``Published:`` / ``Date:`` line in the
        first ten lines. Without either, relative dates stay NaT, are noted in
        ``issues`` and a warning is issued.
    source : str, optional
        Written to the ``source`` column and used in the ids
        (``"<source>-s<sentence number>"``; ``"report"`` when not given).
    extractor : callable, optional
        ``extractor(text, **extract_kwargs)`` returning place mentions (columns
        surface, start, end, status, name, feature_type, governorate, district,
        geometry); defaults to :func:`hotspot.extract.extract_places`.
    extract_kwargs : dict, optional
        Extra keyword arguments for the extractor.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`REPORT_COLUMNS`, EPSG:4326, one row per event sentence in
        text order. Rows without a located place have an empty Point; rows
        without a date have NaT; both say so in ``issues``.

    Raises
    ------
    ValueError
        If ``report_date`` is not a date.

    Warns
    -----
    UserWarning
        When relative dates cannot be resolved because there is no report date.

    Examples
    --------
    >>> import geopandas as gpd
    >>> none = lambda text: gpd.GeoDataFrame({"surface": [], "start": [], "end": [],
    ...     "status": [], "name": [], "feature_type": [], "governorate": [],
    ...     "district": []}, geometry=[], crs="EPSG:4326")
    >>> frame = incidents_from_text(
    ...     "Last Thursday, ISIS gunmen attacked a checkpoint, killing three soldiers.",
    ...     report_date="2023-12-03", extractor=none)
    >>> frame.loc[0, ["event_type", "actor1", "actor2"]].tolist()
    ['attack', 'Islamic State (Iraq)', 'Military Forces of Iraq']
    >>> str(frame.loc[0, "date"].date()), int(frame.loc[0, "fatalities"])
    ('2023-11-30', 3)
    """
    if report_date is None or (isinstance(report_date, str) and report_date == "header"):
        report_date = _header_date(text)
    report = _to_date(report_date)
    extract = extractor if extractor is not None else _default_extractor()
    mentions = extract(text, **(extract_kwargs or {}))
    if mentions.geometry.name != "geometry":
        mentions = mentions.rename_geometry("geometry")
    if mentions.crs is not None and len(mentions):
        mentions = mentions.to_crs("EPSG:4326")
    prefix = source or "report"
    unresolved: list[str] = []
    rows: list[dict[str, Any]] = []
    previous: tuple[_date, _date, int] | None = None
    for number, (start, end, sentence) in enumerate(split_sentences(text), start=1):
        if not _TERMINAL.search(sentence):
            continue  # headline, caption or dateline: the body tells the same event
        kind = next((k for k, pattern in _KEYWORDS.items() if pattern.search(sentence)), None)
        if kind is None:
            continue
        keyword = _KEYWORDS[kind].search(sentence)
        d0, d1, dprec, dtext = _find_date(sentence, report, previous)
        killed = _count(sentence, _KILLED)
        injured = _count(sentence, _INJURED)
        inside = mentions[(mentions["start"] >= start) & (mentions["end"] <= end)]
        place = _pick_place(
            inside, text, (start + keyword.start(), start + keyword.end()) if keyword else None
        )
        specific = place is not None and _SPECIFICITY.get(str(place["feature_type"]), 6) <= 2
        if dtext is None and killed is None and injured is None and not specific:
            continue  # background prose, not an event report
        if _MODAL.search(sentence) and dtext is None and killed is None:
            continue  # plans and forecasts
        if _SUMMARY.search(sentence) and killed is None and injured is None and dprec != 1:
            continue  # "a series of attacks over the past week": a summary, not one event
        issues: list[str] = []
        if d0 is None and dtext and report is None:
            unresolved.append(dtext)
        if d0 is None:
            issues.append(
                f"date: {dtext!r} could not be resolved (give report_date)"
                if dtext
                else "date: none in the sentence"
            )
        else:
            previous = (d0, d1, dprec)
        row: dict[str, Any] = {
            "id": f"{prefix}-s{number}",
            "date": pd.Timestamp(d0) if d0 else pd.NaT,
            "date_end": pd.Timestamp(d1) if d1 else pd.NaT,
            "date_precision": dprec if dprec else pd.NA,
            "event_type": kind,
            "sub_event_type": ACLED_SUB_EVENT[kind],
            "fatalities": killed if killed is not None else pd.NA,
            "injuries": injured if injured is not None else pd.NA,
            "source": source,
            "notes": None,
            "evidence": sentence,
            "mentions": "; ".join(
                dict.fromkeys(str(s) for s in inside.sort_values("start")["surface"])
            )
            or None,
        }
        row["actor1"], row["actor2"] = _actors(sentence, kind)
        geometry = shapely.Point()
        if place is None:
            issues.append("place: none found in the sentence")
            row.update(place=None, governorate=None, district=None, precision=pd.NA)
            row["precision_source"] = None
        else:
            feature = str(place["feature_type"])
            point = place["geometry"]
            located = str(place["status"]) == "resolved" and point is not None
            precision = FEATURE_PRECISION.get(feature)
            before = text[max(0, int(place["start"]) - 40) : int(place["start"])]
            if precision is not None and _NEAR.search(before):
                precision = max(precision, 2)
            name = place.get("name")
            row.update(
                place=str(name) if pd.notna(name) and name else str(place["surface"]),
                governorate=_clean(place.get("governorate")),
                district=_clean(place.get("district")),
                precision=precision if (precision is not None and located) else pd.NA,
                precision_source=f"report:{feature}",
            )
            if located and not point.is_empty:
                geometry = point
            else:
                issues.append(f"place: {place['surface']!r} is {place['status']}")
        row["issues"] = "; ".join(issues)
        row["geometry"] = geometry
        rows.append(row)
    if unresolved:
        warnings.warn(
            f"{source or 'report'}: {len(unresolved)} relative date(s) "
            f"({', '.join(map(repr, dict.fromkeys(unresolved)))}) could not be resolved: "
            "no report_date was given and the report has no 'Published:' / 'Date:' header "
            "line; pass report_date=",
            UserWarning,
            stacklevel=_caller_stacklevel(),
        )
    return _frame(rows)


def _clean(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return None
    return str(value)


def _frame(rows: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    table = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    out = pd.DataFrame(index=pd.RangeIndex(len(table)))
    for column in REPORT_COLUMNS:
        if column == "geometry":
            continue
        if column in ("date", "date_end"):
            out[column] = pd.to_datetime(table[column]).astype("datetime64[ns]")
        elif column in ("precision", "fatalities", "injuries", "date_precision"):
            out[column] = pd.array(list(table[column]), dtype="Int64")
        else:
            values = table[column].astype(object).where(table[column].notna(), None)
            out[column] = pd.Series(list(values), dtype="string")
    out["issues"] = out["issues"].fillna("")
    return gpd.GeoDataFrame(
        out, geometry=gpd.GeoSeries(list(table["geometry"]), crs="EPSG:4326"), crs="EPSG:4326"
    )


_HEADER = re.compile(r"^\s*(?:published|date|dateline)\s*:\s*(?P<value>.+?)\s*$", re.I | re.M)


def _header_date(text: str) -> pd.Timestamp | None:
    head = "\n".join(text.splitlines()[:10])
    match = _HEADER.search(head)
    if not match:
        return None
    stamp = pd.to_datetime(match.group("value"), errors="coerce", dayfirst=True, format="mixed")
    return None if pd.isna(stamp) else stamp


def incidents_from_reports(
    reports: Iterable[str | PathLike[str]],
    *,
    report_dates: Any = None,
    sources: Sequence[str] | None = None,
    extractor: Callable[..., gpd.GeoDataFrame] | None = None,
    extract_kwargs: dict[str, Any] | None = None,
    progress: bool = False,
) -> gpd.GeoDataFrame:
    """Turn many reports (file paths or texts) into one incident table.

    Parameters
    ----------
    reports : iterable of str or path
        ``pathlib.Path`` objects and strings naming an existing file are read
        (UTF-8), as is any string that looks like a path (it ends in ``.txt`` /
        ``.md``, or holds a path separator and no whitespace); other strings are
        the report text.
    report_dates : date-like, "header" or sequence, optional
        One value for all reports or one per report (see
        :func:`incidents_from_text`).
    sources : sequence of str, optional
        One source name per report; defaults to the file stem, else
        ``"report-<n>"`` (1-based). Ids are ``"<source>-s<sentence>"``.
    extractor, extract_kwargs
        As in :func:`incidents_from_text`.
    progress : bool, default False
        Show a tqdm progress bar.

    Returns
    -------
    geopandas.GeoDataFrame
        The records of all reports in order, on a fresh RangeIndex.

    Raises
    ------
    ValueError
        If ``report_dates`` or ``sources`` has the wrong length.
    FileNotFoundError
        If a path (or a string that looks like one) is not an existing file.

    Examples
    --------
    >>> import geopandas as gpd
    >>> none = lambda text: gpd.GeoDataFrame({"surface": [], "start": [], "end": [],
    ...     "status": [], "name": [], "feature_type": [], "governorate": [],
    ...     "district": []}, geometry=[], crs="EPSG:4326")
    >>> texts = ["Yesterday two IEDs killed a shepherd.", "No events here."]
    >>> incidents_from_reports(texts, report_dates="2024-01-10", extractor=none)["id"].tolist()
    ['report-1-s1']
    """
    items = list(reports)
    if isinstance(report_dates, (list, tuple, pd.Series, np.ndarray)):
        dates = list(report_dates)
        if len(dates) != len(items):
            raise ValueError(
                f"report_dates has {len(dates)} values for {len(items)} reports; give one "
                "date for all or one per report"
            )
    else:
        dates = [report_dates] * len(items)
    if sources is not None and len(sources) != len(items):
        raise ValueError(f"sources has {len(sources)} names for {len(items)} reports")
    frames = []
    for i, item in enumerate(tqdm(items, disable=not progress, desc="reports")):
        path = _as_path(item)
        text = path.read_text(encoding="utf-8") if path else str(item)
        name = sources[i] if sources is not None else (path.stem if path else f"report-{i + 1}")
        frames.append(
            incidents_from_text(
                text,
                report_date=dates[i],
                source=name,
                extractor=extractor,
                extract_kwargs=extract_kwargs,
            )
        )
    if not frames:
        return _frame([])
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


def _looks_like_path(item: str) -> bool:
    if "\n" in item or len(item) >= 1024:
        return False
    if item.lower().endswith((".txt", ".md")):
        return True
    separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return any(sep in item for sep in separators) and not re.search(r"\s", item)


def _as_path(item: str | PathLike[str]) -> Path | None:
    """Return the file a report item names (None for text); raise for a missing file."""
    if isinstance(item, PathLike):
        path = Path(item)
    else:
        candidate = item.strip()
        if not _looks_like_path(candidate):
            if "\n" not in item and len(item) < 1024:
                try:
                    if Path(item).is_file():
                        return Path(item)
                except OSError:
                    pass
            return None
        path = Path(candidate)
    try:
        is_file, is_dir = path.is_file(), path.is_dir()
    except OSError:
        is_file = is_dir = False
    if not is_file:
        problem = "is a directory, not a file" if is_dir else "does not exist"
        raise FileNotFoundError(
            f"report {str(path)!r} {problem} (paths and strings that look like a path, "
            "ending in .txt/.md or holding a path separator and no spaces, are read as "
            "files; pass the report text itself otherwise)"
        )
    return path
