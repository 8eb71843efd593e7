"""Benchmark of hotspot.locate: 100,000 points placed in sub-district, territory and side.

The reference, timed in the same run, is the plain loop a user would write: one
prepared ``shapely.contains_xy`` call per sub-district polygon. Both must give
the same sub-district for every point.

Run: .venv/bin/python benchmarks/bench_locate.py
"""

from __future__ import annotations

import time

import numpy as np
import shapely

from hotspot._locate import bundled_admin, bundled_sides, locate_lonlat
from hotspot.locate import locate

N = 100_000


def naive_subdistricts(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    units = bundled_admin()
    out = np.full(lon.size, None, dtype=object)
    for geom, code in zip(units.geoms, units.fields["subdistrict_pcode"], strict=True):
        shapely.prepare(geom)
        inside = shapely.contains_xy(geom, lon, lat) & (out == None)  # noqa: E711
        out[inside] = code
    return out


def best_of(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):  # best of 3: the machine may be busy
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(0)
    cases = {
        "uniform over Iraq's box": (rng.uniform(38.8, 48.6, N), rng.uniform(29.1, 37.4, N)),
    }
    try:  # real event locations when the reference data is beside the checkout
        import pandas as pd

        ev = pd.read_csv("../shared/data/geocausal_irq_2006_2008/insurgencies.csv")
        cases["68k geocausal events, repeated"] = (
            np.resize(ev["longitude"].to_numpy(), N),
            np.resize(ev["latitude"].to_numpy(), N),
        )
    except FileNotFoundError:
        pass
    locate_lonlat([44.0], [35.0])  # build the caches (layers, front) once
    bundled_sides()
    for name, (lon, lat) in cases.items():
        ours = locate_lonlat(lon, lat)
        naive = naive_subdistricts(lon, lat)
        same = np.array([a == b for a, b in zip(ours["subdistrict_pcode"], naive, strict=True)])
        t_admin = best_of(lambda lon=lon, lat=lat: locate_lonlat(lon, lat, sides=False))
        t_all = best_of(lambda lon=lon, lat=lat: locate_lonlat(lon, lat))
        t_frame = best_of(lambda lon=lon, lat=lat: locate((lat, lon)))
        t_naive = best_of(lambda lon=lon, lat=lat: naive_subdistricts(lon, lat), runs=1)
        print(f"{name}: {N:,} points, {int((ours['outside_iraq_km'] > 0).sum()):,} outside Iraq")
        print(
            f"  admin + territory + outside: {t_admin:.2f} s; with side: {t_all:.2f} s; "
            f"locate() DataFrame: {t_frame:.2f} s"
        )
        print(
            f"  naive per-polygon loop (sub-district only): {t_naive:.2f} s "
            f"({t_naive / t_admin:.1f}x slower); same sub-district for {same.mean():.2%}"
        )


if __name__ == "__main__":
    main()
