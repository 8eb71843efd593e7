"""The ``hotspot`` command line: a thin layer over the library.

Each subcommand is one function; formatting helpers are shared. Unresolved
names are not errors (they have a status), but a one-line summary goes to
stderr. Missing or unreadable input files (empty, not UTF-8) exit with code 2 and
name the file and the form expected.

Errors never end in a traceback: a known problem prints its message, anything
unexpected prints one line naming the file being handled (``--debug`` shows
the traceback). Warnings print as ``warning:`` lines on stderr. Everything
printed from data has its control characters and escape sequences removed, and
CSV cells that a spreadsheet would run as formulas are prefixed with ``'``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import select
import shutil
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import click
import geopandas as gpd
import numpy as np
import pandas as pd

from hotspot import __version__, datasets
from hotspot._data import data_path
from hotspot._io import MANIFEST, atomic_file, write_csv
from hotspot._sanitize import csv_safe, terminal_json, terminal_text
from hotspot.analyze import (
    OUTPUTS,
    analyze,
    check_out_dir,
    front_lines,
    input_files,
    load_input,
)
from hotspot.boundaries import fetch_admin
from hotspot.download import fetch_acled, fetch_geonames, fetch_ucdp
from hotspot.errors import HotspotError
from hotspot.export import write_geojson, write_geopackage
from hotspot.extract import EXTRACT_COLUMNS, extract_places
from hotspot.gaps import find_gaps
from hotspot.gazetteer import COLUMNS as GAZETTEER_COLUMNS
from hotspot.gazetteer import extend_gazetteer, load_gazetteer, read_geonames, read_location_list
from hotspot.geocode import GEOCODE_COLUMNS, Geocoder, geocode
from hotspot.hotspots import DEFAULT_MIN_SAMPLES
from hotspot.maps.render import CHROMIUM_ENV, find_chromium

__all__ = ["main"]

FORMATS: tuple[str, ...] = ("table", "csv", "geojson")
_COORD_DECIMALS = 7

_EXAMPLES = """
\b
Examples:
  hotspot geocode Kirkuk "Wadi al-Shay" Mexmur
  hotspot geocode --format geojson --within Diyala Rashad
  hotspot geocode --file names.txt --format csv
  hotspot geocode --file incidents.csv --column location
  hotspot geocode --file dtm.csv --column "Location Name" --within-column Governorate
  hotspot extract --sample
  hotspot extract --format geojson report.txt
"""


def _version() -> str:
    return __version__


_MAIN_EXAMPLES = """
\b
Examples:
  hotspot analyze                       # the whole pipeline on the bundled sample
  hotspot analyze acled.csv --out brief/
  hotspot gaps --coverage-m 2000 --incidents acled.csv --out gaps/
  hotspot geocode Kirkuk "Wadi al-Shay" Mexmur
  hotspot extract --sample
"""


_DEBUG = "hotspot.debug"  # ctx.meta keys (meta is shared by every nested context)
_FILE = "hotspot.file"


def _echo(text: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Print text with control characters and escape sequences removed."""
    click.echo(terminal_text(text), err=err, nl=nl)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    _echo(f"warning: {' '.join(str(message).split())}", err=True)


@contextlib.contextmanager
def _handling(what: object) -> Iterator[None]:
    """Name the file (or folder) being handled in an unexpected error's message."""
    meta = click.get_current_context().meta
    before = meta.get(_FILE)
    meta[_FILE] = str(what)
    yield  # on an error the name stays for the error handler of the group
    meta[_FILE] = before


def _stdout_gone() -> bool:
    """Whether standard output is a pipe whose reader has closed it."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(event & select.POLLERR for _, event in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll (Windows), or no real stdout
        return True


class _Main(click.Group):
    """The command group: warnings to stderr, errors as messages, never a traceback."""

    def invoke(self, ctx: click.Context):
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = _show_warning
            try:
                return super().invoke(ctx)
            except click.ClickException as exc:  # usage errors may quote data: clean them
                exc.message = terminal_text(exc.message)
                raise
            except (click.exceptions.Exit, click.Abort):
                raise
            except Exception as exc:
                if ctx.meta.get(_DEBUG):
                    raise
                if isinstance(exc, BrokenPipeError) and _stdout_gone():
                    raise  # the reader of the output left (`| head`): click ends quietly
                _report_error(exc, ctx.meta.get(_FILE))
                ctx.exit(1)


def _report_error(exc: Exception, where: str | None) -> None:
    """Print an error as a message: ours whole, anything else on one line naming the file."""
    if isinstance(exc, HotspotError):  # written for the user: names the file, row or field
        _echo(f"error: {exc}", err=True)
        return
    text = " ".join(str(exc).split()) or "no details"
    builtin = type(exc).__module__ == "builtins"
    kind = (
        "" if builtin and isinstance(exc, (ValueError, LookupError)) else f"{type(exc).__name__}: "
    )
    place = f" while handling {where}" if where else ""
    _echo(f"error{place}: {kind}{text} (--debug shows the traceback)", err=True)


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_DEBUG] = True


_DEBUG_OPTION = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_debug,
    help="On an unexpected error, show the Python traceback.",
)


@click.group(
    cls=_Main,
    help="Geocode Iraqi place names, find hotspots and map the security vacuum in the "
    "disputed territories.\n" + _MAIN_EXAMPLES,
)
@click.version_option(version=_version(), prog_name="hotspot")
@_DEBUG_OPTION
def main() -> None:
    """Run the hotspot command line."""


# ------------------------------------------------------------------ helpers
def _json_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item"):  # numpy scalar
        return _json_value(value.item())
    return value


def _feature_collection(frame: gpd.GeoDataFrame, properties: Sequence[str]) -> dict:
    """RFC 7946 FeatureCollection: lon/lat, no "crs" member, <= 7 decimals."""
    features = []
    for row in frame.itertuples(index=False):
        geom = row.geometry
        if geom is None or geom.is_empty:
            geometry = None
        else:
            geometry = {
                "type": "Point",
                "coordinates": [round(geom.x, _COORD_DECIMALS), round(geom.y, _COORD_DECIMALS)],
            }
        props = {p: _json_value(getattr(row, p)) for p in properties}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _with_lat_lon(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    out = pd.DataFrame(frame.drop(columns="geometry"))
    has = ~(frame.geometry.isna() | frame.geometry.is_empty)
    out["lat"] = float("nan")
    out["lon"] = float("nan")
    out.loc[has, "lat"] = frame.geometry[has].y.round(_COORD_DECIMALS)
    out.loc[has, "lon"] = frame.geometry[has].x.round(_COORD_DECIMALS)
    return out


#: Rows formatted at a time by :func:`_emit`: the output of a large result is
#: streamed, never built whole (issue #15: bounded memory for `hotspot extract`).
_CHUNK_ROWS = 5000


def _chunks(frames: Sequence[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Yield the rows of the frames, :data:`_CHUNK_ROWS` at a time, in order."""
    for frame in frames:
        for start in range(0, len(frame), _CHUNK_ROWS):
            yield frame.iloc[start : start + _CHUNK_ROWS]


def _emit(
    frames: gpd.GeoDataFrame | Sequence[gpd.GeoDataFrame],
    fmt: str,
    properties: Sequence[str],
    shown: Sequence[str] | None = None,
) -> None:
    """Print a result: GeoJSON and CSV with every property, a table with ``shown`` ones.

    ``frames`` (one result, or one per input file, with the same columns) are
    printed one after the other as one document, a chunk of rows at a time:
    the output is the same as of the frames concatenated, without building it.
    """
    frames = [frames] if isinstance(frames, pd.DataFrame) else list(frames)
    if len({tuple(map(str, f.dtypes)) for f in frames}) > 1:  # rare: let concat align them
        frames = [gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")]
    if fmt == "geojson":  # control characters \u-escaped: safe to print, nothing lost
        _emit_geojson(frames, properties)
        return
    columns = properties if fmt == "csv" or shown is None else shown

    def table(chunk: gpd.GeoDataFrame) -> pd.DataFrame:
        return _with_lat_lon(chunk)[[*columns, "lat", "lon"]]

    if fmt == "csv":
        header = True
        for chunk in _chunks(frames):
            cells = csv_safe(_terminal_cells(table(chunk), one_line=False))
            _echo(cells.to_csv(index=False, header=header), nl=False)
            header = False
        if header:  # no row: the header alone
            _echo(table(frames[0].iloc[:0]).to_csv(index=False), nl=False)
        return

    def shown_cells(chunk: gpd.GeoDataFrame, only: Sequence[str] | None = None) -> pd.DataFrame:
        cells = table(chunk) if only is None else table(chunk)[list(only)]
        return _terminal_cells(cells.astype(object).where(cells.notna(), ""), one_line=True)

    for text in _table_text(frames, shown_cells):
        _echo(text)


def _table_text(
    frames: Sequence[pd.DataFrame], shown_cells: Callable[..., pd.DataFrame]
) -> Iterator[str]:
    """Yield the printed table of the frames' rows a chunk at a time, header first.

    The text is that of one ``to_string`` of all the rows: every column padded
    to its width over all rows. Columns holding numbers are formatted once,
    whole, as pandas formats a column (floats get a common number of decimals
    when no cell is blank); the others chunk by chunk.
    """
    widths: dict[str, int] = {}
    numeric: set[str] = set()
    for chunk in _chunks(frames):  # 1: the widths; which columns hold numbers
        cells = shown_cells(chunk)
        for column in cells.columns:
            values = cells[column]
            if (
                column in numeric
                or pd.api.types.is_float_dtype(values.dtype)
                or (values.dtype == object and values.map(_is_float).any())
            ):
                numeric.add(column)
            else:
                widths[column] = max(widths.get(column, 0), _width(cells[column]))
    formatted: dict[str, list[str]] = {}
    if numeric:  # 2: those columns formatted whole (a few short texts per row)
        parts = [shown_cells(chunk, sorted(numeric)) for chunk in _chunks(frames)]
        whole = pd.concat(parts, ignore_index=True)
        del parts
        for column in whole.columns:
            header, *formatted[column] = _column_lines(whole[column], header=True)
            widths[column] = max(map(len, [header, *formatted[column]]))
        del whole
    start = 0
    for chunk in _chunks(frames):  # 3: the rows, padded to the widths
        cells = shown_cells(chunk)
        for column, lines in formatted.items():
            cells[column] = lines[start : start + len(cells)]
        yield cells.to_string(index=False, header=start == 0, col_space=widths)
        start += len(cells)


def _column_lines(values: pd.Series, *, header: bool = False) -> list[str]:
    """Return a column's cells (its name first) as ``to_string`` prints them in a table.

    The column is printed after an empty one: pandas drops the leading space
    of a first column (a number's sign place), which it keeps in any other; a
    numeric column's name gets that space too.
    """
    frame = pd.DataFrame({"": pd.Series("", index=values.index), values.name: values})
    return [line[1:] for line in frame.to_string(index=False, header=header).split("\n")]


def _width(values: pd.Series) -> int:
    """Return the width ``to_string`` gives a column (its name included)."""
    if isinstance(values.dtype, pd.StringDtype):  # text is printed as it is: its length
        return max(len(str(values.name)), int(values.str.len().max()))
    return max(map(len, _column_lines(values, header=True)))


def _is_float(value: object) -> bool:
    return isinstance(value, (float, np.floating))


def _emit_geojson(frames: Sequence[gpd.GeoDataFrame], properties: Sequence[str]) -> None:
    """Print one RFC 7946 FeatureCollection, a chunk of features at a time."""
    click.echo('{"type": "FeatureCollection", "features": [', nl=False)
    first = True
    for chunk in _chunks(frames):
        features = _feature_collection(chunk, properties)["features"]
        text = ", ".join(terminal_json(feature) for feature in features)
        click.echo(text if first else ", " + text, nl=False)
        first = False
    click.echo("]}")


def _terminal_cells(table: pd.DataFrame, *, one_line: bool) -> pd.DataFrame:
    """Remove control characters and escape sequences inside text cells.

    With ``one_line`` a cell's line breaks and runs of spaces become one space,
    so that no cell spans rows of a printed table.
    """
    done: dict[str, str] = {}  # names repeat: each distinct text is cleaned once

    def clean(value: object) -> object:
        if not isinstance(value, str):
            return value
        text = done.get(value)
        if text is None:
            text = terminal_text(value)
            text = done[value] = " ".join(text.split()) if one_line else text
        return text

    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or isinstance(out[column].dtype, pd.StringDtype):
            out[column] = out[column].map(clean)
    return out


def _summary(statuses: pd.Series, what: str) -> None:
    counts = statuses.value_counts()
    parts = [f"{int(counts.get(s, 0))} {s}" for s in ("resolved", "ambiguous", "unresolved")]
    if counts.get("invalid", 0):
        parts.append(f"{int(counts['invalid'])} invalid")
    _echo(f"{len(statuses)} {what}: " + ", ".join(parts), err=True)


_NAMES_FORM = "UTF-8 text with one name per line, or a UTF-8 CSV with a header row"
_CSV_FORM = "a UTF-8 CSV with a header row"
_TEXT_FORM = "a UTF-8 text file"


def _unreadable(path: Path, exc: Exception, expected: str) -> click.UsageError:
    """Return a usage error (exit 2) naming the file, the problem and the expected form."""
    if isinstance(exc, pd.errors.EmptyDataError):
        reason = "the file is empty"
    elif isinstance(exc, UnicodeDecodeError):
        reason = f"not UTF-8 ({exc.reason} at byte {exc.start})"
    else:
        reason = str(exc).strip() or type(exc).__name__
    return click.UsageError(f"cannot read {path}: {reason}; expected {expected}")


def _read_csv_text(path: Path, expected: str = _CSV_FORM, **kwargs: object) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", **kwargs)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise _unreadable(path, exc, expected) from exc


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unreadable(path, exc, _TEXT_FORM) from exc


def _read_names(path: Path, column: str | None) -> list[str]:
    if column is not None or path.suffix.lower() == ".csv":
        table = _read_csv_text(path, _NAMES_FORM)
        if column is None:
            column = table.columns[0]
        if column not in table.columns:
            raise click.BadParameter(
                f"column {column!r} is not in {path} (columns: {', '.join(table.columns)})",
                param_hint="--column",
            )
        return table[column].tolist()
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise _unreadable(path, exc, _NAMES_FORM) from exc
    return [line.strip() for line in lines if line.strip()]


def _parse_near(near: str | None) -> tuple[float, float] | str | None:
    if near is None:
        return None
    parts = near.split(",")
    if len(parts) == 2:
        try:
            return float(parts[0]), float(parts[1])
        except ValueError:
            pass
    return near


def _user_gazetteer(paths: Sequence[Path]):
    """Return a geocoder over the bundled gazetteer plus user files (schema or location list)."""
    if not paths:
        return None
    table = load_gazetteer()
    for i, path in enumerate(paths, start=1):
        header = _read_csv_text(
            path,
            "a UTF-8 CSV with a header row: the gazetteer columns, or name/lat/lon",
            nrows=0,
        ).columns
        if set(GAZETTEER_COLUMNS) <= set(header):
            table = extend_gazetteer(table, path)
        else:
            table = extend_gazetteer(table, read_location_list(path, id_prefix=f"user{i}"))
    return Geocoder(table)


_GAZETTEER_OPTION = click.option(
    "--gazetteer",
    "gazetteers",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Extra places: a CSV in the gazetteer schema, or a location list with "
    "name/lat/lon columns (IOM DTM, ACLED). Repeatable.",
)


# ------------------------------------------------------------------ geocode
#: Properties of `hotspot geocode` output: the columns of :func:`hotspot.geocode.geocode`.
GEOCODE_PROPERTIES = GEOCODE_COLUMNS
#: The columns the table format shows (CSV and GeoJSON carry them all).
GEOCODE_TABLE = (
    "query",
    "status",
    "match",
    "name",
    "feature_type",
    "governorate",
    "district",
    "score",
    "note",
)


@main.command("geocode", epilog=_EXAMPLES)
@click.argument("names", nargs=-1)
@click.option(
    "--file",
    "-f",
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read names from a file: one per line, or a CSV (see --column).",
)
@click.option("--column", "-c", help="CSV column holding the names (default: the first).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--within",
    help="Governorate, district or sub-district (name or OCHA p-code) every place must "
    "lie in: a place outside it is never the answer.",
)
@click.option(
    "--within-column",
    "within_columns",
    multiple=True,
    help="CSV column (with --file) naming each row's governorate, district or "
    "sub-district: that row's place must lie in it. Repeatable: all must hold.",
)
@click.option("--near", help="'lat,lon' or a place name; the nearest candidate wins.")
@click.option(
    "--max-km",
    type=float,
    help="With --near: places farther than this many kilometres are never the answer.",
)
@_GAZETTEER_OPTION
@_DEBUG_OPTION
def geocode_command(
    names: tuple[str, ...],
    file: Path | None,
    column: str | None,
    fmt: str,
    within: str | None,
    within_columns: tuple[str, ...],
    near: str | None,
    max_km: float | None,
    gazetteers: tuple[Path, ...],
) -> None:
    """Resolve place NAMES to gazetteer places (one output row per name, in order).

    A name the gazetteer does not hold is "unresolved", with the closest names
    it does hold as suggestions; see docs/geocoding.md for the rules.
    """
    values: list[str] = list(names)
    hints: list[object] | None = None
    if within_columns:
        if file is None or names:
            raise click.UsageError("--within-column needs --file (a CSV) and no NAMES")
        if within is not None:
            raise click.UsageError("give --within or --within-column, not both")
    if file is not None:
        values += _read_names(file, column)
        if within_columns:
            hints = _read_hints(file, within_columns)
    elif column is not None:
        raise click.UsageError("--column needs --file")
    if not values:
        raise click.UsageError("give at least one NAME or --file")
    if max_km is not None and near is None:
        raise click.UsageError("--max-km needs --near")
    try:
        geocoder = _user_gazetteer(gazetteers)
        out = geocode(
            values,
            within=hints if hints is not None else within,
            near=_parse_near(near),
            max_km=max_km,
            gazetteer=geocoder,
        )
    except (HotspotError, LookupError, ValueError, TypeError) as exc:
        raise click.UsageError(str(exc)) from exc
    _emit(out, fmt, GEOCODE_PROPERTIES, GEOCODE_TABLE)
    _summary(out["status"], "names")


def _read_hints(path: Path, columns: Sequence[str]) -> list[object]:
    """Each row's hint from the CSV columns named (a tuple when there are several)."""
    table = _read_csv_text(path, _CSV_FORM)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise click.BadParameter(
            f"column(s) {', '.join(map(repr, missing))} not in {path} "
            f"(columns: {', '.join(table.columns)})",
            param_hint="--within-column",
        )
    rows = table[list(columns)].to_numpy(dtype=object)
    return [tuple(v for v in row if v) or None for row in rows]


# ------------------------------------------------------------------ extract
#: Properties of `hotspot extract` output: the file, then :func:`extract_places` columns.
EXTRACT_PROPERTIES = ("file", *(c for c in EXTRACT_COLUMNS if c != "candidates"))
#: The columns the table format shows (GeoJSON carries them all).
EXTRACT_TABLE = (
    "file",
    "surface",
    "start",
    "end",
    "status",
    "match",
    "name",
    "feature_type",
    "governorate",
    "district",
    "score",
)


@main.command("extract", epilog=_EXAMPLES)
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "geojson")),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("--sample", is_flag=True, help="Run on the bundled sample news report.")
@click.option(
    "--within",
    help="Governorate, district or sub-district (name or OCHA p-code) every place must "
    "lie in: a mention of a place outside it is unresolved.",
)
@_GAZETTEER_OPTION
@_DEBUG_OPTION
def extract_command(
    files: tuple[Path, ...],
    fmt: str,
    sample: bool,
    within: str | None,
    gazetteers: tuple[Path, ...],
) -> None:
    """Find the places mentioned in text FILES (one output row per mention)."""
    paths = list(files)
    if sample:
        paths.insert(0, data_path("sample_report.txt"))
    if not paths:
        raise click.UsageError("give at least one FILE or --sample")
    try:
        geocoder = _user_gazetteer(gazetteers)
    except (HotspotError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    frames = []  # one result per file, printed in turn (never concatenated: memory)
    for path in paths:
        text = _read_text(path)
        try:
            found = extract_places(text, within=within, gazetteer=geocoder)
        except (HotspotError, LookupError) as exc:
            raise click.UsageError(str(exc)) from exc
        del text
        found.insert(0, "file", str(path.name if sample and path == paths[0] else path))
        frames.append(found)
    _emit(frames, fmt, EXTRACT_PROPERTIES, EXTRACT_TABLE)
    _summary(pd.concat([f["status"] for f in frames], ignore_index=True), "mentions")


# ------------------------------------------------------------------ analyze and gaps
_ANALYZE_EXAMPLES = """
\b
Examples:
  hotspot analyze                                  # the bundled synthetic sample
  hotspot analyze acled_iraq.csv --out brief/
  hotspot analyze ged.csv --eps-m 8000 --min-samples 15 --since 2017-10-16
  hotspot analyze reports/*.txt --out brief/       # news reports -> incidents
  hotspot analyze acled.csv --federal fed.gpkg --krg krg.geojson --coverage-m 2000
  hotspot analyze events.csv --date-column when --lat y --lon x
  hotspot analyze events.csv --place-column town --gazetteer dtm_locations.csv
  hotspot analyze --dataset ucdp --out brief/      # bundled real events: UCDP GED 19.1
  hotspot analyze --dataset ucdp --since 2014-01-01 --title "Iraq, 2014-2018" \\
      --heatmap --time-slider --out brief/
  hotspot analyze events.csv --sources "Field reports, Kirkuk cell" --as-of 2024-06-30
\b
No hotspot (or no incident in the period) is a finding: every output is still
written and summary.txt says so.
\b
Exit codes:
  0  done: every output written
  1  analysis error (bad data, an unwritable or busy --out folder); the message
     names the file, and nothing in --out is changed
  2  usage error (bad option, missing file)
  3  done, but the PNG or the PDF is missing because Chromium failed or timed
     out: every other output and summary.txt are written; summary.txt names the
     failure. Without Chromium on the machine the run exits 0 and says so.
"""


def _describe(name: str, outputs: dict[str, str]) -> str:
    if name in outputs:
        return outputs[name]
    if name == MANIFEST:
        return "the files of this run, with their SHA-256"
    if name.endswith(".qml"):
        return f"QGIS style of {name.removesuffix('.qml')}.geojson"
    return ""


def _stderr_is_terminal() -> bool:
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


#: Exit code of `hotspot analyze` when everything but the PNG or the PDF was written.
EXIT_PNG_MISSING = 3


def _input_options(command):
    """Add --lat, --lon, --date-column, --place-column and --gazetteer (analyze and gaps)."""
    for option in reversed(
        [
            click.option("--lat", help="Column holding latitudes (default: lat, latitude, y)."),
            click.option(
                "--lon", help="Column holding longitudes (default: lon, lng, longitude, x)."
            ),
            click.option(
                "--date-column",
                help="Column holding the incident dates (default: date, event_date, ...).",
            ),
            click.option(
                "--place-column",
                help="Column holding place names to geocode when there are no coordinates "
                "(default: place, location, town, ...).",
            ),
            _GAZETTEER_OPTION,
        ]
    ):
        command = option(command)
    return command


def _date_options(command):
    """Add --dayfirst/--monthfirst and --dedupe (commands that read an incident table)."""
    command = click.option(
        "--dedupe",
        is_flag=True,
        help="Drop input rows that repeat an earlier row exactly (their number is printed "
        "either way).",
    )(command)
    return click.option(
        "--dayfirst/--monthfirst",
        default=True,
        show_default=True,
        help="Read numeric dates such as 03/12/2023 (in the file and in --since/--until) "
        "day first (3 December) or month first (12 March). ISO dates are always read as ISO.",
    )(command)


def _front_options(command):
    """Add --federal, --krg and --coverage-m (shared by analyze and gaps)."""
    path = click.Path(exists=True, dir_okay=False, path_type=Path)
    for option in reversed(
        [
            click.option(
                "--federal",
                type=path,
                help="Federal control line or controlled area (any vector file); "
                "default: the bundled schematic line.",
            ),
            click.option(
                "--krg",
                type=path,
                help="KRG (Peshmerga) control line or area; default: the bundled schematic line.",
            ),
            click.option(
                "--coverage-m",
                type=click.FloatRange(min=0),
                default=0,
                show_default=True,
                help="Reach of each side beyond its line, in metres.",
            ),
        ]
    ):
        command = option(command)
    return command


def _geocoder_or_usage_error(gazetteers: Sequence[Path]):
    try:
        return _user_gazetteer(gazetteers)
    except (HotspotError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc


# ------------------------------------------------------------------ --dataset (bundled data)
def _dataset_option(command):
    """Add ``--dataset NAME``: a bundled dataset, instead of the INCIDENTS argument."""
    return click.option(
        "--dataset",
        type=click.Choice(datasets.names(), case_sensitive=False),
        help="Run on a bundled dataset instead of INCIDENTS: ucdp (UCDP GED 19.1, real "
        "events in Iraq 1989-2018) or sample (synthetic). See `hotspot fetch` for fresh data.",
    )(command)


def _check_dataset_or_incidents(incidents: tuple[Path, ...], dataset: str | None) -> None:
    if dataset is not None and incidents:
        raise click.UsageError(
            f"give INCIDENTS or --dataset, not both (got {len(incidents)} file(s) and "
            f"--dataset {dataset})"
        )


def _incidents_source(incidents: tuple[Path, ...], dataset: str | None):
    """Return what `analyze` reads: a bundled dataset, one file, several reports or None."""
    if dataset is not None:
        return datasets.get(dataset)
    return list(incidents) if len(incidents) > 1 else (incidents[0] if incidents else None)


@main.command("analyze", epilog=_ANALYZE_EXAMPLES)
@click.argument("incidents", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_dataset_option
@_front_options
@click.option(
    "--eps-m",
    type=click.FloatRange(min=1, min_open=False),
    default=5000,
    show_default=True,
    help="DBSCAN radius in metres (great circle).",
)
@click.option(
    "--min-samples",
    type=click.IntRange(min=1),
    default=DEFAULT_MIN_SAMPLES,
    show_default=True,
    help="Incidents within eps (itself included) that make a core point.",
)
@click.option(
    "--include-coarse",
    is_flag=True,
    help="Also cluster coarse locations (precision 3: district or governorate centroids, "
    "rivers, roads, wide areas).",
)
@click.option(
    "--since",
    help="Keep incidents dated on or after this day (2017-10-16, 16/10/2017, 16 Oct 2017, 2017).",
)
@click.option(
    "--until",
    help="Keep incidents dated on or before this day (a month or a year runs to its end).",
)
@_date_options
@_input_options
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("hotspot-out"),
    show_default=True,
    help="Output folder.",
)
@click.option(
    "--no-png", is_flag=True, help="Skip the PNG and the PDF (both need headless Chromium)."
)
@click.option("--no-pdf", is_flag=True, help="Skip the one-page briefing PDF.")
@click.option(
    "--png-timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds Chromium may take for the PNG and for the PDF (default: 60 s plus 10 s "
    "per MB of map).",
)
@click.option(
    "--title",
    help="Title of the map and the PDF (default: a neutral one, naming no actor).",
)
@click.option(
    "--as-of",
    "as_of",
    help="Date the briefing is 'as of' (default: the last incident date, never today).",
)
@click.option(
    "--sources",
    "sources",
    multiple=True,
    help="A line naming the data sources (repeat for several; default: the dataset and "
    "version the reader recorded, e.g. 'UCDP GED 19.1'). Boundary sources are always added.",
)
@click.option("--heatmap", is_flag=True, help="Add a heat map of the incidents to the map.")
@click.option(
    "--time-slider",
    is_flag=True,
    help="Add a period filter to the HTML map (it shows the chosen month's incidents only).",
)
@click.option(
    "--tiles",
    type=click.Choice(["OpenStreetMap", "OpenTopoMap", "Esri.WorldImagery"]),
    help="An online basemap under the map (fetched by the browser and for the PNG/PDF; "
    "default: none, the map needs no network).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@_DEBUG_OPTION
def analyze_command(
    incidents: tuple[Path, ...],
    dataset: str | None,
    federal: Path | None,
    krg: Path | None,
    eps_m: float,
    min_samples: int,
    coverage_m: float,
    include_coarse: bool,
    since: str | None,
    until: str | None,
    dayfirst: bool,
    dedupe: bool,
    lat: str | None,
    lon: str | None,
    date_column: str | None,
    place_column: str | None,
    gazetteers: tuple[Path, ...],
    out: Path,
    no_png: bool,
    no_pdf: bool,
    png_timeout: float | None,
    title: str | None,
    as_of: str | None,
    sources: tuple[str, ...],
    heatmap: bool,
    time_slider: bool,
    tiles: str | None,
    quiet: bool,
) -> None:
    """Run the whole pipeline on INCIDENTS (default: the bundled sample) and write a brief.

    INCIDENTS is one table (ACLED export, UCDP GED CSV, any CSV/GeoJSON/GeoPackage
    with coordinates or a place-name column) or several news reports (.txt).
    Writes GeoJSON layers, a styled GeoPackage, an offline HTML map, a PNG, a
    one-page briefing PDF and summary.txt into --out, safely: files move into
    place only when all are written, and hotspot_manifest.json lists them (see
    docs/outputs.md).
    """
    _check_dataset_or_incidents(incidents, dataset)
    inputs = input_files(*incidents, federal, krg, *gazetteers)
    with _handling(out):  # an input inside --out under an output's name: refused first
        check_out_dir(out, inputs)
    geocoder = _geocoder_or_usage_error(gazetteers)
    bar = not quiet and _stderr_is_terminal()
    what = f"--dataset {dataset}" if dataset else ", ".join(map(str, incidents))
    with _handling(what or "the bundled sample"):
        source = _incidents_source(incidents, dataset)
        result = analyze(
            source,
            federal=federal,
            krg=krg,
            eps_m=eps_m,
            min_samples=min_samples,
            coverage_m=coverage_m,
            include_coarse=include_coarse,
            since=since,
            until=until,
            dayfirst=dayfirst,
            dedupe=dedupe,
            lat=lat,
            lon=lon,
            date=date_column,
            place=place_column,
            gazetteer=geocoder,
            title=title,
            as_of=as_of,
            sources=list(sources) or None,
            progress=bar,
        )
    result = dataclasses.replace(result, inputs=inputs)  # the --gazetteer files too
    with _handling(out):
        written = result.write(
            out,
            png=not no_png,
            pdf=not (no_png or no_pdf),
            png_timeout=png_timeout,
            heatmap=heatmap,
            time_slider=time_slider,
            tiles=tiles,
            progress=bar,
        )
    if not quiet:
        _echo(str(result))
        _echo(f"\nwrote {len(written)} files to {out}/:")
        for name, path in written.items():
            _echo(f"  {name:30s} {path.stat().st_size / 1024:9.1f} KiB  {_describe(name, OUTPUTS)}")
    wanted = [] if no_png else ["briefing_map.png"] + ([] if no_pdf else ["briefing.pdf"])
    missing = [name for name in wanted if name not in written]
    if missing and find_chromium() is None:
        # no browser on this machine: a state of the machine, said once, not a failed run
        _echo(
            f"note: {' and '.join(missing)} not written: Chromium was not found (install "
            f"chromium, or set {CHROMIUM_ENV} to its path; --no-png skips them)",
            err=True,
        )
    elif missing:
        raise SystemExit(EXIT_PNG_MISSING)


@main.command("gaps")
@_front_options
@click.option(
    "--incidents",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Incident file to overlay (any format read by `hotspot analyze`).",
)
@_input_options
@click.option(
    "--spacing-m",
    type=click.FloatRange(min=1, max=1_000_000),  # metres; inf refused here, nan by find_gaps
    default=500,
    show_default=True,
    help="Distance between profile stations along the front, in metres.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Output folder for zones and profile (GeoJSON, CSV).",
)
@_date_options
@_DEBUG_OPTION
def gaps_command(
    federal: Path | None,
    krg: Path | None,
    coverage_m: float,
    incidents: Path | None,
    lat: str | None,
    lon: str | None,
    date_column: str | None,
    place_column: str | None,
    gazetteers: tuple[Path, ...],
    spacing_m: float,
    out: Path,
    dayfirst: bool,
    dedupe: bool,
) -> None:
    r"""Map the security-vacuum zones between the federal and KRG control lines.

    A side that is not given uses the bundled schematic line.

    \b
    Examples:
      hotspot gaps --out gaps/
      hotspot gaps --coverage-m 2000 --incidents acled.csv --out gaps/
      hotspot gaps --federal fed.gpkg --krg krg.geojson --out gaps/
      hotspot gaps --federal fed.gpkg --out gaps/     # KRG: the bundled line
    """
    inputs = input_files(incidents, federal, krg, *gazetteers)  # never overwritten
    geocoder = _geocoder_or_usage_error(gazetteers)
    frame = None
    if incidents is not None:
        with _handling(incidents):
            frame, _ = load_input(
                incidents,
                lat=lat,
                lon=lon,
                date=date_column,
                place=place_column,
                gazetteer=geocoder,
                dayfirst=dayfirst,
                dedupe=dedupe,
            )
            repeated = frame.attrs.get("hotspot_report", {}).get("duplicate_rows", 0)
            if repeated:
                _echo(
                    f"{repeated} input row(s) repeat an earlier row exactly: "
                    + ("dropped" if dedupe else "counted twice (--dedupe drops them)"),
                    err=True,
                )
            frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    with _handling(", ".join(str(p) for p in (federal, krg) if p) or "the bundled lines"):
        lines = front_lines(federal, krg)
        result = find_gaps(
            lines[lines["side"] == "federal"],
            lines[lines["side"] == "krg"],
            coverage_m=coverage_m,
            incidents=frame if frame is not None and len(frame) else None,
            station_spacing_m=spacing_m,
        )
    with _handling(out):
        written = result.to_files(out, inputs=inputs)
    _echo(_text_report(result))
    if result.overlay is None:
        _echo(
            "no --incidents given: no rate ratio"
            if incidents is None
            else "no located incident: no rate ratio",
            err=True,
        )
    else:
        o = result.overlay
        _echo(
            f"rate ratio (inside/outside the vacuum): {o.rate_ratio:.3g} "
            f"[{o.conf:.0%} CI {o.ci_low:.3g}-{o.ci_high:.3g}], p = {o.p_value:.3g}"
        )
    for path in written:
        _echo(f"wrote {path}")


def _text_report(result: object) -> str:
    """Return a result's text report: ``str(result)``, or ``summary()`` where that is text."""
    if type(result).__str__ is not object.__str__:
        return str(result)
    summary = result.summary()  # type: ignore[attr-defined]
    return summary if isinstance(summary, str) else str(summary)


# ------------------------------------------------------------------ fetch (downloads)
_FETCH_EXAMPLES = """
\b
Examples:
  hotspot fetch ucdp --version 25.1 --out ged251_iraq.csv
  hotspot fetch ucdp --from ged251-csv.zip          # a release downloaded by hand
  ACLED_EMAIL=me@org ACLED_PASSWORD=... hotspot fetch acled --since 2024-01-01
  hotspot fetch geonames --out geonames_iq.csv      # then: hotspot geocode --gazetteer ...
  hotspot fetch admin --level 2 --out districts.geojson
\b
Files are cached (HOTSPOT_CACHE overrides the folder); --refresh downloads again.
Exit codes: 0 done, 1 download or data error (the message says what to do instead).
"""


@main.group("fetch", epilog=_FETCH_EXAMPLES)
def fetch_group() -> None:
    """Download event data, places or boundaries into the cache and write a file.

    Each subcommand writes a file the other commands read: `hotspot analyze FILE`
    for ucdp and acled, `--gazetteer FILE` for geonames, `--federal`/`--krg` or
    QGIS for admin.
    """


def _fetch_done(frame, out: Path, what: str) -> None:
    meta = frame.attrs.get("dataset", {})
    name = " ".join(str(meta[k]) for k in ("name", "version") if meta.get(k))
    _echo(f"wrote {out}: {len(frame)} {what} ({name}; licence: {meta.get('licence')})")
    if meta.get("citation"):
        _echo(f"cite: {meta['citation']}")


def _copy(source: str | Path, out: Path) -> Path:

    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(out) as tmp:
        shutil.copyfile(source, tmp)
    return out


_OUT = click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file (default: a descriptive name in the current folder).",
)
_REFRESH = click.option("--refresh", is_flag=True, help="Download again even when cached.")


@fetch_group.command("ucdp", epilog=_FETCH_EXAMPLES)
@_DEBUG_OPTION
@click.option("--version", "version", help="GED release, e.g. 25.1 (default: see --help).")
@click.option("--country", default="Iraq", show_default=True, help="GED country name.")
@click.option(
    "--from",
    "archive",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A GED release zip (or CSV) downloaded by hand: no download.",
)
@_OUT
@_REFRESH
def fetch_ucdp_command(
    version: str | None, country: str, archive: Path | None, out: Path | None, refresh: bool
) -> None:
    """Download a UCDP GED release, keep one country, write it as a GED CSV."""
    with _handling(archive or "the UCDP download"):
        frame = fetch_ucdp(version, country, archive=archive, refresh=refresh)
    meta = frame.attrs["dataset"]
    target = out or Path(f"ucdp_ged_{meta['version']}_{country.lower().replace(' ', '_')}.csv")
    _fetch_done(frame, _copy(meta["path"], target), "events")


@fetch_group.command("acled", epilog=_FETCH_EXAMPLES)
@_DEBUG_OPTION
@click.option("--country", default="Iraq", show_default=True, help="ACLED country name.")
@click.option("--since", help="First event day (YYYY-MM-DD); default ACLED's first.")
@click.option("--until", help="Last event day (YYYY-MM-DD); default today.")
@click.option(
    "--email",
    help="myACLED login (default $ACLED_EMAIL); the password is read from $ACLED_PASSWORD only.",
)
@_OUT
@_REFRESH
def fetch_acled_command(
    country: str,
    since: str | None,
    until: str | None,
    email: str | None,
    out: Path | None,
    refresh: bool,
) -> None:
    """Download ACLED events through ACLED's API (a myACLED account), write an ACLED CSV."""
    with _handling("the ACLED API"):
        frame = fetch_acled(country, since, until, email=email, refresh=refresh)
    meta = frame.attrs["dataset"]
    first, last = meta["query"]["event_date"].split("|")
    target = out or Path(f"acled_{country.lower().replace(' ', '_')}_{first}_{last}.csv")
    _fetch_done(frame, _copy(meta["path"], target), "events")


@fetch_group.command("geonames", epilog=_FETCH_EXAMPLES)
@_DEBUG_OPTION
@click.option(
    "--from",
    "dump",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="IQ.zip (or IQ.txt) downloaded by hand: no download.",
)
@_OUT
@_REFRESH
def fetch_geonames_command(dump: Path | None, out: Path | None, refresh: bool) -> None:
    """Download the GeoNames Iraq dump and write it as a gazetteer CSV.

    Places the bundled gazetteer already has (same GeoNames id) are left out, so
    the file extends it: `hotspot geocode --gazetteer FILE ...`.
    """
    known = load_gazetteer()["id"]  # so that --gazetteer FILE extends it without id clashes
    with _handling(dump or "the GeoNames download"):
        if dump is not None:
            table = read_geonames(dump, exclude_ids=known)
        else:
            table = fetch_geonames(exclude_ids=known, refresh=refresh)
    target = out or Path("geonames_iq_gazetteer.csv")
    target.parent.mkdir(parents=True, exist_ok=True)
    with _handling(target):
        write_csv(table, target, index=False)
    report = table.attrs["geonames_report"]
    _fetch_done(table, target, "places")
    skipped = sum(report["skipped"].values())
    _echo(f"{report['lines']} lines: {report['converted']} places, {skipped} skipped:")
    for reason, count in report["skipped"].items():
        _echo(f"  {count:6d}  {reason}")


@fetch_group.command("admin", epilog=_FETCH_EXAMPLES)
@_DEBUG_OPTION
@click.option(
    "--level",
    type=click.Choice(["1", "2"]),
    default="1",
    show_default=True,
    help="1 governorates, 2 districts (geoBoundaries gbOpen, CC BY 4.0).",
)
@_OUT
def fetch_admin_command(level: str, out: Path | None) -> None:
    """Download geoBoundaries Iraq admin units and write them as GeoJSON (or .gpkg)."""
    with _handling("the geoBoundaries download"):
        layer = fetch_admin(int(level))
    target = out or Path(f"geoboundaries_irq_adm{level}.geojson")
    target.parent.mkdir(parents=True, exist_ok=True)
    with _handling(target):
        if target.suffix.lower() == ".gpkg":
            write_geopackage({f"adm{level}": layer}, target)
        else:
            write_geojson(layer, target)
    _echo(f"wrote {target}: {len(layer)} admin units (geoBoundaries gbOpen, CC BY 4.0)")
