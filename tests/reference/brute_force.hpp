// The slow, obviously correct reference: every pair of units compared by exact
// Jaccard over the same shingle sets the pipeline uses. Tests only.
#pragma once

#include <refrain/corpus.hpp>
#include <refrain/normalize.hpp>
#include <refrain/scan.hpp>
#include <refrain/segment.hpp>
#include <refrain/shingle.hpp>
#include <refrain/verify.hpp>

#include <cstdint>
#include <vector>

namespace refrain::reference {

struct unit_id {
  std::uint32_t document;
  std::uint32_t unit;
  auto operator<=>(const unit_id&) const = default;
};

struct similar_pair {
  unit_id a;
  unit_id b;
  double jaccard;
};

// All pairs of matchable units of the same kind with Jaccard >= threshold. O(n^2).
inline std::vector<similar_pair> all_pairs(const corpus& c, const scan_params& p, double threshold) {
  struct item {
    unit_id id;
    unit_kind kind;
    std::vector<shingle_hash> set;
  };
  std::vector<item> items;
  for (const auto& d : c.documents) {
    const auto units = segment(d, p.segmentation);
    for (std::uint32_t u = 0; u < units.size(); ++u) {
      const auto words = normalize(unit_text(d, units[u]));
      if (count_words(words) < p.min_words) continue;
      items.push_back({{d.id, u}, units[u].kind, shingle(words, p.shingles)});
    }
  }
  std::vector<similar_pair> out;
  for (std::size_t i = 0; i < items.size(); ++i)
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      if (items[i].kind != items[j].kind) continue;
      const double s = jaccard(items[i].set, items[j].set);
      if (s >= threshold) out.push_back({items[i].id, items[j].id, s});
    }
  return out;
}

}  // namespace refrain::reference
