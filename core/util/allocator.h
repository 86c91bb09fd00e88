#pragma once
// Process-wide allocator setting for programs that build big results.

namespace xenoscope::core {

// Makes every large allocation its own mapping, returned to the system when
// freed. The index and the analyses keep vectors of hundreds of MB that grow
// by doubling; glibc's adaptive threshold otherwise moves such blocks into
// the heap after the first free, where each outgrown copy stays resident
// (about 90 MB of peak RSS on a 700 MB trace). Call first thing in main().
void keepLargeAllocationsMapped();

} // namespace xenoscope::core
