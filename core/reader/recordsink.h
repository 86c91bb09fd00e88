#pragma once
// What the reader feeds: every record but the chunk headers, with who was
// running on its pCPU when it was written. RecordSink takes one stream in
// time order; SplitSink takes the two lanes of TraceReader::readSplit().

#include "core/format/record.h"

namespace xenoscope::core {

class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual void onRecord(const Record& record, const Owner& owner) = 0;
};

// Most analysis work only needs each pCPU's records in that pCPU's order
// (state kept per pCPU, counts): those records skip the merge by time, the
// reader's most expensive step. Only what a consumer asks for in time order
// is merged.
class SplitSink {
public:
    virtual ~SplitSink() = default;
    // Every record once. Each pCPU's records arrive in that pCPU's order; the
    // pCPUs interleave chunk by chunk in file order. True: the record is also
    // wanted in time order.
    virtual bool onPcpuRecord(const Record& record, const Owner& owner) = 0;
    // The records onPcpuRecord() returned true for, in time order (the order
    // TraceReader::read() delivers).
    virtual void onOrderedRecord(const Record& record, const Owner& owner) = 0;
};

} // namespace xenoscope::core
