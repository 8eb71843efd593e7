"""Control lines whose ``as_of`` is not a date (audit control-line-attribute-payloads).

Such a line used to be refused ("is not a date"), so that valid lines with one
bad attribute stopped the run. Now a warning names the feature and the value,
the lines' period counts as unknown (the overlay is not limited to it), the
report says the lines state no readable date, and the value stays inert text
wherever it is shown.
"""

from __future__ import annotations

import warnings

import pytest
from click.testing import CliRunner

from hotspot.analyze import analyze
from hotspot.boundaries import load_control_lines
from hotspot.cli import main
from hotspot.gaps import find_gaps

PAYLOAD = "X{{7*7}}Y ]]> <!-- <script>alert(1)</script>"


@pytest.fixture(scope="module")
def federal(tmp_path_factory):
    line = load_control_lines("federal").copy()
    line["as_of"] = PAYLOAD
    path = tmp_path_factory.mktemp("lines") / "fed.geojson"
    line.to_file(path)
    return path


@pytest.fixture(scope="module")
def run(federal):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = analyze(federal=federal, min_samples=5)
    return result, [str(w.message) for w in caught]


def test_a_warning_names_the_feature_and_the_value(run):
    _, messages = run
    found = [m for m in messages if "as_of" in m and "is not a date" in m]
    assert found, messages
    assert "the feature at index 0 (id='federal-2017-10')" in found[0]
    assert repr(PAYLOAD) in found[0]
    assert "not limited to the period" in found[0]


def test_the_overlay_is_not_restricted(run):
    result, _ = run
    assert result.gaps.params["as_of"] is None
    assert result.gaps.overlay.since is None and result.gaps.overlay.as_of is None
    assert result.gaps.overlay.n_outside_period == 0
    dated_lines = analyze(min_samples=5)  # the bundled lines: from 2017-10-31 on
    assert dated_lines.gaps.overlay.since == "2017-10-31"


def test_the_report_says_the_lines_state_no_readable_date(run):
    result, _ = run
    text = str(result)
    assert "the control lines state no readable date" in text
    assert "{{7*7}}" in text and "X49Y" not in text  # shown as written, never evaluated
    with pytest.warns(UserWarning, match="as_of 'soon' is not a date"):
        gaps = find_gaps(
            load_control_lines("federal").assign(as_of="soon"), load_control_lines("krg")
        )
    assert "Control lines: no readable date (the feature at index 1 (id=" in str(gaps)


def test_the_value_stays_inert_in_every_output(run, tmp_path):
    result, _ = run
    written = result.write(tmp_path, png=False)
    page = written["briefing_map.html"].read_text(encoding="utf-8")
    assert "X49Y" not in page and "<script>alert(1)</script>" not in page
    assert "7*7" in page  # in the line's tooltip, escaped ({ as &#123;, < as &lt;)
    assert "1 as_of value(s) not a date: period unknown" in page  # the sources line
    summary = written["summary.txt"].read_text(encoding="utf-8")
    assert PAYLOAD in summary  # plain text, as written


def test_the_cli_runs_and_warns(federal, tmp_path):
    done = CliRunner().invoke(
        main, ["analyze", "--federal", str(federal), "--out", str(tmp_path), "--no-png", "-q"]
    )
    assert done.exit_code == 0, done.output
    assert "warning: control lines: the feature at index 0" in done.output
    assert "X49Y" not in done.output
