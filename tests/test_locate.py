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
    out = locate(pts, federal=FEDERAL.to_crs(3857), krg=KRG)
    assert list(out.index) == ["v", "k", "f", "x"]
    assert list(out.columns) == list(LOCATE_COLUMNS)
    assert out.loc["k", "side"] == "krg"


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
        {"ADM1_EN": ["Gov"], "ADM2_EN": ["Dist"]},
        geometry=[shapely.box(43.5, 35.0, 44.2, 35.6)],
        crs=4326,
    )
    out = locate(_pts([(44.1, 35.1), (44.3, 35.1), (43.0, 33.0)]), territories=terr, admin=admin)
    assert out["territory"].tolist() == ["A", "A", None]
    assert out["governorate"].tolist() == ["Gov", None, None]
    assert out["district"].tolist() == ["Dist", None, None]
    assert not out["district_approximate"].any()


def test_level3_admin_gives_parent_district():
    admin = gpd.GeoDataFrame(
        {"ADM1_EN": ["Gov"], "ADM2_EN": ["Dist"], "ADM3_EN": ["Sub"]},
        geometry=[shapely.box(43.5, 35.0, 44.2, 35.6)],
        crs=4326,
    )
    out = locate(_pts([(44.1, 35.1)]), admin=admin)
    assert out[["governorate", "district"]].values.tolist() == [["Gov", "Dist"]]


def test_bundled_layers_known_places():
    pts = _pts(
        [(44.009, 36.191), (44.392, 35.468), (44.361, 33.312), (41.877, 36.321)],
        index=["Erbil", "Kirkuk", "Baghdad", "Sinjar"],
    )
    out = locate(pts)
    assert out["side"].to_dict() == {
        "Erbil": "krg",
        "Kirkuk": "federal",
        "Baghdad": "federal",
        "Sinjar": "federal",
    }
    assert out["territory"].to_dict() == {
        "Erbil": None,
        "Kirkuk": "Kirkuk",
        "Baghdad": None,
        "Sinjar": "Sinjar",
    }
    # nearest-seat fallback: Kirkuk city is its own district seat
    assert out.loc["Kirkuk", "district"] == "Kirkuk"
    assert out.loc["Kirkuk", "district_approximate"]


def test_bundled_every_point_in_iraq_gets_a_side():
    from hotspot.gazetteer import iraq_outline

    rng = np.random.default_rng(1)
    lon = rng.uniform(38.8, 48.6, 5000)
    lat = rng.uniform(29.1, 37.4, 5000)
    inside = shapely.contains_xy(iraq_outline(), lon, lat)
    out = locate((lat[inside], lon[inside]))
    assert out["side"].notna().all()
    assert set(out["side"]) == {"federal", "krg", "vacuum"}


def test_missing_points_give_empty_rows():
    pts = gpd.GeoDataFrame(geometry=[shapely.Point(44.0, 35.1), None], crs=4326)
    out = locate(pts, federal=FEDERAL, krg=KRG)
    assert out["side"].tolist() == ["vacuum", None]
    assert out.loc[1].drop("district_approximate").isna().all()


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
