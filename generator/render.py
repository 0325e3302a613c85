"""Stage 4: render. Linked content -> Markdown pages, through Jinja2 templates.

Public entry point: :func:`render`. Output is plain Markdown using only
Python-Markdown, Material and pymdownx features (tables, footnotes, attr_list,
md_in_html), so the same pages build with another MkDocs-compatible engine.

Determinism: everything is sorted by explicit keys; no timestamps are written.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from generator import derive, feed
from generator.config import SourcePolicy
from generator.history import Change, History
from generator.incremental import TEMPLATE_CODE, Cache, PageMemo, TrackedContent, Untracked, code_digest, digest
from generator.kinds import BY_FOLDER, KINDS, Kind
from generator.link import Backlink, LinkedSite, Ref
from generator.schema import ArticleSource, DocumentSource, SecondarySource, UrlSource, references, walk_sources
from generator.text import attribute, link, long_date, md, normalise, rel, safe_url, search_tag

CHANGES_PAGE = "changes/index.md"
#: The "What changed" page lists at most this many changes (the newest), then says how many are left out.
CHANGES_CAP = 500

TEMPLATES = Path(__file__).parent / "templates"
# Page sizes stay linear in the number of articles: an entity page lists at most this many
# articles that mention it (the most recent), then says how many more there are. At 10,000
# articles the most-mentioned actor would otherwise list about 7,000, a 1.4 MB page.
MENTIONS_CAP = 30
# The timeline lists at most this many "articles of the time" per event (the first after it).
# Uncapped, that column is events × articles within 90 days: 14 MB of Markdown at 10,000 articles.
NEAR_CAP = 5
#: Each section's print view: all its pages on one page (publish.print_max), linked from the section's index.
#: The underscore keeps it apart from entity pages (ids are lower-case letters, digits and hyphens).
PRINT_VIEW = "print_view.md"
#: Appended to the note of a source when the fact it backs has only secondary sources (the primary label filled in).
ONLY_SECONDARY = "(This fact rests on secondary sources only; no {primary} document or quoted article confirms it.)"


@dataclass(frozen=True)
class Page:
    """One generated Markdown file, at a path relative to the docs root."""

    path: str
    text: str
    updated: dt.date | None = None
    """When the page's facts last changed, from the git history (sitemaps show it); None when unknown."""


class Citations:
    """Footnotes for one page: each distinct source gets one number, in order of first use."""

    def __init__(self, site: LinkedSite, page: str, shared: dict | None = None, deps: set | None = None):
        self.site, self.page = site, page
        self.deps = deps  # what the page's rendering read (incremental builds); None when not recorded
        self.numbers: dict[Any, int] = {}
        self.quoted: dict[Any, list] = {}  # the sources each footnote cites, in order of first use
        # Shared by all pages of a render (Renderer.notes): notes already written for a page in the
        # same folder (their text depends only on the folder).
        self.shared = {} if shared is None else shared
        self.folder = page.rpartition("/")[0]

    def __call__(self, sources: Any) -> Markup:
        marks = []
        sources = sources or ()
        # A fact resting on secondary sources alone says so in each of its notes.
        only_secondary = bool(sources) and all(isinstance(s, SecondarySource) for s in sources)
        for src in sources:
            item = (src, ONLY_SECONDARY) if only_secondary else src
            key = item if only_secondary else self._passage(src)
            if key not in self.numbers:
                self.numbers[key] = len(self.numbers) + 1
                self.quoted[key] = []
            if item not in self.quoted[key]:
                self.quoted[key].append(item)
            mark = f"[^{self.numbers[key]}]"
            if mark not in marks:  # two quotes from one paragraph: one marker
                marks.append(mark)
        return Markup("".join(marks))

    def _passage(self, src: Any) -> Any:
        """What a footnote stands for: an article paragraph (all quotes from it share one note), or the source."""
        if not isinstance(src, ArticleSource):
            return src
        if self.deps is not None:
            self.deps.add(("article", src.article))
        key = ("passage", src)  # shared by all pages of a render, like the notes
        found = self.shared.get(key)
        if found is None:
            para = self._find(self.site.content.articles[src.article], src.quote)
            found = self.shared[key] = ("passage", src.article, para.number) if para is not None else src
        return found

    def note(self, src: Any) -> str:
        """The footnote text for one source, as it reads on this page."""
        if self.deps is not None and isinstance(src, ArticleSource):
            self.deps.add(("article", src.article))
        key = (self.folder, src)
        text = self.shared.get(key)
        if text is None:
            text = self.shared[key] = self._note(src)
        return text

    def _note(self, src: Any) -> str:
        if isinstance(src, tuple):  # (source, ONLY_SECONDARY)
            return self._note(src[0]) + " " + ONLY_SECONDARY.format(
                primary=md(self.site.content.config.sources.primary_name))
        if isinstance(src, ArticleSource):
            return f"{self._article_head(src)}: “{md(src.quote)}”"
        policy = self.site.content.config.sources
        if isinstance(src, DocumentSource):
            url = src.url or document_url(policy, src.document)
            text = f"{md(policy.primary_label)}: {md(host_label(policy, url))}, {link(src.document, safe_url(url))}"
            return text + (f", paragraph {md(src.paragraph)}" if src.paragraph else "")
        if isinstance(src, SecondarySource):
            text = f"{md(policy.secondary_label)}: {md(src.publisher)}, {link(src.title, safe_url(src.url))}"
        else:
            assert isinstance(src, UrlSource)
            text = f"{md(policy.primary_label)}: {md(host_label(policy, src.url))}, {link(src.title, safe_url(src.url))}"
        text += f" (accessed {long_date(src.accessed)})" if src.accessed else ""
        return text + (f": “{md(src.quote)}”" if src.quote else "")

    def _article_head(self, src: ArticleSource) -> str:
        """``[Outlet, “Title”, date, ¶n](link to the paragraph)``."""
        article = self.site.content.articles[src.article]
        para = self._find(article, src.quote)
        href = rel(self.page, Ref("article", src.article).path, para.anchor if para else "")
        label = f"{article.meta.outlet}, “{article.meta.title}”, {long_date(article.meta.date)}"
        where = f", ¶{para.number}" if para else ""
        return str(link(label + where, href))

    def _passage_note(self, key: Any) -> str:
        """One note for every quote this page takes from one paragraph (or for one source)."""
        sources = self.quoted[key]
        if len(sources) == 1:
            return self.note(sources[0])
        # A quote held inside a longer one from the same paragraph is not repeated; the rest read in order.
        norm = [normalise(s.quote) for s in sources]
        kept = [i for i, n in enumerate(norm) if not any(n in m and (n != m or j < i) for j, m in enumerate(norm) if j != i)]
        para = normalise(self._find(self.site.content.articles[sources[0].article], sources[0].quote).text)
        kept.sort(key=lambda i: para.find(norm[i]))
        quotes = " … ".join(f"“{md(sources[i].quote)}”" for i in kept)
        return f"{self._article_head(sources[0])}: {quotes}"

    def _find(self, article: Any, quote: str) -> Any:
        """``article.find(quote)`` (the article normalises each paragraph once, for every stage and run)."""
        return article.find(quote)

    def footnotes(self) -> Markup:
        return Markup("\n".join(f"[^{n}]: {self._passage_note(key)}" for key, n in self.numbers.items()))


def document_url(policy: SourcePolicy, document: str) -> str:
    """The link for a `document:` source without its own url, from the first scheme it matches."""
    for scheme in policy.documents:
        if re.search(scheme.pattern, document):
            return scheme.url.replace("{document}", document).replace("{compact}", document.replace(" ", ""))
    return "#"


def host_label(policy: SourcePolicy, url: str) -> str:
    """Who publishes a primary source by its host: its host group's label, else the host."""
    group = policy.host_group(url)
    return group.label if group else (urlsplit(url).hostname or "").lower()


def template_dirs(project: Path | None) -> list[Path]:
    """Where templates are looked up: the project's templates/ first (if it has one), then the package's.

    A project overrides any template by putting a file of the same name in its own templates/.
    """
    own = project / "templates" if project is not None else None
    return ([own] if own is not None and own.is_dir() else []) + [TEMPLATES]


def _environment(dirs: list[Path]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        # Escape every printed value unless it is Markup built by our helpers.
        finalize=md,
        bytecode_cache=TEMPLATE_CODE,
    )
    env.filters["date"] = long_date
    env.filters["md"] = md
    env.filters["safe_url"] = safe_url
    env.filters["search_tag"] = search_tag
    env.filters["num"] = lambda v: f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"
    return env


def role_dates(role: Any, short: bool = False) -> str:
    """A role's term of office where a source gives one (``2013–2022``, or full dates unless ``short``);
    otherwise the dates a source shows it held, said once: ``as reported on 25 February and 2 March 2016``."""
    show = (lambda d: str(d.year)) if short else long_date
    if role.start and role.end:
        start, end = show(role.start), show(role.end)
        return start if start == end else f"{start}–{end}"
    if role.start:
        return f"from {show(role.start)}"
    if role.end:
        return f"until {show(role.end)}"
    dates = sorted(set(role.attested))
    return "as reported on " + (long_date(dates[-1]) if short else dates_in_words(dates))


def dates_in_words(dates: list[dt.date]) -> str:
    """``2 March 2016``, ``25 February and 2 March 2016``, ``1, 2 and 3 May 2016``: a year (and month) written once."""
    words = []
    for i, d in enumerate(dates):
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        if nxt and (nxt.year, nxt.month) == (d.year, d.month):
            words.append(str(d.day))
        elif nxt and nxt.year == d.year:
            words.append(long_date(d).rsplit(" ", 1)[0])
        else:
            words.append(long_date(d))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def shown_aliases(actor: Any) -> list[str]:
    """An actor's aliases as a reader sees them: one per spelling (a curly and a straight apostrophe are one)."""
    seen = {normalise(actor.name).casefold()}
    out = []
    for alias in actor.aliases:
        key = normalise(alias).casefold()
        if key not in seen:
            seen.add(key)
            out.append(alias)
    return out


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)”\"’]{2}[.!?])\s+(?=[A-Z“\"‘(])")


def first_sentence(text: str) -> str:
    """The first sentence of a summary, for one-line "what it did" entries (``U.S.``, ``Mr.`` do not end one)."""
    return _SENTENCE_END.split(" ".join(str(text).split()), maxsplit=1)[0]


def vote_line(vote: Any, long: bool = False) -> str:
    """``15–0–0`` or ``15 for, 0 against, 0 abstaining``; counts no source gives show as ``?``."""
    show = lambda n: "?" if n is None else str(n)  # noqa: E731
    if long:
        return f"{show(vote.for_)} for, {show(vote.against)} against, {show(vote.abstain)} abstaining"
    return f"{show(vote.for_)}–{show(vote.against)}–{show(vote.abstain)}"


def latest_role(actor: Any) -> Any:
    """The role with the most recent date the sources give."""
    return max(actor.roles, key=lambda r: max([d for d in (r.start, r.end, *r.attested) if d]), default=None)


#: The briefing.yml text that introduces each index page (its first sentence describes the page).
_INTROS = {"resolutions": "resolutions_intro", "measures": "measures_intro", "actors": "actors_intro",
           "events": "timeline_intro"}
_OTHER_PAGES = {CHANGES_PAGE: "What changed in {title}, newest first, from the history of its content files.",
                "reports/index.md": "Editorial report of {title}: names without a fact file, and warnings.",
                "about.md": "How {title} is made: its sources, how to read a page, its method and limits."}


def stamp_line(when: dt.date | None, edit: Markup | None = None) -> str:
    """The block closing a page: "Last updated D." and, when given, the edit link; empty when there is neither."""
    parts = [f"Last updated {md(when)}."] if when is not None else []
    parts += [str(edit)] if edit is not None else []
    if not parts:
        return ""
    return "<div class=\"briefing-updated\" data-search-exclude markdown>\n\n" + " · ".join(parts) + "\n\n</div>"


def day(when: int) -> dt.date:
    """The UTC date of a commit time."""
    return dt.datetime.fromtimestamp(when, dt.timezone.utc).date()


class Renderer:
    def __init__(self, site: LinkedSite, memo: PageMemo | None = None, history: History | None = None):
        self.site = site
        self.memo = memo
        self.history = history or History.unavailable("No change history was read.")
        self.deps: set | None = None  # while a page renders under a memo: the entities it reads
        self.kept: set[str] = set()  # pages taken whole from the last render (PageMemo.unchanged)
        self.content = site.content
        self.env = _environment(template_dirs(self.content.project))
        self.tables = self.content.tables
        self.config = self.content.config
        self.relations = {**self.config.vocabularies.roles, **self.config.vocabularies.labels}
        # Escaped titles by Ref: a popular actor's name is linked from thousands of pages.
        self.titles: dict[Ref, str] = {}
        self.notes: dict[tuple[str, Any], str] = {}
        # Looked up once each: Environment.get_template() stats the template file on every call.
        self.templates: dict[str, jinja2.Template] = {}
        # Sections small enough for a print view (publish.print_max), by folder.
        limit = self.config.publish.print_max
        self.print_folders = {k.folder: k for k in KINDS.values() if 0 < len(self.content.table(k.name)) <= limit}
        # publish.article_text: excerpts: article pages hold only the paragraphs facts quote (by anchor).
        self.excerpts = self.quoted_paragraphs() if self.config.publish.article_text == "excerpts" else None

    def quoted_paragraphs(self) -> dict[str, set[str]]:
        """The anchors of the paragraphs each article has quoted by a fact (``{"2016-...": {"p3", "p7"}}``)."""
        find = Citations(self.site, "index.md", self.notes)._find
        articles = self.content.articles
        out: dict[str, set[str]] = defaultdict(set)
        for (kind, eid) in sorted(self.content.docs):
            if kind == "article":
                continue
            for _loc, src in walk_sources(self.content.table(kind)[eid]):
                if isinstance(src, ArticleSource) and src.article in articles:
                    para = find(articles[src.article], src.quote)
                    if para is not None:
                        out[src.article].add(para.anchor)
        return out

    # -- helpers available to templates ------------------------------------------
    def ref_link(self, page: str, ref: Ref, label: Any = None, anchor: str = "") -> Markup:
        """``[title](relative path)`` to an entity page; plain escaped text if it has no page."""
        if self.deps is not None:
            self.deps.add(("title:" + ref.kind, ref.id))
        if ref.id not in self.tables[ref.kind]:
            return Markup(md(label or ref.id))
        if label is None:
            text = self.titles.get(ref)
            if text is None:
                text = self.titles[ref] = md(self.site.title(ref))
        else:
            text = md(label)
        # The same string link() builds, without escaping the same title again.
        return Markup(f"[{text}]({rel(page, ref.path, anchor)})")

    def page(self, template: str, path: str, _key: str | None = None, **ctx: Any) -> Page:
        memo, content, site = self.memo, self.content, self.site
        updated = self.updated(path)
        stamp = ctx["stamp"] = self.stamp(path)
        description = ctx["description"] = self.description(path)
        if memo is not None:
            # Incremental: the same template, context and entities read as last time give the same text.
            # ``_key``: a fingerprint the caller already took (and found no stored page for).
            key = _key or memo.key(template, path, ctx)
            text = memo.reuse(path, key) if _key is None else None
            if text is not None:
                return Page(path, text, updated)
            self.deps = set()
            content = TrackedContent(content, self.deps, {k.folder: k.name for k in KINDS.values()})
            site = Untracked(site, self.deps, "site")
        cite = Citations(self.site, path, self.notes, self.deps)
        ctx.update(page=path, cite=cite, L=lambda ref, label=None, anchor="": self.ref_link(path, ref, label, anchor),
                   Ref=Ref, site=site, content=content, rel=lambda to, a="": rel(path, to, a),
                   relation=self.relation, Markup=Markup, cfg=self.config, folders=BY_FOLDER,
                   column_label=self.column_label,
                   P=lambda label, to: link(label, rel(path, to)), role_dates=role_dates, latest_role=latest_role,
                   aliases=shown_aliases, first_sentence=first_sentence,
                   vote_line=vote_line, timing=lambda ch: self.timing(path, ch))
        tpl = self.templates.get(template)
        if tpl is None:
            tpl = self.templates[template] = self.env.get_template(template)
        body = tpl.render(**ctx)
        # Every page's own description (meta description, OpenGraph), first in its front matter. Escaped
        # for HTML here, once: the themes (Material's and Zensical's) print it into an attribute as it is.
        front = f"---\ndescription: {json.dumps(attribute(description), ensure_ascii=False)}\n"
        body = front + body[4:] if body.startswith("---\n") else f"{front}---\n\n{body}"
        folder, _, name = path.rpartition("/")
        if name == "index.md" and folder in self.print_folders:
            body = body.rstrip("\n") + "\n\n" + self.print_link(self.print_folders[folder]) + "\n"
        notes = cite.footnotes()
        text = body.rstrip("\n") + "\n" + (f"\n{stamp}\n" if stamp else "") + (f"\n{notes}\n" if notes else "")
        if memo is not None:
            memo.store(path, key, self.deps, text)
            self.deps = None
        return Page(path, text, updated)

    def entity_of(self, path: str) -> tuple[str, str] | None:
        """(kind, id) of the entity a generated page is about; None for index and other pages."""
        folder, _, name = path.rpartition("/")
        kind = BY_FOLDER.get(folder)
        eid = name[: -len(".md")]
        return (kind.name, eid) if kind is not None and eid != "index" and eid in self.tables[kind.name] else None

    def updated(self, path: str) -> dt.date | None:
        """When a page's facts last changed: an entity's page by the latest commit that changed its
        file's data, an index by the latest change to its kind, any other page by the latest change."""
        entity = self.entity_of(path)
        if entity is not None:
            when = self.history.updated.get(entity)
        else:
            kind = BY_FOLDER.get(path.rpartition("/")[0])
            when = self.history.latest(kind.name if kind is not None and path.endswith("/index.md") else None)
        return day(when) if when is not None else None

    def description(self, path: str) -> str:
        """A page's one-line description: an entity's first sentence of summary, an index's intro, the briefing's."""
        entity = self.entity_of(path)
        cfg = self.config
        if entity is not None:
            obj = self.tables[entity[0]][entity[1]]
            if entity[0] == "article":
                text = f"{obj.meta.outlet}, {long_date(obj.meta.date)}: {obj.meta.title}"
            else:
                text = getattr(obj, "summary", None) or getattr(obj, "description", None) or self.site.title(
                    Ref(*entity))
        else:
            kind = BY_FOLDER.get(path.rpartition("/")[0])
            intro = getattr(cfg.texts, _INTROS.get(kind.folder, "") if kind is not None else "", None)
            if path == "index.md":
                text = cfg.description or cfg.title
            elif intro:
                text = intro.replace("{adopted}", "")
            elif kind is not None:
                text = f"{kind.nav_title}: {cfg.title}"
            else:
                text = _OTHER_PAGES.get(path, cfg.title).replace("{title}", cfg.title)
        text = first_sentence(" ".join(str(text).split()))
        return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + " …"

    def stamp(self, path: str) -> str:
        """The "Last updated … · Edit this page" line closing a page (empty when there is neither).

        The date is :meth:`updated`'s; the edit link (briefing.yml ``edit_url``) points at an
        entity's own file.
        """
        entity = self.entity_of(path)
        template = self.config.edit_url
        doc = self.content.docs.get(entity) if entity is not None else None
        edit = link("Edit this page", safe_url(template.replace("{path}", quote(doc.path)))) if template and doc else None
        return stamp_line(self.updated(path), edit)

    def change_line(self, page: str, change: Change) -> Markup:
        """One change as the "What changed" page lists it: ``New actor: [Name](…)``, ``[2270](…): vote changed``."""
        return Markup(self._describe(change, lambda ref, name: self.ref_link(page, ref, name), md))

    def change_title(self, change: Change) -> str:
        """The same, as plain text (the feed's entry titles)."""
        return self._describe(change, lambda ref, name: name, lambda text: text)

    def _describe(self, change: Change, name_of: Any, esc: Any) -> str:
        ref = Ref(change.kind, change.id)
        exists = change.id in self.tables[change.kind]
        name = self.site.title(ref) if exists else (change.title or change.id)
        shown = name_of(ref, name) if exists else esc(name)
        if change.action == "added":
            return f"New {esc(change.kind)}: {shown}"
        if change.action == "removed":
            return f"Removed {esc(change.kind)}: {shown}"
        basis = self.config.body(None).legal_basis if self.config.body(None) else None
        said = []
        for key, how in change.fields:
            if key == "*":
                said.append("edited")
                continue
            label = basis.label if basis is not None and key == basis.field else key.replace("_", " ")
            said.append(f"{label}: {how}" if how[:1].isdigit() else f"{label} {how}")
        return f"{shown}: {esc('; '.join(said))}"

    def changes_pages(self) -> list[Page]:
        """The "What changed" page (changes by date, newest first) and the Atom feed (``feed.xml``)."""
        h = self.history
        shown = list(h.changes[:CHANGES_CAP])
        by_day: dict[dt.date, list[Markup]] = {}
        for change in shown:
            line = self.change_line(CHANGES_PAGE, change)
            lines = by_day.setdefault(day(change.when), [])
            if line not in lines:  # the same change twice in a day (two commits) is listed once
                lines.append(line)
        page = self.page("changes.md.j2", CHANGES_PAGE, days=list(by_day.items()), note=h.note,
                         more=len(h.changes) - len(shown))
        entries = [feed.Entry(f"{c.commit} {c.kind}/{c.id}", c.when, self.change_title(c),
                              KINDS[c.kind].path(c.id) if c.id in self.tables[c.kind] else None)
                   for c in h.changes[:feed.FEED_CAP]]
        title = f"{self.config.title}: what changed"
        text = feed.atom(title, self.config.title, h.note or "", entries, h.origin or self.config.title, CHANGES_PAGE)
        return [page, self.keyed(feed.PATH, text, self.updated(CHANGES_PAGE))]

    def keyed(self, path: str, text: str, updated: dt.date | None = None) -> Page:
        """A page computed whole (cheaply) from its inputs: for an incremental build, keyed on its own text."""
        if self.memo is not None:
            key = self.memo.key(path, path, {"text": text})
            if self.memo.reuse(path, key) is None:
                self.memo.store(path, key, set(), text)
        return Page(path, text, updated)

    def section_label(self, kind: Kind) -> str:
        """What a section's pages are called in its print view: the kind's label (instruments as configured)."""
        return self.config.texts.instruments if kind.name == "resolution" else kind.label

    def print_link(self, kind: Kind) -> str:
        count, label = len(self.content.table(kind.name)), md(self.section_label(kind))
        return f"*[All {count} {label} on one page]({PRINT_VIEW}), to print or save as a PDF.*{{: .briefing-print-link }}"

    def print_view(self, kind: Kind, pages: list[Page]) -> Page:
        """``<folder>/print_view.md``: the section's pages one after another (the index's order), for printing.

        Each page's Markdown is taken as rendered: front matter and the links to the previous and next page
        dropped, headings one level down, the title's id the page's name (the target of the contents list at
        the top, which stands for the sidebar's table of contents), and its footnotes and paragraph anchors
        prefixed with the page's name so they stay apart. Only markup the
        templates wrote is touched: content reaches the Markdown escaped (md() escapes ``#`` at a line start,
        ``[`` and ``{``), so no content text matches these patterns.
        """
        path = f"{kind.folder}/{PRINT_VIEW}"
        if all(p.path in self.kept for p in pages):  # the section's pages, unchanged, and their titles
            kept = self.unchanged(path, kinds=(kind.name,), dated=False)
            if kept is not None:
                return kept
        names = [p.path.rpartition("/")[2][:-3] for p in pages]
        items = [Markup(for_print(p.text, name)) for p, name in zip(pages, names)]
        contents = [link(self.site.title(Ref(kind.name, name)), f"#{name}") for name in names]
        text = self.env.get_template("print_view.md.j2").render(
            items=items, contents=contents, count=len(items), label=self.section_label(kind),
            back=link(f"{self.section_label(kind)} index", "index.md"))
        text = text.rstrip("\n") + "\n"
        if self.memo is not None:  # keyed on its own text, like in-force.js: the pages it joins are the inputs
            key = self.memo.key("print_view.md.j2", path, {"text": text})
            if self.memo.reuse(path, key) is None:
                self.memo.store(path, key, set(), text)
        return Page(path, text)

    def relation(self, name: str) -> str:
        """How a backlink's relation reads on a page ("voted against", "took part")."""
        return self.relations.get(name, name)

    def column_label(self, rid: str) -> str:
        """A resolution's short label: its id if it passed, else e.g. "veto 2022"."""
        if self.deps is not None:
            self.deps.add(("resolution", rid))  # its outcome and date, read here rather than by the template
        return derive.short_label(self.site, rid)

    def timing(self, page: str, change: Any) -> Markup:
        """" Effective 1 May 2024." / " In force until [event] (30 April 2024)." for a change that gives either, else ""."""
        parts = []
        start = "No longer in force from" if change.change == "ended" else "Effective"
        for label, value in ((start, change.effective), ("In force until", change.until)):
            if value is None:
                continue
            if isinstance(value, str):
                if self.deps is not None:
                    self.deps.add(("event", value))  # its date, read here rather than by the template
                on = derive.when(self.site, value)
                parts.append(f" {label} {self.ref_link(page, Ref('event', value))} ({md(on)}).")
            else:
                parts.append(f" {label} {md(value)}.")
        return Markup("".join(parts))

    def backlinks(self, ref: Ref, relation: str | None = None, kind: str | None = None) -> list:
        return [b for b in self.site.backlinks.get(ref, []) if (relation is None or b.relation == relation)
                and (kind is None or b.source.kind == kind)]

    def matrix_groups(self) -> list[tuple[str, list]]:
        """The matrix rows by measure group; groups in the order of their first measure."""
        groups: dict[str, list] = {}
        for mid, cells in derive.matrix(self.site):
            groups.setdefault(self.content.measures[mid].group, []).append((mid, cells))
        return list(groups.items())

    def involved(self, rid: str) -> list[tuple[str, list, list]]:
        """"Who was involved" in a resolution, one entry per actor: (actor id, its parts in the
        resolution file, its stances on the resolution by date), in order of first appearance."""
        parts: dict[str, list] = defaultdict(list)
        stances: dict[str, list] = defaultdict(list)
        for p in self.content.resolutions[rid].actors:
            parts[p.actor].append(p)
        for b in self.backlinks(Ref("resolution", rid), "stance"):
            stances[b.source.id] = sorted((s for s in self.content.actors[b.source.id].stances
                                           if s.resolution == rid), key=lambda s: s.date)
        order = list(dict.fromkeys([*parts, *stances]))
        return [(a, parts.get(a, []), stances.get(a, [])) for a in order]

    def mentions(self, ref: Ref) -> tuple[list, int]:
        """The articles mentioning ``ref`` to list, and how many more there are (at most MENTIONS_CAP listed).

        The most recent are kept (by date, then id, so the choice is deterministic)
        and shown in the order they would have had uncapped.
        """
        items = self.backlinks(ref, "mentioned")
        if self.excerpts is not None:  # a paragraph the site does not publish: no snippet, no anchor
            items = [b if b.anchor in self.excerpts.get(b.source.id, ()) else Backlink(b.source, b.relation)
                     for b in items]
        if len(items) <= MENTIONS_CAP:
            return items, 0
        articles = self.content.articles
        recent = sorted(items, key=lambda b: (articles[b.source.id].meta.date, b.source.id))[-MENTIONS_CAP:]
        keep = {b.source for b in recent}
        return [b for b in items if b.source in keep], len(items) - MENTIONS_CAP

    # -- pages ---------------------------------------------------------------------
    def render(self) -> list[Page]:
        c, s = self.content, self.site
        order = s.chronology()
        outcomes = c.config.vocabularies.outcomes
        adopted = sum(1 for r in c.resolutions.values() if r.outcome in outcomes and outcomes[r.outcome].passed)
        # The home page lists the latest publish.home_max instruments; the instruments index lists them all.
        shown = order[-c.config.publish.home_max:]
        pages = [self.unchanged("index.md", kinds=("resolution",))
                 or self.page("home.md.j2", "index.md", order=shown, total=len(order), adopted=adopted),
                 self.unchanged("about.md") or self.page("about.md.j2", "about.md")]
        own = {"resolution": self.resolution_pages, "actor": self.actor_pages, "event": self.event_pages,
               "article": self.article_pages, "measure": self.measure_pages}
        for kind in KINDS.values():
            made = own[kind.name](kind) if kind.name in own else self.kind_pages(kind)
            pages += made
            if kind.folder in self.print_folders:
                pages.append(self.print_view(kind, [p for p in made if p.path != f"{kind.folder}/index.md"]))
        pages.append(self.page("report.md.j2", "reports/index.md", unknown=s.unknown_names,
                               warnings=sorted(c.warnings + s.warnings)))
        pages.append(self.in_force_script())
        pages += self.changes_pages()
        if self.memo is not None:
            self.memo.finish()
        return sorted(pages, key=lambda p: p.path)

    def in_force_script(self) -> Page:
        """``measures/in-force.js``: the data behind the measures page's "in force on" date input.

        A script, not JSON fetched at run time: browsers refuse fetch() from ``file://``. Every
        ``<``, ``>`` and ``&`` is a JSON escape, so no content string can close or open markup.
        """
        kept = self.unchanged("measures/in-force.js", kinds=("measure", "resolution", "event"), dated=False)
        if kept is not None:
            return kept
        data = json.dumps(derive.in_force_data(self.site, "measures/index.md"), ensure_ascii=True,
                          sort_keys=True, separators=(",", ":"))
        data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return self.keyed("measures/in-force.js", f"window.BRIEFING_IN_FORCE = {data};\n")

    def unchanged(self, path: str, entity: tuple[str, str] | None = None, kinds: tuple[str, ...] = (),
                  pointed: tuple[str, ...] = (), dated: bool = True) -> Page | None:
        """A page as the last render in this process made it, when nothing it shows changed; else None
        (make it: it may still be reused).

        Its context must be made only of its ``entity``, what points at it, the entities of ``kinds``,
        what points at an entity of ``pointed`` and what every page shares
        (:meth:`generator.incremental.PageMemo.unchanged`). ``dated``: the page has an updated date.
        """
        if self.memo is None:
            return None
        text = self.memo.unchanged(path, entity, kinds, pointed)
        if text is None:
            return None
        self.kept.add(path)
        return Page(path, text, self.updated(path) if dated else None)

    def entity_page(self, kind: Kind, eid: str, kinds: tuple[str, ...] = ()) -> Page | None:
        """:meth:`unchanged` for the page of entity ``eid`` of ``kind``."""
        return self.unchanged(kind.path(eid), (kind.name, eid), kinds)

    def kind_pages(self, kind: Kind) -> list[Page]:
        """Index and entity pages of a kind that needs nothing beyond the registry.

        Templates get ``kind`` and ``ids`` (in registry order); each entity page also
        ``id``, ``obj``, ``ref``, ``backlinks`` (everything pointing at it) and ``mentioned``.
        Resolution and actor pages get ``incoming`` (everything pointing at them) too, so a new
        kind that refers to them can list itself there from the templates alone.
        """
        ids = self.site.ordered(kind.name)
        table = self.content.table(kind.name)
        pages = [self.unchanged(f"{kind.folder}/index.md", kinds=(kind.name,))
                 or self.page(kind.index, f"{kind.folder}/index.md", kind=kind, ids=ids)]
        for eid in ids:
            kept = self.entity_page(kind, eid)
            if kept is not None:
                pages.append(kept)
                continue
            ref = Ref(kind.name, eid)
            pages.append(self.page(kind.page, kind.path(eid), kind=kind, id=eid, obj=table[eid], ref=ref,
                                   backlinks=self.backlinks(ref), mentioned=self.mentions(ref)))
        return pages

    def resolution_pages(self, kind: Kind) -> list[Page]:
        c, order = self.content, self.site.chronology()
        pages = [self.unchanged(f"{kind.folder}/index.md", kinds=("resolution",))
                 or self.page(kind.index, f"{kind.folder}/index.md", order=order)]
        for i, rid in enumerate(order):
            kept = self.entity_page(kind, rid, kinds=("resolution",))  # and the previous and next by date
            if kept is not None:
                pages.append(kept)
                continue
            pages.append(self.page(kind.page, kind.path(rid), rid=rid, res=c.resolutions[rid],
                                   prev=order[i - 1] if i else None, next=order[i + 1] if i + 1 < len(order) else None,
                                   mentioned=self.mentions(Ref("resolution", rid)),
                                   involved=self.involved(rid), incoming=self.backlinks(Ref("resolution", rid))))
        return pages

    def actor_pages(self, kind: Kind) -> list[Page]:
        c = self.content
        groups: dict[str, list[str]] = defaultdict(list)
        for aid, actor in sorted(c.actors.items(), key=lambda kv: (kv[1].name.lower(), kv[0])):
            groups[actor.kind].append(aid)
        pages = [self.unchanged(f"{kind.folder}/index.md", kinds=("actor",))
                 or self.page(kind.index, f"{kind.folder}/index.md", groups=groups,
                              labels=self.config.vocabularies.actor_kinds)]
        # One pass instead of a scan of every actor per actor (quadratic at 2,000 actors).
        people_of: dict[str, list[str]] = defaultdict(list)
        for p, a in sorted(c.actors.items()):
            if a.country and a.kind == "person":
                people_of[a.country].append(p)
        for aid, actor in sorted(c.actors.items()):
            kept = self.entity_page(kind, aid)  # its context: the actor, what points at it (people: by country)
            if kept is not None:
                pages.append(kept)
                continue
            ref = Ref("actor", aid)
            pages.append(self.page(kind.page, kind.path(aid), aid=aid, actor=actor,
                                   resolutions=self.backlinks(ref, kind="resolution"),
                                   events=self.backlinks(ref, "event"),
                                   mentioned=self.mentions(ref),
                                   people=people_of.get(aid, []), incoming=self.backlinks(ref)))
        return pages

    def event_pages(self, kind: Kind) -> list[Page]:
        c = self.content
        timeline = self.site.ordered("event")
        led_to = {e: self.backlinks(Ref("event", e), "trigger") for e in timeline}
        index = self.unchanged(f"{kind.folder}/index.md", kinds=("event", "resolution", "article"), pointed=("event",))
        if index is None:
            # "Of the time": articles published within 90 days after the event.
            # Articles sorted once, then a bisect per event: not a sort and scan of every article per event.
            by_date = sorted(c.articles, key=lambda a: (c.articles[a].meta.date, a))
            dates = [c.articles[a].meta.date for a in by_date]
            near = {e: by_date[bisect.bisect_left(dates, c.events[e].date):
                               bisect.bisect_right(dates, c.events[e].date + dt.timedelta(days=90))] for e in timeline}
            added = {e: [m.measure for b in led_to[e] for m in c.resolutions[b.source.id].measures
                         if m.change == "introduced"] for e in timeline}
            index = self.page(kind.index, f"{kind.folder}/index.md", timeline=timeline,
                              led_to=led_to, near={e: a[:NEAR_CAP] for e, a in near.items()},
                              near_more={e: max(0, len(a) - NEAR_CAP) for e, a in near.items()}, added=added,
                              svg=derive.timeline_svg(self.site, f"{kind.folder}/index.md"),
                              svg_vertical=derive.timeline_svg_vertical(self.site, f"{kind.folder}/index.md"))
        pages = [index]
        for eid in timeline:
            kept = self.entity_page(kind, eid)
            if kept is not None:
                pages.append(kept)
                continue
            timed = [b for b in self.backlinks(Ref("event", eid)) if b.relation in ("effective", "until")]
            pages.append(self.page(kind.page, kind.path(eid), eid=eid, ev=c.events[eid], led_to=led_to[eid],
                                   timed=timed))
        return pages

    def article_pages(self, kind: Kind) -> list[Page]:
        c = self.content
        articles = sorted(c.articles, key=lambda a: (c.articles[a].meta.date, a), reverse=True)
        pages = [self.unchanged(f"{kind.folder}/index.md", kinds=("article",))
                 or self.page(kind.index, f"{kind.folder}/index.md", articles=articles)]
        for aid in articles:
            kept = self.entity_page(kind, aid)  # its context: the article, the facts citing it, the names (base)
            if kept is not None:
                pages.append(kept)
                continue
            art, cited_by = c.articles[aid], self.backlinks(Ref("article", aid), "cites")
            key = None
            if self.memo is not None:
                # The body is a function of the article and of the names it can mention (link's signature):
                # fingerprint those instead of building the body only to fingerprint it.
                key = self.memo.key(kind.page, kind.path(aid), {"aid": aid, "art": art, "cited_by": cited_by,
                                                                "body": ("body", self.site.signature),
                                                                "excerpts": self.excerpt_anchors(aid),
                                                                "stamp": self.stamp(kind.path(aid)),
                                                                "description": self.description(kind.path(aid))})
                text = self.memo.reuse(kind.path(aid), key)
                if text is not None:
                    pages.append(Page(kind.path(aid), text, self.updated(kind.path(aid))))
                    continue
            excerpts = self.excerpt_anchors(aid)
            pages.append(self.page(kind.page, kind.path(aid), _key=key, aid=aid, art=art,
                                   body=self.article_body(aid, excerpts), cited_by=cited_by, excerpts=excerpts,
                                   paragraphs=len(art.paragraphs)))
        return pages

    def measure_pages(self, kind: Kind) -> list[Page]:
        c = self.content
        measures = sorted(c.measures, key=lambda m: (c.measures[m].order, m))
        pages = [self.unchanged(f"{kind.folder}/index.md", kinds=("measure", "resolution", "event"))
                 or self.page(kind.index, f"{kind.folder}/index.md", measures=measures,
                              matrix=self.matrix_groups(), order=self.site.chronology())]
        for mid in measures:
            kept = self.entity_page(kind, mid, kinds=("resolution", "event"))  # its history, from the resolutions
            if kept is not None:
                pages.append(kept)
                continue
            pages.append(self.page(kind.page, kind.path(mid), mid=mid, measure=c.measures[mid],
                                   history=derive.measure_history(self.site, mid),
                                   chart=derive.cap_chart(self.site, mid)))
        return pages

    def excerpt_anchors(self, aid: str) -> list[str] | None:
        """The anchors of the paragraphs an excerpts build publishes, in text order; None for the full text."""
        if self.excerpts is None:
            return None
        quoted = self.excerpts.get(aid, set())
        return [p.anchor for p in self.content.articles[aid].paragraphs if p.anchor in quoted]

    def article_body(self, aid: str, excerpts: list[str] | None = None) -> Markup:
        """The article text, escaped, with first mentions per section linked and ``{ #pN }`` anchors.

        With ``excerpts`` (anchors), only those paragraphs, each followed by its number and a link to the original.
        """
        article = self.content.articles[aid]
        page = Ref("article", aid).path
        by_para: dict[int, list] = defaultdict(list)
        for m in self.site.mentions.get(aid, []):
            if (aid, m.paragraph.number, m.start) in self.site.linked:
                by_para[m.paragraph.number].append(m)
        keep = None if excerpts is None else set(excerpts)
        if keep is not None:
            total, url = len(article.paragraphs), article.meta.url
            where = (f"[in the original at {md(article.meta.outlet)}]({safe_url(url)})" if url
                     else "the original is not online")
        out = []
        for block in article.blocks:
            if keep is not None and (block.heading or block.anchor not in keep):
                continue
            if block.heading:
                out.append(f"## {md(block.text)}")
                continue
            pos, parts = 0, []
            for m in sorted(by_para[block.number], key=lambda m: m.start):
                parts.append(md(block.text[pos:m.start]) if pos < m.start else "")
                parts.append(str(self.ref_link(page, m.target, m.text)))
                pos = m.end
            parts.append(md(block.text[pos:]))
            # md() escapes line-start markers for each piece; only the first piece starts the line.
            out.append("".join(parts) + f"\n{{: #{block.anchor} }}")
            if keep is not None:
                out.append(f"*¶{block.number} of {total}, {where}*{{: .briefing-excerpt-source }}")
        return Markup("\n\n".join(out))


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HEADING = re.compile(r"^(#{1,5}) ", re.M)
# A footnote reference or definition label: ``[^3]`` not preceded by an escaping backslash.
_FOOTNOTE = re.compile(r"(?<!\\)((?:\\\\)*)\[\^(\d+)\]")
_PREVNEXT = re.compile(r'^<nav class="briefing-prevnext"[^>\n]*>\n.*?^</nav>\n?', re.M | re.S)
_TITLE = re.compile(r"^## .+$", re.M)  # a page's title once its headings are one level down
_ANCHOR = re.compile(r"^\{: #([a-z0-9-]+) \}$", re.M)  # attr_list ids: paragraph and change anchors


def for_print(text: str, name: str) -> str:
    """One generated page as a part of a print view (see :meth:`Renderer.print_view`)."""
    text = _FRONT_MATTER.sub("", text, count=1).strip("\n")
    text = _PREVNEXT.sub("", text)  # links to the neighbouring pages, which follow on the same page
    text = _HEADING.sub(r"#\1 ", text)
    text = _TITLE.sub(lambda m: f"{m.group(0)} {{: #{name} }}", text, count=1)  # the contents list's target
    text = _FOOTNOTE.sub(lambda m: f"{m.group(1)}[^{name}--{m.group(2)}]", text)
    return _ANCHOR.sub(lambda m: f"{{: #{name}--{m.group(1)} }}", text)


def render(site: LinkedSite, cache: Cache | None = None, history: History | None = None) -> list[Page]:
    """Render every page of the site, sorted by path.

    With a ``cache`` (:class:`generator.incremental.Cache`), a page whose
    fingerprint is the one stored there is not rendered again: its stored text
    is used. ``history`` (:func:`generator.history.read_history`) dates the pages
    and fills the "What changed" page and the feed; without it they say none was read.
    """
    # The project config (briefing.yml) shapes every page: it is part of every fingerprint, and so are
    # the templates, the project's own (templates/) first.
    code = "+".join(code_digest(d) for d in template_dirs(site.content.project))
    config = repr(site.content.config)
    # What every page shares besides the code and config (PageMemo.unchanged): the history, the names and
    # instruments articles can mention. An excerpts build also shares which paragraphs facts quote: no shortcut.
    base = (digest(config, repr(history), site.signature)
            if site.signature and site.content.config.publish.article_text != "excerpts" else None)
    memo = PageMemo(cache, code + digest(config), site.content, lambda key: site.title(Ref(*key)),
                    base, points_at, site.mentions) if cache is not None else None
    return Renderer(site, memo, history).render()


def points_at(tables: dict[str, dict], mentions: dict[str, list], key: tuple[str, str]) -> set[tuple[str, str]]:
    """The entities the entity ``key`` refers to (any reference field, its article sources) or, for an
    article, mentions, as ``tables`` and ``mentions`` (:attr:`LinkedSite.mentions`) of one run show it."""
    kind, eid = key
    obj = tables.get(kind, {}).get(eid)
    out: set[tuple[str, str]] = set()
    if obj is None:
        return out
    for _loc, refers, target, _relation in references(obj):
        if target is not None:
            out.add((refers.kind, target))
    for _loc, src in walk_sources(obj):
        if isinstance(src, ArticleSource):
            out.add(("article", src.article))
    if kind == "article":
        out.update((m.target.kind, m.target.id) for m in mentions.get(eid, ()))
    return out


__all__ = ["render", "Page", "day", "stamp_line"]
