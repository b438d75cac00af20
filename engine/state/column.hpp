#pragma once
/// @brief Storage of agent table columns.

#include <sys/mman.h>

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>
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

/// A ColumnAllocator whose resize(n) leaves new elements default-initialised (for double:
/// unwritten) instead of zeroing them: for per-firm scratch that a parallel loop fills, so that
/// the pages of a fresh buffer are first touched by that loop on every thread, not by a serial
/// zero fill before it.
template <class T>
struct UnzeroedColumnAllocator : ColumnAllocator<T> {
  template <class U>
  struct rebind {
    using other = UnzeroedColumnAllocator<U>;
  };
  UnzeroedColumnAllocator() = default;
  template <class U>
  UnzeroedColumnAllocator(const UnzeroedColumnAllocator<U>&) noexcept {}  // NOLINT: implicit

  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// Per-firm scratch filled by a parallel loop before it is read (see UnzeroedColumnAllocator).
template <class T>
using ScratchColumn = std::vector<T, UnzeroedColumnAllocator<T>>;

}  // namespace regsim
