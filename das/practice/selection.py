"""Which questions a practice session asks: by topic, domain, history (missed, unseen) and seed."""

from __future__ import annotations

import random
from dataclasses import dataclass

from das.content.bank import Question
from das.errors import UsageError
from das.content.library import Library
from das.content.notes import resolve_note
from das.content.schema import DAS_DOMAINS, DEA_DOMAINS


@dataclass(frozen=True)
class Selection:
    questions: list[Question]
    empty_reason: str = ""  # why nothing matched, for the user


def resolve_topics(library: Library, topics: list[str]) -> list[str]:
    """Note ids for what the user typed; each must have questions (or include notes that do)."""
    note_ids: list[str] = []
    with_questions = sorted({q.topic for q in library.questions.values()})
    for query in topics:
        note = resolve_note(library.notes, query)
        if not library.questions_for(note.id):
            hint = " (try --domain security)" if note.id == "security" else ""
            raise UsageError(
                f"topic {note.id!r} has no questions{hint}; topics with questions: {', '.join(with_questions)}"
            )
        if note.id not in note_ids:
            note_ids.append(note.id)
    return note_ids


def check_domain(domain: str | None) -> str | None:
    """The --domain value normalized (trimmed, lowercase), or None when not given. UsageError for a name that is no
    DEA-C01 or DAS-C01 domain."""
    if domain is None:
        return None
    value = domain.strip().lower()
    if value not in DEA_DOMAINS + DAS_DOMAINS:
        raise UsageError(
            f"--domain must be a DEA-C01 domain ({', '.join(DEA_DOMAINS)}) or a DAS-C01 domain "
            f"({', '.join(DAS_DOMAINS)}), got {domain!r}"
        )
    return value


def check_tasks(tasks: list[str] | None) -> set[str]:
    """The DEA-C01 task statements asked for ("1.3" or "3.4"); UsageError for anything else."""
    from das.content.schema import DEA_TASKS

    wanted = set()
    for task in tasks or []:
        value = task.strip()
        if value not in DEA_TASKS:
            raise UsageError(f"--task must be a DEA-C01 task statement ({', '.join(DEA_TASKS)}), got {task!r}")
        wanted.add(value)
    return wanted


def select_questions(
    library: Library,
    topics: list[str] | None = None,
    count: int = 10,
    domain: str | None = None,
    missed: set[str] | None = None,
    unseen_only_excluding: set[str] | None = None,
    seed: int | None = None,
    tasks: list[str] | None = None,
) -> Selection:
    """Filter, shuffle (seeded) and cut the bank. `missed`: only these ids; `unseen_only_excluding`:
    drop these (already answered) ids; `tasks`: DEA-C01 task statements ("1.3"). Raises UsageError for
    a bad count, domain, topic or task statement."""
    if count < 1:
        raise UsageError(f"--count must be at least 1, got {count}")
    domain = check_domain(domain)
    if topics:
        pool: list[Question] = []
        for note_id in resolve_topics(library, topics):
            pool += [q for q in library.questions_for(note_id) if q not in pool]
    else:
        pool = list(library.questions.values())
    if domain:
        pool = [q for q in pool if domain in (q.das_domain, q.dea_domain)]
    wanted = check_tasks(tasks)
    if wanted:
        pool = [q for q in pool if wanted & set(q.dea_task)]
    reason = "no questions match these topics, domain and task statements"
    if missed is not None:
        pool = [q for q in pool if q.id in missed]
        reason = "nothing to retry: no question you answered is currently wrong" + (" in this selection" if topics or domain else "")
    if unseen_only_excluding is not None:
        pool = [q for q in pool if q.id not in unseen_only_excluding]
        reason = "you have answered every question in this selection at least once"
    rng = random.Random(seed)
    pool.sort(key=lambda q: q.id)  # a seed gives the same session whatever the file order
    rng.shuffle(pool)
    return Selection(pool[:count], "" if pool else reason)
