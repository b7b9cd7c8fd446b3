#include <catch2/catch.hpp>

#include <refrain/error.hpp>
#include <refrain/lsh.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <span>

using namespace refrain;

TEST_CASE("banding always uses every signature position", "[lsh]") {
  for (unsigned num_perm : {16u, 64u, 100u, 128u, 256u})
    for (double t : {0.1, 0.3, 0.5, 0.8, 1.0}) {
      const auto b = choose_banding(t, num_perm);
      CHECK(b.bands * b.rows == num_perm);
    }
}

TEST_CASE("banding proposes pairs at the threshold with high probability", "[lsh]") {
  for (double t : {0.3, 0.5, 0.7, 0.9}) {
    const auto b = choose_banding(t, 128);
    INFO("threshold " << t << " bands " << b.bands << " rows " << b.rows);
    CHECK(candidate_probability(t, b) >= 0.95);
    // and is as selective as that allows: one more row per band would miss pairs
    CHECK(candidate_probability(0.05, b) < candidate_probability(t, b));
  }
  CHECK(choose_banding(0.9, 128).rows > choose_banding(0.3, 128).rows);
}

TEST_CASE("invalid thresholds and bandings are refused", "[lsh]") {
  CHECK_THROWS_AS(choose_banding(0.0, 128), error);
  CHECK_THROWS_AS(choose_banding(1.5, 128), error);
  CHECK_THROWS_AS(choose_banding(-0.1, 128), error);
  CHECK_THROWS_AS(validate(banding{10, 10}, 128), error);
  CHECK_THROWS_AS(validate(banding{0, 128}, 128), error);
  CHECK_NOTHROW(validate(banding{32, 4}, 128));
}

namespace {

signature_matrix random_signatures(std::size_t n, unsigned num_perm, std::uint64_t seed) {
  signature_matrix m({.num_perm = num_perm}, n);
  std::mt19937_64 rng(seed);
  for (std::size_t i = 0; i < n; ++i)
    for (auto& v : m[i]) v = static_cast<std::uint32_t>(rng());
  return m;
}

}  // namespace

TEST_CASE("identical signatures become candidates, unrelated ones do not", "[lsh]") {
  auto m = random_signatures(10, 16, 1);
  std::copy(m[3].begin(), m[3].end(), m[7].begin());
  const auto pairs = candidate_pairs(m, {4, 4});
  REQUIRE(pairs.size() == 1);
  CHECK(pairs[0] == candidate_pair{3, 7});
}

TEST_CASE("groups keep kinds apart", "[lsh]") {
  auto m = random_signatures(4, 16, 2);
  std::copy(m[0].begin(), m[0].end(), m[1].begin());
  std::copy(m[0].begin(), m[0].end(), m[2].begin());
  const std::vector<std::uint32_t> groups{0, 1, 0, 1};
  CHECK(candidate_pairs(m, {4, 4}, groups) == std::vector<candidate_pair>{{0, 2}});
}

TEST_CASE("a bucket shared by thousands of sets costs linear pairs and stays connected", "[lsh]") {
  const std::size_t n = 5000;
  auto m = random_signatures(n, 16, 3);
  for (std::size_t i = 1; i < n; ++i) std::copy(m[0].begin(), m[0].end(), m[i].begin());
  const lsh_options options{.max_bucket_all_pairs = 48, .window = 6};
  const auto pairs = candidate_pairs(m, {4, 4}, {}, options);
  CHECK(pairs.size() <= n * options.window);  // all pairs would be 12.5 million
  // connectivity: every set reaches set 0 through consecutive window pairs
  std::vector<std::uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  const auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const auto& p : pairs) parent[find(p.b)] = find(p.a);
  for (std::uint32_t i = 0; i < n; ++i) REQUIRE(find(i) == find(0));
}

TEST_CASE("candidate pairs are sorted, unique and ordered a < b", "[lsh]") {
  auto m = random_signatures(50, 32, 4);
  for (std::size_t i = 10; i < 20; ++i) std::copy(m[5].begin(), m[5].end(), m[i].begin());
  const auto pairs = candidate_pairs(m, {8, 4});
  CHECK(std::is_sorted(pairs.begin(), pairs.end()));
  CHECK(std::adjacent_find(pairs.begin(), pairs.end()) == pairs.end());
  for (const auto& p : pairs) CHECK(p.a < p.b);
  CHECK(pairs.size() == 55);  // 11 identical signatures: 11 * 10 / 2
}

namespace {

// Every pair of the same group that agrees on all rows of some band, by brute force.
std::vector<candidate_pair> pairs_sharing_a_band(const signature_matrix& m, const banding& b,
                                                 std::span<const std::uint32_t> groups) {
  std::vector<candidate_pair> out;
  for (std::uint32_t i = 0; i < m.size(); ++i)
    for (std::uint32_t j = i + 1; j < m.size(); ++j) {
      if (groups[i] != groups[j]) continue;
      bool shared = false;
      for (unsigned band = 0; band < b.bands && !shared; ++band)
        shared = std::equal(m[i].begin() + b.rows * band, m[i].begin() + b.rows * (band + 1), m[j].begin() + b.rows * band);
      if (shared) out.push_back({i, j});
    }
  return out;
}

}  // namespace

TEST_CASE("candidate pairs are exactly the pairs that share a band, each once", "[lsh]") {
  const banding b{8, 2};
  std::mt19937_64 rng(5);
  SECTION("few sets, proposed many times over (each pair's repeats dropped by a bit per pair)") {
    // Values from a small alphabet, so that sets share some bands and not others
    // and many pairs are proposed by several bands.
    const std::size_t n = 300;
    signature_matrix m({.num_perm = 16}, n);
    for (std::size_t i = 0; i < n; ++i)
      for (auto& v : m[i]) v = static_cast<std::uint32_t>(rng() % 3);
    std::vector<std::uint32_t> groups(n);
    for (auto& g : groups) g = static_cast<std::uint32_t>(rng() % 2);
    const auto expected = pairs_sharing_a_band(m, b, groups);  // 9 keys a band over 300 sets: buckets of about 17
    REQUIRE(expected.size() > 1000);
    CHECK(candidate_pairs(m, b, groups) == expected);
  }
  SECTION("many sets, few proposals (repeats dropped by counting passes)") {
    // Unrelated random sets, each sharing one or two bands with an earlier one
    // now and then: far fewer proposals than the 3,000 x 3,000 possible pairs.
    const std::size_t n = 3000;
    auto m = random_signatures(n, 16, 6);
    for (std::size_t i = 1; i < n; ++i)
      for (int copies = static_cast<int>(rng() % 3); copies > 0; --copies) {
        const auto from = rng() % i;
        const auto band = rng() % b.bands;
        std::copy_n(m[from].begin() + 2 * band, 2, m[i].begin() + 2 * band);
      }
    std::vector<std::uint32_t> groups(n);
    for (auto& g : groups) g = static_cast<std::uint32_t>(rng() % 2);
    const auto expected = pairs_sharing_a_band(m, b, groups);
    REQUIRE(expected.size() > 1000);
    REQUIRE(expected.size() < 10000);
    CHECK(candidate_pairs(m, b, groups) == expected);
  }
}
