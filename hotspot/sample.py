"""The bundled SYNTHETIC incident set, for examples, tutorials and tests.

``hotspot/data/sample_incidents.csv`` holds about 2,400 invented events,
2019-01-01 to 2025-12-31, in the current ACLED 31-column layout
(:data:`hotspot.incidents.ACLED_COLUMNS`). **None of them is a real event.** They
are shaped like ISIS-remnant activity across the disputed territories (clusters
along the Hamrin range, south of Kirkuk, around Makhmour, Tuz Khurmatu,
Khanaqin..., a declining trend, mostly IEDs and clashes with 0-3 fatalities,
geo_precision 1/2/3 in 70/20/10 %), so that the hotspot and gap tools have
something realistic to chew on.

Every row says so: ``source`` is :data:`SAMPLE_SOURCE`, ``tags`` is "synthetic",
``notes`` starts with "SYNTHETIC", and the event ids start with ``IRQSYN``; the
frame's ``attrs["dataset"]["name"]`` is ``"hotspot synthetic sample"``.

The file is generated, deterministically, by ``python scripts/make_sample.py``
in the source tree (the generator is not part of the package);
``tests/test_sample.py`` regenerates it and compares it byte for byte.

Examples
--------
>>> frame = load_sample_incidents()
>>> bool(frame["source"].eq(SAMPLE_SOURCE).all())
True
>>> 2000 <= len(frame) <= 4000, frame.attrs["dataset"]["name"]
(True, 'hotspot synthetic sample')
"""

from __future__ import annotations

import copy
import functools
from importlib import resources
from pathlib import Path

import geopandas as gpd

from hotspot.incidents import ACLED_COLUMNS, read_acled

__all__ = ["ACLED_COLUMNS", "SAMPLE_NAME", "SAMPLE_SOURCE", "load_sample_incidents", "sample_path"]

#: Value of the ``source`` column of every synthetic row.
SAMPLE_SOURCE = "hotspot synthetic sample"

#: ``attrs["dataset"]["name"]`` of the loaded sample (the "Sources" line of maps).
SAMPLE_NAME = "hotspot synthetic sample"

_FILE = "sample_incidents.csv"


def sample_path() -> Path:
    """Return the path of the bundled synthetic CSV.

    Returns
    -------
    pathlib.Path
        ``hotspot/data/sample_incidents.csv`` inside the installed package.

    Examples
    --------
    >>> sample_path().name
    'sample_incidents.csv'
    """
    return Path(str(resources.files("hotspot") / "data" / _FILE))


@functools.cache
def _bundled() -> gpd.GeoDataFrame:
    frame = read_acled(sample_path(), strict=True)
    frame.attrs["dataset"] = {
        "name": SAMPLE_NAME,
        "version": None,
        "licence": "MIT (synthetic, part of hotspot)",
        "citation": None,
        "path": str(sample_path()),
    }
    return frame


def load_sample_incidents() -> gpd.GeoDataFrame:
    """Load the bundled SYNTHETIC incident set in the incident schema.

    The events are invented (see :mod:`hotspot.sample`); use them for examples
    and tests, never as a picture of real activity.

    Returns
    -------
    geopandas.GeoDataFrame
        About 2,400 rows (EPSG:4326) in the schema of
        :func:`hotspot.incidents.read_acled`; a fresh copy on every call.

    Examples
    --------
    >>> frame = load_sample_incidents()
    >>> bool(frame["notes"].str.startswith("SYNTHETIC").all())
    True
    """
    frame = _bundled().copy()
    frame.attrs = copy.deepcopy(_bundled().attrs)
    return frame
