"""Publishing the site is atomic, locked and tidy, whatever happens to the build.

* ``kill -9`` at random moments of ``python -m generator build`` (the seed is printed, and
  ``PUBLISH_SEED`` replays it), at least four after each of: its launch, its taking the work folder,
  its making the staging folder: site/ is never missing or partial, and the next build deletes
  the staging folders the killed ones left.
* Two builds started together: one waits for the other's lock; both succeed; site/ is whole.
* A read-only output folder and a full disk (small tmpfs mounts; skipped where mounting is not
  allowed) give one message, no traceback, and leave the old site as it was.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.write import clean_stale, mirror, mirror_record, staged
from tests.conftest import make_content, make_project

def _cmd(project: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--site-dir", str(site), "-f", str(project / "mkdocs.yml")]


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(_cmd(project, site), cwd=project, env=_env(), capture_output=True, text=True, timeout=600)


def _files(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in sorted(site.rglob("*")) if p.is_file()}


def _leftovers(folder: Path, name: str = "site") -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((f".{name}-new-", f".{name}-old-")))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("publish") / "project")
    make_content(project)
    return project


@pytest.fixture(scope="module")
def baseline(project) -> tuple[dict[str, int], float]:
    """(files of a whole site, seconds one build takes)."""
    site = project / "baseline-site"
    start = time.monotonic()
    proc = _build(project, site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return _files(site), time.monotonic() - start


def _whole(site: Path, want: dict[str, int]) -> None:
    assert site.is_dir() and not site.is_symlink(), f"{site} is missing"
    got = _files(site)
    assert sorted(got) == sorted(want), f"partial site: {sorted(set(want) ^ set(got))[:10]}"
    assert got["index.html"] > 1000


def _timed(project: Path, site: Path, *extra: str) -> float:
    start = time.monotonic()
    proc = subprocess.run(_cmd(project, site) + list(extra), cwd=project, env=_env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return time.monotonic() - start


#: When a kill's delay starts: at launch; once the build holds its work folder (its ``.building`` mark is
#: touched, before MkDocs runs); once it has made its staging folder (copying into it, then the swap).
TRIGGERS = ("launch", "work", "staging")
#: Kills that must land after each trigger, and the most builds started to get them.
KILLS_PER_TRIGGER, ATTEMPTS = 4, 30


def _kill_after(project: Path, site: Path, kind: str, trigger: str, delay: float) -> tuple[str, float]:
    """Start a build, ``kill -9`` it ``delay`` s after ``trigger``; ("killed" | "finished" | "missed", s after it).

    "finished": it ended before the kill (the second value is how long it ran after the trigger, for the
    next delay); "missed": it ended before the trigger was seen (too quick for the poll).
    """
    mark = project / ".cache" / "briefing" / "site.building"
    for record in mark.parent.glob("nochange-*.json"):
        record.unlink()  # else a build after one that finished changes nothing, and runs no MkDocs to kill
    before = set(_leftovers(project))
    touched = mark.stat().st_mtime_ns if mark.exists() else None  # a killed build's mark stays
    proc = subprocess.Popen(_cmd(project, site) + ([kind] if kind else []), cwd=project, env=_env(),
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def seen() -> bool:
        if trigger == "work":
            try:
                return mark.stat().st_mtime_ns != touched  # touched by this build
            except FileNotFoundError:
                return False
        return trigger == "launch" or bool(set(_leftovers(project)) - before)

    while not seen():
        if proc.poll() is not None:
            return "missed", 0.0
        time.sleep(0.001)
    at = time.monotonic()
    try:
        proc.wait(delay)
        return "finished", time.monotonic() - at
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the build and the MkDocs it runs, as a cancelled CI job
    except ProcessLookupError:
        pass
    return ("killed" if proc.wait() == -signal.SIGKILL else "finished"), time.monotonic() - at


def test_kill_9_at_random_moments_never_leaves_site_missing_or_partial(project, baseline, capsys):
    """A build killed at any moment leaves site/ whole, and the next build tidies up.

    The kill moments are not guessed from one timing (a loaded machine makes later builds slower or
    faster): each delay is drawn from how long the last build that outran its kill still ran after the
    same trigger, and the test runs builds until enough kills landed after each trigger.
    """
    want, _ = baseline
    site = project / "site"
    # Builds reuse MkDocs' work folder (.cache/briefing/site) unless --clean: time both kinds.
    durations = {"--clean": _timed(project, site, "--clean"), "": _timed(project, site)}
    _whole(site, want)
    seed = int(os.environ.get("PUBLISH_SEED", random.SystemRandom().randrange(2**32)))
    with capsys.disabled():
        print(f"\n[test_publish] kill -9 seed: {seed} (PUBLISH_SEED={seed} replays it); a build takes "
              f"{durations['--clean']:.1f} s clean, {durations['']:.1f} s incremental")
    rng = random.Random(seed)
    # How long a build still runs after each trigger; "work" and "staging" are learnt from the builds.
    left = {(kind, trigger): durations[kind] if trigger != "staging" else 0.05
            for kind in durations for trigger in TRIGGERS}
    kills = dict.fromkeys(TRIGGERS, 0)
    outcomes = []
    for attempt in range(ATTEMPTS):
        short = [t for t in TRIGGERS if kills[t] < KILLS_PER_TRIGGER]
        if not short:
            break
        trigger, kind = short[attempt % len(short)], rng.choice(["--clean", ""])
        outcome, after = _kill_after(project, site, kind, trigger, rng.uniform(0, left[kind, trigger]))
        outcomes.append((trigger, kind or "incremental", outcome))
        if outcome == "finished":
            left[kind, trigger] = after * 0.9
        kills[trigger] += outcome == "killed"
        _whole(site, want)  # never missing, never partial, whatever the kill hit
    with capsys.disabled():
        print(f"[test_publish] {len(outcomes)} builds; kills after each trigger: {kills}; "
              f"{sum(o == 'finished' for *_, o in outcomes)} finished first, "
              f"{sum(o == 'missed' for *_, o in outcomes)} ended before their trigger was seen")
    # The next build deletes what the killed ones left, and publishes as usual.
    proc = _build(project, site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _whole(site, want)
    assert _leftovers(project) == []
    assert min(kills.values()) >= KILLS_PER_TRIGGER, f"kills that landed after each trigger: {kills}; {outcomes}"


def test_two_builds_together_both_succeed_one_after_the_other(project, baseline):
    want, _ = baseline
    site = project / "site-together"
    procs = [subprocess.Popen(_cmd(project, site), cwd=project, env=_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    for proc, (out, err) in zip(procs, outs):
        assert proc.returncode == 0, out + err
        assert "Traceback" not in err
    _whole(site, want)
    assert _leftovers(project, "site-together") == []


def test_a_stale_folder_is_deleted_but_a_live_one_is_not(tmp_path):
    import fcntl

    out = tmp_path / "site"
    stale, live = tmp_path / ".site-new-dead", tmp_path / ".site-new-live"
    for folder in (stale, live):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "x.html").write_text("x")
    fd = os.open(live, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_SH)  # as a running build holds its staging folder
    try:
        assert clean_stale(out) == [stale]
    finally:
        os.close(fd)
    assert not stale.exists() and live.exists()



# --- copying the work folder: unchanged files are hard links to the published ones ----------------------------

def _publish(src: Path, out: Path, record: dict | None) -> dict:
    with staged(out) as staging:
        made = mirror(src, staging, out.resolve(), record)
    return mirror_record(made, out.resolve())


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_publishing_links_only_files_unchanged_since_the_last_copy(tmp_path, monkeypatch):
    from generator import write as write_module

    monkeypatch.setattr(write_module, "RACY_NS", 0)  # trust every stat at once (the files are seconds old)
    src, out = tmp_path / "work", tmp_path / "site"
    for rel in ("a.html", "sub/b.html", "sub/c.html", "d.html"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(f"<p>{rel}</p>\n")
    record = _publish(src, out, None)
    assert _contents(out) == _contents(src)
    inodes = {rel: (out / rel).stat().st_ino for rel in _contents(out)}
    before = (src / "sub/b.html").stat()
    with (src / "sub/b.html").open("r+") as fh:  # rewritten in place, same size, its mtime put back
        fh.write("<p>B")
    os.utime(src / "sub/b.html", ns=(before.st_atime_ns, before.st_mtime_ns))
    (src / "d.html").unlink()
    (src / "e.html").write_text("<p>new</p>\n")
    (out / "a.html").write_text("<p>edited in the site</p>\n")  # a published file changed since: copied again
    inodes["a.html"] = (out / "a.html").stat().st_ino
    record = _publish(src, out, record)
    assert _contents(out) == _contents(src)
    assert (out / "sub/c.html").stat().st_ino == inodes["sub/c.html"]  # unchanged: the same file, linked
    assert (out / "sub/b.html").stat().st_ino != inodes["sub/b.html"]
    assert (out / "a.html").stat().st_ino != inodes["a.html"]
    # The work folder never shares a file with the site: a builder writing into it in place cannot touch the site.
    site = _contents(out)
    for path in src.rglob("*.html"):
        assert path.stat().st_ino not in {p.stat().st_ino for p in out.rglob("*.html")}
        with path.open("r+") as fh:
            fh.write("XX")
    assert _contents(out) == site
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]  # no staging folder left


@pytest.mark.parametrize("record", [{"a.html": "x"}, {"a.html": [[1, 2], None]}, {"a.html": [[], []]}, {"../x": 5}])
def test_a_damaged_publish_record_means_copies(tmp_path, record):
    src, out = tmp_path / "work", tmp_path / "site"
    src.mkdir()
    (src / "a.html").write_text("<p>a</p>\n")
    _publish(src, out, None)
    _publish(src, out, record)
    assert _contents(out) == _contents(src)


# --- read-only output and full disk: small tmpfs mounts -------------------------------------------------------

def _mount(point: Path, options: str) -> None:
    point.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip() or 'not root'}); "
                    "the read-only and full-disk cases need one")


def _umount(point: Path) -> None:
    subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _assert_one_clear_message(proc: subprocess.CompletedProcess, reason: str) -> None:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "error: cannot write the output" in line]
    assert len(lines) == 1, proc.stderr
    assert reason in lines[0] and " Fix: " in lines[0] and "was left as it was" in lines[0], lines[0]


def test_read_only_output_gives_one_message_and_keeps_the_old_site(project, baseline, tmp_path):
    want, _ = baseline
    point = tmp_path / "ro"
    _mount(point, "size=64m")
    try:
        site = point / "site"
        assert _build(project, site).returncode == 0
        before = _files(site)
        subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)
        # --clean: with nothing changed the build would leave the site as it is, and write nothing.
        proc = subprocess.run(_cmd(project, site) + ["--clean"], cwd=project, env=_env(), capture_output=True,
                              text=True, timeout=600)
        _assert_one_clear_message(proc, "Read-only file system")
        assert _files(site) == before == want
    finally:
        _umount(point)


def test_full_disk_gives_one_message_and_keeps_the_old_site(project, baseline, tmp_path):
    want, _ = baseline
    point = tmp_path / "full"
    # Room for one site and a half: the first build fits, the second runs out of space half-way.
    size = sum(want.values()) * 3 // 2 + 256 * 1024
    _mount(point, f"size={size}")
    try:
        site = point / "site"
        first = _build(project, site)
        assert first.returncode == 0, first.stderr
        before = _files(site)
        # --clean rewrites every file, so none is a hard link to the published one (those take no room).
        proc = subprocess.run(_cmd(project, site) + ["--clean"], cwd=project, env=_env(), capture_output=True,
                              text=True, timeout=600)
        _assert_one_clear_message(proc, "No space left on device")
        assert _files(site) == before == want
        assert _leftovers(point) == []
    finally:
        _umount(point)
