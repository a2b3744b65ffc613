"""Create, on moto, every data resource that template.yaml declares, exactly as declared.

Keys, indexes, TTL, encryption, redrive, topics and buckets (encryption, versioning, public access
block, lifecycle, Object Lock) are read from the template; nothing here restates a schema.
Functions, roles, APIs and alarms have no local counterpart: `invoke` runs the
handlers in-process instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import boto3

from ctm_hipaa.ctm import CTMCredentials
from ctm_hipaa_tools.template import PhysicalResource, Template, TemplateError

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_sns import SNSClient

LOCAL_ACCOUNT_ID = "123456789012"
LOCAL_REGION = "us-east-1"


def provision(template: Template, session: boto3.session.Session, secret: CTMCredentials) -> Template:
    """Create the template's keys, tables, topics, queues and the CTM secret; bind them to `template`.

    Returns the same template with `physical` and `parameters` filled so that `Ref`/`GetAtt`
    resolve to the created resources.
    """
    template.pseudo.update(
        {
            "AWS::Region": session.region_name or LOCAL_REGION,
            "AWS::AccountId": LOCAL_ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::StackName": "ctm-hipaa-local",
            "AWS::URLSuffix": "amazonaws.com",
        }
    )
    # One client per service: making a client costs more than a call to moto.
    secrets, kms = session.client("secretsmanager"), session.client("kms")
    dynamodb, sqs, sns = session.client("dynamodb"), session.client("sqs"), session.client("sns")
    s3 = session.client("s3")
    created = secrets.create_secret(
        Name=f"ctm-hipaa-{template.parameters['Stage']}-ctm", SecretString=secret.model_dump_json()
    )
    template.parameters["CtmSecretArn"] = created["ARN"]

    # Order matters: keys before what they encrypt, dead-letter queues before their sources.
    for logical_id in template.resources_of_type("AWS::KMS::Key"):
        key = kms.create_key(Description=f"local {logical_id}")["KeyMetadata"]
        template.physical[logical_id] = PhysicalResource(
            key["KeyId"], {"Arn": key["Arn"], "KeyId": key["KeyId"]}
        )
    for logical_id, spec in template.resources_of_type("AWS::DynamoDB::Table").items():
        _create_table(dynamodb, template, logical_id, template.resolve(spec["Properties"]))
    for logical_id, spec in template.resources_of_type("AWS::S3::Bucket").items():
        _create_bucket(s3, template, logical_id, template.resolve(spec["Properties"]))
    # Bucket policies are left out: moto evaluates a Deny statement whose condition does not hold as
    # a Deny (the TLS-only policy would refuse every request). tests/local/test_stack.py pins this.
    for logical_id, spec in _queues_in_dependency_order(template):
        _create_queue(sqs, template, logical_id, template.resolve(spec["Properties"]))
    for logical_id, spec in template.resources_of_type("AWS::SNS::Topic").items():
        _create_topic(sns, template, logical_id, template.resolve(spec["Properties"]))
    for spec in template.resources_of_type("AWS::SNS::Subscription").values():
        props = template.resolve(spec["Properties"])
        sns.subscribe(TopicArn=props["TopicArn"], Protocol=props["Protocol"], Endpoint=props["Endpoint"])
    for logical_id in template.resources_of_type("AWS::Serverless::Function"):
        name = f"ctm-hipaa-local-{logical_id}"
        arn = f"arn:aws:lambda:{template.pseudo['AWS::Region']}:{LOCAL_ACCOUNT_ID}:function:{name}"
        template.physical[logical_id] = PhysicalResource(name, {"Arn": arn})
    return template


def _create_table(client: DynamoDBClient, template: Template, logical_id: str, props: dict[str, Any]) -> None:
    kwargs: dict[str, Any] = {
        "TableName": props["TableName"],
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
    }
    if props.get("GlobalSecondaryIndexes"):
        kwargs["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
    sse = props.get("SSESpecification")
    if sse:
        kwargs["SSESpecification"] = {
            "Enabled": sse["SSEEnabled"],
            "SSEType": sse.get("SSEType", "KMS"),
            **({"KMSMasterKeyId": sse["KMSMasterKeyId"]} if "KMSMasterKeyId" in sse else {}),
        }
    if "DeletionProtectionEnabled" in props:
        kwargs["DeletionProtectionEnabled"] = props["DeletionProtectionEnabled"]
    table = client.create_table(**kwargs)["TableDescription"]
    ttl = props.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled"):
        client.update_time_to_live(
            TableName=props["TableName"],
            TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
        )
    template.physical[logical_id] = PhysicalResource(
        props["TableName"], {"Arn": table["TableArn"], "StreamArn": table.get("LatestStreamArn", "")}
    )


# CloudFormation's names of a lifecycle rule's properties -> S3 API's; any other property is refused
# (TemplateError) rather than dropped, so the local bucket never keeps less than the template says.
_LIFECYCLE_RULE: dict[str, Callable[[Any], dict[str, Any]]] = {
    "Id": lambda v: {"ID": v},
    "Status": lambda v: {"Status": v},
    "Prefix": lambda v: {"Filter": {"Prefix": v}},
    "ExpirationInDays": lambda v: {"Expiration": {"Days": int(v)}},
    "NoncurrentVersionExpiration": lambda v: {
        "NoncurrentVersionExpiration": {"NoncurrentDays": int(v["NoncurrentDays"])}
    },
    "AbortIncompleteMultipartUpload": lambda v: {
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": int(v["DaysAfterInitiation"])}
    },
}


def _create_bucket(client: Any, template: Template, logical_id: str, props: dict[str, Any]) -> None:
    name = props["BucketName"]
    region = template.pseudo["AWS::Region"]
    lock_enabled = bool(props.get("ObjectLockEnabled"))
    kwargs: dict[str, Any] = {"Bucket": name, "ObjectLockEnabledForBucket": lock_enabled}
    if region != "us-east-1":
        kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
    client.create_bucket(**kwargs)
    if "VersioningConfiguration" in props:
        client.put_bucket_versioning(
            Bucket=name, VersioningConfiguration={"Status": props["VersioningConfiguration"]["Status"]}
        )
    if "BucketEncryption" in props:
        # CloudFormation's ServerSideEncryptionByDefault is the API's ApplyServerSideEncryptionByDefault.
        rules = [
            {
                "ApplyServerSideEncryptionByDefault": rule["ServerSideEncryptionByDefault"],
                **({"BucketKeyEnabled": rule["BucketKeyEnabled"]} if "BucketKeyEnabled" in rule else {}),
            }
            for rule in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        ]
        client.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": rules})
    if "PublicAccessBlockConfiguration" in props:
        client.put_public_access_block(
            Bucket=name, PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"]
        )
    if "OwnershipControls" in props:
        client.put_bucket_ownership_controls(Bucket=name, OwnershipControls=props["OwnershipControls"])
    if "LifecycleConfiguration" in props:
        client.put_bucket_lifecycle_configuration(
            Bucket=name,
            LifecycleConfiguration={
                "Rules": [_lifecycle_rule(rule) for rule in props["LifecycleConfiguration"]["Rules"]]
            },
        )
    if "ObjectLockConfiguration" in props:
        lock = props["ObjectLockConfiguration"]
        retention = lock["Rule"]["DefaultRetention"]
        client.put_object_lock_configuration(
            Bucket=name,
            ObjectLockConfiguration={
                "ObjectLockEnabled": lock["ObjectLockEnabled"],
                "Rule": {"DefaultRetention": {"Mode": retention["Mode"], "Days": int(retention["Days"])}},
            },
        )
    template.physical[logical_id] = PhysicalResource(
        name, {"Arn": f"arn:aws:s3:::{name}", "DomainName": f"{name}.s3.amazonaws.com"}
    )


def _lifecycle_rule(rule: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(rule) - set(_LIFECYCLE_RULE))
    if unknown:
        raise TemplateError(f"the local stack cannot create lifecycle rule properties {', '.join(unknown)}")
    converted: dict[str, Any] = {"Filter": {"Prefix": ""}}
    for name, value in rule.items():
        converted.update(_LIFECYCLE_RULE[name](value))
    return converted


def _queues_in_dependency_order(template: Template) -> list[tuple[str, dict[str, Any]]]:
    queues = template.resources_of_type("AWS::SQS::Queue")
    with_redrive = {lid for lid, spec in queues.items() if "RedrivePolicy" in spec.get("Properties", {})}
    return sorted(queues.items(), key=lambda item: item[0] in with_redrive)


def _create_queue(client: Any, template: Template, logical_id: str, props: dict[str, Any]) -> None:
    attributes: dict[str, Any] = {
        name: json.dumps(props[name]) if isinstance(props[name], dict) else str(props[name])
        for name in (
            "VisibilityTimeout",
            "MessageRetentionPeriod",
            "KmsMasterKeyId",
            "RedrivePolicy",
            "DelaySeconds",
            "ReceiveMessageWaitTimeSeconds",
        )
        if name in props
    }
    url = client.create_queue(QueueName=props["QueueName"], Attributes=attributes)["QueueUrl"]
    arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    template.physical[logical_id] = PhysicalResource(
        url, {"Arn": arn, "QueueName": props["QueueName"], "QueueUrl": url}
    )


def _create_topic(client: SNSClient, template: Template, logical_id: str, props: dict[str, Any]) -> None:
    attributes = {"KmsMasterKeyId": props["KmsMasterKeyId"]} if "KmsMasterKeyId" in props else {}
    arn = client.create_topic(Name=props["TopicName"], Attributes=attributes)["TopicArn"]
    template.physical[logical_id] = PhysicalResource(arn, {"TopicName": props["TopicName"], "TopicArn": arn})
