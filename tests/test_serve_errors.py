"""`briefing serve` shows content errors on every page instead of hanging, and recovers once fixed.

A real server on a free port, on a throwaway project with the minimal content set: break a fact file,
and every page (hand-written and generated) lists the problem with file:line and the fix; fix it, and
the pages are back without the list. Each request must answer within a few seconds (a failed rebuild
used to leave every request hanging).
"""

from __future__ import annotations

import os
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
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, predicate, timeout: float = 90) -> str:
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


@pytest.mark.skipif(not BRIEFING.exists(), reason="the `briefing` command is installed by `make test`")
def test_serve_shows_content_errors_on_every_page_and_recovers(tmp_path):
    project = make_project(tmp_path / "project")
    make_content(project)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([str(BRIEFING), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        good = wait_for(base + "resolutions/2270.html", lambda html: "2270" in html)
        assert "content error" not in good
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
        assert proc.poll() is None, "the server stopped"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
