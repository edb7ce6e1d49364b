#ifndef VIGIE_TESTS_TEST_UTIL_H_
#define VIGIE_TESTS_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/posting.h"
#include "referential/geography.h"
#include "referential/rome.h"
#include "store/store.h"

namespace vigie::testing {

// A hand-made ROME with a few fiches (A1101 with child A1102, M1805 with child M1855, D1505),
// appellations, compétences, savoirs and links.
referential::Rome TinyRome();

// A hand-made geography: Metz (57463, ZE 4410), Woippy (57751, ZE 4410), Thionville (57672,
// ZE 4424), Le Pouzin (07181), Saint-Thomé (07292), Aubenas (07019) and Paris (75056).
referential::Geography TinyGeography();

// A stored posting of source "ft" with id `id` (also its content hash), in a commune of
// TinyGeography (its département and région filled in), for fiche `rome`, created on `created`.
Posting FactsPosting(int id, const std::string& commune, const std::string& rome, const std::string& created);

// A fresh empty directory under the system temporary folder.
std::string MakeTempDir();

// The row ids of every posting `store` holds, in storage order (as ForEachPostingPage gives them).
std::vector<int64_t> StoredPostingIds(store::Store& store);

// Writes `content` to dir/name and returns the path.
std::string WriteFile(const std::string& dir, const std::string& name, const std::string& content);

// Reads a whole file.
std::string ReadFile(const std::string& path);

// The shared real data folder: $VIGIE_DATA, else <source>/../shared/data.
std::string RealDataDir();

}  // namespace vigie::testing

#endif  // VIGIE_TESTS_TEST_UTIL_H_
