/*
 * The briefing search worker: answers Material for MkDocs' search messages from a prebuilt index.
 *
 * briefing_search/plugin.py writes this file, after lunr.js 2.3.9, at the path Material's theme
 * loads its own worker from, so nothing in the theme changes. It speaks Material's worker protocol
 * (SETUP {config, docs, options} -> READY; QUERY "text" -> RESULT {items, suggest}) and gives the
 * same results: the search logic below follows Material 9.8's TypeScript sources
 * (integrations/search: the tokenizer, query transformation, scoring boosts, grouping and
 * highlighting), written out here rather than patched into Material's minified bundle.
 *
 * What differs from Material: the index. Material builds a lunr index from every document on each
 * page open (25 s at 10,000 pages from file://). This worker loads search/prebuilt_index.js, the
 * term frequencies briefing_search/index.py wrote at build time, and scores a term with lunr's
 * BM25 formula (the only place it is written) the first time a query asks for it. The result is
 * lunr's index, score for score. If the file is missing or was made for other documents, the
 * worker builds the index as Material does. The prebuilt index keeps no term positions, so a
 * result's fields are re-tokenized to highlight them, for the first BUDGET result groups.
 *
 * From file://, the page sends no documents: briefing_search writes search/search_index.js as a
 * stub (the config, marked with STUB_KEY, and an empty list), so the page neither parses the
 * whole index nor copies it here. The worker then takes the documents from the prebuilt index
 * (locations, titles, tags, boosts) and their text from the text shards,
 * search/prebuilt_text/<k>.js, loading a shard the first time a result needs a text in it (a
 * result's preview); the answer is the same. Queries are answered one at a time, in order.
 *
 * Material for MkDocs, Copyright (c) 2016-2025 Martin Donath, MIT licence (LICENSE.material).
 * lunr.js 2.3.9, Copyright (C) 2020 Oliver Nightingale, MIT licence (LICENSE.lunr).
 */
;(function () {
  "use strict"

  var BUDGET = 100  // result groups (pages) highlighted per query; Material shows 10 at a time
  var FORMAT = 5, STUB_KEY = "briefing_prebuilt"  // as briefing_search/index.py writes them

  function here() {
    // Under the iframe-worker shim this runs in an iframe whose only script with a src is this file.
    if (typeof document !== "undefined") {
      var el = document.querySelector("script[src]")
      if (el) return el.src
    }
    return self.location.href
  }

  function importScript(url) {
    if (typeof document !== "undefined") {
      // The shim's importScripts never settles when a file is missing; a script tag reports errors.
      return new Promise(function (resolve) {
        var el = document.createElement("script")
        el.src = url
        el.onload = function () { resolve(true) }
        el.onerror = function () { resolve(false) }
        document.body.appendChild(el)
      })
    }
    try {
      importScripts(url)
      return Promise.resolve(true)
    } catch (err) {
      return Promise.resolve(false)
    }
  }

  // Start loading the prebuilt index as soon as the worker runs: under the iframe shim the file then loads
  // (and is parsed off the main thread) while the page is still reading search_index.js.
  var preloaded = null, base = null
  function searchFile(name) {
    if (base === null) base = new URL("../../../search/", here()).href
    return new URL(name, base).href
  }
  function preload() {
    if (preloaded === null)
      preloaded = importScript(searchFile("prebuilt_index.js"))
    return preloaded
  }
  try { preload() } catch (err) { preloaded = Promise.resolve(false) }

  // What index() takes from the file whatever SETUP says: the terms, their numbers, the lengths of their postings
  // and where each starts. Decoded once the page is idle after the file loads (0.31 MB at 10,000 articles), so
  // that SETUP, which Material sends from file:// when the reader first opens the search, has less to do.
  function decode(data) {
    if (data.__decoded === undefined) {
      var terms = data.terms ? data.terms.split(data.sep) : []
      var numbers = decodeAll(data.numbers), lengths = decodeAll(data.lengths)
      var offsets = new Int32Array(terms.length + 1)
      for (var i = 0; i < terms.length; i++) offsets[i + 1] = offsets[i] + lengths[i]
      data.__decoded = { terms: terms, numbers: numbers, lengths: lengths, offsets: offsets }
    }
    return data.__decoded
  }
  preloaded.then(function (ok) {
    var data = self.__briefingSearchIndex
    if (!ok || !data || data.format !== FORMAT) return
    var later = typeof requestIdleCallback === "function"
      ? function (fn) { requestIdleCallback(fn, { timeout: 2000 }) } : function (fn) { setTimeout(fn, 0) }
    later(function () { if (self.__briefingSearchIndex === data) decode(data) })
  })

  function load(config) {
    if (self.__briefingSearchIndex !== undefined || config.lang.join() !== "en")
      return Promise.resolve()
    return preload().then(function (ok) {
      if (!ok || self.__briefingSearchIndex === undefined) {
        console.warn("Prebuilt search index not found; building the index in the browser")
        self.__briefingSearchIndex = null
      }
    })
  }

  // 32-bit FNV-1a over UTF-16 code units of the locations joined by newlines, as generator/searchindex.py computes it.
  function fnv(docs) {
    var h = 0x811c9dc5
    for (var i = 0; i < docs.length; i++) {
      if (i) h = Math.imul(h ^ 10, 0x01000193) >>> 0
      var s = docs[i].location
      for (var j = 0; j < s.length; j++)
        h = Math.imul(h ^ s.charCodeAt(j), 0x01000193) >>> 0
    }
    return h
  }

  function sameConfig(built, config) {
    var a = Object.keys(built.fields), b = Object.keys(config.fields)
    if (a.join("\n") !== b.join("\n")) return false
    for (var i = 0; i < a.length; i++)
      if (built.fields[a[i]] !== (config.fields[a[i]].boost || 1)) return false
    return built.separator === config.separator &&
      built.pipeline.join() === config.pipeline.join() &&
      built.lang.join() === config.lang.join()
  }

  function pipeline(names, order) {
    var p = new lunr.Pipeline()
    order.forEach(function (name) { if (names.indexOf(name) >= 0) p.add(lunr[name]) })
    return p
  }

  // The file's integers are variable-length digits in printable ASCII (no quote, no backslash), as
  // generator/searchindex.py writes them: '#' (35) to '~' (126) without '\' (92) are 91 digit values;
  // the first 64 end a number, the other 27 are its leading digits (base 27), most significant first.
  var DIGIT = new Int8Array(128).fill(-1)
  for (var c = 35, v = 0; c < 127; c++) if (c !== 92) DIGIT[c] = v++

  function decodeAll(s) {  // every integer of a short string (term numbers, chunk lengths)
    var out = [], acc = 0
    for (var p = 0; p < s.length; p++) {
      var d = DIGIT[s.charCodeAt(p)]
      if (d >= 64) acc = acc * 27 + d - 64
      else { out.push(acc * 64 + d); acc = 0 }
    }
    return out
  }

  // Loads shard files of one kind (prebuilt_docs/ or prebuilt_postings/) on demand: each calls back with
  // (hash, first, data), its first document or term; take() is given the number of that document or term,
  // and fill(k, data) takes the data of shard k.
  function Shards(folder, hash, starts, files, fill) {
    this.folder = folder
    this.hash = hash
    this.starts = starts
    this.files = files
    this.fill = fill
    this.state = []  // per shard: undefined, a promise (loading), or true (done, or failed with a warning)
    this.filled = []
  }

  Shards.prototype.of = function (n) {  // the last shard that starts at or before n
    var starts = this.starts, lo = 0, hi = starts.length - 1
    while (lo < hi) {
      var mid = (lo + hi + 1) >>> 1
      if (starts[mid] <= n) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  Shards.prototype.take = function (hash, first, data) {
    var k = this.of(first)
    if (hash !== this.hash || this.starts[k] !== first) return
    this.fill(k, data)
    this.filled[k] = true
  }

  // Loads shards ks (a Set of numbers; every shard when undefined).
  Shards.prototype.load = function (ks) {
    if (ks === undefined) ks = new Set(this.starts.map(function (_, k) { return k }))
    var waits = [], state = this.state, filled = this.filled, folder = this.folder, files = this.files
    ks.forEach(function (k) {
      if (state[k] === true) return
      var file = folder + files[k] + ".js"
      if (state[k] === undefined)
        state[k] = importScript(searchFile(file)).then(function (ok) {
          if (!filled[k]) console.warn("Search shard " + file + (ok ? " does not match this site" : " not found"))
          state[k] = true
        })
      waits.push(state[k])
    })
    return Promise.all(waits)
  }

  // The documents: the ones the page sent (HTTP), or, when it sent none (file://), the prebuilt document
  // shards', each loaded the first time a result is in it. Whole pages are in one shard, in index order.
  function Store(data, docs) {
    this.partial = !docs.length && !!data
    var all = this.docs = this.partial ? new Array(data.docs) : docs
    this.heads = new Int32Array(all.length).fill(-1)  // per document, its page's first document once known (head)
    if (!this.partial) {  // every document is here already
      this.ensure = function () { return Promise.resolve() }
      return
    }
    var shards = new Shards("prebuilt_docs/", data.hash, data.shards, data.shardFiles, function (k, list) {
      var first = shards.starts[k]
      for (var i = 0; i < list.length; i++) all[first + i] = list[i]
    })
    self.__briefingSearchDocs = function (hash, first, list) { shards.take(hash, first, list) }
    this.ensure = function (ds) {  // the shards holding documents ds (all when undefined)
      if (ds === undefined) return shards.load()
      var ks = new Set()
      ds.forEach(function (d) { ks.add(shards.of(d)) })
      return shards.load(ks)
    }
  }

  function pageOf(location) {  // location.split("#")[0]
    var cut = location.indexOf("#")
    return cut < 0 ? location : location.slice(0, cut)
  }

  function onPage(location, page) {  // pageOf(location) === page, without making the string
    return location.startsWith(page) && (location.length === page.length || location.charCodeAt(page.length) === 35)
  }

  // The number of the first document of document d's page: a page's documents are in a row (in one shard), and
  // each of them is walked back over once at most (a walk stops at a document whose page start is known).
  Store.prototype.head = function (d) {
    var heads = this.heads
    if (heads[d] < 0) {
      var docs = this.docs, page = pageOf(docs[d].location), h = d
      while (h > 0 && docs[h - 1] !== undefined && onPage(docs[h - 1].location, page)) {
        if (heads[h - 1] >= 0) { h = heads[h - 1]; break }
        h--
      }
      heads.fill(h, h, d + 1)
    }
    return heads[d]
  }

  // The documents of results refs (document numbers), with the page of each, as Material's documentMap would
  // hold them: location -> document, a section's "parent" its page (its page's first document, which
  // briefing_search/index.py checked is at the page's own location).
  Store.prototype.map = function (refs) {
    var docs = this.docs, store = this, map = new Map()
    refs.forEach(function (ref) {
      var d = +ref, doc = docs[d]
      if (doc === undefined || map.has(doc.location)) return
      var h = store.head(d)
      if (h !== d) {
        doc.parent = docs[h]
        map.set(docs[h].location, docs[h])
      }
      map.set(doc.location, doc)
    })
    return map
  }

  function index(config, store) {
    var data = self.__briefingSearchIndex, docs = store.docs
    self.__briefingSearchIndex = null  // free the parsed file once used
    if (!data) return undefined
    // Documents taken from this same index's shards need no check that they are its documents.
    var same = data.docs === docs.length && (store.partial || data.hash === fnv(docs))
    if (data.format !== FORMAT || !same || !sameConfig(data.config, config)) {
      console.warn("Prebuilt search index does not match this site's documents; building the index in the browser")
      return undefined
    }

    // What Material's lunr() setup does besides building: the tokenizer's separator, no segmenter (English).
    lunr.tokenizer.separator = new RegExp(config.separator)
    lunr.segmenter = undefined

    var fields = Object.keys(config.fields), F = fields.length, N = docs.length
    var decoded = decode(data), terms = decoded.terms, numbers = decoded.numbers, offsets = decoded.offsets
    var lengths = decoded.lengths
    var P = []  // per postings shard, its postings once loaded
    var postingShards = new Shards("prebuilt_postings/", data.hash, data.postings, data.postingFiles,
                                   function (k, text) { P[k] = text })
    self.__briefingSearchPostings = function (hash, first, text) { postingShards.take(hash, find(first), text) }
    var fieldBoosts = fields.map(function (f) { return config.fields[f].boost || 1 })
    var docBoosts  // Material adds each doc with {boost}; from file://, the index has them
    if (!store.partial) docBoosts = docs.map(function (doc) { return doc.boost || 1 })
    else {
      docBoosts = new Float64Array(N).fill(1)
      for (var d in data.boosts) docBoosts[d] = data.boosts[d] || 1
    }

    // Nothing is expanded up front: a term's postings and scores are made when a query first asks for it.
    // Field vectors hold only the terms expanded so far. That gives the same scores as lunr's full vectors:
    // a query vector holds only terms the query expanded, and lunr's dot product adds the products of the
    // terms both vectors hold, in term-number order, skipping the rest. Documents are referred to by number
    // ("0", "1", ...): lunr lists a term's documents in the order of Object.keys, which for such keys is
    // ascending, the order they were added in, as it is for locations.
    var vectors = new Map()  // "field/document number" -> [term number, score, ...] in the order terms were expanded
    var empty = {}  // no metadata is kept; lunr only reads (and copies the keys of) these objects
    function find(term) {
      var lo = 0, hi = terms.length - 1
      while (lo <= hi) {
        var mid = (lo + hi) >>> 1
        if (terms[mid] < term) lo = mid + 1
        else if (terms[mid] > term) hi = mid - 1
        else return mid
      }
      return -1
    }
    var postings = [], holders = []  // per term number: lunr's entry; per field, its documents and counts
    function posting(i) {
      // Per field: the number of docs, then per doc (doc number delta * 2 + (tf > 1)), and tf - 2 when tf > 1.
      var k = postingShards.of(i), text = P[k], nums = [], acc = 0
      if (text === undefined) for (var f = 0; f < F; f++) nums.push(0)  // its shard failed to load (warned)
      else for (var p = offsets[i] - offsets[data.postings[k]], end = p + lengths[i]; p < end; p++) {
        var d = DIGIT[text.charCodeAt(p)]
        if (d >= 64) acc = acc * 27 + d - 64
        else { nums.push(acc * 64 + d); acc = 0 }
      }
      var entry = Object.create(null), j = 0, df = 0, perField = []
      entry._index = numbers[i]
      for (var f = 0; f < F; f++) {
        var n = nums[j++], refs = Object.create(null), list = []
        df += n  // lunr's idf counts a doc once per field that holds the term
        for (var ref = 0; n > 0; n--) {
          var x = nums[j++]
          ref += x >>> 1
          list.push(ref, x & 1 ? nums[j++] + 2 : 1)
          refs[ref] = empty
        }
        entry[fields[f]] = refs
        perField.push(list)
      }
      holders[i] = perField
      // lunr.js Builder.createFieldVectors, operation for operation (b = 0: field lengths do not matter).
      var idf = lunr.idf(entry, N), k1 = 1.2, b = 0
      for (var f = 0; f < F; f++)
        for (var list = perField[f], k = 0; k < list.length; k += 2) {
          var tf = list[k + 1]
          var score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * 1) + tf)
          score *= fieldBoosts[f]
          score *= docBoosts[list[k]]
          var key = fields[f] + "/" + list[k], vec = vectors.get(key)
          if (vec === undefined) vectors.set(key, vec = [])
          vec.push(numbers[i], Math.round(score * 1000) / 1000)
        }
      return entry
    }
    function lookup(term) {
      var i = typeof term === "string" ? find(term) : -1
      return i < 0 ? undefined : postings[i] || (postings[i] = posting(i))
    }
    var invertedIndex = new Proxy(Object.create(null), {
      get: function (target, term) { return lookup(term) },
      has: function (target, term) { return typeof term === "string" && find(term) >= 0 }
    })
    function vector(key) {
      var vec = vectors.get(key)
      if (vec === undefined) return new lunr.Vector([])
      if (vec.length > 2) {  // lunr keeps a vector's elements in term-number order
        var pairs = []
        for (var k = 0; k < vec.length; k += 2) pairs.push([vec[k], vec[k + 1]])
        pairs.sort(function (a, b) { return a[0] - b[0] })
        vec = []
        for (var k = 0; k < pairs.length; k++) vec.push(pairs[k][0], pairs[k][1])
        vectors.set(key, vec)
      }
      return new lunr.Vector(vec)
    }
    var allKeys = null  // a negated query ("-word") scores every field of every doc, in lunr's key order
    function keys() {
      if (allKeys === null) {
        allKeys = []
        for (var d = 0; d < N; d++)
          for (var f = 0; f < F; f++) allKeys.push(fields[f] + "/" + d)
      }
      return allKeys.slice()
    }
    var fieldVectors = new Proxy(Object.create(null), {
      get: function (target, key) { return typeof key === "string" ? vector(key) : undefined },
      has: function (target, key) { return typeof key === "string" && keys().indexOf(key) >= 0 },
      ownKeys: function () { return keys() },
      getOwnPropertyDescriptor: function (target, key) {
        return { value: vector(key), writable: true, enumerable: true, configurable: true }
      }
    })
    // lunr expands a query term by intersecting its token set with a trie of every term, which lunr builds
    // in Builder.build (here it would be made at the first query: 0.1 s at 10,000 articles). A plain term or
    // a prefix ("term*", what Material makes of a word) is found in the sorted terms instead, in the order
    // lunr's TokenSet.toArray would list them; any other token set (fuzzy, inner wildcards) goes to the trie.
    var trie = null
    var tokenSet = {
      intersect: function (query) {
        var found = expand(query)
        if (found !== null) return { toArray: function () { return found } }
        if (trie === null) trie = lunr.TokenSet.fromArray(terms)
        return trie.intersect(query)
      }
    }
    function expand(query) {
      for (var prefix = "", node = query;;) {
        var edges = Object.keys(node.edges)
        if (node.final) {
          if (edges.length === 0) return find(prefix) < 0 ? [] : [prefix]
          if (edges.length === 1 && edges[0] === "*" && node.edges["*"] === node) return prefixed(prefix)
          return null
        }
        if (edges.length !== 1 || edges[0] === "*") return null
        prefix += edges[0]
        node = node.edges[edges[0]]
      }
    }
    function prefixed(prefix) {
      var lo = 0, hi = terms.length
      while (lo < hi) {  // the first term >= prefix
        var mid = (lo + hi) >>> 1
        if (terms[mid] < prefix) lo = mid + 1
        else hi = mid
      }
      var out = []
      for (var i = lo; i < terms.length && terms[i].startsWith(prefix); i++) out.push(terms[i])
      return out.sort(trieOrder)
    }
    var built = new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: null,
      fields: fields,
      pipeline: pipeline(config.pipeline, ["stemmer"])  // lunr's search pipeline, as Material trims it
    })
    built.tokenSet = tokenSet
    // The postings shards a query needs (fn builds it, as for lunr's Index.query): the terms its clauses
    // expand to, as lunr's Index.query expands them. A promise of the documents its results can only be among,
    // once those postings are in: the ones holding a term of every required clause, or else of any clause that
    // is not prohibited (undefined when every clause is prohibited), so their shards can load while lunr scores.
    built.prepare = function (fn) {
      var query = new lunr.Query(fields), ks = new Set(), expanded = []
      fn.call(query, query)
      query.clauses.forEach(function (clause) {
        var words = clause.usePipeline ? built.pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term]
        var found = []
        words.forEach(function (word) {
          tokenSet.intersect(lunr.TokenSet.fromClause(Object.assign({}, clause, { term: word }))).toArray()
            .forEach(function (term) { found.push(term); ks.add(postingShards.of(find(term))) })
        })
        expanded.push([clause, found])
      })
      return postingShards.load(ks).then(function () {
        // Per document, the last clause it was seen in (its number + 1) and how many required clauses hold it.
        var seen = new Int32Array(N), hits = new Int32Array(N), required = 0, any = false
        expanded.forEach(function (pair, c) {
          var clause = pair[0], presence = clause.presence
          if (presence === lunr.Query.presence.PROHIBITED) return
          var must = presence === lunr.Query.presence.REQUIRED
          if (must) required++
          any = true
          pair[1].forEach(function (term) {
            var i = find(term)
            if (i < 0 || lookup(term) === undefined) return
            clause.fields.forEach(function (field) {
              var f = fields.indexOf(field)
              for (var list = f < 0 ? [] : holders[i][f], k = 0; k < list.length; k += 2) {
                var d = list[k]
                if (seen[d] !== c + 1) {
                  seen[d] = c + 1
                  if (must) hits[d]++
                }
              }
            })
          })
        })
        if (!any) return undefined
        var within = []
        for (var d = 0; d < N; d++) if (required ? hits[d] === required : seen[d] !== 0) within.push(d)
        return within
      })
    }
    built.__briefingExpand = function (term) {  // for tests: this expansion of a term, and lunr's own
      var query = lunr.TokenSet.fromString(term)
      return [tokenSet.intersect(query).toArray(), lunr.TokenSet.fromArray(terms).intersect(query).toArray()]
    }
    // lunr's index pipeline, as Material trims it: used to find term positions for highlighting.
    built.__briefingPipeline = pipeline(config.pipeline, ["trimmer", "stopWordFilter", "stemmer"])
    return built
  }

  // The order in which lunr's TokenSet.toArray lists terms of a trie built from sorted terms: depth first, a
  // term before the longer ones it begins, and siblings last to first in the order of Object.keys of a
  // node's edges (single digits first, as integer keys, then other characters in the order inserted).
  function keyRank(c) { return c >= 48 && c <= 57 ? c - 48 : c + 10 }
  function trieOrder(a, b) {
    for (var i = 0, n = Math.min(a.length, b.length); i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i)
      if (x !== y) return keyRank(y) - keyRank(x)
    }
    return a.length - b.length
  }

  // ---- Material's tokenizer (integrations/search/internal): text between tags, split, positions ----

  // Calls fn(start, end) for each stretch of input between matches of separator.
  function split(input, separator, fn) {
    separator = new RegExp(separator, "g")
    var match, index = 0
    do {
      match = separator.exec(input)
      var until = match ? match.index : input.length
      if (index < until) fn(index, until)
      if (match) {
        index = match.index + match[0].length
        if (match[0].length === 0) separator.lastIndex = match.index + 1
      }
    } while (match)
  }

  var TAG_OPEN = 0, TEXT = 1, TAG_CLOSE = 2

  // Calls fn(block, type, start, end) for each tag and text of input; a block is a top-level element.
  function extract(input, fn) {
    var block = 0, start = 0, end = 0
    for (var stack = 0; end < input.length; end++) {
      if (input.charAt(end) === "<" && end > start) {
        fn(block, TEXT, start, start = end)
      } else if (input.charAt(end) === ">") {
        if (input.charAt(start + 1) === "/") {
          if (--stack === 0) fn(block++, TAG_CLOSE, start, end + 1)
        } else if (input.charAt(end - 1) !== "/") {
          if (stack++ === 0) fn(block, TAG_OPEN, start, end + 1)
        }
        start = end + 1
      }
    }
    if (end > start) fn(block, TEXT, start, end)
  }

  // lunr tokens of a field (a string or a list of strings), recording in lunr.tokenizer.table where
  // each token and tag is: start << 12 | length << 2 | type, per block; a token's position is
  // block << 20 | its index in that block's table.
  function tokenize(input) {
    var tokens = []
    if (typeof input === "undefined") return tokens
    var inputs = Array.isArray(input) ? input : [input]
    for (var i = 0; i < inputs.length; i++) {
      var table = lunr.tokenizer.table, total = table.length
      extract(inputs[i], function (block, type, start, end) {
        block += total
        table[block] = table[block] || []
        if (type !== TEXT) {
          table[block].push(start << 12 | end - start << 2 | type)
          return
        }
        var section = inputs[i].slice(start, end)
        split(section, lunr.tokenizer.separator, function (index, until) {
          table[block].push(start + index << 12 | until - index << 2 | type)
          tokens.push(new lunr.Token(section.slice(index, until).toLowerCase(), {
            position: block << 20 | table[block].length - 1
          }))
        })
      })
    }
    return tokens
  }

  // Wraps the tokens at positions in <mark>; text fields (full = false) keep only the first two
  // blocks that hold a match, the others the whole value.
  function highlightAll(inputs, table, positions, full) {
    var mapping = [0]
    for (var t = 1; t < table.length; t++) {
      var prev = table[t - 1], next = table[t]
      var p = prev[prev.length - 1] >>> 2 & 0x3FF, q = next[0] >>> 12
      mapping.push(+(p > q) + mapping[mapping.length - 1])
    }
    return inputs.map(function (input, i) {
      var cursor = 0, blocks = new Map()
      positions.sort(function (a, b) { return a - b }).forEach(function (p) {
        var index = p & 0xFFFFF, block = p >>> 20
        if (mapping[block] !== i) return
        var group = blocks.get(block)
        if (typeof group === "undefined") blocks.set(block, group = [])
        group.push(index)
      })
      if (blocks.size === 0) return input
      var slices = []
      for (var [block, indexes] of blocks) {
        var t = table[block]
        var start = t[0] >>> 12, end = t[t.length - 1] >>> 12, length = t[t.length - 1] >>> 2 & 0x3FF
        if (full && start > cursor) slices.push(input.slice(cursor, start))
        var slice = input.slice(start, end + length)
        for (var j of indexes.sort(function (a, b) { return b - a })) {
          var p = (t[j] >>> 12) - start, q = (t[j] >>> 2 & 0x3FF) + p
          slice = [slice.slice(0, p), "<mark>", slice.slice(p, q), "</mark>", slice.slice(q)].join("")
        }
        cursor = end + length
        if (slices.push(slice) === 2) break
      }
      if (full && cursor < input.length) slices.push(input.slice(cursor))
      return slices.join("")
    })
  }

  function highlightOne(input, table, positions, full) {
    return highlightAll([input], table, positions, full).pop()
  }

  // ---- Material's query handling (integrations/search/query) ----

  // Material's query syntax on top of lunr's: phrases become required terms, stray operators go, and
  // every term without an operator or modifier gets a trailing wildcard.
  function transform(query, fn) {
    return query
      .trim()
      .split(/"([^"]+)"/g)
        .map(function (parts, index) {
          return index & 1 ? parts.replace(/^\b|^(?![^\x00-\x7F]|$)|\s+/g, " +") : parts
        })
        .join("")
      .replace(/"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)/g, "")
      .split(/\s+/g)
        .reduce(function (prev, term) {
          var next = fn(term)
          return prev.concat(Array.isArray(next) ? next : [next])
        }, [])
        .map(function (term) { return /([~^]$)/.test(term) ? term + "1" : term })
        .map(function (term) { return /(^[+-]|[~^]\d+$)/.test(term) ? term : term + "*" })
        .join(" ")
  }

  // Splits each term on the separator (so "north-korea" searches both words) and drops unknown fields.
  function transformSearchQuery(query) {
    return transform(query, function (part) {
      var terms = [], lexer = new lunr.QueryLexer(part)
      lexer.run()
      lexer.lexemes.forEach(function (lexeme) {
        if (lexeme.type === "FIELD") {
          if (["title", "text", "tags"].indexOf(lexeme.str) < 0)
            part = [part.slice(0, lexeme.end), " ", part.slice(lexeme.end + 1)].join("")
        } else if (lexeme.type === "TERM") {
          split(lexeme.str, lunr.tokenizer.separator, function (start, end) {
            terms.push([part.slice(0, lexeme.start), lexeme.str.slice(start, end), part.slice(lexeme.end)].join(""))
          })
        }
      })
      return terms
    })
  }

  function parseSearchQuery(value) {
    var query = new lunr.Query(["title", "text", "tags"])
    new lunr.QueryParser(value, query).parse()
    query.clauses.forEach(function (clause) {
      clause.usePipeline = true
      if (clause.term.startsWith("*")) {
        clause.wildcard = lunr.Query.wildcard.LEADING
        clause.term = clause.term.slice(1)
      }
      if (clause.term.endsWith("*")) {
        clause.wildcard = lunr.Query.wildcard.TRAILING
        clause.term = clause.term.slice(0, -1)
      }
    })
    return query.clauses
  }

  // Which query terms a result matched (true), and which are stop words it could not match (false).
  function getSearchQueryTerms(query, terms) {
    var clauses = new Set(query), result = {}
    for (var t = 0; t < terms.length; t++)
      for (var clause of clauses)
        if (terms[t].startsWith(clause.term)) {
          result[clause.term] = true
          clauses.delete(clause)
        }
    for (var clause of clauses)
      if (lunr.stopWordFilter && lunr.stopWordFilter(clause.term)) result[clause.term] = false
    return result
  }

  // location -> document; a section ("page.html#part") gets its page as parent.
  function documentMap(docs) {
    var map = new Map()
    docs.forEach(function (doc) {
      var path = doc.location.split("#")[0], article = map.get(path)
      if (typeof article === "undefined") {
        map.set(path, doc)
      } else {
        map.set(doc.location, doc)
        doc.parent = article
      }
    })
    return map
  }

  function difference(a, b) {
    var y = new Set(b)
    return Array.from(new Set(a.filter(function (value) { return !y.has(value) })))
  }

  // ---- the search ----

  function Search(options, store, index) {
    this.options = options || {}
    this.store = store
    this.index = index
    this.map = null  // location -> document, for an index built here (Material's documentMap)
  }

  // The search for SETUP's data; a promise, since documents may first have to be loaded.
  Search.create = function (data) {
    var config = data.config, docs = data.docs, stub = config[STUB_KEY], pre = self.__briefingSearchIndex
    if (stub && docs.length === 0 && !(pre && pre.format === FORMAT && pre.docs === stub.docs && pre.hash === stub.hash)) {
      console.warn("Prebuilt search index does not match this site's documents; search finds nothing")
      pre = self.__briefingSearchIndex = null
    }
    var store = new Store(pre, docs)
    var prebuilt = index(config, store)
    if (prebuilt) return Promise.resolve(new Search(data.options, store, prebuilt))
    return store.ensure().then(function () {  // built here, from every document
      var search = new Search(data.options, store, build(config, store.docs))
      search.map = documentMap(store.docs)
      return search
    })
  }


  // The index Material builds in the browser, used when there is no matching prebuilt one.
  function build(config, docs) {
    var built = lunr(function () {
      this.b(0)
      this.tokenizer = tokenize
      lunr.tokenizer.separator = new RegExp(config.separator)
      lunr.segmenter = undefined
      var fns = difference(["trimmer", "stopWordFilter", "stemmer"], config.pipeline)
      for (var i = 0; i < fns.length; i++) {
        this.pipeline.remove(lunr[fns[i]])
        this.searchPipeline.remove(lunr[fns[i]])
      }
      this.ref("location")
      Object.keys(config.fields).forEach(function (name) {
        this.field(name, Object.assign({}, config.fields[name], {
          extractor: function (doc) {  // as Material's: a fresh position table per field (highlighting redoes it)
            if (typeof doc[name] === "undefined") return undefined
            lunr.tokenizer.table = []
            return doc[name]
          }
        }))
      }, this)
      for (var d = 0; d < docs.length; d++) this.add(docs[d], { boost: docs[d].boost })
    })
    built.__briefingPipeline = pipeline(config.pipeline, ["trimmer", "stopWordFilter", "stemmer"])
    return built
  }

  // The answer to a query; a promise, since the postings of its terms and its results' documents may
  // first have to be loaded.
  Search.prototype.search = function (query) {
    query = transformSearchQuery(query)
    if (!query) return Promise.resolve({ items: [] })
    var clauses = parseSearchQuery(query).filter(function (clause) {
      return clause.presence !== lunr.Query.presence.PROHIBITED
    })
    var search = this, suggest = this.options.suggest
    return this.run(function (q) { new lunr.QueryParser(query, q).parse() }).then(function (found) {
      if (!suggest) return search.answer(clauses, found.results, found.map)
      return search.run(suggestions(clauses)).then(function (titles) {
        return search.answer(clauses, found.results, found.map,
                             titles.results.length ? Object.keys(titles.results[0].matchData.metadata) : [])
      })
    })
  }

  // lunr's results for a query (fn builds it, as for lunr's Index.query), refs made locations, and the map
  // (location -> document) that holds their documents.
  Search.prototype.run = function (fn) {
    var search = this, index = this.index
    if (this.map) return Promise.resolve({ results: index.query(fn), map: this.map })
    return index.prepare(fn).then(function (within) {
      if (within !== undefined) search.store.ensure(within)  // their documents load while lunr scores them
      var results = index.query(fn)
      return search.store.ensure(results.map(function (r) { return +r.ref })).then(function () {
        var map = search.store.map(results.map(function (r) { return r.ref })), docs = search.store.docs
        results.forEach(function (r) {
          var doc = docs[+r.ref]
          r.ref = doc === undefined ? "\u0000" : doc.location  // a document whose shard failed is left out
        })
        return { results: results, map: map }
      })
    })
  }

  // Material's title suggestions: each clause's term, required in titles, with a trailing wildcard.
  function suggestions(clauses) {
    return function (builder) {
      clauses.forEach(function (clause) {
        builder.term(clause.term, {
          fields: ["title"], presence: lunr.Query.presence.REQUIRED, wildcard: lunr.Query.wildcard.TRAILING
        })
      })
    }
  }

  // Material's result items: boosted, sorted, grouped by page and highlighted.
  Search.prototype.answer = function (clauses, results, map, suggest) {
    var fields = this.index.fields
    var metaOf = new Map()  // item -> the metadata of its lunr result, for highlighting
    var termsOf = new Map()  // the terms a result matched, joined -> [getSearchQueryTerms of them, the share they match]
    var items = results.reduce(function (items, result) {
      var doc = map.get(result.ref)
      if (typeof doc === "undefined") return items
      doc = Object.assign({}, doc)
      if (doc.tags) doc.tags = doc.tags.slice()
      var matched = Object.keys(result.matchData.metadata), key = matched.join("\u0000"), known = termsOf.get(key)
      if (known === undefined) {
        var found = getSearchQueryTerms(clauses, matched)
        termsOf.set(key, known = [found, Object.values(found).filter(function (t) { return t }).length / Object.keys(found).length])
      }
      var boost = +!doc.parent + known[1]
      doc.score = result.score * (1 + Math.pow(boost, 2))
      doc.terms = Object.assign({}, known[0])
      items.push(doc)
      metaOf.set(doc, result.matchData.metadata)
      return items
    }, [])
      .sort(function (a, b) { return b.score - a.score })
    var groups = new Map()
    items.forEach(function (result) {
      var doc = map.get(result.location)
      if (typeof doc === "undefined") return
      var ref = doc.parent ? doc.parent.location : doc.location, list = groups.get(ref)
      if (list === undefined) groups.set(ref, list = [])
      list.push(result)
    })
    for (var [ref, list] of groups)
      if (!list.find(function (item) { return item.location === ref }))
        list.push(Object.assign({}, map.get(ref), { score: 0, terms: {} }))
    var out = Array.from(groups.values())
    highlight(this.index, out, fields, metaOf)
    return typeof suggest !== "undefined" ? { items: out, suggest: suggest } : { items: out }
  }

  // Highlighting, after sorting and grouping: the first BUDGET groups, in the order the reader sees them.
  // A result's fields are tokenized again to find where its matched terms are (the index holds no
  // positions); that gives the positions lunr would have stored.
  function highlight(idx, groups, fields, metaOf) {
    var pipeline = idx.__briefingPipeline  // the index pipeline, as Material trims it
    for (var g = 0; g < groups.length && g < BUDGET; g++)
      for (var i = 0; i < groups[g].length; i++) {
        var item = groups[g][i], meta = metaOf.get(item)
        if (meta === undefined) continue
        for (var f = 0; f < fields.length; f++) {
          var field = fields[f]
          if (typeof item[field] === "undefined") continue
          var wanted = new Set()
          for (var term in meta) if (meta[term][field] !== undefined) wanted.add(term)
          if (!wanted.size) continue
          lunr.tokenizer.table = []
          var tokens = pipeline.run(tokenize(item[field])), found = []
          for (var t = 0; t < tokens.length; t++)
            if (wanted.has(tokens[t].toString())) found.push(tokens[t].metadata.position)
          if (!found.length) continue
          item[field] = (Array.isArray(item[field]) ? highlightAll : highlightOne)(
            item[field], lunr.tokenizer.table, found, field !== "text")
        }
      }
  }

  // ---- the worker protocol ----

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3, search

  function handle(message) {
    switch (message.type) {
      case SETUP:
        return load(message.data.config).then(function () {
          return Search.create(message.data)
        }).then(function (made) {
          search = made
          return { type: READY }
        })
      case QUERY:
        return new Promise(function (resolve) { resolve(search.search(message.data)) }).then(function (data) {
          return { type: RESULT, data: data }
        }, function (err) {
          console.warn("Invalid query: " + message.data + " \u2013 see https://bit.ly/2s3ChXG")
          console.warn(err)
          return { type: RESULT, data: { items: [] } }
        })
      default:
        return Promise.reject(new TypeError("Invalid message type"))
    }
  }

  // One message at a time, in order: a query whose shards are loading is answered before the next one. A
  // query that a newer one has replaced by the time its turn comes is not answered (typing sends one per key).
  var queue = Promise.resolve(), queries = 0
  function handler(message) {
    var turn = message.type === QUERY ? ++queries : 0
    var answer = queue.then(function () { return turn && turn < queries ? null : handle(message) })
    queue = answer.catch(function () {})
    return answer
  }

  self.lunr = lunr
  lunr.utils.warn = console.warn
  // For tests: lunr's own ranking of a query, without Material's boosts and grouping; a term's expansion.
  self.__briefingSearch = {
    lunrSearch: function (query) {  // a promise of lunr's results, refs made locations
      return search.run(function (q) { new lunr.QueryParser(query, q).parse() }).then(function (found) {
        return found.results
      })
    },
    expand: function (term) { return search.index.__briefingExpand(term) }
  }
  // Under the iframe-worker shim (file://) the page is this window's parent, on the same thread, and the shim's
  // postMessage copies an answer twice (a structured clone out and one in: 1.7 MB for a common word at 10,000
  // articles, 29 ms of the page's thread). The answer is handed to the shim's listener as it is instead: the
  // event the shim takes from its iframe (a message event whose source is this window). A real worker posts it.
  var page = typeof document !== "undefined" && typeof parent !== "undefined" && parent !== self ? parent : null
  function reply(answer) {
    if (page !== null) {
      try {
        page.dispatchEvent(new MessageEvent("message", { data: answer, source: self }))
        return
      } catch (err) {
        page = null  // a parent this window cannot reach: post from now on
      }
    }
    postMessage(answer)
  }
  addEventListener("message", function (ev) {
    handler(ev.data).then(function (answer) { if (answer) reply(answer) })
  })
})()
