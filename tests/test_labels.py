"""Tests of hotspot._labels: a label names a settlement by admin rank, never a landmark."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely import LineString, Point

from hotspot._labels import (
    RANKS,
    REACH_M,
    bundled_places,
    name_points,
    name_span,
    places_from_gazetteer,
)


def gaz(*rows, **extra):
    table = pd.DataFrame(rows, columns=["name", "feature_type", "lat", "lon"])
    for key, values in extra.items():
        table[key] = values
    return table


def test_ranks_from_admin_rows():
    places = places_from_gazetteer(
        gaz(
            ("Alpha", "governorate", 35.0, 44.0),
            ("Alpha", "district", 35.0, 44.0),
            ("Alpha", "settlement", 35.001, 44.001),
            ("Beta", "district", 35.3, 44.3),
            ("Gamma Centre", "subdistrict", 35.5, 44.5),
            ("Delta", "settlement", 35.6, 44.6),
            ("Old Fort", "site", 35.0, 44.0),
            ("Ridge", "mountain", 35.0, 44.1),
            source=["curated: seat (Alpha) town centre", "", "", "", "", "", "", ""],
        )
    )
    ranks = dict(zip(places.names, places.rank, strict=False))
    assert list(places.names) == ["Alpha", "Alpha", "Beta", "Gamma", "Delta"]
    assert [RANKS[r] for r in places.rank] == [
        "governorate seat",
        "governorate seat",
        "district seat",
        "sub-district seat",
        "town",
    ]
    assert ranks["Delta"] == 3


def test_population_splits_towns_from_villages_and_breaks_ties():
    places = places_from_gazetteer(
        gaz(
            ("Big", "settlement", 35.0, 44.0),
            ("Small", "settlement", 35.0, 44.005),
            population=[50_000, 800],
        )
    )
    assert [RANKS[r] for r in places.rank] == ["town", "village"]
    # the village is nearer but the town outranks it within the town's reach
    assert name_points([35.0], [44.004], places).tolist() == ["Big"]


def test_a_seat_outranks_a_nearer_village_within_its_reach():
    places = places_from_gazetteer(
        gaz(("Seat", "district", 35.0, 44.0), ("Hamlet", "settlement", 35.05, 44.0))
    )
    assert REACH_M[1] == 8_000.0
    assert name_points([35.05], [44.0], places).tolist() == ["Seat"]  # 5.6 km from the seat
    # beyond the seat's reach the village's own reach decides
    assert name_points([35.075], [44.0], places).tolist() == ["Hamlet"]


def test_far_points_are_named_by_distance_and_direction():
    places = places_from_gazetteer(gaz(("Seat", "district", 35.0, 44.0)))
    labels = name_points([35.2, 34.8, np.nan], [44.0, 44.0, 44.0], places)
    assert labels.tolist() == ["22 km N of Seat", "22 km S of Seat", ""]
    assert name_points([35.0], [44.0], None).tolist() == [""]


@pytest.mark.parametrize(
    ("lat", "lon", "label"),
    [
        (36.340, 43.130, "Mosul"),  # was "Farouq (Mosul) – Great Mosque of al-Nuri"
        (33.530, 44.260, "Taji"),  # was "Taji – Camp Taji"
        (31.000, 46.180, "Nasiriyah"),  # between Nasiriyah and Ur: was "Ur"
        (30.963, 46.103, "18 km SW of Nasiriyah"),  # at Ur itself: a ruin names nothing
        (35.468, 44.392, "Kirkuk"),
        (34.880, 44.630, "Tuz Khurmatu"),
    ],
)
def test_bundled_labels_name_the_town(lat, lon, label):
    assert name_points([lat], [lon], bundled_places()).tolist() == [label]


def test_span_labels():
    places = bundled_places()
    label, first, last = name_span([35.468], [44.392], [35.14], [44.45], places)
    assert (label[0], first[0], last[0]) == ("Kirkuk – Daquq", "Kirkuk", "Daquq")
    label, _, _ = name_span([35.468], [44.392], [35.47], [44.39], places)
    assert label.tolist() == ["Kirkuk"]


def test_hotspots_and_gap_zones_name_a_place_alike():
    """The callers agree: a hotspot and a vacuum zone at the same place get the same name."""
    from hotspot.gaps import find_gaps
    from hotspot.hotspots import find_hotspots

    lat, lon = 35.47, 44.40
    hot = find_hotspots(
        gpd.GeoDataFrame(geometry=[Point(lon, lat)] * 3, crs=4326), min_samples=3
    ).hotspots
    fed = gpd.GeoSeries(
        [LineString([(lon - 0.01, lat - 0.005), (lon + 0.01, lat - 0.005)])], crs=4326
    )
    krg = gpd.GeoSeries(
        [LineString([(lon - 0.01, lat + 0.005), (lon + 0.01, lat + 0.005)])], crs=4326
    )
    zone = find_gaps(fed, krg, study_area=None).zones.iloc[0]
    assert hot["label"].iloc[0] == zone["label"] == zone["place_start"] == "Kirkuk"
