"""Watch-list file loaders: OFAC SDN (legacy CSV, SDN.XML, SDN_ADVANCED.XML), UN, BIS Denied
Persons, the US Consolidated Screening List (CSV and JSON), the UK Sanctions List, the EU
consolidated financial sanctions list, OpenSanctions FollowTheMoney exports and a company's own
lists, all read into ``WatchlistEntry`` objects.

>>> entries = load_watchlists([sample_path()])

Each source also has its own module with a ``load(path)`` function and an ``is_...(path)``
detector: ``ofac_sdn``, ``ofac_xml``, ``ofac_advanced``, ``un_xml``, ``bis_dpl``, ``csl``,
``csl_json``, ``uk_sanctions``, ``eu_fsf``, ``opensanctions`` and ``company``. Weak aliases
(OFAC's weak a.k.a., the UN's "Low" quality, the EU's non-strong names, ...) are kept out of
``names`` and carried in the extra field ``weak_names``; read it with :func:`weak_names`.
Where a source has them, entries also carry the extra fields ``listed_on`` (ISO date of the
listing), ``source_url`` (the publication or the entry's page) and ``remarks`` (at most 1,000
characters).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from screener.events.control import WatchlistEntry
from screener.watchlists import (
    bis_dpl,
    company,
    csl,
    csl_json,
    eu_fsf,
    ofac_advanced,
    ofac_sdn,
    ofac_xml,
    opensanctions,
    uk_sanctions,
    un_xml,
)
from screener.watchlists._common import REJECTS, WatchlistFormatError, xml_root
from screener.watchlists.countries import to_iso2

__all__ = [
    "WatchlistFormatError",
    "detect_format",
    "load_watchlists",
    "sample_path",
    "to_iso2",
    "weak_names",
]

log = logging.getLogger(__name__)

Loader = Callable[[], list[WatchlistEntry]]

_EXPECTED = (
    "an OFAC SDN folder (sdn.csv, alt.csv, add.csv), OFAC SDN.XML or SDN_ADVANCED.XML, "
    "a UN consolidated list .xml, the UK Sanctions List .xml, the EU financial sanctions .xml, "
    "a Consolidated Screening List .csv or .json, a BIS Denied Persons List tab-separated file, "
    "an OpenSanctions FollowTheMoney .json lines file, "
    "or a company list (.csv with a name column, .jsonl or .json)"
)
_XML_ROOTS = "<CONSOLIDATED_LIST>, <sdnList>, <Sanctions>, <Designations> or <export>"


def sample_path() -> Path:
    """The bundled demo sample: a small real subset of the OFAC SDN list and the Entity List."""
    return Path(__file__).resolve().parent / "sample"


def weak_names(entry: WatchlistEntry) -> list[str]:
    """An entry's weak aliases (empty when the source has none)."""
    return list((entry.model_extra or {}).get("weak_names") or [])


def detect_format(path: str | Path) -> str | None:
    """Name the format of a file or folder, or None.

    "sdn" (OFAC legacy CSV folder or sdn.csv), "sdn_xml", "sdn_advanced", "un", "uk", "eu",
    "dpl", "csl", "csl_json", "ftm" (OpenSanctions) or "company".
    """
    path = Path(path)
    if path.is_dir():
        return "sdn" if ofac_sdn.is_sdn_folder(path) else None
    if path.name.lower() == "sdn.csv":
        return "sdn"
    suffix = path.suffix.lower()
    if suffix == ".xml":
        for kind, is_kind in _XML_FORMATS:
            if is_kind(path):
                return kind
        return None
    if suffix in {".csv", ".txt", ".tsv"} and bis_dpl.is_dpl(path):
        return "dpl"
    if suffix == ".csv" and csl.is_csl(path):
        return "csl"
    if opensanctions.is_ftm(path):
        return "ftm"
    if csl_json.is_csl_json(path):
        return "csl_json"
    if company.is_company_list(path):
        return "company"
    return None


_XML_FORMATS: tuple[tuple[str, Callable[[Path], bool]], ...] = (
    ("un", un_xml.is_un_xml),
    ("sdn_xml", ofac_xml.is_ofac_xml),
    ("sdn_advanced", ofac_advanced.is_ofac_advanced),
    ("uk", uk_sanctions.is_uk_sanctions_list),
    ("eu", eu_fsf.is_eu_fsf),
)


def load_watchlists(
    paths: Sequence[str | Path] | str | Path,
    *,
    list_name: str | None = None,
    progress: bool = False,
    rejects: list[dict] | None = None,
) -> list[WatchlistEntry]:
    """Load every watch list in ``paths`` (files or folders) into one list of entries.

    A folder holding ``sdn.csv`` is an OFAC SDN export; any other folder is searched
    recursively and every recognised file in it is loaded (files such as README.md are
    skipped). ``list_name`` names company lists that have no ``list`` column (default: the
    file stem upper-cased); official lists keep their own codes. When the same
    (list, entry_id) comes from several files, the last one loaded wins.

    Records that break an entry's limits (names longer than 500 characters, more than 200
    names, an entry over 64 KB: ``screener.events.control``) are left out and, when
    ``rejects`` is given, appended to it as ``{file, entry_id, list, name, problem}``.

    Raises WatchlistFormatError naming the file when a path is missing, unreadable or not in
    a recognised format, or when a folder holds no watch list at all.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    plan: list[tuple[Path, Loader]] = []
    for raw in paths:
        plan.extend(_plan(Path(raw), list_name))

    entries: dict[tuple[str, str], WatchlistEntry] = {}
    with _progress(progress, len(plan)) as starting:
        for path, loader in plan:
            starting(path)
            started = time.perf_counter()
            REJECTS.clear()
            loaded = loader()
            if rejects is not None:
                rejects.extend({"file": str(path), **r} for r in REJECTS)
            REJECTS.clear()
            for entry in loaded:
                entries[(entry.list_id, entry.entry_id)] = entry
            log.info("loaded %d entries from %s in %.2fs", len(loaded), path, time.perf_counter() - started)
    return list(entries.values())


def _plan(path: Path, list_name: str | None) -> list[tuple[Path, Loader]]:
    if not path.exists():
        raise WatchlistFormatError(path, "no such file or folder")
    if path.is_dir():
        found = _plan_folder(path, list_name)
        if not found:
            raise WatchlistFormatError(path, f"folder holds no watch list; expected {_EXPECTED}")
        return found
    loader = _loader(path, list_name)
    if loader is None:
        raise WatchlistFormatError(path, f"unrecognised watch-list file; expected {_EXPECTED}")
    return [(path, loader)]


def _plan_folder(folder: Path, list_name: str | None) -> list[tuple[Path, Loader]]:
    if ofac_sdn.is_sdn_folder(folder):
        return [(folder, _stamped(lambda: ofac_sdn.load(folder), ORIGINS["sdn"]))]
    found: list[tuple[Path, Loader]] = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith(".") or child.name == "__pycache__":
            continue
        if child.is_dir():
            found.extend(_plan_folder(child, list_name))
        else:
            loader = _loader(child, list_name)
            if loader is not None:
                found.append((child, loader))
    return found


# Who publishes each format's lists: a list's id is <origin>:<code>, so that loading one
# publisher's file never replaces another's list of the same code (the CSL's SDN rows are not
# OFAC's SDN list).
ORIGINS = {"sdn": "ofac", "sdn_xml": "ofac", "sdn_advanced": "ofac", "un": "un", "uk": "uk", "eu": "eu",
           "dpl": "bis", "csl": "csl", "csl_json": "csl", "ftm": "opensanctions", "company": "company"}


def _loader(path: Path, list_name: str | None) -> Loader | None:
    kind = detect_format(path)
    loaders: dict[str, Loader] = {
        "sdn": lambda: ofac_sdn.load(path),
        "sdn_xml": lambda: ofac_xml.load(path),
        "sdn_advanced": lambda: ofac_advanced.load(path),
        "un": lambda: un_xml.load(path),
        "uk": lambda: uk_sanctions.load(path),
        "eu": lambda: eu_fsf.load(path),
        "dpl": lambda: bis_dpl.load(path),
        "csl": lambda: csl.load(path),
        "csl_json": lambda: csl_json.load(path),
        "ftm": lambda: opensanctions.load(path, list_name=list_name),
        "company": lambda: company.load(path, list_name=list_name),
    }
    if kind is not None:
        return _stamped(loaders[kind], ORIGINS[kind])
    if path.suffix.lower() == ".xml":
        # Say why rather than "unrecognised": name the XML roots that are understood.
        root = xml_root(path)
        found = f"root <{root}>" if root else "no root element found"
        return lambda: _raise(path, f"XML file is not a recognised watch list ({found}; expected {_XML_ROOTS})")
    return None


def _stamped(load: Loader, origin: str) -> Loader:
    def loaded() -> list[WatchlistEntry]:
        entries = [e for e in load() if e is not None]  # None: rejected (see make_entry)
        for e in entries:
            e.origin = origin
        return entries
    return loaded


def _raise(path: Path, reason: str) -> list[WatchlistEntry]:
    raise WatchlistFormatError(path, reason)


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[Path], None]]:
    """Yield a callback announcing each source as it starts; the bar counts finished sources."""
    if not enabled:
        yield lambda _path: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # stderr, so that a command printing entries to stdout can still be piped.
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    ) as bar:
        task = bar.add_task("Loading watch lists", total=total)
        started = False

        def starting(path: Path) -> None:
            nonlocal started
            bar.update(task, advance=1 if started else 0, description=f"Loading {path.name}")
            started = True

        yield starting
        bar.update(task, completed=total, description="Loaded watch lists")
