from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from hotspot.errors import VocabularyError
from hotspot.reports.vocabulary import EVENT_CUE_ROLES, ROLES, Term, load_vocabulary, term_pattern

DATA = Path(str(resources.files("hotspot") / "data" / "reports"))


@pytest.mark.parametrize(
    ("term", "text", "hit"),
    [
        ("air strike", "airstrikes", True),
        ("air strike", "an air-strike", True),
        ("air strike", "hair striker", False),
        ("kill", "killing", True),
        ("kill", "skill", False),
        ("capture", "capturing", True),
        ("kidnap", "kidnapped", True),
        ("casualty", "casualties", True),
        ("assassinat*", "assassination", True),
        ("=searched", "searched", True),
        ("=searched", "searches", False),
        ("=IED", "IEDs", False),
        ("large scale", "large-scale", True),
    ],
)
def test_term_syntax(term, text, hit):
    assert bool(term_pattern(term).search(text)) is hit


def test_terms_with_and_need_every_part():
    term = Term("operation & conclude", "search")
    assert term.search("The operation was concluded on Sunday.").group() == "operation"
    assert term.search("The operation goes on.") is None


def test_bundled_files_have_their_schema():
    for name, columns in {
        "event_kinds.csv": {"kind", "priority", "sub_event_type", "families", "insurgent"},
        "events.csv": {"kind", "term"},
        "cues.csv": {"role", "position", "term"},
        "persons.csv": {"noun"},
        "actors.csv": {"actor", "pattern"},
    }.items():
        table = pd.read_csv(DATA / name)
        assert columns <= set(table.columns), name
        assert len(table) > 0
    vocab = load_vocabulary()
    assert set(vocab.events["kind"]) <= set(vocab.kinds)
    assert set(vocab.cues["role"]) <= set(ROLES) | EVENT_CUE_ROLES
    # every kind is reachable by at least one term
    assert all(vocab.event_terms[k] for k in vocab.kinds)


def test_event_priority():
    vocab = load_vocabulary()
    assert vocab.event_kind("An airstrike killed four militants.") == "airstrike"
    assert vocab.event_kind("Gunmen killed a farmer.") == "attack"
    assert vocab.event_kind("A farmer was killed.") == "killing"
    assert vocab.event_kind("Officials met in Erbil.") is None


def test_cues_and_names():
    vocab = load_vocabulary()
    assert vocab.cue_before("fighting on the outskirts of ") == ("near", "outskirts of")
    assert vocab.cue_before("a village 25 km east of ") == ("reference", "east of")
    assert vocab.cue_after(" police chief said") == ("source", "police chief")
    assert vocab.name_role("Baghdad") == "metonymy"
    assert vocab.name_role("Kurdistan24") == "outlet"
    assert vocab.sentence_cue("Not a week goes by without an attack.")[0] == "habitual"


def test_extra_vocabulary_files(tmp_path):
    events = tmp_path / "events.csv"
    events.write_text("kind,term\nattack,torch\n", encoding="utf-8")
    cues = tmp_path / "cues.csv"
    cues.write_text("role,position,term\noutlet,name,Hawija Herald\n", encoding="utf-8")
    kinds = tmp_path / "kinds.csv"
    kinds.write_text(
        "kind,priority,sub_event_type,families,insurgent\narson,0.5,Attack,violence,yes\n",
        encoding="utf-8",
    )
    more = tmp_path / "more.csv"
    more.write_text("kind,term\narson,set fire\n", encoding="utf-8")
    vocab = load_vocabulary([events, cues, kinds, more])
    assert vocab.event_kind("Militants torched a field.") == "attack"
    assert vocab.event_kind("Militants set fire to a field.") == "arson"
    assert vocab.name_role("Hawija Herald") == "outlet"
    assert load_vocabulary().event_kind("Militants torched a field.") is None  # bundled unchanged


def test_an_extra_object_cue_says_what_is_sought(tmp_path):
    """An ``object`` cue before an event term: the term names what is sought, not an event."""
    sentence = "Troops went hunting after landmines near Riyadh."
    assert load_vocabulary().event_kind(sentence) == "ied"
    cues = tmp_path / "cues.csv"
    cues.write_text("role,position,term\nobject,before,=hunting after\n", encoding="utf-8")
    vocab = load_vocabulary(cues)
    assert vocab.event_kind(sentence) is None
    # an object cue qualifies an event term, never a place mention
    assert vocab.cue_before("troops went hunting after ") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("kind,term\nbombing,car bomb\n", "kind 'bombing' is not in event_kinds"),
        ("role,position,term\nspeaker,before,said\n", "role 'speaker' is not one of"),
        ("role,position,term\nsource,around,said\n", "position 'around' is not one of"),
        ("word,meaning\nx,y\n", "match none of"),
        ("actor,pattern\nX,(unclosed\n", "bad pattern"),
    ],
)
def test_bad_vocabulary_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "extra.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyError, match=message):
        load_vocabulary(path)


def test_missing_vocabulary_file_is_a_clear_error(tmp_path):
    with pytest.raises(VocabularyError, match="cannot read"):
        load_vocabulary(tmp_path / "absent.csv")
