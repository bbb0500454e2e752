"""Performance: the benchmark (make bench) and the load test (make loadtest)."""
