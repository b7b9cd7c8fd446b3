// refrain/viz/html.hpp — the report as one web page a journalist can open offline and send on.
//
// Consumes a report (refrain/scan.hpp) and the documents' original bytes;
// produces report.html: a single self-contained file (inline CSS and script, no
// network, no external fonts; a Content-Security-Policy forbids any fetch) that
// shows the template families sorted by spread with a source filter and a
// free-text search; each family's canonical wording with its slots and every
// copy's redline with source, date and reference; each letter with its
// template text shaded as national, house or bespoke; the source x source
// similarity heat map; and a timeline of first appearances. What the page shows
// and how to use it: docs/html-report.md.
//
// The data is embedded once as JSON in a <script type="application/json"> tag,
// with every '<' written as \u003c so no text can close the tag. Letters are
// embedded already cut into labelled pieces, so the byte offsets of the report
// never reach the page's script (which counts in UTF-16).
#pragma once

#include <cstddef>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

#include <refrain/scan.hpp>

namespace refrain::viz {

struct html_options {
  std::size_t max_families = 500;  // families shown, by spread (the report's order); the rest are counted
  std::size_t max_letters = 300;   // letters (the first by id) whose text is embedded for the letter view
  // Copies per family shown with their redline: every variant's representative,
  // then the others in document order. Families of thousands of copies would
  // otherwise make a page too large to open.
  std::size_t max_copies = 100;
};

// The whole page. `document_texts[i]` is rep.documents[i]'s original bytes (the
// bytes every offset of the report refers to). The same report, texts and
// options give the same bytes (no timings, no clock).
// Throws error(errc::invalid_argument) when `document_texts` and rep.documents
// differ in size, or a boilerplate span of an embedded letter reaches past its
// text. Invalid UTF-8 is shown as U+FFFD. Cost: linear in the embedded text.
// Thread-safe.
std::string to_html(const report& rep, std::span<const std::string_view> document_texts,
                    const html_options& options = {});
// The same page, written to `out` as it is made: one letter's or family's data
// at a time is in memory, not the page. Throws as to_html (a bad span may be
// found after part of the page is written: write it where a failure is undone).
void write_html(std::ostream& out, const report& rep, std::span<const std::string_view> document_texts,
                const html_options& options = {});

}  // namespace refrain::viz
