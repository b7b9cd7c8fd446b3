// Golden files for every writer: a small hand-made report rendered by each
// writer must match tests/golden/ byte for byte. To regenerate after an
// intended change: REFRAIN_UPDATE_GOLDEN=1 build/bin/refrain_tests "[golden]"
#include <catch2/catch.hpp>

#include "support/run.hpp"

#include <refrain/viz/writers.hpp>

#include <cstdlib>
#include <fstream>

using namespace refrain;

namespace {

report sample_report() {
  report rep;
  rep.bands = {64, 2};
  rep.stats = {.documents = 2, .units = 9, .matched_units = 6, .candidate_pairs = 3, .verified_pairs = 2, .clusters = 1};
  rep.documents.push_back({0, "letters/kent/a.txt", "Kent Police", "2020-12-16", "20/11/1363", {{"topic", "CHIS"}}, 120, 5});
  rep.documents.push_back({1, "letters/herts/b.txt", "Hertfordshire \"Herts\" Constabulary", std::nullopt, std::nullopt, {}, 98, 4});
  cluster_report c;
  c.id = 0;
  c.kind = unit_kind::sentence;
  c.documents = 2;
  c.sources = 2;
  c.mean_similarity = 0.41237;
  c.representative = 1;
  c.members.push_back({0, 3, unit_kind::sentence, 0, 10, 60, 0.41237,
                       "Therefore, at this moment in time,\nit is our opinion, \"balance\"."});
  c.members.push_back({1, 2, unit_kind::sentence, 0, 0, 45, 1.0, "Therefore, at this moment in time, it is our view."});
  c.variants.push_back({1, 2, 2});
  rep.clusters.push_back(c);
  rep.timings = {{"segment+shingle", 0.25}, {"minhash", 0.125}};
  return rep;
}

void check_golden(const std::string& name, const std::string& actual) {
  const auto path = std::filesystem::path(test::source_dir) / "tests" / "golden" / name;
  const char* update = std::getenv("REFRAIN_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") std::ofstream(path, std::ios::binary) << actual;
  INFO("golden file " << path.string());
  REQUIRE(std::filesystem::exists(path));
  CHECK(test::slurp(path) == actual);
}

}  // namespace

TEST_CASE("clusters.json golden", "[viz][golden]") { check_golden("clusters.json", viz::to_json(sample_report())); }
TEST_CASE("members.csv golden", "[viz][golden]") { check_golden("members.csv", viz::to_members_csv(sample_report())); }
TEST_CASE("report.txt golden", "[viz][golden]") { check_golden("report.txt", viz::to_text(sample_report())); }
TEST_CASE("clusters.dot golden", "[viz][golden]") { check_golden("clusters.dot", viz::to_dot(sample_report())); }

TEST_CASE("the JSON writer keeps timings out and rounds similarities", "[viz]") {
  const auto json = viz::to_json(sample_report());
  CHECK(json.find("timing") == std::string::npos);
  CHECK(json.find("0.4124") != std::string::npos);
  CHECK(json.find("\"schema\": \"refrain.clusters/3\"") != std::string::npos);
}

TEST_CASE("the CSV writer quotes fields with commas, quotes and line breaks", "[viz]") {
  const auto csv = viz::to_members_csv(sample_report());
  CHECK(csv.find("\"Hertfordshire \"\"Herts\"\" Constabulary\"") != std::string::npos);
  CHECK(csv.find("\"Therefore, at this moment in time,\nit is our opinion, \"\"balance\"\".\"") != std::string::npos);
}
