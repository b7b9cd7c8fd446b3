#include <refrain/viz/writers.hpp>

#include "csv_field.hpp"

#include <fmt/format.h>

#include <cmath>

namespace refrain::viz {
namespace {

std::string field(std::string_view s) { return detail::csv_field(s); }

}  // namespace

std::string to_members_csv(const report& rep) {
  std::string out = "cluster,kind,cluster_size,variant,member_kind,document,path,source,date,reference,unit,start,end,similarity,text\n";
  for (const auto& c : rep.clusters)
    for (const auto& m : c.members) {
      const auto& d = rep.documents[m.document];
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{:.4f},{}\n", c.id, to_string(c.kind), c.members.size(), m.variant, to_string(m.kind),
                         m.document, field(d.path), field(d.source), d.date.value_or(""), field(d.reference.value_or("")),
                         m.unit, m.start, m.end, std::round(m.similarity * 10000.0) / 10000.0, field(m.text));
    }
  return out;
}

}  // namespace refrain::viz
