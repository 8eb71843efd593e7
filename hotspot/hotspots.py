"""Hotspots: clusters of incidents, with honest shapes, ranks, statistics and place labels.

:func:`find_hotspots` clusters an incident GeoDataFrame (the incident schema of
:mod:`hotspot.incidents`) with exact great-circle DBSCAN
(:func:`hotspot._dbscan.dbscan_haversine`, equal to scikit-learn's haversine
DBSCAN), optionally in space-time, or with scikit-learn's HDBSCAN on haversine
distances for data of varying density (``method="hdbscan"``), and describes
every hotspot: its rank (1 = most incidents), a polygon (the union of discs of
``buffer_m`` around its incidents' distinct locations, drawn in EPSG:32638,
WGS 84 / UTM 38N: it follows a chain instead of filling a convex hull across
it), counts, distinct locations, fatalities, dates, area, span and density, the
dominant event type, the governorate, district and disputed-territory status
(point in polygon) and a label naming a settlement (:mod:`hotspot._labels`).

A hotspot that spans more than :data:`CHAIN_SPAN_EPS` times ``eps_m`` or holds
most of the incidents is likely several hotspots chained together: a warning
says so, with the k-distance advice, and the result keeps it in ``notes``.

:func:`k_distance` and :func:`plot_k_distance` help to choose ``eps_m``.

Examples
--------
>>> import geopandas as gpd
>>> from shapely import Point
>>> pts = [Point(44.39, 35.47)] * 3 + [Point(44.40, 35.47), Point(45.5, 34.0)]
>>> frame = gpd.GeoDataFrame({"fatalities": [1, 0, 2, 0, 5]}, geometry=pts, crs=4326)
>>> result = find_hotspots(frame, eps_m=2000, min_samples=3, gazetteer=False)
>>> result.incidents["hotspot"].tolist()
[0, 0, 0, 0, -1]
>>> result.hotspots[["hotspot", "incidents", "fatalities"]].to_dict("records")
[{'hotspot': 0, 'incidents': 4, 'fatalities': 3}]
"""

from __future__ import annotations

import html
import math
import warnings
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import ArrayLike
from pyproj import Geod, Transformer
from scipy.spatial import cKDTree
from tqdm import tqdm

from hotspot._dbscan import _check_engine, _fit, _fit_sklearn
from hotspot._geo import EARTH_RADIUS_M, GEOGRAPHIC_CRS, METRIC_CRS, m_from_chord, unit_vectors
from hotspot._labels import Places, bundled_places, name_points, places_from_gazetteer
from hotspot._locate import locate_lonlat
from hotspot._overlay import is_coarse
from hotspot.errors import CRSError, IncidentError

__all__ = [
    "CHAIN_SPAN_EPS",
    "CLUSTER_STATUSES",
    "DEFAULT_MIN_SAMPLES",
    "METHODS",
    "MOST_INCIDENTS",
    "WEIGHTS",
    "HotspotResult",
    "KDistance",
    "find_hotspots",
    "k_distance",
    "plot_k_distance",
    "rank_hotspots",
]

#: Values of the ``cluster_status`` column, in report order.
CLUSTER_STATUSES: tuple[str, ...] = (
    "clustered",
    "noise",
    "excluded: coarse location",
    "excluded: no geometry",
    "excluded: no date",
)

#: Named event weights for ``weights=`` (any other numeric column name also works).
WEIGHTS: dict[str, str] = {
    "fatalities": "deaths per event (unknown counts as 0)",
}

#: The one default of ``min_samples`` (find_hotspots, analyze and the CLI use it).
DEFAULT_MIN_SAMPLES: int = 10
#: Clustering methods of :func:`find_hotspots`.
METHODS: dict[str, str] = {
    "dbscan": "exact great-circle DBSCAN: dense areas joined by points within eps_m",
    "hdbscan": "scikit-learn HDBSCAN on haversine distances: clusters of varying density",
}
#: A hotspot spanning more than this many ``eps_m`` is flagged as a likely chain.
CHAIN_SPAN_EPS = 10.0
#: A hotspot holding more than this share of the clustered and noise incidents, and
#: spanning more than half of ``CHAIN_SPAN_EPS`` times ``eps_m``, is flagged too.
MOST_INCIDENTS = 0.5
_HTML_ROWS = 10


# ----------------------------------------------------------------------------
# the result


@dataclass(frozen=True)
class HotspotResult:
    """The outcome of :func:`find_hotspots`.

    Attributes
    ----------
    incidents : geopandas.GeoDataFrame
        A copy of the input (same index, order and CRS) with ``hotspot`` (int,
        -1 for noise and excluded rows), ``cluster_status`` (one of
        :data:`CLUSTER_STATUSES`) and ``is_core`` (bool).
    hotspots : geopandas.GeoDataFrame
        One polygon per hotspot in the CRS of the input, in hotspot order.
    params : dict
        The parameters used.
    excluded : dict
        Number of rows left out, by reason (``"coarse location"``,
        ``"no geometry"``, ``"no date"``).
    notes : tuple of str
        Warnings about the hotspots worth stating in a report: a hotspot that
        chains over a large extent or holds most of the incidents, with the
        k-distance advice.
    """

    incidents: gpd.GeoDataFrame
    hotspots: gpd.GeoDataFrame
    params: dict[str, Any]
    excluded: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def summary(self) -> pd.DataFrame:
        """Return the counts behind the result: rows by status and hotspots.

        Returns
        -------
        pandas.DataFrame
            One ``count`` column indexed by item (``incidents``, each cluster
            status, ``hotspots``, ``largest hotspot``).

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely import Point
        >>> frame = gpd.GeoDataFrame(geometry=[Point(44, 35)] * 2, crs=4326)
        >>> find_hotspots(frame, min_samples=2, gazetteer=False).summary()["count"].tolist()
        [2, 2, 0, 0, 0, 0, 1, 2]
        """
        status = self.incidents["cluster_status"].value_counts()
        items = {"incidents": len(self.incidents)}
        for name in CLUSTER_STATUSES:
            items[name] = int(status.get(name, 0))
        items["hotspots"] = len(self.hotspots)
        items["largest hotspot"] = (
            int(self.hotspots["incidents"].max()) if len(self.hotspots) else 0
        )
        return pd.DataFrame({"count": pd.Series(items, dtype="int64")})

    def __str__(self) -> str:
        """Return the text report: counts and the largest hotspots.

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely import Point
        >>> frame = gpd.GeoDataFrame(geometry=[Point(44.392, 35.468)] * 3, crs=4326)
        >>> print(find_hotspots(frame, min_samples=3))  # doctest: +NORMALIZE_WHITESPACE
        1 hotspots from 3 incidents (eps 5 km, min_samples 3): 3 clustered, 0 noise
          #1 Kirkuk (Kirkuk, Kirkuk): 3 incidents, 19.6 km² around 1 distinct location,
          disputed: Kirkuk
        """
        counts = self.summary()["count"]
        excluded = ", ".join(
            f"{counts[s]} {s.removeprefix('excluded: ')}" for s in CLUSTER_STATUSES[2:] if counts[s]
        )
        lines = [
            f"{counts['hotspots']} hotspots from {counts['incidents']} incidents "
            f"(eps {self.params['eps_m'] / 1000:g} km, min_samples {self.params['min_samples']}): "
            f"{counts['clustered']} clustered, {counts['noise']} noise"
            + (f"; excluded: {excluded}" if excluded else "")
        ]
        top = self.hotspots.sort_values("rank", kind="stable")
        for row in top.head(_HTML_ROWS).itertuples():
            where = ", ".join(str(v) for v in (row.district, row.governorate) if pd.notna(v))
            label = row.label if pd.notna(row.label) else "(unnamed)"
            lines.append(
                f"  #{row.rank} {label}"
                + (f" ({where})" if where else "")
                + f": {row.incidents} incidents, {row.area_km2:.1f} km² around "
                + f"{_locations(row.locations)}"
                + (f", disputed: {row.disputed}" if row.disputed else "")
            )
        if len(top) > _HTML_ROWS:
            lines.append(f"  ... and {len(top) - _HTML_ROWS} smaller hotspots")
        lines.extend(f"  Warning: {note}" for note in self.notes)
        return "\n".join(lines)

    def __repr__(self) -> str:
        counts = self.summary()["count"]
        return (
            f"HotspotResult({counts['hotspots']} hotspots from {counts['incidents']} incidents: "
            f"{counts['clustered']} clustered, {counts['noise']} noise, "
            f"{counts['incidents'] - counts['clustered'] - counts['noise']} excluded; "
            f"eps_m={self.params['eps_m']}, min_samples={self.params['min_samples']})"
        )

    def explore(self, **kwargs: Any):
        """Return a folium map of the incidents and hotspot polygons.

        Parameters
        ----------
        **kwargs
            Passed to :func:`hotspot.maps.briefing_map` (``title``, ``heatmap``,
            ``m`` …).

        Returns
        -------
        folium.Map
            Displays inline in Jupyter.

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely import Point
        >>> frame = gpd.GeoDataFrame(geometry=[Point(44, 35)] * 3, crs=4326)
        >>> type(find_hotspots(frame, min_samples=2, gazetteer=False).explore()).__name__
        'Map'
        """
        # folium is imported on first use only: `import hotspot` needs no map library
        from hotspot.maps.briefing import briefing_map

        kwargs.setdefault("title", f"{len(self.hotspots)} hotspots")
        return briefing_map(incidents=self.incidents, hotspots=self.hotspots, **kwargs)

    def _repr_html_(self) -> str:
        counts = self.summary()["count"]
        excluded = ", ".join(
            f"{counts[s]} {html.escape(s.removeprefix('excluded: '))}"
            for s in CLUSTER_STATUSES[2:]
            if counts[s]
        )
        head = (
            f"<p><b>{counts['hotspots']} hotspots</b> from {counts['incidents']} incidents "
            f"(eps_m={self.params['eps_m']:g}, min_samples={self.params['min_samples']}"
            + (
                f", window_days={self.params['window_days']:g}"
                if self.params["window_days"] is not None
                else ""
            )
            + f"): {counts['clustered']} clustered, {counts['noise']} noise"
            + (f", excluded: {excluded}" if excluded else "")
            + "</p>"
        )
        if not len(self.hotspots):
            return head
        cols = [
            "rank",
            "label",
            "incidents",
            "locations",
            "fatalities",
            "first_date",
            "last_date",
            "area_km2",
            "span_km",
            "district",
            "disputed",
        ]
        top = pd.DataFrame(self.hotspots[cols]).nsmallest(_HTML_ROWS, "rank")
        # to_html escapes the cells (labels and names from the data).
        table = top.to_html(index=False, na_rep="", float_format=lambda v: f"{v:,.1f}")
        more = len(self.hotspots) - len(top)
        tail = f"<p>… and {more} smaller hotspots</p>" if more > 0 else ""
        notes = "".join(f"<p><b>Warning:</b> {html.escape(n)}</p>" for n in self.notes)
        return f"<div>{head}{table}{tail}{notes}</div>"


# ----------------------------------------------------------------------------
# input checks


def _check_incidents(incidents: Any) -> gpd.GeoDataFrame:
    if not isinstance(incidents, gpd.GeoDataFrame):
        raise IncidentError(
            f"incidents must be a GeoDataFrame of points, got {type(incidents).__name__}; "
            "read it with hotspot.incidents.read_incidents() or build one with "
            "geopandas.GeoDataFrame(..., geometry=geopandas.points_from_xy(lon, lat), crs=4326)"
        )
    if incidents.crs is None:
        raise CRSError(
            "incidents has no CRS; set the one its coordinates are in, e.g. "
            "incidents.set_crs('EPSG:4326') for longitude/latitude degrees"
        )
    return incidents


def _check_params(
    eps_m: Any, min_samples: Any, window_days: Any, buffer_m: Any, problems: list[str]
) -> None:
    def bad_number(value: Any) -> bool:
        return isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value)

    if bad_number(eps_m) or eps_m <= 0:
        problems.append(f"eps_m must be a positive number of metres, got {eps_m!r}")
    if isinstance(min_samples, bool) or not isinstance(min_samples, Integral) or min_samples < 1:
        problems.append(f"min_samples must be an integer >= 1, got {min_samples!r}")
    if window_days is not None and (bad_number(window_days) or window_days < 0):
        problems.append(f"window_days must be None or a number of days >= 0, got {window_days!r}")
    if buffer_m is not None and (bad_number(buffer_m) or buffer_m <= 0):
        problems.append(
            f"buffer_m must be None or a number of metres > 0 (the radius of the discs around "
            f"each incident whose union is the hotspot), got {buffer_m!r}"
        )


def _weights(incidents: gpd.GeoDataFrame, weights: Any, problems: list[str]) -> np.ndarray | None:
    if weights is None:
        return None
    if isinstance(weights, str):
        numeric = [
            str(c)
            for c in incidents.columns
            if c != incidents.geometry.name and pd.api.types.is_numeric_dtype(incidents[c])
        ]
        if weights not in incidents.columns or weights not in numeric:
            known = sorted(set(WEIGHTS) | set(numeric))
            what = "is not a column" if weights not in incidents.columns else "is not numeric"
            problems.append(
                f"weights={weights!r} {what} of incidents; use None, an array of per-row "
                f"weights, or one of: {', '.join(known)}"
            )
            return None
        values = pd.to_numeric(incidents[weights]).astype("Float64").fillna(0.0)
        arr = values.to_numpy(dtype=float)
        name = f"column {weights!r}"
    else:
        try:
            arr = np.asarray(weights, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            problems.append("weights: an array must hold numbers")
            return None
        name = "weights array"
        if arr.size != len(incidents):
            problems.append(f"{name} has {arr.size} values for {len(incidents)} incidents")
            return None
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        rows = list(incidents.index[bad][:10])
        problems.append(f"{name}: negative or non-finite weights in rows {rows}")
    return arr


# ----------------------------------------------------------------------------
# places


def _describe_places(lat: np.ndarray, lon: np.ndarray, places: Places | None) -> pd.DataFrame:
    """Governorate, district (names and p-codes), disputed status and a label for points.

    The admin units and the territory come from the one placement rule
    (:func:`hotspot._locate.locate_lonlat`, point in polygon on the bundled
    layers); the label names a settlement (:func:`hotspot._labels.name_points`).
    """
    found = locate_lonlat(lon, lat, sides=False)
    out = pd.DataFrame(
        {
            name: pd.array(list(found[name]), dtype="string")
            for name in ("governorate", "governorate_pcode", "district", "district_pcode")
        }
    )
    out["disputed"] = pd.array([t or "" for t in found["territory"]], dtype="string")
    labels = name_points(lat, lon, places)
    out["label"] = pd.array([v if v else pd.NA for v in labels], dtype="string")
    return out


# Iraq's extent with a margin of about 150 km (lon_min, lat_min, lon_max, lat_max).
_NEAR_IRAQ = (37.0, 27.5, 50.5, 39.0)


def _load_places(gazetteer: Any) -> Places | None:
    if gazetteer is False:
        return None
    if gazetteer is None or gazetteer is True:
        return bundled_places()
    if isinstance(gazetteer, pd.DataFrame):
        needed = {"name", "feature_type", "lat", "lon"}
        missing = sorted(needed - set(gazetteer.columns))
        if missing:
            raise IncidentError(f"gazetteer is missing column(s) {', '.join(missing)}")
        lat = pd.to_numeric(gazetteer["lat"], errors="coerce")
        lon = pd.to_numeric(gazetteer["lon"], errors="coerce")
        bad = ~(np.isfinite(lat) & np.isfinite(lon))
        if bad.any():
            warnings.warn(
                f"gazetteer: {int(bad.sum())} place(s) without a finite lat/lon left out of "
                f"the place names (rows {list(gazetteer.index[bad])[:10]})",
                UserWarning,
                stacklevel=3,
            )
        return places_from_gazetteer(gazetteer[~bad.to_numpy()])
    raise IncidentError(
        f"gazetteer must be None or True (the bundled one), False (no place names) or a "
        f"DataFrame in the gazetteer schema, got {type(gazetteer).__name__}"
    )


# ----------------------------------------------------------------------------
# hotspot polygons and statistics


def _dominant(values: pd.Series, labels: np.ndarray) -> tuple[pd.Series, pd.Series]:
    frame = pd.DataFrame({"h": labels, "v": values.to_numpy()}).dropna()
    if frame.empty:
        return pd.Series(dtype="string"), pd.Series(dtype=float)
    counts = frame.groupby(["h", "v"], sort=True).size().rename("n").reset_index()
    counts = counts.sort_values(["h", "n", "v"], ascending=[True, False, True], kind="stable")
    top = counts.drop_duplicates("h").set_index("h")
    share = top["n"] / frame.groupby("h").size()
    return top["v"].astype("string"), share


def rank_hotspots(table: pd.DataFrame) -> pd.Series:
    """Return each hotspot's rank: 1 for the most incidents (ties: more fatalities, lower id).

    The one ranking rule: the ``rank`` column of :func:`find_hotspots`, the
    numbers on the map, the PDF table and ``summary.txt`` all come from it.

    Parameters
    ----------
    table : DataFrame
        Hotspots with ``incidents`` (and ``fatalities``, ``hotspot`` when present).

    Returns
    -------
    pandas.Series
        Ranks 1..n on the table's index.

    Examples
    --------
    >>> rank_hotspots(pd.DataFrame({"hotspot": [0, 1, 2], "incidents": [5, 9, 5],
    ...                             "fatalities": [0, 1, 3]})).tolist()
    [3, 1, 2]
    """
    n = len(table)
    keys = pd.DataFrame(
        {
            "incidents": pd.to_numeric(table["incidents"], errors="coerce")
            if "incidents" in table.columns
            else 0,
            "fatalities": pd.to_numeric(table["fatalities"], errors="coerce")
            if "fatalities" in table.columns
            else 0,
            "hotspot": pd.to_numeric(table["hotspot"], errors="coerce")
            if "hotspot" in table.columns
            else np.arange(n),
        },
        index=table.index,
    ).fillna({"incidents": 0, "fatalities": 0})
    order = keys.sort_values(
        ["incidents", "fatalities", "hotspot"], ascending=[False, False, True], kind="stable"
    ).index
    return pd.Series(np.arange(1, n + 1), index=order, dtype="int64").reindex(table.index)


def _shapes(
    x: np.ndarray, y: np.ndarray, labels: np.ndarray, n_h: int, buffer_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Polygons, distinct locations and span (m) of each hotspot, in UTM 38N metres.

    The polygon is the union of discs of ``buffer_m`` around the hotspot's
    distinct locations: it follows a chain of incidents and never fills the
    convex hull across it. The span is the diameter of the smallest circle
    holding the locations.
    """
    if not n_h:
        empty = np.empty(0, dtype=object)
        return empty, np.zeros(0, dtype=np.int64), np.zeros(0)
    order = np.lexsort((y, x, labels))
    xs, ys, ls = x[order], y[order], labels[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (ls[1:] != ls[:-1]) | (xs[1:] != xs[:-1]) | (ys[1:] != ys[:-1])
    ux, uy, ul = xs[new], ys[new], ls[new]
    locations = np.bincount(ul, minlength=n_h)
    discs = shapely.buffer(shapely.points(ux, uy), buffer_m, quad_segs=16)
    groups = np.split(discs, np.flatnonzero(np.diff(ul)) + 1)
    polygons = np.empty(n_h, dtype=object)
    polygons[:] = [shapely.union_all(group) for group in groups]
    span = 2 * shapely.minimum_bounding_radius(
        shapely.multipoints(np.column_stack([ux, uy]), indices=ul)
    )
    return polygons, locations, np.asarray(span, dtype=float)


def _locations(count: object) -> str:
    return (
        "n/a" if pd.isna(count) else f"{int(count)} distinct location" + ("s" if count != 1 else "")
    )


def _hotspot_table(
    rows: gpd.GeoDataFrame,
    lon: np.ndarray,
    lat: np.ndarray,
    labels: np.ndarray,
    buffer_m: float,
    places: Places | None,
    crs: Any,
) -> gpd.GeoDataFrame:
    n_h = int(labels.max()) + 1 if labels.size else 0
    ids = np.arange(n_h)
    to_metric = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)
    to_geo = Transformer.from_crs(METRIC_CRS, GEOGRAPHIC_CRS, always_xy=True)
    x, y = to_metric.transform(lon, lat)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    polys, locations, span_m = _shapes(x, y, labels, n_h, buffer_m)
    # Shapes are drawn in UTM 38N; areas are measured on the WGS 84 ellipsoid
    # (UTM's scale error reaches ~0.7 % in area at Iraq's western edge).
    geometry = gpd.GeoSeries(polys, crs=METRIC_CRS).to_crs(GEOGRAPHIC_CRS)
    geod = Geod(ellps="WGS84")
    area_km2 = np.array(
        [abs(geod.geometry_area_perimeter(g)[0]) / 1e6 for g in geometry], dtype=float
    )
    counts = np.bincount(labels, minlength=n_h)
    cx = np.bincount(labels, weights=x, minlength=n_h) / np.maximum(counts, 1)
    cy = np.bincount(labels, weights=y, minlength=n_h) / np.maximum(counts, 1)
    c_lon, c_lat = to_geo.transform(cx, cy)
    table = pd.DataFrame({"hotspot": ids, "rank": np.zeros(n_h, dtype=np.int64)})
    table["incidents"] = counts
    table["locations"] = locations
    if "fatalities" in rows.columns:
        fat = pd.to_numeric(rows["fatalities"]).astype("Float64")
        sums = pd.Series(fat.to_numpy()).groupby(labels).sum(min_count=1)
        table["fatalities"] = sums.reindex(ids).astype("Int64").to_numpy()
    else:
        table["fatalities"] = pd.array([pd.NA] * n_h, dtype="Int64")
    table["rank"] = rank_hotspots(table).to_numpy()
    if "date" in rows.columns and pd.api.types.is_datetime64_any_dtype(rows["date"]):
        dates = pd.Series(rows["date"].to_numpy()).groupby(labels)
        table["first_date"] = dates.min().reindex(ids).to_numpy()
        table["last_date"] = dates.max().reindex(ids).to_numpy()
    else:
        table["first_date"] = pd.Series([pd.NaT] * n_h, dtype="datetime64[ns]")
        table["last_date"] = pd.Series([pd.NaT] * n_h, dtype="datetime64[ns]")
    table["area_km2"] = area_km2
    table["span_km"] = span_m / 1000.0
    with np.errstate(divide="ignore", invalid="ignore"):
        table["density_per_km2"] = np.where(area_km2 > 0, counts / area_km2, np.nan)
    if "event_type" in rows.columns:
        top, share = _dominant(rows["event_type"], labels)
        table["event_type"] = top.reindex(ids).astype("string").to_numpy()
        table["event_type_share"] = share.reindex(ids).to_numpy(dtype=float)
    else:
        table["event_type"] = pd.array([pd.NA] * n_h, dtype="string")
        table["event_type_share"] = np.nan
    described = _describe_places(np.asarray(c_lat), np.asarray(c_lon), places)
    for column in described.columns:
        table[column] = described[column].to_numpy()
    table["centroid_lat"] = np.asarray(c_lat, dtype=float)
    table["centroid_lon"] = np.asarray(c_lon, dtype=float)
    return gpd.GeoDataFrame(table, geometry=geometry.to_numpy(), crs=GEOGRAPHIC_CRS).to_crs(crs)


def _chain_flags(
    table: pd.DataFrame, considered: int, eps_m: float
) -> tuple[np.ndarray, np.ndarray]:
    """Hotspots spanning more than CHAIN_SPAN_EPS × eps_m, and those holding most incidents.

    Most of the incidents in one hotspot counts only when the hotspot is itself
    spread out (half that span): a compact town holding a small data set is not suspect.
    """
    span_m = table["span_km"].to_numpy(dtype=float) * 1000.0
    long = span_m > CHAIN_SPAN_EPS * eps_m
    most = (
        (considered > 0)
        & (table["incidents"].to_numpy() > MOST_INCIDENTS * max(considered, 1))
        & (span_m > CHAIN_SPAN_EPS / 2 * eps_m)
    )
    return long, most


def _chain_notes(
    table: gpd.GeoDataFrame,
    considered: int,
    *,
    eps_m: float,
    min_samples: int,
    knee: Any,
) -> list[str]:
    """Return warnings for hotspots that chain over a large extent or hold most incidents."""
    long, most = _chain_flags(table, considered, eps_m)
    notes = []
    for i in np.argsort(table["rank"].to_numpy(), kind="stable"):
        if not (long[i] or most[i]):
            continue
        row = table.iloc[i]
        parts = []
        if long[i]:
            parts.append(
                f"spans {row['span_km']:,.0f} km ({row['span_km'] * 1000 / eps_m:,.0f} × eps_m)"
            )
        if most[i]:
            parts.append(
                f"holds {row['incidents']:,} of the {considered:,} incidents clustered or noise "
                f"({row['incidents'] / considered:.0%})"
            )
        label = row["label"]
        name = label if isinstance(label, str) and label else f"cluster {row['hotspot']}"
        knee_m = knee()
        advice = (
            f"the k-distance curve for k={min_samples} has its knee at {knee_m / 1000:.1f} km "
            "(hotspot.plot_k_distance); "
            if np.isfinite(knee_m)
            else ""
        )
        notes.append(
            f"hotspot #{row['rank']} ({name}) {' and '.join(parts)}: DBSCAN joins dense areas "
            f"through chains of incidents within eps_m ({eps_m / 1000:g} km) of each other, so "
            f"it may be several hotspots; {advice}try a smaller eps_m or a larger min_samples, "
            "or method='hdbscan' for data of varying density"
        )
    return notes


def _fit_hdbscan(
    lat: np.ndarray, lon: np.ndarray, *, min_samples: int
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster with scikit-learn's HDBSCAN on haversine distances; labels and (no) cores."""
    n = lat.size
    size = max(2, int(min_samples))
    if n < size:
        return np.full(n, -1, dtype=np.int64), np.zeros(n, dtype=bool)
    from sklearn.cluster import HDBSCAN  # lazy: scikit-learn costs ~1 s to import

    model = HDBSCAN(
        min_cluster_size=size, min_samples=int(min_samples), metric="haversine", copy=True
    )
    labels = model.fit(np.radians(np.column_stack([lat, lon]))).labels_
    labels = np.where(labels < 0, -1, labels).astype(np.int64)
    return labels, np.zeros(n, dtype=bool)


# ----------------------------------------------------------------------------
# the public functions


def _points(incidents: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lon/lat degrees of the rows (NaN where missing) and the mask of usable points."""
    geo = incidents.geometry
    if not incidents.crs.equals(GEOGRAPHIC_CRS):
        geo = geo.to_crs(GEOGRAPHIC_CRS)
    values = geo.to_numpy()
    missing = shapely.is_missing(values) | shapely.is_empty(values)
    kinds = shapely.get_type_id(values)
    not_point = ~missing & (kinds != shapely.GeometryType.POINT)
    if not_point.any():
        rows = list(incidents.index[not_point][:10])
        types = sorted(set(geo[not_point].geom_type))
        raise IncidentError(
            f"incidents must hold Point geometries; {int(not_point.sum())} row(s) hold "
            f"{', '.join(types)} (index {rows}); use .centroid or .representative_point() "
            "if that is what you mean"
        )
    lon = np.full(len(values), np.nan)
    lat = np.full(len(values), np.nan)
    ok = ~missing
    lon[ok] = shapely.get_x(values[ok])
    lat[ok] = shapely.get_y(values[ok])
    finite = ok & np.isfinite(lat) & np.isfinite(lon)  # NaN is reported elsewhere
    far = finite & ~((lat > _NEAR_IRAQ[1]) & (lat < _NEAR_IRAQ[3]))
    far |= finite & ~((lon > _NEAR_IRAQ[0]) & (lon < _NEAR_IRAQ[2]))
    if far.any():
        swapped = far & (lon > _NEAR_IRAQ[1]) & (lon < _NEAR_IRAQ[3])
        swapped &= (lat > _NEAR_IRAQ[0]) & (lat < _NEAR_IRAQ[2])
        hint = " — their lat/lon look swapped" if swapped.any() else ""
        warnings.warn(
            f"{int(far.sum())} incident(s) lie far outside Iraq (index "
            f"{list(incidents.index[far][:10])}){hint}; they are clustered as given",
            UserWarning,
            stacklevel=3,
        )
    return lon, lat, ok


def find_hotspots(
    incidents: gpd.GeoDataFrame,
    *,
    eps_m: float = 5000,
    min_samples: int = DEFAULT_MIN_SAMPLES,
    window_days: float | None = None,
    weights: str | ArrayLike | None = None,
    include_coarse: bool = False,
    buffer_m: float | None = None,
    gazetteer: pd.DataFrame | bool | None = None,
    engine: str = "grid",
    method: str = "dbscan",
    progress: bool = False,
) -> HotspotResult:
    """Find incident hotspots with exact great-circle DBSCAN (or HDBSCAN).

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Points in any CRS (reprojected to EPSG:4326 internally), ideally in the
        incident schema (``date``, ``fatalities``, ``event_type``,
        ``precision`` …); columns that are missing give NA statistics.
    eps_m : float, default 5000
        Neighbourhood radius in metres along the great circle.
    min_samples : int, default :data:`DEFAULT_MIN_SAMPLES` (10)
        Incidents (or summed weight) a neighbourhood needs for a core point,
        the incident itself included.
    window_days : float, optional
        If given, cluster in space-time: neighbours must also lie within this
        many days of each other (needs a datetime ``date`` column; rows without
        a date are excluded).
    weights : str or array_like, optional
        Event weights with scikit-learn ``sample_weight`` semantics: one of
        :data:`WEIGHTS` (``"fatalities"``), another numeric column name, or one
        non-negative number per row. NA in a column counts as 0.
    include_coarse : bool, default False
        Cluster rows with ``precision == 3`` (district or governorate centroids,
        rivers, roads, wide areas) too. By default they are left out, because
        they make false hotspots at administrative centres; they are counted and
        marked in the result.
    buffer_m : float, optional
        Radius in metres of the discs around each incident whose union is the
        hotspot's polygon (default ``eps_m / 2``), drawn in EPSG:32638. The
        polygon follows the incidents (a chain stays a chain; no convex hull);
        on stacked data (one location) it is a disc of this radius, so its area
        says nothing about the hotspot: see ``locations``.
    gazetteer : DataFrame, bool or None, optional
        Places used to label hotspots (a settlement, ranked as in
        :mod:`hotspot._labels`: governorate seat > district seat > sub-district
        seat > town > village, never a landmark): None or True for the bundled
        gazetteer, a DataFrame in the gazetteer schema, or False for no labels.
        Governorate, district and the disputed territory always come from the
        bundled admin layers (point in polygon, :func:`hotspot.locate.locate`).
    engine : {"grid", "sklearn"}, default "grid"
        DBSCAN engine. ``"grid"``: our exact engine (same labels as
        scikit-learn, much faster and leaner on stacked data). ``"sklearn"``:
        scikit-learn's ``DBSCAN(metric="haversine", algorithm="ball_tree")`` on
        the raw points, the reference for audits (space only; slow and
        memory-hungry).
    method : {"dbscan", "hdbscan"}, default "dbscan"
        ``"dbscan"``: density-based clusters at one density (``eps_m``,
        ``min_samples``). ``"hdbscan"``: scikit-learn's ``HDBSCAN`` on
        haversine distances (``min_cluster_size = min_samples``; ``eps_m``
        then only sets the default ``buffer_m``), which finds clusters of
        varying density and does not chain them; space only, no weights, and
        slow on large sets (minutes for 68,000 incidents). See
        ``docs/hotspot_shapes.md`` for the two compared.
    progress : bool, default False
        Show a tqdm progress bar.

    Returns
    -------
    HotspotResult
        ``.incidents`` — a copy of the input (same index, order and CRS) with
        ``hotspot`` (-1 = noise or excluded), ``cluster_status`` (one of
        :data:`CLUSTER_STATUSES`: ``"clustered"``, ``"noise"``,
        ``"excluded: coarse location"``, ``"excluded: no geometry"`` for
        missing or empty geometries, ``"excluded: no date"`` in space-time mode)
        and ``is_core``; ``.hotspots`` — one polygon per hotspot (in the
        input's CRS, like ``.incidents``) with ``hotspot, incidents, fatalities,
        first_date, last_date, area_km2, density_per_km2, event_type,
        event_type_share, governorate, governorate_pcode, district,
        district_pcode`` (OCHA units containing the hotspot's centroid),
        ``disputed`` (territory name or ""), ``label`` (a settlement),
        ``centroid_lat, centroid_lon`` (degrees), and ``rank`` (1 = most
        incidents: :func:`rank_hotspots`), ``locations`` (distinct incident
        locations; 1 for stacked data), ``span_km`` (diameter of the smallest
        circle holding them), ``chained`` (True when it spans more than
        :data:`CHAIN_SPAN_EPS` times ``eps_m`` or holds most incidents).
        Hotspots keep DBSCAN's numbering (scikit-learn's: order of their
        first core incident), so the ids equal
        ``sklearn.cluster.DBSCAN``'s labels on the clustered rows; reports and
        maps name them by rank. ``notes`` holds a warning for every hotspot
        that spans more than :data:`CHAIN_SPAN_EPS` times ``eps_m`` or holds
        most of the incidents (each also issued as a ``UserWarning``).

    Raises
    ------
    CRSError
        If ``incidents`` has no CRS.
    IncidentError
        If geometries are not points (naming the rows), coordinates are invalid,
        or parameters or weights are bad (all problems in one message).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point
    >>> frame = gpd.GeoDataFrame(
    ...     {"precision": [1, 1, 1, 3]},
    ...     geometry=[Point(44.39, 35.47)] * 4, crs=4326, index=[10, 11, 12, 13])
    >>> result = find_hotspots(frame, min_samples=3, gazetteer=False)
    >>> result.incidents["cluster_status"].tolist()
    ['clustered', 'clustered', 'clustered', 'excluded: coarse location']
    >>> result.excluded
    {'coarse location': 1, 'no geometry': 0}
    """
    incidents = _check_incidents(incidents)
    if method not in METHODS:
        raise ValueError(f"method={method!r} is not one of {', '.join(METHODS)}")
    _check_engine(engine, window_days)
    problems: list[str] = []
    _check_params(eps_m, min_samples, window_days, buffer_m, problems)
    w = _weights(incidents, weights, problems)
    if method == "hdbscan":
        if window_days is not None:
            problems.append("method='hdbscan' clusters in space only: drop window_days")
        if weights is not None:
            problems.append("method='hdbscan' takes no weights: drop weights")
    if problems:
        raise IncidentError("find_hotspots: " + "; ".join(problems))
    bar = tqdm(total=3, desc="hotspots", disable=not progress, leave=False)
    lon, lat, usable = _points(incidents)
    bad = usable & ~(np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90))
    if bad.any():
        bar.close()
        raise IncidentError(
            f"incidents: {int(bad.sum())} point(s) with NaN or out-of-range coordinates "
            f"(index {list(incidents.index[bad][:10])}); drop them or set their geometry to None"
        )
    status = np.full(len(incidents), "noise", dtype=object)
    status[~usable] = "excluded: no geometry"
    coarse = is_coarse(incidents)  # the overlay's rule too (hotspot._overlay)
    if not include_coarse:
        status[usable & coarse] = "excluded: coarse location"
    t_days = None
    excluded = {
        "coarse location": int((status == "excluded: coarse location").sum()),
        "no geometry": int((~usable).sum()),
    }
    if window_days is not None:
        if "date" not in incidents.columns or not pd.api.types.is_datetime64_any_dtype(
            incidents["date"]
        ):
            bar.close()
            raise IncidentError(
                "find_hotspots: window_days needs a datetime 'date' column in incidents"
            )
        dates = incidents["date"]
        no_date = dates.isna().to_numpy() & (status == "noise")
        status[no_date] = "excluded: no date"
        excluded["no date"] = int(no_date.sum())
        t_days = ((dates - dates.min()) / pd.Timedelta(days=1)).to_numpy(dtype=float)
    take = status == "noise"
    bar.update(1)

    if method == "hdbscan":
        fit_labels, fit_core = _fit_hdbscan(lat[take], lon[take], min_samples=int(min_samples))
    elif engine == "sklearn":
        fit = _fit_sklearn(
            lat[take],
            lon[take],
            None if w is None else w[take],
            eps_m=float(eps_m),
            min_samples=int(min_samples),
        )
    else:
        fit = _fit(
            lat[take],
            lon[take],
            None if t_days is None else t_days[take],
            None if w is None else w[take],
            eps_m=float(eps_m),
            window=None if window_days is None else float(window_days),
            min_samples=int(min_samples),
        )
    if method != "hdbscan":
        fit_labels, fit_core = fit.labels, fit.is_core
    hotspot = np.full(len(incidents), -1, dtype=np.int64)
    is_core = np.zeros(len(incidents), dtype=bool)
    hotspot[take] = fit_labels
    is_core[take] = fit_core
    status[take & (hotspot >= 0)] = "clustered"
    bar.update(1)

    out = incidents.copy()
    out["hotspot"] = hotspot
    out["cluster_status"] = pd.array(status.tolist(), dtype="string")
    out["is_core"] = is_core
    clustered = hotspot >= 0
    buffer = float(eps_m) / 2 if buffer_m is None else float(buffer_m)
    table = _hotspot_table(
        incidents.loc[clustered],
        lon[clustered],
        lat[clustered],
        hotspot[clustered],
        buffer,
        _load_places(gazetteer),
        incidents.crs,
    )
    bar.update(1)
    bar.close()
    considered = int(((status == "clustered") | (status == "noise")).sum())
    if len(table):
        long, most = _chain_flags(table, considered, float(eps_m))
        table.insert(table.columns.get_loc("span_km") + 1, "chained", long | most)
    else:
        table.insert(table.columns.get_loc("span_km") + 1, "chained", np.zeros(0, dtype=bool))
    notes: list[str] = []
    if method == "dbscan" and len(table):
        knee: list[float] = []

        def knee_m() -> float:  # computed only for a warning, once
            if not knee:
                knee.append(
                    k_distance(incidents, k=int(min_samples), include_coarse=include_coarse).knee_m
                )
            return knee[0]

        notes = _chain_notes(
            table,
            considered,
            eps_m=float(eps_m),
            min_samples=int(min_samples),
            knee=knee_m,
        )
        for note in notes:
            warnings.warn(note, UserWarning, stacklevel=2)
    params = {
        "method": method,
        "eps_m": eps_m,
        "min_samples": min_samples,
        "engine": engine,
        "window_days": window_days,
        "weights": weights if weights is None or isinstance(weights, str) else "array",
        "include_coarse": include_coarse,
        "buffer_m": buffer,
        "metric_crs": METRIC_CRS,
        "earth_radius_m": EARTH_RADIUS_M,
    }
    return HotspotResult(
        incidents=out, hotspots=table, params=params, excluded=excluded, notes=tuple(notes)
    )


# ----------------------------------------------------------------------------
# choosing eps


@dataclass(frozen=True)
class KDistance:
    """Sorted k-distances of incidents and the knee of the curve.

    Attributes
    ----------
    distances_m : numpy.ndarray
        For every clustered incident, the great-circle distance in metres to
        its k-th nearest incident counting itself (so an incident is a core
        point for ``min_samples=k`` exactly when this is ``<= eps_m``), sorted
        ascending.
    knee_m : float
        The distance at the knee (kneedle), a candidate ``eps_m``; NaN when the
        curve has no knee.
    knee_index : int
        Position of the knee in ``distances_m`` (-1 when there is none).
    k : int
        The k used.
    """

    distances_m: np.ndarray
    knee_m: float
    knee_index: int
    k: int


def _knee(y: np.ndarray) -> int:
    """Kneedle (Satopää et al. 2011) on an increasing convex curve, no smoothing."""
    if y.size < 3 or y[-1] == y[0]:
        return -1
    x = np.linspace(0.0, 1.0, y.size)
    yn = (y - y[0]) / (y[-1] - y[0])
    diff = x - yn
    i = int(np.argmax(diff))
    return i if diff[i] > 0 else -1


def k_distance(incidents: gpd.GeoDataFrame, *, k: int, include_coarse: bool = False) -> KDistance:
    """Return the sorted k-th-nearest-neighbour distances and their knee.

    Stacked incidents (same coordinates) count one by one: an incident with
    ``k - 1`` others on its point has k-distance 0.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Points in any CRS; rows without geometry (and coarse rows unless
        ``include_coarse``) are left out as in :func:`find_hotspots`.
    k : int
        Neighbour rank, the incident itself counting as the first; use the
        ``min_samples`` you intend to pass to :func:`find_hotspots`.
    include_coarse : bool, default False
        Keep rows with ``precision == 3``.

    Returns
    -------
    KDistance
        ``distances_m`` (sorted, metres), ``knee_m``, ``knee_index`` and ``k``.

    Raises
    ------
    IncidentError
        If ``k`` is not an integer >= 1 or there are fewer than ``k`` usable incidents.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point
    >>> frame = gpd.GeoDataFrame(geometry=[Point(44, 35), Point(44, 35), Point(44, 35.01)],
    ...                          crs=4326)
    >>> [round(d) for d in k_distance(frame, k=2).distances_m]
    [0, 0, 1112]
    """
    incidents = _check_incidents(incidents)
    if isinstance(k, bool) or not isinstance(k, Integral) or k < 1:
        raise IncidentError(f"k must be an integer >= 1, got {k!r}")
    lon, lat, usable = _points(incidents)
    usable &= np.isfinite(lon) & np.isfinite(lat)
    if not include_coarse:
        usable &= ~is_coarse(incidents)
    if usable.sum() < k:
        raise IncidentError(f"k={k} but only {int(usable.sum())} usable incidents")
    coords = np.column_stack([lat[usable], lon[usable]])
    uniq, inverse, mult = np.unique(coords, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    xyz = unit_vectors(np.radians(uniq[:, 0]), np.radians(uniq[:, 1]))
    kk = min(k, len(uniq))
    chord, idx = cKDTree(xyz).query(xyz, k=kk)
    chord, idx = chord.reshape(len(uniq), kk), idx.reshape(len(uniq), kk)
    reached = np.cumsum(mult[idx], axis=1) >= k
    first = np.argmax(reached, axis=1)
    per_unique = m_from_chord(chord[np.arange(len(uniq)), first])
    distances = np.sort(np.asarray(per_unique)[inverse])
    i = _knee(distances)
    return KDistance(
        distances_m=distances,
        knee_m=float(distances[i]) if i >= 0 else math.nan,
        knee_index=i,
        k=int(k),
    )


def plot_k_distance(
    incidents: gpd.GeoDataFrame, *, k: int, include_coarse: bool = False, ax: Any = None
) -> Any:
    """Plot the sorted k-distance curve with its knee (needs matplotlib).

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        As for :func:`k_distance`.
    k : int
        Neighbour rank (the intended ``min_samples``).
    include_coarse : bool, default False
        Keep rows with ``precision == 3``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes with the curve (metres) and the knee marked.

    Raises
    ------
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point
    >>> frame = gpd.GeoDataFrame(geometry=[Point(44, 35)] * 3, crs=4326)
    >>> ax = plot_k_distance(frame, k=2)  # doctest: +SKIP
    """
    try:  # lazy: matplotlib is optional and slow to import
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("plot_k_distance needs matplotlib: pip install matplotlib") from exc
    result = k_distance(incidents, k=k, include_coarse=include_coarse)
    if ax is None:
        _, ax = plt.subplots()
    ax.plot(np.arange(result.distances_m.size), result.distances_m, lw=1.5)
    if result.knee_index >= 0:
        ax.axhline(result.knee_m, color="tab:red", ls="--", lw=1)
        ax.annotate(
            f"knee ≈ {result.knee_m:,.0f} m",
            (result.knee_index, result.knee_m),
            textcoords="offset points",
            xytext=(-10, 10),
            ha="right",
        )
    ax.set_xlabel("incidents, sorted")
    ax.set_ylabel(f"distance to {k}-th nearest incident (m)")
    return ax
