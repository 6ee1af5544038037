"""`das import`: other people's banks (markdown, GIFT, das CSV) become a user content folder.

Each question gets a stable id from its normalized text, "single" or "multiple" from the count of its
marked answers (the stem then says "(Select TWO.)"), a topic (`imported-<note>` for the service its
stem names most, or the one given), and the file it came from as its source. What a source does not
say (exam domains, difficulty, an explanation) is left out, never invented. The folder has
`questions/<topic>.yaml` and `notes/<topic>.yaml` (one section saying where the questions come from,
so every question's read_next resolves).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from das.content.notes import Note
from das.content.schema import ID_PATTERN, OPTION_KEYS, SELECT_WORDS
from das.errors import UsageError
from das.interop.model import Found, Skipped
from das.interop.text import normal_form, one_line, question_id, strip_select_phrase

FORMATS = ("auto", "markdown", "gift", "csv")
TOPIC_PREFIX = "imported-"
GENERAL_TOPIC = "imported-general"
SECTION_ID = "source"
MARKER = "# written by das import"
# Notes that are concepts or the exam, not services a stem names; names too short or common to count.
_NOT_SERVICES = {"exam", "data-lake", "data-pipeline", "security"}
_AMBIGUOUS_NAMES = {"es", "lf", "qs", "pipeline", "kafka", "spark", "hadoop", "flink", "apache flink", "apache kafka"}


@dataclass
class ImportPlan:
    """What `das import` will write: question and note data per topic, and what it skipped."""

    banks: dict[str, list[dict]] = field(default_factory=dict)  # topic -> questions (YAML data)
    notes: dict[str, dict] = field(default_factory=dict)  # topic -> note (YAML data)
    skipped: list[Skipped] = field(default_factory=list)
    adjusted: list[Skipped] = field(default_factory=list)  # imported, but something was changed or dropped

    @property
    def total(self) -> int:
        """How many questions the plan writes, over all topics."""
        return sum(len(qs) for qs in self.banks.values())

    @property
    def multiple(self) -> int:
        """How many of the planned questions are multiple-response."""
        return sum(q["type"] == "multiple" for qs in self.banks.values() for q in qs)

    def as_json(self, folder: Path) -> dict:
        """The `das import` report as JSON data: the folder written into, question counts (total, multiple-response, per
        topic) and every skipped entry with its file, line and reason."""
        return {
            "into": str(folder), "questions": self.total, "multiple_response": self.multiple,
            "topics": {topic: len(qs) for topic, qs in sorted(self.banks.items())},
            "skipped": [{"file": s.file, "line": s.line, "reason": s.reason} for s in self.skipped],
            "adjusted": [{"file": s.file, "line": s.line, "reason": s.reason} for s in self.adjusted],
        }


def detect_format(path: Path, text: str) -> str:
    """markdown, gift or csv, from the file name, else from the first lines."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix == ".gift":
        return "gift"
    if suffix in (".csv", ".tsv"):
        return "csv"
    head = text.lstrip()[:2000]
    if head.startswith("#separator:") or head.startswith("#html:"):
        return "csv"
    if re.search(r"(?m)^\s*(?:::.*::)?[^\n{]*\{\s*$|\{\s*[=~]", head) and ("~" in head or "=" in head):
        return "gift"
    return "markdown"


def read_file(path: Path) -> str:
    """A source file's text; UsageError when it is missing, not a regular file, larger than
    limits.IMPORT_FILE_BYTES or not UTF-8 text."""
    from das import limits
    from das.files import Refused, read_bounded

    try:
        data = read_bounded(path, limits.IMPORT_FILE_BYTES)
    except Refused as exc:
        if exc.missing:
            raise UsageError(f"no file {str(path)!r} to import") from None
        if exc.folder:
            raise UsageError(f"{str(path)!r} is a folder; give the bank's files") from None
        raise UsageError(f"cannot import {str(path)!r}: it {exc.reason}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{str(path)!r} is not UTF-8 text; das imports markdown, GIFT and CSV files") from None


def parse_file(path: Path, fmt: str = "auto") -> tuple[list[Found], list[Skipped]]:
    """The questions of one file in `fmt` (auto detects it), and what was skipped."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    text = read_file(path)
    kind = detect_format(path, text) if fmt == "auto" else fmt
    name = one_line(path.name) or "unnamed"  # a file name is untrusted text too: it is printed and cited
    if kind == "markdown":
        from das.interop.markdown import parse_markdown

        return parse_markdown(text, name)
    if kind == "gift":
        from das.interop.gift import parse_gift

        return parse_gift(text, name)
    from das.interop.csvfile import parse_csv

    return parse_csv(text, name)


def service_names(notes: dict[str, Note]) -> dict[str, str]:
    """Normalized service names (ids, aliases, titles) -> note id, for guessing a question's topic."""
    names: dict[str, str] = {}
    for note in sorted(notes.values(), key=lambda n: n.id):
        if note.id in _NOT_SERVICES or note.id.startswith(TOPIC_PREFIX):
            continue
        title = normal_form(note.title)
        for name in (note.id.replace("-", " "), *note.aliases, note.title, re.sub(r"^(amazon|aws) ", "", title)):
            key = normal_form(name)
            if key and key not in _AMBIGUOUS_NAMES:
                names.setdefault(key, note.id)
    return names


# Services nearly every data question mentions in passing (where the data lands, the glue code, the
# metrics): a mention counts half, so the service a question is about wins over them.
_GENERIC_SERVICES = {"s3": 0.5, "lambda-data": 0.5, "monitoring-audit": 0.5}
# Locations are not mentions of a service as the subject: s3://bucket/key, arn:aws:..., URLs.
_LOCATIONS = re.compile(r"\b[a-z][a-z0-9+.-]*://\S*|\barn:aws[a-z-]*:\S*", re.IGNORECASE)


def guess_topic(stem: str, names: dict[str, str]) -> str | None:
    """The note id of the service the stem names most (the first named, on a tie); longer names first,
    so "kinesis data streams" is not counted as "kinesis". Paths, ARNs and URLs (s3://bucket) are not
    mentions, and the services almost every question touches (S3, Lambda, CloudWatch) count half."""
    text = f" {normal_form(_LOCATIONS.sub(' ', stem))} "
    counts: dict[str, list[float]] = {}
    for name in sorted(names, key=len, reverse=True):
        needle = f" {name} "
        start = text.find(needle)
        while start >= 0:
            note_id = names[name]
            entry = counts.setdefault(note_id, [0.0, start])
            entry[0] += _GENERIC_SERVICES.get(note_id, 1.0)
            entry[1] = min(entry[1], start)
            text = text[:start + 1] + "#" * len(name) + text[start + 1 + len(name):]
            start = text.find(needle)
    if not counts:
        return None
    return min(counts, key=lambda n: (-counts[n][0], counts[n][1]))


def check_topic(topic: str, notes: dict[str, Note]) -> str:
    """--topic as an id: lowercase kebab-case, and not a topic das already has. Letters outside ASCII
    are refused (an id keeps only a-z, 0-9 and hyphens), with the ASCII spelling suggested."""
    if not topic.isascii():
        suggestion = "-".join(re.findall(r"[a-z0-9]+", normal_form(topic)))
        hint = f"; e.g. --topic {suggestion}" if suggestion and ID_PATTERN.match(suggestion) else ""
        raise UsageError(f"--topic must be written in ASCII letters, digits and hyphens, got {topic!r}{hint}")
    value = "-".join(re.findall(r"[a-z0-9]+", topic.lower()))
    if not value or not ID_PATTERN.match(value):
        raise UsageError(f"--topic must be a name like my-kinesis (letters, digits, hyphens), got {topic!r}")
    if value in notes:
        raise UsageError(f"--topic {value!r} is a topic das already has; imported questions need their own, "
                         f"e.g. --topic {TOPIC_PREFIX}{value}")
    return value


def _stem(found: Found) -> str:
    stem = strip_select_phrase(found.stem)
    if len(found.answers) > 1:
        stem += f" (Select {SELECT_WORDS[len(found.answers)]}.)"
    return stem


def plan_import(found: list[Found], skipped: list[Skipped], notes: dict[str, Note], topic: str | None = None,
                today: date | None = None) -> ImportPlan:
    """Turn parsed questions into the content to write. `notes`: the notes das knows (for topic
    guesses and clashes); `topic`: put every question in this topic instead of guessing."""
    plan = ImportPlan(skipped=list(skipped))
    fixed = check_topic(topic, notes) if topic else None
    names = service_names(notes)
    seen: dict[str, Found] = {}
    files: dict[str, dict[str, int]] = {}  # topic -> file -> questions
    related: dict[str, str] = {}
    for q in found:
        qid = question_id(q.stem, q.options)
        if qid in seen:
            first = seen[qid]
            plan.skipped.append(Skipped(q.file, q.line, f"the same question as {first.file}:{first.line}"))
            continue
        seen[qid] = q
        plan.adjusted += [Skipped(q.file, q.line, note) for note in q.notes]
        if fixed:
            chosen = fixed
        elif q.topic_hint and q.topic_hint.startswith(TOPIC_PREFIX) and ID_PATTERN.match(q.topic_hint):
            chosen = q.topic_hint
        else:
            hinted = q.topic_hint in notes and not str(q.topic_hint).startswith(TOPIC_PREFIX)
            service = q.topic_hint if hinted else guess_topic(q.stem, names)
            chosen = f"{TOPIC_PREFIX}{service}" if service else GENERAL_TOPIC
            if service:
                related[chosen] = service
        if chosen in notes:
            raise UsageError(f"topic {chosen!r} already exists in {notes[chosen].path}; "
                             "import into another topic with --topic")
        keys = OPTION_KEYS[: len(q.options)]
        data = {
            "id": qid,
            "type": "multiple" if len(q.answers) > 1 else "single",
            "stem": _stem(q),
            "options": {k: one_line(text) for k, text in zip(keys, q.options)},
            "answer": [keys[i] for i in q.answers],
        }
        explanations = {keys[i]: one_line(text) for i, text in sorted(q.explanations.items()) if one_line(text)}
        if explanations:
            data["explanations"] = explanations
        data["read_next"] = f"{chosen}#{SECTION_ID}"
        data["source"] = f"file:{q.file}#L{q.line}"
        plan.banks.setdefault(chosen, []).append(data)
        by_file = files.setdefault(chosen, {})
        by_file[q.file] = by_file.get(q.file, 0) + 1
    when = (today or date.today()).isoformat()
    for chosen, by_file in files.items():
        service = related.get(chosen)
        title = notes[service].title if service in notes else None
        count = len(plan.banks[chosen])
        facts = []
        for name, n in sorted(by_file.items()):
            text = f"{n} question{'s' if n != 1 else ''} imported with das import from {name} on {when}."
            if title:
                text += f" das's own notes on {title}: das explain {service}."
            facts.append({"text": text, "source": f"file:{name}"})
        note = {
            "id": chosen,
            "title": f"Imported questions: {title}" if title else f"Imported questions: {chosen}",
            "aliases": [],
            "summary": f"{count} question{'s' if count != 1 else ''} imported from "
                       f"{', '.join(sorted(by_file))}; exam domains unknown.",
            "exams": [],
            "imported": True,
        }
        if service:
            note["related"] = [service]
        note["sections"] = [{"id": SECTION_ID, "title": "Where these questions come from", "facts": facts}]
        plan.notes[chosen] = note
    return plan


def _dump(data: dict, header: str) -> str:
    """The YAML das import writes: every string comes back as the same string under das's YAML 1.2
    reading (PyYAML writes YAML 1.1, where a plain 1e3 or 0o17 would be text but das reads a number)."""
    import re

    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: 20x faster on big banks

    class Dumper(base):  # type: ignore[misc, valid-type]
        pass

    number_like = re.compile(r"[-+]?(\.?[0-9]|0[box]|\.inf|\.nan)|(true|false|null|~)$", re.IGNORECASE)

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = '"' if number_like.match(value.strip()) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return f"{MARKER}: {header}\n" + yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_plan(plan: ImportPlan, folder: Path, force: bool = False) -> list[Path]:
    """Write the plan under `folder` (notes/, questions/). Without `force` the folder must not exist or
    be empty; with it, files a previous import wrote are replaced, other files are never touched.
    Raises UsageError when it would overwrite something."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--into {str(folder)!r} is a file, not a folder")
    existing = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    if existing and not force:
        raise UsageError(f"--into {str(folder)!r} is not empty ({len(existing)} files); "
                         "add --force to replace a previous import there")
    ours = [p for p in existing if p.suffix == ".yaml" and p.parent.name in ("notes", "questions")
            and _written_by_import(p)]
    targets = [folder / "notes" / f"{t}.yaml" for t in plan.notes] + [folder / "questions" / f"{t}.yaml" for t in plan.banks]
    for target in targets:
        if target.exists() and target not in ours:
            raise UsageError(f"{str(target)!r} was not written by das import; not replacing it")
    try:
        return _write_staged(plan, folder, ours)
    except OSError as exc:
        from das.errors import write_error

        raise write_error(f"cannot write to {str(folder)!r}", exc) from None


def _write_staged(plan: ImportPlan, folder: Path, ours: list[Path]) -> list[Path]:
    """Write every file into a temporary folder beside `folder`, then move it into place only when all
    are written: a full disk leaves `folder` as it was (no half-written import ever fails `das content
    check`), and folders created for it are removed again. OSError when it cannot."""
    import os
    import tempfile

    created = [p for p in [folder, *folder.parents] if not p.exists()]
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix=f".{folder.name}.das-import-", dir=folder.parent,
                                         ignore_cleanup_errors=True) as work:
            staged = Path(work)
            (staged / "notes").mkdir()
            (staged / "questions").mkdir()
            for topic, note in sorted(plan.notes.items()):
                (staged / "notes" / f"{topic}.yaml").write_text(
                    _dump(note, "the note every imported question's read_next points to"), encoding="utf-8")
            for topic, questions in sorted(plan.banks.items()):
                (staged / "questions" / f"{topic}.yaml").write_text(
                    _dump({"topic": topic, "imported": True, "questions": questions},
                          "ids come from each question's text; exam domains are unknown"), encoding="utf-8")
            files = sorted(p.relative_to(staged) for p in staged.rglob("*.yaml"))
            if not folder.exists():
                os.replace(staged, folder)  # one rename: the whole import appears at once
            else:  # an empty folder, or --force over a previous import: each file moved in one rename
                for path in ours:
                    if path.relative_to(folder) not in files:
                        path.unlink()
                for name in files:
                    (folder / name).parent.mkdir(exist_ok=True)
                    os.replace(staged / name, folder / name)
    except BaseException:
        for made in created:  # innermost first: only the folders this import created, when still empty
            try:
                made.rmdir()
            except FileNotFoundError:
                continue
            except OSError:
                break
        raise
    return [folder / name for name in files]


def _written_by_import(path: Path) -> bool:
    from das.files import is_regular

    if not is_regular(path):  # a FIFO would block the open below
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.readline().startswith(MARKER)
    except (OSError, UnicodeDecodeError):
        return False


def import_files(paths: list[Path], folder: Path, fmt: str, topic: str | None, force: bool, library) -> dict:
    """Parse every file, write the content folder, check it as `das content check` would, and return
    the summary (ImportPlan.as_json). `library`: the content das knows now (notes are enough). Raises
    UsageError when a file cannot be read, nothing could be imported, or the folder cannot be written."""
    from das.content.library import load_library, locate
    from das.paths import user_content_dirs

    found: list[Found] = []
    skipped: list[Skipped] = []
    for path in paths:
        more, missed = parse_file(path, fmt)
        found += more
        skipped += missed
    root = folder.resolve()
    notes = {k: n for k, n in library.notes.items() if not Path(n.path).resolve().is_relative_to(root)}
    plan = plan_import(found, skipped, notes, topic)
    if not plan.total:
        first = f" (first: {plan.skipped[0]})" if plan.skipped else ""
        raise UsageError(f"no question could be imported from {', '.join(p.name for p in paths)}: "
                         f"{len(plan.skipped)} skipped{first}")
    write_plan(plan, folder, force)
    configured = any(d.resolve() == root for d in user_content_dirs())
    checked = load_library(() if configured else (str(folder),), strict=False)
    problems = [p for p in checked.problems if Path(p.path).resolve().is_relative_to(root)]
    if problems:  # das wrote content its own check rejects: a bug, never silent
        raise UsageError(f"das import wrote content that fails 'das content check': {locate(problems[0])}")
    return plan.as_json(folder)
