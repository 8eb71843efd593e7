r"""Make text from data inert wherever it is shown: HTML, templates, XML, terminals, CSV.

Data is never code. Every text that comes from an input file (event types,
notes, place names, file names, titles, labels) passes through one of these
helpers on its way out, each for one kind of destination:

* :func:`html_text` — HTML that may later be read as a Jinja2 template (folium
  and branca render every element's output a second time as a template), so
  braces and ``%`` are escaped too;
* :func:`xml_attr` — an XML attribute value (QGIS styles);
* :func:`terminal_text` and :func:`terminal_json` — text printed to a terminal
  (no escape sequences or other control characters);
* :func:`csv_safe` — CSV cells that a spreadsheet would run as formulas.

Text shown to a person (terminals and HTML) also loses the invisible format
characters that change how the text around them displays
(:func:`visible_text`): the bidirectional embeddings, overrides and isolates
(U+202A-U+202E, U+2066-U+2069) and marks (U+200E, U+200F, U+061C), with which
``Kirk\u202euk`` displays as "Kirkku" and a right-to-left override can reverse
the columns after it; zero-width spaces, word joiners, the BOM, soft hyphens,
tag characters. Line and paragraph separators (U+2028, U+2029) become newlines.
Arabic, Kurdish and Persian text is kept as written: the zero-width non-joiner
and joiner (U+200C, U+200D) choose letter forms there (``ناحیە\u200cی`` is not ``ناحیەی``)
and are kept between two letters of such a script; elsewhere (between Latin
letters, at the ends of a word) they show nothing and only make two names that
look the same differ, so they go. Marks lost this way change no letter, and
everything data-bearing (CSV files, GeoJSON, ``--format geojson``) keeps the text
whole (``--format geojson`` escapes them as ``\uXXXX``). CSV files on disk keep
them too: a spreadsheet lays out each cell on its own, so an override there cannot
reach beyond its cell, and the file must give back the data it was given.

Examples
--------
>>> html_text("{{7*7}} <b>")
'&#123;&#123;7*7&#125;&#125; &lt;b&gt;'
>>> terminal_text("\x1b[31mred\x1b[0m")
'red'
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd

__all__ = [
    "FORMULA_PREFIXES",
    "csv_safe",
    "html_text",
    "neutralise_formula",
    "terminal_json",
    "terminal_text",
    "visible_text",
    "xml_attr",
]

# Invisible format characters that change how text displays: bidi embeddings,
# overrides, isolates and marks; zero-width space, word joiner and invisible
# operators; BOM; soft hyphen; Mongolian vowel separator; deprecated format
# characters; interlinear annotation; tag characters.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_JOINER = re.compile("[\u200c\u200d]")
_SEPARATOR = str.maketrans({"\u2028": "\n", "\u2029": "\n"})


def _meaningful_joiner(text: str, at: int) -> bool:
    """Whether the ZWNJ/ZWJ at ``at`` sits between two letters of a script that joins."""
    if at == 0 or at == len(text) - 1:
        return False
    before, after = text[at - 1], text[at + 1]
    return before.isalpha() and after.isalpha() and not (before.isascii() or after.isascii())


def visible_text(text: object) -> str:
    """Return ``str(text)`` without the invisible characters that spoof how it displays.

    Removes bidirectional controls (embeddings, overrides, isolates, marks) and
    other invisible format characters; keeps a zero-width non-joiner or joiner
    only between two non-Latin letters (Persian, Kurdish, Arabic words, where
    it chooses letter forms); turns line and paragraph separators into
    newlines. Everything else is kept. See the module docstring for why.

    Parameters
    ----------
    text : object
        Any value; it is converted with ``str``.

    Returns
    -------
    str
        The text as it should display.

    Examples
    --------
    >>> visible_text("Kirk\u202euk")
    'Kirkuk'
    >>> visible_text("ناحیە\u200cی") == "ناحیە\u200cی"
    True
    """
    out = _INVISIBLE.sub("", str(text)).translate(_SEPARATOR)
    if "\u200c" in out or "\u200d" in out:
        out = _JOINER.sub(
            lambda m: m.group(0) if _meaningful_joiner(m.string, m.start()) else "", out
        )
    return out


# One pass over the text: HTML's five specials, plus "{", "}" and "%" (every
# Jinja2 delimiter starts with "{"; "}" and "%" close them).
_HTML = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#x27;",
        "{": "&#123;",
        "}": "&#125;",
        "%": "&#37;",
    }
)


def html_text(value: object) -> str:
    """Return ``str(value)`` escaped for HTML and inert in a Jinja2 template.

    The browser shows the original text (entities decode once) less the
    invisible characters that would change how it displays
    (:func:`visible_text`); no tag, attribute, script or template expression in
    it has any effect.

    Parameters
    ----------
    value : object
        Any value; it is converted with ``str``.

    Returns
    -------
    str
        The escaped text.

    Examples
    --------
    >>> html_text('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> html_text("{% if x %}50%{% endif %}")
    '&#123;&#37; if x &#37;&#125;50&#37;&#123;&#37; endif &#37;&#125;'
    """
    return visible_text(value).translate(_HTML)


# Characters XML 1.0 cannot carry at all, even as character references.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_ATTR = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&apos;",
        "\t": "&#9;",  # character references survive attribute-value normalisation
        "\n": "&#10;",
        "\r": "&#13;",
    }
)


def xml_attr(value: object) -> str:
    r"""Return ``str(value)`` as the content of a quoted XML attribute.

    Markup characters are escaped; tab, newline and carriage return are kept
    as character references (a parser would otherwise turn them into spaces);
    the control characters XML 1.0 cannot represent are dropped.

    Parameters
    ----------
    value : object
        Any value; it is converted with ``str``.

    Returns
    -------
    str
        The escaped text.

    Examples
    --------
    >>> xml_attr('a & b ]]> "c"\x1b')
    'a &amp; b ]]&gt; &quot;c&quot;'
    """
    return _XML_ILLEGAL.sub("", str(value)).translate(_XML_ATTR)


# Escape sequences (7-bit and 8-bit forms): CSI ... final byte; OSC/DCS/PM/APC/SOS
# ... BEL or ST; any other two-character ESC sequence.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\-_]?"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_text(text: object) -> str:
    r"""Return text safe to print on a terminal: no escape sequences, no control characters.

    ANSI/VT escape sequences (colours, cursor moves, window titles, 8-bit C1
    forms) are removed whole; other C0 and C1 control characters and DEL are
    removed, and so are bidirectional overrides and other invisible format
    characters (:func:`visible_text`: ``Kirk\u202euk`` prints as "Kirkuk",
    Arabic and Kurdish text as written). Newline and tab are kept.

    Parameters
    ----------
    text : object
        Any value; it is converted with ``str``.

    Returns
    -------
    str
        The cleaned text.

    Examples
    --------
    >>> terminal_text("ok\x1b]0;new title\x07 done\r\n")
    'ok done\n'
    >>> terminal_text("Kerkûk / کەرکووک")
    'Kerkûk / کەرکووک'
    """
    return visible_text(_CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", str(text))))


_C1 = re.compile("[\x80-\x9f\u2028\u2029]")


def _escape(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:  # a surrogate pair, as JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _escape_invisible(text: str) -> str:
    text = _INVISIBLE.sub(lambda m: _escape(m.group(0)), text)
    return _JOINER.sub(
        lambda m: m.group(0) if _meaningful_joiner(m.string, m.start()) else _escape(m.group(0)),
        text,
    )


def terminal_json(document: Any) -> str:
    r"""Return a JSON text safe to print: every control character ``\u``-escaped.

    Unlike :func:`terminal_text` nothing is lost: ``json.loads`` gives back
    the same data. Non-ASCII text stays readable; the invisible format
    characters :func:`visible_text` removes are escaped too.

    Parameters
    ----------
    document : object
        Anything :func:`json.dumps` accepts.

    Returns
    -------
    str
        The JSON text.

    Examples
    --------
    >>> terminal_json({"name": "a\x1b[2J\x9b"})
    '{"name": "a\\u001b[2J\\u009b"}'
    """
    text = json.dumps(document, ensure_ascii=False)
    return _escape_invisible(_C1.sub(lambda m: _escape(m.group(0)), text))


#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_formula(value: object) -> object:
    r"""Prefix ``'`` to a text cell that a spreadsheet would run as a formula.

    Text starting with one of :data:`FORMULA_PREFIXES` gets a leading
    apostrophe (shown as text by Excel, LibreOffice and Google Sheets), unless
    it is a plain number such as ``-3.5``. Anything that is not a string is
    returned unchanged.

    Parameters
    ----------
    value : object
        A cell value.

    Returns
    -------
    object
        The value, neutralised when needed.

    Examples
    --------
    >>> neutralise_formula('=HYPERLINK("http://x")'), neutralise_formula("-3.5")
    ('\'=HYPERLINK("http://x")', '-3.5')
    >>> neutralise_formula(-3.5)
    -3.5
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the table with every text cell passed through :func:`neutralise_formula`.

    Numeric, boolean and date columns are untouched; text, object and
    categorical columns are checked cell by cell. The input is not modified
    (a copy is made only when a cell changes).

    Parameters
    ----------
    frame : pandas.DataFrame
        A table about to be written as CSV.

    Returns
    -------
    pandas.DataFrame
        The same table, safe to open in a spreadsheet.

    Examples
    --------
    >>> import pandas as pd
    >>> csv_safe(pd.DataFrame({"q": ["@SUM(1)", "Kirkuk"], "lat": [-3.5, 35.4]}))
              q   lat
    0  '@SUM(1)  -3.5
    1    Kirkuk  35.4
    """
    out = None
    for i in range(frame.shape[1]):  # by position: column names may repeat
        series = frame.iloc[:, i]
        if not (
            series.dtype == object
            or isinstance(series.dtype, (pd.StringDtype, pd.CategoricalDtype))
        ):
            continue
        text = series.astype(object)
        safe = text.map(neutralise_formula)
        if not safe.equals(text):
            if out is None:
                out = frame.copy()
            out.isetitem(i, safe)
    return frame if out is None else out
