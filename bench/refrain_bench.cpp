// refrain-bench: end-to-end and per-stage cost of `scan` on seeded synthetic
// corpora, swept over size and thread count. Prints a table and JSON lines.
//   refrain-bench [--sizes-mb 1,10 | --corpus DIR [--spill DIR]] [--threads 1,2] [--seed 1] [--micro | --one-template N,... | --machine R]
// Results worth keeping go to bench/results/ with the machine and commit noted.
#include "machine_ceiling.hpp"

#include <refrain/corpus.hpp>
#include <refrain/datasets/synthetic.hpp>
#include <refrain/minhash.hpp>
#include <refrain/normalize.hpp>
#include <refrain/scan.hpp>
#include <refrain/segment.hpp>
#include <refrain/shingle.hpp>
#include <refrain/viz/writers.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tbb/global_control.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <streambuf>
#include <limits>
#include <random>
#include <sys/resource.h>

namespace {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

// Letters are about 2.5 KB each in the synthetic corpus.
refrain::corpus corpus_of_size(double megabytes, std::uint64_t seed) {
  const auto letters = static_cast<std::size_t>(megabytes * 1e6 / 2500.0) + 1;
  return refrain::datasets::generated_corpus(seed, letters, 40 + letters / 50, 0.05);
}

// Counts what is written and keeps none of it: the cost of making an output,
// without the disk.
class discarding_buffer : public std::streambuf {
 public:
  std::uint64_t bytes = 0;

 protected:
  int_type overflow(int_type c) override {
    ++bytes;
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::uint64_t>(n);
    return n;
  }
};

// Seconds to make clusters.json and members.csv, the two outputs that grow
// with the corpus (the rest are summaries), one after the other.
refrain::stage_timing time_writing(const refrain::report& rep) {
  discarding_buffer sink;
  std::ostream out(&sink);
  const auto began = std::chrono::steady_clock::now();
  const auto began_cpu = refrain::process_cpu_seconds();
  refrain::viz::write_json(out, rep);
  refrain::viz::write_members_csv(out, rep);
  return {"write", std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count(),
          refrain::process_cpu_seconds() - began_cpu};
}

}  // namespace

// One template paragraph copied, with a word or two changed, into every letter:
// the worst case for bucketing (datasketch's quadratic bucket queries). The
// cost of scan must grow linearly with the number of copies.
refrain::corpus one_template(std::size_t letters, std::uint64_t seed) {
  static const std::vector<std::string> words = {
      "confirming", "or", "denying", "whether", "any", "information", "is", "held", "would", "allow", "offenders",
      "to", "map", "police", "activity", "across", "the", "county", "and", "move", "their", "operations", "to",
      "areas", "where", "they", "believe", "the", "force", "is", "least", "active", "which", "would", "harm",
      "the", "prevention", "and", "detection", "of", "crime"};
  std::mt19937_64 rng(seed);
  refrain::corpus c;
  for (std::size_t l = 0; l < letters; ++l) {
    refrain::document d;
    d.path = "one-template/" + std::to_string(l) + ".txt";
    d.source = "source" + std::to_string(l % 40);
    std::string para;
    for (std::size_t i = 0; i < words.size(); ++i) {
      para += (i ? " " : "");
      para += rng() % 20 == 0 ? "edit" + std::to_string(rng() % 1000) : words[i];
    }
    c.add(std::move(d), "Dear requester,\n\n" + para + ".\n\nReference " + std::to_string(l * 7919 % 100003) +
                            " about item " + std::to_string(rng() % 1000003) + " of letter " + std::to_string(l) + ".\n");
  }
  return c;
}

// Micro-benchmarks of the per-unit stages, in MB of letter text per second:
// segment + normalize + shingle, and MinHash signatures (num_perm values per
// unit; every byte is signed twice, once in its paragraph and once in its
// sentence).
void micro(double mb, std::uint64_t seed, const std::vector<unsigned>& threads) {
  const auto corpus = corpus_of_size(mb, seed);
  double bytes = 0;
  for (const auto& d : corpus.documents) bytes += static_cast<double>(d.bytes.size());
  fmt::print("{:>8} {:>7} {:>22} {:>22} {:>22} {:>10}\n", "MB", "threads", "segment+shingle MB/s", "signature matrix MB/s",
             "signatures MB/s", "shingles");
  for (const unsigned t : threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, t);
    const auto began = std::chrono::steady_clock::now();
    std::vector<std::vector<std::vector<refrain::shingle_hash>>> per_doc(corpus.documents.size());
    tbb::parallel_for(std::size_t{0}, corpus.documents.size(), [&](std::size_t d) {
      for (const auto& u : refrain::segment(corpus.documents[d]))
        per_doc[d].push_back(refrain::shingle(refrain::normalize(refrain::unit_text(corpus.documents[d], u)), {.k = 4}));
    });
    const double shingling = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    refrain::shingle_table sets;
    for (const auto& units : per_doc)
      for (const auto& set : units) sets.push_back(set);
    const auto signing_began = std::chrono::steady_clock::now();
    const auto signatures = refrain::compute_signatures(sets, {});
    const double signing = std::chrono::duration<double>(std::chrono::steady_clock::now() - signing_began).count();
    // The scan's own signature step (link.hpp): each set's minima go to a
    // per-thread buffer and straight into band keys, never to a stored matrix.
    const auto minima_began = std::chrono::steady_clock::now();
    const auto family = refrain::make_minhash_family({});
    std::atomic<std::uint32_t> sink{0};
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, sets.size(), 256), [&](const tbb::blocked_range<std::size_t>& r) {
      std::vector<std::uint32_t> mins(family.a.size());
      std::uint32_t folded = 0;
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        std::fill(mins.begin(), mins.end(), std::numeric_limits<std::uint32_t>::max());
        refrain::minhash_into(sets[i], family, 0, 1, mins);
        folded ^= mins[i % mins.size()];
      }
      sink ^= folded;
    });
    const double minima = std::chrono::duration<double>(std::chrono::steady_clock::now() - minima_began).count();
    fmt::print("{:>8.1f} {:>7} {:>22.1f} {:>22.1f} {:>22.1f} {:>10}\n", bytes / 1e6, t, bytes / 1e6 / shingling,
               bytes / 1e6 / signing, bytes / 1e6 / minima, sets.values());
    fmt::print(stderr, "{{\"micro\":true,\"bytes\":{},\"threads\":{},\"segment_shingle_mb_per_s\":{:.2f},"
               "\"signature_matrix_mb_per_s\":{:.2f},\"signatures_mb_per_s\":{:.2f},\"shingles\":{},\"signed\":{},"
               "\"sink\":{}}}\n",
               bytes, t, bytes / 1e6 / shingling, bytes / 1e6 / signing, bytes / 1e6 / minima, sets.values(),
               signatures.size(), sink.load());
  }
}

int main(int argc, char** argv) {
  CLI::App app{"refrain-bench: scan throughput on synthetic corpora", "refrain-bench"};
  std::vector<double> sizes{1, 10};
  std::vector<unsigned> threads{1, 2};
  std::uint64_t seed = 1;
  app.add_option("--sizes-mb", sizes, "Corpus sizes in MB")->delimiter(',')->capture_default_str();
  app.add_option("--threads", threads, "Thread counts")->delimiter(',')->capture_default_str();
  app.add_option("--seed", seed, "Generator seed")->capture_default_str();
  std::vector<std::size_t> copies;
  app.add_option("--one-template", copies, "Instead: one template copied into N letters, for each N (linearity check)")
      ->delimiter(',');
  std::string folder;
  auto* corpus_option = app.add_option("--corpus", folder,
                 "Instead of generated corpora: the letters in this folder (with its manifest.csv, if any), e.g. one "
                 "made by `refrain gen`");
  std::string spill_to;
  app.add_option("--spill", spill_to,
                 "With --corpus: spill the letters to a temporary file in this folder, as `refrain scan` does, "
                 "instead of holding them in memory")
      ->needs(corpus_option)
      ->check(CLI::ExistingDirectory);
  unsigned machine_repeats = 0;
  app.add_option("--machine", machine_repeats,
                 "Instead: how much faster this machine runs two threads than one on plain compute, random reads and "
                 "streaming reads, each timed this many times (the ceiling for thread scaling)")
      ->check(CLI::Range(1u, 100u));
  bool micro_only = false;
  app.add_flag("--micro", micro_only, "Instead: per-stage micro-benchmarks (segment+shingle, signatures) at each size");
  CLI11_PARSE(app, argc, argv);
  if (machine_repeats > 0) {
    machine_ceiling(machine_repeats);
    return 0;
  }
  if (micro_only) {
    for (const double mb : sizes) micro(mb, seed, threads);
    return 0;
  }
  if (!copies.empty()) {
    fmt::print("{:>9} {:>10} {:>10} {:>9} {:>12}\n", "copies", "candidates", "verified", "seconds", "us per copy");
    for (const auto n : copies) {
      const auto corpus = one_template(n, seed);
      const auto began = std::chrono::steady_clock::now();
      const auto rep = refrain::scan(corpus, {});
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
      fmt::print("{:>9} {:>10} {:>10} {:>9.3f} {:>12.1f}\n", n, rep.stats.candidate_pairs, rep.stats.verified_pairs, s,
                 1e6 * s / static_cast<double>(n));
    }
    return 0;
  }

  fmt::print("{:>8} {:>7} {:>9} {:>9} {:>8} {:>9} {:>9} {:>9} {:>8}  stages (s)\n", "MB", "threads", "units",
             "cand", "verified", "families", "total s", "MB/s", "RSS MB");
  std::vector<refrain::corpus> given;  // the --corpus letters, read once
  if (!folder.empty()) {
    refrain::ingest_options in{{folder}, {}};
    if (!spill_to.empty()) in.spill_folder = spill_to;
    if (std::filesystem::exists(folder + "/manifest.csv")) in.manifest = folder + "/manifest.csv";
    given.push_back(refrain::load_corpus(in));
    sizes = {0};
  }
  for (const double mb : sizes) {
    const auto corpus = given.empty() ? corpus_of_size(mb, seed) : std::move(given.front());
    std::uint64_t bytes = 0;
    for (const auto& d : corpus.documents) bytes += d.bytes.size();
    for (const unsigned t : threads) {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, t);
      const auto began = std::chrono::steady_clock::now();
      const auto rep = refrain::scan(corpus, {});
      auto timings = rep.timings;
      timings.push_back(time_writing(rep));
      const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
      // Each stage's wall time, and how many cores it kept busy on average (its
      // CPU time over its wall time; see docs/performance.md, "How to measure").
      std::string stages, busy;
      nlohmann::json stage_json = nlohmann::json::object(), cpu_json = nlohmann::json::object();
      for (const auto& s : timings) {
        stages += fmt::format("{}{}={:.3f}", stages.empty() ? "" : " ", s.stage, s.seconds);
        busy += fmt::format(" {}={:.2f}", s.stage, s.cores_busy());
        stage_json[s.stage] = s.seconds;
        cpu_json[s.stage] = s.cpu_seconds;
      }
      const double rate = static_cast<double>(bytes) / 1e6 / total;
      fmt::print("{:>8.1f} {:>7} {:>9} {:>9} {:>8} {:>9} {:>9.3f} {:>9.1f} {:>8.0f}  {}\n", static_cast<double>(bytes) / 1e6,
                 t, rep.stats.units, rep.stats.candidate_pairs, rep.stats.verified_pairs, rep.stats.clusters, total,
                 rate, peak_rss_mb(), stages);
      fmt::print("{:>8} {:>7} cores busy:{}\n", "", "", busy);
      nlohmann::json line{{"bytes", bytes},          {"threads", t},
                          {"units", rep.stats.units}, {"candidate_pairs", rep.stats.candidate_pairs},
                          {"verified_pairs", rep.stats.verified_pairs}, {"clusters", rep.stats.clusters},
                          {"seconds", total},         {"mb_per_s", rate},
                          {"peak_rss_mb", peak_rss_mb()}, {"stages", stage_json},
                          {"stages_cpu_seconds", cpu_json}};
      fmt::print(stderr, "{}\n", line.dump());
    }
  }
  return 0;
}
