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

import contextlib
import itertools
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timezone
from os import PathLike
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from hotspot._io import atomic_file, write_text
from hotspot._layers import is_schematic, to_lonlat
from hotspot._palette import HOTSPOT, HOTSPOT_RAMP, OTHER, SIDE_COLOURS, event_colours
from hotspot._sanitize import xml_attr

__all__ = [
    "STYLES",
    "class_breaks",
    "is_schematic",
    "layer_qml",
    "round_attributes",
    "style_values",
    "write_geojson",
    "write_geopackage",
]

# Colours are shared with the briefing map so QGIS and folium agree (hotspot._palette).

#: Style registry: layer kind → geometry family, colour and options: ``categorize``
#: (a column, one colour per value), ``graduate`` (a numeric column, classes of a
#: colour ramp), ``label`` (a QGIS expression labelling each feature), ``ramp``.
STYLES: dict[str, dict[str, str]] = {
    "incidents": {"family": "marker", "color": OTHER, "categorize": "event_type"},
    "hotspots": {
        "family": "fill",
        "color": HOTSPOT,
        "fill_alpha": "150",
        "outline": "solid",
        "graduate": "incidents",
        "label": "concat('#', \"rank\", ' ', \"label\")",
        "label_size": "9",
        "label_bold": "1",
        "label_color": "#5a2800",
    },
    "vacuum_zones": {
        "family": "fill",
        "color": "#fdb863",
        "fill_alpha": "140",
        "outline": "dash",
        "outline_color": "#b35806",
        "label": '"label"',
        "label_size": "8",
        "label_color": "#6b3d00",
    },
    "disputed_territories": {
        "family": "fill",
        "color": "#7b3294",
        "fill_alpha": "0",
        "outline": "dash",
        "label": '"name"',
        "label_size": "8",
        "label_color": "#7b3294",
    },
    "control_lines": {"family": "line", "color": SIDE_COLOURS["federal"], "categorize": "side"},
    "gaps_profile": {"family": "marker", "color": "#333333", "categorize": "width_class"},
    "gaps_segments": {"family": "line", "color": "#333333", "categorize": "width_class"},
    "admin": {"family": "fill", "color": "#9e9e9e", "fill_alpha": "0", "outline": "solid"},
}
STYLES["profile"] = STYLES["gaps_profile"]  # the name GapResult.to_files uses
#: Colours of the gap width classes, narrowest first ("none": the lines meet).
WIDTH_CLASS_COLOURS = ("#fee391", "#fec44f", "#fe9929", "#cc4c02", "#8c2d04")
_NO_GAP = "#999999"


def _rgba(hex_colour: str, alpha: str = "255") -> str:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{alpha}"


def _symbol(
    name: str, family: str, colour: str, spec: Mapping[str, str], *, width: float | None = None
) -> str:
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
        options = {
            "line_color": _rgba(colour),
            "line_width": f"{width or 0.8:g}",
            "line_style": "solid",
            "capstyle": "round",
        }
    else:
        layer_class = "SimpleFill"
        outline = spec.get("outline_color", colour)
        options = {
            "color": _rgba(colour, spec.get("fill_alpha", "90")),
            "style": "solid",
            "outline_color": _rgba(outline),
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


def class_breaks(values: list[float], classes: int = 5) -> list[float]:
    """Return class limits for a graduated style: quantiles, as whole numbers, increasing.

    Parameters
    ----------
    values : list of float
        The values (e.g. incidents per hotspot); others are ignored.
    classes : int, default 5
        At most this many classes (fewer when there are fewer distinct values).

    Returns
    -------
    list of float
        ``classes + 1`` limits or fewer, from the smallest to the largest value.

    Examples
    --------
    >>> class_breaks([10, 12, 15, 40, 90, 200, 678])
    [10.0, 13.0, 25.0, 70.0, 178.0, 678.0]
    >>> class_breaks([5, 5, 5])
    [5.0, 5.0]
    """
    numbers = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce")
    data = np.sort(numbers.to_numpy(dtype=float, na_value=np.nan))
    data = data[np.isfinite(data)]
    if not data.size:
        return []
    limits = np.round(np.quantile(data, np.linspace(0, 1, classes + 1)))
    limits[0], limits[-1] = data[0], data[-1]
    unique = [float(v) for v in np.unique(limits)]
    return unique if len(unique) > 1 else [unique[0], unique[0]]


def _graduated(attr: str, values: list[float], family: str, spec: Mapping[str, str]) -> str:
    limits = class_breaks(values)
    ranges, symbols = [], []
    pairs = list(itertools.pairwise(limits))
    ramp = HOTSPOT_RAMP[-len(pairs) :] if len(pairs) <= len(HOTSPOT_RAMP) else HOTSPOT_RAMP
    for i, (low, high) in enumerate(pairs):
        label = f"{low:,.0f}" if low == high else f"{low:,.0f} – {high:,.0f}"
        ranges.append(
            f'<range lower="{low:.6f}" upper="{high:.6f}" symbol="{i}" '
            f'label="{xml_attr(label)}" render="true"/>'
        )
        symbols.append(_symbol(str(i), family, ramp[min(i, len(ramp) - 1)], spec))
    return (
        f'<renderer-v2 type="graduatedSymbol" attr="{attr}" graduatedMethod="GraduatedColor" '
        f'symbollevels="0" enableorderby="0" forceraster="0"><ranges>{"".join(ranges)}</ranges>'
        f"<symbols>{''.join(symbols)}</symbols>"
        '<classificationMethod id="Quantile"><symmetricMode enabled="0" symmetrypoint="0" '
        'astride="0"/><labelFormat format="%1 – %2" labelprecision="0" '
        'trimtrailingzeroes="1"/></classificationMethod></renderer-v2>'
    )


def _categorized(attr: str, values: list[str], family: str, spec: Mapping[str, str]) -> str:
    if attr == "side":
        colours = {v: SIDE_COLOURS.get(v, OTHER) for v in values}
        widths = dict.fromkeys(values, 1.0)
    elif attr == "width_class":  # ordered, narrowest first; "none" where the lines meet
        ramp = iter(WIDTH_CLASS_COLOURS)
        colours = {
            v: _NO_GAP if v == "none" else next(ramp, WIDTH_CLASS_COLOURS[-1]) for v in values
        }
        widths = {v: 0.6 + 0.5 * k for k, v in enumerate(values)}
    else:
        colours = event_colours(values)
        widths = dict.fromkeys(values, 0.8)
    categories, symbols = [], []
    for i, value in enumerate(values):
        label = xml_attr(value)
        categories.append(f'<category symbol="{i}" value="{label}" label="{label}" render="true"/>')
        symbols.append(_symbol(str(i), family, colours[value], spec, width=widths[value]))
    return (
        f'<renderer-v2 type="categorizedSymbol" attr="{attr}" symbollevels="0" '
        f'enableorderby="0" forceraster="0"><categories>{"".join(categories)}</categories>'
        f"<symbols>{''.join(symbols)}</symbols></renderer-v2>"
    )


def _labeling(spec: Mapping[str, str], family: str) -> str:
    """QGIS simple labeling: the expression in bold or plain text with a white halo."""
    expression = xml_attr(spec["label"])
    weight = "75" if spec.get("label_bold") == "1" else "50"
    placement = {"fill": "1", "line": "2", "marker": "6"}[family]  # over point / line / around
    return (
        '<labeling type="simple"><settings calloutType="simple">'
        f'<text-style fieldName="{expression}" isExpression="1" '
        f'fontSize="{spec.get("label_size", "8")}" fontSizeUnit="Point" fontWeight="{weight}" '
        f'fontFamily="Sans Serif" textColor="{_rgba(spec.get("label_color", "#222222"))}" '
        'textOpacity="1" allowHtml="0" capitalization="0">'
        '<text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" '
        'bufferColor="255,255,255,255" bufferOpacity="0.85" bufferNoFill="1" '
        'bufferJoinStyle="128"/></text-style>'
        '<text-format wrapChar="" multilineAlign="3" autoWrapLength="28" '
        'useMaxLineLengthForAutoWrap="1"/>'
        f'<placement placement="{placement}" dist="1" distUnits="MM" priority="8" '
        'centroidInside="1" fitInPolygonOnly="0" polygonPlacementFlags="2" '
        'placementFlags="10"/>'
        '<rendering drawLabels="1" obstacle="1" obstacleFactor="1" displayAll="0" '
        'upsidedownLabels="0" scaleVisibility="0" limitNumLabels="0" maxNumLabels="2000"/>'
        "</settings></labeling>"
    )


def layer_qml(kind: str, values: list | None = None) -> str:
    """Return a QGIS style (QML) for a layer kind, with labels where the kind has them.

    Parameters
    ----------
    kind : str
        One of :data:`STYLES`: ``"incidents"`` (by event type), ``"hotspots"``
        (graduated by incidents, labelled "#rank label"), ``"vacuum_zones"``
        (labelled), ``"disputed_territories"`` (labelled), ``"control_lines"``
        (by side), ``"gaps_profile"`` and ``"gaps_segments"`` (by width class),
        ``"admin"``; ``"profile"`` is ``"gaps_profile"``.
    values : list, optional
        Category values of categorised layers (event types, sides, width
        classes, in the order shown), or the numbers a graduated layer is
        classed on (incidents per hotspot).

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
    >>> qml = layer_qml("hotspots", [12, 40, 678])
    >>> 'type="graduatedSymbol"' in qml and 'labelsEnabled="1"' in qml
    True
    """
    _check_style(kind)
    spec = STYLES[kind]
    family = spec["family"]
    if spec.get("categorize") and values:
        renderer = _categorized(spec["categorize"], [str(v) for v in values], family, spec)
    elif spec.get("graduate") and values and class_breaks(values):
        renderer = _graduated(spec["graduate"], list(values), family, spec)
    else:
        renderer = (
            '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" '
            f'forceraster="0"><symbols>{_symbol("0", family, spec["color"], spec)}</symbols>'
            "</renderer-v2>"
        )
    labels = _labeling(spec, family) if spec.get("label") else ""
    categories = "Symbology|Labeling" if labels else "Symbology"
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        f'<qgis version="3.22.0" styleCategories="{categories}" '
        f'labelsEnabled="{1 if labels else 0}">{renderer}{labels}'
        "<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode>"
        "<layerOpacity>1</layerOpacity></qgis>\n"
    )


def _check_style(kind: str | None) -> None:
    if kind is not None and kind not in STYLES:
        raise ValueError(f"style kind {kind!r} is not one of {', '.join(STYLES)}")


def style_values(gdf: gpd.GeoDataFrame, kind: str) -> list | None:
    """Return what a layer's style is built on: its categories, or the numbers it is classed on.

    Ordered categories (width classes) keep their order (those present); other
    categories are sorted; a graduated kind gets the column's numbers.

    Examples
    --------
    >>> import geopandas as gpd
    >>> layer = gpd.GeoDataFrame({"side": ["krg", "federal", "krg"]}, geometry=[None] * 3)
    >>> style_values(layer, "control_lines")
    ['federal', 'krg']
    """
    spec = STYLES[kind]
    attr = spec.get("categorize") or spec.get("graduate")
    if not attr or attr not in gdf.columns:
        return None
    column = gdf[attr]
    if spec.get("graduate"):
        return pd.to_numeric(column, errors="coerce").dropna().tolist()
    if isinstance(column.dtype, pd.CategoricalDtype) and column.cat.ordered:
        present = set(column.dropna().astype(str))
        return [str(c) for c in column.cat.categories if str(c) in present]
    return sorted({str(v) for v in column.dropna()})


#: Decimals kept in float attributes, by the end of the column name (first match);
#: other floats keep 6 significant digits. Coordinates are written by their own rule.
DECIMALS: tuple[tuple[str, int], ...] = (
    ("_km2", 2),  # 0.01 km² = 1 ha
    ("_per_km2", 4),
    ("_km", 3),  # 1 m
    ("_m", 1),
    ("lat", 6),  # about 0.1 m
    ("lon", 6),
    ("_share", 3),
    ("_rate", 4),
    ("rate_ratio", 3),
)


def _decimals(column: str) -> int | None:
    for suffix, decimals in DECIMALS:
        if column.endswith(suffix):
            return decimals
    return None


def round_attributes(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Return float columns rounded to a meaningful precision (:data:`DECIMALS`).

    Areas keep 0.01 km², lengths 1 m, coordinates 6 decimals, shares 3
    decimals; any other float keeps 6 significant digits. No 16-digit floats.

    Parameters
    ----------
    frame : DataFrame
        A layer's attributes (not modified).

    Returns
    -------
    dict of str to pandas.Series
        The rounded columns (those that changed).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"area_km2": [941.515856], "width_m": [7723.293255],
    ...                       "density": [0.2612811234]})
    >>> {k: v.tolist() for k, v in round_attributes(table).items()}
    {'area_km2': [941.52], 'width_m': [7723.3], 'density': [0.261281]}
    """
    rounded = {}
    for column in frame.columns:
        series = frame[column]
        if not pd.api.types.is_float_dtype(series.dtype) or column == "geometry":
            continue
        decimals = _decimals(str(column))
        if decimals is not None:
            new = series.round(decimals)
        else:
            values = series.to_numpy(dtype=float, na_value=np.nan)
            new = pd.Series(
                [float(f"{v:.6g}") if np.isfinite(v) else v for v in values],
                index=series.index,
            ).astype(series.dtype)
        if not new.equals(series):
            rounded[column] = new
    return rounded


def _prepare(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Make attributes GDAL can write and QGIS reads: no object lists, no 16-digit floats.

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
    changed.update(round_attributes(gdf.drop(columns=gdf.geometry.name)))
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
    layer = to_lonlat(gdf, str(path))
    values = None if style is None else style_values(layer, style)  # before categories turn text
    layer = _prepare(layer)
    with atomic_file(path) as tmp:
        pyogrio.write_dataframe(
            layer, tmp, driver="GeoJSON", RFC7946="YES", COORDINATE_PRECISION=precision
        )
    if style is not None:
        write_text(path.with_suffix(".qml"), layer_qml(style, values))
    return path


def write_geopackage(
    layers: Mapping[str, gpd.GeoDataFrame],
    path: str | PathLike[str],
    *,
    styles: Mapping[str, str] | None = None,
    timestamp: datetime | date | str | None = None,
) -> Path:
    """Write several layers to one GeoPackage (version 1.2) with QGIS styles embedded.

    GeoPackage 1.2 (GDAL's ``VERSION=1.2``) opens without a warning in QGIS
    LTR builds on GDAL 3.6; float attributes are rounded as in
    :func:`round_attributes`.

    Parameters
    ----------
    layers : mapping of str to geopandas.GeoDataFrame
        Layer name → layer. Empty layers are written too (QGIS shows them empty).
    path : str or path-like
        Output ``.gpkg``; replaced atomically if it exists.
    styles : mapping of str to str, optional
        Layer name → style kind in :data:`STYLES`; by default the layer name
        itself when it is a known kind.
    timestamp : datetime, date or str, optional
        The time the GeoPackage records as its layers' last change
        (``gpkg_contents.last_change``, ``layer_styles.update_time``; UTC, a
        date meaning its midnight); default now. With one, the same layers
        give the same bytes (:meth:`hotspot.analyze.Analysis.write` gives the
        analysis's "as of" day).

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
    wgs84 = {name: to_lonlat(gdf, f"{path}:{name}") for name, gdf in layers.items()}
    qml = {}
    for name, layer in wgs84.items():
        kind = styles.get(name, name if name in STYLES else None)
        if kind is not None:
            qml[name] = (kind, layer_qml(kind, style_values(layer, kind)))
    prepared = {name: _prepare(layer) for name, layer in wgs84.items()}
    when = _utc(timestamp)
    with atomic_file(path) as tmp, _gdal_date(when):
        _write_gpkg(prepared, tmp, qml, when)
    return path


def _utc(value: datetime | date | str | None) -> datetime:
    """Return a time as naive UTC to the second (now when None; a date at midnight)."""
    if value is None:
        return datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.to_pydatetime().replace(microsecond=0)


@contextlib.contextmanager
def _gdal_date(when: datetime) -> Iterator[None]:
    """Have GDAL write ``when`` as the GeoPackage's last change (OGR_CURRENT_DATE)."""
    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": f"{when:%Y-%m-%dT%H:%M:%S}.000Z"})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})


def _write_gpkg(
    prepared: Mapping[str, gpd.GeoDataFrame],
    path: Path,
    qml: Mapping[str, tuple[str, str]],
    now: datetime,
) -> None:
    rows = []
    for name, layer in prepared.items():
        options = {"append": True} if path.exists() else {"VERSION": "1.2"}
        try:
            pyogrio.write_dataframe(layer, path, layer=name, driver="GPKG", **options)
        except pyogrio.errors.DataLayerError as exc:
            raise ValueError(f"GeoPackage layer {name!r} cannot be written: {exc}") from exc
        if name not in qml:
            continue
        kind, style = qml[name]
        rows.append(
            {
                "f_table_catalog": "",
                "f_table_schema": "",
                "f_table_name": name,
                "f_geometry_column": "geom",
                "styleName": name,
                "styleQML": style,
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
