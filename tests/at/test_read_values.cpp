// at::for_each_value (the one reader: decode_with, decode_into, the classifier), and the same reader
// unrolled from each row at compile time (detail::fixed_row: decode_into where a build is for speed),
// against the row_reader they replaced (reference_row_reader.hpp, kept verbatim): every line of the dialects' transcripts and of the
// AT fuzz corpora, whole, cut at every byte and as a row of a multi-row answer, and every line the
// tokenizer makes of those bytes with the dialect's payload rules (payload views), read against every
// row of the dialect's table: the same status and offset, and the same values (kind, number, text as a
// view, spec, repetition, offset) in the same order.
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/risinghf.hpp>
#include <atmqtt/dialect/usr.hpp>

#include "../catch.hpp"
#include "../dialects/vector_files.hpp"
#include "reference_row_reader.hpp"

#include <dirent.h>

#include <set>
#include <string>
#include <vector>

namespace at = atmqtt::at;
using atmqtt::bytes;

namespace {

struct reading {
    atmqtt::status st{};
    std::vector<at::field_value> values;
};

reading read_now(const at::line& l, const at::event& e, const at::grammar& g) {
    reading r;
    r.st = at::for_each_value(l, e, [&](const at::field_value& v) { r.values.push_back(v); }, g.lexical, g.prefix_aliases);
    return r;
}

reading read_before(const at::line& l, const at::event& e, const at::grammar& g) {
    reading r;
    reference::row_reader rr(l, e, g.lexical, g.prefix_aliases);
    if (rr.start())
        for (const at::field_value* v = rr.next(); v != nullptr; v = rr.next()) r.values.push_back(*v);
    r.st = rr.finish();
    return r;
}

// The same read in code unrolled from row R (fixed_row: the typed decode's where the build is for speed).
template <const at::grammar& G, std::size_t R>
reading read_unrolled(const at::event& e) {
    reading r;
    auto keep = [&](const at::field_value& v) { r.values.push_back(v); };
    at::detail::call_sink<decltype(keep)> sink{keep};
    r.st = at::detail::read_values(at::detail::fixed_row<G, R>{}, e, G.lexical, G.prefix_aliases, sink, nullptr);
    return r;
}
template <const at::grammar& G, std::size_t... R>
std::vector<reading (*)(const at::event&)> unrolled_readers(std::index_sequence<R...>) {
    return {&read_unrolled<G, R>...};
}

bool same(const at::field_value& a, const at::field_value& b) {
    return a.kind == b.kind && a.quoted == b.quoted && a.spec == b.spec && a.repetition == b.repetition &&
           a.number == b.number && a.text.data() == b.text.data() && a.text.size() == b.text.size() &&
           a.offset == b.offset;
}

struct tally {
    std::size_t reads = 0, clean = 0, differ = 0;
};

bool same(const reading& now, const reading& before) {
    bool ok = now.st.error() == before.st.error() && now.st.offset() == before.st.offset() &&
              now.values.size() == before.values.size();
    for (std::size_t i = 0; ok && i < now.values.size(); ++i) ok = same(now.values[i], before.values[i]);
    return ok;
}

template <const at::grammar& G>
void compare(const at::event& e, tally& t) {
    static const auto unrolled = unrolled_readers<G>(std::make_index_sequence<G.lines.size()>{});
    const at::grammar& g = G;
    for (std::size_t row = 0; row < g.lines.size(); ++row) {
        const at::line& l = g.lines[row];
        const reading now = read_now(l, e, g);
        const reading before = read_before(l, e, g);
        const bool ok = same(now, before) && same(unrolled[row](e), before);
        ++t.reads;
        if (before.st) ++t.clean;
        if (!ok && ++t.differ <= 20) {
            UNSCOPED_INFO(g.name << " row " << l.prefix << " line '" << std::string(e.text.data(), e.text.size())
                                 << "' row-event " << e.row << " payload " << e.has_payload << ": now "
                                 << static_cast<int>(now.st.error()) << "@" << now.st.offset() << " x" << now.values.size()
                                 << ", before " << static_cast<int>(before.st.error()) << "@" << before.st.offset()
                                 << " x" << before.values.size());
            CHECK(ok);
        }
    }
}

// The lines of a file (CR, LF or both end one), and the file itself.
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if (c == '\r' || c == '\n') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

std::vector<std::string> files_in(const std::string& dir) {
    std::vector<std::string> out;
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* f = readdir(d))
            if (f->d_name[0] != '.') out.push_back(vector_files::slurp(dir + f->d_name));
        closedir(d);
    }
    return out;
}

template <const at::grammar& G>
tally compare_dialect(const std::string& corpus) {
    const std::vector<std::string> transcripts = files_in(vector_files::here() + "transcripts/");
    std::vector<std::string> files = transcripts;
    for (std::string& f : files_in(vector_files::here() + "../../fuzz/corpus/" + corpus + "/")) files.push_back(f);
    std::set<std::string> seen;
    tally t;
    for (const std::string& f : files) {
        for (const std::string& line : lines_of(f)) {
            if (!seen.insert(line).second) continue;
            // whole, cut at every byte (the transcripts' lines), and as a row of a multi-row answer
            const bool cut = line.size() <= 100 && seen.size() <= 150;
            for (std::size_t n = cut ? 0 : line.size(); n <= line.size(); ++n)
                compare<G>(at::line_event(bytes(line.data(), n)), t);
            compare<G>(at::row_event(bytes(line.data(), line.size())), t);
        }
        // the tokenizer's lines, payload views included
        at::tokenizer<512> tok(at::payload_rules_of<G>, G.lexical);
        for (std::size_t pos = 0; pos < f.size(); pos += 256) {
            if (!tok.feed(bytes(f.data() + pos, f.size() - pos < 256 ? f.size() - pos : 256))) break;
            while (at::event e = tok.next()) {
                const std::string key = std::string(e.text.data(), e.text.size()) + '\0' +
                                        std::to_string(e.has_payload ? e.payload.data() - e.text.data() : -1) + ':' +
                                        std::to_string(e.payload.size());
                if (e.is_line() && seen.insert(key).second) compare<G>(e, t);  // each line with its payload view once
            }
        }
    }
    return t;
}

}  // namespace

TEST_CASE("for_each_value reads every line as the row_reader did") {
    const tally all[] = {compare_dialect<atmqtt::quectel::grammar>("at_quectel"), compare_dialect<atmqtt::onemo::grammar>("at_onemo"),
                         compare_dialect<atmqtt::usr::grammar>("at_usr"), compare_dialect<atmqtt::risinghf::grammar>("at_risinghf")};
    for (const tally& t : all) {  // Quectel, OneMO, USR, RisingHF
        CHECK(t.differ == 0);
        CHECK(t.reads > 20000);
        CHECK(t.clean > 300);
    }
}
