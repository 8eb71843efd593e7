"""Build the bundled admin layers ``boundaries/admin{0,1,2,3}.geojson`` from OCHA COD-AB Iraq.

Source: OCHA COD-AB Iraq (Iraq Central Statistics Office / OCHA, 2019-06-03 edition),
licence CC BY 3.0 IGO, as copied into ``shared/data/ocha_codab_irq`` and described,
with the sha256 of every file, in ``shared/data/PROVENANCE.md``.

What the script does:

1. checks the sha256 of the four source files against the table in PROVENANCE.md and
   refuses to build on any mismatch or missing entry;
2. corrects the documented defects of the sub-district file listed in
   ``scripts/curation/admin_corrections.csv`` (two sub-districts that carry each other's
   polygon get their own back; p-codes and names stay), and refuses to build when a
   correction no longer applies (see :func:`correct_sub_districts`);
3. simplifies the sub-districts (level 3) **as one coverage** with
   ``shapely.coverage_simplify`` (Visvalingam-Whyatt, shared edges simplified once, so
   no gaps or slivers appear), then snaps the vertices to a 1e-5 degree grid (~1 m);
4. derives districts, governorates and the country (levels 2, 1, 0) by dissolving the
   simplified sub-districts with ``shapely.coverage_union_all``, so every unit is
   exactly the union of its children (nesting is exact by construction);
5. takes names and p-codes from the source file of each level, checks that every
   p-code is present once and that the parent p-codes agree between levels;
6. writes one RFC 7946 GeoJSON per level (sorted by p-code, exterior rings
   counter-clockwise, 5 decimals) with the source, licence, simplification and (level 3)
   the corrections recorded as foreign members, and prints the vertex counts, file sizes
   and the intersection over union of every unit with its full-resolution source (the
   corrected one: :func:`read_source`).

Run from the repository root::

    python scripts/build_admin.py                      # reads ../shared/data/ocha_codab_irq
    python scripts/build_admin.py --source DIR --provenance FILE --out DIR

The output is deterministic: running it twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "ocha_codab_irq"
#: Corrections of the sub-district file (scripts/curation/README.md).
CORRECTIONS = Path(__file__).resolve().parent / "curation" / "admin_corrections.csv"
CORRECTION_COLUMNS = ["pcode", "geometry_of", "check_place", "check_lat", "check_lon", "evidence"]

#: Source file of each level, as named in PROVENANCE.md.
SOURCE_FILES = {
    0: "irq_admbnda_adm0_cso_itos_20190603.geojson",
    1: "irq_admbnda_adm1_cso_20190603.geojson",
    2: "irq_admbnda_adm2_cso_20190603.geojson",
    3: "irq_admbnda_adm3_cso_20190603.geojson",
}
LEVEL_NAMES = {0: "country", 1: "governorates", 2: "districts", 3: "sub-districts"}

#: coverage_simplify tolerance in degrees (roughly the square root of the area of the
#: triangles removed: 0.002 deg ~ 200 m, triangles up to ~0.04 km2).
TOLERANCE_DEG = 0.002
#: Coordinates are snapped to this grid (degrees; 1e-5 deg ~ 1.1 m) and written with
#: 5 decimals.
GRID_DEG = 1e-5
DECIMALS = 5
#: CRS in which areas (IoU) and shifts are measured: UTM 38N covers most of Iraq and
#: its distortion cancels in a ratio of areas.
METRIC_CRS = "EPSG:32638"

DATASET = {
    "name": "OCHA COD-AB Iraq",
    "version": "2019-06-03",
    "licence": "CC BY 3.0 IGO",
    "citation": "OCHA / Iraq Central Statistics Office, COD-AB Iraq (2019-06-03), CC BY 3.0 IGO",
    "url": "https://data.humdata.org/dataset/cod-ab-irq",
}


class BuildError(RuntimeError):
    """The sources cannot be used (missing, unverified or inconsistent)."""


# ----------------------------------------------------------------------------- inputs


def read_provenance(path: Path) -> dict[str, str]:
    """Return ``{file name: sha256}`` from the Markdown tables of PROVENANCE.md.

    A row counts when one cell is a back-quoted file name and another a back-quoted
    64-digit hexadecimal sha256.
    """
    hashes: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        names = [m.group(1) for c in cells if (m := re.fullmatch(r"`([^`/]+\.\w+)`", c))]
        digests = [m.group(1) for c in cells if (m := re.fullmatch(r"`([0-9a-f]{64})`", c))]
        if len(names) == 1 and len(digests) == 1:
            hashes[names[0]] = digests[0]
    return hashes


def check_sources(source: Path, provenance: Path) -> None:
    """Raise BuildError unless every source file exists and matches its recorded sha256."""
    recorded = read_provenance(provenance)
    problems = []
    for name in SOURCE_FILES.values():
        path = source / name
        if name not in recorded:
            problems.append(f"{name}: no sha256 recorded in {provenance}")
        elif not path.is_file():
            problems.append(f"{path}: file not found")
        else:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
            if actual != recorded[name]:
                problems.append(
                    f"{path}: sha256 {actual} does not match {recorded[name]} recorded in "
                    f"{provenance}"
                )
    if problems:
        raise BuildError("refusing to build the admin layers:\n  " + "\n  ".join(problems))


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _alternates(row: pd.Series, columns: list[str], primary: str | None) -> str | None:
    names: list[str] = []
    for column in columns:
        name = _text(row.get(column))
        if name and name != primary and name not in names:
            names.append(name)
    return "|".join(names) or None


def attributes(frame: gpd.GeoDataFrame, level: int) -> pd.DataFrame:
    """Names and p-codes of one level and its parents, in the bundled schema."""
    out = {}
    for k in range(level, -1, -1):
        out[f"adm{k}_pcode"] = frame[f"ADM{k}_PCODE"].map(_text)
        out[f"adm{k}_en"] = frame[f"ADM{k}_EN"].map(_text)
        out[f"adm{k}_ar"] = frame[f"ADM{k}_AR"].map(_text)
        if k == level:
            en = [f"ADM{k}ALT1EN", f"ADM{k}ALT2EN", f"ADM{k}_REF"]
            ar = [f"ADM{k}ALT1AR", f"ADM{k}ALT2AR"]
            out[f"adm{k}_alt_en"] = frame.apply(
                lambda r, cols=en, k=k: _alternates(r, cols, _text(r[f"ADM{k}_EN"])), axis=1
            )
            out[f"adm{k}_alt_ar"] = frame.apply(
                lambda r, cols=ar, k=k: _alternates(r, cols, _text(r[f"ADM{k}_AR"])), axis=1
            )
    table = pd.DataFrame(out, index=frame.index)
    missing = [c for c in table.columns if "_alt_" not in c and table[c].isna().any()]
    if missing:
        raise BuildError(f"level {level}: empty values in {missing}")
    pcodes = table[f"adm{level}_pcode"]
    if not pcodes.is_unique:
        raise BuildError(f"level {level}: duplicated p-codes {sorted(pcodes[pcodes.duplicated()])}")
    return table


# ----------------------------------------------------------------------------- corrections


@dataclass(frozen=True)
class Correction:
    """One row of ``admin_corrections.csv``: sub-district ``pcode`` takes the polygon the
    source gives ``geometry_of``; ``check_place`` must then lie in it."""

    pcode: str
    geometry_of: str
    check_place: str
    check_lat: float
    check_lon: float
    evidence: str

    @property
    def check_point(self) -> shapely.Point:
        return shapely.Point(self.check_lon, self.check_lat)

    def member(self) -> dict[str, str]:
        """The record written to the ``corrections`` member of ``admin3.geojson``."""
        return {
            "pcode": self.pcode,
            "geometry_of": self.geometry_of,
            "check_place": self.check_place,
            "evidence": self.evidence,
        }


def read_corrections(path: Path = CORRECTIONS) -> list[Correction]:
    """Read ``admin_corrections.csv``; raise BuildError naming the line of a bad row.

    Every row needs its evidence, a check point in Iraq and a p-code listed once, and
    each correction must be half of a swap (the coverage stays the same set of
    polygons): ``A`` takes ``B``'s polygon only if ``B`` takes ``A``'s.
    """
    corrections: list[Correction] = []
    problems: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != CORRECTION_COLUMNS:
            raise BuildError(
                f"{path}: columns {reader.fieldnames}, expected {','.join(CORRECTION_COLUMNS)}"
            )
        for line, row in enumerate(reader, start=2):
            where = f"{path}, line {line}"
            try:
                lat, lon = float(row["check_lat"]), float(row["check_lon"])
            except (TypeError, ValueError):
                problems.append(f"{where}: check_lat and check_lon must be numbers")
                continue
            if not (29 <= lat <= 38 and 38 <= lon <= 49):
                problems.append(f"{where}: ({lat}, {lon}) is not a point in Iraq")
            if not all(_text(row[c]) for c in ("pcode", "geometry_of", "check_place")):
                problems.append(f"{where}: pcode, geometry_of and check_place are required")
            if not _text(row["evidence"]):
                problems.append(f"{where}: say what the evidence is")
            if row["pcode"] == row["geometry_of"]:
                problems.append(f"{where}: {row['pcode']} takes its own polygon")
            if row["pcode"] in {c.pcode for c in corrections}:
                problems.append(f"{where}: {row['pcode']} is corrected twice")
            corrections.append(
                Correction(
                    row["pcode"], row["geometry_of"], row["check_place"], lat, lon, row["evidence"]
                )
            )
    if problems:
        raise BuildError("\n  ".join(problems))
    _check_swaps(corrections, path.name)
    return corrections


def _check_swaps(corrections: list[Correction], table: str) -> None:
    takes = {c.pcode: c.geometry_of for c in corrections}
    bad = [
        f"{p} takes the polygon of {g}, but {g} does not take {p}'s"
        for p, g in takes.items()
        if takes.get(g) != p
    ]
    if bad:
        raise BuildError(
            f"{table}: a correction must swap two polygons (the coverage keeps its pieces): "
            + "; ".join(bad)
        )


def _place_misses(codes: np.ndarray, geoms: np.ndarray, corrections: list[Correction]) -> list:
    """The corrections whose check place does not lie in their unit's polygon in ``geoms``."""
    where = {code: i for i, code in enumerate(codes)}
    return [c for c in corrections if not shapely.covers(geoms[where[c.pcode]], c.check_point)]


def correct_sub_districts(
    frame: gpd.GeoDataFrame, corrections: list[Correction], *, name: str = SOURCE_FILES[3]
) -> gpd.GeoDataFrame:
    """Apply the corrections to the source's sub-districts (``ADM3_PCODE``); a new frame.

    Each listed unit takes the polygon the source gives its ``geometry_of``; p-codes,
    names and row order stay. Raises BuildError when a correction no longer applies:
    a p-code the source lacks, a correction that is not half of a swap, or a check place
    that does not lie in the ``geometry_of`` polygon of the source (the defect is gone:
    OCHA fixed it, and swapping again would break it) or in its unit afterwards. Both
    units of a swap must lie in one district, so the dissolved levels do not change.
    """
    _check_swaps(corrections, CORRECTIONS.name)
    codes = frame["ADM3_PCODE"].map(_text).to_numpy()
    unknown = sorted({p for c in corrections for p in (c.pcode, c.geometry_of)} - set(codes))
    if unknown:
        raise BuildError(f"{CORRECTIONS.name}: {name} has no sub-district {unknown}")
    raw = frame.geometry.to_numpy()
    where = {code: i for i, code in enumerate(codes)}
    district = frame["ADM2_PCODE"].map(_text).to_numpy()
    across = [c for c in corrections if district[where[c.pcode]] != district[where[c.geometry_of]]]
    if across:  # levels 0-2 are dissolved from level 3 and checked against their own files
        raise BuildError(
            f"{CORRECTIONS.name}: a swap across districts would change the districts: "
            + ", ".join(f"{c.pcode} <- {c.geometry_of}" for c in across)
        )
    obsolete = [
        c for c in corrections if not shapely.covers(raw[where[c.geometry_of]], c.check_point)
    ]
    if obsolete:
        raise BuildError(
            f"{CORRECTIONS.name}: obsolete correction, the defect is not in {name}: "
            + "; ".join(
                f"{c.check_place} ({c.check_lat}, {c.check_lon}) does not lie in the polygon "
                f"of {c.geometry_of}, which {c.pcode} was to take"
                for c in obsolete
            )
            + ". Check the source and remove the row(s)."
        )
    fixed = raw.copy()
    for c in corrections:
        fixed[where[c.pcode]] = raw[where[c.geometry_of]]
    missed = _place_misses(codes, fixed, corrections)
    if missed:  # cannot happen after the check above, unless the swap itself is broken
        raise BuildError(f"after the corrections: {[c.check_place for c in missed]} misplaced")
    out = frame.copy()
    out.geometry = gpd.GeoSeries(fixed, index=frame.index, crs=frame.crs)
    return out


def read_source(
    source: Path, level: int, corrections: list[Correction] | None = None
) -> gpd.GeoDataFrame:
    """One level of the OCHA files as the layers are built from it: level 3 corrected.

    ``corrections`` defaults to ``admin_corrections.csv``; levels 0-2 are read as they
    are (the corrections swap polygons within one district, so no union changes).
    """
    frame = gpd.read_file(source / SOURCE_FILES[level])
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise BuildError(f"{SOURCE_FILES[level]}: expected EPSG:4326, got {frame.crs}")
    if level != 3:
        return frame
    if corrections is None:
        corrections = read_corrections()
    return correct_sub_districts(frame, corrections)


# ----------------------------------------------------------------------------- build


def build(source: Path, corrections: list[Correction] | None = None) -> dict[int, gpd.GeoDataFrame]:
    """Correct and simplify level 3 as a coverage, and dissolve it into levels 2, 1 and 0."""
    if corrections is None:
        corrections = read_corrections()
    raw = {level: read_source(source, level, corrections) for level in SOURCE_FILES}
    sub = raw[3].sort_values("ADM3_PCODE").reset_index(drop=True)
    if not shapely.coverage_is_valid(sub.geometry.array):
        raise BuildError(f"{SOURCE_FILES[3]}: the sub-districts do not form a valid coverage")
    simplified = shapely.coverage_simplify(sub.geometry.array, TOLERANCE_DEG)
    simplified = shapely.set_precision(simplified, GRID_DEG)
    if not (shapely.is_valid(simplified).all() and shapely.coverage_is_valid(simplified)):
        raise BuildError("the simplified sub-districts are not a valid coverage")
    missed = _place_misses(sub["ADM3_PCODE"].map(_text).to_numpy(), simplified, corrections)
    if missed:
        raise BuildError(
            "simplification moved the boundary across the check place of "
            + ", ".join(f"{c.pcode} ({c.check_place})" for c in missed)
        )
    # Levels 0-2 dissolve the polygons in the order of the labels the source gives them:
    # coverage_union_all starts a ring at a vertex that depends on the order of its
    # input, and a swap within one district must leave them unchanged to the byte.
    source_label = {c.pcode: c.geometry_of for c in corrections}
    order = np.argsort(
        [source_label.get(p, p) for p in sub["ADM3_PCODE"].map(_text)], kind="stable"
    )

    layers: dict[int, gpd.GeoDataFrame] = {}
    for level in (3, 2, 1, 0):
        table = attributes(raw[level], level).sort_values(f"adm{level}_pcode")
        table = table.reset_index(drop=True)
        key = f"ADM{level}_PCODE"
        children = sub[key].map(_text).to_numpy()
        codes = table[f"adm{level}_pcode"].to_numpy()
        if set(children) != set(codes):
            raise BuildError(
                f"level {level}: p-codes differ between {SOURCE_FILES[level]} and the "
                f"sub-districts: {sorted(set(children) ^ set(codes))}"
            )
        if level == 3:
            geoms = simplified
        else:
            parts, parents = simplified[order], children[order]
            geoms = np.array([shapely.coverage_union_all(parts[parents == c]) for c in codes])
        layers[level] = gpd.GeoDataFrame(
            table, geometry=shapely.orient_polygons(geoms), crs="EPSG:4326"
        )
    # Parent names and p-codes must agree with the parent level's own file.
    for level in (3, 2, 1):
        for parent in range(level - 1, -1, -1):
            cols = [f"adm{parent}_pcode", f"adm{parent}_en", f"adm{parent}_ar"]
            mine = layers[level][cols].drop_duplicates()
            theirs = layers[parent][cols]
            merged = mine.merge(theirs, how="left", indicator=True)
            if (merged["_merge"] != "both").any():
                bad = merged.loc[merged["_merge"] != "both", cols].values.tolist()
                raise BuildError(f"level {level}: parent {parent} names disagree: {bad[:5]}")
    return layers


# ----------------------------------------------------------------------------- output


def _rounded(coords: object) -> object:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), DECIMALS) for c in coords]
    return [_rounded(c) for c in coords]  # type: ignore[union-attr]


def _value(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def feature_collection(
    layer: gpd.GeoDataFrame, *, name: str, description: str, **members: object
) -> str:
    """RFC 7946 text of a layer: EPSG:4326, exteriors counter-clockwise, 5 decimals.

    ``members`` become foreign members of the FeatureCollection (``dataset`` etc.);
    ``description`` is what GDAL and QGIS show as the layer's description. The text is
    deterministic: the same layer gives the same bytes.
    """
    if layer.crs is None or layer.crs.to_epsg() != 4326:
        raise BuildError(f"{name}: expected EPSG:4326, got {layer.crs}")
    geoms = shapely.orient_polygons(layer.geometry.array)
    doc = {
        "type": "FeatureCollection",
        "name": name,
        "description": description,
        **members,
        "features": [
            {
                "type": "Feature",
                "properties": {k: _value(v) for k, v in row.items()},
                "geometry": {
                    "type": geom.geom_type,
                    "coordinates": _rounded(shapely.geometry.mapping(geom)["coordinates"]),
                },
            }
            for row, geom in zip(
                layer.drop(columns="geometry").to_dict("records"), geoms, strict=True
            )
        ],
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def to_geojson(
    layer: gpd.GeoDataFrame,
    level: int,
    max_shift_km: float,
    corrections: list[Correction] | None = None,
) -> str:
    """The text of one bundled admin layer (deterministic).

    Level 3 records the corrections applied to the source as a ``corrections`` member
    (pcode, geometry_of, check_place, evidence; by p-code); the other levels are
    dissolved from it and unchanged by them.
    """
    corrected = sorted(corrections or [], key=lambda c: c.pcode) if level == 3 else []
    description = (
        f"Iraq admin level {level} ({LEVEL_NAMES[level]}): {DATASET['citation']}; "
        f"coverage-simplified for hotspot (scripts/build_admin.py)"
    )
    members: dict[str, object] = {}
    if corrected:
        description += (
            f"; {len(corrected)} sub-districts given back their own polygon, which the "
            "source swapped (member 'corrections')"
        )
        members["corrections"] = [c.member() for c in corrected]
    return feature_collection(
        layer,
        name=f"admin{level}",
        description=description,
        dataset=DATASET,
        simplification={
            "method": "shapely.coverage_simplify on level 3, levels 0-2 dissolved from it",
            "tolerance_deg": TOLERANCE_DEG,
            "grid_deg": GRID_DEG,
            "max_shift_km": max_shift_km,
        },
        **members,
    )


def measure(
    layers: dict[int, gpd.GeoDataFrame],
    source: Path,
    corrections: list[Correction] | None = None,
) -> dict[int, dict]:
    """IoU with the full-resolution source and the largest boundary shift, per level.

    The source is corrected as the layers were (:func:`read_source`), so the figures
    measure the simplification alone.
    """
    out = {}
    for level, layer in layers.items():
        full = read_source(source, level, corrections)
        full = full.set_index(full[f"ADM{level}_PCODE"].map(_text)).loc[layer[f"adm{level}_pcode"]]
        a = layer.geometry.to_crs(METRIC_CRS).array
        b = full.geometry.to_crs(METRIC_CRS).array
        iou = shapely.area(shapely.intersection(a, b)) / shapely.area(shapely.union(a, b))
        # Simplification only drops vertices (and snaps the rest by < 1 m), so the largest
        # shift is the farthest a source vertex lies from the simplified boundary.
        shift = np.array(
            [
                shapely.distance(
                    shapely.boundary(ours), shapely.points(shapely.get_coordinates(src))
                ).max()
                for ours, src in zip(a, b, strict=True)
            ]
        )
        out[level] = {
            "units": len(layer),
            "vertices": int(shapely.get_num_coordinates(layer.geometry.array).sum()),
            "source_vertices": int(shapely.get_num_coordinates(full.geometry.array).sum()),
            "iou_min": float(iou.min()),
            "iou_mean": float(iou.mean()),
            "max_shift_km": float(shift.max() / 1000),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="OCHA folder")
    parser.add_argument(
        "--provenance", type=Path, default=None, help="PROVENANCE.md (default: beside --source)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "boundaries", help="output folder")
    args = parser.parse_args(argv)
    provenance = args.provenance or args.source.parent / "PROVENANCE.md"
    try:
        check_sources(args.source, provenance)
        corrections = read_corrections()
        layers = build(args.source, corrections)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    stats = measure(layers, args.source, corrections)
    shift = round(max(s["max_shift_km"] for s in stats.values()), 2)
    args.out.mkdir(parents=True, exist_ok=True)
    print("level  units  vertices (source)  IoU min   IoU mean  max shift km  bytes")
    for level in sorted(layers):
        path = args.out / f"admin{level}.geojson"
        path.write_text(to_geojson(layers[level], level, shift, corrections), encoding="utf-8")
        s = stats[level]
        print(
            f"{level:>5}  {s['units']:>5}  {s['vertices']:>8} ({s['source_vertices']:>6})  "
            f"{s['iou_min']:.4f}    {s['iou_mean']:.4f}    {s['max_shift_km']:>10.3f}  "
            f"{path.stat().st_size:>6}"
        )
    for c in corrections:
        print(f"corrected: {c.pcode} has the polygon the source gives {c.geometry_of}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
