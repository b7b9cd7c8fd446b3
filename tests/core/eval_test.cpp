#include <catch2/catch.hpp>

#include <refrain/error.hpp>
#include <refrain/eval.hpp>

using namespace refrain;

namespace {

// Four copies of family A and two of B, one per letter, 100 bytes each.
std::vector<planted_copy> truth() {
  std::vector<planted_copy> t;
  for (int i = 0; i < 4; ++i) t.push_back({"A", "", "s/a" + std::to_string(i) + ".txt", 100, 200, "light"});
  for (int i = 0; i < 2; ++i) t.push_back({"B", "", "s/b" + std::to_string(i) + ".txt", 0, 100, "heavy"});
  return t;
}

}  // namespace

TEST_CASE("a perfect clustering scores 1 everywhere", "[eval]") {
  std::vector<reported_member> r;
  for (int i = 0; i < 4; ++i) r.push_back({0, "out/../gen/s/a" + std::to_string(i) + ".txt", 100, 200});
  for (int i = 0; i < 2; ++i) r.push_back({1, "s/b" + std::to_string(i) + ".txt", 0, 100});
  const auto ev = evaluate(truth(), r);
  CHECK(ev.overall.copies == 6);
  CHECK(ev.overall.copies_found == 6);
  CHECK(ev.overall.pairwise_f1 == Approx(1.0));
  CHECK(ev.overall.bcubed_f1 == Approx(1.0));
  CHECK(ev.overall.adjusted_rand == Approx(1.0));
  CHECK(ev.overall.family_recall == Approx(1.0));
  CHECK(ev.overall.merged_families == 0);
  CHECK(ev.unplanted_members == 0);
  REQUIRE(ev.by_noise.size() == 2);
  CHECK(ev.by_noise[0].first == "heavy");
  CHECK(ev.by_noise[0].second.copies == 2);
}

TEST_CASE("two families merged into one cluster: chaining is counted", "[eval]") {
  std::vector<reported_member> r;
  for (int i = 0; i < 4; ++i) r.push_back({0, "s/a" + std::to_string(i) + ".txt", 100, 200});
  for (int i = 0; i < 2; ++i) r.push_back({0, "s/b" + std::to_string(i) + ".txt", 0, 100});
  const auto q = evaluate(truth(), r).overall;
  // 15 predicted pairs, 7 true ones (6 in A + 1 in B), all found.
  CHECK(q.pairwise_precision == Approx(7.0 / 15.0));
  CHECK(q.pairwise_recall == Approx(1.0));
  // B-cubed precision: A items 4/6 each, B items 2/6 each -> (4*4/6 + 2*2/6) / 6
  CHECK(q.bcubed_precision == Approx((16.0 / 6 + 4.0 / 6) / 6));
  CHECK(q.bcubed_recall == Approx(1.0));
  CHECK(q.merged_families == 2);
  CHECK(q.adjusted_rand == Approx(0.0).margin(1e-9));
}

TEST_CASE("a family split in two and a missed copy", "[eval]") {
  std::vector<reported_member> r;
  r.push_back({0, "s/a0.txt", 100, 200});
  r.push_back({0, "s/a1.txt", 110, 190});  // covers 80% of its copy
  r.push_back({1, "s/a2.txt", 100, 200});
  r.push_back({1, "s/a3.txt", 150, 400});  // covers half the copy but is mostly other text
  r.push_back({2, "s/b0.txt", 0, 100});
  r.push_back({2, "s/elsewhere.txt", 0, 100});  // nothing planted there
  const auto ev = evaluate(truth(), r);
  const auto& q = ev.overall;
  CHECK(q.copies_found == 5);  // b1 is missed; a3 is covered (half the copy)
  // pairs found: (a0,a1), (a2,a3) = 2 of 7 true pairs; predicted pairs: 2 (b0 alone in its label)
  CHECK(q.pairwise_precision == Approx(1.0));
  CHECK(q.pairwise_recall == Approx(2.0 / 7.0));
  CHECK(q.family_recall == Approx(0.0));
  CHECK(q.merged_families == 0);
  CHECK(ev.unplanted_members == 1);
}

TEST_CASE("truth and clusters files are parsed and checked", "[eval]") {
  const auto t = parse_truth(R"({"schema":"refrain.truth/1","documents":[{"path":"s/a.txt","noise":"light"}],
    "copies":[{"family":"A","variant":"v1","document":"s/a.txt","start":3,"end":9}]})", "truth.json");
  REQUIRE(t.size() == 1);
  CHECK(t[0].noise == "light");
  const auto c = parse_clusters(R"({"schema":"refrain.clusters/1","documents":[{"path":"x/s/a.txt"}],
    "clusters":[{"id":4,"members":[{"document":0,"start":3,"end":9}]}]})", "clusters.json");
  REQUIRE(c.size() == 1);
  CHECK(c[0].cluster == 4);
  CHECK(c[0].document == "x/s/a.txt");
  CHECK_THROWS_AS(parse_truth("{}", "t.json"), error);
  CHECK_THROWS_AS(parse_truth("not json", "t.json"), error);
  CHECK_THROWS_AS(parse_clusters(R"({"schema":"refrain.clusters/1","documents":[],"clusters":[{"id":0,"members":[{"document":3,"start":0,"end":1}]}]})", "c.json"), error);
}
