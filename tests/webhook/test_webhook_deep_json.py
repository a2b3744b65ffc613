"""A signed delivery nested as deep as json.loads accepts is answered, never with a 500, and PHI
planted at the bottom is recorded when the delivery is accepted."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from webhook_support import AGENCY_ACCOUNT, CANARY_SSN, scan, signed_event

from ctm_hipaa.ctm.credentials import CTMCredentials

Deliver = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]
# json.loads gives up somewhere below 1000 levels, depending on the frames under it (pytest alone,
# or a pytest-xdist worker); a recursive walk of what it accepted gave up a few levels earlier
# (RecursionError: a 500). Every depth of this range is sent, so the ones just under the parser's
# limit are among them wherever the test runs.
DEPTHS = range(900, 1000)


def deep_body(depth: int) -> str:
    bottom = json.dumps({"notes": f"SSN {CANARY_SSN}"})
    head = json.dumps({"id": 880000 + depth, "account_id": int(AGENCY_ACCOUNT)})[:-1]
    return head + ', "custom_fields": ' + '{"level": ' * depth + bottom + "}" * depth + "}"


def test_deliveries_nested_up_to_990_levels_are_answered_and_inspected_to_the_bottom(
    deliver: Deliver, credentials: CTMCredentials, findings_table: Any
) -> None:
    accepted = []
    for depth in DEPTHS:
        status, answer = deliver(signed_event(deep_body(depth), credentials.secret_key))

        assert status in (200, 400), depth
        if status == 400:
            assert set(answer) == {"error", "message"}
            continue
        assert answer["phi"] is True and "SSN" in answer["categories"], depth
        accepted.append(depth)

    assert accepted  # deep deliveries were accepted and inspected, not all refused
    occurrences = [item for item in scan(findings_table) if item.get("type") == "occurrence"]
    assert len(occurrences) == len(accepted)
    findings = [item for item in scan(findings_table) if item.get("type") == "finding"]
    assert any("SSN" in item["categories"] for item in findings)
