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
MODULES = sorted(PACKAGE.rglob("*.py"))

#: The only hotspot modules imported inside a function, by whom, and why (#12): every
#: other import sits at the top of its module; a cycle is fixed by moving code down.
LAZY_HOTSPOT_IMPORTS: dict[tuple[str, str], str] = {
    ("hotspot.analyze", "hotspot.maps.briefing"): "folium: only the map and the PDF need it",
    ("hotspot.hotspots", "hotspot.maps.briefing"): "folium: HotspotResult.explore() only",
    ("hotspot.gaps", "hotspot.maps.briefing"): "folium: GapResult.explore() only",
}
#: Other packages imported inside a function: heavy or optional, loaded on first use.
LAZY_PACKAGES: dict[str, str] = {
    "sklearn": "about a second to import; only clustering needs it",
    "scipy": "scipy.stats takes ~0.3 s; only the statistics need it",
    "matplotlib": "optional, slow to import; plot_k_distance only",
    "pooch": "downloads and the cache folder only",
    "offlinefolium": "loads the inlined Leaflet; saving a map only",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _local_imports(path: Path) -> list[tuple[str, int]]:
    """Every module imported inside a function (or method) of a file, with the line."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if in_function and isinstance(node, ast.ImportFrom):
            found.append(("." * node.level + (node.module or ""), node.lineno))
        elif in_function and isinstance(node, ast.Import):
            found.extend((a.name, node.lineno) for a in node.names)
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_imports_sit_at_the_top_of_the_module(path):
    """#12: no import moved into a function to break a cycle; only heavy packages are lazy."""
    name = _module_name(path)
    bad = []
    for module, line in _local_imports(path):
        if module.startswith(".") or module.split(".")[0] == "hotspot":
            if (name, module) not in LAZY_HOTSPOT_IMPORTS:
                bad.append(f"line {line}: {module}")
        elif module.split(".")[0] not in LAZY_PACKAGES:
            bad.append(f"line {line}: {module} (not a heavy optional package)")
    assert not bad, f"{name} imports inside functions: {bad}; import at the top of the module"


def test_lazy_imports_are_still_needed():
    """Every entry of the allow-lists is used: a stale entry would hide a new local import."""
    used = {(_module_name(path), module) for path in MODULES for module, _ in _local_imports(path)}
    assert set(LAZY_HOTSPOT_IMPORTS) <= used
    packages = {module.split(".")[0] for _, module in used}
    assert set(LAZY_PACKAGES) <= packages


def test_the_allow_list_would_catch_a_local_import(tmp_path):
    path = tmp_path / "mod.py"
    path.write_text("import os\n\ndef f():\n    from hotspot.gaps import find_gaps\n")
    assert _local_imports(path) == [("hotspot.gaps", 4)]


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
