#include "base/status.h"

#include <cerrno>
#include <cstring>

namespace atsguard::base {

Status ErrnoStatus(int err, const std::string& subject) {
  StatusCode code = StatusCode::kIoError;
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      code = StatusCode::kNotFound;
      break;
    case EACCES:
    case EPERM:
      code = StatusCode::kPermissionDenied;
      break;
    case ELOOP:
      code = StatusCode::kFailedPrecondition;
      break;
    case ENOSPC:
    case EMFILE:
    case ENFILE:
    case ENOMEM:
      code = StatusCode::kResourceExhausted;
      break;
    case EAGAIN:
    case EINTR:
      code = StatusCode::kUnavailable;
      break;
    default:
      break;
  }
  std::string reason = err == ELOOP ? "too many levels of symbolic links (a symlink loop?)"
                                    : std::strerror(err);
  return Status(code, subject + ": " + reason);
}

}  // namespace atsguard::base
