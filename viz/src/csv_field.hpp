// Internal to refrain_viz: one CSV field, quoted per RFC 4180 when it must be.
#pragma once

#include <string>
#include <string_view>

namespace refrain::viz::detail {

inline std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace refrain::viz::detail
