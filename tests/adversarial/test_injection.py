"""No text from data is ever evaluated: Jinja, HTML/JS, XML and terminal payloads.

Every text path that reaches an output carries the payloads: incident fields
(event types, actors, notes, places), layer attributes (labels, names, sides),
the map's title, date, sources and caveats, file names, GeoPackage layer names,
QGIS styles, summaries, terminal output and CSV cells. Each must show the text
literally and run nothing (the headless-Chromium test checks the HTML for real).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
import xml.etree.ElementTree as ET

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from hotspot.cli import main
from hotspot.export import layer_qml, write_geojson, write_geopackage
from hotspot.maps import briefing_map, find_chromium, run_chromium, save_map

# Jinja: each would change the text if evaluated (the marker words show it ran).
JINJA = [
    "{{7*7}}",
    "{{ lipsum.__name__ }}",  # -> generate_lorem_ipsum
    "{% for x in range(3) %}LOOP{% endfor %}",  # -> LOOPLOOPLOOP
    "a{# hidden #}b",  # -> ab
    "{% if",  # unbalanced: a template compiler would fail
    "}} %} #}",
]
EVALUATED = ["generate_lorem_ipsum", "LOOPLOOP", "pwned-by-jinja"]
HTML = [
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "</textarea><b>bold</b>",
    "</script><script>window.pwned=1</script>",
]
XML = ["]]>", "a & b", "<!-- x -->", "\"quoted' <![CDATA[x]]>"]
TERMINAL = ["\x1b[31mRED\x1b[0m", "\x1b]0;title\x07bell", "csi\x9b31m", "cr\roverwrite"]
# Code execution: creates the folder named by $HOTSPOT_PWN (quote-free, so escaping
# quotes does not defuse it).
EXEC = "{{ lipsum.__globals__.os.makedirs(lipsum.__globals__.os.environ.HOTSPOT_PWN) }}"
TEXT_PAYLOADS = [*JINJA, *HTML, *XML, EXEC]


@pytest.fixture
def pwn(tmp_path, monkeypatch):
    """The folder the EXEC payload would create; it must never exist."""
    target = tmp_path / "pwned-by-jinja"
    monkeypatch.setenv("HOTSPOT_PWN", str(target))
    yield target
    assert not target.exists(), "a Jinja payload ran code"


def _decoded(page: str) -> str:
    """The text a browser would show: JSON \\u escapes, then HTML entities, decoded once."""
    page = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)
    return html.unescape(page)


def _assert_inert(page: str, payloads) -> None:
    text = _decoded(page)
    for marker in EVALUATED:
        assert marker not in text, f"a template payload was evaluated ({marker})"
    assert "<script>document.title" not in page and "<img src=x" not in page
    assert "<script>window.pwned" not in page and "<b>bold</b>" not in page
    for payload in payloads:
        assert payload in text, f"{payload!r} is not shown literally"


def _point_layer(values: dict[str, list[str]]) -> gpd.GeoDataFrame:
    n = len(next(iter(values.values())))
    return gpd.GeoDataFrame(
        {**values, "date": pd.date_range("2024-01-01", periods=n, freq="D")},
        geometry=[shapely.Point(44.0 + 0.01 * i, 35.0 + 0.01 * i) for i in range(n)],
        crs=4326,
    )


@pytest.fixture
def hostile_layers():
    n = len(TEXT_PAYLOADS)
    incidents = _point_layer(
        {
            "event_type": TEXT_PAYLOADS,
            "sub_event_type": TEXT_PAYLOADS[::-1],
            "place": TEXT_PAYLOADS,
            "notes": TEXT_PAYLOADS[::-1],
        }
    )
    square = shapely.box(44.0, 35.0, 44.2, 35.2)
    polygons = {
        "hotspots": gpd.GeoDataFrame(
            {"hotspot": range(n), "label": TEXT_PAYLOADS, "incidents": [3] * n},
            geometry=[square] * n,
            crs=4326,
        ),
        "zones": gpd.GeoDataFrame({"label": TEXT_PAYLOADS}, geometry=[square] * n, crs=4326),
        "territories": gpd.GeoDataFrame(
            {"name": TEXT_PAYLOADS, "governorate": TEXT_PAYLOADS[::-1]},
            geometry=[square] * n,
            crs=4326,
        ),
        "basemap": gpd.GeoDataFrame({"name": TEXT_PAYLOADS}, geometry=[square] * n, crs=4326),
    }
    lines = gpd.GeoDataFrame(
        {"side": TEXT_PAYLOADS, "name": TEXT_PAYLOADS[::-1], "as_of": TEXT_PAYLOADS},
        geometry=[shapely.LineString([(44.0, 35.0 + i / 100), (44.5, 35.1)]) for i in range(n)],
        crs=4326,
    )
    return {"incidents": incidents, "control_lines": lines, **polygons}


def _hostile_map(layers):
    return briefing_map(
        **layers,
        title="{{7*7}} " + EXEC,
        as_of="2024-01-31",  # a date (checked); the period line is free text
        period="{% if",
        sources=["{{6*6}}.csv", "<script>document.title='pwned'</script>"],
        caveats=["{# caveat #}", "]]> & <!--"],
        heatmap=True,
        time_slider=True,
    )


def test_title_is_not_a_template(pwn):
    page = briefing_map(title="{{7*7}}").get_root().render()
    assert "{{7*7}}" in _decoded(page)
    assert "<b>49</b>" not in page


def test_every_map_text_path_is_inert(pwn, hostile_layers):
    page = _hostile_map(hostile_layers).get_root().render()
    _assert_inert(page, [*TEXT_PAYLOADS, "{{6*6}}.csv", "{# caveat #}", "{{7*7}} " + EXEC])


def test_map_renders_twice_without_evaluation(pwn, hostile_layers):
    m = _hostile_map(hostile_layers)
    _assert_inert(m.get_root().render(), TEXT_PAYLOADS)
    _assert_inert(m.get_root().render(), TEXT_PAYLOADS)


def test_saved_map_is_inert(pwn, tmp_path, hostile_layers):
    path = save_map(_hostile_map(hostile_layers), tmp_path / "m.html")
    _assert_inert(path.read_text(encoding="utf-8"), TEXT_PAYLOADS)


# A probe run in the page after the map: opens every tooltip and popup and reports
# their text, the document title and whether an injected script ran.
_PROBE = """<script>
window.addEventListener('load', function () {
  setTimeout(function () {
    var texts = [];
    function grab() {
      document.querySelectorAll('.leaflet-tooltip, .leaflet-popup-content')
        .forEach(function (el) { texts.push(el.textContent); });
    }
    for (var key in window) {
      var map = window[key];
      if (!map || !(map instanceof L.Map)) continue;
      map.eachLayer(function (layer) {
        if (layer.eachLayer) return;  // a group: its features are visited themselves
        if (!layer.getLatLng && !layer.getBounds) return;  // heat map canvas
        try {
          var ll = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
          layer.fire('mouseover', {latlng: ll}, true); grab();
          layer.fire('mouseout', {latlng: ll}, true);
          layer.fire('click', {latlng: ll}, true); grab();
          map.closePopup();
        } catch (e) { texts.push('probe-error: ' + e.message); }
      });
    }
    var out = document.createElement('textarea');
    out.id = 'probe';
    out.textContent = JSON.stringify({title: document.title, pwned: !!window.pwned,
      boxes: Array.from(document.querySelectorAll(
          '#hotspot-title, #hotspot-side, #hotspot-sources, .hs-label, .hs-hs'))
        .map(function (b) { return b.textContent; }), texts: texts});
    document.body.appendChild(out);
  }, 500);
});
</script>"""


@pytest.mark.skipif(find_chromium() is None, reason="chromium not installed")
def test_payloads_show_literally_in_chromium(pwn, tmp_path, hostile_layers):
    path = save_map(_hostile_map(hostile_layers), tmp_path / "m.html")
    probe = tmp_path / "probe.html"
    probe.write_text(
        path.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"), encoding="utf-8"
    )
    dom = run_chromium(["--dump-dom", "--virtual-time-budget=8000", probe.as_uri()]).stdout
    found = re.search(r'<textarea id="probe">(.*?)</textarea>', dom, re.S)
    assert found, "the probe did not run"
    report = json.loads(html.unescape(found.group(1)))
    assert report["title"] != "pwned" and not report["pwned"]
    assert not re.search(r"<title>[^<]*pwned", dom)
    assert '<img src="x"' not in dom
    shown = "\n".join(report["boxes"] + report["texts"])
    errors = [t for t in report["texts"] if t.startswith("probe-error")]
    assert not errors, errors
    assert len(report["texts"]) >= len(TEXT_PAYLOADS)  # tooltips and popups opened
    for marker in EVALUATED:
        assert marker not in shown
    for payload in [*TEXT_PAYLOADS, "{{6*6}}.csv", "{# caveat #}"]:
        assert payload in shown, f"{payload!r} not shown literally in the browser"


# ----------------------------------------------------------------- files for QGIS
def _qml_root(qml: str) -> ET.Element:
    return ET.fromstring(qml.split("\n", 1)[1])


@pytest.mark.parametrize("kind", ["incidents", "control_lines"])
def test_qml_categories_are_well_formed_and_literal(kind):
    values = [*XML, *HTML, *JINJA, *TERMINAL]
    root = _qml_root(layer_qml(kind, values))
    shown = [c.get("value") for c in root.iter("category")]
    assert shown[: len(XML) + len(HTML) + len(JINJA)] == [*XML, *HTML, *JINJA]
    # Characters XML cannot carry are dropped, the rest kept.
    assert shown[len(values) - len(TERMINAL) :] == [
        "[31mRED[0m",
        "]0;titlebell",
        "csi\x9b31m",
        "cr\roverwrite",
    ]


def test_geojson_sidecar_and_geopackage_styles_parse(tmp_path):
    layer = _point_layer({"event_type": [*XML, *TERMINAL], "side": [*XML, *TERMINAL]})
    path = write_geojson(layer, tmp_path / "incidents.geojson", style="incidents")
    _qml_root(path.with_suffix(".qml").read_text(encoding="utf-8"))
    names = ["a & b]]>", 'x\' "y" é']
    gpkg = write_geopackage(
        {name: layer for name in names} | {"incidents": layer, "control_lines": layer},
        tmp_path / "a.gpkg",
        styles={name: "incidents" for name in names} | {"control_lines": "control_lines"},
    )
    with sqlite3.connect(gpkg) as con:
        rows = dict(con.execute("select f_table_name, styleQML from layer_styles").fetchall())
    assert set(names) <= set(rows)
    for qml in rows.values():
        _qml_root(qml)
    back = gpd.read_file(gpkg, layer="a & b]]>")
    assert back["event_type"].tolist()[: len(XML)] == XML
    # GDAL refuses some layer names: a clear error naming the layer, the old file kept.
    before = gpkg.read_bytes()
    with pytest.raises(ValueError, match=re.escape("'{{7*7}}'")):
        write_geopackage({"ok": layer, "{{7*7}}": layer}, gpkg)
    assert gpkg.read_bytes() == before


# ----------------------------------------------------------------- the pipeline
def _hostile_csv(folder, name="{{7*7}}.csv"):
    # A bare CR inside a quoted field is the reader's business (#15 item 2), not ours.
    payloads = [*TEXT_PAYLOADS, *(t for t in TERMINAL if "\r" not in t)]
    rows = []
    for i in range(40):
        text = payloads[i % len(payloads)]
        rows.append(
            {
                "date": f"2024-01-{i % 28 + 1:02d}",
                "latitude": 35.47 + 0.0005 * (i % 5),
                "longitude": 44.39 + 0.0005 * (i % 7),
                "event_type": text,
                "actor1": text,
                "notes": text,
                "place": text,
                "source": text,
            }
        )
    path = folder / name
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_analyze_cli_evaluates_nothing(pwn, tmp_path):
    path = _hostile_csv(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(path), "--out", str(out), "--no-png"])
    assert result.exit_code == 0, result.output
    page = (out / "briefing_map.html").read_text(encoding="utf-8")
    _assert_inert(page, ["{{7*7}}.csv", "{{ lipsum.__name__ }}", EXEC])
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "{{7*7}}.csv" in summary and "49.csv" not in summary
    for text in (summary, result.output):
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    with sqlite3.connect(out / "analysis.gpkg") as con:
        for (qml,) in con.execute("select styleQML from layer_styles"):
            _qml_root(qml)
    _qml_root((out / "incidents.qml").read_text(encoding="utf-8"))
    back = gpd.read_file(out / "incidents.geojson")
    assert EXEC in set(back["event_type"])  # data kept as data


def test_analysis_repr_html_is_inert(pwn, tmp_path):
    from hotspot.analyze import analyze

    result = analyze(_hostile_csv(tmp_path, name="<b>x<b>{{7*7}}.csv"))
    page = result._repr_html_()
    assert "<b>x<b>" not in page
    assert "<b>x<b>{{7*7}}.csv" in html.unescape(page)
    hotspots_html = result.hotspots._repr_html_()
    gaps_html = result.gaps._repr_html_()
    for page in (hotspots_html, gaps_html):
        assert "<script>" not in page
    assert "\x1b" not in str(result)


# ----------------------------------------------------------------- terminal and CSV
def test_geocode_terminal_output_has_no_control_sequences():
    names = [*TERMINAL, "Kirkuk"]
    for fmt in ("table", "csv", "geojson"):
        result = CliRunner().invoke(main, ["geocode", "--format", fmt, *names])
        assert result.exit_code == 0, result.output
        for text in (result.stdout, result.stderr):
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text.replace("\r\n", "\n"))
        if fmt == "geojson":  # JSON keeps the data intact, escaped
            queries = [f["properties"]["query"] for f in json.loads(result.stdout)["features"]]
            assert queries == names


def test_geocode_csv_neutralises_formulas():
    names = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1+1", "-2+3", "\tTAB", "Kirkuk"]
    result = CliRunner().invoke(main, ["geocode", "--format", "csv", "--", *names])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["query"] for r in rows] == ["'" + n for n in names[:-1]] + ["Kirkuk"]
    assert float(rows[-1]["lat"]) > 35  # numbers stay numbers


def test_error_messages_strip_control_sequences(tmp_path):
    result = CliRunner().invoke(main, ["geocode", "--within", "\x1b[2JAtlantis", "Kirkuk"])
    assert result.exit_code == 2
    assert "Atlantis" in result.output and "\x1b" not in result.output


def test_file_name_with_escape_sequence_is_not_echoed_raw(tmp_path):
    path = _hostile_csv(tmp_path, name="brief\x1b[2J\x1b]0;x\x07.csv")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(path), "--out", str(out), "--no-png"])
    assert result.exit_code == 0, result.output
    assert "brief" in result.output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output)


def test_every_csv_we_write_neutralises_formulas(tmp_path):
    import dataclasses

    from hotspot.gaps import find_gaps

    result = find_gaps(gazetteer=False)
    profile = result.profile.copy()
    profile["width_class"] = ["=1+1", "@SUM(1)"] * (len(profile) // 2) + ["-3.5"] * (
        len(profile) % 2
    )
    dataclasses.replace(result, profile=profile).to_files(tmp_path)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "gaps_profile.csv").read_text("utf-8"))))
    assert {r["width_class"] for r in rows} <= {"'=1+1", "'@SUM(1)", "-3.5"}
    assert float(rows[0]["lon"]) > 40  # numbers untouched


# ----------------------------------------------------------------- briefing products (#11)
def test_map_labels_and_hotspot_list_are_inert(pwn, hostile_layers):
    m = _hostile_map(hostile_layers)
    page = m.get_root().render()
    spec = json.loads(re.search(r"hotspotBriefing\.draw\(\w+, (\{.*?\})\);", page, re.S)[1])
    labels = [label["text"] for label in spec["labels"]]
    symbols = [(h["label"], h["tip"]) for h in spec["hotspots"]["items"]]
    for text in labels + [t for pair in symbols for t in pair]:
        assert "<script" not in text and "<img" not in text and "{{" not in text
    shown = [html.unescape(label) for label, _ in symbols]
    assert set(shown) == set(TEXT_PAYLOADS)  # the hotspot labels, shown as written
    side = re.search(r'<div id="hotspot-side">.*?</table>', page, re.S)[0]
    _assert_inert(side, [t for t in TEXT_PAYLOADS if len(t) < 40][:3])


def test_briefing_page_cells_title_and_sources_are_inert(pwn):
    from hotspot.maps import briefing_page

    table = pd.DataFrame(
        {
            "hotspot": range(len(TEXT_PAYLOADS)),
            "incidents": range(100, 100 + len(TEXT_PAYLOADS)),
            "label": TEXT_PAYLOADS,
            "district": TEXT_PAYLOADS[::-1],
            "governorate": TEXT_PAYLOADS,
        }
    )
    page = briefing_page(
        None,
        title="{{7*7}} " + EXEC,
        subtitle="<script>document.title='pwned'</script>",
        hotspots=table,
        sources=["{{6*6}}.csv", *HTML],
        vacuum=JINJA,
        notes=XML,
        caveats=["{# caveat #}"],
        method="{% if",
        top=len(TEXT_PAYLOADS),
    )
    _assert_inert(page, [*TEXT_PAYLOADS, "{{6*6}}.csv", "{# caveat #}", "{{7*7}} " + EXEC])


@pytest.mark.skipif(find_chromium() is None, reason="chromium not installed")
def test_briefing_pdf_of_hostile_data_runs_nothing(pwn, tmp_path):
    from hotspot.analyze import analyze

    result = analyze(_hostile_csv(tmp_path), title="{{7*7}} " + EXEC, sources=HTML)
    pdf = result.briefing_pdf(tmp_path / "b.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    # The page Chromium printed, checked in Chromium: nothing ran, the text is literal.
    from hotspot.maps import briefing_page

    page = tmp_path / "page.html"
    page.write_text(
        briefing_page(
            None,
            title="{{7*7}} " + EXEC,
            subtitle="",
            hotspots=result.hotspots.hotspots,
            sources=result.sources(),
        ),
        encoding="utf-8",
    )
    dom = run_chromium(["--dump-dom", "--virtual-time-budget=2000", page.as_uri()]).stdout
    assert not re.search(r"<title>[^<]*pwned", dom) and "<script>document.title" not in dom
    assert "{{7*7}} " + EXEC in html.unescape(dom)


@pytest.mark.parametrize("kind", ["hotspots", "vacuum_zones", "disputed_territories"])
def test_qml_labels_and_classes_are_well_formed(kind):
    values = [*XML, *HTML, *JINJA, 3, 40.5, 678]
    root = _qml_root(layer_qml(kind, values))
    assert root.get("labelsEnabled") == "1"
    expression = root.find("labeling/settings/text-style").get("fieldName")
    assert expression.startswith(("concat(", '"'))  # our expression, never data
