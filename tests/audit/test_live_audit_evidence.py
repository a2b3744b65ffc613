"""`ctm-hipaa audit --stack NAME` judges `webhook_phi_detected` on the stack's webhook evidence, as
the auditor Lambda does, and writes nothing to the stack.

On the local stack (template.yaml on moto): signed deliveries go through WebhookFunction (a clean
one for 412230, one with PHI for 412236), the attestations are recorded, and a CloudFormation stack
names the findings table. The live audit then reads the sample agency from the CTM simulator over
HTTP with that stack's attestations and evidence; the scheduled audit (scheduler -> SQS ->
AuditorFunction) runs after it on the same evidence.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from audit_support import deliver, deployed_stack, sample_agency

from ctm_hipaa.attestations import AttestationStore
from ctm_hipaa.webhook.check_names import WEBHOOK_CHECK_ID
from ctm_hipaa_tools.agency_file import sample_agency_path, sample_attestations
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.local_audit import run_local_audit
from ctm_hipaa_tools.simulator import CTMSimulator
from ctm_hipaa_tools.stack import DEFAULT_SECRET, LocalStack


@dataclass
class Audited:
    code: int
    cli: list[dict[str, Any]]  # the CLI's webhook_phi_detected results
    offline: list[dict[str, Any]]  # the same, with --snapshot (the sample agency's file)
    auditor: list[dict[str, Any]]  # the auditor Lambda's, from its run records
    items_before: list[dict[str, Any]]
    items_after: list[dict[str, Any]]


def every_item(table: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {}
    while True:
        page = table.scan(ConsistentRead=True, **kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return sorted(items, key=lambda item: (item["pk"], item["sk"]))
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Audited]:
    output = tmp_path_factory.mktemp("evidence") / "results.json"
    offline_output = output.with_name("offline.json")
    local = LocalStack()
    local.template.parameters["CtmRequestsPerSecond"] = "100"  # loopback: no quota to spare
    with local as stack, CTMSimulator(sample_agency()) as simulator, pytest.MonkeyPatch.context() as env:
        assert stack.session is not None
        table = stack.session.resource("dynamodb").Table(stack.physical_id("FindingsTable"))
        AttestationStore(table).record(sample_attestations(), recorded_by="tests", note="sample attestations")
        for name in ("webhook-clean.json", "webhook-phi.json"):
            assert deliver(stack, name)[0] == 200
        max_age = stack.template.parameters["AttestationMaxAgeDays"]
        name = deployed_stack(stack.session, stack.template, max_age)
        env.setenv("CTM_ACCESS_KEY", DEFAULT_SECRET.access_key)
        env.setenv("CTM_SECRET_KEY", DEFAULT_SECRET.secret_key)
        env.setenv("CTM_API_BASE_URL", simulator.base_url)
        env.setenv("CTM_REQUESTS_PER_SECOND", "1000")
        assert os.environ["AWS_ENDPOINT_URL"] == stack.endpoint_url  # the CLI reads the local stack

        before = every_item(table)
        code = main(
            ["audit", "--stack", name, "--format", "json", "--fail-on", "none", "--output", f"{output}"]
        )
        snapshot = ["--snapshot", str(sample_agency_path()), "--output", str(offline_output)]
        offline_code = main(["audit", "--stack", name, "--format", "json", "--fail-on", "none", *snapshot])
        after = every_item(table)
        assert offline_code == 0

        run = run_local_audit(stack, ctm_base_url=simulator.base_url)
        auditor = [
            r.model_dump(mode="json")
            for record in run.accounts.values()
            for r in record.results
            if r.check_id == WEBHOOK_CHECK_ID
        ]
        cli, offline = (
            [r for r in json.loads(path.read_text()) if r["check_id"] == WEBHOOK_CHECK_ID]
            for path in (output, offline_output)
        )
        yield Audited(code, cli, offline, auditor, before, after)


def verdicts(results: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return {r["account_id"]: (r["status"], r["resource_id"]) for r in results}


def test_a_clean_delivery_recorded_in_the_stack_passes_the_cli_audit(audited: Audited) -> None:
    assert audited.code == 0
    found = verdicts(audited.cli)
    assert found["412230"] == ("PASS", "webhook:end")
    assert found["412236"] == ("FAIL", "webhook:post-call")
    assert found["412233"] == ("MANUAL", "account")  # no delivery seen: still unproven


def test_the_cli_and_the_auditor_give_the_same_verdicts_on_the_same_evidence(audited: Audited) -> None:
    key = lambda r: (r["account_id"], r["resource_id"])  # noqa: E731 - a sort key
    assert sorted(audited.cli, key=key) == sorted(audited.auditor, key=key)
    # A snapshot audited with the stack's attestations gets its evidence too.
    assert sorted(audited.offline, key=key) == sorted(audited.auditor, key=key)


def test_the_cli_audits_write_nothing_to_the_stack(audited: Audited) -> None:
    assert audited.items_after == audited.items_before
