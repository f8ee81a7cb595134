// Canned responses: texts every officer can pick from when answering, kept in one shared list.

#include "bot/api/endpoints.hpp"
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "bot/api/views.hpp"
#include "storage/canned.hpp"
#include "storage/repositories.hpp"

namespace buurtbot::api {
namespace {

constexpr std::size_t kMaxTitleChars = 200;
constexpr std::size_t kMaxCannedTextChars = 4000;

/// A canned response as a POST or PUT sends it, checked.
struct CannedDraft {
  std::string title;
  std::string text;
};

Result<CannedDraft> canned_draft(const Call& call) {
  auto body = parse_body(call.request.body, {{"title", FieldType::text, true}, {"text", FieldType::text, true}});
  if (!body.ok()) return body.error();
  auto title = line_text(body.value(), "title", kMaxTitleChars);
  if (!title.ok()) return title.error();
  auto text = bounded_text(body.value(), "text", kMaxCannedTextChars);
  if (!text.ok()) return text.error();
  return CannedDraft{std::move(title.value()), std::move(text.value())};
}

ApiError no_canned(const std::string& id) { return ApiError{404, "no canned response " + id}; }

ApiError title_taken(const std::string& title) {
  return ApiError{409, "a canned response titled '" + title + "' exists already"};
}

// True when another canned response than `self` has this title (case aside).
bool title_used_elsewhere(storage::CannedResponses& canned, const std::string& title, storage::Id self = 0) {
  auto existing = canned.find_by_title(title);
  return existing && existing->id != self;
}

std::string subject_of(storage::Id id) { return "canned:" + std::to_string(id); }

}  // namespace

http::Response list_canned(Call& call) {
  auto out = nlohmann::json::array();
  for (const auto& canned : storage::CannedResponses(call.db).list()) out.push_back(canned_json(canned));
  return json_response(200, out);
}

http::Response create_canned(Call& call) {
  auto draft = canned_draft(call);
  if (!draft.ok()) return error_response(draft.error());
  const auto& [title, text] = draft.value();
  storage::Transaction tx(call.db);
  storage::CannedResponses canned(call.db);
  if (title_used_elsewhere(canned, title)) return error_response(title_taken(title));
  auto added = canned.add(title, text, call.actor());
  storage::Audit(call.db).record(call.actor(), "canned.add", subject_of(added.id), title);
  tx.commit();
  return json_response(201, canned_json(added));
}

http::Response update_canned(Call& call) {
  const auto id = parse_id(call.params.at(0));
  storage::Transaction tx(call.db);
  storage::CannedResponses canned(call.db);
  if (!id || !canned.find(*id)) return error_response(no_canned(call.params.at(0)));
  auto draft = canned_draft(call);
  if (!draft.ok()) return error_response(draft.error());
  const auto& [title, text] = draft.value();
  if (title_used_elsewhere(canned, title, *id)) return error_response(title_taken(title));
  canned.update(*id, title, text, call.actor());
  storage::Audit(call.db).record(call.actor(), "canned.update", subject_of(*id), title);
  tx.commit();
  return json_response(200, canned_json(*canned.find(*id)));
}

http::Response delete_canned(Call& call) {
  const auto id = parse_id(call.params.at(0));
  storage::Transaction tx(call.db);
  storage::CannedResponses canned(call.db);
  auto existing = id ? canned.find(*id) : std::nullopt;
  if (!existing) return error_response(no_canned(call.params.at(0)));
  canned.remove(existing->id);
  storage::Audit(call.db).record(call.actor(), "canned.delete", subject_of(existing->id), existing->title);
  tx.commit();
  return no_content();
}

}  // namespace buurtbot::api
