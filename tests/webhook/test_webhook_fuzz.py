"""Property-based fuzzing of the real handler: nothing a client sends gets a 500 or an escaped
exception, unauthenticated input writes nothing, and signed call records are always accepted."""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from webhook_support import ALLOWED_STATUSES, answer, api_event, scan, signed_event

from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa.webhook.service import WebhookService
from ctm_hipaa.webhook.verify import sign
from ctm_hipaa_tools.invoke import LambdaContext

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
WRONG_SECRET = "not-the-agency-or-any-account-secret"
CALL_ID = r"[1-9][0-9]{0,19}"  # CTM's call ids; anything else is 400 (pinned at the end of this module)

json_leaf = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
json_value = st.recursive(
    json_leaf,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)
# Huge numbers stay under Python's 4300-digit int parsing limit here, and times within 1e20: beyond
# them were bugs, pinned by the tests at the end of this module.
huge_number = st.integers(min_value=300, max_value=4200).map(lambda n: "9" * n) | st.sampled_from(
    ["1e400", "-1e400", "NaN", "Infinity", "-Infinity", "1e-400", "123456789012345678901234567890.5"]
)
deep_nesting = st.tuples(st.integers(1, 5000), st.sampled_from(["[", '{"a":'])).map(
    lambda spec: spec[1] * spec[0] + "1" + ("]" if spec[1] == "[" else "}") * spec[0]
)
record_like = st.fixed_dictionaries(
    {},
    optional={
        "account_id": st.one_of(st.integers(), st.text(max_size=10), st.none(), st.booleans()),
        "id": st.one_of(st.integers(), st.text(max_size=10), st.none()),
        "notes": st.text(max_size=60),
        "custom_fields": st.dictionaries(st.text(max_size=10), st.text(max_size=20), max_size=3),
    },
)
json_text = st.one_of(
    json_value.map(json.dumps),
    record_like.map(json.dumps),
    huge_number,
    deep_nesting,
    st.text(max_size=200),
)
content_types = st.one_of(
    st.sampled_from(
        ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", "", "json"]
    ),
    st.text(max_size=30),
)
times = st.one_of(
    st.just("now"),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.text(max_size=20),
)


def header_name(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from([name, name.upper(), name.title(), name.lower()])


@st.composite
def unauthenticated_events(draw: st.DrawFn) -> dict[str, Any]:
    """A request nobody holding the secrets signed: body and headers at random."""
    raw: bytes = draw(st.one_of(json_text.map(str.encode), st.binary(max_size=300)))
    base64_body = draw(st.booleans())
    headers: dict[str, str] = {}
    if draw(st.booleans()):
        headers[draw(header_name("content-type"))] = draw(content_types)
    stamp = draw(times)
    stamp = str(int(time.time())) if stamp == "now" else stamp
    if draw(st.booleans()):
        headers[draw(header_name("x-ctm-time"))] = stamp
    signature = draw(
        st.one_of(
            st.none(),
            st.text(max_size=40),
            st.binary(min_size=20, max_size=20).map(lambda b: base64.b64encode(b).decode()),
            st.just(sign(WRONG_SECRET, stamp, raw)),
        )
    )
    if signature is not None:
        headers[draw(header_name("x-ctm-signature"))] = signature
    if not base64_body:
        raw = raw.decode("utf-8", errors="replace").encode()
    channel = draw(st.one_of(st.none(), st.sampled_from(["end", "start"]), st.text(max_size=10)))
    return api_event(raw, headers, channel=channel or None, base64_body=base64_body)


@FUZZ
@given(event=unauthenticated_events())
def test_unauthenticated_input_is_refused_and_writes_nothing(
    event: dict[str, Any],
    service: WebhookService,
    lambda_context: LambdaContext,
    findings_table: Any,
    idempotency_table: Any,
) -> None:
    status, body = answer(service.handle(event, lambda_context))

    assert status in ALLOWED_STATUSES
    assert status in {400, 401, 413, 415}
    assert set(body) == {"error", "message"}
    assert scan(findings_table) == []
    assert scan(idempotency_table) == []


@st.composite
def signed_records(draw: st.DrawFn) -> tuple[dict[str, Any], bool]:
    record: dict[str, Any] = draw(st.dictionaries(st.text(max_size=12), json_value, max_size=6))
    record["account_id"] = draw(
        st.one_of(st.integers(min_value=1, max_value=10**12 - 1), st.sampled_from(["412233", "700001"]))
    )
    record["id"] = draw(
        st.one_of(st.integers(min_value=1, max_value=10**20 - 1), st.from_regex(CALL_ID, fullmatch=True))
    )
    extra = draw(
        st.lists(
            st.sampled_from(
                [
                    ("name", "Dana Whitfield"),
                    ("caller_number", "+16145550142"),
                    ("email", "dana.w@example.net"),
                    ("notes", "SSN 219-09-9999, knee pain"),
                    ("tag_list", ["new patient", "MRN 00482913"]),
                ]
            ),
            max_size=3,
        )
    )
    record.update(dict(extra))
    return record, draw(st.booleans())


@FUZZ
@given(case=signed_records())
def test_signed_call_records_of_any_shape_are_accepted(
    case: tuple[dict[str, Any], bool],
    service: WebhookService,
    lambda_context: LambdaContext,
    credentials: CTMCredentials,
) -> None:
    record, base64_body = case
    secret = credentials.webhook_secret_for(record["account_id"])

    status, body = answer(
        service.handle(signed_event(record, secret, base64_body=base64_body), lambda_context)
    )

    assert status < 500
    assert status == 200, body
    assert body["status"] == "accepted"


@pytest.mark.parametrize("body", ["[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000])
def test_signed_json_nested_beyond_the_parser_is_400(
    body: str, service: WebhookService, lambda_context: LambdaContext, credentials: CTMCredentials
) -> None:
    status, answer_body = answer(service.handle(signed_event(body, credentials.secret_key), lambda_context))

    assert (status, answer_body["error"]) == (400, "malformed")


def test_an_astronomical_time_header_is_401_not_500(
    service: WebhookService, lambda_context: LambdaContext, credentials: CTMCredentials
) -> None:
    event = signed_event({"id": 1, "account_id": 700001}, credentials.secret_key, timestamp=10**400)

    status, body = answer(service.handle(event, lambda_context))

    assert (status, body["error"]) == (401, "stale_timestamp")


@pytest.mark.parametrize("signed", [False, True], ids=["unsigned-401", "signed-400"])
def test_an_integer_over_the_parsing_limit_is_refused_not_500(
    signed: bool, service: WebhookService, lambda_context: LambdaContext, credentials: CTMCredentials
) -> None:
    body = '{"id": 1, "account_id": 700001, "duration": ' + "9" * 5000 + "}"
    event = signed_event(body, credentials.secret_key if signed else WRONG_SECRET)

    status, _ = answer(service.handle(event, lambda_context))

    assert status == (400 if signed else 401)


@FUZZ
@given(
    field=st.sampled_from(["account_id", "id"]),
    value=st.one_of(
        st.text(max_size=20).filter(lambda t: re.fullmatch(CALL_ID, t) is None),
        st.integers(max_value=0),
        st.floats(allow_nan=False),
        st.sampled_from(["7\ud800", "Zyxwv Qqqplm", "700001\n", "0700001", " 700001", 10**20]),
    ),
)
def test_signed_records_with_ids_that_are_not_ctms_are_400_and_write_nothing(
    field: str,
    value: Any,
    service: WebhookService,
    lambda_context: LambdaContext,
    credentials: CTMCredentials,
    findings_table: Any,
    idempotency_table: Any,
) -> None:
    record = {"id": 90817263, "account_id": 700001, "notes": "SSN 219-09-9999", field: value}

    status, body = answer(service.handle(signed_event(record, credentials.secret_key), lambda_context))

    assert (status, body["error"]) == (400, "malformed")
    assert scan(findings_table) == []
    assert scan(idempotency_table) == []


@pytest.mark.parametrize(
    "record", [{"account_id": "7\ud800", "id": 90}, {"account_id": 700001, "id": "9\udfff"}]
)
def test_a_lone_surrogate_in_an_id_is_400_not_500(
    record: dict[str, Any],
    service: WebhookService,
    lambda_context: LambdaContext,
    credentials: CTMCredentials,
    findings_table: Any,
) -> None:
    status, body = answer(service.handle(signed_event(record, credentials.secret_key), lambda_context))

    assert (status, body["error"]) == (400, "malformed")
    assert scan(findings_table) == []
