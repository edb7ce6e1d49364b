#include "ingest/input.h"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/strings.h"

namespace vigie::ingest {
namespace {

class FileStream : public InputStream {
 public:
  FileStream(FILE* f, std::string path, bool owned) : f_(f), path_(std::move(path)), owned_(owned) {}
  ~FileStream() override {
    if (owned_) fclose(f_);
  }
  Result<size_t> Read(char* buf, size_t n) override {
    size_t got = fread(buf, 1, n, f_);
    if (got == 0 && ferror(f_)) return IoError(path_ + ": read failed: " + std::strerror(errno));
    raw_ += got;
    return got;
  }
  int64_t RawBytesRead() const override { return raw_; }
  const char* Compression() const override { return "plain"; }

 protected:
  FILE* f_;
  std::string path_;
  bool owned_;
  int64_t raw_ = 0;
};

class GzipStream : public InputStream {
 public:
  GzipStream(gzFile gz, std::string path) : gz_(gz), path_(std::move(path)) {
    gzbuffer(gz_, 1 << 18);
  }
  ~GzipStream() override { gzclose(gz_); }
  Result<size_t> Read(char* buf, size_t n) override {
    int got = gzread(gz_, buf, static_cast<unsigned>(n));
    if (got < 0) {
      int err = 0;
      const char* msg = gzerror(gz_, &err);
      return IoError(path_ + ": gzip: " + (msg ? msg : "read failed"));
    }
    if (static_cast<size_t>(got) < n) {
      // zlib reports a stream cut short as Z_BUF_ERROR, which gzread does not treat as fatal.
      int err = Z_OK;
      gzerror(gz_, &err);
      if (err == Z_BUF_ERROR) return IoError(path_ + ": gzip: truncated stream");
      if (got == 0 && !gzeof(gz_)) return IoError(path_ + ": gzip: read failed");
    }
    return static_cast<size_t>(got);
  }
  int64_t RawBytesRead() const override { return gzoffset(gz_); }
  const char* Compression() const override { return "gzip"; }

 private:
  gzFile gz_;
  std::string path_;
};

class ZstdStream : public InputStream {
 public:
  ZstdStream(FILE* f, std::string path)
      : f_(f), path_(std::move(path)), in_buf_(ZSTD_DStreamInSize()), ctx_(ZSTD_createDCtx()) {}
  ~ZstdStream() override {
    ZSTD_freeDCtx(ctx_);
    fclose(f_);
  }
  Result<size_t> Read(char* buf, size_t n) override {
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos == 0) {
      if (in_.pos == in_.size) {
        size_t got = fread(in_buf_.data(), 1, in_buf_.size(), f_);
        if (got == 0) {
          if (ferror(f_)) return IoError(path_ + ": read failed: " + std::strerror(errno));
          if (!frame_done_) return IoError(path_ + ": zstd: truncated stream");
          return size_t{0};
        }
        raw_ += got;
        in_ = ZSTD_inBuffer{in_buf_.data(), got, 0};
      }
      size_t rc = ZSTD_decompressStream(ctx_, &out, &in_);
      if (ZSTD_isError(rc)) return IoError(path_ + ": zstd: " + ZSTD_getErrorName(rc));
      frame_done_ = rc == 0;
    }
    return out.pos;
  }
  int64_t RawBytesRead() const override { return raw_; }
  const char* Compression() const override { return "zstd"; }

 private:
  FILE* f_;
  std::string path_;
  std::vector<char> in_buf_;
  ZSTD_DCtx* ctx_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool frame_done_ = true;
  int64_t raw_ = 0;
};

class FileOutput : public OutputStream {
 public:
  FileOutput(FILE* f, std::string path, bool owned) : f_(f), path_(std::move(path)), owned_(owned) {}
  ~FileOutput() override {
    if (owned_ && f_) fclose(f_);
  }
  Status Write(const char* data, size_t n) override {
    if (fwrite(data, 1, n, f_) != n) return IoError(path_ + ": write failed: " + std::strerror(errno));
    return Status::Ok();
  }
  Status Close() override {
    int rc = owned_ ? fclose(f_) : fflush(f_);
    f_ = owned_ ? nullptr : f_;
    owned_ = false;
    if (rc != 0) return IoError(path_ + ": close failed: " + std::strerror(errno));
    return Status::Ok();
  }

 private:
  FILE* f_;
  std::string path_;
  bool owned_;
};

class GzipOutput : public OutputStream {
 public:
  GzipOutput(gzFile gz, std::string path) : gz_(gz), path_(std::move(path)) {}
  ~GzipOutput() override {
    if (gz_) gzclose(gz_);
  }
  Status Write(const char* data, size_t n) override {
    if (n && gzwrite(gz_, data, static_cast<unsigned>(n)) == 0) return IoError(path_ + ": gzip write failed");
    return Status::Ok();
  }
  Status Close() override {
    int rc = gzclose(gz_);
    gz_ = nullptr;
    return rc == Z_OK ? Status::Ok() : IoError(path_ + ": gzip close failed");
  }

 private:
  gzFile gz_;
  std::string path_;
};

class ZstdOutput : public OutputStream {
 public:
  ZstdOutput(FILE* f, std::string path)
      : f_(f), path_(std::move(path)), ctx_(ZSTD_createCCtx()), out_buf_(ZSTD_CStreamOutSize()) {
    ZSTD_CCtx_setParameter(ctx_, ZSTD_c_compressionLevel, 3);
  }
  ~ZstdOutput() override {
    ZSTD_freeCCtx(ctx_);
    if (f_) fclose(f_);
  }
  Status Write(const char* data, size_t n) override {
    ZSTD_inBuffer in{data, n, 0};
    while (in.pos < in.size) VIGIE_RETURN_IF_ERROR(Pump(&in, ZSTD_e_continue));
    return Status::Ok();
  }
  Status Close() override {
    ZSTD_inBuffer in{nullptr, 0, 0};
    VIGIE_RETURN_IF_ERROR(Pump(&in, ZSTD_e_end));
    int rc = fclose(f_);
    f_ = nullptr;
    return rc == 0 ? Status::Ok() : IoError(path_ + ": close failed");
  }

 private:
  Status Pump(ZSTD_inBuffer* in, ZSTD_EndDirective mode) {
    size_t remaining;
    do {
      ZSTD_outBuffer out{out_buf_.data(), out_buf_.size(), 0};
      remaining = ZSTD_compressStream2(ctx_, &out, in, mode);
      if (ZSTD_isError(remaining)) return IoError(path_ + ": zstd: " + ZSTD_getErrorName(remaining));
      if (fwrite(out_buf_.data(), 1, out.pos, f_) != out.pos) return IoError(path_ + ": write failed");
    } while (mode == ZSTD_e_end ? remaining != 0 : in->pos < in->size);
    return Status::Ok();
  }
  FILE* f_;
  std::string path_;
  ZSTD_CCtx* ctx_;
  std::vector<char> out_buf_;
};

}  // namespace

Result<std::unique_ptr<InputStream>> OpenInput(const std::string& path) {
  if (path == "-") return std::unique_ptr<InputStream>(new FileStream(stdin, "<stdin>", false));
  FILE* f = fopen(path.c_str(), "rb");
  if (f == nullptr) return NotFoundError(path + ": cannot open: " + std::strerror(errno));
  unsigned char magic[4] = {0, 0, 0, 0};
  size_t got = fread(magic, 1, 4, f);
  rewind(f);
  if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    fclose(f);
    gzFile gz = gzopen(path.c_str(), "rb");
    if (gz == nullptr) return IoError(path + ": cannot open gzip stream");
    return std::unique_ptr<InputStream>(new GzipStream(gz, path));
  }
  if (got == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd) {
    return std::unique_ptr<InputStream>(new ZstdStream(f, path));
  }
  return std::unique_ptr<InputStream>(new FileStream(f, path, true));
}

Result<std::unique_ptr<OutputStream>> OpenOutput(const std::string& path) {
  if (path == "-" || path.empty()) {
    return std::unique_ptr<OutputStream>(new FileOutput(stdout, "<stdout>", false));
  }
  if (EndsWith(path, ".gz")) {
    gzFile gz = gzopen(path.c_str(), "wb6");
    if (gz == nullptr) return IoError(path + ": cannot create: " + std::strerror(errno));
    return std::unique_ptr<OutputStream>(new GzipOutput(gz, path));
  }
  FILE* f = fopen(path.c_str(), "wb");
  if (f == nullptr) return IoError(path + ": cannot create: " + std::strerror(errno));
  if (EndsWith(path, ".zst")) return std::unique_ptr<OutputStream>(new ZstdOutput(f, path));
  return std::unique_ptr<OutputStream>(new FileOutput(f, path, true));
}

}  // namespace vigie::ingest
