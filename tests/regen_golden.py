"""Regenerate the golden Markdown files: ``make golden`` (or ``python -m tests.regen_golden``).

Golden files pin the rendered Markdown of one page of every type from the shipped content (home,
each index, a resolution, a veto, a state, a person, an event, a measure, an article, a designation, a
section's print view, About, the report, the downloads page), so a template change shows up as a diff. They are
rendered without the git history (whose dates move with every commit); tests/test_history.py pins pages
rendered from a repository of fixed commits.
"""

import shutil
from pathlib import Path

from generator.history import History
from generator.pipeline import generate

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
PAGES = ["index.md", "about.md", "resolutions/index.md", "resolutions/2270.md", "resolutions/vetoed-2022-05-26.md",
         "actors/index.md", "actors/china.md", "actors/wang-yi.md", "events/index.md",
         "events/nuclear-test-2016-01-06.md", "measures/index.md", "measures/coal.md", "articles/index.md",
         "articles/2016-03-02-china-gets-tough-on-north-korea-sanctions.md", "designations/index.md",
         "designations/bank-of-east-land.md", "designations/print_view.md", "reports/index.md", "data/index.md",
         "changes/index.md"]
#: What the golden pages are dated by: no history (the note is what a tarball's build shows).
NO_HISTORY = History.unavailable("No change history: golden files are rendered without one.")


def golden_name(page: str) -> str:
    return page.replace("/", "__")


def rendered() -> dict[str, str]:
    pages = {p.path: p.text for p in generate(ROOT / "content", history=NO_HISTORY).pages}
    return {page: pages[page] for page in PAGES}


def history_pages() -> dict[str, str]:
    """The "What changed" page and the feed of tests/test_history.py's repository of fixed commits."""
    import tempfile

    from tests.test_history import HISTORY_PAGES, make_repo

    with tempfile.TemporaryDirectory() as tmp:
        pages = {p.path: p.text for p in generate(make_repo(Path(tmp))).pages}
    return {page: pages[page] for page in HISTORY_PAGES}


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for page, text in rendered().items():
        (GOLDEN / golden_name(page)).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote tests/golden/{golden_name(page)}")
    if shutil.which("git") is None:
        print("git is not installed: tests/golden/history/ was left as it was")
        return
    (GOLDEN / "history").mkdir(exist_ok=True)
    for page, text in history_pages().items():
        (GOLDEN / "history" / golden_name(page)).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote tests/golden/history/{golden_name(page)}")


if __name__ == "__main__":
    main()
