#include <catch2/catch.hpp>

#include <refrain/error.hpp>
#include <refrain/scan.hpp>

#include <tbb/task_arena.h>

#include <algorithm>
#include <filesystem>
#include <thread>
#include <set>
#include <tuple>

using namespace refrain;

namespace {

const std::string harm =
    "Confirming or denying whether any information is held would allow offenders to map police activity across the "
    "county and to move their activity to the areas where they believe the force is least active.";
const std::string balance =
    "Therefore, at this moment in time, it is our opinion that for these issues the balance test for confirmation or "
    "denial that information is held is not made out.";
const std::string review =
    "If you are unhappy with the way your request has been handled you may ask for an internal review within forty "
    "working days of the date of this letter.";

void add_letter(corpus& c, std::string source, std::string bytes) {
  document d;
  d.path = source + "/" + std::to_string(c.documents.size()) + ".txt";
  d.source = std::move(source);
  c.add(std::move(d), std::move(bytes));
}

corpus three_letters() {
  corpus c;
  add_letter(c, "kent", "Dear Ms Smith,\n\n" + harm + "\n\n" + balance + "\n\nYours sincerely\n");
  add_letter(c, "herts", "Our ref 12.\n\n" + harm + " " + balance + "\n\n" + review + "\n\nYours sincerely\n");
  add_letter(c, "leics", "A bespoke answer about drones and their batteries.\n\n" + review + "\n");
  return c;
}

const cluster_report* find_family(const report& rep, std::string_view words) {
  for (const auto& c : rep.clusters)
    for (const auto& m : c.members)
      if (c.text(m).find(words) != std::string::npos) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("shared paragraphs become families whose members slice the original bytes", "[scan]") {
  const auto c = three_letters();
  const auto rep = scan(c, {});
  const auto* fam = find_family(rep, "internal review");
  REQUIRE(fam != nullptr);
  CHECK(fam->kind == unit_kind::paragraph);
  CHECK(fam->documents == 2);
  CHECK(fam->sources == 2);
  for (const auto& cl : rep.clusters)
    for (const auto& m : cl.members)
      CHECK(c.documents[m.document].bytes.substr(m.start, m.end - m.start) == cl.text(m));
}

TEST_CASE("every stage is timed, on the wall clock and in CPU seconds", "[scan]") {
  const auto letters = three_letters();
  const double cpu_before = process_cpu_seconds();
  const auto rep = scan(letters, {});
  const double cpu_of_scan = process_cpu_seconds() - cpu_before;
  std::vector<std::string> stages;
  double cpu_of_stages = 0;
  const auto cores = std::max(1u, std::thread::hardware_concurrency());
  for (const auto& t : rep.timings) {
    stages.push_back(t.stage);
    CHECK(t.cpu_seconds > 0);  // every stage does some work, and the clock counts nanoseconds
    CHECK(t.cpu_seconds <= t.seconds * cores + 1e-3);  // no more cores than the machine has
    cpu_of_stages += t.cpu_seconds;
  }
  // Each stage's own share of the process's time, not the process's total so far.
  CHECK(cpu_of_stages <= cpu_of_scan + 1e-6);
  CHECK(stages == std::vector<std::string>{"segment+shingle", "link", "cluster", "family", "template", "boilerplate"});
}

TEST_CASE("a spilled corpus scans to the same families, its members pointing into the spilled bytes", "[scan]") {
  const auto in_memory = three_letters();
  auto spilled = three_letters();
  REQUIRE(spilled.spill(std::filesystem::temp_directory_path().string()));
  const auto a = scan(in_memory, {});
  const auto b = scan(spilled, {});
  REQUIRE(a.clusters.size() == b.clusters.size());
  REQUIRE_FALSE(b.clusters.empty());
  for (std::size_t f = 0; f < a.clusters.size(); ++f) {
    CHECK(a.clusters[f].canonical.words == b.clusters[f].canonical.words);
    REQUIRE(a.clusters[f].members.size() == b.clusters[f].members.size());
    for (std::size_t i = 0; i < a.clusters[f].members.size(); ++i) {
      const auto& ma = a.clusters[f].members[i];
      const auto& mb = b.clusters[f].members[i];
      CHECK(a.clusters[f].text(ma) == b.clusters[f].text(mb));
      CHECK(std::make_tuple(ma.document, ma.start, ma.end) == std::make_tuple(mb.document, mb.start, mb.end));
      CHECK(b.clusters[f].text(mb).data() == spilled.documents[mb.document].bytes.data() + mb.start);
    }
  }
}

TEST_CASE("two template paragraphs merged into one letter's paragraph are still found", "[scan]") {
  const auto letters = three_letters();
  const auto rep = scan(letters, {});
  const auto* h = find_family(rep, "map police activity");
  const auto* b = find_family(rep, "balance test");
  REQUIRE(h != nullptr);
  REQUIRE(b != nullptr);
  CHECK(h != b);
  CHECK(h->kind == unit_kind::sentence);  // herts merged them: only sentences line up
  CHECK(h->documents == 2);
  CHECK(b->documents == 2);
}

TEST_CASE("sentence families that repeat a paragraph family are dropped", "[scan]") {
  const auto letters = three_letters();
  const auto rep = scan(letters, {});
  std::size_t review_families = 0;
  for (const auto& c : rep.clusters)
    if (c.text(c.members.front()).find("internal review") != std::string::npos) ++review_families;
  CHECK(review_families == 1);
}

TEST_CASE("short units are not matched and single-letter repeats are not families", "[scan]") {
  const auto letters = three_letters();
  const auto rep = scan(letters, {});
  CHECK(find_family(rep, "Yours sincerely") == nullptr);  // 2 words < min_words
  CHECK(rep.stats.matched_units < rep.stats.units);
}

TEST_CASE("families are ordered by spread and numbered in that order", "[scan]") {
  auto c = three_letters();
  add_letter(c, "met", review + "\n");
  const auto rep = scan(c, {});
  REQUIRE(rep.clusters.size() >= 2);
  CHECK(rep.clusters[0].text(rep.clusters[0].members.front()).find("internal review") != std::string::npos);
  CHECK(rep.clusters[0].sources == 3);
  for (std::size_t i = 0; i < rep.clusters.size(); ++i) {
    CHECK(rep.clusters[i].id == i);
    if (i) CHECK(rep.clusters[i - 1].sources >= rep.clusters[i].sources);
  }
}

TEST_CASE("the threshold, measure and unit mode are honoured", "[scan]") {
  const auto c = three_letters();
  scan_params strict;
  strict.threshold = 1.0;
  strict.segmentation.mode = unit_mode::paragraph;
  const auto rep = scan(c, strict);
  for (const auto& cl : rep.clusters) {
    CHECK(cl.kind == unit_kind::paragraph);
    CHECK(cl.mean_similarity == 1.0);
  }
  CHECK(rep.bands.bands * rep.bands.rows == 128);
}

TEST_CASE("invalid parameters are refused before any work", "[scan]") {
  const auto c = three_letters();
  const auto rejects = [&](scan_params p) {
    try {
      scan(c, p);
    } catch (const error& e) {
      return e.code() == errc::invalid_argument;
    }
    return false;
  };
  scan_params p;
  p.threshold = 0;
  CHECK(rejects(p));
  p = {};
  p.threshold = 1.5;
  CHECK(rejects(p));
  p = {};
  p.shingles.k = 0;
  CHECK(rejects(p));
  p = {};
  p.bands = banding{10, 10};
  CHECK(rejects(p));
  p = {};
  p.minhash.num_perm = 0;
  CHECK(rejects(p));
  p = {};
  p.passage_threshold = 1.5;
  CHECK(rejects(p));
  p = {};
  p.passage_shingles = 0;
  CHECK(rejects(p));
  p = {};
  p.passage_share = -0.5;
  CHECK(rejects(p));
}

// Seven words that no other line shares: every bespoke line its own vocabulary.
std::string bespoke_line(std::uint32_t n) {
  static const std::vector<std::string> syllables{"ka", "lo", "mi", "nu", "pe", "ra", "su", "ti", "vo", "ze"};
  std::string line;
  for (std::uint32_t w = 0; w < 7; ++w) {
    const auto v = n * 7 + w;
    line += (w ? " " : "") + syllables[v % 10] + syllables[(v / 10) % 10] + syllables[(v / 100) % 10] + "x";
  }
  return line + ".";
}

TEST_CASE("short template sentences stay apart: no giant cluster of boilerplate lines", "[scan][short-units]") {
  const std::vector<std::string> short_templates{
      "I note you seek access to the following information:",
      "Your request has been considered under the Act.",
      "Please quote the reference number above in any reply.",
      "Thank you for your interest in the work of the force.",
      "This letter is not an admission that anything is held.",
  };
  corpus c;
  for (std::uint32_t l = 0; l < 6; ++l) {
    std::string text = "Dear Requester,\n\n";
    for (std::uint32_t t = 0; t < short_templates.size(); ++t)
      text += short_templates[(t + l) % short_templates.size()] + "\n\n" + bespoke_line(l * 10 + t) + "\n\n";
    add_letter(c, "force" + std::to_string(l), text + "Yours sincerely\n");
  }
  const auto rep = scan(c, {});
  std::size_t template_families = 0;
  for (const auto& cl : rep.clusters) {
    std::set<std::string_view> distinct;
    for (const auto& m : cl.members) distinct.insert(cl.text(m));
    CHECK(cl.members.size() <= 6);  // never more members than letters: no giant cluster
    if (distinct.size() == 1 && cl.members.size() == 6) ++template_families;
  }
  CHECK(template_families == short_templates.size());
}

TEST_CASE("two templates joined in some letters' paragraphs stay two families (chaining regression)", "[scan][chaining]") {
  corpus c;
  for (std::uint32_t l = 0; l < 8; ++l) {
    const bool merges = l % 4 == 3;
    const std::string body = merges ? harm + " " + review : harm + "\n\n" + review;
    add_letter(c, "force" + std::to_string(l % 3), "Dear Requester,\n\n" + body + "\n\nYours sincerely\n");
  }
  const auto rep = scan(c, {});
  const auto* h = find_family(rep, "map police activity");
  const auto* r = find_family(rep, "internal review");
  REQUIRE(h != nullptr);
  REQUIRE(r != nullptr);
  CHECK(h != r);
  CHECK(h->documents == 8);
  CHECK(r->documents == 8);
  for (const auto& m : h->members) CHECK(h->text(m).find("internal review") == std::string::npos);
  for (const auto& m : r->members) CHECK(r->text(m).find("map police activity") == std::string::npos);
}

TEST_CASE("sentences that share a long passage pair below the threshold, stock phrases do not", "[scan][passage]") {
  // The two balance-test sentences of the seed letters: Jaccard about 0.15 on
  // 4-word shingles, one 9-word run in common. The two crime sentences share only
  // the stock phrase "the prevention and detection of crime".
  const std::string rewritten =
      "Therefore it is our opinion that for these issues the balancing test for confirming or denying whether any "
      "information relevant to your request exists is not made out.";
  const std::string crime_a =
      "Disclosure would hinder the prevention and detection of crime across the whole of the northern division.";
  const std::string crime_b =
      "Officers work with partner agencies on the prevention and detection of crime in rural villages every week.";
  corpus c;
  add_letter(c, "herts", "Dear Sir,\n\n" + balance + "\n\n" + crime_a + "\n");
  add_letter(c, "leics", "Dear Madam,\n\n" + rewritten + "\n\n" + crime_b + "\n");
  const auto together = [](const report& rep) {
    const auto* fam = find_family(rep, "balancing test for confirming");
    return fam != nullptr && fam == find_family(rep, "balance test for confirmation");
  };
  const auto rep = scan(c, {});
  CHECK(together(rep));
  CHECK(find_family(rep, "prevention and detection") == nullptr);

  scan_params off;
  off.passage_threshold = 0;
  CHECK_FALSE(together(scan(c, off)));
  scan_params strict;
  strict.passage_shingles = 8;  // the run gives 6 shingles
  CHECK_FALSE(together(scan(c, strict)));
}

TEST_CASE("a member's text is refused when the family does not hold its letters", "[scan]") {
  cluster_report c;
  const member_report m{0, 0, unit_kind::paragraph, 0, 0, 4, 1.0};
  CHECK_THROWS_AS(c.text(m), error);
  c.letters = std::make_shared<const std::vector<std::string_view>>(std::vector<std::string_view>{"abc"});
  CHECK_THROWS_AS(c.text(m), error);  // past the end of the letter
  c.letters = std::make_shared<const std::vector<std::string_view>>(std::vector<std::string_view>{"abcde"});
  CHECK(c.text(m) == "abcd");
}

TEST_CASE("a template in more letters than a block of members gives the same families at any thread count", "[scan][large]") {
  // 17,000 letters: more members per family (and per absorbed sentence family)
  // than the blocks large families are split into across the cores.
  corpus c;
  const std::string city_harm = std::string(harm).replace(harm.find("county"), 6, "city");
  for (int i = 0; i < 17000; ++i)
    add_letter(c, "force-" + std::to_string(i % 9),
               "Our reference " + std::to_string(i) + ".\n\n" + (i % 5 == 0 ? city_harm : harm) + " " + balance +
                   "\n\nYours sincerely\n");
  const auto flatten = [](const report& rep) {
    std::vector<std::tuple<std::size_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, double>> out;
    for (std::size_t f = 0; f < rep.clusters.size(); ++f) {
      const auto& fam = rep.clusters[f];
      out.emplace_back(f, fam.documents, fam.sources, static_cast<std::uint32_t>(fam.variants.size()),
                       static_cast<std::uint32_t>(fam.representative), static_cast<std::uint32_t>(fam.members.size()),
                       fam.mean_similarity);
      for (const auto& m : fam.members) out.emplace_back(f, m.document, m.unit, m.variant, m.start, m.end, m.similarity);
    }
    return out;
  };
  std::vector<std::tuple<std::size_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, double>> first;
  for (const int threads : {1, 2, 4}) {
    INFO(threads << " threads");
    tbb::task_arena arena(threads);
    const auto rep = arena.execute([&] { return scan(c, {}); });
    const auto* fam = find_family(rep, "balance test");
    REQUIRE(fam != nullptr);
    CHECK(fam->kind == unit_kind::paragraph);
    CHECK(fam->documents == 17000);
    CHECK(fam->sources == 9);
    REQUIRE(fam->members.size() >= 17000);
    for (std::size_t i = 1; i < fam->members.size(); ++i) {
      const auto& a = fam->members[i - 1];
      const auto& b = fam->members[i];
      REQUIRE(std::tie(a.document, a.start) <= std::tie(b.document, b.start));  // reading order
    }
    if (threads == 1) first = flatten(rep);
    else CHECK(flatten(rep) == first);
  }
}
