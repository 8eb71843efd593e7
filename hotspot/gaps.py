"""Security-vacuum zones between the federal and Kurdistan Region (KRG) control lines.

:func:`find_gaps` measures the band that neither the Iraqi federal forces nor the
Peshmerga hold: the area enclosed between the two control lines, minus the reach
each side effectively controls beyond its line, clipped to a study area. It
returns the vacuum zones, a width profile along the front, contiguous width-class
segments and, when incidents are given, an overlay testing whether incidents are
concentrated in the vacuum.

All geometry is computed in the metric CRS :data:`METRIC_CRS` (EPSG:32638, WGS 84 /
UTM zone 38N, which covers the disputed territories) and returned in EPSG:4326.

Examples
--------
>>> import geopandas as gpd
>>> from shapely import LineString
>>> fed = gpd.GeoSeries([LineString([(400_000, 3_900_000), (500_000, 3_900_000)])],
...                     crs=32638)
>>> krg = gpd.GeoSeries([LineString([(400_000, 3_910_000), (500_000, 3_910_000)])],
...                     crs=32638)
>>> result = find_gaps(fed, krg, study_area=None, gazetteer=False)
>>> round(float(result.zones["area_km2"].sum()))
1000
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops
from scipy.spatial import cKDTree

from hotspot._dates import read_dates
from hotspot._geo import GEOGRAPHIC_CRS, METRIC_CRS
from hotspot._io import output_run, write_csv
from hotspot._stats import RATE_RATIO_METHOD, rate_ratio_test
from hotspot.errors import BoundaryError, CRSError, IncidentError

__all__ = [
    "GEOGRAPHIC_CRS",
    "LABEL_FEATURE_TYPES",
    "METRIC_CRS",
    "SIDES",
    "STUDY_AREAS",
    "GapOverlay",
    "GapResult",
    "find_gaps",
]

#: The two sides, in the order used everywhere (the profile runs along the first).
SIDES: tuple[str, str] = ("federal", "krg")
#: Registry of named study areas (see ``study_area`` in :func:`find_gaps`).
STUDY_AREAS: tuple[str, ...] = ("disputed",)
#: Gazetteer feature types used to name zones.
LABEL_FEATURE_TYPES: tuple[str, ...] = ("settlement", "site", "mountain")
#: Width class of stations where the two reaches meet or the lines touch.
NO_GAP_CLASS = "none"

_LINE_TYPES = frozenset({"LineString", "MultiLineString", "LinearRing"})
_POLYGON_TYPES = frozenset({"Polygon", "MultiPolygon"})
_MAX_FACING_SAMPLES = 20_000
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

LayerLike = gpd.GeoDataFrame | gpd.GeoSeries | str | PathLike[str]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class GapOverlay:
    """Incidents inside the vacuum versus outside it, within the comparison area.

    Attributes
    ----------
    n_in, n_out : int
        Incidents inside the vacuum zones and in the rest of the comparison area.
    n_excluded : int
        Incidents outside the comparison area or without geometry (not counted).
    area_in_km2, area_out_km2 : float
        Areas of the vacuum and of the rest of the comparison area.
    years : float
        Time span the incidents cover (NaN when unknown: no dates and no ``years=``).
    rate_in, rate_out : float
        Incidents per km² per year (NaN when ``years`` is unknown).
    rate_ratio, ci_low, ci_high : float
        Rate ratio inside / outside and its confidence interval.
    p_value : float
        Two-sided p-value of equal rates.
    conf : float
        Confidence level of the interval.
    method : str
        The statistical method (exact conditional binomial test, Clopper-Pearson).
    """

    n_in: int
    n_out: int
    n_excluded: int
    area_in_km2: float
    area_out_km2: float
    years: float
    rate_in: float
    rate_out: float
    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    conf: float
    method: str = RATE_RATIO_METHOD

    def to_frame(self) -> pd.DataFrame:
        """Return the overlay as a one-row DataFrame.

        Returns
        -------
        pandas.DataFrame
            One row, one column per attribute.

        Examples
        --------
        >>> o = GapOverlay(1, 1, 0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.1, 10.0, 1.0, 0.95)
        >>> list(o.to_frame().columns[:3])
        ['n_in', 'n_out', 'n_excluded']
        """
        return pd.DataFrame([self.__dict__])


@dataclass(frozen=True)
class GapResult:
    """Result of :func:`find_gaps`.

    Attributes
    ----------
    zones : geopandas.GeoDataFrame
        Vacuum polygons (EPSG:4326), one row per zone, ordered along the front.
    profile : geopandas.GeoDataFrame
        One row per station along the federal line (EPSG:4326 points).
    segments : geopandas.GeoDataFrame
        Contiguous runs of stations in one width class (EPSG:4326 lines).
    overlay : GapOverlay or None
        Incident statistics, when incidents were given.
    corridor : geopandas.GeoDataFrame
        The faces enclosed between the two lines, before reaches and clipping.
    crs_metric : str
        The CRS the computation ran in (:data:`METRIC_CRS`).
    params : dict
        The parameters used and derived facts (bridged gaps, trimmed ends).
    lines : geopandas.GeoDataFrame
        The two lines as used (merged, oriented; EPSG:4326), with ``side``.
    """

    zones: gpd.GeoDataFrame
    profile: gpd.GeoDataFrame
    segments: gpd.GeoDataFrame
    overlay: GapOverlay | None
    corridor: gpd.GeoDataFrame
    crs_metric: str = METRIC_CRS
    params: dict[str, Any] = field(default_factory=dict)
    lines: gpd.GeoDataFrame | None = None

    def summary(self) -> str:
        """Return a short plain-text summary for briefings and logs.

        Returns
        -------
        str
            A few lines: zone count and area, widths, and the incident overlay.

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely import LineString
        >>> a = gpd.GeoSeries([LineString([(4e5, 39e5), (5e5, 39e5)])], crs=32638)
        >>> b = gpd.GeoSeries([LineString([(4e5, 3.91e6), (5e5, 3.91e6)])], crs=32638)
        >>> print(find_gaps(a, b, study_area=None, gazetteer=False).summary().splitlines()[0])
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
        for row in z.head(5).itertuples():
            lines.append(
                f"  zone {row.zone_id}: {row.label or '(unnamed)'} — {row.area_km2:.1f} km², "
                f"{row.length_km:.1f} km long, {row.width_median_km:.1f} km median width"
            )
        if len(z) > 5:
            lines.append(f"  ... and {len(z) - 5} more zone(s)")
        o = self.overlay
        if o is not None:
            rate = (
                f"{o.rate_in:.3g} vs {o.rate_out:.3g} incidents/km²/year"
                if not math.isnan(o.years)
                else "time span unknown (no dates; pass years=)"
            )
            lines.append(
                f"Incidents: {o.n_in} inside ({o.area_in_km2:.1f} km²), {o.n_out} outside "
                f"({o.area_out_km2:.1f} km²); {rate}; rate ratio {o.rate_ratio:.3g} "
                f"({o.conf:.0%} CI {o.ci_low:.3g}–{o.ci_high:.3g}), p = {o.p_value:.3g} "
                "(exact conditional binomial test)"
            )
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
        from hotspot.maps import briefing_map

        kwargs.setdefault("title", f"{len(self.zones)} security-vacuum zones")
        return briefing_map(zones=self.zones, control_lines=self.lines, **kwargs)

    def _repr_html_(self) -> str:
        body = "<br>".join(html.escape(line) for line in self.summary().splitlines())
        table = pd.DataFrame(self.zones.drop(columns="geometry")).head(20).to_html(index=False)
        return f"<div><strong>GapResult</strong><p>{body}</p>{table}</div>"

    def to_files(
        self, out_dir: str | PathLike[str], *, zones: bool = True, overlay: bool = True
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
        from hotspot.export import write_geojson

        names: list[str] = []
        with output_run(out_dir, known=_GAP_FILES) as run:  # atomic, see hotspot._io
            out = run.path
            layers = [("profile", self.profile, "profile"), ("segments", self.segments, None)]
            if zones:
                layers.insert(0, ("zones", self.zones, "vacuum_zones"))
            for name, frame, style in layers:
                names.append(write_geojson(frame, out / f"gaps_{name}.geojson", style=style).name)
            table = pd.DataFrame(self.profile.drop(columns="geometry"))
            table.insert(2, "lon", self.profile.geometry.x.round(7))
            table.insert(3, "lat", self.profile.geometry.y.round(7))
            names.append(write_csv(table, out / "gaps_profile.csv", float_format="%.7g").name)
            if overlay and self.overlay is not None:
                names.append(write_csv(self.overlay.to_frame(), out / "gaps_overlay.csv").name)
        return [run.folder / name for name in names]


# --------------------------------------------------------------------------- input


def _read_layer(obj: Any, name: str) -> gpd.GeoDataFrame:
    if isinstance(obj, gpd.GeoDataFrame):
        return obj
    if isinstance(obj, gpd.GeoSeries):
        return gpd.GeoDataFrame(geometry=obj)
    if isinstance(obj, str | PathLike):
        path = Path(obj)
        if not path.exists():
            raise FileNotFoundError(f"{name}: file {str(path)!r} does not exist")
        return gpd.read_file(path, engine="pyogrio")
    raise TypeError(
        f"{name}: expected a GeoDataFrame, GeoSeries or file path, got {type(obj).__name__}; "
        "wrap shapely geometries as geopandas.GeoSeries([...], crs='EPSG:4326')"
    )


def _check_layers(layers: dict[str, gpd.GeoDataFrame], kinds: dict[str, frozenset[str]]) -> None:
    """Check CRS agreement, emptiness, validity and geometry types; one message for all."""
    crs_problems: list[str] = []
    problems: list[str] = []
    named = {}
    for name, gdf in layers.items():
        if gdf.crs is None:
            crs_problems.append(
                f"{name} has no CRS; set it with gdf.set_crs('EPSG:4326') if the coordinates "
                "are lon/lat (or the CRS they are really in)"
            )
        else:
            named[name] = gdf.crs
    crs_list = list(named.values())
    if any(not crs_list[0].equals(c, ignore_axis_order=True) for c in crs_list[1:]):
        listing = ", ".join(f"{name} in {crs.to_string()}" for name, crs in named.items())
        crs_problems.append(
            f"layers are in different CRSs ({listing}); reproject them to one CRS with "
            "gdf.to_crs(...) first"
        )
    for name, gdf in layers.items():
        geoms = gdf.geometry.array
        present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        if not present.any():
            problems.append(f"{name} is empty (no features with geometry)")
            continue
        invalid = present & ~shapely.is_valid(geoms)
        for pos in np.flatnonzero(invalid)[:20]:
            reason = shapely.is_valid_reason(geoms[pos])
            problems.append(
                f"{name}: feature at index {gdf.index[pos]!r} has invalid geometry ({reason}); "
                "repair it with shapely.make_valid or in QGIS (Fix geometries)"
            )
        names = np.array(gdf.geom_type.to_numpy(), dtype=object)
        allowed = kinds[name]
        wrong = present & ~np.isin(names, list(allowed))
        for pos in np.flatnonzero(wrong)[:20]:
            problems.append(
                f"{name}: feature at index {gdf.index[pos]!r} is a {names[pos]}, expected "
                f"{' or '.join(sorted(allowed))}"
            )
    if crs_problems:
        raise CRSError("; ".join(crs_problems + problems))
    if problems:
        incident_only = all(p.startswith(("incidents", "hotspots")) for p in problems)
        cls = IncidentError if incident_only else BoundaryError
        raise cls(f"{len(problems)} problem(s) in the input layers:\n  " + "\n  ".join(problems))


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


def _bundled_lines() -> gpd.GeoDataFrame:
    try:
        from hotspot.boundaries import load_control_lines
    except ImportError as exc:  # pragma: no cover - depends on the other module landing
        raise BoundaryError(
            "no control lines given and the bundled ones (hotspot.boundaries) are not "
            "available; pass federal= and krg= layers"
        ) from exc
    return load_control_lines()


def _bundled_study_area(name: str) -> gpd.GeoDataFrame:
    try:
        from hotspot.boundaries import load_disputed_territories
    except ImportError as exc:  # pragma: no cover - depends on the other module landing
        raise BoundaryError(
            f"study_area={name!r} needs hotspot.boundaries, which is not available; pass a "
            "polygon layer or study_area=None"
        ) from exc
    return load_disputed_territories()


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


# --------------------------------------------------------------------------- geometry


def _chain(parts: list[shapely.LineString]) -> tuple[shapely.LineString, float]:
    """Join line parts into one line, bridging gaps with straight segments.

    Greedy: start with the longest part, then attach the part with an end nearest
    to either end of the chain (reversed as needed). Returns the line and the
    total bridged length.
    """
    parts = sorted(parts, key=lambda g: -g.length)
    chain = list(shapely.get_coordinates(parts.pop(0)))
    bridged = 0.0
    while parts:
        head, tail = np.asarray(chain[0]), np.asarray(chain[-1])
        best = None
        for i, part in enumerate(parts):
            c = shapely.get_coordinates(part)
            options = (
                (np.hypot(*(c[0] - tail)), i, "tail", c),
                (np.hypot(*(c[-1] - tail)), i, "tail", c[::-1]),
                (np.hypot(*(c[-1] - head)), i, "head", c),
                (np.hypot(*(c[0] - head)), i, "head", c[::-1]),
            )
            cand = min(options, key=lambda o: o[0])
            if best is None or cand[0] < best[0]:
                best = cand
        dist, i, where, coords = best
        parts.pop(i)
        bridged += float(dist)
        if where == "tail":
            chain.extend(coords if dist > 0 else coords[1:])
        else:
            chain[:0] = list(coords if dist > 0 else coords[:-1])
    return shapely.LineString(np.asarray(chain)), bridged


def _as_line(geom: shapely.Geometry) -> tuple[shapely.LineString, float]:
    merged = shapely.line_merge(geom) if geom.geom_type != "LineString" else geom
    if merged.geom_type == "LineString":
        return merged, 0.0
    parts = [g for g in shapely.get_parts(merged) if g.length > 0]
    return _chain(parts)


def _facing(
    poly: shapely.Geometry, other: shapely.Geometry, step_m: float, name: str
) -> shapely.Geometry:
    """Return the part of a polygon's boundary that faces ``other``.

    A boundary point faces ``other`` when the shortest segment from it to
    ``other`` neither passes through the polygon's interior nor runs along its
    boundary. The longest run of facing points on any boundary ring is kept.
    """
    best: shapely.LineString | None = None
    rings = [
        g
        for g in shapely.get_parts(shapely.boundary(poly))
        for g in ([g] if g.geom_type == "LineString" else shapely.get_parts(g))
    ]
    total = sum(r.length for r in rings)
    step = max(step_m, total / _MAX_FACING_SAMPLES)
    for ring in rings:
        n = max(math.ceil(ring.length / step), 8)
        coords = shapely.get_coordinates(ring)
        vertex_d = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(coords, axis=0).T))])
        # sample evenly and at every vertex, so that corners bound the facing run exactly
        dist = np.union1d(np.linspace(0.0, ring.length, n + 1)[:-1], vertex_d[:-1])
        n = len(dist)
        points = shapely.line_interpolate_point(ring, dist)
        links = shapely.shortest_line(points, other)
        # faces: the link neither enters the interior nor runs along the boundary
        matrix = shapely.relate(links, poly)
        faces = np.array([m[0] == "F" and m[1] != "1" for m in matrix], dtype=bool)
        if not faces.any():
            continue
        if faces.all():
            run_line = ring
        else:
            start = int(np.flatnonzero(~faces)[0])
            order = np.roll(np.arange(n), -start)
            rolled = faces[order]
            best_len, best_run, i = 0, None, 0
            while i < n:
                if rolled[i]:
                    j = i
                    while j + 1 < n and rolled[j + 1]:
                        j += 1
                    if j - i + 1 > best_len:
                        best_len, best_run = j - i + 1, (i, j)
                    i = j + 1
                else:
                    i += 1
            i, j = best_run
            a = dist[order[i]]
            b = dist[order[j]]
            if b >= a:
                run_line = shapely.ops.substring(ring, a, b)
            else:
                first = shapely.get_coordinates(shapely.ops.substring(ring, a, ring.length))
                second = shapely.get_coordinates(shapely.ops.substring(ring, 0.0, b))
                run_line = shapely.LineString(np.vstack([first, second[1:]]))
        if run_line.geom_type == "LineString" and (best is None or run_line.length > best.length):
            best = run_line
    if best is None:
        raise BoundaryError(
            f"{name}: the controlled-area polygons have no boundary facing the other side "
            "(do they contain it?); give the control line instead"
        )
    return best


def _orient(fed: shapely.LineString, krg: shapely.LineString) -> shapely.LineString:
    """Return ``krg`` running in the same direction as ``fed``."""
    a = fed.project(shapely.Point(krg.coords[0]))
    b = fed.project(shapely.Point(krg.coords[-1]))
    if abs(a - b) > _TINY_M:
        return krg.reverse() if a > b else krg
    f0, f1 = np.asarray(fed.coords[0]), np.asarray(fed.coords[-1])
    k0, k1 = np.asarray(krg.coords[0]), np.asarray(krg.coords[-1])
    same = np.hypot(*(f0 - k0)) + np.hypot(*(f1 - k1))
    swapped = np.hypot(*(f0 - k1)) + np.hypot(*(f1 - k0))
    return krg.reverse() if swapped < same else krg


def _trim(
    fed: shapely.LineString, krg: shapely.LineString, min_overlap_m: float
) -> tuple[shapely.LineString, shapely.LineString, float, float]:
    """Cut the overhanging ends of two co-oriented lines so that they face each other.

    At each end, a line overhangs when its end projects onto the other line's end
    (the projection is clamped there) while the other line's end projects inside
    it; the overhang is cut at that projection. Ends that face each other (both
    projections inside, as where lines cross near their ends) are kept and joined.
    """
    tol = 1e-3
    f_len, k_len = fed.length, krg.length
    f_lo, f_hi, k_lo, k_hi = 0.0, f_len, 0.0, k_len
    # start
    on_k = krg.project(shapely.Point(fed.coords[0]))
    on_f = fed.project(shapely.Point(krg.coords[0]))
    if on_k <= tol and on_f > tol:
        f_lo = on_f
    elif on_f <= tol and on_k > tol:
        k_lo = on_k
    # end
    on_k = krg.project(shapely.Point(fed.coords[-1]))
    on_f = fed.project(shapely.Point(krg.coords[-1]))
    if on_k >= k_len - tol and on_f < f_len - tol:
        f_hi = on_f
    elif on_f >= f_len - tol and on_k < k_len - tol:
        k_hi = on_k
    if f_hi - f_lo < min_overlap_m or k_hi - k_lo < min_overlap_m:
        raise BoundaryError(
            "the federal and KRG lines never face each other: only km "
            f"{f_lo / 1000:.1f}–{max(f_hi, f_lo) / 1000:.1f} of the federal line "
            f"({f_len / 1000:.1f} km long) and km {k_lo / 1000:.1f}–{max(k_hi, k_lo) / 1000:.1f} "
            f"of the KRG line ({k_len / 1000:.1f} km long) lie alongside the other line; "
            "give lines that run alongside each other (check that both describe the same front)"
        )
    f_t = shapely.ops.substring(fed, f_lo, f_hi)
    k_t = shapely.ops.substring(krg, k_lo, k_hi)
    return f_t, k_t, f_lo, f_hi


def _corridor(f_t: shapely.LineString, k_t: shapely.LineString) -> list[shapely.Polygon]:
    """Faces enclosed between two co-oriented lines and the segments joining their ends."""
    pieces = [f_t, k_t]
    for a, b in ((f_t.coords[0], k_t.coords[0]), (f_t.coords[-1], k_t.coords[-1])):
        if np.hypot(a[0] - b[0], a[1] - b[1]) > _TINY_M:
            pieces.append(shapely.LineString([a, b]))
    noded = shapely.union_all(pieces)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    faces = [f for f in faces if f.area > 1.0]
    if not faces:
        return []
    return [p for p in shapely.get_parts(shapely.union_all(faces)) if p.area > 1.0]


def _centreline(f_t: shapely.LineString, k_t: shapely.LineString, spacing: float) -> np.ndarray:
    """Stations on the mid-line between two co-oriented lines (by fraction of length)."""
    n = max(math.ceil(max(f_t.length, k_t.length) / spacing), 1)
    t = np.linspace(0.0, 1.0, n + 1)
    a, _ = _interp(f_t, t * f_t.length)
    b, _ = _interp(k_t, t * k_t.length)
    return (a + b) / 2.0


def _cumlen(coords: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(coords, axis=0).T))])


def _interp(line: shapely.LineString, dist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points at distances along a line, and the unit direction of the line there."""
    coords = shapely.get_coordinates(line)
    cum = _cumlen(coords)
    d = np.clip(np.asarray(dist, dtype=float), 0.0, cum[-1])
    xy = np.column_stack([np.interp(d, cum, coords[:, 0]), np.interp(d, cum, coords[:, 1])])
    seg = np.clip(np.searchsorted(cum, d, side="right") - 1, 0, len(coords) - 2)
    direction = coords[seg + 1] - coords[seg]
    norm = np.hypot(direction[:, 0], direction[:, 1])
    direction = direction / np.where(norm > 0, norm, 1.0)[:, None]
    return xy, direction


def _nearest_on(
    points_xy: np.ndarray, line: shapely.LineString
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nearest point on ``line`` for each point: (xy, distance, position along the line).

    Uses an STRtree of the line's segments, so it costs O(log n) per point.
    """
    coords = shapely.get_coordinates(line)
    cum = _cumlen(coords)
    a, b = coords[:-1], coords[1:]
    seg_len = cum[1:] - cum[:-1]
    keep = np.flatnonzero(seg_len > 0)
    tree = shapely.STRtree(shapely.linestrings(np.stack([a[keep], b[keep]], axis=1)))
    points = shapely.points(points_xy)
    idx = tree.query_nearest(points, all_matches=False)
    seg = np.empty(len(points_xy), dtype=np.int64)
    seg[idx[0]] = keep[idx[1]]
    pa, ab = a[seg], b[seg] - a[seg]
    t = np.einsum("ij,ij->i", points_xy - pa, ab) / seg_len[seg] ** 2
    t = np.clip(t, 0.0, 1.0)
    xy = pa + ab * t[:, None]
    dist = np.hypot(*(points_xy - xy).T)
    return xy, dist, cum[seg] + t * seg_len[seg]


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


# --------------------------------------------------------------------------- labels


def _gazetteer_points(gazetteer: Any) -> tuple[np.ndarray, np.ndarray] | None:
    if gazetteer is False:
        return None
    if gazetteer is None or gazetteer is True:
        from hotspot.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    table = gazetteer[gazetteer["feature_type"].isin(LABEL_FEATURE_TYPES)]
    table = table[table["lat"].notna() & table["lon"].notna()]
    if table.empty:
        return None
    pts = gpd.GeoSeries(
        gpd.points_from_xy(table["lon"].astype(float), table["lat"].astype(float)),
        crs=GEOGRAPHIC_CRS,
    ).to_crs(METRIC_CRS)
    return shapely.get_coordinates(pts.array), table["name"].astype(str).to_numpy()


def _labels(
    starts: np.ndarray, ends: np.ndarray, places: tuple[np.ndarray, np.ndarray] | None
) -> tuple[list[str], list[str], list[str]]:
    n = len(starts)
    if places is None or n == 0:
        return [""] * n, [""] * n, [""] * n
    xy, names = places
    tree = cKDTree(xy)
    k = min(2, len(names))
    ds, i_s = tree.query(starts, k=k)
    de, i_e = tree.query(ends, k=k)
    if k == 1:
        ds, i_s, de, i_e = ds[:, None], i_s[:, None], de[:, None], i_e[:, None]
    labels, first, last = [], [], []
    for z in range(n):
        a, b = names[i_s[z, 0]], names[i_e[z, 0]]
        if a == b and k == 2:
            # the same place is nearest to both ends: move the end where the
            # runner-up is closer, so that the label still spans the zone
            if ds[z, 1] <= de[z, 1]:
                a = names[i_s[z, 1]]
            else:
                b = names[i_e[z, 1]]
        first.append(a)
        last.append(b)
        labels.append(a if a == b else f"{a} – {b}")
    return labels, first, last


# --------------------------------------------------------------------------- main


def _polygon_union(gdf: gpd.GeoDataFrame) -> shapely.Geometry:
    return shapely.union_all(gdf.geometry.array)


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
) -> GapResult:
    """Find the security-vacuum zones between the federal and KRG control lines.

    The corridor is the area enclosed between the two lines: both are merged into
    one line each, the KRG line is oriented like the federal one, both are cut to
    the stretch where they face each other (at each end, a line that runs past
    the other's end is cut where the other's end projects onto it; lines whose
    projections onto each other do not overlap raise), and the two lines plus the
    segments joining their corresponding ends are polygonized. Where the lines
    cross, the sides swap and there is a zone on each side. The vacuum is the
    corridor minus each side's reach (a buffer of its line by ``coverage_m``, and
    its controlled-area polygons if given), clipped to the study area.
    Everything is computed in EPSG:32638 (WGS 84 / UTM 38N) and returned in
    EPSG:4326.

    Parameters
    ----------
    federal, krg : GeoDataFrame, GeoSeries or path, optional
        Each side's control, as lines or as controlled-area polygons (for
        polygons, the part of the boundary facing the other side is used: the
        points whose shortest link to the other side does not cross the polygon;
        the longest such run). Several features are unioned; a line in several
        parts is merged, and gaps between parts are bridged with straight
        segments (their total is ``params["bridged_km"]``). Omitted sides come
        from the bundled lines (``hotspot.boundaries.load_control_lines``); one
        layer with a ``side`` column ("federal"/"krg") may be passed as
        ``federal`` alone. All given layers must share one CRS.
    coverage_m : float, (float, float) or dict, default 0
        How far each side effectively controls beyond its line, in metres: one
        number for both, a ``(federal, krg)`` pair or ``{"federal": m, "krg": m}``.
    study_area : GeoDataFrame, GeoSeries, path, "disputed" or None, default "disputed"
        Polygons the zones are clipped to and within which the incident overlay
        compares inside and outside. "disputed": the bundled disputed territories;
        None: no clipping (the overlay then compares against the convex hull of
        the two lines).
    incidents : GeoDataFrame or path, optional
        Incident points, optionally with a date column, for the overlay.
    hotspots : GeoDataFrame or path, optional
        Hotspot polygons; counted per zone when given.
    years : float, optional
        Time span of the incidents in years; default: from the dates, inclusive
        ((last - first + 1 day) / 365.25).
    date_column : str, default "date"
        Column of ``incidents`` holding dates.
    station_spacing_m : float, default 500
        Spacing of the profile stations along the federal line and of the
        cross-sections used for zone widths.
    width_classes_m : sequence of float, default (2000, 10000, 40000)
        Increasing thresholds of the width classes, in metres; stations with no
        gap get the class "none".
    min_zone_area_km2 : float, default 0.01
        Vacuum fragments smaller than this are dropped.
    gazetteer : DataFrame, False or None, default None
        Places used to label zones (feature types :data:`LABEL_FEATURE_TYPES`);
        None: the bundled gazetteer; False: no labels.
    conf : float, default 0.95
        Confidence level of the rate-ratio interval.

    Returns
    -------
    GapResult
        ``zones``: zone_id, label, place_start, place_end, start_km, end_km and
        length_km (along the centreline between the two lines, the mid-points of
        points at equal fractions of their lengths), area_km2, width_min_km,
        width_median_km, width_max_km (from cross-sections perpendicular to the
        centreline every ``station_spacing_m``), and with incidents n_incidents,
        n_hotspots, incident_rate (per km² per year), rate_rank.
        ``profile``: station, distance_km (along the federal line from its
        start), distance_m (to the KRG line), width_m (distance minus both reaches,
        clipped at 0), width_class, krg_side (left/right of the federal line's
        direction, or "on"), krg_lon and krg_lat (the matching nearest point on the
        KRG line), in_study_area, geometry (the station).
        ``segments``: contiguous runs of one width class along the federal line.
        ``overlay``: see :class:`GapOverlay`.

    Raises
    ------
    CRSError
        If a layer has no CRS, or the given layers are in different CRSs.
    BoundaryError
        If a layer is empty, has invalid or wrongly typed geometry (each feature
        named by its index), if the lines never face each other, or if the
        corridor lies outside the study area.
    IncidentError
        If incidents are not points or their dates cannot be read.
    ValueError
        For bad options (negative reach, unknown study area name ...).
    TypeError
        If a layer is neither a GeoDataFrame, a GeoSeries nor a path.
    FileNotFoundError
        If a layer path does not exist.

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
    (4326, 'EPSG:32638')
    """
    options = []
    if not (isinstance(station_spacing_m, numbers.Real) and station_spacing_m > 0):
        options.append(f"station_spacing_m must be > 0 metres, got {station_spacing_m!r}")
    thresholds = tuple(float(t) for t in width_classes_m)
    if (
        not thresholds
        or any(t <= 0 for t in thresholds)
        or list(thresholds) != sorted(set(thresholds))
    ):
        options.append(
            f"width_classes_m must be strictly increasing positive metres, got {width_classes_m!r}"
        )
    if years is not None and not (years > 0):
        options.append(f"years must be > 0, got {years!r}")
    if options:
        raise ValueError("; ".join(options))
    cov = _coverage(coverage_m)

    user, metric, study_name = _gather(federal, krg, study_area, incidents, hotspots)
    fed, krg_line, side_poly, bridged = _side_lines(metric, station_spacing_m)
    f_t, k_t, f_lo, f_hi = _trim(fed, krg_line, min(station_spacing_m, 1.0))
    study = (
        shapely.union_all(shapely.make_valid(metric["study_area"].geometry.array))
        if "study_area" in metric
        else None
    )
    corridor = _corridor(f_t, k_t)
    zone_geoms = _vacuum(
        corridor, fed, krg_line, side_poly, cov, study, min_area_m2=min_zone_area_km2 * 1e6
    )
    zones, zone_geoms = _zone_frame(zone_geoms, f_t, k_t, station_spacing_m, gazetteer)
    profile = _profile(fed, krg_line, f_lo, f_hi, cov, study, station_spacing_m, thresholds)
    segments = _segments(profile, fed)

    # ---- incident overlay --------------------------------------------------------
    overlay = None
    if "incidents" in metric:
        overlay, per_zone = _overlay(
            user["incidents"],
            metric["incidents"],
            metric.get("hotspots"),
            zone_geoms,
            study if study is not None else shapely.convex_hull(shapely.union_all([fed, krg_line])),
            years=years,
            date_column=date_column,
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
        "bridged_km": {side: bridged[side] / 1000.0 for side in SIDES},
        "facing_km_on_federal": (f_lo / 1000.0, f_hi / 1000.0),
        "front_km": (f_hi - f_lo) / 1000.0,
        "polygons": {side: side_poly[side] is not None for side in SIDES},
        "crs_metric": METRIC_CRS,
        "overlay_area": "study area" if study is not None else "convex hull of the two lines",
        "width_method": "zones: cross-sections perpendicular to the centreline; "
        "profile: station on the federal line to nearest point on the KRG line",
    }
    corridor_gdf = gpd.GeoDataFrame(
        {"face": np.arange(1, len(corridor) + 1, dtype=np.int64)},
        geometry=gpd.GeoSeries(corridor, crs=METRIC_CRS)
        if corridor
        else gpd.GeoSeries([], crs=METRIC_CRS),
        crs=METRIC_CRS,
    )
    lines_gdf = gpd.GeoDataFrame(
        {"side": list(SIDES)}, geometry=[fed, krg_line], crs=METRIC_CRS
    ).to_crs(GEOGRAPHIC_CRS)
    return GapResult(
        zones=zones.to_crs(GEOGRAPHIC_CRS),
        profile=profile.to_crs(GEOGRAPHIC_CRS),
        segments=segments.to_crs(GEOGRAPHIC_CRS),
        overlay=overlay,
        corridor=corridor_gdf.to_crs(GEOGRAPHIC_CRS),
        crs_metric=METRIC_CRS,
        params=params,
        lines=lines_gdf,
    )


def _gather(
    federal: Any, krg: Any, study_area: Any, incidents: Any, hotspots: Any
) -> tuple[dict[str, gpd.GeoDataFrame], dict[str, gpd.GeoDataFrame], str | None]:
    """Read, check and project the layers: (user layers, metric layers, study area name)."""
    user: dict[str, gpd.GeoDataFrame] = {}
    bundled: dict[str, gpd.GeoDataFrame] = {}
    if federal is not None:
        user["federal"] = _read_layer(federal, "federal")
    if krg is not None:
        user["krg"] = _read_layer(krg, "krg")
    if "federal" in user and "krg" not in user and "side" in user["federal"].columns:
        both = _split_sides(user.pop("federal"), "federal")
        user.update(both)
    if "federal" not in user or "krg" not in user:
        lines = _split_sides(_bundled_lines(), "bundled control lines")
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
        bundled["study_area"] = _bundled_study_area(study_area)
    elif study_area is not None:
        user["study_area"] = _read_layer(study_area, "study_area")
    if incidents is not None:
        user["incidents"] = _read_layer(incidents, "incidents")
    if hotspots is not None:
        user["hotspots"] = _read_layer(hotspots, "hotspots")

    line_or_poly = _LINE_TYPES | _POLYGON_TYPES
    kinds = {
        "federal": line_or_poly,
        "krg": line_or_poly,
        "study_area": _POLYGON_TYPES,
        "incidents": frozenset({"Point"}),
        "hotspots": _POLYGON_TYPES,
    }
    _check_layers(user, kinds)
    layers = {**bundled, **user}
    metric = {}
    for name, gdf in layers.items():
        geoms = gdf.geometry
        keep = ~(geoms.isna() | geoms.is_empty)
        metric[name] = gdf.loc[keep.to_numpy()].to_crs(METRIC_CRS)

    return user, metric, study_name


def _side_lines(
    metric: dict[str, gpd.GeoDataFrame], spacing_m: float
) -> tuple[shapely.LineString, shapely.LineString, dict[str, Any], dict[str, float]]:
    """Return each side as one metric line, the KRG one oriented like the federal one."""
    side_geom: dict[str, shapely.Geometry] = {}
    side_poly: dict[str, shapely.Geometry | None] = {}
    for side in SIDES:
        types = set(metric[side].geom_type)
        if types & _LINE_TYPES and types & _POLYGON_TYPES:
            raise BoundaryError(
                f"{side}: mixes lines and polygons ({sorted(types)}); give one or the other"
            )
        union = _polygon_union(metric[side])
        side_geom[side] = union
        side_poly[side] = union if types & _POLYGON_TYPES else None
    line: dict[str, shapely.LineString] = {}
    bridged: dict[str, float] = {}
    for side, other in (("federal", "krg"), ("krg", "federal")):
        geom = side_geom[side]
        if side_poly[side] is not None:
            geom = _facing(geom, side_geom[other], spacing_m / 2, side)
        line[side], bridged[side] = _as_line(geom)
    fed = line["federal"]
    krg_line = _orient(fed, line["krg"])

    return fed, krg_line, side_poly, bridged


def _vacuum(
    corridor: list[shapely.Polygon],
    fed: shapely.LineString,
    krg_line: shapely.LineString,
    side_poly: dict[str, Any],
    cov: dict[str, float],
    study: shapely.Geometry | None,
    *,
    min_area_m2: float,
) -> list[shapely.Polygon]:
    """Take each side's reach off the corridor faces and clip them to the study area."""
    reach = [
        shapely.buffer(fed, cov["federal"], quad_segs=_QUAD_SEGS) if cov["federal"] > 0 else None,
        shapely.buffer(krg_line, cov["krg"], quad_segs=_QUAD_SEGS) if cov["krg"] > 0 else None,
    ]
    for side in SIDES:
        if side_poly[side] is not None:
            reach.append(shapely.buffer(side_poly[side], cov[side], quad_segs=_QUAD_SEGS))
    reach_union = shapely.union_all([r for r in reach if r is not None])
    if study is not None:
        extent = shapely.union_all([fed, krg_line, *corridor])
        if not shapely.intersects(study, extent):
            raise BoundaryError(
                "the control lines lie outside the study area (lines within "
                f"{_bounds_4326(extent)}, study area within {_bounds_4326(study)}); "
                "check the layers or pass study_area=None"
            )
    zones: list[shapely.Polygon] = []
    for face in corridor:
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
    gazetteer: Any,
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
    places = _gazetteer_points(gazetteer) if zone_geoms else None
    labels, first, last = _labels(ends_s, ends_e, places)
    zones = gpd.GeoDataFrame(
        {
            "zone_id": np.arange(1, len(zone_geoms) + 1, dtype=np.int64),
            "label": pd.array(labels, dtype="str"),
            "place_start": pd.array(first, dtype="str"),
            "place_end": pd.array(last, dtype="str"),
            **{k: np.asarray(v, dtype=float) for k, v in zone_cols.items()},
        },
        geometry=gpd.GeoSeries(zone_geoms, crs=METRIC_CRS)
        if zone_geoms
        else gpd.GeoSeries([], crs=METRIC_CRS),
        crs=METRIC_CRS,
    )
    return zones, zone_geoms


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
    st_xy, tangent = _interp(fed, dist)
    stations = shapely.points(st_xy)
    other_xy, link_m, _ = _nearest_on(st_xy, krg_line)
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
            "distance_km": dist / 1000.0,
            "distance_m": link_m,
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
        _, _, pos = _nearest_on(shapely.get_coordinates(z), centre)
        lo, hi = float(pos.min()), float(pos.max())
        out["start_km"][i], out["end_km"][i] = lo / 1000.0, hi / 1000.0
        out["length_km"][i] = (hi - lo) / 1000.0
        out["_start_xy"][i], out["_end_xy"][i] = _interp(centre, np.array([lo, hi]))[0]
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
        _nearest_on(shapely.get_coordinates(f_t), k_t)[1].max(),
        _nearest_on(shapely.get_coordinates(k_t), f_t)[1].max(),
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
    dist_m = profile["distance_km"].to_numpy() * 1000.0
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


def _incident_years(incidents: gpd.GeoDataFrame, date_column: str, keep: np.ndarray) -> float:
    if date_column not in incidents.columns:
        return math.nan
    raw = incidents[date_column]
    parsed = read_dates(raw)  # the one date rule: ISO first, 03/12/2023 day first
    dates = parsed.start
    blank = raw.astype(str).str.strip().isin(["nan", "NaN", "NaT", "None", "<NA>"])
    bad = (parsed.problems != "") & ~blank
    if bad.any():
        where = ", ".join(repr(i) for i in incidents.index[bad.to_numpy()][:20])
        raise IncidentError(
            f"incidents: column {date_column!r} has values that are not dates at index {where}; "
            "use ISO dates (YYYY-MM-DD; 03/12/2023 is read day first) or pass years="
        )
    dates = dates[keep]
    if dates.notna().sum() == 0:
        return math.nan
    span = dates.max() - dates.min()
    return (span / pd.Timedelta(days=1) + 1.0) / 365.25


def _overlay(
    incidents_user: gpd.GeoDataFrame,
    incidents: gpd.GeoDataFrame,
    hotspots: gpd.GeoDataFrame | None,
    zones: list[shapely.Geometry],
    area: shapely.Geometry,
    *,
    years: float | None,
    date_column: str,
    conf: float,
) -> tuple[GapOverlay, dict[str, np.ndarray]]:
    geoms = incidents_user.geometry
    present = ~(geoms.isna() | geoms.is_empty).to_numpy()
    xy = shapely.get_coordinates(incidents.geometry.array)
    vacuum = shapely.union_all(zones) if zones else shapely.Polygon()
    area_in = shapely.area(vacuum)
    outside = shapely.difference(area, vacuum)
    area_out = shapely.area(outside)
    shapely.prepare(vacuum)
    shapely.prepare(area)
    in_area = shapely.contains_xy(area, xy[:, 0], xy[:, 1]) if len(xy) else np.zeros(0, bool)
    in_vac = (
        shapely.contains_xy(vacuum, xy[:, 0], xy[:, 1])
        if len(xy) and zones
        else np.zeros(len(xy), bool)
    )
    in_area |= in_vac
    n_in = int(in_vac.sum())
    n_out = int((in_area & ~in_vac).sum())
    n_excl = int(len(incidents_user) - n_in - n_out)
    counted = np.zeros(len(incidents_user), bool)
    counted[np.flatnonzero(present)[in_area]] = True
    span = (
        float(years) if years is not None else _incident_years(incidents_user, date_column, counted)
    )
    exposure = span if not math.isnan(span) else 1.0
    a_in_km2, a_out_km2 = area_in / 1e6, area_out / 1e6
    if a_in_km2 > 0 and a_out_km2 > 0:
        rr = rate_ratio_test(n_in, n_out, a_in_km2, a_out_km2, conf=conf)
        stats = (rr.rate_ratio, rr.ci_low, rr.ci_high, rr.p_value)
    else:
        stats = (math.nan, math.nan, math.nan, math.nan)
    rate_in = n_in / a_in_km2 / span if a_in_km2 > 0 else math.nan
    rate_out = n_out / a_out_km2 / span if a_out_km2 > 0 else math.nan
    overlay = GapOverlay(
        n_in=n_in,
        n_out=n_out,
        n_excluded=n_excl,
        area_in_km2=float(a_in_km2),
        area_out_km2=float(a_out_km2),
        years=float(span),
        rate_in=float(rate_in),
        rate_out=float(rate_out),
        rate_ratio=float(stats[0]),
        ci_low=float(stats[1]),
        ci_high=float(stats[2]),
        p_value=float(stats[3]),
        conf=conf,
    )
    n_z = len(zones)
    counts = np.zeros(n_z, dtype=np.int64)
    hot = np.zeros(n_z, dtype=np.int64)
    if n_z and len(xy):
        tree = shapely.STRtree(shapely.points(xy))
        pairs = tree.query(np.array(zones, dtype=object), predicate="contains")
        counts = np.bincount(pairs[0], minlength=n_z).astype(np.int64)
    if n_z and hotspots is not None and len(hotspots):
        tree = shapely.STRtree(hotspots.geometry.array)
        pairs = tree.query(np.array(zones, dtype=object), predicate="intersects")
        hot = np.bincount(pairs[0], minlength=n_z).astype(np.int64)
    areas = np.array([z.area / 1e6 for z in zones], dtype=float)
    rate = counts / np.where(areas > 0, areas, np.nan) / exposure
    if math.isnan(span):
        rate = counts / np.where(areas > 0, areas, np.nan) * math.nan
        rank_basis = counts / np.where(areas > 0, areas, np.nan)
    else:
        rank_basis = rate
    rank = pd.Series(rank_basis).rank(ascending=False, method="min").to_numpy()
    per_zone = {
        "n_incidents": counts,
        "n_hotspots": hot,
        "incident_rate": rate,
        "rate_rank": rank.astype(np.int64) if n_z else np.zeros(0, np.int64),
    }
    return overlay, per_zone
