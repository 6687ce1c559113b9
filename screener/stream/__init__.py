"""Kafka plumbing: the embedded broker, topic declarations, the Faust app and its agents."""
