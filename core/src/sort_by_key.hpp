// sort_by_key.hpp — the link stage's sort of (band key << 32 | set id) records.
#pragma once

#include <refrain/huge_pages.hpp>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace refrain::detail {

// Sorts (key << 32 | id) records by their key, stably. First by the key's top
// 11 bits across all records: each block of records counts its digits in
// parallel, every block gets its first slot for each digit (after every smaller
// digit, and after this digit in the blocks before), and the blocks scatter in
// parallel. That splits the records into 2048 runs of a few thousand, and each
// run is then sorted on its own, in parallel, by the key's other 21 bits: three
// passes of 7 bits within the run, which stays in cache. Three passes over all
// records (the sort before) moved three times the memory, and two cores share
// its bandwidth: they scattered no faster than one. A stable sort has only one
// result, so the output does not depend on the threads.
inline void sort_by_key(large_vector<std::uint64_t>& records, large_vector<std::uint64_t>& scratch) {
  constexpr std::size_t block = 1 << 14;
  constexpr unsigned top_shift = 53;
  constexpr std::size_t runs = std::size_t{1} << (64 - top_shift);
  const std::size_t n = records.size();
  const std::size_t blocks = (n + block - 1) / block;
  std::vector<std::array<std::uint32_t, runs>> slots(blocks);
  const auto top = [](std::uint64_t r) { return r >> top_shift; };
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    auto& count = slots[b];
    count.fill(0);
    for (std::size_t i = b * block, end = std::min(n, i + block); i < end; ++i) ++count[top(records[i])];
  });
  // Counts become first slots. Walked block by block, as each block's counts
  // lie together (digit by digit would stride 8 KB per step).
  std::array<std::uint32_t, runs + 1> first{};
  for (const auto& count : slots)
    for (std::size_t d = 0; d < runs; ++d) first[d] += count[d];
  std::uint32_t next = 0;
  for (auto& f : first) next += std::exchange(f, next);
  const auto run_start = first;  // run d is [run_start[d], run_start[d + 1])
  for (auto& count : slots)
    for (std::size_t d = 0; d < runs; ++d) {
      const auto records_here = count[d];
      count[d] = first[d];
      first[d] += records_here;
    }
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    auto& slot = slots[b];
    for (std::size_t i = b * block, end = std::min(n, i + block); i < end; ++i) scratch[slot[top(records[i])]++] = records[i];
  });
  // Each run by bits 32-52, from scratch back into records: copied back when
  // its passes (some skipped) left it in scratch.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, runs, 16), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t d = r.begin(); d != r.end(); ++d) {
      std::uint64_t* from = scratch.data() + run_start[d];
      std::uint64_t* to = records.data() + run_start[d];
      const std::size_t m = run_start[d + 1] - run_start[d];
      // A digit's counts do not depend on the order: all three in one read.
      std::array<std::array<std::uint32_t, 128>, 3> at{};
      for (std::size_t i = 0; i < m; ++i)
        for (unsigned p = 0; p < 3; ++p) ++at[p][(from[i] >> (32 + 7 * p)) & 0x7F];
      for (unsigned p = 0; p < 3 && m > 1; ++p) {
        const unsigned shift = 32 + 7 * p;
        // One digit for the whole run (a bucket of one key, as a template's
        // copies make): the pass would move nothing, slowly.
        if (at[p][(from[0] >> shift) & 0x7F] == m) continue;
        std::uint32_t sum = 0;
        for (auto& a : at[p]) sum += std::exchange(a, sum);
        for (std::size_t i = 0; i < m; ++i) to[at[p][(from[i] >> shift) & 0x7F]++] = from[i];
        std::swap(from, to);
      }
      if (from != records.data() + run_start[d]) std::copy(from, from + m, records.data() + run_start[d]);
    }
  });
}

}  // namespace refrain::detail
