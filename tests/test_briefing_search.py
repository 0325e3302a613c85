"""The search plugin (briefing_search/): its prebuilt index, its worker, and when it turns itself off.

- The worker's scores (BM25 as lunr computes it, written once, in the worker) equal what the
  ``lunr`` Python package (an independent port of lunr.js) gives for the same documents and
  queries, from the prebuilt index.
- The worker answers Material's search messages exactly as Material's own worker does: the same
  results, order, scores and highlighting (within the documented highlight budget), both when the
  page sends every document (HTTP) and when it sends the stub ``search_index.js`` of ``file://``
  (the worker then reads the documents from the prebuilt index and loads text shards as needed).
- The index keeps entries per page: replacing or removing one page gives the index of the changed
  documents. Output is deterministic ASCII.
- The built site carries the index and the worker at the path Material's theme loads; the theme
  copies no Material template block. On an engine or Material version the plugin does not know, it
  turns itself off with one log line.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from lunr.builder import Builder
from lunr.stop_word_filter import stop_word_filter

from briefing_search import index as search_index
from briefing_search import plugin as search_plugin
from briefing_search.index import SearchIndex, Unsupported, decode_ints, encode_ints, js_regex, stub_script
from tests.browser_util import ROOT, built_site

CONFIG = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
          "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}}

# Plain text, single-word tags: the inputs on which lunr's own tokenizer and Material's agree.
PLAIN_DOCS = [
    {"location": "actors/north-korea.html", "title": "North Korea", "text": "The state tested nuclear devices",
     "tags": ["dprk", "pyongyang"]},
    {"location": "actors/north-korea.html#sanctions", "title": "Sanctions", "text": "Resolutions on North Korea"},
    {"location": "resolutions/2270.html", "title": "Resolution 2270", "text": "Adopted unanimously in March 2016 "
     "after the nuclear test; the council tightened sanctions on coal and iron", "boost": 2},
    {"location": "articles/a.html", "title": "Coal exports", "text": "Coal coal coal and more coal went to China "
     "despite the sanctions of resolution 2270 and 2321 on North-Korea"},
    {"location": "articles/b.html", "title": "The vote", "text": "Fifteen votes in favour of the text", "tags": []},
]
HAS_NODE = shutil.which("node") is not None


def site_index(docs: list[dict], config: dict = CONFIG) -> dict:
    return {"config": config, "docs": docs}


def lunr_package_index(docs: list[dict]):
    """The same index built by the lunr package's Builder, set up the way Material sets up lunr.js."""
    builder = Builder()
    builder.pipeline.add(stop_word_filter)
    builder.b(0)
    builder.ref("location")
    for name, spec in CONFIG["fields"].items():
        builder.field(name, boost=spec["boost"])
    for doc in docs:
        builder.add({"tags": None, **doc}, {"boost": doc["boost"]} if "boost" in doc else None)
    return builder.build()


# Runs the worker in node, as the iframe-worker shim runs it: SETUP (with what search_index.json holds, or
# search_index.js: the stub of file://), then one message per query; in "lunr" mode it asks the worker's lunr
# index directly (no Material boosts or grouping), in "expand" mode how it expands each term, through its test hook.
NODE_HARNESS = r"""
const fs = require("fs"), vm = require("vm"), path = require("path")
const [workerPath, dataPath, queries, mode] = [process.argv[2], process.argv[3], JSON.parse(process.argv[4]),
                                               process.argv[5]]
const listeners = [], out = [], warnings = [], loaded = []
const site = path.dirname(path.dirname(path.resolve(dataPath)))
const ctx = { console: { warn: (...a) => warnings.push(a.join(" ")), log() {} }, URL, Set, Map, Promise, setTimeout,
  addEventListener: (t, fn) => listeners.push(fn), postMessage: m => out.push(m),
  importScripts: url => { loaded.push(path.basename(new URL(url).pathname)); vm.runInContext(fs.readFileSync(new URL(url).pathname, "utf8"), ctx) },
  location: { href: "file://" + site + "/assets/javascripts/workers/search.js" } }
ctx.self = ctx
vm.createContext(ctx)
vm.runInContext(fs.readFileSync(workerPath, "utf8"), ctx)
async function send(m) {
  out.length = 0
  for (const l of listeners) await l({ data: m })
  while (!out.length) await new Promise(r => setTimeout(r, 1))
  return out[0]
}
;(async () => {
  const data = JSON.parse(fs.readFileSync(dataPath, "utf8").replace(/^var __index = /, ""))
  await send({ type: 0, data: { config: data.config, docs: data.docs, options: { suggest: false } } })
  const res = {}
  if (mode === "burst") {  // every query at once, as fast typing sends them: which get answered
    out.length = 0
    for (const q of queries) for (const l of listeners) l({ data: { type: 2, data: q } })
    while (!out.length) await new Promise(r => setTimeout(r, 1))
    await new Promise(r => setTimeout(r, 200))
    process.stdout.write(JSON.stringify({ results: out.map(m => m.data.items), warnings }))
    return
  }
  for (const q of queries)
    res[q] = mode === "lunr" ? (await ctx.__briefingSearch.lunrSearch(q)).map(r => [r.ref, r.score])
           : mode === "expand" ? ctx.__briefingSearch.expand(q)
           : (await send({ type: 2, data: q })).data.items
  process.stdout.write(JSON.stringify({ results: res, warnings, prebuilt: "__briefingSearchIndex" in ctx, loaded }))
})()
"""


def run_worker(tmp_path: Path, worker: Path, data: Path, queries: list[str], mode: str = "material") -> dict:
    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS, encoding="utf-8")
    proc = subprocess.run(["node", str(harness), str(worker), str(data), json.dumps(queries), mode],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def small_site(tmp_path: Path, docs: list[dict], prebuilt: bool = True) -> tuple[Path, Path]:
    """A site folder holding search_index.json, the prebuilt index and its text shards and the stub
    search_index.js (or none of these three), and the worker; (worker, json)."""
    (tmp_path / "site" / "search").mkdir(parents=True)
    data = tmp_path / "site" / "search" / "search_index.json"
    data.write_text(json.dumps(site_index(docs)), encoding="utf-8")
    if prebuilt:
        index = SearchIndex.from_search_index(site_index(docs))
        index.write(data.with_name("prebuilt_index.js"))
        data.with_name("search_index.js").write_text(stub_script(CONFIG, index.doc_count, index.doc_hash))
    worker = tmp_path / "site" / "assets" / "javascripts" / "workers" / "search.js"
    worker.parent.mkdir(parents=True)
    worker.write_text(search_plugin.worker_script(), encoding="utf-8")
    return worker, data


# --- scores: the worker against the lunr package -------------------------------------------------------

ORACLE_QUERIES = ["dprk", "2270", "coal", "north korea", "sanctions", "resolution", "korea sanctions", "+coal -china",
                  "title:coal", "nuclear test", "resol*", "vote"]


@pytest.mark.skipif(not HAS_NODE, reason="node is not installed")
@pytest.mark.parametrize(("prebuilt", "sent"), [(True, "search_index.json"), (True, "search_index.js"),
                                               (False, "search_index.json")],
                         ids=["prebuilt index", "prebuilt index, stub of file://", "built in the worker"])
def test_worker_ranks_and_scores_like_the_lunr_package(tmp_path, prebuilt, sent):
    worker, data = small_site(tmp_path, PLAIN_DOCS, prebuilt)
    ours = run_worker(tmp_path, worker, data.with_name(sent), ORACLE_QUERIES, "lunr")
    if prebuilt:
        assert ours["prebuilt"] and ours["warnings"] == [], ours["warnings"]
    else:
        assert any("not found" in w for w in ours["warnings"]), ours["warnings"]
    oracle = lunr_package_index(PLAIN_DOCS)
    for query in ORACLE_QUERIES:
        theirs = [(r["ref"], r["score"]) for r in oracle.search(query)]
        mine = ours["results"][query]
        assert [ref for ref, _ in mine] == [ref for ref, _ in theirs], query
        for (_, a), (_, b) in zip(mine, theirs):
            assert a == pytest.approx(b, rel=1e-6, abs=1e-6), query
        assert theirs, query  # every query finds something, so the comparison is not empty


def _corpus(pages: int = 60, seed: int = 7) -> list[dict]:
    """Pages with sections, tags, boosts, markup, non-ASCII text and long texts: several text shards."""
    import random

    rng = random.Random(seed)
    words = ["korea", "north", "sanctions", "coal", "iron", "council", "resolution", "2270", "2321", "1718",
             "panel", "experts", "veto", "china", "russia", "états-unis", "straße", "the", "and", "of", "x9", "9x"]
    filler = [f"w{i}" for i in range(300)]

    def words_of(k: int) -> str:  # mostly filler: each named word is on some pages only
        return " ".join(rng.choice(words) if rng.random() < 0.08 else rng.choice(filler) for _ in range(k))

    docs = []
    for p in range(pages):
        kind = rng.choice(["actors", "articles", "resolutions"])
        page = f"{kind}/p{p}.html"
        blocks = [f"<p>{words_of(rng.randint(3, 40))}</p>" for _ in range(rng.randint(1, 9))]
        if rng.random() < 0.3:
            blocks.append(f"<ul><li>{rng.choice(words)} ● {rng.choice(words)}</li></ul>")
        doc = {"location": page, "title": " ".join(rng.choices(words, k=rng.randint(1, 4))).title(),
               "text": " ".join(blocks)}
        if rng.random() < 0.2:
            doc["tags"] = [rng.choice(["veto", "coal"]), rng.choice(words)]
        if rng.random() < 0.2:
            doc["boost"] = rng.choice([2, 0.5])
        docs.append(doc)
        for s in range(rng.randint(0, 3)):
            docs.append({"location": f"{page}#s{s}", "title": rng.choice(words + filler).title(),
                         "text": f"<p>{words_of(rng.randint(0, 15))}</p>"})
    return docs


CORPUS_QUERIES = ["korea", "north korea", "sanctions", "coal", "2270", "1718", "panel of experts", "veto",
                  "+china -russia", '"security council"', "resolut", "title:coal", "tags:veto", "e~1", "9", "x",
                  "états", "strasse", "straße", "s", "the", "nothingmatches", "co*l", "*ron"]


@pytest.mark.skipif(not HAS_NODE, reason="node is not installed")
def test_worker_answers_from_the_file_url_stub_exactly_like_materials_own(tmp_path, monkeypatch):
    """From file:// the page sends no documents (the stub search_index.js); the worker reads them from the
    prebuilt index and its text shards: the same results, order, scores, highlighting and previews as
    Material's own worker given every document, and as this worker given every document."""
    import material

    monkeypatch.setattr(search_index, "SHARD_MIN", 2_000)
    monkeypatch.setattr(search_index, "SHARD_MAX", 6_000)
    docs = _corpus()
    worker, data = small_site(tmp_path, docs)
    shards = sorted((data.parent / search_index.DOCS_DIR).glob("*.js"))
    assert len(shards) >= 5  # the texts are spread over several shards, so only some are loaded per query
    stub = data.with_name("search_index.js")
    assert json.loads(stub.read_text().removeprefix("var __index = "))["docs"] == []
    (original,) = (Path(material.__file__).parent / "templates/assets/javascripts/workers").glob("search.*.min.js")
    theirs = run_worker(tmp_path, original, data, CORPUS_QUERIES)
    sent_all = run_worker(tmp_path, worker, data, CORPUS_QUERIES)
    from_stub = run_worker(tmp_path, worker, stub, CORPUS_QUERIES)
    assert from_stub["warnings"] == [] and sent_all["warnings"] == [], from_stub["warnings"] + sent_all["warnings"]
    for query in CORPUS_QUERIES:
        assert from_stub["results"][query] == theirs["results"][query], query
        assert from_stub["results"][query] == sent_all["results"][query], query
    found = {query: len(groups) for query, groups in theirs["results"].items()}
    assert {q for q, n in found.items() if n == 0} == {'"security council"', "strasse", "the", "nothingmatches"}, found
    assert sum(0 < n < 30 for n in found.values()) >= 5, found  # queries that find some pages of the 60, not all
    assert "<mark>" in json.dumps(from_stub["results"]["coal"])

    # A missing document shard costs its results, with a warning, not the search: the others come, in order.
    held = search_index.parse_json_parse(shards[1].read_text().split(",", 2)[2].rsplit(")", 1)[0])
    lost = {d["location"] for d in held}
    shards[1].unlink()
    out = run_worker(tmp_path, worker, stub, ["korea"])
    assert any("not found" in w for w in out["warnings"]), out["warnings"]
    kept = [[d["location"] for d in g] for g in theirs["results"]["korea"] if g[-1]["location"] not in lost]
    assert [[d["location"] for d in g] for g in out["results"]["korea"]] == kept
    assert 0 < len(kept) < len(theirs["results"]["korea"])


@pytest.mark.skipif(not HAS_NODE, reason="node is not installed")
def test_a_query_loads_the_document_shards_of_its_results_only(tmp_path, monkeypatch):
    """The worker asks for a query's document shards once its postings are in, before lunr scores it: those of
    the documents holding its terms (of every required term, when it has one). That loads no shard more than
    its results need when no term is required or prohibited, all they need otherwise, and none for a query
    that finds nothing."""
    monkeypatch.setattr(search_index, "SHARD_MIN", 2_000)
    monkeypatch.setattr(search_index, "SHARD_MAX", 6_000)
    worker, data = small_site(tmp_path, _corpus())
    stub = data.with_name("search_index.js")
    shard_of = {}
    for shard in (data.parent / search_index.DOCS_DIR).glob("*.js"):
        for doc in search_index.parse_json_parse(shard.read_text().split(",", 2)[2].rsplit(")", 1)[0]):
            shard_of[doc["location"]] = shard.name
    assert len(set(shard_of.values())) >= 5
    for query in ["korea", "north korea", "coal", "2270", "resolut", "title:coal", "co*l", "nothingmatches",
                  "+china -russia", "+coal +iron"]:
        out = run_worker(tmp_path, worker, stub, [query])
        loaded = {name for name in out["loaded"] if name in set(shard_of.values())}
        needed = {shard_of[item["location"]] for group in out["results"][query] for item in group}
        if query.startswith("+"):
            assert needed <= loaded, query
        else:
            assert loaded == needed, query
        assert bool(needed) == (query != "nothingmatches"), query


@pytest.mark.skipif(not HAS_NODE, reason="node is not installed")
def test_queries_replaced_before_their_turn_are_not_answered(tmp_path):
    """Typing sends a query per key; one that a newer query replaced while it waited gets no answer, and the
    newest gets its own."""
    worker, data = small_site(tmp_path, _corpus())
    stub = data.with_name("search_index.js")
    burst = run_worker(tmp_path, worker, stub, ["c", "co", "coa", "coal"], "burst")
    alone = run_worker(tmp_path, worker, stub, ["coal"])
    assert burst["results"] == [alone["results"]["coal"]] and alone["results"]["coal"]


@pytest.mark.skipif(not HAS_NODE, reason="node is not installed")
def test_terms_are_expanded_in_the_order_lunr_lists_them(tmp_path):
    """A prefix query is expanded from the sorted terms, not lunr's trie: same terms, in the trie's order
    (which orders tied results), digits and punctuation included; other token sets go to the trie."""
    text = ("a a1 a10 a2 a9 ab abc abd ab-c ab.c ab0 ab9 aé aü a_ a# a( 1 10 100 11 19 2 2a 2.5 9 9b "
            "b ba bab bac bb bé c ● déjà zz z9 z0")
    docs = [{"location": "a.html", "title": "T", "text": text}]
    worker, data = small_site(tmp_path, docs)
    terms = ["a*", "ab*", "1*", "2*", "b*", "z*", "d*", "a", "abc", "zz", "nothing*", "ab*c", "*b", "a~1", "é*"]
    out = run_worker(tmp_path, worker, data.with_name("search_index.js"), terms, "expand")
    for term in terms:
        fast, trie = out["results"][term]
        assert fast == trie, term
    assert len(out["results"]["a*"][0]) > 10 and out["results"]["a*"][0] != sorted(out["results"]["a*"][0])


def test_an_edit_rewrites_only_the_shards_it_touches(monkeypatch):
    """Shards end where the pages or terms say (not at a running total), so an edit that lengthens a page
    rewrites its own document shard and the postings shards of its new terms, not every shard after them
    (what `serve` writes again after an edit)."""
    monkeypatch.setattr(search_index, "SHARD_MIN", 2_000)
    monkeypatch.setattr(search_index, "SHARD_MAX", 6_000)
    monkeypatch.setattr(search_index, "POSTINGS_MIN", 300)
    monkeypatch.setattr(search_index, "POSTINGS_MAX", 100_000)
    docs = _corpus(120)
    index = SearchIndex.from_search_index(site_index(docs), incremental=True)
    index.compact_json()
    before = {name: key for name, key, _ in index.shards()}
    page = docs[len(docs) // 3]["location"].split("#")[0]
    docs = [{**d, "text": d["text"] + " <p>more words for this page</p>" * 20} if d["location"] == page else d
            for d in docs]
    index.update(site_index(docs))
    index.compact_json()
    after = {name: (key, make) for name, key, make in index.shards()}
    changed = [name for name in after if before.get(name) != after[name][0]]
    docs_changed = [name for name in changed if name.startswith(search_index.DOCS_DIR)]
    postings = [name for name in after if name.startswith(search_index.POSTINGS_DIR)]
    assert len(after) - len(postings) >= 8 and len(postings) >= 8, sorted(after)
    assert 1 <= len(docs_changed) <= 2, changed
    assert 1 <= len(changed) - len(docs_changed) <= 3, changed  # "more", "words", "page"
    fresh = SearchIndex.from_search_index(site_index(docs))
    fresh.compact_json()
    assert [(name, make()) for name, _, make in fresh.shards()] == [(n, m()) for n, (_, m) in after.items()]


# --- the index: per page, deterministic, Material's tokenizer ------------------------------------------

def test_pages_can_be_replaced_and_removed_one_at_a_time():
    index = SearchIndex.from_search_index(site_index(PLAIN_DOCS))
    assert index.pages() == ["actors/north-korea.html", "resolutions/2270.html", "articles/a.html", "articles/b.html"]
    changed = [{"location": "resolutions/2270.html", "title": "Resolution 2270", "text": "Coal, iron and gold"}]
    index.set_page("resolutions/2270.html", changed)
    index.remove_page("articles/b.html")
    expected = [PLAIN_DOCS[0], PLAIN_DOCS[1], *changed, PLAIN_DOCS[3]]
    assert index.docs() == expected
    assert index.compact_json() == SearchIndex.from_search_index(site_index(expected)).compact_json()
    assert "gold" in index.compact()["terms"].split(index.compact()["sep"])
    with pytest.raises(ValueError):
        index.set_page("articles/a.html", [{"location": "articles/other.html", "title": "x", "text": "y"}])


def _random_site(rng, words: list[str], pages: int) -> list[dict]:
    docs = []
    for p in range(pages):
        for s in range(rng.randint(1, 3)):
            loc = f"p{p}.html" + (f"#s{s}-{rng.randint(0, 1)}" if s else "")
            docs.append({"location": loc, "title": " ".join(rng.choices(words, k=rng.randint(1, 3))),
                         "text": " ".join(rng.choices(words, k=rng.randint(0, 12)))})
    return docs


@pytest.mark.parametrize("seed", range(6))
def test_an_incremental_index_after_random_edits_equals_a_fresh_one(seed):
    """``mkdocs serve`` keeps one index and redoes only the changed pages' terms: the file is the same."""
    import random

    rng = random.Random(seed)
    words = [f"w{i}" for i in range(40)] + ["the", "and", "North-Korea", "<b>bold</b>"]
    docs = _random_site(rng, words, 12)
    index = SearchIndex.from_search_index(site_index(docs), incremental=True)
    assert index.compact_json() == SearchIndex.from_search_index(site_index(docs)).compact_json()
    for _ in range(25):
        pages = sorted({d["location"].split("#")[0] for d in docs})
        page = rng.choice(pages)
        mine = [i for i, d in enumerate(docs) if d["location"].split("#")[0] == page]
        what = rng.choice(["text", "text", "title", "anchor", "add-section", "new-page", "delete", "none"])
        if what in ("text", "title"):  # one document's words change, the layout does not
            i = rng.choice(mine)
            docs[i] = {**docs[i], what: " ".join(rng.choices(words + [f"new{rng.randint(0, 99)}"], k=rng.randint(0, 9)))}
        elif what == "anchor" and len(mine) > 1:  # a section renamed: same number of documents
            docs[mine[-1]] = {**docs[mine[-1]], "location": f"{page}#renamed{rng.randint(0, 99)}"}
        elif what == "add-section":
            docs.insert(mine[-1] + 1, {"location": f"{page}#extra{rng.randint(0, 99)}", "title": "extra", "text": "w1"})
        elif what == "new-page":
            docs.append({"location": f"n{rng.randint(0, 999)}.html", "title": "fresh w2", "text": "w3 w3"})
        elif what == "delete" and len(pages) > 2:
            docs = [d for d in docs if d["location"].split("#")[0] != page]
        tokenized = index.update(site_index(docs))
        assert tokenized <= 1 or what == "none"
        assert index.compact_json() == SearchIndex.from_search_index(site_index(docs)).compact_json(), what
        assert index.docs() == docs


def test_integers_round_trip_through_the_digit_encoding():
    values = [0, 1, 63, 64, 65, 1727, 1728, 46655, 46656, 10**9, 2**40]
    text = encode_ints(values)
    assert decode_ints(text) == values
    assert '"' not in text and "\\" not in text and text.isascii() and text.isprintable()
    assert len(encode_ints([63])) == 1 and len(encode_ints([64])) == 2


def test_output_is_deterministic_ascii(tmp_path):
    docs = PLAIN_DOCS + [{"location": "x.html", "title": "Ünïcode Straße", "text": "<p>ÉCOLE&nbsp;x</p>"}]
    a = SearchIndex.from_search_index(site_index(docs)).write(tmp_path / "a.js").read_bytes()
    b = SearchIndex.from_search_index(site_index(docs)).write(tmp_path / "b.js").read_bytes()
    assert a == b and a.isascii() and len(a) > 500
    compact = search_index.parse_json_parse(a.decode().split("self.__briefingSearchIndex=", 1)[1].rsplit(";", 1)[0])
    assert compact == json.loads(SearchIndex.from_search_index(site_index(docs)).compact_json())
    assert compact["docs"] == len(docs) and compact["format"] == search_index.FORMAT
    assert "straße" in compact["terms"].split(compact["sep"])
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


@pytest.mark.skipif(not HAS_NODE, reason="node is not installed")
def test_scripts_hold_their_json_as_a_string_that_parses_to_it():
    """The index and its shards are written as JSON.parse('...'): the string must give back the JSON exactly,
    whatever quotes, backslashes and escapes the documents hold."""
    values = [{"text": "it's \\'quoted\\' \"twice\" \\\\ \\n", "t": "</script><!-- ' \u2028 \u00e9 `${x}`"},
              ["\\", "'", "\\'", "''", "\\\\'"], "plain"]
    for value in values:
        text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
        expression = search_index.json_parse(text)
        assert search_index.parse_json_parse(expression) == value
        proc = subprocess.run(["node", "-e", f"process.stdout.write(JSON.stringify({expression}))"],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout) == value


def test_tokenizer_mirrors_materials():
    docs = [{"location": "a.html", "title": "T", "text": '<p>Alpha <a href="beta.html">Gamma</a>\u00a0delta'
             '\x1cepsilon</p><code>zeta-eta</code>'}]
    compact = SearchIndex.from_search_index(site_index(docs)).compact()
    # Tag names and attributes are not text; JavaScript's \s has no-break space but not \x1c.
    assert set(compact["terms"].split(compact["sep"])) == {"t", "alpha", "gamma", "delta\x1cepsilon", "zeta", "eta"}
    assert js_regex("[\\s\\-]+").split("a\u2028b\x85c") == ["a", "b\x85c"]


@pytest.mark.parametrize("change", [{"pipeline": ["stemmer", "stopWordFilter"]}, {"lang": ["de"]}])
def test_a_config_the_worker_does_not_mirror_is_refused(change):
    with pytest.raises(Unsupported):
        SearchIndex.from_search_index(site_index(PLAIN_DOCS, {**CONFIG, **change}))


# --- the plugin: when it runs, and what it writes -------------------------------------------------------

@pytest.mark.parametrize(("engine", "material", "theme", "why"), [
    (("properdocs", "1.6.7"), "9.8.2", "material", None),
    (("mkdocs", "1.6.1"), "9.8.1", "material", None),
    (("mkdocs", "2.0.0"), "9.8.2", "material", "engine mkdocs 2.0.0"),
    (("properdocs", "1.6.7"), "9.9.0", "material", "Material 9.9.0"),
    (("properdocs", "1.6.7"), None, "material", "Material None"),
    (("properdocs", "1.6.7"), "9.8.2", "mkdocs", "theme 'mkdocs'"),
])
def test_plugin_knows_which_engines_and_material_versions_it_runs_on(engine, material, theme, why):
    got = search_plugin.unsupported(engine, material, theme)
    assert got is None if why is None else got.startswith(why), got


def test_plugin_turns_itself_off_with_one_log_line(monkeypatch, caplog):
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["briefing-search"]
    monkeypatch.setattr(search_plugin, "MATERIAL", ("9.7.0",))
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.briefing_search"):
        plugin.on_config(config)
    lines = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.briefing_search"]
    assert len(lines) == 1 and lines[0].startswith("briefing-search: off (Material "), lines
    assert plugin.active is False
    monkeypatch.setattr(search_plugin, "MATERIAL", (search_plugin._version("mkdocs-material"),))
    plugin.on_config(config)
    assert plugin.active is True


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory)


@pytest.mark.content  # builds and queries the shipped briefing
def test_built_site_ships_the_index_and_the_worker_where_material_loads_it(site):
    prebuilt = site / "search" / "prebuilt_index.js"
    assert prebuilt.is_file()
    assert prebuilt.stat().st_size < (site / "search" / "search_index.json").stat().st_size
    assert list((site / "search" / search_index.DOCS_DIR).glob("*.js"))
    # What file:// pages read is a stub: the config and no documents (the worker reads those itself).
    stub = json.loads((site / "search" / "search_index.js").read_text(encoding="utf-8").removeprefix("var __index = "))
    full = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"][search_index.STUB_KEY]["docs"] == len(full["docs"]) > 100
    worker = search_plugin.worker_path([str(Path(__import__("material").__file__).parent / "templates")])
    assert worker and worker.startswith("assets/javascripts/workers/search.")
    for page in ("index.html", "actors/north-korea.html"):
        html = (site / page).read_text(encoding="utf-8")
        config = json.loads(html.split('<script id="__config" type="application/json">')[1].split("</script>")[0])
        assert (site / page).parent.joinpath(config["search"]).resolve() == (site / worker).resolve()
    assert (site / worker).read_text(encoding="utf-8") == search_plugin.worker_script()
    assert not (site / (worker + ".map")).exists()
    # The theme overrides no Material block to point at another worker.
    for template in (ROOT / "theme").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "block config" not in text and "__config" not in text and "config.plugins" not in text, template


MATERIAL_QUERIES = ["DPRK", "2270", "Tillerson", "Kerry", "Pyongyang", "North Korea", "sanctions", "coal",
                    "panel of experts", "t", "ch", "1718", "veto", "+china -russia", '"security council"', "resolut",
                    "chapter:vii", "title:korea", "tags:dprk", "e~1", "u.s."]


@pytest.mark.skipif(not HAS_NODE, reason="node is not installed")
@pytest.mark.content  # builds and queries the shipped briefing
def test_worker_answers_exactly_like_materials_own(site, tmp_path):
    import material

    workers = Path(material.__file__).parent / "templates/assets/javascripts/workers"
    (original,) = workers.glob("search.*.min.js")
    worker = site / search_plugin.worker_path([str(Path(material.__file__).parent / "templates")])
    data = site / "search" / "search_index.json"
    budget = int(worker.read_text(encoding="utf-8").split("var BUDGET = ")[1].split()[0])
    theirs = run_worker(tmp_path, original, data, MATERIAL_QUERIES)
    ours = run_worker(tmp_path, worker, data, MATERIAL_QUERIES)
    assert ours["warnings"] == [] and ours["prebuilt"], ours["warnings"]  # the prebuilt index was used
    # From file:// the page sends the stub search_index.js: the same answers, from the prebuilt files alone.
    from_stub = run_worker(tmp_path, worker, data.with_name("search_index.js"), MATERIAL_QUERIES)
    assert from_stub["warnings"] == [] and from_stub["results"] == ours["results"], from_stub["warnings"]
    for query in MATERIAL_QUERIES:
        mine, material_s = ours["results"][query], theirs["results"][query]
        # The first `budget` result groups are exactly Material's; later groups (the worker's documented
        # highlight budget) hold the same pages, in the same order and with the same scores, unhighlighted.
        assert mine[:budget] == material_s[:budget], query
        assert [[(d["location"], d["score"]) for d in group] for group in mine[budget:]] == \
            [[(d["location"], d["score"]) for d in group] for group in material_s[budget:]], query
        assert "<mark>" not in json.dumps(mine[budget:]), query
    assert theirs["results"]["DPRK"][0][0]["location"] == "actors/north-korea.html"
    assert "<mark>" in json.dumps(ours["results"]["2270"][0])  # highlighting survived


@pytest.mark.skipif(not HAS_NODE, reason="node is not installed")
@pytest.mark.content  # builds and queries the shipped briefing
def test_worker_builds_its_own_index_when_the_prebuilt_one_does_not_match(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site / "search", copy / "search")
    data = json.loads((copy / "search/search_index.json").read_text(encoding="utf-8"))
    data["docs"][0]["location"] = "renamed.html"  # the site changed after the index was written
    (copy / "search/search_index.json").write_text(json.dumps(data), encoding="utf-8")
    worker = copy / "worker.js"
    worker.write_text(search_plugin.worker_script(), encoding="utf-8")
    out = run_worker(tmp_path, worker, copy / "search/search_index.json", ["DPRK"])
    assert any("does not match" in w for w in out["warnings"]), out["warnings"]
    assert out["results"]["DPRK"][0][0]["location"] == "actors/north-korea.html"  # built in the worker, still right


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _index_in_background(docs: list[dict], final: list[dict] | None, site: Path):
    """What the plugin does in a one-shot build: a forked child tokenizes each page's entries as they are
    sent, then makes the index of ``final`` (None: the entries sent)."""
    from briefing_search import background

    builder = background.Builder(lambda: (SearchIndex(CONFIG), {}), search_plugin._tokenize_ahead,
                                 search_plugin._make_in_child)
    page: list[dict] = []
    for doc in docs:  # one message per page, as on_page_context sends them
        if page and doc["location"].split("#")[0] != page[0]["location"].split("#")[0]:
            builder.send(page)
            page = []
        page.append(doc)
    builder.send(page)
    builder.finish(final, str(site))
    return builder.answer()


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
@pytest.mark.parametrize("seed", range(4))
def test_an_index_made_in_the_background_is_the_same_as_one_made_in_process(tmp_path, seed):
    """Made by the forked child as the pages come (and from a final list that differs from what was sent:
    a page changed, one dropped, the order changed), the files are the bytes of the one-process index."""
    import random

    rng = random.Random(seed)
    words = [f"w{i}" for i in range(40)] + ["the", "and", "North-Korea", "<b>bold</b>"]
    docs = _random_site(rng, words, 30)
    final = None
    if seed % 2:
        final = [d for d in docs if not d["location"].startswith("p3.html")]
        final[0] = {**final[0], "text": "changed after it was sent"}
        first = [d for d in final if d["location"].startswith("p0.html")]
        final = [d for d in final if d not in first] + first  # a page moved to the end
    answer = _index_in_background(docs, final, tmp_path / "bg")
    assert answer[0] == "ok", answer
    expected = SearchIndex.from_search_index(site_index(final or docs))
    (tmp_path / "fg" / "search").mkdir(parents=True)
    expected.write(tmp_path / "fg" / "search" / "prebuilt_index.js")
    assert _files(tmp_path / "bg") == _files(tmp_path / "fg")
    assert answer[1]["stub"] == stub_script(CONFIG, expected.doc_count, expected.doc_hash)
    assert answer[1]["outputs"] == search_plugin._outputs_digest(tmp_path / "fg")


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_the_background_child_reports_its_errors_and_never_hangs(tmp_path):
    """A failure in the child comes back as a message; a child that dies gives no answer (the plugin then
    makes the index in process); a build that stops early leaves no child behind."""
    import os
    import signal

    from briefing_search import background

    def fail(streamed, final, payload, state):
        raise OSError("No space left on device")

    builder = background.Builder(lambda: None, lambda state, docs: None, fail)
    builder.send(PLAIN_DOCS)
    builder.finish(None, None)
    assert builder.answer() == ("error", "OSError", "No space left on device")

    # A config the worker does not mirror: the child stops reading at once; sending more does not block.
    builder = background.Builder(lambda: SearchIndex({**CONFIG, "pipeline": ["stemmer"]}), lambda s, d: None, fail)
    for _ in range(200):
        builder.send(PLAIN_DOCS * 50)
    builder.finish(None, None)
    kind, name, message = builder.answer()
    assert (kind, name) == ("error", "Unsupported") and "stemmer" in message

    builder = background.Builder(lambda: None, lambda state, docs: None, fail)
    os.kill(builder.pid, signal.SIGKILL)
    builder.send(PLAIN_DOCS)
    builder.finish(None, None)
    assert builder.answer() is None

    builder = background.Builder(lambda: None, lambda state, docs: None, fail)
    builder.send(PLAIN_DOCS)
    pid = builder.pid
    builder.abandon()  # the build failed before its end
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped


def test_serve_makes_the_index_from_materials_entries_and_reads_the_file_only_when_they_may_differ(tmp_path):
    """During ``serve`` the index holds Material's own entry objects (no second copy of every document, and
    search_index.json is not parsed again); an entry that json would not give back as it is (a str subclass,
    a tuple) makes the plugin read the file instead. Either way the index is the file's documents' index."""
    from markupsafe import Markup
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    plugin = config.plugins["briefing-search"]
    material = search_plugin._material_search(config)
    assert plugin.active and material is not None
    (tmp_path / "site" / plugin.worker).parent.mkdir(parents=True)  # where the theme's own worker would be
    for odd in (None, {"title": Markup("North <b>Korea</b>")}, {"tags": ("dprk",)}):
        entries = [dict(doc) for doc in PLAIN_DOCS]
        if odd is not None:
            entries[0].update(odd)
        material.search_index.entries = entries
        material.on_post_build(config=config)  # writes search_index.json from the entries
        written = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
        plugin.index = None
        plugin._write_index(config=config)
        held = plugin.index.docs()
        assert held == written["docs"]
        assert all(a is b for a, b in zip(held, entries)) == (odd is None), odd
        expected = SearchIndex.from_search_index(written).script()
        assert (tmp_path / "site" / "search" / "prebuilt_index.js").read_text(encoding="ascii") == expected
        plugin._write_stub(config=config)
