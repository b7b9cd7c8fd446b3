// Acceptance: `refrain scan ../shared/seeds` with default settings surfaces every
// "must" family of ../shared/seeds/EXPECTED.md, and every member's [start, end)
// slice of its file is its text. Needs ../shared beside the checkout: under CI
// (CI=true) a missing folder is a failure, elsewhere a warning.
#include <catch2/catch.hpp>

#include "support/run.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using refrain::test::run_refrain;
using refrain::test::shell_quote;
using refrain::test::slurp;
using refrain::test::temp_dir;

namespace {

struct region {
  std::string file;
  std::size_t start;
  std::size_t end;
};

// Every occurrence in `file` of the passage from `first` to the next `last`.
std::vector<region> passages(const fs::path& seeds, const std::string& file, const std::string& first,
                             const std::string& last) {
  const auto bytes = slurp(seeds / file);
  std::vector<region> out;
  for (auto pos = bytes.find(first); pos != std::string::npos; pos = bytes.find(first, pos + 1)) {
    const auto tail = bytes.find(last, pos);
    REQUIRE(tail != std::string::npos);
    out.push_back({file, pos, tail + last.size()});
  }
  INFO(file << ": " << first);
  REQUIRE_FALSE(out.empty());
  return out;
}

struct expected_family {
  std::string name;
  std::vector<std::vector<region>> copies;  // each inner list: occurrences in one file
};

bool overlaps(const nlohmann::json& m, const region& r) {
  return m["start"].get<std::size_t>() < r.end && m["end"].get<std::size_t>() > r.start;
}

std::optional<fs::path> seeds_folder() {
  const auto seeds = fs::path(refrain::test::source_dir) / ".." / "shared" / "seeds";
  if (fs::exists(seeds / "EXPECTED.md")) return seeds;
  const char* ci = std::getenv("CI");
  if (ci && std::string(ci) == "true") FAIL("CI=true but ../shared/seeds is missing: the acceptance test cannot run");
  WARN("../shared/seeds not found beside the checkout; acceptance test not run");
  return std::nullopt;
}

const std::string f0 = "000_bdd8e541b828d4a7.txt", f1 = "001_f02dea5e3ddfe3ae.txt", f2 = "002_15a795a38889fb33.txt",
                  f3 = "003_48483f2e3305ddd5.txt", f4 = "004_ec59b9cf34e6a2a1.txt";
const std::vector<std::string> seed_letters{f0, f1, f2, f3, f4};

// One cluster must hold a member over every occurrence in every file named.
void check_found(const nlohmann::json& doc, const std::map<std::size_t, std::string>& file_of,
                 const std::vector<expected_family>& families) {
  for (const auto& fam : families) {
    bool found = false;
    for (const auto& c : doc["clusters"]) {
      bool covers_all = true;
      for (const auto& copies : fam.copies)
        for (const auto& reg : copies) {
          bool hit = false;
          for (const auto& m : c["members"])
            if (file_of.at(m["document"]) == reg.file && overlaps(m, reg)) hit = true;
          covers_all = covers_all && hit;
        }
      if (covers_all) found = true;
    }
    INFO("family " << fam.name);
    CHECK(found);
  }
}

}  // namespace

TEST_CASE("refrain scan on the seed letters finds every must and stretch family of EXPECTED.md", "[acceptance][seeds]") {
  const auto seeds = seeds_folder();
  if (!seeds) return;
  const auto s = *seeds;
  temp_dir out("seeds");
  // The five letters, not EXPECTED.md beside them: it quotes the passages.
  std::string letters;
  for (const auto& name : seed_letters) letters += shell_quote((s / name).string()) + " ";
  const auto r = run_refrain("scan " + letters + "--manifest " +
                             shell_quote((fs::path(refrain::test::source_dir) / "tests/data/seeds-manifest.csv").string()) +
                             " --out " + shell_quote(out.str()));
  REQUIRE(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(slurp(out.path() / "clusters.json"));

  std::map<std::size_t, std::string> file_of;  // document id -> file name
  for (const auto& d : doc["documents"]) file_of[d["id"]] = fs::path(d["path"].get<std::string>()).filename().string();

  SECTION("every member's slice of its file is its text") {
    std::size_t members = 0;
    for (const auto& c : doc["clusters"])
      for (const auto& m : c["members"]) {
        const auto bytes = slurp(s / file_of.at(m["document"]));
        const auto start = m["start"].get<std::size_t>(), end = m["end"].get<std::size_t>();
        REQUIRE(end <= bytes.size());
        CHECK(bytes.substr(start, end - start) == m["text"].get<std::string>());
        ++members;
      }
    CHECK(members > 20);
  }

  SECTION("the seven must families") {
    const std::vector<expected_family> families{
        {"informant-confidence",
         {passages(s, f0, "the Police Service relies heavily", "have in the Police Service."),
          passages(s, f1, "The Police Service relies heavily", "have in the Police Service.")}},
        {"balance-test-conclusion",
         {passages(s, f0, "Therefore, at this moment in time", "approach."),
          passages(s, f1, "Therefore, at this moment in time", "is not made out.")}},
        {"national-security-paramount",
         {passages(s, f2, "The security of the country is of paramount importance", "in this area."),
          passages(s, f3, "The security of the country is of paramount importance", "area of terrorism.")}},
        {"exceptional-circumstances",
         {passages(s, f2, "As much as there is public interest in knowing", "exceptional circumstances."),
          passages(s, f3, "As much as there is public interest in knowing", "exceptional circumstances.")}},
        {"security-measures-less-effective",
         {passages(s, f2, "would render Security measures less effective", "harm to the public."),
          passages(s, f3, "would render Security measures less effective", "harm to the public")}},
        {"refusal-notice-s17",
         {passages(s, f3, "I have today decided to disclose some of the requested information. Some data", "exemptions:"),
          passages(s, f4, "I have today decided to disclose some of the requested information. Some data", "exemptions:")}},
        {"site-chrome",
         {passages(s, f3, "Quickly exit this site by pressing the Escape key", "Leave this site"),
          passages(s, f4, "Quickly exit this site by pressing the Escape key", "Leave this site")}},
    };
    check_found(doc, file_of, families);
  }

  SECTION("the three stretch families") {
    check_found(doc, file_of,
                {{"balance-test-conclusion + 002",
                  {passages(s, f0, "Therefore, at this moment in time", "approach."),
                   passages(s, f1, "Therefore, at this moment in time", "is not made out."),
                   passages(s, f2, "Therefore it is our opinion that for these issues the balancing test", "is not made out.")}},
                 {"operational-law-enforcement",
                  {passages(s, f0, "the effective delivery of operational law enforcement", "is maintained."),
                   passages(s, f1, "the effective delivery of operational law enforcement", "is maintained.")}},
                 {"seek-access",
                  {passages(s, f1, "I note you seek access to the following information", ":"),
                   passages(s, f2, "I note you seek access to the following information", ":"),
                   passages(s, f3, "I note you seek access to the following information", ":"),
                   passages(s, f4, "I note you seek access to the following information", ":")}}});
  }
}

TEST_CASE("strip marks the informant-confidence and balance-test passages of seed 000", "[acceptance][seeds][strip]") {
  const auto seeds = seeds_folder();
  if (!seeds) return;
  const auto letter = *seeds / "000_bdd8e541b828d4a7.txt";
  const auto r = run_refrain("strip " + shell_quote(letter.string()) + " --corpus " + shell_quote(seeds->string()));
  REQUIRE(r.exit_code == 0);
  // Each passage must sit inside a [[template ...]] mark.
  const auto marked = [&](const std::string& words) {
    const auto at = r.out.find(words);
    if (at == std::string::npos) return false;
    const auto open = r.out.rfind("[[template", at), close = r.out.rfind("]]", at);
    return open != std::string::npos && (close == std::string::npos || close < open);
  };
  CHECK(marked("relies heavily on members of the public"));
  CHECK(marked("no matter how generic"));
  CHECK(marked("the balance test supports the neither confirm nor deny approach"));
  CHECK_FALSE(marked("Targeted Individuals"));  // the request itself is bespoke
}
