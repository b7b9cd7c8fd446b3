// refrain/corpus.hpp — ingest: files and folders in, documents out.
//
// Consumes the paths a user typed (files or folders, read recursively for .txt,
// .md, .html and .htm) and an optional manifest; produces documents with dense
// ids in a deterministic order (inputs in the order given, each folder sorted
// by path), their original bytes, the text
// the later stages read, and their metadata. A document's source is the
// manifest's, else the name of the folder that holds the file.
//
// One bad file among many is skipped with a warning (binary, not UTF-8, empty,
// unreadable); a path that does not exist, or nothing usable at all, throws.
//
// The corpus owns its documents' bytes. A scan reads them in full twice (to
// shingle, and to write what it found) and between those only keeps what it
// derived from them, so a large corpus can be spilled to an unnamed temporary
// file that is mapped back in: the kernel then holds the letters in its page
// cache, where they cost the scan no memory of its own while it does not read them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace refrain {

struct document {
  std::uint32_t id = 0;
  std::string path;  // as given on the command line, joined with the path inside a folder
  std::string source;
  std::optional<std::string> date;  // YYYY-MM-DD
  std::optional<std::string> reference;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::string_view bytes;  // the file exactly as read, owned by the corpus; every offset refers to these bytes
  std::string html_text;  // for HTML only: the page's visible text (see html.hpp)
  // For HTML only: text() byte i came from bytes [text_begin[i], text_end[i]).
  std::vector<std::uint32_t> text_begin;
  std::vector<std::uint32_t> text_end;

  // What segmentation reads: the bytes themselves, or an HTML page's visible text.
  std::string_view text() const noexcept { return text_begin.empty() ? std::string_view(bytes) : std::string_view(html_text); }

  // Maps a [start, end) span of `text` to the span of `bytes` it came from.
  std::pair<std::uint32_t, std::uint32_t> original_span(std::uint32_t start,
                                                        std::uint32_t end) const noexcept;
};

struct ingest_options {
  std::vector<std::string> inputs;      // files and/or folders
  std::optional<std::string> manifest;  // CSV or JSONL, see manifest.hpp
  // Spill the letters to a temporary file in this folder as they are read
  // (corpus::spill_as_added), so they are never all in memory at once; they
  // stay in memory when no file can be made there.
  std::optional<std::string> spill_folder{};
};

struct corpus {
  std::vector<document> documents;    // documents[i].id == i
  std::vector<std::string> warnings;  // one line per skipped file or ignored manifest row

  corpus() = default;
  // A copy shares the documents' bytes. Throws error(errc::invalid_argument) for
  // a corpus being spilled as it is built (spill_as_added without spill()).
  corpus(const corpus& other);
  corpus& operator=(const corpus& other);
  corpus(corpus&&) noexcept = default;
  corpus& operator=(corpus&&) noexcept = default;

  // Appends `doc` with `bytes` as its content, kept by the corpus, and gives it the next id.
  document& add(document doc, std::string bytes);

  // Moves every document's bytes into an unnamed temporary file in `folder`
  // (which should be on disk, not in memory) and maps it back read-only; the
  // file vanishes with the process, however it ends. False, with the bytes left
  // in memory, when the folder cannot take the file (no O_TMPFILE support, no
  // space, no permission).
  bool spill(const std::string& folder);
  bool spilled() const noexcept;
  // Spilling while the corpus is built, so its letters are never all in memory:
  // on an empty corpus, opens the temporary file in `folder`, and from then on
  // add() writes each document's bytes there instead of keeping them (their
  // views are empty until spill() maps the file back, which must follow the last
  // add(); until then documents change only through add()). False, and nothing
  // changes, when the file cannot be made; should the disk refuse a write later,
  // the letters come back into memory.
  bool spill_as_added(const std::string& folder);

  // Hands the pages of a spilled corpus that have been read back to the kernel
  // (they are read again from its cache when next touched). The bytes do not
  // change. No effect on a corpus in memory.
  void release_pages() const noexcept;
  // The same for the pages of documents [first, last) only (and the pages they
  // share with their neighbours). Several threads may call it at once.
  void release_pages(std::size_t first, std::size_t last) const noexcept;

 private:
  struct storage;
  void stop_spilling_as_added();
  void check_pending() const;
  std::shared_ptr<storage> storage_;  // shared by copies, whose documents point into it
  std::vector<std::size_t> pending_sizes_;  // while spilling as added: each document's size
};

// Throws error(errc::io) for a path that does not exist or a folder that cannot
// be listed, error(errc::bad_input) when no usable document remains, and the
// manifest's errors. Files larger than 2 GiB are skipped with a warning.
corpus load_corpus(const ingest_options& options);

// Why `bytes` cannot be used as a text document, or an empty string when it can:
// empty or whitespace-only, NUL bytes (binary), or invalid UTF-8 (with the offset).
std::string text_problem(const std::string& bytes);

}  // namespace refrain
