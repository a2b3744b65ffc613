"""The functions' configuration, read once from the environment that template.yaml sets."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ctm_hipaa.attestations import DEFAULT_MAX_AGE_DAYS
from ctm_hipaa.ctm import DEFAULT_BASE_URL

# The CTM webhooks that may deliver (`?channel=...`); template.yaml's WebhookChannels has the same default.
DEFAULT_WEBHOOK_CHANNELS = ("post-call", "start", "end")
# Half the webhook's 10 s timeout, from the request's arrival: recording what was found still fits.
DEFAULT_INSPECTION_BUDGET_SECONDS = 5.0
# A run is complete this long after it starts, finished or not; template.yaml's AuditRunDeadlineMinutes.
DEFAULT_RUN_DEADLINE_MINUTES = 360
# The names of the relay destinations' secrets start with this; template.yaml's RelaySecretsPrefix.
DEFAULT_RELAY_SECRETS_PREFIX = "ctm-hipaa/relay/"
CHANNEL_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


class SettingsError(Exception):
    """A required environment variable is missing or invalid; the message names it."""


class Settings(BaseModel):
    """Environment variables of the functions (each uses the ones it needs)."""

    model_config = ConfigDict(populate_by_name=True, frozen=True)

    findings_table: str = Field(alias="FINDINGS_TABLE", min_length=1)
    alerts_topic_arn: str = Field(alias="ALERTS_TOPIC_ARN", min_length=1)
    ctm_secret_arn: str = Field(alias="CTM_SECRET_ARN", min_length=1)
    idempotency_table: str = Field("", alias="IDEMPOTENCY_TABLE")
    findings_parking_queue_url: str = Field("", alias="FINDINGS_PARKING_QUEUE_URL")
    audit_queue_url: str = Field("", alias="AUDIT_QUEUE_URL")
    ctm_api_base_url: str = Field(DEFAULT_BASE_URL, alias="CTM_API_BASE_URL")
    attestation_max_age_days: int = Field(DEFAULT_MAX_AGE_DAYS, alias="ATTESTATION_MAX_AGE_DAYS", ge=1)
    # Per API key and function instance: the agency-wide rate is this times the auditor's concurrency.
    ctm_requests_per_second: float = Field(5.0, alias="CTM_REQUESTS_PER_SECOND", gt=0)
    # Comma-separated in the environment; each 1-32 of a-z, 0-9, '-', '_' (the finding's resource id).
    webhook_channels: tuple[str, ...] = Field(
        DEFAULT_WEBHOOK_CHANNELS, alias="WEBHOOK_CHANNELS", min_length=1
    )
    # Seconds from a delivery's arrival; at most 8 of the webhook's 10 s timeout, so recording fits.
    inspection_budget_seconds: float = Field(
        DEFAULT_INSPECTION_BUDGET_SECONDS, alias="INSPECTION_BUDGET_SECONDS", gt=0, le=8
    )

    # At most 23 h: the next daily run's invocations must find the deadline passed.
    audit_run_deadline_minutes: int = Field(
        DEFAULT_RUN_DEADLINE_MINUTES, alias="AUDIT_RUN_DEADLINE_MINUTES", ge=1, le=1380
    )
    # The relay: its queue (the webhook sends, the relay function defers retries on it), and the
    # name prefix of the Secrets Manager secrets of its destinations (the function may read no other).
    relay_queue_url: str = Field("", alias="RELAY_QUEUE_URL")
    relay_secrets_prefix: str = Field(
        DEFAULT_RELAY_SECRETS_PREFIX, alias="RELAY_SECRETS_PREFIX", min_length=1
    )
    reports_bucket: str = Field("", alias="REPORTS_BUCKET")
    reports_key_arn: str = Field("", alias="REPORTS_KEY_ARN")  # the KMS key every report object uses

    @field_validator("webhook_channels", mode="before")
    @classmethod
    def _split_channels(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = tuple(value.split(","))  # no stripping: the names are compared exactly
        if isinstance(value, tuple | list) and not all(
            isinstance(name, str) and CHANNEL_NAME.fullmatch(name) for name in value
        ):
            raise ValueError("each channel must be 1-32 of a-z, 0-9, '-' or '_'")
        return value

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from `env` (default: os.environ)."""
        source = os.environ if env is None else env
        names = {field.alias for field in cls.model_fields.values() if field.alias}
        try:
            return cls.model_validate({name: source[name] for name in names if name in source})
        except ValidationError as exc:
            missing = sorted(str(error["loc"][0]) for error in exc.errors() if error["loc"])
            raise SettingsError(f"environment variable(s) missing or invalid: {', '.join(missing)}") from None

    def require(self, *aliases: str) -> None:
        """Fail fast, naming the variables, when a function's own settings are empty."""
        by_alias = {field.alias: name for name, field in type(self).model_fields.items()}
        missing = [alias for alias in aliases if not getattr(self, by_alias[alias])]
        if missing:
            raise SettingsError(f"environment variable(s) missing: {', '.join(missing)}")
