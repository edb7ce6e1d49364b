#include "core/dates.h"

#include <cstdio>

namespace vigie {

std::string IsoDate(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::chrono::sys_days ParseIsoDay(std::string_view ymd) {
  auto number = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n && i < ymd.size(); ++i) v = v * 10 + (ymd[i] - '0');
    return v;
  };
  return std::chrono::sys_days{std::chrono::year(number(0, 4)) / std::chrono::month(static_cast<unsigned>(number(5, 2))) /
                               std::chrono::day(static_cast<unsigned>(number(8, 2)))};
}

}  // namespace vigie
