#include <refrain/manifest.hpp>

#include <refrain/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace refrain {
namespace {

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

struct csv_record {
  std::vector<std::string> fields;
  std::size_t line = 0;
};

// RFC 4180 records; a quoted field may span lines.
std::vector<csv_record> parse_csv(std::string_view text, std::string_view name) {
  std::vector<csv_record> records;
  csv_record current;
  std::string field;
  std::size_t line = 1;
  current.line = 1;
  bool in_quotes = false;
  bool field_was_quoted = false;
  auto end_field = [&] {
    current.fields.push_back(field_was_quoted ? field : trim(field));
    field.clear();
    field_was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    const bool blank = current.fields.size() == 1 && current.fields[0].empty();
    if (!blank) records.push_back(std::move(current));
    current = {};
    current.line = line;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      if (!trim(field).empty())
        throw error(errc::bad_manifest,
                    fmt::format("{}:{}: a quote inside an unquoted field; quote the whole field and double inner quotes",
                                name, line));
      field.clear();
      in_quotes = true;
      field_was_quoted = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n') {
      ++line;
      end_record();
    } else if (c != '\r' || (i + 1 < text.size() && text[i + 1] != '\n')) {
      if (field_was_quoted && c != ' ' && c != '\t')
        throw error(errc::bad_manifest, fmt::format("{}:{}: text after a closing quote", name, line));
      field.push_back(c);
    }
  }
  if (in_quotes) throw error(errc::bad_manifest, fmt::format("{}:{}: a quoted field is never closed", name, current.line));
  if (!field.empty() || !current.fields.empty()) end_record();
  return records;
}

// Applies one column to a row; returns a warning or an empty string.
std::string set_column(manifest_row& row, const std::string& key, std::string value, std::string_view name) {
  if (key == "path") {
    row.path = std::move(value);
  } else if (key == "source") {
    if (!value.empty()) row.source = std::move(value);
  } else if (key == "date") {
    if (value.empty()) return {};
    if (!is_iso_date(value))
      return fmt::format("{}:{}: date '{}' is not YYYY-MM-DD; the letter is kept without a date", name, row.line, value);
    row.date = std::move(value);
  } else if (key == "reference") {
    if (!value.empty()) row.reference = std::move(value);
  } else {
    row.extra.emplace_back(key, std::move(value));
  }
  return {};
}

void finish_row(manifest& m, manifest_row row, std::string_view name) {
  if (trim(row.path).empty()) {
    m.warnings.push_back(fmt::format("{}:{}: row has no path; ignored", name, row.line));
    return;
  }
  m.rows.push_back(std::move(row));
}

}  // namespace

bool is_iso_date(std::string_view d) noexcept {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  const int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
  const int m = (d[5] - '0') * 10 + (d[6] - '0');
  const int day = (d[8] - '0') * 10 + (d[9] - '0');
  if (m < 1 || m > 12 || day < 1) return false;
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return day <= days[m - 1] + ((m == 2 && leap) ? 1 : 0);
}

manifest parse_manifest_csv(std::string_view text, std::string_view name) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const auto records = parse_csv(text, name);
  if (records.empty()) throw error(errc::bad_manifest, fmt::format("{}: the manifest is empty; it needs a header row with a 'path' column", name));
  std::vector<std::string> header;
  for (const auto& f : records[0].fields) header.push_back(lower(trim(f)));
  if (std::find(header.begin(), header.end(), "path") == header.end())
    throw error(errc::bad_manifest,
                fmt::format("{}:1: no 'path' column in the header (found: {}); add one naming each letter's file", name,
                            fmt::join(header, ", ")));
  manifest m;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    if (rec.fields.size() != header.size())
      throw error(errc::bad_manifest, fmt::format("{}:{}: {} fields where the header has {}; quote fields that contain commas",
                                                  name, rec.line, rec.fields.size(), header.size()));
    manifest_row row;
    row.line = rec.line;
    for (std::size_t c = 0; c < header.size(); ++c) {
      auto warning = set_column(row, header[c], rec.fields[c], name);
      if (!warning.empty()) m.warnings.push_back(std::move(warning));
    }
    finish_row(m, std::move(row), name);
  }
  return m;
}

manifest parse_manifest_jsonl(std::string_view text, std::string_view name) {
  manifest m;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string line = trim(text.substr(pos, nl - pos));
    ++line_no;
    pos = nl + 1;
    if (line.empty()) continue;
    nlohmann::json obj;
    try {
      obj = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      // Not only parse_error: a number too large for a double ("1e400") is an
      // out_of_range, and must be reported with the line like any other.
      throw error(errc::bad_manifest, fmt::format("{}:{}: not valid JSON ({})", name, line_no, e.what()));
    }
    if (!obj.is_object() || !obj.contains("path") || !obj["path"].is_string())
      throw error(errc::bad_manifest, fmt::format("{}:{}: each line must be a JSON object with a string \"path\"", name, line_no));
    manifest_row row;
    row.line = line_no;
    for (const auto& [key, value] : obj.items()) {
      std::string v = value.is_string() ? value.get<std::string>() : value.is_null() ? std::string() : value.dump();
      auto warning = set_column(row, lower(key), std::move(v), name);
      if (!warning.empty()) m.warnings.push_back(std::move(warning));
    }
    finish_row(m, std::move(row), name);
  }
  return m;
}

manifest load_manifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error(errc::io, fmt::format("cannot read manifest '{}'; check the path and its permissions", path));
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  const std::string ext = lower(path.substr(std::min(path.size(), path.rfind('.') == std::string::npos ? path.size() : path.rfind('.'))));
  if (ext == ".jsonl" || ext == ".ndjson") return parse_manifest_jsonl(text, path);
  return parse_manifest_csv(text, path);
}

}  // namespace refrain
