#ifndef VIGIE_INGEST_PIPELINE_H_
#define VIGIE_INGEST_PIPELINE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "ingest/normaliser.h"
#include "store/store.h"

namespace vigie::ingest {

enum class InputFormat { kAuto, kJsonLines, kCsv };

// What an ingest run reads and how.
struct IngestOptions {
  std::vector<std::string> inputs;  // Paths; "-" is standard input (not resumable).
  InputFormat format = InputFormat::kAuto;
  int threads = 0;                  // Parsing threads; 0 means one per core.
  size_t chunk_bytes = 4 << 20;     // Bytes of input per committed batch.
  bool resume = true;               // Continue from the store's checkpoints.
};

// Progress of a run, as reported after each committed batch.
struct Progress {
  int64_t raw_bytes_done = 0;   // Of the input files as stored on disk (compressed or not).
  int64_t raw_bytes_total = 0;  // 0 when unknown (standard input).
  int64_t bytes_parsed = 0;     // Decompressed bytes parsed.
  int64_t records = 0;
  int64_t rejects = 0;
  double seconds = 0;
  std::string file;
};

// Receives progress; implementations draw a bar or write log lines.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void Update(const Progress& p) = 0;
  virtual void Finish(const Progress& p) = 0;
};

// Outcome of one input file.
struct FileReport {
  std::string file;         // Absolute path, as used in rejects and checkpoints.
  std::string format;       // "jsonl" or "csv".
  std::string compression;
  int64_t records = 0;      // Records read in this run (resumed runs count only the rest).
  int64_t rejects = 0;      // Rejects recorded for the file in total.
  bool skipped = false;     // Already fully ingested and unchanged.
  Status status;            // Non-OK when the file could not be opened or read to its end.
};

// Outcome of a run.
struct IngestReport {
  std::vector<FileReport> files;
  store::UpsertStats stats;
  int64_t records = 0;
  int64_t bytes = 0;  // Decompressed bytes parsed.
  double seconds = 0;
  double commit_seconds = 0;  // Of which spent committing to the store (one thread).
  bool ok() const;
};

// Streams every input through parsing and normalisation on `threads` workers and commits the
// results to `store` in input order, one transaction per chunk together with the file's
// checkpoint. Killing the process at any point and running the same call again therefore ends
// in the same store as one uninterrupted run. Bad records become rejects (file, line, reason);
// an unreadable file is reported in its FileReport and the other files still run.
Result<IngestReport> RunIngest(store::Store& store, const Normaliser& normaliser,
                               const IngestOptions& options, ProgressSink* progress);

// Writes every reject of the files in `report` as "file:line<TAB>reason" lines, sorted.
Status WriteRejects(store::Store& store, const IngestReport& report, const std::string& path);

}  // namespace vigie::ingest

#endif  // VIGIE_INGEST_PIPELINE_H_
