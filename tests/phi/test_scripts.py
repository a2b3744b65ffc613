"""Names, places, dates, ages and phone numbers said in Chinese, Korean and Russian turns.

A short run of non-Latin words in an English record is a name; a turn the caller speaks in the
language is a sentence, whose names are found by that language's own cues (phi/scanners/
script_names.py), and whose numbers and places by their shapes (cjk.py, script_places.py).
"""

from __future__ import annotations

from ctm_hipaa.phi import Category, inspect_payload
from ctm_hipaa.phi.scanners.cjk import number_value


def found(text: str) -> list[tuple[str, Category]]:
    found = inspect_payload({"transcription_text": text})
    return [(text[d.start : d.end], d.category) for d in found if d.category is not Category.HEALTH]


def names(text: str) -> list[str]:
    return [s for s, c in found(text) if c is Category.NAME]


# --- Chinese -----------------------------------------------------------------------------------


def test_a_chinese_sentence_is_no_name_but_the_name_after_an_introduction_is() -> None:
    text = "前台：你好 请问有什么可以帮您\n来电者：你好 我想约个时间看医生 我叫李明 木子李 她血压很高"
    assert names(text) == ["李明", "木子李"]  # "木子李" spells the surname of the name before it
    # near miss: the same sentence with no introduction names no one
    assert names("前台：你好 请问有什么可以帮您\n来电者：你好 我想约个时间看医生 她血压很高 头晕") == []


def test_chinese_wo_shi_introduces_a_name_only_when_a_surname_opens_it() -> None:
    assert names("来电者：你好 我是黄小玲 我刚从国内回来 想看一下医生") == ["黄小玲"]
    # "我是翻译": the interpreter says what she is, not who
    assert names("Interpreter: 您好 我是翻译 药房问您有没有药物过敏") == []


def test_chinese_staff_introducing_themselves_and_a_surname_before_a_title() -> None:
    assert names("前台：你好 我是小刘 请问您有什么需要帮助的吗 我们今天很忙") == []
    assert names("Interpreter: 周先生您好 我是翻译 护士说您要出门旅行需要安排外地透析") == ["周"]


def test_chinese_characters_spelled_out_are_the_name() -> None:
    text = "Patient: 对 我要回去看我妈妈 我叫周文杰 周末的周 文化的文 杰出的杰"
    assert names(text) == ["周文杰", "周末的周", "文化的文", "杰出的杰"]


def test_chinese_dates_ages_and_phone_numbers() -> None:
    assert ("一九三五年十月二号", Category.DATE) in found("来电者：一九三五年十月二号")
    assert ("1958年3月4日", Category.DATE) in found("来电者：她是1958年3月4日出生的")
    assert ("四月八号", Category.DATE) in found("前台：可以 两个都约在四月八号上午")
    assert ("九十", Category.AGE) in found("前台：那她今年九十岁了")
    assert ("四幺五五五五零幺零八", Category.PHONE) in found("来电者：好 我电话是四幺五五五五零幺零八")
    # near misses: a month alone, a younger age, a short number
    assert found("来电者：十月我们去看她") == []
    assert found("前台：那她今年八十岁了") == []
    assert found("来电者：确认号是七七零四") == []


def test_number_values_in_han_and_sino_korean() -> None:
    assert number_value("一九三五") == 1935
    assert number_value("一千二百零五") == 1205
    assert number_value("三十八") == 38
    assert number_value("천구백오십칠") == 1957
    assert number_value("이십육") == 26
    assert number_value("好") == -1


def test_chinese_streets_districts_and_cities() -> None:
    text = "来电者：不是了 搬到日落区三十八大道一千二百零五号 我在广州查出来的"
    geo = [s for s, c in found(text) if c is Category.GEO]
    assert geo == ["日落区三十八大道一千二百零五号", "广州"]
    # near miss: "社区" (a community) names no district
    assert found("来电者：我们社区有很多老人 我想问一下") == []


# --- Korean ------------------------------------------------------------------------------------


def test_a_korean_name_said_with_the_ending_of_this_is_or_before_ssi() -> None:
    assert names("환자: 안녕하세요 최은지입니다 어깨가 너무 아파서 팔을 못 올려요") == ["최은지"]
    text = "Voicemail: 안녕하세요 예약 취소하려고요 어머니 정말순 씨가 어제 넘어지셔서 손목이 부러졌어요"
    assert names(text) == ["정말순"]
    # near misses: a word with the same ending that opens with no surname, and the staff's own name
    assert names("Interpreter: 안녕하세요 통역사입니다 항암 치료 관련해서 간호사님이 전화하셨어요") == []
    assert names("직원: 한마음 물리치료입니다 서지영입니다 무엇을 도와드릴까요") == []


def test_a_korean_name_spelled_syllable_by_syllable() -> None:
    assert "김 순 자" in names("환자: 김순자요 김 순 자")


def test_korean_dates_ages_and_phone_numbers() -> None:
    assert ("천구백오십칠년 시월 삼일", Category.DATE) in found("환자: 천구백오십칠년 시월 삼일이요")
    assert ("내일 이십육일", Category.DATE) in found("Voicemail: 네 내일 이십육일 세시 예약 취소하려고요")
    assert ("아흔셋", Category.AGE) in found("환자: 그리고 어머니도 아흔셋이신데 허리가 아프셔서요")
    assert ("이공일 오오오 공일칠일", Category.PHONE) in found("환자: 전화 주세요 이공일 오오오 공일칠일")
    # near misses: "생년월일" (date of birth) is the question, not a date; an age under ninety
    assert found("직원: 생년월일 말씀해 주세요") == []
    assert found("환자: 어머니는 팔십세 이세요") == []


def test_korean_street_addresses() -> None:
    text = "환자: 한국 주소는 서울특별시 마포구 월드컵로 십이길 삼십사 오백이호예요"
    geo = [s for s, c in found(text) if c is Category.GEO]
    assert geo == ["서울특별시 마포구", "월드컵로 십이길 삼십사 오백이호"]
    assert found("환자: 우편은 거기로 가요 괜찮아요") == []


# --- Russian -----------------------------------------------------------------------------------


def test_a_russian_sentence_without_a_name_yields_nothing() -> None:
    text = "Пациент: здравствуйте девушка мне нужно к кардиологу у меня давление скачет и сердце колет"
    assert found(text) == []
    assert found("Пациент: да тот же") == []


def test_russian_names_by_given_name_patronymic_and_surname_in_any_case() -> None:
    text = "Звонящий: это сообщение для доктора от сергея голубева мой отец голубев аркадий семёнович"
    assert names(text) == ["сергея голубева", "голубев аркадий семёнович"]
    assert names("Пациентка: пока живу у сестры ирины а в украине жила") == ["ирины"]


def test_a_russian_given_name_that_is_a_word_needs_a_cue_or_a_second_part() -> None:
    assert names("Пациент: запишите телефон нет дочку зовут света") == ["света"]
    assert names("Пациент: я абрамова вера ильинична хожу по понедельникам") == ["абрамова вера ильинична"]
    # near miss: "вера" alone is faith; "нет света" is no electricity
    assert names("Пациент: у нас в доме нет света и вера в это пропала") == []


def test_the_staffs_given_name_alone_in_its_greeting_is_no_patient() -> None:
    assert names("Регистратура: брайтон бич медикал груп ольга слушаю") == []


def test_russian_street_addresses_and_cities() -> None:
    text = "Пациентка: пока живу у сестры три один ноль ноль брайтон третья улица квартира два эр а в"
    assert ("три один ноль ноль брайтон третья улица квартира два эр", Category.GEO) in found(text)
    text = "Звонящий: два ноль ноль ноль оушен парквей квартира семь эф бруклин один один два два три"
    geo = [s for s, c in found(text) if c is Category.GEO]
    assert geo == ["два ноль ноль ноль оушен парквей квартира семь эф", "бруклин", "один один два два три"]
    # near miss: a street word with no street named
    assert found("Пациент: я упал на улице вчера вечером") == []


def test_a_korean_relatives_name_after_the_kinship_word() -> None:
    text = "환자: 네 아니면 딸 그레이스 박그레이스 이공일 오오오 공일구삼"
    assert names(text) == ["그레이스", "박그레이스"]
    # near miss: the word after the kinship word has a particle ("언니 번호도": her number too)
    assert names("환자: 한국에 있는 언니가 걱정해서 언니 번호도 남길게요") == []


def test_a_korean_city_said_before_or_after_its_street() -> None:
    geo = [s for s, c in found("환자: 지금은 잉글우드 클리프스 실번 애비뉴 사백오십이고요")]
    assert "잉글우드 클리프스" in geo and "지금은" not in " ".join(geo)
    assert ("포트리", Category.GEO) in found("환자: 팰리세이드 애비뉴 천이백삼십사 번지 삼층 포트리")


def test_a_russian_day_of_the_month_said_alone() -> None:
    assert ("двадцать шестого", Category.DATE) in found(
        "Регистратура: к доктору есть окно двадцать шестого в одиннадцать"
    )
    # near miss: an ordinal under ten is also "of the second doctor"
    assert found("Пациент: я был у второго врача") == []


def test_a_member_number_said_in_letter_names_and_digits() -> None:
    text = "Пациентка: медикейд номер икс ка девять четыре четыре ноль один семь семь по английски"
    assert ("икс ка девять четыре четыре ноль один семь семь", Category.HEALTH_PLAN) in found(text)
    text = "환자: 네 에트나요 회원번호 더블유 일이삼 사오육 칠팔구"
    assert ("더블유 일이삼 사오육 칠팔구", Category.HEALTH_PLAN) in found(text)
    # near miss: "номер" before a short number is a room, not a member
    assert found("Регистратура: какая палата\nПациент: номер пять") == []


def test_a_russian_name_spelled_by_its_letters_names() -> None:
    text = "Регистратура: конечно как пишется фамилия\nПациентка: эм е эль эн ы к по английски"
    assert names(text) == ["эм е эль эн ы к"]
    # near miss: two letter names are no spelling
    assert names("Регистратура: какой корпус\nПациентка: корпус бэ а там") == []


# --- Vietnamese --------------------------------------------------------------------------------


def test_a_vietnamese_family_name_and_van_or_thi_is_a_name_with_or_without_diacritics() -> None:
    assert names("Voicemail: alo phòng khám ơi đây là đỗ thị hoa con gái của ba em") == ["đỗ thị hoa"]
    assert "Do Van Phuc" in names("Daughter reports father Do Van Phuc coughing since Monday")
    # near miss: "van" after a word that is no family name, and "do van" before no given name
    assert names("we rented a moving van thi morning") == []
    assert names("they do van pickups on fridays") == []


def test_a_vietnamese_name_after_a_kin_word() -> None:
    text = "Người gọi: alo em ơi chú là ông sáu nè\nNhân viên: dạ chào chú sáu chú cần gì ạ"
    assert names(text) == ["sáu", "sáu"]
    assert names("Người gọi: bé long mới sinh tháng chín năm ngoái") == ["long"]
    # near miss: a birth-order word with a unit is a number ("bé hai tuổi": the baby is two)
    assert names("Người gọi: bé hai tuổi rồi bị sốt") == []


def test_vietnamese_places_after_their_administrative_unit() -> None:
    text = "Caller: ở ấp bình hòa xã long hưng huyện châu thành tỉnh tiền giang"
    geo = [s for s, c in found(text) if c is Category.GEO]
    assert geo == ["ấp bình hòa", "xã long hưng", "huyện châu thành"]  # a province is a state's peer
    text = "Người gọi: chú về quận bình thạnh ở sài gòn nhà chú ở số bốn mươi hai đường nơ trang long"
    geo = [s for s, c in found(text) if c is Category.GEO]
    assert geo == ["quận bình thạnh", "sài gòn", "số bốn mươi hai đường nơ trang long"]
    # near miss: "xã hội" (society) and "tiểu đường" (diabetes) name no place
    assert [c for _, c in found("Người gọi: mẹ bị bệnh tiểu đường và lo chuyện xã hội")] == []


def test_pinyin_phone_numbers_dates_and_spelled_characters() -> None:
    text = "Receptionist: dian hua hao ma\nCaller: liu wu ling wu wu wu ling yao er si"
    assert ("liu wu ling wu wu wu ling yao er si", Category.PHONE) in found(text)
    text = "Receptionist: chu sheng ri qi\nCaller: yi jiu wu ba nian er yue shi ba hao"
    assert ("yi jiu wu ba nian er yue shi ba hao", Category.DATE) in found(text)
    assert "jian shi jian she de jian" in names("Caller: wo jiao chen jianguo jian shi jian she de jian")
    # near misses: a short run of digits, a month that is none
    assert found("Caller: wo de yao teng si wu tian le") == []
    assert found("Caller: yi jiu wu ba nian shi san yue er hao") == []


def test_a_vietnamese_month_of_last_or_this_year_is_a_date() -> None:
    text = "Người gọi: bé mới sinh tháng chín năm ngoái\nNhân viên: dạ"
    assert ("tháng chín năm ngoái", Category.DATE) in found(text)
    # near miss: "ba tháng rồi" is three months ago, a duration
    assert [c for _, c in found("Người gọi: uống thuốc ba tháng rồi")] == []


def test_solar_hijri_and_ethiopian_months_with_their_year_are_dates() -> None:
    found_notes = inspect_payload({"notes": "DOB given in Solar Hijri calendar (23 Hamal 1400)."})
    assert [d.category for d in found_notes if d.category is not Category.HEALTH] == [Category.DATE]
    assert inspect_payload({"notes": "born 12 meskerem 1950 per the ethiopian calendar"})
    # near miss: a month name that is a word too, without its year ("2 sene" is two years in Arabic)
    assert [d for d in inspect_payload({"notes": "he has been here 2 sene and 3 hut"})] == []


def test_a_polish_street_address_and_city() -> None:
    text = (
        "Patient: w polsce mam jeszcze mieszkanie ulica piotrkowska czterdzieści pięć mieszkania siedem"
        " dziewięćdziesiąt czterysta dziesięć łódź tam przychodzi poczta"
    )
    geo = [s for s, c in found(text) if c is Category.GEO]
    assert geo == [
        "ulica piotrkowska czterdzieści pięć mieszkania siedem dziewięćdziesiąt czterysta dziesięć",
        "łódź",
    ]
    # near miss: the street word with no street named ("it was slippery on the street")
    assert found("Pacjent: na ulicy było ślisko") == []


def test_a_city_written_with_its_diacritics_is_the_gazetteers() -> None:
    text = "Cliente: la carta de su hermano que vive en cobán y su acta de nacimiento"
    assert ("cobán", Category.GEO) in found(text)


def test_cities_and_names_with_letters_nfkd_keeps_are_the_lists() -> None:
    # "ł", "ø", "ı" do not decompose: the gazetteer and the name lists spell them "l", "o", "i"
    assert ("lodz", Category.GEO) in found("caller: my mom lives in lodz now")
    assert ("łódź", Category.GEO) in found("caller: she lives in łódź with her sister")
    assert ("bialystok", Category.GEO) in found("caller: he lives in bialystok")
    assert ("paweł", Category.NAME) in found("caller: hi this is paweł")
    # near miss: a word of the same letters that is no place after no word of living
    assert found("caller: the lodz thing was fine") == []


def test_french_and_creole_streets_whose_street_word_comes_last() -> None:
    text = "Caller: mwen rete katòz san douz nòdwès swasann-dezyèm lari nan little haiti"
    assert ("katòz san douz nòdwès swasann-dezyèm lari", Category.GEO) in found(text)
    assert [
        c for _, c in found("Patiente: deux cent quarante ouest cent seizième rue appartement cinq b")
    ] == [Category.GEO]
    # near miss: "in the street" names no street
    assert found("Patiente: je suis dans la rue maintenant") == []
