// Pykka's "Messages" chapter: proxy messages sent directly with ask or tell, skipping the proxy,
// and the same members reached by name, the way remote peers and other languages reach them.

#include <iostream>
#include <string>

#include <pykka/pykka.hpp>

namespace {

class Calculator : public pykka::ThreadingActor {
 public:
  int last_result = 0;
  int add(int a, int b) { return last_result = a + b; }

  // Publishing members by name is what makes the name-based messages below work.
  PYKKA_MEMBERS(Calculator, add, last_result)
};

}  // namespace

int main() {
  pykka::AnyActorRef ref = pykka::start<Calculator>();

  // ask + ProxyCall: call a method without creating a proxy.
  int reply = ref.ask<int>(pykka::ProxyCall{.attr_path = {"add"}, .args = pykka::args(1, 3)});
  std::cout << "ProxyCall add(1, 3) => " << reply << "\n";

  // tell + ProxyCall: no future for a result nobody needs.
  ref.tell(pykka::ProxyCall{.attr_path = {"add"}, .args = pykka::args(20, 22)});
  std::cout << "ProxyGetAttr last_result => "
            << ref.ask<int>(pykka::ProxyGetAttr{.attr_path = {"last_result"}}) << "\n";

  // The same by name through a dynamic proxy; unknown names are rejected at once.
  pykka::DynamicProxy calculator(ref);
  std::cout << "calculator[\"add\"](2, 2) => " << calculator["add"](2, 2).get() << "\n";
  try {
    (void)calculator["multiply"];
  } catch (const pykka::AttributeError& error) {
    std::cout << "AttributeError: " << error.what() << "\n";
  }

  ref.stop();
}
