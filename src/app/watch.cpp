#include "app/watch.h"

#include <signal.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <random>

#include "app/sidecar.h"
#include "base/duration.h"
#include "base/exit_code.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "http/sidecar_server.h"
#include "reload/http_sender.h"
#include "reload/signal_target.h"
#include "reload/webhook_target.h"
#include "status/status_board.h"
#include "sys/inotify_instance.h"
#include "sys/process_table.h"
#include "sys/signals.h"
#include "watch/change_detector.h"

namespace atsguard::app {

using base::ExitCode;
using base::LogLevel;
using base::Result;
using base::Status;
using base::StatusCode;
using std::chrono::milliseconds;

namespace {

// Everything RunWatch needs from the flags, parsed and checked.
struct WatchConfig {
  bool signal = false;
  bool http = false;
  int signo = SIGHUP;
  std::vector<reload::WebhookUrl> webhooks;
  reload::WebhookOptions webhook;
  watch::DetectorOptions detector;
  SidecarOptions sidecar;
};

Result<milliseconds> Duration(const std::string& flag, const std::string& text) {
  auto parsed = base::ParseDuration(text);
  if (!parsed.ok())
    return Status(StatusCode::kInvalidArgument, flag + ": " + parsed.status().message());
  return parsed.value();
}

Result<WatchConfig> ParseConfig(const WatchOptions& options) {
  WatchConfig config;
  std::vector<std::string> kinds = options.reload;
  if (kinds.empty()) {
    if (!options.process_name.empty()) kinds.push_back("signal");
    if (!options.webhook_urls.empty()) kinds.push_back("http");
  }
  for (const std::string& kind : kinds) {
    config.signal = config.signal || kind == "signal";
    config.http = config.http || kind == "http";
    if (kind == "none" && kinds.size() > 1) {
      return Status(StatusCode::kInvalidArgument, "--reload none excludes other reload targets");
    }
  }
  if (config.signal && options.process_name.empty()) {
    return Status(StatusCode::kInvalidArgument, "--reload signal needs --process-name");
  }
  if (!config.signal && !options.process_name.empty()) {
    return Status(StatusCode::kInvalidArgument, "--process-name is only used with --reload signal");
  }
  if (config.http && options.webhook_urls.empty()) {
    return Status(StatusCode::kInvalidArgument, "--reload http needs --webhook-url");
  }
  if (!config.http && !options.webhook_urls.empty()) {
    return Status(StatusCode::kInvalidArgument, "--webhook-url is only used with --reload http");
  }
  auto signo = sys::ParseSignalName(options.signal);
  if (!signo || *signo == SIGKILL) {
    return Status(StatusCode::kInvalidArgument,
                  "--signal: '" + options.signal + "' is not a signal name such as HUP or USR1");
  }
  config.signo = *signo;
  for (const std::string& text : options.webhook_urls) {
    auto url = reload::ParseWebhookUrl(text);
    if (!url.ok()) return url.status();
    config.webhooks.push_back(std::move(url).value());
  }
  config.webhook.method = options.webhook_method;
  auto success = reload::ParseSuccessCodes(options.webhook_success);
  if (!success.ok()) return success.status();
  config.webhook.success = success.value();

  auto timeout = Duration("--webhook-timeout", options.webhook_timeout);
  auto debounce = Duration("--debounce", options.debounce);
  auto interval = Duration("--min-reload-interval", options.min_reload_interval);
  auto rescan = Duration("--rescan-interval", options.rescan_interval);
  for (const auto* parsed : {&timeout, &debounce, &interval, &rescan}) {
    if (!parsed->ok()) return parsed->status();
  }
  if (timeout.value() < milliseconds(1)) {
    return Status(StatusCode::kInvalidArgument, "--webhook-timeout must be at least 1ms");
  }
  if (rescan.value() < milliseconds(1000)) {
    return Status(StatusCode::kInvalidArgument, "--rescan-interval must be at least 1s");
  }
  config.webhook.timeout = timeout.value();
  config.detector.debounce = debounce.value();
  config.detector.rescan_interval = rescan.value();
  config.sidecar.min_reload_interval = interval.value();
  config.sidecar.reload_on_invalid = options.reload_on_invalid;
  config.sidecar.strict = options.policy.strict;
  config.sidecar.mountinfo_path = options.policy.mountinfo_path;
  return config;
}

int Fail(const Deps& deps, ExitCode code, const std::string& message) {
  std::fprintf(deps.err, "ats-guard watch: error: %s\n", message.c_str());
  return ToInt(code);
}

// Operational lines on stderr (audit lines own stdout), one write per line.
base::LogFn MakeLog(const Deps& deps) {
  auto mutex = std::make_shared<std::mutex>();
  return [err = deps.err, &clock = deps.clock, mutex](LogLevel level, const std::string& text) {
    const char* name = level == LogLevel::kError     ? "error"
                       : level == LogLevel::kWarning ? "warning"
                                                     : "info";
    std::lock_guard lock(*mutex);
    std::fprintf(err, "%s ats-guard watch: %s: %s\n", base::FormatRfc3339(clock.WallNow()).c_str(),
                 name, text.c_str());
    std::fflush(err);
  };
}

void ReportTargetCheck(reload::ReloadTarget& target, audit::AuditLog& audit,
                       const base::LogFn& log) {
  Status check = target.Check();
  audit::AuditEvent event;
  event.event_type = "reload_target_check";
  event.subject = target.name();
  if (check.ok()) {
    event.severity = "info";
    event.action_taken = "ready";
    event.message = "reload target reachable";
    log(LogLevel::kInfo, "reload target " + target.name() + " is reachable");
  } else {
    // Another uid can never work; a process not started yet may still come.
    event.severity = check.code() == StatusCode::kPermissionDenied ? "high" : "medium";
    event.action_taken = "warn";
    event.message = check.message();
    log(LogLevel::kWarning, "reload target " + target.name() + ": " + check.message());
  }
  audit.Record(event);
}

}  // namespace

int RunWatch(const WatchOptions& options, const Deps& deps) {
  auto config = ParseConfig(options);
  if (!config.ok()) return Fail(deps, ExitCode::kUsage, config.status().message());
  auto tmpl = ResolveTemplate(options.policy, deps.fs);
  if (!tmpl.ok()) return Fail(deps, ExitCode::kUsage, tmpl.status().message());

  // Before any thread starts, so that every thread inherits the blocked mask.
  auto signals = sys::SignalFd::Create({SIGTERM, SIGINT, SIGHUP});
  if (!signals.ok()) return Fail(deps, ExitCode::kInternal, signals.status().message());

  base::LogFn log = MakeLog(deps);
  auto sink = options.audit_log == "off" ? audit::MakeNullSink()
                                         : audit::MakeStreamSink(options.audit_log == "stderr");
  audit::AuditLog audit(*sink, deps.clock, deps.env);
  status::StatusBoard board(tmpl->name);
  reload::ReloadReporter reporter(board, audit, deps.clock);

  // After the signal mask (its threads inherit it) and before the first evaluation, so
  // /readyz answers 503 "starting" rather than refusing connections, and a taken port
  // fails the start before anything else happens.
  http::SidecarServer server(options.server, board, audit, deps.clock, deps.fs);
  if (Status started = server.Start(); !started.ok()) {
    return Fail(deps, ExitCode::kUsage, started.message());
  }

  sys::ProcfsProcessTable processes;
  reload::HttplibSender sender;
  std::vector<std::unique_ptr<reload::ReloadTarget>> owned;
  std::vector<reload::WebhookTarget*> webhooks;
  if (config->signal) {
    owned.push_back(std::make_unique<reload::SignalTarget>(options.process_name, config->signo,
                                                           processes, reporter));
  }
  for (const reload::WebhookUrl& url : config->webhooks) {
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    auto target = std::make_unique<reload::WebhookTarget>(
        url, config->webhook, sender, reporter, deps.clock,
        [rng] { return std::uniform_real_distribution<double>(0.0, 1.0)(*rng); });
    webhooks.push_back(target.get());
    owned.push_back(std::move(target));
  }
  std::vector<reload::ReloadTarget*> targets;
  for (auto& target : owned) {
    targets.push_back(target.get());
    board.DeclareReloadTarget(target->name());
  }

  std::unique_ptr<sys::Inotify> inotify;
  std::string no_inotify_reason;
  if (auto created = sys::LinuxInotify::Create(); created.ok()) {
    inotify = std::move(created).value();
  } else {
    no_inotify_reason = created.status().message();
  }
  watch::ChangeDetector detector(watch::PlanSources(options.policy.secrets_dirs, deps.env), deps.fs,
                                 inotify.get(), board, log, config->detector, no_inotify_reason);
  Sidecar sidecar(config->sidecar, std::move(tmpl).value(), detector, targets, reporter, board,
                  audit, deps.env, deps.fs, deps.clock, log);
  sidecar.Start();
  for (reload::ReloadTarget* target : targets) ReportTargetCheck(*target, audit, log);
  for (reload::WebhookTarget* webhook : webhooks) webhook->Start();

  std::vector<std::string> dirs;
  for (const watch::WatchSource& source : detector.sources()) dirs.push_back(source.dir);
  std::vector<std::string> names;
  for (reload::ReloadTarget* target : targets) names.push_back(target->name());
  log(LogLevel::kInfo,
      "watching " + (dirs.empty() ? std::string("no directory") : base::Join(dirs, ", ")) + " (" +
          board.Read().watcher.mode + "); template " + sidecar.evaluation().template_name + ": " +
          (sidecar.evaluation().Passing() ? "pass" : "fail") +
          "; reload: " + (names.empty() ? "none" : base::Join(names, ", ")) +
          "; serving /healthz /readyz /status /metrics on port " + std::to_string(server.port()) +
          (options.server.tls_cert.empty() ? "" : " (TLS)"));

  bool stop = false;
  while (!stop) {
    sidecar.RunOnce();
    auto wait = sidecar.NextDeadline() - deps.clock.MonotonicNow();
    // Round up: waking a fraction of a millisecond early would spin until the deadline.
    long long wait_ms = std::chrono::ceil<milliseconds>(wait).count();
    if (wait_ms < 0) wait_ms = 0;
    sys::WaitReadable({inotify ? inotify->fd() : -1, (*signals)->fd()},
                      static_cast<int>(std::min<long long>(wait_ms, 1 << 30)));
    for (int signo : (*signals)->ReadPending()) {
      if (signo == SIGHUP) {
        log(LogLevel::kInfo, "SIGHUP: rescanning every directory");
        sidecar.RequestRescan();
      } else {
        log(LogLevel::kInfo, sys::SignalName(signo) + ": stopping");
        stop = true;
      }
    }
  }
  server.Stop();
  for (reload::WebhookTarget* webhook : webhooks) webhook->Stop();
  return ToInt(ExitCode::kPass);
}

}  // namespace atsguard::app
