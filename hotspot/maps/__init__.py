"""Briefing products: folium maps, PNG and the one-page PDF.

* :func:`briefing_map` builds the map (:mod:`hotspot.maps.briefing`; its layers
  in :mod:`hotspot.maps.layers`, the page around it in :mod:`hotspot.maps.legend`);
* :func:`save_map` writes it as one offline HTML file;
* :func:`map_to_png` and :func:`print_to_pdf` render with headless Chromium
  (:mod:`hotspot.maps.render`);
* :func:`briefing_page` lays out the one-page briefing printed to PDF
  (:mod:`hotspot.maps.page`);
* :func:`dataset_label` and :func:`map_sources` frame all of them in the same
  words (:mod:`hotspot.maps.framing`, which needs no folium).
"""

import importlib

from hotspot.maps.framing import DEFAULT_TITLE, TILES, dataset_label, map_sources
from hotspot.maps.layers import AGGREGATE_ABOVE
from hotspot.maps.page import briefing_page
from hotspot.maps.render import (
    CHROMIUM_ENV,
    PNG_TIMEOUT_BASE_S,
    PNG_TIMEOUT_PER_MB_S,
    find_chromium,
    map_to_png,
    png_timeout,
    print_to_pdf,
    run_chromium,
)

__all__ = [
    "AGGREGATE_ABOVE",
    "CHROMIUM_ENV",
    "DEFAULT_TITLE",
    "PNG_TIMEOUT_BASE_S",
    "PNG_TIMEOUT_PER_MB_S",
    "TILES",
    "Map",
    "briefing_map",
    "briefing_page",
    "dataset_label",
    "find_chromium",
    "inline_resources",
    "map_sources",
    "map_to_png",
    "png_timeout",
    "print_to_pdf",
    "run_chromium",
    "save_map",
]

# The names below need folium and branca (a third of a second to import): they are
# imported on first use, so that hotspot.maps.render and hotspot.maps.page (and the
# command line's --help) stay light.
_FOLIUM_NAMES = frozenset(
    {
        "Map",
        "briefing_map",
        "inline_resources",
        "save_map",
    }
)


def __getattr__(name: str) -> object:
    """Import the folium-based names on first use (PEP 562)."""
    if name in _FOLIUM_NAMES:
        value = getattr(importlib.import_module("hotspot.maps.briefing"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'hotspot.maps' has no attribute {name!r}")


def __dir__() -> list[str]:
    """List the public names, the lazily imported ones included."""
    return sorted(set(globals()) | _FOLIUM_NAMES)
