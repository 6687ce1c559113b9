"""What the matcher knows about names beyond their letters: titles and suffixes, particles,
short forms of given names, masculine/feminine forms, abbreviations of business words.

Everything here works on normalised tokens (lower-case ASCII letters and digits, see
``normalize.py``). Sources:

* **Titles and honorifics** before a person's name: the English ones of rigour's person-name
  prefixes (``rigour.names.remove_person_prefixes``: Mr, Mrs, Dr, General, Colonel, President,
  Präsident, Herr, Frau, Monsieur, Mme, Senor, Sir, His Excellency ...), and, written for this
  project, the titles those names are written with in the languages of the lists (Arabic and
  Persian honorifics and religious titles, Spanish, Portuguese, French, German, Italian,
  Russian and Turkish forms of address, ranks and offices). ``tests/test_matching_issue12.py``
  checks that the common ones rigour strips are flagged here too.
* **Suffixes** after a name: generational (Jr, Sr, II, III, hijo, fils, Filho, sen., jun.),
  post-nominal (Esq., PhD) and trailing honorifics (Pasha, Bey, Effendi): a short table written
  for this project (rigour has none).
* **Short forms of given names**: ``NICKNAMES`` below, written for this project from common
  usage (Russian diminutives, Spanish hypocoristics, English short forms, the Arabic
  abbreviations of Muhammad), then a rule: a short form of three letters or more that a full
  name begins with (Vlad/Vladimir, Vic/Victor). rigour's name symbols
  (``rigour.names.analyze_names``: names that share a Wikidata given-name item, e.g.
  Sasha/Aleksandr) were measured and not used: its tagger takes 7 s to load and 1.2 ms a word.
* **Masculine and feminine forms** (Antonio/Antonia, Nasir/Nasira, Ivanov/Ivanova,
  Gordievsky/Gordievskaya, Yakovlevich/Yakovlevna): endings, below. Two such words are
  different names, never spelling variants of one.
"""

from __future__ import annotations

from functools import lru_cache

import cython


def collapse_doubles(s: str) -> str:
    """"mohammed" -> "mohamed" (runs of one letter kept once). A loop over the characters that
    copies nothing when there is no double (compiled, a tenth of ``itertools.groupby``'s
    cost; the index and every new query word use it twice). It lives here, in the module the
    others import, so that gender_pair can use it too."""
    n: cython.Py_ssize_t = len(s)
    i: cython.Py_ssize_t
    start: cython.Py_ssize_t = 0
    pieces: list = []
    for i in range(1, n):
        if s[i] == s[i - 1]:
            pieces.append(s[start:i])
            start = i + 1
    if not pieces:
        return s
    pieces.append(s[start:])
    return "".join(pieces)


# -- titles ------------------------------------------------------------------------------------
# Phrases as normalised tokens. A title is only taken as one at the start of a name (or of the
# given names after "SURNAME,"), a suffix only at its end, and never the whole name.
_TITLES = """
mr mrs ms miss mister missus mx messrs sir dame lady lord madam madame hon honorable honourable
the+honorable the+honourable right+honourable right+honorable rt+hon his+excellency her+excellency
excellency his+highness her+highness his+majesty her+majesty his+holiness
dr doctor prof professor prof+dr professor+dr dipl+ing dipl ing eng engr engineer arch architect
rev reverend fr father pastor rabbi bishop archbishop cardinal monsignor brother sister
capt captain cpt col colonel gen general maj major lt lieutenant brig brigadier adm admiral
cdr cmdr commander commodore sgt sergeant cpl corporal pvt private marshal field+marshal
lieutenant+general lieutenant+colonel major+general brigadier+general rear+admiral vice+admiral
lt+gen lt+col maj+gen brig+gen air+marshal air+chief+marshal chief+marshal
president vice+president prime+minister deputy+prime+minister premier minister deputy+minister
chairman chairwoman chairperson chair director managing+director general+director ceo
ambassador amb senator governor mayor judge justice king queen prince princess emperor
duke duchess count countess baron baroness earl marquess marquis
sheikh shaikh shaykh sheik shaik cheikh sheikha al+sheikh el+sheikh al+shaykh
sayyid sayed sayyed syed seyed seyyed sayid al+sayyid
haji hajji hadji haj hajj al+haj al+hajj el+hadj alhaji alhaj hajja hajjah haja
mullah mulla molla maulana mawlana maulvi maulawi mawlawi moulavi molvi mufti imam
ustadh ustaz ustad ayatollah ayatullah grand+ayatollah hojatoleslam hojjatoleslam hojatolislam
hojjat+ol+eslam hujjat+al+islam hojjat+al+eslam
emir amir shahzada nawab raja maharaja
agha aga aqa aghaye aqaye khanom khanum sardar sarlashkar sartip sarhang mohandes doktor
sr sra srta senor senora senorita don dona lic licenciado licenciada ing ingeniero ingeniera
dra doctora gral coronel cnel comandante cmdte capitan teniente tte sargento presidente presidenta
ministro ministra alcalde diputado diputada senador senadora arq arquitecto abogado abg
mtro maestro profesor profesora padre fray hno excmo excma
senhor senhora dom engenheiro engenheira doutor doutora
herr frau fraulein oberst generalleutnant generalmajor hauptmann prasident praesident direktor
botschafter graf grafin freiherr
m mme mlle monsieur mademoiselle maitre docteur professeur commandant capitaine
ministre abbe pere
sig signor signora signorina dott dottore dottoressa avv avvocato onorevole
gospodin gospozha tovarishch polkovnik generalmayor generalleytenant generalpolkovnik mayor
kapitan leytenant podpolkovnik prezident ministr akademik
bayan hoca haci
presiden predsjednik predsednik predsedatel prezydent presidentti presedinte presedintele
prezidento cumhurbaskani baskan kanzler bundeskanzler chancellor jenderal kolonel generaal
elnok miniszterelnok prezidentas prezidents presidenti
"""

_SUFFIXES = """
jr jnr junior sr snr senior sen jun ii iii iv 2nd 3rd hijo fils pere filho neto sobrinho
esq esquire phd md dds mba msc jd obe mbe cbe kbe qc kc
pasha pacha bey beg effendi efendi sahib saheb khanum
the+elder the+younger el+mayor el+menor
"""


def _phrases(text: str) -> frozenset[tuple[str, ...]]:
    out = set()
    for word in text.split():
        out.add(tuple(word.split("+")))
    return frozenset(out)


TITLE_PHRASES = _phrases(_TITLES)
SUFFIX_PHRASES = _phrases(_SUFFIXES)
_TITLE_MAX = max(len(p) for p in TITLE_PHRASES)
_SUFFIX_MAX = max(len(p) for p in SUFFIX_PHRASES)
TITLE_FIRST = frozenset(p[0] for p in TITLE_PHRASES)
SUFFIX_LAST = frozenset(p[-1] for p in SUFFIX_PHRASES)
# Words that are titles but also common given or family names: taken as a title only when
# another title or a name of at least two more words follows ("Said" alone is a name).
AMBIGUOUS_TITLES = frozenset({"don", "dona", "m", "sr", "aga", "agha", "amir",
                              "emir", "raja", "major", "mayor", "count", "earl", "king", "judge", "haji",
                              "imam", "pere", "padre", "dom", "general", "sardar", "nawab"})


def title_flags(tokens: tuple[str, ...], start: int = 0) -> list[int]:
    """Positions of the title words that open ``tokens[start:]`` (several may follow each
    other: "His Excellency General"). At least one word is always left, and one of more than a
    letter."""
    n = len(tokens)
    out: list[int] = []
    i = start
    while i < n - 1:
        if tokens[i] not in TITLE_FIRST:  # (every title phrase starts with one of these)
            break
        for k in range(min(_TITLE_MAX, n - 1 - i), 0, -1):
            p = tuple(tokens[i:i + k])
            if p in TITLE_PHRASES:
                if k == 1 and p[0] in AMBIGUOUS_TITLES and n - (i + 1) < 2:
                    continue
                if len(p[-1]) == 1 and len(tokens[i + k]) == 1:
                    continue  # ("M." before another initial is one too: M. N. KHAYRBIK, M.I.P.J.E.)
                out.extend(range(i, i + k))
                i += k
                break
        else:
            break
    if out:
        for k in range(i, n):
            if len(tokens[k]) > 1:
                return out
        return []  # only initials after it: the "title" is the family name (AL-SAYYID I.A.)
    return out


def suffix_flags(tokens: tuple[str, ...], end: int | None = None, keep: int = 2) -> list[int]:
    """Positions of the suffix words that close ``tokens[:end]``, leaving at least ``keep``."""
    j = len(tokens) if end is None else end
    out: list[int] = []
    while j > keep:
        if tokens[j - 1] not in SUFFIX_LAST:  # (every suffix phrase ends with one of these)
            break
        for k in range(min(_SUFFIX_MAX, j - keep), 0, -1):
            p = tuple(tokens[j - k:j])
            if p in SUFFIX_PHRASES:
                if k == 1 and p[0] in _SYLLABLE_SUFFIXES and _has_syllable(tokens, j - 1):
                    return out  # (in a name of syllables: a given name's, Min-jun, Wei Jun, not "jun.")
                out.extend(range(j - k, j))
                j -= k
                break
        else:
            break
    return out


# German abbreviations of junior and senior that are also syllables of East Asian given names
# (Min-jun, Li Wei Jun, JI, Sang Jun): a suffix only where no word before it is of three letters
# or fewer (Hans Meier jun., Karl Schmidt sen.; Korean and Chinese names have such a word, the
# family name or a syllable).
_SYLLABLE_SUFFIXES = frozenset({"jun", "sen"})


def _has_syllable(tokens: tuple, end: int) -> bool:
    for t in tokens[:end]:
        if len(t) <= 3 and t not in TITLE_FIRST:  # (Dr. and Mr. are no syllables)
            return True
    return False


# -- particles ---------------------------------------------------------------------------------
# Words inside names that are not names: articles and kinship particles.
PARTICLES = frozenset("""
al el ul ud ad an as ash at az ar ed en es esh et ez ibn bin ben bint binti abu abou umm um ould wuld bani beni
de da di do dos das del della dello der den van von ter ten te la le les du des y e i
""".split())

# One particle written several ways (bin, ben and ibn are one Arabic "son of"; al and el one
# article): each spelling -> the group's first. Spelt unlike each other, they would otherwise
# meet nothing ("ISA BEN TARIF" and ISA BIN TARIF).
_PARTICLE_SPELLINGS = """
bin ben ibn
bint binti
abu abou
al el
ould wuld
bani beni
"""
PARTICLE_GROUPS = {line.split()[0]: tuple(line.split()) for line in _PARTICLE_SPELLINGS.strip().splitlines()}
PARTICLE_SPELLING = {w: first for first, group in PARTICLE_GROUPS.items() for w in group}

# -- short forms of given names ------------------------------------------------------------------
# short form: the full names it stands for (normalised ASCII, as the lists write them).
_NICKNAMES = """
sasha shura sanya sashka: aleksandr alexander aleksander alexandr oleksandr alyaksandr aleksandra alexandra
dima dimitri: dmitry dmitriy dmitri dmitrii dimitry dmytro
volodya vova: vladimir volodymyr uladzimir
vlad: vladimir vladislav vladyslav
slava: vyacheslav vladislav stanislav yaroslav svyatoslav miroslav bronislav
misha mishka: mikhail mykhailo mikhail michael
kolya: nikolay nikolai mykola nikolaj
seryozha serezha sergei: sergey sergei sergiy serhiy
zhenya: yevgeniy evgeniy evgeny yevgeny yevhen evgenii yevgenia evgeniya
lyosha alyosha lesha: aleksey alexei alexey aleksei oleksiy
andryusha andrei: andrey andrei andriy
vanya: ivan
petya: pyotr petr petro
pasha: pavel pavlo
kostya: konstantin kostiantyn
tolya: anatoliy anatoly anatolii
vitya: viktor victor vitaliy vitaly
yura: yuriy yuri yury yurii
grisha: grigoriy grigory hryhoriy
borya: boris
lyonya lenya: leonid
gena: gennadiy gennady
fedya: fyodor fedor
tanya: tatyana tatiana
natasha: natalya natalia nataliya
lena: yelena elena olena
olya: olga
katya: yekaterina ekaterina kateryna
masha mari: mariya maria
ira: irina iryna
sveta: svetlana
nadya: nadezhda
lyuda: lyudmila ludmila
galya: galina
mitya mitka: dmitry dmitriy dmitri dmitrii dimitry dmytro
kirya kiryusha: kirill kyrylo
vasya: vasily vasiliy vasilii vasyl
styopa: stepan
senya: semyon semen
zhora: georgy georgiy georgii heorhiy
tyoma: artyom artem
lyova: lev
roma: roman
stas: stanislav
vadik: vadim
tolik: anatoliy anatoly anatolii
nastya: anastasia anastasiya
dasha: darya daria
yulya: yulia yuliya
ksyusha: kseniya ksenia
sonya: sofia sofiya sofya
valya: valentin valentina
aca sasa: aleksandar
rale: radomir radoslav ratko
mica: milan miodrag milorad
voja: vojislav
boki: bojan
vlada: vladimir vladan
mile: milan milorad
ceca: svetlana
pepe chepe pepito: jose
paco pancho curro kiko quico frasco: francisco
nacho: ignacio
chucho chuy: jesus
lalo: eduardo
beto: alberto roberto humberto norberto heriberto gilberto
coque: jorge
perico: pedro
richi: ricardo
nano: fernando hernan mariano
gabo: gabriel
chente: vicente
lencho: lorenzo
chayo: rosario
licha: alicia
lola: dolores
pepa: josefa
chabela: isabel
kike: enrique
cheo: jose
fede: federico
santi: santiago
nico: nicolas
quique: enrique
tono: antonio
manolo manny: manuel
lupe: guadalupe
chema: jose maria
rafa: rafael
fito: adolfo rodolfo
memo guille: guillermo
juancho: juan
lucho: luis
poncho: alfonso
goyo: gregorio
nando: fernando hernando
moncho: ramon
charly charlie: carlos
chalo: carlos gonzalo
checo: sergio
chelo: consuelo marcelo
toni tony: antonio anthony
neto: ernesto
tito: alberto roberto
pili: pilar
concha: concepcion
charo: rosario
bill billy will willy: william
bob bobby rob robbie: robert roberto
dick rick ricky rich richie: richard ricardo
jerry: gerald gerard jerome gerardo
mike mick mickey: michael miguel
jim jimmy: james
tom tommy: thomas
joe joey: joseph yusuf youssef
hamada: ahmed ahmad mohamed hamed
jack: john
johnny: john
dave davy: david
dan danny: daniel
sam sammy: samuel samir
tony ant: anthony
harry: harold henry
hank: henry
ted teddy ed eddie: edward edmund eduardo
al: albert alfred alan
alex: alexander aleksandr alejandro alexandre
andy drew: andrew andres andrey
ben benny benji: benjamin
lara: larisa
vicky vicki: victoria
quino: joaquin
arkasha: arkady arkadiy arkadii
lyuba: lyubov
chris: christopher christian cristian
steve: stephen steven
matt: matthew matthias
nick: nicholas nicolas nikolai
pat: patrick patricia
pete: peter pedro
ron ronnie: ronald
vic: victor viktor vicente
zoki: zoran
raso: radovan
ter terry: terrence terence
kate kathy: katherine catherine
liz beth betty: elizabeth
meg maggie peggy: margaret
sue: susan
mohd mhd muhd md moh mohd: muhammad mohammed mohammad mohamed muhammed mohamad
abd: abdul abdel abdal
beppe peppe: giuseppe
gigi: luigi
sandro: alessandro
franz: franziskus
hans: johannes
sepp: josef joseph
"""


def _nickname_table(text: str) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for line in text.strip().splitlines():
        shorts, _, fulls = line.partition(":")
        for s in shorts.split():
            out.setdefault(s, set()).update(fulls.split())
    return {k: frozenset(v) for k, v in out.items()}


NICKNAMES = _nickname_table(_NICKNAMES)
# full name: its short forms
FULL_NAMES: dict[str, frozenset[str]] = {}
for _short, _fulls in NICKNAMES.items():
    for _full in _fulls:
        FULL_NAMES[_full] = FULL_NAMES.get(_full, frozenset()) | {_short}

# -- one given name in its Russian, Ukrainian and Belarusian forms --------------------------------
# Not short forms but the same name as each language writes it (Volodymyr and Uladzimir are
# Vladimir): lists and order systems write a person from the region in any of them.
_COGNATES = """
vladimir volodymyr uladzimir wladimir
aleksandr alexander oleksandr alyaksandr aliaksandr
nikolay nikolai mykola mikalai mikalay
sergey sergei serhiy serhii siarhei sergiy
andrey andrei andriy andrii
dmitry dmitriy dmitri dmytro dzmitry
aleksey alexei alexey aleksei oleksiy oleksii aliaksei
mikhail mykhailo
pyotr petr petro
pavel pavlo paval
grigoriy grigory hryhoriy ryhor
vasily vasiliy vasyl
yevgeniy evgeniy evgeny yevhen yauhen
anatoliy anatoly anatolii
igor ihor ihar
oleg oleh aleh
vitaliy vitaly vitalii
valeriy valery valerii
viktor viktar
yelena elena olena alena
yekaterina ekaterina kateryna katsiaryna
tatyana tatiana tetiana tatsiana
natalya natalia nataliya natallia
irina iryna
galina halyna
olga olha volha
lyudmila liudmyla
svetlana svitlana sviatlana
konstantin kostiantyn kanstantsin
georgy georgiy heorhiy
kirill kyrylo
fyodor fedor fedir
vyacheslav viacheslav
bogdan bohdan
denis denys
leonid leanid
gennadiy gennady hennadiy
boris barys
"""


def _groups_table(text: str) -> dict[str, frozenset[str]]:
    """Each word of a table of groups (one group a line) -> the other words of its groups."""
    table: dict[str, frozenset[str]] = {}
    for line in text.strip().splitlines():
        group = frozenset(line.split())
        for w in group:
            table[w] = table.get(w, frozenset()) | (group - {w})
    return table


COGNATES = _groups_table(_COGNATES)

# -- Korean family names as each romanisation writes them -----------------------------------------
# One Hangul family name, romanised by the South's Revised Romanisation (Jeong, Gang), by
# McCune-Reischauer without its breves, which North Korea's names on the lists follow (Jong,
# Pak, Choe, O, Ri), and by the customary spellings people use for themselves (Chung, Park,
# Choi, Oh, Lee): the same person, written by whoever typed the order. Written for this project
# from those systems' tables for the common family names; a group may join two Hangul names
# that romanise alike (Jeon and Cheon are both Chon). Only for words of listed persons' names
# (``lookups.short_forms``).
_KOREAN_FAMILY_NAMES = """
kim gim
lee yi ri rhee rhie li ree
park pak bak bahk
choi choe choy chey
jeong jung chung chong jong cheong
kang gang
cho jo joh
yoon yun youn
jang chang
lim im rim yim
oh o
seo suh so
shin sin
kwon gwon kweon
hwang whang
ahn an
ryu yu yoo rhyu ryoo lyu
jeon chon jun chun jeun cheon
ko go koh
moon mun
bae pae
baek paek paik baik
heo ho hur huh
noh no ro roh
woo wu
gu ku koo
jin chin
ji chi
eom om um
joo chu ju
bang pang
gong kong
hyun hyon hyeon
seong sung song
hahn han
"""
KOREAN_FAMILY_NAMES = _groups_table(_KOREAN_FAMILY_NAMES)

# A syllable of a Korean given name as McCune-Reischauer writes it without its breves (the lists'
# way: Jong Un, Kuk Ryol) from the Revised Romanisation and customary spellings (Jeong Eun,
# Guk Ryeol, Hoon): eo and eu lose their e, oo is u, a letter twice is once, and an opening g,
# d, b, j is k, t, p, ch; an opening r or l is dropped before i or y and read n before another
# vowel, as the South writes a word's first syllable (Choe Yong-hae for CHOE Ryong Hae).
_RR_SYLLABLE = (("yeo", "yo"), ("eo", "o"), ("eu", "u"), ("oo", "u"))
_RR_OPENING = {"g": "k", "d": "t", "b": "p", "j": "ch"}
KOREAN_SYLLABLE_MAX = 6  # the longest word read as one syllable (chyong, hwang)


def mr_syllable(w: str) -> str:
    """``w`` read as a syllable the lists' way (see above): GUK -> kuk, EUN -> un; JEONG and
    JONG both -> chong (a key: two spellings of one syllable give the same one)."""
    for rr, mr in _RR_SYLLABLE:
        if rr in w:
            w = w.replace(rr, mr)
    w = collapse_doubles(w)  # (a letter typed twice, Jong-uun; Kook is KUK)
    if len(w) > 1 and (w[0] == "r" or w[0] == "l"):
        # the South drops an opening r before i or y and writes it n before another vowel (the
        # North's RYONG is Yong, RYOL Yeol, RO No): one key for both
        if w[1] == "y" or w[1] == "i":
            return w[1:]
        if w[1] in "aeou":
            return "n" + w[1:]
    first = _RR_OPENING.get(w[0])
    return first + w[1:] if first is not None else w


def korean_syllables_alike(a: str, b: str) -> bool:
    """``a`` and ``b`` are one syllable of a Korean given name in two romanisations (eun/un,
    jeong/jong, guk/kuk, hoon/hun): equal once both are read as the lists write them. Short
    alphabetic words only (callers ask only for a name that opens with a Korean family name)."""
    if a == b or not a or not b or len(a) > KOREAN_SYLLABLE_MAX or len(b) > KOREAN_SYLLABLE_MAX:
        return False
    if not a.isalpha() or not b.isalpha():
        return False
    return mr_syllable(a) == mr_syllable(b)

# -- masculine / feminine forms ----------------------------------------------------------------
_FEMININE_TAILS = ("a", "ia", "ya", "iya", "na", "e", "le", "ne", "ina", "aya", "ka", "ta", "ova", "eva", "fa", "ra",
                   "ette")
_MASCULINE_TAILS = ("", "o", "e", "os", "us", "y", "iy", "ii", "i", "ey", "ij", "ko", "to", "ov", "ev", "er")
# Masculine names that end like feminine ones (a Tajik "-o" spelling of them is not a woman; nor
# is the French spelling of a Maghrebi name, whose -ine or -ane is Amin or Yasin: Mohamed Amine).
_MASCULINE_A = frozenset("""musa isa mustafa hamza yahya usama osama nikita ilya luca andrea zakariya zakaria
mirza reza raza taha murtaza mujtaba huzaifa hudhayfa ata juma jumma khalifa moussa issa
oussama hamzah mustapha
amine yassine yacine lamine hassane hassene ousmane souleymane slimane othmane redouane radouane marwane
soufiane sofiane imrane abderrahmane ramdane hocine houcine mouhcine mohcine lahcene zine noureddine
nourredine eddine salaheddine""".split())
_MASCULINE_A = _MASCULINE_A | {collapse_doubles(w) for w in _MASCULINE_A}  # (Yassine is Yasine, doubles aside)
# Masculine and feminine forms no ending rule makes (John/Joan, Charles/Charlotte).
_IRREGULAR_PAIRS = """
john: joan johanna
michael: michelle michaela
joseph: josephine josefina
henry: henrietta
charles: charlotte
nicholas nikolas nicolas: nicole
francis: frances
bernard: bernadette
paul: pauline
william: wilhelmina
andrei: andreea
ion: ioana
christian: christine christiane
christopher: christina
patrick: patricia
frederick: frederica
gerald: geraldine
claude: claudine
vasily vasiliy vasili: vasilisa
pablo: paula
pedro: petra
jorge: georgina
lorenzo: lorena
nasser: nasra
hamad: hamda
salam: salma
"""
_IRREGULAR = _nickname_table(_IRREGULAR_PAIRS)  # masculine -> its feminine forms
_IRREGULAR_WORDS = frozenset(_IRREGULAR).union(*_IRREGULAR.values())
# Patronymics and surname endings: masculine -> feminine.
_PAIRED = (("ovich", "ovna"), ("evich", "evna"), ("ich", "ichna"), ("ovych", "ivna"), ("evych", "ivna"),
           ("ogly", "kyzy"), ("oglu", "kizi"), ("uly", "kyzy"), ("sky", "skaya"), ("skiy", "skaya"),
           ("skii", "skaya"), ("ski", "ska"), ("cki", "cka"), ("tsky", "tskaya"), ("y", "aya"), ("iy", "aya"),
           ("oy", "aya"), ("ii", "aya"))


def _consonants(t: str) -> str:
    ch: cython.Py_UCS4
    kept: list = []
    for ch in t:
        if ch not in "aeiouy":
            kept.append(ch)
    return "".join(kept)


# (the same tables by the last letter of an ending: a word can only end with an ending whose
# last letter it ends with)
_PAIRED_BY_LAST: dict[str, tuple[tuple[str, str], ...]] = {}
for _m, _f in _PAIRED:
    _PAIRED_BY_LAST[_m[-1]] = _PAIRED_BY_LAST.get(_m[-1], ()) + ((_m, _f),)
_FEMININE_BY_LAST = {last: tuple(f for f in _FEMININE_TAILS if f.endswith(last)) for last in "ae"}
_MASCULINE_TAIL_SET = frozenset(_MASCULINE_TAILS)


@lru_cache(maxsize=100_000)
def transposed(a: str, b: str) -> bool:
    """``b`` is ``a`` with two neighbouring letters swapped."""
    return _transposed(a, b)


@cython.cfunc
def _transposed(a: str, b: str) -> cython.bint:
    n: cython.Py_ssize_t = len(a)
    i: cython.Py_ssize_t = 0
    if len(b) != n:
        return False
    while i < n and a[i] == b[i]:
        i += 1
    if i + 1 >= n or a[i] != b[i + 1] or a[i + 1] != b[i]:
        return False
    return a[i + 2:] == b[i + 2:]


def gender_pair(a: str, b: str) -> bool:
    """``a`` and ``b`` are the masculine and feminine forms of one name (either way round):
    Antonio/Antonia, Nasir/Nasira, Jose/Josefa, Michel/Michelle, Ivanov/Ivanova,
    Gordievsky/Gordievskaya, Yakovlevich/Yakovlevna, Evgeniy/Evgeniya."""
    sa: str
    sb: str
    if a == b or len(a) < 3 or len(b) < 3:
        return False
    if a[0] != b[0] and a[0] != "p" and b[0] != "p" and a not in _IRREGULAR_WORDS:
        return False  # (the rules below need one first letter: most words met here fail at once)
    if not a.isalpha() or not b.isalpha():
        return False
    if b in _IRREGULAR.get(a, ()) or a in _IRREGULAR.get(b, ()):
        return True
    if _transposed(a, b):
        # two neighbouring letters typed the other way round (Ahmda, Muhammda, Behnma) are a
        # slip of the hand, though the Arabic rule below would read a masculine's consonants and
        # a closing -a (the few such pairs that are two names, Hamad/Hamda, are in the table)
        return False
    if "ph" in a or "ph" in b:  # (one sound, two spellings: Raphael/Rafaela)
        a = a.replace("ph", "f")
        b = b.replace("ph", "f")
    if a[0] != b[0]:
        return False
    if not _by_endings(a, b):
        # a consonant doubled in one form only (Raffaele/Raffaella, Gabriel/Gabrielle); the
        # cheap test first: most pairs seen here are spelling neighbours, each tried once
        if a[-1] != "a" and a[-1] != "e" and b[-1] != "a" and b[-1] != "e":
            return False
        sa = collapse_doubles(a)  # (the word itself, not a copy, when it has no double)
        sb = collapse_doubles(b)
        if (sa is a and sb is b) or sa == sb or not _by_endings(sa, sb):
            return False
    # a short form is its name, however it ends (Yura is Yuri, Mari is Maria)
    return not (b in NICKNAMES.get(a, ()) or a in NICKNAMES.get(b, ()))


def surname_gender_pair(a: str, b: str) -> bool:
    """``a`` and ``b`` are the masculine and feminine forms of one family name, as the languages
    whose family names change with the bearer write them (Ivanov/Ivanova, Gordievsky/Gordievskaya,
    Yakovlevich/Yakovlevna). Other family names do not change: Macron and Macrone are a slip."""
    if a == b or len(a) < 3 or len(b) < 3 or a[0] != b[0]:
        return False
    for x, y in ((a, b), (b, a)):
        # Russian, Bulgarian ... -ov/-ova, -ev/-eva, -in/-ina, also as French and German write
        # the masculine (-off, -ow, -ine: TYURINE and TYURINA are two people); Czech and Slovak
        # -ova on any stem (Novak/Novakova)
        if y.endswith(("ina", "yna")) and (x == y[:-1] or x == y[:-1] + "e"):
            return True
        if y.endswith(("ova", "owa", "eva", "ewa")) and len(y) > 4:
            stem = y[:-2]  # (with its o or e)
            if x == stem + "v" or x == stem + "w" or x == stem + "ff":
                return True
        if len(y) == len(x) + 3 and y.endswith("ova") and y.startswith(x) and len(x) >= 3:
            return True
        if _paired(x, y):
            return True
    return False


@cython.cfunc
def _paired(x: str, y: str) -> cython.bint:
    """``x`` and ``y`` end with a masculine ending and its feminine on one stem (patronymics and
    surnames: -ovich/-ovna, -sky/-skaya, -ski/-ska ...)."""
    m: str
    f: str
    for m, f in _PAIRED_BY_LAST.get(x[-1], ()):
        if x.endswith(m) and y.endswith(f) and x[:len(x) - len(m)] == y[:len(y) - len(f)] and len(x) > len(m) + 1:
            return True
    return False


@cython.cfunc
def _by_endings(a: str, b: str) -> cython.bint:
    """``gender_pair``'s ending rules (``a`` and ``b`` start alike)."""
    x: str
    y: str
    m: str
    f: str
    stem: str
    for x, y in ((a, b), (b, a)):  # x masculine, y feminine
        # an Arabic feminine name: the masculine's consonants and a final -a (Bashar/Bushra)
        if (len(x) >= 4 and y[-1] == "a" and x[-1] not in "aeiouy" and y not in _MASCULINE_A
                and _consonants(x) == _consonants(y[:-1])):
            return True
        if _paired(x, y):  # patronymics and surnames (-ovich/-ovna, -sky/-skaya ...)
            return True
        if y[-1] not in "ae" or y in _MASCULINE_A:
            continue
        # a feminine ending on the stem of the masculine name (Antonio/Antonia, Simon/Simone)
        for f in _FEMININE_BY_LAST[y[-1]]:
            if not y.endswith(f):
                continue
            stem = y[:len(y) - len(f)]
            if len(stem) < 2 or not x.startswith(stem):
                continue
            m = x[len(stem):]  # (the one masculine ending that can make x from this stem)
            if m == f or m not in _MASCULINE_TAIL_SET:
                continue
            # "-e" feminine only after a whole masculine name (Simon/Simone, Louis/Louise)
            if f in ("e", "ne", "le") and m != "":
                continue
            if m == "" and f == "e" and len(x) < 4:
                continue
            # a closing vowel typed twice (RENTAA, TAHAA) or three times (SCOTTLEEE) is a slip,
            # not a feminine form: no name makes its feminine so (René/Renée stays two names)
            if m == "" and len(f) == 1 and x[-1] == f and (f == "a" or x.endswith(f + f)):
                continue
            return True
    return False


@lru_cache(maxsize=100_000)
def short_form(a: str, b: str) -> str:
    """How ``a`` and ``b`` are one given name though spelt apart: "nickname" (either is a
    short form of the other), "" when they are not (or are masculine/feminine forms)."""
    if a == b or len(a) < 2 or len(b) < 2 or gender_pair(a, b):
        return ""
    if b in NICKNAMES.get(a, ()) or a in NICKNAMES.get(b, ()):
        return "nickname"
    if NICKNAMES.get(a, frozenset()) & NICKNAMES.get(b, frozenset()):
        return "nickname"
    s, f = (a, b) if len(a) < len(b) else (b, a)
    if len(s) >= 3 and len(f) - len(s) >= 2 and f.startswith(s):
        return "nickname"
    return ""


# -- abbreviations -----------------------------------------------------------------------------
# Business words that company names abbreviate to three letters or fewer by convention, too short
# for ``abbreviates`` to take from a query that writes the word out (MAN, SER, COM are words and
# names of their own): Turkish SAN. TIC. (Sanayi ve Ticaret), Portuguese and Spanish IND. E COM.
# (Indústria e Comércio).
CONVENTIONAL_ABBREVIATIONS = {
    "sanayi": ("san",), "sanayii": ("san",), "ticaret": ("tic",), "pazarlama": ("paz",), "ithalat": ("ith",),
    "ihracat": ("ihr",), "insaat": ("ins",), "muhendislik": ("muh",), "industria": ("ind",),
    "industrial": ("ind",), "comercio": ("com",), "comercial": ("com",),
}


def abbreviates(short: str, word: str) -> bool:
    """``short`` is how ``word`` is abbreviated in a company name: its start ("Tech",
    "Inv", "Trad") or a contraction keeping the first and last letters and some in between
    ("Shpg", "Intl", "Mfg", "Svcs", "Natl"). Both at least two letters shorter than the word."""
    ls = len(short)
    lw = len(word)
    if ls < 2 or lw - ls < 2 or short[0] != word[0] or not short.isalpha():
        return False
    if ls >= 3 and word.startswith(short):
        return True
    if short[-1] != word[-1] and not (ls >= 3 and word.startswith(short[:-1])):
        return False
    # subsequence
    j = 1
    for ch in short[1:]:
        k = word.find(ch, j)
        if k < 0:
            return False
        j = k + 1
    return ls >= 3 or short[-1] == word[-1]
