#include <catch2/catch.hpp>

#include "support/run.hpp"

#include <refrain/corpus.hpp>

#include <sys/resource.h>

#include <csignal>
#include <refrain/error.hpp>

#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace refrain;
namespace fs = std::filesystem;
using refrain::test::temp_dir;

TEST_CASE("folders are read recursively in path order with the folder as source", "[corpus]") {
  temp_dir dir("corpus");
  dir.write("kent/b.txt", "Letter b text.");
  dir.write("kent/a.md", "Letter a text.");
  dir.write("herts/sub/c.html", "<p>Letter c &amp; text.</p>");
  dir.write("herts/notes.docx", "ignored");
  const auto c = load_corpus({{dir.str()}, {}});
  REQUIRE(c.documents.size() == 3);
  CHECK(c.documents[0].path.ends_with("herts/sub/c.html"));
  CHECK(c.documents[0].source == "sub");
  CHECK(c.documents[1].path.ends_with("kent/a.md"));
  CHECK(c.documents[1].source == "kent");
  CHECK(c.documents[2].id == 2);
  CHECK(c.documents[0].text().find("Letter c & text.") != std::string::npos);
  CHECK(c.documents[1].text() == "Letter a text.");
}

TEST_CASE("the manifest sets source, date, reference and metadata by trailing path", "[corpus]") {
  temp_dir dir("manifest");
  dir.write("letters/x/1.txt", "One.");
  dir.write("letters/y/2.txt", "Two.");
  const auto manifest = dir.write("m.csv", "path,source,date,reference,topic\nx/1.txt,Kent Police,2020-12-16,20/11/1363,CHIS\n"
                                           "2.txt,Herts,,,\nmissing.txt,Nobody,,,\n");
  const auto c = load_corpus({{(dir.path() / "letters").string()}, manifest.string()});
  REQUIRE(c.documents.size() == 2);
  CHECK(c.documents[0].source == "Kent Police");
  CHECK(*c.documents[0].date == "2020-12-16");
  CHECK(*c.documents[0].reference == "20/11/1363");
  CHECK(c.documents[0].metadata == std::vector<std::pair<std::string, std::string>>{{"topic", "CHIS"}});
  CHECK(c.documents[1].source == "Herts");
  REQUIRE(c.warnings.size() == 1);
  CHECK(c.warnings[0].find("missing.txt") != std::string::npos);
}

TEST_CASE("unusable files are skipped with a warning, nothing usable is an error", "[corpus]") {
  temp_dir dir("bad");
  dir.write("ok.txt", "A good letter.");
  dir.write("empty.txt", "");
  dir.write("blank.txt", " \n\t\n");
  dir.write("nul.txt", std::string("abc\0def", 7));
  dir.write("latin1.txt", "caf\xE9");
  dir.write("doc.txt", "%PDF-1.7\n...");
  const auto c = load_corpus({{dir.str()}, {}});
  REQUIRE(c.documents.size() == 1);
  CHECK(c.warnings.size() == 5);
  CHECK_THROWS_AS(load_corpus({{(dir.path() / "nul.txt").string()}, {}}), error);
  CHECK_THROWS_AS(load_corpus({{(dir.path() / "nope").string()}, {}}), error);
}

TEST_CASE("text_problem explains why bytes are not text", "[corpus]") {
  CHECK(text_problem("fine text").empty());
  CHECK(text_problem("").find("empty") != std::string::npos);
  CHECK(text_problem(std::string("a\0b", 3)).find("binary") != std::string::npos);
  CHECK(text_problem("\xC0\xAF overlong").find("UTF-8") != std::string::npos);
  CHECK(text_problem("\xED\xA0\x80 surrogate").find("UTF-8") != std::string::npos);
  CHECK(text_problem("truncated \xE2\x82").find("UTF-8") != std::string::npos);
}

TEST_CASE("the same file given twice is read once", "[corpus]") {
  temp_dir dir("twice");
  const auto f = dir.write("a.txt", "Some letter text.");
  const auto c = load_corpus({{f.string(), f.string()}, {}});
  CHECK(c.documents.size() == 1);
  CHECK(c.warnings.size() == 1);
}

TEST_CASE("a file named again through a symbolic link or .. is read once, but a hard link is a letter of its own", "[corpus]") {
  temp_dir dir("names");
  const auto f = dir.write("letters/a.txt", "Some letter text.");
  std::filesystem::create_symlink(f, dir.path() / "link.txt");
  std::filesystem::create_hard_link(f, dir.path() / "letters" / "b.txt");
  const auto again = (dir.path() / "letters" / ".." / "letters" / "a.txt").string();
  const auto c = load_corpus({{f.string(), (dir.path() / "link.txt").string(), again,
                               (dir.path() / "letters" / "b.txt").string()}, {}});
  REQUIRE(c.documents.size() == 2);  // a.txt and its hard link b.txt
  CHECK(c.documents[1].path.ends_with("b.txt"));
  CHECK(c.warnings.size() == 2);
  for (const auto& w : c.warnings) CHECK(w.find("given more than once") != std::string::npos);
}

TEST_CASE("a pipe named as a letter is not read", "[corpus]") {
  temp_dir dir("pipe");
  dir.write("ok.txt", "A good letter.");
  const auto pipe = dir.path() / "pipe.txt";
  REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
  // Opened for reading, a pipe with no writer would wait: give it one that has gone.
  const int writer = ::open(pipe.c_str(), O_RDWR | O_NONBLOCK);
  REQUIRE(writer >= 0);
  const auto c = load_corpus({{(dir.path() / "ok.txt").string(), pipe.string()}, {}});
  ::close(writer);
  CHECK(c.documents.size() == 1);
  REQUIRE(c.warnings.size() == 1);
  CHECK(c.warnings[0].find("cannot be read") != std::string::npos);
}

TEST_CASE("HTML units map back to the page's bytes", "[corpus]") {
  temp_dir dir("html");
  dir.write("p.html", "<p>Fish &amp; chips.</p>");
  const auto c = load_corpus({{dir.str()}, {}});
  const auto& d = c.documents.at(0);
  const auto pos = static_cast<std::uint32_t>(d.text().find("Fish"));
  const auto [start, end] = d.original_span(pos, pos + 14);
  CHECK(d.bytes.substr(start, end - start) == "Fish &amp; chips.");
}

// Found by the symlink rows of tests/cli/robustness_test.cpp: a link loop was
// reported as a "dangling link", and given directly as "does not exist".
TEST_CASE("a symbolic link loop is named as a loop, a dangling link as dangling (link loop called dangling)", "[corpus]") {
  temp_dir dir("links");
  dir.write("letters/real.txt", "A real letter with enough words in it.");
  std::filesystem::create_symlink("loop-b.txt", dir.path() / "letters" / "loop-a.txt");
  std::filesystem::create_symlink("loop-a.txt", dir.path() / "letters" / "loop-b.txt");
  std::filesystem::create_symlink("gone.txt", dir.path() / "letters" / "dangling.txt");
  const auto c = load_corpus({{(dir.path() / "letters").string()}, {}});
  REQUIRE(c.documents.size() == 1);
  std::size_t loops = 0, dangling = 0;
  for (const auto& w : c.warnings) {
    if (w.find("symbolic link loop") != std::string::npos) ++loops;
    if (w.find("dangling.txt: dangling link") != std::string::npos) ++dangling;
  }
  CHECK(loops == 2);
  CHECK(dangling == 1);
  try {
    load_corpus({{(dir.path() / "letters" / "loop-a.txt").string()}, {}});
    FAIL("a link loop given directly was accepted");
  } catch (const error& e) {
    CHECK(std::string(e.what()).find("symbolic link loop") != std::string::npos);
  }
}

TEST_CASE("a spilled corpus reads the same bytes, leaves no file behind and survives releasing its pages", "[corpus]") {
  temp_dir dir("spill");
  dir.write("letters/kent/a.txt", "Letter a text.\n\nA second paragraph.");
  dir.write("letters/herts/b.html", "<p>Letter b &amp; text.</p>");
  dir.write("letters/leics/c.txt", std::string(100000, 'x') + " end.");
  auto c = load_corpus({{(dir.path() / "letters").string()}, {}});
  const auto before = c;  // shares the in-memory bytes, which must outlive the spill
  const auto spill_to = dir.path() / "spill";
  fs::create_directories(spill_to);
  REQUIRE_FALSE(c.spilled());
  REQUIRE(c.spill(spill_to.string()));
  CHECK(c.spilled());
  REQUIRE(c.documents.size() == before.documents.size());
  for (std::size_t i = 0; i < c.documents.size(); ++i) {
    CHECK(c.documents[i].bytes == before.documents[i].bytes);
    CHECK(c.documents[i].bytes.data() != before.documents[i].bytes.data());
    CHECK(c.documents[i].text() == before.documents[i].text());
  }
  c.release_pages();
  for (std::size_t i = 0; i < c.documents.size(); ++i) CHECK(c.documents[i].bytes == before.documents[i].bytes);
  // A range's pages, widened to whole pages, an empty range, one past the end.
  c.release_pages(1, 2);
  c.release_pages(2, 1);
  c.release_pages(0, c.documents.size() + 5);
  for (std::size_t i = 0; i < c.documents.size(); ++i) CHECK(c.documents[i].bytes == before.documents[i].bytes);
  CHECK(fs::is_empty(spill_to));  // the temporary file has no name
  // A document added after the spill is held on the heap: releasing its range leaves it be.
  const std::string large(std::size_t{1} << 20, 'y');
  c.add(document{}, large);
  c.release_pages(c.documents.size() - 1, c.documents.size());
  c.release_pages(0, c.documents.size());
  CHECK(c.documents.back().bytes == large);
  for (std::size_t i = 0; i + 1 < c.documents.size(); ++i) CHECK(c.documents[i].bytes == before.documents[i].bytes);
}

TEST_CASE("a corpus spilled as it is read holds the same documents as one read into memory", "[corpus]") {
  temp_dir dir("spill-as-read");
  dir.write("letters/kent/a.txt", "Letter a text.\n\nA second paragraph.");
  dir.write("letters/herts/b.html", "<p>Letter b &amp; text.</p>");
  dir.write("letters/leics/c.txt", std::string(100000, 'x') + " end.");
  dir.write("letters/leics/d.txt", "");  // skipped with a warning, as in memory
  const auto spill_to = dir.path() / "spill";
  fs::create_directories(spill_to);
  const auto in_memory = load_corpus({{(dir.path() / "letters").string()}, {}});
  const auto spilled = load_corpus({{(dir.path() / "letters").string()}, {}, spill_to.string()});
  CHECK_FALSE(in_memory.spilled());
  CHECK(spilled.spilled());
  CHECK(spilled.warnings == in_memory.warnings);
  REQUIRE(spilled.documents.size() == 3);
  REQUIRE(spilled.documents.size() == in_memory.documents.size());
  for (std::size_t i = 0; i < spilled.documents.size(); ++i) {
    CHECK(spilled.documents[i].bytes == in_memory.documents[i].bytes);
    CHECK(spilled.documents[i].text() == in_memory.documents[i].text());
    CHECK(spilled.documents[i].path == in_memory.documents[i].path);
  }
  CHECK(fs::is_empty(spill_to));
  // A folder that cannot take the file: the letters stay in memory.
  const auto kept = load_corpus({{(dir.path() / "letters").string()}, {}, (dir.path() / "missing").string()});
  CHECK_FALSE(kept.spilled());
  REQUIRE(kept.documents.size() == 3);
  CHECK(kept.documents[2].bytes == in_memory.documents[2].bytes);
}

TEST_CASE("a corpus whose spill file stops taking writes brings its letters back into memory", "[corpus]") {
  temp_dir dir("spill-full");
  dir.write("letters/a/1.txt", "The first letter, written to the spill file.");
  dir.write("letters/a/2.txt", std::string(200000, 'y') + " end.");  // past the file size limit below
  dir.write("letters/a/3.txt", "The third letter, after the refusal.");
  const auto spill_to = dir.path() / "spill";
  fs::create_directories(spill_to);
  const auto in_memory = load_corpus({{(dir.path() / "letters").string()}, {}});
  // A file size limit makes the disk refuse the second letter (EFBIG, not a signal).
  const auto c = [&] {
    const test::file_size_limit limit(100000);
    REQUIRE(limit.set);
    return load_corpus({{(dir.path() / "letters").string()}, {}, spill_to.string()});
  }();
  CHECK_FALSE(c.spilled());
  REQUIRE(c.documents.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(c.documents[i].bytes == in_memory.documents[i].bytes);
}

TEST_CASE("a corpus being spilled as it is built refuses to be copied, and changes only through add()", "[corpus]") {
  temp_dir dir("spill-copy");
  fs::create_directories(dir.path() / "spill");
  corpus c;
  REQUIRE(c.spill_as_added((dir.path() / "spill").string()));
  c.add(document{}, "One letter.");
  CHECK_THROWS_AS(corpus(c), error);
  c.documents.push_back(document{});  // not through add()
  CHECK_THROWS_AS(c.add(document{}, "Another."), error);
  c.documents.pop_back();
  c.add(document{}, "Another.");
  REQUIRE(c.spill((dir.path() / "spill").string()));
  const auto copy = c;  // spilled: copies share the mapping
  CHECK(copy.documents[0].bytes == "One letter.");
  CHECK(copy.documents[1].bytes == "Another.");
}

TEST_CASE("a corpus that cannot be spilled keeps its bytes in memory", "[corpus]") {
  corpus c;
  c.add(document{}, "One letter.");
  CHECK_FALSE(c.spill("/nonexistent/folder"));
  CHECK_FALSE(c.spilled());
  CHECK(c.documents.front().bytes == "One letter.");
  CHECK(c.documents.front().id == 0);
}
