"""Property tests of the exact DBSCAN: same as scikit-learn, noise set unchanged by shuffles."""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")

import numpy as np  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sklearn.cluster import DBSCAN  # noqa: E402

from hotspot._dbscan import dbscan_haversine  # noqa: E402
from hotspot._geo import EARTH_RADIUS_M  # noqa: E402

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True)


@st.composite
def stacked_events(draw):
    """Events on a few town points (stacked) plus jitter around them, like ACLED data."""
    n_towns = draw(st.integers(1, 5))
    towns = np.column_stack(
        [
            draw(st.lists(st.floats(33.0, 36.5), min_size=n_towns, max_size=n_towns)),
            draw(st.lists(st.floats(42.0, 46.0), min_size=n_towns, max_size=n_towns)),
        ]
    )
    n = draw(st.integers(1, 120))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    pts = towns[rng.integers(0, n_towns, n)]
    jitter = rng.random(n) < draw(st.floats(0.0, 1.0))
    pts[jitter] += rng.normal(0.0, draw(st.floats(0.001, 0.05)), (int(jitter.sum()), 2))
    return pts, draw(st.floats(200.0, 8000.0)), draw(st.integers(1, 12)), seed


@SETTINGS
@given(stacked_events())
def test_labels_equal_scikit_learn(case):
    pts, eps_m, min_samples, _ = case
    ours = dbscan_haversine(pts[:, 0], pts[:, 1], eps_m=eps_m, min_samples=min_samples)
    ref = DBSCAN(eps=eps_m / EARTH_RADIUS_M, min_samples=min_samples, metric="haversine")
    assert (ours == ref.fit(np.radians(pts)).labels_).all()


@SETTINGS
@given(stacked_events())
def test_noise_set_unchanged_by_row_shuffles(case):
    pts, eps_m, min_samples, seed = case
    order = np.random.default_rng(seed + 1).permutation(len(pts))
    labels = dbscan_haversine(pts[:, 0], pts[:, 1], eps_m=eps_m, min_samples=min_samples)
    shuffled = dbscan_haversine(pts[order, 0], pts[order, 1], eps_m=eps_m, min_samples=min_samples)
    assert ((labels == -1)[order] == (shuffled == -1)).all()
