package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/slsguard/slsguard/internal/iam"
	"github.com/slsguard/slsguard/internal/load"
	"github.com/slsguard/slsguard/internal/model"
	"github.com/slsguard/slsguard/internal/policy"
	"github.com/slsguard/slsguard/internal/rule"
)

type policyOptions struct {
	function string
	format   string
	explain  string
	trail    string
	only     bool
}

func newPolicyCmd(e *env) *cobra.Command {
	var o policyOptions
	cmd := &cobra.Command{
		Use:   "policy [PATH]",
		Short: "Write each function's least-privilege policy from what its code calls",
		Long: "policy reads each function's code for AWS SDK calls, ties their resources to the template's\n" +
			"resources, and prints the least-privilege policy (with what Lambda itself needs) ready to paste.\n" +
			"--explain FUNCTION prints the function's effective permissions and where each comes from.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.explain == "" {
				ok := false
				for _, f := range policy.Formats {
					ok = ok || f == o.format
				}
				if !ok {
					return usagef("--format %q: want json, sam, serverless or terraform", o.format)
				}
			}
			if len(args) == 0 {
				args = []string{"."}
			}
			return runPolicy(e, o, args[0])
		},
	}
	cmd.Flags().StringVar(&o.function, "function", "", "only this function (logical ID or name)")
	cmd.Flags().StringVar(&o.format, "format", "json", "output format: json, sam, serverless or terraform")
	cmd.Flags().StringVar(&o.explain, "explain", "", "print FUNCTION's effective permissions with their sources")
	cmd.Flags().StringVar(&o.trail, "cloudtrail", "", "CloudTrail file or directory: add the actions each function's role session used")
	cmd.Flags().BoolVar(&o.only, "cloudtrail-only", false, "with --cloudtrail, ignore the code and use only what CloudTrail shows")
	return cmd
}

func runPolicy(e *env, o policyOptions, path string) error {
	res, err := load.Load([]string{path}, load.Options{})
	if err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(e.stderr, "slsguard: %s: %s\n", p.Loc, p.Message)
	}
	var activity map[policy.Session]*policy.Activity
	if o.trail != "" {
		activity, err = readTrail(o.trail)
		if err != nil {
			return err
		}
	} else if o.only {
		return usagef("--cloudtrail-only needs --cloudtrail")
	}
	want := o.function
	if o.explain != "" {
		want = o.explain
	}
	var as []*policy.Analysis
	apps := map[*policy.Analysis]*model.App{}
	for _, app := range res.Apps {
		pass := rule.NewPass(&rule.Rule{}, app, rule.Options{Root: res.Root})
		for _, f := range app.Functions {
			if want != "" && f.ID != want && f.Name.V != want {
				continue
			}
			dir, _, _ := pass.CodeDir(f)
			var a *policy.Analysis
			if activity != nil {
				a = policy.AnalyzeObserved(app, f, dir, policy.FunctionActivity(f, activity), !o.only)
			} else {
				a = policy.Analyze(app, f, dir)
			}
			as = append(as, a)
			apps[a] = app
		}
	}
	if want != "" && len(as) == 0 {
		return usagef("no function %q under %s", want, path)
	}
	if o.explain != "" {
		for _, a := range as {
			explain(e, apps[a], a)
		}
		return nil
	}
	return policy.Render(e.stdout, o.format, as)
}

// explain prints a function's effective permissions with their sources,
// and what its code uses of them.
func explain(e *env, app *model.App, a *policy.Analysis) {
	fmt.Fprintf(e.stdout, "%s (role %s, code %s)\n", a.Name, a.Role, a.Status)
	unused := map[string]bool{}
	for _, act := range a.UnusedActionNames() {
		unused[act] = true
	}
	compared := map[string]bool{}
	for _, g := range a.Grants {
		compared[g.String()] = true
	}
	type line struct{ grant, src, state string }
	var lines []line
	var all []iam.Grant
	if r := a.Function.Role; r != nil {
		all = policy.EffectiveGrants(app, r)
	}
	for _, g := range all {
		src := ""
		for _, s := range g.Sources {
			src = s.Source
			if s.Loc.Line > 0 {
				src += " at " + locString(s.Loc)
				break
			}
		}
		state := "used"
		switch {
		case !compared[g.String()]:
			state = "runtime"
		case unused[g.Action.String()]:
			state = "unused"
		}
		lines = append(lines, line{policy.Display(g.String()), src, state})
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i].grant < lines[j].grant })
	for _, l := range lines {
		fmt.Fprintf(e.stdout, "  %-7s %s\n          from %s\n", l.state, l.grant, l.src)
	}
	for _, m := range a.Missing {
		fmt.Fprintf(e.stdout, "  MISSING %s on %s (%s)\n", m.Action, policy.Display(m.Resource), strings.Join(m.Why, ", "))
	}
	if a.Granted > 0 {
		fmt.Fprintf(e.stdout, "  %d of %d granted actions unused (%.0f%%), not counting the runtime's\n", a.UnusedActions, a.Granted, 100*a.OverPermission)
	}
	for _, p := range a.Partial {
		fmt.Fprintf(e.stdout, "  incomplete: %s\n", p)
	}
}

func locString(l model.Location) string { return l.String() }

// readTrail reads a CloudTrail file, or every .json, .json.gz and .ndjson
// file under a directory.
func readTrail(path string) (map[policy.Session]*policy.Activity, error) {
	var files []string
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		n := strings.ToLower(d.Name())
		if !d.IsDir() && (p == path || strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".json.gz") || strings.HasSuffix(n, ".ndjson")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cloudtrail %s: %w", path, err)
	}
	out := map[policy.Session]*policy.Activity{}
	for _, file := range files {
		fh, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("cloudtrail %s: %w", file, err)
		}
		act, err := policy.ReadActivity(fh, file)
		fh.Close()
		if err != nil {
			return nil, err
		}
		for s, a := range act {
			if prev := out[s]; prev != nil {
				a.Needs = append(a.Needs, prev.Needs...)
				a.Denied = append(a.Denied, prev.Denied...)
			}
			out[s] = a
		}
	}
	return out, nil
}
