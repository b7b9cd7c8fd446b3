#include <refrain/verify.hpp>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>

namespace refrain {

std::size_t intersection_size(std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept {
  // Branch-free merge: which side advances is data, not a jump, so the
  // processor does not mispredict on every other step of two random sets.
  std::size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    const auto x = a[i], y = b[j];
    common += x == y;
    i += x <= y;
    j += y <= x;
  }
  return common;
}

std::string_view to_string(similarity_measure m) noexcept {
  return m == similarity_measure::jaccard ? "jaccard" : "containment";
}

double jaccard(std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept {
  if (a.empty() || b.empty()) return 0;
  const auto common = intersection_size(a, b);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

double containment(std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept {
  if (a.empty() || b.empty()) return 0;
  return static_cast<double>(intersection_size(a, b)) / static_cast<double>(std::min(a.size(), b.size()));
}

double similarity(similarity_measure m, std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept {
  return m == similarity_measure::jaccard ? jaccard(a, b) : containment(a, b);
}

double unmatched_excess(std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept {
  if (a.empty() || b.empty()) return 0;
  if (a.size() > b.size()) std::swap(a, b);
  const auto common = static_cast<double>(intersection_size(a, b));
  const double unmatched_short = 1.0 - common / static_cast<double>(a.size());
  const double unmatched_long = 1.0 - common / static_cast<double>(b.size());
  return std::max(0.0, unmatched_long - unmatched_short);
}

std::vector<scored_pair> verify_pairs(const shingle_table& sets, std::span<const candidate_pair> candidates,
                                      similarity_measure measure, double threshold) {
  std::vector<double> scores(candidates.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, candidates.size(), 1024), [&](const tbb::blocked_range<std::size_t>& r) {
    std::vector<shingle_hash> scratch_a, scratch_b;  // for sets stored as parts
    for (std::size_t i = r.begin(); i != r.end(); ++i)
      scores[i] = similarity(measure, sets.get(candidates[i].a, scratch_a), sets.get(candidates[i].b, scratch_b));
  });
  std::vector<scored_pair> out;
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (scores[i] >= threshold) out.push_back({candidates[i].a, candidates[i].b, scores[i]});
  return out;
}

}  // namespace refrain
