"""A saved page or a fetched URL: trafilatura finds the article, the project's policy decides the rest.

trafilatura (with ``favor_precision``) picks the article's blocks and reads title, author
and site name. Then the project's own policy applies:

- flags override the page;
- the date comes only from explicit publication markup (``datePublished`` in JSON-LD or
  microdata, ``article:published_time`` and the like; see :data:`PUBLISHED_META`) or
  from a stamp next to the headline; otherwise ingest asks for ``--date``. htmldate reads
  the same page as a check of the markup's date: when it puts the date more than a day
  away, ingest asks too;
- the outlet comes from the page's site name (``og:site_name``, the JSON-LD publisher)
  or its host, never from a photo credit;
- the body keeps the page's words verbatim, one paragraph per block; the same furniture
  rules as the text path drop what trafilatura let through (captions, "Advertisement",
  share bars, bylines, date stamps);
- when the article's paragraphs sit in several sibling containers of the same kind
  (the body broken up by asides or embeds), the later containers' paragraphs are
  kept too (:func:`_continuations`).

Every block of the page that is left out is reported with its number in page order.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from urllib.parse import urlsplit

from lxml import etree, html as lxml_html

from generator.ingest import furniture, metadata
from generator.ingest.furniture import known_outlet, pattern_reason
from generator.ingest.metadata import Found, Head
from generator.ingest.report import IngestError, IngestResult, Removed
from generator.ingest.units import Unit, is_paragraph, key, words

#: ``<meta>`` names and properties (lower case) that state when a page was first published.
PUBLISHED_META = ("article:published_time", "og:article:published_time", "og:published_time", "datepublished",
                  "publishdate", "publish-date", "publish_date", "pubdate", "dc.date.issued", "dcterms.issued",
                  "parsely-pub-date", "sailthru.date", "article.published", "published_time", "date.published")
#: JSON-LD types whose ``datePublished`` is the article's.
ARTICLE_TYPES = ("Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                 "BlogPosting", "LiveBlogPosting", "Report", "ScholarlyArticle", "TechArticle", "SatiricalArticle",
                 "BackgroundNewsArticle", "ReviewNewsArticle")
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "nav", "aside",
               "section", "article", "main", "figure", "figcaption", "blockquote", "table", "tr", "td", "th", "dl",
               "dt", "dd", "form", "button", "time", "address", "pre", "br", "hr", "body", "html", "label", "option"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "select", "textarea"}
_ISO_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def ingest_html(html: str, *, source_name: str, outlet: str | None = None, date: str | None = None,
                url: str | None = None, title: str | None = None, language: str | None = None,
                authors: list[str] | None = None) -> IngestResult:
    """Turn a page's HTML into front matter + clean Markdown body (see the module docstring)."""
    date = metadata.check_date_flag(date, source_name)
    tree = _parse(html, source_name)
    markup = read_markup(tree)                                    # 1. JSON-LD and <meta>
    lines = page_lines(tree)                                      # 2. the page's blocks, in order
    blocks = _extract(html, source_name)                          # 3. trafilatura's article blocks
    blocks = _continuations(tree, blocks)                         # 4. a body split across containers
    units = [Unit(number, text, kind=kind) for number, (kind, text) in enumerate(blocks, 1)]
    furniture.drop_patterned(units)                               # 5. the furniture rules, as for text
    head = Head()
    metadata.read_stamps_and_bylines(units, head)
    page_title = _title(markup)                                   # 6. metadata, by the project's policy
    for unit in units:
        if unit.kept and page_title and key(unit.text) in {key(page_title[0]), key(title or "")}:
            unit.drop("headline")
    inline = furniture.finish_body(units)
    if not any(u.kind == "text" and is_paragraph(u.text) for u in units):
        raise IngestError(f"{source_name}: no article found in the page (only menus, links or short lines); "
                          "save the article's own page, or its text as .txt")
    body = furniture.markdown_body(units)
    headlines = ([page_title[0]] if page_title else []) + markup["h1"]
    if markup.get("date") and date is None:
        _check_with_htmldate(tree, markup["date"], source_name)  # last use of the tree: htmldate prunes it
    stamp = markup.get("date") or _stamp_by_headline(lines, headlines, units)
    site = markup.get("site") or _host(url or markup.get("url"))
    names = markup.get("authors") or []
    meta, provenance = metadata.build_meta(
        source_name, url=url, standfirst=None, what="page",
        title=metadata.pick(title, page_title and Found(page_title[0], page_title[1])),
        date=metadata.pick(date, stamp and Found(stamp[0], stamp[1])),
        outlet=metadata.pick(outlet, site and Found(site, "site name" if markup.get("site") else "host")),
        authors=metadata.pick(authors, names and Found(names, markup.get("authors_from", "page"))),
        language=metadata.pick(language, Found(metadata.detect_language(body), "detected")))
    kept = {key(u.text) for u in units if u.kept}
    reasons = {key(u.text): u.reason for u in units if u.kind == "removed" and u.reason}
    removed = _left_out(lines, kept, reasons)                     # 7. the report of blocks left out
    return IngestResult(meta=meta, body=body, removed=removed + inline, provenance=provenance)



def _parse(html: str, source_name: str):
    if not html.strip():
        raise IngestError(f"{source_name}: the page is empty; save the article's page again")
    try:
        tree = lxml_html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", html))
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"{source_name}: cannot read the HTML ({exc}); save the article's page again") from None
    return tree


# ------------------------------------------------------------------------------ the article's blocks


def _extract(html: str, source_name: str) -> list[tuple[str, str]]:
    """trafilatura's article as (kind, text) blocks: ``heading`` for its headings, else ``text``."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, favor_precision=True, fast=True, include_comments=False,
                                          include_tables=False, with_metadata=False, deduplicate=False)
    except Exception as exc:  # noqa: BLE001 - a library failing on odd HTML is a message, not a traceback
        raise IngestError(f"{source_name}: cannot extract the article ({type(exc).__name__}); "
                          "save its text as .txt and ingest that") from None
    if doc is None or doc.body is None:
        raise IngestError(f"{source_name}: no article found in the page (only menus, links or short lines); "
                          "save the article's own page, or its text as .txt")
    blocks: list[tuple[str, str]] = []
    for element in doc.body.iter("p", "head", "item", "quote", "cell"):
        if element.tag in ("quote", "item") and element.find(".//p") is not None:
            continue  # its paragraphs come on their own
        text = " ".join("".join(element.itertext()).split())
        if text:
            blocks.append(("heading" if element.tag == "head" else "text", text))
    return blocks


def _continuations(tree, blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Add the paragraphs of later sibling containers like the one trafilatura's paragraphs are in.

    Some pages cut the article into several containers of the same tag and class
    (asides, embeds and ads between them), and the extractor keeps only one. When the
    extracted paragraphs sit in one container whose later siblings share its tag and
    class, those siblings' ``<p>`` paragraphs are appended in page order.
    """
    wanted = {key(text) for kind, text in blocks if kind == "text" and words(text) >= 6}
    if not wanted:
        return blocks
    parents: dict = {}
    for p in tree.iter("p"):
        if key(" ".join(p.text_content().split())) in wanted:
            parent = p.getparent()
            parents[parent] = parents.get(parent, 0) + 1
    if not parents:
        return blocks
    container = max(parents, key=parents.get)
    signature = (container.tag, container.get("class"))
    if not signature[1]:
        return blocks
    later: list = []
    ancestor = container
    for _level in range(4):  # the container itself, or an ancestor, repeated as siblings
        outer = ancestor.getparent()
        if outer is None:
            break
        same = [s for s in outer if s.tag == ancestor.tag and s.get("class") == ancestor.get("class")]
        after = same[same.index(ancestor) + 1:]
        later = [e for s in after for e in s.iter(container.tag) if (e.tag, e.get("class")) == signature]
        if later:
            break
        ancestor = outer
    have = {key(text) for _kind, text in blocks}
    extra: list[tuple[str, str]] = []
    for part in later:
        for element in part.iter("p", "h2", "h3"):
            text = " ".join(element.text_content().split())
            if text and key(text) not in have:
                extra.append(("heading" if element.tag != "p" else "text", text))
                have.add(key(text))
    return blocks + extra


# ------------------------------------------------------------------------------ the page's markup


def read_markup(tree) -> dict:
    """Explicit metadata: publication date, site name, title, headline, authors, canonical URL."""
    found: dict = {}
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if name and content and name not in metas:
            metas[name] = content
    objects = list(_json_ld(tree))
    articles = [o for o in objects if _types(o) & set(ARTICLE_TYPES)]
    dates = []  # (UTC?, order, day, where): a local time beats a UTC one, whose day may be the next
    for obj in articles + [o for o in objects if "datePublished" in o and o not in articles]:
        dates.append((obj.get("datePublished"), "JSON-LD datePublished"))
    dates += [(metas[name], f"<meta {name}>") for name in PUBLISHED_META if name in metas]
    for element in tree.xpath("//*[@itemprop='datePublished'][@datetime or @content]|//time[@pubdate]"):
        dates.append((element.get("datetime") or element.get("content"), "microdata datePublished"))
    ranked = sorted((_utc(value), order, day, where) for order, (value, where) in enumerate(dates)
                    if (day := _day(value)) is not None)
    if ranked:
        found["date"] = (ranked[0][2], ranked[0][3])
    site = metas.get("og:site_name") or next((_name(o.get("publisher")) for o in articles if _name(o.get("publisher"))),
                                             None)
    if site and not known_outlet_is_credit(site):
        found["site"] = " ".join(site.split())
    headline = next((o.get("headline") for o in articles if isinstance(o.get("headline"), str)), None)
    h1 = [" ".join(e.text_content().split()) for e in tree.iter("h1")]
    found["titles"] = [" ".join(t.split()) for t in (metas.get("og:title"), headline, metas.get("twitter:title"),
                                                     *(e.text_content() for e in tree.iter("title"))) if t and t.strip()]
    found["h1"] = [t for t in h1 if t]
    names = []
    for obj in articles:
        author = obj.get("author")
        for item in author if isinstance(author, list) else [author]:
            if (name := _name(item)) and metadata.name_like(name) and not known_outlet(name):
                names.append(" ".join(name.split()))
    if not names and metas.get("author"):
        names = [n.strip() for n in re.split(r"\s*(?:,|;|\band\b|&)\s*", metas["author"])
                 if metadata.name_like(n.strip()) and not known_outlet(n)]
    if names:
        found["authors"] = list(dict.fromkeys(names))
        found["authors_from"] = "JSON-LD author" if articles and any(o.get("author") for o in articles) \
            else "<meta author>"
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    found["url"] = metas.get("og:url") or (canonical[0] if canonical else None)
    return found


def known_outlet_is_credit(site: str) -> bool:
    """A site name that is only an image credit (``Image: Reuters/...``) is no site name."""
    return bool(re.match(r"^\s*(photo|image|picture|credit)s?\s*:", site, re.I))


def _json_ld(tree):
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
                if isinstance(item.get("mainEntity"), (dict, list)):
                    stack.append(item["mainEntity"])


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def _name(value) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"].strip() or None
    if isinstance(value, list) and value:
        return _name(value[0])
    return None


def _day(value) -> str | None:
    """``YYYY-MM-DD`` of an explicit date value (ISO 8601, or a written date), else None (also for placeholders)."""
    if not isinstance(value, str):
        return None
    if match := _ISO_DATE_RE.match(value):
        try:
            day = _dt.date(*map(int, match.groups()))
        except ValueError:
            return None
    elif (day := metadata.first_date(value)) is None:
        return None
    return day.isoformat() if 1990 <= day.year <= _dt.date.today().year + 1 else None


def _utc(value) -> bool:
    """A timestamp in UTC (``Z``, ``+00:00``): its day may be the next one where the page was published."""
    return isinstance(value, str) and bool(re.search(r"T?\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]00:?00|UTC|GMT)\s*$", value))


def _check_with_htmldate(tree, stamp: tuple[str, str], source_name: str) -> None:
    """Refuse a date that htmldate, reading the same page's markup, puts more than a day away.

    htmldate (``original_date``, no extensive search) weighs the same metadata by its own
    rules; when the two readings disagree by more than a time-zone shift, the page
    contradicts itself and ingest asks rather than guesses.
    """
    import htmldate

    try:
        other = htmldate.find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - no second opinion is no objection
        return
    if other and abs((_dt.date.fromisoformat(other) - _dt.date.fromisoformat(stamp[0])).days) > 1:
        raise IngestError(f"{source_name}: the page's dates disagree ({stamp[1]} says {stamp[0]}, htmldate reads "
                          f"{other}); pass --date YYYY-MM-DD")


def _host(url: str | None) -> str | None:
    host = (urlsplit(url).hostname or "") if url else ""
    host = host.removeprefix("www.")
    return host or None


def _title(markup: dict) -> tuple[str, str] | None:
    """The headline: the page's ``<h1>`` when a declared title (og:title, JSON-LD headline,
    ``<title>``) is it or starts with it, else the first declared title without a site suffix,
    else the first ``<h1>``."""
    titles, h1s = markup["titles"], markup["h1"]
    for h1 in h1s:
        if words(h1) >= 2 and any(key(t) == key(h1) or key(t).startswith(key(h1)) for t in titles):
            return h1, "<h1>"
    if titles:
        return _strip_site(titles[0], markup.get("site")), "declared title"
    return (h1s[0], "<h1>") if h1s else None


def _strip_site(title: str, site: str | None) -> str:
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1 and (site and key(parts[-1]) == key(site) or words(parts[-1]) <= 3):
        return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    return title


# ------------------------------------------------------------------------------ the page as lines


def page_lines(tree) -> list[tuple[str, str]]:
    """The page's visible text as (text, where) lines, one per block, in page order."""
    lines: list[tuple[str, str]] = []
    current: list[str] = []
    where = ["body"]

    def flush():
        text = " ".join("".join(current).split())
        if text:
            lines.append((text, where[-1]))
        current.clear()

    def walk(element, zone):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP_TAGS:
            if element.tail:
                current.append(element.tail)
            return
        if tag in ("nav", "header", "footer", "aside", "figcaption", "form"):
            zone = {"nav": "navigation", "header": "page-header", "footer": "page-footer", "aside": "aside",
                    "figcaption": "caption", "form": "form"}[tag]
        block = tag in _BLOCK_TAGS
        if block:
            flush()
            where.append(zone)
        if element.text and tag:
            current.append(element.text)
        for child in element:
            walk(child, zone)
        if block:
            flush()
            where.pop()
        if element.tail:
            current.append(element.tail)

    body = tree.find("body")
    walk(body if body is not None else tree, "body")
    flush()
    return lines


def _stamp_by_headline(lines: list[tuple[str, str]], headlines: list[str],
                       units: list[Unit]) -> tuple[str, str] | None:
    """A date stamp (or a byline with a date) between the headline (the title, or an ``<h1>``) and the body."""
    wanted = {key(h) for h in headlines}
    if not wanted:
        return None
    body_keys = {key(u.text) for u in units if u.kept}
    for index, (text, _zone) in enumerate(lines):
        if key(text) not in wanted:
            continue
        for number, (later, _zone2) in enumerate(lines[index + 1:index + 16], index + 2):
            if key(later) in body_keys:
                break
            found = metadata.stamp(later)
            if found and found[1] != "updated":
                return found[0].isoformat(), f"stamp by the headline (block {number})"
            if metadata.byline(later) and (day := metadata.first_date(later)):
                return day.isoformat(), f"byline by the headline (block {number})"
        break
    return None


def _left_out(lines: list[tuple[str, str]], kept: set[str], reasons: dict[str, str]) -> list[Removed]:
    """Every page block not in the body, numbered in page order, with a reason.

    The reason is the furniture rule's when one removed it from the extracted article,
    else a pattern's, else the page region it sits in (navigation, page-header, aside,
    caption...), else ``not-article`` (trafilatura left it out).
    """
    removed = []
    for number, (text, zone) in enumerate(lines, 1):
        block = key(text)
        if block in kept:
            continue
        reason = (reasons.get(block) or pattern_reason(text) or ("date-stamp" if metadata.stamp(text) else None)
                  or ("byline" if metadata.byline(text) else None) or (zone if zone != "body" else "not-article"))
        removed.append(Removed(number, text, reason))
    return removed
