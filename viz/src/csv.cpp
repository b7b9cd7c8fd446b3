#include <refrain/viz/writers.hpp>

#include "csv_field.hpp"
#include "in_order.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <tbb/parallel_for.h>

#include <cmath>
#include <iterator>
#include <memory>
#include <sstream>
#include <vector>

namespace refrain::viz {
namespace {

std::string field(std::string_view s) { return detail::csv_field(s); }

}  // namespace

// Rows are rendered in blocks on every core and written in order, as
// clusters.json's members are (json.cpp): members.csv is a row per member,
// with its text, millions of rows at 1 GB of letters.
void write_members_csv(std::ostream& out, const report& rep) {
  out << "cluster,kind,cluster_size,variant,member_kind,document,path,source,date,reference,unit,start,end,similarity,text\n";
  // A letter's columns, quoted once: its members are millions of rows at 1 GB of letters.
  std::vector<std::string> letter_columns(rep.documents.size());
  tbb::parallel_for(std::size_t{0}, rep.documents.size(), [&](std::size_t i) {
    const auto& d = rep.documents[i];
    fmt::format_to(std::back_inserter(letter_columns[i]), FMT_COMPILE("{},{},{},{},{}"), i, field(d.path),
                   field(d.source), d.date.value_or(""), field(d.reference.value_or("")));
  });
  struct rows {
    const cluster_report* family = nullptr;
    std::size_t first = 0, last = 0;  // its members
    std::string rendered;
  };
  std::size_t family = 0, next = 0;
  detail::render_in_order<rows>(
      [&]() -> std::shared_ptr<rows> {
        while (family < rep.clusters.size() && next == rep.clusters[family].members.size()) ++family, next = 0;
        if (family == rep.clusters.size()) return nullptr;
        const auto& c = rep.clusters[family];
        auto b = std::make_shared<rows>(rows{&c, next, detail::member_block_end(c, next, 4096), {}});
        next = b->last;
        return b;
      },
      [&](rows& b) {
        const auto& c = *b.family;
        for (auto i = b.first; i < b.last; ++i) {
          const auto& m = c.members[i];
          fmt::format_to(std::back_inserter(b.rendered), FMT_COMPILE("{},{},{},{},{},{},{},{},{},{:.4f},"), c.id,
                         to_string(c.kind), c.members.size(), m.variant, to_string(m.kind),
                         letter_columns.at(m.document), m.unit, m.start, m.end,
                         std::round(m.similarity * 10000.0) / 10000.0);
          detail::append_csv_field(b.rendered, c.text(m));
          b.rendered.push_back('\n');
        }
      },
      [&](const rows& b) { out.write(b.rendered.data(), static_cast<std::streamsize>(b.rendered.size())); });
}

std::string to_members_csv(const report& rep) {
  std::ostringstream out;
  write_members_csv(out, rep);
  return std::move(out).str();
}

}  // namespace refrain::viz
