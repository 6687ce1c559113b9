"""Static checks of the deployment files (docker-compose.yml, Dockerfile, Prometheus, Grafana).

No Docker engine is needed: every file is parsed and cross-checked against the others and
against what the worker exposes (env var names, metrics port, metric names).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path, PurePosixPath

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
PROMETHEUS_FILE = ROOT / "deploy/prometheus/prometheus.yml"
GRAFANA_DATASOURCES = ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml"
GRAFANA_DASHBOARD_PROVIDERS = ROOT / "deploy/grafana/provisioning/dashboards/dashboards.yml"
DASHBOARD_FILE = ROOT / "deploy/grafana/dashboards/screener.json"
DEPLOY_DOC = ROOT / "docs/deploy.md"

WORKERS = ("screener-1", "screener-2")
REQUIRED_SERVICES = {"kafka", "kafka-init", *WORKERS, "watchlist-loader", "prometheus", "grafana"}
DEFAULT_METRICS_PORT = 9108

# Topic -> (partitions, compacted), as the app and docs/deploy.md expect them.
TOPICS = {
    "orders": (6, False),
    "order-decisions": (6, False),
    "orders-dlq": (1, False),
    "watchlist-control": (1, True),
    "review-audit": (1, False),
    "order-reviews": (6, False),
    "screening-state": (6, True),
    "policy-control": (1, True),
    "allow-list": (1, True),
    "screener-status": (1, True),
}
TOPIC_ENV = {
    "SCREENER_ORDERS_TOPIC": "orders",
    "SCREENER_DECISIONS_TOPIC": "order-decisions",
    "SCREENER_CONTROL_TOPIC": "watchlist-control",
    "SCREENER_DLQ_TOPIC": "orders-dlq",
    "SCREENER_AUDIT_TOPIC": "review-audit",
}

# Metric names the worker exports (prometheus-client names).
COUNTERS = {
    "screener_orders_screened_total",
    "screener_dlq_total",
    "screener_watchlist_hits_total",
    "screener_hold_reasons_total",
    "screener_rescreen_decisions_total",
    "screener_abandoned_batches_total",
    "screener_commits_skipped_total",
}
GAUGES = {"screener_watchlist_entries", "screener_watchlist_version", "screener_watchlist_ready", "screener_ready",
          "screener_healthy", "screener_watchlist_list_info", "screener_state_partitions"}
HISTOGRAMS = {"screener_screening_latency_seconds", "screener_batch_size"}
ALLOWED_METRICS = (
    COUNTERS
    | GAUGES
    | HISTOGRAMS
    | {f"{h}{suffix}" for h in HISTOGRAMS for suffix in ("_bucket", "_count", "_sum")}
)
METRIC_RE = re.compile(r"\bscreener_[a-z_]+")
ENV_REF_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}")


# ----------------------------------------------------------------------------- helpers


def _load_yaml(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _resolve(value) -> str:
    """Interpolate ${VAR:-default} the way compose does when VAR is unset."""
    return ENV_REF_RE.sub(lambda m: m.group(2) or "", str(value)).replace("$$", "$")


def _env(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): _resolve(v) for k, v in env.items()}


def _ports(service: dict) -> list[tuple[int, int]]:
    """(host port, container port) for every published port."""
    out = []
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            out.append((int(port["published"]), int(port["target"])))
            continue
        parts = _resolve(port).split("/")[0].split(":")
        assert len(parts) >= 2, f"port {port!r} is not published on the host"
        out.append((int(parts[-2]), int(parts[-1])))
    return out


def _mounts(service: dict) -> list[tuple[str, str, str]]:
    """(type, source, target) for every volume entry, short or long syntax."""
    out = []
    for vol in service.get("volumes") or []:
        if isinstance(vol, dict):
            out.append((vol.get("type", "volume"), str(vol.get("source", "")), str(vol["target"])))
            continue
        parts = _resolve(vol).split(":")
        source, target = (parts[0], parts[1]) if len(parts) > 1 else ("", parts[0])
        kind = "bind" if source.startswith((".", "/", "~")) else "volume"
        out.append((kind, source, target))
    return out


def _mount_target(service: dict, host_path: str) -> str:
    wanted = (ROOT / host_path).resolve()
    for kind, source, target in _mounts(service):
        if kind == "bind" and (ROOT / source).resolve() == wanted:
            return target
    raise AssertionError(f"{host_path} is not bind-mounted into the service")


def _depends_on(service: dict) -> dict[str, str]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def _command_text(service: dict) -> str:
    cmd = service.get("command") or ""
    return cmd if isinstance(cmd, str) else "\n".join(str(c) for c in cmd)


def _command_list(service: dict) -> list[str]:
    cmd = service.get("command") or []
    return cmd.split() if isinstance(cmd, str) else [str(c) for c in cmd]


def _panels(dashboard: dict) -> list[dict]:
    out = []
    for panel in dashboard.get("panels", []):
        out.append(panel)
        out.extend(panel.get("panels", []))  # panels folded into a collapsed row
    return out


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def compose() -> dict:
    return _load_yaml(COMPOSE_FILE)


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def prometheus_config() -> dict:
    return _load_yaml(PROMETHEUS_FILE)


@pytest.fixture(scope="module")
def datasource_uid() -> str:
    config = _load_yaml(GRAFANA_DATASOURCES)
    prom = [ds for ds in config["datasources"] if ds["type"] == "prometheus"]
    assert len(prom) == 1, "exactly one Prometheus datasource is provisioned"
    assert prom[0].get("uid"), "the datasource needs a fixed uid for the dashboard to reference"
    return prom[0]["uid"]


@pytest.fixture(scope="module")
def dashboard() -> dict:
    return json.loads(DASHBOARD_FILE.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- compose


def test_compose_has_all_services(services):
    missing = REQUIRED_SERVICES - set(services)
    assert not missing, f"missing services: {sorted(missing)}"


def test_kafka_is_single_node_kraft(services):
    kafka = services["kafka"]
    env = _env(kafka)
    assert kafka["image"].startswith("apache/kafka:")
    assert set(env["KAFKA_PROCESS_ROLES"].replace(" ", "").split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{env['KAFKA_NODE_ID']}@kafka:9093"
    assert "CONTROLLER" in env["KAFKA_CONTROLLER_LISTENER_NAMES"].split(",")
    assert not any("ZOOKEEPER" in key for key in env), "KRaft mode: no ZooKeeper settings"
    assert env.get("CLUSTER_ID"), "KRaft storage needs a cluster id"
    advertised = env["KAFKA_ADVERTISED_LISTENERS"].split(",")
    assert any(a.endswith("//kafka:9092") for a in advertised), "internal listener for containers"
    assert any(a.endswith("//localhost:29092") for a in advertised), "external listener for the host"
    assert (29092, 29092) in _ports(kafka)
    for key in ("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"):
        assert env[key] == "1", f"{key} must be 1 on a single broker"
    assert "healthcheck" in kafka and kafka["healthcheck"]["test"]


def test_kafka_init_creates_topics(services):
    init = services["kafka-init"]
    assert _depends_on(init).get("kafka") == "service_healthy"
    assert str(init.get("restart", "no")) == "no"
    script = _command_text(init) + "\n" + " ".join(init.get("entrypoint") or [])
    assert "kafka-topics.sh" in script
    created = {}
    for line in script.splitlines():
        topic = re.search(r"--topic\s+(\S+)", line)
        if not topic or "--create" not in line:
            continue
        partitions = re.search(r"--partitions\s+(\d+)", line)
        assert partitions, f"no partition count in: {line.strip()}"
        assert "--if-not-exists" in line, "topic creation must be idempotent"
        created[topic.group(1)] = (int(partitions.group(1)), "cleanup.policy=compact" in line)
    assert created == TOPICS


def test_workers(services):
    host_ports = []
    group_ids = set()
    for name in WORKERS:
        worker = services[name]
        env = _env(worker)
        bootstrap = env["KAFKA_BOOTSTRAP_SERVERS"]
        host, _, port = bootstrap.split(",")[0].partition(":")
        assert host == "kafka" and host in services and port == "9092", bootstrap
        for key, topic in TOPIC_ENV.items():
            assert env.get(key, topic) == topic, key
        group_ids.add(env.get("SCREENER_GROUP_ID", "screener"))
        assert env.get("SCREENER_REVIEW_TOKEN"), "reviewer secret must be passed"
        metrics_port = int(env.get("SCREENER_METRICS_PORT", DEFAULT_METRICS_PORT))
        published = {target: host_port for host_port, target in _ports(worker)}
        assert metrics_port in published, f"{name}: metrics port {metrics_port} not published"
        host_ports.append(published[metrics_port])
        assert _command_list(worker)[-1:] == ["worker"] or _command_list(worker) == []
        deps = _depends_on(worker)
        assert deps.get("kafka") == "service_healthy"
        assert deps.get("kafka-init") == "service_completed_successfully"
        assert "build" in worker or "image" in worker
    assert len(group_ids) == 1, "both workers must share one consumer group"
    assert len(set(host_ports)) == len(WORKERS), f"metrics host ports collide: {host_ports}"


def test_watchlist_loader(services):
    loader = services["watchlist-loader"]
    assert str(loader.get("restart")) == "no"
    assert _command_list(loader)[-3:] == ["watchlist", "load", "/data/lists"]
    assert _mount_target(loader, "lists") == "/data/lists"
    deps = _depends_on(loader)
    assert deps.get("kafka") == "service_healthy"
    assert _env(loader)["KAFKA_BOOTSTRAP_SERVERS"].startswith("kafka:9092")
    assert (ROOT / "lists/README.md").is_file(), "lists/ explains where watch-list files go"


def test_published_ports(services):
    assert (9090, 9090) in _ports(services["prometheus"])
    assert (3000, 3000) in _ports(services["grafana"])
    seen: dict[int, str] = {}
    for name, service in services.items():
        for host_port, _ in _ports(service):
            assert host_port not in seen, f"host port {host_port} used by {seen.get(host_port)} and {name}"
            seen[host_port] = name


def test_bind_mounts_and_build_contexts_exist(compose, services):
    declared_volumes = set(compose.get("volumes") or {})
    for name, service in services.items():
        for kind, source, _target in _mounts(service):
            if kind == "bind":
                assert (ROOT / source).exists(), f"{name}: bind-mounted {source} does not exist"
            elif source:
                assert source in declared_volumes, f"{name}: volume {source} is not declared"
        build = service.get("build")
        if build:
            context = ROOT / (build if isinstance(build, str) else build.get("context", "."))
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            assert (context / dockerfile).is_file(), f"{name}: no {dockerfile} in {context}"


def test_depends_on_names_exist(services):
    for name, service in services.items():
        for dep in _depends_on(service):
            assert dep in services, f"{name} depends on unknown service {dep}"


# ----------------------------------------------------------------------------- prometheus


def test_prometheus_scrapes_both_workers(services, prometheus_config):
    prom = services["prometheus"]
    target = _mount_target(prom, "deploy/prometheus/prometheus.yml")
    flags = [c for c in _command_list(prom) if c.startswith("--config.file=")]
    assert not flags or flags[0].split("=", 1)[1] == target
    if not flags:
        assert target == "/etc/prometheus/prometheus.yml"

    targets = set()
    for job in prometheus_config["scrape_configs"]:
        if job.get("metrics_path", "/metrics") != "/metrics":
            continue
        for static in job.get("static_configs", []):
            targets.update(static.get("targets", []))
    for name in WORKERS:
        port = _env(services[name]).get("SCREENER_METRICS_PORT", str(DEFAULT_METRICS_PORT))
        assert f"{name}:{port}" in targets, f"Prometheus does not scrape {name}:{port}"


# ----------------------------------------------------------------------------- grafana


def test_grafana_provisioning(services, datasource_uid):
    grafana = services["grafana"]
    provisioning = _mount_target(grafana, "deploy/grafana/provisioning")
    assert PurePosixPath(provisioning) == PurePosixPath("/etc/grafana/provisioning")

    datasources = _load_yaml(GRAFANA_DATASOURCES)
    prom = next(ds for ds in datasources["datasources"] if ds["uid"] == datasource_uid)
    assert re.fullmatch(r"http://prometheus:9090/?", prom["url"]), prom["url"]
    assert "prometheus" in services

    dashboards_dir = _mount_target(grafana, "deploy/grafana/dashboards")
    providers = _load_yaml(GRAFANA_DASHBOARD_PROVIDERS)["providers"]
    paths = {PurePosixPath(p["options"]["path"]) for p in providers if p.get("type", "file") == "file"}
    assert PurePosixPath(dashboards_dir) in paths, f"no provider reads {dashboards_dir}"
    assert DASHBOARD_FILE.parent == ROOT / "deploy/grafana/dashboards"


def test_dashboard_is_valid(dashboard, datasource_uid):
    assert 36 <= dashboard["schemaVersion"] <= 41
    assert dashboard["uid"] and dashboard["title"]
    panels = _panels(dashboard)
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    for panel in panels:
        if panel["type"] == "row":
            continue
        assert panel.get("datasource", {}).get("uid") == datasource_uid, panel["title"]
        assert panel.get("targets"), f"{panel['title']}: no queries"
        for target in panel["targets"]:
            ds = target.get("datasource")
            assert ds is None or ds.get("uid") == datasource_uid, panel["title"]
            assert target.get("expr"), f"{panel['title']}: empty query"
    for variable in dashboard.get("templating", {}).get("list", []):
        if variable.get("type") == "query":
            assert variable["datasource"]["uid"] == datasource_uid


def test_dashboard_queries_use_exported_metrics(dashboard):
    exprs = [t["expr"] for p in _panels(dashboard) for t in p.get("targets", []) if "expr" in t]
    for variable in dashboard.get("templating", {}).get("list", []):
        query = variable.get("query")
        exprs.append(query.get("query", "") if isinstance(query, dict) else str(query or ""))
    used = {name for expr in exprs for name in METRIC_RE.findall(expr)}
    unknown = used - ALLOWED_METRICS
    assert not unknown, f"queries use metrics the worker does not export: {sorted(unknown)}"
    # Every exported metric family is on the dashboard.
    families = {re.sub(r"_(bucket|count|sum)$", "", n) if n not in COUNTERS | GAUGES else n for n in used}
    assert COUNTERS | GAUGES | HISTOGRAMS <= families, sorted(COUNTERS | GAUGES | HISTOGRAMS - families)


def test_dashboard_has_required_panels(dashboard):
    exprs = {
        p["title"]: " ".join(t.get("expr", "") for t in p.get("targets", [])) for p in _panels(dashboard)
    }
    all_exprs = " ".join(exprs.values())
    assert re.search(r"sum by \(decision\) \(rate\(screener_orders_screened_total", all_exprs)
    for q in ("0.5", "0.95", "0.99"):
        assert re.search(
            rf"histogram_quantile\({q}, .*screener_screening_latency_seconds_bucket", all_exprs
        ), q
    assert re.search(r"by \(code\).*screener_hold_reasons_total", all_exprs)
    assert re.search(r"by \(error_type\).*screener_dlq_total", all_exprs)
    assert re.search(r"by \(list\).*screener_watchlist_hits_total", all_exprs)
    assert re.search(r"by \(instance\).*screener_watchlist_ready", all_exprs)


# ----------------------------------------------------------------------------- image


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        out.append((keyword.upper(), rest.strip()))
    return out


def test_dockerfile_runs_screener_worker():
    instructions = _dockerfile_instructions()
    args = {}
    for keyword, rest in instructions:
        if keyword == "ARG" and "=" in rest:
            key, _, value = rest.partition("=")
            args[key] = value
    bases = [
        re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), rest.split()[0])
        for keyword, rest in instructions
        if keyword == "FROM"
    ]
    assert bases and all(b.startswith("python:3.11-slim") for b in bases), bases

    final_stage = instructions[max(i for i, (k, _) in enumerate(instructions) if k == "FROM") :]
    entry = [json.loads(rest) for k, rest in final_stage if k == "ENTRYPOINT"]
    cmd = [json.loads(rest) for k, rest in final_stage if k == "CMD"]
    argv = (entry[-1] if entry else []) + (cmd[-1] if cmd else [])
    assert argv[:2] == ["screener", "worker"], argv
    assert any(k == "RUN" and re.search(r"pip install (\S+ )*\.(\s|$)", rest) for k, rest in instructions)

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert "screener" in scripts, "the image's entry point is the `screener` console script"


def test_dockerignore_keeps_what_pip_needs():
    patterns = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for needed in ("pyproject.toml", "README.md", "screener", "*", "."):
        assert needed not in patterns, f".dockerignore must not exclude {needed}"
    assert ".venv" in patterns and ".git" in patterns


# ----------------------------------------------------------------------------- docs


def test_deploy_doc_covers_env_and_topics(services):
    doc = DEPLOY_DOC.read_text(encoding="utf-8")
    env_names = set()
    for name in WORKERS:
        env_names.update(_env(services[name]))
    env_names.update({"SCREENER_POLICY_FILE", "SCREENER_METRICS_PORT", "SCREENER_WEB_PORT"})
    missing = sorted(n for n in env_names if n not in doc)
    assert not missing, f"docs/deploy.md does not mention {missing}"
    for topic in TOPICS:
        assert topic in doc, topic
    assert "cleanup.policy=compact" in doc
