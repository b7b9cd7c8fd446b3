#include <catch2/catch.hpp>

#include <refrain/family.hpp>

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

}  // namespace

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
