// The Calculator from Pykka's "Actor proxies" chapter: results come back as futures, calls are
// handled in order, and fields can be read and written through the proxy. Pykka's optional
// second argument becomes two overloads; pykka::overload picks one.

#include <iostream>

#include <pykka/pykka.hpp>

namespace {

class Calculator : public pykka::ThreadingActor {
 public:
  int last_result = 0;

  int add(int a, int b) { return last_result = a + b; }
  int add(int a) { return last_result += a; }
  int sub(int a, int b) { return last_result = a - b; }
  int sub(int a) { return last_result -= a; }
};

constexpr auto add2 = pykka::overload<int(int, int)>(&Calculator::add);
constexpr auto add1 = pykka::overload<int(int)>(&Calculator::add);
constexpr auto sub1 = pykka::overload<int(int)>(&Calculator::sub);

}  // namespace

int main() {
  auto actor_ref = pykka::start<Calculator>();
  auto proxy = actor_ref.proxy();

  pykka::Future<int> future = proxy.call(add2, 1, 3);
  std::cout << "proxy.add(1, 3).get() => " << future.get() << "\n";
  std::cout << "proxy.last_result.get() => " << proxy.get(&Calculator::last_result).get() << "\n";

  // Messages are handled in order: no need to wait between calls.
  (void)proxy.call(sub1, 5);
  (void)proxy.call(add1, 3);
  std::cout << "after sub(5), add(3): last_result => " << proxy.get(&Calculator::last_result).get()
            << "\n";

  proxy.set(&Calculator::last_result, 17);  // returns once the actor has applied it
  std::cout << "after last_result = 17: last_result => "
            << proxy.get(&Calculator::last_result).get() << "\n";

  actor_ref.stop();
}
