"""The git history of content/: "last updated" dates, the "What changed" page, the Atom feed, the edit link.

Each test builds a small repository of the minimal content with fixed authors and dates, so its
commits (and so the pages) are the same on every run. Tests that need git skip without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from generator.history import read_history
from generator.incremental import Cache
from generator.pipeline import generate
from tests.conftest import make_content

GOLDEN = Path(__file__).parent / "golden" / "history"  # pinned pages of the repository of fixed commits
ATOM = "{http://www.w3.org/2005/Atom}"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, when: str = "2030-01-01T12:00:00Z") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="Quux <script>alert(1)</script>", GIT_AUTHOR_EMAIL="e@example.org",
               GIT_COMMITTER_NAME="Quux", GIT_COMMITTER_EMAIL="e@example.org", GIT_AUTHOR_DATE=when,
               GIT_COMMITTER_DATE=when, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_repo(root: Path) -> Path:
    """The minimal content in a repository of four commits (2030-01-01 to 2030-03-04); returns content/."""
    content = make_content(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first", when="2030-01-01T09:00:00Z")
    edit(content / "resolutions" / "2270.yaml", "outcome: adopted\n", "outcome: adopted\nchapter_vii: true\n")
    git(root, "commit", "-q", "-am", "Chapter VII <img src=x onerror=alert(1)>", when="2030-02-02T10:00:00Z")
    (content / "actors" / "hostile.yaml").write_text(
        "# yaml-language-server: $schema=../../schema/actor.schema.json\n"
        "name: \"<img src=x onerror=alert(1)> & [link](javascript:alert(1))\"\nkind: state\n"
        "summary: Added, then removed.\nsources:\n  - url: https://press.un.org/en/2016/sc12267.doc.htm\n"
        "    title: Security Council Imposes Fresh Sanctions\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "add", when="2030-03-03T10:00:00Z")
    (content / "actors" / "hostile.yaml").unlink()
    # A comment-only edit changes no fact: it is not a change and does not date the page.
    edit(content / "measures" / "coal.yaml", "\n", "\n# a comment\n")
    git(root, "commit", "-q", "-am", "remove", when="2030-03-04T10:00:00Z")
    return content


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return make_repo(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def pages(repo) -> dict[str, str]:
    return {p.path: p.text for p in generate(repo).pages}


@needs_git
def test_changes_come_from_the_data_of_each_commit(repo):
    h = read_history(repo)
    assert h.note is None
    got = [(c.kind, c.id, c.action, c.fields) for c in h.changes]
    assert ("resolution", "2270", "changed", (("chapter_vii", "recorded"),)) in got
    assert ("actor", "hostile", "added", ()) in got and ("actor", "hostile", "removed", ()) in got
    assert ("actor", "china", "added", ()) in got
    assert not [c for c in got if c[1] == "coal" and c[2] == "changed"]  # the comment edit is no change
    assert [c.when for c in h.changes] == sorted((c.when for c in h.changes), reverse=True)
    assert h.updated[("resolution", "2270")] == 1896256800  # 2030-02-02T10:00:00Z
    assert h.updated[("measure", "coal")] == 1893488400  # 2030-01-01T09:00:00Z, not the comment's commit


@needs_git
def test_pages_are_dated_and_the_changes_listed_by_day(pages):
    assert "Last updated 2 February 2030." in pages["resolutions/2270.md"]
    assert "Last updated 1 January 2030." in pages["measures/coal.md"]
    assert "Last updated 4 March 2030." in pages["index.md"]  # the latest change of all
    assert "Last updated 2 February 2030." in pages["resolutions/index.md"]  # the latest to a resolution
    assert "Last updated 4 March 2030." in pages["about.md"]  # pages of no kind: the latest change of all
    assert "Last updated 4 March 2030." in pages["data/index.md"]  # the downloads hold every fact
    changes = pages["changes/index.md"]
    assert "## 2 February 2030\n\n- [Resolution 2270 (2016)](../resolutions/2270.md): Chapter VII recorded" in changes
    assert "- New actor: [China](../actors/china.md)" in changes
    assert "Edit this page" not in pages["resolutions/2270.md"]  # no edit_url set


@needs_git
def test_nothing_from_commit_messages_or_authors_and_old_names_escaped(pages):
    everything = "\n".join(pages.values())
    assert "onerror=alert(1)>" not in everything.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "Quux" not in everything and "<script>" not in everything and "Chapter VII <img" not in everything
    changes = pages["changes/index.md"]
    # The removed actor has no page: its old name is text, escaped once, never a link.
    assert r"- Removed actor: &lt;img src=x onerror=alert(1)&gt; &amp; \[link\](javascript:alert(1))" in changes
    feed = ET.fromstring(pages["feed.xml"])
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert "Removed actor: <img src=x onerror=alert(1)> & [link](javascript:alert(1))" in titles


@needs_git
def test_feed_parses_and_links_pages_that_exist(pages):
    feed = ET.fromstring(pages["feed.xml"])
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}updated") == "2030-03-04T10:00:00Z"
    entries = list(feed.iter(f"{ATOM}entry"))
    assert entries and len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)
    html = {p[:-3] + ".html" for p in pages if p.endswith(".md")}
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        assert entry.find(f"{ATOM}link").get("href") in html
    assert entries[0].findtext(f"{ATOM}title").startswith("Removed actor:")


#: Pinned from the repository of fixed commits; `make golden` rewrites them (tests/regen_golden.py).
HISTORY_PAGES = ("changes/index.md", "feed.xml")


@needs_git
def test_golden_history_pages(pages):
    """The "What changed" page and the feed, pinned."""
    for page in HISTORY_PAGES:
        golden = GOLDEN / page.replace("/", "__")
        assert pages[page] == golden.read_text(encoding="utf-8"), f"{page} differs from {golden}; run `make golden`"


@needs_git
def test_same_commits_same_bytes(repo, pages, tmp_path):
    again = make_repo(tmp_path)
    assert git(again.parent, "rev-parse", "HEAD") == git(repo.parent, "rev-parse", "HEAD")
    assert {p.path: p.text for p in generate(again).pages} == pages


def test_no_git_repository_means_no_dates_and_a_note(tmp_path):
    content = make_content(tmp_path)  # a copy, as from a tarball: no .git
    result = generate(content)
    pages = {p.path: p.text for p in result.pages}
    assert "not in a git repository" in result.history.note
    assert "Last updated" not in "".join(pages.values())
    assert "not in a git repository" in pages["changes/index.md"]
    feed = ET.fromstring(pages["feed.xml"])
    assert not list(feed.iter(f"{ATOM}entry")) and feed.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z"


def test_without_git_installed_the_build_still_works(tmp_path, monkeypatch):
    content = make_content(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert read_history(content).note == "No change history: git is not installed."
    assert "git is not installed" in {p.path: p.text for p in generate(content).pages}["changes/index.md"]


@needs_git
def test_shallow_clone_leaves_out_the_boundary_commit(repo, tmp_path):
    for depth, expect in ((1, 0), (2, 1)):
        clone = tmp_path / f"depth{depth}"
        git(tmp_path, "clone", "-q", "--depth", str(depth), f"file://{repo.parent}", str(clone))
        h = read_history(clone / "content")
        assert "shallow" in h.note
        # depth 1: only the boundary commit (which git shows as adding every file): nothing is listed.
        # depth 2: the latest commit only (the hostile actor removed; the comment edit is no change).
        assert [(c.id, c.action) for c in h.changes] == ([] if expect == 0 else [("hostile", "removed")])
        assert ("resolution", "2270") not in h.updated
        pages = {p.path: p.text for p in generate(clone / "content").pages}
        assert "Last updated" not in pages["resolutions/2270.md"]


@needs_git
def test_repository_without_commits_touching_content(tmp_path):
    content = make_content(tmp_path)
    git(tmp_path, "init", "-q")
    assert "no commit yet" in read_history(content).note
    (tmp_path / "README").write_text("x", encoding="utf-8")
    git(tmp_path, "add", "README")
    git(tmp_path, "commit", "-q", "-m", "readme")
    assert "no commit touches the content folder" in read_history(content).note


@needs_git
def test_edit_link_when_edit_url_is_set(repo, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(repo.parent, project)
    (project / "briefing.yml").write_text("edit_url: https://git.example.org/o/r/-/edit/main/{path}\n", encoding="utf-8")
    pages = {p.path: p.text for p in generate(project / "content").pages}
    assert ("Last updated 2 February 2030. · [Edit this page](https://git.example.org/o/r/-/edit/main/"
            "content/resolutions/2270.yaml)") in pages["resolutions/2270.md"]
    assert "[Edit this page](https://git.example.org/o/r/-/edit/main/content/articles/2016-03-02-test-article.md)" \
        in pages["articles/2016-03-02-test-article.md"]
    assert "Edit this page" not in pages["resolutions/index.md"]  # an index has no one file to edit


@pytest.mark.parametrize("value", ["javascript:alert(1)/{path}", "https://example.org/edit/main/"])
def test_bad_edit_url_is_a_config_error(tmp_path, value):
    from generator.errors import ContentError

    content = make_content(tmp_path)
    (tmp_path / "briefing.yml").write_text(f"edit_url: \"{value}\"\n", encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        generate(content)
    assert any(p.file == "briefing.yml" and p.line == 1 for p in exc.value.problems)


@needs_git
def test_a_new_commit_is_part_of_the_incremental_fingerprints(repo, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(repo.parent, project)
    content = project / "content"
    cache = Cache.open(tmp_path / "cache")
    generate(content, cache)
    # A commit that changes a fact: the page's text changes with it, and its date; nothing else is edited.
    edit(content / "events" / "nuclear-test-2016-01-06.yaml", "\nsummary:", "\nsummary: Edited.\nx_summary:")
    edit(content / "events" / "nuclear-test-2016-01-06.yaml", "\nx_summary:", "\n# was:")
    git(project, "commit", "-q", "-am", "edit", when="2030-05-05T10:00:00Z")
    warm = {p.path: p.text for p in generate(content, Cache.open(tmp_path / "cache")).pages}
    cold = {p.path: p.text for p in generate(content).pages}
    assert warm == cold
    assert "Last updated 5 May 2030." in warm["events/nuclear-test-2016-01-06.md"]
    assert "Last updated 5 May 2030." in warm["index.md"]
