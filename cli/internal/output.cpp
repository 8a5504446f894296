#include "cli/internal/output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace retort::cli {
namespace {

// What to do when the error itself says nothing more specific.
std::string_view default_hint(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadInput:
      return "fix the input named above and run the command again; nothing was changed";
    case ErrorCode::kDatabase:
      return "the transaction in progress was rolled back; fix the cause and run the command again";
    case ErrorCode::kInternal:
      return "this is a bug in retort; please report it with the command you ran";
  }
  return {};
}

}  // namespace

bool colour_wanted(std::FILE* stream) {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && *no_colour != '\0') return false;
  return ::isatty(::fileno(stream)) == 1;
}

Output::Output(std::ostream& out, std::ostream& err, bool out_colour, bool err_colour,
               bool out_terminal)
    : out_(out),
      err_(err),
      out_colour_(out_colour),
      err_colour_(err_colour),
      out_terminal_(out_terminal) {}

Output Output::standard() {
  return Output(std::cout, std::cerr, colour_wanted(stdout), colour_wanted(stderr),
                isatty(fileno(stdout)) == 1);
}

void Output::line(std::string_view text) { out_ << text << '\n'; }

void Output::write(std::string_view text) { out_ << text; }

std::string Output::style(std::string_view code, std::string_view text, bool enabled) const {
  if (!enabled || text.empty()) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

std::string Output::bold(std::string_view text) const { return style("1", text, out_colour_); }
std::string Output::dim(std::string_view text) const { return style("2", text, out_colour_); }
std::string Output::green(std::string_view text) const { return style("32", text, out_colour_); }
std::string Output::yellow(std::string_view text) const { return style("33", text, out_colour_); }
std::string Output::red(std::string_view text) const { return style("31", text, out_colour_); }
std::string Output::cyan(std::string_view text) const { return style("36", text, out_colour_); }

void Output::error(const Error& error) {
  out_.flush();  // keep stdout and stderr in order on a terminal
  std::string what = error.describe();
  if (!error.sqlstate_label.empty()) what += fmt::format(" [{}]", error.sqlstate_label);
  std::string hint = error.hint.empty() ? std::string(default_hint(error.code)) : error.hint;
  err_ << style("1;31", "retort: error:", err_colour_) << ' ' << what << '\n';
  err_ << style("1", "retort: hint:", err_colour_) << ' ' << hint << '\n';
  if (!error.statement.empty()) err_ << "  statement: " << error.statement << '\n';
  err_.flush();
}

void Output::warning(std::string_view text) {
  out_.flush();
  err_ << style("1;33", "retort: warning:", err_colour_) << ' ' << text << '\n';
}

void Output::note(std::string_view text) {
  out_.flush();
  err_ << style("1;36", "retort: note:", err_colour_) << ' ' << text << '\n';
}

}  // namespace retort::cli
