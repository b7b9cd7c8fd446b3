// `refrain eval`: detection quality of a clusters.json against a truth.json.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace refrain::cli {

struct eval_options {
  std::string truth;
  std::string clusters;
  bool json = false;
};

CLI::App* add_eval_command(CLI::App& app, eval_options& options);
int run_eval(const eval_options& options);

}  // namespace refrain::cli
