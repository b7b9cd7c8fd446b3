#include <catch2/catch.hpp>

#include <refrain/family.hpp>

#include <tbb/task_arena.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using namespace refrain;

namespace {

// Matched units 0-2: paragraphs of template A in letters 0-2. 3: a paragraph in
// letter 3 that merges A and B. 4-6: sentences of A inside paragraphs 0, 1 and 3.
// 7-8: paragraphs of B in letters 4-5. 9-11: sentences of B in 7, 8 and 3.
std::vector<unit_facts> facts() {
  using k = unit_kind;
  return {{0, k::paragraph, no_parent}, {1, k::paragraph, no_parent}, {2, k::paragraph, no_parent}, {3, k::paragraph, no_parent},
          {0, k::sentence, 0},   {1, k::sentence, 1},   {3, k::sentence, 3},   {4, k::paragraph, no_parent},
          {5, k::paragraph, no_parent}, {4, k::sentence, 7},   {5, k::sentence, 8},   {3, k::sentence, 3}};
}

// The rules of absorb_sentences read plainly, one unit at a time: the oracle
// for the randomised test below.
std::vector<family_draft> absorb_plainly(const std::vector<std::vector<std::uint32_t>>& components,
                                         const std::vector<unit_facts>& units) {
  const auto kind_of = [&](const std::vector<std::uint32_t>& c) { return units[c.front()].kind; };
  std::map<std::uint32_t, int> paragraph_component;  // paragraph -> its component
  for (std::size_t c = 0; c < components.size(); ++c)
    if (kind_of(components[c]) == unit_kind::paragraph)
      for (auto m : components[c]) paragraph_component[m] = static_cast<int>(c);
  const auto component_of_parent = [&](std::uint32_t m) {
    const auto found = paragraph_component.find(units[m].parent);
    return units[m].parent == no_parent || found == paragraph_component.end() ? -1 : found->second;
  };
  std::map<int, std::vector<std::uint32_t>> extra, covered;
  std::set<std::size_t> absorbed;
  for (std::size_t c = 0; c < components.size(); ++c) {
    if (kind_of(components[c]) != unit_kind::sentence) continue;
    std::map<int, std::size_t> count;  // ascending: the first of the most frequent is the lowest
    for (auto m : components[c])
      if (component_of_parent(m) >= 0) ++count[component_of_parent(m)];
    int best = -1;
    std::size_t most = 0;
    for (const auto& [pc, n] : count)
      if (n > most) best = pc, most = n;
    if (best < 0 || 2 * most <= components[c].size()) continue;
    absorbed.insert(c);
    for (auto m : components[c]) (component_of_parent(m) == best ? covered : extra)[best].push_back(m);
  }
  std::set<std::uint32_t> merged;  // paragraphs with a sentence in another family
  for (const auto& [f, sentences] : extra)
    for (auto m : sentences)
      if (component_of_parent(m) >= 0 && component_of_parent(m) != f) merged.insert(units[m].parent);
  std::vector<family_draft> drafts;
  for (std::size_t c = 0; c < components.size(); ++c) {
    if (absorbed.count(c)) continue;
    const auto here = static_cast<int>(c);
    const bool paragraph_kind = kind_of(components[c]) == unit_kind::paragraph;
    std::vector<std::uint32_t> members;  // its own that stay, then the sentences it gains
    for (auto m : components[c])
      if (!paragraph_kind || !merged.count(m)) members.push_back(m);
    for (auto m : extra[here]) members.push_back(m);
    for (auto m : covered[here])
      if (paragraph_kind && merged.count(units[m].parent)) members.push_back(m);
    if (members.size() < 2) continue;
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    const bool any_paragraph = std::any_of(members.begin(), members.end(),
                                           [&](std::uint32_t m) { return units[m].kind == unit_kind::paragraph; });
    drafts.push_back({any_paragraph ? unit_kind::paragraph : unit_kind::sentence, {members}});
  }
  return drafts;
}

}  // namespace

TEST_CASE("absorbing sentences follows its rules on random families, at any thread count", "[family]") {
  std::mt19937 rng(11);
  // Many small families, then a few larger than the blocks a family is split
  // into across the cores (16,384 members).
  struct shape {
    std::uint32_t paragraphs, groups;
    int rounds;
  };
  for (const auto [paragraphs, groups, rounds] : {shape{400, 12, 20}, shape{80000, 2, 2}})
  for (int round = 0; round < rounds; ++round) {
    // Paragraphs 0..P-1, then each paragraph's sentences; a few sentences have no matched paragraph.
    std::vector<unit_facts> units;
    std::vector<std::uint32_t> group_of(paragraphs);
    for (std::uint32_t p = 0; p < paragraphs; ++p) {
      units.push_back({p, unit_kind::paragraph, no_parent});
      group_of[p] = static_cast<std::uint32_t>(rng() % (groups + 2));  // groups and groups+1: in no component
    }
    std::vector<std::vector<std::uint32_t>> paragraph_groups(groups), sentence_groups(groups);
    for (std::uint32_t p = 0; p < paragraphs; ++p)
      if (group_of[p] < groups) paragraph_groups[group_of[p]].push_back(p);
    for (std::uint32_t p = 0; p < paragraphs; ++p)
      for (auto s = 0u, n = 1 + static_cast<unsigned>(rng() % 3); s < n; ++s) {
        const auto id = static_cast<std::uint32_t>(units.size());
        const bool orphan = rng() % 10 == 0;
        units.push_back({p, unit_kind::sentence, orphan ? no_parent : p});
        // Mostly the sentence group of its paragraph's group, sometimes another, sometimes none.
        const auto roll = rng() % 10;
        const auto g = roll < 6 && group_of[p] < groups ? group_of[p] : static_cast<std::uint32_t>(rng() % (groups + 3));
        if (g < groups) sentence_groups[g].push_back(id);
      }
    std::vector<std::vector<std::uint32_t>> components;
    for (auto* list : {&paragraph_groups, &sentence_groups})
      for (auto& c : *list)
        if (c.size() >= 2) components.push_back(c);
    std::sort(components.begin(), components.end());  // by first member, as connected_components gives them
    const auto expected = absorb_plainly(components, units);
    for (const int threads : {1, 2, 4}) {
      INFO(paragraphs << " paragraphs, round " << round << ", " << threads << " threads");
      tbb::task_arena arena(threads);
      const auto drafts = arena.execute([&] { return absorb_sentences(components, units); });
      REQUIRE(drafts.size() == expected.size());
      for (std::size_t f = 0; f < drafts.size(); ++f) {
        CHECK(drafts[f].kind == expected[f].kind);
        CHECK(drafts[f].variants == expected[f].variants);
      }
    }
  }
}

TEST_CASE("a large sentence family goes to its majority even when its first members lean elsewhere", "[family]") {
  // Paragraphs 0..11,999 form one family and 12,000..39,999 another; each has one
  // sentence, and all the sentences form one family. Its first block of members
  // (the sentences of the first family) votes for that family; the whole votes
  // 70% for the second.
  constexpr std::uint32_t paragraphs = 40000, first_family = 12000;
  std::vector<unit_facts> units;
  std::vector<std::vector<std::uint32_t>> components(3);
  for (std::uint32_t p = 0; p < paragraphs; ++p) {
    units.push_back({p, unit_kind::paragraph, no_parent});
    components[p < first_family ? 0 : 1].push_back(p);
  }
  for (std::uint32_t p = 0; p < paragraphs; ++p) {
    components[2].push_back(static_cast<std::uint32_t>(units.size()));
    units.push_back({p, unit_kind::sentence, p});
  }
  const auto expected = absorb_plainly(components, units);
  // The sentence family is absorbed into the second (and the first family's
  // paragraphs, whose sentences now belong there, leave it).
  REQUIRE(std::none_of(expected.begin(), expected.end(), [](const family_draft& d) { return d.kind == unit_kind::sentence; }));
  for (const int threads : {1, 2, 4}) {
    INFO(threads << " threads");
    tbb::task_arena arena(threads);
    const auto drafts = arena.execute([&] { return absorb_sentences(components, units); });
    REQUIRE(drafts.size() == expected.size());
    for (std::size_t f = 0; f < drafts.size(); ++f) CHECK(drafts[f].variants == expected[f].variants);
  }
}

TEST_CASE("sentence components mostly inside one paragraph family are absorbed into it", "[family]") {
  // Paragraph components: A = {0,1,2}; B = {7,8}. Sentence components: {4,5,6}, {9,10,11}.
  const auto drafts = absorb_sentences({{0, 1, 2}, {4, 5, 6}, {7, 8}, {9, 10, 11}}, facts());
  REQUIRE(drafts.size() == 2);
  CHECK(drafts[0].kind == unit_kind::paragraph);
  CHECK(drafts[0].variants.front() == std::vector<std::uint32_t>{0, 1, 2, 6});  // letter 3's A sentence joins
  CHECK(drafts[1].variants.front() == std::vector<std::uint32_t>{7, 8, 11});
}

TEST_CASE("a paragraph merging two templates gives way to its own sentences", "[family]") {
  // The merged paragraph 3 matched A at paragraph level; its B sentence (11) joined B.
  const auto drafts = absorb_sentences({{0, 1, 2, 3}, {4, 5, 6}, {7, 8}, {9, 10, 11}}, facts());
  REQUIRE(drafts.size() == 2);
  CHECK(drafts[0].variants.front() == std::vector<std::uint32_t>{0, 1, 2, 6});  // 3 replaced by its A sentence
  CHECK(drafts[1].variants.front() == std::vector<std::uint32_t>{7, 8, 11});
}

TEST_CASE("sentence components spread over many paragraphs stay sentence families", "[family]") {
  using k = unit_kind;
  const std::vector<unit_facts> units{{0, k::paragraph, no_parent}, {1, k::paragraph, no_parent}, {0, k::sentence, no_parent},
                                      {1, k::sentence, no_parent},  {2, k::sentence, no_parent}};
  const auto drafts = absorb_sentences({{0, 1}, {2, 3, 4}}, units);
  REQUIRE(drafts.size() == 2);
  CHECK(drafts[1].kind == unit_kind::sentence);
  CHECK(drafts[1].variants.front().size() == 3);
}

TEST_CASE("families with similar representatives become variants, merges do not link", "[family]") {
  std::vector<family_draft> drafts{{unit_kind::paragraph, {{0, 1, 2}}},
                                   {unit_kind::paragraph, {{3, 4}}},
                                   {unit_kind::paragraph, {{5, 6}}},
                                   {unit_kind::sentence, {{7, 8}}}};
  std::vector<std::vector<shingle_hash>> bigrams(4);
  for (shingle_hash i = 0; i < 100; ++i) bigrams[0].push_back(i);
  for (shingle_hash i = 20; i < 120; ++i) bigrams[1].push_back(i);   // a revision: J = 80/120
  for (shingle_hash i = 0; i < 300; ++i) bigrams[2].push_back(i < 100 ? i : 1000 + i);  // draft 0 plus much more
  bigrams[3] = bigrams[0];  // same words, but a sentence family: other kind, never linked
  const auto linked = link_variants(drafts, bigrams, 0.3, 0.3);
  REQUIRE(linked.size() == 3);
  REQUIRE(linked[0].variants.size() == 2);
  CHECK(linked[0].variants[0] == std::vector<std::uint32_t>{0, 1, 2});  // largest variant first
  CHECK(linked[0].variants[1] == std::vector<std::uint32_t>{3, 4});
  CHECK(linked[1].variants.size() == 1);
  CHECK(linked[2].kind == unit_kind::sentence);
}
