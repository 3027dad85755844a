#include "secrets/mountinfo.h"

#include <doctest/doctest.h>

namespace atsguard::secrets {
namespace {

TEST_CASE("subPath mounts of kubelet volumes are found in mountinfo") {
  const char* text =
      "22 1 8:1 / / rw,relatime - ext4 /dev/vda rw\n"
      "1502 1490 0:80 / /var/run/secrets/ats ro,relatime - tmpfs tmpfs rw\n"
      "1503 1490 0:80 /..2026_12_03_15_52_21.3850881455/jwt-secret /etc/ats/jwt-secret "
      "ro,relatime - tmpfs tmpfs rw\n"
      "1504 1490 8:1 /var/lib/kubelet/pods/x/volume-subpaths/cfg/app/0 /etc/app\\040dir/conf "
      "rw - ext4 /dev/vda rw\n"
      "garbage line\n";
  auto mounts = FindSubPathMounts(text);
  REQUIRE(mounts.size() == 1);
  CHECK(mounts[0].mount_point == "/etc/ats/jwt-secret");
  CHECK(mounts[0].root == "/..2026_12_03_15_52_21.3850881455/jwt-secret");
}

TEST_CASE("octal escapes in mount points are decoded") {
  auto mounts = FindSubPathMounts("1 1 0:1 /..2026_01_01_00_00_00.1/k /etc/my\\040dir/k ro - tmpfs x rw\n");
  REQUIRE(mounts.size() == 1);
  CHECK(mounts[0].mount_point == "/etc/my dir/k");
}

TEST_CASE("a whole-volume mount or an empty file is not a subPath mount") {
  CHECK(FindSubPathMounts("").empty());
  CHECK(FindSubPathMounts("1 1 0:1 / /var/run/secrets/ats ro - tmpfs x rw\n").empty());
  CHECK(FindSubPathMounts("1 1 0:1 /..data/k /x ro - tmpfs x rw\n").empty());
}

}  // namespace
}  // namespace atsguard::secrets
