"""Hold policy: turn an enriched order and its watch-list hits into reasons.

Any reason means HOLD; no reason means RELEASE. Every rule that fires adds its reasons (not only
the first); identical reasons are given once. The rules and their settings live in a YAML policy
file (``default_policy.yaml`` is shipped), validated at start-up: a bad file raises
:class:`PolicyError` naming the file, the line and the problem. ``policy.version`` is a short hash
of the effective content (settings plus the item-risk table), so a decision can say which policy
made it. See ``docs/policy.md`` for the file format and the reason codes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rigour.names import remove_org_types
from rigour.text.translit import ascii_text

from screener.enrichment import (
    EnrichedOrder,
    EnrichedParty,
    Enricher,
    EnrichmentConfig,
    ItemRiskError,
    ItemRiskTable,
    OccupiedRegion,
)
from screener.enrichment.countries import guess_iso2
from screener.enrichment.regions import fold
from screener.enrichment.yamlconf import ConfigError, locate, read_config_text, validate_yaml_node
from screener.events.decisions import Reason
from screener.matching.base import MatchHit
from screener.policy.model import PolicyModel

__all__ = [
    "Policy", "PolicyError", "PolicyModel", "REASON_CODES", "WATCHLIST_MATCH", "EMBARGOED_DESTINATION",
    "DIVERSION_RISK", "FORWARDER_AS_END_USER", "SHIP_TO_MISMATCH", "UNRESOLVED_COUNTRY",
    "DEFAULT_POLICY_RESOURCE",
]

log = logging.getLogger(__name__)

WATCHLIST_MATCH = "WATCHLIST_MATCH"
EMBARGOED_DESTINATION = "EMBARGOED_DESTINATION"
DIVERSION_RISK = "DIVERSION_RISK"
FORWARDER_AS_END_USER = "FORWARDER_AS_END_USER"
SHIP_TO_MISMATCH = "SHIP_TO_MISMATCH"
UNRESOLVED_COUNTRY = "UNRESOLVED_COUNTRY"
REASON_CODES = (WATCHLIST_MATCH, EMBARGOED_DESTINATION, DIVERSION_RISK, FORWARDER_AS_END_USER,
                SHIP_TO_MISMATCH, UNRESOLVED_COUNTRY)

DEFAULT_POLICY_RESOURCE = "default_policy.yaml"
_DEFAULT_POLICY_NAME = f"screener/policy/{DEFAULT_POLICY_RESOURCE}"
_SCORE_EPSILON = 1e-9


class PolicyError(ConfigError):
    """The policy file (or the item-risk table it names) is unreadable or invalid.

    ``str(error)`` reads ``<file>, line <n>: <where>: <problem>``; ``path``, ``line`` (1-based) and
    ``problem`` hold the parts, ``errors`` every ``(line, problem)`` found.
    """


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A party name reduced for equality: transliterated, legal forms dropped, folded."""
    try:
        text = ascii_text(name)
    except Exception:  # noqa: BLE001
        text = name
    try:
        stripped = remove_org_types(text)
    except Exception:  # noqa: BLE001
        stripped = text
    return fold(stripped) or fold(text)


def _reason(code: str, party: EnrichedParty | None = None, **fields: Any) -> Reason:
    data: dict[str, Any] = {"code": code}
    if party is not None:
        data["party_role"] = party.role
        data["party_name"] = party.name
    data.update({k: v for k, v in fields.items() if v is not None})
    # Reason.model_validate without its Python wrapper (which costs about as much again)
    return Reason.__pydantic_validator__.validate_python(data)


def _json_key(r: Reason) -> str:
    return json.dumps(r.model_dump(mode="json"), sort_keys=True, default=str)


def _key(r: Reason) -> tuple:
    """Equal for two reasons exactly when their JSON is (values compared with their types, so
    1, 1.0 and True stay apart; extra fields in any order)."""
    extra = r.__pydantic_extra__ or {}
    return (tuple((type(v), v) for v in r.__dict__.values()),
            tuple(sorted((k, type(v), v) for k, v in extra.items())))


def _dedupe(reasons: list[Reason]) -> list[Reason]:
    if len(reasons) < 2:
        return reasons
    seen: set = set()
    out = []
    for r in reasons:
        try:
            key: Any = _key(r)
            hash(key)
        except TypeError:  # a value that is not hashable (a list, a dict): compare the JSON
            key = _json_key(r)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


class Policy:
    """A validated policy. Build it with :meth:`load` (a file, or the packaged default),
    :meth:`loads` (text), or directly from a :class:`PolicyModel`."""

    def __init__(self, model: PolicyModel | None = None, item_risk: ItemRiskTable | None = None,
                 source: str | None = None):
        self.model = model or PolicyModel()
        self.item_risk = item_risk or ItemRiskTable.load()
        self.source = source or "<defaults>"
        d = self.model.destinations
        self.enrichment_config = EnrichmentConfig(
            item_risk=self.item_risk,
            embargoed=frozenset(d.embargoed),
            transshipment_risk=frozenset(d.transshipment_risk),
            occupied_regions=tuple(OccupiedRegion(name, spec.country, tuple(spec.terms))
                                   for name, spec in d.occupied_regions.items()),
        )
        #: An enricher configured like this policy: pass it to ``Screener`` to enrich once.
        self.enricher = Enricher(self.enrichment_config)
        self.version = self._version()
        rules = self.model.rules
        self._lists = ({x.casefold() for x in rules.WATCHLIST_MATCH.lists}
                       if rules.WATCHLIST_MATCH.lists is not None else None)
        kws = [fold(k) for k in rules.FORWARDER_AS_END_USER.keywords]
        kws = [k for k in kws if k]
        self._forwarder_words = (re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, kws)) + r")(?![a-z0-9])")
                                 if kws else None)
        self._forwarder_word_cache: dict[str, str | None] = {}  # end-user name -> the keyword it names
        self._warned_mismatch = False
        # Per-rule settings in the form the rules use them, once rather than per order (the model
        # is frozen).
        self._embargo_roles = frozenset(rules.EMBARGOED_DESTINATION.roles)
        self._region_by_name = {r.name: r for r in self.enrichment_config.occupied_regions}
        self._diversion_roles = frozenset(rules.DIVERSION_RISK.roles)
        self._diversion_tiers = (frozenset(rules.DIVERSION_RISK.tiers)
                                 if rules.DIVERSION_RISK.tiers is not None else None)
        self._unresolved_roles = frozenset(rules.UNRESOLVED_COUNTRY.roles)
        groups = rules.SHIP_TO_MISMATCH.destinations
        cfg = self.enrichment_config
        self._ship_to_risky = ((cfg.embargoed if "embargoed" in groups else frozenset())
                               | (cfg.transshipment_risk if "transshipment_risk" in groups else frozenset()))
        self._ship_to_regions = "embargoed" in groups
        self._rules = [fn for enabled, fn in (
            (rules.WATCHLIST_MATCH.enabled, None),  # needs the hits: called on its own
            (rules.EMBARGOED_DESTINATION.enabled, self._embargoed),
            (rules.DIVERSION_RISK.enabled, self._diversion),
            (rules.FORWARDER_AS_END_USER.enabled, self._forwarder),
            (rules.SHIP_TO_MISMATCH.enabled, self._ship_to_mismatch),
            (rules.UNRESOLVED_COUNTRY.enabled, self._unresolved),
        ) if enabled and fn is not None]
        self._watchlist_enabled = rules.WATCHLIST_MATCH.enabled
        self._threshold = rules.WATCHLIST_MATCH.threshold

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None = None, *, item_risk_path: str | Path | None = None) -> Policy:
        """Load and validate a policy file (the packaged default when ``path`` is None).

        ``item_risk_path`` overrides the file's ``item_risk.table``. Raises :class:`PolicyError`.
        """
        if path is None:
            text = resources.files("screener.policy").joinpath(DEFAULT_POLICY_RESOURCE).read_text("utf-8")
            return cls.loads(text, _DEFAULT_POLICY_NAME, item_risk_path=item_risk_path)
        text = read_config_text(path, PolicyError, "policy file")
        return cls.loads(text, str(path), base_dir=Path(path).resolve().parent, item_risk_path=item_risk_path)

    @classmethod
    def loads(cls, text: str, name: str = "<string>", *, base_dir: str | Path | None = None,
              item_risk_path: str | Path | None = None) -> Policy:
        """Validate policy text; ``name`` is used in errors, ``base_dir`` resolves a relative table path."""
        model, node = validate_yaml_node(PolicyModel, text, name, PolicyError)
        if item_risk_path is not None:
            table_path: Path | None = Path(item_risk_path)
        elif model.item_risk.table is not None:
            table_path = Path(model.item_risk.table).expanduser()
            if not table_path.is_absolute():
                table_path = Path(base_dir or Path.cwd()) / table_path
            if not table_path.is_file():
                raise PolicyError(name, locate(node, ("item_risk", "table")),
                                  f"item_risk.table: no such file {str(table_path)!r}")
        else:
            table_path = None
        try:
            table = ItemRiskTable.load(table_path)
        except ItemRiskError as exc:
            raise PolicyError(exc.path, exc.line, f"item-risk table: {exc.problem}",
                              [(line, f"item-risk table: {p}") for line, p in exc.errors]) from None
        return cls(model, table, name)

    def _version(self) -> str:
        content = self.model.model_dump(mode="json", exclude={"description", "item_risk"})
        content["item_risk"] = self.item_risk.canonical()
        blob = json.dumps(content, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    @property
    def threshold(self) -> float:
        return self._threshold

    def describe(self) -> dict[str, Any]:
        """The effective policy, for logs and a ``--show-policy`` command."""
        data = self.model.model_dump(mode="json")
        data["version"] = self.version
        data["source"] = self.source
        data["item_risk"] = {"path": self.item_risk.path, "source": self.item_risk.source,
                             "published": self.item_risk.published,
                             "entries": [[e.prefix, e.tier, e.label] for e in self.item_risk.entries]}
        return data

    def __repr__(self) -> str:
        return f"<Policy {self.version} from {self.source}>"

    # -- evaluation ----------------------------------------------------------------------------

    def evaluate(self, order: EnrichedOrder, party_hits: Sequence[Sequence[MatchHit]]) -> list[Reason]:
        """Every reason to hold ``order``; ``party_hits[i]`` are the watch-list hits of party i."""
        if len(party_hits) != len(order.parties):
            raise ValueError(f"party_hits has {len(party_hits)} entries for {len(order.parties)} parties")
        if order.config_digest != self.enrichment_config.digest:
            # Enriched with other lists or another item-risk table: the policy's own settings decide.
            if not self._warned_mismatch:
                log.info("policy %s: order enriched with another configuration; re-enriching "
                         "(pass policy.enricher to Screener to avoid the extra work)", self.version)
                self._warned_mismatch = True
            order = self.enricher.enrich(order.order)
        reasons: list[Reason] = self._watchlist(order, party_hits) if self._watchlist_enabled else []
        for rule in self._rules:  # in the order of REASON_CODES
            reasons += rule(order)
        return _dedupe(reasons)

    def _watchlist(self, order: EnrichedOrder, party_hits: Sequence[Sequence[MatchHit]]) -> list[Reason]:
        threshold = self._threshold
        out = []
        for party, hits in zip(order.parties, party_hits, strict=True):
            if not hits:
                continue
            for h in hits:
                if h.score + _SCORE_EPSILON < threshold:
                    continue
                if self._lists is not None and h.list.casefold() not in self._lists:
                    continue
                detail = h.explanation or f"{party.name!r} matches {h.matched_name!r} ({h.entry_name})"
                out.append(_reason(WATCHLIST_MATCH, party, entry_id=h.entry_id, list=h.list,
                                   matched_name=h.matched_name, score=round(min(1.0, max(0.0, h.score)), 4),
                                   detail=detail))
        return out

    def _embargoed(self, order: EnrichedOrder) -> list[Reason]:
        cfg = self.enrichment_config
        roles = self._embargo_roles
        regions = self._region_by_name
        out = []
        for party in order.parties:
            if party.role not in roles:
                continue
            region_countries = set()
            for name in party.regions:
                country = party.country or (regions[name].country if name in regions else None)
                region_countries.add(country)
                words = party.region_terms.get(name)
                out.append(_reason(EMBARGOED_DESTINATION, party, country=country, region=name,
                                   detail=f"{party.role} address names the occupied region {name}"
                                          + (f" ({words!r})" if words else "")))
            for country in party.countries:
                if country in cfg.embargoed and country not in region_countries:
                    out.append(_reason(EMBARGOED_DESTINATION, party, country=country,
                                       detail=f"{party.role} is in {country}, an embargoed destination"))
        return out

    def _diversion(self, order: EnrichedOrder) -> list[Reason]:
        tiers = self._diversion_tiers
        risky = [ln for ln in order.lines
                 if ln.risk_tier is not None and (tiers is None or ln.risk_tier in tiers)]
        if not risky:
            return []
        roles = self._diversion_roles
        transship = self.enrichment_config.transshipment_risk
        out = []
        for party in order.parties:
            if party.role not in roles:
                continue
            for country in party.countries:
                if country not in transship:
                    continue
                for ln in risky:
                    label = f" ({ln.risk_label})" if ln.risk_label else ""
                    out.append(_reason(
                        DIVERSION_RISK, party, country=country, hs_code=ln.hs_code, tier=ln.risk_tier,
                        sku=ln.sku,
                        detail=f"tier {ln.risk_tier} item HS {ln.hs_code}{label} goes to {party.role} in "
                               f"{country}, a transshipment-risk destination"))
        return out

    def _forwarder(self, order: EnrichedOrder) -> list[Reason]:
        end_users = order.parties_with_role("end_user")
        if not end_users:
            return []
        forwarders = order.parties_with_role("freight_forwarder")
        out = []
        for eu in end_users:
            if forwarders:
                key = name_key(eu.name)
                same = next((f for f in forwarders if key and name_key(f.name) == key), None)
                if same is not None:
                    out.append(_reason(FORWARDER_AS_END_USER, eu, forwarder_name=same.name,
                                       detail="the end user is the freight forwarder (same name)"))
                    continue
            if self._forwarder_words is not None:
                word = self._forwarder_word(eu.name)
                if word is not None:
                    out.append(_reason(FORWARDER_AS_END_USER, eu, keyword=word,
                                       detail=f"the end user's name looks like a logistics company "
                                              f"({word!r})"))
        return out

    def _forwarder_word(self, name: str) -> str | None:
        """The logistics keyword ``name`` contains, if any; repeat customers are searched once."""
        cache = self._forwarder_word_cache
        try:
            return cache[name]
        except KeyError:
            pass
        m = self._forwarder_words.search(fold(name))
        if len(cache) >= 65_536:
            cache.clear()
        word = cache[name] = m.group(1) if m else None
        return word

    def _ship_to_mismatch(self, order: EnrichedOrder) -> list[Reason]:
        sold_to = [p.country for p in order.parties_with_role("sold_to") if p.country]
        if not sold_to:
            return []
        cfg = self.enrichment_config
        risky = self._ship_to_risky
        out = []
        for party in order.parties_with_role("ship_to"):
            c = party.country
            if c is None or c in sold_to:
                continue
            in_region = self._ship_to_regions and bool(party.regions)
            if c in risky or in_region:
                kind = "embargoed" if (c in cfg.embargoed or party.regions) else "transshipment-risk"
                out.append(_reason(SHIP_TO_MISMATCH, party, country=c, sold_to_country=sold_to[0],
                                   detail=f"goods sold to a customer in {sold_to[0]} ship to {c}, "
                                          f"a {kind} destination"))
        return out

    def _unresolved(self, order: EnrichedOrder) -> list[Reason]:
        roles = self._unresolved_roles
        out = []
        for party in order.parties:
            if not party.unresolved_countries or party.role not in roles:
                continue
            for raw in party.unresolved_countries:
                guess = guess_iso2(raw)
                hint = f"; did they mean {guess}?" if guess else ""
                out.append(_reason(UNRESOLVED_COUNTRY, party, country_raw=raw,
                                   detail=f"country {raw!r} is not recognised, so destination rules "
                                          f"cannot be checked{hint}"))
        return out
