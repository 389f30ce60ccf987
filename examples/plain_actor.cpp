// Pykka's "Plain actor" example: an actor that stores every message it is told and returns them
// all when asked for GetMessages.

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <pykka/pykka.hpp>

namespace {

// A message type with no data, like Pykka's `GetMessages = object()` sentinel.
struct GetMessages {};

using Record = std::map<std::string, std::string>;

class PlainActor : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<GetMessages>()) return stored_messages_;
    stored_messages_.push_back(std::move(message).as<Record>());
    return {};
  }

 private:
  std::vector<Record> stored_messages_;
};

void print(const std::vector<Record>& records) {
  std::cout << "[";
  const char* outer = "";
  for (const auto& record : records) {
    std::cout << outer << "{";
    const char* inner = "";
    for (const auto& [key, value] : record) {
      std::cout << inner << "'" << key << "': '" << value << "'";
      inner = ", ";
    }
    std::cout << "}";
    outer = ", ";
  }
  std::cout << "]\n";
}

}  // namespace

int main() {
  auto actor = pykka::start<PlainActor>();
  actor.tell(Record{{"no", "Norway"}, {"se", "Sweden"}});
  actor.tell(Record{{"a", "3"}, {"b", "4"}, {"c", "5"}});
  print(actor.ask<std::vector<Record>>(GetMessages{}));
  actor.stop();
}
