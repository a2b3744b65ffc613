"""Attestations: evidence a person records from the CTM UI for controls the API cannot show.

Load a file with `load_attestations`, or validate data from any store with `parse_attestations`;
then `effective_for` gives the settings in force for one account, each with its evidence state.
`read_document`, `validation_problems` and `did_you_mean` are the strict reading of a configuration
file and its refusals, which the relay's destinations share.
"""

from ctm_hipaa.attestations.effective import (
    DEFAULT_MAX_AGE_DAYS,
    Attested,
    EffectiveAttestations,
    EvidenceState,
    effective_for,
)
from ctm_hipaa.attestations.exceptions import AttestationError
from ctm_hipaa.attestations.loader import (
    load_attestations,
    parse_attestations,
    read_document,
    validation_problems,
)
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
    "read_document",
    "support_window_hours",
    "validation_problems",
]
