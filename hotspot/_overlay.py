"""The incident overlay: incidents inside the vacuum versus outside it, with one rule.

Which incidents are counted is decided here, once, for
:func:`hotspot.gaps.find_gaps` (``incidents=``), ``hotspot gaps --incidents``,
:func:`hotspot.analyze.analyze` and the notebooks:

1. rows without a point (empty or missing geometry) are left out;
2. **coarse locations** (:func:`is_coarse`: ``precision == 3``, a district or
   governorate centroid, a river, a road or a wide area) are left out unless
   ``include_coarse``: they pile up at administrative centres and would bias the
   rates. Clustering (:func:`hotspot.hotspots.find_hotspots`) applies the same
   rule;
3. rows dated outside the period (``since``/``until``; ``since`` may be the
   control lines' ``as_of``) are left out, and so are undated rows when a
   period is set;
4. rows outside the comparison area (the study area) are left out.

Every left-out row is counted by reason in :class:`GapOverlay`. When the lines
carry an ``as_of`` date and counted incidents begin before it, a warning says
so: the lines did not hold then.

Examples
--------
>>> import pandas as pd
>>> is_coarse(pd.DataFrame({"precision": [1, 3, None]})).tolist()
[False, True, False]
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from hotspot._stats import RATE_RATIO_METHOD, rate_ratio_test

__all__ = ["COARSE_PRECISION", "COARSE_WHAT", "GapOverlay", "incident_overlay", "is_coarse"]

#: ``precision`` value of a coarse location (:data:`COARSE_WHAT`).
COARSE_PRECISION: int = 3
#: What a coarse location is, for reports and help texts.
COARSE_WHAT: str = "a district or governorate centroid, a river, a road or a wide area"

# Below these counts a rate ratio is printed only with a caution: the interval is wide
# and a single re-coded incident moves the estimate. With fewer than 10 incidents expected
# inside at equal rates, even a halving or doubling of the rate is rarely detectable.
_MIN_EXPECTED_IN = 10.0
_MIN_COUNTED = 30


def is_coarse(incidents: pd.DataFrame) -> np.ndarray:
    """Return which rows have a coarse location (``precision == 3``).

    Parameters
    ----------
    incidents : pandas.DataFrame
        Incidents, with or without a ``precision`` column (no column: none coarse).

    Returns
    -------
    numpy.ndarray of bool
        True where the location is coarse (:data:`COARSE_WHAT`).

    Examples
    --------
    >>> is_coarse(pd.DataFrame({"x": [1]})).tolist()
    [False]
    """
    if "precision" not in incidents.columns:
        return np.zeros(len(incidents), dtype=bool)
    precision = pd.to_numeric(incidents["precision"], errors="coerce").astype("Float64")
    return (precision == COARSE_PRECISION).fillna(False).to_numpy(dtype=bool)


@dataclass(frozen=True)
class GapOverlay:
    """Incidents inside the vacuum versus outside it, within the comparison area.

    Attributes
    ----------
    n_in, n_out : int
        Incidents counted inside the vacuum zones and in the rest of the
        comparison area.
    n_excluded : int
        Incidents not counted, for any of the reasons below.
    area_in_km2, area_out_km2 : float
        Areas of the vacuum and of the rest of the comparison area.
    years : float
        Time span the counted incidents cover (NaN when unknown: no dates and
        no ``years=``).
    rate_in, rate_out : float
        Incidents per km² per year (NaN when ``years`` is unknown).
    rate_ratio, ci_low, ci_high : float
        Rate ratio inside / outside and its confidence interval.
    p_value : float
        Two-sided p-value of equal rates.
    conf : float
        Confidence level of the interval.
    method : str
        The statistical method (exact conditional binomial test, Clopper-Pearson).
    n_no_point, n_coarse, n_outside_period, n_outside_area : int
        Incidents left out: without a point, with a coarse location, dated
        outside the period (or undated when a period is set), outside the
        comparison area. They add up to ``n_excluded``.
    since, until : str or None
        The period counted (ISO dates), when one was set.
    as_of : str or None
        The date the control lines describe, when they state one.
    """

    n_in: int
    n_out: int
    n_excluded: int
    area_in_km2: float
    area_out_km2: float
    years: float
    rate_in: float
    rate_out: float
    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    conf: float
    method: str = RATE_RATIO_METHOD
    n_no_point: int = 0
    n_coarse: int = 0
    n_outside_period: int = 0
    n_outside_area: int = 0
    since: str | None = None
    until: str | None = None
    as_of: str | None = None

    @property
    def caution(self) -> str | None:
        """Why the counts cannot support a rate ratio, or None when they can.

        A ratio resting on fewer than 30 counted incidents, or on fewer than 10
        expected inside the vacuum if rates were equal, is indicative only: its
        interval is wide and one re-coded incident moves it. Reports print this
        caution beside the ratio instead of presenting it as a finding.

        Returns
        -------
        str or None

        Examples
        --------
        >>> GapOverlay(3, 65, 0, 50.0, 950.0, 1.0, 0.06, 0.07, 0.9, 0.2, 2.7, 1.0, 0.95).caution
        'indicative only: 68 incidents counted, 3.4 expected inside at equal rates (needs at least 30 and 10)'
        >>> GapOverlay(40, 60, 0, 100.0, 900.0, 1.0, 0.4, 0.07, 6.0, 4.0, 9.0, 1e-9, 0.95).caution
        """  # noqa: E501
        counted = self.n_in + self.n_out
        total_area = self.area_in_km2 + self.area_out_km2
        expected = counted * self.area_in_km2 / total_area if total_area > 0 else 0.0
        if counted >= _MIN_COUNTED and expected >= _MIN_EXPECTED_IN:
            return None
        return (
            f"indicative only: {counted} incidents counted, {expected:.1f} expected inside at "
            f"equal rates (needs at least {_MIN_COUNTED} and {_MIN_EXPECTED_IN:g})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the overlay as a one-row DataFrame.

        Returns
        -------
        pandas.DataFrame
            One row, one column per attribute.

        Examples
        --------
        >>> o = GapOverlay(1, 1, 0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.1, 10.0, 1.0, 0.95)
        >>> list(o.to_frame().columns[:3])
        ['n_in', 'n_out', 'n_excluded']
        """
        return pd.DataFrame([{**self.__dict__, "caution": self.caution or ""}])

    def describe(self) -> str:
        """Return the overlay in one or two lines of text.

        Returns
        -------
        str
            Counts, rates, the rate ratio with its interval and p-value, and
            what was left out.

        Examples
        --------
        >>> o = GapOverlay(30, 10, 1, 1000.0, 2000.0, 2.0, 0.015, 0.0025, 6.0, 2.9, 13.5,
        ...                1e-6, 0.95, n_outside_area=1)
        >>> print(o.describe())
        Incidents: 30 inside (1000.0 km²), 10 outside (2000.0 km²); 0.015 vs 0.0025 incidents/km²/year; rate ratio 6 (95% CI 2.9–13.5), p = 1e-06 (exact conditional binomial test)
          left out: 1 outside the comparison area
        """  # noqa: E501
        rate = (
            f"{self.rate_in:.3g} vs {self.rate_out:.3g} incidents/km²/year"
            if not math.isnan(self.years)
            else "time span unknown (no dates; pass years=)"
        )
        period = ""
        if self.since or self.until:
            period = f" from {self.since or '...'} to {self.until or '...'}"
            if self.as_of and self.since == self.as_of:
                period += " (from the control lines' as_of)"
        lines = [
            f"Incidents{period}: {self.n_in} inside ({self.area_in_km2:.1f} km²), {self.n_out} "
            f"outside ({self.area_out_km2:.1f} km²); {rate}; rate ratio {self.rate_ratio:.3g} "
            f"({self.conf:.0%} CI {self.ci_low:.3g}–{self.ci_high:.3g}), p = {self.p_value:.3g} "
            "(exact conditional binomial test)"
        ]
        reasons = [
            (self.n_no_point, "without a point"),
            (self.n_coarse, f"with a coarse location ({COARSE_WHAT})"),
            (self.n_outside_period, "outside the period or undated"),
            (self.n_outside_area, "outside the comparison area"),
        ]
        left = [f"{n} {why}" for n, why in reasons if n]
        if left:
            lines.append("  left out: " + ", ".join(left))
        if self.caution:
            lines.append(f"  caution: {self.caution}")
        return "\n".join(lines)


def _span_years(dates: pd.Series) -> float:
    """Inclusive span of dates in years ((last - first + 1 day) / 365.25); NaN without dates."""
    dates = dates.dropna()
    if dates.empty:
        return math.nan
    span = dates.max() - dates.min()
    return (span / pd.Timedelta(days=1) + 1.0) / 365.25


def _iso(stamp: pd.Timestamp | None) -> str | None:
    return None if stamp is None else stamp.date().isoformat()


def incident_overlay(
    xy: np.ndarray,
    present: np.ndarray,
    coarse: np.ndarray,
    dates: pd.Series | None,
    zones: list[shapely.Geometry],
    area: shapely.Geometry,
    *,
    hotspots: list[shapely.Geometry] | None = None,
    years: float | None = None,
    since: pd.Timestamp | None = None,
    until: pd.Timestamp | None = None,
    as_of: pd.Timestamp | None = None,
    include_coarse: bool = False,
    conf: float = 0.95,
    stacklevel: int = 3,
) -> tuple[GapOverlay, dict[str, np.ndarray]]:
    """Count incidents inside and outside the vacuum and test the rate ratio.

    Parameters
    ----------
    xy : numpy.ndarray
        ``(n, 2)`` incident coordinates in the metric CRS of ``zones`` (any
        value where ``present`` is False).
    present : numpy.ndarray of bool
        Which rows have a point.
    coarse : numpy.ndarray of bool
        Which rows have a coarse location (:func:`is_coarse`).
    dates : pandas.Series or None
        Parsed dates (datetime64, NaT when missing), aligned with the rows;
        None when the incidents have no date column.
    zones : list of shapely.Polygon
        The vacuum zones (metric CRS).
    area : shapely geometry
        The comparison area (metric CRS); the zones lie inside it.
    hotspots : list of shapely geometry, optional
        Hotspot polygons (metric CRS), counted per zone.
    years : float, optional
        Time span in years; default from the counted incidents' dates.
    since, until : pandas.Timestamp, optional
        Count only incidents dated in [since, until] (whole days).
    as_of : pandas.Timestamp, optional
        The control lines' date; counted incidents before it trigger a warning.
    include_coarse : bool, default False
        Count coarse locations too.
    conf : float, default 0.95
        Confidence level of the rate-ratio interval.
    stacklevel : int, default 3
        Stack level of the warning.

    Returns
    -------
    overlay : GapOverlay
        The statistics and the counts of rows left out.
    per_zone : dict of str to numpy.ndarray
        ``n_incidents``, ``n_hotspots``, ``incident_rate`` and ``rate_rank`` per zone.

    Warns
    -----
    UserWarning
        When counted incidents are dated before the lines' ``as_of``.

    Examples
    --------
    >>> zone = shapely.box(0, 0, 1000, 1000)
    >>> area = shapely.box(0, 0, 3000, 1000)
    >>> xy = np.array([[500, 500], [500, 500], [2000, 500], [9e9, 0]])
    >>> o, _ = incident_overlay(xy, np.array([True] * 4), np.array([False, True, False, False]),
    ...                         None, [zone], area)
    >>> o.n_in, o.n_out, o.n_coarse, o.n_outside_area, o.n_excluded
    (1, 1, 1, 1, 2)
    """
    n = len(present)
    keep = present.copy()
    n_no_point = int((~present).sum())
    coarse_out = keep & coarse & (not include_coarse)
    keep &= ~coarse_out
    n_coarse = int(coarse_out.sum())
    outside_period = np.zeros(n, dtype=bool)
    if since is not None or until is not None:
        if dates is None:
            outside_period[:] = True
        else:
            d = dates.to_numpy(dtype="datetime64[ns]")
            undated = np.isnat(d)
            outside_period |= undated
            if since is not None:
                outside_period |= ~undated & (d < np.datetime64(since.normalize(), "ns"))
            if until is not None:
                end = until.normalize() + pd.Timedelta(days=1)
                outside_period |= ~undated & (d >= np.datetime64(end, "ns"))
        outside_period &= keep
        keep &= ~outside_period
    n_outside_period = int(outside_period.sum())

    vacuum = shapely.union_all(zones) if zones else shapely.Polygon()
    area_in = float(shapely.area(vacuum))
    area_out = float(shapely.area(shapely.difference(area, vacuum)))
    shapely.prepare(vacuum)
    shapely.prepare(area)
    in_vac = np.zeros(n, dtype=bool)
    in_area = np.zeros(n, dtype=bool)
    idx = np.flatnonzero(keep)
    if idx.size:
        if zones:
            in_vac[idx] = shapely.contains_xy(vacuum, xy[idx, 0], xy[idx, 1])
        in_area[idx] = shapely.contains_xy(area, xy[idx, 0], xy[idx, 1])
    in_area |= in_vac
    n_outside_area = int((keep & ~in_area).sum())
    counted = keep & in_area
    n_in = int(in_vac.sum())
    n_out = int((counted & ~in_vac).sum())

    if as_of is not None and dates is not None:
        d = dates[counted]
        early = d < as_of.normalize()
        if early.any():
            warnings.warn(
                f"{int(early.sum())} of the {int(counted.sum())} incidents counted in the "
                f"overlay are dated before the control lines' as_of "
                f"({as_of.date().isoformat()}; the earliest on {d.min().date().isoformat()}): the "
                "lines did not hold then, so the rate ratio mixes periods; count only incidents "
                "from the lines' date with since='as_of' (analyze does this)",
                UserWarning,
                stacklevel=stacklevel,
            )

    span = (
        float(years)
        if years is not None
        else (_span_years(dates[counted]) if dates is not None else math.nan)
    )
    a_in_km2, a_out_km2 = area_in / 1e6, area_out / 1e6
    if a_in_km2 > 0 and a_out_km2 > 0:
        rr = rate_ratio_test(n_in, n_out, a_in_km2, a_out_km2, conf=conf)
        stats = (rr.rate_ratio, rr.ci_low, rr.ci_high, rr.p_value)
    else:
        stats = (math.nan, math.nan, math.nan, math.nan)
    rate_in = n_in / a_in_km2 / span if a_in_km2 > 0 else math.nan
    rate_out = n_out / a_out_km2 / span if a_out_km2 > 0 else math.nan
    overlay = GapOverlay(
        n_in=n_in,
        n_out=n_out,
        n_excluded=n - n_in - n_out,
        area_in_km2=a_in_km2,
        area_out_km2=a_out_km2,
        years=float(span),
        rate_in=float(rate_in),
        rate_out=float(rate_out),
        rate_ratio=float(stats[0]),
        ci_low=float(stats[1]),
        ci_high=float(stats[2]),
        p_value=float(stats[3]),
        conf=conf,
        n_no_point=n_no_point,
        n_coarse=n_coarse,
        n_outside_period=n_outside_period,
        n_outside_area=n_outside_area,
        since=_iso(since),
        until=_iso(until),
        as_of=_iso(as_of),
    )

    n_z = len(zones)
    counts = np.zeros(n_z, dtype=np.int64)
    hot = np.zeros(n_z, dtype=np.int64)
    pts = xy[np.flatnonzero(in_vac)]
    if n_z and len(pts):
        tree = shapely.STRtree(shapely.points(pts))
        pairs = tree.query(np.array(zones, dtype=object), predicate="contains")
        counts = np.bincount(pairs[0], minlength=n_z).astype(np.int64)
    if n_z and hotspots:
        tree = shapely.STRtree(np.array(hotspots, dtype=object))
        pairs = tree.query(np.array(zones, dtype=object), predicate="intersects")
        hot = np.bincount(pairs[0], minlength=n_z).astype(np.int64)
    areas = np.array([z.area / 1e6 for z in zones], dtype=float)
    density = counts / np.where(areas > 0, areas, np.nan)
    rate = density / span  # NaN when the span is unknown
    rank = pd.Series(density).rank(ascending=False, method="min").to_numpy()
    per_zone = {
        "n_incidents": counts,
        "n_hotspots": hot,
        "incident_rate": rate,
        "rate_rank": rank.astype(np.int64) if n_z else np.zeros(0, np.int64),
    }
    return overlay, per_zone
