"""`ctm-hipaa audit --snapshot FILE [--attestations FILE] [--format table|json] [filters] [--fail-on S]`.

The real audit code path over real HTTP, without AWS: the CTM simulator serves FILE on loopback,
the CTM client lists the agency's accounts and collects each one (`collect_account`), and the
whole catalog runs on each snapshot (`evaluate_snapshot`), exactly as the auditor does. No findings
store (nothing is written) and no webhook observations. Attestations are judged against today's
date with the default maximum age.

The filters (`--account`, `--check`, `--status`, `--severity`, see `ResultFilter`) choose the
results shown; `--fail-on` is the CI gate over the results shown (`gate`).

Exit codes: 0 when the audit ran and no shown result fails the gate, 1 when one does (after the
whole output is printed) or when CTM (the simulator) refused to list the accounts, 2 for an
unreadable snapshot or attestations file or an unknown filter value. Errors are one line on stderr;
they name files, fields and the operator's own arguments, never a snapshot value.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from ctm_hipaa.attestations import (
    DEFAULT_MAX_AGE_DAYS,
    AttestationError,
    AttestationFile,
    effective_for,
    load_attestations,
)
from ctm_hipaa.audit import audit_account, render_table
from ctm_hipaa.checks import all_checks
from ctm_hipaa.ctm import CTMClient, CTMError
from ctm_hipaa.findings import CheckResult, ResultStatus, Severity
from ctm_hipaa_tools.agency_file import AgencyFileError, load_agency_file
from ctm_hipaa_tools.cli import OutputFormat
from ctm_hipaa_tools.simulator import CTMSimulator

# Any keys do when the file names none: the simulator then accepts every key.
_ANY_KEYS = ("offline-audit", "offline-audit")
# `--fail-on none`: print the results, never exit 1 for them.
NO_GATE = "none"
# What the gate counts: every verdict but PASS (MANUAL and ERROR are unproven controls).
_OPEN = frozenset({ResultStatus.FAIL, ResultStatus.MANUAL, ResultStatus.ERROR})


class FilterError(ValueError):
    """A filter or threshold value that names no account, check, status or severity."""


@dataclass(frozen=True)
class ResultFilter:
    """Which results `ctm-hipaa audit` shows: AND across kinds, OR within one; an empty kind keeps all.

    `severities` are exact (`--severity high` shows high only); thresholds are `--fail-on`'s.
    """

    accounts: frozenset[str] = frozenset()
    checks: frozenset[str] = frozenset()
    statuses: frozenset[ResultStatus] = frozenset()
    severities: frozenset[Severity] = frozenset()

    @classmethod
    def parse(
        cls,
        *,
        accounts: Iterable[str] = (),
        checks: Iterable[str] = (),
        statuses: Iterable[str] = (),
        severities: Iterable[str] = (),
    ) -> ResultFilter:
        """The filter the command-line values name; `FilterError` for an unknown check, status or
        severity (accounts are known only once CTM lists them: `check_accounts`)."""
        catalog = [check.check_id for check in all_checks()]
        return cls(
            accounts=frozenset(accounts),
            checks=frozenset(_choose("--check", "a check", value, catalog) for value in checks),
            statuses=frozenset(
                ResultStatus(_choose_enum("--status", "a status", v, ResultStatus)) for v in statuses
            ),
            severities=frozenset(
                Severity(_choose_enum("--severity", "a severity", v, Severity)) for v in severities
            ),
        )

    def check_accounts(self, listed: Sequence[str]) -> list[str]:
        """The listed accounts to audit; `FilterError` when `accounts` names one CTM did not list."""
        for account_id in sorted(self.accounts):
            _choose("--account", "an account of the snapshot", account_id, listed)
        return [account_id for account_id in listed if not self.accounts or account_id in self.accounts]

    def keeps(self, result: CheckResult) -> bool:
        """Whether `result` passes every kind of filter given."""
        return all(
            not chosen or value in chosen
            for chosen, value in (
                (self.accounts, result.account_id),
                (self.checks, result.check_id),
                (self.statuses, result.status),
                (self.severities, result.severity),
            )
        )


def parse_threshold(value: str) -> Severity | None:
    """`--fail-on`'s value: a severity, or None for `none`; `FilterError` otherwise."""
    if value.lower() == NO_GATE:
        return None
    return Severity(_choose_enum("--fail-on", "a severity", value, Severity, extra=(NO_GATE,)))


def gate(results: Iterable[CheckResult], threshold: Severity | None) -> list[CheckResult]:
    """The FAIL, MANUAL and ERROR results of severity `threshold` or worse (none without a threshold).

    The offline audit has no findings store, hence no mute rules: every result counts.
    """
    if threshold is None:
        return []
    return [r for r in results if r.status in _OPEN and r.severity.rank <= threshold.rank]


def run_offline_audit(
    snapshot_path: Path,
    attestations_path: Path | None,
    *,
    output_format: OutputFormat | str,
    out: TextIO,
    now: datetime | None = None,
    selection: ResultFilter | None = None,
    fail_on: Severity | None = Severity.CRITICAL,
) -> int:
    """Audit every account of the snapshot file (or those `selection` names); print the results
    `selection` keeps as a table or a JSON list; return 1 when some of them fail the `fail_on` gate."""
    try:
        chosen = OutputFormat(output_format)
    except ValueError:
        return _fail(f"unknown format {output_format!r}; choose {' or '.join(OutputFormat)}", 2)
    selection = selection or ResultFilter()
    try:
        agency = load_agency_file(snapshot_path)
    except AgencyFileError as exc:
        return _fail(str(exc), 2)
    try:
        attestations = load_attestations(attestations_path) if attestations_path else AttestationFile()
    except AttestationError as exc:
        return _fail(str(exc), 2)

    moment = now or datetime.now(UTC)
    keys = (agency.credentials.access_key, agency.credentials.secret_key) if agency.credentials else _ANY_KEYS
    results: list[CheckResult] = []
    # No pacing: the simulator is on loopback; everything else is the auditor's client as configured.
    with (
        CTMSimulator(agency) as simulator,
        CTMClient(*keys, base_url=simulator.base_url, requests_per_second=None) as client,
    ):
        try:
            listed = [account.id for account in client.accounts()]
        except CTMError as exc:
            return _fail(f"cannot list the accounts: {exc.message}", 1)
        try:
            account_ids = selection.check_accounts(listed)
        except FilterError as exc:
            return _fail(str(exc), 2)
        for account_id in account_ids:
            effective = effective_for(attestations, account_id, now=moment, max_age_days=DEFAULT_MAX_AGE_DAYS)
            results += audit_account(client, account_id, effective, now=moment).results

    shown = [r for r in results if selection.keeps(r)]
    if chosen is OutputFormat.JSON:
        out.write(json.dumps([r.model_dump(mode="json") for r in shown], indent=2) + "\n")
    elif results and not shown:
        out.write("No result matches the filters.\n")
    else:
        out.write(render_table(shown))
    failing = gate(shown, fail_on)
    if failing and fail_on is not None:
        return _fail(f"{len(failing)} FAIL, MANUAL or ERROR result(s) of severity {fail_on} or above", 1)
    return 0


def _fail(message: str, code: int) -> int:
    print(f"ctm-hipaa audit: {message}", file=sys.stderr)
    return code


def _choose(flag: str, what: str, value: str, choices: Collection[str]) -> str:
    if value not in choices:
        raise FilterError(f"{flag} {value!r} is not {what}; choose from {', '.join(choices)}")
    return value


def _choose_enum(
    flag: str, what: str, value: str, enum: Iterable[StrEnum], extra: tuple[str, ...] = ()
) -> str:
    # Statuses are upper case and severities lower case: either case of the operator's is taken.
    values = [member.value for member in enum]
    folded = {v.lower(): v for v in values}.get(value.lower(), value)
    return _choose(flag, what, folded if folded in values else value, [*values, *extra])
