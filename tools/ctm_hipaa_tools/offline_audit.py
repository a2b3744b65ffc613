"""`ctm-hipaa audit --snapshot FILE [--attestations FILE] [--format table|json]`.

The real audit code path over real HTTP, without AWS: the CTM simulator serves FILE on loopback,
the CTM client lists the agency's accounts and collects each one (`collect_account`), and the
whole catalog runs on each snapshot (`evaluate_snapshot`), exactly as the auditor does. No findings
store (nothing is written) and no webhook observations. Attestations are judged against today's
date with the default maximum age.

Exit codes: 0 when the audit ran (FAIL results included), 1 when CTM (the simulator) refused to
list the accounts, 2 for an unreadable snapshot or attestations file. Errors are one line on
stderr; they name files and fields, never values.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from ctm_hipaa.attestations import (
    DEFAULT_MAX_AGE_DAYS,
    AttestationError,
    AttestationFile,
    effective_for,
    load_attestations,
)
from ctm_hipaa.audit import audit_account, render_table
from ctm_hipaa.ctm import CTMClient, CTMError
from ctm_hipaa.findings import CheckResult
from ctm_hipaa_tools.agency_file import AgencyFileError, load_agency_file
from ctm_hipaa_tools.cli import OutputFormat
from ctm_hipaa_tools.simulator import CTMSimulator

# Any keys do when the file names none: the simulator then accepts every key.
_ANY_KEYS = ("offline-audit", "offline-audit")


def run_offline_audit(
    snapshot_path: Path,
    attestations_path: Path | None,
    *,
    output_format: OutputFormat | str,
    out: TextIO,
    now: datetime | None = None,
) -> int:
    """Audit every account of the snapshot file; print a table or the JSON list of results."""
    try:
        chosen = OutputFormat(output_format)
    except ValueError:
        return _fail(f"unknown format {output_format!r}; choose {' or '.join(OutputFormat)}", 2)
    try:
        agency = load_agency_file(snapshot_path)
    except AgencyFileError as exc:
        return _fail(str(exc), 2)
    try:
        attestations = load_attestations(attestations_path) if attestations_path else AttestationFile()
    except AttestationError as exc:
        return _fail(str(exc), 2)

    moment = now or datetime.now(UTC)
    keys = (agency.credentials.access_key, agency.credentials.secret_key) if agency.credentials else _ANY_KEYS
    results: list[CheckResult] = []
    # No pacing: the simulator is on loopback; everything else is the auditor's client as configured.
    with (
        CTMSimulator(agency) as simulator,
        CTMClient(*keys, base_url=simulator.base_url, requests_per_second=None) as client,
    ):
        try:
            account_ids = [account.id for account in client.accounts()]
        except CTMError as exc:
            return _fail(f"cannot list the accounts: {exc.message}", 1)
        for account_id in account_ids:
            effective = effective_for(attestations, account_id, now=moment, max_age_days=DEFAULT_MAX_AGE_DAYS)
            results += audit_account(client, account_id, effective, now=moment).results

    if chosen is OutputFormat.JSON:
        out.write(json.dumps([r.model_dump(mode="json") for r in results], indent=2) + "\n")
    else:
        out.write(render_table(results))
    return 0


def _fail(message: str, code: int) -> int:
    print(f"ctm-hipaa audit: {message}", file=sys.stderr)
    return code
