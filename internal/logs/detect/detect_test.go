package detect

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/cloudtrail"
)

func TestBaseName(t *testing.T) {
	for in, want := range map[string]string{
		"UpdateFunctionCode20150331v2":  "UpdateFunctionCode",
		"AddPermission20150331v2":       "AddPermission",
		"PublishLayerVersion20181031":   "PublishLayerVersion",
		"ListFunctions20150331":         "ListFunctions",
		"UpdateFunctionUrlConfig":       "UpdateFunctionUrlConfig",
		"GetObject":                     "GetObject",
		"Ec2v2":                         "Ec2v2",
		"20150331":                      "20150331",
		"CreateFunction20150331v12":     "CreateFunction",
		"DescribeDBInstances":           "DescribeDBInstances",
		"AttachRolePolicy":              "AttachRolePolicy",
		"X123456789":                    "X123456789",
		"UpdateFunctionCode20150331vv2": "UpdateFunctionCode20150331vv2",
	} {
		if got := BaseName(in); got != want {
			t.Errorf("BaseName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCatalog checks what every detection must carry.
func TestCatalog(t *testing.T) {
	id := regexp.MustCompile(`^LOG[0-9]{3}$`)
	seen := map[string]bool{}
	for _, d := range All() {
		if !id.MatchString(d.ID) || seen[d.ID] {
			t.Errorf("%q: ID malformed or repeated", d.ID)
		}
		seen[d.ID] = true
		if d.Title == "" || len(d.Rationale) < 80 || len(d.Remediation) < 40 || len(d.References) == 0 || d.New == nil {
			t.Errorf("%s: title, rationale, remediation, references and New are all required", d.ID)
		}
		for _, n := range d.Events {
			if BaseName(n) != n {
				t.Errorf("%s: event %q carries a version suffix; list base names", d.ID, n)
			}
		}
	}
}

type got struct {
	ID    string
	Sev   finding.Severity
	Index []int // records cited as evidence
}

func run(t *testing.T, file string, cfg Config) []got {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e := New(cfg, All())
	if _, err := cloudtrail.Read(f, file, cloudtrail.Options{Want: e.Want}, e.Process); err != nil {
		t.Fatal(err)
	}
	var out []got
	for _, a := range e.Alerts() {
		g := got{ID: a.ID, Sev: a.Severity}
		for _, ev := range a.Evidence {
			g.Index = append(g.Index, ev.Index)
		}
		out = append(out, g)
	}
	return out
}

func TestFixtures(t *testing.T) {
	ci := Config{CIPrincipals: []string{"arn:aws:iam::111122223333:role/deployer"}}
	tests := []struct {
		file string
		cfg  Config
		want []got
	}{
		// The foreign layer is flagged even when the pipeline attaches it;
		// the same-account one is not.
		{"LOG002.jsonl", ci, []got{{"LOG002", finding.High, []int{0}}}},
		// Without a CI list, role sessions changing functions are not
		// flagged by LOG001; with a list that does not include them, they are.
		{"LOG002.jsonl", Config{}, []got{{"LOG002", finding.High, []int{0}}}},
		{"LOG002.jsonl", Config{CIPrincipals: []string{"arn:aws:iam::111122223333:role/other"}}, []got{
			{"LOG001", finding.High, []int{0}}, {"LOG002", finding.High, []int{0}}, {"LOG001", finding.High, []int{1}},
		}},
		{"LOG002.jsonl", Config{CIPrincipals: []string{"arn:aws:sts::111122223333:assumed-role/deployer/*"}}, []got{
			{"LOG002", finding.High, []int{0}},
		}},
		// Without a CI list, only IAM users' and root's changes are
		// flagged (at medium), and dangerous IAM changes by anyone.
		{"LOG001.jsonl", Config{}, []got{{"LOG001", finding.Medium, []int{0}}, {"LOG001", finding.Medium, []int{1}}, {"LOG001", finding.Medium, []int{5}}}},
		{"LOG009.jsonl", Config{}, []got{
			{"LOG009", finding.High, []int{0}}, {"LOG009", finding.Medium, []int{2}},
			{"LOG009", finding.High, []int{3}}, {"LOG009", finding.High, []int{5}},
		}},
		// AuthType NONE only, and not when the call failed.
		{"LOG004.jsonl", Config{}, []got{{"LOG004", finding.High, []int{0}}}},
		// The Lambda session seen inside Lambda then from a laptop (once),
		// and the learned custom-runtime session from a Mac; the forwarded
		// service call is not flagged.
		{"LOG005.jsonl", Config{}, []got{
			{"LOG005", finding.Critical, []int{1, 3}}, {"LOG005", finding.Critical, []int{5}},
		}},
		// Twelve distinct denied calls; the application repeating one
		// denied call is not enumeration.
		{"LOG006.jsonl", Config{}, []got{{"LOG006", finding.Medium, []int{0, 9}}}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, run(t, tc.file, tc.cfg)); diff != "" {
			t.Errorf("%s with %+v (-want +got):\n%s", tc.file, tc.cfg, diff)
		}
	}
}

// TestMarkedFixtures runs the catalog over testdata/<ID>.jsonl, where each
// record that must raise alerts lists their IDs in a "_want" field, with
// the deployer role as the CI/CD principal.
func TestMarkedFixtures(t *testing.T) {
	cfg := Config{CIPrincipals: []string{"arn:aws:iam::111122223333:role/deployer"}}
	for _, d := range All() {
		name := d.ID + ".jsonl"
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Errorf("%s: no fixture: %v", d.ID, err)
			continue
		}
		var want []string
		bad, good := 0, 0
		for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var r struct {
				Want []string `json:"_want"`
			}
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("%s:%d: %v", name, i+1, err)
			}
			for _, id := range r.Want {
				want = append(want, fmt.Sprintf("%s@%d", id, i))
			}
			if slices.Contains(r.Want, d.ID) {
				bad++
			} else {
				good++
			}
		}
		if bad == 0 || good == 0 {
			t.Errorf("%s: fixture needs records that raise it and records that do not (%d, %d)", name, bad, good)
		}
		var got []string
		for _, a := range run(t, name, cfg) {
			got = append(got, fmt.Sprintf("%s@%d", a.ID, a.Index[len(a.Index)-1]))
		}
		slices.Sort(want)
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: alerts ID@record (-want +got):\n%s", name, diff)
		}
	}
}
