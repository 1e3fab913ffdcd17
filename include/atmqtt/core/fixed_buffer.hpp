// fixed_buffer<N>: N chars of storage and a length, inline, no heap. Used where bytes must outlive the
// input they came from (a tokenizer's line, a reassembled message, an encoded command kept for later).
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>

ATMQTT_BEGIN_NAMESPACE

template <std::size_t N>
class fixed_buffer {
    static_assert(N > 0, "fixed_buffer needs a capacity");

public:
    static constexpr std::size_t capacity() noexcept { return N; }

    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr bool full() const noexcept { return size_ == N; }
    constexpr std::size_t room() const noexcept { return N - size_; }
    constexpr const char* data() const noexcept { return data_; }
    constexpr char* data() noexcept { return data_; }
    constexpr bytes view() const noexcept { return bytes(data_, size_); }
    constexpr char operator[](std::size_t i) const noexcept { return data_[i]; }

    constexpr void clear() noexcept { size_ = 0; }

    // Appends one char; capacity_exceeded when full (the buffer is unchanged).
    constexpr status push_back(char c) noexcept {
        if (size_ == N) return errc::capacity_exceeded;
        data_[size_++] = c;
        return {};
    }

    // Appends all of `b` or nothing.
    constexpr status append(bytes b) noexcept {
        if (b.size() > N - size_) return errc::capacity_exceeded;
        for (char c : b) data_[size_++] = c;
        return {};
    }

    // Shrinks to n chars (no-op when n >= size).
    constexpr void truncate(std::size_t n) noexcept {
        if (n < size_) size_ = n;
    }

    // The unused tail, for writers that fill it and then commit().
    constexpr mutable_bytes spare() noexcept { return {data_ + size_, N - size_}; }
    constexpr void commit(std::size_t n) noexcept { size_ += n <= N - size_ ? n : N - size_; }

private:
    char data_[N]{};
    std::size_t size_ = 0;
};

ATMQTT_END_NAMESPACE
