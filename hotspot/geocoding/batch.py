"""Names in columns, results in frames: the batch side of geocoding.

:func:`hotspot.geocoding.resolver.geocode` and
:func:`hotspot.geocoding.extract.extract_places` both return one row per name or
mention. This module turns their input into a list of values
(:func:`as_values`), groups repeated values (:func:`factorize`) and builds the
result :class:`~geopandas.GeoDataFrame` from one result row per *distinct*
value (:func:`rows_frame`), so that a column of 100,000 names with 5,000
distinct ones costs 5,000 dicts and Points, not 100,000.

The result contract, shared by both: EPSG:4326; text columns of the ``str``
dtype (``""`` when empty), ``score`` float64, ``start``/``end`` int64,
``query`` object; a row without a place has an empty ``Point()`` geometry
(never None), so output aligns with input and ``geometry.is_empty`` marks
the misses.

Examples
--------
>>> frame = rows_frame(
...     [{"name": "Kirkuk", "lat": 35.47, "lon": 44.39},
...      {"name": "", "lat": float("nan"), "lon": float("nan")}],
...     codes=[0, 1, 0], columns=("name",))
>>> frame["name"].tolist(), frame.geometry.is_empty.tolist()
(['Kirkuk', '', 'Kirkuk'], [False, True, False])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

__all__ = [
    "GEOCODE_COLUMNS",
    "as_values",
    "factorize",
    "is_missing",
    "points",
    "result_frame",
    "rows_frame",
]

#: Columns of :func:`~hotspot.geocoding.resolver.geocode` output, in order (plus ``geometry``).
GEOCODE_COLUMNS: tuple[str, ...] = (
    "query",
    "status",
    "id",
    "name",
    "feature_type",
    "precision_km",
    "governorate",
    "district",
    "subdistrict",
    "governorate_pcode",
    "district_pcode",
    "subdistrict_pcode",
    "disputed",
    "score",
    "candidates",
    "match",
    "note",
    "suggestions",
)

#: dtypes of the non-text result columns; every other column is text ("str", "" when missing).
_COLUMN_DTYPES: dict[str, str] = {
    "query": "object",  # the names as given; None for a missing one
    "start": "int64",
    "end": "int64",
    "score": "float64",
    "precision_km": "float64",
}


def is_missing(value: object) -> bool:
    """Whether a value is a missing scalar (None, NaN, NA, NaT).

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing("Kirkuk"), is_missing([1])
    (True, True, False, False)
    """
    if not pd.api.types.is_scalar(value):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_values(names: object) -> tuple[pd.Index, list[object]]:
    """Return the index and the values of a column of names.

    Parameters
    ----------
    names : list, tuple, numpy.ndarray, pandas.Index, pandas.Series or iterable
        The names; a Series keeps its index, anything else gets a RangeIndex.

    Returns
    -------
    (pandas.Index, list)
        The index of the result rows and the values in row order.

    Raises
    ------
    TypeError
        If ``names`` is a single string, a DataFrame, a dict or a set, or not iterable.

    Examples
    --------
    >>> import pandas as pd
    >>> index, values = as_values(pd.Series(["Kirkuk", None], index=[7, 3], dtype=object))
    >>> list(index), values
    ([7, 3], ['Kirkuk', None])
    """
    if isinstance(names, (str, bytes)):
        raise TypeError(
            f"names must be a list, array or Series of names, got a single "
            f"{type(names).__name__} ({names!r:.40}); use resolve() for one name or wrap it "
            "in a list"
        )
    if isinstance(names, pd.DataFrame):
        raise TypeError(
            "names must be one column (a Series), got a DataFrame with columns "
            f"{list(names.columns)}; pass e.g. frame['location']"
        )
    if isinstance(names, pd.Series):
        return names.index, names.tolist()
    if isinstance(names, (pd.Index, np.ndarray)):
        values = list(np.asarray(names, dtype=object).ravel())
        return pd.RangeIndex(len(values)), values
    if isinstance(names, (list, tuple)):
        return pd.RangeIndex(len(names)), list(names)
    if isinstance(names, (dict, set, frozenset)) or not isinstance(names, Iterable):
        raise TypeError(
            f"names must be a list, tuple, array or Series of names, got {type(names).__name__}"
        )
    values = list(names)
    return pd.RangeIndex(len(values)), values


def factorize(values: list[object]) -> tuple[np.ndarray, list[object]]:
    """Return codes (-1 for a missing value) and the distinct values, in first-seen order.

    Unhashable values (a list among the names) each stay distinct.

    Examples
    --------
    >>> codes, uniques = factorize(["Kirkuk", None, "Mosul", "Kirkuk", [1]])
    >>> codes.tolist(), uniques
    ([0, -1, 1, 0, 2], ['Kirkuk', 'Mosul', [1]])
    """
    try:
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
        return codes, list(uniques)
    except TypeError:  # a list or dict among the names: it becomes an "invalid" row
        pass
    lookup: dict[object, int] = {}
    uniques = []
    codes = np.empty(len(values), dtype=np.intp)
    for n, value in enumerate(values):
        try:
            hash(value)
        except TypeError:
            codes[n] = len(uniques)
            uniques.append(value)
            continue
        if is_missing(value):
            codes[n] = -1
            continue
        code = lookup.get(value)
        if code is None:
            code = lookup[value] = len(uniques)
            uniques.append(value)
        codes[n] = code
    return codes, uniques


def points(lat: Sequence[float] | np.ndarray, lon: Sequence[float] | np.ndarray) -> np.ndarray:
    """Return an object array of shapely Points (lon/lat), an empty ``Point()`` where lat is NaN.

    Examples
    --------
    >>> [p.wkt for p in points([35.5, float("nan")], [44.4, float("nan")])]
    ['POINT (44.4 35.5)', 'POINT EMPTY']
    """
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    has_point = ~np.isnan(lat)
    out = np.empty(len(lat), dtype=object)
    out[has_point] = shapely.points(lon[has_point], lat[has_point])
    if not has_point.all():
        out[~has_point] = shapely.Point()  # immutable: one shared empty Point
    return out


def _column(name: str, values: object) -> object:
    """One result column in its contract dtype (see :func:`result_frame`)."""
    dtype = _COLUMN_DTYPES.get(name, "str")
    if dtype == "str":
        return pd.array(np.asarray(values, dtype=object), dtype="str")
    if dtype == "object":  # a plain array would be inferred as "str"
        return np.asarray(values, dtype=object)
    return np.asarray(values, dtype=dtype)


def _frame(
    columns: dict[str, object], geometry: gpd.array.GeometryArray, index: pd.Index | None
) -> gpd.GeoDataFrame:
    if index is None:
        index = pd.RangeIndex(len(geometry))
    data = {
        name: pd.Series(values, index=index, dtype=object)
        if _COLUMN_DTYPES.get(name) == "object"
        else values
        for name, values in columns.items()
    }
    data["geometry"] = geometry
    frame = pd.DataFrame(data, index=index, copy=False)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def result_frame(
    columns: Mapping[str, object], geometry: np.ndarray, index: pd.Index | None = None
) -> gpd.GeoDataFrame:
    """Build a result GeoDataFrame (EPSG:4326) with the same dtypes whether empty or not.

    Parameters
    ----------
    columns : mapping
        Column name → equal-length sequence, in row order. Text columns get the
        ``str`` dtype, ``score`` float64, ``start``/``end`` int64, ``query`` object.
    geometry : numpy.ndarray
        One Point (empty for a miss) per row.
    index : pandas.Index, optional
        Index of the rows; default a RangeIndex.

    Returns
    -------
    geopandas.GeoDataFrame
        The frame, CRS EPSG:4326, so that results concatenate without turning
        columns into ``object``.

    Examples
    --------
    >>> import numpy as np, shapely
    >>> frame = result_frame({"name": ["Kirkuk"], "score": [100]},
    ...                      np.array([shapely.Point(44.39, 35.47)]))
    >>> frame.dtypes.astype(str).tolist(), frame.crs.to_epsg()
    (['str', 'float64', 'geometry'], 4326)
    """
    typed = {name: _column(name, values) for name, values in columns.items()}
    return _frame(typed, gpd.array.from_shapely(geometry, crs="EPSG:4326"), index)


def rows_frame(
    rows: Sequence[Mapping[str, object]],
    codes: Sequence[int] | np.ndarray,
    columns: Sequence[str],
    *,
    leading: Mapping[str, object] | None = None,
    index: pd.Index | None = None,
) -> gpd.GeoDataFrame:
    """Build a result frame from distinct result rows and the code of each output row.

    Each column is built once over the distinct rows and then taken by code, so
    the rows of one distinct result share its strings and its Point.

    Parameters
    ----------
    rows : sequence of mapping
        Distinct result rows, each with the keys in ``columns`` plus ``lat`` and
        ``lon`` (NaN for no place), e.g. :meth:`Resolution.to_dict
        <hotspot.geocoding.resolver.Resolution.to_dict>`.
    codes : sequence of int
        For each output row, the position of its row in ``rows``.
    columns : sequence of str
        The columns taken from ``rows``, in order.
    leading : mapping, optional
        Columns placed first, already one value per output row (``query``,
        ``surface``, ``start``, ``end``).
    index : pandas.Index, optional
        Index of the output rows.

    Returns
    -------
    geopandas.GeoDataFrame
        See :func:`result_frame`.
    """
    codes = np.asarray(codes, dtype=np.intp)
    typed = {name: _column(name, values) for name, values in (leading or {}).items()}
    for column in columns:
        typed[column] = _column(column, [row[column] for row in rows]).take(codes)
    lat = np.array([row["lat"] for row in rows], dtype=float)
    lon = np.array([row["lon"] for row in rows], dtype=float)
    geometry = gpd.array.from_shapely(points(lat, lon), crs="EPSG:4326").take(codes)
    return _frame(typed, geometry, index)
