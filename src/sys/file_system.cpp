#include "sys/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>

namespace atsguard::sys {

using base::ErrnoStatus;
using base::Result;
using base::Status;
using base::StatusCode;

const char* DescribeFileType(FileType type) {
  switch (type) {
    case FileType::kRegular: return "a regular file";
    case FileType::kDirectory: return "a directory";
    case FileType::kSymlink: return "a symlink";
    case FileType::kFifo: return "a FIFO";
    case FileType::kSocket: return "a socket";
    case FileType::kCharDevice: return "a character device";
    case FileType::kBlockDevice: return "a block device";
    case FileType::kOther: return "not a regular file";
  }
  return "not a regular file";
}

namespace {

FileType TypeOf(mode_t mode) {
  if (S_ISREG(mode)) return FileType::kRegular;
  if (S_ISDIR(mode)) return FileType::kDirectory;
  if (S_ISLNK(mode)) return FileType::kSymlink;
  if (S_ISFIFO(mode)) return FileType::kFifo;
  if (S_ISSOCK(mode)) return FileType::kSocket;
  if (S_ISCHR(mode)) return FileType::kCharDevice;
  if (S_ISBLK(mode)) return FileType::kBlockDevice;
  return FileType::kOther;
}

FileInfo ToInfo(const struct stat& st) {
  FileInfo info;
  info.type = TypeOf(st.st_mode);
  info.mode = st.st_mode & 07777;
  info.uid = st.st_uid;
  info.gid = st.st_gid;
  info.size = static_cast<uint64_t>(st.st_size);
  info.device = st.st_dev;
  info.inode = st.st_ino;
  return info;
}

struct FdCloser {
  void operator()(const int* fd) const {
    if (*fd >= 0) ::close(*fd);
    delete fd;
  }
};

Status NotRegular(const std::string& path, FileType type) {
  return Status(StatusCode::kFailedPrecondition,
                path + ": is " + DescribeFileType(type) + ", not a regular file");
}

}  // namespace

Result<std::string> PosixFileSystem::ReadFile(const std::string& path, size_t max_bytes) const {
  // Check the type before opening: opening a FIFO for reading blocks until a writer
  // appears, and opening some devices has side effects.
  auto before = Stat(path);
  if (!before.ok()) return before.status();
  if (before->type != FileType::kRegular) return NotRegular(path, before->type);

  // O_NONBLOCK still guards against a FIFO swapped in between stat and open.
  int raw = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (raw < 0) return ErrnoStatus(errno, path);
  std::unique_ptr<int, FdCloser> fd(new int(raw));
  struct stat st {};
  if (::fstat(raw, &st) != 0) return ErrnoStatus(errno, path);
  if (!S_ISREG(st.st_mode)) return NotRegular(path, TypeOf(st.st_mode));

  // /proc files report size 0: read to EOF rather than trusting st_size.
  std::string content;
  char buf[16384];
  while (true) {
    ssize_t n = ::read(raw, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, path);
    }
    if (n == 0) break;
    if (content.size() + static_cast<size_t>(n) > max_bytes) {
      return Status(StatusCode::kResourceExhausted,
                    path + ": larger than the " + std::to_string(max_bytes) + "-byte limit");
    }
    content.append(buf, static_cast<size_t>(n));
  }
  return content;
}

Result<std::string> PosixFileSystem::ReadLink(const std::string& path) const {
  char buf[4096];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
  if (n < 0) {
    if (errno == EINVAL) return Status(StatusCode::kInvalidArgument, path + ": not a symlink");
    return ErrnoStatus(errno, path);
  }
  return std::string(buf, static_cast<size_t>(n));
}

Result<std::vector<std::string>> PosixFileSystem::ListDir(const std::string& path) const {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return ErrnoStatus(errno, path);
  std::vector<std::string> names;
  errno = 0;
  while (struct dirent* entry = ::readdir(dir)) {
    std::string name(entry->d_name);
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  int err = errno;
  ::closedir(dir);
  if (err != 0) return ErrnoStatus(err, path);
  std::sort(names.begin(), names.end());
  return names;
}

Result<FileInfo> PosixFileSystem::Stat(const std::string& path) const {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(errno, path);
  return ToInfo(st);
}

Result<FileInfo> PosixFileSystem::LStat(const std::string& path) const {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return ErrnoStatus(errno, path);
  return ToInfo(st);
}

namespace {

Status WriteAll(int fd, const std::string& content, const std::string& path) {
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, path);
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Status PosixFileSystem::OverwriteFile(const std::string& path, const std::string& content,
                                      bool create) const {
  int flags = O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (create ? O_CREAT : 0);
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return ErrnoStatus(errno, path);
  Status written = WriteAll(fd, content, path);
  if (::close(fd) != 0 && written.ok()) return ErrnoStatus(errno, path);
  return written;
}

Status PosixFileSystem::WriteFileAtomic(const std::string& path, const std::string& content,
                                        uint32_t mode) const {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
                  static_cast<mode_t>(mode));
  if (fd < 0) return ErrnoStatus(errno, tmp);
  if (Status written = WriteAll(fd, content, tmp); !written.ok()) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return written;
  }
  // fchmod: the umask must not widen or narrow the mode the caller asked for.
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0 || ::close(fd) != 0) {
    Status status = ErrnoStatus(errno, tmp);
    ::unlink(tmp.c_str());
    return status;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status status = ErrnoStatus(errno, path);
    ::unlink(tmp.c_str());
    return status;
  }
  return Status::Ok();
}

Status PosixFileSystem::MakeDirs(const std::string& path, uint32_t mode) const {
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos != path.size() && path[pos] != '/') continue;
    std::string prefix = path.substr(0, pos);
    if (::mkdir(prefix.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST) {
      return ErrnoStatus(errno, prefix);
    }
  }
  auto info = Stat(path);
  if (!info.ok()) return info.status();
  if (info->type != FileType::kDirectory) {
    return Status(StatusCode::kFailedPrecondition, path + ": exists and is not a directory");
  }
  return Status::Ok();
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace atsguard::sys
