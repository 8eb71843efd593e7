from __future__ import annotations

import pytest

from hotspot.reports.counts import casualties, number
from hotspot.reports.vocabulary import load_vocabulary

VOCAB = load_vocabulary()


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        # parts of a list are summed; "a", "his" + a noun naming people count one
        ("Five shepherds and a policeman were killed on Tuesday evening.", 6, None),
        ("Mortars hit a farm, injuring a farmer and his son.", None, 2),
        ("Gunmen killed a village mukhtar and his brother.", 2, None),
        ("An airstrike killed a commander and three of his aides.", 4, None),
        # active and passive, each count next to its own word
        ("Gunmen attacked, killing three policemen and wounding one.", 3, 1),
        ("Two Peshmerga fighters were killed and four wounded in the attack.", 2, 4),
        (
            "A member of the Popular Mobilization Forces was killed and two others were injured.",
            1,
            2,
        ),
        (
            "The assault caused the deaths of at least ten civilians, with 17 others sustaining"
            " injuries.",
            10,
            17,
        ),
        ("It resulted in the death of at least one soldier and injuring five others.", 1, 5),
        ("The bomb left at least ten civilians dead.", 10, None),
        ("A soldier was also wounded in the fighting.", None, 1),
        ("The attack also wounded three others.", None, 3),
        ("The raid killed two militants and arresting a third.", 2, None),
        ("The ministry said no Peshmerga were hurt.", None, 0),
        ("Four people, including a child, were killed and three others wounded.", 4, 3),
        # number words, separators, qualifiers
        ("An IED killed twenty-three people.", 23, None),
        ("Airstrikes killed over 1,200 militants.", 1200, None),
        ("An IED wounded a dozen soldiers.", None, 12),
        # dates, years and ages are not counts
        ("On 12 May two soldiers were killed.", 2, None),
        ("In 2023 two soldiers were killed.", 2, None),
        ("A bomb wounded a 12-year-old girl.", None, 1),
        ("Gunmen attacked 40 homes; 6 residents were killed.", 6, None),
        ("The patrol was hit, causing no casualties.", None, None),
    ],
)
def test_casualties(sentence, killed, injured):
    assert casualties(sentence, VOCAB) == (killed, injured)


def test_number_words():
    assert [number(w) for w in ("ten", "forty-two", "2,500", "no", "soldiers")] == [
        10,
        42,
        2500,
        0,
        None,
    ]
