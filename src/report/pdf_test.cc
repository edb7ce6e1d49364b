#include "report/pdf.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "test_util.h"

namespace vigie::report {
namespace {

// A stand-in for Chromium ($CHROMIUM): records the descriptors and blocked signals it got, then
// writes a PDF where --print-to-pdf says.
TEST(PdfTest, ThePrinterGetsNoDescriptorAndNoBlockedSignal) {
  const std::string dir = testing::MakeTempDir();
  testing::WriteFile(dir, "fake-chromium",
                     "#!/bin/sh\n"
                     // Builtins only: dash keeps all signals blocked while a vfork'd child
                     // starts, so a child reading the shell's mask could see that instead.
                     "while read -r k v; do [ \"$k\" = SigBlk: ] && echo \"$k $v\" > " + dir +
                         "/sigblk; done < /proc/$$/status\n"
                     "ls /proc/$$/fd > " + dir + "/fds\n"
                     "for a in \"$@\"; do case \"$a\" in --print-to-pdf=*) printf '%%PDF-1.4' > \"${a#--print-to-pdf=}\";; esac; done\n");
  ASSERT_EQ(::chmod((dir + "/fake-chromium").c_str(), 0755), 0);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);  // A descriptor of ours, as a server's socket would be.
  sigset_t blocked, old;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &blocked, &old);
  setenv("CHROMIUM", (dir + "/fake-chromium").c_str(), 1);
  auto pdf = ChromiumPdfPrinter().Print("<!doctype html><title>t</title>");
  unsetenv("CHROMIUM");
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->substr(0, 4), "%PDF");
  const std::string listed = "\n" + testing::ReadFile(dir + "/fds");
  EXPECT_EQ(listed.find("\n" + std::to_string(fds[0]) + "\n"), std::string::npos) << listed;
  EXPECT_EQ(listed.find("\n" + std::to_string(fds[1]) + "\n"), std::string::npos) << listed;
  EXPECT_NE(testing::ReadFile(dir + "/sigblk").find("0000000000000000"), std::string::npos)
      << testing::ReadFile(dir + "/sigblk");
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(PdfTest, NoBrowserIsAClearError) {
  setenv("CHROMIUM", "/nonexistent/chromium", 1);
  EXPECT_EQ(FindChromium(), "");
  auto pdf = ChromiumPdfPrinter().Print("<html></html>");
  unsetenv("CHROMIUM");
  ASSERT_FALSE(pdf.ok());
  EXPECT_NE(pdf.status().message().find("no Chromium"), std::string::npos);
}

}  // namespace
}  // namespace vigie::report
