"""The one palette of maps, PDF and QGIS styles: colour-blind-safe, hotspots apart."""

from __future__ import annotations

import re

from hotspot._palette import (
    EVENT_COLOURS,
    HEX_RAMP,
    HOTSPOT,
    HOTSPOT_RAMP,
    OTHER,
    SIDE_COLOURS,
    event_colours,
)

OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"}


def test_event_types_take_okabe_ito_colours_and_hotspots_keep_vermillion():
    assert set(EVENT_COLOURS.values()) <= OKABE_ITO - {HOTSPOT}
    assert len(set(EVENT_COLOURS.values())) == len(EVENT_COLOURS)  # no two types alike
    assert HOTSPOT == "#d55e00"


def test_other_types_get_free_colours_in_turn_then_grey():
    kinds = ["Battles", "IED", "SAF", "other", "x4", "x5", "x6", "x7", "x8"]
    colours = event_colours([*kinds, "IED"])
    assert list(colours) == sorted(set(kinds))
    assert colours["Battles"] == EVENT_COLOURS["Battles"]
    assert colours["IED"] != colours["Battles"] and colours["SAF"] != colours["IED"]
    assert colours["other"] == OTHER
    assert HOTSPOT not in colours.values()
    assert list(colours.values()).count(OTHER) >= 2  # beyond the palette: grey


def test_every_colour_is_rrggbb():
    for colour in [*EVENT_COLOURS.values(), *SIDE_COLOURS.values(), *HEX_RAMP, *HOTSPOT_RAMP]:
        assert re.fullmatch(r"#[0-9a-f]{6}", colour)
