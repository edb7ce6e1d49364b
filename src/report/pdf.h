#ifndef VIGIE_REPORT_PDF_H_
#define VIGIE_REPORT_PDF_H_

#include <string>

#include "core/status.h"

namespace vigie::report {

// The Chromium to print with: $CHROMIUM when set, else Debian's; "" when none is executable.
std::string FindChromium();

// Prints `html_path` to `pdf_path` with Debian's headless Chromium, an external program started
// with a profile of its own and given two minutes. Fails naming the browser and the file.
Status PrintFileToPdf(const std::string& html_path, const std::string& pdf_path);

// Turns a self-contained HTML page into PDF bytes: an interface, so that the server is tested
// without a browser.
class PdfPrinter {
 public:
  virtual ~PdfPrinter() = default;
  virtual Result<std::string> Print(const std::string& html) const = 0;
};

// PdfPrinter through Chromium (PrintFileToPdf on temporary files, removed after).
class ChromiumPdfPrinter : public PdfPrinter {
 public:
  Result<std::string> Print(const std::string& html) const override;
};

}  // namespace vigie::report

#endif  // VIGIE_REPORT_PDF_H_
