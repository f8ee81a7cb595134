#pragma once
// The engine's read-only view of config and storage, for one resident within one step's transaction.

#include "config/config.hpp"
#include "flows/definition.hpp"
#include "flows/engine.hpp"
#include "storage/database.hpp"
#include "storage/records.hpp"

namespace buurtbot {

/// A resident's message within this many days after their question was resolved reopens it, since
/// "thanks, but it is still broken" belongs with the question; later, free text gets the menu.
inline constexpr int kReopenDays = 14;

/// Option lists and facts about one resident, read from config and the open transaction; option labels
/// in the words of `texts`.
class StoredFacts final : public flows::Facts {
 public:
  /// `about`: what the message says it is about (InboundMessage::about); it counts for the resident's own
  /// question or plan only.
  StoredFacts(storage::Database& db, const config::Config& config, const flows::FlowSet& texts, storage::Id resident_id,
              std::string about = {})
      : db_(db), config_(config), texts_(texts), resident_id_(resident_id), about_(std::move(about)) {}

  std::vector<flows::Choice> options(const std::string& source, flows::Lang lang, const std::string& words,
                                     const Answers& answers) const override;
  Answers about_resident() const override;
  bool has_open_question() const override;
  std::string plan_waiting_for_answer() const override;

 private:
  storage::Database& db_;
  const config::Config& config_;
  const flows::FlowSet& texts_;
  storage::Id resident_id_;
  std::string about_;
};

}  // namespace buurtbot
