// report.html (viz/html.hpp) on a small hand-made report: the page is one
// self-contained file, its embedded data is valid JSON that no letter text can
// break out of, letters are cut on character boundaries, and the output is
// deterministic. What a reader sees in a browser: tests/browser/.
#include <catch2/catch.hpp>

#include <refrain/error.hpp>
#include <refrain/viz/html.hpp>

#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <string_view>
#include <vector>

using namespace refrain;

namespace {

// Letter 0 holds markup that must stay text; letter 1 multi-byte UTF-8 with a
// span boundary inside a character.
const std::string letter0 =
    "Dear requester,\n\nThe security of the country is of paramount importance. "
    "</script><script>alert(1)</script> <!-- x --> See https://www.gov.uk for more.\n";
const std::string letter1 = "Qu\xC3\xA9 tal \xE2\x80\x93 se\xC3\xB1or. The security of the country is paramount \xF0\x9F\x98\x80.";

report sample_report() {
  report rep;
  rep.stats = {.documents = 2, .units = 4, .matched_units = 2, .candidate_pairs = 1, .verified_pairs = 1, .clusters = 1};
  rep.documents.push_back({0, "letters/a.txt", "Kent Police", "2020-12-16", "20/11/1363", {}, letter0.size(), 2, {}});
  rep.documents.push_back({1, "letters/b.txt", "Hertfordshire Constabulary </script>", std::nullopt, std::nullopt, {},
                           letter1.size(), 2, {}});
  // Letter 0: bespoke greeting, then national template to the end of its text.
  const auto t0 = static_cast<std::uint32_t>(letter0.find("The security"));
  const auto e0 = static_cast<std::uint32_t>(letter0.size() - 1);
  rep.documents[0].boilerplate.spans = {{0, 15, text_label::bespoke, -1}, {t0, e0, text_label::national, 0}};
  // Letter 1: a national span ending inside the two bytes of "é" (byte 3), and
  // a bespoke span starting there; a span ending inside the 4-byte emoji.
  const auto emoji = static_cast<std::uint32_t>(letter1.find("\xF0\x9F\x98\x80"));
  rep.documents[1].boilerplate.spans = {{0, 3, text_label::national, 0},
                                        {3, emoji + 2, text_label::bespoke, -1},
                                        {emoji + 2, static_cast<std::uint32_t>(letter1.size()), text_label::house, 0}};

  cluster_report c;
  c.id = 0;
  c.kind = unit_kind::sentence;
  c.documents = 2;
  c.sources = 2;
  c.mean_similarity = 0.8;
  c.representative = 0;
  c.canonical.words = {"The", "security", "of", "the", "country", "is", "of", "paramount", "importance."};
  c.canonical.slots.push_back({7, 2, {{"paramount importance.", 1}, {"paramount \xF0\x9F\x98\x80.", 1}}, false});
  c.canonical.aligned = 2;
  member_report m0;
  m0.document = 0;
  m0.start = t0;
  m0.end = t0 + 65;
  m0.similarity = 1;
  member_report m1;  // "... importance. </script>" and "The security of the country is paramount \xF0\x9F\x98\x80."
  m1.document = 1;
  m1.start = static_cast<std::uint32_t>(letter1.find("The security"));
  m1.end = static_cast<std::uint32_t>(letter1.size());
  m1.similarity = 0.8;
  c.members = {m0, m1};
  c.letters = std::make_shared<const std::vector<std::string_view>>(std::vector<std::string_view>{letter0, letter1});
  c.variants.push_back({0, 2, 2});
  rep.clusters.push_back(c);
  return rep;
}

std::string page(const report& rep) {
  const std::vector<std::string_view> texts{letter0, letter1};
  return viz::to_html(rep, texts);
}

// The embedded data: from the data tag's '>' to the first "</script" after it.
nlohmann::json embedded(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"refrain-data\">";
  const auto at = html.find(open);
  REQUIRE(at != std::string::npos);
  const auto begin = at + open.size();
  const auto end = html.find("</script", begin);
  REQUIRE(end != std::string::npos);
  return nlohmann::json::parse(html.substr(begin, end - begin));
}

std::string joined_segments(const nlohmann::json& doc) {
  std::string out;
  for (const auto& seg : doc.at("segments")) out += seg.at(0).get<std::string>();
  return out;
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report.html is self-contained", "[viz][html]") {
  const auto html = page(sample_report());
  const std::regex external(R"re((src|href)\s*=\s*["']?\s*(https?:)?//)re", std::regex::icase);
  CHECK_FALSE(std::regex_search(html, external));
  CHECK_FALSE(std::regex_search(html, std::regex(R"re(<link[^>]*stylesheet)re", std::regex::icase)));
  CHECK_FALSE(std::regex_search(html, std::regex(R"re(<script[^>]*\ssrc\s*=)re", std::regex::icase)));
  CHECK_FALSE(std::regex_search(html, std::regex(R"re(@import|url\s*\(\s*["']?https?:)re", std::regex::icase)));
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  CHECK(html.find("<style>") != std::string::npos);
}

TEST_CASE("report.html embeds data that parses", "[viz][html]") {
  const auto data = embedded(page(sample_report()));
  CHECK(data.at("schema") == "refrain.html/1");
  REQUIRE(data.at("families").size() == 1);
  const auto& f = data.at("families").at(0);
  CHECK(f.at("opening").get<std::string>().rfind("The security of the country", 0) == 0);
  REQUIRE(f.at("slots").size() == 1);
  CHECK(f.at("slots").at(0).at("alternatives").at(0).at(0) == "paramount importance.");
  CHECK(f.at("members").size() == 2);
  CHECK(data.at("documents").size() == 2);
  CHECK(data.at("sources").size() == 2);
}

TEST_CASE("report.html: </script> in letter text stays text", "[viz][html]") {
  const auto html = page(sample_report());
  // Only the data tag and the page script end a script element; no "<!--".
  std::string lower = html;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  CHECK(count(lower, "</script") == 2);
  CHECK(count(lower, "<script") == 2);
  CHECK(lower.find("<!--") == std::string::npos);
  const auto data = embedded(html);
  CHECK(joined_segments(data.at("documents").at(0)) == letter0);
  CHECK(data.at("sources").at(0).at("name") == "Hertfordshire Constabulary </script>");
  const auto redline = data.at("families").at(0).at("members").at(0).at("redline").dump();
  CHECK(redline.find("</script>") != std::string::npos);
  // The redline is spelled from the member's bytes and the canonical words (an
  // emoji has no letters, so it joins the word before it).
  const auto second = data.at("families").at(0).at("members").at(1).at("redline");
  CHECK(second == nlohmann::json::parse(R"([["=","The security of the country is"],["-","of"],)"
                                        R"(["=","paramount \ud83d\ude00."],["-","importance."]])"));
}

TEST_CASE("report.html cuts UTF-8 letters on characters", "[viz][html]") {
  const auto html = page(sample_report());
  CHECK(html.find("\xEF\xBF\xBD") == std::string::npos);  // no U+FFFD from a split character
  const auto doc = embedded(html).at("documents").at(1);
  CHECK(joined_segments(doc) == letter1);
  for (const auto& seg : doc.at("segments")) {
    const auto text = seg.at(0).get<std::string>();
    INFO(text);
    REQUIRE_FALSE(text.empty());
    CHECK((static_cast<unsigned char>(text.front()) & 0xC0) != 0x80);  // starts a character
  }
  // "é" is not split: the national piece is "Qu", the next starts with "é".
  CHECK(doc.at("segments").at(0).at(0) == "Qu");
  CHECK(doc.at("segments").at(1).at(0).get<std::string>().rfind("\xC3\xA9", 0) == 0);
}

TEST_CASE("report.html is deterministic", "[viz][html]") {
  const auto a = page(sample_report());
  const auto b = page(sample_report());
  CHECK(a == b);
  CHECK(a.size() > 1000);
}

TEST_CASE("report.html rejects texts that do not fit", "[viz][html]") {
  const auto rep = sample_report();
  const std::vector<std::string_view> one{letter0};
  CHECK_THROWS_AS(viz::to_html(rep, one), error);
  const std::vector<std::string_view> short_texts{letter0, "Qu"};
  CHECK_THROWS_AS(viz::to_html(rep, short_texts), error);
}
