// Hostile input on an exposed actor's subject: frames that are garbage, truncated, nested too deep
// or of an unknown type are logged and dropped, the asker is told why, and the actor keeps serving.

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nats/nats.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/log_capture.hpp"
#include "support/remote_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::Echo;

// A raw NATS client that sends whatever bytes a test gives it.
class RawClient {
 public:
  explicit RawClient(const std::string& url) {
    ok_ = natsConnection_ConnectTo(&connection_, url.c_str()) == NATS_OK;
  }
  ~RawClient() { natsConnection_Destroy(connection_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  [[nodiscard]] bool ok() const noexcept { return ok_; }

  // Publishes `bytes` on `subject`, flushed to the server.
  void publish(const std::string& subject, const std::string& bytes) {
    natsConnection_Publish(connection_, subject.c_str(), bytes.data(),
                           static_cast<int>(bytes.size()));
    natsConnection_FlushTimeout(connection_, 5000);
  }

  // Sends `bytes` as a request; returns the reply's decoded frame kind and type, or "no reply".
  std::string request(const std::string& subject, const std::string& bytes) {
    natsMsg* reply = nullptr;
    const natsStatus status = natsConnection_Request(
        &reply, connection_, subject.c_str(), bytes.data(), static_cast<int>(bytes.size()), 5000);
    if (status != NATS_OK) return std::string("no reply: ") + natsStatus_GetText(status);
    std::string result;
    try {
      const auto frame = pykka::remote::decode_frame(
          natsMsg_GetData(reply), static_cast<std::size_t>(natsMsg_GetDataLength(reply)));
      result = frame.type_name;
    } catch (const std::exception& error) {
      result = std::string("undecodable reply: ") + error.what();
    }
    natsMsg_Destroy(reply);
    return result;
  }

 private:
  natsConnection* connection_ = nullptr;
  bool ok_ = false;
};

using RemoteBadInput = pykka::testing::RemoteFixture;

TEST_F(RemoteBadInput, AnswersGarbageWithAWireErrorAndKeepsServing) {
  pykka::testing::LogCapture log(pykka::LogLevel::warning);
  a_->expose(system_.start<Echo>(), "echo");
  RawClient raw(server_->url());
  ASSERT_TRUE(raw.ok());
  const std::string subject = "pykka.node-a.echo";
  EXPECT_EQ(raw.request(subject, "\xc1 not msgpack"), "pykka.remote.WireError");
  const std::string good = pykka::remote::encode_value(pykka::remote::FrameKind::ask, 1);
  EXPECT_EQ(raw.request(subject, good.substr(0, good.size() - 1)), "pykka.remote.WireError");
  EXPECT_EQ(raw.request(subject, good + "extra"), "pykka.remote.WireError");
  EXPECT_EQ(raw.request(subject, std::string(pykka::remote::kDefaultMaxFrameSize / 2, '\x94')),
            "pykka.remote.WireError");
  EXPECT_TRUE(log.wait_for(pykka::LogLevel::warning, "Node node-a dropped a malformed frame", 4));
  // The actor is unharmed, and a well-formed raw request is served like any other.
  EXPECT_EQ(raw.request(subject, good), "int");
  EXPECT_EQ(b_->lookup("echo", "node-a").ask<int>(1, 5s), 2);
}

TEST_F(RemoteBadInput, DropsAFrameOfATypeTheServingNodeDoesNotKnow) {
  a_->expose(system_.start<Echo>(), "echo");
  RawClient raw(server_->url());
  ASSERT_TRUE(raw.ok());
  msgpack::sbuffer buffer;
  msgpack::packer<msgpack::sbuffer> packer(buffer);
  packer.pack_array(4);
  packer.pack(pykka::remote::kWireVersion);
  packer.pack(static_cast<int>(pykka::remote::FrameKind::ask));
  packer.pack(std::string("only.on.the.sender"));
  packer.pack(1);
  EXPECT_EQ(raw.request("pykka.node-a.echo", std::string(buffer.data(), buffer.size())),
            "pykka.remote.WireError");
}

TEST_F(RemoteBadInput, DropsMalformedDeathWatchFramesAndKeepsTheWatch) {
  pykka::testing::LogCapture log(pykka::LogLevel::warning);
  auto local = system_.start<Echo>();
  a_->expose(local, "echo");
  auto echo = b_->lookup("echo", "node-a");
  pykka::Future<pykka::remote::RemoteTerminated> done = echo.termination();
  ASSERT_TRUE(echo.is_alive(5s));
  RawClient raw(server_->url());
  ASSERT_TRUE(raw.ok());
  using pykka::remote::encode_value;
  using pykka::remote::FrameKind;
  raw.publish("pykka.node-a.watch.node", "\xc1 not msgpack");
  raw.publish("pykka.node-a.watch.actor.echo",
              encode_value(FrameKind::terminated, std::vector<std::string>{"short"}));
  raw.publish(
      "pykka.node-a.watch.actor.echo",
      encode_value(FrameKind::terminated, std::vector<std::string>{"x", "exploded", "", ""}));
  raw.publish("pykka.node-a.watch.actor.echo",
              encode_value(FrameKind::heartbeat, std::string("x")));
  raw.publish("pykka.node-a.watch.node", encode_value(FrameKind::heartbeat, 42));
  EXPECT_TRUE(log.wait_for(pykka::LogLevel::warning,
                           "Node node-b dropped a malformed death-watch frame", 5));
  EXPECT_FALSE(done.done());
  local.stop();
  EXPECT_EQ(done.get(pykka::testing::kWaitLimit).reason,
            pykka::remote::RemoteTerminationReason::stopped);
}

TEST_F(RemoteBadInput, AnswersAWatchCheckWithoutAReplySubjectWithNothing) {
  pykka::testing::LogCapture log(pykka::LogLevel::debug);
  a_->expose(system_.start<Echo>(), "echo");
  RawClient raw(server_->url());
  ASSERT_TRUE(raw.ok());
  raw.publish("pykka.node-a.echo",
              pykka::remote::encode_frame(pykka::remote::FrameKind::watch, pykka::Message{}));
  EXPECT_TRUE(log.wait_for(pykka::LogLevel::debug, "Node node-a could not deliver to echo"));
  EXPECT_EQ(b_->lookup("echo", "node-a").ask<int>(1, 5s), 2);
}

TEST_F(RemoteBadInput, ServesOnlyExposedActors) {
  RawClient raw(server_->url());
  ASSERT_TRUE(raw.ok());
  const std::string good = pykka::remote::encode_value(pykka::remote::FrameKind::ask, 1);
  const std::string reply = raw.request("pykka.node-a.not-exposed", good);
  EXPECT_NE(reply.find("no reply"), std::string::npos) << reply;
}

}  // namespace
