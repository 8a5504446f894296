// heroes: the SQLModel tutorial's heroes and teams, in C++ with retort.
//
//   heroes migrate COMMAND...   retort's migration CLI, with these models compiled in
//   heroes demo                 create, select, update and delete heroes and teams
//   heroes import FILE.json     validate records (as a language model would write
//                               them), save the valid ones, print the errors for
//                               the others
//   heroes schema [--strict]    the JSON Schema of a hero (--strict: the form
//                               OpenAI's strict structured outputs take)
//   heroes api METHOD PATH [BODY]
//                               one request of SQLModel's FastAPI hero API:
//                               POST /heroes (a HeroCreate), GET /heroes,
//                               GET /heroes/ID, PATCH /heroes/ID (a partial
//                               Hero); prints the status and the JSON answer
//                               (a HeroPublic, or the errors)
//   heroes extract ANSWERS.json the Instructor loop: ask a language model for a
//                               hero, feeding its errors back, and save it; the
//                               "model" here answers from ANSWERS.json (a JSON
//                               array of its answers, in turn)
//
// The database is retort.toml's url (RETORT_URL overrides it), as for
// `heroes migrate`. Exit codes: 0 done; 1 some records were refused; 2 bad
// usage or input; 3 the database failed.
#include "cli/main.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/derive.hpp"
#include "core/model/extract.hpp"
#include "core/model/partial.hpp"
#include "core/model/session.hpp"
#include "dialects/registry.hpp"
#include "examples/heroes/models.hpp"
#include "migrations/config.hpp"

namespace heroes {
namespace {

using retort::c;

constexpr const char* kUsage =
    "usage: heroes migrate COMMAND... | demo | import FILE.json | schema [--strict] |\n"
    "              api METHOD PATH [BODY] | extract ANSWERS.json\n"
    "  migrate   retort's migration CLI with the hero models compiled in\n"
    "            (heroes migrate revision --autogenerate -m MSG; heroes migrate upgrade head)\n"
    "  demo      create, select, update and delete heroes and teams\n"
    "  import    validate hero records from a JSON array; save the valid ones\n"
    "  schema    print the JSON Schema of a hero (--strict: for strict structured outputs)\n"
    "  api       one request of the hero API: POST /heroes BODY, GET /heroes, GET /heroes/ID,\n"
    "            PATCH /heroes/ID BODY; prints the status and the JSON answer\n"
    "  extract   ask for a hero until an answer is valid, feeding the errors back, and\n"
    "            save it; the answers come from ANSWERS.json instead of a language model\n";

// retort.toml's url, after RETORT_URL, as `heroes migrate` reads it.
std::string database_url() {
  retort::Result<retort::migrations::Config> config =
      retort::migrations::load_config("retort.toml", std::nullopt);
  if (!config) throw retort::Exception(config.error());
  if (config->url.empty()) {
    throw retort::Exception(
        retort::Error::bad_input("no database URL", "set url in retort.toml or RETORT_URL"));
  }
  return config->url;
}

std::string team_name(retort::Session& s, const std::optional<std::int64_t>& team_id) {
  if (!team_id) return "no team";
  std::optional<Team> team = s.get<Team>(*team_id);
  return team ? team->name : "a missing team";
}

std::string names(const std::vector<Hero>& list) {
  std::vector<std::string> out;
  for (const Hero& h : list) out.push_back(h.name);
  return out.empty() ? "nobody" : fmt::format("{}", fmt::join(out, ", "));
}

int demo() {
  retort::Session s{retort::connect(database_url())};

  // Create: add() validates, inserts and fills in the id.
  Team preventers{.name = "Preventers", .headquarters = "Sharp Tower"};
  Team z_force{.name = "Z-Force", .headquarters = "Sister Margaret's Bar"};
  s.add(preventers);
  s.add(z_force);
  fmt::print("Created teams: {} (id {}), {} (id {})\n", preventers.name, *preventers.id,
             z_force.name, *z_force.id);

  std::vector<Hero> recruits = {
      {.name = "Deadpond", .secret_name = "Dive Wilson", .team_id = z_force.id},
      {.name = "Rusty-Man", .secret_name = "Tommy Sharp", .age = 48, .team_id = preventers.id},
      {.name = "Spider-Boy", .secret_name = "Pedro Parqueador"},
      {.name = "Tarantula", .secret_name = "Natalia Roman-on", .age = 32, .team_id = preventers.id},
      {.name = "Dr. Weird", .secret_name = "Steve Weird", .age = 36, .team_id = preventers.id},
  };
  s.add_all(recruits);
  fmt::print("Created {} heroes; Spider-Boy has id {}\n", recruits.size(), *recruits[2].id);

  // Select: where, order, limit, get by primary key.
  auto young = s.select<Hero>().where(c(&Hero::age) < 40).order_by(&Hero::name).limit(10).all();
  fmt::print("Younger than 40, by name: {}\n", names(young));
  std::optional<Hero> hero = s.get<Hero>(*recruits[1].id);
  fmt::print("Hero {} is {}, of {}\n", *recruits[1].id, hero->name, team_name(s, hero->team_id));
  fmt::print("Without an age: {}\n", s.select<Hero>().where(c(&Hero::age).is_null()).count());

  // Relationships through the foreign key: the heroes of a team.
  auto members = [&](const Team& team) {
    return names(s.select<Hero>().where(c(&Hero::team_id) == *team.id).order_by(&Hero::name).all());
  };
  fmt::print("Heroes of Preventers: {}\n", members(preventers));

  // Update, and move a hero between teams, in one transaction.
  {
    auto tx = s.begin();
    Hero spider = s.select<Hero>().where(c(&Hero::name) == "Spider-Boy").one();
    spider.age = 16;
    spider.team_id = preventers.id;
    s.update(spider);
    Hero rusty = *s.get<Hero>(*recruits[1].id);
    rusty.team_id = z_force.id;
    s.update(rusty);
    tx.commit();
  }
  fmt::print("Spider-Boy joined Preventers; Rusty-Man moved to Z-Force\n");
  fmt::print("Heroes of Preventers: {}\n", members(preventers));
  fmt::print("Heroes of Z-Force: {}\n", members(z_force));

  // What is refused: rules before anything is written, then the database's own.
  try {
    Hero bad{.name = "", .secret_name = "Nobody", .age = -1};
    s.add(bad);
  } catch (const retort::ValidationError& e) {
    fmt::print("Refused: {}\n", e.what());
  }
  try {
    Hero lost{.name = "Lost", .secret_name = "Nobody", .team_id = 999};
    s.add(lost);
  } catch (const retort::DatabaseError& e) {
    fmt::print("Refused by the database: {}\n",
               e.violation() == retort::Violation::kForeignKey ? "no team 999" : e.what());
  }
  try {
    Team again{.name = "Preventers", .headquarters = "elsewhere"};
    s.add(again);
  } catch (const retort::DatabaseError& e) {
    fmt::print("Refused by the database: {}\n",
               e.violation() == retort::Violation::kUnique ? "a second team Preventers" : e.what());
  }

  // Delete: the team's heroes stay, without a team (on_delete "set null").
  s.remove(z_force);
  auto free_agents =
      s.select<Hero>().where(c(&Hero::team_id).is_null()).order_by(&Hero::name).all();
  fmt::print("Deleted Z-Force; without a team: {}\n", names(free_agents));
  Hero weird = s.select<Hero>().where(c(&Hero::name) == "Dr. Weird").one();
  s.remove(weird);
  fmt::print("Removed Dr. Weird; {} heroes left\n", s.select<Hero>().count());
  return 0;
}

// One request of SQLModel's FastAPI hero API (its "Read One", "Create" and
// "Update" pages): HeroCreate in, HeroPublic out, a partial Hero to PATCH.
// Prints "STATUS JSON"; exits 0 for 2xx, 1 for 4xx.
int api(std::string_view method, std::string_view path, std::string_view body) {
  auto answer = [](int status, const nlohmann::ordered_json& json) {
    fmt::print("{} {}\n", status, json.dump());
    return status < 300 ? 0 : 1;
  };
  auto public_json = [](const Hero& hero) {
    return retort::to_json(hero_public, retort::to<HeroPublic>(hero));
  };
  const nlohmann::json not_found = {{"detail", "Hero not found"}};
  std::optional<std::int64_t> id;
  if (path.starts_with("/heroes/")) {
    const std::string_view text = path.substr(8);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
      return answer(422, {{"detail", "the hero id must be an integer"}});
    }
    id = value;
  } else if (path != "/heroes") {
    return answer(404, {{"detail", "Not Found"}});
  }
  retort::Session s{retort::connect(database_url())};
  try {
    if (method == "POST" && !id) {
      Hero hero = retort::to<Hero>(retort::from_json(hero_create, body));
      s.add(hero);
      return answer(201, public_json(hero));
    }
    if (method == "GET" && !id) {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const Hero& h : s.select<Hero>().order_by(&Hero::id).all()) {
        list.push_back(public_json(h));
      }
      return answer(200, list);
    }
    if (method == "GET") {
      std::optional<Hero> hero = s.get<Hero>(*id);
      return hero ? answer(200, public_json(*hero)) : answer(404, not_found);
    }
    if (method == "PATCH" && id) {
      const retort::Partial<Hero> update = retort::partial(heroes, body);
      std::optional<Hero> hero = s.get<Hero>(*id);
      if (!hero) return answer(404, not_found);
      update.apply_to(*hero);
      s.update(*hero);
      return answer(200, public_json(*hero));
    }
  } catch (const retort::ValidationError& e) {
    return answer(422, e.to_json());
  } catch (const retort::DatabaseError& e) {
    // A team_id no team has, a name taken: the database's refusal.
    if (e.violation() != retort::Violation::kNone) return answer(409, {{"detail", e.what()}});
    throw;
  }
  return answer(405, {{"detail", "Method Not Allowed"}});
}

// Reads a file of JSON; an unreadable or malformed one is bad input.
std::optional<nlohmann::json> read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << fmt::format("heroes: error: cannot read {}\n", path);
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json parsed = nlohmann::json::parse(text.str(), nullptr, false);
  if (parsed.is_discarded()) {
    std::cerr << fmt::format("heroes: error: {} is not JSON\n", path);
    return std::nullopt;
  }
  return parsed;
}

// Each record becomes a Hero or a ValidationError, as an API (or a language
// model's structured-output loop) would answer it.
int import(const std::string& path) {
  std::optional<nlohmann::json> file = read_json_file(path);
  if (!file) return 2;
  const nlohmann::json& records = *file;
  if (!records.is_array()) {
    std::cerr << fmt::format("heroes: error: {} is not a JSON array of hero records\n", path);
    return 2;
  }
  std::vector<Hero> valid;
  std::size_t refused = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    try {
      valid.push_back(retort::from_json(heroes, records[i]));
    } catch (const retort::ValidationError& e) {
      ++refused;
      fmt::print("record {}: {}\n", i, e.to_json().dump());
    }
  }
  if (!valid.empty()) {
    retort::Session s{retort::connect(database_url())};
    s.add_all(valid);
  }
  fmt::print("Saved {} heroes; refused {} records.\n", valid.size(), refused);
  return refused == 0 ? 0 : 1;
}

// The Instructor loop. A real program's `ask` sends the schema (as the
// response format) and the feedback (in the prompt) to its LLM client;
// this one plays a scripted model that answers from a file.
int extract(const std::string& path) {
  std::optional<nlohmann::json> answers = read_json_file(path);
  if (!answers) return 2;
  if (!answers->is_array()) {
    std::cerr << fmt::format("heroes: error: {} is not a JSON array of answers\n", path);
    return 2;
  }
  std::size_t asked = 0;
  auto ask = [&](const std::string& schema, const std::string& feedback) {
    ++asked;
    if (feedback.empty()) {
      fmt::print("ask {}: the hero schema ({} bytes)\n", asked, schema.size());
    } else {
      fmt::print("ask {}: the hero schema and the errors: {}\n", asked, feedback);
    }
    if (asked > answers->size()) throw std::runtime_error("the scripted model has no more answers");
    const nlohmann::json& answer = (*answers)[asked - 1];
    return answer.is_string() ? answer.get<std::string>() : answer.dump();
  };
  try {
    Hero hero = retort::extract<Hero>(heroes, ask, {.max_retries = 2});
    retort::Session s{retort::connect(database_url())};
    s.add(hero);
    fmt::print("Extracted {} after {} answer{}; saved as hero {}.\n", hero.name, asked,
               asked == 1 ? "" : "s", *hero.id);
    return 0;
  } catch (const retort::ExtractError& e) {
    for (std::size_t i = 0; i < e.attempts().size(); ++i) {
      fmt::print("answer {} refused: {}\n", i + 1, e.attempts()[i].error.to_json().dump());
    }
    fmt::print("No valid hero in {} answers; nothing saved.\n", e.attempts().size());
    return 1;
  } catch (const retort::Exception&) {
    throw;                                 // main() reports it with its exit code
  } catch (const std::runtime_error& e) {  // from the scripted model
    std::cerr << fmt::format("heroes: error: {}\n", e.what());
    return 2;
  }
}

int run(int argc, char** argv) {
  const std::string_view command = argc > 1 ? argv[1] : "";
  if (command == "migrate") return retort::cli::main(argc - 1, argv + 1, metadata);
  if (command == "demo" && argc == 2) return demo();
  if (command == "import" && argc == 3) return import(argv[2]);
  if (command == "schema" &&
      (argc == 2 || (argc == 3 && argv[2] == std::string_view("--strict")))) {
    fmt::print("{}\n", retort::json_schema(heroes, {.strict = argc == 3}).dump(2));
    return 0;
  }
  if (command == "extract" && argc == 3) return extract(argv[2]);
  if (command == "api" && (argc == 4 || argc == 5)) {
    return api(argv[2], argv[3], argc == 5 ? argv[4] : "");
  }
  if (command == "--help" || command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << kUsage;
  return 2;
}

}  // namespace
}  // namespace heroes

int main(int argc, char** argv) {
  try {
    return heroes::run(argc, argv);
  } catch (const retort::ValidationError& e) {
    std::cerr << "heroes: error: " << e.what() << "\n";
    return 2;
  } catch (const retort::Exception& e) {
    std::cerr << "heroes: error: " << e.error().describe() << "\n";
    if (!e.error().hint.empty()) std::cerr << "heroes: hint: " << e.error().hint << "\n";
    return e.error().code == retort::ErrorCode::kBadInput ? 2 : 3;
  }
}
