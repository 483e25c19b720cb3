package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/load"
	"github.com/slsguard/slsguard/internal/logs"
	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/ops"
	"github.com/slsguard/slsguard/internal/logs/sigma"
	"github.com/slsguard/slsguard/internal/logs/sink"
	"github.com/slsguard/slsguard/internal/model"
)

type logsOptions struct {
	cloudtrail, lambda bool
	format             string
	ciPrincipals       []string
	failOn             string
	sigmaDir           string
	app                string
	deadAfter          string
	html               string
	webhook            string
	webhookFormat      string
}

func newLogsCmd(e *env) *cobra.Command {
	var o logsOptions
	cmd := &cobra.Command{
		Use:   "logs [PATH...]",
		Short: "Detect attacks and incidents in CloudTrail and Lambda logs",
		Long: "Reads CloudTrail (S3 delivery files, gzip or not, JSON arrays, NDJSON) and Lambda logs\n" +
			"(text, JSON log format, filter-log-events output, subscription payloads) from files,\n" +
			"directories and - (stdin), recognising each file's kind, and prints the alerts of the\n" +
			"detection catalog with a summary.",
		RunE: func(cmd *cobra.Command, args []string) error { return runLogs(e, o, args) },
	}
	f := cmd.Flags()
	f.BoolVar(&o.cloudtrail, "cloudtrail", false, "read every input as CloudTrail")
	f.BoolVar(&o.lambda, "lambda", false, "read every input as Lambda logs")
	f.StringVar(&o.format, "format", "text", "output format: text, jsonl or sarif")
	f.StringArrayVar(&o.ciPrincipals, "ci-principal", nil, "ARN of a CI/CD principal allowed to deploy (repeatable; a role matches its sessions; trailing * is a wildcard)")
	f.StringVar(&o.failOn, "fail-on", "high", "exit 1 when an alert at or above this severity is raised; 'none' never fails")
	f.StringVar(&o.sigmaDir, "sigma", "", "also run the Sigma rules for CloudTrail found in this directory")
	f.StringVar(&o.app, "app", "", "application (template or directory) to compare with the logs: timeouts, memory, dead functions, functions not in the code")
	f.StringVar(&o.deadAfter, "dead-after", "30d", "with --app: a function without invocations for this long is dead (e.g. 30d, 72h)")
	f.StringVar(&o.html, "html", "", "also write a per-function summary with charts to this HTML file")
	addWebhookFlags(f, &o.webhook, &o.webhookFormat)
	return cmd
}

func runLogs(e *env, o logsOptions, args []string) error {
	if o.cloudtrail && o.lambda {
		return usagef("--cloudtrail and --lambda exclude each other")
	}
	if o.format != "text" && o.format != "jsonl" && o.format != "sarif" {
		return usagef("unknown --format %q (want text, jsonl or sarif)", o.format)
	}
	failOn, err := parseFailOn(o.failOn)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		args = []string{logs.StdinName}
	}
	opt := logs.Options{Detect: detect.Config{CIPrincipals: o.ciPrincipals}}
	switch {
	case o.cloudtrail:
		opt.Kind = logs.CloudTrail
	case o.lambda:
		opt.Kind = logs.Lambda
	}
	if o.sigmaDir != "" {
		rules, problems, err := sigma.LoadDir(o.sigmaDir)
		if err != nil {
			return usagef("--sigma: %v", err)
		}
		// Rules that cannot be evaluated faithfully are not run: say so.
		for _, p := range problems {
			fmt.Fprintln(e.stderr, "slsguard: sigma rule not loaded:", p.Error())
		}
		fmt.Fprintf(e.stderr, "slsguard: %d sigma rules loaded, %d not loaded\n", len(rules), len(problems))
		opt.Sigma = rules
	}
	x, err := prepareExtras(e, o, &opt)
	if err != nil {
		return err
	}
	res, err := logs.Analyze(args, e.stdin, opt)
	if err != nil {
		return usagef("%v", err)
	}
	found, err := x.finish(e, res)
	if err != nil {
		return err
	}
	switch o.format {
	case "jsonl":
		err = writeAlertsJSONL(e.stdout, res)
	case "sarif":
		err = writeAlertsSARIF(e.stdout, res, found)
	default:
		err = writeAlertsText(e.stdout, res)
	}
	if err != nil {
		return err
	}
	if err := writeOpsFindings(e.stdout, o.format, found); err != nil {
		return err
	}
	for _, p := range res.Problems {
		fmt.Fprintln(e.stderr, "slsguard:", p.Error())
	}
	if reachesSeverity(res.Alerts, found, failOn) {
		return errFindings
	}
	return nil
}

// reachesSeverity says some alert or operational finding is at or above
// failOn.
func reachesSeverity(alerts []detect.Alert, found []finding.Finding, failOn finding.Severity) bool {
	for _, a := range alerts {
		if a.Severity >= failOn {
			return true
		}
	}
	for _, f := range found {
		if f.Severity >= failOn {
			return true
		}
	}
	return false
}

// logsExtras are the outputs beyond the alert report: operational findings
// against the application (--app), the HTML summary and the webhook.
type logsExtras struct {
	o         logsOptions
	deadAfter time.Duration
	apps      []*model.App
	stats     *ops.Stats
	hook      *sink.Webhook
}

func prepareExtras(e *env, o logsOptions, opt *logs.Options) (*logsExtras, error) {
	x := &logsExtras{o: o}
	var err error
	if x.deadAfter, err = parseDays(o.deadAfter); err != nil {
		return nil, usagef("--dead-after: %v", err)
	}
	if x.hook, err = newWebhook(o.webhook, o.webhookFormat); err != nil {
		return nil, usagef("%v", err)
	}
	if o.app != "" {
		lr, err := load.Load([]string{o.app}, load.Options{})
		if err != nil {
			return nil, usagef("--app: %v", err)
		}
		for _, p := range lr.Problems {
			fmt.Fprintln(e.stderr, "slsguard:", p.Error())
		}
		x.apps = lr.Apps
	}
	if o.app != "" || o.html != "" {
		x.stats = ops.NewStats()
		opt.OnLambda, opt.OnCloudTrail, opt.Details = x.stats.Add, x.stats.AddRecord, ops.Details
	}
	return x, nil
}

// finish writes the HTML summary, posts the alerts and returns the
// operational findings. A webhook that fails is reported, not fatal: the
// report on stdout is still complete.
func (x *logsExtras) finish(e *env, res *logs.Result) ([]finding.Finding, error) {
	if x.o.html != "" {
		if err := writeFileWith(x.o.html, func(w io.Writer) error { return ops.WriteHTML(w, x.stats) }); err != nil {
			return nil, err
		}
	}
	if x.hook != nil && len(res.Alerts) > 0 {
		if err := x.hook.Send(context.Background(), res.Alerts); err != nil {
			fmt.Fprintln(e.stderr, "slsguard:", err)
		}
	}
	if x.o.app == "" {
		return nil, nil
	}
	return ops.Findings(x.apps, x.stats, ops.Options{DeadAfter: x.deadAfter}), nil
}

func addWebhookFlags(f interface {
	StringVar(p *string, name, value, usage string)
}, url, format *string) {
	f.StringVar(url, "webhook", "", "also POST alerts to this URL (bounded retries and timeouts)")
	f.StringVar(format, "webhook-format", "json", "webhook body: json (generic) or slack (Slack-compatible text and blocks)")
}

// newWebhook is nil without a URL.
func newWebhook(url, format string) (*sink.Webhook, error) {
	if url == "" {
		return nil, nil
	}
	return sink.NewWebhook(url, format)
}

// parseDays reads a duration that may count days: "30d", "36h", "1d12h".
func parseDays(s string) (time.Duration, error) {
	days := time.Duration(0)
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 {
			return 0, fmt.Errorf("bad duration %q", s)
		}
		days, s = time.Duration(n)*24*time.Hour, s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("bad duration %q", s)
	}
	return days + d, nil
}

func writeFileWith(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// writeOpsFindings prints the operational findings of --app after the
// alerts; SARIF output has them among its results already.
func writeOpsFindings(w io.Writer, format string, fs []finding.Finding) error {
	switch format {
	case "jsonl":
		enc := json.NewEncoder(w)
		for _, f := range fs {
			if err := enc.Encode(f); err != nil {
				return err
			}
		}
		return nil
	case "sarif":
		return nil
	}
	if len(fs) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\n%d operational findings\n", len(fs))
	for _, f := range fs {
		fmt.Fprintf(w, "%s %-8s %s\n    %s\n", f.RuleID, f.Severity, f.Title, f.Message)
		if !f.Loc.IsZero() {
			fmt.Fprintf(w, "    at %s\n", f.Loc)
		}
	}
	return nil
}

func writeAlertsJSONL(w io.Writer, res *logs.Result) error {
	enc := json.NewEncoder(w)
	for _, a := range res.Alerts {
		if err := enc.Encode(a); err != nil {
			return err
		}
	}
	return nil
}

func writeAlertsText(w io.Writer, res *logs.Result) error {
	for _, a := range res.Alerts {
		writeAlertText(w, a)
	}
	fmt.Fprintf(w, "\n%d files (%d CloudTrail digests skipped), %d CloudTrail records (%d malformed), %d Lambda log messages (%d reports, %d timeouts, %d out-of-memory, %d crashes)\n",
		res.Files, res.Digests, res.Records, res.Malformed, res.Lambda.Messages, res.Lambda.Reports, res.Lambda.Timeouts, res.Lambda.OOM, res.Lambda.Crashes)
	if m := res.Metrics; m.Records+m.Malformed > 0 {
		fmt.Fprintf(w, "%d CloudWatch metric records (%d for other dimensions skipped, %d malformed)\n", m.Records, m.Skipped, m.Malformed)
	}
	for _, s := range res.Samples {
		fmt.Fprintf(w, "  malformed: %s\n", s)
	}
	byID := map[string]int{}
	for _, a := range res.Alerts {
		byID[a.ID]++
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	fmt.Fprintf(w, "%d alerts", len(res.Alerts))
	for _, id := range ids {
		fmt.Fprintf(w, " %s:%d", id, byID[id])
	}
	_, err := fmt.Fprintln(w)
	return err
}

func writeAlertText(w io.Writer, a detect.Alert) {
	fmt.Fprintf(w, "%s %-8s %s\n    %s\n", a.ID, a.Severity, a.Title, a.Message)
	for _, ev := range a.Evidence {
		loc := fmt.Sprintf("%s record %d", ev.File, ev.Index)
		if ev.Line > 0 {
			loc = fmt.Sprintf("%s:%d", ev.File, ev.Line)
		}
		fmt.Fprintf(w, "    %s %s by %s from %s (%s) at %s\n", ev.Time, ev.Event, ev.Principal, ev.SourceIP, ev.UserAgent, loc)
	}
}

// sarifLog is the small part of SARIF 2.1.0 that alerts need.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool struct {
		Driver struct {
			Name  string      `json:"name"`
			Rules []sarifRule `json:"rules"`
		} `json:"driver"`
	} `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifRule struct {
	ID               string            `json:"id"`
	ShortDescription sarifText         `json:"shortDescription"`
	FullDescription  *sarifText        `json:"fullDescription,omitempty"`
	Help             *sarifText        `json:"help,omitempty"`
	HelpURI          string            `json:"helpUri,omitempty"`
	Properties       map[string]string `json:"properties,omitempty"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID     string            `json:"ruleId"`
	Level      string            `json:"level"`
	Message    sarifText         `json:"message"`
	Locations  []sarifLocation   `json:"locations,omitempty"`
	Properties map[string]string `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region *struct {
			StartLine int `json:"startLine"`
		} `json:"region,omitempty"`
	} `json:"physicalLocation"`
}

func sarifLevel(s finding.Severity) string {
	switch {
	case s >= finding.High:
		return "error"
	case s == finding.Medium:
		return "warning"
	}
	return "note"
}

func writeAlertsSARIF(w io.Writer, res *logs.Result, found []finding.Finding) error {
	var run sarifRun
	run.Tool.Driver.Name = "slsguard"
	catalog := append(append(append(detect.All(), logs.LambdaDetections...), logs.AnomalyDetections...), ops.Checks...)
	known := map[string]bool{}
	for _, d := range catalog {
		known[d.ID] = true
		r := sarifRule{ID: d.ID, ShortDescription: sarifText{d.Title}, FullDescription: &sarifText{d.Rationale},
			Help: &sarifText{d.Remediation}, Properties: map[string]string{"security-severity": d.Severity.Score()}}
		if len(d.References) > 0 {
			r.HelpURI = d.References[0]
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, r)
	}
	run.Results = []sarifResult{}
	for _, a := range res.Alerts {
		if !known[a.ID] { // Sigma rules
			known[a.ID] = true
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: a.ID, ShortDescription: sarifText{a.Title}})
		}
		r := sarifResult{RuleID: a.ID, Level: sarifLevel(a.Severity), Message: sarifText{a.Message},
			Properties: map[string]string{"security-severity": a.Severity.Score()}}
		for _, ev := range a.Evidence {
			if ev.File == "" {
				continue
			}
			var l sarifLocation
			l.PhysicalLocation.ArtifactLocation.URI = ev.File
			if ev.Line > 0 {
				l.PhysicalLocation.Region = &struct {
					StartLine int `json:"startLine"`
				}{ev.Line}
			}
			r.Locations = append(r.Locations, l)
		}
		run.Results = append(run.Results, r)
	}
	for _, f := range found {
		r := sarifResult{RuleID: f.RuleID, Level: sarifLevel(f.Severity), Message: sarifText{f.Message},
			Properties: map[string]string{"security-severity": f.Severity.Score()}}
		if f.Loc.File != "" {
			var l sarifLocation
			l.PhysicalLocation.ArtifactLocation.URI = f.Loc.File
			if f.Loc.Line > 0 {
				l.PhysicalLocation.Region = &struct {
					StartLine int `json:"startLine"`
				}{f.Loc.Line}
			}
			r.Locations = append(r.Locations, l)
		}
		run.Results = append(run.Results, r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}
