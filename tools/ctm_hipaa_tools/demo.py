"""`ctm-hipaa demo`: the whole job on this machine, on the bundled sample agency.

Local AWS (moto, resources from template.yaml) and the CTM simulator come up on loopback; the
sample attestations are recorded; the scheduled audit runs through scheduler -> SQS -> auditor;
the webhook events in events/ are replayed through the webhook handler, and the audit runs again to
show what the deliveries seen prove (a clean account's webhook check passes); then the findings and
the alerts that went out are printed, the HTML report of the stack's stored state (`ctm-hipaa
report`'s) is written to a file, and everything is shut down. With `keep` (`demo --keep`) the
local stack stays up first, and the demo prints the `export` line that points another shell's
`ctm-hipaa findings ...`, `mutes list`, `report` and `attest` at it.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from ctm_hipaa.attestations import DEFAULT_MAX_AGE_DAYS, AttestationStore
from ctm_hipaa.findings import Finding, FindingStore, utc_now
from ctm_hipaa.report import render, render_table
from ctm_hipaa.webhook import WEBHOOK_CHECK_ID
from ctm_hipaa_tools.agency_file import load_agency_file, sample_agency_path, sample_attestations
from ctm_hipaa_tools.events import expand_event
from ctm_hipaa_tools.invoke import invoke, load_event
from ctm_hipaa_tools.local_audit import run_local_audit
from ctm_hipaa_tools.reports_cli import DEFAULT_RUNS
from ctm_hipaa_tools.simulator import CTMSimulator
from ctm_hipaa_tools.stack import FAKE_AWS_ENV, LocalStack
from ctm_hipaa_tools.stored_report import StoredState

# Where the demo leaves its report by default: beside the user, to open at once.
REPORT_NAME = "ctm-hipaa-report.html"
_EVENT_ROW = re.compile(r"^\| `(?P<file>webhook-[^`]+)` \| WebhookFunction \|")


Keep = Callable[[Mapping[str, str]], None]


def run_demo(
    out: TextIO,
    *,
    template_path: Path | None = None,
    keep: Keep | None = None,
    report_path: Path | None = None,
) -> int:
    """Run the demo, writing a readable account of it to `out`. Returns the exit code: 0, or 1 when
    the report could not be written.

    `template_path` is template.yaml (default: the one `find_template` finds). The handlers' own
    log lines (JSON, PHI-free) go to a log file, not the terminal. The HTML report of the local
    stack's stored state goes to `report_path` (default: REPORT_NAME in the current folder). `keep`,
    when given, is called with the local stack still running and the environment that reaches it
    (`local_exports`), after that environment was printed; the stack shuts down when it returns.
    """
    log_path = Path(tempfile.gettempdir()) / "ctm-hipaa-demo.log"
    report = report_path if report_path is not None else Path.cwd() / REPORT_NAME
    with log_path.open("w") as log, contextlib.redirect_stderr(log):
        written = _run(out, template_path, keep, log_path, report)
    out.write(f"The functions' log lines (JSON, PHI-free) are in {log_path}\n")
    return 0 if written else 1


def local_exports(stack: LocalStack) -> dict[str, str]:
    """The environment that points boto3 (and so `ctm-hipaa findings`, `mutes`, `attest`) at the
    running local stack: its endpoint, its fake credentials and region, its findings table."""
    return {
        "AWS_ENDPOINT_URL": stack.endpoint_url,
        **FAKE_AWS_ENV,
        "FINDINGS_TABLE": stack.physical_id("FindingsTable"),
    }


def _run(out: TextIO, template_path: Path | None, keep: Keep | None, log_path: Path, report: Path) -> bool:
    agency = load_agency_file(sample_agency_path())
    with LocalStack(template_path) as stack, CTMSimulator(agency) as simulator:
        assert stack.session is not None
        table = stack.session.resource("dynamodb").Table(stack.physical_id("FindingsTable"))
        inbox = _subscribe_inbox(stack)
        out.write(f"ctm-hipaa demo: local AWS (moto) at {stack.endpoint_url}, ")
        out.write(f"CTM simulator at {simulator.base_url}\n")
        attestations = sample_attestations()
        AttestationStore(table).record(attestations, recorded_by="ctm-hipaa demo", note="sample attestations")
        out.write(f"Agency {agency.agency.name}: {len(agency.accounts)} accounts, attestations recorded\n\n")

        out.write("1. Scheduled audit: scheduler -> SQS -> auditor, one message per account")
        out.write(" (passing results counted, not listed)\n\n")
        summary = run_local_audit(stack, ctm_base_url=simulator.base_url)
        out.write(render_table(summary.results, hide_passing=True))
        out.write(f"\n{summary.describe()}\n\n")

        out.write("2. Webhook replay: the deliveries in events/, signed with the local secret\n\n")
        for name in _webhook_events(stack):
            event = expand_event(
                load_event(stack.template.path.parent / "events" / name), stack.secret.webhook_secret_for
            )
            before = _item_count(table)
            response = invoke(stack.template, "WebhookFunction", event).result
            written = _item_count(table) - before
            answer = _describe_answer(json.loads(response["body"]))
            out.write(f"   {name:<28} {response['statusCode']}  {answer}; {written} item(s) written\n")

        out.write("\n3. Audit again: webhook_phi_detected is judged on the deliveries the webhook saw\n\n")
        again = run_local_audit(stack, ctm_base_url=simulator.base_url)
        for r in again.results:
            if r.check_id == WEBHOOK_CHECK_ID:
                out.write(f"   {r.account_id}  {r.status.value:<7} {r.resource_id:<18} {r.detail}\n")
        out.write(f"\n{again.describe()}\n")

        out.write("\n4. Open findings in DynamoDB (no PHI: ids, categories, counts)\n\n")
        store = FindingStore(table)
        findings = [
            f
            for account in sorted(str(a.account["id"]) for a in agency.accounts)
            for f in store.findings_for_account(account)
        ]
        for finding in sorted(findings, key=lambda f: (f.account_id, f.severity.rank, f.check_id)):
            out.write(_finding_line(finding))
        statuses = Counter(f.status.value for f in findings)
        by_status = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
        out.write(f"\n   {len(findings)} findings: {by_status}\n")

        kinds = Counter(json.loads(m)["kind"] for m in _drain(stack, inbox))
        out.write(f"\n5. Alerts published to SNS: {kinds['finding']} finding alerts, ")
        out.write(f"{kinds['digest']} audit digests\n")
        written = _write_report(out, StoredState(table, DEFAULT_MAX_AGE_DAYS), report)
        if keep is not None:
            exports = local_exports(stack)
            out.write("\n7. The local stack stays up. In another shell:\n\n")
            out.write("   export " + " ".join(f"{k}={shlex.quote(v)}" for k, v in exports.items()) + "\n")
            out.write("   ctm-hipaa findings list   # show ID, mute ..., unmute RULE_ID, mutes list\n")
            out.write(
                "   ctm-hipaa report --output report.html   # evidence --since DATE --output FILE.zip\n\n"
            )
            out.write(f"   Ctrl-C here shuts it down (the functions' log lines are in {log_path}).\n")
            out.flush()
            keep(exports)
    out.write("\nDone: the local stack and the simulator are shut down.\n")
    return written


def _write_report(out: TextIO, state: StoredState, path: Path) -> bool:
    """Write the HTML report of the stack's stored state (`ctm-hipaa report`'s) to `path`; say where."""
    page = render("html", state.report(state.latest(DEFAULT_RUNS), as_of=utc_now()))
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        out.write(f"\n6. The HTML report could not be written to {path}: {exc.strerror or exc}\n")
        return False
    out.write(f"\n6. HTML report of the stored state (open it in a browser): {path.resolve()}\n")
    return True


def _item_count(table: Any) -> int:
    count, kwargs = 0, {"Select": "COUNT"}
    while True:
        page = table.scan(**kwargs)
        count += int(page["Count"])
        if "LastEvaluatedKey" not in page:
            return count
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _webhook_events(stack: LocalStack) -> list[str]:
    readme = (stack.template.path.parent / "events" / "README.md").read_text()
    return [m["file"] for m in map(_EVENT_ROW.match, readme.splitlines()) if m]


def _describe_answer(body: dict[str, Any]) -> str:
    if "error" in body:
        return f"rejected: {body['error']}"
    if not body.get("phi"):
        return "accepted, no PHI"
    alerted = ", alerted" if body.get("alerted") else ""
    return f"PHI ({', '.join(body['categories'])}), severity {body['severity']}{alerted}"


def _finding_line(finding: Finding) -> str:
    extra = f"  [{', '.join(finding.categories)}]" if finding.categories else ""
    # The resource as a user finds it in CTM; findings stored before names were kept show their id.
    resource = finding.resource_name or finding.resource_id
    return (
        f"   {finding.account_id}  {finding.severity.value:<8}  {finding.status.value:<10}  "
        f"{finding.check_id:<28}  {resource}{extra}\n"
    )


def _subscribe_inbox(stack: LocalStack) -> str:
    assert stack.session is not None
    sqs = stack.session.client("sqs")
    url: str = sqs.create_queue(QueueName="demo-alerts-inbox")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    stack.session.client("sns").subscribe(
        TopicArn=stack.physical_id("AlertsTopic"),
        Protocol="sqs",
        Endpoint=arn,
        Attributes={"RawMessageDelivery": "true"},
    )
    return url


def _drain(stack: LocalStack, url: str) -> list[str]:
    assert stack.session is not None
    sqs = stack.session.client("sqs")
    bodies: list[str] = []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        bodies += [message["Body"] for message in batch]
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)],
        )
    return bodies
