"""One malformed item of CTM's account list is reported and the other accounts are audited: in the
scheduler Lambda, the live `ctm-hipaa audit` and `ctm-hipaa collect` (issue 9, "Real shapes").

The CTM simulator serves, over real HTTP, the sample agency's account list with two items no source
gives: one whose id is an object, one without an id. Each is reported by its index, the field and
the JSON type it had, never a value.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from audit_support import sample_agency

from ctm_hipaa.audit.runs import RunStore
from ctm_hipaa_tools.agency_file import sample_attestations
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.invoke import invoke, load_event
from ctm_hipaa_tools.simulator import CTMSimulator
from ctm_hipaa_tools.stack import LocalStack

EVENTS = Path(__file__).resolve().parents[2] / "events"
KEYS = {"access_key": "list-key", "secret_key": "list-secret"}
ACCOUNTS = ["412230", "412233", "412236", "412239", "412242"]
SECRET = "Dana Whitfield"  # a value of a malformed item: it must never come out
REPORTED = [
    "item 1 of CTM's account list: id was an object",
    "item 4 of CTM's account list: id was missing",
]


def odd_agency() -> dict[str, Any]:
    """The sample agency whose account list holds an item with an object id and one with no id."""
    agency = sample_agency()
    listed: list[Any] = [entry["account"] for entry in agency["accounts"]]
    listed.insert(1, {"id": {"name": SECRET}, "name": SECRET})
    listed.insert(4, {"name": SECRET, "status": "active"})
    body = {"accounts": listed, "next_page": None}
    agency["faults"] = [{"path": "/api/v1/accounts", "status": 200, "body": body}]
    return agency


@pytest.fixture
def live_ctm(monkeypatch: pytest.MonkeyPatch) -> Iterator[CTMSimulator]:
    monkeypatch.setenv("CTM_ACCESS_KEY", KEYS["access_key"])
    monkeypatch.setenv("CTM_SECRET_KEY", KEYS["secret_key"])
    monkeypatch.setenv("CTM_REQUESTS_PER_SECOND", "1000")
    with CTMSimulator({**odd_agency(), "credentials": KEYS}) as sim:
        monkeypatch.setenv("CTM_API_BASE_URL", sim.base_url)
        yield sim


@pytest.mark.usefixtures("live_ctm")
def test_the_live_audit_reports_the_bad_items_audits_the_others_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    attestations = tmp_path / "attestations.json"
    attestations.write_text(sample_attestations().model_dump_json())

    code = main(["audit", "--attestations", str(attestations), "--format", "json", "--fail-on", "none"])

    captured = capsys.readouterr()
    assert code == 1
    assert sorted({r["account_id"] for r in json.loads(captured.out)}) == ACCOUNTS
    errors = [line for line in captured.err.splitlines() if line.startswith("ctm-hipaa audit: ")]
    assert errors == [
        *(f"ctm-hipaa audit: left out {line}" for line in REPORTED),
        "ctm-hipaa audit: 2 account(s) of CTM's list could not be read and were not audited",
    ]
    assert SECRET not in captured.out + captured.err


@pytest.mark.usefixtures("live_ctm")
def test_collect_writes_the_other_accounts_and_reports_the_bad_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "snapshot.json"

    code = main(["collect", "--out", str(out)])

    captured = capsys.readouterr()
    assert code == 1
    written = json.loads(out.read_text())
    assert [str(entry["account"]["id"]) for entry in written["accounts"]] == ACCOUNTS
    errors = [line for line in captured.err.splitlines() if line.startswith("ctm-hipaa collect: ")]
    assert errors == [
        *(f"ctm-hipaa collect: left out {line}" for line in REPORTED),
        "ctm-hipaa collect: 2 account(s) of CTM's list could not be read and are not in the file",
    ]
    assert SECRET not in captured.err + out.read_text()


def test_the_scheduler_queues_the_other_accounts_and_records_the_bad_items_on_the_run() -> None:
    with LocalStack() as stack, CTMSimulator(odd_agency()) as simulator:
        assert stack.session is not None
        env = {"CTM_API_BASE_URL": simulator.base_url}

        answer = invoke(
            stack.template, "SchedulerFunction", load_event(EVENTS / "scheduler-daily.json"), extra_env=env
        ).result

        assert (answer["accounts"], answer["queued"], answer["unqueued"]) == (5, 5, [])
        assert answer["rejected"] == REPORTED
        table = stack.session.resource("dynamodb").Table(stack.physical_id("FindingsTable"))
        status = RunStore(table).run_status(answer["run_id"])
        assert status.expected == ACCOUNTS and status.rejected == REPORTED
        meta = table.get_item(Key={"pk": f"RUN#{answer['run_id']}", "sk": "META"})["Item"]
        assert SECRET not in json.dumps(answer) + json.dumps(meta, default=str)
