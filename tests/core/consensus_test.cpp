#include <catch2/catch.hpp>

#include <refrain/consensus.hpp>
#include <refrain/normalize.hpp>
#include <refrain/error.hpp>

#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace refrain;

namespace {

consensus_template consensus_of(const std::vector<std::string>& texts, std::size_t representative,
                                std::size_t max_aligned = 200) {
  std::vector<std::string_view> views(texts.begin(), texts.end());
  return build_consensus(views, representative, max_aligned);
}

std::vector<std::string> split(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The words of the ops of kind `a` or `b`, in order.
std::vector<std::string> words_of(const std::vector<redline_op>& ops, redline_op::kind a, redline_op::kind b) {
  std::vector<std::string> out;
  for (const auto& op : ops)
    if (op.op == a || op.op == b)
      for (auto& w : split(op.text)) out.push_back(std::move(w));
  return out;
}

using alternatives = std::vector<std::pair<std::string, std::uint32_t>>;

// Reference: longest common subsequence length by the textbook O(nm) table.
std::size_t lcs_length(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<std::size_t>> t(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j)
      t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
  return t[a.size()][b.size()];
}

}  // namespace

TEST_CASE("the authority's name becomes one slot listing every force with its count", "[consensus]") {
  const std::vector<std::string> family{
      "The information you requested is held by Kent Police and will not be disclosed.",
      "The information you requested is held by Kent Police and will not be disclosed.",
      "The information you requested is held by Hertfordshire Constabulary and will not be disclosed.",
      "The information you requested is held by Essex Police and will not be disclosed."};
  for (const std::size_t rep : {std::size_t{0}, std::size_t{2}}) {
    CAPTURE(rep);
    const auto t = consensus_of(family, rep);
    CHECK_FALSE(t.fallback);
    CHECK(t.aligned == 4);
    REQUIRE(t.slots.size() == 1);
    const auto& s = t.slots[0];
    CHECK(s.position == 7);
    CHECK(s.length == 2);
    CHECK(s.alternatives == alternatives{{"Kent Police", 2}, {"Essex Police", 1}, {"Hertfordshire Constabulary", 1}});
    CHECK(s.major);  // two of four copies differ from the canonical wording
    // Whichever copy is the representative, most copies say Kent Police.
    CHECK(t.words[7] == "Kent");
    CHECK(t.words[8] == "Police");
    CHECK(t.text() ==
          "The information you requested is held by {Kent Police|Essex Police|Hertfordshire Constabulary} and will "
          "not be disclosed.");
  }
}

TEST_CASE("balance test and balancing test are one slot", "[consensus]") {
  const std::vector<std::string> family{
      "After weighing the balance test the decision is to withhold the information.",
      "After weighing the balancing test the decision is to withhold the information.",
      "After weighing the balance test the decision is to withhold the information.",
      "after weighing the Balance Test, the decision is to withhold the information",
      "After weighing the balancing test the decision is to withhold the information."};
  const auto t = consensus_of(family, 0);
  REQUIRE(t.slots.size() == 1);
  CHECK(t.slots[0].position == 3);
  CHECK(t.slots[0].length == 1);
  // "Balance" in member 3 counts with "balance": case does not make a wording.
  CHECK(t.slots[0].alternatives == alternatives{{"balance", 3}, {"balancing", 2}});
  CHECK(t.slots[0].major);
  CHECK(t.text() == "After weighing the {balance|balancing} test the decision is to withhold the information.");
}

TEST_CASE("a sentence one copy inserts is a minor slot covering no canonical words", "[consensus]") {
  const std::string a = "We can neither confirm nor deny that we hold the information.";
  const std::string b = "This response should not be taken as an indication that the information exists.";
  std::vector<std::string> family(4, a + " " + b);
  family[2] = a + " Please note our office is closed on Fridays. " + b;
  const auto t = consensus_of(family, 0);
  REQUIRE(t.slots.size() == 1);
  const auto& s = t.slots[0];
  CHECK(s.position == 11);
  CHECK(s.length == 0);
  CHECK(s.alternatives == alternatives{{"", 3}, {"Please note our office is closed on Fridays.", 1}});
  CHECK_FALSE(s.major);
  CHECK(t.text() == a + " {|Please note our office is closed on Fridays.} " + b);

  const auto ops = redline(family[2], t);
  REQUIRE(ops.size() == 3);
  CHECK(ops[0].op == redline_op::equal);
  CHECK(ops[1].op == redline_op::insert);
  CHECK(ops[1].text == "Please note our office is closed on Fridays.");
  CHECK(ops[2].op == redline_op::equal);
}

TEST_CASE("quotes, case, apostrophes and stray punctuation make no slot", "[consensus]") {
  const std::vector<std::string> family{
      "The “public interest test” favours the force’s position – in this case.",
      "the \"Public Interest Test\" favours the force's position in this case",
      "THE 'PUBLIC INTEREST TEST' FAVOURS THE FORCE'S POSITION - IN THIS CASE."};
  const auto t = consensus_of(family, 0);
  CHECK(t.slots.empty());
  CHECK_FALSE(t.fallback);
  CHECK(t.coverage == 1.0);
  // The representative's spelling is kept; the dash rides with the word before it.
  CHECK(t.words == std::vector<std::string>{"The", "“public", "interest", "test”", "favours", "the", "force’s",
                                            "position –", "in", "this", "case."});
  const auto ops = redline(family[1], t);
  REQUIRE(ops.size() == 1);
  CHECK(ops[0].op == redline_op::equal);
  CHECK(ops[0].text == family[1]);
}

TEST_CASE("members that disagree too much fall back to the representative", "[consensus]") {
  const std::vector<std::string> family{
      "Section 30 exempts information held for the purposes of an investigation.",
      "Section 30 exempts information about complaints from the public entirely.",
      "Information held for other reasons may be released when asked nicely."};
  const auto t = consensus_of(family, 0);
  CHECK(t.fallback);
  CHECK(t.coverage < 0.5);
  CHECK(t.slots.empty());
  CHECK(t.words == split(family[0]));
  CHECK(t.text() == family[0]);
}

TEST_CASE("one member's run of changes is one slot, neighbours edited by different members are not", "[consensus]") {
  const std::vector<std::string> family{"a b c d e f g h", "a b c d e f g h", "a B2 c d e f g h", "a b C2 d e f g h",
                                        "a b c d E2 F2 g h", "a b c d e F3 g h"};
  const auto t = consensus_of(family, 0);
  REQUIRE(t.slots.size() == 3);
  CHECK(t.slots[0].position == 1);
  CHECK(t.slots[0].alternatives == alternatives{{"b", 5}, {"B2", 1}});
  CHECK(t.slots[1].position == 2);
  CHECK(t.slots[1].alternatives == alternatives{{"c", 5}, {"C2", 1}});
  // "E2 F2" replaces two words in one run; "F3" shares "f" with it, so they are one place.
  CHECK(t.slots[2].position == 4);
  CHECK(t.slots[2].length == 2);
  CHECK(t.slots[2].alternatives == alternatives{{"e f", 4}, {"E2 F2", 1}, {"e F3", 1}});
  CHECK(t.slots[2].major);  // two of six differ
  CHECK_FALSE(t.slots[0].major);
  CHECK(t.text() == "a {b|B2} {c|C2} d {e f|E2 F2|e F3} g h");
}

TEST_CASE("only the first max_aligned members vote, the representative always among them", "[consensus]") {
  const std::vector<std::string> family{"one two three four five", "one two six four five", "one two three four five",
                                        "one two six four five", "one two six four five"};
  const auto few = consensus_of(family, 2, 2);  // aligns members 2 and 0
  CHECK(few.aligned == 2);
  CHECK(few.slots.empty());
  CHECK(few.text() == "one two three four five");
  const auto all = consensus_of(family, 2);
  CHECK(all.aligned == 5);
  REQUIRE(all.slots.size() == 1);
  CHECK(all.slots[0].alternatives == alternatives{{"six", 3}, {"three", 2}});
  CHECK(all.text() == "one two {six|three} four five");
}

TEST_CASE("build_consensus refuses an empty family and a representative out of range", "[consensus]") {
  const std::vector<std::string> none;
  CHECK_THROWS_AS(consensus_of(none, 0), refrain::error);
  CHECK_THROWS_AS(consensus_of({"a b c"}, 1), refrain::error);
  const auto one = consensus_of({"  Just one copy.  "}, 0);
  CHECK(one.words == std::vector<std::string>{"Just", "one", "copy."});
  CHECK(one.slots.empty());
  const auto blank = consensus_of({"", ""}, 1);
  CHECK(blank.words.empty());
  CHECK(blank.text().empty());
  CHECK(redline("", blank).empty());
}

TEST_CASE("a substitution reads as remove then insert", "[consensus]") {
  const std::vector<std::string> family{"Yours sincerely, Kent Police Disclosure Unit",
                                        "Yours sincerely, Kent Police Disclosure Unit",
                                        "Yours sincerely, Essex Police Disclosure Unit"};
  const auto t = consensus_of(family, 0);
  const auto ops = redline("Yours faithfully, Essex Police Disclosure Team", t);
  // One run of changes lists everything removed, then everything inserted.
  const std::vector<std::pair<redline_op::kind, std::string>> expected{
      {redline_op::equal, "Yours"},          {redline_op::remove, "sincerely, Kent"},
      {redline_op::insert, "faithfully, Essex"}, {redline_op::equal, "Police Disclosure"},
      {redline_op::remove, "Unit"},          {redline_op::insert, "Team"}};
  REQUIRE(ops.size() == expected.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    CHECK(ops[i].op == expected[i].first);
    CHECK(ops[i].text == expected[i].second);
  }
}

TEST_CASE("redlines rebuild the member and the canonical words under random edits", "[consensus]") {
  std::mt19937_64 rng(20240611);
  auto below = [&](std::uint64_t n) { return static_cast<std::size_t>(rng() % n); };
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 40; ++i) {
    std::string w = "w";
    w += std::to_string(i);
    if (i % 7 == 0) w += ',';  // punctuation rides along with the word
    vocabulary.push_back(w);
  }

  for (int round = 0; round < 30; ++round) {
    std::vector<std::string> base;
    const auto length = 20 + below(120);
    for (std::size_t i = 0; i < length; ++i) base.push_back(vocabulary[below(vocabulary.size())]);
    std::vector<std::string> family;
    const auto size = 2 + below(12);
    for (std::size_t m = 0; m < size; ++m) {
      auto words = base;
      const auto edits = below(8);
      for (std::size_t e = 0; e < edits; ++e) {
        const auto where = below(words.size() + 1);
        switch (below(3)) {
          case 0:
            words.insert(words.begin() + static_cast<std::ptrdiff_t>(where), vocabulary[below(vocabulary.size())]);
            break;
          case 1:
            if (where < words.size()) words.erase(words.begin() + static_cast<std::ptrdiff_t>(where));
            break;
          default:
            if (where < words.size()) words[where] = vocabulary[below(vocabulary.size())];
        }
      }
      std::string text;
      for (const auto& w : words) text += (text.empty() ? "" : (below(5) == 0 ? "\n" : " ")) + w;
      family.push_back(text);
    }
    const auto t = consensus_of(family, below(size), 1 + below(size + 2));
    CAPTURE(round);

    std::size_t covered = 0;
    for (const auto& s : t.slots) {
      CHECK(s.position >= covered);
      covered = s.position + s.length;
      CHECK(covered <= t.words.size());
      std::uint32_t total = 0;
      for (const auto& [text, count] : s.alternatives) total += count;
      CHECK(total == t.aligned);
      CHECK(s.alternatives.size() >= 2);
    }
    for (const auto& member : family) {
      const auto ops = redline(member, t);
      CHECK(words_of(ops, redline_op::equal, redline_op::insert) == split(member));
      CHECK(words_of(ops, redline_op::equal, redline_op::remove) == t.words);
      for (std::size_t i = 1; i < ops.size(); ++i) CHECK(ops[i].op != ops[i - 1].op);
      // The diff is minimal: it keeps as many words as the longest common subsequence.
      CHECK(words_of(ops, redline_op::equal, redline_op::equal).size() == lcs_length(split(member), t.words));
    }
  }
}

TEST_CASE("texts that share nothing past the edit bound still redline exactly", "[consensus]") {
  std::string a, b;
  for (int i = 0; i < 1500; ++i) {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "a" + std::to_string(i).
    a += 'a';
    a += std::to_string(i);
    a += ' ';
    b += 'b';
    b += std::to_string(i);
    b += ' ';
  }
  const std::string shared = "kept at the start ";
  const auto t = consensus_of({shared + a}, 0);
  const auto ops = redline(shared + b + "the end", t);
  REQUIRE(ops.size() == 3);
  CHECK(ops[0].op == redline_op::equal);
  CHECK(ops[0].text == "kept at the start");
  CHECK(ops[1].op == redline_op::remove);
  CHECK(split(ops[1].text) == split(a));
  CHECK(ops[2].op == redline_op::insert);
  CHECK(split(ops[2].text) == split(b + "the end"));
}

TEST_CASE("redline pieces point into the member and spell its words, white space made single", "[consensus]") {
  const std::vector<std::string> family{
      "The security of the country is of paramount importance and the Police service will not divulge it.",
      "The security of this country is of paramount importance, and the Police Service will not divulge it.",
      "Security of the\u00a0country \u2013 is of great  importance\nand the service will not say."};
  std::vector<std::string_view> views(family.begin(), family.end());
  const auto tmpl = build_consensus(views, 0);
  const std::vector<std::string> words_of{family[0], family[1],
                                          "Security of the country \u2013 is of great importance and the service will not say."};
  for (std::size_t f = 0; f < family.size(); ++f) {
    const auto& member = family[f];
    const auto pieces = redline_pieces(member, tmpl);
    std::string own, canonical;
    std::uint32_t previous_end = 0;
    for (const auto& p : pieces) {
      const auto text = piece_text(member, tmpl, p);
      CHECK_FALSE(text.empty());
      CHECK(piece_words(member, tmpl, p) == count_words_of(text));
      if (p.op() != redline_op::insert) canonical += (canonical.empty() ? "" : " ") + text;
      if (p.op() == redline_op::remove) {
        CHECK(p.end <= tmpl.words.size());
        continue;
      }
      CHECK(p.begin >= previous_end);  // member bytes in order, never overlapping
      CHECK(p.end <= member.size());
      previous_end = p.end;
      own += (own.empty() ? "" : " ") + text;
    }
    CHECK(own == words_of[f]);
    std::string words;
    for (const auto& w : tmpl.words) words += (words.empty() ? "" : " ") + w;
    CHECK(normalize(canonical) == normalize(words));  // the member's spelling where it agrees
  }
  const auto last = redline_pieces(family[2], tmpl);
  REQUIRE(last.size() >= 2);
  CHECK(last[0].op() == redline_op::remove);  // "The" is not in the third copy
  CHECK(piece_text(family[2], tmpl, last[0]) == "The");
}

TEST_CASE("a piece's word count is the count of its text, whatever white space the copy has", "[consensus]") {
  const std::vector<std::string> family{
      "We can neither confirm nor deny that we hold the information you requested.",
      "We can\tneither confirm\fnor deny\u00a0that we hold  the   information \u2013 you have asked for.",
      "We\u202fcan neither\vconfirm nor\u2007deny that we hold the information\r\nyou requested , today.",
      "\ufeffWe can neither confirm nor deny that we hold information you requested."};
  std::vector<std::string_view> views(family.begin(), family.end());
  const auto tmpl = build_consensus(views, 0);
  std::size_t checked = 0;
  for (const auto& member : family)
    for (const auto& p : redline_pieces(member, tmpl)) {
      CHECK(piece_words(member, tmpl, p) == count_words_of(piece_text(member, tmpl, p)));
      ++checked;
    }
  CHECK(checked > family.size());  // the edited copies have more than one piece each
}
