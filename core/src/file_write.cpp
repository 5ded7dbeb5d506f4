// write_files_atomically: check every target, write every temporary (an fd-backed streambuf that
// keeps the first write error, then fsync), and only then rename them into place. With more than
// one file, an existing target is hard-linked to a backup first, so that a later rename's failure
// can put it back.
#include "wakeline/file_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <ostream>
#include <streambuf>
#include <vector>

namespace wakeline {
namespace {

namespace fs = std::filesystem;

// A streambuf over a file descriptor that remembers the first errno a write failed with.
class FdBuffer : public std::streambuf {
 public:
  explicit FdBuffer(int fd) : fd_(fd), buffer_(1 << 16) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  int error() const { return error_; }
  bool drain() { return sync() == 0; }

 protected:
  int overflow(int c) override {
    if (!drain()) return traits_type::eof();
    if (c != traits_type::eof()) {
      *pptr() = static_cast<char>(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override {
    const char* p = pbase();
    while (p < pptr() && error_ == 0) {
      const ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) error_ = n < 0 ? errno : EIO;
      else p += n;
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return error_ == 0 ? 0 : -1;
  }

 private:
  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

std::string reason(int error) { return std::strerror(error); }

// Where the bytes really go: the file a chain of symlinks ends at (which may not exist yet).
fs::path resolve_links(fs::path path, std::string& problem) {
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(path, ec))) return path;
    const fs::path next = fs::read_symlink(path, ec);
    if (ec) {
      problem = "cannot follow the symlink: " + ec.message();
      return {};
    }
    path = next.is_absolute() ? next : path.parent_path() / next;
  }
  problem = "too many levels of symbolic links";
  return {};
}

std::string kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory: return "it is a directory";
    case fs::file_type::character: return "it is a character device, not a regular file";
    case fs::file_type::block: return "it is a block device, not a regular file";
    case fs::file_type::fifo: return "it is a named pipe (fifo), not a regular file";
    case fs::file_type::socket: return "it is a socket, not a regular file";
    default: return "it is not a regular file";
  }
}

struct Pending {
  fs::path shown;   // as the user named it
  fs::path dest;    // after following symlinks
  fs::path temp;
  fs::path backup;  // a hard link to the old file, while a multi-file commit may still roll back
  bool existed = false;
  bool renamed = false;
};

std::string failure(const Pending& p, const std::string& why) {
  std::string message = "cannot write ";
  message += p.shown.string();
  message += ": ";
  message += why;
  message += p.existed ? " (the existing file is unchanged)" : " (nothing was written)";
  return message;
}

// Checks the target; fills dest and existed. "" when it may be written.
std::string check_target(Pending& p) {
  std::string problem;
  p.dest = resolve_links(p.shown, problem);
  if (!problem.empty()) return failure(p, problem);
  std::error_code ec;
  const fs::file_status status = fs::status(p.dest, ec);
  p.existed = fs::exists(status);
  if (p.existed && !fs::is_regular_file(status)) return failure(p, kind_of(status.type()));
  if (p.dest.filename().empty()) return failure(p, "the name is a directory path");
  return {};
}

std::atomic<unsigned> temp_counter{0};

// Writes the content to a new temporary file beside dest, flushed to disk. "" on success.
std::string write_temp(Pending& p, const FileWriter& write) {
  const fs::path dir = p.dest.has_parent_path() ? p.dest.parent_path() : fs::path(".");
  mode_t mode = 0666;  // the umask applies, as for any new file
  struct stat old {};
  if (p.existed && ::stat(p.dest.c_str(), &old) == 0) mode = old.st_mode & 07777;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    std::string name = ".";  // appended piece by piece: GCC 12 warns falsely on a `+` chain here
    name += p.dest.filename().string();
    name += ".tmp-";
    name += std::to_string(::getpid());
    name += '-';
    name += std::to_string(temp_counter.fetch_add(1));
    p.temp = dir / name;
    fd = ::open(p.temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0 && errno != EEXIST) return failure(p, reason(errno));
  }
  if (fd < 0) return failure(p, "cannot create a temporary file beside it");
  if (p.existed) (void)::fchmod(fd, mode);  // keep the old file's permissions despite the umask
  int error = 0;
  {
    FdBuffer buffer(fd);
    std::ostream out(&buffer);
    try {
      write(out);
      out.flush();
    } catch (const std::exception&) {
      error = ENOMEM;
    }
    if (error == 0 && !buffer.drain()) error = buffer.error();
    if (error == 0 && buffer.error() != 0) error = buffer.error();
    if (error == 0 && !out) error = EIO;
  }
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) {
    ::unlink(p.temp.c_str());
    p.temp.clear();
    return failure(p, reason(error));
  }
  return {};
}

void remove_temps(std::vector<Pending>& pending) {
  for (Pending& p : pending)
    if (!p.temp.empty() && !p.renamed) ::unlink(p.temp.c_str());
}

void sync_directory(const fs::path& dest) {
  const fs::path dir = dest.has_parent_path() ? dest.parent_path() : fs::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);  // best effort: the rename is done either way
  ::close(fd);
}

}  // namespace

std::string write_files_atomically(std::span<const FileToWrite> files) {
  std::vector<Pending> pending(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    pending[i].shown = files[i].target;
    if (std::string problem = check_target(pending[i]); !problem.empty()) return problem;
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (std::string problem = write_temp(pending[i], files[i].write); !problem.empty()) {
      remove_temps(pending);
      return problem;
    }
  }
  const bool several = pending.size() > 1;
  for (std::size_t i = 0; i < pending.size(); ++i) {
    Pending& p = pending[i];
    if (several && p.existed) {
      p.backup = p.temp;
      p.backup += ".old";
      if (::link(p.dest.c_str(), p.backup.c_str()) != 0) p.backup.clear();
    }
    if (::rename(p.temp.c_str(), p.dest.c_str()) != 0) {
      const std::string problem = failure(p, reason(errno));
      // Put back what this call already replaced, so it is all or none.
      for (std::size_t j = 0; j < i; ++j) {
        Pending& done = pending[j];
        if (!done.backup.empty()) ::rename(done.backup.c_str(), done.dest.c_str());
        else if (!done.existed) ::unlink(done.dest.c_str());
      }
      if (!p.backup.empty()) ::unlink(p.backup.c_str());
      remove_temps(pending);
      return problem;
    }
    p.renamed = true;
  }
  for (Pending& p : pending) {
    if (!p.backup.empty()) ::unlink(p.backup.c_str());
    sync_directory(p.dest);
  }
  return {};
}

std::string write_file_atomically(const fs::path& target, const FileWriter& write) {
  const FileToWrite file{target, write};
  return write_files_atomically(std::span<const FileToWrite>(&file, 1));
}

std::string write_file_atomically(const fs::path& target, std::string_view bytes) {
  return write_file_atomically(target, [bytes](std::ostream& out) { out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); });
}

}  // namespace wakeline
