#include <refrain/boilerplate.hpp>

#include <refrain/error.hpp>
#include <refrain/huge_pages.hpp>

#include "white_space.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>

namespace refrain {
namespace {

using detail::ascii_non_space;
using detail::printable_run_end;
using detail::space_length;  // the white space of the header's list

// Next piece not yet painted, with path halving: painting every piece once
// keeps the cost linear however much the spans overlap.
std::size_t next_free(std::vector<std::uint32_t>& next, std::size_t i) {
  while (next[i] != i) {
    next[i] = next[next[i]];
    i = next[i];
  }
  return i;
}

}  // namespace

std::string_view to_string(text_label label) noexcept {
  switch (label) {
    case text_label::national: return "national";
    case text_label::house: return "house";
    case text_label::bespoke: return "bespoke";
  }
  return "bespoke";
}

std::uint64_t document_boilerplate::bytes(text_label label) const noexcept {
  switch (label) {
    case text_label::national: return national_bytes;
    case text_label::house: return house_bytes;
    case text_label::bespoke: return bespoke_bytes;
  }
  return 0;
}

double document_boilerplate::share(text_label label) const noexcept {
  const auto total = national_bytes + house_bytes + bespoke_bytes;
  return total == 0 ? 0.0 : static_cast<double>(bytes(label)) / static_cast<double>(total);
}

std::vector<document_boilerplate> label_documents(std::span<const std::string_view> document_texts,
                                                  std::span<const family_span> spans,
                                                  std::span<const family_spread> spreads,
                                                  std::uint32_t national_sources,
                                                  const std::function<void(std::size_t first, std::size_t last)>& after_each_range) {
  std::vector<family_spread> spread(spreads.begin(), spreads.end());
  std::sort(spread.begin(), spread.end(), [](const auto& a, const auto& b) { return a.family < b.family; });
  for (std::size_t i = 1; i < spread.size(); ++i)
    if (spread[i].family == spread[i - 1].family)
      throw error(errc::invalid_argument, "label_documents: family " + std::to_string(spread[i].family) +
                                              " is listed twice in the spreads");
  // The family's entry in the spreads, or none.
  auto spread_of = [&](std::uint32_t family) -> const family_spread* {
    const auto it = std::lower_bound(spread.begin(), spread.end(), family,
                                     [](const family_spread& s, std::uint32_t f) { return s.family < f; });
    return it == spread.end() || it->family != family ? nullptr : &*it;
  };
  auto outside = [&](const family_span& s) {
    return s.document >= document_texts.size() || s.start > s.end || s.end > document_texts[s.document].size();
  };

  struct ranked {
    family_span span;
    std::uint32_t sources;
  };
  if (spans.size() >= std::numeric_limits<std::uint32_t>::max())
    throw error(errc::invalid_argument, "label_documents: more than 4 billion member spans");
  for (std::size_t d = 0; d < document_texts.size(); ++d)
    if (document_texts[d].size() > std::numeric_limits<std::uint32_t>::max())
      throw error(errc::invalid_argument, "label_documents: document " + std::to_string(d) +
                                              " is 4 GiB or more; offsets are 32-bit");
  // Ranked in parallel (tens of millions of spans at 1 GB of letters); of the
  // spans that cannot be labelled, the first is the one reported.
  large_vector<ranked> order(spans.size());
  std::atomic<std::size_t> first_bad{spans.size()};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, spans.size(), 1 << 14), [&](const auto& r) {
    for (auto i = r.begin(); i != r.end(); ++i) {
      const auto* found = outside(spans[i]) ? nullptr : spread_of(spans[i].family);
      if (found) {
        order[i] = {spans[i], found->sources};
        continue;
      }
      for (auto seen = first_bad.load(); i < seen && !first_bad.compare_exchange_weak(seen, i);) {
      }
      break;
    }
  });
  if (const auto bad = first_bad.load(); bad < spans.size()) {
    const auto& s = spans[bad];
    if (outside(s))
      throw error(errc::invalid_argument,
                  "label_documents: member of family " + std::to_string(s.family) + " at [" + std::to_string(s.start) +
                      ", " + std::to_string(s.end) + ") of document " + std::to_string(s.document) +
                      " lies outside the documents' texts");
    throw error(errc::invalid_argument, "label_documents: family " + std::to_string(s.family) +
                                            " has members but no entry in the spreads");
  }
  // By document, then priority: more sources (so national before house), lower
  // id. A total order (spans that compare equal are the same span), so the
  // parallel sort gives one result at any thread count.
  tbb::parallel_sort(order.begin(), order.end(), [](const ranked& a, const ranked& b) {
    if (a.span.document != b.span.document) return a.span.document < b.span.document;
    if (a.sources != b.sources) return a.sources > b.sources;
    if (a.span.family != b.span.family) return a.span.family < b.span.family;
    if (a.span.start != b.span.start) return a.span.start < b.span.start;
    return a.span.end < b.span.end;
  });

  // Documents are independent: each paints its own spans, in parallel. Where
  // each letter's spans begin in `order` (sorted by letter) is found by binary
  // search, letter by letter in parallel: a pass over every span took one core
  // tens of ms at 1 GB of letters.
  std::vector<std::size_t> first_span(document_texts.size() + 1);
  tbb::parallel_for(std::size_t{0}, first_span.size(), [&](std::size_t d) {
    const auto at = std::lower_bound(order.begin(), order.end(), d,
                                     [](const ranked& r, std::size_t letter) { return r.span.document < letter; });
    first_span[d] = static_cast<std::size_t>(at - order.begin());
  });
  std::vector<document_boilerplate> out(document_texts.size());
  const auto label_letter = [&](std::size_t d) {
    const auto text = document_texts[d];
    const auto size = static_cast<std::uint32_t>(text.size());
    const std::size_t first = first_span[d], last = first_span[d + 1];  // this letter's spans in `order`
    // The letter cut at every span's ends: each piece lies wholly inside or
    // wholly outside each span, so it is painted whole. Work and memory grow
    // with the spans, not the bytes.
    // Buffers each thread reuses for every letter it labels.
    thread_local std::vector<std::uint32_t> cuts, owner, next;
    thread_local std::vector<labelled_span> spans_out;  // copied once, at its size, into the letter's result
    spans_out.clear();
    cuts.assign({0, size});
    for (std::size_t k = first; k < last; ++k) cuts.insert(cuts.end(), {order[k].span.start, order[k].span.end});
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    const auto piece_at = [&](std::uint32_t at) {
      return static_cast<std::size_t>(std::lower_bound(cuts.begin(), cuts.end(), at) - cuts.begin());
    };
    const std::size_t pieces = cuts.size() - 1;
    // owner[j]: the index in `order` of the span that painted piece j.
    constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
    owner.assign(pieces, none);
    next.resize(pieces + 1);
    std::iota(next.begin(), next.end(), std::uint32_t{0});
    for (std::size_t k = first; k < last; ++k) {  // in priority order: the first to paint a piece owns it
      const auto end = piece_at(order[k].span.end);
      for (std::size_t j = next_free(next, piece_at(order[k].span.start)); j < end; j = next_free(next, j)) {
        owner[j] = static_cast<std::uint32_t>(k);
        next[j] = static_cast<std::uint32_t>(j + 1);
      }
    }

    auto& doc = out[d];
    std::size_t space_left = 0;  // bytes of a white space sequence begun in an earlier piece
    for (std::size_t j = 0; j < pieces; ++j) {
      std::uint64_t bytes = 0;
      std::uint32_t first_byte = 0, last_byte = 0;
      for (std::uint32_t i = cuts[j]; i < cuts[j + 1];) {
        if (space_left > 0) {
          --space_left;
          ++i;
          continue;
        }
        if (cuts[j + 1] - i >= 8) {  // eight bytes at a time while they are ASCII: most of a letter
          std::uint64_t w;
          std::memcpy(&w, text.data() + i, 8);
          if ((w & 0x8080808080808080) == 0) {
            if (const auto kept = ascii_non_space(w); kept != 0) {
              if (bytes == 0) first_byte = i + static_cast<std::uint32_t>(std::countr_zero(kept)) / 8;
              last_byte = i + static_cast<std::uint32_t>(63 - std::countl_zero(kept)) / 8;
              bytes += static_cast<std::uint64_t>(std::popcount(kept));
            }
            i += 8;
            continue;
          }
        }
        if (const auto run = static_cast<std::uint32_t>(printable_run_end(text, i, cuts[j + 1])); run > i) {
          if (bytes == 0) first_byte = i;
          bytes += run - i;
          last_byte = run - 1;
          i = run;
          continue;
        }
        if (const auto sp = space_length(text, i)) {
          space_left = sp - 1;
          ++i;
          continue;
        }
        if (bytes++ == 0) first_byte = i;
        last_byte = i++;
      }
      if (bytes == 0) continue;
      const bool covered = owner[j] != none;
      const auto label = !covered ? text_label::bespoke
                         : order[owner[j]].sources >= national_sources ? text_label::national
                                                                        : text_label::house;
      const std::int32_t family = covered ? static_cast<std::int32_t>(order[owner[j]].span.family) : -1;
      (label == text_label::national ? doc.national_bytes
       : label == text_label::house  ? doc.house_bytes
                                     : doc.bespoke_bytes) += bytes;
      if (!spans_out.empty() && spans_out.back().label == label && spans_out.back().family == family) {
        // Only white space lies between: this run continues the span.
        spans_out.back().end = last_byte + 1;
      } else {
        spans_out.push_back({first_byte, last_byte + 1, label, family});
      }
    }
    doc.spans.assign(spans_out.begin(), spans_out.end());
  };
  // One loop over every letter, each range's call made by the thread that
  // labelled it: blocks of letters each followed by a call on this thread
  // left a core idle at every block's end and during every call (81 of each
  // at 1 GB of letters).
  constexpr std::size_t range = 512;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, out.size(), range),
      [&](const tbb::blocked_range<std::size_t>& r) {
        for (auto d = r.begin(); d != r.end(); ++d) label_letter(d);
        if (after_each_range) after_each_range(r.begin(), r.end());
      },
      tbb::simple_partitioner());
  return out;
}

}  // namespace refrain
