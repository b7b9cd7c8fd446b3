// A new file written around the page cache (O_DIRECT) where the file system
// allows it, through a std::streambuf, by a thread of its own.
//
// The outputs of a large scan are several times the letters (clusters.json and
// members.csv hold every member's text). Written through the page cache, the
// kernel first copies them there and then writes the cache back, which at
// 1 GB of letters cost the machine more CPU time than a quarter of making
// them (docs/performance.md). Whole aligned blocks go straight to the disk; the
// last partial block is written through the cache. A file system that refuses
// O_DIRECT (tmpfs, some network file systems) gets ordinary writes.
//
// A direct write holds its thread until the disk has the data. The thread that
// renders the file hands each full buffer to a writer thread and fills the
// other one meanwhile, so rendering never waits on the disk unless the disk is
// the slower of the two. The writer starts with the first full buffer: a file
// that fits in one (2 MiB) never starts one. It also syncs the file every
// `sync_every` bytes: the disk (or the machine hosting it) may hold gigabytes of
// accepted writes, and the sync before the file is renamed into place would
// otherwise wait for them all with nothing else left to do.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <streambuf>
#include <string>
#include <thread>

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
  bool failed() const noexcept { return error() != 0; }
  int error() const noexcept;

 protected:
  int_type overflow(int_type c) override;

 private:
  static constexpr std::size_t block = 4096;            // the largest logical block size in use
  static constexpr std::size_t capacity = std::size_t{1} << 21;  // 2 MiB, a multiple of `block`
  static constexpr std::size_t sync_every = std::size_t{1} << 28;  // 256 MiB

  struct free_aligned {
    void operator()(char* p) const noexcept;
  };
  using aligned_buffer = std::unique_ptr<char, free_aligned>;

  // The file descriptor and the error are shared with the writer thread.
  bool write_out(const char* data, std::size_t size);  // on the writer, or the owner once the writer is idle
  bool drop_direct();
  void fail(int code);                               // records the first error
  bool start_writer();                               // if not yet started
  void hand_off(const char* data, std::size_t size);  // queues a write for the writer thread
  void wait_idle();                                  // until the writer has no write queued
  void write_behind();                               // the writer thread's loop
  void stop_writer();

  aligned_buffer filling_;  // the put area
  aligned_buffer spare_;    // written by the writer thread while `filling_` fills
  int fd_ = -1;
  bool direct_ = false;
  std::size_t unsynced_ = 0;  // the writer thread's: bytes it wrote since its last sync

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  const char* queued_ = nullptr;  // guarded by mutex_: the write the writer has yet to finish
  std::size_t queued_size_ = 0;
  bool stopping_ = false;
  int error_ = 0;
  std::thread writer_;
};

}  // namespace refrain::viz::detail
