// The streaming JSON emitter behind clusters.json: what it writes must parse back
// to the values given, whatever the text holds.
#include "../../viz/src/json_stream.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <limits>
#include <string>
#include <vector>
#include <sstream>

using refrain::viz::detail::json_stream;

namespace {

template <class Body>
std::string emitted(Body body) {
  std::ostringstream out;
  {
    json_stream j(out);
    body(j);
  }
  return out.str();
}

}  // namespace

TEST_CASE("json_stream: strings with quotes, control characters and UTF-8 parse back unchanged", "[viz][json]") {
  const std::string text = "a \"quoted\" back\\slash\ttab\nline\r\x01\x1f caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D";
  const auto out = emitted([&](json_stream& j) { j.begin_object().field("t", text).end_object(); });
  CHECK(nlohmann::json::parse(out)["t"] == text);
  CHECK(out.find('\n', 2) != std::string::npos);  // indented layout puts the member on its own line
}

TEST_CASE("json_stream: strings are escaped as nlohmann::json escapes them, a special byte at any offset", "[viz][json]") {
  // Plain runs are scanned eight bytes at a time: every byte that needs care
  // is tried at every place in and around such a block.
  const std::vector<std::string> specials = {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", " ", "~", "\xC3\xA9", "\xE2\x80\x99"};
  for (const auto& special : specials)
    for (std::size_t before = 0; before < 18; ++before) {
      const auto text = std::string(before, 'a') + special + std::string(9, 'b');
      INFO("special at " << before);
      const auto out = emitted([&](json_stream& j) { j.begin_array(json_stream::layout::one_line).value(text).end_array(); });
      REQUIRE(out.size() >= 2);
      CHECK(out.substr(1, out.size() - 2) == nlohmann::json(text).dump());
    }
}

TEST_CASE("json_stream: bytes that are not UTF-8 become U+FFFD and the output still parses", "[viz][json]") {
  const std::string bad = "ok\xFF\xC3(\xE2\x82";
  const auto out = emitted([&](json_stream& j) { j.begin_array().value(bad).end_array(); });
  const auto back = nlohmann::json::parse(out)[0].get<std::string>();
  CHECK(back == "ok\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("json_stream: numbers keep their type, whole doubles keep .0 and non-finite ones are null", "[viz][json]") {
  const auto out = emitted([](json_stream& j) {
    j.begin_object(json_stream::layout::one_line)
        .field("i", -42)
        .field("u", std::uint64_t{18446744073709551615u})
        .field("one", 1.0)
        .field("q", 0.25)
        .field("tiny", 1e-7)
        .field("nan", std::numeric_limits<double>::quiet_NaN())
        .field("yes", true)
        .key("none")
        .value(nullptr)
        .end_object();
  });
  CHECK(out == R"({"i":-42,"u":18446744073709551615,"one":1.0,"q":0.25,"tiny":1e-07,"nan":null,"yes":true,"none":null})");
  const auto back = nlohmann::json::parse(out);
  CHECK(back["one"].is_number_float());
  CHECK(back["tiny"].get<double>() == 1e-7);
}

TEST_CASE("json_stream: empty containers, nesting and one-line members inside indented arrays", "[viz][json]") {
  const auto out = emitted([](json_stream& j) {
    j.begin_object();
    j.key("empty_object").begin_object().end_object();
    j.key("empty_array").begin_array().end_array();
    j.key("rows").begin_array();
    for (int i = 0; i < 2; ++i) {
      j.begin_object(json_stream::layout::one_line).field("n", i);
      j.key("deep").begin_array().begin_object().field("x", "y").end_object().end_array();
      j.end_object();
    }
    j.end_array().end_object();
  });
  CHECK(out ==
        "{\n  \"empty_object\": {},\n  \"empty_array\": [],\n  \"rows\": [\n"
        "    {\"n\":0,\"deep\":[{\"x\":\"y\"}]},\n    {\"n\":1,\"deep\":[{\"x\":\"y\"}]}\n  ]\n}");
  CHECK(nlohmann::json::parse(out)["rows"][1]["deep"][0]["x"] == "y");
}

TEST_CASE("json_stream: repeated fields read as the fields they copy, in a following object", "[viz][json]") {
  json_stream direct, repeated;
  for (auto* j : {&direct, &repeated}) j->begin_array(json_stream::layout::one_line);
  std::size_t from = 0, to = 0;
  for (int member = 0; member < 3; ++member) {
    for (auto* j : {&direct, &repeated}) j->begin_object().field("id", member);
    direct.field("text", "same \"words\"").key("list").begin_array().value(1).value(2).end_array();
    if (member == 0) {
      from = repeated.position();
      repeated.field("text", "same \"words\"").key("list").begin_array().value(1).value(2).end_array();
      to = repeated.position();
    } else {
      repeated.repeat_fields(from, to, 2);
    }
    for (auto* j : {&direct, &repeated}) j->field("after", true).end_object();
  }
  for (auto* j : {&direct, &repeated}) j->end_array();
  CHECK(repeated.rendered() == direct.rendered());
  const auto parsed = nlohmann::json::parse(repeated.rendered());
  REQUIRE(parsed.size() == 3);
  CHECK(parsed[2]["text"] == "same \"words\"");
  CHECK(parsed[2]["list"] == nlohmann::json::array({1, 2}));
  CHECK(parsed[2]["after"] == true);
}

TEST_CASE("json_stream: a value made at a depth and placed there reads as if written in place", "[viz][json]") {
  const auto document = [](json_stream& j, int id) {
    j.begin_object().field("id", id).key("labels").begin_array();
    for (int k = 0; k < 2; ++k) j.begin_object(json_stream::layout::one_line).field("start", k).end_object();
    j.end_array().key("empty").begin_object().end_object().end_object();
  };
  const auto direct = emitted([&](json_stream& j) {
    j.begin_object().key("documents").begin_array();
    for (int id = 0; id < 3; ++id) document(j, id);
    j.end_array().end_object();
  });
  const auto placed = emitted([&](json_stream& j) {
    j.begin_object().key("documents").begin_array();
    for (int id = 0; id < 3; ++id) {
      json_stream rendering(2);
      document(rendering, id);
      j.raw_value(rendering.take());
    }
    j.end_array().end_object();
  });
  CHECK(placed == direct);
  CHECK(direct.find("\n      \"id\": 0") != std::string::npos);  // fields of a document sit three levels in
}
