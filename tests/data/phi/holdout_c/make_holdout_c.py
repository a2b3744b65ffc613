#!/usr/bin/env python3
"""Generate hold-out set C for the PHI detector (standard library only, deterministic).

    python3 make_holdout_c.py            # writes holdout_c.jsonl next to this file
    python3 make_holdout_c.py --check    # regenerates in memory and self-checks the spans

Written independently of dev.jsonl and of holdout a/b, in a different style: SMS threads,
chat transcripts, web forms with free-style labels, odd phone/e-mail/date notations, and
many look-alike negatives (tracking numbers in text, clinic signatures, SSN-shaped
confirmation numbers, NPIs, routing numbers). Every label offset is computed by construction:
text is assembled from parts, and a labeled part records its own span.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

SEED = 20250311
N_RECORDS = 200
OUT = Path(__file__).resolve().parent / "holdout_c.jsonl"
IGN = "IGNORE"
PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

# A part of a text: plain text, or (text, CATEGORY) for a label, or (text, IGN) for an ignore span.
Part = str | tuple[str, str]
Snip = tuple[list[Part], bool]  # (parts, carries health information)


# --------------------------------------------------------------------------- record building


def render(parts: list[Part], lower: bool = False) -> tuple[str, list[tuple[int, int, str]]]:
    """Join parts into one string and return it with the spans of the labeled parts."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for part in parts:
        text, cat = (part, "") if isinstance(part, str) else part
        if lower:
            text = text.lower()
        if cat and text:
            spans.append((pos, pos + len(text), cat))
        out.append(text)
        pos += len(text)
    return "".join(out), spans


def set_path(root: dict[str, Any], path: str, value: Any) -> None:
    """Set `value` at a dotted/bracketed path, creating dicts and lists on the way."""
    tokens = [(name, int(idx)) if idx else (name, None) for name, idx in PATH_TOKEN.findall(path)]
    node: Any = root
    for i, (name, idx) in enumerate(tokens):
        last = i == len(tokens) - 1
        key: Any = idx if idx is not None else name
        nxt_is_index = not last and tokens[i + 1][1] is not None
        if last:
            if isinstance(node, list):
                if key == len(node):
                    node.append(value)
                else:
                    node[key] = value
            else:
                node[key] = value
            return
        if isinstance(node, list):
            if key == len(node):
                node.append([] if nxt_is_index else {})
            node = node[key]
        else:
            if key not in node or node[key] is None:
                node[key] = [] if nxt_is_index else {}
            node = node[key]


def resolve(root: Any, path: str) -> Any:
    node = root
    for name, idx in PATH_TOKEN.findall(path):
        node = node[int(idx)] if idx else node[name]
    return node


@dataclass
class Rec:
    rid: str
    payload: dict[str, Any] = field(default_factory=dict)
    labels: list[dict[str, Any]] = field(default_factory=list)
    ignore: list[dict[str, Any]] = field(default_factory=list)
    health: list[str] = field(default_factory=list)

    def put(self, path: str, value: Any, cat: str = "") -> None:
        """Set a leaf; with `cat`, the whole value is a label (or an ignore span for IGN)."""
        set_path(self.payload, path, value)
        if cat and value is not None and value != "":
            text = value if isinstance(value, str) else json.dumps(value)
            self._span(path, 0, len(text), cat)

    def text(self, path: str, parts: list[Part], health: bool = False, lower: bool = False) -> str:
        value, spans = render(parts, lower)
        set_path(self.payload, path, value)
        for s, e, cat in spans:
            self._span(path, s, e, cat)
        if health and value:
            self.health.append(path)
        return value

    def _span(self, path: str, start: int, end: int, cat: str) -> None:
        if cat == IGN:
            self.ignore.append({"path": path, "start": start, "end": end})
        else:
            self.labels.append({"path": path, "start": start, "end": end, "category": cat})

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.rid,
            "payload": self.payload,
            "labels": self.labels,
            "ignore": self.ignore,
            "health_paths": self.health,
        }


def L(text: str, cat: str) -> tuple[str, str]:
    return (text, cat)


def IG(text: str) -> tuple[str, str]:
    return (text, IGN)


# --------------------------------------------------------------------------- vocabularies

FIRST = [
    "Marisol", "Oluwaseun", "Priya", "Thanh", "Siobhan", "Mary-Kate", "Dmitri", "Kwame", "Xochitl",
    "Björn", "Aroha", "Fatima", "Hiroshi", "Ngozi", "Rafael", "Leilani", "Tomasz", "Anh", "Bongani",
    "Camille", "Esperanza", "Gideon", "Ines", "Jun", "Keziah", "Lucía", "Magnus", "Nadia", "Obinna",
    "Paulo", "Quinn", "Rosalind", "Sunita", "Tariq", "Ulla", "Valentina", "Wen", "Yusuf", "Zainab",
    "Alejandro", "Beatriz", "Chidi", "Dolores", "Eamon", "Farida", "Gustavo", "Hannelore", "Ilse",
    "Jolene", "Kalani", "Lorenzo", "Mehmet", "Nkechi", "Orla", "Pilar", "Radhika", "Saoirse",
    "Teodoro", "Wilhelmina", "Yaw", "DeShawn", "Jo-Ann", "Ebony", "Trinh", "Amara", "Ravi", "Soledad",
]  # fmt: skip
LAST = [
    "O'Neil", "de la Cruz", "van der Berg", "Nguyen", "Adeyemi", "Raghunathan", "Hollis-Brandt",
    "Volkov", "Mensah", "Ramírez", "Lindqvist", "Ngata", "Al-Sayed", "Tanaka", "Okafor", "Kowalczyk",
    "Tran", "Dlamini", "Beaulieu", "Castellanos", "Fairweather", "Iyer", "Jankowski", "Kaur", "Lefebvre",
    "MacAulay", "Nakamura", "Ortega-Ruiz", "Petrakis", "Quispe", "Rosenthal", "St. Clair", "Takahashi",
    "Uchenna", "Vasquez", "Wojcik", "Yilmaz", "Zhou", "D'Angelo", "McAllister", "Abernathy", "Boateng",
    "Chaudhry", "Delacroix", "Esposito", "Figueroa", "Gallagher", "Haddad", "Ishikawa", "Juarez",
    "Kim", "Le", "Mahlaba", "Novak", "Oyelaran", "Pham", "Rinaldi", "Sandoval", "Thorsen", "Villanueva",
]  # fmt: skip
NICK = {
    "Alejandro": "Alex",
    "Wilhelmina": "Willa",
    "Valentina": "Vale",
    "Rosalind": "Roz",
    "Gustavo": "Gus",
    "Teodoro": "Teo",
    "Dolores": "Lola",
    "Magnus": "Mags",
    "Radhika": "Radi",
}
CITIES = [
    ("Tucson", "AZ", "857"), ("Dayton", "OH", "454"), ("El Paso", "TX", "799"), ("Boise", "ID", "837"),
    ("Fresno", "CA", "937"), ("Albany", "NY", "122"), ("Spokane", "WA", "992"), ("Savannah", "GA", "314"),
    ("Duluth", "MN", "558"), ("Lafayette", "LA", "705"), ("Lowell", "MA", "018"), ("Provo", "UT", "846"),
    ("Pueblo", "CO", "810"), ("Mobile", "AL", "366"), ("Erie", "PA", "165"), ("Wichita", "KS", "672"),
    ("Las Cruces", "NM", "880"), ("Bangor", "ME", "044"), ("Kalamazoo", "MI", "490"), ("Yakima", "WA", "989"),
    ("St. Cloud", "MN", "563"), ("Port St. Lucie", "FL", "349"), ("Winston-Salem", "NC", "271"),
]  # fmt: skip
STREETS = [
    "Calle Sol",
    "Birch St",
    "Old Mill Rd",
    "Magnolia Ave",
    "Kettle Creek Dr",
    "N 7th St",
    "Rue Lafitte",
    "Osage Trl",
    "Harbor View Blvd",
    "Cedar Hollow Ln",
    "W Alameda Ave",
    "Quail Run Ct",
    "Pinecrest Pkwy",
    "Ellsworth Way",
    "County Road 12",
]
NPAS = [
    "520",
    "937",
    "915",
    "208",
    "559",
    "518",
    "509",
    "912",
    "218",
    "337",
    "978",
    "801",
    "719",
    "251",
    "814",
    "316",
    "575",
    "207",
    "269",
    "320",
    "772",
    "336",
    "646",
    "312",
    "702",
]
DOMAINS = [
    "example.com",
    "example.net",
    "example.org",
    "mail.example.com",
    "post.example.net",
    "inbox.example.org",
    "example.co.uk",
    "students.example.edu",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
CARRIERS = [
    "Aetna",
    "Cigna",
    "UnitedHealthcare",
    "Humana",
    "Blue Cross Blue Shield",
    "Ambetter",
    "Molina",
    "Kaiser",
    "Tricare",
    "Medicaid",
    "Medicare Advantage",
]


@dataclass
class Biz:
    name: str
    domain: str
    health: bool
    services: list[str]  # landing-page slugs
    reasons: list[str]  # what callers call about
    labels: list[str]
    campaigns: list[str]
    keywords: list[str]
    providers: list[str]
    street: str
    city: str
    kind: str


BIZES = [
    Biz("Lakeside Family Dental", "lakesidedental.example.com", True, ["emergency-dentist", "implants"],
        ["a cracked molar", "a toothache on the lower left", "bleeding gums", "a crown that fell out"],
        ["Dental Implants LP", "Emergency Dentist Ad"], ["Dental - Emergency", "Implants | Search"],
        ["emergency dentist open saturday", "tooth implant cost"], ["Dr. Okonkwo", "Dr. Halvorsen"],
        "2200 Lake Shore Dr", "Duluth", "dental"),
    Biz("Summit Orthopedic & Spine", "summitortho.example.com", True, ["knee-replacement", "spine"],
        ["knee pain after a fall", "a torn meniscus follow-up", "sciatica down my right leg",
         "a rotator cuff tear"], ["Knee Replacement Landing Page", "Back Pain PPC"],
        ["Ortho - Knee", "Spine Surgery | Meta"], ["knee replacement surgeon", "herniated disc doctor"],
        ["Dr. Varga", "Dr. Menon"], "901 Medical Pkwy Ste 300", "Boise", "ortho"),
    Biz("Clearwater Behavioral Health", "clearwaterbh.example.org", True, ["anxiety-therapy", "adhd"],
        ["panic attacks", "medication management for ADHD", "depression since my divorce",
         "a therapy intake for my son's anxiety"], ["Anxiety Therapy LP", "Teletherapy - GMB"],
        ["BH - Anxiety", "Psychiatry Search"], ["therapist for anxiety near me", "adhd evaluation adults"],
        ["Dr. Abiodun", "Dr. Feld"], "14 Riverside Ave", "Spokane", "bh"),
    Biz("Bright Beginnings OB/GYN", "brightbeginnings.example.com", True, ["prenatal-care", "ivf"],
        ["a pregnancy confirmation visit", "spotting at 9 weeks", "an IVF consult",
         "my annual pap smear"], ["Prenatal Care Page", "Fertility Consult LP"],
        ["OB - Prenatal", "Fertility | Google"], ["obgyn accepting new patients", "ivf clinic cost"],
        ["Dr. Castellano", "Dr. Weiss"], "77 Cradle Way", "Savannah", "ob"),
    Biz("Harbor Hearing & Sleep Center", "harborhearing.example.net", True, ["hearing-aids", "cpap"],
        ["my hearing aid whistling", "a CPAP mask that leaks", "ringing in both ears",
         "a sleep apnea study"], ["Hearing Aid Promo", "Sleep Apnea LP"],
        ["Audiology - Hearing Aids", "Sleep Study | Bing"], ["hearing aid repair", "cpap supplies covered"],
        ["Dr. Lindgren", "Dr. Asante"], "3 Wharf St", "Erie", "audio"),
    Biz("New Dawn Recovery", "newdawnrecovery.example.org", True, ["detox", "outpatient-rehab"],
        ["an alcohol detox intake", "opioid withdrawal", "getting back into outpatient rehab",
         "Suboxone for my brother"], ["Detox Admissions LP", "Rehab - Call Only"],
        ["Addiction - Detox", "Rehab Near Me"], ["alcohol detox center", "suboxone doctor"],
        ["Dr. Marchetti", "Dr. Oyelowo"], "480 Hope Rd", "Pueblo", "sud"),
    Biz("Sunrise Dermatology", "sunrisederm.example.com", True, ["mole-check", "acne"],
        ["a mole that changed color", "an eczema flare", "cystic acne", "a rash after starting amoxicillin"],
        ["Skin Check LP", "Acne Treatment Ad"], ["Derm - Skin Cancer", "Acne | Meta"],
        ["mole removal dermatologist", "acne specialist"], ["Dr. Sato", "Dr. Brennan"],
        "65 Canyon View Ste 110", "Tucson", "derm"),
    Biz("Pinecrest Pediatrics", "pinecrestpeds.example.com", True, ["sick-visits", "vaccines"],
        ["a fever of 103 for two days", "an ear infection", "asthma refills", "his 4-year shots"],
        ["Pediatrics - Sick Visit", "Vaccine Clinic LP"], ["Peds - Same Day", "Vaccines | Search"],
        ["pediatrician same day", "flu shot for kids"], ["Dr. Amundsen", "Dr. Bello"],
        "12 Pinecrest Pkwy", "Provo", "peds"),
    Biz("Hargrove & Pike Law", "hargrovepike.example.com", False, ["estate-planning", "tenant-rights"],
        ["a landlord who kept my deposit", "setting up a living trust", "a contract dispute with a builder"],
        ["Estate Planning LP", "Tenant Rights Ad"], ["Legal - Estate", "Tenant | Google"],
        ["estate planning lawyer", "security deposit lawyer"], ["Attorney Pike", "Attorney Hargrove"],
        "500 Court St", "Albany", "legal"),
    Biz("CoolBreeze Heating & Air", "coolbreezehvac.example.net", False, ["ac-repair", "furnace"],
        ["AC blowing warm air", "a furnace that won't ignite", "a thermostat that keeps resetting"],
        ["AC Repair LP", "Furnace Tune-Up"], ["HVAC - Repair", "Furnace | LSA"],
        ["ac repair same day", "furnace not working"], ["Tech Ramon", "Tech Big Lou"],
        "88 Industrial Blvd", "Wichita", "hvac"),
    Biz("Gearhead Auto Care", "gearheadauto.example.com", False, ["brakes", "check-engine"],
        ["brakes squealing", "the check engine light", "a transmission slipping"],
        ["Brake Special LP", "Auto Repair - GMB"], ["Auto - Brakes", "Repair | Yelp"],
        ["brake repair near me", "check engine light diagnostic"], ["Mechanic Sal", "Mechanic Dee"],
        "2100 Motor Ave", "Fresno", "auto"),
]  # fmt: skip
AGENTS = [
    ("Marisol", "Vega"),
    ("Trent", "Hollister"),
    ("Ayesha", "Bakr"),
    ("Colby", "Finch"),
    ("Renata", "Szabo"),
    ("Devon", "Whitaker"),
    ("Keiko", "Mori"),
    ("Luis", "Arroyo"),
]


# --------------------------------------------------------------------------- value generators


@dataclass
class Phone:
    cc: str
    groups: tuple[str, ...]

    @property
    def e164(self) -> str:
        return "+" + self.cc + "".join(self.groups)

    @property
    def bare(self) -> str:
        return "".join(self.groups) if self.cc == "1" else self.cc + "".join(self.groups)

    def nanp(self) -> tuple[str, str, str]:
        a, b, c = self.groups
        return a, b, c


def new_phone(rng: random.Random, intl: bool = False) -> Phone:
    if intl:
        if rng.random() < 0.5:
            return Phone("44", ("20", "7946", f"0{rng.randint(100, 999)}"))
        return Phone("52", ("55", f"{rng.randint(1000, 9999)}", f"{rng.randint(1000, 9999)}"))
    npa = rng.choice(NPAS)
    if rng.random() < 0.55:
        return Phone("1", (npa, "555", f"01{rng.randint(0, 99):02d}"))
    return Phone(
        "1",
        (npa, f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}", f"{rng.randint(0, 9999):04d}"),
    )


def fmt_phone(rng: random.Random, p: Phone, style: int | None = None) -> str:
    if p.cc != "1":
        g = p.groups
        return rng.choice([f"+{p.cc} {' '.join(g)}", f"+{p.cc}{''.join(g)}", f"00{p.cc} {' '.join(g)}"])
    a, b, c = p.nanp()
    styles = [
        f"+1{a}{b}{c}",
        f"+1 ({a}) {b}-{c}",
        f"{a}.{b}.{c}",
        f"{a} {b} {c}",
        f"({a}) {b}-{c}",
        f"{a}-{b}-{c}",
        f"1-{a}-{b}-{c}",
        f"{a}{b}{c}",
        f"({a}){b}-{c}",
        f"+1-{a}-{b}-{c}",
        f"1 ({a}) {b} {c}",
        f"{a}/{b}-{c}",
        f"+1.{a}.{b}.{c}",
    ]
    return styles[style if style is not None else rng.randrange(len(styles))]


def with_ext(rng: random.Random, s: str) -> str:
    return s + rng.choice([" x204", " ext. 12", " ext 3310", " x7"])


@dataclass
class Person:
    first: str
    last: str
    dob: date
    phone: Phone
    phone2: Phone
    email: str
    street: str
    unit: str
    city: str
    state: str
    zip5: str
    zip4: str
    lat: float
    lon: float
    ip: str
    relative: str
    relation: str
    rel_phone: Phone

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def new_email(rng: random.Random, first: str, last: str) -> str:
    f = re.sub(r"[^a-z]", "", first.lower().replace("ö", "o").replace("í", "i").replace("ú", "u"))
    la = re.sub(r"[^a-z]", "", last.lower().replace("í", "i"))
    dom = rng.choice(DOMAINS)
    local = rng.choice(
        [
            f"{f}.{la}",
            f"{f[0]}{la}",
            f"{f}{rng.randint(1, 99)}",
            f"{f}_{la}{rng.randint(60, 99)}",
            f"{f}.{la}+appts",
            f"{la}.{f[0]}",
            f"{f}-{la}",
        ]
    )
    return f"{local}@{dom}"


def new_ip(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.2:
        return f"2001:db8:{rng.randint(0, 0xFFFF):x}:{rng.randint(0, 0xFFFF):x}::{rng.randint(1, 0xFFFF):x}"
    if r < 0.3:
        return (
            f"2600:1700:{rng.randint(0, 0xFFFF):x}:{rng.randint(0, 0xFFFF):x}:"
            f"{rng.randint(0, 0xFFFF):x}:{rng.randint(0, 0xFFFF):x}:{rng.randint(0, 0xFFFF):x}:"
            f"{rng.randint(0, 0xFFFF):x}"
        )
    if r < 0.6:
        return f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randint(1, 254)}"
    first_octet = rng.choice([24, 47, 68, 73, 99, 108, 172, 174])
    return f"{first_octet}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def new_person(rng: random.Random, adult: bool = False) -> Person:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    city, state, z3 = rng.choice(CITIES)
    unit = rng.choice(["", "", "", "#4", "Unit B", "Apt. 3-F", "Apt 12", "Ste 200", "Lot 17"])
    street = rng.choice(
        [
            f"{rng.randint(10, 9999)} {rng.choice(STREETS)}",
            f"PO Box {rng.randint(100, 9999)}",
            f"RR 2 Box {rng.randint(10, 300)}",
            f"{rng.randint(10, 9999)} {rng.choice(STREETS)}",
        ]
    )
    if street.startswith(("PO", "RR")):
        unit = ""
    age_years = rng.choice(
        [rng.randint(1, 17), rng.randint(18, 89), rng.randint(18, 89), rng.randint(18, 89)]
    )
    if adult:
        age_years = max(age_years, 18 + age_years % 50)
    dob = date(2025 - age_years, rng.randint(1, 12), rng.randint(1, 28))
    return Person(
        first,
        last,
        dob,
        new_phone(rng, rng.random() < 0.06),
        new_phone(rng),
        new_email(rng, first, last),
        street,
        unit,
        city,
        state,
        f"{z3}{rng.randint(0, 99):02d}",
        f"{rng.randint(0, 9999):04d}",
        round(rng.uniform(25, 48), 4),
        round(rng.uniform(-122, -70), 4),
        new_ip(rng),
        f"{rng.choice(FIRST)}",
        rng.choice(["daughter", "husband", "wife", "son", "mom", "dad", "partner"]),
        new_phone(rng),
    )


def ordinal(n: int) -> str:
    suf = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def fmt_date(rng: random.Random, d: date, year: bool = True) -> str:
    m, dd, y = d.month, d.day, d.year
    mon = MONTHS[m - 1]
    if not year:
        return rng.choice(
            [
                f"{mon} {ordinal(dd)}",
                f"{ordinal(dd)} of {mon}",
                f"{m}/{dd}",
                f"{mon[:3]} {dd}",
                f"{m:02d}/{dd:02d}",
                f"{mon} {dd}",
                f"{m}-{dd}",
            ]
        )
    return rng.choice(
        [
            f"{m}/{dd}/{y}",
            f"{m:02d}/{dd:02d}/{y}",
            f"{m}/{dd}/{y % 100:02d}",
            f"{y}-{m:02d}-{dd:02d}",
            f"{dd:02d}.{m:02d}.{y}",
            f"{mon} {dd}, {y}",
            f"{mon} {ordinal(dd)}, {y}",
            f"{ordinal(dd)} of {mon} {y}",
            f"{mon[:3]}. {dd} {y}",
            f"{dd} {mon[:3]} {y}",
            f"{m}-{dd}-{y}",
            f"{mon} {ordinal(dd)} {y}",
            f"{y}/{m:02d}/{dd:02d}",
        ]
    )


def ssn_digits(rng: random.Random) -> tuple[str, str, str]:
    area = rng.choice([n for n in range(1, 900) if n != 666])
    return f"{area:03d}", f"{rng.randint(1, 99):02d}", f"{rng.randint(1, 9999):04d}"


def mbi(rng: random.Random) -> str:
    letters = "ACDEFGHJKMNPQRTUVWXY"
    alnum = letters + "0123456789"
    c = [
        str(rng.randint(1, 9)),
        rng.choice(letters),
        rng.choice(alnum),
        str(rng.randint(0, 9)),
        rng.choice(letters),
        rng.choice(alnum),
        str(rng.randint(0, 9)),
        rng.choice(letters),
        rng.choice(letters),
        str(rng.randint(0, 9)),
        str(rng.randint(0, 9)),
    ]
    s = "".join(c)
    return s if rng.random() < 0.7 else f"{s[:4]}-{s[4:7]}-{s[7:]}"


def member_id(rng: random.Random) -> str:
    pre = rng.choice(["XZA", "JQU", "W", "H", "YKM", "MCD", "U", "ZGP"])
    return f"{pre}{rng.randint(10**7, 10**10 - 1)}" + rng.choice(["", "", "01", "A"])


def luhn_card(rng: random.Random) -> str:
    digits = [4] + [rng.randint(0, 9) for _ in range(14)]
    total = 0
    for i, dg in enumerate(reversed(digits)):
        v = dg * 2 if i % 2 == 0 else dg
        total += v - 9 if v > 9 else v
    digits.append((10 - total % 10) % 10)
    s = "".join(map(str, digits))
    return " ".join(s[i : i + 4] for i in range(0, 16, 4))


def obfuscate_email(rng: random.Random, e: str) -> str:
    local, dom = e.split("@")
    style = rng.randrange(4)
    if style == 0:
        return f"{local.replace('.', ' dot ')} at {dom.replace('.', ' dot ')}"
    if style == 1:
        return f"{local}[at]{dom}"
    if style == 2:
        return f"{local} (at) {dom}"
    return f"{local} @ {dom}"


# --------------------------------------------------------------------------- context and snippets


@dataclass
class Ctx:
    rng: random.Random
    p: Person
    biz: Biz
    agent_first: str
    agent_last: str
    tracking: Phone
    business: Phone
    fax: Phone
    visit: date
    appt: date
    lower: bool = False

    def ph(self, p: Phone | None = None) -> str:
        return fmt_phone(self.rng, p or self.p.phone)

    def clinic_email(self) -> str:
        return f"{self.rng.choice(['frontdesk', 'hello', 'scheduling', 'info'])}@{self.biz.domain}"


def s_intro(c: Ctx) -> Snip:
    r, p = c.rng, c.p
    nick = NICK.get(p.first)
    opts: list[list[Part]] = [
        ["Hi, it's ", L(p.first, "NAME"), " again. "],
        ["This is ", L(p.full, "NAME"), ". "],
        ["hey its ", L(p.first, "NAME"), " ", L(p.last, "NAME"), " "],
        ["Patient: ", L(f"{p.last}, {p.first}", "NAME"), ". "],
        ["Pt: ", L(p.full.upper(), "NAME"), " / "],
        [
            "Name is ",
            L(p.first, "NAME"),
            ", last name ",
            L("-".join(ch for ch in p.last.upper() if ch.isalpha()), "NAME"),
            ". ",
        ],
        ["my name's ", L(f"{p.first[0]}. {p.last}", "NAME"), ". "],
    ]
    if nick:
        opts.append(["it's ", L(nick, "NAME"), " (legal name ", L(f"{p.first} {p.last}", "NAME"), ") "])
    return r.choice(opts), False


def s_dob(c: Ctx) -> Snip:
    r = c.rng
    d = fmt_date(r, c.p.dob)
    cue = r.choice(["DOB ", "date of birth is ", "born ", "d.o.b.: ", "birthday ", "bday is ", "DOB: "])
    return [cue, L(d, "DATE"), ". "], False


def s_phone(c: Ctx) -> Snip:
    r, p = c.rng, c.p
    num = c.ph()
    k = r.randrange(10)
    if k == 0:
        return ["cell: ", L(num, "PHONE"), " "], False
    if k == 1:
        return ["c: ", L(num, "PHONE"), " | wk ", L(with_ext(r, c.ph(p.phone2)), "PHONE"), " "], False
    if k == 2:
        return ["mobile # ", L(num, "PHONE"), ". "], False
    if k == 3:
        return ["best number (", L(num, "PHONE"), ") after 5. "], False
    if k == 4:
        return [
            "you can text me at ",
            L(num, "PHONE"),
            " or my ",
            p.relation,
            " ",
            L(p.relative, "NAME"),
            " at ",
            L(c.ph(p.rel_phone), "PHONE"),
            ". ",
        ], False
    if k == 5:
        a, b, cc = (p.phone2 if p.phone2.cc == "1" else new_phone(r)).nanp()
        return ["new number is ", L(f"{a}-{b}-\n{cc}", "PHONE"), " "], False
    if k == 6:
        return [L(num, "PHONE"), " or ", L(c.ph(p.phone2), "PHONE"), " either works. "], False
    if k == 7:
        return ["call me back on ", L(num, "PHONE"), ", not the number I called from. "], False
    if k == 8:
        return ["ph ", L(num, "PHONE"), "; fax ", L(c.ph(p.phone2), "FAX"), ". "], False
    return ["reach me at ", L(fmt_phone(r, new_phone(r, intl=True)), "PHONE"), " while I'm abroad. "], False


def s_email(c: Ctx) -> Snip:
    r, e = c.rng, c.p.email
    k = r.randrange(9)
    if k == 0:
        return ["email ", L(e, "EMAIL"), ". "], False
    if k == 1:
        return ["my email is ", L(obfuscate_email(r, e), "EMAIL"), " "], False
    if k == 2:
        return [L(c.p.full, "NAME"), " <", L(e, "EMAIL"), ">, "], False
    if k == 3:
        return ["send it to ", L(e.upper(), "EMAIL"), ", thanks! "], False
    if k == 4:
        return ["e: ", L(e, "EMAIL"), "; "], False
    if k == 5:
        return ["(", L(e, "EMAIL"), ") "], False
    if k == 6:
        return ["Email me: mailto:", L(e, "EMAIL"), " "], False
    if k == 7:
        return ["my work one is ", L(e.split("@")[0] + "@corp.example.com", "EMAIL"), ". "], False
    return ["is it ", L(e, "EMAIL"), "? "], False


def s_ssn(c: Ctx) -> Snip:
    r = c.rng
    a, b, d = ssn_digits(r)
    k = r.randrange(7)
    if k == 0:
        return ["SSN: ", L(f"{a}-{b}-{d}", "SSN"), " "], False
    if k == 1:
        return ["social is ", L(f"{a} {b} {d}", "SSN"), ". "], False
    if k == 2:
        return ["SS# ", L(f"{a}{b}{d}", "SSN"), " "], False
    if k == 3:
        return ["last four is ", IG(d), ". "], False
    if k == 4:
        return ["soc sec ", L(f"{a}-{b}-{d}", "SSN"), " for the sliding scale. "], False
    if k == 5:
        return ["my social security number ", L(f"{a}{b}{d}", "SSN"), ". "], False
    return ["ssn ", L(f"{a}.{b}.{d}", "SSN"), " "], False


def s_insurance(c: Ctx) -> Snip:
    r = c.rng
    k = r.randrange(6)
    grp = f"{r.randint(100000, 999999)}"
    carrier = r.choice(CARRIERS)
    if k == 0:
        return [
            "I have ",
            carrier,
            ", member ID ",
            L(member_id(r), "HEALTH_PLAN"),
            ", group ",
            IG(grp),
            ". ",
        ], False
    if k == 1:
        return ["Medicare MBI ", L(mbi(r), "HEALTH_PLAN"), ". "], False
    if k == 2:
        return ["subscriber # ", L(member_id(r), "HEALTH_PLAN"), " (", carrier, "). "], False
    if k == 3:
        return [
            "Medicaid ID: ",
            L(f"{r.randint(10**8, 10**9 - 1)}{r.choice('ABCNX')}", "HEALTH_PLAN"),
            " ",
        ], False
    if k == 4:
        return ["ins id ", L(member_id(r), "HEALTH_PLAN"), " grp# ", IG(grp), " "], False
    return [
        "policy holder is my ",
        c.p.relation,
        " ",
        L(f"{c.p.relative} {c.p.last}", "NAME"),
        ", id ",
        L(member_id(r), "HEALTH_PLAN"),
        ". ",
    ], False


def s_address(c: Ctx) -> Snip:
    r, p = c.rng, c.p
    st = p.street + (f" {p.unit}" if p.unit else "")
    k = r.randrange(4)
    if k == 0:
        return [
            "address ",
            L(st, "GEO"),
            ", ",
            L(p.city, "GEO"),
            ", ",
            p.state,
            " ",
            L(p.zip5, "GEO"),
            ". ",
        ], False
    if k == 1:
        return ["I'm at ", L(st, "GEO"), " in ", L(p.city, "GEO"), ". "], False
    if k == 2:
        return [
            "mail it to ",
            L(st, "GEO"),
            " ",
            L(p.city, "GEO"),
            " ",
            p.state,
            " ",
            L(f"{p.zip5}-{p.zip4}", "GEO"),
            ". ",
        ], False
    return ["zip is ", L(p.zip5, "GEO"), ". "], False


def s_ids(c: Ctx) -> Snip:
    r, p = c.rng, c.p
    k = r.randrange(6)
    if k == 0:
        return ["MRN ", L(f"{r.randint(10**6, 10**8 - 1):08d}", "MRN"), ". "], False
    if k == 1:
        return ["chart # ", L(f"A-{r.randint(10000, 99999)}", "MRN"), " "], False
    if k == 2:
        return [
            "portal username ",
            L(f"{p.first[0].lower()}{p.last.lower().replace(' ', '')[:6]}{p.dob.year % 100}", "OTHER_ID"),
            ". ",
        ], False
    if k == 3:
        return ["patient ID P", L(f"{r.randint(100000, 999999)}", "MRN"), ". "], False
    if k == 4:
        return ["DL# ", L(f"{p.last[0].upper()}{r.randint(10**6, 10**7 - 1)}", "LICENSE"), " "], False
    handle = f"{p.first.lower()}.{re.sub(r'[^a-z]', '', p.last.lower())}{r.randint(1, 99)}"
    site = r.choice(
        ["fb: facebook.com/", "IG https://instagram.com/", "https://www.linkedin.com/in/", "tiktok.com/@"]
    )
    cue, _, host = site.rpartition(" ")
    return [cue + (" " if cue else ""), L(host + handle, "URL"), " "], False


def s_health(c: Ctx) -> Snip:
    r = c.rng
    reason = r.choice(c.biz.reasons)
    return [
        r.choice(["calling about ", "need to be seen for ", "it's for ", "re: "]),
        reason,
        ". ",
    ], c.biz.health


def s_appt(c: Ctx) -> Snip:
    r = c.rng
    d = fmt_date(r, c.appt, year=r.random() < 0.3)
    t = r.choice(["9:15", "2:30 PM", "10am", "3:45pm", "noon"])
    doc = r.choice(c.biz.providers)
    return [
        r.choice(["booked for ", "appt ", "can I come in ", "moved to "]),
        L(d, "DATE"),
        " at ",
        t,
        " with ",
        IG(doc),
        ". ",
    ], False


def s_visit(c: Ctx) -> Snip:
    d = fmt_date(c.rng, c.visit, year=c.rng.random() < 0.5)
    return ["was last seen ", L(d, "DATE"), ". "], False


def s_elder(c: Ctx) -> Snip:
    r = c.rng
    age = r.randint(90, 101)
    k = r.randrange(3)
    if k == 0:
        return [
            "it's for my grandmother ",
            L(r.choice(FIRST), "NAME"),
            ", she's ",
            L(str(age), "AGE"),
            ". ",
        ], False
    if k == 1:
        return [
            "Guardian - ",
            L(f"{r.choice(FIRST)} {c.p.last}", "NAME"),
            " calling for dad (",
            L(str(age), "AGE"),
            " y/o). ",
        ], False
    return ["Mom: ", L(f"{r.choice(FIRST)} {c.p.last}", "NAME"), ", age ", L(str(age), "AGE"), ". "], False


def s_ip(c: Ctx) -> Snip:
    return [c.rng.choice(["my IP shows ", "ip: ", "(from ", "IP addr "]), L(c.p.ip, "IP"), " "], False


def s_neg(c: Ctx) -> Snip:
    """Look-alikes: business numbers, confirmation codes, NPIs, prices, dosages, years, ages <= 89."""
    r = c.rng
    k = r.randrange(14)
    if k == 0:
        return ["I called the number on your ad, ", fmt_phone(r, c.tracking), ". "], False
    if k == 1:
        a, b, d = ssn_digits(r)
        return ["confirmation # ", f"{a}-{b}-{d}", ". "], False
    if k == 2:
        return ["ref ", f"{r.randint(10**8, 10**9 - 1)}", " from the last call. "], False
    if k == 3:
        return ["NPI ", f"1{r.randint(10**8, 10**9 - 1)}", " for the referral. "], False
    if k == 4:
        return ["routing # 0", f"{r.randint(10**7, 10**8 - 1)}", " for the refund. "], False
    if k == 5:
        what = "copay" if c.biz.health else "deposit"
        return [f"the {what} was $", f"{r.randint(15, 90)}.00", " last time. "], False
    if k == 6 and not c.biz.health:
        return ["the quote said ", f"{r.randint(2, 9)} hours", " of labor. "], False
    if k == 6:
        med = r.choice(["lisinopril", "sertraline", "metformin", "atorvastatin", "gabapentin"])
        return ["taking ", f"{r.choice([5, 10, 20, 40])} mg", f" {med} daily. "], True
    if k == 7:
        return ["since ", str(r.randint(2005, 2023)), ". "], False
    if k == 8:
        return ["she's ", str(r.randint(20, 89)), ". "], False
    if k == 9:
        return ["order ", f"#{r.randint(100000, 999999)}", " hasn't shipped. "], False
    if k == 10:
        return ["next Tuesday or in two weeks works. "], False
    if k == 11:
        return ["is your fax still ", fmt_phone(r, c.fax), "? "], False
    if k == 12:
        return [
            "ticket ",
            f"{r.randint(10**8, 10**9 - 1)}",
            " about ",
            r.choice(CARRIERS),
            " billing. ",
        ], False
    return ["press 2 took me to the wrong line. "], False


PII_SNIPS: list[Callable[[Ctx], Snip]] = [
    s_dob,
    s_phone,
    s_email,
    s_ssn,
    s_insurance,
    s_address,
    s_ids,
    s_appt,
    s_visit,
    s_elder,
    s_ip,
]
NONHEALTH_SNIPS: list[Callable[[Ctx], Snip]] = [s_phone, s_email, s_ssn, s_address, s_appt]


def auto_ids(c: Ctx) -> Snip:
    r = c.rng
    vin = "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))
    letters = "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
    plate = f"{r.randint(1, 9)}{letters}{r.randint(100, 999)}"
    k = r.randrange(3)
    if k == 0:
        return ["VIN ", L(vin, "VEHICLE"), ". "], False
    if k == 1:
        return ["plate ", L(plate, "VEHICLE"), ". "], False
    return ["card ", L(luhn_card(r), "ACCOUNT"), " for the deposit. "], False


def device_id(c: Ctx) -> Snip:
    r = c.rng
    sn = r.choice(["SN ", "S/N ", "serial ", "SN# "])
    val = f"{r.choice(['RS', 'HA', 'TX', 'CP'])}{r.randint(10**7, 10**9)}"
    thing = {"audio": "hearing aid", "hvac": "thermostat"}.get(c.biz.kind, "CPAP")
    return [f"my {thing} ", sn, L(val, "DEVICE"), ". "], c.biz.kind == "audio"


def pick_snips(c: Ctx, n: int) -> list[Snip]:
    r = c.rng
    pool = PII_SNIPS if c.biz.health else NONHEALTH_SNIPS
    out = [r.choice(pool)(c) for _ in range(n)]
    if c.biz.kind == "auto" and r.random() < 0.7:
        out.append(auto_ids(c))
    if c.biz.kind in ("audio", "hvac") and r.random() < 0.6:
        out.append(device_id(c))
    if c.biz.kind == "legal" and r.random() < 0.4:
        out.append(auto_ids(c) if r.random() < 0.2 else s_ids(c))
    if r.random() < 0.6:
        out.append(s_neg(c))
    r.shuffle(out)
    return out


def join(snips: list[Snip]) -> Snip:
    parts: list[Part] = []
    health = False
    for sp, h in snips:
        parts.extend(sp)
        health = health or h
    return parts, health


# --------------------------------------------------------------------------- field writers


def agent_speaker(c: Ctx, i: int) -> list[Part]:
    style = i % 4
    if style == 0:
        return ["Agent: "]
    if style == 1:
        return [IG(c.agent_first), ": "]
    if style == 2:
        return ["REP> "]
    return ["Speaker 1: "]


def transcript(c: Ctx, rec: Rec, path: str) -> None:
    r = c.rng
    style = r.randrange(4)
    clabel = ["Caller: ", "Customer: ", "CALLER> ", "Speaker 2: "][style]

    def ag() -> list[Part]:
        return agent_speaker(c, style)

    greets: list[list[Part]] = [
        [f"Thank you for calling {c.biz.name}, this is ", IG(c.agent_first), ", how can I help?"],
        [
            "you've reached ",
            c.biz.name,
            " at ",
            fmt_phone(r, c.tracking),
            ", ",
            IG(c.agent_first),
            " speaking.",
        ],
        [f"{c.biz.name}, ", IG(c.agent_first), " here. Please note this call is recorded."],
    ]
    greet = r.choice(greets)
    parts: list[Part] = [*ag(), *greet, "\n"]
    intro, _ = s_intro(c)
    health_parts, health = s_health(c)
    parts += [clabel, *intro, *health_parts, "\n"]
    for sp, h in pick_snips(c, r.randint(2, 4)):
        parts += [
            *ag(),
            r.choice(["Can I get that info? ", "Okay. ", "And? ", "Got it. "]),
            "\n",
            clabel,
            *sp,
            "\n",
        ]
        health = health or h
    parts += [
        *ag(),
        r.choice(["Our fax is ", "Our direct line is "]),
        fmt_phone(r, c.fax),
        ", or email ",
        c.clinic_email(),
        ". Anything else?\n",
        clabel,
        "No, thanks ",
        IG(c.agent_first),
        ".",
    ]
    rec.text(path, parts, health=health, lower=c.lower)


def sms_thread(c: Ctx, rec: Rec, path: str) -> None:
    r = c.rng
    them = r.choice(["Them", "Patient", "Contact", "Inbound", c.p.first])
    us = r.choice(["Us", "Office", "Front Desk", "Outbound"])
    parts: list[Part] = []
    health = False

    def line(who: str, body: list[Part], is_name: bool = False) -> None:
        t = f"{r.randint(1, 12)}:{r.randint(0, 59):02d}{r.choice(['a', 'p', ' PM', ' AM'])}"
        parts.extend(["[", t, "] ", L(who, "NAME") if is_name else who, ": ", *body, "\n"])

    sig = [f" -{c.biz.name} ", fmt_phone(r, c.business), ". Reply STOP to opt out"]
    line(us, [f"Hi! This is {c.biz.name} confirming your request. Reply YES to confirm.", *sig])
    intro, _ = s_intro(c)
    hp, health = s_health(c)
    line(them, [*intro, *hp], is_name=them == c.p.first)
    for sp, h in pick_snips(c, r.randint(2, 3)):
        line(us, [r.choice(["Thanks, can you send ", "Please confirm ", "We still need "]), "that?"])
        line(them, sp, is_name=them == c.p.first)
        health = health or h
    line(us, ["You're all set. Questions? Call ", fmt_phone(r, c.tracking), " or ", c.clinic_email(), "."])
    rec.text(path, parts, health=health)


def chat(c: Ctx, rec: Rec, base: str, t0: datetime) -> None:
    r = c.rng
    who_v = r.choice(["visitor", "Visitor", "Guest 4412", c.p.first, "web user"])
    i = 0

    def msg(frm: str, frm_cat: str, body: Snip) -> None:
        nonlocal i
        rec.put(f"{base}[{i}].from", frm, frm_cat)
        rec.text(f"{base}[{i}].body", body[0], health=body[1])
        rec.put(f"{base}[{i}].time", (t0 + timedelta(seconds=40 * i)).strftime("%Y-%m-%dT%H:%M:%SZ"), IGN)
        i += 1

    vcat = "NAME" if who_v == c.p.first else ""
    brand = c.biz.name.split()[0]
    msg(c.agent_first, IGN, ([f"Hi there! Welcome to {brand}. How can we help today?"], False))
    intro, _ = s_intro(c)
    hp, h = s_health(c)
    msg(who_v, vcat, ([*intro, *hp], h))
    for sp in pick_snips(c, r.randint(2, 4)):
        msg(
            c.agent_first,
            IGN,
            ([r.choice(["Thanks! Next: ", "Great. ", "Can you share your details? "])], False),
        )
        msg(who_v, vcat, sp)
    msg(
        c.agent_first,
        IGN,
        ([f"Thanks! Someone will call you from {fmt_phone(r, c.tracking)} shortly."], False),
    )


FORM_LABELS = {
    "dob": ["Date of Birth", "dob", "DOB (mm/dd/yyyy)", "date_of_birth", "Your birthday?", "Birthdate*"],
    "phone": ["Best # to reach you", "Phone", "cell_phone", "Mobile Number*", "Alt. phone"],
    "reason": ["Reason for visit", "How can we help?", "reason", "Describe your symptoms", "Comments"],
    "ins": ["Insurance Member ID#", "member_id", "Insurance ID", "Subscriber ID (front of card)"],
    "addr": ["Street Address", "address_line_1", "Mailing address"],
    "zip": ["ZIP", "Zip Code", "postal"],
    "pref": ["Preferred time", "Best time to call", "preferred_contact_time"],
    "guardian": ["Parent/Guardian Name", "guardian", "Responsible party"],
}


def form(c: Ctx, rec: Rec) -> None:
    r, p = c.rng, c.p
    rec.put(
        "form.name",
        r.choice(["Request an Appointment", "New Patient Intake", "Contact Us", "Free Quote"]),
    )
    # form.name is the form's title (as in CTM); the submitter's name has its own key
    rec.put("form.submitter_name", p.full if r.random() < 0.7 else p.full.upper(), "NAME")
    rec.put("form.email", p.email if r.random() < 0.8 else p.email.upper(), "EMAIL")
    rec.put("form.phone", fmt_phone(r, p.phone), "PHONE")
    i = 0

    def field_(kind: str, parts: list[Part], health: bool = False) -> None:
        nonlocal i
        rec.put(f"form.custom[{i}].label", r.choice(FORM_LABELS[kind]))
        rec.text(f"form.custom[{i}].value", parts, health=health)
        i += 1

    if c.biz.health or r.random() < 0.3:
        field_("dob", [L(fmt_date(r, p.dob), "DATE")])
    hp, h = join([s_health(c), *([s_neg(c)] if r.random() < 0.4 else [])])
    field_("reason", hp, h)
    if r.random() < 0.6:
        field_("phone", [L(with_ext(r, c.ph(p.phone2)) if r.random() < 0.3 else c.ph(p.phone2), "PHONE")])
    if c.biz.health and r.random() < 0.6:
        field_("ins", [L(member_id(r) if r.random() < 0.7 else mbi(r), "HEALTH_PLAN")])
    if r.random() < 0.5:
        field_("addr", [L(p.street + (f", {p.unit}" if p.unit else ""), "GEO")])
    if r.random() < 0.4:
        field_("zip", [L(p.zip5, "GEO")])
    if r.random() < 0.5:
        field_("pref", [r.choice(["mornings", "after 3pm", "weekends only", "any time M-F"])])
    if p.dob.year > 2007 or r.random() < 0.2:
        field_("guardian", [L(f"{p.relative} {p.last}", "NAME")])
    if r.random() < 0.3:
        extra = pick_snips(c, 1)
        field_("reason", *join(extra))
    q = f"first={p.first.split()[0]}&email={p.email.replace('@', '%40')}&phone={p.phone.bare}"
    slug = r.choice(c.biz.services)
    rec.put("form.page_url", f"https://{c.biz.domain}/{slug}/thank-you?{q}", "URL")
    if c.biz.health:
        rec.health.append("form.page_url")


def custom_fields(c: Ctx, rec: Rec) -> None:
    r, p = c.rng, c.p
    style = r.randrange(5)
    if style == 0:
        rec.put("custom_fields", {})
        return
    if style == 1:
        rec.put("custom_fields.Patient DOB", fmt_date(r, p.dob), "DATE")
        rec.put("custom_fields.pt_phone_2", fmt_phone(r, p.phone2), "PHONE")
        rec.put("custom_fields.Preferred Clinic", c.biz.city, IGN)
        if c.biz.health:
            rec.put("custom_fields.Chief Complaint", r.choice(c.biz.reasons))
            rec.health.append("custom_fields.Chief Complaint")
        return
    if style == 2:
        who = "patient" if c.biz.health else "contact"
        rec.put(f"custom_fields.{who}.first", p.first, "NAME")
        rec.put(f"custom_fields.{who}.last", p.last, "NAME")
        rec.put(f"custom_fields.{who}.birth_date", p.dob.isoformat(), "DATE")
        rec.put("custom_fields.zip_code", int(p.zip5), "GEO")
        rec.put("custom_fields.lead_score", r.randint(1, 100))
        return
    if style == 3:
        if c.biz.health:
            rec.put("custom_fields.coverage[0].carrier", r.choice(CARRIERS))
            rec.put("custom_fields.coverage[0].subscriberId", member_id(r), "HEALTH_PLAN")
            rec.put("custom_fields.coverage[0].group", f"{r.randint(10000, 99999)}", IGN)
        rec.put("custom_fields.confirmation_no", f"{r.randint(10**8, 10**9 - 1)}")
        rec.put("custom_fields.Referring NPI", f"1{r.randint(10**8, 10**9 - 1)}")
        return
    rec.put("custom_fields.guardian-name", f"{p.relative} {p.last}", "NAME")
    rec.put("custom_fields.customer_id", f"C{r.randint(10**7, 10**8 - 1)}", "OTHER_ID")
    rec.put("custom_fields.order_id", f"ORD-{r.randint(100000, 999999)}")


# --------------------------------------------------------------------------- one record


def make_record(rng: random.Random, i: int) -> Rec:
    health_biz = [b for b in BIZES if b.health]
    other_biz = [b for b in BIZES if not b.health]
    biz = rng.choice(other_biz) if i % 10 == 7 else rng.choice(health_biz)
    p = new_person(rng, adult=not biz.health)
    af, al = rng.choice(AGENTS)
    tracking = (
        Phone("1", (rng.choice(["800", "888", "877"]), "555", f"01{rng.randint(0, 99):02d}"))
        if (rng.random() < 0.3)
        else new_phone(rng)
    )
    business, fax = new_phone(rng), new_phone(rng)
    called = datetime(
        2025,
        rng.randint(1, 6),
        rng.randint(1, 28),
        rng.randint(8, 18),
        rng.randint(0, 59),
        tzinfo=timezone(timedelta(hours=-rng.choice([5, 6, 7, 8]))),
    )
    visit = (called - timedelta(days=rng.randint(20, 400))).date()
    appt = (called + timedelta(days=rng.randint(1, 40))).date()
    kind = ["call", "call", "call", "call", "sms", "sms", "chat", "chat", "form", "form"][rng.randrange(10)]
    c = Ctx(
        rng,
        p,
        biz,
        af,
        al,
        tracking,
        business,
        fax,
        visit,
        appt,
        lower=kind == "call" and rng.random() < 0.25,
    )
    rec = Rec(f"c-{i:04d}")
    put = rec.put

    put("id", rng.randint(10**8, 10**9 - 1))
    put(
        "sid",
        ("CA" if kind == "call" else "SM" if kind == "sms" else "CH" if kind == "chat" else "FR")
        + "".join(rng.choice("0123456789abcdef") for _ in range(32)),
    )
    put("account_id", rng.randint(100000, 999999))
    # ---- caller identity
    nk = rng.randrange(8)
    if nk == 0:
        put("name", "Wireless Caller")
    elif nk == 1:
        put("name", f"{p.last}, {p.first}", "NAME")
    elif nk == 2:
        put("name", p.full.upper(), "NAME")
    elif nk == 3:
        put("name", p.first, "NAME")
    else:
        put("name", p.full, "NAME")
    ck = rng.randrange(5)
    if ck == 0:
        put("cnam", f"{p.last.upper()} {p.first.upper()}"[:15], "NAME")
    elif ck == 1:
        put("cnam", rng.choice(["WIRELESS CALLER", "UNKNOWN", "TOLL FREE CALL", "UNAVAILABLE"]))
    elif ck == 2:
        rec.text("cnam", [L(p.city.upper(), "GEO"), " ", p.state])
    else:
        put("cnam", None)
    email_shape = rng.randrange(4)
    em = p.email.upper() if email_shape == 0 else p.email
    put("email", em if email_shape != 3 else None, "EMAIL")
    put("street", (p.street + (f" {p.unit}" if p.unit else "")) if rng.random() < 0.5 else None, "GEO")
    put("city", p.city if rng.random() < 0.8 else None, "GEO")
    put("state", p.state)
    put("country", "US")
    put("postal_code", rng.choice([p.zip5, f"{p.zip5}-{p.zip4}", None]), "GEO")
    has_ll = rng.random() < 0.4
    put("latitude", p.lat if has_ll else None, "GEO")
    put("longitude", p.lon if has_ll else None, "GEO")
    ph = p.phone
    if kind == "form" and rng.random() < 0.3:
        for k in ("caller_number", "caller_number_format", "caller_number_complete", "caller_number_bare"):
            put(k, None)
    else:
        put("caller_number", ph.e164, "PHONE")
        put("caller_number_format", fmt_phone(rng, ph, 4) if ph.cc == "1" else fmt_phone(rng, ph), "PHONE")
        put("caller_number_complete", ph.e164, "PHONE")
        put("caller_number_bare", ph.bare, "PHONE")
        split = [ph.cc, *ph.groups]
        for j, s in enumerate(split):
            put(f"caller_number_split[{j}]", s, IGN)
    put("alternative_number", fmt_phone(rng, p.phone2) if rng.random() < 0.35 else None, "PHONE")
    if rng.random() < 0.25:
        put("contact_number", p.phone2.e164, "PHONE")
    if rng.random() < 0.2:
        put("emails[0]", p.email, "EMAIL")
        put("emails[1]", new_email(rng, p.first, p.last), "EMAIL")
    if rng.random() < 0.3:
        digits = p.street.split()[0]
        if digits.isdigit():
            put("extended_lookup.street_number", digits, "GEO")
            put("extended_lookup.street_name", " ".join(p.street.split()[1:]), "GEO")
        put("extended_lookup.first_name", p.first.upper(), "NAME")
        put("extended_lookup.last_name", p.last.upper(), "NAME")
        put("extended_lookup.city", p.city, "GEO")
        put("extended_lookup.state", p.state)
        put("extended_lookup.zipcode", p.zip5, "GEO")
        put("extended_lookup.carrier", rng.choice(["T-Mobile USA", "Verizon Wireless", "AT&T Mobility"]))
        put("extended_lookup.line_type", rng.choice(["mobile", "landline", "voip"]))
        put("extended_lookup.age_range", rng.choice(["25-34", "35-44", "45-54", "65+"]))
    if rng.random() < 0.15:
        put("geo.lat", round(p.lat + 0.01, 5), "GEO")
        put("geo.lon", round(p.lon - 0.01, 5), "GEO")
    put("is_new_caller", rng.random() < 0.6)
    direction = {"sms": "msg_inbound", "chat": "chat", "form": "form"}.get(kind, "inbound")
    put("direction", direction)
    put("status", "completed")
    put("called_at", called.strftime("%Y-%m-%d %I:%M %p %z")[:-2] + ":" + called.strftime("%z")[-2:], IGN)
    put("unix_time", int(called.timestamp()), IGN)
    put("duration", rng.randint(0, 1500) if kind == "call" else 0)
    # ---- business side (negatives)
    put("tracking_number", tracking.e164)
    put("tracking_number_id", rng.randint(10000, 99999))
    put("tracking_number_format", fmt_phone(rng, tracking, 4))
    put("tracking_number_bare", "".join(tracking.groups))
    put("business_number", business.e164)
    put("business_number_format", fmt_phone(rng, business, 4))
    put("business_label", rng.choice(["Front Desk", "Main Line", "After Hours", "Scheduling"]))
    put("source", rng.choice(["Google Ads", "Google Organic", "Facebook", "Yelp", "Direct", "Bing Ads"]))
    put("medium", rng.choice(["cpc", "organic", "social", "direct"]))
    lab = rng.choice([*biz.labels, "Main Website", "Website Pool"])
    put("tracking_label", lab)
    if biz.health and lab in biz.labels:
        rec.health.append("tracking_label")
    put("campaign", rng.choice(biz.campaigns))
    if biz.health:
        rec.health.append("campaign")
    if rng.random() < 0.6:
        put("keyword", rng.choice(biz.keywords))
        if biz.health:
            rec.health.append("keyword")
    slug = rng.choice(biz.services)
    gclid = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789_-") for _ in range(24))
    loc = f"https://{biz.domain}/services/{slug}?utm_source=google&gclid="
    rec.text("location", [loc, IG(gclid)], health=biz.health)
    put("referrer", rng.choice(["https://www.google.com/", "https://m.facebook.com/", "", None]))
    if rng.random() < 0.85:
        put("visitor_ip", p.ip, "IP")
    else:
        put("visitor_ip", None)
    put("visitor_sid", "".join(rng.choice("0123456789abcdef") for _ in range(20)), IGN)
    if rng.random() < 0.4:
        put("webvisit.location_host", biz.domain)
        put("webvisit.location_path", f"/services/{slug}")
        if biz.health:
            rec.health.append("webvisit.location_path")
        put("webvisit.browser", rng.choice(["Chrome 122", "Safari 17", "Firefox 124"]))
        put("webvisit.device", rng.choice(["mobile", "desktop"]))
    if rng.random() < 0.3:
        put("ga.cid", f"{rng.randint(10**8, 10**9)}.{rng.randint(10**8, 10**9)}", IGN)
    # ---- agent (negatives)
    agent_id = f"USR{rng.randint(10**7, 10**8 - 1):X}"
    put("agent_id", agent_id)
    put("agent.id", agent_id)
    put("agent.name", f"{af} {al}")
    put("agent.email", f"{af.lower()}.{al.lower()}@{biz.domain}")
    # ---- tags
    tags = rng.sample(["new patient", "existing", "spanish", "booked", "voicemail", "spam?", "follow up"], 2)
    if rng.random() < 0.6:
        tags.append(slug.replace("-", " "))
    for j, t in enumerate(tags):
        put(f"tag_list[{j}]", t)
        if biz.health and t == slug.replace("-", " "):
            rec.health.append(f"tag_list[{j}]")
    # ---- content by kind
    if kind == "call":
        transcript(c, rec, "transcription_text")
        sm_parts, sm_h = s_health(c)
        whos: list[list[Part]] = [[L(p.full, "NAME")], [L(p.first, "NAME")], ["Caller"]]
        who = rng.choice(whos)
        rec.text("summary", [*who, " ", *sm_parts, "Follow-up booked."], health=sm_h)
        put(
            "audio",
            f"https://app.calltrackingmetrics.com/accounts/AC{rng.getrandbits(64):016x}/recordings/"
            f"RE{rng.getrandbits(64):016x}",
            "BIOMETRIC",
        )
    elif kind == "sms":
        sms_thread(c, rec, "message_body")
    elif kind == "chat":
        chat(c, rec, "chat_messages", called.astimezone(UTC).replace(tzinfo=None))
    else:
        form(c, rec)
    if rng.random() < 0.55:
        nparts, nh = join(pick_snips(c, rng.randint(1, 2)))
        if rng.random() < 0.5:
            # the agent's first name is workforce data and the closure date a business event: ignored
            closed = fmt_date(rng, (called + timedelta(days=rng.randint(2, 30))).date(), year=False)
            nparts = [IG(af), ": ", *nparts, "Office closed ", IG(closed), "."]
        rec.text("notes", nparts, health=nh)
    else:
        put("notes", rng.choice(["", None, "LVM", "no answer x2"]))
    custom_fields(c, rec)
    put("call_path[0].route_name", rng.choice(["Main IVR", "Scheduling Queue", "After Hours VM"]))
    put("call_path[0].started_at", called.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), IGN)
    put("indexed_at", (called + timedelta(minutes=20)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), IGN)
    if rng.random() < 0.15:
        put("sale.name", rng.choice(["Booked", "Quoted"]))
        put("sale.value", rng.randint(50, 900))
        put("sale.sale_date", appt.isoformat(), IGN)
    return rec


# --------------------------------------------------------------------------- output and self-check


def generate() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    return [make_record(rng, i).as_json() for i in range(N_RECORDS)]


def check(records: list[dict[str, Any]]) -> list[str]:
    errors: list[str] = []
    for r in records:
        rid, payload = r["id"], r["payload"]
        by_path: dict[str, list[tuple[int, int]]] = {}
        for kind in ("labels", "ignore"):
            for s in r[kind]:
                try:
                    v = resolve(payload, s["path"])
                except (KeyError, IndexError, TypeError):
                    errors.append(f"{rid}: {kind} path {s['path']} does not resolve")
                    continue
                if isinstance(v, (dict, list)) or v is None:
                    errors.append(f"{rid}: {kind} path {s['path']} is not a leaf")
                    continue
                text = v if isinstance(v, str) else json.dumps(v)
                if not 0 <= s["start"] < s["end"] <= len(text):
                    errors.append(f"{rid}: bad span {s} in {text!r}")
                if not isinstance(v, str) and (s["start"], s["end"]) != (0, len(text)):
                    errors.append(f"{rid}: number leaf span must be whole: {s}")
                if kind == "labels":
                    by_path.setdefault(s["path"], []).append((s["start"], s["end"]))
                    if text[s["start"] : s["end"]] != text[s["start"] : s["end"]].strip():
                        errors.append(f"{rid}: span has outer whitespace {s}")
        for path, spans in by_path.items():
            spans.sort()
            for (_, e0), (s1, _) in itertools.pairwise(spans):
                if s1 < e0:
                    errors.append(f"{rid}: overlapping labels in {path}")
        for path in r["health_paths"]:
            try:
                v = resolve(payload, path)
            except (KeyError, IndexError, TypeError):
                errors.append(f"{rid}: health path {path} does not resolve")
                continue
            if not isinstance(v, str) or not v:
                errors.append(f"{rid}: health path {path} is not a non-empty string leaf")
        if len(set(r["health_paths"])) != len(r["health_paths"]):
            errors.append(f"{rid}: duplicate health paths")
    return errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="self-check the generated spans, write nothing")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    records = generate()
    errors = check(records)
    if args.check:
        for e in errors[:50]:
            print(e, file=sys.stderr)
        n_labels = sum(len(r["labels"]) for r in records)
        print(f"{len(records)} records, {n_labels} labels, {len(errors)} errors")
        return 1 if errors else 0
    if errors:
        print("\n".join(errors[:50]), file=sys.stderr)
        return 1
    with args.out.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
