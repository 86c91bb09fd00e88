#include "core/util/bigblocks.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace xenoscope::core::bigblocks {

namespace {

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
size_t pageSize() {
    static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    return page;
}
size_t roundUp(size_t bytes) {
    const size_t page = pageSize();
    return (bytes + page - 1) / page * page;
}
// Decided by the rounded size alone, so that a block's size tells how it
// was made.
bool mapped(size_t bytes) {
    return bytes > 0 && roundUp(bytes) >= LargeBytes;
}
void* map(size_t bytes) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc();
    return p;
}
#else
bool mapped(size_t) {
    return false;
}
#endif

} // namespace

void* resize(void* block, size_t oldBytes, size_t& bytes) {
    if (bytes == 0) {
        release(block, oldBytes);
        return nullptr;
    }
    const bool wasMapped = block && mapped(oldBytes);
#if defined(__linux__) && defined(MREMAP_MAYMOVE)
    if (mapped(bytes)) {
        bytes = roundUp(bytes);
        if (wasMapped) {
            void* p = mremap(block, roundUp(oldBytes), bytes, MREMAP_MAYMOVE);
            if (p == MAP_FAILED)
                throw std::bad_alloc();
            return p;
        }
        void* p = map(bytes);
        if (block)
            std::memcpy(p, block, std::min(oldBytes, bytes));
        std::free(block);
        return p;
    }
#endif
    if (wasMapped) {
        void* p = std::malloc(bytes);
        if (!p)
            throw std::bad_alloc();
        std::memcpy(p, block, bytes); // shrinking: bytes < oldBytes
        release(block, oldBytes);
        return p;
    }
    void* p = std::realloc(block, bytes);
    if (!p)
        throw std::bad_alloc();
    return p;
}

void release(void* block, size_t bytes) noexcept {
    if (!block)
        return;
#if defined(__linux__) && defined(MREMAP_MAYMOVE)
    if (mapped(bytes)) {
        munmap(block, roundUp(bytes));
        return;
    }
#endif
    std::free(block);
}

} // namespace xenoscope::core::bigblocks
