"""Tests of hotspot.geocoding (the package): re-exports and the layer map it documents."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import hotspot
import hotspot.geocoding as geocoding

PACKAGE = Path(hotspot.__file__).resolve().parent

#: What each module of the geocoding layer may import from hotspot (docs/architecture.md).
ALLOWED: dict[str, set[str]] = {
    "hotspot/_words.py": {"hotspot._data"},
    "hotspot/_normalize.py": {"hotspot._words"},
    "hotspot/geocoding/batch.py": set(),
    "hotspot/geocoding/_index.py": {"hotspot._normalize"},
    "hotspot/geocoding/_units.py": {
        "hotspot._admin",
        "hotspot._data",
        "hotspot._admin_names",
        "hotspot._geo",
        "hotspot._locate",
        "hotspot._normalize",
        "hotspot.errors",
    },
    "hotspot/geocoding/resolver.py": {
        "hotspot._geo",
        "hotspot._normalize",
        "hotspot._territory",
        "hotspot.errors",
        "hotspot.gazetteer",
        "hotspot.geocoding.batch",
        "hotspot.geocoding._units",
        "hotspot.geocoding._index",
    },
    "hotspot/geocoding/extract.py": {
        "hotspot._normalize",
        "hotspot._words",
        "hotspot.geocoding.batch",
        "hotspot.geocoding._units",
        "hotspot.geocoding._index",
        "hotspot.geocoding.resolver",
    },
}


def _imports(path: Path) -> tuple[set[str], list[int]]:
    """Modules imported from hotspot at module level, and lines of imports inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hotspot"):
            top.add(node.module)
        elif isinstance(node, ast.Import):
            top |= {a.name for a in node.names if a.name.startswith("hotspot")}
    nested = [
        node.lineno
        for fn in ast.walk(tree)
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
        for node in ast.walk(fn)
        if isinstance(node, (ast.Import, ast.ImportFrom))
    ]
    return top, nested


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_layer_map(module):
    imported, nested = _imports(PACKAGE.parent / module)
    assert imported <= ALLOWED[module], f"{module} imports {imported - ALLOWED[module]}"
    assert not nested, f"{module}: imports inside functions at lines {nested}"


def test_extract_uses_no_private_member_of_another_module():
    tree = ast.parse((PACKAGE / "geocoding" / "extract.py").read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hotspot")
        for alias in node.names
    }
    assert not {name for name in imported if name.startswith("_")}
    # no attribute access to a private member of the geocoder or the index
    private = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and isinstance(node.value, ast.Attribute)
        and node.value.attr in ("index", "g", "geocoder")
    }
    assert not private, private


@pytest.mark.parametrize("name", geocoding.__all__)
def test_package_reexports(name):
    assert getattr(geocoding, name) is not None


@pytest.mark.parametrize(
    ("public", "implementation", "names"),
    [
        (
            "hotspot.geocode",
            "hotspot.geocoding.resolver",
            ["Geocoder", "Resolution", "Place", "Candidate", "geocode", "resolve",
             "default_geocoder", "as_geocoder", "as_gazetteer", "FUZZY_THRESHOLD", "STATUSES"],
        ),
        ("hotspot.geocode", "hotspot.geocoding.batch", ["GEOCODE_COLUMNS"]),
        ("hotspot.extract", "hotspot.geocoding.extract", ["extract_places", "EXTRACT_COLUMNS"]),
    ],
)  # fmt: skip
def test_public_paths_are_the_implementations(public, implementation, names):
    module, impl = importlib.import_module(public), importlib.import_module(implementation)
    for name in names:
        assert getattr(module, name) is getattr(impl, name), name
        assert name in module.__all__
        assert getattr(geocoding, name) is getattr(impl, name)
