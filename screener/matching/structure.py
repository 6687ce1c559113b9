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

from screener.matching.lexicon import PARTICLES
from screener.matching.normalize import is_patronymic
from screener.matching.weights import GENERIC_BUSINESS_WORDS

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

ROLE_NAMES = ("word", "legal form", "family name", "second family name", "first given name", "middle name",
              "patronymic", "particle", "title", "number")

# What an unaligned listed word costs, times its weight.
BETA_WORD = 1.0  # a distinctive word of a company
BETA_GENERIC_WORD = 0.35  # a generic word of a company (weight under DISTINCTIVE_WEIGHT)
BETA_FAMILY = 1.0
BETA_FAMILY2 = 0.15  # a second family name, once the first is met
BETA_GIVEN1 = 0.6  # the first given name, when the query has given names of its own
BETA_GIVEN1_ABSENT = 0.3  # ... when the query gives no given name at all ("Präsident Putin")
BETA_GIVEN = 0.2
BETA_PATRONYMIC = 0.1
BETA_PARTICLE = 0.5
BETA_TITLE = 0.05
BETA_NUMBER = 1.0
# What an unaligned query word costs, times its cost (``eff``), when the listed person's key
# parts are met: an added middle name or second surname ("Oscar Hernandez Lopez" for
# "HERNANDEZ, Oscar").
EXTRA_PERSON = 0.3
# What a generic business word of the query that the listed company lacks costs, times its cost
# ("ESAIL SHIPPING GROUP LIMITED" for "ESAIL SHIPPING LIMITED"). Candidates are bounded with the
# full cost: this only applies to names that reach scoring.
ALPHA_GENERIC = 0.6
# A given name counts as met when aligned at least this alike (Bashar/Bushra, 0.71, is not).
GIVEN_MIN_SIM = 0.8
# A query whose only word (legal forms aside) is merely like one of the listed name's words,
# while the name has more words, stays under the threshold ("West AG" is not "CJSC ZEST").
SINGLE_WORD_MIN_SIM = 0.9
# the least an unaligned listed word of each role can cost (R_FAMILY2 once the first family
# name is met, R_GIVEN1 when the query has no given name, R_WORD for a generic word)
LEAST_BETA = (0.35, 1.0, 1.0, 0.15, 0.3, 0.2, 0.1, 0.5, 0.05, 1.0)
BLOCKED_SCORE = 0.7  # the most a name scores when its structure rules the match out
COMMON_DF = 3  # a word this many listed parties have does not identify one of them alone


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
    return tuple(roles)


def is_name_word(tok: str, legal: bool, title: bool) -> bool:
    """A query word that can be a person's name (not a title, legal form, particle or number)."""
    return not legal and not title and tok not in PARTICLES and not tok.isdigit()


class Verdict:
    """What ``judge`` found: the costs of the unaligned words on each side, a reason the match
    is ruled out (or ""), and notes for the explanation."""

    __slots__ = ("dn", "dq", "blocked", "notes")

    def __init__(self, dn: float, dq: float, blocked: str, notes: list[str]):
        self.dn = dn
        self.dq = dq
        self.blocked = blocked
        self.notes = notes


def judge(roles: tuple[int, ...], ntoks: tuple[str, ...], nw: list[float], ldf: list[int], lsim: list[float],
          lq: list[int],
          qtoks: tuple[str, ...], qlegal: tuple[bool, ...], qtitle: tuple[bool, ...], qread: tuple[bool, ...],
          qeff: list[float],
          ql: list[int], qsim: list[float], q_family_end: int, person: bool, distinctive_weight: float,
          explain: bool) -> Verdict:
    """Read an alignment of a query with a listed name.

    ``qread[i]``: query word i was read back from a script that writes names by other rules
    (Arabic, Hebrew, Kana, Hangul ...). ``lsim[j]``/``lq[j]``: how alike listed word j was aligned and with which query word (0 / -1
    when unaligned); ``ql[i]``/``qsim[i]`` the same from the query's side; ``nw`` the listed
    words' weights; ``qeff`` what each query word costs when unaligned."""
    n = len(ntoks)
    nq = len(qtoks)
    notes: list[str] = []
    blocked = ""
    dn = 0.0
    dq = 0.0
    # numbers: a number in the query that the listed name does not have -> another ship,
    # another branch (SNOW STORM 1 is not SNOW STORM 2, nor SNOW STORM)
    qnum = [i for i in range(nq) if ql[i] < 0 and qtoks[i].isdigit()]
    if qnum:
        lnum = [ntoks[j] for j in range(n) if roles[j] == R_NUMBER and lq[j] < 0]
        blocked = f"numbers differ ({' '.join(qtoks[i] for i in qnum)} vs {' '.join(lnum) or 'none'})"
    words = [i for i in range(nq) if not qlegal[i] and not qtitle[i]]
    if not blocked and len(words) == 1 and 0 <= ql[words[0]]:
        i = words[0]
        if qsim[i] < SINGLE_WORD_MIN_SIM:
            # a single query word that only resembles the listed name's
            blocked = f"a single word, only like the listed one ({qsim[i]:.2f})"
        elif not person and ldf[ql[i]] >= COMMON_DF and any(
                lq[j] < 0 and roles[j] in (R_WORD, R_NUMBER) for j in range(n)):
            # one word that several listed companies share, and a legal form ("KOREA S.L.")
            blocked = f"one word ({qtoks[i]}) that {ldf[ql[i]]} listed parties share, nothing else of the name"
    if not person:
        for j in range(n):
            if lq[j] >= 0:
                continue
            r = roles[j]
            if r == R_LEGAL:
                beta = 1.0
            elif r == R_NUMBER:
                beta = BETA_NUMBER
            elif nw[j] < distinctive_weight:
                beta = BETA_GENERIC_WORD
            else:
                beta = BETA_WORD
            dn += beta * nw[j]
        for i in range(nq):
            if ql[i] < 0:
                if qtoks[i] in GENERIC_BUSINESS_WORDS:
                    dq += qeff[i] * ALPHA_GENERIC  # (an added "Group", "Trading": the company still)
                    if explain:
                        notes.append(f"query-only generic word {qtoks[i]} (x{ALPHA_GENERIC:g})")
                else:
                    dq += qeff[i]
        return Verdict(dn, dq, blocked, notes)

    # -- a person ---------------------------------------------------------------------------
    fam = [j for j in range(n) if roles[j] in (R_FAMILY, R_FAMILY2)]
    fam_met = [j for j in fam if lsim[j] >= GIVEN_MIN_SIM]
    head = next((j for j in fam if roles[j] == R_FAMILY), -1)
    head_met = head >= 0 and lsim[head] >= GIVEN_MIN_SIM
    g1 = next((j for j in range(n) if roles[j] == R_GIVEN1), -1)
    g1_met = g1 >= 0 and lsim[g1] >= GIVEN_MIN_SIM
    # the query's given names: its name words not aligned with the family name, in order
    qfam = {lq[j] for j in fam if lq[j] >= 0}
    start = q_family_end if 0 < q_family_end < nq else 0
    # (a word read back from another script that met nothing may be the given name misread:
    # it does not count as another given name)
    qgiven = [i for i in range(start, nq) if i not in qfam and is_name_word(qtoks[i], qlegal[i], qtitle[i])
              and not (ql[i] >= 0 and roles[ql[i]] in (R_FAMILY, R_FAMILY2))
              and not (ql[i] < 0 and qread and qread[i])]
    if fam and not fam_met and not blocked:
        blocked = "family name not matched (" + " ".join(ntoks[j] for j in fam) + ")"
    elif fam_met and g1 >= 0 and not g1_met and qgiven and not blocked:
        blocked = f"family name shared, given name differs ({' '.join(qtoks[i] for i in qgiven[:2])} vs {ntoks[g1]})"
    satisfied = head_met and (g1_met or g1 < 0 or not qgiven)
    for j in range(n):
        if lq[j] >= 0:
            continue
        r = roles[j]
        if r == R_FAMILY:
            beta = BETA_FAMILY
        elif r == R_FAMILY2:
            beta = BETA_FAMILY2 if head_met else BETA_FAMILY
        elif r == R_GIVEN1:
            beta = BETA_GIVEN1_ABSENT if not qgiven else BETA_GIVEN1
        elif r == R_GIVEN:
            beta = BETA_GIVEN
        elif r == R_PATRONYMIC:
            beta = BETA_PATRONYMIC
        elif r == R_PARTICLE:
            beta = BETA_PARTICLE
        elif r == R_TITLE:
            beta = BETA_TITLE
        elif r == R_NUMBER:
            beta = BETA_NUMBER
        else:
            beta = 1.0
        dn += beta * nw[j]
        if explain:
            notes.append(f"list-only {ROLE_NAMES[r]} {ntoks[j]} (x{beta:g})")
    for i in range(nq):
        if ql[i] >= 0:
            continue
        c = qeff[i]
        if satisfied and is_name_word(qtoks[i], qlegal[i], qtitle[i]):
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
