#include <refrain/viz/writers.hpp>

#include <refrain/normalize.hpp>
#include <refrain/version.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

namespace refrain::viz {
namespace {

using json = nlohmann::ordered_json;

// Four decimals are plenty for a similarity and keep the file stable to read.
double rounded(double x) { return std::round(x * 10000.0) / 10000.0; }

json optional_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json params_json(const report& rep) {
  const auto& p = rep.params;
  return json{
      {"unit", std::string(to_string(p.segmentation.mode))},
      {"shingle", p.shingles.kind == shingle_kind::word ? "word" : "character"},
      {"k", p.shingles.k},
      {"shingle_seed", p.shingles.seed},
      {"num_perm", p.minhash.num_perm},
      {"seed", p.minhash.seed},
      {"threshold", p.threshold},
      {"bands", rep.bands.bands},
      {"rows", rep.bands.rows},
      {"measure", std::string(to_string(p.measure))},
      {"min_words", p.min_words},
      {"min_documents", p.min_documents},
      {"national_sources", p.national_sources},
      {"merge_excess", p.merge_excess},
      {"chain_guard", p.chain_guard},
      {"variant_threshold", p.variant_threshold},
      {"normalization", normalization_version},
  };
}

json template_json(const consensus_template& t) {
  json slots = json::array();
  for (const auto& sl : t.slots) {
    json alternatives = json::array();
    for (const auto& [text, count] : sl.alternatives) alternatives.push_back({{"text", text}, {"count", count}});
    slots.push_back({{"position", sl.position},
                     {"length", sl.length},
                     {"major", sl.major},
                     {"alternatives", std::move(alternatives)}});
  }
  std::string canonical;
  for (const auto& w : t.words) canonical += (canonical.empty() ? "" : " ") + w;
  return {{"text", canonical},
          {"with_slots", t.text()},
          {"words", t.words.size()},
          {"fallback", t.fallback},
          {"aligned", t.aligned},
          {"coverage", rounded(t.coverage)},
          {"slots", std::move(slots)}};
}

// Equal runs are counts of the member's own words, so the redline does not repeat
// the member's text; removed and inserted words are spelled out.
json redline_json(const std::vector<redline_op>& ops) {
  json out = json::array();
  for (const auto& op : ops) {
    if (op.op == redline_op::equal) {
      std::size_t words = 0;
      bool in_word = false;
      for (char ch : op.text) {
        const bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
        if (!space && !in_word) ++words;
        in_word = !space;
      }
      out.push_back({{"op", "equal"}, {"words", words}});
    } else {
      out.push_back({{"op", op.op == redline_op::insert ? "insert" : "remove"}, {"text", op.text}});
    }
  }
  return out;
}

json boilerplate_json(const document_boilerplate& b) {
  json labels = json::array();
  for (const auto& sp : b.spans)
    labels.push_back({{"start", sp.start},
                      {"end", sp.end},
                      {"label", std::string(to_string(sp.label))},
                      {"family", sp.family >= 0 ? json(sp.family) : json(nullptr)}});
  return {{"national_bytes", b.national_bytes},
          {"house_bytes", b.house_bytes},
          {"bespoke_bytes", b.bespoke_bytes},
          {"national_share", rounded(b.share(text_label::national))},
          {"house_share", rounded(b.share(text_label::house))},
          {"bespoke_share", rounded(b.share(text_label::bespoke))},
          {"labels", std::move(labels)}};
}

}  // namespace

std::string to_json(const report& rep) {
  json root;
  root["schema"] = clusters_schema;
  root["tool"] = {{"name", "refrain"}, {"version", tool_version}};
  root["params"] = params_json(rep);
  root["stats"] = {{"documents", rep.stats.documents},         {"units", rep.stats.units},
                   {"matched_units", rep.stats.matched_units}, {"candidate_pairs", rep.stats.candidate_pairs},
                   {"verified_pairs", rep.stats.verified_pairs}, {"clusters", rep.stats.clusters}};
  json documents = json::array();
  for (const auto& d : rep.documents) {
    json metadata = json::object();
    for (const auto& [k, v] : d.metadata) metadata[k] = v;
    documents.push_back({{"id", d.id},
                         {"path", d.path},
                         {"source", d.source},
                         {"date", optional_string(d.date)},
                         {"reference", optional_string(d.reference)},
                         {"bytes", d.bytes},
                         {"units", d.units},
                         {"metadata", std::move(metadata)},
                         {"boilerplate", boilerplate_json(d.boilerplate)}});
  }
  root["documents"] = std::move(documents);
  json clusters = json::array();
  for (const auto& c : rep.clusters) {
    json members = json::array();
    for (const auto& m : c.members)
      members.push_back({{"document", m.document},
                         {"unit", m.unit},
                         {"kind", std::string(to_string(m.kind))},
                         {"variant", m.variant},
                         {"start", m.start},
                         {"end", m.end},
                         {"similarity", rounded(m.similarity)},
                         {"text", m.text},
                         {"redline", redline_json(m.redline)}});
    json variants = json::array();
    for (std::size_t v = 0; v < c.variants.size(); ++v)
      variants.push_back({{"id", v},
                          {"size", c.variants[v].size},
                          {"documents", c.variants[v].documents},
                          {"representative_member", c.variants[v].representative}});
    clusters.push_back({{"id", c.id},
                        {"kind", std::string(to_string(c.kind))},
                        {"size", c.members.size()},
                        {"documents", c.documents},
                        {"sources", c.sources},
                        {"mean_similarity", rounded(c.mean_similarity)},
                        {"representative", c.members[c.representative].text},
                        {"representative_member", c.representative},
                        {"variants", std::move(variants)},
                        {"template", template_json(c.canonical)},
                        {"members", std::move(members)}});
  }
  root["clusters"] = std::move(clusters);
  // Invalid UTF-8 cannot reach here (ingest rejects it); replace defensively anyway.
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace refrain::viz
