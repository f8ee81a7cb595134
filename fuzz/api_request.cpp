// The officers' API's reading of what a client sends: JSON bodies against the endpoints' field rules,
// the texts inside them, query strings and path ids, and the JSON answer every refusal becomes.
#include "bot/api/request.hpp"
#include "bot/api/response.hpp"
#include "fuzz/common.hpp"


namespace {

using namespace buurtbot::api;

// Answers the refusal as the API would: its message may quote what the client sent.
template <class T>
void answer(const Result<T>& result) {
  if (!result.ok()) error_response(result.error());
}

// The body rules of the API's endpoints (bot/api/*.cpp), one picked by the input.
Result<nlohmann::json> parse_with_rules(int which, const std::string& body) {
  switch (which % 6) {
    case 0: return parse_body(body, {{"login", FieldType::text, true}, {"password", FieldType::text, true}});
    case 1: return parse_body(body, {{"text", FieldType::text}, {"canned_id", FieldType::whole_number}});
    case 2: return parse_body(body, {{"status", FieldType::text}, {"assignee", FieldType::text_or_null}});
    case 3: return parse_body(body, {{"disabled", FieldType::boolean}, {"role", FieldType::text}});
    case 4: return parse_body(body, {{"status", FieldType::text, true}, {"answer", FieldType::text}});
    default: return parse_body(body, {{"title", FieldType::text, true}, {"text", FieldType::text, true}});
  }
}

void read_body(int which, const std::string& body) {
  auto parsed = parse_with_rules(which, body);
  answer(parsed);
  if (!parsed.ok()) return;
  const auto& object = parsed.value();
  for (const char* field : {"text", "title", "status", "login", "answer"}) {
    answer(message_text(object, field));
    answer(bounded_text(object, field, 200));
    answer(line_text(object, field, 80));
  }
  json_response(200, object);
}

void read_query(const std::string& query) {
  auto parsed = parse_query(query, {"status", "q", "limit", "offset", "mine", "channel"});
  answer(parsed);
  if (!parsed.ok()) return;
  answer(query_number(parsed.value(), "limit", 1, 200, 50));
  answer(query_flag(parsed.value(), "mine"));
  parse_id(query_value(parsed.value(), "offset"));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  buurtbot::fuzz::quiet_logs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first byte picks the endpoint's rules, the first line is the query, the rest the body.
  auto input = buurtbot::fuzz::as_text(data, size);
  if (input.empty()) return 0;
  const int which = static_cast<unsigned char>(input.front());
  input.remove_prefix(1);
  const auto line_end = std::min(input.find('\n'), input.size());
  const std::string query(input.substr(0, line_end));
  const std::string body(input.substr(std::min(line_end + 1, input.size())));
  read_body(which, body);
  read_query(query);
  parse_id(query);
  return 0;
}
