"""PHI detector for CTM call records: field semantics plus content scanners (no NLP models).

`inspect_payload` reports offsets and categories, never values; `contains_health_information`
flags health terms in attribution labels (campaigns, keywords, landing URLs); `known_field` names
the CTM fields a report may show; `is_role_mailbox` tells a desk's mailbox from a person's (the
detector and the login check share its list); `run_scan` is the `ctm-hipaa scan` command;
`unaccented` spells a word as the word lists do (the gazetteer tool writes them with it).
"""

from ctm_hipaa.phi.detector import inspect_payload
from ctm_hipaa.phi.lexicon import unaccented
from ctm_hipaa.phi.model import Category, Detection, InspectionIncomplete
from ctm_hipaa.phi.scan import run as run_scan
from ctm_hipaa.phi.scanners.email import is_role_mailbox
from ctm_hipaa.phi.scanners.health import contains_health_information
from ctm_hipaa.phi.vocabulary import KEY_PLACEHOLDER, known_field

__all__ = [
    "KEY_PLACEHOLDER",
    "Category",
    "Detection",
    "InspectionIncomplete",
    "contains_health_information",
    "inspect_payload",
    "is_role_mailbox",
    "known_field",
    "run_scan",
    "unaccented",
]
