"""What `das review` asks: due cards in FSRS order, new note flashcards interleaved across topics, and
extra study when asked. Pure logic: the store hands in lightweight card references in due order and
answers a few look-ups (`ReviewSource`); the limit is applied before any item is built."""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Iterable, Iterator, Protocol

from das.content.bank import Question
from das.content.library import Library
from das.content.notes import Flashcard, note_flashcards
from das.practice.clock import local_date


@dataclass(frozen=True)
class ReviewItem:
    key: str
    kind: str  # question | flashcard | drill
    question: Question | None = None
    flashcard: Flashcard | None = None
    reason: str = ""  # due | new | extra


@dataclass(frozen=True)
class CardRef:
    """A stored card without its FSRS state: enough to decide whether and when to ask it."""

    key: str
    kind: str  # question | flashcard | drill
    topic: str
    due: str  # UTC ISO 8601
    tie: object = None  # cards in a row with the same value are ties (due the same minute, same recall)


class ReviewSource(Protocol):
    """What the queue needs from the progress store."""

    def due(self, now: datetime, keys: set[str], recall_at: datetime | None = None) -> Iterable[CardRef]:
        """Cards due at `now` whose key is in `keys`, and stored drills: most overdue first, or least
        likely recalled at `recall_at` first, each card's `tie` set (due minute or recall rounded), ties
        consecutive; read lazily."""

    def due_count(self, now: datetime, keys: set[str], topics: frozenset[str] | None) -> int:
        """How many cards due() would give (drills only of these topics; None: every topic)."""

    def due_elsewhere(self, now: datetime, keys: set[str]) -> dict[str, int]:
        """How many question and flashcard cards are due at `now` with a key not in `keys`, by kind."""

    def due_elsewhere_since(self, now: datetime, keys: set[str]) -> datetime | None:
        """The earliest due time among the cards due_elsewhere() counts (None when there are none)."""

    def later(self, now: datetime, keys: set[str], recall_at: datetime | None = None) -> Iterable[CardRef]:
        """The same for cards not due yet: soonest first, or least likely recalled at `recall_at` first."""

    def drill(self, key: str) -> Question | None:
        """The generated drill question stored under this key."""

    def known_flashcards(self) -> set[str]:
        """Keys of the flashcards already introduced (that have a card)."""

    def flashcards_created_since(self, since: datetime) -> int:
        """How many flashcards were first reviewed at or after `since` (UTC)."""


def flashcards(library: Library) -> dict[str, Flashcard]:
    """Every fact marked with `card` in the notes, keyed by note and the card's content id."""
    return {card.key: card for note in library.notes.values() for card in note_flashcards(note)}


def loaded_keys(library: Library) -> set[str]:
    """Keys of every bank question and note flashcard in `library`: the cards review can ask (with the
    stored drills), whatever a session's scope."""
    return set(flashcards(library)) | set(library.questions)


def question_to_json(question: Question) -> str:
    """A generated question as JSON, to be stored and asked again in review."""
    data = dict(question.__dict__)
    data["answer"], data["dea_task"] = list(question.answer), list(question.dea_task)
    return json.dumps(data, sort_keys=True)


def question_from_json(text: str) -> Question:
    """The generated question stored by question_to_json(). ValueError (bad JSON) or TypeError/KeyError when the text is
    not such a question."""
    data = json.loads(text)
    data["answer"], data["dea_task"] = tuple(data["answer"]), tuple(data.get("dea_task") or ())
    return Question(**data)


@dataclass(frozen=True)
class Scope:
    """`das review TOPIC ... --domain D`: note ids (with the notes they include) and a domain."""

    notes: frozenset[str] | None = None
    domain: str | None = None


def note_domains(library: Library) -> dict[str, set[str]]:
    """The DAS-C01 and DEA-C01 domain most of each note's questions belong to: its flashcards' domains."""
    return {topic: {d for d in (das, dea) if d} for topic, (das, dea, _task) in topic_classes(library).items()}


def topic_classes(library: Library) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Per topic (note id) with questions, the DAS-C01 domain, DEA-C01 domain and DEA-C01 task statement
    most of its bank questions belong to (ties: the greatest name): where its flashcards and, for the
    task, its drills count in review --domain and in das stats."""
    tally: dict[str, list[dict[str, int]]] = {}
    for q in library.questions.values():
        das, dea, task = tally.setdefault(q.topic, [{}, {}, {}])
        das[q.das_domain] = das.get(q.das_domain, 0) + 1
        dea[q.dea_domain] = dea.get(q.dea_domain, 0) + 1
        for t in q.dea_task:
            task[t] = task.get(t, 0) + 1
    def most(counts: dict[str, int]) -> str | None:
        return max(counts, key=lambda d: (counts[d], d)) if counts else None

    return {topic: (most(das), most(dea), most(task)) for topic, (das, dea, task) in tally.items()}


@dataclass(frozen=True)
class Queue:
    items: list[ReviewItem]
    due_total: int  # askable cards due now, in scope
    next_due: datetime | None  # earliest future due time, when nothing is due
    next_due_count: int  # cards due on that local day
    due_elsewhere: dict[str, int] = field(default_factory=dict)  # cards due now whose content is not loaded
    # now, by kind (question, flashcard): a --content-dir folder not given this time, or removed content
    new_waiting: int = 0  # flashcards in scope never introduced (counted only when nothing is asked)
    new_today: int = 0  # flashcards introduced today (local day)
    extra_due: int = 0  # --extra items that were due (left out by --limit), asked after the limited due ones
    extra_asked: int = 0  # --extra items in all (fewer than --extra when no more cards can be asked)
    elsewhere_since: datetime | None = None  # the earliest due time of the due_elsewhere cards


class _Builder:
    def __init__(self, library: Library, source: ReviewSource, scope: Scope | None) -> None:
        self.library, self.source, self.scope = library, source, scope or Scope()
        self.notes_cards = flashcards(library)
        self._domains = note_domains(library) if self.scope.domain else {}

    def item(self, ref: CardRef, reason: str) -> ReviewItem | None:
        """The item for a card, or None when it cannot be asked (gone from the content) or is out of scope."""
        notes, domain = self.scope.notes, self.scope.domain
        if ref.kind == "flashcard":
            card = self.notes_cards.get(ref.key)
            if card is None or (notes is not None and card.note_id not in notes):
                return None
            if domain and domain not in self._domains.get(card.note_id, ()):
                return None
            return ReviewItem(ref.key, "flashcard", flashcard=card, reason=reason)
        if notes is not None and ref.topic not in notes:
            return None
        question = self.library.questions.get(ref.key) if ref.kind == "question" else \
            self.source.drill(ref.key) if ref.kind == "drill" else None
        if question is None or (domain and domain not in (question.das_domain, question.dea_domain)):
            return None
        return ReviewItem(ref.key, ref.kind, question=question, reason=reason)

    def loaded_keys(self) -> set[str]:
        """Keys of every bank question and note flashcard loaded now, whatever the session's scope."""
        return loaded_keys(self.library)

    def askable_keys(self) -> set[str]:
        """Keys of the bank questions and note flashcards in scope (drills are found by their kind)."""
        keys = {key for key, card in self.notes_cards.items()
                if self.in_scope(CardRef(key, "flashcard", card.note_id, ""))}
        keys |= {q.id for q in self.library.questions.values()
                 if self.in_scope(CardRef(q.id, "question", q.topic, ""))}
        return keys

    def in_scope(self, ref: CardRef) -> bool:
        """A cheap test (no drill loaded) used to count and order; `item` makes the final decision."""
        notes = self.scope.notes
        if ref.kind == "flashcard":
            card = self.notes_cards.get(ref.key)
            return card is not None and (notes is None or card.note_id in notes) and \
                (not self.scope.domain or self.scope.domain in self._domains.get(card.note_id, ()))
        if notes is not None and ref.topic not in notes:
            return False
        if ref.kind == "question":
            q = self.library.questions.get(ref.key)
            return q is not None and (not self.scope.domain or self.scope.domain in (q.das_domain, q.dea_domain))
        return ref.kind == "drill"


def build_queue(library: Library, source: ReviewSource, now: datetime, exam_date: date | None, limit: int,
                extra: int, new_limit: int, scope: Scope | None = None) -> Queue:
    """The session: due cards (most overdue first; with a future exam date, least recallable on exam day
    first) up to `limit`, then new flashcards (at most `new_limit` per local day, rotating through the
    topics; `limit` does not count them), then `extra` more cards: the due cards `limit` left out first,
    then cards not due yet, weakest first. The store orders the cards (SQL) and they are
    read lazily: only the chosen cards are read and built into items, whatever the number due."""
    from das.practice.scheduling import exam_moment

    b = _Builder(library, source, scope)
    askable = b.askable_keys()  # the store looks these up instead of scanning cards that cannot be asked
    moment = exam_moment(exam_date) if exam_date is not None else None
    # one read of the due cards: the first `limit` are this session's due cards, the next ones (left out
    # by --limit) come first among the --extra cards, before cards not due yet
    day = local_date(now).isoformat()
    due_items = _take(b, untie(source.due(now, askable, moment if moment is not None and moment > now else None), day),
                      limit + extra, "due")
    items, extra_items = due_items[:limit], [replace(i, reason="extra") for i in due_items[limit:]]
    due_total = source.due_count(now, askable, b.scope.notes)
    loaded = b.loaded_keys()
    due_elsewhere = source.due_elsewhere(now, loaded)  # outside all loaded content, not the scope
    elsewhere_since = source.due_elsewhere_since(now, loaded) if due_elsewhere else None
    new_today = source.flashcards_created_since(_local_midnight(now))
    room = max(0, new_limit - new_today)  # --limit counts due cards only: new ones have --new
    if room:
        items += [ReviewItem(c.key, "flashcard", flashcard=c, reason="new")
                  for c in interleave_new(b, source.known_flashcards(), room)]
    extra_due = len(extra_items)
    if extra > extra_due:
        extra_items += _take(b, untie(source.later(now, askable, now), day), extra - extra_due, "extra")
    items += extra_items
    next_due, count, waiting = None, 0, 0
    if not items:
        known = source.known_flashcards()
        waiting = sum(1 for c in b.notes_cards.values()
                      if c.key not in known and b.in_scope(CardRef(c.key, "flashcard", c.note_id, "")))
        later = source.later(now, askable)
        for ref in later:
            if not b.in_scope(ref):
                continue
            when = datetime.fromisoformat(ref.due)
            if next_due is None:
                next_due = when
            if local_date(when) != local_date(next_due):
                break
            count += 1
        close = getattr(later, "close", None)
        if close is not None:
            close()
    return Queue(items, due_total, next_due, count, due_elsewhere, waiting, new_today, extra_due, len(extra_items),
                 elsewhere_since)


def _take(b: _Builder, refs: Iterable[CardRef], limit: int, reason: str) -> list[ReviewItem]:
    """Build items from `refs` in order until `limit` of them can be asked (read no further)."""
    out: list[ReviewItem] = []
    try:
        for ref in refs if limit > 0 else ():
            if not b.in_scope(ref):
                continue
            built = b.item(ref, reason)
            if built is not None:
                out.append(built)
                if len(out) >= limit:
                    break
    finally:
        close = getattr(refs, "close", None)
        if close is not None:
            close()  # stop reading: the store's statement ends here
    return out


def _shuffled(text: str, day: str) -> int:
    return zlib.crc32(f"{day}|{text}".encode("utf-8"))


def untie(refs: Iterable[CardRef], day: str) -> Iterator[CardRef]:
    """`refs` in their order, except that each run of ties (the same `tie`: due the same minute, or the
    same recall) is interleaved across topics, one card of each topic in turn, topics and the cards of
    a topic in a shuffle fixed for the local `day` (ISO date): after an exam, whose answers all share one
    due time, a limited review is never the alphabetical front. Reads one run ahead, lazily."""
    run: list[CardRef] = []
    try:
        for ref in refs:
            if run and ref.tie != run[0].tie:
                yield from _interleave(run, day)
                run = []
            run.append(ref)
        yield from _interleave(run, day)
    finally:
        close = getattr(refs, "close", None)
        if close is not None:
            close()


def _interleave(run: list[CardRef], day: str) -> list[CardRef]:
    if len(run) < 2:
        return run
    by_topic: dict[str, list[CardRef]] = {}
    for ref in run:
        by_topic.setdefault(ref.topic, []).append(ref)
    lanes = [sorted(cards, key=lambda r: _shuffled(r.key, day))
             for _topic, cards in sorted(by_topic.items(), key=lambda item: _shuffled(item[0], day))]
    return [lane[depth] for depth in range(max(map(len, lanes))) for lane in lanes if depth < len(lane)]


def interleave_new(b: _Builder, known: set[str], room: int) -> list[Flashcard]:
    """New flashcards one topic at a time in turn (never a whole topic first): topics with the fewest
    cards introduced so far lead, ties in a fixed shuffled order (a hash of the note id)."""
    by_note: dict[str, list[Flashcard]] = {}
    introduced: dict[str, int] = {}
    for card in b.notes_cards.values():
        if not b.in_scope(CardRef(card.key, "flashcard", card.note_id, "")):
            continue
        if card.key in known:
            introduced[card.note_id] = introduced.get(card.note_id, 0) + 1
        else:
            by_note.setdefault(card.note_id, []).append(card)
    order = sorted(by_note, key=lambda n: (introduced.get(n, 0), hashlib.sha1(n.encode()).hexdigest()))
    out: list[Flashcard] = []
    depth = 0
    while len(out) < room and any(len(by_note[n]) > depth for n in order):
        for note_id in order:
            if len(by_note[note_id]) > depth and len(out) < room:
                out.append(by_note[note_id][depth])
        depth += 1
    return out


def _local_midnight(now: datetime) -> datetime:
    from das.practice.clock import local_day_bounds

    return local_day_bounds(now)[0]

