#include <doctest/doctest.h>

#include <deque>

#include "reload/webhook_target.h"
#include "reload/webhook_url.h"
#include "support/fake_clock.h"
#include "support/recording_audit_sink.h"

namespace atsguard::testing {
namespace {

using reload::ParseWebhookUrl;
using std::chrono::milliseconds;

TEST_CASE("webhook URLs keep credentials out of their printed form") {
  auto url = ParseWebhookUrl("http://admin:s3cr%40t@127.0.0.1:8080/-/reload?token=abc");
  REQUIRE(url.ok());
  CHECK(url->host == "127.0.0.1");
  CHECK(url->port == 8080);
  CHECK(url->target == "/-/reload?token=abc");
  CHECK(url->user == "admin");
  CHECK(url->password == "s3cr@t");
  CHECK(url->Redacted() == "http://127.0.0.1:8080/-/reload?[redacted]");
  CHECK(url->Redacted().find("s3cr") == std::string::npos);
}

TEST_CASE("webhook URLs: defaults, IPv6 and errors that never echo the URL") {
  auto plain = ParseWebhookUrl("https://reloader.local");
  REQUIRE(plain.ok());
  CHECK(plain->port == 443);
  CHECK(plain->target == "/");
  auto v6 = ParseWebhookUrl("http://[::1]:9/x");
  REQUIRE(v6.ok());
  CHECK(v6->host == "::1");
  CHECK(v6->Origin() == "http://[::1]:9");
  for (const char* bad : {"ftp://user:pw@host/", "http://user:pw@:80/", "http://user:pw@h:0/",
                          "user:pw@host", "http://user:pw@h/a b"}) {
    CAPTURE(bad);
    auto parsed = ParseWebhookUrl(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().message().find("pw") == std::string::npos);
  }
}

TEST_CASE("success codes are classes or single codes") {
  auto codes = reload::ParseSuccessCodes("2xx, 304");
  REQUIRE(codes.ok());
  CHECK(reload::IsSuccess(*codes, 200));
  CHECK(reload::IsSuccess(*codes, 299));
  CHECK(reload::IsSuccess(*codes, 304));
  CHECK_FALSE(reload::IsSuccess(*codes, 302));
  CHECK_FALSE(reload::ParseSuccessCodes("2xy").ok());
  CHECK_FALSE(reload::ParseSuccessCodes("99").ok());
}

// Answers scripted results in order; records the calls.
class FakeSender : public reload::HttpSender {
 public:
  base::Result<int> Send(const reload::WebhookUrl&, const std::string& method,
                         milliseconds) override {
    methods.push_back(method);
    if (answers.empty()) return 200;
    base::Result<int> answer = answers.front();
    answers.pop_front();
    return answer;
  }
  void Cancel() override {}
  std::deque<base::Result<int>> answers;
  std::vector<std::string> methods;
};

struct Rig {
  Rig()
      : audit(sink, clock, env),
        board("test"),
        reporter(board, audit, clock),
        target(*ParseWebhookUrl("http://u:p@127.0.0.1:1/reload"), Options(), sender, reporter,
               clock, [] { return 0.5; }) {}
  static reload::WebhookOptions Options() {
    reload::WebhookOptions options;
    options.backoff_initial = milliseconds(200);
    options.backoff_max = milliseconds(1000);
    return options;
  }
  uint64_t Count(const std::string& result) const {
    auto counts = board.Read().reload_counts;
    auto it = counts.find({"http://127.0.0.1:1/reload", result});
    return it == counts.end() ? 0 : it->second;
  }
  FakeClock clock;
  sys::MapEnvironment env{{}};
  RecordingAuditSink sink;
  audit::AuditLog audit;
  status::StatusBoard board;
  reload::ReloadReporter reporter;
  FakeSender sender;
  reload::WebhookTarget target;
};

base::Status Refused() { return {base::StatusCode::kUnavailable, "Connection"}; }

TEST_CASE("a webhook is retried with exponential backoff and jitter until it succeeds") {
  Rig rig;
  rig.sender.answers = {Refused(), Refused(), 503, Refused(), 200};
  rig.target.Reload({"rotation"});
  // Equal jitter at 0.5: 3/4 of 200, 400, 800, then the 1000 ms cap.
  const int expected_waits[] = {150, 300, 600, 750};
  for (int wait : expected_waits) {
    auto next = rig.target.RunOnce();
    REQUIRE(next);
    CHECK(*next - rig.clock.MonotonicNow() == milliseconds(wait));
    rig.clock.Advance(milliseconds(wait - 1));
    CHECK(rig.target.RunOnce() == next);  // not due yet: nothing sent
    rig.clock.Advance(milliseconds(1));
  }
  CHECK_FALSE(rig.target.RunOnce());  // the fifth attempt succeeds
  CHECK(rig.sender.methods.size() == 5);
  CHECK(rig.Count("retry") == 4);
  CHECK(rig.Count("success") == 1);
  auto events = rig.sink.Events("reload");
  REQUIRE(events.size() == 5);
  CHECK(events.back()["attempt"] == 5);
  for (const std::string& line : rig.sink.lines()) CHECK(line.find("u:p") == std::string::npos);
}

TEST_CASE("requests made while one is pending are delivered once") {
  Rig rig;
  rig.sender.answers = {503};
  rig.target.Reload({"a"});
  (void)rig.target.RunOnce();
  rig.target.Reload({"b"});
  rig.target.Reload({"c"});
  rig.clock.Advance(milliseconds(1000));
  CHECK_FALSE(rig.target.RunOnce());
  CHECK(rig.sender.methods.size() == 2);
  CHECK(rig.Count("success") == 1);
}

TEST_CASE("a client error is a failure that is not retried") {
  Rig rig;
  rig.sender.answers = {404};
  rig.target.Reload({"rotation"});
  CHECK_FALSE(rig.target.RunOnce());
  CHECK(rig.Count("failure") == 1);
  CHECK(rig.sink.Events("reload").at(0)["severity"] == "high");
}

TEST_CASE("408 and 429 are retried like server errors") {
  Rig rig;
  rig.sender.answers = {429, 408};
  rig.target.Reload({""});
  CHECK(rig.target.RunOnce());
  rig.clock.Advance(milliseconds(1000));
  CHECK(rig.target.RunOnce());
  rig.clock.Advance(milliseconds(1000));
  CHECK_FALSE(rig.target.RunOnce());
  CHECK(rig.Count("retry") == 2);
}

TEST_CASE("nothing is sent without a request") {
  Rig rig;
  CHECK_FALSE(rig.target.RunOnce());
  CHECK(rig.sender.methods.empty());
}

}  // namespace
}  // namespace atsguard::testing
