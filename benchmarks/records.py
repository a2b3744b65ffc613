"""Run-record size: how many users an account may have before its run record leaves results out.

An account's PHI-free results are kept on its run record (`RunStore.record_account`) within
`MAX_RESULTS_BYTES` of a 400 KB DynamoDB item. Each result carries its check's title, remediation
and citations, so the results grow with the account's users (two or three results per user). This
audits the sample agency, then one of its accounts grown to more and more users, through the
auditor's code path (the client over real HTTP against the CTM simulator, the whole catalog), and
prints the bytes per result as JSON (how records were stored before) and as stored now
(`pack_results`: zlib-compressed), and the users that fit either way.
"""

from __future__ import annotations

import copy
import itertools
import json
import random
import string
from datetime import UTC, datetime
from typing import Any

from benchmarks.audit import _FIRST, _LAST
from ctm_hipaa.attestations import AttestationFile, effective_for
from ctm_hipaa.audit import MAX_RESULTS_BYTES, audit_account, pack_results
from ctm_hipaa.ctm import CTMClient
from ctm_hipaa.findings import CheckResult
from ctm_hipaa_tools.agency_file import sample_agency_path, sample_attestations
from ctm_hipaa_tools.simulator import CTMSimulator

GROWN_ACCOUNT = "412236"  # the sample's account with users to fix (shared logins, notifications)
USERS = (200, 250, 2000, 5000, 6000)  # around where they stop fitting, before and now
SEED = 20261201


def sample_agency() -> dict[str, Any]:
    """A fresh copy of the bundled sample agency."""
    data: dict[str, Any] = json.loads(sample_agency_path().read_text(encoding="utf-8"))
    return data


def grow_users(agency: dict[str, Any], account_id: str, users: int, seed: int = SEED) -> dict[str, Any]:
    """A copy of `agency` whose account `account_id` has `users` users, each a distinct person (a name
    of their own, a personal login email, a random id) shaped like the account's first user; one in
    five does not password-protect recordings, one in five gets missed-call emails."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    grown = copy.deepcopy(agency)
    entry = next(a for a in grown["accounts"] if str(a["account"]["id"]) == account_id)
    template = entry["users"][0]
    names = list(itertools.product(_FIRST, string.ascii_uppercase, _LAST, _LAST))
    if users > len(names):
        raise ValueError(f"at most {len(names)} distinct users")
    people = []
    for index, (first, initial, last, second) in enumerate(rng.sample(names, users)):
        surname = f"{last}-{second}"
        user = copy.deepcopy(template)
        user.update(
            id=f"USR{rng.getrandbits(32):08X}",
            uid=100000 + index,
            first_name=f"{first} {initial}.",
            last_name=surname,
            email=f"{first}.{initial}.{surname}@clinic.example.com".lower(),
            role=rng.choice(("admin", "agent", "call_manager", "report_manager")),
        )
        user["recording_access_settings"]["password_protected"] = rng.random() >= 0.2
        user["notifications"]["email_notify_on_missed_calls"] = rng.random() < 0.2
        people.append(user)
    entry["users"] = people
    return grown


def account_results(
    agency: dict[str, Any], account_ids: list[str], attestations: AttestationFile
) -> dict[str, list[CheckResult]]:
    """Each account's results, as the auditor computes them (collect over HTTP, run the catalog)."""
    now = datetime.now(UTC)
    with (
        CTMSimulator(agency) as simulator,
        CTMClient("bench", "bench", base_url=simulator.base_url, requests_per_second=None) as client,
    ):
        return {
            account_id: audit_account(
                client, account_id, effective_for(attestations, account_id, now=now), now=now
            ).results
            for account_id in account_ids
        }


def raw_size(results: list[CheckResult]) -> int:
    """The results' bytes as JSON, as run records held them before they were compressed."""
    return len(json.dumps([r.model_dump(mode="json") for r in results], separators=(",", ":")))


def run() -> None:
    """Print bytes per result (JSON and stored), per user, and the users that fit a run record."""
    attestations = sample_attestations()
    agency = sample_agency()
    ids = [str(entry["account"]["id"]) for entry in agency["accounts"]]
    by_account = account_results(agency, ids, attestations)
    sample = [r for results in by_account.values() for r in results]
    stored = sum(len(pack_results(results)[0]) for results in by_account.values())
    print(
        f"run-record benchmark: limit {MAX_RESULTS_BYTES:,} bytes of results per account record "
        f"(DynamoDB items stop at 400 KB)"
    )
    print(
        f"  sample agency        {len(sample)} results in {len(ids)} accounts: "
        f"{raw_size(sample) / len(sample):.0f} B/result as JSON, {stored / len(sample):.0f} B/result stored"
    )
    fit_raw = fit_stored = 0  # the most users measured to fit, as JSON and as stored
    per_user_raw = per_user_stored = 0.0  # bytes per user at the largest account measured to fit
    for users in USERS:
        results = account_results(grow_users(agency, GROWN_ACCOUNT, users), [GROWN_ACCOUNT], attestations)[
            GROWN_ACCOUNT
        ]
        raw = raw_size(results)
        packed, left_out = pack_results(results)
        if raw <= MAX_RESULTS_BYTES:
            fit_raw, per_user_raw = users, raw / users
        if not left_out:
            fit_stored, per_user_stored = users, len(packed) / users
        print(
            f"  {users:5d} users         {len(results):6d} results: JSON {raw:>10,} B "
            f"({raw / len(results):.0f} B/result, {'fits' if raw <= MAX_RESULTS_BYTES else 'too big'}); "
            f"stored {len(packed):>8,} B ({len(packed) / len(results):.1f} B/result), "
            f"{left_out} left out"
        )
    print(
        f"  users that fit       as JSON (before) {fit_raw:,} measured, "
        f"~{MAX_RESULTS_BYTES / per_user_raw:,.0f} at {per_user_raw:.0f} B/user; stored (now) {fit_stored:,} "
        f"measured, ~{MAX_RESULTS_BYTES / per_user_stored:,.0f} at {per_user_stored:.1f} B/user"
    )


if __name__ == "__main__":
    run()
