// Models for the Session tests: one column of every member type (optional
// and not), heroes and teams with every kind of constraint, server
// defaults, and a struct that maps part of the hero table (to reach the
// database's own NOT NULL check past validation).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/model/model.hpp"
#include "core/model/relationship.hpp"
#include "core/model/value.hpp"

namespace retort::session_test {

enum class Mood { kHappy, kSad, kAngry };  // a PostgreSQL enum type "hero_mood"
enum class Color { kRed, kGreen };         // plain text

}  // namespace retort::session_test

template <>
struct retort::enum_mapping<retort::session_test::Mood> {
  static constexpr std::string_view name = "hero_mood";
  static constexpr std::pair<retort::session_test::Mood, std::string_view> values[] = {
      {retort::session_test::Mood::kHappy, "happy"},
      {retort::session_test::Mood::kSad, "sad"},
      {retort::session_test::Mood::kAngry, "angry"}};
};
template <>
struct retort::enum_mapping<retort::session_test::Color> {
  static constexpr std::string_view name = "";
  static constexpr std::pair<retort::session_test::Color, std::string_view> values[] = {
      {retort::session_test::Color::kRed, "red"}, {retort::session_test::Color::kGreen, "green"}};
};

namespace retort::session_test {

struct Sample {
  std::optional<std::int64_t> id{};
  std::int16_t i16 = 0;
  std::int32_t i32 = 0;
  std::int64_t i64 = 0;
  std::uint32_t u32 = 0;
  float f = 0;
  double d = 0;
  bool b = false;
  std::string s{};
  Blob blob{};
  Uuid uuid{};
  Timestamp ts{};
  LocalTimestamp lts{};
  Date date = std::chrono::year{2000} / 1 / 1;
  Mood mood = Mood::kHappy;
  Color color = Color::kRed;
  std::optional<std::int64_t> o_i64{};
  std::optional<double> o_d{};
  std::optional<bool> o_b{};
  std::optional<std::string> o_s{};
  std::optional<Blob> o_blob{};
  std::optional<Uuid> o_uuid{};
  std::optional<Timestamp> o_ts{};
  std::optional<LocalTimestamp> o_lts{};
  std::optional<Date> o_date{};
  std::optional<Mood> o_mood{};
  std::optional<Color> o_color{};
  friend bool operator==(const Sample&, const Sample&) = default;
};

#define RETORT_SAMPLE_COLUMN(member) retort::column(#member, &Sample::member)
inline const auto samples = retort::table<Sample>(
    "sample", RETORT_SAMPLE_COLUMN(id).primary_key(), RETORT_SAMPLE_COLUMN(i16),
    RETORT_SAMPLE_COLUMN(i32), RETORT_SAMPLE_COLUMN(i64), RETORT_SAMPLE_COLUMN(u32),
    RETORT_SAMPLE_COLUMN(f), RETORT_SAMPLE_COLUMN(d), RETORT_SAMPLE_COLUMN(b),
    RETORT_SAMPLE_COLUMN(s), RETORT_SAMPLE_COLUMN(blob), RETORT_SAMPLE_COLUMN(uuid),
    RETORT_SAMPLE_COLUMN(ts), RETORT_SAMPLE_COLUMN(lts), RETORT_SAMPLE_COLUMN(date),
    RETORT_SAMPLE_COLUMN(mood), RETORT_SAMPLE_COLUMN(color), RETORT_SAMPLE_COLUMN(o_i64),
    RETORT_SAMPLE_COLUMN(o_d), RETORT_SAMPLE_COLUMN(o_b), RETORT_SAMPLE_COLUMN(o_s),
    RETORT_SAMPLE_COLUMN(o_blob), RETORT_SAMPLE_COLUMN(o_uuid), RETORT_SAMPLE_COLUMN(o_ts),
    RETORT_SAMPLE_COLUMN(o_lts), RETORT_SAMPLE_COLUMN(o_date), RETORT_SAMPLE_COLUMN(o_mood),
    RETORT_SAMPLE_COLUMN(o_color));
#undef RETORT_SAMPLE_COLUMN

struct Team {
  std::optional<std::int64_t> id{};
  std::string name{};
  friend bool operator==(const Team&, const Team&) = default;
};

struct Hero {
  std::optional<std::int64_t> id{};
  std::string name{};
  std::string secret_name{};
  std::optional<int> age{};
  std::optional<std::int64_t> team_id{};
  friend bool operator==(const Hero&, const Hero&) = default;
};

inline const auto teams =
    retort::table<Team>("team", retort::column("id", &Team::id).primary_key(),
                        retort::column("name", &Team::name).unique().max_length(50));

inline const auto heroes =
    retort::table<Hero>("hero", retort::column("id", &Hero::id).primary_key(),
                        retort::column("name", &Hero::name).index().min_length(1).max_length(100),
                        retort::column("secret_name", &Hero::secret_name),
                        retort::column("age", &Hero::age).ge(0).le(200),
                        retort::column("team_id", &Hero::team_id).foreign_key(teams, &Team::id),
                        retort::table_check("age_not_13", "age <> 13"));

// Server defaults and a default_factory.
struct Gadget {
  std::optional<std::int64_t> id{};
  std::string name{};
  std::optional<int> level{};           // server default 7
  std::optional<std::string> status{};  // server default 'new'
  std::optional<Uuid> token{};          // filled by add()
  friend bool operator==(const Gadget&, const Gadget&) = default;
};

inline const auto gadgets =
    retort::table<Gadget>("gadget", retort::column("id", &Gadget::id).primary_key(),
                          retort::column("name", &Gadget::name),
                          retort::column("level", &Gadget::level).nullable(false).default_value(7),
                          retort::column("status", &Gadget::status).default_sql("'new'"),
                          retort::column("token", &Gadget::token).default_factory(Uuid::v4));

// A UUID key and a creation time from factories (optionals: add() and
// retort::make<T>() fill them), beside plain members whose nil UUID and
// epoch are real values.
struct Badge {
  std::optional<Uuid> id{};
  std::optional<Timestamp> issued_at{};
  std::string name{};
  Uuid plain_ref{};
  Timestamp plain_at{};
  friend bool operator==(const Badge&, const Badge&) = default;
};
inline const auto badges = retort::table<Badge>(
    "badge", retort::column("id", &Badge::id).primary_key().default_factory(Uuid::v4),
    retort::column("issued_at", &Badge::issued_at).nullable(false).default_factory(utc_now),
    retort::column("name", &Badge::name), retort::column("plain_ref", &Badge::plain_ref),
    retort::column("plain_at", &Badge::plain_at));

// Optimistic concurrency: a version column the session writes.
struct Note {
  std::optional<std::int64_t> id{};
  std::string title{};
  std::string body{};
  std::int64_t version = 0;
  friend bool operator==(const Note&, const Note&) = default;
};
inline const auto notes = retort::table<Note>(
    "note", retort::column("id", &Note::id).primary_key(),
    retort::column("title", &Note::title).min_length(1), retort::column("body", &Note::body),
    retort::column("version", &Note::version).version_column());

// Two foreign keys to team.id and one to team.name: relationships to team
// name their member.
struct Mission {
  std::optional<std::int64_t> id{};
  std::string name{};
  std::optional<std::int64_t> lead_team_id{};
  std::optional<std::int64_t> backup_team_id{};
  std::optional<std::string> team_name{};
  friend bool operator==(const Mission&, const Mission&) = default;
};
inline const auto missions = retort::table<Mission>(
    "mission", retort::column("id", &Mission::id).primary_key(),
    retort::column("name", &Mission::name),
    retort::column("lead_team_id", &Mission::lead_team_id).foreign_key(teams, &Team::id),
    retort::column("backup_team_id", &Mission::backup_team_id).foreign_key(teams, &Team::id),
    retort::column("team_name", &Mission::team_name).foreign_key(teams, &Team::name));

// Many-to-many between heroes and teams; a removed hero or team takes its
// links with it (on_delete cascade).
struct HeroTeamLink {
  std::int64_t team_id = 0;
  std::int64_t hero_id = 0;
  friend bool operator==(const HeroTeamLink&, const HeroTeamLink&) = default;
};
inline const auto hero_team_links =
    retort::table<HeroTeamLink>("hero_team_link",
                                retort::column("team_id", &HeroTeamLink::team_id)
                                    .primary_key()
                                    .foreign_key(teams, &Team::id)
                                    .on_delete("cascade"),
                                retort::column("hero_id", &HeroTeamLink::hero_id)
                                    .primary_key()
                                    .foreign_key(heroes, &Hero::id)
                                    .on_delete("cascade"));

// Part of the hero table, without secret_name: its NOT NULL is the
// database's to enforce. Not in the metadata that creates the schema.
struct HeroNameOnly {
  std::optional<std::int64_t> id{};
  std::string name{};
};
inline const auto hero_names =
    retort::table<HeroNameOnly>("hero", retort::column("id", &HeroNameOnly::id).primary_key(),
                                retort::column("name", &HeroNameOnly::name));

// A timestamp on its own, for rows written with other offsets.
struct Event {
  std::optional<std::int64_t> id{};
  Timestamp at{};
};
inline const auto events = retort::table<Event>(
    "event", retort::column("id", &Event::id).primary_key(), retort::column("at", &Event::at));

inline const retort::MetaData& schema() {
  static const retort::MetaData metadata{samples, teams, heroes,   gadgets,        events,
                                         badges,  notes, missions, hero_team_links};
  return metadata;
}

}  // namespace retort::session_test

// The relationships the compiler sees (relationship.hpp): a hero's team,
// a mission's three keys to team, the link model's key to each side, and
// one that names a member with no foreign key (a run-time DeclarationError).
template <>
struct retort::relationship<retort::session_test::Hero, retort::session_test::Team>
    : retort::by<&retort::session_test::Hero::team_id> {};
template <>
struct retort::relationship<retort::session_test::Mission, retort::session_test::Team>
    : retort::by<&retort::session_test::Mission::lead_team_id,
                 &retort::session_test::Mission::backup_team_id,
                 &retort::session_test::Mission::team_name> {};
template <>
struct retort::relationship<retort::session_test::HeroTeamLink, retort::session_test::Team>
    : retort::by<&retort::session_test::HeroTeamLink::team_id> {};
template <>
struct retort::relationship<retort::session_test::HeroTeamLink, retort::session_test::Hero>
    : retort::by<&retort::session_test::HeroTeamLink::hero_id> {};
template <>
struct retort::relationship<retort::session_test::Note, retort::session_test::Hero>
    : retort::by<&retort::session_test::Note::version> {};
