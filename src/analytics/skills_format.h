#ifndef VIGIE_ANALYTICS_SKILLS_FORMAT_H_
#define VIGIE_ANALYTICS_SKILLS_FORMAT_H_

#include <string>
#include <vector>

#include "analytics/skills.h"

namespace vigie::analytics {

// The most saturated compétences (index > 1 with the whole interval above 1) and the most wanted
// ones (index < 1, interval below 1), `top` of each, in French, with totals and method notes.
// The lists keep compétences shared by several métiers: one specific to a single métier only
// repeats that métier's own balance, which the tension indicator already shows.
std::string FormatSkillsTable(const SkillsResult& r, const SkillsQuery& q, const std::string& territory_label,
                              size_t top);
// Every compétence: ';' separators, decimal commas; withheld ones with their reason.
std::string FormatSkillsCsv(const SkillsResult& r, const SkillsQuery& q);
// JSON of every compétence; with `top` > 0, only the rows the table lists (MostSaturated, then
// MostWanted, `top` of each, each row flagged), and how many rows there are in all.
std::string FormatSkillsJson(const SkillsResult& r, const SkillsQuery& q, const std::string& territory_label,
                             size_t top = 0);

// Which rows the table lists: saturated (lo > 1) most first, wanted (hi < 1) most first.
std::vector<const SkillIndexRow*> MostSaturated(const SkillsResult& r, size_t top);
std::vector<const SkillIndexRow*> MostWanted(const SkillsResult& r, size_t top);

}  // namespace vigie::analytics

#endif  // VIGIE_ANALYTICS_SKILLS_FORMAT_H_
