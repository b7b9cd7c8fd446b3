// What this machine gives two threads over one, before any of refrain's code:
// the ceiling the thread-scaling target is measured against. Three kinds of
// work, each thread doing the same amount on its own data:
//   compute   a register-only loop (no memory traffic);
//   random    8-byte reads at random places of a table far larger than the
//             caches, none waiting on another (scattered lookups in big tables);
//   stream    sums over such a table front to back (sorts and scans).
// One-thread and two-thread runs alternate, in the order 1, 2, 2, 1, ..., so a
// change in the host's load lands on both; the ratio is two threads'
// throughput over one's.
#include "machine_ceiling.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <thread>
#include <utility>
#include <vector>

namespace {

constexpr std::size_t table_words = (std::size_t{256} << 20) / sizeof(std::uint64_t);  // 256 MB a thread
static_assert((table_words & (table_words - 1)) == 0, "a mask picks the random places");

enum class work { compute, random, stream };

std::uint64_t compute(std::uint64_t seed) {
  std::uint64_t x = seed | 1;
  for (long i = 0; i < 400'000'000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

std::uint64_t random_reads(const std::vector<std::uint64_t>& table, std::uint64_t seed) {
  std::uint64_t x = seed, sum = 0;
  for (long i = 0; i < 40'000'000; ++i) {
    x = x * 6364136223846793005u + 1442695040888963407u;  // the next place does not wait on this read
    sum += table[(x >> 20) & (table_words - 1)];
  }
  return sum;
}

std::uint64_t stream(const std::vector<std::uint64_t>& table) {
  std::uint64_t sum = 0;
  for (int pass = 0; pass < 16; ++pass) {
    for (const auto w : table) sum += w;
    asm volatile("" : "+r"(sum));  // each pass is summed anew, not folded into one
  }
  return sum;
}

// Seconds for `threads` threads to each run `kind` once, side by side.
double timed(work kind, const std::vector<std::vector<std::uint64_t>>& tables, unsigned threads) {
  std::vector<std::uint64_t> results(threads);
  const auto began = std::chrono::steady_clock::now();
  std::vector<std::thread> running;
  for (unsigned t = 0; t < threads; ++t)
    running.emplace_back([&, t] {
      results[t] = kind == work::compute  ? compute(t + 1)
                   : kind == work::random ? random_reads(tables[t], t + 1)
                                          : stream(tables[t]);
    });
  for (auto& r : running) r.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  volatile std::uint64_t keep = 0;  // the results are used, so the loops stay
  for (const auto r : results) keep = keep + r;
  return seconds;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

void machine_ceiling(unsigned repeats) {
  std::vector<std::vector<std::uint64_t>> tables(2, std::vector<std::uint64_t>(table_words));
  for (auto& table : tables)
    for (std::size_t i = 0; i < table.size(); ++i) table[i] = i * 0x9E3779B97F4A7C15u;
  fmt::print("{:>8} {:>14} {:>14} {:>22} {:>14}\n", "work", "one thread s", "two threads s", "two over one (median)",
             "range");
  const std::pair<work, const char*> kinds[] = {{work::compute, "compute"}, {work::random, "random"}, {work::stream, "stream"}};
  for (const auto& [kind, name] : kinds) {
    std::vector<double> one, two, ratios;
    for (unsigned r = 0; r < repeats; ++r) {
      if (r % 2 == 0) {
        one.push_back(timed(kind, tables, 1));
        two.push_back(timed(kind, tables, 2));
      } else {
        two.push_back(timed(kind, tables, 2));
        one.push_back(timed(kind, tables, 1));
      }
      ratios.push_back(2 * one.back() / two.back());
    }
    fmt::print("{:>8} {:>14.3f} {:>14.3f} {:>21.2f}× {:>8.2f}–{:.2f}\n", name, median(one), median(two), median(ratios),
               *std::min_element(ratios.begin(), ratios.end()), *std::max_element(ratios.begin(), ratios.end()));
    fmt::print(stderr, "{}\n",
               nlohmann::json{{"machine_ceiling", name}, {"one_thread_s", one}, {"two_threads_s", two}, {"ratios", ratios}}
                   .dump());
  }
}
