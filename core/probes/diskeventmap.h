#pragma once
// Which event ids carry the disk pipeline's records: the eight instrumented
// blkfront/blkback events of disk-io-events.md and the grant map/unmap
// fallback. Defaults are the spec's ids; a mapping file (`--disk-events`)
// names others, so traces from differently instrumented kernels work.
//
// File format (docs/disk.md): one `key = id` per line, `#` starts a comment,
// keys front_queue front_ring back_ring back_submit back_done back_resp
// front_resp front_done grant_map grant_unmap, ids decimal or 0x hex (28
// bits). Keys not named keep the spec's id.

#include "core/probes/diskresults.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xenoscope::core {

class DiskEventMap {
public:
    struct Problem {
        size_t line = 0; // 1-based
        std::string message;
    };

    // The spec's ids: 0x0800f101 .. 0x0800f108, 0x0010f001, 0x0010f002.
    DiskEventMap();

    // Every problem is reported (unknown key, bad id, an id used twice);
    // nullopt when there is any.
    static std::optional<DiskEventMap> parse(std::string_view text, std::vector<Problem>& problems);
    // parse() on a file's text; a missing file is a problem on line 0.
    static std::optional<DiskEventMap> load(const std::string& path,
                                            std::vector<Problem>& problems);

    std::array<uint32_t, DiskRecordCount> records; // record k's event id
    uint32_t grantMap;
    uint32_t grantUnmap;
};

} // namespace xenoscope::core
