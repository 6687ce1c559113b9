"""Near misses and other spellings written from the lists' own names: another number, another middle
initial, Baltic endings, other presses' spellings, legal forms written out, Korean family names
in another romanisation.

    .venv/bin/python benchmarks/name_parts.py [--lists sdn,un,dpl,csl] [--json]

Probes, the first two and the last with their positives beside the negatives, against SDN + UN + DPL + CSL:

- numbered names: every company, vessel or aircraft name that closes in a number (2 to 20, or
  II to XX) is queried as written (must find its entry) and with a closing "I" instead of its
  number (must not: SEASTAR I is another ship than SEASTAR III), unless the entry also has a
  name numbered 1;
- middle initials: every listed person whose name is a first given name, one middle name and a
  family name is queried as "Given M. Family" with the middle name's initial (must find the
  entry) and with another letter that starts none of its words (must not, unless another alias
  of the entry lacks the middle name: then the hit is right, and counted);
- Baltic endings: every listed person whose name is a first given name and a family name of
  the Russian, Ukrainian or Belarusian shapes (family name in -ov, -ev, -in, -enko, -uk, -ich,
  -sky), written as Lithuanian (Vladimiras Putinas) and Latvian (Vladimirs Putins) write foreign
  names: a consonant-final word takes -as, or -s (must find the entry);
- other presses' spelling: the same persons written as German, Polish and Dutch spelling
  writes Russian names (Wladimir Putin; Władimir, Szczerbakow; Poetin, Wladimirowitsj);
- legal forms spelt out: every company name that closes in an abbreviated legal form (S.A.,
  SP. Z O.O., A.S., S.R.O., SARL, GMBH, OY, UAB, SIA, KFT, ZRT, LTD.) with the form written out
  as its home country writes it, with its diacritics and without (SOCIETE ANONYME, Spółka
  Akcyjna, Anonim Şirketi, Osakeyhtiö ...): must find the entry;
- Korean family names: every listed Korean person (KP or KR, or a DPRK programme) whose family
  name Korean romanisations write otherwise, queried family name first with each other
  spelling of ``lexicon.KOREAN_FAMILY_NAMES`` (Park To-Chun for PAK, To-Chun; must find the
  entry), and with another family name two letters or more from every spelling of it (must not);
  and with the given names' syllables opened as Revised Romanisation writes them (O Guk Ryol for
  O, Kuk-Ryol: must find the entry);
- typing slips: every listed person's first given name with its last two letters swapped
  (Ahmda for Ahmad); every listed name with one letter of its longest word written as the
  digit it looks like (R0SNEFT), with that word's first m written rn (LIRNITED), and with that
  word written twice in a row; every listed name holding a common business word of nine letters
  or more with that word cut to seven (MANAGEM, INVESTM: must find).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import matching_quality as mq  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from screener.matching.base import PartyQuery  # noqa: E402
from screener.matching.engine import MatchingEngine  # noqa: E402
from screener.matching.lexicon import KOREAN_FAMILY_NAMES  # noqa: E402
from screener.matching.structure import R_FAMILY, R_GIVEN, R_GIVEN1  # noqa: E402
from screener.matching.weights import GENERIC_BUSINESS_WORDS_ANY_LANGUAGE  # noqa: E402

_NUMBERED = re.compile(r"^(.*\S)\s+(I{2,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XVI{0,3}|XIX|XX|[2-9]|1[0-9]|20)$")


def _found(engine: MatchingEngine, name: str, entry) -> bool:
    return any(h.entry_id == entry.entry_id and h.list == entry.list
               for h in engine.match(PartyQuery(name), limit=10))


def numbered(engine: MatchingEngine, entries) -> dict:
    pos = tp = neg = fp = 0
    false_hits = []
    for e in entries:
        if e.type == "person":
            continue
        names = {n.strip().upper() for n in e.names}
        for name in e.names:
            m = _NUMBERED.match(name.strip())
            if not m:
                continue
            pos += 1
            tp += _found(engine, name, e)
            other = f"{m.group(1)} I"
            if other.upper() in names or f"{m.group(1)} 1".upper() in names:
                continue
            neg += 1
            if _found(engine, other, e):
                fp += 1
                false_hits.append([other, name])
    return {"positives": pos, "recall": round(tp / pos, 4) if pos else None,
            "negatives": neg, "fp_rate": round(fp / neg, 4) if neg else None, "false_hits": false_hits[:10]}


def _one_middle_name(idx, keep):
    """(name, given name, middle name, family name) of each listed person's first name made of
    those three whose middle name ``keep`` takes."""
    seen: set[str] = set()
    for rec in idx.names:
        if rec is None or not rec.person or rec.key in seen:
            continue
        roles, toks = rec.roles, rec.norm.tokens
        if len(toks) != 3 or sorted(roles) != sorted((R_GIVEN1, R_GIVEN, R_FAMILY)):
            continue
        given, middle, family = (toks[roles.index(r)] for r in (R_GIVEN1, R_GIVEN, R_FAMILY))
        if keep(middle):
            seen.add(rec.key)
            yield rec, given, middle, family


def _held_words(entry) -> set:
    """Every word of the entry's names, lower case (commas and hyphens read as spaces)."""
    return {t for n in entry.names for t in n.lower().replace(",", " ").replace("-", " ").split()}


def _right_and_wrong(engine: MatchingEngine, pairs) -> dict:
    """``pairs``: (query that must find the entry, query that must not, entry, listed name as
    written). Recall on the first, false-hit rate on the second, the first ten false hits."""
    pos = tp = fp = 0
    false_hits = []
    for right, wrong, entry, raw in pairs:
        pos += 1
        tp += _found(engine, right, entry)
        if _found(engine, wrong, entry):
            fp += 1
            if len(false_hits) < 10:
                false_hits.append([wrong, raw])
    return {"positives": pos, "recall": round(tp / pos, 4) if pos else None,
            "negatives": pos, "fp_rate": round(fp / pos, 4) if pos else None, "false_hits": false_hits}


def middle_initials(engine: MatchingEngine) -> dict:
    """Each listed person of one given, one middle and one family name queried with the middle
    name's initial (must find the entry) and with an initial none of the name's words starts
    with (must not)."""
    idx = engine._idx

    def pairs():
        for rec, given, middle, family in _one_middle_name(idx, lambda m: len(m) >= 2):
            toks = rec.norm.tokens
            other = next(c for c in "bdgklpt" if c != middle[0] and not any(t.startswith(c) for t in toks))
            yield (f"{given.title()} {middle[0].upper()}. {family.title()}",
                   f"{given.title()} {other.upper()}. {family.title()}", idx.entries[rec.key], rec.raw)

    return _right_and_wrong(engine, pairs())


def middle_names(engine: MatchingEngine) -> dict:
    """The persons of ``middle_initials`` queried "Given Middle Family" in full (must find the
    entry) and with another listed person's middle name in place of theirs, one with another
    first letter that the entry does not hold (must not: another person of those first and
    family names)."""
    idx = engine._idx
    people = list(_one_middle_name(idx, lambda m: len(m) >= 3 and m.isalpha()))
    middles = sorted({m for _, _, m, _ in people})

    def pairs():
        for rec, given, middle, family in people:
            entry = idx.entries[rec.key]
            held = _held_words(entry)
            others = [m for m in middles if m[0] != middle[0] and m not in held]
            other = others[zlib.crc32(rec.raw.encode()) % len(others)]
            yield (f"{given.title()} {middle.title()} {family.title()}",
                   f"{given.title()} {other.title()} {family.title()}", entry, rec.raw)

    return _right_and_wrong(engine, pairs())


_SLAVIC_FAMILY = re.compile(r"(?:ov|ev|in|enko|uk|ich|sky|skiy|ski)$")


def _slavic_persons(engine: MatchingEngine, keep):
    """(name, entry, first given name, family name) of each listed person's first name whose
    family name has a Russian, Ukrainian or Belarusian shape and ``keep(given, family)``."""
    idx = engine._idx
    seen: set[str] = set()
    for rec in idx.names:
        if rec is None or not rec.person or rec.key in seen:
            continue
        roles, toks = rec.roles, rec.norm.tokens
        if R_GIVEN1 not in roles or R_FAMILY not in roles:
            continue
        given, family = toks[roles.index(R_GIVEN1)], toks[roles.index(R_FAMILY)]
        if not (_SLAVIC_FAMILY.search(family) and given.isalpha() and family.isalpha() and len(given) >= 3):
            continue
        if not keep(given, family):
            continue
        seen.add(rec.key)
        yield rec, idx.entries[rec.key], given, family


def _baltic(word: str, ending: str) -> str:
    return word + ending if word[-1] not in "aeiouy" else word


def baltic_endings(engine: MatchingEngine) -> dict:
    pos = {"lithuanian": 0, "latvian": 0}
    tp = {"lithuanian": 0, "latvian": 0}
    misses = []
    for rec, entry, given, family in _slavic_persons(engine, lambda g, f: g[-1] not in "aeiouy" or f[-1] not in "aeiouy"):
        for kind, ending in (("lithuanian", "as"), ("latvian", "s")):
            query = f"{_baltic(given, ending).title()} {_baltic(family, ending).title()}"
            pos[kind] += 1
            if _found(engine, query, entry):
                tp[kind] += 1
            elif len(misses) < 10:
                misses.append([query, rec.raw])
    n = pos["lithuanian"] + pos["latvian"]
    return {"positives": n, "recall": round((tp["lithuanian"] + tp["latvian"]) / n, 4) if n else None,
            "by_language": {k: round(tp[k] / pos[k], 4) if pos[k] else None for k in pos}, "misses": misses}


# English transliteration -> each press's spelling (longest first), the reverse of how those
# languages write the sounds of Russian names
_PRESS_SPELLING = {
    "german": (("shch", "schtsch"), ("kh", "ch"), ("ch", "tsch"), ("sh", "sch"), ("zh", "sh"), ("v", "w"), ("y", "j")),
    "polish": (("shch", "szcz"), ("kh", "ch"), ("ch", "cz"), ("sh", "sz"), ("zh", "rz"), ("v", "w"), ("y", "j")),
    "dutch": (("kh", "ch"), ("ch", "tsj"), ("sh", "sj"), ("u", "oe"), ("v", "w"), ("y", "j")),
}


def _press(word: str, rules: tuple) -> str:
    out = []
    i = 0
    while i < len(word):
        for a, b in rules:
            if word.startswith(a, i):
                out.append(b)
                i += len(a)
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


def press_spellings(engine: MatchingEngine) -> dict:
    pos = dict.fromkeys(_PRESS_SPELLING, 0)
    tp = dict.fromkeys(_PRESS_SPELLING, 0)
    for _rec, entry, given, family in _slavic_persons(engine, lambda g, f: True):
        for lang, rules in _PRESS_SPELLING.items():
            g, f = _press(given, rules), _press(family, rules)
            if (g, f) == (given, family):
                continue
            pos[lang] += 1
            tp[lang] += _found(engine, f"{g.title()} {f.title()}", entry)
    n = sum(pos.values())
    return {"positives": n, "recall": round(sum(tp.values()) / n, 4) if n else None,
            "by_language": {k: round(tp[k] / pos[k], 4) if pos[k] else None for k in pos}}


# An abbreviated legal form closing a name, and how the countries that use it write it out.
_SPELT_OUT_FORMS = {
    "S.A.": ("Société Anonyme", "Sociedade Anônima", "Spółka Akcyjna", "Sociedad Anónima"),
    "SP. Z O.O.": ("Spółka z ograniczoną odpowiedzialnością",),
    "A.S.": ("Anonim Şirketi", "Akciová společnost"),
    "S.R.O.": ("Společnost s ručením omezeným",),
    "SARL": ("Société à responsabilité limitée",),
    "GMBH": ("Gesellschaft mit beschränkter Haftung",),
    "OY": ("Osakeyhtiö",),
    "UAB": ("Uždaroji akcinė bendrovė",),
    "SIA": ("Sabiedrība ar ierobežotu atbildību",),
    "KFT.": ("Korlátolt felelősségű társaság",),
    "ZRT.": ("Zártkörűen működő részvénytársaság",),
    "LTD. STI.": ("Limited Şirketi",),
}
_CLOSING_FORM = re.compile(r"^(.*\S)[\s,]+(" + "|".join(
    re.escape(f).replace("\\.", "\\.?").replace("\\ ", "\\s*") for f in sorted(_SPELT_OUT_FORMS, key=len, reverse=True))
    + r")\.?$", re.IGNORECASE)


def spelt_out_forms(engine: MatchingEngine, entries) -> dict:
    from rigour.text.translit import ascii_text

    pos = tp = 0
    misses = []
    for e in entries:
        if e.type == "person":
            continue
        for name in e.names:
            m = _CLOSING_FORM.match(name.strip())
            if not m:
                continue
            key = next(f for f in _SPELT_OUT_FORMS if re.sub(r"[.\s]", "", f) == re.sub(r"[.\s]", "", m.group(2)).upper())
            for form in _SPELT_OUT_FORMS[key]:
                for written in dict.fromkeys((form, ascii_text(form).upper())):
                    query = f"{m.group(1)} {written}"
                    pos += 1
                    if _found(engine, query, e):
                        tp += 1
                    else:
                        misses.append((query, name))
    return {"positives": pos, "recall": round(tp / pos, 4) if pos else None, "misses": misses}


_RR_OPENINGS = (("ch", "j"), ("k", "g"), ("t", "d"), ("p", "b"))


def _rr_syllable(word: str) -> str:
    """A syllable as Revised Romanisation opens it (the lists' McCune-Reischauer KUK is GUK,
    CHOL is JOL)."""
    for mr, rr in _RR_OPENINGS:
        if word.startswith(mr):
            return rr + word[len(mr):]
    return word


def korean_given_syllables(engine: MatchingEngine) -> dict:
    """Every listed Korean person whose name opens with a Korean family name, queried with the
    given names' syllables opened as Revised Romanisation writes them (O Guk Ryol for O, Kuk-Ryol;
    Kim Jol Nam for KIM, Chol Nam): must find the entry."""
    return _korean_respelt(engine, lambda given: [_rr_syllable(t) for t in given])


def _south_opening(word: str) -> str:
    """A syllable as the South writes a word's first one (its r dropped before i or y, read n
    before another vowel: RYONG is Yong, RAK Nak); the word itself otherwise."""
    if len(word) > 1 and word[0] in "rl":
        if word[1] in "iy":
            return word[1:]
        if word[1] in "aeou":
            return "n" + word[1:]
    return word


def korean_opening_r(engine: MatchingEngine) -> dict:
    """Every listed Korean person (as ``korean_given_syllables``) whose given name opens in r or
    l, queried with that syllable as the South writes a word's first one (CHOE Yong Hae for
    CHOE, Ryong Hae; the syllables after it keep their r: Yu-ro): must find the entry."""
    return _korean_respelt(engine, lambda given: [_south_opening(given[0])] + given[1:])


def _korean_respelt(engine: MatchingEngine, respell) -> dict:
    """Each listed Korean person whose given names ``respell`` changes, queried family name first
    with them so: the share that finds its entry, and the misses."""
    pos = tp = 0
    misses: list = []
    for rec, entry, family, listed_given in _korean_persons(engine):
        given = respell(listed_given)
        if given == listed_given:
            continue
        query = " ".join([family.title()] + [g.title() for g in given])
        pos += 1
        if _found(engine, query, entry):
            tp += 1
        else:
            misses.append([query, rec.raw])
    return {"positives": pos, "recall": round(tp / pos, 4) if pos else None, "misses": misses}


def _korean(entry) -> bool:
    return bool({"KP", "KR"} & set(entry.countries)) or any("DPRK" in p or "NKSPEA" in p for p in entry.programs)


def _korean_persons(engine: MatchingEngine):
    """(name, entry, family name, given names) of each listed Korean person's first name that
    opens with a Korean family name (the lists write Korean names family name first: "PAK,
    To-Chun", "RI JE-SON")."""
    idx = engine._idx
    seen: set[str] = set()
    for rec in idx.names:
        if rec is None or not rec.person or rec.key in seen:
            continue
        toks = rec.norm.tokens
        family, given = toks[0], list(toks[1:])
        if family not in KOREAN_FAMILY_NAMES or not given or not all(g.isalpha() for g in given):
            continue
        entry = idx.entries[rec.key]
        if not _korean(entry):
            continue  # (CHANG, Chi Fu and WU, Nan Hsiung are Chinese: romanised otherwise)
        seen.add(rec.key)
        yield rec, entry, family, given


def korean_family_names(engine: MatchingEngine) -> dict:
    """Every listed Korean person (KP or KR, or a DPRK programme) whose name opens with a family
    name that Korean romanisations write otherwise (``lexicon.KOREAN_FAMILY_NAMES``), queried
    family name first, as Korean names are
    written, with each other spelling of it and the given names as listed (must find the entry);
    and with a family name of another group, the given names as listed (must not, unless the
    entry holds that name too)."""
    groups = sorted({frozenset({w, *others}) for w, others in KOREAN_FAMILY_NAMES.items()}, key=sorted)
    pos = tp = neg = fp = 0
    misses: list = []
    false_hits: list = []
    for rec, entry, family, given in _korean_persons(engine):
        held = {t for n in entry.names for t in n.lower().replace(",", " ").replace("-", " ").split()}
        rest = " ".join(g.title() for g in given)
        for other in sorted(KOREAN_FAMILY_NAMES[family]):
            query = f"{other.title()} {rest}"
            pos += 1
            if _found(engine, query, entry):
                tp += 1
            else:
                misses.append([query, rec.raw])
        group = next(g for g in groups if family in g)
        # another family name, two letters or more from every spelling of this one (a letter
        # off, Bang for KANG, is a typo the engine should forgive)
        others = [g for g in groups if all(Levenshtein.distance(a, b) >= 2 for a in g for b in group)]
        wrong = sorted(others[zlib.crc32(rec.raw.encode()) % len(others)])[0]
        if wrong in held:
            continue
        neg += 1
        if _found(engine, f"{wrong.title()} {rest}", entry):
            fp += 1
            false_hits.append([f"{wrong.title()} {rest}", rec.raw])
    return {"positives": pos, "recall": round(tp / pos, 4) if pos else None, "negatives": neg,
            "fp_rate": round(fp / neg, 4) if neg else None, "misses": misses, "false_hits": false_hits}


def korean_second_syllable(engine: MatchingEngine) -> dict:
    """Every listed Korean person (as ``korean_family_names``) with two given syllables, queried
    as listed (must find the entry) and with the second syllable swapped for another listed
    Korean person's second syllable, a letter or more away (must not: the two syllables are one
    given name, so KIM Jong Man is not KIM, Jong Un)."""
    persons = [(rec, entry, family, given) for rec, entry, family, given in _korean_persons(engine) if len(given) == 2]
    seconds = sorted({given[1] for _, _, _, given in persons})
    pos = tp = neg = fp = 0
    misses: list = []
    false_hits: list = []
    for rec, entry, family, given in persons:
        pos += 1
        query = " ".join(w.title() for w in (family, *given))
        if _found(engine, query, entry):
            tp += 1
        else:
            misses.append([query, rec.raw])
        held = _held_words(entry)
        others = [s for s in seconds if s not in held and Levenshtein.distance(s, given[1]) >= 2]
        if not others:
            continue
        other = others[zlib.crc32(rec.raw.encode()) % len(others)]
        neg += 1
        query = " ".join(w.title() for w in (family, given[0], other))
        if _found(engine, query, entry):
            fp += 1
            false_hits.append([query, rec.raw])
    return {"positives": pos, "recall": round(tp / pos, 4) if pos else None, "negatives": neg,
            "fp_rate": round(fp / neg, 4) if neg else None, "misses": misses, "false_hits": false_hits}


_LOOKS_LIKE = {"o": "0", "i": "1", "e": "3", "a": "4", "s": "5", "t": "7", "b": "8", "g": "9", "z": "2"}


def _with_digit(name: str) -> str | None:
    """``name`` with one letter inside its longest word written as the digit it looks like (the
    first letter from the word's second that has one: ROSNEFT -> R0SNEFT), or None."""
    words = name.split(" ")
    k = max(range(len(words)), key=lambda i: (len(words[i].strip(",.;")), -i))
    word = words[k]
    for i in range(1, len(word) - 1):
        digit = _LOOKS_LIKE.get(word[i].lower())
        if digit is not None and word[i - 1].isalpha() and word[i + 1].isalpha():
            words[k] = word[:i] + digit + word[i + 1:]
            return " ".join(words)
    return None


def _with_repeat(name: str) -> str | None:
    """``name`` with its longest word written twice in a row (a field pasted twice, a word typed
    twice), or None for a name of one letter."""
    words = name.split(" ")
    k = max(range(len(words)), key=lambda i: (len(words[i].strip(",.;")), -i))
    core = words[k].strip(",.;")
    if len(core) < 2 or not core.isalpha():
        return None
    return " ".join(words[:k] + [core] + words[k:])


def given_transposed(engine: MatchingEngine) -> dict:
    """Every listed person's first given name of four letters or more, as listed, with its last
    two letters typed the other way round (Ahmad -> Ahmda, Muhammad -> Muhammda): must find the
    entry. (A closing -a after the masculine's consonants is how Arabic makes a feminine name.)"""
    idx = engine._idx
    pos = tp = 0
    misses = []
    seen: set[str] = set()
    for rec in idx.names:
        if rec is None or not rec.person or rec.key in seen or R_GIVEN1 not in rec.roles:
            continue
        given = rec.norm.tokens[rec.roles.index(R_GIVEN1)]
        if len(given) < 4 or not given.isalpha() or given[-1] == given[-2]:
            continue
        m = re.search(r"(?<![^\W\d_])" + given + r"(?![^\W\d_])", rec.raw, re.IGNORECASE)
        if m is None:
            continue
        seen.add(rec.key)
        word = m.group(0)
        query = rec.raw[:m.start()] + word[:-2] + word[-1] + word[-2] + rec.raw[m.end():]
        pos += 1
        if _found(engine, query, idx.entries[rec.key]):
            tp += 1
        else:
            misses.append([query, rec.raw])
    return {"positives": pos, "recall": round(tp / pos, 4) if pos else None, "misses": misses}


def _with_rn(name: str) -> str | None:
    """``name`` with the first "m" of its longest word written "rn" (LIMITED -> LIRNITED), or None."""
    words = name.split(" ")
    k = max(range(len(words)), key=lambda i: (len(words[i].strip(",.;")), -i))
    word = words[k]
    i = word.lower().find("m")
    if i < 0:
        return None
    words[k] = word[:i] + ("rn" if word[i] == "m" else "RN") + word[i + 1:]
    return " ".join(words)


def _generic_cut(name: str) -> str | None:
    """``name`` with its first common business word of nine letters or more cut to its first
    seven (MANAGEMENT -> MANAGEM, INVESTMENTS -> INVESTM), or None."""
    words = name.split(" ")
    for k, word in enumerate(words):
        core = word.strip(",.;()")
        if len(core) >= 9 and core.isalpha() and core.lower() in GENERIC_BUSINESS_WORDS_ANY_LANGUAGE:
            words[k] = word.replace(core, core[:7])
            return " ".join(words)
    return None


def digits_and_repeats(engine: MatchingEngine, entries) -> dict:
    """Every listed name of five letters or more with one letter of its longest word written as
    the digit it looks like, with that word's first m written rn, and with that word written
    twice: must find the entry."""
    out = {}
    for probe, make in (("digit", _with_digit), ("rn_for_m", _with_rn), ("repeat", _with_repeat),
                        ("generic_cut", _generic_cut)):
        pos = tp = 0
        misses = []
        for e in entries:
            for name in dict.fromkeys(e.names):
                if sum(c.isalpha() for c in name) < 5:
                    continue
                query = make(name)
                if query is None or query == name:
                    continue
                pos += 1
                if _found(engine, query, e):
                    tp += 1
                else:
                    misses.append([query, name])
        out[probe] = {"positives": pos, "recall": round(tp / pos, 4) if pos else None, "misses": misses}
    return out


def _report(label: str, r: dict) -> None:
    print(f"{label}: recall {r['recall']} of {r['positives']}")
    for q, listed in r["misses"][:5]:
        print(f"    {q!r} missed {listed!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=mq.DEFAULT_DATA, help="the shared data folder")
    ap.add_argument("--lists", default="sdn,un,dpl,csl", help="which lists to load: sdn,un,dpl,csl")
    ap.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    args = ap.parse_args(argv)
    entries = mq.load_lists(args.data, args.lists.split(","))
    engine = MatchingEngine(entries)
    res = {"numbered": numbered(engine, entries), "middle_initials": middle_initials(engine),
           "middle_names": middle_names(engine)}
    for probe, r in res.items():
        print(f"{probe:<16} as written / right initial or middle name: recall {r['recall']} of {r['positives']};  "
              f"another number / initial / middle name: hit {r['fp_rate']} of {r['negatives']}")
        for q, listed in r["false_hits"][:5]:
            print(f"    {q!r} hit {listed!r}")
    baltic = baltic_endings(engine)
    print(f"baltic_endings   written as Lithuanian and Latvian write foreign names: recall {baltic['recall']} "
          f"of {baltic['positives']} ({', '.join(f'{k} {v}' for k, v in baltic['by_language'].items())})")
    for q, listed in baltic["misses"][:5]:
        print(f"    {q!r} missed {listed!r}")
    res["baltic_endings"] = baltic
    press = press_spellings(engine)
    print(f"press_spellings  written as German, Polish and Dutch write Russian names: recall {press['recall']} "
          f"of {press['positives']} ({', '.join(f'{k} {v}' for k, v in press['by_language'].items())})")
    res["press_spellings"] = press
    forms = spelt_out_forms(engine, entries)
    print(f"spelt_out_forms  a closing legal form written out, with and without diacritics: recall "
          f"{forms['recall']} of {forms['positives']}")
    for q, listed in forms["misses"][:5]:
        print(f"    {q!r} missed {listed!r}")
    res["spelt_out_forms"] = {k: v for k, v in forms.items() if k != "misses"}
    korean = korean_family_names(engine)
    print(f"korean_family_names  the family name in another romanisation: recall {korean['recall']} of "
          f"{korean['positives']};  another family name: hit {korean['fp_rate']} of {korean['negatives']}")
    for q, listed in korean["misses"][:5]:
        print(f"    {q!r} missed {listed!r}")
    for q, listed in korean["false_hits"][:5]:
        print(f"    {q!r} hit {listed!r}")
    res["korean_family_names"] = {k: v for k, v in korean.items() if k not in ("misses", "false_hits")}
    second = korean_second_syllable(engine)
    print(f"korean_second_syllable  the given name as listed: recall {second['recall']} of {second['positives']};"
          f"  another second syllable: hit {second['fp_rate']} of {second['negatives']}")
    for q, listed in second["false_hits"][:5]:
        print(f"    {q!r} hit {listed!r}")
    res["korean_second_syllable"] = {k: v for k, v in second.items() if k not in ("misses", "false_hits")}
    syllables = korean_given_syllables(engine)
    _report("korean_given_syllables  given names opened as Revised Romanisation does (Guk for KUK)", syllables)
    res["korean_given_syllables"] = {k: v for k, v in syllables.items() if k != "misses"}
    opening = korean_opening_r(engine)
    _report("korean_opening_r  the given name's opening r as the South writes it (Yong for RYONG)", opening)
    res["korean_opening_r"] = {k: v for k, v in opening.items() if k != "misses"}
    swapped = given_transposed(engine)
    _report("given_transposed  the first given name's last two letters swapped (Ahmda)", swapped)
    res["given_transposed"] = {k: v for k, v in swapped.items() if k != "misses"}
    typed = digits_and_repeats(engine, entries)
    _report("digit_for_letter  a letter of the longest word written as a digit (R0SNEFT)", typed["digit"])
    _report("rn_for_m          the longest word's first m written rn (LIRNITED)", typed["rn_for_m"])
    _report("word_twice        the longest word written twice in a row", typed["repeat"])
    _report("generic_cut       a common business word cut to seven letters (MANAGEM)", typed["generic_cut"])
    res.update({f"{k}_probe": {x: y for x, y in v.items() if x != "misses"} for k, v in typed.items()})
    if args.json:
        print(json.dumps(res, sort_keys=True, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
