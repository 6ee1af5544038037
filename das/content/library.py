"""Loads all content (built-in plus user folders), checks it against the schema, and caches it.

One loader serves every command. Each file's validated data is cached with its size and modification
time, so an unchanged library loads from one JSON file and an edited file is always re-read: the cache
can never serve stale content. Cross-file references (related topics, read-next sections, rules) are
checked whenever a content file or rules.yaml changed, and their result cached with the files' stamps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from das.content.bank import Question
from das.errors import ContentError, UsageError
from das.content.notes import Note, normalize
from das.content.schema import Problem, locate
from das.content.terminal import CLEANING, clean_tree, is_unsafe, visible

_CACHE_NAME = "library"


@dataclass
class Library:
    notes: dict[str, Note] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    user_questions: set[str] = field(default_factory=set)  # ids from --content-dir / DAS_CONTENT folders
    warnings: list[Problem] = field(default_factory=list)  # strings that held escape sequences (cleaned)

    def questions_for(self, note_id: str) -> list[Question]:
        """A topic's questions, including those of the notes it `includes` (kinesis -> kds, firehose...)."""
        wanted = {note_id, *self.notes[note_id].includes} if note_id in self.notes else {note_id}
        return [q for q in self.questions.values() if q.topic in wanted]


def content_dirs(extra: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """The built-in content folder, then user folders (DAS_CONTENT, --content-dir); each must exist.
    A folder named twice (in DAS_CONTENT and --content-dir, or as ./bank and bank/) is loaded once:
    folders are compared by their resolved path."""
    from das.paths import builtin_content_dir, user_content_dirs

    dirs = [builtin_content_dir()]
    seen = {dirs[0].resolve()}
    for folder in user_content_dirs(extra):
        text = str(folder)  # long paths keep their start and their end, which names the folder
        shown = text if len(text) <= 120 else text[:40] + "..." + text[-77:]
        try:
            folder.stat()
        except OSError as exc:  # missing, a name too long, a symlink loop, no permission
            problem = "does not exist" if isinstance(exc, FileNotFoundError) else f"cannot be read ({exc.strerror})"
            raise UsageError(f"content folder {shown!r} {problem} (set by --content-dir or DAS_CONTENT)") from None
        if not folder.is_dir():
            raise UsageError(f"content folder {shown!r} is not a folder (set by --content-dir or DAS_CONTENT)")
        if folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        dirs.append(folder)
    return dirs


def _files(dirs: list[Path], kinds: tuple[str, ...] = ("notes", "questions")) -> list[tuple[str, Path]]:
    found = []
    for folder in dirs:
        for kind in kinds:
            sub = folder / kind
            if sub.is_dir():
                found += [(kind, p) for p in sorted(sub.glob("*.yaml"))]
                found += [(kind, p) for p in sorted(sub.glob("*.yml"))]
    return found


def _is_user(path: Path) -> bool:
    """Whether a content file comes from a user folder rather than the built-in content."""
    from das.paths import builtin_content_dir

    return not path.resolve().is_relative_to(builtin_content_dir().resolve())


def _check_file(kind: str, path: Path) -> tuple[Any, list[Problem], list]:
    """Parse, clean and validate one file: (data, [], found) or (None, problems, []). Strings are cleaned
    for the terminal (das.content.terminal), unless the file's text cannot hold anything to clean; `found`
    lists the (key path, text) of each string that needed it."""
    from das.content.yamlfile import parse, read_text

    try:
        text = read_text(path)
        data = parse(text, path)
    except ContentError as exc:
        return None, [Problem(exc.path, (exc.field,), exc.problem, exc.line, exc.column)], []
    found: list = []
    if "\\" in text or is_unsafe(text):  # YAML makes a control character only from one written raw or escaped
        data = clean_tree(data, (), found)
    if kind == "notes":
        # the schema checks are imported only when a file is read: a warm cache needs none
        from das.content.note_schema import check_note

        return (*check_note(data, str(path), path.stem, _is_user(path)), found)
    from das.content.question_schema import check_bank

    return (*check_bank(data, str(path), path.stem, _is_user(path)), found)


def load_library(
    extra_dirs: list[str] | tuple[str, ...] = (), strict: bool = True, questions: bool = True
) -> Library:
    """Every note (and question). strict: the first problem is raised as a ContentError (exit 2).

    questions=False loads the notes alone (what `das explain` needs), from a cache of their own. A cache
    whose entries do not have the shape the loader expects is ignored and rebuilt.
    """
    import gc

    # Loading builds hundreds of thousands of small containers and no reference cycles: the cyclic garbage
    # collector would walk the growing heap again and again (a third of a 10,000-question warm load)
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            return _load_library(extra_dirs, strict, questions, use_cache=True)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            if isinstance(exc, ContentError):
                raise
            return _load_library(extra_dirs, strict, questions, use_cache=False)
    finally:
        if collecting:
            gc.enable()


def _load_library(extra_dirs: list[str] | tuple[str, ...], strict: bool, questions: bool,
                  use_cache: bool) -> Library:
    dirs = content_dirs(extra_dirs)
    kinds = ("notes", "questions") if questions else ("notes",)
    files = _files(dirs, kinds)
    from das.content.cache import read_cache, write_cache

    cache_name = _CACHE_NAME if questions else "notes-" + _CACHE_NAME
    stored = read_cache(cache_name) if use_cache else None
    cache: dict = stored if isinstance(stored, dict) else {}
    fresh: dict[str, Any] = {}
    changed = False
    library = Library(files=len(files))
    raw: list[tuple[str, Path, dict]] = []
    broken: set[str] = set()  # stems of files that failed: references to them are not reported twice
    for kind, path in files:
        try:
            key = str(path.resolve())
            st = path.stat()
        except (OSError, RuntimeError) as exc:  # a dangling or looping symlink named *.yaml
            library.problems.append(Problem(str(path), ("file",), f"cannot be read: {getattr(exc, 'strerror', None) or exc}"))
            continue
        stamp = [st.st_size, st.st_mtime_ns, CLEANING]  # cleaned under an older rule: read again
        entry = cache.get(key)
        if isinstance(entry, dict) and entry.get("stamp") == stamp and entry.get("kind") == kind:
            data, unsafe = entry["data"], entry.get("unsafe", [])
        else:
            data, problems, found = _check_file(kind, path)
            changed = True
            if problems:
                library.problems.extend(problems)
                broken.add(path.stem)
                continue
            unsafe = [[list(keys), visible(text, 60)] for keys, text in found]
        library.warnings.extend(
            Problem(str(path), tuple(keys), f"contains terminal escape sequences, control or invisible characters, removed "
                                            f"when shown: {shown}") for keys, shown in unsafe)
        fresh[key] = {"stamp": stamp, "kind": kind, "data": data, "unsafe": unsafe}
        raw.append((kind, path, data))
    if changed or len(fresh) != len(cache):
        write_cache(cache_name, fresh)

    for kind, path, data in raw:
        if kind != "notes":
            continue
        if data["id"] in library.notes:
            library.problems.append(Problem(str(path), ("id",), f"note id {data['id']!r} already exists in {library.notes[data['id']].path}"))
            continue
        library.notes[data["id"]] = Note.from_data(data, str(path))
    for kind, path, data in raw:
        if kind != "questions":
            continue
        user = _is_user(path)
        for i, qdata in enumerate(data["questions"]):
            if qdata["id"] in library.questions:
                library.problems.append(Problem(str(path), ("questions", i, "id"), f"question id {qdata['id']!r} is used twice"))
                continue
            library.questions[qdata["id"]] = Question.from_data(qdata, data["topic"])
            if user:
                library.user_questions.add(qdata["id"])
    library.problems.extend(_cross_references(library, raw, broken, fresh, cache_name))
    if strict and library.problems:
        first = locate(library.problems[0])
        more = f" (and {len(library.problems) - 1} more: run 'das content check')" if len(library.problems) > 1 else ""
        raise ContentError(first.path, first.line, first.field, first.message + more, column=first.column)
    return library


def _cross_references(library: Library, raw: list[tuple[str, Path, dict]], broken: set[str],
                      fresh: dict[str, Any], cache_name: str) -> list[Problem]:
    """_cross_reference_problems(), reused from the cache while every content file and rules.yaml are
    unchanged (and no file failed its own checks): a run then neither rechecks nor loads the rules."""
    if broken or library.problems:
        return _cross_reference_problems(library, raw, broken)
    from das.content.cache import fingerprint, read_cache, write_cache
    from das.paths import builtin_content_dir

    try:
        key = [[name, entry["stamp"]] for name, entry in fresh.items()] + \
            fingerprint([builtin_content_dir() / "rules.yaml"])
    except OSError:
        return _cross_reference_problems(library, raw, broken)
    stored = read_cache("xref-" + cache_name)
    if isinstance(stored, dict) and stored.get("key") == key and isinstance(stored.get("problems"), list):
        return [Problem(path, tuple(keys), message, line) for path, keys, message, line in stored["problems"]]
    problems = _cross_reference_problems(library, raw, broken)
    write_cache("xref-" + cache_name, {"key": key, "problems": [[p.path, list(p.keys), p.message, p.line]
                                                                 for p in problems]})
    return problems


def _cross_reference_problems(library: Library, raw: list[tuple[str, Path, dict]], broken: set[str]) -> list[Problem]:
    from das.content.rules import all_rules

    problems: list[Problem] = []
    notes = library.notes
    rules = all_rules()
    names: dict[str, str] = {}
    for note in notes.values():
        for name in (note.id, *note.aliases):
            key = normalize(name)
            if key in names and names[key] != note.id:
                problems.append(Problem(note.path, ("aliases",), f"{name!r} already names note {names[key]!r}"))
            names.setdefault(key, note.id)
        for field_name in ("related", "includes"):
            for i, ref in enumerate(getattr(note, field_name)):
                if ref not in notes and ref not in broken:
                    problems.append(Problem(note.path, (field_name, i), f"{ref!r} is not a note id"))
        for s, section in enumerate(note.sections):
            for f, fact in enumerate(section.facts):
                if "rule" in fact and fact["rule"] not in rules:
                    problems.append(Problem(note.path, ("sections", s, "facts", f, "rule"), f"{fact['rule']!r} is not a calculator rule"))
    for kind, path, data in raw:
        if kind != "questions":
            continue
        if data["topic"] not in notes and data["topic"] not in broken:
            problems.append(Problem(str(path), ("topic",), f"{data['topic']!r} is not a note id"))
        for i, q in enumerate(data["questions"]):
            if q["read_next"].partition("#")[0] in broken:
                continue
            problem = reference_problem(notes, q["read_next"])
            if problem:
                problems.append(Problem(str(path), ("questions", i, "read_next"), problem))
    from das.paths import builtin_content_dir

    rules_path = builtin_content_dir() / "rules.yaml"
    for rule in rules.values():
        if rule.note.partition("#")[0] in broken:
            continue
        problem = reference_problem(notes, rule.note)
        if problem:
            index = list(rules).index(rule.id)
            problems.append(Problem(str(rules_path), ("rules", index, "note"), problem))
    return problems


def reference_problem(notes: dict[str, Note], ref: str) -> str | None:
    """Why a note-id#section-id reference does not resolve, or None."""
    note_id, _, section_id = ref.partition("#")
    note = notes.get(note_id)
    if note is None:
        return f"{ref!r}: no note {note_id!r}"
    if note.section(section_id) is None:
        return f"{ref!r}: note {note_id!r} has no section {section_id!r}"
    return None
