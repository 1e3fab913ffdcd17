// The USR transcripts (tests/dialects/transcripts/usr_*.log) decoded by usr::session_decoder, event for
// event as usr_*.expected.jsonl spells them, whole and in every chunk size from one byte up; and the
// data-mode frame files (usr_frames_*.txt, one frame per line) decoded and re-encoded byte for byte.
#include "../catch.hpp"
#include "test_usr_support.hpp"

#include <string>
#include <vector>

using namespace usr_test;

namespace {

const char* const sessions[] = {
    "usr_wkmod", "usr_mqttcfg", "usr_mqttpubtp", "usr_mqttsubtp", "usr_mqttwill", "usr_mqttmod", "usr_mqttver",
    "usr_mqttsvr", "usr_mqttcid", "usr_mqttuser", "usr_mqttpsw", "usr_mqttsta", "usr_aliregion", "usr_aliprodkey",
    "usr_alidevsec", "usr_alidevname", "usr_alidevid", "usr_sslen", "usr_sslcrt", "usr_sslauth", "usr_sslcfg",
    "usr_transparent_config", "usr_distribution_config", "usr_aliyun_config", "usr_derived_syntax",
};

struct frame_file {
    const char* name;
    bool uplink;
    usr::transfer_mode mode;
};
const frame_file frame_files[] = {
    {"usr_frames_transparent_up", true, usr::transfer_mode::transparent},
    {"usr_frames_transparent_down", false, usr::transfer_mode::transparent},
    {"usr_frames_distribution_up", true, usr::transfer_mode::distribution},
    {"usr_frames_distribution_down", false, usr::transfer_mode::distribution},
    {"usr_frames_derived_transparent_up", true, usr::transfer_mode::transparent},
    {"usr_frames_derived_distribution_up", true, usr::transfer_mode::distribution},
    {"usr_frames_derived_distribution_down", false, usr::transfer_mode::distribution},
};

std::vector<std::string> expected_lines(const std::string& stem) {
    bool ok = false;
    std::string text = read_file(vector_dir() + "transcripts/" + stem + ".expected.jsonl", ok);
    REQUIRE(ok);
    return split_lines(text);
}

}  // namespace

TEST_CASE("usr transcripts decode event for event, whole and in every chunk size") {
    for (const char* stem : sessions) {
        INFO(stem);
        bool ok = false;
        std::string wire = read_file(vector_dir() + "transcripts/" + stem + ".log", ok);
        REQUIRE(ok);
        std::vector<std::string> expected = expected_lines(stem);
        REQUIRE(!expected.empty());
        CHECK(decode_session(wire, 0) == expected);
        for (std::size_t step = 1; step <= 8; ++step) {
            INFO("chunk size " << step);
            CHECK(decode_session(wire, step) == expected);
        }
    }
}

TEST_CASE("usr transcripts split at every offset decode the same") {
    for (const char* stem : {"usr_transparent_config", "usr_mqttpubtp", "usr_sslauth", "usr_mqttsta"}) {
        INFO(stem);
        bool ok = false;
        std::string wire = read_file(vector_dir() + "transcripts/" + stem + ".log", ok);
        REQUIRE(ok);
        std::vector<std::string> expected = expected_lines(stem);
        for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
            INFO("cut at " << cut);
            std::vector<std::string> out;
            usr::session_decoder<512> dec;
            REQUIRE(dec.feed(atmqtt::bytes(wire.data(), cut)).ok());
            while (auto e = dec.next()) out.push_back(render(e));
            REQUIRE(dec.feed(atmqtt::bytes(wire.data() + cut, wire.size() - cut)).ok());
            while (auto e = dec.next()) out.push_back(render(e));
            CHECK(out == expected);
        }
    }
}

TEST_CASE("usr data-mode frame files decode field-exact and re-encode byte-exact") {
    for (const frame_file& ff : frame_files) {
        INFO(ff.name);
        bool ok = false;
        std::string text = read_file(vector_dir() + "transcripts/" + ff.name + ".txt", ok);
        REQUIRE(ok);
        std::vector<std::string> frames = split_lines(text);
        std::vector<std::string> expected = expected_lines(ff.name);
        REQUIRE(frames.size() == expected.size());
        for (std::size_t i = 0; i < frames.size(); ++i) {
            atmqtt::bytes f(frames[i]);
            auto r = usr::decode_frame(f, ff.mode, ff.uplink ? usr::direction::uplink : usr::direction::downlink);
            REQUIRE(r.ok());
            CHECK(render(*r) == expected[i]);
            char buf[256] = {};
            auto n = usr::encode(*r, atmqtt::mutable_bytes(buf, sizeof buf));
            REQUIRE(n.ok());
            CHECK(std::string(buf, *n) == frames[i]);
            CHECK(usr::encoded_size(*r).ok());
            CHECK(*usr::encoded_size(*r) == *n);
        }
    }
}
