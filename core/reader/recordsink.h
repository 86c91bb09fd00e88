#pragma once
// What the reader feeds: every record but the chunk headers, in time order,
// with who was running on its pCPU when it was written.

#include "core/format/record.h"

namespace xenoscope::core {

class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual void onRecord(const Record& record, const Owner& owner) = 0;
};

} // namespace xenoscope::core
