#include <catch2/catch.hpp>

#include <refrain/error.hpp>
#include <refrain/manifest.hpp>

using namespace refrain;

TEST_CASE("CSV manifest with quoting and extra columns", "[manifest]") {
  const auto m = parse_manifest_csv(
      "path,source,date,reference,topic\n"
      "a/1.txt,Northmoor Police,2021-03-04,FOI 2021/1,\"drones, cameras\"\r\n"
      "b/2.txt,\"Wex \"\"C\"\"\",,,plain\n",
      "m.csv");
  REQUIRE(m.rows.size() == 2);
  CHECK(m.rows[0].path == "a/1.txt");
  CHECK(*m.rows[0].source == "Northmoor Police");
  CHECK(*m.rows[0].date == "2021-03-04");
  CHECK(*m.rows[0].reference == "FOI 2021/1");
  REQUIRE(m.rows[0].extra.size() == 1);
  CHECK(m.rows[0].extra[0] == std::pair<std::string, std::string>{"topic", "drones, cameras"});
  CHECK(*m.rows[1].source == "Wex \"C\"");
  CHECK_FALSE(m.rows[1].date);
  CHECK(m.rows[1].line == 3);
}

TEST_CASE("a bad date is dropped with a warning naming the line", "[manifest]") {
  const auto m = parse_manifest_csv("path,date\nx.txt,2021-02-30\ny.txt,04/05/2021\n", "m.csv");
  REQUIRE(m.rows.size() == 2);
  CHECK_FALSE(m.rows[0].date);
  REQUIRE(m.warnings.size() == 2);
  CHECK(m.warnings[0].find("m.csv:2") != std::string::npos);
}

TEST_CASE("malformed CSV manifests are refused with the line", "[manifest]") {
  const auto message = [](std::string_view text) {
    try {
      parse_manifest_csv(text, "m.csv");
    } catch (const error& e) {
      CHECK(e.code() == errc::bad_manifest);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("source,date\nA,2020-01-01\n").find("no 'path' column") != std::string::npos);
  CHECK(message("path,source\n\"x.txt,A\n").find("never closed") != std::string::npos);
  CHECK(message("path,source\nx.txt,A,extra\n").find("m.csv:2") != std::string::npos);
  CHECK(message("").find("empty") != std::string::npos);
}

TEST_CASE("JSONL manifest", "[manifest]") {
  const auto m = parse_manifest_jsonl(
      "{\"path\": \"a.txt\", \"source\": \"A\", \"date\": \"2020-01-31\", \"pages\": 3}\n\n{\"path\": \"b.txt\"}\n", "m.jsonl");
  REQUIRE(m.rows.size() == 2);
  CHECK(*m.rows[0].source == "A");
  CHECK(m.rows[0].extra[0] == std::pair<std::string, std::string>{"pages", "3"});
  CHECK(m.rows[1].line == 3);
  CHECK_THROWS_AS(parse_manifest_jsonl("{\"path\": 1}\n", "m.jsonl"), error);
  CHECK_THROWS_AS(parse_manifest_jsonl("not json\n", "m.jsonl"), error);
}

TEST_CASE("ISO dates are checked against the calendar", "[manifest]") {
  CHECK(is_iso_date("2024-02-29"));
  CHECK_FALSE(is_iso_date("2023-02-29"));
  CHECK_FALSE(is_iso_date("2023-13-01"));
  CHECK_FALSE(is_iso_date("2023-1-01"));
  CHECK_FALSE(is_iso_date(""));
}

// Found by tests/fuzz/manifest_fuzz.cpp: nlohmann reports a number too large for
// a double as out_of_range, not parse_error, and it escaped the parser as a
// foreign exception with no file or line.
TEST_CASE("a JSONL number too large for a double is refused naming the line (fuzz regression, number overflow)", "[manifest]") {
  const std::string text = "{\"path\": \"a.txt\"}\n{\"path\": \"b.txt\", \"pages\": 333333e3333333333333333333333}\n";
  try {
    parse_manifest_jsonl(text, "m.jsonl");
    FAIL("the overflowing number was accepted");
  } catch (const error& e) {
    CHECK(e.code() == errc::bad_manifest);
    CHECK(std::string(e.what()).starts_with("m.jsonl:2: "));
  }
}
