"""`ctm-hipaa relay configure|preview|history`: the interface others check, on files and on moto."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from tests.relay.relay_support import GOOD

from ctm_hipaa.relay import DestinationStore, load_destinations, preset_policy, token
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.relay_cli import PREVIEW_KEY
from ctm_hipaa_tools.template import Template

DEV = Path(__file__).resolve().parents[1] / "data" / "phi" / "dev.payloads.jsonl"
DESTINATIONS = """
destinations:
  crm:
    url: https://hooks.crm.example/ctm
    accounts: [412233]
    secret: ctm-hipaa/relay/crm
    policy: crm-lead
  team-chat:
    url: https://chat.example/incoming/relay
    accounts: all
    secret: ctm-hipaa/relay/chat
    policy: chat-notify
"""
HMAC_KEY = "the crm's own HMAC key, long enough"


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def test_preview_prints_one_object_per_line_and_destination(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payloads = tmp_path / "payloads.jsonl"
    dev = DEV.read_text(encoding="utf-8").splitlines()[:3]
    payloads.write_text(f"{dev[0]}\n\n{dev[1]}\n{dev[2]}\n")

    code, out, err = cli(["relay", "preview", "--preset", "crm-lead", "--jsonl", str(payloads)], capsys)

    assert code == 0, err
    shown = lines(out)
    assert [s["record"] for s in shown] == [0, 1, 2]  # non-blank lines, from 0, as `scan` counts
    # exactly the interface issue 12 names
    assert all(set(s) == {"record", "destination", "body", "manifest"} for s in shown)
    assert all(s["destination"] == "crm-lead" for s in shown)
    assert "preview key" in err
    first = json.loads(dev[0])
    assert shown[0]["body"]["caller_number"] == token(first["caller_number"], PREVIEW_KEY, kind="phone")
    assert shown[0]["manifest"]["policy"] == "crm-lead"
    assert shown[0]["manifest"]["policy_version"] == preset_policy("crm-lead").version
    assert "preview key" in err


def test_lines_that_are_no_object_are_reported_on_stderr_and_the_rest_is_previewed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payloads = tmp_path / "payloads.jsonl"
    payloads.write_text(
        '{"id": 1, "source": "Radio", "duration": 5}\nFrederick Ryan 304-992-5299\n[1, 2]\n{"id": 2}\n'
    )

    code, out, err = cli(["relay", "preview", "--preset", "chat-notify", "--jsonl", str(payloads)], capsys)

    assert code == 1
    assert [(s["record"], s["body"]["text"]) for s in lines(out)] == [
        (0, "New call from Radio to unknown, 5s"),
        (3, "New call from unknown to unknown, unknown"),
    ]
    assert "line 2: not valid JSON (at character 0)" in err
    assert "line 3: expected a JSON object, got list" in err
    assert "Frederick" not in err and "Traceback" not in err


def test_preview_of_a_policy_file_and_of_a_whole_payload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("fields:\n  id: keep\n  notes: text\ntext: redact\n")
    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps({"id": 7, "name": "Dana Whitfield", "notes": "Dana Whitfield called"}))

    code, out, err = cli(["relay", "preview", "--policy", str(policy), str(payload)], capsys)

    assert code == 0, err
    (shown,) = lines(out)
    assert shown["record"] == 0
    assert shown["body"] == {"id": 7, "notes": "[NAME] called"}
    assert shown["manifest"]["policy"] == "inline" and "name" in shown["manifest"]["dropped"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--preset", "crm-leed"],
            'no preset crm-leed (presets: ads-conversion, chat-notify, crm-lead); did you mean "crm-lead"?',
        ),
        (["--policy", "missing.yaml"], "cannot read the file (FileNotFoundError)"),
        (["--destination", "crm", "--from", "missing.yaml"], "cannot read the file"),
        (["--preset", "crm-lead", "--from", "d.yaml"], "--from and --preview-key go with --destination"),
    ],
)
def test_bad_preview_options_are_one_line_and_exit_2(
    args: list[str],
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(["relay", "preview", *args, str(DEV)], capsys)
    assert (code, out) == (2, "")
    assert expected in err and len(err.splitlines()) == 1


def test_preview_of_destinations_from_a_file_serves_their_accounts_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    destinations = tmp_path / "destinations.yaml"
    destinations.write_text(DESTINATIONS)
    payloads = tmp_path / "payloads.jsonl"
    payloads.write_text('{"id": 1, "account_id": 412233}\n{"id": 2, "account_id": 1}\n')

    args = [
        "relay",
        "preview",
        "--destination",
        "crm",
        "--destination",
        "team-chat",
        "--from",
        str(destinations),
    ]
    code, out, err = cli([*args, "--jsonl", str(payloads)], capsys)

    assert code == 0, err
    assert [(s["record"], s["destination"]) for s in lines(out)] == [
        (0, "crm"),
        (0, "team-chat"),
        (1, "team-chat"),
    ]
    assert lines(out)[0]["manifest"]["destination"] == "crm"

    code, _, err = cli(
        ["relay", "preview", "--destination", "cmr", "--from", str(destinations), str(payloads)], capsys
    )
    assert code == 2 and 'no destination cmr (configured: crm, team-chat); did you mean "crm"?' in err


def configure(
    tmp_path: Path, text: str, table: str, capsys: pytest.CaptureFixture[str], by: str = "Maya Lindqvist"
) -> tuple[int, str, str]:
    path = tmp_path / "destinations.yaml"
    path.write_text(text)
    return cli(
        ["relay", "configure", str(path), "--by", by, "--note", "ticket 4411", "--table", table], capsys
    )


def test_configure_stores_destinations_with_their_history(
    tmp_path: Path, stack: Template, findings_table: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    table = stack.physical["FindingsTable"].ref

    code, out, err = configure(tmp_path, DESTINATIONS, table, capsys)
    assert code == 0, err
    assert "configured 2 relay destination(s)" in out and "2 added (crm, team-chat)" in out

    crm = DESTINATIONS[DESTINATIONS.index("  crm:") : DESTINATIONS.index("  team-chat:")]
    changed = DESTINATIONS.replace("policy: chat-notify", "policy: ads-conversion").replace(crm, "")
    code, out, err = configure(tmp_path, changed, table, capsys, by="Celeste Whitford")
    assert code == 0, err
    assert "1 changed (team-chat)" in out and "1 removed (crm)" in out

    code, out, _ = configure(tmp_path, changed, table, capsys)
    assert "1 unchanged (team-chat)" in out

    store = DestinationStore(findings_table)
    assert sorted(store.load().destinations) == ["team-chat"]
    assert store.load().destinations["team-chat"].preset == "ads-conversion"
    history = [
        (v.name, v.destination.preset if v.destination else None, v.recorded_by) for v in store.history()
    ]
    assert history == [
        ("crm", "crm-lead", "Maya Lindqvist"),
        ("team-chat", "chat-notify", "Maya Lindqvist"),
        ("crm", None, "Celeste Whitford"),  # removed
        ("team-chat", "ads-conversion", "Celeste Whitford"),
    ]
    code, out, _ = cli(["relay", "history", "--table", table], capsys)
    assert (
        code == 0 and len(out.splitlines()) == 4 and "crm  removed  by Celeste Whitford (ticket 4411)" in out
    )


@pytest.mark.parametrize(
    "text",
    [
        "destinations: [\n",
        DESTINATIONS.replace("https://hooks.crm.example/ctm", "http://hooks.crm.example/ctm"),
        DESTINATIONS.replace("secret: ctm-hipaa/relay/crm", "hmac_key: do-not-store-me"),
    ],
)
def test_a_bad_file_writes_nothing_and_exits_2(
    text: str, tmp_path: Path, stack: Template, findings_table: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = configure(tmp_path, text, stack.physical["FindingsTable"].ref, capsys)
    assert (code, out) == (2, "")
    assert (
        err.startswith("ctm-hipaa relay configure: invalid relay configuration in ")
        and len(err.splitlines()) == 1
    )
    assert "do-not-store-me" not in err
    assert findings_table.scan()["Count"] == 0


def test_more_changes_than_one_transaction_holds_write_nothing_and_exit_2(
    tmp_path: Path, stack: Template, findings_table: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # The configuration is recorded in one transaction (whole or not at all), which holds 100
    # writes: two per destination change.
    many = "destinations:\n" + "".join(
        f"  d{i}:\n    url: https://hooks.crm.example/{i}\n    accounts: all\n"
        f"    secret: ctm-hipaa/relay/d{i}\n    policy: crm-lead\n"
        for i in range(51)
    )
    code, out, err = configure(tmp_path, many, stack.physical["FindingsTable"].ref, capsys)
    assert (code, out) == (2, "")
    assert "51 destination changes at once; record at most 50 per file" in err
    assert findings_table.scan()["Count"] == 0
    code, _, err = configure(tmp_path, many.split("  d50:")[0], stack.physical["FindingsTable"].ref, capsys)
    assert code == 0, err
    assert len(DestinationStore(findings_table).load().destinations) == 50


def test_configure_without_a_table_says_what_to_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FINDINGS_TABLE", raising=False)
    path = tmp_path / "destinations.yaml"
    path.write_text(DESTINATIONS)
    code, _, err = cli(["relay", "configure", str(path), "--by", "Maya"], capsys)
    assert code == 2 and "give --stack NAME or --table NAME, or set FINDINGS_TABLE" in err


def test_preview_of_a_stored_destination_keys_tokens_with_its_own_secret(
    tmp_path: Path,
    stack: Template,
    aws: boto3.session.Session,
    capsys: pytest.CaptureFixture[str],
) -> None:
    table = stack.physical["FindingsTable"].ref
    assert configure(tmp_path, DESTINATIONS, table, capsys)[0] == 0
    secrets = aws.client("secretsmanager")
    secrets.create_secret(
        Name="ctm-hipaa/relay/crm", SecretString=json.dumps({"token": "t", "hmac_key": HMAC_KEY})
    )
    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps({"id": 1, "account_id": 412233, "caller_number": "+13049925299"}))

    code, out, err = cli(["relay", "preview", "--destination", "crm", "--table", table, str(payload)], capsys)
    assert code == 0, err
    (shown,) = lines(out)
    assert shown["destination"] == "crm" and "preview key" not in err
    assert shown["body"]["caller_number"] == token("+13049925299", HMAC_KEY.encode(), kind="phone")

    # without the secret, the preview key, said on stderr
    secrets.delete_secret(SecretId="ctm-hipaa/relay/crm", ForceDeleteWithoutRecovery=True)
    code, out, err = cli(["relay", "preview", "--destination", "crm", "--table", table, str(payload)], capsys)
    assert code == 0 and "preview key" in err
    assert lines(out)[0]["body"]["caller_number"] == token("+13049925299", PREVIEW_KEY, kind="phone")


def test_an_inline_policy_is_stored_as_written_and_read_back_equal(
    tmp_path: Path, stack: Template, findings_table: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "destinations.yaml"
    path.write_text(GOOD)
    assert configure(tmp_path, GOOD, stack.physical["FindingsTable"].ref, capsys)[0] == 0
    store = DestinationStore(findings_table)
    assert store.load() == load_destinations(path)
    versions = {v.name: v.policy_version for v in store.history()}
    assert versions["team-chat"] == load_destinations(path).destinations["team-chat"].effective_policy.version
