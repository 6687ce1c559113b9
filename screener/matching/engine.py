"""The indexed matching engine behind :class:`~screener.matching.base.Matcher`.

Per query (docs/matching.md tells how and why):

1. normalise (``normalize.py``); a query of unknown type whose legal forms were rewritten is
   also kept in its person form (legal forms left as written) for comparison with person
   names, so a Korean "Se" or a Chinese "Yu" is not taken for a legal form;
2. split words the list knows only as two words written together (``joined.py``);
3. prepare the query (``query.py``): look each word, each join of two adjacent words and each
   alternative spelling up (``lookups.py``): the list words it may be, its weight, what it can
   add to an alignment, and whether it can align *distinctively*; stop early when too much of
   the query is unknown to the list for any name to reach the threshold (most non-matching
   names end here);
4. candidates (``candidates.py``): names holding a word the query could align distinctively,
   or, when it has none, names holding all of its words; plus names whose text starts with the
   whole query (a truncated field); bound each cheaply and keep those that can still reach
   the threshold;
5. align and score them (``alignment.py``);
6. explain (``explain.py``), and adjust for country, type and address. Steps 1-5 and the
   explanation depend on the name (and type) only, and are cached by them: a name sent with
   other countries or addresses is scored once.

Every cache is in ``caches.py``; the named records passed between the steps in ``records.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import cython
from rigour.addresses import compare_address

from screener.events.control import WatchlistEntry, entry_key
from screener.gcpause import freeze_long_lived, gc_paused
from screener.matching.alignment import score, truncation_score
from screener.matching.annotations import (
    camel_reading,
    digit_letters_reading,
    initials_reading,
    name_parts,
    punctuation_reading,
    repeated_word_reading,
)
from screener.matching.base import DEFAULT_HOLD_THRESHOLD, Matcher, MatchHit, PartyQuery
from screener.matching.caches import CACHE_SIZE, EngineCaches
from screener.matching.candidates import NameSums, candidates
from screener.matching.explain import details, hit, truncation_details
from screener.matching.index import PREFIX_LEN, NameIndex
from screener.matching.joined import legal_typos, long_word, split_joined
from screener.matching.lexicon import gender_pair, surname_gender_pair, transposed
from screener.matching.lookups import LegalAbbreviations
from screener.matching.normalize import (
    NormName,
    clear_word_cache,
    legal_form_in_context,
    normalize_both,
    normalize_name,
    opening_as_initials,
)
from screener.matching.query import PersonForm, prepare
from screener.matching.similarity import keyed_similarity
from screener.matching.structure import R_GIVEN, R_GIVEN1, R_NASAB

if cython.compiled:
    from cython.cimports.screener.matching.records import Alignment, IndexedName, LongWord, Query
else:
    from screener.matching.records import Alignment, IndexedName, LongWord, Query

TRUNCATION_MIN_CHARS = PREFIX_LEN  # a query this long may be a field cut short ...
TRUNCATION_CANDIDATES = 16  # ... of one of this many names that start with it
# adjustments
COUNTRY_MATCH = 0.03
COUNTRY_MISMATCH = -0.03
TYPE_MISMATCH = -0.15  # person vs organisation
TYPE_OBJECT_MISMATCH = -0.05  # organisation vs vessel/aircraft
ADDRESS_MATCH = 0.05  # times the address similarity, when it is at least ADDRESS_MIN
ADDRESS_MIN = 0.5
MAX_BONUS = COUNTRY_MATCH + ADDRESS_MATCH

_PERSON = {"person", "individual"}
_ORG = {"organization", "organisation", "company", "entity"}


@cython.cclass
class Best:
    """The best-scoring name of one entry for a query, so far."""

    score = cython.declare(cython.double, visibility="public")
    nid = cython.declare(cython.Py_ssize_t, visibility="public")
    truncated = cython.declare(cython.bint, visibility="public")  # scored as a field cut short
    q = cython.declare(object, visibility="public")  # the query form it was aligned with
    alignment = cython.declare(object, visibility="public")  # (None for a truncation)

    def __init__(self, score: float, nid: int, truncated: bool, q: object, alignment: object):
        self.score = score
        self.nid = nid
        self.truncated = truncated
        self.q = q
        self.alignment = alignment


class MatchingEngine(Matcher):
    """Indexed, incremental name matcher over watch-list entries."""

    def __init__(self, entries: Iterable[WatchlistEntry] = (), threshold: float | None = None,
                 cache_size: int = CACHE_SIZE, freeze_gc: bool = True):
        """``freeze_gc``: after a bulk build, move the (large, acyclic) index out of the cyclic
        garbage collector's reach with ``gc.freeze()``, so that full collections -- triggered by
        the caches growing -- do not walk a million index objects (a 200 ms pause each)."""
        self.threshold = DEFAULT_HOLD_THRESHOLD if threshold is None else threshold
        self._freeze_gc = freeze_gc
        self._idx = NameIndex()
        self._caches = EngineCaches(cache_size)
        self._sums = NameSums()  # (scratch arrays of the candidate search)
        self._legal_abbr = LegalAbbreviations(set())  # (rebuilt when the list learns legal words)
        self.version = 0
        self.cache_hits = 0
        self.cache_misses = 0
        self._idx.bulk_load(entries)
        self._changed()
        self._freeze()

    def _freeze(self) -> None:
        if self._freeze_gc:
            freeze_long_lived()

    # -- list maintenance ---------------------------------------------------------------------
    def _changed(self) -> None:
        """Called after every change of the list: everything cached for the old list goes
        (results, and the per-word look-ups, whose weights and postings may have moved)."""
        self.version += 1
        self._sums.fit(len(self._idx.names), len(self._idx.vstr))
        self._caches.clear_list()
        self._idx.vocab_grew = False
        self._legal_abbr.size = -1  # (rebuilt at its next use: the legal-form words may have changed)

    def upsert(self, entry: WatchlistEntry) -> None:
        self._idx.add(entry)
        self._changed()

    def delete(self, list_name: str, entry_id: str) -> bool:
        found = self._idx.remove(entry_key(list_name, entry_id))
        if found:
            self._changed()
        return found

    def replace_list(self, list_name: str, entries: Iterable[WatchlistEntry]) -> None:
        new = list(entries)
        new_keys = {e.key for e in new}
        for k in [k for k, e in self._idx.entries.items() if e.list_id == list_name and k not in new_keys]:
            self._idx.remove(k)
        # Unchanged entries are kept as they are; changed and new ones are (re)indexed.
        self._idx.bulk_load(e for e in new if self._idx.entries.get(e.key) != e)
        self._changed()
        self._freeze()

    def __len__(self) -> int:
        return len(self._idx.entries)

    def entries(self) -> Iterable[WatchlistEntry]:
        return self._idx.entries.values()

    def clear_cache(self) -> None:
        """Drop the result caches, by query and by name (the per-word caches stay: they only
        depend on the list)."""
        self._caches.results.clear()
        self._caches.scored.clear()

    def clear_all_caches(self) -> None:
        """Drop every cache, including per-word look-ups and the normaliser's word cache (for
        cold-cache measurements; the libraries' own caches stay)."""
        self._caches.clear_all()
        self._legal_abbr.respellings.clear()
        clear_word_cache()

    # -- adjustments --------------------------------------------------------------------------
    @staticmethod
    def _adjust(query: PartyQuery, entry: WatchlistEntry) -> dict[str, float]:
        adj: dict[str, float] = {}
        if query.country and entry.countries:
            qc = query.country.strip().upper()
            if qc in {c.upper() for c in entry.countries}:
                adj["country"] = COUNTRY_MATCH
            else:
                adj["country"] = COUNTRY_MISMATCH
        if query.type and entry.type != "unknown":
            qt = _query_type(query)
            et = entry.type
            if qt in _PERSON and et != "person" or qt in _ORG and et == "person":
                adj["type"] = TYPE_MISMATCH
            elif qt in _ORG and et in ("vessel", "aircraft"):
                adj["type"] = TYPE_OBJECT_MISMATCH
        if query.address and entry.addresses:
            best = 0.0
            for a in entry.addresses[:25]:
                try:
                    s = compare_address(query.address, a)
                except Exception:  # pragma: no cover - defensive
                    s = 0.0
                if s > best:
                    best = s
            if best >= ADDRESS_MIN:
                adj["address"] = round(ADDRESS_MATCH * best, 4)
        return adj

    # -- matching -----------------------------------------------------------------------------
    def _normalise(self, query: PartyQuery, read_spelt: bool = True) -> tuple[NormName | None, NormName | None,
                                                                               NormName, tuple | None]:
        """(form for organisation names, form for person names, the name with legal forms as
        written -- for truncated fields, and (the name read, what was read so) when a legal
        form's word was written out, else None); the first two are None when not wanted.
        ``read_spelt=False``: the words as written, none read as a legal form's word."""
        name = query.name or ""
        qtype = _query_type(query)
        if qtype in _PERSON:
            plain = normalize_name(name, org_forms=False)
            return None, plain, plain, None
        org, plain = normalize_both(name)
        spelt = self._legal_words_spelt_out(name, org) if read_spelt else None
        if spelt is not None:
            org, plain = normalize_both(spelt[0])
        # normalize_both's person form is the name as written, unless the legal forms were only
        # rewritten at an edge (then it hands the organisation form twice and keeps the written
        # one in .plain).
        written = org.plain if org.plain is not None else plain
        if qtype in _ORG:
            return org, None, written, spelt
        return org, plain, written, spelt

    def _legal_words_spelt_out(self, name: str, org: NormName) -> tuple[str, str] | None:
        """(``name`` with the words of a legal form written out where it abbreviates one the list
        knows, or spells it another way, what was read so) (``lookups.LegalAbbreviations``):
        "AL-BUSTAN CHRTY" is read as AL-BUSTAN CHARITY, and so as the list's ngo; "AKTSIONERNOE
        OBSHESTVO X" as the jsc of AKTSIONERNOE OBSHCHESTVO X. None when nothing is abbreviated or
        spelt otherwise (most names)."""
        idx = self._idx
        vid = idx.vid
        legal = org.legal
        toks = org.tokens
        if self._legal_abbr.size != len(idx.legal_words):
            self._legal_abbr = LegalAbbreviations(idx.legal_words)
        reader = self._legal_abbr
        found: list = []  # (position, word, read from another spelling)
        for i in range(len(toks)):
            t = toks[i]
            if legal[i] or len(t) < 3 or t in vid:
                continue
            word = reader.read(idx, t, True)
            if word is not None:
                found.append((i, word, False))
            elif len(t) >= 5:
                word = reader.respelt(idx, t)
                if word is not None:
                    found.append((i, word, True))
        if not found:
            return None
        # another spelling is kept only where it then makes a legal form, with the other words
        # read beside it (AKCIONERNOE OBSHESTVO: each alone is no form, both together are)
        context = list(toks)
        for i, word, _ in found:
            context[i] = word
        out = None
        read: list = []
        for i, word, respelt in found:
            if respelt and not legal_form_in_context(tuple(context[max(0, i - 3):i]), word, tuple(context[i + 1:i + 4])):
                continue
            t = toks[i]
            text = name if out is None else out
            at = re.compile(r"(?<![^\W\d_])" + t + r"(?![^\W\d_])(\.?)", re.IGNORECASE)
            m = at.search(text)
            if m is None or (not respelt and not m.group(1) and reader.read(idx, t, False) is None):
                continue  # (written in another script or with accents; a start of a word without its dot)
            out = at.sub(word.upper(), text)
            read.append(f"{m.group(0)} read as {word.upper()}")
        return (out, ", ".join(read)) if out is not None else None

    def match(self, query: PartyQuery, limit: int = 5) -> list[MatchHit]:
        # Results are cached by the query as given (repeat customers send it again and again, and
        # a hit costs one look-up, not a normalisation) ...
        key = (query.name, query.country, query.type, query.address, self.threshold)
        caches = self._caches
        cache = caches.results
        cached = cache.get(key)
        if cached is not None:
            cache.move_to_end(key)
            self.cache_hits += 1
            return cached[:limit]
        self.cache_misses += 1
        hits = self._hits(query)
        cache[key] = hits or _NO_HITS
        if len(cache) > caches.result_size:
            cache.popitem(last=False)
        return hits[:limit]

    def match_many(self, queries: Sequence[PartyQuery], limit: int = 5) -> list[list[MatchHit]]:
        """``match`` for each query, with the cyclic garbage collector paused: matching makes
        only acyclic temporaries, which reference counting frees at once, and the collector's
        passes over them cost about a tenth of the time."""
        match = self.match
        with gc_paused():
            return [match(q, limit) for q in queries]

    def _hits(self, query: PartyQuery, max_hits: int = 10) -> list[MatchHit]:
        """The hits of one query: its name scored against the list and explained (cached by
        the name and type, which is all that scoring depends on: the same name with another
        country or address is scored once), then adjusted for country, type and address."""
        caches = self._caches
        scored_cache = caches.scored
        skey = (query.name, query.type, self.threshold)
        scored = scored_cache.get(skey)
        if scored is None:
            scored = self._scored_name(query)
            scored_cache[skey] = scored
            if len(scored_cache) > caches.result_size:
                scored_cache.popitem(last=False)
        else:
            scored_cache.move_to_end(skey)
        if not scored:
            return []
        idx = self._idx
        names = idx.names
        hits: list[MatchHit] = []
        for key, base, nid, det in scored:
            entry = idx.entries[key]
            adj = self._adjust(query, entry)
            final = base + sum(adj.values())
            final = 0.0 if final < 0.0 else 1.0 if final > 1.0 else final
            if final < self.threshold:
                continue
            # (hit() adds this query's score and adjustments to a copy of the name's details)
            hits.append(hit(entry, names[nid], final, base, adj, dict(det)))
        hits.sort(key=_hit_order)
        if len(hits) > max_hits:
            # each list's best hit stays, then the best of the rest: a decision names every list
            # the party is on, even when more entries of another list share the name (twelve
            # DPL entries of ALNASER AIRLINES, and the SDN one)
            firsts = {h.list: h for h in reversed(hits)}
            kept = sorted(firsts.values(), key=_hit_order)[:max_hits]
            ids = {id(h) for h in kept}
            kept += [h for h in hits if id(h) not in ids][:max_hits - len(kept)]
            hits = sorted(kept, key=_hit_order)
        return hits

    def _scored_name(self, query: PartyQuery) -> tuple:
        """``(entry key, score before adjustments, name id, details)`` for each entry the name
        may match (see ``_score_names``); only what the hits need is kept, not the query's
        preparation and alignments. A field that holds more than a name (a label, a vessel
        prefix, a branch or an address after a company, another name in brackets: see
        ``annotations``) is also scored part by part, and a name with initials run together ("MN
        Khayrbik"), words written together in camel case ("XiaohongMa") or joined by marks
        ("Ali.MAMLUK", "STATE+ENTERPRISE"), and a possessive ("ZIV's") are also read apart
        (``annotations.initials_reading``, ``camel_reading``, ``punctuation_reading``), digits
        inside words as the letters they look like ("COMP4NY": ``digit_letters_reading``) and a
        word written twice once (``repeated_word_reading``); each entry keeps its best score."""
        forms = self._normalise(query)
        scored = self._scored_text(query, forms)
        if forms[3] is not None:
            # the words as written too: a word read as a legal form's may be the company's own
            # (MABNA INSTIT is MABNA INSTITUTE, not an INSTITUTION)
            merged = {row[0]: row for row in scored}
            for row in self._scored_text(query, self._normalise(query, False)):
                cur = merged.get(row[0])
                if cur is None or row[1] > cur[1]:
                    merged[row[0]] = row
            scored = tuple(merged.values())
        parts = name_parts(query.name or "")
        qtype = _query_type(query)
        opening = _opening_read(forms[0]) if forms[0] is not None and qtype not in _PERSON else None
        # (undotted initials are a person's: not read for a company, vessel or aircraft)
        reading = initials_reading(query.name or "") if not qtype or qtype in _PERSON or qtype == "unknown" else None
        if reading is not None:
            parts.append(reading)
        reading = camel_reading(query.name or "")
        if reading is not None:
            parts.append(reading)
        reading = punctuation_reading(query.name or "")
        if reading is not None:
            parts.append(reading)
        # (read from the name as written when a normalised word mixes letters and digits)
        name = query.name or ""
        reading = digit_letters_reading(name) if _letters_and_digits(forms[2].tokens) else None
        if reading is not None:
            parts.append(reading)
        # (read from the name as written when its words, as normalised, hold one twice in a row,
        # or when it is in another script, which normalises to syllables or splits an article off)
        reading = repeated_word_reading(name) if _word_twice(forms[2].tokens) or not name.isascii() else None
        if reading is not None:
            parts.append(reading)
        if not parts and opening is None:
            return scored
        best = {row[0]: row for row in scored}
        if opening is not None:
            # (scored as an organisation's name only: the person form keeps the letters anyway)
            reading, said = opening
            legal = {t for t, lg in zip(reading.tokens, reading.legal, strict=True) if lg}
            # (the letters must not carry the name alone: "AO KONCERN" is no A.D.O.)
            _keep_better(best, [row for row in self._scored_text(query, (reading, None, reading, None))
                                if legal.issuperset(row[3].get("unmatched_query", ()))], query.name, said)
        for text, set_aside in parts:
            _keep_better(best, self._scored_text(PartyQuery(text, type=query.type)), text, set_aside)
        return tuple(best.values())

    def _scored_text(self, query: PartyQuery, forms: tuple | None = None) -> tuple:
        """Each entry the text may match, scored (``forms``: the query's normalised forms, as
        ``_normalise`` gives them, when the caller has them already)."""
        org, plain, written, spelt = self._normalise(query) if forms is None else forms
        okey = org.key if org is not None else None
        pkey = plain.key if plain is not None else None
        if not okey and not pkey:
            return ()
        truncatable = len(query.name or "") >= TRUNCATION_MIN_CHARS
        idx = self._idx
        names = idx.names
        out = []
        b: Best
        rec: IndexedName
        for key, b in self._score_names(org, plain, written, truncatable):
            rec = names[b.nid]
            if b.truncated:
                ts, k, capped = truncation_score(idx, written.tokens, written.key, rec)
                det = truncation_details(idx, written.tokens, rec, ts, k, capped)
            else:
                det = details(idx, b.q, rec, b.score, b.alignment) if b.alignment is not None else None
            det = det or {}
            if spelt is not None and "query_part" not in det:
                det["query_part"] = spelt[0]
                det["set_aside"] = spelt[1]
            elif b.q is not None and b.q.norm.alts and "query_part" not in det:
                said = _written_together(query.name or "", b.q.norm)
                if said is not None:
                    det["query_part"], det["set_aside"] = said
            out.append((key, b.score, b.nid, det))
        return tuple(out)

    def _score_names(self, org: NormName | None, plain: NormName | None, written: NormName,
                     truncatable: bool) -> tuple:
        """``(entry key, Best)`` for every entry one of whose names the query's forms may match:
        scored before any adjustment, at least the floor the best adjustments could still lift
        to the threshold."""
        floor = self.threshold - MAX_BONUS
        idx = self._idx
        caches = self._caches
        long_words: dict = caches.long_words
        info: LongWord
        cur: Best
        rec: IndexedName
        # words the list does not know but two of its words written together are split
        # (after the result cache: the split depends on the list only)
        unknown = False  # (most names have no long word the list lacks)
        splits = False
        for t in (org if org is not None else plain).tokens:
            if len(t) >= 6:
                info = long_word(idx, long_words, t)
                if not info.known:
                    unknown = True
                if info.parts:
                    splits = True
        if unknown:
            if org is not None:
                if splits:
                    same = plain is org
                    org = split_joined(idx, long_words, org, True)
                    if same:
                        plain = org
                if plain is not None and plain is not org:
                    plain = split_joined(idx, long_words, plain, False)
            elif splits:
                plain = split_joined(idx, long_words, plain, False)
        if org is not None:
            # a legal form misspelt by one letter ("ORIMAR LTDAA"): the person form keeps legal
            # forms as written, so it changes only when it is the same form
            read = legal_typos(idx, org)
            if read is not org:
                if plain is org:
                    plain = read
                org = read
        qo = prepare(idx, caches, org, floor) if org is not None and org.tokens else None
        qp: Query | None = None
        have_plain = plain is not None and bool(plain.tokens)
        if have_plain:
            if plain is org:
                qp = qo
                have_plain = qo is not None
            elif org is None or qo is None:
                qp = prepare(idx, caches, plain, floor)  # type: ignore[arg-type]
                have_plain = qp is not None
        # Candidates come from the organisation form when there is one; the person form
        # (legal forms left as written) is only prepared if a person name is to be scored.
        base = qo if qo is not None else qp
        person_q: PersonForm = None
        cands: list = []
        bounds: dict = {}
        if base is not None:  # (most names on no list stop here: neither form can reach the floor)
            person_q = PersonForm(idx, caches, plain if have_plain else None, qp)
            bounded = candidates(idx, caches, self._sums, base, floor, person_q if have_plain and base is qo else None)
            cands = [nid for nid, _ in bounded]
            bounds = dict(bounded)
            qp = person_q.q
        # Truncated fields: names whose text (legal forms as written) starts with the query's.
        tnorm = written
        trunc: list[int] = []
        if truncatable:
            if len(tnorm.key) >= TRUNCATION_MIN_CHARS:
                trunc = idx.prefixed(tnorm.key, TRUNCATION_CANDIDATES)
        if not cands and not trunc:
            return ()
        names = idx.names
        best: dict[str, Best] = {}  # entry key -> the best of its names
        for nid in dict.fromkeys(cands + trunc):
            rec = names[nid]
            if rec is None:  # pragma: no cover - postings never keep removed names
                continue
            cur = best.get(rec.key)
            if cur is not None and not trunc and cur.score >= bounds.get(nid, 1.0):
                continue  # another name of this entry already scores what this one at most could
            if rec.person and have_plain:
                qp = person_q()
                q = qp
            else:
                q = qo if qo is not None else qp
            s = 0.0
            alignment = None
            if q is not None:
                s, alignment = score(idx, caches, q, rec, floor)
            is_trunc = False
            if trunc and rec.plain_key != tnorm.key and rec.plain_key.startswith(tnorm.key):  # type: ignore[union-attr]
                ts, _k, _capped = truncation_score(idx, tnorm.tokens, tnorm.key, rec)
                if ts > s:
                    s = ts
                    is_trunc = True
            if s < floor:
                continue
            if alignment is not None and rec.person and _other_gender(idx, q.tokens, alignment, rec):
                continue
            if cur is None or s > cur.score:
                best[rec.key] = Best(s, nid, is_trunc, q, alignment)
        return tuple(best.items())


def _written_together(name: str, norm: NormName) -> tuple[str, str] | None:
    """(the query as read, what was read so) when a word of the name was split into words of
    the list (``joined.split_joined``: "FIRSTEASTEXPORTBANKPLC" as first east export bank plc),
    for the explanation; None when none was. A split word is an other spelling of its parts that
    the name holds as written (a Hangul word's syllables are not)."""
    letters = "".join(ch for ch in name.lower() if ch.isalnum())
    split = [t for t, start, end in norm.alts if end - start >= 2 and t in letters]
    if not split:
        return None
    return " ".join(norm.tokens), f"{', '.join(split)} read as words written together"


def _keep_better(best: dict, rows, text: str, said: str) -> None:
    """Each entry's better row of ``best`` and ``rows``, the scores of one reading of the query
    (``text``, what was read so: both named in the explanation)."""
    for key, part_score, nid, det in rows:
        cur = best.get(key)
        if cur is None or part_score > cur[1]:
            det = dict(det)
            det["query_part"] = text
            det["set_aside"] = said
            best[key] = (key, part_score, nid, det)


def _opening_read(org: NormName) -> tuple[NormName, str] | None:
    """``normalize.opening_as_initials`` of a query's organisation form (its written form is
    kept beside it only when the legal forms were rewritten)."""
    return opening_as_initials(org, org.plain.tokens) if org.plain is not None else None


def _hit_order(h: MatchHit) -> tuple:
    """Best score first; among equals by list and entry id (a stable order for a decision)."""
    return (-h.score, h.list, h.entry_id)


@cython.cfunc
def _letters_and_digits(tokens: tuple) -> cython.bint:
    t: str
    c: cython.Py_UCS4
    digit: cython.bint
    letter: cython.bint
    for t in tokens:
        digit = letter = False
        for c in t:  # (normalised words are ASCII letters and digits: a C loop over them)
            if c <= "9":
                digit = True
            else:
                letter = True
        if digit and letter:
            return True
    return False


@cython.cfunc
def _word_twice(tokens: tuple) -> cython.bint:
    k: cython.Py_ssize_t
    for k in range(1, len(tokens)):
        if tokens[k] == tokens[k - 1]:
            return True
    return False


def _query_type(query: PartyQuery) -> str:
    """The query's type as the engine reads it: trimmed, lower case, "" when not given."""
    return (query.type or "").strip().lower()


_NO_HITS: list[MatchHit] = []
GENDER_MET_SIM = 0.8  # how alike two spellings of one given name are (Alexander, Aleksandr)


def _other_gender(idx: NameIndex, qtoks: tuple, alignment: Alignment, rec: IndexedName) -> bool:
    """A query word is the other gender's form of a given name another name of this person has,
    and either met nothing here ("Gabrielle Jok Riak" and the alias "RIAK, Jok" of "JOK RIAK,
    Gabriel") or met only another spelling of that name ("Aleksandra" and the alias "Alexander"
    of "KARAMAN, Aleksandr"): one entry is one person, so the name is not theirs, as it would
    not be against that name. (A short form, a word without its vowels or one with two letters
    swapped that met a name is that name, whatever another alias's ending.)"""
    others = idx.entry_names.get(rec.key, ())
    if len(others) < 2:
        return False
    names: list = idx.names
    ntoks: tuple = rec.norm.tokens
    qsim: list = alignment.qsim
    ql: list = alignment.ql
    own = rec.nid
    p: cython.Py_ssize_t
    k: cython.Py_ssize_t
    sim: cython.double
    otoks: tuple
    roles: tuple
    o: IndexedName
    for p in range(len(qtoks)):
        sim = qsim[p]
        if sim >= 1.0:
            continue
        t = qtoks[p]
        met = ntoks[ql[p]] if sim > 0.0 and ql[p] >= 0 else ""
        if met and (sim < GENDER_MET_SIM or _vowelless(t) or transposed(t, met)):
            continue  # (Muhammda met MUHAMMAD: a slip of this name, not another's other gender)
        for nid in others:
            if nid == own:
                continue
            o = names[nid]
            if o is None or not o.person:
                continue
            otoks = o.norm.tokens
            if t in otoks:
                continue
            roles = o.roles
            for k in range(len(otoks)):
                w = otoks[k]
                r = roles[k]
                # (a family name has other genders' forms only where family names change with
                # the bearer: DURGHAMA is a slip of the alias DERGHAM's DURGHAM, Ivanova not Ivanov)
                if ((gender_pair(t, w) if r == R_GIVEN1 or r == R_GIVEN or r == R_NASAB else surname_gender_pair(t, w))
                        and (not met or keyed_similarity(met, w) >= GENDER_MET_SIM)):
                    return True
    return False


def _vowelless(t: str) -> bool:
    """No vowel after the first letter (a word written without its vowels: KRMV)."""
    return not any(ch in "aeiou" for ch in t[1:])
