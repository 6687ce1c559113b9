"""Batch partitioning gives every key the partition aiokafka's own partitioner gives it."""

from __future__ import annotations

import random

from aiokafka.partitioner import DefaultPartitioner, murmur2

from screener.stream.batch_produce import murmur2_many, partition_many


def test_murmur2_many_matches_aiokafka_for_every_length():
    rng = random.Random(5)
    keys = [b"", b"a", b"ab", b"abc", b"ORD-00000001", "Ørder-ß-注文".encode()]
    keys += [bytes(rng.randrange(256) for _ in range(rng.randrange(0, 70))) for _ in range(3000)]
    assert murmur2_many(keys) == [murmur2(k) for k in keys]


def test_partition_many_matches_the_default_partitioner():
    keys = [f"ORD-{i:08d}".encode() for i in range(500)] + [f"o-{i}".encode() for i in range(500)]
    for parts in ([0], [0, 1, 2, 3, 4, 5], list(range(7)), [0, 2, 5]):
        assert partition_many(keys, parts) == [DefaultPartitioner()(k, parts, parts) for k in keys]
