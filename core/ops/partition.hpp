// retort internals: what attaching and detaching a partition does to a
// table held in memory (PostgreSQL declarative partitioning). The
// attach_partition/detach_partition op kinds apply them, and the comparator
// compares a table that changes sides against them.
//
// In the canonical form a partition carries no columns and no primary key,
// and none of the indexes, unique keys, foreign keys or checks it has from
// its parent: those are the parent's (PostgreSQL creates them on every
// partition). It carries only what is its own.
#pragma once

#include "core/schema.hpp"

namespace retort::detail {

// The chain of tables `table` is a partition of, nearest first (its parent,
// the parent's parent...), as far as `schema` holds them.
std::vector<const Table*> partition_ancestors(const Table& table, const MetaData& schema);

// `partition` as the table of its own it becomes on DETACH PARTITION: the
// root's columns and primary key, and the indexes, unique keys, foreign keys
// and checks of its ancestors, named as PostgreSQL names the copies it made
// on the partition (<table>_pkey, <table>_<columns>_idx, <table>_<columns>_key;
// foreign keys and checks keep their names). A partition that was attached
// rather than created keeps the names its objects had, which this cannot
// know: the next comparison shows them.
Table detached_partition(const Table& partition, const MetaData& schema);

// `table` as it is once attached to `parent` with `bound`: its columns,
// primary key and the objects that match one of the parent chain's (which
// PostgreSQL attaches to them) are no longer its own.
Table attached_partition(const Table& table, const MetaData& schema,
                         const std::string& parent_schema, const std::string& parent,
                         const std::string& bound);

// Drops from `schema` the partitions of table (schema_name, name), and
// theirs: PostgreSQL drops them with their table.
void forget_partitions(MetaData& schema, const std::string& schema_name, const std::string& name);

// True when `table` is a partition whose parent `schema` no longer holds:
// dropped with it, so dropping it again changes nothing.
bool dropped_with_parent(const Table& table, const MetaData& schema);

}  // namespace retort::detail
