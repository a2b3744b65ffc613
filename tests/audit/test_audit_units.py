"""Score, message validation and run tracking, in isolation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ctm_hipaa.audit.messages import PoisonMessage, parse_request
from ctm_hipaa.audit.runs import AccountAuditRecord, RunMeta, RunStore
from ctm_hipaa.audit.summary import summarize
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

NOW = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)


def res(
    check_id: str, status: ResultStatus, resource_id: str = "account", account_id: str = "1"
) -> CheckResult:
    return CheckResult(
        check_id=check_id,
        account_id=account_id,
        resource_id=resource_id,
        status=status,
        severity=Severity.HIGH,
        title="t",
        detail="d",
    )


def test_score_is_per_check_over_decided_checks() -> None:
    results = [
        res("a", ResultStatus.PASS),
        res("b", ResultStatus.FAIL, "u1"),
        res("b", ResultStatus.FAIL, "u2"),
        res("b", ResultStatus.PASS, "u3"),
        res("c", ResultStatus.MANUAL),
        res("d", ResultStatus.ERROR),
        res("e", ResultStatus.PASS, "x"),
        res("e", ResultStatus.ERROR, "y"),
    ]
    summary = summarize(results)
    assert summary.results == {"PASS": 3, "FAIL": 2, "MANUAL": 1, "ERROR": 2, "NOT_APPLICABLE": 0}
    assert summary.checks == {"PASS": 1, "FAIL": 1, "MANUAL": 1, "ERROR": 2, "NOT_APPLICABLE": 0}
    assert summary.score == 50.0  # a passes, b fails; c, d, e are not decided
    assert summary.coverage == pytest.approx(2 / 5)


def test_score_is_none_when_nothing_is_decided() -> None:
    summary = summarize([res("a", ResultStatus.MANUAL), res("b", ResultStatus.ERROR)])
    assert summary.score is None
    assert "n/a" in summary.describe()


@pytest.mark.parametrize(
    "body",
    [
        None,
        "",
        "not json at all: Jane Doe 555-0100",
        '["run", "412230"]',
        '{"run_id": "r1"}',
        '{"run_id": "r1", "account_id": "412230", "name": "Jane Doe"}',
        '{"run_id": "r1", "account_id": "../412230"}',
        '{"run_id": "Jane Doe 555-0100", "account_id": "412230"}',
        '{"run_id": "r1", "account_id": "' + "9" * 5000 + '"}',
    ],
)
def test_malformed_messages_are_poison_and_never_echoed(body: str | None) -> None:
    with pytest.raises(PoisonMessage) as raised:
        parse_request(body)
    assert "Jane" not in str(raised.value) and "555" not in str(raised.value)


def test_a_valid_message_parses_with_numeric_ids() -> None:
    request = parse_request('{"run_id": "run-local", "account_id": 412230}')
    assert (request.run_id, request.account_id) == ("run-local", "412230")


def record(run_id: str, account_id: str, results: list[CheckResult], **extra: Any) -> AccountAuditRecord:
    return AccountAuditRecord(
        run_id=run_id,
        account_id=account_id,
        started_at=NOW,
        finished_at=NOW,
        duration_ms=12,
        complete=extra.pop("complete", True),
        summary=summarize(results),
        results=results,
        **extra,
    )


def test_run_status_compares_expected_and_finished(findings_table: Any) -> None:
    runs = RunStore(findings_table)
    runs.start_run(RunMeta(run_id="r1", started_at=NOW, expected=["1", "2", "3"]))
    runs.record_account(
        record("r1", "1", [res("a", ResultStatus.PASS), res("b", ResultStatus.FAIL)], created=1)
    )
    runs.record_account(
        record(
            "r1",
            "2",
            [res("a", ResultStatus.ERROR, account_id="2")],
            complete=False,
            part_errors={"users": "forbidden"},
        )
    )
    runs.record_account(record("r1", "9", [res("a", ResultStatus.PASS, account_id="9")]))
    runs.record_account(record("r2", "3", [res("a", ResultStatus.PASS, account_id="3")]))

    status = runs.run_status("r1")

    assert status.expected == ["1", "2", "3"]
    assert status.finished == ["1", "2", "9"]
    assert status.missing == ["3"] and not status.done
    assert status.unexpected == ["9"]
    assert status.incomplete == ["2"]
    assert status.results == {"PASS": 2, "FAIL": 1, "MANUAL": 0, "ERROR": 1, "NOT_APPLICABLE": 0}
    assert status.created == 1
    assert status.mean_score == 75.0  # (50 + 100) / 2; account 2 has no score
    stored = {r.account_id: r for r in runs.account_records("r1")}
    assert stored["2"].error_kinds == ["forbidden"] and stored["1"].score == 50.0
    assert stored["1"].results == [res("a", ResultStatus.PASS), res("b", ResultStatus.FAIL)]
