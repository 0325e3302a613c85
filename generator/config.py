"""The briefing project's config, ``briefing.yml``: everything topic-specific, in one file.

A briefing project is a folder holding ``content/`` and ``briefing.yml``. The
file is read like every fact file (line numbers, one message per problem) and
has an exported JSON Schema (``schema/briefing.schema.json``). Without it, the
defaults below apply: the UN Security Council as the one issuing body, UN
documents and un.org pages as primary sources, and neutral wording.

While fact files are validated, the active config is reachable through
:func:`current`, so the schema's validators (vocabularies, vote sizes,
identifiers, allowed hosts) check against this briefing's settings.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

Label = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Prose = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    return value


Regex = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_regex)]


def _edit_url(value: str) -> str:
    if "{path}" not in value:
        raise ValueError("put {path} where the file's path goes, e.g. https://github.com/ORG/REPO/edit/main/{path}")
    return value


EditUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s/]+/\S*$", max_length=500),
                    AfterValidator(_edit_url)]


class Setting(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


# --- issuing bodies ------------------------------------------------------------------


class Identifier(Setting):
    """How an instrument of this body is identified (its `symbol:`)."""

    pattern: Regex = r"^S/(RES/\d+ \(\d{4}\)|\d{4}/\d+)$"
    """Regular expression a `symbol:` must match."""
    name: Label = "UN symbol"
    """What the identifier is called in messages, e.g. "CELEX number"."""
    example: Label = "S/RES/2270 (2016) for a resolution or S/2022/431 for a draft"
    """An example shown when a symbol does not match."""
    required_when_passed: bool = True
    """Whether an instrument with a passing outcome must give its symbol."""


class Mention(Setting):
    """A way articles refer to an instrument of this body; each match links to its page."""

    pattern: Regex
    """Regular expression; its first group is turned into the instrument's id through `id`."""
    id: Label = "{1}"
    """The instrument id, from the pattern's groups: {1}, {2}... e.g. "eu-{1}-{2}"."""
    hints: list[Label] = []
    """Optional: strings every match contains; paragraphs without any are not searched (faster)."""
    label: Label = "resolution"
    """What an unknown match is called in the warning, e.g. "article mentions resolution 9999"."""


class LegalBasis(Setting):
    """The field that records an instrument's legal basis, and its label."""

    field: Literal["chapter_vii", "legal_basis"] = "chapter_vii"
    """`chapter_vii` (true/false: the Security Council acting under Chapter VII) or `legal_basis` (free text)."""
    label: Label = "Chapter VII"
    """Row label on instrument pages and column title of the index."""


class Body(Setting):
    """An issuing body: the Security Council, the Council of the EU, a national legislature."""

    name: Label = "UN Security Council"
    """Full name."""
    short: Label = "Council"
    """Short name used in messages ("the Council's 15 members")."""
    size: Annotated[int, Field(ge=1, le=100_000)] | None = 15
    """Number of members who vote; vote counts may not add up to more. null: no limit."""
    identifier: Identifier = Identifier()
    mentions: list[Mention] = [Mention(pattern=r"\b(?:[Rr]esolutions?|UNSCR|UNSC [Rr]esolution|S/RES/)\s?(\d{3,4})\b",
                                       hints=["esolution", "UNSCR", "S/RES/"])]
    legal_basis: LegalBasis = LegalBasis()
    date_place: Label | None = "New York"
    """Where instruments are dated, shown after the date on their pages: "(New York)". On the default body it
    also labels an event's `date_at_seat` ("New York date"). null: not shown."""


# --- vocabularies ----------------------------------------------------------------------


class EventKind(Setting):
    """One kind of event."""

    colour: Colour = "#546e7a"
    """Its dot on the timeline."""
    date_note: Label = "local date"
    """What the date is, shown after it on the event page, e.g. "local date"."""


class Outcome(Setting):
    """One outcome of an instrument."""

    passed: bool
    """Whether it took effect (adopted, enacted) or not (vetoed, failed, withdrawn)."""
    verb: Label
    """Infobox label for its date, e.g. "Adopted"."""
    note: Label | None = None
    """Added after the title on its page and in the index, e.g. "vetoed draft"."""
    short: Label | None = None
    """Label of its column in the matrix and mark on the timeline, with the year, e.g. "veto" -> "veto 2022"."""


_DEFAULT_EVENTS = {"nuclear-test": "#c62828", "missile-launch": "#ef6c00", "satellite-launch": "#f9a825",
                   "meeting": "#1565c0", "statement": "#6a1b9a", "sanctions": "#2e7d32", "veto": "#000000",
                   "other": "#546e7a"}


class Vocabularies(Setting):
    """The words fact files may use. Each key is what editors write; the value is how the site shows it."""

    actor_kinds: dict[Label, Label] = {"state": "States", "territory": "Territories", "person": "People",
                                       "un-body": "UN bodies", "organisation": "Organisations"}
    """Actor `kind:` values, with their heading on the actors index (in this order)."""
    event_kinds: dict[Label, EventKind] = {k: EventKind(colour=c) for k, c in _DEFAULT_EVENTS.items()}
    """Event `kind:` values, with their timeline colour and date note."""
    measure_groups: list[Label] = ["arms", "nonproliferation", "trade", "finance", "transport", "people",
                                   "designations", "other"]
    """Measure `group:` values."""
    roles: dict[Label, Label] = {"drafter": "drafter", "co-sponsor": "co-sponsor", "negotiator": "negotiator",
                                 "voted-for": "voted for", "voted-against": "voted against",
                                 "abstained": "abstained", "vetoed": "vetoed", "other": "involved"}
    """Roles an actor can play in an instrument (`actors: - role:`), with how pages say them."""
    outcomes: dict[Label, Outcome] = {
        "adopted": Outcome(passed=True, verb="Adopted"),
        "vetoed": Outcome(passed=False, verb="Vetoed", note="vetoed draft", short="veto"),
    }
    """Instrument `outcome:` values."""
    labels: dict[Label, Label] = {"event": "took part", "trigger": "trigger", "stance": "stance recorded"}
    """How other relations read on pages (roles have their own labels above)."""


# --- sources ----------------------------------------------------------------------------


class HostGroup(Setting):
    """Hosts whose pages are primary sources, and how their footnotes start."""

    hosts: list[Label]
    """Domains; their subdomains are included (un.org covers press.un.org)."""
    label: Label
    """Footnote prefix, e.g. "United Nations"."""


class DocumentScheme(Setting):
    """Official documents cited by identifier (`document:`)."""

    pattern: Regex
    """Regular expression a `document:` must match, e.g. ^[AES]/[A-Z0-9] for UN symbols."""
    url: Label
    """Link for a document without its own url: {document} is the identifier, {compact} without spaces."""
    example: Label
    """Shown when no scheme matches."""


class LanguageCheck(Setting):
    """A warning when a link to a primary document opens a translation instead of the English page."""

    document_hosts: list[Label] = ["docs.un.org", "undocs.org", "documents.un.org", "documents-dds-ny.un.org",
                                   "digitallibrary.un.org", "daccess-ods.un.org"]
    """Hosts that serve documents, their subdomains included."""
    document_path: Regex = r"/s/res/|/res/\d|/doc/undoc/"
    """Path pattern (case ignored) that marks a document page on any other primary host."""
    other_languages: list[Label] = ["ar", "zh", "fr", "ru", "es"]
    """Language codes, as they appear as path segments (/zh/, /securitycouncil/fr/), of other languages."""
    query_initials: list[Label] = ["a", "c", "f", "r", "s", "z"]
    """First letters of a `lang=` or `language=` query value that mean another language (Lang=F)."""


#: Secondary publishers of a briefing that lists none: wires, major newspapers and broadcasters, research
#: institutes, and the US and UK governments' sites.
DEFAULT_PUBLISHERS: dict[str, list[str]] = {
    "U.S. Department of State": ["state.gov"],
    "U.S. Department of the Treasury": ["treasury.gov"],
    "The White House": ["whitehouse.gov"],
    "U.S. Government Publishing Office": ["govinfo.gov"],
    "U.S. Congress": ["congress.gov"],
    "UK Government": ["gov.uk"],
    "Reuters": ["reuters.com"],
    "Associated Press": ["apnews.com"],
    "Agence France-Presse": ["afp.com"],
    "BBC News": ["bbc.com", "bbc.co.uk"],
    "The New York Times": ["nytimes.com"],
    "The Washington Post": ["washingtonpost.com"],
    "The Guardian": ["theguardian.com"],
    "CNN": ["cnn.com"],
    "NPR": ["npr.org"],
    "Al Jazeera": ["aljazeera.com"],
    "Voice of America": ["voanews.com"],
    "Security Council Report": ["securitycouncilreport.org"],
    "Arms Control Association": ["armscontrol.org"],
    "Council on Foreign Relations": ["cfr.org"],
    "Center for Strategic and International Studies": ["csis.org"],
    "Congressional Research Service": ["crsreports.congress.gov"],
    "Nuclear Threat Initiative": ["nti.org"],
    "European Council on Foreign Relations": ["ecfr.eu"],
}


class SourcePolicy(Setting):
    """Which sources are allowed, and how footnotes label them."""

    primary: list[HostGroup] = [HostGroup(hosts=["un.org"], label="United Nations")]
    """Hosts cited by `url:` + `title:` as primary sources."""
    documents: list[DocumentScheme] = [DocumentScheme(pattern=r"^[AES]/[A-Z0-9]", url="https://docs.un.org/en/{compact}",
                                                      example="S/RES/2270 (2016) or S/2022/431")]
    """Identifier schemes for `document:` sources."""
    secondary_publishers: dict[Label, list[Label]] = DEFAULT_PUBLISHERS
    """Allowed publishers of secondary sources: the name editors write in `publisher:` -> its hosts (subdomains
    included). Propose a new one in the pull request that first cites it."""
    primary_label: Label = "Primary source"
    """Footnote prefix of a primary source: a `document:`, or a `url:` page on a primary host."""
    primary_name: Label = "UN"
    """What the primary sources are called in `check`'s coverage ("facts by kind of source: ... UN 120") and in
    the note on a fact with secondary sources only ("no UN document or quoted article confirms it")."""
    secondary_label: Label = "Secondary source"
    """Footnote prefix of a secondary source."""
    document_label: Label = "document"
    """What a `document:` source is called in messages."""
    language_check: LanguageCheck | None = LanguageCheck()
    """Which document links `check` warns about when they open another language's page; null: none."""

    def primary_hosts(self) -> list[str]:
        return [h for group in self.primary for h in group.hosts]

    def host_group(self, url: str) -> HostGroup | None:
        """The primary host group a URL's host belongs to (subdomains included), or None."""
        host = (urlsplit(url).hostname or "").lower()
        return next((g for g in self.primary if any(host == h or host.endswith("." + h) for h in g.hosts)), None)


# --- the whole file -----------------------------------------------------------------------


class Texts(Setting):
    """The site's own wording. Plain text: it is escaped like content."""

    instrument: Label = "resolution"
    """What one instrument is called in headings and tables ("resolution", "instrument", "act")."""
    instruments: Label = "resolutions"
    """The plural."""
    home_heading: Label = "A sourced briefing"
    """Heading of the home page."""
    home_intro: Prose = ("This site sets out what each instrument did, who pushed for it, and who says so. "
                         "Every fact carries a footnote to an article paragraph or a primary document.")
    """First paragraph of the home page; {adopted} becomes the number of instruments that passed."""
    resolutions_intro: Prose = ("Instruments and drafts, oldest first. Votes are given as for–against–abstaining.")
    """First paragraph of the resolutions index."""
    measures_intro: Prose = "The kinds of measure the instruments impose, and how each instrument changed them."
    """First paragraph of the measures index."""
    actors_intro: Prose = ("States, people, bodies and organisations that appear in the instruments and the reporting, "
                           "each person with the latest role a source gives.")
    """First paragraph of the actors index."""
    timeline_intro: Prose = ("Events above the line, votes below; dashed lines join an instrument to the events "
                             "that prompted it.")
    """First paragraph of the timeline; the date note and how to use the timeline follow it."""
    section_rows: dict[Label, Label] = {
        "resolutions": "instruments and drafts, with votes and measures",
        "measures": "kinds of measure, and the measure × instrument matrix",
        "events": "events", "actors": "states, people and bodies",
        "designations": "individuals, entities and vessels listed",
        "articles": "news articles and analyses, cross-linked"}
    """What each section of the home page's table holds, after its count, by folder (a section with none is left out)."""
    response_heading: Label = "Response"
    """Heading on an event page over the instruments it prompted."""
    timeline_title: Label = "Timeline of trigger events (above the line) and votes (below)"
    """Accessible title of the timeline picture."""
    about_method: Prose = ("Facts were checked against the primary sources and the cited articles. Where a fact "
                           "could not be confirmed from a source we had read, it was left out rather than guessed.")
    """The About page's "Method and limits": how facts were checked (a link to the editorial report follows)."""


class Publish(Setting):
    """What the built site publishes."""

    article_text: Literal["full", "excerpts"] = "full"
    """`full`: each article's whole text. `excerpts`: only the paragraphs that facts quote, each linking to the
    original, so a public site need not republish whole articles. The offline bundle (`make site`) always holds
    the full text; `briefing build --article-text` overrides this for one build."""
    print_max: Annotated[int, Field(ge=0, le=100_000)] = 100
    """A section with at most this many pages gets a print view (all its pages on one page, linked from its
    index); 0: no print views."""
    home_max: Annotated[int, Field(ge=1, le=100_000)] = 50
    """The home page's table of instruments lists at most this many, the latest by date (in date order), then
    links to the instruments index, which lists them all; so the home page stays small at any size."""


def _site_title(value: str) -> str:
    if re.search(r'[<>"]|&#?\w+;', value):
        raise ValueError('the themes print the title into their HTML as it is: write it without <, > or " and '
                         "without character references such as &amp;")
    return value


class Briefing(Setting):
    """``briefing.yml``: one briefing project's settings. Every key is optional."""

    title: Annotated[Label, AfterValidator(_site_title)] = "Briefing"
    """The site's title, in every page's header and `<title>` (the engine's `site_name`)."""
    description: Prose | None = None
    """One sentence on what the briefing covers: the home page's description (the engine's `site_description`)."""
    texts: Texts = Texts()
    date_note: Prose = "Dates are local dates where things happened; votes are dated where they were held."
    """How dates are to be read: shown on the timeline and on the About page."""
    default_body: Label = "security-council"
    """Body of instruments that do not name one (`body:`)."""
    bodies: dict[Label, Body] = {"security-council": Body()}
    """Issuing bodies by id."""
    vocabularies: Vocabularies = Vocabularies()
    sources: SourcePolicy = SourcePolicy()
    publish: Publish = Publish()
    edit_url: EditUrl | None = None
    """Link behind "Edit this page" on each entity's page, with {path} for its file's path from the project
    folder (e.g. content/resolutions/2270.yaml), e.g. https://github.com/ORG/REPO/edit/main/{path}. Not set:
    no edit link."""

    @field_validator("bodies")
    @classmethod
    def _some_body(cls, value: dict[str, Body]) -> dict[str, Body]:
        if not value:
            raise ValueError("name at least one issuing body")
        return value

    def body(self, name: str | None) -> Body | None:
        return self.bodies.get(name or self.default_body)

    @property
    def seat(self) -> str | None:
        """Where the default body sits (its `date_place`): the place an event's `date_at_seat` is labelled with."""
        body = self.body(None)
        return body.date_place if body else None

    def vocabulary(self, name: str) -> list[str]:
        return list(getattr(self.vocabularies, name))


DEFAULT = Briefing()
_ACTIVE: contextvars.ContextVar[Briefing] = contextvars.ContextVar("briefing", default=DEFAULT)


def current() -> Briefing:
    """The config fact files are being validated against (the defaults outside :func:`active`)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def active(config: Briefing) -> Iterator[Briefing]:
    """Validate against ``config`` inside the block."""
    token = _ACTIVE.set(config)
    try:
        yield config
    finally:
        _ACTIVE.reset(token)


def vocabulary_error(value: Any, name: str) -> Any:
    """Check ``value`` against the active config's vocabulary ``name`` (an AfterValidator)."""
    from pydantic_core import PydanticCustomError

    allowed = current().vocabulary(name)
    if value not in allowed:
        quoted = [repr(a) for a in allowed]
        expected = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
        raise PydanticCustomError("vocabulary", "{value} is not an allowed value",
                                  {"value": repr(value), "expected": expected, "vocabulary": name})
    return value


def Vocab(name: str) -> Any:  # noqa: N802 - reads as a type in annotations
    """A string from the briefing's vocabulary ``name``; its JSON Schema lists the values as an enum."""
    return Annotated[str, AfterValidator(lambda v: vocabulary_error(v, name)),
                     Field(json_schema_extra=lambda s: s.update(enum=current().vocabulary(name)))]
