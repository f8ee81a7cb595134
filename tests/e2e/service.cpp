#include "tests/e2e/service.hpp"

#include "bot/http/client.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

extern char** environ;

namespace buurtbot::testing {
namespace {

using Clock = std::chrono::steady_clock;

/// How long the fixture waits for the service to do something before calling it a failure; a safety
/// net against hangs, never a measured duration.
constexpr std::chrono::seconds kSafetyNet{20};
constexpr std::chrono::milliseconds kPollStep{10};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string describe_exit(int status) {
  if (WIFEXITED(status)) return "exited with " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("killed by signal ") + strsignal(WTERMSIG(status));
  return "ended with status " + std::to_string(status);
}

}  // namespace

Service::~Service() {
  if (pid_ > 0) {
    EXPECT_TRUE(stop());
  }
}

void Service::set_env(const std::string& name, const std::string& value) {
  env_.emplace_back(name, value);
  instance_.set_env(name, value);  // admin commands read the same config
}

void Service::answer_question(const std::string& word, const std::string& answer) {
  if (officer_token_.empty()) officer_token_ = instance_.officer_token("e2e-officer");
  http::ClientOptions options;
  options.headers.emplace_back("Authorization", "Bearer " + officer_token_);
  http::Client api(url(), options);
  const auto found = api.request("GET", "/api/v1/threads?q=" + word, "", "");
  ASSERT_EQ(found.status, 200) << found.body;
  const auto threads = nlohmann::json::parse(found.body);
  ASSERT_EQ(threads.size(), 1u) << threads.dump();
  const auto id = std::to_string(threads[0]["id"].get<std::int64_t>());
  const auto answered = api.request("POST", "/api/v1/threads/" + id + "/replies", "application/json",
                                    nlohmann::json{{"text", answer}}.dump());
  ASSERT_EQ(answered.status, 201) << answered.body;
}

std::string Service::log() const { return log_.empty() ? std::string() : slurp(log_); }

::testing::AssertionResult Service::start() {
  if (pid_ > 0) return ::testing::AssertionFailure() << "the service runs already";
  log_ = instance_.dir() / ("serve-" + std::to_string(++runs_) + ".log");
  port_ = 0;

  // Everything the child needs is built before fork(): after it, only async-signal-safe calls.
  std::vector<std::string> args{BUURTBOT_BINARY, "--config", source_path("config/demo.yaml").string(), "serve"};
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "BUURTBOT_", 9) != 0) env.emplace_back(*e);  // nothing of the developer's own setup
  }
  std::vector<std::pair<std::string, std::string>> settings{
      {"BUURTBOT_STORAGE_PATH", database().string()},
      {"BUURTBOT_FLOWS_DIR", source_path("flows").string()},
      {"BUURTBOT_SERVER_LISTEN", "127.0.0.1:0"},
  };
  settings.insert(settings.end(), env_.begin(), env_.end());
  for (const auto& [name, value] : settings) {
    std::erase_if(env, [&](const std::string& e) { return e.starts_with(name + "="); });
    env.push_back(name + "=" + value);
  }
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  const std::string dir = instance_.dir().string();
  const std::string log_path = log_.string();
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) return ::testing::AssertionFailure() << "fork failed: " << std::strerror(errno);
  if (pid == 0) {
    // Dies with the test process, so a crashed test leaves no service behind.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);
    const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (log_fd < 0 || null_fd < 0 || ::chdir(dir.c_str()) != 0) ::_exit(126);
    ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::close_range(3, ~0U, 0);  // none of the test's sockets (the fake Bot API's connections) leak into the service
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  pid_ = pid;

  // The port: "buurtbot serves http://127.0.0.1:0 (port 41234) with 15 flows".
  const std::regex serves(R"(buurtbot serves https?://\S+ \(port (\d+)\))");
  const auto give_up = Clock::now() + kSafetyNet;
  while (port_ == 0) {
    std::smatch m;
    const auto text = log();
    if (std::regex_search(text, m, serves)) {
      port_ = static_cast<std::uint16_t>(std::stoi(m[1].str()));
      break;
    }
    if (!running())
      return ::testing::AssertionFailure() << "buurtbot serve " << describe_exit(exit_status_) << " before serving:\n"
                                           << log();
    if (Clock::now() > give_up) {
      kill();
      return ::testing::AssertionFailure() << "buurtbot serve did not log its port within " << kSafetyNet.count()
                                           << " s:\n" << log();
    }
    std::this_thread::sleep_for(kPollStep);
  }
  return wait_until_ready();
}

::testing::AssertionResult Service::wait_until_ready() {
  http::ClientOptions options;
  options.connect_timeout = std::chrono::seconds(2);
  options.read_timeout = std::chrono::seconds(2);
  http::Client client(url(), options);
  std::string last;
  const auto give_up = Clock::now() + kSafetyNet;
  while (Clock::now() < give_up) {
    if (!running())
      return ::testing::AssertionFailure() << "buurtbot serve " << describe_exit(exit_status_) << ":\n" << log();
    try {
      auto response = client.get("/readyz");
      if (response.status == 200) return ::testing::AssertionSuccess();
      last = std::to_string(response.status) + " " + response.body;
    } catch (const http::NetworkError& e) {
      last = e.what();
    }
    std::this_thread::sleep_for(kPollStep);
  }
  kill();
  return ::testing::AssertionFailure() << "/readyz did not answer 200 within " << kSafetyNet.count()
                                       << " s (last: " << last << "):\n" << log();
}

bool Service::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == 0) return true;
  if (done == pid_) exit_status_ = status;
  pid_ = -1;  // reaped (or, with an error, not ours to wait for any more)
  return false;
}

bool Service::reap_within_safety_net() {
  const auto give_up = Clock::now() + kSafetyNet;
  while (running()) {
    if (Clock::now() > give_up) return false;
    std::this_thread::sleep_for(kPollStep);
  }
  return true;
}

::testing::AssertionResult Service::stop() {
  if (pid_ <= 0) return ::testing::AssertionSuccess();
  ::kill(pid_, SIGTERM);
  if (!reap_within_safety_net()) {
    kill();
    return ::testing::AssertionFailure() << "buurtbot serve did not stop within " << kSafetyNet.count()
                                         << " s of SIGTERM and was killed:\n" << log();
  }
  if (!WIFEXITED(exit_status_) || WEXITSTATUS(exit_status_) != 0)
    return ::testing::AssertionFailure() << "buurtbot serve " << describe_exit(exit_status_) << " after SIGTERM:\n"
                                         << log();
  return ::testing::AssertionSuccess();
}

void Service::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  exit_status_ = status;
  pid_ = -1;
}

}  // namespace buurtbot::testing
