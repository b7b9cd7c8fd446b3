// refrain/error.hpp — the one error type the library throws.
//
// Every stage validates its inputs at the boundary and throws refrain::error with
// a code and a message written for the person running the tool: what went wrong,
// where, and what to do about it. Hot paths below the boundary are noexcept.
#pragma once

#include <stdexcept>
#include <string>

namespace refrain {

enum class errc {
  invalid_argument,   // a parameter out of range or inconsistent with another
  io,                 // a file or directory could not be read or written
  bad_input,          // input exists but is not usable (binary, not UTF-8, empty)
  bad_manifest,       // the manifest cannot be parsed or lacks required columns
  incompatible,       // sketches built with different parameters were combined
};

class error : public std::runtime_error {
 public:
  error(errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
  errc code() const noexcept { return code_; }

 private:
  errc code_;
};

}  // namespace refrain
