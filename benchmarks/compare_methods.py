"""DBSCAN and HDBSCAN hotspots compared on real data (the table of docs/hotspot_shapes.md).

For UCDP GED 19.1 since 2014 (bundled) and the 68,573-event geocausal set (a
yardstick in ``../shared``, skipped when absent): time, hotspots, noise, the
largest hotspot and its span, the top ten by rank, and the adjusted Rand index of
the two labelings on the events both consider. HDBSCAN takes minutes on the 68k set.

    .venv/bin/python benchmarks/compare_methods.py [--only ucdp|68k] [--min-samples N]
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from hotspot.datasets import ucdp_iraq
from hotspot.hotspots import find_hotspots
from hotspot.incidents import read_incidents

BIG = Path(__file__).resolve().parents[2] / "shared/data/geocausal_irq_2006_2008/insurgencies.csv"


def _describe(name: str, method: str, result, seconds: float) -> None:
    table = result.hotspots.sort_values("rank")
    status = result.incidents["cluster_status"]
    considered = int(status.isin(["clustered", "noise"]).sum())
    noise = int((status == "noise").sum())
    print(
        f"{name} {method}: {seconds:.1f} s, {len(table)} hotspots, noise {noise:,} of "
        f"{considered:,} ({noise / max(considered, 1):.0%})"
    )
    if len(table):
        top = table.iloc[0]
        print(
            f"   largest #1 {top['label']}: {top['incidents']:,} incidents "
            f"({top['incidents'] / considered:.0%}), span {top['span_km']:.0f} km, "
            f"{int(table['chained'].sum())} flagged as chains"
        )
        print(
            "   top 10: "
            + "; ".join(f"#{r.rank} {r.label} {r.incidents}" for r in table.head(10).itertuples())
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["ucdp", "68k"])
    parser.add_argument("--min-samples", type=int, default=10)
    args = parser.parse_args()
    runs = []
    if args.only in (None, "ucdp"):
        ucdp = ucdp_iraq()
        runs.append(("ucdp", ucdp[ucdp["date"] >= "2014-01-01"]))
    if args.only in (None, "68k"):
        if BIG.exists():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                runs.append(("68k", read_incidents(BIG)))
        else:
            print(f"skipped the 68k set: {BIG} is absent")
    for name, frame in runs:
        results = {}
        for method in ("dbscan", "hdbscan"):
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                results[method] = find_hotspots(frame, method=method, min_samples=args.min_samples)
            _describe(name, method, results[method], time.perf_counter() - start)
        a, b = results["dbscan"].incidents, results["hdbscan"].incidents
        seen = a["cluster_status"].isin(["clustered", "noise"])
        both = seen & (a["hotspot"] >= 0) & (b["hotspot"] >= 0)
        ari_all = adjusted_rand_score(a.loc[seen, "hotspot"], b.loc[seen, "hotspot"])
        ari_both = adjusted_rand_score(a.loc[both, "hotspot"], b.loc[both, "hotspot"])
        print(
            f"   adjusted Rand index: {ari_all:.3f} on all considered, {ari_both:.3f} on the "
            f"{int(both.sum()):,} both cluster"
        )


if __name__ == "__main__":
    main()
