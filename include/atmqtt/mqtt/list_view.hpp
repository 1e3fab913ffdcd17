// list_view<T>: the lists inside SUBSCRIBE, SUBACK and UNSUBSCRIBE without owning or copying anything.
// It views either a caller's array (for encoding) or the raw entries of a decoded packet, which it
// decodes one element at a time while iterating. The decoder validated those bytes before building the
// view, so iteration never fails and never reads outside them.
#pragma once

#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>
#include <atmqtt/mqtt/detail/fast_paths.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>

ATMQTT_BEGIN_NAMESPACE
namespace mqtt {
namespace detail {

// How one list element sits on the wire: wire_element<T>::read(wire, pos) yields the element at byte
// offset pos and wire_element<T>::next(wire, pos) the offset of the one after it. Specialised beside each
// element type (packet.hpp); the string one lives here because bytes is already known.
template <class T>
struct wire_element;

ATMQTT_MQTT_INLINE_FOR_SIZE constexpr std::size_t wire_u16(bytes w, std::size_t at) noexcept {
    return static_cast<std::size_t>(octet(w, at)) << 8 | octet(w, at + 1);
}

template <>
struct wire_element<bytes> {  // a length-prefixed string: UNSUBSCRIBE topic filters
    static constexpr bytes read(bytes w, std::size_t at) noexcept { return w.substr(at + 2, wire_u16(w, at)); }
    static constexpr std::size_t next(bytes w, std::size_t at) noexcept { return at + 2 + wire_u16(w, at); }
};

}  // namespace detail

template <class T>
class list_view {
public:
    using value_type = T;
    using size_type = std::size_t;

    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = T;  // elements are produced on demand, so they are handed out by value

        constexpr iterator() noexcept = default;
        constexpr T operator*() const noexcept {
            return array_ != nullptr ? array_[pos_] : detail::wire_element<T>::read(wire_, pos_);
        }
        constexpr iterator& operator++() noexcept {
            pos_ = array_ != nullptr ? pos_ + 1 : detail::wire_element<T>::next(wire_, pos_);
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator old = *this;
            ++*this;
            return old;
        }
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept { return a.pos_ == b.pos_; }
        friend constexpr bool operator!=(const iterator& a, const iterator& b) noexcept { return a.pos_ != b.pos_; }

    private:
        friend class list_view;
        constexpr iterator(const T* a, bytes w, std::size_t p) noexcept : array_(a), wire_(w), pos_(p) {}
        // A copy of the view's state, so an iterator stays valid after the list_view object is gone.
        const T* array_ = nullptr;
        bytes wire_;
        std::size_t pos_ = 0;  // array index, or byte offset into the wire entries
    };
    using const_iterator = iterator;

    constexpr list_view() noexcept = default;
    constexpr list_view(span<const T> elements) noexcept : array_(elements.data()), count_(elements.size()) {}  // NOLINT
    constexpr list_view(span<T> elements) noexcept : array_(elements.data()), count_(elements.size()) {}  // NOLINT
    template <std::size_t N>
    constexpr list_view(const T (&elements)[N]) noexcept : array_(elements), count_(N) {}  // NOLINT

    // A view over `entry_count` already-validated wire entries that fill `entries` exactly (used by the decoder).
    static constexpr list_view from_wire(bytes entries, std::size_t entry_count) noexcept {
        list_view v;
        v.wire_ = entries;
        v.count_ = entry_count;
        return v;
    }

    constexpr std::size_t size() const noexcept { return count_; }
    constexpr bool empty() const noexcept { return count_ == 0; }
    // The raw entries of a decoded list (empty for an array-backed one).
    constexpr bytes wire() const noexcept { return wire_; }
    // The caller's array behind an array-backed list (empty for a decoded one).
    constexpr span<const T> array() const noexcept { return span<const T>(array_, array_ != nullptr ? count_ : 0); }

    constexpr iterator begin() const noexcept { return iterator(array_, wire_, 0); }
    constexpr iterator end() const noexcept { return iterator(array_, wire_, array_ != nullptr ? count_ : wire_.size()); }

    // Element-wise: an array-backed list equals a decoded list holding the same elements.
    friend constexpr bool operator==(const list_view& a, const list_view& b) noexcept {
        if (a.count_ != b.count_) return false;
        for (iterator i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
            if (!(*i == *j)) return false;
        }
        return true;
    }
    friend constexpr bool operator!=(const list_view& a, const list_view& b) noexcept { return !(a == b); }

private:
    const T* array_ = nullptr;  // set: array-backed; null: wire-backed (or empty)
    std::size_t count_ = 0;
    bytes wire_;
};

}  // namespace mqtt
ATMQTT_END_NAMESPACE
