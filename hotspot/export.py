"""Files for QGIS: RFC 7946 GeoJSON, one styled GeoPackage, QML sidecars.

GeoJSON is written strictly to RFC 7946 (WGS 84 lon/lat, no ``crs`` member, at
most 7 decimals, counter-clockwise exterior rings) through GDAL's ``RFC7946=YES``
option. The GeoPackage holds every layer of an analysis and a ``layer_styles``
table with a QGIS style per layer, so each layer opens already styled; single-
layer files get a ``.qml`` sidecar with the same style.

Every file is written atomically (:func:`hotspot._io.atomic_file`): under a
temporary name beside the target, then moved into place, so a reader never sees
a half-written file and a symbolic link at the target is replaced, never
followed. Text from the data (category values) is escaped for XML.

Examples
--------
>>> import geopandas as gpd, shapely, tempfile, pathlib, json
>>> pts = gpd.GeoDataFrame({"event_type": ["IED"]},
...                        geometry=[shapely.Point(44.3922381, 35.4681)], crs=4326)
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = write_geojson(pts, pathlib.Path(tmp) / "incidents.geojson", style="incidents")
...     doc = json.loads(path.read_text())
...     qml = path.with_suffix(".qml").exists()
>>> doc["features"][0]["geometry"]["coordinates"], "crs" in doc, qml
([44.3922381, 35.4681], False, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from hotspot._io import atomic_file, write_text
from hotspot._palette import HOTSPOT, OTHER, SIDE_COLOURS, event_colours
from hotspot._sanitize import xml_attr
from hotspot.errors import CRSError

__all__ = ["STYLES", "is_schematic", "layer_qml", "write_geojson", "write_geopackage"]

# Colours shared with the briefing map so QGIS and folium agree (hotspot._palette).
_OTHER_COLOUR = OTHER
_SIDE_COLOURS = SIDE_COLOURS

#: Style registry: layer kind → (geometry family, colour, options).
STYLES: dict[str, dict[str, str]] = {
    "incidents": {"family": "marker", "color": "#e41a1c", "categorize": "event_type"},
    "hotspots": {"family": "fill", "color": HOTSPOT, "fill_alpha": "90", "outline": "solid"},
    "vacuum_zones": {"family": "fill", "color": "#fdae61", "fill_alpha": "120", "outline": "dash"},
    "disputed_territories": {
        "family": "fill",
        "color": "#7b3294",
        "fill_alpha": "0",
        "outline": "dash",
    },
    "control_lines": {"family": "line", "color": "#2166ac", "categorize": "side"},
    "profile": {"family": "marker", "color": "#333333"},
    "admin": {"family": "fill", "color": "#9e9e9e", "fill_alpha": "0", "outline": "solid"},
}


def _rgba(hex_colour: str, alpha: str = "255") -> str:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{alpha}"


def _symbol(name: str, family: str, colour: str, spec: Mapping[str, str]) -> str:
    if family == "marker":
        layer_class = "SimpleMarker"
        options = {
            "name": "circle",
            "color": _rgba(colour),
            "size": "2.4",
            "outline_color": "35,35,35,255",
            "outline_width": "0.2",
        }
    elif family == "line":
        layer_class = "SimpleLine"
        options = {"line_color": _rgba(colour), "line_width": "0.8", "line_style": "solid"}
    else:
        layer_class = "SimpleFill"
        options = {
            "color": _rgba(colour, spec.get("fill_alpha", "90")),
            "style": "solid",
            "outline_color": _rgba(colour),
            "outline_width": "0.6",
            "outline_style": spec.get("outline", "solid"),
        }
    opts = "".join(
        f'<Option type="QString" name="{k}" value="{xml_attr(v)}"/>' for k, v in options.items()
    )
    return (
        f'<symbol type="{family}" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">'
        f'<layer class="{layer_class}" enabled="1" pass="0" locked="0">'
        f'<Option type="Map">{opts}</Option></layer></symbol>'
    )


def layer_qml(kind: str, values: list[str] | None = None) -> str:
    """Return a QGIS style (QML) for a layer kind.

    Parameters
    ----------
    kind : str
        One of :data:`STYLES` (``"incidents"``, ``"hotspots"``, ``"vacuum_zones"``,
        ``"disputed_territories"``, ``"control_lines"``, ``"profile"``, ``"admin"``).
    values : list of str, optional
        Category values for categorised layers (event types, sides).

    Returns
    -------
    str
        The QML document.

    Raises
    ------
    ValueError
        If ``kind`` is not in the registry (the message lists the valid kinds).

    Examples
    --------
    >>> qml = layer_qml("control_lines", ["federal", "krg"])
    >>> 'attr="side"' in qml and "33,102,172,255" in qml
    True
    """
    _check_style(kind)
    spec = STYLES[kind]
    family = spec["family"]
    attr = spec.get("categorize")
    if attr and values:
        palette = _SIDE_COLOURS if attr == "side" else event_colours(values)
        categories, symbols = [], []
        for i, value in enumerate(values):
            label = xml_attr(value)
            categories.append(
                f'<category symbol="{i}" value="{label}" label="{label}" render="true"/>'
            )
            symbols.append(_symbol(str(i), family, palette.get(str(value), _OTHER_COLOUR), spec))
        renderer = (
            f'<renderer-v2 type="categorizedSymbol" attr="{attr}" symbollevels="0" '
            f'enableorderby="0" forceraster="0"><categories>{"".join(categories)}</categories>'
            f"<symbols>{''.join(symbols)}</symbols></renderer-v2>"
        )
    else:
        renderer = (
            '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" '
            f'forceraster="0"><symbols>{_symbol("0", family, spec["color"], spec)}</symbols>'
            "</renderer-v2>"
        )
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        f'<qgis version="3.34.0" styleCategories="Symbology">{renderer}'
        "<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode>"
        "<layerOpacity>1</layerOpacity></qgis>\n"
    )


def _check_style(kind: str | None) -> None:
    if kind is not None and kind not in STYLES:
        raise ValueError(f"style kind {kind!r} is not one of {', '.join(STYLES)}")


def _categories(gdf: gpd.GeoDataFrame, kind: str) -> list[str] | None:
    attr = STYLES[kind].get("categorize")
    if not attr or attr not in gdf.columns:
        return None
    return sorted({str(v) for v in gdf[attr].dropna()})


def _to_wgs84(gdf: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """Return the layer in EPSG:4326: the same object when it already is (no copy)."""
    if gdf.crs is None:
        raise CRSError(
            f"{what}: the layer has no CRS; set it first, e.g. gdf.set_crs('EPSG:4326') for "
            "lon/lat degrees"
        )
    if gdf.crs.to_epsg() == 4326:
        return gdf
    return gdf.to_crs(4326)


def is_schematic(layer: gpd.GeoDataFrame | None) -> bool:
    """Whether any feature of a layer is flagged ``schematic`` (an approximate drawing).

    Examples
    --------
    >>> import geopandas as gpd
    >>> is_schematic(gpd.GeoDataFrame({"schematic": [False, True]}, geometry=[None, None]))
    True
    """
    return (
        layer is not None
        and "schematic" in layer.columns
        and bool(layer["schematic"].fillna(False).astype(bool).any())
    )


def _prepare(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Make attribute types GDAL can write and QGIS reads (no object lists or tz mixes).

    The input is never modified; it is returned as is when nothing needs a change.
    """
    changed = {}
    for column in gdf.columns:
        if column == gdf.geometry.name:
            continue
        series = gdf[column]
        if isinstance(series.dtype, pd.CategoricalDtype):  # width classes and the like
            changed[column] = series.astype(str)
        elif (
            series.dtype == object and series.map(lambda v: isinstance(v, (list, tuple, set))).any()
        ):
            changed[column] = series.map(
                lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v
            )
    return gdf.assign(**changed) if changed else gdf


def write_geojson(
    gdf: gpd.GeoDataFrame,
    path: str | PathLike[str],
    *,
    style: str | None = None,
    precision: int = 7,
) -> Path:
    """Write a layer as RFC 7946 GeoJSON (and a ``.qml`` style sidecar).

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer, in any CRS (reprojected to EPSG:4326).
    path : str or path-like
        Output file; its folder must exist. Replaced atomically.
    style : str, optional
        A kind from :data:`STYLES`; writes ``<path>.qml`` beside the file.
    precision : int, default 7
        Decimals of the coordinates (RFC 7946 recommends no more than needed).

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    CRSError
        If the layer has no CRS.
    OutputError
        If the folder is missing or not writable.

    See Also
    --------
    write_geopackage : All layers in one styled file.
    """
    path = Path(path)
    _check_style(style)
    if not (isinstance(precision, int) and 0 <= precision <= 15):
        raise ValueError(f"precision={precision!r}: expected a whole number of decimals, 0-15")
    layer = _prepare(_to_wgs84(gdf, str(path)))
    with atomic_file(path) as tmp:
        pyogrio.write_dataframe(
            layer, tmp, driver="GeoJSON", RFC7946="YES", COORDINATE_PRECISION=precision
        )
    if style is not None:
        write_text(path.with_suffix(".qml"), layer_qml(style, _categories(layer, style)))
    return path


def write_geopackage(
    layers: Mapping[str, gpd.GeoDataFrame],
    path: str | PathLike[str],
    *,
    styles: Mapping[str, str] | None = None,
) -> Path:
    """Write several layers to one GeoPackage with QGIS styles embedded.

    Parameters
    ----------
    layers : mapping of str to geopandas.GeoDataFrame
        Layer name → layer. Empty layers are written too (QGIS shows them empty).
    path : str or path-like
        Output ``.gpkg``; replaced atomically if it exists.
    styles : mapping of str to str, optional
        Layer name → style kind in :data:`STYLES`; by default the layer name
        itself when it is a known kind.

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    CRSError
        If a layer has no CRS.
    OutputError
        If the folder is missing or not writable.

    Examples
    --------
    >>> import geopandas as gpd, shapely, tempfile, pathlib, pyogrio
    >>> zones = gpd.GeoDataFrame({"area_km2": [1.0]},
    ...     geometry=[shapely.box(44, 35, 44.01, 35.01)], crs=4326)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_geopackage({"vacuum_zones": zones}, pathlib.Path(tmp) / "a.gpkg")
    ...     names = sorted(pyogrio.list_layers(out)[:, 0])
    >>> names
    ['layer_styles', 'vacuum_zones']
    """
    path = Path(path)
    styles = dict(styles or {})
    for kind in styles.values():
        _check_style(kind)
    # Check every layer before the old file is replaced, so a bad layer leaves it intact.
    prepared = {name: _prepare(_to_wgs84(gdf, f"{path}:{name}")) for name, gdf in layers.items()}
    with atomic_file(path) as tmp:
        _write_gpkg(prepared, tmp, styles)
    return path


def _write_gpkg(
    prepared: Mapping[str, gpd.GeoDataFrame], path: Path, styles: Mapping[str, str]
) -> None:
    rows = []
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    for name, layer in prepared.items():
        try:
            pyogrio.write_dataframe(layer, path, layer=name, driver="GPKG", append=path.exists())
        except pyogrio.errors.DataLayerError as exc:
            raise ValueError(f"GeoPackage layer {name!r} cannot be written: {exc}") from exc
        kind = styles.get(name, name if name in STYLES else None)
        if kind is None:
            continue
        rows.append(
            {
                "f_table_catalog": "",
                "f_table_schema": "",
                "f_table_name": name,
                "f_geometry_column": "geom",
                "styleName": name,
                "styleQML": layer_qml(kind, _categories(layer, kind)),
                "styleSLD": "",
                "useAsDefault": True,
                "description": f"hotspot style '{kind}'",
                "owner": "",
                "ui": "",
                "update_time": now,
            }
        )
    if rows:
        pyogrio.write_dataframe(
            pd.DataFrame(rows), path, layer="layer_styles", driver="GPKG", append=True, FID="id"
        )
