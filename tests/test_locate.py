from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from hotspot.errors import BoundaryError, CRSError
from hotspot.locate import LOCATE_COLUMNS, locate

# Two parallel east-west lines near Kirkuk: federal at 35.0 N, KRG at 35.2 N.
FEDERAL = gpd.GeoDataFrame(geometry=[shapely.LineString([(43.0, 35.0), (45.0, 35.0)])], crs=4326)
KRG = gpd.GeoDataFrame(geometry=[shapely.LineString([(43.0, 35.2), (45.0, 35.2)])], crs=4326)


def _pts(coords, index=None, crs=4326):
    return gpd.GeoDataFrame(geometry=[shapely.Point(c) for c in coords], index=index, crs=crs)


@pytest.fixture
def sides():
    #        vacuum       krg          federal      beyond the east ends (between rays)
    return [(44.0, 35.1), (44.0, 35.5), (44.0, 34.5), (45.5, 35.1)]


def test_sides_between_parallel_lines(sides):
    out = locate(_pts(sides), federal=FEDERAL, krg=KRG)
    assert out["side"].tolist() == ["vacuum", "krg", "federal", None]


def test_line_direction_and_pieces_do_not_matter(sides):
    reversed_krg = KRG.copy()
    reversed_krg["geometry"] = [KRG.geometry.iloc[0].reverse()]
    pieces = gpd.GeoDataFrame(
        geometry=[
            shapely.LineString([(44.0, 35.0), (45.0, 35.0)]),
            shapely.LineString([(43.0, 35.0), (44.0, 35.0)]),
        ],
        crs=4326,
    )
    out = locate(_pts(sides), federal=pieces, krg=reversed_krg)
    assert out["side"].tolist() == ["vacuum", "krg", "federal", None]


def test_any_crs_and_index_alignment(sides):
    pts = _pts(sides, index=["v", "k", "f", "x"]).to_crs(32638)
    out = locate(pts, federal=FEDERAL.to_crs(3857), krg=KRG.to_crs(3857))
    assert list(out.index) == ["v", "k", "f", "x"]
    assert list(out.columns) == list(LOCATE_COLUMNS)
    assert out.loc["k", "side"] == "krg"


def test_side_layers_in_different_crs_raise(sides):
    with pytest.raises(CRSError, match="different CRSs"):
        locate(_pts(sides), federal=FEDERAL.to_crs(3857), krg=KRG)


def test_lat_lon_arrays(sides):
    lat = [c[1] for c in sides]
    lon = [c[0] for c in sides]
    out = locate((lat, lon), federal=FEDERAL, krg=KRG)
    assert out["side"].tolist() == ["vacuum", "krg", "federal", None]
    assert isinstance(out.index, pd.RangeIndex)


def test_lat_lon_series_keep_their_index():
    lat = pd.Series([35.1], index=[7])
    lon = pd.Series([44.0], index=[7])
    out = locate((lat, lon), federal=FEDERAL, krg=KRG)
    assert out.index.tolist() == [7]


def test_polygon_sides():
    fed = gpd.GeoDataFrame(geometry=[shapely.box(43.0, 34.0, 45.0, 35.0)], crs=4326)
    krg = gpd.GeoDataFrame(geometry=[shapely.box(43.0, 35.2, 45.0, 36.0)], crs=4326)
    out = locate(_pts([(44, 34.5), (44, 35.5), (44, 35.1), (46.5, 31.0)]), federal=fed, krg=krg)
    assert out["side"].tolist() == ["federal", "krg", "vacuum", None]


def test_user_territories_and_admin():
    terr = gpd.GeoDataFrame(
        {"name": ["A"]}, geometry=[shapely.box(44.0, 35.0, 44.5, 35.5)], crs=4326
    )
    admin = gpd.GeoDataFrame(
        {"ADM1_EN": ["Gov"], "ADM1_PCODE": ["G1"], "ADM2_EN": ["Dist"], "ADM2_PCODE": ["G1D1"]},
        geometry=[shapely.box(43.5, 35.0, 44.2, 35.6)],
        crs=4326,
    )
    out = locate(_pts([(44.1, 35.1), (44.3, 35.1), (43.0, 33.0)]), territories=terr, admin=admin)
    assert out["territory"].tolist() == ["A", "A", None]
    assert out["disputed"].tolist() == ["A", "A", ""]
    assert out["governorate"].tolist() == ["Gov", None, None]
    assert out["governorate_pcode"].tolist() == ["G1", None, None]
    assert out["district"].tolist() == ["Dist", None, None]
    assert out["district_pcode"].tolist() == ["G1D1", None, None]
    assert out["subdistrict"].isna().all()


def test_level3_admin_gives_parent_district():
    admin = gpd.GeoDataFrame(
        {"ADM1_EN": ["Gov"], "ADM2_EN": ["Dist"], "ADM3_EN": ["Sub"], "ADM3_PCODE": ["S1"]},
        geometry=[shapely.box(43.5, 35.0, 44.2, 35.6)],
        crs=4326,
    )
    out = locate(_pts([(44.1, 35.1)]), admin=admin)
    assert out[["governorate", "district", "subdistrict", "subdistrict_pcode"]].values.tolist() == [
        ["Gov", "Dist", "Sub", "S1"]
    ]


def test_admin_layer_read_by_read_admin_is_accepted():
    """The README path: locate(incidents, admin=read_admin(...)) with read_admin's own output."""
    from hotspot.boundaries import load_admin, read_admin

    admin = read_admin(load_admin(2))
    out = locate(_pts([(44.392, 35.468)]), admin=admin)
    assert out[["district", "district_pcode", "governorate"]].values.tolist() == [
        ["Kirkuk", "IQG13Q04", "Kirkuk"]
    ]
    assert out.equals(locate(_pts([(44.392, 35.468)]), admin=read_admin(admin)))


def test_bundled_layers_known_places():
    pts = _pts(
        [(44.009, 36.191), (44.392, 35.468), (44.361, 33.312), (41.877, 36.321), (45.55, 33.75)],
        index=["Erbil", "Kirkuk", "Baghdad", "Sinjar", "Mandali"],
    )
    out = locate(pts)
    assert out["side"].to_dict() == {
        "Erbil": "krg",
        "Kirkuk": "federal",
        "Baghdad": "federal",
        "Sinjar": "federal",
        "Mandali": "federal",
    }
    assert out["territory"].to_dict() == {
        "Erbil": None,
        "Kirkuk": "Kirkuk",
        "Baghdad": None,
        "Sinjar": "Sinjar",
        "Mandali": "Mandali",
    }
    assert out.loc["Kirkuk", ["governorate", "district", "district_pcode"]].tolist() == [
        "Kirkuk",
        "Kirkuk",
        "IQG13Q04",
    ]
    assert out.loc["Mandali", "subdistrict"] == "Mandali"
    assert out.loc["Mandali", "district"] == "Balad Ruz"  # only the sub-district is listed
    assert (out["outside_iraq_km"] == 0).all()


def test_points_outside_say_how_far():
    # UCDP's "Qandil mountains" point (inside by OCHA), a point about 7 km into Iran, Paris
    out = locate(([36.541111, 33.5, 48.85], [44.996111, 46.1, 2.35]))
    assert out.loc[0, "outside_iraq_km"] == 0
    assert out.loc[1, "governorate"] is None and out.loc[1, "district"] is None
    assert 5 < out.loc[1, "outside_iraq_km"] < 10
    assert out.loc[2, "outside_iraq_km"] > 3000
    assert out.loc[2, "side"] is None  # beyond the frame around the front


def test_bundled_every_point_in_iraq_gets_a_side_and_a_unit():
    from hotspot.boundaries import country_outline

    rng = np.random.default_rng(1)
    lon = rng.uniform(38.8, 48.6, 5000)
    lat = rng.uniform(29.1, 37.4, 5000)
    inside = shapely.contains_xy(country_outline(), lon, lat)
    out = locate((lat[inside], lon[inside]))
    assert out["side"].notna().all()
    assert set(out["side"]) == {"federal", "krg", "vacuum"}
    assert out["subdistrict_pcode"].notna().all()
    # parents are consistent with the p-code hierarchy
    sub, dist, gov = (
        out[c].tolist() for c in ("subdistrict_pcode", "district_pcode", "governorate_pcode")
    )
    assert all(s.startswith(d) for s, d in zip(sub, dist, strict=True))
    assert all(d.startswith(g) for d, g in zip(dist, gov, strict=True))


def test_vacuum_side_is_the_find_gaps_band():
    """One band: on a grid, locate's vacuum and find_gaps' zones (no reach, no clip) agree."""
    from hotspot.gaps import find_gaps

    zones = find_gaps(study_area=None, gazetteer=False).zones
    band = shapely.union_all(zones.to_crs(32638).geometry.array)
    x0, y0, x1, y1 = band.buffer(20_000).bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, 56), np.linspace(y0, y1, 48))
    grid = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xs.ravel(), ys.ravel()), crs=32638)
    in_band = shapely.contains_xy(band, xs.ravel(), ys.ravel())
    side = locate(grid)["side"].to_numpy()
    assert in_band.sum() > 50
    assert ((side == "vacuum") == in_band).all()
    # with the default study area the zones are the band inside the disputed territories
    clipped = find_gaps(gazetteer=False).zones.to_crs(32638)
    inside = shapely.contains_xy(shapely.union_all(clipped.geometry.array), xs.ravel(), ys.ravel())
    assert (side[inside] == "vacuum").all()


def test_missing_points_give_empty_rows():
    pts = gpd.GeoDataFrame(geometry=[shapely.Point(44.0, 35.1), None], crs=4326)
    out = locate(pts, federal=FEDERAL, krg=KRG)
    assert out["side"].tolist() == ["vacuum", None]
    assert out.loc[1].drop("outside_iraq_km").isna().all()
    assert np.isnan(out.loc[1, "outside_iraq_km"])


def test_input_not_mutated(sides):
    pts = _pts(sides)
    before = pts.copy()
    locate(pts, federal=FEDERAL, krg=KRG)
    pd.testing.assert_frame_equal(pts, before)


def test_bad_inputs():
    with pytest.raises(CRSError, match="no CRS"):
        locate(_pts([(44, 35)], crs=None))
    with pytest.raises(BoundaryError, match="both sides"):
        locate(_pts([(44, 35)]), federal=FEDERAL)
    with pytest.raises(BoundaryError, match="not points"):
        locate(gpd.GeoDataFrame(geometry=[shapely.box(44, 35, 45, 36)], crs=4326))
    with pytest.raises(ValueError, match="same length"):
        locate(([35.0, 36.0], [44.0]))
    with pytest.raises(ValueError, match=r"\[-90, 90\]"):
        locate(([440.0], [35.0]))
    with pytest.raises(TypeError, match="points"):
        locate([(44, 35)])
    with pytest.raises(BoundaryError, match="'name'"):
        locate(
            _pts([(44, 35)]),
            territories=gpd.GeoDataFrame(geometry=[shapely.box(44, 35, 45, 36)], crs=4326),
        )


# ----------------------------------------------------------------------------- real data

# GeoNames admin1 codes of Iraq -> gazetteer governorate (code 19, Halabja, lies inside
# Sulaymaniyah on the 2019 OCHA edition, which has no separate Halabja governorate).
GEONAMES_ADMIN1 = {
    "01": "Anbar",
    "02": "Basra",
    "03": "Muthanna",
    "04": "Qadisiyah",
    "05": "Sulaymaniyah",
    "06": "Babil",
    "07": "Baghdad",
    "08": "Duhok",
    "09": "Dhi Qar",
    "10": "Diyala",
    "11": "Erbil",
    "12": "Karbala",
    "13": "Kirkuk",
    "14": "Maysan",
    "15": "Nineveh",
    "16": "Wasit",
    "17": "Najaf",
    "18": "Salahaddin",
    "19": "Sulaymaniyah",
}


def test_governorate_agreement_on_geonames_places(shared_data):
    """Held-out labels: GeoNames cities500 admin1 against locate's governorate (>= 97.5 %)."""
    import json

    from hotspot._admin_names import canonical

    places = json.loads((shared_data / "geonames_cities500_irq" / "cities500_IQ.json").read_text())
    rows = list(places.values())
    lat = np.array([r["latitude"] for r in rows])
    lon = np.array([r["longitude"] for r in rows])
    out = locate((lat, lon))
    got = [canonical(g, level="governorate") for g in out["governorate"]]
    want = [GEONAMES_ADMIN1[r["admin1code"]] for r in rows]
    agree = np.mean([g == w for g, w in zip(got, want, strict=True)])
    assert len(rows) == 169
    assert agree >= 0.975, f"governorate agreement {agree:.1%}"
    assert (out["outside_iraq_km"] == 0).all()  # all 169 lie inside the OCHA outline


def test_ucdp_events_placed_as_on_the_full_resolution_layers(shared_data):
    """Point in polygon on the bundled layers equals the full-resolution OCHA answer."""
    events = pd.read_csv(
        shared_data / "ucdp_ged_irq" / "conflict_data_irq.csv", skiprows=[1], low_memory=False
    )
    lat, lon = events["latitude"].to_numpy(float), events["longitude"].to_numpy(float)
    out = locate((lat, lon))
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    folder = shared_data / "ocha_codab_irq"
    for level, column in (
        (1, "governorate_pcode"),
        (2, "district_pcode"),
        (3, "subdistrict_pcode"),
    ):
        full = gpd.read_file(folder / f"irq_admbnda_adm{level}_cso_20190603.geojson")
        joined = gpd.sjoin(pts, full[[f"ADM{level}_PCODE", "geometry"]], predicate="within")
        joined = joined[~joined.index.duplicated()]
        ref = joined[f"ADM{level}_PCODE"]
        same = (out.loc[ref.index, column] == ref).mean()
        assert same >= 0.995, f"level {level}: {same:.2%} equal to the full-resolution answer"
    adm0 = gpd.read_file(folder / "irq_admbnda_adm0_cso_itos_20190603.geojson").geometry.iloc[0]
    outside = ~shapely.contains_xy(adm0, lon, lat)
    assert outside.sum() == 11  # PROVENANCE.md: 11 events at 4 points fall outside
    flagged = (out["outside_iraq_km"] > 0).to_numpy()
    assert (flagged == outside).mean() > 0.999
    assert out.loc[flagged, "governorate"].isna().all()
