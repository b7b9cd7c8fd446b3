#include <refrain/verify.hpp>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <immintrin.h>

#include <algorithm>
#include <bit>

namespace refrain {
namespace {

// Walks on from the slot after `slot`, as set_probe::common does past a slot
// holding another value: 1 if `value` is held, 0 at the first empty slot.
std::size_t probe_on(const shingle_hash* slots, std::size_t mask, std::size_t slot, shingle_hash value) noexcept {
  for (slot = (slot + 1) & mask;; slot = (slot + 1) & mask) {
    if (slots[slot] == value) return 1;
    if (slots[slot] == 0) return 0;
  }
}

// One bit per 32-bit lane of a comparison's result.
__attribute__((target("avx2"))) inline unsigned lanes(__m256i compared) noexcept {
  return static_cast<unsigned>(_mm256_movemask_ps(_mm256_castsi256_ps(compared)));
}

// set_probe::common eight values at a time, for whole groups of eight (the
// caller probes the rest): each value's first slot is gathered, and at most a
// quarter full, the table settles nearly every value there (held: found;
// empty: absent). The few whose first slot holds another
// value walk on one by one. The member's values are what the cluster and family
// stages wait on; this takes the branches off the rest (a third of the chain
// guard's time at 1 GB of letters went to the probe loop).
__attribute__((target("avx2"))) std::size_t common_avx2(std::span<const shingle_hash> other, const shingle_hash* slots,
                                                       std::size_t mask, unsigned shift, bool has_zero) noexcept {
  const auto mix = _mm256_set1_epi32(static_cast<int>(0x9E3779B1u));
  const auto by = _mm_cvtsi32_si128(static_cast<int>(shift));
  const auto zero = _mm256_setzero_si256();
  std::size_t found = 0;
  for (std::size_t i = 0; i + 8 <= other.size(); i += 8) {
    const auto v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(other.data() + i));
    const auto slot = _mm256_srl_epi32(_mm256_mullo_epi32(v, mix), by);
    const auto held = _mm256_i32gather_epi32(reinterpret_cast<const int*>(slots), slot, 4);
    const unsigned is_zero = lanes(_mm256_cmpeq_epi32(v, zero));  // 0 is never in a slot: has_zero says
    const unsigned here = lanes(_mm256_cmpeq_epi32(held, v)) & ~is_zero;
    const unsigned empty = lanes(_mm256_cmpeq_epi32(held, zero));
    found += static_cast<std::size_t>(std::popcount(here));
    if (is_zero != 0 && has_zero) ++found;
    if (unsigned on = 0xFFu & ~(here | empty | is_zero); on != 0) {
      alignas(32) std::uint32_t slot_of[8];
      _mm256_store_si256(reinterpret_cast<__m256i*>(slot_of), slot);
      for (; on != 0; on &= on - 1) {
        const auto lane = static_cast<std::size_t>(std::countr_zero(on));
        found += probe_on(slots, mask, slot_of[lane], other[i + lane]);
      }
    }
  }
  return found;
}

}  // namespace

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
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (!avx2 || slots_.empty()) return common_portable(other);
  const auto whole = other.size() - other.size() % 8;
  return common_avx2(other.first(whole), slots_.data(), slots_.size() - 1, shift_, has_zero_) +
         common_portable(other.subspan(whole));
}

std::size_t set_probe::common_portable(std::span<const shingle_hash> other) const noexcept {
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
