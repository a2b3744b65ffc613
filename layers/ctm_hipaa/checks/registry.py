"""The catalog of checks, discovered from `checks/catalog/` and validated at import, and the runner.

Adding a check means adding one module to `catalog/` (named after its check_id, with `METADATA`
and `evaluate`) and listing it under its requirements in `hipaa_mapping.json`, which is where its
HIPAA citations come from; nothing here changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter

from ctm_hipaa.checks import catalog as _catalog_package
from ctm_hipaa.checks.base import Check, CheckContext, CheckMetadata, Evaluate, Results
from ctm_hipaa.checks.mapping import MAPPING_FILE, bundled_mapping, parse_mapping
from ctm_hipaa.findings import CheckResult


class CatalogError(RuntimeError):
    """The check catalog is inconsistent (a programming error, raised at import)."""


def _order(check: Check) -> tuple[int, float, str]:
    # Checklist items first, in checklist order, then the checks beyond the checklist.
    item = check.metadata.checklist_item
    try:
        return (0, float(item), check.check_id)
    except ValueError:
        return (1, 0.0, check.check_id)


def discover(mapping: object | None = None) -> tuple[Check, ...]:
    """Import every module of `ctm_hipaa.checks.catalog`, validate it as a check and give it the
    citations of the requirements that list it in `mapping` (by default the bundled one).

    Raises `CatalogError` when a module lacks `METADATA` or `evaluate`, when its check_id is not
    its module name, when two checks share an id, or when no requirement lists a check;
    `MappingError` when the mapping names an unknown check.
    """
    found: list[tuple[CheckMetadata, Evaluate]] = []
    for info in pkgutil.iter_modules(_catalog_package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{_catalog_package.__name__}.{info.name}")
        meta = getattr(module, "METADATA", None)
        evaluate = getattr(module, "evaluate", None)
        if not isinstance(meta, CheckMetadata):
            raise CatalogError(f"check module {info.name} has no METADATA of type CheckMetadata")
        if not callable(evaluate):
            raise CatalogError(f"check module {info.name} has no evaluate(ctx) function")
        if meta.check_id != info.name:
            raise CatalogError(f"check module {info.name} declares check_id {meta.check_id!r}")
        found.append((meta, evaluate))
    ids = Counter(meta.check_id for meta, _ in found)
    duplicates = [cid for cid, n in ids.items() if n > 1]
    if duplicates:
        raise CatalogError(f"duplicate check ids: {duplicates}")
    if not found:
        raise CatalogError("the check catalog is empty")
    citations = parse_mapping(bundled_mapping() if mapping is None else mapping, ids).citations()
    uncited = sorted(set(ids) - set(citations))
    if uncited:
        raise CatalogError(f"no requirement in {MAPPING_FILE} lists the checks {uncited}")
    checks = [Check(metadata=m, evaluate=e, hipaa=citations[m.check_id]) for m, e in found]
    return tuple(sorted(checks, key=_order))


CATALOG: tuple[Check, ...] = discover()
_BY_ID = {check.check_id: check for check in CATALOG}


def all_checks() -> tuple[Check, ...]:
    """Every registered check, checklist items first."""
    return CATALOG


def get_check(check_id: str) -> Check:
    """The check with this id; KeyError when there is none."""
    return _BY_ID[check_id]


def _broken(meta: CheckMetadata, ctx: CheckContext, why: str) -> CheckResult:
    return Results(meta, ctx).error(f"The check could not run: {why}.")


def run_check(check: Check, ctx: CheckContext) -> list[CheckResult]:
    """Run one check; a check that raises or returns malformed results yields one ERROR result.

    Every result carries the check's remediation and HIPAA citations. The ERROR detail names only
    the exception type: an exception message may quote a value.
    """
    stamp = {"remediation": check.metadata.remediation, "hipaa": check.hipaa}
    return [result.model_copy(update=stamp) for result in _evaluate(check, ctx)]


def _evaluate(check: Check, ctx: CheckContext) -> list[CheckResult]:
    meta = check.metadata
    try:
        results = list(check.evaluate(ctx))
    except Exception as exc:  # one check's bug must not stop the audit; it is reported, not hidden
        return [_broken(meta, ctx, f"it raised {type(exc).__name__}")]
    if not results:
        return [_broken(meta, ctx, "it returned no result")]
    if any(
        not isinstance(r, CheckResult) or r.check_id != meta.check_id or r.account_id != ctx.account_id
        for r in results
    ):
        return [_broken(meta, ctx, "it returned a result for another check or account")]
    if len({r.resource_id for r in results}) != len(results):
        return [_broken(meta, ctx, "it returned two results for one resource")]
    return results


def run_checks(ctx: CheckContext, checks: tuple[Check, ...] | None = None) -> list[CheckResult]:
    """Run every check (or `checks`) on one account; every check yields at least one result."""
    results: list[CheckResult] = []
    for check in CATALOG if checks is None else checks:
        results.extend(run_check(check, ctx))
    return results
