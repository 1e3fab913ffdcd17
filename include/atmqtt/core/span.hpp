// Views. Read-only octets are carried as `bytes`, a std::string_view: it is constexpr in C++17, string
// literals convert to it, and every host tool already speaks it. Decoders read each octet through
// `octet()` so the signedness of char never matters. Writable buffers are `span<char>`.
#pragma once

#include <atmqtt/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

ATMQTT_BEGIN_NAMESPACE

// std::string_view with the members that can throw replaced: its substr() throws out_of_range, and in a
// -fno-exceptions firmware image that one reference links the exception runtime and the heap. Here
// substr() clamps instead (like the rest of this library, it never reads past the view), and at() and
// copy() are not available. Everything else is std::string_view's, and it converts to one implicitly.
class bytes : public std::string_view {
public:
    using std::string_view::basic_string_view;
    constexpr bytes() noexcept = default;
    // From std::string_view, std::string and anything else that converts to one (literals and char
    // pointers take the inherited constructors).
    template <class Text, class = std::enable_if_t<std::is_convertible_v<const Text&, std::string_view> &&
                                                   !std::is_convertible_v<const Text&, const char*>>>
    constexpr bytes(const Text& text) noexcept : std::string_view(text) {}  // NOLINT: implicit by design

    constexpr bytes substr(size_type pos, size_type n = npos) const noexcept {
        if (pos > size()) pos = size();
        if (n > size() - pos) n = size() - pos;
        return bytes(data() + pos, n);
    }
    const_reference at(size_type) const = delete;
    size_type copy(char*, size_type, size_type = 0) const = delete;
};

// The octet at position i, 0..255.
constexpr std::uint8_t octet(bytes b, std::size_t i) noexcept { return static_cast<std::uint8_t>(b[i]); }

// Views over unsigned buffers, e.g. a socket's receive buffer (not constexpr: needs a cast).
inline bytes as_bytes(const std::uint8_t* data, std::size_t size) noexcept {
    return bytes(reinterpret_cast<const char*>(data), size);
}

// A minimal constexpr span: pointer and size, nothing else. std::span is C++20.
template <class T>
class span {
public:
    using element_type = T;
    using size_type = std::size_t;

    constexpr span() noexcept = default;
    constexpr span(T* data, std::size_t size) noexcept : data_(data), size_(size) {}
    template <std::size_t N>
    constexpr span(T (&array)[N]) noexcept : data_(array), size_(N) {}  // NOLINT: implicit by design

    constexpr T* data() const noexcept { return data_; }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr T* begin() const noexcept { return data_; }
    constexpr T* end() const noexcept { return data_ + size_; }
    constexpr T& operator[](std::size_t i) const noexcept { return data_[i]; }

    // Clamped sub-views: asking past the end yields an empty or shorter view, never an overrun.
    constexpr span first(std::size_t n) const noexcept { return {data_, n < size_ ? n : size_}; }
    constexpr span subspan(std::size_t offset) const noexcept {
        return offset < size_ ? span{data_ + offset, size_ - offset} : span{data_ + size_, 0};
    }

private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

template <class T, std::size_t N>
span(T (&)[N]) -> span<T>;

using mutable_bytes = span<char>;

ATMQTT_END_NAMESPACE
