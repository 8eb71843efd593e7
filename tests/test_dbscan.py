from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import DBSCAN

from hotspot._dbscan import _fit, dbscan_haversine, dbscan_spacetime
from hotspot._geo import EARTH_RADIUS_M, chord_from_m, haversine_m, m_from_chord
from hotspot.errors import IncidentError


def sklearn_labels(lat, lon, eps_m, min_samples, sample_weight=None):
    model = DBSCAN(
        eps=eps_m / EARTH_RADIUS_M,
        min_samples=min_samples,
        metric="haversine",
        algorithm="ball_tree",
    )
    return model.fit(np.radians(np.c_[lat, lon]), sample_weight=sample_weight).labels_


def neighbour_matrix(lat, lon, t, eps_m, window_days):
    """Brute force: scikit-learn's haversine neighbour test and the time window."""
    la = np.radians(np.asarray(lat, float))[:, None]
    lo = np.radians(np.asarray(lon, float))[:, None]
    s0 = np.sin(0.5 * (la - la.T))
    s1 = np.sin(0.5 * (lo - lo.T))
    rdist = s0 * s0 + np.cos(la) * np.cos(la.T) * s1 * s1
    thr = math.sin(0.5 * (eps_m / EARTH_RADIUS_M)) ** 2
    t = np.asarray(t, float)
    return (rdist <= thr) & (np.abs(t[:, None] - t[None, :]) <= window_days)


def spacetime_reference(lat, lon, t, eps_m, window_days, min_samples, sample_weight=None):
    distance = np.where(neighbour_matrix(lat, lon, t, eps_m, window_days), 0.0, 2.0)
    model = DBSCAN(eps=1.0, min_samples=min_samples, metric="precomputed")
    return model.fit(distance, sample_weight=sample_weight).labels_


def towns(rng, n, n_towns, jitter_share, jitter_deg):
    """Events stacked on town points, a share of them jittered around the towns."""
    tlat = rng.uniform(34.0, 36.0, n_towns)
    tlon = rng.uniform(43.0, 45.5, n_towns)
    k = rng.integers(0, n_towns, n)
    lat, lon = tlat[k].copy(), tlon[k].copy()
    moved = rng.random(n) < jitter_share
    lat[moved] += rng.normal(0, jitter_deg, moved.sum())
    lon[moved] += rng.normal(0, jitter_deg, moved.sum())
    return lat, lon


# ---------------------------------------------------------------------------- geodesy


def test_haversine_one_degree_of_latitude():
    expected = EARTH_RADIUS_M * math.pi / 180
    assert haversine_m(35.0, 44.0, 36.0, 44.0) == pytest.approx(expected, rel=1e-12)


def test_chord_round_trip():
    for d in (1.0, 5000.0, 1e6):
        assert m_from_chord(chord_from_m(d)) == pytest.approx(d, rel=1e-9)


# ---------------------------------------------------------------------------- spatial


@pytest.mark.parametrize("seed", range(12))
def test_equals_sklearn_on_random_towns(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(50, 600))
    lat, lon = towns(rng, n, int(rng.integers(2, 25)), rng.random(), rng.choice([0.005, 0.03]))
    eps_m = float(rng.choice([1000, 3000, 5000, 15000]))
    min_samples = int(rng.integers(2, 12))
    ours = dbscan_haversine(lat, lon, eps_m=eps_m, min_samples=min_samples)
    np.testing.assert_array_equal(ours, sklearn_labels(lat, lon, eps_m, min_samples))


def test_equals_sklearn_uniform_scatter():
    rng = np.random.default_rng(7)
    lat = rng.uniform(34, 35, 2000)
    lon = rng.uniform(44, 45, 2000)
    ours = dbscan_haversine(lat, lon, eps_m=2500, min_samples=6)
    np.testing.assert_array_equal(ours, sklearn_labels(lat, lon, 2500, 6))
    assert ours.dtype == np.int64


def test_heavy_stacking_with_jitter():
    rng = np.random.default_rng(11)
    # thousands of events on four points, a few hundred jittered around them,
    # and a thin trail of events linking two of the towns
    lat = np.repeat([35.47, 35.2, 34.6, 35.9], [3000, 1500, 40, 5])
    lon = np.repeat([44.39, 44.9, 45.3, 43.5], [3000, 1500, 40, 5])
    jit_lat = np.repeat([35.47, 35.2], 300) + rng.normal(0, 0.03, 600)
    jit_lon = np.repeat([44.39, 44.9], 300) + rng.normal(0, 0.03, 600)
    trail = np.linspace(0, 1, 30)
    lat = np.r_[lat, jit_lat, 35.47 + trail * (35.2 - 35.47)]
    lon = np.r_[lon, jit_lon, 44.39 + trail * (44.9 - 44.39)]
    order = rng.permutation(lat.size)
    lat, lon = lat[order], lon[order]
    ours = _fit(lat, lon, None, None, eps_m=4000, window=None, min_samples=8)
    np.testing.assert_array_equal(ours.labels, sklearn_labels(lat, lon, 4000, 8))
    assert ours.n_unique < 700  # the stacks collapsed


def test_crowded_cell_goes_through_the_grid():
    # 3000 distinct points inside a few hundred metres: every grid cube is dense
    rng = np.random.default_rng(3)
    lat = 35.0 + rng.normal(0, 0.002, 3000)
    lon = 44.0 + rng.normal(0, 0.002, 3000)
    ours = dbscan_haversine(lat, lon, eps_m=300, min_samples=20)
    np.testing.assert_array_equal(ours, sklearn_labels(lat, lon, 300, 20))


@pytest.mark.parametrize("kind", ["integer", "float", "with_zeros"])
def test_sample_weight(kind):
    rng = np.random.default_rng(5)
    lat, lon = towns(rng, 400, 12, 0.5, 0.02)
    if kind == "integer":
        w = rng.integers(1, 5, lat.size).astype(float)
    elif kind == "float":
        w = rng.uniform(0.1, 2.5, lat.size)
    else:
        w = rng.integers(0, 3, lat.size).astype(float)
    ours = dbscan_haversine(lat, lon, eps_m=3000, min_samples=7, sample_weight=w)
    np.testing.assert_array_equal(ours, sklearn_labels(lat, lon, 3000, 7, w))


def test_negative_weights_follow_sklearn():
    lat = np.array([35.0] * 6 + [35.001])
    lon = np.array([44.0] * 7)
    w = np.array([1, 1, 1, 1, 1, 1, -3.0])
    ours = dbscan_haversine(lat, lon, eps_m=500, min_samples=4, sample_weight=w)
    np.testing.assert_array_equal(ours, sklearn_labels(lat, lon, 500, 4, w))


def _rdist(a, b):
    s0 = math.sin(0.5 * (a[0] - b[0]))
    s1 = math.sin(0.5 * (a[1] - b[1]))
    return s0 * s0 + math.cos(a[0]) * math.cos(b[0]) * s1 * s1


@pytest.mark.parametrize("seed", range(6))
def test_eps_boundary_to_the_last_bit(seed):
    rng = np.random.default_rng(seed)
    la1, lo1 = rng.uniform(33, 36), rng.uniform(43, 46)
    la2, lo2 = la1 + rng.uniform(-0.05, 0.05), lo1 + rng.uniform(-0.05, 0.05)
    r = _rdist(np.radians([la1, lo1]), np.radians([la2, lo2]))
    eps_m = 2 * math.asin(math.sqrt(r)) * EARTH_RADIUS_M
    lat = np.r_[[la1] * 5, [la2] * 5]
    lon = np.r_[[lo1] * 5, [lo2] * 5]
    seen = set()
    e = eps_m
    for _ in range(4):
        e = np.nextafter(e, 0)
    for _ in range(9):  # eps from 4 floats below to 4 floats above the pair distance
        thr = math.sin(0.5 * (e / EARTH_RADIUS_M)) ** 2
        ours = dbscan_haversine(lat, lon, eps_m=float(e), min_samples=6)
        np.testing.assert_array_equal(ours, sklearn_labels(lat, lon, float(e), 6))
        seen.add(r <= thr)
        assert (ours[0] >= 0) == (r <= thr)
        e = np.nextafter(e, np.inf)
    assert seen == {True, False}  # both sides of the boundary were exercised


def test_exactly_eps_apart_are_neighbours():
    # two points on the equator eps apart (float eps chosen so that it is exact)
    eps_rad = 2.0**-10
    lon = np.degrees([0.0, eps_rad])
    assert np.radians(lon)[1] == eps_rad
    labels = dbscan_haversine([0.0, 0.0], lon, eps_m=eps_rad * EARTH_RADIUS_M, min_samples=2)
    np.testing.assert_array_equal(labels, sklearn_labels([0, 0], lon, eps_rad * EARTH_RADIUS_M, 2))


def test_min_samples_one_makes_every_point_core():
    rng = np.random.default_rng(2)
    lat, lon = rng.uniform(34, 36, 300), rng.uniform(43, 45, 300)
    fit = _fit(lat, lon, None, None, eps_m=5000, window=None, min_samples=1)
    assert fit.is_core.all()
    np.testing.assert_array_equal(fit.labels, sklearn_labels(lat, lon, 5000, 1))


def test_all_noise():
    lat = np.arange(10) * 1.0 + 30
    labels = dbscan_haversine(lat, np.full(10, 44.0), eps_m=1000, min_samples=2)
    assert (labels == -1).all()


def test_single_point_and_empty():
    assert dbscan_haversine([35.0], [44.0], eps_m=10, min_samples=1).tolist() == [0]
    assert dbscan_haversine([35.0], [44.0], eps_m=10, min_samples=2).tolist() == [-1]
    empty = dbscan_haversine([], [], eps_m=10, min_samples=2)
    assert empty.shape == (0,) and empty.dtype == np.int64


def test_poles_and_dateline():
    lat = np.array([89.9999, 89.9999, -10.0, -10.0, -10.0])
    lon = np.array([0.0, 180.0, 179.99999, -179.99999, 180.0])
    ours = dbscan_haversine(lat, lon, eps_m=50, min_samples=2)
    np.testing.assert_array_equal(ours, sklearn_labels(lat, lon, 50, 2))
    assert ours.tolist() == [0, 0, 1, 1, 1]


def test_noise_set_unchanged_by_shuffles():
    rng = np.random.default_rng(8)
    lat, lon = towns(rng, 800, 15, 0.6, 0.03)
    fit = _fit(lat, lon, None, None, eps_m=3000, window=None, min_samples=9)
    for _ in range(3):
        p = rng.permutation(lat.size)
        shuffled = _fit(lat[p], lon[p], None, None, eps_m=3000, window=None, min_samples=9)
        np.testing.assert_array_equal(shuffled.labels == -1, fit.labels[p] == -1)
        np.testing.assert_array_equal(shuffled.is_core, fit.is_core[p])


def test_bad_inputs_in_one_message():
    with pytest.raises(IncidentError) as info:
        dbscan_haversine([35.0, np.nan], [44.0, 44.0, 45.0], eps_m=-1, min_samples=0)
    message = str(info.value)
    assert "eps_m" in message and "min_samples" in message and "same length" in message
    with pytest.raises(IncidentError, match=r"lat: missing or non-finite values in rows 1"):
        dbscan_haversine([35.0, np.nan], [44.0, 44.0], eps_m=10, min_samples=1)
    with pytest.raises(IncidentError, match="swapped"):
        dbscan_haversine([95.0], [44.0], eps_m=10, min_samples=1)


# ---------------------------------------------------------------------------- space-time


@pytest.mark.parametrize("seed", range(10))
def test_spacetime_equals_brute_force(seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(30, 300))
    lat, lon = towns(rng, n, int(rng.integers(1, 8)), rng.random(), 0.02)
    t = rng.integers(0, int(rng.integers(1, 40)), n).astype(float)
    if seed % 2:
        t += rng.choice([0.0, 0.25, 0.5], n)
    window = float(rng.choice([0.0, 0.5, 1.0, 3.0, 7.0]))
    eps_m, min_samples = float(rng.choice([1000, 5000])), int(rng.integers(1, 8))
    ours = dbscan_spacetime(lat, lon, t, eps_m=eps_m, window_days=window, min_samples=min_samples)
    ref = spacetime_reference(lat, lon, t, eps_m, window, min_samples)
    np.testing.assert_array_equal(ours, ref)


def test_spacetime_same_day_and_place_are_neighbours():
    labels = dbscan_spacetime(
        [35.0] * 3, [44.0] * 3, [5.0] * 3, eps_m=1, window_days=0, min_samples=3
    )
    assert labels.tolist() == [0, 0, 0]


def test_spacetime_window_edges():
    lat, lon = [35.0] * 4, [44.0] * 4
    # with window 2, day 0 and day 2 are neighbours (<=), day 2.5 is just outside
    t = [0.0, 2.0, 4.5, 4.5]
    labels = dbscan_spacetime(lat, lon, t, eps_m=100, window_days=2.0, min_samples=2)
    assert labels.tolist() == [0, 0, 1, 1]
    t = [0.0, 2.0 + 1e-9, 10.0, 20.0]
    labels = dbscan_spacetime(lat, lon, t, eps_m=100, window_days=2.0, min_samples=2)
    assert labels.tolist() == [-1, -1, -1, -1]
    labels = dbscan_spacetime(lat, lon, [0, 0, 1, 1], eps_m=100, window_days=0, min_samples=2)
    assert labels.tolist() == [0, 0, 1, 1]


def test_spacetime_duplicate_heavy_beyond_20k():
    """Over 20,000 events on few places and days: zero distances must count."""
    rng = np.random.default_rng(12)
    places = np.array([[35.47, 44.39], [35.2, 44.9], [34.6, 45.3]])
    k = rng.choice(3, 21_000, p=[0.7, 0.299, 0.001])
    day = rng.integers(0, 6, 21_000) * 3.0  # days 0, 3, ... 15
    day[k == 2] = np.arange((k == 2).sum()) * 10.0  # rare place: isolated in time
    lat, lon = places[k, 0], places[k, 1]
    ours = dbscan_spacetime(lat, lon, day, eps_m=2000, window_days=1, min_samples=5)
    # reference: scikit-learn on the distinct (place, day) rows weighted by their counts
    frame = pd.DataFrame({"lat": lat, "lon": lon, "t": day})
    distinct = frame.drop_duplicates().reset_index()
    counts = frame.groupby(["lat", "lon", "t"], sort=False).size()
    key = pd.MultiIndex.from_frame(distinct[["lat", "lon", "t"]])
    w = counts.reindex(key).to_numpy(dtype=float)
    ref_distinct = spacetime_reference(
        distinct["lat"], distinct["lon"], distinct["t"], 2000, 1, 5, sample_weight=w
    )
    position = pd.Series(np.arange(len(distinct)), index=key)
    ref = ref_distinct[position.reindex(pd.MultiIndex.from_frame(frame)).to_numpy()]
    np.testing.assert_array_equal(ours, ref)
    assert ours.max() + 1 == 12  # two busy places x six separate days
    assert (ours[k == 2] == -1).all()


# ---------------------------------------------------------------------------- real data


def test_ucdp_labels_equal_sklearn(shared_data):
    path = shared_data / "ucdp_ged_irq" / "conflict_data_irq.csv"
    if not path.exists():
        pytest.skip(f"{path} not present")
    ucdp = pd.read_csv(path, skiprows=[1], low_memory=False)
    lat, lon = ucdp["latitude"].to_numpy(float), ucdp["longitude"].to_numpy(float)
    assert lat.size > 7000
    for eps_m, min_samples in [(5000, 10), (20000, 50)]:
        ours = dbscan_haversine(lat, lon, eps_m=eps_m, min_samples=min_samples)
        np.testing.assert_array_equal(ours, sklearn_labels(lat, lon, eps_m, min_samples))
    exact = (ucdp["where_prec"] == 1).to_numpy()
    w = ucdp["best"].to_numpy(float)[exact]
    ours = dbscan_haversine(lat[exact], lon[exact], eps_m=5000, min_samples=25, sample_weight=w)
    ref = sklearn_labels(lat[exact], lon[exact], 5000, 25, sample_weight=w)
    np.testing.assert_array_equal(ours, ref)
