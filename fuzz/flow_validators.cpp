// The validators every typed answer of a resident goes through (flows/validate.hpp): amounts, postcodes,
// e-mail addresses, references, numbers and patterns, in both languages.
#include "flows/validate.hpp"
#include "fuzz/common.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <regex>

namespace {

using namespace buurtbot::flows;

// One step's validation, its settings taken from the input as a flow file could set them.
Validation validation_from(FuzzedDataProvider& input) {
  Validation validation;
  validation.kind = input.PickValueInArray(
      {InputKind::plain, InputKind::number, InputKind::amount, InputKind::email, InputKind::postcode, InputKind::reference});
  validation.required = input.ConsumeBool();
  validation.single_line = input.ConsumeBool();
  if (input.ConsumeBool()) validation.min_length = input.ConsumeIntegralInRange<std::size_t>(0, 50);
  if (input.ConsumeBool()) validation.max_length = input.ConsumeIntegralInRange<std::size_t>(0, 2000);
  if (input.ConsumeBool()) validation.min = input.ConsumeIntegral<long long>();
  if (input.ConsumeBool()) validation.max = input.ConsumeIntegral<long long>();
  if (input.ConsumeBool()) {
    // A pattern as a flow file would have one: a fixed one, since the loader compiles what authors write.
    validation.pattern_source = "[A-Z]{3}-[0-9]{2}";
    validation.pattern = std::regex(validation.pattern_source);
  }
  return validation;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  buurtbot::fuzz::quiet_logs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const auto validation = validation_from(input);
  const auto lang = input.ConsumeBool() ? Lang::nl : Lang::en;
  const auto answer = input.ConsumeRemainingBytesAsString();

  const auto verdict = validate(validation, answer, lang);
  if (verdict.ok == !verdict.error.empty()) std::abort();  // a value or an error, never both or neither
  normalize_postcode(answer);
  normalize_reference(answer);
  is_email(answer);
  const auto amount = parse_amount(answer);
  if (amount.status == Amount::Status::ok) {
    format_euros(amount.cents, Lang::nl);
    format_euros(amount.cents, Lang::en);
  }
  return 0;
}
