#include "remote/node_core.hpp"

#include <algorithm>
#include <charconv>
#include <random>
#include <utility>
#include <vector>

#include "diagnostics/log.hpp"
#include "pykka/errors.hpp"
#include "remote/watch_protocol.hpp"

namespace pykka::remote::detail {

using pykka::detail::log_event;

namespace {

std::string millis(std::chrono::nanoseconds duration) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count()) +
         " ms";
}

}  // namespace

// The closure of the connection-level callbacks. NATS may run them on its own thread after
// natsConnection_Destroy returned, so they never point into the core: this block lives until the
// closed callback, the last one NATS makes, has run.
struct NodeCore::ConnectionEvents {
  std::string node;
  Completion closed;
  // Read by the death-watch tick: notices sent while disconnected are lost, so watches are
  // checked again after any disconnection, however short.
  std::atomic<std::uint64_t> disconnects{0};
  // Set before the node closes its connection: the disconnection that follows is not news.
  std::atomic<bool> closing{false};

  static void on_disconnected(natsConnection* /*unused*/, void* closure) {
    auto* self = static_cast<ConnectionEvents*>(closure);
    self->disconnects.fetch_add(1, std::memory_order_relaxed);
    if (self->closing.load(std::memory_order_relaxed)) return;
    log_event(LogLevel::warning,
              [&] { return "Node " + self->node + " lost its NATS server; reconnecting"; });
  }
  static void on_reconnected(natsConnection* /*unused*/, void* closure) {
    auto* self = static_cast<ConnectionEvents*>(closure);
    log_event(LogLevel::info, [&] { return "Node " + self->node + " reconnected to NATS"; });
  }
  static void on_closed(natsConnection* /*unused*/, void* closure) {
    static_cast<ConnectionEvents*>(closure)->closed.mark_done();
  }
  static void on_error(natsConnection* /*unused*/, natsSubscription* /*unused*/, natsStatus status,
                       void* closure) {
    auto* self = static_cast<ConnectionEvents*>(closure);
    log_event(LogLevel::warning, [&] {
      return "Node " + self->node + ": NATS reports " + natsStatus_GetText(status);
    });
  }
};

namespace {

std::string random_incarnation() {
  std::random_device device;
  std::mt19937_64 generator((static_cast<std::uint64_t>(device()) << 32U) ^ device());
  const std::uint64_t value = generator();
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text(16, '0');
  for (std::size_t i = 0; i < text.size(); ++i) text[i] = kDigits[(value >> (4 * i)) & 0xFU];
  return text;
}

}  // namespace

NodeCore::NodeCore(NodeOptions options)
    : options_(std::move(options)),
      incarnation_(random_incarnation()),
      heartbeat_subject_(watch_subject_of_node(options_.name)) {}

NodeCore::~NodeCore() { close(); }

void NodeCore::start() {
  natsOptions* nats_options = nullptr;
  check(natsOptions_Create(&nats_options), "cannot create NATS options");
  std::unique_ptr<natsOptions, void (*)(natsOptions*)> guard(nats_options, &natsOptions_Destroy);
  std::vector<const char*> urls;
  urls.reserve(options_.urls.size());
  for (const std::string& url : options_.urls) urls.push_back(url.c_str());
  check(natsOptions_SetServers(nats_options, urls.data(), static_cast<int>(urls.size())),
        "bad NATS server URLs");
  if (!options_.user.empty() || !options_.password.empty()) {
    check(natsOptions_SetUserInfo(nats_options, options_.user.c_str(), options_.password.c_str()),
          "bad NATS user info");
  }
  if (!options_.token.empty()) {
    check(natsOptions_SetToken(nats_options, options_.token.c_str()), "bad NATS token");
  }
  const TlsOptions& tls = options_.tls;
  if (tls.secure) check(natsOptions_SetSecure(nats_options, true), "cannot enable TLS");
  if (!tls.ca_file.empty()) {
    check(natsOptions_LoadCATrustedCertificates(nats_options, tls.ca_file.c_str()),
          "cannot load the TLS CA file");
  }
  if (!tls.cert_file.empty() || !tls.key_file.empty()) {
    check(natsOptions_LoadCertificatesChain(nats_options, tls.cert_file.c_str(),
                                            tls.key_file.c_str()),
          "cannot load the TLS certificate chain");
  }
  if (!tls.expected_hostname.empty()) {
    check(natsOptions_SetExpectedHostname(nats_options, tls.expected_hostname.c_str()),
          "bad TLS expected host name");
  }
  if (tls.skip_verify) {
    check(natsOptions_SkipServerVerification(nats_options, true), "cannot skip TLS verification");
  }
  check(natsOptions_SetName(nats_options, options_.name.c_str()), "bad node name");
  check(natsOptions_SetTimeout(nats_options, options_.connect_timeout.count()),
        "bad connect timeout");
  check(natsOptions_SetMaxReconnect(nats_options, options_.max_reconnects), "bad max_reconnects");
  check(natsOptions_SetReconnectWait(nats_options, options_.reconnect_wait.count()),
        "bad reconnect_wait");
  // Every publish asks the node's I/O thread (event_loop.hpp) for a write at once, instead of
  // libnats's flusher thread, which waits a millisecond for more.
  check(natsOptions_SetSendAsap(nats_options, true), "cannot set send-ASAP");

  loop_ = std::make_unique<EventLoop>(options_.batch_writes);
  loop_->install(nats_options);

  auto events = std::make_unique<ConnectionEvents>();
  events->node = options_.name;
  check(
      natsOptions_SetDisconnectedCB(nats_options, &ConnectionEvents::on_disconnected, events.get()),
      "cannot set the disconnected callback");
  check(natsOptions_SetReconnectedCB(nats_options, &ConnectionEvents::on_reconnected, events.get()),
        "cannot set the reconnected callback");
  check(natsOptions_SetClosedCB(nats_options, &ConnectionEvents::on_closed, events.get()),
        "cannot set the closed callback");
  check(natsOptions_SetErrorHandler(nats_options, &ConnectionEvents::on_error, events.get()),
        "cannot set the error handler");

  natsConnection* connection = nullptr;
  const natsStatus status = natsConnection_Connect(&connection, nats_options);
  if (status != NATS_OK) {
    // No connection was made, so no callback will ever see `events`.
    throw Error("node " + options_.name + " cannot connect to NATS: " + natsStatus_GetText(status));
  }
  events_ = events.release();
  {
    std::unique_lock lock(connection_mutex_);
    connection_ = connection;
  }

  char* inbox = nullptr;
  check(natsInbox_Create(&inbox), "cannot create a NATS inbox");
  inbox_ = inbox;
  natsInbox_Destroy(inbox);
  const std::string wildcard = inbox_ + ".*";
  check(natsConnection_Subscribe(&reply_subscription_, connection_, wildcard.c_str(), &on_reply,
                                 this),
        "cannot subscribe to the reply inbox");
  check(natsSubscription_SetOnCompleteCB(reply_subscription_, &on_subscription_complete,
                                         reply_completion_.get()),
        "cannot watch the reply inbox");
  check(natsConnection_Subscribe(&discover_subscription_, connection_, kDiscoverSubject,
                                 &on_discover, this),
        "cannot subscribe to discovery");
  check(natsSubscription_SetOnCompleteCB(discover_subscription_, &on_subscription_complete,
                                         discover_completion_.get()),
        "cannot watch discovery");
  // Bounded: the connect timeout also bounds the round trip that confirms the subscriptions.
  (void)natsConnection_FlushTimeout(connection_, options_.connect_timeout.count());
  next_tick_ = std::chrono::steady_clock::now();  // the first heartbeat goes out at once
  reaper_ = std::thread([this] { reap(); });
}

std::uint64_t NodeCore::disconnects() const noexcept {
  // events_ lives until close(), which joins the reaper (the only caller) first.
  return events_ != nullptr ? events_->disconnects.load(std::memory_order_relaxed) : 0;
}

bool NodeCore::is_connected() const noexcept {
  std::shared_lock lock(connection_mutex_);
  return connection_ != nullptr && !closed_ &&
         natsConnection_Status(connection_) == NATS_CONN_STATUS_CONNECTED;
}

void NodeCore::close() noexcept {
  // While publishing still works: the nodes watching this one's actors hear at once.
  say_leaving();
  {
    std::unique_lock lock(connection_mutex_);
    if (closed_) return;
    closed_ = true;
  }
  // From here no publish starts; stop the deliveries, then the connection.
  std::map<std::string, std::unique_ptr<Served>, std::less<>> served;
  {
    std::lock_guard lock(served_mutex_);
    served.swap(served_);
  }
  for (auto& [name, entry] : served) stop_serving(std::move(entry));
  close_watches();
  if (reply_subscription_ != nullptr) {
    natsSubscription_Unsubscribe(reply_subscription_);
    if (reply_completion_->wait(options_.close_timeout)) {
      natsSubscription_Destroy(reply_subscription_);
    } else {
      // A reply callback is stuck: leak what it may touch rather than free it under its feet.
      log_event(LogLevel::warning, [&] {
        return "Node " + options_.name + ": a reply callback did not finish; leaving it";
      });
      (void)reply_completion_.release();
    }
    reply_subscription_ = nullptr;
  }
  if (discover_subscription_ != nullptr) {
    natsSubscription_Unsubscribe(discover_subscription_);
    if (discover_completion_->wait(options_.close_timeout)) {
      natsSubscription_Destroy(discover_subscription_);
    } else {
      (void)discover_completion_.release();
    }
    discover_subscription_ = nullptr;
  }
  std::unordered_map<std::uint64_t, Pending> pending;
  {
    std::lock_guard lock(pending_mutex_);
    stopping_ = true;
    pending.swap(pending_);
  }
  pending_cv_.notify_all();
  if (reaper_.joinable()) reaper_.join();
  for (auto& [id, entry] : pending) {
    entry.target->set_reply_exception(std::make_exception_ptr(
        Error("node " + options_.name + " closed before " + entry.display + " replied")));
  }
  if (connection_ != nullptr) {
    // What was sent before the close leaves before it: libnats drops a buffer still unwritten.
    loop_->drain(connection_, options_.close_timeout);
    events_->closing.store(true, std::memory_order_relaxed);
    natsConnection_Close(connection_);
    const bool closed = events_->closed.wait(options_.close_timeout);
    if (loop_) loop_->stop();
    natsConnection_Destroy(connection_);
    connection_ = nullptr;
    if (closed) delete events_;
    events_ = nullptr;
  }
}

void NodeCore::expose(const AnyActorRef& actor, const std::string& name) {
  auto served = std::make_unique<Served>();
  served->core = this;
  served->actor = actor;
  served->name = name;
  const std::string subject = "pykka." + options_.name + "." + name;
  {
    std::lock_guard lock(served_mutex_);
    expose_locked(std::move(served), subject);
  }
  // Outside the lock: for an actor already dead the hook runs right here.
  announce_when_terminated(actor, name);
}

void NodeCore::expose_locked(std::unique_ptr<Served> served, const std::string& subject) {
  const std::string& name = served->name;
  {
    std::shared_lock connection_lock(connection_mutex_);
    if (closed_) throw Error("node " + options_.name + " is closed");
  }
  if (served_.contains(name)) {
    throw InvalidArgument("node " + options_.name + " already exposes an actor as \"" + name +
                          "\"");
  }
  check(natsConnection_Subscribe(&served->subscription, connection_, subject.c_str(), &on_request,
                                 served.get()),
        "cannot subscribe to the actor's subject");
  // No limit on the frames waiting for the delivery thread: it only moves them into the actor's
  // mailbox, which has none either, so libnats's default (65536 messages) bought nothing but
  // "slow consumer" drops of tells whenever that thread was short of CPU time during a burst.
  natsStatus status = natsSubscription_SetPendingLimits(served->subscription, -1, -1);
  if (status == NATS_OK) {
    status = natsSubscription_SetOnCompleteCB(served->subscription, &on_subscription_complete,
                                              &served->completion);
  }
  if (status != NATS_OK) {
    natsSubscription_Unsubscribe(served->subscription);
    natsSubscription_Destroy(served->subscription);
    throw Error(nats_error("cannot set up the actor's subscription", status));
  }
  // So that an ask sent right after expose returns finds the subscription on the server.
  (void)natsConnection_FlushTimeout(connection_, options_.connect_timeout.count());
  served_.emplace(name, std::move(served));
}

bool NodeCore::unexpose(const std::string& name) {
  std::unique_ptr<Served> served;
  {
    std::lock_guard lock(served_mutex_);
    auto found = served_.find(name);
    if (found == served_.end()) return false;
    served = std::move(found->second);
    served_.erase(found);
  }
  stop_serving(std::move(served));
  // Watchers of the name: what they watched is out of reach now.
  announce(name, {incarnation_, "not_served", "", "unexposed by node " + options_.name});
  // Once the server has the unsubscription, a new ask gets "no responders" instead of reaching
  // this connection and being dropped there.
  std::shared_lock lock(connection_mutex_);
  if (!closed_) (void)natsConnection_FlushTimeout(connection_, options_.connect_timeout.count());
  return true;
}

void NodeCore::stop_serving(std::unique_ptr<Served> served) noexcept {
  natsSubscription_Unsubscribe(served->subscription);
  if (served->completion.wait(options_.close_timeout)) {
    natsSubscription_Destroy(served->subscription);
  } else {
    log_event(LogLevel::warning, [&] {
      return "Node " + options_.name + ": the callback serving " + served->name +
             " did not finish; leaving it";
    });
    (void)served.release();
  }
}

void NodeCore::on_subscription_complete(void* closure) {
  static_cast<Completion*>(closure)->mark_done();
}

void NodeCore::publish(const std::string& subject, const std::string& frame) {
  std::shared_lock lock(connection_mutex_);
  if (closed_) throw Error("node " + options_.name + " is closed");
  check(natsConnection_Publish(connection_, subject.c_str(), frame.data(),
                               static_cast<int>(frame.size())),
        "NATS refused the message");
}

void NodeCore::publish_reply(const std::string& reply_subject, const std::string& frame) noexcept {
  std::shared_lock lock(connection_mutex_);
  if (closed_) return;
  const natsStatus status = natsConnection_Publish(connection_, reply_subject.c_str(), frame.data(),
                                                   static_cast<int>(frame.size()));
  if (status != NATS_OK) {
    log_event(LogLevel::warning, [&] {
      return "Node " + options_.name + " could not send a reply: " + natsStatus_GetText(status);
    });
  }
}

void NodeCore::request(const std::string& subject, const std::string& display,
                       const std::string& frame, std::shared_ptr<pykka::detail::ReplyTarget> target,
                       std::chrono::nanoseconds timeout) noexcept {
  std::uint64_t id = 0;
  try {
    {
      std::lock_guard lock(pending_mutex_);
      if (stopping_) throw Error("node " + options_.name + " is closed");
      id = ++next_id_;
      const auto deadline =
          std::chrono::steady_clock::now() +
          std::min(timeout, std::chrono::nanoseconds(std::chrono::hours(24 * 365)));
      pending_.emplace(id, Pending{target, deadline, display, timeout});
      // Wake the reaper only when it would sleep past this deadline.
      if (deadline < reaper_wakes_at_) {
        reaper_wakes_at_ = deadline;
        pending_cv_.notify_one();
      }
    }
    const std::string reply = inbox_ + "." + std::to_string(id);
    std::shared_lock lock(connection_mutex_);
    if (closed_) throw Error("node " + options_.name + " is closed");
    check(natsConnection_PublishRequest(connection_, subject.c_str(), reply.c_str(), frame.data(),
                                        static_cast<int>(frame.size())),
          "NATS refused the request");
  } catch (...) {
    if (id != 0) (void)take_pending(id);
    target->set_reply_exception(std::current_exception());
  }
}

std::shared_ptr<pykka::detail::ReplyTarget> NodeCore::take_pending(std::uint64_t id) {
  std::lock_guard lock(pending_mutex_);
  auto found = pending_.find(id);
  if (found == pending_.end()) return nullptr;
  auto target = std::move(found->second.target);
  pending_.erase(found);
  return target;
}

void NodeCore::reap() {
  std::unique_lock lock(pending_mutex_);
  while (!stopping_) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_tick_) {
      next_tick_ = now + options_.heartbeat_interval;
      lock.unlock();
      watch_tick();
      lock.lock();
      continue;  // close() may have asked to stop meanwhile
    }
    auto next = next_tick_;
    std::vector<Pending> expired;
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second.deadline <= now) {
        expired.push_back(std::move(it->second));
        it = pending_.erase(it);
      } else {
        next = std::min(next, it->second.deadline);
        ++it;
      }
    }
    if (!expired.empty()) {
      lock.unlock();
      for (Pending& entry : expired) {
        entry.target->set_reply_exception(std::make_exception_ptr(
            Timeout("no reply from " + entry.display + " within " + millis(entry.timeout))));
      }
      lock.lock();
      continue;
    }
    reaper_wakes_at_ = next;
    pending_cv_.wait_until(lock, next);
    reaper_wakes_at_ = std::chrono::steady_clock::time_point::min();
  }
}

void NodeCore::on_reply(natsConnection* /*unused*/, natsSubscription* /*unused*/, natsMsg* message,
                        void* closure) {
  static_cast<NodeCore*>(closure)->handle_reply(message);
  natsMsg_Destroy(message);
}

void NodeCore::handle_reply(natsMsg* message) {
  const std::string_view subject = natsMsg_GetSubject(message);
  const std::size_t dot = subject.rfind('.');
  std::uint64_t id = 0;
  const char* first = subject.data() + dot + 1;
  const char* last = subject.data() + subject.size();
  if (dot == std::string_view::npos || std::from_chars(first, last, id).ptr != last) return;
  std::shared_ptr<pykka::detail::ReplyTarget> target;
  std::string display;
  {
    std::lock_guard lock(pending_mutex_);
    auto found = pending_.find(id);
    if (found == pending_.end()) {
      // Late (its ask already timed out) or forged: nobody waits for it.
      log_event(LogLevel::debug,
                [&] { return "Node " + options_.name + " dropped a reply nobody waits for"; });
      return;
    }
    target = std::move(found->second.target);
    display = std::move(found->second.display);
    pending_.erase(found);
  }
  if (natsMsg_IsNoResponders(message)) {
    target->set_reply_exception(
        std::make_exception_ptr(ActorDeadError(display + " not found: no node serves it")));
    return;
  }
  try {
    const int length = natsMsg_GetDataLength(message);
    Frame frame =
        decode_frame(natsMsg_GetData(message), static_cast<std::size_t>(std::max(length, 0)),
                     options_.max_frame_size);
    if (frame.kind == FrameKind::reply) {
      target->set_reply(std::move(frame.payload));
    } else if (frame.kind == FrameKind::error) {
      target->set_reply_exception(error_from_frame(frame));
    } else {
      throw WireError("a reply frame is a reply or an error");
    }
  } catch (const std::exception& error) {
    log_event(LogLevel::warning, [&] {
      return "Node " + options_.name + " dropped a malformed reply from " + display + ": " +
             error.what();
    });
    target->set_reply_exception(std::current_exception());
  }
}

}  // namespace pykka::remote::detail
