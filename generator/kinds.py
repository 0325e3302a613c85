"""The kind registry: one row per kind of entity, and nowhere else.

Each row says where a kind's files live under ``content/``, which schema
model reads them, which templates render its pages and its index, and how the
site names it. Loading, validation, linking, rendering, the data downloads, the
CLI and the schema export all read this table; which fields refer to which kinds
is declared on the schema's fields (:class:`generator.schema.Refers`).

To add a kind: write its model in :mod:`generator.schema`, add a row here, and
add its two templates. Its JSON download and schema follow; a CSV table for it
is a row of :data:`generator.export.TABLES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import schema


@dataclass(frozen=True)
class Kind:
    """One kind of entity: a folder of files, a model, a page per entity and an index page."""

    name: str
    """Singular id used in references and messages, e.g. ``resolution``."""
    folder: str
    """Folder under content/ and under the generated site, e.g. ``resolutions``."""
    model: type[schema.Strict]
    """The pydantic model one file is read with."""
    page: str
    """Template for one entity's page."""
    index: str
    """Template for the kind's index page (``<folder>/index.md``)."""
    label: str
    """Plural label, e.g. "resolutions" (counts in `check`)."""
    nav_title: str
    """Title of the kind's section in the navigation."""
    chronological: bool = False
    """Entities are ordered by their ``date``, then id (otherwise by id)."""
    facts: bool = True
    """YAML fact files; False for Markdown articles with front matter."""
    named: bool = False
    """Articles that give an entity's ``name`` or one of its ``aliases`` link to its page (mentions)."""

    def path(self, entity_id: str) -> str:
        """The generated page of one entity, relative to the docs root."""
        return f"{self.folder}/{entity_id}.md"


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("resolution", "resolutions", schema.Resolution, "resolution.md.j2", "resolutions_index.md.j2",
         "resolutions", "Resolutions", chronological=True),
    Kind("event", "events", schema.Event, "event.md.j2", "events_index.md.j2", "events", "Timeline",
         chronological=True),
    Kind("actor", "actors", schema.Actor, "actor.md.j2", "actors_index.md.j2", "actors", "Actors", named=True),
    Kind("measure", "measures", schema.Measure, "measure.md.j2", "measures_index.md.j2", "measures", "Measures"),
    Kind("designation", "designations", schema.Designation, "designation.md.j2", "designations_index.md.j2",
         "designations", "Designations", named=True),
    Kind("article", "articles", schema.ArticleMeta, "article.md.j2", "articles_index.md.j2", "articles", "Articles",
         facts=False),
)}
"""Every kind, in the order the pipeline visits them (backlinks keep this order)."""

BY_FOLDER: dict[str, Kind] = {k.folder: k for k in KINDS.values()}
NAMED_KINDS: tuple[Kind, ...] = tuple(k for k in KINDS.values() if k.named)
FACT_KINDS: tuple[Kind, ...] = tuple(k for k in KINDS.values() if k.facts)
