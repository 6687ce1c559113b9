"""Name normalisation: one function turns any party or list name into comparable ASCII tokens.

The same code runs on list names (once, at index build) and on query names (per order), so both
sides always agree. Steps, in order:

1. Unicode clean-up: NFKC (full-width forms, ligatures), drop invisible format characters
   (zero-width space/joiners, soft hyphen, BOM, bidi marks), casefold.
2. Legal forms: ``rigour.names.replace_org_types_compare(generic=True)`` rewrites every
   company-type designation it knows (OOO, Obshchestvo s Ogranichennoi Otvetstvennostyu, GmbH,
   Ltd, Limited Liability Company, 有限公司 ... -> ``llc``; AO, ZAO, OAO, PAO, JSC, OJSC, CJSC,
   S.A., AG, PLC ... -> ``jsc``). It runs on the original script (ООО, 有限公司) and again on
   the transliterated tokens.
3. Homoglyphs: a word that mixes Latin with Cyrillic/Greek look-alikes ("KАLАSHNIKOV" with a
   Cyrillic А) is folded to Latin through ICU's confusables skeleton (``icu.SpoofChecker``).
4. Transliteration of other scripts, per word and cached: the primary spelling is rigour's
   (``rigour.text.translit.ascii_text``: Rust tables for Cyrillic/Greek giving the spellings
   people use -- ``Шевченко -> Shevchenko`` -- and ICU via normality for the rest); ICU's
   ``Any-Latin; Latin-ASCII`` (scientific: ц -> c, ш -> s) and ``anyascii`` are kept as
   alternative spellings of the same word, so "Цонцерн" can still meet "Concern". Han, Kana and
   Hangul become one token per syllable (after a short table of common business words, see
   ``CJK_WORDS``); words in Arabic script are flagged so the matcher also compares consonant
   skeletons (Arabic script rarely writes short vowels).
5. Tokenisation: lower-case ASCII letters and digits; apostrophes are dropped (O'Brien ->
   obrien); every other character separates tokens.

Pure-ASCII input takes a fast path (lower-case, legal forms, tokenise).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

import cython
import icu
from anyascii import anyascii
from rigour.names import replace_org_types_compare
from rigour.text.normalize import Cleanup, Normalize
from rigour.text.translit import ascii_text

from screener.matching.lexicon import SUFFIX_LAST, TITLE_FIRST, collapse_doubles, suffix_flags, title_flags

# Generic legal-form targets of rigour's org-type table (``generic=True``), plus short residual
# words it leaves alone ("co", "corp", ...) that act as legal forms in practice.
LEGAL_FORMS = frozenset({
    "llc", "jsc", "lp", "llp", "gp", "sp", "soe", "ngo", "coop", "fin", "mil",
    "co", "corp", "inc", "ltd", "cia", "cie", "company", "corporation", "incorporated", "limited",
    # abbreviations rigour's table leaves as they are
    "ab", "aps", "pte", "pty", "pvt", "bhd", "sdn", "fzc", "fzllc", "dmcc", "kk", "ltda", "sl",
    "slu", "sll", "sal",
})

_CASEFOLD = Normalize.CASEFOLD
_NO_CLEANUP = Cleanup.Noop


@functools.lru_cache(maxsize=1 << 16)
def replace_org_types(low: str) -> str:
    """``rigour.names.replace_org_types_compare(low, generic=True)`` (rigour's public call),
    remembered per text: the wrapper converts its flags on every call, which cost as much as the
    look-up itself, and the same few texts come back on every query (cleared with the word
    cache)."""
    return replace_org_types_compare(low, _CASEFOLD, _NO_CLEANUP, True)  # (generic=True)


_LETTERS = re.compile(r"[^\W\d_]+")
_DOTTED_RUN = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){3,}")  # three initials or more, dotted


# Dotted legal forms rigour's table lacks, read as one word: S.L. (Sociedad Limitada) was two
# initials, and S.A.L. (a Lebanese or Spanish company) became S.A. + "l."
_DOTTED_LEGAL = re.compile(r"(?<=\s)(?:s\.a\.l|s\.l\.u|s\.l\.l|s\.l)\.?(?![^\W\d_])")


def _undotted(m: re.Match) -> str:
    return m.group(0).replace(".", "")


# Spellings of one legal form that rigour's table leaves apart, written the one way: "Co." and
# "Company" at the end (A.B.C. Company is ABC Co.), "Corp." and "Corporation"; and "Private" before a legal
# form is part of it, as rigour already reads "Pte. Ltd." (India's "Pvt. Ltd." and "Private
# Limited" are Singapore's "Pte. Ltd.").
_LEGAL_SPELLINGS = {"company": "co", "corporation": "corp", "incorporated": "inc"}
_LEGAL_SPELLING = re.compile(r"(?<![^\W_])(?:company|corporation|incorporated)(?![^\W_])(?=\W*(?:(?:llc|ltd|jsc|co|inc)\W*)*$)"
                             r"|(?<![^\W_])\(?(?:private|pvt|pte)\.?\)?\s+(?=(?:llc|ltd|limited)(?![^\W_]))")
# ... and written together with the next ("COMPANYLTD.")
_LEGAL_JOINED = re.compile(r"(?<![^\W_])(company|co|corp)\.?(ltd|limited|inc|llc)(?![^\W_])")
_JOINED_HINTS = ("coltd", "co.ltd", "colimited", "coinc", "co.inc", "collc", "co.llc", "corpltd", "corp.ltd", "corpinc",
                 "corp.inc", "companyltd", "company.ltd", "companylimited", "companyinc", "companyllc")


def _legal_spelling(m: re.Match) -> str:
    return _LEGAL_SPELLINGS.get(m.group(0), "")


# Numbers in company and vessel names written one way: a number in words in digits ("Brigade
# Forty-Four" is BRIGADE 44, "3 Percenters" THREE PERCENTERS), an ordinal in words ("1st
# International Bank" is FIRST INTERNATIONAL BANK, whose initials stay F.I.), and a roman numeral
# after the first word in digits (WATTLE STAR II is not WATTLE STAR III). Only in the organisation
# form: in a person's name "II" is a generational suffix.
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_NUMBER_WORD = re.compile(
    r"(?<![^\W_])(?:(?P<tens>" + "|".join(_TENS) + r")(?:[\s-]+(?P<unit>" + "|".join(w for w in _UNITS if _UNITS[w] < 10)
    + r"))?|(?P<word>" + "|".join(sorted(_UNITS, key=len, reverse=True))
    + r")|(?P<digits>\d+)(?:st|nd|rd|th))(?![^\W_])")
_ORDINAL_WORDS = ("0th", *"first second third fourth fifth sixth seventh eighth ninth tenth".split())
ROMAN_NUMERALS = {r: i for i, r in enumerate("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split(), 1)}
# the roman numerals written in digits: not I, V, X and XI, which are initials and words as often
_ROMAN_IN_DIGITS = tuple(r for r in ROMAN_NUMERALS if r not in ("i", "v", "x", "xi"))
_ROMAN_WORD = re.compile(r"(?<=\s)(?P<roman>" + "|".join(sorted(_ROMAN_IN_DIGITS, key=len, reverse=True))
                         + r")(?![^\W_])")
# (the words that may need it: most names have none, and a set look-up is cheaper than a search)
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_ROMAN_IN_DIGITS)
_ORDINAL_ENDINGS = ("st", "nd", "rd", "th")


def _number_word(m: re.Match) -> str:
    if m.group("digits") is not None:
        n = int(m.group("digits"))
        return _ORDINAL_WORDS[n] if n < len(_ORDINAL_WORDS) else m.group("digits")
    if m.group("tens") is not None:
        return str(_TENS[m.group("tens")] + (_UNITS[m.group("unit")] if m.group("unit") else 0))
    return str(_UNITS[m.group("word")])


@cython.ccall
def numbers_written(low: str) -> str:
    """``low`` (lower case) with its numbers written one way (see above)."""
    roman = False
    found = False
    for w in (low.replace("-", " ") if "-" in low else low).split():
        w = w.strip(".,()&/")
        if w in _NUMBER_WORDS:
            found = True
            if w in ROMAN_NUMERALS:  # (only those of _ROMAN_IN_DIGITS are in _NUMBER_WORDS)
                roman = True
        elif w and w[0].isdigit() and w.endswith(_ORDINAL_ENDINGS):
            found = True
    if not found:
        return low
    out = _NUMBER_WORD.sub(_number_word, low)
    if roman:
        out = _ROMAN_WORD.sub(_roman, out)
    return out


def _roman(m: re.Match) -> str:
    return str(ROMAN_NUMERALS[m.group("roman")])


# Russian and Ukrainian legal forms as Latin letters spell their Cyrillic abbreviations, which
# rigour's table reads only in Cyrillic (ФОП, ИП, ФГУП: "FOP Moroz" is a sole proprietor as
# "ФОП Мороз" is): each read as rigour reads its Cyrillic spelling, at either end of a name.
# (Not those that are also names or initials: Pat, Nao, Ano, D.P.)
_CYRILLIC_OF_LATIN = str.maketrans("abvgdeziklmnoprstufh", "абвгдезиклмнопрстуфх")
LATIN_CYRILLIC_FORMS = {w: replace_org_types(w.translate(_CYRILLIC_OF_LATIN))
                        for w in ("fop", "ip", "spd", "fgup", "gup", "mup", "nko")}


@cython.ccall
def _latin_cyrillic_forms(low: str) -> str:
    head, space, rest = low.partition(" ")
    if not space:
        return low
    if head in LATIN_CYRILLIC_FORMS:
        return LATIN_CYRILLIC_FORMS[head] + " " + rest
    rest, space, tail = low.rpartition(" ")
    if tail in LATIN_CYRILLIC_FORMS:
        return rest + " " + LATIN_CYRILLIC_FORMS[tail]
    return low


# Legal forms rigour's table knows only with their diacritics, as the lists write them without:
# ANONIM SIRKETI, SPOLKA AKCYJNA, SOCIETE ANONYME, OSAKEYHTIO, UZDAROJI AKCINE BENDROVE. Each is
# read as rigour reads it with them (``_ASCII_FORMS``, built from rigour's own answers: a form it
# reads the same way without them, or reads only in part, is left out).
_DIACRITIC_FORMS = (
    # Turkish
    "anonim şirketi", "limited şirketi", "kollektif şirketi", "komandit şirketi", "ltd. şti.",
    # Polish, Czech, Slovak
    "spółka akcyjna", "prosta spółka akcyjna", "spółka z ograniczoną odpowiedzialnością", "akciová společnost",
    "společnost s ručením omezeným", "akciová spoločnosť", "spoločnosť s ručením obmedzeným",
    "veřejná obchodní společnost", "komanditní společnost",
    # French, Spanish, Portuguese, Italian
    "société anonyme", "société à responsabilité limitée", "société par actions simplifiée",
    "société par actions simplifiée unipersonnelle", "société en nom collectif", "société en commandite simple",
    "société coopérative", "société civile", "entreprise unipersonnelle à responsabilité limitée",
    "sociedad anónima", "sociedad anónima de capital variable", "sociedad anónima cerrada",
    "sociedad anónima abierta", "compañía anónima", "compañía limitada", "sociedade anónima", "sociedade anônima",
    "società per azioni", "società a responsabilità limitata", "società in accomandita semplice",
    "società in nome collettivo", "società cooperativa",
    # German, Finnish, Estonian, Latvian, Lithuanian, Hungarian, Romanian, South Slavic, Albanian
    "gesellschaft mit beschränkter haftung", "osakeyhtiö", "julkinen osakeyhtiö", "avoin yhtiö",
    "kommandiittiyhtiö", "osaühing", "sabiedrība ar ierobežotu atbildību", "akciju sabiedrība",
    "uždaroji akcinė bendrovė", "akcinė bendrovė", "korlátolt felelősségű társaság", "részvénytársaság",
    "zártkörűen működő részvénytársaság", "nyilvánosan működő részvénytársaság", "betéti társaság",
    "közkereseti társaság", "societate cu răspundere limitată", "societate pe acțiuni",
    "društvo s ograničenom odgovornošću", "društvo sa ograničenom odgovornošću", "dioničko društvo",
    "akcionarsko društvo", "shoqëri me përgjegjësi të kufizuar", "shoqëri aksionare",
    # Vietnamese, Azerbaijani
    "công ty trách nhiệm hữu hạn", "công ty cổ phần", "məhdud məsuliyyətli cəmiyyət", "açıq səhmdar cəmiyyəti",
    "qapalı səhmdar cəmiyyəti",
)
# ... and forms rigour's table lacks, read as a counterpart it knows: Polish partnerships as their
# German counterparts (a spółka jawna is an OHG, a komandytowa a KG, a komandytowo-akcyjna a
# KGaA), each also abbreviated; Vietnam's abbreviated forms, which open the name (Công ty TNHH X),
# as the same forms spelt out.
_COUNTERPART_FORMS = {
    "spółka jawna": "ohg", "sp. j.": "ohg", "sp.j.": "ohg", "spółka komandytowa": "kg", "sp. k.": "kg",
    "sp.k.": "kg", "spółka komandytowo akcyjna": "kgaa", "s.k.a.": "kgaa",
    "công ty tnhh": "công ty trách nhiệm hữu hạn", "công ty tnhh mtv": "công ty trách nhiệm hữu hạn",
    "công ty tnhh một thành viên": "công ty trách nhiệm hữu hạn", "công ty cp": "công ty cổ phần",
}
_OPENING_FORMS = ("cong ty ", "công ty ")  # (the forms above that open a name)


def _ascii_forms() -> dict[str, str]:
    """The forms above as written without their diacritics -> rigour's reading of them."""
    out: dict[str, str] = {}
    for form in _DIACRITIC_FORMS:
        plain = ascii_text(form).lower().replace("-", " ")
        target = replace_org_types(form)
        # (one generic form, or rigour read only part of the phrase: left as it is)
        if target in LEGAL_FORMS and replace_org_types(plain) != target:
            out[plain] = target
    for form, counterpart in _COUNTERPART_FORMS.items():
        for written in (form, ascii_text(form).lower()):
            out[written] = replace_org_types(counterpart)
    return out


_ASCII_FORMS = _ascii_forms()
_ASCII_FORM = re.compile(r"(?<![^\W_])(?:" + "|".join(
    r"\s+".join(re.escape(w) for w in f.split()) for f in sorted(_ASCII_FORMS, key=len, reverse=True)) + r")(?![^\W_])")
# (a quick look first: the word such a form ends with, closing the name or before a comma)
_ASCII_FORM_ENDINGS = frozenset(f.split()[-1].rstrip(".") for f in _ASCII_FORMS)


def _ascii_forms_read(low: str) -> str:
    """``low`` with the legal forms of ``_ASCII_FORMS`` read as rigour reads them with their
    diacritics (spaced apart: "sp.j.x" stays two words)."""
    return _ASCII_FORM.sub(lambda m: " " + _ASCII_FORMS[" ".join(m.group(0).split())] + " ", low)


# The IM. of a Russian enterprise named after someone ("imeni"), between words: not the
# municipal enterprise rigour's table reads (that one opens a name: IM APA-CANAL)
_IMENI = re.compile(r"(?<=\s)im\.\s*(?=[^\W\d_])")


# Turkey's Ltd. Şti. closing a name as the lists write it ("... SAN. TIC. LTD. ST."; rigour reads
# LTD. STI. itself): ST. alone is a street or a saint, so only after LTD. and at the end.
_TURKISH_LTD_ST = (" ltd. st.", " ltd. st", " ltd.st.")
_TURKISH_LTD = replace_org_types("ltd. şti.")


def rewrite_legal_forms(low: str, raw: str = "") -> str:
    """``low`` with its legal forms rewritten (``replace_org_types``), but never its first word
    when rewriting it too leaves no word of two letters or more that is not a legal form: that
    word was the name (E.D.D. is no E. + d.d., SEM LTDA. no cooperative + LTDA.). Spellings of
    one legal form are written one way (``_LEGAL_SPELLING``), and numbers in digits
    (``numbers_written``): both only in the organisation form. Forms written without their
    diacritics (``_ASCII_FORMS``), Turkey's LTD. ST. and the Russian IM. (imeni) between words
    are read before rigour's table. ``raw``: the ASCII text before
    hyphens became spaces, to keep a word hyphen-joined to a name from being read as a legal form
    (``_HYPHENATED``)."""
    if "-" in raw:
        kept = _HYPHENATED.sub(_hyphen_joined, raw)
        if kept != raw:
            return rewrite_legal_forms(_ascii_pre(kept)).replace(_KEPT_HYPHEN, " ")
    # (numbers first: rigour reads a closing "II" as a legal form)
    low = numbers_written(low)
    if "co" in low:  # (every hint has it: most names are answered by this one look)
        for joined in _JOINED_HINTS:
            if joined in low:
                low = _LEGAL_JOINED.sub(r"\1 \2", low)
                break
    if (" co" in low or " ent" in low or " org" in low or " soc" in low or " ass" in low or " cie" in low) and \
            not _LEGAL_ABBREVIATION_WORDS.isdisjoint(low.replace(".", " ").replace(",", " ").split()):
        # (a look for the words' starts after a space first, then a split: a search for them as
        # words cost every name a microsecond. One that opens the name is left as written.)
        low = _legal_words_written_out(low)
    if low.rpartition(" ")[2].rstrip(".,;") in _ASCII_FORM_ENDINGS or "," in low and \
            low.partition(",")[0].rpartition(" ")[2].rstrip(".;") in _ASCII_FORM_ENDINGS or \
            low.lstrip().startswith(_OPENING_FORMS):
        low = _ascii_forms_read(low)
    if low.endswith(_TURKISH_LTD_ST):  # (Ltd. Şti. as the lists write it: "... LTD. ST.")
        low = low[:low.rindex("ltd")] + _TURKISH_LTD
    if " im." in low:  # (Russian "imeni", named after: ZAVOD IM. M.I. KALININA; rigour reads IM as an soe)
        low = _IMENI.sub("imeni ", low)
    out = _rewrite_legal_forms(_latin_cyrillic_forms(low))
    if "company" in out or "corporation" in out or "incorporated" in out or "p" in out and (
            "private" in out or "pvt" in out or "pte" in out):
        out = _LEGAL_SPELLING.sub(_legal_spelling, out)
    return out


# Words of spelt-out legal forms as they are commonly abbreviated, which rigour's table reads only
# written out: JOINT STOCK CO (no dot), PRIVATE MILITARY CO., CHARITABLE ORG, STATE ENTP, SOC. POR
# ACCIONES SIMPLIFICADA. Written out only where that makes a longer legal form of the words around
# them (``_absorbs``), so the CO of "X CO., LTD." stays as it is.
LEGAL_WORD_ABBREVIATIONS = {"co": "company", "cie": "company", "comp": "company", "soc": "sociedad",
                            "org": "organization", "entp": "enterprise", "ent": "enterprise",
                            "assn": "association", "assoc": "association"}
_LEGAL_ABBREVIATION_WORDS = frozenset(LEGAL_WORD_ABBREVIATIONS)
_LEGAL_ABBREVIATED = re.compile(r"(?<![^\W_])(" + "|".join(LEGAL_WORD_ABBREVIATIONS) + r")\.?(?![^\W_])")


def _legal_words_written_out(low: str) -> str:
    out = low
    for m in reversed(list(_LEGAL_ABBREVIATED.finditer(low))):
        word = LEGAL_WORD_ABBREVIATIONS[m.group(1)]
        before = " ".join(low[:m.start()].split()[-3:])
        after = " ".join(low[m.end():].split()[:3])
        if _absorbs(before, m.group(0), word, after):
            out = out[:m.start()] + word + out[m.end():]
    return out


@functools.lru_cache(maxsize=1 << 14)
def _absorbs(before: str, abbreviated: str, word: str, after: str) -> bool:
    """Whether rigour's table reads the words around ``abbreviated`` as a longer legal form when
    it is written out as ``word`` (fewer words after the rewrite)."""
    if not before and not after:
        return False
    as_written = replace_org_types(f"{before} {abbreviated} {after}").split()
    written_out = replace_org_types(f"{before} {word} {after}").split()
    return len(written_out) < len(as_written)


@functools.lru_cache(maxsize=1 << 12)
def legal_form_in_context(before: tuple, word: str, after: tuple) -> bool:
    """Whether rigour's table reads ``word``, between the words ``before`` and ``after``, as (part
    of) a legal form: LIMITADA closing a name, OBSHCHESTVO after AKTSIONERNOE; not PRIVATE
    before TRADING."""
    return word not in replace_org_types(" ".join((*before, word, *after))).split()


# A word joined to another by a hyphen, which rigour's table would read as a legal form on its
# own: the AS of RIYADH-AS-SALIHEEN, the EP of the aircraft EP-GOM, the YK of YK-AGE. A legal form
# is a word of its own, so these stay as written (else "Age GmbH" is YK-AGE, "GOM Ltd" EP-GOM).
_HYPHENATED = re.compile(r"(?<![^\W_])[^\W_]+(?:-[^\W_]+)+(?![^\W_])")


def _hyphen_joined(m: re.Match) -> str:
    word = m.group(0)
    parts = word.split("-")
    rewritten = [replace_org_types(p) != p for p in parts]
    if True in rewritten and False in rewritten:
        return word.replace("-", _KEPT_HYPHEN)
    return word


_KEPT_HYPHEN = "qxhyphenxq"  # (letters no legal form has, a space again after the rewrite)


_DOTTED_WORD = re.compile(r"(?:[^\W\d_]\.){2,}[^\W\d_]\.?")  # three letters or more, each dotted


@cython.ccall
def _undotted_forms(low: str) -> str:
    """``low`` with each legal form written in dotted letters undotted where it is one undotted
    only (rigour's table, ``LEGAL_FORMS``): Z.A.O., O.O.O., P.J.S.C., F.Z.E., S.N.C., L.L.P.,
    E.I.R.L. (the letters were read as initials, or mangled: S.A.P.A. into "jsc.p.a."), at the
    end of a name or before a branch's city. A run that is no form undotted stays as written:
    an acronym (A.E.E.G.)."""
    words = low.split(" ")
    changed = False
    for k, word in enumerate(words):
        core = word.rstrip(",;")
        if len(core) >= 5 and _DOTTED_WORD.fullmatch(core):
            plain = core.replace(".", "")
            if plain in LEGAL_FORMS or replace_org_types(plain) != plain:
                words[k] = plain + word[len(core):]
                changed = True
    return " ".join(words) if changed else low


# ... and the other way: forms rigour's table reads only dotted (d.o.o., the Balkan llc), read
# as it reads them when written without dots (PARTIZAN TECH DOO BEOGRAD).
_DOTTED_ONLY = {w: replace_org_types(".".join(w) + ".") for w in ("doo",)}
_DOTTED_ONLY_WORD = re.compile(r"(?<![^\W_])(" + "|".join(_DOTTED_ONLY) + r")(?![^\W_])")


@cython.cfunc
def _holds_name_word(text: str) -> cython.bint:
    """A run of two letters or more in ``text`` that is no legal form (as the letter runs of two
    or more a regular expression finds: a loop that stops at the first, usually the first word,
    where findall built the list of all)."""
    n: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t = 0
    j: cython.Py_ssize_t
    c: cython.Py_UCS4
    while i < n:
        c = text[i]
        if not (c.isalpha() and c != "_"):
            i += 1
            continue
        j = i + 1
        while j < n:
            c = text[j]
            if not (c.isalpha() and c != "_"):
                break
            j += 1
        if j - i >= 2 and text[i:j] not in LEGAL_FORMS:
            return True
        i = j
    return False


def _rewrite_legal_forms(low: str) -> str:
    if "." in low:
        if " s." in low and _DOTTED_LEGAL.search(low) is not None:
            low = _DOTTED_LEGAL.sub(_undotted, low)
        low = _undotted_forms(low)
    if "doo" in low:
        low = _DOTTED_ONLY_WORD.sub(lambda m: _DOTTED_ONLY[m.group(1)], low)
    out = replace_org_types(low)
    if out == low:
        return out
    m = _DOTTED_RUN.search(low) if low.count(".") >= 3 else None  # (three dotted initials or more)
    if m is not None:
        run = m.group(0)
        rewritten = replace_org_types(run)
        if rewritten != run and any(len(w) == 1 or w not in LEGAL_FORMS for w in _LETTERS.findall(rewritten)):
            # a run of initials is an acronym, not letters with a legal form among them
            # (A.E.E.G. is no A. + e.G., a German cooperative; S.A.R.L. is a legal form whole):
            # the run stays (it is the name), what is around it is rewritten
            return replace_org_types(low[:m.start()]) + run + replace_org_types(low[m.end():])
    if _holds_name_word(out):
        return out
    # the first word is the name (initials, an acronym); legal forms after it are still rewritten
    head, _, tail = low.strip().partition(" ")
    return head + " " + replace_org_types(tail) if tail else low


# Common business words in Chinese company names, which Western lists carry translated rather
# than transliterated (华信船务 -> "HUAXIN SHIPPING"). Simplified and traditional forms.
CJK_WORDS = {
    "股份有限公司": "jsc", "有限责任公司": "llc", "有限責任公司": "llc", "有限公司": "llc",
    "株式会社": "jsc", "会社": "company", "會社": "company", "公司": "company", "集团": "group", "集團": "group", "国际": "international",
    "國際": "international", "贸易": "trading", "貿易": "trading", "商贸": "trading",
    "商貿": "trading", "进出口": "import export", "進出口": "import export",
    "技术": "technology", "技術": "technology", "科技": "technology", "电子": "electronics",
    "電子": "electronics", "船务": "shipping", "船務": "shipping", "海运": "shipping",
    "海運": "shipping", "航运": "shipping", "航運": "shipping", "物流": "logistics",
    "工业": "industrial", "工業": "industrial", "实业": "industrial", "實業": "industrial",
    "发展": "development", "發展": "development", "投资": "investment", "投資": "investment",
    "控股": "holdings", "银行": "bank", "銀行": "bank", "石油": "petroleum", "化工": "chemical",
    "机械": "machinery", "機械": "machinery", "设备": "equipment", "設備": "equipment",
    "能源": "energy", "香港": "hong kong", "中国": "china", "中國": "china",
    "制造": "manufacturing", "製造": "manufacturing", "矿业": "mining", "礦業": "mining",
    "航空": "aviation", "通讯": "communications", "通訊": "communications",
    "电信": "telecom", "電信": "telecom", "运输": "transport", "運輸": "transport",
    "经贸": "economic trade", "經貿": "economic trade", "材料": "materials",
    "仪器": "instruments", "儀器": "instruments", "软件": "software", "軟件": "software",
    # (the trades export controls meet most: precision parts, electronics, aerospace, shipping)
    "精密": "precision", "远洋": "ocean", "遠洋": "ocean", "重工": "heavy industry",
    "光电": "optoelectronics", "光電": "optoelectronics", "半导体": "semiconductor",
    "半導體": "semiconductor", "微电子": "microelectronics", "微電子": "microelectronics",
    "化学": "chemical", "化學": "chemical", "医药": "pharmaceutical", "醫藥": "pharmaceutical",
    "制药": "pharmaceutical", "製藥": "pharmaceutical", "汽车": "automobile", "汽車": "automobile",
    "钢铁": "steel", "鋼鐵": "steel", "金属": "metal", "金屬": "metal", "仪表": "instrument",
    "儀表": "instrument", "自动化": "automation", "自動化": "automation", "系统": "systems",
    "系統": "systems", "网络": "network", "網絡": "network", "信息": "information",
    "数码": "digital", "數碼": "digital", "智能": "intelligent", "供应链": "supply chain",
    "供應鏈": "supply chain", "企业": "enterprise", "企業": "enterprise", "工厂": "factory",
    "工廠": "factory", "研究所": "research institute", "研究院": "research institute",
    "大学": "university", "大學": "university", "航天": "aerospace", "电力": "electric power",
    "電力": "electric power", "新能源": "new energy", "环球": "global", "環球": "global",
    "全球": "global", "实验室": "laboratory", "實驗室": "laboratory", "工程": "engineering",
    "建设": "construction", "建設": "construction", "电气": "electric", "電氣": "electric",
    "光学": "optical", "光學": "optical", "通信": "communication", "器材": "equipment",
    "零件": "parts", "配件": "parts", "商务": "business", "商務": "business", "服务": "services",
    "服務": "services", "咨询": "consulting", "諮詢": "consulting", "矿产": "minerals",
    "礦產": "minerals", "装备": "equipment", "裝備": "equipment", "进口": "import",
    "進口": "import", "出口": "export",
}
_CJK_MAX = max(len(k) for k in CJK_WORDS)

# Numbers in Han characters where a name numbers a ship or a branch: after 第 (the ordinal "No.",
# 第十八星風丸 is SEIFU MARU No. 18) or before 号/號 ("number"): read in digits, so that numbers must
# agree as they do in Latin names (第八星風丸 is another ship). Not elsewhere: 一 or 三 inside a name
# are syllables of it (三星, 一郎).
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
               "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_ORDINAL = "第"
_CJK_NUMBER_SIGNS = ("号", "號")


def cjk_number(text: str) -> int | None:
    """The value of a number written in Han numerals (八 8, 十八 18, 二十五 25, 一百零八 108,
    三〇一 301), or None when ``text`` is not one."""
    if not text or any(c not in _CJK_DIGITS and c not in _CJK_UNITS for c in text):
        return None
    if not any(c in _CJK_UNITS for c in text):  # digit by digit (三〇一)
        return int("".join(str(_CJK_DIGITS[c]) for c in text))
    total = 0
    digit = -1
    for c in text:
        if c in _CJK_DIGITS:
            digit = _CJK_DIGITS[c]
        else:
            total += (digit if digit > 0 else 1) * _CJK_UNITS[c]  # (十八: a ten without its digit)
            digit = -1
    return total + (digit if digit > 0 else 0)


def _cjk_numeral_run(word: str, i: int) -> int:
    """The end of the run of Han numerals starting at ``i`` (``i`` when there is none)."""
    j = i
    while j < len(word) and (word[j] in _CJK_DIGITS or word[j] in _CJK_UNITS):
        j += 1
    return j

# Business words of Arabic company names, which the Latin lists carry translated (شركة الرشيد
# للتجارة, AL-RASHEED TRADING COMPANY; مصرف الرافدين, RAFIDAIN BANK), keyed by the word without
# its article or the "for the" it often takes (للتجارة), its alif forms and closing ta marbuta
# written one way. The translation is another spelling of the word, beside its transliteration:
# many names keep the Arabic word (MAKHTAB AL-KHIDAMAT, not Services Office), and a demonym is a
# family name as often (المصري, AL-MASRI), which its transliteration still meets.
ARABIC_WORDS = {
    "شركه": "co", "مؤسسه": "establishment", "مجموعه": "group", "بنك": "bank", "مصرف": "bank",
    "مركزي": "central", "تجاره": "trading", "تجاريه": "commercial", "تجاري": "commercial",
    "نفط": "oil", "بترول": "petroleum", "وطنيه": "national", "وطني": "national", "عامه": "general",
    "دوليه": "international", "دولي": "international", "نقل": "transport", "شحن": "shipping",
    "ملاحه": "navigation", "استثمار": "investment", "استثمارات": "investments",
    "صناعات": "industries", "صناعيه": "industrial", "قابضه": "holding", "مقاولات": "contracting",
    "خدمات": "services", "هندسيه": "engineering", "تطوير": "development", "تنميه": "development",
    "اسلامي": "islamic", "اسلاميه": "islamic", "معدات": "equipment", "تكنولوجيا": "technology",
    "الكترونيات": "electronics", "كيماويات": "chemicals", "ادويه": "pharmaceuticals",
    "طيران": "aviation", "محدوده": "limited", "تامين": "insurance", "صرافه": "exchange",
    "اتصالات": "telecommunications", "جمعيه": "association", "منظمه": "organization",
    "جامعه": "university", "وكاله": "agency", "مصنع": "factory", "مصانع": "factories",
    "دوله": "state", "مكتب": "office",
    # what armed groups' names are made of, as the lists translate them
    "جماعه": "group", "مقاتله": "fighting", "جبهه": "front", "حركه": "movement",
    "تنظيم": "organization", "شبكه": "network", "جيش": "army", "كتيبه": "battalion",
    "لواء": "brigade", "في": "in",
    # countries and their people, which the lists translate where the word is not the name
    "مصري": "egyptian", "مصريه": "egyptian", "ليبي": "libyan", "ليبيه": "libyan",
    "مغربي": "moroccan", "مغربيه": "moroccan", "تونسي": "tunisian", "تونسيه": "tunisian",
    "عراقي": "iraqi", "عراقيه": "iraqi", "سوري": "syrian", "سوريه": "syrian", "يمني": "yemeni",
    "يمنيه": "yemeni", "سعودي": "saudi", "سعوديه": "saudi", "جزائري": "algerian",
    "جزائريه": "algerian", "اردني": "jordanian", "لبناني": "lebanese", "فلسطيني": "palestinian",
    "ايراني": "iranian", "ايرانيه": "iranian", "صومالي": "somali", "سوداني": "sudanese",
    "افغاني": "afghan", "باكستاني": "pakistani", "عراق": "iraq", "شام": "levant", "يمن": "yemen",
    "مصر": "egypt", "مغرب": "maghreb", "جزائر": "algeria", "اردن": "jordan",
}
_ARABIC_FOLD = str.maketrans("أإآىة", "ااايه", "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640")
_ARABIC_ARTICLES = ("وال", "بال", "فال", "لل", "ال", "")


def arabic_translation(word: str) -> str | None:
    """The English a list writes for an Arabic business word (``ARABIC_WORDS``), with or
    without its article: "للتجارة" -> "trading"; None for any other word."""
    folded = word.translate(_ARABIC_FOLD)
    if folded.endswith("ا"):  # (a closing ta marbuta read -a: see _convert_word)
        folded = folded[:-1] + "ه"
    for article in _ARABIC_ARTICLES:
        if folded.startswith(article) and len(folded) - len(article) >= 2:
            english = ARABIC_WORDS.get(folded[len(article):])
            if english is not None:
                return english
    return None


# The same for Hebrew company names (צור אמיתי לוגיסטיקה בע"מ, TZUR AMITAI LOGISTICS LTD), keyed
# by the word without the article or conjunction written onto it (ה, ו), final letters as
# written.
HEBREW_WORDS = {
    "חברה": "co", "חברת": "co", "קבוצה": "group", "קבוצת": "group", "בנק": "bank",
    "לוגיסטיקה": "logistics", "הובלות": "transport", "הובלה": "transport", "חלקים": "parts",
    "מדויקים": "precision", "מדוייקים": "precision", "תעשיות": "industries", "תעשייה": "industry",
    "תעשיה": "industry", "סחר": "trading", "יבוא": "import", "יצוא": "export", "שיווק": "marketing",
    "השקעות": "investments", "אחזקות": "holdings", "טכנולוגיות": "technologies",
    "טכנולוגיה": "technology", "מערכות": "systems", "הנדסה": "engineering", "ספנות": "shipping",
    "תעופה": "aviation", "אלקטרוניקה": "electronics", "כימיקלים": "chemicals",
    "שירותים": "services", "פתרונות": "solutions", "ייעוץ": "consulting", "בנייה": "construction",
    "בניה": "construction", "נכסים": "properties", "ביטוח": "insurance", "מתכת": "metal",
    "פלדה": "steel", "אנרגיה": "energy", "תקשורת": "communications", "ביטחון": "defense",
    "בטחון": "defense",
}


def hebrew_translation(word: str) -> str | None:
    """The English a list writes for a Hebrew business word (``HEBREW_WORDS``), with or without
    the article or "and" written onto it: "והובלות" -> "transport"; None for any other word."""
    english = HEBREW_WORDS.get(word)
    if english is None and len(word) > 3 and word[0] in "הו":
        english = HEBREW_WORDS.get(word[1:])
    return english


_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zl", "Zp", "Co", "Cs", "Cn"}
_TOKEN_RE = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc\u02bb\u02b9\u02bf\u02be]")
# Patronymic endings (tokens are letters and digits only, so an ending is a plain suffix).
# (-itch and -witsch: the French and German spellings, Anatolievitch, Iwanowitsch)
_PATRONYMIC_ENDINGS = ("ovich", "evich", "ovych", "evych", "yevich", "ich", "itch", "witsch", "ovna", "evna",
                       "ovycha", "ichna", "ivna", "ogly", "oglu", "ugli", "kyzy", "qizi")

_SPOOF = icu.SpoofChecker()
_ICU_LATIN = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")


def _is_syllabic(ch: str) -> bool:
    """Han or Hangul: one token per syllable (Kana words are read whole: Japanese writes
    foreign names in Katakana, a word per name)."""
    o = ord(ch)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0xAC00 <= o <= 0xD7AF or 0x20000 <= o <= 0x2FA1F)


# How a word read back from another script is compared by its consonants (``NormName.arabic``):
READ_CONSONANTS = 1  # the coarse consonant key (``similarity.ckey``)
READ_ARABIC = 2  # that and the Arabic key (``arabic_key``): Arabic and Hebrew
READ_WHOLE_WORD = 3  # Hangul: the whole word's key, from four consonants (a foreign name)
READ_FOREIGN = 4  # a foreign name in Chinese characters (and Hangul, once read as one): consonant keys from three


def _is_hebrew(ch: str) -> bool:
    return 0x0590 <= ord(ch) <= 0x05FF


def _is_hangul(ch: str) -> bool:
    return 0xAC00 <= ord(ch) <= 0xD7AF


def _is_kana(ch: str) -> bool:
    return 0x3040 <= ord(ch) <= 0x30FF


def _reads_by_consonants(ch: str) -> bool:
    """Scripts whose words are compared by their consonants (``similarity.ckey``): Arabic and
    Hebrew write few vowels; Kana, Hangul and the Indic, Thai, Georgian, Armenian and
    Ethiopic scripts (and Tibetan, Myanmar, Khmer and Mongolian, read by anyascii) write a
    foreign name with vowels of their own between its consonants; Greek has one letter (σ) for
    s, sh and shch, and ζ for z and zh (Κανισεβ, Kanishchev)."""
    o = ord(ch)
    return (0x0370 <= o <= 0x03FF or 0x0590 <= o <= 0x05FF or 0x0530 <= o <= 0x058F or 0x0900 <= o <= 0x10FF
            or 0x1200 <= o <= 0x139F or 0x1780 <= o <= 0x18AF or 0x3040 <= o <= 0x30FF or 0xAC00 <= o <= 0xD7AF
            or _is_arabic(ch))


# McCune-Reischauer spellings (the lists' way of writing Korean names) of what rigour's
# Revised Romanisation gives: vowels eo/eu -> o/u, and voiced initials read voiceless.
_RR_VOWELS = (("yeo", "yo"), ("eo", "o"), ("eu", "u"))
_RR_INITIALS = (("g", "k"), ("d", "t"), ("b", "p"), ("j", "ch"), ("l", "r"))


def _korean_readings(syllable: str) -> list[str]:
    out = []
    v = syllable
    for a, b in _RR_VOWELS:
        v = v.replace(a, b)
    if len(v) > 1 and v[-1] in "gdb" and not v.endswith("ng"):  # a final consonant is voiceless (bag -> pak)
        v = v[:-1] + {"g": "k", "d": "t", "b": "p"}[v[-1]]
    if v != syllable:
        out.append(v)
    for a, b in _RR_INITIALS:
        if v.startswith(a):
            out.append(b + v[len(a):])
            break
    return out


def _kana_readings(text: str) -> list[str]:
    """Katakana for foreign sounds read back: chi and ji also stand for ti and di
    (ウラジーミル Vladimir, プーチン Putin)."""
    alt = text.replace("chi", "ti").replace("ji", "di")
    return [alt] if alt != text else []


# Katakana writes the sounds of foreign names Japanese lacks with a small vowel after a kana
# (ヴェ ve, ドゥ du, シェ she, ファ fa); read kana by kana they come out as "vue", "dou", "shie".
_KANA_FOREIGN = {
    "ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve", "ヴォ": "vo", "ヴュ": "vyu", "ヴ": "vu",
    "ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo", "フュ": "fyu",
    "ティ": "ti", "ディ": "di", "トゥ": "tu", "ドゥ": "du", "テュ": "tyu", "デュ": "dyu",
    "シェ": "she", "ジェ": "je", "チェ": "che", "ツァ": "tsa", "ツィ": "tsi", "ツェ": "tse", "ツォ": "tso",
    "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "イェ": "ye", "クァ": "kva", "クィ": "kvi", "クェ": "kve",
    "クォ": "kvo", "グァ": "gva",
}
_KANA_FOREIGN_RE = re.compile("|".join(sorted(_KANA_FOREIGN, key=len, reverse=True)))
# ... and puts a vowel after a consonant the name has on its own: u after most (スヴェ sve,
# ミハイル mihail), o after t and d (トラ tra, ドミトリー dmitri); Hangul puts eu (스 프 르 크).
_KANA_ADDED_VOWEL = re.compile(r"(?<=[bfgkmprsz])u(?![aeiouy])|(?<=[td])o(?![aeiouy])")
_HANGUL_ADDED_VOWEL = re.compile(r"(?<=[^aeiouy])eu(?![aeiouy])")


def kana_foreign_reading(word: str) -> str:
    """A Katakana word read as the foreign name it writes (スヴェトラナ svetrana, ラプショフ
    rapshof, ミハイル mihair): small vowels joined to their kana, added vowels dropped."""
    text = _KANA_FOREIGN_RE.sub(lambda m: _KANA_FOREIGN[m.group(0)], word)
    text = "".join(_tokens(_ICU_LATIN.transliterate(text).lower()))
    return collapse_doubles(_KANA_ADDED_VOWEL.sub("", text))


_LONE_H = re.compile(r"(?<![csgkptz])h")


def kh_reading(reading: str) -> str:
    """A Katakana or Hangul reading with kh for its h: both write the Russian kh (Mikhail,
    Zakhar, Khodorkovsky) as h, and Russian names have no h of their own."""
    return _LONE_H.sub("kh", reading)


def hangul_foreign_reading(syllables: tuple[str, ...] | list[str]) -> str:
    """A Hangul word (its syllables romanised) read as the foreign name it writes: the eu added
    after a lone consonant dropped, doubled letters single (올레흐 oleh, 스베틀라나 sbetlana), and
    ㄹ opening a syllable after a vowel read r, as foreign names have it there (유리 yuri,
    마리아 maria; after a closing ㄹ it is l: 발레리 baleri)."""
    parts = list(syllables)
    for k in range(1, len(parts)):
        if parts[k][:1] == "l" and parts[k - 1][-1:] in ("a", "e", "i", "o", "u", "y"):
            parts[k] = "r" + parts[k][1:]
    return collapse_doubles(_HANGUL_ADDED_VOWEL.sub("", "".join(parts)))


def _is_arabic(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


_CONFUSABLE_CACHE: dict[str, str] = {}


def latin_lookalike(ch: str) -> str:
    """The ASCII letter a non-Latin character is visually confusable with, else ''."""
    hit = _CONFUSABLE_CACHE.get(ch)
    if hit is not None:
        return hit
    out = ""
    for form in (ch, ch.upper()):
        try:
            sk = _SPOOF.getSkeleton(0, form)
        except icu.ICUError:  # pragma: no cover - ICU refuses odd code points
            continue
        if len(sk) == 1 and sk.isascii() and sk.isalpha():
            out = sk.lower()
            break
    _CONFUSABLE_CACHE[ch] = out
    return out


def _fold_homoglyphs(word: str, latin_context: bool) -> str | None:
    """Fold non-Latin look-alikes inside a mostly-Latin word ("KАLАSHNIKOV"), or a word made
    only of look-alikes in a Latin context ("АСЕ Trading"); None when it is not such a word."""
    latin = other = 0
    for ch in word:
        if ch.isascii():
            if ch.isalpha():
                latin += 1
        elif ch.isalpha():
            other += 1
    if other == 0:
        return None
    if latin == 0 and not latin_context:
        return None
    out = []
    for ch in word:
        if ch.isascii() or not ch.isalpha():
            out.append(ch)
            continue
        lk = latin_lookalike(ch)
        if not lk:
            if latin < other:
                return None  # a real non-Latin word that happens to hold a Latin letter
            out.append(ch)
        else:
            out.append(lk)
    res = "".join(out)
    return res if res.isascii() else None


@cython.ccall
@cython.boundscheck(False)
@cython.wraparound(False)
def _ascii_tokens(low: str) -> list[str]:
    """``_TOKEN_RE.findall(low)`` (runs of a-z and 0-9; anything else separates) by a loop over
    the characters: compiled, a quarter of the regular expression's cost on a name."""
    out: list = []
    n: cython.Py_ssize_t = len(low)
    i: cython.Py_ssize_t
    start: cython.Py_ssize_t = -1
    ch: cython.Py_UCS4
    for i in range(n):
        ch = low[i]
        if ("a" <= ch <= "z") or ("0" <= ch <= "9"):
            if start < 0:
                start = i
        elif start >= 0:
            out.append(low[start:i])
            start = -1
    if start >= 0:
        out.append(low[start:n])
    return out


def _tokens(ascii_lower: str) -> list[str]:
    return _ascii_tokens(_APOSTROPHES.sub("", ascii_lower))


_HYPHENS = re.compile(r"[-\u2010-\u2015\u2212_/]")
_INWORD_DOT = re.compile(r"(?<=[^\W\d_])\.(?=[^\W\d_]{2})|(?<=[^\W\d_]{2})\.(?=[^\W\d_])")


def _ascii_pre(low: str) -> str:
    """``_pre`` for ASCII text. (str.translate with a table costs about a microsecond per
    name; a test for each character, and a replace when it is there, a tenth of that.)"""
    if "'" in low:
        low = low.replace("'", "")
    if "`" in low:
        low = low.replace("`", "")
    if "-" in low:
        low = low.replace("-", " ")
    if "_" in low:
        low = low.replace("_", " ")
    if "/" in low:
        low = low.replace("/", " ")
    return low


def _pre(low: str) -> str:
    """Apostrophes dropped (so the "Sa" of "Sa'ad" is not read as S.A.); hyphens and slashes to
    spaces (so "OTKRYTOE-AKTSIONERNOE-OBSHCHESTVO" is a legal form)."""
    return _HYPHENS.sub(" ", _APOSTROPHES.sub("", low))


def _post(low: str) -> str:
    """Dots inside words removed ("COM.PANY", "Kis.H"); "S.A." and "A.A." keep theirs."""
    return _INWORD_DOT.sub("", low) if "." in low else low


@dataclass(frozen=True, slots=True)
class _Word:
    tokens: tuple[str, ...]
    syllabic: tuple[bool, ...]
    arabic: int  # read by consonants: READ_* (Arabic, Hebrew, Kana, Hangul, ...: see _reads_by_consonants)
    alts: tuple[str, ...]  # other spellings of the whole word (tokens joined)
    text: str = ""  # the primary transliteration with its punctuation ("s.a.")
    token_alts: tuple[tuple[str, ...], ...] = ()  # other spellings of each token (Korean syllables)


# Chinese writes a foreign name in characters chosen for their sound, its parts apart by a
# middle dot (谢尔盖·拉夫罗夫, Sergei Lavrov; 弗拉基米尔·普京, Vladimir Putin); a Chinese name
# has none.
_HAN_NAME_DOTS = re.compile(r"(?<=[\u3400-\u9fff])\s*[\u00b7\u2022\u2027\u2219\u30fb\uff65]\s*(?=[\u3400-\u9fff])")
_PINYIN_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z",
                    "c", "s", "y", "w")
# the consonants those characters stand for in foreign names (谢 xie for se, 钦 qin for chin,
# 瓦 wa for va, 日 ri for zh); j is d, zh or g (基 ji in Vladimir, 京 jing in Putin; 津 jin in
# Prigozhin; 斯基 si-ji for -sky), so each is read
_PINYIN_FOREIGN = {"q": "ch", "x": "s", "w": "v", "r": "zh", "c": "ts"}
_PINYIN_VOWELS = (("iao", "yo"), ("ao", "o"), ("uo", "o"), ("ou", "o"), ("ei", "e"), ("ie", "e"), ("iu", "yu"))


def han_foreign_readings(syllables: tuple[str, ...]) -> list[str]:
    """A foreign name written in Chinese characters (its syllables in pinyin) read back as the
    Latin name it writes: 谢尔盖 xie-er-gai "seergai" (Sergei), 拉夫罗夫 la-fu-luo-fu "lafulofu"
    (Lavrov), 普京 pu-jing "pudin" (Putin), 奥巴马 "obama". Compared by consonant
    class (``similarity.ckey``), as Kana and Hangul readings are."""
    out: list[str] = []
    for j_as in ("d", "zh", "g"):
        parts: list[str] = []
        for syl in syllables:
            init = next((i for i in _PINYIN_INITIALS if syl.startswith(i)), "")
            rest = syl[len(init):]
            if rest.endswith("ng"):
                rest = rest[:-1]
            for a, b in _PINYIN_VOWELS:
                if rest.startswith(a):
                    rest = b + rest[len(a):]
                    break
            parts.append((j_as if init == "j" else _PINYIN_FOREIGN.get(init, init)) + rest)
        reading = "".join(parts)
        for r in (reading, kh_reading(reading)):  # (h is the kh of Russian names: 赫 Khe, 汗 Khan)
            if r not in out:
                out.append(r)
    return out


def _han_foreign_word(cw: _Word) -> _Word:
    """A word of Chinese characters that is part of a foreign name: its syllables as before,
    the name it writes as other spellings, read by consonants like a foreign name in Hangul."""
    alts = tuple(r for r in han_foreign_readings(cw.tokens) if r not in cw.alts)
    return _Word(cw.tokens, cw.syllabic, READ_FOREIGN, cw.alts + alts, cw.text, cw.token_alts)


def _syllabic_word(word: str) -> _Word:
    if all(_is_hangul(c) for c in word):
        return _hangul_word(word)
    toks: list[str] = []
    syl: list[bool] = []
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        if ch == _CJK_ORDINAL or ch in _CJK_DIGITS or ch in _CJK_UNITS:
            start = i + 1 if ch == _CJK_ORDINAL else i
            end = _cjk_numeral_run(word, start)
            if end > start and (ch == _CJK_ORDINAL or word[end:end + 1] in _CJK_NUMBER_SIGNS):
                toks.append(str(cjk_number(word[start:end])))
                syl.append(False)
                i = end + (0 if ch == _CJK_ORDINAL else 1)  # (the 号 after a number is read with it)
                continue
        if _is_syllabic(ch):
            for k in range(min(_CJK_MAX, n - i), 1, -1):
                tr = CJK_WORDS.get(word[i:i + k])
                if tr:
                    for t in tr.split():
                        toks.append(t)
                        syl.append(False)
                    i += k
                    break
            else:
                for t in _tokens(ascii_text(ch).lower()):
                    toks.append(t)
                    syl.append(True)
                i += 1
            continue
        j = i
        while j < n and not _is_syllabic(word[j]):
            j += 1
        for t in _tokens(ascii_text(word[i:j]).lower()):
            toks.append(t)
            syl.append(False)
        i = j
    return _Word(tuple(toks), tuple(syl), False, (), " ".join(toks))


def _hangul_word(word: str) -> _Word:
    """A Hangul word: one token per syllable (Korean names: 김동호 -> gim dong ho), with each
    syllable's McCune-Reischauer spellings (kim, tong), and the whole word as written and as a
    foreign name reads back (쿠즈네초프, Kuznetsov; ``hangul_foreign_reading``) as other
    spellings. ``query.prepare`` decides which words are read as foreign names."""
    toks: list[str] = []
    alts: list[str] = []
    for ch in word:
        t = "".join(_tokens(ascii_text(ch).lower()))
        if not t:
            continue
        toks.append(t)
    # other spellings as (text, start, end) are made by normalize_name from these: a word's
    # alternatives cover all of it, so per-syllable readings go in ``syllable_alts``
    if len(toks) >= 2:  # (a word of two syllables is only read whole beside a foreign one: query.prepare)
        alts.append("".join(toks))
        foreign = hangul_foreign_reading(toks)
        if foreign != alts[0]:
            alts.append(foreign)
        kh = kh_reading(foreign)
        if kh != foreign:
            alts.append(kh)
    return _Word(tuple(toks), (True,) * len(toks), READ_WHOLE_WORD, tuple(alts), " ".join(toks),
                 tuple(tuple(_korean_readings(t)) for t in toks))


_GREEK_DIGRAPHS = [("μπ", "b"), ("ντ", "d"), ("γκ", "g"), ("γγ", "ng"), ("τζ", "j"), ("τσ", "ch"),
                   ("ου", "u")]
_GREEK_LETTERS = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "kh", "ψ": "ps", "ω": "o",
}
_GREEK_VOWELS = set("αεηιουω")


def _greek_readings(word: str) -> list[str]:
    """How a Latin name written in Greek letters reads back: the digraphs Greek uses for
    foreign sounds (μπ = b, ντ = d, γκ = g, τζ = j, τσ = ch, ου = u) and the rough breathing as h.
    Two readings: β as v with υ as y (modern), and β as b with υ as u (letter for letter)."""
    nfd = unicodedata.normalize("NFD", word.lower())
    chars: list[str] = []
    for ch in nfd:
        if ch == "\u0314":  # rough breathing: h before a vowel, after a consonant
            if chars and chars[-1] in _GREEK_VOWELS:
                chars.insert(len(chars) - 1, "h")
            else:
                chars.append("h")
        elif unicodedata.category(ch) != "Mn":
            chars.append(ch)
    base = "".join(chars)
    for a, b in _GREEK_DIGRAPHS:
        base = base.replace(a, b)
    out = []
    for table in ({}, {"β": "b", "υ": "u"}):
        r = "".join(table.get(c, _GREEK_LETTERS.get(c, c)) for c in base)
        r = "".join(_tokens(ascii_text(r).lower()))
        if r and r not in out:
            out.append(r)
    return out


def _is_greek(ch: str) -> bool:
    return 0x0370 <= ord(ch) <= 0x03FF or 0x1F00 <= ord(ch) <= 0x1FFF


# rigour's transliteration costs about 100 µs for each string it has not seen before (it caches
# whole strings), ICU's "Any-Latin" about 10 µs. Lower-case Russian Cyrillic, ASCII and Latin
# letters with diacritics transliterate letter by letter in both, apart from one rule of
# rigour's: "ий"/"ый" before a non-letter or the end of the word is "y". Such words are therefore
# built from per-letter results (about 1 µs); any other word (Greek digraphs, the Ukrainian and
# Serbian letters that switch rigour's scheme, other scripts) takes the libraries' own calls.
# anyascii (about 6 µs a word) maps each code point on its own, so it is built the same way.
# tests/test_matching_units.py checks both paths agree on random words.
_RUSSIAN = frozenset(map(chr, range(0x0430, 0x0450))) | {"ё"}
_LATIN_MARKED = frozenset(ch for ch in map(chr, range(0x00DF, 0x0250))
                          if ch.isalpha() and ch == ch.casefold() and ch.islower())
_LETTER_RIGOUR: dict[str, str] = {}
_LETTER_ICU: dict[str, str] = {}
_LETTER_ANY: dict[str, str] = {}


def _by_letter(word: str) -> tuple[str, str, str] | None:
    """(rigour's, ICU's, anyascii's) transliteration of ``word`` built letter by letter; None
    when the word has letters outside the ones known to transliterate that way."""
    russian = marked = False
    for ch in word:
        if ch in _RUSSIAN:
            russian = True
        elif ch in _LATIN_MARKED:
            marked = True
        elif not ch.isascii():
            return None
    if russian and marked:
        return None
    rig: list[str] = []
    icu_out: list[str] = []
    any_out: list[str] = []
    n = len(word)
    i = 0
    while i < n:
        ch = word[i]
        any_out.append(_any_letter(ch))
        if (ch == "и" or ch == "ы") and i + 1 < n and word[i + 1] == "й" and (
                i + 2 == n or not word[i + 2].isalpha()):
            rig.append("y")
            icu_out.append(_icu_letter(ch))
            icu_out.append(_icu_letter("й"))
            any_out.append(_any_letter("й"))
            i += 2
            continue
        r = _LETTER_RIGOUR.get(ch)
        if r is None:
            r = _LETTER_RIGOUR[ch] = ascii_text(ch)
        rig.append(r)
        icu_out.append(_icu_letter(ch))
        i += 1
    return "".join(rig), "".join(icu_out), "".join(any_out)


def _any_letter(ch: str) -> str:
    r = _LETTER_ANY.get(ch)
    if r is None:
        r = _LETTER_ANY[ch] = anyascii(ch)
    return r


def _icu_letter(ch: str) -> str:
    r = _LETTER_ICU.get(ch)
    if r is None:
        r = _LETTER_ICU[ch] = _ICU_LATIN.transliterate(ch)
    return r


def rigour_ascii(word: str) -> str:
    """``rigour.text.translit.ascii_text`` of one word, fast for the common scripts."""
    fast = _by_letter(word)
    return fast[0] if fast is not None else ascii_text(word)


_WORD_CACHE: dict[tuple[str, bool], _Word] = {}
_WORD_CACHE_MAX = 200_000


def clear_word_cache() -> None:
    """Forget every word converted so far (for cold-cache measurements)."""
    _WORD_CACHE.clear()
    _RESPELT.clear()
    replace_org_types.cache_clear()
    _absorbs.cache_clear()
    legal_form_in_context.cache_clear()


# Hebrew letters with a geresh (׳ or an apostrophe) for sounds Hebrew lacks
_TSADI_GERESH = "\ue000"  # (read in _convert_word: two readings)
_HEBREW_GERESH_LETTERS = {"\u05d2": "j", "\u05d7": "kh", "\u05e2": "gh", "\u05d8": "z", "\u05e6": _TSADI_GERESH,
                          "\u05e5": _TSADI_GERESH, "\u05ea": "th", "\u05d3": "dh", "\u05d6": "zh", "\u05db": "kh",
                          "\u05da": "kh"}
_HEBREW_GERESH = re.compile("([" + "".join(_HEBREW_GERESH_LETTERS) + "])['\u05f3\u2019`]")

_HEBREW_S_READING = str.maketrans({"\u05e9": "\u05e1", "\u05e6": "\u05e1", "\u05e5": "\u05e1"})


def _geresh_letter(m: re.Match) -> str:
    return _HEBREW_GERESH_LETTERS[m.group(1)]


# Urdu (and Kurdish) letters the transliteration drops or misreads, as the Arabic letters of
# their sound: heh goal and doachashmee (ہ ھ, the h of Haroon and of the aspirates bh, kh ...),
# teh marbuta goal, the retroflex tteh, ddal and rreh (ٹ ڈ ڑ: Bhutto is بھٹو), yeh barree and
# noon ghunna (ے ں) and Kurdish ae.
_URDU_FOLD = str.maketrans("\u06c1\u06c2\u06be\u06d5\u06c3\u0679\u0688\u0691\u06d2\u06d3\u06ba",
                           "\u0647\u0647\u0647\u0647\u0629\u062a\u062f\u0631\u064a\u064a\u0646")
_URDU_LETTERS = frozenset("\u06c1\u06c2\u06be\u06d5\u06c3\u0679\u0688\u0691\u06d2\u06d3\u06ba")
_ARABIC_LONG_VOWEL_LETTERS = frozenset("\u0627\u0648\u064a\u06cc\u0622\u0649")  # ا و ي ی آ ى
_ARABIC_Z_LETTERS = frozenset("\u0636\u0638\u0630\u062b")  # ض ظ ذ ث
_ARABIC_Z_READING = str.maketrans({"\u0636": "\u0632", "\u0638": "\u0632", "\u0630": "\u0632", "\u062b": "\u0633"})


def _convert_word(word: str, latin_context: bool) -> _Word:
    """Tokens of one whitespace-separated non-ASCII word, with alternative spellings."""
    key = (word, latin_context)
    hit = _WORD_CACHE.get(key)
    if hit is not None:
        return hit
    folded = _fold_homoglyphs(word, latin_context)
    if folded is not None:
        toks = _tokens(folded)
        translit = "".join(_tokens(rigour_ascii(word).lower()))
        alts = (translit,) if translit and translit != "".join(toks) else ()
        res = _Word(tuple(toks), (False,) * len(toks), False, alts, folded)
    elif any(_is_syllabic(c) for c in word):
        res = _syllabic_word(word)
    else:
        hebrew = any(_is_hebrew(c) for c in word)
        if not hebrew and not _URDU_LETTERS.isdisjoint(word):
            word = word.translate(_URDU_FOLD)
        english = hebrew_translation(word) if hebrew else arabic_translation(word)
        hebrew_other = ""  # the word with the other readings of its ambiguous letters
        if hebrew:
            # (letters with a geresh are read in _cleaned); shin is more often sh than sin in
            # names (the s readings an other)
            # alef and ayin carry vowels ("אל" is al-); transliterations drop them
            word = word.replace("\u05d0", "a").replace("\u05e2", "a")
            if _TSADI_GERESH in word:  # ch in Russian names, ض (d) in Arabic ones
                hebrew_other = word.replace(_TSADI_GERESH, "d")
                word = word.replace(_TSADI_GERESH, "ch")
            if "\u05e9" in word or "\u05e6" in word or "\u05e5" in word:
                hebrew_other = (hebrew_other or word).translate(_HEBREW_S_READING)  # (tsadi is an Arabic s, ص, too)
                word = word.replace("\u05e9", "sh")
        as_written = ""
        if hebrew and len(word) > 2 and word[-1] == "\u05d4":
            # a closing he is a vowel in names (Anna, אננה; Sarah; and ة of Arabic names): the
            # h is kept as an other spelling
            as_written = word
            word = word[:-1] + "a"
        elif len(word) > 2 and word[-1] == "\u0629":
            # a closing ta marbuta is said -a (Fatima, Hamza, Khalifa): the Latin lists write -a
            # or -ah, and -at only before another noun (Jamaat), kept as other spellings
            as_written = word
            word = word[:-1] + "\u0627"
        fast = _by_letter(word)
        read = fast[0] if fast is not None else ascii_text(word)
        if _unread(read):
            # a script rigour does not read (Khmer, Lao, Tibetan, Sinhala, Mongolian, Cherokee):
            # anyascii's letters, not nothing (a name that reads as no word matches no one)
            read = anyascii(word)
        # (ayn inside a word comes out as "?": Latin spellings leave it out, Jamaa, not "jma a")
        text = read.lower().replace("?", "")
        if len(text) > 2 and text[-1] == "a" and _ends_in_inherent_vowel(word):
            # Hindi, Bengali, Gujarati and Punjabi do not say a closing consonant's inherent
            # vowel, which transliteration writes: पुटिन is Putin, not "putina" (and राम is Ram
            # as often as Rama: kept as an other spelling)
            as_written = word
            text = text[:-1]
        elif " " in text and any("\u0e00" <= c <= "\u0e7f" for c in word):
            # Thai writes a name as one word, which the transliteration spaces by syllable:
            # วลาดิมีร์ is "w ladi mir", one name
            text = text.replace(" ", "")
        whole = ""
        if len(word) > 3 and word.startswith("\u0627\u0644") and _is_arabic(word[2]) and not word.startswith(
                "\u0627\u0644\u0644\u0647"):  # (Allah, الله, is one word: Hizballah, Abdullah)
            # the article is written onto the word (الظواهري): a word of its own, as the Latin
            # lists write it (AL-ZAWAHIRI), with the word as written another spelling
            whole = text
            text = "al " + ascii_text(word[2:]).lower().replace("?", "")
        elif len(word) > 6 and word.startswith("\u0639\u0628\u062f\u0627\u0644"):
            # ... and "Abd al-" onto the name it joins (عبدالحميد: Abd al-Hamid)
            whole = text
            text = "abd al " + ascii_text(word[5:]).lower().replace("?", "")
        primary = _tokens(text)
        alts = []
        joined = "".join(primary)
        if whole:
            alts.append("".join(_tokens(whole)))
        if fast is not None:
            others = [fast[1], fast[2]]
        else:
            others = [_ICU_LATIN.transliterate(word), anyascii(word)]
        if hebrew_other:
            others.append(ascii_text(hebrew_other))
        if hebrew and "\u05d1" in word:  # bet is v as often as b, and vav is a vowel as often as v
            others.append(ascii_text(word.replace("\u05d1", "v")))
        if hebrew and "\u05d7" in word:  # het writes the kh of Russian names (Anyukhina, אניוחינה)
            others.append(ascii_text(word.replace("\u05d7", "kh")))
        if hebrew and ("\u05e6" in word or "\u05e5" in word):
            # tsadi is tz in the Latin spellings of Hebrew names (יצחק Yitzhak, צור Tzur)
            others.append(ascii_text(word.replace("\u05e6", "\u05d8\u05d6").replace("\u05e5", "\u05d8\u05d6")))
        if hebrew and ("\u05d5" in word or "\u05d9" in word):
            others.append(ascii_text(_hebrew_vowels(word)))
        if any(_is_greek(c) for c in word):
            others.extend(_greek_readings(word))
        if any(_is_kana(c) for c in word):
            others.extend(_kana_readings(joined))
            foreign = kana_foreign_reading(word)
            others.append(foreign)
            others.append(kh_reading(foreign))
        if any(c in _ARABIC_Z_LETTERS for c in word):
            # Persian, Urdu and Pashto names (and much Western spelling) say z for ض ظ ذ and s
            # for ث where Arabic transliteration writes d, dh and th: Fazl, فضل, read "fdl"
            others.append(ascii_text(word.translate(_ARABIC_Z_READING)))
        if "\u062a\u0634" in word:  # Arabic has no ch: it writes t + sh (تشايكا, Chayka; Persian چ)
            others.append(ascii_text(word.replace("\u062a\u0634", "\u0686")))
        if len(word) > 2 and word[-1] == "\u0649":
            # a closing alif maqsura is said -a (يحيى Yahya, موسى Musa, مصطفى Mustafa); Egyptian
            # typing also writes a closing ي with it (على for علي), the reading kept first
            others.append(ascii_text(word[:-1] + "\u0627"))
        if (len(word) > 2 and word[-1] == "\u0647" and word[-2] not in _ARABIC_LONG_VOWEL_LETTERS
                and not word.endswith("\u0644\u0644\u0647") and _is_arabic(word[-2])):
            # a closing he after a consonant is the vowel -a or -e the way Persian and much
            # Arabic typing write that ending (جمعه Juma, زاده Zada or Zadeh, فاطمه Fatemeh): an
            # other spelling. (After a long vowel it is a consonant: شاه Shah, وجيه Wajih; and
            # Allah, الله, keeps it.)
            others.append(ascii_text(word[:-1] + "\u0627"))
        if "\u063a" in word:  # foreign names write g as ghain (أوليغ, Oleg; سيرغي, Sergei)
            others.append(ascii_text(word.replace("\u063a", "\u062c")))
        if as_written:
            others.append(ascii_text(as_written))
            others.append(anyascii(as_written))
        if english is not None:
            others.append(english)
        for other in others:
            alt = "".join(_tokens(other.lower()))
            if alt and alt != joined and alt not in alts:
                alts.append(alt)
        arabic = (READ_ARABIC if hebrew or any(_is_arabic(c) for c in word)
                  else READ_CONSONANTS if any(_reads_by_consonants(c) for c in word) else 0)
        res = _Word(tuple(primary), (False,) * len(primary), arabic, tuple(alts), text)
    if len(_WORD_CACHE) >= _WORD_CACHE_MAX:
        _WORD_CACHE.clear()
    _WORD_CACHE[key] = res
    return res


# Consonant letters of the Indic scripts whose last inherent vowel goes unsaid (Devanagari,
# Bengali, Gurmukhi, Gujarati, Oriya), and their nukta (a dot that makes another consonant)
_INDIC_CONSONANTS = ((0x0915, 0x0939), (0x0958, 0x095F), (0x0978, 0x097F), (0x0995, 0x09B9), (0x09DC, 0x09DF),
                     (0x0A15, 0x0A39), (0x0A59, 0x0A5E), (0x0A95, 0x0AB9), (0x0B15, 0x0B39), (0x0B5C, 0x0B5F))
_INDIC_NUKTA = frozenset("\u093c\u09bc\u0a3c\u0abc\u0b3c")
_INDIC_VIRAMA = frozenset("\u094d\u09cd\u0a4d\u0acd\u0b4d")


def _ends_in_inherent_vowel(word: str) -> bool:
    """``word`` ends with an Indic consonant letter, no vowel sign or virama after it, and not
    one closing a cluster (a virama before it): the vowel is said there (नरेन्द्र, Narendra)."""
    k = len(word) - 1
    if word[k] in _INDIC_NUKTA and k > 0:
        k -= 1
    if k > 0 and word[k - 1] in _INDIC_VIRAMA:
        return False
    o = ord(word[k])
    if o < 0x0900 or o > 0x0B7F:
        return False
    for lo, hi in _INDIC_CONSONANTS:
        if lo <= o <= hi:
            return True
    return False


def _hebrew_vowels(word: str) -> str:
    """``word`` with vav and yod read as the vowels they write inside a word (ויקטור, Viktor:
    v-i-k-t-o-r; the consonant reading is v-y-k-t-v-r): a consonant at the start of the word or
    doubled (וו, יי)."""
    out = []
    n = len(word)
    i = 0
    while i < n:
        ch = word[i]
        if ch == "\u05d5" or ch == "\u05d9":
            if i + 1 < n and word[i + 1] == ch:
                out.append("v" if ch == "\u05d5" else "y")
                i += 2
                continue
            out.append(("v" if ch == "\u05d5" else "y") if i == 0 else ("o" if ch == "\u05d5" else "i"))
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def clean_text(text: str) -> str:
    """NFKC, drop invisible characters, unify whitespace, casefold (non-ASCII input only)."""
    text = unicodedata.normalize("NFKC", text).replace("\u060c", ",").replace("\u3001", ",").replace(
        "\u30fb", " ").replace("\u30fc", "")
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat in _INVISIBLE_CATEGORIES:
            continue
        if cat == "Zs":
            out.append(" ")
            continue
        out.append(ch)
    return "".join(out).casefold()


@cython.cfunc
@cython.inline
def _ascii_letter(ch: cython.Py_UCS4) -> cython.bint:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z")


def _ascii_post(low: str) -> str:
    """``_post`` for ASCII text, by a loop over the characters: the look-around expression
    costs most of a microsecond on every name with a dot in it, this a tenth of that."""
    if "." not in low:
        return low
    n: cython.Py_ssize_t = len(low)
    i: cython.Py_ssize_t
    start: cython.Py_ssize_t = 0
    left1: cython.bint
    right1: cython.bint
    pieces: list = []
    for i in range(n):
        if low[i] != ".":
            continue
        left1 = i >= 1 and _ascii_letter(low[i - 1])
        right1 = i + 1 < n and _ascii_letter(low[i + 1])
        if (left1 and i + 2 < n and right1 and _ascii_letter(low[i + 2])) or (
                right1 and left1 and i >= 2 and _ascii_letter(low[i - 2])):
            pieces.append(low[start:i])
            start = i + 1
    if not pieces:
        return low
    pieces.append(low[start:])
    return "".join(pieces)


@cython.ccall
def _legal_flags(toks: tuple) -> tuple:
    """Which tokens are legal forms: the shared all-False tuple when none is (most names), so
    a query's result-cache key adds no fresh tuple for the garbage collector to visit."""
    for t in toks:
        if t in LEGAL_FORMS:
            return tuple([x in LEGAL_FORMS for x in toks])
    return _falses(len(toks))


def n_single(toks: tuple[str, ...]) -> int:
    n = 0
    for t in toks:
        if len(t) == 1:
            n += 1
    return n


def _letter_runs(toks: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """Runs of three or more one-letter tokens read as one word ("K.A.L.A.S.H.N.I.K.O.V.")."""
    out = []
    i = 0
    n = len(toks)
    while i < n:
        if len(toks[i]) == 1:
            j = i
            while j < n and len(toks[j]) == 1:
                j += 1
            if j - i >= 3:
                out.append(("".join(toks[i:j]), i, j))
            i = j
        else:
            i += 1
    return tuple(out)


@cython.cclass
class NormName:
    """A name reduced to comparable tokens (treat as immutable). An extension type when
    compiled: two are made for nearly every query, and a Python class's construction cost
    three times as much."""

    tokens = cython.declare(tuple, visibility="public")
    legal = cython.declare(tuple, visibility="public")
    syllabic = cython.declare(tuple, visibility="public")
    arabic = cython.declare(tuple, visibility="public")
    alts = cython.declare(tuple, visibility="public")
    family_end = cython.declare(object, visibility="public")
    title = cython.declare(tuple, visibility="public")
    key = cython.declare(str, visibility="public")
    plain = cython.declare(object, visibility="public")
    dotted = cython.declare(frozenset, visibility="public")
    raw = cython.declare(str, visibility="public")

    def __init__(self, tokens: tuple[str, ...], legal: tuple[bool, ...], syllabic: tuple[bool, ...],
                 arabic: tuple[bool, ...] = (), alts: tuple[tuple[str, int, int], ...] = (),
                 family_end: int = 0, dotted: frozenset = frozenset(), raw: str = ""):
        self.tokens = tokens
        self.legal = legal  # token is a legal form (llc, jsc, ...)
        self.syllabic = syllabic  # token is one syllable of a Han/Kana/Hangul word
        self.arabic = arabic  # token was written in Arabic script
        if n_single(tokens) >= 3:
            alts = alts + _letter_runs(tokens)
        self.alts = alts  # (other spelling, first token, end token)
        if family_end and _suffixes_after(tokens, family_end):
            family_end = 0  # ("Abdul AZIZ, Jr.", "Sok Chol KIM, Ph.D.": the comma sets a suffix off, not given names)
        self.family_end = family_end  # "SURNAME, Given" person names: tokens before it are the surname
        # titles before the (given) name and suffixes after it (lexicon.py): "Mr", "Sheikh", "Jr."
        self.title = _title_flags(tokens, legal, family_end)
        self.key = " ".join(tokens)
        self.plain = None  # the same name with legal forms as written, if they differ (a NormName)
        self.dotted = dotted  # words written with a closing dot, as abbreviations ("TART.", "FAR.")
        self.raw = raw  # the text as written, when this is its own reading ("" for a reading made from another)

    def __repr__(self) -> str:
        return f"NormName({self.tokens!r}, legal={self.legal!r}, alts={self.alts!r}, family_end={self.family_end})"


_WORD_AS_WRITTEN = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=4096)
def written_as_names(raw: str) -> frozenset:
    """The words of ``raw`` written as names are, a capital and small letters ("Hua", "Kami"),
    when it mixes cases: such a word is a name, not an acronym ("DAS, Hua" is no HUA, an
    acronym of HARAKAT UL-ANSAR). Empty for a name written all in one case."""
    if raw.isupper() or raw.islower():
        return frozenset()
    return frozenset(w.lower() for w in _WORD_AS_WRITTEN.findall(raw)
                     if len(w) >= 2 and w[0].isupper() and w[1:].islower())


BALTIC_ENDINGS = ("as", "is", "us", "ys")


def baltic_stem(t: str) -> str:
    """A name word without the nominative ending Lithuanian and Latvian add to foreign names
    (Putinas, Vladimiras, Dmitrijus; Lavrovs, Sergejs: Putin, Vladimir, Dmitrij, Lavrov, Sergej),
    or "" when it has none. A word the list does not know is read as its stem when the list knows
    that (``joined.split_word``). Four letters at least are left."""
    if len(t) < 5 or t[-1] != "s" or not t.isascii() or not t.isalpha():
        return ""
    if t[-2:] in BALTIC_ENDINGS and t[-3] not in "aeiouy":
        return t[:-2] if len(t) >= 6 else ""
    if t[-2] not in "aeiouys":  # (Latvian -s after a consonant, or after j: Sergejs)
        return t[:-1]
    return ""


# How other languages' press writes Russian, Ukrainian and Belarusian names in Latin letters, as
# the lists' English transliteration writes the same sounds: German (Wladimir Wladimirowitsch),
# Polish (Władimir, Szczerbakow), Dutch (Poetin, Wladimirowitsj), Hungarian (Vlagyimir Putyin).
_CYRILLIC_PRESS = tuple((re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True)))), table) for table in (
    {"tsch": "ch", "sch": "sh", "w": "v", "j": "y", "ch": "kh"},  # German
    {"szcz": "shch", "cz": "ch", "sz": "sh", "rz": "zh", "w": "v", "j": "y", "ch": "kh"},  # Polish
    {"tsj": "ch", "sj": "sh", "oe": "u", "w": "v", "j": "y", "ch": "kh"},  # Dutch
    {"gy": "d", "ty": "t", "ny": "n", "zs": "zh", "cs": "ch", "sz": "s", "j": "y"},  # Hungarian
))


_PRESS_LETTERS = re.compile("|".join(sorted({k for _, table in _CYRILLIC_PRESS for k in table}, key=len, reverse=True)))
_RESPELT: dict = {}  # word -> its readings (a dict, not an LRU wrapper: asked for every word the list lacks)


@cython.ccall
def cyrillic_respellings(t: str) -> tuple:
    """``t`` respelt as the lists' English transliteration of Cyrillic writes what German,
    Polish, Dutch or Hungarian spelling writes (Wladimirowitsch -> vladimirovich, Poetin ->
    putin, Vlagyimir -> vladimir, Szczerbakow -> shcherbakov): each language's reading that
    differs from ``t``, for a word the list does not hold as written. Remembered: such words
    recur (a brand, a made-up word) and the four readings cost microseconds each time."""
    got = _RESPELT.get(t)
    if got is not None:
        return got
    out: list = []
    if _PRESS_LETTERS.search(t) is None:  # (most words: no letter any of the four presses reads otherwise)
        _RESPELT[t] = ()
        return ()
    for pattern, table in _CYRILLIC_PRESS:
        r = _respelt(pattern, table, t)
        if r != t and r not in out:
            out.append(r)
    if len(_RESPELT) >= _WORD_CACHE_MAX:
        _RESPELT.clear()
    res = _RESPELT[t] = tuple(out)
    return res


def _respelt(pattern: re.Pattern, table: dict, t: str) -> str:
    return pattern.sub(lambda m: table[m.group(0)], t)


def opening_as_initials(org: NormName, written: tuple) -> tuple[NormName, str] | None:
    """(the organisation form ``org`` with its opening letters kept as ``written``, what was
    read so), or None. A company name's opening word of two or three letters (or two or three
    single letters, S.C.) that a legal-form table reads -- KK (kabushiki kaisha), NA, AS, SD,
    SCS, KB -- is as often the initials of the name's first words ("KK TRADING CORPORATION" for
    KOREA KWANGSONG TRADING CORPORATION) or a word of the name (the listed KB LINES LTD., IS
    BANK, AO) as a legal form written first, so queries and listed names are read both ways.
    Only when a word of the name that is no legal form follows."""
    if not org.legal or not org.legal[0] or len(org.tokens) < 2:
        return None
    rest = org.tokens[1:]
    for a in (1, 2, 3):
        if len(written) <= a or written[a] != rest[0]:
            continue
        head = written[:a]
        if a == 1:
            ok = 2 <= len(head[0]) <= 3 and head[0].isalpha()
        else:
            ok = all(len(t) == 1 and t.isalpha() for t in head)
        if not ok:
            return None
        if not any(not lg and len(t) >= 2 for t, lg in zip(rest, org.legal[1:], strict=True)):
            return None
        f = (False,) * a
        n = a + len(rest)
        nf = (False,) * n
        reading = NormName(head + rest, f + org.legal[1:], nf, nf)
        said = head[0].upper() if a == 1 else "".join(f"{t.upper()}." for t in head)
        return reading, f"{said} read as initials, not a legal form"
    return None


_NO_FLAGS: tuple[tuple[bool, ...], ...] = tuple((False,) * n for n in range(64))


@cython.cfunc
def _suffixes_after(toks: tuple, fe: cython.Py_ssize_t) -> cython.bint:
    """Every word after the comma at ``fe`` is a name suffix (Jr., III, Ph.D.)."""
    n: cython.Py_ssize_t = len(toks)
    return 0 < fe < n and toks[n - 1] in SUFFIX_LAST and len(suffix_flags(toks, None, fe)) == n - fe


@cython.cfunc
def _title_flags(toks: tuple, legal: tuple, family_end: object) -> tuple:
    """Which tokens are titles or name suffixes (``lexicon.title_flags``/``suffix_flags``):
    none in a name with a legal form (a company), the shared all-False tuple when none is."""
    n = len(toks)
    if n < 2:
        return _falses(n)
    if True in legal:
        return _falses(n)
    fe: int = family_end if family_end else 0
    if not (toks[0] in TITLE_FIRST or toks[n - 1] in SUFFIX_LAST or (0 < fe < n and toks[fe] in TITLE_FIRST)):
        return _falses(n)
    pos = title_flags(toks, 0) if fe == 0 else title_flags(toks, fe) if fe < n - 1 else []
    pos += suffix_flags(toks, None, max(2, fe + 1) if fe else 2)
    if not pos:
        return _falses(n)
    flags = [False] * n
    for i in pos:
        flags[i] = True
    return tuple(flags)


def _falses(n: int) -> tuple[bool, ...]:
    return _NO_FLAGS[n] if n < 64 else (False,) * n


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WORDS_AND_COMMAS = re.compile(r"(\s+|,)")


def _ascii_control_clean(text: str) -> str:
    return text if text.isprintable() else _CONTROL.sub(" ", text)


# (text, result) of the last call: normalize_both asks twice in a row. One tuple, replaced
# whole, so threads never see a text with another text's result.
_LAST_CLEANED: tuple = ("", ("", False))


_ABD_AL_APART = re.compile("(?<!\\S)\u0639\u0628\u062f \u0627\u0644(?!\u0644\u0647(?:\\s|$))")  # (not Abd Allah)


def _cleaned(text: str) -> tuple[str, bool]:
    """Non-ASCII ``text`` cleaned, with homoglyphs folded (so that a legal form written with
    look-alikes is still one), and whether it has Latin words (the context for homoglyphs)."""
    global _LAST_CLEANED
    last = _LAST_CLEANED
    if last[0] == text:
        return last[1]
    low = clean_text(text)
    if "'" in low or "\u05f3" in low or "\u2019" in low:
        # a geresh makes the letters Hebrew lacks (ג' j, ח' kh, ע' gh ...: names from Arabic
        # and Russian), before apostrophes go
        low = _HEBREW_GERESH.sub(_geresh_letter, low)
    low = _pre(low)
    if "\u0639\u0628\u062f \u0627\u0644" in low:
        # "Abd al-" written apart from the name it joins (عبد القادر) is read as one word, the
        # way the Latin lists write it (ABDELKADER) and as when written together (عبدالقادر)
        low = _ABD_AL_APART.sub("\u0639\u0628\u062f\u0627\u0644", low)
    raw_words = low.split()
    latin_context = False
    for w in raw_words:
        if w.isascii() and any(ch.isalpha() for ch in w):
            latin_context = True
            break
    folded_any = False
    for k, w in enumerate(raw_words):
        if not w.isascii():
            f = _fold_homoglyphs(w, latin_context)
            if f is not None:
                raw_words[k] = f
                folded_any = True
    if folded_any:
        low = " ".join(raw_words)
    res = (low, latin_context)
    _LAST_CLEANED = (text, res)
    return res


_NO_DOTS: frozenset = frozenset()
_ABBREVIATED_WORD = re.compile(r"(?<![\w.])([^\W\d_]{3,12})\.(?![^\W\d_])")


def _dotted_words(low: str) -> frozenset:
    """The words of ``low`` written with a closing dot, as abbreviations ("tart. port", "far.
    ltd"): three letters or more, not a dotted run of initials (s.a.r.l.)."""
    if "." not in low:
        return _NO_DOTS
    found = _ABBREVIATED_WORD.findall(low)
    return frozenset(found) if found else _NO_DOTS


def normalize_name(text: str, org_forms: bool = True) -> NormName:
    """Normalise ``text`` to tokens. ``org_forms`` rewrites legal forms (not for person names)."""
    if text.isascii():
        raw = _ascii_control_clean(text).lower()
        low = _ascii_pre(raw)
        if org_forms:
            low = rewrite_legal_forms(low, raw)
        low = _ascii_post(low)
        toks = tuple(_ascii_tokens(low))
        n = len(toks)
        family_end = 0
        if not org_forms:
            comma = low.find(",")
            if comma > 0:
                family_end = len(_tokens(low[:comma]))
        legal = _legal_flags(toks) if org_forms else _falses(n)
        f = _falses(n)
        return NormName(toks, legal, f, f, (), family_end, _dotted_words(raw), text)
    han_foreign = _HAN_NAME_DOTS.search(text) is not None
    if han_foreign:
        # (the dot between the parts of a foreign name written in Chinese: 谢尔盖·拉夫罗夫)
        text = _HAN_NAME_DOTS.sub(" ", text)
    low, latin_context = _cleaned(text)
    if org_forms:
        low = rewrite_legal_forms(low)
    low = _post(low)
    # Split into words on whitespace, keeping where a comma fell.
    chunks = _WORDS_AND_COMMAS.split(low)
    words = [c for c in chunks if c and not c.isspace()]
    toks: list[str] = []
    syl: list[bool] = []
    arab: list[bool] = []
    alts: list[tuple[str, int, int]] = []
    texts: list[str] = []
    family_end = 0
    converted = False
    for w in words:
        if w == ",":
            if family_end == 0 and toks:
                family_end = len(toks)
            texts.append(",")
            continue
        if w.isascii():
            wt = _tokens(w)
            toks.extend(wt)
            syl.extend(_falses(len(wt)))
            arab.extend(_falses(len(wt)))
            texts.append(w)
            continue
        cw = _convert_word(w, latin_context)
        if han_foreign and len(cw.tokens) >= 2 and all(cw.syllabic) and not cw.arabic:
            cw = _han_foreign_word(cw)
        converted = True
        start = len(toks)
        toks.extend(cw.tokens)
        syl.extend(cw.syllabic)
        arab.extend((cw.arabic,) * len(cw.tokens))
        texts.append(cw.text)
        if cw.tokens:
            for a in cw.alts:
                alts.append((a, start, len(toks)))
            for k, others in enumerate(cw.token_alts):
                for a in others:
                    alts.append((a, start + k, start + k + 1))
    if converted and "allh" in toks:
        _allah_joined(toks, arab, alts)
    if converted and "al" in toks:
        _article_compound_joined(toks, arab, alts)
    if converted and len(toks) > 1:
        _closing_h_joined(toks, arab, alts)
    if org_forms and converted and toks and not all(syl):
        # Legal forms that only appear once transliterated ("ооо" -> "ooo", "س.ا." -> "s.a.").
        joined = " ".join(texts)
        replaced = rewrite_legal_forms(joined)
        if replaced != joined:
            new = _tokens(_post(replaced))
            if new != toks:
                toks, syl, arab, alts = _remap(toks, new, syl, arab, alts)
    n = len(toks)
    if org_forms:
        family_end = 0
    toks = tuple(toks)
    legal = _legal_flags(toks) if org_forms else _falses(n)
    return NormName(toks, legal, tuple(syl), tuple(arab), tuple(alts), family_end, _dotted_words(low), text)


def _unread(read: str) -> bool:
    """rigour's reading of a word is mostly "?": its script has no reading to Latin there."""
    return read.count("?") * 2 > len(read)


def unreadable_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` that hold letters but have no proper reading to Latin here: written
    in a script rigour does not transliterate (Khmer, Sinhala, Lao, Tibetan ...). The matcher
    compares such a word by anyascii's letter-by-letter reading, a rough guess at an abugida's
    vowels, so a miss says little; screening holds the party rather than release it on that
    guess (fail closed)."""
    if text.isascii():
        return ()
    out = []
    for word in text.split():
        if word.isascii() or _first_letter(word) is None:
            continue
        if _unread(ascii_text(word)) or not normalize_name(word, org_forms=False).tokens:
            out.append(word)
    return tuple(out)


def script_of(word: str) -> str:
    """The script of a word's first letter, as Unicode names it ("KHMER", "SINHALA")."""
    c = _first_letter(word)
    return "UNKNOWN" if c is None else unicodedata.name(c, "UNKNOWN").split(" ")[0]


def _first_letter(word: str) -> str | None:
    for c in word:
        if unicodedata.category(c)[0] == "L":
            return c
    return None


def _joined_to_word_before(toks: list[str], alts: list[tuple[str, int, int]], k: int, end: str, stop: int) -> None:
    """Tokens ``k - 1`` to ``stop`` read as one word, the one before ``k`` (as written, and as
    each of its other spellings) followed by ``end``: another spelling of them all."""
    alts.append((toks[k - 1] + end, k - 1, stop))
    for a, s, e in list(alts):
        if s == k - 1 and e == k:
            alts.append((a + end, k - 1, stop))


def _allah_joined(toks: list[str], arab: list[bool], alts: list[tuple[str, int, int]]) -> None:
    """A name ending in Allah written apart (فیض الله, عزت الله) is one word in the Latin lists
    (Faizullah, Ezatullah, Abdullah): the two read as one are another spelling."""
    for k in range(1, len(toks)):
        if toks[k] == "allh" and arab[k] and arab[k - 1]:
            _joined_to_word_before(toks, alts, k, "allh", k + 1)


def _closing_h_joined(toks: list[str], arab: list[bool], alts: list[tuple[str, int, int]]) -> None:
    """A word whose closing he or ta marbuta may be read -a or -h (زاده, "zadh" or "zada";
    ة is read -a first) takes the other reading too when it is read as one with the word
    before it, as the Latin lists write such names joined: Kakazada, Akbarzadeh (کاکا زاده,
    اکبر زاده)."""
    for k in range(len(toks) - 1, 0, -1):
        t = toks[k]
        if not (arab[k] and arab[k - 1] and len(t) > 2):
            continue
        other = t[:-1] + ("h" if t[-1] == "a" else "a" if t[-1] == "h" else "")
        if other != t[:-1] and (other, k, k + 1) in alts:
            alts.append((toks[k - 1] + other, k - 1, k + 1))


# The second words of the compound names "X al-Din" and "X al-Rahman" (جلال الدين, عزيز الرحمن),
# as the Arabic reading spells them.
_ARTICLE_COMPOUND_ENDS = frozenset({"dyn", "rhman", "rhmn"})


def _article_compound_joined(toks: list[str], arab: list[bool], alts: list[tuple[str, int, int]]) -> None:
    """A compound name written apart (جلال الدين, نور الدين, عزيز الرحمن) is one word in the
    Latin lists, its article said as the sun letter after it: Jalaluddin, Nooruddin,
    Azizurrahman. The first word and the last read as one (the article left out, as the
    consonants of those spellings have it) are another spelling of the three."""
    for k in range(1, len(toks) - 1):
        if toks[k] == "al" and toks[k + 1] in _ARTICLE_COMPOUND_ENDS and arab[k - 1] and arab[k + 1]:
            _joined_to_word_before(toks, alts, k, toks[k + 1], k + 2)


def _remap(old: list[str], new: list[str], syl: list[bool], arab: list[bool],
           alts: list[tuple[str, int, int]]) -> tuple[list[str], list[bool], list[bool], list[tuple[str, int, int]]]:
    """Carry per-token flags and alternative spellings over a legal-form replacement."""
    pos: dict[int, int] = {}
    sm = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, _j2 in sm.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                pos[i1 + k] = j1 + k
    nsyl = [False] * len(new)
    narab = [False] * len(new)
    for i, j in pos.items():
        nsyl[j] = syl[i]
        narab[j] = arab[i]
    nalts = []
    for text, s, e in alts:
        if all(k in pos for k in range(s, e)) and pos[e - 1] - pos[s] == e - 1 - s:
            nalts.append((text, pos[s], pos[e - 1] + 1))
    return new, nsyl, narab, nalts


_APOSTROPHE_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)+")


def _apostrophe_word(toks: tuple, raw: str) -> bool:
    """One of ``toks`` was written with an apostrophe in ``raw`` (Sa'd, Ka'bi)."""
    written = {w.replace("'", "") for w in _APOSTROPHE_WORD.findall(raw)}
    return not written.isdisjoint(toks)


def normalize_both(text: str) -> tuple[NormName, NormName]:
    """(organisation form, person form) of a query whose type is unknown; the same object twice
    when no legal form was rewritten (the usual case), so callers can skip the second. ("Kolosov
    B.V." must stay a person with initials for person names, even if B.V. is a Dutch company.)
    A query's "SURNAME, Given" comma is kept as ``family_end`` (where its given names start)."""
    if text.isascii():
        raw = _ascii_control_clean(text).lower()
        low = _ascii_pre(raw)
        org_low = rewrite_legal_forms(low, raw)
        if org_low == low:
            toks = tuple(_ascii_tokens(_ascii_post(low)))
            f = _falses(len(toks))
            legal = _legal_flags(toks)
            # "SURNAME, Given": where the given names start (read for person names only)
            fe = _family_end(low) if "," in low and legal is f else 0
            org = NormName(toks, legal, f, f, (), fe, _dotted_words(raw), text)
            return org, org
        otoks = tuple(_ascii_tokens(_ascii_post(org_low)))
        plow = _ascii_post(low)
        ptoks = tuple(_ascii_tokens(plow))
        n = len(otoks)
        f = _falses(n)
        dotted = _dotted_words(raw)
        org = NormName(otoks, _legal_flags(otoks), f, f, (), 0, dotted, text)
        # A legal form at either end of the name ("OOO Romashka", "Romashka GmbH") leaves the
        # person form nothing to protect, unless it was written like initials or a short name
        # part ("Kolosov B.V.", "Hua Shi Yu") or the name is written "SURNAME, Given" (a
        # person's convention: "SAD, Isam Ahmad" is not a Sociedad Anonima Deportiva); a
        # rewrite inside the name ("Paek Se Bong") always needs it.
        k = 0
        m = min(n, len(ptoks))
        while k < m and otoks[k] == ptoks[k]:
            k += 1
        j = 0
        while j < m - k and otoks[-1 - j] == ptoks[-1 - j]:
            j += 1
        changed = ptoks[k:len(ptoks) - j]
        pf = _falses(len(ptoks))
        person = NormName(ptoks, pf, pf, pf, (), _family_end(low) if "," in low else 0, dotted, text)
        org.plain = person
        if (k == 0 or j == 0) and "," not in low:
            for t in changed:
                if len(t) == 1 or len(t) == 2 and t != "co" or t in ROMAN_NUMERALS:  # (III: a person's suffix too)
                    return org, person
            if "'" in raw and _apostrophe_word(changed, raw):
                return org, person  # (no legal form is written with an apostrophe: Sa'd is Saad, not S.A.D.)
            return org, org
        return org, person
    return normalize_name(text, org_forms=True), normalize_name(text, org_forms=False)


def _family_end(low: str) -> int:
    """Tokens before the first comma of an ASCII name ("KHAYRBIK, Muhammad" -> 1)."""
    comma = low.find(",")
    if comma <= 0:
        return 0
    return len(_ascii_tokens(_ascii_post(low[:comma])))


def is_patronymic(token: str) -> bool:
    return len(token) > 5 and token.endswith(_PATRONYMIC_ENDINGS)


_ARABIC_MAP = str.maketrans({"v": "f", "p": "b", "q": "k", "g": "j", "x": "ks"})
_ARABIC_C = re.compile(r"c(?=[eiy])")
_ARABIC_DROP = re.compile(r"[aeiouyw]+")
_DIGRAPH_H = re.compile(r"(?<=[skgtdzj])h(?=h)")


_LEADING_VOWELS = re.compile(r"^[aeiou]+[yw]?")  # (Arabic spells an opening i "ay": Irina, إيرينا)
_ARABIC_LONG = str.maketrans({"i": "y", "o": "w", "u": "w"})
_ARABIC_SHORT = re.compile(r"[ae]+")


def _arabic_letters(token: str) -> str:
    """A Latin word with the letters Arabic lacks folded (v->f, p->b, g->j, q->k, x->ks, as
    Arabic writes Alexander الكسندر; c->s before e/i/y else k, French dj -> j), as both Arabic
    keys read it."""
    return _ARABIC_C.sub("s", token.replace("dj", "j")).replace("c", "k").translate(_ARABIC_MAP)


def french_spelling(token: str) -> str:
    """``token`` read as French spells Arabic and Berber names: "ch" is sh (Chérif, شريف) and a
    "c" that lost its cedilla is s (Fayçal, فيصل), where ``arabic_key`` reads k."""
    return token.replace("ch", "sh").replace("c", "s")


def arabic_vowel_key(token: str) -> str:
    """``arabic_key`` keeping the long vowels Arabic writes (i -> y, o/u -> w; a, e and an
    opening vowel dropped): it tells apart the many names whose two consonants are all
    ``arabic_key`` keeps (Aziz and عزيز give ``zyz``, Ali and علي ``ly``, Rabi and ربيع ``rby``)."""
    s = _LEADING_VOWELS.sub("", collapse_doubles(_arabic_letters(token)))
    return collapse_doubles(_ARABIC_SHORT.sub("", s).translate(_ARABIC_LONG))


def arabic_key(token: str) -> str:
    """What survives of a Latin name written in Arabic script and read back: consonants only,
    the letters Arabic lacks folded (v->f, p->b, g->j, q->k, x->ks, c->s before e/i/y else k), w and y
    dropped (they double as long vowels), doubled letters collapsed. Muhammad, Mohammed and
    محمد all give ``mhmd``; Aziz and عزيز ``zz``. French spelling writes ج dj (Djouadi, Djamel)."""
    s = _arabic_letters(token)
    # doubles first: a doubled letter is written once in Arabic, but two like consonants around
    # a long vowel are two letters (Aziz, عزيز: zz, not z)
    s = _ARABIC_DROP.sub("", collapse_doubles(s))
    return s


def arabic_key_digraph_h(token: str) -> str:
    """``arabic_key`` of a word read from Arabic script where a letter written as two (sh kh gh
    th dh zh) stands before an h, with that h kept: شهاب reads "shhab", Shahab ("shhb", where
    ``arabic_key`` collapses the two h to "shb", as it must for ظاهر, "dhahr", Dahir). "" when
    the word has no such pair."""
    s = _arabic_letters(token)
    if "hh" not in s:
        return ""
    s = _DIGRAPH_H.sub("H", s)
    return _ARABIC_DROP.sub("", collapse_doubles(s)).replace("H", "h")
