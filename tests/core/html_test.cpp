#include <catch2/catch.hpp>

#include <refrain/html.hpp>

#include <chrono>
#include <string>

using namespace refrain;

TEST_CASE("tags are removed and block elements become line breaks", "[html]") {
  const auto s = strip_html("<html><head><title>T</title><style>p{}</style></head><body><p>First para.</p><p>Second "
                            "<b>bold</b> para.</p><script>var x = '<p>no</p>';</script></body></html>");
  CHECK(s.text.find("First para.") != std::string::npos);
  CHECK(s.text.find("Second bold para.") != std::string::npos);
  CHECK(s.text.find("var x") == std::string::npos);
  CHECK(s.text.find("\n\nSecond") != std::string::npos);
  CHECK(s.text.find('T') == std::string::npos);  // the head's title is not body text
}

TEST_CASE("entities are decoded and map back to their source bytes", "[html]") {
  const std::string page = "<p>Fish &amp; chips &#8211; &rsquo;ok&#x2019; &bogus; a &lt; b</p>";
  const auto s = strip_html(page);
  CHECK(s.text.find("Fish & chips \xE2\x80\x93 \xE2\x80\x99ok\xE2\x80\x99 &bogus; a < b") != std::string::npos);
  const auto amp = s.text.find('&');
  CHECK(page.substr(s.source_begin[amp], s.source_end[amp] - s.source_begin[amp]) == "&amp;");
  REQUIRE(s.text.size() == s.source_begin.size());
  REQUIRE(s.text.size() == s.source_end.size());
}

TEST_CASE("every text byte maps to page bytes in order", "[html]") {
  const std::string page = "<div>Caf&eacute; <i>policy</i></div><br/>Next &amp; last";
  const auto s = strip_html(page);
  for (std::size_t i = 0; i + 1 < s.text.size(); ++i) CHECK(s.source_begin[i] <= s.source_begin[i + 1]);
  const auto p = s.text.find("policy");
  CHECK(page.substr(s.source_begin[p], 6) == "policy");
}

TEST_CASE("hostile markup does not break the stripper", "[html]") {
  CHECK_NOTHROW(strip_html("<p>unclosed <b tag"));
  CHECK_NOTHROW(strip_html("<script>never closed"));
  CHECK_NOTHROW(strip_html("&#99999999999; &#0; &#xZZ; &"));
  CHECK(strip_html("a < b and c > d").text == "a < b and c > d");
  CHECK(strip_html("<!-- comment <p> --><p>kept</p>").text.find("kept") != std::string::npos);
}

namespace {

// Seconds strip_html takes on `page`; see the linear-time regressions below.
double strip_seconds(const std::string& page, refrain::stripped_html& out) {
  const auto began = std::chrono::steady_clock::now();
  out = strip_html(page);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
}

std::string repeated(const std::string& piece, std::size_t count) {
  std::string out;
  out.reserve(piece.size() * count);
  for (std::size_t i = 0; i < count; ++i) out += piece;
  return out;
}

}  // namespace

// Found while probing hostile pages for the robustness rows: every '<' that
// starts no tag searched the rest of the page for a '>'. With a
// million of them the old code took minutes; the bound leaves room for
// sanitizer builds and still catches a quadratic return.
TEST_CASE("a page of a million bare '<' is stripped in linear time (quadratic '>' search)", "[html]") {
  stripped_html s;
  const auto seconds = strip_seconds(repeated("< ", 1 << 20) + ">", s);
  CHECK(s.text.size() == (2u << 20) + 1);  // all of it is text
  CHECK(seconds < 5.0);
}

// Found the same way: every bare '&' searched the rest of the page for a ';'.
TEST_CASE("a page of two million bare '&' is stripped in linear time (quadratic semicolon search)", "[html]") {
  stripped_html s;
  const auto seconds = strip_seconds(repeated("&", 2 << 20) + ";", s);
  CHECK(s.text.size() == (2u << 20) + 1);
  CHECK(seconds < 5.0);
}

// Found while probing hostile pages: "<!DOCTYPE html>" was kept as visible
// text, and so became part of the first paragraph of every page that had one.
TEST_CASE("declarations and processing instructions are not visible text (DOCTYPE kept as text)", "[html]") {
  const auto s = strip_html("<?xml version=\"1.0\"?><!DOCTYPE html><html><body><p>Dear Sir</p><![CDATA[x]]></body></html>");
  CHECK(s.text.find("DOCTYPE") == std::string::npos);
  CHECK(s.text.find("xml") == std::string::npos);
  CHECK(s.text.find("CDATA") == std::string::npos);
  CHECK(s.text.find("Dear Sir") != std::string::npos);
  CHECK(strip_html("a <! b").text == "a ");  // like a browser: a bogus comment runs to the next '>'
}
