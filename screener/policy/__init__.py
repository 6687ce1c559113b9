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
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rigour.names import remove_org_types
from rigour.text.translit import ascii_text

from screener.enrichment import (
    EnrichedLine,
    EnrichedOrder,
    EnrichedParty,
    Enricher,
    EnrichmentConfig,
    ItemRiskError,
    ItemRiskTable,
    tier_matches,
    tier_number,
)
from screener.enrichment.countries import guess_iso2
from screener.enrichment.eccn import EAR99
from screener.enrichment.regions import DEFAULT_GAZETTEER, build_region, fold
from screener.enrichment.yamlconf import ConfigError, locate, read_config_text, validate_yaml_node
from screener.events.control import WatchlistEntry, entry_key
from screener.events.decisions import Reason
from screener.matching.addresses import AddressHit
from screener.matching.base import MatchHit
from screener.policy.model import PolicyModel

__all__ = [
    "Policy", "PolicyError", "PolicyModel", "REASON_CODES", "WATCHLIST_MATCH", "ADDRESS_MATCH", "EMBARGOED_DESTINATION",
    "DIVERSION_RISK", "FORWARDER_AS_END_USER", "SHIP_TO_MISMATCH", "UNRESOLVED_COUNTRY",
    "LICENSE_REQUIRED_ECCN", "EAR99_HIGH_PRIORITY", "DEFAULT_POLICY_RESOURCE", "EntryLookup", "entry_facts",
]

log = logging.getLogger(__name__)

WATCHLIST_MATCH = "WATCHLIST_MATCH"
ADDRESS_MATCH = "ADDRESS_MATCH"
EMBARGOED_DESTINATION = "EMBARGOED_DESTINATION"
DIVERSION_RISK = "DIVERSION_RISK"
FORWARDER_AS_END_USER = "FORWARDER_AS_END_USER"
SHIP_TO_MISMATCH = "SHIP_TO_MISMATCH"
UNRESOLVED_COUNTRY = "UNRESOLVED_COUNTRY"
LICENSE_REQUIRED_ECCN = "LICENSE_REQUIRED_ECCN"
EAR99_HIGH_PRIORITY = "EAR99_HIGH_PRIORITY"
REASON_CODES = (WATCHLIST_MATCH, ADDRESS_MATCH, EMBARGOED_DESTINATION, DIVERSION_RISK, FORWARDER_AS_END_USER,
                SHIP_TO_MISMATCH, UNRESOLVED_COUNTRY, LICENSE_REQUIRED_ECCN, EAR99_HIGH_PRIORITY)

DEFAULT_POLICY_RESOURCE = "default_policy.yaml"
#: Finds a watch-list entry by its key, ``<list_id>/<entry_id>`` (``WatchlistEntry.key``).
EntryLookup = Callable[[str], WatchlistEntry | None]
# What a reason carries about the listed entry (they repeat on every hold: kept short).
ENTRY_ADDRESSES_MAX = 5
ENTRY_ADDRESS_CHARS = 200
REMARKS_CHARS = 300
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


def _selects(selectors: tuple[str, ...] | None, label: str | None) -> bool:
    """True when the configured tiers select the tier ``label`` (None selectors: every tier)."""
    if label is None:
        return False
    return selectors is None or any(tier_matches(t, label) for t in selectors)


def _tiers(values: Sequence[str] | None) -> tuple[str, ...] | None:
    return tuple(values) if values is not None else None


def _cross_check(model: PolicyModel, table: ItemRiskTable) -> list[tuple[tuple, str]]:
    """Problems no single field shows: tiers the item-risk table does not have, rule regions that
    are not configured, regions with nothing to match, per-country settings for countries that are
    not transshipment-risk destinations. ``[(location, problem)]``."""
    problems: list[tuple[tuple, str]] = []
    labels = table.tiers
    rules = model.rules
    d = model.destinations

    def tiers(loc: tuple, values: Sequence[str] | None) -> None:
        for i, t in enumerate(values or ()):
            if not any(tier_matches(t, label) for label in labels):
                problems.append(((*loc, i), f"{'.'.join(map(str, loc))}: tier {t!r} is not in the item-risk "
                                            f"table (its tiers: {', '.join(labels) or 'none'})"))

    tiers(("rules", "DIVERSION_RISK", "tiers"), rules.DIVERSION_RISK.tiers)
    tiers(("rules", "SHIP_TO_MISMATCH", "tiers"), rules.SHIP_TO_MISMATCH.tiers)
    tiers(("rules", "EAR99_HIGH_PRIORITY", "tiers"), rules.EAR99_HIGH_PRIORITY.tiers)
    for rule_name in ("DIVERSION_RISK", "SHIP_TO_MISMATCH"):
        for country, spec in getattr(rules, rule_name).countries.items():
            loc = ("rules", rule_name, "countries", country)
            tiers((*loc, "tiers"), spec.tiers)
            if country not in d.transshipment_risk:
                problems.append((loc, f"rules.{rule_name}.countries: {country} is not in "
                                      f"destinations.transshipment_risk, so its settings would never apply"))
    for rule_name in ("LICENSE_REQUIRED_ECCN", "EAR99_HIGH_PRIORITY"):
        for i, name in enumerate(getattr(rules, rule_name).regions or ()):
            if name not in d.occupied_regions:
                problems.append((("rules", rule_name, "regions", i),
                                 f"rules.{rule_name}.regions: {name!r} is not one of destinations.occupied_regions "
                                 f"({', '.join(d.occupied_regions) or 'none'})"))
    for name, spec in d.occupied_regions.items():
        if not spec.terms and not (spec.gazetteer and name in DEFAULT_GAZETTEER.regions):
            problems.append((("destinations", "occupied_regions", name),
                             f"destinations.occupied_regions.{name}: no terms, and the gazetteer has no region "
                             f"{name} (it has {', '.join(DEFAULT_GAZETTEER.regions)}): give terms"))
    return problems


def entry_facts(entry: WatchlistEntry, first_address: str | None = None) -> dict[str, Any]:
    """What a reviewer needs to know about a listed entry, compactly: ``list_id``, ``programs``,
    ``entry_type``, ``source`` (the publisher or file), ``listed_on`` and ``source_url`` where the
    source has them, up to five of its addresses (``entry_addresses``, ``first_address`` first; the
    number of them in ``entry_addresses_total`` when there are more) and its remarks, cut to 300
    characters. Empty values are left out."""
    extra = entry.model_extra or {}
    out: dict[str, Any] = {"list_id": entry.list_id}
    if entry.programs:
        out["programs"] = list(entry.programs)
    out["entry_type"] = entry.type
    if entry.source:
        out["source"] = entry.source
    for name in ("listed_on", "source_url"):
        value = extra.get(name)
        if value:
            out[name] = str(value)
    addresses = list(entry.addresses)
    if first_address is not None and first_address in addresses:
        addresses.remove(first_address)
        addresses.insert(0, first_address)
    if addresses:
        out["entry_addresses"] = [_cut(" ".join(a.split()), ENTRY_ADDRESS_CHARS) for a in addresses[:ENTRY_ADDRESSES_MAX]]
        if len(addresses) > ENTRY_ADDRESSES_MAX:
            out["entry_addresses_total"] = len(addresses)
    remarks = extra.get("remarks")
    if isinstance(remarks, str) and remarks.strip():
        out["remarks"] = _cut(" ".join(remarks.split()), REMARKS_CHARS)
    return out


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def _frozen(v: Any) -> Any:
    if isinstance(v, list):
        return (list, tuple(_frozen(x) for x in v))
    if isinstance(v, dict):
        return (dict, tuple(sorted((k, _frozen(x)) for k, x in v.items())))
    return (type(v), v)


def _json_key(r: Reason) -> str:
    return json.dumps(r.model_dump(mode="json"), sort_keys=True, default=str)


def _key(r: Reason) -> tuple:
    """Equal for two reasons exactly when their JSON is (values compared with their types, so
    1, 1.0 and True stay apart; extra fields in any order)."""
    extra = r.__pydantic_extra__ or {}
    return (tuple((type(v), v) for v in r.__dict__.values()),
            tuple(sorted((k, _frozen(v)) for k, v in extra.items())))


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
        problems = _cross_check(self.model, self.item_risk)
        if problems:
            raise PolicyError(self.source, None, problems[0][1], [(None, p) for _, p in problems])
        d = self.model.destinations
        self.enrichment_config = EnrichmentConfig(
            item_risk=self.item_risk,
            embargoed=frozenset(d.embargoed),
            transshipment_risk=frozenset(d.transshipment_risk),
            occupied_regions=tuple(build_region(name, spec.country, gazetteer=spec.gazetteer, terms=spec.terms,
                                                exclude=spec.exclude)
                                   for name, spec in d.occupied_regions.items()),
        )
        #: An enricher configured like this policy: pass it to ``Screener`` to enrich once.
        self.enricher = Enricher(self.enrichment_config)
        self.version = self._version()
        rules = self.model.rules
        self._lists = ({x.casefold() for x in rules.WATCHLIST_MATCH.lists}
                       if rules.WATCHLIST_MATCH.lists is not None else None)
        addr = rules.ADDRESS_MATCH
        self._address_enabled = addr.enabled
        self._address_roles = frozenset(addr.roles)
        self._address_lists = {x.casefold() for x in addr.lists} if addr.lists is not None else None
        # entry key -> (the entry, its facts for reasons), while the entry object stays the same
        self._facts: dict[Any, tuple[WatchlistEntry, dict[str, Any]]] = {}
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
        # How details name a tier: the packaged table is the Common High Priority List.
        self._tier_word = "CHPL tier" if "Common High Priority List" in self.item_risk.source else "item-risk tier"
        self._diversion_roles = frozenset(rules.DIVERSION_RISK.roles)
        self._diversion_tiers = _tiers(rules.DIVERSION_RISK.tiers)
        # country -> (enabled, tiers); countries not listed use the rule's tiers
        self._diversion_countries = {c: (spec.enabled, _tiers(spec.tiers))
                                     for c, spec in rules.DIVERSION_RISK.countries.items()}
        self._unresolved_roles = frozenset(rules.UNRESOLVED_COUNTRY.roles)
        ship = rules.SHIP_TO_MISMATCH
        groups = ship.destinations
        cfg = self.enrichment_config
        self._ship_to_embargoed = cfg.embargoed if "embargoed" in groups else frozenset()
        self._ship_to_transship = cfg.transshipment_risk if "transshipment_risk" in groups else frozenset()
        self._ship_to_regions = "embargoed" in groups
        # country -> (enabled, tiers, any_item) for a transshipment-risk ship-to
        self._ship_to_default = (True, _tiers(ship.tiers), ship.any_item)
        self._ship_to_countries = {c: (spec.enabled, _tiers(spec.tiers), spec.any_item)
                                   for c, spec in ship.countries.items()}
        lic = rules.LICENSE_REQUIRED_ECCN
        self._license_roles = frozenset(lic.roles)
        self._license_countries = frozenset(lic.countries)
        self._license_regions = frozenset(lic.regions) if lic.regions is not None else None
        ear = rules.EAR99_HIGH_PRIORITY
        self._ear99_roles = frozenset(ear.roles)
        self._ear99_countries = frozenset(ear.countries)
        self._ear99_regions = frozenset(ear.regions) if ear.regions is not None else None
        self._ear99_tiers = _tiers(ear.tiers)
        self._ear99_prefixes = frozenset(ear.hs_prefixes)
        self._ear99_missing = ear.missing_eccn
        self._license_enabled = lic.enabled
        self._ear99_enabled = ear.enabled
        # A party can only matter to the licence rules when it names a region or is in one of these.
        self._eccn_countries = ((self._license_countries if lic.enabled else frozenset())
                                | (self._ear99_countries if ear.enabled else frozenset()))
        self._eccn_via_risk = self._eccn_countries <= cfg.embargoed
        self._rules = [fn for enabled, fn in (
            (rules.WATCHLIST_MATCH.enabled, None),  # needs the hits: called on its own
            (rules.EMBARGOED_DESTINATION.enabled, self._embargoed),
            (rules.DIVERSION_RISK.enabled, self._diversion),
            (rules.FORWARDER_AS_END_USER.enabled, self._forwarder),
            (rules.SHIP_TO_MISMATCH.enabled, self._ship_to_mismatch),
            (rules.UNRESOLVED_COUNTRY.enabled, self._unresolved),
            (lic.enabled or ear.enabled, self._eccn_rules),  # LICENSE_REQUIRED_ECCN, EAR99_HIGH_PRIORITY
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
        problems = _cross_check(model, table)
        if problems:
            errors = sorted(((locate(node, loc), problem) for loc, problem in problems),
                            key=lambda e: e[0] or 0)
            raise PolicyError(name, errors[0][0], errors[0][1], errors)
        return cls(model, table, name)

    def _version(self) -> str:
        content = self.model.model_dump(mode="json", exclude={"description", "item_risk"})
        content["item_risk"] = self.item_risk.canonical()
        # What the regions match (the gazetteer's data as the policy uses it), not only their names.
        content["occupied_regions_effective"] = [r.canonical() for r in self.enrichment_config.occupied_regions]
        content["gazetteer"] = DEFAULT_GAZETTEER.digest
        blob = json.dumps(content, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    @property
    def threshold(self) -> float:
        return self._threshold

    @property
    def wants_addresses(self) -> bool:
        """True when the ADDRESS_MATCH rule is on, so parties' addresses need looking up."""
        return self._address_enabled

    def describe(self) -> dict[str, Any]:
        """The effective policy, for logs and a ``--show-policy`` command."""
        data = self.model.model_dump(mode="json")
        data["version"] = self.version
        data["source"] = self.source
        data["item_risk"] = {"path": self.item_risk.path, "source": self.item_risk.source,
                             "published": self.item_risk.published, "tiers": self.item_risk.tiers,
                             "entries": [[e.prefix, e.tier, e.label] for e in self.item_risk.entries]}
        data["gazetteer"] = {"source": DEFAULT_GAZETTEER.source, "compiled": DEFAULT_GAZETTEER.compiled,
                             "regions": {r.name: {"status": r.status, "places": len(r.places),
                                                  "names": sum(len(p.names) for p in r.places),
                                                  "postcodes": len(r.postcodes) + len(r.russian_postcodes),
                                                  "terms": list(r.terms)}
                                         for r in self.enrichment_config.occupied_regions}}
        return data

    def __repr__(self) -> str:
        return f"<Policy {self.version} from {self.source}>"

    # -- evaluation ----------------------------------------------------------------------------

    def evaluate(self, order: EnrichedOrder, party_hits: Sequence[Sequence[MatchHit]],
                 address_hits: Sequence[Sequence[AddressHit]] | None = None,
                 entry_lookup: EntryLookup | None = None) -> list[Reason]:
        """Every reason to hold ``order``; ``party_hits[i]`` are the watch-list (name) hits of party
        i, ``address_hits[i]`` the entries whose listed address party i is at (None: no address
        look-up). ``entry_lookup`` finds a hit's entry by its key (``<list_id>/<entry_id>``) so the
        reasons can carry its programs, listing date, source and addresses."""
        if len(party_hits) != len(order.parties):
            raise ValueError(f"party_hits has {len(party_hits)} entries for {len(order.parties)} parties")
        if address_hits is not None and len(address_hits) != len(order.parties):
            raise ValueError(f"address_hits has {len(address_hits)} entries for {len(order.parties)} parties")
        if order.config_digest != self.enrichment_config.digest:
            # Enriched with other lists or another item-risk table: the policy's own settings decide.
            if not self._warned_mismatch:
                log.info("policy %s: order enriched with another configuration; re-enriching "
                         "(pass policy.enricher to Screener to avoid the extra work)", self.version)
                self._warned_mismatch = True
            order = self.enricher.enrich(order.order)
        reasons: list[Reason] = self._watchlist(order, party_hits, entry_lookup) if self._watchlist_enabled else []
        if address_hits is not None and self._address_enabled:
            reasons += self._address(order, address_hits, entry_lookup)
        for rule in self._rules:  # in the order of REASON_CODES
            reasons += rule(order)
        return _dedupe(reasons)

    def _entry_facts(self, list_id: str, list_code: str, entry_id: str, lookup: EntryLookup | None,
                     first_address: str | None = None) -> dict[str, Any]:
        """The listed entry's facts for a reason (cached per entry while the entry is unchanged);
        only its list id when it cannot be found."""
        fallback = {"list_id": list_id} if list_id else {}
        if lookup is None:
            return fallback
        key = entry_key(list_id or list_code, entry_id)
        try:
            entry = lookup(key)
        except Exception:  # noqa: BLE001 - explanations must never stop a decision
            entry = None
        if entry is None:
            return fallback
        ck = key if first_address is None else (key, first_address)
        cached = self._facts.get(ck)
        if cached is not None and cached[0] is entry:
            return cached[1]
        facts = entry_facts(entry, first_address)
        if len(self._facts) >= 65_536:
            self._facts.clear()
        self._facts[ck] = (entry, facts)
        return facts

    def _watchlist(self, order: EnrichedOrder, party_hits: Sequence[Sequence[MatchHit]],
                   lookup: EntryLookup | None = None) -> list[Reason]:
        threshold = self._threshold
        lists = self._lists
        out = []
        for party, hits in zip(order.parties, party_hits, strict=True):
            if not hits:
                continue
            for h in hits:
                if h.score + _SCORE_EPSILON < threshold:
                    continue
                if lists is not None and h.list.casefold() not in lists and h.list_id.casefold() not in lists:
                    continue
                detail = h.explanation or f"{party.name!r} matches {h.matched_name!r} ({h.entry_name})"
                out.append(_reason(WATCHLIST_MATCH, party, entry_id=h.entry_id, list=h.list,
                                   matched_name=h.matched_name, score=round(min(1.0, max(0.0, h.score)), 4),
                                   detail=detail, **self._entry_facts(h.list_id, h.list, h.entry_id, lookup)))
        return out

    def _address(self, order: EnrichedOrder, address_hits: Sequence[Sequence[AddressHit]],
                 lookup: EntryLookup | None = None) -> list[Reason]:
        roles = self._address_roles
        lists = self._address_lists
        out = []
        for party, hits in zip(order.parties, address_hits, strict=True):
            if not hits or party.role not in roles:
                continue
            for h in hits:
                if lists is not None and h.list.casefold() not in lists and h.list_id.casefold() not in lists:
                    continue
                facts = self._entry_facts(h.list_id, h.list, h.entry_id, lookup, first_address=h.matched_address)
                out.append(_reason(
                    ADDRESS_MATCH, party, entry_id=h.entry_id, list=h.list, entry_name=h.entry_name,
                    matched_address=h.matched_address, party_address=h.party_address,
                    detail=f"{party.role} {party.name!r} is at the listed address of {h.entry_name} ({h.list}): "
                           f"{h.detail}",
                    **facts))
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
                hit = party.region_hits.get(name)
                if hit is not None and hit.status == "partly":
                    out.append(_reason(
                        EMBARGOED_DESTINATION, party, country=country, region=name, place=hit.label,
                        partly_occupied=True,
                        detail=f"{party.role} address names {hit.label}" + (f" ({words!r})" if words else "")
                               + f", in {name}, which is only partly occupied: review whether the address "
                                 f"is in the occupied part"))
                    continue
                out.append(_reason(EMBARGOED_DESTINATION, party, country=country, region=name,
                                   place=hit.label if hit is not None else None,
                                   detail=f"{party.role} address names the occupied region {name}"
                                          + (f" ({words!r})" if words else "")))
            for country in party.countries:
                if country in cfg.embargoed and country not in region_countries:
                    out.append(_reason(EMBARGOED_DESTINATION, party, country=country,
                                       detail=f"{party.role} is in {country}, an embargoed destination"))
        return out

    def _diversion(self, order: EnrichedOrder) -> list[Reason]:
        risky = [ln for ln in order.lines if ln.risk_tier is not None]
        if not risky:
            return []
        roles = self._diversion_roles
        transship = self.enrichment_config.transshipment_risk
        per_country = self._diversion_countries
        default = (True, self._diversion_tiers)
        out = []
        for party in order.parties:
            if party.role not in roles:
                continue
            for country in party.countries:
                if country not in transship:
                    continue
                enabled, tiers = per_country.get(country, default)
                if not enabled:
                    continue
                for ln in risky:
                    if not _selects(tiers, ln.risk_tier):
                        continue
                    label = f" ({ln.risk_label})" if ln.risk_label else ""
                    out.append(_reason(
                        DIVERSION_RISK, party, country=country, hs_code=ln.hs_code,
                        tier=tier_number(ln.risk_tier), tier_label=ln.risk_tier, sku=ln.sku,
                        detail=f"{self._tier_word} {ln.risk_tier} item HS {ln.hs_code}{label} goes to {party.role} in "
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
        out = []
        for party in order.parties_with_role("ship_to"):
            c = party.country
            if c is None or c in sold_to:
                continue
            if c in self._ship_to_embargoed or (self._ship_to_regions and party.regions):
                out.append(_reason(SHIP_TO_MISMATCH, party, country=c, sold_to_country=sold_to[0],
                                   detail=f"goods sold to a customer in {sold_to[0]} ship to {c}, "
                                          f"an embargoed destination"))
                continue
            if c not in self._ship_to_transship:
                continue
            enabled, tiers, any_item = self._ship_to_countries.get(c, self._ship_to_default)
            if not enabled:
                continue
            if any_item:
                out.append(_reason(SHIP_TO_MISMATCH, party, country=c, sold_to_country=sold_to[0],
                                   detail=f"goods sold to a customer in {sold_to[0]} ship to {c}, "
                                          f"a transshipment-risk destination"))
                continue
            # Only risky items make a diverging ship-to in a trading hub worth a hold.
            lines = [ln for ln in order.lines if _selects(tiers, ln.risk_tier)]
            if not lines:
                continue
            top = min(lines, key=lambda ln: (tier_number(ln.risk_tier), ln.risk_tier))
            out.append(_reason(SHIP_TO_MISMATCH, party, country=c, sold_to_country=sold_to[0],
                               tier=tier_number(top.risk_tier), tier_label=top.risk_tier, hs_code=top.hs_code,
                               detail=f"goods sold to a customer in {sold_to[0]} ship to {c}, a transshipment-risk "
                                      f"destination, with {self._tier_word} {top.risk_tier} items (HS {top.hs_code})"))
        return out

    def _licence_destination(self, party: EnrichedParty, countries: frozenset[str],
                             regions: frozenset[str] | None) -> tuple[str | None, str | None] | None:
        """(country, region) when the party is in one of ``countries`` or names one of ``regions``
        (None: every region); a region is preferred, it says more."""
        for name in party.regions:
            if regions is None or name in regions:
                region = self._region_by_name.get(name)
                return party.country or (region.country if region is not None else None), name
        for c in party.countries:
            if c in countries:
                return c, None
        return None

    def _licence_where(self, party: EnrichedParty, country: str | None, region: str | None) -> str:
        if region is None:
            return f"{party.role} in {country}"
        hit = party.region_hits.get(region)
        partly = " (only partly occupied: review)" if hit is not None and hit.status == "partly" else ""
        return f"{party.role} in the occupied region {region}{partly}"

    def _eccn_rules(self, order: EnrichedOrder) -> list[Reason]:
        # Most orders go nowhere near Russia, Belarus or an occupied region: look at the parties first.
        if self._eccn_via_risk:  # every licence country is embargoed: enrichment tagged the parties
            for p in order.parties:
                if p.destination_risk == "embargoed":
                    break
            else:
                return []
        else:
            countries = self._eccn_countries
            if not any(p.regions or not countries.isdisjoint(p.countries) for p in order.parties):
                return []
        out = self._license_required(order) if self._license_enabled else []
        if self._ear99_enabled:
            out += self._ear99_high_priority(order)
        return out

    def _license_required(self, order: EnrichedOrder) -> list[Reason]:
        lines = [ln for ln in order.lines if ln.eccn_base is not None and ln.eccn_base != EAR99]
        if not lines:
            return []
        out = []
        for party in order.parties:
            if party.role not in self._license_roles:
                continue
            dest = self._licence_destination(party, self._license_countries, self._license_regions)
            if dest is None:
                continue
            country, region = dest
            rule = "15 CFR 746.6" if region is not None else "15 CFR 746.8(a)(1)"
            for ln in lines:
                out.append(_reason(
                    LICENSE_REQUIRED_ECCN, party, country=country, region=region, eccn=ln.eccn,
                    hs_code=ln.hs_code, sku=ln.sku,
                    detail=f"ECCN {ln.eccn} item goes to {self._licence_where(party, country, region)}: every "
                           f"item on the Commerce Control List needs a licence there ({rule})"))
        return out

    def _ear99_listed(self, ln: EnrichedLine) -> tuple[str, str | None, str | None] | None:
        """(what listed it, tier label, HS prefix) when an EAR99 line's HS code is on the lists."""
        if self._ear99_tiers != () and _selects(self._ear99_tiers, ln.risk_tier):
            return f"{self._tier_word} {ln.risk_tier}", ln.risk_tier, ln.risk_prefix
        prefixes = self._ear99_prefixes
        if prefixes and ln.hs_code:
            for n in range(len(ln.hs_code), 1, -1):
                if ln.hs_code[:n] in prefixes:
                    return f"the configured HS prefix {ln.hs_code[:n]}", None, ln.hs_code[:n]
        return None

    def _ear99_high_priority(self, order: EnrichedOrder) -> list[Reason]:
        listed = []
        for ln in order.lines:
            if ln.eccn is None:
                if not (self._ear99_missing and not ln.eccn_raw):
                    continue
            elif ln.eccn_base != EAR99:
                continue
            why = self._ear99_listed(ln)
            if why is not None:
                listed.append((ln, why))
        if not listed:
            return []
        out = []
        for party in order.parties:
            if party.role not in self._ear99_roles:
                continue
            dest = self._licence_destination(party, self._ear99_countries, self._ear99_regions)
            if dest is None:
                continue
            country, region = dest
            for ln, (what, tier, prefix) in listed:
                eccn = ln.eccn or "none (read as EAR99)"
                out.append(_reason(
                    EAR99_HIGH_PRIORITY, party, country=country, region=region, eccn=ln.eccn or EAR99,
                    hs_code=ln.hs_code, sku=ln.sku, tier=tier_number(tier) if tier else None, tier_label=tier,
                    hs_prefix=prefix,
                    detail=f"EAR99 item (ECCN {eccn}) HS {ln.hs_code}, on {what}, goes to "
                           f"{self._licence_where(party, country, region)}"))
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
