"""``screener``: worker, watch-list loading, offline screening and matching, demo, bench."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from screener.config import Settings
from screener.console.cli import console_app

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Streaming export-control screener: orders in, HOLD/RELEASE decisions out.")
watchlist_app = typer.Typer(no_args_is_help=True, help="Publish watch lists to the control topic.")
app.add_typer(watchlist_app, name="watchlist")
app.add_typer(console_app, name="console")
err = Console(stderr=True)

WatchlistOpt = typer.Option(..., "--watchlist", "-w", exists=True,
                            help="List file or folder (OFAC SDN folder, CSL CSV, DPL, UN XML, company CSV/JSONL); repeatable")


def _progress(console: Console | None = None) -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                    TimeElapsedColumn(), TimeRemainingColumn(), console=console or err, transient=False)


def _fail(message: str, code: int = 2) -> None:
    # Plain text: error messages name files and lines and must not be wrapped or read as markup.
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _kafka(coro_factory, settings: Settings):
    """Run a coroutine that talks to Kafka; an unreachable cluster is a clear error, not a traceback."""
    from aiokafka.errors import KafkaConnectionError, KafkaError

    try:
        return asyncio.run(coro_factory())
    except KafkaConnectionError as exc:
        _fail(f"cannot reach Kafka at {settings.kafka_bootstrap_servers} (KAFKA_BOOTSTRAP_SERVERS): {exc}")
    except KafkaError as exc:
        _fail(f"Kafka at {settings.kafka_bootstrap_servers} refused the request: {exc}")


def _load_entries(paths: list[Path], list_name: str | None = None):
    from screener.watchlists import WatchlistFormatError, load_watchlists

    try:
        entries = load_watchlists(paths, list_name=list_name, progress=sys.stderr.isatty())
    except WatchlistFormatError as exc:
        _fail(str(exc))
    if not entries:
        _fail(f"no watch-list entries found in {', '.join(map(str, paths))}")
    return entries


def _build_matcher(paths: list[Path], threshold: float):
    from screener.matching import build_matcher

    entries = _load_entries(paths)
    with err.status(f"indexing {len(entries):,} entries"):
        return build_matcher(entries, threshold=threshold), entries


@app.command()
def worker(loglevel: str = typer.Option("info", help="debug, info, warning, error")) -> None:
    """Run the stream processor against KAFKA_BOOTSTRAP_SERVERS (see README: Configuration)."""
    from aiokafka.errors import KafkaConnectionError

    from screener.policy import PolicyError
    from screener.stream.app import run_worker

    settings = Settings()
    try:
        run_worker(settings, loglevel=loglevel)
    except PolicyError as exc:
        _fail(str(exc))
    except KafkaConnectionError as exc:
        _fail(f"cannot reach Kafka at {settings.kafka_bootstrap_servers} (KAFKA_BOOTSTRAP_SERVERS): {exc}")


def _wait_workers(settings: Settings, what: str, timeout: float, **target) -> None:
    """Wait until every running worker has applied a change, and say so (exit 3 on a timeout)."""
    from screener.stream.publish import wait_applied

    if timeout <= 0:
        err.print(f"{what}: not waiting for the workers (--timeout 0)")
        return
    with err.status(f"waiting for the workers to apply {what}"):
        done, workers = _kafka(lambda: wait_applied(settings, timeout=timeout, **target), settings)
    if not workers:
        err.print(f"{what}: no worker is running; it applies when one starts")
        return
    for wid, st in sorted(workers.items()):
        mark = "ready" if st.get("ready") else f"NOT READY: {st.get('not_ready')}"
        err.print(f"  {wid}: control version {st.get('control_version')}, policy {st.get('policy_version')}, {mark}")
    if not done:
        err.print(f"error: not every worker applied {what} within {timeout:.0f}s (see above)")
        raise typer.Exit(3)
    err.print(f"{what}: applied by all {len(workers)} running worker(s)")


@watchlist_app.command("load")
def watchlist_load(
    paths: list[Path] = typer.Argument(..., exists=True, help="List files or folders"),
    list_name: str = typer.Option(None, "--list", help="List name for company lists without a list column"),
    force: bool = typer.Option(False, "--force", help="Replace lists even when that removes many entries"),
    max_removal: float = typer.Option(0.10, "--max-removal", min=0.0, max=1.0,
                                      help="Refuse a load that removes more than this share of a list"),
    rejects_path: Path = typer.Option(None, "--rejects", help="Write entries the files hold but break the "
                                      "limits (JSON lines)"),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds to wait for the workers to apply it (0: don't)"),
) -> None:
    """Load list files or folders: each list they hold replaces that list (and no other), atomically."""
    from screener.stream.publish import LoadRefused, load_lists
    from screener.watchlists import WatchlistFormatError, load_watchlists

    settings = Settings()
    rejects: list[dict] = []
    try:
        entries = load_watchlists(paths, list_name=list_name, progress=sys.stderr.isatty(), rejects=rejects)
    except WatchlistFormatError as exc:
        _fail(str(exc))
    if rejects:
        err.print(f"{len(rejects):,} entries rejected (over the limits), e.g. {rejects[0]['entry_id']}: "
                  f"{rejects[0]['problem']}")
        if rejects_path:
            rejects_path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rejects))
    if not entries:
        _fail(f"no watch-list entries found in {', '.join(map(str, paths))}")
    try:
        with _progress() as progress:
            task = progress.add_task("publishing", total=len(entries))
            done = _kafka(lambda: load_lists(settings, entries, source=", ".join(p.name for p in paths), force=force,
                                             max_removal=max_removal, progress=lambda n: progress.advance(task, n)),
                          settings)
            progress.update(task, completed=len(entries))
    except LoadRefused as exc:
        for lid, ch in sorted(exc.report.items()):
            err.print(f"  {lid}: {ch['before']:,} -> {ch['after']:,} (+{ch['added']:,} -{ch['removed']:,} "
                      f"~{ch['changed']:,})")
        _fail(str(exc), code=4)
    for lid, ch in sorted(done.changes.items()):
        err.print(f"  {lid}: {ch.before:,} -> {ch.after:,} entries (+{ch.added:,} -{ch.removed:,} ~{ch.changed:,})")
    err.print(f"loaded {len(entries):,} entries to {settings.control_topic!r} (control version {done.version})")
    _wait_workers(settings, "the load", timeout, control_version=done.version)


@watchlist_app.command("add")
def watchlist_add(
    list_name: str = typer.Option(..., "--list", help="List code, e.g. LETTERS-2024 (a company list) or its id"),
    name: str = typer.Option(..., "--name", help="The party's name"),
    aliases: list[str] = typer.Option([], "--alias", help="Another name (repeatable)"),
    country: list[str] = typer.Option([], "--country", help="Country (ISO code or English name; repeatable)"),
    address: list[str] = typer.Option([], "--address", help="One-line address (repeatable)"),
    kind: str = typer.Option("unknown", "--type", help="person, organization, vessel, aircraft or unknown"),
    entry_id: str = typer.Option(None, "--id", help="Entry id (default: derived from list and name)"),
    reason: str = typer.Option(None, "--reason", help="Why (kept as the entry's remarks)"),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds to wait for the workers to apply it (0: don't)"),
) -> None:
    """Add (or replace) one party on a list, on every worker."""
    from pydantic import ValidationError

    from screener.events.control import WatchlistEntry
    from screener.stream.publish import add_entries
    from screener.watchlists import to_iso2
    from screener.watchlists._common import stable_id

    settings = Settings()
    origin, _, code = list_name.rpartition(":")
    codes = [to_iso2(c) or c for c in country]
    try:
        entry = WatchlistEntry(entry_id=entry_id or stable_id(code, name), list=code, names=[name, *aliases],
                               type=kind, countries=codes, addresses=address, origin=origin or "company",
                               source="screener watchlist add", **({"remarks": reason} if reason else {}))
    except ValidationError as exc:
        _fail(f"invalid entry: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}")
    done = _kafka(lambda: add_entries(settings, [entry], source="screener watchlist add"), settings)
    ch = done.changes[entry.list_id]
    err.print(f"{entry.list_id}/{entry.entry_id} {'added' if ch.added else 'replaced' if ch.changed else 'unchanged'}"
              f" ({ch.after:,} entries; control version {done.version})")
    _wait_workers(settings, "the change", timeout, control_version=done.version)


@watchlist_app.command("remove")
def watchlist_remove(
    list_name: str = typer.Argument(..., help="List id (ofac:SDN, company:LETTERS) or code when unambiguous"),
    entry_ids: list[str] = typer.Argument(..., help="Entry ids to remove"),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds to wait for the workers to apply it (0: don't)"),
) -> None:
    """Remove entries from a list on every worker."""
    from screener.stream.publish import remove_entries

    settings = Settings()
    try:
        done = _kafka(lambda: remove_entries(settings, list_name, entry_ids), settings)
    except KeyError as exc:
        _fail(str(exc.args[0]))
    for lid, ch in done.changes.items():
        err.print(f"{lid}: removed {ch.removed} ({ch.after:,} entries left; control version {done.version})")
    _wait_workers(settings, "the removal", timeout, control_version=done.version)


@watchlist_app.command("status")
def watchlist_status(json_out: bool = typer.Option(False, "--json", help="Print JSON instead of tables")) -> None:
    """The lists loaded on the control topic, and what each running worker holds and whether it screens."""
    from rich.table import Table

    from screener.stream.publish import live_workers, read_control, read_status

    settings = Settings()

    async def both():
        return await read_control(settings), await read_status(settings)
    state, statuses = _kafka(both, settings)
    workers = live_workers(statuses)
    lists = [st.as_dict() for st in state.lists()]
    if json_out:
        print(orjson.dumps({"control_version": state.version, "lists": lists, "open_loads":
                            [m.load_id for m in state.open_loads()], "workers": workers}).decode())
        return
    table = Table(title=f"Lists on {settings.control_topic!r} (control version {state.version})")
    for col in ("list", "entries", "hash", "generation", "source", "loaded", "workers agreeing"):
        table.add_column(col)
    for st in lists:
        agree = sum(1 for w in workers.values() if w.get("lists", {}).get(st["list_id"], {}).get("hash") == st["hash"])
        table.add_row(st["list_id"], f"{st['count']:,}" + ("" if st["consistent"] else " (INCONSISTENT)"), st["hash"],
                      st["generation"], st["source"] or "", (st["loaded_at"] or "")[:19], f"{agree}/{len(workers)}")
    console = Console()
    console.print(table)
    wt = Table(title="Running workers")
    for col in ("worker", "ready", "control version", "policy", "partitions", "why not ready"):
        wt.add_column(col)
    for wid, w in sorted(workers.items()):
        wt.add_row(wid, "yes" if w.get("ready") else "NO", str(w.get("control_version")), str(w.get("policy_version")),
                   ",".join(map(str, w.get("partitions", []))), w.get("not_ready") or "")
    console.print(wt if workers else "no worker is running")


policy_app = typer.Typer(no_args_is_help=True, help="Publish and inspect the hold policy.")
app.add_typer(policy_app, name="policy")


@policy_app.command("publish")
def policy_publish(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="Policy file (YAML)"),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds to wait for the workers to apply it (0: don't)"),
) -> None:
    """Validate a policy file and publish it: every worker applies it live, without a restart."""
    from screener.policy import PolicyError
    from screener.stream.publish import publish_policy

    settings = Settings()
    try:
        rec = _kafka(lambda: publish_policy(settings, path), settings)
    except PolicyError as exc:
        _fail(str(exc))
    err.print(f"published policy {rec.version} from {path} to {settings.policy_topic!r}")
    _wait_workers(settings, f"policy {rec.version}", timeout, policy_version=rec.version)


@policy_app.command("show")
def policy_show(path: Path = typer.Argument(None, exists=True, dir_okay=False,
                                            help="A policy file (default: the one published, else the default)")
                ) -> None:
    """Print the effective policy (version, rules, lists) as JSON."""
    from screener.events.policy import PolicyRecord
    from screener.policy import Policy, PolicyError
    from screener.stream.policy_sync import load_published
    from screener.stream.publish import read_topic

    settings = Settings()
    try:
        if path is not None:
            policy = Policy.load(path)
        else:
            found: list[bytes] = []
            _kafka(lambda: read_topic(settings, settings.policy_topic,
                                      lambda k, v, o: found.append(v) if v is not None else None), settings)
            policy = (load_published(PolicyRecord.model_validate_json(found[-1]), settings.data_dir) if found
                      else Policy.load(settings.policy_file))
    except PolicyError as exc:
        _fail(str(exc))
    print(orjson.dumps(policy.describe(), option=orjson.OPT_INDENT_2).decode())


@app.command()
def topics() -> None:
    """Create the screener's topics (partitions, compaction) if they do not exist."""
    from screener.stream.topics import ensure_topics

    settings = Settings()
    created = _kafka(lambda: ensure_topics(settings, give_up_after=settings.startup_timeout_s or 60.0),
                     settings)
    err.print(f"created: {', '.join(created) if created else 'nothing (all exist)'}")


@app.command()
def screen(
    watchlist: list[Path] = WatchlistOpt,
    input: Path = typer.Option(..., "--input", "-i", exists=True, dir_okay=False, help="orders.jsonl"),
    output: Path = typer.Option(..., "--output", "-o", help="decisions.jsonl"),
    rejects: Path = typer.Option(..., "--rejects", help="rejects.jsonl: one line per invalid input line"),
    policy: Path = typer.Option(None, "--policy", exists=True, dir_okay=False, help="Policy file (YAML)"),
    watchlist_version: int = typer.Option(1, help="watchlist_version to stamp on decisions"),
) -> None:
    """Screen an orders file offline with no broker: same enrichment, matching and policy as the stream."""
    from screener.offline import screen_file
    from screener.policy import Policy, PolicyError
    from screener.screening import Screener

    settings = Settings()
    try:
        pol = Policy.load(policy or settings.policy_file, item_risk_path=settings.item_risk_file)
    except PolicyError as exc:
        _fail(str(exc))
    matcher, _ = _build_matcher(watchlist, pol.threshold)
    scr = Screener(matcher, pol, pol.enricher)
    size = input.stat().st_size
    with _progress() as progress:
        task = progress.add_task("screening", total=size)
        summary = screen_file(scr, input, output, rejects, watchlist_version, settings.max_message_bytes,
                              progress=lambda n: progress.advance(task, n))
    err.print(f"{summary.lines:,} lines: {summary.decided:,} decided "
              f"(HOLD {summary.decisions['HOLD']:,}, RELEASE {summary.decisions['RELEASE']:,}), "
              f"{summary.rejected:,} rejected -> {rejects}")
    if summary.reasons:
        err.print("reasons: " + ", ".join(f"{k} {v:,}" for k, v in summary.reasons.most_common()))


@app.command()
def match(
    watchlist: list[Path] = WatchlistOpt,
    input: Path = typer.Option(..., "--input", "-i", exists=True, dir_okay=False,
                               help="parties.jsonl ({id, name, country?, type?, address?}) or parties.csv "
                                    "(name column; country, address or street/city/postal code columns)"),
    output: Path = typer.Option(..., "--output", "-o", help="matches.jsonl"),
    limit: int = typer.Option(5, help="Matches per party at most"),
) -> None:
    """Match parties against watch lists by name and by address: one output line per input, same
    order, best name match first; address_matches are the listed entries at the party's address."""
    from screener.matching.addresses import AddressIndex
    from screener.offline import count_lines, match_rows, read_parties
    from screener.policy import Policy

    settings = Settings()
    matcher, entries = _build_matcher(watchlist, Policy.load(settings.policy_file).threshold)
    with err.status("indexing addresses"):
        addresses = AddressIndex(entries)
    lookup = {e.key: e for e in entries}.get
    total = count_lines(input)
    n = hits = errors = 0
    try:
        rows_iter = read_parties(input)
        with _progress() as progress, open(output, "wb") as out:
            task = progress.add_task("matching", total=total)
            chunk = []
            for row in rows_iter:
                chunk.append(row)
                if len(chunk) >= 1000:
                    lines = match_rows(matcher, chunk, limit, addresses, lookup)
                    out.write(b"\n".join(lines) + b"\n")
                    n, hits, errors = _tally(chunk, lines, n, hits, errors)
                    progress.advance(task, len(chunk))
                    chunk = []
            if chunk:
                lines = match_rows(matcher, chunk, limit, addresses, lookup)
                out.write(b"\n".join(lines) + b"\n")
                n, hits, errors = _tally(chunk, lines, n, hits, errors)
            progress.update(task, completed=total)
    except ValueError as exc:
        _fail(str(exc))
    err.print(f"{n:,} parties matched against {len(entries):,} entries ({len(addresses):,} street addresses): "
              f"{hits:,} with at least one match (a name at or above {matcher.threshold:.2f}, or a listed "
              f"address), {errors:,} unusable rows -> {output}")


def _tally(chunk, lines, n, hits, errors):
    for row, line in zip(chunk, lines, strict=True):
        n += 1
        if row.query is None:
            errors += 1
        else:
            rec = orjson.loads(line)
            hits += bool(rec["matches"] or rec.get("address_matches"))
    return n, hits, errors


@app.command()
def review(
    action: str = typer.Argument(..., help="clear (release a held order), confirm (keep the hold), escalate or note"),
    order_id: str = typer.Argument(..., help="The held order"),
    reviewer: str = typer.Option(..., "--reviewer", help="Who decides (recorded in the audit trail)"),
    reason: str = typer.Option(..., "--reason", help="Why (recorded on the decision and the audit trail)"),
    approver: str = typer.Option(None, "--approver", help="The second reviewer of a four-eyes clear"),
    url: str = typer.Option("http://127.0.0.1:6066", "--url", envvar="SCREENER_WORKER_URL",
                            help="Any worker's web address"),
    token: str = typer.Option(..., "--token", envvar="SCREENER_REVIEW_TOKEN", help="Reviewer bearer token"),
    wait: bool = typer.Option(True, "--wait/--no-wait", help="Wait for the worker's outcome on the audit topic "
                              "(reads KAFKA_BOOTSTRAP_SERVERS and SCREENER_AUDIT_TOPIC)"),
    timeout: float = typer.Option(30.0, "--timeout", min=0.0, help="Seconds to wait for the outcome"),
) -> None:
    """Send a review through a worker's /reviews endpoint and wait for its outcome.

    Exit status: 0 released, confirmed, escalated or noted; 1 rejected by the worker; 2 no outcome in
    time, or the request could not be made."""
    if action not in ("clear", "confirm", "escalate", "note"):
        _fail(f"action must be clear, confirm, escalate or note, not {action!r}")
    settings = Settings()
    body = {"order_id": order_id, "action": action, "reviewer": reviewer, "reason": reason, "source": "cli",
            **({"approver": approver} if approver else {})}
    if not wait:
        reply = _post_review(url, token, body)
        err.print(f"review {reply['review_id']} accepted for {order_id} ({action}); the outcome lands on the "
                  "decisions and audit topics")
        return
    from screener.cli.review_wait import post_and_wait

    reply, record = _kafka(lambda: post_and_wait(settings, lambda: _post_review(url, token, body), timeout),
                           settings)
    err.print(f"review {reply['review_id']} accepted for {order_id} ({action})")
    if record is None:
        typer.echo(f"error: no outcome on {settings.audit_topic!r} within {timeout:g}s; the review may still be "
                   "applied: look for review_id " + reply["review_id"], err=True)
        raise typer.Exit(2)
    outcome = record.get("outcome")
    line = f"{outcome}: {record.get('detail') or ''}".rstrip(": ")
    if record.get("decision_id"):
        line += f" (decision {record['decision_id']})"
    typer.echo(line)
    if outcome == "rejected":
        raise typer.Exit(1)


def _post_review(url: str, token: str, body: dict) -> dict:
    import json
    import urllib.error
    import urllib.request

    req = urllib.request.Request(f"{url.rstrip('/')}/reviews", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        _fail(f"the worker refused the review ({exc.code}): {exc.read().decode(errors='replace')[:500]}")
    except OSError as exc:
        _fail(f"cannot reach {url}: {exc}")
    raise AssertionError("unreachable")  # pragma: no cover - _fail exits


@app.command()
def schemas(out: Path = typer.Option(Path("schemas"), help="Folder for the JSON Schemas")) -> None:
    """Write the JSON Schema of every event type (they are generated from the models)."""
    from screener.events.schemas import write_schemas

    for path in write_schemas(out):
        err.print(f"wrote {path}")


@app.command()
def demo(
    orders: int = typer.Option(300, "--orders", "-n", min=1, help="Orders to publish"),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON summary as the last line"),
    rate: float = typer.Option(0, help="Orders per second to publish (0: as fast as possible)"),
    with_console: bool = typer.Option(True, "--console/--no-console",
                                      help="Also start the web console with two demo users"),
    keep: bool = typer.Option(None, "--keep/--no-keep", help="Keep everything running until Ctrl-C "
                              "(default: in a terminal with the console, without --json)"),
) -> None:
    """Embedded broker + bundled real watch list + worker + synthetic orders (+ the web console); shows
    decisions live."""
    from screener.demo import run_demo

    summary = run_demo(orders, rate=rate, quiet=json_out, with_console=with_console, keep=keep)
    if json_out:
        print(orjson.dumps(summary).decode())
    if summary["decided"] < summary["orders"] - summary["dlq"]:
        raise typer.Exit(1)


@app.command()
def bench(
    orders: int = typer.Option(20_000, "--orders", "-n", min=100, help="Pre-produced orders"),
    workers: int = typer.Option(1, "--workers", min=1, max=8, help="Screener workers in one group"),
    watchlist: list[Path] = typer.Option(None, "--watchlist", "-w", exists=True,
                                         help="Lists to load (default: ../shared/data/ofac-sdn-2019)"),
    partitions: int = typer.Option(6, help="Partitions of the orders topic"),
    plot: Path = typer.Option(None, "--plot", help="PNG of throughput and latency over time"),
    rate: float = typer.Option(None, "--rate", help="Orders/s of the latency run "
                               "(default: min(0.9 x screener throughput, 0.30 x passthrough))"),
    json_out: bool = typer.Option(False, "--json", help="Print a JSON summary as the last line"),
) -> None:
    """Benchmark: raw aiokafka passthrough vs the screener end to end vs the matching engine alone."""
    from screener.bench import run_bench

    result = run_bench(orders, workers, watchlist, partitions, plot, paced_rate=rate)
    if json_out:
        print(orjson.dumps(result).decode())
    else:
        for k, v in result.items():
            err.print(f"{k:>18}: {v}")


def main() -> None:  # pragma: no cover
    logging.basicConfig(level=logging.INFO)
    app()
