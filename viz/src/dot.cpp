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
                                   c.documents, opening_words(c.members[c.representative].text, 8));
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

}  // namespace refrain::viz
