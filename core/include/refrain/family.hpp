// refrain/family.hpp — template families out of matched-unit components.
//
// Consumes the components of verified pairs (paragraph components and sentence
// components, see cluster.hpp) and facts about each matched unit; produces
// family drafts, each with one or more variants. Two steps:
//
// 1. absorb_sentences: a template whose paragraphs line up in most letters but
//    not in some (merged with another template, split by a page break, rewritten
//    around a shared sentence) shows up as a paragraph component plus sentence
//    components. A sentence component whose sentences mostly (more than half)
//    lie in paragraphs of one paragraph component is absorbed into it: its
//    sentences from other paragraphs join that family as sentence members, the
//    rest are already represented by their paragraphs and are dropped. (Joining
//    sentence components that sit in the same paragraphs was tried and dropped:
//    where letters merge two templates, it joins the two families.)
// 2. link_variants: house versions and national revisions of a template change
//    too many words for word 5-gram Jaccard, yet keep most word pairs. Families
//    of the same kind whose representatives' word-bigram Jaccard reaches a
//    threshold become one family, each original family one of its variants.
//
// Everything is deterministic: ids ascend, ties break on the lowest id.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include <refrain/segment.hpp>
#include <refrain/shingle.hpp>

namespace refrain {

inline constexpr std::uint32_t no_parent = std::numeric_limits<std::uint32_t>::max();

// 12 bytes: one per matched unit, tens of millions at 1 GB of letters.
struct unit_facts {
  std::uint32_t document = 0;
  unit_kind kind = unit_kind::paragraph;
  std::uint32_t parent = no_parent;  // a sentence's paragraph, as a matched-unit id, if that is matched
};

struct family_draft {
  unit_kind kind = unit_kind::paragraph;  // the kind of its first variant's core
  std::vector<std::vector<std::uint32_t>> variants;  // matched-unit ids per variant, ascending
};

// Step 1. `components` hold matched-unit ids (ascending each). Never throws but
// for allocation; O(total members).
std::vector<family_draft> absorb_sentences(std::vector<std::vector<std::uint32_t>> components,
                                           std::span<const unit_facts> units);

// Step 2. `representative_bigrams[i]` is the sorted unique word-bigram set of
// draft i's representative text. Drafts linked directly or through others at
// Jaccard >= threshold are merged, except pairs whose unmatched_excess reaches
// `merge_excess` (one representative is the other merged with more text, which
// would chain two templates); variants are ordered by size (descending),
// then first member. Parallel (MinHash + LSH + exact check); deterministic.
std::vector<family_draft> link_variants(std::vector<family_draft> drafts,
                                        std::span<const std::vector<shingle_hash>> representative_bigrams,
                                        double threshold, double merge_excess);

}  // namespace refrain
