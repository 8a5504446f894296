// retort CLI: where text goes and how it looks.
//
// Human text goes to stdout, errors and warnings to stderr. Colour is used on
// a stream only when it is a terminal and NO_COLOR is unset (no-color.org);
// piped output and test captures are always plain.
//
// Example:
//   Output out = Output::standard();
//   out.line(fmt::format("Running upgrade {} -> {}", out.dim("<base>"), rev));
//   out.error(err);   // "retort: error: FILE:LINE: WHAT" + "retort: hint: ..."
#pragma once

#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace retort::cli {

class Output {
 public:
  Output(std::ostream& out, std::ostream& err, bool out_colour, bool err_colour,
         bool out_terminal = false);

  // stdout and stderr, coloured where each is a terminal and NO_COLOR is unset.
  static Output standard();

  // stdout: one line (a newline is added), or text as it is.
  void line(std::string_view text = {});
  void write(std::string_view text);
  // The stdout stream, for library calls that report progress as they go.
  std::ostream& stream() { return out_; }
  // stderr, for progress notices (waiting for a lock, retries).
  std::ostream& notices() { return err_; }

  // Styles for stdout text; plain when stdout gets no colour.
  std::string bold(std::string_view text) const;
  std::string dim(std::string_view text) const;
  std::string green(std::string_view text) const;
  std::string yellow(std::string_view text) const;
  std::string red(std::string_view text) const;
  std::string cyan(std::string_view text) const;

  // stderr: "retort: error: WHAT" (WHAT is Error::describe(), naming the file
  // and line), the database's error code where there is one ("[SQLSTATE 42601]",
  // "[SQLite error 1]"), then "retort: hint: ..." with
  // what to do, then the failing statement, if any.
  void error(const Error& error);
  // stderr: "retort: warning: TEXT".
  void warning(std::string_view text);
  // stderr: "retort: note: TEXT", something done without being asked.
  void note(std::string_view text);

  bool out_colour() const { return out_colour_; }
  // True when stdout is a terminal (whatever NO_COLOR says): a line may be
  // redrawn in place there (the fleet's live progress line).
  bool out_terminal() const { return out_terminal_; }

 private:
  std::string style(std::string_view code, std::string_view text, bool enabled) const;

  std::ostream& out_;
  std::ostream& err_;
  bool out_colour_;
  bool err_colour_;
  bool out_terminal_;
};

// True when NO_COLOR is unset (or empty) and `stream` is a terminal.
bool colour_wanted(std::FILE* stream);

}  // namespace retort::cli
