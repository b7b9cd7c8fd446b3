#include <refrain/family.hpp>

#include <refrain/cluster.hpp>
#include <refrain/huge_pages.hpp>
#include <refrain/lsh.hpp>
#include <refrain/minhash.hpp>
#include <refrain/verify.hpp>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>

namespace refrain {

namespace {

// Runs `each(c, m)` for every member m of every component c, in parallel; a
// component of millions of members is split up too.
template <class Each>
void for_each_member(const std::vector<std::vector<std::uint32_t>>& components, const Each& each) {
  tbb::parallel_for(std::size_t{0}, components.size(), [&](std::size_t c) {
    const auto& members = components[c];
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, members.size(), 1 << 14), [&](const auto& r) {
      for (auto i = r.begin(); i != r.end(); ++i) each(c, members[i]);
    });
  });
}

// A component this large is itself split into blocks across the cores (a
// template's family can hold a member from every letter).
constexpr std::size_t member_block = std::size_t{1} << 14;

// `block(from, to)` over [0, n) in blocks of member_block, in parallel when there
// is more than one, the results joined by `combine`, left before right.
template <class T, class Combine, class Block>
T over_blocks(std::size_t n, T identity, Combine combine, Block block) {
  if (n <= member_block) return block(std::size_t{0}, n);
  return tbb::parallel_deterministic_reduce(
      tbb::blocked_range<std::size_t>(0, n, member_block), identity,
      [&](const tbb::blocked_range<std::size_t>& r, T sofar) { return combine(sofar, block(r.begin(), r.end())); },
      combine);
}

}  // namespace

// Every loop over the units runs in parallel, each writing only what it alone
// owns (or the same flag as others, atomically): at 1 GB of letters these are
// tens of millions of units, and one core took a second over them.
std::vector<family_draft> absorb_sentences(std::vector<std::vector<std::uint32_t>> components,
                                           std::span<const unit_facts> units) {
  const auto is_kind = [&](const std::vector<std::uint32_t>& members, unit_kind kind) {
    return !members.empty() && units[members.front()].kind == kind;
  };
  // Component indices as 32-bit (-1 for none): there are at most half as many
  // components as units, and this table spans every matched unit.
  large_vector<std::int32_t> paragraph_component(units.size(), -1);
  for_each_member(components, [&](std::size_t c, std::uint32_t m) {
    if (units[components[c].front()].kind == unit_kind::paragraph) paragraph_component[m] = static_cast<std::int32_t>(c);
  });
  // Then in the same table, each unit's paragraph's component (-1 for none):
  // the passes over components that follow read this one table at random, not
  // a unit's parent and then its parent's component. A unit with a parent is a
  // sentence and its parent a paragraph, so the sentences' entries are written
  // first from the paragraphs' (which no sentence's write touches), and then
  // the paragraphs' (which have no parent). In place: at 1 GB of letters a
  // second table took tens of milliseconds to make on one core.
  auto& parent_component = paragraph_component;
  for (const bool sentences : {true, false})
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, units.size(), 1 << 16), [&](const auto& r) {
      for (auto m = r.begin(); m != r.end(); ++m)
        if (const auto parent = units[m].parent; (parent != no_parent) == sentences)
          parent_component[m] = sentences ? paragraph_component[parent] : -1;
    });
  const auto paragraph_component_of = [&](std::uint32_t sentence) { return parent_component[sentence]; };

  // The paragraph component that holds more than half of a sentence
  // component's sentences, if one does (-1 otherwise): the majority, found
  // by one vote (Boyer and Moore) and one count. A large component votes in
  // blocks on every core: merging the blocks' tallies keeps any majority, and
  // only a majority is taken, so the result is the one-thread vote's.
  struct tally {
    std::int32_t candidate = -1;
    std::size_t lead = 0;
  };
  const auto merge = [](tally x, tally y) {
    if (x.lead == 0) return y;
    if (y.lead == 0 || x.candidate == y.candidate) return tally{x.candidate, x.lead + y.lead};
    return x.lead >= y.lead ? tally{x.candidate, x.lead - y.lead} : tally{y.candidate, y.lead - x.lead};
  };
  std::vector<std::int32_t> home(components.size(), -1);
  tbb::parallel_for(std::size_t{0}, components.size(), [&](std::size_t c) {
    const auto& members = components[c];
    if (!is_kind(members, unit_kind::sentence)) return;
    const auto vote = over_blocks(members.size(), tally{}, merge, [&](std::size_t from, std::size_t to) {
      tally t;
      for (auto i = from; i < to; ++i)
        if (const auto pc = paragraph_component_of(members[i]); pc >= 0) {
          if (t.lead == 0) t.candidate = pc;
          if (pc == t.candidate) ++t.lead;
          else --t.lead;
        }
      return t;
    });
    const auto votes = over_blocks(members.size(), std::size_t{0}, std::plus<>(), [&](std::size_t from, std::size_t to) {
      return static_cast<std::size_t>(std::count_if(members.begin() + static_cast<std::ptrdiff_t>(from),
                                                    members.begin() + static_cast<std::ptrdiff_t>(to),
                                                    [&](std::uint32_t m) { return paragraph_component_of(m) == vote.candidate; }));
    });
    if (vote.candidate >= 0 && 2 * votes > members.size()) home[c] = vote.candidate;
  });
  // An absorbed sentence component's sentences, split in place: those outside
  // its home's paragraphs first, then those already inside them, each in order.
  // Block by block, every block's share placed after the blocks before it.
  std::vector<std::size_t> outside(components.size(), 0);
  tbb::parallel_for(std::size_t{0}, components.size(), [&](std::size_t c) {
    if (home[c] < 0) return;
    auto& members = components[c];
    const auto is_outside = [&](std::uint32_t m) { return paragraph_component_of(m) != home[c]; };
    const std::size_t blocks = (members.size() + member_block - 1) / member_block;
    std::vector<std::size_t> outside_before(blocks + 1, 0);
    tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
      const auto from = members.begin() + static_cast<std::ptrdiff_t>(b * member_block);
      const auto to = members.begin() + static_cast<std::ptrdiff_t>(std::min(members.size(), (b + 1) * member_block));
      outside_before[b + 1] = static_cast<std::size_t>(std::count_if(from, to, is_outside));
    });
    for (std::size_t b = 0; b < blocks; ++b) outside_before[b + 1] += outside_before[b];
    outside[c] = outside_before[blocks];
    std::vector<std::uint32_t> split(members.size());
    tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
      auto out = outside_before[b];                               // this block's first outside sentence goes here
      auto in = outside[c] + b * member_block - outside_before[b];  // and its first inside one here
      for (auto i = b * member_block; i < std::min(members.size(), (b + 1) * member_block); ++i)
        split[is_outside(members[i]) ? out++ : in++] = members[i];
    });
    members = std::move(split);
  });
  // Each paragraph component's absorbed sentences, from its sentence components
  // in order: `extra` those outside its paragraphs, `covered` those inside.
  std::vector<std::vector<std::uint32_t>> absorbed_into(components.size());
  for (std::size_t c = 0; c < components.size(); ++c)
    if (home[c] >= 0) absorbed_into[static_cast<std::size_t>(home[c])].push_back(static_cast<std::uint32_t>(c));
  std::vector<std::vector<std::uint32_t>> extra(components.size());
  std::vector<std::vector<std::uint32_t>> covered(components.size());
  tbb::parallel_for(std::size_t{0}, components.size(), [&](std::size_t p) {
    for (const auto c : absorbed_into[p]) {
      const auto& members = components[c];
      const auto split = members.begin() + static_cast<std::ptrdiff_t>(outside[c]);
      extra[p].insert(extra[p].end(), members.begin(), split);
      covered[p].insert(covered[p].end(), split, members.end());
    }
  });
  // A paragraph some of whose sentences joined another family merges two
  // templates: it leaves its family, and its sentences that belong there stand
  // in for it, so neither family claims the other's text.
  large_vector<std::uint8_t> merged_paragraph(units.size(), 0);
  for_each_member(extra, [&](std::size_t f, std::uint32_t m) {
    const auto parent = units[m].parent;
    if (const auto pf = paragraph_component_of(m); pf >= 0 && pf != static_cast<std::int32_t>(f))
      std::atomic_ref<std::uint8_t>(merged_paragraph[parent]).store(1, std::memory_order_relaxed);
  });
  // The surviving components' members, ascending, in place.
  tbb::parallel_for(std::size_t{0}, components.size(), [&](std::size_t c) {
    auto& members = components[c];
    if (home[c] >= 0) {
      members.clear();
      return;
    }
    if (is_kind(members, unit_kind::paragraph)) {
      std::erase_if(members, [&](std::uint32_t m) { return merged_paragraph[m] != 0; });
      // A template's family can cover millions of sentences, of which a few
      // stand in for merged paragraphs: found in blocks on every core.
      const auto& inside = covered[c];
      using ids = std::vector<std::uint32_t>;
      const auto standing_in = over_blocks(
          inside.size(), ids{},
          [](ids x, const ids& y) {
            x.insert(x.end(), y.begin(), y.end());
            return x;
          },
          [&](std::size_t from, std::size_t to) {
            ids found;
            for (auto i = from; i < to; ++i)
              if (merged_paragraph[units[inside[i]].parent] != 0) found.push_back(inside[i]);
            return found;
          });
      extra[c].insert(extra[c].end(), standing_in.begin(), standing_in.end());
    }
    if (members.size() + extra[c].size() < 2) {
      members.clear();
      return;
    }
    // The members are sorted already (a component's are, and the erasing kept
    // their order): only the sentences joining them are sorted, then merged in.
    auto& joining = extra[c];
    if (joining.empty()) return;
    if (joining.size() > member_block) tbb::parallel_sort(joining.begin(), joining.end());  // ids: any sort gives one order
    else std::sort(joining.begin(), joining.end());
    std::vector<std::uint32_t> merged(members.size() + joining.size());
    merged.erase(std::set_union(members.begin(), members.end(), joining.begin(), joining.end(), merged.begin()), merged.end());
    members = std::move(merged);
    joining = {};
  });
  std::vector<family_draft> drafts;
  for (auto& members : components)
    if (!members.empty()) drafts.push_back({unit_kind::paragraph, {std::move(members)}});
  // A paragraph component keeps its kind even when sentences joined it.
  tbb::parallel_for(std::size_t{0}, drafts.size(), [&](std::size_t f) {
    auto& d = drafts[f];
    const auto& members = d.variants.front();
    const bool any_paragraph =
        std::any_of(members.begin(), members.end(), [&](std::uint32_t m) { return units[m].kind == unit_kind::paragraph; });
    d.kind = any_paragraph ? unit_kind::paragraph : unit_kind::sentence;
  });
  return drafts;
}

std::vector<family_draft> link_variants(std::vector<family_draft> drafts,
                                        std::span<const std::vector<shingle_hash>> representative_bigrams,
                                        double threshold, double merge_excess) {
  if (drafts.size() < 2) return drafts;
  shingle_table sets;
  std::vector<std::uint32_t> groups;
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    sets.push_back(representative_bigrams[i]);
    groups.push_back(static_cast<std::uint32_t>(drafts[i].kind));
  }
  const minhash_params mp{};
  const auto signatures = compute_signatures(sets, mp);
  const auto candidates = candidate_pairs(signatures, choose_banding(threshold, mp.num_perm), groups);
  // Both tests from one count of shared bigrams, every pair in parallel.
  std::vector<char> linked_pair(candidates.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, candidates.size(), 1024), [&](const tbb::blocked_range<std::size_t>& r) {
    for (auto i = r.begin(); i != r.end(); ++i) {
      const auto a = sets[candidates[i].a], b = sets[candidates[i].b];
      const auto common = intersection_size(a, b);
      linked_pair[i] = similarity(similarity_measure::jaccard, common, a.size(), b.size()) >= threshold &&
                       unmatched_excess(common, a.size(), b.size()) < merge_excess;
    }
  });
  std::vector<candidate_pair> links;
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (linked_pair[i]) links.push_back(candidates[i]);
  const auto groups_of_drafts = connected_components(static_cast<std::uint32_t>(drafts.size()), links);
  std::vector<bool> linked(drafts.size(), false);
  std::vector<family_draft> out;
  std::vector<std::pair<std::uint32_t, family_draft>> merged;  // keyed by first draft id
  for (const auto& g : groups_of_drafts) {
    family_draft f;
    f.kind = drafts[g.front()].kind;
    for (auto d : g) {
      linked[d] = true;
      for (auto& v : drafts[d].variants) f.variants.push_back(std::move(v));
    }
    std::stable_sort(f.variants.begin(), f.variants.end(), [](const auto& a, const auto& b) {
      if (a.size() != b.size()) return a.size() > b.size();
      return a.front() < b.front();
    });
    merged.emplace_back(g.front(), std::move(f));
  }
  std::size_t next_merged = 0;
  for (std::uint32_t d = 0; d < drafts.size(); ++d) {
    if (next_merged < merged.size() && merged[next_merged].first == d) out.push_back(std::move(merged[next_merged++].second));
    if (!linked[d]) out.push_back(std::move(drafts[d]));
  }
  return out;
}

}  // namespace refrain
