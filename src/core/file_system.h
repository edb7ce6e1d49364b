#ifndef VIGIE_CORE_FILE_SYSTEM_H_
#define VIGIE_CORE_FILE_SYSTEM_H_

#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace vigie {

// The few file operations the referential readers need, so that tests can serve hand-written
// fixtures from memory instead of the disk.
class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Returns the whole content of `path`, or NotFound / IoError naming the path.
  virtual Result<std::string> ReadFile(const std::string& path) const = 0;
  virtual bool Exists(const std::string& path) const = 0;
  // Returns the names (not paths) of the entries of directory `dir`, sorted.
  virtual Result<std::vector<std::string>> ListDir(const std::string& dir) const = 0;
};

// Reads the real disk.
class RealFileSystem : public FileSystem {
 public:
  Result<std::string> ReadFile(const std::string& path) const override;
  bool Exists(const std::string& path) const override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) const override;
};

// Serves files added with Add(); paths are compared as given.
class MemoryFileSystem : public FileSystem {
 public:
  void Add(const std::string& path, std::string content) { files_[path] = std::move(content); }
  Result<std::string> ReadFile(const std::string& path) const override;
  bool Exists(const std::string& path) const override { return files_.count(path) > 0; }
  Result<std::vector<std::string>> ListDir(const std::string& dir) const override;

 private:
  std::map<std::string, std::string> files_;
};

// Joins two path pieces with exactly one '/'.
std::string JoinPath(const std::string& a, const std::string& b);

}  // namespace vigie

#endif  // VIGIE_CORE_FILE_SYSTEM_H_
