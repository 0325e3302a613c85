"""Command line: ``python -m generator check | generate | ingest | schema | build``.

Library errors become one-line messages here, at the edge, and never a
traceback (sqlite-utils style): content problems exit 1, usage errors exit 2.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel

from generator import nochange
from generator.engines import (ARTICLE_TEXT_ENV, DEFAULT_ENGINE, ENGINES, content_dir, engine_command, engine_env,
                               zensical_project)
from generator.errors import ContentError, Problem, Problems
from generator.ingest import ingest_command
from generator.kinds import FACT_KINDS, KINDS
from generator.pipeline import check as run_check
from generator.pipeline import generate as run_generate
from generator.schema import source_class
from generator.write import PublishError, mirror, mirror_record, output_lock, staged, write

SCHEMA_DIR = "schema"


def _engine_option(engines=ENGINES):
    return click.option("--engine", type=click.Choice(engines), default=DEFAULT_ENGINE, show_default=True,
                        help="The build engine: ProperDocs; MkDocs 1.6 (the same site but for the generator tag); "
                             "Zensical (builds the output of `generate`; see the README).")


def _article_text_option(f):
    return click.option("--article-text", type=click.Choice(["full", "excerpts"]), default=None,
                        help="Publish each article in full, or only the paragraphs facts quote (excerpts), each "
                             "linking to the original. Default: publish.article_text in briefing.yml (full).")(f)


def _content_option(f):
    return click.option("--content", "content_dir", default="content", show_default=True,
                        type=click.Path(file_okay=False), help="The content folder.")(f)


def _facts(obj: Any):
    """Every record below ``obj`` that carries ``sources`` (a fact), depth first."""
    if isinstance(obj, BaseModel):
        if "sources" in type(obj).model_fields:
            yield obj
        for name in type(obj).model_fields:
            if name != "sources":
                yield from _facts(getattr(obj, name))
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from _facts(item)


def coverage(content: Any) -> dict[str, int]:
    """Coverage figures ``check`` prints: facts by kind of source, resolutions with Chapter VII status and actors.

    A fact counts once under each kind of source it cites (article, primary, secondary);
    ``secondary_only`` counts the facts whose every source is secondary.
    """
    out = {"facts": 0, "article": 0, "primary": 0, "secondary": 0, "secondary_only": 0}
    for kind in FACT_KINDS:
        for obj in content.table(kind.name).values():
            for fact in _facts(obj):
                kinds = {source_class(src) for src in fact.sources}
                out["facts"] += 1
                for k in kinds:
                    out[k] += 1
                out["secondary_only"] += kinds == {"secondary"}
    res = content.resolutions.values()
    out["resolutions"] = len(content.resolutions)
    out["chapter_vii_known"] = sum(r.chapter_vii is not None for r in res)
    out["with_actors"] = sum(bool(r.actors) for r in res)
    return out


def _count_facts(obj: Any) -> tuple[int, int, int]:
    """(facts, sources, unsourced facts) below ``obj``: a fact is any record that carries `sources`."""
    counts = [len(fact.sources) for fact in _facts(obj)]
    return len(counts), sum(counts), counts.count(0)


def _escape_data(text: str) -> str:
    """Workflow-command message escaping, as in @actions/core's ``escapeData``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Workflow-command property escaping (``file=...``): ``:`` and ``,`` would end the value."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _cell(text: str) -> str:
    """Text made safe for one cell of a Markdown table in the job summary."""
    text = " ".join(text.split()).replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;")


# A flood of problems (5,000 bad files) is cut to the first ones, then a count; the GitHub job summary lists all.
MAX_SHOWN = 200


def _more(rest: list[Problem]) -> str:
    files = len({p.file for p in rest})
    return f"and {len(rest):,} more in {files:,} file{'s' if files != 1 else ''}"


def _report(problems: list[Problem], fmt: str) -> None:
    shown, rest = problems[:MAX_SHOWN], problems[MAX_SHOWN:]
    if fmt == "github":
        # GitHub shows at most 10 annotations of each kind per step; the job summary gets all of them.
        for p in shown:
            level = "error" if p.severity == "error" else "warning"
            msg = _escape_data(p.sentence() + (f" Fix: {p.fix}" if p.fix else ""))
            click.echo(f"::{level} file={_escape_property(p.file)},line={p.line},col={p.col or 1}::{msg}")
        if rest:
            click.echo(f"::notice::{_escape_data(_more(rest))}; the job summary lists them all")
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary and problems:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(f"### Content check: {sum(p.severity == 'error' for p in problems)} errors, "
                         f"{sum(p.severity == 'warning' for p in problems)} warnings\n\n| Where | Level | Problem | Fix |\n|---|---|---|---|\n")
                for p in problems:
                    fh.write(f"| `{p.file}:{p.line}` | {p.severity} | {_cell(p.sentence())} | {_cell(p.fix)} |\n")
    else:
        for p in shown:
            click.echo(p.format(), err=p.severity == "error")
        if rest:
            click.echo(f"{_more(rest)} (fix these first, then check again)", err=any(p.severity == "error" for p in rest))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing-generator")
def cli() -> None:
    """Turn news articles and YAML facts into cross-linked Markdown briefing pages.

    \b
    Examples:
      python -m generator check
      python -m generator generate --out build/docs
      python -m generator ingest raw/story.txt --outlet Reuters --date 2024-03-28
      python -m generator build
    """


@cli.command()
@_content_option
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="text for people; github for GitHub Actions annotations plus a job summary.")
@click.option("--names", is_flag=True, help="Also list names in articles that no fact file knows.")
def check(content_dir: str, fmt: str, names: bool) -> None:
    """Validate the content: schema, references, dates and quotes.

    Prints every problem as FILE:LINE:COL, then counts. Exits 1 on any error.

    \b
    Examples:
      python -m generator check
      python -m generator check --content tests/fixtures/bad/unknown-field
      python -m generator check --format github
      python -m generator check --names
    """
    try:
        site = run_check(content_dir)
    except ContentError as exc:
        _report(exc.problems + exc.warnings, fmt)
        click.echo(f"{len(exc.problems)} error(s) in {content_dir}; nothing was built.", err=True)
        sys.exit(1)
    c = site.content
    warnings = sorted(c.warnings + site.warnings)
    _report(warnings, fmt)
    facts = sources = unsourced = 0
    for kind in FACT_KINDS:
        for obj in c.table(kind.name).values():
            f, s, u = _count_facts(obj)
            facts, sources, unsourced = facts + f, sources + s, unsourced + u
    click.echo("  ".join(f"{kind.label}: {len(c.table(kind.name))}" for kind in KINDS.values()))
    click.echo(f"facts: {facts}  sources: {sources}  unsourced facts = {unsourced}")
    cov = coverage(c)
    click.echo(f"facts by kind of source: article {cov['article']}  {c.config.sources.primary_name} {cov['primary']}  "
               f"secondary {cov['secondary']} "
               f"(secondary only: {cov['secondary_only']})")
    click.echo(f"resolutions with Chapter VII status known: {cov['chapter_vii_known']} of {cov['resolutions']}  "
               f"with actors: {cov['with_actors']} of {cov['resolutions']}")
    click.echo(f"mentions linked: {len(site.linked)}  unknown names: {len(site.unknown_names)}  warnings: {len(warnings)}")
    if names:
        for u in site.unknown_names:
            click.echo(f"  unknown name: {u.name} ({u.count}x, first in {c.articles[u.article].doc.path}:{u.line})")
    click.echo("OK")


@cli.command()
@_content_option
@click.option("--out", "out_dir", default="build/docs", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write the Markdown pages to (replaced as a whole).")
@_article_text_option
def generate(content_dir: str, out_dir: str, article_text: str | None) -> None:
    """Write the generated Markdown pages to a folder.

    The folder is replaced atomically. Use it to build with another engine,
    or to diff what a change does to the pages.

    \b
    Examples:
      python -m generator generate
      python -m generator generate --out /tmp/pages
      python -m generator generate --article-text excerpts
    """
    try:
        result = run_generate(content_dir, article_text=article_text)
        written = write(result.pages, out_dir)
    except ContentError as exc:
        _report(exc.problems, "text")
        sys.exit(1)
    except PublishError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"wrote {len(written)} pages to {out_dir}")
    if result.history.note:
        click.echo(result.history.note)


@cli.command()
@click.option("--out", "out_dir", default=SCHEMA_DIR, show_default=True, type=click.Path(file_okay=False),
              help="Folder for the <kind>.schema.json files (committed; tests compare them with a fresh export).")
@_content_option
def schema(out_dir: str, content_dir: str) -> None:
    """Export the fact schema as JSON Schema files (one per kind, and briefing.schema.json).

    Editors such as VS Code (with the YAML extension) use them through the
    `# yaml-language-server: $schema=...` line at the top of each fact file.
    Lists such as actor kinds or outcomes come from the project's briefing.yml
    (next to the content folder), so run it again after changing that file.

    \b
    Examples:
      python -m generator schema
    """
    from generator.load import CONFIG_FILE, load_config
    from generator.project import export_schema
    from generator.validate import validate_config

    problems = Problems()
    project = Path(content_dir).resolve().parent
    config = validate_config(load_config(project / CONFIG_FILE, project, problems), problems)
    if problems.errors:
        _report(problems.errors, "text")
        sys.exit(1)
    for path in export_schema(Path(out_dir), config):
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("target", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--title", required=True, help="The briefing's title (site name and home heading can be changed later).")
def init(target: str, title: str) -> None:
    """Start a new briefing in DIR: config, sourced examples of each kind, MkDocs setup, README, CI.

    DIR must not hold a briefing yet. It builds at once:

    \b
    Examples:
      python -m generator init ../my-briefing --title "Sanctions on Iran's nuclear programme"
      cd ../my-briefing && python -m generator check && python -m generator build
    """
    from generator.project import InitError
    from generator.project import init as make_project

    try:
        written = make_project(target, title)
    except InitError as exc:
        click.echo(f"{exc}.", err=True)
        sys.exit(2)
    # The interpreter running this command, by its full path: a bare `python` outside the venv lacks the package.
    run = f"{shlex.quote(sys.executable)} -m generator"
    click.echo(f"wrote {len(written)} files to {target}; next: cd {shlex.quote(str(target))} && {run} check "
               f"&& {run} build (replace the EXAMPLE files under content/ with your own)")


@cli.command()
@click.option("--site-dir", default="site", show_default=True, type=click.Path(file_okay=False),
              help="Where the built site goes; replaced only when the build succeeds.")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False),
              help="The MkDocs configuration; its briefing plugin names the content folder.")
@click.option("--clean", is_flag=True, help="Ignore the build cache in .cache/briefing/ and build every page.")
@_engine_option()
@_article_text_option
def build(site_dir: str, config_file: str, clean: bool, engine: str, article_text: str | None) -> None:
    """Build the site with `properdocs build --strict`, swapping it in only on success.

    A failed build leaves the previous site folder untouched. The build runs
    in .cache/briefing/site, and when an earlier build left its state there,
    only the pages whose Markdown changed are built again (the output is the
    same as a clean build's); the result is then copied to the site folder.

    \b
    Examples:
      python -m generator build
      python -m generator build --site-dir /tmp/site
      python -m generator build --clean
      python -m generator build --engine mkdocs
      python -m generator build --engine zensical --site-dir site-zensical
      python -m generator build --article-text excerpts --site-dir site-excerpts
    """
    from generator.incremental import cache_dir, digest, read_state, remove, write_state

    say = lambda message: click.echo(message, err=True)  # noqa: E731
    # One work folder per engine (their pages differ in the generator tag) and for excerpts.
    name = ("site" if engine == DEFAULT_ENGINE else f"site-{engine}") + ("-excerpts" if article_text == "excerpts" else "")
    work = cache_dir(Path(config_file).resolve().parent) / name
    # A build killed while MkDocs wrote into the work folder leaves it half-updated: the next build is clean.
    unfinished = work.parent / f"{name}.building"
    try:
        work.parent.mkdir(parents=True, exist_ok=True)
        with output_lock(work, on_wait=say):  # one build at a time uses the work folder
            dirty = work.is_dir() and not clean and not unfinished.exists()
            published = Path(site_dir).resolve()
            # Nothing the last build read has changed and the site folder is the one it published: a build
            # would make the same bytes again, so the site is left as it is (generator/nochange.py).
            shortcut = engine != "zensical"
            unchanged_record = nochange.record_path(work.parent, work, published)
            build_key = _unchanged_key(engine, article_text, config_file, published) if shortcut else None
            if shortcut and not clean and not unfinished.exists():
                messages = nochange.unchanged(unchanged_record, build_key, published)
                if messages is not None:
                    _relay_mkdocs(messages, site_dir)
                    click.echo(f"built {site_dir}/ (nothing changed since the last build)")
                    return
            nochange.remove(unchanged_record)
            unfinished.touch()
            trace = work.parent / f"{name}.trace.json"
            if engine == "zensical":  # runs no plugins, so no cache to reuse: a fresh build from `generate`
                ok = _build_zensical(Path(config_file), work, article_text)
            else:
                env = engine_env()
                env.pop(ARTICLE_TEXT_ENV, None)  # only this command's own choice reaches the plugin
                if article_text:
                    env[ARTICLE_TEXT_ENV] = article_text
                nochange.remove(trace)
                cmd = engine_command("build", "--strict", "--quiet", "-f", config_file, "--site-dir", str(work),
                                     *(["--dirty"] if dirty else []), engine=engine)
                proc = subprocess.run(nochange.command(trace, work.parent, published, cmd), env=env, stderr=subprocess.PIPE,
                                      text=True, errors="replace")
                _relay_mkdocs(proc.stderr, site_dir)
                ok = proc.returncode == 0
            if not ok:
                nochange.remove(trace)
                say(f"build failed; {site_dir}/ was left as it was.")
                sys.exit(1)
            unfinished.unlink()
            # Files unchanged since the last copy to this site folder are hard links to the published ones.
            state = work.parent / f"publish-{digest(str(work), str(published))}.json"
            record = read_state(state, "publish", lambda d: isinstance(d.get("files"), dict))
            remove(state)  # written again once the new site is in place
            with staged(site_dir, on_wait=say, shown=site_dir) as staging:
                made = mirror(work, staging, published, record["files"] if record else None)
            try:
                write_state(state, "publish", {"files": mirror_record(made, published)})
            except OSError:
                pass  # without it the next build copies every file again, nothing worse
            if shortcut:
                nochange.record(unchanged_record, str(trace), build_key, published, proc.stderr)
    except PublishError as exc:
        say(str(exc))
        sys.exit(1)
    except OSError as exc:  # the work folder under .cache/ (read-only checkout, full disk)
        say(str(PublishError(work, exc, shown=str(work))))
        sys.exit(1)
    click.echo(f"built {site_dir}/")


def _unchanged_key(engine: str, article_text: str | None, config_file: str, published: Path) -> dict | None:
    """:func:`generator.nochange.key` of this build; None (no short cut) when the config cannot be read: MkDocs
    then says why."""
    try:
        content = content_dir(Path(config_file))
    except Exception:  # noqa: BLE001 (a config YAML cannot parse, or of another shape)
        return None
    return nochange.key(engine, article_text, config_file, published, content)


def _build_zensical(config_file: Path, site: Path, article_text: str | None = None) -> bool:
    """Generate the pages, lay out a Zensical project beside ``site`` and build it into ``site`` (replaced)."""
    project = Path(tempfile.mkdtemp(prefix=".zensical-project-", dir=site.parent))
    try:
        try:
            result = run_generate(content_dir(config_file), article_text=article_text)
            write(result.pages, project / "docs")
        except ContentError as exc:
            _report(exc.problems, "text")
            return False
        config = zensical_project(config_file, project / "docs", project, result.site.content.config)
        proc = subprocess.run(engine_command("build", "--strict", "-f", str(config), engine="zensical"),
                              cwd=project, env=engine_env(), capture_output=True, text=True)
        if proc.returncode != 0 or not (project / "site" / "index.html").is_file():
            click.echo((proc.stdout + proc.stderr).strip(), err=True)
            return False
        shutil.rmtree(site, ignore_errors=True)
        (project / "site").rename(site)
        return True
    finally:
        shutil.rmtree(project, ignore_errors=True)


def _relay_mkdocs(stderr: str, site_dir: str) -> None:
    """MkDocs' messages, passed on; a traceback (MkDocs prints one on a full disk) becomes one line."""
    head, sep, tail = stderr.partition("Traceback (most recent call last):")
    for line in head.splitlines():
        click.echo(line, err=True)
    if not sep:
        return
    # The exception is the last unindented line of the (possibly chained) traceback.
    last = next((line for line in reversed(tail.splitlines()) if line.strip() and not line[0].isspace()), "")
    code = re.search(r"\[Errno (\d+)\]", last)
    if code:
        number = int(code.group(1))
        click.echo(str(PublishError(Path(site_dir), OSError(number, os.strerror(number)), shown=site_dir)), err=True)
    else:
        click.echo(f"{site_dir}/: error: MkDocs stopped: {last.strip()}. Fix: correct what it names, then build again",
                   err=True)


@cli.command()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False),
              help="The MkDocs configuration.")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--dirty", is_flag=True, help="Rebuild only the pages whose Markdown changed.")
@_engine_option(("properdocs", "mkdocs"))
def serve(config_file: str, dev_addr: str, dirty: bool, engine: str) -> None:
    """Serve a live preview that rebuilds when anything under content/ changes.

    While the content has errors, every page shows them (file:line and the fix).
    Not strict: a warning would fail the rebuild and leave the server hanging.

    \b
    Examples:
      python -m generator serve
      python -m generator serve --dirty --dev-addr 127.0.0.1:8001
    """
    args = ["--no-strict", "-f", config_file, "--dev-addr", dev_addr, *(["--dirty"] if dirty else [])]
    sys.exit(subprocess.run(engine_command("serve", *args, engine=engine), env=engine_env()).returncode)


@cli.command("in-force")
@click.argument("on", metavar="DATE", type=click.DateTime(formats=["%Y-%m-%d"]))
@_content_option
def in_force(on, content_dir: str) -> None:
    """List the measures in force on DATE (YYYY-MM-DD), with the resolution that last changed each.

    \b
    Examples:
      python -m generator in-force 2016-06-01
      python -m generator in-force 2018-01-01 --content content
    """
    from generator.derive import in_force as measures_in_force
    from generator.derive import span as measures_span

    try:
        site = run_check(content_dir)
    except ContentError as exc:
        _report(exc.problems, "text")
        sys.exit(1)
    rows = measures_in_force(site, on.date())
    if not rows:
        click.echo(f"no measure was in force on {on.date()}")
    for mid, rid, change in sorted(rows, key=lambda r: site.content.measures[r[0]].name.lower()):
        res = site.content.resolutions[rid]
        until = measures_span(site, rid, change).end
        click.echo(f"{site.content.measures[mid].name}: {change.change} by {res.title} ({res.date})"
                   + (f", until {until}" if until else ""))


cli.add_command(ingest_command)


def main() -> None:
    """Console entry point: ``briefing`` (installed into .venv) and ``python -m generator``."""
    cli()
