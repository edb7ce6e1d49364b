#include "referential/csv_table.h"

namespace vigie::referential {

const std::string& CsvRow::Get(const std::string& column) const {
  static const std::string kEmpty;
  int i = header_->Index(column);
  if (i < 0 || static_cast<size_t>(i) >= fields_->size()) return kEmpty;
  return (*fields_)[i];
}

Status CsvRow::Error(const std::string& message) const {
  return DataError(*file_ + ":" + std::to_string(line_) + ": " + message);
}

Status ForEachCsvRow(const FileSystem& fs, const std::string& path, char separator,
                     const std::vector<std::string>& required,
                     const std::function<Status(const CsvRow&)>& fn) {
  VIGIE_ASSIGN_OR_RETURN(std::string data, fs.ReadFile(path));
  CsvReader reader(data, separator, path);
  std::vector<std::string> fields;
  if (!reader.Next(&fields)) {
    if (!reader.status().ok()) return reader.status();
    return DataError(path + ":1: empty file, expected a header");
  }
  VIGIE_ASSIGN_OR_RETURN(CsvHeader header, CsvHeader::Parse(fields, required, path));
  while (reader.Next(&fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue;  // Blank line.
    CsvRow row(&header, &fields, &path, reader.record_line());
    if (fields.size() != header.size()) {
      return row.Error("expected " + std::to_string(header.size()) + " fields, found " +
                       std::to_string(fields.size()));
    }
    VIGIE_RETURN_IF_ERROR(fn(row));
  }
  return reader.status();
}

}  // namespace vigie::referential
