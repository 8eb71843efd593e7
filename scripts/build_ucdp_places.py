"""Add the place names of UCDP GED, with their coordinates, to the gazetteer (``ucdp-`` rows).

UCDP GED (Uppsala Conflict Data Program Georeferenced Event Dataset, version 19.1,
licence CC BY 4.0; Sundberg & Melander 2013, Högbladh 2019) names where each event
happened (``where_coordinates``) and gives the place's coordinates; ``where_prec``
1 and 2 mean the point is that place (a town, a village, a base), not a district or
province centroid. The Iraq extract is bundled as
``hotspot/data/ucdp_ged_irq_19.1.csv.gz`` (``scripts/build_ucdp.py`` checks its
sha256). This script turns each of those place names into a gazetteer row,
unless the gazetteer already holds the place:

1. Events with ``where_prec`` ≤ 2 are grouped by ``where_coordinates``; the place
   is the most frequent coordinate pair of its events. A trailing type word
   (``town``, ``village``, ``area`` …) is dropped from the name and gives the
   feature type (settlement; ``scripts/curation/ucdp_places.csv`` gives the type
   of bases, dams and lakes, and skips strings that name no place).
2. A place of the same kind (a town for a town) the gazetteer already resolves the
   name to, or lists as a candidate, within :data:`SAME_PLACE_KM` of the UCDP
   point, is not added (it is there). A
   place whose name the gazetteer gives only to places farther away is another
   place of that name and is added: the two are then told apart by a hint.
3. A string whose point lies far from the units UCDP's own ``adm_1`` and ``adm_2``
   name for it (more than :data:`ADMIN_CONFLICT_KM`) is not added: the point and
   the admin columns contradict each other, and the events say which is right as
   often one as the other (``Al ‘Azīzīyah town``: the point is a village near
   Balad, the admin columns and the events are Wasit's Aziziya; ``Al Ḩamdānīyah
   town``: a point in Ba'aj for the events of Qaraqosh). A wrong row is worse than
   none; :func:`admin_conflicts` lists them.
4. Governorate and district are those of the OCHA unit the point lies in, named
   as the gazetteer's rows name them; ``precision_km`` is 2 (where_prec 1) or 5
   (where_prec 2); the source names the string, the events and UCDP's licence.

Before that, an estimate gives way to a record (:func:`move_estimates`). A town or
sub-district seat the engineers placed from knowledge (a ``curated:`` source saying
``engineer knowledge``, not corrected in ``scripts/curation/positions.csv``) whose
name UCDP places with ``where_prec`` 1 (an exact location) farther away than the
row's own ``precision_km``, but within :data:`ESTIMATE_KM`, takes UCDP's point
and precision, when that point lies where the row says the place is: in the OCHA
sub-district a seat stands for, else in the district (or governorate) the row
names. The source keeps the estimate (``Sulaiman Beg``: 10.6 km off a stated
4 km, 18 of its 27 events at one point; ``Al-Wajihiya`` keeps its estimate, as
UCDP's point lies outside the sub-district it is the seat of). A string whose point
evidence shows to be another position of the place (``keep`` in
``scripts/curation/ucdp_places.csv``: ``Ar Raḑwānīyah town``) leaves the estimate
where it is.

Running the script again gives the same rows (the old ``ucdp-`` rows are removed
first, and the moved estimates put back, :func:`restore_estimates`, before the
moves are made again). ``tests/test_gazetteer.py`` runs it on the bundled file and fails on any
change. ``place_rows`` is the function ``benchmarks/bench_precision.py`` calls to
build the rows from a subset of the events (its held-out measurement).

Usage::

    python scripts/build_ucdp_places.py --gazetteer gazetteer.csv
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gazetteer_rows import CORRECTED, SEAT, read_rows, write_rows

from hotspot._admin import country_outline, load_admin
from hotspot._data import data_path
from hotspot._geo import haversine_m
from hotspot._locate import locate_lonlat
from hotspot._normalize import fold, name_keys
from hotspot.gazetteer import COLUMNS, validate_gazetteer
from hotspot.geocoding import Geocoder
from hotspot.geocoding._units import distance_to_units_km, parse_hint

ROOT = Path(__file__).resolve().parents[1]
CURATION = Path(__file__).resolve().parent / "curation" / "ucdp_places.csv"
#: A candidate this close to the UCDP point is the same place: UCDP and the
#: gazetteer sometimes place one village tens of kilometres apart (``Xazir village``
#: 37 km up the river from the Khazir crossing where its events were; ``Bātūfah``
#: 29 km from Batifa), and a second row would make the name ambiguous. Where the
#: gazetteer's point was the wrong one, it is corrected in
#: ``scripts/curation/positions.csv`` (Camp Ashraf, Imam Gharbi, Shiladze).
SAME_PLACE_KM = 50.0
#: How far (km) a UCDP point may lie outside the governorate (``adm_1``) and the
#: district (``adm_2``) UCDP names for it. UCDP's districts are older than the
#: OCHA 2019 ones (Dibis, Kirkuk and Dawr moved; 35 km at most seen), its
#: governorates the same.
ADMIN_CONFLICT_KM = {"adm_1": 25.0, "adm_2": 50.0}
PRECISION_KM = {1: 2.0, 2: 5.0}
#: UCDP's exact point replaces an engineers' estimate only this close to it; farther,
#: it is more often another place of the name (``Xazir village``, 37 km).
ESTIMATE_KM = 25.0
#: The words of a source that says its position is an engineers' estimate.
_ESTIMATE = "engineer knowledge"
#: A sub-district row given more loosely than this stands for an area, not its centre
#: town (``scripts/build_admin_names.py``): it is not the town of that name.
_TOWN_KM = 10.0
#: The gazetteer types that may be the same place as a UCDP place of a type (a town
#: named like a mountain or an oil plant nearby is another place).
_SAME_KIND = {
    "settlement": {"settlement", "neighbourhood", "subdistrict", "district", "governorate"},
    "site": {"site", "settlement", "neighbourhood"},
}
SOURCE = "UCDP GED 19.1 (CC BY 4.0; Sundberg & Melander 2013)"
#: What :func:`move_estimates` appends to a source, and reads back to undo it.
_PLACED = re.compile(
    "; position from "
    + re.escape(SOURCE)
    + r": where_coordinates '.*' \(\d+ event\(s\) at where_prec 1\), [\d.]+ km from "
    r"the estimate \((?P<lat>[\d.]+), (?P<lon>[\d.]+), precision (?P<km>[\d.]+) km\)"
)
_TYPE_WORD = re.compile(r"\s+(town|village|city|area|locality)\s*$", re.IGNORECASE)
_HINT_TYPES = {
    None: "settlement",
    "settlement": "settlement",
    "village": "settlement",
    "region": "settlement",
    "centre": "settlement",
    "neighbourhood": "settlement",
    "camp": "site",
    "mountain": "mountain",
    "valley": "valley",
    "lake": "lake",
    "dam": "dam",
    "bridge": "bridge",
}


def read_curation(path: Path = CURATION) -> dict[str, tuple[str, str]]:
    """where_coordinates → (action, value); a bad row stops the script."""
    out: dict[str, tuple[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != ["where_coordinates", "action", "value", "note"]:
            raise SystemExit(f"{path}: expected columns where_coordinates,action,value,note")
        for line, row in enumerate(reader, start=2):
            if row["action"] not in ("skip", "type", "keep") or not row["note"]:
                raise SystemExit(f"{path}, line {line}: action skip, type or keep, and a note")
            out[row["where_coordinates"]] = (row["action"], row["value"])
    return out


def read_events(path: Path | None = None) -> pd.DataFrame:
    """The bundled UCDP GED Iraq events (the HXL hashtag row skipped)."""
    path = data_path("ucdp_ged_irq_19.1.csv.gz") if path is None else path
    return pd.read_csv(path, skiprows=[1], low_memory=False)


def parse(name: str, curation: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """(display name, feature type) of a where_coordinates string, or None to skip it."""
    action, value = curation.get(name, ("", ""))
    if action == "skip":
        return None
    display = " ".join(_TYPE_WORD.sub("", name).split())
    hint = name_keys(name).hint
    if action == "type":
        return display, value
    if hint not in _HINT_TYPES or re.search(r"\d", name):
        return None
    return display, _HINT_TYPES[hint]


def _admin_names(rows: pd.DataFrame) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """OCHA p-code → the gazetteer's governorate name, and → (district name, its governorate).

    A gazetteer admin row stands for the unit whose English OCHA name it lists
    (``scripts/build_admin_names.py`` wrote them).
    """

    def lookup(kind: str, level: int) -> dict[str, dict[str, str]]:
        layer = load_admin(level)
        by_name: dict[str, dict[str, str]] = {}
        for row in rows[rows["feature_type"] == kind].to_dict("records"):
            for name in [row["name"], *str(row["aliases"]).split("|")]:
                by_name.setdefault(name.casefold(), row)
        out = {}
        for pcode, name in zip(layer[f"adm{level}_pcode"], layer[f"adm{level}_en"], strict=True):
            if name.casefold() in by_name:
                out[pcode] = by_name[name.casefold()]
        return out

    govs = {p: r["name"] for p, r in lookup("governorate", 1).items()}
    dists = {p: (r["name"], r["governorate"]) for p, r in lookup("district", 2).items()}
    return govs, dists


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name).encode("ascii", "ignore").decode()).strip("-")


def _point(group: pd.DataFrame) -> tuple[float, float]:
    """The place of a string: the most frequent coordinate pair of its events."""
    pairs = group.groupby(["latitude", "longitude"]).size().sort_values(ascending=False)
    lat, lon = (float(v) for v in pairs.index[0])
    return lat, lon


def admin_conflicts(events: pd.DataFrame) -> dict[str, str]:
    """Return the strings whose point contradicts the admin units UCDP names for them.

    Parameters
    ----------
    events : pandas.DataFrame
        UCDP GED events (``where_coordinates``, ``where_prec``, ``latitude``,
        ``longitude``, ``adm_1``, ``adm_2``).

    Returns
    -------
    dict
        ``where_coordinates`` → the reason (which column, how far), for the
        strings (``where_prec`` ≤ 2) whose point lies more than
        :data:`ADMIN_CONFLICT_KM` outside the unit their most frequent ``adm_1``
        or ``adm_2`` names. A column naming no unit is not judged.
    """
    ev = events[(events["where_prec"] <= 2) & events["where_coordinates"].notna()]
    out: dict[str, str] = {}
    for name, group in ev.groupby("where_coordinates"):
        lat, lon = _point(group)
        for column, limit in ADMIN_CONFLICT_KM.items():
            values = group[column].dropna()
            if values.empty:
                continue
            text = str(values.value_counts().index[0])
            hint = parse_hint(text, strict=False)
            if hint is None or not hint.parts:
                continue
            km = distance_to_units_km(hint.pcodes, lat, lon)
            if km > limit:
                out[str(name)] = f"{km:.0f} km outside {column} {text!r}"
                break
    return out


def restore_estimates(base: pd.DataFrame) -> pd.DataFrame:
    """Return ``base`` with the rows :func:`move_estimates` moved back at their estimate.

    The held-out benchmark builds its gazetteer from part of the events: a point
    taken from the other part would be a look at the answers.
    """
    out = base.copy()
    found = out["source"].str.extract(_PLACED)
    noted = found["lat"].notna()
    # a position corrected with evidence since (positions.csv) stays; the note goes
    moved = noted & ~out["source"].str.contains(CORRECTED, regex=False)
    out.loc[moved, "lat"] = found.loc[moved, "lat"].astype(float)
    out.loc[moved, "lon"] = found.loc[moved, "lon"].astype(float)
    out.loc[moved, "precision_km"] = found.loc[moved, "km"].astype(float)
    out.loc[noted, "source"] = out.loc[noted, "source"].str.replace(_PLACED, "", regex=True)
    return out


def _estimate(row: pd.Series) -> bool:
    source = str(row["source"])
    return (
        source.startswith("curated:")
        and _ESTIMATE in source
        and CORRECTED not in source
        and row["feature_type"] in ("settlement", "neighbourhood", "subdistrict")
    )


def _where_it_must_lie(row: pd.Series, here: dict[str, object]) -> tuple[str, object]:
    """The admin field and value the new point must share with what the row says.

    A sub-district row lying in the OCHA unit whose name it carries stands for that
    unit: its seat stays in it. Another row stays in the district it names, or its
    governorate.
    """
    names = {n.casefold() for n in [row["name"], *str(row["aliases"]).split("|")] if n}
    unit = here["subdistrict"]
    if row["feature_type"] == "subdistrict" and unit and str(unit).casefold() in names:
        return "subdistrict_pcode", here["subdistrict_pcode"]
    if row["district"]:
        return "district", row["district"]
    return "governorate", row["governorate"]


def move_estimates(events: pd.DataFrame, base: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Give an estimated town position UCDP's exact point where the two disagree.

    Parameters
    ----------
    events : pandas.DataFrame
        UCDP GED events (``where_coordinates``, ``where_prec``, ``latitude``,
        ``longitude``, ``adm_1``, ``adm_2``).
    base : pandas.DataFrame
        A gazetteer without ``ucdp-`` rows.

    Returns
    -------
    (pandas.DataFrame, list of str)
        ``base`` with the moved rows (and the settlements curated at a moved
        sub-district row's point) at UCDP's point, ``precision_km`` 2 and the
        estimate kept in the source; and a line per move or refusal.
    """
    curation = read_curation()
    ev = events[(events["where_prec"] == 1) & events["where_coordinates"].notna()]
    conflicts = admin_conflicts(events)
    geocoder = Geocoder(base)
    out = base.copy().reset_index(drop=True)
    at = {pid: i for i, pid in enumerate(out["id"])}
    followers: dict[str, list[int]] = {}
    for i, source in enumerate(out["source"]):
        seat = SEAT.search(str(source))
        if seat is not None:
            followers.setdefault(seat.group(1), []).append(i)
    report: list[str] = []
    for name, group in sorted(ev.groupby("where_coordinates"), key=lambda kv: kv[0]):
        parsed = parse(name, curation)
        if parsed is None or parsed[1] != "settlement" or name in conflicts:
            continue
        if curation.get(name, ("", ""))[0] == "keep":
            report.append(f"kept the estimate for {name!r}: scripts/curation/ucdp_places.csv")
            continue
        result = geocoder.resolve(parsed[0])
        if result.status != "resolved" or result.place is None:
            continue
        i = at[result.place.id]
        seat = SEAT.search(str(out.at[i, "source"]))
        if seat is not None and seat.group(1) in at:
            i = at[seat.group(1)]  # a seat town stands at its sub-district row's point
        row = out.loc[i]
        lat, lon = _point(group)
        km = haversine_m(lat, lon, row["lat"], row["lon"]) / 1e3
        if not _estimate(row) or not row["precision_km"] < km <= ESTIMATE_KM:
            continue
        places = locate_lonlat([row["lon"], lon], [row["lat"], lat], sides=False)
        here = {k: v[0] for k, v in places.items()}
        field, value = _where_it_must_lie(row, here)
        if places[field][1] != value:
            report.append(
                f"kept {row['id']}: UCDP's {name!r} lies {km:.1f} km off, outside its "
                f"{field.removesuffix('_pcode')} {value}"
            )
            continue
        note = (
            f"; position from {SOURCE}: where_coordinates '{name}' "
            f"({len(group)} event(s) at where_prec 1), {km:.1f} km from the estimate "
            f"({row['lat']:.4f}, {row['lon']:.4f}, precision {row['precision_km']:g} km)"
        )
        for j in [i, *followers.get(str(row["id"]), [])]:
            out.loc[j, ["lat", "lon", "precision_km"]] = [
                round(lat, 5),
                round(lon, 5),
                PRECISION_KM[1],
            ]
            out.at[j, "source"] = f"{out.at[j, 'source']}{note}"
        report.append(f"moved {row['id']} {km:.1f} km to UCDP's {name!r}")
    return out, report


def place_rows(events: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """Return the ``ucdp-`` rows for the places of ``events`` that ``base`` does not hold.

    Parameters
    ----------
    events : pandas.DataFrame
        UCDP GED events (``where_coordinates``, ``where_prec``, ``latitude``,
        ``longitude``, ``id``).
    base : pandas.DataFrame
        A gazetteer without ``ucdp-`` rows.

    Returns
    -------
    pandas.DataFrame
        Rows in the gazetteer schema, sorted by id.
    """
    curation = read_curation()
    ev = events[(events["where_prec"] <= 2) & events["where_coordinates"].notna()]
    geocoder = Geocoder(base)
    table = geocoder.gazetteer
    position = {pid: i for i, pid in enumerate(table["id"])}
    lat_of, lon_of = table["lat"].to_numpy(float), table["lon"].to_numpy(float)
    precision = table["precision_km"].to_numpy(float)
    outline = country_outline()
    govs, dists = _admin_names(table)
    sub = load_admin(3)
    tree = shapely.STRtree(np.asarray(sub.geometry.array))
    conflicts = admin_conflicts(ev)
    new: list[dict[str, object]] = []
    for name, group in sorted(ev.groupby("where_coordinates"), key=lambda kv: kv[0]):
        parsed = parse(name, curation)
        if parsed is None or name in conflicts:
            continue
        display, kind = parsed
        lat, lon = _point(group)
        if not outline.contains(shapely.Point(lon, lat)):
            continue
        result = geocoder.resolve(display)  # without its type word: any place of that name
        ids = [
            c.id
            for c in result.candidates
            if c.feature_type in _SAME_KIND.get(kind, {kind})
            and not (c.feature_type == "subdistrict" and precision[position[c.id]] > _TOWN_KM)
        ]
        near = [
            i
            for i in ids
            if haversine_m(lat, lon, lat_of[position[i]], lon_of[position[i]])
            <= SAME_PLACE_KM * 1e3
        ]
        if near:
            continue  # the gazetteer holds this place
        core = name_keys(display).core
        if any(
            r["core"] == core and haversine_m(lat, lon, r["lat"], r["lon"]) <= SAME_PLACE_KM * 1e3
            for r in new
        ):
            continue  # two strings for one place ("Al ‘Āmirīyah", "Al ‘Āmirīyah town")
        hit = tree.query(shapely.Point(lon, lat), predicate="intersects")
        unit = sub.iloc[int(min(hit))] if len(hit) else None
        governorate = govs.get(unit["adm1_pcode"], "") if unit is not None else ""
        district = ""
        if unit is not None and unit["adm2_pcode"] in dists:
            district, governorate = dists[unit["adm2_pcode"]]
        prec = int(group["where_prec"].min())
        new.append(
            {
                "core": core,
                "id": f"ucdp-{_slug(display)}",
                "name": display,
                "feature_type": kind,
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "governorate": governorate,
                "district": district,
                "aliases": "",
                "source": f"{SOURCE}: where_coordinates '{name}', {len(group)} event(s), "
                f"where_prec {prec}",
                "precision_km": PRECISION_KM[prec],
            }
        )
    seen: dict[str, int] = {}
    for row in new:
        n = seen[row["id"]] = seen.get(row["id"], 0) + 1
        if n > 1:
            row["id"] = f"{row['id']}-{n}"
    out = pd.DataFrame(new, columns=["core", *COLUMNS]).drop(columns="core")
    return validate_gazetteer(out, source="UCDP places") if len(out) else out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gazetteer", type=Path, default=ROOT / "gazetteer.csv")
    args = parser.parse_args(argv)
    kept = [r for r in read_rows(args.gazetteer) if not r["id"].startswith("ucdp-")]
    base = validate_gazetteer(pd.DataFrame(kept), source=str(args.gazetteer))
    events = read_events()
    base, report = move_estimates(events, restore_estimates(base))
    for line in report:
        print(line)
    moved = base.set_index("id")
    for row in kept:
        point = moved.loc[row["id"]]
        now = (float(row["lat"]), float(row["lon"]), float(row["precision_km"]))
        if row["source"] != point["source"] or now != tuple(point[["lat", "lon", "precision_km"]]):
            row.update(
                lat=f"{point['lat']:.5f}",
                lon=f"{point['lon']:.5f}",
                precision_km=f"{point['precision_km']:g}",
                source=point["source"],
            )
    rows = place_rows(events, base)
    text = [
        {
            **{c: str(v) for c, v in r.items()},
            "lat": f"{r['lat']:.5f}",
            "lon": f"{r['lon']:.5f}",
            "precision_km": f"{r['precision_km']:g}",
        }
        for r in rows.to_dict("records")
    ]
    total = write_rows(args.gazetteer, [*kept, *text])
    print(f"wrote {total} rows to {args.gazetteer}: {len(rows)} ucdp- rows")


if __name__ == "__main__":
    main()
