#ifndef VIGIE_REFERENTIAL_CSV_TABLE_H_
#define VIGIE_REFERENTIAL_CSV_TABLE_H_

#include <functional>
#include <string>
#include <vector>

#include "core/csv.h"
#include "core/file_system.h"
#include "core/status.h"

namespace vigie::referential {

// One data record of a CSV file, with its header for access by column name.
class CsvRow {
 public:
  CsvRow(const CsvHeader* header, const std::vector<std::string>* fields, const std::string* file,
         int line)
      : header_(header), fields_(fields), file_(file), line_(line) {}

  // The field of `column`, or "" when the header has no such column.
  const std::string& Get(const std::string& column) const;
  int line() const { return line_; }
  const std::string& file() const { return *file_; }
  // "file:line: message" as a DataError.
  Status Error(const std::string& message) const;

 private:
  const CsvHeader* header_;
  const std::vector<std::string>* fields_;
  const std::string* file_;
  int line_;
};

// Reads `path` through `fs`, checks that its header has `required` columns and that every record
// has as many fields as the header, and calls `fn` on each record; stops at the first error.
Status ForEachCsvRow(const FileSystem& fs, const std::string& path, char separator,
                     const std::vector<std::string>& required,
                     const std::function<Status(const CsvRow&)>& fn);

}  // namespace vigie::referential

#endif  // VIGIE_REFERENTIAL_CSV_TABLE_H_
