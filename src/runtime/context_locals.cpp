#include "runtime/context_locals.hpp"

#include "diagnostics/log.hpp"
#include "pykka/detail/actor_cell.hpp"
#include "pykka/executor.hpp"
#include "runtime/exit_rule.hpp"

namespace pykka::detail {

ContextLocals take_context_locals() noexcept {
  ContextLocals locals;
  locals.current = ActorCell::exchange_current(nullptr);
  locals.constructing = ActorCell::take_constructing();
  locals.activity = exchange_activity({});
  locals.non_daemon = exchange_non_daemon_context(false);
  locals.continuations = exchange_pending_continuations({});
  locals.executor = exchange_current_executor(nullptr);
  locals.sink_depth = exchange_sink_depth(0);
  return locals;
}

void restore_context_locals(const ContextLocals& locals) noexcept {
  (void)ActorCell::exchange_current(locals.current);
  ActorCell::set_constructing(locals.constructing);
  (void)exchange_activity(locals.activity);
  (void)exchange_non_daemon_context(locals.non_daemon);
  (void)exchange_pending_continuations(locals.continuations);
  (void)exchange_current_executor(locals.executor);
  (void)exchange_sink_depth(locals.sink_depth);
}

}  // namespace pykka::detail
