"""Benchmarks: print throughput figures for each stage (run with `make bench`); never asserted in tests."""
