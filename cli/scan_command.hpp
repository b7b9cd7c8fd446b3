// `refrain scan`: its flags (one table, from which --help is generated) and its run.
#pragma once

#include <refrain/scan.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace refrain::cli {

struct scan_options {
  std::vector<std::string> inputs;
  std::string out;
  std::optional<std::string> manifest;
  std::string unit = "both";
  bool char_shingles = false;
  bool containment = false;
  std::optional<unsigned> bands;
  std::optional<unsigned> rows;
  unsigned threads = 0;  // 0: every core
  bool quiet = false;
  bool progress = false;
  std::optional<std::string> render;  // svg or png
  scan_params params;
};

CLI::App* add_scan_command(CLI::App& app, scan_options& options);

// Returns the exit code; throws refrain::error for the caller to report.
int run_scan(scan_options& options);

}  // namespace refrain::cli
