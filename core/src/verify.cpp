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

void set_probe::assign(std::span<const shingle_hash> set) {
  size_ = set.size();
  has_zero_ = false;
  // At most a quarter full, so a lookup seldom goes past its first slot.
  unsigned bits = 4;
  while ((std::size_t{1} << bits) < 4 * set.size()) ++bits;
  shift_ = 32 - bits;
  slots_.assign(std::size_t{1} << bits, 0);
  const auto mask = slots_.size() - 1;
  for (const auto v : set) {
    if (v == 0) {
      has_zero_ = true;
      continue;
    }
    auto slot = slot_of(v);
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = v;
  }
}

std::size_t set_probe::common(std::span<const shingle_hash> other) const noexcept {
  const auto mask = slots_.size() - 1;
  std::size_t found = 0;
  for (const auto v : other) {
    if (v == 0) {
      found += has_zero_;
      continue;
    }
    for (auto slot = slot_of(v);; slot = (slot + 1) & mask) {
      const auto held = slots_[slot];
      if (held == v) {
        ++found;
        break;
      }
      if (held == 0) break;
    }
  }
  return found;
}

std::string_view to_string(similarity_measure m) noexcept {
  return m == similarity_measure::jaccard ? "jaccard" : "containment";
}

double similarity(similarity_measure m, std::size_t common, std::size_t a_size, std::size_t b_size) noexcept {
  if (a_size == 0 || b_size == 0) return 0;
  const auto shared = static_cast<double>(common);
  return m == similarity_measure::jaccard ? shared / static_cast<double>(a_size + b_size - common)
                                          : shared / static_cast<double>(std::min(a_size, b_size));
}

double jaccard(std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept {
  return similarity(similarity_measure::jaccard, intersection_size(a, b), a.size(), b.size());
}

double containment(std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept {
  return similarity(similarity_measure::containment, intersection_size(a, b), a.size(), b.size());
}

double similarity(similarity_measure m, std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept {
  return similarity(m, intersection_size(a, b), a.size(), b.size());
}

double unmatched_excess(std::size_t common, std::size_t a_size, std::size_t b_size) noexcept {
  if (a_size == 0 || b_size == 0) return 0;
  const auto shorter = static_cast<double>(std::min(a_size, b_size)), longer = static_cast<double>(std::max(a_size, b_size));
  const auto shared = static_cast<double>(common);
  const double unmatched_short = 1.0 - shared / shorter;
  const double unmatched_long = 1.0 - shared / longer;
  return std::max(0.0, unmatched_long - unmatched_short);
}

double unmatched_excess(std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept {
  return unmatched_excess(intersection_size(a, b), a.size(), b.size());
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
