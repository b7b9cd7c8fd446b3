// The robustness rows of the bad-input matrix (docs/reliability.md), through the
// real binary. tests/cli/bad_input_test.cpp holds the first rows; these are the
// rest: encodings and binaries it does not cover, sizes (a 200 MB line, very
// long words, thousands of files), the file system (links, repeated paths,
// unusual names, unwritable or full output), hostile HTML, untidy manifests,
// more flags, and interrupts.
//
// The contract is the same: a bad input alone is one `refrain: error: ...` line
// and exit 2; a bad file among good ones is one `refrain: warning: ...` line
// naming it, and the run goes on (exit 0) with all four outputs. Whatever
// happens, --out never holds a partial output or a temporary file.
#include <catch2/catch.hpp>

#include "support/run.hpp"

#include <refrain/viz/output.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using refrain::test::run_refrain;
using refrain::test::run_result;
using refrain::test::shell_quote;
using refrain::test::slurp;
using refrain::test::temp_dir;

constexpr const char* output_names[] = {"clusters.json", "members.csv", "report.txt", "clusters.dot"};

// Sanitizer builds run the same rows; only the time bounds are looser there,
// since those builds are there to find memory and UB errors, not to be fast.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif

// Three replies that share an opening and a closing template paragraph, so a
// good run has families to find.
const std::string opening =
    "Thank you for your request for information received by the force, which has been considered under the "
    "Freedom of Information Act 2000 and is answered below.";
const std::string closing =
    "If you are unhappy with this response you may ask for an internal review within forty working days of the "
    "date of this letter, and you may then complain to the Information Commissioner.";
const std::string letter_kent = "Dear Applicant,\n\n" + opening +
                                "\n\nYou asked how many officers patrolled the roads of Kent during 2022. The "
                                "figures are in the attached table.\n\n" +
                                closing + "\n";
const std::string letter_essex = "Dear Requester,\n\n" + opening +
                                 "\n\nYou asked for the stop and search records of Essex Police for 2021. A "
                                 "breakdown by month is enclosed.\n\n" +
                                 closing + "\n";
const std::string letter_herts = "Dear Sir,\n\n" + opening +
                                 "\n\nYou asked about the cost of the helicopter unit in Hertfordshire. The force "
                                 "does not hold this information.\n\n" +
                                 closing + "\n";

std::string q(const fs::path& p) { return shell_quote(p.string()); }

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

// The good letters, written into `t` (under `folder` when given), as a
// shell-quoted argument list.
std::string good_letters(const temp_dir& t, const std::string& folder = "") {
  const fs::path f = folder;
  return q(t.write((f / "kent-reply.txt").string(), letter_kent)) + " " +
         q(t.write((f / "essex-reply.txt").string(), letter_essex)) + " " +
         q(t.write((f / "herts-reply.txt").string(), letter_herts));
}

// Whether the tests are running in CI, where a missing tool fails a row
// instead of being skipped.
bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

// True when `path` (a tool the row needs) is there. When it is not, the row
// fails under CI=true and is skipped with a warning elsewhere.
bool have_tool(const char* path) {
  if (fs::exists(path)) return true;
  if (in_ci()) FAIL(path << " is missing; scripts/install-deps.sh installs it");
  WARN(path << " is missing: this row is not run");
  return false;
}

// No sign of an uncaught exception, an abort, a sanitizer report or a signal.
void check_no_crash(const run_result& r) {
  INFO("exit code " << r.exit_code << "; stderr was:\n" << r.err.substr(0, 4000));
  CHECK_FALSE(contains(r.err, "terminate called"));
  CHECK_FALSE(contains(r.err, "Sanitizer"));
  CHECK_FALSE(contains(r.err, "runtime error"));
  CHECK(r.exit_code < 128);  // 128 + N: killed by signal N
}

// Exit 2 with exactly one `refrain: error:` line holding every one of
// `needles` and, when given, one of `any_of`; no claim of outputs on stdout.
void check_error(const run_result& r, std::initializer_list<std::string> needles,
                 std::initializer_list<const char*> any_of = {}) {
  check_no_crash(r);
  INFO("exit code " << r.exit_code << "; stderr was:\n" << r.err.substr(0, 4000));
  CHECK(r.exit_code == 2);
  const auto errors = lines_with(r.err, "refrain: error:");
  REQUIRE(errors.size() == 1);
  CHECK(errors.front().starts_with("refrain: error: "));
  for (const auto& n : needles) {
    INFO("the error line should mention: " << n);
    CHECK(contains(errors.front(), n));
  }
  if (any_of.size() > 0) {
    INFO("the error line should give the reason (one of the expected words)");
    CHECK(contains_any(errors.front(), any_of));
  }
  CHECK_FALSE(contains(r.out, "clusters.json"));
}

// Names in `folder` that are outputs or hidden (temporary) files.
std::vector<std::string> leftovers(const fs::path& folder) {
  std::vector<std::string> found;
  if (!fs::exists(folder)) return found;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const auto name = entry.path().filename().string();
    const bool output = std::any_of(std::begin(output_names), std::end(output_names), [&](const char* o) { return name == o; });
    if (output || name.starts_with(".")) found.push_back(name);
  }
  return found;
}

// Nothing written: no output and no temporary file in `out`.
void check_nothing_written(const fs::path& out) {
  const auto left = leftovers(out);
  INFO("left in --out: " << json(left).dump());
  CHECK(left.empty());
}

// No temporary file in `out`, whatever else is there.
void check_no_temporaries(const fs::path& out) {
  if (!fs::exists(out)) return;
  for (const auto& entry : fs::directory_iterator(out)) {
    INFO("left in --out: " << entry.path().filename().string());
    CHECK_FALSE(entry.path().filename().string().starts_with("."));
  }
}

// The success contract: exit 0, no error line, the four outputs in `out` and no
// temporary file. Returns clusters.json.
json check_success(const run_result& r, const fs::path& out) {
  check_no_crash(r);
  INFO("exit code " << r.exit_code << "; stderr was:\n" << r.err.substr(0, 4000));
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(contains(r.err, "refrain: error:"));
  for (const auto* o : output_names) {
    INFO("missing output: " << o);
    REQUIRE(fs::is_regular_file(out / o));
    CHECK(fs::file_size(out / o) > 0);
  }
  check_no_temporaries(out);
  return json::parse(slurp(out / "clusters.json"));
}

std::vector<std::string> document_paths(const json& clusters) {
  std::vector<std::string> paths;
  for (const auto& d : clusters.at("documents")) paths.push_back(d.at("path").get<std::string>());
  return paths;
}

bool any_path_ends_with(const std::vector<std::string>& paths, const std::string& tail) {
  return std::any_of(paths.begin(), paths.end(), [&](const std::string& p) { return p.ends_with(tail); });
}

// The `refrain: warning:` lines that name `name`.
std::vector<std::string> warnings_about(const run_result& r, const std::string& name) {
  std::vector<std::string> found;
  for (const auto& w : lines_with(r.err, "refrain: warning:"))
    if (contains(w, name)) found.push_back(w);
  return found;
}

// A good scan of the three letters with `bad` added: the bad file is warned
// about once (with one of `reason_any_of`), skipped, and the letters scanned.
void check_skipped_among_good(const std::string& name, const std::string& bytes,
                              std::initializer_list<const char*> reason_any_of) {
  temp_dir t("robust");
  const auto bad = t.write(name, bytes);
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + good_letters(t) + " " + q(bad) + " --out " + q(out) + " -q");
  const auto clusters = check_success(r, out);
  const auto about = warnings_about(r, name);
  INFO("stderr was:\n" << r.err);
  REQUIRE(about.size() == 1);
  CHECK(contains_any(about.front(), reason_any_of));
  CHECK(contains(about.front(), "skipped"));
  const auto paths = document_paths(clusters);
  CHECK(paths.size() == 3);
  CHECK_FALSE(any_path_ends_with(paths, name));
  CHECK(clusters.at("clusters").size() >= 2);  // the letters' families are still found
}

// `bytes` given alone: an error naming the file, with one of `reason_any_of`.
void check_alone_is_error(const std::string& name, const std::string& bytes, std::initializer_list<const char*> reason_any_of) {
  temp_dir t("robust");
  const auto bad = t.write(name, bytes);
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + q(bad) + " --out " + q(out) + " -q");
  check_error(r, {name}, reason_any_of);
  check_nothing_written(out);
}

// A scan of the good letters with `flags`, which are bad: an error, nothing written.
void check_bad_flags(const std::string& flags, std::initializer_list<std::string> needles,
                     std::initializer_list<const char*> any_of = {}) {
  temp_dir t("robust-flag");
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + good_letters(t) + " --out " + q(out) + " -q " + flags);
  check_error(r, needles, any_of);
  check_nothing_written(out);
}

// Seeded bytes, the same on every machine (std distributions differ between
// standard libraries, so only the raw engine output is used).
std::string seeded_bytes(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(rng() & 0xFF);
  return out;
}

// Runs `prefix refrain ARGS` through /bin/sh, like run_refrain.
run_result run_with_prefix(const std::string& prefix, const std::string& binary, const std::string& args) {
  temp_dir capture("capture");
  const auto out = capture.path() / "stdout", err = capture.path() / "stderr";
  const std::string cmd = prefix + " " + shell_quote(binary) + " " + args + " >" + q(out) + " 2>" + q(err) + " </dev/null";
  const int status = std::system(cmd.c_str());
  run_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

// ---------------------------------------------------------------------------
// A refrain process running in the background, for the interrupt rows.

class background_run {
 public:
  // Starts `refrain ARGS` with stdout and stderr going to files in `capture`.
  // When `fifo_prefix` is given, the child makes a FIFO at `fifo_prefix` + its
  // own process id before it runs refrain, so that refrain's write of the
  // temporary file of that name blocks until the test lets it go.
  background_run(const std::vector<std::string>& args, const fs::path& capture, const std::string& fifo_prefix = "")
      : out_(capture / "stdout"), err_(capture / "stderr") {
    std::vector<std::string> argv_strings{REFRAIN_BIN};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string out_path = out_.string(), err_path = err_.string();
    // Everything the child needs is prepared here: after fork only
    // async-signal-safe calls are allowed.
    char fifo_path[4096] = {};
    std::strncpy(fifo_path, fifo_prefix.c_str(), sizeof fifo_path - 32);
    const std::size_t fifo_len = std::strlen(fifo_path);

    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      struct sigaction dfl {};
      dfl.sa_handler = SIG_DFL;
      ::sigaction(SIGINT, &dfl, nullptr);
      ::sigaction(SIGTERM, &dfl, nullptr);
      sigset_t none;
      ::sigemptyset(&none);
      ::sigprocmask(SIG_SETMASK, &none, nullptr);
      if (fifo_len > 0) {
        char digits[24];
        int n = 0;
        for (auto v = static_cast<unsigned long>(::getpid()); v > 0; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
        for (int k = 0; k < n; ++k) fifo_path[fifo_len + static_cast<std::size_t>(k)] = digits[n - 1 - k];
        fifo_path[fifo_len + static_cast<std::size_t>(n)] = '\0';
        if (::mkfifo(fifo_path, 0600) != 0) ::_exit(120);
      }
      const int in = ::open("/dev/null", O_RDONLY);
      const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || out < 0 || err < 0) ::_exit(121);
      ::dup2(in, 0);
      ::dup2(out, 1);
      ::dup2(err, 2);
      ::execv(argv[0], argv.data());
      ::_exit(122);
    }
  }

  ~background_run() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  background_run(const background_run&) = delete;
  background_run& operator=(const background_run&) = delete;

  pid_t pid() const { return pid_; }
  std::string err() const { return slurp(err_); }

  // Whether the process is still running (not yet exited).
  bool running() {
    if (reaped_) return false;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      status_ = status;
      return false;
    }
    return true;
  }

  // Waits up to `limit` for `condition`, polling; false on timeout or exit.
  template <class Condition>
  bool wait_for(Condition condition, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      if (!running()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // Waits up to `limit` for the exit; returns the wait status, or -1 (and
  // kills the process) on timeout.
  int wait_exit(std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (running()) {
      if (std::chrono::steady_clock::now() >= deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        reaped_ = true;
        return -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return status_;
  }

 private:
  fs::path out_, err_;
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

// Writes a previous run's outputs into `out`, so a later interrupted run can be
// checked to have left them exactly as they were. Returns their contents.
std::map<std::string, std::string> previous_outputs(const temp_dir& t, const fs::path& out) {
  const auto r = run_refrain("scan " + good_letters(t, "earlier") + " --out " + q(out) + " -q");
  REQUIRE(r.exit_code == 0);
  std::map<std::string, std::string> contents;
  for (const auto* o : output_names) contents[o] = slurp(out / o);
  return contents;
}

void check_outputs_unchanged(const fs::path& out, const std::map<std::string, std::string>& before) {
  for (const auto& [name, contents] : before) {
    INFO("output changed or removed by the interrupted run: " << name);
    REQUIRE(fs::is_regular_file(out / name));
    CHECK(slurp(out / name) == contents);
  }
  check_no_temporaries(out);
}

// Interrupts a scan of a generated corpus while it is computing (before it has
// written anything) with `signal`, and checks the contract.
void check_interrupt_while_computing(int signal, int letters) {
  temp_dir t("interrupt");
  const auto corpus = t.path() / "corpus";
  const auto gen = run_refrain("gen --out " + q(corpus) + " --letters " + std::to_string(letters) + " --seed 7");
  REQUIRE(gen.exit_code == 0);
  const auto out = t.path() / "out";
  const auto before = previous_outputs(t, out);

  background_run run({"scan", corpus.string(), "--out", out.string(), "--progress"}, t.path());
  // With --progress, a line on stderr says the letters have been read: the run
  // is under way. A little more time puts the signal inside the computation.
  const bool started = run.wait_for([&] { return !run.err().empty(); }, std::chrono::seconds(120));
  INFO("stderr so far:\n" << run.err());
  REQUIRE(started);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  REQUIRE(run.running());  // the signal must land before the scan is done
  REQUIRE(::kill(run.pid(), signal) == 0);
  const int status = run.wait_exit(std::chrono::seconds(60));
  INFO("stderr:\n" << run.err());
  REQUIRE(status != -1);  // it stopped promptly
  REQUIRE(WIFEXITED(status));  // through the handler, not killed outright
  CHECK(WEXITSTATUS(status) == 128 + signal);
  CHECK(contains(run.err(), signal == SIGINT ? "interrupted" : "terminated"));
  CHECK(contains(run.err(), "temporary files removed"));
  check_outputs_unchanged(out, before);
}

// Interrupts a scan while it is writing its outputs, and checks that neither a
// temporary file nor a mix of new and old outputs is left. The write is held
// in place by a FIFO at the temporary name of members.csv: clusters.json has
// been written (to its temporary name) and refrain waits to open the next one.
void check_interrupt_while_writing(int signal) {
  temp_dir t("interrupt-write");
  const auto out = t.path() / "out";
  const auto before = previous_outputs(t, out);

  // The temporary name is the output's hidden name plus this process's id;
  // the child swaps in its own id.
  const auto own = refrain::viz::temporary_path(out.string(), "members.csv");
  const auto own_id = std::to_string(::getpid());
  REQUIRE(own.ends_with(own_id));
  const auto fifo_prefix = own.substr(0, own.size() - own_id.size());
  const auto json_prefix = refrain::viz::temporary_path(out.string(), "clusters.json");
  const auto json_temp_prefix = json_prefix.substr(0, json_prefix.size() - own_id.size());

  t.write("now/kent-reply.txt", letter_kent);
  t.write("now/essex-reply.txt", letter_essex);
  background_run run({"scan", (t.path() / "now").string(), "--out", out.string(), "-q"}, t.path(), fifo_prefix);
  const auto json_temp = json_temp_prefix + std::to_string(run.pid());
  const auto fifo = fifo_prefix + std::to_string(run.pid());
  const bool writing = run.wait_for([&] { return fs::exists(json_temp) && fs::exists(fifo); }, std::chrono::seconds(60));
  INFO("stderr so far:\n" << run.err());
  REQUIRE(writing);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(run.running());  // held at the FIFO: the outputs are not yet in place
  REQUIRE(::kill(run.pid(), signal) == 0);
  const int status = run.wait_exit(std::chrono::seconds(30));
  INFO("stderr:\n" << run.err());
  REQUIRE(status != -1);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 128 + signal);
  CHECK_FALSE(fs::exists(json_temp));
  CHECK_FALSE(fs::exists(fifo));
  check_outputs_unchanged(out, before);
}

}  // namespace

// ---------------------------------------------------------------------------
// Encodings and binaries

TEST_CASE("robustness: UTF-8-encoded surrogates (ED A0 80) given alone are an error naming the file", "[cli][robustness]") {
  check_alone_is_error("surrogate-letter.txt", "Dear Sir, the \xED\xA0\x80 character is a lone surrogate.\n",
                       {"UTF-8", "utf-8"});
}

TEST_CASE("robustness: UTF-8-encoded surrogates among good letters are warned about and skipped", "[cli][robustness]") {
  check_skipped_among_good("surrogate-letter.txt", "Dear Sir, the \xED\xA0\x80 character is a lone surrogate.\n",
                           {"UTF-8", "utf-8"});
}

TEST_CASE("robustness: a letter with one NUL byte given alone is an error giving its offset", "[cli][robustness]") {
  const std::string before = "Dear Sir,\n\nThank you";
  const std::string where = "NUL byte at offset " + std::to_string(before.size());
  check_alone_is_error("nul-letter.txt", before + '\0' + " for your request.\n", {where.c_str()});
}

TEST_CASE("robustness: a letter with NUL bytes among good letters is warned about and skipped", "[cli][robustness]") {
  check_skipped_among_good("nul-letter.txt", letter_kent + std::string("\0\0\0\0", 4) + letter_essex, {"NUL", "binary"});
}

const std::string png_bytes = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0\x90\x91h6", 33);

TEST_CASE("robustness: a PNG named on the command line among good letters is warned about and skipped", "[cli][robustness]") {
  check_skipped_among_good("letterhead.png", png_bytes, {"binary", "NUL"});
}

TEST_CASE("robustness: a PNG inside a scanned folder is not read, one renamed .txt is warned about", "[cli][robustness]") {
  temp_dir t("robust");
  const auto letters = t.path() / "letters";
  good_letters(t, "letters");
  t.write("letters/scan-page-1.png", png_bytes);
  t.write("letters/scan-page-2.txt", png_bytes);
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + q(letters) + " --out " + q(out) + " -q");
  const auto clusters = check_success(r, out);
  CHECK(warnings_about(r, "scan-page-1.png").empty());  // not a text extension: never read
  REQUIRE(warnings_about(r, "scan-page-2.txt").size() == 1);
  CHECK(contains(warnings_about(r, "scan-page-2.txt").front(), "binary"));
  CHECK(document_paths(clusters).size() == 3);
}

TEST_CASE("robustness: 64 KiB of random bytes given alone are an error naming the file", "[cli][robustness]") {
  check_alone_is_error("noise.txt", seeded_bytes(64 << 10, 42), {"binary", "UTF-8"});
}

TEST_CASE("robustness: 64 KiB of random bytes among good letters are warned about and skipped", "[cli][robustness]") {
  check_skipped_among_good("noise.txt", seeded_bytes(64 << 10, 42), {"binary", "UTF-8"});
}

// ---------------------------------------------------------------------------
// Sizes

TEST_CASE("robustness: a single 200 MB line is scanned in bounded time next to good letters", "[cli][robustness][large]") {
  temp_dir t("huge-line");
  // Seeded words with no line break and no sentence end: one paragraph and one
  // sentence of about 30 million words.
  static constexpr const char* words[] = {"the",   "force",     "information", "request", "police",  "public",
                                          "harm",  "disclosure", "section",     "act",     "officer", "records",
                                          "held",  "applicant",  "review",      "data",    "confirm", "deny"};
  const auto huge = t.path() / "huge-line.txt";
  {
    std::mt19937_64 rng(3);
    std::string line;
    line.reserve(200u << 20);
    while (line.size() < (200u << 20)) {
      line += words[rng() % std::size(words)];
      line += ' ';
    }
    line += "end\n";
    std::ofstream(huge, std::ios::binary) << line;
  }
  const auto out = t.path() / "out";
  const auto began = std::chrono::steady_clock::now();
  const auto r = run_refrain("scan " + good_letters(t) + " " + q(huge) + " --out " + q(out) + " -q");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  const auto clusters = check_success(r, out);
  CHECK(clusters.at("documents").size() == 4);
  for (const auto& d : clusters.at("documents"))
    if (d.at("path").get<std::string>().ends_with("huge-line.txt")) CHECK(d.at("bytes").get<std::uintmax_t>() == fs::file_size(huge));
  CHECK(clusters.at("clusters").size() >= 2);  // the letters' families
  INFO("scan took " << seconds << " s");
  // A bound far above the linear time (about 30 s here, twice that on a busy day)
  // and far below what a quadratic step over 30 million words would take.
  CHECK(seconds < (sanitized ? 1200.0 : 300.0));
}

TEST_CASE("robustness: words thousands of characters long are scanned like any other text", "[cli][robustness]") {
  temp_dir t("long-words");
  std::string blob;  // like a pasted base64 attachment
  for (const char c : seeded_bytes(6000, 9)) blob += "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[static_cast<unsigned char>(c) % 64];
  const std::string url = "https://example.org/" + std::string(20000, 'x') + ".pdf";
  const auto odd = t.write("attachment-reply.txt",
                           "Dear Sir,\n\n" + opening + "\n\n" + blob + "\n\nSee " + url + " for details. " + std::string(5000, 'a') +
                               ".\n\n" + closing + "\n");
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + good_letters(t) + " " + q(odd) + " --out " + q(out) + " -q");
  const auto clusters = check_success(r, out);
  CHECK(lines_with(r.err, "refrain: warning:").empty());
  CHECK(document_paths(clusters).size() == 4);
  // The long-word letter still shares both template paragraphs with the others.
  const auto odd_id = [&] {
    const auto paths = document_paths(clusters);
    return static_cast<std::size_t>(std::find_if(paths.begin(), paths.end(), [](const std::string& p) {
                                      return p.ends_with("attachment-reply.txt");
                                    }) - paths.begin());
  }();
  std::size_t families_with_it = 0;
  for (const auto& c : clusters.at("clusters"))
    for (const auto& m : c.at("members"))
      if (m.at("document").get<std::size_t>() == odd_id && m.value("kind", "paragraph") == "paragraph") {
        ++families_with_it;
        break;
      }
  CHECK(families_with_it >= 2);
}

TEST_CASE("robustness: 3000 tiny identical files make one family of 3000 letters", "[cli][robustness][large]") {
  temp_dir t("tiny-files");
  const std::string text = opening + "\n";
  for (int i = 0; i < 3000; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "letters/reply-%04d.txt", i);
    t.write(name, text);
  }
  const auto out = t.path() / "out";
  const auto began = std::chrono::steady_clock::now();
  const auto r = run_refrain("scan " + q(t.path() / "letters") + " --out " + q(out) + " -q");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  const auto clusters = check_success(r, out);
  CHECK(clusters.at("documents").size() == 3000);
  std::size_t widest = 0;
  for (const auto& c : clusters.at("clusters")) widest = std::max(widest, c.at("documents").get<std::size_t>());
  CHECK(widest == 3000);
  INFO("scan took " << seconds << " s");
  CHECK(seconds < (sanitized ? 300.0 : 30.0));
}

// ---------------------------------------------------------------------------
// The file system

TEST_CASE("robustness: link loops and dangling links in a scanned folder are warned about and skipped", "[cli][robustness]") {
  temp_dir t("links");
  const auto letters = t.path() / "letters";
  good_letters(t, "letters");
  fs::create_symlink("loop-b.txt", letters / "loop-a.txt");
  fs::create_symlink("loop-a.txt", letters / "loop-b.txt");
  fs::create_symlink("deleted-reply.txt", letters / "dangling-reply.txt");
  fs::create_directories(letters / "sub");
  fs::create_directory_symlink("..", letters / "sub" / "up");  // a folder loop: not followed
  fs::create_symlink("../kent-reply.txt", letters / "sub" / "kent-alias.txt");  // the same file again
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + q(letters) + " --out " + q(out) + " -q");
  const auto clusters = check_success(r, out);
  INFO("stderr was:\n" << r.err);
  REQUIRE(warnings_about(r, "loop-a.txt").size() == 1);
  CHECK(contains(warnings_about(r, "loop-a.txt").front(), "symbolic link loop"));
  REQUIRE(warnings_about(r, "loop-b.txt").size() == 1);
  REQUIRE(warnings_about(r, "dangling-reply.txt").size() == 1);
  CHECK(contains(warnings_about(r, "dangling-reply.txt").front(), "dangling link"));
  REQUIRE(warnings_about(r, "kent-alias.txt").size() == 1);
  CHECK(contains(warnings_about(r, "kent-alias.txt").front(), "more than once"));
  CHECK(document_paths(clusters).size() == 3);
}

TEST_CASE("robustness: a link loop given as the only input is an error naming it", "[cli][robustness]") {
  temp_dir t("links");
  fs::create_symlink("loop-b.txt", t.path() / "loop-a.txt");
  fs::create_symlink("loop-a.txt", t.path() / "loop-b.txt");
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + q(t.path() / "loop-a.txt") + " --out " + q(out) + " -q");
  check_error(r, {"loop-a.txt", "symbolic link loop"});
  check_nothing_written(out);
}

TEST_CASE("robustness: the same file given twice (or through its folder) is read once, with a warning", "[cli][robustness]") {
  temp_dir t("twice");
  good_letters(t, "letters");
  const auto kent = t.path() / "letters" / "kent-reply.txt";
  const auto kent_again = t.path() / "letters" / ".." / "letters" / "kent-reply.txt";
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + q(t.path() / "letters") + " " + q(kent) + " " + q(kent_again) + " --out " + q(out) + " -q");
  const auto clusters = check_success(r, out);
  INFO("stderr was:\n" << r.err);
  CHECK(lines_with(r.err, "given more than once; read once").size() == 2);
  CHECK(document_paths(clusters).size() == 3);
}

TEST_CASE("robustness: paths with spaces and non-ASCII names are read and reported exactly", "[cli][robustness]") {
  temp_dir t("names");
  const std::string folder = "Kent Police \xE2\x80\x93 r\xC3\xA9ponses FOI";   // "Kent Police – réponses FOI"
  const std::string french = "r\xC3\xA9ponse \xC3\xA0 la demande.txt";        // "réponse à la demande.txt"
  const std::string russian = "\xD0\xBE\xD1\x82\xD0\xB2\xD0\xB5\xD1\x82.txt";  // "ответ.txt"
  const std::string spaced = "reply  with   spaces .txt";
  t.write(folder + "/" + french, letter_kent);
  t.write(folder + "/" + russian, letter_essex);
  t.write(folder + "/" + spaced, letter_herts);
  const auto out = t.path() / "out dir" / "r\xC3\xA9sultats";
  const auto r = run_refrain("scan " + q(t.path() / folder) + " --out " + q(out) + " -q");
  const auto clusters = check_success(r, out);
  const auto paths = document_paths(clusters);
  CHECK(paths.size() == 3);
  for (const auto& name : {french, russian, spaced}) {
    INFO("documents: " << json(paths).dump());
    CHECK(any_path_ends_with(paths, folder + "/" + name));
  }
  for (const auto& d : clusters.at("documents")) CHECK(d.at("source").get<std::string>() == folder);
  const auto csv = slurp(out / "members.csv");
  CHECK(contains(csv, french));
  CHECK(contains(csv, russian));
}

TEST_CASE("robustness: a file name that is not UTF-8 is scanned, and clusters.json shows U+FFFD for the bad byte", "[cli][robustness]") {
  temp_dir t("names");
  good_letters(t, "letters");
  t.write("letters/caf\xE9-reply.txt", letter_kent);  // Latin-1 "café": not UTF-8
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + q(t.path() / "letters") + " --out " + q(out) + " -q");
  const auto clusters = check_success(r, out);  // and clusters.json is valid JSON
  CHECK(any_path_ends_with(document_paths(clusters), "caf\xEF\xBF\xBD-reply.txt"));
}

// ---------------------------------------------------------------------------
// Hostile HTML

TEST_CASE("robustness: hostile HTML (scripts, unclosed tags, bogus entities) is stripped to its visible text", "[cli][robustness]") {
  temp_dir t("hostile-html");
  const std::string hostile_head =
      "<!DOCTYPE html><html><head><title>FOI reply</title><script>var s = '</p><p>" + opening +
      "</p>';</script><style>p { color: red }</style></head><body>\n";
  const std::string page_a = hostile_head + "<p>Dear Applicant,</p><p>" + opening + "</p><p>Ref &bogus; &#xD800; &#99999999; &#0; a &lt b & c</p>" +
                             "<SCRIPT type=text/javascript>document.write('<p>" + closing + "</p>')</SCRIPT><p>" + closing +
                             "</p><!-- an unclosed comment <p>hidden text that must not appear</p>";
  const std::string page_b = "<div><p>Dear Requester,<p>" + opening + "<p>You asked about the <b>roads <i>unit</b>.</i>" +
                             "<p>" + closing + "<p>Yours faithfully <img src=x onerror=alert(1) <b>unclosed";
  const std::string only_script = "<html><script>document.write('" + opening + "')</script></html>";
  const auto a = t.write("pages/kent.html", page_a);
  const auto b = t.write("pages/essex.htm", page_b);
  t.write("pages/empty-shell.html", only_script);
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + q(t.path() / "pages") + " --out " + q(out) + " -q");
  const auto clusters = check_success(r, out);
  INFO("stderr was:\n" << r.err);
  REQUIRE(warnings_about(r, "empty-shell.html").size() == 1);
  CHECK(contains(warnings_about(r, "empty-shell.html").front(), "no visible text"));
  CHECK(document_paths(clusters).size() == 2);

  // Both template paragraphs are found across the two pages, and every member
  // maps back to page bytes that hold the paragraph's words and no script.
  std::size_t families = 0;
  for (const auto& c : clusters.at("clusters")) {
    if (c.at("documents").get<std::size_t>() < 2) continue;
    ++families;
    for (const auto& m : c.at("members")) {
      const auto doc = m.at("document").get<std::size_t>();
      const auto path = clusters.at("documents")[doc].at("path").get<std::string>();
      const auto page = path.ends_with("kent.html") ? page_a : page_b;
      const auto start = m.at("start").get<std::size_t>(), end = m.at("end").get<std::size_t>();
      REQUIRE(start < end);
      REQUIRE(end <= page.size());
      const auto original = page.substr(start, end - start);
      CHECK_FALSE(contains(original, "<script"));
      CHECK_FALSE(contains(original, "document.write"));
      CHECK_FALSE(contains(m.at("text").get<std::string>(), "hidden text"));
      CHECK_FALSE(contains(m.at("text").get<std::string>(), "DOCTYPE"));
    }
  }
  CHECK(families >= 2);
  CHECK_FALSE(contains(slurp(out / "clusters.json"), "hidden text that must not appear"));
}

// ---------------------------------------------------------------------------
// Untidy manifests

namespace {

// Scans letters/{kent,essex,herts}-reply.txt with `manifest_text` as `name`;
// checks the warnings and the metadata that results.
void check_untidy_manifest(const std::string& name, const std::string& manifest_text) {
  temp_dir t("untidy-manifest");
  good_letters(t, "letters");
  const auto manifest = t.write(name, manifest_text);
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + q(t.path() / "letters") + " --manifest " + q(manifest) + " --out " + q(out) + " -q");
  const auto clusters = check_success(r, out);
  INFO("stderr was:\n" << r.err);
  const auto warnings = lines_with(r.err, "refrain: warning:");
  // An extra row (no such letter), a duplicate row, and two bad dates.
  CHECK(lines_with(r.err, "'ghost-reply.txt' matches no scanned file").size() == 1);
  CHECK(lines_with(r.err, "'kent-reply.txt' is listed twice; the first row is used").size() == 1);
  CHECK(lines_with(r.err, "date '2023-02-30' is not YYYY-MM-DD").size() == 1);
  CHECK(lines_with(r.err, "date '31/12/2023' is not YYYY-MM-DD").size() == 1);
  CHECK(warnings.size() == 4);
  for (const auto& w : warnings) CHECK(contains(w, name + ":"));  // each names the manifest and line

  std::map<std::string, json> by_file;
  for (const auto& d : clusters.at("documents")) by_file[fs::path(d.at("path").get<std::string>()).filename().string()] = d;
  REQUIRE(by_file.size() == 3);
  CHECK(by_file["kent-reply.txt"].at("source") == "Kent Police");  // the first of the duplicate rows
  CHECK(by_file["kent-reply.txt"].at("date").is_null());            // 2023-02-30 is no date
  CHECK(by_file["essex-reply.txt"].at("source") == "Essex Police");
  CHECK(by_file["essex-reply.txt"].at("date").is_null());           // 31/12/2023 is not ISO
  CHECK(by_file["herts-reply.txt"].at("source") == "letters");      // no row: the folder's name
  CHECK(by_file["herts-reply.txt"].at("date").is_null());
}

}  // namespace

TEST_CASE("robustness: a CSV manifest with missing, extra and duplicate rows and bad dates", "[cli][robustness]") {
  check_untidy_manifest("untidy.csv",
                        "path,source,date\n"
                        "kent-reply.txt,Kent Police,2023-02-30\n"
                        "essex-reply.txt,Essex Police,31/12/2023\n"
                        "ghost-reply.txt,Nowhere Constabulary,2023-01-01\n"
                        "kent-reply.txt,Kent County Police,2023-03-01\n");
}

TEST_CASE("robustness: a JSONL manifest with missing, extra and duplicate rows and bad dates", "[cli][robustness]") {
  check_untidy_manifest("untidy.jsonl",
                        "{\"path\": \"kent-reply.txt\", \"source\": \"Kent Police\", \"date\": \"2023-02-30\"}\n"
                        "{\"path\": \"essex-reply.txt\", \"source\": \"Essex Police\", \"date\": \"31/12/2023\"}\n"
                        "{\"path\": \"ghost-reply.txt\", \"source\": \"Nowhere Constabulary\"}\n"
                        "{\"path\": \"kent-reply.txt\", \"source\": \"Kent County Police\", \"date\": \"2023-03-01\"}\n");
}

TEST_CASE("robustness: a JSONL manifest with a number too large for a double is an error naming the line", "[cli][robustness]") {
  temp_dir t("manifest-overflow");
  const auto manifest = t.write("huge.jsonl", "{\"path\": \"kent-reply.txt\"}\n{\"path\": \"essex-reply.txt\", \"pages\": 1e400}\n");
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + good_letters(t) + " --manifest " + q(manifest) + " --out " + q(out) + " -q");
  check_error(r, {"huge.jsonl:2:", "JSON"});
  check_nothing_written(out);
}

// ---------------------------------------------------------------------------
// Flags: out of range or in conflict (the rows bad_input_test.cpp does not hold)

TEST_CASE("robustness: --num-perm 5000 (above 4096)", "[cli][robustness]") { check_bad_flags("--num-perm 5000", {"num_perm", "4096", "5000"}); }

TEST_CASE("robustness: --threads -1", "[cli][robustness]") { check_bad_flags("--threads -1", {"--threads", "-1"}); }

TEST_CASE("robustness: --min-documents 0", "[cli][robustness]") { check_bad_flags("--min-documents 0", {"min_documents"}); }

TEST_CASE("robustness: --min-words 0", "[cli][robustness]") { check_bad_flags("--min-words 0", {"min_words"}); }

TEST_CASE("robustness: --merge-excess 0 and 2", "[cli][robustness]") {
  check_bad_flags("--merge-excess 0", {"merge_excess", "(0, 1]"});
  check_bad_flags("--merge-excess 2", {"merge_excess", "2"});
}

TEST_CASE("robustness: --passage-threshold 2, --passage-shingles 0 and --passage-share -1", "[cli][robustness]") {
  check_bad_flags("--passage-threshold 2", {"passage_threshold", "2"});
  check_bad_flags("--passage-shingles 0", {"passage_shingles"});
  check_bad_flags("--passage-share -1", {"passage_share", "-1"});
}

TEST_CASE("robustness: --chain-guard 1.5 and -1", "[cli][robustness]") {
  check_bad_flags("--chain-guard 1.5", {"chain_guard", "1.5"});
  check_bad_flags("--chain-guard -1", {"chain_guard", "-1"});
}

TEST_CASE("robustness: --threshold abc, nan and inf", "[cli][robustness]") {
  check_bad_flags("--threshold abc", {"--threshold", "abc"});
  check_bad_flags("--threshold nan", {"threshold", "nan"});
  check_bad_flags("--threshold inf", {"threshold", "inf"});
}

TEST_CASE("robustness: --threshold given twice", "[cli][robustness]") { check_bad_flags("--threshold 0.5 --threshold 0.6", {"--threshold"}); }

TEST_CASE("robustness: --rows without --bands", "[cli][robustness]") { check_bad_flags("--rows 8", {"--bands", "--rows"}); }

TEST_CASE("robustness: --bands 64 --rows 2 with --num-perm 100", "[cli][robustness]") {
  check_bad_flags("--bands 64 --rows 2 --num-perm 100", {"64", "2", "100"});
}

TEST_CASE("robustness: -k 100000 and --char-shingles -k 0", "[cli][robustness]") {
  check_bad_flags("-k 100000", {"shingle size", "64"});
  check_bad_flags("--char-shingles -k 0", {"shingle size", "0"});
}

TEST_CASE("robustness: --quiet with --progress: quiet wins and the scan succeeds", "[cli][robustness]") {
  temp_dir t("flags");
  const auto out = t.path() / "out";
  const auto r = run_refrain("scan " + good_letters(t) + " --out " + q(out) + " --quiet --progress");
  check_success(r, out);
  CHECK(r.err.empty());
}

// ---------------------------------------------------------------------------
// Output that cannot be written

TEST_CASE("robustness: an output folder that cannot be written (chmod 555) is an error and nothing is left", "[cli][robustness]") {
  // Root writes through chmod 555, so when the tests run as root refrain runs
  // as `nobody` through setpriv(1): the folder belongs to nobody, so it is the
  // mode, not the owner, that refuses the write. The binary is copied to a
  // folder nobody can reach, since the build tree may not be.
  temp_dir t("readonly-out");
  fs::permissions(t.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                                fs::perms::others_exec);
  const auto letters = good_letters(t);
  const auto out = t.path() / "out";
  fs::create_directories(out);
  std::string prefix;
  std::string binary = REFRAIN_BIN;
  if (::geteuid() == 0) {
    if (!have_tool("/usr/bin/setpriv")) return;
    binary = (t.path() / "refrain").string();
    fs::copy_file(REFRAIN_BIN, binary);
    REQUIRE(::chown(out.c_str(), 65534, 65534) == 0);
    prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups";
    REQUIRE(run_with_prefix(prefix, binary, "--version").exit_code == 0);
  }
  fs::permissions(out, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec);
  SECTION("the folder itself") {
    const auto r = run_with_prefix(prefix, binary, "scan " + letters + " --out " + q(out) + " -q");
    check_error(r, {"out/clusters.json", "Permission denied"});
    check_nothing_written(out);
  }
  SECTION("a folder to be made inside it") {
    const auto r = run_with_prefix(prefix, binary, "scan " + letters + " --out " + q(out / "results") + " -q");
    check_error(r, {"cannot create output folder", "results", "Permission denied"});
    CHECK_FALSE(fs::exists(out / "results"));
    check_nothing_written(out);
  }
}

TEST_CASE("robustness: a folder in the way of one output is an error before any output is replaced", "[cli][robustness]") {
  temp_dir t("output-blocked");
  const auto out = t.path() / "out";
  const auto before = previous_outputs(t, out);
  fs::remove(out / "report.txt");
  fs::create_directories(out / "report.txt" / "notes");
  const auto r = run_refrain("scan " + good_letters(t) + " --out " + q(out) + " -q");
  check_error(r, {"report.txt", "folder"});
  // clusters.json and members.csv come before report.txt: still the old ones.
  CHECK(slurp(out / "clusters.json") == before.at("clusters.json"));
  CHECK(slurp(out / "members.csv") == before.at("members.csv"));
  CHECK(slurp(out / "clusters.dot") == before.at("clusters.dot"));
  check_no_temporaries(out);
}

TEST_CASE("robustness: a full disk (a 4 KiB file size limit) is an error with no partial or temporary file left",
          "[cli][robustness]") {
  // prlimit --fsize makes every write past 4 KiB fail as it would on a full
  // disk (EFBIG rather than ENOSPC); clusters.json is larger than that.
  if (!have_tool("/usr/bin/prlimit")) return;
  temp_dir t("full-disk");
  const auto out = t.path() / "out";
  const auto before = previous_outputs(t, out);
  REQUIRE(before.at("clusters.json").size() > 4096);
  const auto r = run_with_prefix("prlimit --fsize=4096", REFRAIN_BIN, "scan " + good_letters(t, "now") + " --out " + q(out) + " -q");
  check_error(r, {"out/clusters.json", "File too large"});
  check_outputs_unchanged(out, before);
}

// ---------------------------------------------------------------------------
// Interrupts

TEST_CASE("robustness: SIGINT while computing exits 130 and leaves no partial output", "[cli][robustness][interrupt]") {
  check_interrupt_while_computing(SIGINT, 6000);
}

TEST_CASE("robustness: SIGTERM while computing exits 143 and leaves no partial output", "[cli][robustness][interrupt]") {
  check_interrupt_while_computing(SIGTERM, 6000);
}

TEST_CASE("robustness: SIGINT while writing removes the temporary files and keeps the old outputs",
          "[cli][robustness][interrupt]") {
  check_interrupt_while_writing(SIGINT);
}

TEST_CASE("robustness: SIGTERM while writing removes the temporary files and keeps the old outputs",
          "[cli][robustness][interrupt]") {
  check_interrupt_while_writing(SIGTERM);
}
