"""The examples in docs/geocoding.md run and give what the page says."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "geocoding.md"


def test_the_geocoding_page_runs():
    if not DOC.is_file():
        pytest.skip("docs/ not present (installed tests)")
    result = doctest.testfile(
        str(DOC),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 20
    assert result.failed == 0, f"{result.failed} example(s) in docs/geocoding.md failed"
