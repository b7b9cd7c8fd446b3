#include <refrain/boilerplate.hpp>

#include <refrain/error.hpp>

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>

namespace refrain {
namespace {

// Marks the white space bytes of `t` (see the header for the set).
std::vector<bool> white_space(std::string_view t) {
  std::vector<bool> ws(t.size(), false);
  for (std::size_t i = 0; i < t.size();) {
    const auto c = static_cast<unsigned char>(t[i]);
    std::size_t len = 0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      len = 1;
    } else if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) {
      len = 2;
    } else if (i + 2 < t.size()) {
      const auto c1 = static_cast<unsigned char>(t[i + 1]);
      const auto c2 = static_cast<unsigned char>(t[i + 2]);
      if ((c == 0xEF && c1 == 0xBB && c2 == 0xBF) || (c == 0xE2 && c1 == 0x80 && (c2 == 0x87 || c2 == 0xAF))) len = 3;
    }
    if (len == 0) {
      ++i;
      continue;
    }
    for (std::size_t k = 0; k < len; ++k) ws[i + k] = true;
    i += len;
  }
  return ws;
}

// Next position not yet painted, with path halving: painting every byte once
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
                                                  const std::function<void()>& after_each_block) {
  std::vector<family_spread> spread(spreads.begin(), spreads.end());
  std::sort(spread.begin(), spread.end(), [](const auto& a, const auto& b) { return a.family < b.family; });
  for (std::size_t i = 1; i < spread.size(); ++i)
    if (spread[i].family == spread[i - 1].family)
      throw error(errc::invalid_argument, "label_documents: family " + std::to_string(spread[i].family) +
                                              " is listed twice in the spreads");
  auto sources_of = [&](std::uint32_t family) {
    const auto it = std::lower_bound(spread.begin(), spread.end(), family,
                                     [](const family_spread& s, std::uint32_t f) { return s.family < f; });
    if (it == spread.end() || it->family != family)
      throw error(errc::invalid_argument, "label_documents: family " + std::to_string(family) +
                                              " has members but no entry in the spreads");
    return it->sources;
  };

  struct ranked {
    family_span span;
    std::uint32_t sources;
  };
  if (spans.size() >= std::numeric_limits<std::uint32_t>::max())
    throw error(errc::invalid_argument, "label_documents: more than 4 billion member spans");
  std::vector<ranked> order;
  order.reserve(spans.size());
  for (const auto& s : spans) {
    if (s.document >= document_texts.size() || s.start > s.end || s.end > document_texts[s.document].size())
      throw error(errc::invalid_argument,
                  "label_documents: member of family " + std::to_string(s.family) + " at [" + std::to_string(s.start) +
                      ", " + std::to_string(s.end) + ") of document " + std::to_string(s.document) +
                      " lies outside the documents' texts");
    order.push_back({s, sources_of(s.family)});
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

  // Documents are independent: each paints its own spans, in parallel.
  std::vector<std::size_t> first_span(document_texts.size() + 1, order.size());
  for (std::size_t k = order.size(); k-- > 0;) first_span[order[k].span.document] = k;
  for (std::size_t d = document_texts.size(); d-- > 0;) first_span[d] = std::min(first_span[d], first_span[d + 1]);
  std::vector<document_boilerplate> out(document_texts.size());
  const auto label_letter = [&](std::size_t d) {
    std::size_t cursor = first_span[d];
    const auto text = document_texts[d];
    const auto size = text.size();
    // owner[i]: the index in `order` of the span that painted byte i. 32 bits:
    // this costs bytes per byte of the letter, and one letter may be hundreds of MB.
    constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
    std::vector<std::uint32_t> owner(size, none);
    std::vector<std::uint32_t> next(size + 1);
    std::iota(next.begin(), next.end(), std::uint32_t{0});
    for (; cursor < order.size() && order[cursor].span.document == d; ++cursor) {
      const auto& r = order[cursor];
      for (std::size_t i = next_free(next, r.span.start); i < r.span.end; i = next_free(next, i)) {
        owner[i] = static_cast<std::uint32_t>(cursor);
        next[i] = static_cast<std::uint32_t>(i + 1);
      }
    }

    const auto ws = white_space(text);
    auto& doc = out[d];
    for (std::size_t i = 0; i < size; ++i) {
      if (ws[i]) continue;
      const bool covered = owner[i] != none;
      const auto label = !covered ? text_label::bespoke
                         : order[owner[i]].sources >= national_sources ? text_label::national
                                                                        : text_label::house;
      const std::int32_t family = covered ? static_cast<std::int32_t>(order[owner[i]].span.family) : -1;
      (label == text_label::national ? doc.national_bytes
       : label == text_label::house  ? doc.house_bytes
                                     : doc.bespoke_bytes) += 1;
      auto& spans_out = doc.spans;
      if (!spans_out.empty() && spans_out.back().label == label && spans_out.back().family == family) {
        // Only white space lies between: this run continues the span.
        spans_out.back().end = static_cast<std::uint32_t>(i + 1);
      } else {
        spans_out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1), label, family});
      }
    }
    doc.spans.shrink_to_fit();
  };
  constexpr std::size_t block = 2048;
  for (std::size_t first = 0; first < out.size(); first += block) {
    tbb::parallel_for(first, std::min(out.size(), first + block), label_letter);
    if (after_each_block) after_each_block();
  }
  return out;
}

}  // namespace refrain
