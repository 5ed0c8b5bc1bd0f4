"""The coaching guide (§6): what the partner manager does in the next meeting with one partner.

The words live in ``content/model/coaching.yaml``; :func:`build_guide` picks the lines that fit
one plan (archetype, overlays, 90-day plays, and the conditions the engine decided) and fills
them with the partner's figures (render/facts.py). Pure: a plan in, a frozen
:class:`CoachingGuide` out; nothing is computed or rendered here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from jinja2 import Environment
from markupsafe import Markup

from ..domain import CODE, Archetype, Dimension, Mode, Overlay, Pattern, QbrDepth
from ..engine.figures import Figure
from ..engine.planning import PartnerPlan
from ..inputs.coaching import CoachingLibrary, Currency, Lines
from ..inputs.playbook import Playbook
from ..wording import date_words, percent
from .facts import Facts, facts
from .formatting import KEY_FIGURES
from .whatif import WhatIf, what_if

TEMPLATE = "coaching.html.j2"


@dataclass(frozen=True, slots=True)
class Item:
    """One filled-in line with a short label: a figure to show, a currency, a note."""

    label: str
    text: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Opener:
    code: str
    name: str
    score: int | None  # None = unknown
    target: int
    self_score: int | None
    evidence: str
    question: str
    comment: str | None  # the partner manager's internal comment on this dimension


@dataclass(frozen=True, slots=True)
class QbrItem:
    title: str
    minutes: int
    detail: str


@dataclass(frozen=True, slots=True)
class Header:
    """Who, when, and the shape of the plan."""

    partner: str
    partner_manager: str
    assessed: str
    next_meeting: str | None
    tier: str
    archetype: Archetype
    overlays: tuple[Overlay, ...]
    mode: Mode
    growth_story: str
    capability_index: float
    capacity_index: float | None
    high_capability: float
    high_capacity: float
    data_gate: tuple[str, ...]  # why the data gate is on; empty when off


@dataclass(frozen=True, slots=True)
class Meeting:
    """The next meeting as steps."""

    goal: str
    grow: tuple[str, str, str, str]  # goal, reality, options, will: the GROW questions
    partner_goals: tuple[str, ...]
    show: tuple[Item, ...]  # label: the figure; text: what it says for this partner
    ask: tuple[str, ...]
    commit: tuple[str, ...]
    give: tuple[str, ...]
    avoid: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reviews:
    """Deal reviews and the weekly pipeline review."""

    leader: str
    press: tuple[Item, ...]  # SMB-6 questions to press on; note: the weak capability behind it
    meddpicc: tuple[str, ...]
    pipeline_checklist: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Forecast:
    pattern: Pattern
    reading: Item  # label: the pattern's name; text: the reading with the figures
    actions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Notes:
    internal: str | None
    relationship: str | None
    capability_comments: tuple[Item, ...]  # label: the dimension; those without an opener
    shared: str | None


@dataclass(frozen=True, slots=True)
class CoachingGuide:
    """Everything the coaching page shows, already chosen and filled in for one partner."""

    header: Header
    stance: str
    pm_hours_per_month: float
    focus: tuple[str, ...]
    meeting: Meeting
    currencies: tuple[Item, ...]  # label: the family; text: how to use it here; note: offers
    openers: tuple[Opener, ...]
    reviews: Reviews
    forecast: Forecast
    qbr_depth: QbrDepth
    qbr: tuple[QbrItem, ...]
    notes: Notes
    stop: tuple[str, ...]
    facts: Mapping[str, str]  # the partner's figures as the texts quote them
    notices: tuple[str, ...]  # a stale assessment, a next meeting already past
    warnings: tuple[str, ...]  # about the data behind the plan (the engine's, for you only)
    figures: tuple[Figure, ...]  # the key figures, exactly, with their formulas and inputs
    focus_play: str | None  # the first 90-day play, where the partner manager's hours go
    whatif: WhatIf | None  # every scenario, shared or not, with the one to propose


class _Filler:
    """Fills texts with the partner's facts; repeated lines appear once."""

    def __init__(self, values: Facts) -> None:
        self.values = values

    def one(self, text: str) -> str:
        return text.format_map(self.values)

    def many(self, texts: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.one(t) for t in texts))


@dataclass(frozen=True, slots=True)
class _Sources:
    """The library pieces that apply, in order: framing first (archetype, overlays), then the
    forecast pattern when the data gate is on, the 90-day plays in plan order and the rules."""

    gated: tuple[Lines, ...]
    framing: tuple[Lines, ...]
    rest: tuple[Lines, ...]
    goal: str

    @property
    def all(self) -> tuple[Lines, ...]:
        return (*self.framing, *self.rest)

    def collect(self, fill: _Filler, pick: Callable[[Lines], Sequence[str]]) -> tuple[str, ...]:
        return fill.many(t for s in self.all for t in pick(s))


def _sources(plan: PartnerPlan, lib: CoachingLibrary) -> _Sources:
    arche, overlays = lib.archetypes[plan.archetype], [lib.overlays[o] for o in plan.overlays]
    gated: list[Lines] = [lib.forecast.patterns[plan.forecast_pattern]] if plan.data_gate else []
    rest = [
        *gated,
        *(lib.plays[p] for p in plan.plan_90_day if p in lib.plays),
        *(r for r in lib.rules if r.when in plan.conditions),
    ]
    goals = [
        *(o.goal for o in overlays),
        arche.meeting_goal if arche.goal_first else None,
        *(s.goal for s in rest),
        arche.meeting_goal,
    ]
    goal = next(g for g in goals if g)
    return _Sources(tuple(gated), (arche, *overlays), tuple(rest), goal)


def _gate_reasons(plan: PartnerPlan, model: Playbook) -> tuple[str, ...]:
    """Why the data gate is on, in words with the figures; empty when it is off."""
    t, cap = model.program.thresholds, plan.capability
    out = []
    for reason in plan.data_gate_reasons:
        if reason == "accuracy":
            limit = percent(t.forecast_accuracy_gate)
            out.append(f"forecast accuracy {percent(cap.forecast_accuracy)} is below {limit}")
        elif reason == "bias":
            limit = percent(t.forecast_bias_gate)
            out.append(f"bias {percent(cap.forecast_bias, signed=True)} is beyond ±{limit}")
        else:
            out.append(
                f"{CODE[reason]} {model.rubric.dimension(reason).name} is at {cap.used(reason)}"
            )
    return tuple(out)


def _header(plan: PartnerPlan, model: Playbook, story: str) -> Header:
    a, cap, t = plan.assessment, plan.capability, model.program.thresholds
    meeting = a.assessment.next_meeting
    return Header(
        partner=a.partner.name,
        partner_manager=a.partner.partner_manager,
        assessed=date_words(a.assessment.date),
        next_meeting=None if meeting is None else date_words(meeting),
        tier=a.partner.tier.value,
        archetype=plan.archetype,
        overlays=plan.overlays,
        mode=plan.growth.mode,
        growth_story=story,
        capability_index=cap.capability_index,
        capacity_index=plan.chain.ceilings.capacity_index,
        high_capability=t.high_capability,
        high_capacity=t.high_capacity,
        data_gate=_gate_reasons(plan, model),
    )


def _meeting(plan: PartnerPlan, lib: CoachingLibrary, src: _Sources, fill: _Filler) -> Meeting:
    shown: dict[str, Item] = {}
    for show in (item for s in (*src.gated, *src.all) for item in s.show):  # forecast first
        shown.setdefault(show.figure, Item(show.figure, fill.one(show.detail)))
    g = lib.grow
    return Meeting(
        goal=fill.one(src.goal),
        grow=(fill.one(g.goal), fill.one(g.reality), fill.one(g.options), fill.one(g.will)),
        partner_goals=tuple(plan.assessment.goals.partner_own),
        show=tuple(shown.values())[: lib.thresholds.max_show],
        ask=src.collect(fill, lambda s: s.ask),
        commit=src.collect(fill, lambda s: s.commit),
        give=src.collect(fill, lambda s: s.give),
        avoid=src.collect(fill, lambda s: s.avoid),
    )


def _reviews(plan: PartnerPlan, model: Playbook, fill: _Filler) -> Reviews:
    lib, met = model.coaching, plan.conditions
    return Reviews(
        leader="the sales manager" if plan.assessment.team.has_sales_manager else "the owner",
        press=_press(plan, model),
        meddpicc=tuple(el.name for el in lib.deal_reviews.meddpicc),
        pipeline_checklist=fill.many(
            line.text for line in lib.pipeline_checklist if line.when is None or line.when in met
        ),
    )


def _qbr(plan: PartnerPlan, model: Playbook, fill: _Filler) -> tuple[QbrItem, ...]:
    depth = model.program.tiers[plan.assessment.partner.tier].qbr
    return tuple(
        QbrItem(b.title, b.minutes, fill.one(text))
        for b in model.coaching.qbr
        if depth in b.depths
        for text in [b.detail if b.when is None or b.when in plan.conditions else b.otherwise]
        if text
    )


def _notes(plan: PartnerPlan, model: Playbook, openers: tuple[Opener, ...]) -> Notes:
    a, with_opener = plan.assessment, {o.code for o in openers}
    comments = a.internal.capability_comments
    return Notes(
        internal=a.internal.notes,
        relationship=a.internal.relationship,
        capability_comments=tuple(  # the rest are shown with their opener
            Item(f"{CODE[d]} {model.rubric.dimension(d).name}", comments[d])
            for d in Dimension
            if d in comments and CODE[d] not in with_opener
        ),
        shared=a.notes,
    )


def _currencies(plan: PartnerPlan, lib: CoachingLibrary) -> list[tuple[Currency, str]]:
    """The best-fitting currency families (ties in library order) and the use that applies."""

    def score(cur: Currency) -> int:
        f = cur.fits
        return (
            (plan.archetype in f.archetypes)
            + sum(o in f.overlays for o in plan.overlays)
            + (plan.growth.mode in f.modes)
            + sum(w in plan.conditions for w in f.when)
        )

    ranked = sorted((cur for cur in lib.currencies if score(cur) > 0), key=lambda cur: -score(cur))
    return [
        (cur, next(u.text for u in cur.uses if u.when is None or u.when in plan.conditions))
        for cur in ranked[: lib.thresholds.max_currencies]
    ]


def _openers(plan: PartnerPlan, model: Playbook, most: int) -> tuple[Opener, ...]:
    """Dimensions below the tier target, lowest first, then any self-score far from ours."""
    a, dims, order = plan.assessment, plan.capability.dimensions, list(Dimension)
    weak = sorted(
        (r for r in dims if r.gap > 0),
        key=lambda r: (r.used, -r.gap, -abs(r.self_gap or 0), order.index(r.dimension)),
    )
    chosen = weak[:most]
    chosen += [r for r in dims if r.opener and r not in chosen]
    return tuple(
        Opener(CODE[r.dimension], spec.name, r.score, r.target, r.self_score,
               a.capabilities.get(r.dimension).evidence, spec.opener,
               a.internal.capability_comments.get(r.dimension))
        for r in chosen for spec in [model.rubric.dimension(r.dimension)]
    )  # fmt: skip


def _press(plan: PartnerPlan, model: Playbook) -> tuple[Item, ...]:
    """SMB-6 questions tied to the partner's weakest capabilities, the largest gap first."""
    gaps, lib = {r.dimension: r for r in plan.capability.dimensions}, model.coaching
    scored = sorted(
        (
            (max((gaps[d].gap for d in el.dimensions), default=0), i, el)
            for i, el in enumerate(lib.deal_reviews.smb6)
        ),
        key=lambda x: (-x[0], x[1]),
    )
    return tuple(
        Item(el.name, el.question, "; ".join(
            f"{CODE[d]} {model.rubric.dimension(d).name} at {gaps[d].used} against a target of "
            f"{gaps[d].target}" for d in el.dimensions if gaps[d].gap > 0))
        for gap, _, el in scored[: lib.thresholds.max_press] if gap > 0
    )  # fmt: skip


def build_guide(plan: PartnerPlan, model: Playbook) -> CoachingGuide:
    """Choose and fill the coaching lines for one partner's plan."""
    lib = model.coaching
    values = facts(plan, model)
    values["growth_story"] = lib.modes[plan.growth.mode].format_map(values)
    fill, src = _Filler(values), _sources(plan, lib)
    arche, pattern = lib.archetypes[plan.archetype], lib.forecast.patterns[plan.forecast_pattern]
    openers = _openers(plan, model, lib.thresholds.max_openers)
    return CoachingGuide(
        header=_header(plan, model, values["growth_story"]),
        stance=fill.one(arche.stance),
        pm_hours_per_month=arche.pm_hours_per_month,
        focus=src.collect(fill, lambda s: s.focus),
        meeting=_meeting(plan, lib, src, fill),
        currencies=tuple(
            Item(cur.family, fill.one(use), cur.offers) for cur, use in _currencies(plan, lib)
        ),
        openers=openers,
        reviews=_reviews(plan, model, fill),
        forecast=Forecast(
            plan.forecast_pattern,
            Item(pattern.name, fill.one(pattern.reading)),
            fill.many(pattern.actions),
        ),
        qbr_depth=model.program.tiers[plan.assessment.partner.tier].qbr,
        qbr=_qbr(plan, model, fill),
        notes=_notes(plan, model, openers),
        stop=src.collect(fill, lambda s: s.stop),
        facts=MappingProxyType(values),
        notices=tuple(t.format_map(values) for t in _notice_texts(plan, model)),
        warnings=plan.warnings,
        figures=tuple(
            plan.figures[k] for _, keys in KEY_FIGURES for k in keys if k in plan.figures
        ),
        focus_play=(
            model.plays.play(plan.plan_90_day[0]).name.lower() if plan.plan_90_day else None
        ),
        whatif=what_if(plan, model, shared_only=False),
    )


def _notice_texts(plan: PartnerPlan, model: Playbook) -> list[str]:
    n, text = plan.year.notices, model.plan.notices
    return [t for t, on in ((text.stale, n.stale), (text.meeting_passed, n.meeting_passed)) if on]


def coaching_page(plan: PartnerPlan, model: Playbook, env: Environment) -> str:
    """The coaching guide as an HTML fragment (``env`` must autoescape), for the site path
    ``partners/<slug>/coaching.md``."""
    guide = build_guide(plan, model)
    chart = None if guide.whatif is None else Markup(guide.whatif.chart)  # escaped by charts.py
    return env.get_template(TEMPLATE).render(guide=guide, slug=plan.slug, whatif_chart=chart)
