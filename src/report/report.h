#ifndef VIGIE_REPORT_REPORT_H_
#define VIGIE_REPORT_REPORT_H_

#include <cstddef>
#include <string>

#include "core/status.h"
#include "referential/geography.h"
#include "referential/rome.h"
#include "store/store.h"

namespace vigie::report {

// What the territorial diagnostic covers.
struct ReportOptions {
  referential::Level level = referential::Level::kZe;
  std::string territory;          // Code at `level`.
  std::string year;               // Year of the tension and skills sections (YYYY).
  bool include_synthetic = true;  // Synthetic postings and seekers are used (and said so).
  bool explain = false;           // Appendix: every published tension figure's computation.
  size_t top = 15;                // Rows of the tension table.
  std::string generated_on;       // Date printed in the header (the caller's clock).
};

// Writes the self-contained HTML diagnostic of one territory: a map of it and its neighbours,
// key figures, métiers en tension, saturated and wanted compétences (and ESCO skills when `rome`
// holds them), evolution and forecasts with
// their backtests, job seekers by domain under statistical secrecy, sources and methods. All
// figures come from the analytics library; the page needs no network and prints to A4.
Result<std::string> BuildTerritoryReport(store::Store& store, const referential::Geography& geo,
                                         const referential::Rome& rome, const ReportOptions& options);

}  // namespace vigie::report

#endif  // VIGIE_REPORT_REPORT_H_
