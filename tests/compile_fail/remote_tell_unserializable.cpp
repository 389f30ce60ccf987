// Sending a remote ref a type without a msgpack adaptor does not compile: it could not cross the
// wire. (A type with an adaptor that was not registered is refused at run time instead.)
// expect: msgpack_pack
#include <pykka/remote/remote_ref.hpp>

struct Serializable {
  int value = 0;
  MSGPACK_DEFINE(value)
};

struct NoAdaptor {
  int value = 0;
};

void misuse(const pykka::remote::RemoteRef& ref) {
  ref.tell(Serializable{});
#ifdef PYKKA_COMPILE_FAIL
  ref.tell(NoAdaptor{});
#endif
}
