"""Incremental builds give the same bytes as clean builds.

After every batch of random edits (add, change, rename and delete an article,
an actor, a resolution, a template (the project's templates/ and the theme's
main.html) and the config (mkdocs.yml, briefing.yml); change the title other
pages link an entity by; see tests/edits.py),
``python -m generator build`` (which reuses ``.cache/briefing/``) must leave a
site folder identical, file for file and byte for byte, to a clean
``mkdocs build`` of the same project. The cache must also survive being
corrupted or deleted.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from generator import nochange
from generator.engines import engine_command
from tests.conftest import make_content, make_project
from tests.edits import Editor

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def incremental_build(project: Path, config: Path | None = None, env: dict | None = None) -> str:
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(project / "site"),
                           "-f", str(config or project / "mkdocs.yml")], cwd=project, env=env or ENV,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def clean_build(project: Path, out: Path, config: Path | None = None) -> None:
    proc = subprocess.run(engine_command("build", "--strict", "--quiet", "-f",
                           str(config or project / "mkdocs.yml"), "--site-dir", str(out)), cwd=project, env=ENV,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def assert_same_site(project: Path, tmp_path: Path, label: str, config: Path | None = None) -> None:
    reference = tmp_path / f"clean-{label}"
    clean_build(project, reference, config)
    got, want = tree(project / "site"), tree(reference)
    assert sorted(got) == sorted(want), f"after {label}: files differ"
    differ = [name for name in want if got[name] != want[name]]
    assert not differ, f"after {label}: {differ[:10]} differ from a clean build"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    make_content(project)
    return project


def test_incremental_build_equals_clean_build_after_random_edits(project, tmp_path):
    incremental_build(project)
    assert (project / ".cache" / "briefing" / "site" / "index.html").is_file()
    editor = Editor(project, seed=15)
    for step, batch in enumerate(editor.batches(size=5)):
        editor.apply(batch)
        out = incremental_build(project, editor.config)
        assert "Traceback" not in out
        assert_same_site(project, tmp_path, f"step {step} ({', '.join(batch)})", editor.config)
    assert set(Editor.EDITS) <= set(editor.log), set(Editor.EDITS) - set(editor.log)


def test_no_change_rebuild_builds_only_hand_written_pages(project, tmp_path):
    incremental_build(project)
    proc = subprocess.run(engine_command("build", "--strict", "--dirty", "-f",
                           str(project / "mkdocs.yml"), "--site-dir", str(project / ".cache/briefing/site")),
                          cwd=project, env=ENV, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    hand_written = len(list((project / "pages").rglob("*.md")))
    assert f"briefing: {hand_written} pages built" in proc.stderr, proc.stderr
    # search_index.json came out the same, so the prebuilt index is kept, not made again
    assert "briefing-search: prebuilt index unchanged" in proc.stderr, proc.stderr


def test_a_rebuild_logs_the_pages_it_rebuilt_and_the_time_of_each_stage(project):
    incremental_build(project)
    fact = project / "content" / "events" / "nuclear-test-2016-01-06.yaml"
    fact.write_text(fact.read_text(encoding="utf-8").replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
    proc = subprocess.run(engine_command("build", "--strict", "--dirty", "-f",
                           str(project / "mkdocs.yml"), "--site-dir", str(project / ".cache/briefing/site")),
                          cwd=project, env=ENV, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    log = proc.stderr
    rebuilt = re.search(r"briefing: rebuilding (\d+) of (\d+) pages \(([^)]*)\)", log)
    assert rebuilt and 0 < int(rebuilt[1]) < int(rebuilt[2]), log
    assert "events/nuclear-test-2016-01-06.md" in rebuilt[3].split(", "), log
    seconds = r"\d+\.\d\d s"
    assert re.search(rf"briefing: {rebuilt[1]} pages built; generator {seconds}, markdown {seconds}, "
                     rf"templates and writing {seconds}, search index {seconds}", log), log
    generated = re.search(r"briefing: generated \d+ pages from .*? \((.*); (\d+) rendered, (\d+) unchanged\)", log)
    assert generated and int(generated[2]) >= 1 and int(generated[3]) >= 1, log
    stages = dict(part.rsplit(" ", 2)[:2] for part in generated[1].split(", "))
    assert {"load", "validate", "link", "render"} <= stages.keys(), stages


def test_prebuilt_index_is_kept_only_while_it_matches(project, tmp_path):
    incremental_build(project)
    prebuilt = project / ".cache" / "briefing" / "site" / "search" / "prebuilt_index.js"
    made = prebuilt.stat().st_mtime_ns
    incremental_build(project)
    assert prebuilt.stat().st_mtime_ns == made  # nothing changed: not written again
    prebuilt.write_text("// tampered\n")  # not the file the stamp describes: made again
    forget_unchanged(project)  # the site itself is untouched: without this the build would leave it as it is
    incremental_build(project)
    assert_same_site(project, tmp_path, "a tampered prebuilt index")
    article = sorted((project / "content" / "articles").glob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8").rstrip("\n") + "\n\nA new closing paragraph.\n",
                       encoding="utf-8")
    incremental_build(project)
    assert_same_site(project, tmp_path, "an article edit")


def test_damaged_cache_means_a_full_build_not_a_crash(project, tmp_path):
    incremental_build(project)
    reference = tmp_path / "clean-reference"
    clean_build(project, reference)
    cache = project / ".cache" / "briefing"
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    work = cache / "site"
    for damage in ("garbage", "other-format", "planted-path", "search-index-deleted", "search-index-truncated",
                   "work-files-deleted"):
        manifest = next(cache.glob("mkdocs-*.json"))
        text = manifest.read_text()
        index = work / "search" / "search_index.json"
        # The work folder (.cache/briefing/site) is part of the cache too: what the pages that are not
        # rebuilt keep (their search entries, their files) must not be lost with it.
        if damage == "search-index-deleted":
            index.unlink()
        elif damage == "search-index-truncated":
            index.write_bytes(index.read_bytes()[: index.stat().st_size // 2])
        elif damage == "work-files-deleted":
            for name in ("actors/china.html", "assets/stylesheets/briefing.css", "data/actors.json"):
                (work / name).unlink()
        elif damage == "garbage":
            manifest.write_bytes(b"\x80\x00not json")
        elif damage == "other-format":
            manifest.write_text(text.replace('"format":1', '"format":999'))
        else:
            # A state file naming pages outside the site folder: they must not be deleted.
            manifest.write_text(text.replace('"dests":[', f'"dests":["../../../{outside.name}","../../../../{outside.name}",', 1))
        forget_unchanged(project)  # the damage is in the cache, not in the site: MkDocs must run to meet it
        incremental_build(project)
        assert outside.read_text() == "keep me"
        assert tree(project / "site") == tree(reference), damage


def test_a_cache_restored_into_a_new_checkout_rebuilds_only_what_changed(tmp_path):
    """What a CI job gets from actions/cache: .cache/ from a run on an earlier commit, in a new checkout.

    The checkout is at the same path (as on a CI runner) but every file in it is new (other inodes and
    times), and the content is a later commit's. The build must give a clean build's bytes, and must not
    rebuild the pages the change does not touch (the gain the workflows cache .cache/ for).
    """
    checkout = tmp_path / "checkout"
    make_content(make_project(checkout))
    incremental_build(checkout)
    with tarfile.open(tmp_path / "cache.tar", "w") as tar:  # actions/cache keeps the files' times, as tar does
        tar.add(checkout / ".cache", arcname=".cache")
    shutil.rmtree(checkout)

    make_content(make_project(checkout))  # the next commit, checked out afresh
    fact = checkout / "content" / "events" / "nuclear-test-2016-01-06.yaml"
    fact.write_text(fact.read_text(encoding="utf-8").replace("summary: ", "summary: Edited in a later commit. ", 1),
                    encoding="utf-8")
    with tarfile.open(tmp_path / "cache.tar") as tar:
        tar.extractall(checkout, filter="tar")
    work = checkout / ".cache" / "briefing" / "site"
    untouched, edited = work / "measures" / "coal.html", work / "events" / "nuclear-test-2016-01-06.html"
    before = {path: path.stat().st_mtime_ns for path in (untouched, edited)}
    incremental_build(checkout)
    assert_same_site(checkout, tmp_path, "a restored cache")
    assert "Edited in a later commit." in (checkout / "site" / "events" / "nuclear-test-2016-01-06.html").read_text(
        encoding="utf-8")
    assert edited.stat().st_mtime_ns != before[edited]  # the changed page was built again
    assert untouched.stat().st_mtime_ns == before[untouched], "a page the change does not touch was rebuilt"


# -- a rebuild with nothing changed (generator/nochange.py) ----------------------------------------------

NOTHING_CHANGED = "nothing changed since the last build"


def settle() -> None:
    """Wait until the files just written are older than the stat granularity the short cut trusts: a build
    that reads a file changed more recently leaves no record, and the next build is a real one."""
    time.sleep(nochange.RACY_NS / 1e9 + 0.1)


def forget_unchanged(project: Path) -> None:
    """Remove the record of the last build, so the next one runs MkDocs whatever changed."""
    for path in (project / ".cache" / "briefing").glob("nochange-*.json"):
        path.unlink()


def recorded(project: Path, env: dict | None = None) -> str:
    """Build once the inputs have settled (that build leaves a record), then check that the next build takes
    the short cut."""
    settle()
    incremental_build(project, env=env)
    again = incremental_build(project, env=env)
    assert NOTHING_CHANGED in again, again
    return again


def test_a_rebuild_with_nothing_changed_leaves_the_site_as_it_is(project, tmp_path):
    incremental_build(project)
    recorded(project)
    reference = tmp_path / "clean-reference"
    clean_build(project, reference)
    assert tree(project / "site") == tree(reference)
    site = project / "site"
    # The site folder is not what the last build published: MkDocs runs, and the site is whole again.
    tampering = {
        "a page edited": lambda: (site / "index.html").write_text("<p>edited by hand</p>\n"),
        "a page edited in place, same size": lambda: (site / "index.html").write_bytes(
            (site / "index.html").read_bytes().replace(b"<", b"{", 1)),
        "a page deleted": lambda: (site / "actors" / "china.html").unlink(),
        "a file added": lambda: (site / "extra.html").write_text("<p>extra</p>\n"),
        "a folder added": lambda: (site / "extra").mkdir(),
        "the site folder deleted": lambda: shutil.rmtree(site),
    }
    for label, tamper in tampering.items():
        tamper()
        out = incremental_build(project)
        assert NOTHING_CHANGED not in out, label
        assert tree(site) == tree(reference), label
        assert sorted(p.relative_to(site) for p in site.rglob("*")) == sorted(
            p.relative_to(reference) for p in reference.rglob("*")), label
        out = incremental_build(project)  # the inputs are old: that build left a record
        assert NOTHING_CHANGED in out, label


def test_a_rebuild_after_any_input_changed_runs_mkdocs(project, tmp_path):
    incremental_build(project)
    recorded(project)
    article = sorted((project / "content" / "articles").glob("*.md"))[0]
    main_html = project / "theme" / "main.html"
    config = project / "mkdocs.yml"
    edits = {
        # Same size, same modification time: only the change time (and what the page says) differs.
        "an article edited": lambda: _same_stat_edit(article, b"the ", b"teh "),
        "a fact file edited": lambda: _same_stat_edit(project / "content" / "events" / "nuclear-test-2016-01-06.yaml",
                                                      b"summary: ", b"summary: Edited. "),
        "a hand-written page added": lambda: (project / "pages" / "extra.md").write_text("# Extra\n\nBy hand.\n"),
        "a theme override edited": lambda: main_html.write_text(main_html.read_text().replace(
            "{% block extrahead %}{{ super() }}", "{% block extrahead %}{{ super() }}<!-- edited -->", 1)),
        "mkdocs.yml edited": lambda: config.write_text(config.read_text().replace(
            "use_directory_urls: false", "use_directory_urls: false\nsite_author: Someone")),
        "briefing.yml added": lambda: (project / "briefing.yml").write_text("title: Another title\n"),
        "a templates/ folder added": lambda: (project / "templates").mkdir(),
    }
    for label, edit in edits.items():
        edit()
        out = incremental_build(project)
        assert NOTHING_CHANGED not in out, label
        assert_same_site(project, tmp_path, label)
        recorded(project)
    # Another build date (the sitemap's dates of pages without one): MkDocs runs.
    out = incremental_build(project, env={**ENV, "SOURCE_DATE_EPOCH": str(86400 * 365)})
    assert NOTHING_CHANGED not in out


def _same_stat_edit(path: Path, old: bytes, new: bytes) -> None:
    """Replace ``old`` by ``new`` in a file, keeping its modification time (as ``cp -p`` or ``touch -r`` do)."""
    st = path.stat()
    data = path.read_bytes()
    assert old in data, (path, old)
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
