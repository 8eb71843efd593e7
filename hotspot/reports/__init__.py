"""News reports → the incidents an analyst would record.

A report names many places; only some are where something happened. Each place
mention gets a role (:mod:`hotspot.reports.roles`: event place, reference
point, government or party, dateline, outlet, meeting place, source,
background); sentences about the same event become one row that keeps all of
them as evidence (:mod:`hotspot.reports.events`); dates resolve against the
publication date found in the byline, dateline or URL
(:mod:`hotspot.reports.dates`); counts add up the parts of an event
(:mod:`hotspot.reports.counts`). The words behind every rule are data an
analyst can extend (:mod:`hotspot.reports.vocabulary`), and
:mod:`hotspot.reports.scoring` measures the result against a hand annotation.

Examples
--------
>>> import geopandas as gpd, shapely
>>> def places(text):  # stand-in for hotspot.extract.extract_places
...     rows = [(n, text.find(n)) for n in ("Baghdad", "Daquq") if n in text]
...     return gpd.GeoDataFrame({"surface": [n for n, _ in rows],
...         "start": [s for _, s in rows], "end": [s + len(n) for n, s in rows],
...         "status": ["resolved"] * len(rows), "name": [n for n, _ in rows],
...         "feature_type": ["settlement"] * len(rows),
...         "governorate": ["Baghdad", "Kirkuk"][: len(rows)],
...         "district": [None] * len(rows)},
...         geometry=[shapely.Point(44.4, 33.3), shapely.Point(44.45, 35.14)][: len(rows)],
...         crs=4326)
>>> text = ("An ISIS attack killed two soldiers near Daquq on Sunday, officials in "
...         "Baghdad said.")
>>> incidents, rejected = incidents_from_text(text, report_date="2024-03-14",
...                                           extractor=places, explain=True)
>>> incidents[["place", "date", "fatalities"]].astype(str).values.tolist()
[['Daquq', '2024-03-10', '2']]
>>> rejected[["surface", "role"]].values.tolist()
[['Baghdad', 'source']]
"""

from hotspot.reports import read
from hotspot.reports.read import (
    REJECTED_COLUMNS,
    REPORT_COLUMNS,
    ExplainedIncidents,
    incidents_from_reports,
    incidents_from_text,
)
from hotspot.reports.sentences import split_sentences
from hotspot.reports.vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "ACLED_SUB_EVENT",
    "ACTORS",
    "EVENT_KEYWORDS",
    "REJECTED_COLUMNS",
    "REPORT_COLUMNS",
    "ExplainedIncidents",
    "Vocabulary",
    "incidents_from_reports",
    "incidents_from_text",
    "load_vocabulary",
    "split_sentences",
]


def __getattr__(name: str) -> object:
    """Hand out the vocabulary views of :mod:`hotspot.reports.read` on first use."""
    if name in ("ACLED_SUB_EVENT", "ACTORS", "EVENT_KEYWORDS"):
        return getattr(read, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
