"""The cadence as a calendar: RFC 5545 that two independent parsers read, events from the plan
start on, recurrences that expand to the dates the plan shows, stable UIDs, escaped text."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from functools import cache
from typing import Any

import icalendar
import pytest
import vobject

from conftest import ROOT, VALID, Project
from generator.build import load
from generator.engine.planning import PartnerPlan, Planner
from generator.render.calendar import calendar_ics, events, manager_slugs, written
from generator.render.plandoc import PlanDocument, build_plan_document

AS_OF = dt.date(2026, 11, 30)


@cache
def northwind() -> tuple[PartnerPlan, PlanDocument, str]:
    loaded = load(ROOT)
    record = loaded.portfolio.partner("northwind")
    assert record is not None
    plan = Planner(loaded.playbook, AS_OF).plan("northwind", loaded.portfolio.latest(record))
    doc = build_plan_document(plan, loaded.playbook)
    return plan, doc, calendar_ics("Northwind", [written(events(plan, doc, loaded.playbook))])


def vevents(text: str) -> list[Any]:
    return list(vobject.readOne(text).vevent_list)


def test_two_parsers_read_the_same_events() -> None:
    plan, _, text = northwind()
    by_icalendar = icalendar.Calendar.from_ical(text).walk("VEVENT")
    by_vobject = vevents(text)
    reviews, quarterly, refresh = 3, 4, 1  # Gold: a quarterly business review every quarter
    expected = reviews + quarterly + refresh + len(plan.year.schedule.milestones)
    assert len(by_icalendar) == len(by_vobject) == expected
    assert {str(e["UID"]) for e in by_icalendar} == {e.uid.value for e in by_vobject}
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_every_event_lies_in_the_plan_year_and_recurs_as_the_plan_says() -> None:
    plan, doc, text = northwind()
    t = plan.year.timeline
    firsts = {m.name: m.first for m in doc.cadence}
    for event in vevents(text):
        start = event.dtstart.value
        assert t.start <= start <= t.end, event.summary.value
        occurrences = list(event.getrruleset() or [dt.datetime.combine(start, dt.time())])
        assert all(t.start <= o.date() <= t.end for o in occurrences), event.summary.value
        name = event.summary.value.removeprefix("Northwind IT Solutions: ")
        if name in firsts and hasattr(event, "rrule"):
            assert date_words(start) == firsts[name]  # the date the plan page shows
            gaps = {(b - a).days for a, b in itertools.pairwise(occurrences)}
            expected = {"Pipeline review": {7}, "Deal review": {14}}.get(name)
            if expected:
                assert gaps == expected, name
            else:  # monthly
                assert gaps <= {28, 29, 30, 31}
                assert len(occurrences) == 12 or occurrences[-1].date() > t.end - dt.timedelta(31)


def date_words(day: dt.date) -> str:
    from generator.wording import date_words as words

    return words(day)


def test_uids_are_stable_and_builds_byte_identical(project: Project) -> None:
    loaded = load(ROOT)
    record = loaded.portfolio.partner("northwind")
    assert record is not None
    a = loaded.portfolio.latest(record)
    planner = Planner(loaded.playbook, AS_OF)

    def calendar(assessment: Any) -> str:
        plan = planner.plan("northwind", assessment)
        doc = build_plan_document(plan, loaded.playbook)
        return calendar_ics("N", [written(events(plan, doc, loaded.playbook))])

    first, again = calendar(a), calendar(a)
    assert first == again
    moved = a.model_copy(
        update={
            "assessment": a.assessment.model_copy(update={"next_meeting": dt.date(2026, 12, 16)})
        }
    )
    later = calendar(moved)

    def uids(text: str) -> list[str]:
        return sorted(re.findall(r"^UID:(.*)$", text, re.M))

    assert uids(first) == uids(later) and first != later  # same events, new dates


def test_hostile_text_cannot_add_a_property_or_an_event(project: Project) -> None:
    evil = "Acme\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned; ATTENDEE:x"
    text = VALID.replace("  name: Acme IT", f"  name: {evil!r}").replace(
        "notes: Private view.", "notes: CANARY-internal"
    )
    project.write("acme/2026-09-30.yaml", text.replace('"', "'"))
    out = project.root / "acme.ics"
    result = project.run("calendar", "acme", "-o", str(out))
    assert result.exit_code == 0, result.output
    written = out.read_text()
    count = len(re.findall(r"^BEGIN:VEVENT", written, re.M))
    assert (
        count == len(vevents(written)) == len(icalendar.Calendar.from_ical(written).walk("VEVENT"))
    )
    assert not re.search(r"^SUMMARY:pwned", written, re.M)
    assert not re.search(r"^ATTENDEE", written, re.M)
    assert "CANARY-internal" not in written


def test_a_meeting_time_and_zone_make_timed_events(project: Project) -> None:
    text = VALID.replace(
        "  date: 2026-09-30\n",
        "  date: 2026-09-30\n  meeting_time: '09:30'\n  time_zone: Europe/Berlin\n",
    )
    project.write("acme/2026-09-30.yaml", text)
    out = project.root / "acme.ics"
    assert project.run("calendar", "acme", "-o", str(out)).exit_code == 0
    written = out.read_text()
    assert "BEGIN:VTIMEZONE" in written and "TZID:Europe/Berlin" in written
    review = next(e for e in vevents(written) if "Pipeline review" in e.summary.value)
    assert review.dtstart.value.hour == 9 and review.dtstart.value.minute == 30
    assert review.dtend.value - review.dtstart.value == dt.timedelta(minutes=30)
    milestone = next(e for e in vevents(written) if "milestone" in e.uid.value)
    assert isinstance(milestone.dtstart.value, dt.date) and not isinstance(
        milestone.dtstart.value, dt.datetime
    )
    half = text.replace("  time_zone: Europe/Berlin\n", "")
    project.write("acme/2026-09-30.yaml", half)
    result = project.run("validate")
    assert result.exit_code == 1 and "give meeting_time and time_zone together" in result.stderr


@pytest.mark.parametrize(
    ("names", "slugs"),
    [
        (["Sofia Marin", "sofia marin!"], ["sofia-marin", "sofia-marin-2"]),
        (["<script>", "../../etc", "!!!"], ["script", "etc", "manager"]),
    ],
)
def test_manager_calendar_names_are_safe_and_unique(names: list[str], slugs: list[str]) -> None:
    found = manager_slugs(names)
    assert sorted(found.values()) == sorted(slugs)
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in found.values())


def test_the_site_has_each_partners_and_each_managers_calendar(shipped_site: Any) -> None:
    plan_page = (shipped_site / "partners/northwind/index.html").read_text(encoding="utf-8")
    assert 'href="cadence.ics" download' in plan_page
    bundle = (shipped_site / "share/northwind/northwind-plan.html").read_text(encoding="utf-8")
    assert 'href="northwind-cadence.ics" download' in bundle
    assert (shipped_site / "share/northwind/northwind-cadence.ics").is_file()
    manager = (shipped_site / "managers/sofia-marin.ics").read_text(encoding="utf-8")
    uids = {e.uid.value.split("-")[0] for e in vevents(manager)}
    assert {"northwind", "cobalt"} <= uids
    assert len(icalendar.Calendar.from_ical(manager).walk("VEVENT")) == len(vevents(manager))
