"""The page around a briefing map: title band, legend, top hotspots, sources, script.

Each part is finished HTML, rendered once from an autoescaping Jinja2 template
with the text as variables, and added to the page as it is: branca reads the
output of ordinary folium elements a second time as a template, these parts it
never reads again, so a title or a source reading ``{{ ... }}`` shows as written.
The map's script (``hotspot/data/maps/briefing.js``) and style sheet are
package data, inlined once per page.

Examples
--------
>>> rows = [legend_row("dot", "#0072b2", "Battles <12>")]
>>> side = render_side(rows, hotspots=[], sources=["UCDP GED 19.1"])
>>> "Battles &lt;12&gt;" in side and "#0072b2" in side
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import jinja2
from branca.element import Element, Figure, JavascriptLink, MacroElement
from folium.elements import JSCSSMixin

from hotspot._data import data_path

__all__ = ["legend_row", "library", "render_header", "render_side"]

_BOXES = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_HEADER = _BOXES.from_string(
    """<div id="hotspot-title"><div class="hs-h">{{ title }}</div>
{%- if subtitle %}<div class="hs-sub">{{ subtitle }}</div>{% endif %}
{%- for caveat in caveats %}<div class="hs-caveat">{{ caveat }}</div>{% endfor %}</div>"""
)
_SIDE = _BOXES.from_string(
    """<div id="hotspot-side">
<details id="hotspot-legend" open><summary>Legend</summary>
{%- for section in sections %}<div class="hs-sec">
{%- for kind, css, style, label in section %}
{%- if kind == "head" %}<h2>{{ label }}</h2>
{%- elif kind == "note" %}<div class="hs-note">{{ label }}</div>
{%- elif kind == "sizes" %}<div class="hs-sizes">
{%- for d, n in css %}<figure><div class="hs-sw-hs" style="width:{{ d }}px;height:{{ d }}px">
</div>{{ n }}</figure>{% endfor %}<span>{{ label }}</span></div>
{%- else %}<div class="hs-row"><span><span class="{{ css }}" style="{{ style }}"></span></span>
<span>{{ label }}</span></div>{% endif %}
{%- endfor %}</div>{% endfor %}</details>
{%- if hotspots %}<div id="hotspot-list"><h2>{{ list_title }}</h2><table id="hotspot-top">
{%- for rank, label, count in hotspots %}<tr><td class="r">{{ rank }}</td><td>{{ label }}</td>
<td class="n">{{ count }}</td></tr>{% endfor %}</table></div>{% endif %}
</div>
{%- if sources %}<div id="hotspot-sources"><b>Sources:</b>
{% for source in sources %}<span>{{ source }}</span>{% endfor %}</div>{% endif %}"""
)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def legend_row(kind: str, colour: str, label: str) -> tuple[str, str, str, str]:
    """Return a legend row ``(kind, swatch class, swatch CSS, label)``.

    Parameters
    ----------
    kind : str
        ``"dot"``, ``"fill"``, ``"line"``, ``"dashed"``, ``"outline"``,
        ``"square"`` (a point symbol: the dams), ``"head"`` (a section title) or
        ``"note"`` (a line of text).
    colour : str
        ``#rrggbb`` from our palette (checked: it goes into CSS).
    label : str
        The text (escaped when rendered).

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> legend_row("line", "#2166ac", "Federal forward line")[1:3]
    ('hs-sw-line', 'border-top:3px solid #2166ac')

    Raises
    ------
    ValueError
        If ``colour`` is not ``#rrggbb`` or ``kind`` is unknown.
    """
    if kind in ("head", "note"):
        return kind, "", "", str(label)
    if not _COLOUR.fullmatch(colour):
        raise ValueError(f"legend colour {colour!r} is not #rrggbb")
    swatches = {
        "dot": f"background:{colour}",
        "fill": f"background:{colour}; border:1px solid #777",
        "line": f"border-top:3px solid {colour}",
        "dashed": f"border-top:3px dashed {colour}",
        "outline": f"border:2px dashed {colour}",
        "square": f"background:{colour}",
    }
    if kind not in swatches:
        raise ValueError(f"legend row kind {kind!r} is not one of {', '.join(swatches)}")
    css_class = {
        "dot": "hs-sw-dot",
        "line": "hs-sw-line",
        "dashed": "hs-sw-line",
        "square": "hs-sw-sq",
    }.get(kind, "hs-sw-fill")
    return kind, css_class, swatches[kind], str(label)


def render_header(title: str, subtitle: str, caveats: Iterable[str]) -> str:
    """Return the title band: title, subtitle (data, period, as of) and caveats."""
    return _HEADER.render(
        title=str(title), subtitle=str(subtitle or ""), caveats=[str(c) for c in caveats]
    )


def render_side(
    rows: Sequence[tuple[object, object, str, str]],
    *,
    hotspots: Sequence[tuple[int, str, str]],
    sources: Iterable[str],
    list_title: str = "Top hotspots (incidents)",
) -> str:
    """Return the side panel: legend rows, the top hotspots and the sources."""
    sections: list[list] = []
    for row in rows:  # a section starts at each heading
        if row[0] == "head" or not sections:
            sections.append([])
        sections[-1].append(row)
    return _SIDE.render(
        sections=sections,
        hotspots=list(hotspots),
        sources=[str(s) for s in sources],
        list_title=list_title,
    )


class Literal(Element):
    """Finished HTML output as it is (branca's Element would render it as a template)."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self._markup = markup

    def render(self, **kwargs: object) -> str:
        return self._markup


class Part(JSCSSMixin, MacroElement):
    """Finished markup added to the page's header, body or scripts, never re-rendered.

    Parameters
    ----------
    where : {"header", "html", "script"}
        Which part of the page.
    markup : str
        Finished HTML (or a ``<script>``'s body for ``"script"``).
    key : str, optional
        A fixed name: a later part with the same key replaces an earlier one.
    js : list of (name, url), optional
        Script links the part needs (inlined by :func:`hotspot.maps.save_map`).
    """

    def __init__(
        self,
        where: str,
        markup: str,
        *,
        key: str | None = None,
        js: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__()
        if where not in ("header", "html", "script"):
            raise ValueError(f"where={where!r}: expected header, html or script")
        self._name = "HotspotPart"
        self._where = where
        self._markup = markup
        self._key = key
        self.default_js = list(js)
        self.default_css = []

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("a map part must be added to a folium.Map inside a Figure")
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        getattr(figure, self._where).add_child(
            Literal(self._markup), name=self._key or self.get_name()
        )


@functools.cache
def _library() -> str:
    script = data_path("maps/briefing.js").read_text(encoding="utf-8")
    style = data_path("maps/briefing.css").read_text(encoding="utf-8")
    script = script.replace("</script", "<\\/script")
    return f"<style>{style}</style>\n<script>{script}</script>"


def library() -> Part:
    """Return the page part holding the map script and style sheet (added once per page)."""
    return Part("header", _library(), key="hotspot_briefing_library")
