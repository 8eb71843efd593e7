"""Bundle the UCDP GED Iraq extract: check its sha256, gzip it, record its facts.

The source is ``shared/data/ucdp_ged_irq/conflict_data_irq.csv`` (UCDP GED 19.1,
Iraq extract as distributed on HDX, CC BY 4.0; see ``shared/data/PROVENANCE.md``).
The script

1. reads the expected size and sha256 of that file from PROVENANCE.md and refuses
   to go on when the file differs (or PROVENANCE.md does not list it);
2. checks the content: 45 columns, one HXL hashtag row, every event in Iraq;
3. writes ``ucdp_ged_irq_19.1.csv.gz``: the source bytes unchanged (header, HXL
   row and every column and event), gzip level 9 with no file name and
   mtime 0, so the output is byte-for-byte the same on every run and
   ``gunzip`` gives back a file whose sha256 is the one in PROVENANCE.md;
4. writes the computed facts (rows, period, sizes, both sha256) into the
   ``ucdp_iraq`` entry of the dataset registry ``datasets.json``; the
   hand-written fields (title, licence, citation, version note) are left alone.

Usage::

    python scripts/build_ucdp.py                      # into hotspot/data/
    python scripts/build_ucdp.py --out /tmp/x --registry /tmp/x/datasets.json

``HOTSPOT_SHARED`` names the ``shared/`` folder when it is not beside the checkout.
Exit status 1 (with the reason on stderr) when a check fails.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HOTSPOT_SHARED", ROOT.parent / "shared"))
SOURCE_RELPATH = "ucdp_ged_irq/conflict_data_irq.csv"
OUTPUT_NAME = "ucdp_ged_irq_19.1.csv.gz"
ENTRY = "ucdp_iraq"
EXPECTED_COLUMNS = 45


class BuildError(Exception):
    """A check failed; the message says which and why."""


def provenance_facts(text: str, relpath: str) -> tuple[int, str]:
    """Return (size in bytes, sha256) that PROVENANCE.md records for ``relpath``.

    The file's section is the ``## `` heading that names it in backticks; its
    table row starting with ``| size / sha256`` holds ``3,285,340 B / `<hex>` ``.
    """
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    section = next((s for s in sections if s.split("\n", 1)[0].find(f"`{relpath}`") >= 0), None)
    if section is None:
        raise BuildError(f"PROVENANCE.md has no section for `{relpath}`")
    row = next((line for line in section.splitlines() if line.startswith("| size / sha256")), None)
    if row is None:
        raise BuildError(f"PROVENANCE.md section for `{relpath}` has no '| size / sha256 |' row")
    size = re.search(r"\|\s*([\d,]+)\s*B\s*/", row)
    digest = re.search(r"`([0-9a-f]{64})`", row)
    if size is None or digest is None:
        raise BuildError(f"cannot read size and sha256 from PROVENANCE.md row {row!r}")
    return int(size.group(1).replace(",", "")), digest.group(1)


def check_source(raw: bytes, size: int, sha256: str, path: Path) -> None:
    actual = hashlib.sha256(raw).hexdigest()
    if actual != sha256 or len(raw) != size:
        raise BuildError(
            f"{path}: sha256 {actual} ({len(raw):,} B) does not match PROVENANCE.md "
            f"({sha256}, {size:,} B); refusing to bundle a file that is not the recorded one"
        )


def content_facts(raw: bytes) -> dict[str, object]:
    """Rows, period and country of the extract; raises BuildError on a surprise."""
    records = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    header, hxl, events = records[0], records[1], records[2:]
    if len(header) != EXPECTED_COLUMNS:
        raise BuildError(f"expected {EXPECTED_COLUMNS} columns, found {len(header)}")
    if not any(cell.startswith("#") for cell in hxl):
        raise BuildError("line 2 is not the HXL hashtag row")
    bad = [i + 3 for i, r in enumerate(events) if len(r) != len(header)]
    if bad:
        raise BuildError(f"lines {bad[:10]} have a field count other than {len(header)}")
    col = {name: i for i, name in enumerate(header)}
    countries = {r[col["country"]] for r in events}
    if countries != {"Iraq"}:
        raise BuildError(f"expected only Iraq events, found countries {sorted(countries)}")
    starts = sorted(r[col["date_start"]] for r in events)
    ends = sorted(r[col["date_end"]] for r in events)
    return {
        "rows": len(events),
        "columns": len(header),
        "period": f"{starts[0]}/{ends[-1]}",
    }


def gzip_bytes(raw: bytes) -> bytes:
    """Gzip ``raw`` deterministically: level 9, no file name, mtime 0."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    return buffer.getvalue()


def update_registry(path: Path, facts: dict[str, object]) -> None:
    entries = json.loads(path.read_text(encoding="utf-8"))
    entry = next((e for e in entries if e["name"] == ENTRY), None)
    if entry is None:
        raise BuildError(f"{path}: no entry named {ENTRY!r} to update")
    entry.update(facts)
    path.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def build(shared: Path, out: Path, registry: Path) -> dict[str, object]:
    provenance = shared / "data" / "PROVENANCE.md"
    source = shared / "data" / SOURCE_RELPATH
    for needed in (provenance, source):
        if not needed.is_file():
            raise BuildError(f"{needed} not found (set HOTSPOT_SHARED to the shared/ folder)")
    size, sha256 = provenance_facts(provenance.read_text(encoding="utf-8"), SOURCE_RELPATH)
    raw = source.read_bytes()
    check_source(raw, size, sha256, source)
    facts = content_facts(raw)
    packed = gzip_bytes(raw)
    out.mkdir(parents=True, exist_ok=True)
    (out / OUTPUT_NAME).write_bytes(packed)
    facts.update(
        {
            "file": OUTPUT_NAME,
            "bytes": len(packed),
            "sha256": hashlib.sha256(packed).hexdigest(),
            "source_bytes": len(raw),
            "source_sha256": sha256,
        }
    )
    update_registry(registry, facts)
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared/ folder")
    parser.add_argument("--out", type=Path, default=ROOT / "hotspot" / "data")
    parser.add_argument(
        "--registry", type=Path, default=ROOT / "hotspot" / "data" / "datasets.json"
    )
    args = parser.parse_args(argv)
    try:
        facts = build(args.shared, args.out, args.registry)
    except BuildError as exc:
        print(f"build_ucdp: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(facts, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
