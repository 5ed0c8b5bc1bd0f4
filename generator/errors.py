"""The project's exceptions and the compiler-style diagnostics users see."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one input file, printed as ``file:line:col: path: message``."""

    file: str
    line: int
    column: int
    path: str
    message: str

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file

    @property
    def detail(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def __str__(self) -> str:
        return f"{self.location}: {self.detail}"


class PlaybookError(Exception):
    """Root of every error this project raises on purpose."""


class UserError(PlaybookError):
    """Something the user must fix; the CLI prints it and exits 1, without a traceback."""


class ValidationFailed(UserError):
    """One or more input files are invalid; carries every diagnostic found in the run."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        count = len(self.diagnostics)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found")

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)
