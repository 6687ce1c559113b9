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

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Streaming export-control screener: orders in, HOLD/RELEASE decisions out.")
watchlist_app = typer.Typer(no_args_is_help=True, help="Publish watch lists to the control topic.")
app.add_typer(watchlist_app, name="watchlist")
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


@watchlist_app.command("load")
def watchlist_load(
    paths: list[Path] = typer.Argument(..., exists=True, help="List files or folders"),
    list_name: str = typer.Option(None, "--list", help="List name for company lists without a list column"),
) -> None:
    """Publish list files or folders to the control topic, one atomic snapshot per list."""
    from screener.stream.publish import publish_snapshots

    settings = Settings()
    entries = _load_entries(paths, list_name)
    with _progress() as progress:
        task = progress.add_task("publishing", total=len(entries))
        counts = _kafka(lambda: publish_snapshots(settings, entries, source=", ".join(map(str, paths)),
                                                  progress=lambda n: progress.advance(task, n)), settings)
        progress.update(task, completed=len(entries))
    for name, n in sorted(counts.items()):
        err.print(f"  {name}: {n:,} entries")
    err.print(f"published {sum(counts.values()):,} entries to {settings.control_topic!r} "
              f"at {settings.kafka_bootstrap_servers}")


@watchlist_app.command("delete")
def watchlist_delete(list_name: str = typer.Argument(..., help="List name, e.g. SDN"),
                     entry_ids: list[str] = typer.Argument(..., help="Entry ids to delete")) -> None:
    """Delete entries from a list on every worker."""
    from screener.events.control import DeleteEntry
    from screener.stream.publish import publish_commands

    settings = Settings()
    n = _kafka(lambda: publish_commands(settings, [DeleteEntry(list=list_name, entry_id=i) for i in entry_ids]),
               settings)
    err.print(f"published {n} delete command(s)")


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
                               help="parties.jsonl ({id, name, country?, type?}) or parties.csv (name column)"),
    output: Path = typer.Option(..., "--output", "-o", help="matches.jsonl"),
    limit: int = typer.Option(5, help="Matches per party at most"),
) -> None:
    """Match parties against watch lists: one output line per input, same order, best match first."""
    from screener.offline import count_lines, match_rows, read_parties
    from screener.policy import Policy

    settings = Settings()
    matcher, entries = _build_matcher(watchlist, Policy.load(settings.policy_file).threshold)
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
                    lines = match_rows(matcher, chunk, limit)
                    out.write(b"\n".join(lines) + b"\n")
                    n, hits, errors = _tally(chunk, lines, n, hits, errors)
                    progress.advance(task, len(chunk))
                    chunk = []
            if chunk:
                lines = match_rows(matcher, chunk, limit)
                out.write(b"\n".join(lines) + b"\n")
                n, hits, errors = _tally(chunk, lines, n, hits, errors)
            progress.update(task, completed=total)
    except ValueError as exc:
        _fail(str(exc))
    err.print(f"{n:,} parties matched against {len(entries):,} entries: {hits:,} with at least one match "
              f"at or above {matcher.threshold:.2f}, {errors:,} unusable rows -> {output}")


def _tally(chunk, lines, n, hits, errors):
    for row, line in zip(chunk, lines, strict=True):
        n += 1
        if row.query is None:
            errors += 1
        elif orjson.loads(line)["matches"]:
            hits += 1
    return n, hits, errors


@app.command()
def review(
    action: str = typer.Argument(..., help="clear (release a held order) or confirm (keep the hold)"),
    order_id: str = typer.Argument(..., help="The held order"),
    reviewer: str = typer.Option(..., "--reviewer", help="Who decides (recorded in the audit trail)"),
    reason: str = typer.Option(..., "--reason", help="Why (recorded on the decision and the audit trail)"),
    url: str = typer.Option("http://127.0.0.1:6066", "--url", envvar="SCREENER_WORKER_URL",
                            help="Any worker's web address"),
    token: str = typer.Option(..., "--token", envvar="SCREENER_REVIEW_TOKEN", help="Reviewer bearer token"),
) -> None:
    """Clear or confirm a hold through a worker's authenticated /reviews endpoint."""
    import json
    import urllib.error
    import urllib.request

    if action not in ("clear", "confirm"):
        _fail(f"action must be 'clear' or 'confirm', not {action!r}")
    body = json.dumps({"order_id": order_id, "action": action, "reviewer": reviewer, "reason": reason}).encode()
    req = urllib.request.Request(f"{url.rstrip('/')}/reviews", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            reply = json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        _fail(f"the worker refused the review ({exc.code}): {exc.read().decode(errors='replace')[:500]}")
    except OSError as exc:
        _fail(f"cannot reach {url}: {exc}")
    err.print(f"review {reply['review_id']} accepted for {order_id} ({action}); the outcome lands on the "
              "decisions and audit topics")


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
) -> None:
    """Embedded broker + bundled real watch list + worker + synthetic orders; shows decisions live."""
    from screener.demo import run_demo

    summary = run_demo(orders, rate=rate, quiet=json_out)
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
