"""Where the relay's ports meet their adapters: the destinations store and the policy engine.

The webhook asks `StoredDestinations` which destinations serve an account; the relay function asks
it for a destination by name and makes its body with `PolicyForwarder` (`forward` under the
destination's policy, its tokens keyed with the `hmac_key` of the destination's secret). The stored
configuration is read at most once a minute per container: `relay configure` takes effect within
that minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ctm_hipaa.relay.ports import Destinations, Forwarder, RelayTarget

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

    from ctm_hipaa.relay.model import Destination
    from ctm_hipaa.relay.signing import SigningSecrets

CONFIGURATION_MAX_AGE_SECONDS = 60.0


class DestinationGone(LookupError):
    """The destination a message names is no longer configured."""


class StoredDestinations:
    """The destinations in force in the findings table (`DestinationStore`), read at most once a minute."""

    def __init__(
        self,
        table: Table,
        *,
        max_age: float = CONFIGURATION_MAX_AGE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._table = table
        self._max_age = max_age
        self._clock = clock
        self._read_at: float | None = None
        self._destinations: Mapping[str, Destination] = {}

    def destination(self, name: str) -> Destination | None:
        """The configured destination called `name` (its policy and all), or None."""
        return self._current().get(name)

    def for_account(self, account_id: str) -> Sequence[RelayTarget]:
        return [_target(d) for d in self._current().values() if d.applies_to(account_id)]

    def named(self, name: str) -> RelayTarget | None:
        d = self.destination(name)
        return _target(d) if d is not None else None

    def _current(self) -> Mapping[str, Destination]:
        now = self._clock()
        if self._read_at is None or now - self._read_at >= self._max_age:
            from ctm_hipaa.relay.store import DestinationStore  # the models load on first use only

            self._destinations = DestinationStore(self._table).load().destinations
            self._read_at = now
        return self._destinations


def _target(d: Destination) -> RelayTarget:
    return RelayTarget(name=d.name, url=d.url, secret_ref=d.secret)


class PolicyForwarder:
    """The body and manifest of a destination's policy (`forward`), keyed with its secret's hmac_key."""

    def __init__(self, destinations: StoredDestinations, secrets: SigningSecrets) -> None:
        self._destinations = destinations
        self._secrets = secrets

    def __call__(
        self, payload: Mapping[str, Any], destination: str
    ) -> tuple[dict[str, Any], Mapping[str, Any]]:
        from ctm_hipaa.relay.forward import forward
        from ctm_hipaa.relay.signing import SecretUnusable

        d = self._destinations.destination(destination)
        if d is None:
            raise DestinationGone(f"the destination {destination} is no longer configured")
        key = self._secrets.credentials(d.secret).hmac_key
        if key is None:
            raise SecretUnusable(f"the secret {d.secret} has no 'hmac_key' of at least 16 bytes for tokens")
        body, manifest = forward(payload, d, key, policy_name=d.policy_name)
        return body, manifest.as_dict()


def wired_destinations(table: Table) -> Destinations:
    """The configured destinations, read from the findings table."""
    return StoredDestinations(table)


def wired_forwarder(table: Table, secrets: SigningSecrets) -> Forwarder:
    """The policy engine that makes each destination's body and manifest."""
    return PolicyForwarder(StoredDestinations(table), secrets)
