"""The prebuilt search index: each page's term frequencies, in the compact form the worker loads.

Material for MkDocs sends ``search/search_index.json`` (every page's title and text) to its
search worker, which then builds a lunr.js index in the browser before it can answer a query:
5.7 s at 2,000 pages and 25 s at 10,000 from ``file://``. This module tokenizes the same
documents once, at build time, the way the worker does (Material's tokenizer: the text between
HTML tags, split on the configured separator, lower-cased, then lunr's ``trimmer`` and
``stopWordFilter``), and writes the term frequencies as ``search/prebuilt_index.js``.

It holds no scores: the worker (``briefing_search/assets/worker.js``) computes them with
lunr's BM25 formula, the one place it is written, when a query first asks for a term.

Entries are kept **per page** (a page's own document plus its sections, the ``page.html#…``
documents), so a build that changes a few pages can replace just those:

    index = SearchIndex.from_search_index(json.load(fh))   # every page, in the file's order
    index.set_page("actors/china.html", docs)               # replace one page's documents
    index.remove_page("actors/old.html")
    index.write(path)                                       # the compact file for the worker

A replaced page keeps its place in the order; a new page goes last. The worker checks that the
documents it is sent are the ones indexed (count and FNV-1a hash of the locations, in order),
so the order must be that of ``search_index.json``: :meth:`SearchIndex.docs` gives it.

The file is an object literal of a few long ASCII strings (V8 scans a string literal far faster
than it parses a numeric array): the sorted terms joined by a separator, lunr's term numbers
for them (the order lunr first meets each term, which orders the sums in a query's dot
products, so scores match lunr's bit for bit), and per term and field the documents holding it
with their term frequency, delta encoded as variable-length digits.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from pathlib import Path

FORMAT = 3
"""Version of the compact format; the worker refuses any other."""

# lunr.js 2.3.9 lunr.stopWordFilter (MIT, Oliver Nightingale).
STOP_WORDS = frozenset("""
a able about across after all almost also am among an and any are as at be because been but by can cannot could
dear did do does either else ever every for from get got had has have he her hers him his how however i if in into
is it its just least let like likely may me might most must my neither no nor not of off often on only or other
our own rather said say says she should since so some than that the their them then there these they this tis to
too twas us wants was we were what when where which while who whom why will with would yet you your
""".split())

# JavaScript's \s (no "u" flag): ASCII whitespace plus these; Python's \s differs (e.g. \x1c-\x1f, \x85).
_JS_SPACE = "\\t\\n\\x0b\\x0c\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_TRIM_RX = re.compile(r"^\W+|\W+$", re.ASCII)  # lunr.trimmer; JavaScript's \W is ASCII-only
_TAG_RX = re.compile(r"[<>]")


class Unsupported(ValueError):
    """The search config asks for something the worker's tokenizer does not do (a stemmer, another language)."""


def js_regex(source: str) -> re.Pattern[str]:
    """Compile a JavaScript regular expression source (no flags) with JavaScript's meaning of ``\\s``."""
    out, i, in_class = [], 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            nxt = source[i + 1]
            if nxt == "s":
                out.append(_JS_SPACE if in_class else f"[{_JS_SPACE}]")
            elif nxt == "S":
                if in_class:
                    raise Unsupported(f"\\S inside a character class: {source!r}")
                out.append(f"[^{_JS_SPACE}]")
            else:
                out.append(source[i:i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return re.compile("".join(out), re.ASCII)


def _text_sections(value: str) -> list[str]:
    """The stretches of text between HTML tags, in order (the worker's ``extract``)."""
    sections, start = [], 0
    for m in _TAG_RX.finditer(value):
        end = m.start()
        if m.group() == "<":
            if end > start:
                sections.append(value[start:end])
                start = end
        else:
            start = end + 1
    if len(value) > start:
        sections.append(value[start:])
    return sections


def _splitter(separator: re.Pattern[str]):
    if separator.groups == 0 and "(?" not in separator.pattern and separator.search("") is None:
        # Cannot match the empty string: re.split then cuts exactly where the worker's `split` does.
        return lambda s: [t for t in separator.split(s) if t]

    def split(s: str) -> list[str]:  # the worker's `split`, literally (zero-length matches advance by one)
        out, index, pos = [], 0, 0
        while True:
            m = separator.search(s, pos) if pos <= len(s) else None
            until = m.start() if m else len(s)
            if index < until:
                out.append(s[index:until])
            if not m:
                return out
            index = m.end()
            pos = m.end() if m.end() > m.start() else m.start() + 1
    return split


def _pipeline(names: list[str]):
    unknown = set(names) - {"trimmer", "stopWordFilter"}
    if unknown:
        raise Unsupported(f"search pipeline {sorted(unknown)} is not mirrored here")
    trim, stop = "trimmer" in names, "stopWordFilter" in names

    def run(tokens: list[str]) -> list[str]:
        # lunr.js order: trimmer, stopWordFilter, stemmer; empty results are dropped.
        if trim:
            tokens = [t for t in (_TRIM_RX.sub("", t) for t in tokens) if t]
        if stop:
            tokens = [t for t in tokens if t not in STOP_WORDS]
        return tokens
    return run


class Tokenizer:
    """Turns one document's fields into term frequencies, as the worker's tokenizer and pipeline do."""

    def __init__(self, config: dict) -> None:
        if list(config.get("lang", ["en"])) != ["en"]:
            raise Unsupported(f"search language {config.get('lang')} is not mirrored here")
        separator = config["separator"]
        self.split = _splitter(js_regex(separator))
        # Lower-casing before splitting is the same as after when the separator has no letters to be case-blind to.
        bare = re.sub(r"\\.", "", separator)  # escapes like \s and \b are blind to case
        self.lower_first = all(c.lower() == c == c.upper() for c in bare)
        self.pipeline = _pipeline(list(config.get("pipeline", [])))
        self.fields = list(config["fields"])

    def __call__(self, doc: dict) -> tuple[Counter | None, ...]:
        """Per field (config order), the term frequencies of ``doc``, or None when it lacks the field."""
        out = []
        for name in self.fields:
            value = doc.get(name)
            if value is None:
                out.append(None)
                continue
            tokens: list[str] = []
            for part in (value if isinstance(value, list) else [value]):
                for section in _text_sections(part):
                    if self.lower_first:
                        tokens.extend(self.split(section.lower()))
                    else:
                        tokens.extend(t.lower() for t in self.split(section))
            out.append(Counter(self.pipeline(tokens)))
        return tuple(out)


def _js_sort_key(term: str) -> bytes:
    return term.encode("utf-16-be")  # JavaScript sorts strings by UTF-16 code units


def _fnv1a(strings: list[str]) -> int:
    """32-bit FNV-1a over the UTF-16 code units of the strings joined by newlines (as the worker computes it)."""
    h = 0x811C9DC5
    data = "\n".join(strings).encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | data[i + 1] << 8
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


# Digits: printable ASCII from '#' to '~' without '\' (no escapes in a JS string literal), 91 values. The first
# 64 end a number (its last digit, base 64); the other 27 are its leading digits (base 27), most significant first.
_DIGITS = [chr(c) for c in range(35, 127) if c != 92]
_FINAL, _LEAD = _DIGITS[:64], _DIGITS[64:]


def _encode_one(n: int) -> str:
    last, rest = _FINAL[n % 64], n // 64
    lead = ""
    while rest:
        lead = _LEAD[rest % 27] + lead
        rest //= 27
    return lead + last


class _Encoder:
    """Maps integers to their digit strings, from a table for the small ones that make up nearly all of a file."""

    def __init__(self, size: int) -> None:
        self.table = [_encode_one(n) for n in range(size)]

    def __call__(self, values) -> str:
        table, size = self.table, len(self.table)
        return "".join([table[v] if v < size else _encode_one(v) for v in values])


def encode_ints(values) -> str:
    """Integers (>= 0) as the worker's variable-length digit string."""
    return "".join(_encode_one(v) for v in values)


def decode_ints(text: str) -> list[int]:
    """The inverse of :func:`encode_ints`."""
    value = {ch: i for i, ch in enumerate(_DIGITS)}
    out, acc = [], 0
    for ch in text:
        d = value[ch]
        if d >= 64:
            acc = acc * 27 + d - 64
        else:
            out.append(acc * 64 + d)
            acc = 0
    return out


def page_of(location: str) -> str:
    """The page a search document belongs to: its location without the ``#section``."""
    return location.split("#", 1)[0]


class SearchIndex:
    """The documents of ``search_index.json`` with their term frequencies, kept per page."""

    def __init__(self, config: dict) -> None:
        self.config = config
        self.tokenize = Tokenizer(config)  # raises Unsupported for a config the worker does not mirror
        self._pages: dict[str, list[tuple[dict, tuple]]] = {}

    @classmethod
    def from_search_index(cls, data: dict) -> "SearchIndex":
        """Every document of a parsed ``search_index.json``, grouped by page in the file's order."""
        index = cls(data["config"])
        grouped: dict[str, list[dict]] = {}
        for doc in data["docs"]:
            grouped.setdefault(page_of(doc["location"]), []).append(doc)
        for page, docs in grouped.items():
            index.set_page(page, docs)
        return index

    def set_page(self, page: str, docs: list[dict]) -> None:
        """Replace the documents of ``page`` (its own and its sections') with ``docs``; a new page goes last."""
        if any(page_of(doc["location"]) != page for doc in docs):
            raise ValueError(f"every document of {page} must have a location on that page")
        self._pages[page] = [(doc, self.tokenize(doc)) for doc in docs]

    def remove_page(self, page: str) -> None:
        """Drop ``page`` and its sections; nothing happens when it is not indexed."""
        self._pages.pop(page, None)

    def pages(self) -> list[str]:
        return list(self._pages)

    def docs(self) -> list[dict]:
        """All documents, in index order (the order ``search_index.json`` must list them in)."""
        return [doc for entries in self._pages.values() for doc, _ in entries]

    def compact(self) -> dict:
        """The compact form the worker loads (see the module docstring)."""
        return json.loads(self.compact_json())

    def compact_json(self) -> str:
        fields = self.tokenize.fields
        n_fields = len(fields)
        locations: list[str] = []
        raw: dict[str, list[int]] = {}  # term -> [field, doc, tf, ...], docs in order
        for entries in self._pages.values():
            for doc, counts in entries:
                d = len(locations)
                locations.append(doc["location"])
                for f, counter in enumerate(counts):
                    if counter:
                        for term, tf in counter.items():
                            postings = raw.get(term)
                            if postings is None:
                                postings = raw[term] = []
                            postings += (f, d, tf)
        terms = sorted(raw, key=_js_sort_key)
        # lunr numbers terms in the order it first meets them: docs, then fields, then tokens, as above.
        number = {term: i for i, term in enumerate(raw)}
        encode = _Encoder(max(2 * len(locations) + 2, 4096))
        chunks: list[str] = []
        lengths: list[int] = []
        for term in terms:
            entries = raw[term]
            per_field: list[list[int]] = [[] for _ in range(n_fields)]
            prev, count = [0] * n_fields, [0] * n_fields
            for i in range(0, len(entries), 3):
                f, d, tf = entries[i], entries[i + 1], entries[i + 2]
                if tf == 1:
                    per_field[f].append((d - prev[f]) * 2)
                else:
                    per_field[f] += ((d - prev[f]) * 2 + 1, tf - 2)
                prev[f] = d
                count[f] += 1
            flat: list[int] = []
            for f in range(n_fields):
                flat.append(count[f])
                flat += per_field[f]
            chunk = encode(flat)
            chunks.append(chunk)
            lengths.append(len(chunk))
        sep = next((c for c in (" ", "\n", "\t", "\x00") if not any(c in t for t in terms)), None)
        if sep is None:
            raise Unsupported("every separator character occurs in some term")
        config = self.config
        head = {"format": FORMAT, "docs": len(locations), "hash": _fnv1a(locations),
                "config": {"lang": config.get("lang", ["en"]), "separator": config["separator"],
                           "pipeline": config.get("pipeline", []),
                           "fields": {f: config["fields"][f].get("boost") or 1 for f in fields}},
                "sep": sep, "terms": sep.join(terms),
                "numbers": encode(number[t] for t in terms),
                "lengths": encode(lengths),
                "postings": "".join(chunks)}
        return json.dumps(head, ensure_ascii=True, separators=(",", ":"))

    def script(self) -> str:
        """The compact index as the script the worker loads (it sets ``self.__briefingSearchIndex``)."""
        return ("// Prebuilt search index for the briefing search worker; written by briefing_search.\n"
                f"self.__briefingSearchIndex={self.compact_json()};\n")

    def write(self, path: str | os.PathLike) -> Path:
        """Write :meth:`script` to ``path`` atomically (ASCII, deterministic); return the path."""
        return write_atomic(Path(path), self.script())


def write_atomic(out: Path, text: str) -> Path:
    """Write ``text`` (ASCII) to ``out`` through a temporary file beside it, readable by a web server."""
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes the file private
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
