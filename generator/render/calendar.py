"""The plan's cadence as a calendar (RFC 5545, written with the ``icalendar`` library, never by
hand): the recurring reviews from their first date to the plan's end, the quarterly reviews,
the milestones and the yearly refresh. A partner manager's calendar gathers the events of all
their partners as the library wrote them for each partner.

Events are all-day unless the assessment gives a meeting time and time zone. UIDs name the
partner and the event, never a date, so importing an updated file updates the events; DTSTAMP
is the assessment date and SEQUENCE the number of earlier assessments, so builds stay
byte-identical and a newer plan replaces an older one. Every text comes from the shared plan
(no internal text), and the library escapes it, so no text can add a property or an event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..engine.planning import PartnerPlan
from ..inputs.playbook import Playbook
from .plandoc import PlanDocument

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//Partner Playbook//Partnership cadence//EN"
DOMAIN = "partner-playbook"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One event of a partner's cadence, as plain data (cached with the partner)."""

    uid: str
    summary: str
    description: str
    start: dt.date
    freq: str | None  # "WEEKLY" or "MONTHLY" for a recurring review; None for one date
    interval: int
    until: dt.date
    minutes: int | None  # the meeting's length when it has a time; None for all-day
    time: str | None  # HH:MM in ``zone``
    zone: str | None
    stamp: dt.date
    sequence: int


def _qbr_dates(plan: PartnerPlan) -> list[dt.date]:
    ends, depth = plan.year.timeline.quarter_ends, plan.year.schedule.cadence.qbr_depth
    return [ends[1], ends[3]] if depth == "light" else list(ends)


@dataclass(frozen=True, slots=True)
class _Common:
    """What every event of one partner shares."""

    until: dt.date
    time: str | None
    zone: str | None
    stamp: dt.date
    sequence: int

    def event(
        self, uid: str, what: tuple[str, str], start: dt.date, rule: tuple[str | None, int],
        minutes: int | None,
    ) -> CalendarEvent:  # fmt: skip
        timed = self.time is not None and minutes is not None
        return CalendarEvent(
            uid, what[0], what[1], start, rule[0], rule[1], self.until,
            minutes if timed else None, self.time if timed else None,
            self.zone if timed else None, self.stamp, self.sequence,
        )  # fmt: skip


def events(plan: PartnerPlan, doc: PlanDocument, playbook: Playbook) -> tuple[CalendarEvent, ...]:
    """Every event of the partner's cadence, from the shared plan's words and dates."""
    a, t, c = plan.assessment, plan.year.timeline, plan.year.schedule.cadence
    text, info = playbook.plan.cadence, a.assessment
    timed = info.meeting_time is not None and info.time_zone is not None
    common = _Common(
        t.end, info.meeting_time if timed else None, info.time_zone if timed else None,
        info.date, len(plan.trend) - 1,
    )  # fmt: skip
    partner, slug = a.partner.name, plan.slug
    pipeline, deals, forecast, qbr, refresh = doc.cadence
    every = max(1, round(text.deal_review_every_days / 7))
    out = [
        common.event(f"{slug}-{key}@{DOMAIN}", (f"{partner}: {m.name}", f"{m.rhythm}. {m.who}."),
                     first, rule, minutes)
        for key, m, first, rule, minutes in (
            ("pipeline-review", pipeline, c.pipeline_review, ("WEEKLY", 1), c.minutes),
            ("deal-review", deals, c.deal_review, ("WEEKLY", every), text.deal_review.minutes),
            ("forecast-call", forecast, c.forecast_call, ("MONTHLY", 1),
             text.forecast_call.minutes),
        )
    ]  # fmt: skip
    dated = [(f"qbr-{n}", qbr, day, text.qbr.minutes) for n, day in enumerate(_qbr_dates(plan), 1)]
    dated.append(("plan-refresh", refresh, c.refresh, text.refresh.minutes))
    out += [
        common.event(f"{slug}-{key}@{DOMAIN}", (f"{partner}: {m.name}", f"{m.who}."), day,
                     (None, 1), minutes)
        for key, m, day, minutes in dated
    ]  # fmt: skip
    out += [
        common.event(f"{slug}-milestone-{e.kind}-{e.index}@{DOMAIN}",
                     (f"{partner}: {w.text}", "A milestone of our partnership plan."), e.due,
                     (None, 1), None)
        for e, w in zip(plan.year.schedule.milestones, doc.milestones, strict=True)
    ]  # fmt: skip
    return tuple(sorted(out, key=lambda e: (e.start, e.uid)))


def _event(e: CalendarEvent) -> Event:
    from icalendar import Event  # imported when a calendar is written (a rebuild rarely does)

    out = Event()
    out.add("uid", e.uid)
    out.add("dtstamp", dt.datetime.combine(e.stamp, dt.time(), dt.UTC))
    out.add("sequence", e.sequence)
    out.add("summary", e.summary)
    out.add("description", e.description)
    if e.time is not None and e.zone is not None and e.minutes is not None:
        hour, minute = (int(x) for x in e.time.split(":"))
        start = dt.datetime.combine(e.start, dt.time(hour, minute), ZoneInfo(e.zone))
        out.add("dtstart", start)
        out.add("dtend", start + dt.timedelta(minutes=e.minutes))
        until: dt.date = dt.datetime.combine(e.until, dt.time(23, 59, 59), dt.UTC)
    else:
        out.add("dtstart", e.start)
        out.add("dtend", e.start + dt.timedelta(days=1))
        out.add("transp", "TRANSPARENT")  # an all-day reminder does not block the day
        until = e.until
    if e.freq is not None:
        out.add("rrule", {"freq": e.freq, "interval": e.interval, "until": until})
    return out


@dataclass(frozen=True, slots=True)
class WrittenEvents:
    """A partner's events as the library wrote them (each VEVENT's own ``to_ical``), and the
    time zones they use: kept with the partner, so a partner manager's calendar gathers
    hundreds of them without writing each one again."""

    blocks: tuple[str, ...]
    zones: tuple[str, ...]


def written(items: Iterable[CalendarEvent]) -> WrittenEvents:
    """Write a partner's events once, with the library (escaping and line folding are its)."""
    ordered = sorted(items, key=lambda e: (e.start, e.uid))
    blocks = tuple(bytes(_event(e).to_ical()).decode("utf-8") for e in ordered)
    zones = tuple(sorted({e.zone for e in ordered if e.zone and e.time and e.minutes}))
    return WrittenEvents(blocks, zones)


def calendar_ics(name: str, events_of: Iterable[WrittenEvents]) -> str:
    """A complete iCalendar file (CRLF line ends, as RFC 5545 wants) named ``name``, with the
    events of one partner or of many. The calendar and its time zones are written by the
    library; the events go in as the library wrote each of them."""
    from icalendar import Calendar, Timezone

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    every = list(events_of)
    for zone in sorted({z for w in every for z in w.zones}):
        cal.add_component(Timezone.from_tzid(zone))
    frame = bytes(cal.to_ical()).decode("utf-8")
    end = "END:VCALENDAR\r\n"
    assert frame.endswith(end)
    return frame[: -len(end)] + "".join(b for w in every for b in w.blocks) + end


def manager_slugs(names: Sequence[str]) -> dict[str, str]:
    """A file name for each partner manager: letters, digits and hyphens only, unique."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names), key=str.casefold):
        base = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:60].strip("-") or "manager"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out[name] = slug
    return out
