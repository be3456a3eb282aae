// SPDX-License-Identifier: GPL-2.0-or-later
// traits::sniff_magic on a body, and classify_content with a Content-Type and a URL path:
// input = [u8 ct_len][content type][u8 path_len][url path][body].
#include "fuzz_common.h"
#include "trait_magic.h"
using namespace huntpack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const traits::MagicResult m = traits::sniff_magic(data, size);
    HP_CHECK(traits::magic_kind_name(m.kind) != nullptr);
    FuzzedDataProvider fdp(data, size);
    const std::string ct = fdp.ConsumeRandomLengthString(256);
    const std::string path = fdp.ConsumeRandomLengthString(1024);
    const std::vector<uint8_t> body = fdp.ConsumeRemainingBytes<uint8_t>();
    const traits::ContentVerdict v =
        traits::classify_content(ct, path, body.empty() ? nullptr : body.data(), body.size());
    HP_CHECK(v.trait_id != nullptr);
    hp_use(traits::media_type(ct));
    hp_use(traits::url_extension(path));
    return 0;
}
