"""`ctm-hipaa relay configure|preview|history`: the relay's destinations, and what each would receive.

`configure FILE` makes a destinations file (docs/relay.md) the relay's configuration in the findings
table (`--stack NAME`, `--table NAME` or $FINDINGS_TABLE, as the findings commands), each change
kept in a history (`history`). A file that cannot be read or validated is one line, exit 2, and
nothing is written.

`preview` prints, one JSON line per payload and destination, exactly the body the destination
would receive and its manifest; nothing is sent:

    {"record": 0, "destination": "crm", "body": {...}, "manifest": {...}}

`record` counts the payloads from 0, as `ctm-hipaa scan` does: with `--jsonl` each non-blank line
is one (a line that is no JSON object is reported on stderr with its line number, gets no output
line, and makes the exit code 1); without it the whole input is record 0. `destination` is the
destination's name, the preset's for `--preset` and "inline" for `--policy`. Tokens are keyed with
the destination's own key when its secret holds one (`--destination`), else with a preview key,
which stderr says: such tokens differ from the ones the destination receives.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctm_hipaa_tools.findings_cli import InputError, add_where, open_table

if TYPE_CHECKING:
    from ctm_hipaa.relay import Destination, Policy

# Keys the preview's tokens when the destination's own key is not at hand (stderr says so).
PREVIEW_KEY = b"ctm-hipaa relay preview key: not a destination's key"
PREVIEW, OWN_KEY = "preview", "destination"
_EXIT_CODES = (
    "Exit codes: 0 when done; 1 when some input lines were not JSON objects (preview) or AWS failed "
    "otherwise; 2 for a bad file or option (nothing is written), an unreadable stack or an AWS "
    "misconfiguration (one line says what to set)."
)


def add_parsers(commands: Any) -> None:
    """Add `relay` (configure, preview, history) to the CLI's subcommands."""
    relay = commands.add_parser(
        "relay",
        help="the PHI-scrubbing relay: configure destinations, preview what each would receive",
        description="Destinations are tools without a BAA that get a PHI-free copy of each CTM delivery, "
        "shaped by a policy (docs/relay.md).",
        epilog=_EXIT_CODES,
    )
    actions = relay.add_subparsers(dest="relay_command", required=True, metavar="ACTION")

    configure = actions.add_parser(
        "configure",
        help="make a destinations file (YAML or JSON) the relay's configuration, with history",
        description="Validate FILE and store its destinations in the findings table: new and changed "
        "ones are written, those it no longer names are removed, every change is kept in the history.",
        epilog=_EXIT_CODES,
    )
    configure.add_argument(
        "file", type=Path, metavar="FILE", help="destinations YAML or JSON (docs/relay.md)"
    )
    configure.add_argument("--by", required=True, metavar="NAME", help="who configures")
    configure.add_argument("--note", default="", help="why: the ticket, the tool's BAA status")
    add_where(configure)
    configure.set_defaults(run=_guarded(_configure))

    preview = actions.add_parser(
        "preview",
        help="print the body and manifest each destination would receive of payloads; nothing is sent",
        description="Print one JSON object per payload and destination: "
        '{"record", "destination", "body", "manifest"}. record counts payloads from 0 '
        "(non-blank lines with --jsonl).",
        epilog=_EXIT_CODES,
    )
    which = preview.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--destination",
        action="append",
        metavar="NAME",
        help="a configured destination (repeatable), from the table or --from FILE; a payload of an "
        "account it does not serve gets no line for it",
    )
    which.add_argument("--preset", metavar="NAME", help="a preset: crm-lead, ads-conversion, chat-notify")
    which.add_argument("--policy", type=Path, metavar="FILE", help="a policy YAML or JSON (docs/relay.md)")
    preview.add_argument(
        "--from",
        dest="from_file",
        type=Path,
        metavar="FILE",
        help="with --destination: read the destinations from this file instead of the table",
    )
    preview.add_argument(
        "--preview-key",
        action="store_true",
        help="with --destination: key tokens with the preview key, without reading the destination's secret",
    )
    preview.add_argument("--jsonl", action="store_true", help="one payload per line")
    preview.add_argument("payloads", metavar="PAYLOADS", help="payload file, or - for stdin")
    add_where(preview)
    preview.set_defaults(run=_guarded(_preview))

    history = actions.add_parser(
        "history",
        help="every recorded version of the destinations: who, when, what changed",
        epilog=_EXIT_CODES,
    )
    add_where(history)
    history.set_defaults(run=_guarded(_history))


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """`command` with its failures on one line: bad input and AWS misconfigurations exit 2, other AWS
    failures 1."""

    def run(args: argparse.Namespace) -> int:
        from botocore.exceptions import BotoCoreError, ClientError

        from ctm_hipaa.relay import RelayConfigError
        from ctm_hipaa_tools.aws_errors import explain
        from ctm_hipaa_tools.deployed import DeployedStackError

        name = f"relay {args.relay_command}"
        try:
            return command(args)
        except (InputError, RelayConfigError, DeployedStackError) as exc:
            print(f"ctm-hipaa {name}: {exc}", file=sys.stderr)
            return 2
        except (BotoCoreError, ClientError) as exc:
            problem = explain(exc)
            print(f"ctm-hipaa {name}: {problem or f'AWS refused: {exc}'}", file=sys.stderr)
            return 2 if problem else 1

    return run


def _configure(args: argparse.Namespace) -> int:
    from ctm_hipaa.relay import DestinationStore, load_destinations

    destinations = load_destinations(args.file)  # validated before AWS is reached: nothing is written
    table, _ = open_table(args)
    summary = DestinationStore(table).record(destinations, recorded_by=args.by, note=args.note)
    parts = [
        f"{len(names)} {what}" + (f" ({', '.join(names)})" if names else "")
        for what, names in (
            ("added", summary.added),
            ("changed", summary.changed),
            ("unchanged", summary.unchanged),
            ("removed", summary.removed),
        )
    ]
    count = len(destinations.destinations)
    print(f"configured {count} relay destination(s) in {table.name}: {', '.join(parts)}")
    return 0


def _history(args: argparse.Namespace) -> int:
    from ctm_hipaa.relay import DestinationStore

    table, _ = open_table(args)
    for version in DestinationStore(table).history():
        state = "removed" if version.destination is None else f"policy {version.policy_version}"
        note = f" ({version.note})" if version.note else ""
        print(f"{version.recorded_at.isoformat()}  {version.name}  {state}  by {version.recorded_by}{note}")
    return 0


_Target = tuple[
    "Destination | Policy", str | None, str, bytes, str
]  # target, destination, policy, key, label


def _preview(args: argparse.Namespace) -> int:
    from ctm_hipaa.relay import forward

    targets = _targets(args)  # a bad option or file is refused before any input is read
    text = _read_payloads(args.payloads)
    bad = unserved = 0
    tokens_previewed = False
    for record, lineno, payload in _records(text, jsonl=args.jsonl):
        if isinstance(payload, str):
            where = f"line {lineno}" if args.jsonl else "input"
            print(f"ctm-hipaa relay preview: {where}: {payload}", file=sys.stderr)
            bad += 1
            continue
        served = False
        for target, destination, policy_name, key, label in targets:
            if destination is not None and not _serves(target, payload):
                continue
            served = True
            body, manifest = forward(payload, target, key, policy_name=policy_name)
            tokens_previewed |= label == PREVIEW and "token" in manifest.transformed.values()
            line = {
                "record": record,
                "destination": destination or policy_name,
                "body": body,
                "manifest": manifest.as_dict(),
            }
            sys.stdout.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
        unserved += not served
    if unserved:
        print(
            f"ctm-hipaa relay preview: {unserved} payload(s) are of accounts no chosen destination serves",
            file=sys.stderr,
        )
    if tokens_previewed:
        print(
            "ctm-hipaa relay preview: tokens are keyed with the preview key: they differ from the ones "
            "a destination receives",
            file=sys.stderr,
        )
    return 1 if bad else 0


def _serves(target: Destination | Policy, payload: dict[str, Any]) -> bool:
    from ctm_hipaa.relay import Destination

    return not isinstance(target, Destination) or target.applies_to(payload.get("account_id"))


def _targets(args: argparse.Namespace) -> list[_Target]:
    from ctm_hipaa.attestations import did_you_mean
    from ctm_hipaa.relay import load_policy, preset_names, preset_policy

    if args.destination is None and (args.from_file is not None or args.preview_key):
        raise InputError("--from and --preview-key go with --destination")
    if args.preset is not None:
        if args.preset not in preset_names():
            hint = did_you_mean(args.preset, preset_names())
            listing = ", ".join(preset_names())
            raise InputError(f"no preset {args.preset} (presets: {listing})" + (f"; {hint}" if hint else ""))
        return [(preset_policy(args.preset), None, args.preset, PREVIEW_KEY, PREVIEW)]
    if args.policy is not None:
        return [(load_policy(args.policy), None, "inline", PREVIEW_KEY, PREVIEW)]
    return _destination_targets(args)


def _destination_targets(args: argparse.Namespace) -> list[_Target]:
    from ctm_hipaa.attestations import did_you_mean
    from ctm_hipaa.relay import DestinationStore, load_destinations

    if args.from_file is not None:
        configured = load_destinations(args.from_file).destinations
    else:
        configured = DestinationStore(open_table(args)[0]).load().destinations
    targets: list[_Target] = []
    for name in dict.fromkeys(args.destination):
        destination = configured.get(name)
        if destination is None:
            hint = did_you_mean(name, configured)
            known = ", ".join(sorted(configured)) or "none"
            raise InputError(f"no destination {name} (configured: {known})" + (f"; {hint}" if hint else ""))
        key = None if args.preview_key or args.from_file is not None else _own_key(destination.secret)
        targets.append(
            (destination, name, destination.policy_name, key or PREVIEW_KEY, OWN_KEY if key else PREVIEW)
        )
    return targets


def _own_key(secret_id: str) -> bytes | None:
    """The destination's HMAC key from its secret, or None when the secret is absent or holds none."""
    import boto3
    from botocore.exceptions import ClientError

    from ctm_hipaa.relay import hmac_key_of

    try:
        answer = boto3.session.Session().client("secretsmanager").get_secret_value(SecretId=secret_id)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
            return None
        raise
    return hmac_key_of(answer.get("SecretString"))


def _read_payloads(source: str) -> str:
    try:
        return sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {source}: {type(exc).__name__}") from None


def _records(text: str, *, jsonl: bool) -> Iterator[tuple[int, int, dict[str, Any] | str]]:
    """(record, line number, payload or the reason it is none) per payload; the reason never quotes
    the input."""
    chunks = (
        [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()] if jsonl else [(1, text)]
    )
    for record, (lineno, chunk) in enumerate(chunks):
        try:
            payload = json.loads(chunk)
        except json.JSONDecodeError as exc:
            yield record, lineno, f"not valid JSON (at character {exc.pos})"
            continue
        except RecursionError:
            yield record, lineno, "nested too deeply"
            continue
        if not isinstance(payload, dict):
            yield record, lineno, f"expected a JSON object, got {type(payload).__name__}"
            continue
        yield record, lineno, payload
