"""hotspot: conflict hotspots in Iraq's disputed territories.

Geocode Iraqi place names and news text, cluster incidents into hotspots, map
the security vacuum between the federal and Kurdistan Region control lines, and
write layers for QGIS and briefing maps.
"""

from hotspot.gazetteer import load_gazetteer, read_location_list, validate_gazetteer

__all__ = ["load_gazetteer", "read_location_list", "validate_gazetteer"]
__version__ = "0.1.0"
