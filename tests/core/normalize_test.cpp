#include <catch2/catch.hpp>

#include <refrain/normalize.hpp>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <vector>

using namespace refrain;

TEST_CASE("case, spacing and punctuation do not matter", "[normalize]") {
  CHECK(normalize("Balancing  Test:\n the  BALANCE\ttest.") == "balancing test the balance test");
  CHECK(normalize("**Kent Police**") == "kent police");
  CHECK(normalize("...") == "");
  CHECK(normalize("") == "");
}

TEST_CASE("curly and straight quotes and apostrophes are unified", "[normalize]") {
  CHECK(normalize("the force\xE2\x80\x99s \xE2\x80\x9C" "approach\xE2\x80\x9D") == normalize("the force's \"approach\""));
  CHECK(normalize("force's") == "forces");
  CHECK(normalize("'targeted individual'") == "targeted individual");
}

TEST_CASE("dashes and hyphens separate words alike", "[normalize]") {
  CHECK(normalize("Section 24(1) \xE2\x80\x93 National security") == normalize("Section 24(1) - National security"));
  CHECK(normalize("infra-structure") == "infra structure");
}

TEST_CASE("NFKC folds compatibility forms and case folds beyond ASCII", "[normalize]") {
  CHECK(normalize("\xEF\xAC\x81nal") == "final");           // U+FB01 ligature fi
  CHECK(normalize("Cafe\xCC\x81") == normalize("Caf\xC3\xA9"));  // decomposed vs precomposed e-acute
  CHECK(normalize("STRA\xC3\x9F" "E") == "strasse");        // sharp s case folds to ss
  CHECK(normalize("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3") == "abc");  // fullwidth letters
}

TEST_CASE("non-Latin text keeps its words", "[normalize]") {
  const auto greek = normalize("\xCE\x91\xCF\x83\xCF\x84\xCF\x85\xCE\xBD\xCE\xBF\xCE\xBC\xCE\xAF\xCE\xB1 \xCE\xB5\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1\xCF\x82");
  CHECK(count_words(greek) == 2);
  CHECK_FALSE(normalize("\xD0\x9F\xD0\xBE\xD0\xBB\xD0\xB8\xD1\x86\xD0\xB8\xD1\x8F").empty());
  CHECK(normalize("\xD0\x9F\xD0\xBE\xD0\xBB\xD0\xB8\xD1\x86\xD0\xB8\xD1\x8F") != normalize("\xE8\xAD\xA6\xE5\xAF\x9F"));
}

TEST_CASE("the ASCII fast path agrees with the Unicode path", "[normalize]") {
  const std::string ascii = "Confirming or denying that ANY information (exists) would harm the force's work.";
  // A trailing non-ASCII separator forces the Unicode path without adding a word.
  CHECK(normalize(ascii + "\xE2\x80\x94") == normalize(ascii));
}

TEST_CASE("the ASCII fast path agrees with the Unicode path on random text", "[normalize]") {
  // Apostrophes at every position (first, last, doubled, after punctuation)
  // are where the word rules are subtle.
  const std::string alphabet = "aZ9 ''.,-\t\n(x)Q'";
  std::mt19937 random(7);
  std::string reused = "a previous, longer result left in the buffer";
  for (int trial = 0; trial < 5000; ++trial) {
    std::string text;
    const auto length = random() % 24;
    for (unsigned i = 0; i < length; ++i) text.push_back(alphabet[random() % alphabet.size()]);
    INFO("text: [" << text << "]");
    const auto fast = normalize(text);
    REQUIRE(normalize(text + "\xE2\x80\x94") == fast);
    normalize_into(text, reused);
    REQUIRE(reused == fast);
  }
}

TEST_CASE("normalize_ascii_into gives each word's place in the text", "[normalize]") {
  std::string out = "left over";
  std::vector<word_source> places{{9, 9}};
  REQUIRE(normalize_ascii_into("  The force's (own) re-use.", out, places));
  CHECK(out == "the forces own re use");
  REQUIRE(places.size() == 5);
  CHECK(places[0].begin == 2);
  CHECK(places[0].end == 5);
  CHECK(places[1].begin == 6);  // "force's": the apostrophe inside the word's place
  CHECK(places[1].end == 13);
  CHECK(places[4].begin == 23);
  CHECK(places[4].end == 26);
  // Not ASCII: false, and nothing touched.
  CHECK_FALSE(normalize_ascii_into("caf\xC3\xA9", out, places));
  CHECK(out == "the forces own re use");
  CHECK(places.size() == 5);
}

TEST_CASE("a span that cuts no word normalizes to the words placed inside it", "[normalize]") {
  // What lets a sentence take its words from its paragraph's: checked on every
  // span of random text, apostrophes included.
  const std::string alphabet = "aZ9 ''.,-\t(x)Q'b ";
  std::mt19937 random(11);
  std::string whole, alone;
  std::vector<word_source> places;
  int spans_checked = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::string text;
    const auto length = random() % 20;
    for (unsigned i = 0; i < length; ++i) text.push_back(alphabet[random() % alphabet.size()]);
    REQUIRE(normalize_ascii_into(text, whole, places));
    REQUIRE(whole == normalize(text));
    std::vector<std::string> words;
    for (std::size_t at = 0; at <= whole.size();) {
      const auto space = std::min(whole.find(' ', at), whole.size());
      if (space > at) words.push_back(whole.substr(at, space - at));
      at = space + 1;
    }
    REQUIRE(words.size() == places.size());
    for (std::uint32_t begin = 0; begin <= text.size(); ++begin)
      for (std::uint32_t end = begin; end <= text.size(); ++end) {
        std::string inside;
        bool cut = false;
        for (std::size_t w = 0; w < places.size(); ++w) {
          if (places[w].begin >= begin && places[w].end <= end) inside += (inside.empty() ? "" : " ") + words[w];
          else if (places[w].begin < end && places[w].end > begin) cut = true;
        }
        if (cut) continue;
        INFO("text: [" << text << "] span " << begin << "-" << end);
        normalize_into(std::string_view(text).substr(begin, end - begin), alone);
        REQUIRE(alone == inside);
        ++spans_checked;
      }
  }
  CHECK(spans_checked > 10000);
}

TEST_CASE("count_words counts space-separated words", "[normalize]") {
  CHECK(count_words("") == 0);
  CHECK(count_words("one") == 1);
  CHECK(count_words("one two three") == 3);
}

TEST_CASE("invalid UTF-8 passed directly is treated as separators", "[normalize]") {
  CHECK(normalize("abc\xC3\x28" "def") == "abc def");
}

TEST_CASE("long ASCII texts normalize as the Unicode path does, each word placed", "[normalize]") {
  // Long enough for the vector path (64 bytes and more, across its blocks of 32
  // and 64): words of every length, apostrophes inside, around and doubled,
  // capitals, and texts ending in a word, an apostrophe or a separator.
  const std::string alphabet = "abcXYZ0189  ''.,-\t\n()";
  std::mt19937 random(13);
  std::string out;
  std::vector<word_source> places;
  for (int trial = 0; trial < 1500; ++trial) {
    std::string text;
    const auto length = 60 + random() % 700;
    for (unsigned i = 0; i < length; ++i) {
      if (random() % 50 == 0)  // now and then a long word
        for (auto k = random() % 70; k-- > 0;) text.push_back(alphabet[random() % 10]);
      text.push_back(alphabet[random() % alphabet.size()]);
    }
    INFO("text: [" << text << "]");
    const auto expected = normalize(text + "\xE2\x80\x94");
    REQUIRE(normalize(text) == expected);
    REQUIRE(normalize_ascii_into(text, out, places));
    REQUIRE(out == expected);
    std::size_t at = 0;
    for (const auto& place : places) {
      const auto space = std::min(out.find(' ', at), out.size());
      // From its first letter or digit to its last.
      REQUIRE(std::isalnum(static_cast<unsigned char>(text[place.begin])));
      REQUIRE(std::isalnum(static_cast<unsigned char>(text[place.end - 1])));
      REQUIRE(normalize(text.substr(place.begin, place.end - place.begin)) == out.substr(at, space - at));
      at = space + 1;
    }
    REQUIRE((places.empty() ? out.empty() : at == out.size() + 1));
  }
}
