"""Where CTM sends data: is a URL a safe destination for PHI?

Rules from ctm-api.md 2.5: https only, a host of a vendor under a BAA (the attested allow-list),
never a public request-inspection service (CTM's own docs suggest putsreq.com for testing, and the
"Test" button sends the most recent real call). Results name no host: a host can carry a
practice's or a person's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ctm_hipaa.attestations import EffectiveAttestations

# Public services that show any request to anyone holding the URL: never acceptable for PHI,
# whatever the allow-list says.
REQUEST_BIN_HOSTS: tuple[str, ...] = (
    "putsreq.com",
    "requestbin.com",
    "requestbin.net",
    "webhook.site",
    "hookbin.com",
    "beeceptor.com",
    "requestcatcher.com",
    "mockbin.org",
    "postb.in",
    "ptsv2.com",
    "ptsv3.com",
    "webhookinbox.com",
    "requestinspector.com",
)


def host_of(url: str | None) -> tuple[str, str] | None:
    """(scheme, host) of a URL, lower-cased and without port, or None when it is not a URL."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if not parts.scheme or not host:
        return None
    return parts.scheme.lower(), host.lower().rstrip(".")


def host_matches(host: str, patterns: tuple[str, ...]) -> bool:
    """True when `host` is one of `patterns` or a subdomain of one."""
    return any(host == p or host.endswith("." + p) for p in patterns)


@dataclass
class DestinationVerdict:
    """Problems (FAIL) and open questions (MANUAL) about one destination."""

    problems: list[str] = field(default_factory=list)
    unknowns: list[str] = field(default_factory=list)


def assess_destination(
    url: str | None, attestations: EffectiveAttestations, *, has_credentials: bool | None = None
) -> DestinationVerdict:
    """Judge a destination URL. `has_credentials`: None when the sender signs every delivery
    (trigger actions), else whether CTM sends HTTP credentials (webhooks)."""
    verdict = DestinationVerdict()
    parsed = host_of(url)
    if parsed is None:
        verdict.problems.append("has no valid destination URL")
        return verdict
    scheme, host = parsed
    if scheme != "https":
        verdict.problems.append("does not use HTTPS")
    if host_matches(host, REQUEST_BIN_HOSTS):
        verdict.problems.append("sends to a public request-inspection service")
    else:
        hosts = attestations.baa_vendor_hosts
        if hosts.valid and hosts.value is not None:
            if not host_matches(host, hosts.value):
                verdict.problems.append("sends to a host that is not on the BAA vendor list")
        else:
            verdict.unknowns.append(f"the BAA vendor host list has no valid evidence ({hosts.reason})")
    if has_credentials is False:
        signed = attestations.signed_webhook_hosts
        if not (signed.valid and signed.value is not None and host_matches(host, signed.value)):
            verdict.problems.append(
                "sends no credentials and its receiver is not attested to verify CTM's signature"
            )
    return verdict
