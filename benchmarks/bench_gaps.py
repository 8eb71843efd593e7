"""Benchmark of hotspot.gaps.find_gaps: a 1,000 km front, a station every 500 m, 100,000 incidents.

Target: under 2 s. The reference is a naive per-station loop (one shapely call per
station for the distance and the nearest point) timed in the same process.

Run: .venv/bin/python benchmarks/bench_gaps.py
"""

from __future__ import annotations

import time

import geopandas as gpd
import numpy as np
import shapely

from hotspot.gaps import _profile, find_gaps

X0, Y0 = 150_000.0, 3_700_000.0  # EPSG:32638, west of the disputed territories
FRONT_KM = 1000.0
N_INCIDENTS = 100_000
SPACING_M = 500.0


def make_front(rng: np.random.Generator) -> tuple[shapely.LineString, shapely.LineString]:
    """A gently curving front with a vertex every 250 m and a gap of 2-40 km."""
    n = int(FRONT_KM * 4) + 1
    s = np.linspace(0.0, FRONT_KM * 1000.0, n)
    wiggle = 8000.0 * np.sin(s / 60_000.0) + np.cumsum(rng.normal(0.0, 40.0, n))
    gap = 21_000.0 + 19_000.0 * np.sin(s / 90_000.0)
    # run NW -> SE like the real front
    ux, uy = np.array([0.6, -0.8])
    vx, vy = np.array([0.8, 0.6])
    fed = np.column_stack([X0 + s * ux + wiggle * vx, Y0 + 600_000 + s * uy + wiggle * vy])
    krg = np.column_stack([fed[:, 0] + gap * vx, fed[:, 1] + gap * vy])
    return shapely.LineString(fed), shapely.LineString(krg)


def naive_profile(fed: shapely.LineString, krg: shapely.LineString, dist: np.ndarray) -> np.ndarray:
    widths = np.empty(len(dist))
    for i, d in enumerate(dist):
        p = fed.interpolate(d)
        q = krg.interpolate(krg.project(p))
        widths[i] = p.distance(q)
    return widths


def main() -> None:
    rng = np.random.default_rng(42)
    fed, krg = make_front(rng)
    x0, y0, x1, y1 = shapely.union_all([fed, krg]).bounds
    pts = shapely.points(rng.uniform(x0, x1, N_INCIDENTS), rng.uniform(y0, y1, N_INCIDENTS))
    dates = np.datetime64("2019-01-01") + rng.integers(0, 5 * 365, N_INCIDENTS)
    incidents = gpd.GeoDataFrame({"date": dates}, geometry=gpd.GeoSeries(pts, crs=32638))
    area = gpd.GeoSeries([shapely.box(x0, y0, x1, y1)], crs=32638)
    layers = [gpd.GeoSeries([g], crs=32638).to_crs(4326) for g in (fed, krg)]
    incidents = incidents.to_crs(4326)
    area = area.to_crs(4326)

    find_gaps(*layers, study_area=None, gazetteer=False, station_spacing_m=5000)  # warm up
    runs = []
    for _ in range(3):  # best of 3: the machine may be busy
        t0 = time.perf_counter()
        result = find_gaps(
            *layers,
            coverage_m=2000,
            study_area=area,
            incidents=incidents,
            station_spacing_m=SPACING_M,
            gazetteer=False,
        )
        runs.append(time.perf_counter() - t0)
    elapsed = min(runs)

    naive_runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        naive = naive_profile(fed, krg, result.profile["along_km"].to_numpy() * 1000.0)
        naive_runs.append(time.perf_counter() - t0)
    naive_s = min(naive_runs)

    # the same stations with the vectorised profile (STRtree of segments)
    f_lo, f_hi = (km * 1000.0 for km in result.params["facing_km_on_federal"])
    cov = {"federal": 0.0, "krg": 0.0}
    vec_runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        vec = _profile(fed, krg, f_lo, f_hi, cov, None, SPACING_M, (2000.0, 10000.0, 40000.0))
        vec_runs.append(time.perf_counter() - t0)
    vec_s = min(vec_runs)

    ours = result.profile["to_krg_m"].to_numpy()
    agree = np.abs(ours - naive).max()
    o = result.overlay
    print(
        f"front: {result.params['front_km']:.0f} km, {len(result.profile)} stations, "
        f"{len(result.zones)} zone(s), {result.zones['area_km2'].sum():,.0f} km²"
    )
    print(
        f"incidents: {N_INCIDENTS:,} (in {o.n_in:,}, out {o.n_out:,}), "
        f"rate ratio {o.rate_ratio:.3f} (CI {o.ci_low:.3f}–{o.ci_high:.3f}), p = {o.p_value:.3g}"
    )
    print(
        f"find_gaps (profile + zones + overlay), best of 3: {elapsed:.3f} s  [target < 2 s: "
        f"{'OK' if elapsed < 2 else 'TOO SLOW'}]"
    )
    print(
        f"profile only: vectorised {vec_s:.3f} s vs naive per-station loop {naive_s:.3f} s "
        f"({naive_s / vec_s:.1f}x); max |difference| {agree:.2e} m, "
        f"{np.abs(vec['to_krg_m'].to_numpy() - naive).max():.2e} m"
    )


if __name__ == "__main__":
    main()
