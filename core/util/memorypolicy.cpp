#include "core/util/memorypolicy.h"

#include <cstdlib> // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace xenoscope::core {

void returnLargeBlocksPromptly() {
#if defined(__GLIBC__)
    constexpr int Threshold = 4 << 20;
    (void)mallopt(M_MMAP_THRESHOLD, Threshold);
#endif
}

} // namespace xenoscope::core
