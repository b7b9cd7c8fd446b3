// A new file written around the page cache (O_DIRECT) where the file system
// allows it, through a std::streambuf.
//
// The outputs of a large scan are several times the letters (clusters.json and
// members.csv hold every member's text). Written through the page cache, the
// kernel first copies them there and then writes the cache back, which at
// 1 GB of letters cost the machine more CPU time than a quarter of making
// them (docs/performance.md). Whole aligned blocks go straight to the disk; the
// last partial block is written through the cache. A file system that refuses
// O_DIRECT (tmpfs, some network file systems) gets ordinary writes.
#pragma once

#include <cstddef>
#include <memory>
#include <streambuf>
#include <string>

namespace refrain::viz::detail {

class direct_file final : public std::streambuf {
 public:
  // Creates (or truncates) `path`. On failure, failed() is true and error() the errno.
  explicit direct_file(const std::string& path);
  ~direct_file() override;
  direct_file(const direct_file&) = delete;
  direct_file& operator=(const direct_file&) = delete;

  // Writes what is held, syncs the file to disk and closes it; false (with
  // error() set) if anything failed, now or earlier.
  bool finish();
  bool failed() const noexcept { return error_ != 0; }
  int error() const noexcept { return error_; }

 protected:
  int_type overflow(int_type c) override;

 private:
  static constexpr std::size_t block = 4096;            // the largest logical block size in use
  static constexpr std::size_t capacity = std::size_t{1} << 21;  // 2 MiB, a multiple of `block`
  bool write_out(const char* data, std::size_t size);
  bool drop_direct();

  struct free_aligned {
    void operator()(char* p) const noexcept;
  };
  std::unique_ptr<char, free_aligned> buffer_;
  int fd_ = -1;
  bool direct_ = false;
  int error_ = 0;
};

}  // namespace refrain::viz::detail
