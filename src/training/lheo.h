#ifndef VIGIE_TRAINING_LHEO_H_
#define VIGIE_TRAINING_LHEO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/file_system.h"
#include "core/status.h"
#include "referential/training_session.h"

namespace vigie::training {

// One session of a training action (the model lives with the other referential data, so that
// the store can keep a catalogue).
using TrainingSession = referential::TrainingSession;

// Reads an LHEO document (2.x namespace or none) with pugixml. Sessions missing dates are
// reported, not kept; a malformed document or date fails naming the file and the element's
// path (e.g. "…/formation[3]/action[1]/session[2]: debut '2025-13-01' is not YYYYMMDD").
struct LheoReport {
  int64_t formations = 0;
  int64_t actions = 0;
  int64_t sessions = 0;
  int64_t skipped_sessions = 0;  // Without a period, or with fixed entry and an unknown date.
  int64_t permanent_sessions = 0;
};
// LHEO's "unknown" dates (debut 00000000, fin 99999999) are accepted for permanent entry.
Result<std::vector<TrainingSession>> LoadLheo(const FileSystem& fs, const std::string& path, LheoReport* report);

// Weeks a permanent-entry session takes: its hours over the weekly hours of its rhythm (35 full
// time, 8 for evenings, weekends or part time, 10 at distance), at least one week; 12 weeks when
// the catalogue gives no hours (an assumption, stated in the pathway's step).
int PermanentEntryWeeks(const TrainingSession& s);

// Pathways need dated sessions: each permanent-entry session becomes one dated session per month,
// starting on the first Monday of each month between `from` (YYYY-MM-DD) and `months` later that
// falls in its entry window, lasting PermanentEntryWeeks (ending on a Friday); its id gets
// "@YYYY-MM-DD". Dated sessions are kept as they are. Order: input order, months in order.
std::vector<TrainingSession> ExpandPermanentEntry(const std::vector<TrainingSession>& sessions, const std::string& from,
                                                  int months);

}  // namespace vigie::training

#endif  // VIGIE_TRAINING_LHEO_H_
