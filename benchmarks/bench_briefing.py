"""Benchmark of the briefing outputs on the 68,573-event set (geocausal 2006-2008).

Prints, for ``../shared/data/geocausal_irq_2006_2008/insurgencies.csv`` (a
yardstick, never bundled) and for the bundled UCDP GED 19.1 since 2014:

* ``hotspot analyze FILE --out DIR`` end to end in a fresh interpreter (wall
  clock), with the size of ``briefing_map.html``; target on the 68k set: at
  most 30 s on a 2-core machine and at most 6 MB of HTML;
* the steps in this process: reading, the analysis, building and saving the
  map, the PNG (headless Chromium) and the one-page PDF.

Not a test: the figures depend on the machine and its load (the load average
is printed with them). Run:

    .venv/bin/python benchmarks/bench_briefing.py [--skip-cli] [--only 68k|ucdp]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIG = ROOT.parent / "shared" / "data" / "geocausal_irq_2006_2008" / "insurgencies.csv"
TARGET_S = 30.0
TARGET_MB = 6.0


def _cli(args: list[str], out: Path) -> tuple[float, int]:
    """Wall clock of `hotspot analyze ARGS --out OUT -q` in a fresh interpreter."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "hotspot", "analyze", *args, "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - start, done.returncode


def _steps(name: str, read, out: Path) -> None:
    from hotspot.analyze import analyze
    from hotspot.maps import map_to_png, save_map

    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = read()
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = analyze(frame, **({"since": "2014-01-01"} if name == "ucdp" else {}))
    t_analyze = time.perf_counter() - t
    t = time.perf_counter()
    m = result.briefing_map()
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    html = save_map(m, out / "briefing_map.html")
    t_save = time.perf_counter() - t
    t = time.perf_counter()
    png = map_to_png(html, out / "briefing_map.png")
    t_png = time.perf_counter() - t
    print(f"  {name}: {len(frame):,} incidents, {len(result.hotspots.hotspots)} hotspots")
    print(f"    read {t_read:6.1f} s   analyze {t_analyze:6.1f} s")
    print(f"    map: build {t_build:5.1f} s, save {t_save:5.1f} s, PNG {t_png:5.1f} s")
    print(f"    HTML {html.stat().st_size / 1e6:6.2f} MB   PNG {png.stat().st_size / 1e3:6.0f} KB")
    if not hasattr(result, "briefing_pdf"):  # before issue #11
        return
    t = time.perf_counter()
    pdf = result.briefing_pdf(out / "briefing.pdf")
    t_pdf = time.perf_counter() - t
    print(
        f"    PDF (its own map render and the page) {t_pdf:5.1f} s, "
        f"{pdf.stat().st_size / 1e3:6.0f} KB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-cli", action="store_true", help="only the in-process steps")
    parser.add_argument("--only", choices=["68k", "ucdp"])
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    from hotspot.datasets import ucdp_iraq
    from hotspot.incidents import read_incidents

    runs = []
    if args.only in (None, "68k"):
        if BIG.exists():
            runs.append(("68k", lambda: read_incidents(BIG), [str(BIG)]))
        else:
            print(f"skipped the 68k set: {BIG} is absent (../shared is a yardstick only)")
    if args.only in (None, "ucdp"):
        runs.append(("ucdp", ucdp_iraq, ["--dataset", "ucdp", "--since", "2014-01-01"]))
    with tempfile.TemporaryDirectory(prefix="bench-briefing-") as tmp:
        for name, read, cli_args in runs:
            if not args.skip_cli:
                out = Path(tmp) / f"cli-{name}"
                seconds, code = _cli(cli_args, out)
                html = out / "briefing_map.html"
                size = html.stat().st_size / 1e6 if html.exists() else float("nan")
                verdict = ""
                if name == "68k":
                    ok = seconds <= TARGET_S and size <= TARGET_MB
                    verdict = f"  (target <= {TARGET_S:g} s, <= {TARGET_MB:g} MB: "
                    verdict += "met)" if ok else "NOT met)"
                print(
                    f"  {name}: `hotspot analyze` end to end {seconds:6.1f} s, exit {code}, "
                    f"HTML {size:.2f} MB{verdict}"
                )
            out = Path(tmp) / f"steps-{name}"
            out.mkdir()
            _steps(name, read, out)


if __name__ == "__main__":
    main()
