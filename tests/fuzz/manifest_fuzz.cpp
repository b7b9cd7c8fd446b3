// Fuzz target: the CSV and JSONL manifest parsers. A malformed manifest may only
// be refused with refrain::error(errc::bad_manifest) naming the file; anything
// else escaping (another exception, a crash) is a bug.
#include "fuzz_check.hpp"

#include <refrain/error.hpp>
#include <refrain/manifest.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

void check(const refrain::manifest& m, std::string_view text) {
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const auto& row : m.rows) {
    FUZZ_CHECK(row.path.find_first_not_of(" \t\r\n") != std::string::npos);
    FUZZ_CHECK(row.line >= 1 && row.line <= lines);
    if (row.date) FUZZ_CHECK(refrain::is_iso_date(*row.date));
  }
  for (const auto& w : m.warnings) FUZZ_CHECK(w.starts_with("m:"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the parser, so one corpus serves both.
  const bool jsonl = (data[0] & 1) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const auto m = jsonl ? refrain::parse_manifest_jsonl(text, "m") : refrain::parse_manifest_csv(text, "m");
    check(m, text);
  } catch (const refrain::error& e) {
    FUZZ_CHECK(e.code() == refrain::errc::bad_manifest);
    FUZZ_CHECK(std::string_view(e.what()).starts_with("m:"));
  }
  return 0;
}
