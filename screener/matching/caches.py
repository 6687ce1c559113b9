"""Every cache of a matching engine, in one place.

All of them depend on the watch list only (``clear_list`` after every change of the list) and
on nothing else of the engine's state, except the result caches, which also depend on the
threshold (part of their keys). Each is bounded: the result caches are least-recently-used maps;
the per-word caches are cleared whole when full (a new list has new words anyway, and most
queries reuse the same few thousand words).
"""

from __future__ import annotations

from collections import OrderedDict

CACHE_SIZE = 50_000  # results
WORD_CACHE_SIZE = 200_000  # spans, tokens, long words
PAIR_CACHE_SIZE = 200_000  # word-pair similarities
SET_CACHE_SIZE = 20_000  # name sets of a query position


class EngineCaches:
    """The caches of one ``MatchingEngine``:

    - ``results``: (name, country, type, address as given, threshold) -> hits (``MatchHit`` list);
    - ``scored``: (name, type as given, threshold) -> the entries the name may match, scored
      before the adjustments for country, type and address, and explained (``(entry key,
      score, name id, details)`` tuples);
    - ``spans``: query text (prefixed "+" for a join, "#" per level of other-script reading) ->
      ``records.Span``: the list words it may be;
    - ``tokens``: a query word (or (word, flags...) for a word with flags) -> ``records.Token``;
    - ``pairs``: (query word, listed word, the listed word is a given name) -> similarity;
    - ``sets``: the vocabulary id tuples of a query position -> frozenset of name ids holding one;
    - ``long_words``: a query word of six letters or more -> ``records.LongWord``.
    """

    __slots__ = ("results", "scored", "result_size", "spans", "tokens", "pairs", "sets", "long_words")

    def __init__(self, result_size: int = CACHE_SIZE):
        self.results: OrderedDict = OrderedDict()
        self.scored: OrderedDict = OrderedDict()
        self.result_size = result_size
        self.spans: dict = {}
        self.tokens: dict = {}
        self.pairs: dict = {}
        self.sets: dict = {}
        self.long_words: dict = {}

    def clear_list(self) -> None:
        """The list changed: everything cached for the old list goes (results, the per-word
        look-ups, whose weights and postings may have moved, and the word-pair similarities: a
        new name can make a listed word a person's, where masculine and feminine forms are two
        names)."""
        self.results.clear()
        self.scored.clear()
        self.pairs.clear()
        self.spans.clear()
        self.tokens.clear()
        self.sets.clear()
        self.long_words.clear()

    def clear_all(self) -> None:
        """Everything (for cold-cache measurements)."""
        self.clear_list()
