"""The ``ingest`` command: pages in, ``content/articles/<date>-<slug>.md`` out, every removal reported."""

from __future__ import annotations

import os
from pathlib import Path

import click

from generator.ingest.fetch import TIMEOUT, ingest_source, is_url
from generator.ingest.report import IngestError

_PAGE_SUFFIXES = (".txt", ".html", ".htm")


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it."""
    try:
        return Path(os.path.relpath(path.resolve(), Path.cwd().resolve())).as_posix() \
            if path.resolve().is_relative_to(Path.cwd().resolve()) else str(path.resolve())
    except ValueError:
        return str(path)


def _sources(raw: tuple[str, ...]) -> list[str]:
    sources: list[str] = []
    for item in raw:
        if is_url(item):
            sources.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _PAGE_SUFFIXES)
            if not found:
                raise click.ClickException(f"{path}: no .txt, .html or .htm files in this folder")
            sources.extend(str(p) for p in found)
        elif path.exists():
            sources.append(item)
        else:
            raise click.ClickException(f"{path}: no such file or folder (a URL starts with https://)")
    return sources


@click.command("ingest")
@click.argument("raw", nargs=-1, required=True)
@click.option("--outlet", help="Publication name, e.g. 'The Boston Globe' (overrides the page).")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Publication date (overrides the page).")
@click.option("--url", help="Address of the article online (a fetched URL is used when not given).")
@click.option("--title", help="Headline (overrides the page's).")
@click.option("--language", help="Language code of the article, e.g. en or fr (detected when not given).")
@click.option("--author", "authors", multiple=True, help="Author name; repeat for several (overrides the byline).")
@click.option("--timeout", type=float, default=TIMEOUT, show_default=True, help="Seconds to wait for a URL.")
@click.option("--content-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("content"),
              show_default=True, help="Content folder; articles go to <content-dir>/articles/.")
@click.option("--dry-run", is_flag=True, help="Show what would be removed and written; write nothing.")
@click.option("--force", is_flag=True, help="Overwrite an existing article file that differs.")
def ingest_command(raw: tuple[str, ...], outlet: str | None, date_: str | None, url: str | None,
                   title: str | None, language: str | None, authors: tuple[str, ...], timeout: float,
                   content_dir: Path, dry_run: bool, force: bool) -> None:
    """Turn a news page into a clean Markdown article.

    RAW is one or more pages: the text a browser shows (.txt), a saved page (.html,
    .htm, or HTML detected by its content), a URL (fetched once, here, never at build
    time), or a folder (every .txt/.html/.htm in it, in sorted order). Navigation,
    bylines, date stamps, related links and other furniture are removed and listed;
    the reporting is kept word for word in content/articles/<date>-<slug>.md. The
    date is taken only from explicit publication markup or a stamp next to the
    headline, the outlet from the page's furniture or site name; otherwise pass
    --date / --outlet (nothing is guessed).

    \b
    Examples:
      python -m generator ingest raw/bloomberg.txt --date 2013-03-05 \\
          --url https://www.bloomberg.com/news/articles/...
      python -m generator ingest raw/globe.txt --outlet "The Boston Globe" --date 2016-02-25
      python -m generator ingest saved/page.html --dry-run
      python -m generator ingest https://example.org/news/story.html
      python -m generator ingest raw/            # a folder: files missing a date/outlet are reported, others written
    """
    sources = _sources(raw)
    per_file = {"--outlet": outlet, "--date": date_, "--url": url, "--title": title, "--author": authors}
    given = [name for name, value in per_file.items() if value]
    if len(sources) > 1 and given:
        raise click.UsageError(f"{', '.join(given)} describe(s) one article but {len(sources)} pages were given; "
                               "run ingest once per page to use these flags")
    articles_dir = content_dir / "articles"
    failures = 0
    written_ids: dict[str, str] = {}
    for index, source in enumerate(sources, 1):
        name = source if is_url(source) else Path(source).name
        click.echo(f"[{index}/{len(sources)}] {name}")
        try:
            result = ingest_source(source, timeout=timeout, outlet=outlet, date=date_, url=url, title=title,
                                   language=language, authors=list(authors) if authors else None)
        except IngestError as exc:
            click.echo(f"Error: {exc}", err=True)
            failures += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one page's surprise must not stop the others with a traceback
            click.echo(f"Error: {source}: could not be ingested ({type(exc).__name__}: {exc}); please report this "
                       "page with the file attached", err=True)
            failures += 1
            continue
        for line in result.report_lines():
            click.echo(line)
        article_id = result.article_id
        out = articles_dir / f"{article_id}.md"
        if not out.resolve().is_relative_to(content_dir.resolve()):
            click.echo(f"Error: {source}: output {out} would be outside {content_dir}; refusing", err=True)
            failures += 1
            continue
        if article_id in written_ids:
            click.echo(f"Error: {source}: gives the same id {article_id} as {written_ids[article_id]}; "
                       "pass --title to tell them apart", err=True)
            failures += 1
            continue
        written_ids[article_id] = name
        data = result.to_markdown().encode("utf-8")
        if out.exists():
            if out.read_bytes() == data:
                click.echo(f"unchanged {_shown(out)}")
                continue
            if not force:
                click.echo(f"Error: {_shown(out)} exists and differs; pass --force to overwrite it", err=True)
                failures += 1
                continue
        if dry_run:
            click.echo(f"would write {_shown(out)}")
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(out)
        click.echo(f"wrote {_shown(out)}")
    if failures:
        raise click.ClickException(f"{failures} of {len(sources)} page(s) failed")
