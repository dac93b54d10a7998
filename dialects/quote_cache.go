package dialects

import (
	"sync"
	"sync/atomic"
)

// quoteCacheLimit bounds a quote cache: identifiers and values come from
// the schema and the references, and a long-running process must not
// keep every one it ever saw.
const quoteCacheLimit = 4096

// quoteCache remembers a pure quoting function's results. Compile
// profiles showed quoting the same few columns and values as a tenth of
// a single reference's allocations. Readers look in an immutable
// snapshot without locking (a lock's atomic adds showed in profiles
// too); misses collect in a pending map that is merged into a new
// snapshot once it is as large as the old one, so filling the cache
// costs linear time, not a copy per entry.
type quoteCache struct {
	snapshot atomic.Pointer[map[string]string]
	mu       sync.Mutex
	pending  map[string]string // guarded by mu
}

// get returns quote(s), from the cache when it holds s.
func (c *quoteCache) get(s string, quote func(string) string) string {
	snap := c.snapshot.Load()
	if snap != nil {
		if q, ok := (*snap)[s]; ok {
			return q
		}
		if len(*snap) >= quoteCacheLimit {
			return quote(s)
		}
	}
	q := quote(s)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending == nil {
		c.pending = make(map[string]string)
	}
	c.pending[s] = q
	snap = c.snapshot.Load()
	old := 0
	if snap != nil {
		old = len(*snap)
	}
	if len(c.pending) < old && old+len(c.pending) < quoteCacheLimit {
		return q
	}
	next := make(map[string]string, old+len(c.pending))
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
	return q
}
