// Internal to refrain_viz: one CSV field, quoted per RFC 4180 when it must be.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace refrain::viz::detail {

// Appends `s` to `out` as one field: members.csv holds every member's text,
// so the field is written in place, and a quote is the only byte that needs more.
inline void append_csv_field(std::string& out, std::string_view s) {
  const auto special = [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; };
  if (std::none_of(s.begin(), s.end(), special)) {
    out.append(s);
    return;
  }
  out.push_back('"');
  for (std::size_t i = 0;;) {
    const auto quote = s.find('"', i);
    if (quote == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, quote + 1 - i));
    out.push_back('"');
    i = quote + 1;
  }
  out.push_back('"');
}

inline std::string csv_field(std::string_view s) {
  std::string out;
  append_csv_field(out, s);
  return out;
}

}  // namespace refrain::viz::detail
