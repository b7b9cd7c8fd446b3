// refrain/datasets/synthetic.hpp — a seeded corpus of letter-shaped documents:
// template paragraphs copied with random word edits into letters, mixed with
// bespoke paragraphs, over a random vocabulary. For property tests and
// benchmarks. Same parameters and seed give the same bytes on any machine
// (std::mt19937_64 with our own draws; no std distributions).
#pragma once

#include <refrain/corpus.hpp>

#include <random>
#include <string>
#include <vector>

namespace refrain::datasets {

inline std::uint64_t draw(std::mt19937_64& rng, std::uint64_t n) { return rng() % n; }

inline std::string random_words(std::mt19937_64& rng, const std::vector<std::string>& vocab, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) s += ' ';
    s += vocab[draw(rng, vocab.size())];
    if (draw(rng, 12) == 0 && i + 1 < n) s += '.';
  }
  return s + ".";
}

inline corpus generated_corpus(std::uint64_t seed, std::size_t letters, std::size_t templates, double edit_rate) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> vocab;
  for (int i = 0; i < 3000; ++i) {
    std::string w;
    const auto len = 3 + draw(rng, 7);
    for (std::uint64_t k = 0; k < len; ++k) w += static_cast<char>('a' + draw(rng, 26));
    vocab.push_back(w);
  }
  std::vector<std::vector<std::string>> tpl;
  for (std::size_t t = 0; t < templates; ++t) {
    std::vector<std::string> words;
    const auto len = 15 + draw(rng, 60);
    for (std::uint64_t i = 0; i < len; ++i) words.push_back(vocab[draw(rng, vocab.size())]);
    tpl.push_back(words);
  }
  corpus c;
  for (std::size_t l = 0; l < letters; ++l) {
    document d;
    std::string bytes;
    d.path = "gen/source" + std::to_string(l % 5) + "/letter" + std::to_string(l) + ".txt";
    d.source = "source" + std::to_string(l % 5);
    const auto paragraphs = 3 + draw(rng, 6);
    for (std::uint64_t p = 0; p < paragraphs; ++p) {
      if (draw(rng, 2) == 0) {
        const auto& words = tpl[draw(rng, templates)];
        std::string para;
        for (std::size_t i = 0; i < words.size(); ++i) {
          if (i) para += ' ';
          const bool edit = static_cast<double>(draw(rng, 10000)) / 10000.0 < edit_rate;
          para += edit ? vocab[draw(rng, vocab.size())] : words[i];
        }
        bytes += para + ".\n\n";
      } else {
        bytes += random_words(rng, vocab, 10 + draw(rng, 50)) + "\n\n";
      }
    }
    c.add(std::move(d), std::move(bytes));
  }
  return c;
}

}  // namespace refrain::datasets
