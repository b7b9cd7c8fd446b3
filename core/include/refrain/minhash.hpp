// refrain/minhash.hpp — MinHash signatures of shingle sets.
//
// Consumes a shingle_table; produces num_perm 32-bit minima per set, one per
// hash function of a multiply-add-shift family (see minhash_family).
// The (a_i, b_i) come from the seed through splitmix64, so the same parameters
// give the same signatures on any machine.
//
// Signatures remember the parameters that built them; combining signatures built
// with different parameters is refused (check_compatible).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <refrain/shingle.hpp>

namespace refrain {

struct minhash_params {
  unsigned num_perm = 128;  // signature length, 1..4096
  std::uint64_t seed = 1;
};

// Throws error(errc::invalid_argument) when num_perm is 0 or above 4096.
void validate(const minhash_params& params);

class signature_matrix {
 public:
  signature_matrix() = default;
  // The values are left uninitialised: each row is written by whoever signs it,
  // so the pages are first touched in parallel rather than zeroed on one thread.
  signature_matrix(minhash_params params, std::size_t count)
      : params_(params), count_(count), values_(std::make_unique_for_overwrite<std::uint32_t[]>(count * params.num_perm)) {}

  const minhash_params& params() const noexcept { return params_; }
  std::size_t size() const noexcept { return values_ ? count_ : 0; }
  std::span<const std::uint32_t> operator[](std::size_t i) const noexcept {
    return {values_.get() + i * params_.num_perm, params_.num_perm};
  }
  std::span<std::uint32_t> operator[](std::size_t i) noexcept {
    return {values_.get() + i * params_.num_perm, params_.num_perm};
  }

 private:
  minhash_params params_;
  std::size_t count_ = 0;
  std::unique_ptr<std::uint32_t[]> values_;
};

// Signatures of every set in `sets`, computed in parallel (TBB); the result does
// not depend on the thread count. An empty set gets all-0xFFFFFFFF minima.
// Cost: O(total shingles * num_perm). Throws as validate().
signature_matrix compute_signatures(const shingle_table& sets, const minhash_params& params);

// The share of equal positions: an unbiased estimate of the Jaccard similarity.
// Precondition: a.size() == b.size() > 0.
double estimate_jaccard(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept;

// The num_perm hash functions that compute_signatures uses, for stages that make
// MinHash values on the fly (link.hpp) and must agree with stored signatures.
// Function i maps a 32-bit shingle hash x (shingle.hpp) to the high 32 bits of
// (a[i] * x + b[i]) mod 2^64, with a[i] (odd), b[i] 64-bit:
// Dietzfelbinger's multiply-add-shift, universal
// for 32-bit keys. A 32-bit key makes each multiply two 32 x 32 -> 64-bit
// products instead of three, and the loop vectorises (AVX2 where the processor
// has it). The inputs are already XXH3 hashes, so this is all the mixing needed
// (the estimator's error is checked in tests/core/minhash_test.cpp).
// Throws as validate().
struct minhash_family {
  std::vector<std::uint64_t> a;
  std::vector<std::uint64_t> b;
  // The same numbers cut into 32-bit halves, for the AVX2 kernel: with them
  // function i is high32(a_lo[i] * x + b_lo[i]) + a_hi[i] * x + b_hi[i] (mod 2^32),
  // equal to the 64-bit formula above, so signatures do not depend on the kernel.
  std::vector<std::uint32_t> a_lo, a_hi, b_lo, b_hi;
};
minhash_family make_minhash_family(const minhash_params& params);

// Whether minhash_into has its AVX2 kernel here (stride 1 only); without it,
// computing only the functions needed beats computing a whole band.
bool minhash_vector_kernel() noexcept;

// Lowers mins[i] to the least value of `set` under function first + i * stride,
// for every i < mins.size() (fill mins with 0xFFFFFFFF first).
void minhash_into(std::span<const shingle_hash> set, const minhash_family& f, std::size_t first, std::size_t stride,
                  std::span<std::uint32_t> mins) noexcept;

// For a set whose subsets are signed next (a paragraph, then its sentences
// stored as parts of it): minhash_into for the eight functions from `first`, into
// mins[0..8), also keeping every value's eight results in `values` (8 * set.size()
// of them, in an order of the kernel's own). minhash8_subset then gives what
// minhash_into gives for the values of the set at `positions`, from those
// results instead of hashing each value again.
void minhash8_keep(std::span<const shingle_hash> set, const minhash_family& f, std::size_t first,
                   std::span<std::uint32_t> values, std::span<std::uint32_t, 8> mins) noexcept;
void minhash8_subset(std::span<const std::uint32_t> values, std::span<const std::uint8_t> positions,
                     std::span<std::uint32_t, 8> mins) noexcept;

// Throws error(errc::incompatible) naming the differing parameter.
void check_compatible(const minhash_params& a, const minhash_params& b);

}  // namespace refrain
