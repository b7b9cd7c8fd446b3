// Test support: a small hand-made corpus for the scorecards, shared by the core
// test (tables) and the viz test (CSV text). The expected values are worked out
// by hand in tests/core/scorecard_test.cpp.
#pragma once

#include <refrain/scorecard.hpp>

#include <vector>

namespace refrain::test {

struct scorecard_sample {
  std::vector<scorecard_letter> letters{
      {"Kent Police", "2020-05-01"},                       // 0
      {"Kent Police", "2021-02-03"},                       // 1
      {"Hertfordshire Constabulary, \"Herts\"", "2021-01-10"},  // 2
      {"Hertfordshire Constabulary, \"Herts\"", std::nullopt},  // 3
      {"Essex Police", "2019-12-31"},                      // 4
      {"Essex Police", "sometime"},                        // 5: not a date
  };
  std::vector<document_boilerplate> boilerplate{
      {{}, 60, 20, 20}, {{}, 30, 0, 70}, {{}, 50, 50, 0}, {{}, 0, 0, 10}, {{}, 10, 0, 0}, {{}, 0, 0, 0},
  };
  std::vector<family_use> uses{
      // family 0: variant 1 appears in 2021, everyone else still has variant 0
      {0, 0, 0}, {0, 1, 1}, {0, 2, 0}, {0, 4, 0}, {0, 3, 0},
      // family 1: two members in letter 2 count once
      {1, 0, 0}, {1, 2, 0}, {1, 2, 0},
      // family 2: only an undated letter
      {2, 3, 0},
      // family 3: letter 1 holds variants 0 and 2; 0 is the newer
      {3, 0, 2}, {3, 1, 0}, {3, 1, 2},
  };
};

}  // namespace refrain::test
