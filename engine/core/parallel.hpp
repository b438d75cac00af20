#pragma once
/// @brief Deterministic data parallelism over agent tables.
///
/// Work is cut into blocks whose boundaries depend only on the number of items, never on the
/// number of threads. Each block is processed by one task; per-block partial sums are combined
/// in block order. So a reduction gives bit-identical results on 1 or 64 threads.

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace regsim {

/// Block boundaries for n items: at least kMinBlock items a block, at most kMaxBlocks blocks.
struct BlockPlan {
  static constexpr std::size_t kMinBlock = 2048;
  static constexpr std::size_t kMaxBlocks = 256;

  explicit BlockPlan(std::size_t n) : n(n) {
    size = std::max(kMinBlock, (n + kMaxBlocks - 1) / kMaxBlocks);
    count = (n + size - 1) / size;
  }
  std::size_t begin(std::size_t b) const { return b * size; }
  std::size_t end(std::size_t b) const { return std::min(n, (b + 1) * size); }

  std::size_t n = 0;
  std::size_t size = 0;
  std::size_t count = 0;
};

/// Calls fn(begin, end) for every block of [0, n), in parallel. fn must only write rows in
/// [begin, end) of shared tables.
template <class Fn>
void parallel_rows(std::size_t n, Fn&& fn) {
  const BlockPlan plan(n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, plan.count, 1),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t b = r.begin(); b != r.end(); ++b)
                        fn(plan.begin(b), plan.end(b));
                    });
}

/// Per-block accumulators of `width` doubles, summed in block order. Reused across years so
/// that the yearly loop does not allocate.
class BlockSums {
 public:
  /// Runs fn(begin, end, acc) for every block of [0, n) in parallel, where acc is a zeroed span
  /// of `width` doubles private to the block; then writes the block-ordered sum into `total`:
  /// total[k] = 0 + block 0 + block 1 + ... in block order, for every k < width (the rest of
  /// `total` is zeroed).
  template <class Fn>
  void reduce(std::size_t n, std::size_t width, std::span<double> total, Fn&& fn) {
    const BlockPlan plan(n);
    if (total.size() > width)
      std::fill(total.begin() + static_cast<std::ptrdiff_t>(width), total.end(), 0.0);
    if (plan.count * width < kWide)
      reduce_all(plan, width, total, fn);
    else
      reduce_streamed(plan, width, total, fn);
  }

 private:
  /// Block-values from which a reduction is streamed rather than held for all blocks at once.
  static constexpr std::size_t kWide = 1u << 16;

  /// Narrow sums: every block's accumulators at once (each block zeroes its own in its task),
  /// then combined in block order.
  template <class Fn>
  void reduce_all(const BlockPlan& plan, std::size_t width, std::span<double> total, Fn& fn) {
    partial_.resize(plan.count * width);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, plan.count, 1),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t b = r.begin(); b != r.end(); ++b) {
                          const std::span<double> acc(partial_.data() + b * width, width);
                          std::fill(acc.begin(), acc.end(), 0.0);
                          fn(plan.begin(b), plan.end(b), acc);
                        }
                      });
    std::fill(total.begin(), total.begin() + static_cast<std::ptrdiff_t>(width), 0.0);
    for (std::size_t b = 0; b < plan.count; ++b)
      for (std::size_t k = 0; k < width; ++k) total[k] += partial_[b * width + k];
  }

  /// Wide sums (cell totals: 432 cells x 25 variables x up to 256 blocks would hold 22 MB): a
  /// pipeline with a few accumulators in flight. Blocks are computed in parallel and added to
  /// `total` one after another in block order as they finish, so each total has the same
  /// order of additions as reduce_all's.
  template <class Fn>
  void reduce_streamed(const BlockPlan& plan, std::size_t width, std::span<double> total, Fn& fn) {
    const auto tokens =
        std::min(plan.count, 2 * static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()));
    partial_.resize(tokens * width);
    std::fill(total.begin(), total.begin() + static_cast<std::ptrdiff_t>(width), 0.0);
    std::size_t next = 0;
    // Blocks leave the pipeline in order and at most `tokens` are in it, so when block b
    // enters, block b - tokens (the last user of buffer b % tokens) has left.
    tbb::parallel_pipeline(
        tokens, tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order,
                                                    [&](tbb::flow_control& control) -> std::size_t {
                                                      if (next == plan.count) {
                                                        control.stop();
                                                        return 0;
                                                      }
                                                      return next++;
                                                    }) &
                    tbb::make_filter<std::size_t, std::size_t>(
                        tbb::filter_mode::parallel,
                        [&](std::size_t b) {
                          const std::span<double> acc(partial_.data() + (b % tokens) * width,
                                                      width);
                          std::fill(acc.begin(), acc.end(), 0.0);
                          fn(plan.begin(b), plan.end(b), acc);
                          return b;
                        }) &
                    tbb::make_filter<std::size_t, void>(
                        tbb::filter_mode::serial_in_order, [&](std::size_t b) {
                          const double* acc = partial_.data() + (b % tokens) * width;
                          for (std::size_t k = 0; k < width; ++k) total[k] += acc[k];
                        }));
  }

  std::vector<double> partial_;
};

/// Items found by a parallel pass over rows, written in place in row order, without per-block
/// lists: count(begin, end) returns how many items a block of rows has (blocks in parallel),
/// the counts give each block its range of `out`, and fill(begin, end, first) writes the
/// block's items from `first` on (blocks in parallel). The same on any number of threads.
/// `offsets` is scratch, reused so that the yearly loop does not allocate.
template <class Out, class Count, class Fill>
void gather_rows(std::size_t n, Out& out, std::vector<std::size_t>& offsets, Count&& count,
                 Fill&& fill) {
  const BlockPlan plan(n);
  offsets.assign(plan.count + 1, 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, plan.count, 1),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t b = r.begin(); b != r.end(); ++b)
                        offsets[b + 1] = count(plan.begin(b), plan.end(b));
                    });
  for (std::size_t b = 0; b < plan.count; ++b) offsets[b + 1] += offsets[b];
  out.resize(offsets[plan.count]);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, plan.count, 1),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t b = r.begin(); b != r.end(); ++b)
                        fill(plan.begin(b), plan.end(b), out.data() + offsets[b]);
                    });
}

/// Items found by a parallel pass over rows, in row order: each block appends what it finds in
/// its rows to a list of its own, and the lists are concatenated in block order, so the result
/// is the same on any number of threads. The per-block lists are reused across years.
template <class T>
class BlockLists {
 public:
  /// Runs fn(begin, end, found) for every block of [0, n) in parallel, where `found` is an empty
  /// list private to the block; then replaces `out` with the blocks' lists in block order.
  template <class Fn>
  void collect(std::size_t n, std::vector<T>& out, Fn&& fn) {
    const BlockPlan plan(n);
    if (lists_.empty()) lists_.resize(BlockPlan::kMaxBlocks);  // lists never move
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, plan.count, 1),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t b = r.begin(); b != r.end(); ++b) {
                          auto& found = lists_[b];
                          found.clear();
                          if (found.capacity() < kFirstCapacity) found.reserve(kFirstCapacity);
                          fn(plan.begin(b), plan.end(b), found);
                        }
                      });
    std::size_t total = 0;
    for (std::size_t b = 0; b < plan.count; ++b) total += lists_[b].size();
    out.clear();
    // With room to spare: counts tend to grow from year to year.
    if (out.capacity() < total) out.reserve(std::max(2 * total, kFirstCapacity));
    for (std::size_t b = 0; b < plan.count; ++b)
      out.insert(out.end(), lists_[b].begin(), lists_[b].end());
  }

 private:
  /// Room every list starts with, so that small runs do not reallocate from year to year.
  static constexpr std::size_t kFirstCapacity = 256;
  std::vector<std::vector<T>> lists_;
};

}  // namespace regsim
