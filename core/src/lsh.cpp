#include <refrain/lsh.hpp>

#include <refrain/error.hpp>

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

namespace refrain {
namespace {

struct band_record {
  std::uint32_t group;
  std::uint64_t key;
  std::uint32_t id;
  auto operator<=>(const band_record&) const = default;
};

void emit_bucket(std::span<const band_record> bucket, const lsh_options& options, std::vector<candidate_pair>& out) {
  const std::size_t m = bucket.size();
  if (m <= options.max_bucket_all_pairs) {
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = i + 1; j < m; ++j) out.push_back({bucket[i].id, bucket[j].id});
    return;
  }
  // Large bucket: a sliding window keeps the bucket connected at O(m) pairs.
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = i + 1; j < m && j <= i + options.window; ++j) out.push_back({bucket[i].id, bucket[j].id});
}

// Every band's proposals, sorted and each pair once. A pair that shares several
// bands is proposed by each.
//
// By counting: the proposals placed by b and then stably by a (two counting
// passes over set ids, where a comparison sort of them was most of the time
// here), with the repeats dropped. At most two copies of the proposals are
// alive at once.
std::vector<candidate_pair> distinct_by_counting(std::vector<std::vector<candidate_pair>> per_band, std::size_t n,
                                                 std::size_t proposed) {
  std::vector<std::size_t> slot(n + 1);
  const auto place = [&](auto id, const auto& each_from, std::vector<candidate_pair>& to) {
    std::fill(slot.begin(), slot.end(), 0);
    each_from([&](const candidate_pair& p) { ++slot[id(p) + 1]; });
    std::partial_sum(slot.begin(), slot.end(), slot.begin());
    each_from([&](const candidate_pair& p) { to[slot[id(p)]++] = p; });
  };
  std::vector<candidate_pair> by_b(proposed);
  place([](const candidate_pair& p) { return p.b; },
        [&](const auto& visit) {
          for (const auto& band : per_band) std::for_each(band.begin(), band.end(), visit);
        },
        by_b);
  per_band = {};
  std::vector<candidate_pair> pairs(proposed);
  place([](const candidate_pair& p) { return p.a; },
        [&](const auto& visit) { std::for_each(by_b.begin(), by_b.end(), visit); }, pairs);
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

// By a bit per possible pair (row a, bit b), when the n x n bits take no more
// memory than the proposals themselves: a few sets proposed many times over,
// as a family's variants are (at 100 MB of letters, 2,600 of them proposed
// 522,000 times). Marking is one pass; the rows are read out on every core.
std::vector<candidate_pair> distinct_by_bits(const std::vector<std::vector<candidate_pair>>& per_band, std::size_t n) {
  const std::size_t words = (n + 63) / 64;
  std::vector<std::uint64_t> bits(n * words, 0);
  for (const auto& band : per_band)
    for (const auto& p : band) bits[p.a * words + p.b / 64] |= std::uint64_t{1} << (p.b % 64);
  constexpr std::size_t rows = 64;  // rows per block
  const std::size_t blocks = (n + rows - 1) / rows;
  std::vector<std::size_t> start(blocks + 1, 0);  // start[k + 1]: block k's pairs
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t k) {
    const auto from = bits.begin() + static_cast<std::ptrdiff_t>(k * rows * words);
    const auto to = bits.begin() + static_cast<std::ptrdiff_t>(std::min(n, (k + 1) * rows) * words);
    start[k + 1] = std::transform_reduce(from, to, std::size_t{0}, std::plus<>(), [](std::uint64_t w) {
      return static_cast<std::size_t>(std::popcount(w));
    });
  });
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<candidate_pair> pairs(start.back());
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t k) {
    auto out = pairs.begin() + static_cast<std::ptrdiff_t>(start[k]);
    for (auto a = k * rows; a < std::min(n, (k + 1) * rows); ++a)
      for (std::size_t w = 0; w < words; ++w)
        for (auto word = bits[a * words + w]; word != 0; word &= word - 1)
          *out++ = {static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(word)))};
  });
  return pairs;
}

std::vector<candidate_pair> distinct_pairs(std::vector<std::vector<candidate_pair>> per_band, std::size_t n) {
  std::size_t proposed = 0;
  for (const auto& band : per_band) proposed += band.size();
  if (n * ((n + 63) / 64) <= proposed) return distinct_by_bits(per_band, n);  // 8 bytes a word, 8 a proposal
  return distinct_by_counting(std::move(per_band), n, proposed);
}

}  // namespace

double candidate_probability(double s, const banding& b) noexcept {
  return 1.0 - std::pow(1.0 - std::pow(s, b.rows), b.bands);
}

void validate(const banding& b, unsigned num_perm) {
  if (b.bands == 0 || b.rows == 0 || static_cast<std::uint64_t>(b.bands) * b.rows != num_perm)
    throw error(errc::invalid_argument,
                fmt::format("bands x rows must equal num_perm: {} x {} = {}, but num_perm is {}", b.bands, b.rows,
                            static_cast<std::uint64_t>(b.bands) * b.rows, num_perm));
}

banding choose_banding(double threshold, unsigned num_perm, double recall) {
  if (!(threshold > 0.0 && threshold <= 1.0))
    throw error(errc::invalid_argument, fmt::format("threshold must be in (0, 1] (got {})", threshold));
  if (num_perm == 0) throw error(errc::invalid_argument, "num_perm must be at least 1");
  // More rows per band means fewer chance collisions; take the most rows that
  // still propose a pair at the threshold with the wanted probability.
  banding best{num_perm, 1};
  for (unsigned rows = 1; rows <= num_perm; ++rows) {
    if (num_perm % rows != 0) continue;
    const banding b{num_perm / rows, rows};
    if (candidate_probability(threshold, b) >= recall) best = b;
  }
  return best;
}

std::vector<candidate_pair> candidate_pairs(const signature_matrix& signatures, const banding& b,
                                            std::span<const std::uint32_t> group, const lsh_options& options) {
  validate(b, signatures.params().num_perm);
  if (!group.empty() && group.size() != signatures.size())
    throw error(errc::invalid_argument, "candidate_pairs: one group per signature is required");
  const std::size_t n = signatures.size();
  std::vector<std::vector<candidate_pair>> per_band(b.bands);
  tbb::parallel_for(0u, b.bands, [&](unsigned band) {
    std::vector<band_record> records(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto row = signatures[i].subspan(static_cast<std::size_t>(band) * b.rows, b.rows);
      records[i] = {group.empty() ? 0u : group[i], XXH3_64bits_withSeed(row.data(), row.size_bytes(), band),
                    static_cast<std::uint32_t>(i)};
    }
    std::sort(records.begin(), records.end());
    auto& out = per_band[band];
    for (std::size_t i = 0; i < n;) {
      std::size_t j = i + 1;
      while (j < n && records[j].group == records[i].group && records[j].key == records[i].key) ++j;
      if (j - i > 1) emit_bucket(std::span(records).subspan(i, j - i), options, out);
      i = j;
    }
  });
  return distinct_pairs(std::move(per_band), n);
}

}  // namespace refrain
