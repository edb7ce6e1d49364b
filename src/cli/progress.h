#ifndef VIGIE_CLI_PROGRESS_H_
#define VIGIE_CLI_PROGRESS_H_

#include <memory>

#include "ingest/pipeline.h"

namespace vigie::cli {

// A progress bar on a terminal (records/s, MB/s, ETA), or a log line every few seconds when
// standard error is not a terminal.
std::unique_ptr<ingest::ProgressSink> MakeProgressSink(bool enabled);

}  // namespace vigie::cli

#endif  // VIGIE_CLI_PROGRESS_H_
