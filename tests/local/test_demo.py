"""`ctm-hipaa demo` runs the whole job and tells what happened, without printing any PHI."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from ctm_hipaa.checks import all_checks
from ctm_hipaa_tools import demo
from ctm_hipaa_tools.agency_file import sample_agency_path
from ctm_hipaa_tools.demo import run_demo
from ctm_hipaa_tools.stack import LocalStack

EVENTS = Path(__file__).resolve().parents[2] / "events"
CALLER_FIELDS = (
    "name",
    "email",
    "caller_number_format",
    "caller_number_bare",
    "street",
    "notes",
    "transcription_text",
)


def planted_phi() -> set[str]:
    """Caller values of the sample agency's calls and of the replayed deliveries (6+ characters)."""
    calls: list[dict[str, Any]] = [
        call for entry in json.loads(sample_agency_path().read_text())["accounts"] for call in entry["calls"]
    ]
    for event in EVENTS.glob("webhook-*.json"):
        try:
            body = json.loads(json.loads(event.read_text())["body"])
        except json.JSONDecodeError:
            continue
        calls.append(body)
        calls.append(body.get("custom_fields") or {})
    values = {
        str(call[f])
        for call in calls
        for f in (*CALLER_FIELDS, "dob", "insurance_member_id")
        if isinstance(call.get(f), str)
    }
    return {v for v in values if len(v) >= 6} | {"219-09-9999", "00482913", "XZ123456789"}


class UnthrottledLocalStack(LocalStack):
    """The demo's stack with CtmRequestsPerSecond raised: the audit need not wait ~3 s at the template's
    5 requests/s for a loopback simulator (the limiter has its own tests, tests/ctm/test_ctm_ratelimit.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.template.parameters["CtmRequestsPerSecond"] = "100"


def test_demo_runs_audit_and_webhook_replay_and_prints_no_phi(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(demo, "LocalStack", UnthrottledLocalStack)
    out = io.StringIO()
    report = tmp_path / "report.html"

    assert run_demo(out, report_path=report) == 0

    text = out.getvalue()
    assert "5 of 5 accounts audited" in text
    # webhook_phi_detected is MANUAL: the audit runs before any delivery was observed (issue 9).
    assert re.search(r"Account 412230: 17 checks: 16 PASS, 0 FAIL, 1 MANUAL, 0 ERROR", text)
    # Issue 9: the score counts MANUAL against an account, and a critical MANUAL makes it not compliant.
    assert "score 94.1% (16 of 17 applicable checks pass); unproven" in text
    assert re.search(r"Account 412236: .*; not compliant \(1 critical MANUAL or ERROR\)", text)
    assert re.search(r"All 5 accounts: 85 checks: .*; score \d+\.\d%", text)
    assert re.search(r"agency score \d+\.\d% \(mean of the accounts' scores", text)
    assert re.search(r"webhook-phi\.json\s+200 .*severity critical", text)
    assert re.search(r"webhook-repeated\.json\s+200 .*; 0 item\(s\) written", text)
    assert re.search(r"webhook-bad-signature\.json\s+401", text)
    # The replayed clean delivery is counted (issue 9): the second audit passes 412230's webhook check.
    assert re.search(r"webhook-clean\.json\s+200  accepted, no PHI; 1 item\(s\) written", text)
    assert re.search(r"412230  PASS\s+webhook:end\s+The webhook inspector found no PHI", text)
    assert re.search(r"412233  FAIL\s+webhook:end\s+The webhook inspector found PHI", text)
    assert re.search(r"412239  MANUAL\s+account\s+The webhook inspector has observed no delivery", text)
    assert re.search(r"Alerts published to SNS: [1-9]\d* finding alerts, [1-9]\d* audit digests", text)
    assert "shut down" in text
    # Findings are listed by the name a user finds the resource by in CTM (issue 9 item 7).
    assert re.search(r"webhooks_secure_destination\s+Lead sheet test \(temporary\) \(putsreq\.com\)", text)
    leaked = [value for value in planted_phi() if value in text]
    assert leaked == [], f"{len(leaked)} PHI value(s) printed"

    # The demo leaves the HTML report of the local stack's stored state, and says where (issue 10 item 2).
    assert f"HTML report of the stored state (open it in a browser): {report}" in text
    page = report.read_text(encoding="utf-8")
    agency = json.loads(sample_agency_path().read_text())
    assert all(f'id="account-{entry["account"]["id"]}"' in page for entry in agency["accounts"])
    assert all(check.check_id in page for check in all_checks())
    trend = section(page, "trend")
    assert trend.count("<tr>") == 3  # the header and the demo's two audits, in order:
    assert re.search(r"<td class=\"num\">94\.1%</td>.*</tr><tr>.*<td class=\"num\">100\.0%</td>", trend)
    assert phi_flow_rows(section(page, "phi-flow")) == replayed_phi_channels()
    assert [value for value in planted_phi() if value in page] == []


def test_keep_leaves_the_local_stack_up_for_the_findings_commands_of_another_shell(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`demo --keep`: the printed export line is all another process needs to list, show and mute."""
    monkeypatch.setattr(demo, "LocalStack", UnthrottledLocalStack)
    seen: dict[str, Any] = {}

    def other_shell(exports: Mapping[str, str]) -> None:
        # Only what a new shell has, plus the printed export line: no AWS config, no credentials.
        env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "AWS_CONFIG_FILE": str(tmp_path / "none")}
        env.update(exported(out.getvalue()))

        def cli(*args: str) -> str:
            done = subprocess.run(
                [sys.executable, "-m", "ctm_hipaa_tools.cli", *args],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            return done.stdout

        seen["exports"] = dict(exports)
        seen["open"] = json.loads(cli("findings", "list", "--format", "json"))
        critical = next(f for f in seen["open"] if f["severity"] == "critical")
        seen["show"] = cli("findings", "show", critical["finding_id"])
        seen["mute"] = cli(
            "findings", "mute", "--check", critical["check_id"], "--account", critical["account_id"],
            "--reason", "demo: accepted for a day", "--expires", "2999-01-01", "--by", "demo user",
        )  # fmt: skip
        seen["mutes"] = json.loads(cli("mutes", "list", "--format", "json"))

    out = io.StringIO()
    assert run_demo(out, keep=other_shell, report_path=tmp_path / "report.html") == 0

    assert seen["exports"]["FINDINGS_TABLE"] in out.getvalue()
    assert {"NEW", "NOTIFIED"} >= {f["status"] for f in seen["open"]} and seen["open"]
    assert "Transitions\n" in seen["show"] and "created" in seen["show"]
    assert "open finding(s) suppressed now" in seen["mute"]
    [rule] = seen["mutes"]
    assert rule["state"] == "active" and rule["suppressing"] >= 1
    assert "Done: the local stack and the simulator are shut down." in out.getvalue()
    leaked = [value for value in planted_phi() if value in out.getvalue() + seen["show"]]
    assert leaked == []


def exported(text: str) -> dict[str, str]:
    """The variables of the demo's printed `export` line, as a shell would set them."""
    line = text.split("   export ", 1)[1].splitlines()[0]
    return dict(pair.split("=", 1) for pair in shlex.split(line))


def section(page: str, section_id: str) -> str:
    """One `<section id=...>` of the HTML report."""
    start = page.index(f'<section id="{section_id}">')
    return page[start : page.index("</section>", start)]


def phi_flow_rows(matrix: str) -> set[tuple[str, str]]:
    """(account, channel) of every row of the report's PHI-flow matrix."""
    rows = set()
    for block in matrix.split("<h3>Account ")[1:]:
        account = block.split("<", 1)[0]
        rows |= {(account, channel) for channel in re.findall(r"<tr><td><code>([^<]+)</code>", block)}
    return rows


def replayed_phi_channels() -> set[tuple[str, str]]:
    """(account, channel) of each replayed delivery that events/README.md says carries PHI."""
    found = set()
    for line in (EVENTS / "README.md").read_text().splitlines():
        if m := re.match(r"^\| `(webhook-[^`]+)` \| WebhookFunction \| 200, PHI found", line):
            event = json.loads((EVENTS / m[1]).read_text())
            channel = (event.get("queryStringParameters") or {}).get("channel", "post-call")
            found.add((str(json.loads(event["body"])["account_id"]), channel))
    return found
