#include "http/connection_loop.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "http/response_headers.h"
#include "http/transport.h"
#include "http/yield_pacer.h"

namespace atsguard::http {

namespace {

enum class Phase {
  kHandshake,  // TLS handshake in progress
  kReading,    // buffering a request head (or idle between requests)
  kWriting,    // sending a response
  kDraining,   // response sent and write side shut: discarding input until the peer closes
};

constexpr size_t kReadChunk = 16 * 1024;
constexpr size_t kMaxDrainBytes = 64 * 1024;
constexpr int kAcceptBatch = 32;
constexpr int kMaxEvents = 64;
// How long to stop accepting when out of file descriptors or memory: the pending
// connection stays queued and the listener stays readable, so retrying at once would spin.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);

// Tags for the two non-connection entries of the epoll set.
char listen_tag;
char stop_tag;

[[noreturn]] void Fatal(const char* what) {
  // Only our own bug (a bad descriptor or argument) makes these calls fail.
  std::fprintf(stderr, "ats-guard: fatal: %s: %s\n", what, std::strerror(errno));
  std::abort();
}

}  // namespace

struct ConnectionLoop::Connection {
  UniqueFd fd;
  std::unique_ptr<Transport> transport;  // destroyed before fd: TLS state refers to it
  PeerAddress peer;
  Phase phase = Phase::kReading;
  std::string in;      // bytes received and not yet answered
  size_t scanned = 0;  // prefix of `in` known not to hold the end of a head
  std::string out;     // the response being sent
  size_t sent = 0;
  bool close_after_write = false;
  bool request_started = true;  // bytes of a request arrived (or the connection is new)
  size_t served = 0;
  size_t drained = 0;
  uint32_t interest = 0;                // the events registered with epoll
  const char* expiry_reason = nullptr;  // counted when the deadline passes; null: silent
  Deadlines::iterator deadline;
  bool has_deadline = false;
};

ConnectionLoop::ConnectionLoop(LoopShared& shared) : shared_(shared), scratch_(kReadChunk) {}

ConnectionLoop::~ConnectionLoop() { CloseAll(); }

base::Status ConnectionLoop::Init() {
  epoll_ = UniqueFd(::epoll_create1(EPOLL_CLOEXEC));
  if (!epoll_.valid()) return base::ErrnoStatus(errno, "epoll_create1");
  epoll_event stop{};
  stop.events = EPOLLIN;
  stop.data.ptr = &stop_tag;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, shared_.stop_fd, &stop) != 0) {
    return base::ErrnoStatus(errno, "epoll_ctl(stop event)");
  }
  // EPOLLEXCLUSIVE: a new connection wakes one loop, not all of them.
  epoll_event listen{};
  listen.events = EPOLLIN | EPOLLEXCLUSIVE;
  listen.data.ptr = &listen_tag;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, shared_.listen_fd, &listen) != 0) {
    return base::ErrnoStatus(errno, "epoll_ctl(listening socket)");
  }
  return base::Status::Ok();
}

void ConnectionLoop::Run() {
  epoll_event events[kMaxEvents];
  // The real clock, not shared_.clock: it measures how long this thread has held its core.
  YieldPacer pacer(YieldPacer::Clock::now());
  while (true) {
    const auto before_wait = YieldPacer::Clock::now();
    int ready = ::epoll_wait(epoll_.get(), events, kMaxEvents, NextTimeoutMs());
    if (pacer.ShouldYield(before_wait, YieldPacer::Clock::now())) ::sched_yield();
    if (ready < 0) {
      if (errno == EINTR) continue;
      Fatal("epoll_wait");
    }
    for (int i = 0; i < ready; ++i) {
      void* tag = events[i].data.ptr;
      if (tag == &stop_tag) {
        CloseAll();
        return;
      }
      if (tag == &listen_tag) {
        AcceptBatch();
      } else {
        Drive(*static_cast<Connection*>(tag));
      }
    }
    ExpireDue();
    ResumeAcceptingIfDue();
  }
}

int ConnectionLoop::NextTimeoutMs() const {
  std::optional<TimePoint> next;
  if (!deadlines_.empty()) next = deadlines_.begin()->first;
  if (accept_paused_until_ && (!next || *accept_paused_until_ < *next)) next = accept_paused_until_;
  if (!next) return -1;
  auto left = *next - shared_.clock.MonotonicNow();
  if (left <= TimePoint::duration::zero()) return 0;
  // Round up: waking a little early would only find nothing due and wait again.
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return static_cast<int>(std::min<long long>(ms, 60'000));
}

// ---- accepting ----

void ConnectionLoop::AcceptBatch() {
  for (int i = 0; i < kAcceptBatch; ++i) {
    int raw = ::accept4(shared_.listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (raw < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        shared_.metrics.CountDroppedConnection("accept_error");
        PauseAccepting();
        return;
      }
      if (errno == EBADF || errno == EINVAL || errno == ENOTSOCK || errno == EFAULT) {
        Fatal("accept4");
      }
      // Anything else is the pending connection's own failure, which Linux reports from
      // accept (ECONNABORTED, EPROTO, ENETDOWN, EHOSTUNREACH, EPERM from a firewall, ...):
      // accept(2) says to treat it like EAGAIN and go on with the next one.
      continue;
    }
    UniqueFd fd(raw);
    if (shared_.open_connections.fetch_add(1) >= shared_.max_connections) {
      shared_.open_connections.fetch_sub(1);
      RefuseAtCapacity(std::move(fd));
      continue;
    }
    Open(std::move(fd));
  }
}

void ConnectionLoop::Open(UniqueFd fd) {
  // Responses go out in one write; without NODELAY a response that spans two segments
  // waits for the client's delayed ACK (40 ms on Linux).
  int one = 1;
  ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  auto connection = std::make_unique<Connection>();
  Connection& c = *connection;
  c.peer = PeerOf(fd.get());
  if (shared_.tls != nullptr) {
    auto session = shared_.tls->NewSession(fd.get());
    if (!session.ok()) {
      shared_.open_connections.fetch_sub(1);
      shared_.metrics.CountDroppedConnection("tls_handshake");
      return;
    }
    c.transport = MakeTlsTransport(fd.get(), std::move(session).value());
    c.phase = Phase::kHandshake;
  } else {
    c.transport = MakePlainTransport(fd.get());
    c.phase = Phase::kReading;
  }
  c.fd = std::move(fd);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = &c;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, c.fd.get(), &event) != 0) {
    shared_.open_connections.fetch_sub(1);
    shared_.metrics.CountDroppedConnection("accept_error");
    return;
  }
  c.interest = EPOLLIN;
  shared_.metrics.ConnectionOpened();
  connections_.emplace(&c, std::move(connection));
  // The handshake and the first head must both fit in one request timeout.
  SetDeadline(c, shared_.timeouts.request, "request_timeout");
}

void ConnectionLoop::RefuseAtCapacity(UniqueFd fd) {
  shared_.metrics.CountDroppedConnection("connection_limit");
  if (shared_.tls != nullptr) return;  // no handshake for a refusal: just close
  // Best effort, never waiting: the client learns why instead of seeing a reset.
  std::string response = CannedResponse(503, false, std::chrono::seconds(1));
  ssize_t ignored = ::send(fd.get(), response.data(), response.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  (void)ignored;
  shared_.metrics.CountRequest("other", 503);
}

void ConnectionLoop::PauseAccepting() {
  if (accept_paused_until_) return;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, shared_.listen_fd, nullptr);
  accept_paused_until_ = shared_.clock.MonotonicNow() + kAcceptPause;
}

void ConnectionLoop::ResumeAcceptingIfDue() {
  if (!accept_paused_until_ || shared_.clock.MonotonicNow() < *accept_paused_until_) return;
  accept_paused_until_.reset();
  epoll_event listen{};
  listen.events = EPOLLIN | EPOLLEXCLUSIVE;
  listen.data.ptr = &listen_tag;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, shared_.listen_fd, &listen) != 0) {
    Fatal("epoll_ctl(listening socket)");
  }
}

// ---- one connection ----

void ConnectionLoop::Drive(Connection& c) {
  const size_t limit = shared_.limits.max_header_bytes;
  while (true) {
    switch (c.phase) {
      case Phase::kHandshake: {
        IoStatus status = c.transport->Handshake();
        if (status == IoStatus::kOk) {
          c.phase = Phase::kReading;
          break;
        }
        if (status == IoStatus::kWantRead || status == IoStatus::kWantWrite) {
          return Await(c, status == IoStatus::kWantWrite ? EPOLLOUT : EPOLLIN);
        }
        return Drop(c, "tls_handshake");
      }

      case Phase::kReading: {
        // Search only the bytes not searched yet (minus three: the end may straddle).
        size_t from = c.scanned >= 3 ? c.scanned - 3 : 0;
        size_t end = c.in.find("\r\n\r\n", from);
        if (end != std::string::npos && end + 4 <= limit) {
          Respond(c, end + 4);
          break;
        }
        if (end != std::string::npos || c.in.size() > limit) {
          Reject(c, 431, "header_too_large");
          break;
        }
        c.scanned = c.in.size();
        size_t room = std::min(limit + 1 - c.in.size(), scratch_.size());
        size_t got = 0;
        IoStatus status = c.transport->Read(scratch_.data(), room, &got);
        if (status == IoStatus::kOk) {
          if (!c.request_started) {
            // The first byte of the next request on a kept-alive connection starts its clock.
            c.request_started = true;
            SetDeadline(c, shared_.timeouts.request, "request_timeout");
          }
          c.in.append(scratch_.data(), got);
          break;
        }
        if (status == IoStatus::kWantRead || status == IoStatus::kWantWrite) {
          return Await(c, status == IoStatus::kWantWrite ? EPOLLOUT : EPOLLIN);
        }
        return Close(c);  // the client left, possibly mid-head: nobody to answer
      }

      case Phase::kWriting: {
        size_t moved = 0;
        IoStatus status = c.transport->Write(c.out.data() + c.sent, c.out.size() - c.sent, &moved);
        if (status == IoStatus::kOk) {
          c.sent += moved;
          if (c.sent == c.out.size()) FinishResponse(c);
          break;
        }
        if (status == IoStatus::kWantRead || status == IoStatus::kWantWrite) {
          return Await(c, status == IoStatus::kWantRead ? EPOLLIN : EPOLLOUT);
        }
        return Close(c);
      }

      case Phase::kDraining: {
        size_t got = 0;
        IoStatus status = c.transport->Read(scratch_.data(), scratch_.size(), &got);
        if (status == IoStatus::kOk) {
          c.drained += got;
          if (c.drained > kMaxDrainBytes) return Close(c);
          break;
        }
        if (status == IoStatus::kWantRead || status == IoStatus::kWantWrite) {
          return Await(c, status == IoStatus::kWantWrite ? EPOLLOUT : EPOLLIN);
        }
        return Close(c);
      }
    }
  }
}

void ConnectionLoop::Respond(Connection& c, size_t head_length) {
  bool last = c.served + 1 >= shared_.limits.max_requests_per_connection;
  HandlerResponse response =
      shared_.handler.Handle(std::string_view(c.in.data(), head_length), c.peer, last);
  ++c.served;
  c.in.erase(0, head_length);
  c.scanned = 0;
  c.out = std::move(response.bytes);
  c.sent = 0;
  c.close_after_write = response.close || last;
  c.phase = Phase::kWriting;
  SetDeadline(c, shared_.timeouts.write, "write_timeout");
}

void ConnectionLoop::Reject(Connection& c, int code, const char* reason) {
  shared_.metrics.CountRequest("other", code);
  shared_.metrics.CountDroppedConnection(reason);
  c.in.clear();
  c.in.shrink_to_fit();
  c.out = CannedResponse(code, shared_.tls != nullptr);
  c.sent = 0;
  c.close_after_write = true;
  c.phase = Phase::kWriting;
  SetDeadline(c, shared_.timeouts.write, "write_timeout");
}

void ConnectionLoop::FinishResponse(Connection& c) {
  if (c.close_after_write) {
    // Shut the write side and read until the client closes: closing with its input unread
    // would make the kernel send a reset that can destroy the response in flight.
    c.transport->ShutdownWrite();
    c.phase = Phase::kDraining;
    c.drained = 0;
    SetDeadline(c, shared_.timeouts.linger, nullptr);
    return;
  }
  // Each response brings its own buffer; an idle connection keeps none.
  std::string().swap(c.out);
  c.phase = Phase::kReading;
  // A pipelined request may already be buffered; otherwise the connection idles.
  c.request_started = !c.in.empty();
  if (c.request_started) {
    SetDeadline(c, shared_.timeouts.request, "request_timeout");
  } else {
    std::string().swap(c.in);
    SetDeadline(c, shared_.timeouts.keep_alive, nullptr);
  }
}

void ConnectionLoop::Await(Connection& c, uint32_t events) {
  if (c.interest == events) return;
  epoll_event event{};
  event.events = events;
  event.data.ptr = &c;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, c.fd.get(), &event) != 0) Fatal("epoll_ctl(MOD)");
  c.interest = events;
}

// ---- deadlines ----

void ConnectionLoop::SetDeadline(Connection& c, std::chrono::milliseconds after,
                                 const char* reason) {
  if (c.has_deadline) deadlines_.erase(c.deadline);
  c.deadline = deadlines_.emplace(shared_.clock.MonotonicNow() + after, &c);
  c.has_deadline = true;
  c.expiry_reason = reason;
}

void ConnectionLoop::ExpireDue() {
  TimePoint now = shared_.clock.MonotonicNow();
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    Expire(*deadlines_.begin()->second);
  }
}

void ConnectionLoop::Expire(Connection& c) {
  if (c.phase == Phase::kReading && c.request_started && !c.in.empty()) {
    // Part of a head arrived, too slowly: say so before closing.
    Reject(c, 408, "request_timeout");
    return Drive(c);
  }
  if (c.expiry_reason != nullptr) return Drop(c, c.expiry_reason);
  Close(c);
}

void ConnectionLoop::Drop(Connection& c, const char* reason) {
  shared_.metrics.CountDroppedConnection(reason);
  Close(c);
}

void ConnectionLoop::Close(Connection& c) {
  if (c.has_deadline) deadlines_.erase(c.deadline);
  // epoll watches the open file description, not the descriptor: a close alone leaves the
  // registration in place while any copy of the socket lives (a child between fork and
  // exec holds one), and its next event would carry a pointer to freed memory.
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, c.fd.get(), nullptr);
  c.transport.reset();
  c.fd.Reset();
  shared_.open_connections.fetch_sub(1);
  shared_.metrics.ConnectionClosed();
  connections_.erase(&c);
}

void ConnectionLoop::CloseAll() {
  std::vector<Connection*> open;
  open.reserve(connections_.size());
  for (auto& [key, connection] : connections_) open.push_back(key);
  for (Connection* c : open) Close(*c);
}

}  // namespace atsguard::http
