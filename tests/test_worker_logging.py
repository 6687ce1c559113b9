"""The worker's log level holds: Faust must not leave the root logger at DEBUG."""

from __future__ import annotations

import logging

import faust
import pytest

from screener.config import Settings
from screener.stream.app import _Worker, create_app


@pytest.mark.parametrize("level", ["warning", "info"])
def test_root_logger_keeps_the_worker_log_level(tmp_path, level):
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    app = create_app(Settings(data_dir=tmp_path, metrics_port=0, web_port=0))
    try:
        worker = _Worker(app, loglevel=level, quiet=True)
        worker._setup_logging()  # noqa: SLF001 - what execute_from_commandline does first
        assert root.level == logging.getLevelName(level.upper())
        assert not logging.getLogger("aiokafka").isEnabledFor(logging.DEBUG)
        assert logging.getLogger("screener").isEnabledFor(logging.WARNING)
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]


def test_plain_faust_worker_would_enable_debug(tmp_path):
    """Why _Worker exists: at WARNING, faust.Worker sets the root logger to DEBUG for its spinner."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    app = create_app(Settings(data_dir=tmp_path, metrics_port=0, web_port=0))
    try:
        worker = faust.Worker(app, loglevel="warning", quiet=True)
        worker._setup_logging()  # noqa: SLF001
        assert root.level == logging.DEBUG
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
