// A consumer of atmqtt: if this compiles, links and exits 0, the package is usable this way.
#include <atmqtt/atmqtt.hpp>

#include <cstdio>

int main() {
    constexpr auto name = atmqtt::to_string(atmqtt::errc::incomplete);
    static_assert(name == "incomplete");
    atmqtt::fixed_buffer<8> buffer;
    if (!buffer.append("consumer")) return 1;
    std::printf("%.*s ok\n", static_cast<int>(buffer.size()), buffer.data());
    return 0;
}
