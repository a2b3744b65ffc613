"""SQS (one message per CTM account) -> audit the account; report failed records to the queue."""

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from ctm_hipaa.audit import build_auditor_service

logger = Logger()
tracer = Tracer()
service = build_auditor_service()


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return service.handle(event, context)
