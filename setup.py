"""Build hook: compile the matching engine's hot modules with Cython.

The modules stay plain Python (Cython's pure-Python mode): without a compiler, or with
``SCREENER_NO_COMPILE=1`` at install time, the package installs and runs as interpreted Python
with the same results, only slower. See docs/matching.md ("Compiled kernel").
"""

from __future__ import annotations

import os

from setuptools import setup

COMPILED = [
    "screener/matching/lexicon.py",
    "screener/matching/similarity.py",
    "screener/matching/normalize.py",
    "screener/matching/index.py",
    "screener/matching/structure.py",
    "screener/matching/records.py",
    "screener/matching/lookups.py",
    "screener/matching/query.py",
    "screener/matching/candidates.py",
    "screener/matching/alignment.py",
    "screener/matching/explain.py",
    "screener/matching/joined.py",
    "screener/matching/annotations.py",
    "screener/matching/engine.py",
]


def _extensions():
    if os.environ.get("SCREENER_NO_COMPILE"):
        return []
    from Cython.Build import cythonize

    return cythonize(
        COMPILED,
        compiler_directives={"language_level": 3, "binding": False, "embedsignature": False},
        quiet=True,
        nthreads=os.cpu_count() or 1,
    )


setup(ext_modules=_extensions(), options={"build_ext": {"parallel": os.cpu_count() or 1}})
