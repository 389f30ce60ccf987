#pragma once

// pykka/remote.hpp: everything for remote actors over NATS (see docs/remote.md) — nodes, remote
// refs, typed remote proxies, death watch across nodes and the wire format. Present when pykka
// was built with libnats and msgpack-cxx.

#include "pykka/remote/node.hpp"          // IWYU pragma: export
#include "pykka/remote/remote_proxy.hpp"  // IWYU pragma: export
#include "pykka/remote/remote_ref.hpp"    // IWYU pragma: export
#include "pykka/remote/remote_watch.hpp"  // IWYU pragma: export
#include "pykka/remote/wire.hpp"          // IWYU pragma: export
