#!/usr/bin/env python3
"""Deterministic generator of the PHI hold-out sets (Python 3.11, standard library only).

    python3 make_holdout.py                 # writes holdout_a.jsonl and holdout_b.jsonl next to this file
    python3 make_holdout.py --check         # generate in memory and run the self-check only
    python3 make_holdout.py --seed 7 --n 20 --out /tmp/x.jsonl

Every string value is assembled from typed parts (plain text, labeled identifier, ignore span,
health term), so label offsets are known by construction and never searched for afterwards.
The templates, key names and formats here were written independently of the dev corpus
generator and of the detector.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import re
import sys
import unicodedata
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEEDS = {"a": 0x5EED_A11, "b": 0x5EED_B22}
N_RECORDS = 150

IGN = "IGN"  # ignore span
HLTH = "H"  # plain text that carries health information
CATEGORIES = {
    "NAME",
    "GEO",
    "DATE",
    "AGE",
    "PHONE",
    "FAX",
    "EMAIL",
    "SSN",
    "MRN",
    "HEALTH_PLAN",
    "ACCOUNT",
    "LICENSE",
    "VEHICLE",
    "DEVICE",
    "URL",
    "IP",
    "BIOMETRIC",
    "OTHER_ID",
}
PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

Part = tuple[str, str | None]


# --------------------------------------------------------------------------- text with spans


class T:
    """A string built from parts; each part is plain (None), health (H), ignore (IGN) or a category."""

    def __init__(self, parts: Sequence[Part] = ()) -> None:
        self.parts: list[Part] = [p for p in parts if p[0]]

    def add(self, s: str, cat: str | None = None) -> T:
        if s:
            self.parts.append((s, cat))
        return self

    def extend(self, other: T) -> T:
        self.parts.extend(other.parts)
        return self

    @property
    def text(self) -> str:
        return "".join(s for s, _ in self.parts)

    @property
    def health(self) -> bool:
        return any(c == HLTH for _, c in self.parts)

    def spans(self) -> list[tuple[int, int, str]]:
        out, pos = [], 0
        for s, c in self.parts:
            if c is not None and c != HLTH:
                out.append((pos, pos + len(s), c))
            pos += len(s)
        return out

    def lower(self) -> T:
        parts = []
        for s, c in self.parts:
            low = s.lower()
            parts.append((low if len(low) == len(s) else s, c))
        return T(parts)

    def upper(self) -> T:
        parts = []
        for s, c in self.parts:
            up = s.upper()
            parts.append((up if len(up) == len(s) else s, c))
        return T(parts)

    def strip_punct(self) -> T:
        """Drop sentence punctuation from plain parts only (what an ASR engine without punctuation emits)."""
        return T([(re.sub(r"[,.?!;:]", "", s) if c in (None, HLTH) else s, c) for s, c in self.parts])


def tpl(template: str, *args: Any) -> T:
    """`tpl("Pt {} DOB {}", (name, "NAME"), (dob, "DATE"))`; args are str, (text, cat) or T."""
    chunks = template.split("{}")
    if len(chunks) != len(args) + 1:
        raise ValueError(f"template/arg mismatch: {template!r}")
    out = T()
    for i, chunk in enumerate(chunks):
        out.add(chunk)
        if i < len(args):
            a = args[i]
            if isinstance(a, T):
                out.extend(a)
            elif isinstance(a, tuple):
                out.add(a[0], a[1])
            else:
                out.add(str(a))
    return out


def join(sep: str, items: Sequence[T]) -> T:
    out = T()
    for i, it in enumerate(items):
        if i:
            out.add(sep)
        out.extend(it)
    return out


# --------------------------------------------------------------------------- vocabulary


def _words(s: str) -> tuple[str, ...]:
    return tuple(s.split())


FEMALE = _words(
    "Hope Grace June April Faith Joy Summer Rose Autumn Lucía Marisol Guadalupe Xiomara Ngozi "
    "Aaliyah Mei Priya Anjali Fatima Yasmin Olga Katarzyna Siobhan Keisha Tamika Mónica Leilani "
    "Haruka Thuy Linh Esperanza Dolores Beatriz Ingrid Zainab Chiamaka Nadia Brenda Carol Penny Ruby "
    "Ivy Pearl Destiny Charity Bonnie Sunny Mercedes Consuelo Amara Noor Sakura Bich Oksana "
    "Małgorzata Renée Ebony"
)
MALE = _words(
    "Grant Will Mark Bill Rich Hunter Chase Wade Miles Jesús José Luis Tadeo Minh Wei Hiroshi Rahul "
    "Arjun Mohammed Omar Kwame Chukwuemeka Tomasz Dmitri Sean Darnell DeShawn Tyrone Kai Rowan Bao "
    "Huy Ezekiel Abdi Faisal Santiago Mateo Björn Pierre-Luc Royal Earnest Sonny Guillermo Tuan Kofi "
    "Nikolai Ignacio Dale Clay Forrest"
)
LAST = _words(
    "Young Grant Hope King Price Long Brown Black Bird Rich Love Moody Street Law Banks Church Fox "
    "Wolf Hunter Mason Cook Nguyen Tran Pham Le Okonkwo Adeyemi Mensah Haddad Al-Masri Abdullah Khan "
    "Patel Chowdhury Iyer Kowalczyk Wiśniewski Novak Petrov Ivanova Kim Park Choi Nakamura Tanaka "
    "Wong Zhang Liu Ramírez Castañeda González-Ruiz Villanueva O'Brien McAllister MacLeod "
    "Smith-Jones Ortiz-Montes Kahananui Yazzie Begay Yellowhorse Schmidt Müller Jansen Berg Oyelaran "
    "Baptiste Desrosiers Fonoti Suárez Delgado Whitehorse Lindqvist Abernathy-Cole Quiñones Sandoval "
    "Mbeki Farouk"
)
MULTI_LAST = ("De la Cruz", "Van der Berg", "St. John", "Dos Santos", "Del Toro", "Mac an tSaoi")
AGENTS = _words("Kim Tasha Brandon Lupe Carmen Devin Alexis Jordan Marcy Trevor Ximena Rafael Shonda Bryce")
DOCTOR_LAST = _words("Rao Feldman Okafor Lindgren Castellanos Whitcomb Haroun Vasquez Teague Nakashima Obi")
DOCTOR_FIRST = _words("Anika Samuel Ifeoma Erik Paloma Gregory Layla Ruben Marguerite Kenji Chidi")
RELATIONS = (
    ("mother", "F"),
    ("father", "M"),
    ("wife", "F"),
    ("husband", "M"),
    ("son", "M"),
    ("daughter", "F"),
    ("grandmother", "F"),
    ("grandfather", "M"),
    ("aunt", "F"),
)
REL_ES = {
    "mother": "mi mamá",
    "father": "mi papá",
    "wife": "mi esposa",
    "husband": "mi esposo",
    "son": "mi hijo",
    "daughter": "mi hija",
    "grandmother": "mi abuela",
    "grandfather": "mi abuelo",
    "aunt": "mi tía",
}

# city, county, state, zip prefix, lat, lon, area codes
CITIES: tuple[tuple[str, str, str, str, float, float, tuple[str, ...]], ...] = (
    ("Tucson", "Pima County", "AZ", "857", 32.22, -110.97, ("520",)),
    ("Mobile", "Mobile County", "AL", "366", 30.69, -88.04, ("251",)),
    ("Reading", "Berks County", "PA", "196", 40.34, -75.93, ("610", "484")),
    ("Aurora", "Arapahoe County", "CO", "800", 39.73, -104.83, ("720", "303")),
    ("Eugene", "Lane County", "OR", "974", 44.05, -123.09, ("541",)),
    ("Marietta", "Cobb County", "GA", "300", 33.95, -84.55, ("770", "678")),
    ("San Antonio", "Bexar County", "TX", "782", 29.42, -98.49, ("210",)),
    ("Winston-Salem", "Forsyth County", "NC", "271", 36.10, -80.24, ("336",)),
    ("St. Petersburg", "Pinellas County", "FL", "337", 27.77, -82.64, ("727",)),
    ("Coeur d'Alene", "Kootenai County", "ID", "838", 47.68, -116.78, ("208",)),
    ("Fort Wayne", "Allen County", "IN", "468", 41.08, -85.14, ("260",)),
    ("Santa Fe", "Santa Fe County", "NM", "875", 35.69, -105.94, ("505",)),
    ("Worcester", "Worcester County", "MA", "016", 42.26, -71.80, ("508", "774")),
    ("Hialeah", "Miami-Dade County", "FL", "330", 25.86, -80.28, ("305", "786")),
    ("Laredo", "Webb County", "TX", "780", 27.53, -99.49, ("956",)),
    ("Dearborn", "Wayne County", "MI", "481", 42.32, -83.18, ("313",)),
    ("Fresno", "Fresno County", "CA", "937", 36.74, -119.79, ("559",)),
    ("Independence", "Jackson County", "MO", "640", 39.09, -94.42, ("816",)),
    ("Normal", "McLean County", "IL", "617", 40.51, -88.99, ("309",)),
    ("Orange", "Orange County", "CA", "928", 33.79, -117.85, ("714", "657")),
    ("Yakima", "Yakima County", "WA", "989", 46.60, -120.51, ("509",)),
    ("Bangor", "Penobscot County", "ME", "044", 44.80, -68.77, ("207",)),
    ("Sioux Falls", "Minnehaha County", "SD", "571", 43.55, -96.73, ("605",)),
    ("Chattanooga", "Hamilton County", "TN", "374", 35.05, -85.31, ("423",)),
    ("Kissimmee", "Osceola County", "FL", "347", 28.29, -81.41, ("407", "321")),
    ("Provo", "Utah County", "UT", "846", 40.23, -111.66, ("801", "385")),
    ("Lafayette", "Lafayette Parish", "LA", "705", 30.22, -92.02, ("337",)),
    ("Hope", "Hempstead County", "AR", "718", 33.67, -93.59, ("870",)),
    ("Grand Junction", "Mesa County", "CO", "815", 39.06, -108.55, ("970",)),
    ("Paterson", "Passaic County", "NJ", "075", 40.92, -74.17, ("973", "862")),
)
STREET_NAMES = (
    "Juniper Hollow",
    "Old Mill",
    "Martin Luther King Jr",
    "Cottonwood",
    "Calle Ocho",
    "Peachtree Industrial",
    "Kingfisher",
    "Ridgecrest",
    "Sequoia",
    "Lakeview",
    "Tamarack",
    "Bayou Vista",
    "Wren",
    "Saddle Horn",
    "Prospect",
    "Hickory Bend",
    "Mesa Verde",
    "Granite",
    "Magnolia",
    "Third",
    "Hope",
    "Young",
)
SUFFIXES = (
    "St",
    "Street",
    "Ave",
    "Avenue",
    "Blvd",
    "Rd",
    "Road",
    "Dr",
    "Ln",
    "Ct",
    "Pkwy",
    "Way",
    "Terrace",
    "Cir",
)
UNITS = ("Apt 3", "Apt. 12B", "Unit 4", "#207", "Apt 1102", "Lot 14", "Unit C", "Trlr 6", "Fl 2")
CARRIERS_INS = (
    "Aetna",
    "Cigna",
    "Humana",
    "UnitedHealthcare",
    "Kaiser",
    "Molina",
    "Ambetter",
    "Tricare",
    "BCBS",
)
EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example.com", "inbox.example.net")


@dataclass(frozen=True)
class Vertical:
    names: tuple[str, ...]
    health: bool
    services: tuple[str, ...]
    conditions: tuple[str, ...]
    meds: tuple[str, ...]
    tags: tuple[str, ...]
    device: str | None = None


VERTICALS: tuple[Vertical, ...] = (
    Vertical(
        ("Brightwater Family Dental", "Saguaro Smiles Dentistry", "Tidewater Oral Surgery"),
        True,
        ("dental implants", "a root canal", "wisdom tooth extraction", "a deep cleaning"),
        ("a cracked molar", "swollen gums", "a tooth abscess", "jaw pain"),
        ("amoxicillin 500 mg", "chlorhexidine rinse"),
        ("implants", "emergency-dental", "perio"),
    ),
    Vertical(
        ("Cedar Ridge Dermatology", "Clearview Skin & Dermatology"),
        True,
        ("Mohs surgery", "a mole check", "laser acne treatment"),
        ("psoriasis", "a changing mole", "eczema flare", "cystic acne"),
        ("isotretinoin 40 mg", "tretinoin cream"),
        ("derm", "skin-cancer-screening"),
    ),
    Vertical(
        ("Northgate Sleep & Lung Center", "Quiet Nights Sleep Medicine"),
        True,
        ("a sleep study", "CPAP titration", "a CPAP mask refit"),
        ("sleep apnea", "loud snoring", "COPD"),
        ("albuterol inhaler", "Trelegy"),
        ("sleep-apnea", "cpap"),
        "CPAP",
    ),
    Vertical(
        ("ClearTone Hearing & Audiology", "SoundPath Audiology"),
        True,
        ("a hearing aid fitting", "a hearing test", "tinnitus evaluation"),
        ("hearing loss", "ringing in the ears"),
        (),
        ("audiology", "hearing-aids"),
        "hearing aid",
    ),
    Vertical(
        ("Lumen Fertility Clinic", "Bloom Reproductive Health"),
        True,
        ("an IVF consult", "egg freezing", "an IUI cycle"),
        ("PCOS", "two miscarriages", "low AMH"),
        ("letrozole 2.5 mg", "progesterone suppositories"),
        ("ivf", "fertility"),
    ),
    Vertical(
        ("Harbor Light Recovery", "New Dawn Addiction Treatment", "Mindful Path Counseling"),
        True,
        ("medical detox", "an intensive outpatient program", "an ADHD evaluation", "couples therapy"),
        ("opioid withdrawal", "panic attacks", "alcohol use disorder", "bipolar disorder"),
        ("Suboxone 8 mg", "sertraline 50 mg", "Vivitrol"),
        ("detox", "behavioral-health", "iop"),
    ),
    Vertical(
        ("Keystone Physical Therapy", "Peak Motion Orthopedics"),
        True,
        ("ACL rehab", "a rotator cuff repair", "a knee replacement consult"),
        ("sciatica", "a torn meniscus", "frozen shoulder"),
        ("meloxicam 15 mg", "cyclobenzaprine"),
        ("ortho", "pt-eval"),
    ),
    Vertical(
        ("Riverbend Heart & Vascular", "Cardiology Associates of the Valley"),
        True,
        ("a stress test", "a pacemaker check", "an echocardiogram"),
        ("atrial fibrillation", "chest tightness", "palpitations"),
        ("Eliquis 5 mg", "metoprolol 25 mg"),
        ("cardiology", "afib"),
        "pacemaker",
    ),
    Vertical(
        ("Little Sprouts Pediatrics",),
        True,
        ("a well-child visit", "an RSV test", "an ear tube consult"),
        ("an ear infection", "a fever of 102", "croup"),
        ("amoxicillin suspension", "Children's Motrin"),
        ("peds", "sick-visit"),
    ),
    Vertical(
        ("Magnolia Women's Health & OB/GYN", "Bluebonnet Midwifery"),
        True,
        ("a prenatal visit", "an IUD insertion", "a 3D mammogram"),
        ("pelvic pain", "endometriosis", "a positive pregnancy test"),
        ("prenatal vitamins", "Clomid 50 mg"),
        ("obgyn", "prenatal"),
    ),
    Vertical(
        ("Gentle Harbor Hospice & Home Care", "Evergreen Memory Care"),
        True,
        ("a hospice evaluation", "in-home nursing", "a memory care assessment"),
        ("late-stage dementia", "congestive heart failure", "a fall with a broken hip"),
        ("donepezil 10 mg", "morphine sulfate"),
        ("hospice", "memory-care"),
    ),
    Vertical(
        ("Sunrise Diabetes & Endocrinology",),
        True,
        ("an insulin pump training", "a thyroid ultrasound", "a CGM start"),
        ("type 1 diabetes", "high A1C", "hypothyroidism"),
        ("metformin 1000 mg", "Ozempic 0.5 mg", "levothyroxine 75 mcg"),
        ("diabetes", "endo"),
        "insulin pump",
    ),
    Vertical(
        ("Vista Eye Surgeons", "Lakeshore Ophthalmology"),
        True,
        ("cataract surgery", "a LASIK consult", "a glaucoma check"),
        ("blurry vision", "floaters", "macular degeneration"),
        ("latanoprost drops",),
        ("cataract", "lasik"),
    ),
    Vertical(
        ("HomeAir Medical Supply",),
        True,
        ("an oxygen concentrator delivery", "a hospital bed rental", "a power wheelchair fitting"),
        ("COPD", "a spinal cord injury"),
        (),
        ("dme", "oxygen"),
        "oxygen concentrator",
    ),
    Vertical(
        ("Evolve Weight Loss & Wellness",),
        True,
        ("a gastric sleeve consult", "a semaglutide program"),
        ("obesity", "sleep apnea and prediabetes"),
        ("semaglutide 1 mg", "phentermine 37.5 mg"),
        ("bariatric", "glp1"),
    ),
    Vertical(
        ("Polar Bear Heating & Air",),
        False,
        ("a furnace tune-up", "a new heat pump quote", "an AC repair"),
        ("a leaking condenser", "no heat upstairs"),
        (),
        ("hvac", "service-call"),
        "thermostat",
    ),
    Vertical(
        ("Lakeshore Honda", "Route 9 Chevrolet"),
        False,
        ("a test drive", "a trade-in appraisal", "an oil change"),
        ("a check engine light", "brakes squealing"),
        (),
        ("sales", "service-dept"),
    ),
    Vertical(
        ("Bramwell & Ortiz Estate Law",),
        False,
        ("a living trust", "a will review", "probate help"),
        ("a deed transfer", "a contested estate"),
        (),
        ("estate-planning", "consult"),
    ),
    Vertical(
        ("Two Rivers Moving & Storage",),
        False,
        ("a local move estimate", "a storage unit"),
        ("a piano to move", "a three-bedroom house"),
        (),
        ("moving", "estimate"),
    ),
)
HEALTH_VERTICALS = tuple(v for v in VERTICALS if v.health)
OTHER_VERTICALS = tuple(v for v in VERTICALS if not v.health)

MONTHS = _words("January February March April May June July August September October November December")
MONTHS_ES = _words("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre")
DIGITS = _words("zero one two three four five six seven eight nine")
DIGITS_ES = _words("cero uno dos tres cuatro cinco seis siete ocho nueve")
ONES = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
)
TENS = _words("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
ORD = {
    1: "first",
    2: "second",
    3: "third",
    5: "fifth",
    8: "eighth",
    9: "ninth",
    12: "twelfth",
    20: "twentieth",
    30: "thirtieth",
}


def words(n: int) -> str:
    """0..99 in words; 100..9999 read as two pairs ("nineteen sixty one", "twelve oh seven")."""
    if n < 20:
        return ONES[n]
    if n < 100:
        t, o = divmod(n, 10)
        return TENS[t] + (f"-{ONES[o]}" if o else "")
    hi, lo = divmod(n, 100)
    if 2000 <= n < 2010:
        return "two thousand" + (f" {ONES[lo]}" if lo else "")
    if lo == 0:
        return f"{words(hi)} hundred"
    return f"{words(hi)} {'oh ' + ONES[lo] if lo < 10 else words(lo)}"


def ordinal(n: int) -> str:
    if n in ORD:
        return ORD[n]
    if n < 20:
        return ONES[n] + "th"
    t, o = divmod(n, 10)
    if o == 0:
        return ORD.get(n, TENS[t][:-1] + "ieth")
    return f"{TENS[t]}-{ORD.get(o, ONES[o] + 'th')}"


def suffix(n: int) -> str:
    if 11 <= n % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# --------------------------------------------------------------------------- people and businesses


@dataclass
class Person:
    first: str
    last: str
    sex: str
    dob: dt.date
    phone: str  # 10 digits
    alt: str
    email: str
    number: str
    street: str
    unit: str
    city: int
    zip5: str
    zip4: str
    lat: float
    lon: float

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def c(self) -> tuple[str, str, str, str, float, float, tuple[str, ...]]:
        return CITIES[self.city]


@dataclass
class Biz:
    v: Vertical
    name: str
    domain: str
    city: str
    street: str
    phone: str
    fax: str
    doctors: list[str]
    agent: str
    agent_last: str


@dataclass
class Ctx:
    rng: random.Random
    biz: Biz
    caller: Person
    patient: Person
    relation: str | None  # the caller's relation to the patient (None: the caller is the patient)
    call: dt.datetime
    appt: dt.date
    reason: str
    condition: str
    asr: bool = False
    spanish: bool = False
    ids: dict[str, str] = field(default_factory=dict)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq: Sequence[Any]) -> Any:
        return seq[self.rng.randrange(len(seq))]

    @property
    def h(self) -> str | None:
        """Category for health wording: HLTH in health businesses, plain elsewhere."""
        return HLTH if self.biz.v.health else None


def phone_digits(rng: random.Random, area: str) -> str:
    if rng.random() < 0.5:
        return f"{area}555{rng.randrange(100, 200):04d}"
    return f"{area}{rng.randrange(201, 999)}{rng.randrange(0, 10000):04d}"


def make_person(rng: random.Random, call: dt.datetime, sex: str | None = None, old: bool = False) -> Person:
    sex = sex or rng.choice("FM")
    first = rng.choice(FEMALE if sex == "F" else MALE)
    last = rng.choice(MULTI_LAST) if rng.random() < 0.06 else rng.choice(LAST)
    age = rng.randrange(91, 101) if old else rng.randrange(1, 86)
    dob = dt.date(call.year - age - 1, rng.randrange(1, 13), rng.randrange(1, 29))
    ci = rng.randrange(len(CITIES))
    city = CITIES[ci]
    area = rng.choice(city[6])
    handle = rng.choice(
        (
            f"{first}.{last}",
            f"{first[0]}{last}{dob.year % 100:02d}",
            f"{last}_{first}",
            f"{first}{rng.randrange(1, 999)}",
            f"{first}.{last}+appt",
        )
    )
    handle = unicodedata.normalize("NFKD", handle).encode("ascii", "ignore").decode()
    handle = re.sub(r"[^A-Za-z0-9._+]", "", handle)
    email = f"{handle}@{rng.choice(EMAIL_DOMAINS)}"
    if rng.random() < 0.15:
        email = email.upper() if rng.random() < 0.5 else email.capitalize()
    return Person(
        first=first,
        last=last,
        sex=sex,
        dob=dob,
        phone=phone_digits(rng, area),
        alt=phone_digits(rng, area),
        email=email.lower() if rng.random() < 0.85 else email,
        number=str(rng.choice((rng.randrange(2, 99), rng.randrange(100, 9999), rng.randrange(10000, 48000)))),
        street=f"{rng.choice(('', '', 'N ', 'S. ', 'West ', 'NE '))}{rng.choice(STREET_NAMES)} "
        f"{rng.choice(SUFFIXES)}",
        unit=rng.choice(UNITS) if rng.random() < 0.35 else "",
        city=ci,
        zip5=f"{city[3]}{rng.randrange(0, 100):02d}",
        zip4=f"{rng.randrange(1, 10000):04d}",
        lat=round(city[4] + rng.uniform(-0.2, 0.2), rng.choice((4, 5, 6))),
        lon=round(city[5] + rng.uniform(-0.2, 0.2), rng.choice((4, 5, 6))),
    )


def make_biz(rng: random.Random, v: Vertical) -> Biz:
    name = rng.choice(v.names)
    slug = re.sub(r"[^a-z]", "", name.lower().split("&")[0])[:18]
    city = rng.choice(CITIES)
    area = rng.choice(city[6])
    return Biz(
        v=v,
        name=name,
        domain=f"{slug}.{rng.choice(('example.com', 'example.org', 'example.net'))}",
        city=city[0],
        street=f"{rng.randrange(100, 9000)} {rng.choice(('Commerce', 'Medical Center', 'Main', 'Parkside'))} "
        f"{rng.choice(('Dr', 'Pkwy', 'St', 'Blvd'))}{rng.choice(('', ' Suite 200', ', Ste 14'))}",
        phone=phone_digits(rng, area),
        fax=phone_digits(rng, area),
        doctors=[f"{rng.choice(DOCTOR_FIRST)} {rng.choice(DOCTOR_LAST)}" for _ in range(2)],
        agent=rng.choice(AGENTS),
        agent_last=rng.choice(LAST),
    )


# --------------------------------------------------------------------------- formats


def fmt_phone(d: str, rng: random.Random, style: int | None = None) -> str:
    a, b, c = d[:3], d[3:6], d[6:]
    styles = (
        f"({a}) {b}-{c}",
        f"{a}-{b}-{c}",
        f"{a}.{b}.{c}",
        f"+1 {a} {b} {c}",
        f"+1{a}{b}{c}",
        f"{a}{b}{c}",
        f"1-{a}-{b}-{c}",
        f"{a} {b} {c}",
        f"({a}){b}-{c}",
        f"+1 ({a}) {b}-{c}",
        f"{a}/{b}-{c}",
        f"1 ({a}) {b} {c}",
    )
    return styles[rng.randrange(len(styles)) if style is None else style]


def asr_alnum(s: str, rng: random.Random) -> str:
    """An id read aloud: letters one by one, digits as words."""
    out = [DIGITS[int(ch)] if ch.isdigit() else ch.lower() for ch in s if ch.isalnum()]
    return " ".join(out)


def spell_digits(s: str, rng: random.Random, es: bool = False) -> str:
    table = DIGITS_ES if es else DIGITS
    out = []
    for ch in s:
        if ch.isdigit():
            w = table[int(ch)]
            if ch == "0" and not es and rng.random() < 0.5:
                w = "oh"
            out.append(w)
    return " ".join(out)


def asr_phone(d: str, rng: random.Random, es: bool = False) -> str:
    groups = (d[:3], d[3:6], d[6:])
    if not es and rng.random() < 0.3:
        return f"{d[:3]} {spell_digits(d[3:6], rng)} {d[6:]}"  # half-normalised ASR output
    sep = rng.choice((" ", ", ", " ... "))
    return sep.join(spell_digits(g, rng, es) for g in groups)


def fmt_date(d: dt.date, rng: random.Random, year: bool = True, es: bool = False) -> str:
    m, dd, y = d.month, d.day, d.year
    if es:
        if year:
            return rng.choice(
                (f"{dd} de {MONTHS_ES[m - 1]} de {y}", f"{dd}/{m}/{y}", f"{dd:02d}-{m:02d}-{y}")
            )
        return rng.choice((f"{dd} de {MONTHS_ES[m - 1]}", f"el {dd} de {MONTHS_ES[m - 1]}"))
    mon = MONTHS[m - 1]
    if year:
        return rng.choice(
            (
                f"{m:02d}/{dd:02d}/{y}",
                f"{m}/{dd}/{y}",
                f"{m}/{dd}/{y % 100:02d}",
                f"{y}-{m:02d}-{dd:02d}",
                f"{mon} {dd}, {y}",
                f"{mon[:3]} {dd} {y}",
                f"{dd} {mon} {y}",
                f"{dd:02d}-{mon[:3]}-{y}",
                f"{mon} {dd}{suffix(dd)}, {y}",
                f"{m:02d}.{dd:02d}.{y}",
                f"{y}{m:02d}{dd:02d}",
                f"{m}-{dd}-{y % 100:02d}",
            )
        )
    return rng.choice(
        (
            f"{m}/{dd}",
            f"{mon} {dd}{suffix(dd)}",
            f"{mon[:3]}. {dd}",
            f"the {dd}{suffix(dd)} of {mon}",
            f"{m:02d}-{dd:02d}",
            f"{mon} {dd}",
        )
    )


def asr_date(d: dt.date, year: bool, rng: random.Random) -> str:
    base = f"{MONTHS[d.month - 1].lower()} {ordinal(d.day)}"
    if rng.random() < 0.3:
        base = f"the {ordinal(d.day)} of {MONTHS[d.month - 1].lower()}"
    return f"{base} {words(d.year)}" if year else base


def month_year(d: dt.date, rng: random.Random) -> str:
    return rng.choice(
        (
            f"{d.month:02d}/{d.year}",
            f"{MONTHS[d.month - 1]} {d.year}",
            f"{MONTHS[d.month - 1][:3]} '{d.year % 100:02d}",
        )
    )


def luhn(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        n = int(ch)
        if i % 2 == 0:
            n *= 2
            n = n - 9 if n > 9 else n
        total += n
    return body + str((10 - total % 10) % 10)


def rand_chars(rng: random.Random, pattern: str) -> str:
    """A = letter, 9 = digit, X = letter or digit (no I/O/Q), anything else literal."""
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    out = []
    for ch in pattern:
        if ch == "A":
            out.append(rng.choice(letters))
        elif ch == "9":
            out.append(str(rng.randrange(10)))
        elif ch == "X":
            out.append(rng.choice(letters + "0123456789"))
        else:
            out.append(ch)
    return "".join(out)


def make_ids(rng: random.Random, p: Person) -> dict[str, str]:
    return {
        "member": rand_chars(
            rng, rng.choice(("AAA999999999", "A99999999", "W9999 99999", "99999999A", "AAX99999999"))
        ),
        "mbi": str(rng.randrange(1, 10)) + rand_chars(rng, rng.choice(("AA9-AA9-AA99", "AA9AA9AA99"))),
        "medicaid": rand_chars(rng, rng.choice(("99999999A", "AA9999999", "9999-999-99"))),
        "mrn": rand_chars(rng, rng.choice(("99999999", "A-999999", "9999-9999", "MR999999"))),
        "ssn": rand_chars(rng, rng.choice(("999-99-9999", "999 99 9999", "999999999"))).replace("000", "417"),
        "card": luhn(rng.choice(("4", "51", "37", "6011")), 16, rng),
        "acct": rand_chars(rng, rng.choice(("99999999", "AC-9999999", "9999 9999 99"))),
        "dl": rand_chars(rng, rng.choice(("A999-9999-9999", "A9999999", "999999999", "AA999999"))),
        "plate": rand_chars(rng, rng.choice(("9AAA999", "AAA-9999", "AAA 999", "9AA A99"))),
        "vin": rand_chars(rng, "9XXXX99X9XX999999"),
        "serial": rand_chars(rng, rng.choice(("99999999999", "AAA-9999-A", "SN9999999X", "X9X9-99999"))),
        "cust": rand_chars(rng, rng.choice(("CUST-999999", "C9999999", "99-99999"))),
        "user": f"{p.first[0].lower()}{re.sub(r'[^a-z]', '', p.last.lower())}{p.dob.year % 100:02d}",
        "group": rand_chars(rng, rng.choice(("GRP 99999", "9999999", "A99999"))),
        "rx": rand_chars(rng, rng.choice(("RX 9999999", "999999-99"))),
        "claim": rand_chars(rng, "9999999999"),
        "conf": rand_chars(rng, rng.choice(("999999999", "AX9X9X", "99999-9999"))),
        "order": rand_chars(rng, rng.choice(("ORD-999999", "99999999", "W999999"))),
        "ticket": rand_chars(rng, rng.choice(("INC9999999", "999999999", "CS-99999"))),
        "npi": "1" + rand_chars(rng, "999999999"),
        "routing": rand_chars(rng, "999999999"),
        "tax": rand_chars(rng, "99-9999999"),
        "lot": rand_chars(rng, "AA9999"),
        "ip": rng.choice(
            (
                f"{rng.randrange(11, 223)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                f"2001:db8:{rng.randrange(4096):x}::{rng.randrange(65536):x}",
            )
        ),
    }


# --------------------------------------------------------------------------- record assembly


class Rec:
    def __init__(self, rid: str) -> None:
        self.id = rid
        self.payload: dict[str, Any] = {}
        self.labels: list[dict[str, Any]] = []
        self.ignore: list[dict[str, Any]] = []
        self.health: list[str] = []

    def put(self, path: str, value: Any, cat: str | None = None) -> None:
        """Set `path` to value; a T contributes its spans, otherwise `cat` labels the whole leaf."""
        self._forget(path)
        if isinstance(value, T):
            text = value.text
            _set(self.payload, path, text)
            for s, e, c in value.spans():
                if c == IGN:
                    self.ignore.append({"path": path, "start": s, "end": e})
                else:
                    self.labels.append({"path": path, "start": s, "end": e, "category": c})
            if value.health and text.strip():
                self.health.append(path)
            return
        _set(self.payload, path, value)
        if cat is None or value is None or value == "" or isinstance(value, (bool, dict, list)):
            return
        text = value if isinstance(value, str) else json.dumps(value)
        if cat == IGN:
            self.ignore.append({"path": path, "start": 0, "end": len(text)})
        elif cat == HLTH:
            self.health.append(path)
        else:
            self.labels.append({"path": path, "start": 0, "end": len(text), "category": cat})

    def _forget(self, path: str) -> None:
        """Drop the annotations of a path (and of anything under it) that is being overwritten."""

        def stale(p: str) -> bool:
            return p == path or p.startswith((path + ".", path + "["))

        self.labels = [x for x in self.labels if not stale(x["path"])]
        self.ignore = [x for x in self.ignore if not stale(x["path"])]
        self.health = [p for p in self.health if not stale(p)]

    def out(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "payload": self.payload,
            "labels": self.labels,
            "ignore": self.ignore,
            "health_paths": self.health,
        }


def _set(root: dict[str, Any], path: str, value: Any) -> None:
    toks = PATH_TOKEN.findall(path)
    cur: Any = root
    for i, (name, idx) in enumerate(toks):
        last = i == len(toks) - 1
        nxt: Any = None if last else ([] if toks[i + 1][1] else {})
        if name:
            if last:
                cur[name] = value
            else:
                if not isinstance(cur.get(name), (dict, list)):
                    cur[name] = nxt
                cur = cur[name]
        else:
            k = int(idx)
            while len(cur) <= k:
                cur.append(None)
            if last:
                cur[k] = value
            else:
                if cur[k] is None:
                    cur[k] = nxt
                cur = cur[k]


# --------------------------------------------------------------------------- small identifier renderers


def nm(c: Ctx, p: Person, form: str | None = None) -> T:
    """A name of p in one of many written forms, labeled NAME (one or two spans)."""
    r = c.rng
    form = form or r.choice(
        ("full", "full", "first", "lastfirst", "initial", "upper", "title", "spelled", "lower")
    )
    if form == "full":
        return T([(p.full, "NAME")])
    if form == "first":
        return T([(p.first, "NAME")])
    if form == "lastfirst":
        return T([(f"{p.last}, {p.first}", "NAME")])
    if form == "initial":
        return T([(f"{p.first[0]}. {p.last}", "NAME")])
    if form == "upper":
        return T([(f"{p.last.upper()} {p.first.upper()}", "NAME")])
    if form == "title":
        return T([("Mrs. " if p.sex == "F" else "Mr. ", None), (p.last, "NAME")])
    if form == "lower":
        return T([(p.full.lower(), "NAME")])
    letters = "-".join(ch for ch in p.last.upper() if ch.isalpha())
    return T([(p.full, "NAME"), (", that's ", None), (letters, "NAME")])


def ph(c: Ctx, d: str, cat: str = "PHONE") -> T:
    if c.asr:
        return T([(asr_phone(d, c.rng, c.spanish and c.chance(0.5)), cat)])
    return T([(fmt_phone(d, c.rng), cat)])


def date(c: Ctx, d: dt.date, year: bool = True) -> T:
    if c.asr:
        return T([(asr_date(d, year, c.rng), "DATE")])
    return T([(fmt_date(d, c.rng, year, c.spanish and c.chance(0.6)), "DATE")])


def addr(c: Ctx, p: Person, with_zip: bool = True) -> T:
    city = p.c
    if c.asr:
        num = words(int(p.number)) if int(p.number) < 10000 else spell_digits(p.number, c.rng)
        out = T([(f"{num} {p.street}", "GEO"), (" in ", None), (city[0], "GEO")])
        if with_zip:
            out.add(" ").add(spell_digits(p.zip5, c.rng), "GEO")
        return out
    street = f"{p.number} {p.street}"
    if p.unit:
        street += c.pick((f" {p.unit}", f", {p.unit}"))
    out = T([(street, "GEO"), (", ", None), (city[0], "GEO"), (c.pick((", ", " ")) + city[2], None)])
    if with_zip:
        z = p.zip5 + (f"-{p.zip4}" if c.chance(0.35) else "")
        out.add(" ").add(z, "GEO")
    return out


def clinic_addr(c: Ctx) -> T:
    return T([(c.biz.street, IGN), (", ", None), (c.biz.city, IGN)])


def doctor(c: Ctx) -> T:
    d = c.pick(c.biz.doctors)
    if not c.biz.v.health:  # staff of a non-health business: workforce data, ignored like a provider
        return T([(c.pick(("our advisor ", "")), None), (d, IGN)])
    return T([(c.pick(("Dr. ", "Doctor ", "Dr ")), None), (c.pick((d, d.split()[1])), IGN)])


def bizname(c: Ctx) -> T:
    return T([(c.biz.name, c.h)])


def clinic_phone(c: Ctx) -> T:
    return T([(fmt_phone(c.biz.phone, c.rng) if not c.asr else asr_phone(c.biz.phone, c.rng), None)])


def hw(c: Ctx, s: str) -> T:
    """Health wording (a condition, service, drug) in this business's context."""
    return T([(s, c.h)])


def time_of_day(c: Ctx) -> str:
    h = c.rng.randrange(7, 18)
    m = c.pick(("00", "15", "30", "45"))
    if c.asr:
        return f"{words(h % 12 or 12)} {'thirty' if m == '30' else 'oclock' if m == '00' else words(int(m))}"
    return c.pick(
        (
            f"{h % 12 or 12}:{m} {'AM' if h < 12 else 'PM'}",
            f"{h % 12 or 12}:{m}{'am' if h < 12 else 'pm'}",
            f"{h}:{m}",
            f"{h % 12 or 12} o'clock",
        )
    )


def money(c: Ctx) -> str:
    v = c.rng.randrange(15, 2500)
    return c.pick((f"${v}", f"${v}.00", f"{v} dollars", f"USD {v}"))


# --------------------------------------------------------------------------- sentence pools (notes / summary)


def note_identity(c: Ctx) -> T:
    p, rel = c.patient, c.relation
    if rel:
        return c.pick(
            (
                lambda: tpl(
                    "{} called for her/his {} {} re {}.",
                    nm(c, c.caller, "full"),
                    rel,
                    nm(c, p),
                    hw(c, c.reason),
                ),
                lambda: tpl(
                    "Spoke w/ {} about {} {} (pt {}), {}",
                    nm(c, c.caller, "first"),
                    "her" if c.caller.sex == "F" else "his",
                    rel,
                    nm(c, p, "lastfirst"),
                    hw(c, c.condition),
                ),
                lambda: tpl(
                    "Pt is caller's {}. Caller {}, pt {}.", rel, nm(c, c.caller, "initial"), nm(c, p, "full")
                ),
            )
        )()
    return c.pick(
        (
            lambda: tpl("PT {} | {}", nm(c, p, "upper"), hw(c, c.reason)),
            lambda: tpl("{} lvm asking abt {}", nm(c, p, "initial"), hw(c, c.condition)),
            lambda: tpl(
                "New {} {} wants {}", "pt" if c.biz.v.health else "client", nm(c, p, "full"), hw(c, c.reason)
            ),
            lambda: tpl("re: {} -- {} c/o {}", nm(c, p, "lastfirst"), hw(c, c.reason), hw(c, c.condition)),
        )
    )()


def note_callback(c: Ctx) -> T:
    return c.pick(
        (
            lambda: tpl("CB {} after {}", ph(c, c.caller.phone), time_of_day(c)),
            lambda: tpl("best # {} (cell), alt {}", ph(c, c.caller.phone), ph(c, c.caller.alt)),
            lambda: tpl("cb#: {}", ph(c, c.caller.phone)),
            lambda: tpl("pls text {} or call {}", ph(c, c.caller.alt), ph(c, c.caller.phone)),
            lambda: tpl("wants results faxed to her fax {}", ph(c, c.caller.alt, "FAX")),
        )
    )()


def note_dob(c: Ctx) -> T:
    return tpl(c.pick(("DOB {}", "d.o.b. {}", "born {}", "bday {}", "DOB: {}")), date(c, c.patient.dob))


def note_insurance(c: Ctx) -> T:
    i = c.ids
    return c.pick(
        (
            lambda: tpl("Ins {} mbr {}", c.pick(CARRIERS_INS), (i["member"], "HEALTH_PLAN")),
            lambda: tpl(
                "{} ID# {}, grp {}", c.pick(CARRIERS_INS), (i["member"], "HEALTH_PLAN"), (i["group"], IGN)
            ),
            lambda: tpl("Medicare MBI {}", (i["mbi"], "HEALTH_PLAN")),
            lambda: tpl("Medicaid #{} (state plan)", (i["medicaid"], "HEALTH_PLAN")),
            lambda: tpl("subscriber id {} under spouse", (i["member"], "HEALTH_PLAN")),
        )
    )()


def note_record(c: Ctx) -> T:
    i = c.ids
    return c.pick(
        (
            lambda: tpl("Chart {}", (i["mrn"], "MRN")),
            lambda: tpl("MRN: {}", (i["mrn"], "MRN")),
            lambda: tpl("pt acct {} balance {}", (i["acct"], "ACCOUNT"), money(c)),
            lambda: tpl("EMR pt# {}", (i["mrn"], "MRN")),
            lambda: tpl(
                "paid w/ card ending {} -- full # on file {}", (i["card"][-4:], None), (i["card"], "ACCOUNT")
            ),
        )
    )()


def note_appt(c: Ctx) -> T:
    if not c.biz.v.health:
        return c.pick(
            (
                lambda: tpl("Booked {} @ {} w/ {}", date(c, c.appt, False), time_of_day(c), doctor(c)),
                lambda: tpl("job moved to {}", date(c, c.appt, c.chance(0.5))),
                lambda: tpl("crew scheduled {}", date(c, c.appt)),
                lambda: tpl("quote valid 30 days, call {} to accept", clinic_phone(c)),
            )
        )()
    return c.pick(
        (
            lambda: tpl("Booked {} @ {} w/ {}", date(c, c.appt, False), time_of_day(c), doctor(c)),
            lambda: tpl("appt moved to {}", date(c, c.appt, c.chance(0.5))),
            lambda: tpl("sx scheduled {}, pre-op the week before", date(c, c.appt)),
            lambda: tpl("last seen {}", T([(month_year(c.appt - dt.timedelta(days=400), c.rng), "DATE")])),
            lambda: tpl(
                "admitted {} d/c {}",
                date(c, c.appt - dt.timedelta(days=60), False),
                date(c, c.appt - dt.timedelta(days=55), False),
            ),
        )
    )()


def note_address(c: Ctx) -> T:
    p = c.caller
    return c.pick(
        (
            lambda: tpl("Mailing addr {}", addr(c, p)),
            lambda: tpl("lives in {}, {}", (p.c[0], "GEO"), (p.c[1], "GEO")),
            lambda: tpl("home: {}", addr(c, p)),
            lambda: tpl("zip {}", (p.zip5, "GEO")),
        )
    )()


def note_misc_id(c: Ctx) -> T:
    i, v = c.ids, c.biz.v
    opts: list[Callable[[], T]] = [
        lambda: tpl("SSN {}", (i["ssn"], "SSN")),
        lambda: tpl("last 4 of SSN {}", (i["ssn"][-4:], IGN)),
        lambda: tpl("DL {} for ID check", (i["dl"], "LICENSE")),
        lambda: tpl("portal login {}", (i["user"], "OTHER_ID")),
        lambda: tpl(
            "FB msg from {}", (f"https://www.facebook.com/{i['user']}.{c.rng.randrange(2, 99)}", "URL")
        ),
        lambda: tpl("email {}", (c.caller.email, "EMAIL")),
        lambda: tpl("customer # {}", (i["cust"], "OTHER_ID")),
        lambda: tpl("ip on form {}", (i["ip"], "IP")),
    ]
    if v.device:
        opts.append(lambda: tpl("{} serial {}", v.device, (i["serial"], "DEVICE")))
        opts.append(lambda: tpl("S/N {} ({})", (i["serial"], "DEVICE"), v.device))
    if not v.health:
        opts.append(lambda: tpl("plate {} VIN {}", (i["plate"], "VEHICLE"), (i["vin"], "VEHICLE")))
    return c.pick(opts)()


def note_relative(c: Ctx) -> T:
    rel, sex = c.pick((("grandmother", "F"), ("grandfather", "M"), ("great-aunt", "F"), ("great-uncle", "M")))
    old = make_person(c.rng, c.call, sex=sex, old=True)
    old.last = c.patient.last
    age = c.call.year - old.dob.year - (1 if (c.call.month, c.call.day) < (old.dob.month, old.dob.day) else 0)
    pron = "she" if sex == "F" else "he"
    return c.pick(
        (
            lambda: tpl("{} {} is {} and lives with pt", rel, nm(c, old, "first"), (str(age), "AGE")),
            lambda: tpl("{} ({}) is {} y/o", nm(c, old, "full"), rel, (str(age), "AGE")),
            lambda: tpl("{} {} born in {}", rel, nm(c, old, "full"), (str(old.dob.year), "DATE")),
            lambda: tpl("{} {} will come too, {} is {}", rel, nm(c, old, "first"), pron, (words(age), "AGE")),
        )
    )()


def note_negative(c: Ctx) -> T:
    i = c.ids
    young = c.rng.randrange(18, 89)
    opts: list[Callable[[], T]] = [
        lambda: tpl("conf# {}", i["conf"]),
        lambda: tpl("ticket {} opened", i["ticket"]),
        lambda: tpl("gave office fax {}", clinic_phone(c)),
        lambda: tpl("told to call our office at {} option 3", clinic_phone(c)),
        lambda: tpl("copay {}", money(c)),
        lambda: tpl(
            "office closed {} for the holiday",
            T([(fmt_date(c.call.date() + dt.timedelta(days=9), c.rng), IGN)]),
        ),
        lambda: tpl("ref to NPI {}", i["npi"]),
        lambda: tpl("pt is {}", str(young)),
        lambda: tpl("order {} shipped via UPS", i["order"]),
        lambda: tpl("case no. {}", i["ticket"]),
        lambda: tpl("Rx {} ready", (i["rx"], IGN)) if c.biz.v.health else tpl("invoice {} sent", i["order"]),
        lambda: (
            tpl("claim {} denied", (i["claim"], IGN)) if c.biz.v.health else tpl("quote {} sent", i["conf"])
        ),
        lambda: tpl("call back next Tuesday around {}", time_of_day(c)),
        lambda: tpl("press 2 for billing; routing {}", i["routing"]),
    ]
    if c.biz.v.meds:
        opts.append(lambda: tpl("takes {} daily since {}", hw(c, c.pick(c.biz.v.meds)), str(c.call.year - 3)))
    return c.pick(opts)()


def make_notes(c: Ctx) -> T:
    pool = [
        note_callback,
        note_dob,
        note_insurance,
        note_record,
        note_appt,
        note_address,
        note_misc_id,
        note_negative,
        note_negative,
        note_relative,
    ]
    if not c.biz.v.health:
        pool = [note_callback, note_appt, note_address, note_misc_id, note_negative, note_negative]
    k = c.rng.randrange(2, 5)
    parts = [note_identity(c)] + [f(c) for f in c.rng.sample(pool, k)]
    if c.chance(0.3):
        c.rng.shuffle(parts)
    out = join(c.pick((" ", "\n", " // ", "; ", "\n- ", " | ")), parts)
    if c.chance(0.12):
        out = out.upper()
    return out


def make_ocr_fax(c: Ctx) -> T:
    """A referral fax pasted from OCR: capitals, wide gaps, O/0 and l/1 confusions inside values."""
    p = c.patient

    def ocr(s: str) -> str:
        return s.replace("0", "O", 1) if c.chance(0.5) else s.replace("1", "l", 1)

    dob = fmt_date(p.dob, c.rng)
    return tpl(
        "REFERRAL   FAX   {}\nPATIENT NAME:  {}     DOB:  {}\nPHONE:  {}    MRN#  {}\nDX:  {}\n"
        "REFERRING:  {}   NPI {}\nADDRESS:  {}",
        T([(fmt_phone(c.biz.fax, c.rng), None)]),
        (f"{p.last.upper()}, {p.first.upper()}", "NAME"),
        (ocr(dob), "DATE"),
        (ocr(fmt_phone(c.caller.phone, c.rng, 1)), "PHONE"),
        (ocr(c.ids["mrn"]), "MRN"),
        hw(c, c.condition.upper()),
        T([("DR. ", None), (c.biz.doctors[0].upper(), IGN)]),
        c.ids["npi"],
        addr(c, p).upper(),
    )


def make_summary(c: Ctx) -> T:
    p = c.patient
    rel = c.relation
    who = (
        tpl("{}, calling for {} {}", nm(c, c.caller, "full"), rel, nm(c, p, "full"))
        if rel
        else nm(c, p, "full")
    )
    age = c.call.year - p.dob.year - (1 if (c.call.month, c.call.day) < (p.dob.month, p.dob.day) else 0)
    forms: list[Callable[[], T]] = [
        lambda: tpl(
            "The caller, {}, requested {} for {}. A visit was set for {} with {}.",
            who,
            hw(c, c.reason),
            hw(c, c.condition),
            date(c, c.appt, False),
            doctor(c),
        ),
        lambda: tpl(
            "- Caller: {}\n- Reason: {}\n- DOB: {}\n- Callback: {}\n- Outcome: scheduled",
            who,
            hw(c, c.reason),
            date(c, p.dob),
            ph(c, c.caller.phone),
        ),
        lambda: tpl(
            "Patient reports {} and asked about {}. No identifiers confirmed.",
            hw(c, c.condition),
            hw(c, c.reason),
        ),
        lambda: tpl(
            "{} ({} y/o) called about {}; agent {} verified insurance {}.",
            nm(c, p, "first"),
            (str(age), "AGE" if age > 89 else None),
            hw(c, c.condition),
            c.biz.agent,
            c.pick(CARRIERS_INS),
        ),
        lambda: tpl(
            "Summary: {} wants {}. Lives in {}. Follow up at {}.",
            who,
            hw(c, c.reason),
            (c.caller.c[0], "GEO"),
            ph(c, c.caller.alt),
        ),
    ]
    return c.pick(forms)()


# --------------------------------------------------------------------------- transcripts


Turn = tuple[str, T]  # "A" agent / "C" caller


def transcript_turns(c: Ctx) -> list[Turn]:
    p, caller, rel, i = c.patient, c.caller, c.relation, c.ids
    es = c.spanish
    ag = T([(c.biz.agent, IGN)])
    turns: list[Turn] = []
    if es:
        turns.append(("A", tpl("{}, buenas tardes, le habla {}, how can I help?", bizname(c), ag)))
        turns.append(
            ("C", tpl("Hola, sí, mi nombre es {} y llamo por {}.", nm(c, caller, "full"), hw(c, c.reason)))
        )
    else:
        turns.append(
            (
                "A",
                tpl(
                    c.pick(
                        (
                            "Thanks for calling {}, this is {}. How can I help you today?",
                            "{}, {} speaking.",
                            "Good morning, {}, you've got {}.",
                        )
                    ),
                    bizname(c),
                    ag,
                ),
            )
        )
        turns.append(
            (
                "C",
                c.pick(
                    (
                        lambda: tpl(
                            "Hi, yeah, this is {}, I'm calling about {}.",
                            nm(c, caller, "full"),
                            hw(c, c.reason),
                        ),
                        lambda: tpl("Hey. My name's {}. I need {}.", nm(c, caller, "full"), hw(c, c.reason)),
                        lambda: tpl("Um hi, I was hoping to get {} scheduled.", hw(c, c.reason)),
                    )
                )(),
            )
        )
    if rel:
        rp = tpl(
            "It's actually for my {}, {}. {} is {}",
            rel,
            nm(c, p, "full"),
            "She" if p.sex == "F" else "He",
            str(c.rng.randrange(40, 86)) if c.chance(0.5) else "doing okay",
        )
        if es:
            rp = tpl("Es para {}, {}.", REL_ES.get(rel, rel), nm(c, p, "full"))
        turns.append(("C", rp))
    turns.append(("A", T([("Okay. Can I get the spelling of the last name?", None)])))
    turns.append(
        (
            "C",
            tpl(
                "Sure, {}.",
                (
                    "-".join(ch for ch in p.last.upper() if ch.isalpha())
                    if not c.asr
                    else " ".join(ch for ch in p.last.lower() if ch.isalpha()),
                    "NAME",
                ),
            ),
        )
    )
    turns.append(("A", T([("And date of birth?" if not es else "¿Y la fecha de nacimiento?", None)])))
    turns.append(("C", tpl(c.pick(("{}.", "It's {}.", "Uh, {}.")), date(c, p.dob))))
    if c.chance(0.6):
        turns.append(("A", T([("What's a good number to reach you?", None)])))
        turns.append(
            (
                "C",
                tpl(
                    c.pick(("{}.", "You can use {}, that's my cell.", "Mi número es {}.")),
                    ph(c, caller.phone),
                ),
            )
        )
    if c.chance(0.5):
        turns.append(("A", T([("And the home address?", None)])))
        turns.append(("C", tpl("{}.", addr(c, caller))))
    if c.chance(0.5) and c.biz.v.health:
        turns.append(("A", T([("Do you have your insurance card handy?", None)])))
        turns.append(
            (
                "C",
                tpl(
                    "Yes, it's {}, member ID {}, group {}.",
                    c.pick(CARRIERS_INS),
                    (asr_alnum(i["member"], c.rng) if c.asr else i["member"], "HEALTH_PLAN"),
                    (i["group"], IGN),
                ),
            )
        )
    if c.chance(0.35):
        turns.append(
            (
                "C",
                c.pick(
                    (
                        lambda: tpl(
                            "Do you need my social? It's {}.",
                            (asr_alnum(i["ssn"], c.rng) if c.asr else i["ssn"], "SSN"),
                        ),
                        lambda: tpl("The last four of my social are {}.", (i["ssn"][-4:], IGN)),
                        lambda: tpl(
                            "My email is {}.",
                            (
                                caller.email.replace("@", " at ").replace(".", " dot ")
                                if c.asr
                                else caller.email,
                                "EMAIL",
                            ),
                        ),
                        lambda: tpl("My chart number from last time was {}.", (i["mrn"], "MRN")),
                        lambda: tpl("If it helps my username on the portal is {}.", (i["user"], "OTHER_ID")),
                    )
                )(),
            )
        )
    if c.biz.v.device and c.chance(0.6):
        turns.append(("C", tpl("The serial on my {} is {}.", c.biz.v.device, (i["serial"], "DEVICE"))))
    if c.chance(0.4):
        kin, sex = c.pick(
            (("grandma", "F"), ("great aunt", "F"), ("nana", "F"), ("grandpa", "M"), ("abuelo", "M"))
        )
        old = make_person(c.rng, c.call, sex=sex, old=True)
        age = c.call.year - old.dob.year - 1
        turns.append(
            (
                "C",
                tpl(
                    "And my {} {} might come, {}'s {}.",
                    kin,
                    nm(c, old, "first"),
                    "she" if sex == "F" else "he",
                    (words(age) if c.asr or c.chance(0.4) else str(age), "AGE"),
                ),
            )
        )
    turns.append(
        (
            "A",
            tpl(
                "I have {} at {} with {}, at our {} office, {}.",
                date(c, c.appt, False),
                time_of_day(c),
                doctor(c),
                (c.biz.city, IGN),
                (c.biz.street, IGN),
            ),
        )
    )
    turns.append(("C", T([(c.pick(("That works.", "Perfect.", "Okay, sí, perfecto.")), None)])))
    turns.append(
        (
            "A",
            c.pick(
                (
                    lambda: tpl(
                        "Great. Your confirmation number is {}. If anything changes call us at {}.",
                        c.ids["conf"],
                        clinic_phone(c),
                    ),
                    lambda: tpl("That will be {} up front. Press 2 next time to skip the menu.", money(c)),
                    lambda: tpl(
                        "We're closed {} so the reminder text comes a day early.",
                        T([(fmt_date(c.call.date() + dt.timedelta(days=5), c.rng, False), IGN)]),
                    ),
                )
            )(),
        )
    )
    turns.append(("A", tpl("Thank you, {}. Have a good one.", nm(c, caller, "first"))))
    return turns


def render_transcript(c: Ctx, turns: list[Turn]) -> T:
    style = c.rng.randrange(6) if not c.asr else c.rng.choice((5, 6))
    agent_name = c.biz.agent
    out = []
    secs = 0
    for sp, t in turns:
        secs += c.rng.randrange(2, 14)
        if style == 0:
            lab = T([("Rep: " if sp == "A" else "Customer: ", None)])
        elif style == 1:
            lab = T(
                [
                    (
                        f"[{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}] "
                        f"Speaker {1 if sp == 'A' else 2}: ",
                        None,
                    )
                ]
            )
        elif style == 2:
            lab = T([("AGENT > " if sp == "A" else "CALLER > ", None)])
        elif style == 3:
            lab = T([(agent_name, IGN), (": ", None)]) if sp == "A" else T([("Patient: ", None)])
        elif style == 4:
            lab = T([(f"spk_{0 if sp == 'A' else 1}: ", None)])
        else:
            lab = T()
        out.append(T(lab.parts + t.parts))
    sep = "\n" if style < 5 else " "
    res = join(sep, out)
    if c.asr:
        res = res.strip_punct().lower()
    return res


# --------------------------------------------------------------------------- custom fields


def key(c: Ctx, *variants: str) -> str:
    return c.pick(variants)


CFGen = Callable[[Ctx, Rec, str], None]


def cf_identity(c: Ctx, r: Rec, base: str) -> None:
    p = c.patient
    style = c.rng.randrange(3)
    if style == 0:
        r.put(f"{base}.{key(c, 'first_name', 'FirstName', 'Patient First')}", p.first, "NAME")
        r.put(f"{base}.{key(c, 'last_name', 'LastName', 'Patient Last')}", p.last, "NAME")
    elif style == 1:
        b = f"{base}.{key(c, 'patient', 'pt_info', 'Patient')}"
        r.put(f"{b}.name.given", p.first, "NAME")
        r.put(f"{b}.name.family", p.last, "NAME")
        r.put(f"{b}.sex", p.sex)
    else:
        r.put(
            f"{base}.{key(c, 'Patient Full Name', 'patientName', 'nombre_completo')}",
            f"{p.last}, {p.first}",
            "NAME",
        )


def cf_dob(c: Ctx, r: Rec, base: str) -> None:
    k = key(
        c,
        "dob",
        "DOB",
        "birth_date",
        "Birthdate",
        "patient_dob",
        "Fecha de nacimiento",
        "date-of-birth",
        "bday",
    )
    r.put(f"{base}.{k}", date(c, c.patient.dob))


def cf_age(c: Ctx, r: Rec, base: str) -> None:
    if c.chance(0.4):
        old = make_person(c.rng, c.call, old=True)
        r.put(f"{base}.{key(c, 'age', 'Age', 'patient_age')}", c.call.year - old.dob.year - 1, "AGE")
    else:
        r.put(f"{base}.{key(c, 'age', 'Age', 'patient_age')}", c.rng.randrange(2, 89))


def cf_phone(c: Ctx, r: Rec, base: str) -> None:
    k = key(c, "best_callback", "cell", "mobile_phone", "Home Phone", "Phone (best)", "telefono")
    if c.chance(0.3):
        r.put(f"{base}.{k}", tpl("{} {}", c.pick(("cell", "home", "text ok")), ph(c, c.caller.alt)))
    else:
        r.put(f"{base}.{k}", fmt_phone(c.caller.alt, c.rng), "PHONE")


def cf_emergency(c: Ctx, r: Rec, base: str) -> None:
    rel = make_person(c.rng, c.call)
    b = f"{base}.{key(c, 'emergencyContact', 'guardian', 'Responsible Party')}"
    r.put(f"{b}.name", rel.full, "NAME")
    r.put(f"{b}.phone", fmt_phone(rel.phone, c.rng), "PHONE")
    r.put(f"{b}.relationship", c.pick(("spouse", "parent", "sibling", "friend")))


def cf_email(c: Ctx, r: Rec, base: str) -> None:
    r.put(f"{base}.{key(c, 'email_addr', 'E-mail', 'personal_email', 'correo')}", c.caller.email, "EMAIL")


def cf_address(c: Ctx, r: Rec, base: str) -> None:
    p = c.caller
    city = p.c
    style = c.rng.randrange(3)
    if style == 0:
        r.put(f"{base}.{key(c, 'mailing_address', 'Street Address', 'home_addr')}", addr(c, p))
    elif style == 1:
        b = f"{base}.{key(c, 'address', 'home', 'residence')}"
        r.put(f"{b}.line1", f"{p.number} {p.street}", "GEO")
        if p.unit:
            r.put(f"{b}.line2", p.unit, "GEO")
        r.put(f"{b}.city", city[0], "GEO")
        r.put(f"{b}.county", city[1], "GEO")
        r.put(f"{b}.state", city[2])
        r.put(f"{b}.zip", int(p.zip5) if p.zip5[0] != "0" and c.chance(0.5) else p.zip5, "GEO")
    else:
        r.put(
            f"{base}.{key(c, 'zip', 'ZIP Code', 'postal')}",
            f"{p.zip5}-{p.zip4}" if c.chance(0.4) else p.zip5,
            "GEO",
        )
        r.put(f"{base}.{key(c, 'county', 'County')}", city[1], "GEO")
        r.put(f"{base}.{key(c, 'gps', 'geo_point')}", tpl("{},{}", (str(p.lat), "GEO"), (str(p.lon), "GEO")))


def cf_coverage(c: Ctx, r: Rec, base: str) -> None:
    i = c.ids
    style = c.rng.randrange(3)
    if style == 0:
        b = f"{base}.{key(c, 'coverage', 'insurance_plans', 'policies')}"
        r.put(f"{b}[0].carrier", c.pick(CARRIERS_INS))
        r.put(f"{b}[0].{key(c, 'memberId', 'subscriber_no', 'policy_number')}", i["member"], "HEALTH_PLAN")
        r.put(f"{b}[0].group", i["group"], IGN)
        if c.chance(0.5):
            r.put(f"{b}[1].carrier", "Medicare")
            r.put(f"{b}[1].mbi", i["mbi"], "HEALTH_PLAN")
    elif style == 1:
        r.put(
            f"{base}.{key(c, 'Member #', 'policy_id', 'member_number', 'Insurance ID')}",
            i["member"],
            "HEALTH_PLAN",
        )
        r.put(f"{base}.{key(c, 'group_no', 'Group #')}", i["group"], IGN)
        r.put(f"{base}.{key(c, 'carrier', 'plan')}", c.pick(CARRIERS_INS))
    else:
        r.put(
            f"{base}.{key(c, 'medicaid_no', 'Medicaid ID', 'mbi', 'Medicare Number')}",
            i["medicaid"],
            "HEALTH_PLAN",
        )


def cf_mrn(c: Ctx, r: Rec, base: str) -> None:
    k = key(c, "chart_no", "mrn", "Patient ID", "emr_patient_id", "record_number")
    v = c.ids["mrn"]
    r.put(f"{base}.{k}", int(v) if v.isdigit() and v[0] != "0" and c.chance(0.5) else v, "MRN")


def cf_ssn(c: Ctx, r: Rec, base: str) -> None:
    if c.chance(0.5):
        r.put(f"{base}.{key(c, 'ssn', 'SSN', 'social')}", c.ids["ssn"], "SSN")
    else:
        r.put(f"{base}.{key(c, 'ssn_last_4', 'last4ssn', 'SSN (last 4)')}", c.ids["ssn"][-4:], IGN)


def cf_payment(c: Ctx, r: Rec, base: str) -> None:
    card = c.ids["card"]
    if c.chance(0.5):
        grouped = " ".join(card[k : k + 4] for k in range(0, 16, 4)) if c.chance(0.5) else card
        r.put(f"{base}.{key(c, 'card_on_file', 'cc_number', 'payment_card')}", grouped, "ACCOUNT")
        r.put(
            f"{base}.{key(c, 'exp', 'card_exp')}", f"{c.rng.randrange(1, 13):02d}/{c.rng.randrange(26, 31)}"
        )
    else:
        r.put(f"{base}.{key(c, 'billing_account', 'account_no', 'hsa_account')}", c.ids["acct"], "ACCOUNT")
        r.put(f"{base}.{key(c, 'routing_number', 'aba')}", c.ids["routing"])


def cf_license(c: Ctx, r: Rec, base: str) -> None:
    r.put(f"{base}.{key(c, 'drivers_license', 'DL Number', 'license_no')}", c.ids["dl"], "LICENSE")
    r.put(f"{base}.{key(c, 'dl_state', 'DL State')}", c.caller.c[2])


def cf_vehicle(c: Ctx, r: Rec, base: str) -> None:
    b = f"{base}.{key(c, 'vehicles', 'trade_in', 'cars')}"
    r.put(f"{b}[0].plate", c.ids["plate"], "VEHICLE")
    r.put(f"{b}[0].vin", c.ids["vin"], "VEHICLE")
    r.put(f"{b}[0].year", c.rng.randrange(2008, 2024))
    r.put(f"{b}[0].make", c.pick(("Honda", "Toyota", "Ford", "Kia")))


def cf_device(c: Ctx, r: Rec, base: str) -> None:
    dv = c.biz.v.device or "device"
    k = key(c, f"{dv.replace(' ', '_')}_serial", "device_sn", "Serial Number", "equipment_serial")
    r.put(f"{base}.{k}", c.ids["serial"], "DEVICE")


def cf_url(c: Ctx, r: Rec, base: str) -> None:
    p = c.caller
    if c.chance(0.5):
        r.put(
            f"{base}.{key(c, 'facebook_profile', 'social_url', 'instagram')}",
            c.pick(
                (
                    f"https://www.facebook.com/{c.ids['user']}",
                    f"instagram.com/{c.ids['user']}_",
                    f"https://www.linkedin.com/in/{p.first.lower()}-{re.sub(r'[^a-z]', '', p.last.lower())}",
                )
            ),
            "URL",
        )
    else:
        r.put(
            f"{base}.{key(c, 'photo_upload', 'attachment_url', 'insurance_card_image')}",
            f"https://uploads.{c.biz.domain}/u/{c.ids['user']}/card-front.jpg",
            "URL",
        )


def cf_other_id(c: Ctx, r: Rec, base: str) -> None:
    if c.chance(0.5):
        r.put(f"{base}.{key(c, 'customer_id', 'Customer #', 'client_no')}", c.ids["cust"], "OTHER_ID")
    else:
        r.put(
            f"{base}.{key(c, 'portal_username', 'patient_portal_login', 'mychart_user')}",
            c.ids["user"],
            "OTHER_ID",
        )


def cf_dates(c: Ctx, r: Rec, base: str) -> None:
    style = c.rng.randrange(3)
    if style == 0:
        b = f"{base}.{key(c, 'appointment', 'appt', 'Visit')}"
        r.put(f"{b}.date", date(c, c.appt))
        r.put(f"{b}.time", time_of_day(c))
        r.put(f"{b}.provider", doctor(c))
    elif style == 1:
        b = f"{base}.{key(c, 'appointments', 'visits')}"
        r.put(f"{b}[0].when", f"{c.appt.isoformat()}T{c.rng.randrange(8, 17):02d}:30:00", "DATE")
        r.put(f"{b}[0].status", "booked")
        r.put(f"{b}[1].when", (c.appt + dt.timedelta(days=14)).isoformat(), "DATE")
        r.put(f"{b}[1].status", "follow-up")
    else:
        k = key(c, "surgery_date", "last_visit", "admit_date", "preferred_date", "move_date", "service_date")
        r.put(f"{base}.{k}", date(c, c.appt))


def cf_health(c: Ctx, r: Rec, base: str) -> None:
    if not c.biz.v.health:
        r.put(f"{base}.{key(c, 'job_type', 'service_needed', 'interest')}", c.reason)
        return
    k = key(
        c,
        "chief_complaint",
        "symptoms",
        "procedure_interest",
        "Service Line",
        "diagnosis",
        "What brings you in",
        "motivo",
    )
    r.put(f"{base}.{k}", hw(c, c.pick((c.reason, c.condition, f"{c.condition}, wants {c.reason}"))))
    if c.biz.v.meds and c.chance(0.5):
        r.put(
            f"{base}.{key(c, 'current_meds', 'medications', 'Rx list')}", T([(", ".join(c.biz.v.meds), HLTH)])
        )
    if c.chance(0.3):
        r.put(
            f"{base}.{key(c, 'allergies', 'Allergies')}",
            T([(c.pick(("penicillin", "latex", "sulfa")), HLTH)]),
        )


def cf_negative(c: Ctx, r: Rec, base: str) -> None:
    i = c.ids
    gens: list[Callable[[], None]] = [
        lambda: r.put(f"{base}.{key(c, 'order_id', 'Order #')}", i["order"]),
        lambda: r.put(f"{base}.{key(c, 'confirmation_code', 'conf')}", i["conf"]),
        lambda: r.put(f"{base}.{key(c, 'case_number', 'ticket_id')}", int(i["claim"][:9])),
        lambda: r.put(f"{base}.{key(c, 'npi', 'referring_npi')}", int(i["npi"])),
        lambda: r.put(f"{base}.{key(c, 'office_phone', 'clinic_line')}", fmt_phone(c.biz.phone, c.rng)),
        lambda: r.put(f"{base}.{key(c, 'office_fax', 'clinic_fax')}", fmt_phone(c.biz.fax, c.rng)),
        lambda: r.put(f"{base}.{key(c, 'tax_id', 'ein')}", i["tax"]),
        lambda: r.put(f"{base}.{key(c, 'vaccine_lot', 'lot')}", i["lot"]),
        lambda: r.put(f"{base}.{key(c, 'lead_score', 'score')}", c.rng.randrange(1, 100)),
        lambda: r.put(f"{base}.{key(c, 'preferred_office', 'Clinic Location')}", c.biz.city, IGN),
        lambda: r.put(f"{base}.{key(c, 'referring_provider', 'ref_doc')}", doctor(c)),
        lambda: r.put(f"{base}.{key(c, 'quoted_price', 'estimate')}", money(c)),
        lambda: r.put(
            f"{base}.{key(c, 'best_time', 'contact_window')}", c.pick(("mornings", "after 3pm", "weekends"))
        ),
        lambda: r.put(f"{base}.{key(c, 'landing_page', 'form_url')}", f"https://{c.biz.domain}/contact"),
        lambda: r.put(f"{base}.{key(c, 'rx_number', 'Rx #')}", i["rx"], IGN),
        lambda: r.put(f"{base}.{key(c, 'claim_no', 'claim')}", i["claim"], IGN),
        lambda: r.put(f"{base}.{key(c, 'insurance_carrier', 'Insurance Company')}", c.pick(CARRIERS_INS)),
    ]
    for g in c.rng.sample(gens, c.rng.randrange(1, 4)):
        g()


def cf_comments(c: Ctx, r: Rec, base: str) -> None:
    r.put(f"{base}.{key(c, 'intake_notes', 'comments', 'Anything else?', 'mensaje')}", make_notes(c))


CF_HEALTH: tuple[CFGen, ...] = (
    cf_identity,
    cf_dob,
    cf_age,
    cf_phone,
    cf_emergency,
    cf_email,
    cf_address,
    cf_coverage,
    cf_mrn,
    cf_ssn,
    cf_payment,
    cf_url,
    cf_other_id,
    cf_dates,
    cf_health,
    cf_health,
    cf_comments,
    cf_device,
    cf_license,
)
CF_OTHER: tuple[CFGen, ...] = (
    cf_identity,
    cf_phone,
    cf_email,
    cf_address,
    cf_payment,
    cf_license,
    cf_vehicle,
    cf_other_id,
    cf_dates,
    cf_health,
    cf_comments,
    cf_device,
)


def make_custom(c: Ctx, r: Rec, base: str) -> None:
    pool = CF_HEALTH if c.biz.v.health else CF_OTHER
    gens = c.rng.sample(pool, c.rng.randrange(2, 7))
    for g in gens:
        sub = base
        if c.chance(0.15):
            sub = f"{base}.{key(c, 'intake', 'lead', 'form_data')}"
        g(c, r, sub)
    cf_negative(c, r, base)


# --------------------------------------------------------------------------- forms, web, misc


def make_form(c: Ctx, r: Rec) -> None:
    p = c.patient
    r.put("form.name", c.pick(("Book a Visit", "Contact Us", "Free Consultation", "Solicitar cita")))
    items: list[tuple[str, Any, str | None]] = [
        (c.pick(("Your Name", "Nombre", "Full name")), p.full, "NAME"),
        (
            c.pick(("Best number to reach you", "Phone", "Teléfono")),
            fmt_phone(c.caller.phone, c.rng),
            "PHONE",
        ),
        (c.pick(("Email Address", "Correo")), c.caller.email, "EMAIL"),
        (c.pick(("Birthday", "DOB (mm/dd/yyyy)")), date(c, p.dob), None),
        (
            c.pick(("What brings you in?", "How can we help?", "Motivo de la consulta")),
            hw(c, f"{c.condition} - {c.reason}"),
            None,
        ),
        (c.pick(("Preferred date", "Requested day")), date(c, c.appt, False), None),
        (c.pick(("Insurance ID #", "Member ID")), c.ids["member"], "HEALTH_PLAN"),
        (c.pick(("ZIP", "Zip code")), p.zip5, "GEO"),
        ("How did you hear about us?", c.pick(("Google", "a friend", "Facebook")), None),
    ]
    if not c.biz.v.health:
        items = [it for it in items if it[2] != "HEALTH_PLAN"]
    chosen = c.rng.sample(items, c.rng.randrange(3, len(items)))
    for k, (label, value, cat) in enumerate(chosen):
        r.put(f"form.custom[{k}].name", label)
        r.put(f"form.custom[{k}].value", value, cat)


def pii_url(c: Ctx) -> T:
    p = c.caller
    q = "?" + urllib.parse.urlencode(
        c.pick(
            (
                {"first": p.first, "last": p.last, "phone": p.phone},
                {"name": p.full, "email": p.email},
                {"fn": p.first, "dob": p.dob.isoformat(), "zip": p.zip5},
            )
        )
    )
    return T([(f"https://{c.biz.domain}/{c.pick(('thank-you', 'gracias', 'confirmation'))}{q}", "URL")])


def service_slug(c: Ctx) -> str:
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"^(a|an) ", "", c.reason.lower())).strip("-")


# --------------------------------------------------------------------------- one record


def make_record(rng: random.Random, rid: str) -> dict[str, Any]:
    health = rng.random() > 0.09
    v = rng.choice(HEALTH_VERTICALS if health else OTHER_VERTICALS)
    biz = make_biz(rng, v)
    call = dt.datetime(2024, 1, 1, 7) + dt.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
    caller = make_person(rng, call)
    relation = None
    patient = caller
    if v.health and rng.random() < 0.3:
        relation, sex = rng.choice(RELATIONS)
        patient = make_person(rng, call, sex=sex, old=relation.startswith("grand") and rng.random() < 0.5)
        patient.last = caller.last if rng.random() < 0.7 else patient.last
    if set(v.tags) & {"obgyn", "ivf"} and patient.sex == "M":  # keep the story plausible
        relation = "wife"
        patient = make_person(rng, call, sex="F")
        patient.last = caller.last
    spanish = (
        caller.first
        in {
            "Lucía",
            "Marisol",
            "Guadalupe",
            "Xiomara",
            "Mónica",
            "Esperanza",
            "Dolores",
            "Beatriz",
            "Consuelo",
            "Mercedes",
            "Jesús",
            "José",
            "Luis",
            "Tadeo",
            "Santiago",
            "Mateo",
            "Guillermo",
            "Ignacio",
        }
        and rng.random() < 0.6
    )
    c = Ctx(
        rng=rng,
        biz=biz,
        caller=caller,
        patient=patient,
        relation=relation,
        call=call,
        appt=(call + dt.timedelta(days=rng.randrange(1, 60))).date(),
        reason=rng.choice(v.services),
        condition=rng.choice(v.conditions),
        spanish=spanish,
    )
    c.ids = make_ids(rng, caller)
    r = Rec(rid)
    tz = rng.choice(("-05:00", "-06:00", "-07:00", "-04:00", "-08:00"))

    # ids and caller identity
    r.put("id", rng.randrange(100_000_000, 999_999_999))
    r.put("sid", "CA" + "".join(rng.choice("0123456789abcdef") for _ in range(32)))
    r.put("account_id", rng.randrange(100000, 999999))
    name_style = rng.random()
    if name_style < 0.08:
        r.put("name", rng.choice(("Wireless Caller", "Unknown", "TOLL FREE CALL", "RESTRICTED", "")))
    elif name_style < 0.16:
        r.put("name", None)
    else:
        r.put(
            "name",
            rng.choice(
                (
                    caller.full,
                    caller.full,
                    f"{caller.last}, {caller.first}",
                    caller.full.upper(),
                    f"{caller.first} {caller.last[0]}.",
                    caller.full.lower(),
                )
            ),
            "NAME",
        )
    cn = rng.random()
    if cn < 0.45:
        r.put("cnam", f"{caller.last.upper()} {caller.first.upper()}"[:15].strip(), "NAME")
    elif cn < 0.6:
        r.put("cnam", tpl("{} {}", (caller.c[0].upper()[:12].strip(), "GEO"), caller.c[2]))
    elif cn < 0.75:
        r.put(
            "cnam",
            rng.choice(
                (
                    "WIRELESS CALLER",
                    "CELL PHONE   " + caller.c[2],
                    "V" + str(rng.randrange(10**9)),
                    "UNAVAILABLE",
                )
            ),
        )
    else:
        r.put("cnam", None)
    has_web = rng.random() < 0.55
    r.put("email", caller.email if rng.random() < 0.45 else rng.choice((None, "")), "EMAIL")
    full_addr = rng.random() < 0.4
    r.put("street", f"{caller.number} {caller.street}" if full_addr else None, "GEO")
    r.put("city", caller.c[0] if rng.random() < 0.8 else None, "GEO")
    r.put("state", caller.c[2])
    r.put("country", rng.choice(("US", "USA", "United States")))
    r.put("postal_code", rng.choice((caller.zip5, caller.zip5, f"{caller.zip5}-{caller.zip4}", None)), "GEO")
    if rng.random() < 0.35:
        r.put("latitude", caller.lat, "GEO")
        r.put("longitude", caller.lon, "GEO")
    else:
        r.put("latitude", None)
        r.put("longitude", None)
    d = caller.phone
    intl = rng.random() < 0.06
    if intl:
        num = "52" + "55" + f"{rng.randrange(10**8):08d}"
        r.put("caller_number", f"+{num}", "PHONE")
        r.put("caller_number_format", f"+52 55 {num[4:8]} {num[8:]}", "PHONE")
        r.put("caller_number_complete", f"+{num}", "PHONE")
        r.put("caller_number_bare", num[2:], "PHONE")
        split = ["52", "55", num[4:8], num[8:]]
    else:
        r.put("caller_number", f"+1{d}", "PHONE")
        r.put("caller_number_format", fmt_phone(d, rng, 0), "PHONE")
        r.put("caller_number_complete", f"+1{d}", "PHONE")
        r.put("caller_number_bare", d if rng.random() < 0.8 else f"1{d}", "PHONE")
        split = ["1", d[:3], d[3:6], d[6:]]
    for k, s in enumerate(split):
        r.put(f"caller_number_split[{k}]", s, IGN)
    r.put("alternative_number", fmt_phone(caller.alt, rng) if rng.random() < 0.3 else None, "PHONE")
    if rng.random() < 0.15:
        r.put("contact_number", f"+1{caller.alt}", "PHONE")
    r.put("is_new_caller", rng.random() < 0.6)
    sms = rng.random() < 0.08
    r.put("direction", "msg_inbound" if sms else rng.choice(("inbound", "inbound", "outbound")))
    r.put("dial_status", rng.choice(("answered", "completed", "no-answer")))
    r.put("call_status", "answered")
    r.put("status", "completed")
    if rng.random() < 0.5:
        r.put("called_at", call.strftime("%Y-%m-%d %I:%M %p ") + tz, IGN)
    else:
        r.put("called_at", call.strftime("%Y-%m-%dT%H:%M:%S") + tz, IGN)
    r.put("unix_time", int(call.replace(tzinfo=dt.UTC).timestamp()), IGN)
    dur = rng.randrange(20, 1500)
    r.put("duration", dur)
    r.put("talk_time", max(dur - rng.randrange(5, 40), 0))
    r.put("ring_time", rng.randrange(1, 30))
    r.put("hold_time", rng.randrange(0, 60))

    # business side (negatives)
    tn = phone_digits(rng, rng.choice(("800", "888", "877", biz.phone[:3])))
    r.put("tracking_number", f"+1{tn}")
    r.put("tracking_number_id", rng.randrange(10000, 999999))
    r.put("tracking_number_format", fmt_phone(tn, rng, 0))
    r.put("tracking_number_bare", tn)
    r.put("business_number", f"+1{biz.phone}")
    r.put("business_number_format", fmt_phone(biz.phone, rng, 0))
    r.put("business_label", rng.choice(("Front Desk", "Scheduling", "Main Line", "Call Center", "Recepción")))
    src = rng.choice(
        ("Google Ads", "Google Organic", "Facebook Ads", "Bing Ads", "Direct", "Yelp", "Billboard")
    )
    r.put("source", src)
    r.put("source_id", rng.randrange(1000, 99999))
    r.put("medium", rng.choice(("cpc", "organic", "social", "direct", "offline")))
    tl = rng.random()
    if tl < 0.45:
        r.put(
            "tracking_label",
            tpl(
                "{} {}",
                hw(c, c.reason.removeprefix("a ").removeprefix("an ").title()),
                rng.choice(("Landing Page", "- Search", "LP v2")),
            ),
        )
    else:
        r.put(
            "tracking_label",
            rng.choice(
                ("Main Website", "Google Business Profile", "Website Pool", "Billboard I-70", "Direct Mail")
            ),
        )
    if rng.random() < 0.5:
        r.put(
            "campaign",
            tpl(
                "{} | {}",
                hw(c, c.condition.removeprefix("a ").title()),
                rng.choice(("Search", "PMax", "Meta Leads")),
            ),
        )
    else:
        r.put("campaign", rng.choice(("Brand", "Retargeting Q3", "Always On", "Spring Promo", None)))
    r.put(
        "keyword",
        rng.choice(
            (
                hw(c, f"{c.condition.removeprefix('a ')} treatment near me"),
                tpl("{} phone number", bizname(c)),
                T([("+" + src.split()[0].lower(), None)]),
                None,
            )
        ),
    )
    if rng.random() < 0.18:
        r.put("location", pii_url(c))
    elif rng.random() < 0.6:
        gclid = "Cj0K" + "".join(rng.choice("ABCDEFGHabcdefgh0123456789_-") for _ in range(40))
        r.put(
            "location",
            tpl(
                "https://{}/services/{}?utm_source=google&utm_medium=cpc&gclid={}",
                biz.domain,
                hw(c, service_slug(c)),
                (gclid, IGN),
            ),
        )
    else:
        r.put("location", f"https://{biz.domain}/")
    if rng.random() < 0.25:
        r.put("last_location", f"https://{biz.domain}/{rng.choice(('contact', 'locations', 'about'))}")
    r.put(
        "referrer",
        rng.choice(
            (
                "https://www.google.com/",
                "https://m.facebook.com/",
                "",
                None,
                "android-app://com.google.android.gm/",
            )
        ),
    )
    if rng.random() < 0.15:
        r.put("search", hw(c, f"best place for {c.reason.removeprefix('a ')}"))
    r.put("visitor_ip", c.ids["ip"] if has_web else None, "IP")
    agent_id = "USR" + "".join(rng.choice("0123456789ABCDEF") for _ in range(8))
    r.put("agent_id", agent_id)
    r.put("agent.id", agent_id)
    r.put("agent.name", f"{biz.agent} {biz.agent_last}")
    r.put("agent.email", f"{biz.agent.lower()}@{biz.domain}")
    tags = [T([("new caller", None)])] if rng.random() < 0.4 else []
    tags += [T([(t, c.h)]) for t in rng.sample(v.tags, rng.randrange(0, len(v.tags) + 1))]
    tags += (
        [T([(rng.choice(("booked", "voicemail", "spanish", "callback")), None)])]
        if rng.random() < 0.5
        else []
    )
    for k, t in enumerate(tags):
        r.put(f"tag_list[{k}]", t)
    if not tags:
        r.put("tag_list", [])

    # free text
    if rng.random() < 0.1 and v.health:
        r.put("notes", make_ocr_fax(c))
    elif rng.random() < 0.85:
        r.put("notes", make_notes(c))
    else:
        r.put("notes", rng.choice(("", None)))
    if rng.random() < 0.12:
        r.put("cvars", {})  # older payloads: the custom fields live under `cvars`
        make_custom(c, r, "cvars")
        r.put("custom_fields", None)
    elif rng.random() < 0.9:
        r.put("custom_fields", {})
        make_custom(c, r, "custom_fields")
    else:
        r.put("custom_fields", rng.choice(({}, None)))
    rec_url = (
        f"https://app.calltrackingmetrics.com/accounts/AC{rng.getrandbits(64):016x}/recordings/"
        f"RE{rng.getrandbits(64):016x}"
    )
    if rng.random() < 0.2:
        host = rng.choice(("recordings", "media"))
        rec_url = f"https://{host}.calltrackingmetrics.com/{rng.getrandbits(96):024x}.mp3"
    if sms:
        r.put("audio", None)
        r.put(
            "message_body",
            tpl(
                "hi this is {} dob {} need to {} my {} appt, call me {}",
                nm(c, caller, "first"),
                date(c, patient.dob),
                rng.choice(("cancel", "move")),
                hw(c, c.reason),
                ph(c, caller.alt),
            ),
        )
    else:
        r.put("audio", rec_url, "BIOMETRIC")
        r.put("is_s3_link", False)
        if rng.random() < 0.85:
            c.asr = rng.random() < 0.3
            r.put("transcription_text", render_transcript(c, transcript_turns(c)))
            c.asr = False
        else:
            r.put("transcription_text", rng.choice(("", None)))
    r.put("summary", make_summary(c) if rng.random() < 0.6 else None)
    r.put("redacted", False)
    r.put("excluded", False)
    r.put("call_path[0].route_name", rng.choice(("Main IVR", "Spanish Queue", "After Hours", "Overflow")))
    r.put("call_path[0].route_id", rng.randrange(100, 9999))
    r.put("call_path[0].route_type", rng.choice(("voice_menu", "queue", "receiving_number")))
    r.put("call_path[0].started_at", (call + dt.timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ"), IGN)
    if rng.random() < 0.3:
        r.put("legs[0].from", f"+1{d}", "PHONE")
        r.put("legs[0].to", f"+1{tn}")
        r.put("legs[0].status", "completed")
        r.put("legs[0].started_at", call.strftime("%Y-%m-%dT%H:%M:%SZ"), IGN)
    r.put("inputs.menu_inputs[0]", rng.choice(("1", "2", "3", "9")))
    if rng.random() < 0.2:
        r.put("inputs.geo_inputs[0]", caller.zip5, "GEO")
    r.put(
        "indexed_at", (call + dt.timedelta(minutes=rng.randrange(5, 30))).strftime("%Y-%m-%dT%H:%M:%SZ"), IGN
    )

    # optional blocks
    if rng.random() < 0.3:
        pre = "extended_lookup"
        r.put(f"{pre}.first_name", caller.first, "NAME")
        r.put(f"{pre}.last_name", caller.last, "NAME")
        if rng.random() < 0.5:
            r.put(f"{pre}.full_name", caller.full.upper(), "NAME")
        r.put(f"{pre}.street_number", caller.number, "GEO")
        r.put(f"{pre}.street_name", caller.street, "GEO")
        r.put(f"{pre}.city", caller.c[0], "GEO")
        r.put(f"{pre}.state", caller.c[2])
        r.put(f"{pre}.zipcode", caller.zip5, "GEO")
        if rng.random() < 0.5:
            r.put(f"{pre}.zip4", caller.zip4, "GEO")
            r.put(f"{pre}.county", caller.c[1], "GEO")
        r.put(
            f"{pre}.carrier",
            rng.choice(("Verizon Wireless", "AT&T Mobility", "T-Mobile USA", "Bandwidth.com")),
        )
        r.put(f"{pre}.line_type", rng.choice(("mobile", "landline", "voip")))
        r.put(f"{pre}.gender", caller.sex)
        r.put(f"{pre}.age_range", rng.choice(("25-34", "35-44", "45-54", "65+")))
    if rng.random() < 0.15:
        r.put("emails[0]", caller.email, "EMAIL")
        if rng.random() < 0.5:
            other = make_person(rng, call)
            r.put("emails[1]", other.email, "EMAIL")
    if rng.random() < 0.12:
        r.put("geo.lat", caller.lat, "GEO")
        r.put("geo.lon", caller.lon, "GEO")
    if has_web and rng.random() < 0.5:
        path_health = rng.random() < 0.7
        r.put("webvisit.location_host", biz.domain)
        r.put("webvisit.location_path", tpl("/services/{}", hw(c, service_slug(c))) if path_health else "/")
        r.put("webvisit.referrer_host", rng.choice(("www.google.com", "l.facebook.com", "")))
        r.put("webvisit.referrer_path", "/search" if rng.random() < 0.5 else "")
        if rng.random() < 0.5:
            r.put("webvisit.keywords", hw(c, c.condition.removeprefix("a ")))
        r.put("webvisit.browser", rng.choice(("Chrome 127", "Safari 17", "Samsung Internet 25")))
        r.put("webvisit.device", rng.choice(("mobile", "desktop")))
        r.put("webvisit.score", rng.randrange(1, 100))
    if has_web and rng.random() < 0.3:
        r.put("ga.cid", f"{rng.randrange(10**9, 10**10)}.{int(call.timestamp())}", IGN)
        r.put("ga.gclid", "EAIaIQ" + "".join(rng.choice("abcdefXYZ0123456789") for _ in range(30)), IGN)
        r.put("ga.utm_source", "google")
        r.put("ga.utm_term", hw(c, c.reason.removeprefix("a ")))
    if has_web and rng.random() < 0.4:
        r.put("visitor_sid", "".join(rng.choice("0123456789abcdef") for _ in range(24)), IGN)
    if rng.random() < 0.2:
        make_form(c, r)
    if rng.random() < 0.2:
        kws = rng.sample((c.condition, c.reason, "insurance", "appointment", "cancel", "price"), 3)
        as_obj = rng.random() < 0.4
        for k, kw in enumerate(kws):
            t = T([(kw, c.h if kw in (c.condition, c.reason) else None)])
            if as_obj:
                r.put(f"spotted[{k}].keyword", t)
                r.put(f"spotted[{k}].count", rng.randrange(1, 5))
            else:
                r.put(f"spotted[{k}]", t)
    if rng.random() < 0.15:
        r.put("sale.name", rng.choice(("Appointment Set", "Booked Consult", "Sold", "Qualified Lead")))
        r.put("sale.score", rng.randrange(1, 6))
        r.put("sale.conversion", True)
        r.put("sale.value", float(rng.randrange(50, 5000)))
        r.put("sale.sale_date", (call + dt.timedelta(days=rng.randrange(0, 20))).date().isoformat(), IGN)
    return r.out()


# --------------------------------------------------------------------------- self-check and main


def resolve(payload: Any, path: str) -> Any:
    v = payload
    for name, idx in PATH_TOKEN.findall(path):
        v = v[int(idx)] if idx else v[name]
    return v


def check(records: list[dict[str, Any]]) -> None:
    """Every label is a non-empty, stripped slice of a string/number leaf; spans in a path do not overlap."""
    for rec in records:
        p = rec["payload"]
        by_path: dict[str, list[tuple[int, int]]] = {}
        for lab in rec["labels"]:
            v = resolve(p, lab["path"])
            assert not isinstance(v, (bool, dict, list)) and v is not None, (rec["id"], lab)
            text = v if isinstance(v, str) else json.dumps(v)
            if not isinstance(v, str):
                assert (lab["start"], lab["end"]) == (0, len(text)), (rec["id"], lab)
            piece = text[lab["start"] : lab["end"]]
            assert piece.strip() and piece == piece.strip(), (rec["id"], lab, piece)
            assert lab["category"] in CATEGORIES, lab
            by_path.setdefault(lab["path"], []).append((lab["start"], lab["end"]))
        for ig in rec["ignore"]:
            v = resolve(p, ig["path"])
            text = v if isinstance(v, str) else json.dumps(v)
            assert text[ig["start"] : ig["end"]].strip(), (rec["id"], ig)
        for path, spans in by_path.items():
            spans.sort()
            for (_, e0), (s1, _) in itertools.pairwise(spans):
                assert e0 <= s1, (rec["id"], path, spans)
        for hp in rec["health_paths"]:
            v = resolve(p, hp)
            assert isinstance(v, str) and v.strip(), (rec["id"], hp)
        assert len(set(rec["health_paths"])) == len(rec["health_paths"]), rec["id"]


def generate(seed: int, n: int, tag: str) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [make_record(rng, f"holdout-{tag}-{k:04d}") for k in range(n)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="self-check only, write nothing")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--n", type=int, default=N_RECORDS)
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    jobs = (
        [(args.seed, args.out or "custom.jsonl", "x")]
        if args.seed is not None
        else [(seed, str(HERE / f"holdout_{tag}.jsonl"), tag) for tag, seed in SEEDS.items()]
    )
    for seed, out, tag in jobs:
        recs = generate(seed, args.n, tag)
        check(recs)
        n_lab = sum(len(r["labels"]) for r in recs)
        print(f"{out}: {len(recs)} records, {n_lab} labels, self-check ok", file=sys.stderr)
        if not args.check:
            with open(out, "w", encoding="utf-8") as f:
                for rec in recs:
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
