// Bad input through the real binary: every row of the bad-input contract.
//
// Contract: a bad input gets ONE clear `refrain: error: ...` line on stderr and
// exit code 2, never a crash and never an output file (or a leftover temporary
// file) in --out. When one file among several is bad, it gets a
// `refrain: warning: ...` line naming it, it is skipped, and the run succeeds
// (exit 0) with all four outputs written and the bad file absent from
// clusters.json's documents.
#include <catch2/catch.hpp>

#include "support/run.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using refrain::test::run_refrain;
using refrain::test::run_result;
using refrain::test::shell_quote;
using refrain::test::temp_dir;

constexpr const char* output_names[] = {"clusters.json", "members.csv", "report.txt", "clusters.dot"};

// Two short FOI replies sharing a template opening and closing paragraph.
const std::string letter_a =
    "Dear Applicant,\n\n"
    "Thank you for your request for information received on 3 March 2023. Your request has been "
    "considered under the Freedom of Information Act 2000.\n\n"
    "You asked how many officers were assigned to roads policing in Kent during 2022. The force "
    "holds this information and it is provided in the attached table.\n\n"
    "If you are unhappy with this response you may ask for an internal review within 40 working days "
    "of the date of this letter, and you may then complain to the Information Commissioner.\n";
const std::string letter_b =
    "Dear Requester,\n\n"
    "Thank you for your request for information received on 9 May 2023. Your request has been "
    "considered under the Freedom of Information Act 2000.\n\n"
    "You asked for the number of stop and search records made by Essex Police in 2021. We can "
    "confirm that the information is held and a breakdown by month is enclosed.\n\n"
    "If you are unhappy with this response you may ask for an internal review within 40 working days "
    "of the date of this letter, and you may then complain to the Information Commissioner.\n";

std::string q(const fs::path& p) { return shell_quote(p.string()); }

// The two good letters, written into `t`, as a shell-quoted argument list.
std::string good_letters(const temp_dir& t) {
  return q(t.write("kent-reply.txt", letter_a)) + " " + q(t.write("essex-reply.txt", letter_b));
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

bool contains_any(const std::string& haystack, std::initializer_list<const char*> needles) {
  return std::any_of(needles.begin(), needles.end(), [&](const char* n) { return contains(haystack, n); });
}

std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> found;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (contains(line, needle)) found.push_back(line);
  return found;
}

// No sign of an uncaught exception, an abort or a signal.
void check_no_crash(const run_result& r) {
  INFO("stderr was:\n" << r.err);
  CHECK_FALSE(contains(r.err, "terminate"));
  CHECK_FALSE(contains(r.err, "Aborted"));
  CHECK_FALSE(contains(r.err, "what()"));
  CHECK_FALSE(contains(r.err, "Segmentation fault"));
  CHECK(r.exit_code < 128);  // 128 + N: killed by signal N
}

// The error contract: exit 2, exactly one `refrain: error:` line, and that line
// contains every one of `needles` and at least one of `any_of` (when given).
void check_error(const run_result& r, std::initializer_list<std::string> needles,
                 std::initializer_list<const char*> any_of = {}) {
  INFO("exit code " << r.exit_code << "; stderr was:\n" << r.err);
  check_no_crash(r);
  CHECK(r.exit_code == 2);
  const auto errors = lines_with(r.err, "refrain: error:");
  REQUIRE(errors.size() == 1);
  const auto& line = errors.front();
  CHECK(line.starts_with("refrain: error: "));
  for (const auto& n : needles) {
    INFO("the error line should mention: " << n);
    CHECK(contains(line, n));
  }
  if (any_of.size() > 0) {
    INFO("the error line should give the reason (one of the expected words)");
    CHECK(contains_any(line, any_of));
  }
  CHECK_FALSE(contains(r.out, "clusters.json"));  // no claim that outputs were written
}

// No output and no temporary file left in `out` (which need not exist).
void check_no_outputs(const fs::path& out) {
  if (!fs::exists(out)) return;
  REQUIRE(fs::is_directory(out));
  for (const auto& entry : fs::directory_iterator(out)) {
    const auto name = entry.path().filename().string();
    INFO("left in --out: " << name);
    for (const auto* o : output_names) CHECK(name != o);
    CHECK_FALSE(name.starts_with("."));
  }
}

// The warning contract: exit 0, a `refrain: warning:` line naming `bad_name`
// with the reason, all four outputs in `out`, no temporary files, and
// clusters.json listing exactly the good letters.
void check_warned_and_skipped(const run_result& r, const fs::path& out, const std::string& bad_name,
                              std::initializer_list<const char*> reason_any_of) {
  INFO("exit code " << r.exit_code << "; stderr was:\n" << r.err);
  check_no_crash(r);
  CHECK(r.exit_code == 0);
  CHECK_FALSE(contains(r.err, "refrain: error:"));
  const auto warnings = lines_with(r.err, "refrain: warning:");
  std::vector<std::string> about_bad;
  for (const auto& w : warnings)
    if (contains(w, bad_name)) about_bad.push_back(w);
  REQUIRE(about_bad.size() == 1);
  CHECK(about_bad.front().starts_with("refrain: warning: "));
  {
    INFO("the warning should give the reason (one of the expected words): " << about_bad.front());
    CHECK(contains_any(about_bad.front(), reason_any_of));
  }

  REQUIRE(fs::is_directory(out));
  for (const auto* o : output_names) {
    INFO("missing output: " << o);
    CHECK(fs::is_regular_file(out / o));
    CHECK(fs::file_size(out / o) > 0);
  }
  for (const auto& entry : fs::directory_iterator(out)) {
    INFO("left in --out: " << entry.path().filename().string());
    CHECK_FALSE(entry.path().filename().string().starts_with("."));
  }

  const auto json = nlohmann::json::parse(refrain::test::slurp(out / "clusters.json"));
  REQUIRE(json.contains("documents"));
  REQUIRE(json["documents"].is_array());
  std::vector<std::string> paths;
  for (const auto& d : json["documents"]) paths.push_back(d.at("path").get<std::string>());
  INFO("documents in clusters.json: " << nlohmann::json(paths).dump());
  CHECK(paths.size() == 2);
  for (const auto& p : paths) CHECK_FALSE(contains(p, bad_name));
  CHECK(std::any_of(paths.begin(), paths.end(), [](const std::string& p) { return contains(p, "kent-reply.txt"); }));
  CHECK(std::any_of(paths.begin(), paths.end(), [](const std::string& p) { return contains(p, "essex-reply.txt"); }));
  CHECK_FALSE(contains(refrain::test::slurp(out / "members.csv"), bad_name));
}

// Runs `refrain scan BAD --out OUT -q` with BAD alone and checks the error contract.
void check_alone_is_error(const std::string& name, const std::string& bytes, std::initializer_list<const char*> reason_any_of) {
  temp_dir t("bad-input");
  const auto bad = t.write(name, bytes);
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + q(bad) + " --out " + q(out) + " -q");
  check_error(r, {name}, reason_any_of);
  check_no_outputs(out);
}

// Runs `refrain scan GOOD GOOD BAD --out OUT -q` and checks the warning contract.
void check_among_good_is_warning(const std::string& name, const std::string& bytes,
                                 std::initializer_list<const char*> reason_any_of) {
  temp_dir t("bad-input");
  const auto bad = t.write(name, bytes);
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + good_letters(t) + " " + q(bad) + " --out " + q(out) + " -q");
  check_warned_and_skipped(r, out, name, reason_any_of);
}

// Runs a scan of the two good letters with extra flags; the flags are bad.
void check_bad_flags(const std::string& flags, std::initializer_list<std::string> needles,
                     std::initializer_list<const char*> any_of = {}) {
  temp_dir t("bad-flag");
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + good_letters(t) + " --out " + q(out) + " -q " + flags);
  check_error(r, needles, any_of);
  check_no_outputs(out);
}

// Like run_refrain, but with `prefix` (e.g. a privilege-dropping wrapper) in
// front of the binary.
run_result run_refrain_with_prefix(const std::string& prefix, const std::string& args) {
  temp_dir capture("capture");
  const auto out = capture.path() / "stdout", err = capture.path() / "stderr";
  const std::string cmd = prefix + " " + shell_quote(REFRAIN_BIN) + " " + args + " >" + q(out) + " 2>" + q(err) + " </dev/null";
  const int status = std::system(cmd.c_str());
  run_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = refrain::test::slurp(out);
  r.err = refrain::test::slurp(err);
  return r;
}

}  // namespace

// ---------------------------------------------------------------------------
// Inputs that cannot be read at all

TEST_CASE("bad input: a path that does not exist is an error naming it", "[cli][bad-input]") {
  temp_dir t("bad-input");
  const auto missing = t.path() / "no-such-letter.txt";
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + q(missing) + " --out " + q(out) + " -q");
  check_error(r, {"no-such-letter.txt"}, {"does not exist", "not found", "no such"});
  check_no_outputs(out);
}

TEST_CASE("bad input: an unreadable file given alone is an error naming it", "[cli][bad-input]") {
  SECTION("a file with mode 000") {
    // chmod 000 stops every user but root: root reads the file anyway. So when
    // the tests run as root, the binary is run as user `nobody` through
    // setpriv(1) (the folders are made readable and --out writable for it), and
    // the full contract is asserted. Where that is not possible (no setpriv, or
    // `nobody` cannot run the binary), only "no crash, exit 0 or 2" is asserted,
    // since root may legitimately read and scan the file.
    temp_dir t("unreadable");
    const auto bad = t.write("locked-letter.txt", letter_a);
    fs::permissions(t.path(), fs::perms::all, fs::perm_options::replace);
    fs::permissions(bad, fs::perms::none, fs::perm_options::replace);
    const auto out = t.path() / "out";
    const std::string args = "scan " + q(bad) + " --out " + q(out) + " -q";

    if (::geteuid() != 0) {
      const auto r = run_refrain(args);
      check_error(r, {"locked-letter.txt"}, {"read", "permission"});
      check_no_outputs(out);
    } else {
      const std::string drop = "setpriv --reuid=65534 --regid=65534 --clear-groups";
      const bool can_drop = fs::exists("/usr/bin/setpriv") &&
                            run_refrain_with_prefix(drop, "--version").exit_code == 0;
      if (can_drop) {
        const auto r = run_refrain_with_prefix(drop, args);
        check_error(r, {"locked-letter.txt"}, {"read", "permission"});
        check_no_outputs(out);
      } else {
        WARN("running as root without a way to drop privileges: only checking for no crash");
        const auto r = run_refrain(args);
        check_no_crash(r);
        CHECK((r.exit_code == 0 || r.exit_code == 2));
      }
    }
  }
  SECTION("a folder whose only .txt entry is a directory (unreadable as a file, even by root)") {
    temp_dir t("unreadable");
    fs::create_directories(t.path() / "letters" / "not-a-file.txt");
    const auto out = t.path() / "out";
    const auto r = run_refrain("scan " + q(t.path() / "letters") + " --out " + q(out) + " -q");
    check_error(r, {"letters"}, {".txt", "no usable", "no text"});
    check_no_outputs(out);
  }
}

TEST_CASE("bad input: a folder with no text files (only .png and .bin) is an error naming it", "[cli][bad-input]") {
  temp_dir t("bad-input");
  t.write("scans/page-1.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  t.write("scans/blob.bin", std::string("\0\1\2\3\4\5", 6));
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + q(t.path() / "scans") + " --out " + q(out) + " -q");
  check_error(r, {"scans"}, {".txt", "no text", "no usable"});
  check_no_outputs(out);
}

// ---------------------------------------------------------------------------
// Files that are not text

const std::string binary_bytes = std::string("Dear Sir\0\0\x01\x02\xff\xfe binary payload\n", 30);
const std::string pdf_bytes = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";

TEST_CASE("bad input: a binary file given alone is an error naming it", "[cli][bad-input]") {
  check_alone_is_error("binary-letter.txt", binary_bytes, {"binary", "NUL"});
}

TEST_CASE("bad input: a binary file among good letters is warned about and skipped", "[cli][bad-input]") {
  check_among_good_is_warning("binary-letter.txt", binary_bytes, {"binary", "NUL"});
}

TEST_CASE("bad input: a PDF among good letters is warned about (naming PDF) and skipped", "[cli][bad-input]") {
  check_among_good_is_warning("reply-scan.pdf", pdf_bytes, {"PDF"});
}

// ---------------------------------------------------------------------------
// Invalid UTF-8

struct bad_utf8 {
  const char* what;
  std::string bytes;
};

bad_utf8 pick_bad_utf8() {
  bad_utf8 v{"", ""};
  SECTION("a lead byte followed by an ASCII byte (C3 28)") {
    v = {"C3 28", "Dear Sir, your request about caf\xC3\x28 licensing was received.\n"};
  }
  SECTION("an overlong encoding of '/' (C0 AF)") {
    v = {"C0 AF", "Dear Sir, your request about the \xC0\xAF path was received.\n"};
  }
  SECTION("a truncated three-byte sequence at the end (E2 82)") {
    v = {"E2 82", "Dear Sir, the fee for this request is 450 \xE2\x82"};
  }
  return v;
}

TEST_CASE("bad input: invalid UTF-8 given alone is an error naming the file", "[cli][bad-input]") {
  const auto v = pick_bad_utf8();
  INFO("bytes: " << v.what);
  check_alone_is_error("latin1-letter.txt", v.bytes, {"UTF-8", "utf-8", "encoding"});
}

TEST_CASE("bad input: invalid UTF-8 among good letters is warned about and skipped", "[cli][bad-input]") {
  const auto v = pick_bad_utf8();
  INFO("bytes: " << v.what);
  check_among_good_is_warning("latin1-letter.txt", v.bytes, {"UTF-8", "utf-8", "encoding"});
}

// ---------------------------------------------------------------------------
// Empty and white-space-only files

TEST_CASE("bad input: an empty file given alone is an error naming it", "[cli][bad-input]") {
  check_alone_is_error("empty-letter.txt", "", {"empty"});
}

TEST_CASE("bad input: a white-space-only file given alone is an error naming it", "[cli][bad-input]") {
  check_alone_is_error("blank-letter.txt", "  \n\t\r\n   \n\n", {"white space", "whitespace", "empty", "blank"});
}

TEST_CASE("bad input: an empty file among good letters is warned about and skipped", "[cli][bad-input]") {
  check_among_good_is_warning("empty-letter.txt", "", {"empty"});
}

TEST_CASE("bad input: a white-space-only file among good letters is warned about and skipped", "[cli][bad-input]") {
  check_among_good_is_warning("blank-letter.txt", "  \n\t\r\n   \n\n", {"white space", "whitespace", "empty", "blank"});
}

// ---------------------------------------------------------------------------
// Malformed manifests: each an error naming the manifest (and the line)

namespace {

void check_bad_manifest(const std::string& name, const std::string& contents, std::initializer_list<std::string> needles,
                        std::initializer_list<const char*> any_of = {}) {
  temp_dir t("bad-manifest");
  const auto manifest = t.write(name, contents);
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + good_letters(t) + " --manifest " + q(manifest) + " --out " + q(out) + " -q");
  check_error(r, needles, any_of);
  check_no_outputs(out);
}

}  // namespace

TEST_CASE("bad input: a CSV manifest without a path column", "[cli][bad-input]") {
  check_bad_manifest("no-path.csv", "file,source,date\nkent-reply.txt,Kent Police,2023-03-03\n", {"no-path.csv:1:", "path"});
}

TEST_CASE("bad input: a CSV manifest with an unclosed quote", "[cli][bad-input]") {
  check_bad_manifest("unclosed.csv",
                     "path,source,reference\n"
                     "kent-reply.txt,Kent Police,\"FOI 2023/123\n"
                     "essex-reply.txt,Essex Police,FOI 456\n",
                     {"unclosed.csv:2:"}, {"quote", "closed"});
}

TEST_CASE("bad input: a CSV manifest row with the wrong number of fields", "[cli][bad-input]") {
  check_bad_manifest("short-row.csv",
                     "path,source,reference\n"
                     "kent-reply.txt,Kent Police,FOI-1\n"
                     "essex-reply.txt,Essex Police\n",
                     {"short-row.csv:3:"}, {"fields", "columns"});
}

TEST_CASE("bad input: a JSONL manifest with invalid JSON", "[cli][bad-input]") {
  check_bad_manifest("broken.jsonl",
                     "{\"path\": \"kent-reply.txt\", \"source\": \"Kent Police\"}\n"
                     "{\"path\": \"essex-reply.txt\", \"source\": \n",
                     {"broken.jsonl:2:", "JSON"});
}

TEST_CASE("bad input: a manifest that does not exist", "[cli][bad-input]") {
  temp_dir t("bad-manifest");
  const auto missing = t.path() / "missing-manifest.csv";
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + good_letters(t) + " --manifest " + q(missing) + " --out " + q(out) + " -q");
  check_error(r, {"missing-manifest.csv"}, {"manifest"});
  check_no_outputs(out);
}

// ---------------------------------------------------------------------------
// Invalid parameters

TEST_CASE("bad input: --threshold 0", "[cli][bad-input]") { check_bad_flags("--threshold 0", {"threshold"}); }

TEST_CASE("bad input: --threshold 1.5", "[cli][bad-input]") { check_bad_flags("--threshold 1.5", {"threshold", "1.5"}); }

TEST_CASE("bad input: --threshold -0.1", "[cli][bad-input]") { check_bad_flags("--threshold -0.1", {"threshold"}); }

TEST_CASE("bad input: -k 0", "[cli][bad-input]") { check_bad_flags("-k 0", {}, {"-k", "shingle"}); }

TEST_CASE("bad input: --num-perm 0", "[cli][bad-input]") { check_bad_flags("--num-perm 0", {}, {"--num-perm", "num_perm"}); }

TEST_CASE("bad input: --bands 10 --rows 10 (100 != num-perm 128)", "[cli][bad-input]") {
  check_bad_flags("--bands 10 --rows 10", {"bands", "rows", "128"});
}

TEST_CASE("bad input: --bands without --rows", "[cli][bad-input]") { check_bad_flags("--bands 16", {"--bands", "--rows"}); }

TEST_CASE("bad input: --unit word", "[cli][bad-input]") { check_bad_flags("--unit word", {"--unit", "word"}); }

TEST_CASE("bad input: a missing --out", "[cli][bad-input]") {
  temp_dir t("bad-flag");
  const auto r = run_refrain("scan " + good_letters(t) + " -q");
  check_error(r, {"--out"});
  for (const auto* o : output_names) CHECK_FALSE(fs::exists(t.path() / o));
}

TEST_CASE("bad input: an unknown flag", "[cli][bad-input]") { check_bad_flags("--frobnicate", {"--frobnicate"}); }

// ---------------------------------------------------------------------------
// --out that cannot be a folder

TEST_CASE("bad input: --out naming an existing regular file", "[cli][bad-input]") {
  temp_dir t("bad-out");
  const auto blocker = t.write("results.txt", "not a folder\n");
  const auto r = run_refrain("scan " + good_letters(t) + " --out " + q(blocker) + " -q");
  check_error(r, {"results.txt"});
  CHECK(fs::is_regular_file(blocker));
  CHECK(refrain::test::slurp(blocker) == "not a folder\n");
  // Nothing written next to it either: no outputs, no temporary files.
  for (const auto& entry : fs::directory_iterator(t.path())) {
    const auto name = entry.path().filename().string();
    INFO("left beside --out: " << name);
    for (const auto* o : output_names) CHECK(name != o);
    CHECK_FALSE(name.starts_with("."));
  }
}
