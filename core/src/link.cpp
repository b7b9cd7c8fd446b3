#include <refrain/link.hpp>

#include <refrain/error.hpp>
#include <refrain/huge_pages.hpp>

#include "sort_by_key.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>
// XXH3 compiled into this file: a band key hashes 4 or 8 bytes, 64 times per set,
// and inlined at a length known here it costs a fraction of the library call.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <utility>

namespace refrain {
namespace {

class disjoint_sets {
 public:
  explicit disjoint_sets(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  std::uint32_t find(std::uint32_t x) noexcept {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  // find() for several threads at once while nothing unites. It points every
  // entry on x's path straight at the root, so later bands find it in one step
  // (the scan of each band asks for the roots of millions of bucket mates, and
  // unite() shortens only the paths it walks). Threads may write the same entry,
  // only ever with its root, which nothing changes meanwhile: relaxed atomics.
  std::uint32_t root(std::uint32_t x) noexcept {
    const auto at = [this](std::uint32_t i) { return std::atomic_ref<std::uint32_t>(parent_[i]); };
    std::uint32_t top = x;
    for (std::uint32_t up; (up = at(top).load(std::memory_order_relaxed)) != top;) top = up;
    while (x != top) {
      const auto up = at(x).load(std::memory_order_relaxed);
      if (up != top) at(x).store(top, std::memory_order_relaxed);
      x = up;
    }
    return top;
  }
  void prefetch(std::uint32_t x) const noexcept { __builtin_prefetch(parent_.data() + x); }
  bool unite(std::uint32_t a, std::uint32_t b) noexcept {
    a = find(a), b = find(b);
    if (a == b) return false;
    if (b < a) std::swap(a, b);
    parent_[b] = a;
    return true;
  }

 private:
  large_vector<std::uint32_t> parent_;
};

// Pairs that failed verification, as (a << 32 | b) with a < b: open addressing,
// at most three quarters full. 11 to 21 bytes a pair, where a node-based set took
// about 40 (millions of pairs at 1 GB of letters, all alive at the link stage's peak).
class pair_set {
 public:
  bool contains(std::uint64_t pair) const noexcept {
    if (slots_.empty()) return false;
    const auto key = pair + 1;  // 0 marks an empty slot; a pair is never all ones
    for (auto slot = spread(key) & mask(); slots_[slot] != 0; slot = (slot + 1) & mask())
      if (slots_[slot] == key) return true;
    return false;
  }
  void insert(std::uint64_t pair) {
    if (4 * (used_ + 1) > 3 * slots_.size()) grow();
    const auto key = pair + 1;
    auto slot = spread(key) & mask();
    for (; slots_[slot] != 0; slot = (slot + 1) & mask())
      if (slots_[slot] == key) return;
    slots_[slot] = key;
    ++used_;
  }

 private:
  static std::uint64_t spread(std::uint64_t key) noexcept { return XXH3_64bits(&key, sizeof key); }
  std::size_t mask() const noexcept { return slots_.size() - 1; }
  void grow() {
    large_vector<std::uint64_t> old(std::max<std::size_t>(1024, 2 * slots_.size()));
    old.swap(slots_);
    for (const auto key : old) {
      if (key == 0) continue;
      auto slot = spread(key) & mask();
      while (slots_[slot] != 0) slot = (slot + 1) & mask();
      slots_[slot] = key;
    }
  }
  large_vector<std::uint64_t> slots_;
  std::size_t used_ = 0;
};

}  // namespace

link_result link_sets(const shingle_table& sets, std::span<const std::uint32_t> groups, const minhash_params& minhash,
                      const banding& bands, similarity_measure measure, double threshold,
                      const link_options& options) {
  const auto& accept = options.accept;
  const auto& band_done = options.band_done;
  validate(minhash);
  validate(bands, minhash.num_perm);
  const std::size_t n = sets.size();
  if (!groups.empty() && groups.size() != n) throw error(errc::invalid_argument, "link_sets: one group per set is required");
  if (n >= std::numeric_limits<std::uint32_t>::max())
    throw error(errc::invalid_argument, "link_sets: more than 4 billion sets; ids are 32-bit");
  // The same (a, b) family as compute_signatures, so a band here equals a band of
  // the stored signatures.
  const auto family = make_minhash_family(minhash);
  const bool vector_kernel = minhash_vector_kernel();
  link_result result;
  disjoint_sets components(n);
  pair_set failed;
  // Band keys for several bands are made in one pass over the shingles (each
  // pass reads every set once), then each band is bucketed on its own.
  constexpr unsigned bands_per_pass = 4;  // 16 bytes a set: 8 cost twice the memory for no speed
  large_vector<std::uint32_t> keys(n * bands_per_pass);
  large_vector<std::uint64_t> records(n), scratch(n);
  // A band's verified pairs are joined in order on one thread while the next
  // band's keys are made and sorted (which read neither the union-find nor the
  // failed pairs) on the others: joining is sequential, and it was a core idle.
  std::vector<candidate_pair> joining_proposals;
  std::vector<char> joining_ok;
  std::optional<unsigned> joining_band;
  tbb::task_group joining;  // after what its task uses, so an unwinding waits for it first
  const auto join = [&] {
    for (std::size_t i = 0; i < joining_proposals.size(); ++i) {
      // Pairs join random places of the union-find: ask for a later pair's entries now.
      if (constexpr std::size_t ahead = 8; i + ahead < joining_proposals.size()) {
        components.prefetch(joining_proposals[i + ahead].a);
        components.prefetch(joining_proposals[i + ahead].b);
      }
      const auto& pair = joining_proposals[i];
      if (!joining_ok[i]) {
        failed.insert((static_cast<std::uint64_t>(pair.a) << 32) | pair.b);
        continue;
      }
      ++result.verified;
      if (components.unite(pair.a, pair.b)) result.links.push_back(pair);
    }
  };
  const auto finish_join = [&] {
    joining.wait();
    if (joining_band && band_done) band_done(*joining_band);
    joining_band.reset();
  };
  for (unsigned pass_first = 0; pass_first < bands.bands; pass_first += bands_per_pass) {
    const unsigned pass_bands = std::min(bands_per_pass, bands.bands - pass_first);
    // With the vector kernel and eight values a pass, a set that parts are
    // stored in (a paragraph, its sentences after it) keeps each value's eight
    // results, and its parts take their minima from those instead of hashing
    // their values again: a third of all shingles are sentences'.
    const bool reuse = vector_kernel && pass_bands * bands.rows == 8;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const tbb::blocked_range<std::size_t>& r) {
      std::vector<std::uint32_t> local(static_cast<std::size_t>(pass_bands) * bands.rows);
      std::vector<shingle_hash> gathered;  // a set stored as a part
      std::vector<std::uint32_t> kept(reuse ? 8 * shingle_table::max_whole_for_parts : 0);
      std::array<std::uint32_t, 8> kept_mins{};
      std::size_t kept_for = n;  // the set whose results `kept` holds: none yet
      const std::size_t first = static_cast<std::size_t>(pass_first) * bands.rows;
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        const std::uint32_t group = groups.empty() ? 0u : groups[i];
        const std::size_t rows = group == options.one_row_group ? 1 : bands.rows;
        std::fill(local.begin(), local.end(), std::numeric_limits<std::uint32_t>::max());
        const auto mins = [&] { return std::span<std::uint32_t, 8>(local.data(), 8); };
        bool empty = false;
        if (reuse && sets.stored_whole(i) && sets[i].size() <= shingle_table::max_whole_for_parts) {
          const auto set = sets[i];
          minhash8_keep(set, family, first, kept, mins());
          std::copy(local.begin(), local.end(), kept_mins.begin());
          kept_for = i;
          empty = set.empty();
        } else if (reuse && !sets.stored_whole(i) && sets.part(i).whole == kept_for) {
          const auto part = sets.part(i);
          if (part.all) std::copy(kept_mins.begin(), kept_mins.end(), local.begin());
          else minhash8_subset(kept, part.positions, mins());
          empty = part.all ? sets[part.whole].empty() : part.positions.empty();
        } else {
          const auto set = sets.get(i, gathered);
          empty = set.empty();
          // A one-row group uses only the first row of each band, but the vector
          // kernel makes all rows faster than a strided loop makes the ones used.
          if (rows == bands.rows || vector_kernel) {
            minhash_into(set, family, first, 1, local);
          } else {
            minhash_into(set, family, first, bands.rows, std::span(local).first(pass_bands));
            for (std::size_t band = pass_bands; band-- > 0;) local[band * bands.rows] = local[band];
          }
        }
        for (unsigned band = 0; band < pass_bands; ++band) {
          // 32-bit keys: a chance collision only proposes a pair that then fails
          // verification. An empty set gets a key of its own id (never shared).
          const auto* values = local.data() + static_cast<std::size_t>(band) * bands.rows;
          const auto seed = (std::uint64_t{group} << 32) | (pass_first + band);
          keys[i * bands_per_pass + band] =
              empty        ? static_cast<std::uint32_t>(i)
              : rows == 2 ? static_cast<std::uint32_t>(XXH3_64bits_withSeed(values, 2 * sizeof(std::uint32_t), seed))
                          : static_cast<std::uint32_t>(XXH3_64bits_withSeed(values, rows * sizeof(std::uint32_t), seed));
        }
      }
    });
    for (unsigned pb = 0; pb < pass_bands; ++pb) {
    const unsigned band = pass_first + pb;
    // (key << 32 | id), sorted by key with a stable radix sort: ids stay
    // ascending within a bucket because they go in ascending.
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1 << 14), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i)
        records[i] = (std::uint64_t{keys[i * bands_per_pass + pb]} << 32) | static_cast<std::uint32_t>(i);
    });
    detail::sort_by_key(records, scratch);
    // The scan reads the union-find and the failed pairs: the band before must be joined.
    finish_join();
    // Consecutive members of a bucket not yet connected, and not known to fail.
    // Scanned in parallel chunks (the union-find and the failed set are only
    // read here), then concatenated in order, in parallel.
    // (Made anew each band: the first bands propose millions of pairs, later
    // ones few, and buffers kept at the first bands' size raised the peak.)
    constexpr std::size_t chunk = 1 << 14;
    std::vector<std::vector<candidate_pair>> found((n + chunk - 1) / chunk);
    tbb::parallel_for(std::size_t{0}, found.size(), [&](std::size_t c) {
      const std::size_t from = std::max<std::size_t>(1, c * chunk), to = std::min(n, (c + 1) * chunk);
      constexpr std::size_t ahead = 16;
      // The root of records[i - 1], when the pair before asked for it: in a
      // bucket each member is the second of one pair and the first of the next.
      std::optional<std::uint32_t> root_before;
      for (std::size_t i = from; i < to; ++i) {
        // Bucket mates are random places in the union-find: ask for a later
        // pair's entries now, so the misses overlap instead of queueing.
        if (i + ahead < n && (records[i + ahead - 1] >> 32) == (records[i + ahead] >> 32)) {
          for (const auto record : {records[i + ahead - 1], records[i + ahead]}) {
            components.prefetch(static_cast<std::uint32_t>(record));
            if (!groups.empty()) __builtin_prefetch(groups.data() + static_cast<std::uint32_t>(record));
          }
        }
        if ((records[i - 1] >> 32) != (records[i] >> 32)) {
          root_before.reset();
          continue;
        }
        const auto p = static_cast<std::uint32_t>(records[i - 1]), q = static_cast<std::uint32_t>(records[i]);
        // Most bucket mates are already joined (by an earlier band): test that first.
        const auto root_p = root_before ? *root_before : components.root(p);
        root_before = components.root(q);
        if (root_p == *root_before) continue;
        // Groups are folded into the key's seed; a chance match across groups is refused here.
        if (!groups.empty() && groups[p] != groups[q]) continue;
        const auto lo = std::min(p, q), hi = std::max(p, q);
        if (failed.contains((static_cast<std::uint64_t>(lo) << 32) | hi)) continue;
        found[c].push_back({lo, hi});
      }
    });
    std::vector<std::size_t> found_before(found.size() + 1);
    for (std::size_t c = 0; c < found.size(); ++c) found_before[c + 1] = found_before[c] + found[c].size();
    std::vector<candidate_pair> proposals(found_before.back());
    tbb::parallel_for(std::size_t{0}, found.size(),
                      [&](std::size_t c) { std::copy(found[c].begin(), found[c].end(), proposals.begin() + found_before[c]); });
    found = {};
    std::vector<char> ok(proposals.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, proposals.size(), 256), [&](const tbb::blocked_range<std::size_t>& r) {
      std::vector<shingle_hash> scratch_a, scratch_b;
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        // The sets of a pair are far apart in memory; ask for a later pair's
        // first lines now so the merge does not start on a cache miss.
        if (constexpr std::size_t ahead = 8; i + ahead < r.end()) {
          __builtin_prefetch(sets.stored_at(proposals[i + ahead].a));
          __builtin_prefetch(sets.stored_at(proposals[i + ahead].b));
        }
        const auto a = sets.get(proposals[i].a, scratch_a), b = sets.get(proposals[i].b, scratch_b);
        const auto common = intersection_size(a, b);
        const auto score = similarity(measure, common, a.size(), b.size());
        ok[i] = score >= threshold && (!accept || accept({proposals[i].a, a}, {proposals[i].b, b}, score, common));
      }
    });
    result.proposed += proposals.size();
    joining_proposals = std::move(proposals);
    joining_ok = std::move(ok);
    joining_band = band;
    joining.run(join);
    }
  }
  finish_join();
  return result;
}

}  // namespace refrain
