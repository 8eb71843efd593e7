"""Benchmark the geocoder and the text extractor; prints figures and ratios.

Run: /work/venv/bin/python benchmarks/bench_geocode.py [--n 100000] [--baseline 2000]

* gazetteer load + index build time (cold, in a fresh interpreter state);
* ``geocode`` on N names drawn from the gazetteer with a fixed seed: ~60 % exact
  names/aliases, ~25 % variants (case, article, generic word, diacritics
  dropped, transliteration swaps), ~15 % misspelt (one random edit), with the
  repeats of real event data (names drawn from a Zipf-like popularity);
* baseline: ``rapidfuzz.process.extractOne(name, all_alias_keys)`` per name
  (default scorer WRatio on lower-cased names), run on a sample and
  extrapolated (stated in the output); speed ratio and agreement rate;
* text extraction MB/s on the seed reports (if ../shared/seeds exists) or the
  bundled sample report, repeated to ~1 MB (wall clock and CPU time: on a shared
  machine the CPU time is the steadier figure);
* peak memory of text extraction on dense text (``--dense-mb`` MB of gazetteer
  names, ten to a sentence, no paragraph break), each size in a fresh interpreter:
  peak RSS and its growth over the interpreter after a warm-up call, per mention.
  Only the public API is used there, so the same measurement runs on older versions
  (``--only-dense`` with ``PYTHONPATH`` pointing at another checkout).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from rapidfuzz import process, utils

from hotspot import gazetteer as gazetteer_module
from hotspot._data import data_path
from hotspot._normalize import fold, normalize_name, skeleton
from hotspot.extract import extract_places
from hotspot.gazetteer import load_gazetteer
from hotspot.geocode import Geocoder

SEED = 20240713
ADMIN = {"settlement", "subdistrict", "district", "governorate"}
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SWAPS = [("q", "k"), ("k", "q"), ("ou", "u"), ("u", "ou"), ("i", "ee"), ("a", "e"), ("kh", "x")]
SWAPS += [("sh", "ch"), ("iya", "iyah"), ("ah", "a"), ("y", "i")]
GENERICS = {
    "settlement": ["{} town", "{} village", "{} city"],
    "district": ["{} district", "Qadha {}"],
    "subdistrict": ["{} sub-district", "Nahiyat {}"],
    "governorate": ["{} province", "{} governorate"],
    "mountain": ["Jabal {}", "{} mountains"],
    "valley": ["Wadi {}", "{} valley"],
    "lake": ["Lake {}"],
    "dam": ["{} Dam"],
    "river": ["{} River"],
    "bridge": ["{} bridge"],
}


def _variant(rng: random.Random, name: str, feature_type: str) -> str:
    choice = rng.random()
    if choice < 0.2:
        return name.upper() if rng.random() < 0.5 else name.lower()
    if choice < 0.4:
        return ("al-" if rng.random() < 0.5 else "Al ") + name
    if choice < 0.6 and feature_type in GENERICS:
        return rng.choice(GENERICS[feature_type]).format(name)
    if choice < 0.75:
        return fold(name).title()
    out = fold(name)
    for _ in range(2):
        old, new = rng.choice(SWAPS)
        out = out.replace(old, new, 1)
    return out.title()


def _misspell(rng: random.Random, name: str) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    s = list(name)
    if len(s) < 4:
        return name
    i = rng.randrange(1, len(s) - 1)
    op = rng.random()
    if op < 0.33:
        del s[i]
    elif op < 0.66:
        s.insert(i, rng.choice(letters))
    elif op < 0.85:
        s[i] = rng.choice(letters)
    else:
        s[i], s[i + 1] = s[i + 1], s[i]
    return "".join(s)


def make_names(gaz, n: int, seed: int = SEED) -> tuple[list[str], list[str]]:
    """Names and the id they were drawn from."""
    rng = random.Random(seed)
    places = []
    for row in gaz.itertuples(index=False):
        names = [row.name, *[a for a in row.aliases.split("|") if a and a.isascii()]]
        places.append((row.id, row.feature_type, names))
    weights = 1.0 / np.arange(1, len(places) + 1) ** 0.8  # Zipf-like popularity
    order = list(range(len(places)))
    rng.shuffle(order)
    picks = rng.choices(order, weights=weights, k=n)
    out, truth = [], []
    for p in picks:
        pid, ftype, names = places[p]
        base = rng.choice(names)
        r = rng.random()
        if r < 0.60:
            name = base
        elif r < 0.85:
            name = _variant(rng, base, ftype)
        else:
            name = _misspell(rng, base)
        out.append(name)
        truth.append(pid)
    return out, truth


def _timeit(fn, *args, repeat: int = 3, clock=time.perf_counter, **kwargs):
    best = float("inf")
    result = None
    for _ in range(repeat):
        t0 = clock()
        result = fn(*args, **kwargs)
        best = min(best, clock() - t0)
    return best, result


def dense_text(megabytes: float, seed: int = SEED) -> str:
    """``megabytes`` of gazetteer names (ASCII), ten to a sentence, in one paragraph."""
    names = [n for n in load_gazetteer()["name"] if n.isascii()]
    rng = random.Random(seed)
    parts, size = [], 0
    while size < megabytes * 1e6:
        sentence = ", ".join(rng.choice(names) for _ in range(10)) + ". "
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)


def _rss_mb() -> tuple[float, float]:
    """Current and peak resident set size of this process in MB (Linux ``/proc``)."""
    status = Path("/proc/self/status").read_text().splitlines()
    fields = {line.split(":")[0]: line.split()[1] for line in status if line.startswith("Vm")}
    return int(fields["VmRSS"]) / 1024, int(fields["VmHWM"]) / 1024


def dense_memory(megabytes: float) -> dict[str, float]:
    """Extract places from dense text; RSS figures (MB) of this process around the call.

    The peak is reset after the warm-up (``/proc/self/clear_refs``), so it is the peak
    of the call itself; ``getrusage`` would report the parent's peak, inherited over exec.
    """
    text = dense_text(megabytes)
    geocoder = Geocoder()
    extract_places("warm-up in Kirkuk", gazetteer=geocoder)
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak to the current RSS
    before, _ = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    found = extract_places(text, gazetteer=geocoder)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    _, peak = _rss_mb()
    return {
        "mb": len(text) / 1e6,
        "mentions": len(found),
        "wall_s": wall,
        "cpu_s": cpu,
        "rss_before_mb": before,
        "rss_peak_mb": peak,
    }


def report_dense(sizes: list[float]) -> None:
    """Print :func:`dense_memory` for each size, each run in a fresh interpreter."""
    for size in sizes:
        code = (
            "import json, sys, bench_geocode as b; "
            "print(json.dumps(b.dense_memory(float(sys.argv[1]))))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(size)],
            cwd=Path(__file__).parent,  # bench_geocode importable; hotspot as installed/PYTHONPATH
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(done.stdout.strip().splitlines()[-1])
        grown = r["rss_peak_mb"] - r["rss_before_mb"]
        print(
            f"dense text {r['mb']:.1f} MB, {r['mentions']:,} mentions: "
            f"wall {r['wall_s']:.1f} s ({r['mb'] / r['wall_s']:.2f} MB/s), "
            f"CPU {r['cpu_s']:.1f} s ({r['mb'] / r['cpu_s']:.2f} MB/s); "
            f"peak RSS {r['rss_peak_mb']:,.0f} MB (+{grown:,.0f} MB over "
            f"{r['rss_before_mb']:,.0f} MB, {grown * 1024 * 1024 / max(r['mentions'], 1):,.0f} "
            "bytes per mention)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    parser.add_argument(
        "--dense-mb",
        type=float,
        nargs="*",
        default=[1.0, 10.0],
        help="sizes (MB) of dense text for the memory figures; none to skip",
    )
    parser.add_argument("--only-dense", action="store_true", help="only the memory figures")
    args = parser.parse_args()
    if args.only_dense:
        report_dense(args.dense_mb)
        return

    # ---- load + index build (cold caches)
    from hotspot import _normalize

    gazetteer_module._bundled.cache_clear()
    for cached in (_normalize.name_keys, _normalize._fold_token_text, _normalize.skeleton):
        cached.cache_clear()
    t0 = time.perf_counter()
    gaz = gazetteer_module.load_gazetteer()
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    geocoder = Geocoder(gaz)
    t_index = time.perf_counter() - t0
    # (geocoder._by_core: the same tables before hotspot.geocoding, for before/after runs)
    by_core = geocoder.index.by_core if hasattr(geocoder, "index") else geocoder._by_core
    n_aliases = sum(len(v) for v in by_core.values())
    print(f"gazetteer: {len(gaz)} places, {n_aliases} alias entries, {len(by_core)} keys")
    print(
        f"load_gazetteer(): {t_load * 1000:.0f} ms; index build: {t_index * 1000:.0f} ms; "
        f"total {(t_load + t_index) * 1000:.0f} ms"
    )

    # ---- geocode
    names, truth = make_names(gaz, args.n)
    print(f"\n{len(names)} names, {len(set(names))} distinct (seed {SEED})")
    t0 = time.perf_counter()
    geocoder.geocode(names)
    t_cold = time.perf_counter() - t0
    t_geo, out = _timeit(geocoder.geocode, names, repeat=3)
    c_geo, _ = _timeit(geocoder.geocode, names, repeat=3, clock=time.process_time)
    print(
        f"geocode, first call (cold name-key caches): {t_cold:.2f} s -> "
        f"{len(names) / t_cold:,.0f} names/s"
    )
    print(
        f"geocode, best of 3 more (each call resolves its distinct names again; only the "
        f"pure name-key functions stay cached): {t_geo:.2f} s -> "
        f"{len(names) / t_geo:,.0f} names/s; CPU {c_geo:.2f} s -> {len(names) / c_geo:,.0f} names/s"
    )
    status = out["status"].value_counts()
    print("status:", ", ".join(f"{k} {v}" for k, v in status.items()))
    truth_arr = np.array(truth, dtype=object)
    ids = out["id"].to_numpy(dtype=object)
    resolved = out["status"].to_numpy() == "resolved"
    # a name may legitimately resolve to a same-named place (city vs district): count
    # as correct when the true id is the chosen one or among the candidates
    cands = out["candidates"].to_numpy(dtype=object)
    info = {
        row.id: (
            row.feature_type,
            row.governorate,
            skeleton(row.name),
            frozenset(normalize_name(a) for a in [row.name, *row.aliases.split("|")] if a),
        )
        for row in gaz.itertuples(index=False)
    }

    def same(a: str, b: str) -> bool:
        """Same place, or same-named nested admin units (city / district / governorate).

        Same-named: equal name skeletons, or a shared name key (a district row carries its
        seat town's name: "Qaladze" names the town and Pshdar district).
        """
        if a == b:
            return True
        if not a or not b:
            return False
        ta, tb = info[a], info[b]
        if not (ta[0] in ADMIN and tb[0] in ADMIN and ta[1] == tb[1]):
            return False
        return ta[2] == tb[2] or bool(ta[3] & tb[3])

    correct = np.array([t == i for t, i in zip(truth_arr, ids, strict=True)])
    equivalent = np.array([same(t, i) for t, i in zip(truth_arr, ids, strict=True)])
    listed = np.array([t in c.split(";") for t, c in zip(truth_arr, cands, strict=True)])
    wrong = resolved & ~equivalent
    status_arr = out["status"].to_numpy()
    print(
        f"accuracy: right place {(resolved & equivalent).mean():.2%}; "
        f"ambiguous {(status_arr == 'ambiguous').mean():.2%}; "
        f"unresolved {(status_arr == 'unresolved').mean():.2%}; "
        f"wrong place {wrong.mean():.2%}"
    )
    print(
        f"resolved: {resolved.mean():.1%}; chosen id == source id: {correct.mean():.1%}; "
        f"same place or same-named nested admin unit: {equivalent.mean():.1%}; "
        f"resolved to another place: {wrong.mean():.1%}; "
        f"source id among candidates: {listed.mean():.1%}"
    )

    # ---- baseline on a sample
    alias_keys: list[str] = []
    alias_ids: list[str] = []
    for row in gaz.itertuples(index=False):
        for a in [row.name, *row.aliases.split("|")]:
            if a:
                alias_keys.append(utils.default_process(a))
                alias_ids.append(row.id)
    rng = random.Random(SEED + 1)
    sample_idx = rng.sample(range(len(names)), min(args.baseline, len(names)))
    sample = [names[i] for i in sample_idx]
    t0 = time.perf_counter()
    base_ids = []
    for name in sample:
        match = process.extractOne(utils.default_process(name), alias_keys, score_cutoff=0)
        base_ids.append(alias_ids[match[2]] if match else "")
    t_base = time.perf_counter() - t0
    rate_base = len(sample) / t_base
    print(
        f"\nbaseline extractOne over {len(alias_keys)} alias keys, {len(sample)}-name sample: "
        f"{t_base:.2f} s -> {rate_base:,.0f} names/s; extrapolated to {len(names)} names: "
        f"{len(names) / rate_base:.0f} s"
    )
    print(
        f"speed ratio geocode / baseline: {len(names) / t_cold / rate_base:,.0f}x (first call), "
        f"{len(names) / t_geo / rate_base:,.0f}x (warm)"
    )
    ours = [ids[i] for i in sample_idx]
    agree = np.mean([a == b for a, b in zip(ours, base_ids, strict=True)])
    agree_eq = np.mean([same(a, b) for a, b in zip(ours, base_ids, strict=True)])
    base_ok = np.mean([same(truth[i], b) for b, i in zip(base_ids, sample_idx, strict=True)])
    ours_ok = np.mean([same(truth[i], a) for a, i in zip(ours, sample_idx, strict=True)])
    print(
        f"agreement on the sample: same id {agree:.1%}, same place or nested same-named "
        f"admin unit {agree_eq:.1%}"
    )
    print(
        f"right place (same or nested same-named) on the sample: geocode {ours_ok:.1%} "
        f"(it leaves ambiguous/unresolved names empty), baseline {base_ok:.1%} (always guesses)"
    )

    # ---- false positives: invented names
    rng = random.Random(SEED + 2)
    syllables = ["ka", "ru", "mi", "zo", "ne", "ta", "li", "bo", "su", "ve", "dra", "pol"]
    fake = [
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).title()
        for _ in range(2000)
    ]
    fake_out = geocoder.geocode(fake)
    false_positive = (fake_out["status"] == "resolved").mean()
    print(f"invented names resolved (false positives): {false_positive:.1%}")

    # ---- text extraction
    if SHARED_SEEDS.is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted(SHARED_SEEDS.glob("*.txt"))]
        source = "seed reports"
    else:
        texts = [data_path("sample_report.txt").read_text(encoding="utf-8")]
        source = "bundled sample report"
    unit = "\n\n".join(texts)
    big = "\n\n".join([unit] * max(1, int(1_000_000 / len(unit.encode()))))
    size_mb = len(big.encode()) / 1e6
    extract_places("warm-up in Kirkuk", gazetteer=geocoder)
    t_ext, found = _timeit(extract_places, big, gazetteer=geocoder, repeat=3)
    c_ext, _ = _timeit(extract_places, big, gazetteer=geocoder, repeat=3, clock=time.process_time)
    print(
        f"\nextract_places on {source} repeated: {size_mb:.2f} MB, {len(found)} mentions, "
        f"wall {t_ext:.2f} s -> {size_mb / t_ext:.2f} MB/s; "
        f"CPU {c_ext:.2f} s -> {size_mb / c_ext:.2f} MB/s (best of 3)"
    )
    if args.dense_mb:
        print()
        report_dense(args.dense_mb)


if __name__ == "__main__":
    main()
