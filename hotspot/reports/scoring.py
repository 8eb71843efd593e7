"""Score extracted incidents against a hand annotation of the same reports.

Before trusting the incidents read from a new kind of report, annotate a few
reports by hand and measure: :func:`score_incidents` matches every extracted
row to at most one annotated incident of the same report and returns the
precision, the recall, the share of matched incidents whose date is right and
the rows placed at places the annotation says are *not* incident places.

Matching rules
--------------
A row matches an annotated incident of the same ``source`` when its point is

* within ``radius_km`` (or the incident's own ``radius_km`` when larger: a
  mountain range, a valley) of the incident's point, measured on the WGS84
  ellipsoid; or
* inside the incident's area polygon (an incident the text only places in a
  district or province); or
* in the area the incident names (``district``, else ``governorate``), by the
  row's own ``district`` / ``governorate``.

Rows without a point never match. Each incident takes at most one row and
each row at most one incident: point matches first (nearest first), then
area polygons, then named areas. Incidents with ``scope == "abroad"`` are not counted in the
recall; a row matching one is a false positive (it was placed in Iraq).
``certainty == "borderline"`` incidents (ones a careful annotator could leave
out) count as incidents unless ``borderline="ignore"``, when they count
neither for nor against.

Examples
--------
>>> import geopandas as gpd, pandas as pd, shapely
>>> gold = gpd.GeoDataFrame({"source": ["a", "a"],
...     "event_date": pd.to_datetime(["2024-03-12", "2024-03-13"])},
...     geometry=[shapely.Point(44.45, 35.14), shapely.Point(43.58, 35.78)], crs=4326)
>>> predicted = gpd.GeoDataFrame({"source": ["a", "a"],
...     "date": pd.to_datetime(["2024-03-12", "2024-03-01"])},
...     geometry=[shapely.Point(44.46, 35.15), shapely.Point(44.39, 33.31)], crs=4326)
>>> score = score_incidents(predicted, gold)
>>> score.precision, score.recall, score.date_accuracy
(0.5, 0.5, 1.0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

__all__ = ["FORBIDDEN_ROLES", "IncidentScore", "score_incidents"]

#: Roles of mentions at which no incident may be placed (see ``non_incidents``).
FORBIDDEN_ROLES: frozenset[str] = frozenset({"metonymic", "reference", "dateline", "outlet"})

_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class IncidentScore:
    """Figures of one comparison (see :func:`score_incidents`).

    Attributes
    ----------
    precision, recall : float
        Matched rows over scored rows; matched incidents over incidents. NaN
        when there is nothing to divide by.
    date_accuracy : float
        Of the matched incidents that have a date, the share whose row's date
        is within ``days`` of it.
    n_gold, n_predicted, n_matched, n_dated, n_date_ok : int
        The counts behind the figures.
    matches : pandas.DataFrame
        One row per extracted row: its index, the incident it matched (or
        None), how (``"point"``, ``"area"``, ``"named area"``), the distance
        in km and whether the date is right.
    misplaced : pandas.DataFrame
        Unmatched rows lying at a mention whose role is in
        :data:`FORBIDDEN_ROLES` (metonymy, reference point, dateline, outlet).
    """

    precision: float
    recall: float
    date_accuracy: float
    n_gold: int
    n_predicted: int
    n_matched: int
    n_dated: int
    n_date_ok: int
    matches: pd.DataFrame = field(repr=False)
    misplaced: pd.DataFrame = field(repr=False)

    def summary(self) -> pd.DataFrame:
        """Return the figures as a one-row DataFrame.

        Returns
        -------
        pandas.DataFrame
            Columns gold, rows, matched, precision, recall, dated, date_ok,
            date_accuracy, misplaced.
        """
        return pd.DataFrame(
            [
                {
                    "gold": self.n_gold,
                    "rows": self.n_predicted,
                    "matched": self.n_matched,
                    "precision": self.precision,
                    "recall": self.recall,
                    "dated": self.n_dated,
                    "date_ok": self.n_date_ok,
                    "date_accuracy": self.date_accuracy,
                    "misplaced": len(self.misplaced),
                }
            ]
        )

    def __str__(self) -> str:
        return (
            f"{self.n_gold} incidents, {self.n_predicted} rows, {self.n_matched} matched: "
            f"precision {self.precision:.2f}, recall {self.recall:.2f}, date within the "
            f"tolerance {self.n_date_ok}/{self.n_dated} ({self.date_accuracy:.2f}), "
            f"{len(self.misplaced)} row(s) at a metonymic/reference/dateline/outlet mention"
        )


def _key(name: object) -> str:
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return ""
    return re.sub(r"[^a-z]", "", str(name).lower())


def _km(a, b) -> float:
    return float(_GEOD.inv(a.x, a.y, b.x, b.y)[2]) / 1000.0


def _column(frame: pd.DataFrame, name: str, default: object = None) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series([default] * len(frame), index=frame.index, dtype=object)


def score_incidents(
    predicted: gpd.GeoDataFrame,
    gold: gpd.GeoDataFrame,
    *,
    non_incidents: gpd.GeoDataFrame | None = None,
    radius_km: float = 15.0,
    days: int = 1,
    borderline: Literal["gold", "ignore"] = "gold",
) -> IncidentScore:
    """Match extracted incidents to annotated ones and compute the figures.

    Parameters
    ----------
    predicted : geopandas.GeoDataFrame
        Extracted rows (e.g. from :func:`hotspot.reports.incidents_from_reports`):
        ``source``, ``date`` and a point geometry; ``governorate`` and
        ``district`` when present.
    gold : geopandas.GeoDataFrame
        Annotated incidents: ``source``, ``event_date`` (NaT when the text
        gives none) and a geometry (Point, area Polygon or empty); optional
        ``radius_km``, ``governorate`` / ``district`` (the named area),
        ``certainty`` and ``scope``.
    non_incidents : geopandas.GeoDataFrame, optional
        Mentions that are not incident places: ``source``, ``role``, a point
        and ``radius_km``.
    radius_km : float, default 15
        How far a row may lie from an incident's point.
    days : int, default 1
        Date tolerance in days.
    borderline : {"gold", "ignore"}, default "gold"
        How ``certainty == "borderline"`` incidents count.

    Returns
    -------
    IncidentScore

    Raises
    ------
    ValueError
        If a frame lacks a required column, or ``borderline`` is unknown.
    """
    if borderline not in ("gold", "ignore"):
        raise ValueError(f"borderline={borderline!r}; expected 'gold' or 'ignore'")
    for name, frame, needed in (
        ("predicted", predicted, ("source", "date")),
        ("gold", gold, ("source", "event_date")),
    ):
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} lacks the column(s) {missing}")
    pred = predicted.to_crs(4326) if predicted.crs is not None else predicted
    ref = gold.to_crs(4326) if gold.crs is not None else gold
    certainty = _column(ref, "certainty", "sure").fillna("sure").astype(str)
    scope = _column(ref, "scope", "iraq").fillna("iraq").astype(str)
    radius = pd.to_numeric(_column(ref, "radius_km", np.nan), errors="coerce")
    pairs: list[tuple[float, object, object, str]] = []
    for i, row in pred.iterrows():
        point = row.geometry
        if point is None or point.is_empty:
            continue
        p_gov, p_dist = _key(row.get("governorate")), _key(row.get("district"))
        for j in ref.index[ref["source"].astype(str) == str(row["source"])]:
            target = ref.geometry.loc[j]
            how, km = None, np.inf
            if target is not None and not target.is_empty:
                if target.geom_type == "Point":
                    km = _km(point, target)
                    limit = max(radius_km, radius.loc[j]) if pd.notna(radius.loc[j]) else radius_km
                    if km <= limit:
                        how = "point"
                elif target.covers(point):
                    how, km = "area", 0.0
            g_dist = _key(_column(ref, "district").loc[j])
            g_gov = _key(_column(ref, "governorate").loc[j])
            if how is None and (
                (g_dist and g_dist == p_dist) or (g_gov and not g_dist and g_gov == p_gov)
            ):
                how, km = "named area", min(km, 0.0)
            if how is not None:
                pairs.append((km, i, j, how))
    # a point match first, then a row inside an area polygon, then one in a named area
    rank = {"point": 0, "area": 1, "named area": 2}
    pairs.sort(key=lambda t: (rank[t[3]], t[0], str(t[1]), str(t[2])))
    taken_p: dict[object, tuple[object, str, float]] = {}
    taken_g: set[object] = set()
    for km, i, j, how in pairs:
        if i in taken_p or j in taken_g:
            continue
        taken_p[i] = (j, how, km)
        taken_g.add(j)
    counted = (scope != "abroad") & ((certainty != "borderline") | (borderline == "gold"))
    ignored = (certainty == "borderline") & (borderline == "ignore")
    rows = []
    for i in pred.index:
        j, how, km = taken_p.get(i, (None, None, np.nan))
        status = "unmatched"
        date_ok = None
        if j is not None:
            if ignored.loc[j]:
                status = "ignored"
            elif counted.loc[j]:
                status = "matched"
                g_date = ref["event_date"].loc[j]
                if pd.notna(g_date):
                    p_date = pred["date"].loc[i]
                    date_ok = bool(pd.notna(p_date) and abs((p_date - g_date).days) <= days)
            else:
                status = "abroad"
        rows.append(
            {
                "row": i,
                "source": pred["source"].loc[i],
                "incident": None if j is None else _column(ref, "incident_id", j).loc[j],
                "status": status,
                "how": how,
                "km": km,
                "date_ok": date_ok,
            }
        )
    matches = pd.DataFrame(
        rows, columns=["row", "source", "incident", "status", "how", "km", "date_ok"]
    )
    scored = int((matches["status"] != "ignored").sum())
    n_matched = int((matches["status"] == "matched").sum())
    n_gold = int(counted.sum())
    dated = matches["date_ok"].notna()
    n_dated, n_ok = int(dated.sum()), int(matches.loc[dated, "date_ok"].astype(bool).sum())
    misplaced = _misplaced(pred, matches, non_incidents, radius_km)
    return IncidentScore(
        precision=n_matched / scored if scored else float("nan"),
        recall=n_matched / n_gold if n_gold else float("nan"),
        date_accuracy=n_ok / n_dated if n_dated else float("nan"),
        n_gold=n_gold,
        n_predicted=scored,
        n_matched=n_matched,
        n_dated=n_dated,
        n_date_ok=n_ok,
        matches=matches,
        misplaced=misplaced,
    )


def _misplaced(
    pred: gpd.GeoDataFrame,
    matches: pd.DataFrame,
    non_incidents: gpd.GeoDataFrame | None,
    radius_km: float,
) -> pd.DataFrame:
    columns = ["row", "source", "role", "mention", "km"]
    if non_incidents is None or non_incidents.empty:
        return pd.DataFrame(columns=columns)
    mentions = non_incidents.to_crs(4326) if non_incidents.crs is not None else non_incidents
    mentions = mentions[mentions["role"].isin(FORBIDDEN_ROLES)]
    radius = pd.to_numeric(_column(mentions, "radius_km", np.nan), errors="coerce")
    out = []
    loose = matches.loc[matches["status"].isin(["unmatched", "abroad"]), "row"]
    for i in loose:
        point = pred.geometry.loc[i]
        if point is None or point.is_empty:
            continue
        for j in mentions.index[mentions["source"].astype(str) == str(pred["source"].loc[i])]:
            where = mentions.geometry.loc[j]
            if where is None or where.is_empty:
                continue
            km = _km(point, where)
            limit = radius.loc[j] if pd.notna(radius.loc[j]) else radius_km
            if km <= limit:
                out.append(
                    {
                        "row": i,
                        "source": pred["source"].loc[i],
                        "role": mentions["role"].loc[j],
                        "mention": _column(mentions, "mention").loc[j],
                        "km": km,
                    }
                )
    return pd.DataFrame(out, columns=columns)
