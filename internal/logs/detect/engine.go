package detect

import (
	"sort"

	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
)

// Engine runs a set of detections over one record stream.
type Engine struct {
	cfg     *Config
	byName  map[string][]bound
	every   []bound
	details map[string]bool
	alerts  []Alert
}

type bound struct {
	det   *Detection
	check Check
}

// New prepares dets for one run.
func New(cfg Config, dets []*Detection) *Engine {
	e := &Engine{cfg: cfg.withDefaults(), byName: map[string][]bound{}, details: map[string]bool{}}
	for _, d := range dets {
		b := bound{d, d.New(e.cfg)}
		for _, n := range d.DetailsFor {
			e.details[n] = true
		}
		if len(d.Events) == 0 {
			e.every = append(e.every, b)
			continue
		}
		for _, n := range d.Events {
			e.byName[n] = append(e.byName[n], b)
			if d.Details {
				e.details[n] = true
			}
		}
	}
	return e
}

// Want is the cloudtrail.Filter for the engine's detections.
func (e *Engine) Want(_, name string) bool {
	return e.details[BaseName(name)]
}

// Process runs the checks concerned by r.
func (e *Engine) Process(r *cloudtrail.Record) {
	p := Pass{Rec: r, Name: BaseName(r.EventName), Config: e.cfg, out: &e.alerts}
	for _, b := range e.byName[p.Name] {
		p.det = b.det
		b.check(&p)
	}
	for _, b := range e.every {
		p.det = b.det
		b.check(&p)
	}
}

// Alerts returns the alerts raised so far, ordered by file, record and ID.
func (e *Engine) Alerts() []Alert {
	out := append([]Alert(nil), e.alerts...)
	SortAlerts(out)
	return out
}

// Drain returns the alerts raised since the previous Drain, in the order
// they were raised, and forgets them: streaming callers emit alerts as
// they happen and must not keep every alert of a long run.
func (e *Engine) Drain() []Alert {
	out := e.alerts
	e.alerts = nil
	return out
}

// SortAlerts orders alerts by the file and record of their last evidence,
// then by ID.
func SortAlerts(out []Alert) {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Evidence[len(out[i].Evidence)-1], out[j].Evidence[len(out[j].Evidence)-1]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Index != b.Index {
			return a.Index < b.Index
		}
		return out[i].ID < out[j].ID
	})
}

func stateless(c Check) func(*Config) Check {
	return func(*Config) Check { return c }
}
