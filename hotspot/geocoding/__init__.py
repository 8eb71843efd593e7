"""Geocoding: place names and free text to gazetteer places.

The public entry points are re-exported here and, for compatibility, from
:mod:`hotspot.geocode` and :mod:`hotspot.extract`.

Modules, lowest layer first: a module imports only modules listed before it,
never one after it, and nothing here imports the analysis modules (hotspots,
gaps, maps, export, cli). ``docs/architecture.md`` has the same map as a table;
``tests/geocoding/test_init.py`` checks it.

``hotspot._words``
    Reads the word lists in ``hotspot/data/words/`` once (:func:`word_set`,
    :func:`word_table`).
``hotspot._normalize``
    Name keys: :func:`fold`, :func:`name_keys` (folded, core, hint, skeleton),
    :func:`skeleton`, :func:`phonetic`, :func:`ending`, :func:`strip_html`;
    the evidence that two spellings are one name (:func:`spelling_agrees`,
    :func:`strip_shared_affixes`, :func:`long_vowels_agree` …); the generic
    words and their hints, articles, affixes, common English words. Pure
    functions; shared with :mod:`hotspot.boundaries`, :mod:`hotspot._admin_names`
    and :mod:`hotspot._territory`, so it stays outside this package.
``hotspot.gazetteer``
    The table: schema (``COLUMNS``, ``FEATURE_TYPES``), :func:`load_gazetteer`
    (with ``geonames=``), :func:`validate_gazetteer`, :func:`extend_gazetteer`
    (merging places already there), :func:`read_location_list` (DTM, ACLED),
    :func:`read_geonames`. Read by the boundary and labelling modules as well,
    so it also stays outside this package.
``hotspot.geocoding.batch``
    Columns in, frames out: :data:`GEOCODE_COLUMNS`, ``as_values``,
    ``factorize``, ``points`` (an empty ``Point()`` for a miss), ``result_frame``,
    ``rows_frame`` (one result row per *distinct* value). No geocoding logic.
``hotspot.geocoding._index``
    :class:`NameIndex`, built from a validated table: place columns as arrays
    (``ids``, ``names``, ``types``, ``lat``, ``lon``, ``precision_km``,
    ``governorates``, ``districts``, ``disputed``, ``attribution``, ``units``,
    ``governorate_keys``, ``district_keys``, ``position``) and name tables
    (``by_core``, ``by_skeleton``, ``first_words``, ``bare_cores``,
    ``max_words``); the searches ``exact_or_skeleton(keys)``, ``fuzzy(cores,
    cutoff)``, ``hits_for(keys, cores, method)``, ``nisba_of(core)``, returning
    :class:`Hit` per place with its evidence; ``admin_key(name)``,
    ``is_acronym``, ``written_as_acronym``.
``hotspot.geocoding._units``
    Where places are and what hints admit, in OCHA p-codes, by the one
    placement rule (:mod:`hotspot._locate`) and the one admin-name rule
    (:mod:`hotspot._admin_names`): ``attribute``, ``place_units``,
    ``parse_hint``, ``match_units``, :class:`Hint`.
``hotspot.geocoding.resolver``
    The rules that choose among hits and the public API on top of them:
    :class:`Place`, :class:`Candidate`, :class:`Resolution`, ``STATUSES``,
    ``MATCHES``, ``FUZZY_THRESHOLD``; ``decide(index, query, keys, hits, *,
    threshold, hint, near, max_km, context)`` and ``parse_within(within)`` (the
    interface the text extractor uses); :class:`Geocoder` (``resolve``,
    ``geocode``, ``index``, ``gazetteer``), :func:`default_geocoder`,
    :func:`resolve`, :func:`geocode`; and the one ``gazetteer=`` rule,
    :func:`as_geocoder` / :func:`as_gazetteer` (None, a DataFrame, a CSV path
    or a Geocoder, everywhere).
``hotspot.geocoding.extract``
    :func:`extract_places`, :data:`EXTRACT_COLUMNS`. Uses only the names above
    (``Geocoder.index``, ``NameIndex``'s attributes and searches, ``decide``,
    ``parse_within``, ``Hint``, ``rows_frame``), never a private member of
    another module.

Every result frame follows one contract: EPSG:4326, one row per input name or
mention on the input's index, an empty ``Point()`` where there is no place.

Examples
--------
>>> from hotspot.geocoding import geocode
>>> geocode(["Kirkuk", "Atlantis"]).geometry.is_empty.tolist()
[False, True]
"""

from hotspot.geocoding.batch import GEOCODE_COLUMNS
from hotspot.geocoding.extract import EXTRACT_COLUMNS, extract_places
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
    "EXTRACT_COLUMNS",
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
    "extract_places",
    "geocode",
    "resolve",
]
