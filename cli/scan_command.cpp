#include "scan_command.hpp"

#include "progress.hpp"

#include <refrain/corpus.hpp>
#include <refrain/error.hpp>
#include <refrain/viz/html.hpp>
#include <refrain/viz/output.hpp>
#include <refrain/viz/scorecards.hpp>
#include <refrain/viz/writers.hpp>

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_scheduler_observer.h>

#include <chrono>
#include <cstdlib>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <unistd.h>

namespace refrain::cli {
namespace {

constexpr const char* output_names[] = {"clusters.json",
                                        "members.csv",
                                        "report.txt",
                                        "report.html",
                                        "clusters.dot",
                                        "sources.dot",
                                        "variants.dot",
                                        "scorecard_by_source_year.csv",
                                        "source_similarity.csv",
                                        "family_timeline.csv",
                                        "family_variants_by_source.csv"};
constexpr std::size_t output_count = std::size(output_names);

// Temporary output paths, fixed before the run starts, so that an interrupt can
// remove them with async-signal-safe calls only. Unlinking one that was never
// created is harmless: the names carry this process's id.
char pending_paths[output_count][4096];

constexpr int interrupt_signals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void on_interrupt(int signal) {
  for (auto& path : pending_paths)
    if (path[0] != '\0') ::unlink(path);
  // Only async-signal-safe calls here: no fmt, no stdio.
  const char* message = signal == SIGINT    ? "refrain: interrupted (SIGINT); temporary files removed\n"
                        : signal == SIGTERM ? "refrain: terminated (SIGTERM); temporary files removed\n"
                                            : "refrain: hung up (SIGHUP); temporary files removed\n";
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message, std::strlen(message));
  ::_exit(128 + signal);
}

// Where the letters are spilled while they are scanned: the output folder, or
// the nearest folder above it that exists yet. It is on the disk the outputs
// go to; a system temporary folder may be held in memory, which would defeat it.
std::string spill_folder(const std::string& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto folder = fs::absolute(out, ec);
  while (!ec && !fs::is_directory(folder, ec) && folder.has_relative_path()) {
    ec.clear();
    folder = folder.parent_path();
  }
  return folder.string();
}

// Installed before anything is read, so that an interrupt at any point of the
// run (not only while writing) exits with 128 + signal and leaves no
// temporary file. The renames that publish the outputs are shielded from these
// signals by viz::write_outputs_atomically, so an interrupt never leaves a mix
// of new and old outputs.
void install_interrupt_cleanup(const std::string& out) {
  for (std::size_t i = 0; i < output_count; ++i) {
    const auto path = viz::temporary_path(out, output_names[i]);
    // A cut-off path could name some other file; better to leave it alone.
    if (path.size() < sizeof pending_paths[i]) std::strcpy(pending_paths[i], path.c_str());
  }
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  ::sigemptyset(&action.sa_mask);
  for (int s : interrupt_signals) ::sigaddset(&action.sa_mask, s);  // one cleanup at a time
  for (int s : interrupt_signals) ::sigaction(s, &action, nullptr);
}

// Keeps the interrupt signals away from TBB's worker threads, so that the
// handler only ever runs on the main thread, which holds them off while it
// renames the outputs into place (see viz::write_outputs_atomically).
class interrupts_to_main_thread : public tbb::task_scheduler_observer {
 public:
  interrupts_to_main_thread() { observe(true); }

  void on_scheduler_entry(bool is_worker) override {
    if (!is_worker) return;
    sigset_t held;
    ::sigemptyset(&held);
    for (int s : interrupt_signals) ::sigaddset(&held, s);
    ::pthread_sigmask(SIG_BLOCK, &held, nullptr);
  }
};

// Called once the thread limit is set and before any parallel work. The
// observer lives as long as the process: TBB frees its record of an observer
// only when the main thread's arena goes, which is at exit, so stopping it
// earlier would leak that record (and LeakSanitizer says so).
void keep_interrupts_off_workers() {
  static const auto* const observer = new interrupts_to_main_thread;
  static_cast<void>(observer);
}

}  // namespace

// Runs Graphviz's `dot` on every graph written, or says plainly why it cannot.
void render_graphs(const std::string& out, const std::string& format) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    fmt::print(stderr, "refrain: warning: --render {}: Graphviz's 'dot' is not installed (apt-get install graphviz); "
                       "the .dot files are written, render them later with dot -T{}\n", format, format);
    return;
  }
  for (const char* graph : {"clusters", "sources", "variants"}) {
    const auto dot = fmt::format("{}/{}.dot", out, graph), image = fmt::format("{}/{}.{}", out, graph, format);
    const auto quote = [](const std::string& s) {
      std::string q = "'";
      for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
      return q + "'";
    };
    const auto command = fmt::format("dot -T{} {} -o {}", format, quote(dot), quote(image));
    if (std::system(command.c_str()) != 0)
      fmt::print(stderr, "refrain: warning: dot could not render {}; {} is still there\n", image, dot);
  }
}

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
  cmd->add_option("--passage-threshold", p.passage_threshold,
                  "Sentences at least this similar (below --threshold) still pair when they share a passage (0: off)")
      ->capture_default_str()
      ->group("Matching");
  cmd->add_option("--passage-shingles", p.passage_shingles, "Shingles a shared passage has in common, >= 1")
      ->capture_default_str()
      ->group("Matching");
  cmd->add_option("--passage-share", p.passage_share, "Share of the shorter sentence a shared passage makes up, in [0, 1]")
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
  cmd->add_option("--render", o.render, "Also render the DOT graphs with Graphviz: svg or png")
      ->check(CLI::IsMember({"svg", "png"}))
      ->group("Input and output");
  cmd->add_option("--national-sources", p.national_sources,
                  "A family used by at least this many sources is national template text, else house boilerplate")
      ->capture_default_str()
      ->group("Matching");
  cmd->add_flag("-q,--quiet", o.quiet, "No progress on stderr")->group("Running");
  cmd->add_flag("--progress", o.progress, "Progress on stderr even when it is not a terminal")->group("Running");
  return cmd;
}

int run_scan(scan_options& o) {
  const auto began = std::chrono::steady_clock::now();
  install_interrupt_cleanup(o.out);
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
  keep_interrupts_off_workers();
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  const bool show_progress = !o.quiet && (o.progress || terminal);
  progress_printer progress(terminal);
  const auto stage_began = [] { return std::chrono::steady_clock::now(); };
  const auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };

  auto t = stage_began();
  // Spilled as they are read, the letters stay in the kernel's page cache rather
  // than in the scan's memory; where that fails they simply stay in memory.
  auto input = load_corpus({o.inputs, o.manifest, spill_folder(o.out)});
  for (const auto& w : input.warnings) fmt::print(stderr, "refrain: warning: {}\n", w);
  const bool spilled = input.spilled();
  if (show_progress)
    progress.note(fmt::format("read {} documents in {:.2f} s{}", input.documents.size(), seconds_since(t),
                              spilled ? "" : " (kept in memory: the folder beside the outputs could not take their temporary file)"));

  const auto rep = scan(input, p, [&](const scan_progress& sp) {
    if (show_progress) progress(sp);
  });
  progress.finish();

  t = stage_began();
  if (show_progress) progress.note("writing the outputs ...");
  std::vector<std::string_view> texts;
  for (const auto& doc : input.documents) texts.emplace_back(doc.bytes);
  const auto& cards = rep.standardisation;
  // Each output is made as it is written, so only one is in memory at a time;
  // clusters.json and members.csv stream straight to disk.
  const auto made = [](std::string name, auto make) {
    return viz::output_file{std::move(name), {}, [make](std::ostream& out) { out << make(); }};
  };
  viz::write_outputs_atomically(
      o.out, {{"clusters.json", {}, [&](std::ostream& out) { viz::write_json(out, rep); }},
              {"members.csv", {}, [&](std::ostream& out) { viz::write_members_csv(out, rep); }},
              made("report.txt", [&] { return viz::to_text(rep); }),
              {"report.html", {}, [&](std::ostream& out) { viz::write_html(out, rep, texts); }},
              made("clusters.dot", [&] { return viz::to_dot(rep); }),
              made("sources.dot", [&] { return viz::to_sources_dot(rep); }),
              made("variants.dot", [&] { return viz::to_variants_dot(rep); }),
              made("scorecard_by_source_year.csv", [&] { return viz::to_scorecard_by_source_year_csv(cards); }),
              made("source_similarity.csv", [&] { return viz::to_source_similarity_csv(cards); }),
              made("family_timeline.csv", [&] { return viz::to_family_timeline_csv(cards); }),
              made("family_variants_by_source.csv", [&] { return viz::to_family_variants_by_source_csv(cards); })});
  if (o.render) render_graphs(o.out, *o.render);
  if (show_progress) progress.note(fmt::format("wrote the outputs in {:.2f} s", seconds_since(t)));

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  fmt::print("refrain: {} documents, {} units, {} families -> {}/ (clusters.json, members.csv, report.txt, report.html, "
             "DOT graphs, scorecard CSVs)\n",
             rep.stats.documents, rep.stats.units, rep.stats.clusters, o.out);
  if (!o.quiet) fmt::print(stderr, "refrain: scan took {:.3f} s\n", seconds);
  return 0;
}

}  // namespace refrain::cli
