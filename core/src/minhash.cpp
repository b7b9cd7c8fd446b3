#include <refrain/minhash.hpp>

#include <refrain/error.hpp>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <limits>

namespace refrain {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void sign(std::span<const shingle_hash> set, const minhash_family& f, std::span<std::uint32_t> out) noexcept {
  std::fill(out.begin(), out.end(), std::numeric_limits<std::uint32_t>::max());
  minhash_into(set, f, 0, 1, out);
}

}  // namespace

// Cloned for AVX2 where the processor has it (chosen at load time): the loop
// is 4 lanes of 64 x 32-bit multiplies and 8 of 32-bit minima.
__attribute__((target_clones("avx2", "default")))
void minhash_into(std::span<const shingle_hash> set, const minhash_family& f, std::size_t first, std::size_t stride,
                  std::span<std::uint32_t> mins) noexcept {
  const std::size_t n = mins.size();
  std::uint32_t* m = mins.data();
  if (stride == 1) {
    const std::uint64_t* a = f.a.data() + first;
    const std::uint64_t* b = f.b.data() + first;
    for (const std::uint32_t x : set) {
      for (std::size_t i = 0; i < n; ++i) {
        const auto v = static_cast<std::uint32_t>((a[i] * x + b[i]) >> 32);
        m[i] = v < m[i] ? v : m[i];
      }
    }
    return;
  }
  for (const std::uint32_t x : set) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto k = first + i * stride;
      const auto v = static_cast<std::uint32_t>((f.a[k] * x + f.b[k]) >> 32);
      m[i] = v < m[i] ? v : m[i];
    }
  }
}

minhash_family make_minhash_family(const minhash_params& params) {
  validate(params);
  minhash_family f;
  std::uint64_t state = params.seed;
  for (unsigned i = 0; i < params.num_perm; ++i) {
    f.a.push_back(splitmix64(state) | 1u);
    f.b.push_back(splitmix64(state));
  }
  return f;
}

void validate(const minhash_params& params) {
  if (params.num_perm == 0 || params.num_perm > 4096)
    throw error(errc::invalid_argument, fmt::format("num_perm must be between 1 and 4096 (got {})", params.num_perm));
}

signature_matrix compute_signatures(const shingle_table& sets, const minhash_params& params) {
  validate(params);
  const auto family = make_minhash_family(params);
  signature_matrix result(params, sets.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, sets.size(), 256), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) sign(sets[i], family, result[i]);
  });
  return result;
}

double estimate_jaccard(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept {
  if (a.empty() || a.size() != b.size()) return 0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

void check_compatible(const minhash_params& a, const minhash_params& b) {
  if (a.num_perm != b.num_perm)
    throw error(errc::incompatible, fmt::format("signatures differ in num_perm ({} vs {}); rebuild them with the same parameters",
                                                a.num_perm, b.num_perm));
  if (a.seed != b.seed)
    throw error(errc::incompatible, fmt::format("signatures differ in seed ({} vs {}); rebuild them with the same parameters",
                                                a.seed, b.seed));
}

}  // namespace refrain
