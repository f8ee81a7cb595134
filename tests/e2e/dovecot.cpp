#include "tests/e2e/dovecot.hpp"

#include "tests/bot/http/running_server.hpp"

#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace buurtbot::testing {
namespace {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  auto address = loopback(0);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  auto address = loopback(port);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Runs a shell command; its output (stdout and stderr) and whether it exited 0.
std::pair<std::string, bool> shell(const std::string& command, const std::string& input = {}) {
  const std::string with_input = input.empty() ? command + " 2>&1" : command;
  FILE* pipe = ::popen(with_input.c_str(), input.empty() ? "r" : "w");
  if (!pipe) return {"popen failed", false};
  std::string out;
  if (input.empty()) {
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  } else {
    std::fwrite(input.data(), 1, input.size(), pipe);
  }
  const int status = ::pclose(pipe);
  return {out, status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0};
}

}  // namespace

Dovecot::Dovecot(const std::string& extra_config) : extra_config_(extra_config) {
  char pattern[] = "/tmp/buurtbot-dovecot-XXXXXX";
  dir_ = ::mkdtemp(pattern);
  config_ = dir_ / "dovecot.conf";
  port_ = free_port();
  lmtp_port_ = free_port();
  const bool root = ::geteuid() == 0;
  // As root, the mail belongs to nobody, who must reach it through the temporary directory.
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                         std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                         std::filesystem::perms::others_exec);
  std::filesystem::create_directories(dir_ / "mail");
  std::filesystem::create_directories(dir_ / "home");

  const auto [openssl_out, made] = shell("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                                         "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " +
                                         (dir_ / "key.pem").string() + " -out " + (dir_ / "cert.pem").string());
  if (!made) {
    problem_ = "openssl req failed: " + openssl_out;
    return;
  }

  std::string internal_user, internal_group, login_user, mail_user, mail_group;
  if (root) {
    internal_user = internal_group = "dovecot";  // Debian's dovecot-core makes both users
    login_user = "dovenull";
    mail_user = "nobody";
    mail_group = "nogroup";
    if (::getpwnam(internal_user.c_str()) == nullptr || ::getpwnam(login_user.c_str()) == nullptr) {
      problem_ = "the users dovecot and dovenull are missing (apt-get install dovecot-imapd)";
      return;
    }
    const passwd* nobody = ::getpwnam(mail_user.c_str());
    const group* nogroup = ::getgrnam(mail_group.c_str());
    if (nobody && nogroup) {
      mail_uid_ = nobody->pw_uid;
      mail_gid_ = nogroup->gr_gid;
    }
    if (!nobody || !nogroup || ::chown((dir_ / "mail").c_str(), nobody->pw_uid, nogroup->gr_gid) != 0 ||
        ::chown((dir_ / "home").c_str(), nobody->pw_uid, nogroup->gr_gid) != 0) {
      problem_ = "could not give the Maildir to nobody:nogroup";
      return;
    }
  } else {
    const passwd* me = ::getpwuid(::getuid());
    const group* my_group = ::getgrgid(::getgid());
    if (!me || !my_group) {
      problem_ = "the current user has no name";
      return;
    }
    internal_user = login_user = mail_user = me->pw_name;
    mail_uid_ = ::getuid();
    mail_gid_ = ::getgid();
    internal_group = mail_group = my_group->gr_name;
  }
  std::ofstream(dir_ / "passwd") << kUser << ":{PLAIN}" << kPassword << "\n";
  const std::string d = dir_.string();
  std::ofstream(config_) << "protocols = imap lmtp\n"
                         << "listen = 127.0.0.1\n"
                         << "base_dir = " << d << "/run\n"
                         << "state_dir = " << d << "/state\n"
                         << "log_path = " << d << "/dovecot.log\n"
                         << "ssl = required\n"
                         << "ssl_cert = <" << d << "/cert.pem\n"
                         << "ssl_key = <" << d << "/key.pem\n"
                         << "default_internal_user = " << internal_user << "\n"
                         << "default_internal_group = " << internal_group << "\n"
                         << "default_login_user = " << login_user << "\n"
                         << "login_trusted_networks = 127.0.0.0/8\n"
                         << "auth_mechanisms = plain login\n"
                         << "mail_location = maildir:" << d << "/mail/%u\n"
                         << "first_valid_uid = 1\n"
                         << "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " << d << "/passwd\n}\n"
                         << "userdb {\n  driver = static\n  args = uid=" << mail_user << " gid=" << mail_group << " home=" << d
                         << "/home/%u\n}\n"
                         << "service imap-login {\n"
                         << "  inet_listener imap {\n    port = 0\n  }\n"
                         << "  inet_listener imaps {\n    port = " << port_ << "\n    ssl = yes\n  }\n"
                         << "}\n"
                         << "service lmtp {\n  inet_listener lmtp {\n    address = 127.0.0.1\n    port = " << lmtp_port_
                         << "\n  }\n}\n"
                         << "verbose_proctitle = yes\n"  // someone_idles() reads the command from the title
                         << "service anvil {\n  chroot =\n}\n"
                         << "service imap-login {\n  chroot =\n}\n"
                         << extra_config_ << "\n";
  ready_ = start();
}

Dovecot::~Dovecot() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool Dovecot::start() {
  pid_ = ::fork();
  if (pid_ == 0) {
    const std::string out = (dir_ / "dovecot.out").string();
    std::freopen(out.c_str(), "a", stdout);
    std::freopen(out.c_str(), "a", stderr);
    ::execl("/usr/sbin/dovecot", "dovecot", "-F", "-c", config_.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid_ < 0 || !http::testing::eventually([this] { return accepts(port_) && accepts(lmtp_port_); })) {
    problem_ = "dovecot did not listen on 127.0.0.1:" + std::to_string(port_) + " and " + std::to_string(lmtp_port_) +
               " (apt-get install dovecot-imapd dovecot-lmtpd)\n" +
               read_file(dir_ / "dovecot.out") + log();
    return false;
  }
  return true;
}

void Dovecot::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  // The master is gone; its children follow on their own, and a new master refuses to start while the
  // old pid file names a live process.
  http::testing::eventually([this] { return !std::filesystem::exists(dir_ / "run" / "master.pid"); });
}

std::string Dovecot::why_not() const { return problem_; }

std::string Dovecot::log() const { return read_file(dir_ / "dovecot.log"); }

// The envelope's sender is the mail server's own: buurtbot reads the sender from the mail's From.
bool Dovecot::deliver(const std::string& raw) const {
  return shell("swaks --silent 2 --protocol LMTP --server 127.0.0.1:" + std::to_string(lmtp_port_) +
                   " --from mailer@buurt.example --to " +
                   kUser + " --data - >/dev/null 2>&1",
               raw).second;
}

bool Dovecot::deliver_to_maildir(const std::vector<std::string>& raws, std::chrono::system_clock::time_point arrived,
                                 bool seen) const {
  // The Maildir exists once Dovecot has opened the INBOX.
  if (doveadm("mailbox status -u " + std::string(kUser) + " messages INBOX").empty()) return false;
  const auto maildir = dir_ / "mail" / kUser;
  for (std::size_t i = 0; i < raws.size(); ++i) {
    // Written under tmp/ and moved into new/, so Dovecot never sees half a mail (Maildir's own rule).
    const auto name = std::to_string(::time(nullptr)) + ".buurtbot" + std::to_string(i) + ".localhost";
    const auto tmp = maildir / "tmp" / name;
    {
      std::ofstream out(tmp, std::ios::binary);
      out << raws[i];
      if (!out) return false;
    }
    if (::chown(tmp.c_str(), mail_uid_, mail_gid_) != 0) return false;
    std::error_code error;
    std::filesystem::last_write_time(tmp, std::filesystem::file_time_type::clock::from_sys(arrived), error);
    // Read mail lives in cur/ with the S flag in its name.
    std::filesystem::rename(tmp, seen ? maildir / "cur" / (name + ":2,S") : maildir / "new" / name, error);
    if (error) return false;
  }
  return true;
}

std::string Dovecot::doveadm(const std::string& args) const {
  auto [out, ok] = shell("doveadm -c " + config_.string() + " " + args);
  return ok ? out : "";
}

std::vector<Dovecot::Mail> Dovecot::mails(const std::string& mailbox) const {
  std::vector<Mail> out;
  std::istringstream lines(doveadm("fetch -u " + std::string(kUser) + " 'uid flags' mailbox '" + mailbox + "' all"));
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("uid: ")) out.push_back({std::stoull(line.substr(5)), false});
    else if (line.starts_with("flags:") && !out.empty()) out.back().seen = line.find("\\Seen") != std::string::npos;
  }
  return out;
}

std::uint64_t Dovecot::uidvalidity(const std::string& mailbox) const {
  const auto out = doveadm("mailbox status -u " + std::string(kUser) + " uidvalidity '" + mailbox + "'");
  const auto at = out.find("uidvalidity=");
  return at == std::string::npos ? 0 : std::stoull(out.substr(at + 12));
}

std::vector<std::pair<pid_t, std::string>> Dovecot::imap_processes() const {
  std::vector<std::pair<pid_t, std::string>> out;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ignored)) {
    const auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    // stat: "pid (comm) state ppid …"; comm is "imap" for the processes that serve a logged-in connection.
    const auto stat = read_file(entry.path() / "stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos || stat.find("(imap)") == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    std::string state;
    pid_t parent = 0;
    rest >> state >> parent;
    if (parent != pid_) continue;
    auto title = read_file(entry.path() / "cmdline");
    std::replace(title.begin(), title.end(), '\0', ' ');
    out.emplace_back(static_cast<pid_t>(std::stoi(name)), title);
  }
  return out;
}

bool Dovecot::someone_idles() const {
  for (const auto& [pid, title] : imap_processes())
    if (title.find(" IDLE]") != std::string::npos) return true;
  return false;
}

void Dovecot::freeze_connections(bool frozen) const {
  for (const auto& [pid, title] : imap_processes()) ::kill(pid, frozen ? SIGSTOP : SIGCONT);
}

bool Dovecot::renumber() {
  stop();
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "mail" / kUser, ignored)) {
    const auto name = entry.path().filename().string();
    if (name.starts_with("dovecot-uidlist") || name.starts_with("dovecot.index")) std::filesystem::remove(entry.path(), ignored);
  }
  ready_ = start();
  return ready_;
}

}  // namespace buurtbot::testing
