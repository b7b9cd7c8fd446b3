// The refrain binary on the bundled sample corpus: outputs, summary, exit codes,
// determinism across thread counts, and the planted families of datasets/README.md.
#include <catch2/catch.hpp>

#include "support/run.hpp"

#include <nlohmann/json.hpp>

#include <set>

namespace fs = std::filesystem;
using refrain::test::run_refrain;
using refrain::test::shell_quote;
using refrain::test::slurp;
using refrain::test::temp_dir;

namespace {

std::string samples_args() {
  const auto samples = fs::path(refrain::test::source_dir) / "datasets" / "samples";
  return shell_quote(samples.string()) + " --manifest " + shell_quote((samples / "manifest.csv").string());
}

// The set of letter files (relative to the samples folder) of each cluster.
std::vector<std::set<std::string>> cluster_letters(const nlohmann::json& doc) {
  std::vector<std::set<std::string>> out;
  for (const auto& c : doc["clusters"]) {
    std::set<std::string> letters;
    for (const auto& m : c["members"]) {
      const fs::path p = doc["documents"][m["document"].get<std::size_t>()]["path"].get<std::string>();
      letters.insert(p.parent_path().filename().string() + "/" + p.filename().string());
    }
    out.push_back(letters);
  }
  return out;
}

}  // namespace

TEST_CASE("scan on the samples writes the four outputs and a one-line summary", "[cli]") {
  temp_dir out("samples");
  const auto r = run_refrain("scan " + samples_args() + " --out " + shell_quote(out.str()));
  REQUIRE(r.exit_code == 0);
  for (const char* name : {"clusters.json", "members.csv", "report.txt", "clusters.dot"}) {
    INFO(name);
    CHECK(fs::file_size(out.path() / name) > 100);
  }
  CHECK(r.out.find("12 documents") != std::string::npos);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  CHECK(r.err.find("error") == std::string::npos);
  CHECK(r.err.find("warning") == std::string::npos);
  for (const auto& entry : fs::directory_iterator(out.path()))
    CHECK(entry.path().filename().string()[0] != '.');  // no temporary file left

  const auto doc = nlohmann::json::parse(slurp(out.path() / "clusters.json"));
  CHECK(doc["schema"] == "refrain.clusters/4");
  CHECK(doc["documents"].size() == 12);
  CHECK(doc["documents"][0]["source"] == "Harrowfield Police");  // from the manifest
  CHECK(doc["documents"][0]["date"].is_string());
  CHECK(doc["documents"][0]["metadata"].contains("request_topic"));
  const auto report = slurp(out.path() / "report.txt");
  CHECK(report.find("Families by spread") != std::string::npos);
  CHECK(report.find("Timings:") != std::string::npos);
}

TEST_CASE("the planted sample families are each found whole in one cluster", "[cli]") {
  temp_dir out("planted");
  REQUIRE(run_refrain("scan " + samples_args() + " --out " + shell_quote(out.str()) + " -q").exit_code == 0);
  const auto clusters = cluster_letters(nlohmann::json::parse(slurp(out.path() / "clusters.json")));
  const std::vector<std::pair<std::string, std::set<std::string>>> planted{
      {"internal-review",
       {"harrowfield-police/2019-031.txt", "harrowfield-police/2022-207.txt", "kestermoor-constabulary/2020-044.txt",
        "kestermoor-constabulary/2021-309.txt", "south-avenby-police/2019-228.txt", "south-avenby-police/2020-162.txt",
        "lynmere-police/2019-087.txt", "lynmere-police/2023-140.txt"}},
      {"harm-ncnd",
       {"harrowfield-police/2022-207.txt", "kestermoor-constabulary/2021-309.txt", "kestermoor-constabulary/2023-012.txt",
        "south-avenby-police/2022-075.txt", "lynmere-police/2021-266.txt"}},
      {"ack sentence",
       {"harrowfield-police/2019-031.txt", "harrowfield-police/2021-118.txt", "kestermoor-constabulary/2020-044.txt",
        "kestermoor-constabulary/2023-012.txt", "south-avenby-police/2020-162.txt", "south-avenby-police/2022-075.txt",
        "lynmere-police/2019-087.txt", "lynmere-police/2023-140.txt"}},
  };
  for (const auto& [name, letters] : planted) {
    INFO(name);
    bool found = false;
    for (const auto& c : clusters) found = found || std::includes(c.begin(), c.end(), letters.begin(), letters.end());
    CHECK(found);
  }
}

TEST_CASE("clusters.json is byte-identical with --threads 1 and --threads 2", "[cli][determinism]") {
  temp_dir one("t1"), two("t2");
  REQUIRE(run_refrain("scan " + samples_args() + " --threads 1 -q --out " + shell_quote(one.str())).exit_code == 0);
  REQUIRE(run_refrain("scan " + samples_args() + " --threads 2 -q --out " + shell_quote(two.str())).exit_code == 0);
  const auto a = slurp(one.path() / "clusters.json"), b = slurp(two.path() / "clusters.json");
  CHECK(a.size() > 1000);
  CHECK(a == b);
  CHECK(slurp(one.path() / "members.csv") == slurp(two.path() / "members.csv"));
  CHECK(slurp(one.path() / "clusters.dot") == slurp(two.path() / "clusters.dot"));
}

TEST_CASE("clusters.dot renders with Graphviz", "[cli][dot]") {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") FAIL("graphviz (dot) is not installed under CI");
    WARN("dot not installed; render check not run");
    return;
  }
  temp_dir out("dot");
  REQUIRE(run_refrain("scan " + samples_args() + " -q --out " + shell_quote(out.str())).exit_code == 0);
  const auto svg = out.path() / "clusters.svg";
  const auto cmd = "dot -Tsvg " + shell_quote((out.path() / "clusters.dot").string()) + " -o " + shell_quote(svg.string()) +
                   " 2>" + shell_quote((out.path() / "dot.err").string());
  CHECK(std::system(cmd.c_str()) == 0);
  CHECK(slurp(out.path() / "dot.err").empty());
  CHECK(slurp(svg).find("<svg") != std::string::npos);
}

TEST_CASE("help and version exit 0 on stdout", "[cli]") {
  const auto help = run_refrain("scan --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--threshold") != std::string::npos);
  CHECK(help.out.find("--manifest") != std::string::npos);
  const auto version = run_refrain("--version");
  CHECK(version.exit_code == 0);
  CHECK(version.out.find("0.1.0") != std::string::npos);
  const auto none = run_refrain("");
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("refrain: error:") != std::string::npos);
}

TEST_CASE("scan writes the HTML report, the scorecard CSVs and the graphs", "[cli]") {
  temp_dir out("all-outputs");
  REQUIRE(run_refrain("scan " + samples_args() + " -q --out " + shell_quote(out.str())).exit_code == 0);
  for (const char* name : {"report.html", "sources.dot", "variants.dot", "scorecard_by_source_year.csv",
                           "source_similarity.csv", "family_timeline.csv", "family_variants_by_source.csv"}) {
    INFO(name);
    CHECK(fs::file_size(out.path() / name) > 50);
  }
  const auto by_year = slurp(out.path() / "scorecard_by_source_year.csv");
  CHECK(by_year.find("Harrowfield Police") != std::string::npos);
  const auto doc = nlohmann::json::parse(slurp(out.path() / "clusters.json"));
  const auto& first = doc["clusters"][0];
  CHECK(first["template"]["text"].is_string());
  CHECK(first["members"][0]["redline"].is_array());
  CHECK(doc["documents"][0]["boilerplate"]["labels"].is_array());
}

TEST_CASE("the render flag runs Graphviz on every graph", "[cli][dot]") {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") FAIL("graphviz (dot) is not installed under CI");
    WARN("dot not installed; --render not checked");
    return;
  }
  temp_dir out("render");
  const auto r = run_refrain("scan " + samples_args() + " -q --render svg --out " + shell_quote(out.str()));
  REQUIRE(r.exit_code == 0);
  for (const char* name : {"clusters.svg", "sources.svg", "variants.svg"}) {
    INFO(name);
    CHECK(slurp(out.path() / name).find("<svg") != std::string::npos);
  }
  CHECK(run_refrain("scan " + samples_args() + " -q --render gif --out " + shell_quote(out.str())).exit_code == 2);
}

TEST_CASE("strip marks a letter's template text and can remove it", "[cli][strip]") {
  const auto samples = fs::path(refrain::test::source_dir) / "datasets" / "samples";
  const auto letter = samples / "kestermoor-constabulary" / "2021-309.txt";
  const auto args = shell_quote(letter.string()) + " --corpus " + shell_quote(samples.string()) + " --manifest " +
                    shell_quote((samples / "manifest.csv").string());
  const auto marked = run_refrain("strip " + args);
  REQUIRE(marked.exit_code == 0);
  CHECK(marked.out.find("[[template #") != std::string::npos);
  CHECK(marked.err.find("% national template") != std::string::npos);
  const auto removed = run_refrain("strip --remove " + args);
  REQUIRE(removed.exit_code == 0);
  CHECK(removed.out.find("removed ...]") != std::string::npos);
  CHECK(removed.out.size() < marked.out.size());
  const auto missing = run_refrain("strip /nonexistent/letter.txt --corpus " + shell_quote(samples.string()));
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("refrain: error:") != std::string::npos);
}
