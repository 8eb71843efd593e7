"""Briefing maps: folium maps of an analysis, saved offline, rendered to PNG.

:func:`briefing_map` draws incidents by event type, hotspot polygons, vacuum
zones, disputed territories and control lines, with a legend, layer control,
scale bar, title, date, data sources and caveats ("schematic" wherever a layer
is). It returns the :class:`folium.Map` and adds to an existing one with ``m=``;
it never displays anything itself.

:func:`save_map` writes one self-contained HTML file that renders with no
network at all: Leaflet and the plugins are inlined from the ``folium-offline``
package and no tile layer is requested in offline mode (the admin boundaries
are the basemap). :func:`map_to_png` renders that file to a PNG for slides with
headless Chromium.

Text from data is never evaluated. branca renders the output of every folium
element a second time as a Jinja2 template, so a note reading ``{{ ... }}``
would run as code if it reached that output as it is. Therefore:

* the title block and the legend are elements that are never re-rendered: their
  text is passed as variables to an autoescaping template, rendered once, and
  added to the page as it is;
* every value that reaches a folium element (tooltips, popups, the time slider)
  goes through :func:`hotspot._sanitize.html_text`, which escapes HTML and the
  template delimiters (``{``, ``}``, ``%``); the browser shows the text as
  written, and neither HTML, JavaScript nor a template expression in it runs.

Examples
--------
>>> import geopandas as gpd, shapely
>>> pts = gpd.GeoDataFrame({"event_type": ["Battles"], "place": ["<b>Daquq</b>"]},
...                        geometry=[shapely.Point(44.45, 35.13)], crs=4326)
>>> m = briefing_map(incidents=pts, title="Kirkuk", offline=True)
>>> html = m.get_root().render()
>>> "Daquq" in html and "<b>Daquq</b>" not in html  # stored escaped: &lt;b&gt;Daquq
True
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable
from datetime import date
from os import PathLike
from pathlib import Path

import folium
import geopandas as gpd
import jinja2
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement

from hotspot._io import atomic_file
from hotspot._sanitize import html_text
from hotspot.errors import CRSError
from hotspot.export import _OTHER_COLOUR, _SIDE_COLOURS, EVENT_COLOURS, is_schematic

__all__ = [
    "briefing_map",
    "find_chromium",
    "inline_resources",
    "map_to_png",
    "png_timeout",
    "run_chromium",
    "save_map",
]

_LAYER_COLOURS = {
    "hotspots": "#d7301f",
    "vacuum_zones": "#fdae61",
    "disputed_territories": "#7b3294",
    "basemap": "#9e9e9e",
}
_SIDE_LABELS = {"federal": "Federal forward line", "krg": "Peshmerga (KRG) forward line"}
# Per layer: the properties shown in tooltips, the Leaflet style, the legend row.
_BASEMAP_STYLE = {
    "fields": ("name",),
    "style": lambda _: {"color": "#9e9e9e", "weight": 1, "fillColor": "#f4f4f0", "fillOpacity": 1},
}
_TERRITORY_STYLE = {
    "fields": ("name", "governorate", "accuracy_km"),
    "style": lambda _: {
        "color": _LAYER_COLOURS["disputed_territories"],
        "weight": 2,
        "dashArray": "6 4",
        "fillOpacity": 0.04,
    },
    "legend": (_LAYER_COLOURS["disputed_territories"], "Disputed territory", "dashed"),
}
_ZONE_STYLE = {
    "fields": ("label", "area_km2", "width_median_km", "n_incidents"),
    "style": lambda _: {
        "color": "#e08214",
        "weight": 1,
        "fillColor": _LAYER_COLOURS["vacuum_zones"],
        "fillOpacity": 0.45,
    },
    "legend": (_LAYER_COLOURS["vacuum_zones"], "Security vacuum", "fill"),
}
_LINE_STYLE = {
    "fields": ("side", "name", "as_of"),
    "style": lambda f: {
        "color": _SIDE_COLOURS.get(f["properties"].get("side"), _OTHER_COLOUR),
        "weight": 3,
    },
}
_HOTSPOT_STYLE = {
    "fields": (
        "hotspot",
        "label",
        "incidents",
        "fatalities",
        "first_date",
        "last_date",
        "area_km2",
    ),
    "style": lambda _: {"color": _LAYER_COLOURS["hotspots"], "weight": 2, "fillOpacity": 0.25},
    "legend": (_LAYER_COLOURS["hotspots"], "Hotspot (DBSCAN)", "fill"),
}
_EXTRA_PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"]


def _escape(value: object) -> object:
    """Make a value safe for popups and tooltips: numbers stay, all else is escaped text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (float, np.floating)) and np.isnan(value):
        return ""
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, (pd.Timestamp, date)):
        return str(value)[:10]
    return html_text(value)  # strings, lists, dicts...: inert in HTML and in templates


def _geojson_data(gdf: gpd.GeoDataFrame, fields: Iterable[str], what: str) -> dict:
    """Return a GeoJSON dict in EPSG:4326 with only ``fields``, every string escaped."""
    if gdf.crs is None:
        raise CRSError(f"{what}: the layer has no CRS; set it, e.g. gdf.set_crs('EPSG:4326')")
    geometry = gdf.geometry if gdf.crs.to_epsg() == 4326 else gdf.geometry.to_crs(4326)
    present = ~(geometry.isna() | geometry.is_empty).to_numpy()
    keep = [f for f in fields if f in gdf.columns]
    props = pd.DataFrame(
        {
            column: [_escape(v) for v, ok in zip(gdf[column], present, strict=True) if ok]
            for column in keep
        }
    )
    out = gpd.GeoDataFrame(props, geometry=geometry.to_numpy()[present], crs=4326)
    return json.loads(out.to_json(drop_id=True))


def _bounds_4326(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """(minx, miny, maxx, maxy) in EPSG:4326, reprojecting only the bounding box."""
    if gdf.crs.to_epsg() == 4326:
        return gdf.total_bounds
    return gpd.GeoSeries([shapely.box(*gdf.total_bounds)], crs=gdf.crs).to_crs(4326).total_bounds


def _tooltip(fields: list[str], data: dict) -> folium.GeoJsonTooltip | None:
    present = [f for f in fields if data["features"] and f in data["features"][0]["properties"]]
    return folium.GeoJsonTooltip(fields=present) if present else None


def _event_colours(values: Iterable[str]) -> dict[str, str]:
    colours, extra = {}, iter(_EXTRA_PALETTE)
    for value in sorted(set(values)):
        colours[value] = EVENT_COLOURS.get(value) or next(extra, _OTHER_COLOUR)
    return colours


# The title block and the legend: rendered once, with the text as autoescaped
# variables, and added to the page as they are (never read as a template again).
_BOXES = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_HEADER = _BOXES.from_string(
    """<div id="hotspot-title" style="position:fixed; top:10px; left:54px; z-index:9999;
 background:rgba(255,255,255,.92); padding:6px 10px; border:1px solid #999; border-radius:4px;
 font:13px/1.35 sans-serif; max-width:46%;"><b>{{ title }}</b><br><span>As of {{ as_of }}</span>
{%- if sources %}<br>Sources: {{ sources | join("; ") }}{% endif %}
{%- for caveat in caveats %}<br><i>{{ caveat }}</i>{% endfor %}</div>"""
)
_LEGEND = _BOXES.from_string(
    """<div id="hotspot-legend" style="position:fixed; bottom:28px; right:12px; z-index:9999;
 background:rgba(255,255,255,.92); padding:8px 10px; border:1px solid #999; border-radius:4px;
 font:12px/1.35 sans-serif; max-width:260px;">
{%- for swatch, label in rows -%}
<div style="display:flex; gap:6px; align-items:flex-start">
<span style="display:inline-block; width:16px; {{ swatch }}"></span><span>{{ label }}</span></div>
{%- endfor %}</div>"""
)


class _Literal(Element):
    """Finished HTML that is output as it is (branca's Element would re-render it)."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self._markup = markup

    def render(self, **kwargs: object) -> str:
        return self._markup


class _Box(MacroElement):
    """A fixed HTML box (title block or legend), rendered once from autoescaped data."""

    def __init__(self, template: jinja2.Template, **values: object) -> None:
        super().__init__()
        self._name = "HotspotBox"
        self._markup = template.render(**values)

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("the map box must be added to a folium.Map inside a Figure")
        figure.html.add_child(_Literal(self._markup), name=self.get_name())


def briefing_map(
    *,
    incidents: gpd.GeoDataFrame | None = None,
    hotspots: gpd.GeoDataFrame | None = None,
    zones: gpd.GeoDataFrame | None = None,
    territories: gpd.GeoDataFrame | None = None,
    control_lines: gpd.GeoDataFrame | None = None,
    basemap: gpd.GeoDataFrame | None = None,
    title: str = "Conflict hotspots",
    as_of: str | date | None = None,
    sources: Iterable[str] = (),
    caveats: Iterable[str] = (),
    heatmap: bool = False,
    time_slider: bool = False,
    offline: bool = True,
    m: folium.Map | None = None,
) -> folium.Map:
    """Build a folium briefing map of an analysis.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame, optional
        Points; coloured by ``event_type`` when present; tooltips show ``date``,
        ``event_type``, ``place``, ``fatalities``, ``hotspot`` where present.
    hotspots, zones, territories : geopandas.GeoDataFrame, optional
        Hotspot polygons, vacuum zones and disputed territories.
    control_lines : geopandas.GeoDataFrame, optional
        Lines with a ``side`` column (``federal`` / ``krg``).
    basemap : geopandas.GeoDataFrame, optional
        Polygons drawn as a plain grey basemap (admin boundaries); default the
        bundled Iraq outline when ``offline``.
    title : str, default "Conflict hotspots"
        Title of the map.
    as_of : str or date, optional
        Date shown under the title; default today.
    sources, caveats : iterable of str, optional
        Lines shown in the title block. A caveat is added automatically for every
        layer whose ``schematic`` property is true.
    heatmap : bool, default False
        Add a heat map of the incidents (a layer that can be switched off).
    time_slider : bool, default False
        Add a time slider over the incidents' ``date`` column.
    offline : bool, default True
        No tile layer (nothing is fetched); the basemap polygons stand in. With
        ``False`` the CartoDB Positron tiles are used.
    m : folium.Map, optional
        Add the layers to this map instead of a new one.

    Returns
    -------
    folium.Map
        The map; call :func:`save_map` to write it.

    Raises
    ------
    CRSError
        If a layer has no CRS.

    See Also
    --------
    save_map : Write a self-contained HTML file.
    map_to_png : Render a saved map to PNG.
    """
    layers = {
        "incidents": incidents,
        "hotspots": hotspots,
        "vacuum zones": zones,
        "disputed territories": territories,
        "control lines": control_lines,
    }
    for name, layer in {**layers, "basemap": basemap}.items():
        if layer is not None and layer.crs is None:
            raise CRSError(f"{name}: the layer has no CRS; set it, e.g. gdf.set_crs('EPSG:4326')")
    if m is None:
        m = folium.Map(
            location=[34.8, 44.2],
            zoom_start=7,
            tiles=None if offline else "CartoDB positron",
            control_scale=True,
            prefer_canvas=False,
            zoom_snap=0.25,
        )
        if offline and basemap is None:
            from hotspot.gazetteer import iraq_outline

            basemap = gpd.GeoDataFrame({"name": ["Iraq"]}, geometry=[iraq_outline()], crs=4326)
        bounds = [_bounds_4326(g) for g in layers.values() if g is not None and len(g)]
        if bounds:
            b = np.vstack(bounds)
            m.fit_bounds([[b[:, 1].min(), b[:, 0].min()], [b[:, 3].max(), b[:, 2].max()]])
    legend: list[tuple[str, str]] = []
    polygon_layers = [
        ("admin boundaries", basemap, _BASEMAP_STYLE),
        ("disputed territories", territories, _TERRITORY_STYLE),
        ("vacuum zones", zones, _ZONE_STYLE),
        ("control lines", control_lines, _LINE_STYLE),
        ("hotspots", hotspots, _HOTSPOT_STYLE),
    ]
    for name, layer, spec in polygon_layers:
        if layer is None:
            continue
        data = _geojson_data(layer, spec["fields"], name)
        folium.GeoJson(
            data,
            name=name,
            style_function=spec["style"],
            tooltip=_tooltip(list(spec["fields"]), data),
        ).add_to(m)
        if name == "control lines":
            sides = sorted({str(v) for v in layer.get("side", pd.Series()).dropna()})
            for side in sides:
                label = _SIDE_LABELS.get(side, side)
                legend.append(_legend_row(_SIDE_COLOURS.get(side, _OTHER_COLOUR), label, "line"))
        elif spec.get("legend"):
            legend.append(_legend_row(*spec["legend"]))
    if incidents is not None:
        _add_incidents(m, incidents, legend, heatmap=heatmap, time_slider=time_slider)
    folium.LayerControl(collapsed=True).add_to(m)
    caveat_lines = list(caveats)
    for name, layer in layers.items():
        if is_schematic(layer):
            caveat_lines.append(f"The {name} layer is schematic: approximate, not for navigation.")
    m.add_child(
        _Box(
            _HEADER,
            title=str(title),
            as_of=str(as_of or date.today().isoformat()),
            sources=[str(s) for s in sources],
            caveats=caveat_lines,
        )
    )
    if legend:
        m.add_child(_Box(_LEGEND, rows=legend))
    return m


def _legend_row(colour: str, label: str, kind: str) -> tuple[str, str]:
    """Return a legend row: (swatch CSS from our palette, label text from the data)."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise ValueError(f"legend colour {colour!r} is not #rrggbb")
    if kind == "line":
        swatch = f"border-top:3px solid {colour}; height:0; margin-top:6px"
    elif kind == "dashed":
        swatch = f"border:2px dashed {colour}; height:8px"
    elif kind == "dot":
        swatch = f"background:{colour}; border-radius:50%; width:10px; height:10px"
    else:
        swatch = f"background:{colour}; opacity:.7; height:10px"
    return swatch, str(label)


def _add_incidents(
    m: folium.Map,
    incidents: gpd.GeoDataFrame,
    legend: list[tuple[str, str]],
    *,
    heatmap: bool,
    time_slider: bool,
) -> None:
    fields = ["date", "event_type", "sub_event_type", "place", "fatalities", "hotspot", "notes"]
    data = _geojson_data(incidents, fields, "incidents")
    # Event types as written (the feature properties hold them escaped).
    types = [
        html.unescape(f["properties"].get("event_type") or "unknown") for f in data["features"]
    ]
    colours = _event_colours(types)
    for feature, kind in zip(data["features"], types, strict=True):
        feature["properties"]["_colour"] = colours[kind]
    folium.GeoJson(
        data,
        name="incidents",
        marker=folium.CircleMarker(radius=3, weight=0.5, fill=True, fill_opacity=0.8),
        style_function=lambda f: {"color": "#222222", "fillColor": f["properties"]["_colour"]},
        tooltip=_tooltip(["date", "event_type", "place", "fatalities", "hotspot"], data),
        popup=folium.GeoJsonPopup(
            fields=[
                f for f in fields if data["features"] and f in data["features"][0]["properties"]
            ]
        )
        if data["features"]
        else None,
    ).add_to(m)
    for kind, colour in colours.items():
        legend.append(_legend_row(colour, kind, "dot"))
    points = [f["geometry"]["coordinates"] for f in data["features"]]
    if heatmap and points:
        from folium.plugins import HeatMap

        HeatMap([[lat, lon] for lon, lat in points], name="heat map", show=False).add_to(m)
    if time_slider and points and "date" in incidents.columns:
        from folium.plugins import TimestampedGeoJson

        features = []
        for feature in data["features"]:
            when = feature["properties"].get("date")
            if not when:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": feature["geometry"],
                    "properties": {
                        "time": str(when)[:10],
                        "popup": feature["properties"].get("place", ""),
                        "icon": "circle",
                        "iconstyle": {
                            "fillColor": feature["properties"]["_colour"],
                            "fillOpacity": 0.8,
                            "stroke": "false",
                            "radius": 4,
                        },
                    },
                }
            )
        TimestampedGeoJson(
            {"type": "FeatureCollection", "features": features},
            period="P1M",
            add_last_point=False,
            duration="P3M",
        ).add_to(m)


_RESOURCE = re.compile(
    r'<script src="(?P<js>https?://[^"]+)"></script>|'
    r'<link rel="stylesheet" href="(?P<css>https?://[^"]+)"\s*/?>'
)


def _offline_resources() -> dict[str, str]:
    try:
        from offlinefolium.elements import _res
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError(
            "saving an offline map needs the folium-offline package: pip install folium-offline"
        ) from exc
    return _res


def inline_resources(page: str) -> str:
    """Replace every CDN ``<script>``/``<link>`` of a folium page by its inlined content.

    Parameters
    ----------
    page : str
        HTML rendered by folium.

    Returns
    -------
    str
        The same page needing no network.

    Raises
    ------
    LookupError
        If the page uses a resource that folium-offline does not carry (its URL
        is named), since the saved map would otherwise fail without network.

    Examples
    --------
    >>> import folium
    >>> page = inline_resources(folium.Map(tiles=None).get_root().render())
    >>> "cdn.jsdelivr.net" in page, "L.map(" in page
    (False, True)
    """
    resources = _offline_resources()
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        url = match.group("js") or match.group("css")
        body = resources.get(url) or resources.get(url.replace("folium@main", "folium"))
        if body is None:
            missing.append(url)
            return match.group(0)
        body = body.replace("</script", "<\\/script")
        return f"<script>{body}</script>" if match.group("js") else f"<style>{body}</style>"

    page = _RESOURCE.sub(replace, page)
    if missing:
        raise LookupError(
            "these map resources have no offline copy in folium-offline: " + ", ".join(missing)
        )
    return page


def save_map(m: folium.Map, path: str | PathLike[str], *, offline: bool = True) -> Path:
    """Save a map as one HTML file; offline by default (no CDN, no tiles needed).

    Parameters
    ----------
    m : folium.Map
        The map, e.g. from :func:`briefing_map`.
    path : str or path-like
        Output ``.html``.
    offline : bool, default True
        Inline Leaflet and the plugins so that the file renders with no network.

    Returns
    -------
    pathlib.Path
        The written file (replaced atomically: see :func:`hotspot._io.atomic_file`).

    Raises
    ------
    OutputError
        If the folder is missing or not writable.
    """
    page = m.get_root().render()
    if offline:
        page = inline_resources(page)
    path = Path(path)
    with atomic_file(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return path


def find_chromium() -> str | None:
    """Return the path of a Chromium/Chrome executable, or None.

    Examples
    --------
    >>> isinstance(find_chromium(), (str, type(None)))
    True
    """
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


_CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # No network at all: every request goes to a closed local proxy.
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]


def run_chromium(args: list[str], *, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with the network off and a throw-away profile.

    Parameters
    ----------
    args : list of str
        Extra arguments (e.g. ``--screenshot=out.png`` and a file URL).
    timeout : float, default 90
        Seconds before giving up; Chromium and every process it started are
        then killed.

    Returns
    -------
    subprocess.CompletedProcess
        With ``stdout`` (e.g. the DOM for ``--dump-dom``).

    Raises
    ------
    FileNotFoundError
        If no Chromium is installed (``apt-get install chromium``).
    subprocess.TimeoutExpired
        If Chromium did not finish within ``timeout`` seconds.
    """
    exe = find_chromium()
    if exe is None:
        raise FileNotFoundError(
            "no Chromium found: install it (Debian: apt-get install chromium) to render PNGs"
        )
    with tempfile.TemporaryDirectory(prefix="hotspot-chromium-") as profile:
        command = [exe, *_CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        posix = os.name == "posix"
        with subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=posix,  # its own process group, killed as a whole
        ) as process:
            try:
                stdout, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_tree(process, posix)
                process.communicate()
                raise
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_tree(process: subprocess.Popen, posix: bool) -> None:
    """Kill Chromium and the renderer processes it started."""
    if posix:
        try:
            os.killpg(process.pid, signal.SIGKILL)
            return
        except OSError:
            pass
    process.kill()


#: Seconds the PNG step is given, at least and per MB of HTML (see :func:`png_timeout`).
PNG_TIMEOUT_BASE_S = 60.0
PNG_TIMEOUT_PER_MB_S = 10.0


def png_timeout(html_path: str | PathLike[str]) -> float:
    """Default seconds to render a saved map to PNG: it grows with the file's size.

    ``PNG_TIMEOUT_BASE_S`` plus ``PNG_TIMEOUT_PER_MB_S`` per MB of HTML (60 s
    plus 10 s per MB: a 20 MB map of 68,000 incidents gets 260 s; Chromium
    took about 90 s on a 2-core machine).

    Parameters
    ----------
    html_path : str or path-like
        The saved map.

    Returns
    -------
    float
        Seconds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "m.html"
    >>> _ = page.write_bytes(b"x" * 3_000_000)
    >>> png_timeout(page)
    90.0
    """
    size_mb = Path(html_path).stat().st_size / 1e6
    return PNG_TIMEOUT_BASE_S + PNG_TIMEOUT_PER_MB_S * size_mb


def map_to_png(
    html_path: str | PathLike[str],
    png_path: str | PathLike[str],
    *,
    width: int = 1600,
    height: int = 1000,
    wait_ms: int = 4000,
    timeout: float | None = None,
) -> Path:
    """Render a saved map to PNG with headless Chromium (no network).

    Parameters
    ----------
    html_path : str or path-like
        A map saved by :func:`save_map` (offline).
    png_path : str or path-like
        Output ``.png``; replaced atomically, left as it was when rendering fails.
    width, height : int
        Window size in pixels.
    wait_ms : int, default 4000
        Virtual time given to the page's scripts before the screenshot.
    timeout : float, optional
        Seconds before Chromium is stopped; default :func:`png_timeout`, which
        grows with the size of the map.

    Returns
    -------
    pathlib.Path
        The PNG.

    Raises
    ------
    FileNotFoundError
        If Chromium is not installed.
    ValueError
        If ``timeout`` is not a positive number of seconds.
    RuntimeError
        If Chromium timed out or wrote no PNG (the message says which and
        quotes its error output).
    """
    html_path = Path(html_path)
    if timeout is None:
        timeout = png_timeout(html_path)
    elif not (isinstance(timeout, (int, float)) and timeout > 0):
        raise ValueError(f"timeout={timeout!r}: expected a positive number of seconds")
    png_path = Path(png_path).resolve()
    with atomic_file(png_path) as tmp:
        try:
            done = run_chromium(
                [
                    f"--screenshot={tmp}",
                    f"--window-size={width},{height}",
                    f"--virtual-time-budget={wait_ms}",
                    html_path.resolve().as_uri(),
                ],
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(
                f"Chromium did not render {html_path.name} within {timeout:.0f} s; give it "
                "more time (timeout=, or --png-timeout on the command line) or skip the PNG"
            ) from exc
        if not tmp.exists():
            raise RuntimeError(
                f"Chromium wrote no PNG for {html_path}: {done.stderr[-800:].strip()}"
            )
    return png_path
