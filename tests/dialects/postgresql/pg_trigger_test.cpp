// A trigger's statement in comparison form, without a server: what
// pg_get_triggerdef prints and what people write compare equal, and what
// changes when the trigger fires or what it runs does not.
#include "dialects/postgresql/pg_trigger.hpp"

#include <gtest/gtest.h>

#include <string>

namespace retort::postgresql {
namespace {

std::string canonical(const std::string& sql) {
  TriggerStatement st = read_trigger_statement(sql);
  EXPECT_EQ(st.error, "") << sql;
  return st.canonical;
}

TEST(PgTrigger, ServerRenderingComparesEqual) {
  const std::string written =
      "create trigger touch before update of a, b on tt for each row "
      "when (OLD.a IS DISTINCT FROM NEW.a and NEW.s = 'done') "
      "execute procedure public.touch('x', 1)";
  const std::string rendered =
      "CREATE TRIGGER touch BEFORE UPDATE OF a, b ON public.tt FOR EACH ROW WHEN (((old.a IS "
      "DISTINCT FROM new.a) AND (new.s = 'done'::text))) EXECUTE FUNCTION touch('x', '1')";
  EXPECT_EQ(canonical(written), canonical(rendered));
  const TriggerStatement st = read_trigger_statement(rendered);
  EXPECT_EQ(st.name, "touch");
  EXPECT_EQ(st.table, "tt");
  EXPECT_EQ(st.schema, "");
  EXPECT_EQ(st.function, "touch");
  EXPECT_FALSE(st.constraint);
}

TEST(PgTrigger, WhatChangesFiringOrWorkIsADifference) {
  const std::string base = "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f()";
  for (const char* other :
       {"CREATE TRIGGER t AFTER UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f()",
        "CREATE TRIGGER t BEFORE UPDATE OR INSERT ON x FOR EACH ROW EXECUTE FUNCTION f()",
        "CREATE TRIGGER t BEFORE UPDATE OF a ON x FOR EACH ROW EXECUTE FUNCTION f()",
        "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH STATEMENT EXECUTE FUNCTION f()",
        "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW WHEN (new.a > 0) EXECUTE FUNCTION f()",
        "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION g()",
        "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f('a')"}) {
    EXPECT_NE(canonical(base), canonical(other)) << other;
  }
  EXPECT_NE(canonical("CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW WHEN (new.a > 0) "
                      "EXECUTE FUNCTION f()"),
            canonical("CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW WHEN (new.a > -1) "
                      "EXECUTE FUNCTION f()"));
}

TEST(PgTrigger, TransitionTablesAndConstraintTriggers) {
  EXPECT_EQ(canonical("CREATE TRIGGER a AFTER INSERT ON x REFERENCING NEW TABLE AS new_rows "
                      "FOR EACH STATEMENT EXECUTE FUNCTION audit()"),
            canonical("CREATE TRIGGER a AFTER INSERT ON public.x REFERENCING NEW TABLE new_rows "
                      "EXECUTE PROCEDURE audit()"));
  EXPECT_NE(canonical("CREATE TRIGGER a AFTER INSERT ON x REFERENCING NEW TABLE AS new_rows "
                      "FOR EACH STATEMENT EXECUTE FUNCTION audit()"),
            canonical("CREATE TRIGGER a AFTER INSERT ON x REFERENCING NEW TABLE AS rows "
                      "FOR EACH STATEMENT EXECUTE FUNCTION audit()"));
  const TriggerStatement c = read_trigger_statement(
      "CREATE CONSTRAINT TRIGGER c AFTER INSERT ON app.x DEFERRABLE INITIALLY DEFERRED FOR EACH "
      "ROW EXECUTE FUNCTION app.check_x()");
  EXPECT_TRUE(c.constraint);
  EXPECT_EQ(c.schema, "app");
  EXPECT_EQ(c.function, "app.check_x");
  EXPECT_NE(c.canonical, canonical("CREATE CONSTRAINT TRIGGER c AFTER INSERT ON app.x FOR EACH "
                                   "ROW EXECUTE FUNCTION app.check_x()"));
}

TEST(PgTrigger, WhatIsNotOneTriggerStatementIsAnError) {
  EXPECT_NE(read_trigger_statement("CREATE TRIGGER t ON x").error, "");
  EXPECT_NE(
      read_trigger_statement("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'").error,
      "");
}

}  // namespace
}  // namespace retort::postgresql
