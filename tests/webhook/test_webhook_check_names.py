"""The webhook check's id and title have one owner, which the webhook can import without the catalog."""

from __future__ import annotations

import subprocess
import sys

from ctm_hipaa.checks import get_check
from ctm_hipaa.webhook.check_names import WEBHOOK_CHECK_ID, WEBHOOK_TITLE


def test_the_check_declares_the_webhook_check_id_and_title() -> None:
    metadata = get_check(WEBHOOK_CHECK_ID).metadata
    assert (metadata.check_id, metadata.title) == (WEBHOOK_CHECK_ID, WEBHOOK_TITLE)


def test_the_names_load_without_the_check_catalog_or_pydantic() -> None:
    code = (
        "import sys; import ctm_hipaa.webhook.check_names; "
        "loaded = [m for m in sys.modules if m.startswith(('ctm_hipaa.checks', 'pydantic'))]; "
        "assert not loaded, loaded"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
