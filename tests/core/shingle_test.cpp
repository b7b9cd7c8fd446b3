#include <catch2/catch.hpp>

#include <refrain/error.hpp>
#include <refrain/shingle.hpp>

#include <algorithm>

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

TEST_CASE("character shingles cut at code point boundaries", "[shingle]") {
  const auto s = shingle("caf\xC3\xA9 ok", {.k = 3, .kind = shingle_kind::character});
  CHECK(s.size() == 5);  // "caf" "afé" "fé " "é o" " ok"
  CHECK(shingle("ab", {.k = 3, .kind = shingle_kind::character}).size() == 1);
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
