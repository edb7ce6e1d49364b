#ifndef VIGIE_CORE_DATES_H_
#define VIGIE_CORE_DATES_H_

#include <chrono>
#include <string>
#include <string_view>

namespace vigie {

// "YYYY-MM-DD" of a day.
std::string IsoDate(std::chrono::sys_days day);

// The day of a "YYYY-MM-DD" text the caller has validated (digits where expected).
std::chrono::sys_days ParseIsoDay(std::string_view ymd);

}  // namespace vigie

#endif  // VIGIE_CORE_DATES_H_
