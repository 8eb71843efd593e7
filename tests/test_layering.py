"""The layer map of docs/architecture.md: private helpers never import public modules above them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "hotspot"

#: Public modules of the data layer, which private helpers may use (docs/architecture.md).
DATA_LAYER = {"hotspot.errors", "hotspot.gazetteer", "hotspot.boundaries"}


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every ``hotspot`` module a file imports (also inside functions), with the line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hotspot"):
            found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((a.name, node.lineno) for a in node.names if a.name.startswith("hotspot"))
    return found


PRIVATE = sorted(p for p in PACKAGE.glob("_*.py") if p.name not in ("__init__.py", "__main__.py"))


@pytest.mark.parametrize("path", PRIVATE, ids=lambda p: p.name)
def test_private_modules_import_only_private_and_data_layer_modules(path):
    bad = [
        f"line {line}: {module}"
        for module, line in _imports(path)
        if not module.split(".")[1].startswith("_") and module not in DATA_LAYER
    ]
    assert not bad, f"{path.name} imports public modules above it: {bad}"


@pytest.mark.parametrize("name", sorted(DATA_LAYER - {"hotspot.errors"}))
def test_data_layer_imports_no_analysis_module(name):
    path = PACKAGE / f"{name.split('.')[1]}.py"
    above = [
        f"line {line}: {module}"
        for module, line in _imports(path)
        if not module.split(".")[1].startswith("_") and module not in DATA_LAYER
    ]
    assert not above, f"{path.name} imports modules above the data layer: {above}"


def test_territory_lookup_does_not_build_the_front():
    """#12: naming a place's territory must not build the control-line zones."""
    import subprocess
    import sys

    code = (
        "import pandas as pd\n"
        "from hotspot._territory import disputed_territory\n"
        "rows = pd.DataFrame({'feature_type': ['settlement'], 'lat': [35.47], 'lon': [44.39]})\n"
        "assert disputed_territory(rows).tolist() == ['Kirkuk']\n"
        "from hotspot import _locate\n"
        "assert _locate.bundled_sides.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
