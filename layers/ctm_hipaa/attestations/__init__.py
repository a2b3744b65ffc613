"""Attestations: evidence a person records from the CTM UI for controls the API cannot show.

Load a file with `load_attestations`, or validate data from any store with `parse_attestations`;
then `effective_for` gives the settings in force for one account, each with its evidence state.
"""

from ctm_hipaa.attestations.effective import (
    DEFAULT_MAX_AGE_DAYS,
    Attested,
    EffectiveAttestations,
    EvidenceState,
    effective_for,
)
from ctm_hipaa.attestations.exceptions import AttestationError
from ctm_hipaa.attestations.loader import load_attestations, parse_attestations
from ctm_hipaa.attestations.model import (
    OVERRIDABLE_KEYS,
    AccountAttestation,
    AgencyAttestation,
    AttestationFile,
    CtmPlan,
    MfaPolicy,
    SecuritySettings,
    SupportAccess,
    support_window_hours,
)
from ctm_hipaa.attestations.store import AttestationStore, RecordedAttestation
from ctm_hipaa.attestations.suggest import did_you_mean

__all__ = [
    "DEFAULT_MAX_AGE_DAYS",
    "OVERRIDABLE_KEYS",
    "AccountAttestation",
    "AgencyAttestation",
    "AttestationError",
    "AttestationFile",
    "AttestationStore",
    "Attested",
    "CtmPlan",
    "EffectiveAttestations",
    "EvidenceState",
    "MfaPolicy",
    "RecordedAttestation",
    "SecuritySettings",
    "SupportAccess",
    "did_you_mean",
    "effective_for",
    "load_attestations",
    "parse_attestations",
    "support_window_hours",
]
