#include <refrain/cluster.hpp>

#include <refrain/huge_pages.hpp>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_for_each.h>
#include <tbb/parallel_invoke.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>

namespace refrain {
namespace {

// Union-find that threads unite in at once. A root is only ever linked under a
// smaller root, so every component ends with its smallest member as its root,
// whatever order the unions came in. Entries change by compare-and-swap (a
// root's link) or by pointing a non-root at an ancestor of it (path halving),
// which is still true of it whoever wrote last.
class concurrent_disjoint_sets {
 public:
  explicit concurrent_disjoint_sets(std::uint32_t n) : parent_(n) {
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, n, 1 << 16), [&](const auto& r) {
      std::iota(parent_.begin() + r.begin(), parent_.begin() + r.end(), r.begin());
    });
  }
  std::uint32_t find(std::uint32_t x) noexcept {
    for (;;) {
      const auto up = at(x).load(std::memory_order_relaxed);
      if (up == x) return x;
      const auto above = at(up).load(std::memory_order_relaxed);
      if (above != up) at(x).store(above, std::memory_order_relaxed);
      x = above;
    }
  }
  void unite(std::uint32_t a, std::uint32_t b) noexcept {
    for (;;) {
      a = find(a), b = find(b);
      if (a == b) return;
      if (b < a) std::swap(a, b);
      if (at(b).compare_exchange_weak(b, a, std::memory_order_relaxed)) return;
    }
  }
  void prefetch(std::uint32_t x) const noexcept { __builtin_prefetch(parent_.data() + x); }
  // Once the unions are done: each entry its root, which is its component's
  // smallest member. Only roots are written now (no halving, which could put
  // back an entry's old grandparent after its root was written), so an entry
  // once set stays set, and the threads still walking through it reach the
  // same root either way.
  const large_vector<std::uint32_t>& roots() {
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(parent_.size()), 1 << 16),
                      [&](const auto& r) {
                        for (auto i = r.begin(); i != r.end(); ++i) {
                          auto top = i;
                          for (std::uint32_t up; (up = at(top).load(std::memory_order_relaxed)) != top;) top = up;
                          at(i).store(top, std::memory_order_relaxed);
                        }
                      });
    return parent_;
  }

 private:
  std::atomic_ref<std::uint32_t> at(std::uint32_t i) noexcept { return std::atomic_ref<std::uint32_t>(parent_[i]); }
  large_vector<std::uint32_t> parent_;
};

// Where each of a sorted list of distinct ids lies in it, for ids asked for at
// random. The chain guard looks up the neighbours of every member it split off
// (hundreds of thousands at once when a template's component splits), where a
// binary search missed the cache at every step. For a list that is not sparse
// in its range of ids: a bit per id of the range and a count per 64 of them
// (12 bytes per 64 ids, a few MB at most, where a hash table of the members
// raised the scan's peak memory by tens of MB at 1 GB of letters); else the
// binary search, on a list small enough to stay in cache.
class position_index {
 public:
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  explicit position_index(std::span<const std::uint32_t> ids) : ids_(ids) {
    if (ids.empty()) return;
    const std::size_t words = (ids.back() - ids.front()) / 64 + 1;
    if (words > 4 * ids.size()) return;  // sparse: binary search
    bits_.assign(words, 0);
    before_.resize(words);
    for (const auto id : ids) bits_[(id - ids.front()) / 64] |= std::uint64_t{1} << ((id - ids.front()) % 64);
    std::uint32_t count = 0;
    for (std::size_t w = 0; w < words; ++w) {
      before_[w] = count;
      count += static_cast<std::uint32_t>(std::popcount(bits_[w]));
    }
  }
  std::uint32_t find(std::uint32_t id) const noexcept {
    if (bits_.empty()) {
      const auto at = std::lower_bound(ids_.begin(), ids_.end(), id);
      return at != ids_.end() && *at == id ? static_cast<std::uint32_t>(at - ids_.begin()) : none;
    }
    if (id < ids_.front() || id > ids_.back()) return none;
    const auto offset = id - ids_.front();
    const auto word = bits_[offset / 64];
    const auto bit = std::uint64_t{1} << (offset % 64);
    if ((word & bit) == 0) return none;
    return before_[offset / 64] + static_cast<std::uint32_t>(std::popcount(word & (bit - 1)));
  }

 private:
  std::span<const std::uint32_t> ids_;
  std::vector<std::uint64_t> bits_;     // bit j of [w]: id front + 64 w + j is in the list
  std::vector<std::uint32_t> before_;   // ids of the list before word w
};

// Components of size >= 2 of the ids [0, n) that `unite_all(sets)` joins (it
// may unite from several threads at once): each a list of ids ascending, the
// lists ordered by first id.
template <class UniteAll>
std::vector<std::vector<std::uint32_t>> components_of(std::uint32_t n, const UniteAll& unite_all) {
  concurrent_disjoint_sets sets(n);
  unite_all(sets);
  const auto& root = sets.roots();
  // Each root's member count, then in its place the component's index (none for
  // a single unit). A component's root is its first member, so numbering roots
  // in order of id orders the components by first member.
  large_vector<std::uint32_t> slot(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) ++slot[root[i]];
  constexpr auto none = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::vector<std::uint32_t>> components;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (root[i] != i) continue;
    const auto size = slot[i];
    slot[i] = size < 2 ? none : static_cast<std::uint32_t>(components.size());
    if (size >= 2) components.emplace_back().reserve(size);
  }
  for (std::uint32_t i = 0; i < n; ++i)
    if (const auto c = slot[root[i]]; c != none) components[c].push_back(i);
  return components;
}

}  // namespace

std::vector<std::vector<std::uint32_t>> connected_components(std::uint32_t n, std::span<const candidate_pair> pairs) {
  return components_of(n, [&](concurrent_disjoint_sets& sets) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, pairs.size(), 1 << 14), [&](const auto& r) {
      constexpr std::size_t ahead = 16;  // the pairs' entries are read at random: ask for them early
      for (auto i = r.begin(); i != r.end(); ++i) {
        if (i + ahead < r.end()) sets.prefetch(pairs[i + ahead].a), sets.prefetch(pairs[i + ahead].b);
        sets.unite(pairs[i].a, pairs[i].b);
      }
    });
  });
}

std::size_t medoid(std::span<const std::uint32_t> members,
                   const std::function<double(std::uint32_t, std::uint32_t)>& sim, std::size_t max_considered,
                   const copy_class& copies) {
  const std::size_t m = std::min(members.size(), max_considered);
  // Each considered member's copy class, numbered from 0 in order of appearance.
  std::vector<std::uint32_t> keys, class_of(m);
  for (std::size_t i = 0; i < m; ++i) {
    const auto key = copies ? copies(members[i]) : static_cast<std::uint32_t>(i);
    const auto at = std::find(keys.begin(), keys.end(), key);
    class_of[i] = static_cast<std::uint32_t>(at - keys.begin());
    if (at == keys.end()) keys.push_back(key);
  }
  const std::size_t k = keys.size();
  std::vector<double> known(k * k, std::numeric_limits<double>::quiet_NaN());  // by pair of classes
  // sim is symmetric: each pair is measured once and counts for both. Each
  // score still adds its terms in the order of j, so the sums (and the ties
  // they decide) are what measuring every ordered pair gives.
  std::vector<double> score(m, 0.0);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = i + 1; j < m; ++j) {
      auto& s = known[class_of[i] * k + class_of[j]];
      if (std::isnan(s)) s = known[class_of[j] * k + class_of[i]] = sim(members[i], members[j]);
      score[i] += s;
      score[j] += s;
    }
  std::size_t best = 0;
  double best_score = -1;
  for (std::size_t i = 0; i < m; ++i)
    if (score[i] > best_score) {
      best_score = score[i];
      best = i;
    }
  return best;
}

std::vector<std::vector<std::uint32_t>> split_chains(std::vector<std::vector<std::uint32_t>> components,
                                                     std::span<const candidate_pair> pairs,
                                                     const std::function<double(std::uint32_t, std::uint32_t)>& sim,
                                                     double min_similarity, const copy_class& copies,
                                                     const centre_similarity& to_centre) {
  using group = std::vector<std::uint32_t>;
  // Pairs by member (CSR), to re-cut what a round splits off: made on one core
  // (its loops wait on reads at random, and two cores each owning half the
  // members measured no faster) while the other cores check the components'
  // first round, which does not need it. first[i + 1] counts i's pairs;
  // summed, first[i] is where i's neighbours start. Filling moves each first[i]
  // on to where i's end, the next one's start, so one shift puts it back (no
  // second table of the ids' size).
  large_vector<std::uint32_t> first, neighbours;
  const auto link_by_member = [&] {
    std::uint32_t n = 0;
    for (const auto& p : pairs) n = std::max({n, p.a + 1, p.b + 1});
    first.assign(std::size_t{n} + 1, 0);
    for (const auto& p : pairs) ++first[p.a + 1], ++first[p.b + 1];
    for (std::uint32_t i = 0; i < n; ++i) first[i + 1] += first[i];
    neighbours.resize(first[n]);
    for (const auto& p : pairs) neighbours[first[p.a]++] = p.b, neighbours[first[p.b]++] = p.a;
    std::move_backward(first.begin(), first.end() - 1, first.end());
    first[0] = 0;
  };
  // Every group to check is independent of the others (their members are
  // disjoint and no kept link joins them), so groups, and the parts a round
  // splits off, are checked in parallel: one giant component of boilerplate
  // does not hold the rest up. The result is sorted, so it does not depend on
  // the thread count.
  tbb::enumerable_thread_specific<std::vector<group>> found;
  // One round for one group: the groups it keeps go to `found`; what it splits
  // off is returned (empty when nothing is).
  const auto check = [&](group& members) -> group {
    if (members.size() < 2) return {};
    auto& done = found.local();
    if (members.size() == 2) {  // a verified pair: no middle to chain through
      done.push_back(std::move(members));
      return {};
    }
    // The centre weighs strong ties above many weak ones (squared similarity), so
    // a bridge that resembles everything a little is not taken for the centre.
    const auto centre = members[medoid(
        members,
        [&](std::uint32_t a, std::uint32_t b) {
          const double s = sim(a, b);
          return s * s;
        },
        64, copies)];
    group kept, rest;
    const auto score = [&](std::span<const std::uint32_t> run, std::span<double> out) {
      if (to_centre) to_centre(centre, run, out);
      else std::transform(run.begin(), run.end(), out.begin(), [&](std::uint32_t m) { return sim(m, centre); });
    };
    const auto keep_or_split = [&](std::span<const std::uint32_t> run, std::span<const double> to_it) {
      for (std::size_t i = 0; i < run.size(); ++i)
        (run[i] == centre || to_it[i] >= min_similarity ? kept : rest).push_back(run[i]);
    };
    // Each member is measured against the centre (remembering the answer per
    // copy class was measured to cost as much as it saved: most members of a
    // component have sets of their own), in runs of a fixed size, so that no
    // allocation per component fragments the heap while the groups found grow.
    // A template's component can hold a member from every letter: it is measured
    // on every core, in ranges of at least a run (each member's measure is its
    // own, so the ranges do not change them).
    constexpr std::size_t run_size = 1024;
    if (members.size() > 8 * run_size) {
      std::vector<double> to_it(members.size());
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, members.size(), run_size), [&](const auto& r) {
        score(std::span(members).subspan(r.begin(), r.size()), std::span(to_it).subspan(r.begin(), r.size()));
      });
      keep_or_split(members, to_it);
    } else {
      std::array<double, run_size> to_it;
      for (std::size_t from = 0; from < members.size(); from += run_size) {
        const auto run = std::span(members).subspan(from, std::min(run_size, members.size() - from));
        score(run, std::span(to_it).first(run.size()));
        keep_or_split(run, to_it);
      }
    }
    if (rest.empty()) {
      done.push_back(std::move(members));
      return {};
    }
    if (kept.size() >= 2) done.push_back(std::move(kept));
    group{}.swap(members);  // split into `kept` and `rest`: not needed whole again
    return rest;
  };
  // Components of the split-off members over the pairs among themselves (each
  // pair taken from its lower end), in positions of `rest`, which ascend with
  // the ids. A template's component can split off hundreds of thousands of
  // members in a round: they are re-cut on every core.
  const auto recut = [&](group rest) {
    if (!std::is_sorted(rest.begin(), rest.end())) std::sort(rest.begin(), rest.end());
    const position_index index(rest);
    auto parts = components_of(static_cast<std::uint32_t>(rest.size()), [&](concurrent_disjoint_sets& among) {
      tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(rest.size()), 1024), [&](const auto& r) {
        for (auto i = r.begin(); i != r.end(); ++i)
          for (auto k = first[rest[i]]; k < first[rest[i] + 1]; ++k)
            if (const auto at = index.find(neighbours[k]); at != position_index::none && at > i) among.unite(i, at);
      });
    });
    for (auto& part : parts)
      for (auto& at : part) at = rest[at];
    return parts;
  };
  std::vector<group> split_off(components.size());
  tbb::parallel_invoke(link_by_member, [&] {
    tbb::parallel_for(std::size_t{0}, components.size(), [&](std::size_t c) { split_off[c] = check(components[c]); });
  });
  std::vector<std::vector<group>> parts_of(components.size());
  tbb::parallel_for(std::size_t{0}, components.size(), [&](std::size_t c) {
    if (!split_off[c].empty()) parts_of[c] = recut(std::move(split_off[c]));
  });
  split_off = {};
  std::vector<group> parts;
  for (auto& some : parts_of)
    for (auto& part : some) parts.push_back(std::move(part));
  parts_of = {};
  // Then round after round, each part as it appears.
  tbb::parallel_for_each(parts.begin(), parts.end(), [&](group& members, tbb::feeder<group>& more) {
    if (auto rest = check(members); !rest.empty())
      for (auto& part : recut(std::move(rest))) more.add(std::move(part));
  });
  std::vector<group> done;
  for (auto& local : found)
    for (auto& d : local) done.push_back(std::move(d));
  // A group is already sorted when its component came in sorted (members are
  // filtered in order), so only one that is not pays for a sort.
  tbb::parallel_for(std::size_t{0}, done.size(), [&](std::size_t i) {
    if (!std::is_sorted(done[i].begin(), done[i].end())) std::sort(done[i].begin(), done[i].end());
  });
  // Disjoint groups are told apart by their first members.
  std::sort(done.begin(), done.end(),
            [](const group& x, const group& y) { return x.front() != y.front() ? x.front() < y.front() : x < y; });
  return done;
}

}  // namespace refrain
