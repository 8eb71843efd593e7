"""Briefing maps: a folium map of an analysis an analyst can brief from.

:func:`briefing_map` draws, on the bundled offline context (the land, rivers
and lakes, governorate boundaries and names, neighbouring countries, towns and
major dams labelled by rank), the incidents by event type (hexagon counts above
:data:`~hotspot.maps.layers.AGGREGATE_ABOVE` incidents), the vacuum zones,
disputed territories and control lines, and the hotspots as graduated symbols
numbered by rank over their polygons. A title band states the data, period and
"as of" date; a side panel holds the legend, the top hotspots and the sources;
a north arrow and a scale bar sit on the map. Labels that would collide are
left out, by priority, at every zoom. It returns a :class:`Map` (a
:class:`folium.Map`) and adds to an existing map with ``m=``; it never displays
anything itself.

:func:`save_map` writes one self-contained HTML file that renders with no
network at all (Leaflet inlined from the ``folium-offline`` package, no tiles
unless ``tiles=`` asks for them). A :class:`Map` shown in Jupyter, or
saved with its ``save`` method, is self-contained in the same way.

Text from data is never evaluated: every text from data reaches the page
escaped by :func:`hotspot._sanitize.html_text`, inside parts of the page that
branca never reads as a template (see :mod:`hotspot.maps.legend`).

Examples
--------
>>> import geopandas as gpd, shapely
>>> pts = gpd.GeoDataFrame({"event_type": ["Battles"], "place": ["<b>Daquq</b>"]},
...                        geometry=[shapely.Point(44.45, 35.13)], crs=4326)
>>> m = briefing_map(incidents=pts, title="Kirkuk")
>>> html = m.get_root().render()
>>> "Daquq" in html and "<b>Daquq</b>" not in html  # stored escaped: &lt;b&gt;Daquq
True
"""

from __future__ import annotations

import hashlib
import html as _html
import re
from collections.abc import Iterable, Mapping
from datetime import date
from os import PathLike
from pathlib import Path
from typing import Any, BinaryIO

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element, Figure

from hotspot._admin import country_outline
from hotspot._dates import parse_day
from hotspot._io import atomic_file
from hotspot._layers import is_schematic, to_lonlat
from hotspot._palette import HOTSPOT, OTHER, SIDE_COLOURS
from hotspot.errors import CRSError
from hotspot.maps.framing import (
    DEFAULT_TITLE,
    TILES,
    check_tiles,
    dataset_label,
    incident_dates,
    map_sources,
    ranks,
    reference_layers,
    subtitle,
)
from hotspot.maps.layers import (
    STYLES,
    context_layers,
    dam_legend,
    data_extent,
    feature_collection,
    hotspot_layer,
    hotspot_radius,
    incident_layer,
    line_style,
    script_json,
)
from hotspot.maps.legend import Part, legend_row, library, render_header, render_side

__all__ = [
    "DEFAULT_TITLE",
    "TILES",
    "Map",
    "briefing_map",
    "dataset_label",
    "inline_resources",
    "legend_markup",
    "map_sources",
    "save_map",
]

_SIDE_LABELS = {"federal": "Federal forward line", "krg": "Peshmerga (KRG) forward line"}
_LEAFLET_JS = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
_LEAFLET_CSS = [("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")]
_HEAT_JS = [
    (
        "leaflet-heat.js",
        "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/"
        "leaflet_heat.min.js",
    )
]
_HEAT_GRADIENT = {"0.2": "#440154", "0.4": "#3b528b", "0.6": "#21918c", "0.8": "#5ec962",
                  "1": "#fde725"}  # fmt: skip
_TOP_LIST = 10


class Map(folium.Map):
    """A :class:`folium.Map` that is self-contained wherever it goes.

    Displayed in Jupyter it inlines Leaflet and its plugins (the notebook needs
    no network), and :meth:`save` writes the offline file :func:`save_map`
    writes. It loads only Leaflet (no jQuery, Bootstrap or icon fonts).
    """

    default_js = _LEAFLET_JS
    default_css = _LEAFLET_CSS

    def _repr_html_(self, **kwargs: Any) -> str:
        """Show the map in Jupyter from an iframe holding the whole page (no CDN)."""
        detach = self._parent is None
        if detach:
            self.add_to(Figure())
        try:
            figure = self._parent
            page = inline_resources(figure.render(**kwargs))
            return (
                f'<div style="width:{figure.width};"><div style="position:relative;width:100%;'
                f'height:0;padding-bottom:{figure.ratio};"><iframe srcdoc="{_html.escape(page)}" '
                'style="position:absolute;width:100%;height:100%;left:0;top:0;'
                'border:none !important;" allowfullscreen></iframe></div></div>'
            )
        finally:
            if detach:
                self._parent = None

    def save(
        self, outfile: str | PathLike[str] | BinaryIO, close_file: bool = True, **kwargs: Any
    ) -> None:
        """Write the map as one offline HTML file (as :func:`save_map` does).

        Parameters
        ----------
        outfile : str, path-like or binary file
            Where to write.
        close_file : bool, default True
            Close ``outfile`` after writing when it is a file object.
        **kwargs
            Passed to the page's rendering.
        """
        if isinstance(outfile, (str, PathLike)):
            save_map(self, outfile)
            return
        outfile.write(inline_resources(self.get_root().render(**kwargs)).encode("utf-8"))
        if close_file:
            outfile.close()


# ----------------------------------------------------------------------------- the map
def briefing_map(
    *,
    incidents: gpd.GeoDataFrame | None = None,
    hotspots: gpd.GeoDataFrame | None = None,
    zones: gpd.GeoDataFrame | None = None,
    territories: gpd.GeoDataFrame | None = None,
    control_lines: gpd.GeoDataFrame | None = None,
    basemap: gpd.GeoDataFrame | None = None,
    title: str | None = None,
    as_of: str | date | None = None,
    sources: Iterable[str] | None = None,
    caveats: Iterable[str] = (),
    period: str | None = None,
    context: bool = True,
    heatmap: bool = False,
    time_slider: bool = False,
    aggregate: bool | None = None,
    tiles: str | None = None,
    offline: bool = True,
    m: folium.Map | None = None,
) -> folium.Map:
    """Build a folium briefing map of an analysis.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame, optional
        Points; coloured by ``event_type`` when present (a colour-blind-safe
        palette, :mod:`hotspot._palette`); tooltips and popups show ``date``,
        ``event_type``, ``place``, ``fatalities``, the hotspot's rank and
        ``notes`` where present. Above
        :data:`~hotspot.maps.layers.AGGREGATE_ABOVE` incidents they are drawn
        as counts per hexagon (``aggregate``).
    hotspots : geopandas.GeoDataFrame, optional
        Hotspot polygons (:func:`hotspot.find_hotspots`): drawn with a symbol
        sized by ``incidents`` and numbered by rank (``rank`` column, or by
        incidents), labelled with ``label``.
    zones, territories : geopandas.GeoDataFrame, optional
        Vacuum zones and disputed territories.
    control_lines : geopandas.GeoDataFrame, optional
        Lines with a ``side`` column (``federal`` / ``krg``).
    basemap : geopandas.GeoDataFrame, optional
        Polygons drawn as the land; default the bundled outline of Iraq.
    title : str, optional
        Title of the map; default :data:`DEFAULT_TITLE` (neutral).
    as_of : str or date, optional
        Date the map is "as of" (read by the rule of :mod:`hotspot._dates`;
        a month or a year means its last day); default the last incident
        date (never today).
    sources : iterable of str, optional
        Lines naming the data; default the incidents' ``attrs["dataset"]``
        ("UCDP GED 19.1"). The boundary and context sources are always added.
    caveats : iterable of str, optional
        Lines under the title. A caveat is added for every layer whose
        ``schematic`` property is true.
    period : str, optional
        The period shown in the title band; default the incidents' dates.
    context : bool, default True
        Draw the bundled context: governorates and their names, rivers and
        lakes, major dams, neighbouring countries, towns labelled by rank.
    heatmap : bool, default False
        Add a heat map of the incidents.
    time_slider : bool, default False
        Add a period filter over the incidents' ``date`` column: the incident
        layer then shows the chosen month only (not in print mode).
    aggregate : bool, optional
        Draw incidents as counts per hexagon; default when there are more than
        :data:`~hotspot.maps.layers.AGGREGATE_ABOVE`.
    tiles : {"OpenStreetMap", "OpenTopoMap", "Esri.WorldImagery", "CartoDB.Positron"}, optional
        An online basemap, fetched by the browser (credited in the sources);
        default none: the map needs no network.
    offline : bool, default True
        ``False`` without ``tiles`` uses the CartoDB Positron tiles (kept for
        compatibility; prefer ``tiles=``).
    m : folium.Map, optional
        Add the layers to this map instead of a new one.

    Returns
    -------
    folium.Map
        A :class:`Map` (or ``m``); call :func:`save_map` to write it.

    Raises
    ------
    CRSError
        If a layer has no CRS.
    ValueError
        If ``tiles`` is not a known basemap.
    hotspot.errors.DateError
        If ``as_of`` is not a date.

    See Also
    --------
    save_map : Write a self-contained HTML file.
    hotspot.maps.map_to_png : Render a saved map to PNG.
    """
    check_tiles(tiles)
    if tiles is None and not offline:
        tiles = "CartoDB.Positron"
    layers = {
        "incidents": incidents,
        "hotspots": hotspots,
        "vacuum zones": zones,
        "disputed territories": territories,
        "control lines": control_lines,
        "basemap": basemap,
    }
    for name, layer in layers.items():
        if layer is not None and layer.crs is None:
            raise CRSError(f"{name}: the layer has no CRS; set it, e.g. gdf.set_crs('EPSG:4326')")
    created = m is None
    if m is None:
        m = Map(
            location=[33.3, 44.0],
            zoom_start=6,
            tiles=None,
            control_scale=False,
            prefer_canvas=True,
            zoom_snap=0.25,
            attribution_control=tiles is not None,
        )
    if tiles is not None:
        folium.TileLayer(tiles, name=f"Basemap: {tiles}", control=False).add_to(m)

    legend: list[tuple] = []
    spec: dict[str, Any] = {"layers": {"below": [], "above": []}, "labels": []}
    ranked = None
    if hotspots is not None and len(hotspots):
        ranked = ranks(hotspots)
        polygons, symbols = hotspot_layer(hotspots, ranked)
        spec["hotspots"] = symbols
        _hotspot_legend(legend, symbols["items"])
    elif hotspots is not None:
        legend.append(legend_row("head", "", "Hotspots: none"))
        legend.append(legend_row("note", "", "No place reaches the clustering threshold."))

    if incidents is not None:
        id_to_rank = None
        if ranked is not None and "hotspot" in hotspots.columns:
            ids = pd.to_numeric(hotspots["hotspot"], errors="coerce")
            id_to_rank = {int(h): int(r) for h, r in zip(ids, ranked, strict=True) if pd.notna(h)}
        spec["incidents"], rows = incident_layer(incidents, ranks=id_to_rank, aggregate=aggregate)
        spec["timeFilter"] = bool(time_slider and spec["incidents"]["monthNames"])
        legend.extend(legend_row(*row) for row in rows)
        if heatmap:
            geometry = to_lonlat(incidents.geometry, "incidents")
            geometry = geometry[~(geometry.isna() | geometry.is_empty)]
            points = np.round(np.column_stack([geometry.y, geometry.x]), 4).tolist()
            spec["heat"] = {
                "name": "Heat map",
                "points": points,
                "options": {
                    "radius": 12,
                    "blur": 16,
                    "minOpacity": 0.3,
                    "gradient": _HEAT_GRADIENT,
                },
            }
            legend.append(legend_row("fill", "#21918c", "Heat map of incidents (density)"))

    legend.append(legend_row("head", "", "Boundaries and places"))
    below = spec["layers"]["below"]
    if context:
        if basemap is None:
            basemap = gpd.GeoDataFrame({"name": ["Iraq"]}, geometry=[country_outline()], crs=4326)
        named = []
        if "hotspots" in spec:
            named = [
                (_html.unescape(h["label"]), h["lat"], h["lon"], h["rank"])
                for h in spec["hotspots"]["items"]
            ]
        context_below, labels = context_layers(
            reference_layers(), country=basemap, tiles=tiles is not None, hotspot_names=named
        )
        below.extend(context_below)
        spec["labels"].extend(labels)
    elif basemap is not None:
        below.append(
            {
                "name": None,
                "data": feature_collection(basemap, "basemap", tips=("name",)),
                "style": STYLES["country"],
            }
        )
    if territories is not None:
        below.append(
            {
                "name": "Disputed territories",
                "data": feature_collection(
                    territories, "disputed territories", tips=("name", "governorate", "accuracy_km")
                ),
                "style": STYLES["territories"],
                "tips": True,
            }
        )
        legend.append(legend_row("outline", "#7b3294", "Disputed territory (Article 140)"))
    if zones is not None:
        below.append(
            {
                "name": "Security vacuum",
                "data": feature_collection(
                    zones,
                    "vacuum zones",
                    tips=("label", "area_km2", "width_median_km", "n_incidents"),
                ),
                "style": STYLES["zones"],
                "tips": True,
            }
        )
        legend.append(legend_row("fill", "#fdb863", "Security vacuum between the lines"))
    if "hotspots" in spec:  # over the incidents: a light tint and an outline
        spec["layers"]["above"].append(polygons)
    if control_lines is not None:
        sides = sorted({str(v) for v in control_lines.get("side", pd.Series()).dropna()})
        spec["layers"]["above"].append(
            {
                "name": "Control lines",
                "data": feature_collection(
                    control_lines, "control lines", tips=("name", "side", "as_of"), keep=("side",)
                ),
                "style": STYLES["lines"],
                "styleBy": line_style(sides),
                "tips": True,
            }
        )
        schematic = " (schematic)" if is_schematic(control_lines) else ""
        for side in sides:
            colour = SIDE_COLOURS.get(side, OTHER)
            legend.append(legend_row("line", colour, _SIDE_LABELS.get(side, side) + schematic))
    if context:
        legend.extend(_context_legend())

    dates = incident_dates(incidents)
    if as_of is not None:
        as_of = f"{parse_day(as_of, name='as_of', last=True):%Y-%m-%d}"
    elif len(dates):
        as_of = f"{dates.max():%Y-%m-%d}"
    caveat_lines = [str(c) for c in caveats]
    for name, layer in layers.items():
        if name != "basemap" and is_schematic(layer):
            caveat_lines.append(f"The {name} layer is schematic: approximate, not for navigation.")
    label = dataset_label(incidents)
    source_lines = map_sources(
        incidents,
        data=sources,
        control_lines=control_lines,
        territories=territories,
        context=context,
        tiles=tiles,
    )
    top = []
    if "hotspots" in spec:
        for item in spec["hotspots"]["items"][:_TOP_LIST]:
            text = _html.unescape(item["label"]) or f"Hotspot {item['rank']}"
            top.append((item["rank"], text, f"{item['incidents']:,}"))
    if created:
        spec["fit"] = data_extent(
            incidents, [hotspots, zones, territories, control_lines]
        ) or data_extent(None, [basemap])
    header = render_header(
        title or DEFAULT_TITLE,
        subtitle(
            incidents,
            label=label,
            period=period,
            as_of=None if as_of is None else str(as_of)[:10],
        ),
        caveat_lines,
    )
    side = render_side(legend, hotspots=top, sources=source_lines)
    data = script_json(spec)
    # Element ids come from the content, not from random numbers: the same analysis
    # gives the same page byte for byte (outputs and their manifest hashes repeat).
    seed = hashlib.sha256("\0".join((header, side, data, str(tiles))).encode()).hexdigest()
    if created:
        m._id = seed[:32]
    m.add_child(library())
    m.add_child(Part("html", header, key="hotspot_title"))
    m.add_child(Part("html", side, key="hotspot_side"))
    m.add_child(
        Part(
            "script",
            f"hotspotBriefing.draw({m.get_name()}, {data});",
            js=_HEAT_JS if "heat" in spec else (),
        )
    )
    if created:  # a map given as m= keeps the ids its owner's elements have
        _stable_ids(m.get_root(), seed, keep=m)
    return m


def _stable_ids(root: Element, seed: str, *, keep: Element) -> None:
    """Give every element under ``root`` but ``keep`` an id drawn from ``seed`` and its order.

    branca draws ids at random (``map_<32 hex>`` in the page); these depend only on
    the content, so that a map built twice from the same data renders identically.
    """
    elements = [root]
    for i, element in enumerate(elements):  # breadth first, in the order children were added
        elements.extend(element._children.values())
        if element is not keep:
            element._id = hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()[:32]


def _context_legend() -> list[tuple[str, str, str, str]]:
    """Return the legend rows of the bundled context: border, boundaries, water, towns, dams."""
    rows = [
        legend_row("line", "#7a7a7a", "International border"),
        legend_row("dashed", "#a0a0a0", "Governorate boundary"),
        legend_row("line", "#6fa8d6", "River, canal"),
        legend_row("fill", "#b9d7ec", "Lake, reservoir"),
        legend_row("dot", "#333333", "Town (bold: governorate seat)"),
    ]
    dams = reference_layers().dams
    if len(dams):
        rows.append(legend_row("square", STYLES["dams"]["fillColor"], dam_legend(dams)))
    return rows


def legend_markup(m: folium.Map) -> str | None:
    """Return the finished HTML of a briefing map's side panel (legend, top hotspots, sources).

    The one-page PDF sets it beside the map's image, so the legend is the map's own.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`briefing_map`.

    Returns
    -------
    str or None
        The markup (already escaped), or None for a map without one.
    """
    for child in m._children.values():
        if isinstance(child, Part) and child._key == "hotspot_side":
            return child._markup
    return None


def _hotspot_legend(legend: list[tuple], items: list[dict]) -> None:
    counts = sorted({item["incidents"] for item in items})
    largest = counts[-1]
    samples = sorted({counts[0], _nice(largest / 4), largest} - {0})
    if len(samples) > 1 and samples[0] >= samples[1]:
        samples = samples[1:]
    radius = hotspot_radius(np.array(samples, dtype=float), largest)
    legend.append(legend_row("head", "", f"Hotspots ({len(items)}), numbered by rank"))
    legend.append(("sizes", [(int(2 * r), f"{n:,}") for r, n in zip(radius, samples, strict=True)],
                   "", "incidents"))  # fmt: skip
    legend.append(legend_row("fill", HOTSPOT, "Hotspot extent (around its incidents)"))


def _nice(value: float) -> int:
    if value < 10:
        return max(1, round(value))
    power = 10 ** (len(str(int(value))) - 1)
    return int(round(value / power) * power)


# ----------------------------------------------------------------------------- saving
_RESOURCE = re.compile(
    r'<script src="(?P<js>https?://[^"]+)"></script>|'
    r'<link rel="stylesheet" href="(?P<css>https?://[^"]+)"\s*/?>'
)


def _offline_resources() -> Mapping[str, str]:
    try:  # lazy: loads the inlined Leaflet (~60 ms), needed only when a page is saved
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

    Use it for any folium map: ``m.save()`` of a plain :class:`folium.Map`
    writes a page that loads Leaflet from the internet (blank offline); a
    :class:`Map`'s ``save`` calls this function.

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
