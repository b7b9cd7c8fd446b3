#include <refrain/cluster.hpp>

#include <algorithm>
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
  std::vector<std::uint32_t> parent_;
};

}  // namespace

std::vector<std::vector<std::uint32_t>> connected_components(std::uint32_t n, std::span<const scored_pair> pairs) {
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
                   const std::function<double(std::uint32_t, std::uint32_t)>& sim, std::size_t max_considered) {
  const std::size_t m = std::min(members.size(), max_considered);
  std::size_t best = 0;
  double best_score = -1;
  for (std::size_t i = 0; i < m; ++i) {
    double score = 0;
    for (std::size_t j = 0; j < m; ++j)
      if (i != j) score += sim(members[i], members[j]);
    if (score > best_score) {
      best_score = score;
      best = i;
    }
  }
  return best;
}

}  // namespace refrain
