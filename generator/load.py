"""Stage 1: load. Read every fact file and article, keeping line numbers.

Public entry point: :func:`load`.

YAML is read with a hardened ``SafeLoader``: no aliases (so no alias bombs),
no duplicate keys (PyYAML silently keeps the last one), no implicit timestamps
(dates stay strings so the schema can reject ``2016-02-30`` with a line number
instead of PyYAML raising), a size cap, and clear messages for a byte-order mark,
CRLF line endings and bytes that are not UTF-8.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problems
from generator.kinds import FACT_KINDS, KINDS
MAX_BYTES = 1_000_000  # a fact file is a few KB; anything this large is a mistake or an attack
MAX_NODES = 50_000
# What YAML 1.1 allows in a stream (PyYAML's Reader.NON_PRINTABLE, minus \r which gets its own message).
_NON_PRINTABLE = re.compile("[^\x09\x0A\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


class _Refused(yaml.MarkedYAMLError):
    """A YAML construct we refuse on purpose; carries its own fix."""

    def __init__(self, problem: str, fix: str, mark: yaml.Mark):
        super().__init__(None, None, problem, mark)
        self.fix = fix


# PyYAML's wording -> what an editor should do about it.
_YAML_FIXES = [
    ("mapping values are not allowed", "a value contains ': '; put the whole value in double quotes"),
    ("found character '\\t'", "indent with spaces, not tabs"),
    ("found undefined alias", "remove the `*name`; aliases are not allowed"),
    ("could not find expected ':'", "each line needs `key: value`; check the line above"),
    ("while scanning a quoted scalar", "a quoted value is never closed; add the closing quote"),
    ("found unexpected end of stream", "a quoted value or bracket is never closed"),
    ("did not find expected key", "check the indentation: keys of one mapping line up exactly"),
    ("expected <block end>", "check indentation and quotes on this line and the lines above it"),
]


class _FactLoader(yaml.SafeLoader):
    """SafeLoader without timestamps and without aliases."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str):
        super().__init__(stream)
        self._nodes = 0

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        # Refusing aliases at compose time is what defeats "billion laughs":
        # the expansion would only happen later, when values are constructed.
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise _Refused("YAML aliases (*name) are not allowed in fact files",
                           "write the value out in full instead of `*name` (and drop the `&name` anchor)", mark)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(f"file has more than {MAX_NODES:,} YAML values", "split it into one file per entity",
                           self.peek_event().start_mark)
        return super().compose_node(parent, index)


class _CFactLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same resolvers (no timestamps) on libyaml's C parser; aliases are caught by :func:`_compose_fast`."""

    yaml_implicit_resolvers = _FactLoader.yaml_implicit_resolvers


def _compose_fast(text: str) -> tuple[Any, Any] | None:
    """(loader, node) composed by libyaml, about 3x faster; None means "use the careful Python loader".

    The C composer turns an alias into a second reference to the same node
    without expanding it, so a walk that refuses any node seen twice keeps the
    "billion laughs" defence. Anything unusual (a syntax error, an alias, too
    many nodes) returns None, and the Python loader then reports it with its
    own line-numbered messages.
    """
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    loader = _CFactLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    seen: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if id(n) in seen or len(seen) >= MAX_NODES:
            return None
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            for key, value in n.value:
                stack += (key, value)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    return loader, node


@dataclass
class Document:
    """One loaded file: its data plus where each value came from."""

    kind: str
    id: str
    path: str  # as shown in messages, e.g. ``content/resolutions/2270.yaml``
    data: dict[str, Any]
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    body: str | None = None  # article body (Markdown), None for fact files
    body_line: int = 1  # line number of the first body line in the file
    header: str = ""  # first line of the file; fact files carry the `# yaml-language-server` line there

    def where(self, loc: tuple = ()) -> tuple[int, int]:
        """(line, col) of the value at ``loc``, or of its nearest parent."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 0))


@dataclass
class RawContent:
    """Everything under ``content/``, not yet validated."""

    documents: list[Document]
    unreadable: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of files that exist but could not be read; their problems are already reported,
    so references to them are not reported again as unknown ids."""


def _display(path: Path, base: Path) -> str:
    try:
        return os.path.relpath(path, base).replace(os.sep, "/")
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def _read_text(path: Path, shown: str, problems: Problems) -> str | None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.add(shown, 1, f"cannot read file: {exc.strerror}", "check the file's permissions")
        return None
    if size > MAX_BYTES:
        problems.add(shown, 1, f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit",
                     "split it into one file per entity, or remove what does not belong")
        return None
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.add(shown, 1, "file starts with a UTF-8 byte-order mark (BOM)",
                     "save it as UTF-8 without BOM (VS Code: 'Save with Encoding' > 'UTF-8')")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(shown, line, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", "re-save the file as UTF-8", col)
        return None
    bad = _NON_PRINTABLE.search(text.replace("\r", ""))
    if bad:
        # PyYAML would refuse these too, but with no line number; say where and what.
        line = text[: text.index(bad.group())].count("\n") + 1
        col = text.index(bad.group()) - (text.rfind("\n", 0, text.index(bad.group())) + 1) + 1
        problems.add(shown, line, f"invisible control character U+{ord(bad.group()):04X} in the text",
                     "delete it (it often comes from copying out of a PDF or a word processor)", col)
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.add(shown, line, "file has Windows (CRLF) or old Mac (CR) line endings",
                     "convert it to LF line endings (e.g. `dos2unix FILE`, or set `files.eol` to \\n in your editor)")
        return None
    return text


def _to_python(loader: _FactLoader, node: yaml.Node, path: tuple, positions: dict, shown: str,
               problems: Problems, line_offset: int) -> Any:
    positions.setdefault(path, (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.add(shown, key_node.start_mark.line + 1 + line_offset,
                             "YAML merge keys (<<) are not allowed in fact files", "write the keys out in full",
                             key_node.start_mark.column + 1)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                problems.add(shown, key_node.start_mark.line + 1 + line_offset, "a key must be a plain name",
                             "use `name: value`", key_node.start_mark.column + 1)
                continue
            key = loader.construct_object(key_node)
            key_pos = (key_node.start_mark.line + 1 + line_offset, key_node.start_mark.column + 1)
            if key in result:
                first = positions.get(path + (key,), key_pos)
                problems.add(shown, key_pos[0], f"duplicate key '{key}' (first set on line {first[0]})",
                             "keep one of the two entries and delete the other", key_pos[1])
                continue
            positions[path + (key,)] = key_pos
            result[key] = _to_python(loader, value_node, path + (key,), positions, shown, problems, line_offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(loader, item, path + (i,), positions, shown, problems, line_offset)
                for i, item in enumerate(node.value)]
    return loader.construct_object(node)


def parse_yaml(text: str, shown: str, problems: Problems, line_offset: int = 0) -> tuple[Any, dict] | None:
    """Parse one YAML document into (data, positions); report problems instead of raising."""
    fast = _compose_fast(text)
    try:
        loader = fast[0] if fast else _FactLoader(text)
    except yaml.YAMLError as exc:  # the reader checks characters on construction
        problems.add(shown, 1 + line_offset, f"YAML cannot read this text: {exc}", "remove unusual characters")
        return None
    try:
        node = fast[1] if fast else loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        col = (mark.column + 1) if mark else 0
        what = exc.problem or exc.context or "invalid YAML"
        said = f"{exc.context or ''} {exc.problem or ''}"
        if isinstance(exc, _Refused):
            problems.add(shown, line, what, exc.fix, col)
            return None
        if "expected a single document" in said:
            problems.add(shown, line, "file holds more than one YAML document ('---')",
                         "keep one entity per file: delete the `---` line and move the rest to a new file", col)
            return None
        fix = next((f for key, f in _YAML_FIXES if key in said),
                   "check indentation and quoting near this line (quote text that contains ': ' or starts with a symbol)")
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            what = f"{what} ({exc.context} that starts on line {exc.context_mark.line + 1 + line_offset})"
        problems.add(shown, line, f"YAML syntax: {what}", fix, col)
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive; Marked errors cover the parser
        problems.add(shown, 1 + line_offset, f"YAML syntax: {exc}", "fix the YAML syntax")
        return None
    finally:
        loader.dispose()
    if node is None:
        return {}, {(): (1 + line_offset, 0)}
    positions: dict[tuple, tuple[int, int]] = {}
    try:
        data = _to_python(loader, node, (), positions, shown, problems, line_offset)
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        problems.add(shown, node.start_mark.line + 1 + line_offset, f"YAML value cannot be read: {exc}", "fix the value")
        return None
    return data, positions


def _parse_mapping(text: str, shown: str, problems: Problems, line_offset: int,
                   not_mapping: str) -> tuple[dict, dict] | None:
    """parse_yaml, then insist on a top-level mapping (fact files and front matter alike)."""
    parsed = parse_yaml(text, shown, problems, line_offset=line_offset)
    if parsed is None:
        return None
    if not isinstance(parsed[0], dict):
        problems.add(shown, 1 + line_offset, not_mapping, "see CONTRIBUTING.md for a template")
        return None
    return parsed


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (front matter, body, body start line) or None when there is none."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return None
    front = text[4 : end + 1]
    body = text[end + 5 :]
    body_line = front.count("\n") + 3
    return front, body, body_line


def _warn_unread(root: Path, base: Path, problems: Problems) -> None:
    """Warn about anything directly under content/ that no stage reads (a typo'd folder means missing pages)."""
    known = sorted(k.folder for k in KINDS.values())
    for path in sorted(root.glob("*")):
        if path.name.startswith(".") or path.name in known:
            continue
        close = difflib.get_close_matches(path.name, known, n=1)
        hint = f"did you mean content/{close[0]}/?" if close else f"content/ holds only these folders: {', '.join(known)}"
        what = "folder" if path.is_dir() else "file"
        problems.warn(_display(path.resolve(), base), 1, f"ignored: {what} '{path.name}' is not read", hint)


def load(content_dir: str | os.PathLike, problems: Problems | None = None) -> RawContent:
    """Read every fact file and article under ``content_dir``.

    Args:
        content_dir: the ``content/`` folder.
        problems: where to record problems; a new accumulator when omitted,
            in which case a :class:`~generator.errors.ContentError` is raised
            at the end if anything could not be read.

    Returns:
        RawContent with one :class:`Document` per file, sorted by path.
    """
    own = problems is None
    problems = problems if problems is not None else Problems()
    root = Path(content_dir)
    base = root.resolve().parent
    documents: list[Document] = []
    found: set[tuple[str, str]] = set()
    if not root.is_dir():
        problems.add(str(root), 1, "content folder not found", "run from the project root or pass --content DIR")
        problems.raise_if_errors()
    _warn_unread(root, base, problems)
    for kind, folder in sorted(((k.name, k.folder) for k in FACT_KINDS), key=lambda kf: kf[1]):
        for path in sorted((root / folder).glob("*")):
            if path.name.startswith("."):
                continue
            if path.is_dir():
                problems.warn(_display(path.resolve(), base), 1, "ignored: sub-folders are not read",
                              f"move its files up into content/{folder}/")
                continue
            shown = _display(path.resolve(), base)
            if path.suffix not in (".yaml", ".yml"):
                problems.warn(shown, 1, "ignored: not a .yaml file", f"rename it to {path.stem}.yaml or move it out of content/{folder}/")
                continue
            found.add((kind, path.stem))
            text = _read_text(path, shown, problems)
            if text is None:
                continue
            parsed = _parse_mapping(text, shown, problems, 0, "a fact file must be a mapping of `key: value` lines")
            if parsed is None:
                continue
            data, positions = parsed
            documents.append(Document(kind, path.stem, shown, data, positions, header=text.partition("\n")[0]))
    articles = KINDS["article"].folder
    for path in sorted((root / articles).glob("*")):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            problems.warn(_display(path.resolve(), base), 1, "ignored: sub-folders are not read",
                          f"move its files up into content/{articles}/")
            continue
        shown = _display(path.resolve(), base)
        if path.suffix != ".md":
            problems.warn(shown, 1, "ignored: not a .md article", "articles are Markdown files with front matter")
            continue
        found.add(("article", path.stem))
        text = _read_text(path, shown, problems)
        if text is None:
            continue
        split = _split_front_matter(text)
        if split is None:
            problems.add(shown, 1, "article has no front matter", "start the file with a `---` block holding title, outlet, date (see CONTRIBUTING.md)")
            continue
        front, body, body_line = split
        parsed = _parse_mapping(front, shown, problems, 1, "front matter must be `key: value` lines")
        if parsed is None:
            continue
        data, positions = parsed
        documents.append(Document("article", path.stem, shown, data, positions, body, body_line))
    if own:
        problems.raise_if_errors()
    return RawContent(documents, found - {(d.kind, d.id) for d in documents})
