#include "adapters/matrix/registration.hpp"

#include <yaml-cpp/yaml.h>

namespace buurtbot::adapters::matrix {
namespace {

void empty_list(YAML::Emitter& out, const char* key) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
}

}  // namespace

std::string registration_yaml(const MatrixSettings& settings, const std::string& as_token, const std::string& hs_token) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << settings.appservice_id;
  out << YAML::Key << "url" << YAML::Value << settings.appservice_url;
  out << YAML::Key << "as_token" << YAML::Value << YAML::DoubleQuoted << as_token;
  out << YAML::Key << "hs_token" << YAML::Value << YAML::DoubleQuoted << hs_token;
  out << YAML::Key << "sender_localpart" << YAML::Value << settings.sender_localpart;
  out << YAML::Key << "namespaces" << YAML::Value << YAML::BeginMap;
  empty_list(out, "users");
  empty_list(out, "aliases");
  empty_list(out, "rooms");
  out << YAML::EndMap;
  out << YAML::Key << "rate_limited" << YAML::Value << false;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace buurtbot::adapters::matrix
