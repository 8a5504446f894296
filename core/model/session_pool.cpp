// SessionPool: checkout, return, rollback-on-return and replacing lost
// connections (session_pool.hpp).
#include "core/model/session_pool.hpp"

#include <fmt/format.h>

namespace retort {
namespace {

std::unique_ptr<Session> connect_session(const SessionPool::Connect& connect) {
  return std::make_unique<Session>(connect());
}

}  // namespace

PooledSession& PooledSession::operator=(PooledSession&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = std::exchange(other.pool_, nullptr);
    session_ = std::move(other.session_);
  }
  return *this;
}

void PooledSession::release() noexcept {
  if (session_ != nullptr && pool_ != nullptr) pool_->give_back(std::move(session_));
  session_.reset();
  pool_ = nullptr;
}

SessionPool::SessionPool(PoolOptions options, Connect connect)
    : options_(std::move(options)), connect_(std::move(connect)) {
  if (options_.size == 0) {
    throw DatabaseError(Error::bad_input("a SessionPool of size 0 can hand out no session",
                                         "give PoolOptions::size 1 or more"));
  }
  if (!connect_) {
    throw DatabaseError(Error::bad_input("a SessionPool needs a function that connects",
                                         "pass one: [url] { return retort::connect(url); }"));
  }
  idle_.reserve(options_.size);
  for (std::size_t i = 0; i < options_.size; ++i) idle_.push_back(connect_session(connect_));
}

SessionPool::~SessionPool() = default;

PooledSession SessionPool::checkout() {
  std::optional<PooledSession> s = take(options_.checkout_timeout);
  if (!s) {
    throw PoolTimeoutError(Error::database(
        fmt::format("no session of the pool ({} sessions) was returned within {} ms", options_.size,
                    options_.checkout_timeout->count()),
        "return sessions sooner (keep each PooledSession's scope short), make the "
        "pool larger, or wait longer (PoolOptions::checkout_timeout)"));
  }
  return std::move(*s);
}

std::optional<PooledSession> SessionPool::try_checkout(std::chrono::milliseconds timeout) {
  return take(timeout);
}

std::optional<PooledSession> SessionPool::take(std::optional<std::chrono::milliseconds> timeout) {
  std::unique_ptr<Session> session;
  StatementHook hook;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto ready = [this] { return !idle_.empty(); };
    if (!timeout) {
      returned_.wait(lock, ready);
    } else if (!returned_.wait_for(lock, *timeout, ready)) {
      return std::nullopt;
    }
    session = std::move(idle_.back());
    idle_.pop_back();
    hook = options_.statement_hook;
  }
  if (session == nullptr) {  // lost earlier: connect again, outside the lock
    try {
      session = connect_session(connect_);
    } catch (...) {
      give_back(nullptr);
      throw;
    }
  }
  session->set_statement_hook(std::move(hook));
  return PooledSession(this, std::move(session));
}

void SessionPool::give_back(std::unique_ptr<Session> session) noexcept {
  bool closed = false;
  if (session != nullptr) {
    // The rollback runs with the hook still set, so the log shows it.
    bool usable = !session->connection_lost();
    if (usable && session->connection().in_transaction()) {
      usable = session->connection().rollback().ok() && !session->connection_lost();
    }
    if (usable) {
      session->set_statement_hook(nullptr);
    } else {
      session.reset();  // closed; the next checkout connects a new one
      closed = true;
    }
  }
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (closed) ++replaced_;
    idle_.push_back(std::move(session));
  }
  returned_.notify_one();
}

void SessionPool::set_statement_hook(StatementHook hook) {
  const std::lock_guard<std::mutex> lock(mutex_);
  options_.statement_hook = std::move(hook);
}

std::size_t SessionPool::available() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

std::size_t SessionPool::replaced() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return replaced_;
}

}  // namespace retort
