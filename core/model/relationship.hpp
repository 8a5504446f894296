// retort: relationships between models, declared once where the compiler
// sees them.
//
// A relationship says that the child model C holds a foreign key to the
// parent model P, and in which member(s). It is declared once, next to the
// models, as an explicit specialisation at global scope; one declaration
// serves both directions (SQLModel's Relationship() with back_populates):
//
//   template <>
//   struct retort::relationship<Hero, Team> : retort::by<&Hero::team_id> {};
//
// Session::related<C>(p) and parent<P>(c) need relationship<C, P>; the
// many-to-many calls through a link model L need relationship<L, A> and
// relationship<L, B>, each by one member. A pair with none, the wrong way
// round, members of another model, or a call that does not say which of
// several members to follow, is a compile error (one static_assert). The
// key itself stays the column's .foreign_key(...) declaration, a run-time
// value: a listed member that is not a foreign key to P is a
// DeclarationError at the call (session_related.cpp).
//
// Why a second declaration: C++20 has no reflection, and the models are
// values built at run time, so the compiler cannot see which pairs a
// foreign key joins. The relationship is the type-level half, as a
// Relationship attribute is in SQLModel.
#pragma once

#include <cstddef>
#include <type_traits>

namespace retort {

// Not specialised: no relationship between Child and Parent.
template <class Child, class Parent>
struct relationship {
  static constexpr bool declared = false;
};

namespace detail {

template <class T>
struct member_owner {
  using type = void;
};
template <class M, class C>
struct member_owner<M C::*> {
  using type = C;
};

}  // namespace detail

// The members of the child that hold the foreign key to the parent; the
// first is the one a call follows when the pair has one.
template <auto First, auto... Rest>
struct by {
  static_assert(std::is_member_object_pointer_v<decltype(First)> &&
                    (std::is_member_object_pointer_v<decltype(Rest)> && ...),
                "retort: by<...>: list data members of the child model (&Child::parent_id)");
  using child = typename detail::member_owner<decltype(First)>::type;
  static_assert((std::is_same_v<child, typename detail::member_owner<decltype(Rest)>::type> && ...),
                "retort: by<...>: the members are all of one model, the child");
  static constexpr bool declared = true;
  static constexpr std::size_t count = 1 + sizeof...(Rest);
  static constexpr auto first = First;
};

namespace detail {

// Whether relationship<C, P> is declared by C's members, as a value so that
// a caller's single static_assert gives the one error.
template <class C, class P>
consteval bool relationship_declared() {
  using R = relationship<C, P>;
  if constexpr (!R::declared) {
    return false;
  } else {
    return std::is_same_v<typename R::child, C>;
  }
}

template <class C, class P>
consteval std::size_t relationship_members() {
  if constexpr (relationship_declared<C, P>()) {
    return relationship<C, P>::count;
  } else {
    return 1;  // the missing declaration is the error reported
  }
}

}  // namespace detail
}  // namespace retort
