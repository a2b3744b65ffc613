"""Beyond the checklist: call settings that transcribe use secure (redacting) transcription."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.checks.names import call_setting_name
from ctm_hipaa.ctm import CallSetting
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="transcription_redaction",
    title="Transcription redacts sensitive numbers",
    severity=Severity.MEDIUM,
    checklist_item="beyond",
    risk="Transcripts without secure redaction keep card numbers, SSNs and phone numbers callers "
    "say aloud, and travel in notifications, exports and webhooks.",
    remediation=(
        "Turn on secure call transcription (redaction) in the call setting (Settings -> Call "
        "Settings -> setting -> Transcription), or turn transcription off."
    ),
    evidence=(EvidenceKind.API,),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """One result per call setting: FAIL when it transcribes without redaction, MANUAL when unknown;
    NOT_APPLICABLE when there is no call setting."""
    r = Results(METADATA, ctx)
    if (error := r.part_error("call_settings")) is not None:
        return [error]
    settings = ctx.snapshot.call_settings.items or []
    rejected = r.rejected("call_settings")
    if not settings:
        return rejected or [r.not_applicable("No call settings configured, so no transcription to judge.")]
    return [*(_judge(r, s) for s in settings), *rejected]


def _judge(r: Results, setting: CallSetting) -> CheckResult:
    sid, name = setting.id, call_setting_name(setting)
    if setting.transcription_redaction is True:
        return r.passed(f"Call setting {sid} redacts its transcriptions.", resource=sid, name=name)
    if setting.transcription is False:
        return r.passed(f"Call setting {sid} does not transcribe calls.", resource=sid, name=name)
    if setting.transcription is None:
        return r.manual(
            f"CTM did not report whether call setting {sid} transcribes calls or redacts them.",
            resource=sid,
            name=name,
        )
    if setting.transcription_redaction is False:
        return r.failed(
            f"Call setting {sid} transcribes calls without secure redaction.", resource=sid, name=name
        )
    return r.manual(
        f"Call setting {sid} transcribes calls and CTM did not report whether it redacts them.",
        resource=sid,
        name=name,
    )
