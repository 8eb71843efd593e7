"""``import hotspot`` and ``hotspot --help`` stay light: heavy optional modules load on use."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("folium", "branca", "sklearn", "scipy.stats", "matplotlib")

_CHECK = """
import sys
{setup}
loaded = [m for m in {heavy!r} if m in sys.modules]
print(",".join(loaded))
"""


def _loaded(setup: str) -> list[str]:
    code = _CHECK.format(setup=setup, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [m for m in done.stdout.strip().split(",") if m]


def test_import_hotspot_loads_no_heavy_module():
    assert _loaded("import hotspot") == []


def test_cli_help_loads_no_heavy_module():
    setup = (
        "from click.testing import CliRunner\n"
        "from hotspot.cli import main\n"
        "r = CliRunner().invoke(main, ['--help'])\n"
        "assert r.exit_code == 0 and 'analyze' in r.output, r.output"
    )
    assert _loaded(setup) == []


@pytest.mark.parametrize("name", ["briefing_map", "map_to_png", "save_map"])
def test_map_functions_load_on_first_use(name):
    import hotspot
    import hotspot.maps

    assert getattr(hotspot, name) is getattr(hotspot.maps, name)
    assert name in dir(hotspot) and name in hotspot.__all__


def test_unknown_attribute_is_an_attribute_error():
    import hotspot

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        hotspot.nope  # noqa: B018
