"""The main job: incidents → hotspots → vacuum zones → overlay → briefing outputs.

:func:`analyze` runs the whole pipeline on an incident file (ACLED, UCDP GED,
any CSV/GeoJSON/GeoPackage with coordinates or place names, or news reports as
``.txt``) or, with no input, on the bundled synthetic sample. The
:class:`Analysis` it returns renders in Jupyter, prints as a text report
(``str(result)``), summarises as a table (``result.summary()``) and writes every
output with :meth:`Analysis.write`.

No hotspot is a finding, not an error: the analysis and every output are still
made, and the report says so (as it says when no incident falls in the period).

Examples
--------
>>> result = analyze(eps_m=5000, min_samples=10)  # the bundled synthetic sample
>>> result.hotspots.hotspots.crs.to_epsg(), len(result.hotspots.hotspots) > 0
(4326, True)
>>> int(result.summary().loc["hotspots", "value"]) == len(result.hotspots.hotspots)
True
"""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import dataclass, field
from datetime import date as _date
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
from tqdm.auto import tqdm

from hotspot._dates import parse_day, parse_period, read_dates
from hotspot._front import lines_as_of
from hotspot._io import check_inputs, output_run, write_text
from hotspot._layers import is_schematic, to_lonlat
from hotspot._sanitize import html_text, terminal_text
from hotspot.boundaries import load_control_lines, load_disputed_territories, read_control_line
from hotspot.errors import IncidentError
from hotspot.export import layer_qml, style_values, write_geojson, write_geopackage
from hotspot.gaps import GapResult, find_gaps
from hotspot.hotspots import DEFAULT_MIN_SAMPLES, HotspotResult, find_hotspots
from hotspot.incidents import read_incidents
from hotspot.maps.framing import (
    check_tiles,
    dataset_label,
    incident_dates,
    map_sources,
    ranks,
    subtitle,
)
from hotspot.maps.page import briefing_page
from hotspot.maps.render import map_to_png, print_to_pdf
from hotspot.reports import incidents_from_reports
from hotspot.sample import load_sample_incidents

__all__ = [
    "DEFAULT_TITLE",
    "OUTPUTS",
    "Analysis",
    "analyze",
    "check_out_dir",
    "front_lines",
    "input_files",
    "load_input",
]

#: Files written by :meth:`Analysis.write`, with what each holds.
OUTPUTS: dict[str, str] = {
    "incidents.geojson": "incidents with their hotspot label and cluster status",
    "hotspots.geojson": "hotspot polygons with statistics",
    "vacuum_zones.geojson": "security-vacuum zones with area, widths and incident rate",
    "gaps_profile.csv": "width profile along the front, one station every 500 m",
    "gaps_profile.geojson": "the profile stations as points",
    "gaps_segments.geojson": "stretches of the front by width class",
    "disputed_territories.geojson": "disputed territories: Article 140 districts on OCHA units",
    "control_lines.geojson": "federal and KRG control lines (schematic when bundled)",
    "analysis.gpkg": "every layer in one GeoPackage with QGIS styles embedded",
    "briefing_map.html": "self-contained offline briefing map",
    "briefing_map.png": "the briefing map as a PNG for slides (needs Chromium)",
    "briefing.pdf": "one-page briefing: map, top hotspots, vacuum, period, sources (Chromium)",
    "summary.txt": "top hotspots, vacuum zones and the rate ratio in plain text",
}
#: The title of an analysis's map and PDF when none is given (neutral: it names no actor).
DEFAULT_TITLE = "Conflict incidents, hotspots and security-vacuum zones"
#: Outputs that need headless Chromium.
_CHROMIUM_OUTPUTS = ("briefing_map.png", "briefing.pdf")
_LAYERS = ("incidents", "hotspots", "vacuum_zones", "disputed_territories", "control_lines")
# Every name a run may write (QGIS style sidecars, the files of `hotspot gaps`): an
# earlier run's file with one of these names that this run does not write is removed.
_KNOWN = frozenset(
    [
        *OUTPUTS,
        *(f"{name}.qml" for name in _LAYERS),
        "gaps_profile.qml",
        "gaps_zones.geojson",
        "gaps_zones.qml",
        "gaps_overlay.csv",
        "gaps_segments.qml",
    ]
)
_REPORT_SUFFIXES = {".txt", ".md"}
_STEPS = ("read incidents", "hotspots", "vacuum zones")


def _one_line(value: object) -> str:
    """Return data text for the text report: no control characters, on one line."""
    return " ".join(terminal_text(value).split())


def load_input(
    source: Any = None,
    *,
    lat: str | None = None,
    lon: str | None = None,
    date: str | None = None,
    place: str | None = None,
    gazetteer: Any = None,
    dayfirst: bool = True,
    dedupe: bool = False,
) -> tuple[gpd.GeoDataFrame, str]:
    """Read incidents for the pipeline: a table, a vector file or news reports.

    Parameters
    ----------
    source : path, iterable of paths, DataFrame, GeoDataFrame or None
        ``None``: the bundled synthetic sample. ``.txt``/``.md`` files are read
        as news reports (one incident per event); anything else through
        :func:`hotspot.incidents.read_incidents`. A GeoDataFrame that a hotspot
        reader or :func:`hotspot.datasets.get` returned is used as it is and
        described by its ``attrs["dataset"]`` (e.g. "UCDP GED 19.1").
    lat, lon, date, place : str, optional
        Column names of a table, passed to
        :func:`~hotspot.incidents.read_incidents` (by default the usual names
        are tried).
    gazetteer : Geocoder or DataFrame, optional
        Places to geocode place names against (e.g. the bundled gazetteer
        extended with a user location list); default the bundled gazetteer.
    dayfirst : bool, default True
        Read ``03/12/2023`` as 3 December (``False``: 12 March).
    dedupe : bool, default False
        Drop rows that repeat an earlier row exactly (tables only).

    Returns
    -------
    tuple of (geopandas.GeoDataFrame, str)
        The incidents (EPSG:4326) and a description of where they came from.

    Raises
    ------
    FileNotFoundError
        If a named file does not exist.
    IncidentError
        If a table has rows but no date in any of them (the message lists the
        columns found: name the date column with ``date=``).
    """
    if source is None:
        return load_sample_incidents(), "bundled synthetic sample (hotspot.sample; not real events)"
    if isinstance(source, gpd.GeoDataFrame) and "hotspot_report" in source.attrs:
        # already read by a hotspot reader or dataset loader (hotspot.datasets.get): as it is
        meta = source.attrs.get("dataset") or {}
        label = " ".join(str(meta[k]) for k in ("name", "version") if meta.get(k))
        label = label or str(source.attrs["hotspot_report"].get("source", "GeoDataFrame"))
        return source, label + (" (SYNTHETIC: not real events)" if meta.get("synthetic") else "")
    options: dict[str, Any] = {
        "lat": lat,
        "lon": lon,
        "date": date,
        "place": place,
        "dayfirst": dayfirst,
        "dedupe": dedupe,
    }
    if gazetteer is not None:
        options["geocode_kwargs"] = {"gazetteer": gazetteer}
    if isinstance(source, pd.DataFrame):
        frame = read_incidents(source, **options)
        _check_dates(frame, "the DataFrame", list(source.columns), given=date)
        return frame, "DataFrame"
    paths = [Path(source)] if isinstance(source, (str, PathLike)) else [Path(p) for p in source]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"incident file(s) not found: {', '.join(missing)}")
    if all(p.suffix.lower() in _REPORT_SUFFIXES for p in paths):
        extra = {} if gazetteer is None else {"extract_kwargs": {"gazetteer": gazetteer}}
        return incidents_from_reports(paths, **extra), f"{len(paths)} report(s): " + ", ".join(
            p.name for p in paths
        )
    if len(paths) != 1:
        raise ValueError(
            "give one incident table, or only .txt/.md news reports; got "
            + ", ".join(map(str, paths))
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_incidents(paths[0], **options)
    for warning in caught:  # keep the readers' row reports, blamed on our caller
        warnings.warn(str(warning.message), warning.category, stacklevel=3)
    _check_dates(frame, str(paths[0]), lambda: _columns_of(paths[0]), given=date)
    return frame, paths[0].name


def _columns_of(path: Path) -> list[str]:
    """Column names of a table file (the header of a CSV, the fields of a vector file)."""
    try:
        if path.suffix.lower() in (".csv", ".tsv", ".txt"):
            return [str(c) for c in pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns]
        return [str(c) for c in pyogrio.read_info(path)["fields"]]
    except Exception:  # only used to word an error message
        return []


def _check_dates(frame: gpd.GeoDataFrame, origin: str, columns: Any, *, given: str | None) -> None:
    """Refuse a table in which no row has a date: the date column was not found."""
    if not len(frame) or frame["date"].notna().any():
        return
    names = columns() if callable(columns) else columns
    found = ", ".join(map(str, names)) if names else "none readable"
    hint = (
        f"the column {given!r} holds no readable date" if given else "no date column was recognised"
    )
    raise IncidentError(
        f"{origin}: no row has a date ({hint}); columns found: {found}; name the date column "
        "with --date-column (date= in the API); expected dates such as 2023-12-03 or 03/12/2023"
    )


@dataclass(frozen=True)
class Analysis:
    """Everything one run of the pipeline produced.

    ``str(analysis)`` is the plain-text report (also ``summary.txt``);
    :meth:`summary` gives the headline figures as a table.

    Attributes
    ----------
    incidents : geopandas.GeoDataFrame
        The input incidents (EPSG:4326) with ``hotspot`` and ``cluster_status``.
    hotspots : HotspotResult
        The clustering result (``.hotspots`` holds the polygons; may be empty).
    gaps : GapResult
        Vacuum zones, width profile and the incident overlay.
    territories, control_lines : geopandas.GeoDataFrame
        The boundary layers used.
    source : str
        Where the incidents came from.
    params : dict
        The parameters of the run.
    notes : tuple of str
        Findings about the input worth stating (no incident in the period, an
        input with no rows, no located incident for the overlay).
    inputs : tuple of pathlib.Path
        The files the run read (incidents, control lines, gazetteer):
        :meth:`write` never overwrites or removes one of them.
    """

    incidents: gpd.GeoDataFrame
    hotspots: HotspotResult
    gaps: GapResult
    territories: gpd.GeoDataFrame
    control_lines: gpd.GeoDataFrame
    source: str
    params: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    inputs: tuple[Path, ...] = ()

    def summary(self) -> pd.DataFrame:
        """Return the headline figures of the run as a table.

        Returns
        -------
        pandas.DataFrame
            One ``value`` column (float; NaN when not applicable) indexed by item:
            ``incidents``, one row per cluster status, ``outside period``,
            ``hotspots``, ``largest hotspot``, ``vacuum zones``,
            ``vacuum area km2``, ``rate ratio``, ``ci low``, ``ci high``,
            ``p value``, ``incidents inside vacuum``, ``incidents outside vacuum``.

        Examples
        --------
        >>> r = analyze(eps_m=5000, min_samples=10)
        >>> r.summary().loc[["incidents", "hotspots"], "value"].gt(0).all()
        np.True_
        """
        counts = self.hotspots.summary()["count"]
        items: dict[str, float] = {"incidents": float(len(self.incidents))}
        for name, value in counts.drop(["incidents", "hotspots", "largest hotspot"]).items():
            items[str(name)] = float(value)
        items["outside period"] = float(self.params.get("outside_period", 0))
        items["hotspots"] = float(counts["hotspots"])
        items["largest hotspot"] = float(counts["largest hotspot"])
        zones = self.gaps.zones
        items["vacuum zones"] = float(len(zones))
        items["vacuum area km2"] = float(zones["area_km2"].sum()) if len(zones) else 0.0
        o = self.gaps.overlay
        nan = float("nan")
        items["rate ratio"] = nan if o is None else float(o.rate_ratio)
        items["ci low"] = nan if o is None else float(o.ci_low)
        items["ci high"] = nan if o is None else float(o.ci_high)
        items["p value"] = nan if o is None else float(o.p_value)
        items["incidents inside vacuum"] = nan if o is None else float(o.n_in)
        items["incidents outside vacuum"] = nan if o is None else float(o.n_out)
        table = pd.DataFrame({"value": pd.Series(items, dtype="float64")})
        table.index.name = "item"
        return table

    def report(self, *, top: int = 5) -> str:
        """Return the plain-text briefing report (``str(analysis)`` uses ``top=5``).

        Parameters
        ----------
        top : int, default 5
            How many hotspots and zones to list.

        Returns
        -------
        str
            Counts, the top hotspots (or "No hotspot"), the vacuum zones, the
            rate ratio, notes and caveats. Text from the data is printed without
            control characters, each on one line.
        """
        inc = self.incidents
        params = self.params
        status = inc["cluster_status"].value_counts()
        first, last = self.period()
        lines = [
            f"hotspot analysis of {_one_line(self.source)}",
            f"  period: {first or 'n/a'} to {last or 'n/a'}; as of {self.as_of() or 'n/a'}",
            f"  incidents: {len(inc)}"
            + (" (" + ", ".join(f"{k} {v}" for k, v in status.items()) + ")" if len(inc) else "")
            + (
                f"; {params['outside_period']} outside the period "
                f"{params['since'] or '...'} to {params['until'] or '...'} left out"
                if params.get("outside_period")
                else ""
            ),
            f"  DBSCAN: eps {params['eps_m'] / 1000:g} km, min_samples "
            f"{params['min_samples']} (great-circle, exact)",
        ]
        if params.get("duplicate_rows"):
            lines.insert(
                2,
                f"  {params['duplicate_rows']} input row(s) repeat an earlier row exactly: "
                + (
                    "dropped (dedupe)"
                    if params.get("dedupe")
                    else "counted twice (--dedupe drops them)"
                ),
            )
        table = self.hotspots.hotspots
        if len(table):
            ranks = self.hotspot_ranks()
            lines.append(f"Top hotspots by rank ({len(table)} in all; #1 has the most incidents):")
            for index in ranks.sort_values().index[:top]:
                row = table.loc[index]
                when = (
                    f", {str(row['first_date'])[:10]} to {str(row['last_date'])[:10]}"
                    if pd.notna(row["first_date"])
                    else ""
                )
                places = ""
                if "locations" in row and pd.notna(row["locations"]):
                    n = int(row["locations"])
                    places = f" around {n} distinct location{'s' if n != 1 else ''}"
                lines.append(
                    f"  #{ranks[index]} {_one_line(row['label'])}: {row['incidents']} incidents, "
                    f"{_int(row['fatalities'])} fatalities, {row['area_km2']:.0f} km2{places}"
                    f"{when} (cluster {row['hotspot']})"
                )
        else:
            lines.append(
                f"No hotspot: no place has {params['min_samples']} or more incidents within "
                f"{params['eps_m'] / 1000:g} km of each other (a finding, not an error)."
            )
        zones = self.gaps.zones
        lines.append(f"Security-vacuum zones ({len(zones)}):")
        for row in zones.head(top).itertuples():
            lines.append(
                f"  {_one_line(row.label)}: {row.area_km2:.0f} km2, width "
                f"{row.width_min_km:.1f}-{row.width_max_km:.1f} km "
                f"(median {row.width_median_km:.1f})"
            )
        overlay = self.gaps.overlay
        if overlay is not None and overlay.n_in + overlay.n_out == 0:
            lines.append(
                "Incident rate inside vs outside the vacuum: no incident counted"
                + (
                    f" (none dated from {overlay.since}, the control lines' as_of, on)"
                    if overlay.since
                    else ""
                )
                + ", no ratio"
            )
        elif overlay is not None:
            lines.append(
                f"Incident rate inside vs outside the vacuum (within the disputed territories): "
                f"ratio {overlay.rate_ratio:.2f} "
                f"({overlay.conf:.0%} CI {overlay.ci_low:.2f}-{overlay.ci_high:.2f}, "
                f"p = {overlay.p_value:.3g}; {overlay.n_in} in, {overlay.n_out} out; "
                f"{overlay.method})"
                + (
                    f"; no significant difference at {overlay.conf:.0%}"
                    if not overlay.p_value < 1 - overlay.conf
                    else ""
                )
            )
            if overlay.since:
                lines.append(
                    f"  (overlay limited to incidents from {overlay.since}"
                    + (" (the control lines' as_of)" if overlay.since == overlay.as_of else "")
                    + f": {overlay.n_outside_period} earlier or undated incidents left out)"
                )
            if self.gaps.params.get("as_of_unreadable"):
                bad = self.gaps.params["as_of_unreadable"]
                lines.append(
                    f"  (the control lines state no readable date: {_one_line(bad[0])}"
                    + (f" and {len(bad) - 1} more" if len(bad) > 1 else "")
                    + "; the overlay counts incidents of every date)"
                )
            if params.get("overlay_excluded"):
                lines.append(
                    f"  ({params['overlay_excluded']} incidents left out of the overlay as "
                    "of the clustering: coarse or missing locations)"
                )
            if overlay.caution:
                lines.append(f"  Caution: the ratio is {overlay.caution}.")
        else:
            lines.append(
                "Incident rate inside vs outside the vacuum: no located incident, no ratio"
            )
        lines.extend(f"Note: {_one_line(note)}" for note in self.notes)
        schematic = [
            name
            for name, layer in (
                ("disputed territories", self.territories),
                ("control lines", self.control_lines),
            )
            if is_schematic(layer)
        ]
        if schematic:
            lines.append(
                f"Caveat: the {' and the '.join(schematic)} are schematic (approximate); "
                "vacuum areas and rates are indicative."
            )
        lines.append("Sources: " + "; ".join(_one_line(s) for s in self.sources()))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()

    def __repr__(self) -> str:
        return (
            f"<Analysis of {_one_line(self.source)}: {len(self.incidents)} incidents, "
            f"{len(self.hotspots.hotspots)} hotspots>"
        )

    def _repr_html_(self) -> str:
        return "<pre>" + html_text(self.report()) + "</pre>"

    def hotspot_ranks(self) -> pd.Series:
        """Return each hotspot's rank (1 = most incidents), as in the map, PDF and summary.

        Returns
        -------
        pandas.Series
            Aligned with ``self.hotspots.hotspots`` (its ``rank`` column when it has one).
        """
        return ranks(self.hotspots.hotspots)

    def period(self) -> tuple[str | None, str | None]:
        """Return the period of the analysis: ``since``/``until``, else the data's dates.

        Returns
        -------
        tuple of (str or None, str or None)
            First and last day, ISO ``YYYY-MM-DD`` (None when unknown).
        """
        dates = incident_dates(self.incidents)
        first = self.params.get("since") or (f"{dates.min():%Y-%m-%d}" if len(dates) else None)
        last = self.params.get("until") or (f"{dates.max():%Y-%m-%d}" if len(dates) else None)
        return (
            None if first is None else str(first)[:10],
            None if last is None else str(last)[:10],
        )

    def as_of(self) -> str | None:
        """Return the date the analysis is "as of": ``as_of`` of the run, else the last incident.

        Never today's date: the data say how recent the picture is.

        Returns
        -------
        str or None
            ISO day, or None when no incident has a date.
        """
        given = self.params.get("as_of")
        if given:
            return str(given)
        dates = incident_dates(self.incidents)
        return f"{dates.max():%Y-%m-%d}" if len(dates) else None

    def _data_sources(self, sources: Any = None) -> list[str] | None:
        """Return the lines naming the data: given ones, the run's, else None (attrs)."""
        data = sources if sources is not None else self.params.get("sources")
        if data is None and dataset_label(self.incidents) is None:
            data = [f"Incidents: {self.source}"]
        return None if data is None else [str(s) for s in _lines(data)]

    def sources(self, sources: Any = None, *, tiles: str | None = None) -> list[str]:
        """Return the "Sources" lines: the dataset and version, the boundary and context layers.

        Parameters
        ----------
        sources : iterable of str, optional
            Lines naming the data instead of the incidents' ``attrs["dataset"]``
            (default: ``sources`` of the run).
        tiles : str, optional
            An online basemap used by the map.

        Returns
        -------
        list of str
        """
        return map_sources(
            self.incidents,
            data=self._data_sources(sources),
            control_lines=self.control_lines,
            territories=self.territories,
            tiles=tiles,
        )

    def _framing(self, title: Any, as_of: Any, sources: Any, tiles: str | None) -> dict:
        first, last = self.period()
        return {
            "title": title or self.params.get("title") or DEFAULT_TITLE,
            "as_of": str(as_of) if as_of else self.as_of(),
            "sources": self.sources(sources, tiles=tiles),
            "period": f"{first} to {last}" if first and last else None,
        }

    def briefing_map(self, **kwargs: Any):
        """Return the folium briefing map of this analysis.

        Parameters
        ----------
        **kwargs
            Passed to :func:`hotspot.maps.briefing_map` (e.g. ``heatmap=True``,
            ``time_slider=True``, ``tiles="OpenStreetMap"``). ``title``,
            ``as_of`` and ``sources`` default to those of the run: a neutral
            title, the last incident date, the dataset and version (e.g.
            "UCDP GED 19.1") and the boundary sources.

        Returns
        -------
        folium.Map
            A :class:`hotspot.maps.Map` (offline in Jupyter too).
        """
        # folium is imported on first use only: the analysis and its report need no map
        from hotspot.maps.briefing import briefing_map

        framing = self._framing(
            kwargs.pop("title", None),
            kwargs.pop("as_of", None),
            kwargs.get("sources"),
            kwargs.get("tiles"),
        )
        # the map adds the boundary and context sources itself
        framing["sources"] = self._data_sources(kwargs.pop("sources", None))
        framing["caveats"] = [*self._hotspot_caveats(), *kwargs.pop("caveats", ())]
        framing.update(kwargs)
        return briefing_map(
            incidents=self.incidents,
            hotspots=self.hotspots.hotspots,
            zones=self.gaps.zones,
            territories=self.territories,
            control_lines=self.control_lines,
            **framing,
        )

    def _hotspot_caveats(self) -> list[str]:
        """Return the caveat on hotspots flagged as likely chains (``chained``), if any."""
        table = self.hotspots.hotspots
        if "chained" not in table.columns or not table["chained"].any():
            return []
        flagged = table[table["chained"].astype(bool)].sort_values("rank")
        ranks = ", ".join(f"#{r}" for r in flagged["rank"])
        several = len(flagged) > 1
        return [
            f"Hotspot{'s' if several else ''} {ranks} span{'' if several else 's'} up to "
            f"{flagged['span_km'].max():,.0f} km: probably several hotspots chained together "
            "(see summary.txt)."
        ]

    def _pdf_text(self) -> dict[str, Any]:
        """Return the vacuum lines, notes and method line of the one-page briefing."""
        params = self.params
        zones = self.gaps.zones
        vacuum = []
        if len(zones):
            vacuum.append(
                f"{len(zones)} zones between the federal and KRG lines, "
                f"{zones['area_km2'].sum():,.0f} km² in all"
            )
            for row in zones.sort_values("area_km2", ascending=False).head(2).itertuples():
                vacuum.append(
                    f"{_one_line(row.label)}: {row.area_km2:,.0f} km², width "
                    f"{row.width_min_km:.1f}–{row.width_max_km:.1f} km"
                )
        else:
            vacuum.append("No gap between the control lines wider than the threshold.")
        overlay = self.gaps.overlay
        if overlay is not None and overlay.n_in + overlay.n_out == 0:
            vacuum.append(
                "Incident rate inside vs outside the vacuum: no incident counted"
                + (f" (none dated from {overlay.since} on)" if overlay.since else "")
                + ", no ratio."
            )
        elif overlay is not None:
            vacuum.append(
                f"Incident rate inside vs outside the vacuum (disputed territories): "
                f"{overlay.rate_ratio:.2f} ({overlay.conf:.0%} CI {overlay.ci_low:.2f}–"
                f"{overlay.ci_high:.2f}; {overlay.n_in} in, {overlay.n_out} out"
                + (f"; incidents from {overlay.since}" if overlay.since else "")
                + ")"
            )
            if overlay.caution:
                vacuum.append(f"Caution: the ratio is {_one_line(overlay.caution)}.")
        # The chain warnings are a caveat line of the page; the notes are the rest.
        notes = [_one_line(n) for n in self.notes if n not in self.hotspots.notes]
        if params.get("outside_period"):
            notes.append(f"{params['outside_period']:,} incidents outside the period left out.")
        excluded = len(self.incidents) - int(
            self.incidents["cluster_status"].isin(["clustered", "noise"]).sum()
        )
        if excluded:
            notes.append(f"{excluded:,} incidents with a coarse or no location are not clustered.")
        method = (
            f"DBSCAN on great-circle distances: eps {params['eps_m'] / 1000:g} km, "
            f"min_samples {params['min_samples']}. Rank 1 = most incidents."
        )
        no_hotspot = (
            f"No hotspot: no place has {params['min_samples']} or more incidents within "
            f"{params['eps_m'] / 1000:g} km of each other (a finding, not an error)."
        )
        return {"vacuum": vacuum, "notes": notes, "method": method, "no_hotspot": no_hotspot}

    def briefing_pdf(
        self,
        path: str | PathLike[str],
        *,
        map_png: str | PathLike[str] | None = None,
        timeout: float | None = None,
        **map_kwargs: Any,
    ) -> Path:
        """Write the one-page briefing PDF: map, top hotspots, vacuum, period and sources.

        Parameters
        ----------
        path : str or path-like
            Output ``.pdf`` (replaced atomically).
        map_png : str or path-like, optional
            A PNG of the map to use; by default the map is rendered in its
            ``bare`` print mode (map and legend).
        timeout : float, optional
            Seconds Chromium may take for each of the map and the page.
        **map_kwargs
            Passed to :meth:`briefing_map` (``title``, ``as_of``, ``sources``,
            ``heatmap``, ``tiles`` …).

        Returns
        -------
        pathlib.Path
            The PDF.

        Raises
        ------
        FileNotFoundError
            If Chromium is not found.
        RuntimeError
            If Chromium failed or timed out.
        """
        # folium is imported on first use only (the map is drawn with it)
        from hotspot.maps.briefing import legend_markup, save_map

        m = self.briefing_map(**map_kwargs)
        framing = self._framing(
            map_kwargs.get("title"),
            map_kwargs.get("as_of"),
            map_kwargs.get("sources"),
            map_kwargs.get("tiles"),
        )
        caveats = self._hotspot_caveats()
        if is_schematic(self.territories) or is_schematic(self.control_lines):
            caveats.append(
                "Control lines are schematic (approximate, not for navigation); areas and "
                "rates are indicative."
            )
        with tempfile.TemporaryDirectory(prefix="hotspot-pdf-") as tmp:
            folder = Path(tmp)
            if map_png is None:
                html_path = save_map(m, folder / "map.html")
                map_png = map_to_png(
                    html_path,
                    folder / "map.png",
                    width=840,
                    height=565,
                    scale=2,
                    mode="bare",
                    timeout=timeout,
                    network=map_kwargs.get("tiles") is not None,
                )
            page = briefing_page(
                map_png,
                title=framing["title"],
                subtitle=subtitle(
                    self.incidents,
                    label=dataset_label(self.incidents),
                    period=framing["period"],
                    as_of=framing["as_of"],
                ),
                hotspots=self.hotspots.hotspots,
                sources=framing["sources"],
                caveats=caveats,
                legend=legend_markup(m),
                **self._pdf_text(),
            )
            page_path = write_text(folder / "briefing.html", page)
            return print_to_pdf(page_path, path, timeout=timeout or 60)

    def write(
        self,
        out_dir: str | PathLike[str],
        *,
        png: bool = True,
        pdf: bool | None = None,
        png_timeout: float | None = None,
        title: str | None = None,
        as_of: str | _date | None = None,
        sources: Any = None,
        heatmap: bool = False,
        time_slider: bool = False,
        tiles: str | None = None,
        progress: bool = False,
    ) -> dict[str, Path]:
        """Write every output of :data:`OUTPUTS` into ``out_dir``, safely.

        The files are written into a private folder inside ``out_dir`` and moved
        into place when all are done (see :func:`hotspot._io.output_run`): a
        killed run leaves no half-written file under a final name, links planted
        in the folder are replaced and never followed, a second run into the same
        folder at the same time is refused, outputs of an earlier run that this
        run does not write are removed, and ``hotspot_manifest.json`` lists the
        run's files with their SHA-256. Other files in the folder are left alone.

        Parameters
        ----------
        out_dir : str or path-like
            Folder, created when missing.
        png : bool, default True
            Render the PNG with headless Chromium. When Chromium is missing,
            fails or times out, every other output is still written, the
            failure is named in ``summary.txt`` and the manifest, and a warning
            is issued.
        pdf : bool, optional
            Write ``briefing.pdf``, the one-page briefing (headless Chromium);
            default as ``png``. Fails as the PNG does: the rest is written.
        png_timeout : float, optional
            Seconds given to Chromium for each render; default grows with the
            map's size (:func:`hotspot.maps.png_timeout`).
        title, as_of, sources : optional
            The map's and the PDF's title, "as of" date and data sources
            (see :meth:`briefing_map`); default those of the run.
        heatmap, time_slider : bool, default False
            Add a heat map, or a period filter (HTML only), to the map.
        tiles : str, optional
            An online basemap for the map (:data:`hotspot.maps.TILES`); default
            none (offline).
        progress : bool, default False
            Show a progress bar (tqdm, on stderr).

        Returns
        -------
        dict of str to pathlib.Path
            File name → path of every file written (QGIS ``.qml`` styles and the
            manifest included; a PNG that failed is absent).

        Raises
        ------
        OutputError
            If the folder cannot be created or written, another run is writing
            to it, or an output would overwrite or remove one of the files the
            analysis read (:attr:`inputs`: an input named ``incidents.geojson``
            inside ``out_dir``); nothing is written then.
        """
        # folium is imported on first use only (the map is drawn and saved with it)
        from hotspot.maps.briefing import save_map

        if not isinstance(progress, bool):
            raise ValueError(f"progress={progress!r}: expected True or False")
        check_tiles(tiles)
        pdf = png if pdf is None else pdf
        names = [
            n for n in OUTPUTS if (png or n != "briefing_map.png") and (pdf or n != "briefing.pdf")
        ]
        map_options = {
            "title": title,
            "as_of": as_of,
            "sources": sources,
            "heatmap": heatmap,
            "time_slider": time_slider,
            "tiles": tiles,
        }
        with (
            output_run(out_dir, known=_KNOWN, inputs=self.inputs) as run,
            tqdm(total=len(names), desc="writing", disable=not progress, leave=False) as bar,
        ):
            stage = run.path
            layers = {
                "incidents": self.incidents,
                "hotspots": self.hotspots.hotspots,
                "vacuum_zones": self.gaps.zones,
                "disputed_territories": self.territories,
                "control_lines": self.control_lines,
            }
            for name, layer in layers.items():
                bar.set_postfix_str(f"{name}.geojson")
                write_geojson(layer, stage / f"{name}.geojson", style=name)
                bar.update(1)
            # zones are written above as vacuum_zones; the overlay is in the summary
            bar.set_postfix_str("gaps")
            self.gaps.to_files(stage, zones=False, overlay=False)
            segments = self.gaps.segments
            write_text(
                stage / "gaps_segments.qml",
                layer_qml("gaps_segments", style_values(segments, "gaps_segments")),
            )
            bar.update(3)
            bar.set_postfix_str("analysis.gpkg")
            write_geopackage(
                {
                    **layers,
                    "gaps_profile": self.gaps.profile,
                    "gaps_segments": self.gaps.segments,
                },
                stage / "analysis.gpkg",
                timestamp=self.as_of(),  # the data's day, not the clock: the same bytes again
            )
            bar.update(1)
            bar.set_postfix_str("briefing_map.html")
            html_path = save_map(self.briefing_map(**map_options), stage / "briefing_map.html")
            bar.update(1)
            failed: dict[str, str] = {}
            if png:
                bar.set_postfix_str("briefing_map.png")
                try:
                    map_to_png(
                        html_path,
                        stage / "briefing_map.png",
                        timeout=png_timeout,
                        network=tiles is not None,
                    )
                except (FileNotFoundError, RuntimeError, OSError) as exc:
                    failed["briefing_map.png"] = " ".join(str(exc).split())
                bar.update(1)
            if pdf:
                bar.set_postfix_str("briefing.pdf")
                if failed:  # the same Chromium would fail again: do not wait twice
                    failed["briefing.pdf"] = (
                        "needs Chromium to render the map, which failed: "
                        + failed["briefing_map.png"]
                    )
                else:
                    try:
                        self.briefing_pdf(
                            stage / "briefing.pdf", timeout=png_timeout, **map_options
                        )
                    except (FileNotFoundError, RuntimeError, OSError) as exc:
                        failed["briefing.pdf"] = " ".join(str(exc).split())
                bar.update(1)
            for name, reason in failed.items():
                run.fail(name, reason)
            if failed:  # one warning for the Chromium outputs
                warnings.warn(
                    "; ".join(f"{name} not written: {reason}" for name, reason in failed.items()),
                    UserWarning,
                    stacklevel=2,
                )
            text = self.report()
            if run.failed:
                text += "\nOutputs not written:" + "".join(
                    f"\n  {name} not written: {_one_line(reason)}"
                    for name, reason in run.failed.items()
                )
            write_text(stage / "summary.txt", text + "\n")
            bar.update(1)
        return dict(run.written)


def _in_period(
    frame: gpd.GeoDataFrame,
    since: str | _date | None,
    until: str | _date | None,
    *,
    dayfirst: bool = True,
) -> tuple[gpd.GeoDataFrame, int]:
    """Keep the incidents dated within [since, until] (whole days; undated rows stay).

    Returns the kept rows and how many dated rows fell outside the period.
    Zoned dates count by their local wall-clock day.
    """
    if since is None and until is None:
        return frame, 0
    if "date" not in frame.columns:
        raise ValueError("since/until need a 'date' column in the incidents")
    first, after = parse_period(since, until, dayfirst=dayfirst)
    dates = read_dates(frame["date"], dayfirst=dayfirst).start
    outside = pd.Series(False, index=frame.index)
    if first is not None:
        outside |= dates < first
    if after is not None:
        outside |= dates >= after
    outside &= dates.notna()  # undated rows are kept (and counted by the clustering)
    if not outside.any():
        return frame, 0
    return frame[~outside.to_numpy()], int(outside.sum())


def _int(value: object) -> str:
    return "n/a" if pd.isna(value) else str(int(value))


def _period_note(source: str, frame: gpd.GeoDataFrame, since: Any, until: Any) -> str:
    dates = read_dates(frame["date"]).start if "date" in frame else pd.Series()
    span = (
        f" (its dates run {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d})"
        if dates.notna().any()
        else ""
    )
    return (
        f"no incident of {source} is dated in the period {since or '...'} to {until or '...'}{span}"
    )


def analyze(
    incidents: Any = None,
    *,
    federal: Any = None,
    krg: Any = None,
    eps_m: float = 5000,
    min_samples: int = DEFAULT_MIN_SAMPLES,
    coverage_m: float = 0,
    include_coarse: bool = False,
    since: str | _date | None = None,
    until: str | _date | None = None,
    lat: str | None = None,
    lon: str | None = None,
    date: str | None = None,
    place: str | None = None,
    gazetteer: Any = None,
    dayfirst: bool = True,
    dedupe: bool = False,
    title: str | None = None,
    as_of: str | _date | None = None,
    sources: Any = None,
    progress: bool = False,
) -> Analysis:
    """Run the whole pipeline: read or geocode incidents, hotspots, vacuum zones, overlay.

    The input is read, validated and reprojected once; every later step uses
    that frame.

    Parameters
    ----------
    incidents : path, iterable of paths, DataFrame or None
        See :func:`load_input`; ``None`` uses the bundled synthetic sample.
    federal, krg : GeoDataFrame or path, optional
        Control lines (or controlled-area polygons) of each side; the bundled
        schematic line of a side that is not given.
    eps_m : float, default 5000
        DBSCAN radius in metres (great circle).
    min_samples : int, default 10
        DBSCAN core-point threshold (incidents within ``eps_m``, itself included).
    coverage_m : float, default 0
        Effective reach of each side beyond its line, in metres.
    include_coarse : bool, default False
        Cluster coarse locations (precision 3: district or governorate centroids,
        rivers, roads, wide areas) too.
    since, until : str or date, optional
        Keep only incidents dated in this period (inclusive), e.g. since the
        October 2017 re-deployment that the bundled control lines show. Rows left
        out are counted in ``params["outside_period"]`` and the summary. Read
        by the rule of :mod:`hotspot._dates` (``"01-06-2014"`` is 1 June).
    lat, lon, date, place : str, optional
        Column names of an incident table (see :func:`load_input`).
    gazetteer : Geocoder or DataFrame, optional
        Places to geocode place names against (see :func:`load_input`).
    dayfirst : bool, default True
        Read numeric dates such as ``03/12/2023`` (in the input and in
        ``since``/``until``) as day first; ``False`` reads them month first.
    dedupe : bool, default False
        Drop input rows that repeat an earlier row exactly; either way their
        number is in ``params["duplicate_rows"]`` and the summary.
    title : str, optional
        Title of the map and the PDF; default a neutral one
        (:data:`DEFAULT_TITLE`).
    as_of : str or date, optional
        The date the briefing is "as of"; default the last incident date
        (never today's date).
    sources : iterable of str, optional
        Lines naming the data sources; default the dataset and version the
        reader recorded (``attrs["dataset"]``, e.g. "UCDP GED 19.1"). The
        boundary and context sources are always added.
    progress : bool, default False
        Show a progress bar (tqdm, on stderr).

    Returns
    -------
    Analysis
        Everything the run produced; ``.write(out_dir)`` saves it. With no
        hotspot (or no incident at all in the period) the analysis is still
        complete and says so in its report and ``notes``.

    Raises
    ------
    IncidentError
        If the incidents are unusable (e.g. a table with no date in any row).
    BoundaryError, CRSError
        If a control-line layer is unusable.
    ValueError
        For bad options (e.g. ``since`` that is not a date).
    """
    if not isinstance(progress, bool):
        raise ValueError(f"progress={progress!r}: expected True or False")
    bar = tqdm(total=len(_STEPS), desc="hotspot analyze", disable=not progress, leave=False)
    with bar:
        bar.set_postfix_str(_STEPS[0])
        parse_period(since, until, dayfirst=dayfirst)  # bad dates fail before any work
        if as_of is not None:
            as_of = f"{parse_day(as_of, name='as_of', last=True, dayfirst=dayfirst):%Y-%m-%d}"
        frame, source = load_input(
            incidents,
            lat=lat,
            lon=lon,
            date=date,
            place=place,
            gazetteer=gazetteer,
            dayfirst=dayfirst,
            dedupe=dedupe,
        )
        duplicates = int(frame.attrs.get("hotspot_report", {}).get("duplicate_rows", 0))
        read = len(frame)
        notes = []
        if not read:
            notes.append(f"{source}: no incident rows (nothing but a header)")
        everything = frame
        frame, outside = _in_period(frame, since, until, dayfirst=dayfirst)
        if read and not len(frame):
            notes.append(_period_note(source, everything, since, until))
        bar.update(1)
        bar.set_postfix_str(_STEPS[1])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            hotspots = find_hotspots(
                frame, eps_m=eps_m, min_samples=min_samples, include_coarse=include_coarse
            )
        for warning in caught:  # the chain warnings become notes, said once below
            if str(warning.message) not in hotspots.notes:
                warnings.warn(str(warning.message), warning.category, stacklevel=2)
        notes.extend(hotspots.notes)
        bar.update(1)
        bar.set_postfix_str(_STEPS[2])
        territories = load_disputed_territories()
        lines = front_lines(federal, krg)
        # The one overlay rule (hotspot._overlay): coarse centroids (unless include_coarse)
        # and rows without a point are left out, as in the clustering; only incidents
        # from the control lines' as_of on are counted (the lines describe that period).
        # (lines whose as_of is not a date describe no known period: nothing is left out,
        # find_gaps warns and the report says so)
        dated_lines = lines_as_of(lines, warn=False) is not None
        located = hotspots.incidents
        located = located[~(located.geometry.isna() | located.geometry.is_empty).to_numpy()]
        if read and len(frame) and not len(located):
            notes.append(f"{source}: no incident has a usable location for the overlay")
        gaps = find_gaps(
            lines[lines["side"] == "federal"],
            lines[lines["side"] == "krg"],
            coverage_m=coverage_m,
            study_area=territories,
            incidents=to_lonlat(hotspots.incidents) if len(located) else None,
            hotspots=to_lonlat(hotspots.hotspots) if len(hotspots.hotspots) else None,
            include_coarse=include_coarse,
            since="as_of" if dated_lines else None,
        )
        bar.update(1)
    for note in notes:
        warnings.warn(note, UserWarning, stacklevel=2)
    params = {
        "eps_m": eps_m,
        "min_samples": min_samples,
        "coverage_m": coverage_m,
        "include_coarse": include_coarse,
        "since": None if since is None else str(since),
        "until": None if until is None else str(until),
        "outside_period": outside,
        "overlay_excluded": (
            gaps.overlay.n_no_point + gaps.overlay.n_coarse if gaps.overlay is not None else 0
        ),
        "duplicate_rows": duplicates,
        "dedupe": dedupe,
        "title": None if title is None else str(title),
        "as_of": as_of,
        "sources": None if sources is None else [str(s) for s in _lines(sources)],
    }
    return Analysis(
        incidents=to_lonlat(hotspots.incidents),
        hotspots=hotspots,
        gaps=gaps,
        territories=territories,
        control_lines=lines,
        source=source,
        params=params,
        notes=tuple(notes),
        inputs=input_files(incidents, federal, krg, gazetteer),
    )


def input_files(*sources: Any) -> tuple[Path, ...]:
    """Return the files among the inputs of a run.

    Paths, paths in lists of them, and the file a frame was read from (its
    ``attrs["dataset"]["path"]``, set by the hotspot readers).

    Examples
    --------
    >>> input_files("a.csv", None, ["r1.txt", "r2.txt"])
    (PosixPath('a.csv'), PosixPath('r1.txt'), PosixPath('r2.txt'))
    """
    files: list[Path] = []
    for source in sources:
        if isinstance(source, (str, PathLike)):
            files.append(Path(source))
        elif isinstance(source, (list, tuple)):
            files.extend(Path(p) for p in source if isinstance(p, (str, PathLike)))
        elif isinstance(source, pd.DataFrame):
            path = (source.attrs.get("dataset") or {}).get("path")
            if isinstance(path, (str, PathLike)):
                files.append(Path(path))
    return tuple(files)


def check_out_dir(out_dir: str | PathLike[str], inputs: Any = ()) -> None:
    """Refuse an output folder in which :meth:`Analysis.write` would lose an input file.

    The run replaces its outputs (:data:`OUTPUTS`, their QGIS styles, the
    manifest) and removes earlier ones: an input file that is one of them (the
    same path, or the same file through a link) would be lost without a word.
    Call it before a long analysis; :meth:`Analysis.write` checks again.

    Parameters
    ----------
    out_dir : str or path-like
        The output folder.
    inputs : iterable of path
        The files the run reads.

    Raises
    ------
    OutputError
        Naming the input and the output it would be.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "incidents.geojson").write_text("{}")
    >>> check_out_dir(folder, [folder / "incidents.geojson"])
    Traceback (most recent call last):
    ...
    hotspot.errors.OutputError: ...incidents.geojson: this input file would be overwritten ...
    """
    check_inputs(out_dir, input_files(*inputs), known=_KNOWN)


def _lines(value: Any) -> list[Any]:
    """Return one text or several as a list (``"UCDP"`` and ``["UCDP", "ACLED"]``)."""
    return [value] if isinstance(value, str) else list(value)


def front_lines(federal: Any = None, krg: Any = None) -> gpd.GeoDataFrame:
    """Return both sides' control lines: a given layer for a side, else the bundled line.

    Parameters
    ----------
    federal, krg : GeoDataFrame or path, optional
        A side's control line or controlled area, read and checked once with
        :func:`hotspot.boundaries.read_control_line`.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, with a ``side`` column ("federal", "krg").

    Examples
    --------
    >>> sorted(front_lines()["side"].unique())
    ['federal', 'krg']
    """
    lines = load_control_lines()
    if federal is None and krg is None:
        return lines
    parts = [
        read_control_line(federal, side="federal")
        if federal is not None
        else lines[lines["side"] == "federal"],
        read_control_line(krg, side="krg") if krg is not None else lines[lines["side"] == "krg"],
    ]
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=4326)
