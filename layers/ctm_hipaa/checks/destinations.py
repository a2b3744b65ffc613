"""Where CTM sends data: is a URL a safe destination for PHI?

The transport rules every destination of call data meets (https, no credentials in the URL, no
public request-inspection service) are `ctm_hipaa.urls`'s; for PHI, the host must also be a
vendor's under a BAA (the attested allow-list), and a webhook's receiver must authenticate.
Details name no host: a host can carry a practice's or a person's name; only a webhook's resource
name shows it, as configuration data a user finds the webhook by (checks/names.py), and never its
path or query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ctm_hipaa.attestations import Attested, EffectiveAttestations
from ctm_hipaa.urls import REQUEST_BIN_HOSTS, host_matches, parse_destination, transport_problems


@dataclass
class DestinationVerdict:
    """Problems (FAIL) and open questions (MANUAL) about one destination, and the attestations
    whose lack leaves the questions open."""

    problems: list[str] = field(default_factory=list)
    unknowns: list[str] = field(default_factory=list)
    unattested: list[Attested[Any]] = field(default_factory=list)


def assess_destination(
    url: str | None, attestations: EffectiveAttestations, *, has_credentials: bool | None = None
) -> DestinationVerdict:
    """Judge a destination URL. `has_credentials`: None when the sender signs every delivery
    (trigger actions), else whether CTM sends HTTP credentials (webhooks)."""
    verdict = DestinationVerdict()
    destination = parse_destination(url)
    verdict.problems += transport_problems(destination)
    if destination is None:
        return verdict
    host = destination.host
    if not host_matches(host, REQUEST_BIN_HOSTS):
        hosts = attestations.baa_vendor_hosts
        if (vendors := hosts.evidence()) is None:
            verdict.unknowns.append(f"the BAA vendor host list has no valid evidence ({hosts.reason})")
            verdict.unattested.append(hosts)
        elif not host_matches(host, vendors):
            verdict.problems.append("sends to a host that is not on the BAA vendor list")
    if has_credentials is False:
        signed = attestations.signed_webhook_hosts.evidence()
        if signed is None or not host_matches(host, signed):
            verdict.problems.append(
                "sends no credentials and its receiver is not attested to verify CTM's signature"
            )
    return verdict
