#ifndef VIGIE_ANALYTICS_TENSION_FORMAT_H_
#define VIGIE_ANALYTICS_TENSION_FORMAT_H_

#include <string>

#include "analytics/tension.h"
#include "analytics/tension_inputs.h"
#include "referential/geography.h"
#include "referential/rome.h"

namespace vigie::analytics {

// What a rendering shows: the query, and labels to name territories and métiers.
struct TensionView {
  const TensionQuery* query = nullptr;
  const TensionInputs* inputs = nullptr;
  const referential::Geography* geo = nullptr;
  const referential::Rome* rome = nullptr;
  size_t top = 0;        // Table: rows per territory (0 = all).
  bool explain = false;  // Table: show each cell's inputs and z-scores.
};

// A readable French table per territory, highest tension first, with the method notes and the
// count of withheld cells; with `explain`, every figure's inputs and intermediate values.
std::string FormatTensionTable(const TensionResult& r, const TensionView& v);
// CSV with ';' separators and decimal commas (French spreadsheets), one row per cell, withheld
// cells included with their reason and empty figures.
std::string FormatTensionCsv(const TensionResult& r, const TensionView& v);
// JSON: query, method (weights, reference moments, cut points), notes and cells.
std::string FormatTensionJson(const TensionResult& r, const TensionView& v);
// JSON of a grand domaine's tension per territory (SummariseTensionByDomain): query, domaine,
// the counts of the whole computation and one row per territory.
std::string FormatDomainTensionJson(const std::vector<DomainTension>& rows, const std::string& grand_domain,
                                    const TensionResult& whole, const TensionView& v);
// The agreement with France Travail's classes as a readable report.
std::string FormatTensionAgreement(const TensionAgreement& a);

}  // namespace vigie::analytics

#endif  // VIGIE_ANALYTICS_TENSION_FORMAT_H_
