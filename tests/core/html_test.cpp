#include <catch2/catch.hpp>

#include <refrain/html.hpp>

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
