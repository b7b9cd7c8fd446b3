#include <refrain/huge_pages.hpp>

#include <cstdint>
#include <new>
#include <sys/mman.h>

namespace refrain::detail {
namespace {

constexpr std::size_t huge_page = std::size_t{1} << 21;  // 2 MiB on x86-64 and most arm64 kernels

std::size_t rounded(std::size_t bytes) noexcept { return (bytes + huge_page - 1) & ~(huge_page - 1); }

}  // namespace

void* allocate_huge(std::size_t bytes) {
  if (bytes < huge_page) return ::operator new(bytes);
  // Mapped with a huge page's worth to spare, then trimmed to a huge page's
  // alignment, so that every page of the array can be a huge one.
  const auto size = rounded(bytes);
  void* mapped = ::mmap(nullptr, size + huge_page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(mapped);
  const auto aligned = (start + huge_page - 1) & ~(huge_page - 1);
  if (aligned > start) ::munmap(mapped, aligned - start);
  if (const auto tail = start + size + huge_page - (aligned + size); tail > 0)
    ::munmap(reinterpret_cast<void*>(aligned + size), tail);
  ::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);  // advice: refused, it changes nothing
  return reinterpret_cast<void*>(aligned);
}

void free_huge(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
  if (bytes < huge_page) ::operator delete(p);
  else ::munmap(p, rounded(bytes));
}

}  // namespace refrain::detail
