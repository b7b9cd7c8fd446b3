// refrain/scan.hpp — the whole pipeline, corpus in, report out.
//
// corpus -> segment -> normalize -> shingle -> minhash -> lsh -> verify ->
// cluster -> family -> report. Paragraphs and sentences are matched separately
// (a unit only pairs with units of its own kind); two sentences below the
// threshold still pair when they share a long passage (a template sentence
// rewritten around its core). In `both` mode, sentence
// components that mostly sit in one paragraph family are absorbed into it, so a
// template that some letters merged or split is still one family; the sentence
// families that remain are shared sentences whose paragraphs do not line up.
// Families whose representatives share most word pairs (house versions, national
// revisions) are linked as variants of one family (family.hpp).
//
// The report is plain data for the writers in viz/. It carries everything the
// outputs need, and the same corpus and parameters give the same report at any
// thread count; only `timings` differ between runs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <refrain/boilerplate.hpp>
#include <refrain/consensus.hpp>
#include <refrain/corpus.hpp>
#include <refrain/huge_pages.hpp>
#include <refrain/lsh.hpp>
#include <refrain/minhash.hpp>
#include <refrain/scorecard.hpp>
#include <refrain/segment.hpp>
#include <refrain/shingle.hpp>
#include <refrain/verify.hpp>

namespace refrain {

struct scan_params {
  segment_params segmentation{};
  shingle_params shingles{.k = 4};  // see docs/quality.md for why 4, not 5
  minhash_params minhash{};
  double threshold = 0.25;            // minimum exact similarity of a verified pair, (0, 1]
  std::optional<banding> bands{};     // default: choose_banding(threshold, num_perm)
  similarity_measure measure = similarity_measure::jaccard;
  unsigned min_words = 5;             // shorter units are not matched
  unsigned min_documents = 2;         // a family must span this many documents
  unsigned national_sources = 2;      // a family used by this many sources is national template text
  // Two paragraphs where the longer has at least this much more of its text
  // unmatched than the shorter are a merge (two templates in one paragraph, or a
  // template plus new text), not an edited copy: that pair is left to sentence
  // matching, so a merged paragraph does not chain two templates into one
  // family. In (0, 1]; 1 turns the guard off.
  double merge_excess = 0.3;
  // Members of a family whose similarity to its medoid is below this were joined
  // only through a chain of other members; they are split off (cluster.hpp,
  // split_chains). 0 turns the guard off.
  double chain_guard = 0.15;
  // Families whose representatives reach this word-bigram Jaccard become variants
  // of one family. 0 turns variant linking off.
  double variant_threshold = 0.3;
  // Sentences whose similarity is below `threshold` but at least this still pair
  // when they share a passage: at least `passage_shingles` shingles in common,
  // and those at least `passage_share` of the shorter sentence. 0 turns it off.
  double passage_threshold = 0.12;
  unsigned passage_shingles = 6;
  double passage_share = 0.2;
};

// Throws error(errc::invalid_argument) with the offending flag's meaning.
void validate(const scan_params& params);

struct member_report {
  std::uint32_t document = 0;
  std::uint32_t unit = 0;   // index into the document's units
  unit_kind kind = unit_kind::paragraph;
  std::uint32_t variant = 0;  // index into the family's variants
  std::uint32_t start = 0;  // original bytes
  std::uint32_t end = 0;
  // To its variant's representative under the scan's measure (1 for the
  // representative); a sentence member of a paragraph family is scored by how much
  // of it the representative contains.
  double similarity = 0;
  // Its text is cluster_report::text(member): members keep no view of their own
  // (there are millions of them at 1 GB of letters, and the view would repeat
  // `document`, `start` and `end`).
};

struct variant_report {
  std::uint32_t representative = 0;  // index into the family's members
  std::uint32_t size = 0;
  std::uint32_t documents = 0;
};

struct cluster_report {
  std::uint32_t id = 0;
  unit_kind kind = unit_kind::paragraph;
  std::uint32_t documents = 0;
  std::uint32_t sources = 0;
  double mean_similarity = 0;       // mean similarity of the other members to the representative
  std::uint32_t representative = 0; // index into members: variant 0's representative
  std::vector<variant_report> variants;  // largest first
  consensus_template canonical;          // built from the members of the family's own kind
  std::vector<member_report> members;  // ordered by document, then start
  // The scanned letters' bytes, one view per document, shared by every family of
  // a report: the views point into the corpus, which must outlive the report.
  std::shared_ptr<const std::vector<std::string_view>> letters;

  // A member's text: its document's bytes [start, end). Throws
  // error(errc::invalid_argument) when `letters` does not hold that span.
  std::string_view text(const member_report& m) const;

  // A member's redline, word by word against the canonical wording; piece_text()
  // spells each piece. Made when asked, not kept (at 1 GB of letters a scan's
  // redlines are tens of millions of pieces, and each is written once). `basis`
  // is redline_basis(canonical), made once for all of the family's members.
  // Empty while the family has no canonical wording.
  std::vector<redline_piece> redline(const member_report& m, const redline_basis& basis) const;
  // redline() into `out` (replacing what it held), for a writer that reuses it.
  void redline_into(const member_report& m, const redline_basis& basis, std::vector<redline_piece>& out) const;
};

struct document_report {
  std::uint32_t id = 0;
  std::string path;
  std::string source;
  std::optional<std::string> date;
  std::optional<std::string> reference;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::uint64_t bytes = 0;
  std::uint32_t units = 0;
  document_boilerplate boilerplate;  // national template, house boilerplate and bespoke text
};

struct scan_stats {
  std::uint64_t documents = 0;
  std::uint64_t units = 0;          // all units segmented
  std::uint64_t matched_units = 0;  // units long enough to be matched
  std::uint64_t candidate_pairs = 0;
  std::uint64_t verified_pairs = 0;
  std::uint64_t clusters = 0;
};

struct stage_timing {
  std::string stage;
  double seconds = 0;      // wall time
  double cpu_seconds = 0;  // CPU time of every thread of the process over the stage;
                           // cpu_seconds / seconds is how many cores it kept busy
                           // (a worker spinning while it waits for work counts as busy)

  // How many cores the stage kept busy on average; 0 when it was not measured.
  double cores_busy() const noexcept { return seconds > 0 && cpu_seconds > 0 ? cpu_seconds / seconds : 0; }
};

// CPU seconds every thread of this process has used so far; a stage's
// cpu_seconds is the difference of two readings.
double process_cpu_seconds() noexcept;

struct report {
  scan_params params;
  banding bands;  // effective
  scan_stats stats;
  large_vector<document_report> documents;  // a letter's entry each: tens of MB at 1 GB of letters
  std::vector<cluster_report> clusters;  // by spread: sources, documents, size desc, then first offset
  scorecards standardisation;            // per source and year, source x source, per family over time
  std::vector<stage_timing> timings;     // not deterministic; kept out of clusters.json
};

// How far a running scan has got, for a program that shows progress: the stage,
// and how much of it is done out of its total, counted in `unit`s.
struct scan_progress {
  std::string_view stage;
  std::string_view unit;  // "documents", "bands"
  std::uint64_t done = 0;
  std::uint64_t total = 0;
};
using progress_callback = std::function<void(const scan_progress&)>;

// Runs every stage. Throws as validate(); otherwise only std::bad_alloc.
// `progress` (may be empty) is called on the calling thread only: as each stage
// starts (done = 0) and as it advances.
// The report's member texts point into `input`, which must outlive it (so a
// temporary corpus is refused at compile time).
report scan(const corpus& input, const scan_params& params, const progress_callback& progress = {});
report scan(corpus&& input, const scan_params& params, const progress_callback& progress = {}) = delete;

}  // namespace refrain
