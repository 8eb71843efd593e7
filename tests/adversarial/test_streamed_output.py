"""Output printed a chunk at a time, into a pipe whose reader leaves early (`| head`)."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest


@pytest.mark.parametrize("fmt", ["table", "csv", "geojson"])
def test_a_reader_that_leaves_early_ends_the_run_quietly(tmp_path, fmt):
    names = tmp_path / "names.txt"
    names.write_text("Kirkuk\nMosul\nDaquq\n" * 3000, encoding="utf-8")
    command = [sys.executable, "-m", "hotspot", "geocode", "--file", str(names), "--format", fmt]
    done = subprocess.run(
        ["sh", "-c", f"{shlex.join(command)} | head -c 100 >/dev/null"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "BrokenPipe" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "error" not in done.stderr


def test_a_broken_pipe_elsewhere_is_still_an_error(monkeypatch):
    """Only a closed standard output is quiet; another broken pipe is reported."""
    from click.testing import CliRunner

    import hotspot.cli

    def broken(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(hotspot.cli, "geocode", broken)
    monkeypatch.setattr(hotspot.cli, "_stdout_gone", lambda: False)
    done = CliRunner().invoke(hotspot.cli.main, ["geocode", "Kirkuk"])
    assert done.exit_code == 1
    assert "error: BrokenPipeError: [Errno 32] Broken pipe" in done.output
