// Package logs is slsguard's log analysis: it reads CloudTrail and Lambda
// logs from files, directories and stdin, recognises each input's kind and
// compression, and runs the detection catalog of package detect over the
// CloudTrail records and the Lambda log parser of package lambdalog over
// the function logs, and reads Lambda's CloudWatch metrics for what never
// reaches the logs (throttles, metrics.go).
//
// Everything streams: inputs are never held whole in memory, so memory
// stays flat in the size of the input. A file that cannot be read becomes
// a Problem and the others are still analysed; malformed records are
// counted and sampled.
package logs

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/lambdalog"
	"github.com/slsguard/slsguard/internal/logs/sigma"
	"github.com/slsguard/slsguard/internal/model"
)

// Kind is the kind of log a file holds.
type Kind int

// Kinds; Auto recognises each file from its first bytes.
const (
	Auto Kind = iota
	CloudTrail
	Lambda
	// Metrics is CloudWatch metric stream JSON or get-metric-data output
	// (Lambda throttles, invocations, errors, durations).
	Metrics
	digest // CloudTrail digest files: integrity hashes, no events
)

// Options tune Analyze.
type Options struct {
	Kind   Kind
	Detect detect.Config
	// Sigma rules run over every CloudTrail record, beside the catalog.
	Sigma []*sigma.Rule
	// Workers parse CloudTrail blocks in parallel; 0 lets package
	// cloudtrail choose.
	Workers int
	// OnLambda and OnCloudTrail, when set, see every Lambda log event and
	// every CloudTrail record after the detections, for analyses that
	// join the logs with something else (the application model). They
	// must not keep the pointers: the values are reused.
	OnLambda     func(*lambdalog.Event)
	OnCloudTrail func(*cloudtrail.Record)
	// Details names further CloudTrail events whose requestParameters
	// OnCloudTrail reads.
	Details cloudtrail.Filter
}

// Result is what Analyze found.
type Result struct {
	Alerts []detect.Alert
	Files  int
	// Digests counts the CloudTrail digest files skipped.
	Digests int
	// CloudTrail records read, malformed, and a few malformed samples.
	Records   int
	Malformed int
	Samples   []string
	Lambda    LambdaSummary
	// Metrics counts the CloudWatch metric records read.
	Metrics  MetricStats
	Problems []finding.Problem
}

// LambdaSummary counts what the Lambda logs said.
type LambdaSummary struct {
	Messages  int
	Reports   int
	Timeouts  int
	OOM       int
	Crashes   int
	Malformed int
}

// StdinName is the path that means standard input.
const StdinName = "-"

// Analyze reads every path (files, directories walked recursively, or
// StdinName) and runs the analyses. The error is only for a path that does
// not exist at all; unreadable files become Problems.
func Analyze(paths []string, stdin io.Reader, opt Options) (*Result, error) {
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	a := &analysis{opt: opt, eng: detect.New(opt.Detect, detect.All()), res: &Result{}}
	if len(opt.Sigma) > 0 {
		a.sig = sigma.NewMatcher(opt.Sigma)
	}
	for _, f := range files {
		a.res.Files++
		if err := a.file(f, stdin); err != nil {
			a.res.Problems = append(a.res.Problems, finding.Problem{
				Loc: model.Location{File: f}, Message: err.Error(),
			})
		}
	}
	a.ms.replace(&a.ts)
	a.res.Alerts = append(a.eng.Alerts(), a.rt.alerts()...)
	a.res.Alerts = append(a.res.Alerts, a.ms.alerts()...)
	a.res.Alerts = append(a.res.Alerts, a.ts.alerts()...)
	a.res.Alerts = append(a.res.Alerts, a.pl.alerts()...)
	if a.sig != nil {
		a.res.Alerts = append(a.res.Alerts, a.sig.Alerts()...)
	}
	detect.SortAlerts(a.res.Alerts)
	if a.sig != nil {
		for id, msg := range a.sig.Errors() {
			a.res.Problems = append(a.res.Problems, finding.Problem{Message: "sigma rule " + id + ": " + msg})
		}
		sort.Slice(a.res.Problems, func(i, j int) bool { return a.res.Problems[i].Message < a.res.Problems[j].Message })
	}
	return a.res, nil
}

// expand turns paths into the files to read, directories walked in
// lexical order.
func expand(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == StdinName {
			out = append(out, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("logs: %w", err)
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", p, err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// analysis is the state of one Analyze call.
type analysis struct {
	opt Options
	eng *detect.Engine
	sig *sigma.Matcher
	rt  runtimeAlerts
	pl  payloadAlerts
	ts  seriesBuilder
	ms  metricSeries
	res *Result
}

func (a *analysis) file(path string, stdin io.Reader) error {
	opt, res := a.opt, a.res
	var src io.Reader = stdin
	name := "<stdin>"
	if path != StdinName {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		src, name = f, path
	}
	in, err := open(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	defer in.Close()
	kind := opt.Kind
	if kind == Auto {
		kind = sniff(in.head())
	}
	if kind == digest {
		res.Digests++
		return nil
	}
	if kind == Metrics {
		return a.metrics(in, name)
	}
	if kind == Lambda {
		st, err := lambdalog.Read(in, name, func(ev *lambdalog.Event) {
			res.Lambda.count(ev)
			a.rt.add(ev)
			a.pl.add(ev)
			a.ts.add(ev)
			if opt.OnLambda != nil {
				opt.OnLambda(ev)
			}
		})
		res.Lambda.Messages += st.Messages
		res.Lambda.Malformed += st.Malformed
		res.Samples = appendSamples(res.Samples, st.Samples...)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		return nil
	}
	copts := cloudtrail.Options{Workers: opt.Workers, Want: a.eng.Want}
	if opt.Details != nil {
		copts.Want = func(src, name string) bool { return a.eng.Want(src, name) || opt.Details(src, name) }
	}
	process := a.eng.Process
	if a.sig != nil {
		copts.KeepRaw = true
		process = func(r *cloudtrail.Record) {
			a.eng.Process(r)
			a.sig.Process(r)
		}
	}
	if hook := opt.OnCloudTrail; hook != nil {
		inner := process
		process = func(r *cloudtrail.Record) {
			inner(r)
			hook(r)
		}
	}
	st, err := cloudtrail.Read(in, name, copts, process)
	res.Records += st.Records
	res.Malformed += st.Malformed
	for _, m := range st.Samples {
		res.Samples = appendSamples(res.Samples, fmt.Sprintf("%s record %d (line %d): %s", m.Loc.File, m.Loc.Index, m.Loc.Line, m.Err))
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// metrics reads a metric stream file into the per-function series.
func (a *analysis) metrics(in *input, name string) error {
	st, err := readMetrics(in.Reader, name, a.ms.add)
	m := &a.res.Metrics
	m.Records, m.Skipped, m.Malformed = m.Records+st.Records, m.Skipped+st.Skipped, m.Malformed+st.Malformed
	m.Samples = appendSamples(m.Samples, st.Samples...)
	a.res.Samples = appendSamples(a.res.Samples, st.Samples...)
	return err
}

const maxSamples = 5

func appendSamples(dst []string, s ...string) []string {
	for _, x := range s {
		if len(dst) < maxSamples {
			dst = append(dst, x)
		}
	}
	return dst
}

func (s *LambdaSummary) count(ev *lambdalog.Event) {
	switch ev.Kind {
	case lambdalog.Report:
		s.Reports++
		if ev.TimedOut {
			s.Timeouts++
		}
	case lambdalog.Timeout:
		s.Timeouts++
	case lambdalog.OutOfMemory:
		s.OOM++
	case lambdalog.Crash:
		s.Crashes++
	}
}
