// refrain/eval.hpp — detection quality against planted ground truth.
//
// Consumes the planted copies of a generated corpus (truth.json, written by
// `refrain gen`) and the families refrain reported (clusters.json); produces
// clustering metrics over the planted copies. Each copy takes the family (cluster)
// of the reported member that overlaps it most, when that member covers at least
// half of the copy or the copy at least half of the member; a copy no member
// covers is a family of its own. Metrics follow the usual definitions: pairwise
// precision/recall/F1 over pairs of copies, B-cubed precision/recall/F1, the
// adjusted Rand index, family recall (share of planted families whose copies all
// sit in one reported family), and merged families (planted families that share a
// reported family with another planted family: chaining).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace refrain {

struct planted_copy {
  std::string family;
  std::string variant;   // house variant or revision, informational
  std::string document;  // path as in clusters.json
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::string noise;     // the noise level of its letter, may be empty
};

struct reported_member {
  std::uint32_t cluster = 0;
  std::string document;
  std::uint32_t start = 0;
  std::uint32_t end = 0;
};

struct quality {
  std::size_t copies = 0;
  std::size_t families = 0;
  std::size_t copies_found = 0;  // copies covered by some reported member
  double pairwise_precision = 0, pairwise_recall = 0, pairwise_f1 = 0;
  double bcubed_precision = 0, bcubed_recall = 0, bcubed_f1 = 0;
  double adjusted_rand = 0;
  double family_recall = 0;
  std::size_t merged_families = 0;
};

struct evaluation {
  quality overall;
  std::vector<std::pair<std::string, quality>> by_noise;  // one per noise level present, sorted
  std::size_t unplanted_members = 0;  // reported members that cover no planted copy
};

// Never throws on empty inputs (metrics are then 0, or 1 where nothing could be wrong).
evaluation evaluate(const std::vector<planted_copy>& truth, const std::vector<reported_member>& reported);

// Parse truth.json ("refrain.truth/1") and clusters.json ("refrain.clusters/1").
// Throw error(errc::bad_input) naming the file and the problem.
std::vector<planted_copy> parse_truth(std::string_view json, std::string_view name);
std::vector<reported_member> parse_clusters(std::string_view json, std::string_view name);

}  // namespace refrain
