"""Strict schema for the knowledge base data files.

Every model forbids unknown keys, so a typo in a data file fails loudly. Every number that
drives the engine is a :class:`Sourced` value: it names a citation id, or says it is an
estimate and why. Cross-references (finding ids, condition ids, citation ids) are checked in
:mod:`backstride.knowledge.validate`, not here, because they span files.
"""

from __future__ import annotations

import datetime
import re
from enum import IntEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Urgency(IntEnum):
    """How soon to get care. Ordered: a higher value is more urgent."""

    self_care = 0
    doctor = 1
    urgent = 2
    emergency = 3


UrgencyName = Literal["self_care", "doctor", "urgent", "emergency"]


class Citation(Strict):
    id: Id
    authors: str
    year: int | None = Field(
        default=None, ge=1900, le=2100, description="The publication (or last-updated) year."
    )
    accessed: datetime.date | None = Field(
        default=None,
        description="The day the web page was read: for an undated page, instead of a year.",
    )
    title: str
    journal: str | None = None
    doi: str | None = None
    url: str | None = None
    pmid: str | None = None
    kind: Literal["study", "review", "guideline", "textbook", "article", "tool"] = "study"
    note: str | None = None

    @model_validator(mode="after")
    def _locatable(self) -> Citation:
        if not (self.doi or self.url or self.pmid or self.kind == "textbook"):
            raise ValueError(f"citation {self.id!r} needs a doi, url or pmid")
        if self.year is None and self.accessed is None:
            raise ValueError(
                f"citation {self.id!r} needs a year (of publication) or, for an undated page, "
                "the date it was accessed"
            )
        return self

    @property
    def year_label(self) -> str:
        """The publication year as shown to a person, or 'n.d.' (no date) when there is none."""
        return str(self.year) if self.year is not None else "n.d."

    @property
    def short_author(self) -> str:
        """The first author's family name, with 'et al.' when there are more: 'de Schepper EI,
        Koes BW' -> 'de Schepper et al.'. Notes in brackets ('(author)', '(ed.)', why a name is
        missing) are left out, ';' separates names as ',' does, and an organisation keeps its
        name. Authors the source does not show give the title's first words instead."""
        return short_author(self.authors, self.title)

    @property
    def short_label(self) -> str:
        """'Suri et al. 2010', 'Froese et al. n.d.': who and when, for a line of text."""
        return f"{self.short_author} {self.year_label}"


_BRACKETS = re.compile(r"\s*\([^()]*\)")
_ET_AL = re.compile(r"\s+(et\s+al\.?|and\s+(colleagues|others|co-workers))$")
_INITIALS = re.compile(r"^[^\W\d_a-z]{1,4}$")  # 'JA', 'MŞ': capitals only
_SUFFIXES = {"Jr", "Jr.", "Sr", "2nd", "3rd", "II", "III", "IV"}
_UNSHOWN = re.compile(r"\bnot\s+(shown|listed)\b", re.IGNORECASE)


def _unbracketed(text: str) -> str:
    while _BRACKETS.search(text):  # innermost brackets first, so nested notes go too
        text = _BRACKETS.sub("", text)
    return text.strip()


def _is_person(name: str) -> bool:
    """'Hayden JA', 'Cross JT Jr': a family name followed by initials."""
    words = name.split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return len(words) > 1 and bool(_INITIALS.match(words[-1]))


def short_author(authors: str, title: str = "") -> str:
    """See `Citation.short_author`."""
    segments = [s.strip() for s in _unbracketed(authors).split(";") if s.strip()]
    lead = segments[0] if segments else ""
    names = [n.strip() for n in lead.split(",") if n.strip()]
    first = _ET_AL.sub("", names[0]) if names else ""
    family_names = len(names) > 1 and all(len(n.split()) == 1 for n in names)
    if first and (_is_person(first) or _ET_AL.search(names[0]) or family_names):
        more = (
            len(names) > 1
            or bool(_ET_AL.search(names[0]))
            or any(_is_person(n.split(",")[0]) for n in segments[1:])
        )
        words = first.split()
        while len(words) > 1 and (_INITIALS.match(words[-1]) or words[-1] in _SUFFIXES):
            words.pop()  # 'Hayden JA' -> 'Hayden'; 'Harris CE 3rd' -> 'Harris'
        if len(words) > 2:  # an initial inside the name: 'da C Menezes Costa' -> 'da Menezes Costa'
            words = [w for w in words if not (len(w) == 1 and w.isupper())]
        return " ".join(words) + (" et al." if more else "")
    if lead and not _UNSHOWN.search(lead):
        return lead  # an organisation keeps its whole name, commas and all
    words = _unbracketed(title).split()  # no author shown: the title's first words
    return " ".join(words[:4]) + ("…" if len(words) > 4 else "") if words else "Unknown"


class Sourced(Strict):
    """Provenance for a number: a citation, or an honest 'estimate' with its reasoning."""

    source: Id | None = None
    estimate: str | None = Field(
        default=None, description="Why this is an estimate and how it was reached."
    )
    note: str | None = None

    @model_validator(mode="after")
    def _one_provenance(self) -> Sourced:
        if bool(self.source) == bool(self.estimate):
            raise ValueError("give exactly one of 'source' (a citation id) or 'estimate' (why)")
        return self

    @property
    def is_estimate(self) -> bool:
        return self.estimate is not None


class SourcedValue(Sourced):
    value: float


class PriorModifier(Sourced):
    """Multiply a condition's prior for people in an age band and/or of one sex."""

    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120, description="inclusive")
    sex: Literal["female", "male"] | None = None
    factor: float = Field(gt=0, le=1000)


class ConditionCard(Strict):
    typical_story: str
    nearly_always: list[str] = []
    nearly_never: list[str] = []


class Variant(Sourced):
    """One sub-type of a condition whose published series cover one sub-type at a time (a
    kidney stone or a kidney infection): docs/METHOD.md, "Variants". ``share`` is the
    sub-type's part of the condition's consulters (``source`` or ``estimate`` says why);
    ``modifiers`` multiply it by age band and sex, as a condition's prior_modifiers do."""

    id: Id
    name: str = Field(description="Plain-language name of the sub-type")
    share: Probability
    modifiers: list[PriorModifier] = []


class Condition(Strict):
    id: Id
    name: str = Field(description="Plain-language name a 12-year-old can read")
    clinical_name: str
    category: Literal[
        "muscle",
        "joint",
        "disc",
        "nerve",
        "stenosis",
        "bone",
        "inflammatory",
        "vascular",
        "hip",
        "visceral",
        "pregnancy",
        "nonspecific",
        "serious",
    ]
    serious: bool = False
    summary: str
    prior: SourcedValue
    prior_modifiers: list[PriorModifier] = []
    urgency: UrgencyName = Field(description="What suspicion of this condition calls for")
    act_at: Probability = Field(
        default=0.25, description="Probability at which the condition's urgency applies"
    )
    card: ConditionCard
    helps: list[str] = []
    seeds: list[str] = Field(default=[], description="SEEDS_CHECKLIST items this covers")
    variants: list[Variant] = Field(
        default=[], description="Sub-types whose answers differ (none: one kind of patient)"
    )


class Option(Strict):
    id: Id
    label: str


class Bin(Strict):
    """A numeric range that becomes one state of a number finding: lo <= x < hi."""

    id: Id
    label: str
    lo: float | None = None
    hi: float | None = None


class NumberSpec(Strict):
    unit: str
    min: float
    max: float
    bins: list[Bin]


class Clause(Strict):
    """A test on one answer. Exactly one of is / in / gte / lt."""

    finding: Id
    is_: str | None = Field(default=None, alias="is")
    in_: list[str] | None = Field(default=None, alias="in")
    gte: float | None = None
    lt: float | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_test(self) -> Clause:
        tests = [
            self.is_ is not None,
            self.in_ is not None,
            self.gte is not None or self.lt is not None,
        ]
        if sum(tests) != 1:
            raise ValueError(f"clause on {self.finding!r} needs exactly one of is / in / gte+lt")
        return self


class Match(Strict):
    """all / any of clauses (nested one level via `any_of` groups), and ``none``: clauses
    that must not hold. A ``none`` clause that is unanswered or "don't know" does not hold,
    so the match stands as it did before the question was asked (a rule fires on its other
    clauses); only an answer that says so sets it aside (session 24: night sweats without a
    fever, `night_sweats_only`)."""

    all: list[Clause] = []
    any: list[Clause] = []
    none: list[Clause] = []

    @model_validator(mode="after")
    def _non_empty(self) -> Match:
        if not self.all and not self.any:
            raise ValueError("a rule needs 'all' or 'any' clauses")
        return self


Topic = Literal[
    "about_you",
    "red_flag",
    "history",
    "pain_pattern",
    "walking",
    "legs",
    "nerves",
    "inflammatory",
    "other_causes",
    "habits",
    "selftest",
]


class Cluster(Strict):
    """A published cluster (clinical prediction rule) applied as one finding.

    The finding's state is the number of ``items`` that hold (its ``number`` bins, e.g. 0,
    1-3, 4-5), worked out from other answers; it is never asked. Where a condition's evidence
    file has a cell for the cluster (the study that published the rule), the engine applies
    the cluster's figures for that condition in place of multiplying its items' cells; the
    other conditions keep their item cells (docs/METHOD.md, "Clusters").
    """

    items: list[Match] = Field(min_length=2)
    source: Id = Field(description="The study that published the rule")


class Finding(Strict):
    id: Id
    question: str = Field(description="Plain words, second person, one idea")
    help: str | None = None
    clinical: str = Field(description="Precise label for clinicians")
    type: Literal["boolean", "choice", "number"]
    options: list[Option] = []
    number: NumberSpec | None = None
    topic: Topic
    screen: bool = Field(default=False, description="Part of the red-flag screen: always asked")
    ask: bool = Field(default=True, description="False for findings that only self-tests set")
    ask_if: Match | None = None
    plan_if: Match | None = Field(
        default=None,
        description="The personal plan needs this answer when the gate holds (for example walking "
        "time for the walking programme): asked before the interview ends, whatever its weight",
    )
    group: Id | None = Field(
        default=None, description="Findings in one group are correlated; their weights are damped"
    )
    checklist: Id | None = Field(
        default=None, description="Findings in one checklist are asked together as one question"
    )
    short: str | None = Field(default=None, description="Short label for a checklist item")
    cluster: Cluster | None = Field(
        default=None, description="A published cluster of other answers, applied as one finding"
    )

    @model_validator(mode="after")
    def _shape(self) -> Finding:
        if self.type == "choice" and len(self.options) < 2:
            raise ValueError(f"choice finding {self.id!r} needs at least two options")
        if self.type == "number" and self.number is None:
            raise ValueError(f"number finding {self.id!r} needs a 'number' spec")
        if self.type != "choice" and self.options:
            raise ValueError(f"only choice findings have options ({self.id!r})")
        if self.cluster is not None and (self.type != "number" or self.ask):
            raise ValueError(
                f"cluster finding {self.id!r} must be a number (its count) with ask: false"
            )
        if self.checklist and (self.type != "boolean" or not self.short):
            raise ValueError(
                f"checklist finding {self.id!r} must be yes/no and have a 'short' label"
            )
        return self

    @property
    def states(self) -> list[str]:
        if self.type == "boolean":
            return ["yes", "no"]
        if self.type == "choice":
            return [o.id for o in self.options]
        assert self.number is not None
        return [b.id for b in self.number.bins]


#: The one table of frequency words (docs/METHOD.md): a cited description's word -> probability.
FREQUENCY: dict[str, float] = {
    "almost always": 0.95,
    "usually": 0.80,
    "often": 0.50,
    "sometimes": 0.25,
    "occasionally": 0.10,
    "rarely": 0.03,
    "almost never": 0.01,
}
FrequencyWord = Literal[
    "almost always", "usually", "often", "sometimes", "occasionally", "rarely", "almost never"
]
#: comparison-group keyword: every condition except the cell's own
ALL_OTHER = "all_other"


class _Cell(Strict):
    when: list[str] | None = Field(
        default=None, description="Positive states (default [yes] for yes/no findings)"
    )
    note: str | None = None

    @property
    def source(self) -> str | None:
        return None

    @property
    def is_estimate(self) -> bool:
        return False


class StudyCell(_Cell):
    """A diagnostic study: P(positive | condition) = sens (or ``p`` where only LRs are given).

    ``vs`` is the study's comparison group (condition ids, or ``all_other``); the fidelity check
    compares the LR the engine applies in that contrast with the published one.
    """

    kind: Literal["study"] = "study"
    study: Id
    sens: Probability | None = None
    spec: Probability | None = None
    lr_pos: float | None = Field(default=None, gt=0, le=200)
    lr_neg: float | None = Field(default=None, ge=0, le=5)
    population: str
    vs: list[Id] = Field(default=[], description="Comparison group: condition ids or all_other")
    p: Probability | dict[str, Probability] | None = Field(
        default=None,
        description="P(state | condition): a number (P of the positive states) or one per state",
    )

    @model_validator(mode="after")
    def _figures(self) -> StudyCell:
        if self.sens is None and self.lr_pos is None and self.lr_neg is None:
            raise ValueError("a study cell needs sens, lr_pos or lr_neg")
        if self.spec is not None and self.sens is None:
            raise ValueError("spec without sens")
        if self.sens is None and self.p is None:
            raise ValueError("a study cell with only LRs needs 'p' (P(positive | condition))")
        if self.published_lrs() != (None, None) and not self.vs:
            raise ValueError("a study cell with a published LR needs its comparison group 'vs'")
        return self

    @property
    def source(self) -> str | None:
        return self.study

    def published_lrs(self) -> tuple[float | None, float | None]:
        """(LR+, LR-) as published, or as implied by the published sens and spec."""
        lr_pos, lr_neg = self.lr_pos, self.lr_neg
        if self.sens is not None and self.spec is not None:
            if lr_pos is None and self.spec < 1:
                lr_pos = self.sens / (1 - self.spec)
            if lr_neg is None and self.spec > 0:
                lr_neg = (1 - self.sens) / self.spec
        return lr_pos, lr_neg


class DescriptionCell(_Cell):
    """A cited clinical description's frequency word, mapped through FREQUENCY."""

    kind: Literal["description"] = "description"
    description: Id
    freq: FrequencyWord | dict[str, FrequencyWord]

    @property
    def source(self) -> str | None:
        return self.description


class EstimateCell(_Cell):
    """An estimate: P(positive | condition) (or one number per state) with a one-line reason."""

    kind: Literal["estimate"] = "estimate"
    estimate: Probability | dict[str, Probability]
    why: str = Field(min_length=3)

    @property
    def is_estimate(self) -> bool:
        return True


def _cell_kind(v: object) -> str | None:
    if isinstance(v, dict):
        for k in ("study", "description", "estimate", "variants"):
            if k in v:
                return k
        return None
    if isinstance(v, VariantsCell):
        return "variants"
    return getattr(v, "kind", None)


_PLAIN_CELLS = (
    Annotated[StudyCell, Tag("study")]
    | Annotated[DescriptionCell, Tag("description")]
    | Annotated[EstimateCell, Tag("estimate")]
)
PlainCell = Annotated[
    _PLAIN_CELLS,
    Discriminator(
        _cell_kind,
        custom_error_type="cell_kind",
        custom_error_message="a cell needs one of 'study', 'description' or 'estimate'",
    ),
]

#: how sure each kind of source is, weakest first: a split cell counts as its weakest part
KIND_ORDER = ("estimate", "description", "study")


class VariantsCell(Strict):
    """A cell split by sub-type (docs/METHOD.md, "Variants"): one ordinary cell per variant of
    the condition, each with its own source. The condition's own P(answer) is the mix of the
    parts by the variants' shares."""

    variants: dict[Id, PlainCell]
    note: str | None = None

    @property
    def kind(self) -> str:
        return min((c.kind for c in self.variants.values()), key=KIND_ORDER.index)

    @property
    def source(self) -> str | None:
        return None  # several: see `sources`

    @property
    def sources(self) -> list[str]:
        return [c.source for c in self.variants.values() if c.source]

    @property
    def is_estimate(self) -> bool:
        return self.kind == "estimate"

    @property
    def when(self) -> None:
        return None


Cell = Annotated[
    _PLAIN_CELLS | Annotated[VariantsCell, Tag("variants")],
    Discriminator(
        _cell_kind,
        custom_error_type="cell_kind",
        custom_error_message="a cell needs one of 'study', 'description', 'estimate' or 'variants'",
    ),
]


class ConditionEvidence(Strict):
    """One condition's evidence file: a cell for every finding (except age and sex)."""

    condition: Id
    cells: dict[Id, Cell]


class RedFlagRule(Strict):
    id: Id
    name: str
    when: Match
    urgency: UrgencyName
    suspect: list[Id] = Field(description="Conditions this rule raises concern for")
    advice: str = Field(description="Plain words: what to do now")
    clinician_note: str
    sources: list[Id] = Field(min_length=1)
    kind: Literal["warning_sign", "check_up"] = Field(
        default="warning_sign",
        description="check_up: a reason to be checked that is not, on its own, a sign of "
        "anything serious (such as pain that has lasted for weeks); shown to people as such",
    )

    @property
    def label(self) -> str:
        """How the rule is introduced to people: 'Warning sign' or 'Worth a check-up'."""
        return "Warning sign" if self.kind == "warning_sign" else "Worth a check-up"


class ContributingFactor(Strict):
    id: Id
    name: str
    summary: str
    indicators: Match
    evidence_note: str = Field(description="Honest one-line statement of how strong the link is")
    sources: list[Id] = []
    seeds: list[str] = []


class KnowledgeBaseFiles(Strict):
    """The raw contents of the data files, before cross-checks and compilation."""

    version: str
    citations: list[Citation]
    conditions: list[Condition]
    findings: list[Finding]
    evidence: list[ConditionEvidence]
    red_flags: list[RedFlagRule]
    factors: list[ContributingFactor] = []
    phrases: list[PhraseSet | ContextTrigger] = []


# ------------------------------------------------------------------ free-text intake (phrases.yaml)

#: Phrase syntax (see docs/METHOD.md): words separated by spaces, matched without regard to case;
#: ``a|b`` alternatives for one word, ``word*`` any word starting so, ``word?`` an optional word,
#: ``...`` up to three other words.
Phrase = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^A-Z{}\[\]]+$")]


class PhraseSet(Strict):
    """Words people use for one answer to one finding (or, for a number finding, the words that
    tie a quantity in the same sentence to it)."""

    finding: Id
    answer: str | None = Field(
        default=None, description="State id (yes/no or an option); omitted for number findings"
    )
    phrases: list[Phrase] = Field(min_length=1)
    not_phrases: list[Phrase] = Field(
        default_factory=list,
        description="Words that hold one of these phrases but mean something else: a match "
        "that overlaps one of them does not count ('I run a shop' is not running); for a number "
        "finding, words that end just before the number make it not this finding's ('sit for "
        "20 minutes' is not a walking time)",
    )
    history_counts: bool = Field(
        default=False, description="A past mention still answers it (e.g. cancer in the past)"
    )
    family_counts: bool = Field(
        default=False,
        description="A relative's mention answers it (the question asks about family)",
    )
    negation_counts: bool = Field(
        default=True,
        description="A 'no' before these words answers the finding 'no'. False for words that "
        "can mean something else ('I haven't had an accident' may mean a crash): such a 'no' is "
        "asked about, never taken",
    )
    part: str | None = Field(
        default=None,
        description="For a question of several parts: the part these words are about, in plain "
        "words ('your bowels', 'smoking'). A 'no' to one part alone answers nothing: the "
        "question is answered 'no' only when every part of it is",
    )


class ContextTrigger(Strict):
    """Words that change what a nearby mention means (the ConText idea: negated, uncertain, in the
    past, about someone else), that end a trigger's reach (``terminate``), or that look like a
    trigger and are not one (``pseudo``: the "not" of "not only", the "no" of "no matter how",
    the "n't ... without" of "can't walk far without stopping"). A pseudo trigger changes
    nothing itself; the shorter triggers inside it are dropped."""

    context: Literal["negated", "uncertain", "historical", "family", "terminate", "pseudo"]
    direction: Literal["forward", "backward", "both"] = "forward"
    scope: int = Field(default=8, ge=1, le=40, description="Reach in words")
    phrases: list[Phrase] = Field(min_length=1)
    ends: list[Literal["negated", "uncertain", "historical", "family"]] | None = Field(
        default=None,
        description="A terminator that ends only these categories (a comma ends 'maybe' but "
        "not 'no': 'no fever, weight loss or numbness'); all of them when omitted",
    )

    @model_validator(mode="after")
    def _ends_only_on_terminators(self) -> ContextTrigger:
        if self.ends is not None and self.context != "terminate":
            raise ValueError("'ends' belongs only on a 'terminate' entry")
        return self


class PhraseEntry:
    """Validate one entry of phrases.yaml as a trigger (``context:``) or a phrase set."""

    @staticmethod
    def model_validate(data: object) -> PhraseSet | ContextTrigger:
        if isinstance(data, dict) and "context" in data:
            return ContextTrigger.model_validate(data)
        return PhraseSet.model_validate(data)
