package iam

import (
	"math/bits"
	"strings"
	"sync"
)

// actionSet is a set of catalog actions, one bit per action index.
type actionSet []uint64

func newActionSet() actionSet { return make(actionSet, (len(cat().actions)+63)/64) }

func (s actionSet) add(i int32)      { s[i/64] |= 1 << (uint(i) % 64) }
func (s actionSet) has(i int32) bool { return s[i/64]&(1<<(uint(i)%64)) != 0 }
func (s actionSet) union(o actionSet) {
	for i := range s {
		s[i] |= o[i]
	}
}
func (s actionSet) complement(n int) {
	for i := range s {
		s[i] = ^s[i]
	}
	if r := n % 64; r != 0 {
		s[len(s)-1] &= 1<<uint(r) - 1
	}
}

// each calls f for every action index in the set, in catalog order.
func (s actionSet) each(f func(int32)) {
	for w, word := range s {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			f(int32(w*64 + b))
			word &= word - 1
		}
	}
}

func (s actionSet) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// Policies repeat the same few patterns ("logs:*", "s3:GetObject") across
// hundreds of roles, so expansions are cached. The cache is bounded because
// patterns come from user input.
const maxExpandCache = 8192

var expandCache struct {
	sync.RWMutex
	m map[string]actionSet
}

// expandSet returns the set of catalog actions a pattern matches. The
// result is shared: callers must not modify it.
func expandSet(pattern string) actionSet {
	low := strings.ToLower(strings.TrimSpace(pattern))
	expandCache.RLock()
	s, ok := expandCache.m[low]
	expandCache.RUnlock()
	if ok {
		return s
	}
	s = computeExpand(low)
	expandCache.Lock()
	if expandCache.m == nil {
		expandCache.m = map[string]actionSet{}
	}
	if len(expandCache.m) < maxExpandCache {
		expandCache.m[low] = s
	}
	expandCache.Unlock()
	return s
}

func computeExpand(low string) actionSet {
	c := cat()
	s := newActionSet()
	if low == "*" {
		s.complement(len(c.actions))
		return s
	}
	first, end := int32(0), int32(len(c.actions))
	if prefix, _, ok := strings.Cut(low, ":"); ok && !strings.ContainsAny(prefix, "*?") {
		si, known := c.byPrefix[prefix]
		if !known {
			return s
		}
		first, end = c.services[si].first, c.services[si].end
	}
	if !strings.ContainsAny(low, "*?") {
		if i, ok := c.byName[low]; ok {
			s.add(i)
		}
		return s
	}
	for i := first; i < end; i++ {
		if globFold(low, c.lower[i]) {
			s.add(i)
		}
	}
	return s
}

// Expand returns the catalog actions a policy's action pattern matches, as
// IAM matches them: case-insensitively, * for any run of characters and ?
// for one ("s3:Get*", "s3:*", "*", "s3:?etObject"), in catalog order
// (service prefix, then action name). Unknown actions expand to nothing.
func Expand(pattern string) []Action {
	c := cat()
	set := expandSet(pattern)
	out := make([]Action, 0, set.count())
	set.each(func(i int32) { out = append(out, c.actions[i]) })
	return out
}
