"""Where the relay's ports meet their adapters: the destinations store and the policy engine.

Until those are wired here, no account has a destination: the webhook queues nothing (its answer
is as it was) and the relay function, should a message reach it, drops it as addressed to a
destination no longer configured. The Forwarder is never called then; if it were, it refuses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ctm_hipaa.relay.ports import Destinations, Forwarder, RelayTarget

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

    from ctm_hipaa.relay.signing import SigningSecrets


class NoDestinations:
    """No destination is configured."""

    def for_account(self, account_id: str) -> Sequence[RelayTarget]:
        return ()

    def named(self, name: str) -> RelayTarget | None:
        return None


class ForwarderNotWired(Exception):
    """No policy engine is wired: nothing may be forwarded."""


def _refuse(payload: Mapping[str, Any], destination: str) -> tuple[dict[str, Any], Mapping[str, Any]]:
    raise ForwarderNotWired(f"no policy engine is wired for {destination}")


def wired_destinations(table: Table) -> Destinations:
    """The configured destinations, read from the findings table."""
    return NoDestinations()


def wired_forwarder(table: Table, secrets: SigningSecrets) -> Forwarder:
    """The policy engine that makes each destination's body and manifest."""
    return _refuse
