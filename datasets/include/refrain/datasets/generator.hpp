// refrain/datasets/generator.hpp — a seeded FOI-like corpus with ground truth.
//
// Produces letters (one per file, one folder per source), a manifest and the
// truth: for every planted template copy its family, variant, letter and byte
// span. Sources keep house versions of templates; templates are revised over
// time; each copy is edited at the chosen noise level (the authority's name and
// section numbers substituted, words substituted, sentences inserted, dropped
// or reordered, two templates merged into one paragraph, a paragraph split by a
// page break under a repeated letterhead, hard-wrapped lines, OCR-like character
// noise, typographic quotes, web copies with one paragraph per line under site
// chrome). Same parameters and seed give the same bytes on any machine: all
// draws come from std::mt19937_64 through this project's own arithmetic.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace refrain::datasets {

enum class noise_level : std::uint8_t { none, light, moderate, heavy };

std::string to_string(noise_level n);

struct generator_params {
  std::uint64_t seed = 1;
  unsigned letters = 200;
  unsigned sources = 12;
  noise_level noise = noise_level::moderate;
};

struct generated_letter {
  std::string path;  // relative: "<source-slug>/<reference>.txt"
  std::string source;
  std::string date;  // YYYY-MM-DD
  std::string reference;
  std::string text;
};

struct planted_span {
  std::string family;
  std::string variant;  // "national", "revised", or "house:<source-slug>"
  std::size_t letter = 0;
  std::uint32_t start = 0;
  std::uint32_t end = 0;
};

struct generated_corpus {
  generator_params params;
  std::vector<generated_letter> letters;
  std::vector<planted_span> copies;
};

// Throws refrain::error(errc::invalid_argument) for 0 letters or 0 sources.
generated_corpus generate(const generator_params& params);

// Writes DIR/<letters>, DIR/manifest.csv and DIR/truth.json ("refrain.truth/1").
// Throws refrain::error(errc::io) when a file cannot be written.
void write_corpus(const generated_corpus& corpus, const std::string& dir);

}  // namespace refrain::datasets
