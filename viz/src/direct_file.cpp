#include "direct_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace refrain::viz::detail {

void direct_file::free_aligned::operator()(char* p) const noexcept { std::free(p); }

direct_file::direct_file(const std::string& path) {
  void* memory = nullptr;
  if (const int code = ::posix_memalign(&memory, block, capacity); code != 0) {
    error_ = code;
    return;
  }
  buffer_.reset(static_cast<char*>(memory));
  setp(buffer_.get(), buffer_.get() + capacity);
  constexpr int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  fd_ = ::open(path.c_str(), flags | O_DIRECT, 0666);
  direct_ = fd_ >= 0;
  if (fd_ < 0 && errno == EINVAL) fd_ = ::open(path.c_str(), flags, 0666);  // no O_DIRECT on this file system
  if (fd_ < 0) error_ = errno;
}

direct_file::~direct_file() {
  if (fd_ >= 0) ::close(fd_);
}

bool direct_file::drop_direct() {
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT) < 0) {
    error_ = errno;
    return false;
  }
  direct_ = false;
  return true;
}

bool direct_file::write_out(const char* data, std::size_t size) {
  while (size > 0 && !failed()) {
    const auto n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      // Some file systems open with O_DIRECT and refuse it only when written.
      if (errno == EINVAL && direct_ && drop_direct()) continue;
      error_ = errno;
      break;
    }
    if (n == 0) error_ = EIO;
    data += n;
    size -= static_cast<std::size_t>(n);
    // A short direct write leaves the rest unaligned: it goes through the cache.
    if (direct_ && size > 0 && static_cast<std::size_t>(n) % block != 0) drop_direct();
  }
  return !failed();
}

direct_file::int_type direct_file::overflow(int_type c) {
  if (failed()) return traits_type::eof();
  // Whole blocks go out; the rest of a block stays for the next write.
  const auto held = static_cast<std::size_t>(pptr() - pbase());
  const auto whole = held - held % block;
  if (!write_out(pbase(), whole)) return traits_type::eof();
  std::memmove(pbase(), pbase() + whole, held - whole);
  setp(buffer_.get(), buffer_.get() + capacity);
  pbump(static_cast<int>(held - whole));
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

bool direct_file::finish() {
  if (fd_ < 0) return false;
  if (overflow(traits_type::eof()) != traits_type::eof()) {
    const auto tail = static_cast<std::size_t>(pptr() - pbase());
    if (tail > 0 && (!direct_ || drop_direct())) write_out(pbase(), tail);
    setp(buffer_.get(), buffer_.get() + capacity);
  }
  if (!failed() && ::fsync(fd_) != 0) error_ = errno;
  if (::close(fd_) != 0 && !failed()) error_ = errno;
  fd_ = -1;
  return !failed();
}

}  // namespace refrain::viz::detail
