#include <refrain/viz/writers.hpp>

#include "csv_field.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <sstream>
#include <vector>

namespace refrain::viz {
namespace {

std::string field(std::string_view s) { return detail::csv_field(s); }

}  // namespace

void write_members_csv(std::ostream& out, const report& rep) {
  out << "cluster,kind,cluster_size,variant,member_kind,document,path,source,date,reference,unit,start,end,similarity,text\n";
  // A letter's columns, quoted once: its members are millions of rows at 1 GB of letters.
  std::vector<std::string> letter_columns(rep.documents.size());
  for (std::size_t i = 0; i < rep.documents.size(); ++i) {
    const auto& d = rep.documents[i];
    fmt::format_to(std::back_inserter(letter_columns[i]), FMT_COMPILE("{},{},{},{},{}"), i, field(d.path),
                   field(d.source), d.date.value_or(""), field(d.reference.value_or("")));
  }
  std::string buffer;
  for (const auto& c : rep.clusters)
    for (const auto& m : c.members) {
      fmt::format_to(std::back_inserter(buffer), FMT_COMPILE("{},{},{},{},{},{},{},{},{},{:.4f},"), c.id,
                     to_string(c.kind), c.members.size(), m.variant, to_string(m.kind), letter_columns.at(m.document),
                     m.unit, m.start, m.end, std::round(m.similarity * 10000.0) / 10000.0);
      detail::append_csv_field(buffer, c.text(m));
      buffer.push_back('\n');
      if (buffer.size() >= (1u << 20)) {
        out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        buffer.clear();
      }
    }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

std::string to_members_csv(const report& rep) {
  std::ostringstream out;
  write_members_csv(out, rep);
  return std::move(out).str();
}

}  // namespace refrain::viz
