"""The README's commands and examples stay true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _blocks(kind: str) -> list[str]:
    if not README.is_file():
        pytest.skip("no README.md beside the tests (installed package)")
    return re.findall(rf"```{kind}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_opens_with_the_two_commands():
    first, second = _blocks("bash")[:2]
    assert "hotspot analyze" in first and "pip install -q ." in first
    assert ".venv/bin/pytest" in second and '".[test]"' in second


def test_quick_tour_runs(tmp_path, monkeypatch):
    """The quick tour, run as written on the bundled data (without Chromium: faster)."""
    (tour,) = [b for b in _blocks("python") if "hotspot.resolve(" in b]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOTSPOT_CHROMIUM", str(tmp_path / "no-chromium"))
    import hotspot.maps.render

    monkeypatch.setattr(hotspot.maps.render, "find_chromium", lambda: None)
    with pytest.warns(UserWarning):  # PNG/PDF not written: no Chromium here
        exec(compile(tour, "README.md", "exec"), {})
    assert (tmp_path / "brief.html").stat().st_size > 100_000
    assert (
        (tmp_path / "brief" / "summary.txt")
        .read_text(encoding="utf-8")
        .startswith("hotspot analysis of UCDP GED 19.1")
    )
