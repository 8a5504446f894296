#include "cli/internal/lint_output.hpp"

#include <fmt/format.h>

#include "cli/internal/common.hpp"

namespace retort::cli {

void print_lint_findings(Output& out, const migrations::LintReport& report) {
  for (const migrations::RevisionFinding& f : report.findings) {
    const std::string severity(severity_name(f.finding.severity));
    const std::string shown = f.acknowledged                               ? "acknowledged"
                              : f.finding.severity == LintSeverity::kError ? out.red(severity)
                                                                           : out.yellow(severity);
    out.line(fmt::format("{}:{}: {} [{}]{}", display_path(f.file), f.line, shown,
                         out.bold(f.finding.code), f.op.empty() ? "" : " " + f.op));
    out.line("  " + f.finding.message);
    out.line("  safe: " + f.finding.safe);
    if (f.acknowledged) out.line("  acknowledged: " + f.reason);
  }
}

std::size_t open_findings(const migrations::LintReport& report) {
  std::size_t open = 0;
  for (const migrations::RevisionFinding& f : report.findings) open += f.acknowledged ? 0 : 1;
  return open;
}

}  // namespace retort::cli
