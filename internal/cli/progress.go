package cli

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// newProgress returns a progress callback that rewrites one status line on
// a terminal, at most ten times a second.
func newProgress(w io.Writer) func(stage string, done, total int) {
	var mu sync.Mutex
	var last time.Time
	return func(stage string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if now := time.Now(); now.Sub(last) > 100*time.Millisecond || done == total {
			last = now
			fmt.Fprintf(w, "\r\x1b[K%s %d/%d", stage, done, total)
		}
	}
}
