"""What a briefing says about its data: label, sources, subtitle, ranks (no folium).

The map (:mod:`hotspot.maps.briefing`), the one-page PDF
(:mod:`hotspot.maps.page`) and the text report (:mod:`hotspot.analyze`) frame an
analysis in the same words: the dataset and its version, the "Sources" lines,
the subtitle (data, count, period, "as of"), the hotspots' ranks and the online
basemaps allowed. They take them from here, a module that needs neither folium
nor branca, so that the report and ``hotspot --help`` stay light.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"date": ["2023-01-05", "2023-03-02"]})
>>> frame.attrs["dataset"] = {"name": "UCDP GED", "version": "19.1"}
>>> subtitle(frame, label=dataset_label(frame), period=None, as_of="2023-03-31")
'UCDP GED 19.1 · 2 incidents, 2023-01-05 to 2023-03-02 · As of 2023-03-31'
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from hotspot._dates import read_dates
from hotspot._layers import is_schematic
from hotspot._reference import ReferenceLayers, shared_reference_layers
from hotspot.hotspots import rank_hotspots

__all__ = [
    "DEFAULT_TITLE",
    "TILES",
    "check_tiles",
    "dataset_label",
    "incident_dates",
    "map_sources",
    "ranks",
    "reference_layers",
    "subtitle",
]

#: The title of a map when none is given (neutral: it names no actor).
DEFAULT_TITLE = "Conflict incidents and hotspots"
#: Online basemaps ``tiles=`` may name (fetched only when asked for; offline is the default).
TILES: dict[str, str] = {
    "OpenStreetMap": "© OpenStreetMap contributors (ODbL)",
    "OpenTopoMap": "© OpenStreetMap contributors, SRTM; style © OpenTopoMap (CC BY-SA)",
    "Esri.WorldImagery": "Esri World Imagery (Esri, Maxar, Earthstar Geographics and others)",
    "CartoDB.Positron": "© OpenStreetMap contributors, © CARTO",
}


def check_tiles(tiles: str | None) -> None:
    """Refuse an online basemap that is not one of :data:`TILES`.

    Raises
    ------
    ValueError
        Naming the basemaps allowed.

    Examples
    --------
    >>> check_tiles(None); check_tiles("OpenStreetMap")
    >>> check_tiles("Google")
    Traceback (most recent call last):
    ...
    ValueError: tiles='Google' is not one of OpenStreetMap, OpenTopoMap, ...
    """
    if tiles is not None and tiles not in TILES:
        raise ValueError(f"tiles={tiles!r} is not one of {', '.join(TILES)} (or None: offline)")


def dataset_label(frame: pd.DataFrame | None) -> str | None:
    """Name and version of the dataset a frame was read from (``attrs["dataset"]``).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame()
    >>> frame.attrs["dataset"] = {"name": "UCDP GED", "version": "19.1"}
    >>> dataset_label(frame)
    'UCDP GED 19.1'
    """
    meta = (frame.attrs.get("dataset") if frame is not None else None) or {}
    label = " ".join(str(meta[k]) for k in ("name", "version") if meta.get(k))
    return label or None


def _dataset_source(frame: pd.DataFrame | None) -> str | None:
    meta = (frame.attrs.get("dataset") if frame is not None else None) or {}
    label = dataset_label(frame)
    if not label:
        return None
    extra = [str(meta["licence"])] if meta.get("licence") else []
    if meta.get("synthetic"):
        extra.append("synthetic, not real events")
    return f"Incidents: {label}" + (f" ({'; '.join(extra)})" if extra else "")


def reference_layers() -> ReferenceLayers:
    """Return the bundled reference layers as loaded once (maps only read them: no copy).

    See :func:`hotspot._reference.shared_reference_layers`.
    """
    return shared_reference_layers()


def map_sources(
    incidents: pd.DataFrame | None = None,
    *,
    data: Iterable[str] | None = None,
    control_lines: gpd.GeoDataFrame | None = None,
    territories: gpd.GeoDataFrame | None = None,
    context: bool = True,
    tiles: str | None = None,
) -> list[str]:
    """Return the "Sources" lines of a map: the data, then every boundary and context layer.

    Parameters
    ----------
    incidents : DataFrame, optional
        Its ``attrs["dataset"]`` names the data ("UCDP GED 19.1", licence).
    data : iterable of str, optional
        Lines naming the data instead (``sources=`` of the map; the boundary
        and context lines are added all the same, as their licences require).
    control_lines, territories : GeoDataFrame, optional
        The layers drawn; bundled ones are credited (schematic, with their date).
    context : bool, default True
        Whether the bundled context layers (OCHA, Natural Earth, GeoNames) are drawn.
    tiles : str, optional
        The online basemap, credited when used.

    Returns
    -------
    list of str

    Examples
    --------
    >>> lines = map_sources(context=True)
    >>> any(line.startswith("Boundaries: OCHA") for line in lines)
    True
    """
    lines = [str(s) for s in data] if data is not None else []
    if data is None:
        found = _dataset_source(incidents)
        if found:
            lines.append(found)
    if context:
        ref = reference_layers()
        lines.append(f"Boundaries: {ref.governorates.attrs['source']}")
        lines.append(
            "Rivers, lakes, countries: Natural Earth 1:10m, public domain; Zab and Diyala "
            "rivers, Dukan and Darbandikhan lakes: GSHHG 2.3.6 (Wessel & Smith 1996), "
            "LGPL-3.0-or-later (no Mosul, Hamrin or Haditha reservoir)"
        )
        lines.append(f"Towns: {ref.towns.attrs['source']}")
        lines.append(f"Dams: {ref.dams.attrs['source']}")
    if territories is not None and len(territories) and "accuracy_km" in territories.columns:
        lines.append(
            "Disputed territories: Article 140 districts (hotspot list) on OCHA COD-AB units"
        )
    if control_lines is not None and len(control_lines):
        as_of = ""
        if "as_of" in control_lines.columns:
            values = control_lines["as_of"].dropna().reset_index(drop=True)
            bad = read_dates(values).problems != ""
            dates = sorted({str(v).strip() for v in values[~bad]} - {""})
            as_of = f", as of {', '.join(dates)}" if dates else ""
            if bad.any():  # named in the warning and the report; not repeated here
                as_of += f"; {int(bad.sum())} as_of value(s) not a date: period unknown"
        kind = "schematic, hand-drawn for hotspot" if is_schematic(control_lines) else "as given"
        lines.append(f"Control lines: {kind}{as_of}")
    if tiles:
        lines.append(f"Basemap: {tiles}, {TILES.get(tiles, 'online tiles')}")
    return lines


def incident_dates(incidents: pd.DataFrame | None) -> pd.Series:
    """Return the incidents' dates, by the one date rule (:mod:`hotspot._dates`), missing dropped.

    A month or a year counts from its first day; zoned dates by their local day.

    Examples
    --------
    >>> import pandas as pd
    >>> incident_dates(pd.DataFrame({"date": ["03/12/2023", None, "2024-01"]})).tolist()
    [Timestamp('2023-12-03 00:00:00'), Timestamp('2024-01-01 00:00:00')]
    """
    if incidents is None or "date" not in incidents.columns or not len(incidents):
        return pd.Series([], dtype="datetime64[ns]")
    return read_dates(incidents["date"]).start.dropna()


def subtitle(
    incidents: pd.DataFrame | None,
    *,
    label: str | None,
    period: str | None,
    as_of: str | None,
) -> str:
    """Return the line under a briefing's title: data, number of incidents, period, "as of".

    Parameters
    ----------
    incidents : DataFrame, optional
        The incidents shown (counted; their dates give the period when
        ``period`` is None).
    label : str, optional
        The data's name (:func:`dataset_label`).
    period : str, optional
        The period, e.g. ``"2017-10-16 to 2023-12-31"``.
    as_of : str, optional
        The day the briefing is "as of".

    Returns
    -------
    str
        Parts joined by " · ".

    Examples
    --------
    >>> subtitle(None, label="ACLED", period="2020 to 2021", as_of=None)
    'ACLED · 2020 to 2021'
    """
    parts = []
    if label:
        parts.append(label)
    if incidents is not None:
        count = f"{len(incidents):,} incidents"
        if period is None:
            dates = incident_dates(incidents)
            if len(dates):
                period = f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}"
        parts.append(f"{count}, {period}" if period else count)
    elif period:
        parts.append(period)
    if as_of:
        parts.append(f"As of {as_of}")
    return " · ".join(parts)


def ranks(hotspots: pd.DataFrame) -> pd.Series:
    """Return each hotspot's rank: its ``rank`` column, else by the one rule.

    The rule is :func:`hotspot.hotspots.rank_hotspots` (1 = most incidents);
    tables from :func:`hotspot.find_hotspots` carry it as ``rank``. The map,
    the PDF's table and ``summary.txt`` number hotspots by it.

    Examples
    --------
    >>> import pandas as pd
    >>> ranks(pd.DataFrame({"hotspot": [0, 1], "incidents": [12, 40]})).tolist()
    [2, 1]
    """
    if "rank" in hotspots.columns:
        return pd.to_numeric(hotspots["rank"]).astype("int64")
    return rank_hotspots(hotspots)
