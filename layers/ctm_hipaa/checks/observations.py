"""Results from what the real-time webhook inspector observed (PHI categories and counts only)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from ctm_hipaa.checks.base import Results, WebhookObservation
from ctm_hipaa.findings import CheckResult, channel_resource_name

_SAFE = re.compile(r"[^A-Za-z0-9_:.\-]")


def _clean(text: str) -> str:
    # Channel and category names come from our own inspector; this keeps them to name characters.
    return _SAFE.sub("", text)[:64]


def observation_results(
    r: Results, what: str, observations: Iterable[WebhookObservation] | None = None
) -> list[CheckResult]:
    """One result per observed channel: FAIL when PHI categories were seen, PASS otherwise.

    Judges `observations`, by default all of the context's. The resource id is the channel
    (e.g. ``webhook:end``); observations of one channel are merged. Returns an empty list when
    nothing was observed.
    """
    merged: dict[str, tuple[set[str], int, datetime]] = {}
    for obs in r.ctx.webhook_observations if observations is None else observations:
        channel = _clean(obs.channel) or "webhook"
        categories = {_clean(c).upper() for c in obs.categories if _clean(c)}
        if channel in merged:
            known, count, last = merged[channel]
            merged[channel] = (known | categories, count + obs.deliveries, max(last, obs.last_seen))
        else:
            merged[channel] = (categories, obs.deliveries, obs.last_seen)

    results: list[CheckResult] = []
    for channel, (categories, deliveries, last_seen) in sorted(merged.items()):
        volume = f"{deliveries} deliveries, last seen {last_seen.date().isoformat()}"
        if categories:
            detail = (
                f"The webhook inspector found PHI ({', '.join(sorted(categories))}) in {what} on "
                f"{channel} ({volume})."
            )
            results.append(r.failed(detail, resource=channel, name=channel_resource_name(channel)))
        else:
            detail = f"The webhook inspector found no PHI in {what} on {channel} ({volume})."
            results.append(r.passed(detail, resource=channel, name=channel_resource_name(channel)))
    return results
