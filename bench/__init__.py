"""Benchmark and load test of the dashboard: `make bench`, `make loadtest` (docs/performance.md)."""
