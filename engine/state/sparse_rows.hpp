#pragma once
/// @brief Records that only a few rows of a table have, kept off its dense columns.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/state/column.hpp"

namespace regsim {

/// One optional Record per row: a 4-byte slot per row (kNone, or the index of the row's record
/// in an append-only pool). A lookup is one array read, whatever order the records were added
/// in, and a row without a record costs 4 bytes instead of sizeof(Record). Records are never
/// removed: a record whose fields are back at their defaults means the same as none.
///
/// Thread safety: find() and writes through the pointer it returns may run in parallel (rows
/// of different blocks have different records); add_row() and get() change the
/// table's shape and must run serially.
template <class Record>
class SparseRows {
 public:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  /// Rows (with or without a record).
  std::size_t size() const { return slot_.size(); }
  /// Rows that have a record.
  std::size_t count() const { return records_.size(); }

  /// Appends a row without a record.
  void add_row() { slot_.push_back(kNone); }
  Column<std::uint32_t>& slots() { return slot_; }  ///< for FirmTable's column helpers

  /// The row's record, or nullptr.
  Record* find(std::size_t row) {
    const auto s = slot_[row];
    return s == kNone ? nullptr : &records_[s];
  }
  const Record* find(std::size_t row) const {
    const auto s = slot_[row];
    return s == kNone ? nullptr : &records_[s];
  }
  /// The row's record's `member`, or `fallback` when the row has no record.
  template <class T>
  T value_or(std::size_t row, T Record::*member, T fallback) const {
    const Record* r = find(row);
    return r ? r->*member : fallback;
  }
  /// The row's record, added with default values if it has none. Serial only (may move records).
  Record& get(std::size_t row) {
    auto& s = slot_[row];
    if (s == kNone) {
      s = static_cast<std::uint32_t>(records_.size());
      records_.emplace_back();
    }
    return records_[s];
  }

 private:
  Column<std::uint32_t> slot_;
  std::vector<Record> records_;
};

}  // namespace regsim
