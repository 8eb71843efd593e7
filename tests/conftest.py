"""Shared fixtures: the optional ``../shared`` reference data beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
