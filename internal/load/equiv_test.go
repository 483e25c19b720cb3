package load

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/iam"
	"github.com/slsguard/slsguard/internal/model"
)

// summary is the part of a model that must not depend on how the
// application was written: compared field by field, locations aside.
type summary struct {
	Functions map[string]fnSummary
	Routes    []string
	Stores    []string
	// SharedRoles lists, per role used by several functions, those
	// functions.
	SharedRoles []string
}

type fnSummary struct {
	Runtime, Handler string
	Timeout, Memory  int
	Env              []string
	Triggers         []string
	URL              string
	Actions          []string
}

// equivApps are written three times (SAM, serverless.yml, Terraform) from
// the same description in testdata/equiv.
var equivApps = []string{"orders", "thumbnails", "reports"}

func TestEquivalentFormats(t *testing.T) {
	for _, app := range equivApps {
		var base summary
		for i, file := range []string{"template.yaml", "serverless.yml", "main.tf"} {
			path := filepath.Join("testdata", "equiv", app, file)
			res, err := Load([]string{path}, Options{})
			if err != nil {
				t.Fatalf("load %s: %v", path, err)
			}
			for _, p := range res.Problems {
				t.Errorf("%s: problem %v", path, p)
			}
			if len(res.Apps) != 1 {
				t.Fatalf("%s: %d applications, want 1", path, len(res.Apps))
			}
			got := summarize(res.Apps[0])
			if i == 0 {
				base = got
				continue
			}
			if diff := cmp.Diff(base, got); diff != "" {
				t.Errorf("%s: model differs from template.yaml (-sam +%s):\n%s", app, file, diff)
			}
		}
	}
}

func summarize(app *model.App) summary {
	s := summary{Functions: map[string]fnSummary{}}
	roles := map[*model.Role][]string{}
	for _, f := range app.Functions {
		fs := fnSummary{Runtime: f.Runtime.V, Handler: f.Handler.V, Timeout: f.Timeout.V, Memory: f.Memory.V}
		for _, e := range f.Env {
			fs.Env = append(fs.Env, e.Name.V+"="+envValue(e.Value))
		}
		for _, t := range f.Triggers {
			fs.Triggers = append(fs.Triggers, string(t.Kind))
		}
		if f.URL != nil {
			fs.URL = f.URL.AuthType.V
			for _, o := range f.URL.CORSOrigins {
				fs.URL += " " + o.V
			}
		}
		if f.Role != nil {
			roles[f.Role] = append(roles[f.Role], f.ID)
			// Effective actions, whichever way they were granted (a
			// managed policy, a plugin's statements, SAM's poller policy).
			rp := iam.ForRole(f.Role, nil)
			for _, g := range iam.Effective(rp.Identity, rp.Boundary) {
				if a := g.Action.String(); !strings.HasPrefix(a, "logs:") && g.Action.Service != "xray" {
					fs.Actions = append(fs.Actions, a)
				}
			}
		}
		for _, l := range [][]string{fs.Env, fs.Triggers, fs.Actions} {
			sort.Strings(l)
		}
		fs.Actions = dedupe(fs.Actions)
		s.Functions[f.ID] = fs
	}
	for _, a := range app.APIs {
		for _, r := range a.Routes {
			s.Routes = append(s.Routes, fmt.Sprintf("%s %s %s->%s", r.Method.V, r.Path.V, r.Auth.V, r.FunctionID))
		}
	}
	for _, st := range app.Stores {
		if st.Kind != model.StoreLogGroup {
			s.Stores = append(s.Stores, string(st.Kind))
		}
	}
	for _, fs := range roles {
		if len(fs) > 1 {
			sort.Strings(fs)
			s.SharedRoles = append(s.SharedRoles, strings.Join(fs, ","))
		}
	}
	sort.Strings(s.Routes)
	sort.Strings(s.Stores)
	return s
}

// envValue normalises a value that refers to a resource: each format
// names the resource its own way, so only the fact of the reference stays.
func envValue(v model.String) string {
	if v.Origin == model.Unresolved {
		return "<reference>"
	}
	return v.V
}

func dedupe(l []string) []string {
	var out []string
	for i, x := range l {
		if i == 0 || x != l[i-1] {
			out = append(out, x)
		}
	}
	return out
}
