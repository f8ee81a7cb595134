#include "bot/app/cli.hpp"

#include "bot/api/views.hpp"
#include "bot/app/app.hpp"
#include "bot/app/channels.hpp"
#include "bot/app/chat.hpp"
#include "bot/app/initiative_summary.hpp"
#include "bot/app/logging.hpp"
#include "bot/app/officer_cli.hpp"
#include "bot/app/serve.hpp"
#include "bot/civic/admin_actions.hpp"
#include "bot/civic/officer_actions.hpp"
#include "bot/civic/status.hpp"
#include "bot/text/text.hpp"
#include "storage/repositories.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>

namespace buurtbot {
namespace {

// The text of an outbox row; an erased or unreadable payload has none.
std::string outbox_text(const std::string& payload) {
  const auto json = nlohmann::json::parse(payload, nullptr, false);
  const auto text = json.is_object() ? json.find("text") : json.end();
  return text != json.end() && text->is_string() ? text->get<std::string>() : std::string();
}

// References are typed in any case ("bi-2026-0001") and stored in capitals.
std::string upper_case(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

// "1 member", "2 members": the administrator's command line is in English.
std::string counted(long long count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

/// Options every command shares.
struct Options {
  std::optional<std::string> config;
  std::string log_level = "warn";
};

/// The command chosen on the command line, run after parsing.
using Command = std::function<int()>;

void add_service_commands(CLI::App& cli, Options& o, Command& command) {
  cli.add_subcommand("serve", "Run the service")->callback([&] {
    if (o.log_level == "warn") o.log_level = "info";
    command = [&o] {
      auto app = open_app(o.config, {.busy_timeout = std::chrono::milliseconds(5000), .durable = true});
      return serve(app);
    };
  });

  struct Args {
    std::string name, language;
  };
  auto args = std::make_shared<Args>();
  auto* chat = cli.add_subcommand("chat", "Chat with the bot in this terminal");
  chat->add_option("--as", args->name, "Your name; each name is a different resident")->required();
  chat->add_option("--lang", args->language, "Language: nl or en (also switches a resident who chatted before)")->check(CLI::IsMember({"nl", "en"}));
  chat->callback([&, args] {
    command = [&o, args] {
      auto app = open_app(o.config);
      return run_chat(app, args->name, args->language, std::cin, std::cout);
    };
  });
}

void add_check_commands(CLI::App& cli, Options& o, Command& command) {
  auto* config = cli.add_subcommand("config", "The configuration")->require_subcommand(1);
  config->add_subcommand("check", "Check the config file")->callback([&] {
    command = [&o] {
      load_config(o.config);
      std::cout << o.config.value_or("embedded default") << ": ok\n";
      return 0;
    };
  });

  auto* flows = cli.add_subcommand("flows", "The flow files")->require_subcommand(1);
  flows->add_subcommand("check", "Check the flow files")->callback([&] {
    command = [&o] {
      auto config = load_config(o.config);
      auto set = load_flow_set(config);
      std::cout << config.flows.dir << ": " << set.flows.size() << " flows, ok\n";
      return 0;
    };
  });
}

void add_database_commands(CLI::App& cli, Options& o, Command& command) {
  cli.add_subcommand("migrate", "Create or upgrade the database")->callback([&] {
    command = [&o] {
      auto config = load_config(o.config);
      auto db = storage::Database::open(config.storage.path);
      std::cout << config.storage.path << ": schema version " << db.schema_version() << "\n";
      return 0;
    };
  });

  auto file = std::make_shared<std::string>();
  auto* backup = cli.add_subcommand("backup", "Copy the database, also while the service runs");
  backup->add_option("FILE", *file, "Where to write the copy")->required();
  backup->callback([&, file] {
    command = [&o, file] {
      auto config = load_config(o.config);
      storage::Database::open(config.storage.path).backup_to(*file);
      std::cout << "backup written to " << *file << "\n";
      return 0;
    };
  });

  auto* outbox = cli.add_subcommand("outbox", "Messages waiting to be sent")->require_subcommand(1);
  struct OutboxListing {
    bool failed = false;
    bool all = false;
    bool text = false;
  };
  auto listing = std::make_shared<OutboxListing>();
  auto* list = outbox->add_subcommand("list", "List the rows still waiting (pending or given up) as JSON");
  list->add_flag("--failed", listing->failed, "Only rows that could not be delivered");
  list->add_flag("--all", listing->all, "Every row, the sent ones too");
  list->add_flag("--text", listing->text, "With the message texts (residents' words: only when needed)");
  list->callback([&, listing] {
    command = [&o, listing] {
      auto app = open_app(o.config);
      const auto which = listing->all      ? storage::OutboxRows::all
                         : listing->failed ? storage::OutboxRows::failed
                                           : storage::OutboxRows::waiting;
      auto out = nlohmann::json::array();
      for (const auto& row : storage::Outbox(app.db).list(which)) {
        auto shown = api::outbox_row_json(row);
        if (listing->text) shown["text"] = terminal_safe(outbox_text(row.payload));
        out.push_back(std::move(shown));
      }
      std::cout << out.dump(2) << "\n";
      return 0;
    };
  });

  auto id = std::make_shared<storage::Id>(0);
  auto* retry = outbox->add_subcommand("retry", "Send a failed row again");
  retry->add_option("ID", *id, "The row's id from `outbox list --failed`")->required();
  retry->callback([&, id] {
    command = [&o, id] {
      auto app = open_app(o.config);
      if (retry_outbox_row(app.db, *id, "cli") != OutboxRetryResult::ok) {
        std::cerr << "Outbox row " << *id << " is not a failed row.\n";
        return 1;
      }
      std::cout << "outbox row " << *id << " will be sent again\n";
      return 0;
    };
  });
}

int print_added_workgroup(App& app, const std::string& name, const std::string& theme, const std::string& description) {
  if (has_control_characters(name)) {
    std::cerr << "A workgroup's name is one line without control characters.\n";
    return 2;
  }
  auto added = add_workgroup(app.db, app.config, name, theme, description, "cli");
  switch (added.result) {
    case AddWorkgroupResult::unknown_theme:
      std::cerr << "Unknown theme '" << theme << "'. The themes are listed in municipality.themes.\n";
      return 2;
    case AddWorkgroupResult::name_taken:
      std::cerr << "A workgroup named '" << name << "' exists already.\n";
      return 1;
    case AddWorkgroupResult::ok:
      break;
  }
  std::cout << "workgroup " << added.workgroup.id << " added: " << terminal_safe(added.workgroup.name) << "\n";
  return 0;
}

void add_workgroup_commands(CLI::App& cli, Options& o, Command& command) {
  struct Args {
    std::string name, theme, description;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* workgroup = cli.add_subcommand("workgroup", "Workgroups")->require_subcommand(1);
  auto* add = workgroup->add_subcommand("add", "Add a workgroup");
  add->add_option("NAME", args->name, "Name")->required();
  add->add_option("--theme", args->theme, "Theme key")->required();
  add->add_option("--description", args->description, "A short description for residents");
  add->callback([&, args] {
    command = [&o, args] {
      auto app = open_app(o.config);
      return print_added_workgroup(app, args->name, args->theme, args->description);
    };
  });

  auto* link = workgroup->add_subcommand("link", "A one-time code that links a group chat to the workgroup");
  link->add_option("NAME", args->name, "Name")->required();
  link->callback([&, args] {
    command = [&o, args] {
      auto app = open_app(o.config);
      auto code = create_link_code(app.db, args->name, "cli");
      if (!code) {
        std::cerr << "No workgroup named '" << args->name << "'.\n";
        return 1;
      }
      std::cout << *code << "\nIn the group chat, send: /koppel " << *code << "  (valid 7 days, once)\n";
      return 0;
    };
  });

  auto* list = workgroup->add_subcommand("list", "List workgroups");
  list->add_flag("--json", args->json, "Print JSON");
  list->callback([&, args] {
    command = [&o, args] {
      auto app = open_app(o.config);
      auto out = nlohmann::json::array();
      for (const auto& g : storage::Workgroups(app.db).list()) {
        if (!args->json)
          std::cout << g.id << "  " << terminal_safe(g.name) << "  (" << terminal_safe(g.theme) << ", "
                    << counted(g.members, "member") << ")\n";
        if (args->json) out.push_back(api::workgroup_json(app.db, g));
      }
      if (args->json) std::cout << out.dump(2) << "\n";
      return 0;
    };
  });
}

int show_initiative(App& app, const std::string& ref, bool json) {
  auto initiative = storage::Initiatives(app.db).find(ref);
  if (!initiative) {
    std::cerr << "No initiative " << ref << "\n";
    return 1;
  }
  const auto detail = api::initiative_detail_json(app.db, *initiative);
  std::cout << (json ? detail.dump(2) + "\n" : initiative_summary(detail));
  return 0;
}

int list_initiatives(App& app, const storage::InitiativeFilter& filter, bool json) {
  auto rows = storage::Initiatives(app.db).list(filter);
  auto out = nlohmann::json::array();
  for (const auto& i : rows) {
    if (!json)
      std::cout << i.ref << "  " << i.status << "  " << counted(i.supports, "supporter") << "  "
                << terminal_safe(i.title) << "\n";
    out.push_back(api::initiative_json(i));
  }
  if (json) std::cout << out.dump(2) << "\n";
  return 0;
}

// "Allowed from in_review: accepted, needs_info, rejected", or that the status is final.
std::string allowed_after(App& app, const std::string& ref) {
  auto initiative = storage::Initiatives(app.db).find(ref);
  if (!initiative) return {};
  std::string allowed;
  for (auto status : next_statuses(initiative->status)) allowed += (allowed.empty() ? "" : ", ") + std::string(status);
  if (allowed.empty()) return initiative->status + " is final: no status can follow it.";
  return "Allowed from " + initiative->status + ": " + allowed;
}

void add_initiative_commands(CLI::App& cli, Options& o, Command& command) {
  struct Args {
    storage::InitiativeFilter filter;
    bool json = false;
    std::string ref, state, answer, answer_en;
  };
  auto args = std::make_shared<Args>();
  auto* initiative = cli.add_subcommand("initiative", "Initiatives and their status")->require_subcommand(1);

  auto* list = initiative->add_subcommand("list", "List initiatives");
  list->add_flag("--json", args->json, "Print JSON");
  std::vector<std::string> statuses;
  for (auto status : all_statuses()) statuses.emplace_back(status);
  list->add_option("--status", args->filter.status, "Only this status")->check(CLI::IsMember(statuses));
  list->add_option("--theme", args->filter.theme, "Only this theme");
  list->callback([&, args] {
    command = [&o, args] {
      auto app = open_app(o.config);
      return list_initiatives(app, args->filter, args->json);
    };
  });

  auto* show = initiative->add_subcommand("show", "Show one initiative with its history");
  show->add_option("REF", args->ref, "Reference, e.g. BI-2026-0001")->required()->transform(upper_case);
  show->add_flag("--json", args->json, "Print JSON, as the officers' API gives it");
  show->callback([&, args] {
    command = [&o, args] {
      auto app = open_app(o.config);
      return show_initiative(app, args->ref, args->json);
    };
  });

  std::vector<std::string> states;
  for (auto s : all_statuses()) states.emplace_back(s);
  auto* status = initiative->add_subcommand("status", "Change the status, with an official answer");
  status->add_option("REF", args->ref, "Reference")->required()->transform(upper_case);
  status->add_option("STATE", args->state, "New status")->required()->check(CLI::IsMember(states));
  status->add_option("--answer", args->answer, "The official answer residents read (in Dutch)");
  status->add_option("--answer-en", args->answer_en, "The same answer in English, for residents who read English");
  status->callback([&, args] {
    command = [&o, args] {
      auto app = open_app(o.config);
      auto result = change_initiative_status(app.db, app.config, app.flows, args->ref, args->state,
                                             OfficialAnswer{args->answer, args->answer_en}, "cli");
      if (result != StatusChangeResult::ok) {
        std::cerr << args->ref << ": " << describe(result) << "\n";
        if (result == StatusChangeResult::not_allowed) std::cerr << allowed_after(app, args->ref) << "\n";
        return 1;
      }
      std::cout << args->ref << " is now " << args->state << "\n";
      return 0;
    };
  });
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App cli{"buurtbot: residents and their municipality, working together by chat", "buurtbot"};
  cli.require_subcommand(1);
  cli.fallthrough();
  Options o;
  cli.add_option("--config", o.config, "Config file (default: the embedded demo config)")
      ->envname("BUURTBOT_CONFIG")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cli.add_option("--log-level", o.log_level, "trace, debug, info, warn, error");

  Command command;
  add_service_commands(cli, o, command);
  add_check_commands(cli, o, command);
  add_database_commands(cli, o, command);
  add_workgroup_commands(cli, o, command);
  add_initiative_commands(cli, o, command);
  add_channel_commands(cli, [&o] { return load_config(o.config); }, command);
  add_officer_commands(cli, o.config, command);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << e.what() << "\n\n" << cli.help();
    return 2;
  }
  setup_logging(o.log_level);
  try {
    return command();
  } catch (const StartupError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "buurtbot: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace buurtbot
