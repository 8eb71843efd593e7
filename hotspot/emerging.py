"""Emerging hot spots: space-time Getis-Ord Gi*, Mann-Kendall trends, ArcGIS Pro categories.

:func:`emerging_hotspots` bins incident points into a space-time cube (square
cells of ``cell_m`` metres in EPSG:32638, WGS 84 / UTM zone 38N, one bin per
time step), computes the Getis-Ord Gi* z-score of every bin over a space-time
neighbourhood, tests the Gi* series of every cell for a monotonic trend with
Mann-Kendall, and puts every cell into one of the seventeen categories of
ArcGIS Pro's *Emerging Hot Spot Analysis* (New, Consecutive, Intensifying,
Persistent, Diminishing, Sporadic, Oscillating and Historical hot spots, their
cold-spot mirrors, and No Pattern Detected).

The category rules are written down in ``docs/emerging_hotspots.md`` and in
:func:`classify_series`; they follow Esri's published definitions ("How
Emerging Hot Spot Analysis works", ArcGIS Pro documentation).

Examples
--------
>>> classify_series([0.0] * 9 + [3.0], [1.0] * 9 + [0.001])
'New Hot Spot'
>>> mann_kendall([1, 2, 3, 4, 5]).s
10.0
"""

from __future__ import annotations

import html
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import sparse
from scipy.spatial import cKDTree

from hotspot._dates import parse_day, read_dates
from hotspot._geo import METRIC_CRS
from hotspot._overlay import COARSE_WHAT, is_coarse
from hotspot.errors import CRSError, IncidentError

__all__ = [
    "CATEGORIES",
    "METRIC_CRS",
    "TIME_STEPS",
    "EmergingResult",
    "MannKendallResult",
    "classify_series",
    "emerging_hotspots",
    "mann_kendall",
]

# The cube grid lives in METRIC_CRS, EPSG:32638 (WGS 84 / UTM zone 38N, metres).
# Iraq spans UTM zones 37-39: the scale error is under 0.1 % in the disputed territories
# (about 43-46 E) and about 0.4 % at the western border (39 E), small against a cell side.

#: The registry of named time steps and the pandas offset each stands for.
#: Steps start on calendar boundaries (1st of the month, of Jan/Apr/Jul/Oct,
#: of January).
TIME_STEPS: Mapping[str, str] = MappingProxyType(
    {"month": "MS", "quarter": "QS-JAN", "year": "YS-JAN"}
)

#: The ArcGIS Pro emerging hot spot categories, in Esri's order.
CATEGORIES: tuple[str, ...] = (
    "New Hot Spot",
    "Consecutive Hot Spot",
    "Intensifying Hot Spot",
    "Persistent Hot Spot",
    "Diminishing Hot Spot",
    "Sporadic Hot Spot",
    "Oscillating Hot Spot",
    "Historical Hot Spot",
    "New Cold Spot",
    "Consecutive Cold Spot",
    "Intensifying Cold Spot",
    "Persistent Cold Spot",
    "Diminishing Cold Spot",
    "Sporadic Cold Spot",
    "Oscillating Cold Spot",
    "Historical Cold Spot",
    "No Pattern Detected",
)

_NO_PATTERN = "No Pattern Detected"
_DEFAULT_NEIGHBOURHOOD_CELLS = 1.5  # 1.5 cells: the 8 surrounding cells (queen ring)
_FEW_STEPS = 10
_TIE_DECIMALS = 10  # Gi* z-scores equal to 10 decimals count as ties in Mann-Kendall


class MannKendallResult(NamedTuple):
    """Result of :func:`mann_kendall`.

    Attributes
    ----------
    s : float
        Mann-Kendall statistic S, the sum of sign(x_j - x_i) over all i < j.
    var_s : float
        Variance of S under the null hypothesis, corrected for ties.
    z : float
        Normal score of S with the continuity correction (S - 1 or S + 1).
    p : float
        Two-sided p-value of ``z``.
    tau : float
        Kendall's tau, S divided by n(n - 1) / 2.
    trend : str
        ``"increasing"``, ``"decreasing"`` or ``"no trend"`` at the chosen alpha.
    """

    s: float
    var_s: float
    z: float
    p: float
    tau: float
    trend: str


@dataclass(frozen=True)
class EmergingResult:
    """Result of :func:`emerging_hotspots`.

    Attributes
    ----------
    cells : geopandas.GeoDataFrame
        One row per location (a cell with at least one incident), indexed by
        ``cell`` (the id ``E<easting>N<northing>`` of the cell's south-west
        corner in EPSG:32638 metres). Polygons in EPSG:4326. Columns:
        ``category`` (one of :data:`CATEGORIES`), ``count`` (incidents or summed
        weights over the period), ``count_final`` (in the final step),
        ``hot_steps`` and ``cold_steps`` (significant bins), ``gi_z_final``,
        ``trend_s``, ``trend_z``, ``trend_p``, ``trend`` (Mann-Kendall on the
        Gi* z-scores), ``count_trend_z``, ``count_trend_p``, ``count_trend``
        (Mann-Kendall on the counts).
    cube : pandas.DataFrame
        The space-time cube in long form, one row per cell and step: ``cell``,
        ``step`` (0 = first), ``start`` (first day of the step), ``count``,
        ``gi_z``, ``gi_p`` (two-sided, uncorrected) and ``gi_bin`` (+1 hot,
        -1 cold, 0 not significant, after the FDR correction if requested).
    steps : pandas.DatetimeIndex
        Start of every time step.
    params : Mapping
        The parameters of the run (read-only).
    """

    cells: gpd.GeoDataFrame
    cube: pd.DataFrame
    steps: pd.DatetimeIndex
    params: Mapping[str, Any]

    def summary(self) -> pd.DataFrame:
        """Count cells and incidents per category.

        Returns
        -------
        pandas.DataFrame
            Indexed by every category in :data:`CATEGORIES` (zero rows kept),
            with columns ``cells`` and ``incidents``.

        Examples
        --------
        >>> import geopandas as gpd, pandas as pd
        >>> pts = gpd.GeoDataFrame(
        ...     {"date": pd.to_datetime(["2020-01-05", "2020-02-05"])},
        ...     geometry=gpd.points_from_xy([44.0, 44.0], [35.0, 35.0]),
        ...     crs="EPSG:4326",
        ... )
        >>> res = emerging_hotspots(pts, min_steps=1)
        >>> int(res.summary().loc["No Pattern Detected", "cells"])
        1
        """
        grouped = self.cells.groupby("category", observed=False)
        out = pd.DataFrame(
            {"cells": grouped.size(), "incidents": grouped["count"].sum()},
        ).reindex(list(CATEGORIES), fill_value=0)
        out.index.name = "category"
        return out

    def __str__(self) -> str:
        """Return the text report: the period, the grid and the cells per category.

        Examples
        --------
        >>> import geopandas as gpd, pandas as pd
        >>> pts = gpd.GeoDataFrame(
        ...     {"date": pd.to_datetime(["2020-01-05", "2020-02-05"])},
        ...     geometry=gpd.points_from_xy([44.0, 44.0], [35.0, 35.0]),
        ...     crs="EPSG:4326",
        ... )
        >>> print(emerging_hotspots(pts, min_steps=1))
        Emerging hot spots: 1 cells x 2 steps of month (2020-01-01 to 2020-02-01), cells of 5000 m
          No Pattern Detected: 1 cells, 2 incidents
        """
        span = f"{self.steps[0]:%Y-%m-%d} to {self.steps[-1]:%Y-%m-%d}" if len(self.steps) else "-"
        lines = [
            f"Emerging hot spots: {len(self.cells)} cells x {len(self.steps)} steps of "
            f"{self.params.get('time_step')} ({span}), cells of {self.params.get('cell_m'):g} m"
        ]
        for category, row in self.summary().query("cells > 0").iterrows():
            lines.append(f"  {category}: {row['cells']:g} cells, {row['incidents']:g} incidents")
        coarse = self.params.get("coarse_left_out", 0)
        if coarse:
            lines.append(
                f"  ({coarse:,} incident(s) with a coarse location left out ({COARSE_WHAT}); "
                "include_coarse=True counts them)"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        found = self.summary().query("cells > 0")["cells"]
        parts = ", ".join(f"{k}: {v}" for k, v in found.items())
        return (
            f"EmergingResult({len(self.cells)} cells x {len(self.steps)} steps; {parts or 'empty'})"
        )

    def _repr_html_(self) -> str:
        params = "".join(
            f"<tr><th style='text-align:left'>{html.escape(str(k))}</th>"
            f"<td style='text-align:left'>{html.escape(str(v))}</td></tr>"
            for k, v in self.params.items()
        )
        summary = self.summary().query("cells > 0")
        span = f"{self.steps[0]:%Y-%m-%d} to {self.steps[-1]:%Y-%m-%d}" if len(self.steps) else "-"
        return (
            "<div><strong>EmergingResult</strong>: "
            f"{len(self.cells)} cells &times; {len(self.steps)} steps ({span})"
            "<details><summary>parameters</summary>"
            f"<table>{params}</table></details>"
            f"{summary.to_html()}</div>"
        )


# --------------------------------------------------------------------------- Mann-Kendall


def _scipy_stats():
    """Return :mod:`scipy.stats`, imported on first use (it costs ~0.3 s to import)."""
    from scipy import stats

    return stats


def _mann_kendall_rows(values: np.ndarray) -> tuple[np.ndarray, ...]:
    """Mann-Kendall S, var(S), Z and p for every row of a 2-D array (vectorised)."""
    x = np.asarray(values, dtype=float)
    n_rows, n = x.shape
    if n < 2:
        zeros = np.zeros(n_rows)
        return zeros, zeros.copy(), zeros.copy(), np.ones(n_rows)
    x = np.round(x, _TIE_DECIMALS)
    i, j = np.triu_indices(n, k=1)
    s = np.zeros(n_rows)
    ties = np.zeros(n_rows)
    # chunk the rows so the pair arrays stay around 16 MB
    chunk = max(1, 2_000_000 // len(i))
    for start in range(0, n_rows, chunk):
        block = x[start : start + chunk]
        s[start : start + chunk] = np.sign(block[:, j] - block[:, i]).sum(axis=1)
        # tie correction: sum over tie groups of t(t-1)(2t+5) equals the sum
        # over elements of (c-1)(2c+5), c = size of the element's group
        equal = (block[:, :, None] == block[:, None, :]).sum(axis=2)
        ties[start : start + chunk] = ((equal - 1) * (2 * equal + 5)).sum(axis=1)
    var_s = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(var_s > 0, (s - np.sign(s)) / np.sqrt(np.where(var_s > 0, var_s, 1.0)), 0.0)
    p = 2.0 * _scipy_stats().norm.sf(np.abs(z))
    return s, var_s, z, p


def _trend_labels(z: np.ndarray, p: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(p < alpha, np.where(z > 0, "increasing", "decreasing"), "no trend").astype(
        object
    )


def mann_kendall(values: Sequence[float] | np.ndarray, *, alpha: float = 0.05) -> MannKendallResult:
    """Mann-Kendall test for a monotonic trend in a series, with tie correction.

    S = sum over i < j of sign(x_j - x_i); var(S) = [n(n-1)(2n+5) -
    sum_t t(t-1)(2t+5)] / 18 where t runs over the sizes of groups of tied
    values; Z = (S - sign(S)) / sqrt(var(S)) (continuity correction); the
    p-value is two-sided from the standard normal (Mann 1945; Kendall 1975;
    Gilbert 1987, ch. 16). Values equal to 10 decimals are ties.

    Parameters
    ----------
    values : sequence of float
        The series in time order, equally spaced, without missing values.
    alpha : float, default 0.05
        Significance level that decides ``trend``.

    Returns
    -------
    MannKendallResult
        ``s``, ``var_s``, ``z``, ``p``, ``tau`` and ``trend``.

    Raises
    ------
    ValueError
        If ``values`` is not one-dimensional, holds NaN, or ``alpha`` is not in (0, 1).

    Examples
    --------
    >>> r = mann_kendall([1, 2, 3, 4, 5])
    >>> r.s, round(r.var_s, 3), round(r.z, 4), r.trend
    (10.0, 16.667, 2.2045, 'increasing')
    >>> mann_kendall([3, 1, 3, 1]).trend
    'no trend'
    """
    x = np.asarray(values, dtype=float)
    problems = []
    if x.ndim != 1:
        problems.append(f"values must be one-dimensional, got shape {x.shape}")
    elif np.isnan(x).any():
        problems.append(f"values hold NaN at positions {np.flatnonzero(np.isnan(x)).tolist()}")
    if not 0 < alpha < 1:
        problems.append(f"alpha must be between 0 and 1, got {alpha!r}")
    if problems:
        raise ValueError("; ".join(problems))
    s, var_s, z, p = (float(a[0]) for a in _mann_kendall_rows(x[None, :]))
    n = len(x)
    tau = s / (n * (n - 1) / 2) if n > 1 else 0.0
    trend = str(_trend_labels(np.array([z]), np.array([p]), alpha)[0])
    return MannKendallResult(s, var_s, z, p, tau, trend)


# --------------------------------------------------------------------------- Gi*


def _gi_star(values: np.ndarray, space_w: sparse.csr_array, time_w: sparse.csr_array) -> np.ndarray:
    """Getis-Ord Gi* z-scores of every bin of a cube (Ord & Getis 1995).

    ``values`` is (locations x steps); the space-time weight of bin (l', t') for
    bin (l, t) is ``space_w[l, l'] * time_w[t, t']`` (binary, self included),
    i.e. the Kronecker product, never built. Mean and standard deviation run
    over all n = locations x steps bins.
    """
    x = np.asarray(values, dtype=float)
    n = x.size
    if n < 2:
        return np.zeros_like(x)
    # lag[l, t] = sum_{l', t'} Ws[l, l'] Wt[t, t'] x[l', t']
    lag = (time_w @ (space_w @ x).T).T
    wsum = (
        np.asarray(space_w.sum(axis=1)).ravel()[:, None]
        * np.asarray(time_w.sum(axis=1)).ravel()[None, :]
    )
    w2sum = (
        np.asarray(space_w.multiply(space_w).sum(axis=1)).ravel()[:, None]
        * np.asarray(time_w.multiply(time_w).sum(axis=1)).ravel()[None, :]
    )
    mean = x.mean()
    sd = math.sqrt(max((x**2).mean() - mean**2, 0.0))
    den = sd * np.sqrt(np.maximum(n * w2sum - wsum**2, 0.0) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(den > 0, (lag - mean * wsum) / np.where(den > 0, den, 1.0), 0.0)
    return z


def _space_weights(cols: np.ndarray, rows: np.ndarray, radius_cells: float) -> sparse.csr_array:
    """Binary weights between cells whose centres lie within ``radius_cells`` (self included)."""
    n = len(cols)
    tree = cKDTree(np.column_stack([cols, rows]).astype(float))
    pairs = tree.query_pairs(radius_cells * (1 + 1e-9), output_type="ndarray")
    i = np.concatenate([np.arange(n), pairs[:, 0], pairs[:, 1]])
    j = np.concatenate([np.arange(n), pairs[:, 1], pairs[:, 0]])
    return sparse.csr_array((np.ones(len(i)), (i, j)), shape=(n, n))


def _time_weights(n_steps: int, window: int) -> sparse.csr_array:
    """Binary weights of step t' for step t when 0 <= t - t' <= window (ArcGIS: earlier steps)."""
    offsets = list(range(0, -min(window, n_steps - 1) - 1, -1))
    return sparse.diags_array(
        [np.ones(n_steps - k) for k in range(len(offsets))],
        offsets=offsets,
        shape=(n_steps, n_steps),
        format="csr",
    )


# --------------------------------------------------------------------------- classification


def _classify_bins(
    bins: np.ndarray, trend_z: np.ndarray, trend_p: np.ndarray, trend_alpha: float, share: float
) -> np.ndarray:
    """Category of every row of a (locations x steps) array of -1/0/+1 bins."""
    bins = np.asarray(bins)
    n_loc, n = bins.shape
    out = np.full(n_loc, _NO_PATTERN, dtype=object)
    if n == 0:
        return out
    trend_sig = np.asarray(trend_p) < trend_alpha
    up = trend_sig & (np.asarray(trend_z) > 0)
    down = trend_sig & (np.asarray(trend_z) < 0)
    for sign, kind in ((1, "Hot"), (-1, "Cold")):
        this = bins == sign
        other = bins == -sign
        n_this = this.sum(axis=1)
        final = this[:, -1]
        most = n_this >= share * n - 1e-9
        # length of the uninterrupted run of significant bins that ends at the final step
        run = np.cumprod(this[:, ::-1], axis=1).sum(axis=1)
        before_run = n_this > run
        ever_other = other.any(axis=1)
        # "intensifying" means hotter (z up) for hot spots and colder (z down) for cold spots
        stronger, weaker = (up, down) if sign == 1 else (down, up)
        rules = [
            (final & most & stronger, "Intensifying"),
            (final & most & weaker, "Diminishing"),
            (final & most & ~stronger & ~weaker, "Persistent"),
            (final & ~most & ever_other, "Oscillating"),
            (final & ~most & ~ever_other & ~before_run & (run == 1), "New"),
            (final & ~most & ~ever_other & ~before_run & (run >= 2), "Consecutive"),
            (final & ~most & ~ever_other & before_run, "Sporadic"),
            (~final & most, "Historical"),
        ]
        for mask, name in rules:
            # a cell can meet a hot rule and a historical cold rule only if share < 0.5;
            # the first category assigned wins
            out[mask & (out == _NO_PATTERN)] = f"{name} {kind} Spot"
    return out


def _significant_bins(z: np.ndarray, p: np.ndarray, alpha: float, fdr: bool) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    if fdr and p.size:
        p = _scipy_stats().false_discovery_control(p.ravel(), method="bh").reshape(p.shape)
    return (np.sign(z) * (p < alpha)).astype(np.int8)


def classify_series(
    gi_z: Sequence[float] | np.ndarray,
    gi_p: Sequence[float] | np.ndarray,
    *,
    alpha: float = 0.10,
    trend_alpha: float = 0.10,
    share: float = 0.9,
) -> str:
    """Emerging hot spot category of one location's Gi* series (ArcGIS Pro rules).

    A bin is a *hot* (*cold*) bin when its p-value is below ``alpha`` and its
    z-score is positive (negative). The trend is the Mann-Kendall test of the
    z-score series, significant when its p-value is below ``trend_alpha``.
    With n steps and "most" meaning at least ``share`` x n bins (90 % as in
    ArcGIS Pro):

    - **Intensifying**: final bin hot, most bins hot, z trend up.
    - **Diminishing**: final bin hot, most bins hot, z trend down.
    - **Persistent**: final bin hot, most bins hot, no significant trend.
    - **Oscillating**: final bin hot, fewer than most bins hot, at least one
      earlier cold bin.
    - **New**: final bin hot, no other hot bin, no cold bin.
    - **Consecutive**: final bin hot and part of one uninterrupted run of at
      least two hot bins ending at the final step, no hot bin before the run,
      no cold bin, fewer than most bins hot.
    - **Sporadic**: final bin hot, fewer than most bins hot, a hot bin before
      the final run (on again, off again), no cold bin.
    - **Historical**: final bin not hot, most bins hot.

    Cold spots mirror these with hot and cold swapped; for them *intensifying*
    means the z-scores fall (colder) and *diminishing* that they rise. Anything
    else is "No Pattern Detected". Where Esri's wording overlaps (a final-only
    hot bin after an earlier cold bin is both "new" and "oscillating") the
    earlier cold bin wins: Oscillating.

    Parameters
    ----------
    gi_z, gi_p : sequence of float
        Gi* z-scores and p-values of one location, in time order, same length.
    alpha : float, default 0.10
        Bin significance (0.10 = 90 % confidence, ArcGIS Pro's weakest Gi_Bin class).
    trend_alpha : float, default 0.10
        Significance of the Mann-Kendall trend of the z-scores.
    share : float, default 0.9
        Share of time steps that makes "most" (Esri: 90 %).

    Returns
    -------
    str
        One of :data:`CATEGORIES`.

    Raises
    ------
    ValueError
        If the series differ in length, hold NaN, or an option is out of range.

    Examples
    --------
    >>> z = [0, 0, 0, 0, 0, 0, 0, 0, 2.5, 3.0]
    >>> p = [1, 1, 1, 1, 1, 1, 1, 1, 0.01, 0.003]
    >>> classify_series(z, p)
    'Consecutive Hot Spot'
    >>> classify_series([-3.0] * 10, [0.001] * 10)
    'Persistent Cold Spot'
    """
    z = np.asarray(gi_z, dtype=float)
    p = np.asarray(gi_p, dtype=float)
    problems = []
    if z.ndim != 1 or z.shape != p.shape:
        problems.append(
            f"gi_z and gi_p must be 1-D and equal in length, got {z.shape} and {p.shape}"
        )
    elif np.isnan(z).any() or np.isnan(p).any():
        problems.append("gi_z and gi_p must not hold NaN")
    problems += _check_levels(alpha=alpha, trend_alpha=trend_alpha, share=share)
    if problems:
        raise ValueError("; ".join(problems))
    bins = _significant_bins(z, p, alpha, fdr=False)[None, :]
    _, _, tz, tp = _mann_kendall_rows(z[None, :])
    return str(_classify_bins(bins, tz, tp, trend_alpha, share)[0])


def _check_levels(**levels: float) -> list[str]:
    return [
        f"{name} must be between 0 and 1 (exclusive), got {value!r}"
        for name, value in levels.items()
        if not (isinstance(value, int | float) and 0 < value < 1)
    ]


# --------------------------------------------------------------------------- the cube


def _resolve_offset(time_step: str | pd.DateOffset | pd.Timedelta) -> pd.DateOffset | None:
    if isinstance(time_step, str):
        return (
            pd.tseries.frequencies.to_offset(TIME_STEPS[time_step])
            if time_step in TIME_STEPS
            else None
        )
    if isinstance(time_step, pd.offsets.BaseOffset | pd.Timedelta):
        return pd.tseries.frequencies.to_offset(time_step)
    return None


def _rows(labels: pd.Index) -> str:
    return ", ".join(repr(r) for r in labels[:10]) + (" ..." if len(labels) > 10 else "")


def _parse_dates(
    incidents: pd.DataFrame, column: str, *, dayfirst: bool = True
) -> tuple[pd.Series, str | None]:
    """Dates as naive datetime64 (tz-aware ones keep their local wall-clock time), NaT if missing.

    Text is read by the one rule of :mod:`hotspot._dates` (ISO first,
    ``03/12/2023`` day first unless ``dayfirst=False``). An event at local
    midnight on the 1st stays in its month, whatever its zone.
    """
    raw = incidents[column]
    dates = read_dates(raw, dayfirst=dayfirst).start
    if dates.isna().all():
        return dates, (
            f"date column {column!r} ({raw.dtype}) holds no parseable date, e.g. "
            f"{raw.iloc[0]!r}; expected datetime64 or dates such as '2023-12-03' or "
            "'03/12/2023' (day first)"
        )
    return dates, None


def _renamed(value: object, old: object, name: str, old_name: str) -> object:
    """Accept a deprecated parameter name with a FutureWarning (both given: an error)."""
    if old is None:
        return value
    if value is not None:
        raise ValueError(f"give {name}= only ({old_name}= is its deprecated name), not both")
    warnings.warn(
        f"emerging_hotspots: {old_name}= is deprecated and will be removed; use {name}=",
        FutureWarning,
        stacklevel=3,
    )
    return old


def _cell_ids(cols: np.ndarray, rows: np.ndarray, cell_m: float) -> list[str]:
    fmt = "{:.0f}" if float(cell_m).is_integer() else "{:.2f}"
    return [
        f"E{fmt.format(c * cell_m)}N{fmt.format(r * cell_m)}"
        for c, r in zip(cols.tolist(), rows.tolist(), strict=True)
    ]


def emerging_hotspots(
    incidents: gpd.GeoDataFrame,
    *,
    cell_m: float = 5000,
    time_step: str | pd.DateOffset | pd.Timedelta = "month",
    neighbourhood_m: float | None = None,
    time_window_steps: int = 1,
    date_column: str = "date",
    weights: str | None = None,
    since: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    include_coarse: bool = False,
    alpha: float = 0.10,
    trend_alpha: float = 0.10,
    fdr: bool = True,
    share: float = 0.9,
    min_cells: int = 1,
    min_steps: int = _FEW_STEPS,
    dayfirst: bool = True,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> EmergingResult:
    """Emerging hot spot analysis of incident points (ArcGIS Pro method).

    1. **Cube.** Points are projected to EPSG:32638 (WGS 84 / UTM 38N) and
       counted (or their ``weights`` summed) in square cells of ``cell_m``
       metres, aligned on multiples of ``cell_m`` from the UTM origin, and in
       time steps that start on calendar boundaries (``"month"``,
       ``"quarter"``, ``"year"``) or at the first day of the period (a pandas
       offset). Only cells with at least one incident in the period are
       locations, as in ArcGIS; empty steps of a location count 0.
    2. **Gi star.** Each bin's neighbours are the bins of locations whose centres
       lie within ``neighbourhood_m`` of its centre, in the same step and the
       ``time_window_steps`` steps before it (ArcGIS's Neighborhood Time
       Step looks back, never ahead), the bin itself included, all weighted 1.
       The Ord & Getis (1995) z-score is computed over all
       n = locations x steps bins with sparse matrices::

           z = (sum_j w_ij x_j - xbar W_i) / (S sqrt((n W_i - W_i^2) / (n - 1)))

       with W_i = sum_j w_ij, xbar and S the mean and (population) standard
       deviation of all bins; p is two-sided normal. A bin is hot (cold) when
       p < ``alpha`` and z > 0 (z < 0), after a Benjamini-Hochberg false
       discovery rate correction over the whole cube if ``fdr`` (ArcGIS Pro
       applies FDR in this tool).
    3. **Trend.** Mann-Kendall on each location's z-score series (and on its
       counts, reported only).
    4. **Category.** See :func:`classify_series` and
       ``docs/emerging_hotspots.md``.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Point incidents in any CRS, with a date column (e.g. the output of
        :mod:`hotspot.incidents` readers). Rows with an empty point or no date
        (which those readers keep and flag) are left out with a warning.
    cell_m : float, default 5000
        Side of a grid cell in metres.
    time_step : {"month", "quarter", "year"} or pandas.DateOffset, default "month"
        Length of a time step: a name from :data:`TIME_STEPS`, a pandas
        offset such as ``pd.DateOffset(weeks=2)``, or a ``pd.Timedelta``.
    neighbourhood_m : float, optional
        Neighbourhood radius in metres between cell centres. Default
        1.5 x ``cell_m``: the cell and its eight surrounding cells.
    time_window_steps : int, default 1
        Number of earlier steps in the neighbourhood (0 = the same step only).
    date_column : str, default "date"
        Column with the incident dates (datetime64, or text read by the rule of
        :mod:`hotspot._dates`: ISO first, ``03/12/2023`` day first).
    weights : str, optional
        Numeric column (e.g. fatalities) summed instead of counting incidents.
    include_coarse : bool, default False
        Count incidents with a coarse location too (``precision == 3``: a
        district or governorate centroid, a river, a country point). By default
        they are left out, as :func:`~hotspot.hotspots.find_hotspots` and the
        gap overlay leave them out: stacked on a centroid they make a hot cell
        where nothing happened. ``params["coarse_left_out"]`` counts them.
    since, until : str or pandas.Timestamp, optional
        Period analysed (both inclusive); default the first and last date. A
        year or a month as ``until`` runs to its last day.
        Incidents outside are left out. Setting ``until`` past the last incident
        keeps trailing empty steps, which matters for "new" and "historical".
    alpha : float, default 0.10
        Bin significance: 0.10 = 90 % confidence, the level at which ArcGIS
        Pro counts a bin as a hot or cold spot (Gi_Bin +/-1). Use 0.05 for the
        conventional 95 %.
    trend_alpha : float, default 0.10
        Significance of the Mann-Kendall trend (intensifying / diminishing).
    fdr : bool, default True
        Apply the Benjamini-Hochberg correction to the bins' p-values before
        comparing them with ``alpha`` (as ArcGIS Pro does).
    share : float, default 0.9
        Share of steps that makes "most of the time" (Esri: 90 %).
    min_cells : int, default 1
        Fewest locations accepted; fewer raise :class:`~hotspot.errors.IncidentError`.
    min_steps : int, default 10
        Fewer time steps than this emit a ``UserWarning``: the 90 % rule and
        Mann-Kendall mean little on short series.
    dayfirst : bool, default True
        Read numeric dates (in ``date_column``, ``since`` and ``until``) day
        first; ``False`` reads ``12/31/2023`` as 31 December.
    start, end : str or pandas.Timestamp, optional
        Deprecated names of ``since`` and ``until`` (``FutureWarning``).

    Returns
    -------
    EmergingResult
        ``.cells`` (polygons with category and trends, in the CRS of
        ``incidents``), ``.cube`` (long table of bins), ``.steps``,
        ``.params``, ``.summary()`` (a DataFrame); ``str(result)`` is the text
        report.

    Raises
    ------
    hotspot.errors.CRSError
        If ``incidents`` has no CRS.
    hotspot.errors.IncidentError
        If ``incidents`` is empty, lacks the date or weights column, has a
        date column with no parseable date, non-point geometries, missing or
        negative weights, or too few locations.
    ValueError
        If an option is out of range or ``time_step`` is unknown (the message
        lists the valid values).

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> pts = gpd.GeoDataFrame(
    ...     {"date": pd.to_datetime(["2021-01-10", "2021-03-02", "2021-03-20"])},
    ...     geometry=gpd.points_from_xy([44.40, 44.41, 44.40], [35.47, 35.48, 35.48]),
    ...     crs="EPSG:4326",
    ... )
    >>> res = emerging_hotspots(pts, cell_m=5000, min_steps=3)
    >>> res.cube[["step", "count"]].to_numpy().tolist()
    [[0, 1], [1, 0], [2, 2]]
    >>> res.cells.crs.to_epsg()
    4326
    """
    # ---- options
    since = _renamed(since, start, "since", "start")
    until = _renamed(until, end, "until", "end")
    offset = _resolve_offset(time_step)
    problems: list[str] = []
    if offset is None:
        problems.append(
            f"time_step must be one of {sorted(TIME_STEPS)} or a pandas DateOffset/Timedelta "
            f"(e.g. pd.DateOffset(weeks=2)), got {time_step!r}"
        )
    if not (isinstance(cell_m, int | float) and cell_m > 0):
        problems.append(f"cell_m must be a positive number of metres, got {cell_m!r}")
    if neighbourhood_m is not None and not (
        isinstance(neighbourhood_m, int | float) and neighbourhood_m >= 0
    ):
        problems.append(f"neighbourhood_m must be >= 0 metres or None, got {neighbourhood_m!r}")
    if not (isinstance(time_window_steps, int) and time_window_steps >= 0):
        problems.append(f"time_window_steps must be an integer >= 0, got {time_window_steps!r}")
    if not isinstance(include_coarse, bool):
        problems.append(f"include_coarse must be True or False, got {include_coarse!r}")
    if not (isinstance(min_cells, int) and min_cells >= 1):
        problems.append(f"min_cells must be an integer >= 1, got {min_cells!r}")
    problems += _check_levels(alpha=alpha, trend_alpha=trend_alpha, share=share)
    if problems:
        raise ValueError("emerging_hotspots: " + "; ".join(problems))
    if neighbourhood_m is None:
        neighbourhood_m = _DEFAULT_NEIGHBOURHOOD_CELLS * cell_m

    # ---- data
    if not isinstance(incidents, gpd.GeoDataFrame):
        raise IncidentError(
            f"incidents must be a GeoDataFrame of points, got {type(incidents).__name__}"
        )
    if incidents.crs is None:
        raise CRSError(
            "incidents has no CRS; set it first, e.g. incidents.set_crs('EPSG:4326') "
            "for longitude/latitude"
        )
    if len(incidents) == 0:
        raise IncidentError("incidents is empty: emerging hot spot analysis needs point incidents")
    problems = []
    dates = pd.Series(pd.NaT, index=incidents.index)
    if date_column not in incidents.columns:
        problems.append(
            f"incidents has no date column {date_column!r} (columns: {list(incidents.columns)}); "
            "pass date_column="
        )
    else:
        dates, msg = _parse_dates(incidents, date_column, dayfirst=dayfirst)
        if msg:
            problems.append(msg)
    geoms = incidents.geometry
    missing_geom = (geoms.isna() | geoms.is_empty).to_numpy()
    not_point = ~missing_geom & (geoms.geom_type != "Point").to_numpy()
    if not_point.any():
        kinds = sorted(set(geoms[not_point].geom_type))
        problems.append(
            f"{int(not_point.sum())} geometr(y/ies) are {kinds}, not points "
            f"(rows {_rows(incidents.index[not_point])}); use centroids or points"
        )
    if weights is not None:
        if weights not in incidents.columns:
            problems.append(f"incidents has no weights column {weights!r}")
        else:
            w = pd.to_numeric(incidents[weights], errors="coerce")
            bad_w = (w.isna() | (w < 0)).to_numpy()
            if bad_w.any():
                problems.append(
                    f"weights column {weights!r} has {int(bad_w.sum())} missing, non-numeric or "
                    f"negative value(s) (rows {_rows(incidents.index[bad_w])}); expected "
                    "numbers >= 0 (fill unknowns first, e.g. .fillna(0))"
                )
    if problems:
        raise IncidentError("incidents: " + "; ".join(problems))
    assert offset is not None
    # rows the readers keep but flag (empty point, no date) are left out, loudly
    skipped = missing_geom | dates.isna().to_numpy()
    if skipped.all():
        raise IncidentError(
            f"incidents: every row lacks a point or a date in {date_column!r}; nothing to analyse"
        )
    if skipped.any():
        warnings.warn(
            f"emerging_hotspots: left out {int(skipped.sum())} incident(s) without a point or "
            f"a date in {date_column!r} (rows {_rows(incidents.index[skipped])})",
            UserWarning,
            stacklevel=2,
        )

    # ---- time steps
    lo = (
        parse_day(since, name="since", dayfirst=dayfirst)
        if since is not None
        else dates[~skipped].min()
    )
    hi = (
        parse_day(until, name="until", dayfirst=dayfirst, last=True)
        if until is not None
        else dates[~skipped].max()
    )
    in_period = (dates >= lo.normalize()) & (dates < hi.normalize() + pd.Timedelta(days=1))
    keep = in_period.to_numpy() & ~skipped
    coarse = keep & is_coarse(incidents) & (not include_coarse)
    keep &= ~coarse
    if not keep.any():
        raise IncidentError(
            f"incidents: no incident dated between {lo} and {hi}"
            + (
                f" with a precise location ({int(coarse.sum())} coarse left out; "
                "include_coarse=True counts them)"
                if coarse.any()
                else ""
            )
        )
    first = offset.rollback(lo.normalize())
    if isinstance(time_step, str):  # calendar steps start on the period's first day
        first = lo.to_period({"month": "M", "quarter": "Q", "year": "Y"}[time_step]).start_time
    steps = pd.date_range(first, hi, freq=offset)
    n_steps = len(steps)
    step_of = np.searchsorted(steps.to_numpy(), dates.to_numpy()[keep], side="right") - 1

    # ---- cells
    xy = shapely.get_coordinates(incidents.geometry.to_crs(METRIC_CRS).to_numpy()[keep])
    col = np.floor(xy[:, 0] / cell_m).astype(np.int64)
    row = np.floor(xy[:, 1] / cell_m).astype(np.int64)
    cells, loc_of = np.unique(np.column_stack([col, row]), axis=0, return_inverse=True)
    loc_of = loc_of.ravel()
    n_loc = len(cells)
    if n_loc < min_cells:
        raise IncidentError(
            f"incidents fall in {n_loc} cell(s) of {cell_m} m; min_cells={min_cells} needed"
        )
    if n_steps < min_steps:
        warnings.warn(
            f"the cube has only {n_steps} time step(s); the 90 % rule and the Mann-Kendall "
            f"trend need about {min_steps} or more (shorten time_step or pass min_steps=)",
            UserWarning,
            stacklevel=2,
        )
    w = (
        pd.to_numeric(incidents[weights]).to_numpy(dtype=float)[keep]
        if weights is not None
        else np.ones(int(keep.sum()))
    )
    counts = np.zeros((n_loc, n_steps))
    np.add.at(counts, (loc_of, step_of), w)

    # ---- statistics
    space_w = _space_weights(cells[:, 0], cells[:, 1], neighbourhood_m / cell_m)
    time_w = _time_weights(n_steps, time_window_steps)
    gi_z = _gi_star(counts, space_w, time_w)
    gi_p = 2.0 * _scipy_stats().norm.sf(np.abs(gi_z))
    bins = _significant_bins(gi_z, gi_p, alpha, fdr)
    t_s, _, t_z, t_p = _mann_kendall_rows(gi_z)
    _, _, c_z, c_p = _mann_kendall_rows(counts)
    category = _classify_bins(bins, t_z, t_p, trend_alpha, share)

    # ---- outputs
    count_dtype = np.int64 if weights is None else np.float64
    ids = pd.Index(_cell_ids(cells[:, 0], cells[:, 1], cell_m), name="cell")
    x0, y0 = cells[:, 0] * cell_m, cells[:, 1] * cell_m
    squares = shapely.box(x0, y0, x0 + cell_m, y0 + cell_m)
    out = gpd.GeoDataFrame(
        {
            "category": pd.Categorical(category, categories=list(CATEGORIES)),
            "count": counts.sum(axis=1).astype(count_dtype),
            "count_final": counts[:, -1].astype(count_dtype),
            "hot_steps": (bins == 1).sum(axis=1),
            "cold_steps": (bins == -1).sum(axis=1),
            "gi_z_final": gi_z[:, -1],
            "trend_s": t_s,
            "trend_z": t_z,
            "trend_p": t_p,
            "trend": _trend_labels(t_z, t_p, trend_alpha),
            "count_trend_z": c_z,
            "count_trend_p": c_p,
            "count_trend": _trend_labels(c_z, c_p, trend_alpha),
        },
        geometry=gpd.GeoSeries(squares, crs=METRIC_CRS).to_crs(incidents.crs).to_numpy(),
        crs=incidents.crs,
        index=ids,
    )
    cube = pd.DataFrame(
        {
            "cell": np.repeat(ids.to_numpy(), n_steps),
            "step": np.tile(np.arange(n_steps), n_loc),
            "start": np.tile(steps.to_numpy(), n_loc),
            "count": counts.ravel().astype(count_dtype),
            "gi_z": gi_z.ravel(),
            "gi_p": gi_p.ravel(),
            "gi_bin": bins.ravel(),
        }
    )
    params = MappingProxyType(
        {
            "crs": METRIC_CRS,
            "cell_m": cell_m,
            "time_step": time_step if isinstance(time_step, str) else offset.freqstr,
            "neighbourhood_m": neighbourhood_m,
            "time_window_steps": time_window_steps,
            "weights": weights,
            "since": steps[0],
            "until": hi,
            "alpha": alpha,
            "trend_alpha": trend_alpha,
            "fdr": fdr,
            "share": share,
            "incidents": int(keep.sum()),
            "coarse_left_out": int(coarse.sum()),
        }
    )
    return EmergingResult(cells=out, cube=cube, steps=steps, params=params)
