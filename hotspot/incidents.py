"""Incident tables: ACLED, UCDP GED and any point or place-name list, in one schema.

Every reader returns a GeoDataFrame in EPSG:4326 with the columns in
:data:`INCIDENT_COLUMNS` plus an ``issues`` column (text, empty when the row is
fine). Bad rows are never dropped: they are reported with their row numbers
(file line numbers for files, the header being line 1; index labels for
DataFrames), bad positions become empty Points so that they cannot be
clustered, and a summary sits in ``frame.attrs["hotspot_report"]``. With
``strict=True`` the readers raise :class:`~hotspot.errors.IncidentError`
listing every bad row in one message instead.

Problems come in two grades:

* bad rows (raise under ``strict=True``, warned about otherwise): an unparseable
  or missing date, missing or out-of-range coordinates, swapped lat/lon (a point
  outside Iraq whose swap lies inside), negative or non-numeric fatalities, an
  event type outside the source's vocabulary, an unknown precision code, a CSV
  record with more or fewer fields than the header (kept, with an empty
  geometry: its values may be shifted);
* flags (kept, listed in ``issues`` and the report, never raise): a point
  outside Iraq that is not a swap (border events are real), duplicate ids
  (made unique with a ``#2``, ``#3`` suffix).

Precision (column ``precision``, nullable integer):

=====  ==========================================================
value  meaning
=====  ==========================================================
1      exact: town, village or better (within about 5 km)
2      near: within about 25 km, part of a district
3      coarse: a district, governorate or larger centroid
=====  ==========================================================

ACLED ``geo_precision`` 1/2/3 maps to 1/2/3; UCDP ``where_prec`` 1 to 1, 2-3 to 2
and 4-7 to 3; geocoded place names take it from the feature type
(:data:`FEATURE_PRECISION`). ``precision_source`` keeps the original code,
e.g. ``"acled:2"``, ``"ucdp:4"``, ``"geocode:district"``.

Examples
--------
>>> import pandas as pd
>>> table = pd.DataFrame({"date": ["2023-12-03", "31/11/2023"],
...                       "lat": [35.47, 35.47], "lon": [44.39, 44.39]})
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     frame = read_incidents(table)
>>> frame["issues"].tolist()
['', "date: '31/11/2023' is not a date (expected e.g. 2023-12-03, 03 December 2023)"]
>>> frame.attrs["hotspot_report"]["bad_rows"]
1
"""

from __future__ import annotations

import contextlib
import csv
import re
import sys
import warnings
from collections.abc import Callable, Hashable, Iterable
from datetime import date as _date
from datetime import datetime as _datetime
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspot.errors import CRSError, IncidentError
from hotspot.gazetteer import iraq_outline

__all__ = [
    "ACLED_EVENT_TYPES",
    "ACLED_LEGACY_EVENT_TYPES",
    "ACLED_SUB_EVENT_TYPES",
    "FEATURE_PRECISION",
    "INCIDENT_COLUMNS",
    "LAYOUTS",
    "UCDP_VIOLENCE_TYPES",
    "parse_dates",
    "read_acled",
    "read_incidents",
    "read_ucdp",
]

#: Columns of the incident schema, in order (``issues`` follows them).
INCIDENT_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "date_end",
    "precision",
    "precision_source",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "fatalities",
    "place",
    "governorate",
    "district",
    "source",
    "notes",
    "geometry",
)

_TEXT_COLUMNS = (
    "id",
    "precision_source",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "place",
    "governorate",
    "district",
    "source",
    "notes",
)

#: ACLED event types (current codebook, 2019 onwards).
ACLED_EVENT_TYPES: tuple[str, ...] = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

#: ACLED sub-event types (current codebook), for reference and validation by callers.
ACLED_SUB_EVENT_TYPES: tuple[str, ...] = (
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
)

#: Event types of the pre-2019 ACLED codebook and the current type each maps to.
#: "Riots/Protests" has no single successor and maps to "Protests".
ACLED_LEGACY_EVENT_TYPES: dict[str, str] = {
    "Battle-No change of territory": "Battles",
    "Battle-Government regains territory": "Battles",
    "Battle-Non-state actor overtakes territory": "Battles",
    "Remote violence": "Explosions/Remote violence",
    "Violence against civilians": "Violence against civilians",
    "Riots/Protests": "Protests",
    "Strategic development": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
}

#: UCDP GED ``type_of_violence`` codes and the ``event_type`` written for them.
UCDP_VIOLENCE_TYPES: dict[int, str] = {1: "state-based", 2: "non-state", 3: "one-sided"}

#: Precision given to a geocoded place by its gazetteer feature type.
FEATURE_PRECISION: dict[str, int] = {
    "settlement": 1,
    "site": 1,
    "bridge": 1,
    "subdistrict": 2,
    "valley": 2,
    "mountain": 2,
    "lake": 2,
    "dam": 2,
    "road": 2,
    "river": 2,
    "district": 3,
    "governorate": 3,
    "region": 3,
    "desert": 3,
    "country": 3,
}

#: Layouts :func:`read_incidents` understands (``layout=``).
LAYOUTS: tuple[str, ...] = ("auto", "acled", "ucdp", "generic")

_UCDP_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}

# Formats tried in order; the day-first / month-first slash forms are chosen by `dayfirst`.
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d-%B-%Y",
    "%d-%B-%y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%d.%m.%Y",
)
_YEAR_FORMAT = "%Y"
# An ISO time and a UTC designator or offset after it: the offset is dropped so that
# the wall-clock date and time as written are kept.
_ISO_TIME = re.compile(
    r"^(?P<day>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
# "3 Dec. 2023", "Sept. 3, 2023": a full stop after a month abbreviation.
_MONTH_DOT = re.compile(r"\b(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.", re.IGNORECASE)

_GENERIC_CANDIDATES: dict[str, tuple[str, ...]] = {
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "date": ("date", "event_date", "date_start", "datetime", "day", "time"),
    "date_end": ("date_end", "end_date"),
    "id": ("id", "event_id", "incident_id", "uid", "fid"),
    "event_type": ("event_type", "type", "category", "incident_type"),
    "sub_event_type": ("sub_event_type", "subtype", "sub_type"),
    "actor1": ("actor1", "actor_1", "perpetrator", "side_a"),
    "actor2": ("actor2", "actor_2", "target", "side_b"),
    "fatalities": ("fatalities", "deaths", "killed", "dead", "best"),
    "place": ("place", "location", "place_name", "location_name", "site", "village", "town"),
    "governorate": ("governorate", "admin1", "province", "adm_1"),
    "district": ("district", "admin2", "adm_2"),
    "source": ("source",),
    "notes": ("notes", "description", "summary"),
    "precision": ("precision",),
}


# --------------------------------------------------------------------------- helpers


class _Issues:
    """Per-row problem messages, graded bad (hard) or flag (soft)."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        self.rows: list[list[str]] = [[] for _ in labels]
        self.bad = np.zeros(len(labels), dtype=bool)
        self.flagged = np.zeros(len(labels), dtype=bool)
        self.kinds: dict[str, list[str]] = {}
        # rows whose values cannot be trusted at all (e.g. a CSV record with the
        # wrong number of fields): they get an empty geometry whatever they hold
        self.unusable = np.zeros(len(labels), dtype=bool)

    def add(self, i: int, kind: str, message: str, *, bad: bool = True) -> None:
        self.rows[i].append(f"{kind}: {message}")
        if bad:
            self.bad[i] = True
        else:
            self.flagged[i] = True
        self.kinds.setdefault(kind, []).append(self.labels[i])

    def column(self) -> list[str]:
        return ["; ".join(messages) for messages in self.rows]

    def misfits(self, misfits: dict[int, str]) -> None:
        """Mark CSV records whose field count differs from the header's."""
        for i, message in misfits.items():
            if 0 <= i < len(self.labels):
                self.add(i, "fields", message)
                self.unusable[i] = True


def _read_csv_lines(
    path: str | PathLike[str],
) -> tuple[pd.DataFrame, list[int], dict[int, str]]:
    """Read a CSV as text.

    Returns the table, each record's first file line, and a message for every
    record (by position) whose field count differs from the header's. Such a
    record is kept (short ones padded with "", long ones cut to the header's
    width with the extra values named in the message) so that the caller can
    report it and leave its geometry empty: its values may be shifted.
    """
    misfits: dict[int, str] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header: list[str] | None = None
            records: list[list[str]] = []
            lines: list[int] = []
            previous = 0
            for record in reader:
                start = previous + 1
                previous = reader.line_num
                if not record or (len(record) == 1 and not record[0].strip()):
                    continue
                if header is None:
                    header = [name.strip() for name in record]
                    continue
                width = len(header)
                if len(record) != width:
                    message = f"{len(record)} fields, header has {width}"
                    if len(record) > width:
                        message += f" (extra values {record[width:]!r})"
                    message += "; values may be shifted, position not used"
                    misfits[len(records)] = message
                records.append((record + [""] * width)[:width])
                lines.append(start)
    except UnicodeDecodeError as exc:
        raise IncidentError(f"{path}: cannot be read as a UTF-8 CSV file ({exc})") from exc
    except csv.Error as exc:
        raise IncidentError(f"{path}: not a readable CSV file ({exc})") from exc
    if header is None:
        raise IncidentError(f"{path}: the file is empty (expected a header line)")
    return pd.DataFrame(records, columns=header, dtype=object), lines, misfits


def _load(
    source: Any,
) -> tuple[pd.DataFrame, list[str], str, bool, dict[int, str]]:
    """Return (table, row labels, origin, from_file, misfit records) for a path or a table."""
    if isinstance(source, pd.DataFrame):
        labels = [
            f"row {label!r}" if not _is_int(label) else f"row {label}" for label in source.index
        ]
        return source, labels, "DataFrame", False, {}
    if isinstance(source, (str, PathLike)):
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"incident file {str(path)!r} does not exist")
        if path.suffix.lower() in (".csv", ".txt"):
            table, lines, misfits = _read_csv_lines(path)
            return table, [f"line {n}" for n in lines], str(path), True, misfits
        frame = gpd.read_file(path)
        labels = [f"feature {i + 1}" for i in range(len(frame))]
        return frame, labels, str(path), True, {}
    raise TypeError(f"source must be a file path or a (Geo)DataFrame, not {type(source).__name__}")


def _is_int(value: Hashable) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _columns(table: pd.DataFrame) -> dict[str, str]:
    """Map lower-cased, stripped column names to the real ones."""
    return {str(c).strip().lower(): c for c in table.columns}


def _text(table: pd.DataFrame, column: str | None) -> pd.Series:
    """Return a column as stripped text with missing values as ''.

    Typed values are written so that the parsers read them back: datetimes as
    ``YYYY-MM-DD[ HH:MM:SS]`` in their own wall-clock time (a time zone is
    dropped, not converted), whole-number floats as integers (``1.0`` → ``1``,
    as a column with a NaN holds its integer ids).
    """
    if column is None:
        return pd.Series("", index=table.index, dtype=object)
    values = table[column]
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(values.dtype):
        midnight = (values.isna() | (values == values.dt.normalize())).all()
        text = values.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M:%S")
        return text.astype(object).where(values.notna(), "")
    if pd.api.types.is_float_dtype(values.dtype):
        return values.astype(object).map(_cell)
    if values.dtype == object:
        return values.map(_cell).astype(object)
    out = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    return out.astype(object)


def _cell(value: Any) -> str:
    """One typed value as text (see :func:`_text`)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return ""
        if np.isfinite(value) and float(value).is_integer():
            return str(int(value))
        return str(value)
    if isinstance(value, (_datetime, np.datetime64)):
        stamp = _wall_clock(value)
        if stamp is None:
            return ""
        fmt = "%Y-%m-%d" if stamp == stamp.normalize() else "%Y-%m-%d %H:%M:%S"
        return stamp.strftime(fmt)
    if isinstance(value, _date):
        return value.isoformat()
    return str(value).strip()


def _wall_clock(value: Any) -> pd.Timestamp | None:
    """Return a datetime-like value as a naive Timestamp in its own wall-clock time."""
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(stamp):
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp


def _require(
    table: pd.DataFrame, needed: Iterable[str], origin: str, layout: str
) -> dict[str, str]:
    cols = _columns(table)
    missing = [name for name in needed if name not in cols]
    if missing:
        raise IncidentError(
            f"{origin}: not a {layout} table: missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(map(str, table.columns))})"
        )
    return cols


def parse_dates(values: Iterable[Any], *, dayfirst: bool = True) -> tuple[pd.Series, pd.Series]:
    """Parse dates written in the forms incident tables use.

    Accepted: ISO ``2023-12-03`` (optionally with a time, ``T`` and a UTC
    designator or offset: ``2023-12-03T10:00:00Z``, ``2023-12-03 10:00``),
    ``03 December 2023``, ``3 Dec 2023``, ``3 Dec. 2023``, ``3-Dec-23``,
    ``December 3, 2023``, ``03/12/2023`` and ``03-12-2023`` (day first unless
    ``dayfirst=False``), ``03.12.2023`` and a bare year ``2023``. Datetime values
    (``datetime``, ``Timestamp``, ``numpy.datetime64``), naive or time-zone
    aware, are taken as they are; a time zone is dropped keeping the wall-clock
    time written (``2023-12-03 23:30+03:00`` stays on 3 December), as it is for
    an offset in text.

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
        Naive (no time zone).

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
    raw = pd.Series(list(values), dtype=object)
    start = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    typed = raw.map(lambda v: isinstance(v, (_date, np.datetime64)) and v is not pd.NaT)
    for i in np.flatnonzero(typed.to_numpy()):
        stamp = _wall_clock(raw.iat[i])
        if stamp is not None:
            # a value outside the datetime64[ns] range stays NaT
            with contextlib.suppress(ValueError, OverflowError):
                start.iat[i] = stamp.as_unit("ns")
    text = raw.where(raw.notna() & ~typed, "").map(lambda v: str(v).strip())
    text = text.str.replace(r"\.0$", "", regex=True)
    text = text.str.replace(_ISO_TIME, r"\g<day> \g<time>", regex=True)
    text = text.str.replace(_MONTH_DOT, r"\1", regex=True)
    text = text.str.replace(r"(?i)\bsept\b", "Sep", regex=True)
    slash = (
        ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y") if dayfirst else ("%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y")
    )
    todo = text != ""
    for fmt in (*_DATE_FORMATS, *slash):
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        hit = parsed.notna()
        if hit.any():
            start.loc[hit[hit].index] = parsed[hit].astype("datetime64[ns]")
            todo &= start.isna()
    end = start.copy()
    year_only = todo & text.str.fullmatch(r"\d{4}")
    if year_only.any():
        parsed = pd.to_datetime(text[year_only], format=_YEAR_FORMAT, errors="coerce")
        start.loc[year_only[year_only].index] = parsed.astype("datetime64[ns]")
        end.loc[year_only[year_only].index] = (parsed + pd.offsets.YearEnd(0)).astype(
            "datetime64[ns]"
        )
    return start, end


def _numbers(
    text: pd.Series, issues: _Issues, kind: str, what: str, *, integer: bool = False
) -> pd.Series:
    """Parse numbers from text, reporting non-empty values that are not numbers."""
    cleaned = text.str.replace(",", "", regex=False) if integer else text
    out = pd.to_numeric(cleaned.where(cleaned != "", None), errors="coerce").astype(float)
    bad = (text != "") & out.isna()
    for i in np.flatnonzero(bad.to_numpy()):
        issues.add(int(i), kind, f"{what} {text.iat[i]!r} is not a number")
    return out


# --------------------------------------------------------------------------- final step


def _finish(
    parts: dict[str, Any],
    *,
    index: pd.Index,
    issues: _Issues,
    origin: str,
    layout: str,
    strict: bool,
    extra: dict[str, Any] | None = None,
) -> gpd.GeoDataFrame:
    """Validate dates, coordinates, fatalities and ids; build the schema frame."""
    n = len(index)
    date_text = parts.pop("date_text")
    date = parts["date"]
    for i in np.flatnonzero(date.isna().to_numpy()):
        if date_text.iat[i]:
            issues.add(
                int(i),
                "date",
                f"{date_text.iat[i]!r} is not a date (expected e.g. 2023-12-03, 03 December 2023)",
            )
        else:
            issues.add(int(i), "date", "missing")
    date_end = parts["date_end"]
    backwards = (date_end < date).to_numpy()
    for i in np.flatnonzero(backwards):
        issues.add(
            int(i), "date", f"end {date_end.iat[i].date()} is before start {date.iat[i].date()}"
        )

    # Coordinates: missing, out of range, swapped, outside Iraq.
    lat = np.array(parts.pop("lat"), dtype=float)
    lon = np.array(parts.pop("lon"), dtype=float)
    if parts.get("geometry_given") is not None:
        given = parts.pop("geometry_given")
    else:
        given = None
        parts.pop("geometry_given", None)
    finite = np.isfinite(lat) & np.isfinite(lon)
    in_range = finite & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    outline = iraq_outline()
    inside = np.zeros(n, dtype=bool)
    swapped_inside = np.zeros(n, dtype=bool)
    if in_range.any():
        inside[in_range] = shapely.contains_xy(outline, lon[in_range], lat[in_range])
        swapped_inside[in_range] = shapely.contains_xy(outline, lat[in_range], lon[in_range])
    located = parts.pop("located", None)
    usable = in_range & (inside | ~swapped_inside) & ~issues.unusable
    if located is not None:
        usable &= np.asarray(located, dtype=bool)
    check = ~(usable & inside) & ~issues.unusable  # only these rows need a message
    if located is not None:
        check &= np.asarray(located, dtype=bool)  # the geocoder already said why
    for i in (int(k) for k in np.flatnonzero(check)):
        if not finite[i]:
            if any(m.startswith("coordinates:") for m in issues.rows[i]):
                continue  # already said: not a number
            if given is not None and given[i] is not None and not given[i].is_empty:
                issues.add(i, "coordinates", f"geometry is a {given[i].geom_type}, not a Point")
            else:
                issues.add(i, "coordinates", "missing latitude/longitude")
        elif not in_range[i]:
            issues.add(i, "coordinates", f"out of range (lat={lat[i]}, lon={lon[i]})")
        elif not inside[i] and swapped_inside[i]:
            issues.add(
                i,
                "swapped",
                f"lat/lon look swapped (lat={lat[i]}, lon={lon[i]}); Iraq spans "
                "lat 29-37.4, lon 38.8-48.6",
            )
        else:
            if not inside[i]:
                issues.add(
                    i,
                    "outside_iraq",
                    f"point (lat={lat[i]}, lon={lon[i]}) lies outside Iraq",
                    bad=False,
                )
    geometry = np.full(n, shapely.Point(), dtype=object)
    if usable.any():
        geometry[usable] = shapely.points(lon[usable], lat[usable])

    # Fatalities: non-negative whole numbers or NA.
    fatalities = parts["fatalities"]
    values = np.array(fatalities, dtype=float)  # a writable copy
    for i in np.flatnonzero(np.isfinite(values) & ((values < 0) | (values != np.round(values)))):
        what = "negative" if values[i] < 0 else "not a whole number"
        issues.add(int(i), "fatalities", f"{values[i]:g} is {what}")
        values[i] = np.nan
    parts["fatalities"] = pd.array(
        [pd.NA if not np.isfinite(v) else int(v) for v in values], dtype="Int64"
    )

    # Ids: unique, from the source or row-<label>.
    ids = parts["id"]
    seen: dict[str, int] = {}
    first: dict[str, str] = {}
    out_ids = []
    for i, value in enumerate(ids):
        if value in seen:
            seen[value] += 1
            new = f"{value}#{seen[value]}"
            issues.add(i, "id", f"{value!r} repeats {first[value]}; renamed {new!r}", bad=False)
            out_ids.append(new)
        else:
            seen[value] = 1
            first[value] = issues.labels[i]
            out_ids.append(value)
    parts["id"] = out_ids

    frame = pd.DataFrame(index=index)
    for column in INCIDENT_COLUMNS:
        if column == "geometry":
            continue
        value = parts.get(column)
        if column in _TEXT_COLUMNS:
            values = list(value) if value is not None else [""] * n
            series = pd.Series(values, index=index, dtype=object)
            series = series.map(lambda v: "" if v is None or v is pd.NA else str(v).strip())
            frame[column] = series.where(series != "", None).astype("string")
        elif column in ("date", "date_end"):
            frame[column] = pd.Series(np.asarray(value, dtype="datetime64[ns]"), index=index)
        else:  # precision, fatalities: positional nullable integers
            frame[column] = pd.array(list(value), dtype="Int64")
    frame["issues"] = pd.Series(issues.column(), index=index, dtype="string")
    out = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, index=index, crs="EPSG:4326"))

    bad_labels = [issues.labels[i] for i in np.flatnonzero(issues.bad)]
    precision = out["precision"]
    report: dict[str, Any] = {
        "source": origin,
        "layout": layout,
        "rows": n,
        "bad_rows": int(issues.bad.sum()),
        "flagged_rows": int((issues.flagged & ~issues.bad).sum()),
        "empty_geometry": int((~usable).sum()),
        "outside_iraq": len(issues.kinds.get("outside_iraq", [])),
        "precision_counts": {
            "1": int((precision == 1).sum()),
            "2": int((precision == 2).sum()),
            "3": int((precision == 3).sum()),
            "NA": int(precision.isna().sum()),
        },
        "coarse_rows": int((precision == 3).sum()),
        "problems": {kind: list(labels) for kind, labels in issues.kinds.items()},
    }
    if extra:
        report.update(extra)
    out.attrs["hotspot_report"] = report

    if bad_labels:
        lines = [
            f"{issues.labels[i]}: {'; '.join(issues.rows[i])}" for i in np.flatnonzero(issues.bad)
        ]
        if strict:
            raise IncidentError(
                f"{origin}: {len(bad_labels)} bad row(s) of {n} ({layout} layout):\n  "
                + "\n  ".join(lines)
            )
        warnings.warn(
            f"{origin}: {len(bad_labels)} of {n} row(s) have problems (first: {lines[0]}); "
            "they are kept with an empty geometry or NA values, see the 'issues' column and "
            "frame.attrs['hotspot_report'], or pass strict=True to raise",
            UserWarning,
            stacklevel=_caller_stacklevel(),
        )
    return out


def _caller_stacklevel() -> int:
    """Stack level of the first frame outside hotspot, so warnings blame the caller."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith("hotspot."):
        frame = frame.f_back
        level += 1
    return level


def _fallback_ids(ids: pd.Series, labels: list[str]) -> list[str]:
    return [
        value if value else "row-" + label.split(" ", 1)[1].strip("'")
        for value, label in zip(ids, labels, strict=True)
    ]


# --------------------------------------------------------------------------- ACLED


def _acled_layout(cols: dict[str, str]) -> str:
    if "disorder_type" in cols or "civilian_targeting" in cols:
        return "acled"
    if "gwno" in cols:
        return "acled-2019"
    return "acled-legacy"


def read_acled(source: Any, *, strict: bool = False) -> gpd.GeoDataFrame:
    """Read an ACLED export (current 31-column or a legacy layout).

    Parameters
    ----------
    source : str, path or pandas.DataFrame
        An ACLED CSV file, or a table already read (text or typed columns).
    strict : bool, default False
        Raise :class:`~hotspot.errors.IncidentError` listing every bad row
        instead of returning them flagged.

    Returns
    -------
    geopandas.GeoDataFrame
        The incident schema (EPSG:4326) plus ``issues``; ``id`` is
        ``event_id_cnty``, ``place`` is ``location``, ``governorate`` /
        ``district`` are ``admin1`` / ``admin2``, ``precision`` is
        ``geo_precision``. Legacy event types (``"Remote violence"``,
        ``"Battle-No change of territory"``...) are mapped to the current
        codebook (:data:`ACLED_LEGACY_EVENT_TYPES`); ``event_date`` may be ISO,
        ``03 December 2023``, ``3-Dec-23``, ``03/12/2023`` (day first) or a year.
        The report in ``attrs["hotspot_report"]`` names the layout found
        (``"acled"``, ``"acled-legacy"`` or ``"acled-2019"``).

    Raises
    ------
    IncidentError
        If a required column (event_date, latitude, longitude, event_type) is
        missing, or with ``strict=True`` if any row is bad.

    Warns
    -----
    UserWarning
        When some rows are bad and ``strict`` is False.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"event_id_cnty": ["IRQ1"], "event_date": ["3-Dec-23"],
    ...     "event_type": ["Remote violence"], "latitude": [35.47], "longitude": [44.39],
    ...     "geo_precision": [2], "fatalities": [1], "gwno": [645]})
    >>> frame = read_acled(table)
    >>> frame[["id", "event_type", "precision"]].to_dict("records")
    [{'id': 'IRQ1', 'event_type': 'Explosions/Remote violence', 'precision': 2}]
    >>> frame.loc[0, "precision_source"]
    'acled:2'
    >>> str(frame.loc[0, "date"].date()), frame.attrs["hotspot_report"]["layout"]
    ('2023-12-03', 'acled-2019')
    """
    table, labels, origin, _, misfits = _load(source)
    cols = _require(table, ("event_date", "latitude", "longitude", "event_type"), origin, "ACLED")
    layout = _acled_layout(cols)
    issues = _Issues(labels)
    issues.misfits(misfits)

    def text(name: str) -> pd.Series:
        return _text(table, cols.get(name)).reset_index(drop=True)

    date_text = text("event_date")
    date, date_end = parse_dates(date_text, dayfirst=True)

    current = {t.lower(): t for t in ACLED_EVENT_TYPES}
    legacy = {k.lower(): v for k, v in ACLED_LEGACY_EVENT_TYPES.items()}
    raw_types = text("event_type")
    event_types = []
    mapped: dict[str, int] = {}
    for i, value in enumerate(raw_types):
        key = value.lower()
        if key in current:
            event_types.append(current[key])
        elif key in legacy:
            event_types.append(legacy[key])
            mapped[value] = mapped.get(value, 0) + 1
        else:
            event_types.append(value)
            issues.add(
                i,
                "event_type",
                f"{value!r} is not an ACLED event type (expected one of "
                f"{', '.join(ACLED_EVENT_TYPES)} or a legacy type)"
                if value
                else "missing",
            )

    codes = text("geo_precision")
    numeric = pd.to_numeric(codes.where(codes != "", None), errors="coerce")
    precision: list[Any] = []
    precision_source: list[str] = []
    for i, (code, number) in enumerate(zip(codes, numeric, strict=True)):
        if code == "":
            precision.append(pd.NA)
            precision_source.append("")
        elif number in (1, 2, 3):
            precision.append(int(number))
            precision_source.append(f"acled:{int(number)}")
        else:
            precision.append(pd.NA)
            precision_source.append(f"acled:{code}")
            issues.add(i, "precision", f"geo_precision {code!r} is not 1, 2 or 3")

    parts: dict[str, Any] = {
        "id": _fallback_ids(text("event_id_cnty"), labels),
        "date": date,
        "date_end": date_end,
        "date_text": date_text,
        "precision": precision,
        "precision_source": precision_source,
        "event_type": event_types,
        "sub_event_type": text("sub_event_type"),
        "actor1": text("actor1"),
        "actor2": text("actor2"),
        "fatalities": _numbers(
            text("fatalities"), issues, "fatalities", "fatalities", integer=True
        ),
        "place": text("location"),
        "governorate": text("admin1"),
        "district": text("admin2"),
        "source": text("source"),
        "notes": text("notes"),
        "lat": _numbers(text("latitude"), issues, "coordinates", "latitude"),
        "lon": _numbers(text("longitude"), issues, "coordinates", "longitude"),
    }
    return _finish(
        parts,
        index=_out_index(table),
        issues=issues,
        origin=origin,
        layout=layout,
        strict=strict,
        extra={"legacy_event_types": mapped} if mapped else None,
    )


def _out_index(table: pd.DataFrame) -> pd.Index:
    return table.index.copy()


# --------------------------------------------------------------------------- UCDP


def _is_hxl_row(values: Iterable[Any]) -> bool:
    cells = [str(v).strip() for v in values if v is not None and str(v).strip() not in ("", "nan")]
    return bool(cells) and sum(c.startswith("#") for c in cells) >= max(1, len(cells) // 2)


def read_ucdp(source: Any, *, strict: bool = False) -> gpd.GeoDataFrame:
    """Read a UCDP GED table (the full CSV or the HDX extract with its HXL row).

    Parameters
    ----------
    source : str, path or pandas.DataFrame
        A UCDP GED CSV file or a table already read. An HXL hashtag row
        (``#date+year,...``) right below the header is detected and skipped.
    strict : bool, default False
        Raise :class:`~hotspot.errors.IncidentError` listing every bad row
        instead of returning them flagged.

    Returns
    -------
    geopandas.GeoDataFrame
        The incident schema (EPSG:4326) plus ``issues``. ``event_type`` comes from
        ``type_of_violence`` through :data:`UCDP_VIOLENCE_TYPES` (1 "state-based",
        2 "non-state", 3 "one-sided"); ``precision`` from ``where_prec`` (1 → 1,
        2-3 → 2, 4-7 → 3); ``fatalities`` is ``best``; ``actor1`` / ``actor2`` are
        ``side_a`` / ``side_b``; ``place`` is ``where_coordinates``; ``source`` is
        ``source_office`` (else ``source_article``); ``notes`` is
        ``source_headline``.

    Raises
    ------
    IncidentError
        If date_start, latitude or longitude is missing, or with ``strict=True``
        if any row is bad.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"id": ["", "7"], "date_start": ["#date+start", "2014-06-10"],
    ...     "date_end": ["#date+end", "2014-06-11"], "latitude": ["#geo+lat", "36.34"],
    ...     "longitude": ["#geo+lon", "43.13"], "where_prec": ["", "4"],
    ...     "type_of_violence": ["", "1"], "best": ["#affected+killed", "12"]})
    >>> frame = read_ucdp(table)
    >>> frame[["event_type", "precision", "fatalities"]].to_dict("records")
    [{'event_type': 'state-based', 'precision': 3, 'fatalities': 12}]
    >>> frame.loc[1, "precision_source"]
    'ucdp:4'
    >>> frame.attrs["hotspot_report"]["hxl_row_skipped"]
    True
    """
    table, labels, origin, from_file, misfits = _load(source)
    cols = _require(table, ("date_start", "latitude", "longitude"), origin, "UCDP GED")
    hxl = len(table) > 0 and _is_hxl_row(table.iloc[0].tolist())
    if hxl:
        table = table.iloc[1:]
        labels = labels[1:]
        misfits = {i - 1: message for i, message in misfits.items()}
        if from_file:
            table = table.reset_index(drop=True)
    issues = _Issues(labels)
    issues.misfits(misfits)

    def text(name: str) -> pd.Series:
        return _text(table, cols.get(name)).reset_index(drop=True)

    date_text = text("date_start")
    date, _ = parse_dates(date_text, dayfirst=False)
    end_text = text("date_end")
    date_end, _ = parse_dates(end_text, dayfirst=False)
    date_end = date_end.where(end_text != "", date)
    for i in np.flatnonzero(((end_text != "") & date_end.isna()).to_numpy()):
        issues.add(int(i), "date", f"date_end {end_text.iat[i]!r} is not a date")

    violence = text("type_of_violence")
    event_types = []
    for i, code in enumerate(violence):
        number = pd.to_numeric(code, errors="coerce") if code else np.nan
        if number in UCDP_VIOLENCE_TYPES:
            event_types.append(UCDP_VIOLENCE_TYPES[int(number)])
        elif code == "" and "type_of_violence" not in cols:
            event_types.append("")
        else:
            event_types.append(code)
            issues.add(
                i,
                "event_type",
                f"type_of_violence {code!r} is not 1, 2 or 3"
                if code
                else "type_of_violence missing",
            )

    codes = text("where_prec")
    precision: list[Any] = []
    precision_source: list[str] = []
    for i, code in enumerate(codes):
        number = pd.to_numeric(code, errors="coerce") if code else np.nan
        if code == "":
            precision.append(pd.NA)
            precision_source.append("")
        elif number in _UCDP_PRECISION:
            precision.append(_UCDP_PRECISION[int(number)])
            precision_source.append(f"ucdp:{int(number)}")
        else:
            precision.append(pd.NA)
            precision_source.append(f"ucdp:{code}")
            issues.add(i, "precision", f"where_prec {code!r} is not 1-7")

    office = text("source_office")
    article = text("source_article").str.strip('"').str.strip()
    parts: dict[str, Any] = {
        "id": _fallback_ids(text("id"), labels),
        "date": date,
        "date_end": date_end,
        "date_text": date_text,
        "precision": precision,
        "precision_source": precision_source,
        "event_type": event_types,
        "sub_event_type": None,
        "actor1": text("side_a"),
        "actor2": text("side_b"),
        "fatalities": _numbers(text("best"), issues, "fatalities", "best", integer=True),
        "place": text("where_coordinates"),
        "governorate": text("adm_1"),
        "district": text("adm_2"),
        "source": office.where(office != "", article),
        "notes": text("source_headline"),
        "lat": _numbers(text("latitude"), issues, "coordinates", "latitude"),
        "lon": _numbers(text("longitude"), issues, "coordinates", "longitude"),
    }
    return _finish(
        parts,
        index=_out_index(table),
        issues=issues,
        origin=origin,
        layout="ucdp",
        strict=strict,
        extra={"hxl_row_skipped": bool(hxl)},
    )


# --------------------------------------------------------------------------- generic


def _sniff(cols: dict[str, str]) -> str:
    if {"event_id_cnty", "event_date", "event_type"} <= cols.keys() and (
        "geo_precision" in cols or "latitude" in cols
    ):
        return "acled"
    if {"type_of_violence", "date_start"} <= cols.keys() and (
        "where_prec" in cols or "side_a" in cols
    ):
        return "ucdp"
    return "generic"


def _pick(cols: dict[str, str], given: str | None, role: str, origin: str) -> str | None:
    if given is not None:
        if given in cols.values():
            return given
        if given.lower() in cols:
            return cols[given.lower()]
        raise IncidentError(
            f"{origin}: column {given!r} (given for {role}) not found; columns are "
            f"{', '.join(map(str, cols.values()))}"
        )
    for candidate in _GENERIC_CANDIDATES[role]:
        if candidate in cols:
            return cols[candidate]
    return None


def _default_geocoder() -> Callable[..., gpd.GeoDataFrame]:
    try:
        from hotspot.geocode import geocode
    except ImportError as exc:  # pragma: no cover - depends on the geocoder module landing
        raise ImportError(
            "geocoding a place-name column needs hotspot.geocode, which could not be "
            f"imported ({exc}); pass geocoder= a callable or give lat/lon columns"
        ) from exc
    return geocode


def read_incidents(
    source: Any,
    *,
    lat: str | None = None,
    lon: str | None = None,
    place: str | None = None,
    date: str | None = None,
    event_type: str | None = None,
    fatalities: str | None = None,
    id: str | None = None,
    layout: str = "auto",
    geocoder: Callable[..., gpd.GeoDataFrame] | None = None,
    geocode_kwargs: dict[str, Any] | None = None,
    dayfirst: bool = True,
    strict: bool = False,
) -> gpd.GeoDataFrame:
    """Read incidents from any table with coordinates or place names.

    ACLED and UCDP GED layouts are recognised from their columns and handed to
    :func:`read_acled` / :func:`read_ucdp`. Any other table needs either
    coordinates (latitude/longitude columns, or a GeoDataFrame / GeoJSON /
    GeoPackage with Point geometry) or a place-name column, which is geocoded
    with :func:`hotspot.geocode.geocode`.

    Parameters
    ----------
    source : str, path, pandas.DataFrame or geopandas.GeoDataFrame
        A CSV file, a vector file readable by pyogrio (GeoJSON, GeoPackage,
        Shapefile...), or a table.
    lat, lon, place, date, event_type, fatalities, id : str, optional
        Column names; by default the usual names are tried (``lat``/``latitude``,
        ``lon``/``longitude``, ``place``/``location``, ``date``/``event_date``,
        ``event_type``/``type``, ``fatalities``/``deaths``, ``id``/``event_id``).
    layout : {"auto", "acled", "ucdp", "generic"}, default "auto"
        Force a layout instead of sniffing it from the columns.
    geocoder : callable, optional
        ``geocoder(series, **geocode_kwargs)`` returning a GeoDataFrame aligned
        to the series with ``status``, ``name``, ``feature_type``,
        ``governorate``, ``district`` and ``geometry``; defaults to
        :func:`hotspot.geocode.geocode`. Only ``"resolved"`` rows get a position;
        the others keep an empty Point and say why in ``issues``.
    geocode_kwargs : dict, optional
        Extra keyword arguments for the geocoder.
    dayfirst : bool, default True
        Read ``03/12/2023`` as 3 December.
    strict : bool, default False
        Raise :class:`~hotspot.errors.IncidentError` listing every bad row.

    Returns
    -------
    geopandas.GeoDataFrame
        The incident schema (EPSG:4326) plus ``issues``, on the input's index for
        tables. ``precision`` is read from a ``precision`` column (1-3) when
        there is one, from the feature type for geocoded rows
        (:data:`FEATURE_PRECISION`), else NA.

    Raises
    ------
    IncidentError
        If the table has neither coordinates nor a place column, a named column
        is missing, or with ``strict=True`` if any row is bad.
    CRSError
        If a GeoDataFrame has no CRS.
    ValueError
        If ``layout`` is not one of :data:`LAYOUTS`.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"date": ["2024-07-13"], "latitude": [35.78],
    ...                       "longitude": [43.58], "type": ["IED"]})
    >>> frame = read_incidents(table)
    >>> frame.loc[0, ["id", "event_type"]].tolist(), frame.geometry[0].x
    (['row-0', 'IED'], 43.58)
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout={layout!r} is not one of {', '.join(LAYOUTS)}")
    table, labels, origin, _, misfits = _load(source)
    cols = _columns(table)
    chosen = _sniff(cols) if layout == "auto" else layout
    if chosen in ("acled", "ucdp"):
        reader = read_acled if chosen == "acled" else read_ucdp
        is_path = isinstance(source, (str, PathLike)) and Path(source).suffix.lower() in (
            ".csv",
            ".txt",
        )
        return reader(source if is_path else _plain(table), strict=strict)
    return _read_generic(
        table,
        labels=labels,
        misfits=misfits,
        origin=origin,
        names={
            "lat": lat,
            "lon": lon,
            "place": place,
            "date": date,
            "event_type": event_type,
            "fatalities": fatalities,
            "id": id,
        },
        geocoder=geocoder,
        geocode_kwargs=geocode_kwargs or {},
        dayfirst=dayfirst,
        strict=strict,
    )


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    if isinstance(table, gpd.GeoDataFrame):
        return pd.DataFrame(table.drop(columns=table.geometry.name))
    return table


def _read_generic(
    table: pd.DataFrame,
    *,
    labels: list[str],
    misfits: dict[int, str] | None = None,
    origin: str,
    names: dict[str, str | None],
    geocoder: Callable[..., gpd.GeoDataFrame] | None,
    geocode_kwargs: dict[str, Any],
    dayfirst: bool,
    strict: bool,
) -> gpd.GeoDataFrame:
    cols = _columns(table)
    is_geo = isinstance(table, gpd.GeoDataFrame) and table.geometry.name in table.columns
    if is_geo:
        cols.pop(str(table.geometry.name).lower(), None)
    picked = {role: _pick(cols, names.get(role), role, origin) for role in _GENERIC_CANDIDATES}
    issues = _Issues(labels)
    issues.misfits(misfits or {})
    n = len(table)

    def text(role: str) -> pd.Series:
        return _text(table, picked[role]).reset_index(drop=True)

    date_text = text("date")
    start, end = parse_dates(date_text, dayfirst=dayfirst)
    if picked["date_end"] is not None:
        end_text = text("date_end")
        end_parsed, _ = parse_dates(end_text, dayfirst=dayfirst)
        end = end_parsed.where(end_text != "", end)

    precision: list[Any] = [pd.NA] * n
    precision_source = [""] * n
    if picked["precision"] is not None:
        codes = text("precision")
        for i, code in enumerate(codes):
            number = pd.to_numeric(code, errors="coerce") if code else np.nan
            if number in (1, 2, 3):
                precision[i] = int(number)
                precision_source[i] = f"input:{int(number)}"
            elif code:
                issues.add(i, "precision", f"precision {code!r} is not 1, 2 or 3")

    place_text = text("place")
    governorate = text("governorate")
    district = text("district")
    located = None
    geometry_given = None
    if is_geo and names.get("lat") is None and names.get("lon") is None:
        geo = table.geometry
        if geo.crs is None:
            raise CRSError(
                f"{origin}: the GeoDataFrame has no CRS; set it with .set_crs(...) "
                "(e.g. 'EPSG:4326' for lon/lat degrees)"
            )
        geo = geo.to_crs("EPSG:4326")
        geometry_given = list(geo.reset_index(drop=True))
        is_point = np.asarray(
            [g is not None and not g.is_empty and g.geom_type == "Point" for g in geometry_given]
        )
        lat_values = np.full(n, np.nan)
        lon_values = np.full(n, np.nan)
        if is_point.any():
            points = [geometry_given[i] for i in np.flatnonzero(is_point)]
            lon_values[is_point] = shapely.get_x(points)
            lat_values[is_point] = shapely.get_y(points)
        lat_series = pd.Series(lat_values)
        lon_series = pd.Series(lon_values)
    elif picked["lat"] is not None and picked["lon"] is not None:
        lat_series = _numbers(text("lat"), issues, "coordinates", "latitude")
        lon_series = _numbers(text("lon"), issues, "coordinates", "longitude")
    elif picked["place"] is not None:
        geocode = geocoder if geocoder is not None else _default_geocoder()
        queries = pd.Series(place_text.to_numpy(), index=table.index, name="place")
        found = geocode(queries, **geocode_kwargs)
        if len(found) != n:
            raise IncidentError(f"{origin}: the geocoder returned {len(found)} rows for {n} places")
        found = found.reset_index(drop=True)
        status = found["status"].astype(object).where(found["status"].notna(), "").astype(str)
        resolved = np.array(status == "resolved", dtype=bool)
        geoms = found.geometry.to_crs("EPSG:4326") if found.crs else found.geometry
        lat_values = np.full(n, np.nan)
        lon_values = np.full(n, np.nan)
        for i in range(n):
            g = geoms.iat[i]
            if resolved[i] and g is not None and not g.is_empty:
                lon_values[i], lat_values[i] = g.x, g.y
                kind = str(found["feature_type"].iat[i])
                if kind in FEATURE_PRECISION:
                    precision[i] = FEATURE_PRECISION[kind]
                precision_source[i] = f"geocode:{kind}"
                if not governorate.iat[i] and pd.notna(found["governorate"].iat[i]):
                    governorate.iat[i] = str(found["governorate"].iat[i])
                if not district.iat[i] and pd.notna(found["district"].iat[i]):
                    district.iat[i] = str(found["district"].iat[i])
            else:
                resolved[i] = False
                query = place_text.iat[i]
                issues.add(
                    i,
                    "place",
                    f"{query!r} not located (geocoder status {status.iat[i] or 'missing'!r})"
                    if query
                    else "place name missing",
                )
        located = resolved
        lat_series = pd.Series(lat_values)
        lon_series = pd.Series(lon_values)
    else:
        raise IncidentError(
            f"{origin}: no coordinates and no place column; name them with lat=/lon= or "
            f"place= (columns are {', '.join(map(str, cols.values()))})"
        )

    parts: dict[str, Any] = {
        "id": _fallback_ids(text("id"), labels),
        "date": start,
        "date_end": end,
        "date_text": date_text,
        "precision": precision,
        "precision_source": precision_source,
        "event_type": text("event_type"),
        "sub_event_type": text("sub_event_type"),
        "actor1": text("actor1"),
        "actor2": text("actor2"),
        "fatalities": _numbers(
            text("fatalities"), issues, "fatalities", "fatalities", integer=True
        ),
        "place": place_text,
        "governorate": governorate,
        "district": district,
        "source": text("source"),
        "notes": text("notes"),
        "lat": lat_series,
        "lon": lon_series,
        "located": located,
        "geometry_given": geometry_given,
    }
    return _finish(
        parts,
        index=_out_index(table),
        issues=issues,
        origin=origin,
        layout="generic",
        strict=strict,
    )
