// `refrain strip`: one letter with its template text marked or removed — what is
// actually new in it. The letter is scanned together with a corpus, so its text
// counts as template when a family of that corpus holds it.
#pragma once

#include <refrain/scan.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace refrain::cli {

struct strip_options {
  std::string letter;
  std::vector<std::string> corpus;
  std::optional<std::string> manifest;
  bool remove = false;
  scan_params params;
};

CLI::App* add_strip_command(CLI::App& app, strip_options& options);
int run_strip(const strip_options& options);

}  // namespace refrain::cli
