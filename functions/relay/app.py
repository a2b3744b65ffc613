"""SQS (one message per delivery and destination) -> post the destination a PHI-free, signed copy."""

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from ctm_hipaa.relay import build_relay_service

logger = Logger()
tracer = Tracer()
service = build_relay_service()


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return service.handle(event, context)
