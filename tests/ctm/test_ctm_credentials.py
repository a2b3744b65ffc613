"""load_credentials against Secrets Manager under moto."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from moto import mock_aws

from ctm_hipaa.ctm.client import CTMClient
from ctm_hipaa.ctm.credentials import CTMCredentials, load_credentials
from ctm_hipaa.ctm.errors import CTMCredentialsError

SECRET_VALUE = "s3cr3t-value-never-shown"


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    # Powertools keeps a process-wide provider and cache: start and end each test clean.
    parameters.clear_caches()
    with mock_aws():
        yield boto3.client("secretsmanager", region_name="us-east-1")
    parameters.clear_caches()


def test_loads_keys_and_webhook_secrets(secrets):
    payload = {"access_key": "AK1", "secret_key": SECRET_VALUE, "webhook_secrets": {"412233": "hook-secret"}}
    arn = secrets.create_secret(Name="ctm/api", SecretString=json.dumps(payload))["ARN"]

    creds = load_credentials(arn)

    assert creds == CTMCredentials(
        access_key="AK1", secret_key=SECRET_VALUE, webhook_secrets={"412233": "hook-secret"}
    )
    assert creds.webhook_secret_for(412233) == "hook-secret"
    assert creds.webhook_secret_for("999") == SECRET_VALUE
    # the secret never shows in repr/str (an accidental log line)
    assert SECRET_VALUE not in repr(creds) and SECRET_VALUE not in str(creds)
    assert "hook-secret" not in repr(creds)
    client = CTMClient.from_credentials(creds)
    assert client.session.auth == ("AK1", SECRET_VALUE)
    client.close()


def test_webhook_secrets_are_optional(secrets):
    secrets.create_secret(Name="ctm/min", SecretString=json.dumps({"access_key": "AK", "secret_key": "SK"}))
    creds = load_credentials("ctm/min")
    assert creds.webhook_secrets == {}


def test_value_is_cached_then_refetched_when_forced(secrets):
    secrets.create_secret(Name="ctm/api", SecretString=json.dumps({"access_key": "old", "secret_key": "SK"}))
    assert load_credentials("ctm/api").access_key == "old"
    secrets.put_secret_value(
        SecretId="ctm/api", SecretString=json.dumps({"access_key": "new", "secret_key": "SK"})
    )
    assert load_credentials("ctm/api").access_key == "old"  # cached (max_age 300 s)
    assert load_credentials("ctm/api", force_fetch=True).access_key == "new"


def test_missing_secret(secrets):
    with pytest.raises(CTMCredentialsError) as info:
        load_credentials("arn:aws:secretsmanager:us-east-1:123456789012:secret:ctm/none-AbCdEf")
    msg = str(info.value)
    assert "could not be read" in msg and "ResourceNotFoundException" in msg
    assert "ctm/none" in msg


def test_malformed_json_never_echoes_content(secrets):
    secrets.create_secret(Name="ctm/bad", SecretString='{"access_key": "AK", "secret_key": "' + SECRET_VALUE)
    with pytest.raises(CTMCredentialsError) as info:
        load_credentials("ctm/bad")
    err = info.value
    assert "not valid JSON" in str(err)
    assert SECRET_VALUE not in str(err)
    assert err.__cause__ is None and err.__suppress_context__


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"access_key": "AK"}, "secret_key"),
        ({"access_key": "", "secret_key": SECRET_VALUE}, "access_key"),
        ({"access_key": "AK", "secret_key": SECRET_VALUE, "webhook_secrets": {"1": 5}}, "webhook_secrets"),
    ],
)
def test_missing_or_invalid_fields_are_named_not_shown(secrets, value, field):
    secrets.create_secret(Name="ctm/partial", SecretString=json.dumps(value))
    with pytest.raises(CTMCredentialsError) as info:
        load_credentials("ctm/partial")
    assert field in str(info.value)
    assert SECRET_VALUE not in str(info.value)
    assert info.value.__cause__ is None


def test_json_that_is_not_an_object(secrets):
    secrets.create_secret(Name="ctm/list", SecretString=json.dumps([SECRET_VALUE]))
    with pytest.raises(CTMCredentialsError, match="not an object") as info:
        load_credentials("ctm/list")
    assert SECRET_VALUE not in str(info.value)


def test_no_secret_configured():
    with pytest.raises(CTMCredentialsError, match="CTM_SECRET_ARN"):
        load_credentials("")
