"""Reading and checking vector layers: one policy for CRS, validity and emptiness.

Every function that takes a layer (control lines, controlled areas, study
areas, territories, admin units, incidents, hotspots) reads it with
:func:`read_layer` and checks it with :func:`check_layers`. The policy:

* **CRS.** A layer without a CRS raises :class:`~hotspot.errors.CRSError`, as
  does a geographic CRS whose coordinates are beyond ±180/±90 (projected metres
  labelled as degrees). Layers used together must share one CRS
  (``same_crs=True``); geopandas only warns there, which would hide a wrong gap.
* **Emptiness.** A layer with no feature holding a geometry raises. In a
  boundary layer (lines, polygons) a feature with a missing or empty geometry
  raises too, naming it: nothing tells what it should have been. In a point
  layer (incidents) an empty point is a *miss*, kept and counted by the caller.
* **Types.** Features of another geometry family raise, naming them.
* **Validity.** Invalid geometries are repaired with :func:`shapely.make_valid`
  and a warning names each repaired feature and the reason; polygon layers keep
  the areal part of the repair, and a feature with no area left raises.
* **Dimensions.** Z and M values are dropped; everything is computed in 2D.
* **Extent** (``in_iraq=True``, boundary layers): a layer that does not reach
  Iraq raises; one that lands in Iraq only with x and y swapped raises a
  :class:`~hotspot.errors.CRSError` saying so.

All problems of all layers are reported in one message.

Examples
--------
>>> import geopandas as gpd, shapely
>>> line = gpd.GeoDataFrame(geometry=[shapely.LineString([(44, 35), (45, 36)])], crs=4326)
>>> checked = check_layers({"federal": line}, {"federal": LINE_OR_POLYGON})
>>> checked["federal"].geom_type.tolist()
['LineString']
>>> check_layers({"federal": line.set_crs(None, allow_override=True)}, {"federal": LINE})
Traceback (most recent call last):
...
hotspot.errors.CRSError: federal has no CRS; set it with gdf.set_crs('EPSG:4326') ...
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from hotspot._admin import country_outline
from hotspot.errors import BoundaryError, CRSError, HotspotError, caller_stacklevel

__all__ = [
    "LINE",
    "LINE_OR_POLYGON",
    "POINT",
    "POLYGON",
    "LayerChoice",
    "LayerLike",
    "check_layers",
    "choose_layer",
    "feature_label",
    "is_schematic",
    "point_lonlat",
    "read_layer",
    "to_lonlat",
]

#: What a layer argument may be: a GeoDataFrame, a GeoSeries or a vector file path.
LayerLike = gpd.GeoDataFrame | gpd.GeoSeries | str | PathLike[str]

#: Geometry families a layer may be checked against (shapely type ids).
POINT: frozenset[str] = frozenset({"Point"})
LINE: frozenset[str] = frozenset({"LineString", "MultiLineString", "LinearRing"})
POLYGON: frozenset[str] = frozenset({"Polygon", "MultiPolygon"})
LINE_OR_POLYGON: frozenset[str] = LINE | POLYGON

_MAX_LISTED = 20
# Iraq's extent (lon/lat) widened by about one degree.
_IRAQ_BOX = shapely.box(37.8, 28.0, 49.6, 38.4)
_TYPE_NAMES = {
    0: "Point",
    1: "LineString",
    2: "LinearRing",
    3: "Polygon",
    4: "MultiPoint",
    5: "MultiLineString",
    6: "MultiPolygon",
    7: "GeometryCollection",
}
_LABEL_COLUMNS = ("id", "name", "shapeName", "ADM3_EN", "ADM2_EN", "ADM1_EN")


# What each layer argument must hold, for messages.
_WHAT = {
    "federal": "a control line or controlled area",
    "krg": "a control line or controlled area",
    "study_area": "a study area",
    "hotspots": "a hotspot layer",
    "incidents": "an incident layer",
}


@dataclass(frozen=True)
class LayerChoice:
    """Which layer of a vector file to read, and why (see :func:`choose_layer`).

    Attributes
    ----------
    name : str
        The layer.
    reason : str
        Why it was chosen (``"the only layer"``, ``"named"``...).
    others : tuple of str
        The file's other layers (not read).
    warning : str
        What to tell the user (empty when there was nothing to choose).
    """

    name: str
    reason: str
    others: tuple[str, ...] = ()
    warning: str = ""


def _words(name: str) -> set[str]:
    return set(re.split(r"[^0-9a-z]+", name.lower())) - {""}


def choose_layer(
    path: str | PathLike[str],
    *,
    layer: str | None = None,
    prefer: Sequence[str] = (),
    error: type[HotspotError] = BoundaryError,
) -> LayerChoice:
    """Choose the layer to read from a vector file that may hold several.

    The rule: the layer named ``layer``; else the only layer; else the one
    layer whose name has one of the ``prefer`` words (``federal_line`` has
    ``federal``); else the first. With several layers the choice is said in
    :attr:`LayerChoice.warning`, naming the layers not read.

    Parameters
    ----------
    path : str or path-like
        A GeoJSON, GeoPackage, Shapefile...
    layer : str, optional
        The layer asked for.
    prefer : sequence of str
        Words that name the wanted layer, in order of preference.
    error : type, default BoundaryError
        The error raised when ``layer`` is not in the file.

    Returns
    -------
    LayerChoice
        The layer, why, and the others.

    Raises
    ------
    pyogrio.errors.DataSourceError
        If the file cannot be opened (the caller says what it expected).
    HotspotError
        Of type ``error``, if the file has no layer ``layer``.

    Examples
    --------
    >>> import tempfile, pathlib, shapely
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "two.gpkg"
    >>> line = gpd.GeoDataFrame(geometry=[shapely.LineString([(44, 35), (45, 36)])], crs=4326)
    >>> line.to_file(path, layer="draft"); line.to_file(path, layer="federal_line")
    >>> choice = choose_layer(path, prefer=["federal"])
    >>> choice.name, choice.others
    ('federal_line', ('draft',))
    """
    names = [str(row[0]) for row in pyogrio.list_layers(path)]
    if layer is not None:
        if layer not in names:
            raise error(f"{path}: no layer {layer!r}; its layers are {', '.join(map(repr, names))}")
        others = tuple(n for n in names if n != layer)
        return LayerChoice(layer, "named with layer=", others)
    if len(names) <= 1:
        return LayerChoice(names[0] if names else "", "the only layer")
    chosen, reason = None, ""
    for word in prefer:
        hits = [n for n in names if word.lower() in _words(n) or n.lower() == word.lower()]
        if len(hits) == 1:
            chosen, reason = hits[0], f"its name says {word!r}"
            break
    if chosen is None:
        chosen = names[0]
        said = f" named for {' or '.join(map(repr, prefer))}" if prefer else ""
        reason = f"the first; no single layer is{said}"
    others = tuple(n for n in names if n != chosen)
    listed = ", ".join(map(repr, others))
    warning = (
        f"read layer {chosen!r} ({reason}); the file's other layers were not read: {listed} "
        "(name the layer with layer=, or save it in a file of its own)"
    )
    return LayerChoice(chosen, reason, others, warning)


def read_layer(
    data: object, *, argument: str, layer: str | None = None, prefer: Sequence[str] | None = None
) -> gpd.GeoDataFrame:
    """Return a layer argument as a GeoDataFrame (a path is read; nothing is copied).

    Parameters
    ----------
    data : GeoDataFrame, GeoSeries, str or path-like
        The layer, or a GeoJSON, GeoPackage or Shapefile path.
    argument : str
        Name of the argument, used in messages.
    layer : str, optional
        The layer of a file with several; by default chosen by
        :func:`choose_layer` (a layer named after ``argument``, else the first)
        with a warning naming the others.
    prefer : sequence of str, optional
        Words naming the wanted layer; default ``(argument,)``.

    Returns
    -------
    geopandas.GeoDataFrame
        The layer itself (a GeoSeries is wrapped), never modified.

    Raises
    ------
    FileNotFoundError
        If a path does not exist.
    hotspot.errors.BoundaryError
        If a file cannot be read as a vector layer, holds no geometry (a CSV
        table) or has no layer ``layer``.
    TypeError
        For any other kind of object (with the fix for shapely geometries).

    Examples
    --------
    >>> import shapely
    >>> read_layer(gpd.GeoSeries([shapely.Point(44, 35)], crs=4326), argument="x").shape
    (1, 1)
    """
    if isinstance(data, gpd.GeoDataFrame):
        return data
    if isinstance(data, gpd.GeoSeries):
        return gpd.GeoDataFrame(geometry=data)
    if isinstance(data, str | PathLike):
        path = Path(data)
        if not path.exists():
            raise FileNotFoundError(f"{argument}: file {str(path)!r} does not exist")
        try:
            choice = choose_layer(
                path, layer=layer, prefer=(argument,) if prefer is None else prefer
            )
            frame = gpd.read_file(path, engine="pyogrio", layer=choice.name or None)
        except BoundaryError:
            raise
        except Exception as exc:  # pyogrio raises several DataSourceError types
            raise BoundaryError(
                f"{argument}: {path} cannot be read as a vector layer ({exc}); expected "
                "GeoJSON, GeoPackage or Shapefile"
            ) from exc
        if not _has_geometry(frame):
            what = _WHAT.get(argument, "a layer")
            columns = ", ".join(map(str, list(frame.columns)[:8]))
            raise BoundaryError(
                f"{argument}: {path.name} has no geometry (it reads as a table with columns "
                f"{columns or 'none'}): {what} must be a vector file — GeoJSON, GeoPackage, "
                "Shapefile — with its features' geometry"
                + (
                    "; read an incident table with hotspot.read_incidents first"
                    if argument == "incidents"
                    else ""
                )
            )
        if choice.warning:
            warnings.warn(
                f"{argument}: {path}: {choice.warning}",
                UserWarning,
                stacklevel=caller_stacklevel(),
            )
        return frame
    raise TypeError(
        f"{argument}: expected a GeoDataFrame, GeoSeries or file path, got "
        f"{type(data).__name__}; wrap shapely geometries as "
        "geopandas.GeoSeries([...], crs='EPSG:4326')"
    )


def _has_geometry(frame: object) -> bool:
    if not isinstance(frame, gpd.GeoDataFrame):
        return False
    try:
        return frame.geometry.name in frame.columns
    except AttributeError:  # a GeoDataFrame without an active geometry column
        return False


def feature_label(frame: gpd.GeoDataFrame, position: int) -> str:
    """Name a feature for messages: its index label, and its id or name when it has one.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        The layer.
    position : int
        Position of the feature in the layer.

    Returns
    -------
    str
        For example ``"index 3 (id='kirkuk')"``.

    Examples
    --------
    >>> f = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.Point(0, 0)], index=[7])
    >>> feature_label(f, 0)
    "index 7 (id='a')"
    """
    value = frame.index[position]
    label = f"index {value.item() if isinstance(value, np.generic) else value!r}"
    for column in _LABEL_COLUMNS:
        if column in frame.columns and column != frame.geometry.name:
            value = frame[column].iloc[position]
            return (
                f"{label} ({column}={value.item() if isinstance(value, np.generic) else value!r})"
            )
    return label


def _listed(frame: gpd.GeoDataFrame, mask: np.ndarray) -> str:
    where = np.flatnonzero(mask)
    names = [feature_label(frame, int(i)) for i in where[:_MAX_LISTED]]
    more = f" and {where.size - _MAX_LISTED} more" if where.size > _MAX_LISTED else ""
    return ", ".join(names) + more


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry | None:
    """Return the areal part of a repaired geometry, or None when nothing has area."""
    polys = [
        q
        for p in shapely.get_parts(geom)
        if shapely.get_type_id(p) in (3, 6)
        for q in shapely.get_parts(p)
    ]
    if not polys:
        return None
    return shapely.multipolygons(polys) if len(polys) > 1 else polys[0]


def _crs_problems(layers: Mapping[str, gpd.GeoDataFrame], same_crs: bool) -> list[str]:
    problems = []
    named = {}
    for name, gdf in layers.items():
        if gdf.crs is None:
            problems.append(
                f"{name} has no CRS; set it with gdf.set_crs('EPSG:4326') if the coordinates "
                "are lon/lat (or the CRS they are really in, e.g. 'EPSG:32638' for UTM 38N)"
            )
            continue
        named[name] = gdf.crs
        if gdf.crs.is_geographic and len(gdf):
            bounds = np.asarray(gdf.total_bounds, dtype=float)
            if np.isfinite(bounds).all() and (
                max(abs(bounds[0]), abs(bounds[2])) > 180
                or max(abs(bounds[1]), abs(bounds[3])) > 90
            ):
                problems.append(
                    f"{name}: coordinates reach x={max(abs(bounds[0]), abs(bounds[2])):.0f}, "
                    f"y={max(abs(bounds[1]), abs(bounds[3])):.0f} but the layer says "
                    f"{gdf.crs.name}; these look like projected (metre) coordinates: set the "
                    "true CRS with gdf.set_crs(..., allow_override=True)"
                )
    crs_list = list(named.values())
    if same_crs and any(not crs_list[0].equals(c, ignore_axis_order=True) for c in crs_list[1:]):
        listing = ", ".join(f"{name} in {crs.to_string()}" for name, crs in named.items())
        problems.append(
            f"layers are in different CRSs ({listing}); reproject them to one CRS with "
            "gdf.to_crs(...) first"
        )
    return problems


def _extent_problem(name: str, gdf: gpd.GeoDataFrame) -> tuple[str, bool] | None:
    """Return a message when the layer misses Iraq, and whether it is a CRS (axis) problem."""
    geo = gdf.to_crs(4326) if not gdf.crs.equals(4326) else gdf
    bounds = np.asarray(geo.total_bounds, dtype=float)
    outline = country_outline()
    if shapely.box(*bounds).intersects(_IRAQ_BOX) and geo.intersects(outline).any():
        return None
    if shapely.box(*bounds[[1, 0, 3, 2]]).intersects(outline):
        return (
            f"{name}: the layer lands in Iraq only with x and y swapped (bounds "
            f"{np.round(bounds, 3).tolist()}); expected lon as x and lat as y in EPSG:4326: "
            "fix the axis order when the file is written or swap them with "
            "shapely.transform(geometry, lambda c: c[:, ::-1])"
        ), True
    return (
        f"{name}: the layer does not overlap Iraq (bounds {np.round(bounds, 3).tolist()}); "
        "expected features in Iraq (lon 38.8-48.6, lat 29.1-37.4)"
    ), False


def check_layers(
    layers: Mapping[str, gpd.GeoDataFrame],
    kinds: Mapping[str, frozenset[str]],
    *,
    same_crs: bool = True,
    in_iraq: bool = False,
    errors: Mapping[str, type[HotspotError]] | None = None,
    stacklevel: int = 3,
) -> dict[str, gpd.GeoDataFrame]:
    """Check layers against the one policy (module docstring); return them ready to use.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        The layers by the name messages use (an argument or a file name).
    kinds : mapping of str to frozenset
        For each layer, the accepted geometry types (:data:`POINT`, :data:`LINE`,
        :data:`POLYGON`, :data:`LINE_OR_POLYGON`). In a :data:`POINT` layer, empty
        or missing geometries are misses and pass.
    same_crs : bool, default True
        Require all layers to share one CRS.
    in_iraq : bool, default False
        Require every layer to overlap Iraq (with a hint for swapped axes).
    errors : mapping of str to exception class, optional
        The error raised for a layer's problems (default
        :class:`~hotspot.errors.BoundaryError`); when the problems span layers
        with different classes, BoundaryError.
    stacklevel : int, default 3
        Stack level of the repair warning (blame the user's call).

    Returns
    -------
    dict of str to GeoDataFrame
        The layers in their own CRS: the same objects when nothing changed,
        else copies with Z dropped and invalid geometries repaired.

    Raises
    ------
    hotspot.errors.CRSError
        If a layer has no CRS or a wrong one, or the layers' CRSs differ (the
        message also lists any other problem).
    hotspot.errors.BoundaryError
        For the other problems (or the class given in ``errors``).

    Warns
    -----
    UserWarning
        Naming each feature whose invalid geometry was repaired, and why.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> bowtie = shapely.Polygon([(44, 35), (45, 36), (45, 35), (44, 36)])
    >>> area = gpd.GeoDataFrame(geometry=[bowtie], crs=4326)
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     fixed = check_layers({"area": area}, {"area": POLYGON})["area"]
    >>> fixed.is_valid.all(), "Self-intersection" in str(caught[0].message)
    (np.True_, True)
    """
    errors = dict(errors or {})
    crs_problems = _crs_problems(layers, same_crs)
    problems: dict[str, list[str]] = {}
    out: dict[str, gpd.GeoDataFrame] = {}
    for name, gdf in layers.items():
        found = problems.setdefault(name, [])
        allowed = kinds[name]
        geoms = gdf.geometry.array
        missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        if missing.all():
            found.append(f"{name} is empty (no features with geometry)")
            continue
        if allowed != POINT and missing.any():
            found.append(
                f"{name}: {int(missing.sum())} feature(s) have an empty or missing geometry "
                f"({_listed(gdf, missing)}); give every feature a geometry or drop it"
            )
        types = np.asarray(gdf.geom_type.to_numpy(), dtype=object)
        wrong = ~missing & ~np.isin(types, list(allowed))
        for pos in np.flatnonzero(wrong)[:_MAX_LISTED]:
            found.append(
                f"{name}: feature at {feature_label(gdf, int(pos))} is a {types[pos]}, "
                f"expected {' or '.join(sorted(allowed))}"
            )
        check_extent = in_iraq and gdf.crs is not None and not found and not crs_problems
        if check_extent and (problem := _extent_problem(name, gdf)):
            if problem[1]:  # swapped axes: a CRS problem
                crs_problems.append(problem[0])
                continue
            found.append(problem[0])
        if found or crs_problems:
            continue
        out[name] = _repaired(name, gdf, missing, allowed, found, stacklevel + 1)
    listed = [p for ps in problems.values() for p in ps]
    if crs_problems:
        raise CRSError("; ".join(crs_problems + listed))
    if listed:
        classes = {errors.get(name, BoundaryError) for name, ps in problems.items() if ps}
        cls = classes.pop() if len(classes) == 1 else BoundaryError
        if len(listed) == 1:
            raise cls(listed[0])
        raise cls(f"{len(listed)} problem(s) in the input layers:\n  " + "\n  ".join(listed))
    return out


def _repaired(
    name: str,
    gdf: gpd.GeoDataFrame,
    missing: np.ndarray,
    allowed: frozenset[str],
    found: list[str],
    stacklevel: int,
) -> gpd.GeoDataFrame:
    """Drop Z and repair invalid geometries (with a warning); record what cannot be repaired."""
    geoms = gdf.geometry.array
    has_z = ~missing & shapely.has_z(geoms)
    invalid = ~missing & ~shapely.is_valid(geoms)
    if not has_z.any() and not invalid.any():
        return gdf
    new = np.asarray(geoms, dtype=object).copy()
    if has_z.any():
        new[has_z] = shapely.force_2d(new[has_z])
        invalid = ~missing & ~shapely.is_valid(new)
    if invalid.any():
        reasons = np.asarray(shapely.is_valid_reason(new[invalid]), dtype=object)
        originally = np.asarray(shapely.get_type_id(new[invalid]))
        repaired = np.asarray(shapely.make_valid(new[invalid]), dtype=object)
        # a repaired polygon keeps its areal part (make_valid may add lines or points)
        areal = np.isin(originally, [3, 6])
        repaired[areal] = [_polygonal(g) for g in repaired[areal]]
        names = np.array(
            [
                _TYPE_NAMES.get(int(shapely.get_type_id(g)), "") if g is not None else ""
                for g in repaired
            ]
        )
        ok = np.isin(names, list(allowed))
        if not ok.all():
            mask = np.zeros(len(gdf), dtype=bool)
            mask[np.flatnonzero(invalid)[~ok]] = True
            found.append(
                f"{name}: feature(s) {_listed(gdf, mask)} are invalid beyond repair "
                f"({'; '.join(reasons[~ok][:3])}): "
                + ("a collapsed ring, no area left; " if areal[~ok].any() else "")
                + f"expected {' or '.join(sorted(allowed))}: fix or drop them in the file"
            )
            return gdf
        details = "; ".join(
            f"{feature_label(gdf, int(i))}: {why}"
            for i, why in zip(np.flatnonzero(invalid)[:_MAX_LISTED], reasons, strict=False)
        )
        warnings.warn(
            f"{name}: repaired {int(invalid.sum())} invalid geometr"
            f"{'y' if invalid.sum() == 1 else 'ies'} with shapely.make_valid ({details})",
            UserWarning,
            stacklevel=stacklevel,
        )
        new[invalid] = repaired
    out = gdf.copy()
    out[gdf.geometry.name] = gpd.GeoSeries(new, index=gdf.index, crs=gdf.crs)
    return out


def point_lonlat(
    points: gpd.GeoDataFrame | gpd.GeoSeries, *, argument: str = "points"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return lon and lat (EPSG:4326 degrees, NaN for misses) and the mask of present points.

    Parameters
    ----------
    points : GeoDataFrame or GeoSeries
        Point geometries in any CRS; missing or empty geometries are misses.
    argument : str, default "points"
        Name used in messages.

    Returns
    -------
    lon, lat : numpy.ndarray
        Degrees, NaN where there is no point.
    present : numpy.ndarray of bool
        Where there is a point.

    Raises
    ------
    hotspot.errors.CRSError
        If the layer has no CRS.
    hotspot.errors.BoundaryError
        If a geometry is not a point (naming the first).

    Examples
    --------
    >>> pts = gpd.GeoSeries([shapely.Point(44, 35), shapely.Point()], crs=4326)
    >>> lon, lat, present = point_lonlat(pts)
    >>> lon.tolist()[0], present.tolist()
    (44.0, [True, False])
    """
    if points.crs is None:
        raise CRSError(
            f"{argument}: the layer has no CRS; set it, e.g. {argument}.set_crs('EPSG:4326')"
        )
    geoms = points.geometry if isinstance(points, gpd.GeoDataFrame) else points
    if not geoms.crs.equals(4326):
        geoms = geoms.to_crs(4326)
    arr = geoms.array
    present = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
    kinds = shapely.get_type_id(arr)
    bad = present & (kinds != shapely.GeometryType.POINT)
    if bad.any():
        raise BoundaryError(
            f"{argument}: {int(bad.sum())} geometr{'y is' if bad.sum() == 1 else 'ies are'} "
            f"not points (first at index {points.index[bad][0]!r}); expected Point "
            "geometries (use .representative_point() for areas)"
        )
    lon = np.full(len(arr), np.nan)
    lat = np.full(len(arr), np.nan)
    lon[present] = shapely.get_x(arr[present])
    lat[present] = shapely.get_y(arr[present])
    return lon, lat, present


def to_lonlat(frame: gpd.GeoDataFrame | gpd.GeoSeries, what: str = "layer"):
    """Return a layer (or geometry series) in EPSG:4326: the same object when it already is.

    The one way hotspot reprojects for output (GeoJSON, maps, CSV coordinates):
    no copy and no reprojection when the layer is already lon/lat.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame or geopandas.GeoSeries
        A layer with a CRS.
    what : str, default "layer"
        Name of the layer in the error message.

    Returns
    -------
    geopandas.GeoDataFrame or geopandas.GeoSeries
        ``frame`` itself, or a reprojected copy.

    Raises
    ------
    hotspot.errors.CRSError
        If the layer has no CRS.

    Examples
    --------
    >>> pts = gpd.GeoDataFrame(geometry=[shapely.Point(44.4, 35.5)], crs=4326)
    >>> to_lonlat(pts) is pts
    True
    >>> round(float(to_lonlat(pts.to_crs(32638)).geometry.x.iloc[0]), 6)
    44.4
    """
    if frame.crs is None:
        raise CRSError(
            f"{what}: the layer has no CRS; set it first, e.g. gdf.set_crs('EPSG:4326') for "
            "lon/lat degrees"
        )
    if frame.crs.to_epsg() == 4326:
        return frame
    return frame.to_crs(4326)


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
