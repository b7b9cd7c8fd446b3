// refrain/shingle.hpp — units as sets of hashed word (or character) k-grams.
//
// Consumes normalized text (see normalize.hpp); produces the sorted, unique
// 64-bit XXH3 hashes of its k-grams. A unit with fewer than k words (but at
// least one) gets exactly one shingle, the hash of all its words, so it matches
// only a unit with the very same words; an empty text gets an empty set, and the
// pipeline drops such units instead of letting them match each other.
#pragma once

#include <cassert>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <refrain/huge_pages.hpp>

namespace refrain {

enum class shingle_kind : std::uint8_t { word, character };

struct shingle_params {
  unsigned k = 5;                        // words (or characters) per shingle, >= 1
  shingle_kind kind = shingle_kind::word;
  std::uint64_t seed = 0;                // XXH3 seed
};

// A shingle's hash: XXH3 (64-bit) of its words, folded to 32 bits by XOR of the
// halves. 32 bits halve every set's memory and are all MinHash uses; two
// different shingles of a compared pair of units share a hash with odds of about
// (their shingles)^2 / 2^32, e.g. 1 in 400,000 for two 100-word paragraphs,
// and such a collision moves the pair's Jaccard by one shingle.
using shingle_hash = std::uint32_t;
inline shingle_hash fold(std::uint64_t h) noexcept { return static_cast<shingle_hash>(h ^ (h >> 32)); }

// Throws error(errc::invalid_argument) when k == 0.
void validate(const shingle_params& params);

// Sorted unique shingle hashes of `normalized`. Thread-safe, noexcept but for
// allocation, linear in the text size.
std::vector<shingle_hash> shingle(std::string_view normalized, const shingle_params& params);

// shingle() with its buffers kept from one call to the next, for a loop over
// many units (one shingler per thread): it allocates only when a unit is
// longer than any before it.
class shingler {
 public:
  // `for_runs`: the texts given are followed by runs of their words
  // (words_of_last), which then cost a pass over the text's set instead of a sort
  // each; the text itself costs a little more.
  explicit shingler(const shingle_params& params, bool for_runs = false) : params_(params), for_runs_(for_runs) {}
  // The sorted unique shingle hashes of `normalized`, valid until the next call.
  std::span<const shingle_hash> operator()(std::string_view normalized);
  // For word shingles: what operator() would give for words [first, last) of
  // the text it was last given, on their own, made from the hashes it kept
  // (a sentence's set from its paragraph's words, without hashing them again).
  // Valid until the next call of either.
  std::span<const shingle_hash> words_of_last(std::size_t first, std::size_t last);

 private:
  shingle_params params_;
  bool for_runs_;
  std::vector<std::uint64_t> words_;  // hash of each word
  std::vector<shingle_hash> windows_;  // hash of each window of k words, in order (word shingles)
  std::vector<shingle_hash> sorted_;   // the windows' set, sorted and unique (word shingles)
  std::vector<std::uint32_t> place_;   // where each window's hash lies in sorted_
  std::vector<std::uint64_t> keyed_, marks_;  // scratch: windows with their index, places of a run
  std::vector<std::size_t> starts_;   // where each character starts (character shingles)
  std::vector<shingle_hash> set_;
};

// Many shingle sets, stored end to end in chunks of a few megabytes. A set never
// moves once stored, and the table grows without the copy (and the moment of
// twice the memory) that a growing single array costs at millions of units.
//
// A set may also be stored as a part of a set stored whole before it: the
// position of each of its values in that set, a byte each (so the whole set has
// at most 256 values), or nothing when it is all of it. A sentence's shingles are
// mostly its paragraph's, so a sentence then costs a byte a shingle, not four.
class shingle_table {
 public:
  // Sets of a part can hold at most this many values.
  static constexpr std::size_t max_whole_for_parts = 256;

  std::size_t size() const noexcept { return places_.size(); }
  std::uint64_t values() const noexcept { return values_; }  // shingles in all sets
  bool stored_whole(std::size_t i) const noexcept { return (places_[i].chunk & part_bit) == 0; }

  // Set i, which must be stored whole (stored_whole(i)); get() takes any set.
  std::span<const shingle_hash> operator[](std::size_t i) const noexcept {
    assert(stored_whole(i));
    const auto at = places_[i];
    const auto& chunk = chunks_[at.chunk];
    // A set ends where the next one in its chunk begins, or where the chunk ends.
    const bool last = i + 1 == places_.size() || (places_[i + 1].chunk & ~part_bit) != at.chunk;
    const std::size_t end = last ? chunk.size() : places_[i + 1].offset;
    return {chunk.data() + at.offset, end - at.offset};
  }
  // Set i, however stored: a view of the table, or for a part its values
  // gathered into `scratch` (which the view then refers to).
  std::span<const shingle_hash> get(std::size_t i, std::vector<shingle_hash>& scratch) const {
    if (stored_whole(i)) return (*this)[i];
    const auto at = part(i);
    const auto whole = (*this)[at.whole];
    if (at.all) return whole;
    scratch.resize(at.positions.size());
    for (std::size_t k = 0; k < at.positions.size(); ++k) scratch[k] = whole[at.positions[k]];
    return scratch;
  }
  // Set i, stored as a part (!stored_whole(i)): the set it is a part of, and the
  // positions of its values there (empty when it is all of that set).
  struct part_place {
    std::size_t whole;
    bool all;
    std::span<const std::uint8_t> positions;
  };
  part_place part(std::size_t i) const noexcept {
    assert(!stored_whole(i));
    const auto* header = stored_at(i);
    if (header[1] & all_bit) return {header[0], true, {}};
    return {header[0], false, {reinterpret_cast<const std::uint8_t*>(header + 2), header[1]}};
  }
  // Asks for set i's memory ahead of a get(i) in a loop that would otherwise
  // wait on each set in turn (a family's members lie far apart at 1 GB of
  // letters), in the order get() reads it: its place some steps ahead, then its
  // stored words, then for a part its whole set's values.
  void prefetch_place(std::size_t i) const noexcept { __builtin_prefetch(places_.data() + i); }
  void prefetch_stored(std::size_t i) const noexcept { prefetch_lines(stored_at(i)); }
  void prefetch_whole(std::size_t i) const noexcept {
    if (!stored_whole(i)) prefetch_lines(stored_at(stored_at(i)[0]));
  }
  // Where set i's stored words begin, to prefetch.
  const shingle_hash* stored_at(std::size_t i) const noexcept {
    const auto at = places_[i];
    return chunks_[at.chunk & ~part_bit].data() + at.offset;
  }

  void push_back(std::span<const shingle_hash> set);
  // Stores `part`, sorted and unique like every set here, as the positions of
  // its values in set `whole` (stored whole, at most max_whole_for_parts values).
  // Throws error(errc::invalid_argument), storing nothing, unless `part` is such
  // a subset of it.
  void push_back_part(std::size_t whole, std::span<const shingle_hash> part);

 private:
  static constexpr std::size_t chunk_values = std::size_t{1} << 20;  // 4 MiB
  static constexpr std::uint32_t part_bit = 0x80000000u;  // in place::chunk: a part
  static constexpr std::uint32_t all_bit = 0x80000000u;   // in a part's count: all of its whole
  // Where a set begins: 8 bytes a set, where a span took 16 (millions of sets).
  // A part's words: its whole set's index, its count, then its positions, four to a word.
  struct place {
    std::uint32_t chunk;
    std::uint32_t offset;
  };
  shingle_hash* reserve_words(std::size_t words, bool part);
  static void prefetch_lines(const shingle_hash* at) noexcept {
    for (int line = 0; line < 4; ++line) __builtin_prefetch(at + 16 * line);  // a typical paragraph's set
  }
  std::vector<large_vector<shingle_hash>> chunks_;  // each filled only up to its capacity
  std::vector<place> places_;
  std::uint64_t values_ = 0;
};

}  // namespace refrain
