"""Shared fixtures: AWS resources come from template.yaml, created on moto."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import botocore.loaders
import botocore.session
import moto.kms.models
import pytest
from moto import mock_aws

from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa_tools.provision import LOCAL_REGION, provision
from ctm_hipaa_tools.stack import FAKE_AWS_ENV
from ctm_hipaa_tools.template import Template

TEST_SECRET = CTMCredentials(
    access_key="test-access", secret_key="test-secret", webhook_secrets={"412233": "account-412233-secret"}
)


@pytest.fixture(scope="session", autouse=True)
def botocore_loader() -> Iterator[botocore.loaders.Loader]:
    """botocore's service models and endpoint data, read from disk once for the whole run.

    Every boto3 session of the run (the tests', the local stack's, the handlers' cold starts) gets
    this one loader, which only caches files botocore ships: without it each new session re-reads
    them, which cost most of the time of provisioning a stack or invoking a handler.
    """
    loader = botocore.loaders.create_loader()

    def shared(search_path_string: str | None = None) -> botocore.loaders.Loader:
        return loader if search_path_string is None else botocore.loaders.create_loader(search_path_string)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(botocore.session, "create_loader", shared)
        yield loader


@pytest.fixture(scope="session", autouse=True)
def kms_signing_keys() -> Iterator[None]:
    """moto gives every KMS key an RSA signing key, a symmetric one included (~80 ms, the largest part
    of provisioning a stack): the run makes one per key spec and reuses it. The template's key is
    symmetric and never signs."""
    made: dict[str, Any] = {}
    generate = moto.kms.models.generate_private_key

    def reuse(key_spec: str) -> Any:
        if key_spec not in made:
            made[key_spec] = generate(key_spec)
        return made[key_spec]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(moto.kms.models, "generate_private_key", reuse)
        yield


@pytest.fixture
def no_aws_configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """An environment with no AWS region, profile, credentials or config files: as on a new laptop."""
    for name in (
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[boto3.session.Session]:
    """In-process moto with fake credentials: no request can reach a real AWS account."""
    for name, value in FAKE_AWS_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        yield boto3.session.Session(region_name=LOCAL_REGION)


@pytest.fixture
def stack(aws: boto3.session.Session) -> Template:
    """template.yaml's tables, queues, topic, key and the CTM secret, created on moto."""
    return provision(Template.load(overrides={"Stage": "test"}), aws, TEST_SECRET)


@pytest.fixture
def findings_table(aws: boto3.session.Session, stack: Template) -> Any:
    return aws.resource("dynamodb").Table(stack.physical["FindingsTable"].ref)
