"""Tests of hotspot.geocode, the public path of the geocoder (see tests/geocoding/)."""

from __future__ import annotations

import importlib

import hotspot
from hotspot.geocode import (
    FUZZY_THRESHOLD,
    GEOCODE_COLUMNS,
    Geocoder,
    Resolution,
    default_geocoder,
    geocode,
    resolve,
)

# "import hotspot.geocode as m" would bind hotspot's attribute of that name
geocode_module = importlib.import_module("hotspot.geocode")


def test_the_public_names_stay_importable():
    assert FUZZY_THRESHOLD == 85.0
    assert GEOCODE_COLUMNS[:2] == ("query", "status")
    assert isinstance(default_geocoder(), Geocoder)
    assert isinstance(resolve("Kirkuk"), Resolution)
    assert hotspot.geocode is geocode and hotspot.resolve is resolve
    assert hotspot.Geocoder is Geocoder and hotspot.Resolution is Resolution


def test_tuning_constants_and_word_lists_are_private():
    for name in ("HINT_PENALTY", "AMBIGUITY_MARGIN", "MAX_NAME_LENGTH", "EARTH_RADIUS_M"):
        assert not hasattr(geocode_module, name), name
    assert all(not name.startswith("_") for name in geocode_module.__all__)


def test_geocode_misses_are_empty_points():
    out = geocode(["Kirkuk", "Atlantis", None])
    assert out.geometry.is_empty.tolist() == [False, True, True]
    assert all(g is not None for g in out.geometry)


# ----------------------------------------------------------------- the CLI (#9)
def test_cli_geocode_within_filters_and_names_suggestions(tmp_path):
    import csv
    import io

    from click.testing import CliRunner

    from hotspot.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["geocode", "--format", "csv", "--within", "Duhok", "Bayji"])
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["status"] == "unresolved" and "outside within='Duhok'" in row["note"]
    assert row["suggestions"].startswith("Baiji (settlement, Salahaddin")
    result = runner.invoke(main, ["geocode", "--format", "csv", "--within", "IQG16", "Bayji"])
    assert next(csv.DictReader(io.StringIO(result.stdout)))["name"] == "Baiji"


def test_cli_geocode_within_column(tmp_path):
    import csv
    import io

    from click.testing import CliRunner

    from hotspot.cli import main

    path = tmp_path / "list.csv"
    path.write_text(
        "Location Name,Governorate,District\nRashad,Kirkuk,Daquq\nRashad,Diyala,\nBaiji,Duhok,\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    args = ["geocode", "-f", str(path), "-c", "Location Name", "--format", "csv"]
    result = runner.invoke(main, [*args, "--within-column", "Governorate"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["governorate"] for r in rows] == ["Kirkuk", "Diyala", ""]
    assert [r["status"] for r in rows] == ["resolved", "resolved", "unresolved"]
    result = runner.invoke(
        main, [*args, "--within-column", "Governorate", "--within-column", "District"]
    )
    assert result.exit_code == 0 and "3 names: 2 resolved" in result.stderr
    bad_options = (
        ["--within-column", "Province"],
        ["--within-column", "Governorate", "--within", "Kirkuk"],
    )
    for bad in bad_options:
        assert runner.invoke(main, [*args, *bad]).exit_code == 2
    assert (
        runner.invoke(main, ["geocode", "--within-column", "Governorate", "Rashad"]).exit_code == 2
    )


def test_cli_geocode_near_max_km():
    from click.testing import CliRunner

    from hotspot.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["geocode", "--near", "33.3,44.4", "--max-km", "50", "Baiji"])
    assert result.exit_code == 0 and "1 unresolved" in result.stderr
    assert runner.invoke(main, ["geocode", "--max-km", "50", "Baiji"]).exit_code == 2
