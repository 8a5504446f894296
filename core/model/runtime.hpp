// retort: the model runtime in one include, for applications.
//
// Declaration (model.hpp), validation (validation.hpp), JSON in and out and
// JSON Schema (json.hpp), typed CRUD and queries (session.hpp), sessions
// for servers (session_pool.hpp), the statement log (statement_log.hpp),
// and create_all() for tests and prototypes (create_all.hpp).
//
// Example:
//   #include "core/model/runtime.hpp"
//   inline const auto heroes = retort::table<Hero>("hero", ...);
//   Hero h = retort::from_json(heroes, body);   // throws ValidationError
#pragma once

#include "core/model/create_all.hpp"
#include "core/model/derive.hpp"
#include "core/model/errors.hpp"
#include "core/model/extract.hpp"
#include "core/model/json.hpp"
#include "core/model/model.hpp"
#include "core/model/partial.hpp"
#include "core/model/relationship.hpp"
#include "core/model/session.hpp"
#include "core/model/session_pool.hpp"
#include "core/model/statement_log.hpp"
#include "core/model/validation.hpp"
