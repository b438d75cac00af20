#pragma once
/// @brief Storage of agent table columns.

#include <sys/mman.h>

#include <cstddef>
#include <new>
#include <vector>

namespace regsim {

/// Allocator of table columns: large buffers (>= kMappedBytes) are mapped on their own and
/// unmapped when freed. A column that grows is copied to a buffer twice as large; with malloc,
/// glibc raises its mmap threshold after each large free (up to 32 MiB), so the old buffers of
/// growing columns would stay in the heap, resident (about 18 bytes per firm of peak memory at
/// N = 1e6). Only columns use it, so the rest of the process keeps malloc's behaviour (a fixed
/// threshold for everything slows sweeps of many small runs down by half).
template <class T>
struct ColumnAllocator {
  using value_type = T;
  static constexpr std::size_t kMappedBytes = std::size_t{1} << 20;

  ColumnAllocator() = default;
  template <class U>
  ColumnAllocator(const ColumnAllocator<U>&) noexcept {}  // NOLINT: implicit by design

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kMappedBytes) return static_cast<T*>(::operator new(bytes));
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kMappedBytes)
      ::operator delete(p);
    else
      munmap(p, bytes);
  }
  friend bool operator==(const ColumnAllocator&, const ColumnAllocator&) { return true; }
};

/// A column of an agent table.
template <class T>
using Column = std::vector<T, ColumnAllocator<T>>;

}  // namespace regsim
