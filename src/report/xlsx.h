#ifndef VIGIE_REPORT_XLSX_H_
#define VIGIE_REPORT_XLSX_H_

#include <string>

#include "core/status.h"

namespace vigie::report {

// Writes `csv` (vigie's French CSV: ';' separators, decimal commas, a header line) as an Excel
// workbook at `path` with one sheet named `sheet`: the header in bold and frozen, numbers as
// numbers (so that spreadsheets can sum and sort them), everything else — and identifier columns
// (territoire, code, rome, mois, periode) whatever they look like — as text. Uses
// libxlsxwriter. Fails naming the file when it cannot be written or the CSV is malformed.
Status WriteCsvAsXlsx(const std::string& csv, const std::string& sheet, const std::string& path);

// The same workbook as bytes, for a download (written through a temporary file, removed after:
// Debian's libxlsxwriter has no memory output).
Result<std::string> CsvAsXlsxBytes(const std::string& csv, const std::string& sheet);

}  // namespace vigie::report

#endif  // VIGIE_REPORT_XLSX_H_
