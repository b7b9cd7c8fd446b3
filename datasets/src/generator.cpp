#include <refrain/datasets/generator.hpp>
#include <refrain/datasets/template_library.hpp>

#include <refrain/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <random>

namespace refrain::datasets {
namespace {

// Draws through our own arithmetic: std distributions differ between libraries.
class dice {
 public:
  explicit dice(std::uint64_t seed) : rng_(seed) {}
  std::uint64_t below(std::uint64_t n) { return n ? rng_() % n : 0; }
  double unit() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  template <class T>
  const T& pick(std::span<const T> items) { return items[below(items.size())]; }

 private:
  std::mt19937_64 rng_;
};

struct noise_rates {
  double word_sub, sentence_op, merge, page_break, ocr, typographic, wrap, web, house;
};

noise_rates rates(noise_level n) {
  switch (n) {
    case noise_level::none: return {0, 0, 0, 0, 0, 0, 0, 0, 0};
    case noise_level::light: return {0.01, 0.05, 0.03, 0.04, 0.0, 0.2, 0.2, 0.15, 0.2};
    case noise_level::moderate: return {0.03, 0.12, 0.08, 0.08, 0.002, 0.3, 0.3, 0.2, 0.3};
    case noise_level::heavy: return {0.07, 0.25, 0.15, 0.15, 0.01, 0.5, 0.4, 0.25, 0.4};
  }
  return {};
}

constexpr std::array<std::string_view, 16> places{
    "Northmoor", "Wexcombe", "East Halden", "Carrick Vale", "Ambervale", "Brackwater", "Cindermoor", "Dunholt",
    "Elmscar",   "Fennridge", "Greyhallow", "Hartsmere",    "Lowmere",   "Marrowdale", "Oakenshaw", "Pellbrook"};
constexpr std::array<std::string_view, 6> sections{"31(3)", "30(3)", "24(2)", "23(5)", "40(5)", "38(2)"};

struct source_profile {
  std::string name, slug;
  std::vector<std::size_t> templates;            // indices into template_paragraphs(), in role order
  std::vector<std::string> house;                // per template: house text, or empty
  bool keeps_old_wording = false;
};

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto sp = text.find(' ', pos);
    if (sp == std::string_view::npos) sp = text.size();
    if (sp > pos) words.emplace_back(text.substr(pos, sp - pos));
    pos = sp + 1;
  }
  return words;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? std::string(sep) : "") + parts[i];
  return out;
}

std::vector<std::string> split_sentences(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if ((text[i] == '.' || text[i] == '?') && text[i + 1] == ' ') {
      out.push_back(text.substr(start, i + 1 - start));
      start = i + 2;
    }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

std::string bespoke_sentence(dice& d, std::size_t min_words, std::size_t max_words) {
  const auto vocab = bespoke_vocabulary();
  const auto n = min_words + d.below(max_words - min_words + 1);
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    std::string w(vocab[d.below(vocab.size())]);
    if (i == 0) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
    s += (i ? " " : "") + w;
  }
  return s + ".";
}

std::string substitute_words(dice& d, const std::string& text, double rate) {
  if (rate <= 0) return text;
  const auto vocab = bespoke_vocabulary();
  auto words = split_words(text);
  for (auto& w : words) {
    if (!d.chance(rate)) continue;
    // A writer changes the word, not the sentence around it: keep its capital and
    // its trailing punctuation, so sentence boundaries survive the edit.
    std::string replacement(vocab[d.below(vocab.size())]);
    if (!w.empty() && std::isupper(static_cast<unsigned char>(w[0])))
      replacement[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(replacement[0])));
    std::size_t tail = w.size();
    while (tail > 0 && std::ispunct(static_cast<unsigned char>(w[tail - 1])) && w[tail - 1] != '}') --tail;
    w = replacement + w.substr(tail);
  }
  return join(words, " ");
}

std::string sentence_edit(dice& d, const std::string& text) {
  auto s = split_sentences(text);
  switch (d.below(3)) {
    case 0:
      if (s.size() >= 3) s.erase(s.begin() + static_cast<std::ptrdiff_t>(d.below(s.size())));
      break;
    case 1: s.insert(s.begin() + static_cast<std::ptrdiff_t>(d.below(s.size() + 1)), bespoke_sentence(d, 8, 16)); break;
    default:
      if (s.size() >= 2) {
        const auto i = d.below(s.size() - 1);
        std::swap(s[i], s[i + 1]);
      }
  }
  return join(s, " ");
}

std::string ocr_noise(dice& d, std::string text, double rate) {
  if (rate <= 0) return text;
  for (auto& c : text) {
    if (!d.chance(rate)) continue;
    switch (c) {
      case 'l': c = '1'; break;
      case 'o': c = '0'; break;
      case 'e': c = 'c'; break;
      case 'i': c = 'l'; break;
      case 'S': c = '5'; break;
      default: break;
    }
  }
  return text;
}

std::string typographic(std::string text) {
  text = replace_all(std::move(text), "'", "\u2019");
  text = replace_all(std::move(text), " - ", " \u2013 ");
  bool open = true;
  std::string out;
  for (char c : text) {
    if (c == '"') {
      out += open ? "\u201C" : "\u201D";
      open = !open;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Breaks lines at spaces so no line exceeds `width` bytes; same length as before.
void hard_wrap(std::string& text, std::size_t width) {
  std::size_t line_start = 0, last_space = std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      line_start = i + 1;
      last_space = std::string::npos;
      continue;
    }
    if (text[i] == ' ') last_space = i;
    if (i - line_start >= width && last_space != std::string::npos && last_space > line_start) {
      text[last_space] = '\n';
      line_start = last_space + 1;
      last_space = std::string::npos;
    }
  }
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

struct piece {
  std::string text;
  std::string family, variant;  // empty family: bespoke
};

// A block is one paragraph in the letter; it may hold several pieces (a merge).
struct block {
  std::vector<piece> pieces;
  bool page_break = false;
};

std::vector<source_profile> make_sources(dice& d, const generator_params& p, const noise_rates& r) {
  const auto templates = template_paragraphs();
  std::vector<source_profile> sources;
  for (unsigned s = 0; s < p.sources; ++s) {
    source_profile src;
    const std::string place(places[s % places.size()]);
    const std::string suffix = s / places.size() ? fmt::format(" {}", s / places.size() + 1) : "";
    src.name = place + suffix + (d.chance(0.35) ? " Constabulary" : " Police");
    src.slug = src.name;
    for (auto& c : src.slug) c = c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    src.keeps_old_wording = d.chance(0.3);
    for (std::size_t t = 0; t < templates.size(); ++t) {
      if (templates[t].role == template_role::site_chrome) continue;
      if (!d.chance(0.6)) continue;
      src.templates.push_back(t);
    }
    std::stable_sort(src.templates.begin(), src.templates.end(),
                     [&](std::size_t a, std::size_t b) { return templates[a].role < templates[b].role; });
    for (const auto t : src.templates) {
      std::string house;
      if (d.chance(r.house)) {
        house = substitute_words(d, std::string(templates[t].text), 0.06);
        if (d.chance(0.5)) house += " " + bespoke_sentence(d, 8, 14);
      }
      src.house.push_back(house);
    }
    sources.push_back(std::move(src));
  }
  return sources;
}

}  // namespace

std::string to_string(noise_level n) {
  switch (n) {
    case noise_level::none: return "none";
    case noise_level::light: return "light";
    case noise_level::moderate: return "moderate";
    case noise_level::heavy: return "heavy";
  }
  return "moderate";
}

generated_corpus generate(const generator_params& p) {
  if (p.letters == 0 || p.sources == 0)
    throw error(errc::invalid_argument, "the generator needs at least one letter and one source");
  dice d(p.seed);
  const auto r = rates(p.noise);
  const auto templates = template_paragraphs();
  const auto sentences = template_sentences();
  const auto sources = make_sources(d, p, r);
  std::vector<std::size_t> chrome;
  for (std::size_t t = 0; t < templates.size(); ++t)
    if (templates[t].role == template_role::site_chrome) chrome.push_back(t);
  // Each revised template switches to its new wording on its own date.
  std::vector<int> revised_year(templates.size(), 9999);
  for (std::size_t t = 0; t < templates.size(); ++t)
    if (!templates[t].revision.empty()) revised_year[t] = 2020 + static_cast<int>(d.below(4));

  generated_corpus out;
  out.params = p;
  std::vector<int> serial(sources.size(), 0);
  for (unsigned l = 0; l < p.letters; ++l) {
    const auto& src = sources[l % sources.size()];
    const int year = 2018 + static_cast<int>(d.below(7));
    generated_letter letter;
    letter.source = src.name;
    letter.date = fmt::format("{}-{:02}-{:02}", year, 1 + d.below(12), 1 + d.below(28));
    letter.reference = fmt::format("FOI-{}-{:04}", year, ++serial[l % sources.size()] * 7 + static_cast<int>(d.below(7)));
    letter.path = src.slug + "/" + letter.reference + ".txt";
    const std::string section(sections[d.below(sections.size())]);
    const bool web = d.chance(r.web);
    const bool wrap = !web && d.chance(r.wrap);
    const bool typo = d.chance(r.typographic);

    const auto edit = [&](std::string text) {
      text = replace_all(replace_all(std::move(text), "{force}", src.name), "{section}", section);
      if (d.chance(r.sentence_op)) text = sentence_edit(d, text);
      text = substitute_words(d, text, r.word_sub);
      text = ocr_noise(d, text, r.ocr);
      return typo ? typographic(text) : text;
    };

    std::vector<block> blocks;
    if (web)
      for (auto t : chrome) blocks.push_back({{{std::string(templates[t].text), std::string(templates[t].name), "national"}}});
    blocks.push_back({{{src.name + "\nFreedom of Information Unit", "", ""}}});
    blocks.push_back({{{"Date: " + letter.date + "\nOur reference: " + letter.reference, "", ""}}});
    blocks.push_back({{{"Dear Requester,", "", ""}}});
    const auto ack = d.below(sentences.size());
    blocks.push_back({{{edit(std::string(sentences[ack])), fmt::format("sentence-{}", ack), "national"}}});
    const auto topics_list = topics();
    blocks.push_back({{{fmt::format("Your request concerned {}. {}", topics_list[d.below(topics_list.size())],
                                    bespoke_sentence(d, 10, 24)),
                        "", ""}}});
    // The source's templates this letter uses, in role order.
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < src.templates.size(); ++i)
      if (d.chance(0.5)) chosen.push_back(i);
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      const auto i = chosen[k];
      const auto t = src.templates[i];
      std::string base(templates[t].text), variant = "national";
      if (!src.house[i].empty()) {
        base = src.house[i];
        variant = "house:" + src.slug;
      } else if (year >= revised_year[t] && !src.keeps_old_wording) {
        base = std::string(templates[t].revision);
        variant = "revised";
      }
      piece pc{edit(base), std::string(templates[t].name), variant};
      if (!blocks.back().pieces.back().family.empty() && k > 0 && d.chance(r.merge)) {
        blocks.back().pieces.push_back(std::move(pc));  // merged into the previous template's paragraph
      } else {
        blocks.push_back({{std::move(pc)}, !web && d.chance(r.page_break)});
      }
      if (d.chance(0.3)) blocks.push_back({{{bespoke_sentence(d, 12, 30) + " " + bespoke_sentence(d, 8, 20), "", ""}}});
    }
    blocks.push_back({{{"Yours sincerely,\n\nDisclosure Officer\n" + src.name, "", ""}}});

    // Lay the blocks out and record each planted piece's byte span.
    const std::string sep = web ? "\n" : "\n\n";
    for (const auto& b : blocks) {
      if (!letter.text.empty()) letter.text += sep;
      std::string paragraph;
      std::vector<std::pair<std::size_t, std::size_t>> spans;
      for (const auto& pc : b.pieces) {
        if (!paragraph.empty()) paragraph += ' ';
        spans.emplace_back(paragraph.size(), paragraph.size() + pc.text.size());
        paragraph += pc.text;
      }
      if (web) paragraph = replace_all(paragraph, "\n", " ");
      if (wrap) hard_wrap(paragraph, 72);
      if (b.page_break) {
        // Cut before a lower-case word near the middle, as a PDF page break does.
        const auto mid = paragraph.find(' ', paragraph.size() / 2);
        if (mid != std::string::npos && mid + 1 < paragraph.size() && std::islower(static_cast<unsigned char>(paragraph[mid + 1]))) {
          const std::string letterhead = "\n\n" + upper(src.name) + "\nPage 2 of 3\n\n";
          paragraph.replace(mid, 1, letterhead);
          for (auto& [s, e] : spans) {
            if (s > mid) s += letterhead.size() - 1;
            if (e > mid) e += letterhead.size() - 1;
          }
        }
      }
      const auto base = letter.text.size();
      for (std::size_t k = 0; k < b.pieces.size(); ++k)
        if (!b.pieces[k].family.empty())
          out.copies.push_back({b.pieces[k].family, b.pieces[k].variant, out.letters.size(),
                                static_cast<std::uint32_t>(base + spans[k].first),
                                static_cast<std::uint32_t>(base + spans[k].second)});
      letter.text += paragraph;
    }
    letter.text += "\n";
    out.letters.push_back(std::move(letter));
  }
  return out;
}

void write_corpus(const generated_corpus& corpus, const std::string& dir) {
  namespace fs = std::filesystem;
  const auto write = [](const fs::path& path, const std::string& contents) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary);
    out << contents;
    if (!out) throw error(errc::io, fmt::format("cannot write '{}'", path.string()));
  };
  std::string manifest = "path,source,date,reference\n";
  nlohmann::ordered_json truth;
  truth["schema"] = "refrain.truth/1";
  truth["generator"] = {{"seed", corpus.params.seed},
                        {"letters", corpus.params.letters},
                        {"sources", corpus.params.sources},
                        {"noise", to_string(corpus.params.noise)}};
  truth["documents"] = nlohmann::ordered_json::array();
  for (const auto& l : corpus.letters) {
    write(fs::path(dir) / l.path, l.text);
    manifest += fmt::format("{},{},{},{}\n", l.path, l.source, l.date, l.reference);
    truth["documents"].push_back({{"path", l.path}, {"source", l.source}, {"date", l.date},
                                  {"reference", l.reference}, {"noise", to_string(corpus.params.noise)}});
  }
  truth["copies"] = nlohmann::ordered_json::array();
  for (const auto& c : corpus.copies)
    truth["copies"].push_back({{"family", c.family},
                               {"variant", c.variant},
                               {"document", corpus.letters[c.letter].path},
                               {"start", c.start},
                               {"end", c.end}});
  write(fs::path(dir) / "manifest.csv", manifest);
  write(fs::path(dir) / "truth.json", truth.dump(1) + "\n");
}

}  // namespace refrain::datasets
