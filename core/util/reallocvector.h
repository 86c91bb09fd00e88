#pragma once
// A vector of trivially copyable elements whose large blocks grow in place
// in the address space, for the arrays a pass appends to by the million (a
// vCPU's hypervisor spans). A std::vector grows by allocating twice the
// room, copying and freeing the old block: every byte is written again into
// pages faulted in afresh (a vCPU's spans faulted in 2.4 times their final
// size). Here a block of LargeBytes or more is a mapping of its own that
// mremap grows: the pages already written move as they are, and only the new
// room is faulted in, when it is first written. (glibc's realloc does that
// only for blocks it happened to map, which the arrays of a pass seldom are.)
// Small blocks, and systems without mremap, use malloc and realloc.
//
// The subset of std::vector's interface the code uses; iterators are
// pointers.

#include "core/util/bigblocks.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <new>
#include <type_traits>
#include <utility>

namespace xenoscope::core {

template <class T> class ReallocVector {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                  "elements are moved by realloc and copied by memcpy");

public:
    using value_type = T;
    using size_type = size_t;
    using iterator = T*;
    using const_iterator = const T*;
    using reference = T&;
    using const_reference = const T&;

    ReallocVector() = default;
    ReallocVector(std::initializer_list<T> items) { assign(items.begin(), items.size()); }
    ReallocVector(const ReallocVector& other) { assign(other.data_, other.size_); }
    ReallocVector(ReallocVector&& other) noexcept
        : data_(std::exchange(other.data_, nullptr))
        , size_(std::exchange(other.size_, 0))
        , capacity_(std::exchange(other.capacity_, 0)) {}
    ReallocVector& operator=(const ReallocVector& other) {
        if (this != &other)
            assign(other.data_, other.size_);
        return *this;
    }
    ReallocVector& operator=(ReallocVector&& other) noexcept {
        if (this != &other) {
            bigblocks::release(data_, capacity_ * sizeof(T));
            data_ = std::exchange(other.data_, nullptr);
            size_ = std::exchange(other.size_, 0);
            capacity_ = std::exchange(other.capacity_, 0);
        }
        return *this;
    }
    ~ReallocVector() { bigblocks::release(data_, capacity_ * sizeof(T)); }

    size_t size() const { return size_; }
    size_t capacity() const { return capacity_; }
    bool empty() const { return size_ == 0; }
    T* data() { return data_; }
    const T* data() const { return data_; }
    T* begin() { return data_; }
    T* end() { return data_ + size_; }
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }
    T& operator[](size_t i) { return data_[i]; }
    const T& operator[](size_t i) const { return data_[i]; }
    T& front() { return data_[0]; }
    const T& front() const { return data_[0]; }
    T& back() { return data_[size_ - 1]; }
    const T& back() const { return data_[size_ - 1]; }

    void push_back(const T& value) {
        if (size_ == capacity_)
            grow(size_ + 1);
        data_[size_++] = value;
    }
    // Before `pos`; returns where the value went.
    T* insert(const T* pos, const T& value) {
        const size_t i = static_cast<size_t>(pos - data_);
        const T copy = value; // it may live in this vector
        if (size_ == capacity_)
            grow(size_ + 1);
        std::memmove(static_cast<void*>(data_ + i + 1), data_ + i, (size_ - i) * sizeof(T));
        data_[i] = copy;
        ++size_;
        return data_ + i;
    }
    void reserve(size_t n) {
        if (n > capacity_)
            reallocate(n);
    }
    // New elements are value-initialized, as std::vector's are.
    void resize(size_t n) {
        reserve(n);
        for (size_t i = size_; i < n; ++i)
            new (data_ + i) T();
        size_ = n;
    }
    void clear() { size_ = 0; }
    void shrink_to_fit() {
        if (size_ == 0) {
            bigblocks::release(std::exchange(data_, nullptr), capacity_ * sizeof(T));
            capacity_ = 0;
        } else if (size_ < capacity_) {
            reallocate(size_);
        }
    }

    friend bool operator==(const ReallocVector& a, const ReallocVector& b) {
        if (a.size_ != b.size_)
            return false;
        for (size_t i = 0; i < a.size_; ++i)
            if (!(a.data_[i] == b.data_[i]))
                return false;
        return true;
    }

private:
    void assign(const T* from, size_t n) {
        size_ = 0;
        reserve(n);
        if (n > 0)
            std::memcpy(static_cast<void*>(data_), from, n * sizeof(T));
        size_ = n;
    }
    void grow(size_t atLeast) {
        size_t n = capacity_ < 16 ? 16 : capacity_ * 2;
        reallocate(n < atLeast ? atLeast : n);
    }
    void reallocate(size_t n) {
        if (n > SIZE_MAX / sizeof(T))
            throw std::bad_alloc();
        size_t bytes = n * sizeof(T);
        data_ = static_cast<T*>(bigblocks::resize(data_, capacity_ * sizeof(T), bytes));
        capacity_ = bytes / sizeof(T);
    }

    T* data_ = nullptr;
    size_t size_ = 0;
    size_t capacity_ = 0;
};

} // namespace xenoscope::core
