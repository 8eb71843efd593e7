from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from hotspot.reports.scoring import score_incidents


def frame(rows, geometry, **extra):
    return gpd.GeoDataFrame(pd.DataFrame(rows).assign(**extra), geometry=geometry, crs=4326)


SQUARE = shapely.box(44.0, 35.0, 44.5, 35.5)


def gold():
    return frame(
        {
            "source": ["r", "r", "r", "r", "r"],
            "incident_id": ["point", "area", "named", "border", "abroad"],
            "event_date": pd.to_datetime(["2024-01-02", None, "2024-01-05", None, None]),
            "radius_km": [15, None, None, None, None],
            "district": [None, None, "Daquq", None, None],
            "certainty": ["sure", "sure", "sure", "borderline", "sure"],
            "scope": ["iraq", "iraq", "iraq", "iraq", "abroad"],
        },
        [
            shapely.Point(43.58, 35.78),
            SQUARE,
            shapely.Point(),
            shapely.Point(45.0, 34.0),
            shapely.Point(37.16, 36.2),
        ],
    )


def test_matching_rules_and_figures():
    predicted = frame(
        {
            "source": ["r"] * 6,
            "date": pd.to_datetime(["2024-01-03", "2024-01-09", "2024-01-01", None, None, None]),
            "district": [None, None, "Daquq", None, None, None],
        },
        [
            shapely.Point(43.60, 35.80),  # 3 km from the point: matched, date +1 day
            shapely.Point(44.2, 35.2),  # inside the area
            shapely.Point(44.9, 33.0),  # far, but in the named district: date off by 4
            shapely.Point(45.0, 34.0),  # the borderline incident
            shapely.Point(37.16, 36.2),  # abroad: a false positive
            shapely.Point(),  # no point: never matches
        ],
    )
    score = score_incidents(predicted, gold())
    assert score.matches["how"].tolist()[:3] == ["point", "area", "named area"]
    assert (score.n_gold, score.n_predicted, score.n_matched) == (4, 6, 4)
    assert score.precision == pytest.approx(4 / 6)
    assert score.recall == 1.0
    assert (score.n_dated, score.n_date_ok) == (2, 1)
    ignored = score_incidents(predicted, gold(), borderline="ignore")
    assert (ignored.n_gold, ignored.n_predicted, ignored.n_matched) == (3, 5, 3)
    assert "precision" in str(score) and score.summary().loc[0, "matched"] == 4


def test_each_incident_takes_one_row_and_misplaced_rows_are_listed():
    predicted = frame(
        {"source": ["r", "r"], "date": pd.to_datetime(["2024-01-02"] * 2)},
        [shapely.Point(43.58, 35.78), shapely.Point(43.59, 35.79)],
    )
    non = frame(
        {"source": ["r"], "role": ["metonymic"], "mention": ["Makhmour"], "radius_km": [5]},
        [shapely.Point(43.59, 35.79)],
    )
    score = score_incidents(predicted, gold().iloc[:1], non_incidents=non)
    assert score.n_matched == 1
    assert score.misplaced["row"].tolist() == [1]


def test_bad_arguments():
    with pytest.raises(ValueError, match="lacks the column"):
        score_incidents(frame({"source": []}, []), gold())
    with pytest.raises(ValueError, match="borderline"):
        score_incidents(gold().rename(columns={"event_date": "date"}), gold(), borderline="x")


def test_a_point_match_is_preferred_to_a_named_area():
    two = frame(
        {
            "source": ["r", "r"],
            "incident_id": ["area", "point"],
            "event_date": pd.to_datetime([None, None]),
            "governorate": ["Kirkuk", None],
        },
        [shapely.Point(), shapely.Point(43.6, 35.27)],
    )
    predicted = frame(
        {
            "source": ["r", "r"],
            "date": pd.to_datetime([None, None]),
            "governorate": ["Kirkuk", "Kirkuk"],
        },
        [shapely.Point(43.6, 35.27), shapely.Point(44.39, 35.47)],
    )
    score = score_incidents(predicted, two)
    assert score.matches["incident"].tolist() == ["point", "area"]
