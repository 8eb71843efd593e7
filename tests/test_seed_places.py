"""Every place named in the seed reports is in the bundled gazetteer under one id.

The seed reports (``../shared/seeds``) are the news the project started from. The
pairs below hold each place as it is written there and the gazetteer id it must
resolve to. The comparison is deliberately simple (casefold, strip diacritics and a
leading ``al-``, drop generic words such as "Wadi" or "province"); the geocoder has
its own tests.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from hotspot.gazetteer import load_gazetteer

#: (surface form as written in a seed report, expected gazetteer id).
SEED_PLACES: tuple[tuple[str, str], ...] = (
    # provinces / governorates
    ("Kirkuk", "gov-kirkuk"),
    ("Diyala", "gov-diyala"),
    ("Diyala province", "gov-diyala"),
    ("Saladin", "gov-salahaddin"),
    ("Salahaddin", "gov-salahaddin"),
    ("Salaheddeine", "gov-salahaddin"),
    ("Nineveh", "gov-nineveh"),
    ("Ninawa", "gov-nineveh"),
    ("Anbar", "gov-anbar"),
    ("Sulaymaniyah", "gov-sulaymaniyah"),
    ("Al-Sulaymaniyah", "gov-sulaymaniyah"),
    ("Erbil", "gov-erbil"),
    ("Baghdad", "gov-baghdad"),
    # districts, sub-districts, towns
    ("Khanaqin", "dist-khanaqin"),
    ("Dibis", "dist-dibis"),
    ("Dibis district", "dist-dibis"),
    ("Daquq", "dist-daquq"),
    ("Muqdadiya", "dist-muqdadiya"),
    ("Sharaban", "dist-muqdadiya"),
    ("Makhmour", "dist-makhmour"),
    ("Amerli", "sub-amerli"),
    ("Amerli district", "sub-amerli"),
    ("Gwer", "sub-gwer"),
    ("Tun Kuweiri", "sub-altun-kupri"),
    ("Sulaimani", "gn-98463"),
    ("Haija", "gn-390188"),
    # terrain, regions, lines
    ("Hamrin Mountains", "mtn-hamrin"),
    ("Hamrin mountain range", "mtn-hamrin"),
    ("Hamrin Mountain range", "mtn-hamrin"),
    ("Hamrin", "mtn-hamrin"),
    ("Shay", "val-shay"),
    ("Shay Valley", "val-shay"),
    ("Zghaitun", "val-zghaitun"),
    ("Zghaitun Valley", "val-zghaitun"),
    ("Wadi Zghetoon", "val-zghaitun"),
    ("Zarka", "val-zarka"),
    ("Zarka area", "val-zarka"),
    ("Wadi Khanajir", "val-khanajir"),
    ("Lake Amerli", "lake-amerli"),
    ("Al-Azim region", "reg-udhaim-area"),
    ("Dibis-Tun Kuweiri line", "road-dibis-altun-kupri"),
    ("Al-Jazira region", "reg-jazira-nineveh"),
    ("Bridge Awashra", "br-awashra"),
    ("Qarachogh", "mtn-qara-chokh"),
    ("Qara Chokh", "mtn-qara-chokh"),
    ("Hamrin-Qaratapa front", "reg-hamrin-qara-tapa-front"),
    ("Kurdistan Region", "reg-kurdistan-region"),
    ("Anbar desert", "des-anbar"),
    ("Aleppo province", "reg-syr-aleppo"),
    ("Syria", "ctry-syria"),
    ("Iraq", "ctry-iraq"),
)

#: Spelling variants that must all name one place (id, its feature type, variants).
VARIANT_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("val-zghaitun", "valley", ("Zghaitun", "Zghetoon", "Zaghitun", "Zghaytun")),
    ("mtn-qara-chokh", "mountain", ("Qara Chokh", "Qarachogh", "Qarachukh", "Qarachox")),
    ("gov-salahaddin", "governorate", ("Salahaddin", "Saladin", "Salaheddeine")),
    ("dist-muqdadiya", "district", ("Muqdadiya", "Sharaban")),
    ("mtn-hamrin", "mountain", ("Hamrin", "Himreen", "Hemrin", "Hamreen")),
    ("mtn-makhoul", "mountain", ("Makhoul", "Makhul", "Mak'hul")),
    ("dam-udhaim", "dam", ("Udhaim", "Adhaim", "Al-Azim", "Uzaim", "Udaim")),
    ("lake-tharthar", "lake", ("Tharthar", "Therthar")),
    ("dam-badush", "dam", ("Badush", "Badoush")),
)

_GENERIC = frozenset(
    {
        "wadi",
        "valley",
        "jabal",
        "jebel",
        "mount",
        "mountain",
        "mountains",
        "range",
        "lake",
        "dam",
        "bridge",
        "village",
        "district",
        "province",
        "governorate",
        "area",
        "region",
    }
)


def _norm(text: str) -> str:
    """Casefold, strip diacritics, apostrophes and a leading article."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’‘`]", "", text)
    text = re.sub(r"[-–—_]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^(al|el|ad|ar|as|an|az|at) ", "", text)


def _forms(text: str) -> set[str]:
    """The normalised text, and the same without generic words."""
    full = _norm(text)
    bare = " ".join(w for w in full.split() if w not in _GENERIC)
    return {full, bare} - {""}


def _names(row: pd.Series) -> set[str]:
    out: set[str] = set()
    for text in [row["name"], *str(row["aliases"]).split("|")]:
        if text:
            out |= _forms(text)
    return out


@pytest.fixture(scope="module")
def gazetteer() -> pd.DataFrame:
    return load_gazetteer()


@pytest.fixture(scope="module")
def names_by_id(gazetteer: pd.DataFrame) -> dict[str, set[str]]:
    return {row["id"]: _names(row) for _, row in gazetteer.iterrows()}


@pytest.fixture(scope="module")
def seed_text(shared_seeds: Path) -> str:
    files = sorted(shared_seeds.glob("*.txt"))
    if not files:
        pytest.skip(f"no seed reports in {shared_seeds}")
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def test_seed_places_are_unique_pairs() -> None:
    assert len(set(SEED_PLACES)) == len(SEED_PLACES)


@pytest.mark.parametrize(("form", "place_id"), SEED_PLACES)
def test_form_is_in_seeds(seed_text: str, form: str, place_id: str) -> None:
    assert form in seed_text, f"{form!r} is not written in the seed reports"


@pytest.mark.parametrize(("form", "place_id"), SEED_PLACES)
def test_seed_place_resolves(names_by_id: dict[str, set[str]], form: str, place_id: str) -> None:
    """The geocoder, not a copied alias, takes each spelling of the seeds to its place."""
    from hotspot.geocode import resolve

    assert place_id in names_by_id, f"gazetteer has no row {place_id!r} (for {form!r})"
    result = resolve(form)
    assert result.status == "resolved", f"{form!r}: {result.status} {result.candidates[:3]}"
    # A bare town name resolves to the town; its same-named district or
    # governorate (the seed's meaning may be either) stays among the candidates.
    found = {result.place.id} | {c.id for c in result.candidates}
    assert place_id in found, f"{form!r} resolved to {result.place.id!r}, candidates {found}"


@pytest.mark.parametrize(("place_id", "feature_type", "variants"), VARIANT_GROUPS)
def test_variants_point_to_one_id(
    gazetteer: pd.DataFrame,
    names_by_id: dict[str, set[str]],
    place_id: str,
    feature_type: str,
    variants: tuple[str, ...],
) -> None:
    same_type = gazetteer.loc[gazetteer["feature_type"] == feature_type, "id"]
    for variant in variants:
        hits = {i for i in same_type if _norm(variant) in names_by_id[i]}
        assert hits == {place_id}, f"{variant!r} ({feature_type}) resolves to {sorted(hits)}"


def test_normalisation_examples() -> None:
    assert _forms("Wadi Zghetoon") == {"wadi zghetoon", "zghetoon"}
    assert _norm("Al-Azim") == "azim"
    assert _norm("Mak'hul") == "makhul"
