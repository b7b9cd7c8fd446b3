#include <refrain/family.hpp>

#include <refrain/cluster.hpp>
#include <refrain/lsh.hpp>
#include <refrain/minhash.hpp>
#include <refrain/verify.hpp>

#include <tbb/parallel_for.h>

#include <algorithm>

namespace refrain {

std::vector<family_draft> absorb_sentences(std::vector<std::vector<std::uint32_t>> components,
                                           std::span<const unit_facts> units) {
  // Component indices as 32-bit (-1 for none): there are at most half as many
  // components as units, and these tables span every matched unit.
  std::vector<std::int32_t> paragraph_component(units.size(), -1);
  for (std::size_t c = 0; c < components.size(); ++c)
    if (!components[c].empty() && units[components[c].front()].kind == unit_kind::paragraph)
      for (auto m : components[c]) paragraph_component[m] = static_cast<std::int32_t>(c);

  // The paragraph component that holds most of a sentence component's
  // sentences, when it holds more than half of them (-1 otherwise).
  std::vector<std::int32_t> home(components.size(), -1);
  tbb::parallel_for(std::size_t{0}, components.size(), [&](std::size_t c) {
    const auto& members = components[c];
    if (members.empty() || units[members.front()].kind != unit_kind::sentence) return;
    std::vector<std::int32_t> inside;  // the paragraph component of each sentence inside one
    for (auto m : members) {
      const auto parent = units[m].parent;
      const auto pc = parent == no_parent ? -1 : paragraph_component[parent];
      if (pc >= 0) inside.push_back(pc);
    }
    std::sort(inside.begin(), inside.end());
    std::int32_t best = -1;
    std::size_t best_count = 0;
    for (std::size_t i = 0, j = 0; i < inside.size(); i = j) {
      while (j < inside.size() && inside[j] == inside[i]) ++j;
      if (j - i > best_count) best = inside[i], best_count = j - i;  // ascending: ties go to the lowest id
    }
    if (best >= 0 && 2 * best_count > members.size()) home[c] = best;
  });
  std::vector<bool> absorbed(components.size(), false);
  std::vector<std::vector<std::uint32_t>> extra(components.size());
  std::vector<std::vector<std::uint32_t>> covered(components.size());  // sentences already inside its paragraphs
  for (std::size_t c = 0; c < components.size(); ++c) {
    const auto& members = components[c];
    const auto best = home[c];
    if (best < 0) continue;
    absorbed[c] = true;
    for (auto m : members) {
      const auto parent = units[m].parent;
      const bool inside = parent != no_parent && paragraph_component[parent] == best;
      (inside ? covered : extra)[static_cast<std::size_t>(best)].push_back(m);
    }
  }
  // A paragraph some of whose sentences joined another family merges two
  // templates: it leaves its family, and its sentences that belong there stand
  // in for it, so neither family claims the other's text.
  std::vector<std::int32_t> family_of_sentence(units.size(), -1);
  for (std::size_t c = 0; c < components.size(); ++c)
    for (auto m : extra[c]) family_of_sentence[m] = static_cast<std::int32_t>(c);
  std::vector<bool> merged_paragraph(units.size(), false);
  for (std::size_t m = 0; m < units.size(); ++m) {
    const auto f = family_of_sentence[m];
    const auto parent = units[m].parent;
    if (f < 0 || parent == no_parent) continue;
    const auto pf = paragraph_component[parent];
    if (pf >= 0 && pf != f) merged_paragraph[parent] = true;
  }
  for (std::size_t c = 0; c < components.size(); ++c) {
    if (absorbed[c] || components[c].empty() || units[components[c].front()].kind != unit_kind::paragraph) continue;
    std::erase_if(components[c], [&](std::uint32_t m) { return merged_paragraph[m]; });
    for (auto m : covered[c])
      if (merged_paragraph[units[m].parent]) extra[c].push_back(m);
  }
  std::vector<family_draft> drafts;
  for (std::size_t c = 0; c < components.size(); ++c) {
    if (absorbed[c] || components[c].size() + extra[c].size() < 2) continue;
    auto members = std::move(components[c]);
    members.insert(members.end(), extra[c].begin(), extra[c].end());
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    drafts.push_back({unit_kind::paragraph, {std::move(members)}});
  }
  // A paragraph component keeps its kind even when sentences joined it.
  for (auto& d : drafts) {
    bool any_paragraph = false;
    for (auto m : d.variants.front()) any_paragraph = any_paragraph || units[m].kind == unit_kind::paragraph;
    d.kind = any_paragraph ? unit_kind::paragraph : unit_kind::sentence;
  }
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
  std::vector<candidate_pair> links;
  for (const auto& p : verify_pairs(sets, candidates, similarity_measure::jaccard, threshold))
    if (unmatched_excess(sets[p.a], sets[p.b]) < merge_excess) links.push_back({p.a, p.b});
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
