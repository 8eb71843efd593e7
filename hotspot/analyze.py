"""The main job: incidents → hotspots → vacuum zones → overlay → briefing outputs.

:func:`analyze` runs the whole pipeline on an incident file (ACLED, UCDP GED,
any CSV/GeoJSON/GeoPackage with coordinates or place names, or news reports as
``.txt``) or, with no input, on the bundled synthetic sample. The
:class:`Analysis` it returns renders in Jupyter and writes every output with
:meth:`Analysis.write`.

Examples
--------
>>> result = analyze(eps_m=5000, min_samples=10)  # the bundled synthetic sample
>>> result.hotspots.hotspots.crs.to_epsg(), len(result.hotspots.hotspots) > 0
(4326, True)
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from hotspot.boundaries import load_control_lines, load_disputed_territories
from hotspot.export import is_schematic
from hotspot.gaps import GapResult, find_gaps
from hotspot.hotspots import HotspotResult, find_hotspots

__all__ = ["OUTPUTS", "Analysis", "analyze", "load_input"]

#: Files written by :meth:`Analysis.write`, with what each holds.
OUTPUTS: dict[str, str] = {
    "incidents.geojson": "incidents with their hotspot label and cluster status",
    "hotspots.geojson": "hotspot polygons with statistics",
    "vacuum_zones.geojson": "security-vacuum zones with area, widths and incident rate",
    "gaps_profile.csv": "width profile along the front, one station every 500 m",
    "gaps_profile.geojson": "the profile stations as points",
    "gaps_segments.geojson": "stretches of the front by width class",
    "disputed_territories.geojson": "disputed-territory polygons (schematic when bundled)",
    "control_lines.geojson": "federal and KRG control lines (schematic when bundled)",
    "analysis.gpkg": "every layer in one GeoPackage with QGIS styles embedded",
    "briefing_map.html": "self-contained offline briefing map",
    "briefing_map.png": "the briefing map as a PNG for slides (needs Chromium)",
    "summary.txt": "top hotspots, vacuum zones and the rate ratio in plain text",
}

_REPORT_SUFFIXES = {".txt", ".md"}


def load_input(source: str | PathLike[str] | Iterable[str | PathLike[str]] | None = None):
    """Read incidents for the pipeline: a table, a vector file or news reports.

    Parameters
    ----------
    source : path, iterable of paths, GeoDataFrame or None
        ``None``: the bundled synthetic sample. ``.txt``/``.md`` files are read
        as news reports (one incident per event sentence); anything else through
        :func:`hotspot.incidents.read_incidents`.

    Returns
    -------
    tuple of (geopandas.GeoDataFrame, str)
        The incidents (EPSG:4326) and a description of where they came from.

    Raises
    ------
    FileNotFoundError
        If a named file does not exist.
    """
    from hotspot.incidents import read_incidents
    from hotspot.reports import incidents_from_reports
    from hotspot.sample import load_sample_incidents

    if source is None:
        return load_sample_incidents(), "bundled synthetic sample (hotspot.sample; not real events)"
    if isinstance(source, pd.DataFrame):
        return read_incidents(source), "DataFrame"
    paths = [Path(source)] if isinstance(source, (str, PathLike)) else [Path(p) for p in source]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"incident file(s) not found: {', '.join(missing)}")
    if all(p.suffix.lower() in _REPORT_SUFFIXES for p in paths):
        return incidents_from_reports(paths), f"{len(paths)} report(s): " + ", ".join(
            p.name for p in paths
        )
    if len(paths) != 1:
        raise ValueError(
            "give one incident table, or only .txt/.md news reports; got "
            + ", ".join(map(str, paths))
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_incidents(paths[0])
    for warning in caught:  # keep the readers' row reports, blamed on our caller
        warnings.warn(str(warning.message), warning.category, stacklevel=3)
    return frame, paths[0].name


@dataclass(frozen=True)
class Analysis:
    """Everything one run of the pipeline produced.

    Attributes
    ----------
    incidents : geopandas.GeoDataFrame
        The input incidents (EPSG:4326) with ``hotspot`` and ``cluster_status``.
    hotspots : HotspotResult
        The clustering result (``.hotspots`` holds the polygons).
    gaps : GapResult
        Vacuum zones, width profile and the incident overlay.
    territories, control_lines : geopandas.GeoDataFrame
        The boundary layers used.
    source : str
        Where the incidents came from.
    params : dict
        The parameters of the run.
    """

    incidents: gpd.GeoDataFrame
    hotspots: HotspotResult
    gaps: GapResult
    territories: gpd.GeoDataFrame
    control_lines: gpd.GeoDataFrame
    source: str
    params: dict[str, Any] = field(default_factory=dict)

    def summary(self, *, top: int = 5) -> str:
        """Return a short plain-text briefing summary.

        Parameters
        ----------
        top : int, default 5
            How many hotspots and zones to list.

        Returns
        -------
        str
            Counts, the top hotspots, the vacuum zones and the rate ratio.
        """
        inc = self.incidents
        status = inc["cluster_status"].value_counts()
        lines = [
            f"hotspot analysis of {self.source}",
            f"  incidents: {len(inc)} ("
            + ", ".join(f"{k} {v}" for k, v in status.items())
            + ")"
            + (
                f"; {self.params['outside_period']} outside the period "
                f"{self.params['since'] or '...'} to {self.params['until'] or '...'} left out"
                if self.params.get("outside_period")
                else ""
            ),
            f"  DBSCAN: eps {self.params['eps_m'] / 1000:g} km, min_samples "
            f"{self.params['min_samples']} (great-circle, exact)",
        ]
        hs = self.hotspots.hotspots.sort_values("incidents", ascending=False).head(top)
        lines.append(f"Top hotspots ({len(self.hotspots.hotspots)} in all):")
        for row in hs.itertuples():
            when = (
                f", {str(row.first_date)[:10]} to {str(row.last_date)[:10]}"
                if pd.notna(row.first_date)
                else ""
            )
            lines.append(
                f"  #{row.hotspot} {row.label}: {row.incidents} incidents, "
                f"{_int(row.fatalities)} fatalities, {row.area_km2:.0f} km2{when}"
            )
        zones = self.gaps.zones
        lines.append(f"Security-vacuum zones ({len(zones)}):")
        for row in zones.head(top).itertuples():
            lines.append(
                f"  {row.label}: {row.area_km2:.0f} km2, width {row.width_min_km:.1f}-"
                f"{row.width_max_km:.1f} km (median {row.width_median_km:.1f})"
            )
        overlay = self.gaps.overlay
        if overlay is not None:
            lines.append(
                f"Incident rate inside vs outside the vacuum (within the disputed territories): "
                f"ratio {overlay.rate_ratio:.2f} "
                f"({overlay.conf:.0%} CI {overlay.ci_low:.2f}-{overlay.ci_high:.2f}, "
                f"p = {overlay.p_value:.3g}; {overlay.n_in} in, {overlay.n_out} out; "
                f"{overlay.method})"
            )
            if overlay.since:
                lines.append(
                    f"  (overlay limited to incidents from {overlay.since}"
                    + (" (the control lines' as_of)" if overlay.since == overlay.as_of else "")
                    + f": {overlay.n_outside_period} earlier or undated incidents left out)"
                )
            if self.params.get("overlay_excluded"):
                lines.append(
                    f"  ({self.params['overlay_excluded']} incidents left out of the overlay as "
                    "of the clustering: coarse or missing locations)"
                )
        if is_schematic(self.territories) or is_schematic(self.control_lines):
            lines.append(
                "Caveat: the bundled boundary layers are schematic (approximate); "
                "areas and rates are indicative."
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Analysis of {self.source}: {len(self.incidents)} incidents>"

    def _repr_html_(self) -> str:
        import html

        return "<pre>" + html.escape(self.summary()) + "</pre>"

    def briefing_map(self, **kwargs: Any):
        """Return the folium briefing map of this analysis.

        Parameters
        ----------
        **kwargs
            Passed to :func:`hotspot.maps.briefing_map` (e.g. ``heatmap=True``).

        Returns
        -------
        folium.Map
            The map.
        """
        from hotspot.maps import briefing_map

        options = {
            "title": "ISIS-remnant incidents, hotspots and the security vacuum",
            "as_of": date.today().isoformat(),
            "sources": [self.source, "boundaries: hotspot bundled layers"],
        }
        options.update(kwargs)
        return briefing_map(
            incidents=self.incidents,
            hotspots=self.hotspots.hotspots,
            zones=self.gaps.zones,
            territories=self.territories,
            control_lines=self.control_lines,
            **options,
        )

    def write(
        self,
        out_dir: str | PathLike[str],
        *,
        png: bool = True,
        progress: Callable[[str], None] | None = None,
    ) -> dict[str, Path]:
        """Write every output of :data:`OUTPUTS` into ``out_dir``.

        Parameters
        ----------
        out_dir : str or path-like
            Folder, created when missing; files in it are replaced.
        png : bool, default True
            Render the PNG with headless Chromium (skipped, with a warning, when
            Chromium is not installed).
        progress : callable, optional
            Called with the name of each file before it is written.

        Returns
        -------
        dict of str to pathlib.Path
            File name → path of what was written.
        """
        from hotspot.export import write_geojson, write_geopackage
        from hotspot.maps import find_chromium, map_to_png, save_map

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        step = progress or (lambda _name: None)
        written: dict[str, Path] = {}
        layers = {
            "incidents": self.incidents,
            "hotspots": self.hotspots.hotspots,
            "vacuum_zones": self.gaps.zones,
            "disputed_territories": self.territories,
            "control_lines": self.control_lines,
        }
        for name, layer in layers.items():
            step(f"{name}.geojson")
            written[f"{name}.geojson"] = write_geojson(layer, out / f"{name}.geojson", style=name)
        # zones are written above as vacuum_zones; the overlay is in the summary
        for path in self.gaps.to_files(out, zones=False, overlay=False):
            step(path.name)
            written[path.name] = path
        step("analysis.gpkg")
        written["analysis.gpkg"] = write_geopackage(
            {**layers, "profile": self.gaps.profile}, out / "analysis.gpkg"
        )
        step("briefing_map.html")
        html_path = save_map(self.briefing_map(), out / "briefing_map.html")
        written["briefing_map.html"] = html_path
        if png:
            step("briefing_map.png")
            if find_chromium() is None:
                warnings.warn(
                    "no Chromium found: briefing_map.png not written "
                    "(install it: apt-get install chromium)",
                    stacklevel=2,
                )
            else:
                written["briefing_map.png"] = map_to_png(html_path, out / "briefing_map.png")
        step("summary.txt")
        summary = out / "summary.txt"
        summary.write_text(self.summary() + "\n", encoding="utf-8")
        written["summary.txt"] = summary
        return written


def _in_period(
    frame: gpd.GeoDataFrame, since: str | date | None, until: str | date | None
) -> tuple[gpd.GeoDataFrame, int]:
    """Keep the incidents dated within [since, until] (whole days; undated rows stay).

    Returns the kept rows and how many dated rows fell outside the period.
    Zoned dates count by their local wall-clock day.
    """
    if since is None and until is None:
        return frame, 0
    if "date" not in frame.columns:
        raise ValueError("since/until need a 'date' column in the incidents")
    bounds = {}
    for name, value in (("since", since), ("until", until)):
        if value is not None:
            try:
                stamp = pd.Timestamp(value)
            except (TypeError, ValueError) as exc:
                raise ValueError(
                    f"{name}={value!r} is not a date (expected e.g. 2017-10-16)"
                ) from exc
            bounds[name] = stamp.tz_localize(None) if stamp.tzinfo else stamp
    dates = pd.to_datetime(frame["date"], errors="coerce")
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    outside = pd.Series(False, index=frame.index)
    if "since" in bounds:
        outside |= dates < bounds["since"].normalize()
    if "until" in bounds:
        outside |= dates >= bounds["until"].normalize() + pd.Timedelta(days=1)
    outside &= dates.notna()  # undated rows are kept (and counted by the clustering)
    return frame[~outside.to_numpy()], int(outside.sum())


def _int(value: object) -> str:
    return "n/a" if pd.isna(value) else str(int(value))


def analyze(
    incidents: Any = None,
    *,
    federal: Any = None,
    krg: Any = None,
    eps_m: float = 5000,
    min_samples: int = 10,
    coverage_m: float = 0,
    include_coarse: bool = False,
    since: str | date | None = None,
    until: str | date | None = None,
    progress: Callable[[str], None] | None = None,
) -> Analysis:
    """Run the whole pipeline: read or geocode incidents, hotspots, vacuum zones, overlay.

    Parameters
    ----------
    incidents : path, iterable of paths, DataFrame or None
        See :func:`load_input`; ``None`` uses the bundled synthetic sample.
    federal, krg : GeoDataFrame or path, optional
        Control lines (or controlled-area polygons) of each side; the bundled
        schematic lines when omitted.
    eps_m : float, default 5000
        DBSCAN radius in metres (great circle).
    min_samples : int, default 10
        DBSCAN core-point threshold (incidents within ``eps_m``, itself included).
    coverage_m : float, default 0
        Effective reach of each side beyond its line, in metres.
    include_coarse : bool, default False
        Cluster coarse (district/governorate centroid) locations too.
    since, until : str or date, optional
        Keep only incidents dated in this period (inclusive), e.g. since the
        October 2017 re-deployment that the bundled control lines show. Rows left
        out are counted in ``params["outside_period"]`` and the summary.
    progress : callable, optional
        Called with the name of each step as it starts (the CLI shows a bar).

    Returns
    -------
    Analysis
        Everything the run produced; ``.write(out_dir)`` saves it.
    """
    step = progress or (lambda _name: None)
    step("read incidents")
    frame, source = load_input(incidents)
    frame, outside = _in_period(frame, since, until)
    step("hotspots")
    hotspots = find_hotspots(
        frame, eps_m=eps_m, min_samples=min_samples, include_coarse=include_coarse
    )
    step("vacuum zones")
    territories = load_disputed_territories()
    lines = load_control_lines()
    if federal is not None or krg is not None:
        from hotspot.boundaries import read_control_line

        parts = [
            read_control_line(federal, side="federal")
            if federal is not None
            else lines[lines["side"] == "federal"],
            read_control_line(krg, side="krg")
            if krg is not None
            else lines[lines["side"] == "krg"],
        ]
        lines = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=4326)
    # The one overlay rule (hotspot._overlay): coarse centroids (unless include_coarse)
    # and rows without a point are left out, as in the clustering; only incidents
    # from the control lines' as_of on are counted (the lines describe that period).
    dated_lines = "as_of" in lines.columns and lines["as_of"].notna().any()
    gaps = find_gaps(
        lines[lines["side"] == "federal"],
        lines[lines["side"] == "krg"],
        coverage_m=coverage_m,
        study_area=territories,
        incidents=hotspots.incidents.to_crs(4326),
        hotspots=hotspots.hotspots.to_crs(4326),
        include_coarse=include_coarse,
        since="as_of" if dated_lines else None,
    )
    overlay = gaps.overlay
    params = {
        "eps_m": eps_m,
        "min_samples": min_samples,
        "coverage_m": coverage_m,
        "include_coarse": include_coarse,
        "since": None if since is None else str(since),
        "until": None if until is None else str(until),
        "outside_period": outside,
        "overlay_excluded": overlay.n_no_point + overlay.n_coarse,
    }
    return Analysis(
        incidents=hotspots.incidents.to_crs(4326),
        hotspots=hotspots,
        gaps=gaps,
        territories=territories,
        control_lines=lines,
        source=source,
        params=params,
    )
