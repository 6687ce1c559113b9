"""JSON Schemas of the events, generated from the pydantic models so the two cannot drift apart
(a test compares the committed ``schemas/`` with what the models generate)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from screener.events.control import ControlRecord
from screener.events.decisions import Decision
from screener.events.dlq import DeadLetter
from screener.events.orders import OrderEvent

SCHEMAS = {
    "order-event": TypeAdapter(OrderEvent),
    "order-decision": TypeAdapter(Decision),
    "watchlist-control": TypeAdapter(ControlRecord),
    "dead-letter": TypeAdapter(DeadLetter),
}


def generate(name: str) -> dict:
    schema = SCHEMAS[name].json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://screener.example/schemas/{name}.schema.json"
    return schema


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(generate(name), indent=2, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths
