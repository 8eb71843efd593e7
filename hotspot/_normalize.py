"""Normalise Iraqi place names so that spelling variants meet on one key.

Three keys are made from a name, from strict to loose:

``folded``
    Case and diacritics folded, apostrophes and ayn/hamza marks dropped,
    hyphens turned into spaces, the Arabic article removed at word starts
    (``al-``, ``el-``, ``ad-``, ``ash-`` …). Generic words are kept:
    ``"Wadi al-Shay"`` → ``"wadi shay"``.
``core``
    The folded key without generic words (``Wadi``, ``Jabal``, ``district``,
    ``Nahiyat`` …), which are returned separately as a feature-type *hint*:
    ``"Wadi al-Shay"`` → ``("shay", "valley")``.
``skeleton``
    A phonetic consonant skeleton of the core key that absorbs common
    transliteration variants (see :func:`skeleton`): ``"Kerkûk"``,
    ``"Karkuk"`` and ``"Kirkuk"`` all give ``"krkk"``.

The functions here are shared by the geocoder and the boundary lookups; they
are pure, cached and never raise on text input.

Examples
--------
>>> normalize_name("Ḩawījah")
'hawijah'
>>> name_keys("Jebel Hamrin")
NameKey(folded='jebel hamrin', core='hamrin', hint='mountain', skeleton='hmrn')
>>> skeleton("Xaneqîn") == skeleton("Khanaqin")
True
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from typing import NamedTuple

from hotspot._words import word_set, word_table

__all__ = [
    "AFFIXES",
    "ARTICLES",
    "ASSIMILATED_ARTICLES",
    "COMMON_WORDS",
    "GENERIC_WORDS",
    "HINT_TYPES",
    "LETTER_GROUPS",
    "TOWN_TYPES",
    "TYPE_PREFIXES",
    "TYPE_SUFFIXES",
    "NameKey",
    "ending",
    "fold",
    "long_vowels_agree",
    "name_keys",
    "name_suffix",
    "names_a_person",
    "normalize_name",
    "phonetic",
    "quarter_name",
    "romanised_with_marks",
    "same_consonants",
    "skeleton",
    "spelling_agrees",
    "strip_html",
    "strip_shared_affixes",
    "syllables",
    "vowels_agree",
]

# Characters mapped before diacritics are folded: Kurdish and Turkish letters
# whose plain Latin base would lose a sound, Arabic letter variants, and marks
# that are dropped (apostrophes, ayn and hamza signs, tatweel).
_PRE = str.maketrans(
    {
        "ç": "ch",
        "Ç": "Ch",
        "ş": "sh",
        "Ş": "Sh",
        "ı": "i",
        "İ": "I",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ʿ": None,
        "ʾ": None,
        "'": None,
        "’": None,
        "‘": None,
        "`": None,
        "´": None,
        "ʼ": None,
        "ʻ": None,
        "′": None,
        "-": " ",
        "‐": " ",
        "‑": " ",
        "–": " ",
        "—": " ",
        "_": " ",
        "/": " ",
        ".": " ",
        ",": " ",
        "(": " ",
        ")": " ",
        "ـ": None,  # Arabic tatweel
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",  # Persian/Kurdish yeh
        "ک": "ك",  # Persian/Kurdish kaf
        "ھ": "ه",  # Kurdish heh (doachashmee)
        "ە": "ه",  # Kurdish ae, written where Arabic has ة/ه
        "ڕ": "ر",  # Kurdish letters to their Arabic base
        "ڵ": "ل",
        "ێ": "ي",
        "ۆ": "و",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
        "گ": "ك",
        "ژ": "ز",
        "ؤ": "و",  # hamza seats
        "ئ": "ي",
        "ء": None,  # a lone hamza (سامراء = سامرا)
        "\u200c": None,  # zero-width non-joiner (Kurdish, Persian)
        "\u200d": None,
    }
    | {chr(0x0660 + d): str(d) for d in range(10)}  # Arabic-Indic digits
    | {chr(0x06F0 + d): str(d) for d in range(10)}  # Eastern Arabic-Indic digits
)
#: Letters of the BGN/PCGN romanisation of Arabic (GeoNames, UCDP): in a name
#: written with them, ``ş`` is the emphatic s (``Al Başrah``), not the Kurdish
#: and Turkish ``sh`` (``Şêxan``).
_BGN_MARKS = re.compile("[āīūĀĪŪḩḨţŢḑḐẓẒ]|z\u0327|Z\u0327")
#: The article assimilated to an emphatic s (``Aş Şuwayrah``, ``Jurf aş Şakhr``): BGN
#: too, with no other mark.
_BGN_ARTICLE = re.compile(r"(?<![^\W_])aş[\s\-‐‑]+ş", re.IGNORECASE)
_BGN_S = str.maketrans({"ş": "s", "Ş": "S"})
_NON_WORD = re.compile(r"[^\w ]+")
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"<[^<>]{0,500}>")
_BLOCK_TAG = re.compile(
    r"</?\s*(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|thead|tbody|blockquote"
    r"|section|article|header|footer|aside|nav|main|figure|figcaption|pre|title)\b",
    re.IGNORECASE,
)
_APOSTROPHES = frozenset("'’‘ʿʾ`´ʼʻ′")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});")

# The Arabic article at a word start (hotspot/data/words/articles.csv). The plain
# forms ("al", "el") are dropped whether joined by a hyphen or a space; the
# assimilated forms (ad-, ash-, …) only when hyphenated or before their own
# consonant, because "as", "an", "at" are also English words.
ARTICLES: frozenset[str] = frozenset(
    r["word"] for r in word_table("articles.csv") if r["form"] == "plain"
)
ASSIMILATED_ARTICLES: frozenset[str] = frozenset(
    r["word"] for r in word_table("articles.csv") if r["form"] == "assimilated"
)
_SUN_ARTICLE_RE = re.compile(r"(?<![\w'’ʿʾ])(?:a|e|u)(?:dh|sh|th|d|n|r|s|t|z)[-‐‑](?=\w)", re.I)
_ARABIC_ARTICLE = re.compile(r"(?<!\S)ال(?=\S{2,})")


class NameKey(NamedTuple):
    """The keys of one name (see the module docstring)."""

    folded: str
    core: str
    hint: str | None
    skeleton: str


def _tag(match: re.Match[str]) -> str:
    """Replace one tag by spaces; a block-level tag (``<p>``, ``<br>``) starts with a newline."""
    tag = match.group()
    if _BLOCK_TAG.match(tag):
        return "\n" + " " * (len(tag) - 1)
    return " " * len(tag)


def _entity(match: re.Match[str]) -> str:
    """Replace one entity by spaces, or by its punctuation mark and spaces (``&amp;``)."""
    entity = match.group()
    char = html.unescape(entity)
    if len(char) == 1 and not (char.isalnum() or char.isspace() or char in _APOSTROPHES):
        return char + " " * (len(entity) - 1)
    return " " * len(entity)


def strip_html(text: str) -> str:
    """Blank out HTML tags and entities, keeping every other character in place.

    Each tag is replaced by as many spaces as it has characters (the first
    being a newline for a block-level tag such as ``<p>`` or ``<br>``, so that
    ``</p><p>`` is a paragraph break), so offsets into the result are offsets
    into the input. So is an entity for a space, an
    apostrophe or a letter (``&nbsp;``, ``&#39;``); an entity for a punctuation
    mark keeps the mark, padded with spaces (``&amp;`` → ``"&    "``), so that
    ``Kirkuk &amp; Diyala`` stays two names.

    Parameters
    ----------
    text : str
        Text that may hold HTML markup.

    Returns
    -------
    str
        Text of the same length without markup.

    Examples
    --------
    >>> html = "<b>Kirkuk</b> &amp; Hawija&nbsp;district"
    >>> clean = strip_html(html)
    >>> clean.split(), len(clean) == len(html)
    (['Kirkuk', '&', 'Hawija', 'district'], True)
    """
    if "<" not in text and "&" not in text:
        return text
    text = _TAG.sub(_tag, text)
    return _ENTITY.sub(_entity, text)


@functools.lru_cache(maxsize=200_000)
def _fold_token_text(text: str) -> str:
    text = _SUN_ARTICLE_RE.sub(" ", text)
    if "ş" in text.casefold() and (_BGN_MARKS.search(text) or _BGN_ARTICLE.search(text)):
        text = text.translate(_BGN_S)
    text = text.translate(_PRE)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.translate(_PRE)
        text = _ARABIC_ARTICLE.sub("", text)
    text = text.casefold()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


#: Generic words (any language or script) and the feature-type hint they give
#: (``hotspot/data/words/generic_words.csv``), keyed by their folded form, the
#: form of the tokens they are compared with (``قرية`` is looked up as ``قريه``).
#: ``"region"`` is a weak hint that does not restrict the match.
GENERIC_WORDS: dict[str, str] = {
    _fold_token_text(r["word"]): r["hint"] for r in word_table("generic_words.csv")
}

#: Generic words written after a name in English (``"X town"``, ``"X district"``;
#: ``after_name`` in ``generic_words.csv``), unlike prefixes such as ``markaz`` or ``hay``.
TYPE_SUFFIXES: frozenset[str] = frozenset(
    _fold_token_text(r["word"]) for r in word_table("generic_words.csv") if r["after_name"] == "yes"
)

#: Admin-level words written before a name in Arabic and Kurdish (``قضاء X``,
#: ``ناحية X``; ``before_name`` in ``generic_words.csv``): in a name made of
#: generic words only they are its type (``قضاء المدينة``, the district Al-Midaina).
TYPE_PREFIXES: frozenset[str] = frozenset(
    _fold_token_text(r["word"])
    for r in word_table("generic_words.csv")
    if r["before_name"] == "yes"
)

#: Feature types each hint accepts (``hotspot/data/words/hint_types.csv``); a hint
#: never excludes a place when none fits.
HINT_TYPES: dict[str, frozenset[str]] = {
    hint: frozenset(r["feature_type"] for r in word_table("hint_types.csv") if r["hint"] == hint)
    for hint in dict.fromkeys(r["hint"] for r in word_table("hint_types.csv"))
}

#: Feature types of places where people live in a town's streets: a town or village
#: (``settlement``) and a quarter of a town (``neighbourhood``, GeoNames ``PPLX``).
#: A quarter is a settlement for every rule but the type words (:data:`HINT_TYPES`):
#: ``village`` asks for a settlement, so ``Al-Karama village`` is never the Karama
#: quarter of Mosul; ``hay`` asks for a quarter; ``town`` and ``centre`` reach both
#: (UCDP writes Baghdad's quarters as towns).
TOWN_TYPES: frozenset[str] = frozenset({"settlement", "neighbourhood"})

#: English words that never begin a place name (number words, ordinals,
#: determiners, pronouns, days, months; ``hotspot/data/words/common_words.csv``):
#: a name starting with one matches only exactly, never through its skeleton or
#: fuzzily (``"Two Iraqi"`` is not ``Tuwairij``). A word that does begin a
#: gazetteer name is exempt there. Words that may be a (misspelt) Arabic article
#: are not listed: ``a``, ``an``, ``at``, ``all`` (``A-Latifiya``, ``An Nukhayb``).
COMMON_WORDS: frozenset[str] = word_set("common_words.csv")
#: Verbs of speech among them (``kind`` = ``speech``): a place named like a person
#: right before one is the person (``Rashid said``).
SPEECH_VERBS: frozenset[str] = frozenset(
    row["word"] for row in word_table("common_words.csv") if row["kind"] == "speech"
)
#: Type hints of features that may lie far from the town they are named after
#: (``Adheem dam`` 32 km from Al-Udhaim): a place of another type never answers
#: them, and of several written after a name the last is what it names.
FEATURE_HINTS = frozenset({"mountain", "valley", "river", "lake", "dam", "bridge", "desert"})


def names_a_person(core: str) -> bool:
    """Whether a folded name is only a personal name: given names, perhaps after a title.

    Such a name reaches no mountain, wadi, river, lake, dam, bridge or desert named
    after the person unless written with the feature's word: ``Hassan`` is not
    ``Wadi Hassan``, nor ``Sheikh Ibrahim`` the mountain (a shrine and many villages
    bear the name).

    Parameters
    ----------
    core : str
        A folded core key (:attr:`NameKey.core`).

    Returns
    -------
    bool
        True when every word is a title or a common given name
        (:data:`PERSONAL_NAMES`) and one at least is a given name.

    Examples
    --------
    >>> names_a_person("hassan"), names_a_person("sheikh ibrahim")
    (True, True)
    >>> names_a_person("sheikh"), names_a_person("qandil"), names_a_person("abu hassan")
    (False, False, False)
    """
    words = core.split()
    return (
        bool(words)
        and all(w in PERSONAL_NAMES or w in PERSON_TITLES for w in words)
        and any(w in PERSONAL_NAMES for w in words)
    )


def romanised_with_marks(name: str) -> bool:
    """Whether a name is written in a scholarly romanisation (BGN/PCGN: ``ā``, ``ḩ``, ``ţ`` …).

    Gazetteers and event datasets (GeoNames, UCDP) write names so; such a name is
    spelt with care, so it is never taken for a misspelling of another name.

    Examples
    --------
    >>> romanised_with_marks("Samrā’"), romanised_with_marks("Samra")
    (True, False)
    """
    return _BGN_MARKS.search(name) is not None


def fold(name: str) -> str:
    """Fold case, diacritics, apostrophes, hyphens and the Arabic article.

    Parameters
    ----------
    name : str
        A place name in any script.

    Returns
    -------
    str
        Lowercase words separated by single spaces; generic words kept.

    Examples
    --------
    >>> fold("Tall 'Afar")
    'tall afar'
    >>> fold("Nāḩiyat ash-Sharqāţ")
    'nahiyat sharqat'
    >>> fold("Al Azim"), fold("As Sulaymaniyah")
    ('azim', 'sulaymaniyah')
    """
    tokens = _fold_token_text(name).split(" ")
    if len(tokens) > 1:
        last = len(tokens) - 1
        kept = [
            t
            for i, t in enumerate(tokens)
            if not (
                i < last
                and (
                    t in ARTICLES or (t in ASSIMILATED_ARTICLES and tokens[i + 1].startswith(t[1:]))
                )
            )
        ]
        return " ".join(kept)
    return tokens[0]


#: Common Arabic and Kurdish given and family names (``personal_names.csv``): text
#: extraction tells people from places by them, and the resolver takes a name that is
#: one only as written, never as a misspelling of a place (``Mahmoud`` is no Makhmour).
#: Arabic-script names are written as spelt and folded on load (``أحمد`` is ``احمد``).
PERSONAL_NAMES: frozenset[str] = frozenset(fold(w) for w in word_set("personal_names.csv"))
#: Titles before a personal name (``person_titles.csv``, folded): ``Commander
#: Sirwan Barzani``, ``Sheikh Ibrahim``, ``الشيخ إبراهيم``.
PERSON_TITLES: frozenset[str] = frozenset(fold(w) for w in word_set("person_titles.csv"))


def _split_generic(tokens: list[str]) -> tuple[list[str], str | None]:
    """Split tokens into the core and the hint of the generic words.

    The first generic word gives the hint (``جسر نهر ديالى``, ``Lake Tharthar``,
    ``Sinjar district center``), save that of feature words written after the
    name (:data:`FEATURE_HINTS`) the last says what the place is: ``Diyala River
    bridge`` is a bridge, not the river. ``region`` is a weak hint that any other
    replaces.
    """
    core: list[str] = []
    hint: str | None = None
    trailing: str | None = None  # the last feature word after the name so far
    after_generic = False
    i = 0
    n = len(tokens)
    while i < n:
        token = tokens[i]
        kind = GENERIC_WORDS.get(token)
        if token == "sub" and i + 1 < n and tokens[i + 1] in ("district", "districts"):
            kind = "subdistrict"
            i += 1
        if kind is not None:
            if hint is None or hint == "region":
                hint = kind
            if core and kind in FEATURE_HINTS and (trailing or hint) in FEATURE_HINTS:
                trailing = kind
            after_generic = True
        elif token == "of" and after_generic and not core:
            pass  # "Valley of X"
        else:
            core.append(token)
            trailing = None
            after_generic = False
        i += 1
    return core, trailing or hint


def _name_before_type(tokens: list[str]) -> tuple[list[str], str | None]:
    """Split a name made of generic words only: its type words, the rest the name.

    Type words are English words after the name and Arabic or Kurdish admin
    words before it: ``"Al Ḩayy town"`` is the town Hayy (``hayy`` is also the
    generic word for a neighbourhood), ``"قضاء الحي"`` the district Al-Hai;
    ``"Markaz Hay"`` (no such type word) and ``"Dam"`` alone stay whole, with
    no hint.
    """
    start, end = 0, len(tokens)
    while end > 1 and tokens[end - 1] in TYPE_SUFFIXES:
        end -= 1
    while end - start > 1 and tokens[start] in TYPE_PREFIXES:
        start += 1
    _, hint = _split_generic(tokens[:start] + tokens[end:])
    return tokens[start:end], hint


@functools.lru_cache(maxsize=200_000)
def name_keys(name: str) -> NameKey:
    """Return the folded key, core key, generic-word hint and skeleton of a name.

    Generic words are only removed when a non-generic word remains, so that
    ``"Dam"`` alone keeps its key; a name made of generic words only keeps all
    but its trailing type words (``"Al Ḩayy town"``).

    Parameters
    ----------
    name : str
        A place name.

    Returns
    -------
    NameKey
        ``(folded, core, hint, skeleton)``; *hint* is a feature type from
        :data:`GENERIC_WORDS` (``"region"`` being a weak hint) or None.

    Examples
    --------
    >>> name_keys("Kirkuk province").hint
    'governorate'
    >>> name_keys("Nāḩiyat Qarah Tappah")[1:3]
    ('qarah tappah', 'subdistrict')
    >>> name_keys("the Valley of Shay")[1:3]
    ('shay', 'valley')
    >>> name_keys("Al Ḩayy town")[1:3]  # "hayy" is also the word for a neighbourhood
    ('hayy', 'settlement')
    >>> name_keys("قضاء المدينة")[1:3]  # the district Al-Midaina ("the city")
    ('مدينه', 'district')
    """
    folded = fold(name)
    tokens = folded.split(" ") if folded else []
    core_tokens, hint = _split_generic(tokens)
    if not core_tokens:
        core_tokens, hint = _name_before_type(tokens)
    core = " ".join(core_tokens)
    return NameKey(folded, core, hint, skeleton(core))


def normalize_name(name: str) -> str:
    """Return the core key of a name: folded, without article or generic words.

    Parameters
    ----------
    name : str
        A place name.

    Returns
    -------
    str
        The core key (empty for a name with no letters).

    Examples
    --------
    >>> normalize_name("Kerkûk")
    'kerkuk'
    >>> normalize_name("Ţūz Khūrmātū")
    'tuz khurmatu'
    >>> normalize_name("Wadi al-Shay") == normalize_name("Shay valley")
    True
    """
    return name_keys(name).core


# Skeleton rules, applied in order to a folded key without spaces.
_DIGRAPHS = (
    ("kh", "k"),
    ("gh", "k"),
    ("sh", "s"),
    ("ch", "s"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("ck", "k"),
)
_LETTERS = str.maketrans(
    {
        "q": "k",
        "g": "k",
        "c": "k",
        "x": "k",  # Kurdish x = kh
        "j": "k",  # Egyptian-style g for j (al-Hawiga)
        "z": "s",
        "p": "b",
        "v": "f",
        "w": "",
        "y": "",
        "a": "",
        "e": "",
        "i": "",
        "o": "",
        "u": "",
    }
)
_CONSONANTS = str.maketrans(
    {"q": "k", "g": "k", "c": "k", "x": "k", "j": "k", "z": "s", "p": "b", "v": "f"}
)
_DOUBLE = re.compile(r"([a-z])\1+")
#: A final h after a vowel (``Hawijah`` = ``Hawija``).
_FINAL_H = re.compile(r"(?<=[aeiouy])h$")
_VOWELS = frozenset("aeiouwy")


def _spelled(key: str, *, undouble: bool) -> tuple[str, bool]:
    """Fold a name, join its words and rewrite digraphs (shared start of the keys).

    Returns the text and whether it is Latin script (other scripts are only folded).
    """
    text = fold(key)
    if not text.isascii():
        return text.replace(" ", ""), False
    text = _FINAL_H.sub("", text).replace(" ", "")
    if undouble:
        text = _DOUBLE.sub(r"\1", text)
    for old, new in _DIGRAPHS:
        text = text.replace(old, new)
    return text, True


@functools.lru_cache(maxsize=200_000)
def skeleton(key: str) -> str:
    """Return the phonetic consonant skeleton of a (folded) name.

    The skeleton keeps consonant classes and drops vowels, so transliteration
    variants meet: q/k/g/gh/kh/x/j → ``k``; sh/ch/s/z → ``s``; dh → ``d``;
    th → ``t``; p → ``b``; v → ``f``; w and y count as vowels; doubled letters
    and a final ``h`` after a vowel are dropped; a leading vowel is kept as
    ``a``. Non-Latin text is returned folded, without spaces.

    Parameters
    ----------
    key : str
        A name or key (it is folded first).

    Returns
    -------
    str
        The skeleton; may be empty.

    Examples
    --------
    >>> skeleton("Makhmour"), skeleton("Mexmur"), skeleton("Makhmur")
    ('mkmr', 'mkmr', 'mkmr')
    >>> skeleton("Tall 'Afar") == skeleton("Talafar") == skeleton("Tel Afar")
    True
    >>> skeleton("Erbil") == skeleton("Irbil")
    True
    """
    text, latin = _spelled(key, undouble=True)
    if not latin:
        return text
    lead = "a" if text[:1] in _VOWELS else ""
    text = text.translate(_LETTERS)
    return lead + _DOUBLE.sub(r"\1", text)


_VOWEL_CLASSES = str.maketrans({"e": "a", "o": "u", "w": "u", "y": "i"})


@functools.lru_cache(maxsize=200_000)
def phonetic(key: str) -> str:
    """Return the skeleton's consonant classes with vowel classes kept.

    Like :func:`skeleton` but vowels are folded to three classes
    (a/e → ``a``, i/y → ``i``, o/u/w → ``u``) instead of dropped; used to
    score how close two names with the same skeleton are.

    Parameters
    ----------
    key : str
        A name or key (it is folded first).

    Returns
    -------
    str
        The phonetic form.

    Examples
    --------
    >>> phonetic("Mexmur") == phonetic("Makhmour")
    True
    >>> phonetic("Tooz Khurmato")
    'tuskurmatu'
    """
    text, latin = _spelled(key, undouble=False)
    if not latin:
        return text
    text = text.translate(_CONSONANTS).translate(_VOWEL_CLASSES)
    return _DOUBLE.sub(r"\1", text)


@functools.lru_cache(maxsize=200_000)
def ending(key: str) -> str:
    """Say how a folded key ends: ``"v"`` a vowel, ``"c"`` a consonant, ``"e"`` an e.

    A final ``h`` after a vowel is ignored (``Hawijah`` ends like ``Hawija``); a
    final ``e`` after a consonant (French ``Salaheddeine``, Kurdish ``Xaneqîne``)
    may stand for either, and so does a non-Latin letter; after a vowel
    (``Nasrie``) it is a vowel, and so is a final ``w`` (``Faw``). Names that
    share a skeleton are spellings of one name only if they end alike.

    Parameters
    ----------
    key : str
        A folded key (see :func:`fold`).

    Returns
    -------
    str
        ``"v"``, ``"c"`` or ``"e"``.

    Examples
    --------
    >>> ending("hawijah"), ending("sukkar"), ending("xaneqine"), ending("nasrie")
    ('v', 'c', 'e', 'v')
    """
    text = _FINAL_H.sub("", key)
    last = text[-1:]
    if not last.isascii():
        return "e"
    if last == "e":
        return "v" if text[-2:-1] in ("a", "e", "i", "o", "u", "y") else "e"
    if last == "w":  # Faw, Tanjaw: a vowel after a vowel
        return "v" if text[-2:-1] in ("a", "e", "i", "o", "u") else "c"
    return "v" if last in "aiouy" else "c"


#: Name-forming affixes (``hotspot/data/words/name_affixes.csv``): word → affix
#: group for prefixes (``tall``, ``tel``, ``abu``, ``albu`` …) and the suffixes
#: of the nisba and place endings (``-iyah``, ``-iya`` …), longest first. They
#: are part of a name (``Tall Afar`` is not ``Afar``), but two names that share
#: one agree only if they agree without it (``Tall Aswad`` / ``Tall Asfar``).
AFFIXES: dict[str, dict[str, str]] = {
    position: {
        r["word"]: r["affix"] for r in word_table("name_affixes.csv") if r["position"] == position
    }
    for position in ("prefix", "suffix")
}
_SUFFIXES = sorted(AFFIXES["suffix"], key=len, reverse=True)
_MIN_STEM = 3


def _affixes(core: str) -> tuple[list[tuple[str, str]], str, tuple[str, str] | None]:
    """Split a core key into its prefixes (word, group), the rest, and its suffix (text, group)."""
    words = core.split(" ")
    prefixes = []
    while len(words) > 1 and words[0] in AFFIXES["prefix"]:
        prefixes.append((words[0], AFFIXES["prefix"][words[0]]))
        words = words[1:]
    rest = " ".join(words)
    for suffix in _SUFFIXES:
        if rest.endswith(suffix) and len(rest) - len(suffix) >= _MIN_STEM:
            return prefixes, rest[: -len(suffix)], (suffix, AFFIXES["suffix"][suffix])
    return prefixes, rest, None


def name_suffix(core: str) -> str | None:
    """Return the affix group of a core key's suffix (``"iyah"``), or None.

    Examples
    --------
    >>> name_suffix("muqdadiyya"), name_suffix("kasibah")
    ('iyah', None)
    """
    return suffix[1] if (suffix := _affixes(core)[2]) else None


@functools.lru_cache(maxsize=200_000)
def strip_shared_affixes(a: str, b: str) -> tuple[str, str]:
    """Remove from two core keys the affixes both have (in any spelling of the affix).

    An affix only one of them has stays: it is part of the difference.

    Parameters
    ----------
    a, b : str
        Core keys (:func:`name_keys`).

    Returns
    -------
    (str, str)
        The two keys without their shared prefixes and shared suffix.

    Examples
    --------
    >>> strip_shared_affixes("tall aswad", "tel asfar")
    ('aswad', 'asfar')
    >>> strip_shared_affixes("jasimiyah", "kazimiya")
    ('jasim', 'kazim')
    >>> strip_shared_affixes("tall kaif", "kaif")
    ('tall kaif', 'kaif')
    """
    pa, ra, sa = _affixes(a)
    pb, rb, sb = _affixes(b)
    shared = [g for _, g in pa if g in {g for _, g in pb}]
    keep_a = [w for w, g in pa if g not in shared]
    keep_b = [w for w, g in pb if g not in shared]
    if sa is not None and sb is not None and sa[1] == sb[1]:
        tail_a, tail_b = ra, rb
    else:
        tail_a = ra + (sa[0] if sa else "")
        tail_b = rb + (sb[0] if sb else "")
    return " ".join([*keep_a, tail_a]), " ".join([*keep_b, tail_b])


def _letter_groups() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for r in word_table("letter_variants.csv"):
        groups.setdefault(r["letter"], set()).add(r["group"])
    return {letter: frozenset(g) for letter, g in groups.items()}


#: Consonant spellings and the sound groups they may stand for
#: (``hotspot/data/words/letter_variants.csv``): two spellings of one name may
#: differ only by letters of a shared group (``q``/``k``, ``dh``/``z``,
#: ``j``/``g``), never ``j``/``k`` or ``s``/``z`` (Jasim is not Kazim).
LETTER_GROUPS: dict[str, frozenset[str]] = _letter_groups()
_DIGRAPH_LETTERS = frozenset(k for k in LETTER_GROUPS if len(k) == 2)
#: Syllables from which a final e may be silent (French ``Salaheddeine``).
_LONG_E = 3
_PURE_VOWELS = frozenset("aeiou")


def _segments(word: str) -> list[tuple[str, str]]:
    """Consonant spellings and vowel runs of one folded Latin word, with their letters.

    Each item is ``(sound, letters)``: a consonant spelling (``"kh"``, ``"q"``) and
    itself, or ``"V"`` and the vowel letters of the run (``"ai"``). Doubled
    letters count once, a final ``h`` after a vowel is silent, ``y`` is a vowel
    (``Azizya`` / ``Aziziyah``) and so is ``w``, except before a vowel at the
    start of a word (``Wasit``) or between two vowels (``Bayguwah`` has a
    consonant more than ``Baiji``).
    """
    text = _FINAL_H.sub("", word)
    out: list[tuple[str, str]] = []
    i = 0
    n = len(text)
    while i < n:
        pair = text[i : i + 2]
        if pair in _DIGRAPH_LETTERS:
            sound = pair
            i += 2
        else:
            ch = text[i]
            consonant = ch not in _PURE_VOWELS and ch != "y"
            if ch == "w":
                consonant = (i == 0 or text[i - 1] in _PURE_VOWELS) and text[
                    i + 1 : i + 2
                ] in _PURE_VOWELS
            sound = ch if consonant else "V"
            i += 1
        if out and out[-1][0] == sound:
            if sound == "V":
                out[-1] = ("V", out[-1][1] + text[i - 1])
            continue
        out.append((sound, text[i - 1] if sound == "V" else sound))
    return out


def _sounds(word: str) -> list[str]:
    """Consonant spellings and ``"V"`` (vowel runs) of one folded Latin word (:func:`_segments`)."""
    return [sound for sound, _ in _segments(word)]


def _compatible(x: str, y: str) -> bool:
    return x == y or bool(LETTER_GROUPS.get(x, frozenset()) & LETTER_GROUPS.get(y, frozenset()))


#: The vowel a letter ending a name stands for: a final ``e`` may be either (Kurdish
#: ``Bahzane`` / ``Bahzani``, French ``Salaheddine``).
_FINAL_CLASS = {"a": "a", "e": "aie", "i": "i", "y": "i", "o": "u", "u": "u", "w": "u"}
_FINAL_VOWEL = re.compile(r"[aeiouyw]+$")


def _final_vowels_agree(a: str, b: str) -> bool:
    """Whether two keys ending in a vowel end in the same one (``Asaka`` is not ``Ishaqi``)."""
    ends = []
    for key in (a, b):
        found = _FINAL_VOWEL.search(_FINAL_H.sub("", key))
        if found is None:
            return True
        ends.append(set(_FINAL_CLASS[found.group()[-1]]))
    return bool(ends[0] & ends[1])


@functools.lru_cache(maxsize=200_000)
def spelling_agrees(a: str, b: str) -> bool:
    """Whether two core keys with one skeleton may be spellings of one name.

    The skeleton (:func:`skeleton`) lets many names meet; this is the finer
    test: the names have the same consonants in number, each pair of
    consonants may spell one sound (``letter_variants.csv``), vowels sit in the
    same places (``Samra`` has none between m and r, ``Samarra`` has one), the
    words end alike in a vowel or a consonant (``Tuz`` is not ``Taza``; a final
    ``e`` may be either), and a final vowel is the same vowel (``Asaka`` is not
    ``Ishaqi``; ``e`` again may be any). Keys in another script agree only when equal
    without spaces.

    Parameters
    ----------
    a, b : str
        Core keys (:func:`name_keys`).

    Returns
    -------
    bool

    Examples
    --------
    >>> spelling_agrees("tooz khurmato", "tuz khurmatu"), spelling_agrees("kazimiyah", "jasimiyah")
    (True, False)
    >>> spelling_agrees("samra", "samarra"), spelling_agrees("bayguwah", "baiji")
    (False, False)
    >>> spelling_agrees("salaheddeine", "salahaddin"), spelling_agrees("karkh", "kirkuk")
    (True, False)
    """
    if not (a.isascii() and b.isascii()):
        return a.replace(" ", "") == b.replace(" ", "")
    if not _final_vowels_agree(a, b):
        return False
    wa, wb = a.split(" "), b.split(" ")
    if len(wa) == len(wb):
        for x, y in zip(wa, wb, strict=True):
            ex, ey = ending(x), ending(y)
            if ex != ey and "e" not in (ex, ey):
                return False
    sa, sb = _aligned(a, b)
    if len(sa) != len(sb):
        return False
    for (x, _), (y, _) in zip(sa, sb, strict=True):
        if (x == "V") != (y == "V"):
            return False
        if x != "V" and not _compatible(x, y):
            return False
    return True


def _aligned(a: str, b: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Return the segments of two Latin keys as :func:`spelling_agrees` pairs them."""
    sa = [s for w in a.split(" ") for s in _segments(w)]
    sb = [s for w in b.split(" ") for s in _segments(w)]
    if (
        "e" in (ending(a), ending(b))
        and min(sum(x == "V" for x, _ in sa), sum(x == "V" for x, _ in sb)) >= _LONG_E
    ):
        # a final e of a long name may be silent: Salaheddeine / Salahaddin (not George)
        sa = sa[:-1] if sa[-1:] and sa[-1][0] == "V" else sa
        sb = sb[:-1] if sb[-1:] and sb[-1][0] == "V" else sb
    return _joined(sa), _joined(sb)


def _joined(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Merge vowel runs that meet across a word break: ``"tall afar"`` / ``"talafar"``."""
    out: list[tuple[str, str]] = []
    for sound, letters in segments:
        if sound == "V" and out and out[-1][0] == "V":
            out[-1] = ("V", out[-1][1] + letters)
        else:
            out.append((sound, letters))
    return out


#: One Arabic or Kurdish letter written in several ways (``hotspot/data/words/
#: letter_spellings.csv``): ق as q or k, خ as kh, Kurdish x or k, and ذ ث غ with
#: their h left out (d, t, g). Other pairs of a sound group (``k``/``g``,
#: ``p``/``b``, ``s``/``z``) are two letters that sound alike.
_SPELLINGS: dict[str, str] = {
    r["spelling"]: r["letter"] for r in word_table("letter_spellings.csv")
}

#: The vowel qualities a letter may stand for: ``e`` is written for a and for i
#: (``Kerkuk``, ``Tekrit``, ``Erbil``), ``y`` and ``w`` are i and u.
_VOWEL_QUALITY = {"a": "a", "e": "ai", "i": "i", "y": "i", "o": "u", "u": "u", "w": "u"}


@functools.lru_cache(maxsize=200_000)
def vowels_agree(a: str, b: str) -> bool:
    """Whether two Latin keys whose sounds pair up have vowels of one quality in each place.

    :func:`spelling_agrees` asks that vowels sit in the same places; this asks
    that they also sound alike: ``a``, ``i`` or ``u`` (``e`` may be a or i, ``o``
    is u). Transliterations of one name mostly agree so (``Kerkuk`` / ``Kirkuk``,
    ``Tooz`` / ``Tuz``); a name that agrees with another only in its consonants
    (``Kolar`` / ``Kalar``, ``Mosul`` / ``Masul``) is weaker evidence. Keys in
    another script, or whose sounds do not pair up, are not judged (True).

    Examples
    --------
    >>> vowels_agree("kerkuk", "kirkuk"), vowels_agree("tooz", "tuz")
    (True, True)
    >>> vowels_agree("kolar", "kalar"), vowels_agree("masul", "mosul")
    (False, False)
    """
    if not (a.isascii() and b.isascii()):
        return True
    sa, sb = _aligned(a, b)
    if len(sa) != len(sb):
        return True
    for (x, ra), (y, rb) in zip(sa, sb, strict=True):
        if x == "V" and y == "V":
            qa = {q for ch in ra for q in _VOWEL_QUALITY.get(ch, "aiu")}
            qb = {q for ch in rb for q in _VOWEL_QUALITY.get(ch, "aiu")}
            if not qa & qb:
                return False
    return True


@functools.lru_cache(maxsize=200_000)
def same_consonants(a: str, b: str) -> bool:
    """Whether two Latin keys spell the same consonant letters, in order (vowels aside).

    A letter written in several ways counts once (ق as q or k, خ as kh, x or k,
    ذ as dh or d: ``letter_spellings.csv``): ``Dakuk`` / ``Daquq``, ``Kirkukh`` /
    ``Kirkuk`` and ``Kasik`` / ``Kisik`` do;
    ``Kara`` / ``Gara`` and ``Dubiz`` / ``Dibis`` do not, though those pairs agree
    in sound (:func:`spelling_agrees`). Keys in another script compare as
    written.

    Examples
    --------
    >>> same_consonants("dakuk", "daquq"), same_consonants("kara", "gara")
    (True, False)
    """
    if not (a.isascii() and b.isascii()):
        return a.replace(" ", "") == b.replace(" ", "")
    sa, sb = _aligned(a, b)
    letters = [[_SPELLINGS.get(x, x) for x, _ in side if x != "V"] for side in (sa, sb)]
    return letters[0] == letters[1]


@functools.lru_cache(maxsize=200_000)
def syllables(key: str) -> int:
    """Count the vowel groups of a folded Latin key (its syllables, roughly).

    Examples
    --------
    >>> syllables("samra"), syllables("samara"), syllables("khanaqin")
    (2, 3, 3)
    """
    return sum(s == "V" for w in key.split(" ") for s in _sounds(w))


#: Long vowels of the scholarly romanisation, kept through folding as letters that
#: no name uses (Latin alpha, small capital I, upsilon).
_LONG_VOWELS = str.maketrans(
    {"ā": "ɑ", "Ā": "ɑ", "á": "ɑ", "Á": "ɑ", "ī": "ɪ", "Ī": "ɪ", "ū": "ʊ", "Ū": "ʊ"}
)
#: The vowel letters a spelling of each long vowel may use.
_LONG_CLASS = {"ɑ": frozenset("ae"), "ɪ": frozenset("ie"), "ʊ": frozenset("uo")}
_VOWEL_GROUP = re.compile(r"[aeiouɑɪʊ]+")


def long_vowels_agree(marked: str, core: str) -> bool:
    """Whether the long vowels a romanised name marks are spelt alike in another key.

    A name written with ``ā``, ``ī``, ``ū`` says which vowel is long; a spelling of
    the same name writes that vowel with a letter of its class (``ī``: i or e,
    ``ū``: u or o, ``ā``: a or e). ``Faşīlīyah`` is not ``Faisailiya`` (an ``ai``
    where the ``ī`` is), though their consonants agree. Keys whose vowels do not
    pair up one to one are not judged (True).

    Parameters
    ----------
    marked : str
        A name as written (:func:`romanised_with_marks`).
    core : str
        The core key of another name (:func:`name_keys`).

    Returns
    -------
    bool

    Examples
    --------
    >>> long_vowels_agree("Faşīlīyah village", "faisailiya")
    False
    >>> long_vowels_agree("Ţūz Khūrmātū", "tooz khurmato"), long_vowels_agree("Nīnawá", "ninewa")
    (True, True)
    """
    own = _VOWEL_GROUP.findall(name_keys(marked.translate(_LONG_VOWELS)).core)
    other = _VOWEL_GROUP.findall(core)
    if len(own) != len(other):
        return True
    for mine, theirs in zip(own, other, strict=True):
        for letter in set(mine) & _LONG_CLASS.keys():
            if not set(theirs) <= _LONG_CLASS[letter]:
                return False
    return True


@functools.cache
def _quarter_names() -> dict[str, str]:
    return {name_keys(r["word"]).core: r["meaning"] for r in word_table("quarter_names.csv")}


def quarter_name(core: str) -> str | None:
    """Say what a name means if it is one that Iraqi towns commonly give a quarter.

    Quarters named ``Shuhada`` (the martyrs), ``Askari``, ``Hurriya`` or
    ``Yarmouk`` are in Mosul, Kirkuk, Baghdad, Fallujah and most other towns
    (``hotspot/data/words/quarter_names.csv``); the gazetteer holds a few of
    them, so the bare name says which town only with a hint.

    Parameters
    ----------
    core : str
        The core key of a name (:func:`name_keys`).

    Returns
    -------
    str or None
        The meaning, or None for a name that is not such a quarter name.

    Examples
    --------
    >>> quarter_name(name_keys("Hay al-Askari").core), quarter_name(name_keys("الشهداء").core)
    ('the military (quarter)', 'the martyrs')
    >>> quarter_name(name_keys("Rahimawa").core) is None
    True
    """
    return _quarter_names().get(core)
