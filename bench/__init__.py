"""Benchmarks: scripts run as ``python -m bench.<name>`` from the repo root, not tests."""
