"""EventBridge Scheduler -> list the agency's CTM accounts, record the run, queue one message each."""

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from ctm_hipaa.audit import build_scheduler_service

logger = Logger()
tracer = Tracer()
service = build_scheduler_service()


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return service.handle(event, context)
