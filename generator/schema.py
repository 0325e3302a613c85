"""The fact schema: one strict pydantic model per kind of file.

Attribute docstrings become field descriptions in the exported JSON Schema
(``python -m generator schema``), so editors such as VS Code show them while
you type. Unknown keys are rejected (``extra="forbid"``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, Union
from urllib.parse import urlsplit

from pydantic_core import PydanticCustomError
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, StringConstraints,
                      Tag, ValidationInfo, field_validator, model_validator)

from generator.config import Vocab, current

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# An id names output files (`<id>.md`, `<id>.html`) and, inside the offline zip, paths under a top
# folder: 100 characters keeps every such name under the 255 bytes file systems allow.
MAX_ID_LENGTH = 100
# Names Windows reserves in any case and with any extension: a site holding `con.html` cannot be
# unzipped or checked out there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                              *(f"lpt{i}" for i in range(10))})
# Every derived view (the timeline's year axis, long dates, the zip's timestamps) handles these years.
MIN_YEAR, MAX_YEAR = 1900, 2100


def id_problem(value: str) -> tuple[str, str] | None:
    """(error type, message) when ``value`` matches ID_PATTERN but still cannot be an id, else None."""
    if len(value) > MAX_ID_LENGTH:
        return "id_length", f"id is {len(value)} characters long, over the {MAX_ID_LENGTH}-character limit"
    if value in WINDOWS_RESERVED:
        return "id_windows", f"id '{value}' is a name Windows reserves for a device"
    return None


def _check_id(value: str) -> str:
    problem = id_problem(value)
    if problem:
        raise PydanticCustomError(problem[0], problem[1].replace("{", "{{").replace("}", "}}"))
    return value


def _id_from_number(value: Any) -> Any:
    # Editors write `resolution: 2270` unquoted; YAML reads a number. Accept it.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _strict_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PydanticCustomError("date_format", "{value} is not a date written YYYY-MM-DD",
                                  {"value": repr(value)[:80]})
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_invalid", "{value} is not a real calendar date", {"value": value}) from None
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise PydanticCustomError("date_range", "{value} is outside the supported range, years {low} to {high}",
                                  {"value": value, "low": MIN_YEAR, "high": MAX_YEAR})
    return date


# A host name: dot-separated labels of letters, digits and inner hyphens. No `%2f` or `%09` (a browser
# decodes them, so `evil.example%2f.example.org` is not on example.org), no user name (`example.org@evil.example`).
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*")


def _check_http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in value for c in ' <>"\'`\\'):
        raise PydanticCustomError("http_url", "{value} is not a plain http(s):// address", {"value": repr(value)[:80]})
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise PydanticCustomError("url_host", "{value} has a port that is not a number", {"value": repr(value)[:80]})
    if "@" in parts.netloc or not _HOST.fullmatch(parts.hostname or ""):
        raise PydanticCustomError("url_host", "{value} has a host that is not a plain host name",
                                  {"value": repr(value)[:80]})
    return value


def _is_primary_host(url: str) -> bool:
    """Whether ``url`` is on one of the briefing's primary hosts (`sources.primary` in briefing.yml)."""
    return current().sources.host_group(url) is not None


def _primary_hosts() -> str:
    return " or ".join(current().sources.primary_hosts())


def _primary_url_schema(schema: dict) -> None:
    hosts = "|".join(re.escape(h) for h in current().sources.primary_hosts())
    schema["pattern"] = rf"^https?://([A-Za-z0-9-]+\.)*({hosts})(/|$)"


Id = Annotated[str, BeforeValidator(_id_from_number), StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH),
             AfterValidator(_check_id)]
Date = Annotated[dt.date, BeforeValidator(_strict_date)]


def _date_or_id(value: Any) -> Any:
    # A YYYY-MM-DD string is a date (checked strictly); anything else is left for the Id pattern.
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return _strict_date(value)
    if isinstance(value, dt.date) or (isinstance(value, str) and re.fullmatch(ID_PATTERN, value)):
        return value
    raise PydanticCustomError("date_or_event", "{value} is neither a date written YYYY-MM-DD nor an event id",
                              {"value": repr(value)[:80]})


#: A point in time written as a date (YYYY-MM-DD) or as an event id (the event's date).
DateOrEvent = Annotated[Union[dt.date, Id], BeforeValidator(_date_or_id)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=5000, strip_whitespace=True)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]


@dataclass(frozen=True)
class Refers:
    """Field metadata: this field holds the id (or a list of ids) of an entity of ``kind``.

    Declared once on the schema's fields, read by both validation (unknown ids)
    and linking (backlinks). ``relation`` names the backlink the target gets;
    ``relation_from`` takes it instead from a sibling field of the same record
    (a measure change's `change`, a participation's `role`). With neither, the
    reference is checked but makes no backlink.
    """

    kind: str
    relation: str | None = None
    relation_from: str | None = None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True,
                              str_strip_whitespace=True)
    renamed: ClassVar[dict[str, str]] = {}
    """Old field names editors may still write, each with its new name (reported, never accepted)."""


# --- sources -------------------------------------------------------------------------


class ArticleSource(Strict):
    """A paragraph of an article in content/articles, quoted verbatim."""

    article: Annotated[Id, Refers("article")]
    """Article id: the file name without .md, e.g. 2016-03-02-council-adopts-new-sanctions."""
    quote: Annotated[str, StringConstraints(min_length=8, max_length=1500)]
    """Words copied exactly from one paragraph of the article; `check` verifies them."""


class DocumentSource(Strict):
    """An official document cited by its identifier, in one of the briefing's document schemes."""

    document: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    """Document identifier in one of the briefing's schemes (`sources.documents` in briefing.yml)."""
    paragraph: ShortText | None = None
    """Operative paragraph, e.g. "29"."""
    url: str | None = None
    """Optional address of the document, on a primary host."""

    @field_validator("document")
    @classmethod
    def _scheme(cls, value: str) -> str:
        schemes = current().sources.documents
        if not any(re.search(s.pattern, value) for s in schemes):
            raise PydanticCustomError("document_scheme", "{value} is not a document identifier this briefing knows",
                                      {"value": repr(value)[:80],
                                       "examples": "; ".join(s.example for s in schemes) or "none configured"})
        return value

    @field_validator("url")
    @classmethod
    def _un_url(cls, value: str | None) -> str | None:
        if value is not None:
            _check_http_url(value)
            if not _is_primary_host(value):
                raise PydanticCustomError("un_url", "a document url must be on {hosts}, not {host}",
                                          {"host": urlsplit(value).hostname or "?", "hosts": _primary_hosts()})
        return value


class UrlSource(Strict):
    """A page on one of the briefing's primary hosts (press release, news story, document page): a primary source."""

    url: Annotated[str, Field(json_schema_extra=_primary_url_schema)]
    """Address on a primary host or one of its subdomains."""
    title: ShortText
    """The page's title as shown on the page."""
    quote: Annotated[str, StringConstraints(min_length=8, max_length=1500)] | None = None
    """Optional: the sentence of the page that supports the fact, copied exactly."""
    accessed: Date | None = None
    """When the page was read (YYYY-MM-DD)."""

    @field_validator("url")
    @classmethod
    def _un_url(cls, value: str) -> str:
        _check_http_url(value)
        if not _is_primary_host(value):
            raise PydanticCustomError("un_url", "only {hosts} pages may be cited by url, not {host}",
                                      {"host": urlsplit(value).hostname or "?", "hosts": _primary_hosts()})
        return value


# --- the source policy ---------------------------------------------------------------
#
# Documents and pages on the briefing's primary hosts are primary sources. Other reporting is cited either as an
# article (ingested, quoted verbatim and checked) or as a *secondary* source: a page of one of
# the briefing's allowed publishers (briefing.yml `sources.secondary_publishers`: government pages,
# missions' statements, established news organisations, research institutes), labelled "secondary"
# on the site. A publisher's pages must be on one of its hosts (or a subdomain).


#: Kinds of site never accepted as a source, whatever the publisher: (host marker, what it is).
REFUSED_HOSTS: tuple[tuple[str, str], ...] = (
    ("wikipedia.org", "a wiki"), ("wikimedia.org", "a wiki"), ("fandom.com", "a wiki"), ("wiki", "a wiki"),
    ("blogspot.", "a blog"), ("wordpress.com", "a blog"), ("medium.com", "a blog"), ("substack.com", "a blog"),
    ("tumblr.com", "a blog"), ("blog", "a blog"),
    ("reddit.com", "a forum"), ("quora.com", "a forum"), ("forum", "a forum"), ("stackexchange.com", "a forum"),
    ("archive.org", "a mirror"), ("archive.ph", "a mirror"), ("archive.today", "a mirror"), ("archive.is", "a mirror"),
    ("scribd.com", "a mirror"), ("docplayer.", "a mirror"), ("translate.goog", "a mirror"),
)


def publishers() -> dict[str, list[str]]:
    """Allowed secondary publishers and their hosts: briefing.yml's `sources.secondary_publishers`."""
    return current().sources.secondary_publishers


def _host_in(host: str, domains: list[str] | tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def refused_kind(url: str) -> str | None:
    """"a wiki", "a blog", "a forum" or "a mirror" when ``url`` is on such a site, else None."""
    host = (urlsplit(url).hostname or "").lower()
    return next((what for marker, what in REFUSED_HOSTS if marker in host), None)


class SecondarySource(Strict):
    """A page of an allowed publisher, not on a primary host: labelled secondary on the site."""

    url: str
    """Address of the page, on one of the publisher's hosts."""
    title: ShortText
    """The page's title as shown on the page."""
    publisher: Annotated[ShortText, Field(json_schema_extra=lambda s: s.update(enum=list(publishers())))]
    """Who published it, exactly as named in the allowed list (briefing.yml `sources.secondary_publishers`)."""
    quote: Annotated[str, StringConstraints(min_length=8, max_length=1500)] | None = None
    """Optional: the sentence of the page that supports the fact, copied exactly."""
    accessed: Date | None = None
    """When the page was read (YYYY-MM-DD)."""

    @model_validator(mode="before")
    @classmethod
    def _refused(cls, data: Any) -> Any:
        # Before the fields: a wiki page is refused as such, not reported as lacking a publisher.
        url = data.get("url") if isinstance(data, dict) else None
        what = refused_kind(url) if isinstance(url, str) else None
        if what:
            raise PydanticCustomError("refused_source", "{url} is {what}; blogs, forums, wikis and mirrors are not sources",
                                      {"url": url[:80], "what": what})
        return data

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _check_http_url(value)

    @model_validator(mode="after")
    def _allowed(self) -> "SecondarySource":
        hosts = publishers().get(self.publisher)
        if hosts is None:
            close = difflib.get_close_matches(self.publisher, list(publishers()), n=1)
            raise PydanticCustomError("unknown_publisher", "publisher {publisher} is not an allowed publisher{hint}",
                                      {"publisher": repr(self.publisher[:80]),
                                       "hint": f" (did you mean {close[0]!r}?)" if close else ""})
        host = (urlsplit(self.url).hostname or "").lower()
        if not _host_in(host, hosts):
            raise PydanticCustomError("publisher_host", "{host} is not a site of {publisher} ({hosts})",
                                      {"host": host, "publisher": self.publisher, "hosts": ", ".join(hosts)})
        return self


def _source_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("article", "document", "url"):
            if key in value:
                if key == "url" and isinstance(value["url"], str) and not _is_primary_host(value["url"]):
                    return "secondary"
                return key
        return None
    return getattr(value, "__source_kind__", None)


ArticleSource.__source_kind__ = "article"  # type: ignore[attr-defined]
DocumentSource.__source_kind__ = "document"  # type: ignore[attr-defined]
UrlSource.__source_kind__ = "url"  # type: ignore[attr-defined]
SecondarySource.__source_kind__ = "secondary"  # type: ignore[attr-defined]

#: Every kind of source, for isinstance checks.
SOURCE_TYPES = (ArticleSource, DocumentSource, UrlSource, SecondarySource)


def source_class(src: Any) -> str:
    """How a source counts: "article", "primary" (a document, or a page on a primary host) or "secondary"."""
    return {"article": "article", "document": "primary", "url": "primary", "secondary": "secondary"}[
        src.__source_kind__]


Source = Annotated[
    Union[Annotated[ArticleSource, Tag("article")], Annotated[DocumentSource, Tag("document")],
          Annotated[UrlSource, Tag("url")], Annotated[SecondarySource, Tag("secondary")]],
    Discriminator(_source_kind, custom_error_type="source_kind",
                  custom_error_message="a source needs one of `article:` (+ `quote:`), `document:`, or `url:` "
                                       "(+ `title:`, and `publisher:` when not on a primary host)"),
]
Sources = Annotated[list[Source], Field(min_length=1)]


# --- resolutions ---------------------------------------------------------------------

Change = Literal["introduced", "tightened", "expanded", "extended", "relaxed", "ended"]
Stance = Literal["support", "oppose", "abstain", "mixed"]


class Cap(Strict):
    """A numeric limit set by a measure."""

    value: Annotated[float, Field(ge=0)]
    """The figure, e.g. 500000."""
    unit: ShortText
    """Its unit, e.g. barrels per year."""


class MeasureChange(Strict):
    """What one resolution did to one kind of measure."""

    measure: Annotated[Id, Refers("measure", relation_from="change")]
    """Measure id (content/measures/<id>.yaml)."""
    change: Change
    """introduced, tightened, expanded, extended (kept in force for a further period, e.g. a mandate renewal), relaxed or ended."""
    detail: Text
    """What exactly changed: scope, caps with figures and units, exemptions."""
    paragraph: ShortText | None = None
    """Operative paragraph(s) of the resolution, e.g. "29" or "8-9"."""
    cap: Cap | None = None
    """Numeric cap, when the measure sets one."""
    effective: Annotated[DateOrEvent | None, Refers("event", "effective")] = None
    """When the change takes effect, if not on the instrument's date: a date (YYYY-MM-DD) or an event id
    (Implementation Day, say). For `ended`, the last day the measure was in force."""
    until: Annotated[DateOrEvent | None, Refers("event", "until")] = None
    """The last day the change applies (a date or an event id), when it lapses by itself: a mandate's or a
    sunset clause's end. After it the measure is no longer in force unless a later change renews it."""
    sources: Sources


class Vote(Strict):
    """How the issuing body voted (counts up to the body's `size` in briefing.yml)."""

    model_config = ConfigDict(populate_by_name=False)
    for_: Annotated[int | None, Field(alias="for", ge=0)]
    """Members voting in favour; null when no cited source gives the count."""
    against: Annotated[int | None, Field(ge=0)]
    """Members voting against (a permanent member voting against is a veto); null when not sourced."""
    abstain: Annotated[int | None, Field(ge=0)]
    """Members abstaining; null when not sourced."""
    against_members: Annotated[list[Id], Refers("actor", "voted-against")] = []
    """Actor ids of the members voting against."""
    abstaining_members: Annotated[list[Id], Refers("actor", "abstained")] = []
    """Actor ids of the members abstaining."""

    @model_validator(mode="after")
    def _totals(self) -> "Vote":
        # The total against the body's size is checked by Resolution, which knows the body.
        if self.against is not None and len(self.against_members) > self.against:
            raise PydanticCustomError("vote_members", "more against_members listed than the `against` count")
        if self.abstain is not None and len(self.abstaining_members) > self.abstain:
            raise PydanticCustomError("vote_members", "more abstaining_members listed than the `abstain` count")
        return self


class Designations(Strict):
    """How many individuals and entities a resolution added to the sanctions list."""

    individuals: Annotated[int, Field(ge=0)] | None = None
    entities: Annotated[int, Field(ge=0)] | None = None
    sources: Sources


class Participation(Strict):
    """An actor's part in a resolution."""

    actor: Annotated[Id, Refers("actor", relation_from="role")]
    role: Vocab("roles")
    """One of the briefing's roles (vocabularies.roles): drafter, co-sponsor, voted-for, vetoed..."""
    stance: Stance | None = None
    note: ShortText | None = None
    sources: Sources


class Resolution(Strict):
    """An instrument of an issuing body (briefing.yml's `bodies`), or a draft that did not pass."""

    body: Annotated[Id, Field(json_schema_extra=lambda s: s.update(enum=list(current().bodies)))] | None = None
    """Issuing body (an id under `bodies:` in briefing.yml); omitted: the briefing's default body."""
    symbol: Annotated[str, StringConstraints(min_length=1, max_length=120)] | None = None
    """Identifier in the body's scheme (its `identifier` in briefing.yml).
    Required when the outcome passed."""
    title: ShortText
    """Display title, e.g. Resolution 2270 (2016)."""
    date: Date
    """Date of the vote or adoption, where it was held (the body's `date_place`), YYYY-MM-DD."""
    outcome: Vocab("outcomes")
    """One of the briefing's outcomes (vocabularies.outcomes): adopted or vetoed by default."""
    chapter_vii: bool | None = None
    """For a body whose legal-basis field is `chapter_vii`: whether it acted under Chapter VII; omit if not sourced."""
    legal_basis: ShortText | None = None
    """The legal basis as the instrument states it (bodies whose `legal_basis.field` is legal_basis)."""
    summary: Text
    """One or two plain sentences on what it did."""
    triggers: Annotated[list[Id], Refers("event", "trigger")] = []
    """Event ids that prompted it."""
    measures: list[MeasureChange] = []
    designations: Designations | None = None
    actors: list[Participation] = []
    # After `actors`: backlinks follow field order, and an actor's resolution list names its role first.
    vote: Vote
    sources: Sources

    @field_validator("body")
    @classmethod
    def _known_body(cls, value: str | None) -> str | None:
        if current().body(value) is None:
            raise PydanticCustomError("unknown_body", "{value} is not an issuing body of this briefing",
                                      {"value": repr(value), "bodies": ", ".join(current().bodies)})
        return value

    @field_validator("symbol")
    @classmethod
    def _symbol_scheme(cls, value: str | None, info: ValidationInfo) -> str | None:
        body = current().body(info.data.get("body"))
        if value is not None and body is not None and not re.search(body.identifier.pattern, value):
            raise PydanticCustomError("symbol_format", "{value} is not a {name}",
                                      {"value": repr(value)[:80], "name": body.identifier.name,
                                       "example": body.identifier.example})
        return value

    @field_validator("vote")
    @classmethod
    def _vote_size(cls, vote: Vote, info: ValidationInfo) -> Vote:
        body = current().body(info.data.get("body"))
        if body is not None and body.size is not None and \
                (vote.for_ or 0) + (vote.against or 0) + (vote.abstain or 0) > body.size:
            raise PydanticCustomError("vote_total", "for + against + abstain is more than the {short}'s {size} members",
                                      {"short": body.short, "size": body.size})
        return vote

    @model_validator(mode="after")
    def _symbol(self) -> "Resolution":
        body = current().body(self.body)
        outcome = current().vocabularies.outcomes.get(self.outcome)
        if body and outcome and outcome.passed and body.identifier.required_when_passed and not self.symbol:
            raise PydanticCustomError("symbol_missing", "an {outcome} instrument needs its `symbol`",
                                      {"outcome": self.outcome, "example": body.identifier.example})
        return self


# --- events --------------------------------------------------------------------------


class Event(Strict):
    """Something that happened on a date: a test, a launch, a meeting, a statement."""

    kind: Vocab("event_kinds")
    """One of the briefing's event kinds (vocabularies.event_kinds)."""
    title: ShortText
    date: Date
    """Local date where it happened, in the local time of the place (the briefing's date note says which)."""
    date_at_seat: Date | None = None
    """Date at the seat of the briefing's default body (its `date_place` in briefing.yml), only when a source
    gives one that differs from `date`; at most a day apart."""
    place: ShortText | None = None
    actors: Annotated[list[Id], Refers("actor", "event")] = []
    summary: Text
    sources: Sources

    renamed = {"date_new_york": "date_at_seat"}


# --- actors --------------------------------------------------------------------------


class Role(Strict):
    """A dated position held by a person."""

    title: ShortText
    org: Annotated[Id | None, Refers("actor")] = None
    """Actor id of the organisation or state, if it has a page."""
    start: Date | None = None
    end: Date | None = None
    attested: list[Date] = []
    """Dates on which a cited source shows the role held."""
    sources: Sources

    @model_validator(mode="after")
    def _dates(self) -> "Role":
        # A role ending before it starts is checked in validate, which can point at the `end:` line.
        if not (self.start or self.attested):
            raise PydanticCustomError("role_undated", "a role needs a date: `start` or at least one `attested` date")
        return self


class Position(Strict):
    """A recorded position of an actor at a date."""

    date: Date
    position: Stance
    resolution: Annotated[Id | None, Refers("resolution", "stance")] = None
    summary: Text
    sources: Sources


class Quote(Strict):
    """Something the actor said, verbatim from a source."""

    text: Annotated[str, StringConstraints(min_length=3, max_length=1500)]
    """The words, exactly as the source prints them."""
    date: Date
    """When the source reported it (usually the article's date); sources rarely give the day it was said."""
    sources: Sources


class Actor(Strict):
    """A state, person, body or other organisation."""

    name: ShortText
    kind: Vocab("actor_kinds")
    """One of the briefing's actor kinds (vocabularies.actor_kinds)."""
    aliases: list[ShortText] = []
    """Other names used in articles; each links to this page when mentioned."""
    country: Annotated[Id | None, Refers("actor")] = None
    summary: Text
    roles: list[Role] = []
    stances: list[Position] = []
    quotes: list[Quote] = []
    sources: Sources


# --- measures ------------------------------------------------------------------------


class Measure(Strict):
    """A kind of sanction (a row of the measure matrix)."""

    name: ShortText
    group: Vocab("measure_groups")
    """One of the briefing's measure groups (vocabularies.measure_groups)."""
    description: Text
    order: int = 1000
    """Sort key for the matrix rows."""
    sources: Sources


# --- designations --------------------------------------------------------------------


class Designation(Strict):
    """An individual, entity or vessel that an instrument listed (asset freeze, travel ban, port entry ban)."""

    name: ShortText
    """The name as the listing gives it."""
    kind: Literal["individual", "entity", "vessel"]
    aliases: list[ShortText] = []
    """Other names the listing or the cited sources give."""
    imo: Annotated[str, StringConstraints(pattern=r"^\d{7}$")] | None = None
    """A vessel's seven-digit IMO number."""
    listed_on: Date
    """Date of the listing (the instrument's date when it listed the designation itself)."""
    listed_by: Annotated[Id, Refers("resolution", "designated")]
    """Id of the instrument (content/resolutions/<id>.yaml) that listed it."""
    actors: Annotated[list[Id], Refers("actor", "designated")] = []
    """Actor ids it belongs to or is part of, e.g. the state; each actor page lists it."""
    summary: Text
    """What the listing or the cited source says it is or does."""
    sources: Sources

    @field_validator("imo")
    @classmethod
    def _imo(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("kind") != "vessel":
            raise PydanticCustomError("imo_not_vessel", "only a vessel has an IMO number (remove `imo:` or set `kind: vessel`)")
        return value


# --- articles ------------------------------------------------------------------------


class ArticleMeta(Strict):
    """Front matter of an article in content/articles/."""

    title: ShortText
    outlet: ShortText
    date: Date
    """Publication date."""
    authors: list[ShortText] = []
    url: str | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")] = "en"
    seed: ShortText | None = None
    """Raw file this article was ingested from."""
    standfirst: Text | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else _check_http_url(value)


# --- JSON Schema ----------------------------------------------------------------------

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(model: type[BaseModel], schema_id: str) -> dict[str, Any]:
    """``model`` as a JSON Schema document named ``schema_id``, with the vocabularies of the active config."""
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": schema_id, **model.model_json_schema(by_alias=True)}


# --- walking records ------------------------------------------------------------------

def walk_sources(obj: Any, loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Yield (loc, source) for every source anywhere inside a record, in field order."""
    if isinstance(obj, SOURCE_TYPES):
        yield loc, obj
    elif isinstance(obj, BaseModel):
        for name, alias, _refers in _fields(type(obj)):
            yield from walk_sources(getattr(obj, name), loc + (alias,))
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from walk_sources(item, loc + (i,))


def references(obj: Any, loc: tuple = ()) -> Iterator[tuple[tuple, Refers, str, str | None]]:
    """Yield (loc, declaration, target id, relation) for every id a record refers to, in field order.

    Article sources are included (``Refers("article")``, no relation): validation
    checks them like any other id; linking adds its own "cites" backlinks.
    """
    if isinstance(obj, BaseModel):
        for name, alias, refers in _fields(type(obj)):
            value = getattr(obj, name)
            if refers is None:
                yield from references(value, loc + (alias,))
                continue
            relation = getattr(obj, refers.relation_from) if refers.relation_from else refers.relation
            if isinstance(value, str):
                yield loc + (alias,), refers, value, relation
            elif isinstance(value, (list, tuple)):
                for i, item in enumerate(value):
                    yield loc + (alias, i), refers, item, relation
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from references(item, loc + (i,))


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str, Refers | None], ...]:
    """(attribute name, YAML key, reference declaration) per field; read once per model."""
    return tuple((name, info.alias or name, next((m for m in info.metadata if isinstance(m, Refers)), None))
                 for name, info in model.model_fields.items())

