"""Reading content YAML: one parser, one set of semantics, bounded, for every file, built-in or user.

- Parser: yaml-rs (YAML 1.2 core schema) for every file. `yes`, `no`, `on` and `12:30` stay strings, `017`
  is 17, `1e3` is 1000.0, a duplicate key is an error, and explicit tags other than the core ones
  (`!!str`, `!!int`, ...) are refused with their line (yaml-rs would silently drop them). Measured on a
  generated 10,000-question bank, yaml-rs parses in about a tenth of the time of PyYAML's C safe loader;
  the content cache makes warm loads parser-independent anyway.
- Bounds: only regular files are read (a FIFO or a device is refused without blocking), at most
  MAX_FILE_BYTES each, and alias expansion is limited, so a hostile file cannot hang das or fill memory.
- Lines: errors name file and line. PyYAML's composer (positions only, no values) finds the line of a key
  path for schema problems, so both parsers agree on where, and only yaml-rs decides what.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from das.errors import ContentError

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_ALIAS_EVENTS = 100_000  # replayed events through aliases in one file
# The data one file may expand to through aliases: characters in its strings (keys included) and values.
MAX_EXPANDED_CHARS = 32 * 1024 * 1024
MAX_EXPANDED_NODES = 4_000_000
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s,\[\]{}]+", re.MULTILINE)
CORE_TAGS = {"str", "int", "float", "bool", "null", "seq", "map"}
CORE_PREFIX = "tag:yaml.org,2002:"
_LINE = re.compile(r"line (\d+)")
# Characters YAML 1.2 does not allow in a stream (outside c-printable, section 5.1): C0 controls other than
# tab, LF and CR, DEL, C1 controls other than NEL, and the non-characters U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")
_TAG_SHAPE = re.compile(r"(?:^|[\s\[{,:-])(!!?[^\s,\[\]{}]*)")


def read_text(path: Path) -> str:
    """The file's text. Raises ContentError when it is not a regular file, too large, unreadable, not UTF-8,
    or holds a character YAML forbids (NUL and other control characters; named by file:line:column)."""
    from das.files import Refused, read_bounded

    try:
        data = read_bounded(path, MAX_FILE_BYTES)
    except Refused as exc:
        raise ContentError(str(path), None, "file", exc.reason) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(str(path), line, "file", "is not valid UTF-8") from None
    forbidden = _FORBIDDEN.search(text) if _may_hold_forbidden(data) else None
    if forbidden:
        start = forbidden.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        raise ContentError(str(path), line, "file",
                           f"holds the control character U+{ord(forbidden.group()):04X}, which YAML does not allow",
                           column=column)
    return text


# Bytes that never start a forbidden character: every byte but the forbidden ASCII controls and DEL, and
# the lead bytes of U+0080..U+00BF (0xc2) and U+F000..U+FFFF (0xef), where C1 controls and U+FFFE/U+FFFF live.
_FORBIDDEN_ASCII = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xC2, 0xEF])
_HARMLESS = bytes(b for b in range(256) if b not in _FORBIDDEN_ASCII)


def _may_hold_forbidden(data: bytes) -> bool:
    """False when UTF-8 `data` certainly holds no character _FORBIDDEN matches (a C-speed pass over the
    bytes); True when it might, and the regex must look (it alone decides)."""
    return bool(data.translate(None, _HARMLESS))


_ANCHOR_BEFORE = frozenset(" \t\n\r\f\v[{,:-")  # what may precede '&' in _ANCHOR (or a line start)
_ANCHOR_NOT_AFTER = frozenset(" \t\n\r\f\v,[]{}")


def _has_anchor(text: str) -> bool:
    """Whether `text` holds something _ANCHOR matches: an '&' at a line start or after a space or one of
    '[{,:-', followed by a name character. The same answer as `_ANCHOR.search(text) is not None`, found
    by C-speed searches for '&' (a bank's prose rarely holds one) instead of a regex tried at every position."""
    at = text.find("&")
    while at != -1:
        before_ok = at == 0 or text[at - 1] in _ANCHOR_BEFORE or text[at - 1].isspace()
        if before_ok and at + 1 < len(text) and text[at + 1] not in _ANCHOR_NOT_AFTER and not text[at + 1].isspace():
            return True
        at = text.find("&", at + 1)
    return False


def parse(text: str, path: Path | str) -> Any:
    """Parse YAML text with das's one semantics; raises ContentError naming file and line."""
    import yaml_rs

    if "!" in text:
        _refuse_foreign_tags(text, path)
    anchors = _has_anchor(text)
    replays = MAX_ALIAS_EVENTS
    if anchors:  # only aliases can make the data larger than the file: measure it before building it
        replays = _refuse_large_expansion(text, path)
    limits = yaml_rs.AliasLimits(max_total_replayed_events=replays, max_replay_stack_depth=64,
                                 max_alias_expansions_per_anchor=None)
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=limits)
        if anchors:
            _refuse_large_data(data, path, text)
        return data
    except Exception as exc:  # yaml_rs.YAMLDecodeError and whatever the binding raises for bad input
        message = str(exc).strip()
        found = _LINE.search(message)
        line = int(found.group(1)) if found else (_duplicate_key_line(text) if "duplicate" in message
                                                  else _first_alias_line(text) if "alias" in message else None)
        problem = message.splitlines()[-1] if message else "malformed YAML"
        if "duplicate" in message:
            problem = message.splitlines()[0]
        raise ContentError(str(path), line, "yaml", _short(problem)) from None


def load_yaml(path: Path) -> Any:
    """Read and parse one content file (see read_text and parse for the errors)."""
    return parse(read_text(path), path)


def line_of_keys(path: Path | str, keys: tuple) -> int | None:
    """The 1-based line of a key path (("questions", 3, "answer")) in a file, or of its deepest existing part."""
    import yaml

    try:
        node = yaml.compose(read_text(Path(path)), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (ContentError, yaml.YAMLError):
        return None
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for key in keys:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(key):
                    line, child = key_node.start_mark.line + 1, value_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            child = node.value[key]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def _refuse_foreign_tags(text: str, path: Path | str) -> None:
    """ContentError at the first explicit tag that is not a YAML core tag (e.g. !!python/object, !custom),
    and at any %TAG directive (which could give !! another meaning)."""
    import yaml

    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("%TAG"):
            raise ContentError(str(path), number, "yaml", "%TAG directives are not allowed")
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                core = suffix[len(CORE_PREFIX):] if handle is None and suffix.startswith(CORE_PREFIX) else suffix
                if (handle == "!!" or handle is None and suffix.startswith(CORE_PREFIX)) and core in CORE_TAGS:
                    continue
                shown = _short(f"{handle or ''}{suffix}", 40)
                raise ContentError(str(path), token.start_mark.line + 1, "yaml",
                                   f"the tag {shown!r} is not allowed (only YAML core tags such as !!str)")
    except yaml.YAMLError:
        # PyYAML cannot scan this file (yaml-rs may still parse it): look for tags by their shape instead
        for number, line in enumerate(text.splitlines(), 1):
            for found in _TAG_SHAPE.finditer(line):
                tag = found.group(1)
                core = tag[2:] if tag.startswith("!!") else ""
                if core not in CORE_TAGS:
                    raise ContentError(str(path), number, "yaml",
                                       f"the tag {_short(tag, 40)!r} is not allowed (only YAML core tags such as !!str)") from None


def _refuse_large_expansion(text: str, path: Path | str) -> int:
    """ContentError at the alias that makes the file's data larger than MAX_EXPANDED_CHARS characters or
    MAX_EXPANDED_NODES values once aliases are expanded. Measured on PyYAML's event stream (positions and
    scalars as written, nothing expanded): each anchor's size is remembered and added at each alias. Returns
    the alias replay limit for yaml-rs: MAX_ALIAS_EVENTS, or a small one when PyYAML cannot read the file
    (yaml-rs then decides, with aliases kept too few to matter; _refuse_large_data checks the result)."""
    import yaml

    sizes: dict[str, tuple[int, int]] = {}
    stack: list[list] = [[0, 0, None]]  # per open collection: characters, values, its anchor
    total_chars = total_nodes = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent):
                chars, nodes = sizes.get(event.anchor, (0, 1))
            elif isinstance(event, yaml.ScalarEvent):
                chars, nodes = len(event.value), 1
                if event.anchor:
                    sizes[event.anchor] = (chars, nodes)
            elif isinstance(event, yaml.CollectionStartEvent):
                stack.append([0, 1, event.anchor])
                chars, nodes = 0, 1
            elif isinstance(event, yaml.CollectionEndEvent) and len(stack) > 1:
                chars, nodes, anchor = stack.pop()
                if anchor:
                    sizes[anchor] = (chars, nodes)
                stack[-1][0] += chars
                stack[-1][1] += nodes
                continue
            else:
                continue
            if not isinstance(event, yaml.CollectionStartEvent):
                stack[-1][0] += chars
                stack[-1][1] += nodes
            total_chars += chars
            total_nodes += nodes
            if total_chars > MAX_EXPANDED_CHARS or total_nodes > MAX_EXPANDED_NODES:
                raise ContentError(str(path), event.start_mark.line + 1, "yaml", _too_large())
    except yaml.YAMLError:
        return 16
    return MAX_ALIAS_EVENTS


def _refuse_large_data(data: Any, path: Path | str, text: str) -> None:
    """ContentError when loaded data is larger than the expansion limits (a backstop to
    _refuse_large_expansion); walks strings and values with an early stop, so it costs at most the limit."""
    chars = nodes = 0
    stack = [data]
    while stack:
        value = stack.pop()
        nodes += 1
        if isinstance(value, str):
            chars += len(value)
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        if chars > MAX_EXPANDED_CHARS or nodes > MAX_EXPANDED_NODES:
            raise ContentError(str(path), _first_alias_line(text), "yaml", _too_large())


def _too_large() -> str:
    return (f"aliases expand this file's data beyond {MAX_EXPANDED_CHARS // (1024 * 1024)} MiB of text or "
            f"{MAX_EXPANDED_NODES:,} values; write the values out instead of repeating them through aliases")


def _first_alias_line(text: str) -> int | None:
    """The line of the first alias (*name), where an alias-expansion limit is first approached."""
    for number, line in enumerate(text.splitlines(), 1):
        if re.search(r"(?:^|[\s\[{,:-])\*[^\s,\[\]{}]+", line):
            return number
    return None


def _duplicate_key_line(text: str) -> int | None:
    """The line of the first duplicate mapping key, found from positions alone."""
    import yaml

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return mark.line + 1 if mark else None
    stack = [root]
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:  # aliases share nodes: visit each once
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, value_node in node.value:
                if key_node.value in seen:
                    return key_node.start_mark.line + 1
                seen.add(key_node.value)
                stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def _short(text: str, limit: int = 120) -> str:
    """At most `limit` characters of a message or value, so errors never quote a huge expansion."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
