"""The detector's walk: any depth, a time budget, and mapping keys scanned as the free text they are."""

from __future__ import annotations

import sys
import time
from typing import Any

import pytest

from ctm_hipaa.phi import Category, Detection, InspectionIncomplete, inspect_payload

SSN = "536-22-8471"


def nested(depth: int, bottom: Any) -> dict[str, Any]:
    node: Any = bottom
    for _ in range(depth):
        node = {"level": node}
    return {"id": 1, "custom_fields": node}


def test_nesting_deeper_than_the_recursion_limit_is_walked_to_the_bottom() -> None:
    depth = sys.getrecursionlimit() * 3
    dets = inspect_payload(nested(depth, {"notes": f"SSN {SSN}"}))
    assert [d.category for d in dets] == [Category.SSN]
    assert dets[0].path == "custom_fields." + "level." * depth + "notes"


def test_detections_come_depth_first_in_key_order() -> None:
    payload = {
        "notes": f"ssn {SSN}",
        "custom_fields": {"b": {"x": [f"ssn {SSN}", {"y": f"ssn {SSN}"}]}, "a": f"ssn {SSN}"},
        "summary": f"ssn {SSN}",
    }
    paths = [d.path for d in inspect_payload(payload)]
    assert paths == ["notes", "custom_fields.b.x[0]", "custom_fields.b.x[1].y", "custom_fields.a", "summary"]


def test_without_a_deadline_nothing_changes_and_a_future_deadline_changes_nothing() -> None:
    payload = {"notes": f"Pt Dana Whitfield, SSN {SSN}", "summary": "cb (614) 555-0142"}
    assert inspect_payload(payload, deadline=time.monotonic() + 60) == inspect_payload(payload)


def test_past_the_deadline_the_inspection_stops_with_what_it_found_and_a_phi_free_message() -> None:
    fields = {f"f{i}": f"SSN {SSN}" for i in range(50)}
    with pytest.raises(InspectionIncomplete) as caught:
        inspect_payload({"custom_fields": fields}, deadline=time.monotonic() - 1)
    assert caught.value.detections == []
    assert str(caught.value) == "inspection stopped at the time budget after 0 of 50 fields"


def test_a_deadline_passing_midway_keeps_the_detections_made_before_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a clock that moves one second per reading: the budget runs out after some fields
    clock = iter(range(1000))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    payload = {"custom_fields": {f"f{i}": f"SSN {SSN}" for i in range(50)}}
    with pytest.raises(InspectionIncomplete) as caught:
        inspect_payload(payload, deadline=100.5)
    done = caught.value.detections
    assert done and all(d.category is Category.SSN for d in done)
    assert done == inspect_payload(payload)[: len(done)]
    assert SSN not in str(caught.value) and "f0" not in str(caught.value)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"custom_fields": {"Zyxwv Qqqplm": "219-09-9999"}}, ("custom_fields.<key>", 0, 12, Category.NAME)),
        ({"custom_fields": {"SSN 21 90 99 99 9": "yes"}}, ("custom_fields.<key>", 4, 17, Category.SSN)),
        ({"Dana Whitfield": "new patient"}, ("<key>", 0, 14, Category.NAME)),
        ({"Dana cell 614 555 0142": "x"}, ("<key>", 10, 22, Category.PHONE)),
        ({"form": {"custom": [{"Dana Whitfield": "x"}]}}, ("form.custom[0].<key>", 0, 14, Category.NAME)),
        (
            {"custom_fields": {"A" * 12000 + " ssn 536-22-8471": "x"}},
            ("custom_fields.<key>", 12005, 12016, Category.SSN),
        ),
    ],
)
def test_a_key_that_carries_phi_is_a_detection(payload: dict[str, Any], expected: tuple[Any, ...]) -> None:
    assert Detection(*expected) in inspect_payload(payload)


@pytest.mark.parametrize(
    "fields",
    [
        {"Chief Complaint": "knee pain", "Preferred Clinic": "Downtown", "Referral Source": "Google"},
        {"member_id": "QZX771204583", "Date of Birth": "04/17/1953", "insuranceMemberID": "XZA1"},
    ],
)
def test_field_names_and_form_questions_are_not_detections(fields: dict[str, Any]) -> None:
    assert not [d for d in inspect_payload({"custom_fields": fields}) if d.path.endswith("<key>")]


def test_keys_of_agent_and_tracking_data_are_not_scanned() -> None:
    payload = {"agent": {"Dana Whitfield": f"ssn {SSN}"}, "tracking_number": {"SSN 536 22 8471": 1}}
    assert inspect_payload(payload) == []
