#include <catch2/catch.hpp>

#include "reference/brute_force.hpp"
#include <refrain/datasets/synthetic.hpp>

#include <refrain/scan.hpp>
#include <refrain/viz/writers.hpp>

#include <tbb/global_control.h>

#include <map>

using namespace refrain;

namespace {

// (document, unit) -> cluster id, for every reported member.
std::map<reference::unit_id, std::uint32_t> cluster_of(const report& rep) {
  std::map<reference::unit_id, std::uint32_t> out;
  for (const auto& c : rep.clusters)
    for (const auto& m : c.members) out[{m.document, m.unit}] = c.id;
  return out;
}

}  // namespace

TEST_CASE("the pipeline finds every pair the brute-force reference finds above threshold + 0.1", "[property]") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    for (auto mode : {unit_mode::paragraph, unit_mode::sentence}) {
      const auto corpus = datasets::generated_corpus(seed, 40, 8, 0.06);
      scan_params p;
      p.segmentation.mode = mode;
      p.min_documents = 1;
      const auto rep = scan(corpus, p);
      const auto found = cluster_of(rep);
      const auto pairs = reference::all_pairs(corpus, p, p.threshold + 0.1);
      INFO("seed " << seed << " mode " << to_string(mode) << " reference pairs " << pairs.size());
      REQUIRE(pairs.size() > 20);
      std::size_t missed = 0;
      for (const auto& pr : pairs) {
        const auto a = found.find(pr.a), b = found.find(pr.b);
        if (a == found.end() || b == found.end() || a->second != b->second) ++missed;
      }
      CHECK(missed == 0);
    }
  }
}

TEST_CASE("every verified similarity the pipeline reports is exact", "[property]") {
  const auto corpus = datasets::generated_corpus(7, 30, 6, 0.1);
  scan_params p;
  p.segmentation.mode = unit_mode::paragraph;
  const auto rep = scan(corpus, p);
  const auto pairs = reference::all_pairs(corpus, p, 0.0);
  std::map<std::pair<reference::unit_id, reference::unit_id>, double> truth;
  for (const auto& pr : pairs) truth[{pr.a, pr.b}] = pr.jaccard;
  REQUIRE_FALSE(rep.clusters.empty());
  for (const auto& c : rep.clusters) {
    const auto& r = c.members[c.representative];
    for (const auto& m : c.members) {
      if (&m == &r) continue;
      reference::unit_id a{m.document, m.unit}, b{r.document, r.unit};
      if (b < a) std::swap(a, b);
      const auto it = truth.find({a, b});
      const double expected = it == truth.end() ? 0.0 : it->second;
      CHECK(m.similarity == Approx(expected));
    }
  }
}

TEST_CASE("clusters.json is byte-identical with 1 and 2 threads", "[property][determinism]") {
  const auto corpus = datasets::generated_corpus(11, 120, 12, 0.12);
  const scan_params p;
  std::string one, two;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one = viz::to_json(scan(corpus, p));
  }
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
    two = viz::to_json(scan(corpus, p));
  }
  CHECK(one.size() > 10000);
  CHECK(one == two);
}
