"""Plain English -> findings: a blank spaCy English pipeline (tokenizer and sentence splitter,
no trained model), phrase matching from phrases.yaml, and a ConText-style pass that marks each
mention negated, uncertain, in the past or about someone else.

Needs the optional part ``nlp`` (spaCy). Nothing here does I/O.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from backstride import limits
from backstride.intake.clean import Cleaned, capped_words, cleaned
from backstride.intake.dates import MONTHS, find_dates
from backstride.intake.literals import Literals
from backstride.intake.patterns import NEGATION_WORDS, compile_phrase, literal_forms, norm, to_norm
from backstride.intake.quantities import Quantity, find_quantities, sex_cues
from backstride.intake.typos import Typos, vocabulary
from backstride.knowledge.kb import KnowledgeBase
from backstride.knowledge.schema import ContextTrigger, PhraseSet

MAX_CHARS = limits.MAX_FREE_TEXT_CHARS
#: words either side of a list read with each of its items (more than a context word reaches:
#: ``ContextTrigger.scope`` is at most 40)
LIST_REACH = 60
#: list items read one by one in a text; a real description has a handful
MAX_LIST_ITEMS = 40
#: a clinician's shorthand for a length of time says by itself that it is one: "3/52", "2/12"
SHORTHAND_UNITS = frozenset({"/52", "/12", "/7"})
#: a number read from the text must sit this close (in words) to its context word
NUMBER_REACH = 3
#: the answer of a date that could not be used: never a number, so nothing can count it
UNKNOWN_ANSWER = "unknown"
DURATION_WORDS = {"pain", "hurt", "hurts", "hurting", "ache", "aching", "back", "it", "started",
                  "began", "sciatica", "sore", "this", "had", "legs", "problem", "trouble",
                  "symptoms", "hx", "lbp", "twinge", "niggle", "niggling", "lumbago", "leg",
                  "sx"}  # fmt: skip
#: words that begin a statement rather than a list item: after "no fever," a warning sign said
#: this way ("lost control of my bladder", "numb down below") is not taken as denied
STATEMENT_WORDS = {"lost", "lose", "wet", "numb", "ca", "cannot", "can", "gone", "keep", "kept",
                   "felt", "feel", "feels", "got", "had", "been", "went", "go", "goes", "peed",
                   "weed", "pooed", "soiled", "leaked", "dropped", "my", "it", "now", "still",
                   "also", "just", "really", "suddenly", "recently", "lately"}  # fmt: skip
#: words that may stand between a context word and its number without breaking the tie: "for
#: the best part of a year", "since well over a month", "for nearly 3 weeks"
LEAD_FILLER = {"the", "best", "better", "part", "of", "nearly", "almost", "about", "around",
               "roughly", "approximately", "over", "well", "just", "under", "a", "good",
               "getting", "going", "coming", "on", "up", "to", "at", "least", "more", "than",
               "bit", "little", "easily", "maybe"}  # fmt: skip
#: a sentence that is nothing but a length of time ("about a fortnight now", "six weeks or so")
#: answers how long, as a reply to the question would
BARE_DURATION = LEAD_FILLER | {"now", "so", "or", "ish", "it", "'s", "s", "is", "been", "has",
                               "for", "since", "ago", "i", "'ve", "ve", "have", "past", "last",
                               "already", "odd", "off", "and", "then", "again", "yonks"}  # fmt: skip


#: words that show the text is the writer's own story ...
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "im", "ive", "i'm", "i've"})
#: the writer as the subject of a clause ("I", "I've", "I'm")
SUBJECT_I = frozenset({"i", "im", "ive", "i'm", "i've"})
#: someone's opinion of the writer: "my husband thinks I've got sciatica" is his, not a fact
OPINION = frozenset({"thinks", "think", "thought", "reckons", "reckoned", "believes", "believe",
                     "suspects", "wonders", "wondered", "worries", "worried", "feels", "fears",
                     "guesses", "suggested", "suggests", "wants", "says", "said", "tells",
                     "told", "noticed", "notices", "saw", "sees"})  # fmt: skip
#: ... without them, "he" and "she" are the person the text is about
THEY = frozenset({"he", "she"})

#: how far someone else's story may run in one sentence while the writer says nothing of
#: themselves ("my neighbour said her back pain turned out to be a tumour")
FAMILY_REACH = 16

#: a time in the past that opens its sentence ("Years ago, ...") dates it up to these words
PRESENT_WORDS = frozenset({"now", "nowadays", "currently", "lately", "recently", "today",
                           "presently", "anymore", "since"})  # fmt: skip
#: ... or up to a terminator that begins with one of these
CLAUSE_TURNS = frozenset({"but", "however", "although", "though", "whereas", "except", ";",
                          "apart", "other"})  # fmt: skip
#: the first word of an "in the past" trigger that points back at what was said before it:
#: "that's long gone", "it cleared up", "which went away"
BACK_POINTERS = frozenset({"that", "it", "which", "this", "they", "those", "all"})
#: how many words back such a trigger reaches within its sentence
RESOLVED_REACH = 16

#: symptoms with a time of their own: a length of time said of one of them ("the numbness
#: started 3 days ago") is that symptom's, not how long the pain has lasted
OWN_TIME = frozenset({"leg_numbness", "saddle_numbness", "incontinence", "urinary_retention",
                      "ces_screen", "leg_weakness_worsening", "new_both_legs",
                      "new_leg_nerve_symptoms", "fever", "weight_loss", "sexual_function_change",
                      "hands_clumsy_numb", "gait_worsening", "unsteady_wide_gait",
                      "leg_swollen_one_side", "visible_blood_in_urine", "urinary_symptoms",
                      "both_feet_numb_at_rest", "unwell", "one_side_rash", "diabetes",
                      "vascular_risk", "nausea_vomiting", "pregnant", "bone_fragility"})  # fmt: skip
#: words after a leg's symptom that say it is newer than the pain: "... is more recent", "...,
#: never had that before" (never "not new", "isn't newer")
NEWER = re.compile(
    r"(?<!not )(?<!n't )\b(?:(?:i\s*(?:'ve|have)\s+|i\s*ve\s+|ive\s+)?never\s+(?:had|felt)\s+"
    r"(?:that|this|it|them|anything\s+like\s+(?:that|this|it))\s+(?:before|b4)"
    r"|(?:which|that)\s+(?:i\s*(?:'ve|have)\s+|i\s*ve\s+|ive\s+)?never\s+(?:had|felt)\s+(?:before|b4)"
    r"|newer\s+than|more\s+recent(?:ly)?|(?:is|are)\s+(?:quite\s+|brand\s+|all\s+)?new(?:er)?\b"
    # "... is only a few days old", "are just two weeks old"
    r"|(?:is|are|'s)\s+(?:only|just)\s+(?:a\s+few|a\s+couple\s+of|a|\w+)\s+(?:days?|weeks?)\s+old\b)",
    re.IGNORECASE,
)
#: the same said before the symptom, in its sentence: "and more recently, say a month, my feet
#: have gone numb"
EARLIER_NEWER = re.compile(r"\b(?:more\s+recently|newer\s+still|since\s+then)\b", re.IGNORECASE)
#: a span counted back from now ("this last fortnight", "these past few days", "over the last
#: week"): said beside unsteadiness, it is a change, not how long it has been so
LATELY = re.compile(r"\b(?:this|these|the|over|in)\s+(?:\w+\s+)?(?:last|past)\b", re.IGNORECASE)
#: how recent a time beside unsteady walking makes it walking that is getting worse quickly
RECENT_WEEKS = 6.0
#: words that put a leg's symptom in both legs: said of a symptom new since the pain, it is
#: new in both legs ("the tingling in both feet is newer than the back pain")
BOTH_SIDES = re.compile(r"\b(?:both|bilateral|bilat|b/l)\b", re.IGNORECASE)
#: ... of these, the leg's nerve symptoms: begun after the pain, they are new since it began
LEG_NERVES = frozenset({"leg_numbness", "leg_weakness_worsening", "new_both_legs"})
#: words that say the time is the pain's own ("back pain for years", "sore since Friday")
PAIN_WORDS = frozenset({"pain", "pains", "painful", "hurt", "hurts", "hurting", "ache", "aches",
                        "aching", "achy", "sore", "soreness", "sciatica", "twinge", "niggle",
                        "niggling", "lumbago", "lbp", "back", "backache", "stiff", "stiffness",
                        "spasm", "spasms", "agony", "bk"})  # fmt: skip
#: words that end the clause a length of time belongs to
CLAUSE_ENDS = frozenset({",", ";", ":", "and", "but", "however", "although", "though", "whereas",
                         "while", "whilst", "-", "–"})  # fmt: skip

#: the last word of a "no" said after a symptom that makes it a "no" of now, whatever was so
#: before it ("used to ... but not now", "... but it doesn't anymore")
NOT_NOW = frozenset({"now", "anymore", "more", "nowadays", "days", "lately", "recently"})

#: the "no" words that, opening a target, still negate a list that follows it
LIST_NOS = frozenset({"no", "none", "never", "without", "neither", "nor"})


@dataclass(frozen=True)
class Mention:
    finding: str
    answer: str | float  # state id, or a number in the finding's unit
    text: str
    start: int
    end: int
    negated: bool = False
    uncertain: bool = False
    historical: bool = False
    experiencer: str = "self"  # "self" or "other"
    red_flag: bool = False
    applies: bool = True  # False: asked about, not set (uncertain, someone else, conflicting)
    why_not: str | None = None
    question: str = ""
    says: str = ""
    part: str | None = None  # the part of a question of several parts it speaks of

    def to_dict(self) -> dict[str, Any]:
        return {
            "finding": self.finding,
            "answer": self.answer,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "negated": self.negated,
            "uncertain": self.uncertain,
            "historical": self.historical,
            "experiencer": self.experiencer,
            "red_flag": self.red_flag,
            "applies": self.applies,
            "why_not": self.why_not,
            "question": self.question,
            "says": self.says,
        }


@dataclass(frozen=True)
class ParseResult:
    text: str
    status: str  # "ok", "nothing_found", "not_understood"
    message: str
    mentions: list[Mention] = field(default_factory=list)

    def answers(self) -> dict[str, str | float]:
        """What the text answers outright (finding -> value); uncertain mentions left out."""
        return {m.finding: m.answer for m in self.mentions if m.applies}

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "message": self.message,
            "mentions": [m.to_dict() for m in self.mentions],
        }


MESSAGES = {
    "ok": "Here is what we understood. Please check it.",
    "nothing_found": "We did not find anything in that we could use. The questions will cover it.",
    "not_understood": (
        "We could not make sense of that. It may not be in English, or it may be too short. "
        "The questions will cover everything."
    ),
}


class _Both:
    """A token Matcher and the literal phrases (``intake.literals``) used as one."""

    def __init__(self, vocab: Any):
        from spacy.matcher import Matcher

        self.matcher, self.phrases = Matcher(vocab), Literals(vocab.strings)

    def add(self, key: str, patterns: list[Any], forms: list[list[str]]) -> None:
        if patterns:
            self.matcher.add(key, patterns)
        if forms:
            self.phrases.add(key, forms)

    def __call__(self, doc: Any) -> list[tuple[int, int, int]]:
        out = list(self.matcher(doc)) if len(self.matcher) else []
        return out + (list(self.phrases(doc)) if len(self.phrases) else [])


@dataclass
class _Target:
    phrase_set: PhraseSet
    start: int  # token offsets
    end: int


class Parser:
    """Compiled once per knowledge base (``parser_for``)."""

    def __init__(self, kb: KnowledgeBase):
        import spacy

        self.kb = kb
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";", "\n"]})
        vocab = self.nlp.vocab
        # literal phrases go to the fast Literals; those with gaps or prefixes to the Matcher
        self.targets = _Both(vocab)
        self.not_targets = _Both(vocab)
        self.triggers = _Both(vocab)
        self.sets: dict[str, PhraseSet] = {}
        self.rules: dict[str, ContextTrigger] = {}
        self.number_context: dict[str, _Both] = {}
        #: words just before a number that make it another activity's: "sit for 20 minutes"
        self.number_not: dict[str, _Both] = {}

        split: dict[str, list[str]] = {}  # the same words recur across phrases

        def tok(s: str) -> list[str]:
            if s.startswith("'") and " " not in s:  # a contraction's tail: 'm, 've, 're
                return [s]
            if s not in split:
                split[s] = [t.text for t in self.nlp.make_doc(s)]
            return list(split[s])

        def compiled(phrases: list[str]) -> tuple[list[Any], list[list[str]]]:
            patterns: list[Any] = []
            literals: list[list[str]] = []
            for ph in phrases:
                forms = literal_forms(ph, tok)
                if forms is None:
                    patterns += [to_norm(p) for p in compile_phrase(ph, tok)]
                else:
                    literals += forms
            return patterns, literals

        self.typos = Typos(
            vocabulary(
                ph
                for entry in kb.phrases
                for ph in [*entry.phrases, *(getattr(entry, "not_phrases", None) or [])]
            )
        )
        for i, entry in enumerate(kb.phrases):
            key = f"p{i}"
            patterns, docs = compiled(entry.phrases)
            if isinstance(entry, ContextTrigger):
                self.rules[key] = entry
                self.triggers.add(key, patterns, docs)
            elif kb.findings[entry.finding].type == "number":
                m = self.number_context.setdefault(entry.finding, _Both(vocab))
                m.add(key, patterns, docs)
                if entry.not_phrases:
                    n = self.number_not.setdefault(entry.finding, _Both(vocab))
                    n.add(key, *compiled(entry.not_phrases))
            else:
                self.sets[key] = entry
                self.targets.add(key, patterns, docs)
                if entry.not_phrases:
                    self.not_targets.add(key, *compiled(entry.not_phrases))

    # ------------------------------------------------------------------ public
    def parse(self, text: str, today: date | None = None, for_someone: bool = False) -> ParseResult:
        text = check_text(text)
        read = cleaned(text)  # invisible characters, look-alike letters, odd spaces (.clean)
        read = capped_words(read, limits.MAX_WORD_CHARS)  # bounds spaCy's work (.clean)
        plain = _dictation(_queries(read.text))
        doc = self._doc(plain, for_someone)
        mentions = self._read(doc, today)
        mentions += self._listed(doc, today, for_someone)
        mentions += self._recent_both(doc, mentions)  # over the whole text: lists read apart
        mentions = _resolve(_farthest(self.kb, _partial_no(self.kb, mentions)))
        status = "ok" if mentions else "nothing_found" if _looks_english(doc) else "not_understood"
        return ParseResult(
            text, status, MESSAGES[status], [_typed(m, read, text) for m in mentions]
        )

    def _doc(self, text: str, for_someone: bool = False, whole: Any = None) -> Any:
        """``whole``: the whole text's doc, when ``text`` is a part of it read on its own."""
        doc = _normed(_abbreviations_join(self.nlp(text)))
        doc.user_data["whole"] = doc if whole is None else whole
        for t in doc:  # "pins and neeldes": matched as "needles" (intake.typos)
            if t.norm_ == t.lower_ and (fix := self.typos.fix(t.lower_)) is not None:
                t.norm_ = fix
        doc.user_data["for_someone"] = for_someone
        return doc

    def _read(self, doc: Any, today: date | None = None) -> list[Mention]:
        targets = self._targets(doc)
        hits = self._trigger_hits(doc, targets) + _past_years(doc, today)
        # a pseudo trigger that begins before a target and takes its first word takes it apart:
        # "not just my back" does not say "just my back"
        pseudo = [(s, e) for r, s, e in hits if r.context == "pseudo"]
        targets = [t for t in targets if not any(s < t.start < e for s, e in pseudo)]
        mentions = [
            self._mention(doc, t, self._context(doc, t.start, t.end, hits)) for t in targets
        ]
        doc.user_data["own_times"] = []
        times = self._numbers(doc, targets, hits) + self._dates(doc, targets, hits, today)
        return (
            mentions
            + times
            + (self._new_since(doc, mentions, times) or self._said_newer(doc, mentions))
            + self._recent_unsteady(doc, mentions, times)
            + self._sex(doc, hits)
        )

    def _recent_unsteady(
        self, doc: Any, mentions: list[Mention], times: list[Mention]
    ) -> list[Mention]:
        """Unsteady walking said with a time of days or a few weeks in the same sentence ("this
        last fortnight I've been holding on to everything") is walking getting worse quickly
        (a warning sign, only ever raised this way)."""
        fid = "gait_worsening"
        if fid not in self.kb.findings:
            return []
        for m in mentions:
            if m.finding != "unsteady_wide_gait" or not m.applies or m.answer != "yes":
                continue
            sent = _sentence_of(doc, m)
            if sent is None:
                continue
            lo, hi = sent.start_char, sent.end_char
            for t in times:
                recent = (
                    isinstance(t.answer, float)
                    and t.answer <= RECENT_WEEKS
                    and LATELY.search(doc.text[max(0, t.start - 16) : t.end]) is not None
                )
                if t.finding == "duration_weeks" and recent and lo <= t.start < hi:
                    a, b = min(m.start, t.start), max(m.end, t.end)
                    return [self._make(fid, "yes", doc.text[a:b], a, b)]
        return []

    def _recent_both(self, doc: Any, mentions: list[Mention]) -> list[Mention]:
        """Weakness or numbness said of both legs or feet with a time of days or a few weeks
        in the same sentence ("since one week ... my both legs are becoming weak") has come in
        both legs lately (a warning sign, only ever raised this way; without a time, "both my
        legs are getting weaker" says nothing of when)."""
        fid = "new_both_legs"
        if fid not in self.kb.findings:
            return []
        for m in mentions:
            if m.finding not in LEG_NERVES - {fid} or not m.applies or m.answer != "yes":
                continue
            sent = _sentence_of(doc, m)
            if sent is None:
                continue
            lo, hi = sent.start_char, sent.end_char
            if BOTH_SIDES.search(doc.text, max(lo, m.start - 24), min(hi, m.end + 24)) is None:
                continue
            for t in mentions:
                recent = isinstance(t.answer, float) and t.answer <= RECENT_WEEKS
                if t.finding == "duration_weeks" and recent and lo <= t.start < hi:
                    a, b = min(m.start, t.start), max(m.end, t.end)
                    return [self._make(fid, "yes", doc.text[a:b], a, b)]
        return []

    def _new_since(self, doc: Any, mentions: list[Mention], times: list[Mention]) -> list[Mention]:
        """A leg's numbness, tingling or weakness whose own time is shorter than the pain's
        ("back pain for years, but the numbness in my leg started 3 days ago") began after the
        pain: it is new since the pain began (a warning sign, only ever raised this way)."""
        fid = "new_leg_nerve_symptoms"
        if fid not in self.kb.findings:
            return []
        pain = [m.answer for m in times if m.finding == "duration_weeks" and m.applies]
        if len(set(pain)) != 1 or not isinstance(pain[0], float):
            return []
        said = {m.finding for m in mentions if m.applies and m.answer == "yes"}
        for finding, weeks, start, end in doc.user_data.get("own_times", []):
            if finding in LEG_NERVES and finding in said | {"new_both_legs"} and weeks < pain[0]:
                new = self._make(fid, "yes", doc.text[start:end], start, end)
                return [new, *self._both(doc, new, weeks <= RECENT_WEEKS)]
        return []

    def _both(self, doc: Any, new: Mention, recent: bool = True) -> list[Mention]:
        """A leg symptom new since the pain, said in a sentence that puts it in both legs or
        feet, is new in both legs (only ever raised; ``recent``: within the last few weeks)."""
        fid = "new_both_legs"
        sent = _sentence_of(doc, new)
        if fid not in self.kb.findings or sent is None or not recent:
            return []
        if BOTH_SIDES.search(doc.text, sent.start_char, sent.end_char) is None:
            return []
        return [self._make(fid, "yes", new.text, new.start, new.end)]

    def _said_newer(self, doc: Any, mentions: list[Mention]) -> list[Mention]:
        """A leg's numbness, tingling or weakness said in its own sentence to be newer than the
        pain or never had before ("the tingling in my feet is more recent", "my leg went numb
        on Sunday, never had that before"): new since the pain began (only ever raised)."""
        fid = "new_leg_nerve_symptoms"
        if fid not in self.kb.findings:
            return []
        for m in mentions:
            if m.finding not in LEG_NERVES or not m.applies or m.answer != "yes":
                continue
            sent = _sentence_of(doc, m)
            if sent is None:
                continue
            said = NEWER.search(doc.text, m.end, sent.end_char)
            before = EARLIER_NEWER.search(doc.text, sent.start_char, m.start)
            if said is None and before is not None:
                a, b = before.start(), m.end
                new = self._make(fid, "yes", doc.text[a:b], a, b)
                return [new, *self._both(doc, new)]
            if said is not None:
                a, b = m.start, said.end()
                new = self._make(fid, "yes", doc.text[a:b], a, b)
                return [new, *self._both(doc, new)]
        return []

    def _time_owner(self, doc: Any, span: Any, targets: list[_Target]) -> _Target | None:
        """The symptom other than the pain that a length of time is said of, or None when it is
        the pain's (or nothing says whose): the symptom in its own clause ("the numbness in my
        leg started 3 days ago"), when no word of pain is; a time that opens its clause is said
        of what follows it ("since three days I am not able to feel ..."), and one alone in its
        clause of the clause before (", maybe 2 months")."""
        sent = span.sent
        own = [t for t in targets if t.phrase_set.finding in OWN_TIME]

        def inside(i: int) -> bool:
            return any(t.start <= i < t.end for t in targets)

        def clause(i: int, step: int) -> tuple[int, int]:
            stop = sent.start if step < 0 else sent.end
            j = i
            while j != stop and not (
                (w := doc[j if step > 0 else j - 1]).lower_ in CLAUSE_ENDS and not inside(w.i)
            ):
                j += step
            return (j, i) if step < 0 else (i, j)

        def read(lo: int, hi: int) -> tuple[_Target | None, bool]:
            sym = next((t for t in own if t.start < hi and lo < t.end), None)
            pain = any(
                doc[i].lower_ in PAIN_WORDS
                and not any(t.start <= i < t.end for t in own)
                and not (doc[i].lower_ == "back" and i + 1 < hi and doc[i + 1].lower_ == "of")
                for i in range(lo, hi)
            )
            return sym, pain

        if span.end < sent.end and doc[span.end].lower_ == "of" and read(*clause(span.end, 1))[1]:
            return None  # "three weeks of sharp lumbar pain"
        lo, hi = clause(span.start, -1)
        sym, pain = read(lo, hi)
        ahead = span.end  # what follows, past the comma or "and" that ends the time's clause
        while ahead < sent.end and doc[ahead].lower_ in CLAUSE_ENDS:
            ahead += 1
        if sym is None and not pain and lo > sent.start:
            nlo, nhi = clause(span.end, 1)
            sym, pain = read(nlo, nhi)
            if sym is None and not pain and nlo < nhi < sent.end and doc[nhi].lower_ == "and":
                # "for the past fortnight I've been going to the toilet and not able to empty"
                sym, pain = read(*clause(nhi + 1, 1))
            if sym is None and not pain:
                sym, pain = read(*clause(lo - 1, -1))
            if sym is None and not pain and ahead > span.end:
                sym, pain = read(*clause(ahead, 1))  # ", say a month, my feet have gone numb"
        elif sym is None and not pain and span.start - sent.start <= 1:
            # a time that opens the sentence is the pain's ("Since last night she can't pass
            # urine"), unless a leg's own numbness or weakness follows it with no word of pain:
            # "This last week the pins and needles in my left leg, ..."
            sym, pain = read(*clause(ahead, 1))
            if sym is not None and sym.phrase_set.finding not in LEG_NERVES:
                sym = None
        return None if pain else sym

    def _sex(self, doc: Any, hits: list[tuple[ContextTrigger, int, int]]) -> list[Mention]:
        """A clinician's shorthand for the person's sex: "68M", "in her forties"."""
        if "sex" not in self.kb.findings:
            return []
        out = []
        for start, end, sex in sex_cues(doc.text):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            ctx = self._context(doc, span.start, span.end, hits)
            why = "this seems to be about someone else" if "family" in ctx else None
            out.append(self._make("sex", sex, doc.text[start:end], start, end, why_not=why))
        # a carer writing for "my mum" or "my dad" says the person's sex with the word
        who = carer_of(doc.user_data.get("whole", doc), doc.user_data.get("for_someone", False))
        if who and RELATIONS.get(who) and not out:
            said = re.search(rf"\b(?:my\s+)?{re.escape(who)}\b", doc.text, re.IGNORECASE)
            if said:
                out.append(self._make("sex", RELATIONS[who], said[0], *said.span()))
        return out

    def _listed(
        self, doc: Any, today: date | None = None, for_someone: bool = False
    ) -> list[Mention]:
        """Lists of activities that share what is said of them: "standing, walking and going
        downhill make it worse" is read as "standing make it worse", "walking make it
        worse" and so on, each with the rest of the sentence (its "no"s included). Each
        mention quotes the original words, from the item to the end of what it matched.

        Each item is read within its sentence, and at most ``LIST_REACH`` words either side of
        the list (farther than any context word reaches), so the work grows with the text, not
        with its square; what the whole text says of its writer (``written_about``) still
        comes from the whole text. At most ``MAX_LIST_ITEMS`` items are read this way."""
        text = doc.text
        out: list[Mention] = []
        items_read = 0
        for m in _LIST.finditer(text):
            start, end = m.span("items")
            items = [
                (i.start() + start, i.end() + start)
                for i in _ITEM_RX.finditer(text[start:end])
                if i.group(0).lower() not in _NOT_ITEMS
            ]
            if items and _MEASURED.search(text[: items[0][0]]):
                items = items[1:]  # "after 200 metres of walking and sitting eases it": the
                # walking ends the distance's clause, it is not one of the things that ease it
            if len(items) < 2:
                continue
            if items_read + len(items) > MAX_LIST_ITEMS:
                break  # a text of lists upon lists: the plain reading covers the rest
            items_read += len(items)
            rest = text[end:]
            verb = _PLURAL.match(rest)  # "... and walking make it worse": one item "makes"
            tail = None if verb else _TAIL.match(rest)
            if tail:  # the last item's own words: "... and getting up from a chair make it worse"
                end += tail.end()
                items[-1] = (items[-1][0], end)
                rest = text[end:]
                verb = _PLURAL.match(rest)
            v0, v1 = verb.span() if verb else (0, 0)
            w0, w1 = _window(doc, start, end)
            rest = text[end : max(w1, end + v1)]
            one = " " + _SINGULAR[verb.group(1).lower()] if verb else ""
            rest2 = rest[:v0] + one + rest[v1:] if verb else rest
            grow = len(rest2) - len(rest)

            def back(p2: int, v0: int = v0, v1: int = v1, grow: int = grow) -> int:
                """A position in the rewritten rest -> the same place in the original."""
                return p2 if p2 <= v0 else v1 if p2 < v1 + grow else p2 - grow

            for a, b in items:
                item = text[a:b]
                synthetic = text[w0:start] + item + rest2
                lo, hi = start - w0, start - w0 + len(item)  # the item's place in ``synthetic``
                for x in self._read(self._doc(synthetic, for_someone, whole=doc), today):
                    if not (x.start < hi and lo < x.end):
                        continue  # not about this item: the plain reading has it
                    s0 = x.start + w0 if x.start < lo else a
                    e0 = end + back(x.end - hi) if x.end > hi else b
                    out.append(Mention(**{**x.__dict__, "start": s0, "end": e0,
                                          "text": text[s0:e0]}))  # fmt: skip
        return out

    # ------------------------------------------------------------------ matching
    def _targets(self, doc: Any) -> list[_Target]:
        strings = self.nlp.vocab.strings
        found: list[_Target] = []
        # a set's not_phrases ("run a shop") cancel its matches that overlap them ("I run")
        excluded: dict[str, list[tuple[int, int]]] = {}
        for key, s, e in self.not_targets(doc):
            excluded.setdefault(strings[key], []).append((s, e))
        for key, s, e in self.targets(doc):
            name = strings[key]
            if any(xs < e and s < xe for xs, xe in excluded.get(name, ())):
                continue
            found.append(_Target(self.sets[name], s, e))
        # within one answer, keep the longest of overlapping matches; within one finding, drop
        # a match inside a longer one: "tried smoking once" is not "smoking"
        found.sort(key=lambda t: (t.start, -(t.end - t.start)))
        kept: list[_Target] = []
        for t in found:
            same = [
                k
                for k in kept
                if (k.phrase_set is t.phrase_set and k.start < t.end and t.start < k.end)
                or (
                    k.phrase_set.finding == t.phrase_set.finding
                    and k.start <= t.start
                    and t.end <= k.end
                    and k.end - k.start > t.end - t.start
                )
            ]
            if same:
                continue
            kept.append(t)

        # a phrase that holds its own "no" wins over an overlapping phrase of the same finding
        # without one: in "it never wakes me up at night" the "never" belongs to "it never
        # wakes me up" (a "no"), so "wakes me up at night" must not stand as a "yes"
        def says_no(t: _Target) -> bool:
            return any(w.norm_ in NEGATION_WORDS for w in doc[t.start : t.end])

        return [
            t
            for t in kept
            if says_no(t)
            or not any(
                k.phrase_set.finding == t.phrase_set.finding
                and k.phrase_set.answer != t.phrase_set.answer
                and k.start < t.end
                and t.start < k.end
                and says_no(k)
                for k in kept
            )
        ]

    def _trigger_hits(
        self, doc: Any, targets: list[_Target]
    ) -> list[tuple[ContextTrigger, int, int]]:
        hits = [(self.rules[doc.vocab.strings[k]], s, e) for k, s, e in self.triggers(doc)]
        whole = doc.user_data.get("whole", doc)  # who is writing: the whole text says
        if not any(t.lower_ in FIRST_PERSON for t in whole):
            # written wholly about one person ("she has numbness ..."): a carer's or a
            # clinician's words; "he" and "she" are that person, not someone else
            # ("Dad is 76, diabetic, ...": the relation the text is about is that person too)
            who = carer_of(whole, doc.user_data.get("for_someone", False))
            hits = [
                h
                for h in hits
                if h[0].context != "family"
                or not (
                    doc[h[1]].lower_ in THEY
                    or (who and {w.lower_ for w in doc[h[1] : h[2]]} - {"my"} == {who})
                )
            ]
        elif (who := carer_of(whole, doc.user_data.get("for_someone", False))) is not None:
            # a carer's words about one person ("my dad is 82 and he can't walk far"): that
            # person's own words stand for the text; anyone else named ("her sister had
            # cancer") is still someone else. Sentence by sentence: one where the writer speaks
            # of themselves ("I have a bad back myself") is the writer's, and "he" in it is not
            # the writer
            hits = [
                h
                for h in hits
                if h[0].context != "family"
                or own_words(doc[h[1]].sent)
                or not (
                    doc[h[1]].lower_ in THEY
                    or {w.lower_ for w in doc[h[1] : h[2]]} - {"my"} == {who}
                )
            ]

        def inside(h: tuple[ContextTrigger, int, int]) -> bool:
            # a trigger inside a target's own words ("can't feel ...") is part of that target;
            # a terminator is dropped only when wholly inside one: ", walking" still ends a
            # "maybe" before "walking uphill is worse"
            # a pseudo trigger stays even across a target: "can't walk far without" holds the
            # target "can't walk far" and keeps the "without" after it from being a "no"
            # a "no" that opens a target ("no leg pain") is part of it, and also still the
            # "no" of a list after it: "no leg pain or tingling" (it cannot reach the target
            # it opens, which starts before the "no" ends)
            if h[0].context == "pseudo":
                return False
            if h[0].context == "terminate":
                return any(t.start <= h[1] and h[2] <= t.end for t in targets)
            over = [t for t in targets if t.start < h[2] and h[1] < t.end]
            if h[0].context == "uncertain":
                # a hedge that holds a target's words and goes on past them is still a hedge:
                # in "I'm scared it's cancer" the "scared" is also said (distress)
                return any(t.start <= h[1] and h[2] <= t.end for t in over)
            # "are fine" at the end of a phrase that says "no" itself ("bowels are fine") still
            # looks back: "my bladder and bowels are fine" is a "no" to both
            if h[0].context == "negated" and h[0].direction == "backward":
                return any(t.phrase_set.answer != "no" for t in over)
            if (
                h[0].context == "negated"
                and " ".join(w.norm_ for w in doc[h[1] : h[2]]) in LIST_NOS
            ):
                return any(t.start != h[1] for t in over)
            return bool(over)

        hits = [h for h in hits if not inside(h)]

        def within(h: tuple[ContextTrigger, int, int]) -> bool:
            # a word of a longer trigger of another kind is that trigger's: the "not" of "not
            # sure whether my foot drags" is unsure, not a "no" (a hedge that also says "no",
            # "I don't think", is listed under both)
            return h[0].context != "terminate" and any(
                o[0].context not in ("terminate", h[0].context)
                and o[1] <= h[1]
                and h[2] <= o[2]
                and o[2] - o[1] > h[2] - h[1]
                for o in hits
            )

        return [h for h in hits if not within(h)]

    def _context(
        self, doc: Any, start: int, end: int, all_hits: list[tuple[ContextTrigger, int, int]]
    ) -> dict[str, tuple[int, int]]:
        """Which context categories reach the token span [start, end), with their triggers."""
        sent = doc[start].sent
        lo, hi = sent.start, sent.end
        hits = [h for h in all_hits if lo <= h[1] and h[2] <= hi]
        out: dict[str, tuple[int, int]] = {}  # category -> the trigger's token span
        gap: dict[str, int] = {}  # category -> words between it and the span

        def keep(category: str, span: tuple[int, int], words: int) -> None:
            # the nearest trigger is the one quoted: "no fever, no weight loss" quotes the
            # second "no" for the weight loss
            if category not in gap or words < gap[category]:
                out[category], gap[category] = span, words

        for rule, s, e in hits:
            if rule.context in ("terminate", "pseudo"):
                continue
            stops = [
                (ts, te)
                for r, ts, te in hits
                if r.context == "terminate" and (r.ends is None or rule.context in r.ends)
            ]
            if rule.context == "historical" and _opens(doc, s, lo):
                # "Years ago, after my second baby, I leaked a bit": a time in the past that
                # opens its sentence dates all of it, commas and all, up to a "but" or a "now"
                stops = [(ts, te) for r, ts, te in hits if r.context == "terminate"
                         and doc[ts].lower_ in CLAUSE_TURNS]  # fmt: skip
                now = [i for i in range(e, hi) if doc[i].lower_ in PRESENT_WORDS]
                reach = min([hi, *now, *[ts for ts, _ in stops if ts >= e]])
                if e <= start < reach:
                    keep(rule.context, (s, e), start - e)
                continue
            if rule.context == "historical" and doc[s].lower_ in BACK_POINTERS:
                # "I had some leakage, but that's long gone", "pins and needles in the summer
                # but it cleared up": it points back over the "but" and the commas before it
                if (
                    start < s
                    and s - end <= RESOLVED_REACH
                    and not any(doc[i].lower_ in PRESENT_WORDS for i in range(end, s))
                ):
                    keep(rule.context, (s, e), s - end)
                continue
            if rule.direction in ("forward", "both"):
                reach = _words_on(doc, e, rule.scope, hi)
                if e < hi and doc[e].text == "," and (aside := _aside(doc, e, hi)):
                    # an aside just after the trigger ("I haven't, thank goodness, had any")
                    # closes with a comma that ends nothing
                    stops = [(ts, te) for ts, te in stops if ts != e + aside]
                if rule.context == "family":
                    # "my gran, bless her, has ...": "her" is the gran, not a new clause
                    stops = [(ts, te) for ts, te in stops
                             if not any(w.lower_ in PRONOUNS for w in doc[ts:te])]  # fmt: skip
                    # someone else's story runs on until the writer speaks of themselves: "my
                    # neighbour said her back pain turned out to be a tumour" ("her" is not "my")
                    own = [i for i in range(e, hi) if doc[i].lower_ in FIRST_PERSON]
                    reach = max(reach, min([hi, e + FAMILY_REACH, *own]))
                    # ... and ends where the writer is the subject again: "my wife reminds me
                    # that I had prostate cancer", "my dad had a stroke and I have diabetes"
                    # (not after their opinion or report: "my husband thinks I've got sciatica",
                    # "my wife says I've lost weight" is asked, as before)
                    subject = [i for i in range(e, hi) if doc[i].lower_ in SUBJECT_I]
                    if subject and not any(w.lower_ in OPINION for w in doc[e : subject[0]]):
                        reach = min(reach, subject[0])
                if rule is PAST_YEAR:  # "a transplant in 2010, still on the tablets"
                    # ("prostate ca 2018, new thoracic pain": what is new is not of that year)
                    # ("AS diagnosed 2015, on adalimumab": a medicine taken now, after a comma)
                    now = [i for i in range(e, hi)
                           if doc[i].lower_ in PRESENT_WORDS | {"still", "new"}
                           or (doc[i].lower_ == "on" and doc[i - 1].text == ",")]  # fmt: skip
                    reach = min([reach, *now])
                reach = min([reach, *[ts for ts, _ in stops if ts >= e]])
                if e <= start < reach:
                    keep(rule.context, (s, e), start - e)
            if rule.direction in ("backward", "both"):
                if all(t.is_punct or t.is_space for t in doc[e:hi]):
                    # a hedge that ends its sentence qualifies the clause before it: "my foot
                    # drags, I think" (the comma and "I'm" just before it end nothing)
                    stops = [(ts, te) for ts, te in stops if ts < s - 3]
                blocked = any(end <= ts < s for ts, _ in stops)
                # "is fine" looks back only at its own clause: in "I've wet myself twice,
                # sleep is fine" the fine is the sleep's, never a "no" to the wetting
                if rule.context == "negated":
                    # (", but not now" reaches back over its own comma to what used to be so)
                    own = s - 1 if doc[s].lower_ == "but" else s
                    blocked = blocked or any(
                        doc[i].text in (",", ":", "-", "–") for i in range(end, own)
                    )
                if max(lo, s - rule.scope) < end <= s and not blocked:
                    category = rule.context
                    if _question_mark(doc, s, e) and not _asks(doc, start, lo):
                        category = "worried"  # "my bum feels numb??": said, with a worry
                    keep(category, (s, e), s - end)
        return out

    # ------------------------------------------------------------------ building mentions
    def _mention(self, doc: Any, t: _Target, ctx: dict[str, tuple[int, int]]) -> Mention:
        ps = t.phrase_set
        f = self.kb.findings[ps.finding]
        if "negated" in ctx and ps.answer == "no":
            # a phrase that says "no" itself ("cholesterol is normal") is not turned round by a
            # "no" of an earlier item of a list: "no strokes, never smoked, cholesterol is normal"
            ns, ne = ctx["negated"]
            if ne <= t.start and any(w.text == "," for w in doc[ne : t.start]):
                ctx = {k: v for k, v in ctx.items() if k != "negated"}
        unclear_no = False
        if "negated" in ctx and f.topic == "red_flag" and ps.answer == "yes":
            # a "no" runs on past a comma along a list of things ("no fever, weight loss or
            # numbness"), but a warning sign said as a statement after the comma ("no tingling,
            # lost control of my bladder", "no fever, numb down below") may be a new one: it is
            # asked, never read as a "no"
            ns, ne = ctx["negated"]
            first = doc[t.start].lower_
            if (
                ne <= t.start
                and any(w.text == "," for w in doc[ne : t.start])
                and (first.endswith(("ed", "ing")) or first in STATEMENT_WORDS)
            ):
                ctx = {k: v for k, v in ctx.items() if k != "negated"}
                unclear_no = True
        span = doc[t.start : t.end]
        if "negated" in ctx:  # quote the "no" too: "no trouble with my bladder"
            ns, ne = ctx["negated"]
            span = doc[min(ns, t.start) : max(ne, t.end)]
        answer: str | float = ps.answer or ""
        negated = "negated" in ctx
        why: str | None = None
        if negated:
            if f.type == "boolean" and ps.answer == "yes" and ps.negation_counts:
                answer = "no"
            else:
                why = "a 'not' that we cannot turn into a clear answer"
        other = "family" in ctx and not ps.family_counts
        historical = "historical" in ctx
        if negated and historical and ctx["negated"][0] >= t.end:
            # "I used to get pins and needles but not now": a "no" of now, said after what was
            ns, ne = ctx["negated"]
            if doc[ne - 1].lower_ in NOT_NOW:
                historical = False
        # a statement with a "?" after it ("my bum feels numb??") is taken as said; a "no" so
        # said ("no fever?") is asked, never taken on that
        uncertain = "uncertain" in ctx or ("worried" in ctx and (negated or answer == "no"))
        if other:
            why = "this seems to be about someone else"
        elif unclear_no:
            why = "we could not tell whether the 'no' before it is about this"
        elif uncertain:
            why = "you did not sound sure"
        elif historical and not ps.history_counts:
            why = "this sounds like something in the past"
        return self._make(
            f.id,
            answer,
            span.text,
            span.start_char,
            span.end_char,
            negated=negated,
            uncertain=uncertain,
            historical=historical,
            experiencer="other" if other else "self",
            why_not=why,
            part=ps.part,
        )

    def _make(
        self, fid: str, answer: str | float, text: str, start: int, end: int, **kw: Any
    ) -> Mention:
        f = self.kb.findings[fid]
        why = kw.pop("why_not", None)
        says = kw.pop("says", None) or describe(self.kb, fid, answer)
        return Mention(
            finding=fid,
            answer=answer,
            text=text,
            start=start,
            end=end,
            red_flag=f.topic == "red_flag",
            applies=why is None,
            why_not=why,
            question=f.question,
            says=says,
            **kw,
        )

    def _numbers(
        self, doc: Any, targets: list[_Target], hits: list[tuple[ContextTrigger, int, int]]
    ) -> list[Mention]:
        out: list[Mention] = []
        history_spans = [(t.start, t.end) for t in targets if t.phrase_set.history_counts]
        for q in find_quantities(doc.text):
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None:
                continue
            fid = self._number_finding(doc, span, q, history_spans)
            if fid is None:
                continue
            f = self.kb.findings[fid]
            assert f.number is not None
            ctx = _worried_unsure(
                _as_limit(doc, span, q, self._context(doc, span.start, span.end, hits))
            )
            why = None
            owner = None
            if q.kind == "duration" and "negated" not in ctx and "family" not in ctx:
                owner = self._time_owner(doc, span, targets)
            if owner is not None:  # a hedged time ("maybe 2 months") is still the symptom's
                why = self._owned(doc, owner, q.low, q.start, q.end)
            elif "negated" in ctx or "uncertain" in ctx:
                why = "you did not sound sure"
            elif "family" in ctx:
                why = "this seems to be about someone else"
            elif "historical" in ctx and q.kind in ("time", "distance"):
                why = "this sounds like something in the past"  # "I used to walk for an hour"
            value = round(q.value, 1) if q.value < 10 else round(q.value)
            if not f.number.min <= value <= f.number.max:
                why = f"the number is outside {f.number.min:g} to {f.number.max:g} {f.number.unit}"
            elif self.kb.state_of(fid, max(q.low, f.number.min)) != self.kb.state_of(
                fid, min(q.high, f.number.max)
            ):
                why = "the range you gave spans more than one answer"
            out.append(
                self._make(
                    fid,
                    float(value),
                    q.text,
                    q.start,
                    q.end,
                    uncertain="uncertain" in ctx,
                    why_not=why,
                )
            )
        return out

    def _dates(
        self,
        doc: Any,
        targets: list[_Target],
        hits: list[tuple[ContextTrigger, int, int]],
        today: date | None,
    ) -> list[Mention]:
        """When the pain started, said as a date ("since March", "it started on Tuesday"), as
        weeks back from ``today`` (see ``intake.dates``). A date after today, or one that cannot
        exist, is shown as not understood; without ``today`` a date is not read at all."""
        fid = "duration_weeks"
        if fid not in self.kb.findings:
            return []
        f = self.kb.findings[fid]
        assert f.number is not None
        history_spans = [(t.start, t.end) for t in targets if t.phrase_set.history_counts]
        warning = [t for t in targets if self.kb.findings[t.phrase_set.finding].topic == "red_flag"]
        out: list[Mention] = []
        for d in find_dates(doc.text, today):
            span = doc.char_span(d.start, d.end, alignment_mode="expand")
            if span is None:
                continue
            sent = span.sent
            if not {t.lower_ for t in sent} & DURATION_WORDS:
                continue  # "on statins since March": not about the pain
            if any(sent.start <= s < sent.end for s, _ in history_spans):
                continue  # "I had a stroke in March": the date is the history's
            if any(t.start < span.start and span.start - 1 <= t.end for t in warning):
                continue  # "I haven't had a wee since this morning": the warning sign's date
            # its own lead word ("since") ends nothing here: "my wife's back since March"
            own = [h for h in hits if not (span.start < h[2] and h[1] < span.end)]
            ctx = _worried_unsure(self._context(doc, span.start, span.end, own))
            why, says, answer = None, None, float(round(d.value, 1))
            if d.problem:
                why = f"{d.problem}, so we could not work out how long"
                says, answer = f"{f.question} (a date we could not use)", UNKNOWN_ANSWER
            elif "negated" in ctx or "uncertain" in ctx:
                why = "you did not sound sure"
            elif "family" in ctx:
                why = "this seems to be about someone else"
            elif owner := self._time_owner(doc, span, targets):
                why = self._owned(doc, owner, d.high, d.start, d.end)
            elif not f.number.min <= d.value <= f.number.max:
                why = f"the date is more than {f.number.max:g} {f.number.unit} ago"
            elif self.kb.state_of(fid, d.low) != self.kb.state_of(fid, d.high):
                why = "without the day it could be more than one answer"
            out.append(
                self._make(
                    fid,
                    answer,
                    d.text,
                    d.start,
                    d.end,
                    uncertain="uncertain" in ctx,
                    why_not=why,
                    says=says,
                )
            )
        return out

    def _owned(self, doc: Any, owner: _Target, weeks: float, start: int, end: int) -> str:
        """Note a length of time as a symptom's own (for ``_new_since``); the reason it is not
        the pain's."""
        t0, t1 = doc[owner.start].idx, doc[owner.end - 1].idx + len(doc[owner.end - 1].text)
        doc.user_data.setdefault("own_times", []).append(
            (owner.phrase_set.finding, weeks, min(t0, start), max(t1, end))
        )
        return f'this time is about "{doc[owner.start : owner.end].text}", not the pain'

    def _number_finding(
        self, doc: Any, span: Any, q: Quantity, history: list[tuple[int, int]]
    ) -> str | None:
        sent = span.sent
        if q.kind == "age":
            return "age" if "age" in self.kb.findings else None
        wanted = {"distance": "walk_metres", "time": "walk_minutes", "duration": "duration_weeks"}
        fid = wanted.get(q.kind)
        if fid is None or fid not in self.number_context:
            return None
        if q.kind == "distance" and _per_period(doc, span):
            return None  # "I run about 30 km a week": a total over a week, not how far they can go
        # matched on the whole text: a Matcher and a PhraseMatcher count offsets in a Span
        # differently
        hits = [
            (s, e) for _, s, e in self.number_context[fid](doc) if sent.start <= s and e <= sent.end
        ]
        rest = [t for t in sent if t.is_alpha and not span.start <= t.i < span.end]
        if q.kind == "duration" and all(t.lower_ in BARE_DURATION for t in rest):
            return fid  # a sentence that is only a length of time: "six weeks or so"
        if (
            q.kind == "duration"
            and _alone_in_clause(doc, span)
            and {t.lower_ for t in sent} & DURATION_WORDS
            and not any(sent.start <= s < sent.end for s, _ in history)
        ):
            return fid  # "..., maybe 2 months." (whose time it is: _time_owner)
        if not hits and q.unit not in SHORTHAND_UNITS:
            return None
        if fid in self.number_not and any(
            span.start - 1 <= e <= span.start for _, _, e in self.number_not[fid](doc)
        ):
            return None  # "I can only sit for 20 minutes": not how long they walk
        if q.kind == "duration":
            lead = span.start  # the number's own lead-in words: "for the best part of a year"
            while lead > sent.start and doc[lead - 1].lower_ in LEAD_FILLER:
                lead -= 1
            near = [
                # a context phrase that begins near the number: "for" before it, "of ... pain"
                # after it ("two weeks of sharp back pain")
                (s, e)
                for s, e in hits
                if lead - NUMBER_REACH <= s <= span.end + NUMBER_REACH
            ]
            if not near and q.unit not in SHORTHAND_UNITS:  # "3/52" is a length of time
                return None
            if not {t.lower_ for t in sent} & DURATION_WORDS:
                return None
            # a length of time said of the pain itself ("two weeks of sharp back pain", "a 2/12
            # hx of LBP") is the pain's, whatever else the sentence says ("a man with high blood
            # pressure came with two weeks of back pain"); otherwise a history in the sentence
            # may own it: "I had cancer ten years ago"
            own = any(
                doc[s].lower_ == "of" or doc[s].norm_ == "history" for s, _ in near if s >= span.end
            )
            if not own and any(sent.start <= s < sent.end for s, _ in history):
                return None  # "I had cancer ten years ago": the years date the history
        return fid


#: "a week", "per month", "every weekend" after a distance make it a total over that time (a
#: training volume). Not "a day": "I can only manage 100 yards a day" is how far they can go
RATE_LEADS = frozenset({"a", "an", "per", "each", "every"})
RATE_PERIODS = frozenset({"week", "month", "year", "weekend", "fortnight"})


def _per_period(doc: Any, span: Any) -> bool:
    """The distance is followed by a period it is a total over: "30 km a week", "40 miles per
    month", "20k every weekend", "10 km/week"."""
    after = [t.lower_ for t in doc[span.end : span.end + 3]]
    if after[:1] == ["/"] and len(after) > 1:
        return after[1] in RATE_PERIODS
    return len(after) >= 2 and after[0] in RATE_LEADS and after[1] in RATE_PERIODS


#: a past year dates what is said of it as past, as "years ago" does: "a fall in 2019", "back in
#: 2015 I had ...", "chemotherapy in the spring of 2012"
PAST_YEAR = ContextTrigger(context="historical", direction="both", scope=8, phrases=["in 2019"])
#: the words that lead into such a year ("in", "back in", "during"), and those that may stand
#: between them and it ("in the summer of 2019", "in early 2015", "in March 2012")
YEAR_LEADS = frozenset({"in", "during", "around", "circa", "back"})
YEAR_BETWEEN = frozenset({"the", "of", "early", "late", "mid", "spring", "summer", "autumn",
                          "fall", "winter", "start", "end", "middle", *MONTHS})  # fmt: skip
#: words before a bare year that do not make it over ("since 2019", "from 2019"), and those after
#: a number that make it not a year ("2000 metres")
YEAR_NOT_PAST = frozenset({"since", "from", "till", "until", "to", "by", "after", "walk",
                           "walked", "about", "around", "over", "under", "than", "the"})  # fmt: skip
YEAR_UNITS = frozenset({"m", "km", "metres", "meters", "yards", "yds", "steps", "miles", "feet",
                        "ft", "mg", "ml", "calories", "kcal"})  # fmt: skip
_YEAR_WORD = re.compile(r"(?:19|20)\d\d")


def _past_years(doc: Any, today: date | None) -> list[tuple[ContextTrigger, int, int]]:
    """A year before this one, said after "in", "back in" or "during", as a trigger of the
    past (``PAST_YEAR``), measured from ``today`` (without it no year is read as past: a year
    is not known to be over). "Since 2019" is not one: it tells how long, not that it is over."""
    if today is None:
        return []
    out = []
    for t in doc:
        if not _YEAR_WORD.fullmatch(t.text) or int(t.text) >= today.year:
            continue
        i = t.i - 1
        while i >= 0 and t.i - i <= 4 and doc[i].lower_ in YEAR_BETWEEN:
            i -= 1
        if i >= 0 and doc[i].lower_ in YEAR_LEADS:
            out.append((PAST_YEAR, i, t.i + 1))
        elif (
            i == t.i - 1
            and i >= 0
            and doc[i].is_alpha
            and doc[i].lower_ not in YEAR_NOT_PAST
            and not (t.i + 1 < len(doc) and doc[t.i + 1].lower_ in YEAR_UNITS)
        ):
            out.append((PAST_YEAR, t.i, t.i + 1))  # a note's "breast Ca 2018, chemo"
    return out


#: a comparison between a "not" and its number makes the number a limit: "I can't walk for more
#: than a couple of minutes", "no more than 10 minutes", "never further than the 200 yards"
LIMIT_WORDS = frozenset({"than", "over", "beyond", "past"})


#: words that may stand with a length of time alone in its clause: ", maybe 2 months,"
CLAUSE_FILLER = BARE_DURATION | {"say", "perhaps", "probably", "roughly", "like", "tops"}


def _sentence_of(doc: Any, m: Mention) -> Any | None:
    """The sentence a mention sits in (None when its characters fall outside the tokens)."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return None if span is None else span.sent


def _alone_in_clause(doc: Any, span: Any) -> bool:
    """A length of time with nothing but filler between the commas (or the sentence's ends)
    around it, when the sentence has more: "the numbness is more recent, maybe 2 months"."""
    sent = span.sent
    lo, hi = span.start, span.end
    while lo > sent.start and doc[lo - 1].text not in (",", ";", ":", "-", "–", "("):
        lo -= 1
    while hi < sent.end and doc[hi].text not in (",", ";", ":", "-", "–", ")"):
        hi += 1
    if lo == sent.start and hi >= sent.end - 1:
        return False  # the whole sentence: the caller's own rule reads that
    words = [t for t in doc[lo:hi] if not span.start <= t.i < span.end and not t.is_punct]
    return all(t.lower_ in CLAUSE_FILLER for t in words)


def _as_limit(
    doc: Any, span: Any, q: Quantity, ctx: dict[str, tuple[int, int]]
) -> dict[str, tuple[int, int]]:
    """A walking time or distance's context without a "not" that only bounds it ("I can't walk
    more than 100 yards": 100 yards is the limit). A length of time keeps its "not" ("not had
    pain for over a year"), and a "maybe" stays a hedge ("maybe half a mile" is asked)."""
    if "negated" not in ctx or q.kind not in ("time", "distance"):
        return ctx
    s, e = ctx["negated"]
    if e <= span.start and any(t.lower_ in LIMIT_WORDS for t in doc[s : span.start]):
        return {k: v for k, v in ctx.items() if k != "negated"}
    return ctx


#: a clinician's "?" before a word asks, it does not end a sentence: "?saddle anaesthesia",
#: "pain, ? cauda equina". Read as "¿" (the same length, so every offset stays right), a
#: "maybe" in phrases.yaml.
_QUERY = re.compile(r"(?:(?<![^\s,;:(])\?(?=[A-Za-z]))|(?:(?:^|(?<=[,;:(\n]))\s*\?(?=\s[A-Za-z]))")


def _queries(text: str) -> str:
    return _QUERY.sub(lambda m: m[0][:-1] + "¿", text)


#: punctuation said aloud to a dictation app ("... 200 metres full stop if I sit ... comma"):
#: read as the mark it names, padded to the same length so that every offset stays true
#: ("period" only before a capital or the end, never "my period")
_DICTATED = re.compile(
    r"\b(?:full\s+stop|new\s+line|new\s+paragraph|next\s+line)\b|\bperiod\b(?=\s+[A-Z]|\s*$)"
    r"|\bcomma\b",
    re.IGNORECASE,
)


def _dictation(text: str) -> str:
    def mark(m: re.Match[str]) -> str:
        sign = "," if m[0].lower() == "comma" else "."
        return sign + " " * (len(m[0]) - 1)

    return _DICTATED.sub(mark, text)


#: words that open a question when they begin its clause ("does numbness mean ...?", "should I
#: worry if ...?", "what would happen if ...?")
QUESTION_WORDS = frozenset({"do", "does", "did", "is", "are", "am", "was", "were", "can", "could",
                            "should", "would", "will", "shall", "have", "has", "had", "may",
                            "might", "must", "ca", "wo", "sha", "what", "whats", "what's", "who",
                            "which", "where", "when", "how", "any", "anything", "isnt", "arent",
                            "doesnt", "dont", "didnt", "cant", "couldnt", "shouldnt", "wont",
                            "wouldnt"})  # fmt: skip
#: a question that takes for granted what it holds: "why does it hurt when I sit?", "how come
#: my legs go numb?", "is it normal that my legs are getting weaker?"
GRANTED = re.compile(
    r"^(?:why|how\s+come|(?:is|isn't|isnt)\s+(?:it|this|that)\s+(?:\w+\s+)?(?:normal|ok|okay|"
    r"bad|serious|worrying|common|dangerous|usual|a\s+problem|a\s+worry|something\s+to\s+worry"
    r"\s+about)\s+(?:that|when|for))\b",
    re.IGNORECASE,
)
#: words before a question's own first word that open nothing: "omg", "so", "doctor"
OPENERS = frozenset({"omg", "oh", "so", "and", "but", "ok", "okay", "um", "erm", "hi", "hello",
                     "well", "also", "then", "now", "just", "please", "doc", "doctor", "hmm",
                     "help", "lol", "right", "sorry", "honestly", "seriously"})  # fmt: skip
#: after "can't", "don't" ... these begin a question ("can't it be my hip?"); anything else is a
#: statement with its "I" left out ("can't feel myself when I wipe?!")
SUBJECTS = frozenset({"i", "you", "it", "this", "that", "my", "he", "she", "they", "we",
                      "there", "your", "the", "a", "an"})  # fmt: skip


def _words_on(doc: Any, e: int, scope: int, hi: int) -> int:
    """The token ``scope`` words after ``e`` (or ``hi``, the sentence's end): a trigger's reach
    counts words, not the commas and brackets between them nor a short aside between two
    commas, so "I haven't, at any point in my life, been diagnosed with cancer" and "No: fever,
    weight loss, bladder trouble, bowel trouble" reach as far as they would without them."""
    words = 0
    i = e
    while i < hi:
        if doc[i].text == "," and (aside := _aside(doc, i, hi)):
            i += aside  # ", touch wood,", ", at any point in my life,": not counted
            continue
        if not (doc[i].is_punct or doc[i].is_space):
            words += 1
            if words > scope:
                return i
        i += 1
    return hi


#: the most words an aside between two commas holds
ASIDE_WORDS = 6


def _aside(doc: Any, i: int, hi: int) -> int:
    """The length of an aside that opens with the comma at ``i`` (", funnily enough,"), up to
    its closing comma, or 0: only words between, at most ``ASIDE_WORDS`` of them."""
    for j in range(i + 1, min(hi, i + ASIDE_WORDS + 2)):
        if doc[j].text == ",":
            return j - i if j > i + 1 else 0
        if doc[j].is_punct or doc[j].is_space:
            return 0
    return 0


def _abbreviations_join(doc: Any) -> Any:
    """A full stop followed at once by a comma ends a shortened word, not a sentence: "denies
    saddle anaes., urinary/faecal incont., retention" is one list."""
    for t in doc[2:]:
        if t.is_sent_start and doc[t.i - 1].text == "," and doc[t.i - 2].text == ".":
            t.is_sent_start = False
    return doc


def _opens(doc: Any, s: int, lo: int) -> bool:
    """Whether the trigger at token ``s`` begins its sentence (``lo``), a word or two of
    "back", "well" or "so" aside: "Years ago, ...", "Back in 2015, ..."."""
    return all(t.lower_ in OPENERS or t.lower_ in ("back", "way") or not t.is_alpha
               for t in doc[lo:s])  # fmt: skip


def _worried_unsure(ctx: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """A number or a date with a "?" after it ("about 200 yards?") is a guess, asked."""
    if "worried" in ctx and "uncertain" not in ctx:
        return {**ctx, "uncertain": ctx["worried"]}
    return ctx


def _question_mark(doc: Any, s: int, e: int) -> bool:
    return all(t.text == "?" for t in doc[s:e])


def _asks(doc: Any, start: int, lo: int) -> bool:
    """Whether the clause that holds the token ``start`` (from the last comma, semicolon or
    colon before it, within the sentence beginning at ``lo``) asks a question, rather than
    saying something with a "?" after it. "Does numbness in your bottom mean something
    serious?" asks; "my bum feels numb??" and "can't feel myself when I wipe?!" say, and so do
    questions that take it for granted ("why does it hurt more when I sit?")."""
    i = start
    while i > lo and doc[i - 1].text not in (",", ";", ":", "(", "-", "–"):
        i -= 1
    while i < start and (doc[i].lower_ in OPENERS or not doc[i].is_alpha):
        i += 1
    clause = doc[i:start]
    if GRANTED.match(clause.text if len(clause) else ""):
        return False
    first = doc[i].lower_
    if first not in QUESTION_WORDS:
        return False
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if nxt in ("n't", "nt", "not") or first.endswith("nt"):
        after = doc[i + 2].lower_ if nxt in ("n't", "nt", "not") and i + 2 < len(doc) else nxt
        return after in SUBJECTS
    return True


def _normed(doc: Any) -> Any:
    """Each word matched on its ``norm`` (spaCy's own norms, "ca" -> "can", are not used)."""
    for t in doc:
        t.norm_ = norm(t.text)
    return doc


#: the people a carer writes about, and the sex the word says
RELATIONS = {
    "dad": "male", "father": "male", "husband": "male", "son": "male", "grandad": "male",
    "grandpa": "male", "grandfather": "male", "brother": "male", "uncle": "male",
    "mum": "female", "mom": "female", "mother": "female", "wife": "female",
    "daughter": "female", "grandma": "female", "grandmother": "female", "gran": "female",
    "nan": "female", "nana": "female", "granny": "female", "sister": "female", "aunt": "female",
    "aunty": "female", "auntie": "female", "mam": "female", "grandson": "male",
    "granddaughter": "female", "partner": None,
}  # fmt: skip
#: a carer's own words in a text about someone else: "I look after my dad", "I'm worried",
#: "I think he ...", "I've noticed"; never the writer's own state ("so I'm scared")
CARER_VERBS = frozenset({"think", "thought", "worry", "worried", "concerned", "look", "looking",
                         "care", "caring", "help", "helping", "filling", "fill", "answering",
                         "typing", "noticed", "notice", "took",
                         "brought", "asked", "writing", "his", "her", "carer", "know",
                         "reckon", "guess", "suppose", "live", "visit", "visited"})  # fmt: skip
#: little words between "I" and that verb: "I'm worried", "I've noticed", "I do look after"
AUXILIARY = frozenset({"'m", "m", "am", "'ve", "ve", "have", "'d", "d", "do", "also", "really",
                       "just", "was", "had"})  # fmt: skip
#: words of a carer telling what the person said: "she told me", "he keeps telling me"
TOLD = frozenset({"told", "tells", "tell", "telling", "asked", "asks", "showed", "shows",
                  "to", "says", "said"})  # fmt: skip
PRONOUNS = frozenset({"he", "she", "his", "her", "him", "himself", "herself"})
#: a writer who says they are answering for someone: "I look after my dad", "I'm filling this in
#: for my mum", "on behalf of my husband", "I'm her carer"
CARER_SAYS = re.compile(
    r"\b(?:i\s*(?:'m|am)?\s*(?:look(?:ing)?\s+after|car(?:e|ing)\s+for|help(?:ing)?\s+to\s+look"
    r"\s+after)|(?:filling|fill)\s+(?:this|it|the\s+form)\s+in\s+for|(?:writing|answering|typing)"
    r"\s+(?:this\s+)?for|(?:asking|enquiring|inquiring)\s+(?:this\s+)?for|on\s+behalf\s+of"
    r"|(?:the\s+)?patient\s+is)\s+my\s+(?P<who>[a-z]+)"
    r"|\bi\s*(?:'m|am)\s+(?:his|her)\s+(?:main\s+|full[- ]time\s+|only\s+)?carer\b"
    r"|\bi\s*(?:'m|am)\s+(?:his|her)\s+(?:daughter|son|wife|husband|partner|mother|mum|mom"
    r"|father|dad|sister|brother|granddaughter|grandson|niece|nephew|friend|neighbou?r)\b",
    re.IGNORECASE,
)


def carer_of(doc: Any, for_someone: bool = False) -> str | None:
    """The relative a carer's text is about ("dad"), "" when the relation is not named, or None
    when nobody says the text is a carer's: the writer says they answer for someone ("I look
    after my dad", "I'm filling this in for my mum", "I'm her daughter"), or the front end does
    (``for_someone``). The relative is the one named after "my" ("my dad"), or one named on
    their own as a name is ("Mum has had a temperature")."""
    said = CARER_SAYS.search(doc.text)
    if not (for_someone or said):
        return _told_of(doc)
    who = said["who"].lower() if said and said["who"] else None
    if who is not None and who not in RELATIONS:
        return None
    if who is None:
        for i, t in enumerate(doc):
            low = t.lower_
            if low not in RELATIONS:
                continue
            before = doc[i - 1].lower_ if i > 0 else ""
            if before == "my":
                return low
            if who is None and before not in PRONOUNS | {"your", "our", "a", "the", "'s", "s"}:
                who = low  # "Mum has had ...": the relation used as a name
    return who or ""


#: the people a text may be wholly about without the writer saying they write for them
TOLD_OF = frozenset({"dad", "father", "husband", "son", "grandad", "grandpa", "grandfather",
                     "mum", "mom", "mother", "wife", "daughter", "grandma", "grandmother",
                     "gran", "nan", "nana", "granny", "partner", "brother", "sister", "aunt",
                     "uncle", "aunty", "auntie", "mam", "grandson", "granddaughter"})  # fmt: skip
#: a verb of the present after "my husband" that makes them what the text is about: "my
#: husband is 74", "my wife has had back pain", "my dad's 79", "my son gets ..." ("my brother
#: had ...", "my mum died of ..." tell a story of the past: someone else's)
TOLD_OF_VERBS = frozenset({"is", "'s", "s", "has", "gets", "can", "ca", "cannot", "keeps",
                           "needs", "says", "does", "walks", "struggles", "complains",
                           "suffers", "seems", "feels", "wo"})  # fmt: skip

#: verbs of the past that, after an age set beside the relation ("My wife (66) had ..."), still
#: make the text theirs
TOLD_OF_PAST = frozenset({"had", "was", "fell", "slipped", "tripped", "hurt", "went", "did",
                          "woke", "got", "started"})  # fmt: skip

#: after "my dad's", the words that make the "'s" an "is" or a "has" ("my dad's 79", "my wife's
#: been", "my mum's got"), not "my husband's back"
TOLD_OF_AFTER_S = frozenset({"been", "got", "had", "having", "getting", "always", "very",
                             "really", "not", "in", "unable", "now", "also", "still",
                             "started", "just", "lost", "gone", "fallen"})  # fmt: skip


def _told_of(doc: Any) -> str | None:
    """The relation a text is wholly about though the writer does not say they write for them:
    its first sentence opens with "my <relation>" and a verb of the present ("My husband is 74.
    He gets about 100 yards ...") and holds none of the writer's own words, the text goes on
    about them ("he", "she", a sentence opening "Her ..."), and more of its
    sentences are the person's than the writer's ("I've got a bad back too" is the writer's own
    and stays so). Otherwise None: someone else's story, asked, never guessed."""
    sents = list(doc.sents)
    if not sents or len(sents[0]) < 3:
        return None
    first = sents[0]
    if first[0].lower_ in TOLD_OF and first[0].text[:1].isupper():
        # the relation used as a name: "Dad is 76, ..." reads as "my dad is 76, ..."
        toks = _skip_age(first, 1)
        my, who, verb, at = "my", toks[0].lower_, toks[1].lower_ if len(toks) > 1 else "", 2
    else:
        toks = _skip_age(first, 2)
        if len(toks) > 3 and toks[2].lower_ in THEY and toks[1].lower_ in TOLD_OF:
            # "My wife she is 62 years": the person named twice, in English as a second language
            toks = toks[:2] + toks[3:]
        my, who, verb = (toks[i].lower_ if i < len(toks) else "" for i in range(3))
        at = 3
        if verb == "have" and len(toks) > 3 and toks[3].like_num:
            verb = "has"  # "My mother have 84 years": her age, in English as a second language
        if verb in TOLD_OF_PAST and len(toks) < len(first):
            # an age set beside them makes them what the text is about, whatever the tense:
            # "My wife (66) had her back go when she coughed"
            verb = "has"
    if my in ("he", "she") and who in ("is", "'s") and len(toks) > 3 and verb == "my":
        # "He is my father, 82 years old, ...": who they are, said the other way round
        my, who, verb = "my", toks[3].lower_, "is"
        if own_words(toks[4:]) or who not in TOLD_OF:
            return None
        toks, at = toks[4:], 0
    elif my != "my" or who not in TOLD_OF or verb not in TOLD_OF_VERBS or own_words(toks):
        return None
    words = " ".join(t.lower_ for t in toks)
    # ("too" that ends its clause: "too sore to train" sets nobody beside them)
    ends = [toks[i + 1].lower_ if i + 1 < len(toks) else "" for i in range(len(toks))]
    beside = any(
        t.lower_ in ("also", "either")
        or (t.lower_ == "too" and (not e or e in CLAUSE_ENDS or not e.isalpha()))
        for t, e in zip(toks, ends, strict=True)
    )
    if beside or "as well" in words:
        return None  # "my husband is poorly too": set beside the writer, whose story it is
    nxt = toks[at] if at and len(toks) > at else None
    if verb in ("'s", "s") and (
        nxt is None or (not nxt.like_num and nxt.lower_ not in TOLD_OF_AFTER_S)
    ):
        return None  # "my husband's back has hurt": his back, in the writer's story
    # and the text goes on about them: "he" or "she" in it, or a later sentence that opens
    # with "his", "her" or the relation ("My dad's got diabetes." alone may be family history)
    # ("his" or "her" counts when the first sentence gives their age: "my son is 19 ..., now
    # his back is killing him"; "My mum has trouble with her bladder" alone may be hers)
    aged = len(toks) < len(first) or (
        verb in ("is", "'s", "s") and nxt is not None and nxt.like_num
    )
    on = any(w.lower_ in (PRONOUNS if aged else THEY) for w in doc) or any(
        s[0].lower_ in PRONOUNS | {who} for s in sents[1:] if len(s)
    )
    own = sum(own_words(s) for s in sents)
    return who if on and own < len(sents) - own else None


def _skip_age(words: Any, at: int) -> list[Any]:
    """``words`` as a list, without an age set beside the relation before ``at``: "My mother
    (81) has ..." and "My mum, 70, is ..." read as "My mother has ..."."""
    toks = list(words)
    if (
        len(toks) > at + 2
        and toks[at].text in ("(", ",")
        and toks[at + 1].like_num
        and toks[at + 2].text in (")", ",")
    ):
        return toks[:at] + toks[at + 3 :]
    return toks


def own_words(words: Any) -> bool:
    """Whether the writer speaks of themselves in these words: an "I", "me" or "my" that is
    not a carer's ("I think", "I've noticed", "she told me", "my dad")."""
    toks = list(words)
    for i, t in enumerate(toks):
        low = t.lower_
        if low not in FIRST_PERSON:
            continue
        nxt = toks[i + 1].lower_ if i + 1 < len(toks) else ""
        if low == "my" and nxt in RELATIONS:
            continue
        if low in ("i", "i'm", "im", "i've", "ive"):
            j = i + 1
            while j < len(toks) and toks[j].lower_ in AUXILIARY:
                j += 1
            if j < len(toks) and toks[j].lower_ in CARER_VERBS:
                continue
        if low == "me" and i > 0 and toks[i - 1].lower_ in TOLD:
            continue
        return True
    return False


def written_about(doc: Any, for_someone: bool = False) -> str | None:
    """The relative a carer's text is about ("my dad"), or None. The writer says they answer for
    them, or the front end says so (``carer_of``); and the writer's own "I", "me" and "my"
    appear only in a carer's words ("I think", "I've noticed", "she told me"), so no symptom in
    it can be the writer's own. Without that, "my mum is 80, she has had cancer" stays someone
    else's, as it would be in the writer's own story: asked, never guessed. ``Parser`` reads a
    carer's text sentence by sentence (``own_words``): a sentence of the writer's own ("I have
    a bad back myself") is theirs, and the others stay the person's."""
    who = carer_of(doc, for_someone)
    if who is None or own_words(doc):
        return None
    return who


def describe(kb: KnowledgeBase, fid: str, answer: str | float) -> str:
    """Plain words for one understood answer."""
    from backstride.engine.result import answer_label, number_text

    f = kb.findings[fid]
    if f.type == "boolean":
        yes = answer == "yes"
        if f.short:
            return f"{f.short}: {'yes' if yes else 'no'}"
        return f"{f.question} {'Yes' if yes else 'No'}"
    if f.type == "number":
        assert f.number is not None
        shown = number_text(f.number.unit, float(answer))
        return (
            f"{f.question} {shown[0].upper()}{shown[1:]}"
            if shown.startswith("about")
            else f"{f.question} About {shown}"
        )
    return f"{f.question} {answer_label(kb, fid, answer)}"


def check_text(text: Any) -> str:
    return limits.check_free_text(text)


def _window(doc: Any, start: int, end: int) -> tuple[int, int]:
    """The characters around a list from ``start`` to ``end`` that its items are read with: the
    sentences it lies in, and no more than ``LIST_REACH`` words either side of it."""
    first = doc.char_span(start, max(end, start + 1), alignment_mode="expand")
    if first is None:  # pragma: no cover - a list starts and ends on words
        return 0, len(doc.text)
    a, b = first.start, first.end
    lo = max(doc[a].sent.start, a - LIST_REACH)
    hi = min(doc[b - 1].sent.end, b + LIST_REACH)
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)


def _typed(m: Mention, read: Cleaned, text: str) -> Mention:
    """A mention found in the cleaned text, quoting the words as they were typed."""
    start, end = read.span(m.start, m.end)
    return Mention(**{**m.__dict__, "start": start, "end": end, "text": text[start:end]})


def _looks_english(doc: Any) -> bool:
    words = [t for t in doc if t.is_alpha]
    if not words:
        return False
    common = sum(1 for t in words if t.is_stop)
    return common >= 1 and (len(words) < 4 or common / len(words) >= 0.15)


#: one activity in a list: a word ending in -ing, maybe with a word after it ("standing
#: still", "going downhill", "bending forward"), or hills and stairs
_ACT = (
    r"(?:going\s+(?:up|down)(?:\s*hill|\s+hills|\s+stairs|\s+slopes)?|(?:up|down)\s*hills?"
    r"|[a-z]+ing(?:\s+(?:still|around|up|down|over|forward|forwards|back|backwards|uphill|"
    r"downhill|fast|quickly|upstairs|downstairs|stairs|hills|things|heavy\s+things|the\s+[a-z]+"
    r"|my\s+[a-z]+))?|stairs|hills|slopes)"
)
#: how long, said of one item: "standing or walking for a long time and bending backwards"
_FOR = (
    r"(?:\s+for\s+(?:a\s+long\s+time|long|ages|a\s+while|too\s+long|long\s+periods|hours"
    r"|any\s+length\s+of\s+time))?"
)
_ITEM_RX = re.compile(_ACT + _FOR, re.IGNORECASE)
#: a distance or a time just before an activity ("200 metres of walking", "10 minutes walking"):
#: that activity belongs to the measure, not to a list that goes on after it
_MEASURED = re.compile(
    r"\b(?:metres|meters|m|yards|yds|miles?|km|minutes?|mins?|hours?|hrs?|steps|blocks?)"
    r"\s+(?:of\s+)?$",
    re.IGNORECASE,
)
_LIST = re.compile(
    rf"\b(?P<items>{_ACT}{_FOR}(?:(?:\s*,\s*|\s+(?:and|or)\s+){_ACT}{_FOR})*"
    rf"\s*,?\s+(?:and|or|nor)\s+{_ACT})\b",
    re.IGNORECASE,
)
#: the verb after a list agrees with all of it; with one item it is singular
_SINGULAR = {"are": "is", "were": "was", "make": "makes", "bring": "brings", "hurt": "hurts",
             "set": "sets", "help": "helps", "ease": "eases", "feel": "feels",
             "do n't": "does n't", "don't": "doesn't", "do not": "does not", "have": "has",
             "kill": "kills", "cause": "causes", "give": "gives", "trigger": "triggers",
             "dont": "doesnt", "do": "does", "aren't": "isn't", "arent": "isnt",
             "bother": "bothers", "affect": "affects"}  # fmt: skip
_PLURAL = re.compile(
    r"\s+(?:(?:all|both|always|usually|still|really|definitely)\s+)?("
    + "|".join(re.escape(v) for v in sorted(_SINGULAR, key=len, reverse=True))
    + r")\b(?:\s+(?:all|both)\b)?",  # "are all fine": "is fine"
    re.IGNORECASE,
)
#: up to four words of the last item before the verb they share ("getting up from a chair");
#: never a "no", a hedge or a new clause: "sitting and walking never make it worse" is no list
_TAIL = re.compile(
    r"(?:\s+(?!(?:and|or|nor|but|not|never|no|hardly|rarely|seldom|don't|doesn't|dont|doesnt|"
    r"can't|cant|won't|i|it|which|that|who|because|so|then)\b)[a-z']+){1,4}?(?="
    + _PLURAL.pattern
    + ")",
    re.IGNORECASE,
)
#: words ending in -ing that are not activities
_NOT_ITEMS = {"nothing", "something", "anything", "everything", "thing", "morning", "evening",
              "during", "ceiling", "king", "ring", "sling", "string", "spring", "bring",
              "sing", "wing", "lightning", "ping"}  # fmt: skip
#: a choice finding whose options go from near to far: several of them said at once
#: ("into my buttock and down my thigh") mean the farthest, not a contradiction
FARTHEST_WINS = {"symptom_reach": ("buttock", "thigh", "below_knee")}


def _partial_no(kb: KnowledgeBase, mentions: list[Mention]) -> list[Mention]:
    """A question of several parts ("bladder or bowels", "smoking, heart disease, a stroke ...")
    is answered "no" only when what was said covers every part of it: "no trouble with my
    bowels" alone says nothing of the bladder, so it is shown for what it is and not counted."""
    parts: dict[str, set[str]] = {}
    for ps in kb.phrases:
        if isinstance(ps, PhraseSet) and ps.part:
            parts.setdefault(ps.finding, set()).add(ps.part)
    out = list(mentions)
    for fid, needed in parts.items():
        nos = [m for m in out if m.finding == fid and m.applies and m.answer == "no"]
        covered = {m.part for m in nos}
        if not nos or None in covered or covered >= needed:
            continue  # nothing said, or the whole question covered
        f = kb.findings[fid]
        label = f.short or f.question.rstrip("?")
        out = [
            Mention(
                **{
                    **m.__dict__,
                    "applies": False,
                    "why_not": "it covers only part of the question",
                    "says": f"{label}: you said no only about {m.part}",
                }
            )
            if m in nos
            else m
            for m in out
        ]
    return out


def _farthest(kb: KnowledgeBase, mentions: list[Mention]) -> list[Mention]:
    """Keep only the farthest of several applying answers to a near-to-far finding."""
    out = list(mentions)
    for fid, order in FARTHEST_WINS.items():
        said = {m.answer for m in out if m.finding == fid and m.applies}
        if len(said) < 2 or not said <= set(order):
            continue  # one answer, or "only in my back" with a leg answer: a real clash
        far = max(said, key=order.index)
        out = [m for m in out if not (m.finding == fid and m.applies and m.answer != far)]
    return out


def _resolve(mentions: list[Mention]) -> list[Mention]:
    """One finding, two different answers that count: ask instead of guessing."""
    by: dict[str, set[object]] = {}
    for m in mentions:
        if m.applies:
            by.setdefault(m.finding, set()).add(m.answer)
    clash = {fid for fid, answers in by.items() if len(answers) > 1}
    out, seen = [], set()
    for m in sorted(mentions, key=lambda m: m.start):
        if m.finding in clash and m.applies:
            m = Mention(
                **{**m.__dict__, "applies": False, "why_not": "you said two different things"}
            )
        key = (m.finding, m.answer, m.applies)
        if key in seen:
            continue  # said twice: one mention is enough
        seen.add(key)
        out.append(m)
    return out


_BUILDING = threading.Lock()


def parser_for(kb: KnowledgeBase) -> Parser:
    """The compiled parser for this knowledge base (built once, kept in ``kb.derived``).
    Safe to call from several threads: one builds it, the others wait for it."""
    p = kb.derived.get("intake_parser")
    if p is None:
        with _BUILDING:
            p = kb.derived.get("intake_parser")
            if p is None:
                p = kb.derived["intake_parser"] = Parser(kb)
    return p  # type: ignore[return-value]


def warm(kb: KnowledgeBase, background: bool = False) -> None:
    """Build the parser now (a few seconds) so the first description is read at once:
    at server start, or in the background while the person types."""
    import importlib.util

    if not kb.phrases or importlib.util.find_spec("spacy") is None:
        return
    if background:
        # not a daemon: the interpreter waits for it at exit instead of stopping it part-way
        # through importing spaCy, which can abort the process (exit 134) when a person
        # answers quickly and the program ends within a second or two
        threading.Thread(target=parser_for, args=(kb,), daemon=False, name="intake-warm").start()
    else:
        parser_for(kb)


def parse(
    kb: KnowledgeBase, text: str, today: date | None = None, for_someone: bool = False
) -> ParseResult:
    """Parse free text into mentions. ``today`` (the person's date, from the front end) lets
    "since March" or "it started on Tuesday" be read as a length of time; without it such a
    date is left to the questions. ``for_someone``: the front end knows the text is written
    by a carer about the person ("my dad ... he can't walk far"), so "my dad", "he" and "she"
    are the person. Raises InputError on empty or over-long text."""
    check_text(text)
    return parser_for(kb).parse(text, today, for_someone)
