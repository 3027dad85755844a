// The HTTP request path, through the handler entry the connection loop calls:
// RequestProcessor::Handle over a board with findings, real metrics, audit and auth.
// Input: one flags byte, then the bytes a client sends on one connection. The bytes are
// cut into request heads as the connection loop cuts them (that framing is inline in
// ConnectionLoop::Drive, not a pure function, so it is mirrored here), which makes
// pipelined, oversized and unterminated heads reachable.
// Oracles, each a trap: a well-formed HTTP/1.1 status line with a code in 100..599, the
// security headers, Content-Length framing the body, "Connection: close" exactly when
// the connection closes (always on the last request and after 400/405/413/414), no 401
// or 429 from a feature that is off, no /metrics or /status body without the token (none
// at all once the token file is broken), and neither the bearer token nor the planted canary secret
// in any response or audit line.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "audit/audit_log.h"
#include "http/bearer_auth.h"
#include "http/rate_limiter.h"
#include "http/request_processor.h"
#include "http/response_headers.h"
#include "metrics/sidecar_metrics.h"
#include "policy/analysis_cache.h"
#include "policy/evaluator.h"
#include "policy/policy_loader.h"
#include "secrets/catalog.h"
#include "secrets/inputs.h"
#include "status/status_board.h"
#include "support/fake_clock.h"
#include "support/memory_file_system.h"
#include "sys/environment.h"

using namespace atsguard;

namespace {

constexpr std::string_view kToken = "fuzz-scrape-token-0123456789abcdef";
// The JWT secret of the published evaluation, also planted in a reload message and a
// watcher problem (where a bug could leak it): responses may only carry it redacted.
constexpr std::string_view kCanary = "canary-5e1d7b3a9c0f4826";
constexpr size_t kMaxHeaderBytes = 8192;  // ServerLimits' default, as the loop applies it

// Flags byte.
constexpr uint8_t kAuth = 1 << 0;
constexpr uint8_t kRateLimit = 1 << 1;
constexpr uint8_t kTls = 1 << 2;
constexpr uint8_t kPublish = 1 << 3;          // an evaluation with blocking findings
constexpr uint8_t kHistory = 1 << 4;          // reloads, source changes, watcher problems
constexpr uint8_t kShortConnection = 1 << 5;  // 2 requests per connection: `last` early
// Bits 6-7: clock step between requests (0, 1 ms, 1 s, 61 s): the metrics cache, token
// recheck, bucket refill, audit throttle window and the stuck-loop probe all move. With
// auth, the 61 s step also breaks the token file after the first request.
constexpr std::chrono::milliseconds kSteps[] = {std::chrono::milliseconds(0),
                                                std::chrono::milliseconds(1),
                                                std::chrono::seconds(1), std::chrono::seconds(61)};

// The response (or audit line) under check, printed with the failed oracle to make a
// crash readable. Reset after each check so it never outlives what it views.
std::string_view checking;

// A macro, so the message names the oracle that failed.
#define CHECK_HTTP(condition)                                                        \
  do {                                                                               \
    if (!(condition)) {                                                              \
      std::fprintf(stderr, "fuzz_http: violated: %s\nresponse:\n%.*s\n", #condition, \
                   static_cast<int>(checking.size()), checking.data());              \
      __builtin_trap();                                                              \
    }                                                                                \
  } while (false)

std::shared_ptr<const policy::Evaluation> FailingEvaluation() {
  static const auto evaluation = [] {
    secrets::InputSet inputs;
    secrets::InputValue jwt;
    jwt.origin = secrets::Origin::kDirectory;
    jwt.subject = "/fuzz/jwt-secret";
    jwt.mode = 0440;
    jwt.value = std::string(kCanary);
    inputs.Add(secrets::InputId::kJwtSecret, std::move(jwt));
    policy::AnalysisCache cache;
    policy::EvaluationOptions options;
    options.now = std::chrono::system_clock::from_time_t(1793527200);
    // Every other input missing: many findings, several blocking.
    return std::make_shared<const policy::Evaluation>(policy::Evaluate(
        policy::LoadBuiltinTemplate("production-financial").value(), inputs, options, cache));
  }();
  return evaluation;
}

// Discards audit lines after checking them: nothing secret may be written.
class CheckingSink : public audit::AuditSink {
 public:
  void Write(const std::string& line) override {
    checking = line;
    CHECK_HTTP(line.find(kToken) == std::string::npos);
    CHECK_HTTP(line.find(kCanary) == std::string::npos);
    checking = {};
  }
};

struct ParsedResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string_view body;
};

// Strict enough that any response a client could misread fails.
ParsedResponse Parse(std::string_view bytes) {
  ParsedResponse out;
  CHECK_HTTP(bytes.starts_with("HTTP/1.1 ") && bytes.size() >= 13 && bytes[12] == ' ');
  for (size_t i = 9; i < 12; ++i) CHECK_HTTP(bytes[i] >= '0' && bytes[i] <= '9');
  out.status = (bytes[9] - '0') * 100 + (bytes[10] - '0') * 10 + (bytes[11] - '0');
  CHECK_HTTP(out.status >= 100 && out.status <= 599);
  size_t end = bytes.find("\r\n\r\n");
  CHECK_HTTP(end != std::string_view::npos);
  out.body = bytes.substr(end + 4);
  size_t line = bytes.find("\r\n") + 2;
  while (line < end + 2) {
    size_t next = bytes.find("\r\n", line);
    std::string_view field = bytes.substr(line, next - line);
    size_t colon = field.find(':');
    CHECK_HTTP(colon != std::string_view::npos && colon > 0);
    std::string name(field.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = field.substr(colon + 1);
    while (value.starts_with(' ')) value.remove_prefix(1);
    // A repeated header would be ambiguous for every header checked below.
    CHECK_HTTP(out.headers.emplace(std::move(name), std::string(value)).second);
    line = next + 2;
  }
  return out;
}

std::string Header(const ParsedResponse& response, const std::string& name) {
  auto it = response.headers.find(name);
  return it == response.headers.end() ? "" : it->second;
}

struct Config {
  bool auth, rate_limit, tls, short_connection;
  bool token_broken = false;  // the token file now holds an invalid token
};

// Invariants of one response to one head (or of a canned refusal when `head` is empty).
void CheckResponse(const Config& config, std::string_view head, bool last,
                   const http::HandlerResponse& answer) {
  checking = answer.bytes;
  ParsedResponse response = Parse(answer.bytes);
  CHECK_HTTP(answer.bytes.find(kToken) == std::string::npos);
  if (head.find(kCanary) == std::string_view::npos) {
    CHECK_HTTP(answer.bytes.find(kCanary) == std::string::npos);
  }

  for (const auto& [name, value] : http::SecurityHeaders(config.tls)) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK_HTTP(Header(response, lower) == value);
  }
  CHECK_HTTP(response.headers.count("strict-transport-security") == (config.tls ? 1u : 0u));

  // The loop writes exactly these bytes and then reads the next request from the same
  // stream: the body must be exactly Content-Length long (HEAD: empty).
  std::string length = Header(response, "content-length");
  bool head_method = head.starts_with("HEAD ");
  if (!length.empty()) {
    CHECK_HTTP(length.find_first_not_of("0123456789") == std::string::npos && length.size() < 10);
    CHECK_HTTP(response.body.size() == std::stoul(length) ||
               (head_method && response.body.empty()));
  } else {
    CHECK_HTTP(response.body.empty());
  }

  bool says_close = Header(response, "connection") == "close";
  // HTTP/1.0 closes by default: httplib closes such a connection without saying so, which
  // is correct for that client. Every other close must be announced, and a close announced
  // must happen.
  std::string_view request_line = head.substr(0, head.find("\r\n"));
  bool http10 = request_line.ends_with(" HTTP/1.0");
  CHECK_HTTP(says_close == answer.close || (answer.close && http10));
  if (last) CHECK_HTTP(answer.close);
  int s = response.status;
  if (s == 400 || s == 405 || s == 413 || s == 414) CHECK_HTTP(answer.close);

  if (!config.auth) CHECK_HTTP(s != 401);
  if (!config.rate_limit) CHECK_HTTP(s != 429);
  if (s == 429) CHECK_HTTP(!Header(response, "retry-after").empty());
  if (s == 401) CHECK_HTTP(Header(response, "www-authenticate") == "Bearer realm=\"ats-guard\"");
  if (head.starts_with("POST ") || head.starts_with("PUT ") || head.starts_with("DELETE ")) {
    CHECK_HTTP(s == 405 || s == 400 || s == 500);
  }

  // /metrics and /status are the only bodies of these types: with auth on, none may be
  // served to a request that does not carry the token.
  std::string type = Header(response, "content-type");
  bool protected_body = type == metrics::SidecarMetrics::kContentType || type == "application/json";
  // (The scheme is case-insensitive and may be followed by any run of blanks: only the
  // token itself is certain to be in an accepted request.)
  if (config.auth && protected_body) CHECK_HTTP(head.find(kToken) != std::string_view::npos);
  // An unusable token file locks everyone out (fail closed), even the old token's holder.
  if (config.token_broken) CHECK_HTTP(!protected_body);
  if (s == 200 && protected_body && !head_method && type == "application/json") {
    CHECK_HTTP(response.body.starts_with("{"));
  }
  checking = {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  Config config{(flags & kAuth) != 0, (flags & kRateLimit) != 0, (flags & kTls) != 0,
                (flags & kShortConnection) != 0};
  const auto step = kSteps[flags >> 6];
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);

  // Fresh state per input, so a crash replays from its input alone.
  testing::FakeClock clock;
  testing::MemoryFileSystem fs;  // the token file; no procfs, so process_* families drop
  fs.AddFile("/secrets/token", std::string(kToken) + "\n", 0440);
  CheckingSink sink;
  sys::MapEnvironment env({});
  audit::AuditLog audit(sink, clock, env);
  audit.SetSecrets({std::string(kCanary)});

  status::StatusBoard board("production-financial");
  board.Heartbeat(clock.MonotonicNow());
  if (flags & kPublish) board.PublishEvaluation(FailingEvaluation(), clock.WallNow());
  if (flags & kHistory) {
    board.SetWatcher({"polling", false, {"watch limit reached near " + std::string(kCanary)}});
    board.RecordSourceChange("/var/run/secrets/ats", clock.WallNow());
    board.RecordReload({"signal:ats-core", "failure", clock.WallNow(), 2,
                        "reload refused: " + std::string(kCanary)});
  } else {
    board.SetWatcher({"inotify", true, {}});
  }
  metrics::SidecarMetrics sidecar_metrics(board, clock, fs);

  http::ServerOptions options;
  std::unique_ptr<http::BearerAuth> auth;
  if (config.auth) {
    options.auth_token_file = "/secrets/token";
    auth = std::make_unique<http::BearerAuth>(options.auth_token_file, fs, clock,
                                              options.credential_recheck);
    CHECK_HTTP(auth->Load().ok());
  }
  std::unique_ptr<http::RateLimiter> limiter;
  if (config.rate_limit) {
    options.rate_limit_rpm = 3;  // small, so a few pipelined requests reach 429
    limiter = std::make_unique<http::RateLimiter>(options.rate_limit_rpm,
                                                  options.limits.max_tracked_clients, clock);
  }
  options.limits.max_requests_per_connection = config.short_connection ? 2 : 1000;
  http::RequestProcessor processor(
      options, config.tls,
      http::ProcessorDeps{board, sidecar_metrics, audit, clock, auth.get(), limiter.get()},
      clock.MonotonicNow());
  const http::PeerAddress peer{"10.1.2.3", 40000};

  // ConnectionLoop::Drive's framing: a head ends at the first CRLFCRLF within the limit;
  // one that ends beyond it, or no end within limit + 1 bytes, is a canned 431 and the
  // end of the connection; a partial head at the end of the input is never answered.
  size_t served = 0;
  while (!input.empty()) {
    size_t end = input.find("\r\n\r\n");
    if (end == std::string_view::npos && input.size() <= kMaxHeaderBytes) break;
    if (end == std::string_view::npos || end + 4 > kMaxHeaderBytes) {
      CheckResponse(config, {}, false, {http::CannedResponse(431, config.tls), true});
      break;
    }
    std::string_view head = input.substr(0, end + 4);
    bool last = served + 1 >= options.limits.max_requests_per_connection;
    http::HandlerResponse answer = processor.Handle(head, peer, last);
    ++served;
    CheckResponse(config, head, last, answer);
    if (answer.close) break;
    input.remove_prefix(head.size());
    clock.Advance(step);
    // With the longest step, a rotation breaks the token file after the first request
    // (too short to be accepted); BearerAuth re-reads it before the next one.
    if (config.auth && step == kSteps[3] && !config.token_broken) {
      fs.AddFile("/secrets/token", "short\n", 0440);
      config.token_broken = true;
    }
  }

  // Whatever was counted must still render, without the token (the canary is only
  // scrubbed at the HTTP edge, checked above).
  CHECK_HTTP(sidecar_metrics.Render().find(kToken) == std::string::npos);
  return 0;
}
