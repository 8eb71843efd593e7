"""The colours of every hotspot product: briefing maps, the PDF and the QGIS styles.

One palette so that a map, its PDF and the GeoPackage in QGIS agree. Incidents
are coloured by event type with the Okabe-Ito colours (Okabe & Ito 2008,
"Color Universal Design"), which stay distinct for the common forms of colour
blindness; vermillion, the one Okabe-Ito colour never given to an event type,
is kept for hotspots, so a hotspot never shares its colour with an incident.

Examples
--------
>>> colours = event_colours(["Battles", "state-based", "non-state", "other"])
>>> colours["Battles"], colours["other"]
('#0072b2', '#999999')
>>> HOTSPOT in colours.values()
False
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "EVENT_COLOURS",
    "HEX_RAMP",
    "HOTSPOT",
    "HOTSPOT_RAMP",
    "OTHER",
    "SIDE_COLOURS",
    "event_colours",
]

#: Hotspots (Okabe-Ito vermillion); never an event type's colour.
HOTSPOT = "#d55e00"
#: Light to dark vermillion, for hotspots graduated by incidents (QGIS).
HOTSPOT_RAMP = ("#fdd9bf", "#f9a66c", "#ee7b30", "#d55e00", "#8f3d00")
#: Incidents of a type beyond the palette, or of no type.
OTHER = "#999999"
#: Incidents per hexagon, light to dark grey (aggregated maps).
HEX_RAMP = ("#e0e0e0", "#bdbdbd", "#969696", "#636363", "#252525")

#: The ACLED event types, each with its Okabe-Ito colour.
EVENT_COLOURS: dict[str, str] = {
    "Battles": "#0072b2",  # blue
    "Explosions/Remote violence": "#e69f00",  # orange
    "Violence against civilians": "#cc79a7",  # reddish purple
    "Strategic developments": "#009e73",  # bluish green
    "Riots": "#f0e442",  # yellow
    "Protests": "#56b4e9",  # sky blue
}
# Other types (UCDP's state-based / non-state / one-sided, IED, SAF...) take these
# in turn, sorted by name; the seventh and later are grey.
_EXTRA = ("#0072b2", "#e69f00", "#cc79a7", "#009e73", "#56b4e9", "#f0e442")
_UNKNOWN = frozenset({"", "other", "unknown", "none", "nan", "<na>"})

#: Control lines by side (and the vacuum between them).
SIDE_COLOURS: dict[str, str] = {"federal": "#2166ac", "krg": "#1a9850", "vacuum": "#fdae61"}


def event_colours(values: Iterable[object]) -> dict[str, str]:
    """Return a colour for every event type in ``values`` (as text).

    ACLED's types keep their colours (:data:`EVENT_COLOURS`); other types get
    the Okabe-Ito colours in turn, sorted by name, skipping colours already
    taken; ``other``/``unknown`` and types beyond the palette are grey.

    Parameters
    ----------
    values : iterable
        Event types (repeats and missing values allowed).

    Returns
    -------
    dict of str to str
        Event type → ``#rrggbb``, sorted by type.

    Examples
    --------
    >>> event_colours(["one-sided", "state-based", "non-state"])
    {'non-state': '#0072b2', 'one-sided': '#e69f00', 'state-based': '#cc79a7'}
    """
    kinds = sorted({str(v) for v in values})
    taken = {EVENT_COLOURS[k] for k in kinds if k in EVENT_COLOURS}
    free = iter(c for c in _EXTRA if c not in taken)
    colours = {}
    for kind in kinds:
        if kind in EVENT_COLOURS:
            colours[kind] = EVENT_COLOURS[kind]
        elif kind.strip().lower() in _UNKNOWN:
            colours[kind] = OTHER
        else:
            colours[kind] = next(free, OTHER)
    return colours
