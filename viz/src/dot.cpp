#include <refrain/viz/writers.hpp>

#include <fmt/format.h>

#include <map>

namespace refrain::viz {
namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {  // DOT's own line-break escape
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out.push_back('\\');
    if (c == '\r' || c == '\t') c = ' ';
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// The first few words of a family, for its node label.
std::string opening_words(std::string_view text, std::size_t words) {
  std::string out;
  std::size_t count = 0;
  bool space = true;
  for (char c : text) {
    const bool ws = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (ws) {
      if (!space && ++count == words) return out + " ...";
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string to_dot(const report& rep, std::size_t max_families) {
  std::string out =
      "graph refrain {\n"
      "  graph [rankdir=LR, overlap=false, fontname=\"Helvetica\"];\n"
      "  node [fontname=\"Helvetica\", fontsize=10];\n"
      "  edge [color=\"#6b7280\"];\n";
  std::map<std::string, std::size_t> source_ids;
  for (const auto& d : rep.documents) source_ids.emplace(d.source, 0);
  std::size_t next = 0;
  for (auto& [name, id] : source_ids) {
    id = next++;
    out += fmt::format("  s{} [shape=box, style=filled, fillcolor=\"#dbeafe\", label={}];\n", id, quoted(name));
  }
  const std::size_t shown = std::min(max_families, rep.clusters.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& c = rep.clusters[i];
    const auto label = fmt::format("#{} ({} {}s, {} letters)\n{}", c.id, c.members.size(), to_string(c.kind),
                                   c.documents, opening_words(c.text(c.members.at(c.representative)), 8));
    out += fmt::format("  f{} [shape=note, style=filled, fillcolor=\"#fef3c7\", label={}];\n", c.id, quoted(label));
    std::map<std::size_t, std::map<std::uint32_t, bool>> letters;  // source -> documents
    for (const auto& m : c.members) letters[source_ids.at(rep.documents[m.document].source)][m.document] = true;
    for (const auto& [source, docs] : letters)
      out += fmt::format("  s{} -- f{} [weight={}, penwidth={}, label=\"{}\"];\n", source, c.id, docs.size(),
                         std::min<std::size_t>(1 + docs.size(), 8), docs.size());
  }
  out += "}\n";
  return out;
}

std::string to_sources_dot(const report& rep, double cut) {
  std::string out =
      "graph sources {\n"
      "  graph [layout=neato, overlap=false, splines=true, fontname=\"Helvetica\"];\n"
      "  node [shape=box, style=filled, fillcolor=\"#dbeafe\", fontname=\"Helvetica\", fontsize=10];\n";
  std::map<std::string, std::size_t> ids;
  for (const auto& d : rep.documents) ids.emplace(d.source, 0);
  std::size_t next = 0;
  for (auto& [name, id] : ids) {
    id = next++;
    out += fmt::format("  s{} [label={}];\n", id, quoted(name));
  }
  for (const auto& sim : rep.standardisation.similarity) {
    if (sim.source_a >= sim.source_b || sim.jaccard < cut) continue;  // each pair once, no self edges
    out += fmt::format("  s{} -- s{} [label=\"{:.2f}\", penwidth={:.1f}, weight={}];\n", ids.at(sim.source_a),
                       ids.at(sim.source_b), sim.jaccard, 1 + 5 * sim.jaccard, sim.shared_families);
  }
  out += "}\n";
  return out;
}

std::string to_variants_dot(const report& rep, std::size_t max_families) {
  std::string out =
      "digraph variants {\n"
      "  graph [rankdir=LR, fontname=\"Helvetica\"];\n"
      "  node [fontname=\"Helvetica\", fontsize=10];\n";
  std::size_t shown = 0;
  for (const auto& c : rep.clusters) {
    if (c.variants.size() < 2) continue;
    if (shown++ == max_families) break;
    out += fmt::format("  subgraph cluster_f{} {{\n    label={};\n", c.id,
                       quoted(fmt::format("#{} {}", c.id, opening_words(c.text(c.members.at(c.representative)), 8))));
    std::map<std::string, std::map<std::uint32_t, std::size_t>> uses;  // source -> variant -> copies
    for (std::size_t v = 0; v < c.variants.size(); ++v) {
      const auto rep_text = c.text(c.members.at(c.variants[v].representative));
      out += fmt::format("    f{}v{} [shape=note, style=filled, fillcolor=\"#fef3c7\", label={}];\n", c.id, v,
                         quoted(fmt::format("variant {} ({} copies, {} letters)\n{}", v, c.variants[v].size,
                                            c.variants[v].documents, opening_words(rep_text, 8))));
    }
    for (const auto& m : c.members) ++uses[rep.documents[m.document].source][m.variant];
    std::size_t s = 0;
    for (const auto& [source, per_variant] : uses) {
      out += fmt::format("    f{}s{} [shape=box, style=filled, fillcolor=\"#dbeafe\", label={}];\n", c.id, s, quoted(source));
      for (const auto& [v, n] : per_variant)
        out += fmt::format("    f{}s{} -> f{}v{} [label=\"{}\"];\n", c.id, s, c.id, v, n);
      ++s;
    }
    out += "  }\n";
  }
  out += "}\n";
  return out;
}

}  // namespace refrain::viz
