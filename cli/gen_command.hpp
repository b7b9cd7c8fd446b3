// `refrain gen`: write a seeded FOI-like corpus with its manifest and truth.json.
#pragma once

#include <refrain/datasets/generator.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace refrain::cli {

struct gen_options {
  std::string out;
  std::string noise = "moderate";
  datasets::generator_params params;
};

CLI::App* add_gen_command(CLI::App& app, gen_options& options);
int run_gen(gen_options& options);

}  // namespace refrain::cli
