#include "report/xlsx.h"

#include <xlsxwriter.h>

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/csv.h"

namespace vigie::report {
namespace {

// A French decimal ("12", "-0,25") as a number; other text (codes such as "0203" keep their
// leading zero) stays text.
bool AsNumber(const std::string& s, double* out) {
  if (s.empty() || s.size() > 32) return false;
  if (s.size() > 1 && s[0] == '0' && s[1] != ',') return false;  // A code, not a number.
  if (s.size() > 2 && s[0] == '-' && s[1] == '0' && s[2] != ',') return false;
  std::string t = s;
  std::replace(t.begin(), t.end(), ',', '.');
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), *out);
  return ec == std::errc() && end == t.data() + t.size();
}

}  // namespace

Status WriteCsvAsXlsx(const std::string& csv, const std::string& sheet, const std::string& path) {
  CsvReader reader(csv, ';', path);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (reader.Next(&fields)) rows.push_back(fields);
  if (!reader.status().ok()) return reader.status();
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return IoError(path + ": cannot create the workbook");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.substr(0, 31).c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  // Identifier columns stay text even when they look like numbers (territory and ROME codes).
  std::vector<bool> text_column;
  if (!rows.empty()) {
    for (const auto& h : rows[0]) {
      text_column.push_back(h == "territoire" || h == "code" || h == "rome" || h == "mois" || h == "periode");
    }
  }
  std::vector<size_t> width;
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& v = rows[r][c];
      double number;
      const auto row = static_cast<lxw_row_t>(r);
      const auto col = static_cast<lxw_col_t>(c);
      const bool text = c < text_column.size() && text_column[c];
      if (r > 0 && !text && AsNumber(v, &number)) {
        worksheet_write_number(ws, row, col, number, nullptr);
      } else if (!v.empty()) {
        worksheet_write_string(ws, row, col, v.c_str(), r == 0 ? bold : nullptr);
      }
      if (width.size() <= c) width.resize(c + 1, 8);
      width[c] = std::min<size_t>(60, std::max(width[c], v.size() + 2));
    }
  }
  for (size_t c = 0; c < width.size(); ++c) {
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), static_cast<double>(width[c]), nullptr);
  }
  worksheet_freeze_panes(ws, 1, 0);
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) return IoError(path + ": cannot write the workbook: " + lxw_strerror(err));
  return Status::Ok();
}

Result<std::string> CsvAsXlsxBytes(const std::string& csv, const std::string& sheet) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/vigie-xlsx-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) return IoError(path + ": cannot create a temporary file");
  close(fd);
  Status status = WriteCsvAsXlsx(csv, sheet, path);
  std::string bytes;
  if (status.ok()) {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (bytes.empty()) status = IoError(path + ": the workbook is empty");
  }
  std::remove(path.c_str());
  if (!status.ok()) return status;
  return bytes;
}

}  // namespace vigie::report
