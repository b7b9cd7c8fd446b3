#include <refrain/minhash.hpp>

#include <refrain/error.hpp>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <cassert>
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

// Eight functions at a time, each shingle broadcast to all lanes. A 64-bit
// multiply is not an AVX2 instruction, so a * x + b is split in two:
// high32(a_lo * x + b) from two 32 x 32 -> 64-bit products (even and odd
// functions), plus a_hi * x from one 32-bit product. The per-function
// constants stay in registers while the set (in L1) is read once per 8 functions.
// The two halves are joined with one shuffle that leaves the lanes in the order
// 0 2 1 3 (in each 128-bit half), so the minima are kept in that order and put
// back in place once per 8 functions.
__attribute__((target("avx2"))) inline __m256i load8(const std::uint32_t* p) noexcept {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// Eight functions from k: their constants, held in registers, and each value's
// eight results, in the lane order the comment above describes.
struct eight_functions {
  static constexpr int swap_middle = _MM_SHUFFLE(3, 1, 2, 0);  // lanes 0 1 2 3 <-> 0 2 1 3, its own inverse
  __m256i a_even, a_odd, b_even, b_odd, a_hi;

  __attribute__((target("avx2"))) eight_functions(const minhash_family& f, std::size_t k) noexcept {
    a_even = load8(f.a_lo.data() + k);
    a_odd = _mm256_srli_epi64(a_even, 32);
    const __m256i b_lo = load8(f.b_lo.data() + k), b_hi = load8(f.b_hi.data() + k);
    b_even = _mm256_blend_epi32(b_lo, _mm256_slli_epi64(b_hi, 32), 0xAA);  // 64-bit b[0], b[2], ...
    b_odd = _mm256_blend_epi32(_mm256_srli_epi64(b_lo, 32), b_hi, 0xAA);   // b[1], b[3], ...
    a_hi = _mm256_shuffle_epi32(load8(f.a_hi.data() + k), swap_middle);
  }
  __attribute__((target("avx2"))) __m256i operator()(std::uint32_t x) const noexcept {
    const __m256i vx = _mm256_set1_epi32(static_cast<int>(x));
    const __m256i even = _mm256_add_epi64(_mm256_mul_epu32(a_even, vx), b_even);
    const __m256i odd = _mm256_add_epi64(_mm256_mul_epu32(a_odd, vx), b_odd);
    const __m256i high = _mm256_castps_si256(
        _mm256_shuffle_ps(_mm256_castsi256_ps(even), _mm256_castsi256_ps(odd), _MM_SHUFFLE(3, 1, 3, 1)));
    return _mm256_add_epi32(high, _mm256_mullo_epi32(a_hi, vx));
  }
  // Minima between the functions' order (in memory) and the lanes' (in registers).
  __attribute__((target("avx2"))) static __m256i to_lanes(const std::uint32_t* m) noexcept {
    return _mm256_shuffle_epi32(load8(m), swap_middle);
  }
  __attribute__((target("avx2"))) static void store(std::uint32_t* m, __m256i least) noexcept {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(m), _mm256_shuffle_epi32(least, swap_middle));
  }
};

__attribute__((target("avx2")))
std::size_t minhash_avx2(std::span<const shingle_hash> set, const minhash_family& f, std::size_t first,
                         std::size_t n, std::uint32_t* m) noexcept {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const eight_functions functions(f, first + i);
    __m256i least = eight_functions::to_lanes(m + i);
    for (const std::uint32_t x : set) least = _mm256_min_epu32(least, functions(x));
    eight_functions::store(m + i, least);
  }
  return i;
}

// minhash_avx2 for the eight functions from `first`, also storing each value's
// eight results (in the lanes' order) at values + 8 * j for set[j].
__attribute__((target("avx2")))
void minhash8_keep_avx2(std::span<const shingle_hash> set, const minhash_family& f, std::size_t first,
                        std::uint32_t* values, std::uint32_t* m) noexcept {
  const eight_functions functions(f, first);
  __m256i least = eight_functions::to_lanes(m);
  for (const std::uint32_t x : set) {
    const __m256i value = functions(x);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(values), value);
    values += 8;
    least = _mm256_min_epu32(least, value);
  }
  eight_functions::store(m, least);
}

__attribute__((target("avx2")))
void minhash8_subset_avx2(const std::uint32_t* values, std::span<const std::uint8_t> positions, std::uint32_t* m) noexcept {
  __m256i least = eight_functions::to_lanes(m);
  for (const auto p : positions) least = _mm256_min_epu32(least, load8(values + 8 * std::size_t{p}));
  eight_functions::store(m, least);
}

}  // namespace

// Where function i's result lies among a value's eight kept results: the vector
// kernel's lane order (1 and 2, 5 and 6 swapped), which the plain loops keep too,
// so that results kept by one path can be read by the other.
constexpr std::array<std::size_t, 8> kept_lane{0, 2, 1, 3, 4, 6, 5, 7};

void minhash8_keep(std::span<const shingle_hash> set, const minhash_family& f, std::size_t first,
                   std::span<std::uint32_t> values, std::span<std::uint32_t, 8> mins) noexcept {
  assert(first + 8 <= f.a.size() && values.size() >= 8 * set.size());
  if (minhash_vector_kernel() && f.a_lo.size() == f.a.size()) {
    minhash8_keep_avx2(set, f, first, values.data(), mins.data());
    return;
  }
  std::uint32_t* out = values.data();
  for (const std::uint32_t x : set) {
    for (std::size_t i = 0; i < 8; ++i) {
      const auto v = static_cast<std::uint32_t>((f.a[first + i] * x + f.b[first + i]) >> 32);
      out[kept_lane[i]] = v;
      mins[i] = std::min(mins[i], v);
    }
    out += 8;
  }
}

void minhash8_subset(std::span<const std::uint32_t> values, std::span<const std::uint8_t> positions,
                     std::span<std::uint32_t, 8> mins) noexcept {
  if (minhash_vector_kernel()) {
    minhash8_subset_avx2(values.data(), positions, mins.data());
    return;
  }
  for (const auto p : positions)
    for (std::size_t i = 0; i < 8; ++i) mins[i] = std::min(mins[i], values[8 * std::size_t{p} + kept_lane[i]]);
}

bool minhash_vector_kernel() noexcept {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}

void minhash_into(std::span<const shingle_hash> set, const minhash_family& f, std::size_t first, std::size_t stride,
                  std::span<std::uint32_t> mins) noexcept {
  const std::size_t n = mins.size();
  std::uint32_t* m = mins.data();
  std::size_t done = 0;
  // The 32-bit halves are made by make_minhash_family; a family built by hand
  // without them takes the plain loop.
  if (stride == 1 && minhash_vector_kernel() && f.a_lo.size() == f.a.size()) done = minhash_avx2(set, f, first, n, m);
  for (const std::uint32_t x : set) {
    for (std::size_t i = done; i < n; ++i) {
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
  for (unsigned i = 0; i < params.num_perm; ++i) {
    f.a_lo.push_back(static_cast<std::uint32_t>(f.a[i]));
    f.a_hi.push_back(static_cast<std::uint32_t>(f.a[i] >> 32));
    f.b_lo.push_back(static_cast<std::uint32_t>(f.b[i]));
    f.b_hi.push_back(static_cast<std::uint32_t>(f.b[i] >> 32));
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
    std::vector<shingle_hash> scratch;  // for a set stored as a part
    for (std::size_t i = r.begin(); i != r.end(); ++i) sign(sets.get(i, scratch), family, result[i]);
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
