#include "support/prometheus_server.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "support/tls_client.h"

namespace atsguard::testing {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(200);

std::string PercentEncode(const std::string& text) {
  std::string out;
  char hex[4];
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

struct Target {
  std::string scheme;
  std::string address;  // host:port
  std::string path;
};

Target ParseUrl(const std::string& url) {
  size_t scheme_end = url.find("://");
  REQUIRE_MESSAGE(scheme_end != std::string::npos, "target URL without scheme: " << url);
  Target target;
  target.scheme = url.substr(0, scheme_end);
  std::string rest = url.substr(scheme_end + 3);
  size_t slash = rest.find('/');
  target.address = rest.substr(0, slash);
  target.path = slash == std::string::npos ? "/metrics" : rest.substr(slash);
  return target;
}

bool Executable(const char* name) {
  for (const char* dir : {"/usr/bin/", "/usr/local/bin/", "/bin/"}) {
    if (::access((std::string(dir) + name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

}  // namespace

PrometheusServer::PrometheusServer(const std::string& target_url,
                                   const std::string& bearer_token_file) {
  REQUIRE_MESSAGE(Executable("prometheus"),
                  "prometheus is not installed: run scripts/install-deps.sh test");
  Target target = ParseUrl(target_url);
  std::string config =
      "global:\n"
      "  scrape_interval: 1s\n"
      "  scrape_timeout: 1s\n"
      "scrape_configs:\n"
      "  - job_name: ats-guard\n"
      "    scheme: " +
      target.scheme +
      "\n"
      "    metrics_path: " +
      target.path + "\n";
  if (!bearer_token_file.empty()) {
    config += "    authorization:\n      credentials_file: " + bearer_token_file + "\n";
  }
  if (target.scheme == "https") config += "    tls_config:\n      insecure_skip_verify: true\n";
  config += "    static_configs:\n      - targets: ['" + target.address + "']\n";
  WriteFile(dir_.Sub("prometheus.yml"), config);

  bool ready = false;
  for (int attempt = 0; attempt < 3 && !ready; ++attempt) ready = Launch();
  REQUIRE_MESSAGE(ready, "prometheus did not become ready:\n" << Log());
}

PrometheusServer::~PrometheusServer() = default;

bool PrometheusServer::Launch() {
  // Prometheus cannot report a port it picked itself: choose one, retry if it is taken.
  port_ = FreeLoopbackPort();
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{
          "prometheus",
          "--config.file=" + dir_.Sub("prometheus.yml"),
          "--storage.tsdb.path=" + dir_.Sub("data"),
          "--web.listen-address=127.0.0.1:" + std::to_string(port_),
      },
      std::map<std::string, std::string>{});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(1);
  client.set_read_timeout(2);
  while (std::chrono::steady_clock::now() < deadline) {
    // Exited: most likely the port was taken meanwhile; the caller retries.
    if (process_->Wait(std::chrono::milliseconds(0))) return false;
    if (auto res = client.Get("/-/ready"); res && res->status == 200) return true;
    std::this_thread::sleep_for(kPollInterval);
  }
  return false;
}

std::optional<double> PrometheusServer::Query(const std::string& expr) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  auto res = client.Get("/api/v1/query?query=" + PercentEncode(expr));
  if (!res || res->status != 200) return std::nullopt;
  auto doc = nlohmann::json::parse(res->body, nullptr, false);
  if (doc.is_discarded() || doc.value("status", "") != "success") return std::nullopt;
  const auto& result = doc["data"]["result"];
  if (!result.is_array() || result.size() != 1) return std::nullopt;
  return std::stod(result[0]["value"][1].get<std::string>());
}

bool PrometheusServer::WaitFor(const std::string& expr, double want,
                               std::chrono::seconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (Query(expr) == want) return true;
    std::this_thread::sleep_for(kPollInterval);
  }
  return false;
}

std::string PrometheusServer::Log() const {
  return process_ ? process_->out() + process_->err() : "";
}

}  // namespace atsguard::testing
