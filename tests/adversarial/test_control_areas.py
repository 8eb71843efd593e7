"""#15 item 5: control areas whose edges are the control lines give the lines' vacuum.

Before the fix, areas cut from Iraq along the bundled lines gave 1 vacuum zone of
37 km² along 4.7 km (95 km² along 7.5 km in the issue's measurement) where the
lines gave 5 zones of 3,561 km² along 479 km: the facing edge was taken from the
shortest links between the areas, which wiggly lines break into short runs.
"""

from __future__ import annotations

import warnings

import geopandas as gpd
import pytest
import shapely
from shapely import LineString

from hotspot._admin import country_outline
from hotspot.boundaries import load_control_lines
from hotspot.errors import BoundaryError
from hotspot.gaps import find_gaps
from hotspot.locate import locate


def frame(*geoms, crs=32638):
    return gpd.GeoDataFrame(geometry=list(geoms), crs=crs)


def _split_country(line: LineString, other: LineString) -> shapely.Geometry:
    """The part of Iraq on the far side of ``line`` from ``other`` (ends snapped to the border)."""
    outline = country_outline()
    border = outline.exterior
    coords = shapely.get_coordinates(line)
    for i in (0, -1):
        coords[i] = shapely.get_coordinates(
            border.interpolate(border.project(shapely.Point(coords[i])))
        )[0]
    snapped = LineString(coords)
    noded = shapely.union_all([border, snapped], grid_size=1e-7)  # about a centimetre
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    mid = other.interpolate(0.5, normalized=True)
    far = [f for f in faces if f.area > 1e-9 and not f.contains(mid)]
    return shapely.union_all(far), snapped


@pytest.fixture(scope="module")
def areas_and_lines():
    lines = load_control_lines()
    fl = lines.loc[lines["side"] == "federal"].geometry.iloc[0]
    kl = lines.loc[lines["side"] == "krg"].geometry.iloc[0]
    f_area, f_line = _split_country(fl, kl)
    k_area, k_line = _split_country(kl, fl)
    return (
        (frame(f_area, crs=4326), frame(k_area, crs=4326)),
        (frame(f_line, crs=4326), frame(k_line, crs=4326)),
    )


def test_areas_whose_edges_are_the_lines_give_the_lines_vacuum(areas_and_lines):
    """#15: areas must give their facing lines' vacuum (before: 1 zone of 95 km²)."""
    (f_area, k_area), (f_line, k_line) = areas_and_lines
    for study_area in ("disputed", None):
        by_areas = find_gaps(f_area, k_area, study_area=study_area, gazetteer=False)
        by_lines = find_gaps(f_line, k_line, study_area=study_area, gazetteer=False)
        assert len(by_areas.zones) == len(by_lines.zones) >= 1
        assert by_areas.zones["area_km2"].sum() == pytest.approx(
            by_lines.zones["area_km2"].sum(), rel=1e-3
        )
        assert by_areas.params["front_km"] == pytest.approx(by_lines.params["front_km"], rel=1e-3)
    # and the snapped lines are the bundled ones within a kilometre: the same band
    bundled = find_gaps(gazetteer=False)
    by_areas = find_gaps(f_area, k_area, gazetteer=False)
    assert len(by_areas.zones) == len(bundled.zones)
    assert by_areas.zones["area_km2"].sum() == pytest.approx(
        bundled.zones["area_km2"].sum(), rel=0.01
    )


def test_areas_place_points_on_their_side(areas_and_lines):
    (f_area, k_area), _ = areas_and_lines
    pts = gpd.GeoSeries(
        [shapely.Point(44.0, 36.19), shapely.Point(44.36, 33.31), shapely.Point(44.39, 35.47)],
        crs=4326,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        by_areas = locate(pts, federal=f_area, krg=k_area)["side"].tolist()
    assert by_areas == locate(pts)["side"].tolist() == ["krg", "federal", "federal"]


def test_overlapping_areas_are_refused_clearly():
    fed = frame(shapely.box(4e5, 38.5e5, 5e5, 39.05e5))
    krg = frame(shapely.box(4e5, 39e5, 5e5, 39.6e5))
    with pytest.raises(BoundaryError, match=r"areas overlap \(500.0 km²\) and leave no gap"):
        find_gaps(fed, krg, study_area=None, gazetteer=False)
