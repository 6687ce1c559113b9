# syntax=docker/dockerfile:1
#
# Image for the screener worker and its one-shot jobs (watch-list loader).
#
#   docker build -t screener:latest .
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 screener:latest        # `screener worker`
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 -v "$PWD/lists:/data/lists:ro" screener:latest watchlist load /data/lists
#
# Two stages: PyICU (pulled in by the name-matching stack) ships no wheels and is
# compiled against libicu here; the runtime stage keeps only the ICU shared library.

ARG PYTHON_IMAGE=python:3.11-slim

# --------------------------------------------------------------------------- build
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential pkg-config libicu-dev \
 && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# The build context is the repository (see .dockerignore for what is left out).
COPY . .
RUN pip install --upgrade pip setuptools wheel \
 && pip install . \
 && screener --help >/dev/null

# ------------------------------------------------------------------------- runtime
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="screener" \
      org.opencontainers.image.description="Streaming export-control screener (Kafka orders in, HOLD/RELEASE decisions out)" \
      org.opencontainers.image.licenses="Apache-2.0"

# Runtime ICU library only: whatever libicuNN the base image's Debian release ships
# (libicu-dev's dependency names it, so this survives a Debian release bump).
RUN apt-get update \
 && icu="$(apt-cache depends libicu-dev | awk '/Depends: libicu[0-9]+$/ {print $2}')" \
 && test -n "$icu" \
 && apt-get install -y --no-install-recommends $icu \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 screener \
 && useradd --system --uid 10001 --gid screener --home-dir /app --shell /usr/sbin/nologin screener \
 && mkdir -p /app /data/lists \
 && chown -R screener:screener /app

COPY --from=build /opt/venv /opt/venv

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    SCREENER_METRICS_PORT=9108 \
    SCREENER_WEB_PORT=6066

# The working directory is writable: Faust keeps its local table state ("<app>-data") here.
WORKDIR /app
USER screener

# 9108: Prometheus metrics (/metrics); 6066: Faust web (health).
EXPOSE 9108 6066

ENTRYPOINT ["screener"]
CMD ["worker"]
