"""The in-memory index: every list name normalised once, a token vocabulary, postings and
fuzzy keys for candidate generation, and entry-level document frequencies for IDF weights.

Everything is incremental: adding or removing one entry touches only that entry's names, its
tokens' postings and document frequencies. Vocabulary ids are never reused (a token whose last
entry went away keeps its id with df 0), so cached query-token expansions stay valid until a
*new* token appears, which is when the engine drops them.

Fuzzy keys (each maps a key string to vocabulary ids):

* ``dels``: each token and every string one deletion away from it (symmetric-delete lookup:
  a query token or one of its deletions meeting one of these finds every token within one
  insertion, deletion, substitution or transposition);
* ``skels``: transliteration-neutral consonant skeletons (Yevgeniy/Evgeny, Kontsern/Concern);
* ``folds``: OCR/doubling folds (Artern/Artem, Davvood/Dawood, Jiin/Jin);
* ``metas``: metaphone codes (Smirnov/Smirnoff, Muhammad/Mohammed), and ``meta_dels`` their
  one-deletion variants, for sounds one step apart (Konkern/Concern);
* ``akeys``: Arabic-script keys (``normalize.arabic_key``), used only for query words that were
  written in Arabic script, and ``avkeys`` the long-vowel keys (``normalize.arabic_vowel_key``)
  of the words whose Arabic key has two consonants only.

A name is also indexed under the joins of adjacent words ("ALMAZ-ANTEY" -> ``almazantey``) so a
query that writes them as one word finds it.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Iterable

from rigour.names import extract_org_types

from screener.events.control import WatchlistEntry
from screener.matching.annotations import bracketed_words, other_names, prefix_words
from screener.matching.lexicon import KOREAN_SYLLABLE_MAX, mr_syllable
from screener.matching.normalize import (
    LEGAL_FORMS,
    NormName,
    arabic_key,
    arabic_vowel_key,
    french_spelling,
    normalize_name,
    opening_as_initials,
)
from screener.matching.records import IndexedName
from screener.matching.similarity import (
    FUZZY_MAX_LEN,
    canon,
    ckey,
    deletes,
    devowel,
    fold,
    letter_bag,
    liquid_key,
    metaphone,
    skel,
    sound_key,
)
from screener.matching.structure import (
    BETA_FAMILY_BESIDE_SECOND,
    BETA_FAMILY_DROPPED,
    GIVEN_CHAIN_MIN,
    LEAST_BETA,
    R_FAMILY,
    R_FAMILY2,
    R_GIVEN,
    R_GIVEN1,
    R_NASAB,
    R_PATRONYMIC,
    R_TITLE,
    R_WORD,
    name_roles,
)
from screener.matching.weights import MIN_REFERENCE_ENTRIES, STOPWORD_WEIGHT, idf, weight_cap

PERSON_TYPES = frozenset({"person"})
ACRONYM_MAX = 8  # initials of at most this many words
_ACRONYM_SKIP = frozenset({"and", "of", "the", "for", "und", "et", "de", "del", "la", "y", "e", "da", "do", "di", "du"})
# articles an acronym may skip or keep (INVERSIONES EL GRAN CRISOL: IGC;
# INVERSIONES LOS TUNJOS: ILT): the list's acronyms are read both ways
_ACRONYM_ARTICLES = frozenset({"el", "los", "las", "le", "les", "der", "die", "das", "des"})
LEGAL_ACRONYM_MIN = 5  # letters of a legal-form word whose initial an acronym may hold (COMPANY)
ABBREV_MAX_WEIGHT = 8.5  # words of two listed names or more may be abbreviated (a word of one name is spelt out)
PREFIX_LEN = 10  # a truncated query must be at least this long

# Spelt-out legal forms whose words should weigh like a legal form even when misspelt (rigour
# recognises the phrases; their words are learnt here and from the list's own names).
SPELT_OUT_LEGAL_FORMS = [
    "Obshchestvo s Ogranichennoi Otvetstvennostyu", "Obshchestvo s Ogranichennoy Otvetstvennostyu",
    "Aktsionernoe Obshchestvo", "Otkrytoe Aktsionernoe Obshchestvo", "Zakrytoe Aktsionernoe Obshchestvo",
    "Publichnoe Aktsionernoe Obshchestvo", "Limited Liability Company", "Joint Stock Company",
    "Open Joint Stock Company", "Closed Joint Stock Company", "Public Joint Stock Company",
    "Sociedad Anonima", "Sociedad de Responsabilidad Limitada", "Gesellschaft mit beschrankter Haftung",
    "Tovarystvo z Obmezhenoyu Vidpovidalnistyu", "Societe a Responsabilite Limitee",
    "Federal State Unitary Enterprise", "Aktiengesellschaft", "Public Limited Company",
]


_CHAIN_ROLES = frozenset({R_GIVEN1, R_GIVEN, R_PATRONYMIC, R_NASAB})  # (structure._given_chain_whole)
_INT32 = next(t for t in "il" if array(t).itemsize == 4)


def packed(ids: Iterable[int]) -> bytes:
    """Ids as little-endian int32s, in the order given (read by the engine's C loops)."""
    a = array(_INT32, ids)
    if sys.byteorder != "little":  # pragma: no cover - the engine reads little-endian
        a.byteswap()
    return a.tobytes()


def name_betas(roles: tuple[int, ...]) -> tuple[float, ...]:
    """The least each word of a name can cost when left unaligned, times its weight, by its role
    (``structure.judge`` decides the real cost, which depends on what else was met): scoring
    skips names that cannot reach the floor even so."""
    family = LEAST_BETA[R_FAMILY]
    if sum([1 for r in roles if r in _CHAIN_ROLES]) >= GIVEN_CHAIN_MIN:
        family = BETA_FAMILY_DROPPED  # (dropped beside the whole given-name chain)
    elif R_FAMILY2 in roles:  # (the first family name costs less once the second is met)
        family = BETA_FAMILY_BESIDE_SECOND
    return tuple(family if r == R_FAMILY else LEAST_BETA[r] for r in roles)


class NameIndex:
    def __init__(self) -> None:
        # vocabulary
        self.vid: dict[str, int] = {}
        self.vstr: list[str] = []
        self.vmeta: list[str] = []
        self.vskel: list[str] = []
        self.vfold: list[str] = []
        self.vcanon: list[str] = []  # canonical spelling of words with a skeleton, else ""
        self.vbag = bytearray()  # BAG_SIZE letter counts per word (``letter_bag``)
        self.vparts: list[tuple[int, int] | None] = []  # the two words of an adjacent-word join
        self.vcap: list[float] = []
        self.df: list[int] = []
        self.w: list[float] = []
        self.post: list[set[int]] = []
        # each posting set packed as int32s in its own iteration order, built on first use
        # after a change (``packed_postings``): the engine's candidate loop reads these
        self.post_codes: list[bytes | None] = []
        # fuzzy keys
        self.dels: dict[str, list[int]] = {}
        self.skels: dict[str, list[int]] = {}
        self.metas: dict[str, list[int]] = {}
        self.akeys: dict[str, list[int]] = {}
        self.avkeys: dict[str, list[int]] = {}
        # coarse consonant keys (``similarity.ckey``) and, for keys of four or more, their
        # one-deletion strings: for words read from Hebrew, Kana, Hangul and other scripts
        self.ckeys: dict[str, list[int]] = {}
        self.ckey_dels: dict[str, list[int]] = {}
        # words with l/r, b/v/f and i/y folded (``similarity.liquid_key``): for Kana and Hangul
        self.lkeys: dict[str, list[int]] = {}
        self.meta_dels: dict[str, list[int]] = {}
        self.folds: dict[str, list[int]] = {}
        # short words by their reading as a Korean syllable the lists' way (``lexicon.mr_syllable``:
        # RYOL and JONG by yol and chong), where that reading is not the word itself: a query's
        # Yeol or Jeong meets them (alignment keeps such a pair only in a Korean name)
        self.korean_keys: dict[str, list[int]] = {}
        # words without their vowels after the first letter ("ponomaryov" -> "pnmryv"), for
        # queries that drop them
        self.devowels: dict[str, list[int]] = {}
        # given names by their first and last three letters (short forms: Alex/Alexander,
        # Mando/Armando), and common words (weight under ABBREV_MAX_WEIGHT, rebuilt with the
        # weights) by their first three and by their first and last letters (abbreviations:
        # Tech/Technology, Shpg/Shipping)
        self.given_pre3: dict[str, list[int]] = {}
        self.given_suf3: dict[str, list[int]] = {}
        self.abbr_pre3: dict[str, list[int]] = {}
        # every alphabetic word of five letters or more by its start, kept as words are added (a
        # word upserted into a running list is found by its dotted abbreviation at once)
        self.word_pre3: dict[str, list[int]] = {}
        self.sound_keys: dict[str, list[int]] = {}  # similarity.sound_key -> words it is not written as
        self.sound_keys3: dict[str, list[int]] = {}  # ... for words of three letters (``lookups.span``)
        self.written_joins: set[int] = set()  # joins of two list words some name writes as one (HONGKONG)
        self.abbr_firstlast: dict[str, list[int]] = {}
        # short words (three to six letters) by their first and last letters: the list's own
        # abbreviations of a business word the query spells out (Mfg, Bros, Intl)
        self.short_firstlast: dict[str, list[int]] = {}
        self.vgiven = bytearray()  # 1 for words some listed person has as a given name
        self.vperson = bytearray()  # 1 for words of some listed person's name (any part of it)
        # 1 for words (and joins, initials) of some listed company's, vessel's or aircraft's name;
        # like vperson, not unset when the name goes (a gate for look-ups: it only lets more through)
        self.vcompany = bytearray()
        # words seen inside legal forms ("obshchestvo", "ogranichennoi", "aktsionernoe", ...)
        self.legal_words: set[str] = set()
        self.legal_dels: dict[str, str] = {}
        self.legal_starts: dict[str, list[str]] = {}  # the same words by their first letter
        self.legal_near: dict[str, str] = {}  # a query word -> the legal word it is a slip of, or ""
        # plain name keys, sorted, for prefix look-ups of truncated queries
        # plain name keys by their first PREFIX_LEN characters, for truncated queries
        self.prefixes: dict[str, list[int]] = {}
        for phrase in SPELT_OUT_LEGAL_FORMS:
            self._learn_legal_words(phrase)
        # names and entries
        self.names: list[IndexedName | None] = []
        self.name_weight: list[float] = []  # sum of a name's word weights when indexed (ranking)
        # A name's vocabulary ids packed as little-endian int32 (None once removed), and whether
        # it is a person's: bounding reads these for every candidate, and a bytes object is one
        # block of memory where a tuple of ints is a pointer to chase per id.
        self.name_codes: list[bytes | None] = []
        # a company's words a query must meet to hold its whole name (legal forms and
        # stopwords aside: structure.ALPHA_CONTAINED); None for a person
        self.name_core: list[bytes | None] = []
        self.name_person = bytearray()
        # a person name's family-name word and first given name (vocabulary ids, -1 if none):
        # bounding reads them to know whether the name's key parts may be met
        self.name_head: list[int] = []
        self.name_given1: list[int] = []
        self.free: list[int] = []
        self.entries: dict[str, WatchlistEntry] = {}
        self.entry_names: dict[str, list[int]] = {}
        self.entry_vids: dict[str, set[int]] = {}
        self.n_entries = 0
        self._weights_n = 0  # entry count the weights were last computed for
        self._bulk = False
        self.vocab_grew = False

    # -- vocabulary ---------------------------------------------------------------------------
    def _vocab(self, tok: str, single: bool, parts: tuple[int, int] | None = None) -> int:
        v = self.vid.get(tok)
        if v is not None:
            if parts is not None and self.vparts[v] is None and self.df[v] == 0:
                self.vparts[v] = parts
            return v
        v = len(self.vstr)
        self.vid[tok] = v
        self.vstr.append(tok)
        self.vparts.append(parts)
        if len(tok) > FUZZY_MAX_LEN:
            single = False  # (found as written only: fuzzy keys cost the square of a word's length)
        m = metaphone(tok) if single else ""
        s = skel(tok) if single else ""
        f = fold(tok) if single else ""
        self.vmeta.append(m)
        self.vskel.append(s)
        self.vfold.append(f)
        self.vcanon.append(canon(tok) if s else "")
        self.vbag += letter_bag(tok)
        self.vcap.append(weight_cap(tok))
        self.df.append(0)
        self.w.append(0.0)
        self.post.append(set())
        self.post_codes.append(None)
        dels = self.dels
        keys = [tok]
        if len(tok) >= 4 and (single or len(tok) <= 12):
            # (a long join of two list words is only found as written or one letter short)
            keys.extend(deletes(tok))
        for k in keys:
            lst = dels.get(k)
            if lst is None:
                dels[k] = [v]
            elif lst[-1] != v:
                lst.append(v)
        if s:
            self.skels.setdefault(s, []).append(v)
        if m:
            self.metas.setdefault(m, []).append(v)
            if len(m) >= 4:  # sounds one step apart (Konkern / Concern: KNKRN / KNSRN)
                for d in deletes(m):
                    self.meta_dels.setdefault(d, []).append(v)
        if f:
            self.folds.setdefault(f, []).append(v)
        if single and 1 < len(tok) <= KOREAN_SYLLABLE_MAX and tok.isalpha():
            kk = mr_syllable(tok)
            if kk != tok:
                self.korean_keys.setdefault(kk, []).append(v)
        self.vgiven.append(0)
        self.vperson.append(0)
        self.vcompany.append(0)
        if len(tok) >= 5 and tok.isalpha():
            self.word_pre3.setdefault(tok[:3], []).append(v)
        if single and len(tok) >= 4 and tok.isalpha():
            sk = sound_key(tok)
            if sk != tok:  # (a word that is its own key is found as written)
                self.sound_keys.setdefault(sk, []).append(v)
        elif single and len(tok) == 3 and tok.isalpha() and "h" not in tok:
            sk = sound_key(tok)
            if sk != tok:
                self.sound_keys3.setdefault(sk, []).append(v)
        if single and len(tok) >= 4 and tok.isalpha():
            dv = devowel(tok)
            if dv != tok and len(dv) >= 3:
                self.devowels.setdefault(dv, []).append(v)

        if 3 <= len(tok) <= FUZZY_MAX_LEN and tok.isalpha():
            # (a French spelling writes sh "ch" and s "c" for ç: CHERIF, FAYCAL, for شريف, فيصل)
            for spelt in (tok, french_spelling(tok)) if "c" in tok else (tok,):
                a = arabic_key(spelt)
                if len(a) >= 2:
                    keyed = self.akeys.setdefault(a, [])
                    if not keyed or keyed[-1] != v:
                        keyed.append(v)
                if 1 <= len(a) <= 2:  # (one or two consonants: too common alone, so by the long vowels)
                    keyed = self.avkeys.setdefault(arabic_vowel_key(spelt), [])
                    if not keyed or keyed[-1] != v:
                        keyed.append(v)
            if single:
                c = ckey(tok)
                if len(c) >= 3:
                    self.ckeys.setdefault(c, []).append(v)
                    if len(c) >= 4:
                        for d in deletes(c):
                            self.ckey_dels.setdefault(d, []).append(v)
                if len(tok) >= 4:
                    self.lkeys.setdefault(liquid_key(tok), []).append(v)
        self.vocab_grew = True
        return v

    def weight(self, v: int) -> float:
        return self.w[v]

    def _set_weight(self, v: int) -> None:
        x = idf(self.df[v], self.n_entries)
        cap = self.vcap[v]
        self.w[v] = x if x < cap else cap

    def refresh_weights(self) -> None:
        self._weights_n = self.n_entries
        n = max(self.n_entries, MIN_REFERENCE_ENTRIES)
        ln = math.log
        df = self.df
        cap = self.vcap
        w = self.w
        for v in range(len(w)):
            x = ln((n + 1.0) / (df[v] + 0.5))
            c = cap[v]
            w[v] = x if x < c else c
        nw = self.name_weight
        for rec in self.names:
            if rec is not None:
                nw[rec.nid] = sum(w[v] for v in rec.vids)
        pre3: dict[str, list[int]] = {}
        firstlast: dict[str, list[int]] = {}
        short: dict[str, list[int]] = {}
        vstr = self.vstr
        vparts = self.vparts
        for v in range(len(w)):
            t = vstr[v]
            if df[v] > 0 and vparts[v] is None and t.isalpha():
                if w[v] < ABBREV_MAX_WEIGHT and len(t) >= 5:
                    pre3.setdefault(t[:3], []).append(v)
                    firstlast.setdefault(t[0] + t[-1], []).append(v)
                if 3 <= len(t) <= 6:
                    short.setdefault(t[0] + t[-1], []).append(v)
        self.abbr_pre3 = pre3
        self.abbr_firstlast = firstlast
        self.short_firstlast = short

    def unknown_weight(self) -> float:
        """Weight of a query token the list has never seen: as rare as a token can be."""
        return idf(1, self.n_entries)

    # -- entries ------------------------------------------------------------------------------
    def add(self, entry: WatchlistEntry) -> None:
        key = entry.key
        if key in self.entries:
            self.remove(key)
        person = entry.type in PERSON_TYPES
        self.entries[key] = entry
        nids: list[int] = []
        evids: set[int] = set()
        seen: set[str] = set()
        named = list(enumerate(entry.names))
        for alias, raw in enumerate(entry.names):
            # the other names a listed name gives as such ("DUNAV PIONIR (ex DANUBE PIONEER)",
            # "X f.k.a. Y") are names of the entry too: a query may use the former one alone
            for other in other_names(raw) if raw else ():
                if other not in entry.names:
                    named.append((alias, other))
        for alias, raw in named:
            if not raw or not raw.strip():
                continue
            norm = normalize_name(raw, org_forms=not person)
            if not norm.tokens:
                continue
            if person:
                plain = norm.tokens
            else:
                plain = normalize_name(raw, org_forms=False).tokens
            plain_key = " ".join(plain)
            readings = [norm]
            if not person:
                # (an opening word a legal-form table reads, written as a word of the name too:
                # the listed KB LINES LTD. is met by a query's KB read as a word; not a word
                # written as the table's own form, JSC or KK, which stays a legal form only)
                opening = opening_as_initials(norm, plain) if plain[0] not in LEGAL_FORMS else None
                if opening is not None:
                    readings.append(opening[0])
            for reading, norm in enumerate(readings):
                nid = self._add_name(key, alias, raw, norm, plain, plain_key, person, reading == 0, seen, evids)
                if nid is not None:
                    nids.append(nid)
        self.entry_names[key] = nids
        self.entry_vids[key] = evids
        self.n_entries += 1
        for v in evids:
            self.df[v] += 1
        self._after_change(evids)

    def _add_name(self, key: str, alias: int, raw: str, norm: NormName, plain: tuple, plain_key: str,
                  person: bool, first: bool, seen: set, evids: set) -> int | None:
        """Index one reading ``norm`` of the entry's name ``raw`` (``first``: its own reading, not
        the other one of an opening legal-form word); its name id, or None when the entry has it
        already (``seen``: the readings indexed, ``evids``: the entry's vocabulary ids so far)."""
        joined = norm.key
        # Aliases that only differ in punctuation are one name; "JSC X" and "JOINT STOCK
        # COMPANY X" stay two, since a truncated query may start like either.
        dedup = joined + "\x00" + plain_key
        if dedup in seen:
            return None
        seen.add(dedup)
        toks = norm.tokens
        vids = tuple(self._vocab(t, True) for t in toks)
        for v in vids:
            if self.vparts[v] is not None:
                self.written_joins.add(v)
        spans = [(v, i, i + 1) for i, v in enumerate(vids)]
        legal = norm.legal
        for i in range(len(toks) - 1):
            if not legal[i] and not legal[i + 1] and (len(toks[i]) > 1 or len(toks[i + 1]) > 1):
                spans.append((self._vocab(toks[i] + toks[i + 1], False, (vids[i], vids[i + 1])), i, i + 2))
        i = 0
        while i < len(toks):  # a run of initials is also one word ("A.B.C." -> abc, "T E G")
            j = i
            while j < len(toks) and len(toks[j]) == 1 and toks[j].isalpha():
                j += 1
            if j - i >= 2:
                spans.append((self._vocab("".join(toks[i:j]), False), i, j))
            i = max(j, i + 1)
        if not person:
            spans.extend(self._acronym_spans(toks, legal, plain))
            if first:
                self._learn_legal_words(raw)
        nid = self.free.pop() if self.free else len(self.names)
        roles = name_roles(toks, norm.legal, norm.title, person, norm.family_end or 0)
        if not person:
            # a vessel's or Messrs' prefix written into the listed name ("MV HELLENIC SPIRIT",
            # "M/S AL ZAROONI EXCHANGE") says what the party is, not who; a part in brackets
            # qualifies the name ("Deutsche Bank (Schweiz) AG", "... (AQAP)"): both cost
            # little when a query leaves them out, as a title does
            k = prefix_words(raw, self.entries[key].type == "vessel")
            if 0 < k < len(toks) and not any(legal[:k]) and not all(legal[k:]):
                roles = (R_TITLE,) * k + roles[k:]
            inside = bracketed_words(raw, len(toks)) if "(" in raw else None
            if inside is not None:
                s, e = inside
                if not all(legal[:s] + legal[e:]):
                    # (a number stays a number, which must agree: SNOW STORM (2) is not SNOW STORM 1)
                    roles = roles[:s] + tuple(R_TITLE if roles[i] == R_WORD else roles[i] for i in range(s, e)) + roles[e:]
        elif raw.endswith(")") and not raw.isascii():
            # a person's name followed by itself in another script, in brackets (the UN's "Jin
            # Tiesan (金铁三)", "Haji Gulab Gul (حاجی گلاب گل ...)"): the part in brackets costs
            # little when a query leaves it out, as a title does
            inside = bracketed_words(raw, len(toks))
            if inside is not None and inside[1] == len(toks) and not raw[raw.rfind("("):].isascii():
                s, e = inside
                roles = roles[:s] + (R_TITLE,) * (e - s)
        betas = name_betas(roles)
        rec = IndexedName(nid, key, alias, raw, norm, vids, tuple(spans), betas,
                          person, joined, plain, plain_key,
                          frozenset(t[0] for t in toks if len(t) == 1 or weight_cap(t) > STOPWORD_WEIGHT),
                          min(betas) if betas else 1.0, roles)
        if len(plain_key) >= PREFIX_LEN and first:  # (a truncated field is read once)
            self.prefixes.setdefault(plain_key[:PREFIX_LEN], []).append(nid)
        nw = sum(self.w[v] for v in vids)
        codes = packed(dict.fromkeys(v for v, _, _ in spans))  # each id once: words, joins
        core = None if person else packed(dict.fromkeys(
            v for v, t, lg in zip(vids, toks, legal, strict=True) if not lg and weight_cap(t) > STOPWORD_WEIGHT))
        head = next((v for r, v in zip(rec.roles, vids, strict=True) if r == R_FAMILY), -1)
        given1 = next((v for r, v in zip(rec.roles, vids, strict=True) if r == R_GIVEN1), -1)
        if nid == len(self.names):
            self.names.append(rec)
            self.name_weight.append(nw)
            self.name_codes.append(codes)
            self.name_core.append(core)
            self.name_person.append(person)
            self.name_head.append(head)
            self.name_given1.append(given1)
        else:
            self.names[nid] = rec
            self.name_weight[nid] = nw
            self.name_codes[nid] = codes
            self.name_core[nid] = core
            self.name_person[nid] = person
            self.name_head[nid] = head
            self.name_given1[nid] = given1
        for v, _, _ in spans:
            self.post[v].add(nid)
            self.post_codes[v] = None
            evids.add(v)
        if not person:
            for v, _, _ in spans:
                self.vcompany[v] = 1
        else:
            for v, _, _ in spans:
                self.vperson[v] = 1
            for r, v in zip(rec.roles, vids, strict=True):
                if (r == R_GIVEN1 or r == R_GIVEN or r == R_NASAB) and not self.vgiven[v]:
                    self.vgiven[v] = 1
                    t = self.vstr[v]
                    if len(t) >= 5 and t.isalpha():
                        self.given_pre3.setdefault(t[:3], []).append(v)
                        self.given_suf3.setdefault(t[-3:], []).append(v)
        return nid


    def remove(self, key: str) -> bool:
        entry = self.entries.pop(key, None)
        if entry is None:
            return False
        for nid in self.entry_names.pop(key, ()):
            rec = self.names[nid]
            if rec is None:
                continue
            for v, _, _ in rec.spans:
                self.post[v].discard(nid)
                self.post_codes[v] = None
            if len(rec.plain_key) >= PREFIX_LEN:
                bucket = self.prefixes.get(rec.plain_key[:PREFIX_LEN])
                if bucket is not None and nid in bucket:
                    bucket.remove(nid)
                    if not bucket:
                        del self.prefixes[rec.plain_key[:PREFIX_LEN]]
            self.names[nid] = None
            self.name_codes[nid] = None
            self.name_core[nid] = None
            self.free.append(nid)
        evids = self.entry_vids.pop(key, set())
        for v in evids:
            self.df[v] -= 1
        self.n_entries -= 1
        self._after_change(evids)
        return True

    def _acronym_spans(self, toks: tuple[str, ...], legal: tuple[bool, ...],
                       plain: tuple[str, ...] = ()) -> list[tuple[int, int, int]]:
        """A company name's initials as words of their own: of all its words ("N.B.M. COMPANY" for
        NIRU BATTERY MANUFACTURING COMPANY), and of its first words when the rest follow as
        written ("SV INDUSTRIES" for SHAHID VARAMINI INDUSTRIES). Particles and "and", "of" are
        skipped, articles both skipped and kept; each acronym covers the words it stands for. A
        legal form spelt out after the name (``plain``: the words as written) adds its words'
        initials too: "NIOC" for NATIONAL IRANIAN OIL COMPANY, "RCO" for RAHMAH CHARITABLE
        ORGANIZATION."""
        out: list[tuple[int, int, int]] = []
        for skip in (_ACRONYM_SKIP, _ACRONYM_SKIP | _ACRONYM_ARTICLES):
            for sp in self._acronyms(toks, legal, plain, skip):
                if sp not in out:
                    out.append(sp)
            if _ACRONYM_ARTICLES.isdisjoint(toks):
                break
        return out

    def _acronyms(self, toks: tuple[str, ...], legal: tuple[bool, ...], plain: tuple[str, ...],
                  skip: frozenset) -> list[tuple[int, int, int]]:
        """``_acronym_spans`` with the words in ``skip`` skipped."""
        words = [i for i, t in enumerate(toks) if not legal[i] and t.isalpha() and len(t) > 1]
        out: list[tuple[int, int, int]] = []
        named = [i for i in words if toks[i] not in skip][:ACRONYM_MAX]
        if named and plain and True in legal:
            out.extend(self._legal_acronym_spans(toks, legal, plain, named, skip))
        if len(named) < 2:
            return out
        first = named[0]
        if first != 0 and not all(legal[i] or toks[i] in skip for i in range(first)):
            return out
        # every prefix of two words or more (the whole name's words included)
        for k in range(2, len(named) + 1):
            end = named[k - 1] + 1
            if any(not legal[i] and i not in named and toks[i] not in skip for i in range(first, end)):
                break
            key = "".join(toks[i][0] for i in named[:k])
            out.append((self._vocab(key, False), first, end))
        return out

    def _legal_acronym_spans(self, toks: tuple[str, ...], legal: tuple[bool, ...], plain: tuple[str, ...],
                             named: list[int], skip: frozenset) -> list[tuple[int, int, int]]:
        """The initials of a name and of the spelt-out legal form after it (see
        ``_acronym_spans``): only when the legal form closes the name, each word of it long
        enough to be spelt out (COMPANY, ORGANIZATION: not CO., LTD.)."""
        out: list[tuple[int, int, int]] = []
        tail = [i for i in range(len(toks)) if legal[i]]
        if tail[0] < named[-1] or len(named) != sum(1 for i in range(tail[0]) if toks[i] not in skip):
            return out
        words = [t for t in plain if t.isalpha() and len(t) > 1 and t not in skip]
        k = len(named)
        if words[:k] != [toks[i] for i in named]:
            return out  # (the name's own words differ as written: nothing to line up)
        for m in range(1, min(len(words), ACRONYM_MAX) - k + 1):
            if len(words[k + m - 1]) < LEGAL_ACRONYM_MIN:
                break
            key = "".join(t[0] for t in words[:k + m])
            if len(key) >= 3:
                end = tail[m - 1] + 1 if m <= len(tail) else len(toks)
                out.append((self._vocab(key, False), named[0], end))
        return out

    def _learn_legal_words(self, raw: str) -> None:
        for m, _ in extract_org_types(raw.lower().replace("-", " ")):
            if len(m) <= 6:
                continue
            for t in normalize_name(m, org_forms=False).tokens:
                if len(t) >= 5 and t not in self.legal_words:
                    self.legal_words.add(t)
                    self.legal_starts.setdefault(t[0], []).append(t)
                    self.legal_near.clear()
                    for d in deletes(t):
                        self.legal_dels.setdefault(d, t)
                    self.legal_dels.setdefault(t, t)

    def is_legal_word(self, tok: str) -> bool:
        """``tok`` is, or is one slip away from, a word of a spelt-out legal form."""
        if len(tok) < 5 or len(tok) > FUZZY_MAX_LEN:
            return False
        ld = self.legal_dels
        if tok in ld:
            return True
        for d in deletes(tok):
            if d in ld:
                return True
        return False

    def packed_postings(self, v: int) -> bytes:
        """``post[v]`` packed (see ``post_codes``), built now if a change dropped it."""
        codes = self.post_codes[v]
        if codes is None:
            codes = self.post_codes[v] = packed(self.post[v])
        return codes

    def prefixed(self, prefix: str, limit: int) -> list[int]:
        """Names whose plain key starts with ``prefix`` (at least PREFIX_LEN characters), at
        most ``limit``."""
        if len(prefix) < PREFIX_LEN:
            return []
        bucket = self.prefixes.get(prefix[:PREFIX_LEN])
        if not bucket:
            return []
        names = self.names
        out = []
        for nid in bucket:
            rec = names[nid]
            if rec is not None and rec.plain_key.startswith(prefix):
                out.append(nid)
                if len(out) >= limit:
                    break
        return out

    def _after_change(self, vids: Iterable[int]) -> None:
        if self._bulk:
            return
        n0 = self._weights_n
        if n0 == 0 or (self.n_entries > MIN_REFERENCE_ENTRIES and abs(self.n_entries - n0) > 0.02 * n0):
            self.refresh_weights()
        else:
            w = self.w
            names = self.names
            nw = self.name_weight
            touched: set[int] = set()
            for v in vids:
                old = w[v]
                self._set_weight(v)
                if w[v] != old:
                    touched.update(self.post[v])
            for nid in touched:
                rec = names[nid]
                if rec is not None:
                    nw[nid] = sum(w[x] for x in rec.vids)

    def bulk_load(self, entries: Iterable[WatchlistEntry]) -> None:
        """Add many entries, computing weights once at the end."""
        self._bulk = True  # suppress per-entry weight updates
        try:
            for e in entries:
                self.add(e)
        finally:
            self._bulk = False
            self.refresh_weights()
