#include <catch2/catch.hpp>

#include <refrain/verify.hpp>

using namespace refrain;

TEST_CASE("exact Jaccard and containment on small sets", "[verify]") {
  const std::vector<shingle_hash> a{1, 2, 3, 4}, b{3, 4, 5, 6}, c{3, 4}, empty{};
  CHECK(jaccard(a, b) == Approx(2.0 / 6.0));
  CHECK(jaccard(a, a) == 1.0);
  CHECK(containment(c, a) == 1.0);
  CHECK(containment(a, b) == Approx(0.5));
  CHECK(jaccard(a, empty) == 0.0);
  CHECK(jaccard(empty, empty) == 0.0);  // empty sets never match each other
  CHECK(similarity(similarity_measure::containment, a, c) == 1.0);
}

TEST_CASE("verification keeps only pairs at or above the threshold, in order", "[verify]") {
  shingle_table t;
  t.push_back(std::vector<shingle_hash>{1, 2, 3, 4});
  t.push_back(std::vector<shingle_hash>{1, 2, 3, 5});
  t.push_back(std::vector<shingle_hash>{7, 8, 9});
  const std::vector<candidate_pair> cands{{0, 1}, {0, 2}, {1, 2}};
  const auto v = verify_pairs(t, cands, similarity_measure::jaccard, 0.6);
  REQUIRE(v.size() == 1);
  CHECK(v[0].a == 0);
  CHECK(v[0].b == 1);
  CHECK(v[0].similarity == Approx(0.6));
  CHECK(verify_pairs(t, cands, similarity_measure::jaccard, 0.61).empty());
}

TEST_CASE("the measures from a shared count equal the measures from the sets", "[verify]") {
  // link_sets merges a pair once and hands the count on; it must score the pair
  // exactly as the set functions do, or the links would change.
  const std::vector<shingle_hash> a{1, 2, 3, 4, 9, 12}, b{3, 4, 5, 6, 12}, c{3, 4}, empty{};
  for (const auto* x : {&a, &b, &c, &empty})
    for (const auto* y : {&a, &b, &c, &empty}) {
      const auto common = intersection_size(*x, *y);
      for (const auto m : {similarity_measure::jaccard, similarity_measure::containment})
        CHECK(similarity(m, common, x->size(), y->size()) == similarity(m, *x, *y));
      CHECK(unmatched_excess(common, x->size(), y->size()) == unmatched_excess(*x, *y));
    }
  CHECK(unmatched_excess(2, 2, 4) == Approx(0.5));  // the shorter all shared, half of the longer not
  CHECK(similarity(similarity_measure::jaccard, 3, 6, 5) == Approx(3.0 / 8.0));
}

TEST_CASE("a set probe counts what another set shares with it, as the merge does", "[verify]") {
  std::mt19937 rng(7);
  set_probe probe;  // reused, as the scan reuses it
  for (int round = 0; round < 300; ++round) {
    std::vector<shingle_hash> a, b;
    const auto size_a = rng() % 200, size_b = rng() % 200;
    for (std::uint32_t i = 0; i < size_a; ++i) a.push_back(static_cast<shingle_hash>(rng() % 400));  // small values: many shared, 0 included
    for (std::uint32_t i = 0; i < size_b; ++i) b.push_back(static_cast<shingle_hash>(round % 2 ? rng() : rng() % 400));
    for (auto* s : {&a, &b}) {
      std::sort(s->begin(), s->end());
      s->erase(std::unique(s->begin(), s->end()), s->end());
    }
    probe.assign(a);
    CHECK(probe.size() == a.size());
    CHECK(probe.common(b) == intersection_size(a, b));
    CHECK(probe.common(a) == a.size());
    CHECK(probe.common_portable(b) == intersection_size(a, b));  // the path of processors without AVX2
    CHECK(probe.common_portable(a) == a.size());
  }
}
