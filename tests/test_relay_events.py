"""The relay events of events/ give, through `invoke` (the handler in functions/relay/ on a cold
start, wired as deployed: no destination is configured until the destinations store is wired),
the outcome events/README.md documents."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.webhook.webhook_support import metrics

from ctm_hipaa_tools.invoke import invoke, load_event
from ctm_hipaa_tools.stack import LocalStack

EVENTS = Path(__file__).resolve().parents[1] / "events"
ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| RelayFunction \| (?P<outcome>.+) \|$")


def documented() -> dict[str, str]:
    rows = (ROW.match(line) for line in (EVENTS / "README.md").read_text().splitlines())
    return {m["file"]: m["outcome"] for m in rows if m}


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    with LocalStack() as running:
        yield running


def test_the_relay_events_are_documented() -> None:
    assert set(documented()) == {"relay-unconfigured.json", "relay-poison.json"}


@pytest.mark.parametrize("name", ["relay-unconfigured.json", "relay-poison.json"])
def test_relay_event_gives_its_documented_outcome(
    stack: LocalStack, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = documented()[name]
    event = load_event(EVENTS / name)
    answer = invoke(stack.template, "RelayFunction", event).result
    failures = [f["itemIdentifier"] for f in answer["batchItemFailures"]]
    if outcome.startswith("no batch item failures"):
        assert failures == []
        assert metrics(capsys.readouterr().err, "RelayFailed", "reason") == {"unknown_destination": 1}
    else:
        count = int(re.match(r"(\d+) batch item failure", outcome)[1])  # type: ignore[index]
        assert failures == [r["messageId"] for r in event["Records"]] and len(failures) == count
