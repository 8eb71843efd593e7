"""Briefing maps: the page, its layers, offline saving and real headless-Chromium checks."""

from __future__ import annotations

import html
import json
import os
import re
import stat

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from hotspot._palette import EVENT_COLOURS, HOTSPOT, event_colours
from hotspot.boundaries import load_reference_layers
from hotspot.errors import CRSError
from hotspot.maps import (
    DEFAULT_TITLE,
    Map,
    briefing_map,
    briefing_page,
    find_chromium,
    inline_resources,
    map_sources,
    map_to_png,
    print_to_pdf,
    run_chromium,
    save_map,
)
from hotspot.maps import layers as map_layers
from hotspot.maps.render import chromium_candidates

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
        {"hotspot": [0, 1], "label": ["Daquq <b>bold</b>", "Tuz"], "incidents": [2, 40]},
        geometry=[
            shapely.Point(44.45, 35.13).buffer(0.05),
            shapely.Point(44.64, 34.88).buffer(0.05),
        ],
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


def _spec(m: folium.Map) -> dict:
    """The data the map's script draws (the JSON of its hotspotBriefing.draw call)."""
    page = m.get_root().render()
    found = re.search(r"hotspotBriefing\.draw\(\w+, (\{.*?\})\);", page, re.S)
    assert found, "no draw call in the page"
    return json.loads(found.group(1))


# ----------------------------------------------------------------- the page
def test_returns_folium_map_with_legend_title_and_caveats(layers):
    m = briefing_map(
        **layers, title="Kirkuk brief", as_of="2025-01-31", sources=["synthetic test data"]
    )
    assert isinstance(m, folium.Map) and isinstance(m, Map)
    page = m.get_root().render()
    assert "Kirkuk brief" in page and "As of 2025-01-31" in page
    assert "synthetic test data" in page
    assert "control lines layer is schematic" in page
    for label in ["Hotspots (2), numbered by rank", "Battles", "Riots", "Federal forward line"]:
        assert label in page
    assert "#2166ac" in page  # federal colour shared with the QGIS styles
    assert 'id="hotspot-side"' in page and 'id="hotspot-sources"' in page


def test_framing_defaults_neutral_title_as_of_from_the_data_and_sources(layers):
    incidents = layers["incidents"].copy()
    incidents.attrs["dataset"] = {"name": "UCDP GED", "version": "19.1", "licence": "CC BY 4.0"}
    page = briefing_map(incidents=incidents).get_root().render()
    assert DEFAULT_TITLE in page and "ISIS" not in page
    assert "As of 2024-03-15" in page  # the last incident, never today's date
    assert "2024-01-05 to 2024-03-15" in page  # the period
    assert "UCDP GED 19.1" in page and "Incidents: UCDP GED 19.1 (CC BY 4.0)" in page
    assert "OCHA / Iraq Central Statistics Office" in page  # boundaries always credited
    assert "Natural Earth" in page
    # A given source replaces the data line only: the boundary licences stay.
    lines = map_sources(incidents, data=["Field reports"])
    assert lines[0] == "Field reports" and any("OCHA" in line for line in lines)


def test_as_of_is_a_date(layers):
    page = briefing_map(**layers, as_of="2024-06").get_root().render()
    assert "As of 2024-06-30" in page  # a month means its last day
    with pytest.raises(ValueError, match="as_of"):
        briefing_map(**layers, as_of="last week")


def test_context_layers_label_governorates_towns_and_neighbours(layers):
    spec = _spec(briefing_map(**layers))
    labels = {html.unescape(label["text"]): label for label in spec["labels"]}
    assert {"Iran", "Turkey", "Syria", "Jordan", "Saudi Arabia", "Kuwait"} <= set(labels)
    assert {"Kirkuk", "Baghdad", "Mosul", "Erbil"} <= set(labels)  # governorate seats
    assert "Nineveh" in labels or "Ninewa" in labels  # governorate names
    assert labels["Baghdad"]["prio"] < labels["Samarra"]["prio"]  # seats before other towns
    assert labels["Samarra"]["minZoom"] > labels["Baghdad"]["minZoom"]  # de-cluttered by rank
    names = [layer["name"] for layer in spec["layers"]["below"]]
    assert "Governorates" in names
    assert len(spec["layers"]["below"][1]["data"]["features"]) >= 2  # lakes
    assert len(spec["layers"]["below"][2]["data"]["features"]) >= 2  # rivers
    bare = _spec(briefing_map(**layers, context=False))
    assert bare["labels"] == [] and "Governorates" not in [
        layer["name"] for layer in bare["layers"]["below"]
    ]


def test_context_layers_draw_and_label_the_major_dams(layers):
    spec = _spec(briefing_map(**layers))
    dams = next(layer for layer in spec["layers"]["below"] if layer["name"] == "Dams")
    assert dams["style"]["shape"] == "square" and dams["tips"] is True
    tips = {
        html.unescape(re.match(r"<b>(.*?)</b>", f["properties"]["tip"]).group(1)): html.unescape(
            f["properties"]["tip"]
        )
        for f in dams["data"]["features"]
    }
    assert {"Mosul Dam", "Haditha Dam", "Hamrin Dam", "Dukan Dam", "Samarra Barrage"} <= set(tips)
    assert not {"Bekhme Dam", "Badush Dam", "Makhoul Dam"} & set(tips)  # unfinished
    assert "Mosul Lake (reservoir not drawn: no open source" in tips["Mosul Dam"]
    assert "Lake Dukan" in tips["Dukan Dam"] and "not drawn" not in tips["Dukan Dam"]
    assert "Reservoir" not in tips["Samarra Barrage"]
    labels = {html.unescape(label["text"]): label for label in spec["labels"]}
    towns = [x for x in spec["labels"] if x["cls"] in ("hs-town", "hs-town1")]
    for name in tips:  # every dam is labelled, after every town (and hotspot)
        assert "hs-dam" in labels[name]["cls"] and labels[name]["symbols"] is True
        assert labels[name]["prio"] > max(t["prio"] for t in towns), name
    assert labels["Mosul Dam"]["minZoom"] == 0 < labels["Samarra Barrage"]["minZoom"]
    assert labels["Mosul Dam"]["prio"] < labels["Samarra Barrage"]["prio"]  # by rank
    page = briefing_map(**layers).get_root().render()
    assert "Mosul, Haditha, Hamrin, Udhaim lakes not drawn" in page  # the legend says so
    assert "Dams: hotspot gazetteer.csv" in page  # and the sources
    assert "Dams" not in [
        x["name"] for x in _spec(briefing_map(**layers, context=False))["layers"]["below"]
    ]


def test_hotspots_are_numbered_by_rank_and_sized_by_incidents(layers):
    spec = _spec(briefing_map(**layers))
    items = spec["hotspots"]["items"]
    assert [(i["rank"], html.unescape(i["label"])) for i in items] == [
        (1, "Tuz"),
        (2, "Daquq <b>bold</b>"),
    ]
    assert items[0]["r"] > items[1]["r"]  # the bigger hotspot has the bigger symbol
    assert "#1 Tuz" in html.unescape(items[0]["tip"])
    # A rank column is used as it is (the one rule lives in hotspot.hotspots).
    ranked = layers["hotspots"].assign(rank=[1, 2])
    assert [i["rank"] for i in _spec(briefing_map(hotspots=ranked))["hotspots"]["items"]] == [1, 2]
    # The town a hotspot is named after is labelled only where the hotspot's label is not.
    tuz = layers["hotspots"].assign(label=["Daquq", "Tuz Khurmatu"])
    town = next(
        x for x in _spec(briefing_map(hotspots=tuz))["labels"] if x["text"] == "Tuz Khurmatu"
    )
    assert town["unless"] == [1]


def test_hotspots_never_share_a_colour_with_an_event_type():
    kinds = [*EVENT_COLOURS, "state-based", "non-state", "one-sided", "IED", "SAF", "other"]
    assert HOTSPOT not in set(event_colours(kinds).values())
    assert HOTSPOT not in set(EVENT_COLOURS.values())


def test_extent_is_fitted_to_located_incidents_not_boundaries(layers):
    incidents = layers["incidents"].assign(precision=[1, 1, 3])  # a coarse centroid
    extra = gpd.GeoDataFrame(
        {"event_type": ["Battles"], "precision": [1]}, geometry=[shapely.Point()], crs=4326
    )  # a miss (a flagged placeholder has no point)
    incidents = pd.concat([incidents, extra])
    (south, west), (north, east) = _spec(briefing_map(incidents=incidents))["fit"]
    # The two located points (44.10-44.45 E, 35.13-35.30 N), widened to 0.6° around them;
    # the coarse centroid (45.00 E, 34.50 N) is left out.
    assert (west + east) / 2 == pytest.approx(44.275) and east - west == pytest.approx(0.6)
    assert (south + north) / 2 == pytest.approx(35.215) and north - south == pytest.approx(0.6)
    assert east < 45.0 and south > 34.5


def test_many_incidents_are_drawn_as_hexagon_counts(layers, monkeypatch):
    rng = np.random.default_rng(1)
    n = 400
    incidents = gpd.GeoDataFrame(
        {"event_type": rng.choice(["IED", "SAF"], n), "date": pd.Timestamp("2024-01-01")},
        geometry=gpd.points_from_xy(44 + rng.normal(0, 0.2, n), 35 + rng.normal(0, 0.2, n)),
        crs=4326,
    )
    points = _spec(briefing_map(incidents=incidents))["incidents"]
    assert "hex" not in points and len(points["lat"]) == n
    monkeypatch.setattr(map_layers, "AGGREGATE_ABOVE", 100)
    spec = _spec(briefing_map(incidents=incidents))["incidents"]
    cells = spec["hex"]["cell"]
    assert len(cells) == n and spec["lat"] == []
    assert len(spec["hex"]["cells"]) == len(set(cells)) < n
    assert all(len(ring) == 6 for ring in spec["hex"]["cells"])
    forced = _spec(briefing_map(incidents=incidents.head(5), aggregate=True))["incidents"]
    assert "hex" in forced


def test_hex_bins_are_exact_hexagons():
    lon = np.array([44.0, 44.0001, 44.3])
    lat = np.array([35.0, 35.0, 35.0])
    cell, rings = map_layers.hex_bins(lon, lat, 10)
    assert cell.tolist() == [0, 0, 1]
    ring = gpd.GeoSeries([shapely.Polygon([(b, a) for a, b in rings[0]])], crs=4326).to_crs(32638)
    width_km = 2 * (3**0.5 / 2) * (ring.length.iloc[0] / 6) / 1000  # flat-to-flat
    assert width_km == pytest.approx(10, rel=2e-3)
    assert ring.contains(gpd.GeoSeries([shapely.Point(44, 35)], crs=4326).to_crs(32638)).all()


def test_time_slider_filter_is_in_the_spec(layers):
    spec = _spec(briefing_map(**layers, time_slider=True))
    assert spec["timeFilter"] is True
    assert spec["incidents"]["monthNames"] == ["2024-01", "2024-02", "2024-03"]
    assert spec["incidents"]["month"] == [0, 1, 2]
    assert _spec(briefing_map(**layers))["timeFilter"] is False


def test_tiles_only_when_asked_and_credited(layers):
    offline = briefing_map(**layers).get_root().render()
    assert "tile.openstreetmap" not in offline and "L.tileLayer" not in offline
    online = briefing_map(**layers, tiles="OpenStreetMap").get_root().render()
    assert "tile.openstreetmap.org" in online
    assert "Basemap: OpenStreetMap" in online
    with pytest.raises(ValueError, match="OpenTopoMap"):
        briefing_map(**layers, tiles="Google")


def test_hostile_text_is_escaped(layers):
    page = briefing_map(**layers).get_root().render()
    assert "<img src=x" not in page
    assert "<script>document.title" not in page
    assert "<b>bold</b>" not in page


def test_adds_to_existing_map(layers):
    m = folium.Map(tiles=None)
    out = briefing_map(incidents=layers["incidents"], m=m)
    assert out is m and not isinstance(out, Map)
    page = m.get_root().render()
    assert f"hotspotBriefing.draw({m.get_name()}," in page
    assert '"fit"' not in page  # the user's view is kept


def test_offline_html_has_no_remote_resources(tmp_path, layers):
    path = save_map(briefing_map(**layers, heatmap=True, time_slider=True), tmp_path / "m.html")
    page = path.read_text(encoding="utf-8")
    assert not re.search(r'<script src="https?://', page)
    assert not re.search(r'<link rel="stylesheet" href="https?://', page)
    assert "tile.openstreetmap" not in page
    assert "bootstrap" not in page.lower()  # only Leaflet is loaded: a smaller file


def test_jupyter_display_and_save_are_offline(tmp_path, layers):
    m = briefing_map(**layers)
    shown = m._repr_html_()
    assert shown.startswith("<div") and "srcdoc=" in shown
    inner = html.unescape(re.search(r'srcdoc="(.*?)" style', shown, re.S).group(1))
    assert not re.search(r'<script src="https?://', inner)
    assert "L.map(" in inner and "hotspotBriefing.draw(" in inner
    m.save(tmp_path / "m.html")  # folium's own method: written offline too
    assert not re.search(r'<script src="https?://', (tmp_path / "m.html").read_text("utf-8"))


def test_explore_shows_offline_in_jupyter():
    from hotspot.hotspots import find_hotspots

    frame = gpd.GeoDataFrame(geometry=[shapely.Point(44.39, 35.47)] * 12, crs=4326)
    m = find_hotspots(frame, gazetteer=False).explore()
    assert isinstance(m, Map)
    assert not re.search(r'<script src="https?://', html.unescape(m._repr_html_()))


def test_inline_resources_names_a_missing_resource():
    page = '<script src="https://example.invalid/x.js"></script>'
    with pytest.raises(LookupError, match=r"example\.invalid"):
        inline_resources(page)


def test_missing_crs_is_an_error():
    layer = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(44, 35)])
    with pytest.raises(CRSError, match="incidents"):
        briefing_map(incidents=layer)


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
    m = briefing_map(incidents=layer, time_slider=True)
    spec = _spec(m)
    page = m.get_root().render()
    assert "NaT" not in page
    assert "<img src=x" not in page
    assert spec["incidents"]["month"] == [0, None]
    notes = spec["incidents"]["values"]["notes"]
    assert all("<" not in str(v) for v in notes)  # escaped: &lt;
    assert "Riots &amp; Protests" in spec["incidents"]["types"]


def test_page_lays_out_the_briefing():
    table = pd.DataFrame(
        {
            "hotspot": [0, 1],
            "incidents": [12, 40],
            "label": ["Hawija <b>", "Kirkuk"],
            "area_km2": [19.6, 120.4],
            "locations": [1, 37],
            "first_date": pd.to_datetime(["2024-01-01", "2024-01-03"]),
            "last_date": pd.to_datetime(["2024-06-01", "2024-01-03"]),
            "fatalities": [3, pd.NA],
        }
    )
    page = briefing_page(
        b"\x89PNG fake",
        title="Weekly {{7*7}}",
        subtitle="UCDP GED 19.1",
        hotspots=table,
        sources=["UCDP GED 19.1"],
        vacuum=["6 zones"],
        notes=["a note"],
        legend='<div id="hotspot-side">legend</div>',
    )
    assert "size: A4 landscape" in page and "Weekly {{7*7}}" in page
    assert "Hawija &lt;b&gt;" in page and "data:image/png;base64," in page
    rows = re.findall(r'<td class="r">(\d+)</td>\s*<td>([^<]+)', page)
    assert rows == [("1", "Kirkuk"), ("2", "Hawija &lt;b&gt;")]  # by rank
    assert "19.6" not in page and "20 (1)" in page and "120 (37)" in page  # km² (places)
    assert "2024-01 to 2024-06" in page
    empty = briefing_page(None, title="t", subtitle="", hotspots=None, sources=[],
                          no_hotspot="No hotspot this week.")  # fmt: skip
    assert "No hotspot this week." in empty and "could not be rendered" in empty


# ----------------------------------------------------------------- finding Chromium
def test_chromium_is_looked_for_on_every_system():
    env = {"PROGRAMFILES": r"C:\Program Files", "LOCALAPPDATA": r"C:\Users\a\AppData\Local"}
    windows = list(chromium_candidates("Windows", env))
    assert r"C:\Program Files\Google\Chrome\Application\chrome.exe" in windows
    assert r"C:\Users\a\AppData\Local\Microsoft\Edge\Application\msedge.exe" in windows
    mac = list(chromium_candidates("Darwin", {"HOME": "/Users/a"}))
    assert "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" in mac
    assert "/Users/a/Applications/Chromium.app/Contents/MacOS/Chromium" in mac
    assert "chromium" in list(chromium_candidates("Linux", {}))


def test_hotspot_chromium_names_the_executable(tmp_path, monkeypatch):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\necho fake\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("HOTSPOT_CHROMIUM", str(fake))
    assert find_chromium() == str(fake)
    monkeypatch.setenv("HOTSPOT_CHROMIUM", str(tmp_path / "missing"))
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing else to find
    assert find_chromium() is None
    with pytest.raises(FileNotFoundError, match="HOTSPOT_CHROMIUM"):
        run_chromium(["--version"])


# ----------------------------------------------------------------- in a real browser
_PROBE = """<script>
window.addEventListener('load', function () {
  setTimeout(function () {
    var map = null;
    for (var key in window) { if (window[key] instanceof L.Map) { map = window[key]; } }
    var visible = function (el) {
      var s = getComputedStyle(el);
      var r = el.getBoundingClientRect();
      return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0;
    };
    var texts = Array.from(document.querySelectorAll(
      '.hs-label .hs-text, #hotspot-title div, #hotspot-side span, #hotspot-side td, ' +
      '#hotspot-sources, .leaflet-control-scale-line'))
      .filter(visible);
    var report = {
      resources: performance.getEntriesByType('resource').map(function (e) { return e.name; }),
      labels: Array.from(document.querySelectorAll('.hs-label')).filter(function (e) {
        return e.style.visibility === 'visible'; }).map(function (e) { return e.textContent; }),
      hotspots: Array.from(document.querySelectorAll('.hs-hs')).map(function (e) {
        return e.textContent; }),
      symbols: document.querySelectorAll('.hs-sym').length,
      title: (document.querySelector('#hotspot-title .hs-h') || {}).textContent,
      north: !!document.querySelector('.hs-north') && visible(document.querySelector('.hs-north')),
      controls: Array.from(document.querySelectorAll(
        '.leaflet-control-zoom, .leaflet-control-layers, .leaflet-control-attribution, .hs-time'))
        .filter(visible).map(function (e) { return e.className; }),
      minFont: Math.min.apply(null, texts.map(function (e) {
        return parseFloat(getComputedStyle(e).fontSize); })),
      bounds: map.getBounds().toBBoxString(),
      overlap: 0
    };
    var boxes = Array.from(document.querySelectorAll('.hs-label')).filter(function (e) {
      return e.style.visibility === 'visible'; }).map(function (e) {
      return e.querySelector('.hs-text').getBoundingClientRect(); });
    for (var i = 0; i < boxes.length; i++) { for (var j = i + 1; j < boxes.length; j++) {
      var a = boxes[i], b = boxes[j];
      if (a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top) {
        report.overlap += 1; } } }
    var inc = map.hotspot && map.hotspot.incidents();
    report.incidents = inc ? inc.getLayers().length : null;
    var slider = document.querySelector('.hs-time input');
    if (slider) {
      var before = inc;
      slider.value = 2; slider.dispatchEvent(new Event('input'));
      report.filtered = map.hotspot.incidents().getLayers().length;
      report.oldLayerRemoved = !map.hasLayer(before);
      slider.value = 0; slider.dispatchEvent(new Event('input'));
      report.unfiltered = map.hotspot.incidents().getLayers().length;
    }
    var out = document.createElement('textarea');
    out.id = 'probe';
    out.textContent = JSON.stringify(report);
    document.body.appendChild(out);
  }, 300);
});
</script>"""

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="chromium not installed")


def _probe(tmp_path, m, *, mode="print", size=(1600, 1000)):
    page = save_map(m, tmp_path / "map.html").read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    url = probe.as_uri() + ("#print" if mode == "print" else "")
    dom = run_chromium(
        ["--dump-dom", "--virtual-time-budget=6000", f"--window-size={size[0]},{size[1]}", url]
    ).stdout
    found = re.search(r'<textarea id="probe">(.*?)</textarea>', dom, re.S)
    assert found, "the probe did not run: " + dom[-500:]
    return json.loads(html.unescape(found.group(1))), dom


@pytest.fixture(scope="module")
def sample_analysis():
    from hotspot.analyze import analyze

    return analyze()


@needs_chromium
def test_print_mode_labels_title_north_arrow_no_controls_offline(tmp_path, sample_analysis):
    report, dom = _probe(tmp_path, sample_analysis.briefing_map())
    assert report["title"] and "ISIS" not in report["title"]
    assert report["north"]
    assert report["controls"] == []  # no zoom buttons, layer control, attribution, slider
    assert report["resources"] == [] or all(
        not r.startswith(("http:", "https:")) for r in report["resources"]
    )  # nothing fetched: everything is inlined
    assert {"Kirkuk", "Baghdad", "Erbil"} <= set(report["labels"])  # towns labelled
    assert {"Tigris", "Euphrates"} <= set(report["labels"])  # rivers named where there is room
    assert report["symbols"] == len(load_reference_layers().dams)  # every dam drawn
    # the dams of the large reservoirs are named where there is room (Haditha, in Anbar)
    assert {"Mosul Dam", "Haditha Dam"} & set(report["labels"])
    ranks = [int(t) for t in report["hotspots"]]
    assert sorted(ranks) == list(range(1, len(ranks) + 1))  # numbered by rank
    assert report["overlap"] == 0  # labels never collide
    assert report["minFont"] >= 14  # legible at 1600 x 1000
    assert not re.search(r"<title>[^<]*pwned", dom)


@needs_chromium
def test_screen_mode_has_the_web_controls(tmp_path, layers):
    report, _ = _probe(tmp_path, briefing_map(**layers), mode="screen")
    assert any("leaflet-control-zoom" in c for c in report["controls"])
    assert any("leaflet-control-layers" in c for c in report["controls"])


@needs_chromium
def test_time_slider_replaces_the_incident_layer(tmp_path, layers):
    report, _ = _probe(tmp_path, briefing_map(**layers, time_slider=True), mode="screen")
    assert report["incidents"] == 3
    assert report["filtered"] == 1  # only February's incident
    assert report["oldLayerRemoved"]  # the full layer is not left underneath
    assert report["unfiltered"] == 3


@needs_chromium
def test_time_slider_filters_hexagons_too(tmp_path, layers):
    m = briefing_map(**layers, time_slider=True, aggregate=True)
    report, _ = _probe(tmp_path, m, mode="screen")
    assert report["incidents"] == 3  # three hexagons, one incident each
    assert report["filtered"] == 1 and report["oldLayerRemoved"]


@needs_chromium
def test_extent_holds_the_data(tmp_path, layers):
    report, _ = _probe(tmp_path, briefing_map(**layers))
    west, south, east, north = map(float, report["bounds"].split(","))
    assert west <= 44.10 and east >= 45.0 and south <= 34.50 and north >= 35.30
    assert east - west < 4 and north - south < 3  # fitted to the data, not to Iraq


@needs_chromium
def test_png_is_not_blank(tmp_path, layers):
    from PIL import Image, ImageStat

    page = save_map(briefing_map(**layers), tmp_path / "map.html")
    png = map_to_png(page, tmp_path / "map.png", width=800, height=600)
    with Image.open(png) as opened:
        image = opened.convert("RGB")
    assert image.size == (800, 600)
    assert len(image.getcolors(maxcolors=1 << 20)) > 20
    assert max(ImageStat.Stat(image).stddev) > 5
    double = map_to_png(page, tmp_path / "map2.png", width=400, height=300, scale=2)
    with Image.open(double) as twice:
        assert twice.size == (800, 600)


@needs_chromium
def test_print_to_pdf_writes_one_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        briefing_page(None, title="T", subtitle="S", hotspots=None, sources=["x"]),
        encoding="utf-8",
    )
    pdf = print_to_pdf(page, tmp_path / "b.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1
    assert os.path.getsize(pdf) > 1000


# --------------------------------------------------------------------------- determinism
@pytest.mark.parametrize("options", [{}, {"tiles": "OpenStreetMap", "heatmap": True}])
def test_the_same_map_built_twice_is_the_same_file(layers, tmp_path, options):
    """audit analyze-twice / api-vs-cli: no random element ids (map_<32 hex>) in the page."""
    first = save_map(briefing_map(**layers, title="Kirkuk", **options), tmp_path / "a.html")
    again = save_map(briefing_map(**layers, title="Kirkuk", **options), tmp_path / "b.html")
    assert first.read_bytes() == again.read_bytes()
    names = set(re.findall(r"\b(map|tile_layer)_[0-9a-f]{32}\b", first.read_text("utf-8")))
    assert "map" in names and ("tile_layer" in names) == bool(options)


def test_different_maps_get_different_ids(layers):
    one = briefing_map(**layers, title="Kirkuk").get_name()
    other = briefing_map(**layers, title="Tuz").get_name()
    assert one != other  # two maps on one page never share a name


def test_a_given_map_keeps_its_ids(layers):
    m = folium.Map(tiles=None)
    marker = folium.Marker([35.1, 44.4]).add_to(m)
    names = (m.get_name(), marker.get_name())
    briefing_map(**layers, m=m)
    assert (m.get_name(), marker.get_name()) == names


def test_maps_read_dates_by_the_one_rule(layers):
    """dd/mm/yyyy is day first in the title band and the period filter, as in the readers."""
    incidents = layers["incidents"].assign(date=["03/12/2023", "05/01/2024", "2024-01"])
    m = briefing_map(incidents=incidents, time_slider=True)
    assert _spec(m)["incidents"]["monthNames"] == ["2023-12", "2024-01"]
    page = m.get_root().render()
    assert "3 incidents, 2023-12-03 to 2024-01-05" in page
    assert "As of 2024-01-05" in page  # the last incident's day, not 2024-05-01
