"""`ctm-hipaa`: the command line. Each subcommand imports what it needs when it runs, so `audit`,
`scan`, `attest`, `findings`, `mutes` and `redrive` work without the `local` extra (moto), which
`demo` and `invoke` need. The findings workflow's commands live in `findings_cli`, the reports'
in `reports_cli`, the relay's in `relay_cli`."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ctm_hipaa import __version__
from ctm_hipaa.report import DEFAULT_FORMAT, FORMAT_NAMES
from ctm_hipaa_tools.findings_cli import add_parsers as add_findings_parsers
from ctm_hipaa_tools.relay_cli import add_parsers as add_relay_parsers
from ctm_hipaa_tools.reports_cli import add_parsers as add_report_parsers

if TYPE_CHECKING:
    from ctm_hipaa_tools.deployed import DeployedStack


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv` and run one subcommand; returns the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # An AWS misconfiguration no command caught still gets its one line (imported only now:
        # building the parser loads no botocore).
        from ctm_hipaa_tools.aws_errors import explain

        if (problem := explain(exc)) is None:
            raise
        print(f"ctm-hipaa {args.command}: {problem}", file=sys.stderr)
        return 2
    return code


_TEMPLATE_HELP = (
    "the app's template.yaml (default: $CTM_HIPAA_TEMPLATE, else the nearest one above the current folder)"
)


# `ctm-hipaa checks --format`: the catalog as a text table or a JSON list. (`audit --format` takes the
# report registry's names, which load no renderer and no check catalog.)
CATALOG_FORMATS = ("table", "json")

# Spelled out rather than read from the enums, so that building the parser loads neither pydantic
# nor the catalog; tests/audit/test_offline_audit.py checks the help names every member.
_STATUSES = "PASS, FAIL, MANUAL, ERROR or NOT_APPLICABLE"
_SEVERITIES = "critical, high, medium, low or info"
_AUDIT_EXIT_CODES = (
    "Exit codes: 0 when the audit ran and no shown result fails --fail-on; 1 when one does (the output "
    "is printed in full first) or when CTM refused to list the accounts; 2 for missing CTM credentials, "
    "an AWS misconfiguration (one line says what to set), an unreadable file or stack, an unwritable "
    "--output file, or an unknown filter value."
)
_LIVE_HELP = (
    "Without --snapshot the live agency is read: the keys come from CTM_ACCESS_KEY and CTM_SECRET_KEY "
    "(or --secret-arn), the origin from CTM_API_BASE_URL (default CTM's), the pace from "
    "CTM_REQUESTS_PER_SECOND (default 5)."
)


_ARN_HELP = "read the CTM keys from the deployed Secrets Manager secret instead of the environment"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ctm-hipaa", description="HIPAA compliance checks for CallTrackingMetrics."
    )
    parser.add_argument("--version", action="version", version=f"ctm-hipaa {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="run the whole job locally on the bundled sample agency")
    demo.add_argument("--template", type=Path, help=_TEMPLATE_HELP)
    demo.add_argument(
        "--keep",
        action="store_true",
        help="keep the local stack running until Ctrl-C and print the export line that points "
        "`ctm-hipaa findings`, `mutes` and `attest` in another shell at it",
    )
    demo.add_argument(
        "--report",
        type=Path,
        metavar="PATH",
        help="where to write the HTML report of the stored state (default: ctm-hipaa-report.html here)",
    )
    demo.set_defaults(run=_demo)

    audit = commands.add_parser(
        "audit",
        help="audit the live agency, or an agency snapshot, through the real HTTP client",
        description="Audit the live CTM agency, or an agency snapshot, through the real HTTP client: "
        f"results on stdout, progress on stderr. {_LIVE_HELP} Filters choose the results shown: AND "
        "across kinds, OR within one kind (each may be repeated); --account also chooses the accounts "
        "read.",
        epilog=_AUDIT_EXIT_CODES,
    )
    source = audit.add_mutually_exclusive_group()
    source.add_argument("--snapshot", type=Path, help="agency snapshot JSON (format: docs/snapshot.md)")
    source.add_argument("--secret-arn", metavar="ARN", help=_ARN_HELP)
    attested = audit.add_mutually_exclusive_group()
    attested.add_argument(
        "--attestations", type=Path, help="attestations YAML or JSON (format: docs/attestations.md)"
    )
    attested.add_argument(
        "--stack",
        metavar="NAME",
        help="read the attestations and the webhook's evidence (its findings and deliveries seen) recorded "
        "in this deployed stack, read-only (AWS credentials needed)",
    )
    audit.add_argument(
        "--store",
        action="store_true",
        help="with --stack and a live audit: record the audit in the stack as the auditor does (findings, "
        "alerts, digests, the run); without it nothing is written to AWS",
    )
    audit.add_argument(
        "--format",
        choices=FORMAT_NAMES,
        default=DEFAULT_FORMAT,
        help=f"output format (default: {DEFAULT_FORMAT}): text tables with what to fix, the JSON list of "
        "results, CSV rows, OCSF or ASFF findings, or one self-contained HTML page",
    )
    audit.add_argument(
        "--output", type=Path, metavar="FILE", help="write the output to FILE instead of stdout"
    )
    audit.add_argument("--account", action="append", default=[], metavar="ID", help="only this CTM account")
    audit.add_argument(
        "--check", action="append", default=[], metavar="ID", help="only this check (see `checks`)"
    )
    audit.add_argument(
        "--status", action="append", default=[], metavar="STATUS", help=f"only this verdict: {_STATUSES}"
    )
    audit.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="SEVERITY",
        help=f"only this severity, exactly: {_SEVERITIES}",
    )
    audit.add_argument(
        "--fail-on",
        default="critical",
        metavar="SEVERITY",
        help=f"exit 1 when a shown FAIL, MANUAL or ERROR result is of this severity or worse: {_SEVERITIES}, "
        "or none to never fail (default: critical)",
    )
    audit.set_defaults(run=_audit)

    collect = commands.add_parser(
        "collect",
        help="write the live agency's snapshot (calls cut to their attribution fields) for offline audits",
        description="Write the live CTM agency's snapshot in the snapshot format, for `audit --snapshot` "
        f"and bug reports. Calls keep only the attribution fields the checks read. {_LIVE_HELP}",
        epilog="Exit codes: 0 when the file was written; 1 when CTM refused to list the agency or its "
        "accounts; 2 for missing CTM credentials, an unknown --account or an unwritable file.",
    )
    collect.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help="snapshot JSON to write (format: docs/snapshot.md)",
    )
    collect.add_argument("--account", action="append", default=[], metavar="ID", help="only this CTM account")
    collect.add_argument("--secret-arn", metavar="ARN", help=_ARN_HELP)
    collect.set_defaults(run=_collect)

    scan = commands.add_parser("scan", help="print the PHI detections of a CTM payload, one JSON line each")
    scan.add_argument("--jsonl", action="store_true", help="one payload per line")
    scan.add_argument(
        "--fail-on-phi", action="store_true", help="exit 1 when any PHI was detected (after printing it all)"
    )
    scan.add_argument("file", nargs="?", default="-", help="payload file, or - for stdin (default)")
    scan.set_defaults(run=_scan)

    checks = commands.add_parser(
        "checks",
        help="list the check catalog: id, severity, checklist item, evidence, HIPAA citations, title",
    )
    checks.add_argument("--format", choices=CATALOG_FORMATS, default=CATALOG_FORMATS[0])
    checks.set_defaults(run=_checks)

    invoke = commands.add_parser("invoke", help="run a function's handler as `sam local invoke` would")
    invoke.add_argument("function", help="logical id in template.yaml, e.g. WebhookFunction")
    invoke.add_argument("-e", "--event", type=Path, required=True, help="event JSON file (see events/)")
    invoke.add_argument(
        "--aws", metavar="STACK", help="use the deployed stack STACK in real AWS instead of moto"
    )
    invoke.add_argument("--template", type=Path, help=_TEMPLATE_HELP)
    invoke.set_defaults(run=_invoke)

    attest = commands.add_parser("attest", help="record attestations (YAML or JSON) in the findings table")
    attest.add_argument("file", type=Path, help="attestations YAML or JSON (format: docs/attestations.md)")
    attest.add_argument("--by", required=True, help="who checked the CTM screens")
    attest.add_argument(
        "--note", required=True, help="evidence: what was looked at, e.g. a ticket or screenshot"
    )
    attest.add_argument("--table", help="findings table name (default: $FINDINGS_TABLE)")
    attest.set_defaults(run=_attest)

    add_findings_parsers(commands)
    add_report_parsers(commands)
    add_relay_parsers(commands)

    redrive = commands.add_parser(
        "redrive",
        help="store the webhook records parked while DynamoDB or SNS failed (exit 1 if some were skipped)",
    )
    redrive.set_defaults(run=_redrive)
    return parser


def _demo(args: argparse.Namespace) -> int:
    try:
        from ctm_hipaa_tools.demo import run_demo
        from ctm_hipaa_tools.template import TemplateError
    except ModuleNotFoundError as exc:
        return _missing_extra("demo", exc)
    try:
        return run_demo(
            sys.stdout,
            template_path=args.template,
            keep=_until_interrupted if args.keep else None,
            report_path=args.report,
        )
    except TemplateError as exc:
        print(f"ctm-hipaa demo: {exc}", file=sys.stderr)
        return 2


def _until_interrupted(exports: Mapping[str, str]) -> None:
    """Block until Ctrl-C: `demo --keep` holds its local stack meanwhile (`exports` reach it)."""
    import threading

    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()


def _audit(args: argparse.Namespace) -> int:
    import functools
    import os

    from ctm_hipaa.attestations import DEFAULT_MAX_AGE_DAYS
    from ctm_hipaa_tools.live_audit import (
        FilterError,
        ResultFilter,
        Target,
        TargetError,
        parse_threshold,
        run_audit,
    )
    from ctm_hipaa_tools.offline_audit import run_offline_audit

    try:
        selection = ResultFilter.parse(
            accounts=args.account, checks=args.check, statuses=args.status, severities=args.severity
        )
        fail_on = parse_threshold(args.fail_on)
    except FilterError as exc:
        print(f"ctm-hipaa audit: {exc}", file=sys.stderr)
        return 2
    if args.store and (not args.stack or args.snapshot is not None):
        print("ctm-hipaa audit: --store needs --stack NAME and a live audit (no --snapshot)", file=sys.stderr)
        return 2
    attestations, max_age_days, stack = args.attestations, DEFAULT_MAX_AGE_DAYS, None
    if args.stack:
        import boto3

        from ctm_hipaa_tools.deployed import DeployedStack, DeployedStackError

        try:
            stack = DeployedStack.read(boto3.session.Session(), args.stack)
            attestations, max_age_days = stack.attestations(), stack.max_age_days
        except DeployedStackError as exc:
            print(f"ctm-hipaa audit: {exc}", file=sys.stderr)
            return 2
    # The webhook's evidence is read per account while the audit runs (read-only, as the auditor does).
    observed = stack.webhook_evidence if stack is not None else None
    if args.snapshot is not None:
        audit_snapshot = functools.partial(
            run_offline_audit,
            args.snapshot,
            attestations,
            max_age_days=max_age_days,
            observed=observed,
            output_format=args.format,
            out=sys.stdout,
            output=args.output,
            selection=selection,
            fail_on=fail_on,
        )
        return (
            audit_snapshot() if stack is None else _with_stack(stack, "read the evidence of", audit_snapshot)
        )
    try:
        target = Target.from_environment(os.environ, secret_arn=args.secret_arn)
    except TargetError as exc:
        print(f"ctm-hipaa audit: {exc}", file=sys.stderr)
        return 2
    run = functools.partial(
        run_audit,
        target,
        attestations,
        max_age_days=max_age_days,
        output_format=args.format,
        out=sys.stdout,
        output=args.output,
        progress=sys.stderr,
        selection=selection,
        fail_on=fail_on,
    )
    if stack is None:
        return run()
    if args.store:
        return _with_stack(stack, "store the audit in", functools.partial(run, start=stack.stored_audit))
    return _with_stack(stack, "read the evidence of", functools.partial(run, observed=observed))


def _with_stack(stack: DeployedStack, doing: str, audit: Callable[[], int]) -> int:
    """Run `audit`, which reads (or writes) the deployed stack as it goes; an AWS failure is one line
    (`cannot <doing> the stack NAME: ...`): exit 2 with what to set, else 1."""
    from botocore.exceptions import BotoCoreError, ClientError

    from ctm_hipaa.findings import FindingStoreError
    from ctm_hipaa_tools.aws_errors import explain

    try:
        return audit()
    except (BotoCoreError, ClientError, FindingStoreError) as exc:
        problem = explain(exc)
        print(f"ctm-hipaa audit: cannot {doing} the stack {stack.name}: {problem or exc}", file=sys.stderr)
        return 2 if problem else 1


def _collect(args: argparse.Namespace) -> int:
    import os

    from ctm_hipaa_tools.collect import run_collect
    from ctm_hipaa_tools.live_audit import Target, TargetError

    try:
        target = Target.from_environment(os.environ, secret_arn=args.secret_arn)
    except TargetError as exc:
        print(f"ctm-hipaa collect: {exc}", file=sys.stderr)
        return 2
    return run_collect(target, args.out, accounts=args.account, progress=sys.stderr)


def _scan(args: argparse.Namespace) -> int:
    from ctm_hipaa.phi import run_scan

    return run_scan(args.file, jsonl=args.jsonl, out=sys.stdout, fail_on_phi=args.fail_on_phi)


def _checks(args: argparse.Namespace) -> int:
    from ctm_hipaa.checks import all_checks
    from ctm_hipaa.report import render_catalog

    if args.format == "table":
        sys.stdout.write(render_catalog(all_checks()))
        return 0
    entries = [
        {
            "check_id": check.check_id,
            "title": check.metadata.title,
            "severity": check.metadata.severity.value,
            "checklist_item": check.metadata.checklist_item,
            "hipaa": list(check.hipaa),
            "evidence": [kind.value for kind in check.metadata.evidence],
        }
        for check in all_checks()
    ]
    print(json.dumps(entries, indent=2))
    return 0


def _invoke(args: argparse.Namespace) -> int:
    from ctm_hipaa_tools.invoke import InvokeError, invoke_from_cli
    from ctm_hipaa_tools.template import TemplateError

    try:
        result = invoke_from_cli(
            args.function, args.event, deployed_stack=args.aws, template_path=args.template
        )
    except ModuleNotFoundError as exc:
        return _missing_extra("invoke", exc)
    except (InvokeError, TemplateError) as exc:
        print(f"ctm-hipaa invoke: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result.result, indent=2, default=str))
    return 0


def _attest(args: argparse.Namespace) -> int:
    import os

    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    from ctm_hipaa.attestations import AttestationError, AttestationStore, load_attestations
    from ctm_hipaa_tools.aws_errors import explain

    table_name = args.table or os.environ.get("FINDINGS_TABLE")
    if not table_name:
        print("ctm-hipaa attest: give --table or set FINDINGS_TABLE", file=sys.stderr)
        return 2
    try:
        attestations = load_attestations(args.file)
    except AttestationError as exc:
        print(f"ctm-hipaa attest: {exc}", file=sys.stderr)
        return 2
    try:
        table = boto3.resource("dynamodb").Table(table_name)
        written = AttestationStore(table).record(attestations, recorded_by=args.by, note=args.note)
    except (BotoCoreError, ClientError) as exc:
        # No region, no credentials, no such table: what to set (exit 2); else botocore's message.
        problem = explain(exc)
        print(f"ctm-hipaa attest: cannot record in {table_name}: {problem or exc}", file=sys.stderr)
        return 2 if problem else 1
    print(f"recorded {written} attestation block(s) in {table_name}")
    return 0


def _redrive(args: argparse.Namespace) -> int:
    from ctm_hipaa.settings import SettingsError
    from ctm_hipaa.webhook import ParkingError, redrive_parked_records
    from ctm_hipaa_tools.aws_errors import explain

    try:
        result = redrive_parked_records()
    except (SettingsError, ParkingError) as exc:
        problem = explain(exc)
        print(
            f"ctm-hipaa redrive: {exc}: {problem}" if problem else f"ctm-hipaa redrive: {exc}",
            file=sys.stderr,
        )
        return 2
    print(f"redrove {result.stored} parked record(s)")
    if not result.skipped:
        return 0
    reasons = ", ".join(f"{reason} x{count}" for reason, count in sorted(result.skipped.items()))
    print(
        f"ctm-hipaa redrive: skipped {result.skipped_count} record(s) that could not be stored ({reasons}); "
        "they stay parked for the next redrive, and SQS moves one that keeps failing to the "
        "parking dead-letter queue",
        file=sys.stderr,
    )
    return 1


def _missing_extra(command: str, exc: ModuleNotFoundError) -> int:
    """The local stack's moto is an optional dependency: say which extra brings it."""
    if exc.name is None or exc.name.partition(".")[0] != "moto":
        raise exc
    print(
        f"ctm-hipaa {command}: needs moto, which the local extra installs: pip install 'ctm-hipaa[local]'",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
