"""Sign what the relay posts per the Standard Webhooks spec, so that receivers can verify it.

    webhook-id          msg_<delivery id>: the same for every retry of one delivery (receivers
                        de-duplicate on it)
    webhook-timestamp   Unix seconds of this attempt
    webhook-signature   v1,base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")), by the
                        `standardwebhooks` package

A destination's Secrets Manager secret is JSON: `signing_secret` (`whsec_` and base64, as the spec's
libraries generate it) signs; `token`, if there, is the receiver's bearer token, sent as
`Authorization: Bearer` to a tool that asks for one; `hmac_key` is the policy engine's. It is read
through Powertools' cache. The function may read only
secrets whose name starts with the stack's prefix (template.yaml's RelaySecretsPrefix); a reference
outside it is refused here too, with a message that says so, rather than as an AccessDenied.
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from aws_lambda_powertools.utilities import parameters
from standardwebhooks.webhooks import EmptyWebhookSecretError, Webhook

from ctm_hipaa.relay.model import hmac_key_in

SECRET_MAX_AGE_SECONDS = 300
SIGNING_SECRET_FIELD = "signing_secret"  # noqa: S105 (the fields' names, not credentials)
BEARER_TOKEN_FIELD = "token"  # noqa: S105
_ARN_NAME = ":secret:"


class SecretUnusable(Exception):
    """A destination's secret cannot be read or holds no usable signing secret (never its value)."""


@dataclass(frozen=True)
class DestinationCredentials:
    """What a destination's secret holds for the relay (left out of `repr`)."""

    signing_secret: str = field(repr=False)
    bearer_token: str | None = field(default=None, repr=False)
    hmac_key: bytes | None = field(default=None, repr=False)  # the policy's key of tokens

    def authorization(self) -> dict[str, str]:
        """The Authorization header the receiver asks for, if any."""
        return {"authorization": f"Bearer {self.bearer_token}"} if self.bearer_token else {}


class SigningSecrets(Protocol):
    def credentials(self, secret_ref: str) -> DestinationCredentials:
        """The signing secret (and bearer token) of the destination whose secret is `secret_ref`;
        SecretUnusable when it cannot be read or holds no signing secret."""
        ...


def signed_headers(secret: str, message_id: str, body: str, at: datetime) -> dict[str, str]:
    """The three Standard Webhooks headers of `body` sent at `at`. SecretUnusable for a bad secret."""
    try:
        webhook = Webhook(secret)
    except (binascii.Error, ValueError, EmptyWebhookSecretError):
        raise SecretUnusable("the signing secret is not base64 (whsec_...)") from None
    at = at.astimezone(UTC)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": webhook.sign(message_id, at, body),
    }


def message_id(delivery_id: str) -> str:
    """The `webhook-id` of a delivery: stable across retries, the same for every destination."""
    return f"msg_{delivery_id}"


class SecretsManagerSigningSecrets:
    """Destination secrets from Secrets Manager (JSON, see the module docstring), cached `max_age` s."""

    def __init__(self, prefix: str, *, max_age: int = SECRET_MAX_AGE_SECONDS) -> None:
        self._prefix = prefix
        self._max_age = max_age

    def credentials(self, secret_ref: str) -> DestinationCredentials:
        name = secret_ref
        if secret_ref.startswith("arn:"):
            if _ARN_NAME not in secret_ref:
                raise SecretUnusable(f"{secret_ref} is not a Secrets Manager secret ARN")
            name = secret_ref.split(_ARN_NAME, 1)[1]
        if not name.startswith(self._prefix):
            raise SecretUnusable(f"the secret {secret_ref} is not under the relay's prefix {self._prefix}")
        try:
            value = parameters.get_secret(secret_ref, transform="json", max_age=self._max_age)
        except parameters.exceptions.TransformParameterError:
            raise SecretUnusable(f"the secret {secret_ref} is not a JSON object") from None
        except parameters.exceptions.GetParameterError as exc:
            # Powertools re-raises inside its `except`: the AWS error is the implicit context.
            cause = type(exc.__cause__ or exc.__context__ or exc).__name__
            raise SecretUnusable(f"the secret {secret_ref} could not be read ({cause})") from None
        if not isinstance(value, dict):
            raise SecretUnusable(f"the secret {secret_ref} is not a JSON object")
        signing, bearer = value.get(SIGNING_SECRET_FIELD), value.get(BEARER_TOKEN_FIELD)
        if not isinstance(signing, str) or not signing:
            raise SecretUnusable(f"the secret {secret_ref} has no {SIGNING_SECRET_FIELD!r}")
        if bearer is not None and (not isinstance(bearer, str) or not bearer):
            raise SecretUnusable(f"the secret {secret_ref} has a {BEARER_TOKEN_FIELD!r} that is not text")
        return DestinationCredentials(
            signing_secret=signing, bearer_token=bearer, hmac_key=hmac_key_in(value)
        )
