// Paces writers that read every member's text (clusters.json, members.csv).
//
// Each member read touches a page or two of its letter; every `members_per_release`
// members the report hands those pages back (report::release_text), so writing
// a large report holds at most a few hundred MB of a spilled corpus, not all of it.
#pragma once

#include <refrain/scan.hpp>

#include <cstddef>

namespace refrain::viz::detail {

class text_pacer {
 public:
  explicit text_pacer(const report& rep) noexcept : rep_(rep) {}
  void member_read() {
    if (rep_.release_text && ++read_ == members_per_release) {
      rep_.release_text();
      read_ = 0;
    }
  }

 private:
  static constexpr std::size_t members_per_release = 16384;  // at most ~128 MB of 4 KiB pages
  const report& rep_;
  std::size_t read_ = 0;
};

}  // namespace refrain::viz::detail
