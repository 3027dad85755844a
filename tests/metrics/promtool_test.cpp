#include <doctest/doctest.h>

#include "support/http_client.h"
#include "support/inputs_builder.h"
#include "support/process.h"
#include "support/sidecar_fixture.h"
#include "support/status_fixtures.h"

namespace atsguard::testing {
namespace {

// Every family populated: evaluation, sources, reloads, watcher errors, HTTP counters.
void FillEverything(SidecarFixture& f) {
  f.Beat();
  PublishPassing(f.board);
  PublishFailing(f.board);
  f.board.RecordReload({"signal:ats-core", "success", TestNow(), 1, ""});
  f.board.RecordReload({"http://127.0.0.1:8080/-/reload", "retry", TestNow(), 2, "timeout"});
  f.board.CountWatchEvents(3);
  f.board.CountWatchError("overflow");
  f.board.SetWatcher({"polling", false, {"watch limit reached"}});
  HttpGet(f.port(), "/nowhere");
  HttpRequest(f.port(), "POST", "/metrics");
}

TEST_CASE("a live scrape passes promtool check metrics") {
  SidecarFixture f;
  FillEverything(f);
  HttpReply scrape = HttpGet(f.port(), "/metrics");
  REQUIRE(scrape.status == 200);
  CHECK(scrape.Header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  ProcessResult promtool =
      RunProcess({"promtool", "check", "metrics"}, {}, std::chrono::seconds(30), scrape.body);
  REQUIRE_MESSAGE(promtool.exit_code != 127,
                  "promtool is not installed: run scripts/install-deps.sh test");
  CHECK_MESSAGE(promtool.exit_code == 0, promtool.out << promtool.err << "\n" << scrape.body);
  CHECK(promtool.out.empty());
  CHECK(promtool.err.empty());
}

}  // namespace
}  // namespace atsguard::testing
