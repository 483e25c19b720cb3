package detect

import (
	"strings"
	"time"

	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
)

// maxTrackedPrincipals bounds the per-principal state of burst
// detections; the oldest window is dropped when it is exceeded.
const maxTrackedPrincipals = 1 << 16

// burst counts distinct keys seen for one principal within a window that
// starts at the first of them.
type burst struct {
	start    time.Time
	keys     map[string]struct{}
	calls    int
	first    Evidence
	reported bool
}

// bursts is the state of one burst detection.
type bursts struct {
	window time.Duration
	by     map[string]*burst
}

func newBursts(window time.Duration) *bursts {
	return &bursts{window: window, by: map[string]*burst{}}
}

// add records key for the record's principal and returns the principal's
// burst. A record without a readable time counts in the current window.
func (b *bursts) add(r *cloudtrail.Record, key string) *burst {
	who := principal(r)
	t := eventTime(r)
	s := b.by[who]
	if s != nil && !t.IsZero() && !s.start.IsZero() && absDur(t.Sub(s.start)) > b.window {
		s = nil
	}
	if s == nil {
		if len(b.by) >= maxTrackedPrincipals {
			b.evict(t)
		}
		s = &burst{start: t, keys: map[string]struct{}{}, first: EvidenceOf(r)}
		b.by[strings.Clone(who)] = s
	}
	s.calls++
	if _, ok := s.keys[key]; !ok {
		s.keys[strings.Clone(key)] = struct{}{}
	}
	return s
}

// evict drops the windows that are over at t, or all of them if none is.
func (b *bursts) evict(t time.Time) {
	n := len(b.by)
	for k, s := range b.by {
		if t.IsZero() || absDur(t.Sub(s.start)) > b.window {
			delete(b.by, k)
		}
	}
	if len(b.by) == n {
		clear(b.by)
	}
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func eventTime(r *cloudtrail.Record) time.Time {
	t, err := time.Parse(time.RFC3339, r.EventTime)
	if err != nil {
		return time.Time{}
	}
	return t
}
