"""The name inside a party field that carries more than a name.

Order and payment systems put more than the party's name in the name field: a label ("BENEFICIARY:",
"FIELD 59:", "M/S"), a vessel prefix and port ("MV SIAM ORCHID 7, Bangkok"), a branch or an address
after the name ("... Ltd, Sukkur Branch", "... Inc, 12250 Brevard Ln"), a note in brackets ("(Marshall
Islands flag)") or another name of the same party ("Ocean Pioneer (ex-Cape Diamond)", "X a.k.a. Y").
Matched whole, the extra words cost the listed name its score. ``name_parts`` gives the names such a
field holds, each with what was set aside; the engine scores each of them too and keeps the best
score per listed entry, so the parts can only add hits (they never hide one the whole field makes).

Commas are read with care: in "SURNAME, Given" the comma is the name's own. Only a first part that
is a company (ends in a legal form) or a vessel (starts with a vessel prefix) is taken without what
follows its comma.
"""

from __future__ import annotations

import re

import cython

from screener.matching.normalize import LEGAL_FORMS, normalize_name
from screener.matching.weights import GENERIC_BUSINESS_WORDS_ANY_LANGUAGE

# Words for another name of the same party, before it: "(ex-Cape Diamond)", "f/k/a", "d/b/a" ...
_OTHER_NAME = (r"ex|formerly|former(?:ly)?\s+known\s+as|previously\s+known\s+as|now\s+known\s+as"
               r"|[fan]/?k/?a|[fan]\.\s?k\.\s?a\.?|also\s+known\s+as"
               r"|d/?b/?a|d\.\s?b\.\s?a\.?|doing\s+business\s+as|trading\s+as|t/a|previously|renamed(?:\s+from)?")
_OTHER_NAME_IN_BRACKETS = re.compile(r"^\s*(?:" + _OTHER_NAME + r")(?:[\s.:\-]+)(\S.*)$", re.IGNORECASE)
# Several former names in one pair of brackets: "(ex Mandvi Bay, ex Wanshan Pearl)".
_NEXT_OTHER_NAME = re.compile(r"\s*[,;]\s*(?=(?:" + _OTHER_NAME + r")[\s.:\-])", re.IGNORECASE)
# When the name was another: a year after a comma or a word for when ("ex-Lindos Harrier until
# 2019", "ex Warri Osprey, 2020", "ex Bonny Trader 1999-2006"). Not a number alone, which may be
# the name's own (ex WARTA 7, ex LMT 22).
_WHEN = re.compile(r"(?:\s*,\s*|\s+(?:until|till|to|from|since|in|before|after|circa|c\.|-))\s*"
                   r"(?:19|20)\d\d(?:\s*[-/]\s*(?:(?:19|20)\d\d|\d\d))?\s*$", re.IGNORECASE)
# Words between two names of one party written without brackets: "X a.k.a. Y", and before another
# party in the field: "John Smith c/o ACME Ltd". One list each, for the quick look
# (``name_parts``) and the split (``_pieces``) alike. "ex" has a look of its own (``_EX_INLINE``).
_INLINE_MARKERS = ("f/k/a", "fka", "f.k.a.", "f.k.a", "a/k/a", "a.k.a.", "a.k.a", "aka", "n/k/a", "nka", "n.k.a.",
                   "also known as", "d/b/a", "dba", "d.b.a.", "doing business as", "formerly known as",
                   "previously known as", "now known as", "formerly", "trading as")
# A vessel's former name after its name without brackets: "Kalliopi Dawn ex Orion Tanager",
# "Qamar Al Khaleej ex-Rimal Star". "ex" is a word of some names, so only between two words of two
# letters or more (not "EX-35011", an aircraft's tail number, nor "Ex Libris").
_EX_INLINE = re.compile(r"(?<=[^\W\d_]{2})\s+ex(?:\s*-\s*|\.\s*|\s+)(?=[^\W\d_]{2})", re.IGNORECASE)
_CARE_OF_MARKERS = ("c/o", "care of", "attn:", "attn.", "attn", "attention:", "attention")


def _marker_split(markers: tuple[str, ...]) -> re.Pattern:
    words = sorted(markers, key=len, reverse=True)  # (longest first: "formerly known as" before "formerly")
    return re.compile(r"\s+(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\s+",
                      re.IGNORECASE)


_OTHER_NAME_INLINE = _marker_split(_INLINE_MARKERS)
_CARE_OF = _marker_split(_CARE_OF_MARKERS)
_BRACKETS = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*")
# A label before a colon: one or two words and perhaps a field number ("BENEFICIARY:", "FIELD 59:",
# "Ship to:", "Attn:") -- not a colon inside a name ("3:16 Ministries" has no letters before it).
_LABEL = re.compile(r"^\s*([^\W\d_][^\W\d_.'-]*(?:\s+[^\W\d_][^\W\d_.'-]*)?(?:\s*\d{1,3}[a-z]?)?)\s*:\s*(\S.*)$",
                    re.IGNORECASE)
# A prefix that says what the party is, not who: a vessel's (MV, MT, M/V ...) or "M/S" (Messrs).
# (and the prefixes of a motor tanker, a fishing vessel, a motor yacht: MTS, F/V, FV, MFV, M/Y;
# read in a listed name only when the entry is a vessel: MTS BANK and FV HOLDINGS keep theirs)
_VESSEL = r"m[/.]?\s?[vt]\.?|mts\.?|m?f/?v\.?|m/y\.?"
_PREFIX = re.compile(r"^\s*(?:" + _VESSEL + r"|m/s\.?|messrs\.?|s\.?s\.)\s+(?=\S)", re.IGNORECASE)
_FIRST_PREFIX = re.compile(r"^\s*(?:m[/.]?\s?[vt]\.?|m/s\.?|messrs\.?|s\.?s\.)\s+(?=\S)", re.IGNORECASE)
_VESSEL_PREFIX = re.compile(r"^\s*(?:" + _VESSEL + r")\s+(?=\S)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
_PREFIXES = ("mv ", "mt ", "m/v", "m/t", "m.v", "m.t", "m/s", "messrs", "s.s.", "mts ", "mts.", "fv ", "fv.", "f/v",
             "mfv", "m/y")


def prefix_words(name: str, vessel: bool = False) -> int:
    """How many words open ``name`` with a prefix that says what the party is, not who (a
    vessel's MV, M/T ...; M/S, Messrs; for a vessel also MTS, F/V, FV, MFV, M/Y), when a word
    follows; 0 when none."""
    m = (_PREFIX if vessel else _FIRST_PREFIX).match(name)
    return 0 if m is None else len(_WORD.findall(m.group(0)))


_ONE_BRACKET = re.compile(r"([^()]*)\(([^()]*)\)([^()]*)")


def bracketed_words(name: str, n: int) -> tuple[int, int] | None:
    """Which of the ``n`` words of a company's name (as ``normalize_name`` reads it) are its one
    part in brackets, as (start, end), when a word comes before it; None when it has none, more
    than one, or reading the parts apart does not give the same words."""
    m = _ONE_BRACKET.fullmatch(name)
    if m is None:
        return None
    before = len(normalize_name(m.group(1), org_forms=True).tokens)
    inside = len(normalize_name(m.group(2), org_forms=True).tokens)
    after = len(normalize_name(m.group(3), org_forms=True).tokens) if m.group(3).strip() else 0
    if before == 0 or inside == 0 or before + inside + after != n:
        return None
    return before, before + inside


# What a field that is more than a name has in it (plain names are told by these look-ups alone).
_INSIDE_TOKENS = frozenset(m for m in _INLINE_MARKERS + _CARE_OF_MARKERS if " " not in m)
_INSIDE_PHRASES = tuple(f" {m} " for m in _INLINE_MARKERS + _CARE_OF_MARKERS if " " in m)


@cython.ccall
def _has_marker(low: str) -> bool:
    if not _INSIDE_TOKENS.isdisjoint(low.split()):
        return True
    if (" ex " in low or " ex-" in low or " ex." in low) and _EX_INLINE.search(low) is not None:
        return True
    if " as " in low or " of " in low:  # (every phrase has one: most names are answered here)
        for p in _INSIDE_PHRASES:
            if p in low:
                return True
    return False


# Legal forms as the field writes them, which normalisation rewrites to LEGAL_FORMS' words.
_LEGAL_ENDINGS = frozenset({"llc", "gmbh", "ag", "sa", "srl", "bv", "nv", "plc", "oy", "oyj", "as", "asa",
                            "spa", "sarl", "sas", "kft", "zrt", "doo", "ooo", "oao", "zao", "pao", "tov",
                            "fze", "jsc", "ojsc", "cjsc", "pjsc"})


# A branch after the name without a comma, its place before it: "DAY EXCHANGE COMPANY TEHRAN
# BRANCH", "Bank Melli Iran Hamburg Filiale" (with a comma, the comma rule reads it).
_BRANCH_WORDS = ("branch", "branch office", "filiale", "niederlassung", "zweigniederlassung", "sucursal",
                 "succursale", "filial")
_BRANCH_ENDING = re.compile(r"\s+(?:" + "|".join(w.replace(" ", r"\s+") for w in _BRANCH_WORDS) + r")\.?\s*$",
                            re.IGNORECASE)


def _branch_ending(low: str) -> bool:
    return low.rstrip(" .").endswith(_BRANCH_WORDS)


def name_parts(name: str) -> list[tuple[str, str]]:
    """``(part, what was set aside)`` for each name the field holds besides the whole of it;
    empty for a plain name (the usual case, answered without a regular expression)."""
    if not ("(" in name or ":" in name or "[" in name or "/" in name):
        low = name.lower()
        head, comma, tail = low.partition(",")
        if not (low.lstrip().startswith(_PREFIXES) or comma and _ends_in_legal_form(head) and not _only_legal(tail)
                or _has_marker(low) or _branch_ending(low)):
            return []
    out: dict[str, str] = {}

    def add(part: str, why: str) -> None:
        part = part.strip(" ,;:-")
        if part and part != name.strip() and _WORD.search(part) and part not in out:
            out[part] = why

    for piece, why in _pieces(name):
        add(piece, why)
        # each piece can carry its own prefix or comma tail: "BENEFICIARY: MV X, Port Y"
        for sub, sub_why in _pieces(piece):
            add(sub, f"{why}; {sub_why}" if why else sub_why)
    return list(out.items())


# Two- and three-letter words that are names or particles, not initials run together.
_SHORT_NAME_WORDS = frozenset("""
al el ul ad ab bu de di da du do le la li lu lo wu yu xu hu ho an ba bo mo ma ai ou oh om ka ki ko ku
ng ly vo vu to tu ha he ye yi ah ay ny my na ne ni no ri ra ro ru sa se si so su ta te ti ja jo ju
ge go gu bi be fa fu ga pa pe po ca co ce mi me mu va ve vi wa we wo za zi zu ya yo ur us um im in is
""".split())
_NOT_INITIALS = frozenset({"ng", "mr", "mrs", "dr", "st", "jr", "sr", "snr", "jnr", "hj", "hr", "fr", "pr"})
_COMPANY_WORDS = LEGAL_FORMS | GENERIC_BUSINESS_WORDS_ANY_LANGUAGE | _LEGAL_ENDINGS
_EDGE_PUNCTUATION = ",;:()[]\"/"


def initials_reading(name: str) -> tuple[str, str] | None:
    """``(the name with its undotted initials spelt out, what was read so)``, or None: "JC
    Juncker" -> "J. C. Juncker", "MN Khayrbik" -> "M. N. Khayrbik". A word of two or three
    letters is read as initials when it has no vowel ("MN", "JC"; not "Ng"), or when it is two
    capitals in a name written in mixed case ("AA Ahmadian"; not a name or particle of two
    letters: "LI Wei", "AL Rashid"). Only beside a word of three letters or more, and in a name
    that may be a person's: without a number, a legal form or a business word. (A plain scan of
    the words: it runs once for every new name.)"""
    if not name.isascii() or len(name) > 120:
        return None
    pieces = name.split()
    # (most names have no word this short: answered without looking at their letters)
    short = False
    for p in pieces:
        if 2 <= len(p) <= 5:
            short = True
            break
    if not short or _has_digit(name):
        return None  # (a name with a number is a vessel's or a company's)
    cores = [p.strip(_EDGE_PUNCTUATION) for p in pieces]
    short = False
    for c in cores:
        if 2 <= len(c) <= 3 and c.isalpha():
            short = True
            break
    if not short:
        return None
    mixed = name.upper() != name and name.lower() != name  # (ASCII: a small letter and a capital)
    read: list[int] = []
    for k, w in enumerate(cores):
        if not (2 <= len(w) <= 3 and w.isalpha()):
            continue
        low = w.lower()
        if low in _NOT_INITIALS:
            continue
        if not any(c in "aeiouy" for c in low) or (len(w) == 2 and w.isupper() and mixed
                                                    and low not in _SHORT_NAME_WORDS):
            read.append(k)
    if not read or not any(len(w) >= 3 for k, w in enumerate(cores) if k not in read):
        return None
    every = {w.lower() for w in _WORD.findall(name)}
    if not every.isdisjoint(_COMPANY_WORDS):
        return None  # (a company's acronym is read by the engine itself: "BMW Group", "JSC Rosneft")
    out = list(pieces)
    for k in read:
        out[k] = pieces[k].replace(cores[k], " ".join(f"{c.upper()}." for c in cores[k]), 1)
    return " ".join(out), f"{', '.join(dict.fromkeys(cores[k] for k in read))} read as initials"


_CAPITALISED_PREFIXES = frozenset({"Mc", "Mac", "Fitz"})  # McDonald, MacArthur: one name
_MIXED_CASE_LEGAL = _LEGAL_ENDINGS | LEGAL_FORMS | {"mbh", "kgaa", "gmbhco", "ohg", "bvba", "sprl", "scrl", "ehf"}


@cython.cfunc
def _small_then_capital(name: str) -> cython.bint:
    """A small ASCII letter followed by a capital (the quick look: most names have none; a
    loop over the characters, a tenth of a regular expression's search)."""
    k: cython.Py_ssize_t
    a: cython.Py_UCS4
    b: cython.Py_UCS4
    for k in range(1, len(name)):
        a = name[k - 1]
        b = name[k]
        if "a" <= a <= "z" and "A" <= b <= "Z":
            return True
    return False


@cython.cfunc
def _has_digit(name: str) -> cython.bint:
    """An ASCII digit in ``name`` (a loop, as above)."""
    c: cython.Py_UCS4
    for c in name:
        if "0" <= c <= "9":
            return True
    return False


def camel_reading(name: str) -> tuple[str, str] | None:
    """``(the name with words written together split where a capital follows a small letter,
    what was split)``, or None: "XiaohongMa" -> "Xiaohong Ma", "TomMichielsen" -> "Tom
    Michielsen" (a capital inside a word starts another word more often than not; McDonald and
    MacArthur are one name, and every name is still scored as written too)."""
    if not name.isascii() or len(name) > 120 or not _small_then_capital(name):
        return None
    out: list[str] = []
    split: list[str] = []
    for piece in name.split():
        if piece.strip(_EDGE_PUNCTUATION + ".&").lower() in _MIXED_CASE_LEGAL:
            out.append(piece)  # (GmbH, SpA, KGaA are one word)
            continue
        cut: list[int] = []
        start = 0
        for k in range(2, len(piece)):
            if piece[k].isupper() and piece[k - 1].islower() and k - start >= 2 \
                    and piece[start:k] not in _CAPITALISED_PREFIXES:
                cut.append(k)
                start = k
        if cut:
            split.append(piece)
            bounds = [0, *cut, len(piece)]
            piece = " ".join(piece[a:b] for a, b in zip(bounds, bounds[1:], strict=False))
        out.append(piece)
    if not split:
        return None
    return " ".join(out), f"{', '.join(split)} read as words written together"


def _pieces(name: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    m = _LABEL.match(name) if ":" in name else None
    if m is not None:
        out.append((m.group(2), f"label '{m.group(1)}:' set aside"))
        name = m.group(2)
    m = _PREFIX.match(name) if name.lower().lstrip().startswith(_PREFIXES) else None
    if m is not None:
        out.append((name[m.end():], f"prefix '{m.group(0).strip()}' set aside"))
    inside = _has_marker(name.lower())
    for sep in (_CARE_OF, _OTHER_NAME_INLINE):
        if not inside:
            break
        parts = sep.split(name)
        if len(parts) == 2:
            # (a party after c/o is another party: never another name of a listed one, ``other_names``)
            said = "another party" if sep is _CARE_OF else "another name"
            out.append((parts[0], f"'{parts[1].strip(' ,;')}' read as {said} in the field"))
            out.append((_when_set_aside(parts[1]), f"'{parts[0].strip(' ,;')}' read as {said} in the field"))
    if inside and " ex" in name.lower():
        parts = _EX_INLINE.split(name)
        if len(parts) >= 2:
            for k, part in enumerate(parts):
                others = " ex ".join(p.strip() for i, p in enumerate(parts) if i != k)
                out.append((_when_set_aside(part), f"'ex {others}' read as another name of the party"
                            if k == 0 else f"'{parts[0].strip()}' read as the party's name now"))
    if "(" in name or "[" in name:
        rest = _BRACKETS.sub(" ", name).strip()
        notes = _BRACKETS.findall(name)
        for note in notes:
            for one in _NEXT_OTHER_NAME.split(note):
                other = _OTHER_NAME_IN_BRACKETS.match(one)
                if other is not None:
                    out.append((_when_set_aside(other.group(1)), f"another name of the party: '{note.strip()}'"))
        if rest and not _only_legal(rest):
            out.append((rest, "in brackets, set aside: " + ", ".join(f"'({n.strip()})'" for n in notes)))
    if "," in name:
        head, _, tail = name.partition(",")
        if head.count("(") == head.count(")") and _company_or_vessel(head) and not _only_legal(tail):
            out.append((head, f"after the name, set aside: '{tail.strip()}'"))
    m = _BRANCH_ENDING.search(name) if _branch_ending(name.lower()) else None
    if m is not None:
        # the place is one word or two (TEHRAN, KUALA LUMPUR): both readings are tried
        words = name[:m.start()].split()
        for k in (1, 2):
            rest = " ".join(words[:-k])
            # (a legal form is the name's, never the place's: KPSK, OOO CRIMEA BRANCH)
            if len(words) > k and not _only_legal(rest) and not any(_only_legal(w) for w in words[-k:]):
                out.append((rest, f"a branch set aside: '{' '.join(words[-k:])}{m.group(0).rstrip()}'"))
    return out


def _when_set_aside(other: str) -> str:
    """Another name of the party without when it was that name ("Lindos Harrier until 2019")."""
    return _WHEN.sub("", other) if any(c.isdigit() for c in other) else other


def other_names(name: str) -> list[str]:
    """The other names of the party a name gives as such ("Dunav Pionir (ex Danube Pioneer)",
    "X f.k.a. Y", "X formerly Y"): for a listed name, which is also found by them."""
    low = name.lower()
    if "(" not in name and "[" not in name and not _has_marker(low):
        return []
    return [part for part, why in name_parts(name) if "another name" in why or "name now" in why]


def _company_or_vessel(part: str) -> bool:
    """The part before a comma is a whole company or vessel name (not a "SURNAME," of a person):
    it ends in a legal form, or starts with a vessel prefix, and has a word besides."""
    words = [w.lower() for w in _WORD.findall(part)]
    if len(words) < 2:
        return False
    if _VESSEL_PREFIX.match(part):
        return True
    return words[-1] in LEGAL_FORMS or words[-1] in _LEGAL_ENDINGS



def _ends_in_legal_form(low: str) -> bool:
    """(a quick look at the part before a comma: ``_company_or_vessel`` reads it properly)"""
    last = low.rstrip(" .").rpartition(" ")[2].replace(".", "")
    return last in LEGAL_FORMS or last in _LEGAL_ENDINGS or low.lstrip().startswith(_PREFIXES)


def _only_legal(text: str) -> bool:
    for w in text.lower().replace(".", "").replace(",", " ").split():
        if w not in LEGAL_FORMS and w not in _LEGAL_ENDINGS:
            return False
    return True


# Marks that stand for a space between words ("STATE+ENTERPRISE", "Ali.MAMLUK", "WHITE|SEAL"): a
# dot between two words of two letters or more (not initials, "S.A.", nor "No.5"), or one of the
# signs below between letters. And an English possessive after a name ("ZIV's", "INRESBANK OOO's").
_WORD_SEPARATOR = re.compile(r"(?<=[^\W\d_]{2})\.(?=[^\W\d_]{2})|(?<=[^\W\d_])[+|*~=^]+(?=[^\W\d_])")
_POSSESSIVE = re.compile(r"(?<=[^\W\d_]|\.)['\u2019]s(?![^\W_])", re.IGNORECASE)  # (also "S.A.'s")
_SEPARATOR_MARKS = frozenset("+|*~=^")


def _dot_between_words(name: str) -> bool:
    """A dot with two letters either side ("Ali.MAMLUK"; not "S.A.", "Co." or "No.5"). (Most
    names with a dot have none: a look at each dot, not a regular expression over the name.)"""
    i = name.find(".")
    n = len(name)
    while i >= 0:
        if 2 <= i and i + 2 < n and name[i - 2:i].isalpha() and name[i + 1:i + 3].isalpha():
            return True
        i = name.find(".", i + 1)
    return False


def punctuation_reading(name: str) -> tuple[str, str] | None:
    """``(the name with marks between words read as spaces and possessives dropped, what was read
    so)``, or None. Without it the marks join the words ("Ali.MAMLUK" is one word, alimamluk) or
    hide a legal form (STATE+ENTERPRISE), and "ZIV's" is another word than ZIV. The name is still
    scored as written, so an apostrophe of the name's own ("Ra's al-Khaimah") costs nothing."""
    if len(name) > 300:
        return None
    marks = not _SEPARATOR_MARKS.isdisjoint(name) or ("." in name and _dot_between_words(name))
    possessive = "s" in name.lower() and ("'" in name or "\u2019" in name)
    if not marks and not possessive:
        return None
    said: list[str] = []
    text = name
    if marks:
        text = _WORD_SEPARATOR.sub(" ", name)
        if text != name:
            said.append("marks between words read as spaces")
    if possessive:
        dropped = _POSSESSIVE.sub("", text)
        if dropped != text:
            said.append("possessive 's dropped")
            text = dropped
    if not said:
        return None
    return text, "; ".join(said)


# Digits inside a word read as the letters they look like ("R0SNEFT", "COMP4NY", "KH4YRBIK"): a
# typo to fuzzy matching, which a short word cannot afford, and a known way to slip a name past a
# screener. Only one or two digits with a letter on each side: a closing or opening number is a
# number (MIG29, 3M, NAVAR 2), and numbers in names must agree.
_DIGIT_LOOKS = {"0": "o", "1": "i", "2": "z", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g"}
_DIGIT_INSIDE = re.compile(r"(?<=[^\W\d_])[0-9]{1,2}(?=[^\W\d_])")


def digit_letters_reading(name: str) -> tuple[str, str] | None:
    """``(the name with each digit between letters read as the letter it looks like, what was
    read so)``, or None: "COMP4NY" -> "COMPANY", "R0SOB0RONEXPORT" -> "ROSOBORONEXPORT". A word
    keeps its digits when it has fewer than three letters (G4S, B2B) or fewer than twice as many
    letters as digits (a code: A3B4C)."""
    if len(name) > 300 or not _has_digit(name) or _DIGIT_INSIDE.search(name) is None:
        return None
    out: list[str] = []
    read: list[str] = []
    for piece in name.split(" "):
        digits = sum(c.isdigit() for c in piece)
        letters = sum(c.isalpha() for c in piece)
        if digits and letters >= 3 and 2 * digits <= letters and _DIGIT_INSIDE.search(piece) is not None:
            upper = piece.upper() == piece
            word = _DIGIT_INSIDE.sub(lambda m: "".join(_DIGIT_LOOKS[c] for c in m.group(0)), piece)
            word = word.upper() if upper else word
            read.append(f"{piece.strip(_EDGE_PUNCTUATION)} read as {word.strip(_EDGE_PUNCTUATION)}")
            piece = word
        out.append(piece)
    if not read:
        return None
    return " ".join(out), "digits read as letters: " + ", ".join(read)


def repeated_word_reading(name: str) -> tuple[str, str] | None:
    """``(the name with a word written twice in a row kept once, what was read so)``, or None:
    "CABOMARZO CABOMARZO", "OPERADORA INTEGRAL INTEGRAL DE COMERCIO" (a field pasted twice, a
    word typed twice). Read as written too, so GOMEZ GOMEZ, Viviana loses nothing. (The engine
    asks only when the normalised words hold one twice in a row, or the name is in another
    script, whose normalised words may not show it.)"""
    pieces = name.split()
    if len(pieces) < 2 or len(name) > 300:
        return None
    prev = ""
    kept: list[str] = []
    dropped: list[str] = []
    for p in pieces:
        core = p.strip(_EDGE_PUNCTUATION + ".").lower()
        if core == prev and len(core) >= 2 and core.isalpha():
            dropped.append(p.strip(_EDGE_PUNCTUATION + "."))
            if p[-1] in ",;" and kept[-1][-1] not in ",;":
                kept[-1] += p[-1]  # (the pasted copy's comma is the name's own: "HAMIEH, Jamil")
            continue
        kept.append(p)
        prev = core
    if not dropped:
        return None
    return " ".join(kept), f"{', '.join(dict.fromkeys(dropped))} written twice, read once"
