#include <refrain/scan.hpp>

#include <refrain/cluster.hpp>
#include <refrain/error.hpp>
#include <refrain/family.hpp>
#include <refrain/huge_pages.hpp>
#include <refrain/link.hpp>
#include <refrain/normalize.hpp>

#include <fmt/format.h>
#include <xxhash.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/parallel_reduce.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>
#include <limits>
#include <memory>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unordered_map>

namespace refrain {
namespace {

using clock_type = std::chrono::steady_clock;

class stage_clock {
 public:
  stage_clock(std::vector<stage_timing>& timings, const progress_callback& progress)
      : timings_(timings), progress_(progress) {}
  void start(std::string name, std::string_view unit = {}, std::uint64_t total = 0) {
    stop();
#ifdef __GLIBC__
    // Each stage frees what the one before it built (hundreds of MB at 1 GB of
    // letters); without this, glibc keeps those pages and the peak is their sum.
    malloc_trim(0);
#endif
    name_ = std::move(name);
    unit_ = unit;
    total_ = total;
    began_ = clock_type::now();
    began_cpu_ = process_cpu_seconds();
    advance(0);
  }
  void advance(std::uint64_t done) const {
    if (progress_) progress_({name_, unit_, done, total_});
  }
  void stop() {
    if (name_.empty()) return;
    timings_.push_back({name_, std::chrono::duration<double>(clock_type::now() - began_).count(),
                        process_cpu_seconds() - began_cpu_});
    name_.clear();
  }
  // The last stage's leftovers too, before the caller writes the report.
  void finish() {
    stop();
#ifdef __GLIBC__
    malloc_trim(0);
#endif
  }

 private:
  std::vector<stage_timing>& timings_;
  const progress_callback& progress_;
  std::string name_;
  std::string_view unit_;
  std::uint64_t total_ = 0;
  clock_type::time_point began_;
  double began_cpu_ = 0;
};

// A unit that takes part in matching.
struct unit_ref {
  std::uint32_t document;
  std::uint32_t unit;
};

// How many letters the members of these groups come from.
std::size_t letters_of(std::span<const std::vector<std::uint32_t>> groups, std::span<const unit_ref> refs) {
  std::vector<std::uint32_t> documents;
  for (const auto& members : groups)
    for (const auto m : members) documents.push_back(refs[m].document);
  std::sort(documents.begin(), documents.end());
  return static_cast<std::size_t>(std::unique(documents.begin(), documents.end()) - documents.begin());
}

// What the later stages need of a unit: 12 bytes where segment()'s unit takes
// 56, at tens of millions of units. The few units whose text is needed again
// (family representatives) get it by segmenting their document once more.
struct unit_place {
  unit_place(std::uint32_t first, std::uint32_t last, std::int32_t parent_unit, unit_kind k)
      : start(first), end(last), parent_plus_one(static_cast<std::uint32_t>(parent_unit + 1) & 0x7FFFFFFFu),
        sentence(k == unit_kind::sentence) {}
  unit_kind kind() const noexcept { return sentence ? unit_kind::sentence : unit_kind::paragraph; }
  std::int32_t parent() const noexcept { return static_cast<std::int32_t>(parent_plus_one) - 1; }  // as unit::parent
  std::uint32_t start;  // original bytes
  std::uint32_t end;

 private:
  std::uint32_t parent_plus_one : 31;  // a letter has far fewer than 2^31 units
  std::uint32_t sentence : 1;
};
static_assert(sizeof(unit_place) == 12);

struct segmented_document {
  std::span<const unit_place> units;
  std::span<const std::uint32_t> matched;  // indices of units long enough to match, ascending
};

// Every letter's units, held by the batch of letters that segmented them: two
// allocations per 32 letters, not two per letter. At 1 GB of letters, freeing
// 333,000 small vectors took one core 42 ms (and two cores longer).
struct segmented_letters {
  struct held {
    std::vector<unit_place> units;
    std::vector<std::uint32_t> matched;
  };
  std::vector<segmented_document> docs;  // views into `batches`
  std::vector<held> batches;
  std::size_t size() const noexcept { return docs.size(); }
  const segmented_document& operator[](std::size_t d) const { return docs[d]; }
};

// The matched units' shingle sets with exact copies (same kind, same shingles)
// stored once: most copies of a template within one source are identical, so
// the link stage only sees distinct texts and the memory holds each text once.
// Ids number the matched units document by document.
struct distinct_sets {
  shingle_table sets;                     // one per distinct text, in order of first appearance
  std::vector<std::uint32_t> groups;      // its unit kind
  std::vector<std::uint32_t> members;     // distinct index -> id of its first copy
  large_vector<std::uint32_t> set_of;     // id -> distinct index; members[set_of[id]] is its first exact copy
  // The set of matched unit `id` (gathered into `scratch` if stored as a part).
  std::span<const shingle_hash> of(std::uint32_t id, std::vector<shingle_hash>& scratch) const {
    return sets.get(set_of[id], scratch);
  }
};

// Distinct sets by a 64-bit hash of kind and shingles: open addressing, a
// match confirmed by comparing the sets themselves (a hash collision is never
// taken for a copy). 12 bytes a slot, at most three quarters full.
class copy_index {
 public:
  // The distinct index of a stored set for which `same` holds, found under
  // `key`; else `fresh`, which is recorded under `key`.
  template <class Same>
  std::uint32_t find_or_add(std::uint64_t key, std::uint32_t fresh, const Same& same) {
    if (4 * (used_ + 1) > 3 * keys_.size()) grow();
    key |= 1;  // 0 marks an empty slot
    for (std::size_t slot = key & (keys_.size() - 1);; slot = (slot + 1) & (keys_.size() - 1)) {
      if (keys_[slot] == 0) {
        keys_[slot] = key;
        values_[slot] = fresh;
        ++used_;
        return fresh;
      }
      if (keys_[slot] == key && same(values_[slot])) return values_[slot];
    }
  }
  // Asks for the slot `key` starts at, ahead of its find_or_add: the table is
  // hundreds of MB at 1 GB of letters, and each lookup would otherwise wait on memory.
  void prefetch(std::uint64_t key) const noexcept {
    if (keys_.empty()) return;
    const auto slot = (key | 1) & (keys_.size() - 1);
    __builtin_prefetch(keys_.data() + slot);
    __builtin_prefetch(values_.data() + slot);
  }

 private:
  void grow() {
    large_vector<std::uint64_t> keys(std::max<std::size_t>(1024, 2 * keys_.size()));
    large_vector<std::uint32_t> values(keys.size());
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == 0) continue;
      auto slot = keys_[i] & (keys.size() - 1);
      while (keys[slot] != 0) slot = (slot + 1) & (keys.size() - 1);
      keys[slot] = keys_[i];
      values[slot] = values_[i];
    }
    keys_.swap(keys);
    values_.swap(values);
  }
  large_vector<std::uint64_t> keys_;
  large_vector<std::uint32_t> values_;
  std::size_t used_ = 0;
};

constexpr std::uint32_t no_set = std::numeric_limits<std::uint32_t>::max();

// Whether `part` can be stored as positions in `whole` (shingle_table::push_back_part).
bool is_part_of(std::span<const shingle_hash> part, std::span<const shingle_hash> whole) {
  return whole.size() <= shingle_table::max_whole_for_parts && part.size() <= whole.size() &&
         std::includes(whole.begin(), whole.end(), part.begin(), part.end());
}

// The shingle set each unit of a letter is matched on, unit by unit in
// segment()'s order (each paragraph, then its sentences); one per thread, its
// buffers reused, so a unit costs no allocation. A sentence that cuts none of
// its paragraph's words takes its words and shingles from the paragraph's
// (normalize_ascii_into, shingler::words_of_last), not normalised and hashed a
// second time: the same set, hash for hash, for half the work.
class unit_sets {
 public:
  explicit unit_sets(const scan_params& params) : params_(params), units_(params.shingles), paragraphs_(params.shingles, true) {}
  // Call before the first unit of each letter.
  void begin_letter() noexcept { paragraph_ = no_paragraph; }
  // The set of units[u] of `doc`; empty when it is too short to be matched.
  std::span<const shingle_hash> operator()(const document& doc, const std::vector<unit>& units, std::uint32_t u) {
    const auto& unit = units[u];
    std::size_t first = 0, last = 0;
    if (unit.kind == unit_kind::sentence && unit.parent >= 0 && unit.parent == paragraph_ && unit.gaps.empty() &&
        paragraph_range(unit.text, first, last)) {
      if (last - first < params_.min_words) return {};
      if (paragraph_shingled_) return paragraphs_.words_of_last(first, last);
    }
    const auto unit_words = unit_text(doc, unit, text_);
    const bool held = params_.shingles.kind == shingle_kind::word && unit.kind == unit_kind::paragraph &&
                      unit.gaps.empty() && normalize_ascii_into(unit_words, words_, paragraph_words_);
    if (unit.kind == unit_kind::paragraph) {
      paragraph_ = held ? static_cast<std::int64_t>(u) : no_paragraph;
      paragraph_text_ = unit.text;
      paragraph_shingled_ = false;
    }
    if (!held) normalize_into(unit_words, words_);
    if ((held ? paragraph_words_.size() : count_words(words_)) < params_.min_words) return {};
    if (!held) return units_(words_);
    paragraph_shingled_ = true;
    return paragraphs_(words_);
  }

 private:
  static constexpr std::int64_t no_paragraph = -1;
  // Words [first, last) of the paragraph held for a sentence spanning `s` of the
  // letter's text; false when the sentence lies outside it or cuts one of its words.
  bool paragraph_range(text_span s, std::size_t& first, std::size_t& last) const {
    if (s.start < paragraph_text_.start || s.end > paragraph_text_.end) return false;
    const auto begin = s.start - paragraph_text_.start, end = s.end - paragraph_text_.start;
    const auto starts_before = [](const word_source& w, std::uint32_t at) { return w.begin < at; };
    const auto words = std::span<const word_source>(paragraph_words_);
    first = static_cast<std::size_t>(std::lower_bound(words.begin(), words.end(), begin, starts_before) - words.begin());
    last = static_cast<std::size_t>(std::lower_bound(words.begin() + static_cast<std::ptrdiff_t>(first), words.end(), end, starts_before) -
                                    words.begin());
    return (first == 0 || words[first - 1].end <= begin) && (last == 0 || words[last - 1].end <= end);
  }

  const scan_params& params_;
  std::string text_, words_;
  shingler units_;       // units whose words are not held
  shingler paragraphs_;  // a paragraph whose words are held, kept for its sentences
  // The last paragraph of plain ASCII without gaps: its unit index, its text,
  // where each of its words lies there, and whether it was shingled.
  std::int64_t paragraph_ = no_paragraph;
  text_span paragraph_text_;
  std::vector<word_source> paragraph_words_;
  bool paragraph_shingled_ = false;
};

// Segments, normalises and shingles the documents in parallel, and stores each
// batch's sets as they are made, exact copies once, so the sets of the whole
// corpus never exist twice over. A pipeline per block of 2,048 letters: while
// one thread stores a batch (in document order, so ids do not depend on the
// thread count), the others shingle the batches after it. Between blocks, on the
// calling thread, progress is reported and the block's pages are handed back.
segmented_letters segment_and_shingle(const corpus& input, const scan_params& params, const stage_clock& clock,
                                      distinct_sets& out) {
  segmented_letters segmented;
  auto& docs = segmented.docs;
  docs.resize(input.documents.size());
  struct batch {
    std::size_t first = 0, last = 0;
    // Per matched unit, in document order: its shingles (values[ends[i-1], ends[i]))
    // and the hash of its kind and shingles.
    std::vector<shingle_hash> values;
    std::vector<std::size_t> ends;
    std::vector<std::uint64_t> keys;
    std::span<const shingle_hash> set(std::size_t i) const {
      const auto begin = i == 0 ? 0 : ends[i - 1];
      return {values.data() + begin, ends[i] - begin};
    }
  };
  constexpr std::size_t batch_documents = 32, block = 2048;  // a block is whole batches
  static_assert(block % batch_documents == 0);
  segmented.batches.resize((docs.size() + batch_documents - 1) / batch_documents);
  std::size_t next = 0, block_end = 0;
  copy_index index;
  const auto make = [&](tbb::flow_control& control) -> std::shared_ptr<batch> {
    if (next >= block_end) {
      control.stop();
      return nullptr;
    }
    auto b = std::make_shared<batch>();
    b->first = next;
    b->last = next = std::min(block_end, next + batch_documents);
    return b;
  };
  const auto shingle_batch = [&](std::shared_ptr<batch> b) {
    unit_sets set_of(params);
    // The batch's units and matched indices, letter after letter, copied once
    // into storage of their exact size.
    std::vector<unit_place> units_of_batch;
    std::vector<std::uint32_t> matched_of_batch;
    std::vector<std::pair<std::size_t, std::size_t>> ends;  // per letter: its units' and matched ends
    for (std::size_t d = b->first; d < b->last; ++d) {
      const auto& doc = input.documents[d];
      const auto units = segment(doc, params.segmentation);
      for (const auto& u : units) units_of_batch.push_back({u.start, u.end, u.parent, u.kind});
      set_of.begin_letter();
      for (std::uint32_t u = 0; u < units.size(); ++u) {
        const auto set = set_of(doc, units, u);
        if (set.empty()) continue;
        matched_of_batch.push_back(u);
        b->keys.push_back(XXH3_64bits_withSeed(set.data(), set.size() * sizeof(shingle_hash),
                                               static_cast<std::uint64_t>(units[u].kind)));
        b->values.insert(b->values.end(), set.begin(), set.end());
        b->ends.push_back(b->values.size());
      }
      ends.emplace_back(units_of_batch.size(), matched_of_batch.size());
    }
    auto& held = segmented.batches[b->first / batch_documents];
    held.units.assign(units_of_batch.begin(), units_of_batch.end());
    held.matched.assign(matched_of_batch.begin(), matched_of_batch.end());
    std::size_t units_from = 0, matched_from = 0;
    for (std::size_t d = b->first; d < b->last; ++d) {
      const auto [units_to, matched_to] = ends[d - b->first];
      docs[d] = {std::span(held.units).subspan(units_from, units_to - units_from),
                 std::span(held.matched).subspan(matched_from, matched_to - matched_from)};
      units_from = units_to;
      matched_from = matched_to;
    }
    return b;
  };
  std::vector<shingle_hash> scratch;
  std::vector<std::uint32_t> distinct_of;  // per unit of the letter being stored
  const auto store = [&](std::shared_ptr<batch> b) {
    std::size_t i = 0;
    for (std::size_t d = b->first; d < b->last; ++d) {
      const auto& units = docs[d].units;
      distinct_of.assign(units.size(), no_set);
      for (const auto u : docs[d].matched) {
        if (constexpr std::size_t ahead = 8; i + ahead < b->keys.size()) index.prefetch(b->keys[i + ahead]);
        const auto set = b->set(i);
        const auto group = static_cast<std::uint32_t>(units[u].kind());
        const auto id = static_cast<std::uint32_t>(out.set_of.size());
        const auto fresh_index = static_cast<std::uint32_t>(out.sets.size());
        const auto found = index.find_or_add(b->keys[i++], fresh_index, [&](std::uint32_t j) {
          const auto stored = out.sets.get(j, scratch);
          return out.groups[j] == group && std::equal(stored.begin(), stored.end(), set.begin(), set.end());
        });
        if (found == fresh_index) {
          // A sentence inside its paragraph's shingles is kept as a part of them.
          const auto parent = units[u].parent();
          const auto whole = parent < 0 ? no_set : distinct_of[static_cast<std::size_t>(parent)];
          if (whole != no_set && out.sets.stored_whole(whole) && is_part_of(set, out.sets[whole]))
            out.sets.push_back_part(whole, set);
          else
            out.sets.push_back(set);
          out.groups.push_back(group);
          out.members.push_back(id);
        }
        distinct_of[u] = found;
        out.set_of.push_back(found);
      }
    }
  };
  // Batches in flight: enough to keep every thread busy while one stores.
  const auto in_flight = 4 * tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
  while (next < docs.size()) {
    block_end = std::min(docs.size(), next + block);
    tbb::parallel_pipeline(
        in_flight,
        tbb::make_filter<void, std::shared_ptr<batch>>(tbb::filter_mode::serial_in_order, make) &
            tbb::make_filter<std::shared_ptr<batch>, std::shared_ptr<batch>>(tbb::filter_mode::parallel, shingle_batch) &
            tbb::make_filter<std::shared_ptr<batch>, void>(tbb::filter_mode::serial_in_order, store));
    input.release_pages();  // the block's letters are not read again until the report is made
    clock.advance(block_end);
  }
  return segmented;
}

// Two sentences below the threshold that still share a passage: a run of about
// ten words or more in common (passage_shingles shingles) that makes up a fair
// part of the shorter one. Template sentences rewritten around their core
// ("Therefore[, at this moment in time,] it is our opinion that for these issues
// the balance test ...") keep such a run; two sentences that only share a
// stock phrase ("the prevention and detection of crime") do not.
bool shares_passage(std::size_t common, std::size_t a_size, std::size_t b_size, const scan_params& params) {
  return common >= params.passage_shingles &&
         static_cast<double>(common) >= params.passage_share * static_cast<double>(std::min(a_size, b_size));
}

// Per family: which members are of the family's own kind (they build the
// consensus; a sentence inside a paragraph family would read as mostly deleted).
std::vector<std::vector<std::uint32_t>> facts_of_kind(const report& rep) {
  std::vector<std::vector<std::uint32_t>> core(rep.clusters.size());
  for (std::size_t f = 0; f < rep.clusters.size(); ++f)
    for (std::uint32_t i = 0; i < rep.clusters[f].members.size(); ++i)
      if (rep.clusters[f].members[i].kind == rep.clusters[f].kind) core[f].push_back(i);
  return core;
}

// The canonical wording with its slots for every family (each member's redline
// against it is made as it is written). Families are independent: in parallel.
void describe_families(report& rep, const std::vector<std::vector<std::uint32_t>>& core) {
  tbb::parallel_for(std::size_t{0}, rep.clusters.size(), [&](std::size_t f) {
    auto& c = rep.clusters[f];
    std::vector<std::string_view> texts;
    std::size_t representative = 0;
    for (const auto i : core[f]) {
      if (i == c.representative) representative = texts.size();
      texts.emplace_back(c.text(c.members[i]));
    }
    c.canonical = build_consensus(texts, representative);
  });
}

// Appends a link {first copy, m} for each of the `matched` units m that is a
// later exact copy, in order of m. Blocks count theirs, then fill their places.
void append_copy_links(const distinct_sets& sets, std::uint32_t matched, std::vector<candidate_pair>& links) {
  constexpr std::size_t block = 1 << 16;
  const std::size_t blocks = (std::size_t{matched} + block - 1) / block;
  const auto for_copies = [&](std::size_t b, auto each) {
    const auto end = static_cast<std::uint32_t>(std::min<std::size_t>(matched, (b + 1) * block));
    for (auto m = static_cast<std::uint32_t>(b * block); m < end; ++m)
      if (const auto first = sets.members[sets.set_of[m]]; first != m) each(first, m);
  };
  std::vector<std::size_t> place(blocks + 1, 0);
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    for_copies(b, [&](std::uint32_t, std::uint32_t) { ++place[b + 1]; });
  });
  place[0] = links.size();
  for (std::size_t b = 0; b < blocks; ++b) place[b + 1] += place[b];
  links.resize(place[blocks]);
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    auto at = place[b];
    for_copies(b, [&](std::uint32_t first, std::uint32_t m) { links[at++] = {first, m}; });
  });
}

// Link, cluster and family: the matched units of `docs` into families with their
// members, everything of `rep` but the canonical wording, redlines and labels.
// The shingle sets, links and unit facts live only here, so they are freed
// before the template stage, the report's own peak.
// Each family's members read their text through `letters`.
void find_families(const corpus& input, const std::shared_ptr<const std::vector<std::string_view>>& letters,
                   const segmented_letters& docs, distinct_sets sets, const scan_params& params,
                   stage_clock& clock, report& rep) {
  std::vector<std::uint32_t> first_id(docs.size());  // id of each document's first matched unit
  std::uint32_t matched = 0;
  for (std::uint32_t d = 0; d < docs.size(); ++d) {
    first_id[d] = matched;
    matched += static_cast<std::uint32_t>(docs[d].matched.size());
    rep.stats.units += docs[d].units.size();
  }
  rep.stats.documents = input.documents.size();
  rep.stats.matched_units = matched;

  // MinHash band keys, bucketing, exact verification and union-find in one pass
  // (link.hpp): linear in the copies of a template, however many letters share it.
  clock.start("link", "bands", rep.bands.bands);
  // Exact copies were joined to their first copy as the sets were stored.
  const auto is_paragraph = static_cast<std::uint32_t>(unit_kind::paragraph);
  const double floor = params.passage_threshold > 0 ? std::min(params.threshold, params.passage_threshold)
                                                    : params.threshold;
  link_options linking;
  linking.accept = [&](const linked_set& a, const linked_set& b, double score, std::size_t common) {
    const auto a_size = a.values.size(), b_size = b.values.size();
    if (sets.groups[a.id] == is_paragraph)
      return score >= params.threshold &&
             (params.merge_excess >= 1 || unmatched_excess(common, a_size, b_size) < params.merge_excess);
    return score >= params.threshold || shares_passage(common, a_size, b_size, params);
  };
  linking.band_done = [&](unsigned band) { clock.advance(band + 1); };
  if (params.passage_threshold > 0) linking.one_row_group = static_cast<std::uint32_t>(unit_kind::sentence);
  auto linked = link_sets(sets.sets, sets.groups, params.minhash, rep.bands, params.measure, floor, linking);
  // From distinct sets to matched units, with each exact copy linked to its
  // first. In parallel, as everything between the link and cluster stages: at
  // 1 GB of letters these loops over every unit took seconds on one core.
  auto& links = linked.links;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, links.size(), 1 << 16), [&](const auto& r) {
    for (auto i = r.begin(); i != r.end(); ++i) links[i] = {sets.members[links[i].a], sets.members[links[i].b]};
  });
  append_copy_links(sets, matched, links);
  rep.stats.candidate_pairs = linked.proposed;
  rep.stats.verified_pairs = linked.verified + (matched - sets.members.size());
  sets.members = {};  // what follows needs only the sets and which set each unit has
  sets.groups = {};
  // Made after the link stage, whose peak it would otherwise add to.
  large_vector<unit_ref> refs(matched);
  tbb::parallel_for(std::uint32_t{0}, static_cast<std::uint32_t>(docs.size()), [&](std::uint32_t d) {
    auto* at = refs.data() + first_id[d];
    for (const auto u : docs[d].matched) *at++ = {d, u};
  });

  clock.start("cluster");
  // Called from worker threads: each keeps its own scratch for sets stored as parts.
  const auto with_sets = [&](std::uint32_t a, std::uint32_t b, auto measure) {
    thread_local std::vector<shingle_hash> scratch_a, scratch_b;
    return measure(sets.of(a, scratch_a), sets.of(b, scratch_b));
  };
  const auto sim = [&](std::uint32_t a, std::uint32_t b) {
    // Exact copies (one stored set) are alike by definition: a template's
    // family is mostly copies, and the chain guard compares them by the thousand.
    if (sets.set_of[a] == sets.set_of[b]) return 1.0;
    return with_sets(a, b, [&](auto sa, auto sb) { return similarity(params.measure, sa, sb); });
  };
  // Many members against one: a component's centre in the chain guard, a
  // variant's representative when its members are scored. The centre's set is
  // made ready once and each member's looked up in it (set_probe); the result is
  // sim's, or with `measure_of` another measure for some members, to the bit.
  const auto score_against = [&](std::uint32_t centre, std::span<const std::uint32_t> members, std::span<double> out,
                                 const auto& measure_of) {
    thread_local std::vector<shingle_hash> scratch_centre, scratch_member;
    // No parallel loop runs or is waited on in here, so no other call on this
    // thread (one the scheduler could run while this one waited) can take it over.
    thread_local set_probe probe;
    probe.assign(sets.of(centre, scratch_centre));
    constexpr std::size_t ahead = 8;  // members: their sets' places 3x ahead, their words 2x, a part's whole 1x
    const auto prefetch = [&](std::size_t i, auto step) {
      if (i < members.size()) step(sets.set_of[members[i]]);
    };
    for (std::size_t i = 0; i < members.size(); ++i) {
      prefetch(i + 3 * ahead, [&](std::uint32_t s) { sets.sets.prefetch_place(s); });
      prefetch(i + 2 * ahead, [&](std::uint32_t s) { sets.sets.prefetch_stored(s); });
      prefetch(i + ahead, [&](std::uint32_t s) { sets.sets.prefetch_whole(s); });
      const auto m = members[i];
      if (sets.set_of[m] == sets.set_of[centre]) {
        out[i] = 1.0;
        continue;
      }
      const auto set = sets.of(m, scratch_member);
      out[i] = similarity(measure_of(m), probe.common(set), set.size(), probe.size());
    }
  };
  auto components = connected_components(static_cast<std::uint32_t>(refs.size()), links);
  // Units with one stored set are exact copies of each other.
  const copy_class copies = [&](std::uint32_t unit) { return sets.set_of[unit]; };
  const centre_similarity to_centre = [&](std::uint32_t centre, std::span<const std::uint32_t> members,
                                          std::span<double> out) {
    score_against(centre, members, out, [&](std::uint32_t) { return params.measure; });
  };
  if (params.chain_guard > 0)
    components = split_chains(std::move(components), links, sim, params.chain_guard, copies, to_centre);
  linked = {};  // the links are not needed past the components

  clock.start("family");
  // A unit's matched id, or no_parent when it is too short to be matched.
  const auto matched_id = [&](std::uint32_t d, std::uint32_t u) {
    const auto& ids = docs[d].matched;
    const auto it = std::lower_bound(ids.begin(), ids.end(), u);
    return it != ids.end() && *it == u ? first_id[d] + static_cast<std::uint32_t>(it - ids.begin()) : no_parent;
  };
  large_vector<unit_facts> facts(refs.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, refs.size(), 1 << 14), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t m = r.begin(); m != r.end(); ++m) {
      const auto& u = docs[refs[m].document].units[refs[m].unit];
      facts[m] = {refs[m].document, u.kind(),
                  u.parent() < 0 ? no_parent : matched_id(refs[m].document, static_cast<std::uint32_t>(u.parent()))};
    }
  });
  std::vector<family_draft> drafts;
  if (params.segmentation.mode == unit_mode::both) {
    drafts = absorb_sentences(std::move(components), facts);
  } else {
    for (auto& c : components) drafts.push_back({facts[c.front()].kind, {std::move(c)}});
  }
  // A member of another kind than its variant's core is scored by containment.
  const auto member_measure = [&](std::uint32_t m, std::uint32_t r) {
    return facts[m].kind == facts[r].kind ? params.measure : similarity_measure::containment;
  };
  const auto member_sim = [&](std::uint32_t m, std::uint32_t r) {
    if (sets.set_of[m] == sets.set_of[r]) return 1.0;
    return with_sets(m, r, [&](auto sm, auto sr) { return similarity(member_measure(m, r), sm, sr); });
  };
  // The representative comes from the family's core kind: a paragraph family is
  // represented by a paragraph even when sentences joined it.
  const auto representative_of = [&](const std::vector<std::uint32_t>& members) {
    std::vector<std::uint32_t> core;
    for (auto m : members)
      if (facts[m].kind == unit_kind::paragraph) core.push_back(m);
    if (core.empty()) core = members;
    return core[medoid(core, member_sim, 64, copies)];
  };
  if (params.variant_threshold > 0) {
    std::vector<std::vector<shingle_hash>> bigrams(drafts.size());
    // In blocks, handing the letters' pages back after each (a scan that
    // spilled its corpus keeps it out of memory between the first and last stages).
    constexpr std::size_t block = 1024;  // each letter read maps 64 KiB of it (the kernel's fault-around)
    for (std::size_t first = 0; first < drafts.size(); first += block) {
      tbb::parallel_for(first, std::min(drafts.size(), first + block), [&](std::size_t i) {
        const auto r = representative_of(drafts[i].variants.front());
        const auto& doc = input.documents[refs[r].document];
        bigrams[i] = shingle(normalize(unit_text(doc, segment(doc, params.segmentation).at(refs[r].unit))), {.k = 2});
      });
      input.release_pages();
    }
    drafts = link_variants(std::move(drafts), bigrams, params.variant_threshold, params.merge_excess);
  }
  {
    std::vector<char> too_few(drafts.size());
    tbb::parallel_for(std::size_t{0}, drafts.size(),
                      [&](std::size_t f) { too_few[f] = letters_of(drafts[f].variants, refs) < params.min_documents; });
    std::size_t kept = 0;
    for (std::size_t f = 0; f < drafts.size(); ++f)
      if (!too_few[f]) {
        if (kept != f) drafts[kept] = std::move(drafts[f]);  // never onto itself, which would empty it
        ++kept;
      }
    drafts.resize(kept);
  }

  // Each member's place in its family is scored while the sets exist; the
  // members themselves are made once the sets are gone, so the two never
  // share the memory.
  struct placed {  // 16 bytes, one per member
    std::uint32_t unit_id;
    std::uint32_t variant : 31;
    std::uint32_t representative : 1;
    double similarity;
  };
  std::vector<std::vector<placed>> placements(drafts.size());
  rep.clusters.resize(drafts.size());
  for (auto& c : rep.clusters) c.letters = letters;
  tbb::parallel_for(std::size_t{0}, drafts.size(), [&](std::size_t f) {
    const auto& fam = drafts[f];
    auto& c = rep.clusters[f];
    auto& all = placements[f];
    c.kind = fam.kind;
    for (std::uint32_t v = 0; v < fam.variants.size(); ++v) {
      const auto& members = fam.variants[v];
      const auto r = representative_of(members);
      const auto first = all.size();
      for (auto m : members) all.push_back({m, v & 0x7FFFFFFFu, m == r, 1.0});  // variants number far fewer than 2^31
      // A template's family can hold a copy from every letter: a large variant's
      // members are scored in parallel too. Most variants are a few members,
      // for which starting a parallel loop cost more than scoring them.
      const auto score = [&](const tbb::blocked_range<std::size_t>& b) {
        thread_local std::vector<double> scores;
        scores.resize(b.size());
        score_against(r, std::span(members).subspan(b.begin() - first, b.size()), scores,
                      [&](std::uint32_t m) { return member_measure(m, r); });
        for (auto i = b.begin(); i != b.end(); ++i)
          if (!all[i].representative) all[i].similarity = scores[i - b.begin()];
      };
      constexpr std::size_t grain = 256;
      if (members.size() > 4 * grain) tbb::parallel_for(tbb::blocked_range<std::size_t>(first, all.size(), grain), score);
      else score(tbb::blocked_range<std::size_t>(first, all.size()));
      c.variants.push_back({0, static_cast<std::uint32_t>(members.size()),
                            static_cast<std::uint32_t>(letters_of(std::span(&members, 1), refs))});
    }
  });
  sets = {};
  components = {};
  facts = {};
  drafts = {};

  // Each letter's source as a number, so that a family counts its sources by
  // marking numbers, not by comparing names (a template's family has a member
  // in most letters). Letters come a source at a time: a name is looked up
  // only where it changes.
  std::vector<std::uint32_t> source_number(input.documents.size());
  std::uint32_t sources_seen = 0;
  {
    std::unordered_map<std::string_view, std::uint32_t> numbers;
    for (std::size_t d = 0; d < input.documents.size(); ++d) {
      const std::string_view source = input.documents[d].source;
      if (d > 0 && source == input.documents[d - 1].source) {
        source_number[d] = source_number[d - 1];
        continue;
      }
      const auto [at, fresh] = numbers.try_emplace(source, sources_seen);
      sources_seen += fresh ? 1 : 0;
      source_number[d] = at->second;
    }
  }

  tbb::parallel_for(std::size_t{0}, placements.size(), [&](std::size_t f) {
    auto& c = rep.clusters[f];
    auto& all = placements[f];
    // Members in reading order: by document, then position, then kind.
    const auto reading_order = [&](const placed& a, const placed& b) {
      const auto& ua = docs[refs[a.unit_id].document].units[refs[a.unit_id].unit];
      const auto& ub = docs[refs[b.unit_id].document].units[refs[b.unit_id].unit];
      if (refs[a.unit_id].document != refs[b.unit_id].document) return refs[a.unit_id].document < refs[b.unit_id].document;
      if (ua.start != ub.start) return ua.start < ub.start;
      if (ua.end != ub.end) return ua.end > ub.end;
      return a.unit_id < b.unit_id;
    };
    // Ids number the units in reading order already (segment() gives each
    // paragraph, then its sentences), so sorting by id almost always gives it;
    // one pass checks, which reads the units in order where the sort by
    // position read them at random, and the full sort remains for any other case.
    // A unit is a member once: any sort by id gives the one order, so a large
    // family's sorts run on every core.
    constexpr std::size_t large = std::size_t{1} << 14;
    const auto sort_all = [&](const auto& less) {
      if (all.size() > large) tbb::parallel_sort(all.begin(), all.end(), less);
      else std::sort(all.begin(), all.end(), less);
    };
    sort_all([](const placed& a, const placed& b) { return a.unit_id < b.unit_id; });
    const auto in_reading_order = [&] {
      if (all.size() <= large) return std::is_sorted(all.begin(), all.end(), reading_order);
      return tbb::parallel_reduce(
          tbb::blocked_range<std::size_t>(1, all.size(), large), true,
          [&](const tbb::blocked_range<std::size_t>& r, bool sorted) {
            for (auto i = r.begin(); sorted && i != r.end(); ++i) sorted = !reading_order(all[i], all[i - 1]);
            return sorted;
          },
          std::logical_and<>());
    };
    if (!in_reading_order()) sort_all(reading_order);
    // In blocks of `large` (one, on this thread, for most families).
    c.members.resize(all.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, all.size(), large), [&](const tbb::blocked_range<std::size_t>& r) {
      for (auto i = r.begin(); i != r.end(); ++i) {
        const auto m = all[i].unit_id;
        const auto& u = docs[refs[m].document].units[refs[m].unit];
        c.members[i] = {refs[m].document, refs[m].unit, u.kind(), all[i].variant, u.start, u.end, all[i].similarity};
      }
    });
    std::uint32_t documents = 0;  // members are in document order: each new one starts a letter
    // This thread's marks, cleared after use (nothing runs on the thread in between).
    thread_local std::vector<char> marked;
    thread_local std::vector<std::uint32_t> sources;
    marked.resize(sources_seen);
    double total = 0;  // summed in member order, as one thread would
    for (std::uint32_t i = 0; i < all.size(); ++i) {
      if (all[i].representative) c.variants[all[i].variant].representative = i;
      else total += all[i].similarity;
      const auto d = c.members[i].document;
      if (i == 0 || d != c.members[i - 1].document) {
        ++documents;
        if (const auto s = source_number[d]; !marked[s]) marked[s] = 1, sources.push_back(s);
      }
    }
    for (const auto s : sources) marked[s] = 0;
    c.representative = c.variants.front().representative;
    c.documents = documents;
    c.sources = static_cast<std::uint32_t>(sources.size());
    sources.clear();
    const auto others = all.size() - c.variants.size();
    c.mean_similarity = others > 0 ? total / static_cast<double>(others) : 1.0;
    all = {};
  });
  std::sort(rep.clusters.begin(), rep.clusters.end(), [](const cluster_report& a, const cluster_report& b) {
    if (a.sources != b.sources) return a.sources > b.sources;
    if (a.documents != b.documents) return a.documents > b.documents;
    if (a.members.size() != b.members.size()) return a.members.size() > b.members.size();
    const auto& fa = a.members.front();
    const auto& fb = b.members.front();
    if (fa.document != fb.document) return fa.document < fb.document;
    if (fa.start != fb.start) return fa.start < fb.start;
    return a.kind < b.kind;
  });
  for (std::uint32_t i = 0; i < rep.clusters.size(); ++i) rep.clusters[i].id = i;
  rep.stats.clusters = rep.clusters.size();
}

// Boilerplate labels for every letter and the standardisation scorecards.
void label_and_score(const corpus& input, std::span<const std::string_view> letters, const scan_params& params,
                     report& rep) {
  // The letters are read in order from here: the pages the template stage
  // mapped in family order are handed back first.
  input.release_pages();
  // Each family's members, one after another, as `make` gives them; in parallel.
  std::vector<std::size_t> first_member(rep.clusters.size() + 1, 0);
  for (std::size_t c = 0; c < rep.clusters.size(); ++c)
    first_member[c + 1] = first_member[c] + rep.clusters[c].members.size();
  const auto all_members = [&](auto make) {
    large_vector<decltype(make(rep.clusters.front(), rep.clusters.front().members.front()))> out(first_member.back());
    tbb::parallel_for(std::size_t{0}, rep.clusters.size(), [&](std::size_t c) {
      const auto& members = rep.clusters[c].members;
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, members.size(), 1 << 14), [&](const auto& r) {
        for (auto i = r.begin(); i != r.end(); ++i) out[first_member[c] + i] = make(rep.clusters[c], members[i]);
      });
    });
    return out;
  };
  std::vector<family_spread> spreads;
  for (const auto& c : rep.clusters) spreads.push_back({c.id, c.sources});
  auto spans = all_members([](const cluster_report& c, const member_report& m) {
    return family_span{c.id, m.document, m.start, m.end};
  });
  // Each range's pages go back as soon as it is labelled; the pages a range's
  // reads mapped ahead into a range already done, at the end.
  auto maps = label_documents(letters, spans, spreads, params.national_sources, [&](std::size_t first, std::size_t last) {
    input.release_pages(first, last);
  });
  input.release_pages();
  spans = {};
  const auto uses = all_members([](const cluster_report& c, const member_report& m) {
    return family_use{c.id, m.document, m.variant};
  });
  std::vector<scorecard_letter> senders(input.documents.size());
  tbb::parallel_for(std::size_t{0}, senders.size(), [&](std::size_t i) {
    senders[i] = {input.documents[i].source, input.documents[i].date};
  });
  rep.standardisation = build_scorecards(senders, maps, uses);
  for (std::size_t i = 0; i < maps.size(); ++i) rep.documents[i].boilerplate = std::move(maps[i]);
}

}  // namespace

std::string_view cluster_report::text(const member_report& m) const {
  if (!letters || m.document >= letters->size() || m.start > m.end || m.end > (*letters)[m.document].size())
    throw error(errc::invalid_argument,
                fmt::format("family {} has no text for bytes {}-{} of document {}", id, m.start, m.end, m.document));
  return (*letters)[m.document].substr(m.start, m.end - m.start);
}

std::vector<redline_piece> cluster_report::redline(const member_report& m, const redline_basis& basis) const {
  std::vector<redline_piece> out;
  redline_into(m, basis, out);
  return out;
}

void cluster_report::redline_into(const member_report& m, const redline_basis& basis, std::vector<redline_piece>& out) const {
  out.clear();
  if (!canonical.words.empty()) redline_pieces_into(text(m), basis, out);
}

void validate(const scan_params& params) {
  validate(params.shingles);
  validate(params.minhash);
  if (!(params.threshold > 0.0 && params.threshold <= 1.0))
    throw error(errc::invalid_argument, fmt::format("threshold must be in (0, 1] (got {})", params.threshold));
  if (params.bands) validate(*params.bands, params.minhash.num_perm);
  if (params.min_words == 0) throw error(errc::invalid_argument, "min_words must be at least 1");
  if (params.min_documents == 0) throw error(errc::invalid_argument, "min_documents must be at least 1");
  if (params.national_sources == 0) throw error(errc::invalid_argument, "national_sources must be at least 1");
  if (!(params.chain_guard >= 0 && params.chain_guard <= 1))
    throw error(errc::invalid_argument, fmt::format("chain_guard must be in [0, 1] (got {})", params.chain_guard));
  if (!(params.variant_threshold >= 0 && params.variant_threshold <= 1))
    throw error(errc::invalid_argument,
                fmt::format("variant_threshold must be in [0, 1] (got {})", params.variant_threshold));
  if (!(params.passage_threshold >= 0 && params.passage_threshold <= 1))
    throw error(errc::invalid_argument,
                fmt::format("passage_threshold must be in [0, 1], 0 to turn it off (got {})", params.passage_threshold));
  if (params.passage_shingles == 0) throw error(errc::invalid_argument, "passage_shingles must be at least 1");
  if (!(params.passage_share >= 0 && params.passage_share <= 1))
    throw error(errc::invalid_argument, fmt::format("passage_share must be in [0, 1] (got {})", params.passage_share));
  if (!(params.merge_excess > 0 && params.merge_excess <= 1))
    throw error(errc::invalid_argument, fmt::format("merge_excess must be in (0, 1], 1 to turn it off (got {})", params.merge_excess));
}

double process_cpu_seconds() noexcept {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

report scan(const corpus& input, const scan_params& params, const progress_callback& progress) {
  validate(params);
  report rep;
  rep.params = params;
  rep.bands = params.bands ? *params.bands : choose_banding(params.threshold, params.minhash.num_perm);
  stage_clock clock(rep.timings, progress);

  clock.start("segment+shingle", "documents", input.documents.size());
  distinct_sets sets;
  auto docs = segment_and_shingle(input, params, clock, sets);
  // The letters' bytes, one view per document, for every stage that reads them again.
  auto letters = std::make_shared<std::vector<std::string_view>>();
  letters->reserve(input.documents.size());
  for (const auto& doc : input.documents) letters->emplace_back(doc.bytes);
  find_families(input, letters, docs, std::move(sets), params, clock, rep);

  // Each letter's entry, on every core: at 1 GB of letters (166,666) copying
  // their names one after another took one core 100 ms.
  rep.documents.resize(input.documents.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, input.documents.size(), 512), [&](const auto& r) {
    for (auto d = r.begin(); d != r.end(); ++d) {
      const auto& doc = input.documents[d];
      rep.documents[d] = {doc.id, doc.path, doc.source, doc.date, doc.reference, doc.metadata, doc.bytes.size(),
                          static_cast<std::uint32_t>(docs[doc.id].units.size()), {}};
    }
  });
  docs = {};  // the units: the members carry what the rest needs

  clock.start("template", "families", rep.clusters.size());
  describe_families(rep, facts_of_kind(rep));
  clock.start("boilerplate");
  label_and_score(input, *letters, params, rep);
  clock.finish();
  return rep;
}

}  // namespace refrain
