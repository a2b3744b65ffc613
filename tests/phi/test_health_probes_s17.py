"""Session 17 health probes: fresh lay-language texts, written before each round's fixes.

Each round is a table of texts a caller, agent, AI summary or SMS might hold, each expected to be
health information or not (near-misses from non-health businesses and a clinic's own logistics).
The floors are the rates after the round's fixes; the rates before them are in the commit
messages (round 1: 41/45 health found, 18/24 near-misses clean; round 2: 10/42 and 21/22; round
3: 31/40 and 12/21). A text the detector still gets wrong stays in its table: the floor, not the
text, is what the test holds.
"""

from __future__ import annotations

import pytest

from ctm_hipaa.phi import Category, inspect_payload


def health(text: str) -> bool:
    return any(d.category is Category.HEALTH for d in inspect_payload({"notes": text}))


ROUND_1_HEALTH = [
    "hey its maria, running late for my 3pm, the cramps are bad today",
    "Summary: The caller's father was discharged from the hospital yesterday after a fall and needs"
    " help setting up home health visits.",
    "my little one keeps tugging at her ear and won't stop crying",
    "I've been peeing a lot and I'm always thirsty",
    "he's been on the molly and didn't sleep for two days",
    "she buys xanax bars from a friend",
    "can I get something for my acid reflux, tums aren't doing it",
    "Caller wanted to know whether the plan covers her husband's hearing aids",
    "i got my period twice this month",
    "we've been trying for a baby for a year and nothing",
    "my wife is due in june and wants to tour the birthing center",
    "The agent scheduled a follow-up for the patient's knee replacement",
    "i have a weird mole on my back that changed color",
    "my dad's been coughing up blood",
    "Caller is requesting a refill of her levothyroxine 50 mcg",
    "i need my CPAP supplies replaced, the mask is leaking",
    "he was bitten by a tick last weekend and now has a bullseye rash",
    "Customer's daughter has an eating disorder and they want an intake",
    "he hears voices at night and won't take his meds",
    "she tried to kill herself last month",
    "necesito una cita, me duele mucho la espalda",
    "mi hijo tiene gripa y no le baja la calentura",
    "mi esposa está embarazada de cinco meses",
    "le recetaron metformina pero le cae mal al estómago",
    "Caller states she was rear-ended and has whiplash",
    "my blood test came back and they said my iron is low",
    "i need to get my eyes checked, everything is blurry",
    "caller asking if Dr. Patel does vasectomies",
    "he's got a walker now since the fall",
    "my mom uses oxygen at home and needs a new tank",
    "asking about the std panel, results from last week",
    "the baby hasn't had a wet diaper since this morning",
    "i think i sprained my wrist playing basketball",
    "my gums bleed when i brush",
    "need a physical for my new job and a tb test",
    "Reminder: your infusion is tomorrow at 9am. Reply C to confirm",
    "i've been feeling really anxious and having panic attacks",
    "my husband snores and stops breathing at night",
    "she's nine weeks along and the nausea is terrible",
    "he was in detox last year and relapsed",
    "caller asking if they take patients on methadone",
    "tengo el azúcar alta y se me hinchan los pies",
    "AI summary: The caller reported that her toddler swallowed a button battery.",
    "i have a UTI again, it burns when i pee",
    "my knee gives out when I go down stairs",
]

ROUND_1_NOT_HEALTH = [
    "my truck is making a grinding noise when i brake, can you check it",
    "i need a checkup on my AC before summer",
    "what time does the gym open, i want to do the leg day class",
    "can i get a keratin treatment and a trim on thursday",
    "the permit office is a pain in the neck, not the install",
    "we have a cold air leak by the back window",
    "my phone screen is cracked and the battery dies fast",
    "I'm calling about parking validation for the clinic garage",
    "what are your hours on saturday, the billing office I mean",
    "my account shows a balance from my last visit, i want to pay it",
    "the pipe under the sink burst and water is everywhere",
    "we need a lawn treatment for grubs",
    "the tree in the back yard is dead, need it removed",
    "he took a shot at the basket and missed",
    "the engine is running hot and the check engine light is on",
    "I want to book a spray tan and a facial",
    "my heater keeps blowing cold air",
    "can you fax the invoice to my office",
    "is there an ATM near the hospital entrance",
    "my credit is bad, can i still get financing for the car",
    "the roof is leaking at the vent pipe",
    "i need a flu shot of espresso before this meeting lol",
    "the transmission is slipping and it shakes at highway speed",
    "our dishwasher drain is clogged and smells",
]

# Round 2: French, Haitian Creole, Portuguese, Vietnamese, Polish, Russian, Chinese, Korean,
# Tagalog, chat Arabic and Spanish callers, and trade calls in the same languages.
ROUND_2_HEALTH = [
    "bonjour je voudrais un rendez-vous, j'ai mal au dos depuis une semaine",
    "ma mère a de la fièvre et elle tousse beaucoup",
    "il prend de l'insuline pour son diabète",
    "je suis enceinte de trois mois et j'ai des saignements",
    "manman m malad, li gen tansyon wo ak sik",
    "pitit mwen an gen lafyèv depi yè swa e li ap vomi",
    "mwen bezwen renouvle medikaman pou kè m",
    "meu pai teve um derrame e está no hospital",
    "estou com dor de garganta e febre",
    "bác sĩ ơi, mẹ em bị đau ngực và khó thở",
    "ba tôi bị tiểu đường và huyết áp cao",
    "em muốn hỏi kết quả xét nghiệm máu",
    "con tôi bị sốt cao từ tối qua",
    "dzień dobry, mam silny ból głowy i gorączkę",
    "mój mąż miał zawał serca w zeszłym roku",
    "potrzebuję receptę na leki na nadciśnienie",
    "boli mnie ząb, chyba potrzebuję leczenia kanałowego",
    "у меня болит живот и тошнит",
    "маме нужен кардиолог, у неё давление высокое",
    "мой отец после инсульта, ему нужна реабилитация",
    "я беременна, срок восемь недель",
    "我爸爸有糖尿病，需要开药",
    "我头痛发烧两天了",
    "我想预约看牙医，牙疼得厉害",
    "她怀孕了，想做产检",
    "어머니가 당뇨가 있으시고 혈압약을 드세요",
    "허리가 너무 아파서 진료 받고 싶어요",
    "아이가 열이 나고 기침을 해요",
    "masakit ang ulo ko at nilalagnat ako",
    "si lola ay may altapresyon at diabetes",
    "kailangan ko ng gamot para sa ubo",
    "baddi maw3ed, 3andi waja3 bi batni",
    "abouy 3ando sukkari w daght",
    "binti 3andha sokhoneh mn embareh",
    "mi papá tuvo un derrame y no puede mover el brazo",
    "tengo cita con el ginecólogo por el sangrado",
    "la niña tiene calentura y vómito",
    "ando con mucha tos y flema",
    "his sats were in the 80s so they sent him to the ER",
    "she's been off her meds for a week",
    "gotta push my appt, my migraine is back",
    "my daughter got her first period and has bad cramps",
]

ROUND_2_NOT_HEALTH = [
    "bonjour, je voudrais prendre rendez-vous pour la vidange de ma voiture",
    "mwen vle peye bòdwo limyè a",
    "quero marcar um corte de cabelo para sábado",
    "em muốn đặt lịch sửa xe máy",
    "chcę umówić wizytę w sprawie podatków",
    "мне нужно оплатить счёт за электричество",
    "我想预约修车",
    "에어컨 수리 예약하고 싶어요",
    "kailangan ko ng tubero, tumutulo ang gripo",
    "baddi maw3ed la tasleeh el sayyara",
    "necesito un plomero, se tapó el baño",
    "quiero una cita para arreglarme las uñas",
    "the clinic's parking lot is full, where else can i park",
    "what's the fax number for your billing office",
    "my gym membership needs to be cancelled",
    "our dog is limping, can the vet see him today",
    "my car has been running rough and the engine light is on",
    "bonjour, c'est pour une réclamation sur ma facture",
    "ang bayad ko sa kuryente ay mali",
    "у нас течёт кран на кухне",
    "the salon said the keratin treatment takes two hours",
    "i'm calling from the hospital foundation about the gala tickets",
]

# Round 3: English and Spanish lay texts on behavioural and reproductive health, devices, tests and
# injuries; near-misses are health words said of pets, plants and machines, and clinic logistics.
ROUND_3_HEALTH = [
    "The caller said her husband has been seeing things that aren't there since starting the"
    " new Parkinson's medicine.",
    "txt from pt: cant make it tmrw, kiddo threw up all night",
    "my sister od'd last night and they narcanned her",
    "he's been smoking crystal again and hasn't slept",
    "Caller requested a callback about her son's ADHD meds, the pharmacy is out of Vyvanse",
    "she wants the shot so she doesn't get pregnant again",
    "i'm 38 and haven't had a period in four months",
    "calling to see if you do the abortion pill",
    "The patient's mother reports he wet the bed again and is embarrassed",
    "my baby was born early and has to go to the NICU follow up",
    "my ankle's the size of a grapefruit after i rolled it",
    "i think the dog bite on my hand is getting infected",
    "my dad's pacemaker keeps beeping",
    "his hearing aid whistles and he can't hear the tv",
    "the doctor wants me on a heart monitor for two weeks",
    "i'm calling for my mri results from tuesday",
    "they found a spot on her lung",
    "he needs a tetanus shot after stepping on a rusty nail",
    "my wife's been crying every day since the baby came",
    "i keep having these thoughts of hurting myself",
    "he has a gambling problem and his wife wants him in counseling",
    "i need a sick note, i had food poisoning",
    "Summary: Caller is 60 and wants to schedule a screening colonoscopy; no family history of colon cancer.",
    "she's allergic to penicillin and broke out in hives",
    "my granddaughter has a peanut allergy and needs a new epipen",
    "i've got a bad case of poison ivy on both arms",
    "he's been wheezing and using his rescue inhaler a lot",
    "i need a new prescription for reading glasses",
    "my braces wire is poking my cheek",
    "i chipped my front tooth on a fork",
    "my throat is on fire and i have white spots",
    "he gets nosebleeds almost every day",
    "my toenail is ingrown and it's oozing",
    "mi esposo tiene piedras en el riñón",
    "a mi mamá le van a hacer una cirugía de cataratas",
    "tengo mucha comezón en la piel",
    "mi hija tiene asma y se le acabó el inhalador",
    "estoy tomando pastillas para la depresión",
    "me duele el oído desde ayer",
    "necesito hacerme la prueba del embarazo",
]

ROUND_3_NOT_HEALTH = [
    "my dog has been throwing up since yesterday, can the vet see him",
    "our cat needs her shots and a dental cleaning",
    "the puppy is limping after the dog park",
    "the rose bushes look sick, the leaves have black spots",
    "my computer has a virus and keeps crashing",
    "the car's battery is dead and the engine won't turn over",
    "the lawn has a fungus, brown patches everywhere",
    "the horse needs his teeth floated",
    "my phone got water damage and the screen is bleeding",
    "the tree has a disease and needs to come down",
    "we want a quote to treat the house for termites",
    "do you validate parking for the medical building",
    "what time does the pharmacy drive-thru close",
    "i'm calling about a job opening for a medical assistant",
    "can i pay my copay balance online",
    "the clinic's phone tree keeps hanging up on me",
    "i need to update my address on my account",
    "the vet said the cat's kidney numbers are high",
    "my fish tank has an algae infection",
    "the boat's engine overheated and it's leaking oil",
    "we're a dental office and our printer is jammed",
]

# Round 6: specialties and services (med spa, behavioural, dental, DME, home care, testing) and
# trade near-misses. Before 33/40 and 9/13; the med-spa and DBT terms were left out after it (on
# the blind sets they found as many paths as they wrongly flagged), so the floors are the rates
# before.
ROUND_6_HEALTH = [
    "asking about a BBL consult",
    "wants lipo on her flanks",
    "price for a brazilian butt lift",
    "she wants fillers in her lips",
    "he wants hair transplant pricing",
    "looking for a ketamine infusion for depression",
    "asking if you do TMS",
    "calling about ABA therapy for my son with autism",
    "my son is on the spectrum and needs an evaluation",
    "she needs speech therapy, she's not talking yet",
    "he needs occupational therapy after the stroke",
    "wants EMDR for trauma",
    "looking for DBT groups for my daughter",
    "caller needs a DOT physical for his CDL",
    "employer sent him for a drug screen",
    "need a paternity test",
    "asking about a DNA test for my baby's father",
    "he needs a root canal and a crown",
    "she needs a deep cleaning and her gums are receding",
    "wants invisalign for her overbite",
    "my wisdom tooth is impacted",
    "needs a periodontist referral",
    "looking for a podiatrist for a bunion",
    "wants laser hair removal on her legs",
    "caller asking about low T shots",
    "wants to get on HRT for menopause",
    "wants testosterone replacement therapy",
    "sclerotherapy for spider veins",
    "CoolSculpting for belly fat",
    "wants a tummy tuck and breast lift",
    "looking into weight loss surgery",
    "her dad needs memory care placement",
    "mom needs a home health aide three days a week",
    "needs a hospital bed and a commode delivered",
    "his oxygen concentrator is beeping",
    "need a ride to dialysis, medical transport",
    "wants a second opinion on a hernia repair",
    "calling for an allergy test, she reacts to shellfish",
    "wants a hearing evaluation for his ringing",
    "asking about glasses and contacts exam",
]

ROUND_6_NOT_HEALTH = [
    "wants a quote on a roof lift",
    "price for a brazilian blowout",
    "she wants lash fillers at the salon",
    "looking for a hair cut and color",
    "calling about a tummy time class at the gym",
    "asking about a DNA test kit we sell online",
    "needs a crown molding install",
    "wants a deep cleaning of the carpets",
    "wants a transmission flush",
    "needs a ride to the airport",
    "wants a second opinion on the roof inspection",
    "looking into a home inspection before closing",
    "calling about a hospital bed frame we sell",
]

# Round 7: speech-to-text splits: drug names heard as three words, abbreviations spelled out;
# spelled names and codes stay clean. Before 8/20 and 8/8.
ROUND_7_HEALTH = [
    "he's on met for min twice a day",
    "can you refill my lex a pro",
    "she takes gaba pen tin at night",
    "calling about my hydro code own refill",
    "he's on eli quis for his heart",
    "she needs her levo thyroxine refilled",
    "he takes pred nis own for the flare",
    "i need my in hailer",
    "she had a miss carriage in may",
    "my son has a d h d and needs his meds",
    "she was diagnosed with c o p d last year",
    "i think i have a u t i",
    "he has p t s d from the army",
    "she needs an m r i of her knee",
    "we want to try i v f",
    "they said it's an s t d",
    "my dad has a fib and takes blood thinners",
    "schedule a mammo gram for my mom",
    "he's seeing a psychi atrist",
    "my daughter has an eating dis order",
]

ROUND_7_NOT_HEALTH = [
    "my name is a n n a and my last name is k o w a l s k i",
    "the code is a b c d e",
    "it's on the pro plan for the met game",
    "i need a pen and a tin of mints",
    "that's a d and a b in the grade book",
    "you can go to the site and sign in",
    "he will be in at ten",
    "spell it c a r t e r",
    "last name V-I-L-L-A-N-U-E-V-A, re: a contract dispute",
]

# Round 8: front-desk shorthand, specialty short forms and readings in agent notes; trade and
# office notes with the same letters. Before 21/30 and 9/11.
ROUND_8_HEALTH = [
    "pt called re: BP meds, wants 90d supply",
    "cb re lab results",
    "sched NP for knee inj",
    "LVM re: colo prep instructions",
    "appt for 3 mo f/u w/ endo",
    "reqs PA for mounjaro",
    "ortho eval for L shoulder",
    "derm appt for mole check",
    "peds sick visit, fever x2d",
    "psych eval requested by PCP",
    "onc f/u next tues",
    "pulm appt for copd",
    "GI consult for reflux",
    "uro appt, kidney stones again",
    "rheum referral",
    "nephro f/u for CKD stage 3",
    "PT eval s/p TKA",
    "SUD assessment scheduled",
    "OB u/s at 20 wks",
    "NST tomorrow 9am",
    "BP 160/100 at home this am",
    "a1c 8.2 last month",
    "INR 3.4, on coumadin",
    "bg 45 this morning, felt shaky",
    "sats 88% on room air",
    "pt requesting early refill of norco",
    "c/o HA and dizziness x3 days",
    "wants to switch from oral to IM testosterone",
    "needs PA for CPAP",
    "mom of pt says he's NPO after midnight",
]

ROUND_8_NOT_HEALTH = [
    "cb re quote for new roof",
    "sched tech for AC tune-up",
    "LVM re: invoice 4471",
    "cardio class moved to 6pm",
    "temp agency called about shifts",
    "PA state license renewal",
    "NP: new project kickoff at 10",
    "OB road closed, take route 9",
    "sugar 20 lbs for the bakery order",
    "psych 101 textbook return",
    "INR converted to USD on the invoice",
    "booking ref BP-44019, piano on the truck",
]

# Round 9: colloquial Spanish (a clitic says whose body it is: "se quebró la cadera"; periods,
# pregnancy, sugar, breath), and Spanish trade and billing calls. Before 10/30 and 10/10.
ROUND_9_HEALTH = [
    "me dio un bajón de azúcar anoche",
    "ando malo de la panza desde el lunes",
    "me arde al orinar",
    "me salió una bolita en el seno",
    "tengo un dolor en la boca del estómago",
    "se desmayó en el trabajo",
    "tiene los pies hinchados",
    "se cayó y se quebró la cadera",
    "necesita sus pastillas de la presión",
    "le están dando quimio",
    "está en diálisis tres veces por semana",
    "quiero hacerme la vasectomía",
    "quiero planificar, me interesa la inyección",
    "me quiero quitar el DIU",
    "tengo un retraso y me hice la prueba",
    "no me ha bajado la regla",
    "se me cayó un diente",
    "se me hinchó la cara",
    "tos con flema y escalofríos",
    "me zumban los oídos",
    "no veo bien de lejos",
    "me salieron ronchas en todo el cuerpo",
    "se quemó la mano con aceite",
    "le mordió un perro en la pierna",
    "la niña tiene piojos",
    "se le reventó la fuente",
    "perdí el bebé la semana pasada",
    "me sale sangre cuando voy al baño",
    "no puedo dormir y me falta el aire",
    "mi hijo tiene convulsiones",
]

ROUND_9_NOT_HEALTH = [
    "mi carro hace un ruido cuando frena",
    "se tapó la tubería del baño",
    "quiero cotizar un techo nuevo",
    "necesito un abogado por un accidente de trabajo",
    "quiero una cita para un corte de pelo",
    "quiero pagar la factura de este mes",
    "se me cayó el teléfono y se rompió la pantalla",
    "el aire acondicionado no enfría",
    "tengo una duda sobre mi cuenta",
    "a qué hora abren el sábado",
    "nos cobraron la mano de obra y el material",
]

# Round 10: Arabic, Farsi, Urdu, Hindi, Amharic, Somali, Hmong, Japanese and Portuguese callers,
# and bill and repair calls in the same languages. Before 4/22 and 9/9.
ROUND_10_HEALTH = [
    "عندي ألم في بطني من أمس",
    "أبي مريض بالسكري ويحتاج دواء",
    "زوجتي حامل في الشهر السابع",
    "مادرم فشار خون بالا دارد",
    "من درد شدید در کمرم دارم",
    "میری امی کو بخار ہے اور کھانسی بھی",
    "मेरे पेट में बहुत दर्द है",
    "मेरी माँ को बुखार है और खांसी भी",
    "मुझे शुगर की दवाई चाहिए",
    "ሆዴን በጣም ህመም አለኝ",
    "ልጄ ትኩሳት አለው",
    "hooyaday waxay qabtaa sonkorow",
    "wiilkeyga wuxuu qabaa qandho iyo qufac",
    "waxaan u baahanahay daawo madax xanuun",
    "kuv mob plab heev",
    "niam muaj ntshav qab zib thiab xav tau tshuaj",
    "お腹が痛いです",
    "母が熱があって咳もしています",
    "病院の予約をしたいです、妊娠しています",
    "minha mãe está com pressão alta e tontura",
    "meu filho está com febre e vomitando",
    "estou grávida de três meses",
]

ROUND_10_NOT_HEALTH = [
    "أريد دفع الفاتورة",
    "میخواهم قبض برق را پرداخت کنم",
    "मुझे बिजली का बिल भरना है",
    "የመኪና ጥገና እፈልጋለሁ",
    "waxaan rabaa inaan bixiyo biilka",
    "kuv xav them nqi hluav taws xob",
    "車の修理を予約したいです",
    "quero pagar a conta de luz",
    "the mob outside the stadium was loud",
]

# Round 11: English speech-to-text visit reasons with fillers (supplies, home care, tests said
# plainly); the same openings about roofs, cars and bills. Before 25/30 and 10/10.
ROUND_11_HEALTH = [
    "um yeah i'm calling to set up a follow up for my uh my mom she had the the cataract thing"
    " done last week",
    "he's due for his physical and his shots",
    "i need to get my blood drawn for the fasting labs",
    "she's got the sugar diabetes real bad",
    "calling about the referral to the bone doctor",
    "the lady said i need a sonogram",
    "my husband's got the gout again in his big toe",
    "she's real congested and running a temp",
    "he's been having the runs since sunday",
    "i pulled something in my back at work",
    "they want to check my heart with the treadmill test",
    "i'm calling about my water pills",
    "she needs her nebulizer refilled",
    "i think my son has pink eye",
    "my daughter got her ears pierced and now it's red and puffy",
    "he's getting over covid",
    "i got a tick on me yesterday",
    "i have a knot on my neck",
    "my blood pressure machine says one seventy over a hundred",
    "the home nurse needs new orders from the doctor",
    "hospice nurse said he's transitioning",
    "my mom needs her depends and bed pads",
    "need a new walker and a shower chair for my dad",
    "he's a veteran with ptsd and needs his meds from the va",
    "uh she's been real forgetful and she left the stove on again",
    "i'm having a flare up of my crohn's",
    "calling to see if the doctor can call in something for my yeast infection",
    "he threw his back out and can't get off the couch",
    "my wife's sugar dropped and she passed out",
    "i need to schedule my six week postpartum check",
]

ROUND_11_NOT_HEALTH = [
    "um yeah i'm calling to set up a follow up for the roof estimate",
    "he's due for an oil change and new tires",
    "i need to get my car drawn up for the insurance claim",
    "calling about the referral bonus you advertised",
    "the lady said i need a new permit",
    "they want to check the furnace with a pressure test",
    "i'm calling about my water bill",
    "i think my son left his jacket there",
    "i have a knot in the hose",
    "my pressure washer says error two",
    "please check my hand-written note",
    "we need new head shots for the website",
    "it depends on the weather",
]

ROUNDS = {
    "round 11": (ROUND_11_HEALTH, ROUND_11_NOT_HEALTH, 0.97, 1.0),
    "round 10": (ROUND_10_HEALTH, ROUND_10_NOT_HEALTH, 0.95, 1.0),
    "round 9": (ROUND_9_HEALTH, ROUND_9_NOT_HEALTH, 0.96, 1.0),
    "round 8": (ROUND_8_HEALTH, ROUND_8_NOT_HEALTH, 0.97, 0.8),
    "round 7": (ROUND_7_HEALTH, ROUND_7_NOT_HEALTH, 0.75, 1.0),
    "round 6": (ROUND_6_HEALTH, ROUND_6_NOT_HEALTH, 0.8, 0.75),
    "round 1": (ROUND_1_HEALTH, ROUND_1_NOT_HEALTH, 0.97, 0.9),
    "round 2": (ROUND_2_HEALTH, ROUND_2_NOT_HEALTH, 0.97, 0.95),
    "round 3": (ROUND_3_HEALTH, ROUND_3_NOT_HEALTH, 0.97, 0.95),
}


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_probe_health_is_found(name: str) -> None:
    found, _, floor, _ = ROUNDS[name]
    missed = [t for t in found if not health(t)]
    assert 1 - len(missed) / len(found) >= floor, missed


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_probe_near_misses_stay_clean(name: str) -> None:
    _, clean, _, floor = ROUNDS[name]
    flagged = [t for t in clean if health(t)]
    assert 1 - len(flagged) / len(clean) >= floor, flagged


@pytest.mark.parametrize(
    "text",
    [
        "she needs her sugar checked",  # an owned measure looked at
        "calling about my echo results",  # a test, owned
        "my son's cast is itchy",  # a second owner
        "caller asking if Dr. Patel does vasectomies",  # the plural of a procedure stem
        "she can't swallow and her throat is closing",
        "he's having trouble breathing",
        "it hurts to pee",
        "can't lift my arm over my head",
        "she's been real thirsty and up all night",
        "we've been trying for a baby for two years",  # a four-word phrase
        "sorry my dog is barking. i need to reschedule my knee surgery",  # a pet in passing
        "the dog bite on my hand is getting infected",  # a bite puts a person in it
        "it's for my wife destiny bird, she needs a lasik consult",  # a surname, not a pet
        "there's a blockage in my colon",  # an owner, not a thing
        "trouble hearing on the phone",  # "on the phone" is where, not what
        "he has water on the knee",
        "jade garden internal medicine, how can i help",  # a clinic's name
    ],
)
def test_session_17_rules(text: str) -> None:
    assert health(text)


@pytest.mark.parametrize(
    "text",
    [
        "i can't walk you through that, the manager can",  # an object after the function
        "i can't stand him, he never calls back",
        "we can't eat there, it's closed on sunday",
        "i'm tired of waiting for the refund",  # "tired of"
        "i'm tired, can we finish this tomorrow",  # a person state that needs "been" or "feeling"
        "it's hard to say when the part comes in",
        "that's my shot at the promotion",  # "my shot at"
        "my period of employment ended in may",  # "my period of"
        "we have a cold air leak by the back window",  # "have a cold" runs on into "cold air"
        "we're having a baby shower, can we rent the room",
        "is there an ATM near the hospital entrance",
        "she does wedding photography and videography",  # stems with everyday words
        "his 11 year old beagle was diagnosed with diabetes and is on insulin",  # a pet's health
        "the vet said the cat's kidney numbers are high",
        "my laptop caught a virus and keeps crashing",  # said of a machine
        "there's a blockage in the kitchen drain",  # a thing right after, joined by "in"
        "we do a deep cleaning of the ducts",
    ],
)
def test_session_17_rules_stay_in_context(text: str) -> None:
    assert not health(text)


def _health_paths(payload: dict[str, object]) -> set[str]:
    return {d.path for d in inspect_payload(payload) if d.category is Category.HEALTH}


def test_a_tag_naming_a_service_line_is_health_in_a_call_about_health() -> None:
    payload = {
        "notes": "pt needs her lisinopril sent to the pharmacy",
        "tag_list": ["refill", "callback"],
        "tracking_label": "Outpatient MAT Line",
    }
    assert _health_paths(payload) == {"notes", "tag_list[0]", "tracking_label"}


def test_the_same_tags_stay_clean_in_a_trade_call() -> None:
    payload = {
        "notes": "water heater install quote for next week",
        "tag_list": ["residential", "refill"],
        "tracking_label": "Residential Line",
    }
    assert _health_paths(payload) == set()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"Previous Stroke": "May 2009"}, set()),  # a date of a health matter: a date, not health
        ({"intake": {"last_menstrual_period": "10/02/2026"}}, set()),
        ({"rx_numbers": "6602147, 6602148"}, set()),  # identifiers of a health matter
        ({"rx": "RX 3390124"}, set()),
        ({"urgency": "urgent"}, set()),  # "urgent" alone is no health word ("urgent care" is)
        ({"Pain Scale": "7"}, {"custom_fields.Pain Scale"}),  # a short number is an answer
        ({"Previous Stroke": "yes, in 2009"}, {"custom_fields.Previous Stroke"}),
        ({"medications": "metformin 500mg"}, {"custom_fields.medications"}),
    ],
)
def test_health_keyed_fields_holding_only_a_date_or_an_id(
    fields: dict[str, object], expected: set[str]
) -> None:
    assert _health_paths({"custom_fields": fields}) == expected


@pytest.mark.parametrize(
    "text",
    [
        "BG 350, weakness, took Lantus 20u",  # insulins
        "needs a refill on her estradiol and progesterone",  # generics the generated list lacks
        "he was on oxycontin after the surgery",
        "wants to start Truvada for PrEP",
        "her Nexplanon needs to come out",
    ],
)
def test_drug_names_the_generated_list_lacks(text: str) -> None:
    assert health(text)


def test_an_sms_thread_under_a_phone_like_key_is_read_for_health() -> None:
    thread = (
        "Patient: hi i have this rash that showed up after i started the new birth control\n"
        "Clinic: Dr. Reyes can see you tomorrow 11/19 at 8:40. dob 4/30/97?"
    )
    assert "custom_fields.text_thread" in _health_paths({"custom_fields": {"text_thread": thread}})


# Round 4: structured places health hides in (landing pages, form answers, search terms, tags),
# and the same places holding logistics and trade leads. Before the round's fixes 24/30 and 18/18.
ROUND_4_HEALTH: list[dict[str, object]] = [
    {"landing_page": "https://www.clinic.example.com/conditions/plantar-fasciitis/"},
    {"landing_page": "https://bodysculpt.example.com/services/tummy-tuck?utm_source=fb"},
    {"landing_page": "https://www.example.com/blog/what-to-expect-after-hip-replacement"},
    {"landing_page": "https://example.com/es/servicios/dolor-de-espalda"},
    {"landing_page": "https://example.com/thank-you?service=vasectomy"},
    {"landing_page": "https://example.com/sleep-study"},
    {"landing_page": "https://example.com/suboxone-clinic-near-me"},
    {"landing_page": "https://example.com/mens-health/low-t"},
    {"landing_page": "https://example.com/pediatrics/well-child-visits"},
    {"landing_page": "https://example.com/hearing/tinnitus-relief"},
    {"landing_page": "https://example.com/urgent-care/strep-test"},
    {"landing_page": "https://example.com/lp/ed-treatment"},
    {"custom_fields": {"What brings you in?": "lower back, both sides"}},
    {"custom_fields": {"service_interest": "Invisalign"}},
    {"custom_fields": {"concern": "hair thinning on top"}},
    {"custom_fields": {"procedure_of_interest": "mommy makeover"}},
    {"custom_fields": {"pregnant": "yes"}},
    {"custom_fields": {"smoker": "1 pack a day"}},
    {"custom_fields": {"weeks_along": "12"}},
    {"custom_fields": {"referral_reason": "eval for sleep apnea"}},
    {"custom_fields": {"Reason for visit": "f/u labs"}},
    {"custom_fields": {"How can we help?": "my son needs his 4 year shots"}},
    {"keyword": "how to stop snoring"},
    {"keyword": "std testing open sunday"},
    {"keyword": "morning after pill near me"},
    {"keyword": "foot doctor near me"},
    {"keyword": "rehab centers for alcohol"},
    {"keyword": "ear wax removal"},
    {"ga": {"search_term": "knee doctor accepting medicaid"}},
    {"tag_list": ["hip pain", "new patient"]},
]

ROUND_4_NOT_HEALTH: list[dict[str, object]] = [
    {"landing_page": "https://www.clinic.example.com/contact-us"},
    {"landing_page": "https://example.com/about/our-team"},
    {"landing_page": "https://example.com/careers/medical-assistant"},
    {"landing_page": "https://example.com/locations/phoenix"},
    {"landing_page": "https://example.com/patient-portal"},
    {"landing_page": "https://example.com/insurance-we-accept"},
    {"landing_page": "https://coolair.example.com/services/ac-repair"},
    {"landing_page": "https://example.com/blog/office-closed-for-thanksgiving"},
    {"custom_fields": {"preferred_time": "morning"}},
    {"custom_fields": {"lead_source": "Google"}},
    {"custom_fields": {"Clinic Location": "Mesa"}},
    {"custom_fields": {"new_or_existing": "new"}},
    {"custom_fields": {"service_interest": "water heater"}},
    {"custom_fields": {"How can we help?": "need a quote for a new roof"}},
    {"keyword": "plumber near me"},
    {"keyword": "best pizza open sunday"},
    {"tag_list": ["new patient", "billing question"]},
    {"tracking_label": "Main Line"},
]


def _any_health(payload: dict[str, object]) -> bool:
    return any(d.category is Category.HEALTH for d in inspect_payload(payload))


def test_round_4_structured_health_is_found() -> None:
    missed = [p for p in ROUND_4_HEALTH if not _any_health(p)]
    assert 1 - len(missed) / len(ROUND_4_HEALTH) >= 0.96, missed


def test_round_4_structured_logistics_stay_clean() -> None:
    assert [p for p in ROUND_4_NOT_HEALTH if _any_health(p)] == []


# Round 5: a clinic's tags and line names, read in a call that already carries health; workflow
# tags stay clean. Before the round's fixes 22/30 and 19/19.
ROUND_5_SERVICE_LINES = [
    "Hip & Knee Line",
    "knee",
    "shoulder",
    "Spine Center",
    "foot and ankle",
    "Eye Exams",
    "skin check",
    "sleep center",
    "lactation",
    "postpartum",
    "well woman",
    "sports physical",
    "new mom",
    "bariatric",
    "lab draw",
    "CT scan",
    "MRI scheduling",
    "flu clinic",
    "covid test",
    "hearing test",
    "wound care",
    "pelvic floor",
    "varicose veins",
    "hormone therapy",
    "IV hydration",
    "med check",
    "sick kid",
    "nurse triage",
    "injection visit",
    "post-op check",
]

ROUND_5_WORKFLOW = [
    "new patient",
    "callback",
    "billing",
    "reschedule",
    "voicemail",
    "spanish",
    "self pay",
    "insurance verification",
    "front desk",
    "hand off",
    "left message",
    "no show",
    "Main Line",
    "GMB Listing",
    "Website Number",
    "follow up",
    "referral",
    "records request",
    "portal help",
]


def _label_flagged(label: str, where: str) -> bool:
    payload = {"notes": "pt c/o sob, needs a callback", where: [label] if where == "tag_list" else label}
    path = "tag_list[0]" if where == "tag_list" else where
    return path in _health_paths(payload)


@pytest.mark.parametrize("where", ["tag_list", "tracking_label"])
def test_round_5_service_lines_are_health(where: str) -> None:
    missed = [label for label in ROUND_5_SERVICE_LINES if not _label_flagged(label, where)]
    assert 1 - len(missed) / len(ROUND_5_SERVICE_LINES) >= 0.95, missed


@pytest.mark.parametrize("where", ["tag_list", "tracking_label"])
def test_round_5_workflow_labels_stay_clean(where: str) -> None:
    flagged = [label for label in ROUND_5_WORKFLOW if _label_flagged(label, where)]
    assert 1 - len(flagged) / len(ROUND_5_WORKFLOW) >= 0.94, flagged


@pytest.mark.parametrize(
    ("transcript", "expected"),
    [
        # a first turn that is only the business's name, with no "this is"
        ("agent: brightpath movers\ncaller: i need to move my mother into assisted living", set()),
        ("intake: keller and ruiz injury law\ncaller: my mom was hit by a truck and broke her hip", set()),
        ("agent: sunrise family clinic\ncaller: my knee has been swollen all week", {"transcription_text"}),
        # a utility, a bank, a tax office answering: HIPAA does not reach them
        ("rep: metro light and power this is ryan\ncaller: my brother uses an oxygen machine", set()),
        ("Desert Federal Credit Union, this is Amy. Caller: I'm on disability after my stroke", set()),
        ("agent: power physical therapy this is jo\ncaller: my shoulder still hurts", {"transcription_text"}),
        # a long first turn is no greeting: the caller may speak first
        (
            "caller: hi my plumbing guy said i should call you about my mom's hip pain\nagent: sure",
            {"transcription_text"},
        ),
    ],
)
def test_a_first_turn_that_names_a_non_health_business(transcript: str, expected: set[str]) -> None:
    assert _health_paths({"transcription_text": transcript}) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our cat, Luna, was spayed last week. Luna has been licking the stitches and seems in pain.", False),
        ("Her dog Max has arthritis. Max is on carprofen and still limping.", False),
        ("Summary: the caller's puppy, Daisy, ate chocolate. Daisy is vomiting and shaking.", False),
        ("my kitten Oreo has a runny eye. Oreo sneezes all day and has a fever.", False),
        ("My son Max has asthma. Max needs his inhaler refilled.", True),  # no animal
        ("my dog knocked me over and i think i broke my wrist", True),  # the animal hurt a person
        ("i tripped over the cat and hurt my knee", True),
        ("We have a dog. My husband is diabetic and on insulin.", True),
        ("Consult w/ Ty: hair botox + keratin, scalp detox treatment", False),  # a salon's words
    ],
)
def test_a_pet_named_again_is_still_the_pet(text: str, expected: bool) -> None:
    assert health(text) is expected
