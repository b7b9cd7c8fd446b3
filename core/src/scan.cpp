#include <refrain/scan.hpp>

#include <refrain/cluster.hpp>
#include <refrain/error.hpp>
#include <refrain/normalize.hpp>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <set>

namespace refrain {
namespace {

using clock_type = std::chrono::steady_clock;

class stage_clock {
 public:
  stage_clock(std::vector<stage_timing>& timings, const std::function<void(std::string_view)>& on_stage)
      : timings_(timings), on_stage_(on_stage) {}
  void start(std::string name) {
    stop();
    name_ = std::move(name);
    began_ = clock_type::now();
    if (on_stage_) on_stage_(name_);
  }
  void stop() {
    if (name_.empty()) return;
    timings_.push_back({name_, std::chrono::duration<double>(clock_type::now() - began_).count()});
    name_.clear();
  }

 private:
  std::vector<stage_timing>& timings_;
  const std::function<void(std::string_view)>& on_stage_;
  std::string name_;
  clock_type::time_point began_;
};

// A unit that takes part in matching.
struct unit_ref {
  std::uint32_t document;
  std::uint32_t unit;
};

struct segmented_document {
  std::vector<unit> units;
  std::vector<std::uint32_t> matched;               // indices of units long enough to match
  std::vector<std::vector<std::uint64_t>> shingles;  // one per matched unit
};

std::vector<segmented_document> segment_and_shingle(const corpus& input, const scan_params& params) {
  std::vector<segmented_document> docs(input.documents.size());
  tbb::parallel_for(std::size_t{0}, input.documents.size(), [&](std::size_t d) {
    const auto& doc = input.documents[d];
    auto& out = docs[d];
    out.units = segment(doc, params.segmentation);
    for (std::uint32_t u = 0; u < out.units.size(); ++u) {
      const auto words = normalize(unit_text(doc, out.units[u]));
      if (count_words(words) < params.min_words) continue;
      auto set = shingle(words, params.shingles);
      if (set.empty()) continue;
      out.matched.push_back(u);
      out.shingles.push_back(std::move(set));
    }
  });
  return docs;
}

// True when the longer set has at least `excess` more of its own text unmatched
// than the shorter one has: the shorter is (mostly) inside the longer, and the
// longer adds a lot — a merge with another template or new text, not an edited
// copy, in which both sides differ about equally.
bool is_merge(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b, double excess) {
  if (a.size() > b.size()) std::swap(a, b);
  const double common = containment(a, b) * static_cast<double>(a.size());
  const double unmatched_short = 1.0 - common / static_cast<double>(a.size());
  const double unmatched_long = 1.0 - common / static_cast<double>(b.size());
  return unmatched_long - unmatched_short >= excess;
}

struct family {
  std::vector<std::uint32_t> members;  // global matched-unit ids, ascending
  unit_kind kind;
};

// Where a paragraph family and a sentence family say the same thing, keeps one:
// a sentence family whose every sentence lies in paragraphs of one and the same
// paragraph family is dropped; then a paragraph family whose every paragraph is
// also a sentence of one kept sentence family (one-sentence paragraphs, which the
// sentence family gathers from more letters) is dropped.
std::vector<family> drop_redundant(std::vector<family> families, const std::vector<unit_ref>& refs,
                                   const std::vector<segmented_document>& docs,
                                   const std::vector<std::vector<std::int64_t>>& matched_id) {
  const auto& unit_of = [&](std::uint32_t m) -> const unit& { return docs[refs[m].document].units[refs[m].unit]; };
  // True when `to(m)` gives one and the same family (>= 0) for every member.
  const auto all_in_one = [](const family& fam, const auto& to) {
    std::int64_t common = -1;
    for (auto m : fam.members) {
      const std::int64_t f = to(m);
      if (f < 0 || (common >= 0 && f != common)) return false;
      common = f;
    }
    return true;
  };
  std::vector<std::int64_t> family_of(refs.size(), -1);
  for (std::size_t f = 0; f < families.size(); ++f)
    if (families[f].kind == unit_kind::paragraph)
      for (auto m : families[f].members) family_of[m] = static_cast<std::int64_t>(f);
  std::vector<bool> dropped(families.size(), false);
  for (std::size_t f = 0; f < families.size(); ++f) {
    if (families[f].kind != unit_kind::sentence) continue;
    dropped[f] = all_in_one(families[f], [&](std::uint32_t m) -> std::int64_t {
      const auto& u = unit_of(m);
      const auto parent = u.parent < 0 ? -1 : matched_id[refs[m].document][static_cast<std::size_t>(u.parent)];
      return parent < 0 ? -1 : family_of[static_cast<std::size_t>(parent)];
    });
  }
  // Sentences that span their whole paragraph, by that paragraph's matched id.
  std::vector<std::int64_t> whole_sentence_family(refs.size(), -1);
  for (std::size_t f = 0; f < families.size(); ++f) {
    if (families[f].kind != unit_kind::sentence || dropped[f]) continue;
    for (auto m : families[f].members) {
      const auto& u = unit_of(m);
      if (u.parent < 0) continue;
      const auto& para = docs[refs[m].document].units[static_cast<std::size_t>(u.parent)];
      const auto parent = matched_id[refs[m].document][static_cast<std::size_t>(u.parent)];
      if (parent >= 0 && para.start == u.start && para.end == u.end)
        whole_sentence_family[static_cast<std::size_t>(parent)] = static_cast<std::int64_t>(f);
    }
  }
  for (std::size_t f = 0; f < families.size(); ++f)
    if (families[f].kind == unit_kind::paragraph)
      dropped[f] = all_in_one(families[f], [&](std::uint32_t m) { return whole_sentence_family[m]; });
  std::vector<family> kept;
  for (std::size_t f = 0; f < families.size(); ++f)
    if (!dropped[f]) kept.push_back(std::move(families[f]));
  return kept;
}

}  // namespace

void validate(const scan_params& params) {
  validate(params.shingles);
  validate(params.minhash);
  if (!(params.threshold > 0.0 && params.threshold <= 1.0))
    throw error(errc::invalid_argument, fmt::format("threshold must be in (0, 1] (got {})", params.threshold));
  if (params.bands) validate(*params.bands, params.minhash.num_perm);
  if (params.min_words == 0) throw error(errc::invalid_argument, "min_words must be at least 1");
  if (params.min_documents == 0) throw error(errc::invalid_argument, "min_documents must be at least 1");
  if (!(params.chain_guard >= 0 && params.chain_guard <= 1))
    throw error(errc::invalid_argument, fmt::format("chain_guard must be in [0, 1] (got {})", params.chain_guard));
  if (!(params.merge_excess > 0 && params.merge_excess <= 1))
    throw error(errc::invalid_argument, fmt::format("merge_excess must be in (0, 1], 1 to turn it off (got {})", params.merge_excess));
}

report scan(const corpus& input, const scan_params& params, const std::function<void(std::string_view)>& on_stage) {
  validate(params);
  report rep;
  rep.params = params;
  rep.bands = params.bands ? *params.bands : choose_banding(params.threshold, params.minhash.num_perm);
  stage_clock clock(rep.timings, on_stage);

  clock.start("segment+shingle");
  const auto docs = segment_and_shingle(input, params);
  std::vector<unit_ref> refs;
  std::vector<std::uint32_t> groups;
  shingle_table sets;
  std::vector<std::vector<std::int64_t>> matched_id(docs.size());
  for (std::uint32_t d = 0; d < docs.size(); ++d) {
    matched_id[d].assign(docs[d].units.size(), -1);
    for (std::size_t i = 0; i < docs[d].matched.size(); ++i) {
      const auto u = docs[d].matched[i];
      matched_id[d][u] = static_cast<std::int64_t>(refs.size());
      refs.push_back({d, u});
      groups.push_back(static_cast<std::uint32_t>(docs[d].units[u].kind));
      sets.push_back(docs[d].shingles[i]);
    }
    rep.stats.units += docs[d].units.size();
  }
  rep.stats.documents = input.documents.size();
  rep.stats.matched_units = refs.size();

  clock.start("minhash");
  const auto signatures = compute_signatures(sets, params.minhash);
  clock.start("lsh");
  const auto candidates = candidate_pairs(signatures, rep.bands, groups);
  rep.stats.candidate_pairs = candidates.size();
  clock.start("verify");
  auto verified = verify_pairs(sets, candidates, params.measure, params.threshold);
  if (params.merge_excess < 1)
    std::erase_if(verified, [&](const scored_pair& pr) {
      return groups[pr.a] == static_cast<std::uint32_t>(unit_kind::paragraph) &&
             is_merge(sets[pr.a], sets[pr.b], params.merge_excess);
    });
  rep.stats.verified_pairs = verified.size();

  clock.start("cluster");
  std::vector<family> families;
  const auto sim = [&](std::uint32_t a, std::uint32_t b) { return similarity(params.measure, sets[a], sets[b]); };
  auto components = connected_components(static_cast<std::uint32_t>(refs.size()), verified);
  if (params.chain_guard > 0) components = split_chains(std::move(components), verified, sim, params.chain_guard);
  for (auto& members : components) {
    std::set<std::uint32_t> documents;
    for (auto m : members) documents.insert(refs[m].document);
    if (documents.size() < params.min_documents) continue;
    const auto kind = docs[refs[members.front()].document].units[refs[members.front()].unit].kind;
    families.push_back({std::move(members), kind});
  }
  if (params.segmentation.mode == unit_mode::both) families = drop_redundant(std::move(families), refs, docs, matched_id);

  rep.clusters.resize(families.size());
  tbb::parallel_for(std::size_t{0}, families.size(), [&](std::size_t f) {
    const auto& fam = families[f];
    auto& c = rep.clusters[f];
    c.kind = fam.kind;
    const auto rep_index = medoid(fam.members, sim);
    const auto rep_unit = fam.members[rep_index];
    std::set<std::uint32_t> documents;
    std::set<std::string_view> sources;
    double total = 0;
    for (std::size_t i = 0; i < fam.members.size(); ++i) {
      const auto m = fam.members[i];
      const auto& doc = input.documents[refs[m].document];
      const auto& u = docs[refs[m].document].units[refs[m].unit];
      member_report mr;
      mr.document = refs[m].document;
      mr.unit = refs[m].unit;
      mr.start = u.start;
      mr.end = u.end;
      mr.similarity = i == rep_index ? 1.0 : sim(m, rep_unit);
      mr.text = doc.bytes.substr(u.start, u.end - u.start);
      if (i != rep_index) total += mr.similarity;
      documents.insert(mr.document);
      sources.insert(doc.source);
      c.members.push_back(std::move(mr));
    }
    c.representative = static_cast<std::uint32_t>(rep_index);  // members ascend by (document, unit) already
    c.documents = static_cast<std::uint32_t>(documents.size());
    c.sources = static_cast<std::uint32_t>(sources.size());
    c.mean_similarity = fam.members.size() > 1 ? total / static_cast<double>(fam.members.size() - 1) : 1.0;
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

  for (const auto& doc : input.documents)
    rep.documents.push_back({doc.id, doc.path, doc.source, doc.date, doc.reference, doc.metadata, doc.bytes.size(),
                             static_cast<std::uint32_t>(docs[doc.id].units.size())});
  clock.stop();
  return rep;
}

}  // namespace refrain
