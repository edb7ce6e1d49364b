#include <simdjson.h>

#include "core/strings.h"
#include "ingest/raw_posting.h"

// Uses simdjson's DOM front end: unlike On-Demand, whose kernel is fixed at compile time (the
// portable fallback unless the whole build targets a recent CPU), the DOM parser picks the best
// kernel for the running CPU at run time.
namespace vigie::ingest {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

const char* TypeName(element_type t) {
  switch (t) {
    case element_type::ARRAY: return "array";
    case element_type::OBJECT: return "object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "number";
    case element_type::STRING: return "string";
    case element_type::BOOL: return "boolean";
    case element_type::NULL_VALUE: return "null";
  }
  return "?";
}

bool IsNumber(element_type t) {
  return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

Status JsonError(simdjson::error_code e) {
  switch (e) {
    case simdjson::UTF8_ERROR:
      return DataError("invalid UTF-8");
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::UNCLOSED_STRING:
      return DataError("truncated or malformed JSON (" + std::string(simdjson::error_message(e)) + ")");
    case simdjson::CAPACITY:
      return DataError("record too large for the JSON parser");
    default:
      return DataError(std::string("malformed JSON (") + simdjson::error_message(e) + ")");
  }
}

// Reads a string member; null counts as absent; any other type is an error.
Status ReadString(element v, std::string_view name, std::string* out, bool* present = nullptr) {
  element_type t = v.type();
  if (t == element_type::NULL_VALUE) return Status::Ok();
  if (t != element_type::STRING) {
    return DataError(std::string(name) + ": expected a string, found " + TypeName(t));
  }
  std::string_view s;
  if (auto e = v.get_string().get(s)) return JsonError(e);
  out->assign(s);
  if (present) *present = true;
  return Status::Ok();
}

// Reads a coordinate given as a number or a numeric string.
Status ReadCoordinate(element v, std::string_view name, std::optional<double>* out) {
  element_type t = v.type();
  if (t == element_type::NULL_VALUE) return Status::Ok();
  if (IsNumber(t)) {
    double d = 0;
    if (t == element_type::DOUBLE) {
      d = v.get_double().value_unsafe();
    } else if (t == element_type::INT64) {
      d = static_cast<double>(v.get_int64().value_unsafe());
    } else {
      d = static_cast<double>(v.get_uint64().value_unsafe());
    }
    *out = d;
    return Status::Ok();
  }
  if (t == element_type::STRING) {
    std::string_view s;
    if (auto e = v.get_string().get(s)) return JsonError(e);
    if (Trim(s).empty()) return Status::Ok();
    auto d = ParseDouble(s);
    if (!d) return DataError(std::string(name) + ": not a number: '" + TruncateUtf8(s, 40) + "'");
    *out = *d;
    return Status::Ok();
  }
  return DataError(std::string(name) + ": expected a number, found " + TypeName(t));
}

// Calls fn(key, value) on each member of a nested object (lieuTravail, entreprise, salaire).
template <typename Fn>
Status ForEachMember(element v, std::string_view name, Fn&& fn) {
  element_type t = v.type();
  if (t == element_type::NULL_VALUE) return Status::Ok();
  if (t != element_type::OBJECT) {
    return DataError(std::string(name) + ": expected an object, found " + TypeName(t));
  }
  simdjson::dom::object obj;
  if (auto e = v.get_object().get(obj)) return JsonError(e);
  for (auto field : obj) VIGIE_RETURN_IF_ERROR(fn(field.key, field.value));
  return Status::Ok();
}

}  // namespace

Status ParseJsonPosting(std::string_view json, size_t capacity, RawPosting* out) {
  *out = RawPosting();
  thread_local simdjson::dom::parser parser;
  (void)capacity;  // The caller guarantees SIMDJSON_PADDING readable bytes after `json`.
  element doc;
  if (auto e = parser.parse(json.data(), json.size(), false).get(doc)) return JsonError(e);
  if (doc.type() != element_type::OBJECT) {
    return DataError(std::string("expected a JSON object, found ") + TypeName(doc.type()));
  }
  simdjson::dom::object obj;
  if (auto e = doc.get_object().get(obj)) return JsonError(e);
  for (auto field : obj) {
    std::string_view key = field.key;
    element v = field.value;
    if (key == "id") {
      VIGIE_RETURN_IF_ERROR(ReadString(v, key, &out->id, &out->has_id));
    } else if (key == "intitule") {
      VIGIE_RETURN_IF_ERROR(ReadString(v, key, &out->title, &out->has_title));
    } else if (key == "description") {
      VIGIE_RETURN_IF_ERROR(ReadString(v, key, &out->description));
    } else if (key == "dateCreation") {
      VIGIE_RETURN_IF_ERROR(ReadString(v, key, &out->created, &out->has_created));
    } else if (key == "romeCode") {
      VIGIE_RETURN_IF_ERROR(ReadString(v, key, &out->rome));
    } else if (key == "appellationlibelle") {
      VIGIE_RETURN_IF_ERROR(ReadString(v, key, &out->appellation));
    } else if (key == "typeContrat") {
      VIGIE_RETURN_IF_ERROR(ReadString(v, key, &out->contract));
    } else if (key == "lieuTravail") {
      VIGIE_RETURN_IF_ERROR(ForEachMember(v, key, [&](std::string_view k, element fv) -> Status {
        if (k == "libelle") return ReadString(fv, "lieuTravail.libelle", &out->place_label);
        if (k == "commune") return ReadString(fv, "lieuTravail.commune", &out->commune);
        if (k == "codePostal") return ReadString(fv, "lieuTravail.codePostal", &out->postcode);
        if (k == "latitude") return ReadCoordinate(fv, "lieuTravail.latitude", &out->lat);
        if (k == "longitude") return ReadCoordinate(fv, "lieuTravail.longitude", &out->lon);
        return Status::Ok();
      }));
    } else if (key == "entreprise") {
      VIGIE_RETURN_IF_ERROR(ForEachMember(v, key, [&](std::string_view k, element fv) -> Status {
        return k == "nom" ? ReadString(fv, "entreprise.nom", &out->company) : Status::Ok();
      }));
    } else if (key == "salaire") {
      VIGIE_RETURN_IF_ERROR(ForEachMember(v, key, [&](std::string_view k, element fv) -> Status {
        return k == "libelle" ? ReadString(fv, "salaire.libelle", &out->salary) : Status::Ok();
      }));
    } else if (key == "vigieSynthetic") {
      // An object (as `vigie synth` writes) or true marks the record; false, null, "0", "false"
      // do not, as in CSV.
      element_type t = v.type();
      if (t == element_type::OBJECT) {
        out->synthetic = true;
      } else if (t == element_type::BOOL) {
        out->synthetic = v.get_bool().value_unsafe();
      } else if (t == element_type::STRING) {
        std::string_view f = v.get_string().value_unsafe();
        out->synthetic = !f.empty() && f != "0" && f != "false";
      } else if (t != element_type::NULL_VALUE) {
        return DataError(std::string("vigieSynthetic: expected an object or a boolean, found ") + TypeName(t));
      }
    }
  }
  return Status::Ok();
}

}  // namespace vigie::ingest
