#include <catch2/catch.hpp>

#include <refrain/cluster.hpp>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

using namespace refrain;

TEST_CASE("connected components of verified pairs, in a fixed order", "[cluster]") {
  const std::vector<candidate_pair> pairs{{5, 6}, {0, 3}, {3, 4}};
  const auto comps = connected_components(8, pairs);
  REQUIRE(comps.size() == 2);
  CHECK(comps[0] == std::vector<std::uint32_t>{0, 3, 4});
  CHECK(comps[1] == std::vector<std::uint32_t>{5, 6});
}

TEST_CASE("components do not depend on the order of the pairs", "[cluster]") {
  std::vector<candidate_pair> pairs{{1, 2}, {2, 9}, {4, 7}, {7, 8}, {0, 8}};
  const auto a = connected_components(10, pairs);
  std::reverse(pairs.begin(), pairs.end());
  CHECK(connected_components(10, pairs) == a);
}

TEST_CASE("components of a large random graph are its breadth-first components, at any thread count", "[cluster]") {
  constexpr std::uint32_t n = 60000;
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::uint32_t> node(0, n - 1);
  std::vector<candidate_pair> pairs;
  for (int i = 0; i < 50000; ++i) pairs.push_back({node(rng), node(rng)});
  for (std::uint32_t i = 0; i + 1 < 5000; ++i) pairs.push_back({i + 1, i});  // one long chain, joined in reverse
  // The reference: breadth-first search from each unvisited node in order.
  std::vector<std::vector<std::uint32_t>> next(n);
  for (const auto& p : pairs) next[p.a].push_back(p.b), next[p.b].push_back(p.a);
  std::vector<std::vector<std::uint32_t>> expected;
  std::vector<bool> seen(n, false);
  for (std::uint32_t start = 0; start < n; ++start) {
    if (seen[start]) continue;
    std::vector<std::uint32_t> members{start};
    seen[start] = true;
    for (std::size_t i = 0; i < members.size(); ++i)
      for (const auto m : next[members[i]])
        if (!seen[m]) seen[m] = true, members.push_back(m);
    std::sort(members.begin(), members.end());
    if (members.size() >= 2) expected.push_back(std::move(members));
  }
  for (const int threads : {1, 2, 4}) {
    INFO(threads << " threads");
    tbb::task_arena arena(threads);
    arena.execute([&] { CHECK(connected_components(n, pairs) == expected); });
  }
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

TEST_CASE("the medoid is the one every ordered pair would pick, ties and rounding included", "[cluster]") {
  std::mt19937 random(11);
  for (int round = 0; round < 200; ++round) {
    const std::size_t n = 1 + random() % 12;
    // Members fall in a few copy classes (copies are alike: 1.0, and alike to
    // everyone else); few distinct values, so that sums tie often; symmetric,
    // as the contract asks.
    std::vector<std::uint32_t> copy_of(n);
    for (auto& c : copy_of) c = static_cast<std::uint32_t>(random() % 5);
    std::vector<std::vector<double>> between(5, std::vector<double>(5, 1.0));
    for (std::size_t a = 0; a < 5; ++a)
      for (std::size_t b = a + 1; b < 5; ++b) between[a][b] = between[b][a] = static_cast<double>(random() % 4) * 0.1;
    std::vector<std::vector<double>> table(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) table[i][j] = between[copy_of[i]][copy_of[j]];
    std::vector<std::uint32_t> members(n);
    std::iota(members.begin(), members.end(), 0u);
    const auto sim = [&](std::uint32_t a, std::uint32_t b) { return table[a][b]; };
    std::size_t expected = 0;
    double best = -1;
    for (std::size_t i = 0; i < n; ++i) {
      double score = 0;
      for (std::size_t j = 0; j < n; ++j)
        if (i != j) score += sim(members[i], members[j]);
      if (score > best) best = score, expected = i;
    }
    CAPTURE(round);
    CHECK(medoid(members, sim) == expected);
    std::size_t calls = 0;
    const auto counted = [&](std::uint32_t a, std::uint32_t b) { return ++calls, sim(a, b); };
    CHECK(medoid(members, counted, 64, [&](std::uint32_t m) { return copy_of[m]; }) == expected);
    CHECK(calls <= 15);  // one call per pair of the five classes, or within one
  }
}

TEST_CASE("the chaining guard splits texts joined only through a middle one", "[cluster][chaining]") {
  // 0,1,2 are copies of template A; 3 merges A and B; 4,5,6 are copies of B.
  const auto family = [](std::uint32_t x) { return x <= 2 ? 0 : x == 3 ? 2 : 1; };
  const auto sim = [&](std::uint32_t a, std::uint32_t b) {
    if (a == b) return 1.0;
    const auto fa = family(a), fb = family(b);
    if (fa == 2 || fb == 2) return 0.45;  // the merged paragraph resembles both
    return fa == fb ? 0.8 : 0.0;
  };
  std::vector<candidate_pair> pairs;
  for (std::uint32_t a = 0; a < 7; ++a)
    for (std::uint32_t b = a + 1; b < 7; ++b)
      if (sim(a, b) >= 0.3) pairs.push_back({a, b});
  const auto comps = connected_components(7, pairs);
  REQUIRE(comps.size() == 1);  // plain components chain A and B together
  const auto guarded = split_chains(comps, pairs, sim, 0.15);
  REQUIRE(guarded.size() == 2);
  CHECK(guarded[0] == std::vector<std::uint32_t>{0, 1, 2, 3});
  CHECK(guarded[1] == std::vector<std::uint32_t>{4, 5, 6});
}

TEST_CASE("the chaining guard leaves a tight family alone", "[cluster][chaining]") {
  const std::vector<candidate_pair> pairs{{0, 1}, {1, 2}, {0, 2}};
  const auto sim = [](std::uint32_t a, std::uint32_t b) { return a == b ? 1.0 : 0.45; };
  const auto guarded = split_chains(connected_components(3, pairs), pairs, sim, 0.15);
  REQUIRE(guarded.size() == 1);
  CHECK(guarded[0].size() == 3);
}

TEST_CASE("the chaining guard never splits a verified pair: there is no middle to chain through", "[cluster][chaining]") {
  const std::vector<candidate_pair> pairs{{0, 1}};
  const auto sim = [](std::uint32_t a, std::uint32_t b) { return a == b ? 1.0 : 0.13; };
  const auto guarded = split_chains(connected_components(2, pairs), pairs, sim, 0.15);
  REQUIRE(guarded.size() == 1);
  CHECK(guarded[0] == std::vector<std::uint32_t>{0, 1});
}

TEST_CASE("the chaining guard sorts what it returns, whatever order the components came in", "[cluster][chaining]") {
  const std::vector<candidate_pair> pairs{{0, 1}, {1, 2}, {0, 2}, {4, 5}, {5, 6}, {4, 6}, {3, 7}};
  const auto sim = [](std::uint32_t a, std::uint32_t b) { return a == b ? 1.0 : 0.45; };
  // Components out of order, and members out of order within them.
  const std::vector<std::vector<std::uint32_t>> comps{{6, 4, 5}, {7, 3}, {2, 0, 1}};
  for (unsigned threads : {1u, 2u, 4u}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    const auto guarded = split_chains(comps, pairs, sim, 0.15);
    REQUIRE(guarded.size() == 3);
    CHECK(guarded[0] == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(guarded[1] == std::vector<std::uint32_t>{3, 7});
    CHECK(guarded[2] == std::vector<std::uint32_t>{4, 5, 6});
  }
}

TEST_CASE("the chaining guard splits a component of thousands of members measured on every core", "[cluster][chaining]") {
  // Members 0..5,999 copy template A, 6,000..9,999 template B; a chain of links
  // runs through all of them, so one component holds both.
  constexpr std::uint32_t n = 10000, first_b = 6000;
  const auto sim = [&](std::uint32_t a, std::uint32_t b) {
    if (a == b) return 1.0;
    return (a < first_b) == (b < first_b) ? 0.8 : 0.1;
  };
  std::vector<candidate_pair> pairs;
  for (std::uint32_t i = 0; i + 1 < n; ++i) pairs.push_back({i, i + 1});
  std::vector<std::uint32_t> a(first_b), b(n - first_b);
  std::iota(a.begin(), a.end(), 0u);
  std::iota(b.begin(), b.end(), first_b);
  for (unsigned threads : {1u, 2u, 4u}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    const auto guarded = split_chains(connected_components(n, pairs), pairs, sim, 0.15);
    REQUIRE(guarded.size() == 2);
    CHECK(guarded[0] == a);
    CHECK(guarded[1] == b);
  }
}

TEST_CASE("what the chaining guard splits off is cut again over the links among it, and only those", "[cluster][chaining]") {
  // Template A: 60 copies, all linked to the first. Then a path of 100 B copies,
  // each linked only to the next, joined to A by one bridge, and a second path of
  // 50 C copies joined to B's end. B and C resemble nothing but themselves, so
  // the guard splits them off A; cut again over the links among them, B and C
  // each stay whole only if every link of each path is found, and C is cut off
  // B by a round of its own. Ids packed and spread out (the cut finds members
  // by a bit per id of their range, or by binary search when they are sparse).
  for (const std::uint32_t spread : {1u, 1000u}) {
    const auto id = [&](std::uint32_t x) { return x * spread; };
    const auto family = [&](std::uint32_t x) { return x < id(100) ? 0 : x < id(500) ? 1 : 2; };
    const auto sim = [&](std::uint32_t a, std::uint32_t b) { return family(a) == family(b) ? 0.9 : 0.0; };
    std::vector<candidate_pair> pairs;
    for (std::uint32_t a = 1; a < 60; ++a) pairs.push_back({id(0), id(a)});
    pairs.push_back({id(59), id(300)});
    for (std::uint32_t b = 300; b < 399; ++b) pairs.push_back({id(b), id(b + 1)});
    pairs.push_back({id(399), id(500)});
    for (std::uint32_t c = 500; c < 549; ++c) pairs.push_back({id(c), id(c + 1)});
    const auto comps = connected_components(id(549) + 1, pairs);
    REQUIRE(comps.size() == 1);
    std::vector<std::uint32_t> a, b, c;
    for (std::uint32_t x = 0; x < 60; ++x) a.push_back(id(x));
    for (std::uint32_t x = 300; x < 400; ++x) b.push_back(id(x));
    for (std::uint32_t x = 500; x < 550; ++x) c.push_back(id(x));
    for (const int threads : {1, 2}) {
      tbb::task_arena arena(threads);
      std::vector<std::vector<std::uint32_t>> guarded;
      arena.execute([&] { guarded = split_chains(comps, pairs, sim, 0.15); });
      CAPTURE(spread, threads);
      REQUIRE(guarded.size() == 3);
      CHECK(guarded[0] == a);
      CHECK(guarded[1] == b);
      CHECK(guarded[2] == c);
    }
  }
}
