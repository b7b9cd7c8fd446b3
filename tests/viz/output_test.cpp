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

// Outputs go around the page cache in whole blocks and through it for the last
// partial block: every size about a block's edges and the buffer's must come
// out byte for byte, whether written in one piece or in uneven ones.
TEST_CASE("outputs of any size are written byte for byte", "[viz][output]") {
  test::temp_dir dir("sizes");
  std::string pattern;
  for (std::size_t i = 0; pattern.size() < (std::size_t{5} << 20); ++i) pattern += std::to_string(i * 7919) + ',';
  for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{511}, std::size_t{4095}, std::size_t{4096},
                                 std::size_t{4097}, std::size_t{8192}, (std::size_t{2} << 20) - 1, std::size_t{2} << 20,
                                 (std::size_t{2} << 20) + 1, (std::size_t{5} << 20) - 3}) {
    const auto expected = pattern.substr(0, size);
    viz::output_file whole{"whole.txt", expected};
    viz::output_file pieces{"pieces.txt", "", [&](std::ostream& out) {
                              // Pieces of 1, 2, 3, ... bytes, so they straddle every block edge.
                              for (std::size_t at = 0, n = 1; at < expected.size(); at += n, ++n)
                                out.write(expected.data() + at,
                                          static_cast<std::streamsize>(std::min(n, expected.size() - at)));
                            }};
    viz::write_outputs_atomically(dir.str(), {whole, pieces});
    INFO("size " << size);
    CHECK(test::slurp(dir.path() / "whole.txt") == expected);
    CHECK(test::slurp(dir.path() / "pieces.txt") == expected);
  }
}

TEST_CASE("an output the disk refuses part way is an error and leaves nothing behind", "[viz][output]") {
  test::temp_dir dir("refused");
  viz::write_outputs_atomically(dir.str(), {{"big.txt", "old"}});
  const std::string big(3 << 20, 'x');  // past the limit below, in whole blocks and a tail
  {
    const test::file_size_limit limit(1 << 20);
    REQUIRE(limit.set);
    try {
      viz::write_outputs_atomically(dir.str(), {{"big.txt", big + "tail"}});
      FAIL("the write past the file size limit was not reported");
    } catch (const error& e) {
      CHECK(std::string(e.what()).find("big.txt") != std::string::npos);
      CHECK(std::string(e.what()).find("nothing was written") != std::string::npos);
    }
  }
  CHECK(test::slurp(dir.path() / "big.txt") == "old");
  for (const auto& e : fs::directory_iterator(dir.path())) CHECK(e.path().filename().string()[0] != '.');
}
