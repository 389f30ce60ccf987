#include "pykka/actor_ref.hpp"

#include <ostream>

namespace pykka::detail {

std::ostream& print_ref(std::ostream& out, const ActorCell* cell) {
  if (cell == nullptr) return out << "ActorRef(empty)";
  return out << cell->display();
}

}  // namespace pykka::detail

#include "diagnostics/log.hpp"
#include "pykka/start.hpp"

namespace pykka::detail {

void log_starting(const ActorCell& cell) {
  log_event(
      LogLevel::debug, [&] { return "Starting " + cell.display(); }, cell);
}

}  // namespace pykka::detail
