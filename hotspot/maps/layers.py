"""The layers of a briefing map as data for its script: context, incidents, hotspots.

Each function turns GeoDataFrames into plain JSON-able values that the map's
script (``hotspot/data/maps/briefing.js``) draws. Every text from data is
escaped here with :func:`hotspot._sanitize.html_text` (the script sets it as
HTML, so it shows as written and runs nothing); coordinates are EPSG:4326
degrees rounded to 5 decimals (about 1 m).

Examples
--------
>>> import geopandas as gpd, shapely
>>> table = gpd.GeoDataFrame({"hotspot": [0, 1], "incidents": [12, 40]},
...                          geometry=[shapely.Point(44, 35)] * 2, crs=4326)
>>> ranks(table).tolist()
[2, 1]
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from hotspot._dates import read_dates
from hotspot._geo import GEOGRAPHIC_CRS, METRIC_CRS
from hotspot._layers import to_lonlat
from hotspot._overlay import is_coarse
from hotspot._palette import HEX_RAMP, HOTSPOT, OTHER, SIDE_COLOURS, event_colours
from hotspot._sanitize import html_text
from hotspot.maps.framing import ranks

__all__ = [
    "AGGREGATE_ABOVE",
    "context_layers",
    "dam_legend",
    "dam_tips",
    "data_extent",
    "feature_collection",
    "hex_bins",
    "hotspot_layer",
    "incident_layer",
    "ranks",
    "script_json",
]

#: Above this many located incidents a map shows them as hexagon counts, not points.
AGGREGATE_ABOVE = 5000
_DECIMALS = 5
_NOTES_CHARS = 300
#: Pixel radius of the smallest and largest hotspot symbol (area grows with incidents).
HOTSPOT_RADIUS_PX = (10.0, 24.0)
#: Hexagon widths tried for aggregated maps, in km (the one nearest extent / 80 is used).
_HEX_WIDTHS_KM = (1, 2, 5, 10, 20, 50)

# Styles of the context and analysis layers (Leaflet path options).
STYLES: dict[str, dict] = {
    "country": {"color": "#7a7a7a", "weight": 1.6, "fillColor": "#f6f4ee", "fillOpacity": 1},
    "lakes": {"color": "#7fb0d4", "weight": 0.8, "fillColor": "#b9d7ec", "fillOpacity": 1},
    "rivers": {"color": "#6fa8d6", "weight": 1.8, "opacity": 0.95},
    # a square (point symbols are circles: incidents, towns), in the water labels' blue
    "dams": {"shape": "square", "size": 9, "fillColor": "#1f4e79", "color": "#ffffff"},
    "governorates": {"color": "#a0a0a0", "weight": 1, "fill": False, "dashArray": "5 3"},
    "territories": {
        "color": "#7b3294",
        "weight": 2,
        "dashArray": "7 4",
        "fillColor": "#7b3294",
        "fillOpacity": 0.04,
    },
    "zones": {
        "color": "#b35806",
        "weight": 1.2,
        "dashArray": "3 2",
        "fillColor": "#fdb863",
        "fillOpacity": 0.55,
    },
    "hotspots": {"color": HOTSPOT, "weight": 2, "fillColor": HOTSPOT, "fillOpacity": 0.15},
    "lines": {"weight": 3.2, "opacity": 0.95},
}


# ----------------------------------------------------------------------------- text
def _value(value: object, *, decimals: int | None = None) -> object:
    """Return a value for a tooltip: numbers stay, dates are ISO days, the rest escaped."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (float, np.floating)) and not np.isfinite(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return round(value, decimals) if decimals is not None else value
    if isinstance(value, (pd.Timestamp, date)):
        return str(value)[:10]
    return html_text(value)  # strings, lists, dicts...: inert in HTML and in templates


def _tip(title: object, rows: Iterable[tuple[str, object]]) -> str:
    """Return tooltip HTML: a bold title, then ``label: value`` lines (values escaped).

    Labels are ours (constants); values come from data and are escaped.

    Examples
    --------
    >>> _tip("<Kirkuk>", [("Incidents", 12), ("Note", "a & b"), ("Empty", None)])
    '<b>&lt;Kirkuk&gt;</b><br>Incidents: 12<br>Note: a &amp; b'
    """
    lines = [f"<b>{html_text(title)}</b>"] if title not in (None, "") else []
    for label, value in rows:
        shown = _value(value)
        if shown == "":
            continue
        if isinstance(shown, float):
            shown = f"{shown:,.1f}"
        elif isinstance(shown, int):
            shown = f"{shown:,}"
        lines.append(f"{html_text(label)}: {shown}")
    return "<br>".join(lines)


def script_json(value: object) -> str:
    r"""Return JSON safe inside ``<script>`` (no ``<``, ``>``, ``&`` or line separators).

    Examples
    --------
    >>> script_json({"a": "</script>"})
    '{"a":"\\u003c/script\\u003e"}'
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


# ----------------------------------------------------------------------------- geometry


def _present(geometry: gpd.GeoSeries) -> np.ndarray:
    return ~(geometry.isna() | geometry.is_empty).to_numpy()


def feature_collection(
    gdf: gpd.GeoDataFrame,
    what: str,
    *,
    tips: Sequence[str] | None = None,
    keep: Sequence[str] = (),
    tip_html: Sequence[str] | None = None,
) -> dict:
    """Return a GeoJSON FeatureCollection (EPSG:4326, 5 decimals) for the map's script.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer, in any CRS.
    what : str
        Its name, for error messages.
    tips : sequence of str, optional
        Columns shown in each feature's tooltip (``properties["tip"]``, escaped
        HTML); the first present column is the tooltip's title.
    keep : sequence of str
        Columns kept as properties (escaped), e.g. ``side`` for styling.
    tip_html : sequence of str, optional
        Finished tooltips, one per row (built with :func:`_tip`), instead
        of ``tips``.

    Returns
    -------
    dict
        The FeatureCollection; features without geometry are left out.

    Raises
    ------
    CRSError
        If the layer has no CRS.
    """
    gdf = to_lonlat(gdf, what)
    present = _present(gdf.geometry)
    rows = gdf if present.all() else gdf[present]
    finished = (
        None if tip_html is None else [t for t, ok in zip(tip_html, present, strict=True) if ok]
    )
    geometry = shapely.set_precision(rows.geometry.to_numpy(), 10**-_DECIMALS)
    shown = [c for c in (tips or ()) if c in rows.columns]
    features = []
    for i, geom in enumerate(geometry):
        if geom is None or geom.is_empty:
            continue
        props: dict[str, object] = {k: _value(rows[k].iat[i]) for k in keep if k in rows.columns}
        if finished is not None:
            props["tip"] = finished[i]
        elif shown:
            title = rows[shown[0]].iat[i]
            props["tip"] = _tip(
                title, [(_heading(c), rows[c].iat[i]) for c in shown[1:] if c in rows.columns]
            )
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(geom)),
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _heading(column: str) -> str:
    return column.replace("_", " ").replace(" km2", " (km²)").replace(" km", " (km)").capitalize()


def _bounds(gdf: gpd.GeoDataFrame | None) -> np.ndarray | None:
    if gdf is None or not len(gdf):
        return None
    geometry = to_lonlat(gdf.geometry[_present(gdf.geometry)])
    if not len(geometry):
        return None
    return np.asarray(geometry.total_bounds, dtype=float)


def _located(incidents: gpd.GeoDataFrame) -> np.ndarray:
    """Rows whose point says where the incident happened (no coarse centroid, no miss)."""
    keep = _present(incidents.geometry)
    if "cluster_status" in incidents.columns:
        status = incidents["cluster_status"].astype("string").fillna("")
        keep &= ~status.str.startswith("excluded").to_numpy(dtype=bool)
    else:
        keep &= ~is_coarse(incidents)
    return keep


def data_extent(
    incidents: gpd.GeoDataFrame | None = None,
    others: Iterable[gpd.GeoDataFrame | None] = (),
    *,
    min_span_deg: float = 0.6,
) -> list[list[float]] | None:
    """Return the map's extent ``[[south, west], [north, east]]``, fitted to the data.

    The located incidents (no coarse centroids, no misses, no flagged
    placeholders: those have no point) and the hotspots decide it; only when
    there are none do the other layers (``others``). An extent narrower than
    ``min_span_deg`` is widened around its centre.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> pts = gpd.GeoDataFrame(geometry=[shapely.Point(44, 35), shapely.Point(45, 36)], crs=4326)
    >>> data_extent(pts)
    [[35.0, 44.0], [36.0, 45.0]]
    """
    boxes = []
    if incidents is not None and len(incidents):
        incidents = to_lonlat(incidents, "incidents")
        keep = _located(incidents)
        if not keep.any():
            keep = _present(incidents.geometry)
        box = _bounds(incidents[keep]) if keep.any() else None
        if box is not None:
            boxes.append(box)
    others = [o for o in others if o is not None]
    if others and not boxes:
        boxes = [b for b in (_bounds(o) for o in others) if b is not None]
    elif others:  # hotspots come first in ``others``: always inside the extent
        first = _bounds(others[0])
        if first is not None:
            boxes.append(first)
    if not boxes:
        return None
    b = np.vstack(boxes)
    west, south, east, north = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    if east - west < min_span_deg:
        mid = (east + west) / 2
        west, east = mid - min_span_deg / 2, mid + min_span_deg / 2
    if north - south < min_span_deg:
        mid = (north + south) / 2
        south, north = mid - min_span_deg / 2, mid + min_span_deg / 2
    return [
        [round(float(south), 4), round(float(west), 4)],
        [round(float(north), 4), round(float(east), 4)],
    ]


# ----------------------------------------------------------------------------- context
def _label_point(geom: shapely.Geometry) -> shapely.Point:
    """Return the centre of the largest circle inside a polygon (the label stays inside)."""
    if isinstance(geom, shapely.MultiPolygon):
        geom = max(geom.geoms, key=lambda g: g.area)
    try:
        return shapely.get_point(shapely.maximum_inscribed_circle(geom, 0.01), 0)
    except (AttributeError, shapely.errors.GEOSException):  # shapely < 2.1
        return geom.point_on_surface()


def _label(point: shapely.Point, text: object, cls: str, prio: float, **extra: object) -> dict:
    label = {
        "lat": round(point.y, _DECIMALS),
        "lon": round(point.x, _DECIMALS),
        "text": html_text(text),
        "cls": cls,
        "prio": prio,
        "offset": 6,
        "pos": ["r", "l", "t", "b"],
        "minZoom": 0,
        "dot": False,
    }
    label.update(extra)
    return label


#: Where along a course in Iraq a river's name is tried, in turn (fractions of the
#: course's length): the middle first, then further out, so that a crowded middle (the
#: Tigris at Baghdad) does not leave the river unnamed.
RIVER_LABEL_AT = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9)
#: A river's other courses in Iraq (Natural Earth splits the Euphrates at its branches)
#: are tried too when at least this share of the longest one.
RIVER_LABEL_MIN_SHARE = 0.25
_LAKE_POS = ["c", "b", "t", "r", "l"]
_RIVER_POS = ["r", "l", "t", "b", "tr", "br", "tl", "bl"]

#: The zoom from which towns of each rank are labelled (1 governorate seat, 2 district
#: seat, 3 other town); collisions decide among those shown.
TOWN_MIN_ZOOM = {1: 0, 2: 6.5, 3: 8}
#: The zoom from which dams of each rank are labelled (1 dam of a large reservoir,
#: 2 barrage on the Tigris or Euphrates, 3 other work). Their labels come after every
#: town's and hotspot's (priority 600 and up): a dam's name never hides a town's.
DAM_MIN_ZOOM = {1: 0, 2: 6.5, 3: 8}
DAM_PRIORITY = 600
#: What a dam's tooltip says of a reservoir no open source has (boundaries/README.md).
NOT_DRAWN = "reservoir not drawn: no open source has its outline"


def dam_tips(dams: gpd.GeoDataFrame) -> list[str]:
    """Return the tooltips of the dams: name, reservoir (and whether drawn), position.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> dams = gpd.GeoDataFrame(
    ...     {"name": ["Mosul Dam"], "name_ar": ["سد الموصل"], "reservoir": ["Mosul Lake"],
    ...      "drawn": [False], "precision_km": [1.5]},
    ...     geometry=[shapely.Point(42.82, 36.63)], crs=4326)
    >>> for line in dam_tips(dams)[0].split("<br>"):
    ...     print(line)
    <b>Mosul Dam</b>
    Arabic: سد الموصل
    Reservoir: Mosul Lake (reservoir not drawn: no open source has its outline)
    Position: within 1.5 km (hotspot gazetteer)
    """
    tips = []
    for row in dams.itertuples():
        reservoir = row.reservoir if _value(row.reservoir) != "" else None
        if reservoir is not None and _value(row.drawn) == "no":
            reservoir = f"{reservoir} ({NOT_DRAWN})"
        tips.append(
            _tip(
                row.name,
                [
                    ("Arabic", getattr(row, "name_ar", None)),
                    ("Reservoir", reservoir),
                    ("Position", f"within {row.precision_km:g} km (hotspot gazetteer)"),
                ],
            )
        )
    return tips


def dam_legend(dams: gpd.GeoDataFrame) -> str:
    """Return the legend text of the dams, naming those whose reservoir is not drawn.

    Examples
    --------
    >>> from hotspot._reference import shared_reference_layers
    >>> dam_legend(shared_reference_layers().dams)
    'Dam, barrage (Mosul, Haditha, Hamrin, Udhaim lakes not drawn: no open data)'
    """
    missing = [
        str(name).removesuffix(" Dam")
        for name, reservoir, drawn in zip(
            dams["name"], dams["reservoir"], dams["drawn"], strict=True
        )
        if _value(reservoir) != "" and _value(drawn) == "no"
    ]
    if not missing:
        return "Dam, barrage"
    return f"Dam, barrage ({', '.join(missing)} lakes not drawn: no open data)"


def context_layers(
    reference: object,
    *,
    country: gpd.GeoDataFrame,
    tiles: bool,
    hotspot_names: Iterable[tuple[str, float, float, int]] = (),
) -> tuple[list[dict], list[dict]]:
    """Return the context layers and labels of a map: country, water, governorates, towns, dams.

    Parameters
    ----------
    reference : hotspot._reference.ReferenceLayers
        From :func:`hotspot.boundaries.load_reference_layers`.
    country : geopandas.GeoDataFrame
        The country polygon(s) drawn as the land (or the user's basemap).
    tiles : bool
        Whether a tile basemap is under the map (the land is then not filled).
    hotspot_names : iterable of (name, lat, lon, rank)
        Hotspot labels: a town of that name close by is labelled only where the
        hotspot's own label could not be placed.

    Returns
    -------
    (list of dict, list of dict)
        The layers (bottom first) and the labels.
    """
    land = dict(STYLES["country"], fillOpacity=0 if tiles else 1)
    layers = [
        {
            "name": None,
            "data": feature_collection(country, "basemap", tips=("name",)),
            "style": land,
        },
        {
            "name": None,
            "data": feature_collection(reference.lakes, "lakes", tips=("name",)),
            "style": STYLES["lakes"],
        },
        {
            "name": None,
            "data": feature_collection(reference.rivers, "rivers", tips=("name",)),
            "style": STYLES["rivers"],
        },
        {
            "name": "Governorates",
            "data": feature_collection(reference.governorates, "governorates", tips=("name",)),
            "style": STYLES["governorates"],
        },
        {
            "name": "Dams",
            "data": feature_collection(reference.dams, "dams", tip_html=dam_tips(reference.dams)),
            "style": STYLES["dams"],
            "tips": True,
        },
    ]
    labels = []
    for row in reference.neighbours.itertuples():
        labels.append(_label(row.geometry, row.name, "hs-country", 50, pos=["c"], offset=0))
    for row in reference.governorates.itertuples():
        point = _label_point(row.geometry)
        labels.append(_label(point, row.name, "hs-gov", 250, pos=["c", "b", "t"], offset=10))
    named = list(hotspot_names)
    for row in sorted(reference.towns.itertuples(), key=lambda town: town.order):
        rank = int(row.rank)
        label = _label(
            row.geometry,
            row.name,
            "hs-town1" if rank == 1 else "hs-town",
            {1: 100, 2: 300, 3: 500}.get(rank, 500) + int(row.order) / 1000,
            dot=True,
            minZoom=TOWN_MIN_ZOOM.get(rank, 8),
        )
        # A town a hotspot is named after: shown only when that hotspot's label is not.
        same = [
            hotspot
            for name, lat, lon, hotspot in named
            if _same(row.name, name)
            and abs(row.geometry.y - lat) + abs(row.geometry.x - lon) < 0.25
        ]
        if same:
            label["unless"] = same
        labels.append(label)
    outline = shapely.union_all(country.geometry.to_numpy())
    for row in reference.lakes.itertuples():
        if outline.contains(row.geometry.representative_point()):
            labels.append(
                _label(
                    _label_point(row.geometry),
                    row.name,
                    "hs-water",
                    400,
                    pos=_LAKE_POS,
                )
            )
    for order, row in enumerate(reference.dams.itertuples(), start=1):
        rank = int(row.rank)
        labels.append(
            _label(
                row.geometry,
                row.name,
                "hs-water hs-dam",
                DAM_PRIORITY + 10 * rank + order / 1000,
                offset=8,
                pos=["r", "l", "t", "b", "tr", "br", "tl", "bl"],
                minZoom=DAM_MIN_ZOOM.get(rank, 8),
                symbols=True,  # kept off every dam's square (town labels may cover one)
            )
        )
    for row in reference.rivers.itertuples():
        if row.scalerank > 4:
            continue
        inside = row.geometry.intersection(outline)
        parts = list(getattr(inside, "geoms", [inside]))
        parts = sorted((p for p in parts if p.length > 0), key=lambda p: -p.length)
        if parts:
            # along the longest course first, then along the other long ones
            courses = [p for p in parts if p.length >= RIVER_LABEL_MIN_SHARE * parts[0].length]
            first, *others = (
                c.interpolate(f, normalized=True) for c in courses for f in RIVER_LABEL_AT
            )
            alt = [[round(p.y, _DECIMALS), round(p.x, _DECIMALS)] for p in others]
            labels.append(
                _label(first, row.name, "hs-water", 450, offset=4, alt=alt, pos=_RIVER_POS)
            )
    return layers, labels


def _same(town: object, label: object) -> bool:
    """Whether a hotspot label names this town ("Mosul", "Mosul – Farouq (Mosul)")."""
    town, label = str(town).casefold().strip(), str(label).casefold().strip()
    return label == town or label.startswith((town + " ", town + ","))


# ----------------------------------------------------------------------------- hotspots
def hotspot_radius(incidents: np.ndarray, largest: float) -> np.ndarray:
    """Pixel radius of hotspot symbols: the area grows with the number of incidents."""
    small, big = HOTSPOT_RADIUS_PX
    share = np.sqrt(np.clip(incidents / max(largest, 1.0), 0, 1))
    return np.round(small + (big - small) * share, 1)


def _period(first: object, last: object) -> str:
    a, b = _value(first), _value(last)
    if a == "" and b == "":
        return ""
    return f"{a} to {b}" if a != b else str(a)


def hotspot_layer(hotspots: gpd.GeoDataFrame, ranks: pd.Series) -> tuple[dict, dict]:
    """Return the hotspot polygons (a layer) and their ranked symbols for the script.

    Parameters
    ----------
    hotspots : geopandas.GeoDataFrame
        The hotspot table of :func:`hotspot.find_hotspots` (any CRS).
    ranks : pandas.Series
        Rank of each row (:func:`ranks`).

    Returns
    -------
    (dict, dict)
        The polygon layer, and ``{"items": [...]}`` with one symbol per hotspot
        (position, radius in px, rank, escaped label and tooltip), largest first.
    """
    table = to_lonlat(hotspots, "hotspots")
    present = _present(table.geometry)
    if not present.all():
        table, ranks = table[present], ranks[present]
    counts = pd.to_numeric(table.get("incidents", pd.Series(1, index=table.index)))
    counts = counts.fillna(0).to_numpy(dtype=float)
    radius = hotspot_radius(counts, counts.max() if len(counts) else 1.0)
    tips, items = [], []
    for i, (index, row) in enumerate(table.iterrows()):
        rank = int(ranks[index])
        label = row.get("label")
        title = f"#{rank} {label}" if _value(label) != "" else f"Hotspot #{rank}"
        where = ", ".join(
            str(v) for v in (row.get("district"), row.get("governorate")) if _value(v) != ""
        )
        area = row.get("area_km2")
        locations = row.get("locations")
        area_text = ""
        if _value(area) != "":
            area_text = f"{float(area):,.0f}"
            if _value(locations) != "":
                area_text += f" ({int(locations):,} distinct locations)"
        tip = _tip(
            title,
            [
                ("Incidents", row.get("incidents")),
                ("Fatalities", row.get("fatalities")),
                ("Period", _period(row.get("first_date"), row.get("last_date"))),
                ("Area (km²)", area_text),
                ("Where", where),
                ("Disputed territory", row.get("disputed")),
                ("Main event type", row.get("event_type")),
                ("Cluster id", row.get("hotspot")),
            ],
        )
        tips.append(tip)
        centre = _symbol_point(row)
        items.append(
            {
                "lat": round(centre.y, _DECIMALS),
                "lon": round(centre.x, _DECIMALS),
                "r": float(radius[i]),
                "rank": rank,
                "label": html_text(label) if _value(label) != "" else "",
                "tip": tip,
                "incidents": int(counts[i]),
            }
        )
    data = feature_collection(table, "hotspots", tip_html=tips)
    items.sort(key=lambda item: item["rank"])
    return (
        {"name": "Hotspot extents", "data": data, "style": STYLES["hotspots"], "tips": True},
        {"name": "Hotspots", "items": items},
    )


def _symbol_point(row: pd.Series) -> shapely.Point:
    """Where a hotspot's symbol goes: its centroid when inside its polygon, else a point in it."""
    geom = row.geometry
    lat, lon = row.get("centroid_lat"), row.get("centroid_lon")
    if _value(lat) != "" and _value(lon) != "":
        point = shapely.Point(float(lon), float(lat))
        if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.buffer(1e-9).contains(point):
            return point
    if geom.geom_type == "Point":
        return geom
    return geom.point_on_surface() if not geom.is_empty else geom.centroid


# ----------------------------------------------------------------------------- incidents
def _months(dates: pd.Series) -> tuple[list[int | None], list[str]]:
    """Month index of each date (0 = the first month with a date) and the month names.

    Dates are read by the one date rule (:func:`hotspot._dates.read_dates`).
    """
    when = read_dates(dates).start
    if not when.notna().any():
        return [None] * len(when), []
    first, last = when.min(), when.max()
    index = (when.dt.year - first.year) * 12 + (when.dt.month - first.month)
    n = (last.year - first.year) * 12 + (last.month - first.month) + 1
    names = [
        f"{(first.month - 1 + k) // 12 + first.year}-{(first.month - 1 + k) % 12 + 1:02d}"
        for k in range(n)
    ]
    return [None if pd.isna(v) else int(v) for v in index], names


def hex_bins(
    lon: np.ndarray, lat: np.ndarray, width_km: float
) -> tuple[np.ndarray, list[list[list[float]]]]:
    """Assign points to pointy-top hexagons ``width_km`` across (drawn in UTM 38N).

    Parameters
    ----------
    lon, lat : numpy.ndarray
        Degrees (EPSG:4326).
    width_km : float
        Distance between opposite sides of a hexagon.

    Returns
    -------
    (numpy.ndarray, list)
        The hexagon index of each point, and each hexagon's ring as
        ``[[lat, lon], ...]`` (six corners).

    Examples
    --------
    >>> import numpy as np
    >>> cell, rings = hex_bins(np.array([44.0, 44.001, 45.0]), np.array([35.0, 35.0, 35.0]), 5)
    >>> cell.tolist(), len(rings), len(rings[0])
    ([0, 0, 1], 2, 6)
    """
    to_m = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)
    to_deg = Transformer.from_crs(METRIC_CRS, GEOGRAPHIC_CRS, always_xy=True)
    x, y = to_m.transform(np.asarray(lon, float), np.asarray(lat, float))
    size = width_km * 1000.0 / math.sqrt(3.0)  # circumradius
    q = (math.sqrt(3.0) / 3.0 * x - y / 3.0) / size
    r = (2.0 / 3.0 * y) / size
    # cube rounding
    cx, cz = q, r
    cy = -cx - cz
    rx, ry, rz = np.round(cx), np.round(cy), np.round(cz)
    dx, dy, dz = np.abs(rx - cx), np.abs(ry - cy), np.abs(rz - cz)
    fix_x = (dx > dy) & (dx > dz)
    fix_y = ~fix_x & (dy > dz)
    rx = np.where(fix_x, -ry - rz, rx)
    rz = np.where(~fix_x & ~fix_y, -rx - ry, rz)
    keys = np.column_stack([rx, rz]).astype(np.int64)
    unique, cell = np.unique(keys, axis=0, return_inverse=True)
    centre_x = size * math.sqrt(3.0) * (unique[:, 0] + unique[:, 1] / 2.0)
    centre_y = size * 1.5 * unique[:, 1]
    angles = np.radians(np.arange(6) * 60.0 - 30.0)
    corners_x = centre_x[:, None] + size * np.cos(angles)[None, :]
    corners_y = centre_y[:, None] + size * np.sin(angles)[None, :]
    clon, clat = to_deg.transform(corners_x.ravel(), corners_y.ravel())
    clon = np.round(np.asarray(clon).reshape(-1, 6), 4)
    clat = np.round(np.asarray(clat).reshape(-1, 6), 4)
    rings = [
        [[float(a), float(b)] for a, b in zip(clat[k], clon[k], strict=True)]
        for k in range(len(unique))
    ]
    return cell.ravel().astype(int), rings


def _hex_width_km(lon: np.ndarray, lat: np.ndarray) -> float:
    span_km = max(
        (np.nanmax(lon) - np.nanmin(lon)) * 111.32 * math.cos(math.radians(np.nanmean(lat))),
        (np.nanmax(lat) - np.nanmin(lat)) * 110.57,
        1.0,
    )
    target = span_km / 80.0
    return float(min(_HEX_WIDTHS_KM, key=lambda w: abs(math.log(w / target))))


def _hex_breaks(counts: np.ndarray) -> list[int]:
    """Four class limits for hexagon counts (5 classes), roughly geometric."""
    top = int(counts.max()) if counts.size else 1
    candidates = [1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000, 5000, 10000]
    steps = [top ** (k / 5) for k in range(1, 5)]
    breaks: list[int] = []
    for step in steps:
        value = min(candidates, key=lambda c: abs(math.log(c / max(step, 1))))
        if value < top and (not breaks or value > breaks[-1]):
            breaks.append(value)
    return breaks or [1]


_FIELDS = [
    ("date", "Date", False),
    ("type", "Event type", False),
    ("sub_event_type", "Sub-type", True),
    ("place", "Place", False),
    ("fatalities", "Fatalities", False),
    ("hotspot", "Hotspot", False),
    ("cluster_status", "Status", True),
    ("notes", "Notes", True),
]


def incident_layer(
    incidents: gpd.GeoDataFrame,
    *,
    ranks: dict[int, int] | None = None,
    aggregate: bool | None = None,
) -> tuple[dict, list[tuple[str, str, str]]]:
    """Return the incident layer for the script and its legend rows.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Points; ``event_type``, ``date``, ``place``, ``fatalities``,
        ``hotspot`` (cluster id) and ``notes`` are shown where present.
    ranks : dict of int to int, optional
        Hotspot id → rank, to name an incident's hotspot by its rank.
    aggregate : bool, optional
        Hexagon counts instead of points; default when there are more than
        :data:`AGGREGATE_ABOVE` incidents with a point.

    Returns
    -------
    (dict, list of tuple)
        The layer and its legend rows ``(kind, colour, label)``.
    """
    incidents = to_lonlat(incidents, "incidents")
    present = _present(incidents.geometry)
    rows = incidents if present.all() else incidents[present]
    lon = np.round(rows.geometry.x.to_numpy(dtype=float), _DECIMALS)
    lat = np.round(rows.geometry.y.to_numpy(dtype=float), _DECIMALS)
    kinds = (
        rows["event_type"].astype("string").fillna("unknown")
        if "event_type" in rows.columns
        else pd.Series("incident", index=rows.index, dtype="string")
    )
    colours = event_colours(kinds)
    types = list(colours)
    type_index = {k: i for i, k in enumerate(types)}
    months, month_names = (
        _months(rows["date"]) if "date" in rows.columns else ([None] * len(rows), [])
    )
    if aggregate is None:
        aggregate = len(rows) > AGGREGATE_ABOVE
    counts = kinds.value_counts()
    layer: dict[str, object] = {
        "name": "Incidents",
        "lat": lat.tolist(),
        "lon": lon.tolist(),
        "type": [type_index[k] for k in kinds],
        "types": [html_text(k) for k in types],
        "colours": [colours[k] for k in types],
        "month": months,
        "monthNames": month_names,
        "radius": 4 if len(rows) < 1000 else 3,
    }
    legend: list[tuple[str, str, str]] = []
    if aggregate and len(rows):
        width = _hex_width_km(lon, lat)
        cell, rings = hex_bins(lon, lat, width)
        per_cell = np.bincount(cell)
        breaks = _hex_breaks(per_cell)
        layer["hex"] = {
            "cell": cell.tolist(),
            "cells": rings,
            "breaks": breaks,
            "colours": list(HEX_RAMP[-(len(breaks) + 1) :]),
            "countLabel": "Incidents",
        }
        layer["lat"] = layer["lon"] = []  # the hexagons carry the positions
        legend.append(("head", "", f"Incidents per {width:g} km hexagon ({len(rows):,})"))
        lows = [1, *(b + 1 for b in breaks)]
        highs = [*breaks, int(per_cell.max())]
        for colour, low, high in zip(layer["hex"]["colours"], lows, highs, strict=True):
            label = f"{low:,}" if low == high else f"{low:,}–{high:,}"
            legend.append(("fill", colour, label))
        legend.append(("note", "", "Types: " + ", ".join(f"{k} {counts[k]:,}" for k in types)))
    else:
        values: dict[str, list[object]] = {}
        for key, _, _ in _FIELDS:
            if key == "type":
                continue
            if key == "hotspot" and "hotspot" in rows.columns:
                ids = pd.to_numeric(rows["hotspot"], errors="coerce")
                values[key] = [
                    f"#{ranks[int(h)]}" if ranks and pd.notna(h) and int(h) in ranks else ""
                    for h in ids
                ]
            elif key in rows.columns:
                column = rows[key]
                if key == "notes":
                    column = column.map(_clip)
                values[key] = [_value(v) for v in column]
        layer["values"] = values
        layer["fields"] = [
            {"key": key, "label": label, "popupOnly": popup}
            for key, label, popup in _FIELDS
            if key == "type" or key in values
        ]
        legend.append(("head", "", f"Incidents by event type ({len(rows):,})"))
        for kind in types:
            legend.append(("dot", colours[kind], f"{kind} ({counts[kind]:,})"))
    return layer, legend


def _clip(value: object) -> object:
    if isinstance(value, str) and len(value) > _NOTES_CHARS:
        return value[: _NOTES_CHARS - 1] + "…"
    return value


def line_style(sides: Iterable[str]) -> dict:
    """Leaflet styles of control lines by side (federal, KRG; others grey)."""
    return {
        "field": "side",
        "values": {s: {"color": SIDE_COLOURS.get(s, OTHER)} for s in sides},
        "other": {"color": OTHER},
    }
