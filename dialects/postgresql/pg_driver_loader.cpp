// Loads the PostgreSQL driver library on first use; see pg_driver.hpp.
#include <dlfcn.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "dialects/postgresql/pg_driver.hpp"
#include "dialects/registry.hpp"

namespace retort::postgresql {
namespace {

struct Loaded {
  DriverEntry entry = nullptr;
  std::vector<std::string> tried;  // "place: why not", for the error
};

// The directory of the running executable ("" when unknown).
std::filesystem::path executable_dir() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path{} : exe.parent_path();
}

DriverEntry open_file(const std::string& path, Loaded& loaded) {
  // RTLD_LOCAL: libpq's symbols stay out of the process's global scope.
  // RTLD_LAZY, as ordinary linking does: RTLD_NOW would bind every symbol of
  // libpq's twenty dependencies (OpenSSL, GnuTLS, Kerberos, LDAP) up front,
  // which was half of a cold `retort current` on PostgreSQL.
  void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    loaded.tried.push_back(why != nullptr ? why : path + ": cannot be loaded");
    return nullptr;
  }
  // dlsym hands back an object pointer; POSIX guarantees it converts.
  auto entry = reinterpret_cast<DriverEntry>(dlsym(handle, kDriverEntry));
  if (entry == nullptr) loaded.tried.push_back(path + ": no " + kDriverEntry + " in it");
  return entry;
}

Loaded load() {
  Loaded loaded;
  // Linked into the program already (anything linking retort::retort).
  if (auto entry = reinterpret_cast<DriverEntry>(dlsym(RTLD_DEFAULT, kDriverEntry))) {
    loaded.entry = entry;
    return loaded;
  }
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("RETORT_POSTGRESQL_DRIVER"); env != nullptr && *env != '\0') {
    candidates.emplace_back(env);
  } else {
    const std::filesystem::path dir = executable_dir();
    if (!dir.empty()) {
      candidates.push_back((dir / kDriverFile).string());
      candidates.push_back((dir / RETORT_BIN_TO_LIB / kDriverFile).lexically_normal().string());
    }
    candidates.emplace_back(kDriverFile);  // the dynamic linker's search path
  }
  for (const std::string& path : candidates) {
    if ((loaded.entry = open_file(path, loaded)) != nullptr) return loaded;
  }
  return loaded;
}

}  // namespace

Result<std::unique_ptr<Connection>> open_postgresql(std::string_view url) {
  static const Loaded driver = load();  // once per process, thread-safe
  if (driver.entry == nullptr) {
    return Error::database(fmt::format("cannot load the PostgreSQL driver ({}): {}", kDriverFile,
                                       fmt::join(driver.tried, "; ")),
                           "reinstall retort, or set RETORT_POSTGRESQL_DRIVER to the path of " +
                               std::string(kDriverFile));
  }
  Result<std::unique_ptr<Connection>> out =
      Error::internal("the PostgreSQL driver returned nothing");
  driver.entry(RETORT_BUILD_VERSION, url, postgresql_dialect(), out);
  return out;
}

}  // namespace retort::postgresql
