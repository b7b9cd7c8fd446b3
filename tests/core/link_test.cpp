#include <refrain/cluster.hpp>
#include <refrain/link.hpp>

#include "../../core/src/sort_by_key.hpp"

#include <catch2/catch.hpp>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

using namespace refrain;

namespace {

// Records as link makes them: (key << 32 | id), ids ascending.
large_vector<std::uint64_t> records_with_keys(const std::vector<std::uint32_t>& keys) {
  large_vector<std::uint64_t> records(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) records[i] = (std::uint64_t{keys[i]} << 32) | i;
  return records;
}

}  // namespace

TEST_CASE("sort_by_key orders records by key, ids ascending within a key, at any thread count", "[link]") {
  std::mt19937 rng(11);
  // Sizes around the sort's block of records and its 2048 runs; keys spread,
  // crowded into a few values (a template's bucket, where a run has one digit),
  // and sharing their top bits (one run holds everything).
  for (const std::size_t n : {0u, 1u, 2u, 3000u, 16384u, 16385u, 200000u}) {
    // Spreads 3 and 4 differ only in their lowest 7 or 14 key bits, so a run
    // makes exactly one or two of its three passes.
    for (int spread = 0; spread < 5; ++spread) {
      std::vector<std::uint32_t> keys(n);
      for (auto& k : keys) {
        const auto r = static_cast<std::uint32_t>(rng());
        k = spread == 0   ? r
            : spread == 1 ? (r % 5) * 0x9E3779B9u
            : spread == 2 ? 0xABC00000u | (r % 0x200000)
            : spread == 3 ? 0xABC00000u | (r % 128)
                          : 0xABC00000u | (r % 0x4000);
      }
      auto expected = records_with_keys(keys);
      std::stable_sort(expected.begin(), expected.end(), [](auto a, auto b) { return (a >> 32) < (b >> 32); });
      for (const int threads : {1, 2, 4}) {
        auto records = records_with_keys(keys);
        large_vector<std::uint64_t> scratch(n);
        tbb::task_arena arena(threads);
        arena.execute([&] { detail::sort_by_key(records, scratch); });
        INFO("n " << n << ", spread " << spread << ", threads " << threads);
        const bool sorted_as_expected = records == expected;  // not printed whole on failure: 200,000 records
        CHECK(sorted_as_expected);
      }
    }
  }
}

TEST_CASE("link_sets joins planted near-copies and nothing else, the same at any thread count", "[link]") {
  // Groups of near-copies (each copy drops a few of the group's 40 values) among
  // unrelated sets; one group of 3,000 identical copies makes one large bucket.
  std::mt19937 rng(5);
  shingle_table sets;
  std::vector<std::uint32_t> planted;  // each set's group, or its own index for an unrelated set
  std::vector<std::uint32_t> group_base;
  const auto fresh = [&] { return static_cast<shingle_hash>(rng()); };
  std::vector<std::vector<shingle_hash>> groups(60);
  for (auto& g : groups) {
    for (int v = 0; v < 40; ++v) g.push_back(fresh());
    std::sort(g.begin(), g.end());
  }
  std::vector<std::uint32_t> order;
  for (std::uint32_t g = 0; g < groups.size(); ++g)
    for (int copy = 0; copy < (g == 0 ? 3000 : 30); ++copy) order.push_back(g);
  for (int lone = 0; lone < 3000; ++lone) order.push_back(static_cast<std::uint32_t>(-1));
  std::shuffle(order.begin(), order.end(), rng);
  for (const auto g : order) {
    std::vector<shingle_hash> set;
    if (g == static_cast<std::uint32_t>(-1)) {
      for (int v = 0; v < 40; ++v) set.push_back(fresh());
      std::sort(set.begin(), set.end());
      set.erase(std::unique(set.begin(), set.end()), set.end());
      planted.push_back(static_cast<std::uint32_t>(groups.size() + planted.size()));
    } else {
      for (const auto v : groups[g])
        if (g == 0 || rng() % 20 != 0) set.push_back(v);  // about 2 of 40 dropped: Jaccard near 0.9
      planted.push_back(g);
    }
    sets.push_back(set);
  }
  const minhash_params minhash{.num_perm = 128, .seed = 1};
  const banding bands{64, 2};
  std::vector<link_result> results;
  for (const int threads : {1, 2, 4}) {
    tbb::task_arena arena(threads);
    arena.execute([&] { results.push_back(link_sets(sets, {}, minhash, bands, similarity_measure::jaccard, 0.5)); });
  }
  for (const auto& r : results) {
    const bool same_links = r.links == results.front().links;
    CHECK(same_links);
    CHECK(r.proposed == results.front().proposed);
  }
  // The links' components (of two sets or more) are exactly the planted
  // groups: each holds one group, whole; no unrelated set is joined.
  const auto components = connected_components(static_cast<std::uint32_t>(sets.size()), results.front().links);
  CHECK(components.size() == groups.size());
  for (const auto& component : components) {
    for (const auto member : component) REQUIRE(planted[member] == planted[component.front()]);
    CHECK(component.size() == (planted[component.front()] == 0 ? 3000u : 30u));
  }
  // A spanning forest: one link fewer than sets in each group.
  CHECK(results.front().links.size() == sets.size() - groups.size() - 3000);
}

TEST_CASE("link_sets links sets stored as parts as it links the same sets stored whole", "[link]") {
  // Paragraphs drawn from a few templates, each followed by its sentences stored
  // as parts of it (as the scan stores them). Some sentences are parts of an
  // earlier paragraph, some are all of theirs, some empty; one paragraph is too
  // large to have parts. The band keys of a part are made from its paragraph's
  // kept results; the same sets stored whole must give the very same links.
  std::mt19937 rng(23);
  std::vector<std::vector<shingle_hash>> templates(12);
  for (auto& t : templates) {
    for (int v = 0; v < 90; ++v) t.push_back(static_cast<shingle_hash>(rng()));
    std::sort(t.begin(), t.end());
  }
  shingle_table with_parts, whole;
  std::vector<std::uint32_t> groups;
  std::vector<std::size_t> paragraphs;
  const auto add_part = [&](std::size_t of, const std::vector<shingle_hash>& sentence) {
    with_parts.push_back_part(of, sentence);
    whole.push_back(sentence);
    groups.push_back(1);
  };
  for (int p = 0; p < 2500; ++p) {
    std::vector<shingle_hash> paragraph;
    for (const auto v : templates[rng() % templates.size()])
      if (rng() % 10 != 0) paragraph.push_back(v);
    if (p == 0 || p == 700) {  // more values than a whole set with parts may hold (first, and in the middle)
      paragraph.clear();
      for (int v = 0; v < 300; ++v) paragraph.push_back(static_cast<shingle_hash>(rng()));
      std::sort(paragraph.begin(), paragraph.end());
    }
    const auto at = with_parts.size();
    with_parts.push_back(paragraph);
    whole.push_back(paragraph);
    groups.push_back(0);
    if (paragraph.size() > shingle_table::max_whole_for_parts) continue;
    paragraphs.push_back(at);
    for (std::size_t from = 0; from < paragraph.size(); from += 30)  // sentences: runs of the paragraph's values
      add_part(at, std::vector<shingle_hash>(paragraph.begin() + from,
                                             paragraph.begin() + std::min(paragraph.size(), from + 30)));
    if (p % 50 == 0) add_part(at, paragraph);
    if (p % 97 == 0) add_part(at, {});
    if (p % 7 == 0 && paragraphs.size() > 3) {  // a part of a paragraph stored before the last
      const auto earlier = paragraphs[paragraphs.size() - 3];
      const auto values = whole[earlier];
      add_part(earlier, std::vector<shingle_hash>(values.begin(), values.begin() + std::min<std::size_t>(values.size(), 25)));
    }
  }
  REQUIRE(with_parts.size() > 4 * 1024);  // several of link's ranges of sets
  const minhash_params minhash{.num_perm = 128, .seed = 1};
  link_options options;
  options.one_row_group = 1;
  // Bands of two rows (eight functions a pass: the kept results are used), of
  // four and of one (the results are not kept).
  for (const banding bands : {banding{64, 2}, banding{32, 4}, banding{128, 1}})
    for (const int threads : {1, 2, 4}) {
      tbb::task_arena arena(threads);
      link_result a, b;
      arena.execute([&] {
        a = link_sets(with_parts, groups, minhash, bands, similarity_measure::jaccard, 0.3, options);
        b = link_sets(whole, groups, minhash, bands, similarity_measure::jaccard, 0.3, options);
      });
      CAPTURE(bands.bands, threads);
      CHECK(a.proposed == b.proposed);
      CHECK(a.verified == b.verified);
      const bool same_links = a.links == b.links;
      CHECK(same_links);
      CHECK(a.links.size() > 2000);
    }
}
