#include <catch2/catch.hpp>

#include <refrain/error.hpp>
#include <refrain/version.hpp>

#include <string>

TEST_CASE("refrain::error carries its code and message", "[error]") {
  const refrain::error e(refrain::errc::bad_manifest, "m.csv:3: bad row");
  CHECK(e.code() == refrain::errc::bad_manifest);
  CHECK(std::string(e.what()) == "m.csv:3: bad row");
  const std::runtime_error& base = e;  // callers may catch it as a std::runtime_error
  CHECK(std::string(base.what()).find("m.csv:3") != std::string::npos);
}

TEST_CASE("the tool version is a dotted version string", "[error][version]") {
  const std::string v = refrain::tool_version;
  CHECK(std::count(v.begin(), v.end(), '.') == 2);
}
