#include <refrain/shingle.hpp>

#include <refrain/error.hpp>

// XXH3 compiled into this file: every word and every window of k words is
// hashed (hundreds of millions at 1 GB of letters), most of them short.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace refrain {

void validate(const shingle_params& params) {
  if (params.k == 0) throw error(errc::invalid_argument, "shingle size k must be at least 1 (got 0)");
  if (params.k > 64) throw error(errc::invalid_argument, "shingle size k must be at most 64");
}

std::vector<shingle_hash> shingle(std::string_view normalized, const shingle_params& params) {
  shingler one(params);
  const auto set = one(normalized);  // a view of `one`'s buffer
  return {set.begin(), set.end()};
}

std::span<const shingle_hash> shingler::operator()(std::string_view normalized) {
  auto& out = set_;
  out.clear();
  if (normalized.empty() || params_.k == 0) return out;
  if (params_.kind == shingle_kind::character) {
    // k code points at a time, so non-Latin text is cut at character boundaries.
    auto& starts = starts_;
    starts.clear();
    for (std::size_t i = 0; i < normalized.size(); ++i)
      if ((static_cast<unsigned char>(normalized[i]) & 0xC0) != 0x80) starts.push_back(i);
    starts.push_back(normalized.size());
    const std::size_t chars = starts.size() - 1;
    if (chars < params_.k) {
      out.push_back(fold(XXH3_64bits_withSeed(normalized.data(), normalized.size(), params_.seed)));
      return out;
    }
    for (std::size_t i = 0; i + params_.k <= chars; ++i)
      out.push_back(fold(XXH3_64bits_withSeed(normalized.data() + starts[i], starts[i + params_.k] - starts[i], params_.seed)));
  } else {
    auto& words = words_;
    words.clear();
    // Words are a few bytes long: a plain loop finds their ends faster than a
    // memchr call per word.
    const std::size_t size = normalized.size();
    for (std::size_t pos = 0; pos <= size;) {
      std::size_t space = pos;
      while (space < size && normalized[space] != ' ') ++space;
      if (space > pos) words.push_back(XXH3_64bits_withSeed(normalized.data() + pos, space - pos, params_.seed));
      pos = space + 1;
    }
    if (words.empty()) {  // spaces only, which normalize() never gives: one shingle of nothing, as ever
      out.push_back(fold(XXH3_64bits_withSeed(words.data(), 0, params_.seed)));
      return out;
    }
    // Every window of k words, kept in order: a run of these words is a set too.
    windows_.clear();
    const auto window = [&](std::size_t i, std::size_t bytes) {
      return fold(XXH3_64bits_withSeed(words.data() + i, bytes, params_.seed));
    };
    if (params_.k == 4) {  // the default, at a length known here
      for (std::size_t i = 0; i + 4 <= words.size(); ++i) windows_.push_back(window(i, 4 * sizeof(std::uint64_t)));
    } else {
      for (std::size_t i = 0; i + params_.k <= words.size(); ++i) windows_.push_back(window(i, params_.k * sizeof(std::uint64_t)));
    }
    sorted_.clear();
    if (windows_.empty() || !for_runs_) return words_of_last(0, words.size());
    // The set, and where each window's hash lies in it: a run of the words then
    // takes its set from those places (words_of_last) instead of sorting again.
    // Sorted with each window's index below its hash, which keeps them together.
    keyed_.resize(windows_.size());
    for (std::size_t i = 0; i < windows_.size(); ++i) keyed_[i] = (std::uint64_t{windows_[i]} << 32) | i;
    std::sort(keyed_.begin(), keyed_.end());
    place_.resize(windows_.size());
    for (const auto key : keyed_) {
      const auto value = static_cast<shingle_hash>(key >> 32);
      if (sorted_.empty() || sorted_.back() != value) sorted_.push_back(value);
      place_[static_cast<std::uint32_t>(key)] = static_cast<std::uint32_t>(sorted_.size() - 1);
    }
    return sorted_;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::span<const shingle_hash> shingler::words_of_last(std::size_t first, std::size_t last) {
  assert(params_.kind == shingle_kind::word && first <= last && last <= words_.size());
  auto& out = set_;
  out.clear();
  if (first == last) return out;
  if (last - first < params_.k) {
    // Fewer than k words: one shingle of them all, so the set is never empty and
    // matches only the same short text.
    out.push_back(fold(XXH3_64bits_withSeed(words_.data() + first, (last - first) * sizeof(std::uint64_t), params_.seed)));
    return out;
  }
  const std::size_t windows = last - params_.k + 1;
  if (sorted_.empty()) {  // not kept: the text was not given for runs
    out.assign(windows_.begin() + static_cast<std::ptrdiff_t>(first), windows_.begin() + static_cast<std::ptrdiff_t>(windows));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  // The windows that start at `first` and end by `last`: their places in the
  // whole text's set, marked, then read in order give their set sorted and unique.
  if (first == 0 && windows == windows_.size()) return sorted_;
  marks_.assign((sorted_.size() + 63) / 64, 0);
  for (std::size_t i = first; i < windows; ++i) marks_[place_[i] / 64] |= std::uint64_t{1} << (place_[i] % 64);
  for (std::size_t w = 0; w < marks_.size(); ++w)
    for (auto bits = marks_[w]; bits != 0; bits &= bits - 1)
      out.push_back(sorted_[64 * w + static_cast<std::size_t>(std::countr_zero(bits))]);
  return out;
}

shingle_hash* shingle_table::reserve_words(std::size_t words, bool part) {
  if (chunks_.empty() || chunks_.back().capacity() - chunks_.back().size() < words) {
    chunks_.emplace_back();
    chunks_.back().reserve(std::max(chunk_values, words));  // never reallocated after this
  }
  auto& chunk = chunks_.back();
  const auto at = chunk.size();
  chunk.resize(at + words);
  places_.push_back({static_cast<std::uint32_t>(chunks_.size() - 1) | (part ? part_bit : 0u),
                     static_cast<std::uint32_t>(at)});
  return chunk.data() + at;
}

void shingle_table::push_back(std::span<const shingle_hash> set) {
  std::copy(set.begin(), set.end(), reserve_words(set.size(), false));
  values_ += set.size();
}

void shingle_table::push_back_part(std::size_t whole, std::span<const shingle_hash> part) {
  if (whole >= size() || !stored_whole(whole) || (*this)[whole].size() > max_whole_for_parts)
    throw error(errc::invalid_argument, "shingle_table: a part needs a set stored whole of at most 256 values");
  const auto of = (*this)[whole];
  if (part.size() > of.size()) throw error(errc::invalid_argument, "shingle_table: a part must be a subset of its whole set");
  std::array<std::uint8_t, max_whole_for_parts> positions{};
  std::size_t k = 0;
  for (std::size_t i = 0; i < part.size(); ++i, ++k) {  // each value of `whole` at most once
    while (k < of.size() && of[k] < part[i]) ++k;
    if (k == of.size() || of[k] != part[i])
      throw error(errc::invalid_argument, "shingle_table: a part must be a subset of its whole set");
    positions[i] = static_cast<std::uint8_t>(k);
  }
  const bool all = part.size() == of.size();
  auto* words = reserve_words(2 + (all ? 0 : (part.size() + 3) / 4), true);
  words[0] = static_cast<shingle_hash>(whole);
  words[1] = static_cast<shingle_hash>(part.size()) | (all ? all_bit : 0u);
  if (!all) std::memcpy(words + 2, positions.data(), part.size());
  values_ += part.size();
}

}  // namespace refrain
