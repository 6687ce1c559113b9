"""The structure of a listed name, and what an alignment with it means.

A listed person's name has parts with different jobs: the family name identifies the family,
the first given name the person in it, middle names, a second (maternal) surname or a
patronymic add little, and a title or "Jr." nothing. A company's distinctive words identify it;
its generic words ("International", "Trading") and legal form hardly do. ``name_roles`` gives
each word of a listed name its role once, when the name is indexed; ``judge`` reads an
alignment of a query with the name (which words met which, how alike) and says

* what each word left unaligned costs (by its role and by whether the name's key parts were
  met: a missing second surname costs little once the first one is there);
* whether the structure rules out a match whatever the score: the family name is shared but
  the given name is another one (LUKASHENKA Viktar is not LUKASHENKA Alyaksandr; Antonia is
  not Antonio), the numbers differ (SNOW STORM 1 is not SNOW STORM 2), or a single word of the
  query only resembles the listed name's;
* in words, why: the notes a hit's explanation carries.
"""

from __future__ import annotations

import cython
from rapidfuzz.distance import OSA
from rigour.territories import lookup_territory

from screener.matching.lexicon import KOREAN_FAMILY_NAMES, KOREAN_SYLLABLE_MAX, PARTICLES, collapse_doubles
from screener.matching.normalize import ROMAN_NUMERALS, is_patronymic
from screener.matching.similarity import devowel, m_for_rn, sound_key
from screener.matching.weights import (
    GENERIC_BUSINESS_WORDS,
    GENERIC_BUSINESS_WORDS_ANY_LANGUAGE,
    STOPWORD_WEIGHT,
)

# Roles of the words of a listed name.
R_WORD = 0  # a word of an organisation, vessel or aircraft name
R_LEGAL = 1  # a legal form (llc, jsc, ...)
R_FAMILY = 2  # a person's family name: its first word that is not a particle
R_FAMILY2 = 3  # further family-name words (a second, maternal surname)
R_GIVEN1 = 4  # a person's first given name
R_GIVEN = 5  # further given (middle) names
R_PATRONYMIC = 6
R_PARTICLE = 7  # al, bin, de, van ...
R_TITLE = 8  # a title or suffix written into the listed name ("Colonel", "Jr.")
R_NUMBER = 9
R_NASAB = 10  # a father's or grandfather's name after bin/ben/ould (and its particles)

ROLE_NAMES = ("word", "legal form", "family name", "second family name", "first given name", "middle name",
              "patronymic", "particle", "title", "number", "father's name")

# What an unaligned listed word costs, times its weight.
BETA_WORD = 1.0  # a distinctive word of a company
# ... when the query meets more of the name's distinctive words (two at least, as written or
# nearly, in the name's order) than it leaves out, or one rare word for one left out, and has no
# word of its own: a word dropped from a longer name ("RAYAN AFZAR COMPANY" for RAYAN ROSHD AFZAR
# COMPANY; see _distinctive_word_dropped)
BETA_WORD_DROPPED = 0.35
DROPPED_MET_SIM = 0.9
BETA_GENERIC_WORD = 0.35  # a generic word of a company (weight under DISTINCTIVE_WEIGHT)
BETA_FAMILY = 1.0
BETA_FAMILY2 = 0.15  # a second family name, once the first is met
# the first of two family names, once the second and the first given name are met: some go by
# their second (maternal, in Spanish) family name ("Pablo Picasso" for RUIZ PICASSO, Pablo)
BETA_FAMILY_BESIDE_SECOND = 0.35
# the family name, when the query holds the listed person's whole given-name chain, three words
# or more, one of them rare on the list, in order and nothing else: "Qusay Saddam Hussein" for
# AL-TIKRITI, Qusay Saddam Hussein (a chain that long names one person; two words do not:
# "Bahram Ali" is not SHAYESTEH, Bahram Ali)
BETA_FAMILY_DROPPED = 0.3
GIVEN_CHAIN_MIN = 3
BETA_GIVEN1 = 0.6  # the first given name, when the query has given names of its own
BETA_GIVEN1_ABSENT = 0.3  # ... when the query gives no given name at all ("Präsident Putin")
BETA_GIVEN = 0.2
BETA_PATRONYMIC = 0.1
BETA_PARTICLE = 0.25
BETA_TITLE = 0.05
BETA_NUMBER = 1.0
# What an unaligned query word costs, times its cost (``eff``), when the listed person's key
# parts are met: an added middle name or second surname ("Oscar Hernandez Lopez" for
# "HERNANDEZ, Oscar").
EXTRA_PERSON = 0.2
# What a generic business word of the query that the listed company lacks costs, times its cost
# ("ESAIL SHIPPING GROUP LIMITED" for "ESAIL SHIPPING LIMITED"). Candidates are bounded with
# ALPHA_GENERIC, the least of the two.
ALPHA_GENERIC = 0.4
ALPHA_GENERIC_ONE_WORD = 0.6  # ... when the listed name is one word, legal forms aside
# What any query word the listed company lacks costs, times its cost, when the query holds the
# whole listed name: every word of it (legal forms and stopwords aside) met at CONTAINED_MIN_SIM
# or better, words of CONTAINED_MIN_WEIGHT together and one of them distinctive. Words put
# around a listed name ("ACME BANK MELLI IRAN", "BANK MELLI IRAN LONDON", or letters made up to
# evade a screener) do not make it another company's; a one-word name is never "whole" here
# (CONTAINED_MIN_WEIGHT is more than a word can weigh: "Sunrise Electronics" is not the SUNRISE).
ALPHA_CONTAINED = 0.2
CONTAINED_MIN_SIM = 0.9
CONTAINED_MIN_WEIGHT = 9.2  # two distinctive words' worth (weights.DISTINCTIVE_WEIGHT = 4.6)
# A given name counts as met when aligned at least this alike (Bashar/Bushra, 0.71, is not).
GIVEN_MIN_SIM = 0.8
READ_MIN_SIM = 0.7  # the same for a query word read back from Arabic, Hebrew, Kana, Hangul ...
# A query whose only word (legal forms aside) is merely like one of the listed name's words,
# while the name has more words, stays under the threshold ("West AG" is not "CJSC ZEST").
SINGLE_WORD_MIN_SIM = 0.9
# the least an unaligned listed word of each role can cost (R_FAMILY2 once the first family
# name is met, R_GIVEN1 when the query has no given name, R_WORD for a generic word)
LEAST_BETA = (BETA_GENERIC_WORD, 1.0, BETA_FAMILY, BETA_FAMILY2, BETA_GIVEN1_ABSENT, BETA_GIVEN, BETA_PATRONYMIC,
              BETA_PARTICLE, BETA_TITLE, BETA_NUMBER, BETA_PATRONYMIC)
BLOCKED_SCORE = 0.7  # the most a name scores when its structure rules the match out
# Particles before a father's name in an Arabic or Berber name chain (nasab).
NASAB_PARTICLES = frozenset({"bin", "ben", "ibn", "bint", "binti", "ould", "wuld"})
# Words after a father's name that make it a patronymic in Turkic names (son of, daughter of),
# written apart as often as joined: "ALIYEV, Ilham Heydar Oglu" (joined, Heydaroglu, the
# ending reads it: normalize.is_patronymic)
PATRONYMIC_MARKERS = frozenset({"ogly", "oglu", "ogli", "ugli", "uly", "uulu", "kyzy", "kizi", "qizi", "gizi",
                                "kyzi"})
COMMON_DF = 3  # a word this many listed parties have does not identify one of them alone


@cython.cfunc
def _met_in_full(j: cython.Py_ssize_t, ntoks: tuple, lq: list, qtoks: tuple, ql: list, n: cython.Py_ssize_t,
                 nq: cython.Py_ssize_t) -> cython.bint:
    """Listed word j was met by query words about as long as the listed words they met
    together: as written, or joined or split ("DE OCCIDENTE", "PARSAMAYESH"), not by initials
    ("EP" for EL PALOMAR) or a word cut short."""
    i0: cython.Py_ssize_t = lq[j]
    if qtoks[i0] == ntoks[j]:
        return True  # (most often)
    k: cython.Py_ssize_t
    listed: cython.Py_ssize_t = 0
    query: cython.Py_ssize_t = 0
    for k in range(n):
        if lq[k] == i0:
            listed += len(ntoks[k])
    for k in range(nq):
        if ql[k] == ql[i0]:
            query += len(qtoks[k])
    return query + 1 >= listed


@cython.cfunc
def _distinctive_word_dropped(roles: tuple, ntoks: tuple, vids: tuple, w: list, df: list, lsim: list, lq: list,
                              qtoks: tuple, qlegal: tuple, qtitle: tuple, ql: list, n: cython.Py_ssize_t,
                              nq: cython.Py_ssize_t, distinctive_weight: cython.double) -> cython.bint:
    """A company's name that the query holds with distinctive words left out (BETA_WORD_DROPPED):
    every word of the query met (legal forms and titles aside), in the listed name's order, and
    more of the name's distinctive words met (at DROPPED_MET_SIM or better, by a query word about
    as long, two at least) than left out, or one rare word for one left out; and the words met are
    not the name of a country or territory (rigour)."""
    met: cython.Py_ssize_t = 0
    missing: cython.Py_ssize_t = 0
    rare: cython.Py_ssize_t = 0
    words_n: cython.Py_ssize_t = 0
    j: cython.Py_ssize_t
    i: cython.Py_ssize_t
    last: cython.Py_ssize_t = -1
    for i in range(nq):
        if qlegal[i] or qtitle[i]:
            continue
        if ql[i] < 0 or ql[i] < last:
            return False
        last = ql[i]
        words_n += 1
    for j in range(n):
        if roles[j] != R_WORD or w[vids[j]] < distinctive_weight:
            continue
        if lq[j] < 0:
            missing += 1
        elif lsim[j] >= DROPPED_MET_SIM and _met_in_full(j, ntoks, lq, qtoks, ql, n, nq):
            met += 1  # (as written, not by initials or a cut: "EP-CAR" says little of EL PALOMAR)
            if df[vids[j]] < COMMON_DF:
                rare += 1
    # (one distinctive word met for one left out will do when the word met is one that fewer
    # than COMMON_DF listed parties have and another word of the query is met beside it:
    # "EGHTESAD BANK" for EGHTESAD NOVIN BANK; not "IRAN BANK", IRAN is on hundreds of names)
    if not (met >= 2 and met > missing or met == 1 and missing == 1 and rare == 1 and words_n >= 2):
        return False
    words: list = [qtoks[i] for i in range(nq) if not qlegal[i] and not qtitle[i]]
    # (a place's name is no company's: "HONG KONG" is not HONG KONG INTERTRADE COMPANY)
    return lookup_territory(" ".join(words)) is None


def name_roles(tokens: tuple[str, ...], legal: tuple[bool, ...], title: tuple[bool, ...], person: bool,
               family_end: int) -> tuple[int, ...]:
    """Each word's role in a listed name (``R_*``). A person's family name is the part before
    the comma of "SURNAME, Given", or else the last word; the first given name is the first word
    after the comma, or else the first word, titles and particles aside."""
    n = len(tokens)
    roles = [R_WORD] * n
    for i, t in enumerate(tokens):
        if legal[i]:
            roles[i] = R_LEGAL
        elif t.isdigit():
            roles[i] = R_NUMBER
    if not person:
        return tuple(roles)
    for i, t in enumerate(tokens):
        if roles[i] != R_WORD:
            continue
        if title[i]:
            roles[i] = R_TITLE
        elif t in PARTICLES and n > 1:
            roles[i] = R_PARTICLE
        elif is_patronymic(t):
            roles[i] = R_PATRONYMIC
        else:
            roles[i] = R_GIVEN
    for i in range(2, n):
        # (the marker and the father's name before it: "Dzheykhun Nasimi Ogly", a patronymic
        # as much as "Nasimiovich", and as often left out)
        if tokens[i] in PATRONYMIC_MARKERS and roles[i] == R_GIVEN and roles[i - 1] == R_GIVEN:
            roles[i] = roles[i - 1] = R_PATRONYMIC
    names = [i for i in range(n) if roles[i] == R_GIVEN]
    if not names:  # only particles or titles: take them as they come
        return tuple(roles)
    if 0 < family_end < n:
        fam = [i for i in names if i < family_end]
        given = [i for i in names if i >= family_end]
    else:
        fam = [names[-1]] if len(names) > 1 else names
        given = [i for i in names if i not in fam]
    for k, i in enumerate(fam):
        roles[i] = R_FAMILY if k == 0 else R_FAMILY2
    if given:
        roles[given[0]] = R_GIVEN1
        # "Imed Ben Bechir Ben Hamda": from a bin/ben/ould after the first given name on, the
        # names are the father's and grandfather's (the chain's particles with them, not one
        # before the family name), which are as often left out as a Russian patronymic
        start = next((i for i in range(given[0] + 1, n) if tokens[i] in NASAB_PARTICLES), n)
        for i in range(start, n):
            if roles[i] == R_GIVEN:
                roles[i] = R_NASAB
            elif roles[i] == R_PARTICLE:
                k = i + 1
                while k < n and roles[k] == R_PARTICLE:
                    k += 1
                if k < n and roles[k] == R_GIVEN:
                    roles[i] = R_NASAB
    return tuple(roles)


def is_name_word(tok: str, legal: bool, title: bool) -> bool:
    """A query word that can be a person's name (not a title, legal form, particle or number)."""
    return not legal and not title and tok not in PARTICLES and not tok.isdigit()


# (the one-letter roman numerals, which the normaliser keeps as letters: initials as often)
_ROMAN_LETTERS = {r: str(ROMAN_NUMERALS[r]) for r in ("i", "v", "x")}


def _middle_initials_differ(roles: tuple, ntoks: tuple, lq: list, qtoks: tuple, qlegal: tuple, qtitle: tuple,
                            ql: list, n: cython.Py_ssize_t, nq: cython.Py_ssize_t) -> str:
    """A middle initial of the query that met nothing, where the listed name has middle names
    it did not meet and none of them starts with that letter: another person of the same
    first and family names ("William G. Frost" is not FROST, William W.). "" when not."""
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(nq):
        t = qtoks[i]
        if ql[i] >= 0 or len(t) != 1 or not t.isalpha() or not is_name_word(t, qlegal[i], qtitle[i]):
            continue
        other = ""
        for j in range(n):
            if lq[j] < 0 and roles[j] == R_GIVEN:
                if ntoks[j][0] == t:
                    return ""
                other = other or ntoks[j]
        if other:
            return f"middle initial differs ({t} vs {other})"
    return ""


def _middle_names_differ(roles: tuple, ntoks: tuple, lq: list, qtoks: tuple, qlegal: tuple, qtitle: tuple,
                         ql: list, n: cython.Py_ssize_t, nq: cython.Py_ssize_t) -> str:
    """A middle name of the query that met nothing (a name right after a given name the listed
    name has), where the listed name has a middle name the query did not meet: another person of
    the same first and family names ("John Michael Smith" is not SMITH, John Robert), as another
    middle initial is. Not a word after the family name: a second family name the listed name
    lacks ("Juan PEREZ GARCIA" may be PEREZ, Juan Antonio). "" when not."""
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    other = ""
    for j in range(n):
        if lq[j] < 0 and roles[j] == R_GIVEN and len(ntoks[j]) >= 2:
            other = ntoks[j]
            break
    if not other:
        return ""
    for i in range(1, nq):
        t = qtoks[i]
        if ql[i] >= 0 or len(t) < 2 or not t.isalpha() or not is_name_word(t, qlegal[i], qtitle[i]):
            continue
        for k in range(i - 1, -1, -1):  # the query's word before it that met the listed name
            if ql[k] >= 0:
                if roles[ql[k]] == R_GIVEN1 or roles[ql[k]] == R_GIVEN:
                    return f"middle name differs ({t} vs {other})"
                break
    return ""


def _korean_given_name_differs(roles: tuple, ntoks: tuple, lq: list, qtoks: tuple, qlegal: tuple, qtitle: tuple,
                               ql: list, n: cython.Py_ssize_t, nq: cython.Py_ssize_t) -> str:
    """A Korean given name is one name of two syllables (JONG UN, JONG MAN): a listed Korean name
    (a Korean family name and two given syllables) whose second syllable met nothing, against a
    query with a syllable of its own that met nothing, is another person of the same family name
    and first syllable ("Kim Jong Man" is not KIM, Jong Un), where elsewhere the second would be a
    middle name that costs little. "" when not."""
    j: cython.Py_ssize_t
    i: cython.Py_ssize_t
    family: str = ""
    given: list = []
    for j in range(n):
        r = roles[j]
        if r == R_FAMILY or r == R_FAMILY2:
            if family:
                return ""  # (two family names: not a Korean name)
            family = ntoks[j]
        elif r == R_GIVEN1 or r == R_GIVEN:
            given.append(j)
        elif r != R_TITLE:
            return ""
    if family not in KOREAN_FAMILY_NAMES or len(given) != 2 or lq[given[1]] >= 0 or lq[given[0]] < 0:
        return ""
    for j in given:
        t = ntoks[j]
        if len(t) < 2 or len(t) > KOREAN_SYLLABLE_MAX or not t.isalpha():
            return ""
    for i in range(nq):
        t = qtoks[i]
        if ql[i] < 0 and 2 <= len(t) <= KOREAN_SYLLABLE_MAX and t.isalpha() and is_name_word(t, qlegal[i], qtitle[i]):
            return f"Korean given name differs ({qtoks[i]} vs {ntoks[given[1]]}: two syllables, one name)"
    return ""


def _business_word(tok: str, vid: dict, vgiven: bytearray) -> bool:
    """A generic business word that is no listed person's given name: added to a person's name
    it makes a company's ("Mohammed Ali Trading"), not a middle name, and costs in full."""
    if tok not in GENERIC_BUSINESS_WORDS:
        return False
    v = vid.get(tok)
    return v is None or not vgiven[v]


@cython.cclass
class Verdict:
    """What ``judge`` found: the costs of the unaligned words on each side, a reason the match
    is ruled out (or ""), and notes for the explanation."""

    dn = cython.declare(cython.double, visibility="public")
    dq = cython.declare(cython.double, visibility="public")
    blocked = cython.declare(str, visibility="public")
    notes = cython.declare(list, visibility="public")

    def __init__(self, dn: float, dq: float, blocked: str, notes: list):
        self.dn = dn
        self.dq = dq
        self.blocked = blocked
        self.notes = notes


# Title words that are as often the first given name, before the given names (Amir, Emir, Raja).
TITLE_OR_GIVEN_NAME = frozenset({"amir", "emir", "raja"})


@cython.cfunc
def _met(j: cython.Py_ssize_t, lsim: list, lq: list, qread: tuple) -> cython.bint:
    """Listed word j agrees with the query word aligned with it: GIVEN_MIN_SIM, or READ_MIN_SIM
    for a word read back from a script that leaves vowels out or writes syllables (its
    likeness rests on the consonants alone)."""
    i: cython.Py_ssize_t = lq[j]
    if i >= 0 and qread and qread[i]:
        return lsim[j] >= READ_MIN_SIM
    return lsim[j] >= GIVEN_MIN_SIM


def _patronymics_differ(roles: tuple, ntoks: tuple, lsim: list, lq: list, qtoks: tuple, ql: list,
                        n: cython.Py_ssize_t, nq: cython.Py_ssize_t) -> str:
    """A patronymic in the query and another in the listed name: another father, another person
    (Sergey Viktorovich LAVROV is not Sergey Ivanovich LAVROV); "" when they agree or one is
    missing. Spellings of one patronymic align (Ivanovitch, Ivanovich) and agree."""
    j: cython.Py_ssize_t
    i: cython.Py_ssize_t
    for j in range(n):
        if roles[j] != R_PATRONYMIC or lq[j] >= 0 and lsim[j] >= GIVEN_MIN_SIM:
            continue
        for i in range(nq):
            # (a query patronymic aligned with a given name is a father's name taken for the
            # person's: Viktar Alyaksandravich is not Alyaksandr Ryhoravich)
            if (ql[i] < 0 or ql[i] == j or roles[ql[i]] != R_PATRONYMIC) and is_patronymic(qtoks[i]):
                return f"patronymics differ ({qtoks[i]} vs {ntoks[j]})"
    return ""


def _subsequence(short: str, long: str) -> cython.bint:
    """Every letter of ``short`` is in ``long``, in order."""
    k: cython.Py_ssize_t = 0
    n: cython.Py_ssize_t = len(short)
    ch: cython.Py_UCS4
    if n > len(long):
        return False
    for ch in long:
        if k < n and short[k] == ch:
            k += 1
    return k == n


def _written_otherwise(a: str, b: str) -> cython.bint:
    """The query word ``a`` differs from the listed word ``b`` by more than a slip: two edits
    or more, a quarter of the longer word or more (one edit in a word of four letters or fewer),
    and ``a`` is not ``b`` with letters left out (an abbreviation, vowels dropped) nor with "rn"
    for its "m"."""
    la: cython.Py_ssize_t = len(a)
    lb: cython.Py_ssize_t = len(b)
    longer: cython.Py_ssize_t = la if la > lb else lb
    if _subsequence(a, b):
        return False
    if "rn" in a and m_for_rn(a) == b:
        return False  # (r and n set close for m: SERNNAN is SEMNAN to the eye)
    d: cython.Py_ssize_t = OSA.distance(a, b)
    if longer <= 4:
        return d >= 1
    return d >= 2 and 4 * d >= longer


def _written_by_ear(a: str, b: str) -> cython.bint:
    """The query word ``a`` is the listed word ``b`` with one sound spelt otherwise (DELNAWAZ,
    DELNAVAZ; SCHIBA, SHIBA; MARYANA, MARIANA: ``similarity.sound_key``): no other word. (Four
    letters each at least: TAAN is not the acronym TAN.)"""
    return len(a) >= 4 and len(b) >= 4 and sound_key(a) == sound_key(b)


def _vowels_dropped(a: str, b: str) -> cython.bint:
    """The query word ``a`` is the listed word ``b`` without its vowels (PTRT, PATRIOT; HRMNN,
    HERMANN): no other word, only another way to write this one."""
    return len(a) >= 3 and collapse_doubles(a) == devowel(b)


def _acronym_only(i: cython.Py_ssize_t, word: str, lq: list, roles: tuple, n: cython.Py_ssize_t) -> cython.bint:
    """Query word ``i`` met several listed words, a letter or so each (initials, not a join),
    and the query's legal form met none of the listed name's."""
    met: cython.Py_ssize_t = 0
    j: cython.Py_ssize_t
    for j in range(n):
        if lq[j] == i:
            met += 1
        elif roles[j] == R_LEGAL and lq[j] >= 0:
            return False
    return met >= 2 and len(word) <= met + 1


# Words that mark a name chain (the words after the given name are the father's and the
# grandfather's names): a query of those words names the father, not the listed person.
CHAIN_MARKERS = NASAB_PARTICLES | frozenset({"al", "el", "abu", "abou", "abd", "abdul", "abdel", "abdal", "ul", "ud",
                                            "bani", "beni", "uld"})
# First words of compound given names (Persian Ahmad-Reza, Mohammad-Ali, Gholam-Hossein): the
# second word alone is another person's name, not the one this person goes by.
COMPOUND_HEADS = frozenset({"mohammad", "muhammad", "mohammed", "mohamed", "mohamad", "muhammed", "mohd",
                            "ahmad", "ahmed", "ali", "amir", "mir", "gholam", "golam", "abdol", "abdul", "abol",
                            "seyed", "seyyed", "sayed", "sayyed", "syed", "sayyid"})


def _goes_by_later_name(roles: tuple, ntoks: tuple, lsim: list, lq: list, ql: list, qgiven: list,
                        n: cython.Py_ssize_t) -> cython.bint:
    """The query's given names are the listed person's second given name or patronymic, without
    the first: "Khaya MOYO" for MOYO, Simon Khaya, "Arturo ARREDONDO ORTIZ" for ARREDONDO ORTIZ,
    Carlos Arturo, "Adkhamovich SADIKOV". Not in a name chain, where those words are the
    father's (Harith Sulayman AL-DARI is the father of AL-DARI, Muthanna Harith Sulayman): not
    when the listed name holds a chain's particle, a father's name, or three given names (a name
    after another particle is counted with it: "Boris de Pfeffel Johnson" for JOHNSON, Alexandre
    Boris de Pfeffel), nor a Turkic patronymic's marker (Heydar ALIYEV is the father of ALIYEV,
    Ilham Heydar Oglu); nor when the first given name opens a compound (RADAN, Ahmad-Reza is not
    Reza RADAN)."""
    j: cython.Py_ssize_t
    given: cython.Py_ssize_t = 0
    for j in range(n):
        r = roles[j]
        if r == R_NASAB or ntoks[j] in CHAIN_MARKERS or ntoks[j] in PATRONYMIC_MARKERS:
            return False  # (Heydar of "Ilham Heydar Oglu" is his father's name)
        if r == R_GIVEN1 or r == R_GIVEN:
            if r == R_GIVEN and j > 0 and roles[j - 1] == R_PARTICLE:
                continue  # (one name with its particle: "de Pfeffel", "de Jesus")
            given += 1
            if r == R_GIVEN1 and ntoks[j] in COMPOUND_HEADS:
                return False
    if given > 2:
        return False
    for i in qgiven:
        j = ql[i]
        if j >= 0 and roles[j] == R_PARTICLE and j + 1 < n and roles[j + 1] == R_GIVEN and lq[j + 1] >= 0:
            j += 1  # (met with its particle: "de Pfeffel")
        if j < 0 or (roles[j] != R_GIVEN and roles[j] != R_PATRONYMIC) or lsim[j] < GIVEN_MIN_SIM:
            return False
    return True


@cython.cfunc
def _given_chain_whole(roles: tuple, vids: tuple, df: list, lsim: list, lq: list, qread: tuple, ql: list,
                       qgiven: list, g1: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.bint:
    """The query is the listed person's whole given-name chain without the family name
    (BETA_FAMILY_DROPPED): every given name, middle name, patronymic and father's name met, at
    least GIVEN_CHAIN_MIN of them and one that fewer than COMMON_DF listed parties have (Hasan,
    on 62 SDN names, is no help), or one more than that whatever they are (four names in order
    are one person's: Turki Mubarak Abdullah Ahmad), by the query's own given names in the same
    order (two on one listed word, a name written apart, keep it: Abdel Halim), the first by the
    first, no given name of the query's own left over, and no word of the query on the family
    name."""
    if g1 < 0 or len(qgiven) < GIVEN_CHAIN_MIN or ql[qgiven[0]] != g1:
        return False
    j: cython.Py_ssize_t
    i: cython.Py_ssize_t
    r: cython.long
    given: cython.Py_ssize_t = 0
    rare: cython.bint = False
    for j in range(n):
        r = roles[j]
        if (r == R_FAMILY or r == R_FAMILY2) and lq[j] >= 0:
            return False  # (a family name of the query's own, another: AL-GHAZALI is not AL-GHAMARI)
        if r == R_GIVEN1 or r == R_GIVEN or r == R_PATRONYMIC or r == R_NASAB:
            if not _met(j, lsim, lq, qread):
                return False
            given += 1
            if df[vids[j]] < COMMON_DF:
                rare = True
    if given < GIVEN_CHAIN_MIN or not (rare or given >= GIVEN_CHAIN_MIN + 1):
        return False
    last: cython.Py_ssize_t = -1
    for i in qgiven:
        if ql[i] < last:  # (two query words on one listed word are a name written apart: ABDEL HALIM)
            return False
        last = ql[i]
    return True


@cython.cfunc
def _holds_whole_name(roles: tuple, ntoks: tuple, vids: tuple, w: list, lsim: list, lq: list, qtoks: tuple,
                      ql: list, vid: dict, vgiven: bytearray, df: list, n: cython.Py_ssize_t,
                      distinctive_weight: cython.double) -> cython.bint:
    """Every word of a listed company's name (legal forms and stopwords aside) was met, in the
    name's order, at CONTAINED_MIN_SIM or better, by a query word at least about as long (a
    word, or words written together: not initials, "CB" for CONCERN BELNEFTEKHIM), and the
    words met weigh CONTAINED_MIN_WEIGHT, one of them distinctive. Not when a word of the query
    before the name is a given name several listed people have (COMMON_DF): "Jorge RODRIGUEZ
    LOPEZ" is a person, not the company RODRIGUEZ LOPEZ, S.A. (while a city after a name is a
    branch, even one that is also someone's name: CALI, VALLE). Nor out of order: the
    DEMOCRATIC FRONT FOR THE LIBERATION OF PALESTINE is not the PALESTINE LIBERATION FRONT."""
    j: cython.Py_ssize_t
    i: cython.Py_ssize_t
    wj: cython.double
    met: cython.double = 0.0
    last: cython.Py_ssize_t = -1
    distinctive: cython.bint = False
    for j in range(n):
        if roles[j] == R_LEGAL or roles[j] == R_TITLE:
            continue
        wj = w[vids[j]]
        if lsim[j] < CONTAINED_MIN_SIM:
            if wj <= STOPWORD_WEIGHT and lsim[j] == 0.0:
                continue  # an article or "of" the query leaves out
            return False
        if lq[j] < last or len(qtoks[lq[j]]) + 1 < len(ntoks[j]):
            return False
        last = lq[j]
        met += lsim[j] * wj
        if wj >= distinctive_weight:
            distinctive = True
    if not distinctive or met < CONTAINED_MIN_WEIGHT:
        return False
    for i in range(len(qtoks)):
        if ql[i] >= 0:
            break  # (a given name comes before the family name it goes with)
        v = vid.get(qtoks[i])
        if v is not None and vgiven[v] and df[v] >= COMMON_DF:
            return False
    return True


@cython.cfunc
def _short_acronym_beside_words(roles: tuple, lq: list, qtoks: tuple, qlegal: tuple, qtitle: tuple, ql: list,
                                n: cython.Py_ssize_t, nq: cython.Py_ssize_t) -> str:
    """Why a two-letter word of the query that stands for the listed name's words, all of them,
    is no hit when the query has other words the name lacks: LG ELECTRONICS INC. is not LOS
    GUEROS, GE AVIATION not GHASSAN ELASHI (two letters stand for any of hundreds of names; LG
    alone may still be LOS GUEROS). "" when it is not so."""
    i: cython.Py_ssize_t = -1
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    covered: cython.Py_ssize_t = 0
    for j in range(n):
        if roles[j] == R_LEGAL:
            continue
        k = lq[j]
        if k < 0 or len(qtoks[k]) != 2 or (i >= 0 and k != i):
            return ""
        i = k
        covered += 1
    if i < 0 or covered < 2:
        return ""
    for k in range(nq):
        if ql[k] < 0 and not qlegal[k] and not qtitle[k]:
            return f"a two-letter acronym ({qtoks[i]}) of the whole name, beside words it lacks ({qtoks[k]})"
    return ""


@cython.boundscheck(False)
@cython.wraparound(False)
def judge(roles: tuple, ntoks: tuple, vids: tuple, w: list, df: list, vid: dict, vgiven: bytearray, lsim: list, lq: list,
          qtoks: tuple, qlegal: tuple, qtitle: tuple, qread: tuple, qeff: list,
          ql: list, qsim: list, q_family_end: cython.Py_ssize_t, person: cython.bint, distinctive_weight: cython.double,
          explain: cython.bint) -> Verdict:
    """Read an alignment of a query with a listed name.

    ``qread[i]``: query word i was read back from a script that writes names by other rules
    (Arabic, Hebrew, Kana, Hangul ...). ``lsim[j]``/``lq[j]``: how alike listed word j was
    aligned and with which query word (0 / -1 when unaligned); ``ql[i]``/``qsim[i]`` the same
    from the query's side; ``w[vids[j]]``/``df[vids[j]]`` the listed words' weights and how many
    listed parties have them; ``vid``/``vgiven`` the list's words and which of them are some listed
    person's given names; ``qeff`` what each query word costs when unaligned."""
    n: cython.Py_ssize_t = len(ntoks)
    nq: cython.Py_ssize_t = len(qtoks)
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    r: cython.long
    beta: cython.double
    c: cython.double
    wj: cython.double
    notes: list = []
    blocked: str = ""
    legal_n: cython.Py_ssize_t
    legal_met: cython.Py_ssize_t
    dn: cython.double = 0.0
    dq: cython.double = 0.0
    # numbers: a number in the query that the listed name does not have -> another ship,
    # another branch (SNOW STORM 1 is not SNOW STORM 2, nor SNOW STORM)
    qnum: list = None
    for i in range(nq):
        if ql[i] < 0 and qtoks[i].isdigit():
            if qnum is None:
                qnum = []
            qnum.append(qtoks[i])
    if qnum is not None:
        lnum: list = []
        for j in range(n):
            if roles[j] == R_NUMBER and lq[j] < 0:
                lnum.append(ntoks[j])
        blocked = f"numbers differ ({' '.join(qnum)} vs {' '.join(lnum) or 'none'})"
    elif not person and nq >= 2 and (ql[nq - 1] < 0 or len(ntoks[ql[nq - 1]]) > 1) and qtoks[nq - 1] in _ROMAN_LETTERS:
        # a closing I, V or X after a word, met by nothing (or only as a word's initial), where the
        # listed name has a number the query did not meet: the roman numeral it is there, another
        # ship or company unless it is that number (SINO IRON I is not SINO IRON II; ONE VISION I
        # not ONE VISION INVESTMENTS 5). (The normaliser keeps these three letters as written,
        # since they are initials as often.)
        for j in range(n):
            if roles[j] == R_NUMBER and lq[j] < 0 and ntoks[j] != _ROMAN_LETTERS[qtoks[nq - 1]]:
                blocked = f"numbers differ ({qtoks[nq - 1]} vs {ntoks[j]})"
                break
    if not blocked:
        blocked = _short_acronym_beside_words(roles, lq, qtoks, qlegal, qtitle, ql, n, nq)
    # the query's words, legal forms and titles aside: a single one?
    nwords: cython.Py_ssize_t = 0
    single: cython.Py_ssize_t = -1
    for i in range(nq):
        if not qlegal[i] and not qtitle[i]:
            nwords += 1
            single = i
    if not blocked and nwords == 1 and ql[single] >= 0:
        i = single
        if (qsim[i] < SINGLE_WORD_MIN_SIM and not _vowels_dropped(qtoks[i], ntoks[ql[i]])
                and not _written_by_ear(qtoks[i], ntoks[ql[i]])):
            # a single query word that only resembles the listed name's
            blocked = f"a single word, only like the listed one ({qsim[i]:.2f})"
        elif not person:
            k = ql[i]
            if (qsim[i] < 1.0 and not qread[i] and (k + 1 >= n or lq[k + 1] != i)
                    and _written_otherwise(qtoks[i], ntoks[k]) and not _written_by_ear(qtoks[i], ntoks[k])):
                # a company named by one word that is only another word's near spelling: NOOH is
                # not the vessel NOAH, SYRIAN not SAIRAN (a word with letters left out, an
                # abbreviation or vowels dropped, is not this: AFRC for AFRICA; nor is a word
                # that met listed words written apart, VANDERBILLT for VAN DER BILT)
                blocked = f"a single word, written otherwise ({qtoks[i]} vs {ntoks[k]})"
            elif qtoks[i] in GENERIC_BUSINESS_WORDS_ANY_LANGUAGE and True in qlegal:
                # one generic business word and a legal form is no company's name, even as a
                # listed alias has it ("TRANSPORTES Co., Ltd." and the alias TRANSPORTES LC)
                blocked = f"one generic business word ({qtoks[i]}) and a legal form, nothing else"
            elif df[vids[k]] >= COMMON_DF:
                legal_n = 0  # the listed name's legal forms, and how many the query met
                legal_met = 0
                for j in range(n):
                    r = roles[j]
                    if lq[j] < 0 and (r == R_WORD or r == R_NUMBER):
                        # one word that several listed companies share, and a legal form ("KOREA S.L.")
                        blocked = f"one word ({qtoks[i]}) that {df[vids[k]]} listed parties share, nothing else of the name"
                        break
                    if r == R_LEGAL:
                        legal_n += 1
                        if lq[j] >= 0:
                            legal_met += 1
                if not blocked and legal_n and not legal_met and True in qlegal:
                    # ... and a legal form other than the listed one ("CAR S.A. de C.V." is not EP-CAR)
                    blocked = f"one word ({qtoks[i]}) that {df[vids[k]]} listed parties share, another legal form"
            if not blocked and True in qlegal and _acronym_only(i, qtoks[i], lq, roles, n):
                # initials and a legal form the listed name does not have: "PJS Ltd." is any
                # company of those initials, not PLOYDAENG JEWELRY SHOP
                blocked = f"initials ({qtoks[i]}) and a legal form the listed name has not"
    if not person:
        dropped: cython.int = -1  # (worked out when a distinctive word is left over: most names have none)
        for j in range(n):
            if lq[j] >= 0:
                continue
            r = roles[j]
            wj = w[vids[j]]
            if r == R_LEGAL:
                beta = 1.0
            elif r == R_NUMBER:
                beta = BETA_NUMBER
            elif r == R_TITLE:  # (a vessel's prefix, MV, M/T; a part in brackets)
                beta = BETA_TITLE
                if explain:
                    notes.append(f"list-only qualifier {ntoks[j]} (x{BETA_TITLE:g})")
            elif wj < distinctive_weight:
                beta = BETA_GENERIC_WORD
            elif dropped == 1 or dropped < 0 and not blocked and _distinctive_word_dropped(
                    roles, ntoks, vids, w, df, lsim, lq, qtoks, qlegal, qtitle, ql, n, nq, distinctive_weight):
                dropped = 1
                beta = BETA_WORD_DROPPED
                if explain:
                    notes.append(f"list-only word {ntoks[j]} (x{BETA_WORD_DROPPED:g}: the query meets more of the "
                                 f"name's distinctive words, or a rare one, in order)")
            else:
                dropped = 0
                beta = BETA_WORD
            dn += beta * wj
        # (a name of one word, legal forms aside, is that word alone: another business's name
        # is more often that word and a generic one -- "Sunrise Electronics" is not the SUNRISE)
        words_n: cython.Py_ssize_t = 0
        for j in range(n):
            if roles[j] != R_LEGAL and roles[j] != R_TITLE:
                words_n += 1
        alpha: cython.double = ALPHA_GENERIC if words_n >= 2 else ALPHA_GENERIC_ONE_WORD
        whole: cython.bint = False
        for i in range(nq):
            if ql[i] < 0 and not qlegal[i]:
                whole = _holds_whole_name(roles, ntoks, vids, w, lsim, lq, qtoks, ql, vid, vgiven, df, n, distinctive_weight)
                break
        for i in range(nq):
            if ql[i] < 0:
                if whole:
                    dq += cython.cast(cython.double, qeff[i]) * ALPHA_CONTAINED
                    if explain:
                        notes.append(f"query-only word {qtoks[i]} (x{ALPHA_CONTAINED:g}: the query holds the whole "
                                     f"listed name)")
                elif qtoks[i] in GENERIC_BUSINESS_WORDS:
                    dq += cython.cast(cython.double, qeff[i]) * alpha  # (an added "Group", "Trading": the company still)
                    if explain:
                        notes.append(f"query-only generic word {qtoks[i]} (x{alpha:g})")
                else:
                    dq += cython.cast(cython.double, qeff[i])
        return Verdict(dn, dq, blocked, notes)

    # -- a person ---------------------------------------------------------------------------
    nfam: cython.Py_ssize_t = 0
    fam_met: cython.bint = False
    second_met: cython.bint = False
    head: cython.Py_ssize_t = -1
    g1: cython.Py_ssize_t = -1
    for j in range(n):
        r = roles[j]
        if r == R_FAMILY or r == R_FAMILY2:
            nfam += 1
            if _met(j, lsim, lq, qread):
                fam_met = True
                if r == R_FAMILY2:
                    second_met = True
            if r == R_FAMILY and head < 0:
                head = j
        elif r == R_GIVEN1 and g1 < 0:
            g1 = j
    head_met: cython.bint = head >= 0 and _met(head, lsim, lq, qread)
    g1_met: cython.bint = g1 >= 0 and _met(g1, lsim, lq, qread)
    title_g1: cython.bint = False
    later: cython.bint = False  # the query goes by a later given name (see _goes_by_later_name)
    if not g1_met and g1 > 0 and roles[g1 - 1] == R_TITLE and ntoks[g1 - 1] in TITLE_OR_GIVEN_NAME and _met(
            g1 - 1, lsim, lq, qread):
        # (the AMIR of AL-UBAIDI, Amir Rashid Muhammad is read as a title, and may be his given
        # name: a query that has it has his given name, "Amir Muhammad al-Ubaidi", and RASHID
        # is then a middle name)
        g1_met = title_g1 = True
    # the query's given names: its name words not aligned with the family name, in order
    # (a word read back from another script that met nothing may be the given name misread:
    # it does not count as another given name)
    start: cython.Py_ssize_t = q_family_end if 0 < q_family_end < nq else 0
    qgiven: list = []
    onfam: cython.bint
    for i in range(start, nq):
        onfam = False
        for j in range(n):
            r = roles[j]
            if (r == R_FAMILY or r == R_FAMILY2) and lq[j] == i:
                onfam = True
                break
        if onfam or not is_name_word(qtoks[i], qlegal[i], qtitle[i]):
            continue
        k = ql[i]
        if k >= 0:
            r = roles[k]
            # (nor is a word that met a title the listed name holds: "Amir Alai" for AMIR
            # MOAYYED ALAI, whose Amir may be a title or a name)
            if r == R_FAMILY or r == R_FAMILY2 or r == R_TITLE:
                continue
        elif qread and qread[i]:
            continue
        qgiven.append(i)
    chain: cython.bint = False
    if nfam and not fam_met and not blocked:
        chain = _given_chain_whole(roles, vids, df, lsim, lq, qread, ql, qgiven, g1, n)
        if not chain:
            blocked = "family name not matched (" + " ".join(
                [ntoks[j] for j in range(n) if roles[j] == R_FAMILY or roles[j] == R_FAMILY2]) + ")"
        elif explain:
            notes.append(f"family name left out: the query holds the whole given-name chain ({len(qgiven)} words)")
    elif fam_met and g1 >= 0 and not g1_met and qgiven and not blocked:
        later = _goes_by_later_name(roles, ntoks, lsim, lq, ql, qgiven, n)
        if later:
            if explain:
                notes.append(f"goes by a later given name ({' '.join([qtoks[i] for i in qgiven])}), "
                             f"without the first ({ntoks[g1]})")
        else:
            blocked = f"family name shared, given name differs ({' '.join([qtoks[i] for i in qgiven[:2]])} vs {ntoks[g1]})"
    if fam_met and not blocked:
        blocked = _patronymics_differ(roles, ntoks, lsim, lq, qtoks, ql, n, nq)
    if fam_met and g1_met and not blocked:
        blocked = _middle_initials_differ(roles, ntoks, lq, qtoks, qlegal, qtitle, ql, n, nq)
    if fam_met and g1_met and not blocked:
        blocked = _korean_given_name_differs(roles, ntoks, lq, qtoks, qlegal, qtitle, ql, n, nq)
    if fam_met and g1_met and not blocked:
        blocked = _middle_names_differ(roles, ntoks, lq, qtoks, qlegal, qtitle, ql, n, nq)
    satisfied: cython.bint = head_met and (g1_met or g1 < 0 or not qgiven)
    for j in range(n):
        if lq[j] >= 0:
            continue
        r = roles[j]
        if r == R_FAMILY:
            beta = BETA_FAMILY_DROPPED if chain else BETA_FAMILY_BESIDE_SECOND if second_met and g1_met else BETA_FAMILY
        elif r == R_FAMILY2:
            beta = BETA_FAMILY2 if head_met else BETA_FAMILY_DROPPED if chain else BETA_FAMILY
        elif r == R_GIVEN1:
            # (a query that goes by a later given name says no less than one without any)
            beta = BETA_GIVEN if title_g1 else BETA_GIVEN1_ABSENT if not qgiven or later else BETA_GIVEN1
        elif r == R_GIVEN:
            beta = BETA_GIVEN
        elif r == R_PATRONYMIC or r == R_NASAB:
            beta = BETA_PATRONYMIC
        elif r == R_PARTICLE:
            beta = BETA_PARTICLE
        elif r == R_TITLE:
            beta = BETA_TITLE
        elif r == R_NUMBER:
            beta = BETA_NUMBER
        else:
            beta = 1.0
        dn += beta * cython.cast(cython.double, w[vids[j]])
        if explain:
            notes.append(f"list-only {ROLE_NAMES[r]} {ntoks[j]} (x{beta:g})")
    for i in range(nq):
        if ql[i] >= 0:
            continue
        c = qeff[i]
        if satisfied and is_name_word(qtoks[i], qlegal[i], qtitle[i]) and not _business_word(qtoks[i], vid, vgiven):
            c *= EXTRA_PERSON
            if explain:
                notes.append(f"query-only name {qtoks[i]} (x{EXTRA_PERSON:g}: the listed name's key parts are met)")
        elif explain and qtitle[i]:
            notes.append(f"title {qtoks[i]} ignored")
        dq += c
    if explain:
        if head_met:
            notes.insert(0, "family name matched")
        if g1_met:
            notes.insert(1 if head_met else 0, "given name matches")
        elif g1 >= 0 and not qgiven and fam_met:
            notes.append("no given name in the query")
    return Verdict(dn, dq, blocked, notes)
