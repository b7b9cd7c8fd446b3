// Fuzz target: ingestion, the way a user's file takes. The input is written to a
// file (a .txt, or an .html page when the first byte is odd) and read through
// load_corpus; the document that comes out is segmented and normalised, and its
// offsets are checked against the bytes on disk. Whether the file is accepted
// is checked against an independent UTF-8 validator.
#include "fuzz_check.hpp"

#include <refrain/corpus.hpp>
#include <refrain/error.hpp>
#include <refrain/segment.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace refrain;

fs::path scratch_folder() {
  std::string templ = (fs::temp_directory_path() / "refrain-fuzz-ingest-XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) std::abort();
  return templ;
}

// The files ingestion must accept: not blank, not a PDF, no NUL, strict UTF-8.
bool usable(const std::string& bytes) {
  if (bytes.find_first_not_of(" \t\r\n\f\v") == std::string::npos) return false;
  if (bytes.starts_with("%PDF")) return false;
  if (bytes.find('\0') != std::string::npos) return false;
  return fuzz::valid_utf8(bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path folder = scratch_folder();
  if (size == 0) return 0;
  const bool html = (data[0] & 1) != 0;
  const auto mode = static_cast<unit_mode>((data[0] >> 1) % 3);
  const std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto path = folder / (html ? "letter.html" : "letter.txt");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;

  const bool ok = usable(bytes);
  FUZZ_CHECK(text_problem(bytes).empty() == ok);
  corpus c;
  try {
    c = load_corpus({{path.string()}, {}});
  } catch (const error& e) {
    // Refused: only for a reason text_problem gives, or a page with no visible text.
    FUZZ_CHECK(e.code() == errc::bad_input);
    FUZZ_CHECK(!ok || html);
    return 0;
  }
  FUZZ_CHECK(ok);
  FUZZ_CHECK(c.documents.size() == 1);
  const auto& doc = c.documents.front();
  FUZZ_CHECK(doc.bytes == bytes);
  FUZZ_CHECK(fuzz::valid_utf8(doc.text()));
  if (html) {
    FUZZ_CHECK(doc.text_begin.size() == doc.text().size() && doc.text_end.size() == doc.text().size());
  } else {
    FUZZ_CHECK(doc.text() == doc.bytes);
  }
  fuzz::check_units(doc, segment(doc, {mode}), mode);
  return 0;
}
