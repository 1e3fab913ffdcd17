// result<T>: a value or an error code, plus an offset into the input where the error was found (or, on
// success, whatever the producer documents: usually bytes consumed). Works without exceptions and in
// constant expressions. T must be default-constructible: a failed result holds a T{} nobody should read.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/errc.hpp>

#include <cstddef>

ATMQTT_BEGIN_NAMESPACE

// Selects result's constructor that builds the value in place.
struct in_place_t {
    explicit constexpr in_place_t() noexcept = default;
};
inline constexpr in_place_t in_place{};

template <class T>
class [[nodiscard]] result {
public:
    using value_type = T;

    constexpr result(T value) noexcept : value_(static_cast<T&&>(value)) {}  // NOLINT: implicit by design
    constexpr result(T value, std::size_t offset) noexcept : value_(static_cast<T&&>(value)), offset_(offset) {}
    constexpr result(errc error, std::size_t offset = 0) noexcept : error_(error), offset_(offset) {}  // NOLINT
    // A value made as T(args...) right inside the result: no copy of a large T (a decoded mqtt::packet).
    template <class... Args>
    constexpr result(in_place_t, std::size_t offset, const Args&... args) noexcept : value_(args...), offset_(offset) {}

    constexpr bool ok() const noexcept { return error_ == errc::ok; }
    constexpr explicit operator bool() const noexcept { return ok(); }
    constexpr errc error() const noexcept { return error_; }
    constexpr std::size_t offset() const noexcept { return offset_; }

    // Reading the value of a failed result is a logic error; it returns the default T, never UB.
    constexpr const T& value() const& noexcept { return value_; }
    constexpr T& value() & noexcept { return value_; }
    constexpr const T& operator*() const& noexcept { return value_; }
    constexpr T& operator*() & noexcept { return value_; }
    constexpr const T* operator->() const noexcept { return &value_; }
    constexpr T* operator->() noexcept { return &value_; }

private:
    T value_{};
    errc error_ = errc::ok;
    std::size_t offset_ = 0;
};

// A result without a value: success, or an error and its offset.
template <>
class [[nodiscard]] result<void> {
public:
    constexpr result() noexcept = default;
    constexpr result(errc error, std::size_t offset = 0) noexcept : error_(error), offset_(offset) {}  // NOLINT

    constexpr bool ok() const noexcept { return error_ == errc::ok; }
    constexpr explicit operator bool() const noexcept { return ok(); }
    constexpr errc error() const noexcept { return error_; }
    constexpr std::size_t offset() const noexcept { return offset_; }

private:
    errc error_ = errc::ok;
    std::size_t offset_ = 0;
};

using status = result<void>;

ATMQTT_END_NAMESPACE
