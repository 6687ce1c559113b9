"""How much a token counts: IDF over the list, capped for words that are common in the world.

A token's weight is its inverse document frequency over the entries held (``ln((N+1)/(df+0.5))``,
df counted once per entry however many aliases repeat it, N at least ``MIN_REFERENCE_ENTRIES``),
so a word that many entries share ("company", "al", "muhammad") weighs little and a surname that
only one entry has weighs a lot.

Some words are rare *on the list* but common in the world, and a name that merely shares one of
them must not hit: those weights are capped.

* legal forms (``llc``, ``jsc``, ...) -- ``LEGAL_WEIGHT``;
* rigour's multilingual stop words (of, the, de, al, y, ...) -- ``STOPWORD_WEIGHT``;
* rigour's generic person names (Muhammad, Mohammed, Hassan, Abdullah, ...) and the
  ``COMMON_GIVEN_NAMES`` below -- ``GENERIC_NAME_WEIGHT``;
* ``GENERIC_BUSINESS_WORDS`` (trading, electronics, global, international, group, ...) --
  ``GENERIC_WORD_WEIGHT``.

The word lists are deliberately short: they only need the words a random company or person
name is likely to share with a list entry; IDF does the rest.
"""

from __future__ import annotations

import functools
import math
import unicodedata

from rigour.names.check import is_generic_person_name
from rigour.text.stopwords import is_stopword

from screener.matching.normalize import LEGAL_FORMS, normalize_name

LEGAL_WEIGHT = 0.4
STOPWORD_WEIGHT = 0.8
GENERIC_NAME_WEIGHT = 3.0
GENERIC_WORD_WEIGHT = 3.2
# Weight at or above which an aligned token is "distinctive": roughly a token that at most ~1%
# of entries share. A hit needs one distinctive token, or every name part aligned on both sides.
DISTINCTIVE_WEIGHT = 4.6

GENERIC_BUSINESS_WORDS = frozenset("""
trading trade traders trader international intl global worldwide world group groups holding
holdings industries industry industrial electronics electronic electric electrical technology
technologies tech techno systems system solutions solution services service logistics shipping
transport transportation import export imports exports importers exporters enterprise
enterprises general company companies corporation manufacturing manufacturers engineering
investment investments development resources energy power petroleum oil gas chemical chemicals
machinery machine equipment supply supplies products product partners venture ventures capital
finance financial consulting consultants commercial commerce united national universal
marketing sales distribution distributors agency network networks media communications telecom
software digital data computer computers devices components parts precision tools tooling
metals steel materials construction building builders project projects management associates
foundation institute center centre office bureau office services star sun green blue red
golden gold silver royal first new east west north south eastern western northern southern
pacific atlantic asia asian euro europe european america american africa african middle orient
oriental gulf arab sea ocean marine maritime air aviation aero airlines line lines auto
automotive motors motor medical pharma pharmaceutical health food foods agro agricultural textile
textiles garment garments fashion home house land real estate properties property hotel hotels
travel tours express fast smart plus pro prime alpha beta delta omega mega micro nano lab labs
research science sciences scientific innovation innovations dynamics systems bank banking
exchange money credit insurance mining minerals brothers
""".split())

# The same kind of words in the other languages of the lists' company names (Spanish,
# Portuguese, French, Italian, German, Russian in Latin letters). Not weighed as generic (the
# list's own counts weigh them); only read so when a company's name is one of them alone
# (structure.judge: "TRANSPORTES Co., Ltd." is no name, whatever alias says TRANSPORTES LC).
GENERIC_BUSINESS_WORDS_ABROAD = frozenset("""
transportes transporte transports trasporti servicios servicos servizi comercial comerciales
comercio commerciale comercializadora distribuidora distribuciones distribution inversiones
investimentos investissements constructora construcciones construcoes construzioni industrias
industria industrie industriale industrielle importadora exportadora importaciones exportaciones
internacional internacionales internationale internazionale grupo groupe gruppo gruppe empresa
empresas entreprise impresa negocios tecnologia tecnologias technologie technologies tecnologie
technik soluciones solucoes logistica logistique logistik ingenieria engenharia ingenierie
inmobiliaria imobiliaria immobiliere immobiliare agropecuaria financiera financeira financiere
seguros assurances assicurazioni petroleos petroleo quimica quimicos farmaceutica consultores
asociados associes hermanos irmaos freres fratelli handel handels handelsgesellschaft
torgovyi torgovaya torgovy promyshlennaya promyshlennyi stroitelnaya tekhnologii servis invest
eksport import
""".split())
# Either set: what structure.judge and annotations read as a generic business word, any language.
GENERIC_BUSINESS_WORDS_ANY_LANGUAGE = GENERIC_BUSINESS_WORDS | GENERIC_BUSINESS_WORDS_ABROAD


# Given names too common in the world to carry a match alone, beyond rigour's Arabic list.
COMMON_GIVEN_NAMES = frozenset("""
john james robert michael william david richard joseph thomas charles mary patricia jennifer
linda elizabeth barbara susan jessica sarah karen maria jose juan carlos luis jorge antonio
manuel francisco pedro miguel ana carmen ali ahmad ahmed mohamed mohammad mohammed muhammad
mohamad mahmoud hassan hussein husain hussain omar umar abdul abdel abd abu ibrahim ismail
yusuf youssef mustafa khalid khaled alexander aleksandr alexandr sergei sergey sergiy andrei
andrey dmitry dmitri dmitriy vladimir ivan nikolai nikolay mikhail igor oleg pavel yuri yury
viktor victor alexei aleksei alexey aleksey olga elena tatiana natalia irina anna wei li wang
zhang liu chen yang huang zhao kim lee park choi
""".split())


def _one_token(word: str | None) -> str | None:
    """A word of rigour's lists as this engine's single token (None: none or several, e.g.
    "&" or a Chinese word of two syllables). rigour reads its lists through this, so its public
    checks answer for tokens as the index holds them."""
    toks = normalize_name(word or "", org_forms=False).tokens
    return toks[0] if len(toks) == 1 else None


_SYLLABIC_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


def _stopword_token(word: str | None) -> str | None:
    """``_one_token`` for a stop word not written in Han, Kana or Hangul: read into Latin, those
    are the syllables names are made of (是 shi, 为 wei, 和 he are Chinese surnames and given
    names; の no, と to)."""
    if word is None or any(unicodedata.name(c, "").startswith(_SYLLABIC_SCRIPTS) for c in word):
        return None
    return _one_token(word)


def _word_list(check, reading) -> frozenset[str]:
    """The tokens of one of rigour's word lists, read through its public check: the check passes
    every word of its list through the normalizer it is given, once, and ``reading`` is that
    normalizer here, so the tokens are collected as it goes (later queries are set look-ups)."""
    seen: set[str] = set()

    def collect(word: str | None) -> str | None:
        token = reading(word)
        if token:
            seen.add(token)
        return token

    check("", normalizer=collect)
    return frozenset(seen)


_STOPWORDS = _word_list(is_stopword, _stopword_token)
_GENERIC_NAMES = _word_list(is_generic_person_name, _one_token) | COMMON_GIVEN_NAMES


@functools.lru_cache(maxsize=1 << 16)
def weight_cap(token: str) -> float:
    """The most ``token`` can weigh whatever its IDF (``inf`` = no cap). Cached: unknown words
    of every new query come here."""
    if token in LEGAL_FORMS:
        return LEGAL_WEIGHT
    if token in _STOPWORDS:
        return STOPWORD_WEIGHT
    if token in _GENERIC_NAMES:
        return GENERIC_NAME_WEIGHT
    if token in GENERIC_BUSINESS_WORDS:
        return GENERIC_WORD_WEIGHT
    if len(token) == 1:
        return STOPWORD_WEIGHT
    return math.inf


# Rarity is judged against at least this many entries, so that a short list (a company's own
# list of a few hundred parties, or a test list of three) does not make every word common.
MIN_REFERENCE_ENTRIES = 5000


def idf(df: int, n_entries: int) -> float:
    n = n_entries if n_entries > MIN_REFERENCE_ENTRIES else MIN_REFERENCE_ENTRIES
    return math.log((n + 1.0) / (df + 0.5))
