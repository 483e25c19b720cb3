package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/slsguard/slsguard/internal/config"
	"github.com/slsguard/slsguard/internal/deps"
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/report"
	"github.com/slsguard/slsguard/internal/scan"
)

type scanFlags struct {
	formats    []string
	output     string
	severity   string
	failOn     string
	rules      []string
	skipRules  []string
	params     []string
	paramsFile string
	region     string
	regions    []string
	skip       []string
	noIgnore   bool
	quiet      bool
	config     string
	db         string
	baseline   string
	writeBase  string
	offline    bool
	online     bool
	dbMaxAge   time.Duration
	npmReg     string
}

func newScanCmd(e *env) *cobra.Command {
	var fl scanFlags
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Find security problems in serverless applications (SAM, CloudFormation, CDK, Serverless Framework, Terraform)",
		Long: "scan discovers every AWS SAM, CloudFormation (CDK output included), Serverless Framework and Terraform application under the given paths (default .), " +
			"builds one model of each application and reports configuration and permission problems with " +
			"their location, why they matter and how to fix them.\n\n" +
			"Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 for usage errors or when " +
			"no application could be loaded.",
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(fl.config, args)
			if err != nil {
				return usageError{err}
			}
			fl.applyConfig(cmd, cfg)
			return runScan(e, fl, cfg, args)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&fl.formats, "format", "f", []string{"table"}, "output format: table, json, sarif; FORMAT=FILE writes that format to FILE (repeatable)")
	f.StringVarP(&fl.output, "output", "o", "", "write the report to this file instead of standard output")
	f.StringVar(&fl.severity, "severity", "info", "show findings at or above this severity (info, low, medium, high, critical)")
	f.StringVar(&fl.failOn, "fail-on", "high", "exit 1 when a finding at or above this severity is reported; 'none' never fails")
	f.StringSliceVar(&fl.rules, "rule", nil, "run only these rules (IDs, repeatable or comma-separated)")
	f.StringSliceVar(&fl.skipRules, "skip-rule", nil, "do not run these rules")
	f.StringArrayVar(&fl.params, "param", nil, "template parameter value, Key=Value (repeatable)")
	f.StringVar(&fl.paramsFile, "params-file", "", "file of template parameter values: Key=Value lines, or a CloudFormation parameters JSON file")
	f.StringVar(&fl.region, "region", "", "the region the templates are deployed to (fills AWS::Region)")
	f.StringSliceVar(&fl.regions, "regions", nil, "the regions the team intends to use; resources elsewhere are reported")
	f.StringSliceVar(&fl.skip, "skip", nil, "paths or globs to leave out of discovery")
	f.BoolVar(&fl.noIgnore, "no-ignore", false, "report suppressed findings as active")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "print nothing but the report")
	f.StringVar(&fl.db, "db", "", "vulnerability database directory (default: the user cache, see slsguard db)")
	f.BoolVar(&fl.offline, "offline", false, "guarantee that nothing is fetched from the network (refuses --online)")
	f.BoolVar(&fl.online, "online", false, "ask package registries too (DEP004: deprecated npm packages)")
	f.DurationVar(&fl.dbMaxAge, "db-max-age", defaultDBMaxAge, "note when the vulnerability database is older than this (0 disables)")
	f.StringVar(&fl.npmReg, "npm-registry", deps.DefaultNPMRegistry, "npm registry asked with --online")
	f.StringVar(&fl.config, "config", "", "configuration file (default: .slsguard.yaml in the scanned directory or a parent)")
	f.StringVar(&fl.baseline, "baseline", "", "report only findings that are not in this baseline file")
	f.StringVar(&fl.writeBase, "write-baseline", "", "write the active findings to this baseline file")
	return cmd
}

func runScan(e *env, fl scanFlags, cfg *config.Config, paths []string) error {
	minSev, err := finding.ParseSeverity(fl.severity)
	if err != nil {
		return usageError{fmt.Errorf("--severity: %w", err)}
	}
	failOn, err := parseFailOn(fl.failOn)
	if err != nil {
		return err
	}
	outputs, err := parseFormats(fl.formats, fl.output)
	if err != nil {
		return err
	}
	params, err := parseParams(fl.params, fl.paramsFile)
	if err != nil {
		return err
	}
	opts := scan.Options{
		Paths: paths, Params: params, Region: fl.region, Regions: fl.regions,
		Rules: fl.rules, SkipRules: fl.skipRules, Skip: fl.skip, NoIgnore: fl.noIgnore,
	}
	if err := withConfig(&opts, cfg, fl.baseline); err != nil {
		return usageError{err}
	}
	dbNote, err := openScanDB(fl, &opts)
	if err != nil {
		return err
	}
	if !fl.quiet && isTerminal(e.stderr) {
		opts.Progress = newProgress(e.stderr)
	}
	res, err := scan.Run(opts)
	if opts.Progress != nil {
		fmt.Fprint(e.stderr, "\r\x1b[K")
	}
	if err != nil {
		return usageError{err}
	}
	if fl.writeBase != "" {
		if err := config.NewBaseline(res.Findings).Write(fl.writeBase); err != nil {
			return fmt.Errorf("write baseline: %w", err)
		}
	}
	if len(res.Apps) == 0 {
		for _, p := range res.Problems {
			fmt.Fprintf(e.stderr, "%s: %s\n", p.Loc, p.Message)
		}
		return usageError{fmt.Errorf("no serverless application found under %s (%d candidate files examined)", strings.Join(orDot(paths), ", "), res.Files)}
	}
	var shown []finding.Finding
	for _, f := range res.Findings {
		if f.Severity >= minSev {
			shown = append(shown, f)
		}
	}
	if dbNote != "" {
		res.Problems = append(res.Problems, finding.Problem{Message: dbNote})
	}
	in := &report.Input{Root: res.Root, Version: version(), Apps: res.Apps, Findings: shown, Problems: res.Problems, Rules: res.Rules}
	for _, o := range outputs {
		if err := writeReport(e, o, in); err != nil {
			return err
		}
	}
	for _, f := range shown {
		if f.Suppressed == nil && f.Severity >= failOn {
			return errFindings
		}
	}
	return nil
}

type output struct{ format, file string }

func parseFormats(formats []string, defaultFile string) ([]output, error) {
	var out []output
	for _, f := range formats {
		for _, part := range strings.Split(f, ",") {
			name, file, _ := strings.Cut(part, "=")
			if file == "" {
				file = defaultFile
			}
			if !validFormat(name) {
				return nil, usagef("--format: unknown format %q (want one of %s)", name, strings.Join(report.Formats, ", "))
			}
			out = append(out, output{name, file})
		}
	}
	return out, nil
}

func validFormat(name string) bool {
	for _, f := range report.Formats {
		if f == name {
			return true
		}
	}
	return name == "text"
}

func writeReport(e *env, o output, in *report.Input) error {
	var w io.Writer = e.stdout
	color := e.isTerminal
	if o.file != "" && o.file != "-" {
		f, err := os.Create(o.file)
		if err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		defer f.Close()
		w, color = f, false
	}
	c := *in
	c.Color = color && os.Getenv("NO_COLOR") == ""
	if err := report.Write(w, o.format, &c); err != nil {
		return fmt.Errorf("write %s report: %w", o.format, err)
	}
	return nil
}

func parseParams(kvs []string, file string) (map[string]string, error) {
	params := map[string]string{}
	if file != "" {
		fp, err := readParamsFile(file)
		if err != nil {
			return nil, usageError{fmt.Errorf("--params-file: %w", err)}
		}
		for k, v := range fp {
			params[k] = v
		}
	}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usagef("--param %q: want Key=Value", kv)
		}
		params[k] = v
	}
	return params, nil
}

// readParamsFile reads Key=Value lines or the JSON shapes the AWS CLI and
// SAM use ([{"ParameterKey":..,"ParameterValue":..}] or {"Parameters":{..}}).
func readParamsFile(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if m, ok := paramsJSON(data); ok {
		return m, nil
	}
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want Key=Value", path, n)
		}
		out[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return out, nil
}

// openScanDB opens the vulnerability database for a scan and, with
// --online, attaches the package registry. It returns the note to show
// (no database, or a stale one). Nothing here or later in the scan touches
// the network unless --online is given, and --offline refuses --online.
func openScanDB(fl scanFlags, opts *scan.Options) (string, error) {
	if fl.offline && fl.online {
		return "", usageError{fmt.Errorf("--online %w", errOffline)}
	}
	var note string
	db, err := deps.OpenDB(fl.db)
	switch {
	case err == nil:
		note = db.StaleNote(clock(), fl.dbMaxAge)
	case errors.Is(err, deps.ErrNoDB):
		db = nil
		note = "no vulnerability database: dependencies were not checked for known vulnerabilities (run 'slsguard db update', or 'slsguard db import PATH' offline)"
	default:
		return "", fmt.Errorf("vulnerability database: %w", err)
	}
	if fl.online {
		cache, _ := deps.DefaultRegistryCacheDir()
		db = deps.WithRegistry(db, &deps.Registry{BaseURL: fl.npmReg, Client: &http.Client{}, CacheDir: cache, Now: clock})
	}
	if db != nil {
		opts.Vulns = db
	}
	return note, nil
}

func orDot(paths []string) []string {
	if len(paths) == 0 {
		return []string{"."}
	}
	return paths
}
