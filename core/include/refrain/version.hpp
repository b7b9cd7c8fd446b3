// refrain/version.hpp — versions stamped into every output.
#pragma once

namespace refrain {

inline constexpr const char* tool_version = "0.1.0";

}  // namespace refrain
