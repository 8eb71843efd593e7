"""The bundled OCHA COD-AB admin layers (hotspot._admin), alone and against their source."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from hotspot._admin import (
    ADMIN_LEVELS,
    admin_simplification,
    country_outline,
    load_admin,
)
from hotspot._data import data_path
from hotspot.errors import BoundaryError

CHECKOUT = Path(__file__).resolve().parents[1]
SCRIPT = CHECKOUT / "scripts" / "build_admin.py"
COUNTS = {0: 1, 1: 18, 2: 101, 3: 294}
SOURCE_FILES = {
    0: "irq_admbnda_adm0_cso_itos_20190603.geojson",
    1: "irq_admbnda_adm1_cso_20190603.geojson",
    2: "irq_admbnda_adm2_cso_20190603.geojson",
    3: "irq_admbnda_adm3_cso_20190603.geojson",
}
METRIC_CRS = "EPSG:32638"


def _columns(level: int) -> list[str]:
    own = [f"adm{level}_{s}" for s in ("pcode", "en", "ar", "alt_en", "alt_ar")]
    parents = [f"adm{k}_{s}" for k in range(level - 1, -1, -1) for s in ("pcode", "en", "ar")]
    return [*own, *parents, "geometry"]


def _iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return shapely.area(shapely.intersection(a, b)) / shapely.area(shapely.union(a, b))


# ----------------------------------------------------------------------------- schema


@pytest.mark.parametrize("level", ADMIN_LEVELS)
def test_schema(level):
    frame = load_admin(level)
    assert len(frame) == COUNTS[level]
    assert frame.crs.to_epsg() == 4326
    assert list(frame.columns) == _columns(level)
    assert (frame.geom_type == "Polygon").all()
    assert frame.is_valid.all()
    pcode = frame[f"adm{level}_pcode"]
    assert pcode.notna().all() and pcode.is_unique
    assert list(pcode) == sorted(pcode)
    for column in [c for c in frame.columns if c != "geometry" and "_alt_" not in c]:
        assert frame[column].map(lambda v: isinstance(v, str) and v.strip() == v != "").all()
    assert frame[f"adm{level}_ar"].str.contains(r"[\u0600-\u06ff]").all()
    dataset = frame.attrs["dataset"]
    assert dataset["licence"] == "CC BY 3.0 IGO"
    assert "OCHA" in dataset["citation"] and "Central Statistics Office" in dataset["citation"]
    assert Path(dataset["path"]).name == f"admin{level}.geojson"


def test_alternate_names_come_from_the_source():
    districts = load_admin(2).set_index("adm2_en")
    # OCHA's reference name (ADM2_REF) differs from the English name only here
    assert districts.loc["Al-Mada'in", "adm2_alt_en"] == "Al-Madain"
    assert districts["adm2_alt_en"].notna().sum() == 1


@pytest.mark.parametrize("level", [1, 2, 3])
def test_parents_agree_with_the_parent_level(level):
    child = load_admin(level)
    for parent in range(level):
        cols = [f"adm{parent}_pcode", f"adm{parent}_en", f"adm{parent}_ar"]
        pairs = child[cols].drop_duplicates()
        assert set(map(tuple, pairs.values)) == set(map(tuple, load_admin(parent)[cols].values))
    # p-codes are hierarchical: a child's starts with its parent's
    assert all(
        c.startswith(p)
        for c, p in zip(child[f"adm{level}_pcode"], child[f"adm{level - 1}_pcode"], strict=True)
    )


@pytest.mark.parametrize("level", [1, 2, 3])
def test_nesting_is_exact(level):
    child = load_admin(level)
    parent = load_admin(level - 1).set_index(f"adm{level - 1}_pcode")
    merged = child.dissolve(f"adm{level - 1}_pcode").geometry
    merged = merged.loc[parent.index]
    lost = shapely.area(shapely.symmetric_difference(merged.array, parent.geometry.array))
    assert (lost <= 1e-12 * shapely.area(parent.geometry.array)).all()


@pytest.mark.parametrize("level", ADMIN_LEVELS)
def test_siblings_leave_no_gap_and_no_overlap(level):
    geoms = load_admin(level).to_crs(METRIC_CRS).geometry.array
    if level > 0:
        assert shapely.coverage_is_valid(geoms)  # edge-matched, no overlaps
    union = shapely.union_all(geoms)
    country = shapely.area(shapely.union_all(load_admin(0).to_crs(METRIC_CRS).geometry.array))
    assert shapely.area(geoms).sum() == pytest.approx(union.area, rel=1e-9)  # no overlap
    assert union.area == pytest.approx(country, rel=1e-9)  # no gap
    assert shapely.get_num_interior_rings(union) == 0  # no hole left between siblings


def test_load_admin_rejects_unknown_levels():
    for bad in (4, -1, "1", True, 2.5):
        with pytest.raises(BoundaryError, match=r"expected one of \[0, 1, 2, 3\]"):
            load_admin(bad)


def test_load_admin_hands_out_copies():
    frame = load_admin(1)
    frame.loc[:, "adm1_en"] = "changed"
    frame.attrs["dataset"]["licence"] = "changed"
    again = load_admin(1)
    assert "changed" not in set(again["adm1_en"])
    assert again.attrs["dataset"]["licence"] == "CC BY 3.0 IGO"


def test_country_outline_is_level_0():
    outline = country_outline()
    assert outline.equals(load_admin(0).geometry.iloc[0])
    assert shapely.is_prepared(outline)
    assert outline.contains(shapely.Point(44.39, 35.47))  # Kirkuk
    assert not outline.contains(shapely.Point(36.29, 33.51))  # Damascus
    from hotspot.gazetteer import iraq_outline

    assert iraq_outline() is outline  # the old name is an alias


def test_simplification_is_recorded():
    info = admin_simplification()
    assert info["tolerance_deg"] > 0
    assert 0 < info["max_shift_km"] < 0.5


@pytest.mark.parametrize("level", ADMIN_LEVELS)
def test_files_are_rfc7946_and_read_by_pyogrio(level):
    path = data_path(f"boundaries/admin{level}.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert doc["dataset"]["licence"] == "CC BY 3.0 IGO"
    assert "CC BY 3.0 IGO" in doc["description"]
    coordinates = json.dumps([f["geometry"] for f in doc["features"]])
    assert max(len(d) for d in re.findall(r"\d+\.(\d+)", coordinates)) <= 5
    for feature in doc["features"]:
        assert shapely.geometry.shape(feature["geometry"]).exterior.is_ccw
    info = pyogrio.read_info(path)
    assert info["features"] == COUNTS[level]
    assert "CC BY 3.0 IGO" in info["layer_metadata"]["DESCRIPTION"]
    read = gpd.read_file(path, engine="pyogrio")
    mine = load_admin(level)
    assert read[f"adm{level}_pcode"].tolist() == mine[f"adm{level}_pcode"].tolist()
    assert shapely.equals_exact(read.geometry.array, mine.geometry.array, tolerance=0).all()


def test_bundled_admin_data_is_small():
    sizes = {p.name: p.stat().st_size for p in data_path("boundaries").glob("admin*.geojson")}
    assert len(sizes) == 4
    assert sum(sizes.values()) <= 2_000_000


# ----------------------------------------------------------------------------- corrections
#: The two sub-districts of Ali al-Gharbi district whose polygons the 2019 source swaps,
#: and the town each holds (GeoNames positions, the gazetteer's gn- rows).
TOWNS = {
    "IQG14Q02N01": ("Markaz Ali Al-Gharbi", "gn-99306", 32.46186, 46.68794),
    "IQG14Q02N02": ("Ali Al-Sharki", "gn-7374646", 32.12287, 46.74928),
}


@pytest.fixture(scope="module")
def build_admin(script_module):
    """``scripts/build_admin.py``, loaded once (its BuildError is one class)."""
    return script_module("build_admin")


def test_ali_al_gharbi_and_ali_al_sharqi_lie_in_their_own_sub_districts():
    from hotspot._locate import locate_lonlat
    from hotspot.gazetteer import load_gazetteer

    lat = [t[2] for t in TOWNS.values()]
    lon = [t[3] for t in TOWNS.values()]
    assert list(locate_lonlat(lon, lat, sides=False)["subdistrict_pcode"]) == list(TOWNS)
    layer = load_admin(3).set_index("adm3_pcode")
    gazetteer = load_gazetteer().set_index("id")
    for pcode, (name, town, y, x) in TOWNS.items():
        assert layer.loc[pcode, "adm3_en"] == name  # p-codes and names stay the source's
        assert tuple(gazetteer.loc[town, ["lat", "lon"]]) == (y, x)
    # Sharqi (eastern) is the eastern one
    west, east = layer.loc[list(TOWNS)].to_crs(METRIC_CRS).centroid.x
    assert east - west > 15_000


def test_the_corrections_are_recorded_in_the_sub_district_layer(build_admin):
    table = build_admin.read_corrections()
    docs = {
        level: json.loads(data_path(f"boundaries/admin{level}.geojson").read_text("utf-8"))
        for level in ADMIN_LEVELS
    }
    recorded = docs[3]["corrections"]
    assert recorded == [c.member() for c in sorted(table, key=lambda c: c.pcode)]
    assert [(c["pcode"], c["geometry_of"]) for c in recorded] == [
        ("IQG14Q02N01", "IQG14Q02N02"),
        ("IQG14Q02N02", "IQG14Q02N01"),
    ]
    assert all(len(c["evidence"]) > 80 for c in recorded)
    assert "member 'corrections'" in docs[3]["description"]
    assert not any("corrections" in docs[level] for level in (0, 1, 2))  # dissolved: unchanged
    # each check place is the gazetteer's town of that name, at its position
    from hotspot.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    geonames = gazetteer[gazetteer["id"].str.startswith("gn-")]
    for c in table:
        town = geonames[geonames["name"] == c.check_place]
        assert list(zip(town["lat"], town["lon"], strict=True)) == [(c.check_lat, c.check_lon)]


def _two_units(districts=("X1", "X1")) -> gpd.GeoDataFrame:
    """A west and an east unit, as a source would label them."""
    return gpd.GeoDataFrame(
        {
            "ADM3_PCODE": ["X1N01", "X1N02"],
            "ADM3_EN": ["Markaz X", "X Sharqi"],
            "ADM2_PCODE": list(districts),
        },
        geometry=[shapely.box(44.0, 33.0, 44.5, 33.5), shapely.box(44.5, 33.0, 45.0, 33.5)],
        crs="EPSG:4326",
    )


def _swap(build_admin, pairs=(("X1N01", "X1N02", 44.75), ("X1N02", "X1N01", 44.25))):
    """The corrections of a source that gives X1N01 the east polygon (towns at ``x``)."""
    return [build_admin.Correction(p, g, f"town of {p}", 33.25, x, "why") for p, g, x in pairs]


def test_a_swap_gives_each_unit_the_other_polygon_and_keeps_the_names(build_admin):
    source = _two_units()
    fixed = build_admin.correct_sub_districts(source, _swap(build_admin))
    assert fixed["ADM3_PCODE"].tolist() == ["X1N01", "X1N02"]
    assert fixed["ADM3_EN"].tolist() == ["Markaz X", "X Sharqi"]
    assert fixed.geometry.iloc[0].equals(source.geometry.iloc[1])
    assert fixed.geometry.iloc[1].equals(source.geometry.iloc[0])
    assert source.geometry.iloc[0].bounds[0] == 44.0  # the input is not changed


def test_the_build_refuses_a_correction_that_no_longer_applies(build_admin):
    error = build_admin.BuildError
    fixed = build_admin.correct_sub_districts(_two_units(), _swap(build_admin))
    # the source fixed (as after the correction): swapping again would break it
    with pytest.raises(error, match=r"obsolete correction.*town of X1N01 \(33.25, 44.75\)"):
        build_admin.correct_sub_districts(fixed, _swap(build_admin))
    with pytest.raises(error, match="X1N01 takes the polygon of X1N02, but X1N02 does not"):
        build_admin.correct_sub_districts(_two_units(), _swap(build_admin)[:1])
    with pytest.raises(error, match=r"has no sub-district \['X1N03'\]"):
        pairs = (("X1N01", "X1N03", 44.75), ("X1N03", "X1N01", 44.25))
        build_admin.correct_sub_districts(_two_units(), _swap(build_admin, pairs))
    with pytest.raises(error, match="a swap across districts"):
        build_admin.correct_sub_districts(_two_units(("X1", "X2")), _swap(build_admin))


def test_correction_table_errors_name_file_and_line(build_admin, tmp_path):
    path = tmp_path / "admin_corrections.csv"
    header = "pcode,geometry_of,check_place,check_lat,check_lon,evidence\n"
    good = "X1N01,X1N02,A,33.25,44.75,why\nX1N02,X1N01,B,33.25,44.25,why\n"
    path.write_text(header + good, encoding="utf-8")
    assert build_admin.read_corrections(path) == [
        build_admin.Correction("X1N01", "X1N02", "A", 33.25, 44.75, "why"),
        build_admin.Correction("X1N02", "X1N01", "B", 33.25, 44.25, "why"),
    ]
    for body, message in (
        ("X1N01,X1N02,A,33.25,44.75,\n", "line 2: say what the evidence is"),
        ("X1N01,X1N02,A,,44.75,why\n", "line 2: check_lat and check_lon must be numbers"),
        ("X1N01,X1N02,A,3.3,44.75,why\n", r"line 2: \(3.3, 44.75\) is not a point in Iraq"),
        ("X1N01,X1N01,A,33.25,44.75,why\n", "line 2: X1N01 takes its own polygon"),
        (good + "X1N01,X1N02,A,33.25,44.75,why\n", "line 4: X1N01 is corrected twice"),
        ("X1N01,X1N02,A,33.25,44.75,why\n", "must swap two polygons"),
    ):
        path.write_text(header + body, encoding="utf-8")
        with pytest.raises(build_admin.BuildError, match=message):
            build_admin.read_corrections(path)
    path.write_text("pcode,polygon_of\n", encoding="utf-8")
    with pytest.raises(build_admin.BuildError, match="expected pcode,geometry_of,check_place"):
        build_admin.read_corrections(path)


# ----------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def full(shared_data, build_admin) -> dict[int, gpd.GeoDataFrame]:
    """The full-resolution source as the layers are built from it (level 3 corrected)."""
    folder = shared_data / "ocha_codab_irq"
    return {level: build_admin.read_source(folder, level) for level in SOURCE_FILES}


def test_the_source_has_the_defect_the_corrections_remove(shared_data, build_admin, full):
    raw = gpd.read_file(shared_data / "ocha_codab_irq" / SOURCE_FILES[3])
    towns = shapely.points([t[3] for t in TOWNS.values()], [t[2] for t in TOWNS.values()])
    for frame, expected in ((raw, ["IQG14Q02N02", "IQG14Q02N01"]), (full[3], list(TOWNS))):
        units = frame.set_index("ADM3_PCODE").geometry
        assert [units.index[units.covers(town)].tolist() for town in towns] == [
            [pcode] for pcode in expected
        ]
    # the corrected source is what OCHA would publish once it fixes the file: refused
    with pytest.raises(build_admin.BuildError, match="obsolete correction"):
        build_admin.correct_sub_districts(full[3], build_admin.read_corrections())


@pytest.fixture(scope="module")
def ucdp(shared_data) -> np.ndarray:
    table = pd.read_csv(
        shared_data / "ucdp_ged_irq" / "conflict_data_irq.csv",
        skiprows=[1],
        usecols=["latitude", "longitude"],
    )
    return shapely.points(table["longitude"].astype(float), table["latitude"].astype(float))


@pytest.mark.parametrize("level", ADMIN_LEVELS)
def test_every_source_unit_is_bundled_with_its_names(full, level):
    source = full[level].set_index(f"ADM{level}_PCODE").sort_index()
    mine = load_admin(level).set_index(f"adm{level}_pcode")
    assert list(mine.index) == list(source.index)  # complete, nothing added
    for k in range(level + 1):
        for ours, theirs in ((f"adm{k}_en", f"ADM{k}_EN"), (f"adm{k}_ar", f"ADM{k}_AR")):
            assert (mine[ours] == source[theirs].str.strip()).all()


@pytest.mark.parametrize("level", ADMIN_LEVELS)
def test_each_unit_matches_the_full_resolution_source(full, level):
    source = full[level].set_index(f"ADM{level}_PCODE").sort_index().to_crs(METRIC_CRS)
    mine = load_admin(level).set_index(f"adm{level}_pcode").to_crs(METRIC_CRS)
    iou = _iou(mine.geometry.array, source.geometry.array)
    worst = mine.index[np.argmin(iou)]
    assert iou.min() >= 0.98, f"{worst}: IoU {iou.min():.4f}"
    assert iou.mean() >= 0.99


@pytest.mark.parametrize("level", ADMIN_LEVELS)
def test_real_events_are_placed_as_on_the_full_resolution_source(full, ucdp, level):
    def place(frame: gpd.GeoDataFrame, column: str) -> np.ndarray:
        tree = shapely.STRtree(frame.geometry.array)
        point, unit = tree.query(ucdp, predicate="within")
        out = np.full(len(ucdp), None, dtype=object)
        out[point] = frame[column].to_numpy()[unit]
        return out

    reference = place(full[level], f"ADM{level}_PCODE")
    mine = place(load_admin(level), f"adm{level}_pcode")
    assert len(ucdp) == 7473
    assert (mine == reference).mean() >= 0.995


def test_build_script_reproduces_the_bundled_files(shared_data, tmp_path):
    if not SCRIPT.is_file():
        pytest.skip("scripts/ not present (installed package)")
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--source",
            str(shared_data / "ocha_codab_irq"),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for level in ADMIN_LEVELS:
        name = f"admin{level}.geojson"
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        bundled = data_path(f"boundaries/{name}").read_text(encoding="utf-8")
        assert fresh == bundled, f"{name} differs from the script's output: re-run {SCRIPT.name}"


def test_build_script_refuses_unverified_sources(shared_data, tmp_path):
    if not SCRIPT.is_file():
        pytest.skip("scripts/ not present (installed package)")
    source = tmp_path / "ocha"
    shutil.copytree(shared_data / "ocha_codab_irq", source)
    shutil.copy(shared_data / "PROVENANCE.md", tmp_path / "PROVENANCE.md")
    tampered = source / SOURCE_FILES[2]
    tampered.write_bytes(tampered.read_bytes().replace(b"Kirkuk", b"Kirkuq", 1))
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--source", str(source), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert re.search(rf"{SOURCE_FILES[2]}: sha256 [0-9a-f]{{64}} does not match", done.stderr)
    assert not (tmp_path / "out").exists()
