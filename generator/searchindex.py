"""Prebuilt search index: the lunr index a reader's browser would otherwise build on every page open.

Material for MkDocs 9.8.1 sends ``search/search_index.json`` (every page's
title and text) to its search worker, which then builds a lunr.js index in the
browser before it can answer the first query: 5.7 s at 2,000 pages and 25 s
at 10,000 from ``file://``. This module builds the same index once, at build
time, and writes it as ``search/prebuilt_index.js``, a script the patched
worker in ``theme/assets/javascripts/search/`` loads with a script tag or
``importScripts`` (both work from ``file://``, where ``fetch`` does not).

Public entry point: :func:`write_prebuilt_index`. :func:`build_lunr_index`
returns the index in lunr.js's own serialized form (``lunr.Index.load``),
which the tests load with the Python ``lunr`` package.

The index must match what Material's worker would build, term for term and
score for score, so this module mirrors its parts exactly:

- Material's tokenizer (``integrations/search/internal``): text between HTML
  tags, split on the configured separator (a JavaScript regular expression),
  lower-cased;
- lunr.js 2.3.9's index pipeline, reduced to the functions named in the
  config (``trimmer`` and ``stopWordFilter``; a config with ``stemmer`` or a
  language other than English gets no prebuilt index, and the worker then
  builds its own as before);
- lunr.js's ``Builder``: BM25 with k1 = 1.2 and b = 0 (Material sets b to 0),
  field and document boosts, scores rounded to three decimals, and lunr's idf
  (which counts a document once per field that holds the term).

Term positions are not stored (Material keeps them only to highlight matches):
the patched worker re-tokenizes the few documents a query returns to find
them, which keeps the file at about half the size of ``search_index.json``.

The output file is compact: an object literal of a few long ASCII strings
(V8 scans a string literal far faster than it parses a numeric array).
Refs are positions in the ``docs`` list, delta encoded; the file holds term
frequencies, not scores, and the worker scores each term the first time a
query asks for it with lunr.js's own formula, so scores are lunr's bit for
bit. The worker refuses the file, and builds the index itself, if the docs it
receives do not have the same locations (FNV-1a hash) or config.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from array import array
from collections import Counter
from pathlib import Path

FORMAT = 3
"""Version of the compact format; the worker refuses any other."""

K1 = 1.2
B = 0.0  # Material: `this.b(0)`: no field-length normalisation.

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
    """The search config asks for something this module does not mirror (a stemmer, another language)."""


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
    """Material's ``extract``: the stretches of text between HTML tags, in order."""
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
        # Cannot match the empty string: re.split then cuts exactly where Material's `split` does.
        return lambda s: [t for t in separator.split(s) if t]

    def split(s: str) -> list[str]:  # Material's `split`, literally (zero-length matches advance by one)
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


class _Terms:
    """Every term of Material's index with its postings, kept lean: one int array of (field, doc, tf) per term."""

    def __init__(self, search_index: dict) -> None:
        config, docs = search_index["config"], search_index["docs"]
        if list(config.get("lang", ["en"])) != ["en"]:
            raise Unsupported(f"search language {config.get('lang')} is not mirrored here")
        separator = config["separator"]
        split = _splitter(js_regex(separator))
        # Lower-casing before splitting is the same as after when the separator has no letters to be case-blind to.
        bare = re.sub(r"\\.", "", separator)  # escapes like \s and \b are blind to case
        lower_first = all(c.lower() == c == c.upper() for c in bare)
        pipeline = _pipeline(list(config.get("pipeline", [])))
        self.fields = list(config["fields"])
        self.boosts = [config["fields"][f].get("boost") or 1 for f in self.fields]
        self.doc_boosts = [doc.get("boost") or 1 for doc in docs]
        self.n = len(docs)
        raw: dict[str, array] = {}
        for d, doc in enumerate(docs):
            for f, name in enumerate(self.fields):
                value = doc.get(name)
                if value is None:
                    continue
                tokens: list[str] = []
                for part in (value if isinstance(value, list) else [value]):
                    for section in _text_sections(part):
                        if lower_first:
                            tokens.extend(split(section.lower()))
                        else:
                            tokens.extend(t.lower() for t in split(section))
                for term, tf in Counter(pipeline(tokens)).items():
                    entries = raw.get(term)
                    if entries is None:
                        entries = raw[term] = array("l")
                    entries.extend((f, d, tf))
        self.raw = raw
        self.terms = sorted(raw, key=_js_sort_key)
        # lunr numbers terms in the order it first meets them (docs, then fields, then tokens, as above). The
        # numbers order the sums in a query's dot products, so they must be lunr's for bit-identical scores.
        self.number = {term: i for i, term in enumerate(raw)}

    def scored(self, term: str) -> list[list[tuple[int, int]]]:
        """Per field, [(doc number, round(score * 1000))] in doc order, as lunr.js's Builder scores them."""
        entries = self.raw[term]
        with_term = len(entries) // 3  # lunr's idf counts a doc once per field holding the term
        x = (self.n - with_term + 0.5) / (with_term + 0.5)
        idf = math.log(1 + abs(x))
        out: list[list[tuple[int, int]]] = [[] for _ in self.fields]
        cache: dict[tuple[int, int, float], int] = {}
        for i in range(0, len(entries), 3):
            f, d, tf = entries[i], entries[i + 1], entries[i + 2]
            key = (f, tf, self.doc_boosts[d])
            k = cache.get(key)
            if k is None:
                k = cache[key] = _score(idf, tf, self.boosts[f], self.doc_boosts[d])
            out[f].append((d, k))
        return out


def _score(idf: float, tf: int, field_boost: float, doc_boost: float) -> int:
    """lunr.js Builder.createFieldVectors, as an integer number of thousandths (Math.round(score * 1000))."""
    # b = 0, so the field length never matters: lunr computes 1 - b + b * len/avg = 1.
    score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * 1.0) + tf)
    score *= field_boost
    score *= doc_boost
    return math.floor(score * 1000 + 0.5)


def build_lunr_index(search_index: dict) -> dict:
    """The lunr.js serialized index (``lunr.Index.load`` format) Material's worker would build, refs = locations.

    Without term positions. Raises :class:`Unsupported` for configs this module does not mirror.
    """
    terms = _Terms(search_index)
    locations = [doc["location"] for doc in search_index["docs"]]
    vectors: dict[str, list[tuple[int, float]]] = {}
    inverted = []
    for term in terms.terms:
        i = terms.number[term]
        entry: dict = {"_index": i}
        for f, postings in enumerate(terms.scored(term)):
            name = terms.fields[f]
            entry[name] = {}
            for d, k in postings:
                entry[name][locations[d]] = {}
                vectors.setdefault(f"{name}/{locations[d]}", []).append((i, k / 1000))
        inverted.append([term, entry])
    field_vectors = [[ref, [x for pair in sorted(pairs) for x in pair]] for ref, pairs in sorted(vectors.items())]
    return {"version": "2.3.9", "fields": terms.fields, "fieldVectors": field_vectors,
            "invertedIndex": inverted, "pipeline": []}


def compact_index(search_index: dict) -> dict:
    """The compact form the patched worker expands into a ``lunr.Index`` (see the module docstring).

    ``terms`` are sorted (JavaScript order) and joined by ``sep``; ``numbers``
    are lunr's term numbers for them. ``postings`` holds, for each term in
    order and each field, the number of docs, then per doc ``delta * 2 + (tf
    > 1)`` (delta: the doc number minus the previous one's) and, when tf > 1,
    ``tf - 2``; ``lengths`` is each term's share of ``postings`` in
    characters. ``numbers``, ``postings`` and ``lengths`` are integers written
    with :func:`encode_ints`.
    """
    return json.loads(_compact_json(search_index))


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
    """Integers (>= 0) as the worker's variable-length digit string (see :func:`compact_index`)."""
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


def _compact_json(search_index: dict) -> str:
    terms = _Terms(search_index)
    n_fields = len(terms.fields)
    encode = _Encoder(max(2 * terms.n + 2, 4096))
    chunks: list[str] = []
    lengths: list[int] = []
    for term in terms.terms:
        entries = terms.raw[term]
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
    sep = next((c for c in (" ", "\n", "\t", "\x00") if not any(c in t for t in terms.terms)), None)
    if sep is None:
        raise Unsupported("every separator character occurs in some term")
    config = search_index["config"]
    head = {"format": FORMAT, "docs": terms.n,
            "hash": _fnv1a([doc["location"] for doc in search_index["docs"]]),
            "config": {"lang": config.get("lang", ["en"]), "separator": config["separator"],
                       "pipeline": config.get("pipeline", []),
                       "fields": {f: b for f, b in zip(terms.fields, terms.boosts)}},
            "sep": sep, "terms": sep.join(terms.terms),
            "numbers": encode(terms.number[t] for t in terms.terms),
            "lengths": encode(lengths),
            "postings": "".join(chunks)}
    return json.dumps(head, ensure_ascii=True, separators=(",", ":"))


def write_prebuilt_index(search_index_json: str | os.PathLike, out_js: str | os.PathLike | None = None) -> Path | None:
    """Write the prebuilt index for Material's ``search_index.json`` as a script; return its path.

    ``out_js`` defaults to ``prebuilt_index.js`` next to the JSON file. The
    script sets ``self.__briefingSearchIndex``. Output is deterministic (same
    JSON in, same bytes out) and ASCII-only, and is written atomically. When
    the config is not one this module mirrors, any old file is removed and
    None is returned: the worker then builds its index in the browser.
    """
    src = Path(search_index_json)
    out = Path(out_js) if out_js is not None else src.with_name("prebuilt_index.js")
    data = json.loads(src.read_text(encoding="utf-8"))
    try:
        payload = _compact_json(data)
    except Unsupported:
        out.unlink(missing_ok=True)
        return None
    del data
    # An object literal of a few long strings: V8 scans a string literal far faster than it parses numbers.
    text = ("// Prebuilt lunr index for Material's search worker; generated by generator/searchindex.py.\n"
            f"self.__briefingSearchIndex={payload};\n")
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".prebuilt_index.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes the file private; a site is read by a web server too
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
