"""Field semantics: map a (clinic-specific) field name to what its value is, by normalised meaning.

Custom-field and form keys vary by clinic (`dob`, `DOB`, `patient.dob`, `birthDate`, `memberId`,
`insurance_member_id` ...), so keys are normalised (camelCase split, lower-cased, separators
dropped) and classified by the tokens they contain instead of an exact list.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

from ctm_hipaa.phi.lexicon import entries, pairs, words
from ctm_hipaa.phi.model import Category

# The capitals before "Ab" are bounded: in a long all-caps run every capital opens a candidate, and
# an unbounded run would be read to its end from each. The split is the same (a later start
# inside the run inserts the same space).
_CAMEL = re.compile(r"([a-z0-9])([A-Z])|([A-Z]{1,32})([A-Z][a-z])")
_SPLIT = re.compile(r"[^a-z0-9]+")


class Role(Enum):
    """What to do with a leaf besides (or instead of) flagging it as a whole."""

    SCAN = "scan"  # free text: run the content scanners
    QUIET = "quiet"  # not an identifier (carrier, clinic city, doctor, group number ...): health only
    NEVER = "never"  # CTM ids, business numbers, agent data, timestamps: nothing at all


# Spanish (and a few spelling variants) field words mapped to the English token they mean, so that
# `Fecha de nacimiento`, `telefono`, `correo`, `nombre_completo` classify like their English twins.
_SYNONYMS = pairs("key_synonyms")


def key_tokens(key: str) -> list[str]:
    """Split a field name into lower-case word tokens: `insuranceMemberID` -> insurance, member, id.

    Accents are dropped, Spanish field words map to their English tokens, and a `#` reads as
    "number" (`Member #`, `Customer #`).
    """
    if not key.isascii():
        key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    key = _CAMEL.sub(lambda m: f"{m[1]} {m[2]}" if m[1] else f"{m[3]} {m[4]}", key)
    out: list[str] = []
    for t in _SPLIT.split(key.lower()):
        if t:
            out.extend(_SYNONYMS.get(t, (t,)))
    if "#" in key:
        out.append("number")
    return out


# Tokens that make a `...name` key something other than a person's name.
_NOT_PERSON = words("key_not_person")
_PERSON = words("key_person")
# Keys naming the caller's relative or representative: their value is that person's name.
_KIN_KEYS = words("key_kin")
_NAME_PARTS = words("key_name_parts")
_DATE_TOKENS = words("key_date")
_BUSINESS_DATE = words("key_business_date")
_GEO_TOKENS = words("key_geo")
# Address parts finer than a state: a key that names one beside the state holds it too
_FINER_THAN_STATE = frozenset(("city", "zip", "zipcode", "postal", "postcode", "street", "town", "county"))
# The practice's own contact data: never the caller's.
_BUSINESS = words("key_business")
_CONTACT_TOKENS = words("key_contact")
_UPLOAD = words("key_upload")
_NATIONAL_ID = words("key_national_id")
# Fields that hold health information whatever their wording ("latex", "isotretinoin 40 mg").
HEALTH_KEYS = words("key_health")
_PHONE_TOKENS = words("key_phone")
_PHONE_JOINED = entries("key_phone_joined")
_ANIMAL = words("key_animal")  # "Pet Name", "Pet DOB": the animal's


MAX_PARENTS = 8  # the nearest ancestors say whose field it is; beyond them a chain is only cost


def classify(keys: tuple[str, ...]) -> Category | Role:
    """Classify a custom/form field from its key chain (outermost first); the last key matters most.

    Of the ancestors, the nearest `MAX_PARENTS` count (a deep chain costs no more than that).

    Returns a Category when the whole value is that identifier, else a Role.
    """
    last = key_tokens(keys[-1]) if keys else []
    toks = set(last)
    j = "".join(last)
    parents: set[str] = set()
    for k in keys[-1 - MAX_PARENTS : -1]:
        parents.update(key_tokens(k))
    both = toks | parents

    if ("last" in toks and ("4" in toks or "four" in toks)) or "last4" in j or "lastfour" in j:
        return Role.QUIET  # the last four digits of an SSN are not an identifier on their own
    if toks & _ANIMAL:
        return Role.QUIET  # "Pet Name", "Pet DOB": the caller's animal's, no person's
    if toks & {"exp", "expiry", "expiration", "expires", "cvv", "cvc"}:
        return Role.QUIET  # a card's expiry is not a date of the person
    if toks & _BUSINESS and toks & _CONTACT_TOKENS:
        return Role.QUIET  # the practice's own phone, fax, e-mail or address
    if (
        toks & {"state", "country", "region", "province"}
        and not toks & {"id", "number", "no", "num"}
        and not toks & _FINER_THAN_STATE
    ):
        return Role.QUIET  # `dl_state`, `address.state`: a state is not an identifier (`City_State_Zip` is)
    if toks & {"age", "aged"} and not toks & {"range", "group", "bracket"}:
        return Category.AGE
    if "email" in j or "mail" in toks:
        return Category.EMAIL
    if "ip" in toks or j in ("ipaddress", "ipaddr", "visitorip"):
        return Category.IP
    if ("dob" in toks or "birth" in j or j in ("dob", "bday")) and not toks & _GEO_TOKENS:
        return Category.DATE  # but `birth_city` is a place
    if toks & {"ssn", "ss"} or "socialsecurity" in j or j in ("social", "ssn"):
        return Category.SSN
    if toks & {"physician", "doctor", "provider", "dr", "referring", "surgeon", "therapist", "dentist"}:
        return Role.QUIET  # practitioners are not the patient
    # an "Insurance" field is scanned: besides the carrier it often holds the member id ("Aetna
    # W123456789"); a carrier or payer field names the company only
    if "group" in toks or toks & {"carrier", "payer", "insurer"} or j == "insuranceprovider":
        return Role.QUIET
    if toks & {"plan"} and toks & {"name", "type"}:
        return Role.QUIET
    if (
        "name" in toks
        and toks & (_PERSON | _NAME_PARTS | {"holder", "policyholder"})
        and not toks & _NOT_PERSON
    ):
        return Category.NAME
    if toks & _NAME_PARTS and (
        "name" in parents
        or (toks & _PERSON and len(toks) == 2 and not toks & _DATE_TOKENS)
        or (toks <= _NAME_PARTS and parents & _PERSON)
    ):
        return Category.NAME  # `patient.name.given`, `name.family`, `Patient Last`
    if (
        toks & {"mrn", "emr", "ehr", "chart"}
        or "medicalrecord" in j
        or ("record" in toks and toks & {"number", "no", "num", "id", "medical"})
        or ("patient" in toks and toks & {"id", "number", "no", "num"})
        or j in ("patientid", "patientnumber", "ptid")
    ):
        return Category.MRN
    if (
        toks & {"member", "subscriber", "medicare", "medicaid", "mbi", "policy", "hicn", "medi"}
        or "insuranceid" in j
        or "insurancenumber" in j
        or "planid" in j
        or "healthplan" in j
    ):
        return Category.HEALTH_PLAN
    if "plate" in toks or "vin" in toks or ("vehicle" in toks and toks & {"id", "number"}):
        return Category.VEHICLE
    if "licence" in j or "license" in j or "dl" in toks or j in ("driverslicense", "dlnumber"):
        return Category.LICENSE
    if "serial" in j or ("device" in toks and toks & {"id", "number", "sn"}) or "imei" in toks:
        return Category.DEVICE
    if toks & {"account", "acct", "iban"} or ("card" in toks and toks & {"number", "no", "num"}):
        return Category.ACCOUNT
    if (
        toks & {"customer", "client", "employee", "student", "inmate", "detainee", "badge", "alien"}
        and toks & {"id", "number", "no", "num"}
    ) or toks & {
        "username",
        "login",
        "userid",
        "handle",
    }:
        return Category.OTHER_ID
    if toks & _NATIONAL_ID and not toks & {"country", "expiry", "expiration", "issued", "date"}:
        return Category.OTHER_ID  # `pesel`, `curp`, `passport_number`: another country's SSN
    if toks & {"user", "portal", "mychart"} and not toks & {"agent", "rep", "staff", "created", "updated"}:
        return Category.OTHER_ID  # `mychart_user`, `portal_login`: the person's account handle
    if toks & _UPLOAD:
        return Category.URL  # a link to the person's photo / card scan / document
    if "fax" in toks:
        return Category.FAX
    if toks & _PHONE_TOKENS or j in _PHONE_JOINED:
        return Category.PHONE
    if toks & {"state", "country", "region"} and not toks & _GEO_TOKENS:
        return Role.QUIET
    if toks & {"location", "clinic", "office", "facility", "branch"}:
        return Role.QUIET  # the practice's own site, not the caller's whereabouts
    if toks & _GEO_TOKENS or j in ("zipcode", "postalcode"):
        return Category.GEO
    if toks & {"name", "fname", "lname", "surname", "firstname", "lastname", "fullname", "nickname"}:
        if toks & _NOT_PERSON:
            return Role.QUIET
        if toks & _NAME_PARTS or toks & _PERSON or parents & _PERSON or len(keys) == 1:
            return Category.NAME
        # `form.name`, `campaign.name`: the name of the thing holding it; but a "Name" field
        # inside `form.custom[]` is the person's (only the immediate parent says whose name)
        if set(key_tokens(keys[-2])) & _NOT_PERSON:
            return Role.QUIET
        return Category.NAME
    if toks & _KIN_KEYS or toks >= {"responsible", "party"}:
        return Category.NAME  # `guardian`, "Responsible party": a name, or text that is scanned
    if toks & _DATE_TOKENS and not toks & _BUSINESS_DATE and not both & {"sale"}:
        # "appointment_date", "last_visit_date", "surgery_on"; but "reason_for_visit" is free text
        if toks & {"date", "day", "dos", "on", "when"} or j.endswith(("date", "dt")):
            return Category.DATE
        return Role.SCAN
    if toks & {"id", "number", "no", "num"} and toks & {"order", "invoice", "ticket", "confirmation", "case"}:
        return Role.QUIET
    if toks & {"score", "count", "duration", "time", "source", "medium", "new", "status", "type"}:
        return Role.QUIET
    return Role.SCAN
