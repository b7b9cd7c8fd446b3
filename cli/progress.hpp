// Progress on stderr for long runs: stage, done of total, rate and time left.
// On a terminal one line is redrawn in place; otherwise (--progress into a file or
// pipe) a line is printed at each stage start and every 10% of it.
#pragma once

#include <refrain/scan.hpp>

#include <chrono>
#include <string>

namespace refrain::cli {

class progress_printer {
 public:
  explicit progress_printer(bool terminal) : terminal_(terminal) {}
  ~progress_printer() { finish(); }

  void operator()(const scan_progress& p);
  void note(const std::string& line);  // a one-off stage such as reading or writing
  void finish();                        // ends a redrawn line

 private:
  using clock = std::chrono::steady_clock;
  bool terminal_;
  bool open_line_ = false;
  std::string stage_;
  clock::time_point stage_began_{};
  clock::time_point last_draw_{};
  std::uint64_t last_decile_ = 0;
};

}  // namespace refrain::cli
