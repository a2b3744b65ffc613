"""Every file in events/ gives, through `invoke`, the outcome events/README.md documents for it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ctm_hipaa_tools.events import expand_event
from ctm_hipaa_tools.invoke import invoke, load_event
from ctm_hipaa_tools.stack import LocalStack

EVENTS = Path(__file__).resolve().parents[1] / "events"
ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| (?P<function>\w+) \| (?P<outcome>.+) \|$")


def documented() -> dict[str, tuple[str, str]]:
    rows = (ROW.match(line) for line in (EVENTS / "README.md").read_text().splitlines())
    return {m["file"]: (m["function"], m["outcome"]) for m in rows if m}


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    with LocalStack() as running:
        yield running


def run(stack: LocalStack, name: str) -> dict[str, Any]:
    function, _ = documented()[name]
    event = expand_event(load_event(EVENTS / name), stack.secret.webhook_secret_for)
    result: dict[str, Any] = invoke(stack.template, function, event).result
    return result


def stored_items(stack: LocalStack) -> list[dict[str, Any]]:
    assert stack.session is not None
    table = stack.session.resource("dynamodb").Table(stack.physical_id("FindingsTable"))
    return list(table.scan()["Items"])


def test_every_event_file_is_documented() -> None:
    on_disk = {p.name for p in EVENTS.glob("*.json")}
    assert on_disk == set(documented())


@pytest.mark.parametrize(
    "name", sorted(n for n, (function, _) in documented().items() if function == "WebhookFunction")
)
def test_event_gives_its_documented_outcome(stack: LocalStack, name: str) -> None:
    _, outcome = documented()[name]
    result = run(stack, name)

    status = int(outcome.split(",")[0].split()[0].rstrip(";"))
    assert result["statusCode"] == status
    body = json.loads(result["body"])
    if (reason := re.search(r"`(\w+)`", outcome)) and status >= 400:
        assert body["error"] == reason[1]
    if "PHI found" in outcome:
        assert body["phi"] is True
        if "critical" in outcome:
            assert body["severity"] == "critical"
    if "no PHI" in outcome:
        assert body == {"status": "accepted", "phi": False, "categories": []}


def test_repeated_delivery_changes_nothing(stack: LocalStack) -> None:
    first = run(stack, "webhook-end.json")
    before = stored_items(stack)

    again = run(stack, "webhook-repeated.json")

    assert again == first
    assert stored_items(stack) == before
