package compiler

import (
	"sync"
	"sync/atomic"
)

// equalsCacheLimit bounds the cache of node predicates: event types and
// node slugs come from references, and a long-running process must not
// keep every one it ever saw.
const equalsCacheLimit = 4096

// columnText is a column compared with a text value.
type columnText struct{ column, value string }

// equalsCache shares the Equals{Column, Text} predicates of node matches
// between plans: they are immutable, and building one boxes three values,
// which compile profiles showed as a tenth of a reference's allocations.
// Readers look in an immutable snapshot without locking; misses collect
// in a pending map merged into a new snapshot once it is as large as the
// old one, so filling the cache costs linear time.
type equalsCache struct {
	snapshot atomic.Pointer[map[columnText]Expr]
	mu       sync.Mutex
	pending  map[columnText]Expr // guarded by mu
}

var nodePredicates equalsCache

// get returns Equals{Column{column}, Text{value}}, shared when cached.
func (c *equalsCache) get(column, value string) Expr {
	k := columnText{column, value}
	snap := c.snapshot.Load()
	if snap != nil {
		if e, ok := (*snap)[k]; ok {
			return e
		}
		if len(*snap) >= equalsCacheLimit {
			return Equals{Column{column}, Text{value}}
		}
	}
	var e Expr = Equals{Column{column}, Text{value}}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending == nil {
		c.pending = make(map[columnText]Expr)
	}
	c.pending[k] = e
	old := 0
	if snap = c.snapshot.Load(); snap != nil {
		old = len(*snap)
	}
	if len(c.pending) < old && old+len(c.pending) < equalsCacheLimit {
		return e
	}
	next := make(map[columnText]Expr, old+len(c.pending))
	if snap != nil {
		for k, v := range *snap {
			next[k] = v
		}
	}
	for k, v := range c.pending {
		next[k] = v
	}
	c.pending = nil
	c.snapshot.Store(&next)
	return e
}
