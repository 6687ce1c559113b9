"""The matching engine's named records: what a query word may be (``Span``), one query word in
its context (``Token``), a prepared query (``Query``), how one name was aligned
(``Alignment``, made of ``AlignedPair``), what a long word is to the list (``LongWord``) and
one listed name as the index holds it (``IndexedName``).

Compiled, these are extension types whose fields the other compiled modules read directly
(they ``cimport`` them through ``records.pxd``, which declares the fields: keep the two in
step). Interpreted, they are plain classes with the same fields.

The per-word caches (``caches.py``) hold ``Span``, ``Token`` and ``LongWord`` entries, hundreds
of thousands of them. Those types hold only atoms and tuples of atoms, so they can be in no
reference cycle: compiled, they are not tracked by the cyclic garbage collector at all
(``no_gc``), and the tuples inside are taken off its lists as they are made (``settled``), so
that the first collection after a batch of new words does not visit them all.
"""

from __future__ import annotations

import cython

# Bit masks of query and name positions are Python ints (any length): shifts start from these
# objects, never from a literal, so that compiled code does not shift a C long.
ONE = 1
THREE = 3


@cython.cfunc
def settled(x: object) -> object:
    """``x`` (a tuple or frozenset of atoms and other settled objects) taken off the cyclic
    collector's lists. Interpreted, a no-op."""
    if cython.compiled:
        PyObject_GC_UnTrack(x)  # noqa: F821 - declared in records.pxd
    return x


@cython.cfunc
def bits(s: object, e: object) -> object:
    """The bit mask of positions s .. e-1."""
    return ((ONE << e) - 1) ^ ((ONE << s) - 1)


@cython.no_gc
@cython.cclass
class Span:
    """What the list offers for one piece of query text (a word, two words joined, another
    spelling): the list words it may be, best first, with its phonetic keys. Cached per text."""

    exps: tuple  # ((vocabulary id, similarity), ...) best first
    ids: tuple  # (vocabulary id, ...) the same ids
    meta: str  # the text's metaphone, skeleton and fold keys ("" when not looked up fuzzily)
    skel: str
    fold: str

    def __init__(self, exps: tuple, ids: tuple, meta: str, skel: str, fold: str):
        self.exps = exps
        self.ids = ids
        self.meta = meta
        self.skel = skel
        self.fold = fold


@cython.no_gc
@cython.cclass
class Token:
    """One query word in its context (legal form, syllable, read from another script, title).
    Cached per word and flags."""

    weight: cython.double  # the word's weight on the query side
    eff: cython.double  # what it costs when left unaligned
    span: Span  # the list words it may be
    contrib: cython.double  # the most it can add to an alignment
    rare: tuple  # ((vocabulary id, gain), ...): pairs that would make a match distinctive

    def __init__(self, weight: float, eff: float, span: Span, contrib: float, rare: tuple):
        self.weight = weight
        self.eff = eff
        self.span = span
        self.contrib = contrib
        self.rare = rare


@cython.no_gc
@cython.cclass
class LongWord:
    """What the list makes of a query word of six letters or more: whether it has it as a word,
    and the two known words it is written together from (or ())."""

    known: cython.bint
    parts: tuple

    def __init__(self, known: bool, parts: tuple):
        self.known = known
        self.parts = parts


@cython.cclass
class Query:
    """One prepared query form (``query.prepare``).

    Its spans (words, joins of two words, other spellings) are kept as columns: span j is
    ``span_text[j]`` at query positions ``span_start[j]`` .. ``span_end[j] - 1``. Its positions
    (the query words that are not legal forms and that some list word may align with) are
    columns too: ``pos_gain``, ``pos_cost``, ``pos_cost_org``, ``pos_vsets``, ``pos_generic``."""

    norm: object  # the normalised name (normalize.NormName)
    tokens: tuple  # tuple[str, ...]
    eff: list  # list[float]: what each word costs when unaligned
    span_text: list  # list[str]
    span_start: list  # list[int]
    span_end: list  # list[int]
    span_rec: list  # list[Span]
    span_w: list  # query-side weight of each span (a pair weighs the lesser of both sides)
    span_wmax: list  # weight of the span's weightiest word (for "distinctive")
    span_mask: list  # query positions each span covers (bit mask)
    rare: dict  # query position -> [((vocabulary id, gain), ...)]: pairs that would be distinctive
    contrib: list  # most each position can add (by span start)
    pos_gain: list  # per position: the most it can add
    pos_cost: list  # ... its cost when unaligned
    pos_cost_org: list  # ... against a company's name (a generic word it lacks costs less: ALPHA_GENERIC)
    pos_vsets: list  # ... the vocabulary id tuples of the spans covering it
    pos_generic: list  # ... a generic business word a company's name may lack (SERVICES, GROUP)
    initials: list  # the query's one-letter words no span covers
    run_initials: list  # [(position, letter)]: one-letter words a run of them covers ("K.C.D.", read kcd too)
    reach: cython.double  # the most the query's positions can add together
    lost: cython.double  # unaligned cost of the non-legal words nothing on the list may align with
    slack: cython.double  # what a person name may discount ``lost`` to (EXTRA_PERSON or 1)
    qinv: dict  # vocabulary id -> [(span, similarity)]: built when a name is scored (None until then)

    def __init__(self, norm: object, tokens: tuple, eff: list, span_text: list, span_start: list, span_end: list,
                 span_rec: list, span_w: list, span_wmax: list, span_mask: list, rare: dict, contrib: list,
                 pos_gain: list, pos_cost: list, pos_cost_org: list, pos_vsets: list, pos_generic: list,
                 initials: list, reach: float, lost: float, slack: float = 1.0, run_initials: list = None):
        self.norm = norm
        self.tokens = tokens
        self.eff = eff
        self.span_text = span_text
        self.span_start = span_start
        self.span_end = span_end
        self.span_rec = span_rec
        self.span_w = span_w
        self.span_wmax = span_wmax
        self.span_mask = span_mask
        self.rare = rare
        self.contrib = contrib
        self.pos_gain = pos_gain
        self.pos_cost = pos_cost
        self.pos_cost_org = pos_cost_org
        self.pos_vsets = pos_vsets
        self.pos_generic = pos_generic
        self.initials = initials
        self.run_initials = run_initials if run_initials is not None else []
        self.reach = reach
        self.lost = lost
        self.slack = slack
        self.qinv = None


@cython.cclass
class IndexedName:
    """One name (or alias) of a listed entry, normalised once when the entry is indexed."""

    nid: cython.Py_ssize_t
    key: str  # entry key "list/entry_id"
    alias: cython.Py_ssize_t  # index into entry.names
    raw: str
    norm: object  # normalize.NormName
    vids: tuple  # vocabulary id of each token
    spans: tuple  # (vid, start, end): tokens and adjacent-word joins
    betas: tuple
    person: cython.bint
    joined: str  # tokens joined by spaces
    plain: tuple  # tokens with legal forms left as written (for truncated queries)
    plain_key: str
    initials: frozenset  # first letters of its words, stop words aside
    beta_min: cython.double  # least beta of its words (bounds what its unaligned words must cost)
    roles: tuple  # each word's role (structure.R_*): family name, given name, ...

    def __init__(self, nid: int, key: str, alias: int, raw: str, norm: object, vids: tuple, spans: tuple,
                 betas: tuple, person: bool, joined: str, plain: tuple, plain_key: str, initials: frozenset,
                 beta_min: float, roles: tuple = ()):
        self.nid = nid
        self.key = key
        self.alias = alias
        self.raw = raw
        self.norm = norm
        self.vids = vids
        self.spans = spans
        self.betas = betas
        self.person = person
        self.joined = joined
        self.plain = plain
        self.plain_key = plain_key
        self.initials = initials
        self.beta_min = beta_min
        self.roles = roles

    def __repr__(self) -> str:
        return f"IndexedName(nid={self.nid}, key={self.key!r}, alias={self.alias}, raw={self.raw!r})"


@cython.cclass
class AlignedPair:
    """A query span (or one query word compared directly) aligned with listed words."""

    span: cython.Py_ssize_t  # the query span, or -1 - the query word compared directly
    start: cython.Py_ssize_t  # the listed words start .. end - 1
    end: cython.Py_ssize_t
    sim: cython.double
    weight: cython.double

    def __init__(self, span: int, start: int, end: int, sim: float, weight: float):
        self.span = span
        self.start = start
        self.end = end
        self.sim = sim
        self.weight = weight


@cython.cfunc
def aligned_pair(span: cython.Py_ssize_t, start: cython.Py_ssize_t, end: cython.Py_ssize_t, sim: cython.double,
                 weight: cython.double) -> AlignedPair:
    """``AlignedPair(...)`` without the call protocol (compiled)."""
    a: AlignedPair = AlignedPair.__new__(AlignedPair)
    a.span = span
    a.start = start
    a.end = end
    a.sim = sim
    a.weight = weight
    return a


@cython.cclass
class Alignment:
    """How ``alignment.score`` aligned a query with a name, for ``explain.details``."""

    pairs: list  # list[AlignedPair]
    unaligned_query: list  # query positions left over
    unaligned_name: list  # name positions left over
    capped: cython.bint  # the score was capped: common words only
    verdict: object  # structure.Verdict: the structure rules' costs, block and notes
    lsim: list  # per listed word: how alike it was aligned (0.0 unaligned)
    lq: list  # ... with which query position (-1)
    ql: list  # per query word: which listed position (-1)
    qsim: list  # ... how alike

    def __init__(self, pairs: list, unaligned_query: list, unaligned_name: list, capped: bool, verdict: object,
                 lsim: list, lq: list, ql: list, qsim: list):
        self.pairs = pairs
        self.unaligned_query = unaligned_query
        self.unaligned_name = unaligned_name
        self.capped = capped
        self.verdict = verdict
        self.lsim = lsim
        self.lq = lq
        self.ql = ql
        self.qsim = qsim
