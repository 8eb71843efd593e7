r"""Raw tables with every input line accounted for: CSV, Excel, vector files, DataFrames.

:func:`read_table` returns a :class:`RawTable`: the cells as read (text for CSV,
typed values for Excel and vector files), one label per row naming where it came
from (``"line 12"``, ``"lines 12-14"``, ``"row 7"``, ``"feature 3"``), the problems
met while splitting the file into records, and an ``accounting`` dict that
compares what the file holds (physical lines, sheet rows, features) with the
records read. Nothing here knows about incidents; :mod:`hotspot.incidents`
turns a raw table into the incident schema.

CSV quoting
-----------
A CSV record may legitimately span several physical lines (a quoted field with
line breaks). An *unbalanced* quote at the start of a field makes the ``csv``
module swallow the following lines, whole rows included, into one field, and a
second stray quote can close it so that the merged record has the right number of
fields: values of one row then silently land in another. :func:`read_table`
reads line-aware: a record spanning lines is accepted only when it has the
header's number of fields and none of its continuation lines reads, on its own,
as a complete row. Otherwise its first line is read on its own, with the stray
quote taken as a literal character (flagged), and reading goes on with the next
line, so no row is swallowed and no value moves between rows.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = folder / "quotes.csv"
>>> _ = path.write_text('id,notes,n\n1,"stray quote,5\n2,fine,6\n3,"two\nlines",7\n')
>>> raw = read_table(path)
>>> raw.table["n"].tolist(), raw.labels
(['5', '6', '7'], ['line 2', 'line 3', 'lines 4-5'])
>>> kind, message, bad = raw.notes[0][0]
>>> kind, bad, message.split(" (")[0]
('quote', False, "an unbalanced quote in field 'notes' is read as a character")
>>> {k: raw.accounting[k] for k in ("physical", "header", "blank", "records", "in_records")}
{'physical': 5, 'header': 1, 'blank': 0, 'records': 3, 'in_records': 4}
"""

from __future__ import annotations

import contextlib
import csv
import re
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio.errors

from hotspot._layers import choose_layer
from hotspot.errors import IncidentError, caller_stacklevel

__all__ = ["EXCEL_SUFFIXES", "PREFERRED_LAYERS", "TEXT_SUFFIXES", "RawTable", "read_table"]

#: File name endings read as delimited text.
TEXT_SUFFIXES: tuple[str, ...] = (".csv", ".txt")
#: File name endings read as Excel workbooks (``pip install hotspot[excel]``).
EXCEL_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls")
#: Layer names read first from a vector file with several layers.
PREFERRED_LAYERS: tuple[str, ...] = ("incidents", "events")

# A physical line, as the csv module splits them (\r\n, \r or \n).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# Stands in for a stray quote while a line is re-read (a private-use character).
_MARK = "\ue000"
# The longest field our CSV reads accept (characters). The csv module's default,
# 131,072, refuses valid files with long notes; a field cannot be longer than
# the file, and files are read into memory whole, so this bound only guards
# against what cannot be held anyway (the largest value a C long takes everywhere).
_FIELD_LIMIT = 2**31 - 1
_TOO_LONG = "field larger than field limit"
# csv.field_size_limit is process-global: raised while any of our reads runs
# (counted, so that threads reading at once do not lower it under each other)
# and put back as it was when the last one ends.
_LIMIT_LOCK = threading.Lock()
_LIMIT_STATE: dict[str, int] = {"readers": 0, "saved": 0}


@dataclass
class RawTable:
    """A table as read from its source, before any schema.

    Attributes
    ----------
    table : pandas.DataFrame
        The records: text for CSV, typed cells for Excel and vector files, the
        caller's frame itself for a DataFrame.
    labels : list of str
        Where each record came from: ``"line 12"`` (``"lines 12-14"`` when it
        spans lines), ``"row 7"`` (a sheet row, or a DataFrame index label),
        ``"feature 3"``.
    ids : list of str
        A fallback id per record (``"row-12"``: the first line, sheet row,
        feature number or index label).
    origin : str
        The file path, or ``"DataFrame"``.
    kind : str
        ``"csv"``, ``"excel"``, ``"vector"`` or ``"frame"``.
    notes : list of list of (str, str, bool)
        Problems met while reading each record: (kind, message, bad).
    unusable : numpy.ndarray of bool
        Records whose values may be shifted between fields (wrong field count).
    accounting : dict
        What the source holds and where each part went (see :func:`read_table`).
    """

    table: pd.DataFrame
    labels: list[str]
    ids: list[str]
    origin: str
    kind: str
    notes: list[list[tuple[str, str, bool]]]
    unusable: np.ndarray
    accounting: dict[str, Any] = field(default_factory=dict)

    @property
    def part_read(self) -> str:
        """For messages: which sheet or layer was read, and the others (empty otherwise).

        Examples
        --------
        >>> raw = read_table(pd.DataFrame({"a": [1]}))
        >>> raw.part_read
        ''
        """
        acc = self.accounting
        for unit, plural, holder in (("sheet", "sheets", "workbook"), ("layer", "layers", "file")):
            others = acc.get(f"{plural}_not_read")
            if others:
                return (
                    f"; read {unit} {acc[unit]!r} ({acc[f'{unit}_reason']}); the {holder}'s "
                    f"other {plural}: {', '.join(map(repr, others))} (name one with layer=)"
                )
        return ""

    def drop(self, positions: list[int], *, why: dict[int, str], key: str) -> RawTable:
        """Return the table without the records at ``positions``, recorded under ``key``.

        ``why`` maps a position to the reason, written to ``accounting[key]``
        under the record's label so that the row stays accounted for.
        """
        if not positions:
            return self
        gone = set(positions)
        keep = [i for i in range(len(self.labels)) if i not in gone]
        accounting = dict(self.accounting)
        accounting[key] = {
            **accounting.get(key, {}),
            **{self.labels[i]: why[i] for i in sorted(gone)},
        }
        table = self.table.iloc[keep]
        if self.kind != "frame":  # a file's rows are numbered 0..n-1 after the drop
            table = table.reset_index(drop=True)
        return replace(
            self,
            table=table,
            labels=[self.labels[i] for i in keep],
            ids=[self.ids[i] for i in keep],
            notes=[self.notes[i] for i in keep],
            unusable=self.unusable[keep],
            accounting=accounting,
        )


def read_table(source: Any, *, layer: str | None = None) -> RawTable:
    """Read a CSV, Excel or vector file (or take a DataFrame) with every row accounted for.

    Parameters
    ----------
    source : str, path, pandas.DataFrame or geopandas.GeoDataFrame
        ``.csv``/``.txt`` are read as UTF-8 CSV (a BOM is allowed; lines that
        all end with one more, empty, field than the header are read as a
        trailing delimiter, said once in a warning); ``.xlsx``/``.xlsm``/``.xls``
        as Excel (needs ``pip install hotspot[excel]``); anything else with
        pyogrio (GeoJSON, GeoPackage, Shapefile...).
    layer : str, optional
        The sheet of a workbook or the layer of a vector file to read. By
        default: the first sheet, or the first sheet holding a table when the
        first holds none (a cover page); the layer named ``incidents`` or
        ``events`` (:data:`PREFERRED_LAYERS`), else the first. A choice among
        several is said in a warning.

    Returns
    -------
    RawTable
        ``accounting`` holds ``unit`` (``"line"``, ``"sheet row"``,
        ``"feature"``, ``"row"``), ``physical`` (how many the source holds),
        ``header`` and ``blank`` (lines or rows that are not records),
        ``records``, ``in_records`` (lines inside records) and ``multiline``
        (label → span of records spanning lines), plus ``trailing_delimiter``,
        ``sheet``/``sheet_reason``/``sheets_not_read`` or
        ``layer``/``layer_reason``/``layers_not_read`` where they apply. For a
        file, ``header + blank + in_records == physical``.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    IncidentError
        If the file is empty, not UTF-8, unreadable, has an unbalanced quote in
        its header, names a column twice, or has no sheet or layer ``layer``
        (or is a CSV file or a table, which have none).
    ImportError
        For an Excel file when openpyxl (``.xlsx``) or xlrd (``.xls``) is missing.
    TypeError
        If ``source`` is neither a path nor a DataFrame.
    """
    if isinstance(source, pd.DataFrame):
        if layer is not None:
            raise IncidentError(f"layer={layer!r} names a sheet or layer; a table has none")
        return _from_frame(source)
    if not isinstance(source, (str, PathLike)):
        raise TypeError(
            f"source must be a file path or a (Geo)DataFrame, not {type(source).__name__}"
        )
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"incident file {str(path)!r} does not exist")
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        if layer is not None:
            raise IncidentError(
                f"{path}: layer={layer!r} names a sheet or layer; a CSV file has none"
            )
        return _read_csv(path)
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, layer)
    return _read_vector(path, layer)


# --------------------------------------------------------------------------- columns


def _header(names: list[Any], origin: str) -> list[str]:
    """Column names stripped, unnamed ones numbered; a name used twice is an error."""
    out = []
    for i, name in enumerate(names, start=1):
        text = "" if name is None or (isinstance(name, float) and np.isnan(name)) else str(name)
        out.append(text.strip() or f"unnamed_{i}")
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(out, start=1):
        seen.setdefault(name.lower(), []).append(i)
    twice = {name: where for name, where in seen.items() if len(where) > 1}
    if twice:
        said = "; ".join(
            f"{out[where[0] - 1]!r} is column {', '.join(map(str, where))}"
            for name, where in twice.items()
        )
        raise IncidentError(
            f"{origin}: a column name appears more than once ({said}; names are compared "
            "ignoring case and spaces); rename or remove the copies so that each column has "
            "one meaning"
        )
    return out


def _from_frame(frame: pd.DataFrame) -> RawTable:
    _header(list(frame.columns), "DataFrame")
    labels, ids = [], []
    for label in frame.index:
        if isinstance(label, (int, np.integer)) and not isinstance(label, bool):
            labels.append(f"row {label}")
            ids.append(f"row-{label}")
        else:
            labels.append(f"row {label!r}")
            ids.append(f"row-{label}")
    n = len(frame)
    return RawTable(
        table=frame,
        labels=labels,
        ids=ids,
        origin="DataFrame",
        kind="frame",
        notes=[[] for _ in range(n)],
        unusable=np.zeros(n, dtype=bool),
        accounting={"unit": "row", "physical": n, "header": 0, "blank": 0, "records": n},
    )


# --------------------------------------------------------------------------- CSV


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IncidentError(
            f"{path}: line {line} is not UTF-8 text ({exc.reason} at byte {exc.start}); "
            "save the file as UTF-8 CSV"
        ) from exc


def _one_line(line: str) -> list[str] | None:
    """Return the fields of one physical line read on its own (None if csv refuses it)."""
    try:
        return next(csv.reader([line.rstrip("\r\n")]), [])
    except csv.Error:
        return None


def _alone(
    line: str, width: int, *, literal_first: bool = False
) -> tuple[list[str] | None, str | None]:
    """Read one physical line on its own, taking a stray quote literally if that fits.

    Returns the fields and, when a quote had to be read as a character, the
    1-based number of the field that holds it (``None`` otherwise). The fields
    are ``None`` when the line cannot be read at all. With ``literal_first``
    (the line is known to open a quote it does not close) the literal reading
    is preferred to a quoted field that runs to the end of the line.
    """
    fields = _one_line(line)
    if fields is not None and len(fields) == width and not literal_first:
        return fields, None
    text = line.rstrip("\r\n")
    if '"' in text and _MARK not in text:
        starts = [p for p, c in enumerate(text) if c == '"' and (p == 0 or text[p - 1] == ",")]
        fits: list[tuple[list[str], int]] = []
        for p in starts:
            marked = _one_line(text[:p] + _MARK + text[p + 1 :])
            if marked is not None and len(marked) == width:
                column = next(k for k, value in enumerate(marked) if _MARK in value)
                fits.append(([value.replace(_MARK, '"') for value in marked], column + 1))
        if len(fits) == 1:
            return fits[0][0], str(fits[0][1])
        if literal_first and starts:  # no single reading: show the line with quotes as text
            marked = _one_line("".join(_MARK if p in starts else c for p, c in enumerate(text)))
            if marked is not None:
                return [value.replace(_MARK, '"') for value in marked], None
    return fields, None


def _lines_from(lines: list[str], start: int) -> Iterator[str]:
    return map(lines.__getitem__, range(start, len(lines)))


@contextlib.contextmanager
def _field_limit() -> Iterator[int]:
    """Raise the csv module's field size limit to :data:`_FIELD_LIMIT` for one read.

    The limit is global to the process: it is restored to the caller's value
    when the last of our reads running at the same time ends.
    """
    with _LIMIT_LOCK:
        if _LIMIT_STATE["readers"] == 0:
            _LIMIT_STATE["saved"] = csv.field_size_limit(_FIELD_LIMIT)
        _LIMIT_STATE["readers"] += 1
        limit = csv.field_size_limit()
    try:
        yield limit
    finally:
        with _LIMIT_LOCK:
            _LIMIT_STATE["readers"] -= 1
            if _LIMIT_STATE["readers"] == 0:
                csv.field_size_limit(_LIMIT_STATE["saved"])


def _too_long_note(limit: int) -> list[tuple[str, str, bool]]:
    return [
        (
            "fields",
            f"a field is longer than {limit:,} characters, the most the CSV reader "
            "accepts; the line is kept without its values",
            True,
        )
    ]


def _read_csv(path: Path) -> RawTable:
    with _field_limit() as limit:
        lines = _LINE.findall(_decode(path))
        raw, shape = _split_csv(lines, path, limit, trailing=False)
        if shape:  # every record ends with one more, empty, field: read it as that shape
            raw, _ = _split_csv(lines, path, limit, trailing=True)
            warnings.warn(
                f"{path}: every row has one more field than the header, always empty (each "
                "line ends with a trailing delimiter, as some exporters write); that empty "
                "last field was ignored",
                UserWarning,
                stacklevel=caller_stacklevel(),
            )
        return raw


def _split_csv(
    lines: list[str], path: Path, limit: int, *, trailing: bool
) -> tuple[RawTable, bool]:
    """Split physical lines into records (see the module docstring).

    With ``trailing`` every line is expected to end with one more, empty, field
    than the header (a trailing delimiter). Returns the table and whether, read
    without ``trailing``, every record had that shape.
    """
    origin = str(path)
    n_lines = len(lines)
    header: list[str] | None = None
    width = 0
    expect = 0  # fields a line holds: the header's, plus the trailing one
    header_lines = 0
    blank = 0
    shaped = 0  # records with exactly one more field than the header, and it empty
    records: list[list[str]] = []
    spans: list[tuple[int, int]] = []
    notes: list[list[tuple[str, str, bool]]] = []
    unusable: list[bool] = []

    def add(fields: list[str], first: int, last: int, note: list[tuple[str, str, bool]]) -> None:
        bad_width = len(fields) != expect
        if trailing and not bad_width and fields[-1].strip():
            bad_width = True  # the extra field holds a value: not a trailing delimiter
        if bad_width:
            message = f"{len(fields)} fields, header has {width}"
            if trailing:
                message += " and the other lines end with an empty field"
            if len(fields) > width:
                message += f" (extra values {fields[width:]!r})"
            note = [*note, ("fields", message + "; values may be shifted, position not used", True)]
        records.append((fields + [""] * width)[:width])
        spans.append((first, last))
        notes.append(note)
        unusable.append(bad_width)

    k = 0
    while k < n_lines:
        reader = csv.reader(_lines_from(lines, k))
        consumed = 0
        restart = None
        while True:
            first = k + consumed
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                # a field beyond the size limit (a quote that swallows the rest of
                # the file, or a truly huge cell): read the line where the record
                # starts on its own and go on after it
                too_long = _TOO_LONG in str(exc)
                if header is None:
                    why = (
                        f"the header holds a field longer than {limit:,} characters"
                        if too_long
                        else str(exc)
                    )
                    raise IncidentError(f"{path}: not a readable CSV file ({why})") from exc
                alone, column = _alone(lines[first], expect, literal_first=True)
                if alone is None and too_long and _one_line(lines[first]) is None:
                    note = _too_long_note(limit)  # the line itself is too long, no quote
                else:
                    note = _quote_note(header, column, first, None)
                add(alone or [], first, first, note)
                restart = first + 1
                break
            last = k + reader.line_num - 1
            consumed = reader.line_num
            if first == last and (not fields or (len(fields) == 1 and not fields[0].strip())):
                blank += 1
                continue
            if header is None:
                if last > first:
                    raise IncidentError(
                        f"{path}: the header (lines {first + 1}-{last + 1}) holds an unbalanced "
                        "quote; fix the quote in the first line"
                    )
                header = _header(fields, origin)
                width = len(header)
                expect = width + 1 if trailing else width
                header_lines = 1
                continue
            shaped += len(fields) == width + 1 and not fields[-1].strip()
            if first == last:
                note: list[tuple[str, str, bool]] = []
                if len(fields) != expect:
                    alone, column = _alone(lines[first], expect)
                    if column is not None and alone is not None:
                        fields, note = alone, _quote_note(header, column, first, None)
                add(fields, first, last, note)
                continue
            if len(fields) == expect and not any(
                _row_like(lines[i], expect) for i in range(first + 1, last + 1)
            ):
                add(fields, first, last, [])
                continue
            # an unbalanced quote swallowed line breaks or whole rows: read the
            # first line on its own and start again on the next one
            alone, column = _alone(lines[first], expect, literal_first=True)
            add(alone or [], first, first, _quote_note(header, column, first, last))
            restart = first + 1
            break
        if restart is None:
            break
        k = restart
    if header is None:
        raise IncidentError(f"{path}: the file is empty (expected a header line)")
    labels = [f"line {a + 1}" if a == b else f"lines {a + 1}-{b + 1}" for a, b in spans]
    in_records = sum(b - a + 1 for a, b in spans)
    accounting = {
        "unit": "line",
        "physical": n_lines,
        "header": header_lines,
        "blank": blank,
        "records": len(records),
        "in_records": in_records,
        "multiline": {
            label: b - a + 1 for label, (a, b) in zip(labels, spans, strict=True) if b > a
        },
    }
    if trailing:
        accounting["trailing_delimiter"] = True
    raw = RawTable(
        table=pd.DataFrame(records, columns=header, dtype=object),
        labels=labels,
        ids=[f"row-{a + 1}" for a, _ in spans],
        origin=origin,
        kind="csv",
        notes=notes,
        unusable=np.asarray(unusable, dtype=bool),
        accounting=accounting,
    )
    return raw, bool(records) and not trailing and shaped == len(records)


def _row_like(line: str, width: int) -> bool:
    fields, _ = _alone(line, width)
    return fields is not None and len(fields) == width


def _quote_note(
    header: list[str], column: str | None, first: int, last: int | None
) -> list[tuple[str, str, bool]]:
    """Return the note for a line re-read on its own after an unbalanced quote.

    Graded a flag when the line reads as one row with the quote taken as a
    character; otherwise bad (the field count check adds why).
    """
    swallowed = (
        f" (as a quote it would swallow lines {first + 2}-{last + 1})" if last is not None else ""
    )
    if column is None:
        return [
            ("quote", f"an unbalanced quote that no reading of the line explains{swallowed}", True)
        ]
    name = header[int(column) - 1]
    return [
        ("quote", f"an unbalanced quote in field {name!r} is read as a character{swallowed}", False)
    ]


# --------------------------------------------------------------------------- Excel


class _Workbook:
    """The sheets of a workbook, read one at a time (values only)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        suffix = path.suffix.lower()
        if suffix == ".xls":
            self._xlrd = _optional("xlrd", ".xls")
            try:
                self._book = self._xlrd.open_workbook(str(path))
            except Exception as exc:  # xlrd raises its own XLRDError and OSError/struct errors
                raise IncidentError(f"{path}: not a readable .xls workbook ({exc})") from exc
            self.names = [sheet.name for sheet in self._book.sheets()]
        else:
            self._xlrd = None
            openpyxl = _optional("openpyxl", suffix)
            try:
                self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            except Exception as exc:  # BadZipFile, KeyError, InvalidFileException...
                raise IncidentError(f"{path}: not a readable {suffix} workbook ({exc})") from exc
            self.names = [sheet.title for sheet in self._book.worksheets]

    def rows(self, index: int) -> list[tuple[Any, ...]]:
        """All rows of one sheet."""
        if self._xlrd is not None:
            sheet = self._book.sheet_by_index(index)
            return [
                tuple(
                    _xls_cell(self._xlrd, self._book, sheet.cell(r, c)) for c in range(sheet.ncols)
                )
                for r in range(sheet.nrows)
            ]
        return [tuple(row) for row in self._book.worksheets[index].iter_rows(values_only=True)]

    def has_data(self, index: int) -> bool:
        """Whether a sheet holds any value."""
        if self._xlrd is not None:
            return bool(self._book.sheet_by_index(index).nrows)
        return any(
            any(v is not None for v in row)
            for row in self._book.worksheets[index].iter_rows(values_only=True)
        )

    def close(self) -> None:
        if self._xlrd is None:
            self._book.close()


def _holds_table(rows: list[tuple[Any, ...]]) -> bool:
    """Whether a sheet holds a table: a header of two or more cells and a row below it."""
    filled = [row for row in rows if not all(_blank_cell(v) for v in row)]
    return len(filled) >= 2 and sum(not _blank_cell(v) for v in filled[0]) >= 2


def _sheet_content(rows: list[tuple[Any, ...]]) -> str:
    """Say briefly what a sheet without a table holds (for messages)."""
    cells = [v for row in rows for v in row if not _blank_cell(v)]
    if not cells:
        return "it is empty"
    shown = ", ".join(repr(str(v)[:40]) for v in cells[:3]) + (" ..." if len(cells) > 3 else "")
    return f"{len(cells)} cell{'s' if len(cells) > 1 else ''}: {shown}"


def _excel_rows(
    path: Path, layer: str | None
) -> tuple[list[tuple[Any, ...]], str, str, list[str], bool]:
    """Choose the sheet to read.

    The named sheet (``layer``); else the first sheet, unless it holds no table
    and a later sheet does (a cover page before the data): then the first sheet
    that does. Returns its rows, its name, why it was chosen, the other sheets
    with data, and whether the rule passed over the first sheet.
    """
    book = _Workbook(path)
    try:
        names = book.names
        if layer is not None:
            if layer not in names:
                raise IncidentError(
                    f"{path}: no sheet {layer!r}; the workbook's sheets are "
                    f"{', '.join(map(repr, names))}"
                )
            chosen = names.index(layer)
            rows = book.rows(chosen)
            reason = f"sheet {layer!r} named with layer="
        else:
            chosen, rows = 0, book.rows(0)
            reason = f"the first sheet, {names[0]!r}"
            if not _holds_table(rows):
                for index in range(1, len(names)):
                    candidate = book.rows(index)
                    if _holds_table(candidate):
                        reason = (
                            f"the first sheet, {names[0]!r}, holds no table "
                            f"({_sheet_content(rows)}); sheet {names[index]!r} is the first "
                            "that does"
                        )
                        chosen, rows = index, candidate
                        break
        others = [n for i, n in enumerate(names) if i != chosen and book.has_data(i)]
        return rows, names[chosen], reason, others, layer is None and chosen != 0
    finally:
        book.close()


def _xls_cell(xlrd: Any, book: Any, cell: Any) -> Any:
    if cell.ctype == xlrd.XL_CELL_EMPTY or cell.ctype == xlrd.XL_CELL_BLANK:
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(cell.value, book.datemode)
    return cell.value


def _optional(module: str, suffix: str) -> Any:
    try:
        return __import__(module)
    except ImportError as exc:
        raise ImportError(
            f"reading {suffix} files needs the optional package {module}: "
            "pip install 'hotspot[excel]' (or save the sheet as CSV UTF-8)"
        ) from exc


def _blank_cell(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_excel(path: Path, layer: str | None) -> RawTable:
    origin = str(path)
    rows, sheet, reason, others, moved = _excel_rows(path, layer)
    header: list[str] | None = None
    width = 0
    blank = 0
    header_rows = 0
    records: list[list[Any]] = []
    numbers: list[int] = []
    notes: list[list[tuple[str, str, bool]]] = []
    unusable: list[bool] = []
    for number, row in enumerate(rows, start=1):
        if all(_blank_cell(v) for v in row):
            blank += 1
            continue
        if header is None:
            last = max(i for i, v in enumerate(row) if not _blank_cell(v))
            header = _header(list(row[: last + 1]), origin)
            width = len(header)
            header_rows = 1
            continue
        values = list(row[:width]) + [None] * max(0, width - len(row))
        extra = [v for v in row[width:] if not _blank_cell(v)]
        note: list[tuple[str, str, bool]] = []
        if extra:
            note.append(
                (
                    "fields",
                    f"values beyond the header's last column {extra!r}; values may be "
                    "shifted, position not used",
                    True,
                )
            )
        records.append(values)
        numbers.append(number)
        notes.append(note)
        unusable.append(bool(extra))
    listed = ", ".join(map(repr, others))
    if header is None:
        raise IncidentError(
            f"{path}: sheet {sheet!r} is empty (expected a header row)"
            + (
                f"; the workbook's other sheets with data: {listed} (name one with layer=)"
                if others
                else ""
            )
        )
    if moved:
        warnings.warn(
            f"{path}: read sheet {sheet!r}: {reason}"
            + (f"; other sheets with data, not read: {listed}" if others else ""),
            UserWarning,
            stacklevel=caller_stacklevel(),
        )
    elif others and layer is None:
        warnings.warn(
            f"{path}: read sheet {sheet!r} only; the workbook has other sheets with data "
            f"({listed}) that were not read (name one with layer=)",
            UserWarning,
            stacklevel=caller_stacklevel(),
        )
    accounting = {
        "unit": "sheet row",
        "physical": len(rows),
        "header": header_rows,
        "blank": blank,
        "records": len(records),
        "in_records": len(records),
        "multiline": {},
        "sheet": sheet,
        "sheet_reason": reason,
        "sheets_not_read": others,
    }
    return RawTable(
        table=pd.DataFrame(records, columns=header, dtype=object),
        labels=[f"row {n}" for n in numbers],
        ids=[f"row-{n}" for n in numbers],
        origin=origin,
        kind="excel",
        notes=notes,
        unusable=np.asarray(unusable, dtype=bool),
        accounting=accounting,
    )


# --------------------------------------------------------------------------- vector


def _read_vector(path: Path, layer: str | None) -> RawTable:
    unreadable = (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError)
    try:
        choice = choose_layer(path, layer=layer, prefer=PREFERRED_LAYERS, error=IncidentError)
        frame = gpd.read_file(path, layer=choice.name)
    except unreadable as exc:
        raise IncidentError(
            f"{path}: not a readable vector file ({exc}); expected a CSV, an Excel workbook "
            "or a complete GeoJSON / GeoPackage / Shapefile (is the file truncated?)"
        ) from exc
    if choice.warning:
        warnings.warn(f"{path}: {choice.warning}", UserWarning, stacklevel=caller_stacklevel())
    _header(list(frame.columns), str(path))
    n = len(frame)
    accounting: dict[str, Any] = {
        "unit": "feature",
        "physical": n,
        "header": 0,
        "blank": 0,
        "records": n,
    }
    accounting.update(
        layer=choice.name, layer_reason=choice.reason, layers_not_read=list(choice.others)
    )
    return RawTable(
        table=frame,
        labels=[f"feature {i + 1}" for i in range(n)],
        ids=[f"row-{i + 1}" for i in range(n)],
        origin=str(path),
        kind="vector",
        notes=[[] for _ in range(n)],
        unusable=np.zeros(n, dtype=bool),
        accounting=accounting,
    )
