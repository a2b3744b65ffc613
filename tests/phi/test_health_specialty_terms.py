"""The specialty vocabulary (data/health_specialty_terms.txt): what each kind of clinic's patients
and front desks say or write names health, while the words it kept only as phrases ("stress
echo", "av fistula", "hammer toe") stay everyday alone, and terms with a business sense were left
out ("advance directive" is an estate lawyer's, "retainer" a lawyer's, "night guard" a guard's).
"""

from __future__ import annotations

from importlib import resources

import pytest

from ctm_hipaa.phi import contains_health_information as health
from ctm_hipaa.phi.lexicon import entries

TERMS = entries("health_specialty_terms")
DATA = resources.files("ctm_hipaa.phi").joinpath("data", "health_specialty_terms.txt")


def test_the_file_is_grouped_by_specialty_with_short_lower_case_entries() -> None:
    text = DATA.read_text(encoding="utf-8")
    headers = [line for line in text.splitlines() if line.startswith("# --- ")]
    assert len(headers) >= 30
    assert all(t == t.lower() and 1 <= len(t.split()) <= 4 for t in TERMS)


@pytest.mark.parametrize("term", TERMS)
def test_every_entry_names_health(term: str) -> None:
    assert health(term)


@pytest.mark.parametrize(
    "text",
    [
        "pt scheduled for cardioversion next tuesday",  # cardiology
        "stress echo ordered, needs to be npo",
        "new pt referred for gastroparesis",  # gastroenterology
        "fibroscan appt, bring insurance card",  # hepatology
        "her av fistula is clotted again",  # nephrology and dialysis
        "hemodialysis chair time moved to MWF afternoons",
        "neulasta the day after cycle 3",  # oncology and infusion
        "son has sickle cell, asking about a specialist",  # hematology
        "spirometry before the appointment",  # pulmonology
        "narcolepsy eval, daytime sleepiness",  # sleep medicine
        "wants a second opinion on her hashimoto's",  # endocrinology
        "scleroderma follow up in 3 months",  # rheumatology
        "caller's husband has myasthenia gravis",  # neurology
        "vp shunt revision consult",  # neurosurgery
        "bulging disc at L4, wants to avoid surgery",  # spine
        "asking about radiofrequency ablation for her neck",  # pain management
        "torn meniscus from soccer",  # orthopedics and sports medicine
        "hammer toe on the left foot",  # podiatry
        "swallow study results for my dad",  # speech therapy
        "pt eval then gait training twice a week",  # physical therapy
        "subluxation at c5 per the chiropractor's note",  # chiropractic
        "lithotripsy scheduled for friday",  # urology
        "nt scan at 12 weeks",  # obstetrics
        "hoping for a water birth",  # midwifery and birth center
        "vbac consult",
        "hsg before the next cycle",  # fertility
        "she was diagnosed with developmental delay",  # pediatrics
        "baby has a tongue tie and trouble nursing",  # nicu and lactation
        "low milk supply, looking for help",
        "mom has started sundowning in the evenings",  # geriatrics
        "he's been on palliative care since june",  # hospice and palliative care
        "needs a personal care aide three days a week",  # home health
        "asking if insurance covers a patient lift",  # durable medical equipment
        "debridement every friday at the wound clinic",  # wound care
        "spider veins on both legs",  # vascular and vein
        "squamous cell on his scalp",  # dermatology
        "consult for a breast lift and fat transfer",  # plastic surgery
        "booked a vampire facial for saturday",  # med spa
        "dry socket after the extraction on monday",  # dentistry and oral surgery
        "scaling and root planing, upper left quadrant",
        "deviated septum, referred by her pcp",  # ent
        "hoarseness for six weeks",
        "keratoconus follow up with the cornea doctor",  # ophthalmology and optometry
        "skin prick test on thursday, stop antihistamines",  # allergy and immunology
        "positive tb test at work, needs a chest x-ray",  # infectious disease
        "annual wellness visit for medicare",  # primary care
        "asking about ketamine for depression",  # psychiatry
        "wants emdr for trauma",  # therapy and counseling
        "looking for a mat program near him",  # addiction and substance use disorder
        "daughter has arfid, asking about groups",  # eating disorders
        "bcba assessment for my son",  # aba and autism
        "gainswave consult",  # men's health
        "hrt consult, mid 40s",  # women's health
        "bone scan and contrast dye allergy",  # labs and imaging
        "waiting on prior authorization for his meds",  # pharmacy
        "nemt ride to dialysis on tuesday",  # non-emergency medical transport
        "splinter removal, walk in",  # urgent care
        "tdap for her new job",
        "duodenal switch consult, bmi over 50",  # bariatrics and weight loss
        "tardive dyskinesia from his old meds",  # psychiatry
        "his sponsor says go to an aa meeting tonight",  # addiction
        "body dysmorphia, wants a therapist",  # eating disorders
        "social skills group on saturdays",  # aba and autism
        "palatal expander adjustment",  # orthodontics
        "yag laser after cataract surgery",  # ophthalmology
        "viral load came back undetectable",  # infectious disease
        "preop clearance before her knee",  # primary care
        "pdo threads or a thread lift",  # med spa
        "zio patch for two weeks",  # part 4: a second pass
        "h pylori breath test",
        "factor v leiden runs in her family",
        "pulse ox was 91 at home",
        "ms flare, needs an appointment this week",
        "si joint injection next month",
        "trigger finger on her right hand",
        "urolift consult",
        "hyperemesis, can't keep anything down",
        "donor eggs after two failed cycles",
        "kangaroo care in the nicu",
        "needs a feeding pump and trach supplies",
        "unna boot change on thursday",
        "vitiligo spreading on his hands",
        "laughing gas for my son's fillings",
        "medicaid ride to her appointment",
    ],
)
def test_a_specialtys_patients_and_front_desk_name_health(text: str) -> None:
    assert health(text)


@pytest.mark.parametrize(
    "text",
    [
        "the echo in the hall is terrible",  # "stress echo" only, never "echo" alone
        "replacing the valve on the water heater",  # "heart valve", "mitral valve" only
        "the brake disc replacement is done",  # "bulging disc" only
        "a hammer and a steel toe boot",  # "hammer toe" only
        "the caller wants an advance directive and a will drafted",  # an estate lawyer's
        "the retainer for the attorney is due friday",  # a lawyer's retainer
        "we need a night guard for the warehouse",  # a security guard
        "the terminal at the airport",
        "she falls asleep on the couch",
        "the latch on the gate is broken",
        "premature to say whether the deal closes",
        "the dryer duct is clogged",
        "the growth chart for q3 revenue",
        "Sunrise Birth Center thank you for calling",  # a clinic's own name is no patient's health
        "the retina display on my laptop cracked",  # "retinal" words only as a phrase
        "a prep cook for the weekend shift",
        "the echo dot keeps disconnecting",  # "echo" is kept out; "my echo" is the lay rule's
        "the propane refill is due",
        "the interest compounded monthly",
        "check the doppler radar before the roofers come",  # no "doppler" alone
        "we saw it on the cbc news",  # no short ambiguous letters ("cbc", "bmp", "ipl", "bv")
        "sealants and fluoride filters for the driveway and the well",
        "early intervention keeps the project on schedule",
        "patch testing on the staging server",
        "the retinal scan at the door of the data center",
        "a manic monday at the shop",
        "a 90 day supply of coffee pods",
        "the labcorp courier picks up at 3",  # a lab's company name is nobody's health
        "how much is a new patient visit without insurance",  # clinic logistics
        "please call us back or if you prefer email us",  # no "callus", no "orif": they join
        "a pt session with my trainer at the gym",  # "pt session" is a gym's too
        "school shots and kindergarten shots on picture day",  # photographs
        "the pool pump supplies are on back order",
        "fall prevention training for the roofing crew",
        "the egg quality from our hens is great",
        "a two week wait for the part",
    ],
)
def test_words_with_an_everyday_sense_were_kept_only_as_phrases_or_left_out(text: str) -> None:
    assert not health(text)


@pytest.mark.parametrize(
    "text",
    ["port-flush-due", "C4 FOLFOX pushed 1 wk d/t low ANC", "pump-site-irritation", "pen needles", "home-o2"],
)
def test_specialty_terms_of_session_22(text: str) -> None:
    assert health(text)


@pytest.mark.parametrize(
    "text",
    [
        "Dental Assistant Job Posting - Indeed",
        "i'm calling about the dental assistant job i saw online",
        "Summary: Job applicant asked about the x ray tech opening",
        "Vet called about Biscuit's rabies and distemper shots, due next month.",
    ],
)
def test_a_clinic_job_and_a_pets_disease_are_no_ones_health(text: str) -> None:
    assert not health(text)


def test_a_job_applicants_own_health_is_still_health() -> None:
    assert health("applicant for the dental assistant job says her back hurts")


@pytest.mark.parametrize(
    "text",
    ["decreased fetal movement", "Hemorrhoid Banding Page", "delivery - diuretic", "vestibular", "awv"],
)
def test_specialty_terms_sets_p_and_q_showed_missing(text: str) -> None:
    assert health(text)
