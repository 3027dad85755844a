// The kubelet-volume snapshot reader on an arbitrary directory tree description.
// Input: lines "<type> <path>[ <data>]", type f (file, data = content), d (directory),
// l (symlink, data = target), p (FIFO); paths are relative to the volume /v.
#include <cstdint>
#include <string>

#include "base/strings.h"
#include "secrets/inputs.h"
#include "secrets/volume_snapshot.h"
#include "support/memory_file_system.h"
#include "sys/environment.h"

using namespace atsguard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  testing::MemoryFileSystem fs;
  fs.AddDir("/v");
  std::string text(reinterpret_cast<const char*>(data), size);
  for (const std::string& line : base::Split(text, '\n')) {
    if (line.size() < 3 || line[1] != ' ') continue;
    std::string rest = line.substr(2);
    size_t space = rest.find(' ');
    std::string path = "/v/" + rest.substr(0, space);
    std::string payload = space == std::string::npos ? "" : rest.substr(space + 1);
    switch (line[0]) {
      case 'f': fs.AddFile(path, payload, 0440); break;
      case 'd': fs.AddDir(path); break;
      case 'l': fs.AddSymlink(path, payload); break;
      case 'p': fs.AddFifo(path); break;
      default: break;
    }
  }
  auto snapshot = secrets::ReadVolume(fs, "/v");
  if (!snapshot.ok()) return 0;
  sys::MapEnvironment env({});
  (void)secrets::CollectInputs(env, fs, {snapshot.value()});
  return 0;
}
