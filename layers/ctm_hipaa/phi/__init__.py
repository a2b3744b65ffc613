"""PHI detector for CTM call records: field semantics plus content scanners (no NLP models).

`inspect_payload` reports offsets and categories, never values; `contains_health_information`
flags health terms in attribution labels (campaigns, keywords, landing URLs).
"""

from .detector import inspect_payload
from .health import contains_health_information
from .model import Category, Detection, InspectionIncomplete

__all__ = ["Category", "Detection", "InspectionIncomplete", "contains_health_information", "inspect_payload"]
