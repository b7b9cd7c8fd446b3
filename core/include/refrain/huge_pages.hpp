// refrain/huge_pages.hpp — memory for the large arrays that are read at random
// or first touched on one thread.
//
// At 1 GB of letters the shingle sets, link's keys and the union-find arrays
// are each hundreds of MB, read at random: with 4 KiB pages nearly every read
// also misses the TLB. And an array filled on one thread (a vector's
// value-initialisation) takes a page fault per 4 KiB, about 4 µs each on the
// VM measured: tens of ms for a table of one entry per unit or member at
// 100 MB of letters. An array of 2 MiB or more from this allocator asks the
// kernel for transparent huge pages (madvise MADV_HUGEPAGE; the kernel may
// decline, and then nothing changes but the speed). Smaller arrays come from
// the ordinary heap. docs/performance.md has the measurements.
#pragma once

#include <cstddef>
#include <vector>

namespace refrain {
namespace detail {
void* allocate_huge(std::size_t bytes);               // throws std::bad_alloc
void free_huge(void* p, std::size_t bytes) noexcept;  // `bytes` as allocated
}  // namespace detail

template <class T>
struct huge_page_allocator {
  using value_type = T;
  huge_page_allocator() = default;
  template <class U>
  huge_page_allocator(const huge_page_allocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(detail::allocate_huge(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { detail::free_huge(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const huge_page_allocator<U>&) const noexcept { return true; }
};

// A vector whose storage, once 2 MiB or more, asks for huge pages.
template <class T>
using large_vector = std::vector<T, huge_page_allocator<T>>;

}  // namespace refrain
