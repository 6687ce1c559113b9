"""Hand-written tables the case writers in ``cases_build.py`` use.

Everything here was written by hand for the benchmark: titles and generational suffixes in
several languages, nickname / short-form pairs, gendered given-name pairs, word abbreviations,
name particles, a McCune-Reischauer syllable -> Hangul table for Korean names, Russian ->
Arabic / Hebrew / Greek / Katakana / Hangul letter rules, and clean (unlisted) names.
The script renderers are *rules*, not dictionaries: cases made with them are marked
``made: "machine"`` and were spot-checked against real renderings (e.g. the Wikidata names of
Vladimir Putin in ``cases/peers/nomenklatura_putin_names.txt``).
"""

from __future__ import annotations

import re
import unicodedata

# --- titles and honorifics ------------------------------------------------------------------
# (title, gender) with gender "m", "f" or "" (either); grouped by the language they come from.
TITLES_PREFIX: dict[str, list[tuple[str, str]]] = {
    "en": [("Mr", "m"), ("Mr.", "m"), ("Mrs", "f"), ("Mrs.", "f"), ("Ms", "f"), ("Ms.", "f"),
           ("Dr", ""), ("Dr.", ""), ("Prof.", ""), ("Gen.", ""), ("General", ""), ("Col.", ""),
           ("Colonel", ""), ("Maj.", ""), ("Capt.", ""), ("Lt.", ""), ("Brig. Gen.", ""),
           ("President", ""), ("Minister", ""), ("Sir", "m"), ("Hon.", ""), ("Eng.", "")],
    "ar": [("Sheikh", "m"), ("Shaikh", "m"), ("Shaykh", "m"), ("Haji", "m"), ("Hajji", "m"),
           ("Al-Haj", "m"), ("Hajja", "f"), ("Sayyid", "m"), ("Sayed", "m"), ("Mullah", "m"),
           ("Mawlawi", "m"), ("Imam", "m"), ("Amir", "m"), ("Emir", "m"), ("Ustadh", "m"),
           ("Qari", "m"), ("Dr.", ""), ("Eng.", ""), ("Muhandis", "m"), ("Liwa", "m"), ("Aqid", "m")],
    "fa": [("Agha", "m"), ("Aga", "m"), ("Hojatoleslam", "m"), ("Ayatollah", "m"), ("Sardar", "m"),
           ("Khanom", "f"), ("Janab", "m")],
    "es": [("Sr.", "m"), ("Sra.", "f"), ("Señor", "m"), ("Señora", "f"), ("Don", "m"), ("Doña", "f"),
           ("Lic.", ""), ("Licenciado", "m"), ("Ing.", ""), ("Dr.", ""), ("General", ""),
           ("Coronel", ""), ("Comandante", ""), ("Presidente", ""), ("Gral.", "")],
    "pt": [("Sr.", "m"), ("Sra.", "f"), ("Dom", "m"), ("Eng.", ""), ("Dr.", "")],
    "de": [("Herr", "m"), ("Frau", "f"), ("Dr.", ""), ("Präsident", "m"), ("Oberst", ""),
           ("General", ""), ("Prof. Dr.", "")],
    "fr": [("M.", "m"), ("Mme", "f"), ("Monsieur", "m"), ("Madame", "f"), ("Général", ""),
           ("Colonel", ""), ("Président", "m"), ("Me", "")],
    "ru": [("Gospodin", "m"), ("Gospozha", "f"), ("G-n", "m"), ("General", ""), ("Polkovnik", ""),
           ("Akademik", ""), ("Deputat", "")],
    "ko": [("Marshal", ""), ("Vice Marshal", ""), ("Comrade", ""), ("Premier", ""), ("Director", "")],
}
# Generational and post-nominal suffixes: (suffix, gender).
TITLES_SUFFIX: dict[str, list[tuple[str, str]]] = {
    "en": [("Jr.", "m"), ("Jr", "m"), ("Sr.", "m"), ("Sr", "m"), ("II", ""), ("III", ""), ("IV", ""),
           ("Junior", "m"), ("Senior", "m"), ("PhD", ""), ("Esq.", "")],
    "es": [("Jr.", "m"), ("hijo", "m"), ("(hijo)", "m"), ("II", "")],
    "pt": [("Filho", "m"), ("Neto", "m"), ("Júnior", "m")],
    "ar": [("Jr.", "m"), ("Sr.", "m"), ("Pasha", "m"), ("Bey", "m"), ("Effendi", "m")],
    "ru": [("Jr.", "m"), ("Sr.", "m"), ("ml.", "")],
    "de": [("jun.", "m"), ("sen.", "m")],
    "fr": [("fils", "m"), ("père", "m")],
    "ko": [("Jr.", "m")],
    "fa": [("Khan", "m"), ("Jr.", "m")],
}

# --- given names: nicknames and short forms ----------------------------------------------
# full form (as lists spell it, lower case, several spellings) -> short forms people write.
# full form (as lists spell it, lower case, several spellings) -> short forms people write, by
# the culture the short forms belong to (a Russian diminutive is not used for a Colombian Ivan).
NICKNAMES_BY_CULTURE: dict[str, dict[str, list[str]]] = {
    # Russian / Ukrainian / Belarusian (diminutives used as names, and short forms)
    "ru": {
        "aleksandr": ["Sasha", "Alex", "Aleks", "Shura"], "alexander": ["Sasha", "Alex"],
        "aleksander": ["Alex"], "oleksandr": ["Sasha", "Alex"], "alexandr": ["Sasha", "Alex"],
        "aleksandra": ["Sasha", "Alexa"], "aleksey": ["Alyosha", "Lyosha", "Alex"],
        "aleksei": ["Alyosha", "Lyosha"], "alexei": ["Alyosha", "Lyosha"], "alexey": ["Alyosha", "Lyosha"],
        "vladimir": ["Volodya", "Vova", "Vlad"], "volodymyr": ["Volodya", "Vova"],
        "yevgeniy": ["Zhenya"], "yevgeny": ["Zhenya"], "evgeny": ["Zhenya"], "evgeniy": ["Zhenya"],
        "yevgeniya": ["Zhenya"], "dmitriy": ["Dima", "Mitya"], "dmitry": ["Dima"], "dmitri": ["Dima"],
        "mikhail": ["Misha"], "mykhailo": ["Misha"], "nikolai": ["Kolya"], "nikolay": ["Kolya"],
        "sergei": ["Seryozha", "Sergey"], "sergey": ["Seryozha"], "serhiy": ["Seryozha"],
        "ivan": ["Vanya"], "anatoliy": ["Tolya"], "anatoly": ["Tolya"], "viktor": ["Vitya"],
        "pavel": ["Pasha"], "konstantin": ["Kostya"], "yuriy": ["Yura"], "yuri": ["Yura"],
        "yury": ["Yura"], "boris": ["Borya"], "gennady": ["Gena"], "gennadiy": ["Gena"],
        "vyacheslav": ["Slava"], "vladislav": ["Vlad", "Slava"], "stanislav": ["Stas"],
        "valentin": ["Valya"], "arkady": ["Arkasha"], "arkadiy": ["Arkasha"], "andrey": ["Andryusha"],
        "andrei": ["Andryusha"], "grigoriy": ["Grisha"], "grigory": ["Grisha"], "petr": ["Petya"],
        "pyotr": ["Petya"], "roman": ["Roma"], "maksim": ["Max"], "maxim": ["Max"],
        "vitaliy": ["Vitalik"], "vasiliy": ["Vasya"], "vasily": ["Vasya"], "leonid": ["Lyonya"],
        "yekaterina": ["Katya"], "ekaterina": ["Katya"], "natalya": ["Natasha"], "natalia": ["Natasha"],
        "nataliya": ["Natasha"], "yelena": ["Lena"], "elena": ["Lena"], "tatiana": ["Tanya"],
        "tatyana": ["Tanya"], "mariya": ["Masha"], "maria": ["Masha"], "svetlana": ["Sveta"],
        "olga": ["Olya"], "lyudmila": ["Lyuda", "Mila"], "anna": ["Anya"], "irina": ["Ira"],
        "larisa": ["Lara"], "galina": ["Galya"], "valentina": ["Valya"], "nadezhda": ["Nadya"],
        "yuliya": ["Yulia"], "kirill": ["Kirya"], "denis": ["Den"],
    },
    # Arabic (short written forms)
    "ar": {
        "muhammad": ["Mohd", "Muhd", "Mhd", "Md."], "mohammed": ["Mohd", "Mhd"], "mohammad": ["Mohd", "Md."],
        "mohamed": ["Mohd", "Med"], "mohamad": ["Mohd"], "muhammed": ["Mhd"],
        "abdullah": ["Abdalla", "Abdul"], "abdallah": ["Abdalla"], "abdelrahman": ["Abdo"],
        "abdulrahman": ["Abdo"], "ahmed": ["Hamada"],
        "yusuf": ["Joe"], "youssef": ["Joe"],
    },
    # Spanish / Portuguese
    "es": {
        "jose": ["Pepe", "Chepe"], "francisco": ["Paco", "Pancho", "Kiko"], "jesus": ["Chucho", "Chuy"],
        "guillermo": ["Memo"], "roberto": ["Beto"], "alberto": ["Beto"], "ignacio": ["Nacho"],
        "enrique": ["Quique"], "manuel": ["Manolo", "Manny"], "eduardo": ["Lalo"], "rafael": ["Rafa"],
        "alejandro": ["Alex", "Ale"], "antonio": ["Toño", "Tony"], "fernando": ["Nando"], "luis": ["Lucho"],
        "gerardo": ["Jerry"], "dolores": ["Lola"], "mercedes": ["Meche"], "rosario": ["Charo"],
        "concepcion": ["Concha"], "guadalupe": ["Lupe"], "ramon": ["Moncho"], "gustavo": ["Tavo"],
        "alfredo": ["Fredo"], "humberto": ["Beto"], "santiago": ["Santi"], "sebastian": ["Sebas"],
        "joaquin": ["Quino"], "rodolfo": ["Rudy", "Fito"], "adolfo": ["Fito"], "heriberto": ["Beto"],
        "ricardo": ["Richi"], "javier": ["Javi"], "daniel": ["Dani"], "gabriel": ["Gabo"],
        "reinaldo": ["Naldo"], "armando": ["Mando"], "ernesto": ["Neto"], "isabel": ["Chabela"],
        "maria": ["Mari"], "teresa": ["Tere"], "jorge": ["Coque"], "victor": ["Vic"], "carlos": ["Charly"],
        "juan": ["Juancho"], "pedro": ["Perico"], "mauricio": ["Mauro"], "fabio": ["Fabi"],
        "joao": ["Joãozinho"], "hernan": ["Nano"], "wilson": ["Will"],
    },
    # English
    "en": {
        "william": ["Bill", "Will", "Billy"], "robert": ["Bob", "Rob", "Bobby"], "richard": ["Dick", "Rick"],
        "james": ["Jim", "Jimmy"], "john": ["Jack", "Johnny"], "michael": ["Mike", "Mick"],
        "thomas": ["Tom", "Tommy"], "joseph": ["Joe", "Joey"], "charles": ["Charlie", "Chuck"],
        "edward": ["Ed", "Ted", "Eddie"], "anthony": ["Tony"], "david": ["Dave"],
        "steven": ["Steve"], "stephen": ["Steve"], "christopher": ["Chris"], "peter": ["Pete"],
        "samuel": ["Sam"], "benjamin": ["Ben", "Benny"], "nicholas": ["Nick"], "patrick": ["Pat"],
        "timothy": ["Tim"], "matthew": ["Matt"], "andrew": ["Andy", "Drew"], "kenneth": ["Ken"],
        "ronald": ["Ron"], "donald": ["Don"], "gregory": ["Greg"], "jeffrey": ["Jeff"],
        "lawrence": ["Larry"], "margaret": ["Peggy", "Maggie"], "elizabeth": ["Liz", "Beth"],
        "katherine": ["Kate", "Kathy"], "jennifer": ["Jen"], "susan": ["Sue"], "patricia": ["Pat", "Patty"],
        "frederick": ["Fred"], "alfred": ["Alf"], "raymond": ["Ray"], "gerald": ["Gerry"],
        "jonathan": ["Jon"], "zachary": ["Zach"], "douglas": ["Doug"], "philip": ["Phil"],
        "leonard": ["Leo"], "eugene": ["Gene"], "harold": ["Harry"], "henry": ["Hank", "Harry"],
        "walter": ["Walt"], "bradley": ["Brad"], "terrence": ["Terry"], "terry": ["Ter"],
        "marvin": ["Marv"], "alexander": ["Alex", "Sasha"], "alexandra": ["Alex"], "victoria": ["Vicky"],
        "christine": ["Chris"], "deborah": ["Debbie"], "rebecca": ["Becky"], "kimberly": ["Kim"],
    },
    # German / Italian / other
    "other": {
        "johannes": ["Hans"], "friedrich": ["Fritz"], "wolfgang": ["Wolf"], "giuseppe": ["Peppe", "Beppe"],
        "salvatore": ["Totò", "Turi"], "francesco": ["Franco", "Cecco"], "giovanni": ["Gianni", "Nino"],
        "vincenzo": ["Enzo"], "domenico": ["Mimmo"], "antonino": ["Nino"], "gaetano": ["Tano"],
        "luigi": ["Gino"], "mohammadreza": ["Reza"], "hossein": ["Hosi"], "gholamreza": ["Reza"],
        "slobodan": ["Sloba"], "radovan": ["Raso"], "ratko": ["Rale"], "zeljko": ["Zeljo"],
        "milorad": ["Mile"], "aleksandar": ["Aca", "Saša"], "miroslav": ["Miro"],
        "tomislav": ["Tomo"], "zoran": ["Zoki"],
    },
}
NICKNAMES: dict[str, list[str]] = {k: v for table in NICKNAMES_BY_CULTURE.values() for k, v in table.items()}

# --- gendered given-name pairs (masculine, feminine) ---------------------------------------
GENDER_PAIRS: list[tuple[str, str]] = [
    ("antonio", "antonia"), ("aleksandr", "aleksandra"), ("alexander", "alexandra"),
    ("aleksander", "aleksandra"), ("oleksandr", "oleksandra"), ("yevgeniy", "yevgeniya"),
    ("evgeniy", "evgeniya"), ("evgeny", "evgenia"), ("viktor", "viktoriya"),
    ("victor", "victoria"), ("valentin", "valentina"), ("valeriy", "valeriya"), ("valery", "valeria"),
    ("vitaliy", "vitaliya"), ("stanislav", "stanislava"), ("vladislav", "vladislava"),
    ("yaroslav", "yaroslava"), ("miroslav", "miroslava"), ("svyatoslav", "svyatoslava"),
    ("bogdan", "bogdana"), ("ivan", "ivanna"), ("yan", "yana"), ("ruslan", "ruslana"),
    ("juan", "juana"), ("francisco", "francisca"), ("carlos", "carla"),
    ("mario", "maria"), ("paulo", "paula"), ("pablo", "paula"), ("daniel", "daniela"),
    ("gabriel", "gabriela"), ("fernando", "fernanda"), ("julio", "julia"), ("roberto", "roberta"),
    ("alberto", "alberta"), ("luis", "luisa"), ("jose", "josefa"), ("manuel", "manuela"),
    ("rafael", "rafaela"), ("marcelo", "marcela"), ("adriano", "adriana"), ("patricio", "patricia"),
    ("alejandro", "alejandra"), ("angel", "angela"), ("emilio", "emilia"),
    ("joaquin", "joaquina"),
    ("leonardo", "leonarda"), ("lorenzo", "lorena"), ("mariano", "mariana"),
    ("martin", "martina"), ("pedro", "petra"), ("ramon", "ramona"),
    ("silvio", "silvia"), ("simon", "simona"),
    ("vicente", "vicenta"), ("cristian", "cristiana"),
    ("jorge", "georgina"),
    ("said", "saida"), ("saeed", "saeeda"), ("jamil", "jamila"), ("karim", "karima"),
    ("amin", "amina"), ("nabil", "nabila"), ("farid", "farida"), ("aziz", "aziza"), ("hamid", "hamida"),
    ("rashid", "rashida"), ("salim", "salima"), ("samir", "samira"), ("zaki", "zakia"),
    ("majid", "majida"), ("nasser", "nasra"),
    ("khalid", "khalida"), ("adil", "adila"), ("habib", "habiba"), ("latif", "latifa"),
    ("nadim", "nadima"), ("munir", "munira"), ("rahim", "rahima"),
    ("jalil", "jalila"), ("kamal", "kamala"), ("nasir", "nasira"),
    ("basim", "basima"), ("hakim", "hakima"), ("fadil", "fadila"), ("shakir", "shakira"),
    ("bashar", "bushra"), ("zoran", "zorana"),
    ("dragan", "dragana"), ("goran", "gorana"), ("milan", "milana"), ("branko", "branka"),
    ("slavko", "slavka"), ("vesel", "vesela"),
    ("william", "wilhelmina"), ("john", "joan"), ("robert", "roberta"), ("paul", "paula"),
    ("george", "georgia"), ("christopher", "christina"), ("louis", "louise"), ("charles", "charlotte"),
    ("frederick", "frederica"), ("henry", "henrietta"), ("joseph", "josephine"), ("gabriel", "gabrielle"),
    ("eric", "erica"), ("andre", "andrea"), ("denis", "denise"), ("michel", "michelle"),
    ("jean", "jeanne"), ("pierre", "pierrette"), ("francois", "francoise"), ("claude", "claudine"),
    ("giovanni", "giovanna"), ("francesco", "francesca"), ("giuseppe", "giuseppina"),
    ("vincenzo", "vincenza"), ("carmelo", "carmela"), ("rosario", "rosaria"),
    ("domenico", "domenica"), ("luigi", "luigia"), ("gaetano", "gaetana"), ("raffaele", "raffaella"),
]
# Russian patronymics and surnames change with gender too.
PATRONYMIC_M_TO_F = [("ovich", "ovna"), ("evich", "evna"), ("yevich", "yevna"), ("ich", "ichna"),
                     ("ovitch", "ovna"), ("evitch", "evna")]
SURNAME_M_TO_F = [("ov", "ova"), ("ev", "eva"), ("yev", "yeva"), ("in", "ina"), ("yn", "yna"),
                  ("skiy", "skaya"), ("skii", "skaya"), ("sky", "skaya"), ("tskiy", "tskaya"),
                  ("iy", "aya"), ("oy", "aya")]

# Female given names, to pick titles that fit (beyond the feminine halves of GENDER_PAIRS).
FEMALE_GIVEN = {
    "maria", "mariya", "ana", "anna", "olga", "yelena", "elena", "irina", "natalya", "nataliya",
    "natalia", "svetlana", "tatiana", "tatyana", "galina", "lyudmila", "larisa", "yekaterina",
    "ekaterina", "yuliya", "yulia", "marina", "nadezhda", "valentina", "oksana", "elvira",
    "fatima", "aisha", "aicha", "zainab", "zaynab", "khadija", "maryam", "mariam", "amina", "layla",
    "leila", "nour", "hanan", "huda", "rania", "samira", "hind", "asma", "bushra", "nadia", "nadiya",
    "sara", "sarah", "rosa", "rosario", "carmen", "luz", "blanca", "gloria", "martha", "marta",
    "patricia", "sandra", "claudia", "adriana", "beatriz", "lucia", "laura", "diana", "sonia",
    "isabel", "teresa", "mercedes", "dolores", "yolanda", "nubia", "adiela", "gladys", "dora",
    "esperanza", "margarita", "alicia", "elizabeth", "susan", "jennifer", "linda", "mary", "karen",
    "nancy", "lisa", "helen", "grace", "ruth", "lena", "hye", "ok", "sun", "ae", "hui",
    "angela", "monica", "silvia", "sofia", "julia", "paula", "carla", "alejandra", "veronica",
    "zhanna", "alla", "inna", "vera", "lidiya", "raisa", "zoya", "kseniya", "daria", "darya",
}

# --- name particles (joined and split) --------------------------------------------------
# Particles that are written apart or joined to the next word: Arabic, Persian, Dutch, ...
JOINABLE_PARTICLES = ["al", "el", "ul", "ud", "ad", "ar", "as", "at", "an", "az", "ash", "bin", "ben",
                      "ibn", "abu", "abo", "abd", "abdel", "abdul", "abdal", "bint", "van", "von", "der",
                      "den", "de", "la", "del", "della", "da", "dos", "di", "le", "mac", "mc", "ould",
                      "ait", "bou", "ben"]
# Prefixes written joined on lists that people split ("ABDULRAHMAN" -> "Abdul Rahman").
SPLITTABLE_PREFIXES = ["abdul", "abdel", "abdal", "abdol", "abdur", "abdus", "abu", "al", "el", "bin",
                       "ben", "ibn", "van", "mac", "mc", "ould", "bou"]
# Arabic compound given names: second halves after Abd/Abdul.
ABD_SECOND = ["rahman", "rahim", "aziz", "karim", "latif", "majid", "hamid", "hakim", "malik", "qadir",
              "qader", "salam", "sattar", "wahab", "wahhab", "razzaq", "ghani", "nasser", "nasir", "hadi",
              "jalil", "jabbar", "ghafur", "ghaffar", "kareem", "halim", "khaliq", "mun'im", "allah",
              "ilah", "baqi", "basit", "fattah", "hafiz", "hay", "jawad", "lateef", "wahid", "muttalib",
              "rauf", "rashid", "rab", "razak", "samad", "shakur", "tawwab", "wali", "majeed", "hameed",
              "raheem", "rehman", "rahim", "salem", "salim", "kader", "kadir", "aleem", "alim", "qawi"]
# Compound-word endings of Russian/other company names, split off by people ("ROSOBORONEXPORT").
COMPOUND_ENDINGS = ["export", "import", "bank", "prom", "neft", "gaz", "tech", "trans", "stroy", "stroi",
                    "mash", "invest", "energo", "service", "servis", "oil", "air", "avia", "flot", "tek",
                    "com", "holding", "group", "trade", "pharm", "chem", "khim", "metal", "atom", "geo",
                    "soft", "net", "tel", "com", "navi", "sea", "ship", "line", "lines", "star", "sun"]

# --- abbreviations -------------------------------------------------------------------------
ABBREVIATIONS: dict[str, list[str]] = {
    "international": ["Intl", "Int'l", "Intl."], "internacional": ["Intl", "Int'l"],
    "corporation": ["Corp", "Corp."], "company": ["Co", "Co.", "Cie"], "companies": ["Cos"],
    "manufacturing": ["Mfg", "Mfg."], "department": ["Dept", "Dept."], "organization": ["Org", "Org."],
    "organisation": ["Org"], "industries": ["Inds", "Ind."], "industrial": ["Indl", "Ind."],
    "industry": ["Ind", "Ind."], "trading": ["Trdg", "Trad."], "technology": ["Tech"],
    "technologies": ["Tech", "Techs"], "technical": ["Tech."], "engineering": ["Eng", "Engg", "Engg."],
    "development": ["Dev", "Devt", "Dev."], "investment": ["Inv", "Invest"], "investments": ["Invts", "Invest"],
    "management": ["Mgmt", "Mgt"], "services": ["Svcs", "Servs"], "service": ["Svc", "Serv."],
    "brothers": ["Bros", "Bros."], "association": ["Assn", "Assoc"], "associates": ["Assocs", "Assoc"],
    "institute": ["Inst", "Inst."], "national": ["Natl", "Nat'l"], "shipping": ["Shpg", "Shipg"],
    "petroleum": ["Petr.", "Pet."], "enterprise": ["Ent", "Entp"], "enterprises": ["Ents", "Entps"],
    "aviation": ["Avn", "Aviat."], "general": ["Gen", "Gen."], "holding": ["Hldg", "Hldg."],
    "holdings": ["Hldgs"], "group": ["Grp"], "center": ["Ctr"], "centre": ["Ctr"], "research": ["Res."],
    "laboratory": ["Lab"], "laboratories": ["Labs"], "university": ["Univ"], "foundation": ["Fdn"],
    "agency": ["Agcy"], "commercial": ["Comml", "Coml"], "construction": ["Constr", "Const."],
    "equipment": ["Equip", "Eqpt"], "electronics": ["Elec", "Electr."], "electronic": ["Elec"],
    "chemical": ["Chem"], "chemicals": ["Chems", "Chem"], "cooperative": ["Coop", "Co-op"],
    "navigation": ["Nav"], "maritime": ["Marit."], "establishment": ["Est", "Est."],
    "incorporated": ["Inc", "Inc."], "limited": ["Ltd", "Ltd."], "scientific": ["Sci"],
    "production": ["Prodn", "Prod."], "products": ["Prods", "Prod."], "transport": ["Transp"],
    "transportation": ["Transp", "Trans."], "communications": ["Comms", "Commun."],
    "communication": ["Comm", "Commun."], "systems": ["Sys", "Syst."], "resources": ["Res"],
    "financial": ["Finl", "Fin."], "finance": ["Fin"], "insurance": ["Ins", "Insur."],
    "exchange": ["Exch"], "mechanical": ["Mech"], "electrical": ["Elec", "Elect."], "electric": ["Elec"],
    "machinery": ["Mach"], "commerce": ["Comm", "Com."], "administration": ["Admin"],
    "authority": ["Auth"], "government": ["Govt"], "federal": ["Fed"], "society": ["Soc"],
    "academy": ["Acad"], "division": ["Div"], "headquarters": ["HQ"], "battalion": ["Bn"],
    "brigade": ["Bde"], "regiment": ["Regt"], "directorate": ["Dte", "Dir."], "ministry": ["Min."],
    "republic": ["Rep."], "saint": ["St", "St."], "mount": ["Mt"], "distribution": ["Distrib", "Dist."],
    "distributors": ["Distribs"], "compania": ["Cia", "Cía."], "sociedad": ["Soc."],
    "industria": ["Ind."], "industrias": ["Inds."], "comercial": ["Com.", "Coml."], "hermanos": ["Hnos", "Hnos."],
    "distribuidora": ["Dist.", "Distrib."], "servicios": ["Servs.", "Serv."], "inversiones": ["Inv."],
    "inmobiliaria": ["Inmob.", "Inm."], "constructora": ["Const.", "Constr."], "agropecuaria": ["Agrop."],
    "comercializadora": ["Comerc."], "importadora": ["Imp."], "exportadora": ["Exp."],
    "import": ["Imp"], "export": ["Exp"], "importers": ["Imps"], "exporters": ["Exps"],
    "metallurgical": ["Metall"], "pharmaceutical": ["Pharm"], "pharmaceuticals": ["Pharms", "Pharma"],
    "logistics": ["Log."], "marketing": ["Mktg"], "consulting": ["Cons."], "consultants": ["Consult."],
    "manufacturers": ["Mfrs"], "manufacturer": ["Mfr"], "association.": ["Assn"],
}

# Consonant-only spellings people really use for some name words (vowel-dropped class).
VOWELLESS_CONVENTIONAL = {"muhammad": "Mhmd", "mohammed": "Mhmd", "mohammad": "Mhmd", "ahmad": "Ahmd",
                          "ahmed": "Ahmd", "mahmoud": "Mhmd", "trading": "Trdng", "international": "Intrntnl",
                          "company": "Cmpny", "bank": "Bnk", "group": "Grp", "industries": "Indstrs"}

# --- common words of company names (the negative "common word + legal form") -------------
LEGAL_FORMS_FOR_NEGATIVES = ["S.L.", "S.A.", "Ltd", "Ltd.", "LLC", "GmbH", "Inc.", "Corp.", "Co., Ltd.",
                             "B.V.", "AG", "S.R.L.", "SARL", "OOO", "JSC", "PLC", "Pte. Ltd.", "LLP",
                             "Sp. z o.o.", "A.S.", "Oy", "AB", "SpA", "S.A. de C.V.", "FZE", "Pvt. Ltd."]

# --- clean names (on no list) -------------------------------------------------------------
# Common surnames/given names of many countries; each was checked against the lists' vocabulary
# when the cases were written (a word any listed name carries is not used).
CLEAN_GIVEN = ["John", "Mary", "Peter", "Linda", "Thomas", "Susan", "Paul", "Karen", "Mark", "Nancy",
               "Hans", "Petra", "Klaus", "Ingrid", "Jürgen", "Sabine", "Pierre", "Claire", "Luc",
               "Sophie", "Marco", "Giulia", "Luca", "Chiara", "Jan", "Anke", "Lars", "Astrid", "Olav",
               "Kari", "Mikko", "Aino", "Tomasz", "Agnieszka", "Piotr", "Katarzyna", "Kenji", "Yuki",
               "Hiroshi", "Akiko", "Wei", "Mei", "Rajesh", "Priya", "Anil", "Sunita", "Emeka", "Ngozi",
               "Kwame", "Ama", "Pedro", "Lucia", "Diego", "Camila", "Brian", "Emily", "Kevin", "Rachel",
               "Gareth", "Siobhan", "Niamh", "Sean", "Erik", "Helga", "Bjorn", "Freya", "Dieter", "Heike"]
CLEAN_SURNAMES = ["Whitfield", "Brennan", "Lindqvist", "Haugland", "Kowalczyk", "Nieminen", "Virtanen",
                  "Fitzgerald", "Thornbury", "Oakley", "Pemberton", "Ashworth", "Blackwood", "Hargreaves",
                  "Rasmussen", "Johansson", "Van Beek", "De Groot", "Bakker", "Visser", "Dubois", "Lefebvre",
                  "Moreau", "Girard", "Rossi", "Ferrari", "Esposito", "Colombo", "Bianchi", "Ricci",
                  "Müller", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Schäfer",
                  "Nakamura", "Kobayashi", "Yamamoto", "Watanabe", "Takahashi", "Suzuki", "Sato",
                  "Okonkwo", "Adeyemi", "Mensah", "Owusu", "Patel", "Sharma", "Iyer", "Menon", "Kapoor",
                  "O'Sullivan", "McCarthy", "Gallagher", "Doherty", "Lindgren", "Sandberg", "Halvorsen",
                  "Kristiansen", "Nowak", "Wiśniewski", "Wójcik", "Kaminski", "Lehtonen", "Korhonen",
                  "Brennecke", "Albrecht", "Vogel", "Krüger", "Hartmann", "Sorensen", "Andersen",
                  "Fairbanks", "Whitaker", "Holloway", "Prescott", "Sinclair", "Kendrick", "Lockwood"]
CLEAN_COMPANY_WORDS = ["Northgate", "Bluewater", "Silverline", "Redwood", "Lakeside", "Harborview",
                       "Greenfield", "Stonebridge", "Clearwater", "Brightstar", "Oakridge", "Riverbend",
                       "Westbrook", "Eastwood", "Highland", "Meadowlark", "Fairhaven", "Kingsbury",
                       "Ashford", "Whitehall", "Copperfield", "Ironwood", "Maplewood", "Sunridge",
                       "Foxglove", "Thistle", "Heather", "Linden", "Birchwood", "Cedarcrest",
                       "Alpenrose", "Nordlicht", "Sonnenberg", "Bergmann", "Vierlande", "Rheinfeld",
                       "Montclair", "Belvedere", "Chantilly", "Valmont", "Bellavista", "Monteverde",
                       "Costa Azul", "Rio Claro", "Sakura", "Fujimoto", "Hanabi", "Kirin Hill",
                       "Lotus Bay", "Jade Harbour", "Tamarind", "Baobab", "Kilimanjaro View", "Savanna",
                       "Fjordline", "Nordkapp", "Aurora Borealis", "Polaris", "Vega", "Orion Belt",
                       "Quillmont", "Pellbrook", "Harrowfield", "Carrowmere", "Tagumpay", "Marlow Down"]
CLEAN_TRADE_WORDS = ["Logistics", "Trading", "Textiles", "Foods", "Dairy", "Bakery", "Furniture",
                     "Electronics", "Software", "Consulting", "Packaging", "Plastics", "Printing",
                     "Timber", "Hardware", "Seafood", "Cosmetics", "Pharmacy", "Garden Supplies",
                     "Bicycles", "Optics", "Ceramics", "Coffee", "Tea Company", "Marine Supply",
                     "Freight Services", "Auto Parts", "Medical Devices", "Solar", "Engineering"]
# Real, well-known companies that are on none of these lists (2019 snapshots).
CLEAN_REAL_COMPANIES = [
    "Siemens Healthineers AG", "Nokia Oyj", "Robert Bosch GmbH", "A.P. Moller - Maersk A/S",
    "Toyota Tsusho Corporation", "Unilever PLC", "Nestlé S.A.", "Volvo Car AB", "Philips N.V.",
    "Carlsberg A/S", "Heineken N.V.", "Danone S.A.", "L'Oréal S.A.", "Michelin SCA", "Ericsson AB",
    "Hapag-Lloyd AG", "Kuehne + Nagel International AG", "DSV A/S", "Panasonic Holdings Corporation",
    "Canon Inc.", "Hitachi Ltd.", "Komatsu Ltd.", "Mitsui O.S.K. Lines", "Evergreen Marine Corp.",
    "Yang Ming Marine Transport Corp.", "Wan Hai Lines Ltd.", "Infosys Limited", "Wipro Limited",
    "Tata Consultancy Services", "Grupo Bimbo S.A.B. de C.V.", "Cemex S.A.B. de C.V.",
    "Embraer S.A.", "Natura &Co", "Vale S.A.", "BHP Group Limited", "Woolworths Group Limited",
    "Fonterra Co-operative Group", "Shopify Inc.", "Bombardier Inc.", "Canadian National Railway",
    "Zurich Insurance Group", "Swiss Re AG", "Roche Holding AG", "Novartis AG", "ABB Ltd",
    "Schindler Holding AG", "Lego A/S", "Ikea of Sweden AB", "H&M Hennes & Mauritz AB",
    "Stora Enso Oyj", "UPM-Kymmene Oyj", "Kone Oyj", "Wärtsilä Oyj", "Neste Oyj", "Equinor ASA",
    "Yara International ASA", "Norsk Hydro ASA", "DNB Bank ASA", "Orkla ASA", "Telenor ASA",
    "Akzo Nobel N.V.", "ASML Holding N.V.", "Ahold Delhaize", "KLM Royal Dutch Airlines",
    "Lufthansa Cargo AG", "DHL Global Forwarding", "Deutsche Post AG", "Adidas AG", "Puma SE",
    "Henkel AG & Co. KGaA", "Beiersdorf AG", "Continental AG", "Schaeffler AG", "Zeiss Group",
    "Trumpf GmbH + Co. KG", "Stihl Holding AG", "Kärcher GmbH", "Miele & Cie. KG", "Vorwerk SE",
]


# --- Korean: McCune-Reischauer syllables (as the lists write them) -> Hangul ----------------
# One reading per spelling, the one DPRK names use most; ambiguous ones note the alternative.
KOREAN_SYLLABLES: dict[str, str] = {
    # surnames
    "kim": "김", "ri": "리", "pak": "박", "choe": "최", "jong": "정", "jon": "전", "jang": "장",
    "han": "한", "kang": "강", "o": "오", "yun": "윤", "ko": "고", "mun": "문", "ryu": "류", "yu": "유",
    "sin": "신", "ho": "호", "song": "성", "kil": "길", "chu": "주", "ju": "주", "hyon": "현",
    "paek": "백", "rim": "림", "ryang": "량", "nam": "남", "cha": "차", "so": "서", "hwang": "황",
    "kwon": "권", "an": "안", "hong": "홍", "yang": "양", "yom": "염", "min": "민", "kye": "계",
    "cho": "조", "pyon": "변", "won": "원", "ji": "지", "chi": "지", "sim": "심", "ma": "마", "ro": "로",
    "yon": "연", "tae": "태", "thae": "태", "myong": "명", "chon": "천", "ok": "옥",
    "im": "임", "i": "이", "ryom": "렴", "kyong": "경", "u": "우", "wi": "위", "tong": "동",
    # given-name syllables
    "un": "은", "il": "일", "chol": "철", "su": "수", "yong": "영", "hyok": "혁", "chun": "춘",
    "kwang": "광", "gwang": "광", "hui": "희", "hak": "학", "sok": "석", "jin": "진", "hwa": "화",
    "ryong": "룡", "chang": "창", "hun": "훈", "tok": "덕", "dok": "덕", "man": "만", "sam": "삼",
    "sun": "순", "ung": "웅", "pyong": "평", "gil": "길", "bong": "봉", "pong": "봉", "sang": "상",
    "dong": "동", "se": "세", "gyong": "경", "kum": "금", "gum": "금", "son": "선", "sop": "섭",
    "je": "제", "mo": "모", "myo": "묘", "ryol": "렬", "chae": "채", "jae": "재", "kuk": "국",
    "guk": "국", "sik": "식", "hae": "해", "ha": "하", "hyang": "향", "kyu": "규", "gyu": "규",
    "yo": "여", "jo": "조", "hyo": "효", "sung": "승", "hung": "흥", "chan": "찬", "tu": "두", "du": "두",
    "hwan": "환", "pil": "필", "gun": "군", "kun": "군", "kon": "건", "yop": "엽", "sol": "설",
    "nyo": "녀", "rye": "례", "ran": "란", "ryon": "련", "chil": "칠", "pal": "팔", "kap": "갑",
    "myon": "면", "a": "아", "ae": "애", "kyo": "교", "pok": "복", "bok": "복", "pu": "부", "bu": "부",
    "hye": "혜", "ryo": "려", "ul": "을", "yol": "열", "ryun": "륜", "chin": "진", "chu'l": "출",
    "tal": "달", "bae": "배", "pae": "배", "bom": "범", "pom": "범", "pyol": "별", "kyol": "결",
    "sil": "실", "sup": "숩", "mi": "미", "ni": "니", "na": "나", "ra": "라", "no": "노", "to": "도",
    "do": "도", "po": "보", "bo": "보", "ku": "구", "gu": "구", "ki": "기", "gi": "기", "ka": "가",
    "ga": "가", "sa": "사", "si": "시", "ta": "다", "da": "다", "ja": "자", "cho'l": "철", "hwi": "휘",
    "ui": "의", "oe": "외", "wan": "완", "hak'": "학", "yom'": "염", "ryok": "력", "yok": "역",
    "rak": "락", "pin": "빈", "bin": "빈", "hyong": "형", "chok": "척", "chom": "점", "gap": "갑",
    "nung": "릉", "rung": "릉", "sang'": "상", "won'": "원", "yang'": "양",
}


def korean_to_hangul(name: str) -> str | None:
    """"KIM, Jong Un" / "Ri Je-Son" -> "김정은" / "리제선": each syllable through the table,
    a person's family name and given name written together with no space (as Korean does);
    None when a syllable is not in the table."""
    surname, _, given = name.partition(",")
    parts = [surname, given] if given else [name]
    out = []
    for part in parts:
        sylls = re.split(r"[\s\-]+", part.strip())
        word = []
        for s in sylls:
            if not s:
                continue
            key = s.lower().replace("o'", "o").replace("u'", "u").replace("'", "")
            h = KOREAN_SYLLABLES.get(key)
            if h is None:
                return None
            word.append(h)
        if word:
            out.append("".join(word))
    return "".join(out) if out else None


# --- Russian (Cyrillic) -> other scripts, by rule -----------------------------------------
_RU_VOWELS = "аеёиоуыэюя"


def _ru_tokens(word: str) -> list[str]:
    return list(word.lower())


_AR = {"а": "ا", "б": "ب", "в": "ف", "г": "غ", "д": "د", "е": "ي", "ё": "يو", "ж": "ج", "з": "ز",
       "и": "ي", "й": "ي", "к": "ك", "л": "ل", "м": "م", "н": "ن", "о": "و", "п": "ب", "р": "ر",
       "с": "س", "т": "ت", "у": "و", "ф": "ف", "х": "خ", "ц": "تس", "ч": "تش", "ш": "ش", "щ": "شتش",
       "ъ": "", "ы": "ي", "ь": "", "э": "ي", "ю": "يو", "я": "يا", "і": "ي", "ї": "يي", "є": "ي",
       "ґ": "غ", "ў": "و"}
_AR_INITIAL = {"а": "ا", "о": "أو", "у": "أو", "и": "إي", "э": "إ", "е": "ي", "я": "يا", "ю": "يو"}


def russian_to_arabic(text: str) -> str:
    """Cyrillic -> Arabic letters the way Arabic media write Russian names (vowels as long
    vowels, в -> ف, г -> غ, п -> ب): Путин -> بوتين, Владимир -> فلاديمير."""
    words = []
    for w in text.split():
        w = w.lower().strip(",.")
        out = []
        for i, ch in enumerate(w):
            if i == 0 and ch in _AR_INITIAL:
                out.append(_AR_INITIAL[ch])
            else:
                out.append(_AR.get(ch, ""))
        s = "".join(out)
        s = re.sub("يي+", "ي", s)
        s = re.sub("وو+", "و", s)
        if s:
            words.append(s)
    return " ".join(words)


_HE = {"а": "", "б": "ב", "в": "ב", "г": "ג", "д": "ד", "е": "", "ё": "יו", "ж": "ז'", "з": "ז",
       "и": "י", "й": "י", "к": "ק", "л": "ל", "м": "מ", "н": "נ", "о": "ו", "п": "פ", "р": "ר",
       "с": "ס", "т": "ט", "у": "ו", "ф": "פ", "х": "ח", "ц": "צ", "ч": "צ'", "ш": "ש", "щ": "שצ'",
       "ъ": "", "ы": "י", "ь": "", "э": "", "ю": "יו", "я": "יה", "і": "י", "ї": "יי", "є": "יה",
       "ґ": "ג", "ў": "ו"}
_HE_INITIAL = {"а": "א", "о": "או", "у": "או", "и": "אי", "э": "א", "е": "י", "в": "ו", "я": "יא",
               "ю": "יו"}
_HE_FINAL = {"כ": "ך", "מ": "ם", "נ": "ן", "פ": "ף", "צ": "ץ"}


def russian_to_hebrew(text: str) -> str:
    """Cyrillic -> Hebrew as Israeli press writes Russian names: Путин -> פוטין,
    Лавров -> לברוב, Владимир -> ולדימיר (a and e mostly unwritten, final letter forms)."""
    words = []
    for w in text.split():
        w = w.lower().strip(",.")
        out = []
        for i, ch in enumerate(w):
            if i == 0 and ch in _HE_INITIAL:
                out.append(_HE_INITIAL[ch])
            elif ch == "а" and i == len(w) - 1:
                out.append("ה")
            else:
                out.append(_HE.get(ch, ""))
        s = "".join(out)
        s = re.sub("יי+", "יי", s)
        if s and s[-1] in _HE_FINAL:
            s = s[:-1] + _HE_FINAL[s[-1]]
        if s:
            words.append(s)
    return " ".join(words)


_EL = {"а": "α", "б": "μπ", "в": "β", "г": "γ", "д": "ντ", "е": "ε", "ё": "ιο", "ж": "ζ", "з": "ζ",
       "и": "ι", "й": "ι", "к": "κ", "л": "λ", "м": "μ", "н": "ν", "о": "ο", "п": "π", "р": "ρ",
       "с": "σ", "т": "τ", "у": "ου", "ф": "φ", "х": "χ", "ц": "τσ", "ч": "τσ", "ш": "σ", "щ": "σ",
       "ъ": "", "ы": "ι", "ь": "", "э": "ε", "ю": "ιου", "я": "ια", "і": "ι", "ї": "ι", "є": "ε",
       "ґ": "γκ", "ў": "ου"}


def russian_to_greek(text: str) -> str:
    """Cyrillic -> Greek as Greek media write Russian names: Путин -> Πουτιν,
    Владимир -> Βλαντιμιρ (б = μπ, д = ντ, г = γκ at the start, final ς)."""
    words = []
    for w in text.split():
        w = w.lower().strip(",.")
        out = []
        for i, ch in enumerate(w):
            out.append("γκ" if (ch == "г" and i == 0) else _EL.get(ch, ""))
        s = "".join(out).replace("ιι", "ι")
        if s.endswith("σ"):
            s = s[:-1] + "ς"
        if s:
            words.append(s[:1].upper() + s[1:])
    return " ".join(words)


# Katakana: consonant + vowel pairs; a consonant with no vowel takes its u/o form.
_KANA_ROWS = {
    "": "アイウエオ", "k": "カキクケコ", "g": "ガギグゲゴ", "s": "サシスセソ", "z": "ザジズゼゾ",
    "t": "タチトゥテト", "d": "ダジドゥデド", "n": "ナニヌネノ", "h": "ハヒフヘホ", "b": "バビブベボ",
    "p": "パピプペポ", "m": "マミムメモ", "r": "ラリルレロ", "v": "ヴァヴィヴヴェヴォ", "f": "ファフィフフェフォ",
    "sh": "シャシシュシェショ", "zh": "ジャジジュジェジョ", "ch": "チャチチュチェチョ", "ts": "ツァツィツツェツォ",
    "kh": "ハヒフヘホ", "y": "ヤイユエヨ",
}
_KANA_ALONE = {"k": "ク", "g": "グ", "s": "ス", "z": "ズ", "t": "ト", "d": "ド", "n": "ン", "h": "フ",
               "b": "ブ", "p": "プ", "m": "ム", "r": "ル", "v": "フ", "f": "フ", "sh": "シュ",
               "zh": "ジュ", "ch": "チ", "ts": "ツ", "kh": "フ", "y": "イ"}
_RU_PHON = {"б": ("b", ""), "в": ("v", ""), "г": ("g", ""), "д": ("d", ""), "ж": ("zh", ""),
            "з": ("z", ""), "й": ("y", ""), "к": ("k", ""), "л": ("r", ""), "м": ("m", ""),
            "н": ("n", ""), "п": ("p", ""), "р": ("r", ""), "с": ("s", ""), "т": ("t", ""),
            "ф": ("f", ""), "х": ("kh", ""), "ц": ("ts", ""), "ч": ("ch", ""), "ш": ("sh", ""),
            "щ": ("sh", ""), "а": ("", "a"), "е": ("", "e"), "ё": ("", "yo"), "и": ("", "i"),
            "о": ("", "o"), "у": ("", "u"), "ы": ("", "i"), "э": ("", "e"), "ю": ("", "yu"),
            "я": ("", "ya"), "ь": ("", ""), "ъ": ("", ""), "і": ("", "i"), "є": ("", "ye"),
            "ї": ("", "yi"), "ґ": ("g", ""), "ў": ("v", "")}


def _kana(cons: str, vowel: str) -> str:
    vi = "aiueo".index(vowel)
    row = _KANA_ROWS[cons]
    if cons in ("t", "d") and vowel == "u":
        return "トゥ" if cons == "t" else "ドゥ"
    if cons in ("t", "d"):
        row = ("タチ" + "トゥ" + "テト") if cons == "t" else ("ダジ" + "ドゥ" + "デド")
        return {"a": row[0], "i": row[1], "e": row[4], "o": row[5]}[vowel]
    if len(row) == 5:
        return row[vi]
    # two-character digraph rows (ヴァ, シャ, ...): split into the five forms
    forms = {"v": ["ヴァ", "ヴィ", "ヴ", "ヴェ", "ヴォ"], "f": ["ファ", "フィ", "フ", "フェ", "フォ"],
             "sh": ["シャ", "シ", "シュ", "シェ", "ショ"], "zh": ["ジャ", "ジ", "ジュ", "ジェ", "ジョ"],
             "ch": ["チャ", "チ", "チュ", "チェ", "チョ"], "ts": ["ツァ", "ツィ", "ツ", "ツェ", "ツォ"]}[cons]
    return forms[vi]


def russian_to_katakana(text: str) -> str:
    """Cyrillic -> Katakana the way Japanese writes Russian names, without the long vowels
    (stress is not in the spelling): Путин -> プチン (real: プーチン), Лавров -> ラヴロフ."""
    words = []
    for w in text.split():
        w = w.lower().strip(",.")
        seq: list[tuple[str, str]] = []
        for ch in w:
            c, v = _RU_PHON.get(ch, ("", ""))
            if c:
                seq.append((c, ""))
            elif v:
                if v.startswith("y") and len(v) == 2:  # я ю ё: palatal glide
                    if seq and seq[-1][1] == "" and seq[-1][0] not in ("", "y"):
                        seq[-1] = (seq[-1][0], "i")
                        seq.append(("y", v[1]))
                        continue
                    seq.append(("y", v[1]))
                    continue
                if seq and seq[-1][1] == "":
                    seq[-1] = (seq[-1][0], v)
                else:
                    seq.append(("", v))
        out = []
        for k, (c, v) in enumerate(seq):
            if v == "" and c == "v":
                nxt = seq[k + 1][0] if k + 1 < len(seq) else ""
                out.append("ウ" if k == 0 else "フ" if nxt in ("", "k", "p", "s", "t", "f", "kh", "ts", "ch", "sh")
                           else "ブ")
            elif v == "":
                out.append(_KANA_ALONE.get(c, ""))
            elif c == "y" and v in "aueo" and out and out[-1] and out[-1][-1] in "キギシジチニヒビピミリ":
                out.append({"a": "ャ", "u": "ュ", "o": "ョ", "e": "ェ"}[v])
            else:
                out.append(_kana(c, v))
        s = "".join(out)
        if w.endswith(("ий", "ый")) and s.endswith("イ"):
            s = s[:-1] + "ー"
        if s:
            words.append(s)
    return "・".join(words)


_HANGUL_L = {"g": 0, "kk": 1, "n": 2, "d": 3, "r": 5, "m": 6, "b": 7, "s": 9, "": 11, "j": 12,
             "ch": 14, "k": 15, "t": 16, "p": 17, "h": 18}
_HANGUL_V = {"a": 0, "ae": 1, "ya": 2, "eo": 4, "e": 5, "yeo": 6, "ye": 7, "o": 8, "yo": 12,
             "u": 13, "yu": 17, "eu": 18, "ui": 19, "i": 20}
_HANGUL_T = {"": 0, "k": 1, "n": 4, "l": 8, "m": 16, "p": 17, "s": 19, "ng": 21}
_RU_HANGUL_CONS = {"б": "b", "в": "b", "г": "g", "д": "d", "ж": "j", "з": "j", "к": "k", "л": "r",
                   "м": "m", "н": "n", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "p", "х": "h",
                   "ц": "ch", "ч": "ch", "ш": "s", "щ": "s", "й": "", "ґ": "g", "ў": "b"}
_RU_HANGUL_VOW = {"а": "a", "е": "e", "ё": "yo", "и": "i", "о": "o", "у": "u", "ы": "i", "э": "e",
                  "ю": "yu", "я": "ya", "і": "i", "є": "ye", "ї": "i"}


def _syllable(lead: str, vowel: str, tail: str = "") -> str:
    return chr(0xAC00 + (_HANGUL_L[lead] * 21 + _HANGUL_V[vowel]) * 28 + _HANGUL_T[tail])


def russian_to_hangul(text: str) -> str:
    """Cyrillic -> Hangul following the Korean rules for Russian names, simplified: each
    consonant-vowel pair a block, a lone consonant with ㅡ (ㅣ after ж ч ш щ), a final м н л as a
    batchim, л after a lone consonant doubled as ㄹ: Путин -> 푸틴, Владимир -> 블라디미르."""
    words = []
    for w in text.split():
        w = w.lower().strip(",.")
        blocks: list[list[str]] = []  # [lead, vowel, tail]
        pending: str | None = None  # a Cyrillic consonant waiting for its vowel

        def flush(ch: str, blocks: list[list[str]] = blocks) -> None:
            blocks.append([_RU_HANGUL_CONS[ch], "i" if ch in "жчшщ" else "eu", ""])

        for ch in w:
            if ch in ("ь", "ъ"):
                continue
            if ch == "й" and w.endswith(("ий", "ый")) and w.index(ch) == len(w) - 1:
                continue  # -ий is -이 (Геннадий 겐나디)
            if ch == "й":
                if pending is not None:
                    flush(pending)
                    pending = None
                blocks.append(["", "i", ""])
                continue
            if ch in _RU_HANGUL_VOW:
                v = _RU_HANGUL_VOW[ch]
                lead = _RU_HANGUL_CONS[pending] if pending is not None else ""
                if pending == "л" and blocks and blocks[-1][2] == "":
                    blocks[-1][2] = "l"  # л before a vowel doubles as a ㄹ batchim: 블라, 올레
                blocks.append([lead, v, ""])
                pending = None
                continue
            if ch not in _RU_HANGUL_CONS:
                continue
            if pending is not None:
                tail = {"м": "m", "н": "n", "л": "l"}.get(pending)
                if tail and blocks and blocks[-1][2] == "" and blocks[-1][1] != "eu":
                    blocks[-1][2] = tail
                else:
                    flush(pending)
            pending = ch
        if pending is not None:
            tail = {"м": "m", "н": "n", "л": "l"}.get(pending)
            if tail and blocks and blocks[-1][2] == "":
                blocks[-1][2] = tail
            else:
                flush({"б": "п", "в": "ф", "г": "к", "д": "т", "з": "с", "ж": "ш"}.get(pending, pending))
        s = "".join(_syllable(a, b, c) for a, b, c in blocks if a in _HANGUL_L and b in _HANGUL_V)
        if s:
            words.append(s)
    return " ".join(words)


# Arabic letters -> Hebrew letters (both consonantal; Israeli media write Arabic names so).
_AR_HE = {"ا": "א", "أ": "א", "إ": "א", "آ": "א", "ء": "א", "ؤ": "או", "ئ": "אי", "ب": "ב", "ت": "ת",
          "ث": "ת'", "ج": "ג'", "ح": "ח", "خ": "ח'", "د": "ד", "ذ": "ד'", "ر": "ר", "ز": "ז", "س": "ס",
          "ش": "ש", "ص": "צ", "ض": "צ'", "ط": "ט", "ظ": "ט'", "ع": "ע", "غ": "ע'", "ف": "פ", "ق": "ק",
          "ك": "כ", "ل": "ל", "م": "מ", "ن": "נ", "ه": "ה", "و": "ו", "ي": "י", "ى": "א", "ة": "ה",
          "پ": "פ", "چ": "צ'", "ژ": "ז'", "گ": "ג", "ک": "כ", "ی": "י"}


def arabic_to_hebrew(text: str) -> str:
    """Arabic script -> Hebrew letters one by one (the article ال kept as אל-)."""
    words = []
    for w in text.split():
        out = "".join(_AR_HE.get(ch, "") for ch in w if unicodedata.category(ch) != "Mn")
        if out.startswith("אל") and len(out) > 3 and w.startswith("ال"):
            out = "אל-" + out[2:]
        if out and out[-1] in _HE_FINAL:
            out = out[:-1] + _HE_FINAL[out[-1]]
        elif len(out) > 1 and out[-1] == "'" and out[-2] in _HE_FINAL:
            out = out[:-2] + _HE_FINAL[out[-2]] + "'"
        if out:
            words.append(out)
    return " ".join(words)


# Arabic spelling variants people type: hamza forms, ta marbuta, alif maqsura.
def arabic_orthography_variant(text: str) -> str:
    t = re.sub("[أإآ]", "ا", text)
    t = t.replace("ة", "ه").replace("ى", "ي")
    t = "".join(ch for ch in t if unicodedata.category(ch) != "Mn")  # harakat
    return t
