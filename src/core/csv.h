#ifndef VIGIE_CORE_CSV_H_
#define VIGIE_CORE_CSV_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace vigie {

// Streams RFC 4180 records out of an in-memory buffer: quoted fields may hold the separator,
// doubled quotes and line breaks; CRLF and LF line ends are both accepted; a leading UTF-8 BOM is
// skipped. The buffer must outlive the reader.
class CsvReader {
 public:
  // `name` is used in error messages; `first_line` is the line number of the buffer's first byte.
  CsvReader(std::string_view data, char separator, std::string name, int first_line = 1);

  // Reads the next record into `fields`. Returns false at the end of the buffer or on a
  // malformed record, in which case status() says why and where.
  bool Next(std::vector<std::string>* fields);

  // The 1-based line on which the record returned by the last Next() began.
  int record_line() const { return record_line_; }
  // Byte offset just past the last record returned.
  size_t offset() const { return pos_; }
  const Status& status() const { return status_; }
  const std::string& name() const { return name_; }

 private:
  // True when data_[i] ends a field: the separator, LF, or a CR before LF or at the very end.
  bool AtFieldEnd(size_t i) const;

  std::string_view data_;
  char sep_;
  std::string name_;
  size_t pos_ = 0;
  int line_;
  int record_line_ = 0;
  Status status_;
};

// Returns the byte length of the longest prefix of `data` made of whole CSV records, read with
// exactly CsvReader's rules (a quote opens a quoted field only at the start of a field). Used to
// cut a stream into chunks that parse the same as the whole.
size_t CompleteCsvRecordsPrefix(std::string_view data, char separator);

// Maps header names to column indexes and checks that required columns are present.
class CsvHeader {
 public:
  // Fails with a message naming `file` and the missing columns.
  static Result<CsvHeader> Parse(const std::vector<std::string>& fields,
                                 const std::vector<std::string>& required, const std::string& file);

  // Index of `column`, or -1 when the header does not have it.
  int Index(const std::string& column) const;
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, int> index_;
};

}  // namespace vigie

#endif  // VIGIE_CORE_CSV_H_
