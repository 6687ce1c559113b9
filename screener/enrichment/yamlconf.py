"""YAML configuration files validated with pydantic, with errors that name the file and the line.

PyYAML's node tree keeps the position of every key and value; a pydantic error location
(``("rules", "WATCHLIST_MATCH", "threshold")``) is walked down that tree to find the line.
Shared by the item-risk table (here) and the policy file (:mod:`screener.policy`).
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class ConfigError(ValueError):
    """A configuration file is unreadable or invalid. ``line`` is 1-based (None when unknown);
    ``errors`` lists every problem found as ``(line, problem)``, first line first."""

    def __init__(self, path: str | Path | None, line: int | None, problem: str,
                 errors: Sequence[tuple[int | None, str]] | None = None):
        self.path = str(path) if path is not None else "<string>"
        self.line = line
        self.problem = problem
        self.errors = list(errors) if errors else [(line, problem)]
        super().__init__(self._format())

    def _format(self) -> str:
        def one(line: int | None, problem: str) -> str:
            return f"{self.path}, line {line}: {problem}" if line else f"{self.path}: {problem}"

        head = one(self.line, self.problem)
        rest = self.errors[1:]
        if not rest:
            return head
        return head + "".join(f"\n  {one(line, problem)}" for line, problem in rest) + \
            f"\n  ({len(self.errors)} problems)"


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _check_duplicate_keys(node: yaml.Node | None, path: str, error_cls: type[ConfigError]) -> None:
    """PyYAML silently keeps the last of two equal keys; in a policy that hides a mistake."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                if key.value in seen:
                    raise error_cls(path, _line(key), f"duplicate key {key.value!r} "
                                                       f"(first given on line {_line(seen[key.value])})")
                seen[key.value] = key
            _check_duplicate_keys(value, path, error_cls)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, path, error_cls)


def parse_yaml(text: str, path: str | Path | None = None,
               error_cls: type[ConfigError] = ConfigError) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document (safe loader) and return ``(data, node tree)``."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        _check_duplicate_keys(node, str(path or "<string>"), error_cls)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        raise error_cls(path, mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise error_cls(path, None, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    return data, node


def locate(node: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """Line of the node at pydantic location ``loc``; the deepest existing ancestor's line when the
    location names something absent (a missing key); the key's own line for an unknown key."""
    line = _line(node)
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    # A scalar value sits on its key's line; a block mapping or list starts below it.
                    line = _line(key)
                    node = value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = _line(node)
        else:
            return line
    if isinstance(node, yaml.ScalarNode):
        return _line(node)
    return line


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes reachable from an annotation (through Optional, list, dict, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple, set, frozenset, dict):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int) or part not in current.model_fields:
            # a list index or a dict key: stay on the same model class (the item's class)
            continue
        candidates = _unwrap(current.model_fields[part].annotation)
        current = candidates[0] if candidates else None
    return current


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _describe(err: dict, root: type[BaseModel]) -> str:
    loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    where = ".".join(str(p) for p in loc if p != "[key]")
    kind = err["type"]
    if kind == "extra_forbidden" and loc:
        key = str(loc[-1])
        parent = _model_at(root, loc[:-1])
        allowed = _field_names(parent) if parent else []
        hint = difflib.get_close_matches(key, allowed, n=1)
        msg = f"unknown key {key!r}"
        if hint:
            msg += f" (did you mean {hint[0]!r}?)"
        if allowed:
            msg += f"; allowed here: {', '.join(allowed)}"
        parent_where = ".".join(str(p) for p in loc[:-1])
        return f"{parent_where}: {msg}" if parent_where else msg
    if kind == "missing":
        return f"{where}: required key missing"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if "input" in err and kind not in ("value_error",) and not isinstance(err["input"], dict | list):
        msg += f" (got {err['input']!r})"
    return f"{where}: {msg}" if where else msg


def validate_yaml(model: type[M], text: str, path: str | Path | None = None,
                  error_cls: type[ConfigError] = ConfigError) -> M:
    """Parse ``text`` and validate it as ``model``; raise ``error_cls`` naming the file and line."""
    return validate_yaml_node(model, text, path, error_cls)[0]


def validate_yaml_node(model: type[M], text: str, path: str | Path | None = None,
                       error_cls: type[ConfigError] = ConfigError) -> tuple[M, yaml.Node | None]:
    """As :func:`validate_yaml`, also returning the node tree (for :func:`locate`)."""
    data, node = parse_yaml(text, path, error_cls)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise error_cls(path, _line(node), f"the top level must be a mapping of keys, not {type(data).__name__}")
    try:
        return model.model_validate(data), node
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
            errors.append((locate(node, loc), _describe(err, model)))
        errors.sort(key=lambda e: (e[0] is None, e[0] or 0))
        raise error_cls(path, errors[0][0], errors[0][1], errors) from None


def read_config_text(path: str | Path, error_cls: type[ConfigError] = ConfigError, what: str = "") -> str:
    """The file's UTF-8 text; an unreadable or non-UTF-8 file raises ``error_cls`` naming it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        subject = f" the {what}" if what else ""
        raise error_cls(path, None, f"cannot read{subject}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        subject = f"the {what} is " if what else ""
        raise error_cls(path, None, f"{subject}not UTF-8 text: {exc}") from None


def load_yaml_file(model: type[M], path: str | Path, error_cls: type[ConfigError] = ConfigError) -> M:
    return validate_yaml(model, read_config_text(path, error_cls), path, error_cls)
