"""hotspot: conflict hotspots in Iraq's disputed territories.

Geocode Iraqi place names and news text, cluster incidents into hotspots, map
the security vacuum between the federal and Kurdistan Region control lines, and
write layers for QGIS and briefing maps.

Examples
--------
>>> import hotspot
>>> hotspot.resolve("Wadi Zghetoon").place.name
'Wadi Zghaitun'
"""

import importlib

from hotspot import datasets
from hotspot._dbscan import dbscan_haversine, dbscan_spacetime
from hotspot.analyze import Analysis, analyze
from hotspot.boundaries import (
    disputed_from_admin,
    fetch_admin,
    load_admin,
    load_control_lines,
    load_disputed_districts,
    load_disputed_territories,
    read_admin,
    read_control_line,
)
from hotspot.download import fetch_acled, fetch_geonames, fetch_ucdp, read_geonames
from hotspot.emerging import EmergingResult, emerging_hotspots, mann_kendall
from hotspot.export import write_geojson, write_geopackage
from hotspot.extract import extract_places
from hotspot.gaps import GapResult, find_gaps
from hotspot.gazetteer import (
    extend_gazetteer,
    load_gazetteer,
    read_location_list,
    validate_gazetteer,
)
from hotspot.geocode import Geocoder, Resolution, geocode, resolve
from hotspot.hotspots import HotspotResult, find_hotspots, k_distance, plot_k_distance
from hotspot.incidents import read_acled, read_incidents, read_ucdp
from hotspot.locate import locate
from hotspot.reports import incidents_from_reports, incidents_from_text
from hotspot.sample import load_sample_incidents

__all__ = [
    "Analysis",
    "EmergingResult",
    "GapResult",
    "Geocoder",
    "HotspotResult",
    "Resolution",
    "analyze",
    "briefing_map",
    "datasets",
    "dbscan_haversine",
    "dbscan_spacetime",
    "disputed_from_admin",
    "emerging_hotspots",
    "extend_gazetteer",
    "extract_places",
    "fetch_acled",
    "fetch_admin",
    "fetch_geonames",
    "fetch_ucdp",
    "find_gaps",
    "find_hotspots",
    "geocode",
    "incidents_from_reports",
    "incidents_from_text",
    "k_distance",
    "load_admin",
    "load_control_lines",
    "load_disputed_districts",
    "load_disputed_territories",
    "load_gazetteer",
    "load_sample_incidents",
    "locate",
    "mann_kendall",
    "map_to_png",
    "plot_k_distance",
    "read_acled",
    "read_admin",
    "read_control_line",
    "read_geonames",
    "read_incidents",
    "read_location_list",
    "read_ucdp",
    "resolve",
    "save_map",
    "validate_gazetteer",
    "write_geojson",
    "write_geopackage",
]
__version__ = "0.2.0"

# Imported on first use, as geopandas does for ``explore``: folium and branca cost a
# third of a second and only maps need them (``import hotspot`` and ``hotspot --help``
# stay light).
_LAZY: dict[str, str] = {
    "briefing_map": "hotspot.maps",
    "map_to_png": "hotspot.maps",
    "save_map": "hotspot.maps",
}


def __getattr__(name: str) -> object:
    """Import the map functions on first use (PEP 562)."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'hotspot' has no attribute {name!r}")


def __dir__() -> list[str]:
    """List the public names, the lazily imported ones included."""
    return sorted(set(globals()) | set(_LAZY))
