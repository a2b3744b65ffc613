"""template.yaml is valid for SAM and cfn-lint, builds without Docker, and keeps its promises."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ctm_hipaa.attestations import DEFAULT_MAX_AGE_DAYS
from ctm_hipaa.ctm.api import DEFAULT_BASE_URL
from ctm_hipaa.findings import RETENTION
from ctm_hipaa.settings import (
    CHANNEL_NAME,
    DEFAULT_RELAY_SECRETS_PREFIX,
    DEFAULT_RUN_DEADLINE_MINUTES,
    DEFAULT_WEBHOOK_CHANNELS,
    Settings,
)
from ctm_hipaa_tools.template import Template
from test_packaging import HARNESS_IMPORT

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_PATH = ROOT / "template.yaml"
BIN = Path(sys.executable).parent
LAYER_LIMIT_BYTES = 50 * 1024 * 1024
MIN_RUNTIME = (3, 12)


@pytest.fixture(scope="module")
def template() -> Template:
    return Template.load()


def tool(name: str, *args: str, cwd: Path = ROOT, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SAM_CLI_TELEMETRY": "0",
        "AWS_DEFAULT_REGION": "us-east-1",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return subprocess.run(
        [str(BIN / name), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# `sam validate --lint` is cfn-lint run by the SAM CLI (~5 s): test_cfn_lint_passes runs the same rules
# by default, and CI (make test SLOW=1) runs both.
@pytest.mark.slow
def test_sam_validate_lint_passes() -> None:
    result = tool("sam", "validate", "--lint", "--template-file", str(TEMPLATE_PATH))
    assert result.returncode == 0, result.stdout + result.stderr


def test_cfn_lint_passes() -> None:
    result = tool("cfn-lint", str(TEMPLATE_PATH))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_sam_build_needs_neither_docker_nor_the_runtime_python(tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    result = tool(
        "sam",
        "build",
        "--template-file",
        str(TEMPLATE_PATH),
        "--build-dir",
        str(build_dir),
        "--cached",
        "--cache-dir",
        str(tmp_path / "cache"),
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    layer = build_dir / "CtmHipaaLayer" / "python"
    assert (layer / "ctm_hipaa" / "webhook" / "service.py").is_file()
    # the PHI detector's vocabularies are data files read at import: the layer must carry every one
    phi_data = ROOT / "layers" / "ctm_hipaa" / "phi" / "data"
    shipped = {p.name for p in (layer / "ctm_hipaa" / "phi" / "data").glob("*.txt")}
    assert shipped == {p.name for p in phi_data.glob("*.txt")}
    assert_the_layer_ships_the_runtime_without_the_harness(layer)
    assert (layer / "pydantic_core").is_dir()
    arm_binaries = list(layer.glob("pydantic_core/_pydantic_core*aarch64*.so"))
    assert arm_binaries, "the layer must carry arm64 wheels for the Lambda runtime"
    assert not (layer / "botocore").exists(), "the Lambda runtime provides the AWS SDK"
    size = sum(f.stat().st_size for f in layer.rglob("*") if f.is_file())
    assert size < LAYER_LIMIT_BYTES, f"layer is {size / 2**20:.1f} MB unzipped"
    assert (build_dir / "WebhookFunction" / "app.py").is_file()
    if runtime_python() is not None:
        # with a local CPython of the runtime's version the layer carries its bytecode, so Lambda
        # does not compile every module at each cold start; unchecked (PEP 552 flags 0b01): the
        # layer never changes, so the runtime need not read each source to check it
        pyc = layer / "ctm_hipaa" / "phi" / "__pycache__" / "detector.cpython-312.pyc"
        assert pyc.is_file(), "the layer ships without bytecode for the runtime"
        assert int.from_bytes(pyc.read_bytes()[4:8], "little") == 0b01
    shutil.rmtree(build_dir)


def runtime_python() -> str | None:
    """A local python3.12 that runs, where layers/Makefile looks for one (PATH, then pyenv)."""
    found = [shutil.which("python3.12"), *map(str, Path.home().glob(".pyenv/versions/3.12.*/bin/python3.12"))]
    return next(
        (p for p in found if p and subprocess.run([p, "-c", ""], capture_output=True).returncode == 0), None
    )


def python_version(runtime: str) -> tuple[int, ...]:
    """`pythonX.Y` as (X, Y): as strings, "python3.9" >= "python3.12" would hold."""
    match = re.fullmatch(r"python(\d+)\.(\d+)", runtime)
    assert match, f"not a Python runtime: {runtime!r}"
    return tuple(int(part) for part in match.groups())


def test_runtimes_compare_as_versions_not_strings() -> None:
    assert python_version("python3.9") < MIN_RUNTIME <= python_version("python3.12")
    assert python_version("python3.12") < python_version("python3.13")
    assert python_version("python4.0") > python_version("python3.99")
    with pytest.raises(AssertionError):
        python_version("nodejs20.x")


def encrypted_with_data_key(value: Any) -> bool:
    return value in ({"Ref": "DataKey"}, {"Fn::GetAtt": ["DataKey", "Arn"]})


def test_every_store_topic_queue_log_group_and_function_uses_the_customer_key(template: Template) -> None:
    key = template.resources["DataKey"]["Properties"]
    assert key["EnableKeyRotation"] is True
    checks = {
        "AWS::DynamoDB::Table": lambda p: p["SSESpecification"]["KMSMasterKeyId"],
        "AWS::SNS::Topic": lambda p: p["KmsMasterKeyId"],
        "AWS::SQS::Queue": lambda p: p["KmsMasterKeyId"],
        "AWS::Logs::LogGroup": lambda p: p["KmsKeyId"],
        "AWS::S3::Bucket": lambda p: p["BucketEncryption"]["ServerSideEncryptionConfiguration"][0][
            "ServerSideEncryptionByDefault"
        ]["KMSMasterKeyID"],
    }
    for resource_type, key_of in checks.items():
        resources = template.resources_of_type(resource_type)
        assert resources, resource_type
        for logical_id, spec in resources.items():
            assert encrypted_with_data_key(key_of(spec["Properties"])), logical_id
    assert encrypted_with_data_key(template.body["Globals"]["Function"]["KmsKeyArn"])


def test_findings_table_keeps_data_safe(template: Template) -> None:
    table = template.resources["FindingsTable"]
    props = table["Properties"]
    assert table["DeletionPolicy"] == "Retain"
    assert props["DeletionProtectionEnabled"] is True
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert {index["IndexName"] for index in props["GlobalSecondaryIndexes"]} == {"gsi1", "gsi2"}


def test_reports_bucket_is_private_tls_only_kept_six_years_and_the_auditor_may_only_put(
    template: Template,
) -> None:
    bucket = template.resources["ReportsBucket"]
    assert bucket["DeletionPolicy"] == "Retain"
    props = bucket["Properties"]
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert set(props["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(props["PublicAccessBlockConfiguration"]) == 4
    (rule,) = props["LifecycleConfiguration"]["Rules"]
    assert rule["ExpirationInDays"] == rule["NoncurrentVersionExpiration"]["NoncurrentDays"] == RETENTION.days
    lock = props["ObjectLockConfiguration"]["Fn::If"]
    assert lock[0] == "ReportsObjectLockEnabled"
    assert lock[1]["Rule"]["DefaultRetention"] == {"Mode": "GOVERNANCE", "Days": RETENTION.days}
    statements = template.resources["ReportsBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [{"Fn::GetAtt": ["ReportsBucket", "Arn"]}, {"Fn::Sub": "${ReportsBucket.Arn}/*"}],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        "Sid": "DenyInsecureTransport",
    } in statements
    auditor = template.resources["AuditorFunction"]["Properties"]
    s3_grants = [
        statement
        for policy in auditor["Policies"]
        if isinstance(policy, dict) and "Statement" in policy
        for statement in policy["Statement"]
        if any(str(action).startswith("s3:") for action in _listed(statement["Action"]))
    ]
    assert s3_grants == [
        {
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": {"Fn::Sub": "${ReportsBucket.Arn}/reports/*"},
        }
    ]
    assert auditor["Environment"]["Variables"]["REPORTS_BUCKET"] == {"Ref": "ReportsBucket"}
    assert template.body["Outputs"]["ReportsBucketName"]["Value"] == {"Ref": "ReportsBucket"}


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_audit_queue_outlives_six_auditor_timeouts_and_redrives_to_a_watched_dlq(template: Template) -> None:
    queue = template.resources["AuditQueue"]["Properties"]
    timeout = template.resources["AuditorFunction"]["Properties"]["Timeout"]
    assert queue["VisibilityTimeout"] >= 6 * timeout
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": ["AuditDeadLetterQueue", "Arn"]}
    alarm = template.resources["AuditDeadLetterAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {"Fn::GetAtt": ["AuditDeadLetterQueue", "QueueName"]}


def test_findings_parking_queue_redrives_to_a_watched_dlq_that_keeps_records_as_long(
    template: Template,
) -> None:
    queue = template.resources["FindingsParkingQueue"]["Properties"]
    policy = queue["RedrivePolicy"]
    assert policy["deadLetterTargetArn"] == {"Fn::GetAtt": ["FindingsParkingDeadLetterQueue", "Arn"]}
    assert 1 < policy["maxReceiveCount"] <= 10
    dlq = template.resources["FindingsParkingDeadLetterQueue"]["Properties"]
    assert dlq["MessageRetentionPeriod"] >= queue["MessageRetentionPeriod"]
    alarm = template.resources["FindingsParkingDeadLetterAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {"Fn::GetAtt": ["FindingsParkingDeadLetterQueue", "QueueName"]}
    assert (alarm["MetricName"], alarm["Threshold"]) == ("ApproximateNumberOfMessagesVisible", 0)
    assert alarm["AlarmActions"] == [{"Ref": "AlertsTopic"}]


def test_relay_queue_is_encrypted_outlives_six_relay_timeouts_and_redrives_to_a_watched_dlq(
    template: Template,
) -> None:
    queue = template.resources["RelayQueue"]["Properties"]
    relay = template.resources["RelayFunction"]["Properties"]
    assert queue["KmsMasterKeyId"] == {"Ref": "DataKey"}
    assert queue["VisibilityTimeout"] >= 6 * relay["Timeout"]
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": ["RelayDeadLetterQueue", "Arn"]}
    dlq = template.resources["RelayDeadLetterQueue"]["Properties"]
    assert dlq["KmsMasterKeyId"] == {"Ref": "DataKey"}
    assert dlq["MessageRetentionPeriod"] >= queue["MessageRetentionPeriod"]
    alarm = template.resources["RelayDeadLetterAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {"Fn::GetAtt": ["RelayDeadLetterQueue", "QueueName"]}
    assert alarm["AlarmActions"] == [{"Ref": "AlertsTopic"}]
    source = relay["Events"]["Deliveries"]["Properties"]
    assert source["Queue"] == {"Fn::GetAtt": ["RelayQueue", "Arn"]}
    assert source["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_the_webhook_may_send_to_the_relay_queue_and_the_relay_reads_only_its_prefix_of_secrets(
    template: Template,
) -> None:
    webhook = template.resources["WebhookFunction"]["Properties"]
    assert webhook["Environment"]["Variables"]["RELAY_QUEUE_URL"] == {"Ref": "RelayQueue"}
    assert {"SQSSendMessagePolicy": {"QueueName": {"Fn::GetAtt": ["RelayQueue", "QueueName"]}}} in webhook[
        "Policies"
    ]
    relay = template.resources["RelayFunction"]["Properties"]
    (statements,) = [p["Statement"] for p in relay["Policies"] if "Statement" in p]
    granted = {action for s in statements for action in _listed(s["Action"])}
    assert not {a for a in granted if a.endswith(("*", "DeleteTable", "Scan"))}
    (secrets,) = [s for s in statements if s["Action"] == "secretsmanager:GetSecretValue"]
    assert secrets["Resource"]["Fn::Sub"].endswith(":secret:${RelaySecretsPrefix}*")
    dynamodb = {
        str(s["Resource"]) for s in statements if any(a.startswith("dynamodb:") for a in _listed(s["Action"]))
    }
    assert dynamodb == {
        str({"Fn::GetAtt": ["FindingsTable", "Arn"]}),
        str({"Fn::GetAtt": ["IdempotencyTable", "Arn"]}),
    }


def test_functions_never_log_events_nor_capture_responses(template: Template) -> None:
    env = template.body["Globals"]["Function"]["Environment"]["Variables"]
    assert env["POWERTOOLS_LOGGER_LOG_EVENT"] == "false"
    assert env["POWERTOOLS_TRACER_CAPTURE_RESPONSE"] == "false"
    assert env["POWERTOOLS_TRACER_CAPTURE_ERROR"] == "false"
    glob = template.body["Globals"]["Function"]
    assert python_version(glob["Runtime"]) >= MIN_RUNTIME and glob["Architectures"] == ["arm64"]
    for logical_id, spec in template.resources_of_type("AWS::Serverless::Function").items():
        props = spec["Properties"]
        assert props["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"], logical_id
        assert props["LoggingConfig"]["LogGroup"]["Ref"] in template.resources, logical_id


def test_inline_policies_never_grant_data_actions_on_every_resource(template: Template) -> None:
    for logical_id, spec in template.resources.items():
        statements: list[dict[str, Any]] = []
        for policy in spec.get("Properties", {}).get("Policies", []):
            if isinstance(policy, dict) and "Statement" in policy:
                statements += policy["Statement"]
            if isinstance(policy, dict) and "PolicyDocument" in policy:
                statements += policy["PolicyDocument"]["Statement"]
        for statement in statements:
            assert statement["Resource"] != "*", f"{logical_id} grants {statement['Action']} on *"


def test_schedule_is_daily_flexible_retried_and_dead_lettered(template: Template) -> None:
    event = template.resources["SchedulerFunction"]["Properties"]["Events"]["Daily"]
    assert event["Type"] == "ScheduleV2"
    props = event["Properties"]
    assert props["ScheduleExpressionTimezone"] == {"Ref": "AuditScheduleTimezone"}
    assert props["FlexibleTimeWindow"]["Mode"] == "FLEXIBLE"
    assert props["RetryPolicy"]["MaximumRetryAttempts"] >= 1
    assert props["DeadLetterConfig"]["Arn"] == {"Fn::GetAtt": ["ScheduleDeadLetterQueue", "Arn"]}


def test_webhook_channels_are_a_parameter_the_webhook_reads(template: Template) -> None:
    parameter = template.body["Parameters"]["WebhookChannels"]
    assert tuple(parameter["Default"].split(",")) == DEFAULT_WEBHOOK_CHANNELS
    environment = template.resources["WebhookFunction"]["Properties"]["Environment"]["Variables"]
    assert environment["WEBHOOK_CHANNELS"] == {"Ref": "WebhookChannels"}
    # CloudFormation's pattern admits exactly what the settings accept.
    for value in ["post-call,start,end", "intake", "a_1,b-2", "End", "a, b", "end,", "", "a" * 33]:
        by_template = re.fullmatch(parameter["AllowedPattern"], value) is not None
        by_settings = all(CHANNEL_NAME.fullmatch(name) for name in value.split(","))
        assert by_template == by_settings, value


@pytest.mark.parametrize(
    ("parameter", "variable", "default"),
    [
        ("AttestationMaxAgeDays", "ATTESTATION_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS),
        ("CtmApiBaseUrl", "CTM_API_BASE_URL", DEFAULT_BASE_URL),
        ("AuditRunDeadlineMinutes", "AUDIT_RUN_DEADLINE_MINUTES", DEFAULT_RUN_DEADLINE_MINUTES),
        ("RelaySecretsPrefix", "RELAY_SECRETS_PREFIX", DEFAULT_RELAY_SECRETS_PREFIX),
    ],
)
def test_parameter_defaults_are_the_runtime_defaults(
    template: Template, parameter: str, variable: str, default: object
) -> None:
    # The Python constant is the one owner; the template restates it, the settings read it.
    assert template.body["Parameters"][parameter]["Default"] == default
    settings = Settings.model_validate(
        {"FINDINGS_TABLE": "t", "ALERTS_TOPIC_ARN": "a", "CTM_SECRET_ARN": "s"}
    )
    by_alias = {field.alias: name for name, field in Settings.model_fields.items()}
    assert getattr(settings, by_alias[variable]) == default


def assert_the_layer_ships_the_runtime_without_the_harness(layer: Path) -> None:
    """`ctm_hipaa` exactly as in layers/, and nothing of the dev harness, moto or the tests."""

    def files(root: Path) -> set[str]:
        return {
            str(f.relative_to(root)) for f in root.rglob("*") if f.is_file() and "__pycache__" not in f.parts
        }

    assert files(layer / "ctm_hipaa") == files(ROOT / "layers" / "ctm_hipaa")
    top = {entry.name for entry in layer.iterdir()}
    assert "ctm_hipaa_tools" not in top
    assert not {name for name in top if name == "moto" or name.startswith("moto-")}
    assert not {name for name in top if name in {"tests", "conftest.py"}}
    assert not [
        name for name in files(layer / "ctm_hipaa") if Path(name).name.startswith(("test_", "conftest"))
    ]
    importers = [
        str(module.relative_to(layer))
        for module in layer.rglob("*.py")
        if HARNESS_IMPORT.search(module.read_text(errors="replace"))
    ]
    assert importers == [], "modules in the layer import moto or the dev harness"
