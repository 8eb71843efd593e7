"""Shared fixtures: the optional ``../shared`` reference data beside the checkout."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

#: The build scripts of the checkout (not part of the installed package).
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"

#: ``shared/`` beside the checkout (CI clones main with it alongside); HOTSPOT_SHARED overrides.
SHARED = Path(os.environ.get("HOTSPOT_SHARED", Path(__file__).resolve().parents[2] / "shared"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of ``shared/data``; skips the test cleanly when it is absent."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"reference data not present at {path}")
    return path


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    """Path of ``shared/seeds`` (the source news reports); skips when absent."""
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed reports not present at {path}")
    return path


def _load_script(name: str) -> ModuleType:
    script = SCRIPTS / f"{name}.py"
    if not script.is_file():
        pytest.skip(f"{script} not present (tests run outside the checkout)")
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))  # the scripts import each other
    spec = importlib.util.spec_from_file_location(name, script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def script_module() -> Callable[[str], ModuleType]:
    """Load ``scripts/<name>.py`` as a module: ``script_module("build_reference")``.

    Skips the test cleanly when the scripts are not beside the tests (an
    installed package).
    """
    return _load_script
