#include <catch2/catch.hpp>

#include <refrain/cluster.hpp>

using namespace refrain;

TEST_CASE("connected components of verified pairs, in a fixed order", "[cluster]") {
  const std::vector<scored_pair> pairs{{5, 6, 0.9}, {0, 3, 0.8}, {3, 4, 0.7}};
  const auto comps = connected_components(8, pairs);
  REQUIRE(comps.size() == 2);
  CHECK(comps[0] == std::vector<std::uint32_t>{0, 3, 4});
  CHECK(comps[1] == std::vector<std::uint32_t>{5, 6});
}

TEST_CASE("components do not depend on the order of the pairs", "[cluster]") {
  std::vector<scored_pair> pairs{{1, 2, 1}, {2, 9, 1}, {4, 7, 1}, {7, 8, 1}, {0, 8, 1}};
  const auto a = connected_components(10, pairs);
  std::reverse(pairs.begin(), pairs.end());
  CHECK(connected_components(10, pairs) == a);
}

TEST_CASE("the medoid has the greatest summed similarity, lowest index on ties", "[cluster]") {
  const std::vector<std::uint32_t> members{10, 11, 12};
  // 11 is close to both others; 10 and 12 are far apart.
  const auto sim = [](std::uint32_t a, std::uint32_t b) {
    if (a > b) std::swap(a, b);
    if (a == 10 && b == 12) return 0.1;
    return 0.8;
  };
  CHECK(medoid(members, sim) == 1);
  CHECK(medoid(members, [](std::uint32_t, std::uint32_t) { return 0.5; }) == 0);
}
