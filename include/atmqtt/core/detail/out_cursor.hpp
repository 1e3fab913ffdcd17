// A bounded write cursor shared by the encoders, and its counting twin. It never writes past its span; once a write does not
// fit it stays failed, so an encoder can write everything and check once at the end.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/detail/copy_bytes.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>
#include <cstdint>

ATMQTT_BEGIN_NAMESPACE
namespace detail {

class out_cursor {
public:
    constexpr explicit out_cursor(mutable_bytes out) noexcept : out_(out) {}

    constexpr bool failed() const noexcept { return failed_; }
    constexpr std::size_t written() const noexcept { return pos_; }
    constexpr std::size_t room() const noexcept { return out_.size() - pos_; }

    constexpr void put(char c) noexcept {
        if (failed_ || pos_ == out_.size()) {
            failed_ = true;
            return;
        }
        out_[pos_++] = c;
    }
    constexpr void put_octet(std::uint8_t b) noexcept { put(static_cast<char>(b)); }
    constexpr void put(bytes b) noexcept {
        if (failed_ || b.size() > room()) {
            failed_ = true;
            return;
        }
        copy_bytes(out_.data() + pos_, b.data(), b.size());
        pos_ += b.size();
    }

private:
    mutable_bytes out_;
    std::size_t pos_ = 0;
    bool failed_ = false;
};

// Counts instead of writing: the same encoder code computes the size (encoded_size).
class count_cursor {
public:
    constexpr void put(char) noexcept { ++n_; }
    constexpr void put_octet(std::uint8_t) noexcept { ++n_; }
    constexpr void put(bytes b) noexcept { n_ += b.size(); }
    constexpr bool failed() const noexcept { return false; }
    constexpr std::size_t written() const noexcept { return n_; }

private:
    std::size_t n_ = 0;
};

}  // namespace detail
ATMQTT_END_NAMESPACE
