"""The local stack is template.yaml's resources on a moto server, and leaves no trace when closed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ctm_hipaa_tools.stack import LocalStack
from ctm_hipaa_tools.template import PhysicalResource, Template, TemplateError


@pytest.fixture(scope="module")
def stack() -> LocalStack:
    with LocalStack() as running:
        yield running  # type: ignore[misc]


def test_tables_have_the_template_keys_indexes_ttl_and_key(stack: LocalStack) -> None:
    assert stack.session is not None
    dynamodb = stack.session.client("dynamodb")
    for logical_id, spec in stack.template.resources_of_type("AWS::DynamoDB::Table").items():
        declared = spec["Properties"]
        name = stack.physical_id(logical_id)
        table = dynamodb.describe_table(TableName=name)["Table"]
        assert table["KeySchema"] == declared["KeySchema"]
        assert sorted(i["IndexName"] for i in table.get("GlobalSecondaryIndexes", [])) == sorted(
            i["IndexName"] for i in declared.get("GlobalSecondaryIndexes", [])
        )
        assert table["SSEDescription"]["SSEType"] == "KMS"
        ttl = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        assert ttl["AttributeName"] == declared["TimeToLiveSpecification"]["AttributeName"]


def test_queues_redrive_as_declared_and_use_the_key(stack: LocalStack) -> None:
    assert stack.session is not None
    sqs = stack.session.client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=stack.physical_id("AuditQueue"), AttributeNames=["All"])
    redrive = json.loads(attributes["Attributes"]["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"] == stack.template.physical["AuditDeadLetterQueue"].attributes["Arn"]
    assert redrive["maxReceiveCount"] == 3
    assert attributes["Attributes"]["VisibilityTimeout"] == "720"
    assert attributes["Attributes"]["KmsMasterKeyId"] == stack.physical_id("DataKey")


def test_secret_holds_the_local_credentials(stack: LocalStack) -> None:
    assert stack.session is not None
    secret = stack.session.client("secretsmanager").get_secret_value(
        SecretId=stack.template.parameters["CtmSecretArn"]
    )
    assert json.loads(secret["SecretString"])["access_key"] == stack.secret.access_key


def test_function_environment_merges_globals_and_resolves_to_local_resources(stack: LocalStack) -> None:
    env = stack.template.function_environment("WebhookFunction")
    assert env["FINDINGS_TABLE"] == stack.physical_id("FindingsTable")
    assert env["IDEMPOTENCY_TABLE"] == stack.physical_id("IdempotencyTable")
    assert env["ALERTS_TOPIC_ARN"].startswith("arn:aws:sns:")
    assert env["POWERTOOLS_SERVICE_NAME"] == "webhook"  # the function's own value
    assert env["POWERTOOLS_LOGGER_LOG_EVENT"] == "false"  # from Globals
    assert os.environ["AWS_ENDPOINT_URL"] == stack.endpoint_url


def test_template_intrinsics_resolve(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(
        "Parameters:\n  Stage: {Type: String, Default: dev}\n  Email: {Type: String, Default: ''}\n"
        "Conditions:\n  HasEmail: !Not [!Equals [!Ref Email, '']]\n"
        "Resources:\n"
        "  Q: {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub ['q-${Stage}-${X}', {X: '7'}],"
        " Tag: !If [HasEmail, yes-mail, no-mail], Arn: !GetAtt Other.Arn}}\n"
        "  S: {Type: AWS::SNS::Subscription, Condition: HasEmail, Properties: {}}\n"
    )
    template = Template.load(path, overrides={"Stage": "prod"})
    template.physical["Other"] = PhysicalResource("other", {"Arn": "arn:other"})

    props = template.resolve(template.resources["Q"]["Properties"])

    assert props == {"QueueName": "q-prod-7", "Tag": "no-mail", "Arn": "arn:other"}
    assert template.resources_of_type("AWS::SNS::Subscription") == {}
    with pytest.raises(TemplateError, match="Ref Nowhere"):
        template.resolve({"Ref": "Nowhere"})
    with pytest.raises(TemplateError, match="cannot read"):
        Template.load(tmp_path / "missing.yaml")


def test_each_load_is_a_template_of_its_own_and_an_edited_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text("Parameters:\n  Stage: {Type: String, Default: dev}\nResources: {}\n")
    first = Template.load(path)
    first.body["Resources"]["Added"] = {"Type": "AWS::SQS::Queue"}
    first.parameters["Stage"] = "changed"

    assert Template.load(path).resources == {}
    assert Template.load(path).parameters == {"Stage": "dev"}
    path.write_text("Parameters:\n  Stage: {Type: String, Default: edited}\nResources: {}\n")
    assert Template.load(path).parameters == {"Stage": "edited"}
