"""The policy file's schema (pydantic). Unknown keys and wrong types are errors, not ignored:
a typo in a hold policy must stop the worker at start-up, not silently release orders."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from screener.enrichment import DEFAULT_EMBARGOED, DEFAULT_OCCUPIED_REGIONS, DEFAULT_TRANSSHIPMENT_RISK
from screener.enrichment.countries import is_iso2, to_iso2
from screener.enrichment.items import normalize_hs, normalize_tier
from screener.matching.base import DEFAULT_HOLD_THRESHOLD

PartyRole = Literal[
    "sold_to", "ship_to", "bill_to", "end_user", "intermediate_consignee", "freight_forwarder"
]
ALL_ROLES: list[PartyRole] = [
    "sold_to", "ship_to", "bill_to", "end_user", "intermediate_consignee", "freight_forwarder"
]
# Where goods go (every role but the payer): the licence rules' default.
DESTINATION_ROLES: list[PartyRole] = [
    "sold_to", "ship_to", "end_user", "intermediate_consignee", "freight_forwarder"
]


def _iso2(value: str) -> str:
    code = value.strip()
    if not is_iso2(code):
        guess = to_iso2(code)
        hint = f" (did you mean {guess!r}?)" if guess else ""
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code{hint}")
    return code.upper()


Iso2 = Annotated[str, AfterValidator(_iso2)]

#: An item-risk tier: 1, "2", "3.A", "3a" (normalised to "3.A"); "3" selects 3.A and 3.B.
Tier = Annotated[int | str, AfterValidator(normalize_tier)]


def _hs_prefix(value: str) -> str:
    digits = normalize_hs(value)
    if not isinstance(value, str) or not digits or len(digits) < 2 or any(
            c not in "0123456789. -" for c in value):
        raise ValueError(f"an HS prefix is a quoted string of at least 2 digits such as \"8542.31\", "
                         f"not {value!r}")
    return digits


def _quoted(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError(f"an HS prefix must be a quoted string such as \"8542.31\", not "
                         f"{type(value).__name__} {value!r} (unquoted numbers lose leading and trailing zeros)")
    return value


HsPrefix = Annotated[str, BeforeValidator(_quoted), AfterValidator(_hs_prefix)]


def _sorted_unique(values: list[str]) -> list[str]:
    return sorted(set(values))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Rule(_Strict):
    enabled: bool = True


class WatchlistMatchRule(_Rule):
    # The matching engine's calibrated threshold (screener/matching/base.py says why 0.80).
    threshold: float = Field(default=DEFAULT_HOLD_THRESHOLD, ge=0.0, le=1.0,
                             description="Hits scoring below this are ignored")
    lists: list[str] | None = Field(
        default=None, description="Watch lists that count (case-insensitive); null means every list")


class AddressMatchRule(_Rule):
    """ADDRESS_MATCH: a party's address is the street address of a listed entry (street and house
    number, city or postcode, and country agree), whatever the party's name."""
    roles: list[PartyRole] = Field(default_factory=lambda: list(ALL_ROLES), min_length=1)
    lists: list[str] | None = Field(
        default=None, description="Watch lists whose addresses count (case-insensitive, a list code such as SDN "
                                  "or a list id such as ofac:SDN); null means every list")


class EmbargoedDestinationRule(_Rule):
    roles: list[PartyRole] = Field(default_factory=lambda: list(ALL_ROLES), min_length=1)


class DiversionCountry(_Strict):
    """Per-country settings of DIVERSION_RISK."""
    enabled: bool = True
    tiers: list[Tier] | None = Field(
        default=None, description="Item-risk tiers that count for this country; null means every tier")


class DiversionRiskRule(_Rule):
    roles: list[PartyRole] = Field(default_factory=lambda: list(ALL_ROLES), min_length=1)
    tiers: list[Tier] | None = Field(
        default=None, description="Item-risk tiers that count; null means every tier in the table")
    countries: dict[Iso2, DiversionCountry] = Field(
        default_factory=dict, description="Per transshipment-risk country: its own tiers, or enabled: false")


DEFAULT_FORWARDER_KEYWORDS = [
    "logistics", "logistic", "logistik", "freight", "forwarding", "forwarder", "spedition", "cargo",
    "courier", "shipping",
]


class ForwarderAsEndUserRule(_Rule):
    keywords: list[str] = Field(
        default_factory=lambda: list(DEFAULT_FORWARDER_KEYWORDS),
        description="Whole words in an end user's name that mark a logistics company; [] disables "
                    "the keyword check (the same-name check stays)")


class ShipToCountry(_Strict):
    """Per-country settings of SHIP_TO_MISMATCH for a transshipment-risk ship-to."""
    enabled: bool = True
    tiers: list[Tier] | None = Field(
        default=None, description="Item-risk tiers of which an order line must be; null means any tier")
    any_item: bool = Field(default=False, description="Fire whatever the order's items are")


class ShipToMismatchRule(_Rule):
    destinations: list[Literal["embargoed", "transshipment_risk"]] = Field(
        default_factory=lambda: ["embargoed", "transshipment_risk"], min_length=1,
        description="Which risk destinations a diverging ship-to must be in")
    tiers: list[Tier] | None = Field(
        default=None, description="For a transshipment-risk ship-to: the order must have a line of one of "
                                  "these item-risk tiers; null means any tier of the table")
    any_item: bool = Field(
        default=False, description="For a transshipment-risk ship-to: fire whatever the order's items are "
                                   "(the behaviour before item scoping)")
    countries: dict[Iso2, ShipToCountry] = Field(
        default_factory=dict, description="Per transshipment-risk country: its own tiers / any_item, or "
                                          "enabled: false")


class UnresolvedCountryRule(_Rule):
    roles: list[PartyRole] = Field(default_factory=lambda: list(ALL_ROLES), min_length=1)


_REGION_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _region_name(name: str) -> str:
    if not _REGION_NAME.match(name):
        raise ValueError(f"region name {name!r} must be upper-case letters, digits and _ (e.g. CRIMEA)")
    return name


RegionName = Annotated[str, AfterValidator(_region_name)]


class LicenseRequiredEccnRule(_Rule):
    """LICENSE_REQUIRED_ECCN: an item on the Commerce Control List (an ECCN other than EAR99) goes
    to Russia, Belarus or an occupied region (15 CFR 746.8(a)(1), 746.6)."""
    roles: list[PartyRole] = Field(default_factory=lambda: list(DESTINATION_ROLES), min_length=1)
    countries: Annotated[list[Iso2], AfterValidator(_sorted_unique)] = Field(
        default_factory=lambda: ["BY", "RU"], description="Countries where every CCL item needs a licence")
    regions: list[RegionName] | None = Field(
        default=None, description="Occupied regions that count; null means every region of "
                                  "destinations.occupied_regions, [] none")


class Ear99HighPriorityRule(LicenseRequiredEccnRule):
    """EAR99_HIGH_PRIORITY: an EAR99 item whose HS code is on the configured lists goes to Russia,
    Belarus or an occupied region."""
    tiers: list[Tier] | None = Field(
        default=None, description="Item-risk tiers whose HS codes count; null means every tier, [] none")
    hs_prefixes: list[HsPrefix] = Field(
        default_factory=list, description="Further HS prefixes that count (e.g. from supplements no. 4, 6 and 7 "
                                          "to 15 CFR part 746)")
    missing_eccn: bool = Field(default=False, description="Read a line without an ECCN as EAR99")


class Rules(_Strict):
    WATCHLIST_MATCH: WatchlistMatchRule = Field(default_factory=WatchlistMatchRule)
    ADDRESS_MATCH: AddressMatchRule = Field(default_factory=AddressMatchRule)
    EMBARGOED_DESTINATION: EmbargoedDestinationRule = Field(default_factory=EmbargoedDestinationRule)
    DIVERSION_RISK: DiversionRiskRule = Field(default_factory=DiversionRiskRule)
    FORWARDER_AS_END_USER: ForwarderAsEndUserRule = Field(default_factory=ForwarderAsEndUserRule)
    SHIP_TO_MISMATCH: ShipToMismatchRule = Field(default_factory=ShipToMismatchRule)
    UNRESOLVED_COUNTRY: UnresolvedCountryRule = Field(default_factory=UnresolvedCountryRule)
    LICENSE_REQUIRED_ECCN: LicenseRequiredEccnRule = Field(default_factory=LicenseRequiredEccnRule)
    EAR99_HIGH_PRIORITY: Ear99HighPriorityRule = Field(default_factory=Ear99HighPriorityRule)


class OccupiedRegionSpec(_Strict):
    """One occupied region: the packaged gazetteer's data for it (when it has the region and
    ``gazetteer`` is true), minus ``exclude``, plus ``terms``."""
    country: Iso2 = "UA"
    gazetteer: bool = Field(default=True, description="Use the packaged gazetteer's names, places and "
                                                      "postcodes for this region")
    terms: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="Further words that name the region (whole words; a trailing * "
                                          "matches any word starting so)")
    exclude: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="Gazetteer names (any spelling of a place) or postcode prefixes "
                                          "to leave out")


def _default_regions() -> dict[str, OccupiedRegionSpec]:
    return {r.name: OccupiedRegionSpec(country=r.country) for r in DEFAULT_OCCUPIED_REGIONS}


class Destinations(_Strict):
    embargoed: Annotated[list[Iso2], AfterValidator(_sorted_unique)] = Field(
        default_factory=lambda: sorted(DEFAULT_EMBARGOED))
    transshipment_risk: Annotated[list[Iso2], AfterValidator(_sorted_unique)] = Field(
        default_factory=lambda: sorted(DEFAULT_TRANSSHIPMENT_RISK))
    occupied_regions: dict[RegionName, OccupiedRegionSpec] = Field(default_factory=_default_regions)


class ItemRisk(_Strict):
    table: str | None = Field(
        default=None,
        description="Path of a replacement item-risk table (relative to the policy file); null means "
                    "the packaged table")


class Watchlists(_Strict):
    required: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=lambda: ["SDN"],
        description="Lists a worker must hold, non-empty, before it decides anything (fail closed): a list "
                    "code (SDN: any origin) or a list id (ofac:SDN)")


def _default_four_eyes() -> list[str]:
    return ["WATCHLIST_MATCH", "ADDRESS_MATCH", "EMBARGOED_DESTINATION"]


class Review(_Strict):
    four_eyes: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=_default_four_eyes,
        description="Reason codes whose holds need a second reviewer (an approver) to be cleared")
    allow_list_expiry_days: int = Field(default=365, ge=1, le=3650,
                                        description="Default lifetime of an allow-list record")


class PolicyModel(_Strict):
    description: str | None = None
    rules: Rules = Field(default_factory=Rules)
    destinations: Destinations = Field(default_factory=Destinations)
    item_risk: ItemRisk = Field(default_factory=ItemRisk)
    watchlists: Watchlists = Field(default_factory=Watchlists)
    review: Review = Field(default_factory=Review)
