#include <refrain/lsh.hpp>

#include <refrain/error.hpp>

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <xxhash.h>

#include <algorithm>
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
  // A pair that shares several bands is proposed by each. All the bands'
  // proposals, placed by b and then stably by a (two counting passes over set
  // ids, where a comparison sort of them was most of the time here), with the
  // repeats dropped. At most two copies of the proposals are alive at once.
  std::size_t proposed = 0;
  for (const auto& band : per_band) proposed += band.size();
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

}  // namespace refrain
