"""`briefing serve` shows content errors on every page instead of hanging, and recovers once fixed.

A real server on a free port, on a throwaway project with the minimal content set: break a fact file,
and every page (hand-written and generated) lists the problem with file:line and the fix; fix it, and
the pages are back without the list. Each request must answer, within a minute however loaded the
machine (a failed rebuild used to leave every request hanging).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import make_content, make_project

BRIEFING = Path(sys.executable).parent / "briefing"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str:
    # A hang (what a failed rebuild used to cause) is told from a slow answer on a loaded machine by a
    # generous bound, not by a few seconds.
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, predicate, timeout: float = 180) -> str:
    end, last = time.monotonic() + timeout, ""
    while time.monotonic() < end:
        try:
            last = get(url)
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url}: condition not met within {timeout} s; last page {last[:300]!r}")


def search_locations(base: str) -> list[str]:
    """The locations in the served search_index.json, in order (a page listed twice shows up twice)."""
    return [doc["location"] for doc in json.loads(get(base + "search/search_index.json"))["docs"]]


@pytest.mark.skipif(not BRIEFING.exists(), reason="the `briefing` command is installed by `make test`")
@pytest.mark.parametrize("dirty", [True, False], ids=["make-serve-dirty", "serve"])
def test_serve_shows_content_errors_on_every_page_and_recovers(tmp_path, dirty):
    project = make_project(tmp_path / "project")
    make_content(project)
    (project / "briefing.yml").write_text("title: Served briefing\n", encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(tmp_path / "serve.log", "w")
    # `make serve` runs `briefing serve --dirty`
    proc = subprocess.Popen([str(BRIEFING), "serve", *(["--dirty"] if dirty else []), "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        good = wait_for(base + "resolutions/2270.html", lambda html: "2270" in html)
        assert "content error" not in good
        locations = search_locations(base)
        assert "resolutions/2270.html" in locations and len(set(locations)) == len(locations)
        assert get(base + "search/prebuilt_index.js").startswith("// Prebuilt search index")

        # A schema error: an unknown field.
        fact = project / "content" / "resolutions" / "2270.yaml"
        text = fact.read_text(encoding="utf-8")
        assert "\ndate: " in text
        fact.write_text(text.replace("\ndate: ", "\ndat: ", 1), encoding="utf-8")

        broken = wait_for(base, lambda html: "content error" in html)
        line = text[:text.index("\ndate: ") + 1].count("\n") + 1
        assert f"content/resolutions/2270.yaml:{line}" in broken
        assert "unknown field" in broken and "Fix:" in broken and "did you mean" in broken
        # The generated pages are there too (stand-ins), and show the same list.
        for page in ("resolutions/2270.html", "actors/china.html", "resolutions/index.html"):
            assert f"content/resolutions/2270.yaml:{line}" in get(base + page), page

        fact.write_text(text, encoding="utf-8")
        fixed = wait_for(base + "resolutions/2270.html", lambda html: "content error" not in html)
        assert "2270" in fixed and "content/resolutions/2270.yaml" not in fixed
        # The site is whole again: every page once in search, and the prebuilt index back (with --dirty,
        # Material used to merge the error site's entries into the next full build's).
        wait_for(base + "search/search_index.json", lambda _: search_locations(base) == locations)
        assert get(base + "search/prebuilt_index.js").startswith("// Prebuilt search index")

        # A YAML syntax error, as a typo leaves it: an unclosed list.
        actor = project / "content" / "actors" / "china.yaml"
        good_actor = actor.read_text(encoding="utf-8")
        actor.write_text(good_actor.replace("\nsummary: ", "\nsummary: [unclosed\nsummary2: ", 1), encoding="utf-8")
        broken = wait_for(base + "actors/china.html", lambda html: "content/actors/china.yaml:" in html)
        line = good_actor[:good_actor.index("\nsummary: ") + 1].count("\n") + 2  # the line after the unclosed list
        assert re.search(rf"<code>content/actors/china\.yaml:{line}:\d+</code> error: YAML syntax", broken), broken[:3000]
        assert "Fix:" in broken
        actor.write_text(good_actor, encoding="utf-8")
        wait_for(base + "actors/china.html", lambda html: "content error" not in html and "China" in html)

        # The project's settings are watched too: an error there shows at its line, and the fix brings the pages back.
        settings = project / "briefing.yml"
        settings.write_text("title: Served briefing\nbogus_setting: 1\n", encoding="utf-8")
        broken = wait_for(base, lambda html: "briefing.yml:2" in html)
        assert "unknown field" in broken and "Fix:" in broken
        settings.write_text("title: Served briefing\n", encoding="utf-8")
        wait_for(base, lambda html: "content error" not in html and "Served briefing" in html)

        # A config edit rebuilds every page (with --dirty, a full rebuild too): each page still once in search.
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").rstrip() + "\ncopyright: Edited while serving.\n",
                          encoding="utf-8")
        wait_for(base + "actors/china.html", lambda html: "Edited while serving." in html)
        wait_for(base + "search/search_index.json", lambda _: search_locations(base) == locations)
        assert proc.poll() is None, "the server stopped"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def test_the_content_folder_is_watched_with_inotify_and_an_edit_is_seen_at_once(tmp_path, caplog):
    """Edits under content/ reach the server through inotify; reading a file does not.

    Nothing here waits a fixed time: the watcher logs each event it hands the server (MkDocs' own
    debug line), and one inotify queue delivers events in order, so a write to a marker file that
    shows in the log means every earlier event has been handed over too.
    """
    import logging

    from mkdocs.livereload import LiveReloadServer

    from generator.mkdocs_plugin import _inotify_emitter, _watch

    content = tmp_path / "content"
    (content / "actors").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path / "site"))
    server.watch(str(tmp_path / "docs"))  # as MkDocs watches docs_dir before the plugin's hook
    _watch(server, str(content))
    kinds = sorted(type(e).__name__ for e in server.observer.emitters)
    if _inotify_emitter(str(content)) is None:
        assert kinds == ["PollingEmitter", "PollingEmitter"]  # no inotify here: MkDocs' own polling
        return
    assert kinds == ["EditsEmitter", "PollingEmitter"]  # the docs folder keeps MkDocs' watcher
    caplog.set_level(logging.DEBUG, logger="mkdocs.livereload")

    def handed(name: str) -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "mkdocs.livereload" and f"{name}'" in r.getMessage()]

    def write_and_wait(name: str) -> None:
        (content / "actors" / name).write_text(f"name: {name}\n", encoding="utf-8")
        end = time.monotonic() + 60  # a generous bound for a loaded machine; the wait ends when it is seen
        while not handed(name) and time.monotonic() < end:
            time.sleep(0.01)
        assert handed(name), f"the edit of {name} under content/ was not seen"

    server.observer.start()
    try:
        write_and_wait("old.yaml")
        write_and_wait("marker-1.yaml")  # every event of the write above has been handed over
        caplog.clear()
        server._want_rebuild = False
        (content / "actors" / "old.yaml").read_text(encoding="utf-8")  # a rebuild reads files: not an edit
        write_and_wait("marker-2.yaml")  # any event of that read would have come before this one
        assert handed("old.yaml") == [], "reading a file under content/ was taken for an edit"
        assert server._want_rebuild, "the edit under content/ did not ask for a rebuild"
    finally:
        server.observer.stop()
        server.observer.join(5)
