"""Regenerate the golden Markdown files: ``make golden`` (or ``python -m tests.regen_golden``).

Golden files pin the rendered Markdown of one resolution, one actor and one
article from the shipped content, so a template change shows up as a diff.
"""

from pathlib import Path

from generator.pipeline import generate

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
PAGES = ["resolutions/2270.md", "actors/china.md",
         "articles/2016-03-02-china-gets-tough-on-north-korea-sanctions.md"]


def golden_name(page: str) -> str:
    return page.replace("/", "__")


def rendered() -> dict[str, str]:
    pages = {p.path: p.text for p in generate(ROOT / "content").pages}
    return {page: pages[page] for page in PAGES}


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for page, text in rendered().items():
        (GOLDEN / golden_name(page)).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote tests/golden/{golden_name(page)}")


if __name__ == "__main__":
    main()
