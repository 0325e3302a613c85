"""Random edits to a project (content, theme template, mkdocs.yml) for the incremental-build equivalence tests.

Every kind of edit the issue names: add, change, rename and delete an article,
an actor, a resolution, a template and the config. Renames also rewrite every
reference to the old name, so the content stays valid. A "retitle" changes the
name other pages show in their links to an entity (a link reads only the title).

Templates: the project's own ``templates/`` overrides the generator's
``actor.md.j2`` with a copy that includes a partial (added, its text changed,
renamed with its include, deleted), and ``change_template`` also edits the
MkDocs theme's ``theme/main.html``. Config: ``mkdocs.yml`` (changed, renamed:
``Editor.config`` is the file to build with) and ``briefing.yml`` (added and
changed, deleted: the defaults apply again).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ARTICLE = """---
title: Extra article {n}
outlet: Test Wire
date: 2016-04-{day:02d}
authors: []
url: https://example.org/news/extra-{n}
language: en
---

China and the DPRK were named in a note on resolution 2270, number {n}.

A second paragraph mentions Wang Yi and Beijing.
"""

ACTOR = """# yaml-language-server: $schema=../../schema/actor.schema.json
name: Extra Person {n}
kind: person
country: china
summary: A person added by edit {n}.
sources:
  - url: https://www.un.org/en/about-us/member-states
    title: Member States
"""


def _replace_everywhere(content: Path, old: str, new: str) -> None:
    rx = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for path in sorted(content.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if rx.search(text):
                path.write_text(rx.sub(new, text), encoding="utf-8")


class Editor:
    """Applies random edits to ``project`` (which holds content/, theme/ and mkdocs.yml)."""

    def __init__(self, project: Path, seed: int):
        self.project, self.content = project, project / "content"
        self.rng = random.Random(seed)
        self.n = 0
        self.added: dict[str, list[str]] = {"article": [], "actor": [], "resolution": [], "template": []}
        self.config = project / "mkdocs.yml"  # renamed by rename_config: build with ``-f editor.config``
        self.log: list[str] = []

    def _next(self) -> int:
        self.n += 1
        return self.n

    # -- articles ------------------------------------------------------------------
    def add_article(self) -> None:
        n = self._next()
        aid = f"2016-04-{1 + n % 28:02d}-extra-{n}"
        (self.content / "articles" / f"{aid}.md").write_text(ARTICLE.format(n=n, day=1 + n % 28), encoding="utf-8")
        self.added["article"].append(aid)

    def change_article(self) -> None:
        path = self.rng.choice(sorted((self.content / "articles").glob("*.md")))
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"\nAn added paragraph {self._next()} about China.\n")

    def rename_article(self) -> None:
        old = self.rng.choice(self.added["article"])
        new = f"{old[:10]}-renamed-{self._next()}"
        (self.content / "articles" / f"{old}.md").rename(self.content / "articles" / f"{new}.md")
        _replace_everywhere(self.content, old, new)
        self.added["article"][self.added["article"].index(old)] = new

    def delete_article(self) -> None:
        old = self.rng.choice(self.added["article"])
        (self.content / "articles" / f"{old}.md").unlink()
        self.added["article"].remove(old)

    def retitle_article(self) -> None:
        """Its title, which the pages of the entities it mentions list it by."""
        _retitle(self.content / "articles" / f"{self.rng.choice(self.added['article'])}.md", "title", self._next())

    # -- actors --------------------------------------------------------------------
    def add_actor(self) -> None:
        n = self._next()
        (self.content / "actors" / f"extra-person-{n}.yaml").write_text(ACTOR.format(n=n), encoding="utf-8")
        self.added["actor"].append(f"extra-person-{n}")

    def change_actor(self) -> None:
        path = self.content / "actors" / "china.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("summary: ", f"summary: Edit {self._next()}. ", 1), encoding="utf-8")

    def rename_actor(self) -> None:
        old = self.rng.choice(self.added["actor"])
        new = f"renamed-person-{self._next()}"
        (self.content / "actors" / f"{old}.yaml").rename(self.content / "actors" / f"{new}.yaml")
        self.added["actor"][self.added["actor"].index(old)] = new

    def delete_actor(self) -> None:
        old = self.rng.choice(self.added["actor"])
        (self.content / "actors" / f"{old}.yaml").unlink()
        self.added["actor"].remove(old)

    def retitle_actor(self) -> None:
        """Its name, which its country's page lists its people by."""
        _retitle(self.content / "actors" / f"{self.rng.choice(self.added['actor'])}.yaml", "name", self._next())

    # -- resolutions -----------------------------------------------------------------
    def add_resolution(self) -> None:
        number = str(2300 + self._next())
        text = (self.content / "resolutions" / "2270.yaml").read_text(encoding="utf-8")
        text = text.replace("S/RES/2270 (2016)", f"S/RES/{number} (2016)").replace("Resolution 2270", f"Resolution {number}")
        text = text.replace("date: 2016-03-02", "date: 2016-11-30")
        (self.content / "resolutions" / f"{number}.yaml").write_text(text, encoding="utf-8")
        self.added["resolution"].append(number)

    def change_resolution(self) -> None:
        path = self.content / "resolutions" / "2270.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("summary: ", f"summary: Edit {self._next()}. ", 1), encoding="utf-8")

    def rename_resolution(self) -> None:
        old = self.rng.choice(self.added["resolution"])
        new = str(2400 + self._next())
        path = self.content / "resolutions" / f"{old}.yaml"
        text = path.read_text(encoding="utf-8").replace(f"S/RES/{old}", f"S/RES/{new}").replace(f"Resolution {old}", f"Resolution {new}")
        path.unlink()
        (self.content / "resolutions" / f"{new}.yaml").write_text(text, encoding="utf-8")
        self.added["resolution"][self.added["resolution"].index(old)] = new

    def delete_resolution(self) -> None:
        old = self.rng.choice(self.added["resolution"])
        (self.content / "resolutions" / f"{old}.yaml").unlink()
        self.added["resolution"].remove(old)

    def retitle_resolution(self) -> None:
        """Its title, which the pages of its measures, triggers and actors link to it by."""
        _retitle(self.content / "resolutions" / f"{self.rng.choice(self.added['resolution'])}.yaml", "title", self._next())

    # -- templates -------------------------------------------------------------------------
    def add_template(self) -> None:
        """An override of the generator's actor template in the project's templates/, including a partial."""
        n = self._next()
        own = self.project / "templates"
        own.mkdir(exist_ok=True)
        text = (_package_templates() / "actor.md.j2").read_text(encoding="utf-8")
        assert "\n# {{ actor.name }}\n" in text
        for old in self.added["template"]:
            (own / old).unlink()
        partial = f"_extra-{n}.md.j2"
        (own / partial).write_text(f"Noted by the project's template, version {n}.\n", encoding="utf-8")
        (own / "actor.md.j2").write_text(
            text.replace("\n# {{ actor.name }}\n", f'\n# {{{{ actor.name }}}}\n\n{{% include "{partial}" %}}\n', 1),
            encoding="utf-8")
        self.added["template"] = [partial]

    def change_template(self) -> None:
        """The MkDocs theme's main.html (an announcement bar on every page) and, if there is one, the override's partial."""
        n = self._next()
        path = self.project / "theme" / "main.html"
        text = path.read_text(encoding="utf-8")
        block = f"{{% block announce %}}Theme edit {n}{{% endblock %}}"
        edited = re.sub(r"\{% block announce %\}Theme edit \d+\{% endblock %\}", block, text, count=1)
        path.write_text(edited if edited != text else f"{text.rstrip()}\n{block}\n", encoding="utf-8")
        for partial in self.added["template"]:
            (self.project / "templates" / partial).write_text(f"Noted by the project's template, edit {n}.\n",
                                                              encoding="utf-8")

    def rename_template(self) -> None:
        """The override's partial, and the include that names it."""
        own = self.project / "templates"
        old = self.added["template"][0]
        new = f"_renamed-{self._next()}.md.j2"
        (own / old).rename(own / new)
        override = own / "actor.md.j2"
        override.write_text(override.read_text(encoding="utf-8").replace(f'"{old}"', f'"{new}"'), encoding="utf-8")
        self.added["template"] = [new]

    def delete_template(self) -> None:
        """The override and its partial: the generator's own template applies again."""
        own = self.project / "templates"
        (own / "actor.md.j2").unlink()
        for partial in self.added["template"]:
            (own / partial).unlink()
        self.added["template"] = []

    # -- config -------------------------------------------------------------------------------
    def change_config(self) -> None:
        text = self.config.read_text(encoding="utf-8")
        # The footer's copyright line, on every page (the title and description are briefing.yml's).
        line = f"copyright: Edited {self._next()}."
        edited = re.sub(r"^copyright: .*$", line, text, count=1, flags=re.M)
        self.config.write_text(edited if edited != text else f"{text.rstrip()}\n{line}\n", encoding="utf-8")

    def rename_config(self) -> None:
        """mkdocs.yml under another name; the tests build with ``-f`` :attr:`config`."""
        new = self.project / f"mkdocs-{self._next()}.yml"
        self.config.rename(new)
        self.config = new

    def change_briefing(self) -> None:
        """The project config, briefing.yml next to content/ (written on first use; the defaults before)."""
        n = self._next()
        (self.project / "briefing.yml").write_text(
            f"title: Test briefing {n}\ndate_note: Dates are local, edit {n}.\n", encoding="utf-8")

    def delete_briefing(self) -> None:
        """briefing.yml removed (written first if there is none): the defaults apply again."""
        path = self.project / "briefing.yml"
        if not path.exists():
            self.change_briefing()
        path.unlink()

    # -- schedules ---------------------------------------------------------------------
    #: Every edit, once each per schedule; edits that need an added entity of their kind get one first.
    EDITS = ([f"{verb}_{kind}" for kind in ("article", "actor", "resolution")
              for verb in ("add", "change", "rename", "delete", "retitle")]
             + [f"{verb}_template" for verb in ("add", "change", "rename", "delete")]
             + ["change_config", "rename_config", "change_briefing", "delete_briefing"])

    def batches(self, size: int = 3) -> list[list[str]]:
        """Every edit once, in a random order that adds before it renames or deletes, in batches of 1 to ``size``
        (the :data:`SOLO` edits alone)."""
        todo = list(self.EDITS)
        self.rng.shuffle(todo)
        # Adds first among their kind: move each add before the rename/delete of the same kind.
        order: list[str] = []
        for name in todo:
            verb, kind = name.split("_", 1)
            if verb in NEEDS_ONE and kind in self.added and f"add_{kind}" not in order:
                order.append(f"add_{kind}")
            if name not in order:
                order.append(name)
        # An edit that every page depends on (the theme, the config) is a batch of its own: next to another
        # edit, the full rebuild it causes would hide whether that edit alone rebuilds what it should.
        out: list[list[str]] = []
        while order:
            if order[0] in SOLO:
                out.append([order.pop(0)])
                continue
            k = self.rng.randint(1, size)
            batch = []
            while order and len(batch) < k and order[0] not in SOLO:
                batch.append(order.pop(0))
            out.append(batch)
        return out

    def apply(self, names: list[str]) -> None:
        for name in names:
            verb, kind = name.split("_", 1)
            if verb in NEEDS_ONE and kind in self.added and not self.added[kind]:
                getattr(self, f"add_{kind}")()
                self.log.append(f"add_{kind}")
            getattr(self, name)()
            self.log.append(name)


#: Edits that work on an entity (or template) that an earlier edit added.
NEEDS_ONE = ("rename", "delete", "retitle")
#: Edits that change what every page depends on; each is a batch of its own.
SOLO = frozenset({"change_template", "change_config", "rename_config", "change_briefing", "delete_briefing"})


def _retitle(path: Path, field: str, n: int) -> None:
    text = path.read_text(encoding="utf-8")
    edited = re.sub(rf"^{field}: (.*)$", lambda m: f"{field}: {m.group(1)} retitled {n}", text, count=1, flags=re.M)
    assert edited != text, (path, field)
    path.write_text(edited, encoding="utf-8")


def _package_templates() -> Path:
    from generator import render

    return render.TEMPLATES
