"""Event models: what travels on each topic. ``schemas/`` holds the JSON Schema of each."""

from screener.events.control import (
    ControlCommand,
    DeleteEntry,
    SnapshotBegin,
    SnapshotEnd,
    SnapshotEntry,
    UpsertEntry,
    WatchlistEntry,
)
from screener.events.decisions import Decision, Reason
from screener.events.dlq import DeadLetter
from screener.events.orders import Address, OrderEvent, OrderLine, Party

__all__ = [
    "Address",
    "ControlCommand",
    "DeadLetter",
    "Decision",
    "DeleteEntry",
    "OrderEvent",
    "OrderLine",
    "Party",
    "Reason",
    "SnapshotBegin",
    "SnapshotEnd",
    "SnapshotEntry",
    "UpsertEntry",
    "WatchlistEntry",
]
