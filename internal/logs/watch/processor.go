// Package watch runs slsguard's log detections continuously: a Processor
// takes chunks of CloudTrail or Lambda log data, or CloudWatch metric
// stream records, as they arrive (from a tailed directory, stdin, a
// Firehose delivery or a Lambda invocation) and returns the alerts they
// raise at once; hourly per-function series go to a state database so
// that anomaly baselines survive restarts.
package watch

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/slsguard/slsguard/internal/logs"
	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/lambdalog"
	"github.com/slsguard/slsguard/internal/logs/sigma"
	"github.com/slsguard/slsguard/internal/logs/store"
)

// Processor runs the detections over a stream of chunks. It is safe for
// concurrent use; chunks are processed one at a time, so that burst and
// session state stays consistent.
type Processor struct {
	mu    sync.Mutex
	eng   *detect.Engine
	sig   *sigma.Matcher
	state *store.Store
	kinds map[string]logs.Kind
	// open are the hours not yet written to the state, by function.
	open map[string]map[int64]*store.Hour
	// latest is the newest hour seen per function: an hour is complete,
	// and checked for anomalies, once a later one has been seen.
	latest map[string]int64
	// payload finds attack payloads in the functions' logged input.
	payload logs.PayloadWatch
	// throttle raises LOG108 and LOG109 from metric stream records. Their
	// invocations, errors and durations are not added to the hours of the
	// state: the logs already count those, and adding both would count
	// each invocation twice.
	throttle logs.ThrottleWatch
	alerts   []detect.Alert
}

// NewProcessor prepares the detections. state may be nil: anomaly
// detection is then off.
func NewProcessor(cfg detect.Config, state *store.Store) *Processor {
	return &Processor{
		eng: detect.New(cfg, detect.All()), state: state, kinds: map[string]logs.Kind{},
		open: map[string]map[int64]*store.Hour{}, latest: map[string]int64{},
	}
}

// SetSigma also runs Sigma rules over the CloudTrail records; call it
// before the first Feed.
func (p *Processor) SetSigma(rules []*sigma.Rule) {
	if len(rules) > 0 {
		p.sig = sigma.NewMatcher(rules)
	}
}

// maxChunk bounds one decompressed chunk, against gzip bombs.
const maxChunk = 256 << 20

// Feed processes data, complete lines or documents read from source name
// (gzip or not), and returns the alerts it raised. The kind of a source
// is recognised from its first chunk and kept.
func (p *Processor) Feed(name string, data []byte) ([]detect.Alert, error) {
	return p.feed(name, data, true)
}

// FeedRecord is Feed for a self-contained record (a Firehose record, a
// Lambda invocation's payload): its kind is recognised from its own
// content, and nothing is remembered about its name.
func (p *Processor) FeedRecord(name string, data []byte) ([]detect.Alert, error) {
	return p.feed(name, data, false)
}

func (p *Processor) feed(name string, data []byte, remember bool) ([]detect.Alert, error) {
	if len(data) > 1 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		data, err = io.ReadAll(io.LimitReader(zr, maxChunk+1))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if len(data) > maxChunk {
			return nil, fmt.Errorf("read %s: more than %d MB decompressed", name, maxChunk>>20)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	kind, ok := p.kinds[name]
	if !ok {
		kind = logs.Sniff(data[:min(len(data), 64<<10)])
		if remember {
			p.kinds[name] = kind
		}
	}
	var err error
	switch kind {
	case logs.CloudTrail:
		err = p.cloudTrail(name, data)
	case logs.Lambda:
		_, err = lambdalog.Read(bytes.NewReader(data), name, p.lambda)
	case logs.Metrics:
		_, err = logs.ReadMetrics(bytes.NewReader(data), name, func(r *logs.MetricRecord) {
			p.alerts = append(p.alerts, p.throttle.Add(r)...)
		})
	default:
		return nil, nil // digest files hold no events
	}
	if ferr := p.flush(); ferr != nil && err == nil {
		err = ferr
	}
	out := p.alerts
	p.alerts = nil
	if err != nil {
		return out, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

func (p *Processor) cloudTrail(name string, data []byte) error {
	opt := cloudtrail.Options{Workers: 1, Want: p.eng.Want}
	process := p.eng.Process
	if p.sig != nil {
		opt.KeepRaw = true
		process = func(r *cloudtrail.Record) {
			p.eng.Process(r)
			p.sig.Process(r)
		}
	}
	_, err := cloudtrail.Read(bytes.NewReader(data), name, opt, process)
	p.alerts = append(p.alerts, p.eng.Drain()...)
	if p.sig != nil {
		p.alerts = append(p.alerts, p.sig.Drain()...)
	}
	return err
}

// lambda raises the failure alerts of one event at once and counts it in
// its function's hour.
func (p *Processor) lambda(ev *lambdalog.Event) {
	fn := ev.Function
	if fn == "" {
		fn = ev.Loc.File
	}
	if a, ok := p.payload.Add(ev); ok {
		p.alerts = append(p.alerts, a)
	}
	if d := failure(ev); d != nil {
		e := detect.Evidence{Event: ev.Kind.String(), Principal: fn, File: ev.Loc.File, Index: ev.Loc.Index,
			Line: ev.Loc.Line, Source: ev.RequestID}
		if ev.Timestamp > 0 {
			e.Time = time.UnixMilli(ev.Timestamp).UTC().Format(time.RFC3339Nano)
		}
		p.alerts = append(p.alerts, detect.Alert{ID: d.ID, Title: d.Title, Severity: d.Severity,
			Message: fmt.Sprintf("%s: %s (request %s)", fn, ev.Kind, ev.RequestID), Evidence: []detect.Evidence{e}})
	}
	if p.state == nil || ev.Timestamp <= 0 {
		return
	}
	h := ev.Timestamp / int64(time.Hour/time.Millisecond)
	hours := p.open[fn]
	if hours == nil {
		hours = map[int64]*store.Hour{}
		p.open[fn] = hours
	}
	x := hours[h]
	if x == nil {
		x = &store.Hour{Function: fn, Hour: h}
		hours[h] = x
	}
	switch ev.Kind {
	case lambdalog.Report:
		x.Invocations++
		x.DurationSum += ev.DurationMs
		if ev.TimedOut || ev.OOM {
			x.Errors++
		}
	case lambdalog.Timeout, lambdalog.OutOfMemory, lambdalog.Crash:
		x.Errors++
	}
}

// failure is the Lambda detection an event raises, if any. A REPORT line
// of a timed-out invocation follows its "Task timed out" line, which has
// already raised the alert.
func failure(ev *lambdalog.Event) *detect.Detection {
	switch ev.Kind {
	case lambdalog.Timeout:
		return logs.LambdaDetections[0]
	case lambdalog.OutOfMemory:
		return logs.LambdaDetections[1]
	case lambdalog.Crash:
		return logs.LambdaDetections[2]
	}
	return nil
}
