"""Costs of one `hotspot analyze` run: GeoDataFrame copies, reprojections, reads, checks.

Counts, along the CLI run ``hotspot analyze sample_incidents.csv --federal F --krg K
--out DIR --no-png`` (the bundled sample as a CSV file and the bundled lines as user
files, so that every read and check happens):

* copies: outermost ``GeoDataFrame.copy`` calls (``raw``: every call, including
  those geopandas makes inside ``to_crs``);
* reprojections: outermost ``to_crs`` calls that change the CRS, and those that
  do not (a wasted copy);
* input parsed: reads of the incident file (``hotspot.incidents._load``);
* line validations: checks of the control lines (``boundaries._check_layer``,
  ``gaps._check_layers``).

Run: .venv/bin/python benchmarks/count_analyze_costs.py
"""

from __future__ import annotations

import collections
import functools
import importlib
import tempfile
from pathlib import Path

import geopandas as gpd
from click.testing import CliRunner
from pyproj import CRS

COUNTS: collections.Counter[str] = collections.Counter()
_DEPTH = [0]


def _watch_method(owner: type, name: str, key: str, *, crs: bool = False) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def counted(self, *args, **kwargs):
        COUNTS[f"{key} (raw)"] += 1
        if _DEPTH[0] == 0:
            if crs:
                target = args[0] if args else kwargs.get("crs", kwargs.get("epsg"))
                same = self.crs is not None and self.crs.equals(CRS.from_user_input(target))
                COUNTS[f"{key} (same CRS)" if same else key] += 1
            else:
                COUNTS[key] += 1
        _DEPTH[0] += 1
        try:
            return original(self, *args, **kwargs)
        finally:
            _DEPTH[0] -= 1

    setattr(owner, name, counted)


def _watch_function(module: str, name: str, key: str) -> None:
    mod = importlib.import_module(module)
    original = getattr(mod, name)

    @functools.wraps(original)
    def counted(*args, **kwargs):
        COUNTS[key] += 1
        return original(*args, **kwargs)

    setattr(mod, name, counted)


def main() -> None:
    from hotspot._data import data_path
    from hotspot.boundaries import load_control_lines
    from hotspot.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        load_control_lines("federal").to_file(folder / "fed.geojson")
        load_control_lines("krg").to_file(folder / "krg.geojson")
        _watch_method(gpd.GeoDataFrame, "copy", "copies")
        _watch_method(gpd.GeoDataFrame, "to_crs", "reprojections", crs=True)
        _watch_method(gpd.GeoSeries, "to_crs", "reprojections", crs=True)
        _watch_function("hotspot.incidents", "read_table", "input parsed")
        for module in ("hotspot.boundaries", "hotspot.gaps", "hotspot.locate", "hotspot._front"):
            if hasattr(importlib.import_module(module), "check_layers"):
                _watch_function(module, "check_layers", "layer validations")
        args = [str(data_path("sample_incidents.csv")), "--out", str(folder / "out")]
        args += ["--federal", str(folder / "fed.geojson"), "--krg", str(folder / "krg.geojson")]
        result = CliRunner().invoke(cli, ["analyze", *args, "--no-png", "-q"])
        if result.exit_code != 0:
            raise SystemExit(result.output)
    for key, value in sorted(COUNTS.items()):
        print(f"{key:28s} {value:4d}")


if __name__ == "__main__":
    main()
