"""The relay's ports: where its destinations come from and what turns a delivery into a body.

The destinations store and the policy engine (`forward`) are the adapters; tests have in-memory
fakes. Both are wired in `ctm_hipaa.relay.wiring`, the one place that knows them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class RelayTarget:
    """Where a destination's copies go: its name, its https URL, and the Secrets Manager secret
    (a name or ARN) whose `token` is the Standard Webhooks signing secret shared with the receiver."""

    name: str
    url: str
    secret_ref: str


class Destinations(Protocol):
    """The configured destinations (workforce configuration, not PHI)."""

    def for_account(self, account_id: str) -> Sequence[RelayTarget]:
        """The destinations that receive the deliveries of CTM account `account_id` (validated digits)."""
        ...

    def named(self, name: str) -> RelayTarget | None:
        """The destination called `name`, or None when it is no longer configured."""
        ...


class Forwarder(Protocol):
    """The policy engine: the PHI-free body a destination receives of one delivery, and its manifest."""

    def __call__(
        self, payload: Mapping[str, Any], destination: str
    ) -> tuple[dict[str, Any], Mapping[str, Any]]:
        """(body, manifest) for `destination`; both PHI-free. The manifest is JSON-ready and holds
        `categories_removed` ({category: count}); its other keys are the policy engine's."""
        ...
