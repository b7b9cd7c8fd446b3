#include <refrain/scorecard.hpp>

#include <refrain/error.hpp>
#include <refrain/huge_pages.hpp>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <functional>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace refrain {
namespace {

bool dated(const std::optional<std::string>& date) {
  if (!date || date->size() < 4) return false;
  for (std::size_t i = 0; i < 4; ++i)
    if ((*date)[i] < '0' || (*date)[i] > '9') return false;
  return date->size() == 4 || (*date)[4] == '-';
}

struct tally {
  std::uint32_t letters = 0;
  std::uint64_t national = 0, house = 0, bespoke = 0;
  // Which families its letters use, as a bit per family rank (families
  // numbered densely in order of id): every use of every letter is marked, tens
  // of millions at 1 GB of letters, where a tree cost more.
  std::vector<std::uint64_t> families;
  std::uint32_t family_count() const {
    std::uint32_t n = 0;
    for (const auto word : families) n += static_cast<std::uint32_t>(std::popcount(word));
    return n;
  }
  // The families' ids, ascending, given each rank's id.
  std::vector<std::uint32_t> family_ids(std::span<const std::uint32_t> id_of_rank) const {
    std::vector<std::uint32_t> ids;
    for (std::size_t w = 0; w < families.size(); ++w)
      for (auto word = families[w]; word != 0; word &= word - 1)
        ids.push_back(id_of_rank[w * 64 + static_cast<std::size_t>(std::countr_zero(word))]);
    return ids;
  }
};

double ratio(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// Every letter's source, date and year as ranks: numbers that order as the
// strings do (years: four-digit years ascending, then "unknown"), so a
// family's uses (millions at 1 GB of letters) compare and mark numbers, not
// strings. A date's rank is 0 when the letter is undated, 1 + its place among
// the distinct dated dates otherwise.
struct letter_ranks {
  std::vector<std::string_view> source_names, dates, years;  // by rank; dates[0] unused
  std::vector<std::uint32_t> source, date, year;             // per letter

  explicit letter_ranks(std::span<const scorecard_letter> letters)
      : source(letters.size()), date(letters.size()), year(letters.size()) {
    // Numbered as first seen (letters come a source at a time: a name is
    // looked up where it changes), then renumbered in sorted order.
    std::unordered_map<std::string_view, std::uint32_t> source_seen, date_seen;
    dates.emplace_back();
    for (std::size_t i = 0; i < letters.size(); ++i) {
      const auto& l = letters[i];
      if (i > 0 && l.source == letters[i - 1].source) {
        source[i] = source[i - 1];
      } else {
        source[i] = source_seen.try_emplace(l.source, static_cast<std::uint32_t>(source_seen.size())).first->second;
      }
      date[i] = dated(l.date) ? date_seen.try_emplace(*l.date, static_cast<std::uint32_t>(date_seen.size() + 1)).first->second
                              : 0;
    }
    const auto source_rank = sorted_ranks(source_seen, source_names, 0);
    const auto date_rank = sorted_ranks(date_seen, dates, 1);
    // Years: each dated date's first four digits, then "unknown" if a letter is undated.
    std::vector<std::string_view> year_names;
    for (std::size_t r = 1; r < dates.size(); ++r) year_names.push_back(dates[r].substr(0, 4));
    std::sort(year_names.begin(), year_names.end());
    year_names.erase(std::unique(year_names.begin(), year_names.end()), year_names.end());
    std::vector<std::uint32_t> year_of_date(dates.size(), 0);
    for (std::size_t r = 1; r < dates.size(); ++r)
      year_of_date[r] = static_cast<std::uint32_t>(
          std::lower_bound(year_names.begin(), year_names.end(), dates[r].substr(0, 4)) - year_names.begin());
    const auto unknown = static_cast<std::uint32_t>(year_names.size());
    years = std::move(year_names);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, letters.size(), 1 << 12), [&](const auto& r) {
      for (auto i = r.begin(); i != r.end(); ++i) {
        source[i] = source_rank[source[i]];
        date[i] = date_rank[date[i]];
        year[i] = date[i] == 0 ? unknown : year_of_date[date[i]];
      }
    });
    if (std::find(date.begin(), date.end(), 0u) != date.end()) years.emplace_back("unknown");
  }

 private:
  // The names in sorted order (after `first` placeholders) and, per number as
  // first seen, its rank.
  static std::vector<std::uint32_t> sorted_ranks(const std::unordered_map<std::string_view, std::uint32_t>& seen,
                                                 std::vector<std::string_view>& names, std::uint32_t first) {
    std::vector<std::pair<std::string_view, std::uint32_t>> by_name(seen.begin(), seen.end());
    std::sort(by_name.begin(), by_name.end());
    std::vector<std::uint32_t> rank(seen.size() + first, 0);
    for (std::uint32_t r = 0; r < by_name.size(); ++r) {
      names.push_back(by_name[r].first);
      rank[by_name[r].second] = r + first;
    }
    return rank;
  }
};

// The timeline and variant uses of one family, from its uses (by document).
struct family_cards {
  family_timeline timeline;
  std::vector<family_variant_use> variants_by_source;
};

// Numbers a family's keys (its variants, its sources, its sources by year)
// 0, 1, 2... in the keys' order: directly when there can be few of them next
// to the family's uses (a scan's variants number at most its members), by
// sorting the keys in use otherwise, so that a family of three uses costs
// three whatever the numbers it is given.
class key_index {
 public:
  template <class KeyOf>
  key_index(std::span<const family_use> group, std::uint64_t universe, KeyOf key_of)
      : dense_(universe <= 2 * static_cast<std::uint64_t>(group.size()) + 64), size_(universe) {
    if (dense_) return;
    keys_.reserve(group.size());
    for (const auto& u : group) keys_.push_back(key_of(u));
    std::sort(keys_.begin(), keys_.end());
    keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
    size_ = keys_.size();
  }
  std::size_t size() const noexcept { return static_cast<std::size_t>(size_); }
  std::size_t operator()(std::uint64_t key) const {
    return dense_ ? static_cast<std::size_t>(key)
                  : static_cast<std::size_t>(std::lower_bound(keys_.begin(), keys_.end(), key) - keys_.begin());
  }
  std::uint64_t key(std::size_t i) const { return dense_ ? i : keys_[i]; }

 private:
  bool dense_;
  std::uint64_t size_;
  std::vector<std::uint64_t> keys_;
};

family_cards describe_family(std::span<const family_use> group, const letter_ranks& ranks) {
  family_cards cards;
  const auto family = group.front().family;
  family_timeline timeline;
  timeline.family = family;
  const std::uint64_t sources = ranks.source_names.size();
  const auto source_of = [&](const family_use& u) -> std::uint64_t { return ranks.source[u.document]; };
  const auto source_year_of = [&](const family_use& u) { return ranks.year[u.document] * sources + source_of(u); };
  const auto variant_of = [](const family_use& u) -> std::uint64_t { return u.variant; };
  std::uint64_t largest_variant = 0;
  for (const auto& u : group) largest_variant = std::max(largest_variant, variant_of(u));
  const key_index variant_index(group, largest_variant + 1, variant_of);
  const key_index source_year_index(group, ranks.years.size() * sources, source_year_of);
  // Which sources used it in each year; each variant's earliest date (0: none
  // dated), and whether it is used at all.
  std::vector<char> source_in_year(source_year_index.size(), 0);
  std::vector<std::uint32_t> variant_first(variant_index.size(), 0);
  std::vector<char> variant_used(variant_index.size(), 0);
  std::uint32_t first_date = 0;  // the earliest dated letter; the first of equal dates, as documents ascend
  std::uint32_t first_document = 0;
  for (const auto& u : group) {
    const auto d = ranks.date[u.document];
    const auto v = variant_index(u.variant);
    source_in_year[source_year_index(source_year_of(u))] = 1;
    variant_used[v] = 1;
    if (d == 0) continue;
    if (variant_first[v] == 0 || d < variant_first[v]) variant_first[v] = d;
    if (first_date == 0 || d < first_date) first_date = d, first_document = u.document;
  }
  if (first_date != 0) {
    timeline.first_date = std::string(ranks.dates[first_date]);
    timeline.first_source = std::string(ranks.source_names[ranks.source[first_document]]);
    timeline.first_document = first_document;
  }
  // Keys ascend by year, then source: each year's sources are counted together.
  for (std::size_t i = 0; i < source_in_year.size(); ++i) {
    if (!source_in_year[i]) continue;
    const auto year = static_cast<std::size_t>(source_year_index.key(i) / sources);
    if (timeline.years.empty() || timeline.years.back().year != ranks.years[year])
      timeline.years.push_back({std::string(ranks.years[year]), 0});
    ++timeline.years.back().sources;
  }
  cards.timeline = std::move(timeline);

  if (std::count(variant_used.begin(), variant_used.end(), 1) < 2) return cards;
  // The newest variant: latest earliest date, the lowest of equals; none when no letter is dated.
  std::optional<std::uint32_t> newest;
  std::uint32_t newest_date = 0;
  for (std::size_t v = 0; v < variant_first.size(); ++v)
    if (variant_first[v] > newest_date) newest = static_cast<std::uint32_t>(variant_index.key(v)), newest_date = variant_first[v];
  const auto first_of = [&](std::uint32_t variant) { return variant_first[variant_index(variant)]; };
  // Whether variant a appeared later than b; an undated one counts as oldest.
  const auto later = [&](std::uint32_t a, std::uint32_t b) {
    const auto fa = first_of(a), fb = first_of(b);
    if ((fa != 0) != (fb != 0)) return fa != 0;
    if (fa != 0 && fa != fb) return fa > fb;
    return a < b;
  };
  // Each source's most recent letter using the family: (date, document), an
  // undated letter (date 0) older than any dated one.
  struct latest_use {
    bool used = false;
    std::pair<std::uint32_t, std::uint32_t> when;
    std::uint32_t variant = 0;
  };
  const key_index source_index(group, sources, source_of);
  std::vector<latest_use> latest(source_index.size());
  for (const auto& u : group) {
    auto& l = latest[source_index(source_of(u))];
    const std::pair when{ranks.date[u.document], u.document};
    if (!l.used || l.when < when) {
      l = {true, when, u.variant};
    } else if (l.when == when && later(u.variant, l.variant)) {
      l.variant = u.variant;  // one letter, several variants: the newest speaks for it
    }
  }
  for (std::size_t s = 0; s < latest.size(); ++s) {
    const auto& l = latest[s];
    if (!l.used) continue;
    const auto first = first_of(l.variant);
    cards.variants_by_source.push_back(
        {.family = family,
         .source = std::string(ranks.source_names[source_index.key(s)]),
         .last_document = l.when.second,
         .last_date = l.when.first != 0 ? std::optional<std::string>(ranks.dates[l.when.first]) : std::nullopt,
         .variant = l.variant,
         .newest_variant = newest,
         .newest_first_date = newest ? std::optional<std::string>(ranks.dates[newest_date]) : std::nullopt,
         .older_variant = first != 0 && newest_date != 0 && first < newest_date});
  }
  return cards;
}

// Uses by family, then document: what every count below needs (a family's
// uses together, its letters ascending). The order of one letter's several
// uses of a family changes nothing they compute. A scan lists its uses so
// already, family by family in reading order: checked in parallel, they are
// sorted only when they are not (a full sort of tens of millions of uses took
// 94 ms on two cores at 1 GB of letters, and scaled 1.3x).
void sort_uses(std::span<family_use> uses) {
  constexpr std::size_t block = std::size_t{1} << 16;
  const auto by_letter = [](const family_use& a, const family_use& b) {
    return std::tie(a.family, a.document) < std::tie(b.family, b.document);
  };
  const bool sorted = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(1, std::max<std::size_t>(uses.size(), 1), block), true,
      [&](const tbb::blocked_range<std::size_t>& r, bool so_far) {
        for (auto i = r.begin(); so_far && i != r.end(); ++i) so_far = !by_letter(uses[i], uses[i - 1]);
        return so_far;
      },
      std::logical_and<>());
  if (!sorted) tbb::parallel_sort(uses.begin(), uses.end(), by_letter);
}

}  // namespace

std::string year_of(const std::optional<std::string>& date) { return dated(date) ? date->substr(0, 4) : "unknown"; }

scorecards build_scorecards(std::span<const scorecard_letter> letters,
                            std::span<const document_boilerplate> boilerplate,
                            std::span<const family_use> uses) {
  if (boilerplate.size() != letters.size())
    throw error(errc::invalid_argument, "build_scorecards: " + std::to_string(letters.size()) + " letters but " +
                                            std::to_string(boilerplate.size()) + " boilerplate maps");
  for (const auto& u : uses)
    if (u.document >= letters.size())
      throw error(errc::invalid_argument, "build_scorecards: family " + std::to_string(u.family) +
                                              " is used by letter " + std::to_string(u.document) + " but there are only " +
                                              std::to_string(letters.size()) + " letters");

  large_vector<family_use> sorted(uses.begin(), uses.end());
  sort_uses(sorted);
  // Each family's uses, by document: `sorted` holds them together, and a
  // family's rank is its place among them.
  std::vector<std::span<const family_use>> groups;
  std::vector<std::uint32_t> id_of_rank;
  for (std::size_t lo = 0, hi = 0; lo < sorted.size(); lo = hi) {
    while (hi < sorted.size() && sorted[hi].family == sorted[lo].family) ++hi;
    groups.emplace_back(sorted.data() + lo, hi - lo);
    id_of_rank.push_back(sorted[lo].family);
  }

  scorecards out;

  // Per source and year: each letter counts in its year's tally and in "all",
  // a table of the sources by their years and "all" (the last column).
  const letter_ranks ranks(letters);
  const auto columns = ranks.years.size() + 1;
  std::vector<tally> tallies(ranks.source_names.size() * columns);
  const auto tallies_of = [&](std::size_t letter) {
    auto* row = tallies.data() + ranks.source[letter] * columns;
    return std::array<tally*, 2>{row + ranks.year[letter], row + columns - 1};
  };
  for (std::size_t i = 0; i < letters.size(); ++i)
    for (auto* t : tallies_of(i)) {
      ++t->letters;
      t->national += boilerplate[i].national_bytes;
      t->house += boilerplate[i].house_bytes;
      t->bespoke += boilerplate[i].bespoke_bytes;
    }
  // A bit per family only where a source has letters that year.
  for (auto& t : tallies)
    if (t.letters > 0) t.families.resize((id_of_rank.size() + 63) / 64);
  // Every use marks its family in its letter's two tallies, in parallel (tens
  // of millions of uses at 1 GB of letters). Nearly every mark is already made
  // by an earlier letter of the same source and year, so a word is read first
  // and written only when the bit is new: the cores share the tallies' lines
  // without trading them back and forth.
  tbb::parallel_for(std::size_t{0}, groups.size(), [&](std::size_t rank) {
    const auto bit = std::uint64_t{1} << (rank % 64);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, groups[rank].size(), 1 << 14), [&](const auto& r) {
      for (auto u = r.begin(); u != r.end(); ++u)
        for (auto* t : tallies_of(groups[rank][u].document)) {
          std::atomic_ref<std::uint64_t> word(t->families[rank / 64]);
          if (!(word.load(std::memory_order_relaxed) & bit)) word.fetch_or(bit, std::memory_order_relaxed);
        }
    });
  });
  for (std::size_t s = 0; s < ranks.source_names.size(); ++s)
    for (std::size_t y = 0; y < columns; ++y) {
      const auto& t = tallies[s * columns + y];
      if (t.letters == 0) continue;  // no letter of this source in this year
      const auto total = t.national + t.house + t.bespoke;
      out.by_source_year.push_back({.source = std::string(ranks.source_names[s]),
                                    .year = y + 1 == columns ? std::string("all") : std::string(ranks.years[y]),
                                    .letters = t.letters,
                                    .national_bytes = t.national,
                                    .house_bytes = t.house,
                                    .bespoke_bytes = t.bespoke,
                                    .national_share = ratio(t.national, total),
                                    .house_share = ratio(t.house, total),
                                    .bespoke_share = ratio(t.bespoke, total),
                                    .families = t.family_count()});
    }

  // Source x source: every source has an "all" tally holding its families.
  std::vector<std::pair<std::string, std::vector<std::uint32_t>>> sources;
  for (std::size_t s = 0; s < ranks.source_names.size(); ++s)
    sources.emplace_back(ranks.source_names[s], tallies[s * columns + columns - 1].family_ids(id_of_rank));
  for (const auto& [a, fa] : sources)
    for (const auto& [b, fb] : sources) {
      std::vector<std::uint32_t> common;
      std::set_intersection(fa.begin(), fa.end(), fb.begin(), fb.end(), std::back_inserter(common));
      const auto shared = common.size();
      const auto either = fa.size() + fb.size() - shared;
      out.similarity.push_back({a, b, static_cast<std::uint32_t>(shared), ratio(shared, either)});
    }

  // Per family: the families are independent, described in parallel, kept in family order.
  std::vector<family_cards> described(groups.size());
  tbb::parallel_for(std::size_t{0}, groups.size(), [&](std::size_t g) { described[g] = describe_family(groups[g], ranks); });
  for (auto& d : described) {
    out.families.push_back(std::move(d.timeline));
    out.variants_by_source.insert(out.variants_by_source.end(), std::make_move_iterator(d.variants_by_source.begin()),
                                  std::make_move_iterator(d.variants_by_source.end()));
  }
  return out;
}

}  // namespace refrain
