"""The installed package finds its bundled data from any directory, and the CLI runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import hotspot
from hotspot._data import data_path

CHECKOUT = Path(__file__).resolve().parents[1]
INSTALLED_FROM_CHECKOUT = Path(hotspot.__file__).resolve().parent == CHECKOUT / "hotspot"


def _run(code: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_bundled_files_found_from_another_directory(tmp_path):
    out = _run(
        "import hotspot, hotspot._data as d;"
        "print(hotspot.__file__);"
        "print(d.data_path('gazetteer.csv'));"
        "print(d.data_path('boundaries/iraq_outline.geojson'));"
        "print(len(hotspot.load_gazetteer()))",
        cwd=tmp_path,
    )
    module, gazetteer, outline, rows = out.split("\n")[:4]
    assert int(rows) > 0
    package_dir = Path(module).resolve().parent
    if not INSTALLED_FROM_CHECKOUT:
        # A wheel install: the data must come from inside the installed package.
        assert Path(gazetteer).resolve().is_relative_to(package_dir)
        assert Path(outline).resolve().is_relative_to(package_dir)
    else:
        assert Path(gazetteer).resolve() == CHECKOUT / "gazetteer.csv"


def test_wheel_ships_the_data_files():
    """Every data file of the checkout is inside the installed package (wheel installs)."""
    if INSTALLED_FROM_CHECKOUT:
        expected = CHECKOUT / "gazetteer.csv"
        assert data_path("gazetteer.csv") == expected
        return
    package_data = Path(hotspot.__file__).resolve().parent / "data"
    for name in ["gazetteer.csv", *[p.name for p in (CHECKOUT / "boundaries").iterdir()]]:
        shipped = (
            package_data / name if name == "gazetteer.csv" else package_data / "boundaries" / name
        )
        assert shipped.exists(), f"{name} is missing from the installed package"


def test_outline_is_a_valid_rfc7946_feature():
    doc = json.loads(data_path("boundaries/iraq_outline.geojson").read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    props = doc["features"][0]["properties"]
    assert "Natural Earth" in props["source"]
    assert props["accuracy_km"] > 0
