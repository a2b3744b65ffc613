"""`ctm-hipaa audit --snapshot FILE [--attestations FILE] [--format NAME] [--output FILE] [filters]`.

The live audit (`live_audit.run_audit`), pointed at the CTM simulator serving FILE on loopback with
the file's keys: one code path for both, over real HTTP, without AWS. Filters, gate and exit codes
are the live audit's; an unreadable snapshot file also exits 2.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TextIO

from ctm_hipaa.attestations import DEFAULT_MAX_AGE_DAYS, AttestationFile
from ctm_hipaa.findings import Severity
from ctm_hipaa.report import DEFAULT_FORMAT
from ctm_hipaa_tools.agency_file import AgencyFileError, load_agency_file
from ctm_hipaa_tools.live_audit import (
    FilterError,
    ResultFilter,
    Target,
    WebhookEvidence,
    fail,
    parse_format,
    run_audit,
)
from ctm_hipaa_tools.simulator import CTMSimulator

# Any keys do when the file names none: the simulator then accepts every key.
_ANY_KEYS = ("offline-audit", "offline-audit")


def run_offline_audit(
    snapshot_path: Path,
    attestations: Path | AttestationFile | None,
    *,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
    observed: WebhookEvidence | None = None,
    output_format: str = DEFAULT_FORMAT,
    out: TextIO,
    output: Path | None = None,
    now: datetime | None = None,
    selection: ResultFilter | None = None,
    fail_on: Severity | None = Severity.CRITICAL,
) -> int:
    """Audit every account of the snapshot file (or those `selection` names); write the results
    `selection` keeps in `output_format` on `out` (or to the file `output`); return 1 when some of
    them fail the `fail_on` gate. `observed`: what the webhook has observed of each account (a
    deployed stack's evidence), else nothing."""
    try:
        parse_format(output_format)
    except FilterError as exc:
        return fail(str(exc), 2)
    try:
        agency = load_agency_file(snapshot_path)
    except AgencyFileError as exc:
        return fail(str(exc), 2)
    keys = (agency.credentials.access_key, agency.credentials.secret_key) if agency.credentials else _ANY_KEYS
    with CTMSimulator(agency) as simulator:
        # No pacing: the simulator is on loopback. No progress: the file is the whole agency.
        target = Target(simulator.base_url, *keys, requests_per_second=None, source="the snapshot")
        return run_audit(
            target,
            attestations,
            max_age_days=max_age_days,
            observed=observed,
            output_format=output_format,
            out=out,
            output=output,
            now=now,
            selection=selection,
            fail_on=fail_on,
        )
