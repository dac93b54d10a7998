// Package snapcache is a bounded memo for pure functions on the compile
// path, read without a lock.
//
// Compile profiles showed quoting the same few columns and values, and
// building the same node predicates, as a tenth of a reference's
// allocations each; a mutex's atomic adds showed in the same profiles.
// So readers look in an immutable snapshot, and misses collect in a
// pending map that is merged into a new snapshot once the pending entries
// and the lookups that found one there number as many as the snapshot's
// entries: filling the cache costs linear time, not a copy per entry,
// and keys too few to double the snapshot still reach it once they are
// asked for often, instead of being computed again on every lookup.
package snapcache

import (
	"sync"
	"sync/atomic"
)

// Cache remembers the results of one pure function of K, up to Limit
// entries. Its zero value is ready to use and safe for concurrent use.
type Cache[K comparable, V any] struct {
	// Limit bounds the entries kept: the keys come from schemas and
	// references, and a long-running process must not keep every one it
	// ever saw. Zero means DefaultLimit.
	Limit    int
	snapshot atomic.Pointer[map[K]V]
	mu       sync.Mutex
	pending  map[K]V // guarded by mu
	// pendingHits counts the lookups answered from pending since the
	// last merge, guarded by mu.
	pendingHits int
}

// DefaultLimit is the bound of a Cache whose Limit is zero.
const DefaultLimit = 4096

// Get returns compute(k), from the cache when it holds k.
func (c *Cache[K, V]) Get(k K, compute func(K) V) V {
	limit := c.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	snap := c.snapshot.Load()
	if snap != nil {
		if v, ok := (*snap)[k]; ok {
			return v
		}
		if len(*snap) >= limit {
			return compute(k)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.pending[k]
	if ok {
		c.pendingHits++
	} else {
		v = compute(k)
		if c.pending == nil {
			c.pending = make(map[K]V)
		}
		c.pending[k] = v
	}
	old := 0
	if snap = c.snapshot.Load(); snap != nil {
		old = len(*snap)
	}
	if len(c.pending)+c.pendingHits < old && old+len(c.pending) < limit {
		return v
	}
	next := make(map[K]V, old+len(c.pending))
	if snap != nil {
		for k, v := range *snap {
			next[k] = v
		}
	}
	for k, v := range c.pending {
		if len(next) >= limit {
			break
		}
		next[k] = v
	}
	c.pending, c.pendingHits = nil, 0
	c.snapshot.Store(&next)
	return v
}

// Len is the number of entries readers see without a lock.
func (c *Cache[K, V]) Len() int {
	if snap := c.snapshot.Load(); snap != nil {
		return len(*snap)
	}
	return 0
}
