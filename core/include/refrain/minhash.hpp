// refrain/minhash.hpp — MinHash signatures of shingle sets.
//
// Consumes a shingle_table; produces num_perm 32-bit minima per set. Each
// "permutation" i is h -> high 32 bits of (a_i * h + b_i) mod 2^64 with a_i odd,
// a multiply-add-shift family that is universal on the high bits; the inputs are
// already XXH3 hashes, so this is all the mixing needed, and it vectorises.
// The (a_i, b_i) come from the seed through splitmix64, so the same parameters
// give the same signatures on any machine.
//
// Signatures remember the parameters that built them; combining signatures built
// with different parameters is refused (check_compatible).
#pragma once

#include <cstdint>
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
  signature_matrix(minhash_params params, std::size_t count)
      : params_(params), values_(count * params.num_perm) {}

  const minhash_params& params() const noexcept { return params_; }
  std::size_t size() const noexcept { return params_.num_perm ? values_.size() / params_.num_perm : 0; }
  std::span<const std::uint32_t> operator[](std::size_t i) const noexcept {
    return {values_.data() + i * params_.num_perm, params_.num_perm};
  }
  std::span<std::uint32_t> operator[](std::size_t i) noexcept {
    return {values_.data() + i * params_.num_perm, params_.num_perm};
  }

 private:
  minhash_params params_;
  std::vector<std::uint32_t> values_;
};

// Signatures of every set in `sets`, computed in parallel (TBB); the result does
// not depend on the thread count. An empty set gets all-0xFFFFFFFF minima.
// Cost: O(total shingles * num_perm). Throws as validate().
signature_matrix compute_signatures(const shingle_table& sets, const minhash_params& params);

// The share of equal positions: an unbiased estimate of the Jaccard similarity.
// Precondition: a.size() == b.size() > 0.
double estimate_jaccard(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept;

// The coefficients of the num_perm hash functions h -> (a[i] * h + b[i]) >> 32
// that compute_signatures uses (a[i] odd), for stages that make MinHash values
// on the fly (link.hpp) and must agree with stored signatures. Throws as validate().
struct minhash_family {
  std::vector<std::uint64_t> a;
  std::vector<std::uint64_t> b;
};
minhash_family make_minhash_family(const minhash_params& params);

// Throws error(errc::incompatible) naming the differing parameter.
void check_compatible(const minhash_params& a, const minhash_params& b);

}  // namespace refrain
