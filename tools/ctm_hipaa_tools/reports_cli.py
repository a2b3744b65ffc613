"""`ctm-hipaa report` and `ctm-hipaa evidence`: reports from a stack's stored state.

Both read the findings table the findings workflow reads (`findings_cli.open_table`: `--stack NAME`,
`--table NAME`, $FINDINGS_TABLE, or the local stack of `demo --keep`), through `stored_report`.
Bad input (a format, a date, a window, an output path) is one line and exit 2, before anything is
read; so is an AWS misconfiguration (`aws_errors.explain` says what to set). Another AWS failure is
one line with botocore's message and exit 1. Building the parser loads neither boto3 nor pydantic.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ctm_hipaa.report import FORMAT_NAMES
from ctm_hipaa_tools.findings_cli import InputError, add_where, open_table

DEFAULT_REPORT_FORMAT = "html"
# How many of the latest runs `report` reads by default: two weeks of daily runs.
DEFAULT_RUNS = 14
_EXIT_CODES = (
    "Exit codes: 0 when written; 2 for bad input, an unwritable output, an unreadable stack or an AWS "
    "misconfiguration (one line says what to set); 1 for another AWS failure."
)


def add_parsers(commands: Any) -> None:
    """Add `report` and `evidence` to the CLI's subcommands."""
    report = commands.add_parser(
        "report",
        help="the report of a stack's stored state: latest run per account, trend, open findings, "
        "attestation history, PHI flows",
        description="Render the stored state of a deployed stack (--stack NAME), a findings table "
        "(--table NAME or $FINDINGS_TABLE) or the local stack of `ctm-hipaa demo --keep`: each "
        "account's latest audit among the last --runs runs, their trend, the open findings, every "
        "recorded attestation and the webhook's PHI flows.",
        epilog=_EXIT_CODES,
    )
    add_where(report)
    report.add_argument("--format", choices=FORMAT_NAMES, default=DEFAULT_REPORT_FORMAT, help="default: html")
    report.add_argument("--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    report.add_argument(
        "--runs",
        type=int,
        default=DEFAULT_RUNS,
        metavar="N",
        help=f"read the latest N runs (default {DEFAULT_RUNS}): the trend, and each account's latest audit",
    )
    report.set_defaults(run=_guarded(_report))

    evidence = commands.add_parser(
        "evidence",
        help="the evidence package of a window: report, every run's results, attestations, mute "
        "rules, SHA-256 manifest (zip)",
        description="Write the audit package of the UTC days --since to --until (inclusive), as of the "
        "end of --until: the HTML report, every run's results in csv and ocsf, the attestation "
        "history, the mute rules in force in the window, and manifest.json and SHA256SUMS with the "
        "SHA-256 of every file (`sha256sum -c SHA256SUMS` verifies them). The same stored state gives "
        "the same bytes.",
        epilog=_EXIT_CODES,
    )
    add_where(evidence)
    evidence.add_argument("--since", required=True, metavar="DATE", help="the window's first day, YYYY-MM-DD")
    evidence.add_argument(
        "--until", metavar="DATE", help="the window's last day, YYYY-MM-DD (default: today, UTC)"
    )
    evidence.add_argument("--output", type=Path, required=True, metavar="FILE.zip", help="the zip to write")
    evidence.set_defaults(run=_guarded(_evidence))


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """`command` with its failures on one line: bad input and AWS misconfigurations exit 2, other AWS
    failures 1."""

    def run(args: argparse.Namespace) -> int:
        from botocore.exceptions import BotoCoreError, ClientError

        from ctm_hipaa.attestations import AttestationError
        from ctm_hipaa.audit import RunStoreError
        from ctm_hipaa.findings import FindingStoreError
        from ctm_hipaa_tools.aws_errors import explain
        from ctm_hipaa_tools.deployed import DeployedStackError
        from ctm_hipaa_tools.evidence import EvidenceError

        try:
            return command(args)
        except (InputError, EvidenceError, DeployedStackError, AttestationError) as exc:
            print(f"ctm-hipaa {args.command}: {exc}", file=sys.stderr)
            return 2
        except (BotoCoreError, ClientError, RunStoreError, FindingStoreError) as exc:
            problem = explain(exc)
            print(f"ctm-hipaa {args.command}: {problem or f'AWS refused: {exc}'}", file=sys.stderr)
            return 2 if problem else 1

    return run


def _report(args: argparse.Namespace) -> int:
    from ctm_hipaa.report import render
    from ctm_hipaa_tools.stored_report import StoredState

    if args.runs < 1:
        raise InputError(f"--runs {args.runs} is not a positive number of runs")
    if args.output is not None:
        _check_writable(args.output)
    table, max_age_days = open_table(args)
    state = StoredState(table, max_age_days)
    text = render(args.format, state.report(state.latest(args.runs), as_of=datetime.now(UTC)))
    if args.output is None:
        sys.stdout.write(text)
    else:
        _write(args.output, text.encode())
    return 0


def _evidence(args: argparse.Namespace) -> int:
    from ctm_hipaa_tools.evidence import Window, evidence_files, write_zip
    from ctm_hipaa_tools.stored_report import StoredState

    window = Window.parse(args.since, args.until, today=datetime.now(UTC).date())
    _check_writable(args.output)
    table, max_age_days = open_table(args)
    files = evidence_files(StoredState(table, max_age_days), window)
    try:
        write_zip(files, args.output, at=window.end)
    except OSError as exc:
        raise InputError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    runs = sum(1 for name in files if name.endswith("/results.csv"))
    print(
        f"evidence package {args.output}: {window.since} to {window.until}, {runs} run(s), "
        f"{len(files)} files; verify with `sha256sum -c SHA256SUMS` in the unzipped folder"
    )
    return 0


def _check_writable(path: Path) -> None:
    """Refuse an output whose folder does not exist, or that is a folder, before reading anything."""
    if path.is_dir():
        raise InputError(f"--output {path} is a folder, not a file")
    if not path.parent.is_dir():
        raise InputError(f"--output {path}: the folder {path.parent} does not exist")


def _write(path: Path, body: bytes) -> None:
    try:
        path.write_bytes(body)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
