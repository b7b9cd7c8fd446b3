// refrain/datasets/template_library.hpp — the invented FOI template text the generator plants.
#pragma once
#include <span>
#include <string_view>
namespace refrain::datasets {
enum class template_role { harm, public_interest_for, public_interest_against, balancing, ncnd, exemption, acknowledgement, appeal_rights, site_chrome, closing };
struct template_text {
  std::string_view name;      // unique slug, e.g. "harm-mapping-activity"
  template_role role;
  std::string_view text;      // one paragraph (or for site chrome: one line)
  std::string_view revision;  // a later revised wording of the same template (same slots), or empty
};
std::span<const template_text> template_paragraphs();  // >= 32 entries
std::span<const std::string_view> template_sentences(); // >= 12 short template sentences (6-16 words each)
std::span<const std::string_view> bespoke_vocabulary(); // >= 600 distinct lowercase English words for bespoke text: nouns, verbs, adjectives about policing topics and everyday life (no template words needed)
std::span<const std::string_view> topics();            // >= 40 request topics, e.g. "drone purchases", "dog unit costs"
}
