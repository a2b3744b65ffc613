"""POST /ctm/webhook: verify a CTM post-call delivery and record where PHI flows (never the PHI)."""

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from ctm_hipaa.webhook import build_webhook_service

logger = Logger()
tracer = Tracer()
service = build_webhook_service()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, log_event=False)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return service.handle(event, context)
