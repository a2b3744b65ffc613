"""The key layout of the single findings table: the one module that builds its pk, sk and gsi strings.

    pk              sk                                      what
    ACCOUNT#<id>    FINDING#<finding_id>                    a finding (gsi1, gsi2 below)
    ACCOUNT#<id>    OCCURRENCE#<channel>#<time>#<digest16>  one webhook delivery, expires
    ACCOUNT#<id>    SEEN#<channel>                          deliveries inspected on a channel, expires
    ACCOUNT#<id>    HISTORY#<finding_id>#<time>#<tag>       one move of a finding's lifecycle, expires
    MUTE            MUTE#<rule_id>                          a mute rule, expires
    RUN#<run_id>    META                                    a run (gsi1: RUNS / <started_at>#<run_id>)
    RUN#<run_id>    ACCOUNT#<id>                            one account's audit in the run
    RUN#<run_id>    DIGEST#<id>                             that account's digest marker, expires
    AGENCY          ATTESTATION                             the agency's block in force
    ACCOUNT#<id>    ATTESTATION                             an account's block (gsi1: ATTESTATIONS / pk)
    <scope>         ATTESTATION#<recorded_at>               every recorded version of a block
    RELAY           DESTINATION#<name>                      a relay destination in force
    RELAY           VERSION#<recorded_at>#<name>            every recorded version of one (or its removal)
    RELAYED#<dest>  <forwarded_at>#<delivery_id>            a forwarded delivery's manifest, expires
    BREAKER#<dest>  STATE                                   a relay destination's circuit breaker

    finding gsi1    FINDINGS#<status> / <severity rank>#<last_seen>#<finding_id>   worst first
    finding gsi2    CHECK#<check_id> / ACCOUNT#<id>#<finding_id>                  across accounts

A SEEN item counts every delivery the webhook inspected on one channel, clean or not (ids, the
channel name, counts and times only): the audit's evidence that deliveries are observed at all.

A finding's history items sit beside it, so one query on its partition reads them in time order;
`<tag>` (the finding's version after the move, or the claimed generation) tells apart two moves
recorded at one instant. They carry no gsi keys: listings of findings never see them.

The relay's destinations share one partition: one query reads those in force, another every
version in time order. Its manifests and breakers have partitions of their own, one per
destination. Destination names are validated (`[a-z0-9][a-z0-9_-]*`), so no `#` is in one, and
nothing that reads an account's partition meets these items.

The adapters (FindingStore, RunStore, AttestationStore, DestinationStore, ManifestStore,
DynamoBreakerStore) call these; nothing else spells a key.
"""

from __future__ import annotations

from datetime import datetime

_ACCOUNT = "ACCOUNT#"
_FINDING = "FINDING#"
_RUN = "RUN#"
_SEEN = "SEEN#"
_HISTORY = "HISTORY#"
# An occurrence's sort key keeps this much of the delivery's keyed digest: unique per delivery
# in practice, and short.
OCCURRENCE_DIGEST_CHARS = 16

MUTE_PK = "MUTE"
RUN_META_SK = "META"
RUNS_GSI1PK = "RUNS"
AGENCY_PK = "AGENCY"
ATTESTATION_SK = "ATTESTATION"
ATTESTATIONS_GSI1PK = "ATTESTATIONS"
FINDING_SK_PREFIX = _FINDING
SEEN_SK_PREFIX = _SEEN
ACCOUNT_SK_PREFIX = _ACCOUNT


def account_pk(account_id: str) -> str:
    """The partition of one CTM account: its findings, occurrences and attestation block."""
    return f"{_ACCOUNT}{account_id}"


def account_of_pk(pk: str) -> str:
    """The account id of an `account_pk` (or of a run's account sort key)."""
    return pk.removeprefix(_ACCOUNT)


def finding_sk(finding_id: str) -> str:
    return f"{_FINDING}{finding_id}"


def findings_by_status_pk(status: str) -> str:
    """gsi1's partition of the findings in one workflow status."""
    return f"FINDINGS#{status}"


def findings_by_status_sk(severity_rank: int, last_seen: datetime, finding_id: str) -> str:
    """gsi1's sort key: worst severity first, then by when the finding was last seen."""
    return f"{severity_rank}#{last_seen.isoformat()}#{finding_id}"


def findings_by_check_pk(check_id: str) -> str:
    """gsi2's partition of the findings of one check, across accounts."""
    return f"CHECK#{check_id}"


def findings_by_check_sk(account_id: str, finding_id: str) -> str:
    return f"{_ACCOUNT}{account_id}#{finding_id}"


def occurrence_sk(channel: str, received_at: str, digest: str) -> str:
    """One delivery's occurrence under its account: by channel and time, told apart by its digest."""
    return f"OCCURRENCE#{channel}#{received_at}#{digest[:OCCURRENCE_DIGEST_CHARS]}"


def deliveries_seen_sk(channel: str) -> str:
    """The marker of the deliveries inspected on one channel, under their account's `account_pk`."""
    return f"{_SEEN}{channel}"


BREAKER_SK = "STATE"


def relay_manifest_pk(destination: str) -> str:
    """The partition of the manifests of what the relay forwarded to one destination."""
    return f"RELAYED#{destination}"


def relay_manifest_sk(forwarded_at: datetime, delivery_id: str) -> str:
    """One forwarded delivery's manifest, by time (ISO 8601 UTC sorts as text)."""
    return f"{forwarded_at.isoformat()}#{delivery_id}"


def relay_breaker_pk(destination: str) -> str:
    """The partition of one relay destination's circuit breaker (one item, `BREAKER_SK`)."""
    return f"BREAKER#{destination}"


def history_prefix(finding_id: str) -> str:
    """The sort-key prefix of one finding's history items (under its account's partition)."""
    return f"{_HISTORY}{finding_id}#"


def history_sk(finding_id: str, at: datetime, tag: str) -> str:
    """One move of a finding, by time: `tag` tells apart moves recorded at the same instant."""
    return f"{history_prefix(finding_id)}{at.isoformat()}#{tag}"


def mute_sk(rule_id: str) -> str:
    return f"MUTE#{rule_id}"


def run_pk(run_id: str) -> str:
    """The partition of one audit run: its META, its accounts' records and digest markers."""
    return f"{_RUN}{run_id}"


def runs_by_time_sk(started_at: datetime, run_id: str) -> str:
    """gsi1's sort key of a run's META under RUNS_GSI1PK: runs by start time."""
    return f"{started_at.isoformat()}#{run_id}"


def run_account_sk(account_id: str) -> str:
    """One account's audit record in a run."""
    return f"{_ACCOUNT}{account_id}"


def digest_marker_sk(account_id: str) -> str:
    """The marker that one account's digest of a run was sent (under the run's `run_pk`)."""
    return f"DIGEST#{account_id}"


def attestation_scope_pk(account_id: str | None) -> str:
    """The partition of an attestation block: the agency's (None) or one account's."""
    return AGENCY_PK if account_id is None else account_pk(account_id)


def attestation_history_sk(recorded_at: str) -> str:
    """One recorded version of a block, kept beside the block in force."""
    return f"{ATTESTATION_SK}#{recorded_at}"


RELAY_PK = "RELAY"
RELAY_DESTINATION_SK_PREFIX = "DESTINATION#"
RELAY_VERSION_SK_PREFIX = "VERSION#"


def relay_destination_sk(name: str) -> str:
    """A relay destination in force, under `RELAY_PK`."""
    return f"{RELAY_DESTINATION_SK_PREFIX}{name}"


def relay_version_sk(recorded_at: str, name: str) -> str:
    """One recorded version of a relay destination, under `RELAY_PK`: by time, then name."""
    return f"{RELAY_VERSION_SK_PREFIX}{recorded_at}#{name}"
