#include <catch2/catch.hpp>

#include <refrain/error.hpp>
#include <refrain/minhash.hpp>
#include <refrain/verify.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

using namespace refrain;

namespace {

// Two sets over a shared pool with a chosen overlap: |A ∩ B| = common, each
// has `own` elements of its own, so J = common / (common + 2 own).
std::pair<std::vector<shingle_hash>, std::vector<shingle_hash>> overlap_pair(std::size_t common, std::size_t own,
                                                                             std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<shingle_hash> a, b;
  for (std::size_t i = 0; i < common; ++i) {
    const auto v = static_cast<shingle_hash>(rng());
    a.push_back(v);
    b.push_back(v);
  }
  for (std::size_t i = 0; i < own; ++i) a.push_back(static_cast<shingle_hash>(rng())), b.push_back(static_cast<shingle_hash>(rng()));
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return {a, b};
}

}  // namespace

TEST_CASE("the MinHash estimate is within 3/sqrt(num_perm) of the true Jaccard", "[minhash]") {
  const minhash_params params{.num_perm = 128, .seed = 1};
  const double bound = 3.0 / std::sqrt(128.0);
  int pairs = 0;
  for (std::size_t common : {0u, 20u, 60u, 100u, 200u})
    for (std::size_t own : {0u, 10u, 50u, 150u}) {
      if (common + own == 0) continue;
      auto [a, b] = overlap_pair(common, own, common * 1000 + own);
      shingle_table t;
      t.push_back(a);
      t.push_back(b);
      const auto sig = compute_signatures(t, params);
      const double truth = jaccard(a, b);
      INFO("common " << common << " own " << own << " true " << truth);
      CHECK(std::abs(estimate_jaccard(sig[0], sig[1]) - truth) <= bound);
      ++pairs;
    }
  CHECK(pairs == 19);
}

TEST_CASE("the estimator is unbiased over many seeds", "[minhash]") {
  auto [a, b] = overlap_pair(50, 25, 42);  // J = 0.5
  shingle_table t;
  t.push_back(a);
  t.push_back(b);
  double sum = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const auto sig = compute_signatures(t, {.num_perm = 64, .seed = seed});
    sum += estimate_jaccard(sig[0], sig[1]);
  }
  CHECK(std::abs(sum / 50 - 0.5) < 0.03);
}

TEST_CASE("signatures are deterministic and identical sets get identical signatures", "[minhash]") {
  auto [a, b] = overlap_pair(30, 0, 3);
  shingle_table t;
  t.push_back(a);
  t.push_back(b);
  const auto s1 = compute_signatures(t, {});
  const auto s2 = compute_signatures(t, {});
  CHECK(std::equal(s1[0].begin(), s1[0].end(), s1[1].begin()));
  CHECK(std::equal(s1[0].begin(), s1[0].end(), s2[0].begin()));
  CHECK(s1.params().num_perm == 128);
  CHECK(s1.params().seed == 1);
}

TEST_CASE("parameters are validated and incompatible signatures are refused", "[minhash]") {
  CHECK_THROWS_AS(validate(minhash_params{.num_perm = 0}), error);
  CHECK_THROWS_AS(validate(minhash_params{.num_perm = 5000}), error);
  CHECK_NOTHROW(check_compatible({.num_perm = 128, .seed = 1}, {.num_perm = 128, .seed = 1}));
  try {
    check_compatible({.num_perm = 128, .seed = 1}, {.num_perm = 128, .seed = 2});
    FAIL("expected an error");
  } catch (const error& e) {
    CHECK(e.code() == errc::incompatible);
    CHECK(std::string(e.what()).find("seed") != std::string::npos);
  }
  CHECK_THROWS_AS(check_compatible({.num_perm = 64}, {.num_perm = 128}), error);
}

TEST_CASE("minhash_into equals the 64-bit formula at every offset, stride and length", "[minhash]") {
  // The vector kernel (AVX2 where the processor has it) computes a * x + b in
  // 32-bit pieces; any slip shows against the plain 64-bit arithmetic here.
  const auto family = make_minhash_family({.num_perm = 128, .seed = 7});
  std::mt19937_64 rng(11);
  std::vector<shingle_hash> set;
  for (int i = 0; i < 300; ++i) set.push_back(static_cast<shingle_hash>(rng()));
  set.push_back(0);
  set.push_back(0xFFFFFFFFu);
  std::size_t compared = 0;
  for (const std::size_t length : {0, 1, 5, 30, 301}) {
    const std::span<const shingle_hash> part(set.data(), std::min(length, set.size()));
    for (const std::size_t stride : {1, 3}) {
      for (const std::size_t first : {0, 1, 5, 8, 13, 120}) {
        for (const std::size_t count : {1, 7, 8, 9, 16, 20, 33}) {
          if (first + (count - 1) * stride >= family.a.size()) continue;
          std::vector<std::uint32_t> mins(count, 0xFFFFFFFFu), expected(count, 0xFFFFFFFFu);
          minhash_into(part, family, first, stride, mins);
          for (std::size_t i = 0; i < count; ++i) {
            const auto k = first + i * stride;
            for (const auto x : part)
              expected[i] = std::min(expected[i], static_cast<std::uint32_t>((family.a[k] * x + family.b[k]) >> 32));
          }
          CHECK(mins == expected);
          ++compared;
        }
      }
    }
  }
  CHECK(compared > 300);
  // A family without its 32-bit halves (built by hand) takes the plain loop.
  auto plain = family;
  plain.a_lo.clear(), plain.a_hi.clear(), plain.b_lo.clear(), plain.b_hi.clear();
  std::vector<std::uint32_t> vector_mins(128, 0xFFFFFFFFu), plain_mins(128, 0xFFFFFFFFu);
  minhash_into(set, family, 0, 1, vector_mins);
  minhash_into(set, plain, 0, 1, plain_mins);
  CHECK(vector_mins == plain_mins);
}

TEST_CASE("minhash8_keep and minhash8_subset give minhash_into's minima for a set and any subset of it", "[minhash]") {
  const auto family = make_minhash_family({.num_perm = 128, .seed = 3});
  // A family without its 32-bit halves keeps its results through the plain loop;
  // minhash8_subset reads them the same way whichever path kept them.
  auto plain = family;
  plain.a_lo.clear(), plain.a_hi.clear(), plain.b_lo.clear(), plain.b_hi.clear();
  std::mt19937_64 rng(17);
  std::size_t compared = 0;
  for (const std::size_t size : {0, 1, 7, 64, 256}) {
    std::vector<shingle_hash> set;
    for (std::size_t v = 0; v < size; ++v) set.push_back(static_cast<shingle_hash>(rng()));
    std::sort(set.begin(), set.end());
    for (const minhash_family* f : {&family, static_cast<const minhash_family*>(&plain)}) {
      for (const std::size_t first : {0, 8, 40, 120}) {
        std::vector<std::uint32_t> kept(8 * size);
        std::array<std::uint32_t, 8> mins;
        mins.fill(0xFFFFFFFFu);
        minhash8_keep(set, *f, first, kept, mins);
        std::vector<std::uint32_t> expected(8, 0xFFFFFFFFu);
        minhash_into(set, family, first, 1, expected);
        CHECK(std::vector<std::uint32_t>(mins.begin(), mins.end()) == expected);
        for (int trial = 0; trial < 20; ++trial) {
          std::vector<std::uint8_t> positions;
          std::vector<shingle_hash> subset;
          for (std::size_t v = 0; v < size; ++v)
            if (rng() % 3 == 0) positions.push_back(static_cast<std::uint8_t>(v)), subset.push_back(set[v]);
          std::array<std::uint32_t, 8> sub;
          sub.fill(0xFFFFFFFFu);
          minhash8_subset(kept, positions, sub);
          std::vector<std::uint32_t> want(8, 0xFFFFFFFFu);
          minhash_into(subset, family, first, 1, want);
          CHECK(std::vector<std::uint32_t>(sub.begin(), sub.end()) == want);
          ++compared;
        }
      }
    }
  }
  CHECK(compared == 800);
}
