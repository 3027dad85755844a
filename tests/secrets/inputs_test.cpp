#include "secrets/inputs.h"

#include <doctest/doctest.h>

#include "support/atomic_writer.h"
#include "support/temp_dir.h"

namespace atsguard::testing {
namespace {

using secrets::InputId;
using secrets::Origin;

std::vector<secrets::VolumeSnapshot> Read(const sys::FileSystem& fs,
                                          const std::vector<std::string>& dirs) {
  std::vector<secrets::VolumeSnapshot> out;
  for (const auto& dir : dirs) {
    auto snapshot = secrets::ReadVolume(fs, dir);
    REQUIRE(snapshot.ok());
    out.push_back(snapshot.value());
  }
  return out;
}

TEST_CASE("env values win over _FILE, which wins over directories") {
  TempDir tmp;
  WriteFile(tmp.Sub("file"), "from-file");
  WriteFile(tmp.Sub("dir/jwt-secret"), "from-dir");
  sys::MapEnvironment env({{"ATS_JWT_SECRET", "from-env"}, {"ATS_JWT_SECRET_FILE", tmp.Sub("file")}});
  sys::PosixFileSystem fs;
  auto inputs = secrets::CollectInputs(env, fs, Read(fs, {tmp.Sub("dir")}));
  const auto& all = inputs.All(InputId::kJwtSecret);
  REQUIRE(all.size() == 3);
  CHECK(inputs.Get(InputId::kJwtSecret)->value == "from-env");
  CHECK(all[0].origin == Origin::kEnvValue);
  CHECK(all[1].origin == Origin::kEnvFile);
  CHECK(all[1].subject == tmp.Sub("file") + " (ATS_JWT_SECRET_FILE)");
  CHECK(all[2].origin == Origin::kDirectory);
  CHECK(all[2].subject == tmp.Sub("dir/jwt-secret"));
}

TEST_CASE("path variables are read as files") {
  TempDir tmp;
  WriteFile(tmp.Sub("ca.pem"), "-----BEGIN CERTIFICATE-----");
  sys::MapEnvironment env({{"ATS_DB_SSL_ROOT_CERT", tmp.Sub("ca.pem")}});
  sys::PosixFileSystem fs;
  auto inputs = secrets::CollectInputs(env, fs, {});
  REQUIRE(inputs.Get(InputId::kDbSslRootCert) != nullptr);
  CHECK(inputs.Get(InputId::kDbSslRootCert)->value == "-----BEGIN CERTIFICATE-----");
}

TEST_CASE("a _FILE pointing nowhere or to a FIFO is a problem naming the variable") {
  TempDir tmp;
  sys::MapEnvironment env({{"ATS_DB_PASSWORD_FILE", tmp.Sub("missing")}, {"ATS_JWT_SECRET_FILE", ""}});
  sys::PosixFileSystem fs;
  auto inputs = secrets::CollectInputs(env, fs, {});
  CHECK(inputs.Get(InputId::kDbPassword) == nullptr);
  REQUIRE(inputs.problems().size() == 2);
  bool named = false;
  for (const auto& p : inputs.problems()) {
    named = named || p.subject.find("ATS_DB_PASSWORD_FILE") != std::string::npos;
  }
  CHECK(named);
}

TEST_CASE("a key's created-at sibling and the generator marker travel with the value") {
  TempDir tmp;
  AtomicWriter writer(tmp.Sub("vol"));
  writer.Write({{"encryption-key", {"k", 0440}},
                {"encryption-key.created-at", {"2026-11-01T00:00:00Z", 0440}}});
  sys::MapEnvironment env({});
  sys::PosixFileSystem fs;
  auto inputs = secrets::CollectInputs(env, fs, Read(fs, {writer.dir()}));
  const auto* key = inputs.Get(InputId::kEncryptionKey);
  REQUIRE(key != nullptr);
  CHECK(key->created_at == "2026-11-01T00:00:00Z");
  CHECK(key->mode == 0440u);
  CHECK_FALSE(key->generated);
}

TEST_CASE("unknown keys in a directory are ignored") {
  TempDir tmp;
  WriteFile(tmp.Sub("dir/unrelated"), "x");
  sys::MapEnvironment env({});
  sys::PosixFileSystem fs;
  auto inputs = secrets::CollectInputs(env, fs, Read(fs, {tmp.Sub("dir")}));
  for (const auto& spec : secrets::AllInputs()) CHECK(inputs.Get(spec.id) == nullptr);
  CHECK(inputs.problems().empty());
}

}  // namespace
}  // namespace atsguard::testing
