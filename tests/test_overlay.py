"""Tests of hotspot._overlay: one incident overlay, one coarse-location rule, lines and time."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from hotspot._overlay import COARSE_PRECISION, GapOverlay, incident_overlay, is_coarse

ZONE = shapely.box(0, 0, 1000, 1000)
AREA = shapely.box(0, 0, 3000, 1000)


def test_is_coarse():
    frame = pd.DataFrame({"precision": pd.array([1, 3, None, 2], dtype="Int64")})
    assert COARSE_PRECISION == 3
    assert is_coarse(frame).tolist() == [False, True, False, False]
    assert is_coarse(pd.DataFrame({"x": [1, 2]})).tolist() == [False, False]


def test_every_row_is_counted_once_by_reason():
    xy = np.array([[500, 500], [500, 500], [2000, 500], [9e9, 0], [0, 0], [600, 600]])
    present = np.array([True, True, True, True, False, True])
    coarse = np.array([False, True, False, False, False, False])
    dates = pd.Series(
        pd.to_datetime(["2020-01-01", "2020-01-01", "2020-06-01", None, None, "2015-01-01"])
    )
    o, per_zone = incident_overlay(
        xy, present, coarse, dates, [ZONE], AREA, since=pd.Timestamp("2019-01-01")
    )
    assert (o.n_in, o.n_out) == (1, 1)
    assert (o.n_no_point, o.n_coarse, o.n_outside_period, o.n_outside_area) == (1, 1, 2, 0)
    assert o.n_excluded == 4 == o.n_no_point + o.n_coarse + o.n_outside_period + o.n_outside_area
    assert o.since == "2019-01-01"
    assert per_zone["n_incidents"].tolist() == [1]
    kept = incident_overlay(xy, present, coarse, dates, [ZONE], AREA, include_coarse=True)[0]
    assert (kept.n_in, kept.n_out, kept.n_coarse, kept.n_outside_area) == (3, 1, 0, 1)


def test_incidents_before_the_lines_as_of_warn():
    xy = np.array([[500, 500], [2000, 500]])
    dates = pd.Series(pd.to_datetime(["2016-05-01", "2018-01-01"]))
    present, coarse = np.ones(2, bool), np.zeros(2, bool)
    as_of = pd.Timestamp("2017-10-31")
    with pytest.warns(
        UserWarning, match=r"1 of the 2 incidents .* before the control lines' as_of"
    ):
        incident_overlay(xy, present, coarse, dates, [ZONE], AREA, as_of=as_of)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        o, _ = incident_overlay(xy, present, coarse, dates, [ZONE], AREA, as_of=as_of, since=as_of)
    assert (o.n_in, o.n_out, o.n_outside_period) == (0, 1, 1)
    assert "from the control lines' as_of" in o.describe()


def test_describe_names_what_was_left_out():
    o = GapOverlay(
        30,
        10,
        3,
        1000.0,
        2000.0,
        2.0,
        0.015,
        0.0025,
        6.0,
        2.9,
        13.5,
        1e-6,
        0.95,
        n_coarse=2,
        n_no_point=1,
    )
    text = o.describe()
    assert "rate ratio 6" in text
    assert "left out: 1 without a point, 2 with a coarse location" in text


# --------------------------------------------------------------------- the callers agree


@pytest.fixture(scope="module")
def sample():
    from hotspot.sample import load_sample_incidents

    return load_sample_incidents()


def _key(o: GapOverlay) -> tuple:
    return (o.n_in, o.n_out, round(o.rate_ratio, 9), round(o.p_value, 9))


def test_analyze_find_gaps_cli_and_notebook_give_one_rate_ratio(sample, tmp_path):
    """#12: analyze, find_gaps(incidents=), `hotspot gaps --incidents` and the notebook agree."""
    from hotspot.analyze import analyze
    from hotspot.cli import main
    from hotspot.gaps import find_gaps
    from hotspot.hotspots import find_hotspots

    assert is_coarse(sample).sum() > 0  # the sample has coarse rows: the rule matters
    by_analyze = analyze(sample).gaps.overlay
    by_find_gaps = find_gaps(incidents=sample).overlay
    # the notebook: cluster, drop the misses, overlay the incidents with their hotspots
    hot = find_hotspots(sample, eps_m=5000, min_samples=10)
    located = hot.incidents[~hot.incidents.geometry.is_empty]
    by_notebook = find_gaps(incidents=located, hotspots=hot.hotspots).overlay
    assert _key(by_analyze) == _key(by_find_gaps) == _key(by_notebook)
    assert by_analyze.n_coarse == int(is_coarse(sample).sum())

    path = tmp_path / "sample.csv"
    frame = pd.DataFrame(sample.drop(columns="geometry"))
    frame["latitude"] = sample.geometry.y
    frame["longitude"] = sample.geometry.x
    frame.to_csv(path, index=False)
    result = CliRunner().invoke(
        main, ["gaps", "--incidents", str(path), "--out", str(tmp_path / "g")]
    )
    assert result.exit_code == 0, result.output
    found = re.search(r"rate ratio \(inside/outside the vacuum\): ([0-9.]+)", result.output)
    assert float(found.group(1)) == pytest.approx(by_find_gaps.rate_ratio, rel=1e-3)
    assert f"{by_find_gaps.n_in} inside" in result.output


def test_analyze_counts_only_incidents_from_the_lines_as_of(sample):
    """#10: analyze restricts the overlay to the lines' period and says so in the summary."""
    from hotspot.analyze import analyze

    early = sample.copy()
    early["date"] = early["date"] - pd.DateOffset(years=5)  # 2014-2020, lines of 2017-10
    run = analyze(early)
    o = run.gaps.overlay
    assert o.since == o.as_of == "2017-10-31"
    assert o.n_outside_period > 0
    assert o.n_in + o.n_out + o.n_excluded == len(early)
    assert "overlay limited to incidents from 2017-10-31 (the control lines' as_of)" in (str(run))


def test_too_few_incidents_get_a_caution_in_every_report():
    """A ratio on a handful of incidents is printed as indicative only, never bare."""
    from hotspot._overlay import GapOverlay

    few = GapOverlay(3, 65, 0, 50.0, 950.0, 1.0, 0.06, 0.07, 0.9, 0.2, 2.7, 1.0, 0.95)
    assert few.caution.startswith("indicative only: 68 incidents counted")
    assert "caution: indicative only" in few.describe()
    assert few.to_frame().loc[0, "caution"] == few.caution
    # 40 expected inside at equal rates and 100 counted: a supported ratio
    many = GapOverlay(40, 60, 0, 400.0, 600.0, 1.0, 0.1, 0.1, 1.0, 0.6, 1.5, 0.9, 0.95)
    assert many.caution is None
    assert "caution" not in many.describe()
    # lots of incidents but a tiny vacuum: expected inside < 5 is not enough either
    tiny = GapOverlay(1, 999, 0, 1.0, 999.0, 1.0, 1.0, 1.0, 1.0, 0.1, 5.0, 1.0, 0.95)
    assert tiny.caution is not None and "1.0 expected inside" in tiny.caution


def test_analyze_prints_the_caution_on_thin_post_2017_data():
    """UCDP after the October 2017 lines: 1 in, 51 out: the summary says indicative only."""
    from hotspot.analyze import analyze
    from hotspot.datasets import ucdp_iraq

    run = analyze(ucdp_iraq(), since="2014-01-01")  # 52 counted, 4.9 expected inside
    assert run.gaps.overlay.caution is not None
    assert "Caution: the ratio is indicative only" in str(run)
