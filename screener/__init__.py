"""screener: a streaming export-control screener.

The package layout follows the flow of an order:
events (models) -> enrichment -> matching -> policy -> decisions,
with Kafka plumbing in ``stream``, list loaders in ``watchlists`` and the CLI in ``cli``.
"""

__version__ = "0.1.0"
