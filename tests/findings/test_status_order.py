"""The order of result statuses and the open workflow statuses are defined once, in findings.model."""

from __future__ import annotations

from ctm_hipaa.findings.model import (
    OPEN_STATUSES,
    WORST_FIRST,
    ResultStatus,
    WorkflowStatus,
    worst_status,
)


def test_fail_outranks_error_outranks_manual_outranks_pass_outranks_not_applicable() -> None:
    assert WORST_FIRST == (
        ResultStatus.FAIL,
        ResultStatus.ERROR,
        ResultStatus.MANUAL,
        ResultStatus.PASS,
        ResultStatus.NOT_APPLICABLE,
    )
    assert set(WORST_FIRST) == set(ResultStatus)
    assert sorted(ResultStatus, key=lambda s: s.rank) == list(WORST_FIRST)


def test_worst_status_is_the_first_present_in_that_order_and_pass_when_none() -> None:
    assert worst_status([]) is ResultStatus.PASS
    assert worst_status([ResultStatus.PASS, ResultStatus.MANUAL]) is ResultStatus.MANUAL
    assert (
        worst_status(iter([ResultStatus.MANUAL, ResultStatus.ERROR, ResultStatus.PASS])) is ResultStatus.ERROR
    )
    assert worst_status([ResultStatus.ERROR, ResultStatus.FAIL]) is ResultStatus.FAIL


def test_only_new_and_notified_findings_are_open() -> None:
    assert {WorkflowStatus.NEW, WorkflowStatus.NOTIFIED} == OPEN_STATUSES
    assert [s for s in WorkflowStatus if s.is_open] == [WorkflowStatus.NEW, WorkflowStatus.NOTIFIED]
