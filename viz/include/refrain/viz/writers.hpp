// refrain/viz/writers.hpp — the report rendered for programs and for people.
//
// Each writer consumes a report (see refrain/scan.hpp) and returns the whole
// file as a string, or (write_*) writes it to a stream as it goes, for the
// outputs that grow with the corpus; none touches the file system. The same report gives the same
// bytes. Formats:
//   clusters.json  schema "refrain.clusters/4" (docs/clusters-json.md); no timings,
//                  so it is byte-identical at any thread count
//   members.csv    one row per family member, RFC 4180 (docs/clusters-json.md)
//   report.txt     a reading of the corpus, the parameters, the stage timings and
//                  the families by spread
//   clusters.dot   Graphviz: sources and families as nodes, an edge where a
//                  source uses a family, weighted by its letters
//   sources.dot    Graphviz: sources joined where they use the same families
//   variants.dot   Graphviz: per family, its variants and the sources using each
#pragma once

#include <ostream>
#include <string>

#include <refrain/scan.hpp>

namespace refrain::viz {

inline constexpr const char* clusters_schema = "refrain.clusters/4";

std::string to_json(const report& rep);
// The same bytes as to_json, written as they are made (a large corpus's clusters.json
// never sits in memory whole).
void write_json(std::ostream& out, const report& rep);
std::string to_members_csv(const report& rep);
void write_members_csv(std::ostream& out, const report& rep);
// report.txt: the largest `max_families` families, each with its first
// `max_members` copies (a reading, not a listing: members.csv has every copy).
std::string to_text(const report& rep, std::size_t max_families = 25, std::size_t max_members = 30);
std::string to_dot(const report& rep, std::size_t max_families = 60);
// sources.dot: sources as nodes, an edge where the Jaccard of the families two
// sources use reaches `cut` (pen width grows with it).
std::string to_sources_dot(const report& rep, double cut = 0.2);
// variants.dot: one cluster per family with two or more variants, each variant a
// node (copies, letters), an edge from each source to the variant it uses.
std::string to_variants_dot(const report& rep, std::size_t max_families = 40);

}  // namespace refrain::viz
