#include "json_stream.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <cmath>
#include <cstdint>
#include <cstring>

namespace refrain::viz::detail {

void json_stream::flush() {
  if (!out_) return;
  out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

json_stream& json_stream::raw_value(std::string_view rendered) {
  element();
  buffer_ += rendered;
  return spill();
}

json_stream& json_stream::repeat_fields(std::size_t from, std::size_t to, std::size_t count) {
  buffer_.append(buffer_, from, to - from);  // appending a part of itself is safe
  stack_.back().count += count;
  return *this;
}

void json_stream::newline_and_indent(std::size_t depth) {
  buffer_ += '\n';
  buffer_.append(2 * (depth_ + depth), ' ');
}

void json_stream::element() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  auto& top = stack_.back();
  if (top.count++ > 0) buffer_ += ',';
  if (!top.one_line) newline_and_indent(stack_.size());
}

json_stream& json_stream::open(char bracket, layout l) {
  element();
  buffer_ += bracket;
  const bool one_line = l == layout::one_line || (!stack_.empty() && stack_.back().one_line);
  stack_.push_back({one_line, 0});
  return *this;
}

json_stream& json_stream::close(char bracket) {
  const auto top = stack_.back();
  stack_.pop_back();
  if (top.count > 0 && !top.one_line) newline_and_indent(stack_.size());
  buffer_ += bracket;
  return spill();
}

json_stream& json_stream::key(std::string_view name) {
  element();
  append_escaped(name);
  buffer_ += stack_.back().one_line ? ":" : ": ";
  after_key_ = true;
  return *this;
}

json_stream& json_stream::value(std::string_view s) {
  element();
  append_escaped(s);
  return spill();
}

json_stream& json_stream::value(double x) {
  element();
  if (!std::isfinite(x)) {
    buffer_ += "null";
    return spill();
  }
  const auto at = buffer_.size();
  fmt::format_to(std::back_inserter(buffer_), "{}", x);
  if (buffer_.find_first_of(".e", at) == std::string::npos) buffer_ += ".0";
  return spill();
}

json_stream& json_stream::value(bool b) {
  element();
  buffer_ += b ? "true" : "false";
  return spill();
}

json_stream& json_stream::value(std::nullptr_t) {
  element();
  buffer_ += "null";
  return spill();
}

namespace {

// How many bytes from the start of `s` JSON takes as they are: printable ASCII
// other than '"' and '\\'. Eight bytes at a time, as letters are mostly that.
std::size_t plain_prefix(std::string_view s) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  const auto has_zero = [&](std::uint64_t v) { return (v - ones) & ~v & highs; };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const auto control = (w - 0x20 * ones) & ~w & highs;  // a byte below 0x20
    if ((w & highs) | control | has_zero(w ^ ('"' * ones)) | has_zero(w ^ ('\\' * ones))) break;
  }
  for (; i < s.size(); ++i) {
    const auto p = static_cast<unsigned char>(s[i]);
    if (p < 0x20 || p >= 0x80 || p == '"' || p == '\\') break;
  }
  return i;
}

}  // namespace

void json_stream::append_escaped(std::string_view s) {
  buffer_ += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t plain = i + plain_prefix(s.substr(i));
    buffer_.append(s.substr(i, plain - i));
    i = plain;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      utf8proc_int32_t cp = 0;
      const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                      static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
      if (n > 0) {
        buffer_.append(s.substr(i, static_cast<std::size_t>(n)));
        i += static_cast<std::size_t>(n);
      } else {
        buffer_ += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no valid sequence
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"': buffer_ += "\\\""; break;
      case '\\': buffer_ += "\\\\"; break;
      case '\n': buffer_ += "\\n"; break;
      case '\r': buffer_ += "\\r"; break;
      case '\t': buffer_ += "\\t"; break;
      case '\b': buffer_ += "\\b"; break;
      case '\f': buffer_ += "\\f"; break;
      default:
        if (c < 0x20) fmt::format_to(std::back_inserter(buffer_), "\\u{:04x}", c);
        else buffer_ += static_cast<char>(c);
    }
    ++i;
  }
  buffer_ += '"';
}

}  // namespace refrain::viz::detail
