#ifndef VIGIE_INGEST_INPUT_H_
#define VIGIE_INGEST_INPUT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"

namespace vigie::ingest {

// A byte stream read from a file, decompressed on the fly when the file starts with a gzip or
// zstd magic number. "-" reads standard input.
class InputStream {
 public:
  virtual ~InputStream() = default;
  // Reads up to `n` bytes into `buf`; returns the count, 0 at the end, or an error.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // Bytes of the underlying (possibly compressed) file consumed so far, for progress.
  virtual int64_t RawBytesRead() const = 0;
  // "plain", "gzip" or "zstd".
  virtual const char* Compression() const = 0;
};

// Opens `path`, detecting compression from its first bytes.
Result<std::unique_ptr<InputStream>> OpenInput(const std::string& path);

// Opens `path` for writing, compressing when it ends in ".gz" or ".zst"; "-" is standard output.
class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual Status Write(const char* data, size_t n) = 0;
  Status Write(const std::string& s) { return Write(s.data(), s.size()); }
  // Flushes and closes; must be called for the file to be complete.
  virtual Status Close() = 0;
};
Result<std::unique_ptr<OutputStream>> OpenOutput(const std::string& path);

// Collects what is written in memory, e.g. to generate data for a benchmark or a test.
class StringOutput : public OutputStream {
 public:
  Status Write(const char* data, size_t n) override {
    text_.append(data, n);
    return Status::Ok();
  }
  Status Close() override { return Status::Ok(); }
  const std::string& text() const { return text_; }
  std::string& text() { return text_; }

 private:
  std::string text_;
};

}  // namespace vigie::ingest

#endif  // VIGIE_INGEST_INPUT_H_
