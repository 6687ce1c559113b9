"""The compiled matching kernel (Cython, built by ``make install``) must give exactly what the
interpreted source gives, and the install must really have compiled it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Runs in a child process so that each side imports the engine afresh, compiled or not.
_PROBE = r"""
import json, random, sys
sys.path.insert(0, sys.argv[2])
from matching_speed import realistic_queries
import screener.matching as matching
from screener.matching.engine import MatchingEngine
from screener.watchlists import load_watchlists

entries = load_watchlists([sys.argv[1]])
engine = MatchingEngine(entries)
queries = realistic_queries(int(sys.argv[3]), entries, random.Random(11), variant_share=0.3)
# Names longer than a C long has bits: position masks must stay Python integers.
from screener.matching.base import PartyQuery
pad = " ".join(f"Word{i}" for i in range(80))
queries += [PartyQuery("KALASHNIKOV CONCERN " + pad), PartyQuery(" ".join(["A"] * 70) + " KALASHNIKOV"),
            PartyQuery("Kalashnikov " + " ".join(["Concern"] * 66))]
out = []
for q in queries:
    hits = engine.match(q, limit=10)
    out.append([q.name, [[h.list, h.entry_id, h.score, h.explanation] for h in hits]])
print(json.dumps({"kernel": matching._kernel.describe(), "results": out}))
"""


def _probe(sdn: Path, n: int, pure: bool) -> dict:
    env = dict(os.environ)
    env.pop("SCREENER_PURE_PYTHON", None)
    if pure:
        env["SCREENER_PURE_PYTHON"] = "1"
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(sdn), str(REPO / "benchmarks"), str(n)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_install_compiled_the_kernel():
    from screener.matching import _kernel

    if os.environ.get("SCREENER_PURE_PYTHON"):
        pytest.skip("SCREENER_PURE_PYTHON is set")
    assert _kernel.STATUS == {name: "compiled" for name in _kernel.COMPILED_MODULES}, (
        f"matching kernel not compiled ({_kernel.describe()}); run `make install`")


def test_compiled_and_interpreted_give_identical_results(shared_data):
    sdn = shared_data / "ofac-sdn-2019"
    compiled = _probe(sdn, 1500, pure=False)
    interpreted = _probe(sdn, 1500, pure=True)
    assert interpreted["kernel"] == "interpreted Python"
    assert compiled["kernel"] == "compiled (Cython)"
    assert len(compiled["results"]) == 1503
    assert sum(1 for _, hits in compiled["results"] if hits) > 300  # the variants do hit
    for (name_c, hits_c), (name_i, hits_i) in zip(compiled["results"], interpreted["results"], strict=True):
        assert name_c == name_i
        assert hits_c == hits_i, name_c


def _run_with_stale_build(module: str, code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a child process with ``module``'s compiled build made older than its
    source (skipped when the kernel is not compiled); the build's time is put back after."""
    from screener.matching import _kernel

    if _kernel.STATUS.get(module) != "compiled":
        pytest.skip("kernel not compiled")
    src = REPO / "screener" / "matching" / f"{module}.py"
    ext = next(p for p in src.parent.iterdir() if p.name.startswith(f"{module}.") and p.suffix == ".so")
    st = ext.stat()
    try:
        os.utime(ext, (st.st_atime, src.stat().st_mtime - 60))  # make the build older than the source
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    finally:
        os.utime(ext, (st.st_atime, max(st.st_mtime, time.time())))


# A child that builds a one-entry engine and prints the given modules' status, then its hits.
_STALE_ENGINE = ("import warnings; warnings.simplefilter('always');"
                 "import screener.matching as m; from screener.matching.engine import MatchingEngine;"
                 "from screener.events.control import WatchlistEntry; from screener.matching.base import PartyQuery;"
                 "e = MatchingEngine([WatchlistEntry(entry_id='1', list='OWN', names=['Varnex Holdings'])]);"
                 "print(*[m._kernel.STATUS[n] for n in {modules!r}],"
                 " [h.entry_id for h in e.match(PartyQuery('Varnex Holdngs'))])")


def test_stale_build_falls_back_to_source(tmp_path):
    """A compiled module older than its source is not used: the source runs, with a warning."""
    proc = _run_with_stale_build("similarity", (
        "import warnings; warnings.simplefilter('always');"
        "import screener.matching as m, screener.matching.similarity as s;"
        "print(m._kernel.STATUS['similarity'], s.__file__.endswith('.py'))"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["stale", "True"]
    assert "older than their source" in proc.stderr


def test_stale_records_build_runs_its_users_from_source():
    """The modules that read records.py's types directly (cimport) cannot run compiled against
    an interpreted records module: a stale records build sends them to their source too."""
    proc = _run_with_stale_build("records", _STALE_ENGINE.format(modules=["records", "engine", "similarity"]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["stale", "stale", "compiled", "['1']"]


def test_a_stale_user_of_records_runs_records_from_source_too():
    """A module that cimports records.py, run from its source, reads records' helpers (bits,
    settled) that the compiled records module keeps to itself: records then runs from source,
    and so does every other user of it. Before, "from screener.matching.records import bits"
    failed and the engine could not be imported at all after an edit to query.py."""
    proc = _run_with_stale_build("query", _STALE_ENGINE.format(modules=["query", "records", "engine", "similarity"]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["stale", "stale", "stale", "compiled", "['1']"]


def test_compiled_engine_settles_its_word_caches(shared_data):
    """Compiled, the per-word cache entries (records of ids, similarities and keys) are taken off
    the cyclic collector's lists as they are made, so the first collection after a batch does
    not visit them; they must still be what the engine reads."""
    import gc

    from screener.matching import _kernel
    from screener.matching.base import PartyQuery
    from screener.matching.engine import MatchingEngine
    from screener.watchlists import load_watchlists

    if _kernel.STATUS.get("engine") != "compiled":
        pytest.skip("kernel not compiled")
    engine = MatchingEngine(load_watchlists([shared_data / "ofac-sdn-2019"]))
    hits = engine.match(PartyQuery("Kalashnikvo Concern"))
    assert hits and "KALASHNIKOV" in hits[0].entry_name.upper()
    caches = engine._caches
    span = caches.spans["kalashnikvo"]
    assert span.exps and not gc.is_tracked(span) and not gc.is_tracked(span.exps)
    assert not any(gc.is_tracked(p) for p in span.exps)
    tok = caches.tokens["kalashnikvo"]
    assert not gc.is_tracked(tok) and tok.span is span
    assert not any(gc.is_tracked(k) for k in caches.pairs)
