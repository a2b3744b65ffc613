"""Telemetry: EMF metrics with their dimensions, and log lines that carry the API Gateway request id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from webhook_support import (
    AGENCY_ACCOUNT,
    CANARY_MRN,
    CANARY_NAME,
    CANARY_SSN,
    json_lines,
    leaked,
    metrics,
    signed_event,
)

from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa.settings import Settings

Deliver = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]
REPO = Path(__file__).resolve().parents[2]
RECORD = {
    "id": 660001,
    "account_id": int(AGENCY_ACCOUNT),
    "name": CANARY_NAME,
    "caller_number": "+15135550199",
    "notes": f"SSN {CANARY_SSN}, {CANARY_MRN}, knee pain.",
}


def test_phi_detected_and_rejections_are_emf_metrics_with_their_dimension(
    webhook_settings: Settings,
    credentials: CTMCredentials,
    deliver: Deliver,
    make_deliver: Callable[[Settings], Deliver],
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret = credentials.secret_key
    status, accepted = deliver(signed_event(RECORD, secret))
    assert status == 200
    assert deliver(signed_event(RECORD, "wrong-secret"))[0] == 401
    assert deliver(signed_event(RECORD, secret, timestamp=1_741_115_760))[0] == 401
    assert deliver(signed_event(RECORD, secret, content_type="text/plain"))[0] == 415
    assert deliver(signed_event("not json", secret))[0] == 400
    no_secret = webhook_settings.model_copy(update={"ctm_secret_arn": "ctm-hipaa-test-missing"})
    assert make_deliver(no_secret)(signed_event(RECORD, secret))[0] == 503

    out = capsys.readouterr().out

    detected = metrics(out, "PhiDetected", "category")
    assert set(detected) == set(accepted["categories"])
    assert {"NAME", "PHONE", "SSN", "MRN", "HEALTH"} <= set(detected)
    assert all(count >= 1 for count in detected.values())
    assert metrics(out, "WebhookRejected", "reason") == {
        "bad_signature": 1,
        "stale_timestamp": 1,
        "unsupported_media_type": 1,
        "malformed": 1,
    }
    assert metrics(out, "DependencyUnavailable", "dependency") == {"secrets": 1}
    assert leaked(out) == []


def run_cli_invoke(tmp_path: Path, event: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    """`ctm-hipaa invoke WebhookFunction -e FILE` in a fresh process (a real cold start)."""
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_"))}
    return subprocess.run(
        [sys.executable, "-m", "ctm_hipaa_tools.cli", "invoke", "WebhookFunction", "-e", str(path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("signature", "status", "message"),
    [("{{signature}}", 200, "delivery inspected"), ("Zm9yZ2Vk", 401, "delivery rejected")],
    ids=["accepted", "rejected"],
)
def test_log_lines_of_an_invocation_carry_the_request_id_as_correlation_id(
    tmp_path: Path, signature: str, status: int, message: str
) -> None:
    request_id = f"CORR-{uuid.uuid4()}"
    event = signed_event(RECORD, "unused", request_id=request_id, channel="end")
    event["headers"].update({"x-ctm-time": "{{now}}", "x-ctm-signature": signature})

    completed = run_cli_invoke(tmp_path, event)

    assert completed.returncode == 0, completed.stderr[-2000:]
    assert json.loads(completed.stdout)["statusCode"] == status
    logs = [line for line in json_lines(completed.stderr) if "message" in line and "level" in line]
    [line] = [line for line in logs if line["message"] == message]
    assert line["correlation_id"] == request_id
    assert line["service"] == "webhook"
    assert all(log.get("correlation_id") == request_id for log in logs)
    assert leaked(completed.stdout + completed.stderr) == []
