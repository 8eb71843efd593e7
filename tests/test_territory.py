"""Tests of hotspot._territory: the disputed territory of gazetteer places, by the locate rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hotspot._territory import disputed_territory
from hotspot.gazetteer import load_gazetteer
from hotspot.locate import locate


def test_points_areas_and_loose_places():
    rows = pd.DataFrame(
        {
            "name": ["Daquq", "Mandali", "Kirkuk", "Diyala", "Balad Ruz", "Hamrin", "Wadi al-Shay"],
            "feature_type": [
                "settlement",
                "subdistrict",
                "governorate",
                "governorate",
                "district",
                "mountain",
                "valley",
            ],
            "lat": [35.14, 33.75, 35.47, 33.75, 33.70, 34.6, 34.97],
            "lon": [44.45, 45.55, 44.39, 44.64, 45.08, 44.6, 44.3],
            "precision_km": [2, 3, 3, 3, 3, 40, 15],
            "district": ["Daquq", "Balad Ruz", "", "", "Balad Ruz", "", "Daquq"],
        }
    )
    assert disputed_territory(rows).tolist() == [
        "Kirkuk",  # its point is in the Kirkuk territory
        "Mandali",  # the listed sub-district
        "Kirkuk",  # every Kirkuk district is listed: the governorate lies wholly in it
        "",  # Diyala is only partly disputed
        "",  # only the Mandali sub-district of Balad Ruz is listed
        "",  # a range's representative point decides nothing
        "Kirkuk",  # loose, but its district (Daquq, where its point lies) is wholly listed
    ]


def test_without_positions_nothing_is_placed():
    rows = pd.DataFrame({"name": ["Kirkuk"], "feature_type": ["settlement"]})
    assert disputed_territory(rows).tolist() == [""]
    rows = pd.DataFrame({"feature_type": ["settlement"], "lat": [np.nan], "lon": [44.0]})
    assert disputed_territory(rows).tolist() == [""]


def test_point_like_gazetteer_places_agree_with_locate():
    """The callers agree: a settlement's territory is locate's territory at its point."""
    gaz = load_gazetteer()
    points = gaz[(gaz["feature_type"] == "settlement") & (gaz["precision_km"] <= 5)]
    flags = disputed_territory(points)
    placed = locate((points["lat"].to_numpy(), points["lon"].to_numpy()))["disputed"]
    assert len(points) > 300
    assert flags.tolist() == placed.tolist()
    assert {"Kirkuk", "Sinjar", "Khanaqin"} <= set(flags)


@pytest.mark.parametrize("kind", ["governorate", "district"])
def test_admin_rows_are_in_a_territory_only_when_their_unit_is(kind):
    from hotspot.boundaries import load_disputed_territories

    gaz = load_gazetteer()
    rows = gaz[gaz["feature_type"] == kind]
    flags = dict(zip(rows["name"], disputed_territory(rows), strict=True))
    territories = load_disputed_territories()
    listed = set(territories["name"])
    assert set(flags.values()) - {""} <= listed
    if kind == "governorate":
        assert {name for name, flag in flags.items() if flag} == {"Kirkuk"}
    else:
        assert flags["Hawija"] == "Kirkuk" and flags["Balad Ruz"] == ""
