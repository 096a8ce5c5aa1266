#include <benchmark/benchmark.h>
#include <string>
#include <vector>
#include <algorithm>
#include <thread>
static void BM_StringCopy(benchmark::State& state) {
  std::string x = "hello";
  for (auto _ : state) { std::string copy(x); benchmark::DoNotOptimize(copy); }
}
BENCHMARK(BM_StringCopy);
static void BM_Sort(benchmark::State& state) {
  std::vector<int> v(state.range(0));
  for (auto _ : state) { for (size_t i = 0; i < v.size(); i++) v[i] = (int)(v.size() - i); std::sort(v.begin(), v.end()); }
  state.SetBytesProcessed(state.iterations() * state.range(0) * sizeof(int));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Sort)->Range(8, 512);
static void BM_Sleep(benchmark::State& state) {
  for (auto _ : state) std::this_thread::sleep_for(std::chrono::microseconds(200));
  state.counters["ops"] = benchmark::Counter(state.iterations(), benchmark::Counter::kIsRate);
  state.counters["bytes"] = 123;
  state.SetLabel("sleepy");
}
BENCHMARK(BM_Sleep)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_Sleep)->Unit(benchmark::kMillisecond)->Threads(2);
static void BM_Fail(benchmark::State& state) {
  for (auto _ : state) { state.SkipWithError("deliberate failure"); break; }
}
BENCHMARK(BM_Fail);
BENCHMARK_MAIN();
