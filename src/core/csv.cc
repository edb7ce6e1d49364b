#include "core/csv.h"

#include "core/strings.h"

namespace vigie {

bool CsvReader::AtFieldEnd(size_t i) const {
  char c = data_[i];
  return c == sep_ || c == '\n' || (c == '\r' && i + 1 < data_.size() && data_[i + 1] == '\n') ||
         (c == '\r' && i + 1 == data_.size());
}

CsvReader::CsvReader(std::string_view data, char separator, std::string name, int first_line)
    : data_(data), sep_(separator), name_(std::move(name)), line_(first_line) {
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (!status_.ok() || pos_ >= data_.size()) return false;
  record_line_ = line_;
  std::string field;
  const size_t n = data_.size();
  while (true) {
    field.clear();
    if (pos_ < n && data_[pos_] == '"') {
      ++pos_;
      while (true) {
        if (pos_ >= n) {
          status_ = DataError(name_ + ":" + std::to_string(record_line_) +
                              ": unterminated quoted field");
          return false;
        }
        char c = data_[pos_];
        if (c == '"') {
          if (pos_ + 1 < n && data_[pos_ + 1] == '"') {
            field.push_back('"');
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (c == '\n') ++line_;
        field.push_back(c);
        ++pos_;
      }
      // Tolerate stray characters between the closing quote and the separator.
      while (pos_ < n && !AtFieldEnd(pos_)) field.push_back(data_[pos_++]);
    } else {
      size_t start = pos_;
      while (pos_ < n && !AtFieldEnd(pos_)) ++pos_;
      field.assign(data_.substr(start, pos_ - start));
    }
    fields->push_back(std::move(field));
    if (pos_ >= n) return true;
    char c = data_[pos_];
    if (c == sep_) {
      ++pos_;
      if (pos_ >= n) {
        fields->emplace_back();
        return true;
      }
      continue;
    }
    if (c == '\r') ++pos_;
    if (pos_ < n && data_[pos_] == '\n') ++pos_;
    ++line_;
    return true;
  }
}

size_t CompleteCsvRecordsPrefix(std::string_view data, char separator) {
  enum { kFieldStart, kUnquoted, kQuoted, kAfterQuote } state = kFieldStart;
  size_t last = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    char c = data[i];
    if (state == kQuoted) {
      if (c == '"') {
        if (i + 1 < data.size() && data[i + 1] == '"') {
          ++i;
        } else if (i + 1 == data.size()) {
          break;  // Cannot tell a closing quote from half of a doubled one yet.
        } else {
          state = kAfterQuote;
        }
      }
      continue;
    }
    if (c == '\n') {
      last = i + 1;
      state = kFieldStart;
    } else if (c == separator) {
      state = kFieldStart;
    } else if (c == '"' && state == kFieldStart) {
      state = kQuoted;
    } else if (state == kFieldStart) {
      state = kUnquoted;
    }
  }
  return last;
}

Result<CsvHeader> CsvHeader::Parse(const std::vector<std::string>& fields,
                                   const std::vector<std::string>& required,
                                   const std::string& file) {
  CsvHeader header;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string name(Trim(fields[i]));
    header.names_.push_back(name);
    header.index_.emplace(name, static_cast<int>(i));
  }
  std::string missing;
  for (const auto& r : required) {
    if (header.index_.find(r) == header.index_.end()) {
      if (!missing.empty()) missing += ", ";
      missing += r;
    }
  }
  if (!missing.empty()) {
    return DataError(file + ":1: wrong header: missing column(s) " + missing + " (found: " +
                     Join(header.names_, ", ") + ")");
  }
  return header;
}

int CsvHeader::Index(const std::string& column) const {
  auto it = index_.find(column);
  return it == index_.end() ? -1 : it->second;
}

}  // namespace vigie
