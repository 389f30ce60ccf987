#pragma once

// The umbrella header: everything pykka offers.

#include "pykka/actor.hpp"
#include "pykka/actor_ref.hpp"
#include "pykka/dynamic_proxy.hpp"
#include "pykka/errors.hpp"
#include "pykka/executor.hpp"
#include "pykka/future.hpp"
#include "pykka/fwd.hpp"
#include "pykka/get_all.hpp"
#include "pykka/logging.hpp"
#include "pykka/members.hpp"
#include "pykka/message.hpp"
#include "pykka/messages.hpp"
#include "pykka/proxy.hpp"
#include "pykka/registry.hpp"
#include "pykka/runtime/threading.hpp"
#include "pykka/start.hpp"
#include "pykka/task.hpp"
#include "pykka/version.hpp"
#include "pykka/traversable.hpp"
