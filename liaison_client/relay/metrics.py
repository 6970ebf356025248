"""Prometheus metrics (prometheus-client), one registry per relay app.

Counts and sizes only: no device ids as labels (unbounded cardinality, and
who talks to whom is metadata worth protecting), never content.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class RelayMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.devices_registered = Counter(
            "liaison_relay_devices_registered", "Devices registered with an enrollment token",
            registry=self.registry,
        )
        self.envelopes_accepted = Counter(
            "liaison_relay_envelopes_accepted", "Envelopes stored (retries not counted)",
            registry=self.registry,
        )
        self.envelopes_acknowledged = Counter(
            "liaison_relay_envelopes_acknowledged", "Queue entries acknowledged by recipients",
            registry=self.registry,
        )
        self.envelopes_expired = Counter(
            "liaison_relay_envelopes_expired", "Queue entries expired undelivered",
            registry=self.registry,
        )
        self.refusals = Counter(
            "liaison_relay_refusals", "Requests refused, by reason", ["reason"],
            registry=self.registry,
        )
        self.long_polls = Gauge(
            "liaison_relay_long_polls_waiting", "Fetches currently waiting for mail",
            registry=self.registry,
        )
        self.commit_batch = Histogram(
            "liaison_relay_commit_batch_operations", "Write operations per group commit",
            buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024), registry=self.registry,
        )
        self.commit_seconds = Histogram(
            "liaison_relay_commit_seconds", "Duration of one group commit, fsync included",
            buckets=(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5),
            registry=self.registry,
        )
        self.blob_bytes = Counter(
            "liaison_relay_blob_bytes_received", "Attachment bytes stored",
            registry=self.registry,
        )

    def observe_commit(self, operations: int, seconds: float) -> None:
        """Called from the writer thread; prometheus-client metrics are thread-safe."""
        self.commit_batch.observe(operations)
        self.commit_seconds.observe(seconds)
