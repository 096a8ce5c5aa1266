import pytest

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

def test_fib(benchmark):
    benchmark(fib, 10)

@pytest.mark.parametrize("size", [10, 100])
def test_sort(benchmark, size):
    data = list(range(size, 0, -1))
    benchmark(sorted, data)

@pytest.mark.benchmark(group="strings")
def test_join(benchmark):
    benchmark.extra_info["kind"] = "join"
    benchmark(lambda: ",".join(["a"] * 50))
