"""`html`: one self-contained, escaped page with every section, rendered in headless Chromium."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from report_support import NOW, sample_input

from ctm_hipaa.checks import all_checks, load_mapping
from ctm_hipaa.findings import CheckResult, ResultStatus
from ctm_hipaa.report import AttestationRecord, PhiFlow, ReportInput, RunPoint, render, summarize
from ctm_hipaa_tools.agency_file import sample_agency_path, sample_attestations
from ctm_hipaa_tools.cli import main

# .ci/run installs Debian's chromium and sets this: there the browser test must run, not skip.
REQUIRE_CHROMIUM = "CTM_HIPAA_REQUIRE_CHROMIUM"
CANARY = '<script>alert("x")</script>'


def text_of(page: str) -> str:
    """The page's text, tags dropped and whitespace folded (entities kept)."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_every_section_shows_its_data() -> None:
    report = sample_input()
    page = render("html", report)
    text = text_of(page)
    assert "HIPAA compliance report: Riverside Dental Group" in text
    # Agency summary: score and verdict per account, and the agency's.
    for account in ("412230", "412233"):
        summary = summarize(r for r in report.results if r.account_id == account)
        assert f"Account {account} {summary.score:.1f}% {summary.compliance.value}" in text
    assert "Agency (2 accounts) 33.3% not compliant" in text
    # Trend: one row per run, oldest first.
    assert [m for m in re.findall(r"run-\d+", text)] == ["run-14", "run-7", "run-0"]
    # Per account: every result with status, severity, resource name, detail; the fix for open ones.
    assert (
        "Front Desk &lt;frontdesk@clinic.example&gt; user:USR1 users_individual_logins is FAIL here." in text
    )
    assert "Attest: ctm-hipaa attest attestations.yaml" in text
    assert text.count("Give each person their own user") == 1  # the FAIL, not the PASS
    # Attestations: who, when, until when, and the state on the report's day.
    assert "agency Maya Lindqvist 2026-11-18 2027-02-16 valid Maya Lindqvist" in text
    assert "account 412233 Omar Haddad 2026-06-01 2026-08-30 expired" in text
    # Requirement matrix: every requirement of the mapping, once.
    for requirement in load_mapping().requirements:
        assert page.count(f"<td><code>{requirement.id}</code></td>") == 1
    # PHI flow: channel x category with counts and first and last seen.
    assert "Channel NAME SSN end 7 2026-11-28 to 2026-12-01 4 2026-11-28 to 2026-12-01" in text
    # Open findings, worst first, with their age.
    findings = text[text.index("Open findings Finding") :]
    assert re.findall(r"(\d+) d ", findings) == ["40", "12", "5", "3"]


def test_sections_without_data_say_so() -> None:
    res = sample_input().results[0]
    text = text_of(render("html", ReportInput(generated_at=NOW, results=(res,))))
    assert "No earlier runs were given" in text
    assert "No attestation was given for this account" in text
    assert "No webhook observations were given" in text
    assert "No open findings in this report" in text
    nothing = text_of(render("html", ReportInput(generated_at=NOW)))
    assert "No account was audited" in nothing and "No results: no requirement can be judged." in nothing


def test_every_string_is_escaped() -> None:
    base = sample_input()
    poisoned = [
        r.model_copy(
            update={
                "detail": CANARY,
                "title": CANARY,
                "resource_name": CANARY,
                "resource_id": f"user:{CANARY}",
                "remediation": CANARY,
                "attest_command": CANARY,
                "status": ResultStatus.FAIL,
            }
        )
        for r in base.results
    ]
    strange: CheckResult = poisoned[0].model_copy(update={"check_id": CANARY, "account_id": CANARY})
    report = base.model_copy(
        update={
            "results": (*poisoned, strange),
            "agency_name": CANARY,
            "findings": tuple(
                f.model_copy(update={"detail": CANARY, "resource_id": CANARY, "check_id": CANARY})
                for f in base.findings
            ),
            "attestations": (
                AttestationRecord(scope=CANARY, attested_by=CANARY, note=CANARY, settings=(CANARY,)),
                AttestationRecord(scope="agency", attested_by=CANARY, recorded_by=CANARY, note=CANARY),
            ),
            "runs": (
                *(p.model_copy(update={"run_id": CANARY}) for p in base.runs[:2]),
                RunPoint(run_id="r", account_id=CANARY, started_at=NOW, summary=base.runs[0].summary),
            ),
            "phi_flows": (
                PhiFlow(
                    account_id=CANARY, channel=CANARY, category=CANARY, count=1, first_seen=NOW, last_seen=NOW
                ),
            ),
        }
    )
    page = render("html", report)
    assert "<script" not in page.lower()
    assert page.count("&lt;script&gt;") > 20


def test_the_page_is_self_contained_and_prints() -> None:
    page = render("html", sample_input())
    assert not re.search(r"https?://|<link|<script|<img|<iframe|@import|url\(|src=", page, re.IGNORECASE)
    assert (
        "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\""
        in (html.unescape(page))
    )
    assert "@media print" in page and "@page" in page


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get(REQUIRE_CHROMIUM):
            pytest.fail(f"{REQUIRE_CHROMIUM} is set but chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI installs it and runs this test")
    return found


def headless(page: Path, profile: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """Chromium on a local file, its console messages logged to stderr (`INFO:CONSOLE...`)."""
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *flags,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def test_the_sample_agency_report_renders_in_chromium_without_console_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    browser = chromium()
    attestations = tmp_path / "attestations.json"
    attestations.write_text(sample_attestations().model_dump_json())
    page = tmp_path / "report.html"
    args = ["audit", "--snapshot", str(sample_agency_path()), "--attestations", str(attestations)]
    assert main([*args, "--format", "html", "--output", str(page), "--fail-on", "none"]) == 0
    assert main([*args, "--format", "json", "--fail-on", "none"]) == 0
    results = json.loads(capsys.readouterr().out)

    done = headless(page, tmp_path / "profile", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_messages(done.stderr) == []
    dom = done.stdout
    for account in {r["account_id"] for r in results}:
        assert f'id="account-{account}"' in dom and f"Account {account}" in dom
    for check in all_checks():
        assert f"<code>{check.check_id}</code>" in dom
    assert dom.count('<span class="badge s-') >= len(results)

    # The same browser reports a console message when the page has one: the check above can fail.
    broken = tmp_path / "broken.html"
    broken.write_text(page.read_text().replace("</body>", "<script>console.log(1)</script></body>"))
    assert console_messages(headless(broken, tmp_path / "profile2", "--dump-dom").stderr), browser
