"""Shared machinery for questionnaire scoring.

Each instrument's items live in ``data/<instrument>.yaml``: item ids, a short description in our
own words, the meaning of each answer choice in our own words, and the numeric score of each
choice. Scoring reads only the ids and scores, so the text shown to a person (ours, or a
clinic's licensed wording loaded with :func:`load_wording`) can never change a score.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from backstride.errors import AnswerError, ImportFileError, UnknownIdError
from backstride.words import plural

Answer = str | int | float | bool | None
"""One answer: a choice id, a numeric score (where the instrument allows it), or None."""

Answers = Mapping[str, Answer]

INSTRUMENT_IDS: tuple[str, ...] = ("start_back", "odi", "zcq", "sshq", "sugioka")

_SPEC_KEYS = {"id", "name", "short_name", "recall", "numeric_answers", "note", "items"}
_ITEM_KEYS = {"id", "number", "group", "kind", "description", "choices"}
_CHOICE_KEYS = {"id", "meaning", "score", "min_age", "max_age"}
_BOOL_PAIRS = ({"yes", "no"}, {"agree", "disagree"})


@dataclass(frozen=True)
class Choice:
    id: str
    meaning: str
    score: int
    min_age: int | None = None
    max_age: int | None = None


@dataclass(frozen=True)
class Item:
    id: str
    number: int
    description: str
    choices: tuple[Choice, ...]
    group: str | None = None
    kind: str = "choice"

    @property
    def choice_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)

    def choice(self, choice_id: str) -> Choice:
        for c in self.choices:
            if c.id == choice_id:
                return c
        raise KeyError(choice_id)


@dataclass(frozen=True)
class InstrumentSpec:
    id: str
    name: str
    short_name: str
    recall: str
    numeric_answers: bool
    note: str
    items: tuple[Item, ...]

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    def item(self, item_id: str) -> Item:
        for i in self.items:
            if i.id == item_id:
                return i
        raise UnknownIdError(f"{self.short_name} item", item_id, self.item_ids, field=self.id)

    def group(self, name: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.group == name)


def _check_keys(where: str, data: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(
            f"{where}: unknown {plural(len(unknown), 'key')} {sorted(unknown)}; allowed: {sorted(allowed)}"
        )


def _parse_spec(data: Mapping[str, Any]) -> InstrumentSpec:
    _check_keys("instrument", data, _SPEC_KEYS)
    items: list[Item] = []
    for raw_item in data["items"]:
        _check_keys(f"item {raw_item.get('id')}", raw_item, _ITEM_KEYS)
        choices = []
        for raw_choice in raw_item["choices"]:
            _check_keys(f"choice in {raw_item['id']}", raw_choice, _CHOICE_KEYS)
            choices.append(
                Choice(
                    id=str(raw_choice["id"]),
                    meaning=str(raw_choice["meaning"]),
                    score=int(raw_choice["score"]),
                    min_age=raw_choice.get("min_age"),
                    max_age=raw_choice.get("max_age"),
                )
            )
        items.append(
            Item(
                id=str(raw_item["id"]),
                number=int(raw_item["number"]),
                description=str(raw_item["description"]),
                choices=tuple(choices),
                group=raw_item.get("group"),
                kind=str(raw_item.get("kind", "choice")),
            )
        )
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{data['id']}: duplicate item ids")
    return InstrumentSpec(
        id=str(data["id"]),
        name=str(data["name"]),
        short_name=str(data["short_name"]),
        recall=str(data["recall"]),
        numeric_answers=bool(data.get("numeric_answers", False)),
        note=str(data.get("note", "")),
        items=tuple(items),
    )


@cache
def load_spec(instrument: str) -> InstrumentSpec:
    """The item definitions of one instrument, read once from the package's data files."""
    if instrument not in INSTRUMENT_IDS:
        raise UnknownIdError("instrument", instrument, INSTRUMENT_IDS)
    text = (resources.files(__package__) / "data" / f"{instrument}.yaml").read_text("utf-8")
    return _parse_spec(yaml.safe_load(text))


# ---------------------------------------------------------------- answers


def _valid_list(spec: InstrumentSpec, item: Item) -> str:
    shown = ", ".join(repr(c) for c in item.choice_ids)
    if spec.numeric_answers:
        scores = ", ".join(str(c.score) for c in item.choices)
        shown += f" (or the score itself: {scores})"
    if item.kind == "age":
        shown += " (or the age in years)"
    return shown


def _bad_answer(spec: InstrumentSpec, item: Item, value: object, why: str = "") -> AnswerError:
    reason = why or "is not one of the answers"
    return AnswerError(
        f"{spec.short_name} item {item.number} ({item.id}): {value!r} {reason}. "
        f"Valid answers: {_valid_list(spec, item)}.",
        field=f"{spec.id}.{item.id}",
        choices=item.choice_ids,
    )


def _by_score(spec: InstrumentSpec, item: Item, value: int) -> Choice:
    matches = [c for c in item.choices if c.score == value]
    if len(matches) != 1:
        raise _bad_answer(spec, item, value)
    return matches[0]


def _by_age(spec: InstrumentSpec, item: Item, years: float) -> Choice:
    if not 0 <= years <= 130:
        raise _bad_answer(spec, item, years, "is not a possible age in years")
    whole = int(years)
    for c in item.choices:
        low = c.min_age if c.min_age is not None else 0
        high = c.max_age if c.max_age is not None else 130
        if low <= whole <= high:
            return c
    raise _bad_answer(spec, item, years)  # pragma: no cover - bands cover 0-130


def resolve_answer(spec: InstrumentSpec, item: Item, value: Answer) -> Choice | None:
    """Turn one raw answer into the chosen :class:`Choice` (None when unanswered)."""
    if value is None:
        return None
    if isinstance(value, bool):
        ids = set(item.choice_ids)
        if ids in _BOOL_PAIRS:
            return item.choice(
                ("yes" if "yes" in ids else "agree")
                if value
                else ("no" if "no" in ids else "disagree")
            )
        raise _bad_answer(spec, item, value)
    if isinstance(value, int | float):
        if item.kind == "age":
            return _by_age(spec, item, float(value))
        if spec.numeric_answers and float(value).is_integer():
            return _by_score(spec, item, int(value))
        raise _bad_answer(spec, item, value)
    if isinstance(value, str):
        key = value.strip().lower()
        if key in item.choice_ids:
            return item.choice(key)
        if (spec.numeric_answers or item.kind == "age") and key.lstrip("-").isdigit():
            return resolve_answer(spec, item, int(key))
        raise _bad_answer(spec, item, value)
    raise _bad_answer(spec, item, value, f"has the wrong type ({type(value).__name__})")


def resolve_answers(spec: InstrumentSpec, answers: Answers) -> dict[str, Choice | None]:
    """Check every answer and return item id -> chosen Choice (None when unanswered)."""
    if not isinstance(answers, Mapping):
        raise AnswerError(
            f"{spec.short_name} answers must be a mapping of item id to answer, "
            f"not {type(answers).__name__}.",
            field=spec.id,
            choices=spec.item_ids,
        )
    for key in answers:
        if key not in spec.item_ids:
            close = difflib.get_close_matches(str(key), spec.item_ids, n=3, cutoff=0.6)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise AnswerError(
                f"{spec.short_name} has no item {key!r}.{hint} "
                f"Valid items: {', '.join(spec.item_ids)}.",
                field=f"{spec.id}.{key}",
                choices=spec.item_ids,
            )
    return {item.id: resolve_answer(spec, item, answers.get(item.id)) for item in spec.items}


def require_all(spec: InstrumentSpec, resolved: Mapping[str, Choice | None]) -> dict[str, Choice]:
    """For instruments without a missing-item rule: every item must be answered."""
    missing = [spec.item(i) for i, c in resolved.items() if c is None]
    if missing:
        first = missing[0]
        names = ", ".join(f"{m.number} ({m.id})" for m in missing)
        raise AnswerError(
            f"{spec.short_name} needs an answer to every item; missing: {names}. "
            f"Valid answers for item {first.number}: {_valid_list(spec, first)}.",
            field=f"{spec.id}.{first.id}",
            choices=first.choice_ids,
        )
    return {i: c for i, c in resolved.items() if c is not None}


# ---------------------------------------------------------------- wording


@dataclass(frozen=True)
class ItemWording:
    text: str | None
    choices: Mapping[str, str]


@dataclass(frozen=True)
class Wording:
    """Licensed item texts held by a clinic; display only, never used for scoring."""

    instrument: str
    items: Mapping[str, ItemWording]
    source: str


@dataclass(frozen=True)
class PresentedChoice:
    id: str
    text: str
    score: int


@dataclass(frozen=True)
class PresentedItem:
    id: str
    number: int
    text: str
    licensed: bool
    choices: tuple[PresentedChoice, ...]


def _wording_error(source: str, problem: str) -> ImportFileError:
    return ImportFileError(f"Cannot use the wording file {source}: {problem}")


#: the longest item or choice text a wording file may hold (the longest licensed items are a
#: few sentences)
MAX_WORDING_CHARS = 1_000


def _wording_text(source: str, where: str, text: str) -> str:
    """An item or choice text from a clinic's file, shown on screens, pages and the PDF:
    bounded, and only characters that show as themselves (no terminal escape codes, no
    text-direction overrides)."""
    import unicodedata

    from backstride.limits import bad_character, describe_character

    if not text.strip():
        raise _wording_error(
            source,
            f"{where} is empty. Give the licensed text, or leave it out of the file to show "
            "Backstride's own description",
        )
    if len(text) > MAX_WORDING_CHARS:
        raise _wording_error(
            source, f"{where} is {len(text):,} characters long: the limit is {MAX_WORDING_CHARS:,}"
        )
    found = bad_character(text, True)
    if found is not None:
        i, ch = found
        raise _wording_error(
            source,
            f"in {where}, character {i + 1} is {describe_character(ch)}, which does not show as "
            "itself on a screen or a page. A wording text may hold letters of any language, "
            "digits, punctuation, spaces and new lines",
        )
    return unicodedata.normalize("NFC", text)


def wording_from_mapping(data: object, *, source: str = "mapping") -> Wording:
    """Check a licensed-wording mapping against the instrument's item and choice ids.

    Shape: ``{"instrument": "odi", "items": {item_id: "text" | {"text": ..., "choices":
    {choice_id: "text"}}}}``. Items left out keep our own description.
    """
    if not isinstance(data, Mapping):
        raise _wording_error(source, "the top level must be a mapping")
    unknown = set(data) - {"instrument", "items"}
    if unknown:
        raise _wording_error(source, f"unknown {plural(len(unknown), 'key')} {sorted(unknown)}")
    if not isinstance(data.get("instrument"), str):
        raise _wording_error(
            source,
            "it must name its questionnaire as 'instrument', one of " + ", ".join(INSTRUMENT_IDS),
        )
    try:
        spec = load_spec(data["instrument"])
    except UnknownIdError as exc:
        raise _wording_error(source, exc.message.rstrip(".")) from None
    raw_items = data.get("items")
    if not isinstance(raw_items, Mapping):
        raise _wording_error(source, "'items' must map item ids to texts")
    items: dict[str, ItemWording] = {}
    for item_id, raw in raw_items.items():
        try:
            item = spec.item(str(item_id))
        except UnknownIdError as exc:
            raise _wording_error(source, exc.message.rstrip(".")) from None
        if isinstance(raw, str):
            items[item.id] = ItemWording(
                text=_wording_text(source, f"the text of item {item.id}", raw), choices={}
            )
            continue
        if not isinstance(raw, Mapping) or set(raw) - {"text", "choices"}:
            given = (
                f"it has {sorted(str(k)[:20] for k in raw)}"
                if isinstance(raw, Mapping)
                else f"it is {type(raw).__name__} {str(raw)[:40]!r}"
            )
            raise _wording_error(
                source,
                f"item {item.id!r} must be a text or a mapping with 'text' and 'choices' ({given})",
            )
        raw_choices = raw.get("choices") or {}
        if not isinstance(raw_choices, Mapping):
            raise _wording_error(source, f"choices of item {item.id!r} must be a mapping")
        choices: dict[str, str] = {}
        for choice_id, text in raw_choices.items():
            if str(choice_id) not in item.choice_ids:
                raise _wording_error(
                    source,
                    f"item {item.id} has no choice {str(choice_id)[:40]!r}: its choices are "
                    + ", ".join(item.choice_ids),
                )
            if not isinstance(text, str):
                raise _wording_error(source, f"choice {choice_id!r} of {item.id!r} needs a text")
            choices[str(choice_id)] = _wording_text(
                source, f"the text of choice {choice_id} of item {item.id}", text
            )
        text = raw.get("text")
        if text is not None and not isinstance(text, str):
            raise _wording_error(source, f"text of item {item.id!r} must be a string")
        if text is not None:
            text = _wording_text(source, f"the text of item {item.id}", text)
        items[item.id] = ItemWording(text=text, choices=choices)
    return Wording(instrument=spec.id, items=items, source=source)


class _OnceLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping (plain YAML keeps the last
    silently, so which of two texts a clinic's file shows would be a guess)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if isinstance(key, list | dict):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key is a list or a mapping, not a name", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {str(key)[:40]!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_wording(path: str | Path) -> Wording:
    """Read a clinic's own licensed wording (YAML or JSON). The only file this package reads
    outside its own data, and only because a person asked for it."""
    path = Path(path)
    from backstride.errors import InputError
    from backstride.limits import MAX_JSON_BYTES, load_json

    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise ValueError(f"the file is larger than {MAX_JSON_BYTES:,} bytes")
        text = path.read_text("utf-8")
        if path.suffix.lower() == ".json":
            data = load_json(text, "wording file")
        else:
            data = yaml.load(text, Loader=_OnceLoader)  # a SafeLoader: no Python tags
    except InputError as exc:
        raise _wording_error(str(path), exc.message) from None
    except UnicodeDecodeError as exc:
        raise _wording_error(
            str(path),
            f"it is not UTF-8 text (byte {exc.start} cannot be read). Save it as UTF-8 and try "
            "again",
        ) from None
    except RecursionError:
        raise _wording_error(str(path), "it is nested too deeply") from None
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise _wording_error(str(path), str(exc)[:300]) from None
    return wording_from_mapping(data, source=str(path))


def present(instrument: str, wording: Wording | None = None) -> tuple[PresentedItem, ...]:
    """The items as a person sees them: licensed text where the clinic supplied it, otherwise
    our own description. Choice ids and scores are always the package's own."""
    spec = load_spec(instrument)
    if wording is not None and wording.instrument != spec.id:
        raise AnswerError(
            f"The wording is for {wording.instrument!r}, not {spec.id!r}.",
            field="instrument",
            choices=[spec.id],
        )
    shown: list[PresentedItem] = []
    for item in spec.items:
        licensed = wording.items.get(item.id) if wording else None
        choices = tuple(
            PresentedChoice(
                id=c.id,
                text=(licensed.choices.get(c.id) if licensed else None) or c.meaning,
                score=c.score,
            )
            for c in item.choices
        )
        text = licensed.text if licensed and licensed.text else item.description
        shown.append(
            PresentedItem(
                id=item.id,
                number=item.number,
                text=text,
                licensed=bool(licensed and licensed.text),
                choices=choices,
            )
        )
    return tuple(shown)
