// The PostgreSQL driver library (dialects/postgresql/pg_driver.hpp): the
// retort command loads libpq only for postgresql:// URLs, refuses a driver it
// cannot load with where it looked, and a driver refuses another build.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "dialects/postgresql/pg_driver.hpp"
#include "dialects/registry.hpp"
#include "tests/cli/cli_project.hpp"
#include "tests/cli/process.hpp"

namespace retort::testing {
namespace {

TEST(PostgresqlDriverTest, SqliteCommandsNeverLoadLibpq) {
  CliProject p("sqlite");
  // LD_DEBUG=files makes the dynamic linker list every library it opens.
  ProcessResult r = p.retort({"current"}, {{"LD_DEBUG", "files"}});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.err.find("libsqlite3"), std::string::npos) << r.err;  // the listing works
  EXPECT_EQ(r.err.find("libpq"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("libretort_postgresql"), std::string::npos) << r.err;
}

TEST(PostgresqlDriverTest, APostgresqlUrlLoadsTheDriverNextToTheExecutable) {
  CliProject p("postgresql");
  ProcessResult r = p.retort({"current"}, {{"LD_DEBUG", "files"}});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.err.find("libretort_postgresql.so"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("libpq"), std::string::npos) << r.err;
}

TEST(PostgresqlDriverTest, ADriverThatCannotBeLoadedIsExitThreeNamingWhereItLooked) {
  CliProject p("postgresql");
  ProcessResult r =
      p.retort({"current"}, {{"RETORT_POSTGRESQL_DRIVER", "/nonexistent/libretort_postgresql.so"}});
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  EXPECT_NE(r.err.find("cannot load the PostgreSQL driver"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/libretort_postgresql.so"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("RETORT_POSTGRESQL_DRIVER"), std::string::npos) << r.err;
}

TEST(PostgresqlDriverTest, ALibraryWithoutTheEntryIsRefused) {
  CliProject p("postgresql");
  // A real shared library, but not the driver.
  ProcessResult r = p.retort({"current"}, {{"RETORT_POSTGRESQL_DRIVER", "libm.so.6"}});
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  EXPECT_NE(r.err.find(std::string("no ") + postgresql::kDriverEntry), std::string::npos) << r.err;
}

// The build tree's driver, found through this program's run path.
TEST(PostgresqlDriverTest, TheDriverRefusesARetortOfAnotherBuild) {
  void* handle = dlopen(postgresql::kDriverFile, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr) << dlerror();
  auto entry = reinterpret_cast<postgresql::DriverEntry>(dlsym(handle, postgresql::kDriverEntry));
  ASSERT_NE(entry, nullptr) << dlerror();
  Result<std::unique_ptr<Connection>> out = Error::internal("unset");
  entry("0.0.0-elsewhere", "postgresql://nobody@/nowhere?host=/nonexistent", postgresql_dialect(),
        out);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, ErrorCode::kDatabase);
  EXPECT_NE(out.error().message.find("0.0.0-elsewhere"), std::string::npos) << out.error().message;
}

}  // namespace
}  // namespace retort::testing
