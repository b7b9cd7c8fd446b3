// refrain/link.hpp — LSH, verification and union-find in one streaming pass.
//
// Consumes shingle sets (with a group per set, e.g. unit kind); produces the
// verified links that connect them: pairs whose exact similarity reaches the
// threshold, enough of them to give every connected component. It is the fast
// path of lsh.hpp + verify.hpp + cluster.hpp for large corpora, where a template
// copied into thousands of letters would otherwise yield millions of candidate
// pairs that all say the same thing.
//
// Band by band: each set's band key is computed from `rows` MinHash values made
// on the fly (no signature matrix is stored: 512 bytes a unit saved), the keys are
// sorted in parallel, and within each bucket only consecutive sets that are not
// yet connected are proposed. Proposals are verified exactly in parallel, then
// joined in a fixed order. A pair that failed verification is not tried again.
// Cost: O(bands * (n + shingles * rows)) plus one verification per link
// or failure; memory O(n) beyond the sets. Deterministic at any thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include <refrain/lsh.hpp>
#include <refrain/minhash.hpp>
#include <refrain/shingle.hpp>
#include <refrain/verify.hpp>

namespace refrain {

struct link_result {
  // Verified pairs that joined two components, in join order. Their scores are
  // not kept: what follows needs only which sets are joined (8 bytes a link).
  std::vector<candidate_pair> links;
  std::uint64_t proposed = 0;       // pairs verified
  std::uint64_t verified = 0;       // of which reached the threshold
};

// A set as link_sets hands it to `accept`: its index and its values.
struct linked_set {
  std::uint32_t id = 0;
  std::span<const shingle_hash> values;
};

struct link_options {
  // May veto a verified pair (e.g. the merge guard, or a stricter rule for some
  // pairs), given its similarity and the shingles the two sets share; called
  // from worker threads, so it must be thread-safe.
  std::function<bool(const linked_set&, const linked_set&, double similarity, std::size_t common)> accept{};
  // Called on the calling thread after each band (may be empty).
  std::function<void(unsigned)> band_done{};
  // Sets of this group are bucketed on the first row of each band only: far
  // more likely to meet a partner of low similarity, for a group matched at a
  // lower threshold (sentences that share a passage). Buckets stay linear.
  std::uint32_t one_row_group = std::numeric_limits<std::uint32_t>::max();
};

// Throws as validate().
link_result link_sets(const shingle_table& sets, std::span<const std::uint32_t> groups, const minhash_params& minhash,
                      const banding& bands, similarity_measure measure, double threshold,
                      const link_options& options = {});

}  // namespace refrain
