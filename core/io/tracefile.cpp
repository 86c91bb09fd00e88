#include "core/io/tracefile.h"

#include "core/io/mappedstream.h"
#include "core/io/zstdstream.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace xenoscope::core {

namespace {

constexpr uint32_t ZstdMagic = 0xFD2FB528; // little-endian frame magic

Diagnostic openError(DiagCode code, std::string message) {
    Diagnostic d;
    d.code = code;
    d.offset = 0;
    d.message = std::move(message);
    d.fatal = true;
    return d;
}

} // namespace

std::unique_ptr<TraceFile> TraceFile::open(const std::string& path, Diagnostic& error) {
    std::unique_ptr<TraceFile> file(new TraceFile);
    file->path_ = path;
    file->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (file->fd_ < 0) {
        error =
            openError(DiagCode::CannotOpen, std::string("cannot open: ") + std::strerror(errno));
        return nullptr;
    }
    struct stat st {};
    if (::fstat(file->fd_, &st) != 0) {
        error =
            openError(DiagCode::CannotOpen, std::string("cannot stat: ") + std::strerror(errno));
        return nullptr;
    }
    if (S_ISDIR(st.st_mode)) {
        error = openError(DiagCode::CannotOpen, "is a directory, not a trace file");
        return nullptr;
    }
    if (!S_ISREG(st.st_mode)) {
        error = openError(DiagCode::CannotOpen, "not a regular file");
        return nullptr;
    }
    file->fileSize_ = static_cast<uint64_t>(st.st_size);
    if (file->fileSize_ == 0) {
        error = openError(DiagCode::Empty, "empty file: no trace records");
        return nullptr;
    }
    uint32_t magic = 0;
    if (file->fileSize_ >= 4) {
        const ssize_t got = ::pread(file->fd_, &magic, sizeof magic, 0);
        if (got != static_cast<ssize_t>(sizeof magic)) {
            error = openError(DiagCode::Io, std::string("cannot read: ") + std::strerror(errno));
            return nullptr;
        }
    }
    file->compressed_ = magic == ZstdMagic;
    if (!file->compressed_) {
        void* base = ::mmap(nullptr, file->fileSize_, PROT_READ, MAP_PRIVATE, file->fd_, 0);
        if (base == MAP_FAILED) {
            error = openError(DiagCode::Io, std::string("cannot map: ") + std::strerror(errno));
            return nullptr;
        }
        file->mapped_ = {static_cast<const uint8_t*>(base), file->fileSize_};
    }
    return file;
}

TraceFile::~TraceFile() {
    if (!mapped_.empty())
        ::munmap(const_cast<uint8_t*>(mapped_.data()), mapped_.size());
    if (fd_ >= 0)
        ::close(fd_);
}

std::unique_ptr<ByteStream> TraceFile::openStream() const {
    if (compressed_)
        return std::make_unique<ZstdStream>(fd_, fileSize_);
    return std::make_unique<MappedStream>(mapped_);
}

void TraceFile::releaseBehind(uint64_t upTo, uint64_t& releasedUpTo) const {
    constexpr uint64_t Step = 16u << 20;
    if (upTo < releasedUpTo + Step)
        return;
    releaseMapped(releasedUpTo, upTo);
    releasedUpTo = upTo;
}

void TraceFile::releaseMapped(uint64_t begin, uint64_t end) const {
    if (mapped_.empty())
        return;
    const auto page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
    begin = (begin + page - 1) / page * page;
    end = end / page * page;
    if (end > begin && end <= mapped_.size())
        ::madvise(const_cast<uint8_t*>(mapped_.data()) + begin, end - begin, MADV_DONTNEED);
}

} // namespace xenoscope::core
