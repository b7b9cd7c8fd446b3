#include <catch2/catch.hpp>

#include <refrain/error.hpp>
#include <refrain/minhash.hpp>
#include <refrain/shingle.hpp>
#include <refrain/verify.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace refrain;

TEST_CASE("word k-grams: one per window, sorted and unique", "[shingle]") {
  const auto s = shingle("a b c d e f g", {.k = 5});
  CHECK(s.size() == 3);
  CHECK(std::is_sorted(s.begin(), s.end()));
  CHECK(shingle("a b a b a b a b", {.k = 2}).size() == 2);  // "a b" and "b a"
}

TEST_CASE("shingles depend on word order and on the seed", "[shingle]") {
  CHECK(shingle("a b c d e", {.k = 5}) != shingle("e d c b a", {.k = 5}));
  CHECK(shingle("a b c d e", {.k = 5, .seed = 0}) != shingle("a b c d e", {.k = 5, .seed = 7}));
  CHECK(shingle("a b c d e", {.k = 5}) == shingle("a b c d e", {.k = 5}));
}

TEST_CASE("a unit shorter than k gets one shingle of all its words, never an empty set", "[shingle]") {
  const auto short_unit = shingle("yours sincerely", {.k = 5});
  REQUIRE(short_unit.size() == 1);
  CHECK(shingle("yours faithfully", {.k = 5}) != short_unit);
  CHECK(shingle("yours sincerely", {.k = 5}) == short_unit);
  // A short unit does not collide with the k-grams of a longer text containing it.
  const auto longer = shingle("yours sincerely james hodson information rights", {.k = 5});
  CHECK(std::find(longer.begin(), longer.end(), short_unit[0]) == longer.end());
  CHECK(shingle("", {.k = 5}).empty());
}

TEST_CASE("words_of_last gives a run of the last text's words the set they get alone", "[shingle]") {
  const std::vector<std::string> words{"the", "force", "can", "neither", "confirm", "nor", "deny", "the", "force", "can"};
  std::string text;
  for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
  for (const bool for_runs : {false, true})
    for (const unsigned k : {1u, 2u, 4u, 5u}) {
      const shingle_params params{.k = k};
      shingler whole(params, for_runs);
      const auto all = whole(text);
      CHECK(std::vector<shingle_hash>(all.begin(), all.end()) == shingle(text, params));
      for (std::size_t first = 0; first <= words.size(); ++first)
        for (std::size_t last = first; last <= words.size(); ++last) {
          std::string run;
          for (std::size_t w = first; w < last; ++w) run += (run.empty() ? "" : " ") + words[w];
          INFO("for runs " << for_runs << ", k " << k << ", words " << first << "-" << last);
          const auto part = whole.words_of_last(first, last);
          CHECK(std::vector<shingle_hash>(part.begin(), part.end()) == shingle(run, params));
        }
    }
}

TEST_CASE("a shingler for runs gives each run of a long text, and of the texts after it, its own set", "[shingle]") {
  // Texts of up to 400 words from a small vocabulary (so windows repeat), one
  // after another through the same shingler, each with runs at random.
  std::mt19937 rng(9);
  const shingle_params params{.k = 4};
  shingler runs(params, true);
  std::size_t compared = 0;
  for (const std::size_t length : {400, 3, 60, 0, 250, 4, 120}) {
    std::vector<std::string> words;
    std::string text;
    for (std::size_t w = 0; w < length; ++w) {
      words.push_back(std::string(1, 'w') + std::to_string(rng() % 40));
      if (!text.empty()) text += ' ';
      text += words.back();
    }
    const auto all = runs(text);
    CHECK(std::vector<shingle_hash>(all.begin(), all.end()) == shingle(text, params));
    for (int trial = 0; trial < 40 && length > 0; ++trial) {
      const std::size_t first = rng() % (length + 1), last = first + rng() % (length - first + 1);
      std::string run;
      for (std::size_t w = first; w < last; ++w) {
        if (!run.empty()) run += ' ';
        run += words[w];
      }
      const auto part = runs.words_of_last(first, last);
      CHECK(std::vector<shingle_hash>(part.begin(), part.end()) == shingle(run, params));
      ++compared;
    }
  }
  CHECK(compared == 240);
}

TEST_CASE("character shingles cut at code point boundaries", "[shingle]") {
  const auto s = shingle("caf\xC3\xA9 ok", {.k = 3, .kind = shingle_kind::character});
  CHECK(s.size() == 5);  // "caf" "afé" "fé " "é o" " ok"
  CHECK(shingle("ab", {.k = 3, .kind = shingle_kind::character}).size() == 1);
}

TEST_CASE("a shingler reused across units gives what shingle() gives", "[shingle]") {
  for (const bool for_runs : {false, true})
  for (const auto kind : {shingle_kind::word, shingle_kind::character}) {
    const shingle_params params{.k = 3, .kind = kind};
    shingler reused(params, for_runs);
    for (const char* text : {"a much longer unit of text comes first here", "two words", "", "one", "x y z w x y z"}) {
      INFO(text);
      const auto set = reused(text);
      CHECK(std::vector<shingle_hash>(set.begin(), set.end()) == shingle(text, params));
    }
  }
}

TEST_CASE("k = 0 is refused", "[shingle]") {
  CHECK_THROWS_AS(validate(shingle_params{.k = 0}), error);
  CHECK_NOTHROW(validate(shingle_params{.k = 5}));
}

TEST_CASE("shingle_table stores sets end to end", "[shingle]") {
  shingle_table t;
  const std::vector<shingle_hash> a{1, 2, 3}, b{}, c{9};
  t.push_back(a);
  t.push_back(b);
  t.push_back(c);
  REQUIRE(t.size() == 3);
  CHECK(std::vector<shingle_hash>(t[0].begin(), t[0].end()) == a);
  CHECK(t[1].empty());
  CHECK(t[2][0] == 9);
}

TEST_CASE("shingle_table keeps every set in place across chunks, and copies deeply", "[shingle]") {
  shingle_table t;
  std::vector<std::vector<shingle_hash>> sets;
  for (shingle_hash i = 0; i < 3000; ++i) {  // about 4.5 M values: several chunks
    sets.emplace_back(1 + (i * 7919) % 3000);
    for (std::size_t v = 0; v < sets.back().size(); ++v) sets.back()[v] = i + static_cast<shingle_hash>(v);
  }
  sets.emplace_back(3'000'000, 5);  // larger than a chunk
  std::uint64_t values = 0;
  std::vector<const shingle_hash*> first_place;
  for (const auto& s : sets) {
    t.push_back(s);
    first_place.push_back(t[t.size() - 1].data());
    values += s.size();
  }
  REQUIRE(t.size() == sets.size());
  CHECK(t.values() == values);
  bool all_equal = true, all_in_place = true;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    all_equal = all_equal && std::equal(t[i].begin(), t[i].end(), sets[i].begin(), sets[i].end());
    all_in_place = all_in_place && t[i].data() == first_place[i];
  }
  CHECK(all_equal);
  CHECK(all_in_place);
  const auto copy = t;
  CHECK(copy.size() == t.size());
  CHECK(copy[42].data() != t[42].data());
  CHECK(std::equal(copy[42].begin(), copy[42].end(), sets[42].begin(), sets[42].end()));
}

TEST_CASE("shingle_table stores a subset of an earlier set as positions in it, and gives the same values back",
          "[shingle]") {
  shingle_table t;
  std::vector<shingle_hash> whole(256);
  for (std::size_t v = 0; v < whole.size(); ++v) whole[v] = static_cast<shingle_hash>(1000 + 3 * v);
  t.push_back(std::vector<shingle_hash>{7, 8});
  t.push_back(whole);
  std::vector<std::vector<shingle_hash>> parts;
  for (std::size_t stride : {1, 2, 5, 255}) {  // every value, every other, ..., the first and the last
    parts.emplace_back();
    for (std::size_t v = 0; v < whole.size(); v += stride) parts.back().push_back(whole[v]);
  }
  parts.push_back({whole.back()});
  parts.push_back({});
  for (const auto& p : parts) t.push_back_part(1, p);
  t.push_back(std::vector<shingle_hash>{9});  // a whole set after parts, in the same chunk
  REQUIRE(t.size() == 3 + parts.size());
  std::vector<shingle_hash> scratch;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    CHECK_FALSE(t.stored_whole(2 + i));
    const auto got = t.get(2 + i, scratch);
    CHECK(std::vector<shingle_hash>(got.begin(), got.end()) == parts[i]);
  }
  CHECK(t.stored_whole(1));
  CHECK(t[1].size() == 256);  // parts stored after it do not lengthen it
  CHECK(t[t.size() - 1].size() == 1);
  CHECK(t[t.size() - 1][0] == 9);
  const auto copy = t;
  const auto again = copy.get(2 + 1, scratch);
  CHECK(std::vector<shingle_hash>(again.begin(), again.end()) == parts[1]);
  // Not a subset, or a whole set too large or itself a part: refused, and nothing is stored.
  CHECK_THROWS_AS(t.push_back_part(1, std::vector<shingle_hash>{1000, 1001}), error);
  CHECK_THROWS_AS(t.push_back_part(0, std::vector<shingle_hash>{7, 9}), error);
  CHECK_THROWS_AS(t.push_back_part(2, std::vector<shingle_hash>{1000}), error);
  CHECK_THROWS_AS(t.push_back_part(1, std::vector<shingle_hash>{1003, 1003}), error);  // not unique
  CHECK_THROWS_AS(t.push_back_part(1, std::vector<shingle_hash>(300, 1000)), error);   // longer than its whole
  std::vector<shingle_hash> large(257);
  for (std::size_t v = 0; v < large.size(); ++v) large[v] = static_cast<shingle_hash>(v);
  t.push_back(large);
  CHECK_THROWS_AS(t.push_back_part(t.size() - 1, std::vector<shingle_hash>{0}), error);
  CHECK(t.size() == 3 + parts.size() + 1);
}

TEST_CASE("signatures and verification read a set stored as a part as the set itself", "[shingle]") {
  shingle_table parts, wholes;
  const std::vector<shingle_hash> paragraph{3, 9, 14, 20, 31, 47, 52, 60, 71, 88};
  const std::vector<shingle_hash> sentence{9, 20, 47, 60};
  for (auto* t : {&parts, &wholes}) t->push_back(paragraph);
  parts.push_back_part(0, sentence);
  wholes.push_back(sentence);
  REQUIRE_FALSE(parts.stored_whole(1));
  const minhash_params mp{};
  const auto a = compute_signatures(parts, mp), b = compute_signatures(wholes, mp);
  CHECK(std::equal(a[1].begin(), a[1].end(), b[1].begin(), b[1].end()));
  const std::vector<candidate_pair> pair{{0, 1}};
  const auto va = verify_pairs(parts, pair, similarity_measure::jaccard, 0.1);
  REQUIRE(va.size() == 1);
  CHECK(va[0].similarity == Approx(0.4));
}

TEST_CASE("large vectors hold their values across growth, large and small", "[shingle][memory]") {
  large_vector<std::uint32_t> v;
  for (std::uint32_t i = 0; i < (3u << 20); ++i) v.push_back(i * 2654435761u);  // past several 2 MiB steps
  bool same = true;
  for (std::uint32_t i = 0; i < v.size(); ++i) same = same && v[i] == i * 2654435761u;
  CHECK(same);
  large_vector<std::uint64_t> small(10, 7);
  CHECK(small[9] == 7);
  small = {};
  v.clear();
  v.shrink_to_fit();
  CHECK(v.capacity() == 0);
}
