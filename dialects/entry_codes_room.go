package dialects

// codeRoom is where entryCodes sorts a plan's anchor values and keeps
// their literals. A pooled renderer keeps it between statements, so a
// reference's entry codes take no allocation once it has grown; the
// literals of each plan follow the last plan's, so that an entryCode
// stays whole while its renderer lives.
type codeRoom struct {
	uses     codeUses
	literals []string
}

// codeRoom returns the renderer's codeRoom.
func (r *renderer) codeRoom() *codeRoom {
	if r.entryRoom == nil {
		r.entryRoom = new(codeRoom)
	}
	return r.entryRoom
}

// clear drops what the room holds, keeping its room.
func (c *codeRoom) clear() {
	c.uses = codeUses{
		anchored: c.uses.anchored[:0],
		tested:   clearSlice(c.uses.tested),
		other:    c.uses.other[:0],
	}
	c.literals = clearSlice(c.literals)
}

// clearSlice zeroes s up to its capacity and returns it empty.
func clearSlice[T any](s []T) []T {
	clear(s[:cap(s)])
	return s[:0]
}
