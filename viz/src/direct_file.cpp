#include "direct_file.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <system_error>
#include <unistd.h>

namespace refrain::viz::detail {

void direct_file::free_aligned::operator()(char* p) const noexcept { std::free(p); }

direct_file::direct_file(const std::string& path) {
  for (auto* buffer : {&filling_, &spare_}) {
    void* memory = nullptr;
    if (const int code = ::posix_memalign(&memory, block, capacity); code != 0) {
      error_ = code;
      return;
    }
    buffer->reset(static_cast<char*>(memory));
  }
  setp(filling_.get(), filling_.get() + capacity);
  constexpr int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  fd_ = ::open(path.c_str(), flags | O_DIRECT, 0666);
  direct_ = fd_ >= 0;
  if (fd_ < 0 && errno == EINVAL) fd_ = ::open(path.c_str(), flags, 0666);  // no O_DIRECT on this file system
  if (fd_ < 0) error_ = errno;
}

direct_file::~direct_file() {
  stop_writer();
  if (fd_ >= 0) ::close(fd_);
}

int direct_file::error() const noexcept {
  const std::lock_guard lock(mutex_);
  return error_;
}

void direct_file::fail(int code) {
  const std::lock_guard lock(mutex_);
  if (error_ == 0) error_ = code;
}

bool direct_file::drop_direct() {
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT) < 0) {
    fail(errno);
    return false;
  }
  direct_ = false;
  return true;
}

// Runs on one thread at a time: the writer, or the owner once the writer is idle.
bool direct_file::write_out(const char* data, std::size_t size) {
  int code = 0;
  while (size > 0 && code == 0) {
    const auto n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      // Some file systems open with O_DIRECT and refuse it only when written.
      if (errno == EINVAL && direct_ && drop_direct()) continue;
      code = errno;
      break;
    }
    if (n == 0) code = EIO;
    data += n;
    size -= static_cast<std::size_t>(n);
    // A short direct write leaves the rest unaligned: it goes through the cache.
    if (direct_ && size > 0 && static_cast<std::size_t>(n) % block != 0 && !drop_direct()) return false;
  }
  const std::lock_guard lock(mutex_);
  if (code != 0 && error_ == 0) error_ = code;
  return error_ == 0;
}

void direct_file::write_behind() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return queued_ != nullptr || stopping_; });
    if (queued_ == nullptr) return;
    const char* data = queued_;
    const std::size_t size = queued_size_;
    lock.unlock();
    if (!failed() && write_out(data, size) && (unsynced_ += size) >= sync_every) {
      // Durable in steps, so the sync before the rename has little left to do.
      unsynced_ = 0;
      if (::fdatasync(fd_) != 0) fail(errno);
    }
    lock.lock();
    queued_ = nullptr;
    changed_.notify_all();
  }
}

// The writer thread starts with the interrupt signals held off, as they are the
// program's main thread's to handle (see output.cpp). False, with the error set,
// if no thread could be had.
bool direct_file::start_writer() {
  if (writer_.joinable()) return true;
  sigset_t held, previous;
  ::sigemptyset(&held);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) ::sigaddset(&held, s);
  ::pthread_sigmask(SIG_BLOCK, &held, &previous);
  try {
    writer_ = std::thread([this] { write_behind(); });
  } catch (const std::system_error& e) {
    fail(e.code().value() != 0 ? e.code().value() : EAGAIN);
  }
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return writer_.joinable();
}

void direct_file::hand_off(const char* data, std::size_t size) {
  const std::lock_guard lock(mutex_);
  queued_ = data;
  queued_size_ = size;
  changed_.notify_all();
}

void direct_file::wait_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queued_ == nullptr; });
}

void direct_file::stop_writer() {
  if (!writer_.joinable()) return;
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  writer_.join();
}

direct_file::int_type direct_file::overflow(int_type c) {
  if (failed()) return traits_type::eof();
  // Whole blocks go to the writer; the rest of a block starts the next buffer,
  // which is the one the writer has finished with.
  const auto held = static_cast<std::size_t>(pptr() - pbase());
  const auto whole = held - held % block;
  wait_idle();
  if (failed() || !start_writer()) return traits_type::eof();
  std::memcpy(spare_.get(), pbase() + whole, held - whole);
  std::swap(filling_, spare_);
  if (whole > 0) hand_off(spare_.get(), whole);
  setp(filling_.get(), filling_.get() + capacity);
  pbump(static_cast<int>(held - whole));
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

bool direct_file::finish() {
  if (fd_ < 0) return false;
  // What is held is written on this thread, once the writer has written the
  // buffer before it: there is nothing left to render beside it. Whole blocks
  // go around the cache, the last partial block through it.
  wait_idle();
  const auto held = static_cast<std::size_t>(pptr() - pbase());
  const auto whole = held - held % block;
  if (!failed() && whole > 0) write_out(pbase(), whole);
  if (!failed() && held > whole && (!direct_ || drop_direct())) write_out(pbase() + whole, held - whole);
  setp(filling_.get(), filling_.get() + capacity);
  stop_writer();
  if (!failed() && ::fsync(fd_) != 0) fail(errno);
  if (::close(fd_) != 0) fail(errno);
  fd_ = -1;
  return !failed();
}

}  // namespace refrain::viz::detail
