from __future__ import annotations

from datetime import date

import pytest

from hotspot.reports.dates import find_dates, publication_date, resolve_relative, to_date


@pytest.mark.parametrize(
    ("text", "expected", "basis"),
    [
        ("Published: 14 March 2024\n\nBody.", date(2024, 3, 14), "header"),
        ("Body text.\n\nDate: 2023-08-24", date(2023, 8, 24), "header"),
        ("Headline\nKurdistan24 | 24/01/2021\n\nERBIL – Body.", date(2021, 1, 24), "byline"),
        ("Headline\nThe National\nSep 06, 2021\nBody text here.", date(2021, 9, 6), "byline"),
        ("Headline\nThe New Arab Staff\n15 March, 2022\n", date(2022, 3, 15), "byline"),
        ("Headline\nMonday | 28/11/2022\n", date(2022, 11, 28), "byline"),
        ("https://www.rudaw.net/english/kurdistan/110420232\nHeadline", date(2023, 4, 11), "url"),
        ("![caption](/images/2025/08/01/photo.webp)\nBody.", date(2025, 8, 1), "url"),
        (
            "ERBIL, Dec. 3, 2023 – Gunmen attacked a post, killing two soldiers and a "
            "shepherd in a long sentence.",
            date(2023, 12, 3),
            "dateline",
        ),
    ],
)
def test_publication_date(text, expected, basis):
    assert publication_date(text) == (expected, basis)


def test_site_banner_is_not_the_publication_date():
    text = "• Saturday, 13 July 2024\n\nHeadline\n\nGulan Media December 3, 2023 News\nBody."
    assert publication_date(text) == (date(2023, 12, 3), "byline")
    assert publication_date("• Saturday, 11 May 2024\nHeadline\nBody.") == (None, "none")


@pytest.mark.parametrize(
    ("sentence", "first", "last", "precision"),
    [
        # report date: Sunday 8 December 2024
        ("It happened on Saturday night.", "2024-12-07", "2024-12-07", "day"),
        ("It happened late on Monday.", "2024-12-02", "2024-12-02", "day"),
        ("It happened Sunday afternoon.", "2024-12-08", "2024-12-08", "day"),
        ("It happened last Sunday.", "2024-12-01", "2024-12-01", "day"),
        ("It happened earlier this month.", "2024-12-01", "2024-12-07", "range"),
        ("It happened last week.", "2024-12-01", "2024-12-07", "range"),
        ("It happened in November 2024.", "2024-11-01", "2024-11-30", "month"),
        ("It happened on December 2.", "2024-12-02", "2024-12-02", "day"),
        ("It happened on 20 December.", "2023-12-20", "2023-12-20", "day"),
        ("It happened in November.", "2024-11-01", "2024-11-30", "month"),
        ("It happened in December.", "2024-12-01", "2024-12-31", "month"),
    ],
)
def test_event_dates(sentence, first, last, precision):
    found = find_dates(sentence, date(2024, 12, 8))
    assert [(str(d.first), str(d.last), d.precision) for d in found] == [(first, last, precision)]


def test_statement_dates_are_marked():
    found = find_dates(
        "Gunmen attacked on Saturday night, a source told Rudaw on Sunday.", date(2024, 12, 8)
    )
    assert [d.statement for d in found] == [False, True]


def test_relative_to_the_previous_event_and_nth_day():
    following, same = (
        find_dates(s, date(2023, 12, 3))[0]
        for s in ("On the following day, it struck.", "On the same day, it struck.")
    )
    previous = (date(2023, 11, 30), date(2023, 11, 30))
    assert resolve_relative(following, previous, None).first == date(2023, 12, 1)
    assert resolve_relative(same, previous, None).first == date(2023, 11, 30)
    assert resolve_relative(following, None, None).first is None
    third = find_dates("It is ongoing for a third day.", date(2025, 6, 18))[0]
    resolved = resolve_relative(third, None, date(2025, 6, 18))
    assert (resolved.first, resolved.last, resolved.precision) == (
        date(2025, 6, 16),
        date(2025, 6, 18),
        "range",
    )


def test_without_a_publication_date_weekdays_stay_unresolved():
    assert find_dates("It happened on Sunday.", None)[0].first is None


def test_may_the_verb_is_not_a_month():
    assert find_dates("The attack may 3 times have been planned.", date(2024, 6, 1)) == []


def test_to_date():
    assert to_date("03/12/2023") == date(2023, 12, 3)  # day first
    with pytest.raises(ValueError, match="report_date"):
        to_date("soon")


def test_overnight_is_the_night_before_the_statement():
    found = find_dates(
        "Militants attacked a post overnight, a source said on Sunday.", date(2024, 12, 10)
    )
    night, statement = found
    assert statement.statement and statement.first == date(2024, 12, 8)
    resolved = resolve_relative(night, None, statement.first)
    assert (resolved.first, resolved.last, resolved.precision) == (
        date(2024, 12, 7),
        date(2024, 12, 8),
        "range",
    )
