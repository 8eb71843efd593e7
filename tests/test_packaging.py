"""The installed package finds its bundled data from any directory, and the CLI runs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

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
        "print(d.data_path('boundaries/admin3.geojson'));"
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
        # one lookup: the package's data folder, whose links lead to the top-level files
        found = data_path("gazetteer.csv")
        assert found == CHECKOUT / "hotspot" / "data" / "gazetteer.csv"
        assert found.resolve() == CHECKOUT / "gazetteer.csv"
        return
    package_data = Path(hotspot.__file__).resolve().parent / "data"
    for name in ["gazetteer.csv", *[p.name for p in (CHECKOUT / "boundaries").iterdir()]]:
        shipped = (
            package_data / name if name == "gazetteer.csv" else package_data / "boundaries" / name
        )
        assert shipped.exists(), f"{name} is missing from the installed package"


def test_built_wheel_ships_every_data_file(tmp_path):
    """Build the wheel from the checkout: every file of boundaries/ is inside it."""
    if not (CHECKOUT / "pyproject.toml").is_file():
        pytest.skip("no source checkout to build a wheel from")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(CHECKOUT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 and "hatchling" in done.stderr and "No matching" in done.stderr:
        pytest.skip(f"cannot fetch the build backend: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("hotspot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"hotspot/data/boundaries/{p.name}" for p in (CHECKOUT / "boundaries").iterdir()}
    assert {f"hotspot/data/boundaries/admin{n}.geojson" for n in range(4)} <= expected
    assert expected | {"hotspot/data/gazetteer.csv", "hotspot/_admin.py"} <= names
    data = CHECKOUT / "hotspot" / "data"  # every file of the data folder, links followed
    shipped = {
        "hotspot/data/" + (Path(root) / name).relative_to(data).as_posix()
        for root, _, files in os.walk(data, followlinks=True)
        for name in files
        if "__pycache__" not in root
    }
    assert "hotspot/data/boundaries/admin3.geojson" in shipped
    assert shipped <= names, sorted(shipped - names)
