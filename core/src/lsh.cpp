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
  std::vector<std::size_t> before(per_band.size() + 1);
  for (std::size_t band = 0; band < per_band.size(); ++band) before[band + 1] = before[band] + per_band[band].size();
  std::vector<candidate_pair> proposed(before.back());
  tbb::parallel_for(std::size_t{0}, per_band.size(), [&](std::size_t band) {
    std::copy(per_band[band].begin(), per_band[band].end(), proposed.begin() + static_cast<std::ptrdiff_t>(before[band]));
    std::vector<candidate_pair>().swap(per_band[band]);
  });
  std::vector<candidate_pair> by_b(proposed.size());  // made once the bands' own lists are gone
  // A pair that shares several bands is proposed by each: sorted by b, then
  // stably by a (two counting passes over set ids, where a comparison sort of
  // all proposals was most of the time here), and the repeats dropped.
  std::vector<std::size_t> slot(n + 1);
  const auto by = [&](auto id, const std::vector<candidate_pair>& from, std::vector<candidate_pair>& to) {
    std::fill(slot.begin(), slot.end(), 0);
    for (const auto& p : from) ++slot[id(p) + 1];
    std::partial_sum(slot.begin(), slot.end(), slot.begin());
    for (const auto& p : from) to[slot[id(p)]++] = p;
  };
  by([](const candidate_pair& p) { return p.b; }, proposed, by_b);
  by([](const candidate_pair& p) { return p.a; }, by_b, proposed);
  proposed.erase(std::unique(proposed.begin(), proposed.end()), proposed.end());
  return proposed;
}

}  // namespace refrain
