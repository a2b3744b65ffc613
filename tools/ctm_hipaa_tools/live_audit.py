"""`ctm-hipaa audit`: the live agency's audit, the same code path as the auditor Lambda's.

The CTM client lists the agency's accounts and collects each one (`collect_account`), and the
whole catalog runs on each snapshot (`evaluate_snapshot`), exactly as the auditor does. The keys come
from `CTM_ACCESS_KEY` and `CTM_SECRET_KEY` or from the deployed secret (`--secret-arn`, read by the
runtime's `load_credentials`), the attestations from a file or from a deployed stack's findings
table (`--stack`, read-only), the origin from `CTM_API_BASE_URL` (default CTM's), the pace from
`CTM_REQUESTS_PER_SECOND` (default the auditor's 5 per second). `audit --snapshot` is this audit
against the CTM simulator serving the file (`offline_audit`). No findings store (nothing is written
to AWS). What the webhook has observed comes from the stack too (`--stack`: its findings and delivery
markers, read as the auditor reads them, so `webhook_phi_detected` gets the auditor's verdict);
without a stack there is none, and that check stays MANUAL. Attestations are judged against today's
date with the stack's maximum age, or the default one.

The filters (`--account`, `--check`, `--status`, `--severity`, see `ResultFilter`) choose the
results shown; `--fail-on` is the CI gate over the results shown (`gate`). Results go to stdout;
progress (accounts done of total, requests, retries) to stderr.

An item of CTM's account list that fits no shape (an id that is an object, no id) is left out with
a line on stderr naming its index and the field and JSON type it had; the other accounts are
audited, and the exit code is 1.

Exit codes: 0 when the audit ran and no shown result fails the gate, 1 when one does or an account
item was left out (after the whole output is printed) or when CTM refused to list the accounts, 2
for missing credentials, an unreadable attestations file or an unknown filter value. Errors are one
line on stderr; they name files, fields and the operator's own arguments, never a CTM value nor a key.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from ctm_hipaa.attestations import (
    DEFAULT_MAX_AGE_DAYS,
    AttestationError,
    AttestationFile,
    did_you_mean,
    effective_for,
    load_attestations,
)
from ctm_hipaa.audit import audit_account
from ctm_hipaa.checks import WebhookObservation, all_checks
from ctm_hipaa.ctm import ACCOUNT_LIST, DEFAULT_BASE_URL, CTMClient, CTMError, ItemProblem
from ctm_hipaa.findings import CheckResult, ResultStatus, Severity
from ctm_hipaa.report import (
    DEFAULT_FORMAT,
    ReportInput,
    UnknownFormat,
    attestation_records,
    render,
    report_format,
)
from ctm_hipaa_tools.output import write_output

ACCESS_KEY_ENV = "CTM_ACCESS_KEY"
SECRET_KEY_ENV = "CTM_SECRET_KEY"  # noqa: S105 - the variable's name, not a key
BASE_URL_ENV = "CTM_API_BASE_URL"
RATE_ENV = "CTM_REQUESTS_PER_SECOND"
# The auditor's default pace per API key (settings.py): a local audit is no harder on CTM.
DEFAULT_REQUESTS_PER_SECOND = 5.0
NO_CREDENTIALS = "set CTM_ACCESS_KEY and CTM_SECRET_KEY, or pass --secret-arn, or --snapshot FILE"
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

    def check_accounts(self, listed: Sequence[str], *, source: str = "the agency") -> list[str]:
        """The listed accounts to audit; `FilterError` when `accounts` names one CTM did not list
        (`source` says where CTM's list came from: the agency, or a snapshot)."""
        for account_id in sorted(self.accounts):
            _choose("--account", f"an account of {source}", account_id, listed)
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

    A local audit has no findings store, hence no mute rules: every result counts.
    """
    if threshold is None:
        return []
    return [r for r in results if r.status in _OPEN and r.severity.rank <= threshold.rank]


class TargetError(ValueError):
    """The live audit cannot start: no keys, an unreadable secret or a bad setting (exit 2)."""


@dataclass(frozen=True)
class Target:
    """The CTM API to read and the keys to read it with; `requests_per_second` None is unpaced."""

    base_url: str
    access_key: str
    secret_key: str = field(repr=False)
    requests_per_second: float | None = DEFAULT_REQUESTS_PER_SECOND
    # Where the account list comes from, as `--account` errors name it.
    source: str = "the agency"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], *, secret_arn: str | None = None) -> Target:
        """The live agency: keys from the environment, or from the secret `secret_arn` when given.

        Raises `TargetError` with one PHI-free, key-free line."""
        if secret_arn:
            access_key, secret_key = _secret_keys(secret_arn)
        else:
            access_key, secret_key = environ.get(ACCESS_KEY_ENV, ""), environ.get(SECRET_KEY_ENV, "")
            if not access_key or not secret_key:
                raise TargetError(NO_CREDENTIALS)
        base_url = environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
        rate_text = environ.get(RATE_ENV) or str(DEFAULT_REQUESTS_PER_SECOND)
        try:
            rate = float(rate_text)
        except ValueError:
            rate = 0.0
        if not rate > 0 or rate == float("inf"):
            raise TargetError(f"{RATE_ENV} must be a positive number of requests per second")
        try:
            # The client is the judge of a usable origin; its message names no value.
            CTMClient(access_key, secret_key, base_url=base_url, requests_per_second=None).close()
        except ValueError as exc:
            raise TargetError(f"{BASE_URL_ENV}: {exc}") from None
        return cls(base_url, access_key, secret_key, rate)

    def client(self) -> CTMClient:
        """A client of this target, configured as the auditor's but for the pace."""
        return CTMClient(
            self.access_key,
            self.secret_key,
            base_url=self.base_url,
            requests_per_second=self.requests_per_second,
        )


def _secret_keys(secret_arn: str) -> tuple[str, str]:
    # Imported here: Powertools and boto3 are needed only with --secret-arn.
    from botocore.exceptions import BotoCoreError

    from ctm_hipaa.ctm import CTMCredentialsError, load_credentials
    from ctm_hipaa_tools.aws_errors import explain

    try:
        credentials = load_credentials(secret_arn, force_fetch=True)
    except (CTMCredentialsError, BotoCoreError) as exc:
        # What to set for an AWS misconfiguration (the secret's own error wraps the AWS one); else
        # the runtime's message, which holds no secret.
        problem = explain(exc)
        if problem is None and isinstance(exc, CTMCredentialsError):
            raise TargetError(str(exc)) from None
        raise TargetError(f"cannot read the secret {secret_arn}: {problem or exc}") from None
    return credentials.access_key, credentials.secret_key


def parse_format(value: str) -> str:
    """`--format`'s value, a name of the report registry; `FilterError` naming the choices otherwise."""
    try:
        return report_format(value).name
    except UnknownFormat as exc:
        raise FilterError(str(exc)) from None


# Audits one account with a client, as `run_audit` asks; the default collects and checks it in memory.
AccountAudit = Callable[[str], list[CheckResult]]
# Given the client and the accounts chosen, the account audit of this run (e.g. one that stores it).
AuditStarter = Callable[[CTMClient, Sequence[str]], AccountAudit]
# What the webhook has observed of an account (e.g. read from a deployed stack).
WebhookEvidence = Callable[[str], Iterable[WebhookObservation]]


class Progress:
    """One stderr line per account done: accounts done of total, requests and retries so far."""

    def __init__(
        self, stream: TextIO | None, client: CTMClient, total: int, *, verb: str = "audited"
    ) -> None:
        self._stream = stream
        self._verb = verb
        self._client = client
        self._total = total
        self.done = 0

    def account_done(self) -> None:
        """Count one account and say so."""
        self.done += 1
        if self._stream is None:
            return
        stats = self._client.stats
        self._stream.write(
            f"{self._verb} {self.done}/{self._total} accounts, {_plural(stats.requests, 'request')}, "
            f"{_plural(stats.retries, 'retry', 'retries')}\n"
        )
        self._stream.flush()


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def run_audit(
    target: Target,
    attestations: Path | AttestationFile | None,
    *,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
    start: AuditStarter | None = None,
    observed: WebhookEvidence | None = None,
    output_format: str = DEFAULT_FORMAT,
    out: TextIO,
    output: Path | None = None,
    progress: TextIO | None = None,
    now: datetime | None = None,
    selection: ResultFilter | None = None,
    fail_on: Severity | None = Severity.CRITICAL,
) -> int:
    """Audit every account of `target` (or those `selection` names) with the `attestations` of a file
    (or already read, e.g. from a deployed stack, or none), valid for `max_age_days`; write the
    results `selection` keeps in `output_format` (a report registry name) on `out`, or to the file
    `output` when given, a line per account done on `progress`; return 1 when some of the results
    shown fail the `fail_on` gate. `start` replaces the in-memory account audit (`--store` records it
    in a deployed stack: `deployed.stored_audit`); `observed` gives the in-memory audit what the
    webhook has observed of each account (`deployed.webhook_evidence`), else it has seen nothing."""
    try:
        chosen = parse_format(output_format)
    except FilterError as exc:
        return fail(str(exc), 2)
    selection = selection or ResultFilter()
    if not isinstance(attestations, AttestationFile):
        try:
            attestations = load_attestations(attestations) if attestations else AttestationFile()
        except AttestationError as exc:
            return fail(str(exc), 2)

    moment = now or datetime.now(UTC)
    results: list[CheckResult] = []
    with target.client() as client:
        try:
            listed, left_out = list_accounts(client)
        except CTMError as exc:
            return fail(f"cannot list the accounts: {exc.message}", 1)
        try:
            account_ids = selection.check_accounts(listed, source=target.source)
        except FilterError as exc:
            return fail(str(exc), 2)
        if (strangers := unknown_accounts(attestations, listed, source=target.source)) is not None:
            print(f"ctm-hipaa audit: warning: {strangers}", file=sys.stderr)
        done = Progress(progress, client, len(account_ids))
        if start is not None:
            audit_one = start(client, account_ids)
        else:
            attested = attestations

            def audit_one(account_id: str) -> list[CheckResult]:
                effective = effective_for(attested, account_id, now=moment, max_age_days=max_age_days)
                seen = observed(account_id) if observed is not None else ()
                return audit_account(client, account_id, effective, observations=seen, now=moment).results

        for account_id in account_ids:
            results += audit_one(account_id)
            done.account_done()

    shown = [r for r in results if selection.keeps(r)]
    if chosen == DEFAULT_FORMAT and results and not shown:
        text = "No result matches the filters.\n"
    else:
        report = ReportInput(
            generated_at=moment,
            results=tuple(shown),
            attestations=tuple(attestation_records(attestations, max_age_days=max_age_days)),
        )
        text = render(chosen, report)
    if output is None:
        out.write(text)
    elif (error := write_output(output, text)) is not None:
        return fail(error, 2)
    code = 0
    failing = gate(shown, fail_on)
    if failing and fail_on is not None:
        code = fail(f"{len(failing)} FAIL, MANUAL or ERROR result(s) of severity {fail_on} or above", 1)
    if left_out:
        code = fail(f"{left_out} account(s) of CTM's list could not be read and were not audited", 1)
    return code


def list_accounts(client: CTMClient, command: str = "audit") -> tuple[list[str], int]:
    """The ids of the accounts CTM lists, and how many of its items were left out: an item that fits
    no shape (an id that is an object, no id) is reported on stderr, one line naming its index and
    the field and JSON type it had (never a value), and the others go on. CTMError if CTM refuses."""
    rejected: list[ItemProblem] = []
    listed = [account.id for account in client.accounts(rejected=rejected)]
    for problem in rejected:
        fail(f"left out {problem.describe(ACCOUNT_LIST)}", 1, command)
    return listed, len(rejected)


# A CTM account id is a whole number; an attestation key that is not one is counted, never shown.
_PLAIN_ACCOUNT_ID = re.compile(r"^[0-9]{1,20}$")


def unknown_accounts(attestations: AttestationFile, listed: Collection[str], *, source: str) -> str | None:
    """The warning for attestation blocks of accounts `source` does not have (a typo, or an account
    gone), or None. Their ids are named (account ids are not PHI) when they are whole numbers."""
    unknown = sorted(set(attestations.accounts) - set(listed))
    if not unknown:
        return None
    named = [account_id for account_id in unknown if _PLAIN_ACCOUNT_ID.match(account_id)]
    others = len(unknown) - len(named)
    listing = ", ".join(named) + (
        f"{' and ' if named else ''}{others} not a CTM account id" if others else ""
    )
    return (
        f"the attestations name {_plural(len(unknown), 'account')} {source} does not have ({listing}); "
        "their blocks are not used"
    )


def fail(message: str, code: int, command: str = "audit") -> int:
    """Print `message` as the command's one error line on stderr; return `code`."""
    print(f"ctm-hipaa {command}: {message}", file=sys.stderr)
    return code


def _choose(flag: str, what: str, value: str, choices: Collection[str]) -> str:
    if value not in choices:
        suggestion = did_you_mean(value, choices)
        hint = f"{suggestion} " if suggestion else ""
        raise FilterError(f"{flag} {value!r} is not {what}; {hint}choose from {', '.join(choices)}")
    return value


def _choose_enum(
    flag: str, what: str, value: str, enum: Iterable[StrEnum], extra: tuple[str, ...] = ()
) -> str:
    # Statuses are upper case and severities lower case: either case of the operator's is taken.
    values = [member.value for member in enum]
    folded = {v.lower(): v for v in values}.get(value.lower(), value)
    return _choose(flag, what, folded if folded in values else value, [*values, *extra])
