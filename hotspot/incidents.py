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

* bad rows (raise under ``strict=True``, warned about otherwise): an unparseable,
  missing, out-of-range (before 1677 or after 2262) or future date, missing or
  out-of-range coordinates, placeholder coordinates (``0``, ``99``, ``-999``...
  stand for a missing value), swapped lat/lon (a point outside Iraq whose swap
  lies inside, or far from Iraq whose swap lies near it), negative, fractional
  or implausibly large fatalities, an event type outside the source's
  vocabulary, an unknown precision code, a CSV record with more or fewer fields
  than the header (kept, with an empty geometry: its values may be shifted);
* flags (kept, listed in ``issues`` and the report, never raise): a point
  outside Iraq that is not a swap (border events are real), the country point
  (33, 44) that datasets give to events known only to be in Iraq (made coarse,
  precision 3), duplicate ids (made unique with a ``#2``, ``#3`` suffix that no
  other row uses), exact copies of an earlier row (or dropped with
  ``dedupe=True``), a stray quote in a CSV line read as a character.

Every input line is accounted for: ``frame.attrs["hotspot_report"]["input"]``
compares the physical lines (sheet rows, features) of the source with the
records read (see :func:`hotspot._tables.read_table`); a CSV record spanning
lines is labelled with its span (``"lines 12-14"``), and a stray quote never
swallows other rows. The report also says which layout was chosen and why
(``layout``, ``layout_reason``), and ``frame.attrs["dataset"]`` names the
dataset (``"ACLED"``, ``"UCDP GED"`` or the file) and its version when the
file tells it.

Precision (column ``precision``, nullable integer):

=====  ==========================================================
value  meaning
=====  ==========================================================
1      exact: town, village or better (within about 5 km)
2      near: within about 25 km, part of a district
3      coarse: a district, governorate or larger centroid, a river or road,
       a wider area
=====  ==========================================================

ACLED ``geo_precision`` 1/2/3 maps to 1/2/3; UCDP ``where_prec`` 1 to 1, 2 to 2
and 3-7 (district centroids and coarser) to 3; geocoded place names take it from
the feature type and the ``precision_km`` the geocoder gives (:func:`place_precision`).
``precision_source`` keeps the original code, e.g. ``"acled:2"``, ``"ucdp:4"``,
``"geocode:district"``.

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

import functools
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date as _date
from datetime import datetime as _datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hotspot._admin_names import canonical
from hotspot._dates import parse_dates, read_dates, wall_clock
from hotspot._geo import POINT_LIKE_KM
from hotspot._locate import bundled_admin, locate_lonlat
from hotspot._overlay import is_coarse
from hotspot._tables import RawTable, read_table
from hotspot.errors import CRSError, IncidentError, caller_stacklevel
from hotspot.gazetteer import iraq_outline
from hotspot.geocode import geocode as default_geocode

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_EVENT_TYPES",
    "ACLED_LEGACY_EVENT_TYPES",
    "ACLED_SUB_EVENT_TYPES",
    "COUNTRY_POINT",
    "FEATURE_PRECISION",
    "INCIDENT_COLUMNS",
    "LAYOUTS",
    "MAX_FATALITIES",
    "PLACEHOLDER_COORDINATES",
    "PRECISION_KM",
    "UCDP_VIOLENCE_TYPES",
    "parse_dates",
    "place_precision",
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
    "governorate_pcode",
    "district_pcode",
    "governorate_raw",
    "district_raw",
    "source",
    "notes",
    "geometry",
)

# Filled by the one placement rule (_canonical_admin), not by the layouts.
_PLACED_COLUMNS = ("governorate_pcode", "district_pcode", "governorate_raw", "district_raw")

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

#: The current ACLED export layout (31 columns), in file order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
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

#: Precision given to a geocoded place by its gazetteer feature type: the finest
#: it can have (:func:`place_precision` makes it coarser where the row says so).
#: Rivers and roads are linear features, coarse as UCDP's ``where_prec`` 5 is.
FEATURE_PRECISION: dict[str, int] = {
    "settlement": 1,
    "neighbourhood": 1,
    "site": 1,
    "bridge": 1,
    "subdistrict": 2,
    "valley": 2,
    "mountain": 2,
    "lake": 2,
    "dam": 2,
    "road": 3,
    "river": 3,
    "district": 3,
    "governorate": 3,
    "region": 3,
    "desert": 3,
    "country": 3,
}

#: The most a point of precision 1 and of precision 2 may lie from its place, in km
#: ("within about 5 km", "within about 25 km").
PRECISION_KM: tuple[float, float] = (POINT_LIKE_KM, 25.0)


def place_precision(feature_type: str, precision_km: float | None = None) -> int | None:
    """Return the precision (1-3) of an incident placed at a geocoded place.

    The place's feature type gives the finest it can have
    (:data:`FEATURE_PRECISION`); the row's own ``precision_km`` (how far the
    gazetteer's point may lie from the place) makes it coarser: more than 5 km
    is at best 2, more than 25 km is 3 (:data:`PRECISION_KM`). A village placed
    from reporting context to within 10 km is not "exact", and a sub-district
    reaching 40 km from its point (the geocoder gives an admin unit's reach as
    its ``precision_km``) is as coarse as a centroid: it feeds no hotspot.

    Parameters
    ----------
    feature_type : str
        The gazetteer feature type (``settlement``, ``subdistrict``, ``river`` …).
    precision_km : float, optional
        The place's ``precision_km`` as the geocoder gives it; None or NaN when
        unknown.

    Returns
    -------
    int or None
        1, 2 or 3; None for a feature type this table does not know.

    Examples
    --------
    >>> place_precision("settlement", 2.0), place_precision("settlement", 10.0)
    (1, 2)
    >>> place_precision("subdistrict", 112.0), place_precision("river")
    (3, 3)
    >>> place_precision("unknown kind") is None
    True
    """
    finest = FEATURE_PRECISION.get(feature_type)
    if finest is None:
        return None
    try:
        km = float(precision_km)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return finest
    if km > PRECISION_KM[1]:
        return 3
    if km > PRECISION_KM[0]:
        return max(finest, 2)
    return finest


#: Layouts :func:`read_incidents` understands (``layout=``).
LAYOUTS: tuple[str, ...] = ("auto", "acled", "ucdp", "generic")

_UCDP_PRECISION = {1: 1, 2: 2, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3}

#: Coordinate values that stand for "missing" in exports (never a position in Iraq).
PLACEHOLDER_COORDINATES: tuple[float, ...] = (
    0.0,
    -1.0,
    9.0,
    -9.0,
    99.0,
    -99.0,
    999.0,
    -999.0,
    9999.0,
    -9999.0,
    99999.0,
    -99999.0,
)

#: The point (lat, lon) given to events known only to lie "in Iraq": UCDP GED puts its
#: country-level events (where_prec 6) there, and GeoNames gives it for the country.
COUNTRY_POINT: tuple[float, float] = (33.0, 44.0)

#: Fatalities above this are not a count for one event (a typo or an overflow value).
MAX_FATALITIES = 1_000_000

# Distance (degrees) around Iraq within which a point counts as near it when
# checking for swapped coordinates far away.
_NEAR_DEG = 0.5

# Columns that only an ACLED export / a UCDP GED table has: their presence picks the layout.
_ACLED_MARKS = ("event_id_cnty", "geo_precision", "event_id_no_cnty")
_UCDP_MARKS = ("type_of_violence", "where_prec", "where_coordinates")

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
    "precision": ("precision", "geo_precision", "where_prec"),
}


# --------------------------------------------------------------------------- helpers


class _Issues:
    """Per-row problem messages, graded bad (hard) or flag (soft)."""

    def __init__(self, raw: RawTable) -> None:
        self.labels = raw.labels
        self.rows: list[list[str]] = [[] for _ in raw.labels]
        self.bad = np.zeros(len(raw.labels), dtype=bool)
        self.flagged = np.zeros(len(raw.labels), dtype=bool)
        self.kinds: dict[str, list[str]] = {}
        # rows whose values cannot be trusted at all (e.g. a CSV record with the
        # wrong number of fields): they get an empty geometry whatever they hold
        self.unusable = np.array(raw.unusable, dtype=bool)
        for i, notes in enumerate(raw.notes):
            for kind, message, bad in notes:
                self.add(i, kind, message, bad=bad)

    def add(self, i: int, kind: str, message: str, *, bad: bool = True) -> None:
        self.rows[i].append(f"{kind}: {message}")
        if bad:
            self.bad[i] = True
        else:
            self.flagged[i] = True
        self.kinds.setdefault(kind, []).append(self.labels[i])

    def column(self) -> list[str]:
        return ["; ".join(messages) for messages in self.rows]


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
        stamp = wall_clock(value)
        if stamp is None:
            return ""
        fmt = "%Y-%m-%d" if stamp == stamp.normalize() else "%Y-%m-%d %H:%M:%S"
        return stamp.strftime(fmt)
    if isinstance(value, _date):
        return value.isoformat()
    return str(value).strip()


def _require(
    raw: RawTable, needed: Iterable[str], layout: str, marks: tuple[str, ...]
) -> dict[str, str]:
    cols = _columns(raw.table)
    missing = [name for name in needed if name not in cols]
    if missing:
        found = [name for name in marks if name in cols]
        article = "an" if layout[0] in "AEIOU" else "a"
        looks = (
            f"it looks like {article} {layout} table (column(s) {', '.join(found)}) but is "
            if found
            else f"not {article} {layout} table: "
        )
        raise IncidentError(
            f"{raw.origin}: {looks}missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(map(str, raw.table.columns))}). Rename the column that holds "
            f"them, or read the file with read_incidents(..., layout='generic', date=..., "
            "lat=..., lon=...): the generic layout still reads geo_precision / where_prec, so "
            "coarse locations stay out of the clustering"
        )
    return cols


def _numbers(
    text: pd.Series, issues: _Issues, kind: str, what: str, *, integer: bool = False
) -> pd.Series:
    """Parse numbers from text, reporting non-empty values that are not finite numbers."""
    cleaned = text.str.replace(",", "", regex=False) if integer else text
    out = pd.to_numeric(cleaned.where(cleaned != "", None), errors="coerce").astype(float)
    out = out.where(np.isfinite(out.to_numpy()), np.nan)  # "inf" is not a number either
    bad = (text != "") & out.isna()
    for i in np.flatnonzero(bad.to_numpy()):
        issues.add(int(i), kind, f"{what} {text.iat[i]!r} is not a number")
    return out


# --------------------------------------------------------------------------- final step


@functools.lru_cache(maxsize=1)
def _near_iraq() -> shapely.Geometry:
    near = shapely.buffer(iraq_outline(), _NEAR_DEG)
    shapely.prepare(near)
    return near


def _coordinates(
    lat: np.ndarray, lon: np.ndarray, issues: _Issues, *, skip: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check positions; return (usable, inside Iraq, at the country point).

    Rows in ``skip`` (no message wanted: unusable records, places the geocoder
    could not locate) are checked but not reported.
    """
    n = len(lat)
    finite = np.isfinite(lat) & np.isfinite(lon)
    placeholder = finite & (
        np.isin(lat, PLACEHOLDER_COORDINATES) | np.isin(lon, PLACEHOLDER_COORDINATES)
    )
    in_range = finite & ~placeholder & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    outline = iraq_outline()
    inside = np.zeros(n, dtype=bool)
    swapped = np.zeros(n, dtype=bool)
    if in_range.any():
        x, y = lon[in_range], lat[in_range]
        inside[in_range] = shapely.contains_xy(outline, x, y)
        near = _near_iraq()
        swap_inside = shapely.contains_xy(outline, y, x)
        far_swap_near = ~shapely.contains_xy(near, x, y) & shapely.contains_xy(near, y, x)
        swapped[in_range] = ~inside[in_range] & (swap_inside | far_swap_near)
    usable = in_range & ~swapped & ~issues.unusable
    country = usable & (lat == COUNTRY_POINT[0]) & (lon == COUNTRY_POINT[1])
    for i in (int(k) for k in np.flatnonzero(~(usable & inside) & ~skip)):
        if not finite[i]:
            if any(m.startswith("coordinates:") for m in issues.rows[i]):
                continue  # already said: not a number
            issues.add(i, "coordinates", "missing latitude/longitude")
        elif placeholder[i]:
            issues.add(
                i,
                "placeholder",
                f"lat={lat[i]:g}, lon={lon[i]:g} is a placeholder for a missing position "
                "(0, -1 and 9, 99, 999... are not places in Iraq); position not used",
            )
        elif not in_range[i]:
            issues.add(i, "coordinates", f"out of range (lat={lat[i]}, lon={lon[i]})")
        elif swapped[i]:
            issues.add(
                i,
                "swapped",
                f"lat/lon look swapped (lat={lat[i]}, lon={lon[i]}); Iraq spans "
                "lat 29-37.4, lon 38.8-48.6",
            )
        elif not inside[i]:
            issues.add(
                i,
                "outside_iraq",
                f"point (lat={lat[i]}, lon={lon[i]}) lies outside Iraq",
                bad=False,
            )
    return usable, inside, country


def _unique_ids(ids: Iterable[str], issues: _Issues) -> list[str]:
    """Make ids unique with ``#2``, ``#3``... suffixes that no other row uses."""
    ids = list(ids)
    taken = set(ids)
    count: dict[str, int] = {}
    first: dict[str, str] = {}
    out = []
    for i, value in enumerate(ids):
        if value not in count:
            count[value] = 1
            first[value] = issues.labels[i]
            out.append(value)
            continue
        number = count[value] + 1
        while f"{value}#{number}" in taken:
            number += 1
        new = f"{value}#{number}"
        count[value] = number
        taken.add(new)
        issues.add(i, "id", f"{value!r} repeats {first[value]}; renamed {new!r}", bad=False)
        out.append(new)
    return out


def _finish(
    parts: dict[str, Any],
    *,
    raw: RawTable,
    issues: _Issues,
    layout: str,
    reason: str,
    strict: bool,
    extra: dict[str, Any] | None = None,
) -> gpd.GeoDataFrame:
    """Validate dates, coordinates, fatalities and ids; build the schema frame."""
    index = raw.table.index.copy()
    n = len(index)
    origin = raw.origin

    # Dates: missing, unreadable, out of range, backwards, in the future.
    date_text = parts.pop("date_text")
    date_problems = parts.pop("date_problems")
    date = parts["date"]
    for i in np.flatnonzero(date.isna().to_numpy()):
        if date_text.iat[i]:
            issues.add(
                int(i), "date", date_problems.iat[i] or f"{date_text.iat[i]!r} is not a date"
            )
        else:
            issues.add(int(i), "date", "missing")
    date_end = parts["date_end"]
    for i in np.flatnonzero((date_end < date).to_numpy()):
        issues.add(
            int(i), "date", f"end {date_end.iat[i].date()} is before start {date.iat[i].date()}"
        )
    tomorrow = pd.Timestamp.now().normalize() + pd.Timedelta(days=1)
    for i in np.flatnonzero((date >= tomorrow).to_numpy()):
        issues.add(
            int(i),
            "date",
            f"{date.iat[i].date()} is in the future (read on {pd.Timestamp.now().date()})",
        )

    # Coordinates: missing, placeholder, out of range, swapped, outside Iraq.
    lat = np.array(parts.pop("lat"), dtype=float)
    lon = np.array(parts.pop("lon"), dtype=float)
    given = parts.pop("geometry_given", None)
    located = parts.pop("located", None)
    skip = issues.unusable.copy()
    if located is not None:
        skip |= ~np.asarray(located, dtype=bool)  # the geocoder already said why
    if given is not None:
        for i in np.flatnonzero(~(np.isfinite(lat) & np.isfinite(lon)) & ~skip):
            g = given[i]
            if g is not None and not g.is_empty:
                issues.add(int(i), "coordinates", _not_a_point(g))
    usable, _, country = _coordinates(lat, lon, issues, skip=skip)
    if located is not None:
        usable &= np.asarray(located, dtype=bool)
    geometry = np.full(n, shapely.Point(), dtype=object)
    if usable.any():
        geometry[usable] = shapely.points(lon[usable], lat[usable])

    # The country point is a coarse location whatever precision the source gives.
    precision = list(parts["precision"])
    precision_source = list(parts["precision_source"])
    for i in np.flatnonzero(country):
        if precision[i] is pd.NA or precision[i] != 3:
            was = "no precision" if precision[i] is pd.NA else f"precision {precision[i]}"
            issues.add(
                int(i),
                "country_point",
                f"({COUNTRY_POINT[0]:g}, {COUNTRY_POINT[1]:g}) is the point datasets give to "
                f"events known only to be in Iraq; treated as coarse (precision 3, was {was})",
                bad=False,
            )
            precision[i] = 3
            precision_source[i] = precision_source[i] or "country-point"
    parts["precision"] = precision
    parts["precision_source"] = precision_source

    # Fatalities: non-negative whole numbers of a plausible size, or NA.
    values = np.array(parts["fatalities"], dtype=float)  # a writable copy
    wrong = np.isfinite(values) & (
        (values < 0) | (values != np.round(values)) | (values > MAX_FATALITIES)
    )
    for i in np.flatnonzero(wrong):
        what = (
            "negative"
            if values[i] < 0
            else f"more than {MAX_FATALITIES:,} (not a count for one event)"
            if values[i] > MAX_FATALITIES
            else "not a whole number"
        )
        issues.add(int(i), "fatalities", f"{values[i]:g} is {what}")
        values[i] = np.nan
    parts["fatalities"] = pd.array(
        [pd.NA if not np.isfinite(v) else int(v) for v in values], dtype="Int64"
    )
    parts["id"] = _unique_ids(parts["id"], issues)

    frame = pd.DataFrame(index=index)
    for column in INCIDENT_COLUMNS:
        if column == "geometry" or column in _PLACED_COLUMNS:
            continue  # the placed admin columns come from _canonical_admin below
        value = parts.get(column)
        if column in _TEXT_COLUMNS:
            values_ = list(value) if value is not None else [""] * n
            series = pd.Series(values_, index=index, dtype=object)
            series = series.map(lambda v: "" if v is None or v is pd.NA else str(v).strip())
            frame[column] = series.where(series != "", None).astype("string")
        elif column in ("date", "date_end"):
            frame[column] = pd.Series(np.asarray(value, dtype="datetime64[ns]"), index=index)
        else:  # precision, fatalities: positional nullable integers
            frame[column] = pd.array(list(value), dtype="Int64")
    _canonical_admin(frame, geometry)
    frame = frame[[c for c in INCIDENT_COLUMNS if c != "geometry"]]
    frame["issues"] = pd.Series(issues.column(), index=index, dtype="string")
    out = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, index=index, crs="EPSG:4326"))

    precision_out = out["precision"]
    accounting = _accounting(raw, n)
    report: dict[str, Any] = {
        "source": origin,
        "layout": layout,
        "layout_reason": reason,
        "rows": n,
        "bad_rows": int(issues.bad.sum()),
        "flagged_rows": int((issues.flagged & ~issues.bad).sum()),
        "empty_geometry": int((~usable).sum()),
        "outside_iraq": len(issues.kinds.get("outside_iraq", [])),
        "placeholder_rows": len(issues.kinds.get("placeholder", [])),
        "duplicate_rows": len(raw.accounting.get("duplicates", {}))
        + len(raw.accounting.get("dropped_duplicates", {})),
        "precision_counts": {
            "1": int((precision_out == 1).sum()),
            "2": int((precision_out == 2).sum()),
            "3": int((precision_out == 3).sum()),
            "NA": int(precision_out.isna().sum()),
        },
        "coarse_rows": int((precision_out == 3).sum()),
        "problems": {kind: list(labels) for kind, labels in issues.kinds.items()},
        "input": accounting,
    }
    if extra:
        report.update(extra)
    out.attrs["hotspot_report"] = report
    out.attrs["dataset"] = _dataset(raw, layout)

    repaired = issues.kinds.get("quote", [])
    if repaired and not strict:
        warnings.warn(
            f"{origin}: {len(repaired)} line(s) hold an unbalanced quote ({', '.join(repaired[:5])}"
            f"{' ...' if len(repaired) > 5 else ''}); each line was read on its own so that no "
            "row swallows another, see the 'issues' column",
            UserWarning,
            stacklevel=caller_stacklevel(),
        )
    bad = np.flatnonzero(issues.bad)
    if len(bad):
        lines = [f"{issues.labels[i]}: {'; '.join(issues.rows[i])}" for i in bad]
        if strict:
            raise IncidentError(
                f"{origin}: {len(bad)} bad row(s) of {n} ({layout} layout; "
                f"{_read_from(accounting)}):\n  " + "\n  ".join(lines)
            )
        warnings.warn(
            f"{origin}: {len(bad)} of {n} row(s) have problems ({_read_from(accounting)}; "
            f"first: {lines[0]}); they are kept with an empty geometry or NA values, see the "
            "'issues' column and frame.attrs['hotspot_report'], or pass strict=True to raise",
            UserWarning,
            stacklevel=caller_stacklevel(),
        )
    return out


@functools.cache
def _pcodes() -> dict[str, dict[str, str]]:
    """Admin display name -> p-code, per level, from the bundled units."""
    fields = bundled_admin().fields
    return {
        level: dict(zip(fields[level], fields[f"{level}_pcode"], strict=True))
        for level in ("governorate", "district")
    }


def _canonical_admin(frame: pd.DataFrame, geometry: np.ndarray) -> None:
    """Fill ``governorate``/``district`` (with p-codes) by the one placement rule.

    The names as written move to ``governorate_raw``/``district_raw``. A
    precisely located row takes the units its point lies in
    (:func:`hotspot._locate.locate_lonlat`, the rule of :func:`hotspot.locate`);
    a coarse row (precision 3: a district or governorate centroid, a river…) or a row
    without a point takes the units its written names denote
    (:func:`hotspot._admin_names.canonical`), and a coarse row with no written
    governorate takes its point's governorate only. Names are those the
    gazetteer uses (``Nineveh``, ``Hawija``).
    """
    raw = {level: frame[level] for level in ("governorate", "district")}
    frame["governorate_raw"], frame["district_raw"] = raw["governorate"], raw["district"]
    n = len(frame)
    has = np.array([not g.is_empty for g in geometry], dtype=bool)
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    if has.any():
        xy = shapely.get_coordinates(geometry[has])
        lon[has], lat[has] = xy[:, 0], xy[:, 1]
    placed = locate_lonlat(lon, lat, sides=False)
    coarse = is_coarse(frame)
    precise = has & ~coarse
    pcodes = _pcodes()
    for level in ("governorate", "district"):
        written = raw[level].astype(object).where(raw[level].notna(), None).to_numpy()
        named = np.array([canonical(v, level=level) if v else None for v in written], dtype=object)
        value = np.where(precise, placed[level], named)
        if level == "governorate":  # a coarse point still tells its governorate
            fill = ~precise & has & np.array([v is None for v in value], dtype=bool)
            value = np.where(fill, placed[level], value)
        frame[level] = pd.Series(list(value), index=frame.index, dtype="string")
        frame[f"{level}_pcode"] = pd.Series(
            [pcodes[level].get(v) if v else None for v in value], index=frame.index, dtype="string"
        )


def _not_a_point(g: shapely.Geometry) -> str:
    """Say why a given geometry gives no position."""
    if g.geom_type == "Point":  # a Point with a NaN or infinite coordinate
        kind = "NaN" if np.isnan([g.x, g.y]).any() else "infinite"
        return f"a coordinate of the point is {kind} (x={g.x}, y={g.y})"
    return f"geometry is a {g.geom_type}, not a Point"


def _accounting(raw: RawTable, rows: int) -> dict[str, Any]:
    """Compare the source's lines (rows, features) with the records and the rows returned."""
    acc = dict(raw.accounting)
    skipped = len(acc.get("skipped", {}))
    dropped = len(acc.get("dropped_duplicates", {}))
    acc["rows"] = rows
    rows_ok = rows == acc["records"] - skipped - dropped
    if acc["unit"] in ("line", "sheet row"):
        lines_ok = acc["physical"] == acc["header"] + acc["blank"] + acc["in_records"]
    else:
        lines_ok = acc["physical"] == acc["records"]
    acc["accounted"] = bool(rows_ok and lines_ok)
    return acc


def _read_from(acc: dict[str, Any]) -> str:
    """Say what the source held, e.g. '121 lines: 1 header, 120 records'."""
    unit = acc["unit"]
    if unit not in ("line", "sheet row"):
        return f"{acc['records']} {unit}s read"
    parts = [f"{acc['header']} header", f"{acc['records']} records"]
    spanning = acc.get("multiline") or {}
    if spanning:
        parts.append(f"{len(spanning)} spanning several lines")
    if acc["blank"]:
        parts.append(f"{acc['blank']} blank")
    for key, what in (("skipped", "skipped"), ("dropped_duplicates", "duplicates dropped")):
        if acc.get(key):
            parts.append(f"{len(acc[key])} {what}")
    return f"{acc['physical']} {unit}s: " + ", ".join(parts)


_UCDP_VERSION = re.compile(r"ged(?:event)?[_-]?v?(\d{2})[._-]?(\d)", re.IGNORECASE)


def _dataset(raw: RawTable, layout: str) -> dict[str, Any]:
    """``attrs["dataset"]``: name, version (when the file tells it), licence, citation, path."""
    path = raw.origin if raw.kind != "frame" else None
    if layout.startswith("acled"):
        info = {"name": "ACLED", "version": None}
    elif layout == "ucdp":
        match = _UCDP_VERSION.search(Path(path).name) if path else None
        info = {"name": "UCDP GED", "version": f"{match[1]}.{match[2]}" if match else None}
    else:
        info = {"name": Path(path).name if path else "table", "version": None}
    out = {**info, "licence": None, "citation": None, "path": path}
    given = raw.table.attrs.get("dataset") if raw.kind == "frame" else None
    if isinstance(given, dict):  # a table that already says what it is keeps that
        out.update({k: v for k, v in given.items() if v is not None})
    return out


def _fallback_ids(ids: pd.Series, raw: RawTable) -> list[str]:
    return [value if value else base for value, base in zip(ids, raw.ids, strict=True)]


# --------------------------------------------------------------------------- reading


def _duplicate_of(table: pd.DataFrame) -> dict[int, int]:
    """Map the position of each exact copy of an earlier row to that row's position."""
    if len(table) < 2:
        return {}
    keyed = pd.DataFrame(index=pd.RangeIndex(len(table)))
    for k, column in enumerate(table.columns):
        values = table[column]
        if isinstance(values, gpd.GeoSeries) or isinstance(
            getattr(values, "dtype", None), gpd.array.GeometryDtype
        ):
            keyed[k] = [None if g is None else g.wkb for g in values]
        else:
            keyed[k] = values.to_numpy()
    try:
        hashes = pd.util.hash_pandas_object(keyed, index=False)
    except TypeError:  # unhashable cells (lists, dicts): compare their text
        keyed = keyed.astype(str)
        hashes = pd.util.hash_pandas_object(keyed, index=False)
    repeated = hashes.duplicated(keep=False).to_numpy()
    out: dict[int, int] = {}
    seen: dict[tuple[Any, ...], int] = {}
    rows = keyed.to_numpy(dtype=object)
    for i in np.flatnonzero(repeated):
        key = tuple(rows[i])
        try:
            j = seen.setdefault(key, int(i))
        except TypeError:
            j = seen.setdefault(tuple(map(repr, key)), int(i))
        if j != i:
            out[int(i)] = j
    return out


def _prepare(raw: RawTable, *, dedupe: bool, id_column: str | None) -> RawTable:
    """Report rows that repeat an earlier row exactly, or drop them with ``dedupe``.

    Without ``dedupe`` a warning says how many and which. With an id column an exact copy
    is the same event twice; without one, identical rows may be distinct events
    (two IEDs on one day at one village), and the message says so.
    """
    copies = _duplicate_of(raw.table)
    if not copies:
        return raw
    why = {i: f"exact copy of {raw.labels[j]}" for i, j in copies.items()}
    listed = ", ".join(f"{raw.labels[i]} = {raw.labels[j]}" for i, j in list(copies.items())[:5])
    more = " ..." if len(copies) > 5 else ""
    same = (
        f"id column {id_column!r} included"
        if id_column
        else "there is no id column to tell whether they are the same event"
    )
    if dedupe:  # asked for: the report lists what was dropped, no warning
        return raw.drop(list(copies), why=why, key="dropped_duplicates")
    warnings.warn(
        f"{raw.origin}: {len(copies)} row(s) repeat an earlier row exactly ({same}: "
        f"{listed}{more}) and are counted as separate incidents; pass dedupe=True "
        "(command line: --dedupe) to drop them",
        UserWarning,
        stacklevel=caller_stacklevel(),
    )
    notes = [list(n) for n in raw.notes]
    for i, message in why.items():
        notes[i].append(("duplicate", message, False))
    accounting = {**raw.accounting, "duplicates": {raw.labels[i]: m for i, m in why.items()}}
    return replace(raw, notes=notes, accounting=accounting)


def _raw(source: Any) -> RawTable:
    return source if isinstance(source, RawTable) else read_table(source)


# --------------------------------------------------------------------------- ACLED


def _acled_layout(cols: dict[str, str]) -> str:
    if "disorder_type" in cols or "civilian_targeting" in cols:
        return "acled"
    if "gwno" in cols:
        return "acled-2019"
    return "acled-legacy"


def read_acled(
    source: Any, *, dayfirst: bool = True, dedupe: bool = False, strict: bool = False
) -> gpd.GeoDataFrame:
    """Read an ACLED export (current 31-column or a legacy layout).

    Parameters
    ----------
    source : str, path or pandas.DataFrame
        An ACLED CSV file, an Excel export (``.xlsx``/``.xls``, needs
        ``pip install hotspot[excel]``), or a table already read (text or typed
        columns).
    dayfirst : bool, default True
        Read a numeric ``03/12/2023`` as 3 December (``False``: 12 March).
    dedupe : bool, default False
        Drop rows that repeat an earlier row exactly (they are reported, and
        counted in ``attrs["hotspot_report"]["input"]``); by default they are
        kept and flagged.
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
        (``"acled"``, ``"acled-legacy"`` or ``"acled-2019"``);
        ``attrs["dataset"]["name"]`` is ``"ACLED"``.

    Raises
    ------
    IncidentError
        If a required column (event_date, latitude, longitude, event_type) is
        missing, or with ``strict=True`` if any row is bad.

    Warns
    -----
    UserWarning
        When some rows are bad or repeat an earlier row and ``strict`` is False.

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
    return _read_acled(_raw(source), dayfirst=dayfirst, dedupe=dedupe, strict=strict)


def _read_acled(
    raw: RawTable, *, dayfirst: bool, dedupe: bool, strict: bool, reason: str | None = None
) -> gpd.GeoDataFrame:
    if isinstance(raw.table, gpd.GeoDataFrame):
        raw = _without_geometry(raw)
    cols = _require(
        raw, ("event_date", "latitude", "longitude", "event_type"), "ACLED", _ACLED_MARKS
    )
    layout = _acled_layout(cols)
    raw = _prepare(raw, dedupe=dedupe, id_column=cols.get("event_id_cnty"))
    table = raw.table
    issues = _Issues(raw)

    def text(name: str) -> pd.Series:
        return _text(table, cols.get(name)).reset_index(drop=True)

    date_text = text("event_date")
    dates = read_dates(date_text, dayfirst=dayfirst)

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

    precision, precision_source = _precision(text("geo_precision"), "acled", issues)
    parts: dict[str, Any] = {
        "id": _fallback_ids(text("event_id_cnty"), raw),
        "date": dates.start,
        "date_end": dates.end,
        "date_text": date_text,
        "date_problems": dates.problems,
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
        raw=raw,
        issues=issues,
        layout=layout,
        reason=reason or "ACLED: read_acled() called",
        strict=strict,
        extra={"legacy_event_types": mapped} if mapped else None,
    )


def _precision(codes: pd.Series, scheme: str, issues: _Issues) -> tuple[list[Any], list[str]]:
    """Map precision codes to 1-3: ``"input"`` and ``"acled"`` (1-3), ``"ucdp"`` (1-7)."""
    table = _UCDP_PRECISION if scheme == "ucdp" else {1: 1, 2: 2, 3: 3}
    column = {"input": "precision", "acled": "geo_precision", "ucdp": "where_prec"}[scheme]
    expected = "1-7" if scheme == "ucdp" else "1, 2 or 3"
    precision: list[Any] = []
    precision_source: list[str] = []
    for i, code in enumerate(codes):
        number = pd.to_numeric(code, errors="coerce") if code else np.nan
        if code == "":
            precision.append(pd.NA)
            precision_source.append("")
        elif number in table:
            precision.append(table[int(number)])
            precision_source.append(f"{scheme}:{int(number)}")
        else:
            precision.append(pd.NA)
            precision_source.append(f"{scheme}:{code}" if scheme != "input" else "")
            issues.add(i, "precision", f"{column} {code!r} is not {expected}")
    return precision, precision_source


def _without_geometry(raw: RawTable) -> RawTable:
    table = raw.table
    return replace(raw, table=pd.DataFrame(table.drop(columns=table.geometry.name)))


# --------------------------------------------------------------------------- UCDP


def _is_hxl_row(values: Iterable[Any]) -> bool:
    cells = [str(v).strip() for v in values if v is not None and str(v).strip() not in ("", "nan")]
    return bool(cells) and sum(c.startswith("#") for c in cells) >= max(1, len(cells) // 2)


def read_ucdp(
    source: Any, *, dayfirst: bool = True, dedupe: bool = False, strict: bool = False
) -> gpd.GeoDataFrame:
    """Read a UCDP GED table (the full CSV or the HDX extract with its HXL row).

    Parameters
    ----------
    source : str, path or pandas.DataFrame
        A UCDP GED CSV file or a table already read. An HXL hashtag row
        (``#date+year,...``) right below the header is detected and skipped
        (and accounted for in ``attrs["hotspot_report"]["input"]["skipped"]``).
    dayfirst : bool, default True
        Read a numeric ``03/12/2023`` as 3 December (GED writes ISO dates).
    dedupe : bool, default False
        Drop rows that repeat an earlier row exactly (see :func:`read_acled`).
    strict : bool, default False
        Raise :class:`~hotspot.errors.IncidentError` listing every bad row
        instead of returning them flagged.

    Returns
    -------
    geopandas.GeoDataFrame
        The incident schema (EPSG:4326) plus ``issues``. ``event_type`` comes from
        ``type_of_violence`` through :data:`UCDP_VIOLENCE_TYPES` (1 "state-based",
        2 "non-state", 3 "one-sided"); ``precision`` from ``where_prec`` (1 → 1,
        2 → 2, 3-7 → 3); ``fatalities`` is ``best``; ``actor1`` / ``actor2`` are
        ``side_a`` / ``side_b``; ``place`` is ``where_coordinates``; ``source`` is
        ``source_office`` (else ``source_article``); ``notes`` is
        ``source_headline``. ``attrs["dataset"]`` is ``"UCDP GED"`` with the
        version read from a file name such as ``ged191.csv`` or
        ``GEDEvent_v23_1.csv`` (else ``None``).

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
    return _read_ucdp(_raw(source), dayfirst=dayfirst, dedupe=dedupe, strict=strict)


def _read_ucdp(
    raw: RawTable, *, dayfirst: bool, dedupe: bool, strict: bool, reason: str | None = None
) -> gpd.GeoDataFrame:
    if isinstance(raw.table, gpd.GeoDataFrame):
        raw = _without_geometry(raw)
    cols = _require(raw, ("date_start", "latitude", "longitude"), "UCDP GED", _UCDP_MARKS)
    hxl = len(raw.table) > 0 and _is_hxl_row(raw.table.iloc[0].tolist())
    if hxl:
        raw = raw.drop([0], why={0: "HXL hashtag row"}, key="skipped")
    raw = _prepare(raw, dedupe=dedupe, id_column=cols.get("id"))
    table = raw.table
    issues = _Issues(raw)

    def text(name: str) -> pd.Series:
        return _text(table, cols.get(name)).reset_index(drop=True)

    date_text = text("date_start")
    dates = read_dates(date_text, dayfirst=dayfirst)
    end_text = text("date_end")
    ends = read_dates(end_text, dayfirst=dayfirst)
    date_end = ends.end.where(end_text != "", dates.end)
    for i in np.flatnonzero(((end_text != "") & ends.end.isna()).to_numpy()):
        issues.add(int(i), "date", f"date_end: {ends.problems.iat[i]}")

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

    precision, precision_source = _precision(text("where_prec"), "ucdp", issues)
    office = text("source_office")
    article = text("source_article").str.strip('"').str.strip()
    parts: dict[str, Any] = {
        "id": _fallback_ids(text("id"), raw),
        "date": dates.start,
        "date_end": date_end,
        "date_text": date_text,
        "date_problems": dates.problems,
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
        raw=raw,
        issues=issues,
        layout="ucdp",
        reason=reason or "UCDP GED: read_ucdp() called",
        strict=strict,
        extra={"hxl_row_skipped": bool(hxl)},
    )


# --------------------------------------------------------------------------- generic


def _sniff(cols: dict[str, str]) -> tuple[str, str]:
    """Choose the layout from the columns; return it and why."""
    acled = [name for name in _ACLED_MARKS if name in cols]
    ucdp = [name for name in _UCDP_MARKS if name in cols]
    if acled and len(acled) >= len(ucdp):
        return "acled", f"ACLED: column(s) {', '.join(acled)} found"
    if ucdp:
        return "ucdp", f"UCDP GED: column(s) {', '.join(ucdp)} found"
    return "generic", (
        f"generic: none of the ACLED columns ({', '.join(_ACLED_MARKS)}) or UCDP GED columns "
        f"({', '.join(_UCDP_MARKS)}) found"
    )


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


#: Columns naming the sub-district of a row (ACLED ``admin3``), a hint for the geocoder.
_SUBDISTRICT_COLUMNS = ("admin3", "adm_3", "subdistrict", "sub_district", "nahiya")


def _admin_hints(
    table: pd.DataFrame, cols: dict[str, str], governorate: pd.Series, district: pd.Series
) -> list[tuple[str, ...] | None]:
    """One geocoder hint per row: the admin units its columns name (all must hold)."""
    column = next((cols[c] for c in _SUBDISTRICT_COLUMNS if c in cols), None)
    sub = _text(table, column).reset_index(drop=True) if column else None
    hints: list[tuple[str, ...] | None] = []
    for i in range(len(table)):
        parts = [governorate.iat[i], district.iat[i], sub.iat[i] if sub is not None else ""]
        texts = tuple(p for p in parts if p)
        hints.append(texts or None)
    return hints


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
    dedupe: bool = False,
    strict: bool = False,
    layer: str | None = None,
) -> gpd.GeoDataFrame:
    """Read incidents from any table with coordinates or place names.

    ACLED and UCDP GED layouts are recognised from the columns only they have
    (ACLED: ``event_id_cnty``, ``geo_precision``, ``event_id_no_cnty``; UCDP
    GED: ``type_of_violence``, ``where_prec``, ``where_coordinates``) and read
    as by :func:`read_acled` / :func:`read_ucdp`; such a table that lacks a
    column its layout needs is an error, never silently read as a generic
    table (which would lose the coarse-location rule). Any other table needs
    either coordinates (latitude/longitude columns, or a GeoDataFrame / GeoJSON
    / GeoPackage with Point geometry) or a place-name column, which is geocoded
    with :func:`hotspot.geocode.geocode`. The report says which layout was
    chosen and why (``attrs["hotspot_report"]["layout_reason"]``).

    Parameters
    ----------
    source : str, path, pandas.DataFrame or geopandas.GeoDataFrame
        A CSV file, an Excel workbook (``.xlsx``/``.xls``, first sheet; needs
        ``pip install hotspot[excel]``), a vector file readable by pyogrio
        (GeoJSON, GeoPackage, Shapefile...), or a table.
    lat, lon, place, date, event_type, fatalities, id : str, optional
        Column names; by default the usual names are tried (``lat``/``latitude``,
        ``lon``/``longitude``, ``place``/``location``, ``date``/``event_date``,
        ``event_type``/``type``, ``fatalities``/``deaths``, ``id``/``event_id``).
    layout : {"auto", "acled", "ucdp", "generic"}, default "auto"
        Force a layout instead of sniffing it from the columns. The generic
        layout reads precision from a ``precision`` column (1-3), else from
        ACLED's ``geo_precision`` or UCDP's ``where_prec``.
    geocoder : callable, optional
        ``geocoder(series, **geocode_kwargs)`` returning a GeoDataFrame aligned
        to the series with ``status``, ``name``, ``feature_type``,
        ``governorate``, ``district`` and ``geometry``; defaults to
        :func:`hotspot.geocode.geocode`. Only ``"resolved"`` rows get a position;
        the others keep an empty Point and say why in ``issues``.
    geocode_kwargs : dict, optional
        Extra keyword arguments for the geocoder. With the default geocoder and
        no ``within`` among them, each row's own admin columns are its hint
        (``within=``, one per row): the governorate (``governorate``,
        ``admin1``, ``adm_1``), district (``district``, ``admin2``, ``adm_2``)
        and sub-district (``admin3``, ``adm_3``, ``subdistrict``) it names must
        all hold, so a place name is never placed outside the units the row
        gives (see ``docs/geocoding.md``).
    dayfirst : bool, default True
        Read ``03/12/2023`` as 3 December (``False``: 12 March); see
        :mod:`hotspot._dates` for the whole rule.
    dedupe : bool, default False
        Drop rows that repeat an earlier row exactly (reported, and accounted
        for in the report); by default they are kept, flagged and warned about.
    strict : bool, default False
        Raise :class:`~hotspot.errors.IncidentError` listing every bad row.
    layer : str, optional
        The GeoPackage layer or workbook sheet to read. By default the layer
        named ``incidents`` or ``events`` (else the first), and the first sheet
        that holds a table; the choice is said in a warning and in
        ``attrs["hotspot_report"]["input"]`` (``layer``/``sheet`` and why).

    Returns
    -------
    geopandas.GeoDataFrame
        The incident schema (EPSG:4326) plus ``issues``, on the input's index for
        tables. ``precision`` is read from a ``precision`` column (1-3) when
        there is one, from the place's feature type and ``precision_km`` for
        geocoded rows (:func:`place_precision`), else NA.

    Raises
    ------
    IncidentError
        If the table has neither coordinates nor a place column, a named column
        is missing, an ACLED or UCDP table lacks a column it needs, the file is
        unreadable (truncated, not UTF-8, a column named twice), or with
        ``strict=True`` if any row is bad.
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
    >>> frame.attrs["hotspot_report"]["layout_reason"].split(":")[0]
    'generic'
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout={layout!r} is not one of {', '.join(LAYOUTS)}")
    raw = read_table(source, layer=layer)
    if layout == "auto":
        chosen, reason = _sniff(_columns(raw.table))
    else:
        chosen, reason = layout, f"layout={layout!r} given"
    if chosen == "acled":
        return _read_acled(raw, dayfirst=dayfirst, dedupe=dedupe, strict=strict, reason=reason)
    if chosen == "ucdp":
        return _read_ucdp(raw, dayfirst=dayfirst, dedupe=dedupe, strict=strict, reason=reason)
    return _read_generic(
        raw,
        dedupe=dedupe,
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
        reason=reason,
    )


def _read_generic(
    raw: RawTable,
    *,
    dedupe: bool,
    names: dict[str, str | None],
    geocoder: Callable[..., gpd.GeoDataFrame] | None,
    geocode_kwargs: dict[str, Any],
    dayfirst: bool,
    strict: bool,
    reason: str,
) -> gpd.GeoDataFrame:
    origin = raw.origin
    cols = _columns(raw.table)
    is_geo = isinstance(raw.table, gpd.GeoDataFrame) and raw.table.geometry.name in raw.table
    if is_geo:
        cols.pop(str(raw.table.geometry.name).lower(), None)
    picked = {role: _pick(cols, names.get(role), role, origin) for role in _GENERIC_CANDIDATES}
    raw = _prepare(raw, dedupe=dedupe, id_column=picked["id"])
    table = raw.table
    issues = _Issues(raw)
    n = len(table)

    def text(role: str) -> pd.Series:
        return _text(table, picked[role]).reset_index(drop=True)

    date_text = text("date")
    dates = read_dates(date_text, dayfirst=dayfirst)
    end = dates.end
    if picked["date_end"] is not None:
        end_text = text("date_end")
        ends = read_dates(end_text, dayfirst=dayfirst)
        end = ends.end.where(end_text != "", end)

    precision: list[Any] = [pd.NA] * n
    precision_source = [""] * n
    if picked["precision"] is not None:
        scheme = {"geo_precision": "acled", "where_prec": "ucdp"}.get(
            str(picked["precision"]).strip().lower(), "input"
        )
        precision, precision_source = _precision(text("precision"), scheme, issues)

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
        geocode = geocoder if geocoder is not None else default_geocode
        queries = pd.Series(place_text.to_numpy(), index=table.index, name="place")
        kwargs = dict(geocode_kwargs)
        hints = _admin_hints(table, cols, governorate, district)
        if geocoder is None and "within" not in kwargs and any(hints):
            kwargs["within"] = pd.Series(hints, index=table.index, dtype=object)
        found = geocode(queries, **kwargs)
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
                km = found["precision_km"].iat[i] if "precision_km" in found else None
                code = place_precision(kind, km)
                if code is not None:
                    precision[i] = code
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
            f"place= (columns are {', '.join(map(str, cols.values()))}){raw.part_read}"
        )

    parts: dict[str, Any] = {
        "id": _fallback_ids(text("id"), raw),
        "date": dates.start,
        "date_end": end,
        "date_text": date_text,
        "date_problems": dates.problems,
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
    return _finish(parts, raw=raw, issues=issues, layout="generic", reason=reason, strict=strict)
