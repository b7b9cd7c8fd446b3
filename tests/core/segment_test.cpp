#include <catch2/catch.hpp>

#include <refrain/segment.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace refrain;

namespace {

// A document that owns its bytes (a corpus does that outside these tests);
// it never moves, so its view of them stays valid.
struct owned_document : document {
  explicit owned_document(std::string b) : owned(std::move(b)) { bytes = owned; }
  owned_document(const owned_document&) = delete;
  owned_document& operator=(const owned_document&) = delete;
  std::string owned;
};

owned_document make_doc(std::string bytes) { return owned_document(std::move(bytes)); }

std::vector<std::string> texts(const document& d, unit_kind kind, unit_mode mode = unit_mode::both) {
  std::vector<std::string> out;
  for (const auto& u : segment(d, {mode}))
    if (u.kind == kind) out.emplace_back(d.bytes.substr(u.start, u.end - u.start));
  return out;
}

std::vector<std::string> paragraphs(const document& d) { return texts(d, unit_kind::paragraph); }
std::vector<std::string> sentences(const document& d) { return texts(d, unit_kind::sentence); }

}  // namespace

TEST_CASE("blank lines separate paragraphs", "[segment]") {
  const auto d = make_doc("First paragraph here.\n\nSecond one, also short.\n\n\nThird.\n");
  CHECK(paragraphs(d) == std::vector<std::string>{"First paragraph here.", "Second one, also short.", "Third."});
}

TEST_CASE("one paragraph per line in a web copy", "[segment]") {
  const std::string a(150, 'a');
  const auto d = make_doc("I note you seek access to the following information:\n"
                          "The security of the country is of paramount importance and the Police service will not "
                          "divulge whether information is or is not held if to do so could undermine National Security.\n"
                          "Section 24(1) \xE2\x80\x93 National security\n"
                          "Section 31(1)(a)(b) \xE2\x80\x93 Law enforcement\n");
  const auto ps = paragraphs(d);
  REQUIRE(ps.size() == 4);
  CHECK(ps[0] == "I note you seek access to the following information:");
  CHECK(ps[2] == "Section 24(1) \xE2\x80\x93 National security");
}

TEST_CASE("hard-wrapped lines are joined into one paragraph", "[segment]") {
  const auto d = make_doc(
      "The Police Service relies heavily on the public providing information to\n"
      "assist in criminal investigations. It has a duty to protect and defend\n"
      "vulnerable individuals who come forward.\n"
      "\n"
      "Yours sincerely\n");
  const auto ps = paragraphs(d);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].find("information to\nassist") != std::string::npos);
  CHECK(ps[0].ends_with("come forward."));
  const auto ss = sentences(d);
  REQUIRE(ss.size() == 3);
  CHECK(ss[1] == "It has a duty to protect and defend\nvulnerable individuals who come forward.");
}

TEST_CASE("a sentence split by a page break is joined", "[segment]") {
  // As in seed 000: "no matter how generic, would" / blank lines / "undermine ...".
  const auto d = make_doc(
      "Anything which places that confidence at risk, no matter how generic, would\n\n"
      "undermine any trust or confidence individuals have in the Police Service. Additionally, the rest.\n");
  const auto ps = paragraphs(d);
  REQUIRE(ps.size() == 1);
  const auto ss = sentences(d);
  REQUIRE(ss.size() == 2);
  CHECK(ss[0] == "Anything which places that confidence at risk, no matter how generic, would\n\n"
                 "undermine any trust or confidence individuals have in the Police Service.");
}

TEST_CASE("a letterhead repeated after a page break is stepped over and left out of matching", "[segment]") {
  const auto d = make_doc(
      "Anything which places that confidence at risk, no matter how generic, would\n\n"
      "**Kent\nPolice**\n\n"
      "Page 2 of 3\n\n"
      "undermine any trust or confidence individuals have in the Police Service.\n\n"
      "Balancing test\n");
  const auto units = segment(d, {unit_mode::paragraph});
  REQUIRE(units.size() == 2);
  const auto& u = units[0];
  CHECK(d.bytes.substr(u.start, 9) == "Anything ");
  CHECK(d.bytes.substr(u.end - 15, 15) == "Police Service.");
  REQUIRE(u.gaps.size() == 2);
  const auto words = unit_text(d, u);
  CHECK(words.find("Kent") == std::string::npos);
  CHECK(words.find("Page 2") == std::string::npos);
  CHECK(words.find("would") != std::string::npos);
  CHECK(words.find("undermine any trust") != std::string::npos);
}

TEST_CASE("a heading is not glued to the next block", "[segment]") {
  const auto d = make_doc("Balancing test\n\nthere are points that highlight the merits of confirming.\n");
  CHECK(paragraphs(d).size() == 2);  // under six words: a heading, not a cut sentence
}

TEST_CASE("bullets and numbered items are their own paragraphs, without their markers", "[segment]") {
  const auto d = make_doc(
      "The databases searched are:\n"
      "o PNC,\n"
      "o PND,\n"
      "- 1. Who is responsible for the control of these activities?\n"
      "2) How many officers are engaged in them?\n"
      "\xE2\x80\xA2 may have unspent criminal convictions;\n"
      "(b) are under investigation or awaiting trial; or\n");
  CHECK(paragraphs(d) == std::vector<std::string>{
                             "The databases searched are:", "PNC,", "PND,",
                             "1. Who is responsible for the control of these activities?",
                             "How many officers are engaged in them?", "may have unspent criminal convictions;",
                             "are under investigation or awaiting trial; or"});
}

TEST_CASE("CRLF line endings stay out of the units", "[segment]") {
  const auto d = make_doc("First paragraph line one\r\ncontinues here.\r\n\r\nSecond paragraph.\r\n");
  const auto ps = paragraphs(d);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0] == "First paragraph line one\r\ncontinues here.");
  CHECK(ps[1] == "Second paragraph.");
}

TEST_CASE("a UTF-8 byte order mark is not part of the first unit", "[segment]") {
  const auto d = make_doc("\xEF\xBB\xBFI write in response to your request.\n");
  const auto ps = paragraphs(d);
  REQUIRE(ps.size() == 1);
  CHECK(ps[0] == "I write in response to your request.");
  CHECK(segment(d)[0].start == 3);
}

TEST_CASE("markdown emphasis does not hide sentence boundaries", "[segment]") {
  const auto d = make_doc("I write in response to your request received on **18th November 2020**. *Has any legal "
                          "opinion been obtained?* We hold no information.\n");
  const auto ss = sentences(d);
  REQUIRE(ss.size() == 3);
  CHECK(ss[0] == "I write in response to your request received on **18th November 2020**.");
  CHECK(ss[1] == "*Has any legal opinion been obtained?*");
}

TEST_CASE("sentences do not end at abbreviations or initials", "[segment]") {
  const auto d = make_doc("Please write to Mr. J. Smith at St. Johns, e.g. by post. The office replies.\n");
  const auto ss = sentences(d);
  REQUIRE(ss.size() == 2);
  CHECK(ss[0] == "Please write to Mr. J. Smith at St. Johns, e.g. by post.");
}

TEST_CASE("units carry offsets into the original bytes and sentences point at their paragraph", "[segment]") {
  const auto d = make_doc("\xEF\xBB\xBF  Caf\xC3\xA9 policy applies. It is \xE2\x80\x9Cnational\xE2\x80\x9D.\r\n\r\nNext.");
  const auto units = segment(d);
  REQUIRE(units.size() == 5);  // paragraph, 2 sentences, paragraph, sentence
  for (const auto& u : units) {
    REQUIRE(u.end <= d.bytes.size());
    CHECK(u.start < u.end);
    if (u.kind == unit_kind::sentence) {
      REQUIRE(u.parent >= 0);
      const auto& p = units[static_cast<std::size_t>(u.parent)];
      CHECK(p.kind == unit_kind::paragraph);
      CHECK((p.start <= u.start && u.end <= p.end));
    }
  }
  CHECK(d.bytes.substr(units[2].start, units[2].end - units[2].start) == "It is \xE2\x80\x9Cnational\xE2\x80\x9D.");
}

TEST_CASE("unit modes choose which kinds are produced", "[segment]") {
  const auto d = make_doc("One sentence here. Another one there.\n\nLast.");
  CHECK(texts(d, unit_kind::sentence, unit_mode::paragraph).empty());
  CHECK(texts(d, unit_kind::paragraph, unit_mode::sentence).empty());
  CHECK(texts(d, unit_kind::sentence, unit_mode::sentence).size() == 3);
  for (const auto& u : segment(d, {unit_mode::sentence})) CHECK(u.parent == -1);
}

namespace {

// Seconds `segment` takes on `bytes`, for the linear-time regressions below: the
// inputs are sized so that the old quadratic code took tens of seconds and the
// linear code takes a few milliseconds, so the 5 s bound holds under sanitizers
// too and still catches a return of the quadratic behaviour.
double segment_seconds(const std::string& bytes, std::size_t& units) {
  const auto d = make_doc(bytes);
  const auto began = std::chrono::steady_clock::now();
  units = segment(d).size();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
}

std::string repeated(const std::string& piece, std::size_t bytes) {
  std::string out;
  while (out.size() < bytes) out += piece;
  return out;
}

}  // namespace

// Found by tests/fuzz/segment_fuzz.cpp: trimming a line from its end stepped
// back over a stray continuation byte (0x9D) to the '\r' before it, past the
// line's trimmed start, and produced a unit whose end came before its start.
TEST_CASE("a stray continuation byte after a carriage return gives no inverted unit (fuzz regression, decode_back crossed the line start)",
          "[segment]") {
  const auto d = make_doc("First line.\n\r\x9D \nNext line.\n");
  const auto units = segment(d);
  REQUIRE_FALSE(units.empty());
  for (const auto& u : units) {
    CHECK(u.start < u.end);
    CHECK(u.text.start < u.text.end);
    CHECK(u.end <= d.bytes.size());
  }
  // The stray byte is a (wrapped) line of its own, joined to the line before.
  CHECK(paragraphs(d) == std::vector<std::string>{"First line.\n\r\x9D", "Next line."});
}

// Found while probing large inputs for the robustness rows (an 8 MB file of
// such blocks ran for minutes): every join across a page break recounted the
// words of the whole growing paragraph.
TEST_CASE("a long run of blocks that each stop mid-sentence is cut in linear time (quadratic page-break join)", "[segment]") {
  std::size_t units = 0;
  const auto seconds = segment_seconds(repeated("alpha beta gamma delta epsilon zeta eta\n\n", 2 << 20), units);
  CHECK(units == 2);  // all joined into one paragraph, which is one sentence
  CHECK(seconds < 5.0);
}

// Found by reading the join code while fixing the one above: each full stop
// looked through every gap of its paragraph, and each sentence copied its gaps
// by testing them all.
TEST_CASE("a paragraph joined across many page breaks with letterheads is cut in linear time (quadratic gap lookup)",
          "[segment]") {
  std::size_t units = 0;
  const auto seconds = segment_seconds(
      repeated("alpha. Beta gamma delta epsilon zeta eta\n\nKent Police\n\nlower case. Words follow here and go on\n\n", 2 << 20),
      units);
  CHECK(units > 1000);
  CHECK(seconds < 5.0);
}

// Found by reading is_abbreviation for the long-word rows: opening marks were
// erased from the front of the word one at a time.
TEST_CASE("a word of two million opening brackets before a full stop is cut in linear time (quadratic abbreviation check)",
          "[segment]") {
  std::size_t units = 0;
  const auto seconds = segment_seconds(std::string(2 << 20, '(') + "word. Next sentence.", units);
  CHECK(units == 3);  // the paragraph and its two sentences
  CHECK(seconds < 5.0);
}
