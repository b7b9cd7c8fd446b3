// refrain/cluster.hpp — template families from verified pairs.
//
// Consumes the verified pairs over n sets (which pairs, not their scores); produces connected components with
// two or more members, each sorted by set id, the list sorted by first member,
// so ids never depend on thread timing or hash-map order.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include <refrain/lsh.hpp>

namespace refrain {

// Connected components of size >= 2. O(n + pairs) with union-find.
std::vector<std::vector<std::uint32_t>> connected_components(std::uint32_t n,
                                                             std::span<const candidate_pair> pairs);

// Which members are exact copies of each other: members given the same value
// are interchangeable to `sim` (the same similarity to every member), so it is
// asked once for all of them. Empty: every member is its own.
using copy_class = std::function<std::uint32_t(std::uint32_t)>;

// Index into `members` of the medoid: the member with the greatest summed
// similarity to the others (ties: the lowest index). `sim(i, j)` gives the
// similarity of members[i] and members[j], and must be symmetric: each pair
// (of copy classes) is measured once. For large groups only the first
// `max_considered` members are scored, keeping the cost bounded.
std::size_t medoid(std::span<const std::uint32_t> members,
                   const std::function<double(std::uint32_t, std::uint32_t)>& sim,
                   std::size_t max_considered = 64, const copy_class& copies = {});

// The similarity of each of `members` to one `centre`, into `out` (same order):
// what sim(m, centre) gives for each, the centre made ready once for all of them.
using centre_similarity =
    std::function<void(std::uint32_t centre, std::span<const std::uint32_t> members, std::span<double> out)>;

// Chaining guard. Connected components can join unrelated texts through a middle
// one (A, a paragraph merging A and B, B). Each component is checked against its
// centre, the medoid under squared similarity (so a bridge that resembles every
// member a little does not win over a typical copy): members whose similarity to
// the medoid is below `min_similarity` are split off, and what was split off is
// cut again into components over the pairs among them, and checked the same way.
// A group of two (a verified pair) is never split. Returns groups of size >= 2,
// each sorted, ordered by first member. Components are checked in parallel, so
// `sim` must be thread-safe; the result does not depend on the thread count.
// Cost: O(size) similarity calls per round, plus medoid (`copies` is passed to it).
// `to_centre`, when given, measures the members against the centre in place of
// `sim` (and must agree with it). Both are called from parallel loops, nested
// ones too (a large component's members are measured in parallel ranges), so
// they must be thread-safe and must not wait on parallel work of their own.
std::vector<std::vector<std::uint32_t>> split_chains(std::vector<std::vector<std::uint32_t>> components,
                                                     std::span<const candidate_pair> pairs,
                                                     const std::function<double(std::uint32_t, std::uint32_t)>& sim,
                                                     double min_similarity, const copy_class& copies = {},
                                                     const centre_similarity& to_centre = {});

}  // namespace refrain
