#include <catch2/catch.hpp>

#include <refrain/boilerplate.hpp>
#include <refrain/error.hpp>

#include <tbb/task_arena.h>

#include <algorithm>
#include <mutex>
#include <random>
#include <string>
#include <vector>

using namespace refrain;

namespace {

std::uint32_t offset(std::string_view text, std::string_view needle) {
  const auto at = text.find(needle);
  REQUIRE(at != std::string_view::npos);
  return static_cast<std::uint32_t>(at);
}

family_span member_at(std::uint32_t family, std::uint32_t document, std::string_view text, std::string_view piece) {
  const auto start = offset(text, piece);
  return {family, document, start, start + static_cast<std::uint32_t>(piece.size())};
}

std::uint64_t non_white(std::string_view s) {
  std::uint64_t n = 0;
  for (char c : s) n += (c != ' ' && c != '\n' && c != '\r' && c != '\t') ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("each letter's text is labelled national, house or bespoke, with shares", "[boilerplate]") {
  const std::string national = "We can neither confirm nor deny that information is held.";
  const std::string house = "Kent Police Disclosure Unit, Maidstone.";
  const std::string bespoke = "You asked about 14 vehicles.";
  const std::string letter = "Dear Sir,\n\n" + national + "\r\n\r\n" + house + "\n\n" + bespoke + "\n";
  const std::string other = "  " + national + "  ";
  const std::vector<std::string_view> texts{letter, other};
  const std::vector<family_span> spans{member_at(4, 0, letter, national), member_at(9, 0, letter, house),
                                       member_at(4, 1, other, national)};
  const std::vector<family_spread> spreads{{4, 5}, {9, 1}};

  const auto maps = label_documents(texts, spans, spreads, 3);
  REQUIRE(maps.size() == 2);
  const auto& m = maps[0];
  REQUIRE(m.spans.size() == 4);
  CHECK(m.spans[0].start == 0);
  CHECK(m.spans[0].end == 9);  // "Dear Sir,": white space after it is in no span
  CHECK(m.spans[0].label == text_label::bespoke);
  CHECK(m.spans[0].family == -1);
  CHECK(m.spans[1].start == offset(letter, national));
  CHECK(m.spans[1].end == offset(letter, national) + national.size());
  CHECK(m.spans[1].label == text_label::national);
  CHECK(m.spans[1].family == 4);
  CHECK(m.spans[2].label == text_label::house);
  CHECK(m.spans[2].family == 9);
  CHECK(m.spans[3].label == text_label::bespoke);
  CHECK(m.spans[3].start == offset(letter, bespoke));
  CHECK(m.spans[3].end == letter.size() - 1);

  CHECK(m.national_bytes == non_white(national));
  CHECK(m.house_bytes == non_white(house));
  CHECK(m.bespoke_bytes == non_white("Dear Sir,") + non_white(bespoke));
  const double total = static_cast<double>(non_white(letter));
  CHECK(m.share(text_label::national) == Approx(static_cast<double>(non_white(national)) / total));
  CHECK(m.share(text_label::national) + m.share(text_label::house) + m.share(text_label::bespoke) == Approx(1.0));

  REQUIRE(maps[1].spans.size() == 1);
  CHECK(maps[1].spans[0].start == 2);
  CHECK(maps[1].share(text_label::national) == 1.0);
  CHECK(to_string(text_label::house) == "house");

  // With national_sources above the family's 5 sources, it is house boilerplate.
  const auto strict = label_documents(texts, spans, spreads, 6);
  CHECK(strict[0].national_bytes == 0);
  CHECK(strict[0].house_bytes == non_white(national) + non_white(house));
}

TEST_CASE("overlapping members: national over house, then more sources, then the lower id", "[boilerplate]") {
  const std::string text = "alpha beta gamma delta epsilon zeta";
  const std::vector<std::string_view> texts{text};
  const std::vector<family_spread> spreads{{1, 2}, {2, 4}, {3, 7}, {5, 7}, {6, 1}};
  // A house paragraph (1) holding a national sentence (2); two national families
  // (3 and 5, equally spread) overlap on "delta"; a house family (6) under 5.
  const std::vector<family_span> spans{member_at(1, 0, text, "alpha beta gamma"), member_at(2, 0, text, "beta"),
                                       member_at(5, 0, text, "delta epsilon"), member_at(3, 0, text, "gamma delta"),
                                       member_at(6, 0, text, "epsilon zeta")};
  const auto maps = label_documents(texts, spans, spreads, 3);
  const auto& s = maps[0].spans;
  struct expect {
    std::string_view text;
    std::int64_t family;
    text_label label;
  };
  // "delta": 3 and 5 tie on sources, so the lower id; the space inside "gamma delta" joins one family's run.
  const std::vector<expect> expected{{"alpha", 1, text_label::house},
                                     {"beta", 2, text_label::national},
                                     {"gamma delta", 3, text_label::national},
                                     {"epsilon", 5, text_label::national},
                                     {"zeta", 6, text_label::house}};
  REQUIRE(s.size() == expected.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    CHECK(std::string_view(text).substr(s[i].start, s[i].end - s[i].start) == expected[i].text);
    CHECK(s[i].family == expected[i].family);
    CHECK(s[i].label == expected[i].label);
  }
  CHECK(maps[0].house_bytes == 9);
  CHECK(maps[0].national_bytes == 21);  // beta, gammadelta, epsilon
  CHECK(maps[0].bespoke_bytes == 0);
}

TEST_CASE("label_documents refuses spans outside the texts and families without a spread", "[boilerplate]") {
  const std::string text = "some words here";
  const std::vector<std::string_view> texts{text};
  const std::vector<family_spread> spreads{{0, 3}};
  const std::vector<family_span> past_end{{0, 0, 5, 99}};
  const std::vector<family_span> no_document{{0, 1, 0, 4}};
  const std::vector<family_span> backwards{{0, 0, 6, 2}};
  const std::vector<family_span> unknown_family{{7, 0, 0, 4}};
  CHECK_THROWS_AS(label_documents(texts, past_end, spreads), refrain::error);
  CHECK_THROWS_AS(label_documents(texts, no_document, spreads), refrain::error);
  CHECK_THROWS_AS(label_documents(texts, backwards, spreads), refrain::error);
  CHECK_THROWS_AS(label_documents(texts, unknown_family, spreads), refrain::error);
  // Among many spans, the first that cannot be labelled is the one named, at any thread count.
  std::vector<family_span> many(100000, family_span{0, 0, 0, 4});
  many[70000] = {0, 0, 5, 99};
  many[40000] = {7, 0, 0, 4};
  for (const int threads : {1, 2}) {
    tbb::task_arena arena(threads);
    arena.execute([&] { CHECK_THROWS_WITH(label_documents(texts, many, spreads), Catch::Contains("family 7 has members")); });
  }
  const std::vector<family_spread> twice{{0, 3}, {0, 2}};
  CHECK_THROWS_AS(label_documents(texts, {}, twice), refrain::error);

  const std::string blank = " \n\t ";
  const std::vector<std::string_view> empties{"", blank};
  const auto maps = label_documents(empties, {}, {});
  REQUIRE(maps.size() == 2);
  for (const auto& m : maps) {
    CHECK(m.spans.empty());
    CHECK(m.share(text_label::bespoke) == 0.0);
  }
}

TEST_CASE("labels agree with a byte-by-byte reference on random spans", "[boilerplate]") {
  std::mt19937_64 rng(7);
  auto below = [&](std::uint64_t n) { return static_cast<std::uint32_t>(rng() % n); };
  // Enough rounds that every kind of byte lands in every place of an eight-byte step.
  for (int round = 0; round < 400; ++round) {
    std::vector<std::string> docs(1 + below(3));
    for (auto& d : docs)
      for (std::uint32_t i = 0, n = below(200); i < n; ++i) {
        // Some white space is several bytes long (no-break and narrow
        // no-break space), so a span may end inside it.
        // Long words make runs of eight bytes and more; the rest are bytes
        // next to the printable ones: controls, '!', '~', DEL and an accent,
        // and every ASCII white space with the controls either side of it.
        const auto pick = below(16);
        if (pick == 0) d += "\xC2\xA0";
        else if (pick == 1) d += "\xE2\x80\xAF";
        else if (pick == 12) d += "proportionately";
        else if (pick == 13) d += std::string("\x01!~\x7f\xC3\xA9").substr(below(5), 1 + below(2));
        else if (pick == 14) d.push_back("\n\t\r\f\v"[below(5)]);
        else if (pick == 15 && below(2) == 0) d.push_back(below(2) == 0 ? '\x08' : '\x0e');  // either side of the ASCII white space
        else d.push_back(pick < 4 ? ' ' : static_cast<char>('a' + below(26)));
      }
    std::vector<family_spread> spreads;
    for (std::uint32_t f = 0; f < 6; ++f) spreads.push_back({f * 3, 1 + below(5)});
    std::vector<family_span> spans;
    for (std::uint32_t k = 0, n = below(12); k < n; ++k) {
      const auto doc = below(docs.size());
      const auto size = static_cast<std::uint32_t>(docs[doc].size());
      const auto a = below(size + 1), b = below(size + 1);
      spans.push_back({spreads[below(spreads.size())].family, doc, std::min(a, b), std::max(a, b)});
    }
    const std::vector<std::string_view> texts(docs.begin(), docs.end());
    const auto maps = label_documents(texts, spans, spreads, 3);
    CAPTURE(round);
    for (std::size_t d = 0; d < docs.size(); ++d) {
      // Which bytes are white space, read from the start of the letter.
      std::vector<bool> space(docs[d].size(), false);
      for (std::size_t i = 0; i < docs[d].size();) {
        const auto length = std::string_view(" \n\t\r\f\v").find(docs[d][i]) != std::string_view::npos ? 1
                            : docs[d].compare(i, 2, "\xC2\xA0") == 0                            ? 2
                            : docs[d].compare(i, 3, "\xE2\x80\xAF") == 0                ? 3 : 0;
        for (int k = 0; k < length; ++k) space[i + k] = true;
        i += length == 0 ? 1 : length;
      }
      // Reference: for every byte, the best family covering it, by brute force.
      std::vector<std::int64_t> best(docs[d].size(), -1);
      std::vector<std::uint32_t> best_sources(docs[d].size(), 0);
      for (const auto& s : spans) {
        if (s.document != d) continue;
        const auto sources = spreads[s.family / 3].sources;
        for (auto i = s.start; i < s.end; ++i)
          if (best[i] < 0 || sources > best_sources[i] || (sources == best_sources[i] && s.family < best[i]))
            best[i] = s.family, best_sources[i] = sources;
      }
      std::vector<std::int64_t> seen(docs[d].size(), -2);  // -2: in no span
      std::vector<text_label> seen_label(docs[d].size(), text_label::bespoke);
      std::uint32_t previous_end = 0;
      for (const auto& s : maps[d].spans) {
        CHECK(s.start >= previous_end);
        CHECK(s.start < s.end);
        CHECK_FALSE(space[s.start]);
        CHECK_FALSE(space[s.end - 1]);
        previous_end = s.end;
        for (auto i = s.start; i < s.end; ++i) seen[i] = s.family, seen_label[i] = s.label;
      }
      std::uint64_t counts[3] = {0, 0, 0};
      for (std::size_t i = 0; i < docs[d].size(); ++i) {
        if (space[i]) continue;
        CHECK(seen[i] == best[i]);
        const auto expected = best[i] < 0 ? text_label::bespoke
                              : best_sources[i] >= 3 ? text_label::national
                                                     : text_label::house;
        CHECK(seen_label[i] == expected);
        ++counts[static_cast<int>(expected)];
      }
      CHECK(maps[d].national_bytes == counts[0]);
      CHECK(maps[d].house_bytes == counts[1]);
      CHECK(maps[d].bespoke_bytes == counts[2]);
    }
  }
}

TEST_CASE("letters are labelled in ranges, the same with a call after each range", "[boilerplate]") {
  const std::string national = "We can neither confirm nor deny that information is held.";
  std::vector<std::string> letters;
  for (int i = 0; i < 5000; ++i) letters.push_back("Letter " + std::to_string(i) + ". " + national);  // ten ranges
  std::vector<std::string_view> texts(letters.begin(), letters.end());
  std::vector<family_span> spans;
  for (std::uint32_t d = 0; d < texts.size(); d += 2) spans.push_back(member_at(0, d, texts[d], national));
  const std::vector<family_spread> spreads{{0, 5}};
  std::mutex calls;  // the calls may come from several threads at once
  std::vector<std::pair<std::size_t, std::size_t>> ranges;  // each call's letters
  const auto counted = label_documents(texts, spans, spreads, 3, [&](std::size_t first, std::size_t last) {
    const std::lock_guard lock(calls);
    ranges.emplace_back(first, last);
  });
  const auto plain = label_documents(texts, spans, spreads, 3);
  // Together the ranges cover every letter once.
  std::sort(ranges.begin(), ranges.end());
  REQUIRE(ranges.size() >= 2);
  CHECK(ranges.front().first == 0);
  CHECK(ranges.back().second == texts.size());
  for (std::size_t r = 0; r < ranges.size(); ++r) {
    CHECK(ranges[r].first < ranges[r].second);
    if (r > 0) CHECK(ranges[r].first == ranges[r - 1].second);
  }
  REQUIRE(counted.size() == plain.size());
  bool same = true;
  for (std::size_t d = 0; d < plain.size(); ++d)
    same = same && counted[d].national_bytes == plain[d].national_bytes &&
           counted[d].bespoke_bytes == plain[d].bespoke_bytes && counted[d].spans.size() == plain[d].spans.size();
  CHECK(same);
  CHECK(plain[0].national_bytes == non_white(national));
  CHECK(plain[1].national_bytes == 0);
  CHECK(plain[4999].national_bytes == 0);
  CHECK(plain[4998].national_bytes == non_white(national));
}
