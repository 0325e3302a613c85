"""Problems found in content, and the one exception type the core raises.

Every problem names a file, a line and (when known) a column, says what is
wrong and how to fix it. The core collects all problems of a run before it
stops, in the manner of mkdocs' ``load_config``: report everything, then fail once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.text import md

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content.

    Its arguments come in the order :meth:`Problems.add` takes them. Ordered by
    file, line, column (then message) so reports are stable from run to run.
    """

    file: str
    line: int
    message: str
    fix: str = ""
    col: int = 0
    severity: Severity = "error"

    def _key(self) -> tuple:
        return (self.file, self.line, self.col, self.message, self.fix, self.severity)

    def __lt__(self, other: "Problem") -> bool:
        return self._key() < other._key()

    def format(self) -> str:
        """``file:line:col: error: message. Fix: ...`` on one line."""
        where = f"{self.file}:{self.line}" + (f":{self.col}" if self.col else "")
        text = f"{where}: {self.severity}: {self.sentence()}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text

    def sentence(self) -> str:
        """The message ending in a full stop, so ``Fix:`` reads as a new sentence."""
        return self.message if self.message.endswith((".", "?", "!")) else self.message + "."


@dataclass
class Problems:
    """An accumulator that stages append to; raises once at the end."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, line: int, message: str, fix: str = "", col: int = 0,
            severity: Severity = "error") -> None:
        self.items.append(Problem(file, line, message, fix, col, severity))

    def warn(self, file: str, line: int, message: str, fix: str = "", col: int = 0) -> None:
        self.add(file, line, message, fix, col, "warning")

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "warning")

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.errors, self.warnings)


class ContentError(Exception):
    """The content has problems; ``problems`` lists every one of them.

    This is the only exception the core lets escape for bad input.
    """

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(problems)
        self.warnings = sorted(warnings or [])
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in content:\n"
                         + "\n".join(p.format() for p in self.problems))


def problems_markdown(problems: list[Problem]) -> str:
    """A Markdown admonition listing ``problems`` (file:line, what is wrong, the fix), every part escaped.

    ``serve`` puts it at the top of every page while the content has errors, so the preview shows them.
    """
    count = len(problems)
    lines = [f'!!! failure "{count} content error{"s" if count != 1 else ""}: the pages below are not up to date"',
             "", "    Fix these files and save; the preview rebuilds by itself.", ""]
    for p in sorted(problems):
        where = f"{p.file}:{p.line}" + (f":{p.col}" if p.col else "")
        fix = f" **Fix:** {md(p.fix)}" if p.fix else ""
        lines.append(f"    - `{where.replace('`', chr(39))}` {p.severity}: {md(p.sentence())}{fix}")
    return "\n".join(lines) + "\n\n"
