"""Briefing maps: rendered HTML, offline saving, and a real headless-Chromium check."""

from __future__ import annotations

import re

import folium
import geopandas as gpd
import pandas as pd
import pytest
import shapely

from hotspot.errors import CRSError
from hotspot.maps import (
    briefing_map,
    find_chromium,
    inline_resources,
    map_to_png,
    run_chromium,
    save_map,
)

HOSTILE = [
    "<img src=x onerror=\"document.title='pwned'\">",
    "</script><script>document.title='pwned'</script>",
    "Kerkûk / کەرکووک",
]


@pytest.fixture
def layers():
    incidents = gpd.GeoDataFrame(
        {
            "event_type": ["Battles", "Explosions/Remote violence", "Riots"],
            "place": HOSTILE,
            "date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-03-15"]),
            "fatalities": [1, 0, 2],
        },
        geometry=[
            shapely.Point(44.45, 35.13),
            shapely.Point(44.10, 35.30),
            shapely.Point(45.00, 34.50),
        ],
        crs="EPSG:4326",
    )
    hotspots = gpd.GeoDataFrame(
        {"hotspot": [0], "label": ["Daquq <b>bold</b>"], "incidents": [2]},
        geometry=[shapely.Point(44.45, 35.13).buffer(0.05)],
        crs="EPSG:4326",
    )
    lines = gpd.GeoDataFrame(
        {"side": ["federal", "krg"], "schematic": [True, True], "name": ["F", "K"]},
        geometry=[
            shapely.LineString([(43.5, 35.5), (45.0, 35.0)]),
            shapely.LineString([(43.6, 35.7), (45.1, 35.2)]),
        ],
        crs="EPSG:4326",
    ).to_crs(32638)  # any CRS is accepted
    return {"incidents": incidents, "hotspots": hotspots, "control_lines": lines}


def test_returns_folium_map_with_legend_title_and_caveats(layers):
    m = briefing_map(
        **layers, title="Kirkuk brief", as_of="2025-01-31", sources=["synthetic test data"]
    )
    assert isinstance(m, folium.Map)
    page = m.get_root().render()
    assert "Kirkuk brief" in page and "As of 2025-01-31" in page
    assert "synthetic test data" in page
    assert "control lines layer is schematic" in page
    for label in ["Hotspot (DBSCAN)", "Battles", "Riots", "Federal forward line"]:
        assert label in page
    assert "#2166ac" in page  # federal colour shared with the QGIS styles
    assert "control_scale" in page or "L.control.scale" in page


def test_hostile_text_is_escaped(layers):
    page = briefing_map(**layers).get_root().render()
    assert "<img src=x" not in page
    assert "<script>document.title" not in page
    assert "<b>bold</b>" not in page


def test_adds_to_existing_map(layers):
    m = folium.Map(tiles=None)
    out = briefing_map(incidents=layers["incidents"], m=m)
    assert out is m
    assert "GeoJson" in "".join(type(c).__name__ for c in m._children.values())


def test_offline_html_has_no_remote_resources(tmp_path, layers):
    path = save_map(briefing_map(**layers, heatmap=True, time_slider=True), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    assert not re.search(r'<script src="https?://', page)
    assert not re.search(r'<link rel="stylesheet" href="https?://', page)
    assert "tile.openstreetmap" not in page


def test_inline_resources_names_a_missing_resource():
    page = '<script src="https://example.invalid/x.js"></script>'
    with pytest.raises(LookupError, match=r"example\.invalid"):
        inline_resources(page)


def test_missing_crs_is_an_error():
    layer = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(44, 35)])
    with pytest.raises(CRSError, match="incidents"):
        briefing_map(incidents=layer)


_COLLECTOR = (
    "<script>window.addEventListener('error', function (e) {"
    "var d = document.getElementById('js-errors') || document.createElement('pre');"
    "d.id = 'js-errors'; d.textContent += e.message + '\\n';"
    "document.documentElement.appendChild(d); });</script>"
)

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="chromium not installed")


@needs_chromium
def test_renders_in_headless_chromium_without_network(tmp_path, layers):
    path = save_map(briefing_map(**layers, heatmap=True), tmp_path / "map.html")
    page = path.read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("<head>", "<head>" + _COLLECTOR, 1), encoding="utf-8")
    dom = run_chromium(["--dump-dom", "--virtual-time-budget=5000", probe.as_uri()]).stdout
    errors = re.search(r'<pre id="js-errors">(.*?)</pre>', dom, re.S)
    assert errors is None, f"script errors in the map: {errors.group(1) if errors else ''}"
    # Leaflet drew vector paths: 3 incidents + 1 hotspot + 2 lines + the Iraq basemap.
    assert dom.count("leaflet-interactive") >= 7
    assert not re.search(r"<title>[^<]*pwned", dom)  # the hostile scripts never ran
    assert '<img src="x"' not in dom
    assert 'id="hotspot-legend"' in dom


@needs_chromium
def test_png_is_not_blank(tmp_path, layers):
    from PIL import Image, ImageStat

    html = save_map(briefing_map(**layers), tmp_path / "map.html")
    png = map_to_png(html, tmp_path / "map.png", width=800, height=600)
    image = Image.open(png).convert("RGB")
    assert image.size == (800, 600)
    assert len(image.getcolors(maxcolors=1 << 20)) > 20
    assert max(ImageStat.Stat(image).stddev) > 5


def test_undated_incidents_and_non_text_values(tmp_path):
    layer = gpd.GeoDataFrame(
        {
            "event_type": ["Riots & Protests", "Battles"],
            "date": pd.to_datetime(["2024-01-05", None]),
            "notes": [["<img src=x onerror=alert(1)>"], {"a": "<b>"}],
        },
        geometry=[shapely.Point(44.4, 35.1), shapely.Point(44.5, 35.2)],
        crs=4326,
    )
    page = briefing_map(incidents=layer, time_slider=True).get_root().render()
    assert "NaT" not in page
    assert "<img src=x" not in page
    assert "'<b>'" not in page and '"<b>"' not in page
    assert "Riots &amp; Protests" in page and "&amp;amp;" not in page
