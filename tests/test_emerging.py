"""Tests of hotspot.emerging: cube, Gi*, Mann-Kendall and the ArcGIS Pro categories."""

from __future__ import annotations

import itertools
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from scipy import stats

from hotspot.emerging import (
    CATEGORIES,
    TIME_STEPS,
    EmergingResult,
    _classify_bins,
    _gi_star,
    _space_weights,
    _time_weights,
    classify_series,
    emerging_hotspots,
    mann_kendall,
)
from hotspot.errors import CRSError, IncidentError

CELL = 5000.0
# south-west corner (in cells) of the synthetic study area, near Kirkuk in UTM 38N
COL0, ROW0 = 88, 783

# --------------------------------------------------------------------------- helpers


def _series(hot=(), cold=(), n=10, z_hot=3.0, z_cold=-3.0):
    """Gi* z and p series: significant (p=0.001) at the given steps, z=0/p=1 elsewhere."""
    z = np.zeros(n)
    p = np.ones(n)
    for t in hot:
        z[t], p[t] = z_hot, 0.001
    for t in cold:
        z[t], p[t] = z_cold, 0.001
    return z, p


def _incidents(counts: dict[tuple[int, int], list[int]], *, start="2020-01-01", freq="MS"):
    """Points at the centres of cells (col, row offsets from COL0/ROW0), dated mid-step.

    ``counts[(c, r)][t]`` incidents fall in cell (c, r) during step t.
    """
    n_steps = len(next(iter(counts.values())))
    starts = pd.date_range(start, periods=n_steps, freq=freq)
    xs, ys, dates = [], [], []
    for (c, r), series in counts.items():
        for t, k in enumerate(series):
            xs += [(COL0 + c + 0.5) * CELL] * k
            ys += [(ROW0 + r + 0.5) * CELL] * k
            dates += [starts[t] + pd.Timedelta(days=9)] * k
    return gpd.GeoDataFrame(
        {"date": pd.to_datetime(dates)}, geometry=gpd.points_from_xy(xs, ys), crs="EPSG:32638"
    )


def _cell_id(c: int, r: int) -> str:
    return f"E{(COL0 + c) * CELL:.0f}N{(ROW0 + r) * CELL:.0f}"


def _background(n_steps: int, size: int = 7, seed: int = 0) -> dict[tuple[int, int], list[int]]:
    rng = np.random.default_rng(seed)
    return {(c, r): rng.poisson(2.0, n_steps).tolist() for c in range(size) for r in range(size)}


def _block(counts, c, r, series):
    """Give the 3 x 3 block of cells centred on (c, r) the same count series."""
    for dc in (-1, 0, 1):
        for dr in (-1, 0, 1):
            counts[(c + dc, r + dr)] = list(series)


# --------------------------------------------------------------------------- categories


CASES = {
    "New Hot Spot": _series(hot=[9]),
    "Consecutive Hot Spot": _series(hot=[7, 8, 9]),
    "Intensifying Hot Spot": (np.linspace(2.0, 6.5, 10), np.full(10, 0.001)),
    "Persistent Hot Spot": (np.array([3.0, 4.0] * 5), np.full(10, 0.001)),
    "Diminishing Hot Spot": (np.linspace(6.5, 2.0, 10), np.full(10, 0.001)),
    "Sporadic Hot Spot": _series(hot=[2, 5, 9]),
    "Oscillating Hot Spot": _series(hot=[1, 9], cold=[4, 5]),
    "Historical Hot Spot": _series(hot=range(9)),
    "New Cold Spot": _series(cold=[9]),
    "Consecutive Cold Spot": _series(cold=[7, 8, 9]),
    "Intensifying Cold Spot": (np.linspace(-2.0, -6.5, 10), np.full(10, 0.001)),
    "Persistent Cold Spot": (np.array([-3.0, -4.0] * 5), np.full(10, 0.001)),
    "Diminishing Cold Spot": (np.linspace(-6.5, -2.0, 10), np.full(10, 0.001)),
    "Sporadic Cold Spot": _series(cold=[2, 5, 9]),
    "Oscillating Cold Spot": _series(cold=[1, 9], hot=[4, 5]),
    "Historical Cold Spot": _series(cold=range(9)),
    "No Pattern Detected": _series(),
}


def test_every_category_has_a_case():
    assert set(CASES) == set(CATEGORIES)
    assert len(CATEGORIES) == 17


@pytest.mark.parametrize("category", CATEGORIES)
def test_classify_series_each_category(category):
    z, p = CASES[category]
    assert classify_series(z, p) == category


def test_vectorised_classification_matches_series():
    names = list(CASES)
    z = np.array([CASES[k][0] for k in names])
    p = np.array([CASES[k][1] for k in names])
    bins = (np.sign(z) * (p < 0.10)).astype(int)
    trend = [mann_kendall(row) for row in z]
    got = _classify_bins(
        bins, np.array([t.z for t in trend]), np.array([t.p for t in trend]), 0.10, 0.9
    )
    assert got.tolist() == names


@pytest.mark.parametrize(
    ("z", "p", "expected"),
    [
        # 9 of 10 hot including the final step is "most" (90 %): persistent, not sporadic
        (*_series(hot=[0, 1, 2, 3, 5, 6, 7, 8, 9]), "Persistent Hot Spot"),
        # 8 of 10 with a gap: sporadic
        (*_series(hot=[0, 1, 2, 3, 6, 7, 8, 9]), "Sporadic Hot Spot"),
        # a run of 9 at the end is 90 %: persistent rather than consecutive
        (*_series(hot=range(1, 10)), "Persistent Hot Spot"),
        # hot in the middle, not at the end, under 90 %: no Esri category
        (*_series(hot=[3, 4, 5]), "No Pattern Detected"),
        # only the final bin is hot, but there was a cold spot before: oscillating wins
        (*_series(hot=[9], cold=[2]), "Oscillating Hot Spot"),
        # a run of two at the end is the shortest consecutive run
        (*_series(hot=[8, 9]), "Consecutive Hot Spot"),
        # not significant at 90 %: p = 0.2 bins do not count
        (np.full(10, 1.3), np.full(10, 0.2), "No Pattern Detected"),
    ],
)
def test_classify_series_boundaries(z, p, expected):
    assert classify_series(z, p) == expected


def test_classify_series_alpha_changes_significance():
    z, p = _series(hot=[9])
    p[9] = 0.07  # significant at 90 %, not at 95 %
    assert classify_series(z, p, alpha=0.10) == "New Hot Spot"
    assert classify_series(z, p, alpha=0.05) == "No Pattern Detected"


def test_classify_series_trend_alpha_decides_intensifying():
    z = np.array([3.0, 3.2, 3.1, 3.3, 3.2, 3.4, 3.3, 3.5, 3.2, 3.6])
    p = np.full(10, 0.001)
    trend_p = mann_kendall(z).p
    assert 0.001 < trend_p < 0.10
    assert classify_series(z, p, trend_alpha=0.10) == "Intensifying Hot Spot"
    assert classify_series(z, p, trend_alpha=trend_p / 2) == "Persistent Hot Spot"


def test_classify_series_rejects_bad_input():
    with pytest.raises(ValueError, match=r"equal in length.*alpha must be between 0 and 1"):
        classify_series([1.0, 2.0], [0.1], alpha=1.5)


# --------------------------------------------------------------------------- Mann-Kendall


def test_mann_kendall_textbook_monotone_series():
    # n = 5 strictly increasing: S = n(n-1)/2 = 10, var = 5*4*15/18, Z = (S-1)/sqrt(var)
    r = mann_kendall([1, 2, 3, 4, 5])
    assert r.s == 10
    assert r.var_s == pytest.approx(5 * 4 * 15 / 18)
    assert r.z == pytest.approx(9 / math.sqrt(50 / 3))
    assert r.p == pytest.approx(0.0274863361, rel=1e-8)
    assert r.tau == 1.0
    assert r.trend == "increasing"


@pytest.mark.parametrize(
    ("x", "s", "var_s", "z", "p"),
    [
        # values cross-checked with pymannkendall 1.4.3 original_test
        ([10, 15, 14, 20, 20, 18, 25, 25, 25, 22], 29, 120.3333333333, 2.5524959269, 0.0106954160),
        ([5, 3, 3, 1, 1, 1, 0, 2, 2, 0, -1, -1], -43, 205.0, -2.9334072422, 0.0033526382),
    ],
)
def test_mann_kendall_with_ties(x, s, var_s, z, p):
    r = mann_kendall(x)
    assert r.s == s
    assert r.var_s == pytest.approx(var_s, rel=1e-9)
    assert r.z == pytest.approx(z, rel=1e-9)
    assert r.p == pytest.approx(p, rel=1e-7)


def test_mann_kendall_agrees_with_kendall_tau():
    # S is concordant minus discordant pairs against time; scipy's asymptotic
    # Kendall test uses the same tie-corrected variance without continuity correction
    x = np.array([4.0, 1, 3, 3, 7, 2, 9, 9, 9, 5, 8, 11, 6, 12])
    r = mann_kendall(x)
    tau_b = stats.kendalltau(np.arange(len(x)), x, method="asymptotic")
    n = len(x)
    _, t = np.unique(x, return_counts=True)
    n1 = n * (n - 1) / 2
    n2 = np.sum(t * (t - 1) / 2)
    assert r.s == pytest.approx(tau_b.statistic * math.sqrt(n1 * (n1 - n2)))
    z_scipy = stats.norm.isf(tau_b.pvalue / 2)  # |S| / sqrt(var S), no continuity correction
    assert r.var_s == pytest.approx((r.s / z_scipy) ** 2, rel=1e-9)


def test_mann_kendall_constant_series_has_no_trend():
    r = mann_kendall([2.0] * 6)
    assert (r.s, r.var_s, r.z, r.p, r.trend) == (0.0, 0.0, 0.0, 1.0, "no trend")


def test_mann_kendall_rejects_nan():
    with pytest.raises(ValueError, match="NaN at positions \\[1\\]"):
        mann_kendall([1.0, np.nan, 2.0])


# --------------------------------------------------------------------------- Gi*


def _brute_gi_star(values, cols, rows, radius_cells, window):
    """Ord & Getis (1995) Gi* by explicit loops over every pair of bins."""
    n_loc, n_steps = values.shape
    bins = list(itertools.product(range(n_loc), range(n_steps)))
    x = np.array([values[loc, t] for loc, t in bins])
    n = len(x)
    mean = x.sum() / n
    sd = math.sqrt((x**2).sum() / n - mean**2)
    z = np.zeros_like(values, dtype=float)
    for loc, t in bins:
        w = np.array(
            [
                1.0
                if math.hypot(cols[loc] - cols[m], rows[loc] - rows[m]) <= radius_cells
                and 0 <= t - u <= window
                else 0.0
                for m, u in bins
            ]
        )
        num = (w * x).sum() - mean * w.sum()
        den = sd * math.sqrt((n * (w**2).sum() - w.sum() ** 2) / (n - 1))
        z[loc, t] = num / den
    return z


@pytest.mark.parametrize(("radius", "window"), [(1.0, 0), (1.5, 1), (2.0, 2)])
def test_gi_star_matches_brute_force(radius, window):
    rng = np.random.default_rng(42)
    cols = np.array([0, 1, 2, 0, 1, 3])
    rows = np.array([0, 0, 0, 1, 1, 2])
    values = rng.poisson(3.0, size=(len(cols), 5)).astype(float)
    got = _gi_star(values, _space_weights(cols, rows, radius), _time_weights(5, window))
    np.testing.assert_allclose(got, _brute_gi_star(values, cols, rows, radius, window), rtol=1e-12)


def test_time_weights_look_back_only():
    w = _time_weights(4, 2).toarray()
    expected = np.array([[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 1]], dtype=float)
    np.testing.assert_array_equal(w, expected)


def test_space_weights_queen_ring_at_default_radius():
    cols = np.array([0, 1, 1, 2])
    rows = np.array([0, 0, 1, 2])
    w = _space_weights(cols, rows, 1.5).toarray()
    # (0,0)-(1,1) diagonal is in, (0,0)-(2,2) is not
    assert w[0].tolist() == [1, 1, 1, 0]
    assert w[3].tolist() == [0, 0, 1, 1]


def test_gi_star_of_a_flat_cube_is_zero():
    values = np.full((3, 4), 2.0)
    z = _gi_star(values, _space_weights(np.arange(3), np.zeros(3), 1.5), _time_weights(4, 1))
    np.testing.assert_array_equal(z, 0.0)


# --------------------------------------------------------------------------- end to end


def test_new_hot_spot_from_incidents():
    counts = _background(12)
    counts[(3, 3)] = [0] * 11 + [40]
    res = emerging_hotspots(_incidents(counts))
    assert isinstance(res, EmergingResult)
    cells = res.cells
    assert cells.loc[_cell_id(3, 3), "category"] == "New Hot Spot"
    assert cells.loc[_cell_id(3, 3), "count"] == 40
    assert cells.loc[_cell_id(3, 3), "hot_steps"] == 1
    # a far corner cell sees nothing of it
    assert cells.loc[_cell_id(0, 0), "category"] == "No Pattern Detected"
    cube = res.cube.set_index(["cell", "step"])
    assert cube.loc[(_cell_id(3, 3), 11), "gi_bin"] == 1
    assert cube.loc[(_cell_id(3, 3), 10), "gi_bin"] == 0


def test_intensifying_hot_spot_from_incidents():
    counts = _background(12)
    _block(counts, 3, 3, [6 + t for t in range(12)])
    res = emerging_hotspots(_incidents(counts))
    row = res.cells.loc[_cell_id(3, 3)]
    assert row["category"] == "Intensifying Hot Spot"
    assert row["trend"] == "increasing"
    assert row["count_trend"] == "increasing"
    assert row["hot_steps"] >= 11


def test_persistent_and_historical_from_incidents():
    counts = _background(12, size=9)
    _block(counts, 1, 1, [8] * 12)
    _block(counts, 6, 6, [8] * 11 + [0])
    res = emerging_hotspots(_incidents(counts), time_window_steps=0)
    assert res.cells.loc[_cell_id(1, 1), "category"] == "Persistent Hot Spot"
    assert res.cells.loc[_cell_id(6, 6), "category"] == "Historical Hot Spot"


def test_cube_layout_and_counts():
    counts = {(0, 0): [1, 0, 2], (2, 0): [0, 3, 0]}
    res = emerging_hotspots(_incidents(counts), min_steps=3)
    assert list(res.cube.columns) == ["cell", "step", "start", "count", "gi_z", "gi_p", "gi_bin"]
    assert len(res.cube) == 2 * 3
    assert res.cube["count"].tolist() == [1, 0, 2, 0, 3, 0]
    assert res.steps.tolist() == list(pd.date_range("2020-01-01", periods=3, freq="MS"))
    assert res.cells.index.name == "cell"
    assert res.cells.index.tolist() == [_cell_id(0, 0), _cell_id(2, 0)]
    assert res.cells.crs == _incidents(counts).crs  # CRS out = CRS in
    assert set(res.cells.geom_type) == {"Polygon"}
    assert emerging_hotspots(_incidents(counts).to_crs(4326), min_steps=3).cells.crs == "EPSG:4326"
    np.testing.assert_allclose(res.cube["gi_p"], 2 * stats.norm.sf(res.cube["gi_z"].abs()))


def test_cells_without_incidents_are_not_locations():
    counts = {(0, 0): [1, 1, 1], (5, 5): [1, 0, 0]}
    res = emerging_hotspots(_incidents(counts), min_steps=3)
    assert len(res.cells) == 2


def test_cell_polygons_cover_their_incidents():
    counts = {(0, 0): [2, 1, 0], (1, 2): [0, 1, 4]}
    pts = _incidents(counts)
    res = emerging_hotspots(pts, min_steps=3)
    joined = gpd.sjoin(pts, res.cells[["geometry"]], predicate="within")
    assert len(joined) == len(pts)
    assert joined.groupby("cell").size().to_dict() == res.cells["count"].to_dict()


def test_any_input_crs_gives_the_same_cube():
    counts = _background(4, size=3)
    pts = _incidents(counts)
    a = emerging_hotspots(pts, min_steps=4)
    b = emerging_hotspots(pts.to_crs("EPSG:4326"), min_steps=4)
    pd.testing.assert_frame_equal(a.cube, b.cube)


def test_input_not_mutated():
    pts = _incidents(_background(3, size=2))
    before = pts.copy()
    emerging_hotspots(pts, min_steps=3)
    pd.testing.assert_frame_equal(pts, before)


def test_weights_are_summed():
    pts = _incidents({(0, 0): [1, 1, 0], (1, 0): [0, 1, 1]})
    pts["fatalities"] = [2, 3, 0, 5]
    res = emerging_hotspots(pts, weights="fatalities", min_steps=3)
    assert res.cube["count"].tolist() == [2.0, 3.0, 0.0, 0.0, 0.0, 5.0]


@pytest.mark.parametrize(
    ("time_step", "n_steps"),
    [("month", 7), ("quarter", 3), ("year", 1), (pd.DateOffset(weeks=4), 8)],
)
def test_time_steps(time_step, n_steps):
    pts = gpd.GeoDataFrame(
        {"date": pd.to_datetime(["2020-02-10", "2020-05-01", "2020-08-31"])},
        geometry=gpd.points_from_xy([44.40] * 3, [35.47] * 3),
        crs="EPSG:4326",
    )
    res = emerging_hotspots(pts, time_step=time_step, min_steps=1)
    assert len(res.steps) == n_steps
    assert res.cube["count"].sum() == 3
    if time_step == "quarter":
        assert res.steps.tolist() == list(
            pd.to_datetime(["2020-01-01", "2020-04-01", "2020-07-01"])
        )


def test_since_until_extend_the_period_with_empty_steps():
    pts = _incidents({(0, 0): [1, 1]})
    res = emerging_hotspots(pts, until="2020-04-30", min_steps=1)
    assert len(res.steps) == 4
    assert res.cube["count"].tolist() == [1, 1, 0, 0]
    assert res.params["until"] == pd.Timestamp("2020-04-30")


def test_start_end_are_deprecated_names_of_since_until():
    pts = _incidents({(0, 0): [1, 1]})
    with pytest.warns(FutureWarning, match="end= is deprecated.*until="):
        old = emerging_hotspots(pts, end="2020-04-30", min_steps=1)
    new = emerging_hotspots(pts, until="2020-04-30", min_steps=1)
    pd.testing.assert_frame_equal(old.cube, new.cube)
    with pytest.raises(ValueError, match="not both"):
        emerging_hotspots(pts, until="2020-04-30", end="2020-04-30", min_steps=1)


def test_day_first_dates_as_the_readers_read_them():
    pts = _incidents({(0, 0): [1, 1]})
    pts["date"] = ["03/01/2020", "03/02/2020"]  # 3 January, 3 February
    res = emerging_hotspots(pts, min_steps=1)
    assert res.steps.tolist() == list(pd.to_datetime(["2020-01-01", "2020-02-01"]))


def test_string_dates_are_parsed():
    pts = _incidents({(0, 0): [1, 1]})
    pts["date"] = pts["date"].dt.strftime("%Y-%m-%d")
    res = emerging_hotspots(pts, min_steps=2)
    assert res.cube["count"].tolist() == [1, 1]


def test_few_steps_warn():
    with pytest.warns(UserWarning, match="only 2 time step"):
        emerging_hotspots(_incidents({(0, 0): [1, 1]}))


def test_summary_and_html():
    counts = _background(12)
    counts[(3, 3)] = [0] * 11 + [40]
    res = emerging_hotspots(_incidents(counts))
    summary = res.summary()
    assert summary.index.tolist() == list(CATEGORIES)
    assert summary["cells"].sum() == len(res.cells)
    assert summary["incidents"].sum() == res.cube["count"].sum()
    assert summary.loc["New Hot Spot", "cells"] >= 1
    page = res._repr_html_()
    assert "EmergingResult" in page and "New Hot Spot" in page and "EPSG:32638" in page
    assert "New Hot Spot" in repr(res)
    with pytest.raises(AttributeError):
        res.cells = None  # frozen


# --------------------------------------------------------------------------- bad input


def test_missing_date_column():
    pts = _incidents({(0, 0): [1]}).rename(columns={"date": "when"})
    with pytest.raises(IncidentError, match="no date column 'date'"):
        emerging_hotspots(pts)


def test_unparseable_date_column_is_named():
    pts = _incidents({(0, 0): [2]})
    pts["date"] = ["yesterday", "last week"]
    with pytest.raises(IncidentError, match=r"date column 'date' .*no parseable date"):
        emerging_hotspots(pts)


def test_rows_without_date_or_point_are_left_out_with_a_warning():
    pts = _incidents({(0, 0): [2, 2]})
    pts["date"] = pts["date"].dt.strftime("%Y-%m-%d").astype(object)
    pts.loc[1, "date"] = "not a date"
    pts.loc[2, "geometry"] = shapely.Point()  # the incident readers' mark of a bad position
    with pytest.warns(UserWarning, match=r"left out 2 incident\(s\) .*rows 1, 2"):
        res = emerging_hotspots(pts, min_steps=2)
    assert res.cube["count"].tolist() == [1, 1]
    assert res.params["incidents"] == 2


def test_coarse_locations_are_left_out_and_counted():
    """A district centroid (precision 3) makes no hot cell, as in find_hotspots and the overlay."""
    pts = _incidents({(0, 0): [2, 2], (3, 0): [1, 1]})
    pts["precision"] = pd.array([1, 1, 1, 1, 3, 3], dtype="Int64")
    res = emerging_hotspots(pts, min_steps=2)
    assert res.params["incidents"] == 4 and res.params["coarse_left_out"] == 2
    assert len(res.cells) == 1 and res.cube["count"].sum() == 4
    assert "2 incident(s) with a coarse location left out" in str(res)
    kept = emerging_hotspots(pts, min_steps=2, include_coarse=True)
    assert kept.params["incidents"] == 6 and kept.params["coarse_left_out"] == 0
    assert len(kept.cells) == 2
    assert "coarse" not in str(kept)
    with pytest.raises(ValueError, match="include_coarse must be True or False"):
        emerging_hotspots(pts, min_steps=2, include_coarse="no")
    only_coarse = pts.assign(precision=pd.array([3] * 6, dtype="Int64"))
    with pytest.raises(IncidentError, match="6 coarse left out; include_coarse=True"):
        emerging_hotspots(only_coarse, min_steps=2)


def test_missing_crs():
    pts = _incidents({(0, 0): [1]}).set_crs(None, allow_override=True)
    with pytest.raises(CRSError, match="no CRS"):
        emerging_hotspots(pts)


def test_unknown_time_step_lists_valid_values():
    pts = _incidents({(0, 0): [1]})
    with pytest.raises(
        ValueError, match=r"time_step must be one of \['month', 'quarter', 'year'\]"
    ):
        emerging_hotspots(pts, time_step="fortnight")
    assert sorted(TIME_STEPS) == ["month", "quarter", "year"]


def test_empty_input():
    pts = _incidents({(0, 0): [1]}).iloc[:0]
    with pytest.raises(IncidentError, match="empty"):
        emerging_hotspots(pts)


def test_all_option_problems_in_one_message():
    pts = _incidents({(0, 0): [1]})
    with pytest.raises(ValueError) as info:
        emerging_hotspots(pts, cell_m=-5, time_window_steps=-1, alpha=0)
    msg = str(info.value)
    assert "cell_m" in msg and "time_window_steps" in msg and "alpha" in msg


def test_all_data_problems_in_one_message():
    pts = _incidents({(0, 0): [2]})
    pts.loc[1, "geometry"] = shapely.LineString([(0, 0), (1, 1)])
    pts = pts.rename(columns={"date": "day"})
    with pytest.raises(IncidentError) as info:
        emerging_hotspots(pts, weights="deaths")
    msg = str(info.value)
    assert "no date column" in msg and "not points" in msg and "no weights column" in msg


def test_negative_weights_rejected():
    pts = _incidents({(0, 0): [2]})
    pts["w"] = [1, -1]
    with pytest.raises(IncidentError, match="weights column 'w' has 1"):
        emerging_hotspots(pts, weights="w")


def test_min_cells():
    with pytest.raises(IncidentError, match="min_cells=3"):
        emerging_hotspots(_incidents({(0, 0): [1], (1, 0): [1]}), min_cells=3, min_steps=1)


# --------------------------------------------------------------------------- reference data


def test_ucdp_events_in_the_north(shared_data):
    """UCDP GED events (test yardstick only): the cube keeps every event, categories are valid."""
    path = shared_data / "ucdp_ged_irq" / "conflict_data_irq.csv"
    if not path.exists():
        pytest.skip(f"{path} not present")
    df = pd.read_csv(path, skiprows=[1], low_memory=False)  # row 1 is the HXL tag row
    df = df[df["longitude"].between(42.0, 46.5) & df["latitude"].between(33.5, 37.0)]
    df = df.assign(date=pd.to_datetime(df["date_start"]))
    df = df[df["date"].between("2008-01-01", "2014-12-31")]
    pts = gpd.GeoDataFrame(
        df[["date", "best"]],
        geometry=gpd.points_from_xy(df["longitude"], df["latitude"]),
        crs="EPSG:4326",
    )
    res = emerging_hotspots(pts, cell_m=10_000, time_step="quarter")
    assert len(res.steps) == 28
    assert res.cube["count"].sum() == len(pts)  # no precision column: nothing is coarse
    assert set(res.cells["category"]) <= set(CATEGORIES)
    hot = res.cells["category"].str.contains("Hot Spot")
    assert hot.any()
    # every hot-spot cell but a historical one is hot in its final step, by definition
    current = hot & ~res.cells["category"].str.startswith("Historical")
    final = res.cube[res.cube["step"] == 27].set_index("cell")["gi_bin"]
    assert (final[res.cells.index[current]] == 1).all()
    weighted = emerging_hotspots(pts, cell_m=10_000, time_step="quarter", weights="best")
    assert weighted.cube["count"].sum() == pytest.approx(pts["best"].sum())


def test_timedelta_step_and_tz_aware_dates():
    pts = _incidents({(0, 0): [1, 1, 1]})
    pts["date"] = pts["date"].dt.tz_localize("Asia/Baghdad")
    res = emerging_hotspots(pts, time_step=pd.Timedelta(days=14), min_steps=1)
    # mid-January to mid-March in 14-day steps; zoned dates keep their local day
    assert res.steps[0] == pd.Timestamp("2020-01-10")
    assert len(res.steps) == 5
    assert res.cube["count"].sum() == 3


def test_local_midnight_stays_in_its_month():
    pts = _incidents({(0, 0): [1, 1, 1]})
    pts["date"] = pd.to_datetime(["2021-01-10", "2021-02-01", "2021-03-01"]).tz_localize(
        "Asia/Baghdad"
    )
    res = emerging_hotspots(pts, time_step="month", min_steps=1, since="2021-01-01T00:00+03:00")
    assert res.cube.groupby("step")["count"].sum().tolist() == [1, 1, 1]
