"""`ctm-hipaa findings list|show|mute|unmute|export` and `ctm-hipaa mutes list`: the findings workflow.

They work on a deployed stack (`--stack NAME`: its `FindingsTableName` output), on a findings table
by name (`--table NAME`, default $FINDINGS_TABLE), and on the local stack that `ctm-hipaa demo
--keep` leaves running (its export lines set FINDINGS_TABLE and AWS_ENDPOINT_URL, which boto3
honours). What they print is ids, enums, times, the checks' PHI-free titles and details, and the
workforce text of mute rules (who, why).

`findings list` renders the findings it selects through the report registry (`ReportInput` with
findings only: every format, `--output FILE` as `audit` has it); `findings export` sends the same
selection to Security Hub as ASFF (`--security-hub`), or writes it to a file (`--output`).

Bad input is a one-line error and exit 2, with nothing changed. An AWS failure is one line too: an
AWS misconfiguration (no region or credentials, no such table...) says what to set
(`ctm_hipaa_tools.aws_errors.explain`, as every command) and exits 2; any other failure exits 1.
Building the parser loads neither boto3 nor pydantic: each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

# The registry's names only: this loads no renderer, pydantic nor the catalog.
from ctm_hipaa.report import DEFAULT_FORMAT, FORMAT_NAMES

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

    from ctm_hipaa.findings import Finding, FindingStore, HistoryEntry, MuteRule
    from ctm_hipaa.report import AwsContext


_Choice = TypeVar("_Choice", bound=StrEnum)


class InputError(Exception):
    """Bad input on the command line: reported on one line, exit 2, nothing changed."""


# The shortest id prefix `findings show` takes.
_ID = re.compile(r"f1-[0-9a-f]{6,32}")
MAX_RESOURCE_CHARS = 200
# `findings export --output FILE` without --format: the findings as Security Hub would take them.
EXPORT_FORMAT = "asff"
_WHERE_HELP = "read the findings table of this deployed stack (AWS credentials needed)"
_TABLE_HELP = "findings table name (default: $FINDINGS_TABLE; `ctm-hipaa demo --keep` prints the local one)"
_EXIT_CODES = (
    "Exit codes: 0 when done; 1 when AWS failed otherwise, or Security Hub refused a finding; 2 for "
    "bad input (nothing is changed), an unreadable stack, an unwritable --output file or an AWS "
    "misconfiguration (one line says what to set)."
)


def add_parsers(commands: Any) -> None:
    """Add `findings` (list, show, mute, unmute) and `mutes` (list) to the CLI's subcommands."""
    findings = commands.add_parser(
        "findings",
        help="list findings, show one's history, mute and unmute them",
        description="The findings workflow on a deployed stack (--stack NAME), a findings table "
        "(--table NAME or $FINDINGS_TABLE), or the local stack that `ctm-hipaa demo --keep` leaves "
        "running (its export lines set FINDINGS_TABLE and AWS_ENDPOINT_URL).",
        epilog=_EXIT_CODES,
    )
    actions = findings.add_subparsers(dest="findings_command", required=True, metavar="ACTION")

    listing = actions.add_parser(
        "list", help="findings by status, severity, account or check (default: open), in any format"
    )
    add_where(listing)
    _add_filters(listing)
    listing.add_argument(
        "--format",
        choices=FORMAT_NAMES,
        default=DEFAULT_FORMAT,
        help=f"output format (default: {DEFAULT_FORMAT}): a text table, the JSON list of findings, CSV "
        "rows, OCSF or ASFF findings, or one self-contained HTML page",
    )
    listing.add_argument("--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    listing.set_defaults(run=_guarded(_list))

    export = actions.add_parser(
        "export",
        help="send the findings list selects to Security Hub (ASFF), or write them to a file",
        description="Select findings as `findings list` does, then import them into AWS Security Hub "
        "(BatchImportFindings, 100 a call, in the caller's account and region) or write them to a file.",
        epilog="Exit codes: 0 when every finding was imported or written; 1 when Security Hub refused "
        "some (each is named) or AWS failed otherwise; 2 for bad input, an unwritable file or an AWS "
        "misconfiguration (one line says what to set).",
    )
    add_where(export)
    _add_filters(export)
    to = export.add_mutually_exclusive_group(required=True)
    to.add_argument(
        "--security-hub",
        action="store_true",
        help="import them into Security Hub (enabled in the region; securityhub:BatchImportFindings)",
    )
    to.add_argument("--output", type=Path, metavar="FILE", help="write them to FILE")
    export.add_argument(
        "--format",
        choices=FORMAT_NAMES,
        help=f"with --output: the file's format (default: {EXPORT_FORMAT})",
    )
    export.set_defaults(run=_guarded(_export))

    show = actions.add_parser("show", help="one finding: first and last seen, its transitions and alerts")
    add_where(show)
    show.add_argument("finding_id", metavar="ID", help="a finding id, or its first characters (f1-3a9c0e)")
    show.add_argument(
        "--account", metavar="ID", help="the finding's CTM account: read it directly, not across the table"
    )
    show.add_argument("--format", choices=["table", "json"], default="table")
    show.set_defaults(run=_guarded(_show))

    mute = actions.add_parser(
        "mute",
        help="suppress a check's findings on an account (or one resource) until a date, with a reason",
        description="Store a mute rule and suppress the open findings it matches at once. Audits "
        "keep them SUPPRESSED until the rule expires or is revoked (`findings unmute`).",
    )
    add_where(mute)
    mute.add_argument("--check", required=True, metavar="ID", help="the check (see `ctm-hipaa checks`)")
    mute.add_argument("--account", required=True, metavar="ID", help="the CTM account, or '*' for every one")
    mute.add_argument("--resource", metavar="ID", help="only this resource id (default: all of the account)")
    mute.add_argument("--reason", required=True, help="why: the ticket, the compensating control")
    mute.add_argument(
        "--expires",
        required=True,
        metavar="DATE",
        help="YYYY-MM-DD (the end of that day, UTC) or an ISO time with its offset; in the future",
    )
    mute.add_argument("--by", required=True, metavar="NAME", help="who decided")
    mute.set_defaults(run=_guarded(_mute))

    unmute = actions.add_parser(
        "unmute",
        help="revoke a mute rule: the findings it suppressed open again (the next audit alerts)",
    )
    add_where(unmute)
    unmute.add_argument("rule_id", metavar="RULE_ID", help="the rule's id (see `ctm-hipaa mutes list`)")
    unmute.add_argument("--by", required=True, metavar="NAME", help="who decided")
    unmute.set_defaults(run=_guarded(_unmute))

    mutes = commands.add_parser("mutes", help="list the mute rules", epilog=_EXIT_CODES)
    mutes_actions = mutes.add_subparsers(dest="mutes_command", required=True, metavar="ACTION")
    mutes_list = mutes_actions.add_parser(
        "list", help="every mute rule: selectors, reason, who, when, state and findings suppressed"
    )
    add_where(mutes_list)
    mutes_list.add_argument("--format", choices=["table", "json"], default="table")
    mutes_list.set_defaults(run=_guarded(_mutes_list))


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--status",
        action="append",
        default=[],
        metavar="STATUS",
        help="workflow status: NEW, NOTIFIED, RESOLVED, SUPPRESSED, open (NEW and NOTIFIED) or all "
        "(default: open)",
    )
    parser.add_argument(
        "--result", action="append", default=[], metavar="RESULT", help="latest result: FAIL, MANUAL or ERROR"
    )
    parser.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="SEVERITY",
        help="critical, high, medium, low or info",
    )
    parser.add_argument("--account", action="append", default=[], metavar="ID", help="only this CTM account")
    parser.add_argument("--check", action="append", default=[], metavar="ID", help="only this check")


def add_where(parser: argparse.ArgumentParser) -> None:
    """`--stack NAME` or `--table NAME` (else $FINDINGS_TABLE): where a command reads (`open_table`)."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--stack", metavar="NAME", help=_WHERE_HELP)
    where.add_argument("--table", metavar="NAME", help=_TABLE_HELP)


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """`command` with its failures reported on one line: bad input and AWS misconfigurations exit 2
    (`aws_errors.explain` says what to set), other AWS failures exit 1."""

    def run(args: argparse.Namespace) -> int:
        from botocore.exceptions import BotoCoreError, ClientError

        from ctm_hipaa.findings import FindingStoreError
        from ctm_hipaa.report import SecurityHubError
        from ctm_hipaa_tools.aws_errors import explain
        from ctm_hipaa_tools.deployed import DeployedStackError

        name = " ".join(part for part in (args.command, _action(args)) if part)
        try:
            return command(args)
        except (InputError, DeployedStackError) as exc:
            print(f"ctm-hipaa {name}: {exc}", file=sys.stderr)
            return 2
        except (BotoCoreError, ClientError, FindingStoreError, SecurityHubError) as exc:
            if (problem := explain(exc)) is not None:
                print(f"ctm-hipaa {name}: {problem}", file=sys.stderr)
                return 2
            # botocore's message: the operation, the code and the missing setting, never a stored value.
            print(f"ctm-hipaa {name}: AWS refused or could not be reached: {exc}", file=sys.stderr)
            return 1

    return run


def _action(args: argparse.Namespace) -> str:
    return str(getattr(args, "findings_command", None) or getattr(args, "mutes_command", None) or "")


# -- where ------------------------------------------------------------------------------------


def open_store(args: argparse.Namespace) -> FindingStore:
    """The findings table that `--stack`, `--table` or $FINDINGS_TABLE name."""
    from ctm_hipaa.findings import FindingStore

    return FindingStore(open_table(args)[0])


def open_table(args: argparse.Namespace) -> tuple[Table, int]:
    """The findings table that `--stack`, `--table` or $FINDINGS_TABLE name, and the attestation
    maximum age that applies to it (the stack's `AttestationMaxAgeDays`; the default for a table)."""
    import boto3

    from ctm_hipaa.attestations import DEFAULT_MAX_AGE_DAYS

    if args.stack:
        from ctm_hipaa_tools.deployed import DeployedStack

        session = boto3.session.Session()
        stack = DeployedStack.read(session, args.stack)
        return session.resource("dynamodb").Table(stack.findings_table), stack.max_age_days
    name = args.table or os.environ.get("FINDINGS_TABLE")
    if not name:
        raise InputError(
            "give --stack NAME or --table NAME, or set FINDINGS_TABLE (`ctm-hipaa demo --keep` "
            "prints the local stack's)"
        )
    return boto3.session.Session().resource("dynamodb").Table(name), DEFAULT_MAX_AGE_DAYS


# -- findings list ----------------------------------------------------------------------------


def _list(args: argparse.Namespace) -> int:
    from ctm_hipaa.report import ReportInput, render

    shown = select(args)
    now = datetime.now(UTC)
    if args.format == DEFAULT_FORMAT and not shown:
        text = "No findings match.\n"  # an empty input's table would say no account was audited
    else:
        text = render(args.format, ReportInput(generated_at=now, findings=tuple(shown), aws=_aws(args)))
    return _emit(text, args.output)


def select(args: argparse.Namespace) -> list[Finding]:
    """The findings of `open_store(args)` that the filters of `findings list` and `export` choose,
    worst first. A filter value no choice spells is an InputError, raised before AWS is reached."""
    from ctm_hipaa.findings import OPENING, ResultStatus, Severity, WorkflowStatus

    statuses = _statuses(args.status)
    opening = [status.value for status in ResultStatus if status in OPENING]
    results = {_member(ResultStatus, value, "--result", opening) for value in args.result}
    severities = {_member(Severity, value, "--severity") for value in args.severity}
    store = open_store(args)
    if args.account:
        candidates = [
            f for account in dict.fromkeys(args.account) for f in store.findings_for_account(account)
        ]
    else:
        candidates = [
            f for status in sorted(statuses) for f in store.findings_with_status(WorkflowStatus(status))
        ]
    shown = [
        f
        for f in candidates
        if f.status.value in statuses
        and (not results or f.result_status in results)
        and (not severities or f.severity in severities)
        and (not args.check or f.check_id in args.check)
    ]
    shown.sort(key=lambda f: (f.severity.rank, f.account_id, f.check_id, f.resource_id))
    return shown


def _aws(args: argparse.Namespace) -> AwsContext:
    """Where ASFF output is filed: the caller's account and region (STS) for `--format asff`; the
    placeholders otherwise, which no other format shows."""
    import boto3

    from ctm_hipaa.report import AwsContext, aws_context

    return aws_context(boto3.session.Session()) if args.format == "asff" else AwsContext()


def _emit(text: str, output: Path | None) -> int:
    """`text` on stdout, or written whole to `output` (InputError when it cannot be)."""
    from ctm_hipaa_tools.output import write_output

    if output is None:
        sys.stdout.write(text)
    elif (error := write_output(output, text)) is not None:
        raise InputError(error)
    return 0


# -- findings export --------------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    """`--output FILE`: `findings list --format F --output FILE` (default asff); `--security-hub`:
    the ASFF findings imported, with how many were imported and refused (exit 1 if any was)."""
    if not args.security_hub:
        args.format = args.format or EXPORT_FORMAT
        return _list(args)
    if args.format is not None:
        raise InputError("--security-hub sends ASFF; --format is for --output FILE")
    import boto3

    from ctm_hipaa.report import ReportInput, asff_findings, aws_context, import_findings

    chosen = select(args)
    session = boto3.session.Session()
    context = aws_context(session)
    report = ReportInput(generated_at=datetime.now(UTC), findings=tuple(chosen), aws=context)
    client = session.client("securityhub", region_name=context.region)
    outcome = import_findings(client, asff_findings(report))
    where = f"Security Hub of account {context.account_id} in {context.region}"
    print(
        f"imported {outcome.imported} finding(s) into the {where} in {outcome.batches} "
        f"call(s); {len(outcome.failed)} refused"
    )
    if not outcome.failed:
        return 0
    codes = ", ".join(f"{finding_id} ({code})" for finding_id, code in sorted(outcome.failed.items()))
    print(f"ctm-hipaa findings export: Security Hub refused {len(outcome.failed)}: {codes}", file=sys.stderr)
    return 1


def _statuses(values: Sequence[str]) -> set[str]:
    """The workflow statuses `--status` names: each status, `open` (NEW, NOTIFIED) or `all`."""
    from ctm_hipaa.findings import OPEN_STATUSES, WorkflowStatus

    groups = {"open": {s.value for s in OPEN_STATUSES}, "all": {s.value for s in WorkflowStatus}}
    groups |= {s.value.lower(): {s.value} for s in WorkflowStatus}
    chosen: set[str] = set()
    for value in values or ["open"]:
        if value.strip().lower() not in groups:
            names = ", ".join([*(s.value for s in WorkflowStatus), "open", "all"])
            raise InputError(f"--status {value!r} is not one of {names}")
        chosen |= groups[value.strip().lower()]
    return chosen


def _member(kind: type[_Choice], value: str, flag: str, allowed: Iterable[str] | None = None) -> _Choice:
    """The member of `kind` spelled `value` (in any case), among `allowed` values (default: all)."""
    names = list(allowed) if allowed is not None else [member.value for member in kind]
    spelled = next((name for name in names if name.lower() == value.strip().lower()), None)
    if spelled is None:
        raise InputError(f"{flag} {value!r} is not one of {', '.join(names)}")
    return kind(spelled)


def _finding_json(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = finding.model_dump(mode="json", exclude={"version"})
    return data


# -- findings show ----------------------------------------------------------------------------


def _show(args: argparse.Namespace) -> int:
    import json

    wanted = args.finding_id.strip().lower()
    if not _ID.fullmatch(wanted):
        raise InputError(f"{args.finding_id!r} is not a finding id (f1- and at least 6 hex digits)")
    store = open_store(args)
    if args.account:
        found = [
            f for f in store.findings_for_account(args.account.strip()) if f.finding_id.startswith(wanted)
        ]
    else:
        found = store.find(wanted)
    if not found:
        scope = f" of account {args.account.strip()}" if args.account else ""
        raise InputError(f"no finding {wanted}{scope} in the findings table")
    if len(found) > 1:
        raise InputError(f"{wanted} names {len(found)} findings: give more of the id")
    [finding] = found
    entries = store.history(finding)
    if args.format == "json":
        body = {"finding": _finding_json(finding), "history": [e.model_dump(mode="json") for e in entries]}
        print(json.dumps(body, indent=2))
    else:
        sys.stdout.write(render_history(finding, entries, datetime.now(UTC)))
    return 0


def render_history(finding: Finding, entries: Sequence[HistoryEntry], now: datetime) -> str:
    """`findings show`: the finding, its transitions (from -> to, when, why) and its alerts."""
    from ctm_hipaa.findings import HistoryEvent
    from ctm_hipaa.report import age_label, resource_label, text_columns, utc_time

    lines = [
        f"Finding {finding.finding_id}",
        f"  {finding.check_id} on account {finding.account_id}, resource {resource_label(finding)}",
        f"  {finding.severity.value} {finding.result_status.value}: {finding.title}",
        f"  {' '.join(finding.detail.split())}",
        f"  status {finding.status.value} since {utc_time(finding.status_changed_at)}"
        + (f" (mute rule {finding.mute_rule_id})" if finding.mute_rule_id else ""),
        f"  first seen {utc_time(finding.first_seen)} ({age_label(now - finding.first_seen)} ago), "
        f"last seen {utc_time(finding.last_seen)}",
        f"  generation {finding.generation}, people heard of generation {finding.notified_generation}",
        "",
    ]
    moves = [e for e in entries if e.event not in _ALERT_EVENTS]
    alerts = [e for e in entries if e.event in _ALERT_EVENTS]
    if moves:
        rows = [
            (
                utc_time(e.at, seconds=True),
                e.event.value,
                f"{e.from_status or '-'} -> {e.to_status}",
                str(e.generation),
                _why(e),
            )
            for e in moves
        ]
        lines += ["Transitions", *text_columns(("when", "event", "status", "generation", "why"), rows), ""]
    else:
        lines += ["Transitions: none recorded (the finding predates its history)", ""]
    if alerts:
        outcomes = [
            (
                utc_time(e.at, seconds=True),
                str(e.generation),
                "sent (alert or digest)"
                if e.event is HistoryEvent.NOTIFIED
                else "not delivered: claim given back",
            )
            for e in alerts
        ]
        lines += ["Alerts", *text_columns(("when", "generation", "outcome"), outcomes)]
    else:
        lines.append("Alerts: none yet")
    return "\n".join(lines) + "\n"


def _why(entry: HistoryEntry) -> str:
    if entry.mute_rule_id:
        return f"mute rule {entry.mute_rule_id}"
    if entry.run_id:
        return f"run {entry.run_id}"
    return "webhook delivery" if entry.event.value in {"created", "reopened", "grew"} else "-"


_ALERT_EVENTS = frozenset({"notified", "released"})


# -- findings mute / unmute, mutes list ------------------------------------------------------------


def _mute(args: argparse.Namespace) -> int:
    from ctm_hipaa.checks import all_checks
    from ctm_hipaa.findings import ANY, MAX_BY_CHARS, MAX_REASON_CHARS, MuteRule
    from ctm_hipaa.report import utc_time

    now = datetime.now(UTC)
    if args.check not in {check.check_id for check in all_checks()}:
        raise InputError(f"unknown check {args.check!r}: `ctm-hipaa checks` lists them")
    account = args.account.strip()
    if account != ANY and not account.isdigit():
        raise InputError(f"--account {args.account!r} is not a CTM account id (digits) or '*'")
    resource = ANY if args.resource is None else _text(args.resource, "--resource", 1, MAX_RESOURCE_CHARS)
    rule = MuteRule(
        check_id=args.check,
        account_id=account,
        resource_id=resource,
        reason=_text(args.reason, "--reason", 3, MAX_REASON_CHARS),
        expires_at=_expiry(args.expires, now),
        created_by=_text(args.by, "--by", 1, MAX_BY_CHARS),
        created_at=now,
    )
    suppressed = open_store(args).mute(rule)
    accounts = "every account" if rule.account_id == ANY else f"account {rule.account_id}"
    resources = "every resource" if rule.resource_id == ANY else f"resource {rule.resource_id}"
    print(
        f"mute rule {rule.rule_id}: {rule.check_id} on {accounts}, {resources}, until "
        f"{utc_time(rule.expires_at)}; {len(suppressed)} open finding(s) suppressed now"
    )
    return 0


def _unmute(args: argparse.Namespace) -> int:
    from ctm_hipaa.findings import MAX_BY_CHARS

    by = _text(args.by, "--by", 1, MAX_BY_CHARS)
    store = open_store(args)
    rule = store.mute_rule(args.rule_id.strip())
    if rule is None:
        raise InputError(f"no mute rule {args.rule_id!r}: `ctm-hipaa mutes list` shows them")
    if rule.revoked_at is not None:
        raise InputError(f"mute rule {rule.rule_id} was revoked already, by {rule.revoked_by}")
    reopened = store.unmute(rule, by=by)
    print(
        f"mute rule {rule.rule_id} revoked; {len(reopened)} finding(s) open again "
        "(the next audit or delivery that sees them alerts)"
    )
    return 0


def _mutes_list(args: argparse.Namespace) -> int:
    import json
    from collections import Counter

    from ctm_hipaa.findings import WorkflowStatus

    store = open_store(args)
    rules = sorted(store.mute_rules(), key=lambda r: r.created_at)
    counts = Counter(f.mute_rule_id for f in store.findings_with_status(WorkflowStatus.SUPPRESSED))
    now = datetime.now(UTC)
    if args.format == "json":
        body = [
            {**r.model_dump(mode="json"), "state": _state(r, now), "suppressing": counts[r.rule_id]}
            for r in rules
        ]
        print(json.dumps(body, indent=2))
    else:
        sys.stdout.write(render_mutes(rules, counts, now))
    return 0


def render_mutes(rules: Sequence[MuteRule], counts: Any, now: datetime) -> str:
    """`mutes list`: one row per rule, the reason last (it is the longest)."""
    from ctm_hipaa.report import text_columns, utc_time

    if not rules:
        return "No mute rules.\n"
    headers = (
        "rule",
        "check",
        "account",
        "resource",
        "state",
        "expires",
        "created",
        "by",
        "suppressing",
        "reason",
    )
    rows = [
        (
            r.rule_id,
            r.check_id,
            r.account_id,
            r.resource_id,
            _state(r, now),
            utc_time(r.expires_at),
            utc_time(r.created_at),
            r.created_by + (f" (revoked by {r.revoked_by})" if r.revoked_by else ""),
            str(counts[r.rule_id]),
            " ".join(r.reason.split()),
        )
        for r in rules
    ]
    return "\n".join(text_columns(headers, rows)) + "\n"


def _state(rule: MuteRule, now: datetime) -> str:
    if rule.revoked_at is not None:
        return "revoked"
    return "active" if rule.in_force(now) else "expired"


def _text(value: str, flag: str, shortest: int, longest: int) -> str:
    text = " ".join(value.split())
    if len(text) < shortest:
        raise InputError(f"{flag} needs at least {shortest} character(s) of text")
    if len(text) > longest:
        raise InputError(f"{flag} is {len(text)} characters long, more than {longest}")
    return text


def _expiry(value: str, now: datetime) -> datetime:
    """A date (the end of that day, UTC) or an ISO time with its offset, which must be in the future."""
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            moment = datetime.combine(datetime.fromisoformat(text).date(), time(), UTC) + timedelta(days=1)
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"--expires {value!r} is not a date (YYYY-MM-DD) or an ISO time") from None
    if moment.tzinfo is None:
        raise InputError(f"--expires {value!r} needs its UTC offset, e.g. {text}+00:00")
    if moment <= now:
        raise InputError(f"--expires {value!r} is not in the future")
    return moment
