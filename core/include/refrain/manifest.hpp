// refrain/manifest.hpp — per-letter metadata from a CSV or JSONL file.
//
// Consumes a manifest file; produces one row per letter: the path it describes
// plus source (the authority), date, reference and any other columns, which are
// carried through to the outputs as metadata. The path is matched against the
// scanned files by trailing path components, so a manifest can name files
// relative to its own folder or by bare file name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace refrain {

struct manifest_row {
  std::string path;
  std::optional<std::string> source;
  std::optional<std::string> date;  // validated YYYY-MM-DD
  std::optional<std::string> reference;
  std::vector<std::pair<std::string, std::string>> extra;  // other columns, in file order
  std::size_t line = 0;                                    // 1-based line in the manifest
};

struct manifest {
  std::vector<manifest_row> rows;
  std::vector<std::string> warnings;  // e.g. a bad date that was dropped
};

// CSV (RFC 4180: header row, quoted fields, CRLF or LF) with a `path` column;
// `source`, `date`, `reference` are recognised, other columns kept as extra.
// Throws error(errc::bad_manifest) naming the line when the file cannot be parsed
// or has no `path` column. `name` is used in messages only.
manifest parse_manifest_csv(std::string_view text, std::string_view name);

// JSON Lines: one object per line with a string "path"; other keys as above.
// Throws error(errc::bad_manifest) naming the line on invalid JSON.
manifest parse_manifest_jsonl(std::string_view text, std::string_view name);

// Reads `path` and parses it by extension (.jsonl/.ndjson, else CSV).
// Throws error(errc::io) when unreadable, errc::bad_manifest as above.
manifest load_manifest(const std::string& path);

// True when `date` is a real calendar date written YYYY-MM-DD.
bool is_iso_date(std::string_view date) noexcept;

}  // namespace refrain
