"""Results from what the real-time webhook inspector observed (PHI categories and counts only)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ctm_hipaa.checks.base import Results, WebhookObservation
from ctm_hipaa.findings import CheckResult, channel_resource_name

_SAFE = re.compile(r"[^A-Za-z0-9_:.\-]")


def _clean(text: str) -> str:
    # Channel and category names come from our own inspector; this keeps them to name characters.
    return _SAFE.sub("", text)[:64]


def observation_results(
    r: Results, what: str, observations: Iterable[WebhookObservation] | None = None
) -> list[CheckResult]:
    """One result per observed channel: FAIL when PHI categories were seen, MANUAL when the latest
    delivery was flagged but no finding says what it carried (an unsettled observation), PASS when
    clean deliveries were seen within the attestations' maximum age, none for older clean sightings.

    Judges `observations`, by default all of the context's. The resource id is the channel
    (e.g. ``webhook:end``); observations of one channel are merged. Returns an empty list when
    nothing was observed.
    """
    merged: dict[str, _Channel] = {}
    for obs in r.ctx.webhook_observations if observations is None else observations:
        channel = _clean(obs.channel) or "webhook"
        seen = merged.setdefault(channel, _Channel(last_seen=obs.last_seen))
        seen.categories |= {_clean(c).upper() for c in obs.categories if _clean(c)}
        seen.deliveries += obs.deliveries
        seen.last_seen = max(seen.last_seen, obs.last_seen)
        seen.settled = seen.settled and obs.settled

    results: list[CheckResult] = []
    for channel, seen in sorted(merged.items()):
        count = f"{seen.deliveries} {'delivery' if seen.deliveries == 1 else 'deliveries'}"
        volume = f"{count}, last seen {seen.last_seen.date().isoformat()}"
        if seen.categories:
            detail = (
                f"The webhook inspector found PHI ({', '.join(sorted(seen.categories))}) in {what} on "
                f"{channel} ({volume})."
            )
            results.append(r.failed(detail, resource=channel, name=channel_resource_name(channel)))
        elif not seen.settled:
            detail = (
                f"The latest of the {what} on {channel} carried PHI or was not fully inspected, but no "
                f"open finding records it ({volume}): its record awaits redrive, or its finding was "
                "resolved before a clean delivery showed the fix."
            )
            results.append(r.manual(detail, resource=channel, name=channel_resource_name(channel)))
        elif r.ctx.now - seen.last_seen <= timedelta(days=r.ctx.attestations.max_age_days):
            detail = f"The webhook inspector found no PHI in {what} on {channel} ({volume})."
            results.append(r.passed(detail, resource=channel, name=channel_resource_name(channel)))
        # Clean sightings older than the attestation max age are no evidence: no PASS on them.
    return results


@dataclass
class _Channel:
    """What the observations of one channel add up to."""

    last_seen: datetime
    categories: set[str] = field(default_factory=set)
    deliveries: int = 0
    settled: bool = True
