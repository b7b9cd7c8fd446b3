// The refrain program: argv, progress, warnings and exit codes. All computation
// lives in refrain_core and all formatting in refrain_viz; this file only wires
// them to a terminal. Exit codes: 0 ok, 2 error (usage, input or output).
#include "eval_command.hpp"
#include "gen_command.hpp"
#include "scan_command.hpp"
#include "strip_command.hpp"

#include <refrain/error.hpp>
#include <refrain/version.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) must fail a write with EFBIG, which the
  // writers report and clean up after, rather than kill the process mid-write
  // and leave a partial temporary file behind.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"refrain: find the template text that many documents share", "refrain"};
  app.set_version_flag("--version", std::string(refrain::tool_version));
  app.require_subcommand(1);
  refrain::cli::scan_options scan;
  auto* scan_cmd = refrain::cli::add_scan_command(app, scan);
  refrain::cli::eval_options eval;
  auto* eval_cmd = refrain::cli::add_eval_command(app, eval);
  refrain::cli::gen_options gen;
  auto* gen_cmd = refrain::cli::add_gen_command(app, gen);
  refrain::cli::strip_options strip;
  auto* strip_cmd = refrain::cli::add_strip_command(app, strip);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "refrain: error: {}\nRun 'refrain --help' or 'refrain scan --help' for usage.\n", e.what());
    return 2;
  }
  try {
    if (scan_cmd->parsed()) return refrain::cli::run_scan(scan);
    if (eval_cmd->parsed()) return refrain::cli::run_eval(eval);
    if (gen_cmd->parsed()) return refrain::cli::run_gen(gen);
    if (strip_cmd->parsed()) return refrain::cli::run_strip(strip);
  } catch (const refrain::error& e) {
    fmt::print(stderr, "refrain: error: {}\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "refrain: error: out of memory; scan fewer files at once or raise --min-words\n");
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "refrain: error: {}\n", e.what());
    return 2;
  }
  return 0;
}
