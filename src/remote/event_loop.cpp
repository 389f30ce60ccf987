#include "remote/event_loop.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "pykka/errors.hpp"

namespace pykka::remote::detail {

EventLoop::EventLoop(bool batch_writes) : batch_writes_(batch_writes) {
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) {
    throw Error(std::string("cannot create the node's I/O thread: eventfd: ") +
                std::strerror(errno));
  }
  try {
    thread_ = std::thread([this] { run(); });
  } catch (const std::system_error& error) {
    ::close(wake_fd_);
    throw Error(std::string("cannot create the node's I/O thread: ") + error.what());
  }
}

EventLoop::~EventLoop() {
  stop();
  ::close(wake_fd_);
}

void EventLoop::install(natsOptions* options) {
  const natsStatus status =
      natsOptions_SetEventLoop(options, this, &on_attach, &on_read, &on_write, &on_detach);
  if (status != NATS_OK) {
    throw Error(std::string("cannot give NATS the node's I/O thread: ") +
                natsStatus_GetText(status));
  }
}

void EventLoop::stop() noexcept {
  if (!thread_.joinable()) return;
  stopping_.store(true);
  wake();
  thread_.join();
}

void EventLoop::drain(natsConnection* connection, std::chrono::milliseconds limit) noexcept {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (writing_.load()) {
    flush(connection);
    if (!writing_.load()) return;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    // The socket is full, or the I/O thread is writing: wait until the socket takes more.
    pollfd writable{socket_.load(), POLLOUT, 0};
    if (writable.fd < 0) return;
    (void)::poll(&writable, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 10)));
  }
}

void EventLoop::wake() noexcept {
  const std::uint64_t one = 1;
  // Fails only when the counter is saturated, and then the thread is awake anyway.
  (void)!::write(wake_fd_, &one, sizeof one);
}

void EventLoop::flush(natsConnection* connection) noexcept {
  if (flushing_.exchange(true, std::memory_order_acquire)) return;  // the holder writes it
  if (writing_.load()) natsConnection_ProcessWriteEvent(connection);
  flushing_.store(false, std::memory_order_release);
}

natsStatus EventLoop::on_attach(void** user_data, void* loop, natsConnection* connection,
                                natsSock socket) {
  auto* self = static_cast<EventLoop*>(loop);
  *user_data = self;  // also on a reconnection, when it is set already
  self->connection_.store(connection);
  self->socket_.store(socket);
  self->reading_.store(true);
  self->generation_.fetch_add(1);
  self->wake();
  return NATS_OK;
}

natsStatus EventLoop::on_read(void* user_data, bool add) {
  auto* self = static_cast<EventLoop*>(user_data);
  self->reading_.store(add);
  if (add) self->generation_.fetch_add(1);
  self->wake();
  return NATS_OK;
}

natsStatus EventLoop::on_write(void* user_data, bool add) {
  auto* self = static_cast<EventLoop*>(user_data);
  self->writing_.store(add);
  if (!add) return NATS_OK;
  if (!self->batch_writes_) {
    // Written right here, under libnats's lock; what the socket does not take now stays
    // buffered, and the thread writes it once the socket takes more.
    natsConnection* connection = self->connection_.load();
    if (connection != nullptr) self->flush(connection);
    if (!self->writing_.load()) return NATS_OK;
  }
  self->wake();
  return NATS_OK;
}

natsStatus EventLoop::on_detach(void* user_data) {
  auto* self = static_cast<EventLoop*>(user_data);
  self->reading_.store(false);
  self->writing_.store(false);
  self->socket_.store(-1);
  self->connection_.store(nullptr);
  self->wake();
  return NATS_OK;
}

void EventLoop::run() noexcept {
  std::uint32_t failed_generation = generation_.load() - 1;  // none failed yet
  while (!stopping_.load()) {
    const std::uint32_t generation = generation_.load();
    const int socket = socket_.load();
    const bool reading = reading_.load();
    const bool writing = writing_.load();
    pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {-1, 0, 0}};
    nfds_t count = 1;
    if (socket >= 0 && (reading || writing) && generation != failed_generation) {
      fds[1] = {socket, static_cast<short>((reading ? POLLIN : 0) | (writing ? POLLOUT : 0)), 0};
      count = 2;
    }
    if (::poll(fds, count, -1) < 0) continue;  // EINTR
    if ((fds[0].revents & POLLIN) != 0) {
      std::uint64_t drained = 0;
      (void)!::read(wake_fd_, &drained, sizeof drained);
    }
    natsConnection* connection = connection_.load();
    if (connection == nullptr) continue;
    if (count == 2) {
      const short got = fds[1].revents;
      bool read = false;
      if ((got & (POLLIN | POLLERR | POLLHUP)) != 0 && reading_.load()) {
        // A failed socket reads as an error here, and libnats starts reconnecting (and stops
        // the polling of this socket).
        natsConnection_ProcessReadEvent(connection);
        read = true;
      }
      if ((got & POLLNVAL) != 0 || ((got & (POLLERR | POLLHUP)) != 0 && !read)) {
        // Not polled again until libnats attaches a socket or asks for reads again: a dead
        // socket nobody reads would keep the poll returning at once.
        failed_generation = generation;
      }
    }
    // Woken for a write (with batching, the usual case), or the socket takes more: write now,
    // without a second poll. A full socket takes nothing, and the poll then waits until it can.
    if (writing_.load()) flush(connection);
  }
}

}  // namespace pykka::remote::detail
