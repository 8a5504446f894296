// retort: SessionPool, Sessions for servers: N connections shared by
// threads, each checked out by one thread at a time.
//
// A pool holds up to `size` Sessions, each on its own connection made by
// the `connect` function it was given (core/ sits below the dialects, so
// the caller names how to connect: [url] { return retort::connect(url); }).
// checkout() hands one out as a PooledSession, which returns it when
// destroyed (RAII). While every session is out, checkout() waits, for at
// most `checkout_timeout` when one is set, then throws PoolTimeoutError.
//
// On return: a transaction still open is rolled back (a handler that threw
// before commit() leaves nothing behind); a session whose connection was
// lost (Session::connection_lost()) or whose rollback failed is closed,
// and the next checkout connects a new one in its place. The statement
// hook is the pool's again at the next checkout.
//
// Threads: a SessionPool is thread-safe; checkout() and returns may come
// from any threads at once. A PooledSession, and the Session it holds, is
// used by one thread at a time (it may be moved to another thread). The
// pool's statement hook runs on each thread that holds a session, so it
// must be safe to call concurrently (echo_to() is).
// REQUIRES: every PooledSession is destroyed before its pool, and no
// Session::Transaction outlives the PooledSession it was begun on.
//
// SQLite: each session is its own connection to the file. They share the
// database through SQLite's file locks: one writer at a time, a writer
// waiting up to the connection's busy timeout (30 s) for the lock (Session
// ::begin() takes it at once, BEGIN IMMEDIATE). In the default rollback
// journal a writer also blocks readers while it commits; WAL
// (PRAGMA journal_mode = WAL, kept in the file once set) lets readers go
// on beside one writer. An in-memory URL (sqlite://) gives every session
// a database of its own: a pool of more than one needs a file.
//
// Example:
//   retort::SessionPool pool({.size = 8, .checkout_timeout = std::chrono::seconds(2)},
//                            [url] { return retort::connect(url); });
//   // in any thread, per request:
//   retort::PooledSession s = pool.checkout();
//   s->add(hero);
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "core/model/errors.hpp"
#include "core/model/session.hpp"
#include "core/model/statement_log.hpp"

namespace retort {

struct PoolOptions {
  std::size_t size = 4;  // at least 1
  // How long checkout() waits for a free session; nullopt: as long as it
  // takes.
  std::optional<std::chrono::milliseconds> checkout_timeout{};
  // Set on each session at checkout (statement_log.hpp).
  StatementHook statement_hook{};
};

class SessionPool;

// A checked-out Session; returns it to its pool when destroyed or when
// release() is called. Movable, not copyable.
class PooledSession {
 public:
  PooledSession(PooledSession&& other) noexcept
      : pool_(std::exchange(other.pool_, nullptr)), session_(std::move(other.session_)) {}
  PooledSession& operator=(PooledSession&& other) noexcept;
  PooledSession(const PooledSession&) = delete;
  PooledSession& operator=(const PooledSession&) = delete;
  ~PooledSession() { release(); }

  Session& operator*() const { return *session_; }
  Session* operator->() const { return session_.get(); }
  // Returns the session to the pool now; the handle is then empty.
  void release() noexcept;
  explicit operator bool() const { return session_ != nullptr; }

 private:
  friend class SessionPool;
  PooledSession(SessionPool* pool, std::unique_ptr<Session> session)
      : pool_(pool), session_(std::move(session)) {}
  SessionPool* pool_;
  std::unique_ptr<Session> session_;
};

class SessionPool {
 public:
  using Connect = std::function<Result<std::unique_ptr<Connection>>()>;

  // Connects every session now, so a wrong URL or password fails here
  // (DatabaseError, with the connect error). Throws DatabaseError
  // (kBadInput) for a size of 0 or no connect function.
  SessionPool(PoolOptions options, Connect connect);
  ~SessionPool();
  SessionPool(const SessionPool&) = delete;
  SessionPool& operator=(const SessionPool&) = delete;

  // A free session, waiting while all are out (at most checkout_timeout,
  // then PoolTimeoutError). A session lost earlier is connected again
  // here (DatabaseError when that fails; the slot stays free to retry).
  PooledSession checkout();
  // As checkout() but waits at most `timeout`; nullopt when none was free.
  std::optional<PooledSession> try_checkout(std::chrono::milliseconds timeout);

  // The hook set on each session from its next checkout on.
  void set_statement_hook(StatementHook hook);

  std::size_t size() const { return options_.size; }
  // Sessions not checked out now (a snapshot).
  std::size_t available() const;
  // Sessions closed on return because their connection was lost or could
  // not roll back (each is connected again at a later checkout).
  std::size_t replaced() const;

 private:
  friend class PooledSession;
  std::optional<PooledSession> take(std::optional<std::chrono::milliseconds> timeout);
  void give_back(std::unique_ptr<Session> session) noexcept;

  PoolOptions options_;
  Connect connect_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Session>> idle_;  // null: a slot to connect again
  std::size_t replaced_ = 0;
};

}  // namespace retort
