"""The words that tell an event, a place's role and a casualty: data an analyst can extend.

Four CSV files ship in ``hotspot/data/reports/``:

``event_kinds.csv``
    ``kind, priority, sub_event_type, families, insurgent, description``: the
    event classes, the first in ``priority`` order that a sentence matches
    wins; ``families`` (``security``, ``violence``, ``|``-separated) say which
    kinds may be one event; ``insurgent`` kinds take ISIS as actor1.
``events.csv``
    ``kind, term, note``: the terms that signal each kind.
``cues.csv``
    ``role, position, term, note``: the words around a place mention that give
    it a role (``position`` ``before`` or ``after`` the mention), names that
    have a role by themselves (``name``: government seats, outlets) and
    sentence-wide cues (``sentence``: habitual, plan, aggregate; and, whatever the
    date, denial, accident, trial, memorial). Cues of role ``object`` stand
    ``before`` an event term and say it names a thing sought or seized, not an
    event ("searching for IEDs", "seized a cache of rockets").
``persons.csv``
    ``noun, note``: nouns that name people, so that "a policeman" or "his
    brother" count one casualty.
``actors.csv``
    ``actor, pattern, note``: actor names (ACLED style) and the regular
    expressions that signal them, case-sensitive unless ``(?i:...)``.

Term syntax
-----------
Terms match case-insensitively on word boundaries. Each word matches its
regular inflections (``kill``: kills, killed, killing; ``capture``: captured,
capturing; ``kidnap``: kidnapped; ``casualty``: casualties); a space matches a
space, a hyphen or nothing (``air strike``: airstrike, air-strikes); a final
``*`` matches any ending (``assassinat*``); a leading ``=`` matches the words
exactly as written (``=searched``); ``A & B`` needs both parts in the sentence
(``operation & conclude``: "the operation ... was concluded").

To extend the vocabulary, write a CSV with the columns of one of these files
(``kind,term`` for events, ``role,position,term`` for cues, ``noun`` for
persons, ``actor,pattern`` for actors) and pass it as ``vocabulary=`` to
:func:`hotspot.reports.incidents_from_text` /
:func:`~hotspot.reports.incidents_from_reports`, or build a
:class:`Vocabulary` with :func:`load_vocabulary`. Extra event kinds are added
to ``event_kinds`` (columns of ``event_kinds.csv``).

Examples
--------
>>> vocab = load_vocabulary()
>>> vocab.event_kind("Peshmerga forces swept the Qarachogh range.")
'search'
>>> vocab.event_kind("A large-scale operation was concluded on Sunday.")
'search'
>>> vocab.event_kind("An air-strike hit a cave.")
'airstrike'
>>> bool(term_pattern("kidnap").search("two shepherds were kidnapped"))
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from os import PathLike
from pathlib import Path

import pandas as pd

from hotspot.errors import VocabularyError

__all__ = [
    "CUE_POSITIONS",
    "DATELESS_ROLES",
    "EVENT_CUE_ROLES",
    "ROLES",
    "Term",
    "Vocabulary",
    "VocabularyError",
    "load_vocabulary",
    "term_pattern",
]

#: Roles a place mention can take (see :mod:`hotspot.reports.roles`).
ROLES: tuple[str, ...] = (
    "event",
    "near",
    "reference",
    "metonymy",
    "dateline",
    "outlet",
    "meeting",
    "source",
    "background",
    "aggregate",
    "habitual",
    "plan",
    "denial",
    "accident",
    "trial",
    "memorial",
)
#: Sentence-wide roles that say a sentence tells no event whatever its date (a
#: denial, an accident, a trial, a commemoration of an earlier event); the others
#: (habitual, plan, aggregate) hold only where no day is given.
DATELESS_ROLES: frozenset[str] = frozenset({"denial", "accident", "trial", "memorial"})
#: Cue roles that qualify an event term, not a place mention: ``object`` (the term
#: names a thing sought or seized: "searching for IEDs", "a cache of rockets").
EVENT_CUE_ROLES: frozenset[str] = frozenset({"object"})
#: Words that end the thing an ``object`` cue names ("searching for militants when a
#: bomb ...", "looking for the gunmen were ambushed"); an article starts another
#: thing ("a sweep for ISIS remnants an IED ...", "seized a rifle and the bomb ...").
_NOT_BETWEEN = (
    r"(?:when|as|while|after|before|but|then|until|which|that|who|was|were|is|are|"
    r"been|had|has|have|a|an|the)\b"
)
#: An event term written as a verb ("attacked", "killing") is never a thing sought.
_VERB_FORM = re.compile(r"(?:ed|ing)$", re.IGNORECASE)
#: Where a cue stands relative to the mention it qualifies.
CUE_POSITIONS: tuple[str, ...] = ("before", "after", "name", "sentence")

_FILES = {
    "event_kinds": ("kind", "priority", "sub_event_type", "families", "insurgent"),
    "events": ("kind", "term"),
    "cues": ("role", "position", "term"),
    "persons": ("noun",),
    "actors": ("actor", "pattern"),
}


def _word(word: str) -> str:
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    w = re.escape(word)
    forms = [r"(?:s|es|ed|d|ing)?"]
    alternatives = [w + forms[0]]
    if word.endswith("e"):
        alternatives.append(re.escape(word[:-1]) + r"(?:ing|ed)")
    if word.endswith("y"):
        alternatives.append(re.escape(word[:-1]) + r"(?:ies|ied)")
    if (
        len(word) > 2
        and word[-1] in "bdgklmnprt"
        and word[-2] in "aeiou"
        and word[-3] not in "aeiou"
    ):
        alternatives.append(w + re.escape(word[-1]) + r"(?:ed|ing)")
    return "(?:" + "|".join(alternatives) + ")"


@functools.lru_cache(maxsize=4096)
def term_pattern(term: str) -> re.Pattern[str]:
    r"""Compile one term of the vocabulary (see the module docstring for the syntax).

    Parameters
    ----------
    term : str
        E.g. ``"air strike"``, ``"=searched"``, ``"assassinat*"``. ``&`` is
        handled by :class:`Term`, not here.

    Returns
    -------
    re.Pattern
        Case-insensitive, on word boundaries.

    Raises
    ------
    VocabularyError
        If the term is empty.

    Examples
    --------
    >>> [bool(term_pattern("air strike").search(s)) for s in
    ...  ["airstrikes", "air-strike", "air strikes", "hair striker"]]
    [True, True, True, False]
    """
    text = term.strip()
    if not text or text in ("=", "*"):
        raise VocabularyError(f"empty term {term!r}")
    if text.startswith("="):
        words = text[1:].split()
        body = r"[\s-]+".join(re.escape(w) for w in words)
    else:
        words = text.split()
        body = r"[\s-]?".join(_word(w) for w in words)
    return re.compile(rf"(?<![\w-]){body}(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    """One vocabulary term: parts that must all occur in the sentence.

    Attributes
    ----------
    text : str
        As written in the file.
    label : str
        The kind (events) or role (cues) it signals.
    """

    text: str
    label: str

    @functools.cached_property
    def parts(self) -> tuple[re.Pattern[str], ...]:
        """The compiled parts (``A & B`` has two)."""
        return tuple(term_pattern(p) for p in self.text.split("&"))

    def search(
        self, text: str, skip: Callable[[str, re.Match[str]], bool] | None = None
    ) -> re.Match[str] | None:
        """Return the match of the first part when every part occurs in ``text``.

        ``skip(text, match)`` passes over matches of the first part (the first one
        it does not skip counts).
        """
        first = next(
            (m for m in self.parts[0].finditer(text) if skip is None or not skip(text, m)), None
        )
        if first is None or not all(p.search(text) for p in self.parts[1:]):
            return None
        return first


@dataclass(frozen=True)
class Vocabulary:
    """The tables of the vocabulary (see the module docstring).

    Build it with :func:`load_vocabulary`.

    Attributes
    ----------
    event_kinds, events, cues, persons, actors : pandas.DataFrame
        The tables, bundled rows first, extra rows after.
    """

    event_kinds: pd.DataFrame
    events: pd.DataFrame
    cues: pd.DataFrame
    persons: pd.DataFrame
    actors: pd.DataFrame

    @functools.cached_property
    def kinds(self) -> tuple[str, ...]:
        """Event kinds in priority order."""
        table = self.event_kinds.sort_values("priority", kind="stable")
        return tuple(table["kind"])

    @functools.cached_property
    def event_terms(self) -> dict[str, tuple[Term, ...]]:
        """The terms of each kind, in priority order of the kinds."""
        return {
            kind: tuple(Term(t, kind) for t in self.events.loc[self.events["kind"] == kind, "term"])
            for kind in self.kinds
        }

    def families(self, kind: str) -> frozenset[str]:
        """Return the families of a kind (kinds sharing one may be the same event)."""
        row = self.event_kinds.loc[self.event_kinds["kind"] == kind]
        return frozenset(str(row["families"].iloc[0]).split("|")) if len(row) else frozenset()

    def sub_event_type(self, kind: str) -> str | None:
        """Return the ACLED sub-event type nearest to a kind, or None."""
        value = self.event_kinds.loc[self.event_kinds["kind"] == kind, "sub_event_type"]
        return None if value.empty or pd.isna(value.iloc[0]) else str(value.iloc[0])

    def insurgent(self, kind: str) -> bool:
        """Whether ISIS is the perpetrator when named (attacks, bombs...)."""
        value = self.event_kinds.loc[self.event_kinds["kind"] == kind, "insurgent"]
        return bool(len(value)) and str(value.iloc[0]).strip().lower() in ("yes", "true", "1")

    def event_match(self, sentence: str) -> tuple[str, re.Match[str]] | None:
        """Return the kind of the first class (by priority) a sentence matches, with the match.

        A term that names a thing sought or seized ("searching for IEDs", "seized a
        cache of rockets": cues of role ``object``) tells no event of its kind.

        Examples
        --------
        >>> vocab = load_vocabulary()
        >>> vocab.event_kind("Gunmen attacked a patrol that was searching for IEDs.")
        'attack'
        """
        for kind, terms in self.event_terms.items():
            for term in terms:
                match = term.search(sentence, self._object)
                if match:
                    return kind, match
        return None

    @functools.cached_property
    def _object_before(self) -> re.Pattern[str] | None:
        terms = self.cues[(self.cues["role"] == "object") & (self.cues["position"] == "before")]
        if terms.empty:
            return None
        body = "|".join(f"(?:{term_pattern(str(t)).pattern})" for t in terms["term"])
        lead = r"(?:\s+(?:a|an|the|some|two|three|four|five|more|\d+))?"
        return re.compile(rf"(?:{body}){lead}(?:\s+(?!{_NOT_BETWEEN})[\w'’-]+){{0,3}}\s*$", re.I)

    def _object(self, text: str, match: re.Match[str]) -> bool:
        """Whether an event term names a thing sought or seized ("searching for hidden IEDs")."""
        pattern = self._object_before
        if pattern is None or _VERB_FORM.search(match.group()):
            return False
        return pattern.search(text, 0, match.start()) is not None

    def event_kind(self, sentence: str) -> str | None:
        """Return the event kind a sentence reports, or None."""
        found = self.event_match(sentence)
        return found[0] if found else None

    @functools.cached_property
    def _cue_terms(self) -> dict[str, tuple[Term, ...]]:
        out = {}
        for position in CUE_POSITIONS:
            rows = self.cues[
                (self.cues["position"] == position) & ~self.cues["role"].isin(EVENT_CUE_ROLES)
            ]
            out[position] = tuple(
                Term(t, r) for t, r in zip(rows["term"], rows["role"], strict=True)
            )
        return out

    def cue_before(self, text: str) -> tuple[str, str] | None:
        """Role and cue of the longest cue that ends ``text`` (the words before a mention)."""
        best: tuple[int, str, str] | None = None
        for pattern, label in self._anchored["before"]:
            match = pattern.search(text)
            if match and (best is None or len(match.group()) > best[0]):
                best = (len(match.group()), label, match.group().strip())
        return (best[1], best[2]) if best else None

    @functools.cached_property
    def _anchored(self) -> dict[str, tuple[tuple[re.Pattern[str], str], ...]]:
        return {
            "before": tuple(
                (re.compile(t.parts[0].pattern + r"(?:\s+the)?\s*$", re.I), t.label)
                for t in self._cue_terms["before"]
            ),
            "after": tuple(
                (re.compile(r"^\s*" + t.parts[0].pattern, re.I), t.label)
                for t in self._cue_terms["after"]
            ),
        }

    def cue_after(self, text: str) -> tuple[str, str] | None:
        """Role and cue of the longest cue that starts ``text`` (the words after a mention)."""
        best: tuple[int, str, str] | None = None
        for pattern, label in self._anchored["after"]:
            match = pattern.search(text)
            if match and (best is None or len(match.group()) > best[0]):
                best = (len(match.group()), label, match.group().strip())
        return (best[1], best[2]) if best else None

    def name_role(self, surface: str) -> str | None:
        """Role a name has by itself (a government seat, an outlet), or None."""
        key = surface.strip().lower()
        for term in self._cue_terms["name"]:
            if term.text.strip().lstrip("=").lower() == key:
                return term.label
        return None

    def names(self, role: str) -> tuple[str, ...]:
        """Return the names listed with a role (e.g. ``"outlet"``)."""
        rows = self.cues[(self.cues["position"] == "name") & (self.cues["role"] == role)]
        return tuple(str(t).lstrip("=") for t in rows["term"])

    def sentence_cue(self, sentence: str) -> tuple[str, str] | None:
        """Role and text of the first sentence-wide cue (habitual, plan, aggregate, denial …)."""
        found = self.sentence_cues(sentence)
        return (found[0][0], found[0][1].group()) if found else None

    def sentence_cues(self, sentence: str) -> list[tuple[str, re.Match[str]]]:
        """Every sentence-wide cue of a sentence: (role, match), in the vocabulary's order."""
        out = []
        for term in self._cue_terms["sentence"]:
            match = term.search(sentence)
            if match:
                out.append((term.label, match))
        return out

    @functools.cached_property
    def actor_patterns(self) -> dict[str, re.Pattern[str]]:
        """Actor name -> one pattern joining its regular expressions."""
        out: dict[str, list[str]] = {}
        for actor, pattern in zip(self.actors["actor"], self.actors["pattern"], strict=True):
            out.setdefault(str(actor), []).append(str(pattern))
        return {actor: re.compile("|".join(p)) for actor, p in out.items()}

    @functools.cached_property
    def person_pattern(self) -> re.Pattern[str]:
        """Matches a noun that names people."""
        nouns = sorted(map(str, self.persons["noun"]), key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(_word(n.lower()) for n in nouns) + r")\b", re.I)


def _read(source: str | PathLike[str] | pd.DataFrame, what: str) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        return source.copy()
    try:
        return pd.read_csv(source, dtype=str, keep_default_na=False, comment=None)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise VocabularyError(f"{what}: cannot read {str(source)!r} as CSV ({exc})") from exc


def _bundled(name: str) -> pd.DataFrame:
    path = Path(str(resources.files("hotspot") / "data" / "reports" / f"{name}.csv"))
    return _read(path, f"bundled {name}.csv")


@functools.lru_cache(maxsize=1)
def _bundled_vocabulary() -> Vocabulary:
    tables = {name: _bundled(name) for name in _FILES}
    return _check(tables, "bundled vocabulary")


def _check(tables: dict[str, pd.DataFrame], where: str) -> Vocabulary:
    problems = []
    for line, pattern in enumerate(tables["actors"]["pattern"], 2):
        try:
            re.compile(str(pattern))
        except re.error as exc:
            problems.append(f"actors line {line}: bad pattern {pattern!r} ({exc})")
    kinds = tables["event_kinds"].copy()
    kinds["priority"] = pd.to_numeric(kinds["priority"], errors="coerce")
    if kinds["priority"].isna().any():
        problems.append("event_kinds: priority must be a number")
    known = set(kinds["kind"])
    events = tables["events"]
    for line, (kind, term) in enumerate(zip(events["kind"], events["term"], strict=True), 2):
        if kind not in known:
            problems.append(
                f"events line {line}: kind {kind!r} is not in event_kinds {sorted(known)}"
            )
        for part in str(term).split("&"):
            if not part.strip().lstrip("=*"):
                problems.append(f"events line {line}: empty term {term!r}")
    cues = tables["cues"]
    for line, (role, position, term) in enumerate(
        zip(cues["role"], cues["position"], cues["term"], strict=True), 2
    ):
        if role not in ROLES and role not in EVENT_CUE_ROLES:
            roles = [*ROLES, *sorted(EVENT_CUE_ROLES)]
            problems.append(f"cues line {line}: role {role!r} is not one of {roles}")
        if position not in CUE_POSITIONS:
            problems.append(
                f"cues line {line}: position {position!r} is not one of {list(CUE_POSITIONS)}"
            )
        if not str(term).strip().lstrip("=*"):
            problems.append(f"cues line {line}: empty term")
    if problems:
        raise VocabularyError(f"{where}: " + "; ".join(problems))
    tables["event_kinds"] = kinds
    return Vocabulary(**tables)


def load_vocabulary(
    extra: str
    | PathLike[str]
    | pd.DataFrame
    | Iterable[str | PathLike[str] | pd.DataFrame]
    | None = None,
) -> Vocabulary:
    """Return the bundled vocabulary, extended with the analyst's own terms.

    Parameters
    ----------
    extra : path, DataFrame or list of them, optional
        CSV files (or frames) with the columns of one of the bundled tables:
        ``kind,term`` (events), ``role,position,term`` (cues), ``noun``
        (persons) or ``kind,priority,sub_event_type,families,insurgent``
        (event kinds). Their rows are added after the bundled ones.

    Returns
    -------
    Vocabulary

    Raises
    ------
    VocabularyError
        If a file cannot be read, has none of the expected column sets, or
        names an unknown kind, role or position.

    Examples
    --------
    >>> import pandas as pd
    >>> extra = pd.DataFrame({"kind": ["attack"], "term": ["hit-and-run"]})
    >>> load_vocabulary(extra).event_kind("A hit-and-run on a checkpoint.")
    'attack'
    """
    base = _bundled_vocabulary()
    if extra is None:
        return base
    items = [extra] if isinstance(extra, (str, PathLike, pd.DataFrame)) else list(extra)
    tables = {
        "event_kinds": base.event_kinds.astype({"priority": str}),
        "events": base.events,
        "cues": base.cues,
        "persons": base.persons,
        "actors": base.actors,
    }
    for item in items:
        frame = _read(item, "vocabulary")
        name = next(
            (
                n
                for n in ("event_kinds", "actors", "cues", "events", "persons")
                if set(_FILES[n]) <= set(frame.columns)
            ),
            None,
        )
        if name is None:
            raise VocabularyError(
                f"vocabulary {item if not isinstance(item, pd.DataFrame) else 'frame'}: columns "
                f"{list(frame.columns)} match none of "
                + "; ".join(f"{n}: {','.join(c)}" for n, c in _FILES.items())
            )
        frame = frame.astype(str)
        tables[name] = pd.concat([tables[name], frame], ignore_index=True)
    return _check(tables, "vocabulary")
