"""Stage 1: load. Read every fact file and article, keeping line numbers.

Public entry point: :func:`load`.

YAML is read with a hardened ``SafeLoader``: no aliases (so no alias bombs),
no duplicate keys (PyYAML silently keeps the last one), no implicit timestamps
(dates stay strings so the schema can reject ``2016-02-30`` with a line number
instead of PyYAML raising), a size cap, and clear messages for a byte-order mark,
CRLF line endings and bytes that are not UTF-8.

Content comes by pull request, so the reader trusts nothing in it: it opens
regular files only (no FIFO, device or socket, and no symlink whose target
leaves ``content/``), reads at most :data:`MAX_BYTES`, refuses nesting deeper
than :data:`MAX_DEPTH`, every YAML tag but the core scalar ones, and control
and bidi characters in any string, however they were written.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problems
from generator.incremental import Cache, digest, stat_key
from generator.kinds import FACT_KINDS, KINDS
CONFIG_FILE = "briefing.yml"
"""The project config, next to the content folder."""
MAX_BYTES = 1_000_000  # a fact file is a few KB; anything this large is a mistake or an attack
MAX_NODES = 50_000
MAX_DEPTH = 50  # fact files need four or five levels; deep nesting only exhausts the parser's stack
# libyaml's composer recurses in C, without Python's recursion check: about 50,000 levels crash the
# process. A text with fewer characters that can open a level ([, {, -, :, ?) than this cannot nest
# that deep (and composes in a few milliseconds however it nests), so it goes straight to the fast
# composer; any other is first checked event by event. Fact files have a few hundred.
_C_SAFE_OPENERS = 1_000
# What YAML 1.1 allows in a stream (PyYAML's Reader.NON_PRINTABLE, minus \r which gets its own message),
# minus NEL (U+0085, a C1 control) and the bidi controls, which can make text display in another order.
_NON_PRINTABLE = re.compile("[^\x09\x0A\x20-\x7E\xA0-\u2029\u202F-\u2065\u206A-\uD7FF\uE000-\uFFFD"
                            "\U00010000-\U0010FFFF]")
#: The bytes of ASCII text that _NON_PRINTABLE lets through (CR too: it gets its own message).
_ASCII_PRINTABLE = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])
# Refused in every string, however written (YAML escapes such as "\x1b" or "\u202e" included):
# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates.
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]")
_BIDI = re.compile("[\u202A-\u202E\u2066-\u2069]")
# The only tags a value may carry: YAML's core scalar types. No !!binary, !!timestamp, !!set, !custom...
_CORE_SCALAR_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}
_CHAR_FIX = "delete it; text may not hold control characters or bidi controls (see CONTRIBUTING.md)"


def describe_char(ch: str) -> str:
    """``control character U+001B`` or ``bidi control U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    code = f"U+{ord(ch):04X}"
    if _BIDI.match(ch):
        return f"bidi control {code} ({unicodedata.name(ch)})"
    return f"control character {code}" if FORBIDDEN_CHARS.match(ch) else f"character {code}"


def _printable(name: str) -> str:
    """A file name as it can be shown in a message: control, bidi and other invisible characters as \\uXXXX."""
    if not (FORBIDDEN_CHARS.search(name) or _NON_PRINTABLE.search(name)):
        return name
    return "".join(f"\\u{ord(c):04x}" if FORBIDDEN_CHARS.match(c) or _NON_PRINTABLE.match(c) else c for c in name)


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
    stack = [(node, 0)] if node is not None else []
    while stack:
        n, depth = stack.pop()
        # Too deep, or a tag that may be explicit: the careful path says where, event by event.
        if id(n) in seen or len(seen) >= MAX_NODES or depth >= MAX_DEPTH or n.tag not in _FAST_TAGS:
            return None
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            for key, value in n.value:
                stack += ((key, depth), (value, depth + 1))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in n.value)
    return loader, node


# Tags a composed node may carry without having been written: the implicit ones, besides core scalars.
_FAST_TAGS = _CORE_SCALAR_TAGS | {f"tag:yaml.org,2002:{t}" for t in ("map", "seq", "merge")}


def _check_structure(text: str, shown: str, problems: Problems, line_offset: int, fast: bool) -> bool:
    """Refuse nesting deeper than MAX_DEPTH and any tag but a core scalar one, at its own line.

    Walks the parser's events, which needs no recursion (the composers recurse, and
    libyaml's crashes the process on deep enough input). Returns False when it
    reported a problem. A syntax error is left to the composer, which words it.
    """
    try:
        loader = (_CFactLoader if fast else _FactLoader)(text)
    except yaml.YAMLError:
        return True
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            mark = event.start_mark
            where = (shown, mark.line + 1 + line_offset)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.add(*where, f"values are nested more than {MAX_DEPTH} levels deep",
                                 "flatten the structure: a fact file needs only a few levels", mark.column + 1)
                    return False
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            tag = getattr(event, "tag", None)
            if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag in _CORE_SCALAR_TAGS):
                shown_tag = tag.replace("tag:yaml.org,2002:", "!!")
                problems.add(*where, f"YAML tag '{_printable(shown_tag)}' is not allowed",
                             "remove the tag and write the value as plain text", mark.column + 1)
                return False
    except yaml.YAMLError:
        return True
    finally:
        loader.dispose()
    return True


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
    digest: str = ""  # of the file's path and bytes: what incremental builds compare

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
    config: Document | None = None
    """briefing.yml next to content/, if there is one."""
    project: Path | None = None
    """The project folder (the content folder's parent): its templates/ override the package's."""
    unreadable: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of files that exist but could not be read; their problems are already reported,
    so references to them are not reported again as unknown ids."""


def _display(path: Path, base: Path) -> str:
    try:
        return _printable(os.path.relpath(path, base).replace(os.sep, "/"))
    except ValueError:  # pragma: no cover - other drive on Windows
        return _printable(str(path))


def _inside(path: str, root_real: str) -> bool:
    return path == root_real or path.startswith(root_real.rstrip(os.sep) + os.sep)


_NOT_REGULAR = [(stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")]


def _not_regular(mode: int) -> str | None:
    """What a file is when it is not a regular file (``a FIFO (named pipe)``), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _NOT_REGULAR if test(mode)), "not a regular file")


def _read_bytes(path: Path, shown: str, root_real: str, problems: Problems) -> bytes | None:
    """The bytes of a regular file inside content/, at most MAX_BYTES of them; None after a problem.

    Never blocks: a FIFO is opened non-blocking and refused, like devices and sockets, before
    anything is read. A symlink is followed only when its target is inside content/.
    """
    limit = ("split it into one file per entity, or remove what does not belong")
    refuse = "remove it from content/: only regular files are read"
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            target = os.path.realpath(path, strict=True)
            if not _inside(target, root_real):
                problems.add(shown, 1, "file is a symlink to a file outside content/",
                             "put the file itself in content/; symlinks may point only inside content/")
                return None
            st = os.stat(path)
        what = _not_regular(st.st_mode)
        if what:
            problems.add(shown, 1, f"file is {what}, not a regular file", refuse)
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            problems.add(shown, 1, "file is a symlink loop", "replace the link with the file itself")
        elif exc.errno == errno.ENOENT:
            problems.add(shown, 1, "file is a symlink to a file that does not exist", "remove the link")
        else:
            problems.add(shown, 1, f"cannot read file: {exc.strerror}", "check the file's permissions")
        return None
    try:
        st = os.fstat(fd)
        what = _not_regular(st.st_mode)  # replaced between the checks and the open
        if what:
            problems.add(shown, 1, f"file is {what}, not a regular file", refuse)
            return None
        if st.st_size > MAX_BYTES:
            problems.add(shown, 1, f"file is {st.st_size:,} bytes, over the {MAX_BYTES:,}-byte limit", limit)
            return None
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:  # it grew while being read
            problems.add(shown, 1, f"file is over the {MAX_BYTES:,}-byte limit", limit)
            return None
        return b"".join(chunks)
    except OSError as exc:
        problems.add(shown, 1, f"cannot read file: {exc.strerror}", "check the file's permissions")
        return None
    finally:
        os.close(fd)


def _read_text(path: Path, shown: str, root_real: str, problems: Problems) -> str | None:
    raw = _read_bytes(path, shown, root_real, problems)
    if raw is None:
        return None
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
    # ASCII that is all printable (or tab, newline, CR) needs no scan: deleting those bytes leaves nothing.
    clean = raw.isascii() and not raw.translate(None, _ASCII_PRINTABLE)
    bad = None if clean else _NON_PRINTABLE.search(text.replace("\r", ""))
    if bad:
        # PyYAML would refuse these too, but with no line number; say where and what.
        line = text[: text.index(bad.group())].count("\n") + 1
        col = text.index(bad.group()) - (text.rfind("\n", 0, text.index(bad.group())) + 1) + 1
        problems.add(shown, line, f"invisible {describe_char(bad.group())} in the text",
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
            key = key_node.value if key_node.tag == _STR_TAG else loader.construct_object(key_node)
            mark = key_node.start_mark
            key_pos = (mark.line + 1 + line_offset, mark.column + 1)
            _check_chars(key, key_node, shown, problems, line_offset)
            where = path + (key,)
            if key in result:
                first = positions.get(where, key_pos)
                problems.add(shown, key_pos[0], f"duplicate key '{key}' (first set on line {first[0]})",
                             "keep one of the two entries and delete the other", key_pos[1])
                continue
            positions[where] = key_pos
            result[key] = _to_python(loader, value_node, where, positions, shown, problems, line_offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(loader, item, path + (i,), positions, shown, problems, line_offset)
                for i, item in enumerate(node.value)]
    if node.tag == _STR_TAG:
        # What SafeConstructor.construct_yaml_str gives (the scalar's text), without construct_object's
        # bookkeeping for anchors, which fact files cannot have: most values are text.
        value = node.value
        if FORBIDDEN_CHARS.search(value) is not None:
            _check_chars(value, node, shown, problems, line_offset)
        return value
    value = loader.construct_object(node)
    _check_chars(value, node, shown, problems, line_offset)
    return value


_STR_TAG = "tag:yaml.org,2002:str"


def _check_chars(value: Any, node: yaml.Node, shown: str, problems: Problems, line_offset: int) -> None:
    """Refuse control and bidi characters in a string, also when written as an escape (``"\\x1b"``)."""
    bad = FORBIDDEN_CHARS.search(value) if isinstance(value, str) else None
    if bad:
        how = ", written as an escape" if node.style == '"' else ""
        problems.add(shown, node.start_mark.line + 1 + line_offset, f"text holds {describe_char(bad.group())}{how}",
                     _CHAR_FIX, node.start_mark.column + 1)


def parse_yaml(text: str, shown: str, problems: Problems, line_offset: int = 0) -> tuple[Any, dict] | None:
    """Parse one YAML document into (data, positions); report problems instead of raising."""
    libyaml = getattr(yaml, "__with_libyaml__", False)
    if libyaml and sum(text.count(c) for c in "[{-:?") > _C_SAFE_OPENERS:
        if not _check_structure(text, shown, problems, line_offset, fast=True):
            return None
    fast = _compose_fast(text)
    # The C parser when there is one: the Python scanner is quadratic in nested flow collections.
    if fast is None and not _check_structure(text, shown, problems, line_offset, fast=libyaml):
        return None
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


def _parse_cached(text: str, shown: str, problems: Problems, line_offset: int, not_mapping: str,
                  cache: Cache | None, file_digest: str) -> tuple[dict, dict] | None:
    """:func:`_parse_mapping`, or the cache's copy of its result for the same bytes (only clean parses are kept)."""
    if cache is None:
        return _parse_mapping(text, shown, problems, line_offset, not_mapping)
    hit = cache.parse(shown, file_digest)
    if hit is not None and isinstance(hit[1], dict):
        positions = _positions(hit[2])
        if positions is not None:
            return hit[1], positions
    before = len(problems.items)
    parsed = _parse_mapping(text, shown, problems, line_offset, not_mapping)
    if parsed is not None and len(problems.items) == before:
        cache.keep_parse(shown, file_digest, parsed[0], parsed[1], None)
    return parsed


def _positions(stored: Any) -> dict[tuple, tuple[int, int]] | None:
    """A cache entry's positions as :class:`Document` keeps them (None for a damaged entry)."""
    try:
        return {tuple(loc): (line, col) for loc, line, col in stored}
    except (TypeError, ValueError):
        return None


def _unchanged(cache: Cache, shown: str, same: tuple, kind: str, eid: str) -> Document | None:
    """The document of a file whose size, times and inode are those an earlier run read, or None.

    ``same``: (digest, header, document kept in memory or None) from :meth:`Cache.unchanged_file`.
    """
    file_digest, header, kept = same
    hit = cache.parse(shown, file_digest)  # also keeps the parse for the next run
    if hit is None or not isinstance(hit[1], dict):
        return None
    if kept is not None and kept.digest == file_digest and kept.kind == kind and kept.id == eid:
        return kept
    positions = _positions(hit[2])
    return None if positions is None else Document(kind, eid, shown, hit[1], positions, header=header,
                                                   digest=file_digest)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
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
        if path.name in known:
            continue
        if path.name.startswith("."):
            _warn_hidden(path, root, base, problems)
            continue
        close = difflib.get_close_matches(path.name, known, n=1)
        hint = f"did you mean content/{close[0]}/?" if close else f"content/ holds only these folders: {', '.join(known)}"
        what = "folder" if path.is_dir() else "file"
        problems.warn(_display(root / path.name, base), 1, f"ignored: {what} '{_printable(path.name)}' is not read", hint)


def _warn_hidden(path: Path, folder: Path, base: Path, problems: Problems) -> None:
    problems.warn(_display(folder / path.name, base), 1, f"ignored: hidden file '{_printable(path.name)}' is not read",
                  "rename it without the leading dot if it should be read, or delete it")


def _entries(root: Path, folder: str, base: Path, root_real: str, suffixes: tuple[str, ...], label: str,
             hint: str, problems: Problems):
    """(path, shown, directory entry) of each file in ``content/<folder>/`` worth reading, warning about the rest."""
    where = root / folder
    if where.is_symlink() and not _inside(os.path.realpath(where), root_real):
        problems.add(_display(where, base), 1, "folder is a symlink to a folder outside content/",
                     "put the folder itself in content/; symlinks may point only inside content/")
        return
    try:
        with os.scandir(where) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    prefix = _display(where, base) + "/"
    for entry in entries:
        name = entry.name
        path = where / name
        shown = prefix + _printable(name)
        if name.startswith("."):
            _warn_hidden(path, where, base, problems)
        elif _is_dir(entry):
            problems.warn(shown, 1, "ignored: sub-folders are not read", f"move its files up into content/{folder}/")
        elif path.suffix not in suffixes:
            problems.warn(shown, 1, f"ignored: not a {label}", hint.format(stem=_printable(path.stem)))
        elif FORBIDDEN_CHARS.search(name) or _NON_PRINTABLE.search(name):
            bad = (FORBIDDEN_CHARS.search(name) or _NON_PRINTABLE.search(name)).group()
            problems.add(shown, 1, f"file name holds {describe_char(bad)}",
                         "rename the file using lowercase letters, digits and hyphens")
        else:
            yield path, shown, entry


def _is_dir(entry: os.DirEntry) -> bool:
    """Like Path.is_dir(): False for a symlink loop or anything that cannot be checked."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _file_key(entry: os.DirEntry) -> list[int] | None:
    """What says a regular file is the one an earlier run read (:func:`~generator.incremental.stat_key`; None: not a plain file)."""
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None  # symlinks and the rest take the careful path every time
    return stat_key(st)


def load(content_dir: str | os.PathLike, problems: Problems | None = None, cache: Cache | None = None) -> RawContent:
    """Read every fact file and article under ``content_dir``.

    Args:
        content_dir: the ``content/`` folder.
        problems: where to record problems; a new accumulator when omitted,
            in which case a :class:`~generator.errors.ContentError` is raised
            at the end if anything could not be read.
        cache: an incremental build's :class:`~generator.incremental.Cache`; a file
            whose bytes it has seen parse cleanly is not parsed again.

    Returns:
        RawContent with one :class:`Document` per file, sorted by path.
    """
    own = problems is None
    problems = problems if problems is not None else Problems()
    # Absolute, not resolved: a symlink loop under content/ must not stop the listing (resolve() raises).
    root = Path(os.path.abspath(content_dir))
    root_real = os.path.realpath(root)
    base = root.parent
    documents: list[Document] = []
    found: set[tuple[str, str]] = set()
    if not root.is_dir():
        problems.add(str(content_dir), 1, "content folder not found", "run from the project root or pass --content DIR")
        problems.raise_if_errors()
    _warn_unread(root, base, problems)
    for kind, folder in sorted(((k.name, k.folder) for k in FACT_KINDS), key=lambda kf: kf[1]):
        for path, shown, entry in _entries(root, folder, base, root_real, (".yaml", ".yml"), ".yaml file",
                                           f"rename it to {{stem}}.yaml or move it out of content/{folder}/", problems):
            found.add((kind, path.stem))
            key = _file_key(entry) if cache is not None else None
            same = cache.unchanged_file(shown, key) if key is not None else None
            doc = _unchanged(cache, shown, same, kind, path.stem) if same is not None else None
            if doc is not None:  # the bytes an earlier run parsed cleanly: neither read nor parsed again
                documents.append(doc)
                continue
            text = _read_text(path, shown, root_real, problems)
            if text is None:
                continue
            file_digest = digest(shown, text)
            parsed = _parse_cached(text, shown, problems, 0, "a fact file must be a mapping of `key: value` lines",
                                   cache, file_digest)
            if parsed is None:
                continue
            data, positions = parsed
            documents.append(Document(kind, path.stem, shown, data, positions, header=text.partition("\n")[0],
                                      digest=file_digest))
            if key is not None and cache.used_parses.get(shown, [None])[0] == file_digest:
                cache.keep_file(shown, key, documents[-1])
    articles = KINDS["article"].folder
    for path, shown, entry in _entries(root, articles, base, root_real, (".md",), ".md article",
                                       "articles are Markdown files with front matter", problems):
        found.add(("article", path.stem))
        key = _file_key(entry) if cache is not None else None
        same = cache.unchanged_file(shown, key) if key is not None else None
        # An article's body is not in the cache on disk: only one kept in memory (`serve`) skips the read.
        doc = _unchanged(cache, shown, same, "article", path.stem) if same is not None and same[2] else None
        if doc is not None:
            documents.append(doc)
            continue
        text = _read_text(path, shown, root_real, problems)
        if text is None:
            continue
        split = split_front_matter(text)
        if split is None and text.startswith("---\n"):
            problems.add(shown, 1, "the front matter opened on this line is never closed",
                         "end it with a line holding only `---`, between the last `key: value` line and the text")
            continue
        if split is None:
            problems.add(shown, 1, "article has no front matter", "start the file with a `---` block holding title, outlet, date (see CONTRIBUTING.md)")
            continue
        front, body, body_line = split
        file_digest = digest(shown, text)
        parsed = _parse_cached(front, shown, problems, 1, "front matter must be `key: value` lines", cache, file_digest)
        if parsed is None:
            continue
        data, positions = parsed
        documents.append(Document("article", path.stem, shown, data, positions, body, body_line, digest=file_digest))
        if key is not None and cache.used_parses.get(shown, [None])[0] == file_digest:
            cache.keep_file(shown, key, documents[-1])
    config = load_config(root.resolve().parent / CONFIG_FILE, base, problems)
    if own:
        problems.raise_if_errors()
    return RawContent(documents, config, root.resolve().parent, found - {(d.kind, d.id) for d in documents})


def load_config(path: Path, base: Path, problems: Problems) -> Document | None:
    """Read the project's briefing.yml (None when there is none: the defaults apply)."""
    if not path.is_file():
        return None
    shown = _display(path, base)
    text = _read_text(path, shown, os.path.realpath(path.parent), problems)
    parsed = None if text is None else _parse_mapping(text, shown, problems, 0, "briefing.yml must be `key: value` lines")
    return None if parsed is None else Document("briefing", "briefing", shown, parsed[0], parsed[1],
                                                header=text.partition("\n")[0])
