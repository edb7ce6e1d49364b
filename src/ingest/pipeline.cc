#include "ingest/pipeline.h"

#include <simdjson.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "core/csv.h"
#include "core/strings.h"
#include "ingest/input.h"

namespace vigie::ingest {
namespace {

constexpr size_t kPadding = simdjson::SIMDJSON_PADDING;
constexpr size_t kReadBlock = 1 << 20;

// One input file as planned before reading.
struct FilePlan {
  std::string path;      // As given.
  std::string key;       // Absolute path: the key of checkpoints and rejects.
  bool csv = false;
  int64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t start_offset = 0;
  int64_t start_line = 1;
  bool skip = false;
};

// A run of whole records cut from one file, with where the file stands after it.
struct Chunk {
  uint64_t seq = 0;
  size_t file = 0;
  std::string data;  // `len` bytes of records followed by kPadding spaces.
  size_t len = 0;
  int64_t first_line = 1;
  char separator = ',';
  std::shared_ptr<const CsvPostingColumns> columns;  // Set for CSV files.
  FileCheckpoint checkpoint;
  std::vector<Reject> rejects;  // Found by the reader itself (oversize records, I/O errors).
  Status file_error;
  int64_t raw_bytes = 0;  // Of the file read so far.
};

// A parsed chunk ready to commit.
struct Parsed {
  size_t file = 0;
  store::IngestBatch batch;
  int64_t records = 0;
  int64_t bytes = 0;
  int64_t raw_bytes = 0;
  Status file_error;
};

bool LooksCsv(const std::string& path, InputFormat format, std::string_view head) {
  if (format != InputFormat::kAuto) return format == InputFormat::kCsv;
  std::string p = path;
  for (const char* ext : {".gz", ".zst"}) {
    if (EndsWith(p, ext)) p.resize(p.size() - std::strlen(ext));
  }
  if (EndsWith(p, ".csv")) return true;
  if (EndsWith(p, ".jsonl") || EndsWith(p, ".json") || EndsWith(p, ".ndjson")) return false;
  std::string_view t = Trim(head);
  if (StartsWith(t, "\xEF\xBB\xBF")) t.remove_prefix(3);
  return !(t.empty() || t[0] == '{');
}

int64_t CountNewlines(const char* p, size_t n) {
  int64_t count = 0;
  const char* end = p + n;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr) {
    ++count;
    ++p;
  }
  return count;
}

// Shared state of the reader, the workers and the committing thread.
class Pipeline {
 public:
  Pipeline(const Normaliser& normaliser, const IngestOptions& options, std::vector<FilePlan> plans)
      : normaliser_(normaliser), options_(options), plans_(std::move(plans)) {
    threads_ = options.threads > 0 ? options.threads
                                   : std::max(1u, std::thread::hardware_concurrency());
    // Two chunks per worker and two more at the default chunk size; larger chunks (--batch-mb)
    // count for more, down to one per worker and two more, which still keeps every worker busy.
    const uint64_t threads = static_cast<uint64_t>(threads_);
    const uint64_t by_bytes =
        (threads * 2 + 2) * IngestOptions().chunk_bytes / std::max<size_t>(options.chunk_bytes, 1);
    max_in_flight_ = std::max(threads + 2, std::min(threads * 2 + 2, by_bytes));
  }

  // Runs everything; `commit` is called on the calling thread, in order, for each chunk.
  template <typename CommitFn>
  Status Run(CommitFn&& commit) {
    std::thread reader([this] { ReadAll(); });
    std::vector<std::thread> workers;
    for (int i = 0; i < threads_; ++i) workers.emplace_back([this] { Work(); });
    Status status;
    for (uint64_t seq = 0;; ++seq) {
      std::optional<Parsed> next;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return results_.count(seq) || (reader_done_ && seq >= produced_); });
        if (!results_.count(seq)) break;
        next = std::move(results_[seq]);
        results_.erase(seq);
      }
      status = commit(*next);
      {
        std::lock_guard lock(mu_);
        ++committed_;
        if (!status.ok()) stop_ = true;
      }
      cv_.notify_all();
      if (!status.ok()) break;
    }
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    reader.join();
    for (auto& w : workers) w.join();
    return status;
  }

 private:
  // Hands a chunk to the workers, waiting while too many are in flight. False when stopping.
  bool Emit(Chunk chunk) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return stop_ || produced_ - committed_ < max_in_flight_; });
    if (stop_) return false;
    chunk.seq = produced_++;
    work_.push_back(std::move(chunk));
    cv_.notify_all();
    return true;
  }

  void ReadAll() {
    for (size_t i = 0; i < plans_.size(); ++i) {
      if (plans_[i].skip) continue;
      if (!ReadFile(i)) break;
    }
    std::lock_guard lock(mu_);
    reader_done_ = true;
    cv_.notify_all();
  }

  // Emits a chunk that carries only a file-level error; the checkpoint does not move.
  bool EmitError(size_t file, int64_t line, const Status& error) {
    Chunk c;
    c.file = file;
    c.file_error = error;
    c.data.assign(kPadding, ' ');
    c.rejects.push_back({plans_[file].key, line, error.message()});
    return Emit(std::move(c));
  }

  bool ReadFile(size_t fi) {
    const FilePlan& plan = plans_[fi];
    auto opened = OpenInput(plan.path);
    if (!opened.ok()) return EmitError(fi, 0, opened.status());
    InputStream& in = **opened;
    std::string buf;
    bool eof = false;
    Status read_error;
    // Reads until `buf` holds at least `want` bytes or the stream ends.
    auto fill = [&](size_t want) {
      while (!eof && buf.size() < want) {
        size_t old = buf.size();
        buf.resize(old + kReadBlock);
        auto got = in.Read(buf.data() + old, kReadBlock);
        if (!got.ok()) {
          buf.resize(old);
          read_error = got.status();
          eof = true;
          return;
        }
        buf.resize(old + *got);
        if (*got == 0) eof = true;
      }
    };
    int64_t offset = 0, line = 1;
    char sep = ',';
    std::shared_ptr<const CsvPostingColumns> columns;
    if (plan.csv) {
      size_t header_len = 0;
      while (true) {
        size_t nl = buf.find('\n');
        if (nl != std::string::npos) header_len = nl + 1;
        if (header_len > 0 || eof || buf.size() > kMaxRecordBytes) break;
        fill(buf.size() + kReadBlock);
      }
      if (header_len == 0) header_len = std::min(buf.size(), kMaxRecordBytes);
      if (!read_error.ok()) return EmitError(fi, 1, read_error);
      std::string_view header_line = std::string_view(buf).substr(0, header_len);
      sep = std::count(header_line.begin(), header_line.end(), ';') >
                    std::count(header_line.begin(), header_line.end(), ',') ? ';' : ',';
      CsvReader hr(header_line, sep, plan.key);
      std::vector<std::string> fields;
      if (!hr.Next(&fields)) return EmitError(fi, 1, DataError(plan.key + ":1: no header"));
      auto header = CsvHeader::Parse(fields, {}, plan.key);
      if (!header.ok()) return EmitError(fi, 1, header.status());
      auto cols = CsvPostingColumns::FromHeader(*header, plan.key);
      if (!cols.ok()) return EmitError(fi, 1, cols.status());
      columns = std::make_shared<const CsvPostingColumns>(*cols);
      offset = static_cast<int64_t>(header_len);
      line = 2;
      buf.erase(0, header_len);
    }
    // Resume: drop what the store already has.
    if (plan.start_offset > offset) {
      while (offset < plan.start_offset) {
        fill(std::min<size_t>(kReadBlock, plan.start_offset - offset));
        if (!read_error.ok()) return EmitError(fi, line, read_error);
        size_t drop = std::min<size_t>(buf.size(), plan.start_offset - offset);
        if (drop == 0) break;
        buf.erase(0, drop);
        offset += drop;
      }
      line = plan.start_line;
    }
    std::vector<Reject> pending;
    while (true) {
      fill(options_.chunk_bytes);
      bool final = false;
      size_t cut = 0;
      while (true) {
        // After a read error the tail may be a partial record: commit only whole records.
        final = eof && read_error.ok();
        if (final) {
          cut = buf.size();
        } else if (plan.csv) {
          cut = CompleteCsvRecordsPrefix(buf, sep);
        } else {
          size_t p = buf.rfind('\n');
          cut = p == std::string::npos ? 0 : p + 1;
        }
        if (cut > 0 || final || eof || buf.size() > kMaxRecordBytes) break;
        fill(buf.size() + kReadBlock);  // A long record: read on, up to the record limit.
      }
      if (cut == 0 && !final) {
        if (!read_error.ok()) return EmitError(fi, line, read_error);
        // No record ends within chunk_bytes: the record at `line` is oversize. Skip to the next
        // line break, keeping the memory bounded.
        pending.push_back({plan.key, line, "record exceeds " + std::to_string(kMaxRecordBytes) + " bytes"});
        while (true) {
          size_t nl = buf.find('\n');
          if (nl != std::string::npos) {
            buf.erase(0, nl + 1);
            offset += nl + 1;
            ++line;
            break;
          }
          offset += buf.size();
          buf.clear();
          if (eof) break;
          fill(kReadBlock);
          if (!read_error.ok()) return EmitError(fi, line, read_error);
        }
        continue;
      }
      Chunk c;
      c.file = fi;
      c.len = cut;
      c.data.reserve(cut + kPadding);
      c.data.assign(buf, 0, cut);
      c.data.append(kPadding, ' ');
      c.first_line = line;
      c.separator = sep;
      c.columns = columns;
      c.rejects = std::move(pending);
      pending.clear();
      line += CountNewlines(buf.data(), cut);
      offset += cut;
      buf.erase(0, cut);
      c.checkpoint = FileCheckpoint{plan.key, plan.size, plan.mtime_ns, offset, line, final};
      if (plan.path == "-") c.checkpoint.file.clear();
      c.raw_bytes = in.RawBytesRead();
      if (!Emit(std::move(c))) return false;
      if (!read_error.ok()) return EmitError(fi, line, read_error);
      if (final) return true;
    }
  }

  void Work() {
    while (true) {
      Chunk chunk;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !work_.empty() || reader_done_; });
        if (work_.empty()) {
          if (stop_ || reader_done_) return;
          continue;
        }
        chunk = std::move(work_.front());
        work_.pop_front();
      }
      Parsed parsed = Parse(chunk);
      {
        std::lock_guard lock(mu_);
        results_.emplace(chunk.seq, std::move(parsed));
      }
      cv_.notify_all();
    }
  }

  Parsed Parse(const Chunk& chunk) {
    Parsed out;
    out.file = chunk.file;
    out.file_error = chunk.file_error;
    out.raw_bytes = chunk.raw_bytes;
    out.bytes = static_cast<int64_t>(chunk.len);
    out.batch.checkpoint = chunk.checkpoint;
    out.batch.rejects = chunk.rejects;
    const std::string& key = plans_[chunk.file].key;
    // The chunk's records are parsed first, then normalised in one batch (NormaliseBatch seeks
    // skills in order of fiche), then kept or rejected in input order.
    struct Record {
      int64_t line;
      Status parsed;
    };
    std::vector<Record> records;
    thread_local std::vector<RawPosting> raws;
    size_t parsed_count = 0;
    auto slot = [&]() -> RawPosting& {
      if (raws.size() <= parsed_count) raws.resize(parsed_count + 1);
      return raws[parsed_count];
    };
    auto accept = [&](const Status& parsed, int64_t line) {
      ++out.records;
      records.push_back({line, parsed});
      if (parsed.ok()) ++parsed_count;
    };
    if (chunk.columns) {
      CsvReader reader(std::string_view(chunk.data.data(), chunk.len), chunk.separator, key,
                       static_cast<int>(chunk.first_line));
      std::vector<std::string> fields;
      size_t before = reader.offset();
      while (reader.Next(&fields)) {
        size_t record_bytes = reader.offset() - before;
        before = reader.offset();
        if (fields.size() == 1 && Trim(fields[0]).empty()) continue;
        if (record_bytes > kMaxRecordBytes) {
          accept(DataError("record exceeds " + std::to_string(kMaxRecordBytes) + " bytes"),
                 reader.record_line());
          continue;
        }
        accept(ParseCsvPosting(*chunk.columns, fields, &slot()), reader.record_line());
      }
      if (!reader.status().ok()) {
        accept(DataError("unterminated quoted field"), reader.record_line());
      }
    } else {
      const char* p = chunk.data.data();
      const char* end = p + chunk.len;
      const char* buffer_end = chunk.data.data() + chunk.data.size();
      int64_t line = chunk.first_line;
      while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
        const char* line_end = nl ? nl : end;
        std::string_view text(p, line_end - p);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        if (line == 1 && StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM.
        if (!Trim(text).empty()) {
          if (text.size() > kMaxRecordBytes) {
            accept(DataError("record exceeds " + std::to_string(kMaxRecordBytes) + " bytes"), line);
          } else {
            accept(ParseJsonPosting(text, buffer_end - text.data(), &slot()), line);
          }
        }
        ++line;
        p = line_end + 1;
      }
    }
    thread_local std::vector<Posting> postings;
    std::vector<Status> statuses;
    normaliser_.NormaliseBatch(std::span<const RawPosting>(raws.data(), parsed_count), &postings,
                               &statuses);
    // The records' copies and the postings are kept for the next chunk, but not beyond twice what
    // this one needed.
    if (raws.size() > 2 * parsed_count + 64) raws.resize(parsed_count);
    if (postings.size() > 2 * parsed_count + 64) postings.resize(parsed_count);
    size_t k = 0;
    for (const Record& r : records) {
      const Status& s = r.parsed.ok() ? statuses[k] : r.parsed;
      if (s.ok()) {
        out.batch.postings.push_back(std::move(postings[k]));
      } else {
        out.batch.rejects.push_back({key, r.line, s.message()});
      }
      if (r.parsed.ok()) ++k;
    }
    return out;
  }

  const Normaliser& normaliser_;
  const IngestOptions& options_;
  std::vector<FilePlan> plans_;
  int threads_ = 1;
  uint64_t max_in_flight_ = 4;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Chunk> work_;
  std::map<uint64_t, Parsed> results_;
  uint64_t produced_ = 0;
  uint64_t committed_ = 0;
  bool reader_done_ = false;
  bool stop_ = false;

 public:
  const std::vector<FilePlan>& plans() const { return plans_; }
};

std::string AbsolutePath(const std::string& path) {
  if (path == "-") return "<stdin>";
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf) != nullptr) return buf;
  return path;
}

}  // namespace

bool IngestReport::ok() const {
  for (const auto& f : files) {
    if (!f.status.ok()) return false;
  }
  return true;
}

Result<IngestReport> RunIngest(store::Store& store, const Normaliser& normaliser,
                               const IngestOptions& options, ProgressSink* progress) {
  if (options.inputs.empty()) return InvalidArgumentError("no input files given");
  auto start = std::chrono::steady_clock::now();
  IngestReport report;
  std::vector<FilePlan> plans;
  int64_t total_raw = 0;
  for (const auto& path : options.inputs) {
    FilePlan plan;
    plan.path = path;
    plan.key = AbsolutePath(path);
    FileReport fr;
    fr.file = plan.key;
    // A file that cannot be opened is reported and skipped; the other files still run.
    auto skip_file = [&](const Status& why) {
      spdlog::error("{}", why.message());
      fr.status = why;
      plan.skip = true;
      plans.push_back(plan);
      report.files.push_back(fr);
    };
    if (path != "-") {
      struct stat st;
      if (::stat(path.c_str(), &st) != 0) {
        skip_file(NotFoundError(path + ": cannot read input file: " + std::strerror(errno)));
        continue;
      }
      plan.size = st.st_size;
      plan.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    }
    // Sniff the format from the decompressed head.
    std::string head(256, '\0');
    auto in = OpenInput(path);
    if (!in.ok()) {
      skip_file(in.status());
      continue;
    }
    fr.compression = (*in)->Compression();
    if (path != "-") {
      auto got = (*in)->Read(head.data(), head.size());
      head.resize(got.ok() ? *got : 0);
    } else {
      head.clear();
    }
    plan.csv = LooksCsv(path, options.format, head);
    fr.format = plan.csv ? "csv" : "jsonl";
    if (path == "-") {
      // Standard input cannot resume: start its rejects afresh on every run.
      Status reset = store.ResetFile(FileCheckpoint{plan.key, 0, 0, 0, 1, false});
      if (!reset.ok()) return reset.WithContext(path);
    } else {
      auto cp = store.GetCheckpoint(plan.key);
      if (!cp.ok()) return cp.status().WithContext(path);
      bool same_file = *cp && (*cp)->size == plan.size && (*cp)->mtime_ns == plan.mtime_ns;
      if (options.resume && same_file && (*cp)->done) {
        plan.skip = true;
        fr.skipped = true;
        spdlog::info("{}: already ingested and unchanged, skipped (use --no-resume to force)", path);
      } else if (options.resume && same_file) {
        plan.start_offset = (*cp)->offset;
        plan.start_line = (*cp)->line;
        spdlog::info("{}: resuming at line {} (byte {})", path, (*cp)->line, (*cp)->offset);
      } else {
        Status reset = store.ResetFile(FileCheckpoint{plan.key, plan.size, plan.mtime_ns, 0, 1, false});
        if (!reset.ok()) return reset.WithContext(path);
      }
    }
    total_raw += plan.size;
    plans.push_back(plan);
    report.files.push_back(fr);
  }

  std::vector<int64_t> raw_done(plans.size(), 0);
  Progress prog;
  prog.raw_bytes_total = total_raw;
  for (size_t i = 0; i < plans.size(); ++i) {
    if (plans[i].skip) raw_done[i] = plans[i].size;
  }
  Pipeline pipeline(normaliser, options, plans);
  Status status = pipeline.Run([&](Parsed& parsed) -> Status {
    FileReport& fr = report.files[parsed.file];
    if (!parsed.file_error.ok()) fr.status = parsed.file_error;
    if (!parsed.batch.postings.empty() || !parsed.batch.rejects.empty() ||
        !parsed.batch.checkpoint.file.empty()) {
      auto commit_start = std::chrono::steady_clock::now();
      VIGIE_ASSIGN_OR_RETURN(store::UpsertStats s, store.CommitBatch(parsed.batch));
      report.commit_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_start).count();
      report.stats += s;
    }
    fr.records += parsed.records;
    report.records += parsed.records;
    report.bytes += parsed.bytes;
    raw_done[parsed.file] = std::max(raw_done[parsed.file], parsed.raw_bytes);
    prog.raw_bytes_done = 0;
    for (int64_t r : raw_done) prog.raw_bytes_done += r;
    prog.bytes_parsed = report.bytes;
    prog.records = report.records;
    prog.rejects += static_cast<int64_t>(parsed.batch.rejects.size());
    prog.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    prog.file = plans[parsed.file].path;
    if (progress) progress->Update(prog);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  for (size_t i = 0; i < plans.size(); ++i) {
    VIGIE_ASSIGN_OR_RETURN(std::vector<Reject> rejects, store.Rejects(plans[i].key));
    report.files[i].rejects = static_cast<int64_t>(rejects.size());
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  prog.seconds = report.seconds;
  if (progress) progress->Finish(prog);
  return report;
}

Status WriteRejects(store::Store& store, const IngestReport& report, const std::string& path) {
  std::vector<Reject> all;
  for (const auto& f : report.files) {
    VIGIE_ASSIGN_OR_RETURN(std::vector<Reject> r, store.Rejects(f.file));
    all.insert(all.end(), r.begin(), r.end());
  }
  std::string out;
  for (const auto& r : all) {
    out += r.file + ":" + std::to_string(r.line) + "\t" + r.reason + "\n";
  }
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return IoError(path + ": cannot write rejects file: " + std::strerror(errno));
  size_t n = std::fwrite(out.data(), 1, out.size(), f);
  int rc = std::fclose(f);
  if (n != out.size() || rc != 0) return IoError(path + ": write failed");
  return Status::Ok();
}

}  // namespace vigie::ingest
