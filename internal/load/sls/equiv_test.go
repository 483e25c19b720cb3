package sls

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/load/cfn"
	"github.com/slsguard/slsguard/internal/model"
)

// equivalent reduces an app to what the same application must look like
// whatever its format: functions with their settings, trigger kinds, the
// actions and managed policies their roles grant (without the logging and
// queue-polling permissions every format adds its own way), URLs and
// routes, and how many roles there are.
func equivalent(app *model.App) []string {
	var out []string
	roles := map[*model.Role]bool{}
	for _, f := range app.Functions {
		// Defaults differ by design (Lambda's 128 MB and 3 s, the
		// framework's 1024 MB and 6 s): only given values are compared.
		out = append(out, fmt.Sprintf("fn %s runtime=%s handler=%s memory=%s timeout=%s", f.ID, f.Runtime.V, f.Handler.V, given(f.Memory), given(f.Timeout)))
		for _, e := range f.Env {
			out = append(out, fmt.Sprintf("fn %s env %s=%s", f.ID, e.Name.V, e.Value.Text()))
		}
		for _, t := range f.Triggers {
			out = append(out, fmt.Sprintf("fn %s trigger %s", f.ID, t.Kind))
		}
		if f.URL != nil {
			var origins []string
			for _, o := range f.URL.CORSOrigins {
				origins = append(origins, o.V)
			}
			out = append(out, fmt.Sprintf("fn %s url auth=%s cors=%s", f.ID, f.URL.AuthType.V, strings.Join(origins, ",")))
		}
		if f.Role == nil {
			continue
		}
		roles[f.Role] = true
		for _, st := range f.Role.Statements {
			for _, a := range st.Action {
				if strings.HasPrefix(a.V, "logs:") || strings.HasPrefix(a.V, "sqs:") {
					continue
				}
				out = append(out, fmt.Sprintf("fn %s allows %s on %s", f.ID, a.V, joinStrings(st.Resource)))
			}
		}
		for _, m := range f.Role.ManagedPolicies {
			name := managedName(m.V)
			if name == "AWSLambdaBasicExecutionRole" || name == "AWSLambdaSQSQueueExecutionRole" {
				continue
			}
			out = append(out, fmt.Sprintf("fn %s managed %s", f.ID, name))
		}
	}
	for _, a := range app.APIs {
		for _, r := range a.Routes {
			out = append(out, fmt.Sprintf("route %s %s %s auth=%s", r.Method.V, r.Path.V, r.FunctionID, r.Auth.V))
		}
	}
	out = append(out, fmt.Sprintf("%d roles for %d functions", len(roles), len(app.Functions)))
	sort.Strings(out)
	return out
}

func given(v model.Int) string {
	if !v.Set() {
		return "default"
	}
	return fmt.Sprint(v.V)
}

func joinStrings(vs []model.String) string {
	var s []string
	for _, v := range vs {
		s = append(s, v.Text())
	}
	return strings.Join(s, ",")
}

// TestEquivalence loads the same three applications written as SAM
// templates and as serverless.yml and expects the same model.
func TestEquivalence(t *testing.T) {
	for _, name := range []string{"orders", "thumbnails", "reports"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("..", "testdata", "equiv", name)
			slsData, err := os.ReadFile(filepath.Join(dir, "serverless.yml"))
			if err != nil {
				t.Fatal(err)
			}
			samData, err := os.ReadFile(filepath.Join(dir, "template.yaml"))
			if err != nil {
				t.Skipf("no SAM version to compare with: %v", err)
			}
			app, problems, err := Load("serverless.yml", slsData, Options{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("problem: %v", p)
			}
			sam, _, err := cfn.Load("template.yaml", samData, cfn.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(equivalent(sam), equivalent(app)); diff != "" {
				t.Errorf("%s: serverless.yml and template.yaml differ (-sam +serverless):\n%s", name, diff)
			}
		})
	}
}
