"""The ``hotspot`` command line: a thin layer over the library.

Each subcommand is one function; formatting helpers are shared. Unresolved
names are not errors (they have a status), but a one-line summary goes to
stderr. Missing or unreadable input files (empty, not UTF-8) exit with code 2 and
name the file and the form expected.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import click
import geopandas as gpd
import pandas as pd

from hotspot._data import data_path
from hotspot.extract import EXTRACT_COLUMNS
from hotspot.geocode import GEOCODE_COLUMNS

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
  hotspot extract --sample
  hotspot extract --format geojson report.txt
"""


def _version() -> str:
    from hotspot import __version__

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


@click.group(
    help="Geocode Iraqi place names, find hotspots and map the security vacuum in the "
    "disputed territories.\n" + _MAIN_EXAMPLES
)
@click.version_option(version=_version(), prog_name="hotspot")
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
    has = frame.geometry.notna() & ~frame.geometry.is_empty
    out["lat"] = float("nan")
    out["lon"] = float("nan")
    out.loc[has, "lat"] = frame.geometry[has].y.round(_COORD_DECIMALS)
    out.loc[has, "lon"] = frame.geometry[has].x.round(_COORD_DECIMALS)
    return out


def _emit(frame: gpd.GeoDataFrame, fmt: str, properties: Sequence[str]) -> None:
    if fmt == "geojson":
        click.echo(json.dumps(_feature_collection(frame, properties), ensure_ascii=False))
        return
    table = _with_lat_lon(frame)[[*properties, "lat", "lon"]]
    if fmt == "csv":
        click.echo(table.to_csv(index=False), nl=False)
    elif len(table):
        shown = table.astype(object).where(table.notna(), "")
        click.echo(shown.to_string(index=False))


def _summary(statuses: pd.Series, what: str) -> None:
    counts = statuses.value_counts()
    parts = [f"{int(counts.get(s, 0))} {s}" for s in ("resolved", "ambiguous", "unresolved")]
    if counts.get("invalid", 0):
        parts.append(f"{int(counts['invalid'])} invalid")
    click.echo(f"{len(statuses)} {what}: " + ", ".join(parts), err=True)


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
    from hotspot.gazetteer import COLUMNS, extend_gazetteer, load_gazetteer, read_location_list
    from hotspot.geocode import Geocoder

    table = load_gazetteer()
    for i, path in enumerate(paths, start=1):
        header = _read_csv_text(
            path,
            "a UTF-8 CSV with a header row: the gazetteer columns, or name/lat/lon",
            nrows=0,
        ).columns
        if set(COLUMNS) <= set(header):
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
@click.option("--within", help="Governorate or district that settles ambiguous names.")
@click.option("--near", help="'lat,lon' or a place name; the nearest candidate wins.")
@_GAZETTEER_OPTION
def geocode_command(
    names: tuple[str, ...],
    file: Path | None,
    column: str | None,
    fmt: str,
    within: str | None,
    near: str | None,
    gazetteers: tuple[Path, ...],
) -> None:
    """Resolve place NAMES to gazetteer places (one output row per name, in order)."""
    from hotspot.errors import HotspotError
    from hotspot.geocode import geocode

    values: list[str] = list(names)
    if file is not None:
        values += _read_names(file, column)
    elif column is not None:
        raise click.UsageError("--column needs --file")
    if not values:
        raise click.UsageError("give at least one NAME or --file")
    try:
        geocoder = _user_gazetteer(gazetteers)
        out = geocode(values, within=within, near=_parse_near(near), gazetteer=geocoder)
    except (HotspotError, LookupError, ValueError, TypeError) as exc:
        raise click.UsageError(str(exc)) from exc
    _emit(out, fmt, GEOCODE_PROPERTIES)
    _summary(out["status"], "names")


# ------------------------------------------------------------------ extract
#: Properties of `hotspot extract` output: the file, then :func:`extract_places` columns.
EXTRACT_PROPERTIES = ("file", *(c for c in EXTRACT_COLUMNS if c != "candidates"))


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
@click.option("--within", help="Governorate or district that settles ambiguous names.")
@_GAZETTEER_OPTION
def extract_command(
    files: tuple[Path, ...],
    fmt: str,
    sample: bool,
    within: str | None,
    gazetteers: tuple[Path, ...],
) -> None:
    """Find the places mentioned in text FILES (one output row per mention)."""
    from hotspot.errors import HotspotError
    from hotspot.extract import extract_places

    paths = list(files)
    if sample:
        paths.insert(0, data_path("sample_report.txt"))
    if not paths:
        raise click.UsageError("give at least one FILE or --sample")
    try:
        geocoder = _user_gazetteer(gazetteers)
    except (HotspotError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    frames = []
    for path in paths:
        text = _read_text(path)
        try:
            found = extract_places(text, within=within, gazetteer=geocoder)
        except (HotspotError, LookupError) as exc:
            raise click.UsageError(str(exc)) from exc
        found.insert(0, "file", str(path.name if sample and path == paths[0] else path))
        frames.append(found)
    out = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")
    _emit(out, fmt, EXTRACT_PROPERTIES)
    _summary(out["status"], "mentions")


# ------------------------------------------------------------------ analyze and gaps
_ANALYZE_EXAMPLES = """
\b
Examples:
  hotspot analyze                                  # the bundled synthetic sample
  hotspot analyze acled_iraq.csv --out brief/
  hotspot analyze ged.csv --eps-m 8000 --min-samples 15 --since 2017-10-16
  hotspot analyze reports/*.txt --out brief/       # news reports -> incidents
  hotspot analyze acled.csv --federal fed.gpkg --krg krg.geojson --coverage-m 2000
\b
Exit codes: 0 done, 1 analysis error (bad data; the message names it), 2 usage error.
"""


def _fail(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    raise SystemExit(1) from exc


def _layer(path: Path | None, side: str):
    if path is None:
        return None
    from hotspot.boundaries import read_control_line

    return read_control_line(path, side=side)


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


@main.command("analyze", epilog=_ANALYZE_EXAMPLES)
@click.argument("incidents", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
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
    default=10,
    show_default=True,
    help="Incidents within eps (itself included) that make a core point.",
)
@click.option(
    "--include-coarse", is_flag=True, help="Also cluster district/governorate-centroid locations."
)
@click.option("--since", help="Keep incidents dated on or after this day (YYYY-MM-DD).")
@click.option("--until", help="Keep incidents dated on or before this day (YYYY-MM-DD).")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("hotspot-out"),
    show_default=True,
    help="Output folder.",
)
@click.option("--no-png", is_flag=True, help="Skip the PNG (needs Chromium).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def analyze_command(
    incidents: tuple[Path, ...],
    federal: Path | None,
    krg: Path | None,
    eps_m: float,
    min_samples: int,
    coverage_m: float,
    include_coarse: bool,
    since: str | None,
    until: str | None,
    out: Path,
    no_png: bool,
    quiet: bool,
) -> None:
    """Run the whole pipeline on INCIDENTS (default: the bundled sample) and write a brief.

    INCIDENTS is one table (ACLED export, UCDP GED CSV, any CSV/GeoJSON/GeoPackage
    with coordinates or a place-name column) or several news reports (.txt).
    Writes GeoJSON layers, a styled GeoPackage, an offline HTML map, a PNG and
    summary.txt into --out.
    """
    from tqdm import tqdm

    from hotspot.analyze import OUTPUTS, analyze
    from hotspot.errors import HotspotError

    steps = ["read incidents", "hotspots", "vacuum zones", *OUTPUTS]
    if no_png:
        steps.remove("briefing_map.png")
    with tqdm(
        total=len(steps), desc="hotspot analyze", unit="step", disable=quiet, leave=False
    ) as bar:

        def advance(name: str) -> None:
            bar.set_postfix_str(name)
            bar.update(1)

        try:
            source = (
                list(incidents) if len(incidents) > 1 else (incidents[0] if incidents else None)
            )
            result = analyze(
                source,
                federal=_layer(federal, "federal"),
                krg=_layer(krg, "krg"),
                eps_m=eps_m,
                min_samples=min_samples,
                coverage_m=coverage_m,
                include_coarse=include_coarse,
                since=since,
                until=until,
                progress=advance,
            )
            written = result.write(out, png=not no_png, progress=advance)
        except (HotspotError, ValueError, LookupError) as exc:
            _fail(exc)
    if not quiet:
        click.echo(result.summary())
        click.echo(f"\nwrote {len(written)} files to {out}/:")
        for name, path in written.items():
            click.echo(
                f"  {name:30s} {path.stat().st_size / 1024:9.1f} KiB  {OUTPUTS.get(name, '')}"
            )


@main.command("gaps")
@_front_options
@click.option(
    "--incidents",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Incident file to overlay (any format read by `hotspot analyze`).",
)
@click.option(
    "--spacing-m",
    type=click.FloatRange(min=1),
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
def gaps_command(
    federal: Path | None,
    krg: Path | None,
    coverage_m: float,
    incidents: Path | None,
    spacing_m: float,
    out: Path,
) -> None:
    r"""Map the security-vacuum zones between the federal and KRG control lines.

    \b
    Examples:
      hotspot gaps --out gaps/
      hotspot gaps --coverage-m 2000 --incidents acled.csv --out gaps/
      hotspot gaps --federal fed.gpkg --krg krg.geojson --out gaps/
    """
    from hotspot.errors import HotspotError
    from hotspot.gaps import find_gaps

    try:
        frame = None
        if incidents is not None:
            from hotspot.analyze import load_input

            frame, _ = load_input(incidents)
            frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
        result = find_gaps(
            _layer(federal, "federal"),
            _layer(krg, "krg"),
            coverage_m=coverage_m,
            incidents=frame,
            station_spacing_m=spacing_m,
        )
        written = result.to_files(out)
    except (HotspotError, ValueError, LookupError) as exc:
        _fail(exc)
    click.echo(str(result))
    if result.overlay is None:
        click.echo("no --incidents given: no rate ratio", err=True)
    else:
        o = result.overlay
        click.echo(
            f"rate ratio (inside/outside the vacuum): {o.rate_ratio:.3g} "
            f"[{o.conf:.0%} CI {o.ci_low:.3g}-{o.ci_high:.3g}], p = {o.p_value:.3g}"
        )
    for path in written:
        click.echo(f"wrote {path}")
