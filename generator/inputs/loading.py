"""Find, parse and validate every assessment; report every problem of every file in one go.

Layout on disk: ``assessments/<slug>/<YYYY-MM-DD>.yaml``, one folder per partner and one file per
dated assessment. The newest file drives the plan; earlier ones are kept for trends.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Diagnostic, UserError, ValidationFailed
from ..workers import in_parallel
from .assessment import Assessment, consistency_warnings
from .diagnostics import describe_errors, path_text
from .discovery import SUFFIXES, Names, Seen, Sight, check_slug, discover
from .discovery import shown as _shown
from .planyear import plan_end, plan_start
from .playbook import Playbook
from .rawtext import digest_of, read_capped
from .scenarios import outside, scenario_months
from .yamlsafe import Parsed, YamlProblem, parse

__all__ = [
    "ASSESSMENTS_DIR",
    "SUFFIXES",
    "AssessmentStore",
    "LoadedAssessment",
    "PartnerRecord",
    "Portfolio",
    "check_slug",
    "load_portfolio",
]

ASSESSMENTS_DIR = Path("assessments")


@dataclass(frozen=True)
class Checked:
    """What the checks after validation need of a valid file: small enough to keep between
    runs, so an unchanged file is neither parsed nor validated again (see buildcache.py)."""

    date: dt.date
    segment: str | None
    next_meeting: dt.date | None
    positions: dict[str, tuple[int, int]]  # of the fields below, by dotted path
    warnings: tuple[tuple[str, str], ...]  # consistency_warnings(): (dotted path, message)
    months: tuple[tuple[str, str], ...] = ()  # scenario hire and leaving months: (path, month)


@dataclass(frozen=True)
class LoadedAssessment:
    """One valid assessment file, with the path to show users (read through the store)."""

    path: Path
    digest: bytes  # of the file's bytes: what the build cache keys on
    date: dt.date
    next_meeting: dt.date | None

    @functools.cached_property
    def shown(self) -> str:
        """The path as users see it (worked out when a message needs it)."""
        return _shown(self.path)


@dataclass(frozen=True)
class PartnerRecord:
    """One partner: its slug and its assessments, oldest first; ``latest`` drives the plan."""

    slug: str
    assessments: tuple[LoadedAssessment, ...]

    @property
    def latest(self) -> LoadedAssessment:
        return self.assessments[-1]


class ModelData(dict[str, Any]):
    """The playbook model's files as parsed (see inputs/modelfile.py), by the digest of their
    bytes; ``used`` names those this load read or parsed, the ones worth keeping."""

    def __init__(self, saved: dict[str, Any] | None = None) -> None:
        super().__init__(saved or {})
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.used.add(key)
        return super().__getitem__(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.used.add(key)
        super().__setitem__(key, value)


class AssessmentStore:
    """Valid assessment files by content hash: the small :class:`Checked` record of each (which
    the build cache keeps between runs, so an unchanged file is neither parsed nor validated
    again) and, once read, the assessment itself. A cache passed in, never a global."""

    def __init__(
        self,
        checked: dict[bytes, Checked] | None = None,
        seen: Seen | None = None,
        models: dict[str, Any] | None = None,
    ) -> None:
        self.checked: dict[bytes, Checked] = dict(checked or {})
        self.restored = frozenset(self.checked)
        self.models = ModelData(models)
        self.models_restored = frozenset(self.models)
        self._read: dict[bytes, Assessment] = {}
        # What the last load saw of the folders (files not read again while their stamp
        # holds), and this load's, for the next.
        self.sight = Sight(seen)

    def keep(self, digest: bytes, checked: Checked, assessment: Assessment) -> None:
        self.checked[digest] = checked
        self._read[digest] = assessment

    def read(self, item: LoadedAssessment) -> Assessment:
        """The assessment of a valid file, parsed from disk the first time it is needed."""
        found = self._read.get(item.digest)
        if found is None:
            try:
                raw = read_capped(item.path)
            except (OSError, YamlProblem):
                raw = b""
            if digest_of(raw) != item.digest:
                raise UserError(f"{item.shown} changed while the build was running; run it again")
            found = self._read[item.digest] = Assessment.model_validate(parse(raw).data)
        return found


@dataclass(frozen=True)
class Portfolio:
    partners: tuple[PartnerRecord, ...]
    warnings: tuple[Diagnostic, ...]
    store: AssessmentStore

    def partner(self, slug: str) -> PartnerRecord | None:
        return next((p for p in self.partners if p.slug == slug), None)

    def latest(self, record: PartnerRecord) -> Assessment:
        return self.store.read(record.latest)

    def history(self, record: PartnerRecord) -> tuple[Assessment, ...]:
        """The partner's earlier assessments, oldest first."""
        return tuple(self.store.read(item) for item in record.assessments[:-1])

    @property
    def assessment_count(self) -> int:
        return sum(len(p.assessments) for p in self.partners)


def load_portfolio(
    paths: Sequence[Path], model: Playbook, store: AssessmentStore | None = None
) -> Portfolio:
    """Load and validate every assessment under ``paths``; raise ValidationFailed listing all.

    ``store`` holds files validated before (by content hash); it is filled with this run's.
    """
    store = store if store is not None else AssessmentStore()
    found = discover(paths, store.sight)
    problems, warnings = found.problems, found.warnings
    names = Names()
    read: list[tuple[Path, bytes, bytes]] = []  # file, bytes (unless known), digest
    for file in found.files:
        reason = names.problem(file)
        if reason:
            problems.append(Diagnostic(_shown(file), 0, 0, "", reason))
            continue
        read.append((file, *_bytes(file, store, problems)))
    _validate_new(read, store, problems)
    by_partner: dict[str, list[LoadedAssessment]] = {}
    for file, _, digest in read:
        known = store.checked.get(digest) if digest else None
        if known is None:
            continue  # invalid: its problems are listed
        loaded = _checked(
            LoadedAssessment(file, digest, known.date, known.next_meeting),
            known,
            model,
            problems,
            warnings,
        )
        if loaded is not None:
            by_partner.setdefault(file.parent.name, []).append(loaded)
    if problems:
        raise ValidationFailed(problems)
    partners = tuple(
        PartnerRecord(slug, tuple(sorted(items, key=lambda x: x.date)))
        for slug, items in sorted(by_partner.items())
    )
    return Portfolio(partners, tuple(sorted(warnings)), store)


def _bytes(file: Path, store: AssessmentStore, problems: list[Diagnostic]) -> tuple[bytes, bytes]:
    """A file's bytes and digest; not read (empty bytes) when the store knows it valid and its
    stamp is the one the last build saw. The stamp is kept for the next build (taken before the
    file is read: a change while it is read moves it); unreadable, the digest is empty."""
    sight, key = store.sight, str(file)
    try:
        stamp, trusted = sight.stamp(file.stat())
    except OSError:
        stamp, trusted = "", False  # reading it says why
    last = sight.last.files.get(key)
    known = _hex(last[1]) if last is not None and last[0] == stamp else None
    if known is not None and known in store.checked:
        raw, digest = b"", known
    else:
        found = _read(file, problems)
        if found is None:
            return b"", b""
        raw, digest = found, digest_of(found)
    if stamp:
        (sight.now if trusted else sight.fresh).files[key] = (stamp, digest.hex())
    return raw, digest


def file_digest(file: Path) -> str | None:
    """A file's digest (hex) as loading takes it, or None when it cannot be read."""
    try:
        return digest_of(read_capped(file)).hex()
    except (OSError, YamlProblem):
        return None


def _hex(text: str) -> bytes | None:
    try:
        return bytes.fromhex(text)
    except ValueError:  # a damaged record: the file is read
        return None


def _read(file: Path, problems: list[Diagnostic]) -> bytes | None:
    try:
        return read_capped(file)
    except OSError as exc:
        problems.append(Diagnostic(_shown(file), 0, 0, "", f"cannot read: {exc.strerror}"))
    except YamlProblem as exc:
        problems.append(Diagnostic(_shown(file), exc.line, exc.column, exc.path, exc.message))
    return None


# Validating is most of loading; from this many new files on, it runs on every core (the
# workers send back the small Checked records, and each assessment is parsed again when its
# partner is planned).
PARALLEL_FROM = 64


def _validate_new(
    read: list[tuple[Path, bytes, bytes]],
    store: AssessmentStore,
    problems: list[Diagnostic],
) -> None:
    """Validate the files the store does not know yet, each reporting its own problems."""
    todo = [(d, _shown(file), raw) for file, raw, d in read if d and d not in store.checked]
    if len(todo) < PARALLEL_FROM:
        for digest, shown, raw in todo:
            valid = _validate(shown, raw, problems)
            if valid is not None:
                store.keep(digest, *valid)
        return
    results = in_parallel(_validate_in_worker, todo, chunksize=16)
    for (digest, _, _), (known, listed) in zip(todo, results, strict=True):
        problems += listed
        if known is not None:
            store.checked[digest] = known


def _validate_in_worker(job: tuple[bytes, str, bytes]) -> tuple[Checked | None, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    found = _validate(job[1], job[2], problems)
    return (None if found is None else found[0]), problems


def _validate(
    shown: str, raw: bytes, problems: list[Diagnostic]
) -> tuple[Checked, Assessment] | None:
    """Parse and validate one file; the record of what later checks need, and the assessment."""
    validated = _validated(raw, shown, problems)
    if validated is None:
        return None
    assessment, parsed = validated
    found = consistency_warnings(assessment)
    months = list(scenario_months(assessment.scenarios))
    needed = [
        ("assessment", "date"),
        ("partner", "segment"),
        *(path for path, _ in found),
        *(path for path, _ in months),
    ]
    known = Checked(
        assessment.assessment.date,
        assessment.partner.segment,
        assessment.assessment.next_meeting,
        {path_text(path): parsed.position(path) for path in needed},
        tuple((path_text(path), message) for path, message in found),
        tuple((path_text(path), month) for path, month in months),
    )
    return known, assessment


def _months_outside(known: Checked, item: LoadedAssessment, after_days: int) -> list[Diagnostic]:
    """Scenario months must fall in the plan year (which depends on the model's start rule)."""
    if not known.months:
        return []
    start = plan_start(known.date, known.next_meeting, after_days)
    end = plan_end(start)
    year = f"{start.isoformat()} to {end.isoformat()}"
    out = []
    for path, month in known.months:
        if outside(month, start, end):
            line, col = known.positions[path]
            message = f"{month} is outside the plan year {year}"
            out.append(Diagnostic(item.shown, line, col, path, message))
    return out


def _validated(
    raw: bytes, shown: str, problems: list[Diagnostic]
) -> tuple[Assessment, Parsed] | None:
    """The assessment in ``raw`` and where its values sit, or None (and problems)."""
    try:
        parsed = parse(raw)
    except YamlProblem as exc:
        problems.append(Diagnostic(shown, exc.line, exc.column, exc.path, exc.message))
        return None
    if not isinstance(parsed.data, dict):
        problems.append(
            Diagnostic(
                shown,
                1,
                1,
                "",
                "expected sections like 'partner:' at the top "
                "level; run 'playbook new SLUG' for a commented template",
            )
        )
        return None
    try:
        return Assessment.model_validate(parsed.data), parsed
    except ValidationError as exc:
        problems.extend(describe_errors(exc.errors(), parsed, shown))
        return None


def _checked(
    item: LoadedAssessment,
    known: Checked,
    model: Playbook,
    problems: list[Diagnostic],
    warnings: list[Diagnostic],
) -> LoadedAssessment | None:
    """The checks that depend on the file's name and the program model, then the warnings
    (the path users see is worked out only for a message)."""
    before, file = len(problems), item.path
    if known.date.isoformat() != file.stem:
        line, col = known.positions["assessment.date"]
        problems.append(
            Diagnostic(
                item.shown,
                line,
                col,
                "assessment.date",
                f"must match the file name {file.stem}, got {known.date.isoformat()}",
            )
        )
    segments = model.program.segments
    if known.segment is not None and known.segment not in segments:
        line, col = known.positions["partner.segment"]
        problems.append(
            Diagnostic(
                item.shown,
                line,
                col,
                "partner.segment",
                f"must be one of {', '.join(sorted(segments))}, got {known.segment!r}",
            )
        )
    problems += _months_outside(known, item, model.plan.start_after_days)
    if len(problems) > before:
        return None
    for path, message in known.warnings:
        line, col = known.positions[path]
        warnings.append(Diagnostic(item.shown, line, col, path, f"warning: {message}"))
    return item
