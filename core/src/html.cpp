#include <refrain/html.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utf8proc.h>

namespace refrain {
namespace {

struct named_entity {
  std::string_view name;
  std::int32_t codepoint;
};

// The entities that occur in letters and disclosure-log pages; anything else is
// left as literal text rather than guessed at.
constexpr std::array<named_entity, 24> named_entities{{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
    {"apos", '\''},    {"nbsp", 0xA0},    {"rsquo", 0x2019}, {"lsquo", 0x2018},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"ndash", 0x2013}, {"mdash", 0x2014},
    {"hellip", 0x2026}, {"copy", 0xA9},   {"pound", 0xA3},   {"euro", 0x20AC},
    {"bull", 0x2022},  {"middot", 0xB7},  {"reg", 0xAE},     {"trade", 0x2122},
    {"sect", 0xA7},    {"eacute", 0xE9},  {"shy", 0xAD},     {"zwnj", 0x200C},
}};

// Elements whose content is never visible text.
bool is_hidden_element(std::string_view name) {
  return name == "script" || name == "style" || name == "head" || name == "noscript" ||
         name == "template" || name == "svg";
}

// Elements that end a line or a paragraph in the rendered page.
int block_breaks(std::string_view name) {
  static constexpr std::array<std::string_view, 19> paragraphs{
      "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
      "section", "article", "header", "footer", "blockquote", "pre", "main", "nav"};
  static constexpr std::array<std::string_view, 4> lines{"br", "li", "tr", "hr"};
  if (std::find(paragraphs.begin(), paragraphs.end(), name) != paragraphs.end()) return 2;
  if (std::find(lines.begin(), lines.end(), name) != lines.end()) return 1;
  return 0;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class stripper {
 public:
  explicit stripper(std::string_view page) : page_(page) {}

  stripped_html run() {
    std::size_t i = 0;
    while (i < page_.size()) {
      const char c = page_[i];
      if (c == '<') {
        i = tag(i);
      } else if (c == '&') {
        i = entity(i);
      } else {
        emit_byte(c, i, i + 1);
        ++i;
      }
    }
    return std::move(out_);
  }

 private:
  void emit_byte(char c, std::size_t begin, std::size_t end) {
    out_.text.push_back(c);
    out_.source_begin.push_back(static_cast<std::uint32_t>(begin));
    out_.source_end.push_back(static_cast<std::uint32_t>(end));
  }

  void emit_codepoint(std::int32_t cp, std::size_t begin, std::size_t end) {
    std::array<std::uint8_t, 4> buf{};
    const auto n = utf8proc_encode_char(cp, buf.data());
    for (utf8proc_ssize_t k = 0; k < n; ++k) emit_byte(static_cast<char>(buf[static_cast<std::size_t>(k)]), begin, end);
  }

  void emit_breaks(int count, std::size_t at) {
    for (int k = 0; k < count; ++k) emit_byte('\n', at, at);
  }

  // Returns the index just past the tag (or past a hidden element's content).
  std::size_t tag(std::size_t open) {
    if (page_.substr(open, 4) == "<!--") {
      const auto close = page_.find("-->", open + 4);
      return close == std::string_view::npos ? page_.size() : close + 3;
    }
    std::size_t p = open + 1;
    if (p < page_.size() && (page_[p] == '!' || page_[p] == '?')) {
      // <!DOCTYPE ...>, <![CDATA[...]]> and <?xml ...?> are declarations, not text.
      const auto close = page_.find('>', p);
      return close == std::string_view::npos ? page_.size() : close + 1;
    }
    const bool closing = p < page_.size() && page_[p] == '/';
    if (closing) ++p;
    std::size_t name_end = p;
    while (name_end < page_.size() && (std::isalnum(static_cast<unsigned char>(page_[name_end])) != 0)) ++name_end;
    // "<" not starting a tag, e.g. "a < b": kept as text. Decided before looking
    // for the closing '>', so that a page full of such "<" is not scanned to
    // its end once for each of them.
    if (name_end == p) {
      emit_byte('<', open, open + 1);
      return open + 1;
    }
    const auto close = page_.find('>', name_end);
    if (close == std::string_view::npos) {  // unclosed tag: the rest is markup
      return page_.size();
    }
    const std::string name = lower(page_.substr(p, name_end - p));
    emit_breaks(block_breaks(name), open);
    if (!closing && is_hidden_element(name) && page_[close - 1] != '/') {
      const std::string end_tag = "</" + name;
      std::size_t q = close + 1;
      while (true) {
        const auto hit = page_.find("</", q);
        if (hit == std::string_view::npos) return page_.size();
        if (lower(page_.substr(hit, end_tag.size())) == end_tag) {
          const auto gt = page_.find('>', hit);
          return gt == std::string_view::npos ? page_.size() : gt + 1;
        }
        q = hit + 2;
      }
    }
    return close + 1;
  }

  std::size_t entity(std::size_t amp) {
    // Only the next 12 bytes can hold the ';' of an entity worth decoding:
    // searching further made a page of bare '&' quadratic.
    const auto near = page_.substr(amp + 1, 12).find(';');
    const auto semi = near == std::string_view::npos ? near : amp + 1 + near;
    if (semi == std::string_view::npos) {
      emit_byte('&', amp, amp + 1);
      return amp + 1;
    }
    const std::string_view body = page_.substr(amp + 1, semi - amp - 1);
    std::int32_t cp = -1;
    if (body.size() > 1 && body[0] == '#') {
      const bool hex = body[1] == 'x' || body[1] == 'X';
      const auto digits = body.substr(hex ? 2 : 1);
      std::int64_t value = 0;
      bool ok = !digits.empty();
      for (char d : digits) {
        const int v = std::isdigit(static_cast<unsigned char>(d)) ? d - '0'
                      : hex && std::isxdigit(static_cast<unsigned char>(d))
                          ? std::tolower(static_cast<unsigned char>(d)) - 'a' + 10
                          : -1;
        if (v < 0) { ok = false; break; }
        value = value * (hex ? 16 : 10) + v;
        if (value > 0x10FFFF) { ok = false; break; }
      }
      if (ok && utf8proc_codepoint_valid(static_cast<utf8proc_int32_t>(value)) && value != 0)
        cp = static_cast<std::int32_t>(value);
    } else {
      for (const auto& e : named_entities)
        if (e.name == body) cp = e.codepoint;
    }
    if (cp < 0) {  // bogus entity: keep the ampersand as text
      emit_byte('&', amp, amp + 1);
      return amp + 1;
    }
    emit_codepoint(cp, amp, semi + 1);
    return semi + 1;
  }

  std::string_view page_;
  stripped_html out_;
};

}  // namespace

stripped_html strip_html(std::string_view page) { return stripper(page).run(); }

}  // namespace refrain
