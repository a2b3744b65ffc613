"""Score, message validation and run tracking, in isolation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from tests.fakes import MemoryFindingStore

from ctm_hipaa.audit.engine import webhook_observations
from ctm_hipaa.audit.messages import PoisonMessage, parse_request
from ctm_hipaa.audit.runs import AccountAuditRecord, RunMeta, RunStore
from ctm_hipaa.findings.model import CheckResult, DeliveriesSeen, ResultStatus, Severity
from ctm_hipaa.report import ResultSummary, combine, render_table, summarize

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


def test_score_is_per_check_over_applicable_checks_and_manual_and_error_count_against_it() -> None:
    results = [
        res("a", ResultStatus.PASS),
        res("b", ResultStatus.FAIL, "u1"),
        res("b", ResultStatus.FAIL, "u2"),
        res("b", ResultStatus.PASS, "u3"),
        res("c", ResultStatus.MANUAL),
        res("d", ResultStatus.ERROR),
        res("e", ResultStatus.PASS, "x"),
        res("e", ResultStatus.ERROR, "y"),
        res("f", ResultStatus.NOT_APPLICABLE),
        res("g", ResultStatus.NOT_APPLICABLE, "x"),
        res("g", ResultStatus.PASS, "y"),
    ]
    summary = summarize(results)
    assert summary.results == {"PASS": 4, "FAIL": 2, "MANUAL": 1, "ERROR": 2, "NOT_APPLICABLE": 2}
    assert summary.checks == {"PASS": 2, "FAIL": 1, "MANUAL": 1, "ERROR": 2, "NOT_APPLICABLE": 1}
    # Issue 9: PASS / (PASS + FAIL + MANUAL + ERROR); f has nothing to judge, g passes where it can.
    assert summary.applicable_checks == 6
    assert summary.score == pytest.approx(100 * 2 / 6, abs=0.05)
    assert summary.coverage == pytest.approx(3 / 7)
    assert "score 33.3% (2 of 6 applicable checks pass)" in summary.describe()


def test_ten_manuals_are_no_hundred_percent() -> None:
    summary = summarize([res(f"c{n}", ResultStatus.MANUAL) for n in range(10)])
    assert summary.score == 0.0
    assert summary.compliance.value == "unproven"


def test_score_is_none_when_nothing_is_applicable() -> None:
    summary = summarize([res("a", ResultStatus.NOT_APPLICABLE), res("b", ResultStatus.NOT_APPLICABLE)])
    assert summary.score is None and summary.applicable_checks == 0
    assert "n/a" in summary.describe()


def test_a_critical_manual_or_error_is_not_compliant_whatever_the_score() -> None:
    passing = [res(f"c{n}", ResultStatus.PASS) for n in range(9)]
    assert summarize(passing).compliance.value == "compliant"
    assert summarize([*passing, res("x", ResultStatus.MANUAL)]).compliance.value == "unproven"
    for status in (ResultStatus.MANUAL, ResultStatus.ERROR):
        baa = res("baa", status).model_copy(update={"severity": Severity.CRITICAL})
        summary = summarize([*passing, baa])
        assert summary.score == 90.0
        assert summary.compliance.value == "not compliant" and summary.critical_unproven == 1
        assert summary.describe().endswith("; not compliant (1 critical MANUAL or ERROR)")
    assert summarize([*passing, res("x", ResultStatus.FAIL)]).compliance.value == "not compliant"


def test_agency_score_is_the_formula_over_every_accounts_checks() -> None:
    one = summarize([res("a", ResultStatus.PASS), res("b", ResultStatus.PASS), res("c", ResultStatus.FAIL)])
    two = summarize([res("a", ResultStatus.MANUAL, account_id="2"), res("b", ResultStatus.NOT_APPLICABLE)])
    agency = combine([one, two])
    assert agency.score == 50.0  # 2 PASS of 4 applicable, not the mean of 66.7 and 0.0
    assert agency.checks["NOT_APPLICABLE"] == 1 and agency.total_checks == 5
    assert agency.compliance.value == "not compliant"


def test_old_run_records_load_without_the_new_fields() -> None:
    old = {"results": {}, "checks": {"PASS": 1}, "score": 100.0, "decided_checks": 1, "total_checks": 1}
    assert ResultSummary.model_validate(old).critical_unproven == 0


def test_the_table_shows_the_score_beside_the_counts_and_the_agency_line() -> None:
    table = render_table([res("a", ResultStatus.PASS), res("b", ResultStatus.MANUAL, account_id="2")])
    assert "Account 1: 1 checks: 1 PASS, 0 FAIL, 0 MANUAL, 0 ERROR, 0 NOT_APPLICABLE; score 100.0%" in table
    assert "Account 2: 1 checks: 0 PASS, 0 FAIL, 1 MANUAL, 0 ERROR, 0 NOT_APPLICABLE; score 0.0%" in table
    assert (
        "All 2 accounts: 2 checks: 1 PASS, 0 FAIL, 1 MANUAL, 0 ERROR, 0 NOT_APPLICABLE; score 50.0%" in table
    )


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
    assert status.mean_score == 50.0  # (50 + 0 + 100) / 3; account 2's ERROR counts against it
    assert status.score == 50.0  # the agency: 2 PASS of 4 applicable checks
    assert status.not_compliant == ["1"]
    stored = {r.account_id: r for r in runs.account_records("r1")}
    assert stored["2"].error_kinds == ["forbidden"] and stored["1"].score == 50.0 and stored["2"].score == 0.0
    assert stored["1"].results == [res("a", ResultStatus.PASS), res("b", ResultStatus.FAIL)]


SEEN_AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _marker(channel: str, **fields: Any) -> DeliveriesSeen:
    return DeliveriesSeen(account_id="412230", channel=channel, last_seen=SEEN_AT, **fields)


def test_seen_markers_are_clean_evidence_only_while_their_latest_delivery_was_clean() -> None:
    earlier = datetime(2026, 11, 19, tzinfo=UTC)
    clean = _marker("end", deliveries=5, clean_deliveries=4, last_clean=SEEN_AT, last_flagged=earlier)
    flagged = _marker("start", deliveries=3, clean_deliveries=2, last_clean=earlier, last_flagged=SEEN_AT)

    observations = {o.channel: o for o in webhook_observations([], [clean, flagged])}

    end = observations["webhook:end"]
    assert (end.categories, end.deliveries, end.last_seen, end.settled) == (frozenset(), 4, SEEN_AT, True)
    # Its latest delivery was flagged and no open finding holds it: no PASS on this channel.
    start = observations["webhook:start"]
    assert (start.deliveries, start.last_seen, start.settled) == (1, SEEN_AT, False)


def test_an_open_finding_holds_its_channels_flagged_delivery() -> None:
    finding = (
        MemoryFindingStore(clock=lambda: SEEN_AT)
        .observe(
            CheckResult(
                check_id="webhook_phi_detected",
                account_id="412230",
                resource_id="webhook:start",
                status=ResultStatus.FAIL,
                severity=Severity.HIGH,
                title="Post-call deliveries carry no PHI",
                detail="PHONE on start.",
            ),
            categories=["PHONE"],
        )
        .finding
    )
    assert finding is not None
    flagged = _marker("start", deliveries=1, last_flagged=SEEN_AT)

    [observation] = webhook_observations([finding], [flagged])

    assert (observation.channel, observation.categories, observation.settled) == (
        "webhook:start",
        frozenset({"PHONE"}),
        True,
    )
