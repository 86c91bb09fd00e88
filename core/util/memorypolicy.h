#pragma once
// How the process's allocator treats large blocks, set by the executables
// that build an index to keep (a library has no business changing it for
// its host): the viewer at startup, `xenoscope-cli index` and `bench index`.

namespace xenoscope::core {

// Blocks of 4 MiB and more get their own mapping, so freeing one gives its
// memory back at once. glibc otherwise raises that threshold to the largest
// block freed so far (up to 32 MiB): an index build's arrays (a vCPU's
// hypervisor spans are megabytes) then come from the heap, and the copies
// made while growing and sorting them leave freed holes that stay resident.
// On the 734 MB generated trace this took the build's peak RSS from 545 to
// 423 MiB, build time within the noise. A one-pass `summary` is left alone:
// there it saved 66 MB of 433 for about 8 % more time (more page faults),
// as an earlier fixed threshold of 128 KiB had cost 13 %.
// Does nothing where the allocator is not glibc's.
void returnLargeBlocksPromptly();

} // namespace xenoscope::core
