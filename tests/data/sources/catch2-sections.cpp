// Catch2 v2.13 (Debian): benchmarks inside nested SECTIONs, for the XML
// reporter's <Section> elements and the console's section titles.
#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_ENABLE_BENCHMARKING
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <vector>

TEST_CASE("Vectors", "[vec]") {
    std::vector<int> v(1000);
    std::iota(v.begin(), v.end(), 0);
    SECTION("reading") {
        BENCHMARK("sum 1000") { return std::accumulate(v.begin(), v.end(), 0L); };
        SECTION("backwards") {
            BENCHMARK("reverse sum 1000") { return std::accumulate(v.rbegin(), v.rend(), 0L); };
        }
    }
    SECTION("writing") {
        BENCHMARK("fill 1000") { std::fill(v.begin(), v.end(), 7); return v[3]; };
    }
}
