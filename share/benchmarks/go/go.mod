module benchtrack.local/benchmarks

go 1.18
