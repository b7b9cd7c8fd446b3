// json_stream.hpp — a JSON emitter that writes as it goes.
//
// clusters.json grows with the corpus (every member's text and redline), so it
// is written straight to its stream instead of being built as a tree first: at
// 100 MB of letters the tree took gigabytes. The layout is two-space indentation
// for containers opened with `layout::indented`; a container opened with
// `layout::one_line` (a member, a label) and everything inside it sit on one
// line, as compact JSON. Strings are escaped per RFC 8259; bytes that are not
// UTF-8 become U+FFFD (ingest rejects such text; paths can still carry them).
// Numbers: integers as they are, doubles in their shortest round-trip form with
// ".0" kept on whole numbers, NaN and infinities as null.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace refrain::viz::detail {

class json_stream {
 public:
  enum class layout { indented, one_line };

  explicit json_stream(std::ostream& out) : out_(&out) {}
  // Renders into a string instead, for values made on other threads and then
  // placed with raw_value() (see take()). A value that spans lines is indented
  // as if inside `depth` indented containers, where raw_value() will place it.
  json_stream() = default;
  explicit json_stream(std::size_t depth) : depth_(depth) {}
  ~json_stream() { flush(); }
  json_stream(const json_stream&) = delete;
  json_stream& operator=(const json_stream&) = delete;

  json_stream& begin_object(layout l = layout::indented) { return open('{', l); }
  json_stream& end_object() { return close('}'); }
  json_stream& begin_array(layout l = layout::indented) { return open('[', l); }
  json_stream& end_array() { return close(']'); }
  // The next value is this member of the enclosing object.
  json_stream& key(std::string_view name);

  json_stream& value(std::string_view s);
  json_stream& value(const char* s) { return value(std::string_view(s)); }
  json_stream& value(const std::string& s) { return value(std::string_view(s)); }
  json_stream& value(double x);
  json_stream& value(bool b);
  json_stream& value(std::nullptr_t);
  template <class Int>
    requires std::is_integral_v<Int>
  json_stream& value(Int n) {
    element();
    buffer_ += std::to_string(n);
    return spill();
  }
  // key(name).value(v)
  template <class T>
  json_stream& field(std::string_view name, const T& v) {
    return key(name).value(v);
  }

  // The next value, already rendered by a json_stream of its own (on one line,
  // or made at this stream's depth).
  json_stream& raw_value(std::string_view rendered);
  // Where the next byte goes, for repeat_fields() on a stream rendering into a string.
  std::size_t position() const noexcept { return buffer_.size(); }
  // Places again `count` fields this stream rendered at [from, to) with their
  // separators, as the next fields of the open object; that object already has
  // a field, so the copy's leading comma is right. A string-rendering stream only
  // (flush() would have moved the bytes on).
  json_stream& repeat_fields(std::size_t from, std::size_t to, std::size_t count);

  // Hands what is buffered to the stream; the destructor does it too. No effect
  // on a stream rendering into a string.
  void flush();
  // What a stream rendering into a string has made so far; it starts again empty.
  std::string take() { return std::exchange(buffer_, {}); }
  std::string_view rendered() const noexcept { return buffer_; }

 private:
  struct frame {
    bool one_line;
    std::size_t count;
  };
  json_stream& open(char bracket, layout l);
  json_stream& close(char bracket);
  void element();  // the separator and indentation before a value
  void newline_and_indent(std::size_t depth);
  void append_escaped(std::string_view s);
  json_stream& spill() {
    if (out_ && buffer_.size() >= (1u << 20)) flush();
    return *this;
  }

  std::ostream* out_ = nullptr;
  std::string buffer_;
  std::vector<frame> stack_;
  bool after_key_ = false;
  std::size_t depth_ = 0;  // indented containers around this stream's values
};

}  // namespace refrain::viz::detail
