// Fuzz target: normalisation of any bytes (invalid UTF-8 included, which only
// direct callers can pass).
#include "fuzz_check.hpp"

#include <refrain/normalize.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto out = refrain::normalize(text);
  refrain::fuzz::check_normalized(out);

  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    // An em dash separates words, so appending one changes nothing but forces
    // the Unicode path: the ASCII fast path must agree with it.
    FUZZ_CHECK(refrain::normalize(std::string(text) + "\xE2\x80\x94") == out);
  }
  return 0;
}
