"""Which matching modules run compiled (Cython, built by ``pip install``/``make install``) and
which run as interpreted Python.

The compiled modules are built from the very same ``.py`` files (Cython's pure-Python mode), so
both give the same results; compiled is about twice as fast. A compiled module is only used
when it is at least as new as its source: after an edit without a rebuild the source runs (and
a warning says so) rather than stale code. ``SCREENER_PURE_PYTHON=1`` forces interpreted Python
everywhere (for parity tests and debugging).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from pathlib import Path

PACKAGE = "screener.matching"
COMPILED_MODULES = ("lexicon", "similarity", "normalize", "structure", "index", "records", "lookups", "query",
                    "candidates", "alignment", "explain", "joined", "annotations", "engine")
# Modules whose compiled build reads records.py's extension types directly (``cimport``): they
# can only run compiled with a compiled records module.
_RECORDS_USERS = ("lookups", "query", "candidates", "alignment", "explain", "joined", "engine")
_HERE = Path(__file__).resolve().parent


def _extension(name: str) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        p = _HERE / (name + suffix)
        if p.exists():
            return p
    return None


def _decide() -> dict[str, str]:
    """module -> "compiled", "interpreted" (no build) or "stale" (source newer than the build)."""
    forced = os.environ.get("SCREENER_PURE_PYTHON", "").strip().lower() not in ("", "0", "false", "no")
    out = {}
    for name in COMPILED_MODULES:
        ext = _extension(name)
        if forced or ext is None:
            out[name] = "interpreted"
        elif ext.stat().st_mtime < (_HERE / (name + ".py")).stat().st_mtime:
            out[name] = "stale"
        else:
            out[name] = "compiled"
    if out["records"] == "compiled" and any(out[name] != "compiled" for name in _RECORDS_USERS):
        # (a records user run from source reads records' helpers the compiled build keeps to
        # itself: records runs from source too, and so then must every other user of it)
        out["records"] = "stale"
    if out["records"] != "compiled":
        for name in _RECORDS_USERS:
            if out[name] == "compiled":
                out[name] = "stale"  # (built against a records module that is not running)
    return out


STATUS: dict[str, str] = _decide()


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Load the listed modules from their ``.py`` source even when an extension sits beside it
    (the default path finder prefers extensions)."""

    def __init__(self, names: set[str]):
        self.names = names

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.names:
            return None
        short = fullname.rsplit(".", 1)[1]
        return importlib.util.spec_from_file_location(fullname, _HERE / (short + ".py"))


def install() -> None:
    """Route imports of non-compiled modules to their source; warn about stale builds."""
    source = {f"{PACKAGE}.{n}" for n, s in STATUS.items() if s != "compiled"}
    stale = [n for n, s in STATUS.items() if s == "stale"]
    if stale:
        warnings.warn(
            f"compiled matching modules older than their source, or built against one ({', '.join(stale)}): running the "
            "source as interpreted Python (slower); rebuild with `make install`",
            RuntimeWarning, stacklevel=2)
    if source and not any(isinstance(f, _SourceFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceFinder(source))


def describe() -> str:
    """One line for logs and benchmarks: "compiled" or which modules are not."""
    if all(s == "compiled" for s in STATUS.values()):
        return "compiled (Cython)"
    if all(s == "interpreted" for s in STATUS.values()):
        return "interpreted Python"
    return ", ".join(f"{n} {s}" for n, s in STATUS.items())
