#include "report/pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern char** environ;

namespace vigie::report {
namespace {

// A folder of our own under /tmp, removed with everything in it when the object goes; `path` is
// "" when it could not be made.
struct TempDir {
  explicit TempDir(const std::string& prefix) {
    std::string name = "/tmp/" + prefix + "-XXXXXX";
    if (::mkdtemp(name.data())) path = name;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path;
};

}  // namespace

std::string FindChromium() {
  const char* given = std::getenv("CHROMIUM");
  if (given && *given) return ::access(given, X_OK) == 0 ? given : "";
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
    if (::access(candidate, X_OK) == 0) return candidate;
  }
  return "";
}

Status PrintFileToPdf(const std::string& html_path, const std::string& pdf_path) {
  const std::string browser = FindChromium();
  if (browser.empty()) return NotFoundError("no Chromium found to print the PDF: run scripts/install-deps");
  // A file URL: every byte outside the unreserved set percent-encoded ('#', '?', spaces…).
  std::string url = "file://";
  for (unsigned char c : std::filesystem::absolute(html_path).string()) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == '~') {
      url += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      url += buf;
    }
  }
  std::error_code ignored;
  std::filesystem::remove(pdf_path, ignored);  // So that an old PDF cannot pass for a new one.
  // A profile of its own, so that two prints never share one; no background traffic.
  TempDir profile("vigie-chromium");
  if (profile.path.empty()) return IoError("cannot create a profile folder for Chromium");
  std::vector<std::string> argv = {browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                   "--no-first-run", "--user-data-dir=" + profile.path,
                                   "--print-to-pdf=" + pdf_path, url};
  std::vector<char*> c_argv;
  for (auto& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  pid_t pid;
  // Chromium gets none of our descriptors (a server's listening socket and connections would stay
  // open in it), default signals with none blocked (the server blocks SIGINT / SIGTERM for its
  // waiter thread), and a process group of its own, so that a time-out kills its helpers too.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  int rc = posix_spawn(&pid, browser.c_str(), &actions, &attr, c_argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return IoError("cannot start " + browser + ": " + std::strerror(rc));
  int status = 0;
  auto kill_all = [&] {
    ::kill(-pid, SIGKILL);
    waitpid(pid, &status, 0);
  };
  // Bounded: Chromium gets two minutes.
  for (int waited_ms = 0;; waited_ms += 100) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) {
      kill_all();
      return IoError("waiting for " + browser + " failed");
    }
    if (waited_ms >= 120000) {
      kill_all();
      return IoError(browser + " did not print " + html_path + " within 120 s");
    }
    ::usleep(100000);
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || ::access(pdf_path.c_str(), R_OK) != 0) {
    return IoError(browser + " could not print " + html_path + " to " + pdf_path);
  }
  return Status::Ok();
}

Result<std::string> ChromiumPdfPrinter::Print(const std::string& html) const {
  TempDir dir("vigie-pdf");
  if (dir.path.empty()) return IoError("cannot create a folder to print the PDF");
  const std::string html_path = dir.path + "/page.html", pdf_path = dir.path + "/page.pdf";
  {
    std::ofstream out(html_path, std::ios::binary);
    out << html;
    if (!out.good()) return IoError(html_path + ": cannot write");
  }
  VIGIE_RETURN_IF_ERROR(PrintFileToPdf(html_path, pdf_path));
  std::ifstream in(pdf_path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.rfind("%PDF", 0) != 0) return IoError("Chromium wrote no PDF");
  return bytes;
}

}  // namespace vigie::report
