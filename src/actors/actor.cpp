#include "pykka/actor.hpp"

#include "pykka/actor_ref.hpp"
#include "pykka/detail/actor_cell.hpp"
#include "system/system_core.hpp"

namespace pykka {

Actor::Actor() : cell_(detail::ActorCell::take_constructing()) {}

Actor::~Actor() = default;

detail::ActorCell& Actor::cell() const {
  if (cell_ == nullptr) {
    throw Error("this actor was not created by pykka::start, so it has no URN or ActorRef");
  }
  return *cell_;
}

const std::string& Actor::actor_urn() const { return cell().urn(); }

ActorSystem& Actor::actor_system() const { return cell().system().facade(); }

void Actor::stop() noexcept {
  if (cell_ == nullptr || !cell_->is_alive()) return;
  try {
    cell_->tell(Message(detail::StopRequest{}));
  } catch (...) {
    // Already stopping: the mailbox closed between the check and the send. Nothing to do.
  }
}

void Actor::on_start() {}

void Actor::on_stop() {}

void Actor::on_failure(std::exception_ptr /*error*/) {}

Message Actor::on_receive(Message& message) {
  if (cell_ != nullptr) cell_->log_unexpected(message);
  return {};
}

}  // namespace pykka
