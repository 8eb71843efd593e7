"""The bundled rivers and lakes: Natural Earth, plus the Zabs, Diyala, Dukan, Darbandikhan.

These read the bundled files only (``boundaries/``, ``gazetteer.csv``): the checks of
``scripts/build_reference.py`` repeated on what it wrote, with independent yardsticks
where there are some (the Natural Earth Tigris, the gazetteer's bridges and dams).
"""

from __future__ import annotations

import html

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

from hotspot._data import data_path
from hotspot.boundaries import country_outline, load_reference_layers
from hotspot.gazetteer import load_gazetteer
from hotspot.maps.layers import RIVER_LABEL_AT, context_layers

METRIC = 32638
GEOD = Geod(ellps="WGS84")
WDBII_KM = 2.0  # the accuracy of World Data Bank II lines, added to a point's own
GSHHG = "LGPL-3.0-or-later"

# river: (confluence with the Tigris (lon, lat), gazetteer points on it, downstream first)
RIVERS = {
    "Great Zab": ((43.35, 35.99), ["br-gwer", "br-kalak", "dam-bekhme"]),
    "Lesser Zab": ((43.43, 35.24), ["br-zab", "br-dibis", "br-altun-kupri", "dam-dukan"]),
    "Diyala": (
        (44.50, 33.22),
        ["br-diyala", "br-baquba", "gn-97990", "dam-hamrin", "br-jalawla", "dam-darbandikhan"],
    ),
}
# literature length (km) and a plausible range of the part in Iraq (km)
LENGTHS = {
    "Great Zab": (400, (150, 300)),
    "Lesser Zab": (400, (150, 350)),
    "Diyala": (445, (250, 400)),
}


@pytest.fixture(scope="module")
def reference():
    return load_reference_layers()


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer().set_index("id")


def _km(geom: shapely.Geometry) -> float:
    return GEOD.geometry_length(geom) / 1000


def _metric(geom: shapely.Geometry) -> shapely.Geometry:
    return gpd.GeoSeries([geom], crs=4326).to_crs(METRIC).iloc[0]


def _point(gazetteer, place: str) -> tuple[shapely.Point, float]:
    row = gazetteer.loc[place]
    return _metric(shapely.Point(row["lon"], row["lat"])), float(row["precision_km"])


def _river(reference, name: str) -> shapely.Geometry:
    rows = reference.rivers[reference.rivers["name"] == name]
    assert len(rows) == 1, f"{name}: {len(rows)} features"
    return rows.geometry.iloc[0]


def test_every_feature_has_its_source_and_licence(reference):
    for layer in (reference.rivers, reference.lakes):
        assert layer["source"].str.len().gt(0).all()
        assert set(layer["licence"]) == {"public domain", GSHHG}
        natural_earth = layer["source"].str.startswith("Natural Earth 1:10m v4.0")
        gshhg = layer["source"].str.startswith("GSHHG 2.3.6")
        assert (natural_earth ^ gshhg).all()
        assert (layer.loc[gshhg, "licence"] == GSHHG).all()
        assert (layer.loc[natural_earth, "licence"] == "public domain").all()
        assert layer.loc[natural_earth, "name_ne"].notna().all()
        assert "GSHHG" in layer.attrs["source"] and "Natural Earth" in layer.attrs["source"]
        assert "public domain" in layer.attrs["licence"] and GSHHG in layer.attrs["licence"]
    assert set(reference.rivers.loc[reference.rivers["licence"] == GSHHG, "name"]) == set(RIVERS)
    assert set(reference.lakes.loc[reference.lakes["licence"] == GSHHG, "name"]) == {
        "Lake Dukan",
        "Lake Darbandikhan",
    }


def test_the_gshhg_licence_texts_are_bundled():
    lesser = data_path("boundaries/LICENSE-GSHHG-LGPL-3.0.txt").read_text(encoding="utf-8")
    full = data_path("boundaries/LICENSE-GSHHG-GPL-3.0.txt").read_text(encoding="utf-8")
    assert lesser.split()[:5] == ["GNU", "LESSER", "GENERAL", "PUBLIC", "LICENSE"]
    assert "Version 3, 29 June 2007" in lesser
    assert full.split()[:4] == ["GNU", "GENERAL", "PUBLIC", "LICENSE"]
    assert "Version 3, 29 June 2007" in full


def test_rivers_have_english_arabic_and_kurdish_names(reference):
    rivers = reference.rivers.set_index("name")
    expected = {
        "Great Zab": ("الزاب الكبير", "زێی گەورە"),
        "Lesser Zab": ("الزاب الصغير", "زێی بچووک"),
        "Diyala": ("نهر ديالى", "سیروان"),
    }
    for name, (arabic, kurdish) in expected.items():
        assert (rivers.at[name, "name_ar"], rivers.at[name, "name_ku"]) == (arabic, kurdish)
    assert rivers.at["Diyala", "name_alt"] == "Sirwan"
    assert (
        rivers.at["Tigris", "name_ar"] == "دجلة" and rivers.at["Euphrates", "name_ar"] == "الفرات"
    )
    # the names agree with the gazetteer's rows of the rivers
    gazetteer = load_gazetteer().set_index("id")
    for place, name in [("riv-great-zab", "Great Zab"), ("riv-lesser-zab", "Lesser Zab")]:
        aliases = gazetteer.at[place, "aliases"].split("|")
        assert rivers.at[name, "name_ar"] in aliases and rivers.at[name, "name_ku"] in aliases
    assert rivers.at["Diyala", "name_ku"] in gazetteer.at["riv-diyala", "aliases"].split("|")


@pytest.mark.parametrize("name", sorted(RIVERS))
def test_river_passes_its_bridges_and_dams(reference, gazetteer, name):
    river = _metric(_river(reference, name))
    _, places = RIVERS[name]
    for place in places:
        point, precision = _point(gazetteer, place)
        off_km = river.distance(point) / 1000
        assert off_km <= precision + WDBII_KM, f"{name}: {off_km:.1f} km from {place}"


def test_great_zab_crosses_the_erbil_mosul_road_at_kalak(reference, gazetteer):
    river = _metric(_river(reference, "Great Zab"))
    bridge, _ = _point(gazetteer, "br-kalak")
    assert river.distance(bridge) < 2_000
    # and is not the Khazir, its tributary crossed by the same road further west
    khazir, _ = _point(gazetteer, "riv-khazir")
    assert river.distance(khazir) > 5_000


@pytest.mark.parametrize("name", sorted(RIVERS))
def test_river_ends_at_its_confluence_with_the_tigris(reference, name):
    river = _metric(_river(reference, name))
    tigris = _metric(_river(reference, "Tigris"))  # Natural Earth: an independent source
    (lon, lat), _ = RIVERS[name]
    confluence = _metric(shapely.Point(lon, lat))
    ends = [shapely.Point(part.coords[k]) for part in shapely.get_parts(river) for k in (0, -1)]
    mouth = min(ends, key=confluence.distance)
    assert mouth.distance(confluence) < 5_000
    assert mouth.distance(tigris) < 3_000
    # one end on the Tigris: the river does not run along it
    assert sum(end.distance(tigris) < 5_000 for end in ends) == 1


@pytest.mark.parametrize("name", sorted(RIVERS))
def test_river_length_is_plausible(reference, name):
    river = _river(reference, name)
    literature, (low, high) = LENGTHS[name]
    assert 0.75 * literature <= _km(river) <= 1.25 * literature
    assert low <= _km(river.intersection(country_outline())) <= high


@pytest.mark.parametrize("name", sorted(RIVERS))
def test_river_is_connected_but_through_lakes(reference, name):
    """Its pieces touch, or meet at the shore of one of the layer's lakes."""
    river = _metric(_river(reference, name))
    lakes = [_metric(g) for g in reference.lakes.geometry]
    pieces = [part.buffer(50) for part in shapely.get_parts(river)]
    near = [lake.buffer(2_500) for lake in lakes if lake.distance(river) < 2_500]
    joined = shapely.union_all([*pieces, *near])
    for part in shapely.get_parts(river):
        assert joined.geom_type == "Polygon" or any(
            poly.contains(part) for poly in shapely.get_parts(joined)
        )
    components = [c for c in shapely.get_parts(joined) if c.intersects(river)]
    assert len(components) == 1, f"{name}: {len(components)} disconnected pieces"


@pytest.mark.parametrize(
    ("name", "lake_id", "dam_id", "area"),
    [
        ("Lake Dukan", "lake-dukan", "dam-dukan", (100, 300)),
        ("Lake Darbandikhan", "lake-darbandikhan", "dam-darbandikhan", (80, 130)),
    ],
)
def test_reservoir_lies_at_its_dam(reference, gazetteer, name, lake_id, dam_id, area):
    rows = reference.lakes[reference.lakes["name"] == name]
    assert len(rows) == 1
    lake = rows.geometry.iloc[0]
    assert rows["featurecla"].iloc[0] == "Reservoir"
    assert rows["name_ar"].iloc[0] in gazetteer.at[lake_id, "aliases"].split("|")
    assert rows["name_ku"].iloc[0] in gazetteer.at[lake_id, "aliases"].split("|")
    dam, precision = _point(gazetteer, dam_id)
    assert _metric(lake).distance(dam) <= (precision + WDBII_KM) * 1000
    centre, precision = _point(gazetteer, lake_id)
    assert _metric(lake).distance(centre) <= precision * 1000
    km2 = abs(GEOD.geometry_area_perimeter(lake)[0]) / 1e6
    assert area[0] <= km2 <= area[1]
    assert lake.within(country_outline())


def test_reservoirs_no_open_source_has_are_not_drawn(reference, gazetteer):
    """Mosul, Hamrin and Haditha (Qadisiyah) lakes are in neither source: none is drawn."""
    lakes = _metric(shapely.union_all(reference.lakes.geometry.array))
    for place in ("lake-mosul", "lake-hamrin", "lake-qadisiyah"):
        point, _ = _point(gazetteer, place)
        assert lakes.distance(point) > 5_000, place


def test_the_map_labels_the_new_rivers_and_lakes(reference):
    country = gpd.GeoDataFrame({"name": ["Iraq"]}, geometry=[country_outline()], crs=4326)
    layers, labels = context_layers(reference, country=country, tiles=False)
    texts = {html.unescape(label["text"]): label for label in labels}
    for name in [*RIVERS, "Tigris", "Lake Dukan", "Lake Darbandikhan"]:
        assert name in texts, name
    # river labels sit on their river, inside Iraq, with the other water labels
    for name in RIVERS:
        label = texts[name]
        point = shapely.Point(label["lon"], label["lat"])
        assert _metric(_river(reference, name)).distance(_metric(point)) < 100
        assert label["cls"] == texts["Tigris"]["cls"] == "hs-water"
    # every river label has other anchors along its course in Iraq, tried when the first
    # is crowded: all on the river and inside the country
    outline = _metric(country_outline())
    for name in [*RIVERS, "Tigris", "Euphrates"]:
        label = texts[name]
        assert len(label["alt"]) >= len(RIVER_LABEL_AT) - 1, name
        river = _metric(_river(reference, name))
        for lat, lon in label["alt"]:
            point = _metric(shapely.Point(lon, lat))
            assert river.distance(point) < 100, name
            assert outline.contains(point), name
    tips = {f["properties"]["tip"] for layer in layers for f in layer["data"]["features"]}
    for name in [*RIVERS, "Lake Dukan", "Lake Darbandikhan"]:
        assert f"<b>{name}</b>" in tips, name


def test_the_tracing_rule_on_a_made_up_network(monkeypatch, script_module):
    """Tributaries join mid-line, lakes join their shores, the longest headwater wins."""
    module = script_module("build_reference")
    line = shapely.LineString
    main = line([(0, 0), (10_000, 0)])  # the trunk
    tributary = line([(5_000, 300), (5_000, 8_000)])  # ends 300 m from the trunk
    below = line([(10_000, 0), (12_000, 0)])  # into a lake at (13-16 km, 0)
    above = line([(16_000, 0), (20_000, 0), (20_000, 1_000)])  # out of the lake, short
    source = line([(20_000, 0), (30_000, 0)])  # the longer headwater
    far = line([(5_000, 9_000), (5_000, 20_000)])  # 1 km gap: not joined
    lake = shapely.box(13_000, -500, 16_000, 500)  # within 2 km of both ends
    network = module._Network([main, tributary, below, above, source, far], [lake], [])
    mouth, _ = network.nearest(shapely.Point(0, 0))
    bend, _ = network.nearest(shapely.Point(10_000, 0))
    path = network.shortest(mouth, bend, avoid=set())
    assert [network.pieces[k].length for _, k in path] == [5_000, 5_000]  # split at 5 km
    head = network.longest(bend, avoid={mouth, *(v for v, _ in path)})
    lengths = [network.pieces[k].length if k is not None else None for _, k in head]
    assert lengths == [2_000, None, 4_000, 10_000]  # through the lake, then the longer arm
    up, _ = network.nearest(shapely.Point(5_000, 8_000))
    assert all(v != up for v, _ in head)
    far_end, _ = network.nearest(shapely.Point(5_000, 20_000))
    with pytest.raises(module.BuildError, match="no connected"):
        network.shortest(mouth, far_end, avoid=set())
