#include <refrain/link.hpp>

#include <refrain/error.hpp>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>
#include <xxhash.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>
#include <unordered_set>

namespace refrain {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

struct band_record {
  std::uint32_t group;
  std::uint64_t key;
  std::uint32_t id;
  auto operator<=>(const band_record&) const = default;
};

class disjoint_sets {
 public:
  explicit disjoint_sets(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  std::uint32_t find(std::uint32_t x) noexcept {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  bool unite(std::uint32_t a, std::uint32_t b) noexcept {
    a = find(a), b = find(b);
    if (a == b) return false;
    if (b < a) std::swap(a, b);
    parent_[b] = a;
    return true;
  }

 private:
  std::vector<std::uint32_t> parent_;
};

}  // namespace

link_result link_sets(const shingle_table& sets, std::span<const std::uint32_t> groups, const minhash_params& minhash,
                      const banding& bands, similarity_measure measure, double threshold,
                      const std::function<bool(std::uint32_t, std::uint32_t)>& accept) {
  validate(minhash);
  validate(bands, minhash.num_perm);
  const std::size_t n = sets.size();
  if (!groups.empty() && groups.size() != n) throw error(errc::invalid_argument, "link_sets: one group per set is required");
  // The same (a, b) family as compute_signatures, so a band here equals a band of
  // the stored signatures.
  std::vector<std::uint64_t> a(minhash.num_perm), b(minhash.num_perm);
  std::uint64_t state = minhash.seed;
  for (unsigned i = 0; i < minhash.num_perm; ++i) {
    a[i] = splitmix64(state) | 1u;
    b[i] = splitmix64(state);
  }
  link_result result;
  disjoint_sets components(n);
  std::unordered_set<std::uint64_t> failed;
  std::vector<band_record> records(n);
  for (unsigned band = 0; band < bands.bands; ++band) {
    const std::size_t first = static_cast<std::size_t>(band) * bands.rows;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const tbb::blocked_range<std::size_t>& r) {
      std::vector<std::uint32_t> local(bands.rows);
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        std::fill(local.begin(), local.end(), std::numeric_limits<std::uint32_t>::max());
        for (const std::uint64_t h : sets[i])
          for (unsigned k = 0; k < bands.rows; ++k) {
            const auto v = static_cast<std::uint32_t>((a[first + k] * h + b[first + k]) >> 32);
            local[k] = v < local[k] ? v : local[k];
          }
        records[i] = {groups.empty() ? 0u : groups[i],
                      sets[i].empty() ? i + 0x8000000000000000ull  // empty sets never share a bucket
                                      : XXH3_64bits_withSeed(local.data(), local.size() * sizeof(std::uint32_t), band),
                      static_cast<std::uint32_t>(i)};
      }
    });
    tbb::parallel_sort(records.begin(), records.end());
    // Consecutive members of a bucket not yet connected, and not known to fail.
    std::vector<candidate_pair> proposals;
    for (std::size_t i = 1; i < n; ++i) {
      const auto& p = records[i - 1];
      const auto& q = records[i];
      if (p.group != q.group || p.key != q.key) continue;
      if (components.find(p.id) == components.find(q.id)) continue;
      const auto lo = std::min(p.id, q.id), hi = std::max(p.id, q.id);
      if (failed.contains((static_cast<std::uint64_t>(lo) << 32) | hi)) continue;
      proposals.push_back({lo, hi});
    }
    std::vector<double> score(proposals.size());
    std::vector<char> ok(proposals.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, proposals.size(), 256), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        score[i] = similarity(measure, sets[proposals[i].a], sets[proposals[i].b]);
        ok[i] = score[i] >= threshold && (!accept || accept(proposals[i].a, proposals[i].b));
      }
    });
    result.proposed += proposals.size();
    for (std::size_t i = 0; i < proposals.size(); ++i) {
      if (!ok[i]) {
        failed.insert((static_cast<std::uint64_t>(proposals[i].a) << 32) | proposals[i].b);
        continue;
      }
      ++result.verified;
      if (components.unite(proposals[i].a, proposals[i].b))
        result.links.push_back({proposals[i].a, proposals[i].b, score[i]});
    }
  }
  return result;
}

}  // namespace refrain
