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

The file is an object of a few long ASCII strings (V8 scans a string literal far faster than it
parses a numeric array), written as ``JSON.parse('...')`` like the shards (:func:`json_parse`):
the sorted terms joined by a separator, lunr's term numbers for them (the order lunr first
meets each term, which orders the sums in a query's dot products, so scores match lunr's bit for
bit), and per term and field the documents holding it with their term frequency, delta encoded
as variable-length digits.

Only what every query needs is in that file, loaded when the worker starts: the terms, their
numbers, the length of each one's postings, each document's boost, and where the shards below
start (0.4 MB at 10,000 articles). The rest is in shards the worker loads the first time a query
needs them (:meth:`SearchIndex.shards`):

- ``search/prebuilt_postings/<j>.js``: the postings of a run of terms, about 100 KB each (a query
  loads the runs holding the terms it expands to);
- ``search/prebuilt_docs/<k>.js``: the documents of a run of whole pages, as ``search_index.json``
  has them, about half a megabyte each (loaded for the results they hold, whose previews need the
  text: 56 of the 61 MB at 10,000 articles).

Where a shard ends is chosen by the terms or pages near its end (a hash, past a minimum size), not
by a running total, so an edit rewrites the shards it touches, not every one after them. The
worker refers to documents by their number in the index (lunr's refs are "0", "1", ...), so a
document's location is needed only for a result. From ``file://``, where the page would otherwise
read the whole of ``search_index.js`` and copy it to the worker, the plugin writes
``search_index.js`` as a stub (:func:`stub_script`: the config and no documents) and the worker
reads the documents from the document shards itself.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zlib
from array import array
from collections import Counter
from pathlib import Path

FORMAT = 5
"""Version of the compact format; the worker refuses any other."""

DOCS_DIR, POSTINGS_DIR = "prebuilt_docs", "prebuilt_postings"
"""The folders (beside ``prebuilt_index.js``) of the shards, ``0.js``, ``1.js``, ... (the worker reads them there)."""
STUB_KEY = "briefing_prebuilt"
"""The key of the search config, in the stub ``search_index.js``, that tells the worker to read the documents itself."""
# A document shard ends before a page once it holds SHARD_MIN characters of text and the page's hash says so (1 in
# SHARD_SPREAD pages), or at SHARD_MAX; a postings shard likewise after a term, by the characters of its postings.
SHARD_MIN, SHARD_MAX, SHARD_SPREAD = 400_000, 2_000_000, 32
POSTINGS_MIN, POSTINGS_MAX, POSTINGS_SPREAD = 80_000, 400_000, 16

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
        self.terms: dict[str, str] = {}  # one string object per term, shared by every document holding it

    def __call__(self, doc: dict) -> tuple[tuple | None, ...]:
        """Per field (config order), the term frequencies of ``doc`` (:func:`frequencies`), or None when it lacks
        the field or the field has no term."""
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
            tokens = self.pipeline(tokens)
            out.append(frequencies(Counter(map(self.terms.setdefault, tokens, tokens))))
        return tuple(out)


def frequencies(counter: Counter) -> tuple[tuple[str, ...], bytes | array] | None:
    """A field's term frequencies in the form the index keeps, or None for none: its terms in the order of their first
    occurrence (which orders lunr's term numbers), and their frequencies, as bytes when each is below 256.

    A tuple and a bytes object take about a fifth of the memory of the Counter (a dict) they are made from, and the
    index keeps one per field of every document (``serve`` keeps them from one rebuild to the next).
    """
    if not counter:
        return None
    tfs = counter.values()
    return tuple(counter), (bytes(tfs) if max(tfs) < 256 else array("I", tfs))


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
    """The documents of ``search_index.json`` with their term frequencies, kept per page.

    With ``incremental=True`` (``mkdocs serve``: one index for many builds) it also keeps what
    :meth:`compact_json` computed, so the next call redoes only the terms of the pages that changed
    since (the result is the same string a fresh index gives; ``tests/test_briefing_search.py``).
    """

    def __init__(self, config: dict, incremental: bool = False) -> None:
        self.config = config
        self.tokenize = Tokenizer(config)  # raises Unsupported for a config the worker does not mirror
        self._pages: dict[str, list[tuple[dict, tuple]]] = {}
        self._versions: dict[str, int] = {}  # page -> a number that changes whenever its documents do
        self._changes = 0
        self.incremental = incremental
        self._memo: _Memo | None = None
        self.doc_hash: int | None = None  # of the documents' locations (as the worker checks it), set by compact_json
        self.doc_count = 0
        self._postings: list[tuple[int, str]] = []  # per postings shard, set by compact_json
        self._terms: list[str] = []

    @classmethod
    def from_search_index(cls, data: dict, incremental: bool = False) -> "SearchIndex":
        """Every document of a parsed ``search_index.json``, grouped by page in the file's order."""
        index = cls(data["config"], incremental)
        index.update(data)
        return index

    def update(self, data: dict, ahead: dict[str, list] | None = None) -> int:
        """Make the index hold exactly the documents of a parsed ``search_index.json``, in its order.

        A page whose documents are equal to the ones held keeps its terms (it is not tokenized
        again); so does one whose documents equal those :meth:`tokenize_ahead` was given. Returns how
        many pages were tokenized.
        """
        if data["config"] != self.config:
            raise ValueError("the search config changed: make a new index")
        grouped: dict[str, list[dict]] = {}
        for doc in data["docs"]:
            grouped.setdefault(page_of(doc["location"]), []).append(doc)
        old, self._pages, tokenized = self._pages, {}, 0
        for page, docs in grouped.items():
            held = old.get(page)
            early = held is None and ahead is not None and page in ahead
            if early:
                held = ahead[page]
            if held is not None and len(held) == len(docs) and all(h[0] == d for h, d in zip(held, docs)):
                self._pages[page] = held
                if early:  # new to the index, as set_page would make it
                    self._changes += 1
                    self._versions[page] = self._changes
                    tokenized += 1
            else:
                self.set_page(page, docs)
                tokenized += 1
        return tokenized

    def tokenize_ahead(self, docs: list[dict], ahead: dict[str, list]) -> None:
        """Tokenize documents before the whole index is known (as the pages are built), into ``ahead``:
        page -> its entries, for :meth:`update` to take when the final list holds the same documents."""
        for doc in docs:
            ahead.setdefault(page_of(doc["location"]), []).append((doc, self.tokenize(doc)))

    def set_page(self, page: str, docs: list[dict]) -> None:
        """Replace the documents of ``page`` (its own and its sections') with ``docs``; a new page goes last."""
        if any(page_of(doc["location"]) != page for doc in docs):
            raise ValueError(f"every document of {page} must have a location on that page")
        self._pages[page] = [(doc, self.tokenize(doc)) for doc in docs]
        self._changes += 1
        self._versions[page] = self._changes

    def remove_page(self, page: str) -> None:
        """Drop ``page`` and its sections; nothing happens when it is not indexed."""
        self._pages.pop(page, None)
        self._versions.pop(page, None)

    def pages(self) -> list[str]:
        return list(self._pages)

    def docs(self) -> list[dict]:
        """All documents, in index order (the order ``search_index.json`` must list them in)."""
        return [doc for entries in self._pages.values() for doc, _ in entries]

    def compact(self) -> dict:
        """The compact form the worker loads (see the module docstring)."""
        return json.loads(self.compact_json())

    def compact_json(self) -> str:
        memo = self._memo
        layout = [(page, len(entries)) for page, entries in self._pages.items()]
        if memo is None or memo.layout != layout or not memo.patch(self._pages):
            memo = _Memo.full(self._pages, len(self.tokenize.fields))
        self._memo = memo if self.incremental else None
        chunks, locations = memo.chunks, memo.locations
        self.doc_hash, self.doc_count = memo.hash, len(locations)
        _check_locations(self._pages)
        terms = sorted(chunks, key=_js_sort_key)
        # lunr numbers terms in the order it first meets them: docs, then fields, then tokens.
        number = {term: i for i, term in enumerate(sorted(chunks, key=memo.first.__getitem__))}
        encode = memo.encode
        sep = next((c for c in (" ", "\n", "\t", "\x00") if not any(c in t for t in terms)), None)
        if sep is None:
            raise Unsupported("every separator character occurs in some term")
        config, fields = self.config, self.tokenize.fields
        head = {"format": FORMAT, "docs": len(locations), "hash": memo.hash,
                "config": {"lang": config.get("lang", ["en"]), "separator": config["separator"],
                           "pipeline": config.get("pipeline", []),
                           "fields": {f: config["fields"][f].get("boost") or 1 for f in fields}},
                "sep": sep, "terms": sep.join(terms),
                "numbers": encode(number[t] for t in terms),
                "lengths": encode(len(chunks[t]) for t in terms)}
        self._postings, self._terms = _postings_layout(terms, chunks), terms
        docs = [doc for entries in self._pages.values() for doc, _ in entries]
        layout = self._shard_layout()
        head.update({"postings": [first for first, _ in self._postings],
                     "postingFiles": _file_names(terms[first] for first, _ in self._postings),
                     "boosts": {str(d): doc["boost"] for d, doc in enumerate(docs) if "boost" in doc},
                     "shards": [first for first, _ in layout],
                     "shardFiles": _file_names(pages[0] for _, pages in layout)})
        return json.dumps(head, ensure_ascii=True, separators=(",", ":"))

    def _shard_layout(self) -> list[tuple[int, list[str]]]:
        """Per text shard, its first document and its pages."""
        shards: list[tuple[int, list[str]]] = []
        size, first = 0, 0
        for page, entries in self._pages.items():
            if not shards or size >= SHARD_MAX or (size >= SHARD_MIN and zlib.crc32(page.encode()) % SHARD_SPREAD == 0):
                shards.append((first, []))
                size = 0
            shards[-1][1].append(page)
            size += sum(len(doc.get("text") or "") for doc, _ in entries)
            first += len(entries)
        return shards

    def shards(self) -> list[tuple[str, object, "callable"]]:
        """Per shard: its path (``prebuilt_docs/<k>.js`` or ``prebuilt_postings/<j>.js``), a key that changes whenever
        its script does, and a function that makes the script (it calls ``self.__briefingSearchDocs(hash, first
        document, documents)`` or ``self.__briefingSearchPostings(hash, first term, postings)``).

        The shards go with the last :meth:`compact_json` (or :meth:`script`), which must come first.
        """
        doc_hash = self.doc_hash
        if doc_hash is None:
            raise ValueError("shards() go with an index written first: call compact_json() or script()")
        out = []
        layout = self._shard_layout()
        for name, (first, pages) in zip(_file_names(pages[0] for _, pages in layout), layout):
            key = (doc_hash, first, tuple((page, self._versions[page]) for page in pages))

            def make(first=first, pages=pages) -> str:
                docs = [doc for page in pages for doc, _ in self._pages[page]]
                return (f"self.__briefingSearchDocs({doc_hash},{first},"
                        f"{json_parse(json.dumps(docs, ensure_ascii=True, separators=(',', ':')))});\n")
            out.append((f"{DOCS_DIR}/{name}.js", key, make))
        for name, (first, text) in zip(_file_names(self._terms[first] for first, _ in self._postings), self._postings):
            # Named by its first term, not that term's number, which an added or deleted term before it changes.
            script = f"self.__briefingSearchPostings({doc_hash},{json.dumps(self._terms[first])},{json.dumps(text)});\n"
            out.append((f"{POSTINGS_DIR}/{name}.js", script, lambda script=script: script))
        return out

    def script(self) -> str:
        """The compact index as the script the worker loads (it sets ``self.__briefingSearchIndex``)."""
        return ("// Prebuilt search index for the briefing search worker; written by briefing_search.\n"
                f"self.__briefingSearchIndex={json_parse(self.compact_json())};\n")

    def write(self, path: str | os.PathLike) -> Path:
        """Write :meth:`script` to ``path`` and the shards into their folders beside it, atomically (ASCII,
        deterministic); return the path."""
        out = write_atomic(Path(path), self.script())
        write_shards(out.parent, self)
        return out


class _Memo:
    """What :meth:`SearchIndex.compact_json` computed from the pages: every term's encoded postings.

    ``chunks``: term -> its postings as the file has them (:meth:`chunk`; :func:`_decode_chunk` reads them back
    for :meth:`patch`, so the postings are not kept a second time as integers: ``serve`` keeps this memo between
    rebuilds, and the chunks are a fifth of the size); ``first``: term -> (doc, field, place in that field's
    tokens) of its first occurrence, which orders lunr's term numbers; ``entries``: per page, the list of
    documents it was computed from (a page given a new list has changed).
    """

    def __init__(self, n_fields: int) -> None:
        self.n_fields = n_fields
        self.layout: list[tuple[str, int]] = []
        self.entries: dict[str, list] = {}
        self.ranges: dict[str, tuple[int, int]] = {}
        self.counts: list[tuple] = []  # per document, its term frequencies per field
        self.locations: list[str] = []
        self.first: dict[str, tuple[int, int, int]] = {}
        self.chunks: dict[str, str] = {}
        self.hash = 0
        self.encode = _Encoder(4096)

    @classmethod
    def full(cls, pages: dict[str, list], n_fields: int) -> "_Memo":
        """Everything from scratch."""
        memo = cls(n_fields)
        raw: dict[str, list[int]] = {}  # term -> [field, doc, tf, ...] in (doc, field) order
        first, counts_of, locations = memo.first, memo.counts, memo.locations
        for page, entries in pages.items():
            memo.layout.append((page, len(entries)))
            memo.entries[page] = entries
            memo.ranges[page] = (len(locations), len(locations) + len(entries))
            for doc, counts in entries:
                d = len(locations)
                locations.append(doc["location"])
                counts_of.append(counts)
                for f, field in enumerate(counts):
                    if field:
                        for i, (term, tf) in enumerate(zip(*field)):
                            postings = raw.get(term)
                            if postings is None:
                                postings = raw[term] = []
                                first[term] = (d, f, i)
                            postings += (f, d, tf)
        memo.hash = _fnv1a(locations)
        memo.encode = _Encoder(max(2 * len(locations) + 2, 4096))
        memo.chunks = {term: memo.chunk(postings) for term, postings in raw.items()}
        return memo

    def chunk(self, entries: list[int]) -> str:
        """One term's postings, per field: how many documents, then each one's delta and frequency."""
        n_fields = self.n_fields
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
        return self.encode(flat)

    def patch(self, pages: dict[str, list]) -> bool:
        """Redo the terms of the pages whose documents changed (same pages, same number of documents each).

        False when so many changed that starting again costs less (the memo is then left as it was).
        """
        changed = [page for page, entries in pages.items() if entries is not self.entries[page]]
        if len(changed) > len(pages) // 4:
            return False
        first, counts_of, locations = self.first, self.counts, self.locations
        inside = bytearray(len(locations))  # 1 for the documents of a changed page
        new: dict[str, list] = {}  # term -> [(doc, field, tf, place)] in the changed documents
        # The terms whose postings in the changed documents differ (a frequency changed, a term came or went):
        # only these are decoded and encoded again. An edit changes a few of a page's terms, but the others
        # include the commonest words, whose chunks span nearly every document.
        redo: set[str] = set()
        moved = False
        for page in changed:
            lo, hi = self.ranges[page]
            inside[lo:hi] = b"\x01" * (hi - lo)
            entries = self.entries[page] = pages[page]
            for d, (doc, counts) in zip(range(lo, hi), entries):
                old = counts_of[d]
                counts_of[d] = counts
                if locations[d] != doc["location"]:  # a section renamed: same count, other anchors
                    locations[d], moved = doc["location"], True
                for field in old:
                    for term in field[0] if field else ():
                        new.setdefault(term, [])
                for f, field in enumerate(counts):
                    for i, (term, tf) in enumerate(zip(*field) if field else ()):
                        new.setdefault(term, []).append((d, f, tf, i))
                if len(old) != len(counts):
                    redo.update(t for field in (*old, *counts) if field for t in field[0])
                    continue
                for was, now in zip(old, counts):
                    if was == now:
                        continue
                    was_tf = dict(zip(*was)) if was else {}
                    now_tf = dict(zip(*now)) if now else {}
                    redo.update(t for t, tf in was_tf.items() if now_tf.get(t) != tf)
                    redo.update(t for t in now_tf if t not in was_tf)

        if moved:
            self.hash = _fnv1a(locations)
        for term, added in new.items():
            if term not in redo:  # the same postings: the chunk stays; its first place may have moved in its field
                at = first[term]
                if inside[at[0]]:
                    first[term] = (at[0], at[1], next(i for d, f, _, i in added if d == at[0] and f == at[1]))
                continue
            chunk = self.chunks.get(term)
            kept = [p for p in _decode_chunk(chunk, self.n_fields) if not inside[p[0]]] if chunk else []
            merged = sorted(kept + [(d, f, tf) for d, f, tf, _ in added])
            if not merged:
                first.pop(term, None)
                self.chunks.pop(term, None)
                continue
            postings = [x for d, f, tf in merged for x in (f, d, tf)]
            d0, f0 = merged[0][0], merged[0][1]
            if inside[d0]:
                place = next(i for d, f, _, i in added if d == d0 and f == f0)
            elif term in first and first[term][:2] == (d0, f0):
                place = first[term][2]
            else:  # its first occurrence was in a changed page and is gone: the next one is in a kept document
                place = counts_of[d0][f0][0].index(term)
            first[term] = (d0, f0, place)
            self.chunks[term] = self.chunk(postings)
        return True


_VALUE = [0] * 128
for _i, _c in enumerate(_DIGITS):
    _VALUE[ord(_c)] = _i


def _decode_chunk(chunk: str, n_fields: int) -> list[tuple[int, int, int]]:
    """A term's postings from its chunk (:meth:`_Memo.chunk`): (doc, field, tf), field by field."""
    values, acc = [], 0
    append = values.append
    for b in chunk.encode("ascii"):
        d = _VALUE[b]
        if d >= 64:
            acc = acc * 27 + d - 64
        else:
            append(acc * 64 + d)
            acc = 0
    out, pos = [], 0
    for f in range(n_fields):
        count, pos, d = values[pos], pos + 1, 0
        for _ in range(count):
            v = values[pos]
            d += v >> 1
            if v & 1:
                out.append((d, f, values[pos + 1] + 2))
                pos += 2
            else:
                out.append((d, f, 1))
                pos += 1
    return out


def _check_locations(pages: dict[str, list]) -> None:
    """The worker finds a result's page as Material does (its first document, at the page's own location): every
    page's first document is at the page's location, and no two documents share one."""
    seen = set()
    for page, entries in pages.items():
        if entries and entries[0][0]["location"] != page:
            raise Unsupported(f"the first search document of {page!r} is not the page itself")
        for doc, _ in entries:
            if doc["location"] in seen:
                raise Unsupported(f"two search documents have the location {doc['location']!r}")
            seen.add(doc["location"])


def _file_names(firsts) -> list[str]:
    """A file name per shard, from its first page or term (not its number, which a shard added before it changes)."""
    names, seen = [], set()
    for first in firsts:
        name = f"{zlib.crc32(first.encode('utf-8', 'surrogatepass')):08x}"
        while name in seen:  # two shards whose first keys share a hash
            name += "x"
        seen.add(name)
        names.append(name)
    return names


def _postings_layout(terms: list[str], chunks: dict[str, str]) -> list[tuple[int, str]]:
    """Per postings shard: its first term's number (in sorted order) and its terms' postings, concatenated."""
    shards: list[tuple[int, list[str]]] = []
    size = 0
    for i, term in enumerate(terms):
        if not shards or size >= POSTINGS_MAX or (
                size >= POSTINGS_MIN and zlib.crc32(term.encode("utf-8", "surrogatepass")) % POSTINGS_SPREAD == 0):
            shards.append((i, []))
            size = 0
        shards[-1][1].append(chunks[term])
        size += len(chunks[term])
    return [(first, "".join(parts)) for first, parts in shards]


def json_parse(text: str) -> str:
    """ASCII JSON ``text`` as the script expression ``JSON.parse('...')``, which gives the same value.

    Chromium compiles a script off the page's thread, but a large literal of objects there costs far more than
    one string to scan and a ``JSON.parse`` of it on the thread: traced at 10,000 articles, the five document
    shards of a common word took 65 to 71 ms of compile time as literals and 25 ms plus 16 ms of parsing as
    strings, and ``prebuilt_index.js`` 22 ms against 3 plus 4 ms.
    """
    return "JSON.parse('" + text.replace("\\", "\\\\").replace("'", "\\'") + "')"


def parse_json_parse(expression: str):
    """The value of a :func:`json_parse` expression (for tests and tools)."""
    if not (expression.startswith("JSON.parse('") and expression.endswith("')")):
        raise ValueError("not a JSON.parse('...') expression")
    return json.loads(re.sub(r"\\(.)", r"\1", expression[len("JSON.parse('"):-2]))


def stub_script(config: dict, docs: int, doc_hash: int) -> str:
    """``search/search_index.js`` for ``file://``: the search config, marked, and no documents.

    Material's page script reads this file under ``file://`` and sends what it holds to the worker
    (copying it, under the iframe-worker shim); the worker then reads the documents from the document
    shards itself (the config's :data:`STUB_KEY` says which: their count and hash).
    """
    marked = {**config, STUB_KEY: {"format": FORMAT, "docs": docs, "hash": doc_hash}}
    return "var __index = " + json.dumps({"config": marked, "docs": []}, ensure_ascii=True, separators=(",", ":")) + "\n"


def write_shards(folder: Path, index: SearchIndex, written: dict[str, object] | None = None) -> int:
    """Write ``index``'s shards into their folders in ``folder`` and delete any other file there; return how many.

    ``written`` (path -> key, kept by the caller between builds) skips the shards whose key is unchanged and that
    are still there.
    """
    shards = index.shards()
    names = set()
    for sub in (DOCS_DIR, POSTINGS_DIR):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for name, key, make in shards:
        names.add(name)
        path = folder / name
        if written is None or written.get(name) != key or not path.is_file():
            write_atomic(path, make())
            if written is not None:
                written[name] = key
    for sub in (DOCS_DIR, POSTINGS_DIR):
        for path in (folder / sub).iterdir():
            if f"{sub}/{path.name}" not in names:
                path.unlink()
                if written is not None:
                    written.pop(f"{sub}/{path.name}", None)
    return len(shards)


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
