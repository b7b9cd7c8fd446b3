// refrain/lsh.hpp — candidate pairs by locality-sensitive hashing of signatures.
//
// Consumes a signature_matrix and a banding (bands x rows == num_perm, always:
// no signature position is silently dropped); produces the sorted, unique pairs
// of sets that agree on all rows of at least one band. Only sets with the same
// group (e.g. unit kind) are paired.
//
// Bucketing sorts (band key, set) records per band in parallel. A bucket holding
// m sets yields all m(m-1)/2 pairs while m <= max_bucket_all_pairs, and beyond
// that each set paired with its next `window` neighbours in id order: O(m)
// pairs, which still connects every set of a bucket, so one template copied into
// 100,000 letters costs linear, not quadratic, work.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <refrain/minhash.hpp>

namespace refrain {

struct banding {
  unsigned bands = 0;
  unsigned rows = 0;
};

// The banding of num_perm with the most rows per band (so the fewest chance
// candidates) that still proposes a pair whose Jaccard equals `threshold` with
// probability >= `recall`. Every candidate is verified exactly, so a false
// candidate costs a little time while a missed one loses a match: recall comes
// first (a banding that minimises false positive + false negative mass, the
// usual choice, finds only about half the pairs that sit just above the
// threshold). Throws error(errc::invalid_argument) when threshold is outside
// (0, 1] or num_perm == 0.
banding choose_banding(double threshold, unsigned num_perm, double recall = 0.95);

// Throws error(errc::invalid_argument) unless bands * rows == num_perm and both > 0.
void validate(const banding& b, unsigned num_perm);

// Probability that a pair with Jaccard `s` becomes a candidate: 1 - (1 - s^r)^b.
double candidate_probability(double s, const banding& b) noexcept;

struct candidate_pair {
  std::uint32_t a = 0;  // a < b
  std::uint32_t b = 0;
  friend bool operator==(const candidate_pair&, const candidate_pair&) = default;
  friend auto operator<=>(const candidate_pair&, const candidate_pair&) = default;
};

struct lsh_options {
  std::uint32_t max_bucket_all_pairs = 48;
  std::uint32_t window = 6;
};

// Sorted unique candidate pairs. `group` has one entry per set (same size as
// `signatures`); empty means one group. Parallel; deterministic. Throws as validate().
std::vector<candidate_pair> candidate_pairs(const signature_matrix& signatures, const banding& b,
                                            std::span<const std::uint32_t> group = {},
                                            const lsh_options& options = {});

}  // namespace refrain
