"""The prebuilt search index (generator/searchindex.py) and the patched search worker that loads it.

- The index equals what the ``lunr`` Python package (an independent port of
  lunr.js) builds from the same documents with Material's settings: same
  terms, same documents per field, same scores.
- It loads with ``lunr.Index.load`` and finds the expected page.
- Output is byte-identical for the same input; unsupported configs get no file.
- Material's tokenizer is mirrored: text between tags only, JavaScript's ``\\s``.
- The committed worker is Material 9.8.1's plus exactly the listed patches.
- The built site ships the index and points Material at the patched worker;
  with node, the patched worker answers every query exactly as Material's own
  worker does (results, order, scores, highlighting).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lunr.builder import Builder
from lunr.index import Index
from lunr.stop_word_filter import stop_word_filter

from generator import searchindex
from generator.searchindex import build_lunr_index, compact_index, js_regex, write_prebuilt_index
from tests.browser_util import built_site

ROOT = Path(__file__).resolve().parent.parent
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


def site_index(docs: list[dict], config: dict = CONFIG) -> dict:
    return {"config": config, "docs": docs}


def lunr_package_index(docs: list[dict]) -> Index:
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


def postings_and_scores(serialized: dict) -> tuple[dict, dict]:
    """({term: {field: sorted refs}}, {field/ref: {term: score}}) from a lunr serialized index."""
    terms = {term: posting["_index"] for term, posting in serialized["invertedIndex"]}
    by_index = {i: t for t, i in terms.items()}
    postings = {term: {f: sorted(posting[f]) for f in serialized["fields"]}
                for term, posting in serialized["invertedIndex"]}
    scores = {}
    for ref, elements in serialized["fieldVectors"]:
        if elements:
            scores[ref] = {by_index[elements[i]]: elements[i + 1] for i in range(0, len(elements), 2)}
    return postings, scores


def test_index_equals_the_lunr_package_build_of_the_same_documents():
    ours = build_lunr_index(site_index(PLAIN_DOCS))
    theirs = lunr_package_index(PLAIN_DOCS).serialize()
    our_postings, our_scores = postings_and_scores(ours)
    their_postings, their_scores = postings_and_scores(theirs)
    assert our_postings == their_postings
    # Terms are numbered as lunr numbers them (the order of the sums in a query's dot products).
    assert {t: p["_index"] for t, p in ours["invertedIndex"]} == {t: p["_index"] for t, p in theirs["invertedIndex"]}
    assert "the" not in our_postings and "coal" in our_postings and "north" in our_postings  # stop words dropped
    assert our_postings["korea"]["text"] == ["actors/north-korea.html#sanctions", "articles/a.html"]  # "north-korea" splits
    assert our_scores.keys() == their_scores.keys()
    for ref, terms in their_scores.items():
        assert our_scores[ref].keys() == terms.keys(), ref
        for term, score in terms.items():
            # Both round to 3 decimals (Python's round() and JavaScript's Math.round differ only on exact ties).
            assert our_scores[ref][term] == pytest.approx(score, abs=1.01e-3), (ref, term)
    # The field and document boosts made it in: a tag outweighs a title, which outweighs the text.
    assert our_scores["tags/actors/north-korea.html"]["dprk"] > 1000 * our_scores["title/articles/a.html"]["coal"] / 2


def test_loads_with_lunr_index_load_and_finds_the_entity_first():
    index = Index.load(build_lunr_index(site_index(PLAIN_DOCS)))
    assert index.search("dprk")[0]["ref"] == "actors/north-korea.html"
    assert index.search("2270")[0]["ref"] == "resolutions/2270.html"
    assert {r["ref"] for r in index.search("coal")} == {"articles/a.html", "resolutions/2270.html"}


def decode(compact: dict, docs: list[dict], config: dict = CONFIG) -> dict:
    """The compact file expanded the way the worker expands it, into lunr's serialized form.

    The file holds term frequencies; scores are lunr's (the worker computes them with lunr.js's own formula).
    """
    fields = list(compact["config"]["fields"])
    terms = compact["terms"].split(compact["sep"]) if compact["terms"] else []
    numbers = searchindex.decode_ints(compact["numbers"])
    lengths = searchindex.decode_ints(compact["lengths"])
    assert len(numbers) == len(lengths) == len(terms) and sum(lengths) == len(compact["postings"])
    inverted, vectors, start = [], {}, 0
    for i, term in enumerate(terms):
        flat = searchindex.decode_ints(compact["postings"][start:start + lengths[i]])
        start += lengths[i]
        posting, p, found = {"_index": numbers[i]}, 0, []
        for f, field in enumerate(fields):
            n, ref, refs = flat[p], 0, {}
            p += 1
            for _ in range(n):
                ref += flat[p] >> 1
                tf = flat[p + 1] + 2 if flat[p] & 1 else 1
                p += 2 if flat[p] & 1 else 1
                refs[docs[ref]["location"]] = {}
                found.append((f, ref, tf))
            posting[field] = refs
        assert p == len(flat)
        idf = math.log(1 + abs((len(docs) - len(found) + 0.5) / (len(found) + 0.5)))
        for f, ref, tf in found:
            field_boost = config["fields"][fields[f]].get("boost") or 1
            score = searchindex._score(idf, tf, field_boost, docs[ref].get("boost") or 1) / 1000
            vectors.setdefault(f"{fields[f]}/{docs[ref]['location']}", []).append((numbers[i], score))
        inverted.append([term, posting])
    return {"version": "2.3.9", "fields": fields,
            "fieldVectors": [[ref, [x for pair in sorted(pairs) for x in pair]] for ref, pairs in sorted(vectors.items())],
            "invertedIndex": inverted, "pipeline": []}


def test_integers_round_trip_through_the_digit_encoding():
    values = [0, 1, 63, 64, 65, 1727, 1728, 46655, 46656, 10**9, 2**40]
    text = searchindex.encode_ints(values)
    assert searchindex.decode_ints(text) == values
    assert '"' not in text and "\\" not in text and text.isascii() and text.isprintable()
    assert len(searchindex.encode_ints([63])) == 1 and len(searchindex.encode_ints([64])) == 2


def test_compact_file_expands_to_the_same_index(tmp_path):
    docs = PLAIN_DOCS + [{"location": "x.html", "title": "Ünïcode Straße", "text": "<p>ÉCOLE&nbsp;x</p>"}]
    src = tmp_path / "search_index.json"
    src.write_text(json.dumps(site_index(docs)), encoding="utf-8")
    out = write_prebuilt_index(src)
    text = out.read_text(encoding="ascii")
    compact = json.loads(text.split("self.__briefingSearchIndex=", 1)[1].rsplit(";", 1)[0])
    assert compact == compact_index(site_index(docs))
    assert decode(compact, docs) == build_lunr_index(site_index(docs))
    assert compact["docs"] == len(docs) and compact["format"] == searchindex.FORMAT
    assert "straße" in compact["terms"].split(compact["sep"])


def test_output_is_deterministic(tmp_path):
    src = tmp_path / "search_index.json"
    src.write_text(json.dumps(site_index(PLAIN_DOCS)), encoding="utf-8")
    first = write_prebuilt_index(src, tmp_path / "a.js").read_bytes()
    second = write_prebuilt_index(src, tmp_path / "b.js").read_bytes()
    assert first == second and len(first) > 500


def test_tokenizer_mirrors_material():
    docs = [{"location": "a.html", "title": "T", "text": '<p>Alpha <a href="beta.html">Gamma</a>\u00a0delta'
             '\x1cepsilon</p><code>zeta-eta</code>'}]
    postings, _ = postings_and_scores(build_lunr_index(site_index(docs)))
    # Tag names and attributes are not text; JavaScript's \s has no-break space but not \x1c.
    assert set(postings) == {"t", "alpha", "gamma", "delta\x1cepsilon", "zeta", "eta"}
    assert js_regex("[\\s\\-]+").split("a\u2028b\x85c") == ["a", "b\x85c"]


@pytest.mark.parametrize("change", [{"pipeline": ["stemmer", "stopWordFilter"]}, {"lang": ["de"]}])
def test_unsupported_config_gets_no_file_and_loses_a_stale_one(tmp_path, change):
    src = tmp_path / "search_index.json"
    src.write_text(json.dumps(site_index(PLAIN_DOCS, {**CONFIG, **change})), encoding="utf-8")
    stale = tmp_path / "prebuilt_index.js"
    stale.write_text("old", encoding="ascii")
    assert write_prebuilt_index(src) is None
    assert not stale.exists()


def test_committed_worker_is_materials_with_the_listed_patches():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import patch_search_worker
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    committed = patch_search_worker.TARGET.read_text(encoding="utf-8")
    assert committed == patch_search_worker.compose(), "run `python scripts/patch_search_worker.py`"
    assert "MIT" in committed.split(patch_search_worker.MARKER)[0]
    assert (patch_search_worker.TARGET.parent / "LICENSE").is_file()


# --- the built site ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory)


def test_built_site_ships_the_index_and_points_material_at_the_patched_worker(site):
    prebuilt = site / "search" / "prebuilt_index.js"
    assert prebuilt.is_file()
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert prebuilt.stat().st_size < (site / "search" / "search_index.json").stat().st_size
    for page in ("index.html", "actors/north-korea.html"):
        html = (site / page).read_text(encoding="utf-8")
        config = json.loads(html.split('<script id="__config" type="application/json">')[1].split("</script>")[0])
        assert config["search"].endswith("assets/javascripts/search/worker.js"), config["search"]
        assert (site / page).parent.joinpath(config["search"]).resolve() == \
            (site / "assets/javascripts/search/worker.js").resolve()
    assert (site / "assets/javascripts/search/worker.js").read_bytes() == \
        (ROOT / "theme/assets/javascripts/search/worker.js").read_bytes()
    index = Index.load(build_lunr_index(data))
    assert index.search("dprk")[0]["ref"] == "actors/north-korea.html"


# Runs a search worker in node, as the iframe-worker shim runs it: SETUP, then one message per query.
NODE_HARNESS = r"""
const fs = require("fs"), vm = require("vm"), path = require("path")
const [workerPath, site, queries] = [process.argv[2], process.argv[3], JSON.parse(process.argv[4])]
const listeners = [], out = [], warnings = []
const ctx = { console: { warn: (...a) => warnings.push(a.join(" ")), log() {} }, URL, Set, Map, Promise, setTimeout,
  addEventListener: (t, fn) => listeners.push(fn), postMessage: m => out.push(m),
  importScripts: url => vm.runInContext(fs.readFileSync(new URL(url).pathname, "utf8"), ctx),
  location: { href: "file://" + path.resolve(site) + "/assets/javascripts/search/worker.js" } }
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
  const data = JSON.parse(fs.readFileSync(path.join(site, "search/search_index.json"), "utf8"))
  await send({ type: 0, data: { config: data.config, docs: data.docs, options: { suggest: false } } })
  const res = {}
  for (const q of queries) res[q] = (await send({ type: 2, data: q })).data.items
  process.stdout.write(JSON.stringify({ results: res, warnings, prebuilt: "__briefingSearchIndex" in ctx }))
})()
"""

#: Result groups the patched worker highlights per query (BUDGET in theme/assets/javascripts/search/worker.js).
HIGHLIGHT_BUDGET = 100

QUERIES = ["DPRK", "2270", "Tillerson", "Kerry", "Pyongyang", "North Korea", "sanctions", "coal", "panel of experts",
           "t", "ch", "1718", "veto", "+china -russia", '"security council"', "resolut", "chapter:vii",
           "title:korea", "tags:dprk", "e~1", "u.s."]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_patched_worker_answers_exactly_like_materials_own(site, tmp_path):
    import material

    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS, encoding="utf-8")
    workers = Path(material.__file__).parent / "templates/assets/javascripts/workers"
    (original,) = workers.glob("search.*.min.js")

    def run(worker: Path) -> dict:
        proc = subprocess.run(["node", str(harness), str(worker), str(site), json.dumps(QUERIES)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    worker = site / "assets/javascripts/search/worker.js"
    assert f"var BUDGET = {HIGHLIGHT_BUDGET} " in worker.read_text(encoding="utf-8")
    theirs, ours = run(original), run(worker)
    assert ours["warnings"] == [] and ours["prebuilt"], ours["warnings"]  # the prebuilt index was used
    for query in QUERIES:
        mine, material_s = ours["results"][query], theirs["results"][query]
        # The first HIGHLIGHT_BUDGET result groups are exactly Material's; later groups (the patched
        # worker's documented budget) hold the same pages, in the same order and with the same scores,
        # only unhighlighted.
        assert mine[:HIGHLIGHT_BUDGET] == material_s[:HIGHLIGHT_BUDGET], query
        assert [[(d["location"], d["score"]) for d in group] for group in mine[HIGHLIGHT_BUDGET:]] == \
            [[(d["location"], d["score"]) for d in group] for group in material_s[HIGHLIGHT_BUDGET:]], query
        assert "<mark>" not in json.dumps(mine[HIGHLIGHT_BUDGET:]), query
    assert theirs["results"]["DPRK"][0][0]["location"] == "actors/north-korea.html"
    assert "<mark>" in json.dumps(ours["results"]["2270"][0])  # highlighting survived


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_patched_worker_falls_back_to_building_when_the_index_does_not_match(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site / "search", copy / "search")
    shutil.copytree(site / "assets/javascripts/search", copy / "assets/javascripts/search")
    data = json.loads((copy / "search/search_index.json").read_text(encoding="utf-8"))
    data["docs"][0]["location"] = "renamed.html"  # the site changed after the index was written
    (copy / "search/search_index.json").write_text(json.dumps(data), encoding="utf-8")
    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS, encoding="utf-8")
    proc = subprocess.run(["node", str(harness), str(copy / "assets/javascripts/search/worker.js"), str(copy),
                           json.dumps(["DPRK"])], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert any("does not match" in w for w in out["warnings"]), out["warnings"]
    assert out["results"]["DPRK"][0][0]["location"] == "actors/north-korea.html"  # built in the worker, still right
