"""Every command that reaches AWS, misconfigured as a new user's laptop is: one line saying what to set,
exit 2, no traceback. The missing stack, table, secret and queue are real answers of moto."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aws_lambda_powertools.utilities import parameters
from botocore.exceptions import ClientError

from ctm_hipaa_tools.aws_errors import explain
from ctm_hipaa_tools.cli import main

ROOT = Path(__file__).resolve().parents[1]
EVENT = ROOT / "events" / "webhook-clean.json"
SNAPSHOT = ROOT / "tools" / "ctm_hipaa_tools" / "data" / "sample_agency.json"
DESTINATIONS = ROOT / "docs" / "relay-destinations.yaml"
OUT = "snapshot.json"
QUEUE_ENV = {
    "FINDINGS_PARKING_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/ctm-hipaa-absent",
    "ALERTS_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:ctm-hipaa-alerts",
    "CTM_SECRET_ARN": "ctm-hipaa/ctm",
    "FINDINGS_TABLE": "ctm-hipaa-absent",
}


@pytest.fixture
def attestations(tmp_path: Path) -> Path:
    path = tmp_path / "att.yaml"
    path.write_text("agency:\n  idle_logout_minutes: 10\n")
    return path


@pytest.fixture(autouse=True)
def fresh_secret_cache() -> Iterator[None]:
    # Powertools caches secrets per process: each case must reach AWS.
    parameters.clear_caches()  # type: ignore[no-untyped-call]
    yield
    parameters.clear_caches()  # type: ignore[no-untyped-call]


@pytest.fixture
def queue_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in QUEUE_ENV.items():
        monkeypatch.setenv(name, value)


Command = Callable[[Path], list[str]]
COMMANDS: dict[str, Command] = {
    "attest": lambda f: ["attest", str(f), "--by", "ops", "--note", "t-1", "--table", "ctm-hipaa-absent"],
    "audit --stack": lambda f: ["audit", "--snapshot", str(SNAPSHOT), "--stack", "ctm-hipaa-absent"],
    "audit --stack --store": lambda f: ["audit", "--stack", "ctm-hipaa-absent", "--store"],
    "audit --secret-arn": lambda f: ["audit", "--secret-arn", "ctm-hipaa/absent"],
    "collect --secret-arn": lambda f: ["collect", "--secret-arn", "ctm-hipaa/absent",
                                       "--out", str(f.with_name(OUT))],
    "invoke --aws": lambda f: ["invoke", "WebhookFunction", "-e", str(EVENT), "--aws", "ctm-hipaa-absent",
                               "--template", str(ROOT / "template.yaml")],
    "redrive": lambda f: ["redrive"],
    "report --stack": lambda f: ["report", "--stack", "ctm-hipaa-absent",
                                 "--output", str(f.with_name("r.html"))],
    "report --table": lambda f: ["report", "--table", "ctm-hipaa-absent"],
    "evidence": lambda f: ["evidence", "--since", "2026-11-01", "--until", "2026-11-30", "--table",
                           "ctm-hipaa-absent", "--output", str(f.with_name("e.zip"))],
    "findings list": lambda f: ["findings", "list", "--table", "ctm-hipaa-absent"],
    "findings show": lambda f: ["findings", "show", "f1-3a9c0e", "--table", "ctm-hipaa-absent"],
    "findings mute": lambda f: ["findings", "mute", "--check", "baa_in_place", "--account", "412230",
                                "--reason", "ticket 12", "--expires", "2999-01-01", "--by", "ops",
                                "--table", "ctm-hipaa-absent"],
    "findings unmute": lambda f: ["findings", "unmute", "0" * 32, "--by", "ops",
                                  "--table", "ctm-hipaa-absent"],
    "findings export": lambda f: ["findings", "export", "--security-hub", "--table", "ctm-hipaa-absent"],
    "mutes list": lambda f: ["mutes", "list", "--table", "ctm-hipaa-absent"],
    "relay configure": lambda f: ["relay", "configure", str(DESTINATIONS), "--by", "ops",
                                  "--table", "ctm-hipaa-absent"],
    "relay history": lambda f: ["relay", "history", "--stack", "ctm-hipaa-absent"],
    "relay preview": lambda f: ["relay", "preview", "--destination", "crm-leads", "--table",
                                "ctm-hipaa-absent", str(EVENT)],
}  # fmt: skip


def one_line(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(args)
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert "Traceback" not in captured.err
    return captured.err


@pytest.mark.usefixtures("no_aws_configured", "queue_env")
@pytest.mark.parametrize("command", COMMANDS)
def test_no_region_says_what_to_set(
    command: str, attestations: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = one_line(COMMANDS[command](attestations), capsys)
    named = command if command.split()[0] in {"findings", "mutes", "relay"} else command.split()[0]
    assert err.startswith(f"ctm-hipaa {named}: ")
    assert "no AWS region is set: set AWS_DEFAULT_REGION" in err, err


@pytest.mark.usefixtures("no_aws_configured", "queue_env")
@pytest.mark.parametrize("command", COMMANDS)
def test_no_credentials_says_what_to_set(
    command: str, attestations: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    # No instance metadata to wait for: a laptop has none.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    err = one_line(COMMANDS[command](attestations), capsys)
    assert "no AWS credentials found: set AWS_PROFILE" in err, err


@pytest.mark.usefixtures("no_aws_configured", "queue_env")
@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_profile_says_what_to_set(
    command: str, attestations: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "ctm-prod")
    err = one_line(COMMANDS[command](attestations), capsys)
    assert "the AWS profile ctm-prod is not configured: set AWS_PROFILE" in err, err


@pytest.mark.usefixtures("aws", "queue_env")
@pytest.mark.parametrize(
    ("command", "code"),
    [
        ("attest", "ResourceNotFoundException on BatchWriteItem"),
        ("audit --stack", "ValidationError on DescribeStacks"),
        ("audit --stack --store", "ValidationError on DescribeStacks"),
        ("audit --secret-arn", "ResourceNotFoundException on GetSecretValue"),
        ("collect --secret-arn", "ResourceNotFoundException on GetSecretValue"),
        ("invoke --aws", "ValidationError on DescribeStacks"),
        ("redrive", "on ReceiveMessage"),
        ("report --stack", "ValidationError on DescribeStacks"),
        ("report --table", "ResourceNotFoundException on Query"),
        ("evidence", "ResourceNotFoundException on Query"),
        ("findings list", "ResourceNotFoundException on Query"),
        ("findings show", "ResourceNotFoundException on Query"),
        ("findings mute", "ResourceNotFoundException on PutItem"),
        ("findings unmute", "ResourceNotFoundException on GetItem"),
        ("findings export", "ResourceNotFoundException on Query"),
        ("mutes list", "ResourceNotFoundException on Query"),
        ("relay configure", "ResourceNotFoundException on Query"),
        ("relay history", "ValidationError on DescribeStacks"),
        ("relay preview", "ResourceNotFoundException on Query"),
    ],
)
def test_a_missing_resource_names_the_region(
    command: str, code: str, attestations: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = one_line(COMMANDS[command](attestations), capsys)
    assert "no such resource in AWS region us-east-1 (" in err and code in err, err
    assert "set AWS_DEFAULT_REGION to the region it is in" in err


def client_error(code: str, operation: str = "GetItem", message: str = "") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, operation)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (client_error("ExpiredTokenException"), "the AWS session token has expired (ExpiredTokenException)"),
        (client_error("ExpiredToken", "DescribeStacks"), "the AWS session token has expired (ExpiredToken)"),
        (client_error("AccessDeniedException"), "access denied (AccessDeniedException on GetItem)"),
        (client_error("AccessDenied", "DescribeStacks"), "access denied (AccessDenied on DescribeStacks)"),
        (client_error("AuthorizationError", "Publish"), "access denied (AuthorizationError on Publish)"),
        (client_error("UnrecognizedClientException"), "AWS rejected the credentials"),
        (client_error("InvalidClientTokenId", "DescribeStacks"), "AWS rejected the credentials"),
    ],
)
def test_client_errors_aws_answers_that_moto_does_not(error: ClientError, expected: str) -> None:
    line = explain(error)
    assert line is not None and line.startswith(expected), line


def test_wrapped_errors_are_explained_and_faults_are_not() -> None:
    try:
        try:
            raise client_error("AccessDeniedException", "GetSecretValue")
        except ClientError:
            raise ValueError("the secret could not be read") from None  # as the runtime wraps it
    except ValueError as wrapped:
        assert explain(wrapped) == explain(client_error("AccessDeniedException", "GetSecretValue"))
    # Not misconfigurations: the command's own handling (a retry, exit 1) stays.
    assert explain(client_error("ThrottlingException")) is None
    assert explain(client_error("ValidationError", "DescribeStacks", "Template format error")) is None
    assert explain(ValueError("no AWS in here")) is None
