#include "progress.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace refrain::cli {

void progress_printer::operator()(const scan_progress& p) {
  const auto now = clock::now();
  if (p.stage != stage_) {
    finish();
    stage_ = std::string(p.stage);
    stage_began_ = now;
    last_decile_ = 0;
    if (!terminal_) fmt::print(stderr, "refrain: {} ...\n", stage_);
  }
  if (p.total == 0) return;
  const double elapsed = std::chrono::duration<double>(now - stage_began_).count();
  const double rate = elapsed > 0 ? static_cast<double>(p.done) / elapsed : 0;
  const double left = rate > 0 ? static_cast<double>(p.total - p.done) / rate : 0;
  const auto line = fmt::format("refrain: {} {}/{} {} ({:.0f}/s, {:.1f} s, ~{:.0f} s left)", stage_, p.done, p.total,
                                p.unit, rate, elapsed, left);
  if (terminal_) {
    // Redraw at most ten times a second: printing must not slow the scan.
    if (p.done != p.total && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    fmt::print(stderr, "\r\033[K{}", line);
    std::fflush(stderr);
    open_line_ = true;
  } else {
    const auto decile = p.done * 10 / p.total;
    if (decile > last_decile_) {
      last_decile_ = decile;
      fmt::print(stderr, "{}\n", line);
    }
  }
}

void progress_printer::note(const std::string& line) {
  finish();
  fmt::print(stderr, "refrain: {}\n", line);
}

void progress_printer::finish() {
  if (open_line_) fmt::print(stderr, "\n");
  open_line_ = false;
}

}  // namespace refrain::cli
