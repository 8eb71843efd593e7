"""Benchmark of hotspot.emerging: whole-run time and the sparse Gi* against a dense reference.

Run: /work/venv/bin/python benchmarks/bench_emerging.py
Prints figures and ratios measured in this process; nothing is asserted.
"""

from __future__ import annotations

import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from hotspot.emerging import (
    _gi_star,
    _mann_kendall_rows,
    _space_weights,
    _time_weights,
    emerging_hotspots,
    mann_kendall,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def _timed(fn, *args, repeat=3, **kwargs):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - t0)
    return best, out


def _synthetic(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """n incidents over northern Iraq (lon 42-46.5, lat 33.5-37), 2014-2018, clustered."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform([42.0, 33.5], [46.5, 37.0], size=(40, 2))
    pick = rng.integers(0, len(centres), n)
    xy = centres[pick] + rng.normal(0, 0.15, size=(n, 2))
    days = rng.integers(0, 5 * 365, n)
    return gpd.GeoDataFrame(
        {"date": pd.Timestamp("2014-01-01") + pd.to_timedelta(days, unit="D")},
        geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]),
        crs="EPSG:4326",
    )


def _dense_gi_star(values, space_w, time_w):
    """Reference: the full (n x n) space-time weight matrix as a dense Kronecker product."""
    n_loc, n_steps = values.shape
    w = np.kron(space_w.toarray(), time_w.toarray())  # bin index = loc * n_steps + step
    x = values.ravel()
    n = x.size
    mean, sd = x.mean(), x.std()
    wsum = w.sum(axis=1)
    z = (w @ x - mean * wsum) / (sd * np.sqrt((n * (w**2).sum(axis=1) - wsum**2) / (n - 1)))
    return z.reshape(n_loc, n_steps)


def main() -> None:
    print("emerging_hotspots, synthetic incidents, 5 km cells, monthly, 60 steps")
    for n in (10_000, 100_000):
        pts = _synthetic(n)
        secs, res = _timed(emerging_hotspots, pts, repeat=2)
        print(
            f"  {n:>7} incidents: {secs:6.3f} s  ({len(res.cells)} cells x {len(res.steps)} steps"
            f" = {len(res.cube)} bins)"
        )

    print("Gi*: sparse (Ws @ X @ Wt.T) vs dense Kronecker weight matrix")
    rng = np.random.default_rng(1)
    side = 20
    cols, rows = np.meshgrid(np.arange(side), np.arange(side))
    cols, rows = cols.ravel(), rows.ravel()
    values = rng.poisson(2.0, size=(side * side, 24)).astype(float)
    ws, wt = _space_weights(cols, rows, 1.5), _time_weights(24, 1)
    t_sparse, z1 = _timed(_gi_star, values, ws, wt)
    t_dense, z2 = _timed(_dense_gi_star, values, ws, wt, repeat=1)
    print(
        f"  {values.size} bins: sparse {t_sparse * 1e3:.2f} ms, dense {t_dense * 1e3:.1f} ms,"
        f" ratio {t_dense / t_sparse:.0f}x, max |dz| {np.abs(z1 - z2).max():.1e}"
    )

    print("Mann-Kendall: vectorised rows vs one call per location")
    series = rng.normal(size=(2000, 60))
    t_vec, _ = _timed(_mann_kendall_rows, series)
    t_loop, _ = _timed(lambda a: [mann_kendall(r) for r in a], series, repeat=1)
    print(
        f"  2000 locations x 60 steps: vectorised {t_vec * 1e3:.1f} ms,"
        f" loop {t_loop * 1e3:.1f} ms, ratio {t_loop / t_vec:.1f}x"
    )

    ucdp = SHARED / "ucdp_ged_irq" / "conflict_data_irq.csv"
    if ucdp.exists():
        df = pd.read_csv(ucdp, skiprows=[1], low_memory=False)
        df = df[df["longitude"].between(42.0, 46.5) & df["latitude"].between(33.5, 37.0)]
        pts = gpd.GeoDataFrame(
            {"date": pd.to_datetime(df["date_start"])},
            geometry=gpd.points_from_xy(df["longitude"], df["latitude"]),
            crs="EPSG:4326",
        )
        secs, res = _timed(emerging_hotspots, pts, cell_m=10_000, time_step="quarter")
        found = res.summary().query("cells > 0")["cells"].to_dict()
        print(f"UCDP GED north ({len(pts)} events, 10 km, quarterly): {secs:.3f} s, {found}")


if __name__ == "__main__":
    main()
