#pragma once

// The node's own I/O thread for its NATS connection, through libnats's external event loop
// interface: the thread polls the socket, hands libnats what arrives, and writes what libnats
// buffered. With write batching on, every frame a node sends is written by this thread, so the
// frames sent while it was waking up leave in one socket write; with it off, the thread that
// sends a frame writes it at once (as libnats's send-ASAP option does).
//
// libnats calls the four callbacks with its connection lock held (a recursive mutex), so they
// only set atomics and wake the thread; the thread holds no lock of its own when it calls into
// libnats. Only the holder of the flush token writes, and only while `writing_` says libnats has
// buffered bytes: libnats takes a write of an empty buffer for a closed connection.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include <nats/nats.h>

namespace pykka::remote::detail {

class EventLoop {
 public:
  // Starts the thread; throws pykka::Error when the system refuses it.
  explicit EventLoop(bool batch_writes);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Makes the connections created from `options` use this loop; throws pykka::Error on failure.
  void install(natsOptions* options);
  // Writes what libnats buffered from the calling thread, waiting at most `limit` for the
  // socket to take it: call before natsConnection_Close, which drops what is still buffered.
  void drain(natsConnection* connection, std::chrono::milliseconds limit) noexcept;
  // Ends the thread. Call after natsConnection_Close, before natsConnection_Destroy.
  void stop() noexcept;

 private:
  static natsStatus on_attach(void** user_data, void* loop, natsConnection* connection,
                              natsSock socket);
  static natsStatus on_read(void* user_data, bool add);
  static natsStatus on_write(void* user_data, bool add);
  static natsStatus on_detach(void* user_data);

  void run() noexcept;
  void wake() noexcept;
  // Writes what libnats buffered unless another thread holds the flush token.
  void flush(natsConnection* connection) noexcept;

  const bool batch_writes_;
  std::atomic<natsConnection*> connection_{nullptr};  // null until attached, and after detach
  std::atomic<int> socket_{-1};
  // Bumped by every attach and read request: a socket that failed is polled again only after.
  std::atomic<std::uint32_t> generation_{0};
  std::atomic<bool> reading_{false};
  std::atomic<bool> writing_{false};  // libnats has buffered bytes to write
  std::atomic<bool> flushing_{false};
  std::atomic<bool> stopping_{false};
  int wake_fd_ = -1;
  std::thread thread_;
};

}  // namespace pykka::remote::detail
