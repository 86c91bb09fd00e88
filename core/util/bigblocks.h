#pragma once
// Raw blocks for ReallocVector: malloc and realloc for small ones; a large
// one (LargeBytes or more, rounded to pages) is an anonymous mapping of its
// own, grown and shrunk by mremap, so its written pages are never copied or
// faulted in again. Where mremap is missing, every block is malloc's.

#include <cstddef>

namespace xenoscope::core::bigblocks {

constexpr size_t LargeBytes = size_t{1} << 20;

// A block of at least `bytes` (0: none) holding the first min(oldBytes, bytes)
// bytes of `block` (a block of oldBytes from here, or nullptr); `block` is
// gone. Sets `bytes` to the usable size. Throws std::bad_alloc.
void* resize(void* block, size_t oldBytes, size_t& bytes);
// Frees a block of `bytes` from resize() (nullptr: nothing).
void release(void* block, size_t bytes) noexcept;

} // namespace xenoscope::core::bigblocks
