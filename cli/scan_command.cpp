#include "scan_command.hpp"

#include <refrain/corpus.hpp>
#include <refrain/error.hpp>
#include <refrain/viz/output.hpp>
#include <refrain/viz/writers.hpp>

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <memory>
#include <unistd.h>

namespace refrain::cli {
namespace {

constexpr const char* output_names[] = {"clusters.json", "members.csv", "report.txt", "clusters.dot"};
constexpr std::size_t output_count = std::size(output_names);

// Temporary output paths, fixed before any is written, so that an interrupt can
// remove them with async-signal-safe calls only.
char pending_paths[output_count][4096];

extern "C" void on_interrupt(int signal) {
  for (auto& path : pending_paths)
    if (path[0] != '\0') ::unlink(path);
  ::_exit(128 + signal);
}

void install_interrupt_cleanup(const std::string& out) {
  for (std::size_t i = 0; i < output_count; ++i) {
    const auto path = viz::temporary_path(out, output_names[i]);
    std::strncpy(pending_paths[i], path.c_str(), sizeof pending_paths[i] - 1);
  }
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
}

}  // namespace

CLI::App* add_scan_command(CLI::App& app, scan_options& o) {
  auto* cmd = app.add_subcommand("scan", "Cluster the paragraphs and sentences that letters share; write clusters.json, "
                                         "members.csv, report.txt and clusters.dot");
  auto& p = o.params;
  cmd->add_option("inputs", o.inputs, "Files and folders to scan (folders are read recursively for .txt, .md, .html, .htm)")
      ->required();
  cmd->add_option("-o,--out", o.out, "Folder for the outputs (created if missing)")->required()->group("Input and output");
  cmd->add_option("--manifest", o.manifest, "CSV or JSONL with path, source, date, reference (+ any columns, kept as metadata)")
      ->group("Input and output");
  cmd->add_option("--unit", o.unit, "Units to match: paragraph, sentence, or both (sentence families kept where paragraphs do not line up)")
      ->check(CLI::IsMember({"paragraph", "sentence", "both"}))
      ->capture_default_str()
      ->group("Matching");
  cmd->add_option("-t,--threshold", p.threshold, "Minimum exact similarity of two units, in (0, 1]")
      ->capture_default_str()
      ->group("Matching");
  cmd->add_flag("--containment", o.containment,
                "Measure similarity as |A∩B| / min(|A|,|B|) instead of Jaccard (finds a short copy inside a longer text)")
      ->group("Matching");
  cmd->add_option("-k,--shingle-size", p.shingles.k, "Words per shingle (characters with --char-shingles), >= 1")
      ->capture_default_str()
      ->group("Matching");
  cmd->add_flag("--char-shingles", o.char_shingles, "Shingle by characters instead of words")->group("Matching");
  cmd->add_option("--min-words", p.min_words, "Units with fewer words are not matched")->capture_default_str()->group("Matching");
  cmd->add_option("--min-documents", p.min_documents, "Report a family only when it spans this many documents")
      ->capture_default_str()
      ->group("Matching");
  cmd->add_option("--merge-excess", p.merge_excess,
                  "Paragraph pairs whose longer side has this much more unmatched text are merges, left to sentence matching (1: off)")
      ->capture_default_str()
      ->group("Matching");
  cmd->add_option("--chain-guard", p.chain_guard,
                  "Split off family members whose similarity to the family's medoid is below this (0: off)")
      ->capture_default_str()
      ->group("Matching");
  cmd->add_option("--variant-threshold", p.variant_threshold,
                  "Families whose representatives share this share of word pairs (bigram Jaccard) become variants of one family (0: off)")
      ->capture_default_str()
      ->group("Matching");
  cmd->add_option("--num-perm", p.minhash.num_perm, "MinHash signature length, 1..4096")->capture_default_str()->group("Sketching");
  cmd->add_option("--seed", p.minhash.seed, "MinHash seed (same seed, same output)")->capture_default_str()->group("Sketching");
  cmd->add_option("--bands", o.bands, "LSH bands (with --rows; bands x rows must equal --num-perm; default: chosen from --threshold)")
      ->group("Sketching");
  cmd->add_option("--rows", o.rows, "LSH rows per band (with --bands)")->group("Sketching");
  cmd->add_option("-j,--threads", o.threads, "Worker threads (0: every core); output is identical at any count")
      ->capture_default_str()
      ->group("Running");
  cmd->add_flag("-q,--quiet", o.quiet, "No progress on stderr")->group("Running");
  cmd->add_flag("--progress", o.progress, "Progress on stderr even when it is not a terminal")->group("Running");
  return cmd;
}

int run_scan(scan_options& o) {
  const auto began = std::chrono::steady_clock::now();
  auto& p = o.params;
  p.segmentation.mode = o.unit == "paragraph" ? unit_mode::paragraph : o.unit == "sentence" ? unit_mode::sentence : unit_mode::both;
  p.shingles.kind = o.char_shingles ? shingle_kind::character : shingle_kind::word;
  p.measure = o.containment ? similarity_measure::containment : similarity_measure::jaccard;
  if (o.bands.has_value() != o.rows.has_value())
    throw error(errc::invalid_argument, "--bands and --rows go together; give both (bands x rows = --num-perm) or neither");
  if (o.bands) p.bands = banding{*o.bands, *o.rows};
  validate(p);  // before reading anything, so a bad flag fails fast

  std::unique_ptr<tbb::global_control> threads;
  if (o.threads > 0) threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, o.threads);
  const bool show_progress = !o.quiet && (o.progress || ::isatty(STDERR_FILENO));

  if (show_progress) fmt::print(stderr, "refrain: reading {} input path(s)\n", o.inputs.size());
  const auto input = load_corpus({o.inputs, o.manifest});
  for (const auto& w : input.warnings) fmt::print(stderr, "refrain: warning: {}\n", w);

  const auto rep = scan(input, p, [&](std::string_view stage) {
    if (show_progress) fmt::print(stderr, "refrain: {} ...\n", stage);
  });

  install_interrupt_cleanup(o.out);
  viz::write_outputs_atomically(o.out, {{"clusters.json", viz::to_json(rep)},
                                        {"members.csv", viz::to_members_csv(rep)},
                                        {"report.txt", viz::to_text(rep)},
                                        {"clusters.dot", viz::to_dot(rep)}});

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  fmt::print("refrain: {} documents, {} units, {} families -> {}/clusters.json, members.csv, report.txt, clusters.dot\n",
             rep.stats.documents, rep.stats.units, rep.stats.clusters, o.out);
  if (!o.quiet) fmt::print(stderr, "refrain: scan took {:.3f} s\n", seconds);
  return 0;
}

}  // namespace refrain::cli
