"""Resolve Iraqi place names to gazetteer places (the public path of :mod:`hotspot.geocoding`).

The implementation lives in :mod:`hotspot.geocoding.resolver` (see there for the
resolution tiers and ambiguity rules); this module keeps ``hotspot.geocode``
importable as before.

Examples
--------
>>> resolve("Kerkûk").place.name
'Kirkuk'
"""

from hotspot.geocoding.batch import GEOCODE_COLUMNS
from hotspot.geocoding.resolver import (
    FUZZY_THRESHOLD,
    MATCHES,
    STATUSES,
    Candidate,
    GazetteerLike,
    Geocoder,
    Place,
    Resolution,
    as_gazetteer,
    as_geocoder,
    default_geocoder,
    geocode,
    resolve,
)

__all__ = [
    "FUZZY_THRESHOLD",
    "GEOCODE_COLUMNS",
    "MATCHES",
    "STATUSES",
    "Candidate",
    "GazetteerLike",
    "Geocoder",
    "Place",
    "Resolution",
    "as_gazetteer",
    "as_geocoder",
    "default_geocoder",
    "geocode",
    "resolve",
]
