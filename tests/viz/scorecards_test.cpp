// The scorecard CSV writers on the hand-made sample of tests/support, byte for
// byte: quoting (a source holding a comma and quotes), number formats, empty
// fields for missing values, and row order.
#include <catch2/catch.hpp>

#include "support/scorecard_sample.hpp"

#include <refrain/viz/scorecards.hpp>

using namespace refrain;

namespace {

scorecards sample_cards() {
  const test::scorecard_sample in;
  return build_scorecards(in.letters, in.boilerplate, in.uses);
}

}  // namespace

TEST_CASE("scorecard_by_source_year.csv", "[scorecard][viz]") {
  CHECK(viz::to_scorecard_by_source_year_csv(sample_cards()) ==
        "source,year,letters,national_bytes,house_bytes,bespoke_bytes,national_share,house_share,bespoke_share,families\n"
        "Essex Police,2019,1,10,0,0,1.0000,0.0000,0.0000,1\n"
        "Essex Police,unknown,1,0,0,0,0.0000,0.0000,0.0000,0\n"
        "Essex Police,all,2,10,0,0,1.0000,0.0000,0.0000,1\n"
        "\"Hertfordshire Constabulary, \"\"Herts\"\"\",2021,1,50,50,0,0.5000,0.5000,0.0000,2\n"
        "\"Hertfordshire Constabulary, \"\"Herts\"\"\",unknown,1,0,0,10,0.0000,0.0000,1.0000,2\n"
        "\"Hertfordshire Constabulary, \"\"Herts\"\"\",all,2,50,50,10,0.4545,0.4545,0.0909,3\n"
        "Kent Police,2020,1,60,20,20,0.6000,0.2000,0.2000,3\n"
        "Kent Police,2021,1,30,0,70,0.3000,0.0000,0.7000,2\n"
        "Kent Police,all,2,90,20,90,0.4500,0.1000,0.4500,3\n");
}

TEST_CASE("source_similarity.csv", "[scorecard][viz]") {
  CHECK(viz::to_source_similarity_csv(sample_cards()) ==
        "source_a,source_b,shared_families,jaccard\n"
        "Essex Police,Essex Police,1,1.0000\n"
        "Essex Police,\"Hertfordshire Constabulary, \"\"Herts\"\"\",1,0.3333\n"
        "Essex Police,Kent Police,1,0.3333\n"
        "\"Hertfordshire Constabulary, \"\"Herts\"\"\",Essex Police,1,0.3333\n"
        "\"Hertfordshire Constabulary, \"\"Herts\"\"\",\"Hertfordshire Constabulary, \"\"Herts\"\"\",3,1.0000\n"
        "\"Hertfordshire Constabulary, \"\"Herts\"\"\",Kent Police,2,0.5000\n"
        "Kent Police,Essex Police,1,0.3333\n"
        "Kent Police,\"Hertfordshire Constabulary, \"\"Herts\"\"\",2,0.5000\n"
        "Kent Police,Kent Police,3,1.0000\n");
}

TEST_CASE("family_timeline.csv", "[scorecard][viz]") {
  CHECK(viz::to_family_timeline_csv(sample_cards()) ==
        "family,first_date,first_source,first_document,year,sources\n"
        "0,2019-12-31,Essex Police,4,2019,1\n"
        "0,2019-12-31,Essex Police,4,2020,1\n"
        "0,2019-12-31,Essex Police,4,2021,2\n"
        "0,2019-12-31,Essex Police,4,unknown,1\n"
        "1,2020-05-01,Kent Police,0,2020,1\n"
        "1,2020-05-01,Kent Police,0,2021,1\n"
        "2,,,,unknown,1\n"
        "3,2020-05-01,Kent Police,0,2020,1\n"
        "3,2020-05-01,Kent Police,0,2021,1\n");
}

TEST_CASE("family_variants_by_source.csv", "[scorecard][viz]") {
  CHECK(viz::to_family_variants_by_source_csv(sample_cards()) ==
        "family,source,variant,last_date,last_document,newest_variant,newest_first_date,older_variant\n"
        "0,Essex Police,0,2019-12-31,4,1,2021-02-03,true\n"
        "0,\"Hertfordshire Constabulary, \"\"Herts\"\"\",0,2021-01-10,2,1,2021-02-03,true\n"
        "0,Kent Police,1,2021-02-03,1,1,2021-02-03,false\n"
        "3,Kent Police,0,2021-02-03,1,0,2021-02-03,false\n");
}

TEST_CASE("scorecard CSVs of an empty corpus are a header only", "[scorecard][viz]") {
  const scorecards none;
  CHECK(viz::to_source_similarity_csv(none) == "source_a,source_b,shared_families,jaccard\n");
  CHECK(viz::to_family_timeline_csv(none) == "family,first_date,first_source,first_document,year,sources\n");
}
