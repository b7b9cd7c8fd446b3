#include <refrain/cluster.hpp>

#include <refrain/huge_pages.hpp>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for_each.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace refrain {
namespace {

class disjoint_sets {
 public:
  explicit disjoint_sets(std::uint32_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  std::uint32_t find(std::uint32_t x) noexcept {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  // The smaller root wins, so roots do not depend on the order of unions.
  void unite(std::uint32_t a, std::uint32_t b) noexcept {
    a = find(a), b = find(b);
    if (a == b) return;
    if (b < a) std::swap(a, b);
    parent_[b] = a;
  }

 private:
  large_vector<std::uint32_t> parent_;
};

}  // namespace

std::vector<std::vector<std::uint32_t>> connected_components(std::uint32_t n, std::span<const candidate_pair> pairs) {
  disjoint_sets sets(n);
  for (const auto& p : pairs) sets.unite(p.a, p.b);
  std::vector<std::uint32_t> size(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) ++size[sets.find(i)];
  std::vector<std::int64_t> slot(n, -1);
  std::vector<std::vector<std::uint32_t>> components;
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto root = sets.find(i);
    if (size[root] < 2) continue;
    if (slot[root] < 0) {
      slot[root] = static_cast<std::int64_t>(components.size());
      components.emplace_back();
      components.back().reserve(size[root]);
    }
    components[static_cast<std::size_t>(slot[root])].push_back(i);
  }
  return components;  // ids ascend within each; components ordered by first member
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
  // Pairs by member (CSR), to re-cut what a round splits off.
  std::uint32_t n = 0;
  for (const auto& p : pairs) n = std::max({n, p.a + 1, p.b + 1});
  large_vector<std::uint32_t> first(n + 1, 0);
  for (const auto& p : pairs) ++first[p.a + 1], ++first[p.b + 1];
  for (std::uint32_t i = 0; i < n; ++i) first[i + 1] += first[i];
  large_vector<std::uint32_t> neighbours(first[n]);
  {
    auto fill = first;
    for (const auto& p : pairs) neighbours[fill[p.a]++] = p.b, neighbours[fill[p.b]++] = p.a;
  }
  // Every group still to check is independent of the others (their members are
  // disjoint and no kept link joins them), so groups, and the parts a round
  // splits off, are checked in parallel as they appear: one giant component of
  // boilerplate does not hold the rest up. The result is sorted, so it does not
  // depend on the thread count.
  tbb::enumerable_thread_specific<std::vector<std::vector<std::uint32_t>>> found;
  using group = std::vector<std::uint32_t>;
  tbb::parallel_for_each(components.begin(), components.end(), [&](group& members, tbb::feeder<group>& more) {
    if (members.size() < 2) return;
    auto& done = found.local();
    if (members.size() == 2) {  // a verified pair: no middle to chain through
      done.push_back(std::move(members));
      return;
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
    // Each member is measured against the centre (remembering the answer per
    // copy class was measured to cost as much as it saved: most members of a
    // component have sets of their own), in runs of a fixed size, so that no
    // allocation per component fragments the heap while the groups found grow.
    std::array<double, 1024> to_it;
    for (std::size_t from = 0; from < members.size(); from += to_it.size()) {
      const auto run = std::span(members).subspan(from, std::min(to_it.size(), members.size() - from));
      if (to_centre) to_centre(centre, run, std::span(to_it).first(run.size()));
      else std::transform(run.begin(), run.end(), to_it.begin(), [&](std::uint32_t m) { return sim(m, centre); });
      for (std::size_t i = 0; i < run.size(); ++i)
        (run[i] == centre || to_it[i] >= min_similarity ? kept : rest).push_back(run[i]);
    }
    if (rest.empty()) {
      done.push_back(std::move(members));
      return;
    }
    if (kept.size() >= 2) done.push_back(std::move(kept));
    // Components of the split-off members over the pairs among themselves.
    std::sort(rest.begin(), rest.end());
    std::vector<std::uint32_t> parent(rest.size());
    std::iota(parent.begin(), parent.end(), 0u);
    const auto find = [&](std::uint32_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (std::uint32_t i = 0; i < rest.size(); ++i)
      for (auto k = first[rest[i]]; k < first[rest[i] + 1]; ++k)
        if (const auto at = std::lower_bound(rest.begin(), rest.end(), neighbours[k]);
            at != rest.end() && *at == neighbours[k]) {
          const auto a = find(i), b = find(static_cast<std::uint32_t>(at - rest.begin()));
          if (a != b) parent[std::max(a, b)] = std::min(a, b);
        }
    std::vector<group> parts(rest.size());
    for (std::uint32_t i = 0; i < rest.size(); ++i) parts[find(i)].push_back(rest[i]);
    for (auto& part : parts)
      if (part.size() >= 2) more.add(std::move(part));
  });
  std::vector<group> done;
  for (auto& local : found)
    for (auto& d : local) done.push_back(std::move(d));
  for (auto& d : done) std::sort(d.begin(), d.end());
  std::sort(done.begin(), done.end());
  return done;
}

}  // namespace refrain
