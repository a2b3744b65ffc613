"""Where CTM sends data: is a URL a safe destination for PHI?

Rules from ctm-api.md 2.5: https only, a host of a vendor under a BAA (the attested allow-list),
never a public request-inspection service (CTM's own docs suggest putsreq.com for testing, and the
"Test" button sends the most recent real call), no credentials in the URL. Details name no host: a
host can carry a practice's or a person's name; only a webhook's resource name shows it, as
configuration data a user finds the webhook by (checks/names.py), and never its path or query.

URLs are parsed the WHATWG way (ada, the parser of Node.js), as browsers and most HTTP stacks send
them: `urlsplit` reads `https://evil.example\\@vendor.example/` as a request to vendor.example,
where it goes to evil.example.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ada_url

from ctm_hipaa.attestations import Attested, EffectiveAttestations

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


@dataclass(frozen=True)
class Destination:
    """Where a URL sends a request: scheme and host (lower-cased, no port, no trailing dot)."""

    scheme: str
    host: str
    has_userinfo: bool  # a username or password written into the URL


def parse_destination(url: str | None) -> Destination | None:
    """The destination of a URL as a WHATWG parser reads it, or None when it is not a URL with a host."""
    if not url or not url.strip():
        return None
    try:
        parsed = ada_url.URL(url)
    except ValueError:
        return None
    host = parsed.hostname.rstrip(".")
    if not host:
        return None  # mailto:, data: and other URLs without a host send nothing over HTTP
    return Destination(
        scheme=parsed.protocol.removesuffix(":"),
        host=host,
        has_userinfo=bool(parsed.username or parsed.password),
    )


def host_matches(host: str, patterns: tuple[str, ...]) -> bool:
    """True when `host` is one of `patterns` or a subdomain of one."""
    return any(host == p or host.endswith("." + p) for p in patterns)


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
    if destination is None:
        verdict.problems.append("has no valid destination URL")
        return verdict
    host = destination.host
    if destination.scheme != "https":
        verdict.problems.append("does not use HTTPS")
    if destination.has_userinfo:
        # Whatever the rest says: a URL is logged by proxies and receivers. CTM has a separate
        # username and password setting for webhooks.
        verdict.problems.append("puts credentials in its URL, where logs and proxies keep them")
    if host_matches(host, REQUEST_BIN_HOSTS):
        verdict.problems.append("sends to a public request-inspection service")
    else:
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
