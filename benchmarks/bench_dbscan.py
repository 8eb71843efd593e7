"""Benchmark: exact haversine DBSCAN (hotspot._dbscan) against scikit-learn.

Every measured run happens in a fresh subprocess so that peak RSS
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) belongs to that run alone;
tracemalloc peaks (Python and NumPy allocations, not C mallocs inside
scikit-learn's ball tree) are taken in a second, traced pass in the same child.

Cases
-----
1. ../shared/data/geocausal_irq_2006_2008/insurgencies.csv (68,573 real events;
   skipped when absent), eps 5 km, min_samples 10: ours vs scikit-learn
   ``DBSCAN(metric="haversine", algorithm="ball_tree")`` on the raw points;
   labels must be identical. Targets: >= 10x faster, >= 4x less memory.
2. 1,000,000 synthetic ACLED-like events stacked on 3,000 place points inside
   Iraq, 30 % of them jittered around their place (fixed seed): <= 10 s and
   <= 2 GB peak RSS (scikit-learn cannot run this).
3. Space-time clustering of 100,000 synthetic events (3 years, 7-day window):
   <= 10 s.

Run: ``/work/venv/bin/python benchmarks/bench_dbscan.py``
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
INSURGENCIES = SHARED / "geocausal_irq_2006_2008" / "insurgencies.csv"
SEED = 20240601


def synthetic(n: int, n_places: int = 3000, jitter_share: float = 0.3, seed: int = SEED):
    """ACLED-like events: stacked on place points (Zipf popularity), some jittered."""
    import shapely

    from hotspot.gazetteer import iraq_outline

    rng = np.random.default_rng(seed)
    outline = iraq_outline()
    lat = np.empty(0)
    lon = np.empty(0)
    while lat.size < n_places:  # places inside Iraq
        cand_lon = rng.uniform(38.8, 48.6, 4 * n_places)
        cand_lat = rng.uniform(29.0, 37.4, 4 * n_places)
        inside = shapely.contains_xy(outline, cand_lon, cand_lat)
        lat = np.r_[lat, cand_lat[inside]]
        lon = np.r_[lon, cand_lon[inside]]
    plat, plon = lat[:n_places], lon[:n_places]
    popularity = 1.0 / np.arange(1, n_places + 1) ** 1.1
    place = rng.choice(n_places, n, p=popularity / popularity.sum())
    lat, lon = plat[place].copy(), plon[place].copy()
    moved = rng.random(n) < jitter_share
    r_m = np.abs(rng.normal(0.0, 3000.0, moved.sum()))  # jitter radius, metres
    bearing = rng.uniform(0.0, 2 * np.pi, moved.sum())
    lat[moved] += np.degrees(r_m * np.cos(bearing) / 6_371_008.8)
    lon[moved] += np.degrees(r_m * np.sin(bearing) / 6_371_008.8) / np.cos(np.radians(lat[moved]))
    t_days = rng.integers(0, 3 * 365, n).astype(float)
    return np.round(lat, 5), np.round(lon, 5), t_days


def load(case: str):
    if case == "insurgencies":
        import pandas as pd

        frame = pd.read_csv(INSURGENCIES)
        return frame["latitude"].to_numpy(float), frame["longitude"].to_numpy(float), None
    if case == "synthetic_1m":
        lat, lon, _ = synthetic(1_000_000)
        return lat, lon, None
    if case == "spacetime_100k":
        return synthetic(100_000, n_places=2000)
    raise ValueError(case)


def run(method: str, lat, lon, t, eps_m: float, min_samples: int, window: float | None):
    if method == "ours" and t is None:
        from hotspot._dbscan import dbscan_haversine

        return dbscan_haversine(lat, lon, eps_m=eps_m, min_samples=min_samples)
    if method == "ours":
        from hotspot._dbscan import dbscan_spacetime

        return dbscan_spacetime(
            lat, lon, t, eps_m=eps_m, window_days=window, min_samples=min_samples
        )
    from sklearn.cluster import DBSCAN

    from hotspot._geo import EARTH_RADIUS_M

    model = DBSCAN(
        eps=eps_m / EARTH_RADIUS_M,
        min_samples=min_samples,
        metric="haversine",
        algorithm="ball_tree",
    )
    return model.fit(np.radians(np.c_[lat, lon])).labels_


def child(method: str, case: str, eps_m: float, min_samples: int, window: float | None, out: str):
    """One measured run (in a fresh process); writes labels and figures."""
    import sklearn.cluster  # noqa: F401  (import cost outside the measurement)

    import hotspot._dbscan  # noqa: F401

    lat, lon, t = load(case)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.perf_counter()
    labels = run(method, lat, lon, t, eps_m, min_samples, window)
    seconds = time.perf_counter() - start
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    run(method, lat, lon, t, eps_m, min_samples, window)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    np.save(out + ".npy", np.asarray(labels))
    Path(out + ".json").write_text(
        json.dumps(
            {
                "seconds": seconds,
                "rss_peak": rss_peak,
                "rss_before": rss_before,
                "traced_peak": traced_peak,
                "n": int(lat.size),
            }
        )
    )


def measure(method, case, eps_m, min_samples, window=None):
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "result")
        args = [sys.executable, __file__, "--child", method, case, str(eps_m), str(min_samples)]
        args += [str(window), out]
        subprocess.run(args, check=True, cwd=ROOT)
        figures = json.loads(Path(out + ".json").read_text())
        figures["labels"] = np.load(out + ".npy")
    return figures


def show(name: str, f: dict) -> None:
    labels = f["labels"]
    print(
        f"  {name:8s} {f['seconds']:8.2f} s   peak RSS {f['rss_peak'] / 2**20:8.0f} MiB "
        f"(+{(f['rss_peak'] - f['rss_before']) / 2**20:.0f} MiB for the run)   "
        f"tracemalloc peak {f['traced_peak'] / 2**20:8.1f} MiB   "
        f"{labels.max() + 1} clusters, {(labels == -1).sum()} noise"
    )


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(a, b))


def main() -> None:
    print("exact haversine DBSCAN benchmark (each run in a fresh process)")
    if INSURGENCIES.exists():
        print(f"\n1. {INSURGENCIES.name}: eps 5 km, min_samples 10")
        ours = measure("ours", "insurgencies", 5000.0, 10)
        ref = measure("sklearn", "insurgencies", 5000.0, 10)
        show("ours", ours)
        show("sklearn", ref)
        assert same_partition(ours["labels"], ref["labels"]), "labels differ from scikit-learn"
        speed = ref["seconds"] / ours["seconds"]
        rss = (ref["rss_peak"] - ref["rss_before"]) / max(ours["rss_peak"] - ours["rss_before"], 1)
        traced = ref["traced_peak"] / ours["traced_peak"]
        print(f"  labels identical to scikit-learn: yes ({ours['n']} events)")
        print(
            f"  speed-up {speed:.1f}x (target >= 10x: {'met' if speed >= 10 else 'MISSED'}); "
            f"run memory (RSS growth) {rss:.1f}x less "
            f"(target >= 4x: {'met' if rss >= 4 else 'MISSED'}); "
            f"tracemalloc peak {traced:.1f}x less; total peak RSS "
            f"{ref['rss_peak'] / ours['rss_peak']:.1f}x less"
        )
    else:
        print(f"\n1. skipped: {INSURGENCIES} not present")

    print("\n2. 1,000,000 synthetic stacked + jittered events: eps 5 km, min_samples 10")
    big = measure("ours", "synthetic_1m", 5000.0, 10)
    show("ours", big)
    ok = big["seconds"] <= 10 and big["rss_peak"] <= 2 * 2**30
    print(f"  target <= 10 s and <= 2 GB: {'met' if ok else 'MISSED'}")

    print("\n3. space-time, 100,000 synthetic events: eps 5 km, window 7 days, min_samples 5")
    st = measure("ours", "spacetime_100k", 5000.0, 5, 7.0)
    show("ours", st)
    print(f"  target <= 10 s: {'met' if st['seconds'] <= 10 else 'MISSED'}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        method, case, eps, ms, window, out = sys.argv[2:8]
        child(method, case, float(eps), int(ms), None if window == "None" else float(window), out)
    else:
        main()
