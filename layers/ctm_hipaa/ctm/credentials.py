"""CTM credentials from Secrets Manager: the API keys and the per-account webhook secrets.

Kept apart from the HTTP client so that the webhook path can read secrets without importing
requests (cold start).
"""

from __future__ import annotations

from aws_lambda_powertools.utilities import parameters
from botocore.exceptions import ClientError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ctm_hipaa.ctm.errors import CTMCredentialsError


class CTMCredentials(BaseModel):
    """CTM API keys and per-account webhook secrets, as stored in the Secrets Manager secret.

    The secret fields are left out of `repr`/`str` so that an accidental log line shows no key.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    access_key: str = Field(min_length=1)
    secret_key: str = Field(min_length=1, repr=False)
    webhook_secrets: dict[str, str] = Field(default_factory=dict, repr=False)

    def webhook_secret_for(self, account_id: str | int) -> str:
        """The secret that signs `account_id`'s webhook deliveries: its own, else the API secret key."""
        return self.webhook_secrets.get(str(account_id)) or self.secret_key


def load_credentials(secret_arn: str, *, max_age: int = 300, force_fetch: bool = False) -> CTMCredentials:
    """Read the CTM credentials secret (JSON) from Secrets Manager, cached for `max_age` seconds.

    Raises `CTMCredentialsError` when the secret is missing, unreadable, not JSON or lacks a key.
    The secret's content never appears in the error, nor in its cause chain.
    """
    if not secret_arn:
        raise CTMCredentialsError(
            "no CTM credentials secret is configured: set CTM_SECRET_ARN to the secret's ARN or name",
            secret_ref="",
        )
    try:
        raw = parameters.get_secret(secret_arn, transform="json", max_age=max_age, force_fetch=force_fetch)
    except parameters.exceptions.TransformParameterError:
        # `from None`: a JSONDecodeError carries the whole document in `.doc`.
        raise CTMCredentialsError(
            f"the CTM credentials secret {secret_arn} is not valid JSON; expected an object "
            '{"access_key": ..., "secret_key": ..., "webhook_secrets": {...}}',
            secret_ref=secret_arn,
        ) from None
    except parameters.exceptions.GetParameterError as exc:
        code = _aws_error_code(exc)
        raise CTMCredentialsError(
            f"the CTM credentials secret {secret_arn} could not be read ({code}): check that it exists, "
            "has a value, and that this function may call secretsmanager:GetSecretValue on it",
            secret_ref=secret_arn,
        ) from None
    if not isinstance(raw, dict):
        raise CTMCredentialsError(
            f"the CTM credentials secret {secret_arn} holds JSON that is not an object; expected "
            '{"access_key": ..., "secret_key": ...}',
            secret_ref=secret_arn,
        )
    try:
        return CTMCredentials.model_validate(raw)
    except ValidationError as exc:
        # Name the fields only: pydantic's own message would echo the values.
        fields = sorted({str(err["loc"][0]) for err in exc.errors() if err["loc"]})
        raise CTMCredentialsError(
            f"the CTM credentials secret {secret_arn} lacks or has invalid field(s): {', '.join(fields)}",
            secret_ref=secret_arn,
        ) from None


def _aws_error_code(exc: BaseException) -> str:
    # Powertools re-raises inside its `except`, so the AWS error is the implicit context.
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, ClientError):
        return str(cause.response.get("Error", {}).get("Code", "ClientError"))
    return type(cause).__name__ if cause is not None else type(exc).__name__
