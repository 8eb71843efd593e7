"""The gazetteer: places of Iraq and its neighbours with names, aliases and positions.

The bundled ``gazetteer.csv`` has one row per place with the columns in
:data:`COLUMNS`. It is read once, validated, cached, and handed out as a copy.
Analysts extend it at run time with a CSV in the same schema or with a plain
location list (an IOM DTM master list, an ACLED location list) through
:func:`read_location_list`.

Examples
--------
>>> gaz = load_gazetteer()
>>> sorted(gaz.columns) == sorted(COLUMNS)
True
>>> bool((gaz["feature_type"] == "governorate").sum() >= 18)
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from hotspot._admin import country_outline as iraq_outline  # alias kept for callers (#10)
from hotspot._data import data_path
from hotspot.errors import GazetteerError

__all__ = [
    "COLUMNS",
    "FEATURE_TYPES",
    "extend_gazetteer",
    "iraq_outline",
    "load_gazetteer",
    "read_location_list",
    "validate_gazetteer",
]

#: Columns of a gazetteer, in file order.
COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "feature_type",
    "lat",
    "lon",
    "governorate",
    "district",
    "aliases",
    "source",
    "precision_km",
)

#: The registry of feature types a gazetteer row may have.
FEATURE_TYPES: tuple[str, ...] = (
    "country",
    "region",
    "governorate",
    "district",
    "subdistrict",
    "settlement",
    "mountain",
    "valley",
    "lake",
    "river",
    "dam",
    "desert",
    "road",
    "bridge",
    "site",
)

# Feature types that may lie outside Iraq (a neighbouring country's centroid,
# a river or road that runs into Syria or Iran).
_MAY_LEAVE_IRAQ = frozenset({"country", "region", "river", "road", "desert"})
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_TEXT_COLUMNS = ("id", "name", "feature_type", "governorate", "district", "aliases", "source")
_MAX_LISTED = 200


def _read_text_csv(path: str | PathLike[str], expected: str) -> pd.DataFrame:
    """Read a UTF-8 CSV as text; an empty or unreadable file raises a GazetteerError.

    ``expected`` says what the file should hold (it ends the message). A missing
    file raises the usual FileNotFoundError, which names the path.
    """
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError as exc:
        raise GazetteerError(f"{path}: the file is empty; expected {expected}") from exc
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise GazetteerError(
            f"{path}: cannot be read as a UTF-8 CSV file ({exc}); expected {expected}"
        ) from exc


def _read_csv(path: str | PathLike[str]) -> pd.DataFrame:
    frame = _read_text_csv(
        path, f"a UTF-8 CSV with a header row naming the columns {', '.join(COLUMNS)}"
    )
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise GazetteerError(
            f"{path}: missing column(s) {', '.join(missing)}; a gazetteer needs the columns "
            f"{', '.join(COLUMNS)}"
        )
    return frame


def _coerce(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn the text columns of a raw table into the typed schema, collecting problems."""
    out = pd.DataFrame(index=frame.index)
    for column in _TEXT_COLUMNS:
        out[column] = frame[column].fillna("").astype(str).str.strip()
    for column in ("lat", "lon", "precision_km"):
        out[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return out[list(COLUMNS)]


def validate_gazetteer(frame: pd.DataFrame, *, source: str = "gazetteer") -> pd.DataFrame:
    """Check a gazetteer table and return it in the typed schema.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with the columns in :data:`COLUMNS` (text or typed).
    source : str, default "gazetteer"
        Name used in the error message, usually the file path.

    Returns
    -------
    pandas.DataFrame
        The table with ``lat``, ``lon`` and ``precision_km`` as floats and the
        text columns stripped.

    Raises
    ------
    GazetteerError
        Listing every bad row (CSV line numbers, the header being line 1): missing
        or out-of-Iraq coordinates, swapped lat/lon, duplicate ids, unknown
        feature types, a district outside its governorate, an unknown governorate.

    Examples
    --------
    >>> import pandas as pd
    >>> bad = pd.DataFrame([{"id": "x", "name": "X", "feature_type": "town", "lat": 44.4,
    ...     "lon": 35.5, "governorate": "", "district": "", "aliases": "", "source": "me",
    ...     "precision_km": 1}])
    >>> validate_gazetteer(bad)
    Traceback (most recent call last):
    ...
    hotspot.errors.GazetteerError: gazetteer: 2 problem(s) in 1 row(s):
      line 2 (id 'x'): feature_type 'town' is not one of ...
      line 2 (id 'x'): lat/lon look swapped (lat=44.4, lon=35.5); lat comes first ...
    """
    return _validate(frame, source=source)


def _line(i: int) -> str:
    return f"line {i + 2}"


def _validate(
    frame: pd.DataFrame, *, source: str, where: Callable[[int], str] = _line
) -> pd.DataFrame:
    """:func:`validate_gazetteer`, with ``where(i)`` naming row ``i`` in messages."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise GazetteerError(
            f"{source}: missing column(s) {', '.join(missing)}; a gazetteer needs the "
            f"columns {', '.join(COLUMNS)}"
        )
    table = _coerce(frame.reset_index(drop=True))
    problems: list[str] = []
    bad_rows: set[int] = set()

    def report(i: int, message: str) -> None:
        bad_rows.add(i)
        problems.append(f"{where(i)} (id {table.at[i, 'id']!r}): {message}")

    governorates = set(table.loc[table["feature_type"] == "governorate", "name"])
    districts = table.loc[table["feature_type"] == "district", ["name", "governorate"]]
    district_gov: dict[str, set[str]] = {}
    for name, gov in districts.itertuples(index=False):
        district_gov.setdefault(name, set()).add(gov)
    governorate_list = ", ".join(sorted(governorates))
    duplicated = table["id"].duplicated(keep=False)
    same_id: dict[str, list[int]] = {}
    for i in np.flatnonzero(duplicated.to_numpy()).tolist():
        same_id.setdefault(table.at[i, "id"], []).append(i)
    outline = iraq_outline()
    inside = np.zeros(len(table), dtype=bool)
    swapped_inside = np.zeros(len(table), dtype=bool)
    finite = table["lat"].notna() & table["lon"].notna()
    if finite.any():
        lat, lon = table.loc[finite, "lat"], table.loc[finite, "lon"]
        inside[finite.to_numpy()] = shapely.contains(outline, shapely.points(lon, lat))
        swapped_inside[finite.to_numpy()] = shapely.contains(outline, shapely.points(lat, lon))

    for i, row in enumerate(table.itertuples(index=False)):
        if not row.id:
            report(i, "id is empty")
        elif not _ID_PATTERN.match(row.id):
            report(i, "id must be lowercase letters, digits, '.' and '-'")
        if duplicated.iat[i] and row.id:
            others = [where(j) for j in same_id[row.id] if j != i]
            shown = ", ".join(others[:5]) + (" …" if len(others) > 5 else "")
            report(i, f"id is used by more than one row (also {shown})")
        if not row.name:
            report(i, "name is empty")
        if row.feature_type not in FEATURE_TYPES:
            report(
                i,
                f"feature_type {row.feature_type!r} is not one of {', '.join(FEATURE_TYPES)}",
            )
        if not finite.iat[i]:
            report(i, "lat/lon missing or not a number")
        elif swapped_inside[i] and not inside[i]:
            report(
                i,
                f"lat/lon look swapped (lat={row.lat}, lon={row.lon}); lat comes first "
                "(Iraq spans lat 29-37.4, lon 38.8-48.6)",
            )
        elif not inside[i] and row.feature_type not in _MAY_LEAVE_IRAQ:
            report(i, f"point (lat={row.lat}, lon={row.lon}) lies outside Iraq")
        elif not (-90 <= row.lat <= 90 and -180 <= row.lon <= 180):
            report(i, f"lat/lon out of range (lat={row.lat}, lon={row.lon})")
        if not (row.precision_km > 0):
            report(i, "precision_km must be a positive number of kilometres")
        if not row.source:
            report(i, "source is empty: say where the position comes from")
        if row.governorate and governorates and row.governorate not in governorates:
            report(
                i,
                f"governorate {row.governorate!r} is not a governorate row; "
                f"the governorates are {governorate_list}",
            )
        if row.district and row.feature_type != "district" and districts.size:
            if row.district not in district_gov:
                report(i, f"district {row.district!r} is not a district row")
            elif row.governorate not in district_gov[row.district]:
                report(
                    i,
                    f"district {row.district!r} lies in "
                    f"{' / '.join(sorted(district_gov[row.district]))}, "
                    f"not in governorate {row.governorate!r}",
                )
        if row.feature_type == "district" and row.district and row.district != row.name:
            report(i, f"a district row's district must be its own name, not {row.district!r}")

    if problems:
        shown = problems[:_MAX_LISTED]
        more = len(problems) - len(shown)
        tail = f"\n  ... and {more} more" if more else ""
        raise GazetteerError(
            f"{source}: {len(problems)} problem(s) in {len(bad_rows)} row(s):\n  "
            + "\n  ".join(shown)
            + tail
        )
    return table


@functools.cache
def _bundled() -> pd.DataFrame:
    path = data_path("gazetteer.csv")
    return validate_gazetteer(_read_csv(path), source=str(path))


def load_gazetteer(
    path: str | PathLike[str] | None = None,
    *,
    extra: Iterable[pd.DataFrame | str | PathLike[str]] = (),
) -> pd.DataFrame:
    """Load a gazetteer: the bundled one, or a CSV in the same schema, plus extras.

    Parameters
    ----------
    path : str or path-like, optional
        A gazetteer CSV with the columns in :data:`COLUMNS`. Default: the bundled
        ``gazetteer.csv``.
    extra : iterable of DataFrame or path, optional
        More gazetteers (same schema) or location lists already converted by
        :func:`read_location_list`, appended after validation.

    Returns
    -------
    pandas.DataFrame
        A fresh copy; changing it does not change the cache.

    Raises
    ------
    GazetteerError
        If a file is empty or not a UTF-8 CSV, or any table breaks the schema
        (see :func:`validate_gazetteer`); the message names the file.
    FileNotFoundError
        If a path does not exist.

    Examples
    --------
    >>> gaz = load_gazetteer()
    >>> gaz.loc[gaz["id"] == "gov-kirkuk", "name"].item()
    'Kirkuk'
    """
    if path is None:
        base = _bundled().copy()
    else:
        base = validate_gazetteer(_read_csv(path), source=str(path))
    for item in extra:
        base = extend_gazetteer(base, item)
    return base


def extend_gazetteer(base: pd.DataFrame, extra: pd.DataFrame | str | PathLike[str]) -> pd.DataFrame:
    """Append user places to a gazetteer, checking the result as a whole.

    Parameters
    ----------
    base : pandas.DataFrame
        A validated gazetteer.
    extra : pandas.DataFrame or path
        Rows in the gazetteer schema, or the path of such a CSV.

    Returns
    -------
    pandas.DataFrame
        A new table; ``base`` is not changed.

    Raises
    ------
    GazetteerError
        If ``extra`` or the combined table breaks the schema (e.g. an id clash);
        rows are named by their line in their own table (``line 3 of extra.csv``,
        ``line 40 of the base gazetteer``).

    Examples
    --------
    >>> import pandas as pd
    >>> gaz = load_gazetteer()
    >>> mine = pd.DataFrame([{"id": "user-kp7", "name": "Checkpoint 7",
    ...     "feature_type": "site", "lat": 35.3, "lon": 44.2, "governorate": "Kirkuk",
    ...     "district": "", "aliases": "CP7", "source": "own survey", "precision_km": 0.1}])
    >>> len(extend_gazetteer(gaz, mine)) == len(gaz) + 1
    True
    """
    if not isinstance(extra, pd.DataFrame):
        source = str(extra)
        extra = _read_csv(extra)
    else:
        source = "extra gazetteer"
    extra = validate_gazetteer(extra, source=source) if len(extra) else extra
    combined = pd.concat([base, extra[list(COLUMNS)]], ignore_index=True)
    n_base = len(base)

    def where(i: int) -> str:
        # each row by its own table's line: an id clash names both sources
        if i < n_base:
            return f"line {i + 2} of the base gazetteer"
        return f"line {i - n_base + 2} of {source}"

    return _validate(combined, source=f"gazetteer extended with {source}", where=where)


_NAME_COLUMNS = ("name", "location", "location_name", "place", "site_name", "village")
_LAT_COLUMNS = ("lat", "latitude", "y")
_LON_COLUMNS = ("lon", "lng", "long", "longitude", "x")


def _pick(columns: Iterable[str], wanted: str | None, options: tuple[str, ...], what: str) -> str:
    lower = {c.lower(): c for c in columns}
    if wanted is not None:
        if wanted not in columns:
            raise GazetteerError(
                f"{what}_column: column {wanted!r} (the {what}) is not in {sorted(columns)}"
            )
        return wanted
    for option in options:
        if option in lower:
            return lower[option]
    raise GazetteerError(
        f"no {what} column found among {sorted(columns)}; name it with {what}_column="
    )


def read_location_list(
    data: pd.DataFrame | str | PathLike[str],
    *,
    name_column: str | None = None,
    lat_column: str | None = None,
    lon_column: str | None = None,
    alias_columns: Iterable[str] = (),
    feature_type: str = "settlement",
    governorate_column: str | None = None,
    district_column: str | None = None,
    source: str | None = None,
    precision_km: float = 1.0,
    id_prefix: str = "user",
) -> pd.DataFrame:
    """Convert a plain location list (IOM DTM, ACLED, own survey) to gazetteer rows.

    Parameters
    ----------
    data : DataFrame or path
        The list; a path is read as CSV.
    name_column, lat_column, lon_column : str, optional
        Columns holding the name and WGS 84 position; found by common names
        (``location``, ``latitude`` …) when omitted.
    alias_columns : iterable of str, optional
        Columns with more spellings (pipe-separated values allowed).
    feature_type : str, default "settlement"
        Type given to every row; one of :data:`FEATURE_TYPES`.
    governorate_column, district_column : str, optional
        Columns with the admin names, written as in the bundled gazetteer.
    source : str, optional
        Provenance written to every row; default the file name.
    precision_km : float, default 1.0
        How exact the positions are.
    id_prefix : str, default "user"
        Prefix of the generated ids (``user-1``, ``user-2`` …).

    Returns
    -------
    pandas.DataFrame
        Rows in the gazetteer schema, ready for :func:`extend_gazetteer`.

    Raises
    ------
    GazetteerError
        If a needed or named column is missing, the file is empty or not
        UTF-8 CSV, or a row is bad (all rows listed).

    Examples
    --------
    >>> import pandas as pd
    >>> dtm = pd.DataFrame({"Location": ["Tall Ali"], "Latitude": [35.2],
    ...                     "Longitude": [43.9]})
    >>> read_location_list(dtm, source="IOM DTM")[["id", "name", "lat"]].values.tolist()
    [['user-1', 'Tall Ali', 35.2]]
    """
    if feature_type not in FEATURE_TYPES:
        raise GazetteerError(
            f"feature_type={feature_type!r} is not one of {', '.join(FEATURE_TYPES)}"
        )
    if isinstance(data, pd.DataFrame):
        frame = data
        source = source or "location list"
    else:
        frame = _read_text_csv(data, "a UTF-8 CSV with a header row and name, lat and lon columns")
        source = source or Path(data).name
    columns = list(frame.columns)
    name_c = _pick(columns, name_column, _NAME_COLUMNS, "name")
    lat_c = _pick(columns, lat_column, _LAT_COLUMNS, "lat")
    lon_c = _pick(columns, lon_column, _LON_COLUMNS, "lon")
    for option, column in (
        ("governorate_column", governorate_column),
        ("district_column", district_column),
    ):
        if column is not None and column not in columns:
            raise GazetteerError(
                f"{option}={column!r} is not a column of {source}; columns: "
                f"{', '.join(map(str, columns))}"
            )
    aliases = pd.Series("", index=frame.index)
    for column in alias_columns:
        if column not in columns:
            raise GazetteerError(f"alias column {column!r} is not in {columns}")
        values = frame[column].fillna("").astype(str).str.strip()
        aliases = aliases.str.cat(values, sep="|").str.strip("|")
    out = pd.DataFrame(
        {
            "id": [f"{id_prefix}-{i}" for i in range(1, len(frame) + 1)],
            "name": frame[name_c].fillna("").astype(str).to_numpy(),
            "feature_type": feature_type,
            "lat": pd.to_numeric(frame[lat_c], errors="coerce").to_numpy(),
            "lon": pd.to_numeric(frame[lon_c], errors="coerce").to_numpy(),
            "governorate": (
                frame[governorate_column].fillna("").to_numpy() if governorate_column else ""
            ),
            "district": frame[district_column].fillna("").to_numpy() if district_column else "",
            "aliases": aliases.to_numpy(),
            "source": source,
            "precision_km": float(precision_km),
        }
    )
    return validate_gazetteer(out, source=source)
