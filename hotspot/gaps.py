"""Security-vacuum zones between the federal and Kurdistan Region (KRG) control lines.

:func:`find_gaps` measures the band that neither the Iraqi federal forces nor the
Peshmerga hold: the area enclosed between the two control lines (the band of
:mod:`hotspot._front`, the same one :func:`hotspot.locate.locate` calls
``"vacuum"``), minus the reach each side effectively controls beyond its line,
clipped to a study area. It returns the vacuum zones, a width profile along the
front, contiguous width-class segments and, when incidents are given, an overlay
testing whether incidents are concentrated in the vacuum (the one overlay rule of
:mod:`hotspot._overlay`).

All geometry is computed in the metric CRS :data:`METRIC_CRS` (EPSG:32638, WGS 84 /
UTM zone 38N, which covers the disputed territories) and returned in the CRS of
the layers given (EPSG:4326 when every layer is bundled).

Examples
--------
>>> import geopandas as gpd
>>> from shapely import LineString
>>> fed = gpd.GeoSeries([LineString([(400_000, 3_900_000), (500_000, 3_900_000)])],
...                     crs=32638)
>>> krg = gpd.GeoSeries([LineString([(400_000, 3_910_000), (500_000, 3_910_000)])],
...                     crs=32638)
>>> result = find_gaps(fed, krg, study_area=None, gazetteer=False)
>>> round(float(result.zones["area_km2"].sum())), result.zones.crs.to_epsg()
(1000, 32638)
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops

from hotspot._dates import parse_day, read_dates
from hotspot._front import (
    SIDES,
    Front,
    build_front,
    lines_as_of,
    outline_metric,
    unreadable_as_of,
)
from hotspot._geo import GEOGRAPHIC_CRS, METRIC_CRS
from hotspot._io import output_run, write_csv
from hotspot._labels import Places, bundled_places, name_span, places_from_gazetteer
from hotspot._layers import (
    LINE_OR_POLYGON,
    POINT,
    POLYGON,
    LayerLike,
    check_layers,
    read_layer,
    to_lonlat,
)
from hotspot._lines import interpolate, nearest_on
from hotspot._locate import locate_lonlat
from hotspot._overlay import GapOverlay, incident_overlay, is_coarse
from hotspot.boundaries import load_control_lines, load_disputed_territories
from hotspot.errors import BoundaryError, IncidentError
from hotspot.export import write_geojson

__all__ = [
    "GEOGRAPHIC_CRS",
    "METRIC_CRS",
    "PROFILE_COLUMNS",
    "SIDES",
    "STUDY_AREAS",
    "GapOverlay",
    "GapResult",
    "find_gaps",
]

#: Registry of named study areas (see ``study_area`` in :func:`find_gaps`).
STUDY_AREAS: tuple[str, ...] = ("disputed",)
#: Width class of stations where the two reaches meet or the lines touch.
NO_GAP_CLASS = "none"
#: Columns of :attr:`GapResult.profile` (besides ``geometry``), units in the names.
PROFILE_COLUMNS: tuple[str, ...] = (
    "station",
    "along_km",
    "to_krg_m",
    "width_m",
    "width_class",
    "krg_side",
    "krg_lon",
    "krg_lat",
    "in_study_area",
)

_TINY_M = 1e-6
_MM = 1e-3
_QUAD_SEGS = 16  # segments per quarter circle of the reach buffers
# Files GapResult.to_files may write (an earlier run's copy not written now is removed).
_GAP_FILES = (
    "gaps_zones.geojson",
    "gaps_zones.qml",
    "gaps_profile.geojson",
    "gaps_profile.qml",
    "gaps_segments.geojson",
    "gaps_profile.csv",
    "gaps_overlay.csv",
)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class GapResult:
    """Result of :func:`find_gaps`.

    ``str(result)`` is the text report; :meth:`summary` gives the key figures
    as a DataFrame.

    Attributes
    ----------
    zones : geopandas.GeoDataFrame
        Vacuum polygons, one row per zone, ordered along the front.
    profile : geopandas.GeoDataFrame
        One row per station along the federal line (points); columns
        :data:`PROFILE_COLUMNS`.
    segments : geopandas.GeoDataFrame
        Contiguous runs of stations in one width class (lines).
    overlay : GapOverlay or None
        Incident statistics, when incidents were given.
    corridor : geopandas.GeoDataFrame
        The band enclosed between the two lines, before reaches and clipping.
    crs_metric : str
        The CRS the computation ran in (:data:`METRIC_CRS`).
    params : dict
        The parameters used and derived facts (bridged gaps, line ends, as_of).
    lines : geopandas.GeoDataFrame
        The two lines as used (merged, oriented; for controlled areas their
        facing edges), with ``side`` and ``as_of`` (the date each describes,
        ISO, or None).

    Every layer is in the CRS of the layers given to :func:`find_gaps`
    (EPSG:4326 when all are bundled); ``params["crs"]`` names it.
    """

    zones: gpd.GeoDataFrame
    profile: gpd.GeoDataFrame
    segments: gpd.GeoDataFrame
    overlay: GapOverlay | None
    corridor: gpd.GeoDataFrame
    crs_metric: str = METRIC_CRS
    params: dict[str, Any] = field(default_factory=dict)
    lines: gpd.GeoDataFrame | None = None

    def summary(self) -> pd.DataFrame:
        """Return the key figures: zones, areas, widths and the incident overlay.

        Returns
        -------
        pandas.DataFrame
            One ``value`` column indexed by item: ``zones``, ``area_km2``,
            ``front_km``, ``width_min_km``, ``width_median_km``,
            ``width_max_km`` (along the federal line), and with an overlay
            ``n_in``, ``n_out``, ``n_excluded``, ``rate_ratio``, ``ci_low``,
            ``ci_high``, ``p_value``.

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely import LineString
        >>> a = gpd.GeoSeries([LineString([(4e5, 39e5), (5e5, 39e5)])], crs=32638)
        >>> b = gpd.GeoSeries([LineString([(4e5, 3.91e6), (5e5, 3.91e6)])], crs=32638)
        >>> s = find_gaps(a, b, study_area=None, gazetteer=False).summary()
        >>> s.loc[["zones", "area_km2", "front_km"], "value"].round(1).tolist()
        [1.0, 1000.0, 100.0]
        """
        z, p = self.zones, self.profile
        w = p["width_m"] / 1000.0 if len(p) else pd.Series(dtype=float)
        items: dict[str, float] = {
            "zones": float(len(z)),
            "area_km2": float(z["area_km2"].sum()),
            "front_km": float(self.params.get("front_km", math.nan)),
            "width_min_km": float(w.min()) if len(w) else math.nan,
            "width_median_km": float(w.median()) if len(w) else math.nan,
            "width_max_km": float(w.max()) if len(w) else math.nan,
        }
        o = self.overlay
        if o is not None:
            for name in ("n_in", "n_out", "n_excluded", "rate_ratio", "ci_low", "ci_high"):
                items[name] = float(getattr(o, name))
            items["p_value"] = float(o.p_value)
        out = pd.DataFrame({"value": pd.Series(items, dtype=float)})
        out.index.name = "item"
        return out

    def __str__(self) -> str:
        """Return the text report for briefings and logs.

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely import LineString
        >>> a = gpd.GeoSeries([LineString([(4e5, 39e5), (5e5, 39e5)])], crs=32638)
        >>> b = gpd.GeoSeries([LineString([(4e5, 3.91e6), (5e5, 3.91e6)])], crs=32638)
        >>> print(str(find_gaps(a, b, study_area=None, gazetteer=False)).splitlines()[0])
        Security vacuum: 1 zone(s), 1000.0 km² along 100.0 km of front (computed in EPSG:32638)
        """
        z = self.zones
        p = self.profile
        lines = [
            f"Security vacuum: {len(z)} zone(s), {z['area_km2'].sum():.1f} km² along "
            f"{self.params.get('front_km', float('nan')):.1f} km of front "
            f"(computed in {self.crs_metric})"
        ]
        cov = self.params.get("coverage_m", {})
        lines.append(
            f"Reach: federal {cov.get('federal', 0):g} m, KRG {cov.get('krg', 0):g} m; "
            f"profile: {len(p)} stations every {self.params.get('station_spacing_m', 0):g} m"
        )
        if len(p):
            w = p["width_m"] / 1000.0
            lines.append(
                f"Width along the federal line: min {w.min():.1f} km, median {w.median():.1f} km, "
                f"max {w.max():.1f} km"
            )
        if self.params.get("as_of"):
            lines.append(f"Control lines as of {self.params['as_of']}")
        elif self.params.get("as_of_unreadable"):
            lines.append(_unreadable_note(self.params["as_of_unreadable"]))
        for row in z.head(5).itertuples():
            lines.append(
                f"  zone {row.zone_id}: {row.label or '(unnamed)'} — {row.area_km2:.1f} km², "
                f"{row.length_km:.1f} km long, {row.width_median_km:.1f} km median width"
            )
        if len(z) > 5:
            lines.append(f"  ... and {len(z) - 5} more zone(s)")
        if self.overlay is not None:
            lines.append(self.overlay.describe())
        return "\n".join(lines)

    def explore(self, **kwargs: Any):
        """Return a folium map of the vacuum zones and the two control lines.

        Parameters
        ----------
        **kwargs
            Passed to :func:`hotspot.maps.briefing_map` (``title``, ``m`` …).

        Returns
        -------
        folium.Map
            Displays inline in Jupyter.

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely import LineString
        >>> a = gpd.GeoSeries([LineString([(4e5, 39e5), (5e5, 39e5)])], crs=32638)
        >>> b = gpd.GeoSeries([LineString([(4e5, 3.91e6), (5e5, 3.91e6)])], crs=32638)
        >>> type(find_gaps(a, b, study_area=None, gazetteer=False).explore()).__name__
        'Map'
        """
        # folium is imported on first use only: `import hotspot` needs no map library
        from hotspot.maps.briefing import briefing_map

        kwargs.setdefault("title", f"{len(self.zones)} security-vacuum zones")
        return briefing_map(zones=self.zones, control_lines=self.lines, **kwargs)

    def _repr_html_(self) -> str:
        body = "<br>".join(html.escape(line) for line in str(self).splitlines())
        table = pd.DataFrame(self.zones.drop(columns="geometry")).head(20).to_html(index=False)
        return f"<div><strong>GapResult</strong><p>{body}</p>{table}</div>"

    def to_files(
        self,
        out_dir: str | PathLike[str],
        *,
        zones: bool = True,
        overlay: bool = True,
        inputs: Iterable[str | PathLike[str]] = (),
    ) -> list[Path]:
        """Write zones, profile and segments as GeoJSON (RFC 7946) plus the profile as CSV.

        Each GeoJSON gets a QGIS ``.qml`` style beside it
        (:func:`hotspot.export.write_geojson`).

        Parameters
        ----------
        out_dir : str or path-like
            Folder to write into; created when missing. Written as one safe run
            (:func:`hotspot._io.output_run`): files move into place when all are
            written, links in the folder are never followed, outputs of an
            earlier run not written now are removed, and a manifest lists the
            files.
        zones : bool, default True
            Write ``gaps_zones.geojson`` (off when the zones are written elsewhere).
        overlay : bool, default True
            Write ``gaps_overlay.csv`` when there is an overlay.
        inputs : iterable of path, optional
            Files the analysis read: the run is refused, before anything is
            written, when it would overwrite or remove one of them
            (:func:`hotspot._io.check_inputs`).

        Returns
        -------
        list of pathlib.Path
            ``gaps_zones.geojson``, ``gaps_profile.geojson``, ``gaps_segments.geojson``,
            ``gaps_profile.csv`` (and ``gaps_overlay.csv`` with an overlay).

        Examples
        --------
        >>> import tempfile, geopandas as gpd
        >>> from shapely import LineString
        >>> a = gpd.GeoSeries([LineString([(4e5, 39e5), (5e5, 39e5)])], crs=32638)
        >>> b = gpd.GeoSeries([LineString([(4e5, 3.91e6), (5e5, 3.91e6)])], crs=32638)
        >>> r = find_gaps(a, b, study_area=None, gazetteer=False)
        >>> [p.name for p in r.to_files(tempfile.mkdtemp())][:2]
        ['gaps_zones.geojson', 'gaps_profile.geojson']
        """
        names: list[str] = []
        with output_run(out_dir, known=_GAP_FILES, inputs=inputs) as run:  # see hotspot._io
            out = run.path
            layers = [("profile", self.profile, "profile"), ("segments", self.segments, None)]
            if zones:
                layers.insert(0, ("zones", self.zones, "vacuum_zones"))
            for name, frame, style in layers:
                names.append(write_geojson(frame, out / f"gaps_{name}.geojson", style=style).name)
            table = pd.DataFrame(self.profile.drop(columns="geometry"))
            stations = to_lonlat(self.profile.geometry)
            table.insert(2, "lon", stations.x.round(7))
            table.insert(3, "lat", stations.y.round(7))
            names.append(write_csv(table, out / "gaps_profile.csv", float_format="%.7g").name)
            if overlay and self.overlay is not None:
                names.append(write_csv(self.overlay.to_frame(), out / "gaps_overlay.csv").name)
        return [run.folder / name for name in names]


# --------------------------------------------------------------------------- input


def _finite(value: Any, *, above: float | None = None, at_least: float | None = None) -> bool:
    """Whether an option is a real, finite number (not a bool) within its bound."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    if not math.isfinite(value):
        return False
    return (above is None or value > above) and (at_least is None or value >= at_least)


def _coverage(coverage_m: Any) -> dict[str, float]:
    if isinstance(coverage_m, numbers.Real):
        values = {"federal": float(coverage_m), "krg": float(coverage_m)}
    elif isinstance(coverage_m, Mapping):
        unknown = set(coverage_m) - set(SIDES)
        if unknown:
            raise ValueError(
                f"coverage_m: unknown side(s) {sorted(unknown)}; valid keys are {', '.join(SIDES)}"
            )
        values = {side: float(coverage_m.get(side, 0.0)) for side in SIDES}
    elif isinstance(coverage_m, Sequence) and len(coverage_m) == 2:
        values = {"federal": float(coverage_m[0]), "krg": float(coverage_m[1])}
    else:
        raise ValueError(
            "coverage_m: expected a number of metres, a (federal, krg) pair or a dict "
            f"{{'federal': m, 'krg': m}}, got {coverage_m!r}"
        )
    bad = {k: v for k, v in values.items() if not (v >= 0 and math.isfinite(v))}
    if bad:
        raise ValueError(f"coverage_m must be finite and >= 0 metres, got {bad}")
    return values


def _split_sides(gdf: gpd.GeoDataFrame, name: str) -> dict[str, gpd.GeoDataFrame]:
    if "side" not in gdf.columns:
        raise BoundaryError(
            f"{name}: a single control-line layer needs a 'side' column with the values "
            f"{', '.join(SIDES)}; or pass both federal= and krg="
        )
    side = gdf["side"].astype(str).str.lower()
    found = set(side)
    missing = [s for s in SIDES if s not in found]
    if missing:
        raise BoundaryError(
            f"{name}: the 'side' column has {sorted(found)}, missing {', '.join(missing)}"
        )
    return {s: gdf.loc[(side == s).to_numpy()] for s in SIDES}


def _centreline(f_t: shapely.LineString, k_t: shapely.LineString, spacing: float) -> np.ndarray:
    """Stations on the mid-line between two co-oriented lines (by fraction of length)."""
    n = max(math.ceil(max(f_t.length, k_t.length) / spacing), 1)
    t = np.linspace(0.0, 1.0, n + 1)
    a, _ = interpolate(f_t, t * f_t.length)
    b, _ = interpolate(k_t, t * k_t.length)
    return (a + b) / 2.0


def _width_classes(widths: np.ndarray, thresholds: tuple[float, ...]) -> pd.Categorical:
    edges = list(thresholds)
    labels = [NO_GAP_CLASS]
    lower = 0.0
    for edge in edges:
        labels.append(f"{_km(lower)}–{_km(edge)} km" if lower else f"<{_km(edge)} km")
        lower = edge
    labels.append(f">={_km(lower)} km")
    codes = np.where(widths <= 0, 0, np.searchsorted(edges, widths, side="right") + 1)
    return pd.Categorical.from_codes(codes, categories=labels, ordered=True)


def _km(metres: float) -> str:
    return f"{metres / 1000:g}"


# --------------------------------------------------------------------------- main


def _unreadable_note(unreadable: list[str]) -> str:
    """Say that the lines state no readable date, naming the first value that is not one."""
    more = f" and {len(unreadable) - 1} more" if len(unreadable) > 1 else ""
    return (
        f"Control lines: no readable date ({' '.join(unreadable[0].split())}{more}): the "
        "overlay counts incidents of every date"
    )


def _period_bound(value: Any, name: str, as_of: pd.Timestamp | None) -> pd.Timestamp | None:
    """Read ``since``/``until``: a date, ``"as_of"`` (the lines' date) or None."""
    if value is None:
        return None
    if isinstance(value, str) and value == "as_of":
        if name != "since":
            raise ValueError(f"{name}='as_of' is not allowed; 'as_of' is a start (since=)")
        if as_of is None:
            raise BoundaryError(
                "since='as_of': the control lines state no readable as_of date (no 'as_of' "
                "column, or values that are not dates); pass since= a date"
            )
        return as_of
    return parse_day(value, name=name, last=name == "until")  # the one date rule


def _incident_dates(incidents: gpd.GeoDataFrame, date_column: str) -> pd.Series | None:
    """Parse the date column with the readers' rule (ISO, else day first); None without one."""
    if date_column not in incidents.columns:
        return None
    raw = incidents[date_column]
    parsed = read_dates(raw)  # the one date rule: ISO first, 03/12/2023 day first
    blank = raw.astype(str).str.strip().isin(["nan", "NaN", "NaT", "None", "<NA>"]).to_numpy()
    bad = (parsed.problems != "").to_numpy() & ~blank
    if bad.any():
        where = ", ".join(repr(i) for i in incidents.index[bad][:20])
        raise IncidentError(
            f"incidents: column {date_column!r} has values that are not dates at index {where}; "
            "use ISO dates (YYYY-MM-DD; 03/12/2023 is read day first) or pass years="
        )
    return pd.Series(parsed.start.to_numpy(dtype="datetime64[ns]"), index=incidents.index)


def find_gaps(
    federal: LayerLike | None = None,
    krg: LayerLike | None = None,
    *,
    coverage_m: float | Sequence[float] | Mapping[str, float] = 0,
    study_area: LayerLike | str | None = "disputed",
    incidents: LayerLike | None = None,
    hotspots: LayerLike | None = None,
    years: float | None = None,
    date_column: str = "date",
    station_spacing_m: float = 500.0,
    width_classes_m: Sequence[float] = (2000, 10000, 40000),
    min_zone_area_km2: float = 0.01,
    gazetteer: pd.DataFrame | bool | None = None,
    conf: float = 0.95,
    include_coarse: bool = False,
    since: Any = None,
    until: Any = None,
) -> GapResult:
    """Find the security-vacuum zones between the federal and KRG control lines.

    The band between the lines is the one of :mod:`hotspot._front`: both lines
    are merged into one line each and the KRG line is oriented like the federal
    one. At each end, when both lines end on the country border the band runs
    along the border up to it; otherwise the line that runs past the other's end
    is cut where that end projects onto it, and the band is closed by the
    straight segment joining the two ends (lines whose projections onto each
    other do not overlap raise). Where the lines cross, the sides swap and there
    is a zone on each side. The vacuum is the band minus each side's reach (a
    buffer of its line by ``coverage_m``, and its controlled-area polygons if
    given), clipped to the study area. With no reach and no study area the zones
    are exactly the band :func:`hotspot.locate.locate` calls ``"vacuum"``.
    Everything is computed in EPSG:32638 (WGS 84 / UTM 38N) and returned in the
    CRS of the layers given (EPSG:4326 when all are bundled).

    Parameters
    ----------
    federal, krg : GeoDataFrame, GeoSeries or path, optional
        Each side's control, as lines or as controlled-area polygons. Areas are
        reduced to their edge facing the gap between the two sides (never a
        border), so areas whose edges are the lines give the lines' zones.
        Several features are unioned; a line in several parts is merged, and gaps
        between parts are bridged with straight segments (their total is
        ``params["bridged_km"]``). Omitted sides come from the bundled lines
        (:func:`hotspot.boundaries.load_control_lines`); one layer with a
        ``side`` column ("federal"/"krg") may be passed as ``federal`` alone. All
        given layers must share one CRS. An ``as_of`` column dates the lines.
    coverage_m : float, (float, float) or dict, default 0
        How far each side effectively controls beyond its line, in metres: one
        number for both, a ``(federal, krg)`` pair or ``{"federal": m, "krg": m}``.
    study_area : GeoDataFrame, GeoSeries, path, "disputed" or None, default "disputed"
        Polygons the zones are clipped to and within which the incident overlay
        compares inside and outside. "disputed": the bundled disputed territories;
        None: no clipping (the overlay then compares against the convex hull of
        the two lines).
    incidents : GeoDataFrame or path, optional
        Incident points, optionally with a date column and ``precision``, for
        the overlay (rules of :mod:`hotspot._overlay`: rows without a point and
        coarse locations are left out and counted).
    hotspots : GeoDataFrame or path, optional
        Hotspot polygons; counted per zone when given.
    years : float, optional
        Time span of the incidents in years; default: from the dates of the
        counted incidents, inclusive ((last - first + 1 day) / 365.25).
    date_column : str, default "date"
        Column of ``incidents`` holding dates (ISO, else day first, as the readers).
    station_spacing_m : float, default 500
        Spacing of the profile stations along the federal line and of the
        cross-sections used for zone widths.
    width_classes_m : sequence of float, default (2000, 10000, 40000)
        Increasing thresholds of the width classes, in metres; stations with no
        gap get the class "none".
    min_zone_area_km2 : float, default 0.01
        Vacuum fragments smaller than this are dropped.
    gazetteer : DataFrame, bool or None, default None
        Places used to label zones (settlements, ranked as in
        :mod:`hotspot._labels`): None or True for the bundled gazetteer, a
        DataFrame in the gazetteer schema, or False for no labels.
    conf : float, default 0.95
        Confidence level of the rate-ratio interval.
    include_coarse : bool, default False
        Count coarse locations (``precision == 3``) in the overlay.
    since, until : str, date or None
        Count only incidents dated in this period in the overlay (undated rows
        are then left out). ``since="as_of"`` starts at the lines' ``as_of``
        date. Without ``since``, incidents dated before the lines' ``as_of``
        trigger a warning.

    Returns
    -------
    GapResult
        ``zones``: zone_id, label, place_start, place_end (settlements at the
        zone's two ends), districts and territories (the OCHA districts and the
        disputed territories it runs through, in order along the front,
        pipe-separated; point in polygon as :func:`hotspot.locate.locate`),
        start_km, end_km and length_km (along the centreline
        between the two lines, the mid-points of points at equal fractions of
        their lengths), area_km2, width_min_km, width_median_km, width_max_km
        (from cross-sections perpendicular to the centreline every
        ``station_spacing_m``), and with incidents n_incidents, n_hotspots,
        incident_rate (per km² per year), rate_rank.
        ``profile``: station, along_km (position along the federal line from its
        start), to_krg_m (straight distance from the station to the KRG line),
        width_m (that distance minus both reaches, clipped at 0), width_class,
        krg_side (left/right of the federal line's direction, or "on"), krg_lon
        and krg_lat (the matching nearest point on the KRG line, degrees),
        in_study_area, geometry (the station).
        ``segments``: contiguous runs of one width class along the federal line
        (start_km, end_km, length_km along it; width_min_m, width_mean_m,
        width_max_m). ``overlay``: see :class:`GapOverlay`.

    Raises
    ------
    CRSError
        If a layer has no CRS, or the given layers are in different CRSs.
    BoundaryError
        If a layer is empty, has missing or wrongly typed geometry (each feature
        named), if the lines never face each other, if controlled areas face
        nothing, or if the band lies outside the study area.
    IncidentError
        If incidents are not points or their dates cannot be read.
    ValueError
        For bad options (negative reach, unknown study area name ...).
    TypeError
        If a layer is neither a GeoDataFrame, a GeoSeries nor a path.
    FileNotFoundError
        If a layer path does not exist.

    Warns
    -----
    UserWarning
        When invalid geometries are repaired, and when counted incidents are
        dated before the lines' ``as_of``.

    Examples
    --------
    Two lines 10 km apart, crossing 100 km; 2 km reach on each side:

    >>> import geopandas as gpd
    >>> from shapely import LineString
    >>> fed = gpd.GeoSeries([LineString([(4e5, 39e5), (5e5, 39e5)])], crs=32638)
    >>> krg = gpd.GeoSeries([LineString([(4e5, 3.91e6), (5e5, 3.91e6)])], crs=32638)
    >>> r = find_gaps(fed, krg, coverage_m=2000, study_area=None, gazetteer=False)
    >>> round(float(r.zones.loc[0, "area_km2"])), float(r.profile["width_m"].median())
    (600, 6000.0)
    >>> r.zones.crs.to_epsg(), r.crs_metric
    (32638, 'EPSG:32638')
    """
    options = []
    if not _finite(station_spacing_m, above=0.0):
        options.append(
            f"station_spacing_m must be > 0 metres and finite, got {station_spacing_m!r}"
        )
    if not _finite(min_zone_area_km2, at_least=0.0):
        options.append(f"min_zone_area_km2 must be >= 0 km² and finite, got {min_zone_area_km2!r}")
    try:
        thresholds = tuple(float(t) for t in width_classes_m)
    except (TypeError, ValueError):
        thresholds = ()
    if (
        not thresholds
        or not all(_finite(t, above=0.0) for t in thresholds)
        or list(thresholds) != sorted(set(thresholds))
    ):
        options.append(
            "width_classes_m must be strictly increasing positive finite metres, got "
            f"{width_classes_m!r}"
        )
    if years is not None and not _finite(years, above=0.0):
        options.append(f"years must be > 0 and finite (or None), got {years!r}")
    if not (_finite(conf) and 0 < conf < 1):
        options.append(f"conf must lie in (0, 1), got {conf!r}")
    if not isinstance(include_coarse, bool):
        options.append(f"include_coarse must be True or False, got {include_coarse!r}")
    if options:
        raise ValueError("; ".join(options))
    cov = _coverage(coverage_m)
    places = _places(gazetteer)

    user, metric, study_name, side_layers = _gather(federal, krg, study_area, incidents, hotspots)
    out_crs = next(iter(user.values())).crs if user else GEOGRAPHIC_CRS
    as_of = lines_as_of(*side_layers)
    start = _period_bound(since, "since", as_of)
    end = _period_bound(until, "until", as_of)
    front = build_front(
        metric["federal"],
        metric["krg"],
        outline=outline_metric(),
        min_overlap=min(station_spacing_m, 1.0),
    )
    fed, krg_line = front.federal, front.krg
    f_lo, f_hi = front.facing[0], front.facing[1]
    f_t, k_t = front.federal_facing, front.krg_facing
    study = (
        shapely.union_all(shapely.make_valid(metric["study_area"].geometry.array))
        if "study_area" in metric
        else None
    )
    corridor = list(front.band)
    zone_geoms = _vacuum(front, cov, study, min_area_m2=min_zone_area_km2 * 1e6)
    zones, zone_geoms = _zone_frame(zone_geoms, f_t, k_t, station_spacing_m, places)
    profile = _profile(fed, krg_line, f_lo, f_hi, cov, study, station_spacing_m, thresholds)
    segments = _segments(profile, fed)

    # ---- incident overlay: the one rule of hotspot._overlay -------------------------
    overlay = None
    if "incidents" in metric:
        inc_user = user["incidents"]
        inc = metric["incidents"]
        xy = np.full((len(inc_user), 2), np.nan)
        present = ~(
            shapely.is_missing(inc_user.geometry.array) | shapely.is_empty(inc_user.geometry.array)
        )
        xy[present] = shapely.get_coordinates(inc.geometry.array)
        overlay, per_zone = incident_overlay(
            xy,
            present,
            is_coarse(inc_user),
            _incident_dates(inc_user, date_column),
            zone_geoms,
            study if study is not None else shapely.convex_hull(shapely.union_all([fed, krg_line])),
            hotspots=list(metric["hotspots"].geometry.array) if "hotspots" in metric else None,
            years=years,
            since=start,
            until=end,
            as_of=as_of,
            include_coarse=include_coarse,
            conf=conf,
        )
        for key, values in per_zone.items():
            zones[key] = values

    params = {
        "sides": {"profile_line": "federal", "other_line": "krg"},
        "coverage_m": cov,
        "station_spacing_m": float(station_spacing_m),
        "width_classes_m": thresholds,
        "study_area": study_name if study_name else ("given layer" if study is not None else None),
        "bridged_km": {side: front.bridged_m[side] / 1000.0 for side in SIDES},
        "facing_km_on_federal": (f_lo / 1000.0, f_hi / 1000.0),
        "front_km": (f_hi - f_lo) / 1000.0,
        "line_ends": front.ends,
        "polygons": {side: front.areas[side] is not None for side in SIDES},
        "as_of": None if as_of is None else as_of.date().isoformat(),
        "as_of_unreadable": unreadable_as_of(*side_layers),
        "crs": str(out_crs) if not hasattr(out_crs, "to_string") else out_crs.to_string(),
        "crs_metric": METRIC_CRS,
        "overlay_area": "study area" if study is not None else "convex hull of the two lines",
        "include_coarse": include_coarse,
        "width_method": "zones: cross-sections perpendicular to the centreline; "
        "profile: station on the federal line to nearest point on the KRG line",
    }
    corridor_gdf = gpd.GeoDataFrame(
        {"face": np.arange(1, len(corridor) + 1, dtype=np.int64)},
        geometry=gpd.GeoSeries(corridor, crs=METRIC_CRS),
        crs=METRIC_CRS,
    )
    side_as_of = [lines_as_of(layer, warn=False) for layer in side_layers]
    lines_gdf = gpd.GeoDataFrame(
        {
            "side": list(SIDES),
            "as_of": [None if d is None else d.date().isoformat() for d in side_as_of],
        },
        geometry=[fed, krg_line],
        crs=METRIC_CRS,
    )
    return GapResult(
        zones=zones.to_crs(out_crs),
        profile=profile.to_crs(out_crs),
        segments=segments.to_crs(out_crs),
        overlay=overlay,
        corridor=corridor_gdf.to_crs(out_crs),
        crs_metric=METRIC_CRS,
        params=params,
        lines=lines_gdf.to_crs(out_crs),
    )


def _places(gazetteer: Any) -> Places | None:
    if gazetteer is False:
        return None
    if gazetteer is None or gazetteer is True:
        return bundled_places()
    if isinstance(gazetteer, pd.DataFrame):
        missing = sorted({"name", "feature_type", "lat", "lon"} - set(gazetteer.columns))
        if missing:
            raise ValueError(
                f"gazetteer is missing column(s) {', '.join(missing)}; pass a table in the "
                "gazetteer schema, None (the bundled one) or False (no labels)"
            )
        return places_from_gazetteer(gazetteer)
    raise TypeError(
        f"gazetteer must be None (the bundled one), True, False (no labels) or a DataFrame in "
        f"the gazetteer schema, got {type(gazetteer).__name__}"
    )


def _gather(
    federal: Any, krg: Any, study_area: Any, incidents: Any, hotspots: Any
) -> tuple[
    dict[str, gpd.GeoDataFrame],
    dict[str, gpd.GeoDataFrame],
    str | None,
    tuple[gpd.GeoDataFrame, gpd.GeoDataFrame],
]:
    """Read, check and project the layers: (user layers, metric layers, study area name, sides)."""
    user: dict[str, gpd.GeoDataFrame] = {}
    bundled: dict[str, gpd.GeoDataFrame] = {}
    if federal is not None:
        user["federal"] = read_layer(federal, argument="federal")
    if krg is not None:
        user["krg"] = read_layer(krg, argument="krg")
    if "federal" in user and "krg" not in user and "side" in user["federal"].columns:
        both = _split_sides(user.pop("federal"), "federal")
        user.update(both)
    if "federal" not in user or "krg" not in user:
        lines = _split_sides(load_control_lines(), "bundled control lines")
        for side in SIDES:
            if side not in user:
                bundled[side] = lines[side]
    study_name = None
    # A registered name always means the bundled layer, even if a file of that name exists.
    if isinstance(study_area, str) and (study_area in STUDY_AREAS or not Path(study_area).exists()):
        if study_area not in STUDY_AREAS:
            raise ValueError(
                f"study_area: {study_area!r} is neither a known study area "
                f"({', '.join(STUDY_AREAS)}) nor an existing file; or pass a polygon layer "
                "or None"
            )
        study_name = study_area
        bundled["study_area"] = load_disputed_territories()
    elif study_area is not None:
        user["study_area"] = read_layer(study_area, argument="study_area")
    if incidents is not None:
        user["incidents"] = read_layer(incidents, argument="incidents")
    if hotspots is not None:
        user["hotspots"] = read_layer(hotspots, argument="hotspots")

    kinds = {
        "federal": LINE_OR_POLYGON,
        "krg": LINE_OR_POLYGON,
        "study_area": POLYGON,
        "incidents": POINT,
        "hotspots": POLYGON,
    }
    user = check_layers(
        user,
        {name: kinds[name] for name in user},
        errors={"incidents": IncidentError, "hotspots": IncidentError},
        stacklevel=4,
    )
    layers = {**bundled, **user}
    metric = {}
    for name, gdf in layers.items():
        geoms = gdf.geometry.array
        keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        metric[name] = gdf.loc[keep].to_crs(METRIC_CRS)
    return user, metric, study_name, (layers["federal"], layers["krg"])


def _vacuum(
    front: Front,
    cov: dict[str, float],
    study: shapely.Geometry | None,
    *,
    min_area_m2: float,
) -> list[shapely.Polygon]:
    """Take each side's reach off the band and clip it to the study area."""
    reach = [
        shapely.buffer(front.federal, cov["federal"], quad_segs=_QUAD_SEGS)
        if cov["federal"] > 0
        else None,
        shapely.buffer(front.krg, cov["krg"], quad_segs=_QUAD_SEGS) if cov["krg"] > 0 else None,
    ]
    for side in SIDES:
        if front.areas[side] is not None:
            reach.append(shapely.buffer(front.areas[side], cov[side], quad_segs=_QUAD_SEGS))
    reach_union = shapely.union_all([r for r in reach if r is not None])
    if study is not None:
        extent = shapely.union_all([front.federal, front.krg, *front.band])
        if not shapely.intersects(study, extent):
            raise BoundaryError(
                "the control lines lie outside the study area (lines within "
                f"{_bounds_4326(extent)}, study area within {_bounds_4326(study)}); "
                "check the layers or pass study_area=None"
            )
    zones: list[shapely.Polygon] = []
    for face in front.band:
        vac = shapely.difference(face, reach_union) if not reach_union.is_empty else face
        if study is not None:
            vac = shapely.intersection(vac, study)
        zones.extend(
            p for p in shapely.get_parts(vac) if p.geom_type == "Polygon" and p.area >= min_area_m2
        )
    return zones


def _zone_frame(
    zone_geoms: list[shapely.Polygon],
    f_t: shapely.LineString,
    k_t: shapely.LineString,
    spacing_m: float,
    places: Places | None,
) -> tuple[gpd.GeoDataFrame, list[shapely.Polygon]]:
    """Build the zones table (metric CRS) ordered along the front; return it and the geometries."""
    centre_xy = _centreline(f_t, k_t, spacing_m)
    centre = shapely.LineString(centre_xy) if len(centre_xy) > 1 else None
    zone_cols = _zone_measures(zone_geoms, centre, centre_xy, f_t, k_t)
    order = np.argsort(zone_cols["start_km"], kind="stable")
    zone_geoms = [zone_geoms[i] for i in order]
    zone_cols = {k: np.asarray(v)[order] for k, v in zone_cols.items()}
    ends_s = zone_cols.pop("_start_xy").reshape(-1, 2)
    ends_e = zone_cols.pop("_end_xy").reshape(-1, 2)
    n = len(zone_geoms)
    if n and places is not None:
        ends = gpd.GeoSeries(shapely.points(np.vstack([ends_s, ends_e])), crs=METRIC_CRS).to_crs(
            GEOGRAPHIC_CRS
        )
        lon, lat = ends.x.to_numpy(), ends.y.to_numpy()
        labels, first, last = name_span(lat[:n], lon[:n], lat[n:], lon[n:], places)
    else:
        labels = first = last = np.full(n, "", dtype=object)
    districts, territories = _zone_units(zone_geoms, centre_xy)
    zones = gpd.GeoDataFrame(
        {
            "zone_id": np.arange(1, n + 1, dtype=np.int64),
            "label": pd.array(list(labels), dtype="str"),
            "place_start": pd.array(list(first), dtype="str"),
            "place_end": pd.array(list(last), dtype="str"),
            "districts": pd.array(districts, dtype="str"),
            "territories": pd.array(territories, dtype="str"),
            **{k: np.asarray(v, dtype=float) for k, v in zone_cols.items()},
        },
        geometry=gpd.GeoSeries(zone_geoms, crs=METRIC_CRS),
        crs=METRIC_CRS,
    )
    return zones, zone_geoms


def _zone_units(zones: list[shapely.Polygon], centre_xy: np.ndarray) -> tuple[list[str], list[str]]:
    """Return the districts and disputed territories each zone runs through, in front order.

    Placed by the one rule (:func:`hotspot._locate.locate_lonlat`) at the
    centreline stations inside the zone (its representative point when none is).
    """
    if not zones:
        return [], []
    samples, owner = [], []
    for i, zone in enumerate(zones):
        inside = centre_xy[shapely.contains_xy(zone, centre_xy[:, 0], centre_xy[:, 1])]
        if not len(inside):
            inside = shapely.get_coordinates(shapely.point_on_surface(zone))
        samples.append(inside)
        owner.extend([i] * len(inside))
    xy = np.vstack(samples)
    lonlat = gpd.GeoSeries(shapely.points(xy), crs=METRIC_CRS).to_crs(GEOGRAPHIC_CRS)
    found = locate_lonlat(lonlat.x.to_numpy(), lonlat.y.to_numpy(), sides=False)
    owner_arr = np.asarray(owner)
    out: tuple[list[str], list[str]] = ([], [])
    for i in range(len(zones)):
        rows = np.flatnonzero(owner_arr == i)
        for column, target in (("district", out[0]), ("territory", out[1])):
            names = [v for v in found[column][rows] if isinstance(v, str) and v]
            target.append("|".join(dict.fromkeys(names)))
    return out


def _profile(
    fed: shapely.LineString,
    krg_line: shapely.LineString,
    f_lo: float,
    f_hi: float,
    cov: dict[str, float],
    study: shapely.Geometry | None,
    spacing_m: float,
    thresholds: tuple[float, ...],
) -> gpd.GeoDataFrame:
    """Measure the width at stations every ``spacing_m`` along the federal line's facing stretch."""
    n_st = max(math.floor((f_hi - f_lo) / spacing_m + 1e-9), 0)
    dist = f_lo + np.arange(n_st + 1) * spacing_m
    if f_hi - dist[-1] > _TINY_M:
        dist = np.append(dist, f_hi)
    st_xy, tangent = interpolate(fed, dist)
    stations = shapely.points(st_xy)
    other_xy, link_m, _ = nearest_on(st_xy, krg_line)
    width = link_m - cov["federal"] - cov["krg"]
    width = np.where(width < _MM, 0.0, width)  # below a millimetre is rounding noise
    to_other = other_xy - st_xy
    cross = tangent[:, 0] * to_other[:, 1] - tangent[:, 1] * to_other[:, 0]
    side_name = np.where(link_m <= _MM, "on", np.where(cross > 0, "left", "right"))
    other_ll = gpd.GeoSeries(shapely.points(other_xy), crs=METRIC_CRS).to_crs(GEOGRAPHIC_CRS)
    in_study = (
        shapely.dwithin(study, stations, _MM) if study is not None else np.ones(len(dist), bool)
    )
    return gpd.GeoDataFrame(
        {
            "station": np.arange(len(dist), dtype=np.int64),
            "along_km": dist / 1000.0,
            "to_krg_m": link_m,
            "width_m": width,
            "width_class": _width_classes(width, thresholds),
            "krg_side": pd.array(side_name, dtype="str"),
            "krg_lon": other_ll.x.to_numpy(),
            "krg_lat": other_ll.y.to_numpy(),
            "in_study_area": np.asarray(in_study, dtype=bool),
        },
        geometry=gpd.GeoSeries(stations, crs=METRIC_CRS),
        crs=METRIC_CRS,
    )


def _bounds_4326(geom: shapely.Geometry) -> str:
    box = gpd.GeoSeries([shapely.envelope(geom)], crs=METRIC_CRS).to_crs(GEOGRAPHIC_CRS)
    x0, y0, x1, y1 = box.total_bounds
    return f"lon {x0:.3f}–{x1:.3f}, lat {y0:.3f}–{y1:.3f}"


def _zone_measures(
    zones: list[shapely.Geometry],
    centre: shapely.LineString | None,
    centre_xy: np.ndarray,
    f_t: shapely.LineString,
    k_t: shapely.LineString,
) -> dict[str, np.ndarray]:
    n = len(zones)
    out = {
        "start_km": np.full(n, np.nan),
        "end_km": np.full(n, np.nan),
        "length_km": np.full(n, np.nan),
        "area_km2": np.array([z.area / 1e6 for z in zones], dtype=float),
        "width_min_km": np.full(n, np.nan),
        "width_median_km": np.full(n, np.nan),
        "width_max_km": np.full(n, np.nan),
        "_start_xy": np.full((n, 2), np.nan),
        "_end_xy": np.full((n, 2), np.nan),
    }
    if n == 0 or centre is None:
        return out
    # along-front extent: project each zone's vertices on the centreline
    for i, z in enumerate(zones):
        _, _, pos = nearest_on(shapely.get_coordinates(z), centre)
        lo, hi = float(pos.min()), float(pos.max())
        out["start_km"][i], out["end_km"][i] = lo / 1000.0, hi / 1000.0
        out["length_km"][i] = (hi - lo) / 1000.0
        out["_start_xy"][i], out["_end_xy"][i] = interpolate(centre, np.array([lo, hi]))[0]
    # widths: cross-sections perpendicular to the centreline, at the middle of each
    # centreline step (never at its ends, where a cross-section would run along an edge)
    tangent = np.diff(centre_xy, axis=0)
    mid = (centre_xy[:-1] + centre_xy[1:]) / 2.0
    norm = np.hypot(tangent[:, 0], tangent[:, 1])
    keep = norm > 0
    tangent, mid, norm = tangent[keep], mid[keep], norm[keep]
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]]) / norm[:, None]
    # half-length of the cross-sections: the largest vertex-to-other-line distance
    # (about twice the largest half-width) plus a margin
    far = max(
        nearest_on(shapely.get_coordinates(f_t), k_t)[1].max(),
        nearest_on(shapely.get_coordinates(k_t), f_t)[1].max(),
    )
    reach = far + 1000.0
    starts, ends = mid - normal * reach, mid + normal * reach
    pieces = []
    for i, zone in enumerate(zones):
        lengths = _inside_lengths(starts, ends, zone)
        hit = lengths > _MM
        pieces.append(pd.DataFrame({"zone": i, "w": lengths[hit] / 1000.0}))
    frame = pd.concat(pieces, ignore_index=True)
    if len(frame):
        stats = frame.groupby("zone")["w"].agg(["min", "median", "max"])
        idx = stats.index.to_numpy()
        out["width_min_km"][idx] = stats["min"].to_numpy()
        out["width_median_km"][idx] = stats["median"].to_numpy()
        out["width_max_km"][idx] = stats["max"].to_numpy()
    return out


def _inside_lengths(starts: np.ndarray, ends: np.ndarray, polygon: shapely.Polygon) -> np.ndarray:
    """Length of each segment ``starts[i] -> ends[i]`` inside ``polygon``.

    The same as ``shapely.length(shapely.intersection(segments, polygon))`` but
    O(log n) per segment instead of O(n): the segments are cut where they cross
    the polygon's boundary (found with an STRtree of its edges) and the pieces
    whose mid-points lie inside are summed.
    """
    n = len(starts)
    rings = shapely.get_parts(shapely.boundary(polygon))
    a_list, b_list = [], []
    for ring in rings:
        c = shapely.get_coordinates(ring)
        a_list.append(c[:-1])
        b_list.append(c[1:])
    a, b = np.concatenate(a_list), np.concatenate(b_list)
    tree = shapely.STRtree(shapely.linestrings(np.stack([a, b], axis=1)))
    lines = shapely.linestrings(np.stack([starts, ends], axis=1))
    which, edge = tree.query(lines, predicate="intersects")
    r = ends[which] - starts[which]
    e = b[edge] - a[edge]
    w = a[edge] - starts[which]
    denom = r[:, 0] * e[:, 1] - r[:, 1] * e[:, 0]
    r2 = np.einsum("ij,ij->i", r, r)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_cross = (w[:, 0] * e[:, 1] - w[:, 1] * e[:, 0]) / denom
        # collinear edges: both of their ends, projected on the segment
        t_a = np.einsum("ij,ij->i", w, r) / r2
        t_b = np.einsum("ij,ij->i", b[edge] - starts[which], r) / r2
    parallel = np.abs(denom) <= 1e-12 * np.sqrt(r2 * np.einsum("ij,ij->i", e, e))
    ids = np.concatenate(
        [np.arange(n), np.arange(n), which[~parallel], which[parallel], which[parallel]]
    )
    ts = np.concatenate([np.zeros(n), np.ones(n), t_cross[~parallel], t_a[parallel], t_b[parallel]])
    ts = np.clip(ts, 0.0, 1.0)
    order = np.lexsort((ts, ids))
    ids, ts = ids[order], ts[order]
    same = ids[1:] == ids[:-1]
    t0, t1, seg = ts[:-1][same], ts[1:][same], ids[:-1][same]
    tm = (t0 + t1) / 2.0
    mx = starts[seg, 0] + (ends[seg, 0] - starts[seg, 0]) * tm
    my = starts[seg, 1] + (ends[seg, 1] - starts[seg, 1]) * tm
    shapely.prepare(polygon)
    inside = shapely.intersects_xy(polygon, mx, my)  # the closed polygon, like GEOS
    length = (t1 - t0) * np.hypot(*(ends - starts).T)[seg]
    return np.bincount(seg[inside], weights=length[inside], minlength=n)


def _segments(profile: gpd.GeoDataFrame, fed: shapely.LineString) -> gpd.GeoDataFrame:
    codes = profile["width_class"].cat.codes.to_numpy()
    dist_m = profile["along_km"].to_numpy() * 1000.0
    width = profile["width_m"].to_numpy()
    rows = []
    geoms = []
    if len(codes):
        breaks = np.flatnonzero(np.diff(codes)) + 1
        starts = np.concatenate([[0], breaks])
        ends = np.concatenate([breaks, [len(codes)]])
        cats = profile["width_class"].cat.categories
        for n, (i, j) in enumerate(zip(starts, ends, strict=True), start=1):
            a = dist_m[i]
            b = dist_m[j] if j < len(codes) else dist_m[-1]
            w = width[i:j]
            rows.append(
                {
                    "segment": n,
                    "width_class": cats[codes[i]],
                    "start_km": a / 1000.0,
                    "end_km": b / 1000.0,
                    "length_km": (b - a) / 1000.0,
                    "n_stations": int(j - i),
                    "width_min_m": float(w.min()),
                    "width_mean_m": float(w.mean()),
                    "width_max_m": float(w.max()),
                }
            )
            geom = shapely.ops.substring(fed, a, b)
            geoms.append(geom if geom.geom_type == "LineString" else shapely.LineString())
    columns = [
        "segment",
        "width_class",
        "start_km",
        "end_km",
        "length_km",
        "n_stations",
        "width_min_m",
        "width_mean_m",
        "width_max_m",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["width_class"] = pd.Categorical(
        frame["width_class"], categories=profile["width_class"].cat.categories, ordered=True
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=METRIC_CRS), crs=METRIC_CRS)
