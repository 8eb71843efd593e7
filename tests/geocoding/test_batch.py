"""Tests of hotspot.geocoding.batch: input columns, grouping, result frames, the miss contract."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import shapely

from hotspot.geocoding.batch import (
    GEOCODE_COLUMNS,
    as_values,
    factorize,
    is_missing,
    points,
    result_frame,
    rows_frame,
)

ROWS = [
    {"status": "resolved", "name": "Kirkuk", "score": 100.0, "lat": 35.47, "lon": 44.39},
    {"status": "unresolved", "name": "", "score": 0.0, "lat": math.nan, "lon": math.nan},
]


def test_as_values_keeps_a_series_index():
    index, values = as_values(pd.Series(["a", None], index=[9, 4], dtype=object))
    assert list(index) == [9, 4] and values == ["a", None]
    index, values = as_values(np.array(["a", "b"]))
    assert list(index) == [0, 1] and values == ["a", "b"]
    index, values = as_values(name for name in ["a", "b", "c"])
    assert len(index) == 3 and values == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ("Kirkuk", "single str"),
        (pd.DataFrame({"place": ["x"]}), "one column"),
        ({"Kirkuk"}, "got set"),
        ({"a": 1}, "got dict"),
        (42, "got int"),
    ],
)
def test_as_values_refuses_what_is_not_a_column(names, message):
    with pytest.raises(TypeError, match=message):
        as_values(names)


def test_factorize_groups_repeats_and_keeps_unhashables_apart():
    codes, uniques = factorize(["b", None, "a", "b", float("nan")])
    assert codes.tolist() == [0, -1, 1, 0, -1] and uniques == ["b", "a"]
    codes, uniques = factorize([["x"], "a", ["x"], None])
    assert codes.tolist() == [0, 1, 2, -1]
    assert uniques == [["x"], "a", ["x"]]


def test_is_missing():
    assert is_missing(None) and is_missing(np.nan) and is_missing(pd.NA) and is_missing(pd.NaT)
    assert not is_missing("") and not is_missing([None]) and not is_missing(0)


def test_a_miss_is_an_empty_point_never_none():
    out = points([35.0, math.nan], [44.0, math.nan])
    assert out[0].equals(shapely.Point(44.0, 35.0))
    assert out[1] is not None and out[1].is_empty and out[1].geom_type == "Point"


def test_rows_frame_takes_each_distinct_row_by_code():
    frame = rows_frame(
        ROWS,
        [0, 1, 0, 1],
        ("status", "name", "score"),
        leading={"query": np.array(["Kirkuk", "x", "Kerkuk", None], dtype=object)},
        index=pd.Index([7, 8, 9, 10]),
    )
    assert list(frame.columns) == ["query", "status", "name", "score", "geometry"]
    assert list(frame.index) == [7, 8, 9, 10]
    assert frame["name"].tolist() == ["Kirkuk", "", "Kirkuk", ""]
    assert frame["query"].tolist() == ["Kirkuk", "x", "Kerkuk", None]
    assert frame.geometry.is_empty.tolist() == [False, True, False, True]
    assert frame.crs.to_epsg() == 4326
    # rows of one distinct result share its Point and its strings (memory per row: references)
    geometry = frame.geometry.array
    assert geometry[0] is geometry[2]
    assert frame["name"].array[0] is frame["name"].array[2]


def test_empty_and_full_frames_share_dtypes():
    columns = ("status", "name", "score")
    empty = rows_frame([], [], columns, leading={"start": [], "end": []})
    full = rows_frame(ROWS, [1, 0], columns, leading={"start": [3, 9], "end": [5, 12]})
    assert empty.dtypes.equals(full.dtypes)
    assert full["start"].dtype == "int64" and full["score"].dtype == "float64"
    assert full["name"].dtype == "str"
    assert pd.concat([empty, full]).dtypes.equals(full.dtypes)


def test_result_frame_builds_the_same_frame_as_rows_frame():
    by_rows = rows_frame(ROWS, [0, 1], ("status", "name", "score"))
    direct = result_frame(
        {"status": ["resolved", "unresolved"], "name": ["Kirkuk", ""], "score": [100, 0]},
        points([35.47, math.nan], [44.39, math.nan]),
    )
    pd.testing.assert_frame_equal(by_rows, direct)


def test_geocode_columns_start_with_the_query():
    assert GEOCODE_COLUMNS[0] == "query" and "candidates" in GEOCODE_COLUMNS
