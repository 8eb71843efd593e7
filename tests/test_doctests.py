"""Run the docstring examples of every hotspot module (they are part of the docs)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import hotspot

SUBMODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(hotspot.__path__, prefix="hotspot.")
    if not name.endswith("__main__")
)
MODULES = ["hotspot", *SUBMODULES]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=True
    )
    assert result.failed == 0, f"{result.failed} doctest example(s) failed in {name}"
