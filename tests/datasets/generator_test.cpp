#include <catch2/catch.hpp>

#include "support/run.hpp"

#include <refrain/datasets/generator.hpp>
#include <refrain/datasets/template_library.hpp>

using namespace refrain;
using namespace refrain::datasets;

TEST_CASE("same parameters and seed give the same bytes", "[gen]") {
  for (auto noise : {noise_level::none, noise_level::moderate, noise_level::heavy}) {
    const generator_params p{.seed = 9, .letters = 40, .sources = 5, .noise = noise};
    const auto a = generate(p), b = generate(p);
    REQUIRE(a.letters.size() == 40);
    for (std::size_t i = 0; i < a.letters.size(); ++i) {
      CHECK(a.letters[i].text == b.letters[i].text);
      CHECK(a.letters[i].path == b.letters[i].path);
    }
    CHECK(a.copies.size() == b.copies.size());
    auto q = p;
    q.seed = 10;
    CHECK(generate(q).letters[0].text != a.letters[0].text);
  }
}

TEST_CASE("truth spans lie inside their letters and cover planted text", "[gen]") {
  const auto g = generate({.seed = 3, .letters = 60, .sources = 6, .noise = noise_level::heavy});
  REQUIRE(g.copies.size() > 100);
  for (const auto& c : g.copies) {
    const auto& text = g.letters.at(c.letter).text;
    REQUIRE(c.start < c.end);
    REQUIRE(c.end <= text.size());
    CHECK(text[c.start] != ' ');
    CHECK(text[c.start] != '\n');
  }
}

TEST_CASE("with no noise each copy is the template with only its slots filled", "[gen]") {
  const auto g = generate({.seed = 5, .letters = 30, .sources = 4, .noise = noise_level::none});
  std::size_t checked = 0;
  for (const auto& c : g.copies) {
    if (c.variant != "national") continue;
    for (const auto& t : template_paragraphs()) {
      if (t.name != c.family || t.text.find('{') != std::string_view::npos) continue;
      CHECK(g.letters[c.letter].text.substr(c.start, c.end - c.start) == t.text);
      ++checked;
    }
  }
  CHECK(checked > 5);
}

TEST_CASE("refrain gen writes letters, manifest and truth that refrain eval reads", "[gen][cli]") {
  test::temp_dir dir("gen");
  const auto gen = test::run_refrain("gen --out " + test::shell_quote(dir.str()) + " --seed 4 --letters 30 --sources 4 --noise light");
  REQUIRE(gen.exit_code == 0);
  CHECK(std::filesystem::exists(dir.path() / "truth.json"));
  CHECK(std::filesystem::exists(dir.path() / "manifest.csv"));
  const auto out = dir.path() / "out";
  REQUIRE(test::run_refrain("scan " + test::shell_quote(dir.str()) + " --manifest " +
                            test::shell_quote((dir.path() / "manifest.csv").string()) + " -q --out " +
                            test::shell_quote(out.string()))
              .exit_code == 0);
  const auto ev = test::run_refrain("eval --json --truth " + test::shell_quote((dir.path() / "truth.json").string()) + " " +
                                    test::shell_quote((out / "clusters.json").string()));
  REQUIRE(ev.exit_code == 0);
  CHECK(ev.out.find("\"pairwise\"") != std::string::npos);
  CHECK(ev.out.find("\"light\"") != std::string::npos);
  const auto bad = test::run_refrain("eval --truth " + test::shell_quote((out / "clusters.json").string()) + " " +
                                     test::shell_quote((out / "clusters.json").string()));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("not a truth file") != std::string::npos);
}
