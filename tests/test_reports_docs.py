"""The examples in docs/reports.md run and give what the page says."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

pytest.importorskip("hotspot.extract")

DOC = Path(__file__).resolve().parents[1] / "docs" / "reports.md"


def test_docs_reports_examples():
    result = doctest.testfile(
        str(DOC),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 10
    assert result.failed == 0
