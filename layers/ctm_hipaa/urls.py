"""Where a URL sends a request, and what makes one unfit to receive call data at all.

Rules from ctm-api.md 2.5: https only, never a public request-inspection service (CTM's own docs
suggest putsreq.com for testing, and the "Test" button sends the most recent real call), no
credentials in the URL. Both judges of destinations use them: the checks of CTM's webhooks and
triggers (`checks/destinations.py`, which adds the BAA allow-list) and the relay's destinations
(`relay`, whose receivers have no BAA and get PHI-free copies). Problems name no host: a host can
carry a practice's or a person's name.

URLs are parsed the WHATWG way (ada, the parser of Node.js), as browsers and most HTTP stacks send
them: `urlsplit` reads `https://evil.example\\@vendor.example/` as a request to vendor.example,
where it goes to evil.example.
"""

from __future__ import annotations

from dataclasses import dataclass

import ada_url

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
NO_URL = "has no valid destination URL"


@dataclass(frozen=True)
class Destination:
    """Where a URL sends a request: scheme and host (lower-cased, no port, no trailing dot)."""

    scheme: str
    host: str
    has_userinfo: bool  # a username or password written into the URL
    has_query: bool = False  # a query string or fragment, where tokens are often put


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
        has_query=bool(parsed.search or parsed.hash),
    )


def host_matches(host: str, patterns: tuple[str, ...]) -> bool:
    """True when `host` is one of `patterns` or a subdomain of one."""
    return any(host == p or host.endswith("." + p) for p in patterns)


def transport_problems(destination: Destination | None) -> list[str]:
    """Why requests to `destination` (a `parse_destination` result) are unfit for call data whoever
    receives them: no valid URL, no HTTPS, credentials in the URL, a public request-inspection
    service. Empty when none applies."""
    if destination is None:
        return [NO_URL]
    problems = []
    if destination.scheme != "https":
        problems.append("does not use HTTPS")
    if destination.has_userinfo:
        # Whatever the rest says: a URL is logged by proxies and receivers. CTM has a separate
        # username and password setting for webhooks.
        problems.append("puts credentials in its URL, where logs and proxies keep them")
    if host_matches(destination.host, REQUEST_BIN_HOSTS):
        problems.append("sends to a public request-inspection service")
    return problems
