// refrain/verify.hpp — exact similarity of candidate pairs.
//
// Consumes candidate pairs and the shingle sets they index; produces the pairs
// whose exact similarity reaches the threshold, with that similarity. MinHash
// only proposes; every reported match is checked here on the real sets.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <refrain/lsh.hpp>
#include <refrain/shingle.hpp>

namespace refrain {

enum class similarity_measure : std::uint8_t {
  jaccard,      // |A ∩ B| / |A ∪ B|
  containment,  // |A ∩ B| / min(|A|, |B|): a short copy inside a longer text
};

std::string_view to_string(similarity_measure m) noexcept;

// Both sets sorted unique. Linear merge.
std::size_t intersection_size(std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept;
// 0 when either set is empty.
double jaccard(std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept;
double containment(std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept;
double similarity(similarity_measure m, std::span<const shingle_hash> a,
                  std::span<const shingle_hash> b) noexcept;

// How much more of the longer set is unmatched than of the shorter one: 0 for an
// edited copy (both sides differ about equally), near 0.5 when the longer set is
// the shorter one plus as much again (a merge with another text). In [0, 1).
double unmatched_excess(std::span<const shingle_hash> a, std::span<const shingle_hash> b) noexcept;

// The same three from what a merge of two non-empty sets counts: `common`
// shingles shared, of `a_size` and `b_size` (one merge then serves them all;
// the functions above are these over intersection_size).
double similarity(similarity_measure m, std::size_t common, std::size_t a_size, std::size_t b_size) noexcept;
double unmatched_excess(std::size_t common, std::size_t a_size, std::size_t b_size) noexcept;

// One set made ready to be compared with many others (a component's centre or a
// variant's representative against each of its members): its values in an
// open-addressing table, so counting what another set shares with it looks each
// value up independently, where a merge takes a dependent step for every value
// of both. common(other) is intersection_size(set, other), for any set of
// distinct values.
class set_probe {
 public:
  set_probe() = default;
  explicit set_probe(std::span<const shingle_hash> set) { assign(set); }
  // Makes the probe for `set` (sorted unique), reusing its memory.
  void assign(std::span<const shingle_hash> set);
  std::size_t size() const noexcept { return size_; }
  std::size_t common(std::span<const shingle_hash> other) const noexcept;
  // The same count without processor-specific instructions: what common() does
  // on a processor without AVX2 (tests compare the two).
  std::size_t common_portable(std::span<const shingle_hash> other) const noexcept;

 private:
  std::size_t slot_of(shingle_hash value) const noexcept {
    // The values are hashes already; the multiply only mixes their high bits down.
    return static_cast<std::size_t>((value * 0x9E3779B1u) >> shift_);
  }
  std::vector<shingle_hash> slots_;  // 0: empty (a 0 value is held by has_zero_)
  std::size_t size_ = 0;
  unsigned shift_ = 32;
  bool has_zero_ = false;
};

struct scored_pair {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  double similarity = 0;
};

// Pairs of `candidates` (same order) whose similarity >= threshold. Parallel;
// the result does not depend on the thread count.
std::vector<scored_pair> verify_pairs(const shingle_table& sets, std::span<const candidate_pair> candidates,
                                      similarity_measure measure, double threshold);

}  // namespace refrain
