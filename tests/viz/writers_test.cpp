// Golden files for every writer: a small hand-made report rendered by each
// writer must match tests/golden/ byte for byte. To regenerate after an
// intended change: REFRAIN_UPDATE_GOLDEN=1 build/bin/refrain_tests "[golden]"
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/run.hpp"

#include <refrain/viz/html.hpp>
#include <refrain/viz/writers.hpp>

#include <cstdlib>
#include <fstream>
#include <memory>

using namespace refrain;

namespace {

// Letter bytes long enough for every member span of sample_report().
const std::vector<std::string>& sample_letters() {
  static const std::vector<std::string> letters{
      "Dear Sir, Therefore, at this moment in time,\nit is our opinion, \"balance\". Yours sincerely.",
      "Therefore, at this moment in time, it is our view. Thank you for your request about drones."};
  return letters;
}

report sample_report() {
  const std::string_view t0 = "Therefore, at this moment in time,\nit is our opinion, \"balance\".";
  const std::string_view t1 = "Therefore, at this moment in time, it is our view.";
  const auto& letters = sample_letters();
  report rep;
  rep.bands = {64, 2};
  rep.stats = {.documents = 2, .units = 9, .matched_units = 6, .candidate_pairs = 3, .verified_pairs = 2, .clusters = 1};
  rep.documents.push_back({0, "letters/kent/a.txt", "Kent Police", "2020-12-16", "20/11/1363", {{"topic", "CHIS"}},
                           letters[0].size(), 5, {}});
  rep.documents.push_back({1, "letters/herts/b.txt", "Hertfordshire \"Herts\" Constabulary", std::nullopt, std::nullopt,
                           {}, letters[1].size(), 4, {}});
  cluster_report c;
  c.id = 0;
  c.kind = unit_kind::sentence;
  c.documents = 2;
  c.sources = 2;
  c.mean_similarity = 0.41237;
  c.representative = 1;
  c.letters = std::make_shared<const std::vector<std::string_view>>(std::vector<std::string_view>{letters[0], letters[1]});
  c.members.push_back({0, 3, unit_kind::sentence, 1, 10, static_cast<std::uint32_t>(10 + t0.size()), 1.0});
  c.members.push_back({1, 2, unit_kind::sentence, 0, 0, static_cast<std::uint32_t>(t1.size()), 1.0});
  REQUIRE(c.text(c.members[0]) == t0);
  REQUIRE(c.text(c.members[1]) == t1);
  c.variants.push_back({1, 1, 1});
  c.variants.push_back({0, 1, 1});
  const std::vector<std::string_view> texts{t0, t1};
  c.canonical = build_consensus(texts, 1);
  rep.clusters.push_back(c);
  // Labels and scorecards from the real stages, so the writers see real shapes.
  const std::vector<std::string_view> docs{letters[0], letters[1]};
  const std::vector<family_span> spans{{0, 0, c.members[0].start, c.members[0].end}, {0, 1, c.members[1].start, c.members[1].end}};
  const std::vector<family_spread> spreads{{0, 2}};
  auto maps = label_documents(docs, spans, spreads, 2);
  const std::vector<scorecard_letter> cards{{"Kent Police", "2020-12-16"}, {"Hertfordshire \"Herts\" Constabulary", std::nullopt}};
  const std::vector<family_use> uses{{0, 0, 1}, {0, 1, 0}};
  rep.standardisation = build_scorecards(cards, maps, uses);
  rep.documents[0].boilerplate = maps[0];
  rep.documents[1].boilerplate = maps[1];
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
TEST_CASE("sources.dot golden", "[viz][golden]") { check_golden("sources.dot", viz::to_sources_dot(sample_report())); }
TEST_CASE("variants.dot golden", "[viz][golden]") { check_golden("variants.dot", viz::to_variants_dot(sample_report())); }
TEST_CASE("report.html golden", "[viz][golden]") {
  const std::vector<std::string_view> texts{std::string_view(sample_letters()[0]), std::string_view(sample_letters()[1])};
  check_golden("report.html", viz::to_html(sample_report(), texts));
}

TEST_CASE("the JSON writer keeps timings out and rounds similarities", "[viz]") {
  const auto json = viz::to_json(sample_report());
  CHECK(json.find("timing") == std::string::npos);
  CHECK(json.find("0.4124") != std::string::npos);
  CHECK(json.find("\"schema\": \"refrain.clusters/4\"") != std::string::npos);
}

TEST_CASE("report.txt gives each stage's seconds and, when measured, the cores it kept busy", "[viz]") {
  auto rep = sample_report();
  rep.timings = {{"link", 2.0, 3.0}, {"cluster", 0.5, 0.0}};
  const auto text = viz::to_text(rep);
  CHECK(text.find("Timings: link 2.000s on 1.50 cores; cluster 0.500s; total 2.500s\n") != std::string::npos);
}

TEST_CASE("the CSV writer quotes fields with commas, quotes and line breaks", "[viz]") {
  const auto csv = viz::to_members_csv(sample_report());
  CHECK(csv.find("\"Hertfordshire \"\"Herts\"\" Constabulary\"") != std::string::npos);
  CHECK(csv.find("\"Therefore, at this moment in time,\nit is our opinion, \"\"balance\"\".\"") != std::string::npos);
}

TEST_CASE("report.txt lists the first copies of a family and counts the rest", "[viz]") {
  const auto rep = sample_report();
  const auto& family = rep.clusters.front();
  REQUIRE(family.members.size() >= 2);
  const auto text = viz::to_text(rep, 1, 1);
  CHECK(text.find(fmt::format("... and {} more copies", family.members.size() - 1)) != std::string::npos);
  CHECK(viz::to_text(rep, 1, family.members.size()).find("more copies") == std::string::npos);
}

TEST_CASE("clusters.json writes every member of a family larger than one block, in order, with its redline", "[viz]") {
  // 1,100 short copies (more than two blocks of 512) and three of 700 KB (a block
  // ends at about 1 MB of text), so the members are rendered in several blocks.
  std::vector<std::string> letters;
  for (int i = 0; i < 1100; ++i)
    letters.push_back(fmt::format("We can neither confirm nor deny that we hold information number {}.", i));
  std::string long_text;
  while (long_text.size() < 700'000) long_text += "We can neither confirm nor deny that we hold it. ";
  for (int i = 0; i < 3; ++i) letters.push_back(long_text);
  report rep;
  cluster_report c;
  auto views = std::make_shared<std::vector<std::string_view>>();
  for (std::uint32_t d = 0; d < letters.size(); ++d) {
    rep.documents.push_back({d, fmt::format("l/{}.txt", d), "Kent Police", std::nullopt, std::nullopt, {}, letters[d].size(), 1, {}});
    views->emplace_back(letters[d]);
    c.members.push_back({d, 0, unit_kind::paragraph, 0, 0, static_cast<std::uint32_t>(letters[d].size()), 1.0});
  }
  c.letters = views;
  c.documents = static_cast<std::uint32_t>(letters.size());
  c.sources = 1;
  c.variants.push_back({0, static_cast<std::uint32_t>(letters.size()), static_cast<std::uint32_t>(letters.size())});
  const std::vector<std::string_view> core{letters[0], letters[1], letters[2]};
  c.canonical = build_consensus(core, 0);
  rep.clusters.push_back(c);

  const auto parsed = nlohmann::json::parse(viz::to_json(rep));
  const auto& members = parsed.at("clusters").at(0).at("members");
  REQUIRE(members.size() == letters.size());
  for (std::size_t i = 0; i < letters.size(); ++i) {
    CHECK(members[i].at("document") == i);
    CHECK(members[i].at("text") == letters[i]);
    // The equal runs and insertions account for every word of the copy.
    std::size_t words = 0;
    for (const auto& piece : members[i].at("redline")) {
      if (piece.at("op") == "equal") words += piece.at("words").get<std::size_t>();
      if (piece.at("op") == "insert") words += count_words_of(piece.at("text").get<std::string>());
    }
    CHECK(words == count_words_of(letters[i]));
  }
}
