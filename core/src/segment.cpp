#include <refrain/segment.hpp>

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <string>

namespace refrain {
namespace {

// Hard-wrapped text keeps its lines at or below about this many bytes; a block
// with a longer line is taken to hold one paragraph per line (a web copy).
constexpr std::uint32_t max_wrapped_line = 110;
// A wrapped line that reaches this share of its block's longest line was broken
// by the wrap, not by the author.
constexpr double wrap_fill = 0.55;
// A block this short with no closing punctuation between two halves of a
// sentence is page furniture (letterhead, "Page 2 of 3") and is stepped over.
constexpr std::size_t max_furniture_words = 10;
constexpr int max_furniture_blocks = 2;

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Decodes the code point at i; returns its length (1 for a stray byte).
std::size_t decode(std::string_view t, std::size_t i, std::int32_t& cp) {
  utf8proc_int32_t c = 0;
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(t.data() + i),
                                  static_cast<utf8proc_ssize_t>(t.size() - i), &c);
  if (n <= 0) {
    cp = static_cast<unsigned char>(t[i]);
    return 1;
  }
  cp = c;
  return static_cast<std::size_t>(n);
}

// Code point ending at `end` (exclusive); returns its start. A byte that is
// not the end of a whole sequence is a stray byte on its own, as decode() sees
// it: stepping back over stray continuation bytes to some earlier lead byte
// would leave the span decode() walked forwards, and trimming a line that way
// could cross its start and leave it inverted.
std::size_t decode_back(std::string_view t, std::size_t end, std::int32_t& cp) {
  std::size_t start = end - 1;
  while (start > 0 && end - start < 4 && (static_cast<unsigned char>(t[start]) & 0xC0) == 0x80) --start;
  if (start + decode(t, start, cp) == end) return start;
  cp = static_cast<unsigned char>(t[end - 1]);
  return end - 1;
}

bool is_unicode_space(std::int32_t cp) { return cp == 0xA0 || cp == 0xFEFF || cp == 0x2007 || cp == 0x202F; }

// Marks that wrap or open text without being part of its words: emphasis,
// quotes, brackets.
bool is_wrapper(std::int32_t cp) {
  switch (cp) {
    case '*': case '_': case '"': case '\'': case '(': case ')': case '[': case ']':
    case 0x2018: case 0x2019: case 0x201C: case 0x201D: case 0xAB: case 0xBB:
      return true;
    default:
      return false;
  }
}

bool is_lower(std::int32_t cp) { return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL; }
bool is_upper_or_digit(std::int32_t cp) {
  const auto cat = utf8proc_category(cp);
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_ND;
}
bool is_terminal(std::int32_t cp) { return cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == ';'; }

struct span {
  std::uint32_t start;
  std::uint32_t end;
};

// First code point of the span that is not a wrapper mark; -1 when none.
std::int32_t first_letter(std::string_view t, span s) {
  for (std::size_t i = s.start; i < s.end;) {
    std::int32_t cp = 0;
    const auto n = decode(t, i, cp);
    if (!is_wrapper(cp) && !is_space_byte(static_cast<char>(cp < 128 ? cp : 'x'))) return cp;
    i += n;
  }
  return -1;
}

// Last code point of the span that is not a wrapper mark; -1 when none.
std::int32_t last_mark(std::string_view t, span s) {
  std::size_t end = s.end;
  while (end > s.start) {
    std::int32_t cp = 0;
    const auto start = decode_back(t, end, cp);
    if (!is_wrapper(cp)) return cp;
    end = start;
  }
  return -1;
}

// Words in the span, counted up to `enough` (the callers only ask whether a
// paragraph is short, and most are not).
std::size_t count_words(std::string_view t, span s, std::size_t enough) {
  std::size_t words = 0;
  bool in_word = false;
  for (std::size_t i = s.start; i < s.end && words < enough; ++i) {
    const bool space = is_space_byte(t[i]) || t[i] == '\n';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Length of a bullet or number marker that opens the line ("- ", "• ", "o ",
// "1. ", "2) ", "1a. ", "(b) "), including the space after it; 0 when none.
std::size_t list_marker(std::string_view t, span s) {
  const std::string_view line = t.substr(s.start, s.end - s.start);
  static constexpr std::array<std::string_view, 7> bullets{"- ", "* ", "o ", "\u2022 ", "\u00B7 ", "\u2013 ", "\u25AA "};
  for (auto b : bullets)
    if (line.starts_with(b)) return b.size();
  std::size_t i = 0;
  const bool paren = !line.empty() && line[0] == '(';
  if (paren) ++i;
  std::size_t digits = 0;
  while (i < line.size() && digits < 3 && std::isdigit(static_cast<unsigned char>(line[i]))) ++i, ++digits;
  std::size_t letters = 0;
  if (i < line.size() && std::islower(static_cast<unsigned char>(line[i]))) ++i, ++letters;
  if (digits + letters == 0 || i >= line.size()) return 0;
  const char closer = line[i];
  // "1.", "2)", "3:", "1a." and "(b)", "b)"; a lone letter with a full stop is
  // more often an initial ("J. Smith") than a label.
  const bool ok = paren ? closer == ')'
                  : digits > 0 ? (closer == '.' || closer == ')' || closer == ':')
                               : closer == ')';
  if (!ok || i + 1 >= line.size() || line[i + 1] != ' ') return 0;
  return i + 2;
}

struct line_info {
  span content;     // trimmed
  bool blank;
};

std::vector<line_info> split_lines(std::string_view t) {
  std::vector<line_info> lines;
  std::size_t pos = t.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (pos <= t.size()) {
    auto nl = t.find('\n', pos);
    if (nl == std::string_view::npos) nl = t.size();
    std::size_t a = pos, b = nl;
    // Trim ASCII white space and no-break spaces at both ends.
    while (a < b) {
      std::int32_t cp = 0;
      const auto n = decode(t, a, cp);
      if (!(cp < 128 ? is_space_byte(static_cast<char>(cp)) : is_unicode_space(cp))) break;
      a += n;
    }
    while (b > a) {
      std::int32_t cp = 0;
      const auto s = decode_back(t, b, cp);
      if (!(cp < 128 ? is_space_byte(static_cast<char>(cp)) : is_unicode_space(cp))) break;
      b = s;
    }
    lines.push_back({{static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b)}, a == b});
    if (nl == t.size()) break;
    pos = nl + 1;
    // A form feed is a page break: it ends the block like a blank line.
    if (t.substr(a, b - a).find('\f') != std::string_view::npos) lines.back().blank = true;
  }
  return lines;
}

struct paragraph {
  span s;
  std::size_t block;
  std::vector<span> gaps;
};

std::vector<paragraph> find_paragraphs(std::string_view t) {
  const auto lines = split_lines(t);
  std::vector<paragraph> paragraphs;
  std::size_t block = 0;
  for (std::size_t i = 0; i < lines.size();) {
    if (lines[i].blank) {
      ++i;
      continue;
    }
    std::size_t j = i;
    std::uint32_t longest = 0;
    while (j < lines.size() && !lines[j].blank) {
      longest = std::max(longest, lines[j].content.end - lines[j].content.start);
      ++j;
    }
    const bool wrapped = j - i > 1 && longest <= max_wrapped_line;
    std::size_t first = i;
    for (std::size_t k = i; k < j; ++k) {
      bool soft = false;
      if (k + 1 < j && list_marker(t, lines[k + 1].content) == 0) {
        const auto cur = lines[k].content;
        const bool lower_next = is_lower(first_letter(t, lines[k + 1].content));
        const bool open_end = !is_terminal(last_mark(t, cur));
        const bool filled = cur.end - cur.start >= wrap_fill * longest;
        soft = (lower_next && open_end) || (wrapped && filled);
      }
      if (!soft) {
        span s{lines[first].content.start, lines[k].content.end};
        s.start += static_cast<std::uint32_t>(list_marker(t, s));
        paragraphs.push_back({s, block, {}});
        first = k + 1;
      }
    }
    ++block;
    i = j;
  }
  return paragraphs;
}

bool is_furniture(std::string_view t, const paragraph& p) {
  return count_words(t, p.s, max_furniture_words + 1) <= max_furniture_words && !is_terminal(last_mark(t, p.s));
}

// Joins a paragraph that stops mid-sentence at the end of its block to the
// lower-case continuation after a page break, stepping over page furniture.
std::vector<paragraph> join_page_breaks(std::string_view t, std::vector<paragraph> ps) {
  std::vector<paragraph> out;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    paragraph p = std::move(ps[i]);
    // Counted once: joining only lengthens p, and recounting the growing span
    // on every join made a long run of unfinished blocks quadratic.
    const bool long_enough = count_words(t, p.s, 6) >= 6;
    while (long_enough && i + 1 < ps.size() && ps[i + 1].block != p.block && !is_terminal(last_mark(t, p.s))) {
      std::size_t next = i + 1;
      while (next < ps.size() && next - i <= static_cast<std::size_t>(max_furniture_blocks) &&
             !is_lower(first_letter(t, ps[next].s)) && is_furniture(t, ps[next]))
        ++next;
      if (next >= ps.size() || !is_lower(first_letter(t, ps[next].s))) break;
      for (std::size_t g = i + 1; g < next; ++g) p.gaps.push_back(ps[g].s);
      p.s.end = ps[next].s.end;
      p.gaps.insert(p.gaps.end(), ps[next].gaps.begin(), ps[next].gaps.end());
      p.block = ps[next].block;
      i = next;
    }
    out.push_back(std::move(p));
  }
  return out;
}

// Whether `pos` lies in one of `gaps` (sorted, disjoint). Positions must be asked
// in increasing order: `next` walks the gaps once, so that a paragraph joined
// across many page breaks is not scanned once per full stop.
bool inside_gap(const std::vector<span>& gaps, std::size_t& next, std::size_t pos) {
  while (next < gaps.size() && gaps[next].end <= pos) ++next;
  return next < gaps.size() && gaps[next].start <= pos;
}

// Words that end in a full stop without ending a sentence.
bool is_abbreviation(std::string_view word) {
  static constexpr std::array<std::string_view, 26> known{
      "mr", "mrs", "ms", "dr", "st", "no", "nos", "e.g", "i.e", "eg", "ie", "etc", "vs", "co",
      "ltd", "ref", "para", "paras", "approx", "s", "ss", "sec", "cf", "al", "inc", "op"};
  // Opening marks are skipped by index: erasing them one at a time from the
  // front was quadratic in a long run of them.
  const auto first = word.find_first_not_of("(*\"");
  if (first == std::string_view::npos) return false;
  word.remove_prefix(first);
  if (word.size() == 1 && std::isalpha(static_cast<unsigned char>(word[0]))) return true;  // an initial
  if (word.size() > 6) return false;  // longer than any known abbreviation
  std::string w;
  for (char c : word) w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return std::find(known.begin(), known.end(), w) != known.end();
}

span trim(std::string_view t, span s) {
  while (s.start < s.end && (is_space_byte(t[s.start]) || t[s.start] == '\n')) ++s.start;
  while (s.end > s.start && (is_space_byte(t[s.end - 1]) || t[s.end - 1] == '\n')) --s.end;
  return s;
}

// The first '.', '!' or '?' in [i, end), or `end`. Eight bytes are tested at a
// time: stops are a few in a hundred bytes, and this scan is most of what
// sentence splitting costs.
std::uint32_t next_stop(std::string_view t, std::uint32_t i, std::uint32_t end) {
  constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  for (; i + 8 <= end; i += 8) {
    std::uint64_t block;
    std::memcpy(&block, t.data() + i, 8);
    // A byte of block ^ (c in every byte) is zero where c is; this finds any zero byte.
    const auto has = [block](unsigned char c) {
      const auto x = block ^ (ones * c);
      return (x - ones) & ~x & highs;
    };
    if (has('.') | has('!') | has('?')) break;
  }
  for (; i < end; ++i)
    if (t[i] == '.' || t[i] == '!' || t[i] == '?') return i;
  return end;
}

std::vector<span> split_sentences(std::string_view t, const paragraph& p) {
  std::vector<span> out;
  std::uint32_t start = p.s.start;
  std::size_t gap = 0;
  for (std::uint32_t i = next_stop(t, p.s.start, p.s.end); i < p.s.end; i = next_stop(t, i + 1, p.s.end)) {
    const char c = t[i];
    if (inside_gap(p.gaps, gap, i)) continue;
    // Closing marks after the stop belong to this sentence.
    std::uint32_t end = i + 1;
    while (end < p.s.end) {
      std::int32_t cp = 0;
      const auto n = decode(t, end, cp);
      if (!is_wrapper(cp) || cp == '(' || cp == '[') break;
      end += static_cast<std::uint32_t>(n);
    }
    if (end >= p.s.end) break;
    if (!(is_space_byte(t[end]) || t[end] == '\n')) continue;
    std::uint32_t next = end;
    while (next < p.s.end && (is_space_byte(t[next]) || t[next] == '\n')) ++next;
    if (!is_upper_or_digit(first_letter(t, {next, p.s.end}))) continue;
    if (c == '.') {
      std::uint32_t w = i;
      while (w > start && !is_space_byte(t[w - 1]) && t[w - 1] != '\n') --w;
      if (is_abbreviation(t.substr(w, i - w))) continue;
    }
    const span s = trim(t, {start, end});
    if (s.start < s.end) out.push_back(s);
    start = next;
    i = next - 1;
  }
  const span s = trim(t, {start, p.s.end});
  if (s.start < s.end) out.push_back(s);
  return out;
}

unit make_unit(const document& doc, unit_kind kind, span s, const std::vector<span>& gaps, std::int32_t parent) {
  unit u;
  u.kind = kind;
  u.text = {s.start, s.end};
  // Gaps are sorted and disjoint: start at the first one that can lie inside,
  // rather than testing every gap of the paragraph for every sentence.
  auto g = std::lower_bound(gaps.begin(), gaps.end(), s.start, [](const span& x, std::uint32_t at) { return x.start < at; });
  for (; g != gaps.end() && g->start < s.end; ++g)
    if (g->end <= s.end) u.gaps.push_back({g->start, g->end});
  const auto [start, end] = doc.original_span(s.start, s.end);
  u.start = start;
  u.end = end;
  u.parent = parent;
  return u;
}

}  // namespace

std::string_view to_string(unit_kind kind) noexcept {
  return kind == unit_kind::paragraph ? "paragraph" : "sentence";
}

std::string_view to_string(unit_mode mode) noexcept {
  switch (mode) {
    case unit_mode::paragraph: return "paragraph";
    case unit_mode::sentence: return "sentence";
    case unit_mode::both: return "both";
  }
  return "both";
}

std::vector<unit> segment(const document& doc, const segment_params& params) {
  const std::string_view t = doc.text();
  const auto paragraphs = join_page_breaks(t, find_paragraphs(t));
  std::vector<unit> units;
  for (const auto& p : paragraphs) {
    std::int32_t parent = -1;
    if (params.mode != unit_mode::sentence) {
      parent = static_cast<std::int32_t>(units.size());
      units.push_back(make_unit(doc, unit_kind::paragraph, p.s, p.gaps, -1));
    }
    if (params.mode != unit_mode::paragraph)
      for (const auto& s : split_sentences(t, p)) units.push_back(make_unit(doc, unit_kind::sentence, s, p.gaps, parent));
  }
  return units;
}

std::string unit_text(const document& doc, const unit& u) {
  std::string out;
  return std::string(unit_text(doc, u, out));
}

std::string_view unit_text(const document& doc, const unit& u, std::string& out) {
  const std::string_view t = doc.text();
  if (u.gaps.empty()) return t.substr(u.text.start, u.text.end - u.text.start);
  out.clear();
  std::uint32_t pos = u.text.start;
  for (const auto& g : u.gaps) {
    out.append(t.substr(pos, g.start - pos));
    out.push_back(' ');
    pos = g.end;
  }
  out.append(t.substr(pos, u.text.end - pos));
  return out;
}

}  // namespace refrain
