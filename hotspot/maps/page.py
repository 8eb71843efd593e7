"""The one-page briefing: map, top hotspots, the vacuum, period and sources on A4.

:func:`briefing_page` lays the page out as HTML (A4 landscape, set by CSS);
:func:`hotspot.maps.print_to_pdf` prints it with headless Chromium. The map is
a PNG of the briefing map in its ``bare`` print mode (map and legend; the page
has its own title, table and sources), embedded in the page as a data URI so
that the page needs no other file.

The page is rendered once from an autoescaping template with every text as a
variable: text from data shows as written and runs nothing.

Examples
--------
>>> page = briefing_page(None, title="Kirkuk <weekly>", subtitle="UCDP GED 19.1",
...                      hotspots=None, sources=["UCDP GED 19.1 (CC BY 4.0)"])
>>> "Kirkuk &lt;weekly&gt;" in page and "size: A4 landscape" in page
True
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from hotspot._data import data_path
from hotspot.maps.framing import ranks

__all__ = ["TOP_HOTSPOTS", "briefing_page", "hotspot_rows"]

#: Hotspots listed in the PDF's table.
TOP_HOTSPOTS = 10

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def _template() -> jinja2.Template:
    return _ENV.from_string(data_path("maps/briefing_page.html").read_text(encoding="utf-8"))


def _text(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    return str(value)


def hotspot_rows(hotspots: pd.DataFrame | None, *, top: int = TOP_HOTSPOTS) -> list[dict]:
    """Return the rows of the hotspot table, by rank: place, counts, area, period.

    Parameters
    ----------
    hotspots : DataFrame or None
        The hotspot table (:func:`hotspot.find_hotspots`); ranks from its
        ``rank`` column, or by incidents (:func:`hotspot.hotspots.rank_hotspots`).
    top : int
        How many rows.

    Returns
    -------
    list of dict
        ``rank``, ``label``, ``where``, ``incidents``, ``fatalities``, ``area``
        (km², with the number of distinct locations when known) and ``period``
        (first and last month), as text.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"hotspot": [0, 1], "incidents": [12, 40], "label": ["A", "B"]})
    >>> [(r["rank"], r["label"]) for r in hotspot_rows(table)]
    [(1, 'B'), (2, 'A')]
    """
    if hotspots is None or not len(hotspots):
        return []
    table = pd.DataFrame(hotspots).assign(_rank=ranks(hotspots).to_numpy())
    rows = []
    for _, row in table.sort_values("_rank").head(top).iterrows():
        area = row.get("area_km2")
        area_text = "" if pd.isna(area) else f"{float(area):,.0f}"
        locations = row.get("locations")
        if area_text and locations is not None and pd.notna(locations):
            area_text += f" ({int(locations):,})"
        first, last = _text(row.get("first_date"))[:7], _text(row.get("last_date"))[:7]
        fatalities = row.get("fatalities")
        rows.append(
            {
                "rank": int(row["_rank"]),
                "label": _text(row.get("label")) or f"Hotspot {int(row['_rank'])}",
                "where": ", ".join(
                    _text(v) for v in (row.get("district"), row.get("governorate")) if _text(v)
                ),
                "incidents": f"{int(row.get('incidents', 0)):,}",
                "fatalities": "" if pd.isna(fatalities) else f"{int(fatalities):,}",
                "area": area_text,
                "period": f"{first} to {last}" if first and last and first != last else first,
            }
        )
    return rows


def briefing_page(
    map_png: str | PathLike[str] | bytes | None,
    *,
    title: str,
    subtitle: str,
    hotspots: pd.DataFrame | None,
    sources: Iterable[str],
    vacuum: Iterable[str] = (),
    notes: Iterable[str] = (),
    caveats: Iterable[str] = (),
    method: str = "",
    no_hotspot: str = "No hotspot in this period.",
    legend: str | None = None,
    top: int = TOP_HOTSPOTS,
) -> str:
    """Return the one-page briefing as HTML (A4 landscape), ready to print to PDF.

    Parameters
    ----------
    map_png : path, bytes or None
        The map as a PNG (``bare`` print mode of :func:`hotspot.maps.map_to_png`).
    title, subtitle : str
        The title and the line under it (data, period, as of).
    hotspots : DataFrame or None
        The hotspot table; the top ``top`` are listed by rank.
    sources : iterable of str
        The sources lines (:func:`hotspot.maps.map_sources`).
    vacuum : iterable of str
        Lines on the security vacuum (zones, area, rate ratio).
    notes, caveats : iterable of str
        Findings about the input and warnings on the layers.
    method : str
        How the hotspots were found (one line).
    no_hotspot : str
        The sentence shown instead of the table when there is no hotspot.
    legend : str, optional
        The map's legend, finished HTML from :func:`hotspot.maps.legend_markup`
        (our own markup: its text is escaped already), set under the map.
    top : int
        How many hotspots the table lists.

    Returns
    -------
    str
        The page (self-contained: the PNG is inlined).
    """
    image = None
    if map_png is not None:
        data = map_png if isinstance(map_png, bytes) else Path(map_png).read_bytes()
        image = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    rows = hotspot_rows(hotspots, top=top)
    total = 0 if hotspots is None else len(hotspots)
    return _template().render(
        title=str(title),
        subtitle=str(subtitle),
        image=image,
        rows=rows,
        more=max(total - len(rows), 0),
        total=total,
        vacuum=[str(v) for v in vacuum],
        notes=[str(n) for n in notes],
        caveats=[str(c) for c in caveats],
        sources=[str(s) for s in sources],
        method=str(method),
        no_hotspot=str(no_hotspot),
        legend=None if legend is None else Markup(legend),  # our own escaped markup
        map_css=Markup(data_path("maps/briefing.css").read_text(encoding="utf-8")),
    )
