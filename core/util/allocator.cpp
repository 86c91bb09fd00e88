#include "core/util/allocator.h"

#include <cstdlib> // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace xenoscope::core {

void keepLargeAllocationsMapped() {
#if defined(__GLIBC__)
    // glibc's default threshold, made fixed: setting it turns adaptation off.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

} // namespace xenoscope::core
