#include "cli/internal/exit_codes.hpp"

namespace retort::cli {

int exit_code(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadInput:
      return kExitBadInput;
    case ErrorCode::kDatabase:
      return kExitDatabase;
    case ErrorCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace retort::cli
