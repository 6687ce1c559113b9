"""Event models: what travels on each topic. ``schemas/`` holds the JSON Schema of each."""

from screener.events.allowlist import AllowRecord
from screener.events.control import ControlRecord, EntryRecord, ListHead, LoadMarker, WatchlistEntry
from screener.events.decisions import Decision, Reason
from screener.events.dlq import DeadLetter
from screener.events.orders import Address, OrderEvent, OrderLine, Party
from screener.events.review import AuditRecord, ReviewCommand

__all__ = [
    "Address",
    "AllowRecord",
    "AuditRecord",
    "ControlRecord",
    "DeadLetter",
    "Decision",
    "EntryRecord",
    "ListHead",
    "LoadMarker",
    "OrderEvent",
    "OrderLine",
    "Party",
    "Reason",
    "ReviewCommand",
    "WatchlistEntry",
]
