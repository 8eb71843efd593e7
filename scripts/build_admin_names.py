"""Give every governorate, district and sub-district row of the gazetteer its OCHA names.

The bundled OCHA COD-AB admin layers (``boundaries/admin{1,2,3}.geojson``, built by
``scripts/build_admin.py`` from the Iraq CSO / OCHA boundaries of 2019-06-03, licence
CC BY 3.0 IGO, sha256-checked there) name each unit in English and Arabic
(``adm{n}_en``, ``adm{n}_ar``) and sometimes with alternates. This script writes
those names into ``gazetteer.csv`` so that the geocoder finds every unit under its
official names in both scripts:

1. Each OCHA unit is matched to the gazetteer row of its level (``governorate``,
   ``district``, ``subdistrict``) in the same governorate whose name or an alias
   meets one of the unit's names: the same core key (``Markaz Kirkuk`` /
   ``Kirkuk Centre``), or the same skeleton with agreeing spellings (``Al-Atheem`` /
   ``Al-Udhaim``). Among several, the row whose point lies in the unit, else the
   nearest. ``scripts/curation/admin_names.csv`` overrides a match (``match``) or
   drops a name (``drop``).
2. The unit's names are appended to the matched row's aliases (those it lacks,
   compared case-insensitively), English name first. A sub-district row stands for
   its unit (at the centre town): when its point lies outside the unit's polygon
   (the curated town position and the OCHA boundary disagree by 0.1-25 km), it is
   moved to the nearest point a little inside, and its source says so.
   A settlement row whose source says it stands at its sub-district row's point
   (``position as sub-…``: a seat town curated with the unit's position) follows
   that row's point.
3. A unit with no matching row gets a new row ``ocha-<p-code>``: its English name,
   its Arabic and alternate names as aliases, a point inside its polygon
   (``representative_point``, not a seat town), ``precision_km`` the distance
   from that point to the farthest point of the unit (it stands for the whole
   area), and a source naming the layer and p-code.

Before all this, the curated positions that evidence has shown wrong are corrected
(``scripts/curation/positions.csv``: the row's id, its new ``lat``, ``lon`` and
``precision_km``, and the evidence); the row's source says so.

Running the script on its own output changes nothing: the new rows are rebuilt
from scratch and the names a row already has are not added again.
``tests/test_gazetteer.py`` runs it on the bundled file and fails on any change.

Usage::

    python scripts/build_admin_names.py --gazetteer gazetteer.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
import shapely.ops

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gazetteer_rows import CORRECTED, SEAT, read_rows, write_rows

from hotspot._admin import load_admin
from hotspot._normalize import name_keys, spelling_agrees
from hotspot.geocoding._units import unit_reach_km

ROOT = Path(__file__).resolve().parents[1]
CURATION = Path(__file__).resolve().parent / "curation" / "admin_names.csv"
POSITIONS = Path(__file__).resolve().parent / "curation" / "positions.csv"
LEVELS = {1: "governorate", 2: "district", 3: "subdistrict"}
SOURCE = "OCHA COD-AB Iraq 2019 (Iraq CSO / OCHA, CC BY 3.0 IGO)"
#: How far inside its polygon a sub-district row's point is put when it lay outside
#: (degrees, about 200 m): a point on the edge could fall either side.
_INSET_DEG = 0.002
_MOVED = "; point moved into the OCHA sub-district"
#: Rows written by a script from a source of their own: their positions are that source's.
_GENERATED = ("gn-", "ocha-", "ucdp-")
_MIN_SKELETON = 1  # short skeletons too, but only with agreeing spellings
#: A row in another governorate (Halabja, a governorate of its own since 2014, but a
#: district of Sulaymaniyah in the 2019 layers) matches a unit this close to it.
_NEAR_KM = 10.0


@dataclass(frozen=True)
class Curation:
    """Overrides: p-code → gazetteer id (or "" for a new row), and names not to add."""

    match: dict[str, str]
    drop: dict[str, frozenset[str]]


def read_curation(path: Path = CURATION) -> Curation:
    """Read ``admin_names.csv`` (pcode, action, value, note); a bad row stops the script."""
    match: dict[str, str] = {}
    drop: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != ["pcode", "action", "value", "note"]:
            raise SystemExit(
                f"{path}: columns {reader.fieldnames}, expected pcode,action,value,note"
            )
        for line, row in enumerate(reader, start=2):
            if row["action"] == "match":
                match[row["pcode"]] = row["value"]
            elif row["action"] == "drop":
                drop.setdefault(row["pcode"], set()).add(row["value"])
            else:
                raise SystemExit(f"{path}, line {line}: action must be 'match' or 'drop'")
            if not row["note"]:
                raise SystemExit(f"{path}, line {line}: say why in the note")
    return Curation(match, {k: frozenset(v) for k, v in drop.items()})


def read_positions(path: Path = POSITIONS) -> dict[str, dict[str, str]]:
    """Read ``positions.csv`` (id, lat, lon, precision_km, note); a bad row stops the script."""
    out: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != ["id", "lat", "lon", "precision_km", "note"]:
            raise SystemExit(
                f"{path}: columns {reader.fieldnames}, expected id,lat,lon,precision_km,note"
            )
        for line, row in enumerate(reader, start=2):
            try:
                lat, lon, km = float(row["lat"]), float(row["lon"]), float(row["precision_km"])
            except ValueError:
                raise SystemExit(
                    f"{path}, line {line}: lat, lon and precision_km are numbers"
                ) from None
            if not (29 <= lat <= 38 and 38 <= lon <= 49 and km > 0):
                raise SystemExit(f"{path}, line {line}: ({lat}, {lon}) is not a point in Iraq")
            if row["id"].startswith(_GENERATED) or row["id"] in out:
                raise SystemExit(
                    f"{path}, line {line}: {row['id']!r} is a generated row or listed twice; "
                    "correct the source of a generated row, not its position"
                )
            if not row["note"]:
                raise SystemExit(f"{path}, line {line}: say what the evidence is in the note")
            out[row["id"]] = row
    return out


def correct_positions(
    rows: list[dict[str, str]], positions: dict[str, dict[str, str]]
) -> list[str]:
    """Give the rows of ``positions`` their corrected point; return a report line per change."""
    by_id = {r["id"]: r for r in rows}
    report = []
    for pid, fix in positions.items():
        if pid not in by_id:
            raise SystemExit(f"positions.csv: no gazetteer row {pid!r}")
        row = by_id[pid]
        new = {"lat": fix["lat"], "lon": fix["lon"], "precision_km": fix["precision_km"]}
        if any(row[k] != v for k, v in new.items()):
            report.append(
                f"corrected {pid}: ({row['lat']}, {row['lon']}) -> ({new['lat']}, {new['lon']})"
            )
            row.update(new)
        if not row["source"].endswith(CORRECTED):
            row["source"] += CORRECTED
    return report


def follow_seats(rows: list[dict[str, str]]) -> list[str]:
    """Put each settlement curated at its sub-district row's point (``position as sub-…``) there."""
    by_id = {r["id"]: r for r in rows}
    report = []
    for row in rows:
        found = SEAT.search(row["source"]) if row["feature_type"] == "settlement" else None
        if found is None:
            continue
        unit = by_id.get(found.group(1))
        if unit is None:
            raise SystemExit(f"{row['id']}: its source names no row {found.group(1)!r}")
        if (row["lat"], row["lon"]) != (unit["lat"], unit["lon"]):
            report.append(f"moved {row['id']} to the point of {unit['id']}")
            row["lat"], row["lon"] = unit["lat"], unit["lon"]
    return report


def unit_names(unit: dict, level: int) -> list[str]:
    """The names of one OCHA unit: English, Arabic, then the alternates, without repeats."""
    names = [unit[f"adm{level}_en"], unit[f"adm{level}_ar"]]
    for column in (f"adm{level}_alt_en", f"adm{level}_alt_ar"):
        if isinstance(unit.get(column), str):
            names += unit[column].split("|")
    out: list[str] = []
    for name in names:
        name = " ".join(str(name or "").split())
        if name and name.casefold() not in {n.casefold() for n in out}:
            out.append(name)
    return out


def _keys(name: str) -> tuple[str, str]:
    keys = name_keys(name)
    return keys.core, keys.skeleton if len(keys.skeleton) >= _MIN_SKELETON else ""


def names_meet(a: list[str], b: list[str]) -> bool:
    """Whether one name of ``a`` and one of ``b`` have one core, or one agreeing skeleton."""
    ka = [_keys(n) for n in a]
    kb = [_keys(n) for n in b]
    if {c for c, _ in ka if c} & {c for c, _ in kb if c}:
        return True
    return any(
        sa and sa == sb and spelling_agrees(ca, cb) for ca, sa in ka for cb, sb in kb if ca and cb
    )


def _near(row: dict[str, str], geom: shapely.Geometry, km: float) -> bool:
    return geom.distance(shapely.Point(float(row["lon"]), float(row["lat"]))) * 111.0 <= km


def _into(row: dict[str, str], polygon: shapely.Geometry) -> float:
    """Move a sub-district row's point into its polygon if it lies outside; return the km moved.

    A sub-district row stands for the unit (at its centre town), so its point must
    lie in it: the one locate rule would otherwise put it in the neighbouring unit.
    The point goes to the nearest point of the polygon, a little inside.
    """
    point = shapely.Point(float(row["lon"]), float(row["lat"]))
    if polygon.covers(point):
        return 0.0
    inner = polygon.buffer(-_INSET_DEG)
    target = inner if not inner.is_empty else polygon
    new = shapely.ops.nearest_points(target, point)[0]
    row["lat"], row["lon"] = f"{new.y:.4f}", f"{new.x:.4f}"
    if not row["source"].endswith(_MOVED):
        row["source"] += _MOVED
    return float(point.distance(new)) * 111.0


def _row_names(row: dict[str, str]) -> list[str]:
    return [row["name"], *(a for a in row["aliases"].split("|") if a)]


def build(
    rows: list[dict[str, str]],
    curation: Curation,
    positions: dict[str, dict[str, str]] | None = None,
) -> tuple[list[dict[str, str]], list[str]]:
    """Return the rows with the OCHA names added and the new ``ocha-`` rows, and a report."""
    rows = [dict(r) for r in rows if not r["id"].startswith("ocha-")]
    by_id = {r["id"]: r for r in rows}
    report: list[str] = correct_positions(rows, positions or {})
    matched: dict[str, str] = {}  # p-code -> gazetteer id
    layers = {level: load_admin(level) for level in LEVELS}
    for level, kind in LEVELS.items():
        layer = layers[level]
        candidates = [r for r in rows if r["feature_type"] == kind]
        taken: set[str] = set()
        for unit in layer.to_dict("records"):
            pcode = unit[f"adm{level}_pcode"]
            if pcode in curation.match:
                found = curation.match[pcode]
                if found and found not in by_id:
                    raise SystemExit(f"admin_names.csv: {pcode} matches unknown id {found!r}")
                if found:
                    matched[pcode] = found
                    taken.add(found)
                continue
            names = unit_names(unit, level)
            gov = matched.get(unit["adm1_pcode"]) if level > 1 else None
            gov_name = by_id[gov]["name"] if gov else None
            meeting = [
                r
                for r in candidates
                if r["id"] not in taken
                and (
                    gov_name is None
                    or r["governorate"] == gov_name
                    or _near(r, unit["geometry"], _NEAR_KM)
                )
                and names_meet(names, _row_names(r))
            ]
            if not meeting:
                continue
            geom = unit["geometry"]

            def distance(r: dict[str, str], geom: shapely.Geometry = geom) -> float:
                return float(geom.distance(shapely.Point(float(r["lon"]), float(r["lat"]))))

            best = min(meeting, key=lambda r: (distance(r), r["id"]))
            matched[pcode] = best["id"]
            taken.add(best["id"])
            report.append(f"match {pcode} {names[0]} -> {best['id']}")
    new_rows: list[dict[str, str]] = []
    for level, kind in LEVELS.items():
        layer = layers[level]
        for unit in layer.to_dict("records"):
            pcode = unit[f"adm{level}_pcode"]
            names = [n for n in unit_names(unit, level) if n not in curation.drop.get(pcode, ())]
            gov = by_id.get(matched.get(unit["adm1_pcode"], ""))
            if pcode in matched:
                row = by_id[matched[pcode]]
                have = {n.casefold() for n in _row_names(row)}
                added = [n for n in names if n.casefold() not in have]
                if added:
                    row["aliases"] = "|".join(
                        [*(a for a in row["aliases"].split("|") if a), *added]
                    )
                if level == 3:
                    moved = _into(row, unit["geometry"])
                    if moved:
                        report.append(f"moved {row['id']} {moved:.1f} km into {pcode}")
                continue
            point = unit["geometry"].representative_point()
            # how far the unit reaches from its point: the area it stands for (the
            # geocoder's own measure of a unit, hotspot.geocoding._units)
            reach = unit_reach_km(pcode, point.y, point.x)
            district = ""
            governorate = gov["name"] if gov else ""
            if level == 2:
                district = names[0]
            elif level == 3 and unit["adm2_pcode"] in matched:
                parent = by_id[matched[unit["adm2_pcode"]]]
                # the district row's governorate (Halabja: a governorate of its own now)
                district, governorate = parent["name"], parent["governorate"]
            new_rows.append(
                {
                    "id": f"ocha-{pcode.lower()}",
                    "name": names[0],
                    "feature_type": kind,
                    "lat": f"{point.y:.4f}",
                    "lon": f"{point.x:.4f}",
                    "governorate": governorate,
                    "district": district,
                    "aliases": "|".join(names[1:]),
                    "source": f"{SOURCE}, {LEVELS[level]} {pcode}: a point inside the "
                    "polygon, not its seat",
                    "precision_km": f"{max(1.0, round(reach)):.0f}",
                }
            )
            report.append(f"new row ocha-{pcode.lower()} {names[0]} ({kind})")
    report += follow_seats(rows)
    for kind in LEVELS.values():
        unmatched = [
            r["id"]
            for r in rows
            if r["feature_type"] == kind and r["id"] not in set(matched.values())
        ]
        if unmatched:
            report.append(f"{kind} rows with no OCHA unit: {', '.join(sorted(unmatched))}")
    return [*rows, *new_rows], report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gazetteer", type=Path, default=ROOT / "gazetteer.csv")
    args = parser.parse_args(argv)
    rows, report = build(read_rows(args.gazetteer), read_curation(), read_positions())
    total = write_rows(args.gazetteer, rows)
    print(f"wrote {total} rows to {args.gazetteer}")
    for line in report:
        print(line)


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
