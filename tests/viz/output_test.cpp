#include <catch2/catch.hpp>

#include "support/run.hpp"

#include <refrain/error.hpp>
#include <refrain/viz/output.hpp>

namespace fs = std::filesystem;
using namespace refrain;

TEST_CASE("outputs are written whole and no temporary file remains", "[viz][output]") {
  test::temp_dir dir("out");
  const auto folder = (dir.path() / "new" / "nested").string();
  viz::write_outputs_atomically(folder, {{"a.txt", "alpha"}, {"b.txt", "beta"}});
  CHECK(test::slurp(fs::path(folder) / "a.txt") == "alpha");
  CHECK(test::slurp(fs::path(folder) / "b.txt") == "beta");
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(folder)) {
    CHECK(e.path().filename().string()[0] != '.');
    ++files;
  }
  CHECK(files == 2);
}

TEST_CASE("a failed write leaves earlier outputs untouched and removes temporaries", "[viz][output]") {
  test::temp_dir dir("fail");
  const auto folder = dir.str();
  viz::write_outputs_atomically(folder, {{"a.txt", "old"}});
  // A folder where the second file should go makes its rename fail.
  fs::create_directories(dir.path() / "b.txt" / "occupied");
  CHECK_THROWS_AS(viz::write_outputs_atomically(folder, {{"a.txt", "new"}, {"b.txt", "x"}}), error);
  for (const auto& e : fs::directory_iterator(folder)) CHECK(e.path().filename().string()[0] != '.');
}

TEST_CASE("a file in the way of the output folder is an error", "[viz][output]") {
  test::temp_dir dir("blocked");
  const auto file = dir.write("taken", "x");
  CHECK_THROWS_AS(viz::write_outputs_atomically(file.string(), {{"a.txt", "a"}}), error);
}

TEST_CASE("temporary paths are inside the folder and hidden", "[viz][output]") {
  const auto p = fs::path(viz::temporary_path("/some/dir", "clusters.json"));
  CHECK(p.parent_path() == "/some/dir");
  CHECK(p.filename().string().starts_with(".clusters.json.tmp-"));
}
