"""Where a command's report goes with `--output FILE`: `audit`, `findings list` and `findings export`
write through `write_output`."""

from __future__ import annotations

import contextlib
from pathlib import Path


def write_output(path: Path, text: str) -> str | None:
    """Write `text` to `path` (UTF-8), replacing it whole; None, or the one-line reason it failed.

    Written beside the target first, then renamed over it: a reader never sees half a report."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return f"cannot write {path}: {exc.strerror or type(exc).__name__}"
    return None
