#include "eval_command.hpp"

#include <refrain/error.hpp>
#include <refrain/eval.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace refrain::cli {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error(errc::io, fmt::format("cannot read '{}'; check the path", path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::ordered_json to_json(const quality& q) {
  return {{"copies", q.copies},
          {"families", q.families},
          {"copies_found", q.copies_found},
          {"pairwise", {{"precision", q.pairwise_precision}, {"recall", q.pairwise_recall}, {"f1", q.pairwise_f1}}},
          {"bcubed", {{"precision", q.bcubed_precision}, {"recall", q.bcubed_recall}, {"f1", q.bcubed_f1}}},
          {"adjusted_rand", q.adjusted_rand},
          {"family_recall", q.family_recall},
          {"merged_families", q.merged_families}};
}

std::string row(std::string_view label, const quality& q) {
  return fmt::format("{:<10} {:>6} {:>5} {:>6}  {:.3f} {:.3f} {:.3f}  {:.3f} {:.3f} {:.3f}  {:>6.3f}  {:>6.3f} {:>6}\n", label,
                     q.copies, q.families, q.copies_found, q.pairwise_precision, q.pairwise_recall, q.pairwise_f1,
                     q.bcubed_precision, q.bcubed_recall, q.bcubed_f1, q.adjusted_rand, q.family_recall,
                     q.merged_families);
}

}  // namespace

CLI::App* add_eval_command(CLI::App& app, eval_options& o) {
  auto* cmd = app.add_subcommand("eval", "Score a clusters.json against the planted truth.json of `refrain gen`");
  cmd->add_option("clusters", o.clusters, "clusters.json written by `refrain scan`")->required();
  cmd->add_option("--truth", o.truth, "truth.json written by `refrain gen`")->required();
  cmd->add_flag("--json", o.json, "Print the metrics as JSON");
  return cmd;
}

int run_eval(const eval_options& o) {
  const auto truth = parse_truth(read_all(o.truth), o.truth);
  const auto reported = parse_clusters(read_all(o.clusters), o.clusters);
  const auto ev = evaluate(truth, reported);
  if (o.json) {
    nlohmann::ordered_json out{{"overall", to_json(ev.overall)}, {"unplanted_members", ev.unplanted_members}};
    out["by_noise"] = nlohmann::ordered_json::object();
    for (const auto& [noise, q] : ev.by_noise) out["by_noise"][noise] = to_json(q);
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print("{:<10} {:>6} {:>5} {:>6}  {:<17}  {:<17}  {:>6}  {:>6} {:>6}\n", "noise", "copies", "fams", "found",
             "pairwise P R F1", "B-cubed P R F1", "ARI", "famrec", "merged");
  for (const auto& [noise, q] : ev.by_noise) fmt::print("{}", row(noise, q));
  fmt::print("{}", row("all", ev.overall));
  fmt::print("reported members covering no planted copy: {}\n", ev.unplanted_members);
  return 0;
}

}  // namespace refrain::cli
