"""Read news reports into incident rows (the public entry points of :mod:`hotspot.reports`)."""

from __future__ import annotations

import functools
import os
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from os import PathLike
from pathlib import Path
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from tqdm import tqdm

from hotspot.errors import caller_stacklevel
from hotspot.extract import extract_places
from hotspot.incidents import INCIDENT_COLUMNS
from hotspot.reports.dates import publication_date, to_date
from hotspot.reports.events import Event, Rejection, find_events
from hotspot.reports.roles import assign_roles
from hotspot.reports.sentences import split_sentences
from hotspot.reports.vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "REJECTED_COLUMNS",
    "REPORT_COLUMNS",
    "ExplainedIncidents",
    "incidents_from_reports",
    "incidents_from_text",
]

#: Columns of the output: the incident schema plus report-specific ones.
REPORT_COLUMNS: tuple[str, ...] = (
    *INCIDENT_COLUMNS[:-1],
    "date_precision",
    "injuries",
    "report_date",
    "evidence",
    "evidence_spans",
    "place_span",
    "mentions",
    "reason",
    "issues",
    "geometry",
)
#: Columns of the table of rejected mentions (``explain=True``).
REJECTED_COLUMNS: tuple[str, ...] = (
    "source",
    "sentence",
    "surface",
    "start",
    "end",
    "role",
    "reason",
    "evidence",
)

_LEGACY = ("EVENT_KEYWORDS", "ACLED_SUB_EVENT", "ACTORS")


@functools.cache
def _legacy() -> dict[str, dict[str, Any]]:
    vocab = load_vocabulary()
    actors = vocab.actors
    return {
        # Event kinds (priority order) and their terms, from the bundled ``events.csv``.
        "EVENT_KEYWORDS": {
            kind: tuple(t.text for t in terms) for kind, terms in vocab.event_terms.items()
        },
        # ACLED sub-event type nearest to each kind (None where none fits).
        "ACLED_SUB_EVENT": {k: vocab.sub_event_type(k) for k in vocab.kinds},
        # Actors and their patterns, from the bundled ``actors.csv``.
        "ACTORS": {
            str(a): tuple(actors.loc[actors["actor"] == a, "pattern"])
            for a in dict.fromkeys(actors["actor"])
        },
    }


def __getattr__(name: str) -> Any:
    """Build ``EVENT_KEYWORDS``, ``ACLED_SUB_EVENT`` and ``ACTORS`` on first use.

    They are views of the bundled vocabulary (:mod:`hotspot.reports.vocabulary`),
    kept for code written against the earlier module; reading the CSV files is
    left out of ``import hotspot``.
    """
    if name in _LEGACY:
        return _legacy()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


VocabularyLike = Vocabulary | str | PathLike[str] | pd.DataFrame | Sequence[Any] | None


class ExplainedIncidents(NamedTuple):
    """Incidents and the mentions that were rejected, with the reason for each.

    Returned by :func:`incidents_from_text` and :func:`incidents_from_reports`
    with ``explain=True``; unpacks as ``incidents, rejected = ...``.
    """

    incidents: gpd.GeoDataFrame
    rejected: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """Count the rejected mentions by role.

        Returns
        -------
        pandas.DataFrame
            Columns role and mentions, largest first.
        """
        counts = self.rejected["role"].value_counts()
        return pd.DataFrame({"role": counts.index, "mentions": counts.to_numpy()})

    def __str__(self) -> str:
        roles = ", ".join(f"{r} {n}" for r, n in self.summary().itertuples(index=False))
        return f"{len(self.incidents)} incident(s); {len(self.rejected)} mention(s) rejected" + (
            f" ({roles})" if roles else ""
        )


def _vocabulary(vocabulary: VocabularyLike) -> Vocabulary:
    if isinstance(vocabulary, Vocabulary):
        return vocabulary
    return load_vocabulary(vocabulary)


def _actors(sentence: str, kind: str, vocab: Vocabulary) -> tuple[str | None, str | None]:
    hits = []
    for name, pattern in vocab.actor_patterns.items():
        match = pattern.search(sentence)
        if match:
            hits.append((match.start(), name))
    names = [name for _, name in sorted(hits)]
    if not names:
        return None, None
    isis = "Islamic State (Iraq)"
    civilians = "Civilians (Iraq)"
    forces = [n for n in names if n not in (isis, civilians)]
    if vocab.insurgent(kind):
        targets = [n for n in names if n != isis]
        return (isis if isis in names else None), (targets[0] if targets else None)
    if forces:
        return forces[0], (isis if isis in names else None)
    if isis in names:
        return None, isis
    return names[0], (names[1] if len(names) > 1 else None)


def _row(
    event: Event,
    prefix: str,
    source: str | None,
    report: date | None,
    basis: str,
    vocab: Vocabulary,
    mentions: pd.DataFrame,
) -> dict[str, Any]:
    lead = next((c for c in event.clauses if c.kind == event.kind), event.clauses[0])
    evidence = [c.text for c in event.clauses]
    issues: list[str] = []
    place = event.place
    geometry = shapely.Point()
    row: dict[str, Any] = {
        "id": f"{prefix}-{event.label}",
        "event_type": event.kind,
        "sub_event_type": vocab.sub_event_type(event.kind),
        "fatalities": event.killed if event.killed is not None else pd.NA,
        "injuries": event.injured if event.injured is not None else pd.NA,
        "source": source,
        "report_date": pd.Timestamp(report) if report else pd.NaT,
        "evidence": "\n".join(evidence),
        "evidence_spans": ";".join(f"{c.span[0]}-{c.span[1]}" for c in event.clauses),
    }
    row["actor1"], row["actor2"] = _actors(" ".join(evidence), event.kind, vocab)
    if event.first is not None:
        row.update(
            date=pd.Timestamp(event.first),
            date_end=pd.Timestamp(event.last),
            date_precision=event.precision,
        )
        row["notes"] = f"date from {event.date_text!r}" + (
            f" (report date {report}, {basis})" if report else ""
        )
    else:
        row.update(
            date=pd.NaT,
            date_end=pd.Timestamp(event.bound) if event.bound else pd.NaT,
            date_precision="unknown",
            notes=None,
        )
        if event.bound is not None:
            issues.append(f"date: the text gives only a statement date; on or before {event.bound}")
        else:
            issues.append("date: none in the event's sentences")
    if place is None:
        row.update(
            place=None,
            governorate=None,
            district=None,
            precision=pd.NA,
            precision_source=None,
            place_span=None,
        )
        issues.append("place: none found")
        reason_place = "no place"
    else:
        row.update(
            place=place.label,
            governorate=place.governorate,
            district=place.district,
            precision=place.precision if place.located and place.precision else pd.NA,
            precision_source=f"report:{place.feature}",
            place_span=f"{place.span[0]}-{place.span[1]}" if place.span else None,
        )
        if place.located:
            geometry = place.geometry
        if place.issue:
            issues.append(place.issue)
        elif not place.located:
            issues.append(f"place: '{place.label}' has no position")
        reason_place = place.reason
    spans = [c.span for c in event.clauses]
    named = (
        mentions[
            [
                any(s <= st and en <= e for s, e in spans)
                for st, en in zip(mentions["start"], mentions["end"], strict=True)
            ]
        ]
        if len(mentions)
        else mentions
    )
    row["mentions"] = "; ".join(dict.fromkeys(map(str, named["surface"]))) or None
    merged = f"; {len(evidence)} sentences about the same event" if len(evidence) > 1 else ""
    row["reason"] = f"'{lead.keyword}' ({event.kind}); place: {reason_place}{merged}"
    row["issues"] = "; ".join(issues)
    row["geometry"] = geometry
    return row


def _frame(rows: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    table = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    out = pd.DataFrame(index=pd.RangeIndex(len(table)))
    for column in REPORT_COLUMNS:
        if column == "geometry":
            continue
        if column in ("date", "date_end", "report_date"):
            out[column] = pd.to_datetime(table[column]).astype("datetime64[ns]")
        elif column in ("precision", "fatalities", "injuries"):
            out[column] = pd.array(list(table[column]), dtype="Int64")
        else:
            values = table[column].astype(object).where(table[column].notna(), None)
            out[column] = pd.Series(list(values), dtype="string")
    out["issues"] = out["issues"].fillna("")
    return gpd.GeoDataFrame(
        out, geometry=gpd.GeoSeries(list(table["geometry"]), crs="EPSG:4326"), crs="EPSG:4326"
    )


def _rejected_frame(rejections: list[Rejection], source: str | None) -> pd.DataFrame:
    table = pd.DataFrame(
        [
            {
                "source": source,
                "sentence": r.sentence,
                "surface": r.surface,
                "start": r.start,
                "end": r.end,
                "role": r.role,
                "reason": r.reason,
                "evidence": r.text,
            }
            for r in rejections
        ],
        columns=list(REJECTED_COLUMNS),
    )
    table = table.sort_values(["sentence", "start"], kind="stable", na_position="first")
    for column in ("sentence", "start", "end"):
        table[column] = table[column].astype("Int64")
    return table.reset_index(drop=True)


def incidents_from_text(
    text: str,
    *,
    report_date: Any = None,
    source: str | None = None,
    extractor: Callable[..., gpd.GeoDataFrame] | None = None,
    extract_kwargs: dict[str, Any] | None = None,
    vocabulary: VocabularyLike = None,
    explain: bool = False,
) -> gpd.GeoDataFrame | ExplainedIncidents:
    """Turn one news report into incident rows, one per event.

    Each place the report names gets a role (:mod:`hotspot.reports.roles`);
    only event places make incidents. Sentences about the same event make one
    row (:mod:`hotspot.reports.events`); dates resolve against the
    publication date (:mod:`hotspot.reports.dates`); counts are summed over
    the parts of the event (:mod:`hotspot.reports.counts`).

    Parameters
    ----------
    text : str
        The report text.
    report_date : date-like or "header", optional
        The publication date, which weekdays and relative dates ("yesterday",
        "last Thursday", "earlier this month", "on July 13") are resolved
        against. When not given (or ``"header"``) it is read from the report:
        a ``Published:`` / ``Date:`` line, the byline, a URL with a date, the
        dateline (:func:`hotspot.reports.dates.publication_date`). Without one,
        relative dates stay NaT, are noted in ``issues`` and a warning is issued.
    source : str, optional
        Written to the ``source`` column and used in the ids
        (``"<source>-s<number of the event's first sentence>"``; ``"report"``
        when not given).
    extractor : callable, optional
        ``extractor(text, **extract_kwargs)`` returning place mentions (columns
        surface, start, end, status, name, feature_type, governorate, district,
        geometry); defaults to :func:`hotspot.extract.extract_places`.
    extract_kwargs : dict, optional
        Extra keyword arguments for the extractor.
    vocabulary : Vocabulary, path, DataFrame or list, optional
        Extra event terms, role cues, person nouns or actors (CSV files with
        the columns of the bundled tables, see
        :mod:`hotspot.reports.vocabulary`), added to the bundled vocabulary; or
        a :class:`~hotspot.reports.vocabulary.Vocabulary` used as it is.
    explain : bool, default False
        Also return the mentions (and event sentences) that made no incident,
        with the reason for each.

    Returns
    -------
    geopandas.GeoDataFrame or ExplainedIncidents
        Columns :data:`REPORT_COLUMNS`, EPSG:4326, one row per event in the
        order of its first sentence: ``date`` / ``date_end`` /
        ``date_precision`` (``"day"``, ``"range"``, ``"month"`` or
        ``"unknown"``), ``precision`` (1 exact, 2 near, 3 district or
        province), ``evidence`` (the event's sentences, one per line),
        ``evidence_spans`` and ``place_span`` (``start-end`` offsets in
        ``text``), ``reason`` (why the row was kept). Rows without a located
        place have an empty Point; rows without a date have NaT; both say so
        in ``issues``. With ``explain=True``, ``(incidents, rejected)`` where
        ``rejected`` has the columns :data:`REJECTED_COLUMNS`.

    Raises
    ------
    ValueError
        If ``report_date`` is not a date.
    hotspot.errors.VocabularyError
        If ``vocabulary`` cannot be read.

    Warns
    -----
    UserWarning
        When relative dates cannot be resolved because there is no report date.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> def places(text):  # stand-in for hotspot.extract.extract_places
    ...     start = text.find("Daquq")
    ...     return gpd.GeoDataFrame({"surface": ["Daquq"], "start": [start],
    ...         "end": [start + 5], "status": ["resolved"], "id": ["x"], "name": ["Daquq"],
    ...         "feature_type": ["settlement"], "governorate": ["Kirkuk"],
    ...         "district": ["Daquq"]}, geometry=[shapely.Point(44.45, 35.14)], crs=4326)
    >>> frame = incidents_from_text("Yesterday an IED killed two soldiers near Daquq. "
    ...     "The blast also wounded a shepherd.", report_date="2024-03-14", extractor=places)
    >>> row = frame.iloc[0]
    >>> row["event_type"], row["place"], int(row["fatalities"]), int(row["injuries"])
    ('ied', 'Daquq', 2, 1)
    >>> str(row["date"].date()), row["date_precision"], int(row["precision"])
    ('2024-03-13', 'day', 2)
    """
    vocab = _vocabulary(vocabulary)
    basis = "given"
    if report_date is None or (isinstance(report_date, str) and report_date == "header"):
        report, basis = publication_date(text)
    else:
        report = to_date(report_date)
    extract = extractor if extractor is not None else extract_places
    mentions = extract(text, **(extract_kwargs or {}))
    if mentions.geometry.name != "geometry":
        mentions = mentions.rename_geometry("geometry")
    if mentions.crs is not None and len(mentions):
        mentions = mentions.to_crs("EPSG:4326")
    mentions = mentions.reset_index(drop=True)
    for column in ("id", "name", "governorate", "district"):
        if column not in mentions.columns:
            mentions[column] = None
    sentences = split_sentences(text)
    event_sentences = frozenset(
        i for i, (_, _, s) in enumerate(sentences) if vocab.event_match(s) is not None
    )
    roles = assign_roles(text, mentions, sentences, vocab, event_sentences=event_sentences)
    events, rejections, unresolved = find_events(text, roles, sentences, vocab, report)
    prefix = source or "report"
    rows = [_row(e, prefix, source, report, basis, vocab, roles) for e in events]
    if unresolved:
        warnings.warn(
            f"{source or 'report'}: {len(unresolved)} relative date(s) "
            f"({', '.join(map(repr, dict.fromkeys(unresolved)))}) could not be resolved: "
            "no report_date was given and the report has no publication date (a "
            "'Published:' / 'Date:' line, a byline, a URL or a dateline with a date); "
            "pass report_date=",
            UserWarning,
            stacklevel=caller_stacklevel(),
        )
        for row in rows:
            if pd.isna(row["date"]) and "date: none" in row["issues"]:
                row["issues"] = row["issues"].replace(
                    "date: none in the event's sentences",
                    f"date: {unresolved[0]!r} could not be resolved (give report_date)",
                )
    frame = _frame(rows)
    if explain:
        return ExplainedIncidents(frame, _rejected_frame(rejections, source))
    return frame


def incidents_from_reports(
    reports: Iterable[str | PathLike[str]],
    *,
    report_dates: Any = None,
    sources: Sequence[str] | None = None,
    extractor: Callable[..., gpd.GeoDataFrame] | None = None,
    extract_kwargs: dict[str, Any] | None = None,
    vocabulary: VocabularyLike = None,
    explain: bool = False,
    progress: bool = False,
) -> gpd.GeoDataFrame | ExplainedIncidents:
    """Turn many reports (file paths or texts) into one incident table.

    Parameters
    ----------
    reports : iterable of str or path
        ``pathlib.Path`` objects and strings naming an existing file are read
        (UTF-8), as is any string that looks like a path (it ends in ``.txt`` /
        ``.md``, or holds a path separator and no whitespace); other strings are
        the report text.
    report_dates : date-like, "header" or sequence, optional
        One value for all reports or one per report (None: read from the
        report, see :func:`incidents_from_text`).
    sources : sequence of str, optional
        One source name per report; defaults to the file stem, else
        ``"report-<n>"`` (1-based). Ids are ``"<source>-s<sentence>"``, and
        ``"<source>-s<sentence>.2"`` for the second event one sentence reports.
    extractor, extract_kwargs, vocabulary, explain
        As in :func:`incidents_from_text`.
    progress : bool, default False
        Show a tqdm progress bar.

    Returns
    -------
    geopandas.GeoDataFrame or ExplainedIncidents
        The rows of all reports in order, on a fresh RangeIndex (and, with
        ``explain=True``, the rejected mentions of all reports).

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
    >>> out = incidents_from_reports(texts, report_dates="2024-01-10", extractor=none,
    ...                              explain=True)
    >>> len(out.incidents), out.rejected["reason"].tolist()
    (0, ["'IEDs' (ied) without an event place"])
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
    vocab = _vocabulary(vocabulary)
    frames, audits = [], []
    for i, item in enumerate(tqdm(items, disable=not progress, desc="reports")):
        path = _as_path(item)
        text = path.read_text(encoding="utf-8") if path else str(item)
        name = sources[i] if sources is not None else (path.stem if path else f"report-{i + 1}")
        out = incidents_from_text(
            text,
            report_date=dates[i],
            source=name,
            extractor=extractor,
            extract_kwargs=extract_kwargs,
            vocabulary=vocab,
            explain=True,
        )
        frames.append(out.incidents)
        audits.append(out.rejected)
    if frames:
        frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")
        rejected = pd.concat(audits, ignore_index=True)
    else:
        frame, rejected = _frame([]), _rejected_frame([], None)
    if explain:
        return ExplainedIncidents(frame, rejected)
    return frame


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
