"""Synthetic content/ folder for the benchmark: N articles plus proportional facts.

Usage::

    python -m bench.corpus --articles 2000 --out /tmp/corpus/content

The corpus is fully determined by ``--articles`` and ``--seed``: the same call
writes byte-identical files. It passes ``python -m generator check`` with no
errors, because every article quote a fact file cites is copied from a
paragraph of a generated article, and every id it references exists.

Sizes follow the shipped content: articles of 8-15 paragraphs, about 880
words on average (540-1,240); about one entity mention per 30-40 words, drawn from a cast of
3-8 actors per article with a Zipf-like skew (a few states appear everywhere,
most people rarely), plus resolution references ("resolution 3012").
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

try:  # the C dumper is ~10x faster; fall back quietly where libyaml is missing
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]


class _NoAliasDumper(_Dumper):  # type: ignore[misc,valid-type]
    # The hardened loader rejects YAML aliases, so never emit &id001 for shared objects.
    def ignore_aliases(self, data):  # noqa: D401 - PyYAML hook
        return True


_ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr", "kr",
           "st", "tr", "ch", "sh", "th"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ea"]
_CODAS = ["", "", "n", "r", "s", "l", "t", "m", "nd", "rk"]
_FUNCTION = ("the of and to in a that for on with as by at from was is said which has its an be were not "
             "have but this it would after over under about new their had also more than".split())
_OUTLETS = ["The Daily Ledger", "Harbour Review", "Eastern Monitor", "Policy Wire", "Global Affairs Desk",
            "Capital Courier", "Strait Times Review", "Meridian Post"]
_EVENT_KINDS = ["nuclear-test", "missile-launch", "satellite-launch", "meeting", "statement", "sanctions", "other"]
_GROUPS = ["arms", "nonproliferation", "trade", "finance", "transport", "people", "designations", "other"]
_CHANGES = ["introduced", "tightened", "expanded", "relaxed"]
_START = dt.date(2006, 1, 1)
_DAYS = (dt.date(2024, 12, 31) - _START).days


def counts(articles: int) -> dict[str, int]:
    """How many facts of each kind go with ``articles`` articles.

    Ratios are a guess at a mature newsroom archive: a fifth as many actors
    (people, states, bodies), a tenth as many events, one resolution per
    forty articles and a slowly growing list of sanction measures.
    """
    return {
        "articles": articles,
        "actors": max(12, articles // 5),
        "events": max(6, articles // 10),
        "resolutions": max(4, articles // 40),
        "measures": max(8, min(40, articles // 250)),
    }


class _Words:
    """A deterministic pseudo-English vocabulary with a Zipf-like frequency skew."""

    def __init__(self, rng: random.Random, size: int = 6000):
        seen: set[str] = set(_FUNCTION)
        words: list[str] = []
        while len(words) < size:
            w = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.choice((1, 2, 2, 3))))
            w += rng.choice(_CODAS)
            if len(w) > 2 and w not in seen:
                seen.add(w)
                words.append(w)
        self.words = words
        # Weight 1/rank: a few content words are frequent, most are rare, as in news text.
        self.cum = []
        total = 0.0
        for rank in range(1, size + 1):
            total += 1.0 / (rank + 20)
            self.cum.append(total)

    def pick(self, rng: random.Random) -> str:
        if rng.random() < 0.45:
            return rng.choice(_FUNCTION)
        x = rng.random() * self.cum[-1]
        lo, hi = 0, len(self.cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return self.words[lo]


def _name(rng: random.Random, used: set[str], parts: int) -> str:
    while True:
        words = []
        for _ in range(parts):
            w = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(2)) + rng.choice(_CODAS)
            words.append(w.capitalize())
        name = " ".join(words)
        if name not in used and all(w not in used for w in words):
            used.add(name)
            used.update(words)
            return name


def _date(rng: random.Random) -> dt.date:
    return _START + dt.timedelta(days=rng.randrange(_DAYS))


def _dump(path: Path, schema: str, data: dict) -> None:
    text = yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(f"# yaml-language-server: $schema=../../schema/{schema}.schema.json\n" + text, encoding="utf-8")


def generate(out: str | Path, articles: int, seed: int = 1) -> dict[str, int]:
    """Write a synthetic content folder to ``out`` (replaced) and return its counts."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("articles", "actors", "events", "resolutions", "measures"):
        (out / folder).mkdir(parents=True)
    rng = random.Random(seed)
    n = counts(articles)
    vocab = _Words(rng)
    used: set[str] = set(w.capitalize() for w in vocab.words) | {w.capitalize() for w in _FUNCTION}

    # --- actors: ids, names and aliases -------------------------------------------------
    actors = []
    for i in range(n["actors"]):
        r = rng.random()
        kind = "state" if i < max(4, n["actors"] // 25) else ("organisation" if r < 0.15 else
                                                               "un-body" if r < 0.2 else "person")
        if kind == "person":
            name = _name(rng, used, 2)
            aliases = [name.split(" ")[1]] if rng.random() < 0.6 else []
        elif kind == "state":
            core = _name(rng, used, 1)
            name, aliases = f"Republic of {core}", [core]
        else:
            name = _name(rng, used, 2) + (" Council" if kind == "un-body" else " Group")
            aliases = []
        aid = f"{name.lower().replace(' ', '-')}-{i}"
        actors.append({"id": aid, "name": name, "aliases": aliases, "kind": kind})
    states = [a for a in actors if a["kind"] == "state"]
    # Zipf-like popularity: actor k is chosen with weight 1/(k+1); states come first, so they dominate.
    actor_weights = [1.0 / (k + 1) for k in range(len(actors))]
    res_numbers = [str(3000 + i) for i in range(n["resolutions"])]
    res_dates = sorted(_date(rng) for _ in res_numbers)

    # --- articles -------------------------------------------------------------------------
    paragraphs_by_article: dict[str, list[str]] = {}
    mentions_of: dict[str, list[str]] = {a["id"]: [] for a in actors}
    res_mentions: dict[str, list[str]] = {r: [] for r in res_numbers}
    slugs: set[str] = set()
    for i in range(n["articles"]):
        date = _date(rng)
        title_words = [vocab.pick(rng) for _ in range(rng.randint(5, 9))]
        title = " ".join(title_words).capitalize()
        slug = f"{date.isoformat()}-{'-'.join(title_words[:5])}"
        while slug in slugs:
            slug += f"-{i}"
        slugs.add(slug)
        cast = list({a["id"]: a for a in rng.choices(actors, actor_weights, k=rng.randint(3, 8))}.values())
        cited = rng.sample(res_numbers, k=min(len(res_numbers), rng.choice((0, 1, 1, 2))))
        paras = []
        for _ in range(rng.randint(8, 15)):
            sentences = []
            words_left = rng.randint(50, 70)
            while words_left > 0:
                length = rng.randint(12, 24)
                words = [vocab.pick(rng) for _ in range(length)]
                # Names go after the second word so a capitalised sentence start never glues onto one.
                for _ in range(rng.choice((0, 1, 1, 1, 2))):
                    pos = rng.randint(2, length - 1)
                    if cited and rng.random() < 0.12:
                        number = rng.choice(cited)
                        words.insert(pos, f"resolution {number}")
                    else:
                        actor = rng.choice(cast)
                        words.insert(pos, rng.choice([actor["name"], *actor["aliases"]]))
                words[0] = words[0].capitalize()
                sentences.append(" ".join(words) + ".")
                words_left -= length
            paras.append(" ".join(sentences))
        body = "\n\n".join(paras)
        for a in cast:
            if a["name"] in body or any(al in body for al in a["aliases"]):
                mentions_of[a["id"]].append(slug)
        for number in cited:
            if f"resolution {number}" in body:
                res_mentions[number].append(slug)
        paragraphs_by_article[slug] = paras
        front = {"title": title, "outlet": rng.choice(_OUTLETS), "date": date.isoformat(), "authors": [
            _name(rng, used, 2)] if rng.random() < 0.7 else [], "language": "en"}
        front_text = yaml.dump(front, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=1000)
        (out / "articles" / f"{slug}.md").write_text(f"---\n{front_text}---\n\n{body}\n", encoding="utf-8")
    all_articles = sorted(paragraphs_by_article)

    def quote_source(candidates: list[str], must: str | None = None) -> dict:
        """An article source whose quote is a sentence really found in the article."""
        slug = rng.choice(candidates or all_articles)
        paras = paragraphs_by_article[slug]
        sentences = [s for p in paras for s in p.split(". ")]
        good = [s for s in sentences if must and must in s] or sentences
        quote = rng.choice(good).rstrip(".")
        return {"article": slug, "quote": quote[:1400]}

    def sources(candidates: list[str], must: str | None = None) -> list[dict]:
        return [{"document": f"S/{rng.randint(2006, 2024)}/{rng.randint(1, 999)}"},
                quote_source(candidates, must)]

    # --- measures -------------------------------------------------------------------------
    measure_ids = []
    for i in range(n["measures"]):
        name = " ".join(vocab.pick(rng) for _ in range(2)).capitalize() + " ban"
        mid = f"measure-{i}"
        measure_ids.append(mid)
        _dump(out / "measures" / f"{mid}.yaml", "measure", {
            "name": name, "group": rng.choice(_GROUPS),
            "description": " ".join(vocab.pick(rng) for _ in range(25)).capitalize() + ".",
            "order": i * 10, "sources": [{"document": f"S/RES/{res_numbers[0]} ({res_dates[0].year})"}]})

    # --- events ---------------------------------------------------------------------------
    events = []
    for i in range(n["events"]):
        date = _date(rng)
        kind = rng.choice(_EVENT_KINDS)
        eid = f"{kind}-{date.isoformat()}-{i}"
        who = sorted({a["id"] for a in rng.choices(actors, actor_weights, k=rng.randint(1, 3))})
        events.append((eid, date))
        _dump(out / "events" / f"{eid}.yaml", "event", {
            "kind": kind, "title": " ".join(vocab.pick(rng) for _ in range(5)).capitalize(), "date": date.isoformat(),
            "actors": who, "summary": " ".join(vocab.pick(rng) for _ in range(35)).capitalize() + ".",
            "sources": sources(mentions_of[who[0]])})
    events.sort(key=lambda e: e[1])

    # --- resolutions ----------------------------------------------------------------------
    introduced: set[str] = set()  # a measure's first change introduces it (check warns otherwise)
    for number, date in sorted(zip(res_numbers, res_dates), key=lambda nd: (nd[1], nd[0])):
        earlier = [eid for eid, d in events if d <= date]
        triggers = sorted(rng.sample(earlier, k=min(len(earlier), rng.randint(0, 2))))
        changes = []
        for mid in sorted(rng.sample(measure_ids, k=min(len(measure_ids), rng.randint(2, 5)))):
            change = rng.choice(_CHANGES)
            if mid not in introduced:
                change = "introduced"
                introduced.add(mid)
            elif change == "introduced":  # still in force: check warns at a second introduction
                change = "tightened"
            changes.append({"measure": mid, "change": change,
                            "detail": " ".join(vocab.pick(rng) for _ in range(20)).capitalize() + ".",
                            "paragraph": str(rng.randint(1, 40)),
                            "sources": [{"document": f"S/RES/{number} ({date.year})"}]})
        parts = []
        for a in rng.sample(states, k=min(len(states), rng.randint(1, 3))):
            parts.append({"actor": a["id"], "role": rng.choice(["drafter", "negotiator", "co-sponsor"]),
                          "stance": "support", "sources": sources(mentions_of[a["id"]], a["name"])})
        _dump(out / "resolutions" / f"{number}.yaml", "resolution", {
            "symbol": f"S/RES/{number} ({date.year})", "title": f"Resolution {number} ({date.year})",
            "date": date.isoformat(), "outcome": "adopted", "chapter_vii": rng.random() < 0.8,
            "vote": {"for": 15, "against": 0, "abstain": 0},
            "summary": " ".join(vocab.pick(rng) for _ in range(40)).capitalize() + ".",
            "triggers": triggers, "measures": changes,
            "designations": {"individuals": rng.randint(0, 20), "entities": rng.randint(0, 12),
                             "sources": [{"document": f"S/RES/{number} ({date.year})"}]},
            "actors": parts,
            "sources": sources(res_mentions[number], f"resolution {number}")})

    # --- actors ---------------------------------------------------------------------------
    for a in actors:
        data: dict = {"name": a["name"], "kind": a["kind"]}
        if a["aliases"]:
            data["aliases"] = a["aliases"]
        if a["kind"] == "person":
            data["country"] = rng.choice(states)["id"]
        data["summary"] = " ".join(vocab.pick(rng) for _ in range(rng.randint(30, 60))).capitalize() + "."
        seen_in = mentions_of[a["id"]]
        if a["kind"] == "person":
            data["roles"] = [{"title": " ".join(vocab.pick(rng) for _ in range(3)).capitalize(),
                              "org": data["country"], "attested": [_date(rng).isoformat()],
                              "sources": [quote_source(seen_in, a["name"])]}]
        if a["kind"] == "state" and res_numbers:
            data["stances"] = [{"date": res_dates[k].isoformat(), "position": "support",
                                "resolution": res_numbers[k],
                                "summary": " ".join(vocab.pick(rng) for _ in range(25)).capitalize() + ".",
                                "sources": [quote_source(seen_in, a["name"])]}
                               for k in sorted(rng.sample(range(len(res_numbers)), k=min(3, len(res_numbers))))]
        data["sources"] = sources(seen_in, a["name"])
        _dump(out / "actors" / f"{a['id']}.yaml", "actor", data)
    return n


def main() -> None:
    """Command line: write a synthetic content folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="bench/out/content")
    args = parser.parse_args()
    n = generate(args.out, args.articles, args.seed)
    print(", ".join(f"{v} {k}" for k, v in n.items()), "->", args.out)


if __name__ == "__main__":
    main()
